//! The application state every handler shares ([`App`], held as [`AppState`]) and the
//! configuration the binary builds from its flags.

use std::sync::Arc;
use std::time::Duration;

use zeri_crypto::{Keyring, PasswordParams};
use zeri_storage::{Intake, Store};

/// Largest request body accepted anywhere (a report is at most ~10 KiB of text).
pub const BODY_LIMIT: usize = 64 * 1024;

/// How the web layer behaves; built by the binary from its flags.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Mark cookies `Secure` and send HSTS (everywhere but plain localhost).
    pub secure_cookies: bool,
    /// How many reverse proxies in front append to `X-Forwarded-For` (0: none; the client
    /// is then the peer address).
    pub trusted_proxies: usize,
    pub password_params: PasswordParams,
    pub throttle: ThrottleConfig,
    /// The public address of the site (for the leaflet's QR code), e.g. `https://zeri.al`.
    pub public_url: Option<String>,
    /// When the helpline answers chats ([`zeri_domain::hours`]).
    pub chat_hours: Vec<(i32, i32)>,
    /// Where notification e-mails go; `None`: none are sent.
    pub mail: Option<crate::parts::mail::MailConfig>,
    /// Where files are spooled, sealed, while they arrive (unnamed files; see `parts::spool`).
    pub spool_dir: std::path::PathBuf,
    /// An upload that sends nothing for this long is answered and dropped.
    pub upload_idle: Duration,
    /// An upload must be complete within this (a slow phone line sends 20 MB in minutes).
    pub upload_deadline: Duration,
    /// Where reported URLs are hosted: the resolver and the IP-to-country database
    /// (`parts::hosting`); tests inject a map on loopback and a generated database.
    pub hosting: crate::parts::hosting::Locator,
    /// Notice and take-down: the police's address, the days before a reminder.
    pub notices: NoticeConfig,
}

/// Notice and take-down (`service::notices`), from `zeri serve`'s flags.
#[derive(Debug, Clone)]
pub struct NoticeConfig {
    /// The police's cybercrime unit: referrals are e-mailed there too (`--cybercrime-email`);
    /// `None`: they are recorded only.
    pub cybercrime_email: Option<String>,
    /// A notice without an answer for this long is reminded and the item re-checked
    /// (`--notice-reminder-days`, 2 days).
    pub reminder_after: Duration,
    /// The hotline's address in notices, where hosts answer (`--hotline-email`); `None`:
    /// the sender's address (`--smtp-from`).
    pub hotline_email: Option<String>,
}

impl NoticeConfig {
    pub fn reminder_after_ms(&self) -> i64 {
        self.reminder_after.as_millis() as i64
    }
}

impl Default for NoticeConfig {
    fn default() -> Self {
        Self { cybercrime_email: None, reminder_after: Duration::from_secs(2 * 86_400), hotline_email: None }
    }
}

/// The helpline's chat hours unless configured: every day, 08:00 to 22:00.
pub const DEFAULT_CHAT_HOURS: &str = "daily 08:00-22:00";

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            secure_cookies: false,
            trusted_proxies: 0,
            password_params: PasswordParams::default(),
            throttle: ThrottleConfig::default(),
            public_url: None,
            chat_hours: zeri_domain::hours::parse(DEFAULT_CHAT_HOURS).expect("valid default hours"),
            mail: None,
            spool_dir: std::env::temp_dir(),
            upload_idle: Duration::from_secs(30),
            upload_deadline: Duration::from_secs(15 * 60),
            hosting: crate::parts::hosting::Locator::default(),
            notices: NoticeConfig::default(),
        }
    }
}

/// Limits on guessing receipts and passwords. Counted in the database, so they hold across
/// restarts and across instances.
#[derive(Debug, Clone, Copy)]
pub struct ThrottleConfig {
    pub window: Duration,
    /// Failed receipts per client per window; beyond them each attempt from that client
    /// waits [`ThrottleConfig::client_delay`], one at a time.
    pub receipt_per_client: i64,
    /// Failed receipts from everyone per window; beyond them every attempt waits
    /// [`ThrottleConfig::global_delay`]. Slowed, never refused: a correct receipt always opens.
    pub receipt_global: i64,
    pub client_delay: Duration,
    pub global_delay: Duration,
    /// Failed sign-ins per account and client per window.
    pub login_per_client: i64,
    /// Failed sign-ins per account from everywhere per window (a guess spread over many
    /// addresses stops here).
    pub login_per_account: i64,
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

impl Default for ThrottleConfig {
    fn default() -> Self {
        Self {
            window: Duration::from_secs(15 * 60),
            receipt_per_client: 10,
            receipt_global: 1000,
            client_delay: Duration::from_secs(3),
            global_delay: Duration::from_secs(1),
            login_per_client: 10,
            login_per_account: 30,
        }
    }
}

/// What is done outside the database with the ids of cases erased on request.
pub type OnErased = Box<dyn Fn(&[String]) + Send + Sync>;

pub struct App {
    pub store: Arc<dyn Store>,
    pub intake: Intake,
    pub keys: Arc<Keyring>,
    pub config: WebConfig,
    /// The directory of services in memory (see `service::directory::reload`).
    pub directory: crate::service::directory::DirectoryCell,
    /// Where evidence files are kept, sealed.
    pub blobs: zeri_storage::Blobs,
    /// PDQ hashes of hash lists and earlier evidence (see `parts::matcher::Matcher`).
    pub matcher: crate::parts::matcher::Matcher,
    /// Uploads with files in flight, per client and in all (see `parts::spool`).
    pub uploads: Arc<crate::parts::spool::UploadGate>,
    /// Receipt checks being slowed down, one per client (see `service::receipts`).
    pub slowed: Arc<crate::parts::spool::UploadGate>,
    /// Submissions with files being stored at once, taken only once their body is in.
    pub store_slots: Arc<tokio::sync::Semaphore>,
    pub decode_slots: Arc<tokio::sync::Semaphore>,
    /// Wakes the chat streams (see `parts::hub`).
    pub chat: crate::parts::hub::Hub,
    /// Sends notification e-mails, when configured.
    pub mailer: Option<crate::parts::mail::Mailer>,
    /// Wakes the e-mail sender when a notification is stored.
    pub mail_wake: Arc<tokio::sync::Notify>,
    /// Wakes the evidence inspector when images commit (see `service::inspection`).
    pub inspect_wake: Arc<tokio::sync::Notify>,
    /// Finds where reported URLs are hosted, by DNS only (from `WebConfig::hosting`).
    pub hosting: crate::parts::hosting::Locator,
    /// The time as the wellbeing rules read it (tests move it forward; see `parts::clock`).
    pub clock: crate::parts::clock::Clock,
    /// Where statistics are counted from when it is not the primary (`--stats-database-url`;
    /// see `App::stats_store`).
    pub stats_replica: std::sync::OnceLock<Arc<dyn Store>>,
    /// What the binary does outside the database when a case is erased, here or on another
    /// instance (the case-key copy beside this instance's key file forgets it); set once by
    /// `zeri serve`, called by `service::bus` (possibly more than once for one case).
    pub on_erased: std::sync::OnceLock<OnErased>,
    /// The counters and histograms served at `/metrics` (see `parts::metrics`).
    pub metrics: crate::parts::metrics::Metrics,
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
        let mailer = match config.mail.clone().map(crate::parts::mail::Mailer::new).transpose() {
            Ok(m) => m,
            Err(e) => return Err(zeri_storage::StoreError::Corrupt(format!("notification e-mail: {e}"))),
        };
        let matcher = crate::parts::matcher::Matcher::load(store.as_ref()).await?;
        let hosting = config.hosting.clone();
        // Subscribed before anything can signal, so nothing of this instance's is missed.
        let bus = store.bus().clone();
        let signals = bus.subscribe();
        let app = Arc::new(App {
            hosting,
            store,
            intake,
            keys,
            config,
            directory: crate::service::directory::empty(),
            blobs,
            matcher,
            uploads: Arc::default(),
            slowed: Arc::new(crate::parts::spool::UploadGate::new(1, 10_000)),
            store_slots: Arc::new(tokio::sync::Semaphore::new(crate::service::evidence::STORE_SLOTS)),
            decode_slots: Arc::new(tokio::sync::Semaphore::new(crate::service::evidence::DECODE_SLOTS)),
            chat: crate::parts::hub::Hub::on(bus.clone()),
            mailer,
            mail_wake: Arc::new(tokio::sync::Notify::new()),
            inspect_wake: Arc::new(tokio::sync::Notify::new()),
            clock: crate::parts::clock::Clock::default(),
            stats_replica: std::sync::OnceLock::new(),
            on_erased: std::sync::OnceLock::new(),
            metrics: crate::parts::metrics::Metrics::default(),
        });
        // Images are decoded after their report commits, for as long as the application lives.
        tokio::spawn(crate::service::inspection::run(Arc::downgrade(&app)));
        // What other instances (and this one) signal: chat, evidence, directory, lists, mail.
        tokio::spawn(crate::service::bus::run(Arc::downgrade(&app), signals));
        Ok(app)
    }
}

impl App {
    /// The database statistics and their exports are read from: the read-only statistics
    /// database when one is set, else the primary.
    pub fn stats_store(&self) -> &dyn Store {
        self.stats_replica.get().unwrap_or(&self.store).as_ref()
    }

    /// Counts statistics from `store` (read-only, e.g. a streaming replica) from now on; only
    /// before serving, once (`false` if one was set already).
    pub fn use_stats_store(&self, store: Arc<dyn Store>) -> bool {
        self.stats_replica.set(store).is_ok()
    }
}
