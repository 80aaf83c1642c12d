//! The child in control of their own report, with the receipt: consent per recipient,
//! given or withdrawn by the child themselves, and erasure on request (the copy of what
//! they said is `service::child_copy`).
//!
//! A child's consent decision is an ordinary consent record (giver: the child, recorded by
//! nobody on staff) with its audit entry in the same transaction, so the permission
//! decision (`service::case::Case::may_share_with`) sees it on the very next request.
//! Where a referral under a legal duty was sent, access continues whatever the child
//! decides; the child is told so.

use crate::now_ms;
use crate::parts::i18n::{label, org_name, Lang};
use crate::service::case::Fail;
use crate::App;
use zeri_domain::casework::{consent_covers, needs_consent, Consent, ConsentDecision, ConsentGiver, ReferralStatus};
use zeri_domain::permission::OrgKind;
use zeri_storage::{ConsentRow, NewEvent, OrgRow, ReportRow};

/// One organisation (or kind of organisation) that has, or asked for, the child's case.
#[derive(Debug, Clone)]
pub struct Recipient {
    pub kind: OrgKind,
    /// The one organisation, for services and named Child Protection Units; `None` for
    /// police, prosecution, Barnahus and an unnamed Child Protection Unit.
    pub org: Option<OrgRow>,
    /// The latest decision on record covers sharing with it.
    pub consent: bool,
    /// A referral under a legal duty was sent to it: access continues whatever the child
    /// decides.
    pub legal_duty: Option<zeri_domain::casework::LegalDuty>,
}

impl Recipient {
    pub fn org_id(&self) -> Option<&str> {
        self.org.as_ref().map(|o| o.id.as_str())
    }

    /// The recipient's name as the child reads it.
    pub fn name(&self, lang: Lang) -> String {
        match &self.org {
            Some(o) => org_name(lang, o),
            None => label(lang, "recipient", self.kind.as_str()),
        }
    }
}

/// The consent decisions on record for a report, including the two asked in the form.
fn records(report: &ReportRow, rows: &[ConsentRow]) -> Vec<Consent> {
    let mut out: Vec<Consent> = rows
        .iter()
        .map(|c| Consent { kind: c.kind, org_id: c.org_id.clone(), decision: c.decision, at: c.at })
        .collect();
    for (given, kind) in [(report.consent_cpo, OrgKind::ChildProtectionUnit), (report.consent_police, OrgKind::Police)]
    {
        if given {
            out.push(Consent { kind, org_id: None, decision: ConsentDecision::Given, at: report.created_at });
        }
    }
    out
}

/// Every recipient that has, or asked for, access to the report: those it was referred
/// to, the organisations of its team members, and every recipient a consent decision
/// (in the form or later) names. Sorted as the table of kinds, then by name.
pub async fn recipients(app: &App, report: &ReportRow) -> Result<Vec<Recipient>, Fail> {
    let consents = app.store.consents(&report.id).await?;
    let referrals = app.store.referrals(&report.id).await?;
    let team = app.store.team(&report.id).await?;
    let recs = records(report, &consents);
    // (kind, named organisation id)
    let mut keys: Vec<(OrgKind, Option<String>)> = Vec::new();
    let mut add = |kind: OrgKind, org: Option<String>| {
        if !needs_consent(kind) {
            return;
        }
        let org = match kind {
            OrgKind::Service | OrgKind::ChildProtectionUnit => org,
            _ => None,
        };
        if !keys.contains(&(kind, org.clone())) {
            keys.push((kind, org));
        }
    };
    let mut orgs = std::collections::BTreeMap::new();
    for f in &referrals {
        if let Some(o) = app.store.organisation(&f.to_org).await? {
            add(o.kind, Some(o.id.clone()));
            orgs.insert(o.id.clone(), o);
        }
    }
    for m in &team {
        if let Some(org_id) = app.store.staff_by_id(&m.staff_id).await?.and_then(|s| s.org_id) {
            if let Some(o) = app.store.organisation(&org_id).await? {
                add(o.kind, Some(o.id.clone()));
                orgs.insert(o.id.clone(), o);
            }
        }
    }
    for c in &recs {
        if let Some(id) = &c.org_id {
            if let Some(o) = app.store.organisation(id).await? {
                orgs.insert(o.id.clone(), o);
            }
        }
        add(c.kind, c.org_id.clone());
    }
    // An unnamed Child Protection Unit is the child's own unit: once that unit is named
    // (referred, in the team), it is shown by its name only.
    let home = |o: &OrgRow| o.municipality.is_some() && o.municipality == report.municipality;
    let named_home = keys
        .iter()
        .any(|(k, o)| *k == OrgKind::ChildProtectionUnit && o.as_ref().and_then(|id| orgs.get(id)).is_some_and(home));
    if named_home {
        keys.retain(|(k, o)| !(*k == OrgKind::ChildProtectionUnit && o.is_none()));
    }
    let mut out: Vec<Recipient> = keys
        .into_iter()
        .map(|(kind, org_id)| {
            let org = org_id.as_ref().and_then(|id| orgs.get(id)).cloned();
            let is_home = org.as_ref().is_none_or(home);
            let consent = consent_covers(&recs, kind, org_id.as_deref().unwrap_or(""), is_home);
            let legal_duty = referrals
                .iter()
                .filter(|f| f.legal_duty.is_some() && f.status != ReferralStatus::Declined)
                .find(|f| match (&org_id, orgs.get(&f.to_org)) {
                    (Some(id), _) => &f.to_org == id,
                    (None, Some(o)) => o.kind == kind,
                    (None, None) => false,
                })
                .and_then(|f| f.legal_duty);
            Recipient { kind, org, consent, legal_duty }
        })
        .collect();
    out.sort_by_key(|r| (OrgKind::ALL.iter().position(|k| *k == r.kind), r.org_id().map(String::from)));
    Ok(out)
}

/// The child gives or withdraws consent for one recipient: a consent record by the child
/// with its audit entry (shown in the child's access log), in one transaction; from the
/// next request on, the permission decision follows it. Only a recipient of
/// [`recipients`] may be named, so the child decides about those who have or asked for
/// the case, and the request cannot name an organisation the case never reached.
pub async fn child_decides(
    app: &App,
    report_id: &str,
    kind: &str,
    org: Option<&str>,
    decision: &str,
) -> Result<Vec<Recipient>, Fail> {
    let report = app.store.report(report_id).await?.ok_or(Fail::NotFound)?;
    if report.erased_at.is_some() {
        return Err(Fail::Erased(report.erased_at.unwrap_or_default()));
    }
    let decision = match ConsentDecision::parse(decision) {
        Some(d @ (ConsentDecision::Given | ConsentDecision::Withdrawn)) => d,
        _ => return Err(crate::service::case::invalid("decision", "unknown-choice")),
    };
    let kind = OrgKind::parse(kind).ok_or_else(|| crate::service::case::invalid("recipient", "unknown-choice"))?;
    let org = org.map(str::trim).filter(|o| !o.is_empty());
    let all = recipients(app, &report).await?;
    let Some(recipient) = all.iter().find(|r| r.kind == kind && r.org_id() == org) else {
        return Err(crate::service::case::invalid("recipient", "unknown-choice"));
    };
    let id = crate::service::case::new_id();
    let now = now_ms();
    let row = ConsentRow {
        id,
        report_id: report.id.clone(),
        kind,
        org_id: recipient.org_id().map(String::from),
        giver: ConsentGiver::Child,
        decision,
        at: now,
        recorded_by: None,
        sealed: None,
    };
    let detail = format!("{}:{}:{}", kind.as_str(), decision.as_str(), recipient.org_id().unwrap_or_default());
    let event = NewEvent {
        report_id: Some(report.id.clone()),
        at: now,
        action: "child-consent",
        detail: Some(detail),
        ..NewEvent::default()
    };
    app.store.insert_consent(&row, &event).await?;
    tracing::info!(decision = decision.as_str(), recipient = kind.as_str(), "child consent recorded");
    recipients(app, &report).await
}

// ----- erasure on request -----

/// Why staff may refuse to erase a report (the legal exceptions the child is told about).
pub const ERASURE_REFUSALS: [&str; 4] = ["investigation", "legal-duty", "court", "protection"];

/// The child's latest request for erasure, with the words of the answer opened.
pub struct ErasureState {
    pub row: zeri_storage::ErasureRequestRow,
    pub text: Option<String>,
}

/// The report's latest request for erasure, if any.
pub async fn erasure_state(app: &App, report: &ReportRow) -> Result<Option<ErasureState>, Fail> {
    let Some(row) = app.store.erasure_requests(&report.id).await?.pop() else { return Ok(None) };
    let sealer = crate::service::case::sealer(app, report).await?;
    let text = match &row.sealed {
        Some(s) if !sealer.is_destroyed() => {
            Some(crate::service::case::open_text(&sealer, &zeri_storage::context::erasure_answer(&row.id), s)?)
        }
        _ => None,
    };
    Ok(Some(ErasureState { row, text }))
}

/// The child asks for their report to be erased; staff who hold the case decide. One
/// request may wait at a time (`Conflict` otherwise).
pub async fn request_erasure(app: &App, report_id: &str) -> Result<(), Fail> {
    let report = app.store.report(report_id).await?.ok_or(Fail::NotFound)?;
    if let Some(at) = report.erased_at {
        return Err(Fail::Erased(at));
    }
    let now = now_ms();
    let row = zeri_storage::ErasureRequestRow {
        id: crate::service::case::new_id(),
        report_id: report.id.clone(),
        requested_at: now,
        status: "pending".into(),
        reason: None,
        sealed: None,
        decided_by: None,
        decided_at: None,
    };
    let event = NewEvent {
        report_id: Some(report.id.clone()),
        at: now,
        action: "child-erasure-requested",
        ..NewEvent::default()
    };
    match app.store.request_erasure(&row, &event).await {
        Ok(()) => {
            // Those who hold the case are told something waits (never what).
            let to = match &report.assigned_to {
                Some(staff) => vec![staff.clone()],
                None => crate::service::notify::org_staff(app, &report.org_id).await?,
            };
            crate::service::notify::notify(app, &to, "child-erasure", Some(&report.id)).await?;
            Ok(())
        }
        Err(zeri_storage::StoreError::Conflict { .. }) => Err(Fail::Conflict("child-erasure-pending")),
        Err(e) => Err(e.into()),
    }
}

/// Staff who hold the case answer the child's pending request: `accept` erases the case at
/// once through the retention path (its key destroyed, its sealed values blanked, its
/// evidence files deleted); `refuse` needs a reason from [`ERASURE_REFUSALS`] and may add
/// words (sealed), which the child reads on the follow-up page. Audited either way.
pub async fn answer_erasure(
    app: &App,
    user: &zeri_storage::StaffRow,
    id: &str,
    decision: Option<&str>,
    reason: Option<&str>,
    text: Option<&str>,
) -> Result<(), Fail> {
    use crate::service::case::{invalid, permitted, seal};
    let c = permitted(app, user, id, zeri_domain::Action::ChangeStage).await?;
    let pending = app.store.erasure_requests(id).await?.into_iter().rev().find(|r| r.status == "pending");
    let Some(pending) = pending else { return Err(Fail::Conflict("child-erasure-none")) };
    let now = now_ms();
    match decision.map(str::trim) {
        Some("accept") => {
            let e = crate::service::case::event(user, id, "erasure-accepted", None);
            let answer = zeri_storage::ErasureRequestRow {
                status: "accepted".into(),
                decided_by: Some(user.id.clone()),
                decided_at: Some(now),
                ..pending
            };
            // Erased first, then answered: a failed erasure leaves the request waiting,
            // never "accepted" over a case that is still there. The cases merged into this
            // one are the child's too.
            let family = zeri_storage::merge_family(app.store.as_ref(), id).await?;
            let mut evidence = Vec::new();
            for case in &family {
                let erased =
                    zeri_storage::retention::erase(app.store.as_ref(), &app.blobs, case, "child-request", now).await?;
                evidence.extend(erased.evidence);
            }
            // Here at once, on the other instances within moments.
            crate::service::bus::erased(app, &family, &evidence);
            app.store.answer_erasure(&answer, &e).await?;
            tracing::info!(staff = %user.id, "case erased at the child's request");
            Ok(())
        }
        Some("refuse") => {
            let reason = reason
                .map(str::trim)
                .filter(|r| ERASURE_REFUSALS.contains(r))
                .ok_or_else(|| invalid("reason", "required-choice"))?;
            let words = match text.map(str::trim).filter(|t| !t.is_empty()) {
                Some(t) => Some(zeri_domain::casework::validate_text("text", Some(t), 1, 1000).map_err(Fail::Invalid)?),
                None => None,
            };
            let sealed = words.map(|w| seal(&c.sealer, &zeri_storage::context::erasure_answer(&pending.id), &w));
            let e = crate::service::case::event(user, id, "erasure-refused", Some(reason));
            let answer = zeri_storage::ErasureRequestRow {
                status: "refused".into(),
                reason: Some(reason.to_owned()),
                sealed,
                decided_by: Some(user.id.clone()),
                decided_at: Some(now),
                ..pending
            };
            app.store.answer_erasure(&answer, &e).await?;
            Ok(())
        }
        _ => Err(invalid("decision", "required-choice")),
    }
}
