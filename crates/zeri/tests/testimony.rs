//! The testimony across the commands (issue 18), with the real binary: a testimony stored
//! the old way (in the database) is moved to the blob store by `zeri serve` before it
//! listens; `zeri keys rotate` leaves its blob as it is and re-wraps only its key; `zeri
//! backup` and `zeri restore` carry it and verify its SHA-256.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use common::{
    all, copy_dir, db, keyring, open_store, postgres_urls, runtime, testimony_from_before_0028, zeri, Server,
};

use zeri_crypto::stream::{open_all, StreamKey};
use zeri_crypto::{DataKey, Keyring};
use zeri_domain::report::{AgeBand, Category, ContactMethod, ReporterKind};
use zeri_storage::{context, NewReportRow, Store, TestimonyRow};

const MARKER: &[u8] = b"SYNTHETIC-TESTIMONY-MARKER";

fn recording() -> Vec<u8> {
    let len = 2 * 1024 * 1024 + 999;
    let mut v: Vec<u8> = (0..len).map(|i| ((i * 7) % 251) as u8).collect();
    v[1000..1000 + MARKER.len()].copy_from_slice(MARKER);
    v
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries {
            let p = e.unwrap().path();
            if p.is_dir() {
                out.extend(files_under(&p));
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The testimony of `id` read back from the blob store of `data` with `keys` alone.
async fn read_back(store: &dyn Store, keys: &Arc<Keyring>, data: &Path, id: &str) -> Vec<u8> {
    let blob = store.testimony_blob(id).await.unwrap().expect("in the blob store");
    let report = store.report(id).await.unwrap().unwrap();
    let sealer = context::case_sealer(store, keys, &report).await.unwrap();
    let key = sealer.open(&blob.sealed_key, context::testimony_key(id).as_bytes()).unwrap();
    let sealed = std::fs::read(data.join("evidence").join(&blob.blob_key)).unwrap();
    open_all(StreamKey::from_bytes(&key).unwrap(), context::testimony_file(id).as_bytes(), &sealed).unwrap().to_vec()
}

/// `urls`: a fresh PostgreSQL source database and two empty targets.
fn story(urls: Option<[String; 3]>) {
    let url = |i: usize| urls.as_ref().map(|u| u[i].as_str());
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let key_file = data.join("master.key");
    let mut serve = vec!["--demo".to_owned()];
    serve.extend(db(url(0)));
    drop(Server::start(&data, &serve));
    let file = recording();

    // A testimony stored the old way, sealed in one piece in the database.
    let keys = keyring(&key_file);
    let id = "rt-old".to_owned();
    runtime().block_on(async {
        let store = open_store(&data, url(0), keys.clone()).await;
        let staff = store.list_staff().await.unwrap().into_iter().next().expect("demo staff").id;
        let case_key = DataKey::generate();
        store
            .insert_reports(&[NewReportRow {
                id: id.clone(),
                case_ref: "ZR-TOLD".into(),
                receipt_digest: [77; 32],
                created_at: 1_000,
                category: Category::Grooming,
                reporter: ReporterKind::Myself,
                age_band: AgeBand::From13To15,
                municipality: None,
                contact_method: ContactMethod::None,
                consent_cpo: false,
                consent_police: false,
                key_id: "case".into(),
                sealed: case_key.seal(b"{}", context::report(&id).as_bytes()),
                case_key: Some(keys.wrap_data_key(&case_key, context::case_key(&id).as_bytes())),
                channel: "online",
                org_id: "helpline".into(),
                evidence: Vec::new(),
                submission: None,
            }])
            .await
            .unwrap();
        let row = TestimonyRow {
            report_id: id.clone(),
            recorded_on: 20_400,
            recorded_by: staff,
            created_at: 2_000,
            size: file.len() as i64,
            sha256: hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&file)),
            sealed_meta: case_key.seal(b"{}", context::testimony_meta(&id).as_bytes()),
        };
        let sealed = case_key.seal(&file, context::testimony_file(&id).as_bytes());
        testimony_from_before_0028(store.as_ref(), &data, url(0), &row, &sealed).await;
        assert!(store.testimony_blob(&id).await.unwrap().is_none(), "in the database, no blob");
    });

    // `serve` moves it before it listens; several instances at once on PostgreSQL.
    let (server, _) = Server::start(&data, &db(url(0)));
    let other = url(0).map(|_| Server::start(&data, &db(url(0))).0);
    let blob_file = runtime().block_on(async {
        let store = open_store(&data, url(0), keys.clone()).await;
        assert!(store.testimony_file(&id).await.unwrap().is_none(), "moved out of the database");
        assert_eq!(read_back(store.as_ref(), &keys, &data, &id).await, file);
        store.testimony_blob(&id).await.unwrap().unwrap().blob_key
    });
    let testimonies: Vec<PathBuf> = files_under(&data.join("evidence/testimony"));
    assert_eq!(testimonies.len(), 1, "one copy, whatever the instances: {testimonies:?}");
    let sealed_before = std::fs::read(data.join("evidence").join(&blob_file)).unwrap();
    assert!(!contains(&sealed_before, MARKER));
    if url(0).is_none() {
        for f in files_under(&data) {
            assert!(!contains(&std::fs::read(&f).unwrap(), MARKER), "plaintext in {}", f.display());
        }
    }

    // Rotation while it is there: the blob stays as it was, its key is re-wrapped. (On
    // SQLite with the server stopped: rotating while serving is `backup.rs`'s story, and a
    // loaded machine made its long write wait past the busy timeout here.)
    let (server, other) = if url(0).is_some() {
        (Some(server), other)
    } else {
        drop(server);
        (None, other)
    };
    let out = zeri(&["keys", "rotate"], &data, &db(url(0)));
    assert!(out.status.success(), "{}", all(&out));
    let rotated = keyring(&key_file);
    assert_ne!(rotated.primary_id(), keys.primary_id());
    assert_eq!(std::fs::read(data.join("evidence").join(&blob_file)).unwrap(), sealed_before, "blob untouched");
    runtime().block_on(async {
        let store = open_store(&data, url(0), rotated.clone()).await;
        assert_eq!(read_back(store.as_ref(), &rotated, &data, &id).await, file, "read with the new key alone");
    });

    // Backup and restore carry it, and restore verifies it.
    let backup = dir.path().join("backup");
    let out = zeri(&["backup", backup.to_str().unwrap()], &data, &db(url(0)));
    assert!(out.status.success(), "{}", all(&out));
    drop(other);
    drop(server);
    assert!(backup.join("evidence").join(&blob_file).exists(), "the testimony's blob is in the backup");
    let restored = dir.path().join("restored");
    let mut target = vec!["--master-key-file".to_owned(), key_file.to_str().unwrap().to_owned()];
    target.extend(db(url(1)));
    let out = zeri(&["restore", backup.to_str().unwrap()], &restored, &target);
    let printed = all(&out);
    assert!(out.status.success(), "{printed}");
    assert!(printed.contains("testimonies: 1 of 1 present, decrypted and matching"), "{printed}");
    assert!(printed.contains("restore verified"), "{printed}");
    runtime().block_on(async {
        let store = open_store(&restored, url(1), rotated.clone()).await;
        assert_eq!(read_back(store.as_ref(), &rotated, &restored, &id).await, file, "restored");
    });

    // A damaged testimony in a restored store fails the verification, naming it.
    let damaged = dir.path().join("damaged");
    let out = {
        let mut args = target.clone();
        if let Some(u) = urls.as_ref() {
            // A fresh database for the second restore.
            args.truncate(2);
            args.extend(db(Some(&u[2])));
        }
        let bad = dir.path().join("backup-bad");
        copy_dir(&backup, &bad);
        // Changed consistently with the manifest: the file is damaged, not the backup.
        let path = bad.join("evidence").join(&blob_file);
        let mut bytes = std::fs::read(&path).unwrap();
        let i = bytes.len() / 2;
        bytes[i] ^= 1;
        std::fs::write(&path, &bytes).unwrap();
        let manifest = std::fs::read_to_string(bad.join("MANIFEST.json")).unwrap();
        let rel = format!("evidence/{blob_file}");
        let old_sha = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(std::fs::read(backup.join(&rel)).unwrap()));
        let new_sha = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&bytes));
        std::fs::write(bad.join("MANIFEST.json"), manifest.replace(&old_sha, &new_sha)).unwrap();
        zeri(&["restore", bad.to_str().unwrap()], &damaged, &args)
    };
    let printed = all(&out);
    assert!(!out.status.success(), "{printed}");
    assert!(printed.contains(&format!("testimony of {id}: its file is damaged")), "{printed}");
}

#[test]
fn testimony_moves_rotates_and_survives_backup_sqlite() {
    story(None);
}

#[test]
fn testimony_moves_rotates_and_survives_backup_postgres() {
    let Some(urls) = postgres_urls::<3>() else { return };
    story(Some(urls));
}
