//! `zeri backup` taken while the server keeps receiving reports, and `zeri restore` into a
//! fresh data folder with the same master key: every report whose receipt came back
//! before the backup began is there, the audit chain verifies, and every evidence file
//! decrypts to its recorded SHA-256. A backup with one byte changed, a target that holds
//! data, a folder that is not empty and the wrong master key are refused. On SQLite, and
//! on PostgreSQL when ZERI_TEST_POSTGRES_URL is set (CI sets it).

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{all, copy_dir, db, keyring, open_store, postgres_urls, runtime, stdout, zeri, Server};

/// One HTTP/1.1 exchange: the status and the body.
fn send(addr: &str, head: &str, body: &[u8]) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    s.write_all(
        format!("{head}Host: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n\r\n", body.len()).as_bytes(),
    )
    .unwrap();
    s.write_all(body).unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).unwrap();
    let text = String::from_utf8_lossy(&out).into_owned();
    let status = text.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    (status, text.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default())
}

/// A report through the form, as a browser sends it, with a picture or without; its receipt.
fn report(addr: &str, n: usize, picture: Option<&[u8]>) -> String {
    let b = "backup-boundary";
    let mut body = Vec::new();
    let description = format!("backup test report {n}");
    let fields = [
        ("reporter", "self"),
        ("category", "sexual_extortion"),
        ("description", description.as_str()),
        ("age_band", "13_15"),
        ("contact_method", "none"),
    ];
    for (k, v) in fields {
        body.extend(format!("--{b}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n").as_bytes());
    }
    if let Some(picture) = picture {
        body.extend(
            format!("--{b}\r\nContent-Disposition: form-data; name=\"evidence\"; filename=\"s{n}.png\"\r\n\r\n")
                .as_bytes(),
        );
        body.extend(picture);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{b}--\r\n").as_bytes());
    let head = format!("POST /en/report HTTP/1.1\r\nContent-Type: multipart/form-data; boundary={b}\r\n");
    let (status, page) = send(addr, &head, &body);
    assert_eq!(status, 201, "{page}");
    page.split("data-receipt>").nth(1).and_then(|r| r.split('<').next()).expect("a receipt").to_owned()
}

/// Flips one byte in the middle of a file.
fn flip_byte(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let mut bytes = std::fs::read(path).unwrap();
    let i = bytes.len() / 2;
    bytes[i] ^= 0x01;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).unwrap();
    std::fs::write(path, bytes).unwrap();
}

fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The story; `urls`: a fresh PostgreSQL source database and three empty targets.
fn backup_story(urls: Option<[String; 4]>) {
    let url = |i: usize| urls.as_ref().map(|u| u[i].as_str());
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let backup = dir.path().join("backup");
    let restored = dir.path().join("restored");
    let picture = std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../hashing/tests/data/pixels/bridge-mods--square-128x128.jpg.png"),
    )
    .unwrap();

    let mut serve = vec!["--demo".to_owned()];
    serve.extend(db(url(0)));
    let (server, addr) = Server::start(&data, &serve);
    let mut before: Vec<String> = (0..3).map(|n| report(&addr, n, (n == 1).then_some(&picture[..]))).collect();

    // Reports keep coming, every other one with a picture, while the backup is taken.
    let stop = Arc::new(AtomicBool::new(false));
    let confirmed = Arc::new(Mutex::new(Vec::<String>::new()));
    let client = {
        let (addr, stop, confirmed, picture) = (addr.clone(), stop.clone(), confirmed.clone(), picture.clone());
        std::thread::spawn(move || {
            let mut n = 100;
            while !stop.load(Ordering::SeqCst) {
                let receipt = report(&addr, n, (n % 2 == 0).then_some(&picture[..]));
                confirmed.lock().unwrap().push(receipt);
                n += 1;
            }
        })
    };
    wait_for("reports before the backup", || confirmed.lock().unwrap().len() >= 4);
    before.extend(confirmed.lock().unwrap().iter().cloned());
    let out = zeri(&["backup", backup.to_str().unwrap()], &data, &db(url(0)));
    let at_end = confirmed.lock().unwrap().len();
    wait_for("reports after the backup", || confirmed.lock().unwrap().len() >= at_end + 3);
    stop.store(true, Ordering::SeqCst);
    client.join().unwrap();
    server.kill9();
    let printed = stdout(&out);
    assert!(out.status.success(), "{}", all(&out));
    assert!(printed.contains("The master key is NOT in this backup"), "{printed}");
    eprintln!("{printed}");

    // The manifest: counts, the audit head and a SHA-256 per file; nothing personal.
    let text = std::fs::read_to_string(backup.join("MANIFEST.json")).unwrap();
    let manifest: serde_json::Value = serde_json::from_str(&text).unwrap();
    let evidence = manifest["evidence"].as_i64().unwrap();
    assert!(manifest["reports"].as_i64().unwrap() >= before.len() as i64, "{text}");
    assert!(evidence >= 3, "the first picture and two from the loop at least: {text}");
    assert!(manifest["audit_head"]["seq"].as_i64().unwrap() > 0);
    assert!(!text.contains("backup test report") && !before.iter().any(|r| text.contains(r.as_str())));
    let files = manifest["files"].as_object().unwrap();
    let db_file = if urls.is_some() { "zeri.pgdump" } else { "zeri.db" };
    assert!(files.contains_key(db_file), "{text}");
    let blobs: Vec<&String> = files.keys().filter(|f| f.starts_with("evidence/")).collect();
    assert!(blobs.len() as i64 >= evidence, "every evidence row has its blob, copied after the database");
    assert!(!backup.join("master.key").exists(), "the master key is never copied");

    // A backup goes into an empty folder only.
    let again = zeri(&["backup", backup.to_str().unwrap()], &data, &db(url(0)));
    assert!(!again.status.success());
    assert!(all(&again).contains("is not empty"), "{}", all(&again));

    // Restore into a fresh data folder with the same master key file.
    let key = data.join("master.key").to_str().unwrap().to_owned();
    let mut target = vec!["--master-key-file".to_owned(), key.clone()];
    target.extend(db(url(1)));
    let out = zeri(&["restore", backup.to_str().unwrap()], &restored, &target);
    let printed = stdout(&out);
    assert!(out.status.success(), "{}", all(&out));
    eprintln!("{printed}");
    assert!(printed.contains("audit log intact"), "{printed}");
    assert!(printed.contains(&format!("evidence: {evidence} of {evidence} files present, decrypted")), "{printed}");
    assert!(printed.contains("restore verified"), "{printed}");
    let verify = zeri(&["audit", "verify"], &restored, &target);
    assert!(verify.status.success(), "{}", all(&verify));
    assert!(stdout(&verify).contains("intact"));

    // Every receipt given before the backup began opens its report in the restored data.
    let (server, addr) = Server::start(&restored, &target);
    for r in &before {
        let head = "POST /api/v1/followup/session HTTP/1.1\r\nContent-Type: application/json\r\n";
        let (status, answer) = send(&addr, head, format!(r#"{{"receipt":"{r}"}}"#).as_bytes());
        assert_eq!(status, 201, "receipt {r} not in the restored data: {answer}");
    }
    server.kill9();

    // A target that holds data is refused.
    let again = zeri(&["restore", backup.to_str().unwrap()], &restored, &target);
    assert!(!again.status.success());
    assert!(all(&again).contains("already"), "{}", all(&again));

    // One byte changed, in an evidence file or in the database: refused, naming the file,
    // before anything is written.
    for (n, damaged_file) in [blobs[0].as_str(), db_file].into_iter().enumerate() {
        let damaged = dir.path().join(format!("damaged-{n}"));
        copy_dir(&backup, &damaged);
        flip_byte(&damaged.join(damaged_file));
        let fresh = dir.path().join(format!("fresh-{n}"));
        let mut args = vec!["--master-key-file".to_owned(), key.clone()];
        args.extend(db(url(2)));
        let out = zeri(&["restore", damaged.to_str().unwrap()], &fresh, &args);
        assert_eq!(out.status.code(), Some(1), "{}", all(&out));
        let said = all(&out);
        assert!(said.contains(&format!("the backup is damaged: {damaged_file} does not match")), "{said}");
        assert!(!fresh.join("zeri.db").exists() && !fresh.join("evidence").exists(), "nothing was written");
    }

    // Another master key is refused before anything is written.
    let other = dir.path().join("other.key");
    std::fs::write(&other, zeri_crypto::MasterKey::generate().to_file_contents().as_bytes()).unwrap();
    let fresh = dir.path().join("fresh-key");
    let mut args = vec!["--master-key-file".to_owned(), other.to_str().unwrap().to_owned()];
    args.extend(db(url(3)));
    let out = zeri(&["restore", backup.to_str().unwrap()], &fresh, &args);
    assert!(!out.status.success());
    assert!(all(&out).contains("was sealed with master key"), "{}", all(&out));
    assert!(!fresh.join("zeri.db").exists());
}

#[test]
fn backup_while_serving_and_restore_sqlite() {
    backup_story(None);
}

#[test]
fn backup_while_serving_and_restore_postgres() {
    let Some(urls) = postgres_urls::<4>() else { return };
    backup_story(Some(urls));
}

// ----- keys and retention -----

/// The report a receipt names.
async fn by_receipt(
    store: &dyn zeri_storage::Store,
    keys: &zeri_crypto::Keyring,
    receipt: &str,
) -> zeri_storage::ReportRow {
    let digits = zeri_domain::Receipt::parse(receipt).unwrap();
    store.report_by_receipt(&keys.lookup_digest("receipt", digits.digits().as_bytes())).await.unwrap().unwrap()
}

/// Opens a case's report and every evidence file with `keys` alone; the number of files.
async fn read_case(
    store: &dyn zeri_storage::Store,
    keys: &Arc<zeri_crypto::Keyring>,
    blobs: &zeri_storage::Blobs,
    report: &zeri_storage::ReportRow,
) -> Result<usize, String> {
    let sealer = zeri_storage::context::case_sealer(store, keys, report).await.map_err(|e| e.to_string())?;
    sealer.open(&report.sealed, format!("report:{}:confidential", report.id).as_bytes()).map_err(|e| e.to_string())?;
    let evidence = store.evidence_for(&report.id).await.unwrap();
    for e in &evidence {
        let sealed = blobs.get(&e.blob_key).await.map_err(|e| e.to_string())?;
        let file = sealer.open(&sealed, format!("evidence:{}:file", e.id).as_bytes()).map_err(|e| e.to_string())?;
        assert_eq!(zeri_hashing::sha256_hex(&file), e.sha256);
    }
    Ok(evidence.len())
}

fn picture() -> Vec<u8> {
    std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../hashing/tests/data/pixels/bridge-mods--square-128x128.jpg.png"),
    )
    .unwrap()
}

/// Retention erases a closed case by destroying its key: the live data, the case-key copy
/// and every backup made before lose it, while the other cases restore in full.
/// The erased case's evidence has no hashes left, and no match of the kept case points at it.
async fn assert_no_trace_of(store: &dyn zeri_storage::Store, erased: &str, kept: &str) {
    let evidence = store.evidence_for(erased).await.unwrap();
    assert!(!evidence.is_empty());
    for e in &evidence {
        assert_eq!((e.sha256.as_str(), e.md5.as_str(), e.pdq.as_deref()), ("", "", None), "hashes erased");
    }
    let matches = store.evidence_matches(kept).await.unwrap();
    assert!(matches.iter().all(|m| m.other_report_id.as_deref() != Some(erased)), "{matches:?}");
    assert!(store.evidence_matches(erased).await.unwrap().is_empty());
}

fn erasure_story(urls: Option<[String; 2]>) {
    let url = |i: usize| urls.as_ref().map(|u| u[i].as_str());
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (server, addr) = Server::start(&data, &db(url(0)));
    let (erased_receipt, kept_receipt) = (report(&addr, 1, Some(&picture())), report(&addr, 2, Some(&picture())));
    server.kill9();
    let keys = keyring(&data.join("master.key"));
    let rt = runtime();
    let (erased, kept, sealed_before) = rt.block_on(async {
        let store = open_store(&data, url(0), keys.clone()).await;
        let (a, b) =
            (by_receipt(&*store, &keys, &erased_receipt).await, by_receipt(&*store, &keys, &kept_receipt).await);
        // Closed long ago (stage_at is the time of the move).
        let event =
            |at| zeri_storage::NewEvent { report_id: Some(a.id.clone()), at, action: "stage", ..Default::default() };
        use zeri_domain::Stage::*;
        store.change_stage(&a.id, Received, InReview, &event(1)).await.unwrap();
        store.change_stage(&a.id, InReview, Closed, &event(2)).await.unwrap();
        (a.id.clone(), b.id.clone(), a.sealed.clone())
    });

    // A backup before the erasure: its database holds the sealed report but no case key.
    let backup = dir.path().join("backup");
    let out = zeri(&["backup", backup.to_str().unwrap()], &data, &db(url(0)));
    assert!(out.status.success(), "{}", all(&out));
    assert!(stdout(&out).contains("The case keys are NOT in this backup"), "{}", stdout(&out));
    let copy = data.join("master.key.case-keys");
    assert!(std::fs::read_to_string(&copy).unwrap().contains(&erased));
    if urls.is_none() {
        rt.block_on(async {
            use sqlx::{Connection, Row};
            let mut c = sqlx::SqliteConnection::connect(&format!("sqlite://{}", backup.join("zeri.db").display()))
                .await
                .unwrap();
            let n: i64 = sqlx::query("SELECT COUNT(*) AS n FROM case_keys").fetch_one(&mut c).await.unwrap().get("n");
            assert_eq!(n, 0, "no case key in a backup");
            let row =
                sqlx::query("SELECT sealed FROM reports WHERE id = ?").bind(&erased).fetch_one(&mut c).await.unwrap();
            assert_eq!(row.get::<Vec<u8>, _>("sealed"), sealed_before, "the backup holds the sealed report");
        });
    }

    // Nothing is due under a longer period; the dry run names the case and erases nothing.
    let mut retain = vec!["--retain".to_owned(), "closed=30".to_owned()];
    retain.extend(db(url(0)));
    let dry = zeri(&["retention", "run", "--dry-run"], &data, &retain);
    assert!(stdout(&dry).contains("1 cases are due") && stdout(&dry).contains(&erased), "{}", all(&dry));
    let out = zeri(&["retention", "run"], &data, &retain);
    assert!(out.status.success(), "{}", all(&out));
    assert!(
        stdout(&out).contains("erased the personal data of 1 cases under closed=30 (1 evidence files deleted"),
        "{}",
        all(&out)
    );
    assert!(!std::fs::read_to_string(&copy).unwrap().contains(&erased), "the copy forgets the erased case");
    let again = zeri(&["retention", "run"], &data, &retain);
    assert!(stdout(&again).contains("of 0 cases"), "{}", all(&again));

    rt.block_on(async {
        let store = open_store(&data, url(0), keys.clone()).await;
        let blobs = zeri_storage::Blobs::local(&data.join("evidence")).unwrap();
        let a = store.report(&erased).await.unwrap().unwrap();
        assert!(a.erased_at.is_some() && a.sealed.is_empty() && store.case_key(&erased).await.unwrap().is_none());
        assert!(store.events(&erased).await.unwrap().iter().any(|e| e.action == "case-erased"));
        // The same picture came in both cases: the kept one no longer points at the erased
        // one, whose hashes are gone.
        assert_no_trace_of(&*store, &erased, &kept).await;
        assert_eq!(read_case(&*store, &keys, &blobs, &store.report(&kept).await.unwrap().unwrap()).await, Ok(1));
        // The bytes any earlier backup holds cannot be opened with the master key and any
        // case key that still exists.
        let context = format!("report:{erased}:confidential");
        assert!(keys.open(&sealed_before, context.as_bytes()).is_err());
        for (id, wrapped) in store.all_case_keys().await.unwrap() {
            let key = keys.unwrap_data_key(&wrapped, format!("case-key:{id}").as_bytes()).unwrap();
            assert!(key.open(&sealed_before, context.as_bytes()).is_err(), "opened with the key of {id}");
        }
    });

    // The earlier backup restores: the kept case in full, the erased one erased again.
    let restored = dir.path().join("restored");
    let mut target = vec!["--master-key-file".to_owned(), data.join("master.key").to_str().unwrap().to_owned()];
    target.extend(db(url(1)));
    let out = zeri(&["restore", backup.to_str().unwrap()], &restored, &target);
    assert!(out.status.success(), "{}", all(&out));
    let printed = stdout(&out);
    assert!(printed.contains("1 cases were erased after this backup was made"), "{printed}");
    assert!(printed.contains("restore verified"), "{printed}");
    rt.block_on(async {
        let store = open_store(&restored, url(1), keys.clone()).await;
        let blobs = zeri_storage::Blobs::local(&restored.join("evidence")).unwrap();
        let a = store.report(&erased).await.unwrap().unwrap();
        assert!(a.erased_at.is_some() && a.sealed.is_empty());
        assert!(store.evidence_for(&erased).await.unwrap().iter().all(|e| e.sealed.is_empty()));
        assert_no_trace_of(&*store, &erased, &kept).await;
        assert_eq!(read_case(&*store, &keys, &blobs, &store.report(&kept).await.unwrap().unwrap()).await, Ok(1));
        assert!(zeri_storage::verify_chain(&*store, &keys).await.unwrap().is_ok());
    });

    // The child's receipt still opens, and says plainly that the details are gone.
    let (server, addr) = Server::start(&restored, &target);
    let head = "POST /api/v1/followup/session HTTP/1.1\r\nContent-Type: application/json\r\n";
    let (status, answer) = send(&addr, head, format!(r#"{{"receipt":"{erased_receipt}"}}"#).as_bytes());
    assert_eq!(status, 201, "{answer}");
    let token: serde_json::Value = serde_json::from_str(&answer).unwrap();
    let head =
        format!("GET /api/v1/followup HTTP/1.1\r\nAuthorization: Bearer {}\r\n", token["token"].as_str().unwrap());
    let (status, view) = send(&addr, &head, b"");
    assert_eq!(status, 200, "{view}");
    let view: serde_json::Value = serde_json::from_str(&view).unwrap();
    assert!(view["erased_at"].is_i64() && view["messages"].as_array().unwrap().is_empty(), "{view}");
    server.kill9();
}

#[test]
fn erasure_reaches_earlier_backups_sqlite() {
    erasure_story(None);
}

#[test]
fn erasure_reaches_earlier_backups_postgres() {
    let Some(urls) = postgres_urls::<2>() else { return };
    erasure_story(Some(urls));
}

/// Rotation re-wraps everything under a new master key while instances serve (two on
/// PostgreSQL, on one database and key file; one on SQLite), one rotation at a time (a
/// second one at the same moment is refused by the lock in the database), resumes after an
/// interruption, and leaves a key file without the old key, with which nothing opens any
/// more while the new key alone opens everything. The serving instances take up the new key
/// without a restart: the case opens on each, a message written through one after the
/// rotation is read through the other, and a report made after it is wrapped by the new key.
fn rotation_story(url: Option<String>) {
    let url = url.as_deref();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let key_file = data.join("master.key");
    let mut serve = vec!["--demo".to_owned()];
    serve.extend(db(url));
    let (server, addr) = Server::start(&data, &serve);
    let other = url.map(|_| Server::start(&data, &db(url)));
    let addr_b = other.as_ref().map(|(_, a)| a.clone()).unwrap_or_else(|| addr.clone());
    let receipt = report(&addr, 1, Some(&picture()));

    let first = std::fs::read_to_string(&key_file).unwrap();
    let old = keyring(&key_file);
    let rotate = || {
        Command::new(env!("CARGO_BIN_EXE_zeri"))
            .args(["keys", "rotate", "--data-dir"])
            .arg(&data)
            .args(db(url))
            .env_remove("ZERI_DATABASE_URL")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (one, two) = (rotate(), rotate());
    let (one, two) = (one.wait_with_output().unwrap(), two.wait_with_output().unwrap());
    let (out, refused) = if one.status.success() { (one, two) } else { (two, one) };
    assert!(out.status.success(), "{}", all(&out));
    assert!(stdout(&out).contains("rotation finished") && stdout(&out).contains("audit log intact"), "{}", all(&out));
    assert!(
        !refused.status.success() && all(&refused).contains("another key rotation is running"),
        "{}",
        all(&refused)
    );

    // Still serving, on the keys of the rotation, without a restart.
    let rotated = keyring(&key_file);
    assert_ne!(rotated.primary_id(), old.primary_id());
    let session = |addr: &str| {
        let head = "POST /api/v1/followup/session HTTP/1.1\r\nContent-Type: application/json\r\n";
        let (status, answer) = send(addr, head, format!(r#"{{"receipt":"{receipt}"}}"#).as_bytes());
        assert_eq!(status, 201, "{answer}");
        serde_json::from_str::<serde_json::Value>(&answer).unwrap()["token"].as_str().unwrap().to_owned()
    };
    let token = session(&addr);
    let head = format!(
        "POST /api/v1/followup/messages HTTP/1.1\r\nContent-Type: application/json\r\nAuthorization: Bearer {token}\r\n"
    );
    let (status, answer) = send(&addr, &head, br#"{"body":"written after the rotation"}"#);
    assert_eq!(status, 201, "{answer}");
    let head = format!("GET /api/v1/followup HTTP/1.1\r\nAuthorization: Bearer {}\r\n", session(&addr_b));
    let (status, view) = send(&addr_b, &head, b"");
    assert_eq!(status, 200, "{view}");
    assert!(view.contains("written after the rotation"), "{view}");
    let later = report(&addr_b, 2, None);
    runtime().block_on(async {
        let store = open_store(&data, url, rotated.clone()).await;
        let made = by_receipt(&*store, &rotated, &later).await;
        let wrapped = store.all_case_keys().await.unwrap().into_iter().find(|(id, _)| *id == made.id).unwrap().1;
        assert_eq!(
            zeri_crypto::Keyring::sealed_key_id(&wrapped).unwrap(),
            rotated.primary_id(),
            "the instance took up the new key"
        );
    });
    server.kill9();
    if let Some((b, _)) = other {
        b.kill9();
    }

    // An interrupted rotation (the new key written, nothing re-wrapped yet) resumes.
    let second = keyring(&key_file);
    std::fs::write(&key_file, second.rotated().to_file_contents().as_bytes()).unwrap();
    let out = zeri(&["keys", "rotate"], &data, &db(url));
    assert!(out.status.success() && stdout(&out).contains("resuming"), "{}", all(&out));

    let text = std::fs::read_to_string(&key_file).unwrap();
    assert!(!text.contains("retired"), "{text}");
    let master_hex = |t: &str| t.lines().find(|l| l.starts_with("zeri-master-key-v1:")).unwrap().to_owned();
    assert!(!text.contains(&master_hex(&first)[19..]), "the first master key is gone from the file");
    let new = keyring(&key_file);
    assert!(new.old_key_ids().is_empty());
    assert_ne!(new.primary_id(), old.primary_id());
    assert_ne!(new.primary_id(), second.primary_id());

    let rt = runtime();
    rt.block_on(async {
        let store = open_store(&data, url, new.clone()).await;
        let blobs = zeri_storage::Blobs::local(&data.join("evidence")).unwrap();
        let report = by_receipt(&*store, &new, &receipt).await;
        assert_eq!(read_case(&*store, &new, &blobs, &report).await, Ok(1), "the new key alone reads the case");
        assert!(read_case(&*store, &old, &blobs, &report).await.is_err(), "the old key reads nothing");
        let staff: Vec<_> = store.list_staff().await.unwrap().into_iter().filter(|s| s.totp_sealed.is_some()).collect();
        assert!(!staff.is_empty(), "demo accounts with a second factor");
        for staff in staff {
            let sealed = staff.totp_sealed.unwrap();
            assert!(new.open(&sealed, format!("staff:{}:totp", staff.id).as_bytes()).is_ok(), "{}", staff.username);
            assert!(old.open(&sealed, format!("staff:{}:totp", staff.id).as_bytes()).is_err());
        }
    });
    let verify = zeri(&["audit", "verify"], &data, &db(url));
    assert!(verify.status.success(), "{}", all(&verify));

    // The server starts on the new key and the child's receipt still opens its report.
    let (server, addr) = Server::start(&data, &db(url));
    let head = "POST /api/v1/followup/session HTTP/1.1\r\nContent-Type: application/json\r\n";
    let (status, answer) = send(&addr, head, format!(r#"{{"receipt":"{receipt}"}}"#).as_bytes());
    assert_eq!(status, 201, "{answer}");
    server.kill9();
}

#[test]
fn key_rotation_sqlite() {
    rotation_story(None);
}

#[test]
fn key_rotation_postgres() {
    let Some([url]) = postgres_urls::<1>() else { return };
    rotation_story(Some(url));
}
