//! What a staff member sees of a case: everything their role and relation allow, opened
//! and audited in one read ([`case_data`]).

use crate::service::case::*;
use crate::service::messages::{load_messages, Message};
use crate::App;
use std::collections::BTreeMap;
use zeri_domain::report::Confidential;
use zeri_domain::Action;
use zeri_storage::{
    Author, ConsentRow, ContactRow, EventRow, EvidenceRow, MatchRow, MeetingRow, OrgRow, OutcomeRow, ReferralRow,
    StaffRow, TakedownRow, TaskRow, TestimonyRow,
};

/// What one case merged into this one still holds, opened with its own key.
pub struct MergedParts {
    /// The merged case's id (it answers 404 on its own; the survivor's paths reach it).
    pub id: String,
    pub case_ref: String,
    pub merged_at: i64,
    pub notes: Vec<NoteView>,
    pub tasks: Vec<TaskView>,
    pub evidence: Vec<EvidenceRow>,
    pub matches: Vec<MatchRow>,
    pub testimony: Option<(TestimonyRow, TestimonyMeta)>,
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
    /// The stated reasons of `events` (by `seq`), each opened with its own case's key:
    /// the survivor's and those of the cases merged into it.
    pub reasons: BTreeMap<i64, String>,
    /// What the cases merged into this one still hold (notes, tasks, evidence, testimony).
    pub merged: Vec<MergedParts>,
    pub orgs: BTreeMap<String, OrgRow>,
    pub staff: BTreeMap<String, StaffRow>,
    /// The child's request for erasure waiting for an answer.
    pub erasure_pending: Option<zeri_storage::ErasureRequestRow>,
    /// Linked cases, suggestions from shared evidence, and the cases merged into this one.
    pub links: crate::service::links::LinksView,
    /// Transfers of the lead the user may see, with their reasons.
    pub transfers: Vec<crate::service::transfer::TransferView>,
}

/// Matches as `user` may see them: another case's reference (and its id, for the link)
/// only when they may read that case; otherwise only that the same file came in another
/// case, and the organisation holding it (whom to ask). A file of a case merged away is
/// the survivor's now: the match names the survivor (and is "this case" when that is
/// `id`). Checking is not reading: no audit entry, and a failed check hides the reference.
pub(crate) async fn only_readable_refs(
    app: &App,
    user: &StaffRow,
    id: &str,
    mut matches: Vec<MatchRow>,
) -> Result<Vec<MatchRow>, Fail> {
    let mut readable: BTreeMap<String, bool> = BTreeMap::new();
    for m in &mut matches {
        let Some(other) = m.other_report_id.clone().filter(|r| r != id) else { continue };
        let survivor = zeri_storage::survivor_of(app.store.as_ref(), &other).await?;
        if survivor != other {
            if let Some(r) = app.store.report(&survivor).await? {
                m.other_report_id = Some(r.id);
                m.other_case_ref = Some(r.case_ref);
                m.other_org_id = Some(r.org_id);
            }
        }
        if survivor == id {
            continue;
        }
        let may = match readable.get(&survivor) {
            Some(may) => *may,
            None => {
                let may = permitted(app, user, &survivor, Action::ReadCase).await.is_ok();
                readable.insert(survivor, may);
                may
            }
        };
        if !may {
            m.other_report_id = None;
            m.other_case_ref = None;
            m.other_evidence_id = None;
        }
    }
    Ok(matches)
}

/// The parts of every case merged into `c`, for a user already authorised to read `c`
/// (`service::case_data` has checked and audited the reading). `name` gives a staff
/// member's name; `readable` hides references of matched cases the user may not read.
async fn merged_parts(
    app: &App,
    user: &StaffRow,
    c: &Case,
    name: &(dyn Fn(&str) -> String + Sync),
) -> Result<Vec<MergedParts>, Fail> {
    let mut out = Vec::new();
    if !crate::service::merged::sees_merged_parts(c) {
        return Ok(out);
    }
    for row in crate::service::merged::merges(app, &c.report.id).await? {
        let (m, merged_at) = (row.merged_id, row.merged_at);
        let Some(r) = app.store.report(&m).await? else { continue };
        let sealer = crate::service::case::sealer(app, &r).await?;
        if sealer.is_destroyed() {
            continue;
        }
        let notes = app
            .store
            .notes(&m)
            .await?
            .into_iter()
            .map(|n| {
                Ok(NoteView {
                    at: n.at,
                    author: name(&n.staff_id),
                    body: open_text(&sealer, &zeri_storage::context::note(&n.id), &n.sealed)?,
                })
            })
            .collect::<Result<Vec<_>, Fail>>()?;
        let tasks = app
            .store
            .tasks(&m)
            .await?
            .into_iter()
            .map(|t| {
                Ok(TaskView {
                    title: open_text(&sealer, &zeri_storage::context::task(&t.id), &t.sealed)?,
                    owner: name(&t.owner_id),
                    row: t,
                })
            })
            .collect::<Result<Vec<_>, Fail>>()?;
        let evidence = app.store.evidence_for(&m).await?;
        let matches = if evidence.is_empty() { Vec::new() } else { app.store.evidence_matches(&m).await? };
        let matches = only_readable_refs(app, user, &c.report.id, matches).await?;
        let testimony = match app.store.testimony(&m).await? {
            Some(t) => {
                let meta = serde_json::from_str(&open_text(
                    &sealer,
                    &zeri_storage::context::testimony_meta(&m),
                    &t.sealed_meta,
                )?)
                .map_err(|_| Fail::Internal("sealed testimony does not decode".into()))?;
                Some((t, meta))
            }
            None => None,
        };
        out.push(MergedParts { id: m, case_ref: r.case_ref, merged_at, notes, tasks, evidence, matches, testimony });
    }
    Ok(out)
}

pub async fn case_data(app: &App, user: &StaffRow, id: &str) -> Result<CaseData, Fail> {
    let case = open_case(app, user, id).await?;
    let orgs = crate::service::messages::load_orgs(app).await?;
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
    let transfers = crate::service::transfer::visible(&case, user)?;
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
            erasure_pending: None,
            evidence: vec![],
            matches: vec![],
            takedowns: vec![],
            events,
            reasons: BTreeMap::new(),
            merged: Vec::new(),
            orgs,
            staff,
            links: Default::default(),
            transfers,
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
    let (_, events, reasons) = crate::service::messages::family_thread(app, &case.report, Author::Staff, false).await?;
    let links = crate::service::links::links_view(app, user, &case).await?;
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
    let matches = only_readable_refs(app, user, id, matches).await?;
    let merged = merged_parts(app, user, &case, &name).await?;
    let takedowns = app.store.takedowns_for(id).await?;
    let erasure_pending = app.store.erasure_requests(id).await?.into_iter().rev().find(|r| r.status == "pending");
    Ok(CaseData {
        links,
        transfers,
        erasure_pending,
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
        reasons,
        merged,
        orgs,
        staff,
    })
}
