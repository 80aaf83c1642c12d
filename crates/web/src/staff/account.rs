//! A staff member's own account: setting it up with a one-time link (their own password,
//! then their second factor), changing the password, and confirming new colleagues. No page
//! here shows anyone's password or lets one person choose another's.

use crate::base::auth::csrf_token;
use crate::base::auth::require_csrf;
use crate::base::auth::PageStaff;
use crate::base::auth::ENROL_COOKIE;
use crate::base::auth::STAFF_COOKIE;
use crate::base::chrome::logout_form;
use crate::base::error::PageError;
use crate::base::extract::PageForm;
use crate::base::extract::PageLang;
use crate::base::layout::staff_page;
use crate::parts::i18n::label;
use crate::parts::i18n::Lang;
use crate::service::staff::PasswordError;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use maud::{html, Markup};
use serde::Deserialize;
use zeri_storage::SessionKind;

#[derive(Deserialize)]
pub(crate) struct SetupForm {
    token: Option<String>,
    password: Option<String>,
    repeat: Option<String>,
}

fn new_password_fields(lang: Lang) -> Markup {
    html! {
        label for="password" { (lang.t("setup-password")) small { (lang.t("setup-password-hint")) } }
        input type="password" id="password" name="password" autocomplete="new-password" minlength="12" maxlength="256" required;
        label for="repeat" { (lang.t("setup-repeat")) }
        input type="password" id="repeat" name="repeat" autocomplete="new-password" minlength="12" maxlength="256" required;
    }
}

fn setup_view(lang: Lang, error: Option<String>, token: &str) -> Html<String> {
    staff_page(
        lang,
        &lang.t("setup-title"),
        html! {
            h1 { (lang.t("setup-title")) }
            p { (lang.t("setup-intro")) }
            form method="post" action={ "/" (lang.code()) "/staff/setup" } {
                @if let Some(e) = &error { p class="field-error" role="alert" { (e) } }
                label for="setup-code" { (lang.t("setup-code")) small { (lang.t("setup-code-hint")) } }
                input type="text" id="setup-code" name="token" value=(token) autocomplete="off" maxlength="100" required;
                (new_password_fields(lang))
                p { button class="primary" type="submit" { (lang.t("setup-save")) } }
            }
        },
    )
}

pub(crate) async fn setup_page(PageLang(lang): PageLang) -> Html<String> {
    setup_view(lang, None, "")
}

/// The set-up form: like the sign-in form it has no session for a CSRF token, so it must
/// come from our own page. The password set, the second factor follows at once.
pub(crate) async fn setup_submit(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    headers: HeaderMap,
    PageForm(form): PageForm<SetupForm>,
) -> Result<Response, PageError> {
    if !crate::base::auth::same_origin_post(&headers) {
        return Ok((StatusCode::FORBIDDEN, setup_view(lang, Some(lang.t("error-login-elsewhere")), "")).into_response());
    }
    let token = form.token.unwrap_or_default();
    let token = token.trim().trim_start_matches('#');
    let (password, repeat) = (form.password.unwrap_or_default(), form.repeat.unwrap_or_default());
    match crate::service::staff::complete_setup(&app, token, &password, &repeat).await {
        Ok(user) => {
            let l = lang.code();
            if user.role.needs_second_factor() && user.totp_sealed.is_none() {
                let enrol = crate::service::access::open_session(&app, SessionKind::StaffEnrol, &user.id)
                    .await
                    .map_err(|e| PageError::internal(lang, e))?;
                return Ok((
                    [crate::base::auth::set_cookie(&app, ENROL_COOKIE, &enrol)],
                    Redirect::to(&format!("/{l}/staff/second-factor")),
                )
                    .into_response());
            }
            Ok(Redirect::to(&format!("/{l}/staff/login")).into_response())
        }
        Err(PasswordError::Expired) => {
            Ok((StatusCode::UNAUTHORIZED, setup_view(lang, Some(lang.t("setup-expired")), "")).into_response())
        }
        // The code typed stays, so only the password needs typing again.
        Err(PasswordError::Invalid(code)) => {
            Ok((StatusCode::UNPROCESSABLE_ENTITY, setup_view(lang, Some(lang.t(code)), token)).into_response())
        }
        Err(PasswordError::Store(e)) => Err(PageError::internal(lang, e)),
    }
}

#[derive(Deserialize)]
pub(crate) struct PasswordForm {
    csrf: Option<String>,
    current: Option<String>,
    password: Option<String>,
    repeat: Option<String>,
}

fn password_view(app: &crate::App, lang: Lang, s: &crate::base::auth::Staff, error: Option<String>) -> Html<String> {
    staff_page(
        lang,
        &lang.t("password-title"),
        html! {
            (logout_form(app, lang, s))
            h1 { (lang.t("password-title")) }
            form method="post" action={ "/" (lang.code()) "/staff/password" } {
                @if let Some(e) = &error { p class="field-error" role="alert" { (e) } }
                input type="hidden" name="csrf" value=(csrf_token(app, &s.token));
                label for="current" { (lang.t("password-current")) }
                input type="password" id="current" name="current" autocomplete="current-password" maxlength="256" required;
                (new_password_fields(lang))
                p { button class="primary" type="submit" { (lang.t("password-save")) } }
            }
        },
    )
}

pub(crate) async fn password_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
) -> Html<String> {
    password_view(&app, lang, &s, None)
}

/// A changed password ends every session of the account, this one too.
pub(crate) async fn password_submit(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    PageForm(form): PageForm<PasswordForm>,
) -> Result<Response, PageError> {
    require_csrf(&app, lang, &s, form.csrf.as_deref())?;
    let (current, password, repeat) =
        (form.current.unwrap_or_default(), form.password.unwrap_or_default(), form.repeat.unwrap_or_default());
    match crate::service::staff::change_password(&app, &s.user, &current, &password, &repeat).await {
        Ok(()) => {
            let page = staff_page(
                lang,
                &lang.t("password-title"),
                html! {
                    h1 { (lang.t("password-title")) }
                    p role="status" { (lang.t("password-changed")) }
                    p { a href={ "/" (lang.code()) "/staff/login" } { (lang.t("staff-login")) } }
                },
            );
            Ok(([crate::base::auth::clear_cookie(&app, STAFF_COOKIE)], page).into_response())
        }
        Err(PasswordError::Invalid(code)) => {
            Ok((StatusCode::UNPROCESSABLE_ENTITY, password_view(&app, lang, &s, Some(lang.t(code)))).into_response())
        }
        Err(PasswordError::Expired) => Err(PageError::not_found(lang)),
        Err(PasswordError::Store(e)) => Err(PageError::internal(lang, e)),
    }
}

/// New accounts the user may confirm (colleagues of their organisation; administrators:
/// any made by someone else).
pub(crate) async fn colleagues_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
) -> Result<Html<String>, PageError> {
    colleagues_view(&app, lang, &s, None).await
}

async fn colleagues_view(
    app: &crate::App,
    lang: Lang,
    s: &crate::base::auth::Staff,
    notice: Option<String>,
) -> Result<Html<String>, PageError> {
    let waiting = crate::service::staff::awaiting(app, &s.user).await.map_err(|e| PageError::internal(lang, e))?;
    let csrf = csrf_token(app, &s.token);
    Ok(staff_page(
        lang,
        &lang.t("colleagues-title"),
        html! {
            (logout_form(app, lang, s))
            h1 { (lang.t("colleagues-title")) }
            @if let Some(n) = &notice { div class="card" role="status" { (n) } }
            p { (lang.t("colleagues-intro")) }
            @if waiting.is_empty() { p { (lang.t("colleagues-none")) } }
            ul { @for u in &waiting {
                li {
                    strong { (u.username) } " · " (lang.t(&u.role.public_name_key()))
                    @if let Some(p) = u.profession { " · " (label(lang, "profession", p.as_str())) }
                    " · " span class="meta" { (lang.t("colleagues-made-by")) }
                    form method="post" action={ "/" (lang.code()) "/staff/colleagues/" (u.id) "/confirm" } class="inline" {
                        input type="hidden" name="csrf" value=(csrf);
                        button type="submit" { (lang.t("colleagues-confirm")) }
                    }
                }
            } }
        },
    ))
}

#[derive(Deserialize)]
pub(crate) struct CsrfForm {
    csrf: Option<String>,
}

pub(crate) async fn confirm_submit(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Path(id): Path<String>,
    PageForm(form): PageForm<CsrfForm>,
) -> Result<Response, PageError> {
    require_csrf(&app, lang, &s, form.csrf.as_deref())?;
    if !crate::service::staff::confirm(&app, &s.user, &id).await.map_err(|e| PageError::internal(lang, e))? {
        return Err(PageError::not_found(lang));
    }
    Ok(colleagues_view(&app, lang, &s, Some(lang.t("colleagues-confirmed"))).await?.into_response())
}
