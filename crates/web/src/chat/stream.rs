//! The server-sent event stream, for both sides.

use crate::chat::common::POLL;
use crate::chat::talk::Names;
use crate::now_ms;
use crate::parts::format::{chat_time, machine_time};
use crate::parts::hub::{Signal, ALL};
use crate::parts::i18n::Lang;
use crate::service::access::idle_ms;
use crate::{App, AppState};
use axum::response::sse::{Event, KeepAlive, Sse};
use serde_json::json;
use std::collections::VecDeque;
use std::convert::Infallible;
use std::time::Duration;
use tokio::sync::broadcast;
use zeri_crypto::{token_digest, Sealer};
use zeri_storage::{Author, ChatStatus, SessionKind, StoreError};

// ----- the stream, for both sides -----

/// Who watches a stream, checked again at every look: a stream ends when the child's
/// session ends (leaving, the quick exit, idle time), or when the staff member's session
/// ends, their account is disabled or they may no longer answer this chat (consent
/// withdrawn, hand-over, a referral ended).
pub(crate) enum Watcher {
    Child { token: String },
    Staff { token: String, staff_id: String, chat_id: String },
}

impl Watcher {
    async fn still_allowed(&self, app: &App) -> bool {
        let (token, kind) = match self {
            Watcher::Child { token } => (token, SessionKind::Survivor),
            Watcher::Staff { token, .. } => (token, SessionKind::Staff),
        };
        let alive = app
            .store
            .session_subject(&token_digest(token).0, kind, now_ms(), idle_ms(kind))
            .await
            .ok()
            .flatten()
            .is_some();
        match self {
            Watcher::Child { .. } => alive,
            Watcher::Staff { staff_id, chat_id, .. } => {
                if !alive {
                    return false;
                }
                let Ok(Some(user)) = app.store.staff_by_id(staff_id).await else { return false };
                !user.disabled && crate::service::chat::staff_chat(app, &user, chat_id).await.is_ok()
            }
        }
    }
}

pub(crate) struct Tail {
    app: AppState,
    watcher: Watcher,
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
    names: Names,
}

/// Every message after `cursor`, then each new one as it comes, with the other side's
/// typing, the delivery and read marks of the viewer's messages, and the chat's state.
pub(crate) fn stream(
    app: AppState,
    watcher: Watcher,
    report_id: String,
    sealer: Sealer,
    viewer: Author,
    cursor: i64,
    lang: Lang,
) -> Sse<impl futures_util::Stream<Item = Result<Event, Infallible>>> {
    let rx = app.chat.0.subscribe();
    let closing = app.chat.1.subscribe();
    let staff = match &watcher {
        Watcher::Staff { staff_id, .. } => Some(staff_id.as_str()),
        Watcher::Child { .. } => None,
    };
    let names = Names::new(lang, staff);
    let tail = Tail {
        app,
        watcher,
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
        names,
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
                    Ok(Ok(Signal { report_id, erased: true, .. })) if report_id == t.report_id => return None,
                    Ok(Ok(Signal { report_id, typing: Some(who), .. })) if report_id == t.report_id => {
                        if who != t.viewer {
                            t.pending.push_back(Event::default().event("typing").data("1"));
                        }
                        continue;
                    }
                    Ok(Ok(Signal { report_id, .. })) if report_id != t.report_id && report_id != ALL => continue,
                    Ok(Err(broadcast::error::RecvError::Closed)) => return None,
                    _ => {}
                }
                if !t.watcher.still_allowed(&t.app).await {
                    return None;
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
pub(crate) async fn look(t: &mut Tail) -> Result<(), StoreError> {
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
        let who = t.names.who(&t.app, &m.row).await?;
        let data = json!({
            "seq": m.seq,
            "id": m.row.id,
            "mine": mine,
            "who": who,
            "at": m.row.created_at,
            "iso": machine_time(m.row.created_at),
            "time": chat_time(m.row.created_at, now),
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
