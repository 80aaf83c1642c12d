//! The SQL behind [`Store`], once for both backends.
//!
//! SQLite and PostgreSQL get the same SQL text (both take `$1` placeholders, `RETURNING`
//! and `ON CONFLICT … DO UPDATE`), so the queries are written once, inside
//! `impl_store!`, and stamped onto each concrete pool type. Concrete types keep sqlx's
//! native encodings (BLOB/BYTEA, BOOLEAN, NULL) and avoid both the `Any` driver's type
//! gaps and a wall of generic `Database` bounds. What differs per backend (connection
//! options, migrations) lives in the two `connect` functions below.

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};
use sqlx::Row;
use zeri_domain::permission::Role;
use zeri_domain::report::{AgeBand, Category, ContactMethod, ReporterKind};
use zeri_domain::Stage;

use crate::model::*;
use crate::{Millis, Result, Store, StoreError};

pub struct SqliteStore {
    pool: SqlitePool,
}

pub struct PgStore {
    pool: PgPool,
}

impl SqliteStore {
    /// WAL with `synchronous=FULL`: a commit is on disk before it returns, so a receipt
    /// shown after a commit survives a crash or power loss. Group commit ([`crate::Intake`])
    /// pays the fsync once per batch.
    pub async fn connect(url: &str) -> Result<Self> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(10))
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new().max_connections(4).connect_with(options).await?;
        sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
        Ok(Self { pool })
    }
}

impl PgStore {
    pub async fn connect(url: &str) -> Result<Self> {
        let pool =
            PgPoolOptions::new().max_connections(16).acquire_timeout(Duration::from_secs(10)).connect(url).await?;
        sqlx::migrate!("./migrations/postgres").run(&pool).await?;
        Ok(Self { pool })
    }
}

fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(what.to_owned())
}

/// Maps a unique violation to `Conflict`, anything else to `Other`.
fn map_err(e: sqlx::Error) -> StoreError {
    if let sqlx::Error::Database(db) = &e {
        if db.is_unique_violation() {
            return StoreError::Conflict { constraint: db.constraint().unwrap_or("unique").to_owned() };
        }
    }
    StoreError::Other(e)
}

const REPORT_COLUMNS: &str =
    "id, case_ref, created_at, updated_at, stage, category, reporter, age_band, municipality, \
     contact_method, consent_cpo, consent_police, assigned_to, awaiting_reply, sealed";

macro_rules! impl_store {
    ($store:ty, $row:ty, $backend:literal) => {
        impl $store {
            fn report_row(r: &$row) -> Result<ReportRow> {
                Ok(ReportRow {
                    id: r.try_get("id")?,
                    case_ref: r.try_get("case_ref")?,
                    created_at: r.try_get("created_at")?,
                    updated_at: r.try_get("updated_at")?,
                    stage: Stage::parse(r.try_get("stage")?).ok_or_else(|| corrupt("stage"))?,
                    category: Category::parse(r.try_get("category")?).ok_or_else(|| corrupt("category"))?,
                    reporter: ReporterKind::parse(r.try_get("reporter")?).ok_or_else(|| corrupt("reporter"))?,
                    age_band: AgeBand::parse(r.try_get("age_band")?).ok_or_else(|| corrupt("age_band"))?,
                    municipality: r.try_get("municipality")?,
                    contact_method: ContactMethod::parse(r.try_get("contact_method")?)
                        .ok_or_else(|| corrupt("contact_method"))?,
                    consent_cpo: r.try_get("consent_cpo")?,
                    consent_police: r.try_get("consent_police")?,
                    assigned_to: r.try_get("assigned_to")?,
                    awaiting_reply: r.try_get("awaiting_reply")?,
                    sealed: r.try_get("sealed")?,
                })
            }

            fn staff_row(r: &$row) -> Result<StaffRow> {
                Ok(StaffRow {
                    id: r.try_get("id")?,
                    username: r.try_get("username")?,
                    role: Role::parse(r.try_get("role")?).ok_or_else(|| corrupt("role"))?,
                    password_hash: r.try_get("password_hash")?,
                    created_at: r.try_get("created_at")?,
                    disabled: r.try_get("disabled")?,
                })
            }
        }

        #[async_trait::async_trait]
        impl Store for $store {
            fn backend(&self) -> &'static str {
                $backend
            }

            #[tracing::instrument(skip_all)]
            async fn ping(&self) -> Result<()> {
                sqlx::query("SELECT 1").execute(&self.pool).await?;
                Ok(())
            }

            #[tracing::instrument(skip_all, fields(n = reports.len()))]
            async fn insert_reports(&self, reports: &[NewReportRow]) -> Result<()> {
                let mut tx = self.pool.begin().await?;
                for r in reports {
                    sqlx::query(
                        "INSERT INTO reports (id, case_ref, receipt_digest, created_at, updated_at, stage, category, \
                         reporter, age_band, municipality, contact_method, consent_cpo, consent_police, key_id, sealed) \
                         VALUES ($1, $2, $3, $4, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
                    )
                    .bind(&r.id)
                    .bind(&r.case_ref)
                    .bind(r.receipt_digest.as_slice())
                    .bind(r.created_at)
                    .bind(Stage::Received.as_str())
                    .bind(r.category.as_str())
                    .bind(r.reporter.as_str())
                    .bind(r.age_band.as_str())
                    .bind(&r.municipality)
                    .bind(r.contact_method.as_str())
                    .bind(r.consent_cpo)
                    .bind(r.consent_police)
                    .bind(&r.key_id)
                    .bind(&r.sealed)
                    .execute(&mut *tx)
                    .await
                    .map_err(map_err)?;
                    sqlx::query("INSERT INTO report_events (report_id, at, actor, action) VALUES ($1, $2, 'survivor', 'created')")
                        .bind(&r.id)
                        .bind(r.created_at)
                        .execute(&mut *tx)
                        .await?;
                }
                tx.commit().await?;
                Ok(())
            }

            #[tracing::instrument(skip_all)]
            async fn report_by_receipt(&self, receipt_digest: &[u8; 32]) -> Result<Option<ReportRow>> {
                let sql = format!("SELECT {REPORT_COLUMNS} FROM reports WHERE receipt_digest = $1");
                let row = sqlx::query(&sql).bind(receipt_digest.as_slice()).fetch_optional(&self.pool).await?;
                row.as_ref().map(Self::report_row).transpose()
            }

            #[tracing::instrument(skip_all)]
            async fn report(&self, id: &str) -> Result<Option<ReportRow>> {
                let sql = format!("SELECT {REPORT_COLUMNS} FROM reports WHERE id = $1");
                let row = sqlx::query(&sql).bind(id).fetch_optional(&self.pool).await?;
                row.as_ref().map(Self::report_row).transpose()
            }

            #[tracing::instrument(skip_all)]
            async fn list_reports(&self, stage: Option<Stage>, limit: i64) -> Result<Vec<ReportRow>> {
                let rows = match stage {
                    Some(stage) => {
                        let sql = format!(
                            "SELECT {REPORT_COLUMNS} FROM reports WHERE stage = $1 ORDER BY created_at DESC, id LIMIT $2"
                        );
                        sqlx::query(&sql).bind(stage.as_str()).bind(limit).fetch_all(&self.pool).await?
                    }
                    None => {
                        let sql = format!(
                            "SELECT {REPORT_COLUMNS} FROM reports WHERE stage <> $1 \
                             ORDER BY awaiting_reply DESC, updated_at DESC, id LIMIT $2"
                        );
                        sqlx::query(&sql).bind(Stage::Closed.as_str()).bind(limit).fetch_all(&self.pool).await?
                    }
                };
                rows.iter().map(Self::report_row).collect()
            }

            #[tracing::instrument(skip_all)]
            async fn change_stage(&self, id: &str, from: Stage, to: Stage, event: &NewEvent) -> Result<()> {
                let mut tx = self.pool.begin().await?;
                let done = sqlx::query("UPDATE reports SET stage = $1, updated_at = $2 WHERE id = $3 AND stage = $4")
                    .bind(to.as_str())
                    .bind(event.at)
                    .bind(id)
                    .bind(from.as_str())
                    .execute(&mut *tx)
                    .await?;
                if done.rows_affected() != 1 {
                    return Err(StoreError::Conflict { constraint: "reports.stage".into() });
                }
                Self::insert_event(&mut *tx, event).await?;
                tx.commit().await?;
                Ok(())
            }

            #[tracing::instrument(skip_all)]
            async fn assign(&self, id: &str, staff_id: &str, event: &NewEvent) -> Result<()> {
                let mut tx = self.pool.begin().await?;
                let done = sqlx::query("UPDATE reports SET assigned_to = $1 WHERE id = $2 AND assigned_to IS NULL")
                    .bind(staff_id)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                if done.rows_affected() != 1 {
                    return Err(StoreError::Conflict { constraint: "reports.assigned_to".into() });
                }
                Self::insert_event(&mut *tx, event).await?;
                tx.commit().await?;
                Ok(())
            }

            #[tracing::instrument(skip_all)]
            async fn insert_message(&self, m: &NewMessage) -> Result<()> {
                let mut tx = self.pool.begin().await?;
                sqlx::query(
                    "INSERT INTO messages (id, report_id, author, staff_id, created_at, key_id, sealed) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(&m.id)
                .bind(&m.report_id)
                .bind(m.author.as_str())
                .bind(&m.staff_id)
                .bind(m.created_at)
                .bind(&m.key_id)
                .bind(&m.sealed)
                .execute(&mut *tx)
                .await
                .map_err(map_err)?;
                let done = sqlx::query("UPDATE reports SET updated_at = $1, awaiting_reply = $2 WHERE id = $3")
                    .bind(m.created_at)
                    .bind(m.author == Author::Survivor)
                    .bind(&m.report_id)
                    .execute(&mut *tx)
                    .await?;
                if done.rows_affected() != 1 {
                    return Err(StoreError::NotFound);
                }
                tx.commit().await?;
                Ok(())
            }

            #[tracing::instrument(skip_all)]
            async fn messages(&self, report_id: &str) -> Result<Vec<MessageRow>> {
                let rows = sqlx::query(
                    "SELECT id, report_id, author, staff_id, created_at, sealed FROM messages WHERE report_id = $1 ORDER BY seq",
                )
                .bind(report_id)
                .fetch_all(&self.pool)
                .await?;
                rows.iter()
                    .map(|r| {
                        Ok(MessageRow {
                            id: r.try_get("id")?,
                            report_id: r.try_get("report_id")?,
                            author: Author::parse(r.try_get("author")?).ok_or_else(|| corrupt("author"))?,
                            staff_id: r.try_get("staff_id")?,
                            created_at: r.try_get("created_at")?,
                            sealed: r.try_get("sealed")?,
                        })
                    })
                    .collect()
            }

            #[tracing::instrument(skip_all)]
            async fn record_event(&self, event: &NewEvent) -> Result<()> {
                Self::insert_event(&self.pool, event).await
            }

            #[tracing::instrument(skip_all)]
            async fn events(&self, report_id: &str) -> Result<Vec<EventRow>> {
                let rows = sqlx::query(
                    "SELECT report_id, at, staff_id, role, action, detail FROM report_events WHERE report_id = $1 ORDER BY seq",
                )
                .bind(report_id)
                .fetch_all(&self.pool)
                .await?;
                rows.iter()
                    .map(|r| {
                        let role: Option<String> = r.try_get("role")?;
                        Ok(EventRow {
                            report_id: r.try_get("report_id")?,
                            at: r.try_get("at")?,
                            staff_id: r.try_get("staff_id")?,
                            role: role.map(|s| Role::parse(&s).ok_or_else(|| corrupt("role"))).transpose()?,
                            action: r.try_get("action")?,
                            detail: r.try_get("detail")?,
                        })
                    })
                    .collect()
            }

            #[tracing::instrument(skip_all)]
            async fn insert_staff(&self, s: &StaffRow) -> Result<()> {
                sqlx::query(
                    "INSERT INTO staff (id, username, role, password_hash, created_at, disabled) VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(&s.id)
                .bind(&s.username)
                .bind(s.role.as_str())
                .bind(&s.password_hash)
                .bind(s.created_at)
                .bind(s.disabled)
                .execute(&self.pool)
                .await
                .map_err(map_err)?;
                Ok(())
            }

            #[tracing::instrument(skip_all)]
            async fn staff_by_username(&self, username: &str) -> Result<Option<StaffRow>> {
                let row = sqlx::query("SELECT * FROM staff WHERE username = $1").bind(username).fetch_optional(&self.pool).await?;
                row.as_ref().map(Self::staff_row).transpose()
            }

            #[tracing::instrument(skip_all)]
            async fn staff_by_id(&self, id: &str) -> Result<Option<StaffRow>> {
                let row = sqlx::query("SELECT * FROM staff WHERE id = $1").bind(id).fetch_optional(&self.pool).await?;
                row.as_ref().map(Self::staff_row).transpose()
            }

            #[tracing::instrument(skip_all)]
            async fn insert_session(&self, s: &SessionRow) -> Result<()> {
                sqlx::query(
                    "INSERT INTO sessions (token_digest, kind, subject, created_at, last_seen_at, expires_at) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(s.token_digest.as_slice())
                .bind(s.kind.as_str())
                .bind(&s.subject)
                .bind(s.created_at)
                .bind(s.last_seen_at)
                .bind(s.expires_at)
                .execute(&self.pool)
                .await
                .map_err(map_err)?;
                Ok(())
            }

            #[tracing::instrument(skip_all)]
            async fn touch_session(
                &self,
                digest: &[u8; 32],
                kind: SessionKind,
                now: Millis,
                idle_ms: i64,
            ) -> Result<Option<SessionRow>> {
                let row = sqlx::query(
                    "UPDATE sessions SET last_seen_at = $1 \
                     WHERE token_digest = $2 AND kind = $3 AND expires_at > $1 AND last_seen_at > $4 \
                     RETURNING subject, created_at, last_seen_at, expires_at",
                )
                .bind(now)
                .bind(digest.as_slice())
                .bind(kind.as_str())
                .bind(now - idle_ms)
                .fetch_optional(&self.pool)
                .await?;
                row.map(|r| {
                    Ok(SessionRow {
                        token_digest: *digest,
                        kind,
                        subject: r.try_get("subject")?,
                        created_at: r.try_get("created_at")?,
                        last_seen_at: r.try_get("last_seen_at")?,
                        expires_at: r.try_get("expires_at")?,
                    })
                })
                .transpose()
            }

            #[tracing::instrument(skip_all)]
            async fn delete_session(&self, digest: &[u8; 32]) -> Result<()> {
                sqlx::query("DELETE FROM sessions WHERE token_digest = $1").bind(digest.as_slice()).execute(&self.pool).await?;
                Ok(())
            }

            #[tracing::instrument(skip_all)]
            async fn throttle_hit(&self, bucket: &[u8; 32], now: Millis, window_ms: i64) -> Result<i64> {
                let window_start = now - now.rem_euclid(window_ms);
                let row = sqlx::query(
                    "INSERT INTO throttle (bucket, window_start, hits) VALUES ($1, $2, 1) \
                     ON CONFLICT (bucket) DO UPDATE SET \
                       hits = CASE WHEN throttle.window_start = excluded.window_start THEN throttle.hits + 1 ELSE 1 END, \
                       window_start = excluded.window_start \
                     RETURNING hits",
                )
                .bind(bucket.as_slice())
                .bind(window_start)
                .fetch_one(&self.pool)
                .await?;
                Ok(row.try_get("hits")?)
            }

            #[tracing::instrument(skip_all)]
            async fn throttle_count(&self, bucket: &[u8; 32], now: Millis, window_ms: i64) -> Result<i64> {
                let window_start = now - now.rem_euclid(window_ms);
                let row = sqlx::query("SELECT hits FROM throttle WHERE bucket = $1 AND window_start = $2")
                    .bind(bucket.as_slice())
                    .bind(window_start)
                    .fetch_optional(&self.pool)
                    .await?;
                Ok(match row {
                    Some(r) => r.try_get("hits")?,
                    None => 0,
                })
            }

            #[tracing::instrument(skip_all)]
            async fn purge_expired(&self, now: Millis) -> Result<u64> {
                let s = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1").bind(now).execute(&self.pool).await?;
                // Throttle windows are at most a day long.
                let t = sqlx::query("DELETE FROM throttle WHERE window_start < $1")
                    .bind(now - 24 * 3600 * 1000)
                    .execute(&self.pool)
                    .await?;
                Ok(s.rows_affected() + t.rows_affected())
            }
        }
    };
}

impl_store!(SqliteStore, sqlx::sqlite::SqliteRow, "sqlite");
impl_store!(PgStore, sqlx::postgres::PgRow, "postgres");

impl SqliteStore {
    async fn insert_event<'e, E: sqlx::Executor<'e, Database = sqlx::Sqlite>>(ex: E, e: &NewEvent) -> Result<()> {
        insert_event_query(e).execute(ex).await?;
        Ok(())
    }
}

impl PgStore {
    async fn insert_event<'e, E: sqlx::Executor<'e, Database = sqlx::Postgres>>(ex: E, e: &NewEvent) -> Result<()> {
        insert_event_query(e).execute(ex).await?;
        Ok(())
    }
}

/// The event insert, generic over the backend: binding only `String`, `Option<String>`
/// and `i64`, which every sqlx backend encodes.
fn insert_event_query<DB: sqlx::Database>(
    e: &NewEvent,
) -> sqlx::query::Query<'static, DB, <DB as sqlx::Database>::Arguments<'static>>
where
    String: sqlx::Encode<'static, DB> + sqlx::Type<DB>,
    Option<String>: sqlx::Encode<'static, DB> + sqlx::Type<DB>,
    i64: sqlx::Encode<'static, DB> + sqlx::Type<DB>,
{
    let actor = if e.staff_id.is_some() { "staff" } else { "survivor" };
    sqlx::query(
        "INSERT INTO report_events (report_id, at, actor, staff_id, role, action, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(e.report_id.clone())
    .bind(e.at)
    .bind(actor.to_owned())
    .bind(e.staff_id.clone())
    .bind(e.role.map(|r| r.as_str().to_owned()))
    .bind(e.action.to_owned())
    .bind(e.detail.clone())
}
