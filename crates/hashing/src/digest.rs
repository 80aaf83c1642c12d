//! Exact file digests, lowercase hex.

use md5::Md5;
use sha2::{Digest, Sha256};

/// MD5 of `bytes` as 32 lowercase hex digits. MD5 is broken for security purposes; it is
/// offered only because shared hash lists of known material still carry it.
pub fn md5_hex(bytes: &[u8]) -> String {
    hex::encode(Md5::digest(bytes))
}

/// SHA-256 of `bytes` as 64 lowercase hex digits.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// MD5 and SHA-256 of a file fed in chunks, for files too large to hold in memory at once
/// (videos on the take-down page are read in slices). Feeding the same bytes in any
/// chunking gives what [`md5_hex`] and [`sha256_hex`] give for the whole.
#[derive(Clone, Default)]
pub struct Digests {
    md5: Md5,
    sha256: Sha256,
    len: u64,
}

/// The digests of a whole file, lowercase hex.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileDigests {
    pub md5: String,
    pub sha256: String,
    /// How many bytes were fed.
    pub len: u64,
}

impl Digests {
    pub fn new() -> Self {
        Self::default()
    }

    /// Feeds the next chunk of the file.
    pub fn update(&mut self, chunk: &[u8]) {
        self.md5.update(chunk);
        self.sha256.update(chunk);
        self.len += chunk.len() as u64;
    }

    /// How many bytes have been fed so far.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Whether nothing has been fed yet.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The digests of everything fed.
    pub fn finish(self) -> FileDigests {
        FileDigests {
            md5: hex::encode(self.md5.finalize()),
            sha256: hex::encode(self.sha256.finalize()),
            len: self.len,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_digests() {
        assert_eq!(md5_hex(b""), "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(md5_hex(b"abc"), "900150983cd24fb0d6963f7d28e17f72");
        assert_eq!(sha256_hex(b""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn streaming_digests_equal_whole_file_digests_in_any_chunking() {
        let bytes: Vec<u8> = (0..10_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
        for chunk in [1, 63, 64, 65, 1000, 4096, 10_000, 20_000] {
            let mut d = Digests::new();
            assert!(d.is_empty());
            for part in bytes.chunks(chunk) {
                d.update(part);
            }
            assert_eq!(d.len(), bytes.len() as u64);
            let got = d.finish();
            assert_eq!(got.md5, md5_hex(&bytes), "chunks of {chunk}");
            assert_eq!(got.sha256, sha256_hex(&bytes), "chunks of {chunk}");
            assert_eq!(got.len, 10_000);
        }
        let empty = Digests::new().finish();
        assert_eq!((empty.md5, empty.sha256), (md5_hex(b""), sha256_hex(b"")));
    }
}
