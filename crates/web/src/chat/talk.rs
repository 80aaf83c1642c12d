//! The chat as a conversation: who wrote each message (a role's public name, never a
//! person's), when (Tirana time), and the delivery and read marks of the viewer's own
//! messages. The same words go into the page the server renders and into the stream.

use crate::parts::format::{chat_time, machine_time};
use crate::parts::i18n::Lang;
use crate::App;
use maud::{html, Markup};
use std::collections::HashMap;
use zeri_crypto::Sealer;
use zeri_domain::Role;
use zeri_storage::{Author, MessageRow, StaffRow, StoreError};

/// Which side's words a chat page speaks: the child's, or staff's.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    Child,
    Staff,
}

impl Side {
    /// The Fluent key of `word` on this side: staff pages speak to staff (`chat-staff-…`).
    pub(crate) fn key(self, word: &str) -> String {
        match self {
            Side::Child => format!("chat-{word}"),
            Side::Staff => format!("chat-staff-{word}"),
        }
    }
}

/// The Fluent key naming who wrote a message, as the viewer reads it: the child is "You"
/// to themselves and "The child" to staff; a staff member is "You" to themselves and
/// otherwise their role's public name ("Counsellor, ALO 116 111").
pub(crate) fn who_key(viewer: Option<&str>, author: Author, writer: Option<&StaffRow>) -> String {
    match (author, viewer) {
        (Author::Survivor, None) => "chat-you".to_owned(),
        (Author::Survivor, Some(_)) => "chat-child".to_owned(),
        (Author::Staff, Some(v)) if writer.is_some_and(|w| w.id == v) => "chat-staff-you".to_owned(),
        (Author::Staff, _) => match writer {
            Some(StaffRow { profession: Some(p), .. }) => format!("chat-who-{}", p.as_str().replace('_', "-")),
            Some(w) if w.role == Role::Counsellor => "chat-who-counsellor".to_owned(),
            _ => "chat-who-team".to_owned(),
        },
    }
}

/// Names the writers of messages for one viewer (`staff`: the viewing staff member's id;
/// `None` for the child), looking each staff member up once.
pub(crate) struct Names {
    lang: Lang,
    viewer: Option<String>,
    known: HashMap<String, Option<StaffRow>>,
}

impl Names {
    pub(crate) fn new(lang: Lang, staff: Option<&str>) -> Self {
        Names { lang, viewer: staff.map(str::to_owned), known: HashMap::new() }
    }

    pub(crate) async fn who(&mut self, app: &App, m: &MessageRow) -> Result<String, StoreError> {
        let writer = match &m.staff_id {
            Some(id) if m.author == Author::Staff => {
                if !self.known.contains_key(id) {
                    let row = app.store.staff_by_id(id).await?;
                    self.known.insert(id.clone(), row);
                }
                self.known.get(id).and_then(Option::as_ref)
            }
            _ => None,
        };
        Ok(self.lang.t(&who_key(self.viewer.as_deref(), m.author, writer)))
    }
}

/// One message as the viewer sees it.
pub(crate) struct Line {
    pub(crate) seq: i64,
    pub(crate) mine: bool,
    pub(crate) who: String,
    pub(crate) at: i64,
    pub(crate) body: String,
    /// The viewer's own messages: `sent`, `delivered` or `read`.
    pub(crate) mark: Option<&'static str>,
}

/// The thread so far, for the page the server renders (the stream then goes on after the
/// last one). The other side's messages shown here count as delivered.
pub(crate) async fn conversation(
    app: &App,
    report_id: &str,
    sealer: &Sealer,
    viewer: Author,
    names: &mut Names,
    now: i64,
) -> Result<Vec<Line>, StoreError> {
    let mut lines = Vec::new();
    let mut newest_theirs = None;
    for m in app.store.messages_after(report_id, 0).await? {
        let Ok(body) = sealer.open(&m.row.sealed, zeri_storage::context::message(&m.row.id).as_bytes()) else {
            continue; // erased meanwhile: nothing to show
        };
        let mine = m.row.author == viewer;
        let mark = mine.then_some(if m.read_at.is_some() {
            "read"
        } else if m.delivered_at.is_some() {
            "delivered"
        } else {
            "sent"
        });
        if !mine {
            newest_theirs = Some(m.seq);
        }
        let who = names.who(app, &m.row).await?;
        lines.push(Line {
            seq: m.seq,
            mine,
            who,
            at: m.row.created_at,
            body: String::from_utf8_lossy(&body).into_owned(),
            mark,
        });
    }
    if let Some(seq) = newest_theirs {
        let their = if viewer == Author::Survivor { Author::Staff } else { Author::Survivor };
        if app.store.mark_seen(report_id, their, seq, now, false).await? > 0 {
            app.chat.wake(report_id);
        }
    }
    Ok(lines)
}

/// The conversation as an ordered list of messages, each with who wrote it, when, and
/// (the viewer's own) whether it was delivered and read. `chat.js` adds to it.
pub(crate) fn log(lang: Lang, side: Side, lines: &[Line], now: i64) -> Markup {
    html! {
        ol class="chat-log" aria-label=(lang.t(&side.key("log"))) aria-live="polite" aria-relevant="additions" {
            @for l in lines {
                li class=(if l.mine { "mine" } else { "theirs" }) data-seq=(l.seq) {
                    div class="meta" {
                        span class="who" { (l.who) } " "
                        time datetime=(machine_time(l.at)) { (chat_time(l.at, now)) }
                    }
                    p { (l.body) }
                    span class="mark" data-mark=[l.mark] { @if let Some(m) = l.mark { (lang.t(&side.key(m))) } }
                }
            }
        }
    }
}
