//! Crash safety under load: reports with evidence are sent by several clients at once
//! while the server is killed with SIGKILL at random moments, ten times, and restarted
//! each time. Every report whose receipt came back before a kill must be complete and
//! readable afterwards, and nothing half-written may be visible: every stored report has
//! its evidence row, every evidence row its sealed file, every file its recorded hash, and
//! the audit chain verifies. On SQLite, and on PostgreSQL when ZERI_TEST_POSTGRES_URL is
//! set (CI sets it). Also run by `scripts/crash-test`.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{db, Server};
use zeri_crypto::Keyring;

const KILLS: usize = 10;
const CLIENTS: usize = 3;

/// One HTTP/1.1 exchange; `None` when the connection failed (the server was killed).
fn send(addr: &str, head: &str, body: &[u8]) -> Option<(u16, String)> {
    let mut s = TcpStream::connect(addr).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(30))).ok()?;
    s.write_all(
        format!("{head}Host: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n\r\n", body.len()).as_bytes(),
    )
    .ok()?;
    s.write_all(body).ok()?;
    let mut out = Vec::new();
    s.read_to_end(&mut out).ok()?;
    let text = String::from_utf8_lossy(&out).into_owned();
    let status = text.split_whitespace().nth(1)?.parse().ok()?;
    Some((status, text.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default()))
}

fn report_with_evidence(addr: &str, n: usize, picture: &[u8]) -> Option<(u16, String)> {
    let b = "crash-boundary";
    let mut body = Vec::new();
    let fields = [
        ("reporter", "self"),
        ("category", "sexual_extortion"),
        ("description", "crash test report"),
        ("age_band", "13_15"),
        ("contact_method", "none"),
    ];
    for (k, v) in fields {
        body.extend(format!("--{b}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n").as_bytes());
    }
    body.extend(
        format!("--{b}\r\nContent-Disposition: form-data; name=\"evidence\"; filename=\"s{n}.png\"\r\n\r\n").as_bytes(),
    );
    body.extend(picture);
    body.extend(format!("\r\n--{b}--\r\n").as_bytes());
    let head = format!("POST /en/report HTTP/1.1\r\nContent-Type: multipart/form-data; boundary={b}\r\n");
    send(addr, &head, &body)
}

fn receipt_of(page: &str) -> Option<String> {
    Some(page.split("data-receipt>").nth(1)?.split('<').next()?.to_owned())
}

fn crash_story(data: &Path, url: Option<&str>) {
    let picture = std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../hashing/tests/data/pixels/bridge-mods--square-128x128.jpg.png"),
    )
    .unwrap();
    let confirmed = Arc::new(Mutex::new(Vec::<String>::new()));
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    for round in 0..KILLS {
        let (server, addr) = Server::start(data, &db(url));
        let stop = Arc::new(AtomicBool::new(false));
        let clients: Vec<_> = (0..CLIENTS)
            .map(|c| {
                let (addr, stop, confirmed, picture) = (addr.clone(), stop.clone(), confirmed.clone(), picture.clone());
                std::thread::spawn(move || {
                    let mut n = 0;
                    while !stop.load(Ordering::SeqCst) {
                        match report_with_evidence(&addr, round * 10_000 + c * 1000 + n, &picture) {
                            Some((201, page)) => confirmed.lock().unwrap().push(receipt_of(&page).expect("a receipt")),
                            Some((status, page)) => panic!("unexpected {status}: {page}"),
                            None => return,
                        }
                        n += 1;
                    }
                })
            })
            .collect();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        std::thread::sleep(Duration::from_millis(300 + seed % 1200));
        server.kill9();
        stop.store(true, Ordering::SeqCst);
        for c in clients {
            c.join().unwrap();
        }
    }
    let receipts = confirmed.lock().unwrap().clone();
    assert!(receipts.len() >= KILLS * 3, "load reached the server: {} receipts", receipts.len());

    // Every receipt given before a kill opens its report.
    let (server, addr) = Server::start(data, &db(url));
    for r in &receipts {
        let body = format!(r#"{{"receipt":"{r}"}}"#);
        let head = "POST /api/v1/followup/session HTTP/1.1\r\nContent-Type: application/json\r\n";
        let (status, answer) = send(&addr, head, body.as_bytes()).expect("server up");
        assert_eq!(status, 201, "receipt {r} lost: {answer}");
    }
    server.kill9();

    // Nothing half-written: every report has its one file, sealed, with its hash.
    let key_text = std::fs::read_to_string(data.join("master.key")).unwrap();
    let keyring = || Keyring::from_file_contents(&key_text).unwrap();
    let keys = Arc::new(keyring());
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let url = url.map(str::to_owned).unwrap_or_else(|| format!("sqlite://{}", data.join("zeri.db").display()));
        let store = zeri_storage::connect(&url, keys.clone()).await.unwrap();
        let blobs = zeri_storage::Blobs::local(&data.join("evidence")).unwrap();
        let mut reports = 0;
        for stage in zeri_domain::Stage::ALL {
            for r in store.list_reports(Some(stage), 1_000_000).await.unwrap() {
                reports += 1;
                let evidence = store.evidence_for(&r.id).await.unwrap();
                assert_eq!(evidence.len(), 1, "report {} has its one file", r.case_ref);
                let e = &evidence[0];
                let sealed = blobs.get(&e.blob_key).await.expect("the sealed file of a stored row");
                let sealer = zeri_storage::context::case_sealer(store.as_ref(), &keys, &r).await.unwrap();
                let file = sealer.open(&sealed, format!("evidence:{}:file", e.id).as_bytes()).expect("it opens");
                assert_eq!(zeri_hashing::sha256_hex(&file), e.sha256);
                assert_eq!(*file, picture[..]);
            }
        }
        assert!(reports >= receipts.len(), "{reports} reports stored, {} confirmed", receipts.len());
        eprintln!("{} kills: {} receipts confirmed, {reports} reports stored, all complete", KILLS, receipts.len());
    });
    let mut verify = Command::new(env!("CARGO_BIN_EXE_zeri"));
    verify.args(["audit", "verify", "--data-dir"]).arg(data).env_remove("ZERI_DATABASE_URL");
    if let Some(url) = url {
        verify.args(["--database-url", url]);
    }
    let out = verify.output().unwrap();
    assert!(out.status.success(), "audit chain: {}", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn nothing_confirmed_is_lost_across_ten_kills_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    crash_story(dir.path(), None);
}

#[test]
fn nothing_confirmed_is_lost_across_ten_kills_postgres() {
    let Ok(admin) = std::env::var("ZERI_TEST_POSTGRES_URL") else {
        assert!(std::env::var("CI").is_err(), "CI must run the PostgreSQL tests: set ZERI_TEST_POSTGRES_URL");
        return;
    };
    let name = format!("zeri_crash_{}", std::process::id());
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        use sqlx::Connection;
        let mut conn = sqlx::PgConnection::connect(&admin).await.unwrap();
        sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.unwrap();
    });
    let url = format!("{}/{name}", admin.rsplit_once('/').unwrap().0);
    let dir = tempfile::tempdir().unwrap();
    crash_story(dir.path(), Some(&url));
}
