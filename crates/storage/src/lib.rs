//! Storage for Zëri behind one trait, [`Store`], with a SQLite (default, embedded) and a
//! PostgreSQL implementation. Storage keeps what it is given and never decides policy:
//! who may read what is decided by `zeri-domain` before a method here is called.
//!
//! Personal data arrives already sealed (`zeri-crypto`); this crate never sees plaintext
//! of a description, a message or a contact detail.

mod accounts;
mod audit;
mod batch;
mod blobs;
pub mod bus;
mod cases;
mod chat;
mod child;
pub mod context;
mod directory;
mod evidence;
mod exchange;
mod hosts;
mod hotline;
mod intake;
mod keys;
pub mod leases;
mod links;
mod model;
mod notices;
mod ops;
pub mod retention;
mod select;
mod sharing;
mod sql;
mod stats;
mod submissions;
mod supervision;
mod survey;
pub mod testimony;
mod wellbeing;

use std::sync::Arc;

pub use accounts::AccountStore;
pub use audit::{
    find_checkpoints, latest_checkpoint, verify_chain, verify_tail, ChainBreak, Checkpoint, CheckpointFile, TailCheck,
    CHECKPOINT_PREFIX,
};
pub use blobs::{BlobError, BlobReader, BlobWriter, Blobs};
pub use cases::CaseStore;
pub use chat::ChatStore;
pub use child::{ChildStore, ErasureRequestRow, PassphraseRow, RatingCount};
pub use directory::{ChangeRow, DirectoryStore, ServiceRow};
pub use evidence::{custody_detail, parse_custody_detail, EvidenceStore, EVIDENCE_MATCHES};
pub use exchange::{
    ExchangeStore, ForwardOutcome, ForwardRow, PartnerRow, ReceivedRow, ALREADY_RECEIVED, PARTNER_NAME_TAKEN,
};
pub use hosts::{HostRow, HostStore, HOST_DOMAIN_TAKEN, HOST_NAME_TAKEN};
pub use hotline::{
    AssessmentRow, ContentForm, ContentItemRow, ContentItemStore, ContentReportRow, ContentSubmissionRow,
    ContentUrlRow, HotlineStore, ItemFact, LinkOutcome, LinkReportStatus, LinkReportStore, NewContentReport, NewLink,
};
pub use intake::Intake;
pub use keys::{ErasedCase, KeyStore, Rewrap, RewrapCount, SEALED_COLUMNS};
pub use leases::LeaseStore;
pub use links::{merge_family, survivor_of, LinkRow, LinkStore, MergeRow, TransferRow, MERGE_DEPTH};
pub use model::*;
pub use notices::{ItemLocation, ItemTakedown, NoticeRow, NoticeStep, NoticeStore, NOTICE_CHANGED};
pub use ops::{connect_read_only, ChatQueue, MigrationState, OpsStore};
pub use sharing::{
    HashReportRow, ItemSharing, NewSharedHash, PlatformRow, SharedHashRow, SharingFacts, SharingStore, TakedownReview,
};
pub use sql::{PgStore, SqliteStore};
pub use stats::{DpRecord, DpRelease, OutcomeFact, ReferralFact, ReportFact, StatsStore};
pub use submissions::SubmissionStore;
pub use supervision::{CannedRow, ClosureRow, CoachingRow, ContactRecordRow, ReviewRow, SupervisionStore, TeamFacts};
pub use survey::{SurveyStore, SURVEY_NOT_OPEN};
pub use testimony::TestimonyStore;
pub use wellbeing::{ExposureLimits, ExposureRow, NewExposure, WellbeingStore};
use zeri_crypto::Keyring;

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

/// Reports, staff, sessions and the audit log; case work is in the supertrait [`CaseStore`].
/// Every write that changes case data appends its audit entry in the same transaction.
#[async_trait::async_trait]
pub trait Store:
    AccountStore
    + SubmissionStore
    + CaseStore
    + ChatStore
    + ChildStore
    + DirectoryStore
    + EvidenceStore
    + ExchangeStore
    + HostStore
    + HotlineStore
    + KeyStore
    + OpsStore
    + LeaseStore
    + LinkStore
    + NoticeStore
    + SharingStore
    + StatsStore
    + SupervisionStore
    + SurveyStore
    + TestimonyStore
    + WellbeingStore
    + Send
    + Sync
    + 'static
{
    /// `Ok` when the database answers.
    async fn ping(&self) -> Result<()>;
    fn backend(&self) -> &'static str;
    /// This store's signal bus (see [`bus`]): PostgreSQL `LISTEN/NOTIFY`, or in process.
    fn bus(&self) -> &bus::Bus;

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
    /// Sets urgency and category.
    async fn set_triage(
        &self,
        id: &str,
        urgency: zeri_domain::casework::Urgency,
        category: zeri_domain::report::Category,
        event: &NewEvent,
    ) -> Result<()>;
    /// Open cases the user has a relation to: held by their organisation, assigned to
    /// them, on a team they are in, or referred to their organisation (not declined or
    /// completed). Most urgent first, then those awaiting a reply, then the newest.
    async fn cases_for(&self, staff_id: &str, org_id: Option<&str>, limit: i64) -> Result<Vec<ReportRow>>;

    // Messages
    async fn insert_message(&self, message: &NewMessage) -> Result<()>;
    async fn messages(&self, report_id: &str) -> Result<Vec<MessageRow>>;

    // The audit log: what happened to a report, including every access by staff.
    /// Appends one entry to the hash chain.
    async fn record_event(&self, event: &NewEvent) -> Result<()>;
    /// The entries about one report, oldest first.
    async fn events(&self, report_id: &str) -> Result<Vec<EventRow>>;
    /// Up to `limit` chained entries after `after_seq`, in order (for verification).
    async fn audit_page(&self, after_seq: i64, limit: i64) -> Result<Vec<ChainedEvent>>;
    async fn audit_head(&self) -> Result<AuditHead>;

    // Staff
    async fn insert_staff(&self, staff: &StaffRow) -> Result<()>;
    async fn staff_by_username(&self, username: &str) -> Result<Option<StaffRow>>;
    async fn staff_by_id(&self, id: &str) -> Result<Option<StaffRow>>;
    async fn list_staff(&self) -> Result<Vec<StaffRow>>;
    async fn set_staff_disabled(&self, id: &str, disabled: bool, event: &NewEvent) -> Result<()>;
    /// Stores (or clears) a TOTP secret being enrolled.
    async fn set_totp_pending(&self, id: &str, sealed: Option<&[u8]>) -> Result<()>;
    /// Makes the enrolled secret the account's second factor, or clears it (`None`).
    async fn set_totp(&self, id: &str, sealed: Option<&[u8]>, step: i64, event: &NewEvent) -> Result<()>;
    /// Enrolment: sets the second factor only if the account has none (compare-and-set), so
    /// an old enrolment session cannot replace a factor set up since; `NotFound` otherwise.
    async fn enrol_totp(&self, id: &str, sealed: &[u8], step: i64, event: &NewEvent) -> Result<()>;
    /// Records `step` as the last TOTP step used, only if it is later than the one stored:
    /// `false` means the code was already used (a replay).
    async fn use_totp_step(&self, id: &str, step: i64) -> Result<bool>;

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
    /// The subject of the session if it is still live (as [`Store::touch_session`] decides),
    /// without touching it: an open stream or a page that reloads itself must not keep an
    /// idle session alive.
    async fn session_subject(
        &self,
        digest: &[u8; 32],
        kind: SessionKind,
        now: Millis,
        idle_ms: i64,
    ) -> Result<Option<String>>;

    // Throttling that survives restarts and is shared by every instance.
    /// Counts one more hit in the fixed window containing `now`; returns the count.
    async fn throttle_hit(&self, bucket: &[u8; 32], now: Millis, window_ms: i64) -> Result<i64>;
    /// Hits so far in the window containing `now`.
    async fn throttle_count(&self, bucket: &[u8; 32], now: Millis, window_ms: i64) -> Result<i64>;
    /// Gives one hit back in the window containing `now` (an attempt counted first, atomically,
    /// that turned out right).
    async fn throttle_release(&self, bucket: &[u8; 32], now: Millis, window_ms: i64) -> Result<()>;

    /// Deletes expired sessions and old throttle windows.
    async fn purge_expired(&self, now: Millis) -> Result<u64>;

    /// Whether entries of the first schema wait to be chained.
    async fn legacy_audit(&self) -> Result<LegacyAudit>;
    /// Chains the entries carried over from the unchained event table of the first schema:
    /// an explicit, one-time step (`zeri audit chain-legacy`), never run at start-up.
    /// Refused (`Corrupt`) once any entry is linked: re-linking an existing chain with the
    /// real key would make a forgery verify.
    async fn chain_legacy_audit(&self) -> Result<i64>;
}

/// Opens the database named by `url` (`sqlite://PATH` or `postgres://…`), creating a SQLite
/// file if needed, and runs the migrations of its backend. `keys` links the audit chain.
pub async fn connect(url: &str, keys: Arc<Keyring>) -> Result<Arc<dyn Store>> {
    let store = connect_unchecked(url, keys).await?;
    match store.legacy_audit().await? {
        LegacyAudit::None => {}
        LegacyAudit::Pending(n) => {
            return Err(StoreError::Corrupt(format!(
                "{n} audit entries from the first schema are not chained yet: run `zeri audit chain-legacy` once"
            )))
        }
        // Never repaired here: re-linking would re-key whatever was edited.
        LegacyAudit::Tampered => {
            tracing::error!("the audit log carries a legacy marker although it is chained: run `zeri audit verify`")
        }
    }
    Ok(store)
}

/// [`connect`] without the audit-log check, for `zeri audit verify` and
/// `zeri audit chain-legacy`, which report or settle it.
pub async fn connect_unchecked(url: &str, keys: Arc<Keyring>) -> Result<Arc<dyn Store>> {
    if url.starts_with("sqlite:") {
        Ok(Arc::new(SqliteStore::connect(url, keys).await?))
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Arc::new(PgStore::connect(url, keys).await?))
    } else {
        Err(StoreError::UnsupportedUrl)
    }
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> Millis {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
}
