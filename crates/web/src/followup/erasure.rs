//! Asking for erasure on the follow-up page (`POST /{lang}/followup/erasure` with the
//! session's CSRF token, `POST /api/v1/followup/erasure`): what it means and when the law
//! keeps a report, the request, and the answer staff gave.

use crate::base::auth::csrf_ok;
use crate::base::auth::ApiSurvivor;
use crate::base::auth::PageSurvivor;
use crate::base::error::ApiError;
use crate::base::error::PageError;
use crate::base::extract::ApiLang;
use crate::base::extract::PageForm;
use crate::base::extract::PageLang;
use crate::base::layout::lines;
use crate::parts::format::date;
use crate::parts::i18n::{label, Lang};
use crate::service::case::Fail;
use crate::service::child_control::{erasure_state, request_erasure, ErasureState};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Json;
use maud::{html, Markup};
use serde::Serialize;
use std::collections::BTreeMap;

/// The answer in the child's words.
pub(crate) fn answer_text(lang: Lang, s: &ErasureState) -> String {
    match s.row.status.as_str() {
        "accepted" => lang
            .t_args("child-erasure-accepted", &[("date", date(s.row.decided_at.unwrap_or(s.row.requested_at)).into())]),
        "refused" => lang.t_args(
            "child-erasure-refused",
            &[("reason", label(lang, "child-erasure-reason", s.row.reason.as_deref().unwrap_or("protection")).into())],
        ),
        _ => lang.t_args("child-erasure-pending", &[("date", date(s.row.requested_at).into())]),
    }
}

/// The section of the follow-up page; `erased`: the report is erased already.
pub fn section(lang: Lang, state: Option<&ErasureState>, csrf: &str, erased: bool) -> Markup {
    let pending = state.is_some_and(|s| s.row.status == "pending");
    html! {
        section class="card" id="erasure" {
            h2 { (lang.t("child-erasure-title")) }
            @if let Some(s) = state {
                p role="status" data-erasure=(s.row.status) { strong { (answer_text(lang, s)) } }
                @if let Some(t) = &s.text { p class="erasure-words" { (t) } }
            }
            @if !erased {
                (lines(&lang.t("child-erasure-means")))
                @if !pending {
                    form method="post" action={ "/" (lang.code()) "/followup/erasure" } {
                        input type="hidden" name="csrf" value=(csrf);
                        button type="submit" data-ask-erasure { (lang.t("child-erasure-ask")) }
                    }
                }
            }
        }
    }
}

/// `POST /{lang}/followup/erasure` (csrf).
pub(crate) async fn erasure_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageSurvivor(survivor): PageSurvivor,
    PageForm(form): PageForm<BTreeMap<String, String>>,
) -> Result<Response, PageError> {
    let l = lang.code();
    let Some(s) = survivor else { return Ok(Redirect::to(&format!("/{l}/followup")).into_response()) };
    if !csrf_ok(&app, &s.token, form.get("csrf").map(String::as_str)) {
        return Err(PageError::new(StatusCode::FORBIDDEN, lang, "csrf"));
    }
    match request_erasure(&app, &s.report_id).await {
        Ok(()) | Err(Fail::Conflict(_)) => Ok(Redirect::to(&format!("/{l}/followup#erasure")).into_response()),
        Err(f) => Err(f.page(lang)),
    }
}

/// The child's request for erasure as the API shows it.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ChildErasureView {
    /// `pending`, `accepted` or `refused`.
    status: String,
    requested_at: i64,
    decided_at: Option<i64>,
    /// The reason code of a refusal: `investigation`, `legal-duty`, `court` or `protection`.
    reason: Option<String>,
    /// The answer in plain words.
    text: String,
    /// Words staff added to the answer.
    words: Option<String>,
}

async fn view(app: &AppState, lang: Lang, report_id: &str) -> Result<Option<ChildErasureView>, ApiError> {
    let report = app.store.report(report_id).await.map_err(|e| ApiError::internal(lang, e))?;
    let report = report.ok_or(ApiError::not_found(lang))?;
    let state = erasure_state(app, &report).await.map_err(|f| f.api(lang))?;
    Ok(state.map(|s| ChildErasureView {
        text: answer_text(lang, &s),
        status: s.row.status,
        requested_at: s.row.requested_at,
        decided_at: s.row.decided_at,
        reason: s.row.reason,
        words: s.text,
    }))
}

/// The latest request for erasure and its answer (`null` when none was made).
#[utoipa::path(get, path = "/api/v1/followup/erasure", tag = "follow-up", operation_id = "child_erasure_state",
    responses((status = 200, body = Option<ChildErasureView>), (status = 401)), security(("bearer" = [])))]
pub async fn state_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiSurvivor(s): ApiSurvivor,
) -> Result<Json<Option<ChildErasureView>>, ApiError> {
    Ok(Json(view(&app, lang, &s.report_id).await?))
}

/// Ask for this report to be erased. Staff who hold the case decide within the legal
/// exceptions (an investigation under way, a legal duty to keep it); 409 while a request
/// waits.
#[utoipa::path(post, path = "/api/v1/followup/erasure", tag = "follow-up", operation_id = "child_erasure_request",
    responses((status = 201, body = ChildErasureView), (status = 401), (status = 409), (status = 410)),
    security(("bearer" = [])))]
pub async fn request_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiSurvivor(s): ApiSurvivor,
) -> Result<(StatusCode, Json<ChildErasureView>), ApiError> {
    request_erasure(&app, &s.report_id).await.map_err(|f| f.api(lang))?;
    let v = view(&app, lang, &s.report_id).await?.ok_or(ApiError::not_found(lang))?;
    Ok((StatusCode::CREATED, Json(v)))
}
