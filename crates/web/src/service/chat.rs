//! Live chat rules: who answers, limits, opening a chat for the child.

use crate::service::case::load_case;
use crate::service::case::Fail;
use crate::App;
use zeri_domain::permission::Profession;
use zeri_domain::{hours, Action, Role};
use zeri_storage::{ChatRow, ChatStatus, NewEvent, ReportRow, StaffRow, StoreError};

/// Longest chat message, in characters.
pub const MAX_CHARS: usize = 2000;

/// Messages a child may send per minute in a chat.
pub const PER_MINUTE: i64 = 30;

/// After a counsellor blocks a chat, no new chat for this long (messages still work).
pub const BLOCK_MS: i64 = 24 * 3_600_000;

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
    if let Some(id) = crate::service::sessions::session_now(app, &report.id, now).await? {
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
    crate::service::notify::notify(app, &to, "chat", Some(&chat.report_id)).await
}

pub(crate) enum Opened {
    Chat(ChatRow),
    Blocked,
}

pub(crate) async fn open_for_child(app: &App, report: &ReportRow, now: i64) -> Result<Opened, StoreError> {
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

// ----- the staff side -----

/// The chat and its case, for a professional who may answer the child.
pub(crate) async fn staff_chat(
    app: &App,
    user: &StaffRow,
    id: &str,
) -> Result<(ChatRow, crate::service::case::Case), Fail> {
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

/// Who may work the chat queue: counsellors and hotline analysts (intake), and any
/// professional for the chats routed to them.
pub(crate) fn answers_queue(user: &StaffRow) -> bool {
    matches!(user.role, Role::Counsellor | Role::HotlineAnalyst)
}
