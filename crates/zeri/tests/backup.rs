//! `zeri backup` taken while the server keeps receiving reports, and `zeri restore` into a
//! fresh data folder with the same master key: every report whose receipt came back
//! before the backup began is there, the audit chain verifies, and every evidence file
//! decrypts to its recorded SHA-256. A backup with one byte changed, a target that holds
//! data, a folder that is not empty and the wrong master key are refused. On SQLite, and
//! on PostgreSQL when ZERI_TEST_POSTGRES_URL is set (CI sets it).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

struct Server(Child);

impl Server {
    fn start(data: &Path, extra: &[String]) -> (Server, String) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_zeri"))
            .args(["serve", "--listen", "127.0.0.1:0", "--data-dir"])
            .arg(data)
            .args(extra)
            .env_remove("ZERI_DATABASE_URL")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start zeri");
        let (tx, rx) = std::sync::mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(rest) = line.split("listening on http://").nth(1) {
                    let _ = tx.send(rest.split_whitespace().next().unwrap_or("").to_owned());
                }
            }
        });
        let addr = rx.recv_timeout(Duration::from_secs(60)).expect("server did not start");
        (Server(child), addr)
    }

    fn kill9(mut self) {
        self.0.kill().unwrap(); // SIGKILL
        self.0.wait().unwrap();
    }
}

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

/// `zeri ARGS --data-dir DATA EXTRA…`.
fn zeri(args: &[&str], data: &Path, extra: &[String]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zeri"))
        .args(args)
        .arg("--data-dir")
        .arg(data)
        .args(extra)
        .env_remove("ZERI_DATABASE_URL")
        .env_remove("RUST_BACKTRACE")
        .output()
        .unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn all(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to.join(entry.file_name()));
        } else {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
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

/// `--database-url URL` for PostgreSQL; nothing for SQLite in the data folder.
fn db(url: Option<&str>) -> Vec<String> {
    url.map(|u| vec!["--database-url".to_owned(), u.to_owned()]).unwrap_or_default()
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
    let Ok(admin) = std::env::var("ZERI_TEST_POSTGRES_URL") else {
        assert!(std::env::var("CI").is_err(), "CI must run the PostgreSQL tests: set ZERI_TEST_POSTGRES_URL");
        eprintln!("ZERI_TEST_POSTGRES_URL not set: PostgreSQL backup story not run");
        return;
    };
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let urls = rt.block_on(async {
        use sqlx::Connection;
        let mut conn = sqlx::PgConnection::connect(&admin).await.unwrap();
        let (base, _) = admin.rsplit_once('/').unwrap();
        let mut urls = Vec::new();
        for _ in 0..4 {
            let name = format!("zeri_backup_{}", uuid::Uuid::new_v4().simple());
            sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.unwrap();
            urls.push(format!("{base}/{name}"));
        }
        urls
    });
    backup_story(Some(urls.try_into().unwrap()));
}
