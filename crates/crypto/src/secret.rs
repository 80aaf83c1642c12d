use base64::Engine as _;
use rand::rngs::OsRng;
use rand::RngCore;
use sha2::{Digest, Sha256};
use zeri_domain::receipt::{Receipt, RECEIPT_DIGITS};

/// A new receipt: 20 uniformly random decimal digits from the operating system's CSPRNG.
pub fn new_receipt() -> Receipt {
    // One read of the OS generator for all the digits (a read per digit was 3% of the
    // intake's time in issue 18's profile): each byte below 250 gives one digit (`b % 10`,
    // uniform), the few above are dropped, and a rare short draw reads again.
    let mut digits = String::with_capacity(RECEIPT_DIGITS);
    while digits.len() < RECEIPT_DIGITS {
        let mut bytes = [0u8; 32];
        OsRng.fill_bytes(&mut bytes);
        for b in bytes.into_iter().filter(|b| *b < 250).take(RECEIPT_DIGITS - digits.len()) {
            digits.push(char::from(b'0' + b % 10));
        }
    }
    Receipt::from_digits(&digits).expect("20 digits")
}

/// A new session token: 256 random bits, base64url without padding. The token goes to the
/// client once; only its [`token_digest`] is stored.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// The stored form of a session token. `Debug` prints nothing of it.
#[derive(Clone, PartialEq, Eq)]
pub struct TokenDigest(pub [u8; 32]);

impl std::fmt::Debug for TokenDigest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenDigest(..)")
    }
}

/// Tokens carry 256 bits of entropy, so an unkeyed SHA-256 is enough to make a stolen
/// database useless for signing in (as crates.io does for its API tokens).
pub fn token_digest(token: &str) -> TokenDigest {
    TokenDigest(Sha256::digest(token.as_bytes()).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn receipts_are_well_formed_and_differ() {
        let a = new_receipt();
        let b = new_receipt();
        assert_eq!(a.digits().len(), 20);
        assert_ne!(a, b);
    }

    #[test]
    fn receipt_digits_are_roughly_uniform() {
        let mut counts = [0u32; 10];
        for _ in 0..500 {
            for d in new_receipt().digits().bytes() {
                counts[(d - b'0') as usize] += 1;
            }
        }
        // 10,000 digits: each should appear ~1,000 times; 800..1200 is > 6 sigma.
        for (d, c) in counts.iter().enumerate() {
            assert!((800..1200).contains(c), "digit {d} appeared {c} times");
        }
    }

    #[test]
    fn tokens() {
        let t = new_token();
        assert_eq!(t.len(), 43);
        assert_ne!(t, new_token());
        assert_eq!(token_digest(&t), token_digest(&t));
        assert_ne!(token_digest(&t), token_digest(&new_token()));
    }
}
