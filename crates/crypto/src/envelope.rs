use std::collections::HashMap;
use std::fmt;

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use rand::rngs::OsRng;
use rand::RngCore;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

const VERSION: u8 = 1;
const NONCE: usize = 24;
const KEY: usize = 32;
const TAG: usize = 16;
const KEY_FILE_PREFIX: &str = "zeri-master-key-v1:";

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CryptoError {
    #[error("sealed value is malformed")]
    Malformed,
    #[error("sealed with master key {0}, which this keyring does not hold")]
    UnknownKey(String),
    #[error("sealed value failed authentication")]
    Authentication,
    #[error("master key file is malformed")]
    BadKeyFile,
}

/// A 256-bit master key and its public id. `Debug` prints only the id.
pub struct MasterKey {
    id: String,
    key: Zeroizing<[u8; KEY]>,
}

impl MasterKey {
    pub fn generate() -> Self {
        let mut key = Zeroizing::new([0u8; KEY]);
        OsRng.fill_bytes(key.as_mut());
        Self::from_bytes(key)
    }

    fn from_bytes(key: Zeroizing<[u8; KEY]>) -> Self {
        let digest = Sha256::new().chain_update(b"zeri key id v1").chain_update(key.as_ref()).finalize();
        Self { id: hex::encode(&digest[..8]), key }
    }

    /// The text of a key file: a prefix and 64 hex digits.
    pub fn to_file_contents(&self) -> Zeroizing<String> {
        Zeroizing::new(format!("{KEY_FILE_PREFIX}{}\n", hex::encode(self.key.as_ref())))
    }

    pub fn from_file_contents(text: &str) -> Result<Self, CryptoError> {
        let hex_key = text.trim().strip_prefix(KEY_FILE_PREFIX).ok_or(CryptoError::BadKeyFile)?;
        let mut key = Zeroizing::new([0u8; KEY]);
        hex::decode_to_slice(hex_key, key.as_mut()).map_err(|_| CryptoError::BadKeyFile)?;
        Ok(Self::from_bytes(key))
    }

    pub fn id(&self) -> &str {
        &self.id
    }
}

impl fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MasterKey({})", self.id)
    }
}

/// Master keys by id, the primary one used for new records.
pub struct Keyring {
    primary: String,
    keys: HashMap<String, MasterKey>,
    lookup_key: Zeroizing<[u8; KEY]>,
    audit_key: Zeroizing<[u8; KEY]>,
}

impl fmt::Debug for Keyring {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Keyring").field("primary", &self.primary).field("keys", &self.keys.len()).finish()
    }
}

impl Keyring {
    /// A keyring with one master key. The lookup key (receipts, client ids) is derived
    /// from it with HKDF; rotation adds new wrapping keys but keeps this one for lookups.
    pub fn new(primary: MasterKey) -> Self {
        let hkdf = Hkdf::<Sha256>::new(Some(b"zeri"), primary.key.as_ref());
        let mut lookup_key = Zeroizing::new([0u8; KEY]);
        hkdf.expand(b"lookup hmac v1", lookup_key.as_mut()).expect("32 bytes is a valid HKDF length");
        let mut audit_key = Zeroizing::new([0u8; KEY]);
        hkdf.expand(b"audit chain v1", audit_key.as_mut()).expect("32 bytes is a valid HKDF length");
        let primary_id = primary.id.clone();
        Self { primary: primary_id.clone(), keys: HashMap::from([(primary_id, primary)]), lookup_key, audit_key }
    }

    /// Adds an older key that can still unwrap records sealed with it.
    pub fn with_old_key(mut self, key: MasterKey) -> Self {
        self.keys.insert(key.id.clone(), key);
        self
    }

    pub fn primary_id(&self) -> &str {
        &self.primary
    }

    /// Encrypts `plaintext` under a fresh data key. `context` (the record id and field)
    /// is authenticated, so a sealed value moved to another record fails to open.
    pub fn seal(&self, plaintext: &[u8], context: &[u8]) -> Vec<u8> {
        let master = &self.keys[&self.primary];
        let mut dek = Zeroizing::new([0u8; KEY]);
        OsRng.fill_bytes(dek.as_mut());
        let mut wrap_nonce = [0u8; NONCE];
        let mut data_nonce = [0u8; NONCE];
        OsRng.fill_bytes(&mut wrap_nonce);
        OsRng.fill_bytes(&mut data_nonce);
        let wrap_aad = wrap_context(&master.id);
        let wrapped = XChaCha20Poly1305::new(master.key.as_ref().into())
            .encrypt(XNonce::from_slice(&wrap_nonce), Payload { msg: dek.as_ref(), aad: &wrap_aad })
            .expect("encryption with a valid key cannot fail");
        let ciphertext = XChaCha20Poly1305::new(dek.as_ref().into())
            .encrypt(XNonce::from_slice(&data_nonce), Payload { msg: plaintext, aad: context })
            .expect("encryption with a valid key cannot fail");
        let id = master.id.as_bytes();
        let mut out = Vec::with_capacity(2 + id.len() + NONCE * 2 + KEY + TAG + ciphertext.len());
        out.push(VERSION);
        out.push(id.len() as u8);
        out.extend_from_slice(id);
        out.extend_from_slice(&wrap_nonce);
        out.extend_from_slice(&wrapped);
        out.extend_from_slice(&data_nonce);
        out.extend_from_slice(&ciphertext);
        out
    }

    pub fn open(&self, sealed: &[u8], context: &[u8]) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
        let (&version, rest) = sealed.split_first().ok_or(CryptoError::Malformed)?;
        if version != VERSION {
            return Err(CryptoError::Malformed);
        }
        let (&id_len, rest) = rest.split_first().ok_or(CryptoError::Malformed)?;
        let id_len = id_len as usize;
        if rest.len() < id_len + NONCE + KEY + TAG + NONCE + TAG {
            return Err(CryptoError::Malformed);
        }
        let (id, rest) = rest.split_at(id_len);
        let id = std::str::from_utf8(id).map_err(|_| CryptoError::Malformed)?;
        let (wrap_nonce, rest) = rest.split_at(NONCE);
        let (wrapped, rest) = rest.split_at(KEY + TAG);
        let (data_nonce, ciphertext) = rest.split_at(NONCE);
        let master = self.keys.get(id).ok_or_else(|| CryptoError::UnknownKey(id.to_owned()))?;
        let wrap_aad = wrap_context(id);
        let dek = Zeroizing::new(
            XChaCha20Poly1305::new(master.key.as_ref().into())
                .decrypt(XNonce::from_slice(wrap_nonce), Payload { msg: wrapped, aad: &wrap_aad })
                .map_err(|_| CryptoError::Authentication)?,
        );
        if dek.len() != KEY {
            return Err(CryptoError::Malformed);
        }
        XChaCha20Poly1305::new(dek.as_slice().into())
            .decrypt(XNonce::from_slice(data_nonce), Payload { msg: ciphertext, aad: context })
            .map(Zeroizing::new)
            .map_err(|_| CryptoError::Authentication)
    }

    /// Keyed digest for values that must be found again but never read back: receipts,
    /// client identifiers for throttling. `domain` separates the uses.
    pub fn lookup_digest(&self, domain: &str, value: &[u8]) -> [u8; 32] {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(self.lookup_key.as_ref()).expect("any key length is valid");
        mac.update(domain.as_bytes());
        mac.update(&[0]);
        mac.update(value);
        mac.finalize().into_bytes().into()
    }
}

impl Keyring {
    /// One link of the audit hash chain: HMAC-SHA-256 over the previous link and the
    /// entry's canonical bytes. Keyed, so someone who can write to the database but does
    /// not hold the master key cannot rebuild a chain after editing it.
    pub fn audit_link(&self, prev: &[u8; 32], entry: &[u8]) -> [u8; 32] {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(self.audit_key.as_ref()).expect("any key length is valid");
        mac.update(prev);
        mac.update(entry);
        mac.finalize().into_bytes().into()
    }

    /// Constant-time check of one link.
    pub fn audit_link_ok(&self, prev: &[u8; 32], entry: &[u8], link: &[u8]) -> bool {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(self.audit_key.as_ref()).expect("any key length is valid");
        mac.update(prev);
        mac.update(entry);
        mac.verify_slice(link).is_ok()
    }
}

fn wrap_context(key_id: &str) -> Vec<u8> {
    [b"zeri dek v1 ".as_slice(), key_id.as_bytes()].concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seal_open_round_trip_and_hides_plaintext() {
        let k = Keyring::new(MasterKey::generate());
        let secret = b"my address is Rruga e Kavajes 12";
        let sealed = k.seal(secret, b"report:1:confidential");
        assert!(!sealed.windows(6).any(|w| w == b"Rruga "));
        assert_eq!(k.open(&sealed, b"report:1:confidential").unwrap().as_slice(), secret);
        // Two seals of the same text differ (fresh data key and nonces).
        assert_ne!(sealed, k.seal(secret, b"report:1:confidential"));
    }

    #[test]
    fn context_is_bound() {
        let k = Keyring::new(MasterKey::generate());
        let sealed = k.seal(b"x", b"report:1");
        assert_eq!(k.open(&sealed, b"report:2").unwrap_err(), CryptoError::Authentication);
    }

    #[test]
    fn any_flipped_bit_is_detected() {
        let k = Keyring::new(MasterKey::generate());
        let sealed = k.seal(b"hello", b"c");
        for i in 0..sealed.len() {
            let mut bad = sealed.clone();
            bad[i] ^= 1;
            assert!(k.open(&bad, b"c").is_err(), "flip at byte {i} went unnoticed");
        }
        for n in 0..sealed.len() {
            assert!(k.open(&sealed[..n], b"c").is_err());
        }
    }

    #[test]
    fn rotation_keeps_old_records_readable() {
        let old = MasterKey::generate();
        let old_copy = MasterKey::from_file_contents(&old.to_file_contents()).unwrap();
        let before = Keyring::new(old);
        let sealed = before.seal(b"kept", b"c");
        let after = Keyring::new(MasterKey::generate()).with_old_key(old_copy);
        assert_eq!(after.open(&sealed, b"c").unwrap().as_slice(), b"kept");
        let other = Keyring::new(MasterKey::generate());
        assert!(matches!(other.open(&sealed, b"c"), Err(CryptoError::UnknownKey(_))));
    }

    #[test]
    fn key_file_round_trip_and_debug_hides_key() {
        let k = MasterKey::generate();
        let text = k.to_file_contents();
        let back = MasterKey::from_file_contents(&text).unwrap();
        assert_eq!(back.id(), k.id());
        assert!(!format!("{k:?}").contains(&text[KEY_FILE_PREFIX.len()..KEY_FILE_PREFIX.len() + 16]));
        assert_eq!(MasterKey::from_file_contents("garbage").unwrap_err(), CryptoError::BadKeyFile);
    }

    #[test]
    fn lookup_digest_is_keyed_and_domain_separated() {
        let a = Keyring::new(MasterKey::generate());
        let b = Keyring::new(MasterKey::generate());
        assert_eq!(a.lookup_digest("receipt", b"1"), a.lookup_digest("receipt", b"1"));
        assert_ne!(a.lookup_digest("receipt", b"1"), b.lookup_digest("receipt", b"1"));
        assert_ne!(a.lookup_digest("receipt", b"1"), a.lookup_digest("client", b"1"));
    }
}
