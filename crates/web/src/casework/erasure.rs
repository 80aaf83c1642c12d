//! The child's request for erasure on the case page (`POST /{lang}/staff/reports/{id}/erasure`,
//! `POST /api/v1/cases/{id}/erasure`): those who hold the case accept (the case is erased at
//! once, through the retention path) or refuse with a reason from the list and optional
//! words (sealed), which the child reads. The rule is `service::child_control`.

use crate::base::auth::require_csrf;
use crate::base::auth::ApiStaff;
use crate::base::auth::PageStaff;
use crate::base::error::ApiError;
use crate::base::error::PageError;
use crate::base::extract::ApiLang;
use crate::base::extract::JsonFields;
use crate::base::extract::JsonObject;
use crate::base::extract::PageForm;
use crate::base::extract::PageLang;
use crate::base::layout::lines;
use crate::parts::format::date;
use crate::parts::i18n::{label, Lang};
use crate::service::child_control::{answer_erasure, ERASURE_REFUSALS};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use std::collections::BTreeMap;
use zeri_storage::ErasureRequestRow;

/// The section of the case page while a request waits.
pub fn section(lang: Lang, base: &str, csrf: &str, pending: &ErasureRequestRow) -> Markup {
    html! {
        section class="card" id="erasure" {
            h2 { (lang.t("child-erasure-staff-title")) }
            p role="status" { (lang.t_args("child-erasure-staff-asked", &[("date", date(pending.requested_at).into())])) }
            (lines(&lang.t("child-erasure-staff-hint")))
            form method="post" action={ (base) "/erasure" } class="inline" {
                input type="hidden" name="csrf" value=(csrf);
                input type="hidden" name="decision" value="accept";
                button type="submit" data-erasure-accept { (lang.t("child-erasure-staff-accept")) }
            }
            form method="post" action={ (base) "/erasure" } {
                input type="hidden" name="csrf" value=(csrf);
                input type="hidden" name="decision" value="refuse";
                label for="erasure-reason" { (lang.t("child-erasure-staff-reason")) }
                select id="erasure-reason" name="reason" required {
                    @for r in ERASURE_REFUSALS { option value=(r) { (label(lang, "child-erasure-reason", r)) } }
                }
                label for="erasure-text" { (lang.t("child-erasure-staff-words")) small { (lang.t("child-erasure-staff-words-hint")) } }
                textarea id="erasure-text" name="text" maxlength="1000" {}
                p { button type="submit" data-erasure-refuse { (lang.t("child-erasure-staff-refuse")) } }
            }
        }
    }
}

/// `POST /{lang}/staff/reports/{id}/erasure` (csrf, decision, reason, text).
pub(crate) async fn erasure_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Path(id): Path<String>,
    PageForm(form): PageForm<BTreeMap<String, String>>,
) -> Result<Response, PageError> {
    require_csrf(&app, lang, &s, form.get("csrf").map(String::as_str))?;
    let get = |k: &str| form.get(k).map(String::as_str);
    answer_erasure(&app, &s.user, &id, get("decision"), get("reason"), get("text")).await.map_err(|f| f.page(lang))?;
    if get("decision") == Some("accept") {
        return Ok(Redirect::to(&format!("/{}/staff", lang.code())).into_response());
    }
    Ok(Redirect::to(&format!("/{}/staff/reports/{id}", lang.code())).into_response())
}

/// Answer the child's request for erasure: `{"decision": "accept"}` erases the case at once;
/// `{"decision": "refuse", "reason": "investigation"|"legal-duty"|"court"|"protection",
/// "text"?}` keeps it and tells the child why.
#[utoipa::path(post, path = "/api/v1/cases/{id}/erasure", tag = "cases", operation_id = "child_erasure_answer", params(("id" = String, Path)),
    request_body(content = ChildErasureAnswerBody, content_type = "application/json"),
    responses((status = 204), (status = 401), (status = 403), (status = 404), (status = 409), (status = 422)),
    security(("bearer" = [])))]
pub async fn erasure_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
    Path(id): Path<String>,
    body: JsonObject,
) -> Result<StatusCode, ApiError> {
    let mut f = JsonFields::new(body, &["decision", "reason", "text"]);
    let (decision, reason, text) = (f.text("decision"), f.text("reason"), f.text("text"));
    if let Some(e) = f.finish(lang, None) {
        return Err(e);
    }
    answer_erasure(&app, &s.user, &id, decision.as_deref(), reason.as_deref(), text.as_deref())
        .await
        .map_err(|f| f.api(lang))?;
    Ok(StatusCode::NO_CONTENT)
}

crate::base::schema::request_body!(
    /// `POST /api/v1/cases/{id}/erasure`.
    ChildErasureAnswerBody => body("The answer to the child's request for erasure",
        vec![("decision", choice("accept or refuse", ["accept", "refuse"]), true),
             ("reason", choice("Why it is kept (when refused)", ERASURE_REFUSALS), false),
             ("text", text("Words for the child (optional, when refused)"), false)],
        serde_json::json!({"decision": "refuse", "reason": "investigation",
            "text": "The police are still investigating; we will erase it when they are done"}))
);
