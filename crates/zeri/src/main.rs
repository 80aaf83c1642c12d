//! `zeri`: the one binary. Configuration, logging and the subcommands; everything else
//! lives in the library crates.

#![forbid(unsafe_code)]

use std::fs;
use std::io::Write;
use std::net::SocketAddr;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand};
use zeri_crypto::{generate_password, Keyring, MasterKey, PasswordParams};
use zeri_domain::Role;
use zeri_storage::{Store, StoreError};
use zeri_web::{App, WebConfig};

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
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create a staff account. Without --password-file, a generated initial password is printed once.
    Add(UserAddArgs),
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

    async fn store(&self) -> Result<Arc<dyn Store>> {
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
        match zeri_storage::connect(&url).await {
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
    /// Master key file (created with mode 0600 on first start). Default: DATA_DIR/master.key.
    #[arg(long, env = "ZERI_MASTER_KEY_FILE")]
    master_key_file: Option<PathBuf>,
    /// Create demo staff accounts (passwords printed once) so the flow can be tried at once.
    #[arg(long)]
    demo: bool,
    /// Take client addresses from X-Forwarded-For (only behind a trusted reverse proxy).
    #[arg(long, env = "ZERI_TRUST_FORWARDED_FOR")]
    trust_forwarded_for: bool,
}

#[derive(Args)]
struct UserAddArgs {
    #[command(flatten)]
    data: DataArgs,
    /// Role of the account.
    #[arg(long, value_parser = ["counsellor", "admin"])]
    role: String,
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
        }
    })
}

/// Reads the master key, or creates it (mode 0600) on first start.
fn load_or_create_key(path: &Path) -> Result<MasterKey> {
    match fs::read_to_string(path) {
        Ok(text) => {
            MasterKey::from_file_contents(&text).with_context(|| format!("reading master key {}", path.display()))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let key = MasterKey::generate();
            let mut file = fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(path)
                .with_context(|| format!("creating master key {}", path.display()))?;
            file.write_all(key.to_file_contents().as_bytes())?;
            file.sync_all()?;
            tracing::warn!(key_id = key.id(), "created a new master key; back it up: without it no report can be read");
            Ok(key)
        }
        Err(e) => Err(e).with_context(|| format!("reading master key {}", path.display())),
    }
}

fn valid_username(name: &str) -> bool {
    (3..=64).contains(&name.len())
        && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
}

async fn serve(args: ServeArgs) -> Result<()> {
    let store = args.data.store().await?;
    let key_path = args.master_key_file.clone().unwrap_or_else(|| args.data.data_dir.join("master.key"));
    let keys = Keyring::new(load_or_create_key(&key_path)?);
    let config = WebConfig {
        secure_cookies: !args.listen.ip().is_loopback(),
        trust_forwarded_for: args.trust_forwarded_for,
        ..WebConfig::default()
    };
    if args.demo {
        create_demo_accounts(store.as_ref(), config.password_params).await?;
    }
    let app = App::new(store.clone(), keys, config);
    tokio::spawn(purge_loop(store.clone()));
    let listener =
        tokio::net::TcpListener::bind(args.listen).await.with_context(|| format!("listening on {}", args.listen))?;
    tracing::info!(backend = store.backend(), "Zëri listening on http://{}", listener.local_addr()?);
    axum::serve(listener, zeri_web::router(app).into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown())
        .await?;
    Ok(())
}

async fn create_demo_accounts(store: &dyn Store, params: PasswordParams) -> Result<()> {
    let mut out = String::from("\nDemo staff accounts (passwords shown only now):\n");
    for (username, role) in [("counsellor", Role::Counsellor), ("admin", Role::Admin)] {
        if store.staff_by_username(username).await?.is_some() {
            out.push_str(&format!("  {username:<11} exists already (password shown when it was created)\n"));
            continue;
        }
        let password = generate_password();
        zeri_web::create_staff(store, username, role, &password, params).await?;
        out.push_str(&format!("  {username:<11} password: {}\n", password.as_str()));
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
    let store = args.data.store().await?;
    match zeri_web::create_staff(store.as_ref(), &args.username, role, &password, PasswordParams::default()).await {
        Ok(row) => {
            println!("created {} account '{}' (id {})", role.as_str(), args.username, row.id);
            if generated {
                println!("initial password (shown only now): {}", password.as_str());
            }
            Ok(())
        }
        Err(StoreError::Conflict { .. }) => bail!("an account named '{}' exists already", args.username),
        Err(e) => Err(e.into()),
    }
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
        let a = load_or_create_key(&path).unwrap();
        assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        let b = load_or_create_key(&path).unwrap();
        assert_eq!(a.id(), b.id());
    }

    #[test]
    fn cli_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
