use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use rand::rngs::OsRng;
use rand::RngCore;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

mod case;
pub use case::{CaseKey, DataKey, Sealer};

/// A value sealed under its own data key, wrapped by a master key (staff secrets, survey
/// answers, and records from before case keys).
const VERSION: u8 = 1;
/// A value sealed directly under its case's data key: `[2][nonce][ciphertext]`.
const VERSION_CASE: u8 = 2;
const NONCE: usize = 24;
const KEY: usize = 32;
const TAG: usize = 16;
const KEY_FILE_PREFIX: &str = "zeri-master-key-v1:";
const OLD_KEY_PREFIX: &str = "zeri-retired-master-key-v1:";
const LOOKUP_PREFIX: &str = "zeri-lookup-key-v1:";
const AUDIT_PREFIX: &str = "zeri-audit-key-v1:";

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
    /// The case's data key was destroyed (retention erasure): the value can never be read.
    #[error("the data key of this record was destroyed")]
    KeyDestroyed,
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

    fn duplicate(&self) -> Self {
        Self { id: self.id.clone(), key: self.key.clone() }
    }
}

impl fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MasterKey({})", self.id)
    }
}

/// Master keys by id, the primary one used for new records.
///
/// The wrapping keys sit behind a lock so that a running server can take up a rotation
/// made while it serves ([`Keyring::adopt`]): every holder of the keyring (the store, the
/// sealers, the application) sees the new primary key at once and keeps the old ones.
pub struct Keyring {
    wrapping: std::sync::RwLock<Arc<Wrapping>>,
    lookup_key: Zeroizing<[u8; KEY]>,
    audit_key: Zeroizing<[u8; KEY]>,
}

/// The master keys and which one wraps new records.
struct Wrapping {
    primary: String,
    keys: HashMap<String, MasterKey>,
}

impl fmt::Debug for Keyring {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let w = self.w();
        f.debug_struct("Keyring").field("primary", &w.primary).field("keys", &w.keys.len()).finish()
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
        Self::from_parts(primary_id.clone(), HashMap::from([(primary_id, primary)]), lookup_key, audit_key)
    }

    fn from_parts(
        primary: String,
        keys: HashMap<String, MasterKey>,
        lookup_key: Zeroizing<[u8; KEY]>,
        audit_key: Zeroizing<[u8; KEY]>,
    ) -> Self {
        Self { wrapping: std::sync::RwLock::new(Arc::new(Wrapping { primary, keys })), lookup_key, audit_key }
    }

    /// The wrapping keys as they are now (a rotation taken up later does not change them).
    fn w(&self) -> Arc<Wrapping> {
        match self.wrapping.read() {
            Ok(w) => w.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Takes up the keys of `newer` (the key file as a rotation rewrote it): its primary key
    /// wraps new records from now on, and every key held so far stays, so whatever was
    /// sealed before still opens. Refused (`BadKeyFile`) when `newer` is another
    /// deployment's keyring (other lookup or audit keys: receipts and the audit chain would
    /// no longer match). `true` when the primary key changed.
    pub fn adopt(&self, newer: &Keyring) -> Result<bool, CryptoError> {
        if newer.lookup_key.as_ref() != self.lookup_key.as_ref() || newer.audit_key.as_ref() != self.audit_key.as_ref()
        {
            return Err(CryptoError::BadKeyFile);
        }
        let theirs = newer.w();
        let mut guard = match self.wrapping.write() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        let mut keys: HashMap<String, MasterKey> =
            guard.keys.iter().map(|(id, k)| (id.clone(), k.duplicate())).collect();
        let before = keys.len();
        for (id, k) in &theirs.keys {
            keys.entry(id.clone()).or_insert_with(|| k.duplicate());
        }
        let changed = guard.primary != theirs.primary;
        if changed || keys.len() != before {
            *guard = Arc::new(Wrapping { primary: theirs.primary.clone(), keys });
        }
        Ok(changed)
    }

    /// Reads a key file: `zeri-master-key-v1:` (the primary key), any
    /// `zeri-retired-master-key-v1:` lines (keys a rotation in progress still needs), and,
    /// once a rotation has written them, the lookup and audit keys. Before the first
    /// rotation those two are derived from the master key.
    pub fn from_file_contents(text: &str) -> Result<Self, CryptoError> {
        let mut primary = None;
        let (mut old, mut lookup, mut audit) = (Vec::new(), None, None);
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
            if line.starts_with(KEY_FILE_PREFIX) {
                if primary.is_some() {
                    return Err(CryptoError::BadKeyFile);
                }
                primary = Some(MasterKey::from_file_contents(line)?);
            } else if let Some(hex_key) = line.strip_prefix(OLD_KEY_PREFIX) {
                old.push(MasterKey::from_bytes(key_from_hex(hex_key)?));
            } else if let Some(hex_key) = line.strip_prefix(LOOKUP_PREFIX) {
                lookup = Some(key_from_hex(hex_key)?);
            } else if let Some(hex_key) = line.strip_prefix(AUDIT_PREFIX) {
                audit = Some(key_from_hex(hex_key)?);
            } else {
                return Err(CryptoError::BadKeyFile);
            }
        }
        let mut ring = Self::new(primary.ok_or(CryptoError::BadKeyFile)?);
        let mut wrapping_keys = HashMap::new();
        match (lookup, audit) {
            (Some(l), Some(a)) => {
                ring.lookup_key = l;
                ring.audit_key = a;
            }
            (None, None) => {}
            _ => return Err(CryptoError::BadKeyFile),
        }
        for key in old {
            wrapping_keys.insert(key.id.clone(), key);
        }
        if !wrapping_keys.is_empty() {
            let w = ring.w();
            for (id, k) in &w.keys {
                wrapping_keys.insert(id.clone(), k.duplicate());
            }
            ring = Self::from_parts(w.primary.clone(), wrapping_keys, ring.lookup_key.clone(), ring.audit_key.clone());
        }
        Ok(ring)
    }

    /// The key file for this keyring. It always names the lookup and audit keys, so a
    /// rotated keyring no longer needs the master key they were first derived from.
    pub fn to_file_contents(&self) -> Zeroizing<String> {
        let mut out = Zeroizing::new(String::from(
            "# Zëri keys. Keep a copy apart from the data and its backups; without it no report can be read.\n",
        ));
        let w = self.w();
        out.push_str(&w.keys[&w.primary].to_file_contents());
        let mut old: Vec<&MasterKey> = w.keys.values().filter(|k| k.id != w.primary).collect();
        old.sort_by(|a, b| a.id.cmp(&b.id));
        for key in old {
            out.push_str(&format!("{OLD_KEY_PREFIX}{}\n", hex::encode(key.key.as_ref())));
        }
        out.push_str(&format!("{LOOKUP_PREFIX}{}\n", hex::encode(self.lookup_key.as_ref())));
        out.push_str(&format!("{AUDIT_PREFIX}{}\n", hex::encode(self.audit_key.as_ref())));
        out
    }

    /// A new primary master key. Every current key stays, to unwrap what it wrapped, until
    /// [`Keyring::without_old_keys`]; the lookup and audit keys carry over (receipts are
    /// stored only as digests, so their lookup key cannot change).
    pub fn rotated(&self) -> Self {
        let primary = MasterKey::generate();
        let mut keys: HashMap<String, MasterKey> =
            self.w().keys.iter().map(|(id, k)| (id.clone(), k.duplicate())).collect();
        let id = primary.id.clone();
        keys.insert(id.clone(), primary);
        Self::from_parts(id, keys, self.lookup_key.clone(), self.audit_key.clone())
    }

    /// The same keyring holding only its primary master key.
    pub fn without_old_keys(&self) -> Self {
        let w = self.w();
        let primary = w.keys[&w.primary].duplicate();
        Self::from_parts(
            w.primary.clone(),
            HashMap::from([(w.primary.clone(), primary)]),
            self.lookup_key.clone(),
            self.audit_key.clone(),
        )
    }

    /// Ids of the keys other than the primary one.
    pub fn old_key_ids(&self) -> Vec<String> {
        let w = self.w();
        let mut ids: Vec<String> = w.keys.keys().filter(|id| **id != w.primary).cloned().collect();
        ids.sort();
        ids
    }

    /// Adds an older key that can still unwrap records sealed with it.
    pub fn with_old_key(self, key: MasterKey) -> Self {
        let w = self.w();
        let mut keys: HashMap<String, MasterKey> = w.keys.iter().map(|(id, k)| (id.clone(), k.duplicate())).collect();
        keys.insert(key.id.clone(), key);
        Self::from_parts(w.primary.clone(), keys, self.lookup_key.clone(), self.audit_key.clone())
    }

    /// The id of the key that wraps new records (it changes when a rotation is taken up).
    pub fn primary_id(&self) -> String {
        self.w().primary.clone()
    }

    /// Encrypts `plaintext` under a fresh data key. `context` (the record id and field)
    /// is authenticated, so a sealed value moved to another record fails to open.
    pub fn seal(&self, plaintext: &[u8], context: &[u8]) -> Vec<u8> {
        let w = self.w();
        let master = &w.keys[&w.primary];
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
        assemble(&master.id, &wrap_nonce, &wrapped, &data_nonce, &ciphertext)
    }

    pub fn open(&self, sealed: &[u8], context: &[u8]) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
        if sealed.first() == Some(&VERSION_CASE) {
            return Err(CryptoError::KeyDestroyed);
        }
        let parts = Parts::parse(sealed)?;
        let dek = self.unwrap(&parts)?;
        XChaCha20Poly1305::new(dek.as_slice().into())
            .decrypt(XNonce::from_slice(parts.data_nonce), Payload { msg: parts.ciphertext, aad: context })
            .map(Zeroizing::new)
            .map_err(|_| CryptoError::Authentication)
    }

    fn unwrap(&self, parts: &Parts<'_>) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
        let w = self.w();
        let master = w.keys.get(parts.key_id).ok_or_else(|| CryptoError::UnknownKey(parts.key_id.to_owned()))?;
        let dek = Zeroizing::new(
            XChaCha20Poly1305::new(master.key.as_ref().into())
                .decrypt(
                    XNonce::from_slice(parts.wrap_nonce),
                    Payload { msg: parts.wrapped, aad: &wrap_context(parts.key_id) },
                )
                .map_err(|_| CryptoError::Authentication)?,
        );
        if dek.len() != KEY {
            return Err(CryptoError::Malformed);
        }
        Ok(dek)
    }

    /// Re-wraps the data key of a value sealed under an older master key with the primary
    /// key; the ciphertext itself is unchanged. `None`: nothing to do (already under the
    /// primary key, or sealed under a case key, whose own wrapping is re-wrapped instead).
    pub fn rewrap(&self, sealed: &[u8]) -> Result<Option<Vec<u8>>, CryptoError> {
        if sealed.first() == Some(&VERSION_CASE) {
            return Ok(None);
        }
        let parts = Parts::parse(sealed)?;
        let w = self.w();
        if parts.key_id == w.primary {
            return Ok(None);
        }
        let dek = self.unwrap(&parts)?;
        let master = &w.keys[&w.primary];
        let mut wrap_nonce = [0u8; NONCE];
        OsRng.fill_bytes(&mut wrap_nonce);
        let wrapped = XChaCha20Poly1305::new(master.key.as_ref().into())
            .encrypt(XNonce::from_slice(&wrap_nonce), Payload { msg: dek.as_ref(), aad: &wrap_context(&master.id) })
            .expect("encryption with a valid key cannot fail");
        Ok(Some(assemble(&master.id, &wrap_nonce, &wrapped, parts.data_nonce, parts.ciphertext)))
    }

    /// The id of the master key a value is wrapped with; `None` for a value sealed under a
    /// case key or one too short to say.
    pub fn sealed_key_id(sealed: &[u8]) -> Option<String> {
        Parts::parse(sealed).ok().map(|p| p.key_id.to_owned())
    }

    /// Wraps a case's data key for storage. `context` names the case.
    pub fn wrap_data_key(&self, key: &DataKey, context: &[u8]) -> Vec<u8> {
        self.seal(key.0.as_ref(), context)
    }

    pub fn unwrap_data_key(&self, wrapped: &[u8], context: &[u8]) -> Result<DataKey, CryptoError> {
        let plain = self.open(wrapped, context)?;
        let mut key = Zeroizing::new([0u8; KEY]);
        if plain.len() != KEY {
            return Err(CryptoError::Malformed);
        }
        key.copy_from_slice(&plain);
        Ok(DataKey(key))
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

    /// A keyed signature of an audit checkpoint (a chain head written outside the
    /// database): HMAC-SHA-256 under a key derived from the audit key, so a checkpoint can
    /// be told apart from a link and neither can be made without the key.
    pub fn audit_checkpoint_mac(&self, checkpoint: &[u8]) -> [u8; 32] {
        let mut mac =
            <Hmac<Sha256> as Mac>::new_from_slice(self.checkpoint_key().as_ref()).expect("any key length is valid");
        mac.update(checkpoint);
        mac.finalize().into_bytes().into()
    }

    /// Constant-time check of a checkpoint's signature.
    pub fn audit_checkpoint_ok(&self, checkpoint: &[u8], signature: &[u8]) -> bool {
        let mut mac =
            <Hmac<Sha256> as Mac>::new_from_slice(self.checkpoint_key().as_ref()).expect("any key length is valid");
        mac.update(checkpoint);
        mac.verify_slice(signature).is_ok()
    }

    fn checkpoint_key(&self) -> Zeroizing<[u8; KEY]> {
        let hkdf = Hkdf::<Sha256>::new(Some(b"zeri"), self.audit_key.as_ref());
        let mut key = Zeroizing::new([0u8; KEY]);
        hkdf.expand(b"audit checkpoint v1", key.as_mut()).expect("32 bytes is a valid HKDF length");
        key
    }

    /// Constant-time check of one link.
    pub fn audit_link_ok(&self, prev: &[u8; 32], entry: &[u8], link: &[u8]) -> bool {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(self.audit_key.as_ref()).expect("any key length is valid");
        mac.update(prev);
        mac.update(entry);
        mac.verify_slice(link).is_ok()
    }
}

/// The pieces of a value sealed under a master key (version 1).
struct Parts<'a> {
    key_id: &'a str,
    wrap_nonce: &'a [u8],
    wrapped: &'a [u8],
    data_nonce: &'a [u8],
    ciphertext: &'a [u8],
}

impl<'a> Parts<'a> {
    fn parse(sealed: &'a [u8]) -> Result<Self, CryptoError> {
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
        let key_id = std::str::from_utf8(id).map_err(|_| CryptoError::Malformed)?;
        let (wrap_nonce, rest) = rest.split_at(NONCE);
        let (wrapped, rest) = rest.split_at(KEY + TAG);
        let (data_nonce, ciphertext) = rest.split_at(NONCE);
        Ok(Self { key_id, wrap_nonce, wrapped, data_nonce, ciphertext })
    }
}

fn assemble(key_id: &str, wrap_nonce: &[u8], wrapped: &[u8], data_nonce: &[u8], ciphertext: &[u8]) -> Vec<u8> {
    let id = key_id.as_bytes();
    let mut out =
        Vec::with_capacity(2 + id.len() + wrap_nonce.len() + wrapped.len() + data_nonce.len() + ciphertext.len());
    out.push(VERSION);
    out.push(id.len() as u8);
    out.extend_from_slice(id);
    out.extend_from_slice(wrap_nonce);
    out.extend_from_slice(wrapped);
    out.extend_from_slice(data_nonce);
    out.extend_from_slice(ciphertext);
    out
}

fn key_from_hex(text: &str) -> Result<Zeroizing<[u8; KEY]>, CryptoError> {
    let mut key = Zeroizing::new([0u8; KEY]);
    hex::decode_to_slice(text.trim(), key.as_mut()).map_err(|_| CryptoError::BadKeyFile)?;
    Ok(key)
}

fn wrap_context(key_id: &str) -> Vec<u8> {
    [b"zeri dek v1 ".as_slice(), key_id.as_bytes()].concat()
}

#[cfg(test)]
mod tests;
