//! The second step of signing in on the page: after the password, the code from the
//! authenticator app, on a page of its own. So a wrong or reused code can be named as such
//! (the password was right), and the first step keeps the name typed. Codes are counted
//! against the same limits as passwords, per account and client and per account.

use crate::base::auth::{code_step, csrf_ok, csrf_token, CODE_COOKIE, STAFF_COOKIE};
use crate::base::error::{wait_message, PageError};
use crate::base::extract::{PageForm, PageLang};
use crate::base::layout::staff_page;
use crate::parts::i18n::Lang;
use crate::service::receipts::ClientId;
use crate::staff::pages::{code_ok, LoginAttempt};
use crate::AppState;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{AppendHeaders, Html, IntoResponse, Redirect, Response};
use maud::html;
use serde::Deserialize;
use zeri_storage::SessionKind;

fn code_view(app: &crate::App, lang: Lang, token: &str, error: Option<String>) -> Html<String> {
    staff_page(
        lang,
        &lang.t("staff-code-title"),
        html! {
            h1 { (lang.t("staff-code-title")) }
            p { (lang.t("staff-code-intro")) }
            form method="post" action={ "/" (lang.code()) "/staff/login/code" } {
                @if let Some(e) = &error { p class="field-error" role="alert" id="error-code" { (e) } }
                input type="hidden" name="csrf" value=(csrf_token(app, token));
                label for="code" { (lang.t("staff-code")) small { (lang.t("staff-code-hint")) } }
                input type="text" id="code" name="code" autocomplete="one-time-code" inputmode="numeric" maxlength="8"
                    aria-describedby=[error.is_some().then_some("error-code")] autofocus required;
                p { button class="primary" type="submit" { (lang.t("staff-login")) } }
            }
            p class="small" { a href={ "/" (lang.code()) "/staff/login" } { (lang.t("staff-code-restart")) } }
        },
    )
}

pub(crate) async fn code_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    match code_step(&app, &headers).await.map_err(|e| PageError::internal(lang, e))? {
        Some((_, token)) => Ok(code_view(&app, lang, &token, None).into_response()),
        None => Ok(Redirect::to(&format!("/{}/staff/login", lang.code())).into_response()),
    }
}

#[derive(Deserialize)]
pub(crate) struct CodeForm {
    csrf: Option<String>,
    code: Option<String>,
}

pub(crate) async fn code_submit(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    client: ClientId,
    headers: HeaderMap,
    PageForm(form): PageForm<CodeForm>,
) -> Result<Response, PageError> {
    let l = lang.code();
    let internal = |e: String| PageError::internal(lang, e);
    let Some((user, token)) = code_step(&app, &headers).await.map_err(|e| internal(e.to_string()))? else {
        return Ok(Redirect::to(&format!("/{l}/staff/login")).into_response());
    };
    if !csrf_ok(&app, &token, form.csrf.as_deref()) {
        return Err(PageError::new(StatusCode::FORBIDDEN, lang, "csrf"));
    }
    let attempt = match LoginAttempt::count(&app, client, &user.username).await.map_err(internal)? {
        Ok(a) => a,
        Err(retry_after) => {
            let view = code_view(&app, lang, &token, Some(wait_message(lang, retry_after)));
            return Ok((StatusCode::TOO_MANY_REQUESTS, view).into_response());
        }
    };
    let code = form.code.as_deref().map(str::trim).filter(|c| !c.is_empty() && c.len() <= 16);
    if !code_ok(&app, &user, code).await.map_err(internal)? {
        tracing::info!("staff sign-in code refused");
        let view = code_view(&app, lang, &token, Some(lang.t("error-code-refused")));
        return Ok((StatusCode::UNAUTHORIZED, view).into_response());
    }
    attempt.give_back().await.map_err(internal)?;
    crate::service::access::close_session(&app, &token).await.map_err(|e| internal(e.to_string()))?;
    let session = crate::service::access::open_session(&app, SessionKind::Staff, &user.id)
        .await
        .map_err(|e| internal(e.to_string()))?;
    tracing::info!(staff = %user.id, "staff signed in");
    Ok((
        AppendHeaders([
            crate::base::auth::set_cookie(&app, STAFF_COOKIE, &session),
            crate::base::auth::clear_cookie(&app, CODE_COOKIE),
        ]),
        Redirect::to(&format!("/{l}/staff")),
    )
        .into_response())
}
