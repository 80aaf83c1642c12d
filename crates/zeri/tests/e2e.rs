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
    let text = String::from_utf8_lossy(&out).into_owned();
    let status = text.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default();
    (status, body)
}

fn post_json(addr: &str, path: &str, body: &str, token: Option<&str>) -> (u16, String) {
    let auth = token.map(|t| format!("Bearer {t}"));
    let mut h = vec![("Content-Type", "application/json")];
    if let Some(a) = &auth {
        h.push(("Authorization", a));
    }
    http(addr, "POST", path, &h, body)
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
            r#"{{"reporter":"self","category":"sexual_extortion","description":"{}","platform":"{}","age_band":"16_17","contact_method":"email","email":"{}","name":"{}","location":"Kukes"}}"#,
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
    // The demo counsellor's password is printed once on stdout.
    let deadline = Instant::now() + Duration::from_secs(10);
    let password = loop {
        let log = server.log.lock().unwrap().clone();
        if let Some(p) =
            log.lines().find(|l| l.trim_start().starts_with("counsellor")).and_then(|l| l.split("password: ").nth(1))
        {
            break p.trim().to_owned();
        }
        assert!(Instant::now() < deadline, "no demo password printed");
        std::thread::sleep(Duration::from_millis(50));
    };
    let (status, body) =
        post_json(&a, "/api/v1/auth/session", &format!(r#"{{"username":"counsellor","password":"{password}"}}"#), None);
    assert_eq!(status, 201, "{body}");
    let staff = field(&body, "token");
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
    assert!(!log.contains("Kukës") && !log.contains("Kukes"), "no location in the log");
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
    let zeri = env!("CARGO_BIN_EXE_zeri");
    let out = Command::new(zeri)
        .args(["user", "add", "--role", "counsellor", "--username", "mira", "--password-file"])
        .arg(&pw)
        .arg("--data-dir")
        .arg(&data)
        .env_remove("ZERI_DATABASE_URL")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let again = Command::new(zeri)
        .args(["user", "add", "--role", "admin", "--username", "mira", "--data-dir"])
        .arg(&data)
        .env_remove("ZERI_DATABASE_URL")
        .output()
        .unwrap();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists already"));
    let generated = Command::new(zeri)
        .args(["user", "add", "--role", "admin", "--username", "boss", "--data-dir"])
        .arg(&data)
        .env_remove("ZERI_DATABASE_URL")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&generated.stdout);
    let password =
        stdout.split("initial password (shown only now): ").nth(1).expect("printed password").trim().to_owned();

    let server = Server::start(&data, &[]);
    let (status, body) = post_json(
        &server.addr,
        "/api/v1/auth/session",
        r#"{"username":"mira","password":"a very long password"}"#,
        None,
    );
    assert_eq!(status, 201, "{body}");
    let (status, _) = post_json(
        &server.addr,
        "/api/v1/auth/session",
        &format!(r#"{{"username":"boss","password":"{password}"}}"#),
        None,
    );
    assert_eq!(status, 201);
    let (status, body) =
        post_json(&server.addr, "/api/v1/auth/session", r#"{"username":"mira","password":"wrong"}"#, None);
    assert_eq!(status, 401, "{body}");
    let (status, _) = http(&server.addr, "GET", "/healthz", &[], "");
    assert_eq!(status, 200);
    server.kill9();
}
