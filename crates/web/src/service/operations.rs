//! Every operation on a case (triage, reveal, notes, tasks, consent, referrals, the team,
//! meetings, outcomes; the testimony is `service::testimony`): each goes through [`super::case::permitted`] and
//! writes its audit entry in the same transaction.

use crate::now_ms;
use crate::parts::i18n::Lang;
use crate::service::case::choice;
use crate::service::case::event;
use crate::service::case::invalid;
use crate::service::case::new_id;
use crate::service::case::open_confidential;
use crate::service::case::optional_text;
use crate::service::case::permitted;
use crate::service::case::seal;
use crate::service::case::text;
use crate::service::case::Case;
use crate::service::case::Fail;
use crate::service::case::Input;
use crate::service::case::MeetingText;
use crate::service::case::ReferralText;
use crate::service::case::{Identity, Outcome};
use crate::service::messages::store_message;
use crate::App;
use zeri_domain::casework::{
    needs_consent, parse_date, validate_reason, ConsentDecision, ConsentGiver, LegalDuty, Outcome as CaseOutcome,
    ReferralStatus, Urgency, SUPPORT_KINDS,
};
use zeri_domain::directory::ServiceKind;
use zeri_domain::permission::OrgKind;
use zeri_domain::report::{validate_message, Category};
use zeri_domain::{Action, Stage};
use zeri_storage::{
    Author, ConsentRow, MeetingRow, NoteRow, OutcomeRow, ReferralRow, StaffRow, StoreError, TaskRow, TeamMemberRow,
};

/// The operations on a case, by name, with the fields each takes. The HTML forms post
/// to `/{lang}/staff/reports/{id}/{name}`, the API to `/api/v1/cases/{id}/{path}`.
pub const OPERATIONS: &[(&str, &[&str])] = &[
    ("take", &[]),
    ("messages", &["body"]),
    ("stage", &["stage"]),
    ("triage", &["urgency", "category"]),
    ("reveal", &["reason"]),
    ("notes", &["body"]),
    ("tasks", &["title", "owner", "due"]),
    ("task-done", &["task"]),
    ("consents", &["recipient", "org", "giver", "decision", "explained"]),
    ("referrals", &["to", "note", "legal_duty", "reason"]),
    ("referral-answer", &["referral", "status", "reason", "handler"]),
    ("team", &["username"]),
    ("meetings", &["held_on", "attendees", "decisions", "actions"]),
    ("outcomes", &["outcome", "support_kind", "on"]),
    ("contacts", &["summary", "follow_up", "minutes"]),
    ("sessions", &["at1", "at2", "at3", "minutes"]),
    ("hotline-links", &[]),
    ("link", &["other"]),
    ("link-merge", &["other", "confirm"]),
    ("transfer", &["to", "reason"]),
    ("transfer-answer", &["decision", "reason"]),
];

pub async fn run(app: &App, user: &StaffRow, id: &str, op: &str, input: &Input, lang: Lang) -> Result<Outcome, Fail> {
    match op {
        "take" => take(app, user, id).await,
        "messages" => reply(app, user, id, input).await,
        "stage" => move_stage(app, user, id, input).await,
        "triage" => triage(app, user, id, input, lang).await,
        "reveal" => reveal(app, user, id, input).await,
        "notes" => add_note(app, user, id, input).await,
        "tasks" => add_task(app, user, id, input).await,
        "task-done" => task_done(app, user, id, input).await,
        "consents" => record_consent(app, user, id, input).await,
        "referrals" => refer(app, user, id, input).await,
        "referral-answer" => answer_referral(app, user, id, input).await,
        "team" => add_member(app, user, id, input).await,
        "meetings" => add_meeting(app, user, id, input).await,
        "outcomes" => record_outcome(app, user, id, input).await,
        "contacts" => log_contact(app, user, id, input).await,
        "sessions" => crate::service::sessions::offer(app, user, id, input).await,
        "hotline-links" => crate::service::hotline::from_case(app, user, id).await.map(|_| Outcome::Done),
        "link" => crate::service::links::link(app, user, id, input.get("other")).await.map(|_| Outcome::Done),
        "link-merge" => crate::service::links::merge(app, user, id, input.get("other"), input.get("confirm"))
            .await
            .map(|_| Outcome::Done),
        "transfer" => crate::service::transfer::request(app, user, id, input).await.map(|_| Outcome::Done),
        "transfer-answer" => crate::service::transfer::answer(app, user, id, input).await.map(|_| Outcome::Done),
        _ => Err(Fail::NotFound),
    }
}

/// A phone call about the case: whoever may answer the child may log one.
async fn log_contact(app: &App, user: &StaffRow, id: &str, input: &Input) -> Result<Outcome, Fail> {
    let c = permitted(app, user, id, Action::Reply).await?;
    let summary = text("summary", input.get("summary"), 4000)?;
    let (follow_up, minutes) =
        crate::service::phone::call_details(input.get("follow_up"), input.get("minutes")).map_err(Fail::Invalid)?;
    crate::service::phone::log_call(app, user, &c, &summary, follow_up, minutes).await?;
    Ok(Outcome::Done)
}

pub(crate) async fn take(app: &App, user: &StaffRow, id: &str) -> Result<Outcome, Fail> {
    let c = permitted(app, user, id, Action::Take).await?;
    if c.report.assigned_to.is_some() {
        return Err(Fail::Conflict("already-assigned"));
    }
    match app.store.assign(id, &user.id, &event(user, id, "assigned", None)).await {
        Ok(()) => Ok(Outcome::Done),
        Err(StoreError::Conflict { .. }) => Err(Fail::Conflict("already-assigned")),
        Err(e) => Err(e.into()),
    }
}

async fn reply(app: &App, user: &StaffRow, id: &str, input: &Input) -> Result<Outcome, Fail> {
    let c = permitted(app, user, id, Action::Reply).await?;
    let body = validate_message(input.get("body")).map_err(Fail::Invalid)?;
    store_message(app, &c.sealer, &c.report.id, Author::Staff, Some(&user.id), &body, now_ms()).await?;
    app.store.record_event(&event(user, id, "replied", None)).await?;
    Ok(Outcome::Done)
}

async fn move_stage(app: &App, user: &StaffRow, id: &str, input: &Input) -> Result<Outcome, Fail> {
    let c = permitted(app, user, id, Action::ChangeStage).await?;
    let to = input.get("stage").and_then(Stage::parse).ok_or_else(|| invalid("stage", "stage-not-allowed"))?;
    if !c.report.stage.can_move_to(to) {
        return Err(invalid("stage", "stage-not-allowed"));
    }
    // Where the organisation requires it, a close request waits for a supervisor.
    if crate::service::supervision::closure_waits(app, user, &c, to).await? {
        crate::service::supervision::request_closure(app, user, &c).await?;
        return Err(Fail::Conflict("sup-closure-requested"));
    }
    match app.store.change_stage(id, c.report.stage, to, &event(user, id, "stage", Some(to.as_str()))).await {
        Ok(()) => Ok(Outcome::Stage(to)),
        Err(StoreError::Conflict { .. }) => Err(Fail::Conflict("stage-conflict")),
        Err(e) => Err(e.into()),
    }
}

/// Triage. Marking a child in immediate danger starts the escalation path: a task, due
/// today, to alert police and the Child Protection Unit (with consent or under the legal
/// duty), shown first in every queue.
pub(crate) async fn triage(app: &App, user: &StaffRow, id: &str, input: &Input, lang: Lang) -> Result<Outcome, Fail> {
    let c = permitted(app, user, id, Action::Triage).await?;
    let urgency = choice("urgency", input.get("urgency"), Urgency::parse)?;
    let category = choice("category", input.get("category"), Category::parse)?;
    app.store.set_triage(id, urgency, category, &event(user, id, "triaged", Some(urgency.as_str()))).await?;
    if urgency == Urgency::ImmediateDanger && c.report.urgency != Urgency::ImmediateDanger {
        let task_id = new_id();
        let title = lang.t("escalation-task");
        let task = TaskRow {
            sealed: seal(&c.sealer, &zeri_storage::context::task(&task_id), &title),
            id: task_id,
            report_id: id.to_owned(),
            owner_id: user.id.clone(),
            created_by: user.id.clone(),
            created_at: now_ms(),
            due_on: now_ms().div_euclid(86_400_000),
            done_at: None,
        };
        app.store.insert_task(&task, &event(user, id, "escalated", None)).await?;
        tracing::warn!(case = %c.report.case_ref, "child in immediate danger: escalation task created");
    }
    Ok(Outcome::Done)
}

pub(crate) async fn reveal(app: &App, user: &StaffRow, id: &str, input: &Input) -> Result<Outcome, Fail> {
    let c = permitted(app, user, id, Action::RevealIdentity).await?;
    let reason = validate_reason(input.get("reason")).map_err(Fail::Invalid)?;
    let d = open_confidential(&c.sealer, &c.report)?;
    let mut e = event(user, id, "identity-revealed", None);
    e.sealed = Some(seal(&c.sealer, &zeri_storage::context::audit_reason(id), &reason));
    app.store.record_event(&e).await?;
    tracing::info!(staff = %user.id, "identity revealed with a stated reason");
    Ok(Outcome::Identity(Identity { name: d.name, contact: d.contact, place: d.place }))
}

async fn add_note(app: &App, user: &StaffRow, id: &str, input: &Input) -> Result<Outcome, Fail> {
    let c = permitted(app, user, id, Action::WriteNote).await?;
    let body = text("body", input.get("body"), 4000)?;
    let note_id = new_id();
    let note = NoteRow {
        sealed: seal(&c.sealer, &zeri_storage::context::note(&note_id), &body),
        id: note_id,
        report_id: id.to_owned(),
        staff_id: user.id.clone(),
        at: now_ms(),
    };
    app.store.insert_note(&note, &event(user, id, "note-added", None)).await?;
    Ok(Outcome::Done)
}

async fn add_task(app: &App, user: &StaffRow, id: &str, input: &Input) -> Result<Outcome, Fail> {
    let c = permitted(app, user, id, Action::ManageTasks).await?;
    let title = text("title", input.get("title"), 200)?;
    let due_on = parse_date("due", input.get("due")).map_err(Fail::Invalid)?;
    let owner = match input.get("owner") {
        None => user.clone(),
        Some(name) => {
            app.store.staff_by_username(name.trim()).await?.ok_or_else(|| invalid("owner", "unknown-staff"))?
        }
    };
    if owner.id != user.id && !c.could_read(app, &owner).await? {
        return Err(invalid("owner", "not-on-case"));
    }
    let task_id = new_id();
    let task = TaskRow {
        sealed: seal(&c.sealer, &zeri_storage::context::task(&task_id), &title),
        id: task_id,
        report_id: id.to_owned(),
        owner_id: owner.id.clone(),
        created_by: user.id.clone(),
        created_at: now_ms(),
        due_on,
        done_at: None,
    };
    app.store.insert_task(&task, &event(user, id, "task-added", None)).await?;
    if owner.id != user.id {
        crate::service::notify::notify(app, std::slice::from_ref(&owner.id), "task", Some(id)).await?;
    }
    Ok(Outcome::Done)
}

async fn task_done(app: &App, user: &StaffRow, id: &str, input: &Input) -> Result<Outcome, Fail> {
    let c = permitted(app, user, id, Action::ManageTasks).await?;
    let task = input.get("task").ok_or_else(|| invalid("task", "required"))?;
    // A task of a case merged into this one is closed from here (recorded on this case).
    let holder = crate::service::merged::task_holder(app, &c, task).await?.unwrap_or_else(|| id.to_owned());
    match app.store.complete_task(task, &holder, now_ms(), &event(user, id, "task-done", None)).await {
        Ok(()) => Ok(Outcome::Done),
        Err(StoreError::NotFound) => Err(invalid("task", "unknown-task")),
        Err(StoreError::Conflict { .. }) => Err(Fail::Conflict("task-done")),
        Err(e) => Err(e.into()),
    }
}

async fn record_consent(app: &App, user: &StaffRow, id: &str, input: &Input) -> Result<Outcome, Fail> {
    let c = permitted(app, user, id, Action::RecordConsent).await?;
    let kind = choice("recipient", input.get("recipient"), |s| OrgKind::parse(s).filter(|k| needs_consent(*k)))?;
    let org_id = match (kind, input.get("org")) {
        (OrgKind::Service, None) => return Err(invalid("org", "required-choice")),
        (OrgKind::Service, Some(org)) => {
            let org = app.store.organisation(org.trim()).await?.filter(|o| o.kind == OrgKind::Service);
            Some(org.ok_or_else(|| invalid("org", "unknown-choice"))?.id)
        }
        _ => None,
    };
    let giver = choice("giver", input.get("giver"), ConsentGiver::parse)?;
    let decision = choice("decision", input.get("decision"), ConsentDecision::parse)?;
    let explained = text("explained", input.get("explained"), 1000)?;
    let consent_id = new_id();
    let row = ConsentRow {
        sealed: Some(seal(&c.sealer, &zeri_storage::context::consent(&consent_id), &explained)),
        id: consent_id,
        report_id: id.to_owned(),
        kind,
        org_id: org_id.clone(),
        giver,
        decision,
        at: now_ms(),
        recorded_by: Some(user.id.clone()),
    };
    let detail = format!("{}:{}:{}", kind.as_str(), decision.as_str(), org_id.unwrap_or_default());
    app.store.insert_consent(&row, &event(user, id, "consent", Some(&detail))).await?;
    Ok(Outcome::Done)
}

/// Refers the case. Without consent for the receiving organisation, only a legal duty
/// (with a stated reason, shown to the child) allows it, and only towards police,
/// prosecution or the Child Protection Unit.
async fn refer(app: &App, user: &StaffRow, id: &str, input: &Input) -> Result<Outcome, Fail> {
    let c = permitted(app, user, id, Action::Refer).await?;
    let to = input.get("to").ok_or_else(|| invalid("to", "required-choice"))?;
    let org = app.store.organisation(to.trim()).await?.ok_or_else(|| invalid("to", "unknown-choice"))?;
    if org.id == c.report.org_id || Some(&org.id) == user.org_id.as_ref() {
        return Err(invalid("to", "unknown-choice"));
    }
    if c.referrals
        .iter()
        .any(|f| f.to_org == org.id && matches!(f.status, ReferralStatus::Sent | ReferralStatus::Accepted))
    {
        return Err(Fail::Conflict("referral-open"));
    }
    let note = optional_text("note", input.get("note"), 2000)?;
    let duty = input.get("legal_duty").map(|d| choice("legal_duty", Some(d), LegalDuty::parse)).transpose()?;
    let consented = c.may_share_with(&org);
    let (duty, reason) = match (consented, duty) {
        (true, _) => (None, None),
        (false, None) => return Err(invalid("to", "consent-required")),
        (false, Some(duty)) => {
            if !matches!(org.kind, OrgKind::Police | OrgKind::Prosecution | OrgKind::ChildProtectionUnit) {
                return Err(invalid("legal_duty", "duty-not-for-recipient"));
            }
            (Some(duty), Some(validate_reason(input.get("reason")).map_err(Fail::Invalid)?))
        }
    };
    let now = now_ms();
    let referral_id = new_id();
    let body = serde_json::to_string(&ReferralText { note, reason: reason.clone() }).expect("plain struct");
    let row = ReferralRow {
        sealed: seal(&c.sealer, &zeri_storage::context::referral(&referral_id), &body),
        id: referral_id,
        report_id: id.to_owned(),
        to_org: org.id.clone(),
        status: ReferralStatus::Sent,
        legal_duty: duty,
        created_by: user.id.clone(),
        created_at: now,
        updated_at: now,
        answer_sealed: None,
        handled_by: None,
    };
    let mut e = match duty {
        Some(d) => event(user, id, "referral-legal-duty", Some(&format!("{}:{}", org.id, d.as_str()))),
        None => event(user, id, "referral-sent", Some(&org.id)),
    };
    e.sealed = reason.map(|r| seal(&c.sealer, &zeri_storage::context::audit_reason(id), &r));
    app.store.insert_referral(&row, &e).await?;
    // Everyone at the receiving organisation is told that a referral waits (no content).
    crate::service::notify::notify(app, &crate::service::notify::org_staff(app, &org.id).await?, "referral", Some(id))
        .await?;
    // The child's stage follows: reported to police, or referred for support.
    let to_stage = if matches!(org.kind, OrgKind::Police | OrgKind::Prosecution) {
        Stage::ReportedToPolice
    } else {
        Stage::ReferredForSupport
    };
    if c.report.stage.can_move_to(to_stage) {
        let e = event(user, id, "stage", Some(to_stage.as_str()));
        match app.store.change_stage(id, c.report.stage, to_stage, &e).await {
            Ok(()) | Err(StoreError::Conflict { .. }) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(Outcome::Done)
}

async fn answer_referral(app: &App, user: &StaffRow, id: &str, input: &Input) -> Result<Outcome, Fail> {
    let c = permitted(app, user, id, Action::AnswerReferral).await?;
    let rid = input.get("referral").ok_or_else(|| invalid("referral", "required"))?;
    let referral = c
        .referrals
        .iter()
        .find(|f| f.id == rid.trim() && Some(&f.to_org) == user.org_id.as_ref())
        .ok_or_else(|| invalid("referral", "unknown-referral"))?;
    // Once accepted, the referral is its handler's: colleagues see only the referral.
    if referral.handled_by.as_deref().is_some_and(|h| h != user.id) {
        return Err(Fail::Forbidden);
    }
    let to = choice("status", input.get("status"), ReferralStatus::parse)?;
    if !referral.status.can_move_to(to) {
        return Err(invalid("status", "not-allowed"));
    }
    // Accepting names who handles it: the one accepting, or a colleague of theirs who works
    // on cases (by username).
    let handler = match (to, input.get("handler").map(str::trim).filter(|h| !h.is_empty())) {
        (ReferralStatus::Accepted, None) => Some(user.id.clone()),
        (ReferralStatus::Accepted, Some(name)) => Some(
            app.store
                .staff_by_username(name)
                .await?
                .filter(|m| {
                    !m.disabled && m.confirmed_at.is_some() && m.org_id == user.org_id && m.role.works_on_cases()
                })
                .ok_or_else(|| invalid("handler", "unknown-staff"))?
                .id,
        ),
        _ => None,
    };
    let answer = match to {
        ReferralStatus::Declined => Some(validate_reason(input.get("reason")).map_err(Fail::Invalid)?),
        _ => optional_text("reason", input.get("reason"), 500)?,
    };
    let sealed = answer.map(|a| seal(&c.sealer, &zeri_storage::context::referral_answer(&referral.id), &a));
    let action = match to {
        ReferralStatus::Accepted => "referral-accepted",
        ReferralStatus::Declined => "referral-declined",
        _ => "referral-completed",
    };
    let e = event(user, id, action, Some(&referral.to_org));
    let at = now_ms();
    match app
        .store
        .answer_referral(&referral.id, id, referral.status, to, sealed.as_deref(), handler.as_deref(), at, &e)
        .await
    {
        Ok(()) => Ok(Outcome::Done),
        Err(StoreError::Conflict { .. }) => Err(Fail::Conflict("referral-conflict")),
        Err(e) => Err(e.into()),
    }
}

/// Adds a professional to the case team: only someone whose organisation consent (or a
/// legal duty) covers.
async fn add_member(app: &App, user: &StaffRow, id: &str, input: &Input) -> Result<Outcome, Fail> {
    let c = permitted(app, user, id, Action::ManageTeam).await?;
    let name = input.get("username").ok_or_else(|| invalid("username", "required"))?;
    let member = app
        .store
        .staff_by_username(name.trim())
        .await?
        .filter(|m| !m.disabled && m.role.works_on_cases())
        .ok_or_else(|| invalid("username", "unknown-staff"))?;
    let org = match &member.org_id {
        Some(o) => app.store.organisation(o).await?,
        None => None,
    };
    if !org.as_ref().is_some_and(|o| c.may_share_with(o)) {
        return Err(invalid("username", "consent-required"));
    }
    let row = TeamMemberRow {
        report_id: id.to_owned(),
        staff_id: member.id.clone(),
        added_by: user.id.clone(),
        added_at: now_ms(),
    };
    let detail = format!("{}:{}", member.role.as_str(), member.org_id.as_deref().unwrap_or(""));
    match app.store.add_team_member(&row, &event(user, id, "team-added", Some(&detail))).await {
        Ok(()) => Ok(Outcome::Done),
        Err(StoreError::Conflict { .. }) => Err(Fail::Conflict("already-member")),
        Err(e) => Err(e.into()),
    }
}

async fn add_meeting(app: &App, user: &StaffRow, id: &str, input: &Input) -> Result<Outcome, Fail> {
    let c = permitted(app, user, id, Action::ManageTeam).await?;
    let held_on = parse_date("held_on", input.get("held_on")).map_err(Fail::Invalid)?;
    let text = MeetingText {
        attendees: text("attendees", input.get("attendees"), 1000)?,
        decisions: text("decisions", input.get("decisions"), 4000)?,
        actions: optional_text("actions", input.get("actions"), 2000)?,
    };
    let meeting_id = new_id();
    let row = MeetingRow {
        sealed: seal(
            &c.sealer,
            &zeri_storage::context::meeting(&meeting_id),
            &serde_json::to_string(&text).expect("plain struct"),
        ),
        id: meeting_id,
        report_id: id.to_owned(),
        held_on,
        recorded_by: user.id.clone(),
        created_at: now_ms(),
    };
    app.store.insert_meeting(&row, &event(user, id, "meeting", None)).await?;
    Ok(Outcome::Done)
}

/// Records what became of the case, on the day it happened (not in the future).
async fn record_outcome(app: &App, user: &StaffRow, id: &str, input: &Input) -> Result<Outcome, Fail> {
    permitted(app, user, id, Action::RecordOutcome).await?;
    let outcome = choice("outcome", input.get("outcome"), CaseOutcome::parse)?;
    let support_kind = match (outcome, input.get("support_kind")) {
        (CaseOutcome::SupportReceived, kind) => {
            Some(choice("support_kind", kind, |k| ServiceKind::parse(k).filter(|k| SUPPORT_KINDS.contains(k)))?)
        }
        (_, _) => None,
    };
    let on = parse_date("on", input.get("on")).map_err(Fail::Invalid)?;
    if on > now_ms().div_euclid(86_400_000) + 1 {
        return Err(invalid("on", "date-in-future"));
    }
    let row = OutcomeRow {
        id: new_id(),
        report_id: id.to_owned(),
        outcome,
        support_kind,
        occurred_on: on,
        recorded_by: user.id.clone(),
        recorded_at: now_ms(),
    };
    app.store.insert_outcome(&row, &event(user, id, "outcome", Some(outcome.as_str()))).await?;
    Ok(Outcome::Done)
}

/// Allowed operations, by the names the API and the forms use.
pub fn allowed_ops(user: &StaffRow, c: &Case) -> Vec<String> {
    let map: [(&str, Action); 23] = [
        ("read", Action::ReadCase),
        ("take", Action::Take),
        ("messages", Action::Reply),
        ("stage", Action::ChangeStage),
        ("triage", Action::Triage),
        ("reveal", Action::RevealIdentity),
        ("notes", Action::WriteNote),
        ("tasks", Action::ManageTasks),
        ("consents", Action::RecordConsent),
        ("referrals", Action::Refer),
        ("referral-answer", Action::AnswerReferral),
        ("team", Action::ManageTeam),
        ("meetings", Action::ManageTeam),
        ("testimony", Action::ReadTestimony),
        ("testimony-add", Action::AddTestimony),
        ("exports", Action::Export),
        ("outcomes", Action::RecordOutcome),
        ("contacts", Action::Reply),
        ("sessions", Action::Reply),
        ("link", Action::LinkCases),
        ("link-merge", Action::MergeCases),
        ("transfer", Action::RequestTransfer),
        ("transfer-answer", Action::AnswerTransfer),
    ];
    let mut ops: Vec<String> = map.iter().filter(|(_, a)| c.may(user, *a)).map(|(n, _)| (*n).to_owned()).collect();
    // The case's links to the hotline's queue: a reader of the case who works on items.
    if c.may(user, Action::ReadCase)
        && crate::service::hotline::may_send_case_links(user, c.user_org.as_ref().map(|o| o.kind))
    {
        ops.push("hotline-links".to_owned());
    }
    ops
}
