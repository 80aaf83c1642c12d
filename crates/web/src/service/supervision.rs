//! The supervisor of a helpline or hotline team: the live queue of their organisation,
//! reading a chat along and coaching the counsellor privately, the quality review of a
//! weekly sample of contacts, closure approval, and the team's figures (numbers only).
//!
//! Every read of a case goes through `load_case` (own organisation only: the permission
//! table) and is audited; the child's access log shows it by role.

use crate::now_ms;
use crate::service::case::{event, invalid, new_id, open_text, permitted, seal, Case, Fail};
use crate::service::contacts::staff_event;
use crate::App;
use sha2::{Digest, Sha256};
use zeri_domain::{authorize, Action, Relation, Stage};
use zeri_storage::{ChatRow, ChatStatus, ClosureRow, CoachingRow, ContactRecordRow, ReviewRow, StaffRow, StoreError};

const WEEK_MS: i64 = 7 * 86_400_000;
/// 1970-01-01 was a Thursday, the fourth day (index 3) of a week that starts on Monday:
/// weeks start on Monday 00:00 UTC.
const MONDAY_OFFSET_MS: i64 = 3 * 86_400_000;

fn may(user: &StaffRow, action: Action) -> Result<String, Fail> {
    if !authorize(user.role, Relation::None, false, action).allowed() {
        return Err(Fail::Forbidden);
    }
    user.org_id.clone().ok_or(Fail::Forbidden)
}

// ----- the live queue -----

pub struct QueueRow {
    pub chat: ChatRow,
    pub case_ref: String,
    /// Who answers (a user name), if anyone.
    pub handler: Option<String>,
    /// Who handed the chat over warm to its handler (a user name): the supervisor sees the
    /// chat move from one counsellor to the colleague.
    pub handed_from: Option<String>,
    /// Whom a waiting chat waits for (a user name), when it is routed to one person.
    pub routed_to: Option<String>,
    /// Whether the contact of an ended chat is recorded.
    pub recorded: bool,
}

pub struct Queue {
    pub rows: Vec<QueueRow>,
    /// Who of the organisation is on duty, and since when.
    pub on_duty: Vec<(String, i64)>,
}

/// The organisation's live chats (waiting and active), oldest first, and who is on duty.
/// No message text.
pub async fn queue(app: &App, user: &StaffRow) -> Result<Queue, Fail> {
    let org = may(user, Action::SuperviseChats)?;
    let staff = app.store.list_staff().await?;
    let name = |id: &str| staff.iter().find(|s| s.id == id).map(|s| s.username.clone());
    let mut rows = Vec::new();
    for chat in app.store.live_chats().await? {
        let Ok(case) = crate::service::case::load_case(app, user, &chat.report_id).await else { continue };
        if !case.may(user, Action::ReadMessages) {
            continue;
        }
        let handler = chat.staff_id.as_deref().and_then(name);
        let routed_to = chat.routed_to.as_deref().filter(|_| chat.status == ChatStatus::Waiting).and_then(name);
        let handed_from = match chat.status {
            ChatStatus::Active => handed_over_by(app, &chat).await?.as_deref().and_then(name),
            _ => None,
        };
        let case_ref = case.report.case_ref.clone();
        rows.push(QueueRow { chat, case_ref, handler, handed_from, routed_to, recorded: false });
    }
    let on_duty = app
        .store
        .on_duty()
        .await?
        .into_iter()
        .filter_map(|(id, since)| {
            let s = staff.iter().find(|s| s.id == id)?;
            (s.org_id.as_deref() == Some(org.as_str())).then(|| (s.username.clone(), since))
        })
        .collect();
    Ok(Queue { rows, on_duty })
}

/// The staff member who last handed this chat over warm (to whoever answers it now), from
/// the case's audit entries since the chat opened.
async fn handed_over_by(app: &App, chat: &ChatRow) -> Result<Option<String>, StoreError> {
    Ok(app
        .store
        .events(&chat.report_id)
        .await?
        .into_iter()
        .rev()
        .find(|e| e.action == "chat-handed-over" && e.at >= chat.opened_at)
        .filter(|e| e.detail.as_deref() == Some("warm"))
        .and_then(|e| e.staff_id))
}

// ----- reading along and coaching -----

/// The chat and its case for a supervisor who reads it along: marked as watching (the
/// counsellor sees it) and audited on the case, each time the supervisor opens it (the
/// page's own reloads, `auto`, once they are watching, are not entries of their own).
pub async fn read_along(app: &App, user: &StaffRow, chat_id: &str, auto: bool) -> Result<(ChatRow, Case), Fail> {
    may(user, Action::SuperviseChats)?;
    if chat_id.len() > 64 {
        return Err(Fail::NotFound);
    }
    let chat = app.store.chat(chat_id).await?.ok_or(Fail::NotFound)?;
    let case = permitted(app, user, &chat.report_id, Action::ReadMessages).await?;
    let watching = app.store.chat_watchers(&chat.id).await?.iter().any(|(id, _)| *id == user.id);
    if !(auto && watching) {
        let e = event(user, &chat.report_id, "chat-supervised", None);
        app.store.watch_chat(&chat.id, &user.id, now_ms(), &e).await?;
    }
    Ok((chat, case))
}

/// The longest coaching note.
pub const COACH_MAX: usize = 1000;

/// A private note to the counsellor of the chat, sealed under the case key; never shown to
/// the child.
pub async fn coach(app: &App, user: &StaffRow, chat_id: &str, text: &str) -> Result<(), Fail> {
    let (chat, case) = read_along(app, user, chat_id, false).await?;
    let text = text.trim();
    if text.is_empty() {
        return Err(invalid("note", "required"));
    }
    if text.chars().count() > COACH_MAX {
        return Err(invalid("note", "too-long"));
    }
    if chat.status == ChatStatus::Ended {
        return Err(Fail::Conflict("sup-chat-ended"));
    }
    let id = new_id();
    let row = CoachingRow {
        sealed: seal(&case.sealer, &zeri_storage::context::coaching(&id), text),
        id,
        chat_id: chat.id.clone(),
        report_id: chat.report_id.clone(),
        staff_id: user.id.clone(),
        at: now_ms(),
    };
    app.store.insert_coaching(&row, &event(user, &chat.report_id, "chat-coached", None)).await?;
    app.chat.wake(&chat.report_id);
    Ok(())
}

/// What the counsellor of a chat is shown: who reads along, and the supervisors' notes.
pub struct Coaching {
    pub watchers: Vec<String>,
    /// (supervisor, when, note)
    pub notes: Vec<(String, i64, String)>,
}

/// For whoever may answer the chat (the caller loaded the case with that permission).
pub async fn coaching_for(app: &App, chat: &ChatRow, case: &Case) -> Result<Coaching, Fail> {
    let staff = app.store.list_staff().await?;
    let name = |id: &str| staff.iter().find(|s| s.id == id).map(|s| s.username.clone()).unwrap_or_default();
    let watchers = app.store.chat_watchers(&chat.id).await?.into_iter().map(|(id, _)| name(&id)).collect();
    let mut notes = Vec::new();
    for c in app.store.coaching(&chat.id).await? {
        let text = open_text(&case.sealer, &zeri_storage::context::coaching(&c.id), &c.sealed)?;
        notes.push((name(&c.staff_id), c.at, text));
    }
    Ok(Coaching { watchers, notes })
}

// ----- quality review -----

/// The week (Monday 00:00 UTC) containing `at`, as its number since 1970.
pub fn week_of(at: i64) -> i64 {
    (at + MONDAY_OFFSET_MS).div_euclid(WEEK_MS)
}

/// The start and end of week `week`, in ms.
pub fn week_span(week: i64) -> (i64, i64) {
    let start = week * WEEK_MS - MONDAY_OFFSET_MS;
    (start, start + WEEK_MS)
}

/// The share of a week's contacts drawn for review, in percent (at least one).
pub const SAMPLE_PERCENT: usize = 10;

/// The contacts of a week drawn for review: those about a case, ordered by a hash of the
/// week and the record, the first 10% (at least one). The same week draws the same sample,
/// and nobody can choose which contacts are drawn.
pub fn draw(records: &[ContactRecordRow], week: i64) -> Vec<ContactRecordRow> {
    let mut pool: Vec<(Vec<u8>, &ContactRecordRow)> = records
        .iter()
        .filter(|r| r.report_id.is_some())
        .map(|r| (Sha256::digest(format!("zeri-quality-sample:{week}:{}", r.id)).to_vec(), r))
        .collect();
    pool.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.id.cmp(&b.1.id)));
    let n = if pool.is_empty() { 0 } else { (pool.len() * SAMPLE_PERCENT).div_ceil(100).max(1) };
    pool.into_iter().take(n).map(|(_, r)| r.clone()).collect()
}

/// The week's sample of the supervisor's organisation, with whether each is reviewed.
pub async fn sample(app: &App, user: &StaffRow, week: i64) -> Result<Vec<(ContactRecordRow, bool)>, Fail> {
    let org = may(user, Action::ReviewContacts)?;
    let (from, to) = week_span(week);
    let records = app.store.contact_records(Some(&org), from, to).await?;
    let mut out = Vec::new();
    for r in draw(&records, week) {
        let done = app.store.review(&r.id).await?.is_some();
        out.push((r, done));
    }
    Ok(out)
}

/// A sampled record and its case, for the review form (the opening is audited).
pub async fn review_target(app: &App, user: &StaffRow, record_id: &str) -> Result<(ContactRecordRow, Case), Fail> {
    let org = may(user, Action::ReviewContacts)?;
    if record_id.len() > 64 {
        return Err(Fail::NotFound);
    }
    let record = app.store.contact_record(record_id).await?.filter(|r| r.org_id == org).ok_or(Fail::NotFound)?;
    let report_id = record.report_id.clone().ok_or(Fail::NotFound)?;
    let case = permitted(app, user, &report_id, Action::ReadCase).await?;
    app.store.record_event(&event(user, &report_id, "quality-review-opened", None)).await?;
    Ok((record, case))
}

/// The review's questions (Fluent keys `sup-q1` … `sup-q5`).
pub const QUESTIONS: usize = 5;

/// Saves a review: five answers 1–5 and an optional comment, sealed under the case key.
pub async fn review(
    app: &App,
    user: &StaffRow,
    record_id: &str,
    answers: &[Option<&str>; QUESTIONS],
    comment: Option<&str>,
) -> Result<(), Fail> {
    let (record, case) = review_target(app, user, record_id).await?;
    let mut a = [0i64; QUESTIONS];
    for (i, v) in answers.iter().enumerate() {
        match v.and_then(|v| v.trim().parse::<i64>().ok()) {
            Some(n) if (1..=5).contains(&n) => a[i] = n,
            _ => return Err(invalid(["q1", "q2", "q3", "q4", "q5"][i], "out-of-range")),
        }
    }
    let comment = comment.map(str::trim).filter(|c| !c.is_empty());
    if comment.is_some_and(|c| c.chars().count() > 2000) {
        return Err(invalid("comment", "too-long"));
    }
    let row = ReviewRow {
        record_id: record.id.clone(),
        report_id: case.report.id.clone(),
        reviewer_id: user.id.clone(),
        at: now_ms(),
        answers: a,
        sealed: comment.map(|c| seal(&case.sealer, &zeri_storage::context::quality_review(&record.id), c)),
    };
    match app.store.insert_review(&row, &event(user, &case.report.id, "quality-reviewed", None)).await {
        Ok(()) => Ok(()),
        Err(StoreError::Conflict { .. }) => Err(Fail::Conflict("sup-already-reviewed")),
        Err(e) => Err(e.into()),
    }
}

// ----- closure approval -----

/// Whether `user` closing this case must wait for a supervisor: the organisation requires
/// it and the user is not a supervisor themselves.
pub async fn closure_waits(app: &App, user: &StaffRow, case: &Case, to: Stage) -> Result<bool, Fail> {
    Ok(to == Stage::Closed
        && !case.may(user, Action::ApproveClosure)
        && app.store.closure_needs_approval(&case.report.org_id).await?)
}

/// Files the close request instead of closing.
pub async fn request_closure(app: &App, user: &StaffRow, case: &Case) -> Result<(), Fail> {
    let row = ClosureRow {
        id: new_id(),
        report_id: case.report.id.clone(),
        requested_by: user.id.clone(),
        requested_at: now_ms(),
        status: "pending".into(),
        decided_by: None,
        decided_at: None,
        sealed: None,
    };
    match app.store.request_closure(&row, &event(user, &case.report.id, "closure-requested", None)).await {
        Ok(()) | Err(StoreError::Conflict { .. }) => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// The organisation's pending close requests, with each case's reference.
pub async fn pending_closures(app: &App, user: &StaffRow) -> Result<Vec<(ClosureRow, String)>, Fail> {
    let org = may(user, Action::SuperviseChats)?;
    let mut out = Vec::new();
    for c in app.store.pending_closures(&org).await? {
        if let Ok(case) = permitted(app, user, &c.report_id, Action::ApproveClosure).await {
            out.push((c, case.report.case_ref.clone()));
        }
    }
    Ok(out)
}

/// Approves (the case closes) or returns (with a reason, sealed) a close request.
pub async fn decide_closure(
    app: &App,
    user: &StaffRow,
    report_id: &str,
    approve: bool,
    reason: Option<&str>,
) -> Result<(), Fail> {
    let case = permitted(app, user, report_id, Action::ApproveClosure).await?;
    let pending = app.store.pending_closure(&case.report.id).await?.ok_or(Fail::NotFound)?;
    let now = now_ms();
    if approve {
        // The case closes first (a compare-and-set on its stage): if it moved meanwhile, the
        // request stays waiting instead of standing approved over an open case.
        if case.report.stage.can_move_to(Stage::Closed) {
            let e = event(user, &case.report.id, "stage", Some(Stage::Closed.as_str()));
            app.store.change_stage(&case.report.id, case.report.stage, Stage::Closed, &e).await.map_err(conflict)?;
        }
        let e = event(user, &case.report.id, "closure-approved", None);
        app.store.decide_closure(&pending.id, "approved", &user.id, now, None, &e).await.map_err(conflict)?;
    } else {
        let reason = reason.map(str::trim).filter(|r| r.chars().count() >= 5).ok_or(invalid("reason", "required"))?;
        let sealed = seal(&case.sealer, &zeri_storage::context::closure_return(&pending.id), reason);
        let e = event(user, &case.report.id, "closure-returned", None);
        app.store.decide_closure(&pending.id, "returned", &user.id, now, Some(&sealed), &e).await.map_err(conflict)?;
        crate::service::notify::notify(
            app,
            std::slice::from_ref(&pending.requested_by),
            "closure",
            Some(&case.report.id),
        )
        .await?;
    }
    Ok(())
}

fn conflict(e: StoreError) -> Fail {
    match e {
        StoreError::Conflict { .. } => Fail::Conflict("stage-conflict"),
        e => e.into(),
    }
}

/// Turns the organisation's "closure needs approval" setting on or off.
pub async fn set_closure_rule(app: &App, user: &StaffRow, on: bool) -> Result<(), Fail> {
    let org = may(user, Action::SuperviseChats)?;
    let mut e = staff_event(user, "closure-rule-changed");
    e.detail = Some(if on { "on" } else { "off" }.into());
    app.store.set_closure_needs_approval(&org, on, &e).await?;
    Ok(())
}

// ----- figures -----

/// The supervisor's figures of one organisation: numbers only.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    /// (user name, open cases led), by name.
    pub caseload: Vec<(String, i64)>,
    pub overdue_tasks: i64,
    /// Medians in minutes, `None` without data.
    pub chat_first_answer: Option<f64>,
    pub case_first_answer: Option<f64>,
    pub to_closure: Option<f64>,
    /// (disposition, count), every disposition.
    pub by_disposition: Vec<(&'static str, i64)>,
    /// Satisfaction from the children's anonymous chat ratings (`service::ratings::
    /// satisfaction`): the share who felt listened to, in per cent, over the last full
    /// month (ratings are kept by month only); `None` under its minimum of ratings.
    pub satisfaction: Option<f64>,
}

/// The median of durations (`end - start`), in minutes.
pub fn median_minutes(pairs: &[(i64, i64)]) -> Option<f64> {
    let mut d: Vec<i64> = pairs.iter().map(|(a, b)| b - a).collect();
    if d.is_empty() {
        return None;
    }
    d.sort_unstable();
    let n = d.len();
    let ms = if n % 2 == 1 { d[n / 2] as f64 } else { (d[n / 2 - 1] + d[n / 2]) as f64 / 2.0 };
    Some(ms / 60_000.0)
}

/// The figures for what started in [`from`, `to`) (caseload and overdue tasks: now).
pub async fn figures(app: &App, user: &StaffRow, from: i64, to: i64) -> Result<Figures, Fail> {
    let org = may(user, Action::ViewTeamFigures)?;
    let today = now_ms().div_euclid(86_400_000);
    let f = app.store.team_facts(&org, today, from, to).await?;
    let staff = app.store.list_staff().await?;
    let mut caseload: Vec<(String, i64)> = f
        .caseload
        .iter()
        .map(|(id, n)| (staff.iter().find(|s| s.id == *id).map(|s| s.username.clone()).unwrap_or_default(), *n))
        .collect();
    caseload.sort();
    let records = app.store.contact_records(Some(&org), from, to).await?;
    let by_disposition = zeri_domain::chi::Disposition::ALL
        .iter()
        .map(|d| (d.as_str(), records.iter().filter(|r| r.disposition == d.as_str()).count() as i64))
        .collect();
    let month = zeri_domain::statistics::Period::last_full_month(today);
    let satisfaction = crate::service::ratings::satisfaction(app, &org, month).await?.listened_percent;
    app.store.record_event(&staff_event(user, "team-figures-viewed")).await?;
    Ok(Figures {
        caseload,
        overdue_tasks: f.overdue_tasks,
        chat_first_answer: median_minutes(&f.chat_answers),
        case_first_answer: median_minutes(&f.case_answers),
        to_closure: median_minutes(&f.closures),
        by_disposition,
        satisfaction,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(id: &str, report: bool) -> ContactRecordRow {
        ContactRecordRow {
            id: id.into(),
            org_id: "helpline".into(),
            report_id: report.then(|| "r".into()),
            chat_id: None,
            staff_id: "s".into(),
            channel: "chat".into(),
            at: 0,
            disposition: "data".into(),
            chi_main: None,
            chi_sub: None,
            age_band: "unknown".into(),
            gender: "unknown".into(),
        }
    }

    #[test]
    fn the_sample_is_a_tenth_seeded_by_the_week() {
        let records: Vec<_> = (0..45).map(|i| rec(&format!("r{i}"), i % 9 != 0)).collect();
        let a = draw(&records, 2900);
        assert_eq!(a.len(), 4, "10% of the 40 about a case");
        assert!(a.iter().all(|r| r.report_id.is_some()));
        assert_eq!(draw(&records, 2900), a, "the same week draws the same");
        assert_ne!(draw(&records, 2901), a, "another week draws others");
        assert_eq!(draw(&records[..1], 1).len(), 0, "a contact about no case is not drawn");
        assert_eq!(draw(&records[1..2], 1).len(), 1, "at least one");
    }

    #[test]
    fn weeks_start_on_monday() {
        // 2026-11-30 was a Monday.
        let monday = 20_787 * 86_400_000;
        assert_eq!(week_span(week_of(monday)).0, monday);
        assert_eq!(week_of(monday - 1) + 1, week_of(monday));
        assert_eq!(median_minutes(&[(0, 60_000), (0, 180_000)]), Some(2.0));
        assert_eq!(median_minutes(&[]), None);
    }
}
