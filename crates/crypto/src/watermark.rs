//! Invisible fingerprints in exported text, so a leaked copy names the export it came from.
//!
//! Every text of an export that a person wrote or that identifies the child (however short:
//! a name, a phone number), and every other long text, carries the export's 64-bit
//! fingerprint as zero-width characters after its first word: U+2060 WORD JOINER, 64 data
//! bits and a 16-bit check as U+200B (0) / U+200C (1), U+2060 again. The check is an HMAC
//! under a key derived from the keyring ([`CheckKey`]), so nobody without the key can make a
//! mark that passes, or tell a mark from other invisible characters by its check. Marks
//! from before the key (an unkeyed SHA-256 check) are still read, so older exports stay
//! traceable. They survive removing the visible footer, re-zipping, reformatting the JSON
//! and copying any one paragraph or field into another document; they do not survive
//! retyping or a deliberate scrub of invisible characters (SECURITY.md says so). No crate
//! does this; it is small.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

const START: char = '\u{2060}';
const ZERO: char = '\u{200B}';
const ONE: char = '\u{200C}';
const BITS: usize = 64 + 16;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fingerprint(pub [u8; 8]);

/// The key of the check bits, derived from the keyring (`Keyring::lookup_digest`, which
/// rotation keeps). `Debug` prints nothing of it.
#[derive(Clone)]
pub struct CheckKey(pub [u8; 32]);

impl std::fmt::Debug for CheckKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CheckKey(…)")
    }
}

impl Fingerprint {
    pub fn to_hex(self) -> String {
        hex::encode(self.0)
    }

    fn check(self, key: &CheckKey) -> [u8; 2] {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&key.0).expect("any key length is valid");
        mac.update(b"zeri fingerprint v2\0");
        mac.update(&self.0);
        let d = mac.finalize().into_bytes();
        [d[0], d[1]]
    }

    /// The check of marks made before it was keyed (read, never written).
    fn unkeyed_check(self) -> [u8; 2] {
        let d = Sha256::new().chain_update(b"zeri fingerprint v1").chain_update(self.0).finalize();
        [d[0], d[1]]
    }

    fn mark(self, key: &CheckKey) -> String {
        let mut out = String::with_capacity((BITS + 2) * 3);
        out.push(START);
        for byte in self.0.iter().chain(self.check(key).iter()) {
            for i in (0..8).rev() {
                out.push(if byte >> i & 1 == 1 { ONE } else { ZERO });
            }
        }
        out.push(START);
        out
    }
}

/// `text` with the fingerprint after its first word (at the end when it has one word).
pub fn embed(text: &str, fp: Fingerprint, key: &CheckKey) -> String {
    let at = text.trim_start().find(char::is_whitespace).map(|i| i + (text.len() - text.trim_start().len()));
    let at = at.unwrap_or(text.len());
    let mut out = String::with_capacity(text.len() + (BITS + 2) * 3);
    out.push_str(&text[..at]);
    out.push_str(&fp.mark(key));
    out.push_str(&text[at..]);
    out
}

/// Every fingerprint found in `text`, most frequent first. Damaged or forged marks (whose
/// check does not match under `key`, nor the unkeyed check of older exports) are skipped.
pub fn extract(text: &str, key: &CheckKey) -> Vec<Fingerprint> {
    let mut counts: Vec<(Fingerprint, usize)> = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != START {
            continue;
        }
        let mut bits = Vec::with_capacity(BITS);
        while let Some(&b) = chars.peek() {
            match b {
                ZERO => bits.push(0u8),
                ONE => bits.push(1u8),
                _ => break,
            }
            chars.next();
        }
        if bits.len() != BITS || chars.peek() != Some(&START) {
            continue;
        }
        chars.next();
        let bytes: Vec<u8> = bits.chunks(8).map(|c| c.iter().fold(0u8, |acc, b| acc << 1 | b)).collect();
        let fp = Fingerprint(bytes[..8].try_into().expect("8 bytes"));
        if fp.check(key) != bytes[8..10] && fp.unkeyed_check() != bytes[8..10] {
            continue;
        }
        match counts.iter_mut().find(|(f, _)| *f == fp) {
            Some((_, n)) => *n += 1,
            None => counts.push((fp, 1)),
        }
    }
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    counts.into_iter().map(|(f, _)| f).collect()
}

/// Removes every fingerprint character (to compare texts, or to show what a scrub leaves).
pub fn strip(text: &str) -> String {
    text.chars().filter(|c| !matches!(*c, START | ZERO | ONE)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: CheckKey = CheckKey([42; 32]);

    #[test]
    fn embeds_invisibly_and_extracts() {
        let fp = Fingerprint([1, 2, 3, 4, 250, 251, 252, 253]);
        let text = "He asked for photos and then threatened to send them to my school.";
        let marked = embed(text, fp, &KEY);
        assert_ne!(marked, text);
        assert_eq!(strip(&marked), text);
        assert!(marked.starts_with("He\u{2060}"));
        assert_eq!(extract(&marked, &KEY), vec![fp]);
        // A paragraph copied into another document still carries it.
        let copied = format!("Leaked: «{}» — end", &marked[..marked.find("photos").unwrap()]);
        assert_eq!(extract(&copied, &KEY), vec![fp]);
        // One word, and an empty text.
        assert_eq!(extract(&embed("word", fp, &KEY), &KEY), vec![fp]);
        assert_eq!(extract(&embed("", fp, &KEY), &KEY), vec![fp]);
        assert_eq!(extract(&embed("  leading space", fp, &KEY), &KEY), vec![fp]);
    }

    #[test]
    fn damaged_marks_are_ignored_and_majority_wins() {
        let a = Fingerprint([9; 8]);
        let b = Fingerprint([7; 8]);
        let mut damaged = embed("one two", a, &KEY);
        // Flip one bit: the check no longer matches.
        let i = damaged.find(ZERO).unwrap();
        damaged.replace_range(i..i + ZERO.len_utf8(), &ONE.to_string());
        assert!(extract(&damaged, &KEY).is_empty());
        let text = [embed("x y", b, &KEY), embed("x y", a, &KEY), embed("x y", b, &KEY)].join("\n");
        assert_eq!(extract(&text, &KEY), vec![b, a]);
        assert!(extract("plain text with \u{2060} a stray joiner\u{2060}", &KEY).is_empty());
    }

    #[test]
    fn the_check_is_keyed_and_older_marks_still_read() {
        let fp = Fingerprint([3, 1, 4, 1, 5, 9, 2, 6]);
        let other = CheckKey([7; 32]);
        let marked = embed("Drita", fp, &KEY);
        assert_eq!(extract(&marked, &KEY), vec![fp]);
        assert!(extract(&marked, &other).is_empty(), "a mark made without the key does not pass");
        assert_ne!(fp.check(&KEY), fp.check(&other));
        // A mark from before the key: the unkeyed check.
        let mut legacy = String::from("Drita");
        legacy.push(START);
        for byte in fp.0.iter().chain(fp.unkeyed_check().iter()) {
            for i in (0..8).rev() {
                legacy.push(if byte >> i & 1 == 1 { ONE } else { ZERO });
            }
        }
        legacy.push(START);
        assert_eq!(extract(&legacy, &KEY), vec![fp]);
        assert_eq!(format!("{KEY:?}"), "CheckKey(…)");
    }
}
