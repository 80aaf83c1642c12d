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

#[test]
fn rotation_rewraps_and_the_old_key_is_no_longer_needed() {
    let before = Keyring::new(MasterKey::generate());
    let sealed = before.seal(b"kept", b"c");
    let case_key = DataKey::generate();
    let wrapped = before.wrap_data_key(&case_key, b"case-key:1");
    let by_case = case_key.seal(b"case text", b"n");
    let receipt = before.lookup_digest("receipt", b"123");
    let link = before.audit_link(&[0; 32], b"entry");

    let during = Keyring::from_file_contents(&before.rotated().to_file_contents()).unwrap();
    assert_eq!(during.old_key_ids(), vec![before.primary_id().to_owned()]);
    let resealed = during.rewrap(&sealed).unwrap().expect("under the old key");
    let rewrapped = during.rewrap(&wrapped).unwrap().expect("under the old key");
    assert_eq!(during.rewrap(&resealed).unwrap(), None, "already under the new key");
    assert_eq!(during.rewrap(&by_case).unwrap(), None, "case values keep their case key");
    // Only the wrapping changed: the ciphertext is the same bytes.
    assert_eq!(resealed[resealed.len() - 20..], sealed[sealed.len() - 20..]);

    let after = Keyring::from_file_contents(&during.without_old_keys().to_file_contents()).unwrap();
    assert!(after.old_key_ids().is_empty());
    assert_ne!(after.primary_id(), before.primary_id());
    assert_eq!(after.open(&resealed, b"c").unwrap().as_slice(), b"kept");
    let key = after.unwrap_data_key(&rewrapped, b"case-key:1").unwrap();
    assert_eq!(key.open(&by_case, b"n").unwrap().as_slice(), b"case text");
    assert!(matches!(after.open(&sealed, b"c"), Err(CryptoError::UnknownKey(_))));
    // Receipts are found again and the audit chain still verifies.
    assert_eq!(after.lookup_digest("receipt", b"123"), receipt);
    assert!(after.audit_link_ok(&[0; 32], b"entry", &link));
    assert!(!after.to_file_contents().contains(&hex::encode(before.w().keys[&before.primary_id()].key.as_ref())));
}

#[test]
fn key_files_old_and_new_read_back() {
    let legacy = MasterKey::generate();
    let text = legacy.to_file_contents();
    let ring = Keyring::from_file_contents(&text).unwrap();
    let same = Keyring::new(MasterKey::from_file_contents(&text).unwrap());
    assert_eq!(ring.lookup_digest("x", b"1"), same.lookup_digest("x", b"1"));
    let again = Keyring::from_file_contents(&ring.to_file_contents()).unwrap();
    assert_eq!(again.lookup_digest("x", b"1"), same.lookup_digest("x", b"1"));
    assert_eq!(again.primary_id(), ring.primary_id());
    for bad in ["", "zeri-lookup-key-v1:00", &format!("{}{}", &*text, &*text), "nonsense"] {
        assert!(Keyring::from_file_contents(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn case_sealer_and_destroyed_keys() {
    let keys = Arc::new(Keyring::new(MasterKey::generate()));
    let key = DataKey::generate();
    let wrapped = keys.wrap_data_key(&key, b"case-key:7");
    let sealer = Sealer::new(keys.clone(), CaseKey::Key(key));
    let value = sealer.seal(b"Rruga e Durresit", b"note:1");
    assert_eq!(value[0], VERSION_CASE);
    assert_eq!(sealer.open(&value, b"note:1").unwrap().as_slice(), b"Rruga e Durresit");
    assert_eq!(sealer.open(&value, b"note:2").unwrap_err(), CryptoError::Authentication);
    // A legacy value of the same case (sealed under the master key) still opens.
    let legacy = keys.seal(b"old", b"note:0");
    assert_eq!(sealer.open(&legacy, b"note:0").unwrap().as_slice(), b"old");
    // The wrapped key is bound to its case.
    assert!(keys.unwrap_data_key(&wrapped, b"case-key:8").is_err());
    // Once the key is gone, nothing of the case opens, not even with the master key.
    let gone = Sealer::new(keys.clone(), CaseKey::Destroyed);
    assert_eq!(gone.open(&value, b"note:1").unwrap_err(), CryptoError::KeyDestroyed);
    assert_eq!(keys.open(&value, b"note:1").unwrap_err(), CryptoError::KeyDestroyed);
    assert!(format!("{sealer:?}").contains("case key"));
}

#[test]
fn a_running_keyring_takes_up_a_rotation_and_keeps_its_old_keys() {
    let serving = Arc::new(Keyring::new(MasterKey::generate()));
    let before = serving.seal(b"old", b"note:1");
    let case = DataKey::generate();
    let sealer = Sealer::new(serving.clone(), CaseKey::Legacy);
    // The rotation as `zeri keys rotate` writes it, read back from its file.
    let during = Keyring::from_file_contents(&serving.rotated().to_file_contents()).unwrap();
    let wrapped_new = during.wrap_data_key(&case, b"case-key:1");
    assert!(serving.unwrap_data_key(&wrapped_new, b"case-key:1").is_err(), "not yet taken up");
    assert!(serving.adopt(&during).unwrap(), "the primary key changed");
    assert_eq!(serving.primary_id(), during.primary_id());
    assert!(serving.unwrap_data_key(&wrapped_new, b"case-key:1").is_ok());
    // New records are wrapped by the new key, through every holder of the keyring.
    let after = sealer.seal(b"new", b"note:2");
    assert_eq!(Keyring::sealed_key_id(&after).unwrap(), during.primary_id());
    // The end of the rotation (the old key dropped from the file) loses nothing in memory.
    let finished = Keyring::from_file_contents(&during.without_old_keys().to_file_contents()).unwrap();
    assert!(!serving.adopt(&finished).unwrap());
    assert_eq!(&serving.open(&before, b"note:1").unwrap()[..], b"old");
    assert_eq!(&finished.open(&after, b"note:2").unwrap()[..], b"new");
    // Another deployment's key file is refused.
    let stranger = Keyring::new(MasterKey::generate());
    assert_eq!(serving.adopt(&stranger).unwrap_err(), CryptoError::BadKeyFile);
    assert_eq!(serving.primary_id(), during.primary_id());
}
