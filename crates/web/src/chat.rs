//! Live chat: a child, signed in with the receipt, writes; an on-duty counsellor (or the
//! psychologist the case was referred to, within the hours they set) answers at once.
//!
//! Transport: the page's script posts each message and listens with server-sent events
//! (`EventSource`), which reconnect by themselves and send the id of the last message they
//! saw (`Last-Event-ID`): the stream starts after it. The database is the only place a
//! message lives (sealed under the case key, in the report's thread), so a dropped
//! connection or a restarted server loses nothing; the in-memory [`Hub`] only wakes the
//! streams at once, and every stream also looks every few seconds (another instance may
//! have stored a message). Sends carry an id made by the page, so a retried send is stored
//! once. Typing is passed on, never stored. Without JavaScript the follow-up messages
//! remain: the same thread, answered when someone can.
//!
//! Nothing of a message reaches a log: handlers log codes only.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::time::Duration;

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use maud::{html, Markup};
use serde::Deserialize;
use serde_json::json;
use tokio::sync::broadcast;
use zeri_crypto::Sealer;
use zeri_domain::permission::Profession;
use zeri_domain::{hours, Action, Role};
use zeri_storage::{Author, ChatRow, ChatStatus, NewEvent, NewMessage, ReportRow, StaffRow, StoreError};

use crate::auth::{self, csrf_ok, csrf_token, PageStaff, Staff, Survivor};
use crate::cases::{self, event, load_case, Fail};
use crate::error::PageError;
use crate::extract::{PageForm, PageLang};
use crate::i18n::Lang;
use crate::views::{datetime, page, staff_page};
use crate::{now_ms, App, AppState};

/// Longest chat message, in characters.
pub const MAX_CHARS: usize = 2000;
/// Messages a child may send per minute in a chat.
pub const PER_MINUTE: i64 = 30;
/// After a counsellor blocks a chat, no new chat for this long (messages still work).
pub const BLOCK_MS: i64 = 24 * 3_600_000;
/// How often a stream looks in the database without being woken.
const POLL: Duration = Duration::from_secs(4);

/// Wakes the streams of a report when something happens to it, and ends every stream when
/// the server shuts down (a stream never ends by itself; the page reconnects).
#[derive(Clone)]
pub struct Hub(broadcast::Sender<Signal>, tokio::sync::watch::Sender<bool>);

#[derive(Clone, Debug)]
pub struct Signal {
    pub report_id: String,
    /// `Some(author)`: that side is typing; `None`: look again.
    pub typing: Option<Author>,
}

impl Default for Hub {
    fn default() -> Self {
        Hub(broadcast::channel(1024).0, tokio::sync::watch::channel(false).0)
    }
}

impl Hub {
    /// Ends every stream, so a graceful shutdown does not wait for them.
    pub fn close(&self) {
        self.1.send_replace(true);
    }

    pub fn wake(&self, report_id: &str) {
        let _ = self.0.send(Signal { report_id: report_id.to_owned(), typing: None });
    }

    fn typing(&self, report_id: &str, who: Author) {
        let _ = self.0.send(Signal { report_id: report_id.to_owned(), typing: Some(who) });
    }
}

pub fn router() -> Router<AppState> {
    let mut r = Router::new()
        .route("/followup/chat/open", post(child_open))
        .route("/followup/chat/events", get(child_events))
        .route("/followup/chat/send", post(child_send))
        .route("/followup/chat/typing", post(child_typing))
        .route("/followup/chat/seen", post(child_seen))
        .route("/followup/chat/end", post(child_end));
    for l in Lang::ALL.map(Lang::code) {
        r = r
            .route(&format!("/{l}/followup/chat"), get(child_page))
            .route(&format!("/{l}/staff/chats"), get(queue_page))
            .route(&format!("/{l}/staff/chats/duty"), post(duty_form))
            .route(&format!("/{l}/staff/chats/blocked"), get(blocked_page))
            .route(&format!("/{l}/staff/chats/hours"), post(hours_form))
            .route(&format!("/{l}/staff/chats/{{id}}"), get(staff_page_handler))
            .route(&format!("/{l}/staff/chats/{{id}}/take"), post(take_form))
            .route(&format!("/{l}/staff/chats/{{id}}/handover"), post(handover_form))
            .route(&format!("/{l}/staff/chats/{{id}}/end"), post(end_form))
            .route(&format!("/{l}/staff/chats/{{id}}/events"), get(staff_events))
            .route(&format!("/{l}/staff/chats/{{id}}/send"), post(staff_send))
            .route(&format!("/{l}/staff/chats/{{id}}/typing"), post(staff_typing))
            .route(&format!("/{l}/staff/chats/{{id}}/seen"), post(staff_seen));
    }
    r
}

// ----- who answers -----

/// Who a new chat goes to, and whether someone answers now.
pub struct Availability {
    /// A psychologist of the case whose hours are now; `None`: the helpline queue.
    pub routed_to: Option<StaffRow>,
    /// Someone answers now: the routed professional, or the helpline within its hours
    /// with a counsellor on duty.
    pub open: bool,
    /// When the helpline opens next, if it is closed.
    pub next: Option<i64>,
}

pub async fn availability(app: &App, report: &ReportRow, now: i64) -> Result<Availability, StoreError> {
    let staff = app.store.list_staff().await?;
    // A session booked for now goes to its professional.
    if let Some(id) = crate::sessions::session_now(app, &report.id, now).await? {
        if let Some(s) = staff.iter().find(|s| s.id == id && !s.disabled) {
            return Ok(Availability { routed_to: Some(s.clone()), open: true, next: None });
        }
    }
    let team: Vec<String> = app.store.team(&report.id).await?.into_iter().map(|m| m.staff_id).collect();
    let accepted: Vec<String> = app
        .store
        .referrals(&report.id)
        .await?
        .into_iter()
        .filter(|f| f.status == zeri_domain::casework::ReferralStatus::Accepted)
        .map(|f| f.to_org)
        .collect();
    for s in staff.iter().filter(|s| !s.disabled && s.profession == Some(Profession::Psychologist)) {
        let related = team.contains(&s.id) || s.org_id.as_ref().is_some_and(|o| accepted.contains(o));
        if related && hours::is_open(&app.store.hours(&s.id).await?, now) {
            return Ok(Availability { routed_to: Some(s.clone()), open: true, next: None });
        }
    }
    let in_hours = hours::is_open(&app.config.chat_hours, now);
    let on_duty = !app.store.on_duty().await?.is_empty();
    let next = (!in_hours).then(|| hours::next_opening(&app.config.chat_hours, now)).flatten();
    Ok(Availability { routed_to: None, open: in_hours && on_duty, next })
}

/// Tells who should answer that a chat is waiting: the routed professional, or the
/// counsellors on duty (all helpline counsellors when nobody is on duty).
async fn notify_waiting(app: &App, chat: &ChatRow) -> Result<(), StoreError> {
    let to: Vec<String> = match &chat.routed_to {
        Some(id) => vec![id.clone()],
        None => {
            let duty: Vec<String> = app.store.on_duty().await?.into_iter().map(|(id, _)| id).collect();
            if duty.is_empty() {
                app.store
                    .list_staff()
                    .await?
                    .into_iter()
                    .filter(|s| !s.disabled && s.role == Role::Counsellor)
                    .map(|s| s.id)
                    .collect()
            } else {
                duty
            }
        }
    };
    crate::notify::notify(app, &to, "chat", Some(&chat.report_id)).await
}

// ----- the child's side -----

async fn survivor(app: &App, headers: &HeaderMap) -> Result<Survivor, StatusCode> {
    auth::page_survivor(app, headers)
        .await
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?
        .ok_or(StatusCode::UNAUTHORIZED)
}

/// The report and its sealer, for a signed-in child; `Gone` once erased.
async fn child_case(app: &App, headers: &HeaderMap) -> Result<(ReportRow, Sealer), Response> {
    let s = survivor(app, headers).await.map_err(IntoResponse::into_response)?;
    let report =
        app.store.report(&s.report_id).await.map_err(internal)?.ok_or(StatusCode::UNAUTHORIZED.into_response())?;
    let sealer = cases::sealer(app, &report).await.map_err(|f| internal(format!("{:?}", fail_code(&f))))?;
    if sealer.is_destroyed() {
        return Err(StatusCode::GONE.into_response());
    }
    Ok((report, sealer))
}

fn fail_code(f: &Fail) -> &'static str {
    match f {
        Fail::NotFound => "not-found",
        Fail::Forbidden => "forbidden",
        Fail::Conflict(c) => c,
        Fail::Invalid(_) => "invalid",
        Fail::Erased(_) => "erased",
        Fail::Internal(_) => "internal",
    }
}

fn internal(e: impl std::fmt::Display) -> Response {
    tracing::error!(error = %e, "chat: internal error");
    StatusCode::INTERNAL_SERVER_ERROR.into_response()
}

fn refused(status: StatusCode, code: &str, lang: Lang) -> Response {
    (status, Json(json!({ "error": code, "message": lang.t(&format!("chat-error-{code}")) }))).into_response()
}

async fn child_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let l = lang.code();
    let Some(s) = auth::page_survivor(&app, &headers).await.map_err(|e| PageError::internal(lang, e))? else {
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
    let a = availability(&app, &report, now).await.map_err(|e| PageError::internal(lang, e))?;
    let body = html! {
        h1 { (lang.t("chat-title")) }
        (availability_note(lang, &a))
        p class="hint" { (lang.t("chat-text-only")) }
        (chat_box(lang, "child", "/followup/chat", None))
        p { a href={ "/" (l) "/followup#messages" } { (lang.t("chat-back-to-messages")) } }
    };
    Ok(([(header::CACHE_CONTROL, "no-store")], page(lang, &lang.t("chat-title"), body)).into_response())
}

fn availability_note(lang: Lang, a: &Availability) -> Markup {
    html! {
        @if a.routed_to.is_some() {
            p class="card" role="status" { (lang.t("chat-to-your-psychologist")) }
        } @else if a.open {
            p class="card" role="status" { (lang.t("chat-open")) }
        } @else {
            div class="card" role="status" {
                p { (lang.t("chat-closed")) }
                @if let Some(next) = a.next { p { (lang.t_args("chat-next-opening", &[("when", datetime(next).into())])) } }
                p { strong { (lang.t("chat-help-now")) } }
            }
        }
    }
}

/// The chat area; `chat.js` brings it to life. `csrf`: staff pages only.
fn chat_box(lang: Lang, side: &str, base: &str, csrf: Option<&str>) -> Markup {
    html! {
        section class="chat" id="chat" data-chat=(side) data-base=(base) data-csrf=[csrf]
            data-t-sending=(lang.t("chat-sending")) data-t-sent=(lang.t("chat-sent"))
            data-t-delivered=(lang.t("chat-delivered")) data-t-read=(lang.t("chat-read"))
            data-t-typing=(lang.t("chat-typing")) data-t-offline=(lang.t("chat-offline"))
            data-t-online=(lang.t("chat-online")) data-t-ended=(lang.t("chat-ended"))
            data-t-waiting=(lang.t("chat-waiting")) data-t-active=(lang.t("chat-active"))
            data-t-you=(lang.t("chat-you")) data-t-them=(lang.t(if side == "child" { "chat-them" } else { "chat-child" })) {
            noscript { p { (lang.t("chat-needs-script")) } }
            p class="chat-state" role="status" aria-live="polite" {}
            ol class="chat-log" aria-live="polite" {}
            p class="chat-typing" aria-live="polite" {}
            form class="chat-form" {
                label for="chat-body" { (lang.t("chat-write")) }
                textarea id="chat-body" name="body" maxlength=(MAX_CHARS) rows="3" required {}
                p class="field-error chat-error" role="alert" {}
                p { button class="primary" type="submit" { (lang.t("chat-send")) } }
            }
            @if side == "child" {
                p { button type="button" class="chat-end" { (lang.t("chat-end")) } }
            }
        }
        script src="/static/chat.js" defer {}
    }
}

async fn child_open(State(app): State<AppState>, headers: HeaderMap) -> Response {
    let lang = crate::extract::caller_lang(&headers);
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

enum Opened {
    Chat(ChatRow),
    Blocked,
}

async fn open_for_child(app: &App, report: &ReportRow, now: i64) -> Result<Opened, StoreError> {
    if let Some(chat) = app.store.open_chat_of(&report.id).await? {
        return Ok(Opened::Chat(chat));
    }
    if app.store.last_block(&report.id).await?.is_some_and(|at| now - at < BLOCK_MS) {
        return Ok(Opened::Blocked);
    }
    let a = availability(app, report, now).await?;
    let chat = ChatRow {
        id: uuid::Uuid::new_v4().simple().to_string(),
        report_id: report.id.clone(),
        opened_at: now,
        status: ChatStatus::Waiting,
        routed_to: a.routed_to.map(|s| s.id),
        staff_id: None,
        answered_at: None,
        ended_at: None,
        ended_by: None,
        sealed: None,
    };
    let e =
        NewEvent { report_id: Some(report.id.clone()), at: now, action: "child-chat-opened", ..NewEvent::default() };
    match app.store.open_chat(&chat, &e).await {
        Ok(()) => {}
        // Opened a moment ago from another tab.
        Err(StoreError::Conflict { .. }) => {
            return Ok(Opened::Chat(app.store.open_chat_of(&report.id).await?.ok_or(StoreError::NotFound)?))
        }
        Err(e) => return Err(e),
    }
    if let Err(e) = notify_waiting(app, &chat).await {
        tracing::error!(error = %e, "chat: notifying staff failed");
    }
    app.chat.wake(&report.id);
    Ok(Opened::Chat(chat))
}

#[derive(Deserialize)]
struct Send {
    /// Made by the page (32 hex digits), so a retried send is stored once.
    id: String,
    body: String,
}

#[derive(Deserialize)]
struct Seen {
    seq: i64,
}

#[derive(Deserialize)]
struct After {
    after: Option<i64>,
}

async fn child_send(State(app): State<AppState>, headers: HeaderMap, Json(m): Json<Send>) -> Response {
    let lang = crate::extract::caller_lang(&headers);
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

/// Who writes in which chat.
struct From<'a> {
    report_id: &'a str,
    chat_id: &'a str,
    author: Author,
    staff_id: Option<&'a str>,
}

async fn store(app: &App, sealer: &Sealer, from: From<'_>, m: &Send, lang: Lang) -> Response {
    let From { report_id, chat_id, author, staff_id } = from;
    let body = m.body.trim();
    if body.is_empty() {
        return refused(StatusCode::UNPROCESSABLE_ENTITY, "empty", lang);
    }
    if body.chars().count() > MAX_CHARS {
        return refused(StatusCode::UNPROCESSABLE_ENTITY, "too-long", lang);
    }
    if m.id.len() != 32 || !m.id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return refused(StatusCode::UNPROCESSABLE_ENTITY, "bad-id", lang);
    }
    let id = m.id.to_ascii_lowercase();
    let message = NewMessage {
        sealed: sealer.seal(body.as_bytes(), zeri_storage::context::message(&id).as_bytes()),
        id: id.clone(),
        report_id: report_id.to_owned(),
        author,
        staff_id: staff_id.map(str::to_owned),
        created_at: now_ms(),
        key_id: zeri_storage::context::CASE_KEY_ID.to_owned(),
    };
    let seq = match app.store.insert_chat_message(&message, chat_id).await {
        Ok(seq) => seq,
        // Sent before, and the answer was lost: the same message, stored once.
        Err(StoreError::Conflict { .. }) => match app.store.message_seq(&id).await {
            Ok(Some((report, seq))) if report == report_id => seq,
            Ok(_) => return refused(StatusCode::CONFLICT, "bad-id", lang),
            Err(e) => return internal(e),
        },
        Err(e) => return internal(e),
    };
    app.chat.wake(report_id);
    (StatusCode::CREATED, Json(json!({ "seq": seq }))).into_response()
}

async fn child_typing(State(app): State<AppState>, headers: HeaderMap) -> Response {
    match child_case(&app, &headers).await {
        Ok((report, _)) => {
            app.chat.typing(&report.id, Author::Survivor);
            StatusCode::NO_CONTENT.into_response()
        }
        Err(r) => r,
    }
}

async fn child_seen(State(app): State<AppState>, headers: HeaderMap, Json(s): Json<Seen>) -> Response {
    match child_case(&app, &headers).await {
        Ok((report, _)) => seen(&app, &report.id, Author::Staff, s.seq).await,
        Err(r) => r,
    }
}

async fn seen(app: &App, report_id: &str, their: Author, seq: i64) -> Response {
    match app.store.mark_seen(report_id, their, seq, now_ms(), true).await {
        Ok(n) => {
            if n > 0 {
                app.chat.wake(report_id);
            }
            StatusCode::NO_CONTENT.into_response()
        }
        Err(e) => internal(e),
    }
}

async fn child_end(State(app): State<AppState>, headers: HeaderMap) -> Response {
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

async fn child_events(
    State(app): State<AppState>,
    headers: HeaderMap,
    Query(after): Query<After>,
) -> Result<Sse<impl futures_util::Stream<Item = Result<Event, Infallible>>>, Response> {
    let (report, sealer) = child_case(&app, &headers).await?;
    let cursor = last_event_id(&headers).or(after.after).unwrap_or(0);
    Ok(stream(app, report.id, sealer, Author::Survivor, cursor))
}

fn last_event_id(headers: &HeaderMap) -> Option<i64> {
    headers.get("last-event-id").and_then(|v| v.to_str().ok()).and_then(|v| v.parse().ok())
}

// ----- the stream, for both sides -----

struct Tail {
    app: AppState,
    report_id: String,
    sealer: Sealer,
    viewer: Author,
    cursor: i64,
    rx: broadcast::Receiver<Signal>,
    closing: tokio::sync::watch::Receiver<bool>,
    pending: VecDeque<Event>,
    receipts: (i64, i64),
    state: String,
    first: bool,
}

/// Every message after `cursor`, then each new one as it comes, with the other side's
/// typing, the delivery and read marks of the viewer's messages, and the chat's state.
fn stream(
    app: AppState,
    report_id: String,
    sealer: Sealer,
    viewer: Author,
    cursor: i64,
) -> Sse<impl futures_util::Stream<Item = Result<Event, Infallible>>> {
    let rx = app.chat.0.subscribe();
    let closing = app.chat.1.subscribe();
    let tail = Tail {
        app,
        report_id,
        sealer,
        viewer,
        cursor,
        rx,
        closing,
        pending: VecDeque::new(),
        receipts: (0, 0),
        state: String::new(),
        first: true,
    };
    let s = futures_util::stream::unfold(tail, |mut t| async move {
        loop {
            if let Some(e) = t.pending.pop_front() {
                return Some((Ok(e), t));
            }
            if *t.closing.borrow() {
                return None;
            }
            if !t.first {
                // Wait to be woken, or look again after a while; end at shutdown.
                let woke = tokio::select! {
                    w = tokio::time::timeout(POLL, t.rx.recv()) => w,
                    _ = t.closing.changed() => return None,
                };
                match woke {
                    Ok(Ok(Signal { report_id, typing: Some(who) })) if report_id == t.report_id => {
                        if who != t.viewer {
                            t.pending.push_back(Event::default().event("typing").data("1"));
                        }
                        continue;
                    }
                    Ok(Ok(Signal { report_id, .. })) if report_id != t.report_id => continue,
                    Ok(Err(broadcast::error::RecvError::Closed)) => return None,
                    _ => {}
                }
            }
            t.first = false;
            if let Err(e) = look(&mut t).await {
                tracing::error!(error = %e, "chat stream: reading failed");
                return None;
            }
        }
    });
    Sse::new(s).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

/// Reads what is new for the viewer into `pending`.
async fn look(t: &mut Tail) -> Result<(), StoreError> {
    let store = t.app.store.clone();
    // At most 1000 at a time; the rest come at the next look, straight after.
    let thread = store.messages_after(&t.report_id, t.cursor).await?;
    let now = now_ms();
    let mut newest_theirs = None;
    for m in &thread {
        let mine = m.row.author == t.viewer;
        let Ok(body) = t.sealer.open(&m.row.sealed, zeri_storage::context::message(&m.row.id).as_bytes()) else {
            continue; // erased meanwhile: nothing to show
        };
        let data = json!({
            "seq": m.seq,
            "id": m.row.id,
            "mine": mine,
            "at": m.row.created_at,
            "chat": m.chat_id.is_some(),
            "body": String::from_utf8_lossy(&body),
        });
        t.pending.push_back(Event::default().id(m.seq.to_string()).event("message").data(data.to_string()));
        t.cursor = m.seq;
        if !mine {
            newest_theirs = Some(m.seq);
        }
    }
    if let Some(seq) = newest_theirs {
        let their = if t.viewer == Author::Survivor { Author::Staff } else { Author::Survivor };
        if store.mark_seen(&t.report_id, their, seq, now, false).await? > 0 {
            t.app.chat.wake(&t.report_id);
        }
    }
    if thread.len() >= 1000 {
        t.app.chat.wake(&t.report_id);
    }
    let (delivered, read) = store.seen_marks(&t.report_id, t.viewer).await?;
    if (delivered, read) != t.receipts {
        t.receipts = (delivered, read);
        t.pending.push_back(
            Event::default().event("receipt").data(json!({ "delivered": delivered, "read": read }).to_string()),
        );
    }
    let state = match store.open_chat_of(&t.report_id).await? {
        Some(c) if c.status == ChatStatus::Active => "active",
        Some(_) => "waiting",
        None => "ended",
    };
    if state != t.state {
        t.state = state.to_owned();
        t.pending.push_back(Event::default().event("state").data(state));
    }
    Ok(())
}

// ----- the staff side -----

/// The chat and its case, for a professional who may answer the child.
async fn staff_chat(app: &App, user: &StaffRow, id: &str) -> Result<(ChatRow, cases::Case), Fail> {
    if id.len() > 64 {
        return Err(Fail::NotFound);
    }
    let chat = app.store.chat(id).await?.ok_or(Fail::NotFound)?;
    let case = load_case(app, user, &chat.report_id).await?;
    if !case.may(user, Action::Reply) {
        return Err(Fail::Forbidden);
    }
    Ok((chat, case))
}

fn staff_csrf(app: &App, s: &Staff, headers: &HeaderMap) -> bool {
    csrf_ok(app, &s.token, headers.get("x-csrf-token").and_then(|v| v.to_str().ok()))
}

fn fail_response(f: Fail) -> Response {
    match f {
        Fail::NotFound => StatusCode::NOT_FOUND.into_response(),
        Fail::Forbidden => StatusCode::FORBIDDEN.into_response(),
        Fail::Conflict(_) => StatusCode::CONFLICT.into_response(),
        Fail::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY.into_response(),
        Fail::Erased(_) => StatusCode::GONE.into_response(),
        Fail::Internal(e) => internal(e),
    }
}

async fn staff_events(
    State(app): State<AppState>,
    PageStaff(s): PageStaff,
    Path(id): Path<String>,
    headers: HeaderMap,
    Query(after): Query<After>,
) -> Result<Sse<impl futures_util::Stream<Item = Result<Event, Infallible>>>, Response> {
    let (chat, case) = staff_chat(&app, &s.user, &id).await.map_err(fail_response)?;
    app.store.record_event(&event(&s.user, &chat.report_id, "chat-viewed", None)).await.map_err(internal)?;
    let cursor = last_event_id(&headers).or(after.after).unwrap_or(0);
    Ok(stream(app.clone(), chat.report_id, case.sealer, Author::Staff, cursor))
}

async fn staff_send(
    State(app): State<AppState>,
    PageStaff(s): PageStaff,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(m): Json<Send>,
) -> Response {
    let lang = crate::extract::caller_lang(&headers);
    if !staff_csrf(&app, &s, &headers) {
        return StatusCode::FORBIDDEN.into_response();
    }
    let (chat, case) = match staff_chat(&app, &s.user, &id).await {
        Ok(c) => c,
        Err(f) => return fail_response(f),
    };
    if chat.status != ChatStatus::Active || chat.staff_id.as_deref() != Some(s.user.id.as_str()) {
        return refused(StatusCode::CONFLICT, "not-yours", lang);
    }
    let from =
        From { report_id: &chat.report_id, chat_id: &chat.id, author: Author::Staff, staff_id: Some(&s.user.id) };
    let response = store(&app, &case.sealer, from, &m, lang).await;
    if response.status() == StatusCode::CREATED {
        if let Err(e) = app.store.record_event(&event(&s.user, &chat.report_id, "replied", Some("chat"))).await {
            return internal(e);
        }
    }
    response
}

async fn staff_typing(
    State(app): State<AppState>,
    PageStaff(s): PageStaff,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    if !staff_csrf(&app, &s, &headers) {
        return StatusCode::FORBIDDEN.into_response();
    }
    match staff_chat(&app, &s.user, &id).await {
        Ok((chat, _)) => {
            app.chat.typing(&chat.report_id, Author::Staff);
            StatusCode::NO_CONTENT.into_response()
        }
        Err(f) => fail_response(f),
    }
}

async fn staff_seen(
    State(app): State<AppState>,
    PageStaff(s): PageStaff,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(x): Json<Seen>,
) -> Response {
    if !staff_csrf(&app, &s, &headers) {
        return StatusCode::FORBIDDEN.into_response();
    }
    match staff_chat(&app, &s.user, &id).await {
        Ok((chat, _)) => seen(&app, &chat.report_id, Author::Survivor, x.seq).await,
        Err(f) => fail_response(f),
    }
}

/// Who may work the chat queue: counsellors and hotline analysts (intake), and any
/// professional for the chats routed to them.
fn answers_queue(user: &StaffRow) -> bool {
    matches!(user.role, Role::Counsellor | Role::HotlineAnalyst)
}

async fn queue_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
) -> Result<Response, PageError> {
    let l = lang.code();
    let now = now_ms();
    let err = |e: StoreError| PageError::internal(lang, e);
    let duty = app.store.on_duty().await.map_err(err)?;
    let on = duty.iter().any(|(id, _)| *id == s.user.id);
    let my_hours = app.store.hours(&s.user.id).await.map_err(err)?;
    let mut rows = Vec::new();
    for chat in app.store.live_chats().await.map_err(err)? {
        let mine = chat.staff_id.as_deref() == Some(s.user.id.as_str())
            || chat.routed_to.as_deref() == Some(s.user.id.as_str());
        if !(mine || answers_queue(&s.user)) {
            continue;
        }
        let Ok(case) = load_case(&app, &s.user, &chat.report_id).await else { continue };
        if case.may(&s.user, Action::Reply) {
            rows.push((chat, case.report.case_ref.clone()));
        }
    }
    let names = app.store.list_staff().await.map_err(err)?;
    let name = |id: &Option<String>| {
        id.as_ref().and_then(|id| names.iter().find(|s| s.id == *id)).map(|s| s.username.clone()).unwrap_or_default()
    };
    let csrf = csrf_token(&app, &s.token);
    let body = html! {
        (crate::staff::logout_form(&app, lang, &s))
        h1 { (lang.t("chat-queue-title")) }
        form method="post" action={ "/" (l) "/staff/chats/duty" } class="card" {
            input type="hidden" name="csrf" value=(csrf);
            p role="status" { (lang.t(if on { "chat-on-duty" } else { "chat-off-duty" })) }
            input type="hidden" name="on" value=(if on { "0" } else { "1" });
            button type="submit" { (lang.t(if on { "chat-duty-stop" } else { "chat-duty-start" })) }
            " " span class="small" { (lang.t_args("chat-on-duty-count", &[("count", (duty.len() as i64).into())])) }
        }
        @if s.user.profession == Some(Profession::Psychologist) {
            form method="post" action={ "/" (l) "/staff/chats/hours" } class="card" {
                input type="hidden" name="csrf" value=(csrf);
                label for="hours" { (lang.t("chat-your-hours")) small { (lang.t("chat-hours-hint")) } }
                input id="hours" name="hours" value=(hours::format(&my_hours)) maxlength="300";
                p { button type="submit" { (lang.t("chat-hours-save")) } }
            }
        }
        @if rows.is_empty() { p { (lang.t("chat-queue-empty")) } }
        table class="chats" {
            thead { tr { th { (lang.t("chat-col-case")) } th { (lang.t("chat-col-state")) } th { (lang.t("chat-col-waiting")) } th { (lang.t("chat-col-who")) } th {} } }
            tbody {
                @for (chat, case_ref) in &rows {
                    tr data-chat-row=(chat.id) {
                        td { (case_ref) }
                        td { (lang.t(&format!("chat-{}", chat.status.as_str()))) }
                        td { @if chat.status == ChatStatus::Waiting { (lang.t_args("chat-minutes", &[("minutes", ((now - chat.opened_at) / 60_000).into())])) } }
                        td { (name(&chat.staff_id)) @if chat.routed_to.is_some() && chat.staff_id.is_none() { (lang.t_args("chat-routed-to", &[("name", name(&chat.routed_to).into())])) } }
                        td {
                            @if chat.status == ChatStatus::Waiting {
                                form method="post" action={ "/" (l) "/staff/chats/" (chat.id) "/take" } {
                                    input type="hidden" name="csrf" value=(csrf);
                                    button class="primary" type="submit" { (lang.t("chat-take")) }
                                }
                            } @else {
                                a href={ "/" (l) "/staff/chats/" (chat.id) } { (lang.t("chat-open-chat")) }
                            }
                        }
                    }
                }
            }
        }
    };
    // The queue refreshes itself every 10 seconds, without a script.
    let page = staff_page(lang, &lang.t("chat-queue-title"), html! { meta http-equiv="refresh" content="10"; (body) });
    Ok(([(header::CACHE_CONTROL, "no-store")], page).into_response())
}

#[derive(Deserialize)]
struct DutyForm {
    csrf: Option<String>,
    on: String,
}

async fn duty_form(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    PageForm(f): PageForm<DutyForm>,
) -> Result<Response, PageError> {
    auth::require_csrf(&app, lang, &s, f.csrf.as_deref())?;
    if !answers_queue(&s.user) {
        return Err(PageError::new(StatusCode::FORBIDDEN, lang, "forbidden"));
    }
    let on = f.on == "1";
    app.store.set_on_duty(&s.user.id, on, now_ms()).await.map_err(|e| PageError::internal(lang, e))?;
    Ok(Redirect::to(&format!("/{}/staff/chats", lang.code())).into_response())
}

#[derive(Deserialize)]
struct HoursForm {
    csrf: Option<String>,
    hours: Option<String>,
}

/// A psychologist sets when they answer the chats of the cases referred to them.
async fn hours_form(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    PageForm(f): PageForm<HoursForm>,
) -> Result<Response, PageError> {
    auth::require_csrf(&app, lang, &s, f.csrf.as_deref())?;
    if s.user.profession != Some(Profession::Psychologist) {
        return Err(PageError::new(StatusCode::FORBIDDEN, lang, "forbidden"));
    }
    let spans = hours::parse(f.hours.as_deref().unwrap_or(""))
        .map_err(|_| PageError::new(StatusCode::UNPROCESSABLE_ENTITY, lang, "chat-bad-hours"))?;
    app.store.set_hours(&s.user.id, &spans).await.map_err(|e| PageError::internal(lang, e))?;
    Ok(Redirect::to(&format!("/{}/staff/chats", lang.code())).into_response())
}

#[derive(Deserialize)]
struct CsrfForm {
    csrf: Option<String>,
}

async fn take_form(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Path(id): Path<String>,
    PageForm(f): PageForm<CsrfForm>,
) -> Result<Response, PageError> {
    auth::require_csrf(&app, lang, &s, f.csrf.as_deref())?;
    let (chat, _) = staff_chat(&app, &s.user, &id).await.map_err(|f| f.page(lang))?;
    let allowed = match &chat.routed_to {
        Some(to) => *to == s.user.id || answers_queue(&s.user),
        None => answers_queue(&s.user),
    };
    if !allowed {
        return Err(PageError::new(StatusCode::FORBIDDEN, lang, "forbidden"));
    }
    let now = now_ms();
    match app.store.take_chat(&chat.id, &s.user.id, now, &event(&s.user, &chat.report_id, "chat-taken", None)).await {
        Ok(()) => app.chat.wake(&chat.report_id),
        Err(StoreError::Conflict { .. }) => return Err(PageError::new(StatusCode::CONFLICT, lang, "chat-taken")),
        Err(e) => return Err(PageError::internal(lang, e)),
    }
    Ok(Redirect::to(&format!("/{}/staff/chats/{}", lang.code(), chat.id)).into_response())
}

async fn staff_page_handler(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let l = lang.code();
    let (chat, case) = staff_chat(&app, &s.user, &id).await.map_err(|f| f.page(lang))?;
    let csrf = csrf_token(&app, &s.token);
    let mine = chat.status == ChatStatus::Active && chat.staff_id.as_deref() == Some(s.user.id.as_str());
    let note = chat
        .sealed
        .as_ref()
        .filter(|_| chat.ended_at.is_none())
        .and_then(|n| cases::open_text(&case.sealer, &zeri_storage::context::chat_note(&chat.id), n).ok());
    let colleagues: Vec<StaffRow> = app
        .store
        .list_staff()
        .await
        .map_err(|e| PageError::internal(lang, e))?
        .into_iter()
        .filter(|u| {
            u.id != s.user.id && !u.disabled && (answers_queue(u) || u.profession == Some(Profession::Psychologist))
        })
        .collect();
    let hours = app.store.hours(&s.user.id).await.map_err(|e| PageError::internal(lang, e))?;
    let body = html! {
        (crate::staff::logout_form(&app, lang, &s))
        p { a href={ "/" (l) "/staff/chats" } { (lang.t("chat-queue-title")) } " · "
            a href={ "/" (l) "/staff/reports/" (chat.report_id) } { (case.report.case_ref) } }
        h1 { (lang.t("chat-title")) " · " (case.report.case_ref) }
        @if let Some(n) = note { p class="card" { strong { (lang.t("chat-handover-note")) ": " } (n) } }
        @if !mine { p class="hint" { (lang.t("chat-not-yours")) } }
        (chat_box(lang, "staff", &format!("/{l}/staff/chats/{}", chat.id), Some(&csrf)))
        @if mine {
            details class="card" {
                summary { (lang.t("chat-handover")) }
                form method="post" action={ "/" (l) "/staff/chats/" (chat.id) "/handover" } {
                    input type="hidden" name="csrf" value=(csrf);
                    label for="to" { (lang.t("chat-handover-to")) }
                    select id="to" name="to" {
                        option value="" { (lang.t("chat-handover-queue")) }
                        @for c in &colleagues { option value=(c.id) { (c.username) } }
                    }
                    label for="note" { (lang.t("chat-handover-note")) }
                    textarea id="note" name="note" maxlength="1000" {}
                    p { button type="submit" { (lang.t("chat-handover-send")) } }
                }
            }
            form method="post" action={ "/" (l) "/staff/chats/" (chat.id) "/end" } class="card" {
                input type="hidden" name="csrf" value=(csrf);
                p { button type="submit" name="block" value="0" { (lang.t("chat-end")) } }
                label for="reason" { (lang.t("chat-block-reason")) }
                input id="reason" name="reason" maxlength="500";
                p { button type="submit" name="block" value="1" { (lang.t("chat-block")) } }
            }
        }
        @if s.user.profession == Some(Profession::Psychologist) {
            p class="small" { (lang.t("chat-your-hours")) ": " (if hours.is_empty() { lang.t("chat-no-hours") } else { hours::format(&hours) }) }
        }
    };
    Ok(([(header::CACHE_CONTROL, "no-store")], staff_page(lang, &lang.t("chat-title"), body)).into_response())
}

#[derive(Deserialize)]
struct HandoverForm {
    csrf: Option<String>,
    to: Option<String>,
    note: Option<String>,
}

async fn handover_form(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Path(id): Path<String>,
    PageForm(f): PageForm<HandoverForm>,
) -> Result<Response, PageError> {
    auth::require_csrf(&app, lang, &s, f.csrf.as_deref())?;
    let (chat, case) = staff_chat(&app, &s.user, &id).await.map_err(|f| f.page(lang))?;
    let to = f.to.filter(|t| !t.trim().is_empty());
    if let Some(to) = &to {
        let colleague = app.store.staff_by_id(to).await.map_err(|e| PageError::internal(lang, e))?;
        let Some(colleague) = colleague.filter(|c| !c.disabled) else {
            return Err(PageError::new(StatusCode::UNPROCESSABLE_ENTITY, lang, "bad-form"));
        };
        // A warm hand-over only to someone who may answer this child.
        match load_case(&app, &colleague, &chat.report_id).await {
            Ok(c) if c.may(&colleague, Action::Reply) => {}
            _ => return Err(PageError::new(StatusCode::UNPROCESSABLE_ENTITY, lang, "chat-cannot-hand-over")),
        }
    }
    let note = f.note.map(|n| n.trim().chars().take(1000).collect::<String>()).filter(|n| !n.is_empty());
    let sealed = note.map(|n| case.sealer.seal(n.as_bytes(), zeri_storage::context::chat_note(&chat.id).as_bytes()));
    let kind = if to.is_some() { "warm" } else { "cold" };
    let e = event(&s.user, &chat.report_id, "chat-handed-over", Some(kind));
    match app.store.hand_over(&chat.id, &s.user.id, to.as_deref(), sealed.as_deref(), &e).await {
        Ok(()) => {}
        Err(StoreError::Conflict { .. }) => return Err(PageError::new(StatusCode::CONFLICT, lang, "chat-taken")),
        Err(e) => return Err(PageError::internal(lang, e)),
    }
    let notify_to = match &to {
        Some(t) => vec![t.clone()],
        None => {
            app.store.on_duty().await.map_err(|e| PageError::internal(lang, e))?.into_iter().map(|(id, _)| id).collect()
        }
    };
    crate::notify::notify(&app, &notify_to, "chat", Some(&chat.report_id))
        .await
        .map_err(|e| PageError::internal(lang, e))?;
    app.chat.wake(&chat.report_id);
    Ok(Redirect::to(&format!("/{}/staff/chats", lang.code())).into_response())
}

#[derive(Deserialize)]
struct EndForm {
    csrf: Option<String>,
    block: Option<String>,
    reason: Option<String>,
}

async fn end_form(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Path(id): Path<String>,
    PageForm(f): PageForm<EndForm>,
) -> Result<Response, PageError> {
    auth::require_csrf(&app, lang, &s, f.csrf.as_deref())?;
    let (chat, case) = staff_chat(&app, &s.user, &id).await.map_err(|f| f.page(lang))?;
    if chat.staff_id.as_deref() != Some(s.user.id.as_str()) {
        return Err(PageError::new(StatusCode::CONFLICT, lang, "chat-taken"));
    }
    let block = f.block.as_deref() == Some("1");
    let reason = f.reason.map(|r| r.trim().to_owned()).filter(|r| !r.is_empty());
    if block && reason.as_ref().is_none_or(|r| r.chars().count() < 10) {
        return Err(PageError::new(StatusCode::UNPROCESSABLE_ENTITY, lang, "chat-block-needs-reason"));
    }
    let sealed = reason
        .filter(|_| block)
        .map(|r| case.sealer.seal(r.as_bytes(), zeri_storage::context::chat_note(&chat.id).as_bytes()));
    let (by, action) = if block { ("blocked", "chat-blocked") } else { ("staff", "chat-ended") };
    let now = now_ms();
    match app.store.end_chat(&chat.id, by, sealed.as_deref(), now, &event(&s.user, &chat.report_id, action, None)).await
    {
        Ok(()) | Err(StoreError::Conflict { .. }) => {}
        Err(e) => return Err(PageError::internal(lang, e)),
    }
    if block {
        tracing::warn!(staff = %s.user.id, "a chat was ended and blocked; a supervisor can review it");
    }
    app.chat.wake(&chat.report_id);
    Ok(Redirect::to(&format!("/{}/staff/chats", lang.code())).into_response())
}

async fn blocked_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
) -> Result<Response, PageError> {
    if s.user.role != Role::Admin {
        return Err(PageError::new(StatusCode::FORBIDDEN, lang, "forbidden"));
    }
    let review = blocked_review(&app, &s, lang).await.map_err(|e| PageError::internal(lang, e))?;
    let body = html! { (crate::staff::logout_form(&app, lang, &s)) h1 { (lang.t("chat-blocked-title")) } (review) };
    Ok(([(header::CACHE_CONTROL, "no-store")], staff_page(lang, &lang.t("chat-blocked-title"), body)).into_response())
}

/// Blocked chats for an administrator to review: when, which case, who blocked it and why.
/// Reading a reason is recorded on the case.
async fn blocked_review(app: &App, admin: &Staff, lang: Lang) -> Result<Markup, StoreError> {
    let chats = app.store.blocked_chats(100).await?;
    let mut rows = Vec::new();
    for chat in chats {
        let Some(report) = app.store.report(&chat.report_id).await? else { continue };
        let reason = match (&chat.sealed, cases::sealer(app, &report).await) {
            (Some(s), Ok(sealer)) => cases::open_text(&sealer, &zeri_storage::context::chat_note(&chat.id), s).ok(),
            _ => None,
        };
        let by = app
            .store
            .events(&chat.report_id)
            .await?
            .into_iter()
            .rev()
            .find(|e| e.action == "chat-blocked")
            .and_then(|e| e.staff_id);
        rows.push((chat, report.case_ref, by, reason));
    }
    if !rows.is_empty() {
        let ids: Vec<&str> = rows.iter().map(|(c, ..)| c.report_id.as_str()).collect();
        for id in ids {
            let e = NewEvent {
                report_id: Some(id.to_owned()),
                at: now_ms(),
                staff_id: Some(admin.user.id.clone()),
                role: Some(admin.user.role),
                org_id: admin.user.org_id.clone(),
                action: "chat-block-reviewed",
                ..NewEvent::default()
            };
            app.store.record_event(&e).await?;
        }
    }
    let staff = app.store.list_staff().await?;
    let name = |id: &Option<String>| {
        id.as_ref().and_then(|id| staff.iter().find(|s| s.id == *id)).map(|s| s.username.clone()).unwrap_or_default()
    };
    Ok(html! {
        @if rows.is_empty() { p { (lang.t("chat-blocked-none")) } }
        ul { @for (chat, case_ref, by, reason) in &rows {
            li { (datetime(chat.ended_at.unwrap_or(chat.opened_at))) " · " (case_ref) " · " (name(by)) @if let Some(r) = reason { " · " (r) } }
        } }
    })
}
