//! Evidence: files a child attaches to a report or a follow-up message, kept with their
//! digests, perceptual hash and chain of custody, and opened by staff only on purpose.
//!
//! At intake each file is checked with cheap, bounded work only (kind from its bytes, an
//! archive's directory, SHA-256, MD5), matched exactly against the imported hash lists and
//! earlier evidence, sealed under the case key, and written to the blob store; only then does
//! the row naming it commit, in the same transaction as the report or message it came with
//! and its `evidence_received` custody entry. A file that cannot be accepted refuses the
//! whole submission with a clear message, and nothing of it is kept. Images are decoded
//! (PDQ with its seven dihedral variants, bounded against bombs) and matched by PDQ after
//! the commit, by the inspector (`service::inspection`), so decoding never delays the receipt.
//!
//! Staff see digests and matches with the case; seeing an image or downloading a file is
//! the separate action `view_evidence`, with a stated reason, recorded in the chain of
//! custody (with the SHA-256 of the file as it was read) and shown to the child. Every
//! opening goes through `service::wellbeing::open_material`, which protects the person
//! opening it (the daily limit, breaks) and counts it.

use crate::now_ms;
use crate::parts::i18n::Lang;
use crate::service::case::event;
use crate::service::case::open_text;
use crate::service::case::permitted;
use crate::service::case::Fail;
use crate::service::wellbeing::open_material;
use crate::App;
use std::io::Cursor;
use std::time::Duration;
use zeri_crypto::Sealer;
use zeri_domain::permission::Action;
use zeri_domain::wellbeing::{Material, Stop};
use zeri_hashing::decode::{hash_image, DecodeError, Options};
use zeri_hashing::{md5_hex, sha256_hex, Hash256, Pdq};
use zeri_storage::{custody_detail, EvidenceRow, InspectionOutcome, NewEvent, NewEvidence, StaffRow, StoreError};

/// At most this many files in one submission.
pub const MAX_FILES: usize = 5;

/// At most this much in one file (a long screen recording is over; a phone photo is far under).
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;

/// At most this much in one submission, files and fields together.
pub const MAX_UPLOAD_BYTES: usize = 50 * 1024 * 1024;

/// The body limit of routes that take files.
pub const UPLOAD_BODY_LIMIT: usize = MAX_UPLOAD_BYTES + 256 * 1024;

/// Submissions with files being stored at once (sealed and written; taken only once the
/// whole body has arrived, so a slow client never holds one); each holds up to
/// [`MAX_UPLOAD_BYTES`] in memory.
pub const STORE_SLOTS: usize = 4;

/// Images being decoded at once; each decoder may allocate up to 512 MiB.
pub const DECODE_SLOTS: usize = 2;

/// Give up decoding one image after this (a bomb that slips past the size limits).
pub(crate) const DECODE_TIMEOUT: Duration = Duration::from_secs(20);

/// Text fields of a form with files, all together.
pub(crate) const MAX_FIELD_BYTES: usize = 64 * 1024;

/// Archives: at most this many entries, this much unpacked, this ratio per entry.
const ZIP_MAX_ENTRIES: usize = 10_000;

const ZIP_MAX_UNPACKED: u64 = 1024 * 1024 * 1024;

const ZIP_MAX_RATIO: u64 = 100;

/// A file as it arrived.
pub struct Upload {
    pub file_name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// Why files were refused; `code()` names the message (`evidence-<code>`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    TooMany,
    TooLarge,
    Empty,
    /// A kind of file we do not take (with the file's position, from 1).
    Kind(usize),
    /// Possibly a decompression bomb (image or archive).
    Bomb(usize),
    /// An image or archive that does not decode.
    Damaged(usize),
    /// Too many uploads at once: try again in a minute.
    Busy,
    /// The upload stopped arriving (or came too slowly).
    Slow,
    BadForm,
}

impl Refusal {
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::TooMany => "evidence-too-many",
            Refusal::TooLarge => "evidence-too-large",
            Refusal::Empty => "evidence-empty",
            Refusal::Kind(_) => "evidence-kind",
            Refusal::Bomb(_) => "evidence-bomb",
            Refusal::Damaged(_) => "evidence-damaged",
            Refusal::Busy => "evidence-busy",
            Refusal::Slow => "evidence-slow",
            Refusal::BadForm => "bad-form",
        }
    }

    /// The message in `lang`, naming the file when one is at fault.
    pub fn message(&self, lang: Lang) -> String {
        let limits =
            [("files", (MAX_FILES as i64).into()), ("megabytes", ((MAX_FILE_BYTES / (1024 * 1024)) as i64).into())];
        let text = lang.t_args(self.code(), &limits);
        match self {
            Refusal::Kind(n) | Refusal::Bomb(n) | Refusal::Damaged(n) => {
                format!("{} {text}", lang.t_args("evidence-file-n", &[("n", (*n as i64).into())]))
            }
            _ => text,
        }
    }
}

/// What the bytes are, found from the bytes (a name or a declared type can lie).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// PNG, JPEG, GIF or WebP: decoded and hashed with PDQ.
    Image,
    /// HEIC/HEIF photos: kept and digested, no perceptual hash (no decoder here).
    PhotoOther,
    Video,
    Pdf,
    Text,
    Zip,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Image | Kind::PhotoOther => "image",
            Kind::Video => "video",
            Kind::Pdf => "document",
            Kind::Text => "text",
            Kind::Zip => "archive",
        }
    }

    /// Sniffs the kind from the first bytes; `None`: not a kind taken.
    pub fn sniff(bytes: &[u8]) -> Option<Kind> {
        if zeri_hashing::decode::looks_like_image(bytes) {
            return Some(Kind::Image);
        }
        if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
            let brand = &bytes[8..12];
            let heif: [&[u8]; 6] = [b"heic", b"heix", b"hevc", b"mif1", b"msf1", b"avif"];
            return Some(if heif.contains(&brand) { Kind::PhotoOther } else { Kind::Video });
        }
        if bytes.starts_with(&[0x1A, 0x45, 0xDF, 0xA3]) {
            return Some(Kind::Video); // WebM / Matroska
        }
        if bytes.starts_with(b"%PDF-") {
            return Some(Kind::Pdf);
        }
        if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
            return Some(Kind::Zip);
        }
        if !bytes.contains(&0) && std::str::from_utf8(bytes).is_ok() {
            return Some(Kind::Text);
        }
        None
    }

    /// The content type a file of this kind is served with to staff.
    pub fn content_type(kind: &str, bytes: &[u8]) -> &'static str {
        zeri_hashing::decode::image_media_type(bytes).unwrap_or(match kind {
            "document" => "application/pdf",
            "text" => "text/plain; charset=utf-8",
            "archive" => "application/zip",
            "video" if bytes.starts_with(&[0x1A, 0x45, 0xDF, 0xA3]) => "video/webm",
            "video" => "video/mp4",
            _ => "application/octet-stream",
        })
    }
}

/// What inspection found.
pub struct Inspected {
    pub kind: Kind,
    pub sha256: String,
    pub md5: String,
    /// PDQ and its seven dihedral variants, for images that decode.
    pub pdq: Option<(Pdq, [Hash256; 7])>,
}

/// Inspects one file whole (CPU-bound: run it on a blocking thread): [`check`] then, for an
/// image, [`decode`]. `n` is its position.
pub fn inspect(bytes: &[u8], n: usize) -> Result<Inspected, Refusal> {
    let checked = check(bytes, n)?;
    let pdq = match checked.kind {
        Kind::Image => decode(bytes, n)?,
        _ => None,
    };
    Ok(Inspected { kind: checked.kind, sha256: checked.sha256, md5: checked.md5, pdq })
}

/// What is known of a file before it is stored: cheap, bounded work only (the kind from
/// the first bytes, an archive's directory, two digests), so a report is never delayed by
/// decoding.
pub struct Checked {
    pub kind: Kind,
    pub sha256: String,
    pub md5: String,
}

/// Checks one file at intake (CPU-bound: run it on a blocking thread).
pub fn check(bytes: &[u8], n: usize) -> Result<Checked, Refusal> {
    let kind = Kind::sniff(bytes).ok_or(Refusal::Kind(n))?;
    if kind == Kind::Zip {
        check_zip(bytes).map_err(|bomb| if bomb { Refusal::Bomb(n) } else { Refusal::Damaged(n) })?;
    }
    Ok(Checked { kind, sha256: sha256_hex(bytes), md5: md5_hex(bytes) })
}

/// Decodes an image, bounded against bombs, into PDQ and its seven dihedral variants
/// (`None` when the decoder gives no variants). Run after the commit,
/// by the inspector.
pub fn decode(bytes: &[u8], n: usize) -> Result<Option<(Pdq, [Hash256; 7])>, Refusal> {
    let hashed = hash_image(bytes, &Options { dihedral: true, ..Options::default() }).map_err(|e| match e {
        DecodeError::TooLarge { .. } | DecodeError::TooMuchMemory => Refusal::Bomb(n),
        _ => Refusal::Damaged(n),
    })?;
    Ok(hashed.dihedrals.map(|d| (hashed.pdq, d)))
}

/// Refuses an archive that would unpack to far more than it weighs, or holds archives
/// (`Err(true)`), or cannot be read (`Err(false)`). Only the central directory is read:
/// nothing is ever unpacked on the server. (A chat export from WhatsApp is a zip.)
fn check_zip(bytes: &[u8]) -> Result<(), bool> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| false)?;
    if archive.len() > ZIP_MAX_ENTRIES {
        return Err(true);
    }
    let mut unpacked = 0u64;
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i).map_err(|_| false)?;
        let (size, packed) = (entry.size(), entry.compressed_size());
        unpacked = unpacked.saturating_add(size);
        let nested = [".zip", ".gz", ".7z", ".rar", ".tar", ".bz2", ".xz"]
            .iter()
            .any(|ext| entry.name().to_ascii_lowercase().ends_with(ext));
        if nested || unpacked > ZIP_MAX_UNPACKED || size > packed.max(1).saturating_mul(ZIP_MAX_RATIO).max(1024 * 1024)
        {
            return Err(true);
        }
    }
    Ok(())
}

/// Inspects, matches, seals and stores the files of one submission for `report_id`. The
/// rows returned are to be committed with the report or message; if that fails, call
/// [`discard`]. On a refusal nothing is left behind.
pub async fn prepare(
    app: &App,
    sealer: &Sealer,
    report_id: &str,
    message_id: Option<&str>,
    files: Vec<Upload>,
) -> Result<Vec<NewEvidence>, PrepareError> {
    let mut items: Vec<NewEvidence> = Vec::with_capacity(files.len());
    for (i, upload) in files.into_iter().enumerate() {
        match prepare_one(app, sealer, report_id, message_id, upload, i + 1).await {
            Ok(item) => items.push(item),
            Err(e) => {
                discard(app, &items).await;
                return Err(e);
            }
        }
    }
    Ok(items)
}

#[derive(Debug)]
pub enum PrepareError {
    Refused(Refusal),
    Internal(String),
}

impl From<Refusal> for PrepareError {
    fn from(r: Refusal) -> Self {
        PrepareError::Refused(r)
    }
}

impl From<StoreError> for PrepareError {
    fn from(e: StoreError) -> Self {
        PrepareError::Internal(e.to_string())
    }
}

/// File name and declared type: free text from the child's device, so sealed.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct EvidenceMeta {
    pub file_name: String,
    pub content_type: String,
}

async fn prepare_one(
    app: &App,
    sealer: &Sealer,
    report_id: &str,
    message_id: Option<&str>,
    upload: Upload,
    n: usize,
) -> Result<NewEvidence, PrepareError> {
    let Upload { file_name, content_type, bytes } = upload;
    let work = tokio::task::spawn_blocking(move || (check(&bytes, n), bytes));
    let (checked, bytes) = work.await.map_err(|e| PrepareError::Internal(format!("checking failed: {e}")))?;
    let checked = checked?;
    let matches = app.store.exact_matches(&checked.sha256, &checked.md5).await?;
    let id = uuid::Uuid::new_v4().simple().to_string();
    let meta = EvidenceMeta {
        file_name: file_name.chars().filter(|c| !c.is_control()).take(200).collect(),
        content_type: content_type.chars().take(100).collect(),
    };
    let sealed_meta = sealer
        .seal(&serde_json::to_vec(&meta).expect("plain struct"), zeri_storage::context::evidence_meta(&id).as_bytes());
    let size = bytes.len() as i64;
    let sealed_file = sealer.seal(&bytes, zeri_storage::context::evidence_file(&id).as_bytes());
    drop(bytes);
    let blob_key = format!("evidence/{}", uuid::Uuid::new_v4().simple());
    app.blobs.put(&blob_key, sealed_file).await.map_err(|e| PrepareError::Internal(e.to_string()))?;
    let inspection = if checked.kind == Kind::Image { InspectionOutcome::Pending } else { InspectionOutcome::Done };
    Ok(NewEvidence {
        id,
        report_id: report_id.to_owned(),
        message_id: message_id.map(str::to_owned),
        received_at: now_ms(),
        size,
        kind: checked.kind.as_str().to_owned(),
        sha256: checked.sha256,
        md5: checked.md5,
        pdq: None,
        pdq_quality: None,
        blob_key,
        key_id: zeri_storage::context::CASE_KEY_ID.to_owned(),
        sealed: sealed_meta,
        matches,
        inspection,
    })
}

/// After the rows committed: images wait to be decoded and matched; the inspector starts
/// at once, apart from the request, so the receipt never waits for it.
pub fn committed(app: &App, items: &[NewEvidence]) {
    if items.iter().any(|e| e.inspection == InspectionOutcome::Pending) {
        // Here only: this instance inspects what it stored (the others would decode it again
        // for nothing; every instance also looks for anything left each minute).
        app.inspect_wake.notify_one();
    }
}

/// After the rows failed to commit: the blobs go (best effort; an orphan is sealed and
/// named by nothing).
pub async fn discard(app: &App, items: &[NewEvidence]) {
    for e in items {
        if let Err(e) = app.blobs.delete(&e.blob_key).await {
            tracing::warn!(error = %e, "could not remove the blob of evidence that was not stored");
        }
    }
}

/// The custody entries of a follow-up submission.
pub fn received_events(report_id: &str, items: &[NewEvidence]) -> Vec<NewEvent> {
    items
        .iter()
        .map(|e| NewEvent {
            report_id: Some(report_id.to_owned()),
            at: e.received_at,
            action: "evidence_received",
            detail: Some(custody_detail(&e.id, &e.sha256)),
            ..NewEvent::default()
        })
        .collect()
}

/// An evidence file opened by staff: what it is and its bytes, as read now.
pub struct Opened {
    pub row: EvidenceRow,
    pub meta: EvidenceMeta,
    pub bytes: Vec<u8>,
    /// The SHA-256 of the bytes read now; equal to `row.sha256` unless the file changed.
    pub sha256_now: String,
}

/// What a request to open a piece of evidence says.
#[derive(Debug, Clone, Copy, Default)]
pub struct OpenRequest<'a> {
    /// Why (10–500 characters): recorded, sealed, with the custody entry and shown to the child.
    pub reason: Option<&'a str>,
    /// The user confirmed the break they were asked to take ([`Stop::BreakDue`]).
    pub confirm_break: bool,
    /// The user asked to see a file that matched a known hash list ([`Stop::MatchedHidden`]).
    pub show_matched: bool,
}

/// Opens a piece of evidence for `user`, with a stated reason: authorised, decrypted,
/// re-hashed, and recorded in the chain of custody and the child's access log. It goes
/// through `service::wellbeing::open_material` (the daily limit, breaks, the exposure
/// record); a file that matched a known hash list opens only with `show_matched`.
pub async fn open(
    app: &App,
    user: &StaffRow,
    report_id: &str,
    evidence_id: &str,
    req: &OpenRequest<'_>,
) -> Result<Opened, Fail> {
    let c = permitted(app, user, report_id, Action::ViewEvidence).await?;
    let reason = zeri_domain::casework::validate_reason(req.reason).map_err(Fail::Invalid)?;
    let (row, family) = family_evidence(app, &c, evidence_id).await?;
    let sealer = family.get(&c);
    let matched = known_match(app, &row).await?;
    let material = Material::of_evidence(&row.kind);
    let opened = open_material(app, user, material, req.confirm_break, || async {
        if matched && !req.show_matched {
            return Err(Fail::Stopped(Stop::MatchedHidden));
        }
        let meta: EvidenceMeta =
            serde_json::from_str(&open_text(sealer, &zeri_storage::context::evidence_meta(&row.id), &row.sealed)?)
                .map_err(|_| Fail::Internal("sealed evidence metadata does not decode".into()))?;
        let bytes = read_blob(app, sealer, &row).await?;
        let sha256_now = sha256_hex(&bytes);
        let mut e = event(user, report_id, "evidence_viewed", Some(&custody_detail(&row.id, &sha256_now)));
        e.sealed = Some(c.sealer.seal(reason.as_bytes(), zeri_storage::context::audit_reason(report_id).as_bytes()));
        Ok((Opened { row: row.clone(), meta, bytes, sha256_now }, e))
    })
    .await?;
    if opened.sha256_now != opened.row.sha256 {
        tracing::error!(evidence = %opened.row.id, "evidence file no longer has the hash it was received with");
    }
    tracing::info!(staff = %user.id, "evidence opened with a stated reason");
    Ok(opened)
}

/// Whether the file matched an entry of a known hash list (not only other evidence).
pub async fn known_match(app: &App, row: &EvidenceRow) -> Result<bool, Fail> {
    Ok(app
        .store
        .evidence_matches(&row.report_id)
        .await?
        .iter()
        .any(|m| m.evidence_id == row.id && m.list_name.is_some()))
}

async fn read_blob(app: &App, sealer: &Sealer, row: &EvidenceRow) -> Result<Vec<u8>, Fail> {
    let sealed = app.blobs.get(&row.blob_key).await.map_err(|e| Fail::Internal(e.to_string()))?;
    Ok(sealer
        .open(&sealed, zeri_storage::context::evidence_file(&row.id).as_bytes())
        .map_err(|e| Fail::Internal(e.to_string()))?
        .to_vec())
}

/// How long after its opening a video may be played (its page requests the file itself).
pub const MEDIA_WINDOW_MS: i64 = 30 * 60 * 1000;

/// The bytes of a video for its player, which asks for them only when the user presses play
/// (`preload="none"`): allowed only to the user who opened this file, with a stated reason,
/// within [`MEDIA_WINDOW_MS`]; that opening's custody entry and exposure stand for it, so
/// playing it records and counts nothing more.
pub async fn media(app: &App, user: &StaffRow, report_id: &str, evidence_id: &str) -> Result<Vec<u8>, Fail> {
    let c = permitted(app, user, report_id, Action::ViewEvidence).await?;
    let (row, family) = family_evidence(app, &c, evidence_id).await?;
    if row.kind != "video" {
        return Err(Fail::NotFound);
    }
    let since = now_ms() - MEDIA_WINDOW_MS;
    let opened = app.store.events(report_id).await?.iter().any(|e| {
        e.action == "evidence_viewed"
            && e.staff_id.as_deref() == Some(user.id.as_str())
            && e.at >= since
            && e.detail.as_deref().and_then(zeri_storage::parse_custody_detail).is_some_and(|(id, _)| id == row.id)
    });
    if !opened {
        return Err(Fail::Forbidden);
    }
    read_blob(app, family.get(&c), &row).await
}

/// A file of case `c` or of a case merged into it (then opened with that case's key, under
/// `c`'s permission, and recorded on `c`); any other answers as not found.
async fn family_evidence(
    app: &App,
    c: &crate::service::case::Case,
    evidence_id: &str,
) -> Result<(EvidenceRow, crate::service::merged::FamilySealer), Fail> {
    let row = app.store.evidence(evidence_id).await?.ok_or(Fail::NotFound)?;
    let family = crate::service::merged::family_sealer(app, c, &row.report_id).await?.ok_or(Fail::NotFound)?;
    Ok((row, family))
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn zip_of(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in entries {
            zip.start_file(*name, opts).unwrap();
            zip.write_all(bytes).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn a_chat_export_zip_is_taken_and_bombs_are_refused() {
        let chat =
            zip_of(&[("WhatsApp Chat.txt", b"[12:01] him: send it\n".repeat(200)), ("IMG-1.jpg", vec![7; 5000])]);
        let ok = inspect(&chat, 1).unwrap();
        assert_eq!(ok.kind, Kind::Zip);
        assert!(ok.pdq.is_none());
        // 20 MB of zeros packs into about 20 KB: far past the ratio allowed.
        let bomb = zip_of(&[("zeros.txt", vec![0; 20 * 1024 * 1024])]);
        assert!(bomb.len() < 100_000);
        assert_eq!(inspect(&bomb, 2).err(), Some(Refusal::Bomb(2)));
        let nested = zip_of(&[("inner.zip", chat.clone())]);
        assert_eq!(inspect(&nested, 1).err(), Some(Refusal::Bomb(1)));
        let mut broken = chat.clone();
        broken.truncate(chat.len() / 2);
        assert!(matches!(inspect(&broken, 1), Err(Refusal::Damaged(1) | Refusal::Kind(1))));
    }

    #[test]
    fn kinds_come_from_the_bytes() {
        assert_eq!(Kind::sniff(b"%PDF-1.7\n"), Some(Kind::Pdf));
        assert_eq!(Kind::sniff(b"\0\0\0\x18ftypmp42\0\0"), Some(Kind::Video));
        assert_eq!(Kind::sniff(b"\0\0\0\x18ftypheic\0\0"), Some(Kind::PhotoOther));
        assert_eq!(Kind::sniff("Mesazh në shqip".as_bytes()), Some(Kind::Text));
        assert_eq!(Kind::sniff(b"MZ\x90\0\x03"), None, "a program is not taken");
        assert_eq!(inspect(b"MZ\x90\0\x03", 3).err(), Some(Refusal::Kind(3)));
    }
}
