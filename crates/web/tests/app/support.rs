//! The `TestApp` helper every capability's tests share, and their fixtures.

#![allow(dead_code)]

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use tower::ServiceExt;
use zeri_crypto::{Keyring, MasterKey, PasswordParams, TotpSecret, TOTP_STEP};
use zeri_domain::permission::{OrgKind, Profession};
use zeri_domain::Role;
use zeri_storage::{NewEvent, OrgRow, Store};
use zeri_web::{App, AppState, NewStaff, WebConfig};

use crate::common;

pub const PASSWORD: &str = "a long test password";

pub struct TestApp {
    pub app: AppState,
    pub router: Router,
    pub dir: tempfile::TempDir,
    /// Second-factor secrets and the last time step used, by username.
    pub totp: Mutex<HashMap<String, (Vec<u8>, u64)>>,
    /// The database, for tests that check figures against a direct query.
    pub url: String,
}

pub struct Res {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Res {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|_| panic!("not JSON: {}", self.body))
    }
    pub fn cookie(&self) -> String {
        let c = self.headers.get(header::SET_COOKIE).expect("set-cookie").to_str().unwrap();
        c.split(';').next().unwrap().to_owned()
    }
}

pub fn fast_config() -> WebConfig {
    WebConfig { password_params: PasswordParams::fast_for_tests(), hosting: test_locator(), ..WebConfig::default() }
}

// ----- where material is hosted -----

/// The countries of the generated IP-to-country database.
pub const TEST_COUNTRIES: [(&str, &str); 3] = [("::127.0.0.0/120", "AL"), ("::127.0.1.0/120", "DE"), ("::1/128", "NL")];

/// A small IP-to-country database in the MaxMind DB format, as MaxMind and DB-IP lay out
/// their records (`country.iso_code`): 127.0.0.0/24 is in Albania, 127.0.1.0/24 in Germany,
/// ::1 in the Netherlands (an IPv6 database: IPv4 sits at ::/96, as in theirs).
pub fn country_db_bytes() -> Vec<u8> {
    use maxminddb_writer::metadata::IpVersion;
    use maxminddb_writer::paths::IpAddrWithMask;
    #[derive(serde::Serialize)]
    struct Country {
        iso_code: &'static str,
    }
    #[derive(serde::Serialize)]
    struct Record {
        country: Country,
    }
    let mut db = maxminddb_writer::Database::default();
    db.metadata.ip_version = IpVersion::V6;
    db.metadata.binary_format_major_version = 2;
    db.metadata.database_type = "Zeri-Test-Country".into();
    db.metadata.languages = vec!["en".into()];
    for (net, code) in TEST_COUNTRIES {
        let data = db.insert_value(Record { country: Country { iso_code: code } }).unwrap();
        db.insert_node(net.parse::<IpAddrWithMask>().unwrap(), data);
    }
    db.write_to(Vec::new()).unwrap()
}

/// Names the tests' resolver answers (on loopback, never DNS).
pub fn test_names() -> Vec<(&'static str, Vec<std::net::IpAddr>)> {
    let ip = |s: &str| s.parse::<std::net::IpAddr>().unwrap();
    vec![
        ("example.com", vec![ip("127.0.0.10")]),
        ("hosted-in-albania.test", vec![ip("127.0.0.20")]),
        ("cdn.hosted-in-albania.test", vec![ip("127.0.1.30")]),
        ("hosted-in-germany.test", vec![ip("127.0.1.20")]),
        ("mostly-albania.test", vec![ip("127.0.1.5"), ip("127.0.0.5"), ip("::1"), ip("127.0.0.6")]),
        ("unplaced.test", vec![ip("127.0.2.1")]),
    ]
}

/// The locator of the tests: the map above and the generated database.
pub fn test_locator() -> zeri_web::parts::hosting::Locator {
    use zeri_web::parts::hosting::{CountryDb, Locator, StaticResolver};
    Locator {
        resolver: Arc::new(StaticResolver::new(test_names())),
        countries: Some(Arc::new(CountryDb::from_bytes(country_db_bytes()).unwrap())),
        ..Locator::default()
    }
}

impl TestApp {
    /// Waits until every image stored so far is decoded and matched (the inspector also runs
    /// by itself; this makes the tests' order of events certain).
    pub async fn inspected(&self) {
        zeri_web::service::inspection::inspect_pending(&self.app).await.unwrap();
    }

    pub async fn new() -> Self {
        Self::with(fast_config()).await
    }

    pub async fn with(config: WebConfig) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("zeri.db").display());
        Self::on(&url, dir, config, Keyring::new(MasterKey::generate())).await
    }

    pub async fn on(url: &str, dir: tempfile::TempDir, config: WebConfig, keys: Keyring) -> Self {
        let keys = Arc::new(keys);
        let store = zeri_storage::connect(url, keys.clone()).await.unwrap();
        if store.organisation("svc-test").await.unwrap().is_none() {
            let org = OrgRow {
                id: "svc-test".into(),
                kind: OrgKind::Service,
                name: "Qendra Test".into(),
                municipality: Some("Kukës".into()),
                demo: true,
            };
            store
                .insert_organisation(&org, &NewEvent { action: "organisation-added", ..NewEvent::default() })
                .await
                .unwrap();
        }
        // On PostgreSQL the evidence goes to the S3-compatible test server when there is one
        // (the national set-up); on SQLite to a folder (the small NGO's).
        let blobs = match std::env::var("ZERI_TEST_S3") {
            Ok(s3) if url.starts_with("postgres") => zeri_storage::Blobs::open(&s3).unwrap(),
            _ => zeri_storage::Blobs::local(&dir.path().join("evidence")).unwrap(),
        };
        let app = App::new(store, blobs, keys, config).await.unwrap();
        zeri_web::seed_directory(&app, true).await.unwrap();
        Self { router: zeri_web::router(app.clone()), app, dir, totp: Mutex::new(HashMap::new()), url: url.to_owned() }
    }

    pub fn store(&self) -> &Arc<dyn Store> {
        &self.app.store
    }

    pub async fn send(&self, req: Request<Body>) -> Res {
        let res = self.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        Res { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
    }

    pub async fn json(&self, method: Method, path: &str, body: Option<Value>, token: Option<&str>) -> Res {
        let mut req = Request::builder().method(method).uri(path).header(header::ACCEPT_LANGUAGE, "en");
        if let Some(t) = token {
            req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        let body = match body {
            Some(v) => {
                req = req.header(header::CONTENT_TYPE, "application/json");
                Body::from(v.to_string())
            }
            None => Body::empty(),
        };
        self.send(req.body(body).unwrap()).await
    }

    /// A CSV body with a bearer token.
    pub async fn csv(&self, path: &str, body: &str, token: &str) -> Res {
        let req = Request::post(path)
            .header(header::CONTENT_TYPE, "text/csv")
            .header(header::ACCEPT_LANGUAGE, "en")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::from(body.to_owned()))
            .unwrap();
        self.send(req).await
    }

    /// A JSON request whose answer is bytes (a file).
    pub async fn json_raw(
        &self,
        method: Method,
        path: &str,
        body: Value,
        token: &str,
    ) -> (StatusCode, HeaderMap, Vec<u8>) {
        let req = Request::builder()
            .method(method)
            .uri(path)
            .header(header::ACCEPT_LANGUAGE, "en")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap();
        let res = self.router.clone().oneshot(req).await.unwrap();
        let (status, headers) = (res.status(), res.headers().clone());
        (status, headers, res.into_body().collect().await.unwrap().to_bytes().to_vec())
    }

    pub async fn raw(&self, path: &str, content_type: Option<&str>, body: Vec<u8>) -> Res {
        let mut req = Request::post(path);
        if let Some(ct) = content_type {
            req = req.header(header::CONTENT_TYPE, ct);
        }
        self.send(req.body(Body::from(body)).unwrap()).await
    }

    pub async fn page(&self, path: &str, cookie: Option<&str>) -> Res {
        let mut req = Request::get(path);
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        self.send(req.body(Body::empty()).unwrap()).await
    }

    pub async fn form(&self, path: &str, fields: &[(&str, &str)], cookie: Option<&str>) -> Res {
        self.form_from(path, fields, cookie, None).await
    }

    pub async fn form_from(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        cookie: Option<&str>,
        peer: Option<SocketAddr>,
    ) -> Res {
        let body = serde_urlencoded_like(fields);
        let mut req = Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        let mut req = req.body(Body::from(body)).unwrap();
        if let Some(p) = peer {
            req.extensions_mut().insert(ConnectInfo(p));
        }
        self.send(req).await
    }

    pub async fn report(&self, body: Value) -> String {
        let res = self.json(Method::POST, "/api/v1/reports", Some(body), None).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
        res.json()["receipt"].as_str().unwrap().to_owned()
    }

    pub async fn survivor(&self, receipt: &str) -> String {
        let res = self.json(Method::POST, "/api/v1/followup/session", Some(json!({"receipt": receipt})), None).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
        res.json()["token"].as_str().unwrap().to_owned()
    }

    /// The usual organisation of a role in the tests.
    pub fn org_for(role: Role) -> Option<&'static str> {
        match role {
            Role::Counsellor => Some("helpline"),
            Role::HotlineAnalyst => Some("hotline"),
            Role::ChildProtectionOfficer => Some("cpu-kukes"),
            Role::ServiceProvider => Some("svc-test"),
            Role::PoliceInvestigator => Some("police"),
            Role::Prosecutor => Some("prosecution"),
            Role::BarnahusCoordinator => Some("barnahus"),
            Role::Supervisor => Some("helpline"),
            Role::Admin | Role::Statistician => None,
        }
    }

    /// Creates an account (with its second factor set up when the role needs one).
    pub async fn create(&self, username: &str, role: Role, org: Option<&str>) {
        self.create_professional(username, role, org, None).await
    }

    pub async fn create_professional(
        &self,
        username: &str,
        role: Role,
        org: Option<&str>,
        profession: Option<Profession>,
    ) {
        let secret = role.needs_second_factor().then(TotpSecret::generate);
        let new = NewStaff { username, role, org_id: org, profession, password: Some(PASSWORD), totp: secret.as_ref() };
        zeri_web::create_staff(self.store().as_ref(), &self.app.keys, new, PasswordParams::fast_for_tests(), None)
            .await
            .unwrap();
        if let Some(s) = secret {
            self.totp.lock().unwrap().insert(username.to_owned(), (s.as_bytes().to_vec(), 0));
        }
    }

    /// A code for the next sign-in: a time step not used before (the server refuses replays).
    pub fn code(&self, username: &str) -> Option<String> {
        let mut map = self.totp.lock().unwrap();
        let (secret, last) = map.get_mut(username)?;
        let now = zeri_web::now_ms() as u64 / 1000 / TOTP_STEP;
        let step = (now.saturating_sub(1)).max(*last + 1);
        assert!(step <= now + 1, "more than three sign-ins of {username} within a minute");
        *last = step;
        Some(TotpSecret::from_bytes(secret).unwrap().code_at(step * TOTP_STEP))
    }

    pub async fn login(&self, username: &str) -> String {
        let mut body = json!({"username": username, "password": PASSWORD});
        if let Some(code) = self.code(username) {
            body["totp"] = json!(code);
        }
        let res = self.json(Method::POST, "/api/v1/auth/session", Some(body), None).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
        res.json()["token"].as_str().unwrap().to_owned()
    }

    pub async fn staff(&self, username: &str, role: Role) -> String {
        self.create(username, role, Self::org_for(role)).await;
        self.login(username).await
    }

    /// Posts the sign-in form as a browser does from our own page (Fetch Metadata).
    pub async fn login_post(&self, fields: &[(&str, &str)]) -> Res {
        self.login_post_from(fields, &[("sec-fetch-site", "same-origin")]).await
    }

    /// The sign-in form posted with these request headers.
    pub async fn login_post_from(&self, fields: &[(&str, &str)], headers: &[(&str, &str)]) -> Res {
        let mut req =
            Request::post("/en/staff/login").header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        self.send(req.body(Body::from(serde_urlencoded_like(fields))).unwrap()).await
    }

    /// Signs in on the page; returns the staff cookie.
    pub async fn page_login(&self, username: &str) -> String {
        let code = self.code(username).unwrap_or_default();
        let res = self.login_post(&[("username", username), ("password", PASSWORD), ("code", &code)]).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        res.cookie()
    }

    pub async fn report_count(&self) -> usize {
        let mut n = 0;
        for stage in zeri_domain::Stage::ALL {
            n += self.store().list_reports(Some(stage), 10_000).await.unwrap().len();
        }
        n
    }
}

/// Form encoding, by hand to avoid a dependency for the tests.
pub fn serde_urlencoded_like(fields: &[(&str, &str)]) -> String {
    pub fn enc(s: &str) -> String {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
                b' ' => "+".to_owned(),
                _ => format!("%{b:02X}"),
            })
            .collect()
    }
    fields.iter().map(|(k, v)| format!("{}={}", enc(k), enc(v))).collect::<Vec<_>>().join("&")
}

pub fn minimal() -> Value {
    json!({"reporter": "self", "category": "sexual_extortion", "description": "He wants 200 euro or he posts my photos", "age_band": "13_15"})
}

pub fn regex_like_receipt(r: &str) -> bool {
    let groups: Vec<_> = r.split('-').collect();
    groups.len() == 5 && groups.iter().all(|g| g.len() == 4 && g.bytes().all(|b| b.is_ascii_digit()))
}

pub fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

// ----- case work across agencies -----

impl TestApp {
    pub async fn postgres() -> Option<TestApp> {
        let Ok(admin) = std::env::var("ZERI_TEST_POSTGRES_URL") else {
            assert!(std::env::var("CI").is_err(), "CI must run the PostgreSQL tests: set ZERI_TEST_POSTGRES_URL");
            return None;
        };
        use sqlx::Connection;
        let mut conn = sqlx::PgConnection::connect(&admin).await.unwrap();
        let name = format!("zeri_web_{}", uuid::Uuid::new_v4().simple());
        sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.unwrap();
        let url = format!("{}/{name}", admin.rsplit_once('/').unwrap().0);
        let t =
            TestApp::on(&url, tempfile::tempdir().unwrap(), fast_config(), Keyring::new(MasterKey::generate())).await;
        assert_eq!(t.store().backend(), "postgres");
        Some(t)
    }

    pub async fn post(&self, path: &str, body: Value, token: &str) -> Res {
        self.json(Method::POST, path, Some(body), Some(token)).await
    }

    /// The set-up page posted as the person would, with the code of the link an
    /// administrator got for `created` and a password of their own.
    pub async fn set_up(&self, created: &Value, password: &str) -> Res {
        let link = created["setup_link"].as_str().expect("a set-up link");
        let token = link.split('#').nth(1).expect("the code in the fragment");
        let req = Request::post("/en/staff/setup")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header("sec-fetch-site", "same-origin")
            .body(Body::from(serde_urlencoded_like(&[("token", token), ("password", password), ("repeat", password)])))
            .unwrap();
        self.send(req).await
    }

    /// An account an administrator made, set up by its person and confirmed by a second
    /// administrator; returns the person's password (the second factor is left to the test).
    pub async fn set_up_and_confirm(&self, created: &Value) -> String {
        let password = "a password of my own choosing".to_owned();
        let res = self.set_up(created, &password).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        let second = self.staff(&format!("second-{}", created["username"].as_str().unwrap()), Role::Admin).await;
        self.ok(&format!("/api/v1/admin/staff/{}/confirm", created["id"].as_str().unwrap()), json!({}), &second).await;
        password
    }

    pub async fn ok(&self, path: &str, body: Value, token: &str) -> Value {
        let res = self.post(path, body, token).await;
        assert!(res.status.is_success(), "{path}: {} {}", res.status, res.body);
        if res.body.is_empty() {
            Value::Null
        } else {
            res.json()
        }
    }

    pub async fn case_id(&self, token: &str) -> String {
        let cases = self.json(Method::GET, "/api/v1/cases", None, Some(token)).await.json();
        cases[0]["id"].as_str().unwrap().to_owned()
    }

    /// A multipart POST with `evidence` files, as the report and follow-up forms send it:
    /// with a bearer token (API) or a cookie (pages).
    pub async fn upload(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &[u8])],
        token: Option<&str>,
        cookie: Option<&str>,
    ) -> Res {
        let boundary = "zeri-evidence-boundary";
        let mut body = Vec::new();
        for (k, v) in fields {
            body.extend(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n").as_bytes(),
            );
        }
        for (name, bytes) in files {
            body.extend(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"evidence\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                    .as_bytes(),
            );
            body.extend(*bytes);
            body.extend(b"\r\n");
        }
        body.extend(format!("--{boundary}--\r\n").as_bytes());
        let mut req = Request::post(path)
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
            .header(header::ACCEPT_LANGUAGE, "en");
        if let Some(t) = token {
            req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        self.send(req.body(Body::from(body)).unwrap()).await
    }

    pub async fn multipart(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        file: Option<(&str, &[u8])>,
        token: &str,
    ) -> Res {
        let boundary = "zeri-test-boundary";
        let mut body = Vec::new();
        for (k, v) in fields {
            body.extend(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n").as_bytes(),
            );
        }
        if let Some((name, bytes)) = file {
            body.extend(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: video/mp4\r\n\r\n")
                    .as_bytes(),
            );
            body.extend(bytes);
            body.extend(b"\r\n");
        }
        body.extend(format!("--{boundary}--\r\n").as_bytes());
        let req = Request::post(path)
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::ACCEPT_LANGUAGE, "en")
            .body(Body::from(body))
            .unwrap();
        self.send(req).await
    }
}

pub fn kukes_report() -> Value {
    json!({
        "reporter": "self", "category": "sexual_extortion", "description": "Someone threatens to post my photos unless I pay",
        "age_band": "13_15", "location": "Kukës", "name": "Drita Hoxha", "contact_method": "phone", "phone": "+355 69 123 4567",
        "consent_cpo": true, "consent_police": false
    })
}

// ----- knowing where to turn -----

pub const PUBLIC_PAGES: [&str; 17] = [
    "",
    "/takedown",
    "/report",
    "/report-link",
    "/report-link/status",
    "/followup",
    "/help",
    "/learn",
    "/learn/risks",
    "/learn/what-to-do",
    "/learn/after-report",
    "/learn/get-help",
    "/learn/parents",
    "/learn/teachers",
    "/leaflet",
    "/leaflet?municipality=Kukes",
    "/staff/login",
];

/// A landscape from the PDQ reference set (ordinary pictures only, never real abuse
/// material), as PNG; `turn` rotates it by 90° clockwise, as a re-shared copy might be.
pub fn landscape(turn: bool) -> Vec<u8> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../hashing/tests/data/pixels/bridge-mods--square-256x256.jpg.png");
    let bytes = std::fs::read(path).unwrap();
    if !turn {
        return bytes;
    }
    let img = image::imageops::rotate90(&image::load_from_memory(&bytes).unwrap().to_rgb8());
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// A PNG whose header claims 30,000 × 30,000 pixels (2.7 GB decoded): a decompression bomb.
pub fn bomb_png() -> Vec<u8> {
    let mut png = landscape(false);
    png[16..20].copy_from_slice(&30_000u32.to_be_bytes());
    png[20..24].copy_from_slice(&30_000u32.to_be_bytes());
    // Fix the IHDR checksum so the decoder reads the header as valid.
    let crc = crc32(&png[12..29]);
    png[29..33].copy_from_slice(&crc.to_be_bytes());
    png
}

pub fn crc32(bytes: &[u8]) -> u32 {
    // The PNG checksum, bit by bit: a test helper, not worth a dependency.
    let mut crc = 0xFFFF_FFFFu32;
    for b in bytes {
        crc ^= u32::from(*b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// A small deterministic generator for the statistics test (no dependency needed).
pub struct Lcg(pub u64);

impl Lcg {
    pub fn next(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

// ----- direct queries -----

impl TestApp {
    /// Rows of (text, text, count) from a query run straight on the database, to check a
    /// figure against.
    pub async fn query_counts(&self, sql: &str) -> Vec<(String, String, i64)> {
        use sqlx::Row;
        if self.url.starts_with("postgres") {
            let pool = sqlx::PgPool::connect(&self.url).await.unwrap();
            let rows = sqlx::query(sql).fetch_all(&pool).await.unwrap();
            rows.iter().map(|r| (r.get::<String, _>(0), r.get::<String, _>(1), r.get::<i64, _>(2))).collect()
        } else {
            let pool = sqlx::SqlitePool::connect(&self.url).await.unwrap();
            let rows = sqlx::query(sql).fetch_all(&pool).await.unwrap();
            rows.iter().map(|r| (r.get::<String, _>(0), r.get::<String, _>(1), r.get::<i64, _>(2))).collect()
        }
    }
}

// ----- live chat -----

impl TestApp {
    /// A JSON request as a page's script sends it: with a cookie, and a CSRF header for staff.
    pub async fn script(&self, path: &str, body: Value, cookie: &str, csrf: Option<&str>) -> Res {
        let mut req = Request::post(path)
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ACCEPT_LANGUAGE, "en")
            .header(header::COOKIE, cookie);
        if let Some(c) = csrf {
            req = req.header("x-csrf-token", c);
        }
        self.send(req.body(Body::from(body.to_string())).unwrap()).await
    }

    /// Reads a server-sent event stream until `until` holds for the text read so far (at
    /// most 10 s); the text.
    pub async fn events(&self, path: &str, cookie: &str, until: impl Fn(&str) -> bool) -> String {
        let req = Request::get(path).header(header::COOKIE, cookie).body(Body::empty()).unwrap();
        let res = self.router.clone().oneshot(req).await.unwrap();
        if res.status() != StatusCode::OK {
            let status = res.status();
            let body = res.into_body().collect().await.unwrap().to_bytes();
            panic!("{path}: {status} {}", String::from_utf8_lossy(&body));
        }
        assert_eq!(res.headers()[header::CONTENT_TYPE], "text/event-stream");
        assert_eq!(res.headers()["x-accel-buffering"], "no", "{path}: a proxy must pass each event on at once");
        let mut body = res.into_body();
        let mut text = String::new();
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
        while !until(&text) {
            let frame = tokio::time::timeout_at(deadline, body.frame()).await.expect("events in time");
            if let Some(Ok(f)) = frame {
                if let Ok(data) = f.into_data() {
                    text.push_str(&String::from_utf8_lossy(&data));
                }
            } else {
                break;
            }
        }
        text
    }

    /// Every byte under the data folder (database, its journal, evidence).
    pub fn bytes_at_rest(&self) -> Vec<u8> {
        common::folder_bytes(self.dir.path())
    }

    /// The report a receipt names.
    pub async fn report_of(&self, receipt: &str) -> zeri_storage::ReportRow {
        let digits = zeri_domain::Receipt::parse(receipt).expect("a receipt");
        let digest = self.app.keys.lookup_digest("receipt", digits.digits().as_bytes());
        self.store().report_by_receipt(&digest).await.unwrap().expect("its report")
    }
}

pub fn as_refs<'a>(fields: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    fields.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

pub fn csrf_of(page: &str) -> String {
    page.split("name=\"csrf\" value=\"").nth(1).and_then(|s| s.split('"').next()).expect("a CSRF token").to_owned()
}

pub fn hex_id(n: u8) -> String {
    format!("{n:02x}").repeat(16)
}

/// Albanian wall-clock time `minutes` from now, as a browser's `datetime-local` sends it.
pub fn local_in(minutes: i64) -> String {
    let utc = zeri_web::now_ms() + minutes * 60_000;
    let local = utc + zeri_domain::hours::tirana_offset_hours(utc) * 3_600_000;
    let t = time::OffsetDateTime::from_unix_timestamp(local / 1000).unwrap();
    format!("{:04}-{:02}-{:02}T{:02}:{:02}", t.year(), u8::from(t.month()), t.day(), t.hour(), t.minute())
}
