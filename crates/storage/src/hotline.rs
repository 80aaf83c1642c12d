//! The hotline's content items (reported URLs), their reports, hashes and assessments. Same
//! SQL for both backends, as in `sql.rs`.
//!
//! URLs arrive sealed with the keyed digest of their normal form (the web crate normalises,
//! digests and seals); this module never sees a URL. Items are found again by that digest
//! (every URL known for an item is in `content_urls`), so the same URL reported again joins
//! its item. Every write appends its audit entries in the same transaction; an entry about
//! an item has action `item-…` and the item's id first in `detail`.

use sqlx::Row;
use zeri_domain::hotline::{
    AgeGroup, Classification, ContentHash, ContentType, HashKind, ItemState, OtherHarm, Review, Shows, SiteType,
    Source, Verdict,
};

use crate::model::{EventRow, NewEvent};
use crate::sharing::ItemSharing;
use crate::sql::{corrupt, PgStore, SqliteStore};
use crate::{Millis, Result, StoreError};

/// A report of one or more links, to store with the items it makes or joins.
#[derive(Debug, Clone)]
pub struct NewContentReport {
    pub id: String,
    pub created_at: Millis,
    pub source: Source,
    pub shows: Option<Shows>,
    /// The keyed digest of the receipt, when the reporter asked for one.
    pub receipt_digest: Option<[u8; 32]>,
    /// The web form's one-time token (keyed digest) and the receipt sealed for its page.
    pub form: Option<ContentForm>,
    /// The child's case the links came from.
    pub case_id: Option<String>,
    /// The analyst who added them.
    pub staff_id: Option<String>,
    pub links: Vec<NewLink>,
    /// Hashes of the material at these links: stored on every item the report names.
    pub hashes: Vec<ContentHash>,
}

#[derive(Debug, Clone)]
pub struct ContentForm {
    pub token_digest: [u8; 32],
    /// Sealed under the master key (`context::link_receipt_view`); `None` without a receipt.
    pub receipt_sealed: Option<Vec<u8>>,
    pub shown_until: Millis,
}

/// One link of a report.
#[derive(Debug, Clone)]
pub struct NewLink {
    /// Keyed digest of the normalised URL.
    pub url_digest: [u8; 32],
    /// The normalised URL sealed under the master key (`context::content_url`).
    pub url_sealed: Vec<u8>,
    /// The id a new item gets if nothing is known of this URL (nor of `by_hash`).
    pub new_item_id: String,
    /// An item that has one of the report's hashes: an unknown URL joins it.
    pub by_hash: Option<String>,
}

/// What became of one link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkOutcome {
    pub item_id: String,
    /// The item existed before (by its URL or a hash).
    pub joined: bool,
}

/// What a content report form made.
#[derive(Debug, Clone)]
pub struct ContentSubmissionRow {
    pub report_id: String,
    pub receipt_sealed: Option<Vec<u8>>,
    pub shown_until: Millis,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ContentItemRow {
    pub id: String,
    pub created_at: Millis,
    pub last_reported_at: Millis,
    pub times_reported: i64,
    pub url_digest: String,
    pub source: Source,
    pub shows: Option<Shows>,
    pub state: ItemState,
    pub assessment_id: Option<String>,
    /// The current assessment's classification.
    pub classification: Option<Classification>,
    pub assessed_by: Option<String>,
    pub assessed_at: Option<Millis>,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<Millis>,
    pub hosting_country: Option<String>,
    pub hosting_checked_at: Option<Millis>,
    pub removed_at: Option<Millis>,
    pub forwarded_to: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ContentUrlRow {
    pub url_digest: String,
    pub item_id: String,
    pub added_at: Millis,
    pub url_sealed: Vec<u8>,
}

/// A report as an item's page lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct ContentReportRow {
    pub id: String,
    pub created_at: Millis,
    pub source: Source,
    pub shows: Option<Shows>,
    pub case_id: Option<String>,
    pub staff_id: Option<String>,
    /// The reporter asked for a receipt.
    pub with_receipt: bool,
    pub joined: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AssessmentRow {
    pub id: String,
    pub item_id: String,
    pub at: Millis,
    pub staff_id: String,
    pub classification: Classification,
    pub review: Option<Review>,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<Millis>,
}

/// What a link report's receipt may learn: when it came and where each of its items
/// stands (never an address).
#[derive(Debug, Clone, PartialEq)]
pub struct LinkReportStatus {
    pub created_at: Millis,
    /// Each item the report named: its state and when it was seen removed.
    pub items: Vec<(ItemState, Option<Millis>)>,
}

/// One item, as statistics see it: codes and times only.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemFact {
    pub created_at: Millis,
    pub state: ItemState,
    pub classification: Option<Classification>,
    pub hosting_country: Option<String>,
    pub removed_at: Option<Millis>,
    /// A notice was sent to its host; the host answered one.
    pub noticed: bool,
    pub answered: bool,
}

#[async_trait::async_trait]
pub trait HotlineStore: Send + Sync {
    /// Stores a report with its links in one transaction, with one audit entry per link
    /// (`template` with action `item-created` or `item-joined` and the item id as detail):
    /// a link whose URL is known joins that URL's item; an unknown one joins `by_hash`
    /// (its URL added to that item) or makes a new item. The report's hashes go on every
    /// item it names. `Conflict` with `content_reports` when the form (or, astronomically
    /// rarely, the receipt) was used before; with `content_urls` when another report made
    /// the same new URL's item at the same moment (trying again joins it). `extra` entries
    /// (the reading of a child's case the links came from) are appended after.
    async fn insert_content_report(
        &self,
        report: &NewContentReport,
        template: &NewEvent,
        extra: &[NewEvent],
    ) -> Result<Vec<LinkOutcome>>;
    /// What the form with this token digest made, if anything.
    async fn content_submission(&self, token_digest: &[u8; 32]) -> Result<Option<ContentSubmissionRow>>;
    /// The report a receipt digest names, and where its items stand.
    async fn link_report_by_receipt(&self, receipt_digest: &[u8; 32]) -> Result<Option<LinkReportStatus>>;
    /// Ends the showing of a content report's receipt.
    async fn end_content_receipt_view(&self, token_digest: &[u8; 32]) -> Result<()>;
    /// The item a URL digest names.
    async fn item_by_url(&self, url_digest: &[u8; 32]) -> Result<Option<String>>;
    /// Items having any of these hashes exactly (SHA-256, MD5, PDQ), oldest first.
    async fn items_with_hashes(&self, hashes: &[ContentHash]) -> Result<Vec<String>>;
    /// Every PDQ hash of an item (item id, hex), for matching within a distance.
    async fn item_pdqs(&self) -> Result<Vec<(String, String)>>;
    /// Items, those waiting for an assessment first (new, then disputed, then waiting for a
    /// second analyst, then the rest), newest first within; only `state` when given.
    async fn content_items(&self, state: Option<ItemState>, limit: i64, offset: i64) -> Result<Vec<ContentItemRow>>;
    /// How many items [`HotlineStore::content_items`] would list in all.
    async fn count_content_items(&self, state: Option<ItemState>) -> Result<i64>;
    async fn content_item(&self, id: &str) -> Result<Option<ContentItemRow>>;
    /// The item's URLs, the first first.
    async fn content_urls(&self, item_id: &str) -> Result<Vec<ContentUrlRow>>;
    /// The reports that named the item, oldest first.
    async fn item_reports(&self, item_id: &str) -> Result<Vec<ContentReportRow>>;
    async fn item_hashes(&self, item_id: &str) -> Result<Vec<ContentHash>>;
    /// The item's assessments, oldest first.
    async fn assessments(&self, item_id: &str) -> Result<Vec<AssessmentRow>>;
    /// Records an assessment and makes it the item's current one (state `assessed`), with
    /// `event`, in one transaction; only if the current assessment is still `replaces`
    /// (`None`: the item had none), `Conflict` otherwise (someone assessed it meanwhile).
    /// `sharing`: what becomes of the hashes the item shares with platforms.
    async fn insert_assessment(
        &self,
        a: &AssessmentRow,
        replaces: Option<&str>,
        sharing: &ItemSharing,
        event: &NewEvent,
    ) -> Result<()>;
    /// Records a second analyst's answer to the current assessment `assessment_id` and
    /// moves the item to `to`, with `event`, in one transaction; `Conflict` unless the item
    /// is still `assessed` with that assessment. `sharing`: what becomes of the hashes the
    /// item shares with platforms (a confirmed illegal item shares them).
    #[allow(clippy::too_many_arguments)]
    async fn review_assessment(
        &self,
        item_id: &str,
        assessment_id: &str,
        review: Review,
        to: ItemState,
        sharing: &ItemSharing,
        event: &NewEvent,
    ) -> Result<()>;
    /// The audit entries about an item, oldest first.
    async fn item_events(&self, item_id: &str) -> Result<Vec<EventRow>>;
    /// Items first reported in `[from, to)`.
    async fn item_facts(&self, from: Millis, to: Millis) -> Result<Vec<ItemFact>>;
}

const ITEM_COLUMNS: &str = "id, created_at, last_reported_at, times_reported, url_digest, source, shows, state, \
     assessment_id, verdict, content_type, age_group, site_type, other_harm, assessed_by, assessed_at, reviewed_by, \
     reviewed_at, hosting_country, hosting_checked_at, removed_at, forwarded_to";

/// Waiting for an assessment first, then waiting for a second analyst, then the rest.
const UNASSESSED_FIRST: &str =
    "CASE state WHEN 'new' THEN 0 WHEN 'disputed' THEN 1 WHEN 'assessed' THEN 2 ELSE 3 END, created_at DESC, id";

fn parse<T>(v: Option<String>, f: fn(&str) -> Option<T>, what: &str) -> Result<Option<T>> {
    v.map(|s| f(&s).ok_or_else(|| corrupt(what))).transpose()
}

/// A unique violation of this statement as `Conflict { constraint }`.
fn conflict_on(constraint: &'static str) -> impl Fn(sqlx::Error) -> StoreError {
    move |e| match crate::sql::map_err(e) {
        StoreError::Conflict { .. } => StoreError::Conflict { constraint: constraint.to_owned() },
        other => other,
    }
}

macro_rules! impl_hotline {
    ($store:ty, $row:ty, $db:ty) => {
        impl $store {
            /// The classification columns of a row; `None` without a verdict.
            fn classification(r: &$row) -> Result<Option<Classification>> {
                let Some(verdict) = parse(r.try_get("verdict")?, Verdict::parse, "verdict")? else { return Ok(None) };
                Ok(Some(Classification {
                    verdict,
                    content_type: parse(r.try_get("content_type")?, ContentType::parse, "content type")?
                        .ok_or_else(|| corrupt("content type"))?,
                    age_group: parse(r.try_get("age_group")?, AgeGroup::parse, "age group")?,
                    site_type: parse(r.try_get("site_type")?, SiteType::parse, "site type")?
                        .ok_or_else(|| corrupt("site type"))?,
                    other_harm: parse(r.try_get("other_harm")?, OtherHarm::parse, "other harm")?,
                }))
            }

            fn item_row(r: &$row) -> Result<ContentItemRow> {
                Ok(ContentItemRow {
                    id: r.try_get("id")?,
                    created_at: r.try_get("created_at")?,
                    last_reported_at: r.try_get("last_reported_at")?,
                    times_reported: r.try_get("times_reported")?,
                    url_digest: r.try_get("url_digest")?,
                    source: Source::parse(r.try_get("source")?).ok_or_else(|| corrupt("source"))?,
                    shows: parse(r.try_get("shows")?, Shows::parse, "shows")?,
                    state: ItemState::parse(r.try_get("state")?).ok_or_else(|| corrupt("item state"))?,
                    assessment_id: r.try_get("assessment_id")?,
                    classification: Self::classification(r)?,
                    assessed_by: r.try_get("assessed_by")?,
                    assessed_at: r.try_get("assessed_at")?,
                    reviewed_by: r.try_get("reviewed_by")?,
                    reviewed_at: r.try_get("reviewed_at")?,
                    hosting_country: r.try_get("hosting_country")?,
                    hosting_checked_at: r.try_get("hosting_checked_at")?,
                    removed_at: r.try_get("removed_at")?,
                    forwarded_to: r.try_get("forwarded_to")?,
                })
            }

            /// One link of a report inside `tx`: the item it joins or makes.
            pub(crate) async fn put_link(
                &self,
                tx: &mut sqlx::Transaction<'_, $db>,
                r: &NewContentReport,
                link: &NewLink,
            ) -> Result<LinkOutcome> {
                let digest = hex::encode(link.url_digest);
                let known: Option<String> = sqlx::query("SELECT item_id FROM content_urls WHERE url_digest = $1")
                    .bind(&digest)
                    .fetch_optional(&mut **tx)
                    .await?
                    .map(|row| row.try_get("item_id"))
                    .transpose()?;
                let by_hash = match (&known, &link.by_hash) {
                    (None, Some(id)) => sqlx::query("SELECT id FROM content_items WHERE id = $1")
                        .bind(id)
                        .fetch_optional(&mut **tx)
                        .await?
                        .map(|_| id.clone()),
                    _ => None,
                };
                let outcome = match (known, by_hash) {
                    (Some(item_id), _) => LinkOutcome { item_id, joined: true },
                    (None, by_hash) => {
                        let joined = by_hash.is_some();
                        let item_id = by_hash.unwrap_or_else(|| link.new_item_id.clone());
                        if !joined {
                            sqlx::query(
                                "INSERT INTO content_items (id, created_at, last_reported_at, times_reported, \
                                 url_digest, source, shows, state) VALUES ($1, $2, $2, 1, $3, $4, $5, 'new')",
                            )
                            .bind(&item_id)
                            .bind(r.created_at)
                            .bind(&digest)
                            .bind(r.source.as_str())
                            .bind(r.shows.map(Shows::as_str))
                            .execute(&mut **tx)
                            .await
                            .map_err(conflict_on("content_urls"))?;
                        }
                        sqlx::query(
                            "INSERT INTO content_urls (url_digest, item_id, added_at, url_sealed) VALUES ($1, $2, $3, $4)",
                        )
                        .bind(&digest)
                        .bind(&item_id)
                        .bind(r.created_at)
                        .bind(&link.url_sealed)
                        .execute(&mut **tx)
                        .await
                        .map_err(conflict_on("content_urls"))?;
                        LinkOutcome { item_id, joined }
                    }
                };
                if outcome.joined {
                    sqlx::query(
                        "UPDATE content_items SET times_reported = times_reported + 1, last_reported_at = $1 WHERE id = $2",
                    )
                    .bind(r.created_at)
                    .bind(&outcome.item_id)
                    .execute(&mut **tx)
                    .await?;
                }
                sqlx::query(
                    "INSERT INTO content_report_items (report_id, item_id, joined) VALUES ($1, $2, $3) \
                     ON CONFLICT (report_id, item_id) DO NOTHING",
                )
                .bind(&r.id)
                .bind(&outcome.item_id)
                .bind(outcome.joined)
                .execute(&mut **tx)
                .await?;
                for h in &r.hashes {
                    sqlx::query(
                        "INSERT INTO content_hashes (item_id, kind, value, added_at) VALUES ($1, $2, $3, $4) \
                         ON CONFLICT (item_id, kind, value) DO NOTHING",
                    )
                    .bind(&outcome.item_id)
                    .bind(h.kind.as_str())
                    .bind(&h.value)
                    .bind(r.created_at)
                    .execute(&mut **tx)
                    .await?;
                }
                Ok(outcome)
            }
        }

        #[async_trait::async_trait]
        impl HotlineStore for $store {
            #[tracing::instrument(skip_all, fields(links = report.links.len()))]
            async fn insert_content_report(
                &self,
                report: &NewContentReport,
                template: &NewEvent,
                extra: &[NewEvent],
            ) -> Result<Vec<LinkOutcome>> {
                let mut tx = self.pool.begin().await?;
                let form = report.form.as_ref();
                sqlx::query(
                    "INSERT INTO content_reports (id, created_at, source, shows, receipt_digest, form_digest, \
                     receipt_sealed, shown_until, case_id, staff_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                )
                .bind(&report.id)
                .bind(report.created_at)
                .bind(report.source.as_str())
                .bind(report.shows.map(Shows::as_str))
                .bind(report.receipt_digest.as_ref().map(|d| d.as_slice()))
                .bind(form.map(|f| hex::encode(f.token_digest)))
                .bind(form.and_then(|f| f.receipt_sealed.clone()))
                .bind(form.map(|f| f.shown_until))
                .bind(&report.case_id)
                .bind(&report.staff_id)
                .execute(&mut *tx)
                .await
                .map_err(conflict_on("content_reports"))?;
                let mut outcomes = Vec::with_capacity(report.links.len());
                let mut events = Vec::with_capacity(report.links.len());
                for link in &report.links {
                    let outcome = self.put_link(&mut tx, report, link).await?;
                    events.push(NewEvent {
                        action: if outcome.joined { "item-joined" } else { "item-created" },
                        detail: Some(outcome.item_id.clone()),
                        ..template.clone()
                    });
                    outcomes.push(outcome);
                }
                events.extend_from_slice(extra);
                self.append_all(&mut tx, &events).await?;
                tx.commit().await?;
                Ok(outcomes)
            }

            #[tracing::instrument(skip_all)]
            async fn content_submission(&self, token_digest: &[u8; 32]) -> Result<Option<ContentSubmissionRow>> {
                let row =
                    sqlx::query("SELECT id, receipt_sealed, shown_until FROM content_reports WHERE form_digest = $1")
                        .bind(hex::encode(token_digest))
                        .fetch_optional(&self.pool)
                        .await?;
                row.map(|r| {
                    let shown: Option<Millis> = r.try_get("shown_until")?;
                    Ok(ContentSubmissionRow {
                        report_id: r.try_get("id")?,
                        receipt_sealed: r.try_get("receipt_sealed")?,
                        shown_until: shown.unwrap_or(0),
                    })
                })
                .transpose()
            }

            #[tracing::instrument(skip_all)]
            async fn link_report_by_receipt(&self, receipt_digest: &[u8; 32]) -> Result<Option<LinkReportStatus>> {
                let Some(report) = sqlx::query("SELECT id, created_at FROM content_reports WHERE receipt_digest = $1")
                    .bind(receipt_digest.as_slice())
                    .fetch_optional(&self.pool)
                    .await?
                else {
                    return Ok(None);
                };
                let id: String = report.try_get("id")?;
                let rows = sqlx::query(
                    "SELECT i.state, i.removed_at FROM content_report_items l JOIN content_items i ON i.id = l.item_id \
                     WHERE l.report_id = $1 ORDER BY i.created_at, i.id",
                )
                .bind(&id)
                .fetch_all(&self.pool)
                .await?;
                let items = rows
                    .iter()
                    .map(|r| {
                        let state = ItemState::parse(r.try_get("state")?).ok_or_else(|| corrupt("item state"))?;
                        Ok((state, r.try_get("removed_at")?))
                    })
                    .collect::<Result<_>>()?;
                Ok(Some(LinkReportStatus { created_at: report.try_get("created_at")?, items }))
            }

            #[tracing::instrument(skip_all)]
            async fn end_content_receipt_view(&self, token_digest: &[u8; 32]) -> Result<()> {
                sqlx::query("UPDATE content_reports SET receipt_sealed = NULL WHERE form_digest = $1")
                    .bind(hex::encode(token_digest))
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            #[tracing::instrument(skip_all)]
            async fn item_by_url(&self, url_digest: &[u8; 32]) -> Result<Option<String>> {
                let row = sqlx::query("SELECT item_id FROM content_urls WHERE url_digest = $1")
                    .bind(hex::encode(url_digest))
                    .fetch_optional(&self.pool)
                    .await?;
                Ok(row.map(|r| r.try_get("item_id")).transpose()?)
            }

            #[tracing::instrument(skip_all)]
            async fn items_with_hashes(&self, hashes: &[ContentHash]) -> Result<Vec<String>> {
                let mut found: Vec<(Millis, String)> = Vec::new();
                for h in hashes {
                    let rows = sqlx::query(
                        "SELECT h.item_id, i.created_at FROM content_hashes h JOIN content_items i ON i.id = h.item_id \
                         WHERE h.kind = $1 AND h.value = $2",
                    )
                    .bind(h.kind.as_str())
                    .bind(&h.value)
                    .fetch_all(&self.pool)
                    .await?;
                    for r in &rows {
                        found.push((r.try_get("created_at")?, r.try_get("item_id")?));
                    }
                }
                found.sort();
                found.dedup();
                Ok(found.into_iter().map(|(_, id)| id).collect())
            }

            #[tracing::instrument(skip_all)]
            async fn item_pdqs(&self) -> Result<Vec<(String, String)>> {
                let rows = sqlx::query("SELECT item_id, value FROM content_hashes WHERE kind = $1 ORDER BY item_id")
                    .bind(HashKind::Pdq.as_str())
                    .fetch_all(&self.pool)
                    .await?;
                rows.iter().map(|r| Ok((r.try_get("item_id")?, r.try_get("value")?))).collect()
            }

            #[tracing::instrument(skip_all)]
            async fn content_items(
                &self,
                state: Option<ItemState>,
                limit: i64,
                offset: i64,
            ) -> Result<Vec<ContentItemRow>> {
                let filter = if state.is_some() { "WHERE state = $3" } else { "" };
                let sql = format!(
                    "SELECT {ITEM_COLUMNS} FROM content_items {filter} ORDER BY {UNASSESSED_FIRST} LIMIT $1 OFFSET $2"
                );
                let mut q = sqlx::query(&sql).bind(limit).bind(offset);
                if let Some(s) = state {
                    q = q.bind(s.as_str());
                }
                let rows = q.fetch_all(&self.pool).await?;
                rows.iter().map(Self::item_row).collect()
            }

            #[tracing::instrument(skip_all)]
            async fn count_content_items(&self, state: Option<ItemState>) -> Result<i64> {
                let row = match state {
                    Some(s) => {
                        sqlx::query("SELECT COUNT(*) AS n FROM content_items WHERE state = $1")
                            .bind(s.as_str())
                            .fetch_one(&self.pool)
                            .await?
                    }
                    None => sqlx::query("SELECT COUNT(*) AS n FROM content_items").fetch_one(&self.pool).await?,
                };
                Ok(row.try_get("n")?)
            }

            #[tracing::instrument(skip_all)]
            async fn content_item(&self, id: &str) -> Result<Option<ContentItemRow>> {
                let sql = format!("SELECT {ITEM_COLUMNS} FROM content_items WHERE id = $1");
                let row = sqlx::query(&sql).bind(id).fetch_optional(&self.pool).await?;
                row.as_ref().map(Self::item_row).transpose()
            }

            #[tracing::instrument(skip_all)]
            async fn content_urls(&self, item_id: &str) -> Result<Vec<ContentUrlRow>> {
                let rows = sqlx::query(
                    "SELECT url_digest, item_id, added_at, url_sealed FROM content_urls WHERE item_id = $1 \
                     ORDER BY added_at, url_digest",
                )
                .bind(item_id)
                .fetch_all(&self.pool)
                .await?;
                let mut out: Vec<ContentUrlRow> = rows
                    .iter()
                    .map(|r| {
                        Ok(ContentUrlRow {
                            url_digest: r.try_get("url_digest")?,
                            item_id: r.try_get("item_id")?,
                            added_at: r.try_get("added_at")?,
                            url_sealed: r.try_get("url_sealed")?,
                        })
                    })
                    .collect::<Result<_>>()?;
                // The item's own URL first, whatever the order of equal times.
                let own = self.content_item(item_id).await?.map(|i| i.url_digest);
                out.sort_by_key(|u| (Some(&u.url_digest) != own.as_ref(), u.added_at));
                Ok(out)
            }

            #[tracing::instrument(skip_all)]
            async fn item_reports(&self, item_id: &str) -> Result<Vec<ContentReportRow>> {
                let rows = sqlx::query(
                    "SELECT r.id, r.created_at, r.source, r.shows, r.case_id, r.staff_id, \
                     CASE WHEN r.receipt_digest IS NULL THEN 0 ELSE 1 END AS with_receipt, l.joined \
                     FROM content_report_items l JOIN content_reports r ON r.id = l.report_id \
                     WHERE l.item_id = $1 ORDER BY r.created_at, r.id",
                )
                .bind(item_id)
                .fetch_all(&self.pool)
                .await?;
                rows.iter()
                    .map(|r| {
                        let with_receipt: i32 = r.try_get("with_receipt")?;
                        Ok(ContentReportRow {
                            id: r.try_get("id")?,
                            created_at: r.try_get("created_at")?,
                            source: Source::parse(r.try_get("source")?).ok_or_else(|| corrupt("source"))?,
                            shows: parse(r.try_get("shows")?, Shows::parse, "shows")?,
                            case_id: r.try_get("case_id")?,
                            staff_id: r.try_get("staff_id")?,
                            with_receipt: with_receipt == 1,
                            joined: r.try_get("joined")?,
                        })
                    })
                    .collect()
            }

            #[tracing::instrument(skip_all)]
            async fn item_hashes(&self, item_id: &str) -> Result<Vec<ContentHash>> {
                let rows =
                    sqlx::query("SELECT kind, value FROM content_hashes WHERE item_id = $1 ORDER BY added_at, kind, value")
                        .bind(item_id)
                        .fetch_all(&self.pool)
                        .await?;
                rows.iter()
                    .map(|r| {
                        Ok(ContentHash {
                            kind: HashKind::parse(r.try_get("kind")?).ok_or_else(|| corrupt("hash kind"))?,
                            value: r.try_get("value")?,
                        })
                    })
                    .collect()
            }

            #[tracing::instrument(skip_all)]
            async fn assessments(&self, item_id: &str) -> Result<Vec<AssessmentRow>> {
                let rows = sqlx::query(
                    "SELECT id, item_id, at, staff_id, verdict, content_type, age_group, site_type, other_harm, review, \
                     reviewed_by, reviewed_at FROM content_assessments WHERE item_id = $1 ORDER BY at, id",
                )
                .bind(item_id)
                .fetch_all(&self.pool)
                .await?;
                rows.iter()
                    .map(|r| {
                        Ok(AssessmentRow {
                            id: r.try_get("id")?,
                            item_id: r.try_get("item_id")?,
                            at: r.try_get("at")?,
                            staff_id: r.try_get("staff_id")?,
                            classification: Self::classification(r)?.ok_or_else(|| corrupt("assessment"))?,
                            review: parse(r.try_get("review")?, Review::parse, "review")?,
                            reviewed_by: r.try_get("reviewed_by")?,
                            reviewed_at: r.try_get("reviewed_at")?,
                        })
                    })
                    .collect()
            }

            #[tracing::instrument(skip_all)]
            async fn insert_assessment(
                &self,
                a: &AssessmentRow,
                replaces: Option<&str>,
                sharing: &ItemSharing,
                event: &NewEvent,
            ) -> Result<()> {
                let c = &a.classification;
                let mut tx = self.pool.begin().await?;
                let done = sqlx::query(
                    "UPDATE content_items SET state = $1, assessment_id = $2, verdict = $3, content_type = $4, \
                     age_group = $5, site_type = $6, other_harm = $7, assessed_by = $8, assessed_at = $9, \
                     reviewed_by = NULL, reviewed_at = NULL WHERE id = $10 AND COALESCE(assessment_id, '') = $11",
                )
                .bind(ItemState::Assessed.as_str())
                .bind(&a.id)
                .bind(c.verdict.as_str())
                .bind(c.content_type.as_str())
                .bind(c.age_group.map(AgeGroup::as_str))
                .bind(c.site_type.as_str())
                .bind(c.other_harm.map(OtherHarm::as_str))
                .bind(&a.staff_id)
                .bind(a.at)
                .bind(&a.item_id)
                .bind(replaces.unwrap_or(""))
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() != 1 {
                    return Err(StoreError::Conflict { constraint: "content_items.assessment_id".into() });
                }
                sqlx::query(
                    "INSERT INTO content_assessments (id, item_id, at, staff_id, verdict, content_type, age_group, \
                     site_type, other_harm) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                )
                .bind(&a.id)
                .bind(&a.item_id)
                .bind(a.at)
                .bind(&a.staff_id)
                .bind(c.verdict.as_str())
                .bind(c.content_type.as_str())
                .bind(c.age_group.map(AgeGroup::as_str))
                .bind(c.site_type.as_str())
                .bind(c.other_harm.map(OtherHarm::as_str))
                .execute(&mut *tx)
                .await
                .map_err(crate::sql::map_err)?;
                self.item_sharing(&mut tx, &a.item_id, sharing, a.at).await?;
                self.append(&mut tx, event).await?;
                tx.commit().await?;
                Ok(())
            }

            #[tracing::instrument(skip_all)]
            async fn review_assessment(
                &self,
                item_id: &str,
                assessment_id: &str,
                review: Review,
                to: ItemState,
                sharing: &ItemSharing,
                event: &NewEvent,
            ) -> Result<()> {
                let (by, at) = (event.staff_id.as_deref(), event.at);
                let mut tx = self.pool.begin().await?;
                let done = sqlx::query(
                    "UPDATE content_items SET state = $1, reviewed_by = $2, reviewed_at = $3 \
                     WHERE id = $4 AND assessment_id = $5 AND state = $6",
                )
                .bind(to.as_str())
                .bind(by)
                .bind(at)
                .bind(item_id)
                .bind(assessment_id)
                .bind(ItemState::Assessed.as_str())
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() != 1 {
                    return Err(StoreError::Conflict { constraint: "content_items.state".into() });
                }
                sqlx::query(
                    "UPDATE content_assessments SET review = $1, reviewed_by = $2, reviewed_at = $3 WHERE id = $4",
                )
                .bind(review.as_str())
                .bind(by)
                .bind(at)
                .bind(assessment_id)
                .execute(&mut *tx)
                .await?;
                self.item_sharing(&mut tx, item_id, sharing, at).await?;
                self.append(&mut tx, event).await?;
                tx.commit().await?;
                Ok(())
            }

            #[tracing::instrument(skip_all)]
            async fn item_events(&self, item_id: &str) -> Result<Vec<EventRow>> {
                let rows = sqlx::query(
                    "SELECT seq, at, actor, staff_id, role, org_id, report_id, action, detail, sealed FROM audit \
                     WHERE action LIKE 'item-%' AND substr(detail, 1, 32) = $1 ORDER BY seq",
                )
                .bind(item_id)
                .fetch_all(&self.pool)
                .await?;
                rows.iter().map(Self::event_row).collect()
            }

            #[tracing::instrument(skip_all)]
            async fn item_facts(&self, from: Millis, to: Millis) -> Result<Vec<ItemFact>> {
                let rows = sqlx::query(
                    "SELECT created_at, state, verdict, content_type, age_group, site_type, other_harm, \
                     hosting_country, removed_at, \
                     (SELECT COUNT(*) FROM notices n WHERE n.item_id = i.id AND n.kind = 'notice') AS noticed, \
                     (SELECT COUNT(*) FROM notices n WHERE n.item_id = i.id AND n.kind = 'answer') AS answered \
                     FROM content_items i WHERE created_at >= $1 AND created_at < $2 ORDER BY created_at, id",
                )
                .bind(from)
                .bind(to)
                .fetch_all(&self.pool)
                .await?;
                rows.iter()
                    .map(|r| {
                        Ok(ItemFact {
                            created_at: r.try_get("created_at")?,
                            state: ItemState::parse(r.try_get("state")?).ok_or_else(|| corrupt("item state"))?,
                            classification: Self::classification(r)?,
                            hosting_country: r.try_get("hosting_country")?,
                            removed_at: r.try_get("removed_at")?,
                            noticed: r.try_get::<i64, _>("noticed")? > 0,
                            answered: r.try_get::<i64, _>("answered")? > 0,
                        })
                    })
                    .collect()
            }
        }
    };
}

impl_hotline!(SqliteStore, sqlx::sqlite::SqliteRow, sqlx::Sqlite);
impl_hotline!(PgStore, sqlx::postgres::PgRow, sqlx::Postgres);
