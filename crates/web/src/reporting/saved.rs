//! "I saved my receipt" on the receipt page: the child types the last four digits again
//! (checked against the receipt shown; wrong → a clear message, try again), or downloads a
//! small text file with the receipt. Optional: the page never waits for it, but asks.
//! The receipt page's own cookie names the receipt (as for "I have written it down"), so
//! the receipt is never in a URL or a form.

use crate::base::auth::receipt_cookie;
use crate::base::error::PageError;
use crate::base::extract::PageForm;
use crate::base::extract::PageLang;
use crate::parts::i18n::Lang;
use crate::reporting::pages::receipt_page_with;
use crate::service::child_receipts::{confirm_saved, receipt_file, Saved};
use crate::AppState;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use std::collections::BTreeMap;

/// The section of the receipt page; `saved`: the child confirmed already.
pub fn section(lang: Lang, saved: bool, error: Option<&str>) -> Markup {
    let l = lang.code();
    html! {
        section class="card" id="saved" {
            h2 { (lang.t("child-saved-title")) }
            @if saved {
                p role="status" class="saved-ok" { strong { (lang.t("child-saved-ok")) } }
            } @else {
                p { (lang.t("child-saved-hint")) }
                form method="post" action={ "/" (l) "/report/received/saved" } class="inline" {
                    label for="last4" { (lang.t("child-saved-last4")) }
                    @if let Some(e) = error { p class="field-error" role="alert" id="error-last4" { (e) } }
                    input type="text" id="last4" name="last4" inputmode="numeric" autocomplete="off" maxlength="4" size="4"
                        pattern="[0-9]{4}" aria-describedby=[error.is_some().then_some("error-last4")] required;
                    button type="submit" { (lang.t("child-saved-check")) }
                }
            }
            form method="post" action={ "/" (l) "/report/received/file" } class="inline" {
                button type="submit" data-receipt-file { (lang.t("child-saved-file")) }
            }
            @if !saved { p class="small" { (lang.t("child-saved-optional")) } }
        }
    }
}

/// `POST /{lang}/report/received/saved` (last4).
pub(crate) async fn saved_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    headers: HeaderMap,
    PageForm(form): PageForm<BTreeMap<String, String>>,
) -> Result<Response, PageError> {
    let l = lang.code();
    let Some(token) = receipt_cookie(&headers) else {
        return Ok(Redirect::to(&format!("/{l}/report/received")).into_response());
    };
    let typed = form.get("last4").map(String::as_str).unwrap_or_default();
    match confirm_saved(&app, token, typed).await.map_err(|f| f.page(lang))? {
        Saved::Confirmed => Ok(Redirect::to(&format!("/{l}/report/received?saved=1#saved")).into_response()),
        Saved::Gone => Ok(Redirect::to(&format!("/{l}/report/received")).into_response()),
        Saved::Wrong => {
            let receipt = crate::service::intake::shown_receipt(&app, token)
                .await
                .map_err(|e| PageError::internal(lang, e))?
                .unwrap_or_default();
            let extra = section(lang, false, Some(&lang.t("child-saved-wrong")));
            Ok((StatusCode::UNPROCESSABLE_ENTITY, receipt_page_with(lang, &receipt, true, Some(extra))).into_response())
        }
    }
}

/// `POST /{lang}/report/received/file`: the receipt as a small text file, never cached.
pub(crate) async fn file_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let l = lang.code();
    let Some(token) = receipt_cookie(&headers) else {
        return Ok(Redirect::to(&format!("/{l}/report/received")).into_response());
    };
    let Some(receipt) = receipt_file(&app, token).await.map_err(|f| f.page(lang))? else {
        return Ok(Redirect::to(&format!("/{l}/report/received")).into_response());
    };
    let text = lang.t_args("child-saved-file-text", &[("receipt", receipt.into())]);
    let name = match lang {
        Lang::Sq => "zeri-kodi.txt",
        Lang::En => "zeri-receipt.txt",
    };
    Ok((
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8".to_owned()),
            (header::CACHE_CONTROL, "no-store".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        format!("{text}\n"),
    )
        .into_response())
}
