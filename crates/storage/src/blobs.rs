//! Where evidence files and testimonies are kept, sealed: a local folder (the default, beside the database)
//! or an S3-compatible bucket, both through the `object_store` crate so the two share one
//! code path and one test story.
//!
//! Blobs arrive already sealed (`zeri-crypto`); this module never sees a plaintext file.
//! A blob is written before the database row that names it is committed, so a crash in
//! between leaves at most an orphan blob that nothing refers to (and that no one can open
//! without the row's context), never a row without its file.

use std::sync::Arc;

use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload, WriteMultipart};

/// Why the blob store failed. The message names no blob content.
#[derive(Debug, thiserror::Error)]
pub enum BlobError {
    #[error("blob store location is invalid: {0}")]
    Config(String),
    #[error("blob not found")]
    NotFound,
    #[error("blob store: {0}")]
    Store(#[from] object_store::Error),
}

/// A store of sealed files, named by key.
#[derive(Clone)]
pub struct Blobs {
    inner: Arc<dyn ObjectStore>,
    prefix: Path,
    describe: String,
}

impl std::fmt::Debug for Blobs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe)
    }
}

impl Blobs {
    /// A folder on this machine; created if missing. Every write is fsynced (file and
    /// folder) before it returns, so a receipt shown afterwards survives a power loss.
    pub fn local(dir: &std::path::Path) -> Result<Self, BlobError> {
        std::fs::create_dir_all(dir).map_err(|e| BlobError::Config(format!("{}: {e}", dir.display())))?;
        let store =
            LocalFileSystem::new_with_prefix(dir).map_err(|e| BlobError::Config(e.to_string()))?.with_fsync(true);
        Ok(Self { inner: Arc::new(store), prefix: Path::default(), describe: format!("folder {}", dir.display()) })
    }

    /// An S3-compatible bucket, `s3://BUCKET` or `s3://BUCKET/PREFIX`. Credentials, region
    /// and endpoint come from the usual variables (`AWS_ACCESS_KEY_ID`,
    /// `AWS_SECRET_ACCESS_KEY`, `AWS_REGION`, `AWS_ENDPOINT`, and `AWS_ALLOW_HTTP=true` for
    /// a test server on loopback).
    pub fn s3(url: &str) -> Result<Self, BlobError> {
        let rest = url.strip_prefix("s3://").ok_or_else(|| BlobError::Config("expected s3://BUCKET".into()))?;
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        if bucket.is_empty() {
            return Err(BlobError::Config("expected s3://BUCKET".into()));
        }
        let store = AmazonS3Builder::from_env()
            .with_bucket_name(bucket)
            .build()
            .map_err(|e| BlobError::Config(e.to_string()))?;
        Ok(Self {
            inner: Arc::new(store),
            prefix: Path::from(prefix.trim_matches('/')),
            describe: format!("bucket {bucket}"),
        })
    }

    /// `s3://…` for a bucket, anything else is a local folder.
    pub fn open(location: &str) -> Result<Self, BlobError> {
        if location.starts_with("s3://") {
            Self::s3(location)
        } else {
            Self::local(std::path::Path::new(location.strip_prefix("file://").unwrap_or(location)))
        }
    }

    /// `key` may have `/`-separated parts (`evidence/<id>`), each a folder or key level.
    fn path(&self, key: &str) -> Path {
        self.prefix.parts().chain(Path::from(key).parts()).collect()
    }

    /// Stores `bytes` under `key`, durably, replacing nothing: keys are fresh random ids.
    pub async fn put(&self, key: &str, bytes: Vec<u8>) -> Result<(), BlobError> {
        self.inner.put(&self.path(key), PutPayload::from(bytes)).await?;
        Ok(())
    }

    pub async fn get(&self, key: &str) -> Result<Vec<u8>, BlobError> {
        match self.inner.get(&self.path(key)).await {
            Ok(found) => Ok(found.bytes().await?.to_vec()),
            Err(object_store::Error::NotFound { .. }) => Err(BlobError::NotFound),
            Err(e) => Err(e.into()),
        }
    }

    /// Removes a blob; removing one that is not there is not an error.
    pub async fn delete(&self, key: &str) -> Result<(), BlobError> {
        match self.inner.delete(&self.path(key)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    /// Every key in the store (under its prefix), sorted; for backups. Walks it level by
    /// level, so a folder skips `object_store`'s unfinished writes (`NAME#N`) and a bucket
    /// is listed page by page.
    pub async fn list(&self) -> Result<Vec<String>, BlobError> {
        let mut keys = Vec::new();
        let mut pending = vec![self.prefix.clone()];
        while let Some(level) = pending.pop() {
            let found = self.inner.list_with_delimiter(Some(&level)).await?;
            pending.extend(found.common_prefixes);
            for object in found.objects {
                if let Some(parts) = object.location.prefix_match(&self.prefix) {
                    keys.push(parts.map(|p| p.as_ref().to_owned()).collect::<Vec<_>>().join("/"));
                }
            }
        }
        keys.sort();
        Ok(keys)
    }

    /// Checks that the store answers: asks for a key that is never written (a folder that
    /// is no longer a folder fails here), and lists the first level under the prefix (one
    /// request; it holds only the `evidence/` and `testimony/` folders), because S3 answers a head in a bucket
    /// that does not exist with the same 404 as a missing key.
    pub async fn ping(&self) -> Result<(), BlobError> {
        match self.inner.head(&self.path(".ping")).await {
            Ok(_) | Err(object_store::Error::NotFound { .. }) => {}
            Err(e) => return Err(e.into()),
        }
        self.inner.list_with_delimiter(Some(&self.prefix)).await?;
        Ok(())
    }

    /// Starts writing a large blob piece by piece (a testimony), never held whole: a
    /// multipart upload for a bucket, a staged file (fsynced, then renamed) for a folder.
    /// Nothing is visible under `key` until [`BlobWriter::finish`]; a writer dropped or
    /// aborted before then leaves nothing behind.
    pub async fn writer(&self, key: &str) -> Result<BlobWriter, BlobError> {
        let upload = self.inner.put_multipart(&self.path(key)).await?;
        // S3 takes parts of 5 MiB at least (but the last); a folder needs no such size.
        let part = if self.describe.starts_with("bucket") { 5 * 1024 * 1024 } else { 1024 * 1024 };
        Ok(BlobWriter { inner: Some(WriteMultipart::new_with_chunk_size(upload, part)) })
    }

    /// Reads a blob piece by piece as the store delivers it.
    pub async fn reader(&self, key: &str) -> Result<BlobReader, BlobError> {
        match self.inner.get(&self.path(key)).await {
            Ok(found) => Ok(BlobReader { inner: found.into_stream() }),
            Err(object_store::Error::NotFound { .. }) => Err(BlobError::NotFound),
            Err(e) => Err(e.into()),
        }
    }
}

/// Parts of a blob in flight at once while writing (each up to the part size in memory).
const WRITE_PARTS_IN_FLIGHT: usize = 2;

/// A blob being written ([`Blobs::writer`]).
pub struct BlobWriter {
    inner: Option<WriteMultipart>,
}

impl std::fmt::Debug for BlobWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BlobWriter(..)")
    }
}

impl BlobWriter {
    /// Appends `bytes`, waiting while too many parts are still being stored.
    pub async fn write(&mut self, bytes: &[u8]) -> Result<(), BlobError> {
        let w = self.inner.as_mut().ok_or(BlobError::NotFound)?;
        w.wait_for_capacity(WRITE_PARTS_IN_FLIGHT).await?;
        w.write(bytes);
        Ok(())
    }

    /// Stores what is left and makes the blob visible under its key, durably.
    pub async fn finish(mut self) -> Result<(), BlobError> {
        let w = self.inner.take().ok_or(BlobError::NotFound)?;
        w.finish().await?;
        Ok(())
    }

    /// Gives the blob up: its parts are removed.
    pub async fn abort(mut self) -> Result<(), BlobError> {
        if let Some(w) = self.inner.take() {
            w.abort().await?;
        }
        Ok(())
    }
}

impl Drop for BlobWriter {
    /// A writer dropped unfinished (a client that went away mid-upload) removes its parts
    /// in the background.
    fn drop(&mut self) {
        if let (Some(w), Ok(runtime)) = (self.inner.take(), tokio::runtime::Handle::try_current()) {
            runtime.spawn(async move {
                if let Err(e) = w.abort().await {
                    tracing::warn!(error = %e, "the parts of an unfinished blob were not removed");
                }
            });
        }
    }
}

/// A blob being read ([`Blobs::reader`]).
pub struct BlobReader {
    inner: futures_util::stream::BoxStream<'static, object_store::Result<bytes::Bytes>>,
}

impl std::fmt::Debug for BlobReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BlobReader(..)")
    }
}

impl BlobReader {
    /// The next piece, `None` at the end.
    pub async fn next(&mut self) -> Result<Option<bytes::Bytes>, BlobError> {
        use futures_util::StreamExt;
        Ok(self.inner.next().await.transpose()?)
    }
}
