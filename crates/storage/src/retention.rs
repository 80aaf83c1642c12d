//! Retention: erasing the personal data of cases that have been in a stage longer than the
//! organisation's rules allow ([`zeri_domain::retention`]).
//!
//! Erasing a case destroys its data key, blanks its sealed values and forgets its evidence's
//! hashes and matches in one transaction, with an audit entry; then its sealed evidence files
//! are deleted from the evidence store, and the caller drops the evidence from its matcher.
//! A file that cannot be deleted at once is harmless (sealed under the destroyed key) and
//! is named in the log by its key only.

use std::time::Duration;

use crate::{Blobs, NewEvent, Store, StoreError};
use zeri_domain::retention::Rule;

/// How often the server looks for cases due for erasure.
pub const INTERVAL: Duration = Duration::from_secs(3600);
/// Cases erased per batch (each in its own transaction).
const BATCH: i64 = 200;

/// What one pass did (or, with `dry_run`, would do).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Pass {
    /// Ids of the cases erased (or due).
    pub cases: Vec<String>,
    /// Evidence files deleted.
    pub files: usize,
    /// Evidence files that could not be deleted (already unreadable).
    pub files_left: usize,
    /// Ids of the erased cases' evidence, whose hashes are gone (for matchers in memory).
    pub evidence: Vec<String>,
}

/// What erasing one case did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Erased {
    /// Evidence files deleted.
    pub files: usize,
    /// Evidence files that could not be deleted (already unreadable).
    pub files_left: usize,
    /// Ids of the case's evidence, whose hashes are gone.
    pub evidence: Vec<String>,
}

/// Erases one case: its key, its sealed values, its hashes and matches, then its evidence
/// files. `NotFound` when there is no such case or it is already erased.
pub async fn erase(store: &dyn Store, blobs: &Blobs, id: &str, why: &str, now: i64) -> Result<Erased, StoreError> {
    let event = NewEvent {
        report_id: Some(id.to_owned()),
        at: now,
        action: "case-erased",
        detail: Some(why.to_owned()),
        ..NewEvent::default()
    };
    let erased = store.erase_case(id, &event).await?;
    let mut deleted = 0;
    for key in &erased.blobs {
        match blobs.delete(key).await {
            Ok(()) => deleted += 1,
            Err(e) => tracing::warn!(blob = %key, error = %e, "an erased case's sealed file was not deleted"),
        }
    }
    Ok(Erased { files: deleted, files_left: erased.blobs.len() - deleted, evidence: erased.evidence })
}

/// One pass over every rule: erases every case due at `now`.
pub async fn run_once(
    store: &dyn Store,
    blobs: &Blobs,
    rules: &[Rule],
    now: i64,
    dry_run: bool,
) -> Result<Pass, StoreError> {
    let mut pass = Pass::default();
    for rule in rules {
        loop {
            let due = store.due_for_erasure(rule.stage, rule.cutoff(now), BATCH).await?;
            if dry_run {
                pass.cases.extend(due);
                break;
            }
            let done = due.len() < BATCH as usize;
            for id in due {
                match erase(store, blobs, &id, &format!("retention:{rule}"), now).await {
                    Ok(erased) => {
                        pass.files += erased.files;
                        pass.files_left += erased.files_left;
                        pass.evidence.extend(erased.evidence);
                        pass.cases.push(id);
                    }
                    // Erased meanwhile by another instance.
                    Err(StoreError::NotFound) => {}
                    Err(e) => return Err(e),
                }
            }
            if done {
                break;
            }
        }
    }
    if !pass.cases.is_empty() && !dry_run {
        tracing::info!(cases = pass.cases.len(), files = pass.files, "retention: personal data erased");
    }
    Ok(pass)
}

/// Called with what a pass erased: to forget the cases' keys elsewhere (`cases`) and drop
/// their evidence from the matcher in memory (`evidence`).
pub type OnErased = Box<dyn Fn(&Pass) + Send + Sync>;

/// One pass on behalf of the instance `holder`, only if it holds the retention lease
/// (taken or renewed now, for three intervals): across instances on one database, one
/// erases and the others wait. `None`: another instance holds it.
pub async fn leased_pass(
    store: &dyn Store,
    blobs: &Blobs,
    rules: &[Rule],
    holder: &str,
    now: i64,
) -> Result<Option<Pass>, StoreError> {
    let ttl = 3 * INTERVAL.as_millis() as i64;
    if !store.take_lease(crate::leases::job::RETENTION, holder, now, ttl).await? {
        return Ok(None);
    }
    run_once(store, blobs, rules, now, false).await.map(Some)
}

/// Runs [`leased_pass`] every [`INTERVAL`] while the server runs; does nothing without
/// rules. `holder` names this instance (its bus id).
pub async fn run_loop(
    store: std::sync::Arc<dyn Store>,
    blobs: Blobs,
    rules: Vec<Rule>,
    holder: String,
    on_erased: OnErased,
) {
    if rules.is_empty() {
        return;
    }
    let mut tick = tokio::time::interval(INTERVAL);
    loop {
        tick.tick().await;
        match leased_pass(store.as_ref(), &blobs, &rules, &holder, crate::now_ms()).await {
            Ok(Some(pass)) if !pass.cases.is_empty() => on_erased(&pass),
            Ok(_) => {}
            Err(e) => tracing::error!(error = %e, "retention pass failed; it is tried again in an hour"),
        }
    }
}
