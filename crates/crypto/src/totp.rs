//! Time-based one-time passwords (RFC 6238, SHA-1, 6 digits, 30 s) for staff sign-in,
//! with `totp-rs` doing the arithmetic. What it lacks and Zëri needs is the matched time
//! step, so a code cannot be replayed within its window: [`TotpSecret::verify`] returns it
//! and the caller stores it and accepts only later steps.

use rand::rngs::OsRng;
use rand::RngCore;
use subtle::ConstantTimeEq;
use totp_rs::{Algorithm, TOTP};
use zeroize::Zeroizing;

pub const TOTP_STEP: u64 = 30;

/// A 160-bit TOTP secret (the size RFC 4226 recommends).
pub struct TotpSecret(Zeroizing<Vec<u8>>);

impl std::fmt::Debug for TotpSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TotpSecret(…)")
    }
}

impl TotpSecret {
    pub fn generate() -> Self {
        let mut bytes = Zeroizing::new(vec![0u8; 20]);
        OsRng.fill_bytes(&mut bytes);
        Self(bytes)
    }

    pub fn from_bytes(bytes: &[u8]) -> Option<Self> {
        (bytes.len() >= 16).then(|| Self(Zeroizing::new(bytes.to_vec())))
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// Base32 without padding, as authenticator apps take it.
    pub fn base32(&self) -> String {
        base32::encode(base32::Alphabet::Rfc4648 { padding: false }, &self.0)
    }

    pub fn from_base32(text: &str) -> Option<Self> {
        let clean: String = text.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
        base32::decode(base32::Alphabet::Rfc4648 { padding: false }, &clean).and_then(|b| Self::from_bytes(&b))
    }

    /// `otpauth://` URI for a QR code. The account label is the username; the issuer "Zëri".
    pub fn uri(&self, account: &str) -> String {
        let enc = |s: &str| {
            s.bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
                    _ => format!("%{b:02X}"),
                })
                .collect::<String>()
        };
        format!(
            "otpauth://totp/{}:{}?secret={}&issuer={}&algorithm=SHA1&digits=6&period={TOTP_STEP}",
            enc("Zëri"),
            enc(account),
            self.base32(),
            enc("Zëri")
        )
    }

    fn totp(&self) -> TOTP {
        TOTP::new_unchecked(Algorithm::SHA1, 6, 0, TOTP_STEP, self.0.to_vec())
    }

    /// The code for a Unix time (seconds).
    pub fn code_at(&self, unix_secs: u64) -> String {
        self.totp().generate(unix_secs)
    }

    /// The time step `code` belongs to, if it is valid now or one step either side (clock
    /// drift) and later than `last_step`, the step last accepted.
    pub fn verify(&self, code: &str, unix_secs: u64, last_step: u64) -> Option<u64> {
        let code = code.trim().replace(' ', "");
        if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let totp = self.totp();
        let now = unix_secs / TOTP_STEP;
        let mut found = None;
        // Check every candidate step, without stopping early, in constant time per code.
        for step in [now.saturating_sub(1), now, now + 1] {
            let ok: bool = totp.generate(step * TOTP_STEP).as_bytes().ct_eq(code.as_bytes()).into();
            if ok && step > last_step {
                found = Some(step);
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1 test vectors (8 digits there; the last 6 here).
    #[test]
    fn rfc_6238_vectors() {
        let s = TotpSecret::from_bytes(b"12345678901234567890").unwrap();
        assert_eq!(s.code_at(59), "287082");
        assert_eq!(s.code_at(1_111_111_109), "081804");
        assert_eq!(s.code_at(1_234_567_890), "005924");
        assert_eq!(s.code_at(2_000_000_000), "279037");
    }

    #[test]
    fn verify_window_and_replay() {
        let s = TotpSecret::generate();
        let t = 1_800_000_000;
        let code = s.code_at(t);
        let step = t / TOTP_STEP;
        assert_eq!(s.verify(&code, t, 0), Some(step));
        assert_eq!(s.verify(&code, t + TOTP_STEP, 0), Some(step), "one step of drift");
        assert_eq!(s.verify(&code, t + 3 * TOTP_STEP, 0), None, "too old");
        assert_eq!(s.verify(&code, t, step), None, "replayed");
        assert_eq!(s.verify("12345", t, 0), None);
        assert_eq!(s.verify("abcdef", t, 0), None);
        let round = TotpSecret::from_base32(&s.base32()).unwrap();
        assert_eq!(round.as_bytes(), s.as_bytes());
        assert!(s.uri("ana").starts_with("otpauth://totp/Z%C3%ABri:ana?secret="));
    }
}
