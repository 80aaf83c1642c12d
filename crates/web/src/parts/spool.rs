//! Files of a request spooled to disk while they arrive, and the gate on uploads in flight.
//!
//! A slow client must hold nothing another child needs: while its files arrive they go,
//! chunk by chunk, to an unnamed temporary file (never in memory, gone when closed, even
//! after a crash), each chunk sealed under a key that lives only in this process's memory
//! for this one upload, so a half-received picture is never readable on disk. Only once the
//! whole body is in are the files read back. Hand-written because no crate seals a
//! spooled stream this way; the sealing itself is the crypto crate's.

use std::collections::HashMap;
use std::io::SeekFrom;
use std::path::Path;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncSeekExt, AsyncWriteExt, BufWriter};
use zeri_crypto::DataKey;

/// One file on its way in.
pub struct Spool {
    file: BufWriter<tokio::fs::File>,
    key: DataKey,
    chunks: u64,
    len: usize,
}

impl Spool {
    /// A new, unnamed file in `dir`.
    pub fn new(dir: &Path) -> std::io::Result<Self> {
        let file = tokio::fs::File::from_std(tempfile::tempfile_in(dir)?);
        Ok(Self { file: BufWriter::new(file), key: DataKey::generate(), chunks: 0, len: 0 })
    }

    /// Bytes received so far.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Seals and appends one chunk.
    pub async fn write(&mut self, chunk: &[u8]) -> std::io::Result<()> {
        let sealed = self.key.seal(chunk, &Self::context(self.chunks));
        self.file.write_all(&(sealed.len() as u32).to_be_bytes()).await?;
        self.file.write_all(&sealed).await?;
        self.chunks += 1;
        self.len += chunk.len();
        Ok(())
    }

    /// The whole file, read back and opened chunk by chunk in order.
    pub async fn finish(mut self) -> std::io::Result<Vec<u8>> {
        self.file.flush().await?;
        let mut file = self.file.into_inner();
        file.seek(SeekFrom::Start(0)).await?;
        let mut out = Vec::with_capacity(self.len);
        for n in 0..self.chunks {
            let mut len = [0u8; 4];
            file.read_exact(&mut len).await?;
            let mut sealed = vec![0u8; u32::from_be_bytes(len) as usize];
            file.read_exact(&mut sealed).await?;
            let plain = self.key.open(&sealed, &Self::context(n)).map_err(std::io::Error::other)?;
            out.extend_from_slice(&plain);
        }
        Ok(out)
    }

    fn context(n: u64) -> Vec<u8> {
        format!("zeri upload spool chunk {n}").into_bytes()
    }
}

/// Requests of one kind in flight, at most `per_client` for one client and `total` in all:
/// uploads with files ([`UploadGate::PER_CLIENT`], [`UploadGate::TOTAL`], counted from a
/// request's first file byte until it is answered; a report without files never passes
/// here), and receipt checks slowed down after too many failures (one per client).
pub struct UploadGate {
    state: Mutex<GateState>,
    per_client: usize,
    total: usize,
}

impl Default for UploadGate {
    fn default() -> Self {
        Self::new(Self::PER_CLIENT, Self::TOTAL)
    }
}

#[derive(Default)]
struct GateState {
    per_client: HashMap<[u8; 32], usize>,
    total: usize,
}

impl UploadGate {
    /// Generous: many children share one address behind a mobile carrier's NAT or a
    /// school's network, and a report must not be refused because a neighbour uploads.
    pub const PER_CLIENT: usize = 8;
    /// Each holds at most 50 MiB on disk while it arrives.
    pub const TOTAL: usize = 64;

    pub fn new(per_client: usize, total: usize) -> Self {
        Self { state: Mutex::default(), per_client, total }
    }

    /// A pass for one more request from `client`, or `None` when it already has its share
    /// or the server has all it takes.
    pub fn enter(self: &Arc<Self>, client: [u8; 32]) -> Option<UploadPass> {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let mine = s.per_client.get(&client).copied().unwrap_or(0);
        if mine >= self.per_client || s.total >= self.total {
            return None;
        }
        s.per_client.insert(client, mine + 1);
        s.total += 1;
        Some(UploadPass { gate: self.clone(), client })
    }

    /// Uploads in flight now.
    pub fn in_flight(&self) -> usize {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).total
    }
}

/// Held while an upload is in flight; gives its place back when dropped.
pub struct UploadPass {
    gate: Arc<UploadGate>,
    client: [u8; 32],
}

impl Drop for UploadPass {
    fn drop(&mut self) {
        let mut s = self.gate.state.lock().unwrap_or_else(|e| e.into_inner());
        s.total = s.total.saturating_sub(1);
        if let Some(n) = s.per_client.get_mut(&self.client) {
            *n -= 1;
            if *n == 0 {
                s.per_client.remove(&self.client);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_spool_gives_back_what_it_took_and_keeps_nothing_readable() {
        let dir = tempfile::tempdir().unwrap();
        let mut spool = Spool::new(dir.path()).unwrap();
        let picture: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        for chunk in picture.chunks(8192) {
            spool.write(chunk).await.unwrap();
        }
        assert_eq!(spool.len(), picture.len());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "unnamed: nothing in the folder");
        assert_eq!(spool.finish().await.unwrap(), picture);
    }

    #[test]
    fn the_gate_counts_per_client_and_in_all() {
        let gate = Arc::new(UploadGate::default());
        let a = gate.enter([1; 32]).unwrap();
        let _b: Vec<_> = (1..UploadGate::PER_CLIENT).map(|_| gate.enter([1; 32]).unwrap()).collect();
        assert!(gate.enter([1; 32]).is_none(), "one more from the same client");
        let others: Vec<_> =
            (0..UploadGate::TOTAL - UploadGate::PER_CLIENT).map(|i| gate.enter([i as u8 + 2; 32]).unwrap()).collect();
        assert!(gate.enter([200; 32]).is_none(), "full");
        drop(a);
        assert!(gate.enter([1; 32]).is_some(), "a place given back");
        drop(others);
        assert_eq!(gate.in_flight(), UploadGate::PER_CLIENT - 1);
    }
}
