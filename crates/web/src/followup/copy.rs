//! "Download a copy": the child's report in their own words, the messages and the access
//! log, as a UTF-8 text file generated on request and never cached. A POST (with the
//! session's CSRF token on the page, the bearer token in the API), so no receipt or token is
//! ever in a URL, and a link cannot be replayed from history.

use crate::base::auth::csrf_ok;
use crate::base::auth::ApiSurvivor;
use crate::base::auth::PageSurvivor;
use crate::base::error::ApiError;
use crate::base::error::PageError;
use crate::base::extract::ApiLang;
use crate::base::extract::PageForm;
use crate::base::extract::PageLang;
use crate::parts::i18n::Lang;
use crate::service::child_copy::copy_text;
use crate::AppState;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use std::collections::BTreeMap;

/// The text file as an attachment that no cache keeps.
pub(crate) fn attachment(name: &str, text: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8".to_owned()),
            (header::CACHE_CONTROL, "no-store".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
            (header::HeaderName::from_static("x-content-type-options"), "nosniff".to_owned()),
        ],
        text,
    )
        .into_response()
}

fn file_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Sq => "zeri-kopja-ime.txt",
        Lang::En => "zeri-my-copy.txt",
    }
}

/// The section of the follow-up page.
pub fn section(lang: Lang, csrf: &str) -> Markup {
    html! {
        section class="card" id="copy" {
            h2 { (lang.t("child-copy-title")) }
            p { (lang.t("child-copy-hint")) }
            form method="post" action={ "/" (lang.code()) "/followup/copy" } {
                input type="hidden" name="csrf" value=(csrf);
                button type="submit" data-download-copy { (lang.t("child-copy-download")) }
            }
        }
    }
}

/// `POST /{lang}/followup/copy` (csrf).
pub(crate) async fn copy_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageSurvivor(survivor): PageSurvivor,
    PageForm(form): PageForm<BTreeMap<String, String>>,
) -> Result<Response, PageError> {
    let Some(s) = survivor else { return Ok(Redirect::to(&format!("/{}/followup", lang.code())).into_response()) };
    if !csrf_ok(&app, &s.token, form.get("csrf").map(String::as_str)) {
        return Err(PageError::new(StatusCode::FORBIDDEN, lang, "csrf"));
    }
    let text = copy_text(&app, lang, &s.report_id).await.map_err(|f| f.page(lang))?;
    Ok(attachment(file_name(lang), text))
}

/// A copy of the report (the child's words), the messages and the access log, as a text
/// file made now; `Cache-Control: no-store`. Staff appear by role and organisation only.
#[utoipa::path(post, path = "/api/v1/followup/copy", tag = "follow-up", operation_id = "child_copy",
    responses((status = 200, content_type = "text/plain", body = String), (status = 401)),
    security(("bearer" = [])))]
pub async fn copy_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiSurvivor(s): ApiSurvivor,
) -> Result<Response, ApiError> {
    let text = copy_text(&app, lang, &s.report_id).await.map_err(|f| f.api(lang))?;
    Ok(attachment(file_name(lang), text))
}
