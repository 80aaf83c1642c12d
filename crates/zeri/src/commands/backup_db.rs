//! The database side of `zeri backup` and `zeri restore`: a SQLite snapshot (`VACUUM
//! INTO`) or a `pg_dump` of one exported snapshot, the counts and audit head read from the
//! same view, and `pg_restore`. The PostgreSQL tools get the password in PGPASSWORD, never
//! on their command line.

use std::ffi::OsString;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{anyhow, bail, Context, Result};
use serde::{Deserialize, Serialize};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Connection, PgConnection, SqliteConnection};

use crate::DataArgs;

#[derive(Serialize, Deserialize, PartialEq, Eq, Debug)]
pub(super) struct Head {
    pub(super) seq: i64,
    pub(super) hash: String,
}

/// Counts and the audit head, read from one consistent view of the database.
pub(super) struct Facts {
    pub(super) reports: i64,
    pub(super) evidence: i64,
    pub(super) head: Head,
}

pub(super) enum Database {
    Sqlite(PathBuf),
    Postgres(String),
}

impl Database {
    pub(super) fn of(data: &DataArgs) -> Result<Self> {
        let url = data.database_url()?;
        if let Some(rest) = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")) {
            let path = rest.split('?').next().unwrap_or(rest);
            if path.is_empty() || path.starts_with(":memory:") {
                bail!("an in-memory database cannot be backed up or restored");
            }
            Ok(Self::Sqlite(PathBuf::from(path)))
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Self::Postgres(url))
        } else {
            bail!("unsupported database url (use sqlite://… or postgres://…)")
        }
    }

    pub(super) fn backend(&self) -> &'static str {
        match self {
            Self::Sqlite(_) => "sqlite",
            Self::Postgres(_) => "postgres",
        }
    }

    pub(super) async fn connect(&self) -> Result<Conn> {
        Ok(match self {
            Self::Sqlite(path) => {
                let options = SqliteConnectOptions::new().filename(path).busy_timeout(Duration::from_secs(30));
                Conn::Sqlite(SqliteConnection::connect_with(&options).await.context("opening the database")?)
            }
            // Never print the URL: it may carry a password.
            Self::Postgres(url) => {
                Conn::Pg(PgConnection::connect(url).await.map_err(|e| anyhow!("opening the database failed: {e}"))?)
            }
        })
    }
}

/// One plain connection, for the few queries a backup needs beside the `Store`.
pub(super) enum Conn {
    Sqlite(SqliteConnection),
    Pg(PgConnection),
}

impl Conn {
    pub(super) async fn int(&mut self, sql: &str) -> Result<i64> {
        Ok(match self {
            Self::Sqlite(c) => sqlx::query_scalar(sql).fetch_one(c).await?,
            Self::Pg(c) => sqlx::query_scalar(sql).fetch_one(c).await?,
        })
    }

    pub(super) async fn texts(&mut self, sql: &str) -> Result<Vec<String>> {
        Ok(match self {
            Self::Sqlite(c) => sqlx::query_scalar(sql).fetch_all(c).await?,
            Self::Pg(c) => sqlx::query_scalar(sql).fetch_all(c).await?,
        })
    }

    pub(super) async fn facts(&mut self) -> Result<Facts> {
        const HEAD: &str = "SELECT seq, hash FROM audit_head WHERE id = 1";
        let reports = self.int("SELECT COUNT(*) FROM reports").await?;
        let evidence = self.int("SELECT COUNT(*) FROM evidence").await?;
        let (seq, hash): (i64, Vec<u8>) = match self {
            Self::Sqlite(c) => sqlx::query_as(HEAD).fetch_one(c).await?,
            Self::Pg(c) => sqlx::query_as(HEAD).fetch_one(c).await?,
        };
        Ok(Facts { reports, evidence, head: Head { seq, hash: hex::encode(hash) } })
    }

    pub(super) async fn close(self) -> Result<()> {
        match self {
            Self::Sqlite(c) => c.close().await?,
            Self::Pg(c) => c.close().await?,
        }
        Ok(())
    }
}

/// `VACUUM INTO` the backup: a consistent, compact copy, taken in one read transaction
/// (WAL lets the server keep writing meanwhile). The counts come from the copy itself.
pub(super) async fn sqlite_snapshot(live: &Path, out: &Path) -> Result<Facts> {
    if !live.is_file() {
        bail!("no database at {}", live.display());
    }
    let mut conn = Database::Sqlite(live.to_owned()).connect().await?;
    let target = out.to_str().context("the backup folder's path must be valid UTF-8")?;
    if let Conn::Sqlite(c) = &mut conn {
        sqlx::query("VACUUM INTO ?").bind(target).execute(c).await.context("taking the snapshot (VACUUM INTO)")?;
    }
    conn.close().await?;
    fs::set_permissions(out, fs::Permissions::from_mode(0o600))?;
    // The case keys stay out of every backup; VACUUM rebuilds the file without their pages.
    let options = SqliteConnectOptions::new().filename(out).pragma("secure_delete", "ON");
    let mut copy = SqliteConnection::connect_with(&options).await.context("opening the snapshot")?;
    sqlx::raw_sql("DELETE FROM case_keys; VACUUM;").execute(&mut copy).await.context("leaving out the case keys")?;
    copy.close().await?;
    fs::File::open(out)?.sync_all()?;
    // Immutable and read-only: reading the copy leaves no journal beside it.
    let options = SqliteConnectOptions::new().filename(out).read_only(true).immutable(true);
    let mut snapshot = Conn::Sqlite(SqliteConnection::connect_with(&options).await.context("opening the snapshot")?);
    let facts = snapshot.facts().await?;
    snapshot.close().await?;
    Ok(facts)
}

/// `pg_dump` of one snapshot, exported by a read-only transaction that also reads the
/// counts, so the manifest describes exactly the dump. `false`: pg_dump is not on PATH
/// (the counts are still read, before the evidence is copied).
pub(super) async fn postgres_dump(url: &str, out: &Path) -> Result<(Facts, bool)> {
    let mut conn = match Database::Postgres(url.to_owned()).connect().await? {
        Conn::Pg(c) => c,
        Conn::Sqlite(_) => unreachable!("a PostgreSQL URL"),
    };
    sqlx::raw_sql("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").execute(&mut conn).await?;
    let snapshot: String = sqlx::query_scalar("SELECT pg_export_snapshot()").fetch_one(&mut conn).await?;
    let mut conn = Conn::Pg(conn);
    let facts = conn.facts().await?;
    let (libpq, password) = libpq_url(url)?;
    let mut argv: Vec<OsString> =
        ["--format=custom", "--no-owner", "--no-privileges", "--no-password", "--exclude-table-data=case_keys"]
            .iter()
            .map(OsString::from)
            .collect();
    argv.push(format!("--snapshot={snapshot}").into());
    argv.push("--file".into());
    argv.push(out.into());
    argv.push("--dbname".into());
    argv.push(libpq.into());
    let ran = run_tool("pg_dump", argv, password).await;
    if let Conn::Pg(c) = &mut conn {
        sqlx::raw_sql("COMMIT").execute(c).await?;
    }
    conn.close().await?;
    if !ran? {
        return Ok((facts, false));
    }
    fs::set_permissions(out, fs::Permissions::from_mode(0o600))?;
    fs::File::open(out)?.sync_all()?;
    Ok((facts, true))
}

pub(super) async fn pg_restore(url: &str, file: &Path) -> Result<()> {
    let (libpq, password) = libpq_url(url)?;
    let mut argv: Vec<OsString> =
        ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", "--no-password", "--dbname"]
            .iter()
            .map(OsString::from)
            .collect();
    argv.push(libpq.into());
    argv.push(file.into());
    if !run_tool("pg_restore", argv, password).await? {
        bail!(
            "pg_restore was not found on PATH (install PostgreSQL's client tools); nothing was changed. \
             Or restore the database yourself: pg_restore --no-owner --no-privileges --single-transaction \
             --dbname \"$ZERI_DATABASE_URL\" {}",
            file.display()
        );
    }
    Ok(())
}

/// Runs a PostgreSQL client tool; `Ok(false)` when it is not on PATH. The password goes
/// in PGPASSWORD, never on the command line (which every user of the machine can see).
async fn run_tool(tool: &'static str, argv: Vec<OsString>, password: Option<String>) -> Result<bool> {
    let status = tokio::task::spawn_blocking(move || {
        let mut cmd = std::process::Command::new(tool);
        cmd.args(argv).stdin(std::process::Stdio::null());
        if let Some(p) = password {
            cmd.env("PGPASSWORD", p);
        }
        cmd.status()
    })
    .await?;
    match status {
        Ok(s) if s.success() => Ok(true),
        Ok(s) => bail!("{tool} failed ({s})"),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e).with_context(|| format!("running {tool}")),
    }
}

/// The URL without its password, and the password (percent-decoded).
fn libpq_url(url: &str) -> Result<(String, Option<String>)> {
    let mut parsed = url::Url::parse(url).map_err(|_| anyhow!("the database URL is not a valid URL"))?;
    let password = parsed.password().map(|p| percent_encoding::percent_decode_str(p).decode_utf8_lossy().into_owned());
    parsed.set_password(None).map_err(|_| anyhow!("the database URL is not a valid URL"))?;
    Ok((parsed.to_string(), password))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_never_reaches_the_command_line() {
        let (url, pw) = libpq_url("postgres://zeri:p%40ss%2Fw@db.example:5433/zeri?sslmode=require").unwrap();
        assert_eq!(url, "postgres://zeri@db.example:5433/zeri?sslmode=require");
        assert_eq!(pw.as_deref(), Some("p@ss/w"));
        let (url, pw) = libpq_url("postgres://postgres@127.0.0.1:55432/postgres").unwrap();
        assert_eq!(url, "postgres://postgres@127.0.0.1:55432/postgres");
        assert_eq!(pw, None);
    }
}
