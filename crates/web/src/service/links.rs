//! Cases that belong together (issue 19, point 3): staff who hold two cases link them (a
//! phone call and an online report of the same child, a parent's report); reports that
//! share an evidence file (the same SHA-256) are suggested to those who may read both;
//! two linked cases are merged into one, for good. Near-identical pictures (a PDQ match
//! recorded by the inspection) are suggested the same way.
//!
//! **A merge moves nothing.** The merged case's rows (its report, messages, calls, notes,
//! evidence, audit entries) stay where they are, sealed under its own case key, and are
//! read through the survivor: its receipt and passphrase open the survivor's follow-up
//! (`service::access::open_session`, `service::receipts::check_receipt`, following
//! `zeri_storage::survivor_of`), the child's access log and the staff history are the
//! entries of both with the merge itself (`service::messages::family_thread`), and
//! the survivor's page shows the merged report's words, messages and calls. Staff find the
//! merged case no more (404, like any case they cannot open; `service::case::load_case`),
//! so nothing is done on it afterwards. Nothing is re-sealed, so nothing can be lost half
//! way, and the audit chain keeps every entry where it was written.

use crate::now_ms;
use crate::service::case::{event, invalid, load_case, open_confidential, open_text, sealer, Case, Fail};
use crate::service::messages::{load_messages, Message};
use crate::App;
use std::collections::BTreeMap;
use zeri_domain::Action;
use zeri_storage::{Author, MergeRow, StaffRow, StoreError};

// ----- links and suggestions -----

/// Another case as the user may see it from this one.
pub struct Linked {
    pub id: String,
    pub case_ref: String,
    pub at: i64,
}

/// A case that shares evidence files with this one, not linked yet.
pub struct Suggestion {
    pub id: String,
    pub case_ref: String,
    /// How many of this case's files the other shares (same SHA-256, or a near PDQ).
    pub shared: usize,
}

/// A case merged into this one, with what it said.
pub struct MergedCase {
    pub case_ref: String,
    pub at: i64,
    pub description: Option<String>,
    pub messages: Vec<Message>,
    /// Phone calls on it: (when, summary).
    pub calls: Vec<(i64, String)>,
}

/// What the case page shows about cases that belong together.
#[derive(Default)]
pub struct LinksView {
    pub linked: Vec<Linked>,
    /// Links to cases the user cannot open: only how many.
    pub hidden: usize,
    pub suggestions: Vec<Suggestion>,
    pub merged: Vec<MergedCase>,
}

/// The other case of a link or merge, for `user`: one they may not do `action` on answers
/// as if it did not exist, and so does a case merged away.
async fn other_case(app: &App, user: &StaffRow, other: Option<&str>, action: Action) -> Result<Case, Fail> {
    let other = other.map(str::trim).filter(|o| !o.is_empty()).ok_or_else(|| invalid("other", "required"))?;
    match load_case(app, user, other).await {
        Ok(c) if c.may(user, action) => Ok(c),
        Ok(_) | Err(Fail::Forbidden) | Err(Fail::Erased(_)) => Err(Fail::NotFound),
        Err(e) => Err(e),
    }
}

/// Whether `user` may open `id` (checking is not reading: no audit entry).
async fn readable(app: &App, user: &StaffRow, id: &str) -> bool {
    matches!(load_case(app, user, id).await, Ok(c) if c.may(user, Action::ReadCase))
}

/// Links case `id` with `other`; both must be cases the user may link. Audited on both.
pub async fn link(app: &App, user: &StaffRow, id: &str, other: Option<&str>) -> Result<(), Fail> {
    let c = crate::service::case::permitted(app, user, id, Action::LinkCases).await?;
    let o = other_case(app, user, other, Action::LinkCases).await?;
    if o.report.id == c.report.id {
        return Err(invalid("other", "link-same"));
    }
    let events = [
        event(user, &c.report.id, "link-added", Some(&o.report.id)),
        event(user, &o.report.id, "link-added", Some(&c.report.id)),
    ];
    match app.store.insert_link(&c.report.id, &o.report.id, &user.id, now_ms(), &events).await {
        Err(StoreError::Conflict { .. }) => Err(Fail::Conflict("link-exists")),
        r => Ok(r?),
    }
}

/// The links, suggestions and merged cases of a case the user reads.
pub async fn links_view(app: &App, user: &StaffRow, c: &Case) -> Result<LinksView, Fail> {
    let id = &c.report.id;
    let mut view = LinksView::default();
    let links = app.store.links_of(id).await?;
    for l in &links {
        let other = l.other(id);
        if app.store.merged_into(other).await?.is_some() || app.store.merged_into(id).await?.is_some() {
            continue;
        }
        match app.store.report(other).await? {
            Some(r) if readable(app, user, other).await => {
                view.linked.push(Linked { id: r.id, case_ref: r.case_ref, at: l.linked_at })
            }
            _ => view.hidden += 1,
        }
    }
    // Identical files (by SHA-256), and near-identical pictures (PDQ matches recorded by
    // the inspection, either way round): how many of this case's files each other case shares.
    // The files of the cases merged into this one are this case's too.
    let family = zeri_storage::merge_family(app.store.as_ref(), id).await?;
    let mut shared: BTreeMap<String, usize> = BTreeMap::new();
    let mut near: BTreeMap<String, std::collections::BTreeSet<String>> = BTreeMap::new();
    for member in &family {
        for (other, _) in app.store.shared_hash_reports(member).await? {
            *shared.entry(other).or_default() += 1;
        }
        for (other, mine) in app.store.pdq_match_reports(member).await? {
            near.entry(other).or_default().insert(mine);
        }
    }
    shared.retain(|other, _| !family.contains(other));
    near.retain(|other, _| !family.contains(other));
    for (other, files) in near {
        let n = shared.entry(other).or_default();
        *n = (*n).max(files.len());
    }
    for (other, n) in shared {
        let linked = links.iter().any(|l| l.other(id) == other);
        if linked || app.store.merged_into(&other).await?.is_some() || !readable(app, user, &other).await {
            continue;
        }
        if let Some(r) = app.store.report(&other).await? {
            view.suggestions.push(Suggestion { id: r.id, case_ref: r.case_ref, shared: n });
        }
    }
    for m in app.store.merged_from(id).await? {
        let Some(r) = app.store.report(&m.merged_id).await? else { continue };
        let s = sealer(app, &r).await?;
        if s.is_destroyed() {
            continue;
        }
        let messages = if c.may(user, Action::ReadMessages) {
            load_messages(app, &s, &r.id, Author::Staff).await.map_err(Fail::Internal)?
        } else {
            Vec::new()
        };
        let calls = app
            .store
            .contacts(&r.id)
            .await?
            .into_iter()
            .map(|k| Ok((k.at, open_text(&s, &zeri_storage::context::contact(&k.id), &k.sealed)?)))
            .collect::<Result<Vec<_>, Fail>>()?;
        let description = Some(open_confidential(&s, &r)?.description);
        view.merged.push(MergedCase { case_ref: r.case_ref, at: m.merged_at, description, messages, calls });
    }
    Ok(view)
}

// ----- merging -----

/// Merges the linked case `other` into `id` (the survivor keeps its id). Only who may
/// merge both; `confirm` must repeat the merged case's reference (the step is final). One
/// transaction: the merge, the merged case's open follow-up sessions ended, and an audit
/// entry on each case.
pub async fn merge(
    app: &App,
    user: &StaffRow,
    id: &str,
    other: Option<&str>,
    confirm: Option<&str>,
) -> Result<(), Fail> {
    let s = crate::service::case::permitted(app, user, id, Action::MergeCases).await?;
    let m = other_case(app, user, other, Action::MergeCases).await?;
    if m.report.id == s.report.id {
        return Err(invalid("other", "link-same"));
    }
    if !app.store.links_of(id).await?.iter().any(|l| l.other(id) == m.report.id) {
        return Err(invalid("other", "link-merge-not-linked"));
    }
    if confirm.map(str::trim) != Some(m.report.case_ref.as_str()) {
        return Err(invalid("confirm", "link-merge-confirm"));
    }
    let row = MergeRow {
        merged_id: m.report.id.clone(),
        survivor_id: s.report.id.clone(),
        merged_by: user.id.clone(),
        merged_at: now_ms(),
    };
    let events =
        [event(user, id, "link-merged", Some(&m.report.id)), event(user, &m.report.id, "link-merged-into", Some(id))];
    match app.store.merge_cases(&row, &events).await {
        Err(StoreError::Conflict { .. }) => Err(Fail::Conflict("link-merged-already")),
        r => Ok(r?),
    }
}

/// The links view of a case for the API: reading it is reading the case (audited).
pub async fn read(app: &App, user: &StaffRow, id: &str) -> Result<LinksView, Fail> {
    let c = crate::service::case::permitted(app, user, id, Action::ReadCase).await?;
    app.store.record_event(&event(user, id, "opened", None)).await?;
    links_view(app, user, &c).await
}
