//! The child in control, with the receipt (issue 19, points 4 and 5): consent per recipient
//! on the follow-up page, a copy to download, a passphrase, the receipt saved, a new
//! receipt issued by a counsellor. Each story runs on SQLite and on PostgreSQL.

use axum::http::{header, Method, StatusCode};
use serde_json::json;
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use zeri_domain::Role;
use zeri_web::{ThrottleConfig, WebConfig};

use crate::support::*;

const WORDS: &str = "The man called Zogu from the game chat keeps sending me messages at night";

fn distinctive_report() -> serde_json::Value {
    json!({"reporter": "self", "category": "grooming", "description": WORDS, "age_band": "13_15",
        "consent_cpo": false, "consent_police": false})
}

/// The survivor cookie of the follow-up page, opened with the receipt as a child would.
async fn followup_cookie(t: &TestApp, receipt: &str) -> String {
    let opened = t.form("/en/followup", &[("receipt", receipt)], None).await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER, "{}", opened.body);
    opened.cookie()
}

// ----- consent on the follow-up page -----

/// The child sees who asked for the case and what it means; withdraws the police's consent
/// on the page (with the session's CSRF token), which shows at once; where a legal duty was
/// recorded, the page says access continues because of the law.
async fn consent_on_the_page(t: &TestApp) {
    let receipt = t.report(distinctive_report()).await;
    let counsellor = t.staff("drita.c", Role::Counsellor).await;
    let id = t.case_id(&counsellor).await;
    let case = |p: &str| format!("/api/v1/cases/{id}{p}");
    t.ok(
        &case("/consents"),
        json!({"recipient": "police", "giver": "child", "decision": "given", "explained": "Who the police are and what they see"}),
        &counsellor,
    )
    .await;
    let cookie = followup_cookie(t, &receipt).await;
    let page = t.page("/en/followup", Some(&cookie)).await.body;
    assert!(page.contains("Who may see your report"), "{page}");
    assert!(page.contains("The State Police: they can investigate"));
    assert!(page.contains("Take back my yes for Police"));
    let csrf = csrf_of(&page);
    // Without the CSRF token nothing changes.
    let forged =
        t.form("/en/followup/consent", &[("recipient", "police"), ("decision", "withdrawn")], Some(&cookie)).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let done = t
        .form(
            "/en/followup/consent",
            &[("csrf", &csrf), ("recipient", "police"), ("decision", "withdrawn")],
            Some(&cookie),
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let page = t.page("/en/followup", Some(&cookie)).await.body;
    assert!(page.contains("Say yes to Police") && !page.contains("Take back my yes for Police"));
    assert!(page.contains("You decided about sharing with Police: withdrawn."));
    // The consent record is the child's own.
    let rows = t.store().consents(&id).await.unwrap();
    let last = rows.iter().max_by_key(|c| c.at).unwrap();
    assert_eq!(
        (last.giver.as_str(), last.decision.as_str(), last.recorded_by.as_deref()),
        ("child", "withdrawn", None)
    );
    // A referral under a legal duty: the page says the law keeps the access.
    t.ok(
        &case("/referrals"),
        json!({"to": "police", "legal_duty": "mandatory_report", "reason": "A crime we must report to the police"}),
        &counsellor,
    )
    .await;
    let page = t.page("/en/followup", Some(&cookie)).await.body;
    assert!(page.contains("So they keep access even if you say no"), "{page}");
    // Staff see the child's decision among the consents, given by the child, recorded by no one on staff.
    let staff_view = t.json(Method::GET, &case(""), None, Some(&counsellor)).await.json();
    let last = staff_view["consents"].as_array().unwrap().last().unwrap().clone();
    assert_eq!((last["giver"].as_str(), last["decision"].as_str()), (Some("child"), Some("withdrawn")), "{last}");
}

#[tokio::test]
async fn consent_on_the_page_sqlite() {
    consent_on_the_page(&TestApp::new().await).await;
}

#[tokio::test]
async fn consent_on_the_page_postgres() {
    if let Some(t) = TestApp::postgres().await {
        consent_on_the_page(&t).await;
    }
}

// ----- a copy -----

/// The copy holds the child's own words, the messages both ways and the access log, is
/// never cached, and names no one on staff: only role and organisation.
async fn a_copy_of_the_report(t: &TestApp) {
    let receipt = t.report(distinctive_report()).await;
    let counsellor = t.staff("drita.c", Role::Counsellor).await;
    let id = t.case_id(&counsellor).await;
    t.ok(&format!("/api/v1/cases/{id}/messages"), json!({"body": "Thank you for telling us, Ardita"}), &counsellor)
        .await;
    assert_eq!(
        t.json(Method::GET, &format!("/api/v1/cases/{id}"), None, Some(&counsellor)).await.status,
        StatusCode::OK
    );
    let staff = t.store().staff_by_username("drita.c").await.unwrap().unwrap();
    let child = t.survivor(&receipt).await;
    t.ok("/api/v1/followup/messages", json!({"body": "He wrote again yesterday"}), &child).await;

    let res = t.json(Method::POST, "/api/v1/followup/copy", None, Some(&child)).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.headers[header::CACHE_CONTROL], "no-store");
    assert!(res.headers[header::CONTENT_DISPOSITION].to_str().unwrap().starts_with("attachment"));
    assert!(res.headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/plain"));
    let copy = &res.body;
    assert!(copy.contains(WORDS), "{copy}");
    assert!(copy.contains("Thank you for telling us, Ardita") && copy.contains("He wrote again yesterday"));
    assert!(
        copy.contains(
            "A helpline counsellor (Linja Kombëtare e Këshillimit për Fëmijë ALO 116 111) wrote you a message."
        ),
        "{copy}"
    );
    assert!(
        copy.contains("A helpline counsellor (Linja Kombëtare e Këshillimit për Fëmijë ALO 116 111) opened"),
        "{copy}"
    );
    assert!(copy.contains("You wrote a message."));
    for secret in [staff.username.as_str(), staff.id.as_str(), "drita", "@", &receipt] {
        assert!(!copy.contains(secret), "{secret:?} is in the copy");
    }
    // The page's copy: a POST with the session's CSRF token; nothing in the URL.
    let cookie = followup_cookie(t, &receipt).await;
    let page = t.page("/en/followup", Some(&cookie)).await.body;
    assert!(page.contains("Download a copy"));
    assert_eq!(t.form("/en/followup/copy", &[], Some(&cookie)).await.status, StatusCode::FORBIDDEN);
    let res = t.form("/en/followup/copy", &[("csrf", &csrf_of(&page))], Some(&cookie)).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.headers[header::CACHE_CONTROL], "no-store");
    assert!(res.body.contains(WORDS) && res.body.contains("You downloaded a copy of your report."));
    // Without a session, no copy.
    assert_eq!(t.json(Method::POST, "/api/v1/followup/copy", None, None).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_copy_of_the_report_sqlite() {
    a_copy_of_the_report(&TestApp::new().await).await;
}

#[tokio::test]
async fn a_copy_of_the_report_postgres() {
    if let Some(t) = TestApp::postgres().await {
        a_copy_of_the_report(&t).await;
    }
}

// ----- a passphrase -----

const PASSPHRASE: &str = "Blue kite over the river at dawn";

/// The passphrase opens the case (any capitals, extra spaces); a short one is refused with
/// the rule; a wrong one gets the receipt's answer.
async fn the_passphrase_opens_the_case(t: &TestApp) {
    let receipt = t.report(distinctive_report()).await;
    let other = t.report(minimal()).await;
    let child = t.survivor(&receipt).await;
    let short = t.post("/api/v1/followup/passphrase", json!({"passphrase": "blue kite"}), &child).await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(short.json()["error"]["fields"]["passphrase"].as_str().unwrap().contains("4 words"), "{}", short.body);
    let set = t.post("/api/v1/followup/passphrase", json!({"passphrase": PASSPHRASE}), &child).await;
    assert_eq!(set.status, StatusCode::NO_CONTENT, "{}", set.body);
    // Another report cannot take the same passphrase.
    let second = t.survivor(&other).await;
    let taken = t.post("/api/v1/followup/passphrase", json!({"passphrase": PASSPHRASE}), &second).await;
    assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Only a slow hash is stored.
    let report = t.report_of(&receipt).await;
    let normalised = zeri_web::service::child_receipts::normalise(PASSPHRASE);
    let bucket = hex::encode(&t.app.keys.lookup_digest("passphrase-bucket", normalised.as_bytes())[..2]);
    let rows: Vec<String> = t
        .store()
        .passphrases_in(&bucket)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.report_id == report.id)
        .map(|r| r.phc)
        .collect();
    assert_eq!(rows.len(), 1);
    assert!(rows[0].starts_with("$argon2id$") && !rows[0].to_lowercase().contains("kite"));

    let opened = t
        .json(
            Method::POST,
            "/api/v1/followup/passphrase-session",
            Some(json!({"passphrase": "  blue KITE over the river   at dawn "})),
            None,
        )
        .await;
    assert_eq!(opened.status, StatusCode::CREATED, "{}", opened.body);
    let token = opened.json()["token"].as_str().unwrap().to_owned();
    let view = t.json(Method::GET, "/api/v1/followup", None, Some(&token)).await.json();
    assert_eq!(view["messages"], json!([]));
    let copy = t.json(Method::POST, "/api/v1/followup/copy", None, Some(&token)).await.body;
    assert!(copy.contains(WORDS), "the passphrase opened this report");
    assert!(view["accessed"].as_array().unwrap().iter().any(|a| a["action"] == "child-passphrase-set"));
    let wrong = t
        .json(
            Method::POST,
            "/api/v1/followup/passphrase-session",
            Some(json!({"passphrase": "red kite over the river at dawn"})),
            None,
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    // On the page: the receipt form offers it, and it opens a follow-up session.
    let form = t.page("/en/followup", None).await.body;
    assert!(form.contains("Lost your receipt? Open with your passphrase"));
    let page = t.form("/en/followup/passphrase/open", &[("passphrase", PASSPHRASE)], None).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let status = t.page("/en/followup", Some(&page.cookie())).await.body;
    assert!(status.contains("You have a passphrase"), "{status}");
}

#[tokio::test]
async fn the_passphrase_opens_the_case_sqlite() {
    the_passphrase_opens_the_case(&TestApp::new().await).await;
}

#[tokio::test]
async fn the_passphrase_opens_the_case_postgres() {
    if let Some(t) = TestApp::postgres().await {
        the_passphrase_opens_the_case(&t).await;
    }
}

/// Wrong passphrases count in the receipts' buckets: beyond the per-client limit each
/// attempt waits, a receipt attempt from the same client waits too, and the right
/// passphrase still opens.
#[tokio::test]
async fn wrong_passphrases_are_throttled_like_receipts() {
    let delay = Duration::from_millis(400);
    let config = WebConfig {
        throttle: ThrottleConfig { receipt_per_client: 3, client_delay: delay, ..ThrottleConfig::default() },
        ..fast_config()
    };
    let t = TestApp::with(config).await;
    let receipt = t.report(minimal()).await;
    let child = t.survivor(&receipt).await;
    assert_eq!(
        t.post("/api/v1/followup/passphrase", json!({"passphrase": PASSPHRASE}), &child).await.status,
        StatusCode::NO_CONTENT
    );
    let me: SocketAddr = "10.0.0.7:5000".parse().unwrap();
    let other: SocketAddr = "10.0.0.8:5000".parse().unwrap();
    let wrong = [("passphrase", "green kite over the river at noon")];
    for _ in 0..3 {
        let started = Instant::now();
        let res = t.form_from("/en/followup/passphrase/open", &wrong, None, Some(me)).await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED);
        assert!(res.body.contains("could not open a report with this passphrase"));
        assert!(started.elapsed() < delay, "not slowed under the limit");
    }
    let started = Instant::now();
    assert_eq!(
        t.form_from("/en/followup/passphrase/open", &wrong, None, Some(me)).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert!(started.elapsed() >= delay, "slowed beyond the limit");
    // The same buckets as receipts: a receipt guess from this client waits too.
    let started = Instant::now();
    let guess = t.form_from("/en/followup", &[("receipt", "1111-2222-3333-4444-5555")], None, Some(me)).await;
    assert_eq!(guess.status, StatusCode::UNAUTHORIZED);
    assert!(started.elapsed() >= delay);
    // The right passphrase still opens, after the wait; another client is not slowed.
    let started = Instant::now();
    let right = t.form_from("/en/followup/passphrase/open", &[("passphrase", PASSPHRASE)], None, Some(me)).await;
    assert_eq!(right.status, StatusCode::SEE_OTHER);
    assert!(started.elapsed() >= delay);
    let started = Instant::now();
    let right = t.form_from("/en/followup/passphrase/open", &[("passphrase", PASSPHRASE)], None, Some(other)).await;
    assert_eq!(right.status, StatusCode::SEE_OTHER);
    assert!(started.elapsed() < delay);
    // Probing by choosing passphrases another report has costs the same guesses.
    let prober: SocketAddr = "10.0.0.9:5000".parse().unwrap();
    let mine = t.report(minimal()).await;
    let opened = t.form_from("/en/followup", &[("receipt", &mine)], None, Some(prober)).await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER);
    let cookie = opened.cookie();
    let csrf = csrf_of(&t.page("/en/followup", Some(&cookie)).await.body);
    let taken = [("csrf", csrf.as_str()), ("passphrase", PASSPHRASE)];
    for _ in 0..3 {
        let started = Instant::now();
        let res = t.form_from("/en/followup/passphrase", &taken, Some(&cookie), Some(prober)).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.body.contains("Please choose a different passphrase"));
        assert!(started.elapsed() < delay);
    }
    let started = Instant::now();
    let res = t.form_from("/en/followup/passphrase", &taken, Some(&cookie), Some(prober)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(started.elapsed() >= delay, "the fourth probe waits like a fourth wrong receipt");
    // A free passphrase is not counted against the child.
    let free = [("csrf", csrf.as_str()), ("passphrase", "seven green apples under the old bridge")];
    assert_eq!(
        t.form_from("/en/followup/passphrase", &free, Some(&cookie), Some(prober)).await.status,
        StatusCode::SEE_OTHER
    );
}

// ----- a new receipt, by a counsellor -----

/// A counsellor issues a new receipt with a reason: the new one opens, the old one does not
/// (and its open session ends), the child's access log says a counsellor of the helpline
/// issued it; others may not.
async fn a_counsellor_reissues_the_receipt(t: &TestApp) {
    let old = t.report(distinctive_report()).await;
    let counsellor = t.staff("drita.c", Role::Counsellor).await;
    let police = t.staff("besnik", Role::PoliceInvestigator).await;
    let id = t.case_id(&counsellor).await;
    let old_session = t.survivor(&old).await;
    // Whoever held the old receipt may have set a passphrase: it ends with the receipt.
    let set = t.post("/api/v1/followup/passphrase", json!({"passphrase": PASSPHRASE}), &old_session).await;
    assert_eq!(set.status, StatusCode::NO_CONTENT, "{}", set.body);
    let path = format!("/api/v1/cases/{id}/receipt");
    assert_eq!(t.post(&path, json!({"reason": "short"}), &counsellor).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        t.post(&path, json!({"reason": "Caller verified by phone: knew the date"}), &police).await.status,
        StatusCode::NOT_FOUND
    );
    let res =
        t.post(&path, json!({"reason": "Caller verified by phone: knew the date and the game"}), &counsellor).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    assert_eq!(res.headers[header::CACHE_CONTROL], "no-store");
    let new = res.json()["receipt"].as_str().unwrap().to_owned();
    assert_ne!(new, old);
    let refused = t.json(Method::POST, "/api/v1/followup/session", Some(json!({"receipt": old})), None).await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    let by_passphrase = t
        .json(Method::POST, "/api/v1/followup/passphrase-session", Some(json!({"passphrase": PASSPHRASE})), None)
        .await;
    assert_eq!(by_passphrase.status, StatusCode::UNAUTHORIZED, "the old passphrase ended with the old receipt");
    assert_eq!(
        t.json(Method::GET, "/api/v1/followup", None, Some(&old_session)).await.status,
        StatusCode::UNAUTHORIZED
    );
    let child = t.survivor(&new).await;
    let view = t.json(Method::GET, "/api/v1/followup", None, Some(&child)).await.json();
    let entry =
        view["accessed"].as_array().unwrap().iter().find(|a| a["action"] == "receipt-reissued").unwrap().clone();
    assert_eq!(entry["role"], "counsellor");
    assert_eq!(entry["organisation"], "Linja Kombëtare e Këshillimit për Fëmijë ALO 116 111");
    assert!(entry["text"].as_str().unwrap().contains("issued a new receipt for your report"), "{entry}");
    assert!(!view.to_string().contains("drita"));
    // The case page offers it to the counsellor, and the page shows the new receipt once.
    let cookie = t.page_login("drita.c").await;
    let page = t.page(&format!("/en/staff/reports/{id}"), Some(&cookie)).await.body;
    assert!(page.contains("Issue a new receipt"), "the case page offers it");
    let shown = t
        .form(
            &format!("/en/staff/reports/{id}/receipt"),
            &[("csrf", &csrf_of(&page)), ("reason", "Verified again by phone: the caller knew the game")],
            Some(&cookie),
        )
        .await;
    assert_eq!(shown.status, StatusCode::OK, "{}", shown.body);
    let third = shown.body.split("data-receipt>").nth(1).unwrap().split('<').next().unwrap().to_owned();
    assert!(regex_like_receipt(&third), "{third}");
    assert_eq!(
        t.json(Method::POST, "/api/v1/followup/session", Some(json!({"receipt": new})), None).await.status,
        StatusCode::UNAUTHORIZED
    );
    t.survivor(&third).await;
}

#[tokio::test]
async fn a_counsellor_reissues_the_receipt_sqlite() {
    a_counsellor_reissues_the_receipt(&TestApp::new().await).await;
}

#[tokio::test]
async fn a_counsellor_reissues_the_receipt_postgres() {
    if let Some(t) = TestApp::postgres().await {
        a_counsellor_reissues_the_receipt(&t).await;
    }
}

// ----- the receipt saved -----

/// On the receipt page the child types the last four digits: a wrong answer says so and
/// lets them try again, the right one is confirmed; or they save it as a small text file,
/// never cached. Both are in their access log.
async fn the_receipt_is_saved(t: &TestApp) {
    let form = t.page("/en/report", None).await.body;
    let token = form.split("name=\"form_token\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let fields = [
        ("reporter", "self"),
        ("category", "grooming"),
        ("description", WORDS),
        ("age_band", "13_15"),
        ("form_token", token.as_str()),
    ];
    let sent = t.upload("/en/report", &fields, &[], None, None).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let cookie = sent.cookie();
    let page = t.page("/en/report/received", Some(&cookie)).await.body;
    assert!(page.contains("Did you save your receipt?"), "{page}");
    let receipt = page.split("data-receipt>").nth(1).unwrap().split('<').next().unwrap().to_owned();
    let last4 = &receipt[receipt.len() - 4..];
    let wrong4 = format!("{:04}", (last4.parse::<u32>().unwrap() + 1) % 10_000);
    let wrong = t.form("/en/report/received/saved", &[("last4", &wrong4)], Some(&cookie)).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("These are not the last 4 digits of your receipt"));
    assert!(wrong.body.contains(&receipt), "the receipt is still shown to try again");
    let right = t.form("/en/report/received/saved", &[("last4", last4)], Some(&cookie)).await;
    assert_eq!(right.status, StatusCode::SEE_OTHER);
    let location = right.headers[header::LOCATION].to_str().unwrap().to_owned();
    assert!(!location.contains(last4) && !location.contains(&receipt));
    let after = t.page(&location, Some(&cookie)).await.body;
    assert!(after.contains("Well done: the digits match."), "{after}");
    // Or as a file.
    let file = t.form("/en/report/received/file", &[], Some(&cookie)).await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(file.headers[header::CACHE_CONTROL], "no-store");
    assert!(file.headers[header::CONTENT_DISPOSITION].to_str().unwrap().starts_with("attachment"));
    assert!(file.body.contains(&receipt));
    // Without the receipt page's cookie, nothing.
    assert_eq!(t.form("/en/report/received/file", &[], None).await.status, StatusCode::SEE_OTHER);
    let child = t.survivor(&receipt).await;
    let view = t.json(Method::GET, "/api/v1/followup", None, Some(&child)).await.json();
    let saved: Vec<_> =
        view["accessed"].as_array().unwrap().iter().filter(|a| a["action"] == "child-receipt-saved").collect();
    assert_eq!(saved.len(), 2, "{view}");
    // Once the showing ends, the check has nothing to compare with.
    t.form("/en/report/received/done", &[], Some(&cookie)).await;
    let gone = t.form("/en/report/received/saved", &[("last4", last4)], Some(&cookie)).await;
    assert_eq!(gone.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn the_receipt_is_saved_sqlite() {
    the_receipt_is_saved(&TestApp::new().await).await;
}

#[tokio::test]
async fn the_receipt_is_saved_postgres() {
    if let Some(t) = TestApp::postgres().await {
        the_receipt_is_saved(&t).await;
    }
}

// ----- erasure on request -----

/// The child asks for erasure on the page; the counsellor refuses with a reason and words,
/// which the child reads; asked again, the counsellor accepts and the case is erased at
/// once. Both answers are in the child's access log.
async fn erasure_on_request(t: &TestApp) {
    let receipt = t.report(distinctive_report()).await;
    let counsellor = t.staff("drita.c", Role::Counsellor).await;
    let police = t.staff("besnik", Role::PoliceInvestigator).await;
    let id = t.case_id(&counsellor).await;
    let answer = format!("/api/v1/cases/{id}/erasure");
    let cookie = followup_cookie(t, &receipt).await;
    let page = t.page("/en/followup", Some(&cookie)).await.body;
    assert!(page.contains("when the police or a prosecutor are still investigating"), "the exceptions are explained");
    // Nothing to answer yet.
    assert_eq!(t.post(&answer, json!({"decision": "accept"}), &counsellor).await.status, StatusCode::CONFLICT);
    assert_eq!(t.form("/en/followup/erasure", &[], Some(&cookie)).await.status, StatusCode::FORBIDDEN, "CSRF");
    let asked = t.form("/en/followup/erasure", &[("csrf", &csrf_of(&page))], Some(&cookie)).await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER);
    let page = t.page("/en/followup", Some(&cookie)).await.body;
    assert!(page.contains("to erase your report. The people who look after it will answer here."), "{page}");
    assert!(!page.contains("data-ask-erasure"), "one request at a time");
    let child = t.survivor(&receipt).await;
    assert_eq!(t.json(Method::POST, "/api/v1/followup/erasure", None, Some(&child)).await.status, StatusCode::CONFLICT);
    // The counsellor who holds the case is told, without what it is about.
    let drita = t.store().staff_by_username("drita.c").await.unwrap().unwrap();
    let told = t.store().notifications(&drita.id, 10).await.unwrap();
    assert!(told.iter().any(|n| n.kind == "child-erasure" && n.report_id.as_deref() == Some(id.as_str())), "{told:?}");
    // Staff see it on the case page; only those who hold the case answer.
    let staff_cookie = t.page_login("drita.c").await;
    let case_page = t.page(&format!("/en/staff/reports/{id}"), Some(&staff_cookie)).await.body;
    assert!(case_page.contains("The child asks for erasure"));
    assert_eq!(t.post(&answer, json!({"decision": "accept"}), &police).await.status, StatusCode::NOT_FOUND);
    let no_reason = t.post(&answer, json!({"decision": "refuse"}), &counsellor).await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    let refused = t
        .post(
            &answer,
            json!({"decision": "refuse", "reason": "investigation", "text": "We will ask again in March when the police are done"}),
            &counsellor,
        )
        .await;
    assert_eq!(refused.status, StatusCode::NO_CONTENT, "{}", refused.body);
    let page = t.page("/en/followup", Some(&cookie)).await.body;
    assert!(page.contains("kept for now because the police or a prosecutor are still investigating"), "{page}");
    assert!(page.contains("We will ask again in March when the police are done"));
    let state = t.json(Method::GET, "/api/v1/followup/erasure", None, Some(&child)).await.json();
    assert_eq!((state["status"].as_str(), state["reason"].as_str()), (Some("refused"), Some("investigation")));
    // The words are sealed at rest.
    assert!(!contains(&t.bytes_at_rest(), b"ask again in March"));
    // Asked again: accepted, and the case is erased at once.
    let again = t.json(Method::POST, "/api/v1/followup/erasure", None, Some(&child)).await;
    assert_eq!(again.status, StatusCode::CREATED, "{}", again.body);
    assert_eq!(again.json()["status"], "pending");
    // What the binary does outside the database (the case-key copy forgets the case) is
    // asked for with the erased case's id.
    let forgotten = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let seen = forgotten.clone();
    let _ = t.app.on_erased.set(Box::new(move |cases: &[String]| seen.lock().unwrap().extend_from_slice(cases)));
    assert_eq!(t.post(&answer, json!({"decision": "accept"}), &counsellor).await.status, StatusCode::NO_CONTENT);
    assert!(t.report_of(&receipt).await.erased_at.is_some());
    assert_eq!(forgotten.lock().unwrap().as_slice(), std::slice::from_ref(&id), "the case-key copy is told");
    assert_eq!(
        t.json(Method::GET, &format!("/api/v1/cases/{id}"), None, Some(&counsellor)).await.status,
        StatusCode::GONE
    );
    // Erasure ends the open sessions; the receipt still opens what is left.
    let child = t.survivor(&receipt).await;
    let view = t.json(Method::GET, "/api/v1/followup", None, Some(&child)).await.json();
    assert!(view["erased_at"].as_i64().is_some(), "{view}");
    let actions: Vec<&str> = view["accessed"].as_array().unwrap().iter().filter_map(|a| a["action"].as_str()).collect();
    for a in ["child-erasure-requested", "erasure-refused", "erasure-accepted", "case-erased"] {
        assert!(actions.contains(&a), "{a} missing from {actions:?}");
    }
    let cookie = followup_cookie(t, &receipt).await;
    let page = t.page("/en/followup", Some(&cookie)).await.body;
    assert!(page.contains("Your request was accepted: your report was erased"), "{page}");
    assert!(!page.contains(WORDS));
}

#[tokio::test]
async fn erasure_on_request_sqlite() {
    erasure_on_request(&TestApp::new().await).await;
}

#[tokio::test]
async fn erasure_on_request_postgres() {
    if let Some(t) = TestApp::postgres().await {
        erasure_on_request(&t).await;
    }
}

// ----- the rating after a chat -----

/// After an answered chat ends the child may rate it once, anonymously: the count goes up
/// for the organisation and month only, the same token cannot rate twice, and the
/// satisfaction figure (and the statistics page, for an ended month) shows it.
async fn a_chat_is_rated_once(t: &TestApp) {
    t.create("drita", Role::Counsellor, Some("helpline")).await;
    let staff = t.page_login("drita").await;
    let csrf = csrf_of(&t.page("/en/staff/chats", Some(&staff)).await.body);
    t.form("/en/staff/chats/duty", &[("csrf", &csrf), ("on", "1")], Some(&staff)).await;
    let answers = [("yes", "yes"), ("yes", "yes"), ("partly", "yes"), ("no", "no"), ("yes", "no")];
    for (i, (listened, come_back)) in answers.iter().enumerate() {
        let receipt = t.report(distinctive_report()).await;
        let cookie = followup_cookie(t, &receipt).await;
        let child = t.survivor(&receipt).await;
        assert_eq!(t.json(Method::GET, "/api/v1/chat/rating", None, Some(&child)).await.json()["token"], json!(null));
        let chat =
            t.script("/followup/chat/open", json!({}), &cookie, None).await.json()["chat"].as_str().unwrap().to_owned();
        let taken = t.form(&format!("/en/staff/chats/{chat}/take"), &[("csrf", &csrf)], Some(&staff)).await;
        assert_eq!(taken.status, StatusCode::SEE_OTHER, "{}", taken.body);
        let ended =
            t.form(&format!("/en/staff/chats/{chat}/end"), &[("csrf", &csrf), ("block", "0")], Some(&staff)).await;
        assert_eq!(ended.status, StatusCode::SEE_OTHER, "{}", ended.body);
        let token = t.json(Method::GET, "/api/v1/chat/rating", None, Some(&child)).await.json()["token"]
            .as_str()
            .unwrap()
            .to_owned();
        if i == 0 {
            // On the page: the follow-up page invites, the rating page asks both questions.
            let page = t.page("/en/followup", Some(&cookie)).await.body;
            assert!(page.contains("data-rating-link"), "{page}");
            let form = t.page("/en/followup/chat/rating", Some(&cookie)).await.body;
            assert!(form.contains("Did you feel listened to?") && form.contains(&token));
            let half = t.form("/en/followup/chat/rating", &[("token", &token), ("listened", "yes")], None).await;
            assert_eq!(half.status, StatusCode::UNPROCESSABLE_ENTITY);
            let sent = t
                .form(
                    "/en/followup/chat/rating",
                    &[("token", &token), ("listened", listened), ("come_back", come_back)],
                    None,
                )
                .await;
            assert_eq!(sent.status, StatusCode::OK);
            assert!(sent.body.contains("Thank you for telling us."));
        } else {
            let body = json!({"token": token, "listened": listened, "come_back": come_back});
            assert_eq!(
                t.json(Method::POST, "/api/v1/chat/rating", Some(body), None).await.status,
                StatusCode::NO_CONTENT
            );
        }
        // Once only.
        let again = json!({"token": token, "listened": "no", "come_back": "no"});
        assert_eq!(t.json(Method::POST, "/api/v1/chat/rating", Some(again), None).await.status, StatusCode::CONFLICT);
        assert_eq!(t.json(Method::GET, "/api/v1/chat/rating", None, Some(&child)).await.json()["token"], json!(null));
        assert!(!t.page("/en/followup", Some(&cookie)).await.body.contains("data-rating-link"));
    }
    let today = zeri_web::now_ms() / 86_400_000;
    let last = zeri_domain::statistics::Period::last_full_month(today);
    let n = *last.month_numbers().start() + 1;
    let this_month =
        zeri_domain::statistics::Period::Month { year: n.div_euclid(12), month: (n.rem_euclid(12) + 1) as u8 };
    let s = zeri_web::service::ratings::satisfaction(&t.app, "helpline", this_month).await.unwrap();
    assert_eq!(s.ratings, 5);
    assert_eq!(s.listened, [3, 1, 1]);
    assert_eq!(s.come_back, [3, 2]);
    assert_eq!(s.listened_percent, Some(70.0));
    assert_eq!(s.come_back_percent, Some(60.0));
    assert_eq!(zeri_web::service::ratings::satisfaction(&t.app, "helpline", last).await.unwrap().ratings, 0);
    // What is kept is counts by organisation and month: no row per rating, no chat.
    let counts = t
        .store()
        .rating_counts("helpline", &format!("{:04}-{:02}", n.div_euclid(12), n.rem_euclid(12) + 1), "9999-12")
        .await
        .unwrap();
    assert_eq!(counts.iter().map(|c| c.count).sum::<i64>(), 5);
    assert_eq!(counts.len(), 4, "identical answers share one count: {counts:?}");

    // The statistics page shows an ended month's figure (ratings counted into it here).
    let month = format!("{:04}-{:02}", last.year(), last.month_numbers().start().rem_euclid(12) + 1);
    for k in 0..6 {
        let chat_id = format!("old-chat-{k}");
        let digest = format!("{:064x}", k + 1);
        assert!(t.store().issue_rating_token(&chat_id, &digest, "helpline").await.unwrap());
        t.store().rate_chat(&digest, &month, "yes", if k < 3 { "yes" } else { "no" }).await.unwrap();
    }
    t.create("stat1", Role::Statistician, None).await;
    let stat = t.page_login("stat1").await;
    let page = t.page(&format!("/en/statistics?period={month}"), Some(&stat)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Satisfaction after chats"));
    assert!(page.body.contains("100.0 %") && page.body.contains("50.0 %"), "{}", page.body);
}

#[tokio::test]
async fn a_chat_is_rated_once_sqlite() {
    let t = TestApp::with(WebConfig {
        chat_hours: zeri_domain::hours::parse("daily 00:00-24:00").unwrap(),
        ..fast_config()
    })
    .await;
    a_chat_is_rated_once(&t).await;
}

#[tokio::test]
async fn a_chat_is_rated_once_postgres() {
    if let Some(t) = postgres_with(WebConfig {
        chat_hours: zeri_domain::hours::parse("daily 00:00-24:00").unwrap(),
        ..fast_config()
    })
    .await
    {
        a_chat_is_rated_once(&t).await;
    }
}

/// `TestApp::postgres` with a configuration of the test's own.
async fn postgres_with(config: WebConfig) -> Option<TestApp> {
    let admin = std::env::var("ZERI_TEST_POSTGRES_URL").ok()?;
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
