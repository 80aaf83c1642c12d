//! The child's side of the chat.

use crate::base::auth::PageSurvivor;
use crate::base::error::PageError;
use crate::base::extract::PageLang;
use crate::base::layout::page;
use crate::chat::common::chat_box;
use crate::chat::common::child_case;
use crate::chat::common::internal;
use crate::chat::common::refused;
use crate::chat::common::seen;
use crate::chat::common::store;
use crate::chat::common::After;
use crate::chat::common::From;
use crate::chat::common::Seen;
use crate::chat::common::Send;
use crate::chat::stream::{stream, Watcher};
use crate::chat::talk::{conversation, log, Names, Side};
use crate::now_ms;
use crate::parts::format::datetime;
use crate::parts::i18n::Lang;
use crate::service::chat::availability;
use crate::service::chat::open_for_child;
use crate::service::chat::Availability;
use crate::service::chat::Opened;
use crate::service::chat::PER_MINUTE;
use crate::AppState;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::sse::{Event, Sse};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Json;
use maud::{html, Markup};
use serde_json::json;
use std::convert::Infallible;
use zeri_storage::{Author, ChatStatus, NewEvent, StoreError};

pub(crate) async fn child_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageSurvivor(survivor): PageSurvivor,
) -> Result<Response, PageError> {
    let l = lang.code();
    let Some(s) = survivor else {
        return Ok(Redirect::to(&format!("/{l}/followup")).into_response());
    };
    let report = app
        .store
        .report(&s.report_id)
        .await
        .map_err(|e| PageError::internal(lang, e))?
        .ok_or(PageError::not_found(lang))?;
    if report.erased_at.is_some() {
        return Ok(Redirect::to(&format!("/{l}/followup")).into_response());
    }
    let now = now_ms();
    let err = |e| PageError::internal(lang, e);
    let a = availability(&app, &report, now).await.map_err(err)?;
    let open = app.store.open_chat_of(&report.id).await.map_err(err)?;
    let taken = open.as_ref().is_some_and(|c| c.status == ChatStatus::Active);
    // The chat has ended: the two questions at once, while it is unrated (once per chat).
    let rating = match open {
        None => crate::service::ratings::offer(&app, &report.id).await.map_err(|f| f.page(lang))?,
        Some(_) => None,
    };
    let sealer = crate::service::case::sealer(&app, &report).await.map_err(|_| PageError::not_found(lang))?;
    let mut names = Names::new(lang, None);
    let lines = conversation(&app, &report.id, &sealer, Author::Survivor, &mut names, now).await.map_err(err)?;
    let body = html! {
        h1 { (lang.t("chat-title")) }
        @if let Some(token) = &rating { (crate::chat::rating::on_chat_page(lang, token)) }
        (availability_note(lang, &a, taken))
        p class="hint" { (lang.t("chat-text-only")) }
        p class="hint" { (lang.t("sup-child-read-along")) }
        (chat_box(lang, Side::Child, "/followup/chat", None, log(lang, Side::Child, &lines, now)))
        p { a href={ "/" (l) "/followup#messages" } { (lang.t("chat-back-to-messages")) } }
    };
    Ok(([(header::CACHE_CONTROL, "no-store")], page(lang, &lang.t("chat-title"), body)).into_response())
}

/// Whether and when someone answers. It goes (`chat.js`) once someone takes the chat, and
/// comes back if the chat goes back to the queue; `taken`: already gone at load.
fn availability_note(lang: Lang, a: &Availability, taken: bool) -> Markup {
    html! {
        @if a.routed_to.is_some() {
            p class="card" role="status" data-chat-banner hidden[taken] { (lang.t("chat-to-your-psychologist")) }
        } @else if a.open {
            p class="card" role="status" data-chat-banner hidden[taken] { (lang.t("chat-open")) }
        } @else {
            div class="card" role="status" data-chat-banner hidden[taken] {
                p { (lang.t("chat-closed")) }
                @if let Some(next) = a.next { p { (lang.t_args("chat-next-opening", &[("when", datetime(next).into())])) } }
                p { strong { (lang.t("chat-help-now")) } }
            }
        }
    }
}

pub(crate) async fn child_open(State(app): State<AppState>, headers: HeaderMap) -> Response {
    let lang = crate::base::extract::caller_lang(&headers);
    let (report, _) = match child_case(&app, &headers).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let now = now_ms();
    match open_for_child(&app, &report, now).await {
        Ok(Opened::Chat(chat)) => Json(json!({ "chat": chat.id, "status": chat.status.as_str() })).into_response(),
        Ok(Opened::Blocked) => refused(StatusCode::CONFLICT, "blocked", lang),
        Err(e) => internal(e),
    }
}

pub(crate) async fn child_send(State(app): State<AppState>, headers: HeaderMap, Json(m): Json<Send>) -> Response {
    let lang = crate::base::extract::caller_lang(&headers);
    let (report, sealer) = match child_case(&app, &headers).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let now = now_ms();
    let bucket = app.keys.lookup_digest("throttle-chat", report.id.as_bytes());
    match app.store.throttle_hit(&bucket, now, 60_000).await {
        Ok(n) if n > PER_MINUTE => return refused(StatusCode::TOO_MANY_REQUESTS, "too-fast", lang),
        Ok(_) => {}
        Err(e) => return internal(e),
    }
    let chat = match open_for_child(&app, &report, now).await {
        Ok(Opened::Chat(c)) => c,
        Ok(Opened::Blocked) => return refused(StatusCode::CONFLICT, "blocked", lang),
        Err(e) => return internal(e),
    };
    let from = From { report_id: &report.id, chat_id: &chat.id, author: Author::Survivor, staff_id: None };
    store(&app, &sealer, from, &m, lang).await
}

pub(crate) async fn child_typing(State(app): State<AppState>, headers: HeaderMap) -> Response {
    match child_case(&app, &headers).await {
        Ok((report, _)) => {
            app.chat.typing(&report.id, Author::Survivor);
            StatusCode::NO_CONTENT.into_response()
        }
        Err(r) => r,
    }
}

pub(crate) async fn child_seen(State(app): State<AppState>, headers: HeaderMap, Json(s): Json<Seen>) -> Response {
    match child_case(&app, &headers).await {
        Ok((report, _)) => seen(&app, &report.id, Author::Staff, s.seq).await,
        Err(r) => r,
    }
}

pub(crate) async fn child_end(State(app): State<AppState>, headers: HeaderMap) -> Response {
    let (report, _) = match child_case(&app, &headers).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let now = now_ms();
    if let Ok(Some(chat)) = app.store.open_chat_of(&report.id).await {
        let e =
            NewEvent { report_id: Some(report.id.clone()), at: now, action: "child-chat-ended", ..NewEvent::default() };
        match app.store.end_chat(&chat.id, "child", None, now, &e).await {
            Ok(()) | Err(StoreError::Conflict { .. }) => {}
            Err(e) => return internal(e),
        }
        app.chat.wake(&report.id);
    }
    StatusCode::NO_CONTENT.into_response()
}

pub(crate) async fn child_events(
    State(app): State<AppState>,
    headers: HeaderMap,
    Query(after): Query<After>,
) -> Result<Sse<impl futures_util::Stream<Item = Result<Event, Infallible>>>, Response> {
    let (report, sealer) = child_case(&app, &headers).await?;
    let cursor = last_event_id(&headers).or(after.after).unwrap_or(0);
    let Some(token) = crate::base::auth::survivor_cookie(&headers) else {
        return Err(StatusCode::UNAUTHORIZED.into_response());
    };
    let watcher = Watcher::Child { token: token.to_owned() };
    let lang = after.lang.as_deref().and_then(Lang::from_code).unwrap_or(crate::base::extract::caller_lang(&headers));
    Ok(stream(app, watcher, report.id, sealer, Author::Survivor, cursor, lang))
}

pub(crate) fn last_event_id(headers: &HeaderMap) -> Option<i64> {
    headers.get("last-event-id").and_then(|v| v.to_str().ok()).and_then(|v| v.parse().ok())
}
