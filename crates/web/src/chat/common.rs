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

use crate::base::auth::csrf_ok;
use crate::base::auth::Staff;
use crate::base::auth::Survivor;
use crate::chat::talk::Side;
use crate::now_ms;
use crate::parts::i18n::Lang;
use crate::service::case::Fail;
use crate::service::chat::MAX_CHARS;
use crate::App;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use maud::{html, Markup};
use serde::Deserialize;
use serde_json::json;
use std::time::Duration;
use zeri_crypto::Sealer;
use zeri_storage::{Author, NewMessage, ReportRow, StoreError};

/// How often a stream looks in the database without being woken.
pub(crate) const POLL: Duration = Duration::from_secs(4);

// ----- the child's side -----

async fn survivor(app: &App, headers: &HeaderMap) -> Result<Survivor, StatusCode> {
    crate::base::auth::page_survivor(app, headers)
        .await
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?
        .ok_or(StatusCode::UNAUTHORIZED)
}

/// The report and its sealer, for a signed-in child; `Gone` once erased.
pub(crate) async fn child_case(app: &App, headers: &HeaderMap) -> Result<(ReportRow, Sealer), Response> {
    let s = survivor(app, headers).await.map_err(IntoResponse::into_response)?;
    let report =
        app.store.report(&s.report_id).await.map_err(internal)?.ok_or(StatusCode::UNAUTHORIZED.into_response())?;
    let sealer =
        crate::service::case::sealer(app, &report).await.map_err(|f| internal(format!("{:?}", fail_code(&f))))?;
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
        Fail::Stopped(_) => "stopped",
        Fail::Internal(_) => "internal",
    }
}

pub(crate) fn internal(e: impl std::fmt::Display) -> Response {
    tracing::error!(error = %e, "chat: internal error");
    StatusCode::INTERNAL_SERVER_ERROR.into_response()
}

/// A refused chat call, in the API's one error shape (`{"error": {"code", "message"}}`),
/// with the chat's own words for it.
pub(crate) fn refused(status: StatusCode, code: &'static str, lang: Lang) -> Response {
    let message = lang.t(&format!("chat-error-{code}"));
    crate::base::error::ApiError { status, code, message, fields: Default::default(), retry_after: None }
        .into_response()
}

/// The chat area, with the conversation so far (`log`); `chat.js` brings it to life.
/// `csrf`: staff pages only. Each side reads its own words: the child's, or staff's.
pub(crate) fn chat_box(lang: Lang, side: Side, base: &str, csrf: Option<&str>, log: Markup) -> Markup {
    let t = |word: &str| lang.t(&side.key(word));
    html! {
        section class="chat" id="chat" data-chat=(if side == Side::Child { "child" } else { "staff" })
            data-base=(base) data-lang=(lang.code()) data-csrf=[csrf]
            data-t-sending=(t("sending")) data-t-sent=(t("sent"))
            data-t-delivered=(t("delivered")) data-t-read=(t("read"))
            data-t-typing=(t("typing")) data-t-offline=(t("offline"))
            data-t-online=(t("online")) data-t-ended=(t("ended"))
            data-t-waiting=(t("waiting")) data-t-active=(t("active"))
            data-t-you=(t("you")) {
            noscript { p { (t("needs-script")) } }
            p class="chat-state" role="status" aria-live="polite" {}
            (log)
            p class="chat-typing" aria-live="polite" {}
            form class="chat-form" {
                label for="chat-body" { (t("write")) }
                textarea id="chat-body" name="body" maxlength=(MAX_CHARS) rows="3" required {}
                p class="field-error chat-error" role="alert" {}
                p { button class="primary" type="submit" { (lang.t("chat-send")) } }
            }
            @if side == Side::Child {
                p { button type="button" class="chat-end" { (lang.t("chat-end")) } }
            }
        }
        script src="/static/chat.js" defer {}
    }
}

#[derive(Deserialize)]
pub(crate) struct Send {
    /// Made by the page (32 hex digits), so a retried send is stored once.
    pub(crate) id: String,
    pub(crate) body: String,
}

#[derive(Deserialize)]
pub(crate) struct Seen {
    pub(crate) seq: i64,
}

#[derive(Deserialize)]
pub(crate) struct After {
    pub(crate) after: Option<i64>,
    /// The page's language (`sq`, `en`), for the names in the stream.
    pub(crate) lang: Option<String>,
}

/// Who writes in which chat.
pub(crate) struct From<'a> {
    pub(crate) report_id: &'a str,
    pub(crate) chat_id: &'a str,
    pub(crate) author: Author,
    pub(crate) staff_id: Option<&'a str>,
}

pub(crate) async fn store(app: &App, sealer: &Sealer, from: From<'_>, m: &Send, lang: Lang) -> Response {
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

pub(crate) async fn seen(app: &App, report_id: &str, their: Author, seq: i64) -> Response {
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

pub(crate) fn staff_csrf(app: &App, s: &Staff, headers: &HeaderMap) -> bool {
    csrf_ok(app, &s.token, headers.get("x-csrf-token").and_then(|v| v.to_str().ok()))
}

pub(crate) fn fail_response(f: Fail) -> Response {
    match f {
        Fail::NotFound => StatusCode::NOT_FOUND.into_response(),
        Fail::Forbidden => StatusCode::FORBIDDEN.into_response(),
        Fail::Conflict(_) => StatusCode::CONFLICT.into_response(),
        Fail::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY.into_response(),
        Fail::Erased(_) => StatusCode::GONE.into_response(),
        Fail::Stopped(_) => StatusCode::CONFLICT.into_response(),
        Fail::Internal(e) => internal(e),
    }
}
