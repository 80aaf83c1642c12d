//! The notifications page and the e-mail address staff may give.

use crate::base::auth::csrf_token;
use crate::base::auth::PageStaff;
use crate::base::error::PageError;
use crate::base::extract::PageForm;
use crate::base::extract::PageLang;
use crate::base::layout::staff_page;
use crate::now_ms;
use crate::parts::format::datetime;
use crate::service::notify::valid_email;
use crate::AppState;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use maud::html;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use zeri_storage::{NotificationRow, StoreError};

pub fn router() -> OpenApiRouter<AppState> {
    let r = crate::base::localised(|r, l| {
        r.route(&format!("/{l}/staff/notifications"), get(page))
            .route(&format!("/{l}/staff/notifications/read"), post(read_form))
            .route(&format!("/{l}/staff/notifications/email"), post(email_form))
    });
    r
}

async fn page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
) -> Result<Response, PageError> {
    let l = lang.code();
    let err = |e: StoreError| PageError::internal(lang, e);
    let rows = app.store.notifications(&s.user.id, 100).await.map_err(err)?;
    let has_email = app.store.email(&s.user.id).await.map_err(err)?.is_some();
    let csrf = csrf_token(&app, &s.token);
    let link = |n: &NotificationRow| match (n.kind.as_str(), &n.report_id) {
        ("chat", _) => format!("/{l}/staff/chats"),
        ("staff-pending" | "staff-reset", _) => format!("/{l}/staff/colleagues"),
        ("audit", _) => format!("/{l}/staff/admin"),
        (_, Some(id)) => format!("/{l}/staff/reports/{id}"),
        _ => format!("/{l}/staff"),
    };
    let body = html! {
        (crate::base::chrome::logout_form(&app, lang, &s))
        h1 { (lang.t("notify-title")) }
        @if rows.is_empty() { p { (lang.t("notify-none")) } }
        ul class="notifications" {
            @for n in &rows {
                li class=[n.read_at.is_none().then_some("unread")] {
                    span class="meta" { (datetime(n.created_at)) } " "
                    a href=(link(n)) { (lang.t(&format!("notify-{}", n.kind))) }
                }
            }
        }
        @if rows.iter().any(|n| n.read_at.is_none()) {
            form method="post" action={ "/" (l) "/staff/notifications/read" } {
                input type="hidden" name="csrf" value=(csrf);
                button type="submit" { (lang.t("notify-mark-read")) }
            }
        }
        section class="card" {
            h2 { (lang.t("notify-email-title")) }
            p class="hint" { (lang.t("notify-email-hint")) }
            p { (lang.t(if has_email { "notify-email-set" } else { "notify-email-unset" })) }
            form method="post" action={ "/" (l) "/staff/notifications/email" } {
                input type="hidden" name="csrf" value=(csrf);
                label for="email" { (lang.t("notify-email-label")) }
                input id="email" name="email" type="email" maxlength="254" autocomplete="email";
                p { button type="submit" { (lang.t("notify-email-save")) } }
            }
        }
    };
    Ok(([(header::CACHE_CONTROL, "no-store")], staff_page(lang, &lang.t("notify-title"), body)).into_response())
}

#[derive(Deserialize)]
pub(crate) struct ReadForm {
    csrf: Option<String>,
}

async fn read_form(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    PageForm(f): PageForm<ReadForm>,
) -> Result<Response, PageError> {
    crate::base::auth::require_csrf(&app, lang, &s, f.csrf.as_deref())?;
    app.store.read_notifications(&s.user.id, None, now_ms()).await.map_err(|e| PageError::internal(lang, e))?;
    Ok(Redirect::to(&format!("/{}/staff/notifications", lang.code())).into_response())
}

#[derive(Deserialize)]
pub(crate) struct EmailForm {
    csrf: Option<String>,
    email: Option<String>,
}

async fn email_form(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    PageForm(f): PageForm<EmailForm>,
) -> Result<Response, PageError> {
    crate::base::auth::require_csrf(&app, lang, &s, f.csrf.as_deref())?;
    let email = f.email.map(|e| e.trim().to_owned()).filter(|e| !e.is_empty());
    let sealed = match &email {
        Some(e) if valid_email(e) => {
            Some(app.keys.seal(e.as_bytes(), zeri_storage::context::staff_email(&s.user.id).as_bytes()))
        }
        Some(_) => return Err(PageError::new(axum::http::StatusCode::UNPROCESSABLE_ENTITY, lang, "bad-email")),
        None => None,
    };
    app.store.set_email(&s.user.id, sealed.as_deref()).await.map_err(|e| PageError::internal(lang, e))?;
    Ok(Redirect::to(&format!("/{}/staff/notifications", lang.code())).into_response())
}
