//! The receipt a child writes down to come back to their report.
//!
//! A receipt is 20 decimal digits (log2(10^20) ≈ 66.4 bits of entropy), shown in five
//! groups of four. Digits are easy to write, read aloud on the phone and type on any
//! keyboard. Generation needs randomness and so lives in `zeri-crypto`; this module only
//! knows the shape.

use std::fmt;

/// Number of digits in a receipt.
pub const RECEIPT_DIGITS: usize = 20;

/// A well-formed receipt. `Debug` never prints the digits, so a receipt cannot reach a log
/// by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct Receipt(String);

impl Receipt {
    /// Builds a receipt from exactly [`RECEIPT_DIGITS`] digits.
    pub fn from_digits(digits: &str) -> Option<Self> {
        (digits.len() == RECEIPT_DIGITS && digits.bytes().all(|b| b.is_ascii_digit())).then(|| Self(digits.to_owned()))
    }

    /// Reads what a person typed: spaces, dashes and dots between digits are ignored.
    /// Anything else (letters, too few or too many digits) is refused.
    pub fn parse(input: &str) -> Option<Self> {
        if input.len() > 64 {
            return None;
        }
        let mut digits = String::with_capacity(RECEIPT_DIGITS);
        for c in input.chars() {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '-' | '.' | '\u{a0}' | '\t' => {}
                _ => return None,
            }
        }
        Self::from_digits(&digits)
    }

    /// The bare digits, for hashing.
    pub fn digits(&self) -> &str {
        &self.0
    }

    /// The receipt as shown to the child: `1234-5678-9012-3456-7890`.
    pub fn display_grouped(&self) -> String {
        let mut out = String::with_capacity(RECEIPT_DIGITS + 4);
        for (i, c) in self.0.chars().enumerate() {
            if i > 0 && i % 4 == 0 {
                out.push('-');
            }
            out.push(c);
        }
        out
    }
}

impl fmt::Debug for Receipt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Receipt(..)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_people_type() {
        let r = Receipt::parse("1234-5678 9012.3456 7890").unwrap();
        assert_eq!(r.digits(), "12345678901234567890");
        assert_eq!(r.display_grouped(), "1234-5678-9012-3456-7890");
        assert_eq!(Receipt::parse(&r.display_grouped()), Some(r));
    }

    #[test]
    fn refuses_malformed() {
        for bad in [
            "",
            "1234",
            "1234-5678-9012-3456-789",
            "1234-5678-9012-3456-78901",
            "1234-5678-9012-3456-789a",
            "١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦٧٨٩٠",
        ] {
            assert!(Receipt::parse(bad).is_none(), "{bad:?} accepted");
        }
    }

    #[test]
    fn debug_hides_digits() {
        let r = Receipt::parse("12345678901234567890").unwrap();
        assert!(!format!("{r:?}").contains("1234"));
    }
}
