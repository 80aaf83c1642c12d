//! A supervisor reads a chat along and coaches its counsellor: the thread without marking
//! anything delivered or read (the child is not told someone else opened it beyond the
//! access log, by role), a private note to the counsellor (never shown to the child), and
//! what the counsellor's page shows of it: who reads along, the notes, and the canned
//! responses to insert in a reply.

use crate::base::auth::{csrf_token, require_csrf, PageStaff, AUTO_RELOAD};
use crate::base::error::PageError;
use crate::base::extract::{PageForm, PageLang};
use crate::base::layout::staff_page;
use crate::chat::talk::Names;
use crate::parts::format::datetime;
use crate::parts::i18n::Lang;
use crate::service::case::Case;
use crate::service::supervision::{coach, coaching_for, read_along, COACH_MAX};
use crate::App;
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use serde::Deserialize;
use zeri_storage::{ChatRow, StoreError};

#[derive(Deserialize)]
pub(crate) struct Auto {
    auto: Option<String>,
}

/// `GET /{lang}/staff/chats/{id}/supervise`: the thread, read along; the thread and notes
/// are fetched again every 5 seconds (the whole page reloads without a script).
pub(crate) async fn supervise_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Path(id): Path<String>,
    Query(q): Query<Auto>,
) -> Result<Response, PageError> {
    let l = lang.code();
    let (chat, case) = read_along(&app, &s.user, &id, q.auto.is_some()).await.map_err(|f| f.page(lang))?;
    let mut names = Names::new(lang, Some(&s.user.id));
    let mut lines = Vec::new();
    for m in app.store.messages_after(&chat.report_id, 0).await.map_err(|e| PageError::internal(lang, e))? {
        let Ok(body) = case.sealer.open(&m.row.sealed, zeri_storage::context::message(&m.row.id).as_bytes()) else {
            continue;
        };
        let who = names.who(&app, &m.row).await.map_err(|e| PageError::internal(lang, e))?;
        lines.push((who, m.row.created_at, String::from_utf8_lossy(&body).into_owned()));
    }
    let notes = coaching_for(&app, &chat, &case).await.map_err(|f| f.page(lang))?;
    let body = html! {
        (crate::base::chrome::logout_form(&app, lang, &s))
        p { a href={ "/" (l) "/staff/supervision" } { (lang.t("sup-queue-title")) } }
        h1 { (lang.t("sup-read-along")) " · " (case.report.case_ref) }
        p class="hint" { (lang.t("sup-read-along-hint")) }
        div data-live={ "/" (l) "/staff/chats/" (chat.id) "/supervise?" (AUTO_RELOAD) } data-live-seconds="5" {
            ol class="chat-log" { @for (who, at, text) in &lines { li { div class="meta" { (who) " · " (datetime(*at)) } p { (text) } } } }
            section class="card" {
                h2 { (lang.t("sup-coach-title")) }
                ul { @for (who, at, text) in &notes.notes { li { (who) " · " (datetime(*at)) ": " (text) } } }
            }
        }
        section class="card" {
            form method="post" action={ "/" (l) "/staff/chats/" (chat.id) "/coach" } {
                input type="hidden" name="csrf" value=(csrf_token(&app, &s.token));
                label for="note" { (lang.t("sup-coach-note")) }
                textarea id="note" name="note" maxlength=(COACH_MAX) required {}
                p { button class="primary" type="submit" { (lang.t("sup-coach-send")) } }
            }
        }
    };
    let refresh = format!("5; url=/{l}/staff/chats/{}/supervise?{AUTO_RELOAD}", chat.id);
    // With a script the thread and the notes are fetched again (`app.js`, `data-live`), so a
    // coaching note being written stays; without one, the page reloads itself.
    let page = staff_page(
        lang,
        &lang.t("sup-read-along"),
        html! { noscript { meta http-equiv="refresh" content=(refresh); } (body) },
    );
    Ok(([(header::CACHE_CONTROL, "no-store")], page).into_response())
}

#[derive(Deserialize)]
pub(crate) struct CoachForm {
    csrf: Option<String>,
    note: Option<String>,
}

pub(crate) async fn coach_form(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Path(id): Path<String>,
    PageForm(f): PageForm<CoachForm>,
) -> Result<Response, PageError> {
    require_csrf(&app, lang, &s, f.csrf.as_deref())?;
    coach(&app, &s.user, &id, f.note.as_deref().unwrap_or("")).await.map_err(|f| f.page(lang))?;
    Ok(Redirect::to(&format!("/{}/staff/chats/{id}/supervise", lang.code())).into_response())
}

/// On the counsellor's chat page: who reads along, the supervisors' notes (for the
/// counsellor only), and the canned responses (a select; `chat.js` inserts the chosen one
/// in the reply, and without a script the text is there to copy).
pub(crate) async fn for_counsellor(app: &App, lang: Lang, chat: &ChatRow, case: &Case) -> Result<Markup, StoreError> {
    let coaching = coaching_for(app, chat, case).await.map_err(|_| StoreError::Corrupt("coaching note".into()))?;
    let user_org = case.user_org.as_ref().map(|o| o.id.clone());
    let canned = app.store.canned_responses(user_org.as_deref(), lang.code()).await?;
    Ok(html! {
        @for w in &coaching.watchers {
            p class="hint" data-reading-along=(w) { (lang.t_args("sup-reading-along", &[("name", w.clone().into())])) }
        }
        @if !coaching.notes.is_empty() {
            section class="card coaching" aria-label=(lang.t("sup-coach-title")) {
                h2 { (lang.t("sup-coach-title")) }
                ul { @for (who, at, text) in &coaching.notes { li data-coaching { (who) " · " (datetime(*at)) ": " (text) } } }
            }
        }
        @if !canned.is_empty() {
            details class="card canned" {
                summary { (lang.t("sup-canned-insert")) }
                label for="canned" { (lang.t("sup-canned-choose")) }
                select id="canned" data-canned-select {
                    option value="" { "—" }
                    @for c in &canned { option value=(c.body) { (c.title) } }
                }
                ul { @for c in &canned { li { strong { (c.title) } ": " (c.body) } } }
            }
        }
    })
}
