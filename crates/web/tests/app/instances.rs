//! Two instances on one PostgreSQL database (two `App`s, each with its own instance id, chat
//! hub and matcher in memory, as two `zeri serve` processes are): a chat message and a
//! typing mark cross within a second, evidence inspected on one joins the other's matcher,
//! a case erased on one leaves the other's memory, and each background job happens once. Run when `ZERI_TEST_POSTGRES_URL` is set (required
//! under CI). Keys while serving: `crates/zeri/tests/backup.rs` (`key_rotation_postgres`).

use axum::http::StatusCode;
use serde_json::json;
use std::time::{Duration, Instant};
use zeri_crypto::{Keyring, MasterKey};
use zeri_domain::Role;
use zeri_storage::MatchTarget;
use zeri_web::WebConfig;

use crate::support::*;

/// Two instances of one deployment: one database, one key file, apart in everything else.
async fn pair(config: WebConfig) -> Option<(TestApp, TestApp)> {
    let Ok(admin) = std::env::var("ZERI_TEST_POSTGRES_URL") else {
        assert!(std::env::var("CI").is_err(), "CI must run the PostgreSQL tests: set ZERI_TEST_POSTGRES_URL");
        eprintln!("ZERI_TEST_POSTGRES_URL not set: two-instance tests not run");
        return None;
    };
    use sqlx::Connection;
    let mut conn = sqlx::PgConnection::connect(&admin).await.unwrap();
    let name = format!("zeri_pair_{}", uuid::Uuid::new_v4().simple());
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.unwrap();
    let url = format!("{}/{name}", admin.rsplit_once('/').unwrap().0);
    let file = Keyring::new(MasterKey::generate()).to_file_contents();
    let keys = || Keyring::from_file_contents(&file).unwrap();
    let a = TestApp::on(&url, tempfile::tempdir().unwrap(), config.clone(), keys()).await;
    let b = TestApp::on(&url, tempfile::tempdir().unwrap(), config, keys()).await;
    assert_eq!(b.store().backend(), "postgres");
    assert_ne!(a.store().bus().instance(), b.store().bus().instance());
    Some((a, b))
}

fn all_day() -> WebConfig {
    WebConfig { chat_hours: zeri_domain::hours::parse("daily 00:00-24:00").unwrap(), ..fast_config() }
}

/// The child writes through instance A; the counsellor's stream is open on instance B and
/// shows the message and the typing mark within a second (a stream polls only every 4 s).
#[tokio::test]
async fn chat_across_instances_within_a_second() {
    let Some((a, b)) = pair(all_day()).await else { return };
    let receipt = a.report(kukes_report()).await;
    let child = a.form("/en/followup", &[("receipt", &receipt)], None).await.cookie();
    a.create("drita", Role::Counsellor, Some("helpline")).await;
    let staff = a.page_login("drita").await;
    let chat =
        a.script("/followup/chat/open", json!({}), &child, None).await.json()["chat"].as_str().unwrap().to_owned();
    let csrf = csrf_of(&a.page("/en/staff/chats", Some(&staff)).await.body);
    a.form("/en/staff/chats/duty", &[("csrf", &csrf), ("on", "1")], Some(&staff)).await;
    let taken = a.form(&format!("/en/staff/chats/{chat}/take"), &[("csrf", &csrf)], Some(&staff)).await;
    assert_eq!(taken.status, StatusCode::SEE_OTHER, "{}", taken.body);

    let path = format!("/en/staff/chats/{chat}/events?after=0");
    let (text, sent) = tokio::join!(b.events(&path, &staff, |s| s.contains("Zqxj-ACROSS")), async {
        // The stream on B has had its first look and waits.
        tokio::time::sleep(Duration::from_millis(600)).await;
        let sent = Instant::now();
        let res =
            a.script("/followup/chat/send", json!({"id": hex_id(1), "body": "Zqxj-ACROSS hello"}), &child, None).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
        sent
    });
    assert!(sent.elapsed() < Duration::from_secs(1), "the message crossed in {:?}: {text}", sent.elapsed());
    assert!(text.contains("Zqxj-ACROSS hello"), "{text}");

    let seq: i64 = text.rsplit("id: ").next().unwrap().lines().next().unwrap().trim().parse().unwrap();
    let path = format!("/en/staff/chats/{chat}/events?after={seq}");
    let (text, sent) = tokio::join!(b.events(&path, &staff, |s| s.contains("event: typing")), async {
        tokio::time::sleep(Duration::from_millis(600)).await;
        let sent = Instant::now();
        let res = a.script("/followup/chat/typing", json!({}), &child, None).await;
        assert!(res.status.is_success(), "{} {}", res.status, res.body);
        sent
    });
    assert!(sent.elapsed() < Duration::from_secs(1), "the typing mark crossed in {:?}: {text}", sent.elapsed());
}

/// Evidence received and inspected on A joins B's matcher within seconds, without a
/// restart; a turned copy (other bytes, other digests: only PDQ finds it) reported through B
/// is matched with A's case. Ordinary pictures only (the PDQ reference set).
#[tokio::test]
async fn a_match_found_across_instances() {
    let Some((a, b)) = pair(fast_config()).await else { return };
    let fields = [
        ("reporter", "self"),
        ("category", "images_shared"),
        ("description", "my photo is going round"),
        ("age_band", "16_17"),
        ("contact_method", "none"),
    ];
    let report = async |t: &TestApp, file: &[u8]| {
        let res = t.upload("/en/report", &fields, &[("p.png", file)], None, None).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
        t.inspected().await;
        let receipt = res.body.split("data-receipt>").nth(1).unwrap().split('<').next().unwrap().to_owned();
        t.report_of(&receipt).await
    };
    let first = report(&a, &landscape(false)).await;
    let evidence = a.store().evidence_for(&first.id).await.unwrap().remove(0);
    let hash = zeri_hashing::Hash256::from_hex(evidence.pdq.as_deref().expect("inspected on A")).unwrap();
    let target = MatchTarget::Evidence(evidence.id.clone());
    let started = Instant::now();
    while !b.app.matcher.contains(&target, &hash) {
        assert!(started.elapsed() < Duration::from_secs(5), "B's matcher learns A's evidence within seconds");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    let second = report(&b, &landscape(true)).await;
    let found = b.store().evidence_matches(&second.id).await.unwrap();
    assert!(
        found.iter().any(|m| m.other_report_id.as_deref() == Some(first.id.as_str()) && m.via == "pdq"),
        "B matched the turned copy with A's case by PDQ: {found:?}"
    );
}

/// Both instances run their passes at the same moments, several rounds: a deadline
/// notification, an e-mail (through the real test SMTP server) and a retention erasure each
/// happen exactly once.
#[tokio::test]
async fn each_background_job_happens_exactly_once() {
    let smtp = match (std::env::var("ZERI_TEST_SMTP"), std::env::var("ZERI_TEST_SMTP_MAILDIR")) {
        (Ok(url), Ok(dir)) => Some((url, dir)),
        _ => {
            assert!(std::env::var("CI").is_err(), "CI must run the e-mail test: eval \"$(bash scripts/smtp.sh)\"");
            None
        }
    };
    let mail = smtp.as_ref().map(|(url, _)| zeri_web::MailConfig {
        url: url.clone(),
        from: "Zëri <noreply@zeri.test>".into(),
        public_url: Some("https://zeri.test".into()),
    });
    let Some((a, b)) = pair(WebConfig { mail, ..fast_config() }).await else { return };
    let _ = a.report(kukes_report()).await;
    let counsellor = a.staff("cn-a", Role::Counsellor).await;
    a.create("cn-b", Role::Counsellor, Some("helpline")).await;
    let id = a.case_id(&counsellor).await;
    let d = time::OffsetDateTime::now_utc().date();
    let today = format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day());
    a.ok(
        &format!("/api/v1/cases/{id}/tasks"),
        json!({"title": "Call the school", "owner": "cn-b", "due": today}),
        &counsellor,
    )
    .await;
    let owner = a.store().staff_by_username("cn-b").await.unwrap().unwrap();
    let address = format!("jobs-{}@example.org", uuid::Uuid::new_v4().simple());
    let sealed = a.app.keys.seal(address.as_bytes(), zeri_storage::context::staff_email(&owner.id).as_bytes());
    a.store().set_email(&owner.id, Some(&sealed)).await.unwrap();

    // Deadlines: each round both try; one holds the lease and runs, the other skips.
    let now = zeri_web::now_ms();
    for round in 0..3 {
        let (x, y) = tokio::join!(
            zeri_web::service::notify::deadline_pass(&a.app, now),
            zeri_web::service::notify::deadline_pass(&b.app, now)
        );
        let (x, y) = (x.unwrap(), y.unwrap());
        assert!(x.is_some() != y.is_some(), "round {round}: exactly one instance ran ({x:?}, {y:?})");
    }
    let deadline_notes =
        a.store().notifications(&owner.id, 50).await.unwrap().into_iter().filter(|n| n.kind == "deadline").count();
    assert_eq!(deadline_notes, 1, "one deadline notification");

    // E-mail: both senders at once, even without the lease (claims alone), several rounds.
    if let Some((_, maildir)) = &smtp {
        let (ma, mb) = (a.app.mailer.clone().unwrap(), b.app.mailer.clone().unwrap());
        let mut sent = 0;
        for _ in 0..3 {
            let (x, y) = tokio::join!(
                zeri_web::service::notify::mail_round(&a.app, &ma),
                zeri_web::service::notify::mail_round(&b.app, &mb)
            );
            sent += x.unwrap() + y.unwrap();
        }
        assert_eq!(sent, 1, "one e-mail for the waiting notifications");
        assert!(a.store().unmailed_notifications(50).await.unwrap().iter().all(|n| n.staff_id != owner.id));
        let marker = format!("X-RcptTo: {address}");
        let count = || {
            let mut n = 0;
            for sub in ["new", "cur"] {
                for entry in std::fs::read_dir(std::path::Path::new(maildir).join(sub)).unwrap().flatten() {
                    let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
                    n += usize::from(text.lines().any(|l| l.trim_end() == marker));
                }
            }
            n
        };
        let started = Instant::now();
        while count() == 0 && started.elapsed() < Duration::from_secs(10) {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert_eq!(count(), 1, "the SMTP server received exactly one message for {address}");
    }

    // Retention: every case is due two days from now; both instances erase at once.
    let receipt = a.report(minimal()).await;
    let other = a.report_of(&receipt).await;
    let rules = vec![zeri_domain::retention::Rule { stage: zeri_domain::Stage::Received, days: 1 }];
    let later = now + 2 * 86_400_000;
    let mut erased = Vec::new();
    for _ in 0..3 {
        let (x, y) = tokio::join!(
            zeri_storage::retention::leased_pass(
                a.store().as_ref(),
                &a.app.blobs,
                &rules,
                a.store().bus().instance(),
                later
            ),
            zeri_storage::retention::leased_pass(
                b.store().as_ref(),
                &b.app.blobs,
                &rules,
                b.store().bus().instance(),
                later
            )
        );
        for pass in [x.unwrap(), y.unwrap()].into_iter().flatten() {
            erased.extend(pass.cases);
        }
    }
    assert!(erased.contains(&other.id), "{erased:?}");
    let mut unique = erased.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), erased.len(), "no case erased twice: {erased:?}");
    for case in &unique {
        let events = a.store().events(case).await.unwrap();
        assert_eq!(events.iter().filter(|e| e.action == "case-erased").count(), 1, "{case} erased once");
    }
}

/// What an instance does when signals may have been lost (its listening connection was cut
/// and opened again: `Resync`): it reads everything again. Two instances on one SQLite file
/// stand in for a lost signal (SQLite's bus stays in one process): B's matcher does not know
/// A's evidence until the resync rebuilds it from the database.
#[tokio::test]
async fn a_resync_reads_the_matcher_again_from_the_database() {
    let a = TestApp::new().await;
    let url = format!("sqlite://{}", a.dir.path().join("zeri.db").display());
    let keys = Keyring::from_file_contents(&a.app.keys.to_file_contents()).unwrap();
    let b = TestApp::on(&url, tempfile::tempdir().unwrap(), fast_config(), keys).await;
    let fields = [
        ("reporter", "self"),
        ("category", "images_shared"),
        ("description", "my photo is going round"),
        ("age_band", "16_17"),
        ("contact_method", "none"),
    ];
    let res = a.upload("/en/report", &fields, &[("p.png", &landscape(false))], None, None).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    a.inspected().await;
    let receipt = res.body.split("data-receipt>").nth(1).unwrap().split('<').next().unwrap().to_owned();
    let report = a.report_of(&receipt).await;
    let evidence = a.store().evidence_for(&report.id).await.unwrap().remove(0);
    let hash = zeri_hashing::Hash256::from_hex(evidence.pdq.as_deref().unwrap()).unwrap();
    let target = MatchTarget::Evidence(evidence.id.clone());
    assert!(a.app.matcher.contains(&target, &hash));
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(!b.app.matcher.contains(&target, &hash), "the signal did not reach B");
    zeri_web::service::bus::handle(&b.app, zeri_storage::bus::Signal::Resync).await.unwrap();
    assert!(b.app.matcher.contains(&target, &hash), "read again from the database");
}

/// What an erasure leaves in memory, on `b` when the case is erased through `a`: its
/// evidence no longer matches, `b`'s hook (the case-key copy beside its key file) is told
/// the case, and the child's chat stream open on `b` ends at once (not at its next look,
/// 4 s on). `a` and `b` may be one instance. Ordinary pictures only.
async fn an_erasure_is_forgotten_everywhere(a: &TestApp, b: &TestApp) {
    let told = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let seen = told.clone();
    let _ = b.app.on_erased.set(Box::new(move |cases: &[String]| seen.lock().unwrap().extend_from_slice(cases)));
    let fields = [
        ("reporter", "self"),
        ("category", "images_shared"),
        ("description", "my photo is going round"),
        ("age_band", "16_17"),
        ("contact_method", "none"),
    ];
    let res = a.upload("/en/report", &fields, &[("p.png", &landscape(false))], None, None).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    a.inspected().await;
    let receipt = res.body.split("data-receipt>").nth(1).unwrap().split('<').next().unwrap().to_owned();
    let report = a.report_of(&receipt).await;
    let evidence = a.store().evidence_for(&report.id).await.unwrap().remove(0);
    let hash = zeri_hashing::Hash256::from_hex(evidence.pdq.as_deref().expect("inspected on A")).unwrap();
    let target = MatchTarget::Evidence(evidence.id.clone());
    let started = Instant::now();
    while !b.app.matcher.contains(&target, &hash) {
        assert!(started.elapsed() < Duration::from_secs(5), "B's matcher learns A's evidence within seconds");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // The child has a chat open, its stream on B.
    let cookie = b.form("/en/followup", &[("receipt", &receipt)], None).await.cookie();
    let opened = b.script("/followup/chat/open", json!({}), &cookie, None).await;
    assert_eq!(opened.status, StatusCode::OK, "{}", opened.body);

    // The child asks for erasure; the counsellor accepts on A.
    let child = a.survivor(&receipt).await;
    let asked = a.json(axum::http::Method::POST, "/api/v1/followup/erasure", None, Some(&child)).await;
    assert_eq!(asked.status, StatusCode::CREATED, "{}", asked.body);
    let counsellor = a.staff("drita.c", Role::Counsellor).await;
    assert_eq!(a.case_id(&counsellor).await, report.id);
    let answer = format!("/api/v1/cases/{}/erasure", report.id);
    let (stream, erased_at) = tokio::join!(b.events("/followup/chat/events?after=0", &cookie, |_| false), async {
        // The stream on B has had its first look and waits.
        tokio::time::sleep(Duration::from_millis(600)).await;
        let res = a.post(&answer, json!({"decision": "accept"}), &counsellor).await;
        assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.body);
        Instant::now()
    });
    assert!(erased_at.elapsed() < Duration::from_secs(2), "the stream on B ended with the erasure: {stream}");
    assert!(stream.contains("event: state"), "{stream}");
    let started = Instant::now();
    while b.app.matcher.contains(&target, &hash) || told.lock().unwrap().is_empty() {
        assert!(started.elapsed() < Duration::from_secs(5), "B forgets the erased case within seconds");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(told.lock().unwrap().iter().all(|c| c == &report.id), "B's hook is told the erased case only: {told:?}");
    // The same picture reported through B matches nothing of the erased case.
    let res = b.upload("/en/report", &fields, &[("p.png", &landscape(false))], None, None).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    b.inspected().await;
    let receipt = res.body.split("data-receipt>").nth(1).unwrap().split('<').next().unwrap().to_owned();
    let second = b.report_of(&receipt).await;
    let found = b.store().evidence_matches(&second.id).await.unwrap();
    assert!(found.iter().all(|m| m.other_report_id.as_deref() != Some(report.id.as_str())), "{found:?}");
}

/// Erased through A, forgotten by B (the `erased` signal on PostgreSQL).
#[tokio::test]
async fn an_erasure_on_one_instance_is_forgotten_by_the_other_postgres() {
    let Some((a, b)) = pair(all_day()).await else { return };
    an_erasure_is_forgotten_everywhere(&a, &b).await;
}

/// One instance on SQLite (the bus in process): the instance that erased forgets at once.
#[tokio::test]
async fn an_erasure_is_forgotten_by_the_instance_that_made_it_sqlite() {
    let a = TestApp::with(all_day()).await;
    an_erasure_is_forgotten_everywhere(&a, &a).await;
}
