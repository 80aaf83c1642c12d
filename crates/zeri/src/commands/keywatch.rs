//! Keys across instances: a serving instance takes up a rotation made while it runs, and
//! a rotation waits until every running instance has.
//!
//! Each instance reads its key file again when the bus says the keys changed
//! (`Signal::Keys`, sent by `zeri keys rotate`) and every [`EVERY`] anyway (a rotation on
//! another machine, whose file an operator copies here, or SQLite, where signals stay in
//! one process). A new primary key is taken up by the keyring every part of the instance
//! shares (`Keyring::adopt`): new records are wrapped by it from then on, and every key the
//! instance held stays in memory, so nothing sealed before stops opening. After each look
//! the instance writes the id (never the key) of the key it wraps with to `instance_keys`.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{bail, Result};
use zeri_crypto::Keyring;
use zeri_storage::bus::Signal;
use zeri_storage::Store;

/// How often the key file is read again without a signal.
pub(crate) const EVERY: Duration = Duration::from_secs(5);
/// An instance not seen for this long is taken to be stopped.
const SEEN_WITHIN: Duration = Duration::from_secs(15);
/// How long a rotation waits for the instances to take up its key.
const WAIT: Duration = Duration::from_secs(120);

/// Reads the key file again on a signal or every [`EVERY`], while the server runs.
pub(crate) async fn run(keys: Arc<Keyring>, path: PathBuf, store: Arc<dyn Store>) {
    let mut signals = store.bus().subscribe();
    loop {
        look(&keys, &path, store.as_ref()).await;
        let wait = tokio::time::sleep(EVERY);
        tokio::pin!(wait);
        loop {
            tokio::select! {
                _ = &mut wait => break,
                s = signals.recv() => match s {
                    Ok(Signal::Keys) | Ok(Signal::Resync) => break,
                    Ok(_) => continue,
                    Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => break,
                    Err(tokio::sync::broadcast::error::RecvError::Closed) => return,
                },
            }
        }
    }
}

/// One look: the key file read again and taken up, then this instance's key id recorded.
pub(crate) async fn look(keys: &Keyring, path: &std::path::Path, store: &dyn Store) {
    // A file being replaced is renamed over the old one, so it is always whole.
    match std::fs::read_to_string(path).map(|t| Keyring::from_file_contents(&t)) {
        Ok(Ok(newer)) => match keys.adopt(&newer) {
            Ok(true) => {
                tracing::info!(key_id = %keys.primary_id(), "new records are wrapped by the rotated master key")
            }
            Ok(false) => {}
            Err(_) => tracing::error!(
                "the key file now holds another deployment's keys (other lookup or audit keys); it is not used"
            ),
        },
        Ok(Err(_)) => tracing::error!("the key file does not read as Zëri keys; the keys in memory are kept"),
        Err(e) => tracing::warn!(error = %e, "the key file could not be read again; the keys in memory are kept"),
    }
    if let Err(e) = store.report_key(store.bus().instance(), &keys.primary_id(), zeri_storage::now_ms()).await {
        tracing::warn!(error = %e, "recording this instance's key id failed");
    }
}

/// Waits until every instance seen lately wraps with `key_id`; fails after [`WAIT`] naming
/// how many do not (their machine's key file has not been replaced yet).
pub(crate) async fn wait_for_instances(store: &dyn Store, key_id: &str) -> Result<()> {
    let started = tokio::time::Instant::now();
    let mut told = false;
    loop {
        let since = zeri_storage::now_ms() - SEEN_WITHIN.as_millis() as i64;
        let behind: Vec<String> =
            store.instance_keys(since).await?.into_iter().filter(|(_, k)| k != key_id).map(|(i, _)| i).collect();
        if behind.is_empty() {
            return Ok(());
        }
        if !told {
            println!("waiting for {} running instance(s) to take up the new key ({})", behind.len(), behind.join(", "));
            told = true;
        }
        if started.elapsed() > WAIT {
            bail!(
                "{} running instance(s) still wrap with the old key: copy the key file to their machines (or restart \
                 them), then run `zeri keys rotate` again; it resumes where it stopped",
                behind.len()
            );
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
