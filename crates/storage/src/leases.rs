//! Background jobs that run once across instances: a lease per job in `job_leases`, taken
//! and renewed by one compare-and-set statement that is atomic on both backends; e-mails
//! claimed one by one by the sender that sends them; and the master key each instance wraps
//! with, which a rotation made while instances serve waits on. Same SQL for both backends,
//! as in `sql.rs`.

use sqlx::Row;

use crate::sql::{PgStore, SqliteStore};
use crate::{Millis, Result};

/// The names of the leases (one row each in `job_leases`).
pub mod job {
    /// Notification e-mails.
    pub const MAIL: &str = "mail";
    /// Notifications of tasks due today or overdue.
    pub const DEADLINES: &str = "deadlines";
    /// Retention erasure.
    pub const RETENTION: &str = "retention";
    /// Expired sessions and throttle windows.
    pub const PURGE: &str = "purge";
    /// Reminders and re-checks of notices to hosts (the hotline's take-down work).
    pub const NOTICES: &str = "notices";
    /// `zeri keys rotate`: one rotation at a time, whichever machine it runs on.
    pub const KEYS_ROTATE: &str = "keys-rotate";
}

/// Takes the lease when it is free, expired or already ours; `RETURNING` answers a row only
/// when the insert or the guarded update happened.
const TAKE: &str = "INSERT INTO job_leases (name, holder, expires_at) VALUES ($1, $2, $3) \
     ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at \
     WHERE job_leases.expires_at < $4 OR job_leases.holder = excluded.holder \
     RETURNING holder";

#[async_trait::async_trait]
pub trait LeaseStore: Send + Sync {
    /// Takes or renews the lease `name` for `holder` until `now + ttl_ms`: `true` when
    /// `holder` holds it now. Nobody else can hold it until it expires or is dropped.
    async fn take_lease(&self, name: &str, holder: &str, now: Millis, ttl_ms: i64) -> Result<bool>;
    /// Gives the lease up if `holder` holds it.
    async fn drop_lease(&self, name: &str, holder: &str) -> Result<()>;
    /// Who holds the lease at `now`, if anyone.
    async fn lease_holder(&self, name: &str, now: Millis) -> Result<Option<String>>;
    /// Claims the e-mails of the notifications `ids` for `holder` until `until`: those not
    /// yet e-mailed and not claimed by a sender whose claim still runs. Returns the ids
    /// claimed; only their e-mail may be sent, by `holder`.
    async fn claim_mail(&self, ids: &[String], holder: &str, now: Millis, until: Millis) -> Result<Vec<String>>;
    /// Gives back `holder`'s claims on these e-mails (sending failed: tried again soon).
    async fn release_mail(&self, ids: &[String], holder: &str) -> Result<()>;
    /// Records that `instance` wraps new records with the master key `key_id` (an id only).
    async fn report_key(&self, instance: &str, key_id: &str, now: Millis) -> Result<()>;
    /// The instances seen since `since` and the key id each wraps with.
    async fn instance_keys(&self, since: Millis) -> Result<Vec<(String, String)>>;
}

macro_rules! impl_leases {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl LeaseStore for $store {
            #[tracing::instrument(skip_all)]
            async fn take_lease(&self, name: &str, holder: &str, now: Millis, ttl_ms: i64) -> Result<bool> {
                let row = sqlx::query(TAKE)
                    .bind(name)
                    .bind(holder)
                    .bind(now + ttl_ms)
                    .bind(now)
                    .fetch_optional(&self.pool)
                    .await?;
                Ok(row.is_some())
            }

            #[tracing::instrument(skip_all)]
            async fn drop_lease(&self, name: &str, holder: &str) -> Result<()> {
                sqlx::query("DELETE FROM job_leases WHERE name = $1 AND holder = $2")
                    .bind(name)
                    .bind(holder)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn lease_holder(&self, name: &str, now: Millis) -> Result<Option<String>> {
                let row = sqlx::query("SELECT holder FROM job_leases WHERE name = $1 AND expires_at >= $2")
                    .bind(name)
                    .bind(now)
                    .fetch_optional(&self.pool)
                    .await?;
                Ok(row.map(|r| r.try_get("holder")).transpose()?)
            }

            #[tracing::instrument(skip_all)]
            async fn claim_mail(
                &self,
                ids: &[String],
                holder: &str,
                now: Millis,
                until: Millis,
            ) -> Result<Vec<String>> {
                let mut claimed = Vec::new();
                for id in ids {
                    let row = sqlx::query(
                        "UPDATE notifications SET claimed_by = $1, claimed_until = $2 \
                         WHERE id = $3 AND emailed_at IS NULL AND (claimed_until IS NULL OR claimed_until < $4) \
                         RETURNING id",
                    )
                    .bind(holder)
                    .bind(until)
                    .bind(id)
                    .bind(now)
                    .fetch_optional(&self.pool)
                    .await?;
                    if let Some(r) = row {
                        claimed.push(r.try_get("id")?);
                    }
                }
                Ok(claimed)
            }

            async fn release_mail(&self, ids: &[String], holder: &str) -> Result<()> {
                for id in ids {
                    sqlx::query(
                        "UPDATE notifications SET claimed_by = NULL, claimed_until = NULL \
                         WHERE id = $1 AND claimed_by = $2 AND emailed_at IS NULL",
                    )
                    .bind(id)
                    .bind(holder)
                    .execute(&self.pool)
                    .await?;
                }
                Ok(())
            }

            async fn report_key(&self, instance: &str, key_id: &str, now: Millis) -> Result<()> {
                sqlx::query(
                    "INSERT INTO instance_keys (instance_id, primary_key_id, seen_at) VALUES ($1, $2, $3) \
                     ON CONFLICT (instance_id) DO UPDATE SET primary_key_id = excluded.primary_key_id, \
                     seen_at = excluded.seen_at",
                )
                .bind(instance)
                .bind(key_id)
                .bind(now)
                .execute(&self.pool)
                .await?;
                // Instances gone for a day are forgotten.
                sqlx::query("DELETE FROM instance_keys WHERE seen_at < $1")
                    .bind(now - 86_400_000)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn instance_keys(&self, since: Millis) -> Result<Vec<(String, String)>> {
                let rows = sqlx::query(
                    "SELECT instance_id, primary_key_id FROM instance_keys WHERE seen_at >= $1 ORDER BY instance_id",
                )
                .bind(since)
                .fetch_all(&self.pool)
                .await?;
                rows.iter().map(|r| Ok((r.try_get("instance_id")?, r.try_get("primary_key_id")?))).collect()
            }
        }
    };
}

impl_leases!(SqliteStore);
impl_leases!(PgStore);
