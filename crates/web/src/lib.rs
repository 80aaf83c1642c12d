//! The web face of Zëri: server-rendered pages (Albanian first, English), the JSON API
//! under `/api/v1/`, and the headers that keep both confidential.
//!
//! Data flows one way: handlers here ask `zeri-domain` what is allowed and call
//! `zeri-storage`; no SQL is written here.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, MatchedPath, Request};
use axum::http::{header, HeaderName, HeaderValue};
use axum::response::{IntoResponse, Redirect};
use axum::routing::get;
use axum::Router;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use zeri_crypto::{Keyring, PasswordParams};
use zeri_storage::{Intake, Store};

mod admin;
mod assets;
mod auth;
mod case_page;
pub mod cases;
pub mod chat;
pub mod directory;
mod directory_admin;
mod error;
pub mod evidence;
pub mod exports;
mod extract;
mod followup;
#[doc(hidden)]
pub mod fuzzing;
mod hashlists;
mod health;
mod hsds;
pub mod i18n;
pub mod learn;
pub mod mail;
pub mod notify;
mod openapi;
mod pdf;
mod phone;
mod reports;
mod sessions;
mod staff;
pub mod statistics;
mod survey;
mod takedown;
mod views;

pub use error::ApiError;
pub use i18n::Lang;
pub use staff::{create_staff, NewStaff, StaffError};
pub use views::datetime as views_datetime;

/// Largest request body accepted anywhere (a report is at most ~10 KiB of text).
pub const BODY_LIMIT: usize = 64 * 1024;

/// How the web layer behaves; built by the binary from its flags.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Mark cookies `Secure` and send HSTS (everywhere but plain localhost).
    pub secure_cookies: bool,
    /// Take the client address from `X-Forwarded-For` (only behind a trusted proxy).
    pub trust_forwarded_for: bool,
    pub password_params: PasswordParams,
    pub throttle: ThrottleConfig,
    /// The public address of the site (for the leaflet's QR code), e.g. `https://zeri.al`.
    pub public_url: Option<String>,
    /// When the helpline answers chats ([`zeri_domain::hours`]).
    pub chat_hours: Vec<(i32, i32)>,
    /// Where notification e-mails go; `None`: none are sent.
    pub mail: Option<mail::MailConfig>,
}

/// The helpline's chat hours unless configured: every day, 08:00 to 22:00.
pub const DEFAULT_CHAT_HOURS: &str = "daily 08:00-22:00";

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            secure_cookies: false,
            trust_forwarded_for: false,
            password_params: PasswordParams::default(),
            throttle: ThrottleConfig::default(),
            public_url: None,
            chat_hours: zeri_domain::hours::parse(DEFAULT_CHAT_HOURS).expect("valid default hours"),
            mail: None,
        }
    }
}

/// Limits on guessing receipts and passwords. Counted in the database, so they hold across
/// restarts and across instances.
#[derive(Debug, Clone, Copy)]
pub struct ThrottleConfig {
    pub window: Duration,
    /// Failed receipts per client per window.
    pub receipt_per_client: i64,
    /// Failed receipts from everyone per window: a distributed guess stops here.
    pub receipt_global: i64,
    /// Failed sign-ins per account and client per window.
    pub login_per_client: i64,
}

impl ThrottleConfig {
    pub fn window_ms(&self) -> i64 {
        self.window.as_millis() as i64
    }

    /// Seconds until the fixed window containing `now` ends (at least 1).
    pub fn retry_after(&self, now: i64) -> u64 {
        let window = self.window_ms();
        ((window - now.rem_euclid(window)) / 1000).max(1) as u64
    }
}

/// "Too many attempts, try again in N minutes", in `lang`.
pub(crate) fn wait_message(lang: Lang, retry_after: u64) -> String {
    lang.t_args("error-too-many-attempts-wait", &[("minutes", retry_after.div_ceil(60).into())])
}

impl Default for ThrottleConfig {
    fn default() -> Self {
        Self {
            window: Duration::from_secs(15 * 60),
            receipt_per_client: 10,
            receipt_global: 1000,
            login_per_client: 10,
        }
    }
}

pub struct App {
    pub store: Arc<dyn Store>,
    pub intake: Intake,
    pub keys: Arc<Keyring>,
    pub config: WebConfig,
    /// The directory of services in memory (see `directory::reload`).
    pub directory: directory::DirectoryCell,
    /// Where evidence files are kept, sealed.
    pub blobs: zeri_storage::Blobs,
    /// PDQ hashes of hash lists and earlier evidence (see `evidence::Matcher`).
    pub matcher: evidence::Matcher,
    pub upload_slots: Arc<tokio::sync::Semaphore>,
    pub decode_slots: Arc<tokio::sync::Semaphore>,
    /// Wakes the chat streams (see `chat`).
    pub chat: chat::Hub,
    /// Sends notification e-mails, when configured.
    pub mailer: Option<mail::Mailer>,
    /// Wakes the e-mail sender when a notification is stored.
    pub mail_wake: Arc<tokio::sync::Notify>,
}

pub type AppState = Arc<App>;

impl App {
    /// The application over a store and a blob store; loads the matcher's hashes.
    pub async fn new(
        store: Arc<dyn Store>,
        blobs: zeri_storage::Blobs,
        keys: Arc<Keyring>,
        config: WebConfig,
    ) -> Result<AppState, zeri_storage::StoreError> {
        let intake = Intake::start(store.clone(), 256);
        let mailer = match config.mail.clone().map(mail::Mailer::new).transpose() {
            Ok(m) => m,
            Err(e) => return Err(zeri_storage::StoreError::Corrupt(format!("notification e-mail: {e}"))),
        };
        let matcher = evidence::Matcher::load(store.as_ref()).await?;
        Ok(Arc::new(App {
            store,
            intake,
            keys,
            config,
            directory: directory::empty(),
            blobs,
            matcher,
            upload_slots: Arc::new(tokio::sync::Semaphore::new(evidence::UPLOAD_SLOTS)),
            decode_slots: Arc::new(tokio::sync::Semaphore::new(evidence::DECODE_SLOTS)),
            chat: chat::Hub::default(),
            mailer,
            mail_wake: Arc::new(tokio::sync::Notify::new()),
        }))
    }
}

pub use zeri_storage::now_ms;

const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; \
                   connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

pub fn router(state: AppState) -> Router {
    let secure = state.config.secure_cookies;
    let mut app = Router::new()
        .route("/", get(|| async { Redirect::to("/sq") }))
        // People and tools often type the language root with a slash.
        .route("/sq/", get(|| async { Redirect::permanent("/sq") }))
        .route("/en/", get(|| async { Redirect::permanent("/en") }))
        .merge(health::router())
        .merge(assets::router())
        .merge(views::router())
        .merge(reports::router())
        .merge(followup::router())
        .merge(staff::router())
        .merge(cases::router())
        .merge(case_page::router())
        .merge(chat::router())
        .merge(notify::router())
        .merge(phone::router())
        .merge(admin::router())
        .merge(directory::router())
        .merge(hsds::router())
        .merge(directory_admin::router())
        .merge(learn::router())
        .merge(takedown::router())
        .merge(statistics::router())
        .merge(hashlists::router())
        .merge(survey::router())
        .merge(openapi::router())
        .fallback(error::not_found)
        .with_state(state)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        // Pages open on a weak 3G connection: every answer is compressed when the client can.
        .layer(tower_http::compression::CompressionLayer::new().gzip(true))
        // A bug must not drop the connection or show internals: a bare 500, and the log says
        // which request (by route, never its content).
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(|_: Box<dyn std::any::Any + Send>| {
            tracing::error!("a handler panicked");
            error::ApiError::new(axum::http::StatusCode::INTERNAL_SERVER_ERROR, "internal", Lang::En).into_response()
        }));
    // The take-down page sets its own policy (it runs WebAssembly); every other answer gets this.
    app = app
        .layer(SetResponseHeaderLayer::if_not_present(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP)));
    let headers: [(HeaderName, &'static str); 7] = [
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (
            HeaderName::from_static("permissions-policy"),
            "camera=(), microphone=(), geolocation=(self), interest-cohort=()",
        ),
        (HeaderName::from_static("cross-origin-opener-policy"), "same-origin"),
        (HeaderName::from_static("cross-origin-resource-policy"), "same-origin"),
        (header::X_DNS_PREFETCH_CONTROL, "off"),
    ];
    for (name, value) in headers {
        app = app.layer(SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value)));
    }
    // Nothing is cached unless a handler says so (only the static assets do).
    app =
        app.layer(SetResponseHeaderLayer::if_not_present(header::CACHE_CONTROL, HeaderValue::from_static("no-store")));
    if secure {
        app = app.layer(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        ));
    }
    app.layer(
        // Spans carry the method and the matched route, never the URI, a header or the peer.
        TraceLayer::new_for_http()
            .make_span_with(|req: &Request| {
                let route = req.extensions().get::<MatchedPath>().map(MatchedPath::as_str).unwrap_or("(unmatched)");
                tracing::info_span!("http", method = %req.method(), route)
            })
            .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
    )
}
