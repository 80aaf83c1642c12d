//! Invisible fingerprints in exported text, so a leaked copy names the export it came from.
//!
//! Every long text of an export (description, messages, notes, the plan) carries the
//! export's 64-bit fingerprint as zero-width characters after its first word: U+2060
//! WORD JOINER, 64 data bits and a 16-bit check as U+200B (0) / U+200C (1), U+2060 again.
//! They survive removing the visible footer, re-zipping, reformatting the JSON and copying
//! any one paragraph into another document; they do not survive retyping or a deliberate
//! scrub of invisible characters (SECURITY.md says so). No crate does this; it is small.

use sha2::{Digest, Sha256};

const START: char = '\u{2060}';
const ZERO: char = '\u{200B}';
const ONE: char = '\u{200C}';
const BITS: usize = 64 + 16;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fingerprint(pub [u8; 8]);

impl Fingerprint {
    pub fn to_hex(self) -> String {
        hex::encode(self.0)
    }

    fn check(self) -> [u8; 2] {
        let d = Sha256::new().chain_update(b"zeri fingerprint v1").chain_update(self.0).finalize();
        [d[0], d[1]]
    }

    fn mark(self) -> String {
        let mut out = String::with_capacity((BITS + 2) * 3);
        out.push(START);
        for byte in self.0.iter().chain(self.check().iter()) {
            for i in (0..8).rev() {
                out.push(if byte >> i & 1 == 1 { ONE } else { ZERO });
            }
        }
        out.push(START);
        out
    }
}

/// `text` with the fingerprint after its first word (at the end when it has one word).
pub fn embed(text: &str, fp: Fingerprint) -> String {
    let at = text.trim_start().find(char::is_whitespace).map(|i| i + (text.len() - text.trim_start().len()));
    let at = at.unwrap_or(text.len());
    let mut out = String::with_capacity(text.len() + (BITS + 2) * 3);
    out.push_str(&text[..at]);
    out.push_str(&fp.mark());
    out.push_str(&text[at..]);
    out
}

/// Every fingerprint found in `text`, most frequent first. Damaged marks are skipped.
pub fn extract(text: &str) -> Vec<Fingerprint> {
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
        if fp.check() != bytes[8..10] {
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

    #[test]
    fn embeds_invisibly_and_extracts() {
        let fp = Fingerprint([1, 2, 3, 4, 250, 251, 252, 253]);
        let text = "He asked for photos and then threatened to send them to my school.";
        let marked = embed(text, fp);
        assert_ne!(marked, text);
        assert_eq!(strip(&marked), text);
        assert!(marked.starts_with("He\u{2060}"));
        assert_eq!(extract(&marked), vec![fp]);
        // A paragraph copied into another document still carries it.
        let copied = format!("Leaked: «{}» — end", &marked[..marked.find("photos").unwrap()]);
        assert_eq!(extract(&copied), vec![fp]);
        // One word, and an empty text.
        assert_eq!(extract(&embed("word", fp)), vec![fp]);
        assert_eq!(extract(&embed("", fp)), vec![fp]);
        assert_eq!(extract(&embed("  leading space", fp)), vec![fp]);
    }

    #[test]
    fn damaged_marks_are_ignored_and_majority_wins() {
        let a = Fingerprint([9; 8]);
        let b = Fingerprint([7; 8]);
        let mut damaged = embed("one two", a);
        // Flip one bit: the check no longer matches.
        let i = damaged.find(ZERO).unwrap();
        damaged.replace_range(i..i + ZERO.len_utf8(), &ONE.to_string());
        assert!(extract(&damaged).is_empty());
        let text = [embed("x y", b), embed("x y", a), embed("x y", b)].join("\n");
        assert_eq!(extract(&text), vec![b, a]);
        assert!(extract("plain text with \u{2060} a stray joiner\u{2060}").is_empty());
    }
}
