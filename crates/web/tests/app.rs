//! The web layer driven in-process (no sockets), through a `TestApp` builder.

mod common;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;
use zeri_crypto::{Keyring, MasterKey, PasswordParams, TotpSecret, TOTP_STEP};
use zeri_domain::permission::{OrgKind, Profession};
use zeri_domain::Role;
use zeri_storage::{NewEvent, OrgRow, Store};
use zeri_web::{App, AppState, NewStaff, ThrottleConfig, WebConfig};

pub const PASSWORD: &str = "a long test password";

struct TestApp {
    app: AppState,
    router: Router,
    dir: tempfile::TempDir,
    /// Second-factor secrets and the last time step used, by username.
    totp: Mutex<HashMap<String, (Vec<u8>, u64)>>,
}

struct Res {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

impl Res {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|_| panic!("not JSON: {}", self.body))
    }
    fn cookie(&self) -> String {
        let c = self.headers.get(header::SET_COOKIE).expect("set-cookie").to_str().unwrap();
        c.split(';').next().unwrap().to_owned()
    }
}

fn fast_config() -> WebConfig {
    WebConfig { password_params: PasswordParams::fast_for_tests(), ..WebConfig::default() }
}

impl TestApp {
    async fn new() -> Self {
        Self::with(fast_config()).await
    }

    async fn with(config: WebConfig) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("zeri.db").display());
        Self::on(&url, dir, config, Keyring::new(MasterKey::generate())).await
    }

    async fn on(url: &str, dir: tempfile::TempDir, config: WebConfig, keys: Keyring) -> Self {
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
        Self { router: zeri_web::router(app.clone()), app, dir, totp: Mutex::new(HashMap::new()) }
    }

    fn store(&self) -> &Arc<dyn Store> {
        &self.app.store
    }

    async fn send(&self, req: Request<Body>) -> Res {
        let res = self.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        Res { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
    }

    async fn json(&self, method: Method, path: &str, body: Option<Value>, token: Option<&str>) -> Res {
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
    async fn csv(&self, path: &str, body: &str, token: &str) -> Res {
        let req = Request::post(path)
            .header(header::CONTENT_TYPE, "text/csv")
            .header(header::ACCEPT_LANGUAGE, "en")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::from(body.to_owned()))
            .unwrap();
        self.send(req).await
    }

    /// A JSON request whose answer is bytes (a file).
    async fn json_raw(&self, method: Method, path: &str, body: Value, token: &str) -> (StatusCode, HeaderMap, Vec<u8>) {
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

    async fn raw(&self, path: &str, content_type: Option<&str>, body: Vec<u8>) -> Res {
        let mut req = Request::post(path);
        if let Some(ct) = content_type {
            req = req.header(header::CONTENT_TYPE, ct);
        }
        self.send(req.body(Body::from(body)).unwrap()).await
    }

    async fn page(&self, path: &str, cookie: Option<&str>) -> Res {
        let mut req = Request::get(path);
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        self.send(req.body(Body::empty()).unwrap()).await
    }

    async fn form(&self, path: &str, fields: &[(&str, &str)], cookie: Option<&str>) -> Res {
        self.form_from(path, fields, cookie, None).await
    }

    async fn form_from(
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

    async fn report(&self, body: Value) -> String {
        let res = self.json(Method::POST, "/api/v1/reports", Some(body), None).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
        res.json()["receipt"].as_str().unwrap().to_owned()
    }

    async fn survivor(&self, receipt: &str) -> String {
        let res = self.json(Method::POST, "/api/v1/followup/session", Some(json!({"receipt": receipt})), None).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
        res.json()["token"].as_str().unwrap().to_owned()
    }

    /// The usual organisation of a role in the tests.
    fn org_for(role: Role) -> Option<&'static str> {
        match role {
            Role::Counsellor => Some("helpline"),
            Role::HotlineAnalyst => Some("hotline"),
            Role::ChildProtectionOfficer => Some("cpu-kukes"),
            Role::ServiceProvider => Some("svc-test"),
            Role::PoliceInvestigator => Some("police"),
            Role::Prosecutor => Some("prosecution"),
            Role::BarnahusCoordinator => Some("barnahus"),
            Role::Admin | Role::Statistician => None,
        }
    }

    /// Creates an account (with its second factor set up when the role needs one).
    async fn create(&self, username: &str, role: Role, org: Option<&str>) {
        self.create_professional(username, role, org, None).await
    }

    async fn create_professional(&self, username: &str, role: Role, org: Option<&str>, profession: Option<Profession>) {
        let secret = role.needs_second_factor().then(TotpSecret::generate);
        let new = NewStaff { username, role, org_id: org, profession, password: PASSWORD, totp: secret.as_ref() };
        zeri_web::create_staff(self.store().as_ref(), &self.app.keys, new, PasswordParams::fast_for_tests(), None)
            .await
            .unwrap();
        if let Some(s) = secret {
            self.totp.lock().unwrap().insert(username.to_owned(), (s.as_bytes().to_vec(), 0));
        }
    }

    /// A code for the next sign-in: a time step not used before (the server refuses replays).
    fn code(&self, username: &str) -> Option<String> {
        let mut map = self.totp.lock().unwrap();
        let (secret, last) = map.get_mut(username)?;
        let now = zeri_web::now_ms() as u64 / 1000 / TOTP_STEP;
        let step = (now.saturating_sub(1)).max(*last + 1);
        assert!(step <= now + 1, "more than three sign-ins of {username} within a minute");
        *last = step;
        Some(TotpSecret::from_bytes(secret).unwrap().code_at(step * TOTP_STEP))
    }

    async fn login(&self, username: &str) -> String {
        let mut body = json!({"username": username, "password": PASSWORD});
        if let Some(code) = self.code(username) {
            body["totp"] = json!(code);
        }
        let res = self.json(Method::POST, "/api/v1/auth/session", Some(body), None).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
        res.json()["token"].as_str().unwrap().to_owned()
    }

    async fn staff(&self, username: &str, role: Role) -> String {
        self.create(username, role, Self::org_for(role)).await;
        self.login(username).await
    }

    /// Signs in on the page; returns the staff cookie.
    async fn page_login(&self, username: &str) -> String {
        let code = self.code(username).unwrap_or_default();
        let res = self
            .form("/en/staff/login", &[("username", username), ("password", PASSWORD), ("code", &code)], None)
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        res.cookie()
    }

    async fn report_count(&self) -> usize {
        let mut n = 0;
        for stage in zeri_domain::Stage::ALL {
            n += self.store().list_reports(Some(stage), 10_000).await.unwrap().len();
        }
        n
    }
}

/// Form encoding, by hand to avoid a dependency for the tests.
fn serde_urlencoded_like(fields: &[(&str, &str)]) -> String {
    fn enc(s: &str) -> String {
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

fn minimal() -> Value {
    json!({"reporter": "self", "category": "sexual_extortion", "description": "He wants 200 euro or he posts my photos", "age_band": "13_15"})
}

/// The whole path through the API: report, follow up, a counsellor answers and moves the
/// stage, the child sees it all and who opened the report.
async fn api_flow(t: &TestApp) {
    let receipt = t
        .report(json!({
            "reporter": "self", "category": "grooming", "description": "A man on a game asks me for photos",
            "platform": "Roblox", "links": "https://example.com/u/123", "when": "this_week", "age_band": "13_15",
            "location": "Kukes", "contact_method": "email", "email": "drita@example.al",
            "consent_cpo": true, "consent_police": false
        }))
        .await;
    assert!(regex_like_receipt(&receipt), "{receipt}");
    let child = t.survivor(&receipt).await;
    let view = t.json(Method::GET, "/api/v1/followup", None, Some(&child)).await.json();
    assert_eq!(view["stage"], "received");
    assert!(view["next"].as_str().unwrap().len() > 20);
    assert!(view["rights"].as_array().unwrap().len() >= 3);
    assert_eq!(view["accessed"][0]["action"], "created");

    let res =
        t.json(Method::POST, "/api/v1/followup/messages", Some(json!({"body": "Are you there?"})), Some(&child)).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);

    let counsellor = t.staff("drita", Role::Counsellor).await;
    let cases = t.json(Method::GET, "/api/v1/cases", None, Some(&counsellor)).await.json();
    let case = &cases.as_array().unwrap()[0];
    assert_eq!(case["municipality"], "Kukës");
    assert_eq!(case["awaiting_reply"], true);
    assert!(case.get("description").is_none(), "the queue carries no free text");
    let id = case["id"].as_str().unwrap();

    let detail = t.json(Method::GET, &format!("/api/v1/cases/{id}"), None, Some(&counsellor)).await.json();
    assert_eq!(detail["description"], "A man on a game asks me for photos");
    assert_eq!(detail["contact_masked"], "d•••@•••.al");
    assert!(!detail.to_string().contains("drita@example.al"), "contact must stay masked");
    assert_eq!(detail["stage"], "in_review", "opening a new report puts it in review");
    assert_eq!(detail["messages"][0]["from"], "child");

    let res = t
        .json(
            Method::POST,
            &format!("/api/v1/cases/{id}/messages"),
            Some(json!({"body": "I am here. You did nothing wrong."})),
            Some(&counsellor),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let res = t
        .json(
            Method::POST,
            &format!("/api/v1/cases/{id}/stage"),
            Some(json!({"stage": "waiting_for_you"})),
            Some(&counsellor),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let res = t
        .json(Method::POST, &format!("/api/v1/cases/{id}/stage"), Some(json!({"stage": "received"})), Some(&counsellor))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);

    let view = t.json(Method::GET, "/api/v1/followup", None, Some(&child)).await.json();
    assert_eq!(view["stage"], "waiting_for_you");
    assert_eq!(view["messages"][1]["from"], "team");
    assert_eq!(view["messages"][1]["body"], "I am here. You did nothing wrong.");
    let accessed: Vec<_> =
        view["accessed"].as_array().unwrap().iter().map(|a| a["action"].as_str().unwrap().to_owned()).collect();
    assert!(accessed.contains(&"opened".to_owned()), "{accessed:?}");
    let opened = view["accessed"].as_array().unwrap().iter().find(|a| a["action"] == "opened").unwrap();
    assert_eq!(opened["role"], "counsellor");
    assert!(!view.to_string().contains("drita\""), "staff names never reach the child");

    // The child's answer puts the report back in review.
    t.json(Method::POST, "/api/v1/followup/messages", Some(json!({"body": "Yes, thank you"})), Some(&child)).await;
    let view = t.json(Method::GET, "/api/v1/followup", None, Some(&child)).await.json();
    assert_eq!(view["stage"], "in_review");

    // Leaving ends the session.
    assert_eq!(
        t.json(Method::DELETE, "/api/v1/followup/session", None, Some(&child)).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(t.json(Method::GET, "/api/v1/followup", None, Some(&child)).await.status, StatusCode::UNAUTHORIZED);
}

fn regex_like_receipt(r: &str) -> bool {
    let groups: Vec<_> = r.split('-').collect();
    groups.len() == 5 && groups.iter().all(|g| g.len() == 4 && g.bytes().all(|b| b.is_ascii_digit()))
}

#[tokio::test]
async fn api_flow_sqlite() {
    api_flow(&TestApp::new().await).await;
}

#[tokio::test]
async fn api_flow_postgres() {
    let Ok(admin) = std::env::var("ZERI_TEST_POSTGRES_URL") else {
        assert!(std::env::var("CI").is_err(), "CI must run the PostgreSQL tests: set ZERI_TEST_POSTGRES_URL");
        return;
    };
    use sqlx::Connection;
    let mut conn = sqlx::PgConnection::connect(&admin).await.unwrap();
    let name = format!("zeri_web_{}", uuid::Uuid::new_v4().simple());
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.unwrap();
    let url = format!("{}/{name}", admin.rsplit_once('/').unwrap().0);
    let t = TestApp::on(&url, tempfile::tempdir().unwrap(), fast_config(), Keyring::new(MasterKey::generate())).await;
    assert_eq!(t.store().backend(), "postgres");
    api_flow(&t).await;
}

#[tokio::test]
async fn wrong_and_unknown_receipts_get_the_same_answer() {
    let t = TestApp::new().await;
    let receipt = t.report(minimal()).await;
    let mut wrong = receipt.clone().into_bytes();
    wrong[0] = if wrong[0] == b'9' { b'1' } else { wrong[0] + 1 };
    let wrong = String::from_utf8(wrong).unwrap();
    let a = t.json(Method::POST, "/api/v1/followup/session", Some(json!({"receipt": wrong})), None).await;
    let b = t
        .json(Method::POST, "/api/v1/followup/session", Some(json!({"receipt": "1111-2222-3333-4444-5555"})), None)
        .await;
    let c = t.json(Method::POST, "/api/v1/followup/session", Some(json!({"receipt": "hello"})), None).await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    assert_eq!((a.status, &a.body), (b.status, &b.body));
    assert_eq!((a.status, &a.body), (c.status, &c.body));
    // And on the page.
    let a = t.form("/en/followup", &[("receipt", &wrong)], None).await;
    let b = t.form("/en/followup", &[("receipt", "1111-2222-3333-4444-5555")], None).await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    assert_eq!(a.body, b.body);
}

#[tokio::test]
async fn receipt_guessing_is_throttled_per_client_and_survives_a_restart() {
    let config =
        WebConfig { throttle: ThrottleConfig { receipt_per_client: 3, ..ThrottleConfig::default() }, ..fast_config() };
    let key = MasterKey::generate();
    let key_text = key.to_file_contents();
    let t = TestApp::with(config.clone()).await;
    let t = TestApp::on(
        &format!("sqlite://{}", t.dir.path().join("zeri.db").display()),
        t.dir,
        config.clone(),
        Keyring::new(key),
    )
    .await;
    let receipt = t.report(minimal()).await;
    let me: SocketAddr = "10.0.0.1:5000".parse().unwrap();
    let other: SocketAddr = "10.0.0.2:5000".parse().unwrap();
    for _ in 0..3 {
        let r = t.form_from("/en/followup", &[("receipt", "1111-2222-3333-4444-5555")], None, Some(me)).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    // Now even the right receipt is refused for this client…
    let r = t.form_from("/en/followup", &[("receipt", &receipt)], None, Some(me)).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.body.contains("minutes"), "{}", r.body);
    // …but not for another.
    let r = t.form_from("/en/followup", &[("receipt", &receipt)], None, Some(other)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    // A restart (new process state, same database and key) keeps the count.
    let dir = t.dir;
    let restarted = TestApp::on(
        &format!("sqlite://{}", dir.path().join("zeri.db").display()),
        dir,
        config,
        Keyring::new(MasterKey::from_file_contents(&key_text).unwrap()),
    )
    .await;
    let r = restarted.form_from("/en/followup", &[("receipt", &receipt)], None, Some(me)).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn receipt_guessing_is_throttled_globally() {
    let config = WebConfig {
        throttle: ThrottleConfig { receipt_per_client: 100, receipt_global: 5, ..ThrottleConfig::default() },
        ..fast_config()
    };
    let t = TestApp::with(config).await;
    let receipt = t.report(minimal()).await;
    for i in 0..5 {
        let peer: SocketAddr = format!("10.0.1.{i}:1").parse().unwrap();
        t.form_from("/en/followup", &[("receipt", "1111-2222-3333-4444-5555")], None, Some(peer)).await;
    }
    let fresh: SocketAddr = "10.9.9.9:1".parse().unwrap();
    let r = t.form_from("/en/followup", &[("receipt", &receipt)], None, Some(fresh)).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
}

/// Every kind of bad input: a 4xx with the error shape, and nothing stored.
#[tokio::test]
async fn bad_report_input_is_refused_and_nothing_is_stored() {
    let t = TestApp::new().await;
    let with = |k: &str, v: Value| {
        let mut m = minimal();
        m[k] = v;
        m
    };
    let cases: Vec<(Value, &str)> = vec![
        (with("reporter", json!(5)), "reporter"),
        (with("description", json!(["a"])), "description"),
        (with("consent_police", json!("yes")), "consent_police"),
        (with("category", json!("murder")), "category"),
        (with("age_band", json!("99")), "age_band"),
        (with("description", json!("x".repeat(5001))), "description"),
        (with("platform", json!("x".repeat(101))), "platform"),
        (with("location", json!("Atlantis")), "location"),
        (with("location", json!("Fierze")), "location"),
        (with("contact_method", json!("phone")), "phone"),
        (with("email", json!("not-an-address")), "unused"),
        (with("surprise", json!(1)), "surprise"),
        (json!({}), "description"),
    ];
    for (body, field) in cases {
        let res = t.json(Method::POST, "/api/v1/reports", Some(body.clone()), None).await;
        if field == "unused" {
            // An e-mail typed while "do not contact me" is chosen is dropped, not an error.
            assert_eq!(res.status, StatusCode::CREATED);
            continue;
        }
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {}", res.body);
        let v = res.json();
        assert_eq!(v["error"]["code"], "validation");
        assert!(v["error"]["fields"][field].is_string(), "{field}: {}", res.body);
    }
    let stored_before_raw = t.report_count().await;
    assert_eq!(stored_before_raw, 1, "only the valid report was stored");
    let raw: Vec<(Option<&str>, Vec<u8>, StatusCode, &str)> = vec![
        (Some("application/json"), b"{\"reporter\": ".to_vec(), StatusCode::BAD_REQUEST, "invalid-json"),
        (Some("application/json"), Vec::new(), StatusCode::BAD_REQUEST, "empty-body"),
        (Some("application/json"), b"[1,2]".to_vec(), StatusCode::BAD_REQUEST, "not-an-object"),
        (Some("text/plain"), b"{}".to_vec(), StatusCode::UNSUPPORTED_MEDIA_TYPE, "not-json"),
        (None, b"{}".to_vec(), StatusCode::UNSUPPORTED_MEDIA_TYPE, "not-json"),
        (
            Some("application/json"),
            format!("{{\"description\": \"{}\"}}", "x".repeat(70_000)).into_bytes(),
            StatusCode::PAYLOAD_TOO_LARGE,
            "too-large",
        ),
        (Some("application/json"), vec![0xff, 0xfe, 0x00], StatusCode::BAD_REQUEST, "invalid-json"),
    ];
    for (ct, body, status, code) in raw {
        let res = t.raw("/api/v1/reports", ct, body).await;
        assert_eq!(res.status, status, "{code}: {}", res.body);
        assert_eq!(res.json()["error"]["code"], code);
    }
    assert_eq!(t.report_count().await, 1);
}

#[tokio::test]
async fn api_errors_speak_albanian_by_default() {
    let t = TestApp::new().await;
    let req = Request::post("/api/v1/reports")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{}"))
        .unwrap();
    let res = t.send(req).await;
    let msg = res.json()["error"]["fields"]["description"].as_str().unwrap().to_owned();
    let en = t.json(Method::POST, "/api/v1/reports", Some(json!({})), None).await.json()["error"]["fields"]
        ["description"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_ne!(msg, en, "Albanian and English messages differ");
}

#[tokio::test]
async fn the_form_keeps_what_was_typed_and_explains_errors_in_the_page_language() {
    let t = TestApp::new().await;
    let fields = [
        ("reporter", "self"),
        ("description", "Dikush më kërcënon <b>"),
        ("location", "Atlantis"),
        ("age_band", "16_17"),
    ];
    let en = t.form("/en/report", &fields, None).await;
    assert_eq!(en.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(en.body.contains("Dikush më kërcënon &lt;b&gt;"), "typed text kept and escaped");
    assert!(en.body.contains("We do not know this place"));
    assert!(en.body.contains("Please choose one."), "a missing choice asks to choose");
    assert!(en.body.contains(r#"value="Atlantis""#));
    let sq = t.form("/sq/report", &fields, None).await;
    assert!(sq.body.contains(r#"<html lang="sq">"#));
    assert_ne!(sq.body.matches("field-error").count(), 0);
    assert!(!sq.body.contains("We do not know this place"), "Albanian page shows Albanian errors");
    assert_eq!(t.report_count().await, 0);

    let ok = t
        .form(
            "/sq/report",
            &[
                ("reporter", "on_behalf"),
                ("category", "images_shared"),
                ("description", "Fotot e vajzës sime"),
                ("age_band", "13_15"),
                ("location", "Korçë"),
                ("consent_cpo", "true"),
            ],
            None,
        )
        .await;
    assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.body);
    assert!(ok.body.contains("data-receipt"));
    assert_eq!(ok.headers[header::CACHE_CONTROL], "no-store");
    assert_eq!(t.report_count().await, 1);
}

#[tokio::test]
async fn the_page_flow_works_without_javascript() {
    let t = TestApp::new().await;
    let page = t
        .form(
            "/en/report",
            &[
                ("reporter", "self"),
                ("category", "harassment"),
                ("description", "Messages every night"),
                ("age_band", "16_17"),
            ],
            None,
        )
        .await;
    let start = page.body.find("data-receipt>").unwrap() + "data-receipt>".len();
    let receipt = &page.body[start..start + 24];
    assert!(regex_like_receipt(receipt), "{receipt}");

    let opened = t.form("/en/followup", &[("receipt", &receipt.replace('-', " "))], None).await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER);
    let cookie = opened.cookie();
    let set = opened.headers[header::SET_COOKIE].to_str().unwrap();
    assert!(set.contains("HttpOnly") && set.contains("SameSite=Strict") && !set.contains("Secure"), "{set}");
    let status = t.page("/en/followup", Some(&cookie)).await;
    assert!(status.body.contains("data-stage=\"received\""));
    assert!(status.body.contains("Your rights"));
    let sent = t.form("/en/followup/messages", &[("body", "More info: it started in May")], Some(&cookie)).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);
    let empty = t.form("/en/followup/messages", &[("body", "  ")], Some(&cookie)).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains("Please fill this in"));

    // A counsellor signs in on the page, opens, replies and moves the stage.
    t.create("arben", Role::Counsellor, Some("helpline")).await;
    let bad = t.form("/en/staff/login", &[("username", "arben"), ("password", "wrong")], None).await;
    assert_eq!(bad.status, StatusCode::UNAUTHORIZED);
    let no_code = t.form("/en/staff/login", &[("username", "arben"), ("password", PASSWORD)], None).await;
    assert_eq!(no_code.status, StatusCode::UNAUTHORIZED, "the second factor is required");
    let staff = t.page_login("arben").await;
    let queue = t.page("/en/staff", Some(&staff)).await;
    let href_start = queue.body.find("/en/staff/reports/").unwrap();
    let href = &queue.body[href_start..href_start + "/en/staff/reports/".len() + 32];
    let case = t.page(href, Some(&staff)).await;
    assert_eq!(case.status, StatusCode::OK);
    assert!(case.body.contains("Messages every night"));
    assert!(case.body.contains("More info: it started in May"));
    assert!(case.body.contains("The reporter sent the report."), "staff read the history in their own words");
    let csrf_at = case.body.find("name=\"csrf\" value=\"").unwrap() + "name=\"csrf\" value=\"".len();
    let csrf = case.body[csrf_at..csrf_at + 32].to_owned();
    let forged = t.form(&format!("{href}/messages"), &[("body", "forged")], Some(&staff)).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN, "no CSRF token, no reply");
    let replied = t
        .form(&format!("{href}/messages"), &[("csrf", &csrf), ("body", "Thank you for telling us.")], Some(&staff))
        .await;
    assert_eq!(replied.status, StatusCode::SEE_OTHER);
    let moved =
        t.form(&format!("{href}/stage"), &[("csrf", &csrf), ("stage", "referred_for_support")], Some(&staff)).await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER);

    let status = t.page("/en/followup", Some(&cookie)).await;
    assert!(status.body.contains("Thank you for telling us."));
    assert!(status.body.contains("data-stage=\"referred_for_support\""));
    assert!(
        status.body.contains(
            "A helpline counsellor (Linja Kombëtare e Këshillimit për Fëmijë ALO 116 111) opened your report"
        ),
        "{}",
        status.body
    );
    assert!(!status.body.contains("arben"), "the child sees roles, never names");

    let left = t.form("/en/followup/leave", &[], Some(&cookie)).await;
    assert_eq!(left.status, StatusCode::SEE_OTHER);
    assert!(left.headers[header::SET_COOKIE].to_str().unwrap().contains("Max-Age=0"));
    let after = t.page("/en/followup", Some(&cookie)).await;
    assert!(after.body.contains("name=\"receipt\""), "session ended");
}

#[tokio::test]
async fn a_report_is_not_found_for_those_without_a_relation() {
    let t = TestApp::new().await;
    t.report(minimal()).await;
    let a = t.staff("ana", Role::Counsellor).await;
    let b = t.staff("besa", Role::Counsellor).await;
    let admin = t.staff("root1", Role::Admin).await;
    let police = t.staff("besnik", Role::PoliceInvestigator).await;
    let officer = t.staff("arta", Role::ChildProtectionOfficer).await;
    let id = t.json(Method::GET, "/api/v1/cases", None, Some(&a)).await.json()[0]["id"].as_str().unwrap().to_owned();
    assert_eq!(t.json(Method::GET, &format!("/api/v1/cases/{id}"), None, Some(&a)).await.status, StatusCode::OK);
    // Now it is Ana's. Besa, a colleague at the helpline, may cover it but not see who the child is.
    let covered = t.json(Method::GET, &format!("/api/v1/cases/{id}"), None, Some(&b)).await;
    assert_eq!(covered.status, StatusCode::OK);
    assert_eq!(covered.json()["relation"], "same_org");
    let reveal = t
        .json(
            Method::POST,
            &format!("/api/v1/cases/{id}/reveal"),
            Some(json!({"reason": "to call the child back now"})),
            Some(&b),
        )
        .await;
    assert_eq!(reveal.status, StatusCode::FORBIDDEN);
    // Police, the Child Protection Unit and the administrator have no relation: the same
    // answer as for a report that does not exist.
    for token in [&admin, &police, &officer] {
        let res = t.json(Method::GET, &format!("/api/v1/cases/{id}"), None, Some(token)).await;
        let missing = t.json(Method::GET, "/api/v1/cases/doesnotexist", None, Some(token)).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND);
        assert_eq!(res.body, missing.body);
        let reply = t
            .json(Method::POST, &format!("/api/v1/cases/{id}/messages"), Some(json!({"body": "hi"})), Some(token))
            .await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND);
        let stage = t
            .json(Method::POST, &format!("/api/v1/cases/{id}/stage"), Some(json!({"stage": "closed"})), Some(token))
            .await;
        assert_eq!(stage.status, StatusCode::NOT_FOUND);
    }
    assert!(t.json(Method::GET, "/api/v1/cases", None, Some(&police)).await.json().as_array().unwrap().is_empty());
    assert_eq!(t.json(Method::GET, "/api/v1/cases", None, Some(&admin)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(t.json(Method::GET, "/api/v1/cases", None, None).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(t.json(Method::GET, "/api/v1/cases", None, Some("forged-token")).await.status, StatusCode::UNAUTHORIZED);
    // A survivor token is not a staff token.
    let receipt = t.report(minimal()).await;
    let child = t.survivor(&receipt).await;
    assert_eq!(t.json(Method::GET, "/api/v1/cases", None, Some(&child)).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn staff_sign_in_is_throttled() {
    let config =
        WebConfig { throttle: ThrottleConfig { login_per_client: 3, ..ThrottleConfig::default() }, ..fast_config() };
    let t = TestApp::with(config).await;
    t.staff("ana", Role::Counsellor).await;
    for _ in 0..3 {
        let r = t
            .json(Method::POST, "/api/v1/auth/session", Some(json!({"username": "ana", "password": "nope"})), None)
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let r = t
        .json(
            Method::POST,
            "/api/v1/auth/session",
            Some(json!({"username": "ana", "password": PASSWORD, "totp": t.code("ana")})),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.headers.contains_key(header::RETRY_AFTER));
    let unknown = t
        .json(Method::POST, "/api/v1/auth/session", Some(json!({"username": "ghost", "password": "nope"})), None)
        .await;
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED, "unknown users get the same answer as wrong passwords");
}

#[tokio::test]
async fn every_page_is_complete_in_both_languages_and_carries_the_safety_headers() {
    let t = TestApp::new().await;
    for lang in ["sq", "en"] {
        for path in ["", "/report", "/followup", "/help", "/staff/login", "/nowhere"] {
            let res = t.page(&format!("/{lang}{path}"), None).await;
            assert!(!res.body.contains('⟦'), "/{lang}{path} lacks a translation: {}", res.body);
            assert!(res.body.contains(&format!("<html lang=\"{lang}\">")), "/{lang}{path}");
            if path != "/staff/login" {
                assert!(res.body.contains("data-quick-exit"), "/{lang}{path} lacks the quick exit");
                assert!(res.body.contains("116 111"), "/{lang}{path} lacks help now");
            }
            let csp = res.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
            assert!(
                csp.contains("default-src 'none'")
                    && csp.contains("script-src 'self'")
                    && !csp.contains("unsafe-inline")
            );
            assert!(csp.contains("frame-ancestors 'none'"));
            assert_eq!(res.headers[header::REFERRER_POLICY], "no-referrer");
            assert_eq!(res.headers[header::X_FRAME_OPTIONS], "DENY");
            assert_eq!(res.headers[header::CACHE_CONTROL], "no-store");
            assert!(!res.body.contains("<script>"), "no inline script");
            assert!(!res.body.contains("style=\""), "no inline style");
        }
    }
    assert_eq!(t.page("/de/report", None).await.status, StatusCode::NOT_FOUND);
    let root = t.page("/", None).await;
    assert_eq!(root.headers[header::LOCATION], "/sq");
    for lang in ["sq", "en"] {
        let slash = t.page(&format!("/{lang}/"), None).await;
        assert_eq!(slash.status, StatusCode::PERMANENT_REDIRECT, "/{lang}/");
        assert_eq!(slash.headers[header::LOCATION], format!("/{lang}").as_str());
    }
    let css = t.page("/static/style.css", None).await;
    assert!(css.headers[header::CACHE_CONTROL].to_str().unwrap().starts_with("public"));
}

#[tokio::test]
async fn secure_cookies_off_localhost() {
    let t = TestApp::with(WebConfig { secure_cookies: true, ..fast_config() }).await;
    let receipt = t.report(minimal()).await;
    let res = t.form("/sq/followup", &[("receipt", &receipt)], None).await;
    assert!(res.headers[header::SET_COOKIE].to_str().unwrap().contains("; Secure"));
    assert!(res.headers.contains_key(header::STRICT_TRANSPORT_SECURITY));
}

#[tokio::test]
async fn health_and_openapi() {
    let t = TestApp::new().await;
    let h = t.page("/healthz", None).await;
    assert_eq!(h.status, StatusCode::OK);
    let doc = t.page("/api/openapi.json", None).await.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    for path in [
        "/api/v1/reports",
        "/api/v1/followup/session",
        "/api/v1/followup",
        "/api/v1/followup/messages",
        "/api/v1/auth/session",
        "/api/v1/cases",
        "/api/v1/cases/{id}",
        "/api/v1/cases/{id}/{operation}",
        "/api/v1/cases/{id}/exports",
        "/api/v1/cases/{id}/testimony",
        "/api/v1/tasks",
        "/api/v1/admin/staff",
        "/api/v1/organisations",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} undocumented");
    }
}

/// The bytes of the data folder — database, WAL, everything — hold none of the personal
/// text that went in.
#[tokio::test]
async fn nothing_personal_at_rest() {
    let t = TestApp::new().await;
    let secrets = [
        "Zqxj-DESCRIPTION-8841",
        "Zqxj-PLATFORM-8841",
        "zqxj-link-8841.example",
        "Zqxj-NAME-8841",
        "zqxj8841@example.al",
        "Zqxj-MESSAGE-8841",
        "Zqxj-REPLY-8841",
        "Grekan",
        "Zqxj-EVIDENCE-8841",
        "Zqxj-FILENAME-8841",
    ];
    let receipt = t
        .report(json!({
            "reporter": "self", "category": "grooming", "description": secrets[0], "platform": secrets[1],
            "links": secrets[2], "age_band": "13_15", "name": secrets[3], "contact_method": "email", "email": secrets[4],
            "location": "Grekan"
        }))
        .await;
    let child = t.survivor(&receipt).await;
    t.json(Method::POST, "/api/v1/followup/messages", Some(json!({"body": secrets[5]})), Some(&child)).await;
    let staff = t.staff("ana", Role::Counsellor).await;
    let id =
        t.json(Method::GET, "/api/v1/cases", None, Some(&staff)).await.json()[0]["id"].as_str().unwrap().to_owned();
    t.json(Method::POST, &format!("/api/v1/cases/{id}/messages"), Some(json!({"body": secrets[6]})), Some(&staff))
        .await;
    // A chat export as evidence, with its file name: both only sealed at rest.
    let chat = b"[12:01] Zqxj-EVIDENCE-8841: send me a photo or else".as_slice();
    let res = t
        .upload(
            "/api/v1/followup/evidence",
            &[("body", "the chat")],
            &[("Zqxj-FILENAME-8841.txt", chat)],
            Some(&child),
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let all = t.bytes_at_rest();
    assert!(t.dir.path().join("evidence").is_dir(), "the scan read the database and the evidence folder");
    assert!(all.len() > 10_000, "the scan read the database");
    assert!(
        contains(&all, b"sexual_extortion") || contains(&all, b"grooming"),
        "coded fields are visible, so the scan works"
    );
    for s in
        secrets.iter().chain([&receipt.as_str(), &receipt.replace('-', "").as_str(), &child.as_str(), &staff.as_str()])
    {
        assert!(!contains(&all, s.as_bytes()), "{s} found in plaintext at rest");
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

// ----- case work across agencies -----

impl TestApp {
    async fn postgres() -> Option<TestApp> {
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

    async fn post(&self, path: &str, body: Value, token: &str) -> Res {
        self.json(Method::POST, path, Some(body), Some(token)).await
    }

    async fn ok(&self, path: &str, body: Value, token: &str) -> Value {
        let res = self.post(path, body, token).await;
        assert!(res.status.is_success(), "{path}: {} {}", res.status, res.body);
        if res.body.is_empty() {
            Value::Null
        } else {
            res.json()
        }
    }

    async fn case_id(&self, token: &str) -> String {
        let cases = self.json(Method::GET, "/api/v1/cases", None, Some(token)).await.json();
        cases[0]["id"].as_str().unwrap().to_owned()
    }

    /// A multipart POST with `evidence` files, as the report and follow-up forms send it:
    /// with a bearer token (API) or a cookie (pages).
    async fn upload(
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

    async fn multipart(&self, path: &str, fields: &[(&str, &str)], file: Option<(&str, &[u8])>, token: &str) -> Res {
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

fn kukes_report() -> Value {
    json!({
        "reporter": "self", "category": "sexual_extortion", "description": "Someone threatens to post my photos unless I pay",
        "age_band": "13_15", "location": "Kukës", "name": "Drita Hoxha", "contact_method": "phone", "phone": "+355 69 123 4567",
        "consent_cpo": true, "consent_police": false
    })
}

/// The issue's walk-through: a report from Kukës; the counsellor triages it and refers it
/// to the Child Protection Unit of Kukës with the child's consent; the officer there
/// accepts and builds a Barnahus team with a psychologist and the police; the police
/// cannot see the child's contact until they give a reason; the child, with the receipt,
/// sees which organisations opened the case and when.
async fn kukes_scenario(t: &TestApp) {
    let receipt = t.report(kukes_report()).await;
    let counsellor = t.staff("drita.c", Role::Counsellor).await;
    let officer = t.staff("arta", Role::ChildProtectionOfficer).await;
    let psychologist = t.staff("elira", Role::ServiceProvider).await;
    let police = t.staff("besnik", Role::PoliceInvestigator).await;
    let id = t.case_id(&counsellor).await;
    let case = |p: &str| format!("/api/v1/cases/{id}{p}");

    // Before any referral, the unit of Kukës does not know the case exists.
    assert_eq!(t.json(Method::GET, &case(""), None, Some(&officer)).await.status, StatusCode::NOT_FOUND);

    let detail = t.json(Method::GET, &case(""), None, Some(&counsellor)).await.json();
    assert_eq!(detail["suggested_referral"], "cpu-kukes");
    assert!(!detail.to_string().contains("Drita Hoxha") && !detail.to_string().contains("123 4567"));
    t.ok(&case("/triage"), json!({"urgency": "high", "category": "sexual_extortion"}), &counsellor).await;
    // Police: no consent yet, so no referral without a legal duty.
    let refused = t.post(&case("/referrals"), json!({"to": "police"}), &counsellor).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.json()["error"]["fields"]["to"].as_str().unwrap().contains("consent"), "{}", refused.body);
    t.ok(
        &case("/referrals"),
        json!({"to": "cpu-kukes", "note": "Extortion by a stranger; the child is scared"}),
        &counsellor,
    )
    .await;

    // The unit sees the referral, not yet the case.
    let queue = t.json(Method::GET, "/api/v1/cases", None, Some(&officer)).await.json();
    assert_eq!(queue[0]["relation"], "referral_pending");
    let limited = t.json(Method::GET, &case(""), None, Some(&officer)).await.json();
    assert!(limited["description"].is_null(), "a pending referral shows the referral only: {limited}");
    assert_eq!(limited["referrals"][0]["note"], "Extortion by a stranger; the child is scared");
    let rid = limited["referrals"][0]["id"].as_str().unwrap().to_owned();
    t.ok(&case("/referral-answer"), json!({"referral": rid, "status": "accepted"}), &officer).await;
    let full = t.json(Method::GET, &case(""), None, Some(&officer)).await.json();
    assert_eq!(full["description"], "Someone threatens to post my photos unless I pay");
    assert_eq!(full["relation"], "referred");

    // Consent for the psychologist's service and for the police, recorded with what was explained.
    for (recipient, org) in [("service", Some("svc-test")), ("police", None)] {
        let mut body = json!({"recipient": recipient, "giver": "child", "decision": "given",
            "explained": "We explained who they are, what they will see and that you can say no"});
        if let Some(o) = org {
            body["org"] = json!(o);
        }
        t.ok(&case("/consents"), body, &officer).await;
    }
    for member in ["elira", "besnik"] {
        t.ok(&case("/team"), json!({"username": member}), &officer).await;
    }
    t.ok(
        &case("/meetings"),
        json!({"held_on": "2026-12-01", "attendees": "PMF Kukës, psychologist, police", "decisions": "One recorded interview at Barnahus",
               "actions": "Police: secure the chat logs by Friday"}),
        &officer,
    )
    .await;
    t.ok(&case("/tasks"), json!({"title": "Secure the chat logs", "owner": "besnik", "due": "2026-12-04"}), &officer)
        .await;

    // The police see the case, with the contact masked until they give a reason.
    let seen = t.json(Method::GET, &case(""), None, Some(&police)).await.json();
    assert_eq!(seen["relation"], "team");
    assert_eq!(seen["contact_masked"], "••• •• 67");
    assert!(seen["messages"].is_null(), "the conversation with the child is not for the police");
    assert!(!seen.to_string().contains("123 4567"));
    let no_reason = t.post(&case("/reveal"), json!({}), &police).await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    let short = t.post(&case("/reveal"), json!({"reason": "need it"}), &police).await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    let revealed =
        t.ok(&case("/reveal"), json!({"reason": "To invite the child to the recorded interview"}), &police).await;
    assert_eq!(revealed["identity"]["contact"], "+355 69 123 4567");
    assert_eq!(revealed["identity"]["name"], "Drita Hoxha");
    // Police never write to the child.
    assert_eq!(t.post(&case("/messages"), json!({"body": "hello"}), &police).await.status, StatusCode::FORBIDDEN);
    // Outcomes, by the professionals who know, with their dates; a future date is refused.
    t.ok(&case("/outcomes"), json!({"outcome": "investigation_opened", "on": "2026-11-20"}), &police).await;
    let no_kind =
        t.post(&case("/outcomes"), json!({"outcome": "support_received", "on": "2026-11-21"}), &officer).await;
    assert_eq!(no_kind.status, StatusCode::UNPROCESSABLE_ENTITY);
    t.ok(
        &case("/outcomes"),
        json!({"outcome": "support_received", "support_kind": "psychological", "on": "2026-11-21"}),
        &psychologist,
    )
    .await;
    let future = t.post(&case("/outcomes"), json!({"outcome": "convicted", "on": "2099-01-01"}), &police).await;
    assert_eq!(future.status, StatusCode::UNPROCESSABLE_ENTITY);
    let outcomes = t.json(Method::GET, &case(""), None, Some(&officer)).await.json()["outcomes"].clone();
    assert_eq!(outcomes.as_array().unwrap().len(), 2, "{outcomes}");
    assert_eq!(outcomes[1]["support_kind"], "psychological");
    // The psychologist reads the case as a team member.
    assert_eq!(t.json(Method::GET, &case(""), None, Some(&psychologist)).await.status, StatusCode::OK);

    // The child sees which organisations opened the case, when, and the reason given.
    let child = t.survivor(&receipt).await;
    let view = t.json(Method::GET, "/api/v1/followup", None, Some(&child)).await.json();
    let accessed = view["accessed"].as_array().unwrap();
    let orgs: Vec<&str> = accessed.iter().filter_map(|a| a["organisation"].as_str()).collect();
    for expected in
        ["Child Protection Unit, Kukës", "Policia e Shtetit", "Linja Kombëtare e Këshillimit për Fëmijë ALO 116 111"]
    {
        assert!(orgs.contains(&expected), "{expected} missing from {orgs:?}");
    }
    let reveal = accessed.iter().find(|a| a["action"] == "identity-revealed").unwrap();
    assert_eq!(reveal["role"], "police_investigator");
    assert_eq!(reveal["reason"], "To invite the child to the recorded interview");
    assert!(accessed.iter().any(
        |a| a["action"] == "referral-sent" && a["text"].as_str().unwrap().contains("Child Protection Unit, Kukës")
    ));
    let consents: Vec<&str> =
        accessed.iter().filter(|a| a["action"] == "consent").map(|a| a["text"].as_str().unwrap()).collect();
    assert!(consents.contains(&"Your decision about sharing with Police was recorded: given."), "{consents:?}");
    assert!(consents.iter().any(|c| c.contains("Qendra Test")), "consent to one service names it: {consents:?}");
    assert!(accessed.iter().all(|a| a["at"].as_i64().unwrap() > 0));
    let text = view.to_string();
    for name in ["drita.c", "arta", "besnik", "elira"] {
        assert!(
            !text.contains(&format!("\"{name}\"")) && !text.contains(&format!(" {name} ")),
            "staff name {name} reached the child"
        );
    }
    assert_eq!(view["stage"], "referred_for_support");

    // Everything above is in an intact audit chain.
    let keys = t.app.keys.clone();
    let n = zeri_storage::verify_chain(t.store().as_ref(), &keys).await.unwrap().unwrap();
    assert!(n >= 20, "{n}");
}

#[tokio::test]
async fn kukes_scenario_sqlite() {
    kukes_scenario(&TestApp::new().await).await;
}

#[tokio::test]
async fn kukes_scenario_postgres() {
    if let Some(t) = TestApp::postgres().await {
        kukes_scenario(&t).await;
    }
}

/// Every staff endpoint as every role, with and without a relation to the case. The
/// expected answer comes from the permission table itself: no relation → 404, denied →
/// 403, allowed → the operation's own answer (422 for an empty body, since validation
/// follows permission).
#[tokio::test]
async fn every_endpoint_as_every_role() {
    use zeri_domain::{authorize, Action, Relation};
    let t = TestApp::new().await;
    let users: [(&str, Role, Option<&str>); 11] = [
        ("cn1", Role::Counsellor, Some("helpline")),
        ("cn2", Role::Counsellor, Some("helpline")),
        ("anl", Role::HotlineAnalyst, Some("hotline")),
        ("cpo", Role::ChildProtectionOfficer, Some("cpu-kukes")),
        ("cpo2", Role::ChildProtectionOfficer, Some("cpu-tirane")),
        ("psy", Role::ServiceProvider, Some("svc-test")),
        ("pol", Role::PoliceInvestigator, Some("police")),
        ("pros", Role::Prosecutor, Some("prosecution")),
        ("coord", Role::BarnahusCoordinator, Some("barnahus")),
        ("adm", Role::Admin, None),
        ("stat", Role::Statistician, None),
    ];
    let mut tokens = HashMap::new();
    for (name, role, org) in users {
        t.create(name, role, org).await;
        tokens.insert(name, t.login(name).await);
    }
    let tok = |n: &str| tokens[n].clone();
    // Case A: new, untouched. Case B: worked on across agencies.
    t.report(minimal()).await;
    let a = t.case_id(&tok("cn1")).await;
    t.report(kukes_report()).await;
    let b = t.store().list_reports(None, 10).await.unwrap().into_iter().find(|r| r.id != a).unwrap().id;
    let cb = |p: &str| format!("/api/v1/cases/{b}{p}");
    t.json(Method::GET, &cb(""), None, Some(&tok("cn1"))).await;
    for (recipient, org) in [("police", None), ("service", Some("svc-test")), ("barnahus", None)] {
        let mut body = json!({"recipient": recipient, "giver": "parent", "decision": "given", "explained": "Explained to the mother and the child"});
        if let Some(o) = org {
            body["org"] = json!(o);
        }
        t.ok(&cb("/consents"), body, &tok("cn1")).await;
    }
    t.ok(&cb("/referrals"), json!({"to": "cpu-kukes"}), &tok("cn1")).await;
    t.ok(&cb("/referrals"), json!({"to": "hotline"}), &tok("cn1")).await;
    let rid = t.json(Method::GET, &cb(""), None, Some(&tok("cpo"))).await.json()["referrals"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    t.ok(&cb("/referral-answer"), json!({"referral": rid, "status": "accepted"}), &tok("cpo")).await;
    for m in ["pol", "psy", "coord"] {
        t.ok(&cb("/team"), json!({"username": m}), &tok("cpo")).await;
    }
    let up = t
        .multipart(
            &cb("/testimony"),
            &[("recorded_on", "2026-11-27"), ("interviewer", "Barnahus psychologist")],
            Some(("interview.mp4", b"synthetic test bytes")),
            &tok("coord"),
        )
        .await;
    assert_eq!(up.status, StatusCode::CREATED, "{}", up.body);

    let relations_a: HashMap<&str, Relation> = [("cn1", Relation::SameOrg), ("cn2", Relation::SameOrg)].into();
    let relations_b: HashMap<&str, Relation> = [
        ("cn1", Relation::Assigned),
        ("cn2", Relation::SameOrg),
        ("anl", Relation::ReferralPending),
        ("cpo", Relation::Referred),
        ("psy", Relation::Team),
        ("pol", Relation::Team),
        ("coord", Relation::Team),
    ]
    .into();
    let ops: [(&str, Action); 16] = [
        ("take", Action::Take),
        ("messages", Action::Reply),
        ("stage", Action::ChangeStage),
        ("triage", Action::Triage),
        ("reveal", Action::RevealIdentity),
        ("notes", Action::WriteNote),
        ("tasks", Action::ManageTasks),
        ("task-done", Action::ManageTasks),
        ("consents", Action::RecordConsent),
        ("referrals", Action::Refer),
        ("referral-answer", Action::AnswerReferral),
        ("team", Action::ManageTeam),
        ("meetings", Action::ManageTeam),
        ("outcomes", Action::RecordOutcome),
        ("contacts", Action::Reply),
        ("sessions", Action::Reply),
    ];
    let mut checked = 0;
    // Case A, case B, and case B again after the child withdrew consent for the police,
    // which cuts their access at once.
    let rounds =
        [(a.clone(), relations_a, true), (b.clone(), relations_b.clone(), true), (b.clone(), relations_b, false)];
    for (case_id, relations, consent) in rounds {
        if !consent {
            t.ok(
                &cb("/consents"),
                json!({"recipient": "police", "giver": "child", "decision": "withdrawn", "explained": "The child changed their mind"}),
                &tok("cn1"),
            )
            .await;
        }
        for (name, role, _) in users {
            let rel = relations.get(name).copied().unwrap_or(Relation::None);
            let has_consent = consent || name != "pol";
            let may = |a: Action| authorize(role, rel, has_consent, a).allowed();
            let expect = |allowed_status: StatusCode, action: Action| {
                if rel == Relation::None || !role.works_on_cases() {
                    StatusCode::NOT_FOUND
                } else if may(action) {
                    allowed_status
                } else {
                    StatusCode::FORBIDDEN
                }
            };
            let path = |p: &str| format!("/api/v1/cases/{case_id}{p}");
            for (op, action) in ops {
                if op == "take" && case_id == a {
                    continue; // allowed takes would change who holds case A
                }
                let allowed_status = if op == "take" { StatusCode::CONFLICT } else { StatusCode::UNPROCESSABLE_ENTITY };
                let res = t.post(&path(&format!("/{op}")), json!({}), &tok(name)).await;
                assert_eq!(
                    res.status,
                    expect(allowed_status, action),
                    "{name} {op} on {rel:?} consent {has_consent}: {}",
                    res.body
                );
                checked += 1;
            }
            let res = t.post(&path("/exports"), json!({}), &tok(name)).await;
            assert_eq!(
                res.status,
                expect(StatusCode::UNPROCESSABLE_ENTITY, Action::Export),
                "{name} export {rel:?}: {}",
                res.body
            );
            let up = t.multipart(&path("/testimony"), &[], None, &tok(name)).await;
            assert_eq!(
                up.status,
                expect(StatusCode::UNPROCESSABLE_ENTITY, Action::AddTestimony),
                "{name} testimony upload {rel:?}: {}",
                up.body
            );
            if case_id == b {
                let res = t.json(Method::GET, &path("/testimony"), None, Some(&tok(name))).await;
                assert_eq!(res.status, expect(StatusCode::OK, Action::ReadTestimony), "{name} testimony {rel:?}");
            }
            let read = t.json(Method::GET, &path(""), None, Some(&tok(name))).await;
            let readable = may(Action::ReadCase) || may(Action::AnswerReferral);
            let expected = if rel == Relation::None || !role.works_on_cases() {
                StatusCode::NOT_FOUND
            } else if readable {
                StatusCode::OK
            } else {
                StatusCode::FORBIDDEN
            };
            assert_eq!(read.status, expected, "{name} read {rel:?} consent {has_consent}");
            if read.status == StatusCode::OK && !may(Action::ReadCase) {
                assert!(read.json()["description"].is_null(), "{name}: a pending referral shows no description");
            }
            checked += 4;
        }
    }
    // The lists and administration.
    for (name, role, _) in users {
        let list = t.json(Method::GET, "/api/v1/cases", None, Some(&tok(name))).await;
        let expected = if role.works_on_cases() { StatusCode::OK } else { StatusCode::FORBIDDEN };
        assert_eq!(list.status, expected, "{name} list");
        if list.status == StatusCode::OK {
            let ids: Vec<String> =
                list.json().as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap().to_owned()).collect();
            assert!(!ids.contains(&a) || matches!(role, Role::Counsellor), "{name} sees case A: {ids:?}");
        }
        let admin = t.json(Method::GET, "/api/v1/admin/staff", None, Some(&tok(name))).await;
        assert_eq!(
            admin.status,
            if role == Role::Admin { StatusCode::OK } else { StatusCode::FORBIDDEN },
            "{name} admin"
        );
        let tasks = if role.works_on_cases() { StatusCode::OK } else { StatusCode::FORBIDDEN };
        assert_eq!(t.json(Method::GET, "/api/v1/tasks", None, Some(&tok(name))).await.status, tasks, "{name} tasks");
        let stats =
            if matches!(role, Role::Admin | Role::Statistician) { StatusCode::OK } else { StatusCode::FORBIDDEN };
        assert_eq!(
            t.json(Method::GET, "/api/v1/statistics", None, Some(&tok(name))).await.status,
            stats,
            "{name} stats"
        );
        assert_eq!(t.json(Method::GET, "/api/v1/organisations", None, Some(&tok(name))).await.status, StatusCode::OK);
    }
    assert!(checked > 400, "{checked}");
}

#[tokio::test]
async fn an_export_is_traced_without_its_footer() {
    let t = TestApp::new().await;
    let mut report = kukes_report();
    report["consent_police"] = json!(true);
    t.report(report).await;
    let counsellor = t.staff("ana", Role::Counsellor).await;
    let id = t.case_id(&counsellor).await;
    t.json(Method::GET, &format!("/api/v1/cases/{id}"), None, Some(&counsellor)).await;
    // Not to a service, and not without consent.
    let bad = t.post(&format!("/api/v1/cases/{id}/exports"), json!({"recipient": "svc-test"}), &counsellor).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let req = Request::post(format!("/api/v1/cases/{id}/exports"))
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::AUTHORIZATION, format!("Bearer {counsellor}"))
        .body(Body::from(json!({"recipient": "police"}).to_string()))
        .unwrap();
    let res = t.router.clone().oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[header::CONTENT_TYPE], "application/zip");
    let zip = res.into_body().collect().await.unwrap().to_bytes().to_vec();
    let json_text = zeri_web::service::exports::read_zip_entry(&zip, "case.json").unwrap();
    let readme = zeri_web::service::exports::read_zip_entry(&zip, "README.txt").unwrap();
    assert!(readme.contains("Policia e Shtetit"), "the visible footer names the recipient");
    // Strip the footer: drop README and the export block, keep only the case's text.
    let mut doc: Value = serde_json::from_str(&json_text).unwrap();
    doc.as_object_mut().unwrap().remove("export");
    let leaked = serde_json::to_string_pretty(&doc["case"]).unwrap();
    assert!(!leaked.contains("Policia e Shtetit") || leaked.contains("referrals"));
    let traced = zeri_web::service::exports::trace(t.store().as_ref(), leaked.as_bytes()).await.unwrap();
    assert_eq!(traced.len(), 1);
    assert_eq!(traced[0].recipient_org, "police");
    // Even one paragraph copied out of it.
    let description = doc["case"]["description"].as_str().unwrap().to_owned();
    let traced =
        zeri_web::service::exports::trace(t.store().as_ref(), format!("The paper printed: {description}").as_bytes())
            .await
            .unwrap();
    assert_eq!(traced[0].id, zeri_web::service::exports::trace(t.store().as_ref(), &zip).await.unwrap()[0].id);
    // A scrubbed copy carries no fingerprint, and says nothing false.
    let scrubbed = zeri_crypto::watermark::strip(&leaked);
    assert!(zeri_web::service::exports::trace(t.store().as_ref(), scrubbed.as_bytes()).await.unwrap().is_empty());
    // The export is in the child's access log.
    let events = t.store().events(&id).await.unwrap();
    assert!(events.iter().any(|e| e.action == "exported" && e.detail.as_deref() == Some("police")));
}

#[tokio::test]
async fn the_second_factor_is_set_up_once_and_codes_cannot_be_replayed() {
    let t = TestApp::new().await;
    let admin = t.staff("root1", Role::Admin).await;
    let created = t
        .ok(
            "/api/v1/admin/staff",
            json!({"username": "arta", "role": "child_protection_officer", "org": "cpu-kukes"}),
            &admin,
        )
        .await;
    let password = created["password"].as_str().unwrap().to_owned();
    assert_eq!(created["second_factor"], false);
    let wrong_org = t
        .post(
            "/api/v1/admin/staff",
            json!({"username": "x1y", "role": "police_investigator", "org": "cpu-kukes"}),
            &admin,
        )
        .await;
    assert_eq!(wrong_org.status, StatusCode::UNPROCESSABLE_ENTITY);
    // The API refuses until the second factor is set up in the web interface.
    let api = t
        .json(Method::POST, "/api/v1/auth/session", Some(json!({"username": "arta", "password": password})), None)
        .await;
    assert_eq!(api.status, StatusCode::FORBIDDEN);
    assert_eq!(api.json()["error"]["code"], "second-factor-setup");
    let login = t.form("/en/staff/login", &[("username", "arta"), ("password", &password)], None).await;
    assert_eq!(login.status, StatusCode::SEE_OTHER);
    assert_eq!(login.headers[header::LOCATION], "/en/staff/second-factor");
    let enrol = login.cookie();
    let page = t.page("/en/staff/second-factor", Some(&enrol)).await;
    assert!(page.body.contains("<svg"), "a QR code");
    let secret_at = page.body.find("class=\"secret\">").unwrap() + "class=\"secret\">".len();
    let secret = page.body[secret_at..].split('<').next().unwrap().to_owned();
    let csrf_at = page.body.find("name=\"csrf\" value=\"").unwrap() + "name=\"csrf\" value=\"".len();
    let csrf = page.body[csrf_at..csrf_at + 32].to_owned();
    // The enrolment session is not a staff session.
    assert_eq!(t.page("/en/staff", Some(&enrol)).await.status, StatusCode::SEE_OTHER);
    let wrong = t.form("/en/staff/second-factor", &[("csrf", &csrf), ("code", "000000")], Some(&enrol)).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Showing the page again made a new secret: take it.
    let secret_at = wrong.body.find("class=\"secret\">").unwrap() + "class=\"secret\">".len();
    let secret2 = wrong.body[secret_at..].split('<').next().unwrap().to_owned();
    assert_ne!(secret, secret2);
    let totp = TotpSecret::from_base32(&secret2).unwrap();
    let now = zeri_web::now_ms() as u64 / 1000;
    let done = t.form("/en/staff/second-factor", &[("csrf", &csrf), ("code", &totp.code_at(now))], Some(&enrol)).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(t.page("/en/staff", Some(&done.cookie())).await.status, StatusCode::OK);
    // The code just used cannot be used again; the next one works once.
    let replay = t
        .json(
            Method::POST,
            "/api/v1/auth/session",
            Some(json!({"username": "arta", "password": password, "totp": totp.code_at(now)})),
            None,
        )
        .await;
    assert_eq!(replay.status, StatusCode::UNAUTHORIZED);
    let next = totp.code_at(now + TOTP_STEP);
    let ok = t
        .json(
            Method::POST,
            "/api/v1/auth/session",
            Some(json!({"username": "arta", "password": password, "totp": next})),
            None,
        )
        .await;
    assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.body);
    let again = t
        .json(
            Method::POST,
            "/api/v1/auth/session",
            Some(json!({"username": "arta", "password": password, "totp": next})),
            None,
        )
        .await;
    assert_eq!(again.status, StatusCode::UNAUTHORIZED);
    // Statisticians see no identities and need no second factor.
    t.create("stat", Role::Statistician, None).await;
    t.login("stat").await;
    // Disabling an account ends its sessions.
    let session = ok.json()["token"].as_str().unwrap().to_owned();
    let arta = created["id"].as_str().unwrap();
    let res = t.post(&format!("/api/v1/admin/staff/{arta}/disable"), json!({}), &admin).await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.body);
    assert_eq!(t.json(Method::GET, "/api/v1/cases", None, Some(&session)).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn escalation_tasks_and_the_overdue_list() {
    let t = TestApp::new().await;
    t.report(kukes_report()).await;
    let c = t.staff("ana", Role::Counsellor).await;
    let id = t.case_id(&c).await;
    t.ok(
        &format!("/api/v1/cases/{id}/triage"),
        json!({"urgency": "immediate_danger", "category": "sexual_extortion"}),
        &c,
    )
    .await;
    t.ok(
        &format!("/api/v1/cases/{id}/tasks"),
        json!({"title": "Call the school psychologist", "due": "2024-01-15"}),
        &c,
    )
    .await;
    let bad = t.post(&format!("/api/v1/cases/{id}/tasks"), json!({"title": "x", "due": "2024-02-30"}), &c).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let nobody = t
        .post(&format!("/api/v1/cases/{id}/tasks"), json!({"title": "x", "due": "2027-01-01", "owner": "ghost"}), &c)
        .await;
    assert_eq!(nobody.status, StatusCode::UNPROCESSABLE_ENTITY);
    let tasks = t.json(Method::GET, "/api/v1/tasks", None, Some(&c)).await.json();
    let tasks = tasks.as_array().unwrap();
    assert_eq!(tasks.len(), 2, "{tasks:?}");
    let overdue: Vec<_> = tasks.iter().filter(|t| t["overdue"] == true).collect();
    assert_eq!(overdue.len(), 1);
    assert_eq!(overdue[0]["title"], "Call the school psychologist");
    assert!(tasks.iter().any(|t| t["title"].as_str().unwrap().contains("immediate danger")), "the escalation task");
    let cases = t.json(Method::GET, "/api/v1/cases", None, Some(&c)).await.json();
    assert_eq!(cases[0]["urgency"], "immediate_danger");
    // Done once.
    let task = overdue[0]["id"].as_str().unwrap();
    t.ok(&format!("/api/v1/cases/{id}/task-done"), json!({"task": task}), &c).await;
    assert_eq!(
        t.post(&format!("/api/v1/cases/{id}/task-done"), json!({"task": task}), &c).await.status,
        StatusCode::CONFLICT
    );
    // The queue page shows the danger first; the case page the escalation steps.
    let cookie = t.page_login("ana").await;
    let page = t.page(&format!("/en/staff/reports/{id}"), Some(&cookie)).await;
    assert!(page.body.contains("A child may be in immediate danger"), "{}", page.body);
}

#[tokio::test]
async fn the_case_page_serves_every_operation_with_csrf() {
    let t = TestApp::new().await;
    t.report(kukes_report()).await;
    t.create("ana", Role::Counsellor, Some("helpline")).await;
    let cookie = t.page_login("ana").await;
    let queue = t.page("/en/staff", Some(&cookie)).await;
    let at = queue.body.find("/en/staff/reports/").unwrap();
    let href = queue.body[at..at + "/en/staff/reports/".len() + 32].to_owned();
    let page = t.page(&href, Some(&cookie)).await;
    assert!(!page.body.contains('⟦'), "untranslated text: {}", page.body);
    assert!(page.body.contains("cpu-kukes\" selected"), "the unit of the child's municipality is suggested");
    let csrf_at = page.body.find("name=\"csrf\" value=\"").unwrap() + "name=\"csrf\" value=\"".len();
    let csrf = page.body[csrf_at..csrf_at + 32].to_owned();
    assert_eq!(
        t.form(&format!("{href}/notes"), &[("body", "forged")], Some(&cookie)).await.status,
        StatusCode::FORBIDDEN
    );
    let note = t
        .form(&format!("{href}/notes"), &[("csrf", &csrf), ("body", "Called the child back, calm now")], Some(&cookie))
        .await;
    assert_eq!(note.status, StatusCode::SEE_OTHER);
    let bad = t.form(&format!("{href}/reveal"), &[("csrf", &csrf), ("reason", "short")], Some(&cookie)).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("at least 10 characters"), "errors in the page's language");
    let shown = t
        .form(
            &format!("{href}/reveal"),
            &[("csrf", &csrf), ("reason", "The child asked us to call back")],
            Some(&cookie),
        )
        .await;
    assert_eq!(shown.status, StatusCode::OK);
    assert!(shown.body.contains("+355 69 123 4567") && shown.body.contains("Drita Hoxha"));
    // The next view masks it again.
    let again = t.page(&href, Some(&cookie)).await;
    assert!(!again.body.contains("123 4567") && again.body.contains("Called the child back, calm now"));
    for lang in ["sq", "en"] {
        let p = t.page(&href.replace("/en/", &format!("/{lang}/")), Some(&cookie)).await;
        assert!(!p.body.contains('⟦'), "{lang}: untranslated text");
    }
    let sq = t.page("/sq/staff", Some(&cookie)).await;
    assert!(!sq.body.contains('⟦'));
}

// ----- finding help -----

#[tokio::test]
async fn a_child_in_a_village_of_kukes_finds_help() {
    let t = TestApp::new().await;
    for (lang, place) in [("sq", "Shtiqen"), ("en", "shtiqen")] {
        let res = t.form(&format!("/{lang}/help"), &[("place", place), ("type", "")], None).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert!(!res.body.contains('⟦'), "{lang}: untranslated text");
        let near = res.body.find(if lang == "sq" { "Pranë teje" } else { "Near you" }).expect("a nearby section");
        let remote = res.body.find(if lang == "sq" { "Me telefon ose online" } else { "By phone or online" }).unwrap();
        let nearby = &res.body[near..remote];
        assert!(nearby.contains("Njësia për Mbrojtjen e Fëmijës, Bashkia Kukës"), "{nearby}");
        assert!(nearby.contains(if lang == "sq" { "km larg" } else { "km away" }));
        assert!(res.body[remote..].contains("ALO 116 111"), "remote services are always listed");
        assert!(
            res.body.contains(if lang == "sq" { "demonstrim" } else { "demonstration" }),
            "demo services are marked"
        );
        assert!(!res.body.contains("verified on"), "nothing shipped is shown as verified");
    }
    // The API answers nearest first with distances.
    let res = t.json(Method::GET, "/api/v1/services?place=Shtiqen&type=social", None, None).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let v = res.json();
    let nearby = v["nearby"].as_array().unwrap();
    assert!(nearby[0]["name"].as_str().unwrap().ends_with("Kukës"), "{nearby:?}");
    let d: Vec<f64> = nearby.iter().map(|s| s["distance_km"].as_f64().unwrap()).collect();
    assert!(d.windows(2).all(|w| w[0] <= w[1]), "nearest first: {d:?}");
    assert!(d[0] > 2.0 && d[0] < 10.0, "{d:?}");
    assert!(v["remote"].as_array().unwrap().iter().any(|s| s["name"].as_str().unwrap().contains("ALO 116 111")));
    let by_point = t
        .json(Method::GET, "/api/v1/services?lat=42.0769&lon=20.4219&type=coordination&free=true", None, None)
        .await
        .json();
    assert_eq!(by_point["nearby"][0]["distance_km"], 0.0);
    for bad in ["place=Atlantis", "lat=100&lon=20", "lat=x&lon=1", "type=astrology"] {
        let res = t.json(Method::GET, &format!("/api/v1/services?{bad}"), None, None).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {}", res.body);
    }
    let ambiguous = t.json(Method::GET, "/api/v1/services?place=Fierze", None, None).await;
    assert_eq!(ambiguous.status, StatusCode::UNPROCESSABLE_ENTITY);
    // In danger: emergency numbers and helplines first.
    let res = t.form("/en/help", &[("place", "Kukes"), ("danger", "true")], None).await;
    let danger = res.body.find("If you are in danger right now").unwrap();
    assert!(danger < res.body.find("Near you").unwrap());
    // Nothing about the search reaches the URL: it is a form post.
    assert!(t.page("/en/help", None).await.body.contains("method=\"post\""));
}

#[tokio::test]
async fn coverage_shows_every_municipality_and_matches_the_data() {
    let t = TestApp::new().await;
    let cookie = {
        t.create("stats", Role::Statistician, None).await;
        let res = t.form("/en/staff/login", &[("username", "stats"), ("password", PASSWORD)], None).await;
        res.cookie()
    };
    assert_eq!(t.page("/en/coverage", None).await.status, StatusCode::SEE_OTHER, "staff only");
    let page = t.page("/en/coverage?kind=psychological&sort=psychological", Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains('⟦'));
    let map_at = page.body.find("class=\"coverage-map\"").unwrap();
    let map = &page.body[map_at..map_at + page.body[map_at..].find("</svg>").unwrap()];
    assert_eq!(map.matches("<circle cx=").count(), 61, "one point per municipality");
    assert_eq!(page.body.matches("<th scope=\"row\">").count(), 61);
    let csv = t.page("/en/coverage.csv", Some(&cookie)).await;
    assert_eq!(csv.headers[header::CONTENT_TYPE], "text/csv; charset=utf-8");
    let lines: Vec<&str> = csv.body.lines().collect();
    assert_eq!(lines.len(), 62);
    // Compare with a direct computation: distance from each municipality's point to the
    // nearest in-person psychological service, by brute force over the directory.
    let d = t.app.directory();
    let g = zeri_domain::Gazetteer::albania();
    let header: Vec<&str> = lines[0].split(',').collect();
    let col = header.iter().position(|h| *h == "km_to_psychological").unwrap();
    for m in g.municipalities() {
        let at = zeri_domain::directory::Point { lat: m.lat, lon: m.lon };
        let expected = d
            .services()
            .iter()
            .filter(|s| {
                s.active() && s.in_person() && s.kinds.contains(&zeri_domain::directory::ServiceKind::Psychological)
            })
            .map(|s| at.distance_km(s.location.unwrap()))
            .fold(f64::INFINITY, f64::min);
        let line = lines.iter().find(|l| l.starts_with(&format!("{},", m.name))).unwrap();
        let got = line.split(',').nth(col).unwrap();
        if expected.is_finite() {
            assert!((got.parse::<f64>().unwrap() - expected).abs() < 0.06, "{}: {got} vs {expected}", m.name);
        } else {
            assert_eq!(got, "", "{}", m.name);
        }
    }
}

#[tokio::test]
async fn the_hsds_read_api() {
    let t = TestApp::new().await;
    let about = t.page("/hsds/", None).await.json();
    assert_eq!(about["version"], "3.0");
    let page = t.page("/hsds/services?per_page=10&page=2", None).await.json();
    assert!(page["total_items"].as_u64().unwrap() >= 68);
    assert_eq!(page["page_number"], 2);
    assert_eq!(page["size"], 10);
    assert_eq!(page["first_page"], false);
    assert_eq!(page["contents"].as_array().unwrap().len(), 10);
    let found = t.page("/hsds/services?search=Kombetare%20e%20Keshillimit", None).await.json();
    assert_eq!(found["total_items"], 1, "search folds diacritics: {found}");
    let id = found["contents"][0]["id"].as_str().unwrap().to_owned();
    assert!(found["contents"][0]["name"].as_str().unwrap().contains("ALO 116 111"));
    let one = t.page(&format!("/hsds/services/{id}"), None).await;
    assert_eq!(one.status, StatusCode::OK);
    assert_eq!(one.json()["id"], id.as_str());
    let legal = t.page("/hsds/services?taxonomy_term_id=legal&per_page=500", None).await.json();
    assert!(legal["contents"].as_array().unwrap().iter().all(|s| s.to_string().contains("\"legal\"")));
    assert!(legal["total_items"].as_u64().unwrap() >= 2);
    assert_eq!(t.page("/hsds/services/00000000-0000-0000-0000-000000000000", None).await.status, StatusCode::NOT_FOUND);
    assert_eq!(t.page("/hsds/services?per_page=0", None).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(t.page("/hsds/services?page=x", None).await.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn administrators_keep_the_directory_and_every_change_is_recorded() {
    let t = TestApp::new().await;
    t.create("root1", Role::Admin, None).await;
    t.create("ana", Role::Counsellor, Some("helpline")).await;
    let admin = t.page_login("root1").await;
    let counsellor = t.page_login("ana").await;
    assert_eq!(t.page("/en/staff/directory", Some(&counsellor)).await.status, StatusCode::FORBIDDEN);
    let form = t.page("/en/staff/directory/new", Some(&admin)).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(!form.body.contains('⟦'), "{}", form.body);
    let csrf_at = form.body.find("name=\"csrf\" value=\"").unwrap() + "name=\"csrf\" value=\"".len();
    let csrf = form.body[csrf_at..csrf_at + 32].to_owned();
    let fields = [
        ("csrf", csrf.as_str()),
        ("name", "Qendra Psikologjike Shtiqën"),
        ("organization_name", "Shoqata Shpresa"),
        ("kinds", "psychological"),
        ("channels", "in_person"),
        ("channels", "phone"),
        ("free", "on"),
        ("phone", "+355 24 000 000"),
        ("latitude", "42.0406"),
        ("longitude", "20.4342"),
        ("municipality", "Kukes"),
        ("last_checked", "2026-11-20"),
    ];
    let bad = t
        .form("/en/staff/directory/new", &[("csrf", &csrf), ("name", "x"), ("kinds", "psychological")], Some(&admin))
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("This is too short") && bad.body.contains("Please choose one"), "{}", bad.body);
    assert_eq!(
        t.form("/en/staff/directory/new", &fields[1..], Some(&admin)).await.status,
        StatusCode::FORBIDDEN,
        "CSRF"
    );
    let created = t.form("/en/staff/directory/new", &fields, Some(&admin)).await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let at = created.headers[header::LOCATION].to_str().unwrap().to_owned();
    // It is found at once, nearest, and shown as checked but not verified.
    let found = t.json(Method::GET, "/api/v1/services?place=Shtiqen&type=psychological", None, None).await.json();
    assert_eq!(found["nearby"][0]["name"], "Qendra Psikologjike Shtiqën");
    assert!(found["nearby"][0]["verified_on"].is_null());
    let page = t.page(&at, Some(&admin)).await;
    let csrf_at = page.body.find("name=\"csrf\" value=\"").unwrap() + "name=\"csrf\" value=\"".len();
    let csrf = page.body[csrf_at..csrf_at + 32].to_owned();
    let verified = t.form(&format!("{at}/verify"), &[("csrf", &csrf)], Some(&admin)).await;
    assert_eq!(verified.status, StatusCode::SEE_OTHER);
    let found = t.json(Method::GET, "/api/v1/services?place=Shtiqen&type=psychological", None, None).await.json();
    assert!(found["nearby"][0]["verified_on"].is_string(), "verified by an administrator");
    // Editing the details takes the verification away; a stale form is refused.
    let page = t.page(&at, Some(&admin)).await;
    let updated_at =
        page.body.split("name=\"updated_at\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let mut edit: Vec<(&str, &str)> = fields.to_vec();
    edit[7] = ("phone", "+355 24 111 111");
    edit.push(("updated_at", &updated_at));
    assert_eq!(t.form(&at, &edit, Some(&admin)).await.status, StatusCode::SEE_OTHER);
    assert_eq!(t.form(&at, &edit, Some(&admin)).await.status, StatusCode::CONFLICT, "the same form twice");
    let found = t.json(Method::GET, "/api/v1/services?place=Shtiqen&type=psychological", None, None).await.json();
    assert_eq!(found["nearby"][0]["phone"], "+355 24 111 111");
    assert!(found["nearby"][0]["verified_on"].is_null(), "changed details must be verified again");
    // Retired: gone from search and from the HSDS API.
    let id = at.rsplit('/').next().unwrap().to_owned();
    assert_eq!(t.form(&format!("{at}/retire"), &[("csrf", &csrf)], Some(&admin)).await.status, StatusCode::SEE_OTHER);
    let found = t.json(Method::GET, "/api/v1/services?place=Shtiqen&type=psychological", None, None).await.json();
    assert_ne!(found["nearby"][0]["name"], "Qendra Psikologjike Shtiqën");
    assert_eq!(t.page(&format!("/hsds/services/{id}"), None).await.status, StatusCode::NOT_FOUND);
    // Who changed what, when.
    let log: Vec<String> = t
        .store()
        .service_changes(&id)
        .await
        .unwrap()
        .iter()
        .map(|c| format!("{} {} {}", c.updated_by, c.last_action_type, c.field_name))
        .collect();
    assert!(log.iter().any(|l| l == "root1 create name"), "{log:?}");
    assert!(log.iter().any(|l| l == "root1 verify verified"), "{log:?}");
    assert!(log.iter().any(|l| l == "root1 update phone"), "{log:?}");
    assert!(log.iter().any(|l| l == "root1 retire status"), "{log:?}");
}

// ----- knowing where to turn -----

const PUBLIC_PAGES: [&str; 15] = [
    "",
    "/takedown",
    "/report",
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

#[tokio::test]
async fn every_public_page_is_complete_light_and_quiet() {
    let t = TestApp::new().await;
    for lang in ["sq", "en"] {
        for path in PUBLIC_PAGES {
            let req = Request::get(format!("/{lang}{path}"))
                .header(header::ACCEPT_ENCODING, "gzip")
                .body(Body::empty())
                .unwrap();
            let res = t.router.clone().oneshot(req).await.unwrap();
            assert_eq!(res.status(), StatusCode::OK, "/{lang}{path}");
            assert_eq!(res.headers()[header::CONTENT_ENCODING], "gzip", "/{lang}{path} is compressed");
            assert!(res.headers().get(header::SET_COOKIE).is_none(), "/{lang}{path} sets no cookie");
            let compressed = res.into_body().collect().await.unwrap().to_bytes();
            assert!(compressed.len() < 30 * 1024, "/{lang}{path}: {} bytes compressed", compressed.len());
            let page = t.page(&format!("/{lang}{path}"), None).await;
            assert!(!page.body.contains('⟦'), "/{lang}{path} lacks a translation");
            if path != "/staff/login" {
                assert!(page.body.contains("data-quick-exit"), "/{lang}{path}");
                assert!(page.body.contains("116 111"), "/{lang}{path} ends with the ways to get help now");
            }
            // Nothing from another origin: no absolute src/href to elsewhere but the quick exit and tel: links.
            for attr in ["src=\"http", "href=\"//", "url(http"] {
                assert!(!page.body.contains(attr), "/{lang}{path} loads from elsewhere: {attr}");
            }
        }
    }
    assert_eq!(t.page("/en/learn/astrology", None).await.status, StatusCode::NOT_FOUND);
    let after = t.page("/en/learn/after-report", None).await;
    for stage in zeri_domain::Stage::ALL {
        let name = zeri_web::Lang::En.t(&stage.name_key());
        assert!(after.body.contains(&name), "the stage texts are linked: {name}");
    }
}

#[tokio::test]
async fn the_leaflet_prints_with_a_qr_code_to_the_site() {
    let config = WebConfig { public_url: Some("https://zeri.example/".into()), ..fast_config() };
    let t = TestApp::with(config).await;
    let page = t.page("/sq/leaflet?municipality=Kukes", None).await;
    assert!(
        page.body.contains(&zeri_web::public::learn::qr_for("https://zeri.example/sq")),
        "the QR code opens the site"
    );
    assert!(page.body.contains("Njësia për Mbrojtjen e Fëmijës, Kukës"), "the municipality's version names its unit");
    assert!(page.body.contains("ALO 116 111"));
    let en = t.page("/en/leaflet", None).await;
    assert!(en.body.contains(&zeri_web::public::learn::qr_for("https://zeri.example/en")));
    let req = Request::get("/sq/leaflet.pdf?municipality=Kuk%C3%ABs").body(Body::empty()).unwrap();
    let res = t.router.clone().oneshot(req).await.unwrap();
    assert_eq!(res.headers()[header::CONTENT_TYPE], "application/pdf");
    let pdf = res.into_body().collect().await.unwrap().to_bytes();
    let text = String::from_utf8_lossy(&pdf);
    assert!(
        pdf.starts_with(b"%PDF-") && text.contains("/Count 1") && text.contains("[0 0 419.53 595.28]"),
        "one A5 page"
    );
    assert!(text.contains("ALO 116 111") && text.contains("https://zeri.example/sq"));
    assert!(pdf.windows(5).any(|w| w == b"Kuk\xEBs"), "Albanian letters in the PDF's encoding");
    // Guides for professionals, for staff.
    t.create("ana", Role::Counsellor, Some("helpline")).await;
    let cookie = t.page_login("ana").await;
    let guides = t.page("/en/staff/guides", Some(&cookie)).await;
    assert_eq!(guides.status, StatusCode::OK);
    for g in zeri_web::public::learn::GUIDES {
        assert!(guides.body.contains(&format!("id=\"{g}\"")), "{g}");
    }
    assert!(!guides.body.contains('⟦'));
}

/// A landscape from the PDQ reference set (ordinary pictures only, never real abuse
/// material), as PNG; `turn` rotates it by 90° clockwise, as a re-shared copy might be.
fn landscape(turn: bool) -> Vec<u8> {
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
fn bomb_png() -> Vec<u8> {
    let mut png = landscape(false);
    png[16..20].copy_from_slice(&30_000u32.to_be_bytes());
    png[20..24].copy_from_slice(&30_000u32.to_be_bytes());
    // Fix the IHDR checksum so the decoder reads the header as valid.
    let crc = crc32(&png[12..29]);
    png[29..33].copy_from_slice(&crc.to_be_bytes());
    png
}

fn crc32(bytes: &[u8]) -> u32 {
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

async fn evidence_story(t: &TestApp) {
    let picture = landscape(false);
    let turned = landscape(true);
    let chat = b"[20:14] unknown: send one more or I post it".to_vec();
    let hashed = zeri_hashing::decode::hash_image(&picture, &Default::default()).unwrap();
    let pdq = hashed.pdq.hash.to_hex();
    let chat_sha = zeri_hashing::sha256_hex(&chat);

    // An administrator imports a list holding the chat's SHA-256; a bad list is refused whole.
    let admin = t.staff("root", Role::Admin).await;
    let csv = format!("sha256,label,source\n{chat_sha},known chat,test network\n");
    let res = t.csv("/api/v1/admin/hash-lists?name=Test%20list", &csv, &admin).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let res = t.csv("/api/v1/admin/hash-lists?name=Bad", "pdq,label\nnothex,x\n", &admin).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("Line 2"), "{}", res.body);
    assert_eq!(
        t.json(Method::GET, "/api/v1/admin/hash-lists", None, Some(&admin)).await.json().as_array().unwrap().len(),
        1
    );

    // The child reports on the page with a picture and a chat export.
    let fields = [
        ("reporter", "self"),
        ("category", "sexual_extortion"),
        ("description", "He has my photo"),
        ("age_band", "13_15"),
        ("location", "Kukës"),
        ("contact_method", "none"),
        ("consent_police", "true"),
    ];
    let before = t.report_count().await;
    let res = t.upload("/en/report", &fields, &[("IMG_0001.png", &picture), ("chat.txt", &chat)], None, None).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let receipt = res.body.split("data-receipt>").nth(1).unwrap().split('<').next().unwrap().to_owned();
    assert_eq!(t.report_count().await, before + 1);

    // A decompression bomb refuses the whole report with a clear message; nothing is stored
    // and the server goes on.
    // On S3 the blobs are not in the folder; the folder checks apply to the local store.
    let local = t.store().backend() == "sqlite" || std::env::var("ZERI_TEST_S3").is_err();
    let blobs = |t: &TestApp| std::fs::read_dir(t.dir.path().join("evidence/evidence")).map(|d| d.count()).unwrap_or(0);
    let stored = blobs(t);
    let res = t.upload("/en/report", &fields, &[("ok.png", &picture), ("bomb.png", &bomb_png())], None, None).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(res.body.contains("File 2:") && res.body.contains("far too big"), "{}", res.body);
    assert_eq!(t.report_count().await, before + 1, "nothing stored");
    if local {
        assert!(stored >= 2, "the first report's files are in the folder");
        assert_eq!(blobs(t), stored, "no file left behind");
    }
    let res = t.upload("/en/report", &fields, &[("x.exe", b"MZ\x90\x00\x03\x00\x00\x00")], None, None).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("kind of file"), "{}", res.body);
    assert_eq!(t.page("/healthz", None).await.status, StatusCode::OK);

    // A second child sends the same picture turned by 90°, in a follow-up message.
    let other = t.report(kukes_report()).await;
    let child2 = t.survivor(&other).await;
    let res = t
        .upload("/api/v1/followup/evidence", &[("body", "this one")], &[("p.png", &turned)], Some(&child2), None)
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);

    let res = t.json(Method::POST, "/api/v1/followup/evidence", Some(json!({"body": "x"})), Some(&child2)).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "JSON, not a page: {}", res.body);
    assert!(res.json()["error"]["message"].is_string());

    // The counsellor sees digests and matches, never the picture by default.
    let staff = t.staff("vera", Role::Counsellor).await;
    let cookie = t.page_login("vera").await;
    let cases = t.json(Method::GET, "/api/v1/cases", None, Some(&staff)).await.json();
    let ids: Vec<String> = cases.as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap().to_owned()).collect();
    let first_page = |id: &str| format!("/en/staff/reports/{id}");
    let mut pages = Vec::new();
    for id in &ids {
        pages.push((id.clone(), t.page(&first_page(id), Some(&cookie)).await.body));
    }
    let (first, page) = pages.iter().find(|(_, b)| b.contains(&chat_sha)).expect("the first report's evidence");
    assert!(page.contains(&pdq), "PDQ shown");
    assert!(page.contains("known hash list “Test list”: known chat (test network)"), "list match flagged");
    assert!(!page.contains("data:image"), "no image on the case page");
    let (_, page2) = pages.iter().find(|(_, b)| b.contains("sent with a message")).expect("the second report");
    assert!(page2.contains("the same file was received in case"), "the turned copy matches the first by PDQ");
    let evidence_id = page.split("id=\"evidence-").nth(1).unwrap().split('"').next().unwrap().to_owned();

    // A list imported later flags the evidence that arrived before it (by PDQ here).
    let late = format!("pdq,label,source\n{pdq},late entry,late network\n");
    assert_eq!(t.csv("/api/v1/admin/hash-lists?name=Late", &late, &admin).await.status, StatusCode::CREATED);
    let page = t.page(&first_page(first), Some(&cookie)).await.body;
    assert!(page.contains("known hash list “Late”: late entry (late network)"), "flagged after the fact");

    // Opening it needs a reason, gives back the exact file, and enters the custody chain.
    let open = |reason: &'static str| {
        let path = format!("/api/v1/cases/{first}/evidence/{evidence_id}");
        let staff = staff.clone();
        async move { t.json_raw(Method::POST, &path, json!({"reason": reason}), &staff).await }
    };
    assert_eq!(open("short").await.0, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, headers, bytes) = open("Checking the threat for the police referral").await;
    assert_eq!(status, StatusCode::OK);
    assert!(bytes == picture || bytes == chat, "the file as received");
    assert_eq!(headers["x-evidence-sha256"].to_str().unwrap(), zeri_hashing::sha256_hex(&bytes));
    let events = t.store().events(first).await.unwrap();
    let viewed: Vec<_> = events.iter().filter(|e| e.action == "evidence_viewed").collect();
    assert_eq!(viewed.len(), 1, "one opening, one custody entry");
    assert!(viewed[0].detail.as_deref().unwrap().starts_with(&evidence_id));
    assert!(viewed[0].sealed.is_some(), "the reason is kept, sealed");
    assert_eq!(events.iter().filter(|e| e.action == "evidence_received").count(), 2);
    let child = t.survivor(&receipt).await;
    let status = t.json(Method::GET, "/api/v1/followup", None, Some(&child)).await;
    assert!(status.body.contains("opened one of your files"), "the child sees it: {}", status.body);

    // The case package for the police carries the files, and each enters the custody chain.
    let (status, _, zip) = t
        .json_raw(Method::POST, &format!("/api/v1/cases/{first}/exports"), json!({"recipient": "police"}), &staff)
        .await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&zip));
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip.clone())).unwrap();
    let mut packed = Vec::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        if f.name().starts_with("evidence/") {
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut f, &mut bytes).unwrap();
            packed.push(bytes);
        }
    }
    assert_eq!(packed.len(), 2, "both files in the package");
    assert!(packed.contains(&picture) && packed.contains(&chat), "exactly as received");
    let case_json = zeri_web::service::exports::read_zip_entry(&zip, "case.json").unwrap();
    assert!(case_json.contains(&chat_sha) && case_json.contains(&pdq) && case_json.contains("evidence_viewed"));
    let exported =
        t.store().events(first).await.unwrap().into_iter().filter(|e| e.action == "evidence_exported").count();
    assert_eq!(exported, 2);

    // A support professional never opens evidence, even on a case shared with them.
    let psy = t.staff("drita", Role::ServiceProvider).await;
    let res = t
        .json(
            Method::POST,
            &format!("/api/v1/cases/{first}/evidence/{evidence_id}"),
            Some(json!({"reason": "I would like to see it please"})),
            Some(&psy),
        )
        .await;
    assert!(matches!(res.status, StatusCode::NOT_FOUND | StatusCode::FORBIDDEN), "{}", res.status);

    // At rest the files are sealed.
    if !local {
        return;
    }
    let mut at_rest = Vec::new();
    for e in std::fs::read_dir(t.dir.path().join("evidence/evidence")).unwrap() {
        at_rest.extend(std::fs::read(e.unwrap().path()).unwrap());
    }
    assert!(!contains(&at_rest, b"send one more"), "chat sealed");
    assert!(!contains(&at_rest, &picture[16..48]), "picture sealed");
}

#[tokio::test]
async fn evidence_is_hashed_matched_sealed_and_opened_only_on_purpose_sqlite() {
    evidence_story(&TestApp::new().await).await;
}

#[tokio::test]
async fn evidence_is_hashed_matched_sealed_and_opened_only_on_purpose_postgres() {
    if let Some(t) = TestApp::postgres().await {
        evidence_story(&t).await;
    }
}

#[tokio::test]
async fn takedown_hashes_arrive_without_the_file_and_leave_as_csv() {
    let t = TestApp::new().await;
    let page = t.page("/en/takedown", None).await;
    assert_eq!(page.status, StatusCode::OK);
    let csp = page.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(csp.contains("'wasm-unsafe-eval'") && !csp.contains("unsafe-inline"), "{csp}");
    assert!(page.body.contains("id=\"td-file\"") && page.body.contains("/static/takedown.js"));
    let report = t.page("/en/report", None).await;
    assert!(!report.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap().contains("wasm"), "only there");

    let receipt = t.report(kukes_report()).await;
    let h = |c: char| c.to_string().repeat(64);
    let body = json!({"kind": "image", "pdq": h('a'), "quality": 100, "dihedral": vec![h('b'); 7],
        "md5": "c".repeat(32), "sha256": h('d'), "size": 12345, "receipt": receipt, "lang": "en"});
    let res = t.json(Method::POST, "/api/v1/takedown", Some(body.clone()), None).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let reference = res.json()["reference"].as_str().unwrap().to_owned();
    assert!(reference.starts_with("TD-"));
    let mut anonymous = body.clone();
    anonymous["receipt"] = Value::Null;
    anonymous["kind"] = json!("video");
    anonymous["frames"] = json!([h('e'), h('f')]);
    assert_eq!(t.json(Method::POST, "/api/v1/takedown", Some(anonymous), None).await.status, StatusCode::CREATED);
    let mut wrong = body.clone();
    wrong["receipt"] = json!("1111-2222-3333-4444-5555");
    assert_eq!(
        t.json(Method::POST, "/api/v1/takedown", Some(wrong.clone()), None).await.status,
        StatusCode::UNAUTHORIZED
    );
    for (field, value) in [
        ("md5", json!("xyz")),
        ("pdq", json!("12")),
        ("quality", json!(101)),
        ("kind", json!("pdf")),
        ("dihedral", json!(["00"])),
    ] {
        let mut bad = body.clone();
        bad[field] = value;
        let res = t.json(Method::POST, "/api/v1/takedown", Some(bad), None).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {}", res.body);
        assert!(res.json()["error"]["fields"][field].is_string(), "{field}: {}", res.body);
    }

    // The child sees it in their access log; analysts export for platforms, once.
    let child = t.survivor(&receipt).await;
    assert!(t.json(Method::GET, "/api/v1/followup", None, Some(&child)).await.body.contains("to have it taken down"));
    let analyst = t.staff("hana", Role::HotlineAnalyst).await;
    let counsellor = t.staff("vera", Role::Counsellor).await;
    let res = t.json(Method::POST, "/api/v1/takedowns/export", None, Some(&counsellor)).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = t.json(Method::POST, "/api/v1/takedowns/export", None, Some(&analyst)).await;
    assert_eq!(res.status, StatusCode::OK);
    let lines: Vec<&str> = res.body.lines().collect();
    assert_eq!(lines[0], "reference,received,kind,pdq,quality,md5,sha256,orientations,video_frames");
    assert_eq!(lines.len(), 3, "{}", res.body);
    assert!(res.body.contains(&reference) && res.body.contains(&h('d')) && res.body.contains(&h('e')));
    assert!(!res.body.contains(&receipt), "no receipt leaves for platforms");
    // A wrong receipt here counts against the same limits as on the follow-up page: this is
    // no side door for guessing.
    let mut statuses = Vec::new();
    for _ in 0..10 {
        statuses.push(t.json(Method::POST, "/api/v1/takedown", Some(wrong.clone()), None).await.status);
    }
    assert_eq!(statuses.last(), Some(&StatusCode::TOO_MANY_REQUESTS), "{statuses:?}");
    let session = t.json(Method::POST, "/api/v1/followup/session", Some(json!({"receipt": receipt})), None).await;
    assert_eq!(session.status, StatusCode::TOO_MANY_REQUESTS, "the follow-up shares the limit");
    let again = t.json(Method::POST, "/api/v1/takedowns/export", None, Some(&analyst)).await;
    assert_eq!(again.body.lines().count(), 1, "only new requests by default");
    let all = t.json(Method::POST, "/api/v1/takedowns/export?all=true", None, Some(&analyst)).await;
    assert_eq!(all.body.lines().count(), 3);
}

/// A small deterministic generator for the statistics test (no dependency needed).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

#[tokio::test]
async fn statistics_equal_the_database_and_never_reveal_a_small_number() {
    use zeri_domain::casework::{Outcome, ReferralStatus};
    use zeri_domain::places::Gazetteer;
    use zeri_domain::report::{AgeBand, Category, ContactMethod, ReporterKind};
    use zeri_domain::statistics::{recoverable, Cell, Published};
    use zeri_storage::{NewReportRow, OutcomeRow, ReferralRow};

    let t = TestApp::new().await;
    let g = Gazetteer::albania();
    let mut rng = Lcg(7);
    let day = 86_400_000i64;
    let now = zeri_web::now_ms();
    // 320 reports over the last 300 days, spread over municipalities (some without a place);
    // a few municipalities get many, most get few, so suppression has work to do.
    let staff_id = {
        t.create("helper", Role::Counsellor, Some("helpline")).await;
        t.store().staff_by_username("helper").await.unwrap().unwrap().id
    };
    let mut rows = Vec::new();
    for n in 0..320u32 {
        let municipality = match rng.next(10) {
            0 => None,
            1..=4 => Some("Tiranë".to_owned()),
            5 | 6 => Some("Kukës".to_owned()),
            _ => Some(g.municipalities()[rng.next(g.municipalities().len())].name.clone()),
        };
        rows.push(NewReportRow {
            id: format!("s{n}"),
            case_ref: format!("ZR-S{n:04}"),
            receipt_digest: t.app.keys.lookup_digest("receipt", format!("stat-{n}").as_bytes()),
            created_at: now - (1 + rng.next(300) as i64) * day,
            category: Category::ALL[rng.next(Category::ALL.len())],
            reporter: ReporterKind::ALL[rng.next(ReporterKind::ALL.len())],
            age_band: AgeBand::ALL[rng.next(AgeBand::ALL.len())],
            municipality,
            contact_method: ContactMethod::None,
            consent_cpo: true,
            consent_police: true,
            key_id: t.app.keys.primary_id().to_owned(),
            sealed: t.app.keys.seal(b"{}", format!("report:s{n}:confidential").as_bytes()),
            case_key: None,
            channel: "online",
            evidence: Vec::new(),
        });
    }
    t.store().insert_reports(&rows).await.unwrap();
    let orgs = ["police", "prosecution", "cpu-kukes", "svc-test", "barnahus"];
    for (i, r) in rows.iter().enumerate() {
        if rng.next(3) == 0 {
            let m = zeri_storage::NewMessage {
                id: format!("m{i}"),
                report_id: r.id.clone(),
                author: zeri_storage::Author::Staff,
                staff_id: Some(staff_id.clone()),
                created_at: r.created_at + rng.next(40) as i64 * day / 2,
                key_id: t.app.keys.primary_id().to_owned(),
                sealed: vec![1],
            };
            t.store().insert_message(&m).await.unwrap();
        }
        if rng.next(4) == 0 {
            let f = ReferralRow {
                id: format!("f{i}"),
                report_id: r.id.clone(),
                to_org: orgs[rng.next(orgs.len())].to_owned(),
                status: ReferralStatus::ALL[rng.next(ReferralStatus::ALL.len())],
                legal_duty: None,
                created_by: staff_id.clone(),
                created_at: r.created_at,
                updated_at: r.created_at,
                sealed: vec![1],
                answer_sealed: None,
            };
            t.store().insert_referral(&f, &NewEvent { action: "referral-sent", ..NewEvent::default() }).await.unwrap();
        }
        if rng.next(3) == 0 {
            let outcome = Outcome::ALL[rng.next(Outcome::ALL.len())];
            let o = OutcomeRow {
                id: format!("o{i}"),
                report_id: r.id.clone(),
                outcome,
                support_kind: (outcome == Outcome::SupportReceived)
                    .then(|| zeri_domain::casework::SUPPORT_KINDS[rng.next(4)]),
                occurred_on: r.created_at.div_euclid(day) + rng.next(20) as i64,
                recorded_by: staff_id.clone(),
                recorded_at: now,
            };
            t.store().insert_outcome(&o, &NewEvent { action: "outcome", ..NewEvent::default() }).await.unwrap();
        }
    }

    // Only statisticians and administrators see statistics; statisticians see nothing else.
    let stat = t.staff("sara", Role::Statistician).await;
    let empty = TestApp::new().await;
    let nobody = empty.staff("sara", Role::Statistician).await;
    let res = empty.json(Method::GET, "/api/v1/statistics", None, Some(&nobody)).await;
    assert_eq!(res.status, StatusCode::OK, "no reports yet: {}", res.body);
    assert_eq!(res.json()["tables"][0]["total"], 0);
    let counsellor = t.staff("vera", Role::Counsellor).await;
    assert_eq!(t.json(Method::GET, "/api/v1/statistics", None, Some(&counsellor)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(t.json(Method::GET, "/api/v1/cases", None, Some(&stat)).await.status, StatusCode::FORBIDDEN);
    for path in ["/api/v1/cases/s1", "/api/v1/tasks"] {
        let status = t.json(Method::GET, path, None, Some(&stat)).await.status;
        assert!(matches!(status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND), "{path}: {status}");
    }
    let status = t.post("/api/v1/cases/s1/reveal", json!({"reason": "I would like to know who"}), &stat).await.status;
    assert!(matches!(status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND));

    let res = t.json(Method::GET, "/api/v1/statistics", None, Some(&stat)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let stats = res.json();
    assert_eq!(stats["threshold"], 5);

    // Direct computation from the database, independent of the code under test.
    let url = format!("sqlite://{}", t.dir.path().join("zeri.db").display());
    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    let count = |sql: String| {
        let pool = pool.clone();
        async move {
            let rows: Vec<(String, String, i64)> = sqlx::query_as(&sql).fetch_all(&pool).await.unwrap();
            rows
        }
    };
    let month_category = count(
        "SELECT strftime('%Y-%m', created_at / 1000, 'unixepoch'), category, COUNT(*) FROM reports GROUP BY 1, 2"
            .into(),
    )
    .await;
    let municipality_age =
        count("SELECT COALESCE(municipality, ''), age_band, COUNT(*) FROM reports GROUP BY 1, 2".into()).await;
    let reporter_age = count("SELECT reporter, age_band, COUNT(*) FROM reports GROUP BY 1, 2".into()).await;
    let referrals = count(
        "SELECT o.kind, f.status, COUNT(*) FROM referrals f JOIN organisations o ON o.id = f.to_org GROUP BY 1, 2"
            .into(),
    )
    .await;
    let county = |m: &str| g.municipality(m).map(|m| m.county.clone()).unwrap_or_else(|| "not_stated".into());

    // Each table: its raw counts from SQL, in the table's row and column order (codes).
    let tables = stats["tables"].as_array().unwrap();
    let table = |id: &str| tables.iter().find(|x| x["id"] == id).unwrap().clone();
    let codes = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    let categories: Vec<String> = Category::ALL.iter().map(|c| c.as_str().to_owned()).collect();
    let ages: Vec<String> = AgeBand::ALL.iter().map(|c| c.as_str().to_owned()).collect();
    // Every month of the period is a row, with reports or not.
    let months: Vec<String> =
        table("month-category")["rows"].as_array().unwrap().iter().map(|m| m.as_str().unwrap().to_owned()).collect();
    assert!(month_category.iter().all(|(m, _, _)| months.contains(m)), "every month with reports is a row");
    assert!(months.len() >= 12, "a year by default: {months:?}");
    let mut counties: Vec<String> = g.municipalities().iter().map(|m| m.county.clone()).collect();
    counties.sort();
    counties.dedup();
    let mut county_rows = counties.clone();
    county_rows.push("not_stated".into());
    let grid = |rows: &[String], cols: &[String], data: &[(String, String, i64)]| {
        let mut g = vec![vec![0u64; cols.len()]; rows.len()];
        for (r, c, n) in data {
            let (i, j) = (rows.iter().position(|x| x == r).unwrap(), cols.iter().position(|x| x == c).unwrap());
            g[i][j] += *n as u64;
        }
        g
    };
    let by_county: Vec<(String, String, i64)> =
        municipality_age.iter().map(|(m, a, n)| (county(m), a.clone(), *n)).collect();
    // Time to the first answer and the first support, in whole days, bucketed as published.
    let firsts: Vec<(i64, Option<i64>, Option<i64>)> = sqlx::query_as(
        "SELECT r.created_at, (SELECT MIN(m.created_at) FROM messages m WHERE m.report_id = r.id AND m.author = 'staff'), \
         (SELECT MIN(o.occurred_on) FROM outcomes o WHERE o.report_id = r.id AND o.outcome = 'support_received') \
         FROM reports r",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let bucket = |days: Option<i64>| match days {
        None => "not_yet",
        Some(d) if d < 1 => "same_day",
        Some(d) if d <= 3 => "1_3_days",
        Some(d) if d <= 7 => "4_7_days",
        Some(d) if d <= 30 => "8_30_days",
        Some(_) => "over_30_days",
    };
    let mut timing: Vec<(String, String, i64)> = Vec::new();
    for (created, reply, support) in &firsts {
        timing.push(("first_answer".into(), bucket(reply.map(|r| (r - created).div_euclid(day))).into(), 1));
        timing.push(("first_support".into(), bucket(support.map(|s| s - created.div_euclid(day))).into(), 1));
    }
    let outcomes: Vec<(String, Option<String>, i64)> = sqlx::query_as(
        "SELECT outcome, support_kind, COUNT(DISTINCT report_id) FROM outcomes GROUP BY outcome, support_kind",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let outcomes: Vec<(String, String, i64)> = outcomes
        .into_iter()
        .map(|(o, k, n)| (k.map(|k| format!("{o}:{k}")).unwrap_or(o), "reports".to_owned(), n))
        .collect();
    let outcome_rows = codes(&[
        "reported_to_police",
        "investigation_opened",
        "prosecuted",
        "convicted",
        "compensation_applied",
        "compensation_received",
        "closed",
        "support_received:psychological",
        "support_received:social",
        "support_received:legal",
        "support_received:medical",
    ]);
    let expected = [
        (
            "timing",
            grid(
                &codes(&["first_answer", "first_support"]),
                &codes(&["same_day", "1_3_days", "4_7_days", "8_30_days", "over_30_days", "not_yet"]),
                &timing,
            ),
        ),
        ("outcomes", grid(&outcome_rows, &codes(&["reports"]), &outcomes)),
        ("month-category", grid(&months, &categories, &month_category)),
        ("county-age", grid(&county_rows, &ages, &by_county)),
        ("reporter-age", grid(&codes(&["self", "on_behalf", "professional"]), &ages, &reporter_age)),
        (
            "referrals",
            grid(
                &codes(&["police", "prosecution", "cpu", "service", "barnahus"]),
                &codes(&["sent", "accepted", "declined", "completed"]),
                &referrals,
            ),
        ),
    ];
    let to_cell = |v: &Value| match v {
        Value::Number(n) => Cell::Shown(n.as_u64().unwrap()),
        Value::String(s) if s == "<5" => Cell::Hidden { primary: true },
        _ => Cell::Hidden { primary: false },
    };
    let mut hidden_seen = 0;
    for (id, counts) in &expected {
        let tj = table(id);
        let cells: Vec<Vec<Cell>> = tj["cells"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_array().unwrap().iter().map(to_cell).collect())
            .collect();
        assert_eq!(cells.len(), counts.len(), "{id}: rows");
        for (i, row) in cells.iter().enumerate() {
            for (j, c) in row.iter().enumerate() {
                let actual = counts[i][j];
                match c {
                    Cell::Shown(n) => {
                        assert_eq!(*n, actual, "{id} [{i}][{j}] equals the database");
                        assert!(*n == 0 || *n >= 5, "{id} [{i}][{j}]: {n} shown");
                    }
                    Cell::Hidden { primary: true } => assert!((1..5).contains(&actual), "{id} [{i}][{j}] is small"),
                    Cell::Hidden { primary: false } => hidden_seen += 1,
                }
                if matches!(c, Cell::Hidden { .. }) {
                    hidden_seen += 1;
                }
            }
        }
        let margin = |key: &str| tj[key].as_array().unwrap().iter().map(to_cell).collect::<Vec<_>>();
        let published = Published {
            cells,
            row_totals: margin("row_totals"),
            column_totals: margin("column_totals"),
            total: to_cell(&tj["total"]),
        };
        for (i, c) in published.row_totals.iter().enumerate() {
            if let Cell::Shown(n) = c {
                assert_eq!(*n, counts[i].iter().sum::<u64>(), "{id} row total {i}");
            }
        }
        let found = recoverable(counts, &published, 5);
        assert!(found.is_empty(), "{id}: {found:?} can be worked out from {published:?} of {counts:?}");
        if let Cell::Shown(n) = published.total {
            assert_eq!(n, counts.iter().flatten().sum::<u64>(), "{id} total");
        }
    }
    assert!(hidden_seen > 10, "the data has small numbers to hide");
    assert_eq!(table("month-category")["total"], 320);

    // The municipality table: each municipality's count where shown, county totals linked.
    let muni = table("municipality");
    let mut per_municipality: HashMap<String, u64> = HashMap::new();
    for (m, _, n) in &municipality_age {
        *per_municipality.entry(m.clone()).or_default() += *n as u64;
    }
    for (i, name) in muni["rows"].as_array().unwrap().iter().enumerate() {
        let name = name.as_str().unwrap();
        let expected = per_municipality.get(name).copied().unwrap_or(0);
        for c in muni["cells"][i].as_array().unwrap() {
            if let Value::Number(n) = c {
                let n = n.as_u64().unwrap();
                assert!(n == 0 || n == expected, "{name}: {n} vs {expected}");
            }
        }
    }
    let county_age = table("county-age");
    for (j, _) in counties.iter().enumerate() {
        let a = &county_age["row_totals"][j];
        let b = &muni["column_totals"][j];
        assert_eq!(a.is_number(), b.is_number(), "a county total is shown in both tables or hidden in both");
        if a.is_number() {
            assert_eq!(a, b);
        }
    }

    // The page, a CSV, the annual summary in HTML and PDF, and the public release.
    let cookie = t.page_login("sara").await;
    let page = t.page("/en/statistics", Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<svg") && page.body.contains("Reports by month and kind of harm"));
    assert!(!page.body.contains('⟦'), "every label translated");
    let csv = t.page("/en/statistics/county-age.csv", Some(&cookie)).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.body.lines().count() == county_rows.len() + 2, "{}", csv.body);
    let summary = t.page("/en/statistics/summary", Some(&cookie)).await;
    assert!(summary.body.contains("Reports received: 320"), "{}", summary.body);
    let pdf = t.page("/en/statistics/summary?format=pdf", Some(&cookie)).await;
    assert!(pdf.body.starts_with("%PDF-1.4"));
    let public = t.json(Method::GET, "/api/v1/statistics/public?epsilon=2", None, Some(&stat)).await.json();
    assert_eq!(public["epsilon"], 2.0);
    assert!(public["method"].as_str().unwrap().contains("ε = 2"));
    assert_eq!(public["tables"].as_array().unwrap().len(), 4);
    let bad = t.json(Method::GET, "/api/v1/statistics?from=2026-13-01", None, Some(&stat)).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
}

// ----- live chat -----

impl TestApp {
    /// A JSON request as a page's script sends it: with a cookie, and a CSRF header for staff.
    async fn script(&self, path: &str, body: Value, cookie: &str, csrf: Option<&str>) -> Res {
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
    async fn events(&self, path: &str, cookie: &str, until: impl Fn(&str) -> bool) -> String {
        let req = Request::get(path).header(header::COOKIE, cookie).body(Body::empty()).unwrap();
        let res = self.router.clone().oneshot(req).await.unwrap();
        if res.status() != StatusCode::OK {
            let status = res.status();
            let body = res.into_body().collect().await.unwrap().to_bytes();
            panic!("{path}: {status} {}", String::from_utf8_lossy(&body));
        }
        assert_eq!(res.headers()[header::CONTENT_TYPE], "text/event-stream");
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
    fn bytes_at_rest(&self) -> Vec<u8> {
        common::folder_bytes(self.dir.path())
    }

    /// The report a receipt names.
    async fn report_of(&self, receipt: &str) -> zeri_storage::ReportRow {
        let digits = zeri_domain::Receipt::parse(receipt).expect("a receipt");
        let digest = self.app.keys.lookup_digest("receipt", digits.digits().as_bytes());
        self.store().report_by_receipt(&digest).await.unwrap().expect("its report")
    }
}

fn as_refs<'a>(fields: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    fields.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

fn csrf_of(page: &str) -> String {
    page.split("name=\"csrf\" value=\"").nth(1).and_then(|s| s.split('"').next()).expect("a CSRF token").to_owned()
}

fn hex_id(n: u8) -> String {
    format!("{n:02x}").repeat(16)
}

/// A child opens a chat with the receipt; the counsellors hear of it; one goes on duty and
/// takes it; both sides write and read each other's messages, with delivery and read
/// marks; a retried send is stored once; limits hold; a block pauses the chat; nothing of
/// it is in the data folder in plaintext.
#[tokio::test]
async fn a_live_chat_from_the_receipt_to_a_counsellor_and_back() {
    let t = TestApp::with(WebConfig {
        chat_hours: zeri_domain::hours::parse("daily 00:00-24:00").unwrap(),
        ..fast_config()
    })
    .await;
    let receipt = t.report(kukes_report()).await;
    let opened = t.form("/en/followup", &[("receipt", &receipt)], None).await;
    let child = opened.cookie();
    t.create("drita", Role::Counsellor, Some("helpline")).await;
    let staff = t.page_login("drita").await;

    // Nobody is on duty yet: the page says so, and the chat still opens and waits.
    let page = t.page("/en/followup/chat", Some(&child)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body.contains("No one is answering chats right now") && page.body.contains("116 111"),
        "{}",
        page.body
    );
    assert!(page.body.contains("no voice or video call"));
    let open = t.script("/followup/chat/open", json!({}), &child, None).await;
    assert_eq!(open.status, StatusCode::OK, "{}", open.body);
    let chat = open.json()["chat"].as_str().unwrap().to_owned();
    assert_eq!(
        t.script("/followup/chat/open", json!({}), &child, None).await.json()["chat"],
        chat.as_str(),
        "one open chat"
    );
    let drita = t.store().staff_by_username("drita").await.unwrap().unwrap();
    let told = t.store().notifications(&drita.id, 10).await.unwrap();
    assert_eq!(told.iter().map(|n| n.kind.as_str()).collect::<Vec<_>>(), ["chat"], "counsellors hear of it");

    // The child writes before anyone answers: kept, once, even when sent twice.
    let first = t
        .script("/followup/chat/send", json!({"id": hex_id(1), "body": "Zqxj-CHAT-1 are you there?"}), &child, None)
        .await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    let again = t
        .script("/followup/chat/send", json!({"id": hex_id(1), "body": "Zqxj-CHAT-1 are you there?"}), &child, None)
        .await;
    assert_eq!(again.json()["seq"], first.json()["seq"], "a retried send is stored once");

    // On duty, the counsellor sees the chat waiting and takes it; a second take fails.
    let queue = t.page("/en/staff/chats", Some(&staff)).await;
    let csrf = csrf_of(&queue.body);
    assert_eq!(
        t.form("/en/staff/chats/duty", &[("csrf", &csrf), ("on", "1")], Some(&staff)).await.status,
        StatusCode::SEE_OTHER
    );
    let queue = t.page("/en/staff/chats", Some(&staff)).await;
    assert!(
        queue.body.contains(&format!("data-chat-row=\"{chat}\"")) && queue.body.contains("You are on duty"),
        "{}",
        queue.body
    );
    let taken = t.form(&format!("/en/staff/chats/{chat}/take"), &[("csrf", &csrf)], Some(&staff)).await;
    assert_eq!(taken.status, StatusCode::SEE_OTHER, "{}", taken.body);
    let twice = t.form(&format!("/en/staff/chats/{chat}/take"), &[("csrf", &csrf)], Some(&staff)).await;
    assert_eq!(twice.status, StatusCode::CONFLICT);

    // The counsellor's stream has the child's message; reading it marks it delivered.
    let seen = t.events(&format!("/en/staff/chats/{chat}/events?after=0"), &staff, |s| s.contains("Zqxj-CHAT-1")).await;
    assert!(seen.contains("event: message") && seen.contains("\"mine\":false"), "{seen}");
    // Without the CSRF header the counsellor's script is refused.
    let forged =
        t.script(&format!("/en/staff/chats/{chat}/send"), json!({"id": hex_id(2), "body": "x"}), &staff, None).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let reply = t
        .script(
            &format!("/en/staff/chats/{chat}/send"),
            json!({"id": hex_id(2), "body": "Zqxj-REPLY-2 yes, I am here"}),
            &staff,
            Some(&csrf),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let seq = reply.json()["seq"].as_i64().unwrap();

    // The child's stream: both messages in order, the delivery mark of their own, and the
    // chat is active.
    let child_view = t
        .events("/followup/chat/events?after=0", &child, |s| s.contains("Zqxj-REPLY-2") && s.contains("event: state"))
        .await;
    let (a, b) = (child_view.find("Zqxj-CHAT-1").unwrap(), child_view.find("Zqxj-REPLY-2").unwrap());
    assert!(a < b, "{child_view}");
    assert!(child_view.contains("event: receipt") && child_view.contains("data: active"), "{child_view}");
    // Resuming after the last message seen gives only what came after it.
    let resumed = t.events(&format!("/followup/chat/events?after={seq}"), &child, |s| s.contains("event: state")).await;
    assert!(!resumed.contains("Zqxj-"), "{resumed}");
    assert_eq!(t.script("/followup/chat/seen", json!({"seq": seq}), &child, None).await.status, StatusCode::NO_CONTENT);
    let report_id = t.store().chat(&chat).await.unwrap().unwrap().report_id;
    let thread = t.store().messages_after(&report_id, 0).await.unwrap();
    let staff_msg = thread.iter().find(|m| m.seq == seq).unwrap();
    assert!(staff_msg.delivered_at.is_some() && staff_msg.read_at.is_some(), "delivered and read");

    // Limits: too long, then too fast, each said plainly.
    let long = t.script("/followup/chat/send", json!({"id": hex_id(3), "body": "a".repeat(2001)}), &child, None).await;
    assert_eq!(long.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(long.json()["message"].as_str().unwrap().contains("2000"));
    let mut last = StatusCode::CREATED;
    for n in 0..40u8 {
        last = t.script("/followup/chat/send", json!({"id": hex_id(100 + n), "body": "hi"}), &child, None).await.status;
        if last != StatusCode::CREATED {
            break;
        }
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);

    // The counsellor ends and blocks the chat with a reason; the child cannot open a new
    // one for a day, and an administrator can review it.
    let short = t
        .form(
            &format!("/en/staff/chats/{chat}/end"),
            &[("csrf", &csrf), ("block", "1"), ("reason", "rude")],
            Some(&staff),
        )
        .await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY, "a block needs a reason");
    let blocked = t
        .form(
            &format!("/en/staff/chats/{chat}/end"),
            &[("csrf", &csrf), ("block", "1"), ("reason", "Zqxj-BLOCK repeated abuse")],
            Some(&staff),
        )
        .await;
    assert_eq!(blocked.status, StatusCode::SEE_OTHER, "{}", blocked.body);
    let refused = t.script("/followup/chat/open", json!({}), &child, None).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(refused.json()["message"].as_str().unwrap().contains("116 111"));
    t.create("admin1", Role::Admin, None).await;
    let admin = t.page_login("admin1").await;
    let review = t.page("/en/staff/chats/blocked", Some(&admin)).await;
    assert!(review.body.contains("Zqxj-BLOCK repeated abuse"), "{}", review.body);
    assert_eq!(t.page("/en/staff/chats/blocked", Some(&staff)).await.status, StatusCode::FORBIDDEN);

    // Nothing of the chat in plaintext at rest.
    let all = t.bytes_at_rest();
    for s in ["Zqxj-CHAT-1", "Zqxj-REPLY-2", "Zqxj-BLOCK"] {
        assert!(!contains(&all, s.as_bytes()), "{s} found in plaintext at rest");
    }
}

/// A referral to the Child Protection Unit of Kukës e-mails its officer through a real SMTP
/// server (started by scripts/smtp.sh), and the e-mail says only that something waits.
#[tokio::test]
async fn a_referral_e_mails_the_officer_without_any_case_content() {
    let (Ok(smtp), Ok(maildir)) = (std::env::var("ZERI_TEST_SMTP"), std::env::var("ZERI_TEST_SMTP_MAILDIR")) else {
        assert!(std::env::var("CI").is_err(), "CI must run the e-mail test: eval \"$(bash scripts/smtp.sh)\"");
        eprintln!("ZERI_TEST_SMTP not set: e-mail test not run");
        return;
    };
    let mail = zeri_web::MailConfig {
        url: smtp,
        from: "Zëri <noreply@zeri.test>".into(),
        public_url: Some("https://zeri.test".into()),
    };
    let t = TestApp::with(WebConfig { mail: Some(mail), ..fast_config() }).await;
    let receipt = t.report(kukes_report()).await;
    let counsellor = t.staff("cn-mail", Role::Counsellor).await;
    t.create("officer-mail", Role::ChildProtectionOfficer, Some("cpu-kukes")).await;
    let officer = t.page_login("officer-mail").await;
    let address = format!("cpo-{}@example.org", uuid::Uuid::new_v4().simple());
    let page = t.page("/en/staff/notifications", Some(&officer)).await;
    let saved = t
        .form("/en/staff/notifications/email", &[("csrf", &csrf_of(&page.body)), ("email", &address)], Some(&officer))
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert!(!contains(&t.bytes_at_rest(), address.as_bytes()), "the address is sealed at rest");

    let id = t.case_id(&counsellor).await;
    let case_ref = t.store().report(&id).await.unwrap().unwrap().case_ref;
    t.ok(&format!("/api/v1/cases/{id}/referrals"), json!({"to": "cpu-kukes", "note": "Zqxj-NOTE scared"}), &counsellor)
        .await;
    let listed = t.page("/en/staff/notifications", Some(&officer)).await;
    assert!(listed.body.contains("A referral is waiting"), "{}", listed.body);

    let mailer = t.app.mailer.clone().expect("a mailer");
    assert_eq!(zeri_web::service::notify::mail_round(&t.app, &mailer).await.unwrap(), 1);
    assert_eq!(zeri_web::service::notify::mail_round(&t.app, &mailer).await.unwrap(), 0, "sent once");
    let marker = format!("X-RcptTo: {address}");
    let mut raw = None;
    for _ in 0..100 {
        for sub in ["new", "cur"] {
            for entry in std::fs::read_dir(std::path::Path::new(&maildir).join(sub)).unwrap().flatten() {
                let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
                if text.lines().any(|l| l.trim_end() == marker) {
                    raw = Some(text);
                }
            }
        }
        if raw.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let raw = raw.expect("the e-mail reached the SMTP server");
    assert!(raw.contains("https://zeri.test/sq/staff/notifications"), "{raw}");
    let lower = raw.to_lowercase();
    for secret in
        [case_ref.as_str(), "drita", "hoxha", "kuk", "extortion", "threat", "photo", "zqxj", "referral", &id, &receipt]
    {
        assert!(!lower.contains(&secret.to_lowercase()), "{secret} in the e-mail:\n{raw}");
    }
}

/// A case referred to a psychologist: within the hours the psychologist set, the child's
/// chat goes to them (and they are told); outside them, to the helpline.
#[tokio::test]
async fn chats_of_a_referred_case_go_to_the_psychologist_within_their_hours() {
    let t = TestApp::new().await;
    let _ = t.report(kukes_report()).await;
    let receipt = t.report(kukes_report()).await;
    let counsellor = t.staff("cn-route", Role::Counsellor).await;
    let report = t.report_of(&receipt).await;
    let id = report.id.clone();
    let case = |p: &str| format!("/api/v1/cases/{id}{p}");
    let consent = json!({"recipient": "service", "org": "svc-test", "giver": "child", "decision": "given", "explained": "who they are"});
    t.ok(&case("/consents"), consent, &counsellor).await;
    t.ok(&case("/referrals"), json!({"to": "svc-test", "note": "psychological support"}), &counsellor).await;
    t.create_professional("elira-psy", Role::ServiceProvider, Some("svc-test"), Some(Profession::Psychologist)).await;
    let psy = t.login("elira-psy").await;
    let rid = t.json(Method::GET, &case(""), None, Some(&psy)).await.json()["referrals"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    t.ok(&case("/referral-answer"), json!({"referral": rid, "status": "accepted"}), &psy).await;

    let psy_page = t.page_login("elira-psy").await;
    let queue = t.page("/en/staff/chats", Some(&psy_page)).await;
    let csrf = csrf_of(&queue.body);
    let bad = t.form("/en/staff/chats/hours", &[("csrf", &csrf), ("hours", "whenever")], Some(&psy_page)).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let set =
        t.form("/en/staff/chats/hours", &[("csrf", &csrf), ("hours", "daily 00:00-24:00")], Some(&psy_page)).await;
    assert_eq!(set.status, StatusCode::SEE_OTHER);

    let child = t.form("/en/followup", &[("receipt", &receipt)], None).await.cookie();
    let page = t.page("/en/followup/chat", Some(&child)).await;
    assert!(page.body.contains("Your psychologist is answering chats now"), "{}", page.body);
    let chat =
        t.script("/followup/chat/open", json!({}), &child, None).await.json()["chat"].as_str().unwrap().to_owned();
    let psy_row = t.store().staff_by_username("elira-psy").await.unwrap().unwrap();
    assert_eq!(t.store().chat(&chat).await.unwrap().unwrap().routed_to, Some(psy_row.id.clone()));
    assert!(t.store().notifications(&psy_row.id, 10).await.unwrap().iter().any(|n| n.kind == "chat"));
    let queue = t.page("/en/staff/chats", Some(&psy_page)).await;
    assert!(queue.body.contains(&chat), "the psychologist sees the chat routed to them");
    let taken = t.form(&format!("/en/staff/chats/{chat}/take"), &[("csrf", &csrf)], Some(&psy_page)).await;
    assert_eq!(taken.status, StatusCode::SEE_OTHER, "{}", taken.body);
    let ended =
        t.form(&format!("/en/staff/chats/{chat}/end"), &[("csrf", &csrf), ("block", "0")], Some(&psy_page)).await;
    assert_eq!(ended.status, StatusCode::SEE_OTHER);

    // Outside the psychologist's hours the next chat goes to the helpline.
    let minute = zeri_domain::hours::minute_of_week(zeri_web::now_ms());
    let elsewhere = format!(
        "{} 00:00-00:01",
        ["mon", "tue", "wed", "thu", "fri", "sat", "sun"][((minute / 1440 + 3) % 7) as usize]
    );
    t.form("/en/staff/chats/hours", &[("csrf", &csrf), ("hours", &elsewhere)], Some(&psy_page)).await;
    let next =
        t.script("/followup/chat/open", json!({}), &child, None).await.json()["chat"].as_str().unwrap().to_owned();
    assert_ne!(next, chat);
    assert_eq!(t.store().chat(&next).await.unwrap().unwrap().routed_to, None);
}

/// A counsellor logs a helpline call as a report: the consent questions must have been read
/// out; the call becomes an ordinary case (same record, same statistics) held by the
/// counsellor, with the call and its follow-up on it, and a receipt to read out. A later
/// call is added to the case. Bad input is explained and nothing is stored.
#[tokio::test]
async fn a_helpline_call_becomes_a_report_and_later_calls_join_it() {
    let t = TestApp::new().await;
    t.create("cn-phone", Role::Counsellor, Some("helpline")).await;
    let staff = t.page_login("cn-phone").await;
    let form = t.page("/en/staff/phone", Some(&staff)).await;
    assert_eq!(form.status, StatusCode::OK);
    let csrf = csrf_of(&form.body);
    let fields = |consent_read: &'static str, minutes: &'static str| {
        vec![
            ("csrf", csrf.clone()),
            ("reporter", "on_behalf".to_owned()),
            ("category", "sexual_extortion".to_owned()),
            ("age_band", "13_15".to_owned()),
            ("description", "Zqxj-CALL mother says a stranger demands money for photos".to_owned()),
            ("location", "Kukës".to_owned()),
            ("contact_method", "none".to_owned()),
            ("consent_cpo", "yes".to_owned()),
            ("consent_read", consent_read.to_owned()),
            ("follow_up", "call_back".to_owned()),
            ("minutes", minutes.to_owned()),
        ]
    };
    let before = t.report_count().await;
    for bad in [fields("", "12"), fields("yes", "9999")] {
        let res = t.form("/en/staff/phone", &as_refs(&bad), Some(&staff)).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
        assert!(res.body.contains("Zqxj-CALL"), "what was typed stays");
    }
    assert_eq!(t.report_count().await, before, "nothing stored");
    let saved = t.form("/en/staff/phone", &as_refs(&fields("yes", "12")), Some(&staff)).await;
    assert_eq!(saved.status, StatusCode::CREATED, "{}", saved.body);
    let receipt = saved.body.split("data-receipt>").nth(1).and_then(|r| r.split('<').next()).unwrap().to_owned();
    let report = t.report_of(&receipt).await;
    let cn = t.store().staff_by_username("cn-phone").await.unwrap().unwrap();
    assert_eq!(report.assigned_to.as_deref(), Some(cn.id.as_str()), "the counsellor holds the case");
    assert!(report.consent_cpo && !report.consent_police);
    let calls = t.store().contacts(&report.id).await.unwrap();
    assert_eq!((calls.len(), calls[0].minutes, calls[0].follow_up.as_str()), (1, Some(12), "call_back"));

    // A second call is added on the case page; both show there.
    let page = t.page(&format!("/en/staff/reports/{}", report.id), Some(&staff)).await;
    let case_csrf = csrf_of(&page.body);
    let added = t
        .form(
            &format!("/en/staff/reports/{}/contacts", report.id),
            &[
                ("csrf", &case_csrf),
                ("summary", "Zqxj-CALL-2 the child called back"),
                ("follow_up", "chat"),
                ("minutes", "5"),
            ],
            Some(&staff),
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let page = t.page(&format!("/en/staff/reports/{}", report.id), Some(&staff)).await;
    assert!(page.body.contains("Zqxj-CALL mother says") && page.body.contains("Zqxj-CALL-2"), "{}", page.body);
    // The child, with the receipt, sees that the calls were noted (by role, not by name).
    let child = t.survivor(&receipt).await;
    let view = t.json(Method::GET, "/api/v1/followup", None, Some(&child)).await.json();
    let noted = view["accessed"].as_array().unwrap().iter().filter(|a| a["action"] == "phone-contact").count();
    assert_eq!(noted, 2);
    assert!(!contains(&t.bytes_at_rest(), b"Zqxj-CALL"), "nothing of the calls in plaintext at rest");
}

/// Albanian wall-clock time `minutes` from now, as a browser's `datetime-local` sends it.
fn local_in(minutes: i64) -> String {
    let utc = zeri_web::now_ms() + minutes * 60_000;
    let local = utc + zeri_domain::hours::tirana_offset_hours(utc) * 3_600_000;
    let t = time::OffsetDateTime::from_unix_timestamp(local / 1000).unwrap();
    format!("{:04}-{:02}-{:02}T{:02}:{:02}", t.year(), u8::from(t.month()), t.day(), t.hour(), t.minute())
}

/// A professional offers session times; the child picks one with the receipt and sees it
/// as a reminder; the other time is withdrawn; at the session's time the chat goes to the
/// professional.
#[tokio::test]
async fn a_remote_session_is_offered_booked_and_held_in_the_chat() {
    let t = TestApp::new().await;
    let receipt = t.report(kukes_report()).await;
    let counsellor = t.staff("cn-session", Role::Counsellor).await;
    let id = t.case_id(&counsellor).await;
    let offer = format!("/api/v1/cases/{id}/sessions");
    let past = t.post(&offer, json!({"at1": local_in(-60)}), &counsellor).await;
    assert_eq!(past.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", past.body);
    let (soon, later) = (local_in(2), local_in(3 * 24 * 60));
    assert_eq!(
        t.post(&offer, json!({"at1": soon, "at2": later, "minutes": "30"}), &counsellor).await.status,
        StatusCode::CREATED
    );

    let child = t.form("/en/followup", &[("receipt", &receipt)], None).await.cookie();
    let page = t.page("/en/followup", Some(&child)).await;
    assert!(
        page.body.contains("Times offered to you") && page.body.contains("there is no voice or video"),
        "{}",
        page.body
    );
    let slots = t.store().slots(&id).await.unwrap();
    let (first, second) = (&slots[0], &slots[1]);
    assert_eq!(
        t.form("/en/followup/sessions", &[("slot", &first.id)], Some(&child)).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        t.form("/en/followup/sessions", &[("slot", &second.id)], Some(&child)).await.status,
        StatusCode::CONFLICT,
        "withdrawn"
    );
    let page = t.page("/en/followup", Some(&child)).await;
    assert!(page.body.contains("Your session:"), "{}", page.body);
    let cn = t.store().staff_by_username("cn-session").await.unwrap().unwrap();
    assert!(t.store().notifications(&cn.id, 10).await.unwrap().iter().any(|n| n.kind == "session"));

    // Two minutes before it starts, the chat already goes to the professional.
    let chat =
        t.script("/followup/chat/open", json!({}), &child, None).await.json()["chat"].as_str().unwrap().to_owned();
    assert_eq!(t.store().chat(&chat).await.unwrap().unwrap().routed_to, Some(cn.id));
}

/// A task given to a colleague tells them at once; when it is due, its owner is told once
/// that day, not at every pass.
#[tokio::test]
async fn tasks_and_deadlines_notify_their_owner_once() {
    let t = TestApp::new().await;
    let _ = t.report(kukes_report()).await;
    let a = t.staff("cn-a", Role::Counsellor).await;
    t.create("cn-b", Role::Counsellor, Some("helpline")).await;
    let id = t.case_id(&a).await;
    // Due dates are days (UTC), as the task list counts them.
    let d = time::OffsetDateTime::now_utc().date();
    let today = format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day());
    t.ok(&format!("/api/v1/cases/{id}/tasks"), json!({"title": "Call the school", "owner": "cn-b", "due": today}), &a)
        .await;
    let b = t.store().staff_by_username("cn-b").await.unwrap().unwrap();
    let kinds = |n: Vec<zeri_storage::NotificationRow>| n.into_iter().map(|n| n.kind).collect::<Vec<_>>();
    assert_eq!(kinds(t.store().notifications(&b.id, 10).await.unwrap()), ["task"]);
    assert!(zeri_web::service::notify::deadlines(&t.app, zeri_web::now_ms()).await.unwrap() >= 1);
    assert_eq!(zeri_web::service::notify::deadlines(&t.app, zeri_web::now_ms()).await.unwrap(), 0, "once a day");
    assert!(kinds(t.store().notifications(&b.id, 10).await.unwrap()).contains(&"deadline".to_owned()));
}

/// The same picture reported again and again links each new copy to the first few earlier
/// ones only, so the cost of a report does not grow with the number of copies (the soak
/// test found that it did).
#[tokio::test]
async fn a_widely_shared_picture_links_to_at_most_ten_earlier_copies() {
    let t = TestApp::new().await;
    let picture = std::fs::read(
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../hashing/tests/data/pixels/bridge-mods--square-128x128.jpg.png"),
    )
    .unwrap();
    let fields = [
        ("reporter", "self"),
        ("category", "images_shared"),
        ("description", "my photo is going round"),
        ("age_band", "16_17"),
        ("contact_method", "none"),
    ];
    let mut receipts = Vec::new();
    for _ in 0..14 {
        let res = t.upload("/en/report", &fields, &[("same.png", &picture)], None, None).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
        receipts.push(res.body.split("data-receipt>").nth(1).unwrap().split('<').next().unwrap().to_owned());
    }
    let last = t.report_of(&receipts[13]).await;
    let links = t.store().evidence_matches(&last.id).await.unwrap();
    let earlier: Vec<_> = links.iter().filter(|m| m.other_evidence_id.is_some()).collect();
    assert_eq!(earlier.len(), zeri_storage::EVIDENCE_MATCHES as usize, "{links:?}");
    let first = t.report_of(&receipts[0]).await;
    assert!(
        earlier.iter().any(|m| m.other_case_ref.as_deref() == Some(first.case_ref.as_str())),
        "the first copy is named"
    );
}
