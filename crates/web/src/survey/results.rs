//! Survey results as pages and CSV (staff).

use crate::base::auth::PageStaff;
use crate::base::chrome::logout_form;
use crate::base::error::PageError;
use crate::base::extract::PageLang;
use crate::base::layout::paragraphs;
use crate::base::layout::staff_page;
use crate::parts::i18n::Lang;
use crate::service::survey::compute;
use crate::service::survey::count_text;
use crate::service::survey::figure_text;
use crate::service::survey::mean_text;
use crate::survey::common::kind_label;
use crate::survey::common::may;
use crate::survey::common::require;
use crate::survey::common::status_label;
use crate::survey::edit::field_label;
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use maud::{html, Markup};
use serde::Deserialize;
use zeri_domain::permission::Action;
use zeri_domain::survey::{self, Figure, QuestionKind, QuestionResult};

// ----- results -----

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ResultsQuery {
    /// Suppression threshold: only raises the survey's own (at least 5).
    pub(crate) threshold: Option<u64>,
}

pub(crate) async fn results_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Path(id): Path<String>,
    Query(q): Query<ResultsQuery>,
) -> Result<Html<String>, PageError> {
    require(lang, &s, Action::ViewSurveyResults)?;
    let admin = may(&s, Action::ManageSurveys);
    let c = compute(&app, &id, q.threshold, admin)
        .await
        .map_err(|e| PageError::internal(lang, e))?
        .ok_or_else(|| PageError::not_found(lang))?;
    let l = lang.code();
    let t = c.results.threshold;
    let title = c.sv.def.title.get(l).to_owned();
    let base = format!("/{l}/staff/surveys/{id}");
    let csv = match q.threshold {
        Some(th) => format!("{base}/results.csv?threshold={th}"),
        None => format!("{base}/results.csv"),
    };
    Ok(staff_page(
        lang,
        &title,
        html! {
            (logout_form(&app, lang, &s))
            p { a href={ "/" (l) "/staff/surveys" } { "← " (lang.t("survey-admin-title")) } }
            h1 { (lang.t("survey-results")) ": " (title) }
            p class="lead" {
                (lang.t_args("survey-responses-count", &[("count", (c.results.respondents as i64).into())]))
                " · " (status_label(lang, c.sv.row.status))
            }
            p { (lang.t_args("survey-results-hint", &[("threshold", (t as i64).into())])) }
            div class="actions" {
                a class="button" href=(csv) download { (lang.t("survey-download-csv")) }
                @if admin { a class="button" href=(base) { (lang.t("survey-back-to-survey")) } }
            }
            form method="get" action={ (base) "/results" } {
                label for="threshold" { (field_label(lang, "threshold")) small { (lang.t("survey-threshold-raise")) } }
                input type="number" id="threshold" name="threshold" min=(c.sv.def.threshold) max=(survey::limits::MAX_THRESHOLD) value=(t);
                p { button type="submit" { (lang.t("survey-apply")) } }
            }
            @for (i, (question, r)) in c.sv.def.questions.iter().zip(&c.results.questions).enumerate() {
                section class="card" id={ "result-" (question.id) } {
                    h2 { (i + 1) ". " (question.prompt.get(l)) }
                    p class="small" { (kind_label(lang, question.kind)) }
                    (result_body(lang, question, r, t, admin, c.texts.get(&question.id)))
                }
            }
        },
    ))
}

fn result_body(
    lang: Lang,
    question: &zeri_domain::survey::Question,
    r: &QuestionResult,
    threshold: u64,
    admin: bool,
    texts: Option<&Vec<String>>,
) -> Markup {
    let l = lang.code();
    let Some(n) = r.n else {
        return html! { p { (lang.t_args("survey-too-few", &[("threshold", (threshold as i64).into())])) } };
    };
    html! {
        @if question.kind == QuestionKind::Text {
            p { (lang.t_args("survey-text-count", &[("count", (n as i64).into())])) }
            @if !admin {
                p class="hint" { (lang.t("survey-text-admins-only")) }
            } @else if let Some(texts) = texts {
                ul class="cards" { @for t in texts { li { (paragraphs(t)) } } }
            } @else {
                p class="hint" { (lang.t_args("survey-text-too-few", &[("threshold", (threshold as i64).into())])) }
            }
        } @else {
            table {
                caption { (lang.t_args("survey-n", &[("n", (n as i64).into())])) }
                thead { tr {
                    th scope="col" { (lang.t("survey-col-option")) }
                    th scope="col" { (lang.t("survey-col-count")) }
                    th scope="col" { (lang.t("survey-col-share")) }
                } }
                tbody { @for (o, f) in question.options.iter().zip(&r.options) {
                    tr {
                        th scope="row" {
                            @if question.kind == QuestionKind::Rating { (o.id) " – " }
                            (o.label.get(l))
                        }
                        td { (count_text(f.figure, threshold)) }
                        td {
                            (figure_text(f.figure, n, threshold))
                            @if let Figure::Shown { percent, .. } = f.figure {
                                " " meter min="0" max="100" value=(percent) aria-hidden="true" {}
                            }
                        }
                    }
                } }
            }
            @if question.kind == QuestionKind::Multiple { p class="hint" { (lang.t("survey-multiple-note")) } }
            @if let Some(m) = r.mean_tenths { p { (lang.t_args("survey-mean", &[("mean", mean_text(lang, m).into()), ("n", (n as i64).into())])) } }
            @if r.options.iter().any(|o| !matches!(o.figure, Figure::Shown { .. })) {
                p class="hint" { (lang.t_args("survey-suppressed-note", &[("threshold", (threshold as i64).into())])) }
            }
        }
    }
}

pub(crate) async fn results_csv(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Path(id): Path<String>,
    Query(q): Query<ResultsQuery>,
) -> Result<Response, PageError> {
    require(lang, &s, Action::ViewSurveyResults)?;
    // Never the free text: it is not even opened.
    let c = compute(&app, &id, q.threshold, false)
        .await
        .map_err(|e| PageError::internal(lang, e))?
        .ok_or_else(|| PageError::not_found(lang))?;
    let l = lang.code();
    let t = c.results.threshold;
    let mut w = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| PageError::internal(lang, e);
    w.write_record(["question", "question_text", "kind", "n", "option", "option_text", "count", "percent"])
        .map_err(fail)?;
    for (question, r) in c.sv.def.questions.iter().zip(&c.results.questions) {
        let n = r.n.map_or(format!("<{t}"), |n| n.to_string());
        let kind = question.kind.as_str();
        let prompt = question.prompt.get(l);
        if r.options.is_empty() {
            w.write_record([question.id.as_str(), prompt, kind, &n, "", "", "", ""]).map_err(fail)?;
        }
        for (o, f) in question.options.iter().zip(&r.options) {
            let percent = match f.figure {
                Figure::Shown { percent, .. } => percent.to_string(),
                _ => String::new(),
            };
            let count = count_text(f.figure, t);
            w.write_record([question.id.as_str(), prompt, kind, &n, &o.id, o.label.get(l), &count, &percent])
                .map_err(fail)?;
        }
    }
    let bytes = w.into_inner().map_err(|e| PageError::internal(lang, e.to_string()))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"survey-{id}-results.csv\"")),
        ],
        bytes,
    )
        .into_response())
}
