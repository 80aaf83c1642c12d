//! The hotline's content items: links reported because they show child sexual abuse
//! material, kept as items that hotline analysts assess (INHOPE/ICCAM). No axum, no maud.
//!
//! - Reports arrive from the public form and API ([`submit_public`]: anonymous, a receipt
//!   only if asked for, shown once after the commit, kept as a keyed digest), from an
//!   analyst ([`add_links`]) and from the links of a child's case ([`from_case`], for an
//!   analyst who may read it; the item keeps only the case's id).
//! - Each URL is normalised (`zeri_domain::hotline::normalise_url`), found by the keyed
//!   digest of its normal form, and stored only sealed under the master key; an unknown URL
//!   that comes with a hash an item has (SHA-256 or MD5 exactly, PDQ within the matcher's
//!   distance) joins that item.
//! - Who may do what is `zeri_domain::permission::authorize_item`: anyone but a hotline
//!   analyst of a hotline organisation is answered `NotFound`, as if there were nothing.
//! - Every write and every opening of an item is in the audit chain, in the same
//!   transaction as the write.
//! - The server never opens a connection to a reported URL: it is text here and on every
//!   page (never a link a browser would follow or prefetch).

use std::collections::BTreeMap;

use crate::now_ms;
use crate::service::case::{invalid, new_id, Fail};
use crate::service::receipts::{check_with, Checked, ClientId};
use crate::App;
use zeri_crypto::new_receipt;
use zeri_domain::hotline::{
    ClassificationForm, ContentHash, HashKind, ItemEvent, ItemState, LinkReport, NormalUrl, Review, Source,
};
use zeri_domain::permission::{authorize_item, ItemAction, ItemRelation, OrgKind};
use zeri_domain::{Action, Receipt};
use zeri_hashing::{Hash256, Index, MATCH_THRESHOLD};
use zeri_storage::{
    AssessmentRow, ContentForm, ContentItemRow, ContentReportRow, ItemSharing, LinkOutcome, LinkReportStatus,
    NewContentReport, NewEvent, NewLink, NewSharedHash, StaffRow, StoreError,
};

/// Items on one page of the queue.
pub const PAGE_SIZE: i64 = 50;

/// How long the receipt page shows a link report's receipt after the form was sent.
pub const RECEIPT_SHOWN_MS: i64 = 10 * 60 * 1000;

// ----- who may -----

/// The kind of the user's organisation.
async fn org_kind(app: &App, user: &StaffRow) -> Result<Option<OrgKind>, Fail> {
    Ok(match &user.org_id {
        Some(id) => app.store.organisation(id).await?.map(|o| o.kind),
        None => None,
    })
}

/// Whether `user` works on content items at all (the queue is offered to them).
pub async fn works_on_items(app: &App, user: &StaffRow) -> Result<bool, Fail> {
    let org = org_kind(app, user).await?;
    Ok(authorize_item(user.role, org, ItemRelation::None, ItemAction::ListItems).allowed())
}

/// `NotFound` unless `user` may do `action` (not about one item).
async fn gate(app: &App, user: &StaffRow, action: ItemAction) -> Result<Option<OrgKind>, Fail> {
    let org = org_kind(app, user).await?;
    if authorize_item(user.role, org, ItemRelation::None, action).allowed() {
        Ok(org)
    } else {
        Err(Fail::NotFound)
    }
}

fn relation(user: &StaffRow, item: &ContentItemRow) -> ItemRelation {
    if item.assessed_by.as_deref() == Some(user.id.as_str()) {
        ItemRelation::Assessor
    } else {
        ItemRelation::Other
    }
}

/// The item, if `user` may do `action` with it: `NotFound` for anyone who does not work on
/// items (and for an unknown id), `Forbidden` for an analyst whose relation does not allow it.
pub(crate) async fn permitted(
    app: &App,
    user: &StaffRow,
    id: &str,
    action: ItemAction,
) -> Result<ContentItemRow, Fail> {
    let org = gate(app, user, ItemAction::ListItems).await?;
    if id.len() > 64 {
        return Err(Fail::NotFound);
    }
    let item = app.store.content_item(id).await?.ok_or(Fail::NotFound)?;
    if !authorize_item(user.role, org, relation(user, &item), action).allowed() {
        return Err(Fail::Forbidden);
    }
    Ok(item)
}

fn event(user: &StaffRow, action: &'static str, detail: String) -> NewEvent {
    NewEvent {
        at: now_ms(),
        staff_id: Some(user.id.clone()),
        role: Some(user.role),
        org_id: user.org_id.clone(),
        action,
        detail: Some(detail),
        ..NewEvent::default()
    }
}

// ----- reports of links -----

/// The keyed digest of a link report form's one-time token.
pub fn form_digest(app: &App, token: &str) -> [u8; 32] {
    app.keys.lookup_digest("link-form", token.as_bytes())
}

pub(crate) fn url_digest(app: &App, url: &NormalUrl) -> [u8; 32] {
    app.keys.lookup_digest("content-url", url.as_str().as_bytes())
}

/// The oldest item that has one of `hashes`: exactly (SHA-256, MD5, PDQ), or a PDQ within
/// the matcher's distance ([`MATCH_THRESHOLD`]).
pub(crate) async fn item_by_hash(app: &App, hashes: &[ContentHash]) -> Result<Option<String>, StoreError> {
    if hashes.is_empty() {
        return Ok(None);
    }
    if let Some(id) = app.store.items_with_hashes(hashes).await?.into_iter().next() {
        return Ok(Some(id));
    }
    let queries: Vec<Hash256> =
        hashes.iter().filter(|h| h.kind == HashKind::Pdq).filter_map(|h| Hash256::from_hex(&h.value).ok()).collect();
    if queries.is_empty() {
        return Ok(None);
    }
    // Items are few next to evidence: an index built for the question, not kept in memory.
    let index: Index<String> = app
        .store
        .item_pdqs()
        .await?
        .into_iter()
        .filter_map(|(id, hex)| Hash256::from_hex(&hex).ok().map(|h| (id, h)))
        .collect();
    let mut near = index.query_any(&queries, MATCH_THRESHOLD);
    near.sort_by_key(|(id, distance)| (*distance, id.clone()));
    Ok(near.into_iter().next().map(|(id, _)| id))
}

/// Where a report came from, for [`store`].
struct Origin<'a> {
    source: Source,
    user: Option<&'a StaffRow>,
    case_id: Option<&'a str>,
    form_token: Option<&'a str>,
    /// Entries appended with the report's (the reading of the case).
    extra: Vec<NewEvent>,
}

/// Stores a valid report; the receipt (if asked for) only after the commit.
async fn store(
    app: &App,
    report: &LinkReport,
    origin: Origin<'_>,
) -> Result<(Vec<LinkOutcome>, Option<Receipt>), Fail> {
    let form = origin.form_token.map(|t| form_digest(app, t));
    if let Some(digest) = &form {
        if app.store.content_submission(digest).await?.is_some() {
            return Err(Fail::Conflict("already-received"));
        }
    }
    let by_hash = item_by_hash(app, &report.hashes).await?;
    let links: Vec<NewLink> = report
        .urls
        .iter()
        .map(|url| {
            let digest = url_digest(app, url);
            let context = zeri_storage::context::content_url(&hex::encode(digest));
            NewLink {
                url_digest: digest,
                url_sealed: app.keys.seal(url.as_str().as_bytes(), context.as_bytes()),
                new_item_id: new_id(),
                by_hash: by_hash.clone(),
            }
        })
        .collect();
    let template = NewEvent {
        staff_id: origin.user.map(|u| u.id.clone()),
        role: origin.user.map(|u| u.role),
        org_id: origin.user.and_then(|u| u.org_id.clone()),
        ..NewEvent::default()
    };
    // A receipt collision is astronomically rare; the same new URL reported by someone
    // else at the same moment makes the other one's item: trying again joins it.
    for _ in 0..4 {
        let receipt = report.receipt.then(new_receipt);
        let at = now_ms();
        let row = NewContentReport {
            id: new_id(),
            created_at: at,
            source: origin.source,
            shows: report.shows,
            receipt_digest: receipt.as_ref().map(|r| app.keys.lookup_digest("link-receipt", r.digits().as_bytes())),
            form: form.map(|token_digest| ContentForm {
                token_digest,
                receipt_sealed: receipt.as_ref().map(|r| {
                    let context = zeri_storage::context::link_receipt_view(&hex::encode(token_digest));
                    app.keys.seal(r.display_grouped().as_bytes(), context.as_bytes())
                }),
                shown_until: at + RECEIPT_SHOWN_MS,
            }),
            case_id: origin.case_id.map(String::from),
            staff_id: origin.user.map(|u| u.id.clone()),
            links: links.clone(),
            hashes: report.hashes.clone(),
        };
        let template = NewEvent { at, ..template.clone() };
        match app.store.insert_content_report(&row, &template, &origin.extra).await {
            Ok(made) => {
                tracing::info!(links = made.len(), joined = made.iter().filter(|o| o.joined).count(), "links reported");
                return Ok((made, receipt));
            }
            Err(StoreError::Conflict { constraint }) if constraint == "content_reports" => {
                if let Some(digest) = &form {
                    if app.store.content_submission(digest).await?.is_some() {
                        return Err(Fail::Conflict("already-received"));
                    }
                }
            }
            Err(StoreError::Conflict { constraint }) if constraint == "content_urls" => {}
            Err(e) => return Err(e.into()),
        }
    }
    Err(Fail::Internal("a link report could not be stored after retries".into()))
}

/// A report from the public form or API. Anonymous; with a receipt only if asked for. With
/// `form_token` (the web form) the same form sent again stores nothing
/// (`Conflict("already-received")`) and the receipt is kept sealed for its page for
/// [`RECEIPT_SHOWN_MS`]. Says nothing of whether the links were known: the answer is the
/// same for a new link and one reported before.
pub async fn submit_public(app: &App, report: &LinkReport, form_token: Option<&str>) -> Result<Option<Receipt>, Fail> {
    let origin = Origin { source: Source::Public, user: None, case_id: None, form_token, extra: Vec::new() };
    Ok(store(app, report, origin).await?.1)
}

/// The receipt of a link report form sent within the last minutes, for its page.
pub async fn shown_receipt(app: &App, form_token: &str) -> Result<Option<String>, StoreError> {
    let digest = form_digest(app, form_token);
    let Some(row) = app.store.content_submission(&digest).await? else { return Ok(None) };
    let Some(sealed) = row.receipt_sealed.filter(|_| row.shown_until > now_ms()) else { return Ok(None) };
    let context = zeri_storage::context::link_receipt_view(&hex::encode(digest));
    Ok(app.keys.open(&sealed, context.as_bytes()).ok().and_then(|b| String::from_utf8(b.to_vec()).ok()))
}

/// Whether the form with this token was stored (the receipt page says so, receipt or not).
pub async fn was_received(app: &App, form_token: &str) -> Result<bool, StoreError> {
    Ok(app.store.content_submission(&form_digest(app, form_token)).await?.is_some())
}

/// "I have written it down": the receipt is no longer shown.
pub async fn end_receipt_view(app: &App, form_token: &str) -> Result<(), StoreError> {
    app.store.end_content_receipt_view(&form_digest(app, form_token)).await
}

/// What a link report's receipt names, within the guessing limits every receipt has (the
/// same buckets as a child's receipt): when it came and where its items stand.
pub async fn status_by_receipt(
    app: &App,
    client: ClientId,
    input: &str,
) -> Result<Checked<LinkReportStatus>, StoreError> {
    check_with(app, client, input, |receipt| async move {
        let digest = app.keys.lookup_digest("link-receipt", receipt.digits().as_bytes());
        app.store.link_report_by_receipt(&digest).await
    })
    .await
}

/// An analyst adds links to the queue.
pub async fn add_links(app: &App, user: &StaffRow, report: &LinkReport) -> Result<Vec<LinkOutcome>, Fail> {
    gate(app, user, ItemAction::CreateItem).await?;
    let report = LinkReport { receipt: false, ..report.clone() };
    let origin =
        Origin { source: Source::Analyst, user: Some(user), case_id: None, form_token: None, extra: Vec::new() };
    Ok(store(app, &report, origin).await?.0)
}

/// Whether `user` is offered sending a case's links to the hotline's queue (they work on
/// items; whether they may read the case is the case's own decision).
pub fn may_send_case_links(user: &StaffRow, org: Option<OrgKind>) -> bool {
    authorize_item(user.role, org, ItemRelation::None, ItemAction::CreateItem).allowed()
}

/// What [`from_case`] did.
pub struct FromCase {
    pub made: Vec<LinkOutcome>,
    /// Lines of the child's links that are not web addresses (left out).
    pub skipped: usize,
}

/// The links of a child's case become items, for an analyst who works on items and may
/// read the case: the reading is audited on the case (the child sees that the hotline
/// looked at the links), the items keep only the case's id, never the child's identity.
pub async fn from_case(app: &App, user: &StaffRow, case_id: &str) -> Result<FromCase, Fail> {
    let c = crate::service::case::permitted(app, user, case_id, Action::ReadCase).await?;
    if !may_send_case_links(user, c.user_org.as_ref().map(|o| o.kind)) {
        return Err(Fail::Forbidden);
    }
    let conf = crate::service::case::open_confidential(&c.sealer, &c.report)?;
    let mut urls: Vec<NormalUrl> = Vec::new();
    let mut skipped = 0;
    for line in &conf.links {
        match zeri_domain::hotline::normalise_url(line) {
            Ok(u) if !urls.contains(&u) => urls.push(u),
            Ok(_) => {}
            Err(_) => skipped += 1,
        }
    }
    if urls.is_empty() {
        return Err(invalid("links", "no-web-links"));
    }
    let count = urls.len().to_string();
    let read = crate::service::case::event(user, case_id, "links-to-hotline", Some(&count));
    let report = LinkReport { urls, shows: None, receipt: false, hashes: Vec::new() };
    let origin =
        Origin { source: Source::Case, user: Some(user), case_id: Some(case_id), form_token: None, extra: vec![read] };
    let made = store(app, &report, origin).await?.0;
    Ok(FromCase { made, skipped })
}

// ----- the queue and the item -----

/// One page of the queue.
pub struct Queue {
    pub items: Vec<ContentItemRow>,
    pub total: i64,
    /// From 1.
    pub page: i64,
    pub pages: i64,
}

/// The queue: items waiting for an assessment first, newest first; `state` filters.
pub async fn queue(app: &App, user: &StaffRow, state: Option<ItemState>, page: i64) -> Result<Queue, Fail> {
    gate(app, user, ItemAction::ListItems).await?;
    let total = app.store.count_content_items(state).await?;
    let pages = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    let page = page.clamp(1, pages);
    let items = app.store.content_items(state, PAGE_SIZE, (page - 1) * PAGE_SIZE).await?;
    Ok(Queue { items, total, page, pages })
}

/// A report of the item as the item's page shows it.
pub struct ReportView {
    pub row: ContentReportRow,
    /// The child's case it came from, `(id, case reference)`, only for a user who may read
    /// that case; otherwise the page says only that it came from a case.
    pub case: Option<(String, String)>,
}

/// Everything about an item that its page shows.
pub struct ItemView {
    pub item: ContentItemRow,
    /// Its URLs (the first is the item's own), opened, with when each was added.
    pub urls: Vec<(String, i64)>,
    pub reports: Vec<ReportView>,
    pub hashes: Vec<ContentHash>,
    /// Oldest first; the current one is `item.assessment_id`.
    pub assessments: Vec<AssessmentRow>,
    /// Staff id → username, for the assessments.
    pub names: BTreeMap<String, String>,
    pub relation: ItemRelation,
    /// The user may confirm or dispute the current assessment now.
    pub may_review: bool,
}

/// Opens an item (its URL is read): audited as `item-opened`.
pub async fn open_item(app: &App, user: &StaffRow, id: &str) -> Result<ItemView, Fail> {
    let item = permitted(app, user, id, ItemAction::ReadItem).await?;
    let org = org_kind(app, user).await?;
    let rel = relation(user, &item);
    let mut urls = Vec::new();
    for u in app.store.content_urls(id).await? {
        let context = zeri_storage::context::content_url(&u.url_digest);
        let plain = app.keys.open(&u.url_sealed, context.as_bytes()).map_err(|e| Fail::Internal(e.to_string()))?;
        urls.push((String::from_utf8_lossy(&plain).into_owned(), u.added_at));
    }
    let mut reports = Vec::new();
    for row in app.store.item_reports(id).await? {
        let case = match &row.case_id {
            Some(case_id) => match crate::service::case::load_case(app, user, case_id).await {
                Ok(c) if c.may(user, Action::ReadCase) => Some((case_id.clone(), c.report.case_ref.clone())),
                _ => None,
            },
            None => None,
        };
        reports.push(ReportView { row, case });
    }
    let assessments = app.store.assessments(id).await?;
    let mut ids: Vec<String> = Vec::new();
    for a in &assessments {
        ids.push(a.staff_id.clone());
        ids.extend(a.reviewed_by.clone());
    }
    ids.sort();
    ids.dedup();
    let mut names = BTreeMap::new();
    for staff_id in ids {
        let name = app.store.staff_by_id(&staff_id).await?.map(|s| s.username).unwrap_or_default();
        names.insert(staff_id, name);
    }
    let may_review = item.state.after(ItemEvent::Answer(Review::Confirm)).is_some()
        && authorize_item(user.role, org, rel, ItemAction::ReviewAssessment).allowed();
    app.store.record_event(&event(user, "item-opened", id.to_owned())).await?;
    Ok(ItemView {
        hashes: app.store.item_hashes(id).await?,
        item,
        urls,
        reports,
        assessments,
        names,
        relation: rel,
        may_review,
    })
}

/// Records an assessment. `replaces`: the assessment the analyst saw as current (`None`:
/// none); if someone assessed the item since, `Conflict("item-changed")` and nothing is stored.
pub async fn assess(
    app: &App,
    user: &StaffRow,
    id: &str,
    form: &ClassificationForm,
    replaces: Option<&str>,
) -> Result<String, Fail> {
    let item = permitted(app, user, id, ItemAction::AssessItem).await?;
    let classification = form.validate().map_err(Fail::Invalid)?;
    let to = item.state.after(ItemEvent::Assessment).ok_or(Fail::Conflict("item-changed"))?;
    debug_assert_eq!(to, ItemState::Assessed);
    let a = AssessmentRow {
        id: new_id(),
        item_id: id.to_owned(),
        at: now_ms(),
        staff_id: user.id.clone(),
        classification,
        review: None,
        reviewed_by: None,
        reviewed_at: None,
    };
    let detail = format!("{id} {} {}", a.id, classification.verdict.as_str());
    // Material assessed not illegal stops being shared at once; an illegal verdict waits
    // for a second analyst's confirmation before its hashes change.
    let sharing = if classification.verdict.illegal() { ItemSharing::Keep } else { ItemSharing::Withdraw };
    match app.store.insert_assessment(&a, replaces, &sharing, &event(user, "item-assessed", detail)).await {
        Ok(()) => Ok(a.id),
        Err(StoreError::Conflict { .. }) => Err(Fail::Conflict("item-changed")),
        Err(e) => Err(e.into()),
    }
}

/// A second analyst confirms or disputes the current assessment `assessment_id`: never the
/// one who made it (`Forbidden`), only while it waits (`Conflict("item-changed")`).
pub async fn review(
    app: &App,
    user: &StaffRow,
    id: &str,
    assessment_id: &str,
    answer: Review,
) -> Result<ItemState, Fail> {
    let item = permitted(app, user, id, ItemAction::ReviewAssessment).await?;
    let to = item.state.after(ItemEvent::Answer(answer)).ok_or(Fail::Conflict("item-changed"))?;
    if item.assessment_id.as_deref() != Some(assessment_id) {
        return Err(Fail::Conflict("item-changed"));
    }
    let action = match answer {
        Review::Confirm => "item-confirmed",
        Review::Dispute => "item-disputed",
    };
    let detail = format!("{id} {assessment_id}");
    let sharing = item_sharing(app, &item, answer).await?;
    match app.store.review_assessment(id, assessment_id, answer, to, &sharing, &event(user, action, detail)).await {
        Ok(()) => Ok(to),
        Err(StoreError::Conflict { .. }) => Err(Fail::Conflict("item-changed")),
        Err(e) => Err(e.into()),
    }
}

/// What a second analyst's answer does to the hashes the item shares with platforms
/// (`shared_hashes`, source `item`): a confirmed illegal item (baseline or national) shares
/// its hashes with its verdict as the classification, replacing what it shared before; a
/// dispute, or a confirmation that it is not illegal, withdraws them.
async fn item_sharing(app: &App, item: &ContentItemRow, answer: Review) -> Result<ItemSharing, Fail> {
    let illegal = item.classification.filter(|c| c.verdict.illegal());
    let (Review::Confirm, Some(c)) = (answer, illegal) else { return Ok(ItemSharing::Withdraw) };
    let media = match c.content_type {
        zeri_domain::hotline::ContentType::Video => "video",
        _ => "image",
    };
    let hashes = app
        .store
        .item_hashes(&item.id)
        .await?
        .into_iter()
        .filter_map(|h| {
            Some(NewSharedHash {
                id: new_id(),
                hash_type: zeri_domain::sharing::HashType::parse(h.kind.as_str())?,
                value: h.value,
                quality: None,
                media: media.to_owned(),
                classification: c.verdict.as_str().to_owned(),
            })
        })
        .collect();
    Ok(ItemSharing::Share(hashes))
}

/// A short reference for an item, to name it aloud ("L-3F9A2C1B"); not unique by
/// construction, only for reading.
pub fn item_ref(id: &str) -> String {
    format!("L-{}", id.chars().take(8).collect::<String>().to_ascii_uppercase())
}
