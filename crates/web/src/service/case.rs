//! The case core: the one place where a staff request about a case is loaded and
//! authorised ([`load_case`], [`permitted`]); the operations themselves are in
//! `service::operations`, what a user sees of a case in `service::case_data`.
//!
//! Every operation loads the case with the facts the permission decision needs, asks
//! `zeri_domain::authorize`, does its work and appends its audit entry in the same
//! transaction. A case the user has no relation to answers 404 (its existence does not
//! leak); a case they are related to but may not do this with answers 403. The same
//! operations serve the HTML forms (`casework/pages.rs`) and the JSON API
//! (`casework/api.rs`), which both hand over their fields as an [`Input`].

use crate::now_ms;
use crate::App;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use zeri_crypto::Sealer;
use zeri_domain::casework::{consent_covers, needs_consent, validate_text, Consent, ConsentDecision, ReferralStatus};
use zeri_domain::permission::{relation, CaseFacts, OrgKind, UserFacts};
use zeri_domain::report::Confidential;
use zeri_domain::{authorize, Action, FieldError, FieldErrors, Relation, Role, Stage};
use zeri_storage::{
    ConsentRow, EventRow, NewEvent, OrgRow, ReferralRow, ReportRow, StaffRow, StoreError, TeamMemberRow,
};

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
    /// An opening of material stopped to protect the person opening it (the daily limit, a
    /// break due, a file that matched a known list): `service::wellbeing`.
    Stopped(zeri_domain::wellbeing::Stop),
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

// ----- the case and its permission -----

/// A case as one user sees it, with everything the permission decision needs.
pub struct Case {
    pub report: ReportRow,
    pub team: Vec<TeamMemberRow>,
    pub referrals: Vec<ReferralRow>,
    pub consents: Vec<ConsentRow>,
    /// Transfers of the lead (`service::transfer`), oldest first.
    pub transfers: Vec<zeri_storage::TransferRow>,
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
            || consent_covers(&self.consent_records(), org.kind, &org.id, self.is_home_unit(org))
            || self
                .referrals
                .iter()
                .any(|f| f.to_org == org.id && f.legal_duty.is_some() && f.status != ReferralStatus::Declined)
    }

    /// Whether `org` is the Child Protection Unit of the child's municipality (the one an
    /// unnamed consent to "the Child Protection Unit" is for).
    fn is_home_unit(&self, org: &OrgRow) -> bool {
        org.kind == zeri_domain::permission::OrgKind::ChildProtectionUnit
            && org.municipality.is_some()
            && org.municipality == self.report.municipality
    }

    fn facts_relation(&self, user: &StaffRow) -> Relation {
        let team: Vec<String> = self.team.iter().map(|m| m.staff_id.clone()).collect();
        let mut referrals: Vec<(String, _, _)> =
            self.referrals.iter().map(|f| (f.to_org.clone(), f.status.state(), f.handled_by.clone())).collect();
        // A transfer waiting for an organisation gives it what a pending referral gives:
        // the request to answer, not the case.
        referrals.extend(
            self.transfers
                .iter()
                .filter(|t| t.status == "pending")
                .map(|t| (t.to_org.clone(), zeri_domain::permission::ReferralState::Pending, None)),
        );
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
    pub(crate) async fn could_read(&self, app: &App, other: &StaffRow) -> Result<bool, Fail> {
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
    // A case merged into another lives on there (`service::links`): here it is gone.
    if app.store.merged_into(id).await?.is_some() {
        return Err(Fail::NotFound);
    }
    let sealer = sealer(app, &report).await?;
    let team = app.store.team(id).await?;
    let referrals = app.store.referrals(id).await?;
    let consents = app.store.consents(id).await?;
    let transfers = app.store.transfers(id).await?;
    let user_org = match &user.org_id {
        Some(org) => app.store.organisation(org).await?,
        None => None,
    };
    let mut case = Case {
        report,
        team,
        referrals,
        consents,
        transfers,
        relation: Relation::None,
        consent: false,
        user_org,
        sealer,
    };
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

pub(crate) fn new_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

pub(crate) fn seal(sealer: &Sealer, context: &str, text: &str) -> Vec<u8> {
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

pub(crate) fn choice<T>(
    field: &'static str,
    value: Option<&str>,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<T, Fail> {
    match value {
        None => Err(invalid(field, "required-choice")),
        Some(v) => parse(v.trim()).ok_or_else(|| invalid(field, "unknown-choice")),
    }
}

pub(crate) fn text(field: &'static str, value: Option<&str>, limit: usize) -> Result<String, Fail> {
    validate_text(field, value, 1, limit).map_err(Fail::Invalid)
}

pub(crate) fn optional_text(field: &'static str, value: Option<&str>, limit: usize) -> Result<Option<String>, Fail> {
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

pub async fn queue(app: &App, user: &StaffRow) -> Result<Vec<(ReportRow, Relation)>, Fail> {
    if !authorize(user.role, Relation::None, false, Action::ListCases).allowed() {
        return Err(Fail::Forbidden);
    }
    let mut rows = app.store.cases_for(&user.id, user.org_id.as_deref(), 500).await?;
    // Cases whose lead another organisation asks the user's to take.
    if let Some(org) = &user.org_id {
        for id in app.store.pending_transfers_to(org).await? {
            if !rows.iter().any(|r| r.id == id) {
                if let Some(r) = app.store.report(&id).await? {
                    rows.push(r);
                }
            }
        }
    }
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
