//! The survey API.

use crate::base::auth::ApiStaff;
use crate::base::error::ApiError;
use crate::base::extract::ApiLang;
use crate::service::survey::compute;
use crate::service::survey::figure_text;
use crate::service::survey::parse;
use crate::survey::common::may;
use crate::survey::results::ResultsQuery;
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Serialize;
use std::collections::BTreeMap;
use zeri_domain::permission::Action;
use zeri_domain::survey::Figure;

// ----- API -----

#[derive(Serialize, utoipa::ToSchema)]
pub struct SurveySummary {
    id: String,
    /// In the caller's language.
    title: String,
    /// `draft`, `open` or `closed`.
    status: String,
    responses: i64,
    created_at: i64,
}

/// The surveys, newest first. Administrators and statisticians.
#[utoipa::path(get, path = "/api/v1/surveys", tag = "surveys", operation_id = "list_surveys",
    responses((status = 200, body = [SurveySummary]), (status = 401), (status = 403)), security(("bearer" = [])))]
pub async fn list_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
) -> Result<Json<Vec<SurveySummary>>, ApiError> {
    if !may(&s, Action::ViewSurveyResults) {
        return Err(ApiError::new(StatusCode::FORBIDDEN, "forbidden", lang));
    }
    let rows = app.store.surveys().await.map_err(|e| ApiError::internal(lang, e))?;
    let counts: BTreeMap<String, i64> =
        app.store.survey_response_counts().await.map_err(|e| ApiError::internal(lang, e))?.into_iter().collect();
    let list = rows
        .into_iter()
        .filter_map(|r| parse(r).ok())
        .map(|sv| SurveySummary {
            title: sv.def.title.get(lang.code()).to_owned(),
            status: sv.row.status.as_str().to_owned(),
            responses: counts.get(&sv.row.id).copied().unwrap_or(0),
            created_at: sv.row.created_at,
            id: sv.row.id,
        })
        .collect();
    Ok(Json(list))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct OptionFigures {
    id: String,
    label: String,
    /// The count, or null when hidden.
    count: Option<u64>,
    /// Whole percent of n (rounded half up), or null when hidden.
    percent: Option<u64>,
    /// Why it is hidden: `below_threshold` ("<5") or `protected` (hidden so that a small
    /// count cannot be worked out from n and the others, "–"); null when shown.
    suppressed: Option<&'static str>,
    /// As shown on the page: "56%, n=28", "<5" or "–".
    text: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct QuestionFigures {
    id: String,
    /// `single`, `multiple`, `rating` or `text`.
    kind: String,
    prompt: String,
    /// Respondents who answered this question; null when fewer than the threshold (and then
    /// nothing else about it is given).
    n: Option<u64>,
    /// Every option (none for free text, whose answers are never given here).
    options: Vec<OptionFigures>,
    /// Rating: the mean, only when no count is hidden.
    mean: Option<f64>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct SurveyResultsBody {
    id: String,
    title: String,
    status: String,
    respondents: u64,
    threshold: u64,
    questions: Vec<QuestionFigures>,
}

/// A survey's results: for each question n (who answered it) and every option's count and
/// percentage, counts below the threshold (at least 5) hidden with complementary
/// suppression. Never free text. Administrators and statisticians.
#[utoipa::path(get, path = "/api/v1/surveys/{id}/results", tag = "surveys",
    params(("id" = String, Path), ResultsQuery),
    responses((status = 200, body = SurveyResultsBody), (status = 401), (status = 403), (status = 404)),
    security(("bearer" = [])))]
pub async fn results_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
    Path(id): Path<String>,
    Query(q): Query<ResultsQuery>,
) -> Result<Json<SurveyResultsBody>, ApiError> {
    if !may(&s, Action::ViewSurveyResults) {
        return Err(ApiError::new(StatusCode::FORBIDDEN, "forbidden", lang));
    }
    let c = compute(&app, &id, q.threshold, false)
        .await
        .map_err(|e| ApiError::internal(lang, e))?
        .ok_or_else(|| ApiError::not_found(lang))?;
    let l = lang.code();
    let t = c.results.threshold;
    let questions =
        c.sv.def
            .questions
            .iter()
            .zip(&c.results.questions)
            .map(|(question, r)| QuestionFigures {
                id: question.id.clone(),
                kind: question.kind.as_str().to_owned(),
                prompt: question.prompt.get(l).to_owned(),
                n: r.n,
                options: question
                    .options
                    .iter()
                    .zip(&r.options)
                    .map(|(o, f)| {
                        let (count, percent, suppressed) = match f.figure {
                            Figure::Shown { count, percent } => (Some(count), Some(percent), None),
                            Figure::BelowThreshold => (None, None, Some("below_threshold")),
                            Figure::Protected => (None, None, Some("protected")),
                        };
                        OptionFigures {
                            id: o.id.clone(),
                            label: o.label.get(l).to_owned(),
                            count,
                            percent,
                            suppressed,
                            text: figure_text(f.figure, r.n.unwrap_or(0), t),
                        }
                    })
                    .collect(),
                mean: r.mean_tenths.map(|m| m as f64 / 10.0),
            })
            .collect();
    Ok(Json(SurveyResultsBody {
        title: c.sv.def.title.get(l).to_owned(),
        status: c.sv.row.status.as_str().to_owned(),
        respondents: c.results.respondents,
        threshold: t,
        questions,
        id,
    }))
}
