//! Follow-up with a receipt: the same answer for wrong and unknown receipts, guessing limits, remote sessions.

use axum::http::{Method, StatusCode};
use serde_json::json;
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use zeri_crypto::{Keyring, MasterKey};
use zeri_domain::Role;
use zeri_web::{ThrottleConfig, WebConfig};

use crate::support::*;

#[tokio::test]
async fn wrong_and_unknown_receipts_get_the_same_answer() {
    let t = TestApp::new().await;
    let receipt = t.report(minimal()).await;
    let mut wrong = receipt.clone().into_bytes();
    wrong[0] = if wrong[0] == b'9' { b'1' } else { wrong[0] + 1 };
    let wrong = String::from_utf8(wrong).unwrap();
    let a = t.json(Method::POST, "/api/v1/followup/session", Some(json!({"receipt": wrong})), None).await;
    let b = t
        .json(Method::POST, "/api/v1/followup/session", Some(json!({"receipt": "1111-2222-3333-4444-5555"})), None)
        .await;
    let c = t.json(Method::POST, "/api/v1/followup/session", Some(json!({"receipt": "hello"})), None).await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    assert_eq!((a.status, &a.body), (b.status, &b.body));
    assert_eq!((a.status, &a.body), (c.status, &c.body));
    // And on the page.
    // The page keeps what was typed (to correct one digit, not retype twenty); otherwise the
    // answers are the same.
    let a = t.form("/en/followup", &[("receipt", &wrong)], None).await;
    let b = t.form("/en/followup", &[("receipt", "1111-2222-3333-4444-5555")], None).await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    assert!(a.body.contains(&format!("value=\"{wrong}\"")), "the receipt typed is kept");
    assert_eq!(a.body.replace(&wrong, "X"), b.body.replace("1111-2222-3333-4444-5555", "X"));
}

/// Beyond the per-client limit each attempt from that client waits, one at a time, and a
/// correct receipt still opens; other clients are not slowed; a restart keeps the count.
#[tokio::test]
async fn receipt_guessing_is_slowed_per_client_and_survives_a_restart() {
    let delay = Duration::from_millis(400);
    let config = WebConfig {
        throttle: ThrottleConfig { receipt_per_client: 3, client_delay: delay, ..ThrottleConfig::default() },
        ..fast_config()
    };
    let key = MasterKey::generate();
    let key_text = key.to_file_contents();
    let t = TestApp::with(config.clone()).await;
    let t = TestApp::on(
        &format!("sqlite://{}", t.dir.path().join("zeri.db").display()),
        t.dir,
        config.clone(),
        Keyring::new(key),
    )
    .await;
    let receipt = t.report(minimal()).await;
    let me: SocketAddr = "10.0.0.1:5000".parse().unwrap();
    let other: SocketAddr = "10.0.0.2:5000".parse().unwrap();
    let wrong = [("receipt", "1111-2222-3333-4444-5555")];
    for _ in 0..3 {
        let started = Instant::now();
        assert_eq!(t.form_from("/en/followup", &wrong, None, Some(me)).await.status, StatusCode::UNAUTHORIZED);
        assert!(started.elapsed() < delay, "not slowed under the limit");
    }
    // Now this client waits for every answer, but the right receipt still opens…
    let started = Instant::now();
    assert_eq!(t.form_from("/en/followup", &wrong, None, Some(me)).await.status, StatusCode::UNAUTHORIZED);
    assert!(started.elapsed() >= delay);
    let started = Instant::now();
    let r = t.form_from("/en/followup", &[("receipt", &receipt)], None, Some(me)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(started.elapsed() >= delay);
    // …one attempt at a time: a second one while the first waits is not looked at.
    let (a, b) = tokio::join!(
        t.form_from("/en/followup", &wrong, None, Some(me)),
        t.form_from("/en/followup", &wrong, None, Some(me))
    );
    let mut statuses = [a.status, b.status];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::UNAUTHORIZED, StatusCode::TOO_MANY_REQUESTS]);
    // Another client is not slowed.
    let started = Instant::now();
    assert_eq!(
        t.form_from("/en/followup", &[("receipt", &receipt)], None, Some(other)).await.status,
        StatusCode::SEE_OTHER
    );
    assert!(started.elapsed() < delay);
    // A restart (new process state, same database and key) keeps the count.
    let dir = t.dir;
    let restarted = TestApp::on(
        &format!("sqlite://{}", dir.path().join("zeri.db").display()),
        dir,
        config,
        Keyring::new(MasterKey::from_file_contents(&key_text).unwrap()),
    )
    .await;
    let started = Instant::now();
    assert_eq!(restarted.form_from("/en/followup", &wrong, None, Some(me)).await.status, StatusCode::UNAUTHORIZED);
    assert!(started.elapsed() >= delay, "still slowed after the restart");
}

/// A guessing flood from many addresses, in parallel: every attempt is counted (none slips
/// under the limit), everyone is slowed, and a child with the right receipt still opens it.
#[tokio::test]
async fn a_guessing_flood_never_locks_out_a_correct_receipt() {
    let delay = Duration::from_millis(300);
    let config = WebConfig {
        throttle: ThrottleConfig {
            receipt_per_client: 100,
            receipt_global: 5,
            global_delay: delay,
            ..ThrottleConfig::default()
        },
        ..fast_config()
    };
    let t = TestApp::with(config).await;
    let receipt = t.report(minimal()).await;
    let flood = (0..40).map(|i| {
        let peer: SocketAddr = format!("10.0.1.{i}:1").parse().unwrap();
        let t = &t;
        async move { t.form_from("/en/followup", &[("receipt", "1111-2222-3333-4444-5555")], None, Some(peer)).await }
    });
    let answers = futures_util::future::join_all(flood).await;
    assert!(answers.iter().all(|r| r.status == StatusCode::UNAUTHORIZED));
    let everyone = t.app.keys.lookup_digest("throttle-receipt", b"everyone");
    let window = t.app.config.throttle.window_ms();
    let counted = t.store().throttle_count(&everyone, zeri_web::now_ms(), window).await.unwrap();
    assert_eq!(counted, 40, "counted atomically: parallel attempts all count");
    let fresh: SocketAddr = "10.9.9.9:1".parse().unwrap();
    let started = Instant::now();
    let r = t.form_from("/en/followup", &[("receipt", &receipt)], None, Some(fresh)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "a correct receipt opens during the flood: {}", r.body);
    assert!(started.elapsed() >= delay, "slowed like everyone");
    assert_eq!(t.store().throttle_count(&everyone, zeri_web::now_ms(), window).await.unwrap(), 40, "given back");
}

/// Behind one trusted proxy the client is what the proxy saw: whatever the client writes to
/// the left of it in `X-Forwarded-For` does not give it a new bucket.
#[tokio::test]
async fn a_spoofed_forwarded_for_does_not_escape_the_per_client_limit() {
    let delay = Duration::from_millis(400);
    let config = WebConfig {
        trusted_proxies: 1,
        throttle: ThrottleConfig { receipt_per_client: 3, client_delay: delay, ..ThrottleConfig::default() },
        ..fast_config()
    };
    let t = TestApp::with(config).await;
    let proxy: SocketAddr = "127.0.0.1:40000".parse().unwrap();
    let attempt = |spoof: String| {
        let req = axum::http::Request::post("/en/followup")
            .header(axum::http::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header("x-forwarded-for", format!("{spoof}, 203.0.113.5"))
            .body(axum::body::Body::from("receipt=1111-2222-3333-4444-5555"))
            .unwrap();
        let mut req = req;
        req.extensions_mut().insert(axum::extract::ConnectInfo(proxy));
        t.send(req)
    };
    for i in 0..3 {
        assert_eq!(attempt(format!("198.51.100.{i}")).await.status, StatusCode::UNAUTHORIZED);
    }
    let started = Instant::now();
    assert_eq!(attempt("198.51.100.77".into()).await.status, StatusCode::UNAUTHORIZED);
    assert!(started.elapsed() >= delay, "the fourth is slowed, whatever it claims to be");
}

/// A professional offers session times; the child picks one with the receipt and sees it
/// as a reminder; the other time is withdrawn; at the session's time the chat goes to the
/// professional.
#[tokio::test]
async fn a_remote_session_is_offered_booked_and_held_in_the_chat() {
    let t = TestApp::new().await;
    let receipt = t.report(kukes_report()).await;
    let counsellor = t.staff("cn-session", Role::Counsellor).await;
    let id = t.case_id(&counsellor).await;
    let offer = format!("/api/v1/cases/{id}/sessions");
    let past = t.post(&offer, json!({"at1": local_in(-60)}), &counsellor).await;
    assert_eq!(past.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", past.body);
    let (soon, later) = (local_in(2), local_in(3 * 24 * 60));
    assert_eq!(
        t.post(&offer, json!({"at1": soon, "at2": later, "minutes": "30"}), &counsellor).await.status,
        StatusCode::CREATED
    );

    let child = t.form("/en/followup", &[("receipt", &receipt)], None).await.cookie();
    let page = t.page("/en/followup", Some(&child)).await;
    assert!(
        page.body.contains("Times offered to you") && page.body.contains("there is no voice or video"),
        "{}",
        page.body
    );
    let slots = t.store().slots(&id).await.unwrap();
    let (first, second) = (&slots[0], &slots[1]);
    assert_eq!(
        t.form("/en/followup/sessions", &[("slot", &first.id)], Some(&child)).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        t.form("/en/followup/sessions", &[("slot", &second.id)], Some(&child)).await.status,
        StatusCode::CONFLICT,
        "withdrawn"
    );
    let page = t.page("/en/followup", Some(&child)).await;
    assert!(page.body.contains("Your session:"), "{}", page.body);
    let cn = t.store().staff_by_username("cn-session").await.unwrap().unwrap();
    assert!(t.store().notifications(&cn.id, 10).await.unwrap().iter().any(|n| n.kind == "session"));

    // Two minutes before it starts, the chat already goes to the professional.
    let chat =
        t.script("/followup/chat/open", json!({}), &child, None).await.json()["chat"].as_str().unwrap().to_owned();
    assert_eq!(t.store().chat(&chat).await.unwrap().unwrap().routed_to, Some(cn.id));
}
