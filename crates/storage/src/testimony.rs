//! The recorded testimony's file in the blob store (issue 18).
//!
//! A testimony (often a long video) is sealed in chunks ([`zeri_crypto::stream`]) under a
//! key of its own, written to the blob store as it arrives and read back the same way, so
//! no instance ever holds the whole file. The row keeps the blob's key and the file's key,
//! sealed under the case key (`testimonies.sealed_key`, context
//! [`crate::context::testimony_key`]); a master-key rotation re-wraps that value (or the
//! case key), never the blob; erasing the case destroys the case key and deletes the blob.
//!
//! As for evidence, the blob is complete before the row naming it commits: a crash in
//! between leaves an orphan blob that nothing names and no one can open.
//!
//! Testimonies stored before migration 0028 keep their file sealed in one piece in
//! `testimonies.sealed_file`. [`move_to_blobs`] (run by `zeri serve` before it listens)
//! re-seals each in the stream format into the blob store and then empties the column, by
//! a compare-and-set on the row, so several instances starting at once move each file once
//! (a loser deletes its copy). Until a row is moved, its file is served from the column;
//! a reader learns where the file is from one read of the row
//! ([`TestimonyStore::testimony_source`]), so a move under way is never a missing file.
//!
//! An erasure racing a move leaves no orphan: the erasure takes the blob key from the
//! UPDATE that blanks the row (`RETURNING`), so a move that committed first is deleted with
//! the case; a move that comes after finds the row erased, names nothing and deletes its copy.

use std::sync::Arc;

use sqlx::Row;
use zeri_crypto::stream::{StreamKey, StreamSealer};
use zeri_crypto::Keyring;

use crate::model::{NewEvent, TestimonyRow};
use crate::sql::{PgStore, SqliteStore};
use crate::{BlobError, Blobs, Result, Store, StoreError};

/// Blob keys of testimonies start with this.
pub const BLOB_PREFIX: &str = "testimony/";

/// `testimonies.format` of a file in the blob store, sealed in the stream format (v1).
pub const FORMAT_STREAM: i64 = 1;

/// Plaintext bytes sealed and written at a time when a file is moved.
const MOVE_PIECE: usize = 1024 * 1024;

/// A fresh blob key for a testimony file.
pub fn new_blob_key() -> String {
    format!("{BLOB_PREFIX}{}", uuid::Uuid::new_v4())
}

/// Where a testimony's file is, as one row said it (see [`TestimonyStore::testimony_source`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TestimonySource {
    /// In the blob store, streamed.
    Blob(TestimonyBlob),
    /// Sealed in one piece in the database (from before 0028, not moved yet).
    Database(Vec<u8>),
}

/// Where a testimony's file is and the file's own key, sealed under the case key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestimonyBlob {
    pub blob_key: String,
    pub sealed_key: Vec<u8>,
}

#[async_trait::async_trait]
pub trait TestimonyStore: Send + Sync {
    /// The one testimony of a case, whose file is already complete in the blob store, with
    /// its audit entry; `Conflict` when the case has one.
    async fn insert_testimony_blob(&self, t: &TestimonyRow, blob: &TestimonyBlob, event: &NewEvent) -> Result<()>;
    /// Where the testimony's file is; `None` when there is no testimony or its file is
    /// still in the database (from before 0028).
    async fn testimony_blob(&self, report_id: &str) -> Result<Option<TestimonyBlob>>;
    /// Where the testimony's file is, for a reader: the blob, or the sealed bytes still in
    /// the database, read in one statement so that a move by another instance is seen
    /// before or after, never half-way (a blob not named yet and a column already
    /// emptied). `None`: no testimony, or its case was erased.
    async fn testimony_source(&self, report_id: &str) -> Result<Option<TestimonySource>>;
    /// Cases whose testimony file is still in the database, after `after` in id order.
    async fn testimonies_in_database(&self, after: &str, limit: i64) -> Result<Vec<String>>;
    /// Names the moved file and empties `sealed_file`, only if the file is still in the
    /// database and its case is not erased: `false` when another instance moved it first
    /// or the case was erased (before or while the file was copied); the caller then
    /// deletes its copy.
    async fn move_testimony(&self, report_id: &str, blob: &TestimonyBlob) -> Result<bool>;
}

macro_rules! impl_testimony {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl TestimonyStore for $store {
            async fn insert_testimony_blob(
                &self,
                t: &TestimonyRow,
                blob: &TestimonyBlob,
                event: &NewEvent,
            ) -> Result<()> {
                let empty: &[u8] = &[];
                self.exec_audited(
                    sqlx::query(
                        "INSERT INTO testimonies (report_id, recorded_on, recorded_by, created_at, size, sha256, \
                         sealed_meta, sealed_file, blob_key, sealed_key, format) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                    )
                    .bind(&t.report_id)
                    .bind(t.recorded_on)
                    .bind(&t.recorded_by)
                    .bind(t.created_at)
                    .bind(t.size)
                    .bind(&t.sha256)
                    .bind(&t.sealed_meta)
                    .bind(empty)
                    .bind(&blob.blob_key)
                    .bind(&blob.sealed_key)
                    .bind(FORMAT_STREAM),
                    event,
                    None,
                )
                .await
            }

            async fn testimony_blob(&self, report_id: &str) -> Result<Option<TestimonyBlob>> {
                let row = sqlx::query(
                    "SELECT blob_key, sealed_key FROM testimonies \
                     WHERE report_id = $1 AND blob_key IS NOT NULL AND sealed_key IS NOT NULL",
                )
                .bind(report_id)
                .fetch_optional(&self.pool)
                .await?;
                row.map(|r| {
                    Ok(TestimonyBlob { blob_key: r.try_get("blob_key")?, sealed_key: r.try_get("sealed_key")? })
                })
                .transpose()
            }

            async fn testimony_source(&self, report_id: &str) -> Result<Option<TestimonySource>> {
                // The column is read only when the file is still in it.
                let row = sqlx::query(
                    "SELECT blob_key, sealed_key, CASE WHEN blob_key IS NULL THEN sealed_file END AS sealed_file \
                     FROM testimonies WHERE report_id = $1",
                )
                .bind(report_id)
                .fetch_optional(&self.pool)
                .await?;
                let Some(r) = row else { return Ok(None) };
                let blob_key: Option<String> = r.try_get("blob_key")?;
                let sealed_key: Option<Vec<u8>> = r.try_get("sealed_key")?;
                let sealed_file: Option<Vec<u8>> = r.try_get("sealed_file")?;
                Ok(match (blob_key, sealed_key, sealed_file) {
                    (Some(blob_key), Some(sealed_key), _) => {
                        Some(TestimonySource::Blob(TestimonyBlob { blob_key, sealed_key }))
                    }
                    (None, _, Some(file)) if !file.is_empty() => Some(TestimonySource::Database(file)),
                    // Erased: the file's key is gone (or its bytes were emptied).
                    _ => None,
                })
            }

            async fn testimonies_in_database(&self, after: &str, limit: i64) -> Result<Vec<String>> {
                let rows = sqlx::query(
                    "SELECT report_id FROM testimonies \
                     WHERE blob_key IS NULL AND length(sealed_file) > 0 AND report_id > $1 \
                     ORDER BY report_id LIMIT $2",
                )
                .bind(after)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                rows.iter().map(|r| Ok(r.try_get("report_id")?)).collect()
            }

            async fn move_testimony(&self, report_id: &str, blob: &TestimonyBlob) -> Result<bool> {
                let empty: &[u8] = &[];
                // An erasure empties `sealed_file` and blanks the key in the same row (on
                // PostgreSQL this UPDATE waits for it and sees its result); the case's
                // `erased_at` is checked too. Whichever commits second sees the other.
                let done = sqlx::query(
                    "UPDATE testimonies SET blob_key = $1, sealed_key = $2, format = $3, sealed_file = $4 \
                     WHERE report_id = $5 AND blob_key IS NULL AND length(sealed_file) > 0 \
                     AND EXISTS (SELECT 1 FROM reports WHERE id = $5 AND erased_at IS NULL) \
                     RETURNING report_id",
                )
                .bind(&blob.blob_key)
                .bind(&blob.sealed_key)
                .bind(FORMAT_STREAM)
                .bind(empty)
                .bind(report_id)
                .fetch_optional(&self.pool)
                .await?;
                Ok(done.is_some())
            }
        }
    };
}

impl_testimony!(SqliteStore);
impl_testimony!(PgStore);

/// Why a testimony file could not be written or moved. Names no content.
#[derive(Debug, thiserror::Error)]
pub enum TestimonyError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Blob(#[from] BlobError),
    #[error("testimony of {0}: {1}")]
    Crypto(String, zeri_crypto::CryptoError),
}

/// What [`move_to_blobs`] did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Moved {
    /// Files moved by this call.
    pub moved: usize,
    /// Files another instance moved first (this call's copy was deleted).
    pub raced: usize,
    /// Files that could not be moved (they stay served from the database); the log names
    /// their cases.
    pub failed: usize,
}

/// Moves every testimony file still in the database into the blob store (see the module
/// documentation). Safe to run on several instances at once and again after a crash.
pub async fn move_to_blobs(store: &dyn Store, keys: &Arc<Keyring>, blobs: &Blobs) -> Result<Moved, TestimonyError> {
    let mut done = Moved::default();
    let mut after = String::new();
    loop {
        let ids = store.testimonies_in_database(&after, 50).await?;
        let Some(last) = ids.last() else { break };
        after = last.clone();
        for id in &ids {
            match move_one(store, keys, blobs, id).await {
                Ok(true) => done.moved += 1,
                Ok(false) => done.raced += 1,
                Err(e) => {
                    tracing::error!(case = %id, error = %e, "the testimony file could not be moved to the blob store");
                    done.failed += 1;
                }
            }
        }
    }
    if done.moved + done.raced + done.failed > 0 {
        tracing::info!(moved = done.moved, raced = done.raced, failed = done.failed, "testimony files moved");
    }
    Ok(done)
}

async fn move_one(store: &dyn Store, keys: &Arc<Keyring>, blobs: &Blobs, id: &str) -> Result<bool, TestimonyError> {
    match copy_to_blob(store, keys, blobs, id).await? {
        Some(blob) => name_copy(store, blobs, id, &blob).await,
        None => Ok(false),
    }
}

/// The first step of moving one file: re-sealed in the stream format and written whole to
/// the blob store under a new key, which no row names yet. `None`: nothing to move (no
/// case, its case erased, or the file already moved). Public so that a test can put an
/// erasure between the two steps.
pub async fn copy_to_blob(
    store: &dyn Store,
    keys: &Arc<Keyring>,
    blobs: &Blobs,
    id: &str,
) -> Result<Option<TestimonyBlob>, TestimonyError> {
    let Some(report) = store.report(id).await? else { return Ok(None) };
    let sealer = crate::context::case_sealer(store, keys, &report).await?;
    if sealer.is_destroyed() {
        return Ok(None);
    }
    let Some(sealed) = store.testimony_file(id).await? else { return Ok(None) };
    let context = crate::context::testimony_file(id);
    let plain = sealer.open(&sealed, context.as_bytes()).map_err(|e| TestimonyError::Crypto(id.to_owned(), e))?;
    drop(sealed);
    let key = StreamKey::generate();
    let blob = TestimonyBlob {
        blob_key: new_blob_key(),
        sealed_key: sealer.seal(key.expose(), crate::context::testimony_key(id).as_bytes()),
    };
    let mut seal = StreamSealer::new(&key, context.as_bytes());
    let mut writer = blobs.writer(&blob.blob_key).await?;
    for piece in plain.chunks(MOVE_PIECE) {
        let out = seal.update(piece).map_err(|e| TestimonyError::Crypto(id.to_owned(), e))?;
        writer.write(&out).await?;
    }
    writer.write(&seal.finish().map_err(|e| TestimonyError::Crypto(id.to_owned(), e))?).await?;
    writer.finish().await?;
    Ok(Some(blob))
}

/// The second step: the row names the copy, if its file is still in the database and its
/// case not erased ([`TestimonyStore::move_testimony`]); otherwise the copy is deleted
/// (another instance moved it first, or the case was erased meanwhile: no orphan is left).
pub async fn name_copy(
    store: &dyn Store,
    blobs: &Blobs,
    id: &str,
    blob: &TestimonyBlob,
) -> Result<bool, TestimonyError> {
    match store.move_testimony(id, blob).await {
        Ok(true) => Ok(true),
        Ok(false) => {
            blobs.delete(&blob.blob_key).await?;
            Ok(false)
        }
        Err(e) => {
            // An error reported after the UPDATE took effect would leave the row naming a
            // deleted blob with `sealed_file` already emptied: delete only what no row names.
            let named = matches!(store.testimony_blob(id).await, Ok(Some(b)) if b.blob_key == blob.blob_key);
            if !named {
                let _ = blobs.delete(&blob.blob_key).await;
            }
            Err(e.into())
        }
    }
}
