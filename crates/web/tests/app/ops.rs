//! Operations: readiness (`/readyz`) and the metrics listener (`/metrics`), on SQLite and
//! PostgreSQL (with the S3-compatible evidence store when the tests have one).

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::json;
use tower::ServiceExt;
use zeri_crypto::{Keyring, MasterKey};
use zeri_domain::Role;
use zeri_web::WebConfig;

use crate::support::*;

fn always_open() -> WebConfig {
    WebConfig { chat_hours: zeri_domain::hours::parse("daily 00:00-24:00").unwrap(), ..fast_config() }
}

/// The application on SQLite (always) and on PostgreSQL (when the tests have one), each
/// with the URL of its database, for changing it behind the application's back.
async fn backends(config: WebConfig) -> Vec<(TestApp, String)> {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("zeri.db").display());
    let mut out = vec![(TestApp::on(&url, dir, config.clone(), Keyring::new(MasterKey::generate())).await, url)];
    match std::env::var("ZERI_TEST_POSTGRES_URL") {
        Ok(admin) => {
            use sqlx::Connection;
            let mut conn = sqlx::PgConnection::connect(&admin).await.unwrap();
            let name = format!("zeri_ops_{}", uuid::Uuid::new_v4().simple());
            sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.unwrap();
            let url = format!("{}/{name}", admin.rsplit_once('/').unwrap().0);
            let t = TestApp::on(&url, tempfile::tempdir().unwrap(), config, Keyring::new(MasterKey::generate())).await;
            assert_eq!(t.store().backend(), "postgres");
            out.push((t, url));
        }
        Err(_) => assert!(std::env::var("CI").is_err(), "CI must run the PostgreSQL tests: set ZERI_TEST_POSTGRES_URL"),
    }
    out
}

async fn execute(url: &str, sql: &str) {
    use sqlx::Connection;
    if url.starts_with("sqlite") {
        let mut c = sqlx::SqliteConnection::connect(url).await.unwrap();
        sqlx::query(sql).execute(&mut c).await.unwrap();
    } else {
        let mut c = sqlx::PgConnection::connect(url).await.unwrap();
        sqlx::query(sql).execute(&mut c).await.unwrap();
    }
}

async fn scrape(t: &TestApp) -> String {
    let req = Request::get("/metrics").body(Body::empty()).unwrap();
    let res = zeri_web::metrics_router(t.app.clone()).oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/plain; version=0.0.4"));
    String::from_utf8(res.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap()
}

/// The value of the sample `name` (with its labels as written), if present.
fn sample(text: &str, name: &str) -> Option<f64> {
    text.lines().find_map(|l| l.strip_prefix(name).and_then(|v| v.strip_prefix(' ')).map(|v| v.parse().unwrap()))
}

/// Ready when everything answers; a schema without the binary's last migration, an
/// evidence store that fails, and a database that refuses connections each make it 503,
/// naming that check and nothing internal. `/healthz` stays alive meanwhile.
#[tokio::test]
async fn readiness_names_the_check_that_failed() {
    for (t, url) in backends(fast_config()).await {
        let backend = t.store().backend();
        let ready = t.page("/readyz", None).await;
        assert_eq!(ready.status, StatusCode::OK, "{backend}: {}", ready.body);
        assert_eq!(
            ready.json(),
            json!({"status": "ready", "checks": {"database": "ok", "evidence_store": "ok", "migrations": "ok"}}),
            "{backend}"
        );

        // The binary's newest migration is not applied (an upgrade half-way).
        execute(&url, "DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations)").await;
        let behind = t.page("/readyz", None).await;
        assert_eq!(behind.status, StatusCode::SERVICE_UNAVAILABLE, "{backend}");
        assert_eq!(behind.json()["status"], "unavailable");
        assert_eq!(behind.json()["checks"], json!({"database": "ok", "evidence_store": "ok", "migrations": "failed"}));
        for internal in ["_sqlx", "sqlite", "postgres", "zeri.db", "/tmp", "missing", "127.0.0.1"] {
            assert!(!behind.body.contains(internal), "{backend}: {internal} in {}", behind.body);
        }
        assert_eq!(t.page("/healthz", None).await.status, StatusCode::OK, "alive all the same");

        if backend == "sqlite" {
            // The evidence folder is gone and a file stands in its place.
            let evidence = t.dir.path().join("evidence");
            std::fs::remove_dir_all(&evidence).unwrap();
            std::fs::write(&evidence, b"not a folder").unwrap();
            let res = t.page("/readyz", None).await;
            assert_eq!(res.status, StatusCode::SERVICE_UNAVAILABLE);
            assert_eq!(res.json()["checks"]["evidence_store"], "failed", "{}", res.body);
            assert!(!res.body.contains("evidence\"") && !res.body.contains(&t.dir.path().display().to_string()));
        } else {
            // The database refuses every connection: existing ones are ended, new ones refused.
            let name = url.rsplit_once('/').unwrap().1.to_owned();
            let admin = std::env::var("ZERI_TEST_POSTGRES_URL").unwrap();
            execute(&admin, &format!("ALTER DATABASE {name} WITH ALLOW_CONNECTIONS false")).await;
            execute(
                &admin,
                &format!("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"),
            )
            .await;
            let res = t.page("/readyz", None).await;
            assert_eq!(res.status, StatusCode::SERVICE_UNAVAILABLE);
            assert_eq!(res.json()["checks"]["database"], "failed", "{}", res.body);
            assert_ne!(res.json()["checks"]["migrations"], "ok", "{}", res.body);
            assert_eq!(res.json()["checks"]["evidence_store"], "ok", "the evidence store still answers");
            execute(&admin, &format!("ALTER DATABASE {name} WITH ALLOW_CONNECTIONS true")).await;
        }
    }
}

/// The metrics count what happened and nothing of it: after reports, a follow-up, a chat
/// and directory searches full of distinctive strings, the scrape holds none of them (nor
/// a receipt, id or case reference), only counts that moved as they should; latency is by
/// route template. `/metrics` is not on the public router.
#[tokio::test]
async fn metrics_count_without_a_trace_of_what_was_said() {
    for (t, _url) in backends(always_open()).await {
        let backend = t.store().backend();
        let before = scrape(&t).await;
        assert_eq!(sample(&before, "zeri_reports_received_total"), Some(0.0), "{backend}: {before}");
        assert_eq!(sample(&before, "zeri_chat_queue_length"), Some(0.0));
        assert_eq!(sample(&before, "zeri_notification_mail_backlog"), Some(0.0));
        assert_eq!(sample(&before, "zeri_metrics_database_up"), Some(1.0));

        let secrets = [
            "Zqxo-DESCRIPTION-5521",
            "Zqxo-PLATFORM-5521",
            "https://zqxo-link.example/u/5521",
            "Zqxo-NAME-5521",
            "zqxo5521@example.al",
            "Zqxo-MESSAGE-5521",
            "Zqxo-CHAT-5521",
            "Shtiqen",
            "Zqxo-PLACE-5521",
        ];
        let mut receipts = vec![t.report(minimal()).await];
        receipts.push(
            t.report(json!({
                "reporter": "self", "category": "grooming", "description": secrets[0], "platform": secrets[1],
                "links": secrets[2], "age_band": "13_15", "name": secrets[3], "contact_method": "email",
                "email": secrets[4], "location": "Kukës"
            }))
            .await,
        );
        receipts.push(t.report(json!({"reporter": "on_behalf", "category": "sexual_extortion", "description": "Zqxo-THIRD-5521", "age_band": "16_17"})).await);
        let child = t.survivor(&receipts[1]).await;
        let sent =
            t.json(Method::POST, "/api/v1/followup/messages", Some(json!({"body": secrets[5]})), Some(&child)).await;
        assert!(sent.status.is_success(), "{}", sent.body);
        let wrong = t.json(Method::POST, "/api/v1/followup/session", Some(json!({"receipt": "1234"})), None).await;
        assert!(wrong.status.is_client_error());
        // A counsellor exists, so opening a chat notifies (one notification, not mailed).
        t.create("drita", Role::Counsellor, Some("helpline")).await;
        let cookie = t.form("/en/followup", &[("receipt", &receipts[1])], None).await.cookie();
        let open = t.script("/followup/chat/open", json!({}), &cookie, None).await;
        assert!(open.status.is_success(), "{}", open.body);
        let chat = open.json()["chat"].as_str().unwrap().to_owned();
        let said = t.script("/followup/chat/send", json!({"id": hex_id(1), "body": secrets[6]}), &cookie, None).await;
        assert!(said.status.is_success(), "{}", said.body);
        assert_eq!(t.json(Method::GET, "/api/v1/services?place=Shtiqen", None, None).await.status, StatusCode::OK);
        t.form("/en/help", &[("place", secrets[8]), ("type", "")], None).await;

        let after = scrape(&t).await;
        let counted = t.report_count().await;
        assert_eq!(counted, 3, "{backend}");
        assert_eq!(sample(&after, "zeri_reports_received_total"), Some(3.0), "{backend}: {after}");
        assert_eq!(sample(&after, "zeri_chat_queue_length"), Some(1.0), "{backend}: {after}");
        let waited = sample(&after, "zeri_chat_queue_longest_wait_seconds").unwrap();
        assert!((0.0..60.0).contains(&waited), "{waited}");
        assert!(sample(&after, "zeri_notification_mail_backlog").unwrap() >= 1.0, "{after}");
        assert_eq!(sample(&after, "zeri_matcher_hashes"), Some(t.app.matcher.len() as f64));
        assert_eq!(
            sample(
                &after,
                "zeri_http_request_duration_seconds_count{method=\"POST\",route=\"/api/v1/reports\",status=\"2xx\"}"
            ),
            Some(3.0),
            "{after}"
        );
        assert_eq!(
            sample(
                &after,
                "zeri_http_request_duration_seconds_count{method=\"POST\",route=\"/api/v1/followup/session\",status=\"4xx\"}"
            ),
            Some(1.0),
            "{after}"
        );
        assert!(after.contains("route=\"/{lang}/followup\""), "by template: {after}");
        assert!(!after.contains("route=\"/en") && !after.contains("route=\"/sq"), "never the path: {after}");

        // Nothing of what was said, and nothing that names a case.
        let mut distinct: Vec<String> = secrets.iter().map(|s| s.to_string()).collect();
        distinct.push("Zqxo".into());
        distinct.push("grooming".into());
        distinct.push("sexual_extortion".into());
        distinct.push(chat);
        for r in &receipts {
            distinct.push(r.clone());
            distinct.push(r.replace('-', ""));
        }
        for row in t.store().list_reports(None, 100).await.unwrap() {
            distinct.push(row.id.clone());
            distinct.push(row.case_ref.clone());
        }
        for word in &distinct {
            assert!(!after.contains(word.as_str()), "{backend}: {word} in the metrics");
        }

        // Never on the public listener.
        assert_eq!(t.page("/metrics", None).await.status, StatusCode::NOT_FOUND);
    }
}

/// Waits until the replica has replayed everything the primary had written when asked.
async fn caught_up(primary_admin: &str, replica_admin: &str) {
    use sqlx::Connection;
    let mut primary = sqlx::PgConnection::connect(primary_admin).await.unwrap();
    let lsn: String = sqlx::query_scalar("SELECT pg_current_wal_lsn()::text").fetch_one(&mut primary).await.unwrap();
    let mut replica = sqlx::PgConnection::connect(replica_admin).await.unwrap();
    for _ in 0..300 {
        let done: bool = sqlx::query_scalar("SELECT COALESCE(pg_last_wal_replay_lsn() >= $1::pg_lsn, false)")
            .bind(&lsn)
            .fetch_one(&mut replica)
            .await
            .unwrap();
        if done {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the replica did not catch up with {lsn} within 30 s");
}

async fn replay_paused(replica_admin: &str) -> bool {
    use sqlx::Connection;
    let mut replica = sqlx::PgConnection::connect(replica_admin).await.unwrap();
    let state: String =
        sqlx::query_scalar("SELECT pg_get_wal_replay_pause_state()").fetch_one(&mut replica).await.unwrap();
    state == "paused"
}

/// Reports in the database at `url`, counted there directly.
async fn reports_in(url: &str) -> i64 {
    use sqlx::Connection;
    let mut c = sqlx::PgConnection::connect(url).await.unwrap();
    sqlx::query_scalar("SELECT COUNT(*) FROM reports").fetch_one(&mut c).await.unwrap()
}

/// `n` reports in the last full year (statistics count ended periods only), ids from `first`.
async fn past_reports(t: &TestApp, first: u32, n: u32) {
    use zeri_domain::report::{AgeBand, Category, ContactMethod, ReporterKind};
    let (day0, _) = last_full_year().days();
    let rows: Vec<zeri_storage::NewReportRow> = (first..first + n)
        .map(|k| zeri_storage::NewReportRow {
            id: format!("r{k}"),
            case_ref: format!("ZR-R{k:04}"),
            receipt_digest: t.app.keys.lookup_digest("receipt", format!("replica-{k}").as_bytes()),
            created_at: (day0 + i64::from(k % 300)) * 86_400_000 + 3_600_000,
            category: Category::ALL[0],
            reporter: ReporterKind::ALL[0],
            age_band: AgeBand::ALL[0],
            municipality: Some("Tiranë".into()),
            contact_method: ContactMethod::None,
            consent_cpo: true,
            consent_police: true,
            key_id: t.app.keys.primary_id().to_owned(),
            sealed: t.app.keys.seal(b"{}", format!("report:r{k}:confidential").as_bytes()),
            case_key: None,
            channel: "online",
            org_id: "helpline".into(),
            evidence: Vec::new(),
            submission: None,
        })
        .collect();
    t.store().insert_reports(&rows).await.unwrap();
}

fn last_full_year() -> zeri_domain::statistics::Period {
    let today = zeri_web::now_ms().div_euclid(86_400_000);
    zeri_domain::statistics::Period::recent(today)
        .into_iter()
        .find(|p| matches!(p, zeri_domain::statistics::Period::Year(_)))
        .unwrap()
}

/// Statistics come from a real streaming replica (pg_basebackup, scripts/postgres-replica.sh)
/// when one is configured: with its replay paused the primary moves on and the statistics
/// stay with the replica; once it catches up they follow. Writing through the statistics
/// pool fails, on the replica and even when it points at the primary
/// (`default_transaction_read_only`); readiness checks it too.
#[tokio::test]
async fn statistics_are_read_from_a_streaming_replica_that_refuses_writes() {
    let Ok(replica_admin) = std::env::var("ZERI_TEST_POSTGRES_REPLICA_URL") else {
        assert!(
            std::env::var("CI").is_err(),
            "CI must run the replica test: eval \"$(bash scripts/postgres-replica.sh)\""
        );
        return;
    };
    let primary_admin = std::env::var("ZERI_TEST_POSTGRES_REPLICA_PRIMARY_URL").expect("the replica's primary");
    // A run that stopped half-way may have left the replay paused.
    execute(&replica_admin, "SELECT pg_wal_replay_resume()").await;
    let name = format!("zeri_replica_{}", uuid::Uuid::new_v4().simple());
    execute(&primary_admin, &format!("CREATE DATABASE {name}")).await;
    let at = |admin: &str| format!("{}/{name}", admin.rsplit_once('/').unwrap().0);
    let (primary_url, replica_url) = (at(&primary_admin), at(&replica_admin));
    let t = TestApp::on(&primary_url, tempfile::tempdir().unwrap(), fast_config(), Keyring::new(MasterKey::generate()))
        .await;
    let stat = t.staff("sara", Role::Statistician).await;
    past_reports(&t, 0, 6).await;
    caught_up(&primary_admin, &replica_admin).await;
    let stats = zeri_storage::connect_read_only(&replica_url, t.app.keys.clone()).await.unwrap();
    assert!(t.app.use_stats_store(stats.clone()));
    assert!(!t.app.use_stats_store(stats.clone()), "set once");
    let total = || async {
        let path = format!("/api/v1/statistics?period={}", last_full_year());
        let res = t.json(Method::GET, &path, None, Some(&stat)).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        res.json()["tables"][0]["total"].as_i64().expect("a total above the threshold")
    };
    assert_eq!(total().await, 6);

    // Replay paused (reports keep arriving until the pause holds): the primary moves on,
    // the statistics stay with the replica.
    execute(&replica_admin, "SELECT pg_wal_replay_pause()").await;
    let mut waited = 0;
    while !replay_paused(&replica_admin).await {
        past_reports(&t, 100 + waited, 1).await;
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        waited += 1;
        assert!(waited < 100, "the replica never paused");
    }
    let on_replica = reports_in(&replica_url).await;
    past_reports(&t, 200, 6).await;
    let on_primary = reports_in(&primary_url).await;
    assert!(on_primary >= on_replica + 6, "{on_primary} on the primary, {on_replica} on the replica");
    assert_eq!(total().await, on_replica, "counted on the replica, not the primary ({on_primary})");
    let ready = t.page("/readyz", None).await;
    assert_eq!(ready.status, StatusCode::OK, "{}", ready.body);
    assert_eq!(ready.json()["checks"]["statistics_database"], "ok");
    let doc = t.page("/api/openapi.json", None).await.json();
    assert!(doc["paths"]["/readyz"]["get"]["responses"]["503"].is_object(), "readiness is in the API document");
    assert!(doc["components"]["schemas"]["OpsReadiness"].is_object());

    execute(&replica_admin, "SELECT pg_wal_replay_resume()").await;
    caught_up(&primary_admin, &replica_admin).await;
    assert_eq!(total().await, on_primary, "caught up");

    // No write passes the statistics pool: not on the replica, and not on the primary either.
    let release = zeri_storage::DpRelease {
        period: "2026-11".into(),
        epsilon_milli: 500,
        months: 24_322..=24_322,
        counts: "{}".into(),
        released_at: zeri_web::now_ms(),
    };
    let refused = stats.record_dp_release(&release).await.expect_err("a replica is read-only");
    assert!(refused.to_string().contains("read-only"), "{refused}");
    let on_primary_ro = zeri_storage::connect_read_only(&primary_url, t.app.keys.clone()).await.unwrap();
    let refused = on_primary_ro.record_dp_release(&release).await.expect_err("read-only transactions");
    assert!(refused.to_string().contains("read-only transaction"), "{refused}");
    assert!(on_primary_ro.dp_release("2026-11", 500).await.unwrap().is_none(), "nothing was written");
    assert!(matches!(
        zeri_storage::connect_read_only("sqlite://nowhere.db", t.app.keys.clone()).await,
        Err(zeri_storage::StoreError::UnsupportedUrl)
    ));
}
