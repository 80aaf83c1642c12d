//! `zeri keys rotate` and `zeri retention run`, and the key file they share with `serve`.
//!
//! Rotation, while instances serve (one rotation at a time: the `keys-rotate` lease in the
//! database, whichever machine it runs on):
//! 1. a new primary master key is written to the key file, the old one kept beside it as
//!    "retired" (so a rotation that stops half-way resumes where it was); every instance is
//!    told (the signal bus) and reads the file again, and the rotation waits until every
//!    running instance says it wraps with the new key (`instance_keys`; see `keywatch`);
//! 2. every value wrapped by the old key — the case keys, staff second-factor secrets,
//!    survey answers and records from before case keys — is re-wrapped in one transaction,
//!    after the audit chain verified (it is linked again if a sealed value in it changed);
//! 3. every evidence file still wrapped by the old key is re-wrapped in the evidence store;
//! 4. a keyring holding only the new key must open every case key, find nothing left to
//!    re-wrap and verify the audit chain; only then is the old key removed from the file.

use std::fs;
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{bail, Context, Result};
use clap::Args;
use zeri_crypto::{CryptoError, Keyring};
use zeri_domain::retention::Rule;
use zeri_storage::{NewEvent, Store};

use crate::DataArgs;

#[derive(Args)]
pub(crate) struct RetentionArgs {
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub rules: RetentionRules,
    /// Only list the cases that are due; erase nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Args, Clone, Default)]
pub(crate) struct RetentionRules {
    /// Erase the personal data of cases that have been in STAGE for DAYS days, e.g.
    /// `--retain closed=365` (repeat, or separate with commas). Statistics are kept. No
    /// rule, no erasure.
    #[arg(long = "retain", env = "ZERI_RETAIN", value_name = "STAGE=DAYS", value_delimiter = ',')]
    pub rules: Vec<Rule>,
}

impl RetentionRules {
    pub fn checked(&self) -> Result<Vec<Rule>> {
        zeri_domain::retention::check(&self.rules).map_err(anyhow::Error::msg)?;
        Ok(self.rules.clone())
    }
}

/// Replaces a key file atomically: a new file (mode 0600) under a name no other writer
/// uses (this process's id and a random part), synced, renamed over the old, the folder
/// synced. Writers that must not lose each other's changes hold a lock around it (the
/// case-key file: see `case_keys`).
pub(crate) fn write_key_file(path: &Path, contents: &str) -> Result<()> {
    let tmp = sidecar(path, &format!(".{}.{:016x}.new", std::process::id(), rand::random::<u64>()));
    let written = (|| -> Result<()> {
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&tmp)
            .with_context(|| format!("writing {}", tmp.display()))?;
        file.write_all(contents.as_bytes())?;
        file.sync_all()?;
        fs::rename(&tmp, path).with_context(|| format!("replacing {}", path.display()))
    })();
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    written?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::File::open(dir)?.sync_all()?;
    }
    Ok(())
}

fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(suffix);
    path.with_file_name(name)
}

pub(crate) async fn rotate(data: DataArgs) -> Result<()> {
    let path = data.key_path();
    let current = data.existing_keys()?;
    // The lock against a second rotation is in the database, so it holds across machines.
    let lock_store = data.store(current.clone()).await?;
    let lock = RotationLock::take(lock_store).await?;
    let during = if current.old_key_ids().is_empty() {
        let next = current.rotated();
        write_key_file(&path, &next.to_file_contents())?;
        // Every instance reads the key file again now (and by itself within seconds).
        lock.store.bus().publish_now(zeri_storage::bus::Signal::Keys).await?;
        println!(
            "new master key {} written to {}; {} is kept until the end",
            next.primary_id(),
            path.display(),
            current.primary_id()
        );
        Arc::new(next)
    } else {
        println!("resuming the rotation to {} (retiring {})", current.primary_id(), current.old_key_ids().join(", "));
        current
    };
    let store = data.store(during.clone()).await?;
    crate::keywatch::wait_for_instances(store.as_ref(), &during.primary_id()).await?;
    let event = NewEvent {
        at: zeri_storage::now_ms(),
        action: "keys-rotated",
        detail: Some(format!("{}>{}", during.old_key_ids().join("+"), during.primary_id())),
        ..NewEvent::default()
    };
    let ring = during.clone();
    let count =
        store.rewrap_all(&move |v: &[u8]| ring.rewrap(v), Some(&event)).await.context("re-wrapping the database")?;
    println!(
        "database: {} of {} sealed values re-wrapped (case keys, staff secrets, older records)",
        count.rewrapped, count.seen
    );

    let blobs = data.blobs()?;
    let mut files = 0;
    for key in blobs.list().await.context("listing the evidence store")? {
        if key.starts_with(zeri_storage::testimony::BLOB_PREFIX) {
            // Sealed under a key of its own, kept in its row (re-wrapped above): never rewritten.
            continue;
        }
        let sealed = blobs.get(&key).await.with_context(|| format!("reading {key}"))?;
        if let Some(new) = during.rewrap(&sealed).with_context(|| format!("re-wrapping {key}"))? {
            blobs.put(&key, new).await.with_context(|| format!("writing {key}"))?;
            files += 1;
        }
    }
    println!(
        "evidence store: {files} files re-wrapped (files sealed under case keys need none; testimonies keep their \
         blob, only their key in the database is re-wrapped)"
    );

    // The proof that the old key is no longer needed, with a keyring that does not hold it.
    let after = Arc::new(during.without_old_keys());
    let check = data.store(after.clone()).await?;
    check_everything_opens(check.as_ref(), &after, &data).await?;
    write_key_file(&path, &after.to_file_contents())?;
    // Instances read the file again; they keep the retired key in memory until they stop.
    check.bus().publish_now(zeri_storage::bus::Signal::Keys).await?;
    lock.release().await;
    println!(
        "rotation finished: {} is the only master key in {}.\n\
         Backups and case-key copies made before now need the retired key: make a new backup now, and keep the old \
         key file only as long as you keep those backups.",
        after.primary_id(),
        path.display()
    );
    Ok(())
}

async fn check_everything_opens(store: &dyn Store, keys: &Arc<Keyring>, data: &DataArgs) -> Result<()> {
    let primary = keys.primary_id().to_owned();
    let stale = move |v: &[u8]| match Keyring::sealed_key_id(v) {
        Some(id) if id != primary => Err(CryptoError::UnknownKey(id)),
        _ => Ok(None),
    };
    store.rewrap_all(&stale, None).await.context("a value is still wrapped by the old key")?;
    for (id, wrapped) in store.all_case_keys().await? {
        keys.unwrap_data_key(&wrapped, zeri_storage::context::case_key(&id).as_bytes())
            .with_context(|| format!("the case key of {id} does not open with the new key alone"))?;
    }
    let blobs = data.blobs()?;
    for key in blobs.list().await? {
        if key.starts_with(zeri_storage::testimony::BLOB_PREFIX) {
            continue; // its key is in the database, checked above
        }
        let sealed = blobs.get(&key).await?;
        if let Some(id) = Keyring::sealed_key_id(&sealed).filter(|id| *id != keys.primary_id()) {
            bail!("evidence file {key} is still wrapped by {id}");
        }
    }
    match zeri_storage::verify_chain(store, keys).await? {
        Ok(n) => println!("audit log intact under the new key alone: {n} entries"),
        Err(b) => bail!("the audit chain does not verify under the new key: {b}"),
    }
    Ok(())
}

/// The `keys-rotate` lease, held (and renewed every minute) for as long as a rotation runs.
struct RotationLock {
    store: Arc<dyn Store>,
    renew: tokio::task::JoinHandle<()>,
}

impl RotationLock {
    const TTL: std::time::Duration = std::time::Duration::from_secs(300);

    async fn take(store: Arc<dyn Store>) -> Result<Self> {
        let job = zeri_storage::leases::job::KEYS_ROTATE;
        let me = store.bus().instance().to_owned();
        let ttl = Self::TTL.as_millis() as i64;
        if !store.take_lease(job, &me, zeri_storage::now_ms(), ttl).await? {
            bail!(
                "another key rotation is running on this database (from this or another machine); \
                 wait for it to finish, or, if it was stopped, for its lock to expire within 5 minutes"
            );
        }
        let renewing = store.clone();
        let renew = tokio::spawn(async move {
            loop {
                tokio::time::sleep(std::time::Duration::from_secs(60)).await;
                match renewing.take_lease(job, &me, zeri_storage::now_ms(), ttl).await {
                    Ok(true) => {}
                    Ok(false) => tracing::error!("the key rotation lost its lock; another rotation may start"),
                    Err(e) => tracing::warn!(error = %e, "renewing the key rotation's lock failed"),
                }
            }
        });
        Ok(Self { store, renew })
    }

    async fn release(self) {
        self.renew.abort();
        let me = self.store.bus().instance().to_owned();
        if let Err(e) = self.store.drop_lease(zeri_storage::leases::job::KEYS_ROTATE, &me).await {
            tracing::warn!(error = %e, "the key rotation's lock stays until it expires");
        }
    }
}

pub(crate) async fn retention(args: RetentionArgs) -> Result<()> {
    let rules = args.rules.checked()?;
    if rules.is_empty() {
        bail!("no retention rule: give one or more --retain STAGE=DAYS (or ZERI_RETAIN)");
    }
    let keys = args.data.existing_keys()?;
    let store = args.data.store(keys).await?;
    let blobs = args.data.blobs()?;
    let pass =
        zeri_storage::retention::run_once(store.as_ref(), &blobs, &rules, zeri_storage::now_ms(), args.dry_run).await?;
    if !args.dry_run {
        crate::case_keys::forget(&args.data, &pass.cases)?;
        // The running instances forget them too (matcher, streams, their case-key copies).
        for case in &pass.cases {
            store.bus().publish_now(zeri_storage::bus::Signal::Erased { report: case.clone() }).await?;
        }
    }
    let rules: Vec<String> = rules.iter().map(Rule::to_string).collect();
    if args.dry_run {
        println!("{} cases are due for erasure under {}", pass.cases.len(), rules.join(", "));
    } else {
        println!(
            "erased the personal data of {} cases under {} ({} evidence files deleted, {} left unreadable)",
            pass.cases.len(),
            rules.join(", "),
            pass.files,
            pass.files_left
        );
    }
    for id in &pass.cases {
        println!("  {id}");
    }
    Ok(())
}
