//! What became of a reported link, for whoever holds its receipt
//! (`/{lang}/report-link/status`, `POST /api/v1/content-reports/status`): when the report
//! came, how many of its links an analyst has looked at, how many are seen removed. Never
//! an address or a classification: a receipt found by someone else tells them nothing of
//! the material. The receipt is checked within the guessing limits of every receipt (the
//! same buckets as a child's), and it goes in a POST body, never in an address.

use crate::base::error::{wait_message, ApiError, PageError};
use crate::base::extract::{ApiLang, JsonFields, JsonObject, PageForm, PageLang};
use crate::base::layout::page;
use crate::parts::format::date;
use crate::parts::i18n::Lang;
use crate::service::hotline::status_by_receipt;
use crate::service::receipts::{Checked, ClientId};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::Json;
use maud::html;
use serde::Serialize;
use std::collections::BTreeMap;
use zeri_domain::hotline::ItemState;
use zeri_storage::LinkReportStatus;

/// Where a link report stands, in numbers.
#[derive(Serialize, utoipa::ToSchema)]
pub struct LinkStatus {
    /// The day it was received (UTC, `YYYY-MM-DD`).
    received_on: String,
    /// Different addresses in the report.
    links: usize,
    /// Of those, looked at by an analyst.
    assessed: usize,
    /// Of those, seen removed.
    removed: usize,
}

fn summary(s: &LinkReportStatus) -> LinkStatus {
    LinkStatus {
        received_on: time::OffsetDateTime::from_unix_timestamp(s.created_at.div_euclid(1000))
            .map(|t| format!("{:04}-{:02}-{:02}", t.year(), u8::from(t.month()), t.day()))
            .unwrap_or_default(),
        links: s.items.len(),
        assessed: s.items.iter().filter(|(state, _)| *state != ItemState::New).count(),
        removed: s.items.iter().filter(|(_, removed)| removed.is_some()).count(),
    }
}

pub(crate) async fn status_form(PageLang(lang): PageLang) -> Html<String> {
    form(lang, None)
}

pub(crate) async fn status_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    client: ClientId,
    PageForm(fields): PageForm<BTreeMap<String, String>>,
) -> Result<Response, PageError> {
    let input = fields.get("receipt").map(String::as_str).unwrap_or("");
    Ok(match status_by_receipt(&app, client, input).await.map_err(|e| PageError::internal(lang, e))? {
        Checked::Found(s) => {
            let n = summary(&s);
            let args = |k: &'static str, v: usize| (k, (v as i64).into());
            let body = html! {
                h1 { (lang.t("link-status-title")) }
                p class="lead" { (lang.t_args("link-status-received", &[("date", date(s.created_at).into()), args("links", n.links)])) }
                ul {
                    li { (lang.t_args("link-status-assessed", &[args("assessed", n.assessed), args("links", n.links)])) }
                    li { (lang.t_args("link-status-removed", &[args("removed", n.removed), args("links", n.links)])) }
                }
                p class="small" { (lang.t("link-status-why-little")) }
            };
            page(lang, &lang.t("link-status-title"), body).into_response()
        }
        Checked::Refused => (StatusCode::UNAUTHORIZED, form(lang, Some(lang.t("link-status-refused")))).into_response(),
        Checked::Throttled { retry_after } => {
            (StatusCode::TOO_MANY_REQUESTS, form(lang, Some(wait_message(lang, retry_after)))).into_response()
        }
    })
}

fn form(lang: Lang, error: Option<String>) -> Html<String> {
    let body = html! {
        h1 { (lang.t("link-status-title")) }
        p class="lead" { (lang.t("link-status-lead")) }
        form method="post" action={ "/" (lang.code()) "/report-link/status" } autocomplete="off" {
            label for="receipt" { (lang.t("followup-receipt-label")) }
            @if let Some(e) = &error { p class="field-error" role="alert" id="error-receipt" { (e) } }
            input type="text" id="receipt" name="receipt" inputmode="numeric" autocomplete="off" maxlength="40"
                placeholder="0000-0000-0000-0000-0000" aria-describedby=[error.is_some().then_some("error-receipt")] required;
            p { button class="primary" type="submit" { (lang.t("link-status-ask")) } }
        }
    };
    page(lang, &lang.t("link-status-title"), body)
}

/// Where a reported link stands, with the report's receipt: how many of its addresses an
/// analyst has looked at and how many are seen removed (never an address). Checked within
/// the guessing limits of every receipt; a wrong and an unknown receipt answer alike.
#[utoipa::path(post, path = "/api/v1/content-reports/status", tag = "hotline", operation_id = "content_report_status",
    request_body(content = LinkStatusBody, content_type = "application/json"),
    responses((status = 200, body = LinkStatus), (status = 400), (status = 401, description = "Receipt not recognised"),
        (status = 415), (status = 422), (status = 429)))]
pub async fn status_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    client: ClientId,
    body: JsonObject,
) -> Result<Json<LinkStatus>, ApiError> {
    let mut f = JsonFields::new(body, &["receipt"]);
    let receipt = f.text("receipt").unwrap_or_default();
    if let Some(err) = f.finish(lang, None) {
        return Err(err);
    }
    match status_by_receipt(&app, client, &receipt).await.map_err(|e| ApiError::internal(lang, e))? {
        Checked::Found(s) => Ok(Json(summary(&s))),
        Checked::Refused => Err(ApiError::new(StatusCode::UNAUTHORIZED, "receipt-refused", lang)),
        Checked::Throttled { retry_after } => Err(ApiError::too_many(lang, retry_after)),
    }
}

crate::base::schema::request_body!(
    /// `POST /api/v1/content-reports/status`.
    LinkStatusBody => body(
        "The receipt of a link report",
        vec![("receipt", text("The receipt, 20 digits (dashes and spaces allowed)"), true)],
        serde_json::json!({"receipt": "1234-5678-9012-3456-7890"}),
    )
);
