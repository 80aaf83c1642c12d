//! Notice and take-down (issue 17, points 4 and 6): an item located in Albania on the tests'
//! resolver and generated database, the notice to its host's abuse contact and the referral
//! to the police through the durable outbox (kept while the SMTP server is away, delivered
//! to the real test server once it answers), reminders by the idempotent `notice_pass`,
//! answers, re-checks, gone with its time to removal; the hashes of confirmed items reach
//! platforms and are withdrawn when re-assessed; nothing ever connects to a reported URL.
//! On SQLite and PostgreSQL.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};
use zeri_domain::Role;
use zeri_web::parts::hosting::{CountryDb, Locator, StaticResolver};
use zeri_web::parts::mail::{MailConfig, Mailer};
use zeri_web::service::notices::{mail_round, notice_pass, Pass};
use zeri_web::{NoticeConfig, WebConfig};

use crate::support::*;

const DAY: i64 = 86_400_000;

fn mailer(url: &str) -> Mailer {
    Mailer::new(MailConfig {
        url: url.into(),
        from: "ISIGURT.al <raporto@isigurt.test>".into(),
        public_url: Some("https://zeri.example/".into()),
    })
    .unwrap()
}

/// A port on loopback where nothing listens (bound, then let go).
fn dead_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// The story's reminders come after this (the default, two days, is checked apart).
const REMIND_MS: i64 = 1500;

fn config(police: &str, locator: Locator) -> WebConfig {
    WebConfig {
        // The app's own mailer only says a server is configured: the tests hand the outbox
        // to a mailer of their own (`mail_round`), first one whose server is away.
        mail: Some(MailConfig {
            url: format!("smtp://127.0.0.1:{}", dead_port()),
            from: "ISIGURT.al <raporto@isigurt.test>".into(),
            public_url: Some("https://zeri.example/".into()),
        }),
        notices: NoticeConfig {
            cybercrime_email: Some(police.to_owned()),
            reminder_after: std::time::Duration::from_millis(REMIND_MS as u64),
            ..NoticeConfig::default()
        },
        hosting: locator,
        ..fast_config()
    }
}

async fn sqlite(config: WebConfig) -> TestApp {
    TestApp::with(config).await
}

async fn postgres(config: WebConfig) -> Option<TestApp> {
    let Ok(admin) = std::env::var("ZERI_TEST_POSTGRES_URL") else {
        assert!(std::env::var("CI").is_err(), "CI must run the PostgreSQL tests: set ZERI_TEST_POSTGRES_URL");
        return None;
    };
    use sqlx::Connection;
    let mut conn = sqlx::PgConnection::connect(&admin).await.unwrap();
    let name = format!("zeri_web_{}", uuid::Uuid::new_v4().simple());
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.unwrap();
    let url = format!("{}/{name}", admin.rsplit_once('/').unwrap().0);
    let keys = zeri_crypto::Keyring::new(zeri_crypto::MasterKey::generate());
    let t = TestApp::on(&url, tempfile::tempdir().unwrap(), config, keys).await;
    assert_eq!(t.store().backend(), "postgres");
    Some(t)
}

/// The SMTP test server and its Maildir (`eval "$(bash scripts/smtp.sh)"`), if running.
fn smtp_server() -> Option<(String, std::path::PathBuf)> {
    match (std::env::var("ZERI_TEST_SMTP"), std::env::var("ZERI_TEST_SMTP_MAILDIR")) {
        (Ok(url), Ok(dir)) => Some((url, dir.into())),
        _ => {
            assert!(std::env::var("CI").is_err(), "CI must run the notice e-mail test: set ZERI_TEST_SMTP");
            eprintln!("ZERI_TEST_SMTP not set: the delivery of notices is not checked");
            None
        }
    }
}

/// The stored message whose envelope recipient is `to`, waiting a few seconds.
async fn delivered(maildir: &std::path::Path, to: &str) -> Option<String> {
    let marker = format!("X-RcptTo: {to}");
    for _ in 0..50 {
        for sub in ["new", "cur"] {
            let Ok(entries) = std::fs::read_dir(maildir.join(sub)) else { continue };
            for entry in entries.flatten() {
                let Ok(raw) = std::fs::read_to_string(entry.path()) else { continue };
                if raw.lines().any(|l| l.trim_end() == marker) {
                    std::fs::remove_file(entry.path()).unwrap();
                    return Some(raw);
                }
            }
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    None
}

/// A quoted-printable body as text (soft line breaks joined, `=XX` decoded).
fn unqp(raw: &str) -> String {
    let joined = raw.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&joined[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Waits until the clock has passed `at`.
async fn until(at: i64) {
    while zeri_web::now_ms() <= at {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// A host entry with an abuse contact for `domain`; its id.
async fn host(t: &TestApp, admin: &str, domain: &str, abuse: &str) -> String {
    let body = json!({"name": format!("Shqiponja {domain}"), "kind": "hosting_provider", "country": "AL",
        "abuse_email": abuse, "domains": domain});
    let res = t.post("/api/v1/admin/hosts", body, admin).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    res.json()["id"].as_str().unwrap().to_owned()
}

/// A URL reported by the public (with hashes), assessed `verdict` by one analyst and
/// confirmed by another; the item id.
async fn confirmed(t: &TestApp, ana: &str, besa: &str, url: &str, verdict: &str, hashes: Value) -> String {
    let res =
        t.json(Method::POST, "/api/v1/content-reports", Some(json!({"urls": [url], "hashes": hashes})), None).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let items = t.store().content_items(None, 1000, 0).await.unwrap();
    let id = items.iter().max_by_key(|i| i.created_at).unwrap().id.clone();
    assess(t, ana, besa, &id, verdict, None).await;
    id
}

async fn assess(t: &TestApp, ana: &str, besa: &str, id: &str, verdict: &str, replaces: Option<&str>) -> String {
    let mut body = if verdict == "not_illegal" {
        json!({"verdict": verdict, "content_type": "image", "site_type": "image_host", "other_harm": "nothing"})
    } else {
        json!({"verdict": verdict, "content_type": "image", "age_group": "prepubescent", "site_type": "image_host"})
    };
    if let Some(r) = replaces {
        body["replaces"] = json!(r);
    }
    let a = t.ok(&format!("/api/v1/hotline/items/{id}/assessments"), body, ana).await["assessment"].clone();
    t.ok(&format!("/api/v1/hotline/items/{id}/reviews"), json!({"assessment": a, "review": "confirm"}), besa).await;
    a.as_str().unwrap().to_owned()
}

async fn takedown(t: &TestApp, id: &str, token: &str) -> Value {
    let res = t.json(Method::GET, &format!("/api/v1/hotline/items/{id}/takedown"), None, Some(token)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    res.json()
}

fn kinds(t: &Value) -> Vec<String> {
    t["timeline"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap().to_owned()).collect()
}

async fn notice_story(t: &TestApp) {
    let police = t.app.config.notices.cybercrime_email.clone().expect("the police's address is configured");
    let admin = t.staff("root", Role::Admin).await;
    let ana = t.staff("ana", Role::HotlineAnalyst).await;
    let besa = t.staff("besa", Role::HotlineAnalyst).await;
    let abuse = format!("abuse-{}@shqiponja.test", uuid::Uuid::new_v4().simple());
    let host_id = host(t, &admin, "hosted-in-albania.test", &abuse).await;
    let url = "https://hosted-in-albania.test/private-gallery-4711/7.jpg";
    let id = confirmed(t, &ana, &besa, url, "baseline", json!([])).await;
    let path = |what: &str| format!("/api/v1/hotline/items/{id}/{what}");

    // Nobody but the hotline's analysts sees or does any of it.
    let counsellor = t.staff("cou", Role::Counsellor).await;
    let res = t.json(Method::GET, &path("takedown"), None, Some(&counsellor)).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(t.post(&path("locate"), json!({}), &counsellor).await.status, StatusCode::NOT_FOUND);
    assert_eq!(t.post(&path("notices"), json!({}), &admin).await.status, StatusCode::NOT_FOUND);

    // Not located yet: no notice.
    assert_eq!(takedown(t, &id, &ana).await["notice_blocked"], "notice-not-located");
    let res = t.post(&path("notices"), json!({}), &ana).await;
    assert_eq!((res.status, res.json()["error"]["code"].clone()), (StatusCode::CONFLICT, json!("notice-not-located")));

    // "Where is it hosted?": Albania, at the entry of its domain; recorded and audited.
    let located = t.ok(&path("locate"), json!({}), &ana).await;
    assert_eq!(located["hosting_country"], "AL", "{located}");
    assert_eq!(located["host"]["id"], json!(host_id));
    assert_eq!(located["host"]["has_abuse_contact"], true);
    assert!(located["notice_blocked"].is_null(), "{located}");
    let item = t.store().content_item(&id).await.unwrap().unwrap();
    assert_eq!(item.hosting_country.as_deref(), Some("AL"));
    assert!(item.hosting_checked_at.is_some());

    // The notice and the referral: recorded, their e-mails waiting in the outbox.
    let sent = t.post(&path("notices"), json!({}), &ana).await;
    assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.body);
    let v = sent.json();
    assert_eq!(kinds(&v), ["notice", "referral"]);
    assert_eq!(v["timeline"][0]["to"], json!(abuse));
    assert_eq!(v["timeline"][1]["to"], json!(police));
    assert!(v["timeline"].as_array().unwrap().iter().all(|e| e["mail_state"] == "pending" && e["by"] == "ana"));
    let first_due = v["due_at"].as_i64().unwrap();
    let sent_at = v["timeline"][0]["at"].as_i64().unwrap();
    assert_eq!(first_due - sent_at, REMIND_MS, "the reminder is due after the configured time");
    let again = t.post(&path("notices"), json!({}), &ana).await;
    assert_eq!(again.json()["error"]["code"], "notice-already-sent", "one notice; reminders follow");

    // The SMTP server is away: nothing is lost, the mails wait.
    let away = mailer(&format!("smtp://127.0.0.1:{}", dead_port()));
    assert_eq!(mail_round(&t.app, &away).await.unwrap(), 0);
    assert_eq!(t.store().pending_notice_mails(10).await.unwrap().len(), 2);
    if let Some((smtp, maildir)) = smtp_server() {
        assert_eq!(mail_round(&t.app, &mailer(&smtp)).await.unwrap(), 2);
        assert!(t.store().pending_notice_mails(10).await.unwrap().is_empty());
        let notice = unqp(&delivered(&maildir, &abuse).await.expect("the notice reached the SMTP server"));
        for part in [url, "heqje / Notice and take-down", "Please remove it", "Ju lutemi ta hiqni"] {
            assert!(notice.contains(part), "{part} missing from\n{notice}");
        }
        assert!(notice.contains("Reply-To: raporto@isigurt.test"), "{notice}");
        let referral = unqp(&delivered(&maildir, &police).await.expect("the referral reached the SMTP server"));
        assert!(referral.contains("Referim / Referral") && referral.contains(url), "{referral}");
        assert_eq!(mail_round(&t.app, &mailer(&smtp)).await.unwrap(), 0, "each mail is sent once");
    }

    // The job: nothing before the reminder is due; once due, one reminder and one re-check,
    // however often it runs.
    assert_eq!(notice_pass(&t.app, first_due - 1).await.unwrap(), Pass::default());
    until(first_due).await;
    let now = zeri_web::now_ms();
    assert_eq!(notice_pass(&t.app, now).await.unwrap(), Pass { reminders: 1, rechecks: 1 });
    assert_eq!(notice_pass(&t.app, now).await.unwrap(), Pass::default(), "a second pass reminds nobody");
    let v = takedown(t, &id, &ana).await;
    assert_eq!(kinds(&v), ["notice", "referral", "recheck", "reminder"]);
    assert_eq!(v["timeline"][2]["outcome"], "AL");
    assert!(v["timeline"][3]["by"].is_null() && v["timeline"][3]["to"] == json!(abuse));
    let second_due = v["due_at"].as_i64().unwrap();
    assert_eq!(second_due, now + REMIND_MS);
    let waiting = t.store().pending_notice_mails(10).await.unwrap();
    assert_eq!(waiting.len(), 1, "the reminder waits in the outbox");

    // The host answers: the next pass re-checks and reminds nobody.
    let answer = "Removed on our side, ticket SECRET-TICKET-4711.";
    let bad = t.post(&path("answers"), json!({"text": " "}), &ana).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    let v = t.ok(&path("answers"), json!({"text": answer}), &besa).await;
    let entries = v["timeline"].as_array().unwrap();
    let answered = entries.iter().find(|e| e["kind"] == "answer").expect("the answer is on the timeline");
    assert_eq!((answered["text"].as_str(), answered["by"].as_str()), (Some(answer), Some("besa")));
    let due = v["due_at"].as_i64().unwrap();
    until(due).await;
    assert_eq!(notice_pass(&t.app, zeri_web::now_ms()).await.unwrap(), Pass { reminders: 0, rechecks: 1 });
    let v = takedown(t, &id, &ana).await;
    assert_eq!(kinds(&v).last().unwrap(), "recheck");
    assert!(v["due_at"].is_null(), "waits for the analyst's finding");

    // Still there: the host is reminded again later; then gone, with its time to removal.
    let v = t.ok(&path("findings"), json!({"finding": "still_there"}), &ana).await;
    assert!(v["due_at"].as_i64().is_some());
    let bad = t.post(&path("findings"), json!({"finding": "maybe"}), &ana).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    t.ok(&path("rechecks"), json!({}), &ana).await;
    let v = t.ok(&path("findings"), json!({"finding": "gone", "note": "Checked in the analysis room"}), &ana).await;
    let item = t.store().content_item(&id).await.unwrap().unwrap();
    let removed = item.removed_at.expect("removed_at is set");
    assert_eq!(v["time_to_removal_ms"].as_i64(), Some(removed - item.created_at));
    assert!(v["due_at"].is_null());
    assert_eq!(
        kinds(&v),
        ["notice", "referral", "recheck", "reminder", "answer", "recheck", "still_there", "recheck", "gone"],
        "the whole story is on the timeline, in order"
    );
    assert_eq!(t.post(&path("findings"), json!({"finding": "gone"}), &ana).await.status, StatusCode::CONFLICT);
    assert_eq!(notice_pass(&t.app, removed + 10 * DAY).await.unwrap(), Pass::default(), "nothing more after gone");

    // The item's page shows it all.
    let cookie = t.page_login("ana").await;
    let page = t.page(&format!("/en/staff/hotline/items/{id}"), Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    for part in ["Notice and take-down", "Time to removal", "Reminder to the host", "Referral to the police", answer] {
        assert!(page.body.contains(part), "{part} missing from the item page");
    }
    let sq = t.page(&format!("/sq/staff/hotline/items/{id}"), Some(&cookie)).await;
    assert!(sq.body.contains("Koha deri në heqje") && !sq.body.contains('⟦'), "in Albanian too");

    // Every step is in the audit chain, item id first.
    let actions: Vec<String> =
        t.store().item_events(&id).await.unwrap().into_iter().map(|e| e.action.to_owned()).collect();
    for a in ["item-located", "item-notice-sent", "item-referred", "item-rechecked", "item-notice-reminded"] {
        assert!(actions.iter().any(|x| x == a), "{a} missing from {actions:?}");
    }
    for a in ["item-notice-answered", "item-still-there", "item-removed", "item-takedown-viewed"] {
        assert!(actions.iter().any(|x| x == a), "{a} missing from {actions:?}");
    }

    // The statistics count the notice and its answer.
    let facts = t.store().item_facts(0, i64::MAX).await.unwrap();
    let fact = facts.iter().find(|f| f.created_at == item.created_at).unwrap();
    assert!(fact.noticed && fact.answered && fact.removed_at == Some(removed));
}

#[tokio::test]
async fn an_item_hosted_in_albania_gets_its_notice_reminders_and_time_to_removal_sqlite() {
    let police = format!("cyber-{}@policia.test", uuid::Uuid::new_v4().simple());
    let t = sqlite(config(&police, test_locator())).await;
    notice_story(&t).await;
    let bytes = t.bytes_at_rest();
    assert!(!contains(&bytes, b"SECRET-TICKET-4711"), "the answer is sealed at rest");
    assert!(!contains(&bytes, b"private-gallery-4711"), "the URL is sealed at rest, in the outbox too");
    assert!(!contains(&bytes, police.as_bytes()), "the police's address is sealed in the outbox");
}

#[tokio::test]
async fn an_item_hosted_in_albania_gets_its_notice_reminders_and_time_to_removal_postgres() {
    let police = format!("cyber-{}@policia.test", uuid::Uuid::new_v4().simple());
    if let Some(t) = postgres(config(&police, test_locator())).await {
        notice_story(&t).await;
    }
}

#[test]
fn a_reminder_comes_after_two_days_unless_configured() {
    assert_eq!(NoticeConfig::default().reminder_after_ms(), 2 * DAY);
}

#[tokio::test]
async fn no_notice_for_material_abroad_not_illegal_or_without_an_abuse_contact() {
    let t = sqlite(config("cyber@policia.test", test_locator())).await;
    let admin = t.staff("root", Role::Admin).await;
    let ana = t.staff("ana", Role::HotlineAnalyst).await;
    let besa = t.staff("besa", Role::HotlineAnalyst).await;
    let abroad = confirmed(&t, &ana, &besa, "https://hosted-in-germany.test/a", "baseline", json!([])).await;
    t.ok(&format!("/api/v1/hotline/items/{abroad}/locate"), json!({}), &ana).await;
    assert_eq!(takedown(&t, &abroad, &ana).await["notice_blocked"], "notice-not-in-albania");
    let unlisted = confirmed(&t, &ana, &besa, "https://hosted-in-albania.test/b", "national", json!([])).await;
    t.ok(&format!("/api/v1/hotline/items/{unlisted}/locate"), json!({}), &ana).await;
    assert_eq!(takedown(&t, &unlisted, &ana).await["notice_blocked"], "notice-no-abuse-contact");
    host(&t, &admin, "example.com", "abuse@example.com").await;
    let legal = confirmed(&t, &ana, &besa, "https://example.com/c", "not_illegal", json!([])).await;
    t.ok(&format!("/api/v1/hotline/items/{legal}/locate"), json!({}), &ana).await;
    let res = t.post(&format!("/api/v1/hotline/items/{legal}/notices"), json!({}), &ana).await;
    assert_eq!(res.json()["error"]["code"], "notice-not-illegal");
    // In both languages, on the page.
    let cookie = t.page_login("ana").await;
    let page = t.page(&format!("/sq/staff/hotline/items/{abroad}"), Some(&cookie)).await.body;
    assert!(page.contains("data-notice-blocked=\"notice-not-in-albania\""), "{page}");
    assert!(page.contains("Nuk strehohet në Shqipëri"));
    assert!(t.store().pending_notice_mails(10).await.unwrap().is_empty(), "nothing was sent");
}

async fn pull(t: &TestApp, token: &str, since: i64) -> (Vec<Value>, i64) {
    let res = t.json(Method::GET, &format!("/api/v1/hashes?since={since}"), None, Some(token)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let v = res.json();
    (v["entries"].as_array().unwrap().clone(), v["next_cursor"].as_i64().unwrap())
}

async fn sharing_story(t: &TestApp) {
    let admin = t.staff("root", Role::Admin).await;
    let ana = t.staff("ana", Role::HotlineAnalyst).await;
    let besa = t.staff("besa", Role::HotlineAnalyst).await;
    let res =
        t.post("/api/v1/admin/platforms", json!({"name": "Rrjeti", "contact": "trust@rrjeti.test"}), &admin).await;
    let token = res.json()["token"].as_str().unwrap().to_owned();
    let md5 = "0123456789abcdef0123456789abcdef";
    let sha = "ab".repeat(32);
    let hashes = json!([{"kind": "md5", "value": md5}, {"kind": "sha256", "value": sha}]);
    let res = t
        .json(
            Method::POST,
            "/api/v1/content-reports",
            Some(json!({"urls": ["https://x.test/1"], "hashes": hashes})),
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let id = t.store().content_items(None, 10, 0).await.unwrap()[0].id.clone();

    // Assessed but not yet confirmed by a second analyst: nothing is shared.
    let body = json!({"verdict": "national", "content_type": "image", "age_group": "pubescent", "site_type": "forum"});
    let a = t.ok(&format!("/api/v1/hotline/items/{id}/assessments"), body, &ana).await["assessment"].clone();
    let (entries, cursor) = pull(t, &token, 0).await;
    assert!(entries.is_empty(), "{entries:?}");
    // Confirmed: its hashes, with the verdict as their classification.
    t.ok(&format!("/api/v1/hotline/items/{id}/reviews"), json!({"assessment": a, "review": "confirm"}), &besa).await;
    let (entries, cursor) = pull(t, &token, cursor).await;
    let mut got: Vec<(String, String, String, String)> = entries
        .iter()
        .map(|e| {
            let s = |k: &str| e[k].as_str().unwrap_or_default().to_owned();
            (s("hash_type"), s("value"), s("classification"), s("state"))
        })
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            ("md5".into(), md5.into(), "national".into(), "shared".into()),
            ("sha256".into(), sha.clone(), "national".into(), "shared".into())
        ]
    );
    let ids: Vec<Value> = entries.iter().map(|e| e["id"].clone()).collect();

    // Re-assessed not illegal: the next pull says both are withdrawn, by the same ids.
    assess(t, &ana, &besa, &id, "not_illegal", Some(a.as_str().unwrap())).await;
    let (entries, _) = pull(t, &token, cursor).await;
    assert_eq!(entries.len(), 2, "{entries:?}");
    for e in &entries {
        assert_eq!(e["state"], "withdrawn");
        assert!(e["value"].is_null() || e["value"] == "", "{e}");
        assert!(ids.contains(&e["id"]));
    }
    let facts = t.store().sharing_facts(zeri_domain::sharing::SourceKind::Item, &id).await.unwrap();
    assert_eq!(facts.entries, 2);
}

#[tokio::test]
async fn confirmed_items_hashes_reach_platforms_and_are_withdrawn_when_reassessed_sqlite() {
    sharing_story(&TestApp::new().await).await;
}

#[tokio::test]
async fn confirmed_items_hashes_reach_platforms_and_are_withdrawn_when_reassessed_postgres() {
    if let Some(t) = postgres(fast_config()).await {
        sharing_story(&t).await;
    }
}

/// The check "the server never opens a connection to a reported URL": a listener on the
/// URL's address and port, which the resolver maps its name to, counts every connection
/// through report, assessment, locating, notice, the job's reminder and re-check, a
/// re-check by hand and "gone".
#[tokio::test]
async fn the_server_never_opens_a_connection_to_a_reported_url() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let contacted = Arc::new(AtomicUsize::new(0));
    let seen = contacted.clone();
    let watch = tokio::spawn(async move {
        while listener.accept().await.is_ok() {
            seen.fetch_add(1, Ordering::SeqCst);
        }
    });
    let resolver = StaticResolver::new(vec![("some.test", vec!["127.0.0.1".parse().unwrap()])]);
    let locator = Locator {
        resolver: Arc::new(resolver),
        countries: Some(Arc::new(CountryDb::from_bytes(country_db_bytes()).unwrap())),
        ..Locator::default()
    };
    let t = sqlite(config("cyber@policia.test", locator)).await;
    let admin = t.staff("root", Role::Admin).await;
    let ana = t.staff("ana", Role::HotlineAnalyst).await;
    let besa = t.staff("besa", Role::HotlineAnalyst).await;
    host(&t, &admin, "some.test", "abuse@some.test").await;
    let url = format!("http://some.test:{port}/x");
    let id = confirmed(&t, &ana, &besa, &url, "baseline", json!([])).await;
    let path = |what: &str| format!("/api/v1/hotline/items/{id}/{what}");
    let cookie = t.page_login("ana").await;
    assert_eq!(t.page(&format!("/en/staff/hotline/items/{id}"), Some(&cookie)).await.status, StatusCode::OK);
    assert_eq!(t.ok(&path("locate"), json!({}), &ana).await["hosting_country"], "AL");
    t.ok(&path("notices"), json!({}), &ana).await;
    let due = takedown(&t, &id, &ana).await["due_at"].as_i64().unwrap();
    assert_eq!(notice_pass(&t.app, due + 1).await.unwrap(), Pass { reminders: 1, rechecks: 1 });
    t.ok(&path("rechecks"), json!({}), &ana).await;
    t.ok(&path("findings"), json!({"finding": "gone"}), &ana).await;
    // The mails go to the SMTP server only (here one that is away), never to the URL.
    mail_round(&t.app, &mailer(&format!("smtp://127.0.0.1:{}", dead_port()))).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert_eq!(contacted.load(Ordering::SeqCst), 0, "something connected to the reported address");
    watch.abort();
}

/// The generated database the browser walk-throughs start the server with
/// (`tests/browser/countries.mmdb`, for notice.test.mjs and exchange.test.mjs) is the one
/// these tests use; `ZERI_BLESS=1` writes it.
#[test]
fn the_browser_tests_country_database_is_the_generated_one() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/browser/countries.mmdb");
    let bytes = country_db_bytes();
    if std::env::var("ZERI_BLESS").is_ok() {
        std::fs::write(&path, &bytes).unwrap();
    }
    assert_eq!(std::fs::read(&path).expect("tests/browser/countries.mmdb (ZERI_BLESS=1 writes it)"), bytes);
}
