//! Hashes that reach platforms: the review of take-down requests, the shared hashes with
//! their cursor, the platforms that pull them and what they report back. Same SQL for both
//! backends, as in `sql.rs`.
//!
//! `shared_hashes` holds one row per hash shared, whatever its source (`source_kind`
//! `takedown` now, `item` for assessed content items later). Its `seq` is the platforms'
//! cursor: every insert or withdrawal takes the next numbers from the one-row
//! `shared_hash_head`, inside the writing transaction. Taking them there (not from a
//! PostgreSQL sequence) holds the head's row lock until commit, so numbers become visible
//! in the order they were drawn: a platform that has read up to 12 can never later meet an
//! 11 committed after it read.

use sqlx::Row;
use zeri_domain::sharing::{EntryState, HashType, Outcome, RejectReason, Review, SourceKind};

use crate::model::*;
use crate::sql::{corrupt, map_err, PgStore, SqliteStore};
use crate::{Millis, Result, StoreError};

/// A hash to share, from an approved source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSharedHash {
    pub id: String,
    pub hash_type: HashType,
    /// Lower-case hex.
    pub value: String,
    /// The PDQ quality (0–100), for PDQ.
    pub quality: Option<i64>,
    /// `image` or `video`.
    pub media: String,
    /// A short code: `self-reported`, or an ICCAM verdict for an assessed item.
    pub classification: String,
}

/// What an assessment or a review does to the hashes an item shares with platforms
/// (decided by the web crate's service layer, written in the same transaction).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ItemSharing {
    /// Nothing changes.
    #[default]
    Keep,
    /// Withdraws what the item shared, then shares these (a confirmed illegal item).
    Share(Vec<NewSharedHash>),
    /// Withdraws what the item shared (not illegal after all, or disputed).
    Withdraw,
}

/// A shared hash, or its withdrawal record, as platforms receive it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedHashRow {
    pub id: String,
    pub seq: i64,
    pub source_kind: SourceKind,
    pub source_id: String,
    pub hash_type: HashType,
    /// Empty once withdrawn: the hash is forgotten, platforms delete their copy by `id`.
    pub value: String,
    pub quality: Option<i64>,
    pub media: String,
    pub classification: String,
    pub state: EntryState,
    pub shared_at: Millis,
    pub withdrawn_at: Option<Millis>,
}

/// An analyst's review of a take-down request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TakedownReview {
    pub id: String,
    /// The state it must still be in (compare-and-set).
    pub from: Review,
    pub to: Review,
    pub reason: Option<RejectReason>,
    pub by: String,
    pub at: Millis,
}

/// A platform that pulls shared hashes. Its token is kept only as a keyed digest.
#[derive(Clone, PartialEq, Eq)]
pub struct PlatformRow {
    pub id: String,
    pub name: String,
    /// Sealed under the master key (`context::platform_contact`).
    pub contact_sealed: Vec<u8>,
    pub token_digest: [u8; 32],
    pub created_at: Millis,
    pub created_by: Option<String>,
    pub revoked_at: Option<Millis>,
    /// The highest sequence number handed to it.
    pub delivered_seq: i64,
    pub last_pull_at: Option<Millis>,
}

impl std::fmt::Debug for PlatformRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PlatformRow")
            .field("id", &self.id)
            .field("revoked_at", &self.revoked_at)
            .finish_non_exhaustive()
    }
}

/// What a platform reported about a shared hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HashReportRow {
    pub id: String,
    pub shared_hash_id: String,
    pub platform_id: String,
    pub outcome: Outcome,
    pub count: i64,
    /// When the platform says it happened.
    pub observed_at: Millis,
    pub received_at: Millis,
}

/// How far one source's hashes went.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SharingFacts {
    /// Its entries in `shared_hashes` (shared or withdrawn).
    pub entries: i64,
    /// Platforms that have pulled its latest entries: its hashes, or once withdrawn, the
    /// withdrawal records.
    pub platforms_reached: i64,
    /// The counts platforms reported, by outcome.
    pub matches: i64,
    pub removals: i64,
}

#[async_trait::async_trait]
pub trait SharingStore: Send + Sync {
    async fn takedown(&self, id: &str) -> Result<Option<TakedownRow>>;
    /// Requests waiting for an analyst (unreviewed, or back with more from the child), not
    /// withdrawn, oldest first.
    async fn review_queue(&self, limit: i64) -> Result<Vec<TakedownRow>>;
    /// Records a review if the request is still at `review.from` and not withdrawn
    /// (`Conflict` otherwise), shares `share` (an approval's hashes) under the next
    /// sequence numbers, and records `event`, in one transaction.
    async fn review_takedown(&self, review: &TakedownReview, share: &[NewSharedHash], event: &NewEvent) -> Result<()>;
    /// Withdraws a request (of `report_id`'s child, when given): blanks its hashes, gives
    /// each of its shared entries a withdrawal record under a new sequence number, and
    /// records `event`, in one transaction. Returns how many entries were withdrawn.
    /// `NotFound` when there is no such request (of that report); `Conflict` when it is
    /// already withdrawn.
    async fn withdraw_takedown(&self, id: &str, report_id: Option<&str>, event: &NewEvent) -> Result<u64>;
    /// Approved requests that are not withdrawn, newest first; `only_new`: not yet exported.
    async fn takedowns_to_export(&self, only_new: bool, limit: i64) -> Result<Vec<TakedownRow>>;

    /// `Conflict` when the name is taken.
    async fn insert_platform(&self, platform: &PlatformRow, event: &NewEvent) -> Result<()>;
    /// Every platform, revoked ones too, by name.
    async fn platforms(&self) -> Result<Vec<PlatformRow>>;
    /// The platform whose token has this digest, unless revoked.
    async fn platform_by_token(&self, digest: &[u8; 32]) -> Result<Option<PlatformRow>>;
    /// Revokes a platform's token; `NotFound` when there is no such platform or it is
    /// revoked already.
    async fn revoke_platform(&self, id: &str, event: &NewEvent) -> Result<()>;

    /// Shared hashes and withdrawal records after `since`, in sequence order.
    async fn shared_since(&self, since: i64, limit: i64) -> Result<Vec<SharedHashRow>>;
    async fn shared_hash(&self, id: &str) -> Result<Option<SharedHashRow>>;
    /// Notes that the platform has received everything up to `seq`, with `event` when a
    /// pull handed something out.
    async fn mark_delivered(&self, platform_id: &str, seq: i64, at: Millis, event: Option<&NewEvent>) -> Result<()>;
    async fn insert_hash_report(&self, report: &HashReportRow, event: &NewEvent) -> Result<()>;
    async fn sharing_facts(&self, kind: SourceKind, source_id: &str) -> Result<SharingFacts>;
}

macro_rules! impl_sharing {
    ($store:ty, $row:ty, $db:ty) => {
        impl $store {
            fn shared_row(r: &$row) -> Result<SharedHashRow> {
                let text = |c: &str| -> Result<String> { Ok(r.try_get(c)?) };
                Ok(SharedHashRow {
                    id: text("id")?,
                    seq: r.try_get("seq")?,
                    source_kind: SourceKind::parse(&text("source_kind")?).ok_or_else(|| corrupt("source_kind"))?,
                    source_id: text("source_id")?,
                    hash_type: HashType::parse(&text("hash_type")?).ok_or_else(|| corrupt("hash_type"))?,
                    value: text("value")?,
                    quality: r.try_get("quality")?,
                    media: text("media")?,
                    classification: text("classification")?,
                    state: EntryState::parse(&text("state")?).ok_or_else(|| corrupt("state"))?,
                    shared_at: r.try_get("shared_at")?,
                    withdrawn_at: r.try_get("withdrawn_at")?,
                })
            }

            fn platform_row(r: &$row) -> Result<PlatformRow> {
                let digest: Vec<u8> = r.try_get("token_digest")?;
                Ok(PlatformRow {
                    id: r.try_get("id")?,
                    name: r.try_get("name")?,
                    contact_sealed: r.try_get("contact_sealed")?,
                    token_digest: digest.try_into().map_err(|_| corrupt("platforms.token_digest"))?,
                    created_at: r.try_get("created_at")?,
                    created_by: r.try_get("created_by")?,
                    revoked_at: r.try_get("revoked_at")?,
                    delivered_seq: r.try_get("delivered_seq")?,
                    last_pull_at: r.try_get("last_pull_at")?,
                })
            }

            /// The next `n` sequence numbers (the first of them), inside `tx`; holds the
            /// head's lock until `tx` ends.
            async fn next_seqs(&self, tx: &mut sqlx::Transaction<'_, $db>, n: i64) -> Result<i64> {
                let last: i64 = sqlx::query("UPDATE shared_hash_head SET seq = seq + $1 WHERE id = 1 RETURNING seq")
                    .bind(n)
                    .fetch_one(&mut **tx)
                    .await?
                    .try_get("seq")?;
                Ok(last - n + 1)
            }

            /// Shares `hashes` of one source inside `tx`.
            pub(crate) async fn put_shared(
                &self,
                tx: &mut sqlx::Transaction<'_, $db>,
                kind: SourceKind,
                source_id: &str,
                hashes: &[NewSharedHash],
                at: Millis,
            ) -> Result<()> {
                if hashes.is_empty() {
                    return Ok(());
                }
                let first = self.next_seqs(tx, hashes.len() as i64).await?;
                for (i, h) in hashes.iter().enumerate() {
                    sqlx::query(
                        "INSERT INTO shared_hashes (id, seq, source_kind, source_id, hash_type, value, quality, media, \
                         classification, state, shared_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'shared', $10)",
                    )
                    .bind(&h.id)
                    .bind(first + i as i64)
                    .bind(kind.as_str())
                    .bind(source_id)
                    .bind(h.hash_type.as_str())
                    .bind(&h.value)
                    .bind(h.quality)
                    .bind(&h.media)
                    .bind(&h.classification)
                    .bind(at)
                    .execute(&mut **tx)
                    .await
                    .map_err(map_err)?;
                }
                Ok(())
            }

            /// Applies an assessment's or a review's [`ItemSharing`] inside `tx`.
            pub(crate) async fn item_sharing(
                &self,
                tx: &mut sqlx::Transaction<'_, $db>,
                item_id: &str,
                sharing: &ItemSharing,
                at: Millis,
            ) -> Result<()> {
                match sharing {
                    ItemSharing::Keep => {}
                    ItemSharing::Withdraw => {
                        self.withdraw_shared(tx, SourceKind::Item, item_id, at).await?;
                    }
                    ItemSharing::Share(hashes) => {
                        self.withdraw_shared(tx, SourceKind::Item, item_id, at).await?;
                        self.put_shared(tx, SourceKind::Item, item_id, hashes, at).await?;
                    }
                }
                Ok(())
            }

            /// Withdraws every shared entry of one source inside `tx`: each gets a new
            /// sequence number (its withdrawal record) and loses its value. Returns how many.
            pub(crate) async fn withdraw_shared(
                &self,
                tx: &mut sqlx::Transaction<'_, $db>,
                kind: SourceKind,
                source_id: &str,
                at: Millis,
            ) -> Result<u64> {
                let rows = sqlx::query(
                    "SELECT id FROM shared_hashes WHERE source_kind = $1 AND source_id = $2 AND state = 'shared' \
                     ORDER BY seq",
                )
                .bind(kind.as_str())
                .bind(source_id)
                .fetch_all(&mut **tx)
                .await?;
                if rows.is_empty() {
                    return Ok(0);
                }
                let first = self.next_seqs(tx, rows.len() as i64).await?;
                for (i, r) in rows.iter().enumerate() {
                    let id: String = r.try_get("id")?;
                    sqlx::query(
                        "UPDATE shared_hashes SET seq = $1, state = 'withdrawn', value = '', quality = NULL, \
                         withdrawn_at = $2 WHERE id = $3",
                    )
                    .bind(first + i as i64)
                    .bind(at)
                    .bind(&id)
                    .execute(&mut **tx)
                    .await?;
                }
                Ok(rows.len() as u64)
            }
        }

        #[async_trait::async_trait]
        impl SharingStore for $store {
            async fn takedown(&self, id: &str) -> Result<Option<TakedownRow>> {
                let row = sqlx::query("SELECT * FROM takedown_requests WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await?;
                row.as_ref().map(Self::takedown_row).transpose()
            }

            async fn review_queue(&self, limit: i64) -> Result<Vec<TakedownRow>> {
                let rows = sqlx::query(
                    "SELECT * FROM takedown_requests WHERE review IN ('unreviewed', 'needs_more') \
                     AND withdrawn_at IS NULL ORDER BY created_at, id LIMIT $1",
                )
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                rows.iter().map(Self::takedown_row).collect()
            }

            async fn review_takedown(
                &self,
                review: &TakedownReview,
                share: &[NewSharedHash],
                event: &NewEvent,
            ) -> Result<()> {
                let mut tx = self.pool.begin().await?;
                let done = sqlx::query(
                    "UPDATE takedown_requests SET review = $1, review_reason = $2, reviewed_at = $3, reviewed_by = $4 \
                     WHERE id = $5 AND review = $6 AND withdrawn_at IS NULL",
                )
                .bind(review.to.as_str())
                .bind(review.reason.map(RejectReason::as_str))
                .bind(review.at)
                .bind(&review.by)
                .bind(&review.id)
                .bind(review.from.as_str())
                .execute(&mut *tx)
                .await
                .map_err(map_err)?;
                if done.rows_affected() != 1 {
                    return Err(StoreError::Conflict { constraint: "takedown_review".into() });
                }
                self.put_shared(&mut tx, SourceKind::Takedown, &review.id, share, review.at).await?;
                self.append(&mut tx, event).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn withdraw_takedown(&self, id: &str, report_id: Option<&str>, event: &NewEvent) -> Result<u64> {
                let mut tx = self.pool.begin().await?;
                let row = sqlx::query("SELECT report_id, withdrawn_at FROM takedown_requests WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await?;
                let Some(row) = row else { return Err(StoreError::NotFound) };
                let owner: Option<String> = row.try_get("report_id")?;
                if report_id.is_some() && owner.as_deref() != report_id {
                    return Err(StoreError::NotFound);
                }
                // Compare-and-set: of two withdrawals at once, one does it.
                let done = sqlx::query(
                    "UPDATE takedown_requests SET withdrawn_at = $1, md5 = '', sha256 = '', pdq = NULL, \
                     quality = NULL, dihedral = NULL, frames = NULL WHERE id = $2 AND withdrawn_at IS NULL",
                )
                .bind(event.at)
                .bind(id)
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() != 1 {
                    return Err(StoreError::Conflict { constraint: "takedown_withdrawn".into() });
                }
                let n = self.withdraw_shared(&mut tx, SourceKind::Takedown, id, event.at).await?;
                self.append(&mut tx, event).await?;
                tx.commit().await?;
                Ok(n)
            }

            async fn takedowns_to_export(&self, only_new: bool, limit: i64) -> Result<Vec<TakedownRow>> {
                let sql = if only_new {
                    "SELECT * FROM takedown_requests WHERE review = 'approved' AND withdrawn_at IS NULL \
                     AND exported_at IS NULL ORDER BY created_at DESC, id LIMIT $1"
                } else {
                    "SELECT * FROM takedown_requests WHERE review = 'approved' AND withdrawn_at IS NULL \
                     ORDER BY created_at DESC, id LIMIT $1"
                };
                let rows = sqlx::query(sql).bind(limit).fetch_all(&self.pool).await?;
                rows.iter().map(Self::takedown_row).collect()
            }

            async fn insert_platform(&self, p: &PlatformRow, event: &NewEvent) -> Result<()> {
                let q = sqlx::query(
                    "INSERT INTO platforms (id, name, contact_sealed, token_digest, created_at, created_by) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(&p.id)
                .bind(&p.name)
                .bind(&p.contact_sealed)
                .bind(p.token_digest.as_slice())
                .bind(p.created_at)
                .bind(&p.created_by);
                self.exec_audited(q, event, None).await
            }

            async fn platforms(&self) -> Result<Vec<PlatformRow>> {
                let rows = sqlx::query("SELECT * FROM platforms ORDER BY name, id").fetch_all(&self.pool).await?;
                rows.iter().map(Self::platform_row).collect()
            }

            async fn platform_by_token(&self, digest: &[u8; 32]) -> Result<Option<PlatformRow>> {
                let row = sqlx::query("SELECT * FROM platforms WHERE token_digest = $1 AND revoked_at IS NULL")
                    .bind(digest.as_slice())
                    .fetch_optional(&self.pool)
                    .await?;
                row.as_ref().map(Self::platform_row).transpose()
            }

            async fn revoke_platform(&self, id: &str, event: &NewEvent) -> Result<()> {
                let q = sqlx::query("UPDATE platforms SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
                    .bind(event.at)
                    .bind(id);
                self.exec_audited(q, event, Some(StoreError::NotFound)).await
            }

            async fn shared_since(&self, since: i64, limit: i64) -> Result<Vec<SharedHashRow>> {
                let rows = sqlx::query("SELECT * FROM shared_hashes WHERE seq > $1 ORDER BY seq LIMIT $2")
                    .bind(since)
                    .bind(limit)
                    .fetch_all(&self.pool)
                    .await?;
                rows.iter().map(Self::shared_row).collect()
            }

            async fn shared_hash(&self, id: &str) -> Result<Option<SharedHashRow>> {
                let row = sqlx::query("SELECT * FROM shared_hashes WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await?;
                row.as_ref().map(Self::shared_row).transpose()
            }

            async fn mark_delivered(
                &self,
                platform_id: &str,
                seq: i64,
                at: Millis,
                event: Option<&NewEvent>,
            ) -> Result<()> {
                let mut tx = self.pool.begin().await?;
                sqlx::query(
                    "UPDATE platforms SET last_pull_at = $1, \
                     delivered_seq = CASE WHEN delivered_seq < $2 THEN $2 ELSE delivered_seq END WHERE id = $3",
                )
                .bind(at)
                .bind(seq)
                .bind(platform_id)
                .execute(&mut *tx)
                .await?;
                if let Some(e) = event {
                    self.append(&mut tx, e).await?;
                }
                tx.commit().await?;
                Ok(())
            }

            async fn insert_hash_report(&self, r: &HashReportRow, event: &NewEvent) -> Result<()> {
                let q = sqlx::query(
                    "INSERT INTO hash_reports (id, shared_hash_id, platform_id, outcome, count, observed_at, received_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(&r.id)
                .bind(&r.shared_hash_id)
                .bind(&r.platform_id)
                .bind(r.outcome.as_str())
                .bind(r.count)
                .bind(r.observed_at)
                .bind(r.received_at);
                self.exec_audited(q, event, None).await
            }

            async fn sharing_facts(&self, kind: SourceKind, source_id: &str) -> Result<SharingFacts> {
                let row = sqlx::query(
                    "SELECT \
                     (SELECT COUNT(*) FROM shared_hashes WHERE source_kind = $1 AND source_id = $2) AS entries, \
                     (SELECT COUNT(*) FROM platforms WHERE delivered_seq >= \
                        (SELECT MAX(seq) FROM shared_hashes WHERE source_kind = $1 AND source_id = $2)) AS reached, \
                     (SELECT CAST(COALESCE(SUM(r.count), 0) AS BIGINT) FROM hash_reports r \
                        JOIN shared_hashes h ON h.id = r.shared_hash_id \
                        WHERE h.source_kind = $1 AND h.source_id = $2 AND r.outcome = 'match') AS matches, \
                     (SELECT CAST(COALESCE(SUM(r.count), 0) AS BIGINT) FROM hash_reports r \
                        JOIN shared_hashes h ON h.id = r.shared_hash_id \
                        WHERE h.source_kind = $1 AND h.source_id = $2 AND r.outcome = 'removed') AS removals",
                )
                .bind(kind.as_str())
                .bind(source_id)
                .fetch_one(&self.pool)
                .await?;
                Ok(SharingFacts {
                    entries: row.try_get("entries")?,
                    platforms_reached: row.try_get("reached")?,
                    matches: row.try_get("matches")?,
                    removals: row.try_get("removals")?,
                })
            }
        }
    };
}

impl_sharing!(SqliteStore, sqlx::sqlite::SqliteRow, sqlx::Sqlite);
impl_sharing!(PgStore, sqlx::postgres::PgRow, sqlx::Postgres);
