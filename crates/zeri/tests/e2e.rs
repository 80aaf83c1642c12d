//! The real binary, started for real: durability across `kill -9`, nothing personal in the
//! data folder or the log, and `zeri user add` working on the same data as `serve`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    addr: String,
    log: Arc<Mutex<String>>,
}

impl Server {
    fn start(data_dir: &Path, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_zeri"))
            .args(["serve", "--listen", "127.0.0.1:0", "--data-dir"])
            .arg(data_dir)
            .args(extra)
            .env("RUST_LOG", "debug")
            .env_remove("ZERI_DATABASE_URL")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start zeri");
        let log = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        let sink = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(rest) = line.split("listening on http://").nth(1) {
                    let _ = tx.send(rest.split_whitespace().next().unwrap_or("").to_owned());
                }
                let mut log = sink.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        let stdout = child.stdout.take().unwrap();
        let sink = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let mut log = sink.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        let addr = rx.recv_timeout(Duration::from_secs(60)).expect("server did not start");
        Server { child, addr, log }
    }

    fn kill9(mut self) -> String {
        self.child.kill().unwrap(); // SIGKILL
        self.child.wait().unwrap();
        std::thread::sleep(Duration::from_millis(100));
        let log = self.log.lock().unwrap().clone();
        log
    }
}

/// A bare HTTP/1.1 request; returns the status and the body.
fn http(addr: &str, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> (u16, String) {
    let text = http_raw(addr, method, path, headers, body);
    let status = text.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default();
    (status, body)
}

/// The whole answer, status line and headers included.
fn http_raw(addr: &str, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let mut req =
        format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    req.push_str(body);
    s.write_all(req.as_bytes()).unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).unwrap();
    String::from_utf8_lossy(&out).into_owned()
}

fn post_json(addr: &str, path: &str, body: &str, token: Option<&str>) -> (u16, String) {
    let auth = token.map(|t| format!("Bearer {t}"));
    let mut h = vec![("Content-Type", "application/json")];
    if let Some(a) = &auth {
        h.push(("Authorization", a));
    }
    http(addr, "POST", path, &h, body)
}

/// A bare HTTP/1.1 request whose answer is bytes (a zip).
fn http_bytes(addr: &str, path: &str, token: &str, body: &str) -> (u16, Vec<u8>) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let req = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json\r\n\
         Authorization: Bearer {token}\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).unwrap();
    let end = out.windows(4).position(|w| w == b"\r\n\r\n").expect("headers") + 4;
    let head = String::from_utf8_lossy(&out[..end]).into_owned();
    let status = head.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    (status, out[end..].to_vec())
}

/// A demo account's password and second-factor secret, as `serve --demo` printed them.
fn demo_account(server: &Server, name: &str) -> (String, Option<String>) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let log = server.log.lock().unwrap().clone();
        if let Some(line) = log.lines().find(|l| l.split_whitespace().next() == Some(name) && l.contains("password: "))
        {
            let words: Vec<&str> = line.split_whitespace().collect();
            let password = words[2].to_owned();
            let secret = line.split("second factor: ").nth(1).map(|s| s.trim().to_owned());
            return (password, secret);
        }
        assert!(Instant::now() < deadline, "no demo account {name} printed");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Signs a demo account in over the API, with a code from its second factor.
fn demo_login(server: &Server, name: &str) -> String {
    let (password, secret) = demo_account(server, name);
    let mut body = serde_json::json!({"username": name, "password": password});
    if let Some(secret) = secret {
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
        body["totp"] = zeri_crypto::TotpSecret::from_base32(&secret).unwrap().code_at(now).into();
    }
    let (status, body) = post_json(&server.addr, "/api/v1/auth/session", &body.to_string(), None);
    assert_eq!(status, 201, "{body}");
    field(&body, "token")
}

fn zeri(args: &[&str], data: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_zeri"))
        .args(args)
        .arg("--data-dir")
        .arg(data)
        .env_remove("ZERI_DATABASE_URL")
        .output()
        .unwrap()
}

fn field(json: &str, key: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(json).unwrap_or_else(|_| panic!("not JSON: {json}"));
    v[key].as_str().unwrap_or_else(|| panic!("no {key} in {json}")).to_owned()
}

#[test]
fn acknowledged_reports_survive_kill_9() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &[]);
    let addr = server.addr.clone();
    // 16 clients report at once; the server is killed the moment the last answer arrives.
    let receipts: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..16)
            .map(|i| {
                let addr = addr.clone();
                s.spawn(move || {
                    let body = format!(
                        r#"{{"reporter":"self","category":"grooming","description":"kill test {i}","age_band":"13_15"}}"#
                    );
                    let (status, body) = post_json(&addr, "/api/v1/reports", &body, None);
                    assert_eq!(status, 201, "{body}");
                    field(&body, "receipt")
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    server.kill9();
    let server = Server::start(dir.path(), &[]);
    for r in &receipts {
        let (status, body) =
            post_json(&server.addr, "/api/v1/followup/session", &format!(r#"{{"receipt":"{r}"}}"#), None);
        assert_eq!(status, 201, "receipt lost after kill -9: {body}");
    }
    server.kill9();
}

#[test]
fn nothing_personal_in_the_data_folder_or_the_log() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let server = Server::start(&data, &["--demo"]);
    let a = server.addr.clone();
    let secrets = [
        "Kqvz-DESCRIPTION-5521",
        "Kqvz-PLATFORM-5521",
        "kqvz5521@example.al",
        "Kqvz-NAME-5521",
        "Kqvz-CHILD-5521",
        "Kqvz-REPLY-5521",
        "Kqvz-FORM-5521",
    ];
    let (status, body) = post_json(
        &a,
        "/api/v1/reports",
        &format!(
            r#"{{"reporter":"self","category":"sexual_extortion","description":"{}","platform":"{}","age_band":"16_17","contact_method":"email","email":"{}","name":"{}","location":"Grekan"}}"#,
            secrets[0], secrets[1], secrets[2], secrets[3]
        ),
        None,
    );
    assert_eq!(status, 201, "{body}");
    let receipt = field(&body, "receipt");
    let form = format!("reporter=self&category=other&age_band=unknown&description={}", secrets[6]);
    let (status, page) =
        http(&a, "POST", "/en/report", &[("Content-Type", "application/x-www-form-urlencoded")], &form);
    assert_eq!(status, 201, "{page}");
    let (_, body) = post_json(&a, "/api/v1/followup/session", &format!(r#"{{"receipt":"{receipt}"}}"#), None);
    let child = field(&body, "token");
    let (status, _) =
        post_json(&a, "/api/v1/followup/messages", &format!(r#"{{"body":"{}"}}"#, secrets[4]), Some(&child));
    assert_eq!(status, 201);
    // The demo counsellor's password and second factor are printed once on stdout.
    let staff = demo_login(&server, "counsellor");
    let (_, cases) = http(&a, "GET", "/api/v1/cases", &[("Authorization", &format!("Bearer {staff}"))], "");
    let cases: serde_json::Value = serde_json::from_str(&cases).unwrap();
    for case in cases.as_array().unwrap() {
        let id = case["id"].as_str().unwrap();
        let (status, _) =
            http(&a, "GET", &format!("/api/v1/cases/{id}"), &[("Authorization", &format!("Bearer {staff}"))], "");
        assert_eq!(status, 200);
        let (status, _) = post_json(
            &a,
            &format!("/api/v1/cases/{id}/messages"),
            &format!(r#"{{"body":"{}"}}"#, secrets[5]),
            Some(&staff),
        );
        assert_eq!(status, 201);
    }
    // A 404 and a bad request must not echo anything either.
    http(&a, "GET", &format!("/sq/{}", secrets[0]), &[], "");
    let log = server.kill9();
    assert!(log.contains("route="), "request logging is on, so the scan means something");

    let mut bytes = Vec::new();
    for entry in std::fs::read_dir(&data).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            bytes.extend(std::fs::read(&path).unwrap());
        }
    }
    assert!(bytes.len() > 10_000);
    let needles: Vec<String> = secrets
        .iter()
        .map(|s| s.to_string())
        .chain([receipt.clone(), receipt.replace('-', ""), child.clone(), staff.clone()])
        .collect();
    for s in &needles {
        assert!(!bytes.windows(s.len()).any(|w| w == s.as_bytes()), "{s} is in the data folder");
        assert!(!log.contains(s.as_str()), "{s} is in the log");
    }
    // The village; municipality names are public data and appear in the migrations.
    assert!(!log.contains("Grekan"), "no location in the log");
    assert_eq!(std::fs::metadata(data.join("master.key")).unwrap().permissions().mode() & 0o777, 0o600);
    assert_eq!(std::fs::metadata(&data).unwrap().permissions().mode() & 0o777, 0o700);
    for file in ["zeri.db", "zeri.db-wal"] {
        assert_eq!(std::fs::metadata(data.join(file)).unwrap().permissions().mode() & 0o777, 0o600, "{file}");
    }
}

#[test]
fn user_add_works_on_the_same_data_as_serve() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let pw = dir.path().join("pw");
    std::fs::write(&pw, "a very long password\n").unwrap();
    let pw = pw.to_str().unwrap();
    let out = zeri(
        &["user", "add", "--role", "counsellor", "--org", "helpline", "--username", "mira", "--password-file", pw],
        &data,
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("second factor is set up at the first sign-in"));
    let again = zeri(&["user", "add", "--role", "admin", "--username", "mira"], &data);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists already"));
    let no_org = zeri(&["user", "add", "--role", "child_protection_officer", "--username", "arta"], &data);
    assert!(!no_org.status.success(), "an officer belongs to a Child Protection Unit");
    let ok =
        zeri(&["user", "add", "--role", "child_protection_officer", "--org", "cpu-kukes", "--username", "arta"], &data);
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    let generated = zeri(&["user", "add", "--role", "statistician", "--username", "stats"], &data);
    let stdout = String::from_utf8_lossy(&generated.stdout);
    assert!(!stdout.contains("initial password"), "no initial password: {stdout}");
    let token = stdout
        .split("/sq/staff/setup#")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .expect("a set-up link")
        .to_owned();
    let list = zeri(&["user", "list"], &data);
    let listed = String::from_utf8_lossy(&list.stdout);
    assert!(listed.contains("arta") && listed.contains("cpu-kukes") && listed.contains("no second factor"), "{listed}");

    let server = Server::start(&data, &[]);
    // A counsellor sets up the second factor in the web interface before using the API.
    let (status, body) = post_json(
        &server.addr,
        "/api/v1/auth/session",
        r#"{"username":"mira","password":"a very long password"}"#,
        None,
    );
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("second-factor-setup"));
    // The statistician sets up the account with the link (a password of their own), and
    // needs a second factor all the same.
    let password = "the statistician's own password";
    let form = format!("token={token}&password={0}&repeat={0}", password.replace(' ', "+").replace('\'', "%27"));
    let (status, _) = http(
        &server.addr,
        "POST",
        "/sq/staff/setup",
        &[("Content-Type", "application/x-www-form-urlencoded"), ("Sec-Fetch-Site", "same-origin")],
        &form,
    );
    assert_eq!(status, 303, "the link works once, then the second factor");
    let (status, _) = http(
        &server.addr,
        "POST",
        "/sq/staff/setup",
        &[("Content-Type", "application/x-www-form-urlencoded"), ("Sec-Fetch-Site", "same-origin")],
        &form,
    );
    assert_eq!(status, 401, "used up");
    let (status, body) = post_json(
        &server.addr,
        "/api/v1/auth/session",
        &serde_json::json!({"username": "stats", "password": password}).to_string(),
        None,
    );
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("second-factor-setup"));
    let (status, body) =
        post_json(&server.addr, "/api/v1/auth/session", r#"{"username":"mira","password":"wrong"}"#, None);
    assert_eq!(status, 401, "{body}");
    let (status, _) = http(&server.addr, "GET", "/healthz", &[], "");
    assert_eq!(status, 200);
    server.kill9();
    let disabled = zeri(&["user", "disable", "stats"], &data);
    assert!(disabled.status.success());
    let server = Server::start(&data, &[]);
    let (status, _) = post_json(
        &server.addr,
        "/api/v1/auth/session",
        &serde_json::json!({"username": "stats", "password": password}).to_string(),
        None,
    );
    assert_eq!(status, 401, "a disabled account cannot sign in");
    server.kill9();
}

/// `zeri audit verify` names the first changed entry; `zeri leak-trace` names the
/// recipient of an export whose visible footer was removed.
#[test]
fn audit_verify_and_leak_trace() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let server = Server::start(&data, &["--demo"]);
    let a = server.addr.clone();
    let (status, body) = post_json(
        &a,
        "/api/v1/reports",
        r#"{"reporter":"self","category":"sexual_extortion","description":"He says he will send my photos to my school","age_band":"13_15","location":"Kukes","consent_police":true}"#,
        None,
    );
    assert_eq!(status, 201, "{body}");
    let staff = demo_login(&server, "counsellor");
    let (_, cases) = http(&a, "GET", "/api/v1/cases", &[("Authorization", &format!("Bearer {staff}"))], "");
    let id = serde_json::from_str::<serde_json::Value>(&cases).unwrap()[0]["id"].as_str().unwrap().to_owned();
    let (status, _) =
        http(&a, "GET", &format!("/api/v1/cases/{id}"), &[("Authorization", &format!("Bearer {staff}"))], "");
    assert_eq!(status, 200);
    let (status, zip) = http_bytes(
        &a,
        &format!("/api/v1/cases/{id}/exports"),
        &staff,
        r#"{"recipient":"police","reason":"The police asked for this case"}"#,
    );
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&zip));
    server.kill9();

    // The leaked copy: case.json without its export block, and no README.
    let case_json = zeri_web::service::exports::read_zip_entry(&zip, "case.json").expect("case.json in the package");
    let mut doc: serde_json::Value = serde_json::from_str(&case_json).unwrap();
    doc.as_object_mut().unwrap().remove("export");
    let leaked = dir.path().join("leaked.json");
    std::fs::write(&leaked, serde_json::to_string(&doc).unwrap()).unwrap();
    let out = zeri(&["leak-trace", leaked.to_str().unwrap()], &data);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("recipient:   Policia e Shtetit (police)"), "{stdout}");
    assert!(stdout.contains("prepared by: counsellor"), "{stdout}");
    let clean = dir.path().join("clean.txt");
    std::fs::write(&clean, "He says he will send my photos to my school").unwrap();
    let none = zeri(&["leak-trace", clean.to_str().unwrap()], &data);
    assert_eq!(none.status.code(), Some(1));

    // The audit chain holds, and breaks at the entry someone changes.
    let ok = zeri(&["audit", "verify"], &data);
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stdout));
    assert!(String::from_utf8_lossy(&ok.stdout).contains("intact"));
    let db = format!("sqlite://{}", data.join("zeri.db").display());
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        use sqlx::Connection;
        let mut c = sqlx::SqliteConnection::connect(&db).await.unwrap();
        sqlx::query("UPDATE audit SET action = 'read' WHERE seq = 4").execute(&mut c).await.unwrap();
    });
    let broken = zeri(&["audit", "verify"], &data);
    let stdout = String::from_utf8_lossy(&broken.stdout);
    assert_eq!(broken.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("BROKEN at entry 4"), "{stdout}");

    // The first schema's marker on that edited log: a start re-links nothing, verify says
    // so, and the explicit step refuses an existing chain.
    rt.block_on(async {
        use sqlx::Connection;
        let mut c = sqlx::SqliteConnection::connect(&db).await.unwrap();
        sqlx::query("UPDATE audit_head SET legacy_until = seq").execute(&mut c).await.unwrap();
    });
    let refused = zeri(&["audit", "chain-legacy"], &data);
    assert!(!refused.status.success(), "an existing chain is never linked again");
    assert!(String::from_utf8_lossy(&refused.stderr).contains("never linked again"));
    let server = Server::start(&data, &[]);
    server.kill9();
    let forged = zeri(&["audit", "verify"], &data);
    let stdout = String::from_utf8_lossy(&forged.stdout);
    assert_eq!(forged.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("TAMPERED") && stdout.contains("BROKEN at entry 4"), "{stdout}");
}

/// The newest audit entries cut and the head set to the surviving last link pass on the
/// database alone; the server's scheduled look at the tail finds it against the checkpoint
/// it wrote outside the database, tells the administrators, and `zeri audit verify` says how
/// many entries are missing, from the checkpoint file or from the server's log.
#[test]
fn a_cut_audit_tail_is_found_against_the_checkpoint() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let server = Server::start(&data, &["--demo", "--audit-check-seconds", "1"]);
    let written = |server: &Server| server.log.lock().unwrap().matches("audit checkpoint written").count();
    assert_eq!(written(&server), 1, "a checkpoint at start");
    let (status, body) = post_json(
        &server.addr,
        "/api/v1/reports",
        r#"{"reporter":"self","category":"grooming","description":"Someone keeps writing to me","age_band":"13_15"}"#,
        None,
    );
    assert_eq!(status, 201, "{body}");
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while written(&server) < 2 {
        assert!(std::time::Instant::now() < deadline, "no checkpoint after the report");
        std::thread::sleep(Duration::from_millis(100));
    }
    let file = std::fs::read_to_string(dir.path().join("data/master.key.audit-checkpoints")).unwrap();
    assert_eq!(file.lines().count(), 2, "{file}");
    let db = format!("sqlite://{}", data.join("zeri.db").display());
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        use sqlx::Connection;
        let mut c = sqlx::SqliteConnection::connect(&db).await.unwrap();
        sqlx::raw_sql(
            "DELETE FROM audit WHERE seq > (SELECT MAX(seq) - 2 FROM audit); \
             UPDATE audit_head SET seq = (SELECT MAX(seq) FROM audit), \
             hash = (SELECT hash FROM audit WHERE seq = (SELECT MAX(seq) FROM audit)) WHERE id = 1",
        )
        .execute(&mut c)
        .await
        .unwrap();
    });
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while !server.log.lock().unwrap().contains("AUDIT LOG TAMPERED") {
        assert!(std::time::Instant::now() < deadline, "the server did not notice the cut");
        std::thread::sleep(Duration::from_millis(100));
    }
    let log = server.kill9();
    assert!(log.contains("2 entries missing"), "{log}");
    let told: i64 = rt.block_on(async {
        use sqlx::Connection;
        let mut c = sqlx::SqliteConnection::connect(&db).await.unwrap();
        sqlx::query_scalar(
            "SELECT count(*) FROM notifications n JOIN staff s ON s.id = n.staff_id \
             WHERE n.kind = 'audit' AND s.role = 'admin'",
        )
        .fetch_one(&mut c)
        .await
        .unwrap()
    });
    assert_eq!(told, 1, "the administrator is told once");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("data/master.key.audit-checkpoints")).unwrap(),
        file,
        "no checkpoint is written over a broken tail"
    );

    let out = zeri(&["audit", "verify"], &data);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("BROKEN: 2 entries missing"), "{stdout}");
    // Without the file, the server's log is a checkpoint too.
    std::fs::remove_file(dir.path().join("data/master.key.audit-checkpoints")).unwrap();
    let alone = zeri(&["audit", "verify"], &data);
    assert!(alone.status.success(), "the database alone cannot tell: {}", String::from_utf8_lossy(&alone.stdout));
    let saved = dir.path().join("server.log");
    std::fs::write(&saved, &log).unwrap();
    let out = zeri(&["audit", "verify", "--checkpoints", saved.to_str().unwrap()], &data);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("BROKEN: 2 entries missing"), "{stdout}");
}

/// `zeri directory export` writes HSDS JSON; importing it again changes nothing; a file
/// with one broken record is refused with its position and reason and changes nothing.
#[test]
fn directory_export_and_import() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    // The first start seeds the shipped directory.
    let server = Server::start(&data, &[]);
    server.kill9();
    let first = zeri(&["directory", "export"], &data);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let exported: serde_json::Value = serde_json::from_slice(&first.stdout).unwrap();
    let services = exported.as_array().unwrap();
    assert_eq!(services.len(), 68, "7 national services and 61 Child Protection Units");
    let file = dir.path().join("directory.json");
    std::fs::write(&file, &first.stdout).unwrap();
    let again = zeri(&["directory", "import", file.to_str().unwrap()], &data);
    assert!(again.status.success(), "{}", String::from_utf8_lossy(&again.stderr));
    assert!(String::from_utf8_lossy(&again.stdout).contains("imported 68 services"));
    let second = zeri(&["directory", "export"], &data);
    assert_eq!(first.stdout, second.stdout, "re-importing the export yields the same directory");

    let mut broken = exported.clone();
    broken[4]["service_at_locations"][0]["location"]["latitude"] = serde_json::json!(123.4);
    broken[9]["id"] = serde_json::json!("not-a-uuid");
    broken[20]["name"] = serde_json::json!("Changed, but never saved");
    let bad = dir.path().join("broken.json");
    std::fs::write(&bad, serde_json::to_vec(&broken).unwrap()).unwrap();
    let refused = zeri(&["directory", "import", bad.to_str().unwrap()], &data);
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success());
    assert!(stderr.contains("record 5") && stderr.contains("latitude"), "{stderr}");
    assert!(stderr.contains("record 10") && stderr.contains("id"), "{stderr}");
    assert!(stderr.contains("nothing was imported"), "{stderr}");
    let third = zeri(&["directory", "export"], &data);
    assert_eq!(first.stdout, third.stdout, "the directory is unchanged");
}

/// Behind the TLS proxy the server listens on loopback: `--public-url https://…` makes its
/// cookies Secure and sends HSTS; without it, on loopback, neither.
#[test]
fn an_https_public_address_makes_cookies_secure_on_loopback() {
    for (args, secure) in [(&["--public-url", "https://zeri.example"][..], true), (&[][..], false)] {
        let dir = tempfile::tempdir().unwrap();
        let server = Server::start(&dir.path().join("data"), args);
        let a = server.addr.clone();
        let (status, body) = post_json(
            &a,
            "/api/v1/reports",
            r#"{"reporter":"self","category":"grooming","description":"Someone keeps writing to me","age_band":"13_15"}"#,
            None,
        );
        assert_eq!(status, 201, "{body}");
        let receipt = field(&body, "receipt");
        let form = format!("receipt={receipt}");
        let text =
            http_raw(&a, "POST", "/sq/followup", &[("Content-Type", "application/x-www-form-urlencoded")], &form);
        let head = text.split("\r\n\r\n").next().unwrap().to_ascii_lowercase();
        let cookie = head.lines().find(|l| l.starts_with("set-cookie:")).expect("a session cookie");
        assert_eq!(cookie.contains("; secure"), secure, "{args:?}: {cookie}");
        assert_eq!(head.contains("strict-transport-security:"), secure, "{args:?}");
        server.kill9();
    }
}

/// The binary's hosting flags: `--ip-country-db` read at start (a wrong path stops it),
/// `--resolve` answering names instead of DNS, and the analyst's lookup over HTTP.
#[test]
fn the_hosting_flags_locate_a_url_with_the_given_database_and_names() {
    let dir = tempfile::tempdir().unwrap();
    // A small IP-to-country database: 127.0.0.0/24 in Albania (as MaxMind and DB-IP lay out
    // their records).
    let db_path = dir.path().join("countries.mmdb");
    let mut db = maxminddb_writer::Database::default();
    db.metadata.ip_version = maxminddb_writer::metadata::IpVersion::V6;
    db.metadata.binary_format_major_version = 2;
    db.metadata.database_type = "Zeri-Test-Country".into();
    let al = db.insert_value(serde_json::json!({"country": {"iso_code": "AL"}})).unwrap();
    db.insert_node("::127.0.0.0/120".parse::<maxminddb_writer::paths::IpAddrWithMask>().unwrap(), al);
    std::fs::write(&db_path, db.write_to(Vec::new()).unwrap()).unwrap();

    let help = Command::new(env!("CARGO_BIN_EXE_zeri")).args(["serve", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    for flag in ["--ip-country-db", "ZERI_IP_COUNTRY_DB", "DB-IP", "CC BY 4.0", "--dns-timeout", "--resolve"] {
        assert!(help.contains(flag), "`zeri serve --help` does not mention {flag}");
    }
    let data = dir.path().join("data");
    let wrong = zeri(&["serve", "--listen", "127.0.0.1:0", "--ip-country-db", "/nonexistent/countries.mmdb"], &data);
    assert!(!wrong.status.success());
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("--ip-country-db /nonexistent/countries.mmdb"));

    let db_arg = db_path.to_str().unwrap();
    let server =
        Server::start(&data, &["--demo", "--ip-country-db", db_arg, "--resolve", "material.example=127.0.0.7"]);
    let analyst = demo_login(&server, "analyst");
    let url = r#"{"url": "https://material.example/secret-gallery-9931/a.jpg"}"#;
    let (status, body) = post_json(&server.addr, "/api/v1/hosting/lookup", url, Some(&analyst));
    assert_eq!(status, 200, "{body}");
    let located: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!((located["host"].as_str(), located["country"].as_str()), (Some("material.example"), Some("AL")));
    let (status, body) =
        post_json(&server.addr, "/api/v1/hosting/lookup", r#"{"url": "https://elsewhere.example/"}"#, Some(&analyst));
    assert_eq!(status, 422, "only the given names resolve: {body}");
    let log = server.kill9();
    assert!(log.contains("IP-to-country database loaded"), "{log}");
    for secret in ["secret-gallery-9931", "material.example", "elsewhere.example"] {
        assert!(!log.contains(secret), "{secret} is in the log");
    }
}
