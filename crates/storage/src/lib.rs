//! Storage for Zëri behind one trait, [`Store`], with a SQLite (default, embedded) and a
//! PostgreSQL implementation. Storage keeps what it is given and never decides policy:
//! who may read what is decided by `zeri-domain` before a method here is called.
//!
//! Personal data arrives already sealed (`zeri-crypto`); this crate never sees plaintext
//! of a description, a message or a contact detail.

mod intake;
mod model;
mod sql;

use std::sync::Arc;

pub use intake::Intake;
pub use model::*;
pub use sql::{PgStore, SqliteStore};

/// Milliseconds since the Unix epoch, UTC.
pub type Millis = i64;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    #[error("conflict on {constraint}")]
    Conflict { constraint: String },
    #[error("stored value is invalid: {0}")]
    Corrupt(String),
    #[error("unsupported database url (use sqlite://… or postgres://…)")]
    UnsupportedUrl,
    #[error(transparent)]
    Other(#[from] sqlx::Error),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

#[async_trait::async_trait]
pub trait Store: Send + Sync + 'static {
    /// `Ok` when the database answers.
    async fn ping(&self) -> Result<()>;
    fn backend(&self) -> &'static str;

    // Reports
    /// Inserts all reports in one transaction: all are stored, or none.
    async fn insert_reports(&self, reports: &[NewReportRow]) -> Result<()>;
    async fn report_by_receipt(&self, receipt_digest: &[u8; 32]) -> Result<Option<ReportRow>>;
    async fn report(&self, id: &str) -> Result<Option<ReportRow>>;
    /// Newest first. `stage: None` lists every stage except closed.
    async fn list_reports(&self, stage: Option<zeri_domain::Stage>, limit: i64) -> Result<Vec<ReportRow>>;
    /// Moves a report from `from` to `to` and records `event`, atomically. `Conflict` when
    /// the report is no longer at `from` (someone else moved it).
    async fn change_stage(
        &self,
        id: &str,
        from: zeri_domain::Stage,
        to: zeri_domain::Stage,
        event: &NewEvent,
    ) -> Result<()>;
    /// Assigns an unassigned report; `Conflict` when it already has someone.
    async fn assign(&self, id: &str, staff_id: &str, event: &NewEvent) -> Result<()>;

    // Messages
    async fn insert_message(&self, message: &NewMessage) -> Result<()>;
    async fn messages(&self, report_id: &str) -> Result<Vec<MessageRow>>;

    // What happened to a report, including every access by staff.
    async fn record_event(&self, event: &NewEvent) -> Result<()>;
    async fn events(&self, report_id: &str) -> Result<Vec<EventRow>>;

    // Staff
    async fn insert_staff(&self, staff: &StaffRow) -> Result<()>;
    async fn staff_by_username(&self, username: &str) -> Result<Option<StaffRow>>;
    async fn staff_by_id(&self, id: &str) -> Result<Option<StaffRow>>;

    // Sessions
    async fn insert_session(&self, session: &SessionRow) -> Result<()>;
    /// The live session of that kind: not expired and seen within `idle_ms`; touches it.
    async fn touch_session(
        &self,
        digest: &[u8; 32],
        kind: SessionKind,
        now: Millis,
        idle_ms: i64,
    ) -> Result<Option<SessionRow>>;
    async fn delete_session(&self, digest: &[u8; 32]) -> Result<()>;

    // Throttling that survives restarts and is shared by every instance.
    /// Counts one more hit in the fixed window containing `now`; returns the count.
    async fn throttle_hit(&self, bucket: &[u8; 32], now: Millis, window_ms: i64) -> Result<i64>;
    /// Hits so far in the window containing `now`.
    async fn throttle_count(&self, bucket: &[u8; 32], now: Millis, window_ms: i64) -> Result<i64>;

    /// Deletes expired sessions and old throttle windows.
    async fn purge_expired(&self, now: Millis) -> Result<u64>;
}

/// Opens the database named by `url` (`sqlite://PATH` or `postgres://…`), creating a SQLite
/// file if needed, and runs the migrations of its backend.
pub async fn connect(url: &str) -> Result<Arc<dyn Store>> {
    if url.starts_with("sqlite:") {
        Ok(Arc::new(SqliteStore::connect(url).await?))
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Arc::new(PgStore::connect(url).await?))
    } else {
        Err(StoreError::UnsupportedUrl)
    }
}
