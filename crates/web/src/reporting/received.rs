//! The receipt page after the web form (`/{lang}/report/received`): the answer to the form
//! is a redirect here, so a reload sends nothing again. The receipt shows for a few minutes,
//! or until the child says they wrote it down; then the page says the report was received
//! and nothing more, so a phone picked up later shows no receipt.

use crate::base::auth::{receipt_cookie, RECEIPT_COOKIE};
use crate::base::error::PageError;
use crate::base::extract::PageLang;
use crate::base::layout::page;
use crate::reporting::pages::receipt_page_with;
use crate::service::intake::{form_digest, shown_receipt};
use crate::AppState;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;

#[derive(serde::Deserialize)]
pub(crate) struct ReceivedQuery {
    /// The child just confirmed they saved the receipt.
    saved: Option<String>,
}

pub(crate) async fn received_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    headers: HeaderMap,
    axum::extract::Query(q): axum::extract::Query<ReceivedQuery>,
) -> Result<Response, PageError> {
    let shown = match receipt_cookie(&headers) {
        Some(token) => shown_receipt(&app, token).await.map_err(|e| PageError::internal(lang, e))?,
        None => None,
    };
    Ok(match shown {
        Some(receipt) => {
            let saved = crate::reporting::saved::section(lang, q.saved.is_some(), None);
            receipt_page_with(lang, &receipt, true, Some(saved)).into_response()
        }
        None => {
            let l = lang.code();
            let body = html! {
                h1 { (lang.t("received-title")) }
                p class="lead" { (lang.t("received-no-receipt")) }
                div class="actions" {
                    a class="button primary" href={ "/" (l) "/followup" } { (lang.t("receipt-followup")) }
                    a class="button" href={ "/" (l) } { (lang.t("received-home")) }
                }
            };
            ([crate::base::auth::clear_cookie(&app, RECEIPT_COOKIE)], page(lang, &lang.t("received-title"), body))
                .into_response()
        }
    })
}

/// "I have written it down": the receipt is no longer shown, here or anywhere.
pub(crate) async fn done_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    if let Some(token) = receipt_cookie(&headers) {
        let digest = form_digest(&app, token);
        app.store.end_receipt_view(&digest).await.map_err(|e| PageError::internal(lang, e))?;
    }
    Ok(([crate::base::auth::clear_cookie(&app, RECEIPT_COOKIE)], Redirect::to(&format!("/{}/followup", lang.code())))
        .into_response())
}
