//! The blobs of `zeri restore`: put back piece by piece, and each testimony verified chunk
//! by chunk against its recorded size and SHA-256 (a recording may be far larger than what
//! should sit in memory).

use std::fs;
use std::path::Path;

use anyhow::{anyhow, bail, Result};
use sha2::{Digest, Sha256};
use zeri_storage::BlobError;

/// Puts one blob of the backup back, piece by piece.
pub(super) async fn restore_blob(blobs: &zeri_storage::Blobs, key: &str, path: &Path) -> Result<()> {
    use std::io::Read;
    let mut file = fs::File::open(path)?;
    let mut writer = blobs.writer(key).await?;
    let mut piece = vec![0u8; 1024 * 1024];
    loop {
        let n = file.read(&mut piece)?;
        if n == 0 {
            break;
        }
        writer.write(&piece[..n]).await?;
    }
    writer.finish().await?;
    Ok(())
}

pub(super) enum Testimony {
    Matches,
    Differs,
    Erased,
}

/// Opens a testimony's file chunk by chunk (from the blob store, or the database for one
/// not moved yet) and compares it with its recorded size and SHA-256.
pub(super) async fn testimony_digest(
    store: &dyn zeri_storage::Store,
    keys: &std::sync::Arc<zeri_crypto::Keyring>,
    blobs: &zeri_storage::Blobs,
    id: &str,
) -> Result<Testimony> {
    use zeri_crypto::stream::{StreamKey, StreamOpener};
    use zeri_storage::context;
    use zeri_storage::testimony::TestimonySource;
    let row = store.testimony(id).await?.ok_or_else(|| anyhow!("its row cannot be read"))?;
    let report = store.report(id).await?.ok_or_else(|| anyhow!("its report is missing"))?;
    let sealer = context::case_sealer(store, keys, &report).await?;
    if sealer.is_destroyed() {
        return Ok(Testimony::Erased);
    }
    let mut sha = Sha256::new();
    let mut size = 0usize;
    let source = store.testimony_source(id).await?.ok_or_else(|| anyhow!("it has no file"))?;
    if let TestimonySource::Blob(blob) = source {
        let key = sealer
            .open(&blob.sealed_key, context::testimony_key(id).as_bytes())
            .map_err(|_| anyhow!("its key does not decrypt with this master key"))?;
        let mut opener = StreamOpener::new(StreamKey::from_bytes(&key)?, context::testimony_file(id).as_bytes());
        let mut reader = match blobs.reader(&blob.blob_key).await {
            Err(BlobError::NotFound) => bail!("its file is missing"),
            r => r?,
        };
        while let Some(piece) = reader.next().await? {
            let plain = opener.update(&piece).map_err(|_| anyhow!("its file is damaged"))?;
            size += plain.len();
            sha.update(&plain);
        }
        let last = opener.finish().map_err(|_| anyhow!("its file is damaged or cut short"))?;
        size += last.len();
        sha.update(&last);
    } else if let TestimonySource::Database(sealed) = source {
        let plain = sealer
            .open(&sealed, context::testimony_file(id).as_bytes())
            .map_err(|_| anyhow!("it does not decrypt with this master key"))?;
        size = plain.len();
        sha.update(&plain);
    }
    let same = hex::encode(sha.finalize()) == row.sha256 && size as i64 == row.size;
    Ok(if same { Testimony::Matches } else { Testimony::Differs })
}
