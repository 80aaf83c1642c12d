//! The hotline's content items: the queue, an item with its URLs, reports and hashes, its
//! assessments (compare-and-set on the one they replace) and second analysts' reviews, its
//! audit entries, and the facts statistics see.

use sqlx::Row;
use zeri_domain::hotline::{
    AgeGroup, Classification, ContentHash, ContentType, HashKind, ItemState, OtherHarm, Review, Shows, SiteType,
    Source, Verdict,
};

use crate::model::{EventRow, NewEvent};
use crate::sharing::ItemSharing;
use crate::sql::{corrupt, PgStore, SqliteStore};
use crate::{Millis, Result, StoreError};

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
pub trait ContentItemStore: Send + Sync {
    /// Items, those waiting for an assessment first (new, then disputed, then waiting for a
    /// second analyst, then the rest), newest first within; only `state` when given.
    async fn content_items(&self, state: Option<ItemState>, limit: i64, offset: i64) -> Result<Vec<ContentItemRow>>;
    /// How many items [`ContentItemStore::content_items`] would list in all.
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

macro_rules! impl_items {
    ($store:ty, $row:ty) => {
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
        }

        #[async_trait::async_trait]
        impl ContentItemStore for $store {
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

impl_items!(SqliteStore, sqlx::sqlite::SqliteRow);
impl_items!(PgStore, sqlx::postgres::PgRow);
