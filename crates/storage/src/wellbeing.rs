//! What protects the staff who look at material: every opening counted per staff member
//! (who, when, what kind, the seconds it counts; no content, no case), and the limits the
//! administrator sets. How exposure counts is `zeri_domain::wellbeing`; storage only keeps
//! it. Same SQL for both backends, as in `sql.rs`.

use sqlx::Row;

use crate::model::NewEvent;
use crate::sql::{PgStore, SqliteStore};
use crate::{Millis, Result, StoreError};

/// An entry to store: an opening (`image`, `video`, `other`) or a confirmed `break`.
#[derive(Debug, Clone)]
pub struct NewExposure {
    pub id: String,
    pub staff_id: String,
    pub at: Millis,
    pub kind: &'static str,
    /// The most it may count while open (its cap); a break counts 0.
    pub counted_s: i64,
    /// `None` while open; a break is ended when it is made.
    pub ended_at: Option<Millis>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExposureRow {
    pub staff_id: String,
    pub at: Millis,
    pub kind: String,
    pub counted_s: i64,
    pub ended_at: Option<Millis>,
}

/// The limits the administrator sets, in minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExposureLimits {
    pub daily_limit_minutes: i64,
    pub break_after_minutes: i64,
    pub updated_at: Option<Millis>,
}

#[async_trait::async_trait]
pub trait WellbeingStore: Send + Sync {
    /// Entries from `from` (inclusive) to `to` (exclusive), oldest first (a break before an
    /// opening of the same moment): one staff member's, or everyone's with `None`.
    async fn exposure(&self, staff_id: Option<&str>, from: Millis, to: Millis) -> Result<Vec<ExposureRow>>;
    /// One opening, in one transaction: the staff member's openings still open are closed at
    /// `at` (each counting the seconds since it began, at most what it may count), `entries`
    /// are stored (a confirmed break, the opening), and `event` (the custody entry) is
    /// appended to the audit chain. All of it or nothing.
    async fn record_opening(&self, staff_id: &str, at: Millis, entries: &[NewExposure], event: &NewEvent)
        -> Result<()>;
    /// Closes the staff member's open openings at `at` (they left the page); returns how many.
    async fn close_exposure(&self, staff_id: &str, at: Millis) -> Result<u64>;
    async fn exposure_limits(&self) -> Result<ExposureLimits>;
    /// Sets the limits and appends `event`, in one transaction.
    async fn set_exposure_limits(&self, limits: &ExposureLimits, event: &NewEvent) -> Result<()>;
}

/// Closing at `$2`: the seconds since the opening began, never below 0 nor above what it may
/// count (`zeri_domain::wellbeing::closed_at`, in SQL so that it is one atomic update).
const CLOSE: &str = "UPDATE exposure SET ended_at = $2, counted_s = CASE \
     WHEN $2 - at < 0 THEN 0 WHEN ($2 - at) / 1000 < counted_s THEN ($2 - at) / 1000 ELSE counted_s END \
     WHERE staff_id = $1 AND ended_at IS NULL AND kind <> 'break'";

macro_rules! impl_wellbeing {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl WellbeingStore for $store {
            #[tracing::instrument(skip_all)]
            async fn exposure(&self, staff_id: Option<&str>, from: Millis, to: Millis) -> Result<Vec<ExposureRow>> {
                let rows = sqlx::query(
                    "SELECT staff_id, at, kind, counted_s, ended_at FROM exposure \
                     WHERE ($1 IS NULL OR staff_id = $1) AND at >= $2 AND at < $3 \
                     ORDER BY at, CASE WHEN kind = 'break' THEN 0 ELSE 1 END, id",
                )
                .bind(staff_id)
                .bind(from)
                .bind(to)
                .fetch_all(&self.pool)
                .await?;
                rows.iter()
                    .map(|r| {
                        Ok(ExposureRow {
                            staff_id: r.try_get("staff_id")?,
                            at: r.try_get("at")?,
                            kind: r.try_get("kind")?,
                            counted_s: r.try_get("counted_s")?,
                            ended_at: r.try_get("ended_at")?,
                        })
                    })
                    .collect()
            }

            #[tracing::instrument(skip_all)]
            async fn record_opening(
                &self,
                staff_id: &str,
                at: Millis,
                entries: &[NewExposure],
                event: &NewEvent,
            ) -> Result<()> {
                let mut tx = self.pool.begin().await?;
                sqlx::query(CLOSE).bind(staff_id).bind(at).execute(&mut *tx).await?;
                for e in entries {
                    if e.staff_id != staff_id {
                        return Err(StoreError::Corrupt("an exposure entry of another staff member".into()));
                    }
                    sqlx::query(
                        "INSERT INTO exposure (id, staff_id, at, kind, counted_s, ended_at) \
                         VALUES ($1, $2, $3, $4, $5, $6)",
                    )
                    .bind(&e.id)
                    .bind(&e.staff_id)
                    .bind(e.at)
                    .bind(e.kind)
                    .bind(e.counted_s)
                    .bind(e.ended_at)
                    .execute(&mut *tx)
                    .await
                    .map_err(crate::sql::map_err)?;
                }
                self.append(&mut tx, event).await?;
                tx.commit().await?;
                Ok(())
            }

            #[tracing::instrument(skip_all)]
            async fn close_exposure(&self, staff_id: &str, at: Millis) -> Result<u64> {
                let done = sqlx::query(CLOSE).bind(staff_id).bind(at).execute(&self.pool).await?;
                Ok(done.rows_affected())
            }

            async fn exposure_limits(&self) -> Result<ExposureLimits> {
                let r = sqlx::query(
                    "SELECT daily_limit_minutes, break_after_minutes, updated_at FROM exposure_limits WHERE id = 1",
                )
                .fetch_one(&self.pool)
                .await?;
                Ok(ExposureLimits {
                    daily_limit_minutes: r.try_get("daily_limit_minutes")?,
                    break_after_minutes: r.try_get("break_after_minutes")?,
                    updated_at: r.try_get("updated_at")?,
                })
            }

            #[tracing::instrument(skip_all)]
            async fn set_exposure_limits(&self, limits: &ExposureLimits, event: &NewEvent) -> Result<()> {
                self.exec_audited(
                    sqlx::query(
                        "UPDATE exposure_limits SET daily_limit_minutes = $1, break_after_minutes = $2, \
                         updated_at = $3 WHERE id = 1",
                    )
                    .bind(limits.daily_limit_minutes)
                    .bind(limits.break_after_minutes)
                    .bind(limits.updated_at),
                    event,
                    Some(StoreError::NotFound),
                )
                .await
            }
        }
    };
}

impl_wellbeing!(SqliteStore);
impl_wellbeing!(PgStore);
