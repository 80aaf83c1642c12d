//! Files too large to hold in memory (the recorded testimony), sealed and opened in chunks.
//!
//! The construction is the `aead` crate's STREAM (`StreamBE32`, Hoang, Reyhanitabar,
//! Rogaway and Vizár, "Online Authenticated-Encryption and its Nonce-Reuse
//! Misuse-Resistance") over XChaCha20-Poly1305, not a scheme of our own: each chunk's nonce
//! is the file's random 19-byte prefix, a 32-bit chunk counter and a last-chunk flag, so a
//! chunk moved to another place, a chunk of another file (another key and prefix), a file
//! cut short at any byte (its last chunk was not sealed as the last) or a flipped bit all
//! fail to authenticate. The sealing context (report id and purpose) is the associated data
//! of every chunk, so a file moved to another case or use fails too.
//!
//! Format: `[b'Z' b'S' 1][nonce prefix, 19 bytes]` then chunks of [`CHUNK`] plaintext bytes
//! plus a 16-byte tag each; the last chunk holds the rest (0 to [`CHUNK`] bytes) and is
//! always present, so even an empty file has one authenticated chunk.
//!
//! Every file has its own random [`StreamKey`]; the caller keeps it sealed under the case's
//! data key ([`crate::Sealer`]) beside the file's row. A master-key rotation then re-wraps
//! only that small value (or the case key), never the file; destroying the case key
//! (erasure) leaves the file unreadable even where a copy of it survives.

use chacha20poly1305::aead::stream::{DecryptorBE32, EncryptorBE32};
use chacha20poly1305::aead::{KeyInit, Payload};
use chacha20poly1305::XChaCha20Poly1305;
use rand::rngs::OsRng;
use rand::RngCore;
use zeroize::Zeroizing;

use crate::CryptoError;

/// Plaintext bytes per chunk.
pub const CHUNK: usize = 64 * 1024;
const TAG: usize = 16;
/// Sealed bytes per full chunk.
const SEALED_CHUNK: usize = CHUNK + TAG;
const MAGIC: [u8; 3] = [b'Z', b'S', 1];
/// XChaCha20's 24-byte nonce less the 5 bytes of STREAM's counter and flag.
const PREFIX: usize = 19;
/// Bytes before the first chunk.
pub const HEADER: usize = MAGIC.len() + PREFIX;
const KEY: usize = 32;

/// The sealed size of a file of `plain` bytes.
pub fn sealed_len(plain: u64) -> u64 {
    let full = plain / CHUNK as u64;
    let rest = plain % CHUNK as u64;
    // A file of whole chunks ends with a full last chunk, not an empty one.
    let (full, rest) = if rest == 0 && full > 0 { (full - 1, CHUNK as u64) } else { (full, rest) };
    HEADER as u64 + full * SEALED_CHUNK as u64 + rest + TAG as u64
}

/// Whether `sealed` starts like a streamed file (its first bytes suffice).
pub fn is_stream(sealed: &[u8]) -> bool {
    sealed.starts_with(&MAGIC)
}

/// The random key of one streamed file. `Debug` prints nothing of it.
pub struct StreamKey(Zeroizing<[u8; KEY]>);

impl std::fmt::Debug for StreamKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StreamKey(..)")
    }
}

impl StreamKey {
    pub fn generate() -> Self {
        let mut key = Zeroizing::new([0u8; KEY]);
        OsRng.fill_bytes(key.as_mut());
        Self(key)
    }

    /// The key's bytes, to be sealed (never stored as they are).
    pub fn expose(&self) -> &[u8] {
        self.0.as_ref()
    }

    /// The key from its bytes once opened; `Malformed` unless 32 bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, CryptoError> {
        let mut key = Zeroizing::new([0u8; KEY]);
        if bytes.len() != KEY {
            return Err(CryptoError::Malformed);
        }
        key.copy_from_slice(bytes);
        Ok(Self(key))
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(self.0.as_ref().into())
    }
}

fn associated(context: &[u8]) -> Vec<u8> {
    [b"zeri stream v1 ".as_slice(), context].concat()
}

/// Seals a file as it arrives: feed it with [`StreamSealer::update`], which returns the
/// sealed bytes to write so far (the header first), and end with [`StreamSealer::finish`].
pub struct StreamSealer {
    enc: EncryptorBE32<XChaCha20Poly1305>,
    aad: Vec<u8>,
    /// Plaintext not yet sealed: at most one chunk, held back until it is known whether
    /// it is the last.
    pending: Zeroizing<Vec<u8>>,
    header: Option<[u8; HEADER]>,
}

impl std::fmt::Debug for StreamSealer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StreamSealer(..)")
    }
}

impl StreamSealer {
    pub fn new(key: &StreamKey, context: &[u8]) -> Self {
        let mut prefix = [0u8; PREFIX];
        OsRng.fill_bytes(&mut prefix);
        let mut header = [0u8; HEADER];
        header[..MAGIC.len()].copy_from_slice(&MAGIC);
        header[MAGIC.len()..].copy_from_slice(&prefix);
        Self {
            enc: EncryptorBE32::from_aead(key.cipher(), prefix.as_slice().into()),
            aad: associated(context),
            pending: Zeroizing::new(Vec::with_capacity(CHUNK)),
            header: Some(header),
        }
    }

    /// Seals what of `plain` completes a chunk that is known not to be the last.
    pub fn update(&mut self, mut plain: &[u8]) -> Result<Vec<u8>, CryptoError> {
        let mut out = Vec::with_capacity(plain.len() + plain.len() / CHUNK * TAG + HEADER + TAG);
        if let Some(h) = self.header.take() {
            out.extend_from_slice(&h);
        }
        while !plain.is_empty() {
            if self.pending.len() == CHUNK {
                // More follows, so the held chunk is not the last.
                let sealed = self
                    .enc
                    .encrypt_next(Payload { msg: &self.pending, aad: &self.aad })
                    .map_err(|_| CryptoError::Malformed)?;
                out.extend_from_slice(&sealed);
                self.pending.clear();
            }
            let take = (CHUNK - self.pending.len()).min(plain.len());
            self.pending.extend_from_slice(&plain[..take]);
            plain = &plain[take..];
        }
        Ok(out)
    }

    /// Seals the last chunk (what is held, possibly nothing).
    pub fn finish(mut self) -> Result<Vec<u8>, CryptoError> {
        let mut out = Vec::with_capacity(self.pending.len() + TAG + HEADER);
        if let Some(h) = self.header.take() {
            out.extend_from_slice(&h);
        }
        let sealed = self
            .enc
            .encrypt_last(Payload { msg: &self.pending, aad: &self.aad })
            .map_err(|_| CryptoError::Malformed)?;
        out.extend_from_slice(&sealed);
        Ok(out)
    }
}

/// Opens a streamed file as its sealed bytes arrive: each chunk's plaintext is released
/// only once its tag has verified; [`StreamOpener::finish`] checks that the file ended
/// where it was sealed to end. Any error is final: stop and discard the stream.
pub struct StreamOpener {
    key: StreamKey,
    aad: Vec<u8>,
    dec: Option<DecryptorBE32<XChaCha20Poly1305>>,
    /// Sealed bytes not yet opened: the header, or up to one chunk held back until it is
    /// known whether it is the last.
    pending: Vec<u8>,
}

impl std::fmt::Debug for StreamOpener {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StreamOpener(..)")
    }
}

impl StreamOpener {
    pub fn new(key: StreamKey, context: &[u8]) -> Self {
        Self { key, aad: associated(context), dec: None, pending: Vec::with_capacity(SEALED_CHUNK) }
    }

    /// The plaintext of every chunk of `sealed` (with what came before) that is complete
    /// and known not to be the last.
    pub fn update(&mut self, mut sealed: &[u8]) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
        let mut out = Zeroizing::new(Vec::with_capacity(sealed.len()));
        while !sealed.is_empty() {
            let Some(dec) = self.dec.as_mut() else {
                let take = (HEADER - self.pending.len()).min(sealed.len());
                self.pending.extend_from_slice(&sealed[..take]);
                sealed = &sealed[take..];
                if self.pending.len() == HEADER {
                    if !is_stream(&self.pending) {
                        return Err(CryptoError::Malformed);
                    }
                    let prefix = &self.pending[MAGIC.len()..];
                    self.dec = Some(DecryptorBE32::from_aead(self.key.cipher(), prefix.into()));
                    self.pending.clear();
                }
                continue;
            };
            if self.pending.len() == SEALED_CHUNK {
                // More follows, so the held chunk is not the last.
                let plain = dec
                    .decrypt_next(Payload { msg: &self.pending, aad: &self.aad })
                    .map_err(|_| CryptoError::Authentication)?;
                out.extend_from_slice(&Zeroizing::new(plain));
                self.pending.clear();
            }
            let take = (SEALED_CHUNK - self.pending.len()).min(sealed.len());
            self.pending.extend_from_slice(&sealed[..take]);
            sealed = &sealed[take..];
        }
        Ok(out)
    }

    /// The last chunk's plaintext; `Authentication` when the file was cut short (or
    /// anything in its last chunk changed), `Malformed` when not even a header came.
    pub fn finish(mut self) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
        let dec = self.dec.take().ok_or(CryptoError::Malformed)?;
        if self.pending.len() < TAG {
            return Err(CryptoError::Authentication);
        }
        dec.decrypt_last(Payload { msg: &self.pending, aad: &self.aad })
            .map(Zeroizing::new)
            .map_err(|_| CryptoError::Authentication)
    }
}

/// Seals a whole file held in memory (tests, and files that are small anyway).
pub fn seal_all(key: &StreamKey, context: &[u8], plain: &[u8]) -> Vec<u8> {
    let mut s = StreamSealer::new(key, context);
    let mut out = s.update(plain).expect("the counter cannot overflow below 256 TiB");
    out.extend(s.finish().expect("the counter cannot overflow below 256 TiB"));
    out
}

/// Opens a whole streamed file held in memory.
pub fn open_all(key: StreamKey, context: &[u8], sealed: &[u8]) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
    let mut o = StreamOpener::new(key, context);
    let mut out = o.update(sealed)?;
    out.extend_from_slice(&o.finish()?);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn copy(k: &StreamKey) -> StreamKey {
        StreamKey::from_bytes(k.expose()).unwrap()
    }

    fn file(len: usize) -> Vec<u8> {
        let mut v: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
        if len >= 16 {
            v[..16].copy_from_slice(b"MARKER-TESTIMONY");
        }
        v
    }

    /// Sealed in uneven pieces, opened in other uneven pieces.
    fn seal_in_pieces(key: &StreamKey, ctx: &[u8], plain: &[u8], piece: usize) -> Vec<u8> {
        let mut s = StreamSealer::new(key, ctx);
        let mut out = Vec::new();
        for p in plain.chunks(piece.max(1)) {
            out.extend(s.update(p).unwrap());
        }
        out.extend(s.finish().unwrap());
        out
    }

    fn open_in_pieces(key: StreamKey, ctx: &[u8], sealed: &[u8], piece: usize) -> Result<Vec<u8>, CryptoError> {
        let mut o = StreamOpener::new(key, ctx);
        let mut out = Vec::new();
        for p in sealed.chunks(piece.max(1)) {
            out.extend_from_slice(&o.update(p)?);
        }
        out.extend_from_slice(&o.finish()?);
        Ok(out)
    }

    #[test]
    fn round_trip_at_every_edge_and_in_any_pieces() {
        let key = StreamKey::generate();
        let ctx = b"testimony:R1:file";
        for len in [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 3 * 1024 * 1024 + 7] {
            let plain = file(len);
            for (seal_piece, open_piece) in [(len.max(1), usize::MAX), (1000, 7777), (CHUNK, SEALED_CHUNK), (65_537, 3)]
            {
                if open_piece == 3 && len > 2 * CHUNK {
                    continue; // byte-sized pieces of megabytes only slow the test
                }
                let sealed = seal_in_pieces(&key, ctx, &plain, seal_piece);
                assert_eq!(sealed.len() as u64, sealed_len(len as u64), "size of {len}");
                assert!(is_stream(&sealed));
                let back = open_in_pieces(copy(&key), ctx, &sealed, open_piece.min(sealed.len().max(1))).unwrap();
                assert_eq!(back, plain, "len {len}, pieces {seal_piece}/{open_piece}");
                if len >= 16 {
                    assert!(!sealed.windows(16).any(|w| w == b"MARKER-TESTIMONY"), "plaintext in the sealed file");
                }
            }
        }
    }

    #[test]
    fn truncation_is_refused_at_every_chunk_boundary_and_byte() {
        let key = StreamKey::generate();
        let ctx = b"testimony:R1:file";
        let sealed = seal_all(&key, ctx, &file(3 * CHUNK + 10));
        // Cut at each chunk boundary (the most tempting cut: whole chunks that verify).
        for n in [0, HEADER, HEADER + SEALED_CHUNK, HEADER + 2 * SEALED_CHUNK, HEADER + 3 * SEALED_CHUNK] {
            assert!(open_all(copy(&key), ctx, &sealed[..n]).is_err(), "cut at {n}");
        }
        for n in (0..sealed.len()).step_by(4099).chain([sealed.len() - 1]) {
            assert!(open_all(copy(&key), ctx, &sealed[..n]).is_err(), "cut at {n}");
        }
        // Of a file of exactly whole chunks, dropping its last chunk.
        let whole = seal_all(&key, ctx, &file(2 * CHUNK));
        assert!(open_all(copy(&key), ctx, &whole[..HEADER + SEALED_CHUNK]).is_err());
        // Nor may anything follow the end.
        let mut longer = sealed.clone();
        longer.extend_from_slice(&[0; TAG + 1]);
        assert!(open_all(copy(&key), ctx, &longer).is_err());
    }

    #[test]
    fn a_flipped_bit_anywhere_is_refused_and_nothing_after_it_is_released() {
        let key = StreamKey::generate();
        let ctx = b"testimony:R1:file";
        let plain = file(2 * CHUNK + 100);
        let sealed = seal_all(&key, ctx, &plain);
        for i in (0..sealed.len()).step_by(997).chain([0, 3, HEADER, sealed.len() - 1]) {
            let mut bad = sealed.clone();
            bad[i] ^= 0x20;
            assert!(open_all(copy(&key), ctx, &bad).is_err(), "flip at {i} went unnoticed");
        }
        // A damaged second chunk: the first is released (it verified), nothing of the second.
        let mut bad = sealed.clone();
        bad[HEADER + SEALED_CHUNK + 5] ^= 1;
        let mut o = StreamOpener::new(copy(&key), ctx);
        let first = o.update(&bad[..HEADER + 2 * SEALED_CHUNK]).unwrap();
        assert_eq!(&first[..], &plain[..CHUNK]);
        assert_eq!(o.update(&bad[HEADER + 2 * SEALED_CHUNK..]).unwrap_err(), CryptoError::Authentication);
    }

    #[test]
    fn swapped_chunks_foreign_chunks_and_the_wrong_context_or_key_are_refused() {
        let key = StreamKey::generate();
        let ctx = b"testimony:R1:file";
        let plain = file(3 * CHUNK + 1);
        let sealed = seal_all(&key, ctx, &plain);
        let chunk = |s: &[u8], i: usize| s[HEADER + i * SEALED_CHUNK..HEADER + (i + 1) * SEALED_CHUNK].to_vec();

        // Chunks 0 and 1 swapped.
        let mut swapped = sealed[..HEADER].to_vec();
        swapped.extend(chunk(&sealed, 1));
        swapped.extend(chunk(&sealed, 0));
        swapped.extend_from_slice(&sealed[HEADER + 2 * SEALED_CHUNK..]);
        assert_eq!(swapped.len(), sealed.len());
        assert!(open_all(copy(&key), ctx, &swapped).is_err());

        // A chunk from another file sealed under the same key and context (same plaintext).
        let other = seal_all(&key, ctx, &plain);
        let mut mixed = sealed[..HEADER + SEALED_CHUNK].to_vec();
        mixed.extend(chunk(&other, 1));
        mixed.extend_from_slice(&sealed[HEADER + 2 * SEALED_CHUNK..]);
        assert!(open_all(copy(&key), ctx, &mixed).is_err());
        // ... and the other file's header with this file's chunks.
        let mut headed = other[..HEADER].to_vec();
        headed.extend_from_slice(&sealed[HEADER..]);
        assert!(open_all(copy(&key), ctx, &headed).is_err());

        // Another case or purpose, another key.
        assert_eq!(open_all(copy(&key), b"testimony:R2:file", &sealed).unwrap_err(), CryptoError::Authentication);
        assert!(open_all(StreamKey::generate(), ctx, &sealed).is_err());
        // Not a streamed file at all (a value sealed in one piece).
        assert_eq!(open_all(copy(&key), ctx, &[2; 64]).unwrap_err(), CryptoError::Malformed);
        assert!(format!("{key:?}") == "StreamKey(..)");
        assert!(StreamKey::from_bytes(&[0; 31]).is_err());
    }
}
