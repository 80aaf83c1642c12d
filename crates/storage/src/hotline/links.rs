//! Reports of links: stored with the items they make or join (by URL, or by a hash of the
//! material), the form's one-time token and the receipt's showing, and the look-ups that
//! find an item again.

use sqlx::Row;
use zeri_domain::hotline::{ContentHash, HashKind, ItemState, Shows, Source};

use crate::model::NewEvent;
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

/// What a link report's receipt may learn: when it came and where each of its items
/// stands (never an address).
#[derive(Debug, Clone, PartialEq)]
pub struct LinkReportStatus {
    pub created_at: Millis,
    /// Each item the report named: its state and when it was seen removed.
    pub items: Vec<(ItemState, Option<Millis>)>,
}

#[async_trait::async_trait]
pub trait LinkReportStore: Send + Sync {
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
}

/// A unique violation of this statement as `Conflict { constraint }`.
fn conflict_on(constraint: &'static str) -> impl Fn(sqlx::Error) -> StoreError {
    move |e| match crate::sql::map_err(e) {
        StoreError::Conflict { .. } => StoreError::Conflict { constraint: constraint.to_owned() },
        other => other,
    }
}

macro_rules! impl_links {
    ($store:ty, $db:ty) => {
        impl $store {
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
        impl LinkReportStore for $store {
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
        }
    };
}

impl_links!(SqliteStore, sqlx::Sqlite);
impl_links!(PgStore, sqlx::Postgres);
