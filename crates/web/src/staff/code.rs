//! The second step of signing in on the page: after the password, the code from the
//! authenticator app, on a page of its own. So a wrong or reused code can be named as such
//! (the password was right), and the first step keeps the name typed. Codes are counted
//! against the same limits as passwords, per account and client and per account.

use crate::base::auth::{code_step, csrf_ok, csrf_token, CODE_COOKIE, STAFF_COOKIE};
use crate::base::error::{wait_message, PageError};
use crate::base::extract::{PageForm, PageLang};
use crate::base::layout::staff_page;
use crate::now_ms;
use crate::parts::i18n::Lang;
use crate::service::receipts::ClientId;
use crate::staff::pages::code_ok;
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
    let cfg = app.config.throttle;
    let (window, now) = (cfg.window_ms(), now_ms());
    let bucket = app.keys.lookup_digest("throttle-login", &[client.0.as_slice(), user.username.as_bytes()].concat());
    let account = app.keys.lookup_digest("throttle-login-account", user.username.as_bytes());
    let here = app.store.throttle_hit(&bucket, now, window).await.map_err(|e| internal(e.to_string()))?;
    let everywhere = app.store.throttle_hit(&account, now, window).await.map_err(|e| internal(e.to_string()))?;
    if here > cfg.login_per_client || everywhere > cfg.login_per_account {
        let view = code_view(&app, lang, &token, Some(wait_message(lang, cfg.retry_after(now))));
        return Ok((StatusCode::TOO_MANY_REQUESTS, view).into_response());
    }
    let code = form.code.as_deref().map(str::trim).filter(|c| !c.is_empty() && c.len() <= 16);
    if !code_ok(&app, &user, code).await.map_err(internal)? {
        tracing::info!("staff sign-in code refused");
        let view = code_view(&app, lang, &token, Some(lang.t("error-code-refused")));
        return Ok((StatusCode::UNAUTHORIZED, view).into_response());
    }
    for b in [&bucket, &account] {
        app.store.throttle_release(b, now, window).await.map_err(|e| internal(e.to_string()))?;
    }
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
