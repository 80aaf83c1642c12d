//! The 256-bit hash type shared by PDQ and the matching index.

use std::fmt;
use std::str::FromStr;

use crate::HashError;

/// A 256-bit hash, such as a PDQ hash.
///
/// Bit numbering follows Meta's reference (`Hash256` in `pdqhashtypes.h`): bit `k` lives in
/// 16-bit word `k / 16` at position `k % 16`, and the text form prints the words from 15
/// down to 0, four hex digits each. Read as one 256-bit big-endian number, the hex text has
/// bit `k` worth `2^k`. Internally the number is kept as four 64-bit limbs, most significant
/// first, so the Hamming distance is four popcounts.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Hash256 {
    limbs: [u64; 4],
}

impl Hash256 {
    /// The all-zero hash (what the reference returns for images under 5 pixels a side).
    pub const ZERO: Hash256 = Hash256 { limbs: [0; 4] };

    /// The hash whose hex text is `hex::encode(bytes)`.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        let mut limbs = [0u64; 4];
        for (limb, chunk) in limbs.iter_mut().zip(bytes.chunks_exact(8)) {
            let mut eight = [0u8; 8];
            eight.copy_from_slice(chunk);
            *limb = u64::from_be_bytes(eight);
        }
        Hash256 { limbs }
    }

    /// The 32 bytes whose hex encoding is [`Hash256::to_hex`].
    pub fn to_bytes(&self) -> [u8; 32] {
        let mut bytes = [0u8; 32];
        for (chunk, limb) in bytes.chunks_exact_mut(8).zip(self.limbs) {
            chunk.copy_from_slice(&limb.to_be_bytes());
        }
        bytes
    }

    /// Parses 64 hex digits (either case), as the reference prints them.
    pub fn from_hex(text: &str) -> Result<Self, HashError> {
        let mut bytes = [0u8; 32];
        if text.len() != 64 {
            return Err(HashError::MalformedHex);
        }
        hex::decode_to_slice(text, &mut bytes).map_err(|_| HashError::MalformedHex)?;
        Ok(Self::from_bytes(bytes))
    }

    /// 64 lowercase hex digits, exactly as the reference's `Hash256::format()`.
    pub fn to_hex(&self) -> String {
        hex::encode(self.to_bytes())
    }

    /// Number of differing bits, 0–256.
    pub fn hamming(&self, other: &Hash256) -> u32 {
        self.limbs.iter().zip(other.limbs.iter()).map(|(a, b)| (a ^ b).count_ones()).sum()
    }

    /// Number of set bits.
    pub fn count_ones(&self) -> u32 {
        self.limbs.iter().map(|l| l.count_ones()).sum()
    }

    /// Bit `k` (0–255) in the reference's numbering; `k` is taken modulo 256 as there.
    pub fn bit(&self, k: usize) -> bool {
        let k = k & 255;
        (self.limbs[3 - k / 64] >> (k % 64)) & 1 == 1
    }

    /// Sets bit `k` (0–255) in the reference's numbering; `k` is taken modulo 256.
    pub fn set_bit(&mut self, k: usize) {
        let k = k & 255;
        self.limbs[3 - k / 64] |= 1 << (k % 64);
    }

    /// The reference's 16-bit word `i` (0–15): bits `16 i` to `16 i + 15`.
    pub fn word(&self, i: usize) -> u16 {
        let i = i & 15;
        // Truncation intended: keep the 16 bits of the word.
        (self.limbs[3 - i / 4] >> ((i % 4) * 16)) as u16
    }
}

impl fmt::Display for Hash256 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for limb in self.limbs {
            write!(f, "{limb:016x}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Hash256 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Hash256({self})")
    }
}

impl FromStr for Hash256 {
    type Err = HashError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Hash256::from_hex(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "d8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b22";

    #[test]
    fn hex_round_trip() {
        let h = Hash256::from_hex(A).unwrap();
        assert_eq!(h.to_hex(), A);
        assert_eq!(h.to_string(), A);
        assert_eq!(A.parse::<Hash256>().unwrap(), h);
        assert_eq!(Hash256::from_hex(&A.to_uppercase()).unwrap(), h);
        assert_eq!(Hash256::from_bytes(h.to_bytes()), h);
        assert_eq!(format!("{h:?}"), format!("Hash256({A})"));
        assert_eq!(Hash256::ZERO.to_hex(), "0".repeat(64));
    }

    #[test]
    fn malformed_hex_is_an_error() {
        for bad in ["", "00", &A[..63], &format!("{A}0"), &format!("{}g", &A[..63]), &format!("{}é", &A[..62])] {
            assert_eq!(Hash256::from_hex(bad), Err(HashError::MalformedHex), "{bad:?}");
        }
    }

    #[test]
    fn bit_numbering_matches_reference() {
        // Bit 0 is the lowest bit of word 0, printed last; bit 255 the highest of word 15.
        let mut h = Hash256::ZERO;
        h.set_bit(0);
        assert_eq!(h.to_hex(), format!("{}1", "0".repeat(63)));
        let mut h = Hash256::ZERO;
        h.set_bit(255);
        assert_eq!(h.to_hex(), format!("8{}", "0".repeat(63)));
        let mut h = Hash256::ZERO;
        h.set_bit(16 * 3 + 4); // word 3, bit 4: fourth group of four digits from the right
        assert_eq!(h.to_hex(), format!("{}0010{}", "0".repeat(48), "0".repeat(12)));
        assert_eq!(h.word(3), 0x0010);
        assert!(h.bit(52));
        assert!(!h.bit(51));
        let a = Hash256::from_hex(A).unwrap();
        // Words printed from 15 down to 0.
        assert_eq!(a.word(15), 0xd8f8);
        assert_eq!(a.word(0), 0x9b22);
        assert_eq!(a.word(3), 0x33e6);
        assert_eq!(a.word(4), 0x1e1d);
    }

    #[test]
    fn hamming_distance() {
        let a = Hash256::from_hex(A).unwrap();
        assert_eq!(a.hamming(&a), 0);
        let zero = Hash256::ZERO;
        assert_eq!(a.hamming(&zero), a.count_ones());
        let ones = Hash256::from_hex(&"f".repeat(64)).unwrap();
        assert_eq!(zero.hamming(&ones), 256);
        assert_eq!(a.hamming(&ones), 256 - a.count_ones());
        let mut b = a;
        for k in [0, 63, 64, 127, 128, 200, 255] {
            b = Hash256::from_bytes({
                let mut bytes = b.to_bytes();
                bytes[31 - k / 8] ^= 1 << (k % 8);
                bytes
            });
        }
        assert_eq!(a.hamming(&b), 7);
        assert_eq!(b.hamming(&a), 7);
        // Count by hand from the hex text for an independent check.
        let c = Hash256::from_hex("0000000000000000000000000000000000000000000000000000000000000f0f").unwrap();
        assert_eq!(zero.hamming(&c), 8);
    }
}
