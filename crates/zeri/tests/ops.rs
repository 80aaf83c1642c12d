//! `zeri serve` with `--metrics-listen` and `--stats-database-url`, started for real: the
//! metrics answer on their own listener only, readiness on the public one only.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::Duration;

fn http(addr: &str, method: &str, path: &str, body: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).unwrap();
    let mut text = String::new();
    s.read_to_string(&mut text).unwrap();
    let status = text.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    (status, text.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default())
}

fn zeri(data: &std::path::Path, extra: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_zeri"));
    cmd.args(["serve", "--listen", "127.0.0.1:0", "--data-dir"])
        .arg(data)
        .args(extra)
        .env("RUST_LOG", "info")
        .env_remove("ZERI_DATABASE_URL")
        .env_remove("ZERI_METRICS_LISTEN")
        .env_remove("ZERI_STATS_DATABASE_URL")
        .env_remove("ZERI_STATS_DATABASE_URL_FILE");
    cmd
}

/// Starts `zeri serve` with `extra`; the child and its public and metrics addresses.
fn start(data: &std::path::Path, extra: &[&str]) -> (std::process::Child, String, Option<String>) {
    let mut child = zeri(data, extra).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap();
    let stderr = child.stderr.take().unwrap();
    let wants_metrics = extra.contains(&"--metrics-listen");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            for marker in ["metrics at http://", "listening on http://"] {
                if let Some(rest) = line.split(marker).nth(1) {
                    let addr = rest.split(['/', ' ']).next().unwrap_or("").to_owned();
                    let _ = tx.send((marker, addr));
                }
            }
        }
    });
    let (mut public, mut metrics) = (None, None);
    while public.is_none() || (wants_metrics && metrics.is_none()) {
        let (marker, addr) = rx.recv_timeout(Duration::from_secs(60)).expect("server did not start");
        if marker.starts_with("metrics") {
            metrics = Some(addr);
        } else {
            public = Some(addr);
        }
    }
    (child, public.unwrap(), metrics)
}

#[test]
fn metrics_have_a_listener_of_their_own() {
    let data = tempfile::tempdir().unwrap();
    let (mut child, public, metrics) = start(data.path(), &["--metrics-listen", "127.0.0.1:0"]);
    let metrics = metrics.unwrap();
    assert_ne!(public, metrics);

    let report = r#"{"reporter": "self", "category": "grooming", "description": "Zqxm-E2E-7310", "age_band": "13_15"}"#;
    let (status, body) = http(&public, "POST", "/api/v1/reports", report);
    assert_eq!(status, 201, "{body}");
    let (status, ready) = http(&public, "GET", "/readyz", "");
    assert_eq!(status, 200, "{ready}");
    assert!(ready.contains(r#""migrations":"ok""#), "{ready}");

    let (status, text) = http(&metrics, "GET", "/metrics", "");
    assert_eq!(status, 200);
    assert!(text.contains("zeri_reports_received_total 1"), "{text}");
    assert!(text.contains(r#"route="/api/v1/reports",status="2xx""#), "{text}");
    assert!(!text.contains("Zqxm") && !text.contains("grooming"), "{text}");
    assert_eq!(http(&public, "GET", "/metrics", "").0, 404, "never on the public listener");
    assert_eq!(http(&metrics, "GET", "/readyz", "").0, 404, "the metrics listener serves /metrics only");
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn a_statistics_database_must_be_postgresql_and_never_is_logged() {
    let data = tempfile::tempdir().unwrap();
    let url = "sqlite:///tmp/zqxm-secret-7310.db";
    let out = zeri(data.path(), &["--stats-database-url", url]).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("PostgreSQL only"), "{err}");
    assert!(!err.contains("zqxm-secret"), "the address is never printed: {err}");
    // From a file too (the URL carries a password): the same refusal, the same silence.
    let file = data.path().join("stats-url");
    std::fs::write(&file, format!("{url}\n")).unwrap();
    let out = zeri(data.path(), &["--stats-database-url-file"]).arg(&file).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("PostgreSQL only") && !err.contains("zqxm-secret"), "{err}");
}

/// On PostgreSQL with a streaming replica (scripts/postgres-replica.sh): the server reads
/// statistics from the replica and readiness checks it.
#[tokio::test(flavor = "multi_thread")]
async fn serve_reads_statistics_from_the_replica() {
    let Ok(replica_admin) = std::env::var("ZERI_TEST_POSTGRES_REPLICA_URL") else {
        assert!(
            std::env::var("CI").is_err(),
            "CI must run the replica test: eval \"$(bash scripts/postgres-replica.sh)\""
        );
        return;
    };
    use sqlx::Connection;
    let primary_admin = std::env::var("ZERI_TEST_POSTGRES_REPLICA_PRIMARY_URL").unwrap();
    let name = format!("zeri_serve_replica_{}", uuid::Uuid::new_v4().simple());
    let mut admin = sqlx::PgConnection::connect(&primary_admin).await.unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin).await.unwrap();
    let at = |a: &str| format!("{}/{name}", a.rsplit_once('/').unwrap().0);
    let (primary, replica) = (at(&primary_admin), at(&replica_admin));
    // The schema, on the primary, then on the replica.
    let data = tempfile::tempdir().unwrap();
    let (mut first, _, _) = start(data.path(), &["--database-url", &primary]);
    first.kill().unwrap();
    first.wait().unwrap();
    let lsn: String = sqlx::query_scalar("SELECT pg_current_wal_lsn()::text").fetch_one(&mut admin).await.unwrap();
    let mut standby = sqlx::PgConnection::connect(&replica_admin).await.unwrap();
    let mut tries = 0;
    while !sqlx::query_scalar::<_, bool>("SELECT COALESCE(pg_last_wal_replay_lsn() >= $1::pg_lsn, false)")
        .bind(&lsn)
        .fetch_one(&mut standby)
        .await
        .unwrap()
    {
        tries += 1;
        assert!(tries < 300, "the replica did not catch up");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let (mut child, public, _) = start(data.path(), &["--database-url", &primary, "--stats-database-url", &replica]);
    let addr = public.clone();
    let (status, ready) = tokio::task::spawn_blocking(move || http(&addr, "GET", "/readyz", "")).await.unwrap();
    assert_eq!(status, 200, "{ready}");
    assert!(ready.contains(r#""statistics_database":"ok""#), "{ready}");
    child.kill().unwrap();
    child.wait().unwrap();
}
