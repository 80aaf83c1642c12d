//! A new receipt for a case, issued by a counsellor who verified a caller by phone
//! (`POST /{lang}/staff/reports/{id}/receipt`, `POST /api/v1/cases/{id}/receipt`): with a
//! stated reason, audited; the old receipt stops working at once, the new one is shown
//! once, to be read out; the child's access log says a counsellor of this organisation
//! issued it. The rule is `service::child_receipts`.

use crate::base::auth::require_csrf;
use crate::base::auth::ApiStaff;
use crate::base::auth::PageStaff;
use crate::base::error::field_messages;
use crate::base::error::ApiError;
use crate::base::error::PageError;
use crate::base::extract::ApiLang;
use crate::base::extract::JsonFields;
use crate::base::extract::JsonObject;
use crate::base::extract::PageForm;
use crate::base::extract::PageLang;
use crate::base::layout::page;
use crate::parts::i18n::Lang;
use crate::service::case::Fail;
use crate::service::child_receipts::reissue;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use maud::{html, Markup};
use serde::Serialize;
use std::collections::BTreeMap;

/// The section of the case page, for those who may issue a new receipt.
pub fn section(lang: Lang, base: &str, csrf: &str, error: Option<&str>) -> Markup {
    html! {
        details id="reissue" open[error.is_some()] {
            summary { (lang.t("child-reissue-title")) }
            p { (lang.t("child-reissue-hint")) }
            form method="post" action={ (base) "/receipt" } {
                input type="hidden" name="csrf" value=(csrf);
                label for="reissue-reason" { (lang.t("child-reissue-reason")) small { (lang.t("child-reissue-reason-hint")) } }
                @if let Some(e) = error { p class="field-error" role="alert" id="error-reissue-reason" { (e) } }
                textarea id="reissue-reason" name="reason" maxlength="500" required {}
                p { button type="submit" { (lang.t("child-reissue-do")) } }
            }
        }
    }
}

/// `POST /{lang}/staff/reports/{id}/receipt` (csrf, reason): the new receipt, shown once.
pub(crate) async fn reissue_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Path(id): Path<String>,
    PageForm(form): PageForm<BTreeMap<String, String>>,
) -> Result<Response, PageError> {
    require_csrf(&app, lang, &s, form.get("csrf").map(String::as_str))?;
    let base = format!("/{}/staff/reports/{id}", lang.code());
    match reissue(&app, &s.user, &id, form.get("reason").map(String::as_str)).await {
        Ok(receipt) => {
            let body = html! {
                h1 { (lang.t("child-reissue-done-title")) }
                p { (lang.t("child-reissue-read-out")) }
                p class="receipt" data-receipt { (receipt.display_grouped()) }
                p class="hint" { (lang.t("child-reissue-once")) }
                p { a class="button" href=(base) { (lang.t("child-reissue-back")) } }
            };
            Ok((
                [(axum::http::header::CACHE_CONTROL, "no-store")],
                page(lang, &lang.t("child-reissue-done-title"), body),
            )
                .into_response())
        }
        Err(Fail::Invalid(errors)) => {
            let msg = field_messages(lang, &errors).remove("reason").unwrap_or_default();
            let csrf = crate::base::auth::csrf_token(&app, &s.token);
            let body = html! {
                (section(lang, &base, &csrf, Some(&msg)))
                p { a href=(base) { (lang.t("child-reissue-back")) } }
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page(lang, &lang.t("child-reissue-title"), body)).into_response())
        }
        Err(f) => Err(f.page(lang)),
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ChildReissuedReceipt {
    /// The new receipt, in groups of four digits: shown once, to read out to the caller.
    receipt: String,
}

/// Issue a new receipt for the case (a counsellor who verified the caller by phone, with a
/// reason of at least 10 characters). The old receipt stops working at once.
#[utoipa::path(post, path = "/api/v1/cases/{id}/receipt", tag = "cases", operation_id = "child_reissue_receipt", params(("id" = String, Path)),
    request_body(content = ChildReissueBody, content_type = "application/json"),
    responses((status = 201, body = ChildReissuedReceipt), (status = 401), (status = 403), (status = 404), (status = 422)),
    security(("bearer" = [])))]
pub async fn reissue_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
    Path(id): Path<String>,
    body: JsonObject,
) -> Result<(StatusCode, [(axum::http::HeaderName, &'static str); 1], Json<ChildReissuedReceipt>), ApiError> {
    let mut f = JsonFields::new(body, &["reason"]);
    let reason = f.text("reason");
    if let Some(e) = f.finish(lang, None) {
        return Err(e);
    }
    let receipt = reissue(&app, &s.user, &id, reason.as_deref()).await.map_err(|f| f.api(lang))?;
    Ok((
        StatusCode::CREATED,
        [(axum::http::header::CACHE_CONTROL, "no-store")],
        Json(ChildReissuedReceipt { receipt: receipt.display_grouped() }),
    ))
}

crate::base::schema::request_body!(
    /// `POST /api/v1/cases/{id}/receipt`.
    ChildReissueBody => body("Why a new receipt is issued (how the caller was verified)",
        vec![("reason", text("At least 10 characters"), true)],
        serde_json::json!({"reason": "Caller verified by phone: knew the date and the platform"}))
);
