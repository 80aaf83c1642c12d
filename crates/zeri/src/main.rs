//! `zeri`: the one binary. Configuration, logging and the subcommands; everything else
//! lives in the library crates.

#![forbid(unsafe_code)]

mod commands;

use commands::{audit::*, backup, case_keys, directory::*, hash, keys, keywatch, serve::*, user::*};

use std::fs;
use std::io::Write;
use std::net::SocketAddr;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};
use zeri_crypto::{Keyring, MasterKey};
use zeri_domain::permission::Profession;
use zeri_domain::Role;
use zeri_storage::{Blobs, Store};

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

// Parsed once at start and moved into its command: the size of the serve variant costs nothing.
#[allow(clippy::large_enum_variant)]
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
    /// key alone opens everything, then remove the old key from the key file. Runs while
    /// the instances serve (they take up the new key; one rotation at a time, locked in the
    /// database); an interrupted rotation resumes when run again.
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
    /// Take an account back to "not set up" (a lost phone or password): no password, no second factor, every session ended; prints a new one-time set-up link.
    ResetSecondFactor(UserNameArgs),
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Check the whole hash chain, and that it reaches its latest signed checkpoint; names
    /// the first broken entry (or how many are missing) and exits with status 1.
    Verify(AuditVerifyArgs),
    /// Link, once, the entries carried over from the first schema's unchained event table.
    /// Refused once the chain exists: it is never linked again. Recorded in the log itself.
    ChainLegacy(DataArgs),
}

#[derive(Args)]
struct AuditVerifyArgs {
    #[command(flatten)]
    data: DataArgs,
    /// More places holding checkpoint lines, besides the checkpoint file: a backup's
    /// manifest, a saved e-mail, the server's log (`-` reads standard input, e.g.
    /// `journalctl -u zeri | zeri audit verify --checkpoints -`).
    #[arg(long, num_args = 1..)]
    checkpoints: Vec<PathBuf>,
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
    /// A file holding the database URL (a secret mounted apart, so its password is in
    /// neither the command line nor the environment).
    #[arg(long, env = "ZERI_DATABASE_URL_FILE", conflicts_with = "database_url")]
    database_url_file: Option<PathBuf>,
    /// Master key file (created with mode 0600 on first start). Default: DATA_DIR/master.key.
    #[arg(long, env = "ZERI_MASTER_KEY_FILE")]
    master_key_file: Option<PathBuf>,
    /// Where evidence files are kept, sealed: a folder, or an S3-compatible bucket as
    /// s3://BUCKET[/PREFIX] (credentials, region and endpoint from AWS_ACCESS_KEY_ID,
    /// AWS_SECRET_ACCESS_KEY, AWS_REGION, AWS_ENDPOINT). Default: DATA_DIR/evidence.
    #[arg(long, env = "ZERI_EVIDENCE_STORE")]
    evidence_store: Option<String>,
    /// The append-only file of signed audit checkpoints (the chain's head, written outside
    /// the database every few minutes). Default: the master key's path + `.audit-checkpoints`.
    #[arg(long, env = "ZERI_AUDIT_CHECKPOINTS")]
    audit_checkpoints: Option<PathBuf>,
}

impl DataArgs {
    fn checkpoint_file(&self) -> zeri_storage::CheckpointFile {
        let path = self.audit_checkpoints.clone().unwrap_or_else(|| {
            let mut name = self.key_path().into_os_string();
            name.push(".audit-checkpoints");
            PathBuf::from(name)
        });
        zeri_storage::CheckpointFile { path }
    }

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

    fn database_url(&self) -> Result<String> {
        if let Some(path) = &self.database_url_file {
            // Never print the URL: it carries a password.
            let text = fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
            let url = text.trim();
            if url.is_empty() {
                anyhow::bail!("{} holds no database URL", path.display());
            }
            return Ok(url.to_owned());
        }
        Ok(self
            .database_url
            .clone()
            .filter(|u| !u.trim().is_empty())
            .unwrap_or_else(|| format!("sqlite://{}", self.data_dir.join("zeri.db").display())))
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
        self.open_store(keys, true).await
    }

    /// The store without the audit-log check (for `audit verify` and `audit chain-legacy`).
    async fn store_unchecked(&self, keys: Arc<Keyring>) -> Result<Arc<dyn Store>> {
        self.open_store(keys, false).await
    }

    async fn open_store(&self, keys: Arc<Keyring>, checked: bool) -> Result<Arc<dyn Store>> {
        self.prepare_dir()?;
        let url = self.database_url()?;
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
        let opened = if checked {
            zeri_storage::connect(&url, keys).await
        } else {
            zeri_storage::connect_unchecked(&url, keys).await
        };
        match opened {
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
    /// How many reverse proxies in front of Zëri append to X-Forwarded-For (nginx with
    /// `proxy_add_x_forwarded_for`: 1). The client is the address the outermost of them saw;
    /// what the client itself writes there is never believed. 0: the peer address.
    #[arg(long, env = "ZERI_TRUSTED_PROXIES", default_value_t = 0)]
    trusted_proxies: usize,
    /// The same as `--trusted-proxies 1` (kept for existing set-ups).
    #[arg(long, env = "ZERI_TRUST_FORWARDED_FOR", conflicts_with = "trusted_proxies")]
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
    /// How often (seconds) the audit log's newest entries are checked against the latest
    /// checkpoint and a new checkpoint is written.
    #[arg(long, env = "ZERI_AUDIT_CHECK_SECONDS", default_value_t = 300)]
    audit_check_seconds: u64,
    /// The sender of notification e-mails.
    #[arg(long, env = "ZERI_SMTP_FROM", default_value = "Zëri <noreply@localhost>")]
    smtp_from: String,
    /// The police cybercrime unit's e-mail address: each notice to a host in Albania also
    /// sends it a referral (without it the referral is recorded only).
    #[arg(long, env = "ZERI_CYBERCRIME_EMAIL", value_name = "ADDRESS")]
    cybercrime_email: Option<String>,
    /// The hotline's address in notices to hosts, where they answer (Reply-To); default: the
    /// --smtp-from address.
    #[arg(long, env = "ZERI_HOTLINE_EMAIL", value_name = "ADDRESS")]
    hotline_email: Option<String>,
    /// Days a notice may go unanswered before the host is reminded and the item re-checked.
    #[arg(long, env = "ZERI_NOTICE_REMINDER_DAYS", default_value_t = 2, value_name = "DAYS")]
    notice_reminder_days: u64,
    /// An IP-to-country database in the MaxMind DB format (.mmdb), with which the hotline
    /// locates where reported material is hosted: e.g. DB-IP's free "IP to Country Lite"
    /// (CC BY 4.0: credit DB-IP.com; packaged for Debian-based systems as
    /// `dbip-country-lite`) or MaxMind's GeoLite2 Country. Without one, hosting is not
    /// located at all. Read once at start: restart after replacing the file.
    #[arg(long, env = "ZERI_IP_COUNTRY_DB", value_name = "PATH")]
    ip_country_db: Option<PathBuf>,
    /// How long (seconds) a reported URL's host name may take to resolve. Only its name is
    /// looked up (DNS): the server never connects to a reported address.
    #[arg(long, env = "ZERI_DNS_TIMEOUT", default_value_t = 5, value_name = "SECONDS")]
    dns_timeout: u64,
    /// Answer these names from this list instead of DNS, for demonstrations and tests on
    /// this machine: NAME=ADDRESS[,ADDRESS…], repeatable (in ZERI_RESOLVE separated by
    /// spaces). With any given, no name is looked up in DNS at all.
    #[arg(long, env = "ZERI_RESOLVE", value_delimiter = ' ', value_name = "NAME=ADDRESS")]
    resolve: Vec<String>,
    /// An upload that sends nothing for this many seconds is answered (408, nothing stored)
    /// and its place given back. Behind a proxy, keep the proxy's own body timeout longer
    /// (nginx `client_body_timeout`) and its request buffering off, so this one applies.
    #[arg(long, env = "ZERI_UPLOAD_IDLE_SECONDS", default_value_t = 30,
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    upload_idle_seconds: u64,
    /// Serve Prometheus metrics at /metrics on this address, a listener of its own (never
    /// the public one): counts and latencies only (docs/DEPLOYMENT.md lists them). Off
    /// unless given; keep it on loopback or a private network.
    #[arg(long, env = "ZERI_METRICS_LISTEN", value_name = "ADDR")]
    metrics_listen: Option<SocketAddr>,
    /// A read-only PostgreSQL database for statistics and their exports (CSV, releases),
    /// e.g. a streaming replica: postgres://USER@REPLICA/zeri. Every transaction on it is
    /// read-only; everything else uses the primary (--database-url).
    #[arg(long, env = "ZERI_STATS_DATABASE_URL", hide_env_values = true, value_name = "URL")]
    stats_database_url: Option<String>,
    /// A file holding the statistics database URL (with its password), instead of
    /// --stats-database-url.
    #[arg(long, env = "ZERI_STATS_DATABASE_URL_FILE", conflicts_with = "stats_database_url", value_name = "PATH")]
    stats_database_url_file: Option<PathBuf>,
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
            Command::Audit { command: AuditCommand::Verify(args) } => audit_verify(args).await,
            Command::Audit { command: AuditCommand::ChainLegacy(data) } => audit_chain_legacy(data).await,
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
                key_id = %keys.primary_id(),
                "created a new master key; back it up: without it no report can be read"
            );
            Ok(keys)
        }
        Err(e) => Err(e).with_context(|| format!("reading master key {}", path.display())),
    }
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
    fn the_database_url_can_come_from_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("db-url");
        fs::write(&file, "postgres://zeri:secret@db.internal/zeri\n").unwrap();
        let data = |file: Option<PathBuf>| DataArgs {
            data_dir: dir.path().to_owned(),
            database_url: None,
            database_url_file: file,
            master_key_file: None,
            audit_checkpoints: None,
            evidence_store: None,
        };
        assert_eq!(data(Some(file.clone())).database_url().unwrap(), "postgres://zeri:secret@db.internal/zeri");
        assert!(data(None).database_url().unwrap().starts_with("sqlite://"));
        fs::write(&file, "\n").unwrap();
        assert!(data(Some(file.clone())).database_url().is_err(), "an empty file is an error, not SQLite");
        let missing = data(Some(dir.path().join("none"))).database_url().unwrap_err().to_string();
        assert!(!missing.contains("secret"));
    }

    #[test]
    fn cli_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
