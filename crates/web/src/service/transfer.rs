//! Transfer of the lead on a case (issue 19, point 3), distinct from a referral: the
//! organisation holding a case asks another to take the lead, with a reason; the receiving
//! organisation's staff who lead cases accept or reject it (a rejection with a reason).
//! Both reasons are sealed under the case key. On acceptance the case's organisation
//! becomes the receiving one, assigned to who accepted; the former lead keeps only what the
//! permission model gives it without the case: nothing (404), unless a referral to it was
//! accepted before (then the consent rules of a referral apply). The child's access log
//! says who now looks after the case, by organisation (never a name).
//!
//! While a transfer waits, the receiving organisation has the relation of a pending
//! referral (`service::case::Case::facts_relation`): it sees the request, not the case.

use crate::now_ms;
use crate::service::case::{event, invalid, new_id, open_text, permitted, seal, text, Case, Fail, Input};
use crate::App;
use zeri_domain::permission::OrgKind;
use zeri_domain::Action;
use zeri_storage::{StaffRow, StoreError, TransferRow};

/// Longest reason for a transfer or a rejection.
pub const REASON_LIMIT: usize = 2000;

/// The kinds of organisation that lead cases (and may be asked to).
pub const LEADS: [OrgKind; 4] = [OrgKind::Helpline, OrgKind::Hotline, OrgKind::ChildProtectionUnit, OrgKind::Barnahus];

/// A transfer as a user sees it on the case page.
pub struct TransferView {
    pub row: TransferRow,
    pub reason: String,
    pub answer: Option<String>,
}

/// Who looks after a case, as the child is told: the organisation leading it (its kind and
/// name, never a person) and, after a transfer of the lead was accepted, the day it moved.
pub struct Lead {
    pub org: zeri_storage::OrgRow,
    /// When the last accepted transfer moved the case (milliseconds; shown as a day).
    pub moved_at: Option<i64>,
}

/// The lead of `report` for the child's follow-up (no audit entry: the child reads their
/// own report's holder, as they read its stage).
pub async fn child_lead(
    app: &App,
    report: &zeri_storage::ReportRow,
    orgs: &std::collections::BTreeMap<String, zeri_storage::OrgRow>,
) -> Result<Option<Lead>, StoreError> {
    let Some(org) = orgs.get(&report.org_id).cloned() else { return Ok(None) };
    let moved_at = app
        .store
        .transfers(&report.id)
        .await?
        .iter()
        .filter(|t| t.status == "accepted" && t.to_org == report.org_id)
        .filter_map(|t| t.answered_at)
        .max();
    Ok(Some(Lead { org, moved_at }))
}

/// The transfers of a case the user may see: all of them for who reads the case, the one
/// waiting for their organisation for who is asked.
pub fn visible(c: &Case, user: &StaffRow) -> Result<Vec<TransferView>, Fail> {
    let reads = c.may(user, Action::ReadCase);
    c.transfers
        .iter()
        .filter(|t| reads || (t.status == "pending" && user.org_id.as_deref() == Some(t.to_org.as_str())))
        .map(|t| {
            Ok(TransferView {
                reason: open_text(&c.sealer, &zeri_storage::context::transfer_reason(&t.id), &t.sealed)?,
                answer: t
                    .answer_sealed
                    .as_ref()
                    .map(|a| open_text(&c.sealer, &zeri_storage::context::transfer_answer(&t.id), a))
                    .transpose()?,
                row: t.clone(),
            })
        })
        .collect()
}

/// The transfer of this case waiting for the user's organisation.
pub fn pending_for<'a>(c: &'a Case, user: &StaffRow) -> Option<&'a TransferRow> {
    c.transfers.iter().find(|t| t.status == "pending" && user.org_id.as_deref() == Some(t.to_org.as_str()))
}

/// `transfer` (to, reason): asks the organisation `to` to take the lead.
pub async fn request(app: &App, user: &StaffRow, id: &str, input: &Input) -> Result<(), Fail> {
    let c = permitted(app, user, id, Action::RequestTransfer).await?;
    let to = input.get("to").ok_or_else(|| invalid("to", "required-choice"))?;
    let org = app.store.organisation(to.trim()).await?.ok_or_else(|| invalid("to", "unknown-choice"))?;
    if org.id == c.report.org_id || !LEADS.contains(&org.kind) {
        return Err(invalid("to", "unknown-choice"));
    }
    // The lead is the case itself: it goes only where the child's consent (or a legal duty
    // on record) lets the case go.
    if !c.may_share_with(&org) {
        return Err(invalid("to", "consent-required"));
    }
    let reason = text("reason", input.get("reason"), REASON_LIMIT)?;
    let tid = new_id();
    let row = TransferRow {
        sealed: seal(&c.sealer, &zeri_storage::context::transfer_reason(&tid), &reason),
        id: tid,
        report_id: id.to_owned(),
        from_org: c.report.org_id.clone(),
        to_org: org.id.clone(),
        requested_by: user.id.clone(),
        requested_at: now_ms(),
        status: "pending".into(),
        answered_by: None,
        answered_at: None,
        answer_sealed: None,
    };
    match app.store.insert_transfer(&row, &event(user, id, "transfer-requested", Some(&org.id))).await {
        Err(StoreError::Conflict { .. }) => Err(Fail::Conflict("transfer-pending")),
        r => Ok(r?),
    }
}

/// `transfer-answer` (decision: accept | reject, reason): answers the transfer waiting for
/// the user's organisation; a rejection needs a reason.
pub async fn answer(app: &App, user: &StaffRow, id: &str, input: &Input) -> Result<(), Fail> {
    let c = permitted(app, user, id, Action::AnswerTransfer).await?;
    let t = pending_for(&c, user).ok_or(Fail::NotFound)?.clone();
    let accept = match input.get("decision").map(str::trim) {
        Some("accept") => true,
        Some("reject") => false,
        Some(_) => return Err(invalid("decision", "unknown-choice")),
        None => return Err(invalid("decision", "required-choice")),
    };
    let reason = if accept {
        crate::service::case::optional_text("reason", input.get("reason"), REASON_LIMIT)?
    } else {
        Some(text("reason", input.get("reason"), REASON_LIMIT)?)
    };
    let answer = TransferRow {
        status: if accept { "accepted" } else { "rejected" }.into(),
        answered_by: Some(user.id.clone()),
        answered_at: Some(now_ms()),
        answer_sealed: reason.map(|r| seal(&c.sealer, &zeri_storage::context::transfer_answer(&t.id), &r)),
        ..t
    };
    let action = if accept { "transfer-accepted" } else { "transfer-rejected" };
    match app.store.answer_transfer(&answer, &event(user, id, action, Some(&answer.to_org))).await {
        Err(StoreError::Conflict { .. }) => Err(Fail::Conflict("transfer-answered")),
        r => Ok(r?),
    }
}
