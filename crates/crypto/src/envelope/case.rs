//! A case's own data key and the sealer that picks, per value, the case key or (for a case
//! from before case keys) the master key.

use std::fmt;
use std::sync::Arc;

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::rngs::OsRng;
use rand::RngCore;
use zeroize::Zeroizing;

use super::{CryptoError, Keyring, KEY, NONCE, TAG, VERSION_CASE};

/// The data key of one case. Everything personal about the case (the report, messages,
/// notes, evidence files, reasons in the audit log) is sealed under it, and it is stored
/// only wrapped by the master key, so destroying the wrapped key erases the case, in the
/// database and in every backup made before (backups never hold case keys).
pub struct DataKey(pub(super) Zeroizing<[u8; KEY]>);

impl fmt::Debug for DataKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DataKey(..)")
    }
}

impl DataKey {
    pub fn generate() -> Self {
        let mut key = Zeroizing::new([0u8; KEY]);
        OsRng.fill_bytes(key.as_mut());
        Self(key)
    }

    /// `[2][nonce][ciphertext]`: a fresh random 192-bit nonce per value, so one key can
    /// seal any number of values.
    pub fn seal(&self, plaintext: &[u8], context: &[u8]) -> Vec<u8> {
        let mut nonce = [0u8; NONCE];
        OsRng.fill_bytes(&mut nonce);
        let ciphertext = XChaCha20Poly1305::new(self.0.as_ref().into())
            .encrypt(XNonce::from_slice(&nonce), Payload { msg: plaintext, aad: context })
            .expect("encryption with a valid key cannot fail");
        let mut out = Vec::with_capacity(1 + NONCE + ciphertext.len());
        out.push(VERSION_CASE);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&ciphertext);
        out
    }

    pub fn open(&self, sealed: &[u8], context: &[u8]) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
        let (&version, rest) = sealed.split_first().ok_or(CryptoError::Malformed)?;
        if version != VERSION_CASE || rest.len() < NONCE + TAG {
            return Err(CryptoError::Malformed);
        }
        let (nonce, ciphertext) = rest.split_at(NONCE);
        XChaCha20Poly1305::new(self.0.as_ref().into())
            .decrypt(XNonce::from_slice(nonce), Payload { msg: ciphertext, aad: context })
            .map(Zeroizing::new)
            .map_err(|_| CryptoError::Authentication)
    }
}

/// Seals and opens the values of one case.
pub struct Sealer {
    keys: Arc<Keyring>,
    case: CaseKey,
}

/// What a case has to seal with.
pub enum CaseKey {
    /// Its own data key.
    Key(DataKey),
    /// None: a case from before case keys; its values are sealed under the master key.
    Legacy,
    /// Destroyed by retention erasure: nothing of the case can be read or added.
    Destroyed,
}

impl fmt::Debug for Sealer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let case = match self.case {
            CaseKey::Key(_) => "case key",
            CaseKey::Legacy => "master key",
            CaseKey::Destroyed => "destroyed",
        };
        write!(f, "Sealer({case})")
    }
}

impl Sealer {
    pub fn new(keys: Arc<Keyring>, case: CaseKey) -> Self {
        Self { keys, case }
    }

    pub fn is_destroyed(&self) -> bool {
        matches!(self.case, CaseKey::Destroyed)
    }

    /// Seals under the case key (the master key for a legacy case). Callers refuse writes
    /// to an erased case before sealing; should one get here, the value is sealed under a
    /// fresh key that is dropped at once, so it can never be read.
    pub fn seal(&self, plaintext: &[u8], context: &[u8]) -> Vec<u8> {
        match &self.case {
            CaseKey::Key(key) => key.seal(plaintext, context),
            CaseKey::Legacy => self.keys.seal(plaintext, context),
            CaseKey::Destroyed => DataKey::generate().seal(plaintext, context),
        }
    }

    pub fn open(&self, sealed: &[u8], context: &[u8]) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
        match (sealed.first(), &self.case) {
            (Some(&VERSION_CASE), CaseKey::Key(key)) => key.open(sealed, context),
            (Some(&VERSION_CASE), _) => Err(CryptoError::KeyDestroyed),
            (_, CaseKey::Destroyed) => Err(CryptoError::KeyDestroyed),
            _ => self.keys.open(sealed, context),
        }
    }
}
