//! The web layer driven in-process (no sockets), through a `TestApp` builder.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;
use zeri_crypto::{Keyring, MasterKey, PasswordParams};
use zeri_domain::Role;
use zeri_storage::Store;
use zeri_web::{App, AppState, ThrottleConfig, WebConfig};

struct TestApp {
    app: AppState,
    router: Router,
    dir: tempfile::TempDir,
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
        let store = zeri_storage::connect(url).await.unwrap();
        let app = App::new(store, keys, config);
        Self { router: zeri_web::router(app.clone()), app, dir }
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

    async fn staff(&self, username: &str, role: Role) -> String {
        zeri_web::create_staff(
            self.store().as_ref(),
            username,
            role,
            "a long test password",
            PasswordParams::fast_for_tests(),
        )
        .await
        .unwrap();
        let res = self
            .json(
                Method::POST,
                "/api/v1/auth/session",
                Some(json!({"username": username, "password": "a long test password"})),
                None,
            )
            .await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
        res.json()["token"].as_str().unwrap().to_owned()
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
    zeri_web::create_staff(
        t.store().as_ref(),
        "arben",
        Role::Counsellor,
        "a long test password",
        PasswordParams::fast_for_tests(),
    )
    .await
    .unwrap();
    let bad = t.form("/en/staff/login", &[("username", "arben"), ("password", "wrong")], None).await;
    assert_eq!(bad.status, StatusCode::UNAUTHORIZED);
    let login = t.form("/en/staff/login", &[("username", "arben"), ("password", "a long test password")], None).await;
    assert_eq!(login.status, StatusCode::SEE_OTHER);
    let staff = login.cookie();
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
    assert!(status.body.contains("A helpline counsellor opened your report"));
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
    let id = t.json(Method::GET, "/api/v1/cases", None, Some(&a)).await.json()[0]["id"].as_str().unwrap().to_owned();
    assert_eq!(t.json(Method::GET, &format!("/api/v1/cases/{id}"), None, Some(&a)).await.status, StatusCode::OK);
    // Now it is Ana's: Besa and the administrator get the same answer as for a report that does not exist.
    for token in [&b, &admin] {
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
    assert!(t.json(Method::GET, "/api/v1/cases", None, Some(&b)).await.json().as_array().unwrap().is_empty());
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
            Some(json!({"username": "ana", "password": "a long test password"})),
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
        for path in ["", "/report", "/followup", "/staff/login", "/nowhere"] {
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
    let mut all = Vec::new();
    for entry in std::fs::read_dir(t.dir.path()).unwrap() {
        all.extend(std::fs::read(entry.unwrap().path()).unwrap());
    }
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
