//! The child's take-down requests on the follow-up page and in its API: how far each went,
//! in plain words (received, checked, shared with N platforms, removals reported), and
//! withdrawing one: a confirmed action (a page that says what it means, then a POST with
//! the session's CSRF token), which stops its sharing at once and tells the platforms.

use crate::base::auth::csrf_ok;
use crate::base::auth::ApiSurvivor;
use crate::base::auth::PageSurvivor;
use crate::base::error::ApiError;
use crate::base::error::PageError;
use crate::base::extract::ApiLang;
use crate::base::extract::JsonFields;
use crate::base::extract::JsonObject;
use crate::base::extract::PageForm;
use crate::base::extract::PageLang;
use crate::base::layout::lines;
use crate::base::layout::page;
use crate::parts::format::datetime;
use crate::parts::i18n::label;
use crate::parts::i18n::Lang;
use crate::service::case::Fail;
use crate::service::sharing::{child_takedowns, withdraw, ChildTakedown};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Json;
use maud::{html, Markup};
use serde::Serialize;
use std::collections::BTreeMap;
use zeri_domain::sharing::{ChildState, RejectReason};
use zeri_domain::{FieldError, FieldErrors};

/// How far a request went, in the child's words.
pub(crate) fn state_text(lang: Lang, t: &ChildTakedown) -> String {
    let count = match t.state {
        ChildState::SharedWith(n) | ChildState::Withdrawn(n) => n,
        _ => 0,
    };
    let reason = match t.state {
        ChildState::NotShared(r) => label(lang, "sharing-reason", r.unwrap_or(RejectReason::Other).as_str()),
        _ => String::new(),
    };
    lang.t_args(t.state.text_key(), &[("count", count.into()), ("reason", reason.into())])
}

/// The removals and matches platforms reported, when there are any.
fn reported_text(lang: Lang, t: &ChildTakedown) -> Vec<String> {
    let mut out = Vec::new();
    if t.removals > 0 {
        out.push(lang.t_args("sharing-removals", &[("count", t.removals.into())]));
    }
    if t.matches > 0 {
        out.push(lang.t_args("sharing-matches", &[("count", t.matches.into())]));
    }
    out
}

/// The section of the follow-up page.
pub fn section(lang: Lang, items: &[ChildTakedown], csrf: &str) -> Markup {
    let l = lang.code();
    html! {
        section class="card" id="takedowns" {
            h2 { (lang.t("followup-takedowns-title")) }
            p class="hint" { (lang.t("followup-takedowns-hint")) }
            ul class="takedowns" {
                @for t in items {
                    li data-state=(t.state.code()) {
                        span class="meta" { code { (t.row.reference) } " · " (datetime(t.row.created_at)) }
                        p { (state_text(lang, t)) }
                        @for line in reported_text(lang, t) { p { strong { (line) } } }
                        @if t.state.withdrawable() {
                            form method="post" action={ "/" (l) "/followup/takedowns/" (t.row.id) "/withdraw" } {
                                input type="hidden" name="csrf" value=(csrf);
                                button type="submit" { (lang.t("sharing-withdraw")) }
                            }
                        }
                    }
                }
            }
            details {
                summary { (lang.t("sharing-withdraw-about")) }
                (lines(&lang.t("sharing-withdraw-means")))
            }
        }
    }
}

/// `POST /{lang}/followup/takedowns/{id}/withdraw`: without `confirm=yes` the page that
/// says what withdrawing means, with it the withdrawal. Both need the session's CSRF token.
pub(crate) async fn withdraw_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageSurvivor(survivor): PageSurvivor,
    Path(id): Path<String>,
    PageForm(form): PageForm<BTreeMap<String, String>>,
) -> Result<Response, PageError> {
    let l = lang.code();
    let Some(s) = survivor else { return Ok(Redirect::to(&format!("/{l}/followup")).into_response()) };
    let csrf = form.get("csrf").map(String::as_str);
    if !csrf_ok(&app, &s.token, csrf) {
        return Err(PageError::new(StatusCode::FORBIDDEN, lang, "csrf"));
    }
    let mine = child_takedowns(&app, &s.report_id).await.map_err(|e| PageError::internal(lang, e))?;
    let t = mine.iter().find(|t| t.row.id == id).ok_or(PageError::not_found(lang))?;
    if form.get("confirm").map(String::as_str) != Some("yes") {
        let body = html! {
            h1 { (lang.t("sharing-withdraw-title")) }
            p { code { (t.row.reference) } " · " (datetime(t.row.created_at)) }
            p { (state_text(lang, t)) }
            (lines(&lang.t("sharing-withdraw-means")))
            form method="post" action={ "/" (l) "/followup/takedowns/" (t.row.id) "/withdraw" } {
                input type="hidden" name="csrf" value=(csrf.unwrap_or_default());
                input type="hidden" name="confirm" value="yes";
                p { button class="primary" type="submit" { (lang.t("sharing-withdraw-yes")) } }
            }
            p { a href={ "/" (l) "/followup#takedowns" } { (lang.t("sharing-withdraw-no")) } }
        };
        return Ok(page(lang, &lang.t("sharing-withdraw-title"), body).into_response());
    }
    match withdraw(&app, &s.report_id, &id).await {
        // Withdrawn already (a second tap): the page shows it so.
        Ok(_) | Err(Fail::Conflict(_)) => Ok(Redirect::to(&format!("/{l}/followup#takedowns")).into_response()),
        Err(f) => Err(f.page(lang)),
    }
}

/// A take-down request as the child follows it.
#[derive(Serialize, utoipa::ToSchema)]
pub struct TakedownView {
    id: String,
    /// The reference given when it was sent (`TD-…`).
    reference: String,
    /// Milliseconds since the Unix epoch.
    received_at: i64,
    /// `received`, `needs_more`, `not_shared`, `reviewed` (approved, not pulled yet),
    /// `shared` or `withdrawn`.
    state: &'static str,
    /// The state in plain words, in the caller's language.
    text: String,
    /// Platforms that have taken it (or, once withdrawn, been told).
    platforms: i64,
    /// Removals and matches platforms reported (sums of their counts).
    removals: i64,
    matches: i64,
    /// The removals and matches in plain words.
    reported: Vec<String>,
    withdrawable: bool,
    withdrawn_at: Option<i64>,
}

pub fn view(lang: Lang, t: &ChildTakedown) -> TakedownView {
    TakedownView {
        id: t.row.id.clone(),
        reference: t.row.reference.clone(),
        received_at: t.row.created_at,
        state: t.state.code(),
        text: state_text(lang, t),
        platforms: match t.state {
            ChildState::SharedWith(n) | ChildState::Withdrawn(n) => n,
            _ => 0,
        },
        removals: t.removals,
        matches: t.matches,
        reported: reported_text(lang, t),
        withdrawable: t.state.withdrawable(),
        withdrawn_at: t.row.withdrawn_at,
    }
}

/// Withdraw a take-down request joined to this report (`{"confirm": true}`): its sharing
/// stops at once, its fingerprints are forgotten, and platforms are told to delete them at
/// their next pull. Answers the request as it is now; 404 if it is not this report's.
#[utoipa::path(post, path = "/api/v1/followup/takedowns/{id}/withdraw", tag = "follow-up",
    operation_id = "withdraw_takedown", params(("id" = String, Path)),
    request_body(content = WithdrawBody, content_type = "application/json"),
    responses((status = 200, body = TakedownView), (status = 400), (status = 401), (status = 404), (status = 409),
        (status = 415), (status = 422)),
    security(("bearer" = [])))]
pub async fn withdraw_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiSurvivor(s): ApiSurvivor,
    Path(id): Path<String>,
    body: JsonObject,
) -> Result<Json<TakedownView>, ApiError> {
    let mut f = JsonFields::new(body, &["confirm"]);
    let confirmed = f.flag("confirm").as_deref() == Some("true");
    let missing = (!confirmed).then(|| FieldErrors::from([("confirm", FieldError::new("confirm-withdrawal"))]));
    if let Some(e) = f.finish(lang, missing.as_ref()) {
        return Err(e);
    }
    withdraw(&app, &s.report_id, &id).await.map_err(|f| f.api(lang))?;
    let mine = child_takedowns(&app, &s.report_id).await.map_err(|e| ApiError::internal(lang, e))?;
    let t = mine.iter().find(|t| t.row.id == id).ok_or(ApiError::not_found(lang))?;
    Ok(Json(view(lang, t)))
}

crate::base::schema::request_body!(
    /// `POST /api/v1/followup/takedowns/{id}/withdraw`.
    WithdrawBody => body("The child confirms the withdrawal (after being told what it means)",
        vec![("confirm", flag("Must be true"), true)],
        serde_json::json!({"confirm": true}))
);
