//! Background jobs that run once across instances. Each periodic job takes its lease in
//! the database (`zeri_storage::LeaseStore`, one row per job in `job_leases`) before a pass
//! and renews it at every pass, for a few times its interval: the instance that holds it
//! runs the job, the others skip their pass until it expires (its holder stopped).
//!
//! | job | lease | also |
//! |---|---|---|
//! | notification e-mails (`notify::mail_pass`) | `mail`, 2 min | each e-mail claimed before it is sent (`claim_mail`), so two senders never send one twice |
//! | deadline notifications (`notify::deadline_pass`) | `deadlines`, 3 h | one per case and day, checked against those stored |
//! | retention erasure (`zeri_storage::retention::leased_pass`) | `retention`, 3 h | each erasure is a compare-and-set (`erased_at IS NULL`) |
//! | notices to hosts: reminders and re-checks (`notices::notice_loop`) | `notices`, 30 min | each item's step a compare-and-set on `notice_due_at`; notice e-mails go out under the `mail` lease |
//! | purging expired sessions (`purge_pass`) | `purge`, 30 min | |
//! | key rotation (`zeri keys rotate`) | `keys-rotate`, renewed each minute | one rotation at a time, on any machine |
//!
//! Not leased, on purpose: the inspector (each result recorded once by compare-and-set; an
//! instance inspects what it stored), the directory refresh and the matcher (each
//! instance's memory), and the audit watch (each machine checks against its own checkpoint
//! file outside the database).

use crate::now_ms;
use crate::App;
use std::time::Duration;
use zeri_storage::{Store, StoreError};

pub use zeri_storage::leases::job;

/// Takes or renews the lease of `job` for this instance, for `ttl`: `true` when this
/// instance runs the job now.
pub async fn holds(app: &App, job: &str, ttl: Duration) -> Result<bool, StoreError> {
    take(app.store.as_ref(), job, ttl).await
}

/// [`holds`] for whoever has the store (the binary's loops).
pub async fn take(store: &dyn Store, job: &str, ttl: Duration) -> Result<bool, StoreError> {
    store.take_lease(job, store.bus().instance(), now_ms(), ttl.as_millis() as i64).await
}

/// How often expired sessions are purged.
pub const PURGE_EVERY: Duration = Duration::from_secs(600);

/// Purges expired sessions and old throttle windows, if this instance holds the lease;
/// `None` when another one does.
pub async fn purge_pass(store: &dyn Store) -> Result<Option<u64>, StoreError> {
    if !take(store, job::PURGE, PURGE_EVERY * 3).await? {
        return Ok(None);
    }
    store.purge_expired(now_ms()).await.map(Some)
}
