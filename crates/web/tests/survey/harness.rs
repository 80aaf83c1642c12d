//! The survey test's own app: the router driven in-process with a client address when a
//! test gives one, staff made and signed in (with their second factor), pages, forms and
//! the API.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, HeaderMap, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;
use zeri_crypto::{Keyring, MasterKey, PasswordParams, TotpSecret, TOTP_STEP};
use zeri_domain::Role;
use zeri_web::{App, AppState, NewStaff, WebConfig};

pub(crate) const PASSWORD: &str = "a long test password";
/// Sent by every respondent: none of it may be kept.
pub(crate) const USER_AGENT: &str = "Zqxj-Agent/8841 (survey test)";
pub(crate) const COOKIE: &str = "tracker=Zqxj-COOKIE-8841";

pub(crate) struct TestApp {
    pub(crate) app: AppState,
    pub(crate) router: Router,
    pub(crate) dir: tempfile::TempDir,
    pub(crate) url: String,
    pub(crate) totp: Mutex<HashMap<String, (Vec<u8>, u64)>>,
}

pub(crate) struct Res {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: String,
}

impl Res {
    pub(crate) fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|_| panic!("not JSON: {}", self.body))
    }
    pub(crate) fn location(&self) -> String {
        self.headers[header::LOCATION].to_str().unwrap().to_owned()
    }
    /// The CSRF token of the first staff form on the page.
    pub(crate) fn csrf(&self) -> String {
        let at = self.body.find("name=\"csrf\" value=\"").expect("a staff form") + 19;
        self.body[at..at + 32].to_owned()
    }
}

pub(crate) fn encode(fields: &[(&str, &str)]) -> String {
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

impl TestApp {
    pub(crate) async fn sqlite() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("zeri.db").display());
        Self::on(url, dir).await
    }

    pub(crate) async fn postgres() -> Option<Self> {
        let Ok(admin) = std::env::var("ZERI_TEST_POSTGRES_URL") else {
            assert!(std::env::var("CI").is_err(), "CI must run the PostgreSQL tests: set ZERI_TEST_POSTGRES_URL");
            return None;
        };
        use sqlx::Connection;
        let mut conn = sqlx::PgConnection::connect(&admin).await.unwrap();
        let name = format!("zeri_survey_{}", uuid::Uuid::new_v4().simple());
        sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.unwrap();
        let url = format!("{}/{name}", admin.rsplit_once('/').unwrap().0);
        let t = Self::on(url, tempfile::tempdir().unwrap()).await;
        assert_eq!(t.app.store.backend(), "postgres");
        Some(t)
    }

    pub(crate) async fn on(url: String, dir: tempfile::TempDir) -> Self {
        let keys = Arc::new(Keyring::new(MasterKey::generate()));
        let store = zeri_storage::connect(&url, keys.clone()).await.unwrap();
        let blobs = zeri_storage::Blobs::local(&dir.path().join("evidence")).unwrap();
        let config = WebConfig { password_params: PasswordParams::fast_for_tests(), ..WebConfig::default() };
        let app = App::new(store, blobs, keys, config).await.unwrap();
        Self { router: zeri_web::router(app.clone()), app, dir, url, totp: Mutex::new(HashMap::new()) }
    }

    pub(crate) async fn send(&self, req: Request<Body>) -> Res {
        let res = self.router.clone().oneshot(req).await.unwrap();
        let (status, headers) = (res.status(), res.headers().clone());
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        Res { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
    }

    pub(crate) async fn api(&self, path: &str, token: &str) -> Res {
        let req = Request::get(path)
            .header(header::ACCEPT_LANGUAGE, "en")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::empty())
            .unwrap();
        self.send(req).await
    }

    pub(crate) async fn page(&self, path: &str, cookie: Option<&str>) -> Res {
        let mut req = Request::get(path).header(header::USER_AGENT, USER_AGENT);
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        self.send(req.body(Body::empty()).unwrap()).await
    }

    pub(crate) async fn form(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        cookie: Option<&str>,
        peer: Option<SocketAddr>,
    ) -> Res {
        let mut req = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::USER_AGENT, USER_AGENT);
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        let mut req = req.body(Body::from(encode(fields))).unwrap();
        if let Some(p) = peer {
            req.extensions_mut().insert(ConnectInfo(p));
        }
        self.send(req).await
    }

    pub(crate) async fn create(&self, username: &str, role: Role, org: Option<&str>) {
        let secret = role.needs_second_factor().then(TotpSecret::generate);
        let new =
            NewStaff { username, role, org_id: org, profession: None, password: Some(PASSWORD), totp: secret.as_ref() };
        zeri_web::create_staff(self.app.store.as_ref(), &self.app.keys, new, PasswordParams::fast_for_tests(), None)
            .await
            .unwrap();
        if let Some(s) = secret {
            self.totp.lock().unwrap().insert(username.to_owned(), (s.as_bytes().to_vec(), 0));
        }
    }

    /// A code for the next sign-in: a time step not used before (the server refuses replays).
    pub(crate) fn code(&self, username: &str) -> Option<String> {
        let mut map = self.totp.lock().unwrap();
        let (secret, last) = map.get_mut(username)?;
        let now = zeri_web::now_ms() as u64 / 1000 / TOTP_STEP;
        let step = (now.saturating_sub(1)).max(*last + 1);
        assert!(step <= now + 1, "more than three sign-ins of {username} within a minute");
        *last = step;
        Some(TotpSecret::from_bytes(secret).unwrap().code_at(step * TOTP_STEP))
    }

    /// Signs in through the API; returns the bearer token.
    pub(crate) async fn login(&self, username: &str) -> String {
        let mut body = json!({"username": username, "password": PASSWORD});
        if let Some(code) = self.code(username) {
            body["totp"] = json!(code);
        }
        let req = Request::post("/api/v1/auth/session")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap();
        let res = self.send(req).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
        res.json()["token"].as_str().unwrap().to_owned()
    }

    /// Signs in on the page; returns the staff cookie.
    pub(crate) async fn page_login(&self, username: &str) -> String {
        let code = self.code(username).unwrap_or_default();
        let fields = [("username", username), ("password", PASSWORD), ("code", &code)];
        let res = self.form("/en/staff/login", &fields, None, None).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        let c = res.headers[header::SET_COOKIE].to_str().unwrap();
        c.split(';').next().unwrap().to_owned()
    }
}

pub(crate) fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}
