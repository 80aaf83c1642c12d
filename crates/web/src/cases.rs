//! Case work across agencies: the one place where a staff request about a case is
//! authorised, and every operation on a case (triage, revealing identities, notes, tasks,
//! consent, referrals, the team, meetings, the testimony, exports).
//!
//! Every operation loads the case with the facts the permission decision needs, asks
//! `zeri_domain::authorize`, does its work and appends its audit entry in the same
//! transaction. A case the user has no relation to answers 404 (its existence does not
//! leak); a case they are related to but may not do this with answers 403. The same
//! operations serve the HTML forms (`case_page.rs`) and the JSON API (below), which both
//! hand over their fields as an [`Input`].

use std::collections::BTreeMap;

use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zeri_crypto::Sealer;
use zeri_domain::casework::{
    consent_covers, needs_consent, parse_date, validate_reason, validate_text, Consent, ConsentDecision, ConsentGiver,
    LegalDuty, Outcome as CaseOutcome, ReferralStatus, Urgency, SUPPORT_KINDS,
};
use zeri_domain::directory::ServiceKind;
use zeri_domain::permission::{relation, CaseFacts, OrgKind, UserFacts};
use zeri_domain::report::{validate_message, Category, Confidential};
use zeri_domain::{authorize, Action, FieldError, FieldErrors, Relation, Role, Stage};
use zeri_storage::{
    Author, ConsentRow, ContactRow, EventRow, EvidenceRow, MatchRow, MeetingRow, NewEvent, NoteRow, OrgRow, OutcomeRow,
    ReferralRow, ReportRow, StaffRow, StoreError, TakedownRow, TaskRow, TeamMemberRow, TestimonyRow,
};

use crate::auth::ApiStaff;
use crate::error::ApiError;
use crate::extract::{ApiLang, JsonFields, JsonObject};
use crate::followup::{load_messages, store_message, Message};
use crate::i18n::Lang;
use crate::{now_ms, App, AppState};

/// Largest testimony recording accepted (a compressed interview recording or transcript).
pub const TESTIMONY_LIMIT: usize = 32 * 1024 * 1024;

// ----- failures -----

pub enum Fail {
    /// Unknown, or no relation to the user: the same answer.
    NotFound,
    /// Related to the user, but not this action.
    Forbidden,
    /// Someone else changed it first, or it already exists.
    Conflict(&'static str),
    Invalid(FieldErrors),
    /// Its personal data was erased under the retention rules (at this time).
    Erased(i64),
    Internal(String),
}

impl From<StoreError> for Fail {
    fn from(e: StoreError) -> Self {
        Fail::Internal(e.to_string())
    }
}

pub(crate) fn invalid(field: &'static str, code: &'static str) -> Fail {
    Fail::Invalid(FieldErrors::from([(field, FieldError::new(code))]))
}

impl Fail {
    pub fn api(self, lang: Lang) -> ApiError {
        match self {
            Fail::NotFound => ApiError::not_found(lang),
            Fail::Forbidden => ApiError::new(StatusCode::FORBIDDEN, "forbidden", lang),
            Fail::Conflict(code) => ApiError::new(StatusCode::CONFLICT, code, lang),
            Fail::Invalid(e) => ApiError::validation(lang, &e),
            Fail::Erased(_) => ApiError::new(StatusCode::GONE, "case-erased", lang),
            Fail::Internal(e) => ApiError::internal(lang, e),
        }
    }
}

// ----- the case and its permission -----

/// A case as one user sees it, with everything the permission decision needs.
pub struct Case {
    pub report: ReportRow,
    pub team: Vec<TeamMemberRow>,
    pub referrals: Vec<ReferralRow>,
    pub consents: Vec<ConsentRow>,
    pub relation: Relation,
    /// Consent (or a recorded legal duty) covers the user's organisation.
    pub consent: bool,
    pub user_org: Option<OrgRow>,
    /// Seals and opens this case's values.
    pub sealer: Sealer,
}

impl Case {
    pub fn may(&self, user: &StaffRow, action: Action) -> bool {
        authorize(user.role, self.relation, self.consent, action).allowed()
    }

    /// The consent decisions on record, including the two asked in the report form.
    pub fn consent_records(&self) -> Vec<Consent> {
        let r = &self.report;
        let mut out: Vec<Consent> = self
            .consents
            .iter()
            .map(|c| Consent { kind: c.kind, org_id: c.org_id.clone(), decision: c.decision, at: c.at })
            .collect();
        for (given, kind) in [(r.consent_cpo, OrgKind::ChildProtectionUnit), (r.consent_police, OrgKind::Police)] {
            if given {
                out.push(Consent { kind, org_id: None, decision: ConsentDecision::Given, at: r.created_at });
            }
        }
        out
    }

    /// Whether this case may be shared with `org`: it holds the case, or consent covers it,
    /// or a referral under a legal duty was sent to it.
    pub fn may_share_with(&self, org: &OrgRow) -> bool {
        !needs_consent(org.kind)
            || self.report.org_id == org.id
            || consent_covers(&self.consent_records(), org.kind, &org.id)
            || self
                .referrals
                .iter()
                .any(|f| f.to_org == org.id && f.legal_duty.is_some() && f.status != ReferralStatus::Declined)
    }

    fn facts_relation(&self, user: &StaffRow) -> Relation {
        let team: Vec<String> = self.team.iter().map(|m| m.staff_id.clone()).collect();
        let referrals: Vec<(String, _)> = self.referrals.iter().map(|f| (f.to_org.clone(), f.status.state())).collect();
        relation(
            &UserFacts { id: &user.id, org_id: user.org_id.as_deref() },
            &CaseFacts {
                assigned_to: self.report.assigned_to.as_deref(),
                org_id: &self.report.org_id,
                team: &team,
                referrals: &referrals,
            },
        )
    }

    /// Whether another professional could read this case (task owners, team members).
    async fn could_read(&self, app: &App, other: &StaffRow) -> Result<bool, Fail> {
        let org = match &other.org_id {
            Some(id) => app.store.organisation(id).await?,
            None => None,
        };
        let consent = org.as_ref().is_some_and(|o| self.may_share_with(o));
        Ok(!other.disabled && authorize(other.role, self.facts_relation(other), consent, Action::ReadCase).allowed())
    }
}

/// Loads a case for `user`; `NotFound` when it does not exist or the user has no relation.
pub async fn load_case(app: &App, user: &StaffRow, id: &str) -> Result<Case, Fail> {
    if id.len() > 64 {
        return Err(Fail::NotFound);
    }
    let report = app.store.report(id).await?.ok_or(Fail::NotFound)?;
    let sealer = sealer(app, &report).await?;
    let team = app.store.team(id).await?;
    let referrals = app.store.referrals(id).await?;
    let consents = app.store.consents(id).await?;
    let user_org = match &user.org_id {
        Some(org) => app.store.organisation(org).await?,
        None => None,
    };
    let mut case =
        Case { report, team, referrals, consents, relation: Relation::None, consent: false, user_org, sealer };
    case.relation = case.facts_relation(user);
    if case.relation == Relation::None || !user.role.works_on_cases() {
        return Err(Fail::NotFound);
    }
    if let Some(at) = case.report.erased_at {
        return Err(Fail::Erased(at));
    }
    case.consent = case.user_org.as_ref().is_some_and(|o| case.may_share_with(o));
    Ok(case)
}

/// The case, if `user` may do `action` on it.
pub async fn permitted(app: &App, user: &StaffRow, id: &str, action: Action) -> Result<Case, Fail> {
    let case = load_case(app, user, id).await?;
    if !case.may(user, action) {
        return Err(Fail::Forbidden);
    }
    Ok(case)
}

pub fn event(user: &StaffRow, report_id: &str, action: &'static str, detail: Option<&str>) -> NewEvent {
    NewEvent {
        report_id: Some(report_id.to_owned()),
        at: now_ms(),
        staff_id: Some(user.id.clone()),
        role: Some(user.role),
        org_id: user.org_id.clone(),
        action,
        detail: detail.map(String::from),
        sealed: None,
    }
}

fn new_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

fn seal(sealer: &Sealer, context: &str, text: &str) -> Vec<u8> {
    sealer.seal(text.as_bytes(), context.as_bytes())
}

pub fn open_text(sealer: &Sealer, context: &str, sealed: &[u8]) -> Result<String, Fail> {
    let plain = sealer.open(sealed, context.as_bytes()).map_err(|e| Fail::Internal(e.to_string()))?;
    String::from_utf8(plain.to_vec()).map_err(|_| Fail::Internal("sealed text is not UTF-8".into()))
}

/// What the case's values are sealed with: its own data key, unwrapped by the master key;
/// the master key for a case from before case keys; nothing once retention erased it.
pub async fn sealer(app: &App, report: &ReportRow) -> Result<Sealer, Fail> {
    Ok(zeri_storage::context::case_sealer(app.store.as_ref(), &app.keys, report).await?)
}

/// The sealer of a case known only by id.
pub async fn sealer_for(app: &App, report_id: &str) -> Result<Sealer, Fail> {
    let report = app.store.report(report_id).await?.ok_or(Fail::NotFound)?;
    sealer(app, &report).await
}

/// The sealed reason of an audit entry, if it has one.
pub fn event_reason(sealer: &Sealer, e: &EventRow) -> Option<String> {
    let (Some(sealed), Some(report)) = (&e.sealed, &e.report_id) else { return None };
    open_text(sealer, &zeri_storage::context::audit_reason(report), sealed).ok()
}

/// What a referral carries, sealed.
#[derive(Serialize, Deserialize, Default)]
pub struct ReferralText {
    pub note: Option<String>,
    pub reason: Option<String>,
}

/// A planning meeting's record, sealed.
#[derive(Serialize, Deserialize)]
pub struct MeetingText {
    pub attendees: String,
    pub decisions: String,
    pub actions: Option<String>,
}

/// The testimony's description, sealed.
#[derive(Serialize, Deserialize)]
pub struct TestimonyMeta {
    pub file_name: String,
    pub content_type: String,
    pub interviewer: String,
    pub notes: Option<String>,
}

pub fn open_confidential(sealer: &Sealer, report: &ReportRow) -> Result<Confidential, Fail> {
    let plain = sealer
        .open(&report.sealed, zeri_storage::context::report(&report.id).as_bytes())
        .map_err(|e| Fail::Internal(e.to_string()))?;
    // A decoding error could quote the plaintext, so it is never passed on to the log.
    serde_json::from_slice(&plain).map_err(|_| Fail::Internal("sealed report does not decode".into()))
}

/// The Child Protection Unit of the child's municipality, if the report names one.
pub fn suggested_cpu(report: &ReportRow) -> Option<String> {
    let m = report.municipality.as_deref()?;
    Some(format!("cpu-{}", zeri_domain::places::fold(m).replace(' ', "-")))
}

// ----- input -----

/// The text fields of a request, from a form or a JSON object.
#[derive(Default)]
pub struct Input(pub BTreeMap<String, String>);

impl Input {
    pub fn get(&self, k: &str) -> Option<&str> {
        self.0.get(k).map(String::as_str).filter(|v| !v.trim().is_empty())
    }
}

fn choice<T>(field: &'static str, value: Option<&str>, parse: impl Fn(&str) -> Option<T>) -> Result<T, Fail> {
    match value {
        None => Err(invalid(field, "required-choice")),
        Some(v) => parse(v.trim()).ok_or_else(|| invalid(field, "unknown-choice")),
    }
}

fn text(field: &'static str, value: Option<&str>, limit: usize) -> Result<String, Fail> {
    validate_text(field, value, 1, limit).map_err(Fail::Invalid)
}

fn optional_text(field: &'static str, value: Option<&str>, limit: usize) -> Result<Option<String>, Fail> {
    value.map(|v| text(field, Some(v), limit)).transpose()
}

// ----- reading a case -----

/// Opens a case: intake professionals take an unassigned case of their organisation,
/// holders move a new case into review, and every reading is appended to the audit log.
pub async fn open_case(app: &App, user: &StaffRow, id: &str) -> Result<Case, Fail> {
    let mut c = load_case(app, user, id).await?;
    if !c.may(user, Action::ReadCase) {
        if c.may(user, Action::AnswerReferral) {
            app.store.record_event(&event(user, id, "referral-viewed", None)).await?;
            return Ok(c);
        }
        return Err(Fail::Forbidden);
    }
    let intake = matches!(user.role, Role::Counsellor | Role::HotlineAnalyst);
    if intake && c.report.assigned_to.is_none() && c.may(user, Action::Take) {
        match app.store.assign(id, &user.id, &event(user, id, "assigned", None)).await {
            Ok(()) => {
                c.report.assigned_to = Some(user.id.clone());
                c.relation = Relation::Assigned;
            }
            // A colleague took it a moment ago: it stays readable as a colleague's.
            Err(StoreError::Conflict { .. }) => {}
            Err(e) => return Err(e.into()),
        }
    }
    app.store.record_event(&event(user, id, "opened", None)).await?;
    if c.report.stage == Stage::Received && c.may(user, Action::ChangeStage) {
        let to = Stage::InReview;
        match app.store.change_stage(id, Stage::Received, to, &event(user, id, "stage", Some(to.as_str()))).await {
            Ok(()) => c.report.stage = to,
            Err(StoreError::Conflict { .. }) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(c)
}

pub struct NoteView {
    pub at: i64,
    pub author: String,
    pub body: String,
}

pub struct TaskView {
    pub row: TaskRow,
    pub title: String,
    pub owner: String,
}

pub struct ConsentView {
    pub row: ConsentRow,
    pub explained: Option<String>,
}

pub struct ReferralView {
    pub row: ReferralRow,
    pub org: Option<OrgRow>,
    pub text: ReferralText,
    pub answer: Option<String>,
}

pub struct MemberView {
    pub user: StaffRow,
    pub org: Option<OrgRow>,
}

pub struct MeetingView {
    pub row: MeetingRow,
    pub text: MeetingText,
}

/// Everything about a case that the user may read, decrypted.
pub struct CaseData {
    pub case: Case,
    /// `None` for a pending referral: the receiving organisation sees the referral only.
    pub confidential: Option<Confidential>,
    pub messages: Option<Vec<Message>>,
    pub notes: Vec<NoteView>,
    pub tasks: Vec<TaskView>,
    pub consents: Vec<ConsentView>,
    pub referrals: Vec<ReferralView>,
    pub team: Vec<MemberView>,
    pub meetings: Vec<MeetingView>,
    pub testimony: Option<(TestimonyRow, TestimonyMeta)>,
    pub outcomes: Vec<OutcomeRow>,
    /// Phone calls about the case, with their summaries.
    pub contacts: Vec<(ContactRow, String)>,
    /// Remote session times offered and booked.
    pub slots: Vec<zeri_storage::SlotRow>,
    /// Evidence files (digests, perceptual hash, kind; never the file) and what they matched.
    pub evidence: Vec<EvidenceRow>,
    pub matches: Vec<MatchRow>,
    pub takedowns: Vec<TakedownRow>,
    pub events: Vec<EventRow>,
    pub orgs: BTreeMap<String, OrgRow>,
    pub staff: BTreeMap<String, StaffRow>,
}

pub async fn case_data(app: &App, user: &StaffRow, id: &str) -> Result<CaseData, Fail> {
    let case = open_case(app, user, id).await?;
    let orgs = crate::followup::load_orgs(app).await?;
    let staff: BTreeMap<String, StaffRow> =
        app.store.list_staff().await?.into_iter().map(|s| (s.id.clone(), s)).collect();
    let name = |id: &str| staff.get(id).map(|s| s.username.clone()).unwrap_or_else(|| "—".into());
    let referrals = case
        .referrals
        .iter()
        .filter(|f| case.may(user, Action::ReadCase) || user.org_id.as_deref() == Some(f.to_org.as_str()))
        .map(|f| {
            let text: ReferralText =
                serde_json::from_str(&open_text(&case.sealer, &zeri_storage::context::referral(&f.id), &f.sealed)?)
                    .map_err(|_| Fail::Internal("sealed referral does not decode".into()))?;
            let answer = f
                .answer_sealed
                .as_ref()
                .map(|a| open_text(&case.sealer, &zeri_storage::context::referral_answer(&f.id), a))
                .transpose()?;
            Ok(ReferralView { row: f.clone(), org: orgs.get(&f.to_org).cloned(), text, answer })
        })
        .collect::<Result<Vec<_>, Fail>>()?;
    if !case.may(user, Action::ReadCase) {
        let events = Vec::new();
        return Ok(CaseData {
            case,
            confidential: None,
            messages: None,
            notes: vec![],
            tasks: vec![],
            consents: vec![],
            referrals,
            team: vec![],
            meetings: vec![],
            testimony: None,
            outcomes: vec![],
            contacts: vec![],
            slots: vec![],
            evidence: vec![],
            matches: vec![],
            takedowns: vec![],
            events,
            orgs,
            staff,
        });
    }
    let confidential = Some(open_confidential(&case.sealer, &case.report)?);
    let messages = if case.may(user, Action::ReadMessages) {
        Some(load_messages(app, &case.sealer, id, Author::Staff).await.map_err(Fail::Internal)?)
    } else {
        None
    };
    let notes = app
        .store
        .notes(id)
        .await?
        .into_iter()
        .map(|n| {
            Ok(NoteView {
                at: n.at,
                author: name(&n.staff_id),
                body: open_text(&case.sealer, &zeri_storage::context::note(&n.id), &n.sealed)?,
            })
        })
        .collect::<Result<Vec<_>, Fail>>()?;
    let tasks = app
        .store
        .tasks(id)
        .await?
        .into_iter()
        .map(|t| {
            Ok(TaskView {
                title: open_text(&case.sealer, &zeri_storage::context::task(&t.id), &t.sealed)?,
                owner: name(&t.owner_id),
                row: t,
            })
        })
        .collect::<Result<Vec<_>, Fail>>()?;
    let consents = case
        .consents
        .iter()
        .map(|c| {
            let explained = c
                .sealed
                .as_ref()
                .map(|s| open_text(&case.sealer, &zeri_storage::context::consent(&c.id), s))
                .transpose()?;
            Ok(ConsentView { row: c.clone(), explained })
        })
        .collect::<Result<Vec<_>, Fail>>()?;
    let team = case
        .team
        .iter()
        .filter_map(|m| staff.get(&m.staff_id))
        .map(|u| MemberView { user: u.clone(), org: u.org_id.as_ref().and_then(|o| orgs.get(o)).cloned() })
        .collect();
    let meetings = app
        .store
        .meetings(id)
        .await?
        .into_iter()
        .map(|m| {
            let text =
                serde_json::from_str(&open_text(&case.sealer, &zeri_storage::context::meeting(&m.id), &m.sealed)?)
                    .map_err(|_| Fail::Internal("sealed meeting does not decode".into()))?;
            Ok(MeetingView { row: m, text })
        })
        .collect::<Result<Vec<_>, Fail>>()?;
    let testimony = match app.store.testimony(id).await? {
        Some(t) => {
            let meta = serde_json::from_str(&open_text(
                &case.sealer,
                &zeri_storage::context::testimony_meta(id),
                &t.sealed_meta,
            )?)
            .map_err(|_| Fail::Internal("sealed testimony does not decode".into()))?;
            Some((t, meta))
        }
        None => None,
    };
    let events = app.store.events(id).await?;
    let outcomes = app.store.outcomes(id).await?;
    let contacts = app
        .store
        .contacts(id)
        .await?
        .into_iter()
        .map(|c| {
            let summary = open_text(&case.sealer, &zeri_storage::context::contact(&c.id), &c.sealed)?;
            Ok((c, summary))
        })
        .collect::<Result<Vec<_>, Fail>>()?;
    let slots = app.store.slots(id).await?;
    let evidence = app.store.evidence_for(id).await?;
    let matches = if evidence.is_empty() { Vec::new() } else { app.store.evidence_matches(id).await? };
    let takedowns = app.store.takedowns_for(id).await?;
    Ok(CaseData {
        case,
        confidential,
        messages,
        notes,
        tasks,
        consents,
        referrals,
        team,
        meetings,
        testimony,
        outcomes,
        contacts,
        slots,
        evidence,
        matches,
        takedowns,
        events,
        orgs,
        staff,
    })
}

// ----- operations -----

/// What an operation gives back besides "done".
pub enum Outcome {
    Done,
    Identity(Identity),
    Stage(Stage),
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Identity {
    pub name: Option<String>,
    pub contact: Option<String>,
    /// Town or village.
    pub place: Option<String>,
}

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
    ("referral-answer", &["referral", "status", "reason"]),
    ("team", &["username"]),
    ("meetings", &["held_on", "attendees", "decisions", "actions"]),
    ("outcomes", &["outcome", "support_kind", "on"]),
    ("contacts", &["summary", "follow_up", "minutes"]),
    ("sessions", &["at1", "at2", "at3", "minutes"]),
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
        "sessions" => crate::sessions::offer(app, user, id, input).await,
        _ => Err(Fail::NotFound),
    }
}

/// A phone call about the case: whoever may answer the child may log one.
async fn log_contact(app: &App, user: &StaffRow, id: &str, input: &Input) -> Result<Outcome, Fail> {
    let c = permitted(app, user, id, Action::Reply).await?;
    let summary = text("summary", input.get("summary"), 4000)?;
    let (follow_up, minutes) =
        crate::phone::call_details(input.get("follow_up"), input.get("minutes")).map_err(Fail::Invalid)?;
    crate::phone::log_call(app, user, &c, &summary, follow_up, minutes).await?;
    Ok(Outcome::Done)
}

async fn take(app: &App, user: &StaffRow, id: &str) -> Result<Outcome, Fail> {
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
    match app.store.change_stage(id, c.report.stage, to, &event(user, id, "stage", Some(to.as_str()))).await {
        Ok(()) => Ok(Outcome::Stage(to)),
        Err(StoreError::Conflict { .. }) => Err(Fail::Conflict("stage-conflict")),
        Err(e) => Err(e.into()),
    }
}

/// Triage. Marking a child in immediate danger starts the escalation path: a task, due
/// today, to alert police and the Child Protection Unit (with consent or under the legal
/// duty), shown first in every queue.
async fn triage(app: &App, user: &StaffRow, id: &str, input: &Input, lang: Lang) -> Result<Outcome, Fail> {
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

async fn reveal(app: &App, user: &StaffRow, id: &str, input: &Input) -> Result<Outcome, Fail> {
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
        crate::notify::notify(app, std::slice::from_ref(&owner.id), "task", Some(id)).await?;
    }
    Ok(Outcome::Done)
}

async fn task_done(app: &App, user: &StaffRow, id: &str, input: &Input) -> Result<Outcome, Fail> {
    permitted(app, user, id, Action::ManageTasks).await?;
    let task = input.get("task").ok_or_else(|| invalid("task", "required"))?;
    match app.store.complete_task(task, id, now_ms(), &event(user, id, "task-done", None)).await {
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
    };
    let mut e = match duty {
        Some(d) => event(user, id, "referral-legal-duty", Some(&format!("{}:{}", org.id, d.as_str()))),
        None => event(user, id, "referral-sent", Some(&org.id)),
    };
    e.sealed = reason.map(|r| seal(&c.sealer, &zeri_storage::context::audit_reason(id), &r));
    app.store.insert_referral(&row, &e).await?;
    // Everyone at the receiving organisation is told that a referral waits (no content).
    crate::notify::notify(app, &crate::notify::org_staff(app, &org.id).await?, "referral", Some(id)).await?;
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
    let to = choice("status", input.get("status"), ReferralStatus::parse)?;
    if !referral.status.can_move_to(to) {
        return Err(invalid("status", "not-allowed"));
    }
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
    match app.store.answer_referral(&referral.id, id, referral.status, to, sealed.as_deref(), now_ms(), &e).await {
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

/// Stores the one testimony of a case, sealed, with its SHA-256 for the chain of custody.
pub async fn add_testimony(
    app: &App,
    user: &StaffRow,
    id: &str,
    input: &Input,
    file: Option<(String, String, Vec<u8>)>,
) -> Result<Outcome, Fail> {
    let c = permitted(app, user, id, Action::AddTestimony).await?;
    let recorded_on = parse_date("recorded_on", input.get("recorded_on")).map_err(Fail::Invalid)?;
    let interviewer = text("interviewer", input.get("interviewer"), 200)?;
    let notes = optional_text("notes", input.get("notes"), 2000)?;
    let (file_name, content_type, bytes) =
        file.filter(|f| !f.2.is_empty()).ok_or_else(|| invalid("file", "required"))?;
    let file_name: String =
        file_name.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')).take(100).collect();
    let meta = TestimonyMeta {
        file_name: if file_name.is_empty() { "testimony".into() } else { file_name },
        content_type: if content_type.len() <= 100 { content_type } else { "application/octet-stream".into() },
        interviewer,
        notes,
    };
    let row = TestimonyRow {
        report_id: id.to_owned(),
        recorded_on,
        recorded_by: user.id.clone(),
        created_at: now_ms(),
        size: bytes.len() as i64,
        sha256: hex::encode(Sha256::digest(&bytes)),
        sealed_meta: seal(
            &c.sealer,
            &zeri_storage::context::testimony_meta(id),
            &serde_json::to_string(&meta).expect("plain struct"),
        ),
    };
    let sealed_file = c.sealer.seal(&bytes, zeri_storage::context::testimony_file(id).as_bytes());
    match app.store.insert_testimony(&row, &sealed_file, &event(user, id, "testimony-added", Some(&row.sha256))).await {
        Ok(()) => Ok(Outcome::Done),
        Err(StoreError::Conflict { .. }) => Err(Fail::Conflict("testimony-exists")),
        Err(e) => Err(e.into()),
    }
}

/// The testimony file, decrypted; every viewing is logged and shown to the child.
pub async fn testimony_file(app: &App, user: &StaffRow, id: &str) -> Result<(TestimonyMeta, Vec<u8>), Fail> {
    let c = permitted(app, user, id, Action::ReadTestimony).await?;
    let row = app.store.testimony(id).await?.ok_or(Fail::NotFound)?;
    let sealed = app.store.testimony_file(id).await?.ok_or(Fail::NotFound)?;
    let meta: TestimonyMeta =
        serde_json::from_str(&open_text(&c.sealer, &zeri_storage::context::testimony_meta(id), &row.sealed_meta)?)
            .map_err(|_| Fail::Internal("sealed testimony does not decode".into()))?;
    let file = c
        .sealer
        .open(&sealed, zeri_storage::context::testimony_file(id).as_bytes())
        .map_err(|e| Fail::Internal(e.to_string()))?;
    app.store.record_event(&event(user, id, "testimony-viewed", None)).await?;
    Ok((meta, file.to_vec()))
}

pub fn attachment(content_type: &str, file_name: &str, bytes: Vec<u8>) -> Response {
    let disposition = format!("attachment; filename=\"{file_name}\"");
    ([(header::CONTENT_TYPE, content_type.to_owned()), (header::CONTENT_DISPOSITION, disposition)], bytes)
        .into_response()
}

// ----- API -----

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/cases", get(queue_api))
        .route("/api/v1/cases/{id}", get(case_api))
        .route(
            "/api/v1/cases/{id}/testimony",
            get(testimony_api)
                .post(crate::case_page::testimony_upload_api)
                .layer(DefaultBodyLimit::max(TESTIMONY_LIMIT + 64 * 1024)),
        )
        .route("/api/v1/cases/{id}/exports", post(crate::exports::export_api))
        .route("/api/v1/cases/{id}/evidence/{evidence}", post(evidence_api))
        .route("/api/v1/cases/{id}/{operation}", post(operation_api))
}

/// Open one piece of evidence: the file as it was received, with a stated reason
/// (`{"reason": "…"}`, 10–500 characters). Every opening enters the chain of custody with
/// the SHA-256 of the file as read, and the child's access log.
#[utoipa::path(post, path = "/api/v1/cases/{id}/evidence/{evidence}", tag = "evidence",
    params(("id" = String, Path), ("evidence" = String, Path)),
    request_body(content = Object, description = "{\"reason\": \"…\"}", content_type = "application/json"),
    responses((status = 200, description = "The file; header X-Evidence-Sha256 is its SHA-256 as read now"),
        (status = 401), (status = 403), (status = 404), (status = 422)),
    security(("bearer" = [])))]
pub async fn evidence_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
    Path((id, evidence)): Path<(String, String)>,
    body: JsonObject,
) -> Result<Response, ApiError> {
    let input = api_input(body, &["reason"], lang)?;
    let opened =
        crate::evidence::open(&app, &s.user, &id, &evidence, input.get("reason")).await.map_err(|f| f.api(lang))?;
    let content_type = crate::evidence::Kind::content_type(&opened.row.kind, &opened.bytes);
    let mut res = attachment(content_type, &format!("evidence-{}", opened.row.id), opened.bytes);
    if let Ok(v) = header::HeaderValue::from_str(&opened.sha256_now) {
        res.headers_mut().insert("x-evidence-sha256", v);
    }
    Ok(res)
}

/// Reads the fields an operation takes out of a JSON body; anything else is an error.
pub fn api_input(body: JsonObject, known: &[&str], lang: Lang) -> Result<Input, ApiError> {
    let mut f = JsonFields::new(body, known);
    let mut input = Input::default();
    for k in known {
        if let Some(v) = f.text(k) {
            input.0.insert((*k).to_owned(), v);
        }
    }
    match f.finish(lang, None) {
        Some(e) => Err(e),
        None => Ok(input),
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Done {
    ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    stage: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    identity: Option<Identity>,
}

impl Done {
    pub fn ok() -> Self {
        Self { ok: true, stage: None, identity: None }
    }
}

/// Every case operation: `take`, `messages`, `stage`, `triage`, `reveal`, `notes`, `tasks`,
/// `task-done`, `consents`, `referrals`, `referral-answer`, `team`, `meetings`, `outcomes`.
#[utoipa::path(post, path = "/api/v1/cases/{id}/{operation}", tag = "cases",
    params(("id" = String, Path), ("operation" = String, Path, description = "take, messages, stage, triage, reveal, notes, tasks, task-done, consents, referrals, referral-answer, team, meetings or outcomes")),
    request_body(content = Object, description = "The operation's text fields, e.g. {\"reason\": \"…\"} for reveal", content_type = "application/json"),
    responses((status = 200, body = Done), (status = 201, body = Done), (status = 400), (status = 401), (status = 403), (status = 404), (status = 409), (status = 415), (status = 422)),
    security(("bearer" = [])))]
pub async fn operation_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
    Path((id, op)): Path<(String, String)>,
    body: JsonObject,
) -> Result<(StatusCode, Json<Done>), ApiError> {
    let op = op.as_str();
    let (_, known) = OPERATIONS.iter().find(|(name, _)| *name == op).ok_or_else(|| ApiError::not_found(lang))?;
    let input = api_input(body, known, lang)?;
    let outcome = run(&app, &s.user, &id, op, &input, lang).await.map_err(|f| f.api(lang))?;
    // Operations that add a record answer 201, the others 200.
    let status = match op {
        "messages" | "notes" | "tasks" | "consents" | "referrals" | "team" | "meetings" | "outcomes" | "contacts"
        | "sessions" => StatusCode::CREATED,
        _ => StatusCode::OK,
    };
    Ok((
        status,
        Json(match outcome {
            Outcome::Done => Done { ok: true, stage: None, identity: None },
            Outcome::Stage(st) => Done { ok: true, stage: Some(st.as_str().to_owned()), identity: None },
            Outcome::Identity(i) => Done { ok: true, stage: None, identity: Some(i) },
        }),
    ))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CaseSummary {
    id: String,
    case_ref: String,
    stage: String,
    urgency: String,
    category: String,
    age_band: String,
    municipality: Option<String>,
    created_at: i64,
    updated_at: i64,
    awaiting_reply: bool,
    assigned_to_me: bool,
    /// `assigned`, `team`, `referred`, `referral_pending` or `same_org`.
    relation: String,
}

pub async fn queue(app: &App, user: &StaffRow) -> Result<Vec<(ReportRow, Relation)>, Fail> {
    if !authorize(user.role, Relation::None, false, Action::ListCases).allowed() {
        return Err(Fail::Forbidden);
    }
    let rows = app.store.cases_for(&user.id, user.org_id.as_deref(), 500).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        // The list query is broad; each case is checked by the one permission function.
        match load_case(app, user, &r.id).await {
            Ok(c) if c.may(user, Action::ReadCase) || c.may(user, Action::AnswerReferral) => out.push((r, c.relation)),
            Ok(_) | Err(Fail::NotFound) | Err(Fail::Forbidden) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

fn summary(user: &StaffRow, r: &ReportRow, relation: Relation) -> CaseSummary {
    CaseSummary {
        id: r.id.clone(),
        case_ref: r.case_ref.clone(),
        stage: r.stage.as_str().to_owned(),
        urgency: r.urgency.as_str().to_owned(),
        category: r.category.as_str().to_owned(),
        age_band: r.age_band.as_str().to_owned(),
        municipality: r.municipality.clone(),
        created_at: r.created_at,
        updated_at: r.updated_at,
        awaiting_reply: r.awaiting_reply,
        assigned_to_me: r.assigned_to.as_deref() == Some(&user.id),
        relation: relation.as_str().to_owned(),
    }
}

/// The cases this user may open or answer (no free text).
#[utoipa::path(get, path = "/api/v1/cases", tag = "cases", responses((status = 200, body = [CaseSummary]), (status = 401), (status = 403)),
    security(("bearer" = [])))]
pub async fn queue_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
) -> Result<Json<Vec<CaseSummary>>, ApiError> {
    let cases = queue(&app, &s.user).await.map_err(|f| f.api(lang))?;
    Ok(Json(cases.iter().map(|(r, rel)| summary(&s.user, r, *rel)).collect()))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CaseDetail {
    #[serde(flatten)]
    summary: CaseSummary,
    /// Operations this user may perform on the case now.
    allowed: Vec<String>,
    reporter: String,
    /// Absent while a referral to the user's organisation waits for an answer.
    description: Option<String>,
    platform: Option<String>,
    links: Vec<String>,
    when: Option<String>,
    contact_method: String,
    /// Masked: revealing identities is a separate, audited action (`reveal`).
    contact_masked: Option<String>,
    has_name: bool,
    has_place: bool,
    suggested_referral: Option<String>,
    /// Absent when the user may not read the conversation with the child.
    messages: Option<Vec<CaseMessage>>,
    notes: Vec<CaseNote>,
    tasks: Vec<CaseTask>,
    consents: Vec<CaseConsent>,
    referrals: Vec<CaseReferral>,
    team: Vec<CaseMember>,
    meetings: Vec<CaseMeeting>,
    testimony: Option<CaseTestimony>,
    outcomes: Vec<CaseOutcomeView>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CaseOutcomeView {
    outcome: String,
    support_kind: Option<String>,
    /// Days since 1970-01-01.
    occurred_on: i64,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CaseMessage {
    /// `child` or `team`.
    from: &'static str,
    at: i64,
    body: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CaseNote {
    at: i64,
    author: String,
    body: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CaseTask {
    id: String,
    title: String,
    owner: String,
    due_on: i64,
    done: bool,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CaseConsent {
    recipient: String,
    org: Option<String>,
    giver: String,
    decision: String,
    at: i64,
    explained: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CaseReferral {
    id: String,
    to: String,
    status: String,
    legal_duty: Option<String>,
    note: Option<String>,
    reason: Option<String>,
    answer: Option<String>,
    created_at: i64,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CaseMember {
    username: String,
    role: String,
    org: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CaseMeeting {
    held_on: i64,
    attendees: String,
    decisions: String,
    actions: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CaseTestimony {
    recorded_on: i64,
    size: i64,
    sha256: String,
    file_name: String,
    interviewer: String,
}

/// Allowed operations, by the names the API and the forms use.
pub fn allowed_ops(user: &StaffRow, c: &Case) -> Vec<String> {
    let map: [(&str, Action); 19] = [
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
    ];
    map.iter().filter(|(_, a)| c.may(user, *a)).map(|(n, _)| (*n).to_owned()).collect()
}

/// Open a case (every opening is in the audit log and the child's access log). 404 when
/// the user has no relation to it.
#[utoipa::path(get, path = "/api/v1/cases/{id}", tag = "cases", params(("id" = String, Path)),
    responses((status = 200, body = CaseDetail), (status = 401), (status = 403), (status = 404)), security(("bearer" = [])))]
pub async fn case_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
    Path(id): Path<String>,
) -> Result<Json<CaseDetail>, ApiError> {
    let d = case_data(&app, &s.user, &id).await.map_err(|f| f.api(lang))?;
    let c = &d.case;
    let conf = d.confidential.as_ref();
    let org_name = |id: &str| d.orgs.get(id).map(|o| o.name.clone()).unwrap_or_else(|| id.to_owned());
    Ok(Json(CaseDetail {
        summary: summary(&s.user, &c.report, c.relation),
        allowed: allowed_ops(&s.user, c),
        reporter: c.report.reporter.as_str().to_owned(),
        description: conf.map(|d| d.description.clone()),
        platform: conf.and_then(|d| d.platform.clone()),
        links: conf.map(|d| d.links.clone()).unwrap_or_default(),
        when: conf.map(|d| d.when.as_str().to_owned()),
        contact_method: c.report.contact_method.as_str().to_owned(),
        contact_masked: conf.and_then(|d| d.contact.as_deref().map(mask)),
        has_name: conf.is_some_and(|d| d.name.is_some()),
        has_place: conf.is_some_and(|d| d.place.is_some()),
        suggested_referral: suggested_cpu(&c.report),
        messages: d.messages.as_ref().map(|ms| {
            ms.iter()
                .map(|m| CaseMessage { from: if m.mine { "team" } else { "child" }, at: m.at, body: m.body.clone() })
                .collect()
        }),
        notes: d.notes.iter().map(|n| CaseNote { at: n.at, author: n.author.clone(), body: n.body.clone() }).collect(),
        tasks: d
            .tasks
            .iter()
            .map(|t| CaseTask {
                id: t.row.id.clone(),
                title: t.title.clone(),
                owner: t.owner.clone(),
                due_on: t.row.due_on,
                done: t.row.done_at.is_some(),
            })
            .collect(),
        consents: d
            .consents
            .iter()
            .map(|v| CaseConsent {
                recipient: v.row.kind.as_str().to_owned(),
                org: v.row.org_id.clone(),
                giver: v.row.giver.as_str().to_owned(),
                decision: v.row.decision.as_str().to_owned(),
                at: v.row.at,
                explained: v.explained.clone(),
            })
            .collect(),
        referrals: d
            .referrals
            .iter()
            .map(|f| CaseReferral {
                id: f.row.id.clone(),
                to: f.row.to_org.clone(),
                status: f.row.status.as_str().to_owned(),
                legal_duty: f.row.legal_duty.map(|l| l.as_str().to_owned()),
                note: f.text.note.clone(),
                reason: f.text.reason.clone(),
                answer: f.answer.clone(),
                created_at: f.row.created_at,
            })
            .collect(),
        team: d
            .team
            .iter()
            .map(|m| CaseMember {
                username: m.user.username.clone(),
                role: m.user.role.as_str().to_owned(),
                org: m.user.org_id.as_deref().map(org_name),
            })
            .collect(),
        meetings: d
            .meetings
            .iter()
            .map(|m| CaseMeeting {
                held_on: m.row.held_on,
                attendees: m.text.attendees.clone(),
                decisions: m.text.decisions.clone(),
                actions: m.text.actions.clone(),
            })
            .collect(),
        testimony: d.testimony.as_ref().map(|(t, meta)| CaseTestimony {
            recorded_on: t.recorded_on,
            size: t.size,
            sha256: t.sha256.clone(),
            file_name: meta.file_name.clone(),
            interviewer: meta.interviewer.clone(),
        }),
        outcomes: d
            .outcomes
            .iter()
            .map(|o| CaseOutcomeView {
                outcome: o.outcome.as_str().to_owned(),
                support_kind: o.support_kind.map(|k| k.as_str().to_owned()),
                occurred_on: o.occurred_on,
            })
            .collect(),
    }))
}

/// Download the testimony recording (logged, and shown to the child).
#[utoipa::path(get, path = "/api/v1/cases/{id}/testimony", tag = "cases", params(("id" = String, Path)),
    responses((status = 200, content_type = "application/octet-stream"), (status = 401), (status = 403), (status = 404)),
    security(("bearer" = [])))]
pub async fn testimony_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let (meta, bytes) = testimony_file(&app, &s.user, &id).await.map_err(|f| f.api(lang))?;
    Ok(attachment(&meta.content_type, &meta.file_name, bytes))
}

/// "+355 69 123 4567" → "••• •• 67"; "ana@example.al" → "a•••@•••.al". Enough to
/// recognise, not enough to use.
pub fn mask(value: &str) -> String {
    if let Some((local, domain)) = value.split_once('@') {
        let first = local.chars().next().unwrap_or('•');
        let tld = domain.rsplit('.').next().unwrap_or("");
        format!("{first}•••@•••.{tld}")
    } else {
        let digits: String = value.chars().filter(char::is_ascii_digit).collect();
        let tail = &digits[digits.len().saturating_sub(2)..];
        format!("••• •• {tail}")
    }
}

#[cfg(test)]
mod tests {
    use super::mask;

    #[test]
    fn masks_contacts() {
        assert_eq!(mask("+355 69 123 4567"), "••• •• 67");
        assert_eq!(mask("ana@example.al"), "a•••@•••.al");
        assert!(!mask("0691234567").contains("123"));
    }
}
