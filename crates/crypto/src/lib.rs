//! The cryptography of Zëri, kept small so it can be reviewed in one sitting.
//!
//! - [`Keyring`]: envelope encryption. Every record is encrypted with its own random data
//!   key (XChaCha20-Poly1305); the data key is wrapped by a master key whose id is stored
//!   beside it, so master keys can be rotated without re-encrypting every record.
//! - Receipts and client identifiers are stored only as HMAC-SHA-256 under a key derived
//!   from the master key, which lives outside the database.
//! - Session tokens are 256-bit random values stored as SHA-256 digests.
//! - Staff passwords are Argon2id (callers run them in `spawn_blocking`); the second factor
//!   is TOTP with replay protection.
//! - The audit log is a keyed hash chain ([`Keyring::audit_link`]).
//! - Large files (the testimony) are sealed in chunks ([`stream`], the `aead` STREAM
//!   construction), so they are written and read without being held in memory.
//! - Exports carry an invisible fingerprint ([`watermark`]) that names their recipient.

mod envelope;
mod password;
mod secret;
pub mod stream;
mod totp;
pub mod watermark;

pub use envelope::{CaseKey, CryptoError, DataKey, Keyring, MasterKey, Sealer};
pub use password::{generate_password, hash_password, verify_password, PasswordParams};
pub use secret::{new_receipt, new_token, token_digest, TokenDigest};
pub use totp::{TotpSecret, TOTP_STEP};
