//! The SQL behind [`Store`], once for both backends.
//!
//! SQLite and PostgreSQL get the same SQL text (both take `$1` placeholders, `RETURNING`
//! and `ON CONFLICT … DO UPDATE`), so the queries are written once, inside
//! `impl_store!`, and stamped onto each concrete pool type. Concrete types keep sqlx's
//! native encodings (BLOB/BYTEA, BOOLEAN, NULL) and avoid both the `Any` driver's type
//! gaps and a wall of generic `Database` bounds. What differs per backend (connection
//! options, migrations) lives in the two `connect` functions below.
//!
//! What every area's SQL shares is here too: the two store types, error mapping, and in
//! `audited.rs` the write path (a write with its audit entry, the chain's append) and in
//! `rows.rs` the decoding of the common rows, each stamped onto both pool types the same way.

mod audited;
mod rows;

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::Connection as _;
use sqlx::Row;
use zeri_crypto::Keyring;
use zeri_domain::casework::Urgency;
use zeri_domain::permission::Profession;
use zeri_domain::report::Category;
use zeri_domain::Stage;

use crate::model::*;
use crate::{Millis, Result, Store, StoreError};

pub struct SqliteStore {
    pub(crate) pool: SqlitePool,
    /// The one connection the intake's group commits run on (see `connect`).
    pub(crate) writer: Arc<tokio::sync::Mutex<SqliteConnection>>,
    /// How to open it again after a failed batch.
    pub(crate) writer_options: SqliteConnectOptions,
    pub(crate) keys: Arc<Keyring>,
    pub(crate) bus: crate::bus::Bus,
}

pub struct PgStore {
    pub(crate) pool: PgPool,
    pub(crate) keys: Arc<Keyring>,
    pub(crate) bus: crate::bus::Bus,
}

impl SqliteStore {
    /// WAL with `synchronous=FULL`: a commit is on disk before it returns, so a receipt
    /// shown after a commit survives a crash or power loss. Group commit ([`crate::Intake`])
    /// pays the fsync once per batch.
    pub async fn connect(url: &str, keys: Arc<Keyring>) -> Result<Self> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(10))
            .foreign_keys(true)
            // Deleted rows are overwritten with zeros, so a destroyed case key leaves no
            // copy in the file's free pages.
            .pragma("secure_delete", "ON")
            // A multi-row insert's statement journal (kept to undo one statement on a
            // conflict) stays in memory instead of a temporary file written on every batch.
            .pragma("temp_store", "MEMORY")
            // A checkpoint every 4,000 pages of WAL (16 MiB) instead of 1,000: the pages a
            // run of batches rewrites (the indexes' last leaves) are copied into the
            // database once per checkpoint, and its fsync of the database file comes a
            // quarter as often. Set on every connection: whichever commits past it
            // checkpoints. (An erasure checkpoints at once, see `keys`.)
            .pragma("wal_autocheckpoint", "4000");
        let pool = SqlitePoolOptions::new().max_connections(4).connect_with(options.clone()).await?;
        sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
        // The intake's batches run on a connection of their own with a larger page cache.
        // In WAL mode a connection drops its whole cache when another connection has
        // committed since its last transaction, so batches handed round the pool's four
        // connections each read their index pages again from the file (the profile of
        // issue 18: a tenth of the server's time in `pread` and page loads). It is held
        // outside any pool: taking it from a pool of one cost half a millisecond a batch
        // (the previous batch's connection is given back by a task of its own, and is
        // pinged before it is lent again).
        let writer_options = options
            .statement_cache_capacity(WRITER_STATEMENT_CACHE)
            // 32 MiB of pages (the writer only; the others keep SQLite's 2 MiB).
            .pragma("cache_size", "-32768");
        let writer = SqliteConnection::connect_with(&writer_options).await?;
        Ok(Self {
            pool,
            writer: Arc::new(tokio::sync::Mutex::new(writer)),
            writer_options,
            keys,
            bus: crate::bus::Bus::local(),
        })
    }

    /// The pages a case's erasure replaced (its wrapped key among them) still stand in
    /// the write-ahead log until a checkpoint and a reset of the log overwrite them;
    /// `secure_delete` reaches the database file only. A `TRUNCATE` checkpoint copies the
    /// log into the file and empties it at once, waiting for readers up to the busy
    /// timeout; if they outlast it the next checkpoint does the same, so it is best effort.
    pub(crate) async fn after_erasure(&self) {
        if sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&self.pool).await.is_err() {
            tracing::warn!("the write-ahead log could not be emptied after an erasure");
        }
    }

    /// The connection `insert_reports` runs on.
    pub(crate) async fn intake_conn(&self) -> Result<tokio::sync::OwnedMutexGuard<SqliteConnection>> {
        Ok(self.writer.clone().lock_owned().await)
    }

    /// `BEGIN IMMEDIATE`: the write lock from the start, and a loud error, not a savepoint
    /// inside a transaction left open, should the connection be in one (sqlx refuses a
    /// custom begin when it counts one open, SQLite when one is).
    pub(crate) async fn begin_intake<'c>(
        &self,
        conn: &'c mut SqliteConnection,
    ) -> Result<sqlx::Transaction<'c, sqlx::Sqlite>> {
        Ok(conn.begin_with("BEGIN IMMEDIATE").await?)
    }

    /// After a failed batch the writer is opened afresh, unless the batch only clashed on a
    /// unique value (then the transaction was rolled back and the connection is sound).
    /// An I/O error or a full disk can roll a transaction back inside SQLite without sqlx
    /// knowing, and a crashed connection thread never comes back: a connection kept for
    /// the whole life of the server must not carry either into the next batch.
    pub(crate) async fn intake_failed(&self, conn: &mut SqliteConnection, e: &StoreError) {
        if matches!(e, StoreError::Conflict { .. }) {
            return;
        }
        match SqliteConnection::connect_with(&self.writer_options).await {
            Ok(fresh) => {
                let old = std::mem::replace(conn, fresh);
                let _ = old.close().await;
            }
            // The next batch tries again with the old one and, failing, comes back here.
            Err(_) => tracing::warn!("the intake's database connection could not be opened again"),
        }
    }
}

/// Prepared statements kept on the intake's SQLite connection (sqlx keeps 100): a batch is
/// one compound text per shape (so many reports, keys and entries), and batches without
/// evidence, the usual, have up to [`crate::batch::MAX_ROWS`] shapes.
const WRITER_STATEMENT_CACHE: usize = 128;

/// Prepared statements kept per PostgreSQL connection (sqlx keeps 100): the intake's
/// multi-row inserts take up to [`crate::batch::MAX_ROWS`] texts for each of three tables.
const PG_STATEMENT_CACHE: usize = 300;

impl PgStore {
    pub async fn connect(url: &str, keys: Arc<Keyring>) -> Result<Self> {
        let options = PgConnectOptions::from_str(url)?.statement_cache_capacity(PG_STATEMENT_CACHE);
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations/postgres").run(&pool).await?;
        let bus = crate::bus::Bus::postgres(pool.clone());
        Ok(Self { pool, keys, bus })
    }

    /// Where `insert_reports` runs: any connection of the pool.
    pub(crate) async fn intake_conn(&self) -> Result<sqlx::pool::PoolConnection<sqlx::Postgres>> {
        Ok(self.pool.acquire().await?)
    }

    pub(crate) async fn begin_intake<'c>(
        &self,
        conn: &'c mut sqlx::PgConnection,
    ) -> Result<sqlx::Transaction<'c, sqlx::Postgres>> {
        Ok(conn.begin().await?)
    }

    /// PostgreSQL's WAL is the server's, recycled by its own checkpoints.
    pub(crate) async fn after_erasure(&self) {}

    /// A pooled connection that failed is the pool's to test (it pings before lending).
    pub(crate) async fn intake_failed(&self, _conn: &mut sqlx::PgConnection, _e: &StoreError) {}
}

/// Whether any audit entry is linked: the first schema's entries carry no hash until they
/// are chained, so one linked entry means the chain exists.
const ANY_LINKED_AUDIT_ENTRY: &str = "SELECT 1 FROM audit WHERE length(hash) > 0 LIMIT 1";

pub(crate) fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(what.to_owned())
}

/// Maps a unique violation to `Conflict`, anything else to `Other`. The constraint is
/// PostgreSQL's name for it, or on SQLite, whose errors carry no name, the columns its
/// message gives ("UNIQUE constraint failed: submissions.token_digest" gives
/// `submissions.token_digest`), so a caller can tell a clash on a form's token from one on
/// a receipt on both backends.
pub(crate) fn map_err(e: sqlx::Error) -> StoreError {
    if let sqlx::Error::Database(db) = &e {
        if db.is_unique_violation() {
            let constraint = match db.constraint() {
                Some(name) => name,
                None => db.message().rsplit_once(": ").map_or("unique", |(_, columns)| columns),
            };
            return StoreError::Conflict { constraint: constraint.to_owned() };
        }
    }
    StoreError::Other(e)
}

pub(crate) const REPORT_COLUMNS: &str =
    "id, case_ref, created_at, updated_at, stage, category, reporter, age_band, municipality, \
     contact_method, consent_cpo, consent_police, assigned_to, awaiting_reply, sealed, org_id, urgency, erased_at";

/// Orders open cases: a child in danger first, then those waiting for an answer, newest first.
const URGENT_FIRST: &str = "CASE urgency WHEN 'immediate_danger' THEN 0 WHEN 'high' THEN 1 ELSE 2 END, \
     awaiting_reply DESC, updated_at DESC, id";

const AUDIT_COLUMNS: &str = "seq, at, actor, staff_id, role, org_id, report_id, action, detail, sealed";

macro_rules! impl_store {
    ($store:ty, $backend:literal) => {
        #[async_trait::async_trait]
        impl Store for $store {
            fn backend(&self) -> &'static str {
                $backend
            }

            fn bus(&self) -> &crate::bus::Bus {
                &self.bus
            }

            #[tracing::instrument(skip_all)]
            async fn ping(&self) -> Result<()> {
                sqlx::query("SELECT 1").execute(&self.pool).await?;
                Ok(())
            }

            #[tracing::instrument(skip_all, fields(n = reports.len()))]
            async fn insert_reports(&self, reports: &[NewReportRow]) -> Result<()> {
                let mut created = Vec::with_capacity(reports.len());
                for r in reports {
                    created.push(NewEvent {
                        report_id: Some(r.id.clone()),
                        at: r.created_at,
                        action: "created",
                        ..NewEvent::default()
                    });
                    created.extend(r.evidence.iter().map(|e| NewEvent {
                        report_id: Some(r.id.clone()),
                        at: r.created_at,
                        action: "evidence_received",
                        detail: Some(crate::custody_detail(&e.id, &e.sha256)),
                        ..NewEvent::default()
                    }));
                }
                let mut conn = self.intake_conn().await?;
                let stored = async {
                    let mut tx = self.begin_intake(&mut conn).await?;
                    // The reports, their keys, submissions, evidence and audit entries, many
                    // rows a statement (see `batch`), in one transaction.
                    self.put_batch(&mut tx, reports, &created).await?;
                    tx.commit().await?;
                    Ok(())
                }
                .await;
                if let Err(e) = &stored {
                    self.intake_failed(&mut conn, e).await;
                }
                stored
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
                self.exec_audited(
                    sqlx::query("UPDATE reports SET stage = $1, updated_at = $2, stage_at = $2 WHERE id = $3 AND stage = $4 AND erased_at IS NULL")
                        .bind(to.as_str())
                        .bind(event.at)
                        .bind(id)
                        .bind(from.as_str()),
                    event,
                    Some(StoreError::Conflict { constraint: "reports.stage".into() }),
                )
                .await
            }

            #[tracing::instrument(skip_all)]
            async fn assign(&self, id: &str, staff_id: &str, event: &NewEvent) -> Result<()> {
                self.exec_audited(
                    sqlx::query("UPDATE reports SET assigned_to = $1 WHERE id = $2 AND assigned_to IS NULL")
                        .bind(staff_id)
                        .bind(id),
                    event,
                    Some(StoreError::Conflict { constraint: "reports.assigned_to".into() }),
                )
                .await
            }

            #[tracing::instrument(skip_all)]
            async fn insert_message(&self, m: &NewMessage) -> Result<()> {
                let mut tx = self.pool.begin().await?;
                self.put_message(&mut tx, m).await?;
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
                rows.iter().map(Self::message_row).collect()
            }

            #[tracing::instrument(skip_all)]
            async fn set_triage(&self, id: &str, urgency: Urgency, category: Category, event: &NewEvent) -> Result<()> {
                self.exec_audited(
                    sqlx::query("UPDATE reports SET urgency = $1, category = $2, updated_at = $3 WHERE id = $4")
                        .bind(urgency.as_str())
                        .bind(category.as_str())
                        .bind(event.at)
                        .bind(id),
                    event,
                    Some(StoreError::NotFound),
                )
                .await
            }

            #[tracing::instrument(skip_all)]
            async fn cases_for(&self, staff_id: &str, org_id: Option<&str>, limit: i64) -> Result<Vec<ReportRow>> {
                let sql = format!(
                    "SELECT {REPORT_COLUMNS} FROM reports r WHERE r.stage <> 'closed' AND ( \
                       r.assigned_to = $1 OR r.org_id = $2 \
                       OR EXISTS (SELECT 1 FROM team_members t WHERE t.report_id = r.id AND t.staff_id = $1) \
                       OR EXISTS (SELECT 1 FROM referrals f WHERE f.report_id = r.id AND f.to_org = $2 AND (f.status = 'sent' \
                         OR (f.status = 'accepted' AND (f.handled_by IS NULL OR f.handled_by = $1))))) \
                     ORDER BY {URGENT_FIRST} LIMIT $3"
                );
                let rows = sqlx::query(&sql).bind(staff_id).bind(org_id).bind(limit).fetch_all(&self.pool).await?;
                rows.iter().map(Self::report_row).collect()
            }

            #[tracing::instrument(skip_all)]
            async fn record_event(&self, event: &NewEvent) -> Result<()> {
                let mut tx = self.pool.begin().await?;
                self.append(&mut tx, event).await?;
                tx.commit().await?;
                Ok(())
            }

            #[tracing::instrument(skip_all)]
            async fn audit_page(&self, after_seq: i64, limit: i64) -> Result<Vec<ChainedEvent>> {
                let sql = format!("SELECT {AUDIT_COLUMNS}, prev_hash, hash FROM audit WHERE seq > $1 ORDER BY seq LIMIT $2");
                let rows = sqlx::query(&sql).bind(after_seq).bind(limit).fetch_all(&self.pool).await?;
                rows.iter()
                    .map(|r| Ok(ChainedEvent { event: Self::event_row(r)?, prev_hash: r.try_get("prev_hash")?, hash: r.try_get("hash")? }))
                    .collect()
            }

            #[tracing::instrument(skip_all)]
            async fn audit_head(&self) -> Result<AuditHead> {
                let r = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1").fetch_one(&self.pool).await?;
                Ok(AuditHead { seq: r.try_get("seq")?, hash: r.try_get("hash")? })
            }

            #[tracing::instrument(skip_all)]
            async fn legacy_audit(&self) -> Result<LegacyAudit> {
                let legacy: i64 =
                    sqlx::query("SELECT legacy_until FROM audit_head WHERE id = 1").fetch_one(&self.pool).await?.try_get(0)?;
                if legacy == 0 {
                    return Ok(LegacyAudit::None);
                }
                let linked = sqlx::query(ANY_LINKED_AUDIT_ENTRY).fetch_optional(&self.pool).await?.is_some();
                Ok(if linked { LegacyAudit::Tampered } else { LegacyAudit::Pending(legacy) })
            }

            #[tracing::instrument(skip_all)]
            async fn chain_legacy_audit(&self) -> Result<i64> {
                let mut tx = self.pool.begin().await?;
                let head = sqlx::query("UPDATE audit_head SET legacy_until = legacy_until WHERE id = 1 RETURNING seq, legacy_until")
                    .fetch_one(&mut *tx)
                    .await?;
                let (seq, legacy): (i64, i64) = (head.try_get("seq")?, head.try_get("legacy_until")?);
                if legacy == 0 {
                    return Err(corrupt("no audit entries from the first schema wait to be chained"));
                }
                if sqlx::query(ANY_LINKED_AUDIT_ENTRY).fetch_optional(&mut *tx).await?.is_some() {
                    return Err(corrupt("the audit chain exists: it is never linked again (run `zeri audit verify`)"));
                }
                if seq != legacy {
                    return Err(corrupt("audit entries were appended before the old ones were chained"));
                }
                self.relink(&mut tx).await?;
                sqlx::query("UPDATE audit_head SET legacy_until = 0 WHERE id = 1").execute(&mut *tx).await?;
                tx.commit().await?;
                tracing::info!(entries = legacy, "chained the audit entries of the first schema");
                Ok(legacy)
            }

            #[tracing::instrument(skip_all)]
            async fn events(&self, report_id: &str) -> Result<Vec<EventRow>> {
                let sql = format!("SELECT {AUDIT_COLUMNS} FROM audit WHERE report_id = $1 ORDER BY seq");
                let rows = sqlx::query(&sql).bind(report_id).fetch_all(&self.pool).await?;
                rows.iter().map(Self::event_row).collect()
            }

            #[tracing::instrument(skip_all)]
            async fn insert_staff(&self, s: &StaffRow) -> Result<()> {
                sqlx::query(
                    "INSERT INTO staff (id, username, role, password_hash, created_at, disabled, org_id, profession, \
                     totp_sealed, totp_pending, totp_last_step, created_by, confirmed_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
                )
                .bind(&s.id)
                .bind(&s.username)
                .bind(s.role.as_str())
                .bind(&s.password_hash)
                .bind(s.created_at)
                .bind(s.disabled)
                .bind(&s.org_id)
                .bind(s.profession.map(Profession::as_str))
                .bind(&s.totp_sealed)
                .bind(&s.totp_pending)
                .bind(s.totp_last_step)
                .bind(&s.created_by)
                .bind(s.confirmed_at)
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
            async fn list_staff(&self) -> Result<Vec<StaffRow>> {
                let rows = sqlx::query("SELECT * FROM staff ORDER BY username").fetch_all(&self.pool).await?;
                rows.iter().map(Self::staff_row).collect()
            }

            #[tracing::instrument(skip_all)]
            async fn set_staff_disabled(&self, id: &str, disabled: bool, event: &NewEvent) -> Result<()> {
                let mut tx = self.pool.begin().await?;
                let done =
                    sqlx::query("UPDATE staff SET disabled = $1 WHERE id = $2").bind(disabled).bind(id).execute(&mut *tx).await?;
                if done.rows_affected() != 1 {
                    return Err(StoreError::NotFound);
                }
                if disabled {
                    sqlx::query("DELETE FROM sessions WHERE kind = 'staff' AND subject = $1").bind(id).execute(&mut *tx).await?;
                }
                self.append(&mut tx, event).await?;
                tx.commit().await?;
                Ok(())
            }

            #[tracing::instrument(skip_all)]
            async fn set_totp_pending(&self, id: &str, sealed: Option<&[u8]>) -> Result<()> {
                sqlx::query("UPDATE staff SET totp_pending = $1 WHERE id = $2").bind(sealed).bind(id).execute(&self.pool).await?;
                Ok(())
            }

            #[tracing::instrument(skip_all)]
            async fn set_totp(&self, id: &str, sealed: Option<&[u8]>, step: i64, event: &NewEvent) -> Result<()> {
                self.exec_audited(
                    sqlx::query("UPDATE staff SET totp_sealed = $1, totp_pending = NULL, totp_last_step = $2 WHERE id = $3")
                        .bind(sealed)
                        .bind(step)
                        .bind(id),
                    event,
                    Some(StoreError::NotFound),
                )
                .await
            }

            #[tracing::instrument(skip_all)]
            async fn enrol_totp(&self, id: &str, sealed: &[u8], step: i64, event: &NewEvent) -> Result<()> {
                self.exec_audited(
                    sqlx::query(
                        "UPDATE staff SET totp_sealed = $1, totp_pending = NULL, totp_last_step = $2 \
                         WHERE id = $3 AND totp_sealed IS NULL",
                    )
                    .bind(sealed)
                    .bind(step)
                    .bind(id),
                    event,
                    Some(StoreError::NotFound),
                )
                .await
            }

            #[tracing::instrument(skip_all)]
            async fn use_totp_step(&self, id: &str, step: i64) -> Result<bool> {
                let done = sqlx::query("UPDATE staff SET totp_last_step = $1 WHERE id = $2 AND totp_last_step < $1")
                    .bind(step)
                    .bind(id)
                    .execute(&self.pool)
                    .await?;
                Ok(done.rows_affected() == 1)
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
            async fn session_subject(
                &self,
                digest: &[u8; 32],
                kind: SessionKind,
                now: Millis,
                idle_ms: i64,
            ) -> Result<Option<String>> {
                let row = sqlx::query(
                    "SELECT subject FROM sessions WHERE token_digest = $1 AND kind = $2 AND expires_at > $3 AND last_seen_at > $4",
                )
                .bind(digest.as_slice())
                .bind(kind.as_str())
                .bind(now)
                .bind(now - idle_ms)
                .fetch_optional(&self.pool)
                .await?;
                row.map(|r| Ok(r.try_get("subject")?)).transpose()
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
            async fn throttle_release(&self, bucket: &[u8; 32], now: Millis, window_ms: i64) -> Result<()> {
                let window_start = now - now.rem_euclid(window_ms);
                sqlx::query("UPDATE throttle SET hits = hits - 1 WHERE bucket = $1 AND window_start = $2 AND hits > 0")
                    .bind(bucket.as_slice())
                    .bind(window_start)
                    .execute(&self.pool)
                    .await?;
                Ok(())
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
                // A receipt is shown for a few minutes, then only its digest remains.
                sqlx::query("UPDATE submissions SET receipt_sealed = NULL WHERE shown_until <= $1 AND receipt_sealed IS NOT NULL")
                    .bind(now)
                    .execute(&self.pool)
                    .await?;
                sqlx::query("UPDATE content_reports SET receipt_sealed = NULL WHERE shown_until <= $1 AND receipt_sealed IS NOT NULL")
                    .bind(now)
                    .execute(&self.pool)
                    .await?;
                Ok(s.rows_affected() + t.rows_affected())
            }
        }
    };
}

impl_store!(SqliteStore, "sqlite");
impl_store!(PgStore, "postgres");
