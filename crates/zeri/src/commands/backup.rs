//! `zeri backup DIR` and `zeri restore DIR`.
//!
//! A backup is a folder: the database (`zeri.db`, a SQLite snapshot taken with `VACUUM
//! INTO` while the server keeps running; or `zeri.pgdump`, PostgreSQL's `pg_dump` in its
//! custom format), the sealed evidence files under `evidence/` by their keys, and
//! `MANIFEST.json` (when, which backend and version, counts, the audit head and the SHA-256
//! of every file), written last: a folder without it is not a backup. Everything sealed
//! stays sealed, nothing personal is in the manifest, and the master key is never copied:
//! it is backed up separately.
//!
//! Nor are the case keys: the snapshot leaves out the `case_keys` table, and the backup
//! writes the current case keys (wrapped by the master key) to one file kept with the
//! master key, replaced at every backup (`--case-keys`, default `<key file>.case-keys`).
//! A case erased by retention has no key in that file any more, so restoring any backup,
//! however old, cannot bring its personal data back: restore erases it again.
//!
//! Order matters: an evidence blob is written before the row that names it, so the
//! database is copied first and the blobs after. Every row in the snapshot then has its
//! blob; a blob written after the snapshot is copied too and is harmless (no row names it).
//!
//! Restore checks every file against the manifest before it changes anything, refuses a
//! target that holds data, puts the database and the blobs in place, then verifies the
//! audit chain and that every evidence file is there, decrypts and has its SHA-256.
//!
//! Testimonies are blobs too (`testimony/<id>`, sealed in chunks): copied and put back
//! piece by piece, never whole in memory, and verified the same way, chunk by chunk.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::PathBuf;

use anyhow::{anyhow, bail, Context, Result};
use clap::Args;
use serde::{Deserialize, Serialize};
use zeri_storage::BlobError;

use super::backup_blobs::{restore_blob, testimony_digest, Testimony};
use super::backup_db::{pg_restore, postgres_dump, sqlite_snapshot, Database, Head};
use super::backup_files::*;
use super::case_keys;
use crate::DataArgs;

pub(super) const MANIFEST: &str = "MANIFEST.json";
const FORMAT: &str = "zeri-backup-v1";
const SQLITE_FILE: &str = "zeri.db";
const PG_FILE: &str = "zeri.pgdump";
/// Evidence blobs are kept under `evidence/<key>` in the backup.
const EVIDENCE: &str = "evidence";

/// Back up while serving: the database first (a consistent snapshot), then the evidence.
#[derive(Args)]
pub(crate) struct BackupArgs {
    #[command(flatten)]
    data: DataArgs,
    /// The folder to write the backup to: new or empty (created mode 0700).
    dir: PathBuf,
    /// Where to write the current case keys (replaced each time; keep it with the master
    /// key, never with the backups). Default: the key file's path + `.case-keys`.
    #[arg(long)]
    case_keys: Option<PathBuf>,
}

/// Restore into an empty database and evidence store (the data flags name the target).
/// The master key (--master-key-file, default DATA_DIR/master.key) must exist: restore
/// never creates one.
#[derive(Args)]
pub(crate) struct RestoreArgs {
    #[command(flatten)]
    data: DataArgs,
    /// The backup folder, as `zeri backup` wrote it.
    dir: PathBuf,
    /// The case-key file written by the latest backup (cases erased since are not in it and
    /// stay erased). Default: the key file's path + `.case-keys`.
    #[arg(long)]
    case_keys: Option<PathBuf>,
}

#[derive(Serialize, Deserialize)]
struct Manifest {
    format: String,
    /// RFC 3339, UTC.
    created: String,
    created_unix_ms: i64,
    zeri_version: String,
    /// `sqlite` or `postgres`.
    backend: String,
    /// The database file in the backup; `None` when PostgreSQL was backed up without pg_dump.
    database: Option<String>,
    /// The id of the master key the data is sealed with (public: every sealed value names it).
    master_key_id: Option<String>,
    reports: i64,
    evidence: i64,
    audit_head: Head,
    /// The audit head signed as a checkpoint (`zeri audit verify --checkpoints MANIFEST`
    /// shows whether the log still reaches it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    audit_checkpoint: Option<String>,
    /// Every file of the backup but the manifest, by its path with `/`.
    files: BTreeMap<String, FileEntry>,
}

#[derive(Serialize, Deserialize)]
struct FileEntry {
    size: u64,
    sha256: String,
}

pub(crate) async fn backup(args: BackupArgs) -> Result<()> {
    let dir = &args.dir;
    let database = Database::of(&args.data)?;
    let blobs = args.data.blobs()?;
    blobs.ping().await.context("reaching the evidence store")?;
    // The key's id only (public); the key itself is never copied.
    let key_id = args.data.existing_keys().ok().map(|k| k.primary_id().to_owned());
    prepare_backup_dir(dir)?;

    // 1. The database: one consistent snapshot, taken while the server keeps writing.
    let (facts, database_file) = match &database {
        Database::Sqlite(live) => (sqlite_snapshot(live, &dir.join(SQLITE_FILE)).await?, Some(SQLITE_FILE)),
        Database::Postgres(url) => {
            let (facts, dumped) = postgres_dump(url, &dir.join(PG_FILE)).await?;
            (facts, dumped.then_some(PG_FILE))
        }
    };

    // 2. The evidence, after the database: every row in the snapshot has its blob by now.
    let keys = blobs.list().await.context("listing the evidence store")?;
    let mut copied = 0usize;
    for key in &keys {
        if !safe_relative(key) {
            bail!("the evidence store holds an unexpected name: {key}");
        }
        // Piece by piece: a testimony may be far larger than what should sit in memory.
        let mut reader = match blobs.reader(key).await {
            Ok(r) => r,
            // Deleted since the listing: a submission that failed cleans up its blobs.
            Err(BlobError::NotFound) => continue,
            Err(e) => return Err(e).context("reading the evidence store"),
        };
        let path = dir.join(EVIDENCE).join(key);
        create_private_dir(path.parent().expect("a file in a folder"))?;
        let mut file = create_new_file(&path)?;
        while let Some(piece) = reader.next().await.context("reading the evidence store")? {
            file.write_all(&piece)?;
        }
        file.sync_all()?;
        copied += 1;
    }

    // 3. The case keys, apart: every case in the snapshot has its key by now.
    let case_keys_file = case_keys::path(&args.data, &args.case_keys);
    let keys = args.data.existing_keys().context("the master key must exist to back up")?;
    let store = args.data.store(keys.clone()).await?;
    // Read and written under the case-key lock: an erasure meanwhile is taken out after.
    let case_keys = case_keys::replace(&case_keys_file, || async { Ok(store.all_case_keys().await?) }).await?;

    // 4. The manifest, last: the SHA-256 of every file as it is on disk now.
    let mut files = BTreeMap::new();
    for rel in files_under(dir)? {
        let (size, sha256) = sha256_file(&dir.join(&rel))?;
        files.insert(rel, FileEntry { size, sha256 });
    }
    let now = time::OffsetDateTime::now_utc();
    let manifest = Manifest {
        format: FORMAT.into(),
        created: now.format(&time::format_description::well_known::Rfc3339)?,
        created_unix_ms: (now.unix_timestamp_nanos() / 1_000_000) as i64,
        zeri_version: env!("CARGO_PKG_VERSION").into(),
        backend: database.backend().into(),
        database: database_file.map(str::to_owned),
        master_key_id: key_id.clone(),
        reports: facts.reports,
        evidence: facts.evidence,
        audit_checkpoint: Some(head_checkpoint(&facts.head, false)?.line(&keys)),
        audit_head: facts.head,
        files,
    };
    let mut json = serde_json::to_vec_pretty(&manifest)?;
    json.push(b'\n');
    write_new_file(&dir.join(MANIFEST), &json)?;
    sync_dir(dir)?;

    println!("backup written to {}", dir.display());
    match (&database, database_file) {
        (Database::Sqlite(_), _) => {
            println!("  database:  SQLite snapshot taken while serving (VACUUM INTO): {SQLITE_FILE}")
        }
        (Database::Postgres(_), Some(_)) => {
            println!("  database:  PostgreSQL, pg_dump (custom format) of one snapshot: {PG_FILE}")
        }
        (Database::Postgres(_), None) => {
            println!("  database:  NOT INCLUDED: pg_dump was not found on PATH.");
            println!("             Back up the database with PostgreSQL's own tool FIRST, then run");
            println!("             `zeri backup` into a new folder right after it, so every row in");
            println!("             the dump has its evidence file in the backup:");
            println!(
                "               pg_dump --format=custom --no-owner --no-privileges --exclude-table-data=case_keys \\\n\
                 \x20                 --file=zeri.pgdump \"$ZERI_DATABASE_URL\""
            );
        }
    }
    println!(
        "  contents:  reports {}, evidence files {}, audit log entries {} (head {}…)",
        manifest.reports,
        manifest.evidence,
        manifest.audit_head.seq,
        &manifest.audit_head.hash[..manifest.audit_head.hash.len().min(16)]
    );
    println!("  evidence:  {copied} sealed files copied from the {blobs:?}");
    println!("  manifest:  {MANIFEST}, with the SHA-256 of {} files", manifest.files.len());
    let key = args.data.key_path();
    println!(
        "The master key is NOT in this backup. Back up {} ({}) separately and keep it apart from \
         this folder: without it nothing here can be read.",
        key.display(),
        key_id.map(|id| format!("key id {id}")).unwrap_or_else(|| "not readable here".into())
    );
    println!(
        "The case keys are NOT in this backup either: the {} keys of today's cases are in {} (replaced \
         at every backup). Keep one current copy of it with the master key, never old copies: a case \
         erased by retention is then gone from every backup too.",
        case_keys.len(),
        case_keys_file.display()
    );
    Ok(())
}

pub(crate) async fn restore(args: RestoreArgs) -> Result<()> {
    let dir = &args.dir;
    // 1. The backup, before anything changes: its manifest and every file's SHA-256.
    let text = fs::read(dir.join(MANIFEST))
        .with_context(|| format!("reading {} (a folder without it is not a complete backup)", MANIFEST))?;
    let manifest: Manifest = serde_json::from_slice(&text)
        .map_err(|e| anyhow!("{MANIFEST} is damaged or not a Zëri backup manifest: {e}"))?;
    if manifest.format != FORMAT {
        bail!("{MANIFEST} has format {:?}; this zeri reads {FORMAT:?}", manifest.format);
    }
    for (rel, entry) in &manifest.files {
        if !safe_relative(rel) || rel == MANIFEST {
            bail!("the backup is damaged: {MANIFEST} names an unexpected file {rel:?}; nothing was restored");
        }
        let (size, sha256) = sha256_file(&dir.join(rel))
            .map_err(|e| anyhow!("the backup is damaged: {rel} cannot be read ({e:#}); nothing was restored"))?;
        if size != entry.size || sha256 != entry.sha256 {
            bail!("the backup is damaged: {rel} does not match its SHA-256 in {MANIFEST}; nothing was restored");
        }
    }
    if let Some(db) = &manifest.database {
        if !manifest.files.contains_key(db) {
            bail!("the backup is damaged: {MANIFEST} names the database {db} but lists no such file");
        }
    }
    let extra: Vec<String> = files_under(dir)?.into_iter().filter(|f| !manifest.files.contains_key(f)).collect();
    println!(
        "backup of {} (zeri {}, {}): {} files match their SHA-256",
        manifest.created,
        manifest.zeri_version,
        manifest.backend,
        manifest.files.len()
    );
    for f in &extra {
        println!("  ignored (not in the manifest): {f}");
    }

    // 2. The key: it must exist, and be the one the backup was sealed with.
    let keys = args.data.existing_keys().context(
        "the master key of the backed-up data must be given (--master-key-file) and exist: restore never creates one",
    )?;
    if let Some(id) = &manifest.master_key_id {
        if keys.primary_id() != *id {
            bail!(
                "the backup was sealed with master key {id}, but {} holds key {}: give the right --master-key-file",
                args.data.key_path().display(),
                keys.primary_id()
            );
        }
    }

    // 3. The target: the same backend, and empty.
    let target = Database::of(&args.data)?;
    if target.backend() != manifest.backend {
        bail!(
            "the backup holds a {} database; restore it into {} (the target is {})",
            manifest.backend,
            if manifest.backend == "sqlite" { "SQLite: a --data-dir without --database-url" } else { "PostgreSQL" },
            target.backend()
        );
    }
    match &target {
        Database::Sqlite(path) => {
            for p in [path.clone(), sidecar(path, "-wal")] {
                if p.exists() {
                    bail!(
                        "the target already has a database ({}): restore only into an empty data folder; nothing was changed",
                        p.display()
                    );
                }
            }
        }
        Database::Postgres(_) => {
            let mut conn = target.connect().await?;
            let tables = conn
                .int(
                    "SELECT COUNT(*) FROM information_schema.tables \
                     WHERE table_schema NOT IN ('pg_catalog', 'information_schema')",
                )
                .await?;
            conn.close().await?;
            match (&manifest.database, tables) {
                (Some(_), n) if n > 0 => bail!(
                    "the target database already holds {n} tables: restore only into a new, empty database; nothing was changed"
                ),
                (None, 0) => bail!(
                    "this backup has no database (pg_dump was not available when it was made): restore the \
                     database with pg_restore first, then run `zeri restore` to put the evidence back and verify"
                ),
                _ => {}
            }
        }
    }
    args.data.prepare_dir()?;
    let blobs = args.data.blobs()?;
    blobs.ping().await.context("reaching the target evidence store")?;
    if !blobs.list().await.context("listing the target evidence store")?.is_empty() {
        bail!(
            "the target evidence store ({blobs:?}) is not empty: restore only into an empty one; nothing was changed"
        );
    }

    // 4. Put everything in place.
    match (&target, &manifest.database) {
        (Database::Sqlite(path), Some(db)) => {
            copy_into_place(&dir.join(db), path)?;
            println!("restored the database into {}", path.display());
        }
        (Database::Postgres(url), Some(db)) => {
            pg_restore(url, &dir.join(db)).await?;
            println!("restored the database with pg_restore");
        }
        (Database::Postgres(_), None) => println!("the database was restored beforehand (not in this backup)"),
        (Database::Sqlite(_), None) => bail!("the backup is damaged: {MANIFEST} names no SQLite database"),
    }
    let prefix = format!("{EVIDENCE}/");
    let mut restored_keys = std::collections::BTreeSet::new();
    for rel in manifest.files.keys() {
        if let Some(key) = rel.strip_prefix(&prefix) {
            restore_blob(&blobs, key, &dir.join(rel)).await.with_context(|| format!("restoring {rel}"))?;
            restored_keys.insert(key.to_owned());
        }
    }
    println!("restored {} sealed evidence files into the {blobs:?}", restored_keys.len());

    // 5. Verify what is now in place.
    let mut failures = Vec::new();
    let store = args.data.store(keys.clone()).await?;
    match zeri_storage::verify_chain(store.as_ref(), &keys).await? {
        Ok(n) => println!("audit log intact: {n} entries, each linked to the one before"),
        Err(broken) => failures.push(format!("audit log BROKEN at {broken}")),
    }
    let mut conn = target.connect().await?;
    let facts = conn.facts().await?;
    let ids = conn.texts("SELECT id FROM evidence ORDER BY id").await?;
    conn.close().await?;
    if manifest.database.is_some() {
        if facts.head != manifest.audit_head {
            failures.push(format!(
                "the audit head is entry {} but the backup recorded entry {} with another hash",
                facts.head.seq, manifest.audit_head.seq
            ));
        }
        if facts.reports != manifest.reports || facts.evidence != manifest.evidence {
            failures.push(format!(
                "the database holds {} reports and {} evidence files; the backup recorded {} and {}",
                facts.reports, facts.evidence, manifest.reports, manifest.evidence
            ));
        }
    }
    println!("reports: {}", facts.reports);
    // The log now ends where the backup's did, on purpose: say so where checkpoints are kept.
    if failures.is_empty() {
        let file = args.data.checkpoint_file();
        file.append(&keys, &head_checkpoint(&facts.head, true)?)
            .with_context(|| format!("writing the restore's checkpoint to {}", file.path.display()))?;
    }

    // 6. The case keys, from the latest copy; a case missing from it was erased since.
    let copy = case_keys::read(&case_keys::path(&args.data, &args.case_keys))?;
    let put = store.put_case_keys(&copy).await?;
    println!("case keys: {put} put back from the latest copy");
    let erased = store.reports_missing_keys().await?;
    for id in &erased {
        zeri_storage::retention::erase(
            store.as_ref(),
            &blobs,
            id,
            "restore:erased-after-backup",
            zeri_storage::now_ms(),
        )
        .await?;
    }
    if !erased.is_empty() {
        println!("  {} cases were erased after this backup was made: their personal data stays erased", erased.len());
    }

    let mut good = 0usize;
    let mut gone = 0usize;
    for id in &ids {
        let Some(row) = store.evidence(id).await? else {
            failures.push(format!("evidence {id}: its row cannot be read"));
            continue;
        };
        restored_keys.remove(&row.blob_key);
        let Some(report) = store.report(&row.report_id).await? else {
            failures.push(format!("evidence {id}: its report is missing"));
            continue;
        };
        let sealer = zeri_storage::context::case_sealer(store.as_ref(), &keys, &report).await?;
        if sealer.is_destroyed() {
            gone += 1;
            continue;
        }
        let sealed = match blobs.get(&row.blob_key).await {
            Ok(s) => s,
            Err(BlobError::NotFound) => {
                failures.push(format!("evidence {id}: its file is missing"));
                continue;
            }
            Err(e) => return Err(e).context("reading the evidence store"),
        };
        match sealer.open(&sealed, zeri_storage::context::evidence_file(id).as_bytes()) {
            Ok(plain) if zeri_hashing::sha256_hex(&plain) == row.sha256 && plain.len() as i64 == row.size => good += 1,
            Ok(_) => failures.push(format!("evidence {id}: decrypts, but not to its recorded SHA-256")),
            Err(_) => failures.push(format!("evidence {id}: does not decrypt with this master key")),
        }
    }
    println!(
        "evidence: {good} of {} files present, decrypted and matching their recorded SHA-256{}",
        ids.len(),
        if gone > 0 { format!(" ({gone} of erased cases, deleted)") } else { String::new() }
    );
    let testimonies = {
        let mut conn = target.connect().await?;
        let ids = conn.texts("SELECT report_id FROM testimonies ORDER BY report_id").await?;
        conn.close().await?;
        ids
    };
    let (mut good, mut gone) = (0usize, 0usize);
    for id in &testimonies {
        if let Some(blob) = store.testimony_blob(id).await? {
            restored_keys.remove(&blob.blob_key);
        }
        match testimony_digest(store.as_ref(), &keys, &blobs, id).await {
            Ok(Testimony::Matches) => good += 1,
            Ok(Testimony::Erased) => gone += 1,
            Ok(Testimony::Differs) => {
                failures.push(format!("testimony of {id}: decrypts, but not to its recorded SHA-256"))
            }
            Err(e) => failures.push(format!("testimony of {id}: {e:#}")),
        }
    }
    println!(
        "testimonies: {good} of {} present, decrypted and matching their recorded SHA-256{}",
        testimonies.len(),
        if gone > 0 { format!(" ({gone} of erased cases)") } else { String::new() }
    );
    if !restored_keys.is_empty() {
        println!(
            "  and {} sealed files that no row names (written after the snapshot, or left by a failed \
             submission): unreadable without a row, harmless",
            restored_keys.len()
        );
    }
    if failures.is_empty() {
        println!("restore verified");
        return Ok(());
    }
    for f in &failures {
        println!("FAILED: {f}");
    }
    println!("restore FAILED verification ({} problems): the data is in place but must not be trusted", failures.len());
    std::process::exit(1);
}

/// A checkpoint of a head read from the database (its link in hex).
fn head_checkpoint(head: &Head, restored: bool) -> Result<zeri_storage::Checkpoint> {
    let hash = hex::decode(&head.hash).ok().and_then(|h| h.try_into().ok()).context("the audit head's link")?;
    Ok(zeri_storage::Checkpoint { seq: head.seq, hash, at: zeri_storage::now_ms(), restored })
}
