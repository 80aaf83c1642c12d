//! Notice and take-down: where an item was located (the entry of the hosts table it
//! belongs to), and the timeline of its notices, reminders, answers, referrals and
//! re-checks (`notices`, migration 0021). Same SQL for both backends, as in `sql.rs`.
//!
//! A row's free text and the mail it sends arrive sealed (the web crate seals under the
//! master key, `context::notice`); this module never sees them. A mail waits in its row
//! (`mail_state = 'pending'`) until the mail loop has handed it to the SMTP server, so a
//! server that is away loses nothing. Every step is one transaction with its audit entries.

use sqlx::Row;

use crate::model::NewEvent;
use crate::sql::{map_err, PgStore, SqliteStore};
use crate::{Millis, Result, StoreError};

/// One entry of an item's take-down timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeRow {
    pub id: String,
    pub item_id: String,
    pub at: Millis,
    /// notice | reminder | answer | referral | recheck | gone | still_there
    pub kind: String,
    /// `None`: the notice job.
    pub staff_id: Option<String>,
    /// The entry of the hosts table it went to (or was found at).
    pub host_id: Option<String>,
    /// A code only: a re-check's country, `no-such-host`, `timeout`, `unknown`.
    pub outcome: Option<String>,
    /// Sealed under the master key (`context::notice`): the free text and the mail.
    pub sealed: Option<Vec<u8>>,
    /// `None`: no mail; `pending`; `sent`.
    pub mail_state: Option<String>,
    pub mailed_at: Option<Millis>,
}

/// Where an item was located, to record with a step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemLocation {
    pub country: Option<String>,
    pub checked_at: Millis,
    pub host_id: Option<String>,
}

/// What the take-down work knows of an item beside its row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemTakedown {
    pub host_id: Option<String>,
    /// When the notice job acts on it next.
    pub due_at: Option<Millis>,
}

/// One step of an item's take-down, written in one transaction.
#[derive(Debug, Clone, Default)]
pub struct NoticeStep {
    pub item_id: String,
    /// Compare-and-set: the step is written only if the item's `notice_due_at` is still
    /// this (`Some(None)`: nothing scheduled); `None`: not checked.
    pub expect_due: Option<Option<Millis>>,
    /// The new `notice_due_at`; `None`: unchanged.
    pub set_due: Option<Option<Millis>>,
    /// Seen gone at this time (kept if the item was already seen gone).
    pub removed_at: Option<Millis>,
    pub location: Option<ItemLocation>,
    pub rows: Vec<NoticeRow>,
    pub events: Vec<NewEvent>,
}

/// `Conflict` with this constraint: the item's schedule changed since it was read.
pub const NOTICE_CHANGED: &str = "content_items.notice_due_at";

#[async_trait::async_trait]
pub trait NoticeStore: Send + Sync {
    /// Writes a step: the item's schedule (compare-and-set), removal and location, its
    /// timeline rows and audit entries, all or nothing. `NotFound` for an unknown item,
    /// `Conflict` ([`NOTICE_CHANGED`]) when `expect_due` no longer holds.
    async fn notice_step(&self, step: &NoticeStep) -> Result<()>;
    async fn item_takedown(&self, item_id: &str) -> Result<Option<ItemTakedown>>;
    /// An item's timeline, oldest first.
    async fn notices(&self, item_id: &str) -> Result<Vec<NoticeRow>>;
    /// Items whose next step is due at `now`, (id, due), earliest first.
    async fn notices_due(&self, now: Millis, limit: i64) -> Result<Vec<(String, Millis)>>;
    /// Mails waiting for the SMTP server, oldest first.
    async fn pending_notice_mails(&self, limit: i64) -> Result<Vec<NoticeRow>>;
    /// The mail of `id` was handed to the SMTP server.
    async fn mark_notice_mailed(&self, id: &str, at: Millis) -> Result<()>;
    /// Claims the pending mail of `id` for one sender until `until`: `false` when another
    /// sender holds it (or it went), so a host never gets one notice twice.
    async fn claim_notice_mail(&self, id: &str, now: Millis, until: Millis) -> Result<bool>;
    /// Gives a claimed mail back after a failed send, for the next round.
    async fn release_notice_mail(&self, id: &str) -> Result<()>;
}

macro_rules! impl_notices {
    ($store:ty, $row:ty) => {
        impl $store {
            fn notice_row(r: &$row) -> Result<NoticeRow> {
                Ok(NoticeRow {
                    id: r.try_get("id")?,
                    item_id: r.try_get("item_id")?,
                    at: r.try_get("at")?,
                    kind: r.try_get("kind")?,
                    staff_id: r.try_get("staff_id")?,
                    host_id: r.try_get("host_id")?,
                    outcome: r.try_get("outcome")?,
                    sealed: r.try_get("sealed")?,
                    mail_state: r.try_get("mail_state")?,
                    mailed_at: r.try_get("mailed_at")?,
                })
            }
        }

        #[async_trait::async_trait]
        impl NoticeStore for $store {
            #[tracing::instrument(skip_all)]
            async fn notice_step(&self, s: &NoticeStep) -> Result<()> {
                let mut tx = self.pool.begin().await?;
                let known = sqlx::query("SELECT id FROM content_items WHERE id = $1")
                    .bind(&s.item_id)
                    .fetch_optional(&mut *tx)
                    .await?;
                if known.is_none() {
                    return Err(StoreError::NotFound);
                }
                if s.expect_due.is_some() || s.set_due.is_some() {
                    let check = match s.expect_due {
                        None => "",
                        Some(None) => " AND notice_due_at IS NULL",
                        Some(Some(_)) => " AND notice_due_at = $4",
                    };
                    let sql = format!(
                        "UPDATE content_items SET notice_due_at = CASE WHEN $1 THEN $2 ELSE notice_due_at END \
                         WHERE id = $3{check}"
                    );
                    let mut q = sqlx::query(&sql).bind(s.set_due.is_some()).bind(s.set_due.flatten()).bind(&s.item_id);
                    if let Some(Some(due)) = s.expect_due {
                        q = q.bind(due);
                    }
                    if q.execute(&mut *tx).await?.rows_affected() != 1 {
                        return Err(StoreError::Conflict { constraint: NOTICE_CHANGED.into() });
                    }
                }
                if let Some(at) = s.removed_at {
                    sqlx::query("UPDATE content_items SET removed_at = $1 WHERE id = $2 AND removed_at IS NULL")
                        .bind(at)
                        .bind(&s.item_id)
                        .execute(&mut *tx)
                        .await?;
                }
                if let Some(l) = &s.location {
                    sqlx::query(
                        "UPDATE content_items SET hosting_country = $1, hosting_checked_at = $2, hosting_host_id = $3 \
                         WHERE id = $4",
                    )
                    .bind(&l.country)
                    .bind(l.checked_at)
                    .bind(&l.host_id)
                    .bind(&s.item_id)
                    .execute(&mut *tx)
                    .await?;
                }
                for n in &s.rows {
                    sqlx::query(
                        "INSERT INTO notices (id, item_id, at, kind, staff_id, host_id, outcome, sealed, mail_state, \
                         mailed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                    )
                    .bind(&n.id)
                    .bind(&n.item_id)
                    .bind(n.at)
                    .bind(&n.kind)
                    .bind(&n.staff_id)
                    .bind(&n.host_id)
                    .bind(&n.outcome)
                    .bind(&n.sealed)
                    .bind(&n.mail_state)
                    .bind(n.mailed_at)
                    .execute(&mut *tx)
                    .await
                    .map_err(map_err)?;
                }
                self.append_all(&mut tx, &s.events).await?;
                tx.commit().await?;
                Ok(())
            }

            #[tracing::instrument(skip_all)]
            async fn item_takedown(&self, item_id: &str) -> Result<Option<ItemTakedown>> {
                let row = sqlx::query("SELECT hosting_host_id, notice_due_at FROM content_items WHERE id = $1")
                    .bind(item_id)
                    .fetch_optional(&self.pool)
                    .await?;
                row.map(|r| Ok(ItemTakedown { host_id: r.try_get("hosting_host_id")?, due_at: r.try_get("notice_due_at")? }))
                    .transpose()
            }

            #[tracing::instrument(skip_all)]
            async fn notices(&self, item_id: &str) -> Result<Vec<NoticeRow>> {
                let rows = sqlx::query("SELECT * FROM notices WHERE item_id = $1 ORDER BY at, id")
                    .bind(item_id)
                    .fetch_all(&self.pool)
                    .await?;
                rows.iter().map(Self::notice_row).collect()
            }

            #[tracing::instrument(skip_all)]
            async fn notices_due(&self, now: Millis, limit: i64) -> Result<Vec<(String, Millis)>> {
                let rows = sqlx::query(
                    "SELECT id, notice_due_at FROM content_items WHERE notice_due_at IS NOT NULL AND notice_due_at <= $1 \
                     ORDER BY notice_due_at, id LIMIT $2",
                )
                .bind(now)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                rows.iter().map(|r| Ok((r.try_get("id")?, r.try_get("notice_due_at")?))).collect()
            }

            #[tracing::instrument(skip_all)]
            async fn pending_notice_mails(&self, limit: i64) -> Result<Vec<NoticeRow>> {
                let rows = sqlx::query("SELECT * FROM notices WHERE mail_state = 'pending' ORDER BY at, id LIMIT $1")
                    .bind(limit)
                    .fetch_all(&self.pool)
                    .await?;
                rows.iter().map(Self::notice_row).collect()
            }

            #[tracing::instrument(skip_all)]
            async fn mark_notice_mailed(&self, id: &str, at: Millis) -> Result<()> {
                sqlx::query(
                    "UPDATE notices SET mail_state = 'sent', mailed_at = $1, tries = tries + 1 \
                     WHERE id = $2 AND mail_state = 'pending'",
                )
                .bind(at)
                .bind(id)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            #[tracing::instrument(skip_all)]
            async fn claim_notice_mail(&self, id: &str, now: Millis, until: Millis) -> Result<bool> {
                let done = sqlx::query(
                    "UPDATE notices SET claimed_until = $1 WHERE id = $2 AND mail_state = 'pending' \
                     AND (claimed_until IS NULL OR claimed_until < $3)",
                )
                .bind(until)
                .bind(id)
                .bind(now)
                .execute(&self.pool)
                .await?;
                Ok(done.rows_affected() == 1)
            }

            #[tracing::instrument(skip_all)]
            async fn release_notice_mail(&self, id: &str) -> Result<()> {
                sqlx::query("UPDATE notices SET claimed_until = NULL WHERE id = $1 AND mail_state = 'pending'")
                    .bind(id)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }
        }
    };
}

impl_notices!(SqliteStore, sqlx::sqlite::SqliteRow);
impl_notices!(PgStore, sqlx::postgres::PgRow);
