//! The passphrase, a second way in: chosen on the follow-up page (a POST with the session's
//! CSRF token), used on the receipt form when the receipt is lost. Guessing is limited as
//! for receipts, in the same buckets (`service::child_receipts`).

use crate::base::auth::csrf_ok;
use crate::base::auth::ApiSurvivor;
use crate::base::auth::PageSurvivor;
use crate::base::auth::SURVIVOR_COOKIE;
use crate::base::error::field_messages;
use crate::base::error::wait_message;
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
use crate::service::child_receipts::{
    check_passphrase, set_passphrase, PASSPHRASE_CHARS, PASSPHRASE_MAX, PASSPHRASE_WORDS,
};
use crate::service::receipts::{Checked, ClientId};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Json;
use maud::{html, Markup};
use serde::Serialize;
use std::collections::BTreeMap;
use zeri_domain::{FieldError, FieldErrors};
use zeri_storage::SessionKind;

fn rule(lang: Lang) -> String {
    lang.t_args("child-passphrase-rule", &[("words", PASSPHRASE_WORDS.into()), ("chars", PASSPHRASE_CHARS.into())])
}

/// The section of the follow-up page: choose or change the passphrase.
pub fn section(lang: Lang, csrf: &str, has: bool, error: Option<&str>) -> Markup {
    html! {
        section class="card" id="passphrase" {
            h2 { (lang.t("child-passphrase-title")) }
            p { (lang.t("child-passphrase-hint")) }
            @if has { p role="status" { strong { (lang.t("child-passphrase-set")) } } }
            form method="post" action={ "/" (lang.code()) "/followup/passphrase" } {
                input type="hidden" name="csrf" value=(csrf);
                label for="passphrase" { (lang.t("child-passphrase-label")) small { (rule(lang)) } }
                @if let Some(e) = error { p class="field-error" role="alert" id="error-passphrase" { (e) } }
                input type="text" id="passphrase" name="passphrase" autocomplete="off" maxlength=(PASSPHRASE_MAX)
                    aria-describedby=[error.is_some().then_some("error-passphrase")] required;
                p { button type="submit" { (if has { lang.t("child-passphrase-change") } else { lang.t("child-passphrase-choose") }) } }
            }
        }
    }
}

/// On the receipt form: open with the passphrase instead.
pub fn open_form(lang: Lang, error: Option<&str>) -> Markup {
    html! {
        details id="with-passphrase" open[error.is_some()] {
            summary { (lang.t("child-passphrase-open-title")) }
            form method="post" action={ "/" (lang.code()) "/followup/passphrase/open" } {
                label for="open-passphrase" { (lang.t("child-passphrase-label")) }
                @if let Some(e) = error { p class="field-error" role="alert" id="error-open-passphrase" { (e) } }
                input type="password" id="open-passphrase" name="passphrase" autocomplete="off" maxlength=(PASSPHRASE_MAX)
                    aria-describedby=[error.is_some().then_some("error-open-passphrase")] required;
                p { button type="submit" { (lang.t("followup-open")) } }
            }
        }
    }
}

/// `POST /{lang}/followup/passphrase` (csrf, passphrase).
pub(crate) async fn set_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    client: ClientId,
    PageSurvivor(survivor): PageSurvivor,
    PageForm(form): PageForm<BTreeMap<String, String>>,
) -> Result<Response, PageError> {
    let l = lang.code();
    let Some(s) = survivor else { return Ok(Redirect::to(&format!("/{l}/followup")).into_response()) };
    let csrf = form.get("csrf").map(String::as_str);
    if !csrf_ok(&app, &s.token, csrf) {
        return Err(PageError::new(StatusCode::FORBIDDEN, lang, "csrf"));
    }
    match set_passphrase(&app, client, &s.report_id, form.get("passphrase").map(String::as_str)).await {
        Ok(()) => Ok(Redirect::to(&format!("/{l}/followup#passphrase")).into_response()),
        Err(Fail::Invalid(errors)) => {
            let msg = field_messages(lang, &errors).remove("passphrase").unwrap_or_default();
            let has =
                crate::service::child_receipts::has_passphrase(&app, &s.report_id).await.map_err(|f| f.page(lang))?;
            let body = html! {
                (section(lang, csrf.unwrap_or_default(), has, Some(&msg)))
                p { a href={ "/" (l) "/followup" } { (lang.t("child-back")) } }
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page(lang, &lang.t("child-passphrase-title"), body)).into_response())
        }
        Err(f) => Err(f.page(lang)),
    }
}

/// `POST /{lang}/followup/passphrase/open` (passphrase): a follow-up session, as a receipt
/// opens one.
pub(crate) async fn open_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    client: ClientId,
    PageForm(form): PageForm<BTreeMap<String, String>>,
) -> Result<Response, PageError> {
    let input = form.get("passphrase").map(String::as_str).unwrap_or_default();
    let shown = |status: StatusCode, msg: String| {
        let body = html! {
            h1 { (lang.t("followup-title")) }
            (open_form(lang, Some(&msg)))
            p { a href={ "/" (lang.code()) "/followup" } { (lang.t("child-passphrase-use-receipt")) } }
        };
        (status, page(lang, &lang.t("followup-title"), body)).into_response()
    };
    match check_passphrase(&app, client, input).await.map_err(|e| PageError::internal(lang, e))? {
        Checked::Found(report) => {
            let token = crate::service::access::open_session(&app, SessionKind::Survivor, &report.id)
                .await
                .map_err(|e| PageError::internal(lang, e))?;
            Ok((
                [crate::base::auth::set_cookie(&app, SURVIVOR_COOKIE, &token)],
                Redirect::to(&format!("/{}/followup", lang.code())),
            )
                .into_response())
        }
        Checked::Refused => Ok(shown(StatusCode::UNAUTHORIZED, lang.t("child-passphrase-refused"))),
        Checked::Throttled { retry_after } => Ok(shown(StatusCode::TOO_MANY_REQUESTS, wait_message(lang, retry_after))),
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ChildPassphraseSession {
    /// Bearer token for `/api/v1/followup…`, as a receipt gives.
    token: String,
}

/// Open a follow-up session with the passphrase instead of the receipt. A wrong passphrase
/// gets 401; attempts are limited with the receipts' (429 with `Retry-After`).
#[utoipa::path(post, path = "/api/v1/followup/passphrase-session", tag = "follow-up", operation_id = "child_passphrase_session",
    request_body(content = ChildPassphraseBody, content_type = "application/json"),
    responses((status = 201, body = ChildPassphraseSession), (status = 401), (status = 422), (status = 429)))]
pub async fn open_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    client: ClientId,
    body: JsonObject,
) -> Result<(StatusCode, Json<ChildPassphraseSession>), ApiError> {
    let mut f = JsonFields::new(body, &["passphrase"]);
    let p = f.text("passphrase");
    let missing = p.is_none().then(|| FieldErrors::from([("passphrase", FieldError::new("required"))]));
    if let Some(e) = f.finish(lang, missing.as_ref()) {
        return Err(e);
    }
    match check_passphrase(&app, client, p.as_deref().unwrap_or_default())
        .await
        .map_err(|e| ApiError::internal(lang, e))?
    {
        Checked::Found(report) => {
            let token = crate::service::access::open_session(&app, SessionKind::Survivor, &report.id)
                .await
                .map_err(|e| ApiError::internal(lang, e))?;
            Ok((StatusCode::CREATED, Json(ChildPassphraseSession { token })))
        }
        Checked::Refused => Err(ApiError::new(StatusCode::UNAUTHORIZED, "child-passphrase-refused", lang)),
        Checked::Throttled { retry_after } => Err(ApiError::too_many(lang, retry_after)),
    }
}

/// Choose (or change) the passphrase of this report.
#[utoipa::path(post, path = "/api/v1/followup/passphrase", tag = "follow-up", operation_id = "child_passphrase_set",
    request_body(content = ChildPassphraseBody, content_type = "application/json"),
    responses((status = 204), (status = 401), (status = 422)), security(("bearer" = [])))]
pub async fn set_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    client: ClientId,
    ApiSurvivor(s): ApiSurvivor,
    body: JsonObject,
) -> Result<StatusCode, ApiError> {
    let mut f = JsonFields::new(body, &["passphrase"]);
    let p = f.text("passphrase");
    if let Some(e) = f.finish(lang, None) {
        return Err(e);
    }
    set_passphrase(&app, client, &s.report_id, p.as_deref()).await.map_err(|f| f.api(lang))?;
    Ok(StatusCode::NO_CONTENT)
}

crate::base::schema::request_body!(
    /// `POST /api/v1/followup/passphrase` and `/api/v1/followup/passphrase-session`.
    ChildPassphraseBody => body("A passphrase: at least four words and twenty characters",
        vec![("passphrase", text("The passphrase"), true)],
        serde_json::json!({"passphrase": "blue kite over the river at dawn"}))
);
