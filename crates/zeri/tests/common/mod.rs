//! What the binary's integration tests share: a `zeri serve` child on port 0, one-shot
//! subcommands on a data folder, the store and key file of that folder, and fresh
//! PostgreSQL databases. Each test binary uses part of it.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::sync::Arc;
use std::time::Duration;

use zeri_crypto::Keyring;
use zeri_storage::Store;

/// A running `zeri serve`; killed (SIGKILL) when dropped.
pub struct Server(Child);

impl Server {
    /// `zeri serve --listen 127.0.0.1:0 --data-dir DATA EXTRA…`, once it listens; its address.
    pub fn start(data: &Path, extra: &[String]) -> (Server, String) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_zeri"))
            .args(["serve", "--listen", "127.0.0.1:0", "--data-dir"])
            .arg(data)
            .args(extra)
            .env_remove("ZERI_DATABASE_URL")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start zeri");
        let (tx, rx) = std::sync::mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(rest) = line.split("listening on http://").nth(1) {
                    let _ = tx.send(rest.split_whitespace().next().unwrap_or("").to_owned());
                }
            }
        });
        let addr = rx.recv_timeout(Duration::from_secs(60)).expect("server did not start");
        (Server(child), addr)
    }

    /// SIGKILL, and the exit reaped.
    pub fn kill9(mut self) {
        self.0.kill().unwrap();
        self.0.wait().unwrap();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `zeri ARGS --data-dir DATA EXTRA…`, run to its end.
pub fn zeri(args: &[&str], data: &Path, extra: &[String]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zeri"))
        .args(args)
        .arg("--data-dir")
        .arg(data)
        .args(extra)
        .env_remove("ZERI_DATABASE_URL")
        .env_remove("RUST_BACKTRACE")
        .output()
        .unwrap()
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Standard output then standard error.
pub fn all(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

/// `--database-url URL` for PostgreSQL; nothing for SQLite in the data folder.
pub fn db(url: Option<&str>) -> Vec<String> {
    url.map(|u| vec!["--database-url".to_owned(), u.to_owned()]).unwrap_or_default()
}

pub fn keyring(path: &Path) -> Arc<Keyring> {
    Arc::new(Keyring::from_file_contents(&std::fs::read_to_string(path).unwrap()).unwrap())
}

pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()
}

/// The store of a data folder (SQLite) or of `url`.
pub async fn open_store(data: &Path, url: Option<&str>, keys: Arc<Keyring>) -> Arc<dyn Store> {
    let url = url.map(str::to_owned).unwrap_or_else(|| format!("sqlite://{}", data.join("zeri.db").display()));
    zeri_storage::connect(&url, keys).await.unwrap()
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to.join(entry.file_name()));
        } else {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

/// `N` fresh PostgreSQL databases, or `None` outside CI without ZERI_TEST_POSTGRES_URL.
pub fn postgres_urls<const N: usize>() -> Option<[String; N]> {
    let Ok(admin) = std::env::var("ZERI_TEST_POSTGRES_URL") else {
        assert!(std::env::var("CI").is_err(), "CI must run the PostgreSQL tests: set ZERI_TEST_POSTGRES_URL");
        eprintln!("ZERI_TEST_POSTGRES_URL not set: PostgreSQL story not run");
        return None;
    };
    let urls = runtime().block_on(async {
        use sqlx::Connection;
        let mut conn = sqlx::PgConnection::connect(&admin).await.unwrap();
        let (base, _) = admin.rsplit_once('/').unwrap();
        let mut urls = Vec::new();
        for _ in 0..N {
            let name = format!("zeri_test_{}", uuid::Uuid::new_v4().simple());
            sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.unwrap();
            urls.push(format!("{base}/{name}"));
        }
        urls
    });
    urls.try_into().ok()
}

/// A testimony as it was stored before migration 0028 (no code writes one so any more):
/// the row by the real path, then its file put back in `sealed_file` in one piece, with no
/// blob. `url`: the PostgreSQL database, or `None` for the folder's SQLite file.
pub async fn testimony_from_before_0028(
    store: &dyn Store,
    data: &Path,
    url: Option<&str>,
    row: &zeri_storage::TestimonyRow,
    sealed: &[u8],
) {
    use sqlx::Connection;
    let none = zeri_storage::testimony::TestimonyBlob { blob_key: "testimony/none".into(), sealed_key: vec![0] };
    store.insert_testimony_blob(row, &none, &zeri_storage::NewEvent::default()).await.unwrap();
    const SQL: &str =
        "UPDATE testimonies SET sealed_file = $1, blob_key = NULL, sealed_key = NULL, format = 0 WHERE report_id = $2";
    match url {
        Some(url) => {
            let mut c = sqlx::PgConnection::connect(url).await.unwrap();
            sqlx::query(SQL).bind(sealed).bind(&row.report_id).execute(&mut c).await.unwrap();
            c.close().await.unwrap();
        }
        None => {
            let url = format!("sqlite://{}", data.join("zeri.db").display());
            let mut c = sqlx::SqliteConnection::connect(&url).await.unwrap();
            sqlx::query(SQL).bind(sealed).bind(&row.report_id).execute(&mut c).await.unwrap();
            c.close().await.unwrap();
        }
    }
}
