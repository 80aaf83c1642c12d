//! `zeri`: the one binary. Configuration, logging and the subcommands; everything else
//! lives in the library crates.

#![forbid(unsafe_code)]

mod backup;
mod hash;
mod keys;

use std::fs;
use std::io::Write;
use std::net::SocketAddr;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand};
use zeri_crypto::{generate_password, Keyring, MasterKey, PasswordParams, TotpSecret};
use zeri_domain::permission::{OrgKind, Profession};
use zeri_domain::Role;
use zeri_storage::{Blobs, NewEvent, OrgRow, Store};
use zeri_web::{App, NewStaff, StaffError, WebConfig};

#[derive(Parser)]
#[command(
    name = "zeri",
    version,
    about = "Zëri: confidential reporting and help for children subjected to online sexual exploitation and abuse"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web service.
    Serve(ServeArgs),
    /// Manage staff accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// The tamper-evident audit log.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Name the export a leaked case package (or any text copied from it) came from.
    LeakTrace(LeakTraceArgs),
    /// PDQ perceptual hash, quality, MD5 and SHA-256 of image files.
    Hash(hash::HashArgs),
    /// The directory of services (Open Referral HSDS 3.0 JSON).
    Directory {
        #[command(subcommand)]
        command: DirectoryCommand,
    },
    /// Back up while serving (the master key is not copied: back it up separately).
    ///
    /// A consistent snapshot of the database, then the sealed evidence files and a
    /// manifest with the SHA-256 of every file, into a new or empty folder.
    Backup(backup::BackupArgs),
    /// The master key.
    Keys {
        #[command(subcommand)]
        command: KeysCommand,
    },
    /// Erase the personal data of cases kept longer than the retention rules allow.
    Retention {
        #[command(subcommand)]
        command: RetentionCommand,
    },
    /// Restore a backup into empty data and verify it.
    ///
    /// Refuses a damaged backup or a target that holds data; afterwards checks the audit
    /// chain and every evidence file; exits with status 1 on any failure.
    Restore(backup::RestoreArgs),
}

#[derive(Subcommand)]
enum KeysCommand {
    /// Replace the master key: re-wrap every data key under a new one, prove that the new
    /// key alone opens everything, then remove the old key from the key file. Stop the
    /// server first; an interrupted rotation resumes when run again.
    Rotate(DataArgs),
}

#[derive(Subcommand)]
enum RetentionCommand {
    /// One pass now (the server also runs one every hour when given --retain).
    Run(keys::RetentionArgs),
}

#[derive(Subcommand)]
enum DirectoryCommand {
    /// Import services from an HSDS 3.0 JSON file (a list of compiled services, or a Page).
    /// All or nothing: a bad record is reported with its position and reason, and nothing is written.
    Import(DirectoryImportArgs),
    /// Write every service as HSDS 3.0 JSON (a list of compiled services) to standard output.
    Export(DataArgs),
}

#[derive(Args)]
struct DirectoryImportArgs {
    #[command(flatten)]
    data: DataArgs,
    /// The HSDS JSON file.
    file: PathBuf,
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create a staff account. Without --password-file, a generated initial password is printed once.
    /// The person sets up their second factor at the first sign-in.
    Add(UserAddArgs),
    /// List staff accounts.
    List(DataArgs),
    /// Disable an account (its sessions end at once).
    Disable(UserNameArgs),
    /// Enable a disabled account.
    Enable(UserNameArgs),
    /// Remove an account's second factor (a lost phone); it is set up again at the next sign-in.
    ResetSecondFactor(UserNameArgs),
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Check the whole hash chain; names the first broken entry and exits with status 1.
    Verify(DataArgs),
}

#[derive(Args)]
struct UserNameArgs {
    #[command(flatten)]
    data: DataArgs,
    /// The account's sign-in name.
    username: String,
}

#[derive(Args)]
struct LeakTraceArgs {
    #[command(flatten)]
    data: DataArgs,
    /// The leaked file: a case package (zip), its case.json, or any text copied from it.
    file: PathBuf,
}

/// Where the data lives; shared by every subcommand that touches it.
#[derive(Args, Clone)]
struct DataArgs {
    /// Folder for the SQLite database, the evidence folder and the master key (created mode 0700).
    #[arg(long, env = "ZERI_DATA_DIR", default_value = "./zeri-data")]
    data_dir: PathBuf,
    /// Database URL (sqlite://PATH or postgres://…); overrides the database in --data-dir.
    #[arg(long, env = "ZERI_DATABASE_URL", hide_env_values = true)]
    database_url: Option<String>,
    /// Master key file (created with mode 0600 on first start). Default: DATA_DIR/master.key.
    #[arg(long, env = "ZERI_MASTER_KEY_FILE")]
    master_key_file: Option<PathBuf>,
    /// Where evidence files are kept, sealed: a folder, or an S3-compatible bucket as
    /// s3://BUCKET[/PREFIX] (credentials, region and endpoint from AWS_ACCESS_KEY_ID,
    /// AWS_SECRET_ACCESS_KEY, AWS_REGION, AWS_ENDPOINT). Default: DATA_DIR/evidence.
    #[arg(long, env = "ZERI_EVIDENCE_STORE")]
    evidence_store: Option<String>,
}

impl DataArgs {
    fn prepare_dir(&self) -> Result<()> {
        if !self.data_dir.exists() {
            fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(&self.data_dir)
                .with_context(|| format!("creating data folder {}", self.data_dir.display()))?;
        }
        Ok(())
    }

    fn database_url(&self) -> String {
        self.database_url
            .clone()
            .filter(|u| !u.trim().is_empty())
            .unwrap_or_else(|| format!("sqlite://{}", self.data_dir.join("zeri.db").display()))
    }

    fn blobs(&self) -> Result<Blobs> {
        let location = self
            .evidence_store
            .clone()
            .filter(|l| !l.trim().is_empty())
            .unwrap_or_else(|| self.data_dir.join("evidence").display().to_string());
        Blobs::open(&location).with_context(|| format!("opening the evidence store {location}"))
    }

    fn key_path(&self) -> PathBuf {
        self.master_key_file.clone().unwrap_or_else(|| self.data_dir.join("master.key"))
    }

    /// The keys, created on first use.
    fn keys(&self) -> Result<Arc<Keyring>> {
        self.prepare_dir()?;
        Ok(Arc::new(load_or_create_keys(&self.key_path())?))
    }

    /// The keys of existing data: never creates a key (a new key could verify nothing).
    fn existing_keys(&self) -> Result<Arc<Keyring>> {
        let path = self.key_path();
        let text = fs::read_to_string(&path).with_context(|| format!("reading master key {}", path.display()))?;
        Ok(Arc::new(
            Keyring::from_file_contents(&text).with_context(|| format!("reading master key {}", path.display()))?,
        ))
    }

    async fn store(&self, keys: Arc<Keyring>) -> Result<Arc<dyn Store>> {
        self.prepare_dir()?;
        let url = self.database_url();
        // SQLite creates its -wal and -shm files with the database file's mode: create the
        // file 0600 first so no part of the database is readable by other users.
        if let Some(path) = url.strip_prefix("sqlite://").map(|p| p.split('?').next().unwrap_or(p)) {
            if !Path::new(path).exists() {
                fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .mode(0o600)
                    .open(path)
                    .with_context(|| format!("creating database file {path}"))?;
            }
        }
        match zeri_storage::connect(&url, keys).await {
            Ok(s) => Ok(s),
            // Never print the URL: it may carry a password.
            Err(e) => Err(anyhow::anyhow!("opening the database failed: {e}")),
        }
    }
}

#[derive(Args)]
struct ServeArgs {
    #[command(flatten)]
    data: DataArgs,
    /// Address to listen on.
    #[arg(long, env = "ZERI_LISTEN", default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Create demo staff accounts for every role, and a demonstration service (passwords and
    /// second-factor secrets printed once) so the whole flow can be tried at once.
    #[arg(long)]
    demo: bool,
    /// Take client addresses from X-Forwarded-For (only behind a trusted reverse proxy).
    #[arg(long, env = "ZERI_TRUST_FORWARDED_FOR")]
    trust_forwarded_for: bool,
    /// The public address of the site, for the leaflet's QR code (e.g. https://zeri.al).
    #[arg(long, env = "ZERI_PUBLIC_URL")]
    public_url: Option<String>,
    #[command(flatten)]
    retention: keys::RetentionRules,
    /// When the helpline answers chats, Albanian local time, e.g. "mon-fri 08:00-20:00,
    /// sat 09:00-13:00" or "daily 00:00-24:00". Outside them the child is told when someone
    /// will answer and how to get help now.
    #[arg(long, env = "ZERI_CHAT_HOURS", default_value = zeri_web::DEFAULT_CHAT_HOURS)]
    chat_hours: String,
    /// SMTP server for notification e-mails: smtp+starttls://USER:PASSWORD@HOST:587,
    /// smtps://USER:PASSWORD@HOST:465, or smtp://127.0.0.1:25 (this machine only).
    /// None by default: notifications then show only in the staff area.
    #[arg(long, env = "ZERI_SMTP_URL", hide_env_values = true)]
    smtp_url: Option<String>,
    /// The sender of notification e-mails.
    #[arg(long, env = "ZERI_SMTP_FROM", default_value = "Zëri <noreply@localhost>")]
    smtp_from: String,
}

#[derive(Args)]
struct UserAddArgs {
    #[command(flatten)]
    data: DataArgs,
    /// Role of the account.
    #[arg(long, value_parser = Role::ALL.iter().map(|r| r.as_str()).collect::<Vec<_>>())]
    role: String,
    /// The organisation (id) the account belongs to, e.g. helpline, hotline, police,
    /// prosecution, barnahus or cpu-kukes (every municipality has one: cpu-<name>).
    #[arg(long)]
    org: Option<String>,
    /// For service providers.
    #[arg(long, value_parser = Profession::ALL.iter().map(|p| p.as_str()).collect::<Vec<_>>())]
    profession: Option<String>,
    /// Sign-in name: 3–64 characters of a–z, 0–9, '.', '_' or '-'.
    #[arg(long)]
    username: String,
    /// Read the password from this file (first line) instead of generating one.
    #[arg(long)]
    password_file: Option<PathBuf>,
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,tower_http=info".into()),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async {
        match cli.command {
            Command::Serve(args) => serve(args).await,
            Command::User { command: UserCommand::Add(args) } => user_add(args).await,
            Command::User { command: UserCommand::List(data) } => user_list(data).await,
            Command::User { command: UserCommand::Disable(args) } => user_change(args, "disable").await,
            Command::User { command: UserCommand::Enable(args) } => user_change(args, "enable").await,
            Command::User { command: UserCommand::ResetSecondFactor(args) } => {
                user_change(args, "reset-second-factor").await
            }
            Command::Audit { command: AuditCommand::Verify(data) } => audit_verify(data).await,
            Command::LeakTrace(args) => leak_trace(args).await,
            Command::Hash(args) => hash::run(args),
            Command::Directory { command: DirectoryCommand::Import(args) } => directory_import(args).await,
            Command::Directory { command: DirectoryCommand::Export(data) } => directory_export(data).await,
            Command::Backup(args) => backup::backup(args).await,
            Command::Restore(args) => backup::restore(args).await,
            Command::Keys { command: KeysCommand::Rotate(data) } => keys::rotate(data).await,
            Command::Retention { command: RetentionCommand::Run(args) } => keys::retention(args).await,
        }
    })
}

/// Reads the key file, or creates it (mode 0600) on first start.
fn load_or_create_keys(path: &Path) -> Result<Keyring> {
    match fs::read_to_string(path) {
        Ok(text) => {
            Keyring::from_file_contents(&text).with_context(|| format!("reading master key {}", path.display()))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let keys = Keyring::new(MasterKey::generate());
            let mut file = fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(path)
                .with_context(|| format!("creating master key {}", path.display()))?;
            file.write_all(keys.to_file_contents().as_bytes())?;
            file.sync_all()?;
            tracing::warn!(
                key_id = keys.primary_id(),
                "created a new master key; back it up: without it no report can be read"
            );
            Ok(keys)
        }
        Err(e) => Err(e).with_context(|| format!("reading master key {}", path.display())),
    }
}

fn valid_username(name: &str) -> bool {
    (3..=64).contains(&name.len())
        && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
}

async fn serve(args: ServeArgs) -> Result<()> {
    let rules = args.retention.checked()?;
    let keys = args.data.keys()?;
    let _key_lock = keys::KeyLock::shared(&args.data.key_path())?;
    if !keys.old_key_ids().is_empty() {
        tracing::warn!(
            "the key file still holds a retired master key: a rotation did not finish; run `zeri keys rotate` again"
        );
    }
    let store = args.data.store(keys.clone()).await?;
    let public_url = args.public_url.clone().filter(|u| !u.trim().is_empty());
    let mail = args.smtp_url.clone().filter(|u| !u.trim().is_empty()).map(|url| zeri_web::mail::MailConfig {
        url,
        from: args.smtp_from.clone(),
        public_url: public_url.clone().or_else(|| Some(format!("http://{}", args.listen))),
    });
    let config = WebConfig {
        secure_cookies: !args.listen.ip().is_loopback(),
        trust_forwarded_for: args.trust_forwarded_for,
        public_url,
        chat_hours: zeri_domain::hours::parse(&args.chat_hours).map_err(|e| anyhow::anyhow!("--chat-hours: {e}"))?,
        mail,
        ..WebConfig::default()
    };
    if args.demo {
        create_demo(store.as_ref(), &keys, config.password_params).await?;
    }
    let blobs = args.data.blobs()?;
    blobs.ping().await.context("reaching the evidence store")?;
    let app = App::new(store.clone(), blobs, keys, config).await.context("loading hashes for matching")?;
    zeri_web::directory::seed(&app, args.demo).await.context("loading the directory")?;
    tokio::spawn(zeri_web::directory::refresh_loop(app.clone()));
    tokio::spawn(purge_loop(store.clone()));
    tokio::spawn(zeri_web::notify::mail_loop(app.clone()));
    let data = args.data.clone();
    let forget = move |erased: &[String]| {
        if let Err(e) = backup::forget_case_keys(&data, erased) {
            tracing::error!(error = %e, "erased cases are still in the case-key copy: run `zeri backup` now");
        }
    };
    tokio::spawn(zeri_web::retention::run_loop(store.clone(), app.blobs.clone(), rules.clone(), Box::new(forget)));
    for rule in &rules {
        tracing::info!(rule = %rule, "retention: personal data is erased after this many days in the stage");
    }
    let listener =
        tokio::net::TcpListener::bind(args.listen).await.with_context(|| format!("listening on {}", args.listen))?;
    tracing::info!(backend = store.backend(), "Zëri listening on http://{}", listener.local_addr()?);
    let chat = app.chat.clone();
    axum::serve(listener, zeri_web::router(app).into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(async move {
            shutdown().await;
            // Chat streams never end by themselves: end them, the pages reconnect.
            chat.close();
        })
        .await?;
    Ok(())
}

/// Demo accounts for every role, a demonstration service (marked as such wherever it is
/// shown), all with their second factor set up and printed once.
async fn create_demo(store: &dyn Store, keys: &Keyring, params: PasswordParams) -> Result<()> {
    if store.organisation("demo-psychology").await?.is_none() {
        let org = OrgRow {
            id: "demo-psychology".into(),
            kind: OrgKind::Service,
            name: "Qendra e psikologjisë (demonstrim)".into(),
            municipality: Some("Kukës".into()),
            demo: true,
        };
        store
            .insert_organisation(
                &org,
                &NewEvent { at: zeri_web::now_ms(), action: "organisation-added", ..NewEvent::default() },
            )
            .await?;
    }
    let accounts: [(&str, Role, Option<&str>, Option<Profession>); 9] = [
        ("counsellor", Role::Counsellor, Some("helpline"), None),
        ("analyst", Role::HotlineAnalyst, Some("hotline"), None),
        ("officer-kukes", Role::ChildProtectionOfficer, Some("cpu-kukes"), None),
        ("psychologist", Role::ServiceProvider, Some("demo-psychology"), Some(Profession::Psychologist)),
        ("police", Role::PoliceInvestigator, Some("police"), None),
        ("prosecutor", Role::Prosecutor, Some("prosecution"), None),
        ("coordinator", Role::BarnahusCoordinator, Some("barnahus"), None),
        ("admin", Role::Admin, None, None),
        ("statistician", Role::Statistician, None, None),
    ];
    let mut out = String::from(
        "\nDemo staff accounts (shown only now). Add each second-factor secret to an authenticator app:\n",
    );
    for (username, role, org_id, profession) in accounts {
        if store.staff_by_username(username).await?.is_some() {
            out.push_str(&format!("  {username:<14} exists already (shown when it was created)\n"));
            continue;
        }
        let password = generate_password();
        let totp = role.needs_second_factor().then(TotpSecret::generate);
        let new = NewStaff { username, role, org_id, profession, password: &password, totp: totp.as_ref() };
        zeri_web::create_staff(store, keys, new, params, None).await?;
        let second = totp.map(|t| format!("  second factor: {}", t.base32())).unwrap_or_default();
        out.push_str(&format!("  {username:<14} password: {}{second}\n", password.as_str()));
    }
    out.push_str("Sign in at /sq/staff/login (or /en/staff/login).\n");
    println!("{out}");
    Ok(())
}

async fn user_add(args: UserAddArgs) -> Result<()> {
    if !valid_username(&args.username) {
        bail!("the username must be 3–64 characters of a–z, 0–9, '.', '_' or '-'");
    }
    let role = Role::parse(&args.role).context("unknown role")?;
    let profession = args.profession.as_deref().and_then(Profession::parse);
    let (password, generated) = match &args.password_file {
        Some(path) => {
            let text = zeroize::Zeroizing::new(
                fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?,
            );
            let first = text.lines().next().unwrap_or("").to_owned();
            if first.chars().count() < 12 {
                bail!("the password must have at least 12 characters");
            }
            (zeroize::Zeroizing::new(first), false)
        }
        None => (generate_password(), true),
    };
    let keys = args.data.keys()?;
    let store = args.data.store(keys.clone()).await?;
    let new = NewStaff {
        username: &args.username,
        role,
        org_id: args.org.as_deref(),
        profession,
        password: &password,
        totp: None,
    };
    match zeri_web::create_staff(store.as_ref(), &keys, new, PasswordParams::default(), None).await {
        Ok(row) => {
            println!("created {} account '{}' (id {})", role.as_str(), args.username, row.id);
            if generated {
                println!("initial password (shown only now): {}", password.as_str());
            }
            if role.needs_second_factor() {
                println!("the second factor is set up at the first sign-in, in the web interface");
            }
            Ok(())
        }
        Err(StaffError::Taken) => bail!("an account named '{}' exists already", args.username),
        Err(StaffError::UnknownOrganisation) => bail!("no organisation with the id given by --org"),
        Err(e) => bail!("{e}"),
    }
}

async fn user_list(data: DataArgs) -> Result<()> {
    let store = data.store(data.keys()?).await?;
    for u in store.list_staff().await? {
        println!(
            "{:<20} {:<26} {:<24} {}{}",
            u.username,
            u.role.as_str(),
            u.org_id.as_deref().unwrap_or("-"),
            if u.totp_sealed.is_some() { "second factor" } else { "no second factor" },
            if u.disabled { ", disabled" } else { "" }
        );
    }
    Ok(())
}

async fn user_change(args: UserNameArgs, change: &str) -> Result<()> {
    let store = args.data.store(args.data.keys()?).await?;
    let user = store
        .staff_by_username(&args.username)
        .await?
        .with_context(|| format!("no account named '{}'", args.username))?;
    let event = NewEvent {
        at: zeri_web::now_ms(),
        action: "staff-changed",
        detail: Some(format!("{}:{change}", user.id)),
        ..NewEvent::default()
    };
    match change {
        "disable" => store.set_staff_disabled(&user.id, true, &event).await?,
        "enable" => store.set_staff_disabled(&user.id, false, &event).await?,
        _ => store.set_totp(&user.id, None, 0, &event).await?,
    }
    println!("{}: {change} done", args.username);
    Ok(())
}

async fn audit_verify(data: DataArgs) -> Result<()> {
    let keys = data.existing_keys()?;
    let store = data.store(keys.clone()).await?;
    match zeri_storage::verify_chain(store.as_ref(), &keys).await? {
        Ok(n) => {
            println!("audit log intact: {n} entries, each linked to the one before");
            Ok(())
        }
        Err(broken) => {
            println!("audit log BROKEN at {broken}");
            std::process::exit(1);
        }
    }
}

async fn leak_trace(args: LeakTraceArgs) -> Result<()> {
    let bytes = fs::read(&args.file).with_context(|| format!("reading {}", args.file.display()))?;
    let keys = args.data.existing_keys()?;
    let store = args.data.store(keys).await?;
    let found = zeri_web::exports::trace(store.as_ref(), &bytes).await?;
    if found.is_empty() {
        println!("no export fingerprint found in {}", args.file.display());
        std::process::exit(1);
    }
    for e in &found {
        let org =
            store.organisation(&e.recipient_org).await?.map(|o| o.name).unwrap_or_else(|| e.recipient_org.clone());
        let by = store.staff_by_id(&e.created_by).await?.map(|s| s.username).unwrap_or_else(|| e.created_by.clone());
        let case = store.report(&e.report_id).await?.map(|r| r.case_ref).unwrap_or_default();
        println!("export {}", e.id);
        println!("  recipient:   {org} ({})", e.recipient_org);
        println!("  exported at: {} (Unix ms {})", zeri_web::views_datetime(e.created_at), e.created_at);
        println!("  case:        {case}");
        println!("  prepared by: {by}");
        println!("  fingerprint: {}", e.fingerprint);
        let event = NewEvent {
            report_id: Some(e.report_id.clone()),
            at: zeri_web::now_ms(),
            action: "leak-traced",
            detail: Some(e.id.clone()),
            ..NewEvent::default()
        };
        store.record_event(&event).await?;
    }
    Ok(())
}

fn progress(len: usize, what: &str) -> indicatif::ProgressBar {
    // Drawn on standard error only when it is a terminal; hidden in scripts and logs.
    let bar = indicatif::ProgressBar::new(len as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{msg} {wide_bar} {pos}/{len} ({eta})").expect("valid template"),
    );
    bar.set_message(what.to_owned());
    bar
}

async fn directory_import(args: DirectoryImportArgs) -> Result<()> {
    let bytes = fs::read(&args.file).with_context(|| format!("reading {}", args.file.display()))?;
    let services = match zeri_domain::hsds::import(&bytes) {
        Ok(s) => s,
        Err(errors) => {
            for e in &errors {
                eprintln!("{e}");
            }
            bail!("{} bad record(s) in {}: nothing was imported", errors.len(), args.file.display());
        }
    };
    let store = args.data.store(args.data.keys()?).await?;
    let now = zeri_web::now_ms();
    let rows: Vec<_> = services.iter().map(|s| zeri_web::directory::to_row(s, now)).collect();
    let changes: Vec<_> = services
        .iter()
        .map(|s| zeri_storage::ChangeRow {
            id: uuid::Uuid::new_v4().to_string(),
            resource_id: s.id.clone(),
            resource_type: "service".into(),
            last_action_date: now,
            last_action_type: "import".into(),
            field_name: "*".into(),
            previous_value: String::new(),
            replacement_value: s.name.clone(),
            updated_by: "zeri directory import".into(),
        })
        .collect();
    let bar = progress(rows.len(), "importing");
    let tick = |n: usize| bar.set_position(n as u64);
    store.save_services(&rows, &changes, &tick).await?;
    bar.finish_and_clear();
    println!("imported {} services from {} (in one transaction)", rows.len(), args.file.display());
    Ok(())
}

async fn directory_export(data: DataArgs) -> Result<()> {
    let store = data.store(data.keys()?).await?;
    let rows = store.services().await?;
    let bar = progress(rows.len(), "exporting");
    let mut services = Vec::with_capacity(rows.len());
    for r in rows {
        services.push(
            serde_json::from_str::<zeri_domain::directory::Service>(&r.data)
                .with_context(|| format!("service {}", r.id))?,
        );
        bar.inc(1);
    }
    bar.finish_and_clear();
    let json = serde_json::to_string_pretty(&zeri_domain::hsds::export(&services))?;
    let mut out = std::io::stdout().lock();
    out.write_all(json.as_bytes())?;
    out.write_all(b"\n")?;
    Ok(())
}

async fn purge_loop(store: Arc<dyn Store>) {
    let mut tick = tokio::time::interval(Duration::from_secs(600));
    loop {
        tick.tick().await;
        if let Err(e) = store.purge_expired(zeri_web::now_ms()).await {
            tracing::warn!(error = %e, "purging expired sessions failed");
        }
    }
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).expect("signal handler");
    tokio::select! {
        _ = ctrl_c => {},
        _ = term.recv() => {},
    }
    tracing::info!("shutting down");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames() {
        for ok in ["drita", "ana.k", "c-1_2"] {
            assert!(valid_username(ok), "{ok}");
        }
        for bad in ["ab", "Drita", "a b", "ëë", &"x".repeat(65)] {
            assert!(!valid_username(bad), "{bad}");
        }
    }

    #[test]
    fn master_key_is_created_0600_and_reread() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("master.key");
        let a = load_or_create_keys(&path).unwrap();
        assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        let b = load_or_create_keys(&path).unwrap();
        assert_eq!(a.primary_id(), b.primary_id());
        assert_eq!(a.lookup_digest("receipt", b"1"), b.lookup_digest("receipt", b"1"));
    }

    #[test]
    fn cli_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
