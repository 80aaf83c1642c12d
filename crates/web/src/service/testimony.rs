//! The testimony of a case (Barnahus: the child tells the story once), streamed in and out
//! of the blob store (issue 18): the file is sealed chunk by chunk as it arrives
//! ([`zeri_crypto::stream`], under a key of its own kept sealed under the case key) and
//! written to the blob store as it is sealed, with its SHA-256 computed on the way for the
//! chain of custody; it is opened chunk by chunk as it is sent, each chunk released only
//! once it has verified. No instance holds the whole file.
//!
//! Order, as for evidence: the blob is complete before the row naming it commits; an upload
//! that fails, is too large, or whose form is refused leaves no row and deletes its blob.

use crate::now_ms;
use crate::service::case::event;
use crate::service::case::invalid;
use crate::service::case::open_text;
use crate::service::case::optional_text;
use crate::service::case::permitted;
use crate::service::case::seal;
use crate::service::case::text;
use crate::service::case::Fail;
use crate::service::case::Input;
use crate::service::case::Outcome;
use crate::service::case::TestimonyMeta;
use crate::service::case::TESTIMONY_LIMIT;
use crate::App;
use futures_util::stream::BoxStream;
use sha2::{Digest, Sha256};
use zeri_crypto::stream::{StreamKey, StreamOpener, StreamSealer};
use zeri_crypto::Sealer;
use zeri_domain::casework::parse_date;
use zeri_domain::Action;
use zeri_storage::context::{testimony_file as file_context, testimony_key, testimony_meta};
use zeri_storage::testimony::{new_blob_key, TestimonyBlob, TestimonySource};
use zeri_storage::{BlobReader, BlobWriter, Blobs, StaffRow, StoreError, TestimonyRow};

/// Why an upload stopped before its file was stored.
pub enum UploadStop {
    /// Over [`TESTIMONY_LIMIT`].
    TooLarge,
    Fail(Fail),
}

impl From<Fail> for UploadStop {
    fn from(f: Fail) -> Self {
        UploadStop::Fail(f)
    }
}

fn internal(e: impl std::fmt::Display) -> Fail {
    Fail::Internal(e.to_string())
}

/// A testimony file being received: sealed and written as its pieces arrive. Dropped
/// before [`Upload::finish`], its partial blob is removed.
pub struct Upload {
    blob: TestimonyBlob,
    writer: BlobWriter,
    seal: StreamSealer,
    sha: Sha256,
    size: usize,
}

/// Starts receiving the testimony of case `id`: decided (permission, no testimony yet)
/// before the first byte of the file is kept.
pub async fn start_upload(app: &App, user: &StaffRow, id: &str) -> Result<Upload, Fail> {
    let c = permitted(app, user, id, Action::AddTestimony).await?;
    if app.store.testimony(id).await?.is_some() {
        return Err(Fail::Conflict("testimony-exists"));
    }
    let key = StreamKey::generate();
    let blob = TestimonyBlob {
        blob_key: new_blob_key(),
        sealed_key: c.sealer.seal(key.expose(), testimony_key(id).as_bytes()),
    };
    let writer = app.blobs.writer(&blob.blob_key).await.map_err(internal)?;
    Ok(Upload { seal: StreamSealer::new(&key, file_context(id).as_bytes()), blob, writer, sha: Sha256::new(), size: 0 })
}

impl Upload {
    /// Takes the next piece of the file.
    pub async fn write(&mut self, piece: &[u8]) -> Result<(), UploadStop> {
        self.size += piece.len();
        if self.size > TESTIMONY_LIMIT {
            return Err(UploadStop::TooLarge);
        }
        self.sha.update(piece);
        let sealed = self.seal.update(piece).map_err(internal)?;
        self.writer.write(&sealed).await.map_err(internal)?;
        Ok(())
    }

    /// Bytes received so far.
    pub fn len(&self) -> usize {
        self.size
    }

    pub fn is_empty(&self) -> bool {
        self.size == 0
    }

    /// Seals the last chunk and completes the blob.
    pub async fn finish(mut self, app: &App) -> Result<Stored, Fail> {
        let last = self.seal.finish().map_err(internal)?;
        self.writer.write(&last).await.map_err(internal)?;
        self.writer.finish().await.map_err(internal)?;
        Ok(Stored {
            blobs: app.blobs.clone(),
            blob: Some(self.blob),
            size: self.size as i64,
            sha256: hex::encode(self.sha.finalize()),
        })
    }
}

/// A testimony file complete in the blob store, not yet named by a row. Dropped unused
/// (the form was refused), its blob is deleted.
pub struct Stored {
    blobs: Blobs,
    blob: Option<TestimonyBlob>,
    size: i64,
    sha256: String,
}

impl Stored {
    /// Deletes the blob now (a refused form).
    pub async fn discard(mut self) {
        if let Some(b) = self.blob.take() {
            if let Err(e) = self.blobs.delete(&b.blob_key).await {
                tracing::warn!(blob = %b.blob_key, error = %e, "a refused testimony's blob was not deleted");
            }
        }
    }
}

impl Drop for Stored {
    fn drop(&mut self) {
        if let (Some(b), Ok(rt)) = (self.blob.take(), tokio::runtime::Handle::try_current()) {
            let blobs = self.blobs.clone();
            rt.spawn(async move {
                if let Err(e) = blobs.delete(&b.blob_key).await {
                    tracing::warn!(blob = %b.blob_key, error = %e, "a refused testimony's blob was not deleted");
                }
            });
        }
    }
}

/// Stores the one testimony of a case: the file already in the blob store (`file`: its
/// name, content type and the stored file), the row with its SHA-256 for the chain of
/// custody. On any refusal the stored file is deleted.
pub async fn add_testimony(
    app: &App,
    user: &StaffRow,
    id: &str,
    input: &Input,
    file: Option<(String, String, Stored)>,
) -> Result<Outcome, Fail> {
    let Some((file_name, content_type, mut stored)) = file else {
        // The form is checked all the same, so the first error shown is the first field's.
        permitted(app, user, id, Action::AddTestimony).await?;
        parse_date("recorded_on", input.get("recorded_on")).map_err(Fail::Invalid)?;
        text("interviewer", input.get("interviewer"), 200)?;
        optional_text("notes", input.get("notes"), 2000)?;
        return Err(invalid("file", "required"));
    };
    // From here the blob is never deleted by `Drop`: if this future is dropped while the
    // row commits (a client gone mid-request), or the database reports an error after its
    // COMMIT took effect, deleting would leave a row naming a blob that is gone, and the
    // one testimony lost. An orphan blob, unreadable without its row's key, is the lesser harm.
    let blob = stored.blob.take().expect("taken only here");
    let done = insert(app, user, id, input, file_name, content_type, &stored, &blob).await;
    match done {
        Ok(()) => Ok(Outcome::Done),
        Err(f) => {
            // Deleted only when no row names it (the refusal was real, not an ambiguous commit).
            let named = matches!(app.store.testimony_blob(id).await, Ok(Some(b)) if b.blob_key == blob.blob_key);
            if !named {
                stored.blob = Some(blob);
                stored.discard().await;
            }
            Err(f)
        }
    }
}

#[allow(clippy::too_many_arguments)]
async fn insert(
    app: &App,
    user: &StaffRow,
    id: &str,
    input: &Input,
    file_name: String,
    content_type: String,
    stored: &Stored,
    blob: &TestimonyBlob,
) -> Result<(), Fail> {
    let c = permitted(app, user, id, Action::AddTestimony).await?;
    let recorded_on = parse_date("recorded_on", input.get("recorded_on")).map_err(Fail::Invalid)?;
    let interviewer = text("interviewer", input.get("interviewer"), 200)?;
    let notes = optional_text("notes", input.get("notes"), 2000)?;
    let file_name: String =
        file_name.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')).take(100).collect();
    let meta = TestimonyMeta {
        file_name: if file_name.is_empty() { "testimony".into() } else { file_name },
        content_type: if content_type.len() <= 100 { content_type } else { "application/octet-stream".into() },
        interviewer,
        notes,
    };
    let row = TestimonyRow {
        report_id: id.to_owned(),
        recorded_on,
        recorded_by: user.id.clone(),
        created_at: now_ms(),
        size: stored.size,
        sha256: stored.sha256.clone(),
        sealed_meta: seal(&c.sealer, &testimony_meta(id), &serde_json::to_string(&meta).expect("plain struct")),
    };
    match app.store.insert_testimony_blob(&row, blob, &event(user, id, "testimony-added", Some(&row.sha256))).await {
        Ok(()) => Ok(()),
        Err(StoreError::Conflict { .. }) => Err(Fail::Conflict("testimony-exists")),
        Err(e) => Err(e.into()),
    }
}

/// The testimony file as it is sent: its plaintext, chunk by chunk. An error ends the
/// stream (a damaged or missing blob); nothing unverified is ever in it.
pub type FileStream = BoxStream<'static, Result<Vec<u8>, std::io::Error>>;

/// The testimony file for download: its description, its size and its bytes as a stream.
pub struct Download {
    pub meta: TestimonyMeta,
    pub size: u64,
    pub body: FileStream,
}

/// Opens the testimony file for viewing; every viewing is logged and shown to the child.
/// The first chunk is verified before anything is logged or sent, so a file damaged from
/// its start is an error, not an empty download.
pub async fn testimony_download(app: &App, user: &StaffRow, id: &str) -> Result<Download, Fail> {
    let c = permitted(app, user, id, Action::ReadTestimony).await?;
    let row = app.store.testimony(id).await?.ok_or(Fail::NotFound)?;
    let meta: TestimonyMeta = serde_json::from_str(&open_text(&c.sealer, &testimony_meta(id), &row.sealed_meta)?)
        .map_err(|_| Fail::Internal("sealed testimony does not decode".into()))?;
    // One read of where the file is: a start-up move on another instance is seen before
    // or after, never half-way (which would be a 404 for a testimony that exists).
    let body: FileStream = match app.store.testimony_source(id).await?.ok_or(Fail::NotFound)? {
        TestimonySource::Blob(blob) => {
            let mut reading = Reading::open(app, &c.sealer, id, &blob).await?;
            let first = reading.next().await.map_err(internal)?;
            let first = futures_util::stream::iter(first.map(Ok));
            Box::pin(first.chain(futures_util::stream::unfold(Some(reading), next_piece)))
        }
        TestimonySource::Database(sealed) => {
            // Not moved yet (from before 0028): sealed in one piece in the database.
            let file = c.sealer.open(&sealed, file_context(id).as_bytes()).map_err(internal)?;
            Box::pin(futures_util::stream::iter([Ok(file.to_vec())]))
        }
    };
    app.store.record_event(&event(user, id, "testimony-viewed", None)).await?;
    Ok(Download { meta, size: row.size as u64, body })
}

use futures_util::StreamExt;

async fn next_piece(state: Option<Reading>) -> Option<(Result<Vec<u8>, std::io::Error>, Option<Reading>)> {
    let mut reading = state?;
    match reading.next().await {
        Ok(Some(piece)) => Some((Ok(piece), Some(reading))),
        Ok(None) => None,
        Err(e) => {
            tracing::error!(case = %reading.case, error = %e, "the testimony file failed while it was sent");
            Some((Err(std::io::Error::other("the file could not be read")), None))
        }
    }
}

/// A testimony blob being read and opened.
struct Reading {
    case: String,
    reader: BlobReader,
    opener: Option<StreamOpener>,
}

impl Reading {
    async fn open(app: &App, sealer: &Sealer, id: &str, blob: &TestimonyBlob) -> Result<Self, Fail> {
        let key = sealer.open(&blob.sealed_key, testimony_key(id).as_bytes()).map_err(internal)?;
        let key = StreamKey::from_bytes(&key).map_err(internal)?;
        let reader = app.blobs.reader(&blob.blob_key).await.map_err(internal)?;
        Ok(Self { case: id.to_owned(), reader, opener: Some(StreamOpener::new(key, file_context(id).as_bytes())) })
    }

    /// The next verified plaintext (never empty), `None` at the verified end.
    async fn next(&mut self) -> Result<Option<Vec<u8>>, String> {
        loop {
            let Some(opener) = self.opener.as_mut() else { return Ok(None) };
            match self.reader.next().await.map_err(|e| e.to_string())? {
                Some(sealed) => {
                    let plain = opener.update(&sealed).map_err(|e| e.to_string())?;
                    if !plain.is_empty() {
                        return Ok(Some(plain.to_vec()));
                    }
                }
                None => {
                    let opener = self.opener.take().expect("checked above");
                    let last = opener.finish().map_err(|e| e.to_string())?;
                    if !last.is_empty() {
                        return Ok(Some(last.to_vec()));
                    }
                }
            }
        }
    }
}

/// The whole testimony file in memory, for a case package (a zip, at most
/// [`TESTIMONY_LIMIT`]). `None`: the case has no testimony.
pub async fn testimony_bytes(app: &App, sealer: &Sealer, id: &str) -> Result<Option<Vec<u8>>, Fail> {
    match app.store.testimony_source(id).await? {
        Some(TestimonySource::Blob(blob)) => {
            let mut reading = Reading::open(app, sealer, id, &blob).await?;
            let mut out = Vec::new();
            while let Some(piece) = reading.next().await.map_err(Fail::Internal)? {
                out.extend_from_slice(&piece);
            }
            Ok(Some(out))
        }
        Some(TestimonySource::Database(sealed)) => {
            Ok(Some(sealer.open(&sealed, file_context(id).as_bytes()).map_err(internal)?.to_vec()))
        }
        None => Ok(None),
    }
}
