//! The case keys kept apart from every backup: one file beside the master key, written by
//! `zeri backup` (all of today's case keys, wrapped by the master key) and read by `zeri
//! restore`; an erasure takes the erased cases out of it, so that no copy outlives it.
//!
//! Several writers may meet on one file: two erasures in one instance, instances (or
//! `zeri retention run`) sharing a key folder, a `zeri backup` replacing the file. Each
//! reads, changes and writes it under one lock, so none loses another's change:
//! - a process-wide lock, for the threads of one process (an `flock` emulated by POSIX
//!   record locks, as on NFS, does not keep them apart);
//! - an exclusive `flock` on `<file>.lock` beside it (std's `File::lock`), for processes;
//!   never deleted, so every writer locks the same file.
//!
//! A backup holds the lock from reading the case keys in the database until its file is in
//! place: an erasure that commits meanwhile waits, then takes its case out of the new file.
//! The file is replaced by `write_key_file` (a temporary name of its own, synced, renamed,
//! the folder synced); readers, who take no lock, see the old file or the new one.

use std::fs;
use std::future::Future;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex, PoisonError};

use anyhow::{anyhow, bail, Context, Result};

use super::backup_files::sidecar;
use crate::DataArgs;

const HEADER: &str = "zeri-case-keys-v1";

/// Case ids and their keys wrapped by the master key.
pub(crate) type CaseKeys = Vec<(String, Vec<u8>)>;

pub(crate) fn path(data: &DataArgs, given: &Option<PathBuf>) -> PathBuf {
    given.clone().unwrap_or_else(|| sidecar(&data.key_path(), ".case-keys"))
}

/// Replaces the file with the keys `current` reads (the database's), holding the lock
/// across both: an erasure that commits while they are read is taken out of the file
/// right after, never lost under it.
pub(crate) async fn replace<F, Fut>(path: &Path, current: F) -> Result<CaseKeys>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<CaseKeys>>,
{
    let owned = path.to_owned();
    // Waiting for the lock blocks: not on the runtime's threads.
    let lock = tokio::task::spawn_blocking(move || Locked::take(&owned)).await??;
    let keys = current().await?;
    lock.write(&keys)?;
    Ok(keys)
}

/// Removes erased cases from the case-key file, if there is one: the copy kept with the
/// master key must not outlive the erasure.
pub(crate) fn forget(data: &DataArgs, erased: &[String]) -> Result<()> {
    forget_in(&path(data, &None), erased)
}

fn forget_in(path: &Path, erased: &[String]) -> Result<()> {
    if erased.is_empty() {
        return Ok(());
    }
    // The lock first, then whether there is a file: a backup may be writing the first one.
    let lock = match Locked::take(path) {
        Ok(lock) => lock,
        // A folder no one may write to holds no copy, nor will it.
        Err(_) if !path.exists() => return Ok(()),
        Err(e) => return Err(e),
    };
    if !path.exists() {
        return Ok(());
    }
    let all = read(path)?;
    let before = all.len();
    let keep: CaseKeys = all.into_iter().filter(|(id, _)| !erased.contains(id)).collect();
    // Told again by another instance, or of a case made after the copy: nothing to write.
    if keep.len() == before {
        return Ok(());
    }
    lock.write(&keep)
}

pub(crate) fn read(path: &Path) -> Result<CaseKeys> {
    let text = fs::read_to_string(path).with_context(|| {
        format!(
            "reading the case keys {} (written by `zeri backup` beside the master key): without them no case \
             in the backup can be read; give --case-keys",
            path.display()
        )
    })?;
    let mut lines = text.lines();
    if lines.next() != Some(HEADER) {
        bail!("{} is not a Zëri case-key file", path.display());
    }
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let (id, hex_key) = l.split_once(' ').ok_or_else(|| anyhow!("{}: a damaged line", path.display()))?;
            Ok((id.to_owned(), hex::decode(hex_key.trim()).map_err(|_| anyhow!("{}: a damaged key", path.display()))?))
        })
        .collect()
}

/// Whether a thread of this process holds a case-key lock, and its release.
static HELD: Mutex<bool> = Mutex::new(false);
static FREED: Condvar = Condvar::new();

/// The process-wide half of the lock (see the module documentation). Not a `MutexGuard`:
/// it may be held across an `.await` and dropped on another thread.
struct Held;

impl Held {
    fn take() -> Self {
        let mut held = HELD.lock().unwrap_or_else(PoisonError::into_inner);
        while *held {
            held = FREED.wait(held).unwrap_or_else(PoisonError::into_inner);
        }
        *held = true;
        Held
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        *HELD.lock().unwrap_or_else(PoisonError::into_inner) = false;
        FREED.notify_one();
    }
}

/// The case-key file, locked against every other writer until dropped.
struct Locked {
    path: PathBuf,
    // Dropped in this order: the `flock` is released (the file closed), then the threads'.
    _file: fs::File,
    _held: Held,
}

impl Locked {
    /// Blocks until no thread of this process and no other process holds it.
    fn take(path: &Path) -> Result<Self> {
        let held = Held::take();
        let lock = sidecar(path, ".lock");
        let file = fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .open(&lock)
            .with_context(|| format!("opening {}", lock.display()))?;
        file.lock().with_context(|| format!("locking {}", lock.display()))?;
        Ok(Self { path: path.to_owned(), _file: file, _held: held })
    }

    /// Case ids and their wrapped keys, one per line in hex.
    fn write(&self, keys: &[(String, Vec<u8>)]) -> Result<()> {
        let mut text = format!("{HEADER}\n");
        for (id, wrapped) in keys {
            text.push_str(&format!("{id} {}\n", hex::encode(wrapped)));
        }
        crate::keys::write_key_file(&self.path, &text)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::sync::Arc;
    use std::time::Duration;

    use super::*;

    fn ids(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("case-{i:02}")).collect()
    }

    fn keys_of(ids: &[String]) -> CaseKeys {
        ids.iter().map(|id| (id.clone(), id.as_bytes().to_vec())).collect()
    }

    /// The file and its lock, nothing else: no temporary file is left behind.
    fn assert_only_file_and_lock(dir: &Path) {
        let mut names: Vec<String> =
            fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        names.sort();
        assert_eq!(names, ["master.key.case-keys", "master.key.case-keys.lock"]);
    }

    #[test]
    fn two_erasures_at_once_both_leave_the_file() {
        for _ in 0..20 {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("master.key.case-keys");
            let all = ids(40);
            Locked::take(&path).unwrap().write(&keys_of(&all)).unwrap();
            let erasers: Vec<_> = (0..2)
                .map(|t| {
                    let (path, mine) = (path.clone(), all.iter().skip(t).step_by(2).cloned().collect::<Vec<_>>());
                    std::thread::spawn(move || {
                        for id in mine {
                            forget_in(&path, &[id]).unwrap();
                        }
                    })
                })
                .collect();
            for e in erasers {
                e.join().unwrap();
            }
            assert_eq!(read(&path).unwrap(), Vec::new(), "every erased case is gone from the copy");
            assert_only_file_and_lock(dir.path());
        }
    }

    #[test]
    fn an_erasure_waits_for_another_process_holding_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("master.key.case-keys");
        let all = ids(3);
        Locked::take(&path).unwrap().write(&keys_of(&all)).unwrap();
        // Another process's lock: an `flock` on a file description of its own.
        let other = fs::OpenOptions::new().write(true).open(sidecar(&path, ".lock")).unwrap();
        other.lock().unwrap();
        let erasing = {
            let path = path.clone();
            std::thread::spawn(move || forget_in(&path, &["case-01".to_owned()]).unwrap())
        };
        std::thread::sleep(Duration::from_millis(300));
        assert!(!erasing.is_finished(), "the erasure waits for the lock");
        assert_eq!(read(&path).unwrap(), keys_of(&all), "and has not written meanwhile");
        drop(other);
        erasing.join().unwrap();
        assert_eq!(read(&path).unwrap(), keys_of(&[all[0].clone(), all[2].clone()]));
    }

    #[test]
    fn a_backup_meanwhile_never_brings_an_erased_key_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("master.key.case-keys");
        let all = ids(12);
        // The database's case keys; an erasure deletes a case's key, then forgets it here.
        let database: Arc<Mutex<BTreeMap<String, Vec<u8>>>> = Arc::new(Mutex::new(keys_of(&all).into_iter().collect()));
        Locked::take(&path).unwrap().write(&keys_of(&all)).unwrap();
        let runtime = Arc::new(tokio::runtime::Builder::new_multi_thread().worker_threads(1).build().unwrap());
        for (round, id) in all.iter().enumerate() {
            // A backup reads the case keys (the erased one still among them), slowly.
            let backup = {
                let (path, database) = (path.clone(), database.clone());
                let runtime = runtime.clone();
                std::thread::spawn(move || {
                    runtime.block_on(replace(&path, || async {
                        let now: CaseKeys = database.lock().unwrap().clone().into_iter().collect();
                        std::thread::sleep(Duration::from_millis(60));
                        Ok(now)
                    }))
                })
            };
            // The erasure commits while the backup reads, then forgets the case's key.
            std::thread::sleep(Duration::from_millis(15 + round as u64 % 3 * 10));
            database.lock().unwrap().remove(id);
            forget_in(&path, std::slice::from_ref(id)).unwrap();
            backup.join().unwrap().unwrap();
            let left: Vec<String> = read(&path).unwrap().into_iter().map(|(id, _)| id).collect();
            assert!(!left.contains(id), "round {round}: the erased case's key is back in the copy: {left:?}");
            assert_eq!(left, all[round + 1..], "round {round}: the others are kept");
        }
        assert_only_file_and_lock(dir.path());
    }

    #[test]
    fn no_copy_and_a_folder_no_one_may_write_is_nothing_to_forget() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing").join("master.key.case-keys");
        forget_in(&path, &["case-01".to_owned()]).unwrap();
        assert!(!path.exists());
    }
}
