//! Notice and take-down on an item's page (`/{lang}/staff/hotline/items/{id}/…`): "Where
//! is it hosted?", the notice to the host with the referral to the police, the host's
//! answer, re-checks, and "gone" or "still there", with the item's timeline. The rules are
//! in `service::notices`; the API is in `notices_api.rs`.

use crate::base::auth::{csrf_token, require_csrf, PageStaff, Staff};
use crate::base::error::PageError;
use crate::base::extract::{PageForm, PageLang};
use crate::parts::format::datetime;
use crate::parts::i18n::Lang;
use crate::service::notices::{confirm, locate, recheck, record_answer, send_notice, NoticeFail, Takedown};
use crate::App;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use std::collections::BTreeMap;

/// The notes a page may show after a step (`?notice=…`), only these.
pub(crate) const DONE: [&str; 6] = ["located", "sent", "answered", "rechecked", "gone", "still-there"];

/// A length of time in days and hours, for the time to removal.
pub(crate) fn days_hours(lang: Lang, ms: i64) -> String {
    let hours = ms.max(0) / 3_600_000;
    lang.t_args("notice-days-hours", &[("d", (hours / 24).into()), ("h", (hours % 24).into())])
}

fn back(lang: Lang, id: &str, done: &str) -> Response {
    Redirect::to(&format!("/{}/staff/hotline/items/{id}?notice={done}#takedown", lang.code())).into_response()
}

type Fields = PageForm<BTreeMap<String, String>>;

async fn step<F, Fut>(
    app: &App,
    lang: Lang,
    s: &Staff,
    fields: &BTreeMap<String, String>,
    f: F,
) -> Result<(), PageError>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<(), NoticeFail>>,
{
    require_csrf(app, lang, s, fields.get("csrf").map(String::as_str))?;
    f().await.map_err(|e| e.page(lang))
}

pub(crate) async fn locate_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Path(id): Path<String>,
    PageForm(fields): Fields,
) -> Result<Response, PageError> {
    step(&app, lang, &s, &fields, || async { locate(&app, &s.user, &id).await.map(|_| ()) }).await?;
    Ok(back(lang, &id, "located"))
}

pub(crate) async fn notice_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Path(id): Path<String>,
    PageForm(fields): Fields,
) -> Result<Response, PageError> {
    step(&app, lang, &s, &fields, || send_notice(&app, &s.user, &id)).await?;
    Ok(back(lang, &id, "sent"))
}

pub(crate) async fn answer_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Path(id): Path<String>,
    PageForm(fields): Fields,
) -> Result<Response, PageError> {
    let text = fields.get("text").cloned().unwrap_or_default();
    step(&app, lang, &s, &fields, || record_answer(&app, &s.user, &id, &text)).await?;
    Ok(back(lang, &id, "answered"))
}

pub(crate) async fn recheck_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Path(id): Path<String>,
    PageForm(fields): Fields,
) -> Result<Response, PageError> {
    step(&app, lang, &s, &fields, || async { recheck(&app, &s.user, &id).await.map(|_| ()) }).await?;
    Ok(back(lang, &id, "rechecked"))
}

pub(crate) async fn found_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Path(id): Path<String>,
    PageForm(fields): Fields,
) -> Result<Response, PageError> {
    let gone = match fields.get("finding").map(String::as_str) {
        Some("gone") => true,
        Some("still_there") => false,
        _ => return Err(PageError::new(StatusCode::BAD_REQUEST, lang, "bad-form")),
    };
    let note = fields.get("note").cloned().unwrap_or_default();
    step(&app, lang, &s, &fields, || confirm(&app, &s.user, &id, gone, &note)).await?;
    Ok(back(lang, &id, if gone { "gone" } else { "still-there" }))
}

/// The take-down part of the item's page.
pub(crate) fn section(app: &App, lang: Lang, s: &Staff, t: &Takedown, done: Option<&str>) -> Markup {
    let l = lang.code();
    let i = &t.item;
    let action = |what: &str| format!("/{l}/staff/hotline/items/{}/{what}", i.id);
    let csrf = html! { input type="hidden" name="csrf" value=(csrf_token(app, &s.token)); };
    let rechecked = t.timeline.iter().any(|e| e.row.kind == "recheck");
    html! {
        section class="card" id="takedown" {
            h2 { (lang.t("notice-title")) }
            @if let Some(d) = done { div class="card done" role="status" { p { strong { (lang.t(&format!("notice-done-{d}"))) } } } }
            p class="hint" { (lang.t("notice-never-fetched")) }
            table class="facts" {
                tr { th { (lang.t("notice-hosted-in")) } td data-hosting-country {
                    @match (&i.hosting_country, i.hosting_checked_at) {
                        (Some(c), Some(at)) => { (c) " · " (lang.t("notice-checked")) " " (datetime(at)) }
                        (None, Some(at)) => { (lang.t("notice-country-unknown")) " · " (datetime(at)) }
                        _ => { (lang.t("notice-not-checked")) }
                    }
                } }
                tr { th { (lang.t("notice-host")) } td data-host {
                    @match &t.host {
                        Some(h) => {
                            (h.host.name) " · " (lang.t(&format!("hosts-kind-{}", h.host.kind.as_str())))
                            @if let Some(e) = &h.host.abuse_email { " · " code { (e) } } @else { " · " (lang.t("notice-no-contact")) }
                        }
                        None => { (lang.t("notice-host-unknown")) }
                    }
                } }
                @if let Some(r) = i.removed_at {
                    tr { th { (lang.t("notice-removed-at")) } td { (datetime(r)) } }
                }
                @if let Some(ms) = t.time_to_removal {
                    tr { th { (lang.t("notice-time-to-removal")) } td data-time-to-removal { (days_hours(lang, ms)) } }
                }
                @if let Some(due) = t.due_at {
                    tr { th { (lang.t("notice-next-step")) } td { (datetime(due)) } }
                }
            }
            @if i.removed_at.is_none() {
                form method="post" action=(action("locate")) class="inline" {
                    (csrf)
                    button type="submit" { (lang.t("notice-locate")) }
                }
                @if !t.noticed {
                    @match t.notice_blocked {
                        Some(code) => { p class="hint" data-notice-blocked=(code) { (lang.t(&format!("error-{code}"))) } }
                        None => {
                            form method="post" action=(action("notice")) {
                                (csrf)
                                p { (lang.t("notice-send-explain")) }
                                button type="submit" class="primary" { (lang.t("notice-send")) }
                            }
                        }
                    }
                } @else {
                    form method="post" action=(action("answer")) {
                        (csrf)
                        label for="notice-answer" { (lang.t("notice-answer-label")) }
                        textarea id="notice-answer" name="text" rows="3" maxlength="4000" {}
                        button type="submit" { (lang.t("notice-record-answer")) }
                    }
                }
                @if t.noticed || i.hosting_checked_at.is_some() {
                    form method="post" action=(action("recheck")) class="inline" {
                        (csrf)
                        button type="submit" { (lang.t("notice-recheck")) }
                    }
                }
                @if rechecked || t.noticed {
                    form method="post" action=(action("found")) {
                        (csrf)
                        p { (lang.t("notice-found-ask")) }
                        label for="notice-note" { (lang.t("notice-note-label")) }
                        textarea id="notice-note" name="note" rows="2" maxlength="4000" {}
                        button type="submit" name="finding" value="gone" class="primary" { (lang.t("notice-gone")) }
                        " "
                        button type="submit" name="finding" value="still_there" { (lang.t("notice-still-there")) }
                    }
                }
            }
            @if !t.timeline.is_empty() {
                h3 { (lang.t("notice-timeline")) }
                ol class="timeline" id="notice-timeline" {
                    @for e in &t.timeline {
                        li data-kind=(e.row.kind) {
                            (datetime(e.row.at)) " · " strong { (lang.t(&format!("notice-kind-{}", e.row.kind.replace('_', "-")))) }
                            " · " (e.by.clone().unwrap_or_else(|| lang.t("notice-by-job")))
                            @if let Some(to) = &e.to { " · " (lang.t("notice-to")) " " code { (to) } }
                            @if let Some(o) = &e.row.outcome { " · " (lang.t("notice-outcome")) " " (o) }
                            @match e.row.mail_state.as_deref() {
                                Some("pending") => { " · " (lang.t("notice-mail-pending")) }
                                Some(_) => { " · " (lang.t("notice-mail-sent")) " " (e.row.mailed_at.map(datetime).unwrap_or_default()) }
                                None => {}
                            }
                            @if let Some(text) = &e.text { blockquote { (text) } }
                        }
                    }
                }
            }
        }
    }
}
