//! Reporting: the form and the API, bad input, nothing personal at rest, phone calls.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use serde_json::{json, Value};
use zeri_crypto::{Keyring, MasterKey};
use zeri_domain::Role;

use crate::support::*;

/// The whole path through the API: report, follow up, a counsellor answers and moves the
/// stage, the child sees it all and who opened the report.
async fn api_flow(t: &TestApp) {
    let receipt = t
        .report(json!({
            "reporter": "self", "category": "grooming", "description": "A man on a game asks me for photos",
            "platform": "Roblox", "links": "https://example.com/u/123", "when": "this_week", "age_band": "13_15",
            "location": "Kukes", "contact_method": "email", "email": "drita@example.al",
            "consent_cpo": true, "consent_police": false
        }))
        .await;
    assert!(regex_like_receipt(&receipt), "{receipt}");
    let child = t.survivor(&receipt).await;
    let view = t.json(Method::GET, "/api/v1/followup", None, Some(&child)).await.json();
    assert_eq!(view["stage"], "received");
    assert!(view["next"].as_str().unwrap().len() > 20);
    assert!(view["rights"].as_array().unwrap().len() >= 3);
    assert_eq!(view["accessed"][0]["action"], "created");

    let res =
        t.json(Method::POST, "/api/v1/followup/messages", Some(json!({"body": "Are you there?"})), Some(&child)).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);

    let counsellor = t.staff("drita", Role::Counsellor).await;
    let cases = t.json(Method::GET, "/api/v1/cases", None, Some(&counsellor)).await.json();
    let case = &cases.as_array().unwrap()[0];
    assert_eq!(case["municipality"], "Kukës");
    assert_eq!(case["awaiting_reply"], true);
    assert!(case.get("description").is_none(), "the queue carries no free text");
    let id = case["id"].as_str().unwrap();

    let detail = t.json(Method::GET, &format!("/api/v1/cases/{id}"), None, Some(&counsellor)).await.json();
    assert_eq!(detail["description"], "A man on a game asks me for photos");
    assert_eq!(detail["contact_masked"], "d•••@•••.al");
    assert!(!detail.to_string().contains("drita@example.al"), "contact must stay masked");
    assert_eq!(detail["stage"], "in_review", "opening a new report puts it in review");
    assert_eq!(detail["messages"][0]["from"], "child");

    let res = t
        .json(
            Method::POST,
            &format!("/api/v1/cases/{id}/messages"),
            Some(json!({"body": "I am here. You did nothing wrong."})),
            Some(&counsellor),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let res = t
        .json(
            Method::POST,
            &format!("/api/v1/cases/{id}/stage"),
            Some(json!({"stage": "waiting_for_you"})),
            Some(&counsellor),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let res = t
        .json(Method::POST, &format!("/api/v1/cases/{id}/stage"), Some(json!({"stage": "received"})), Some(&counsellor))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);

    let view = t.json(Method::GET, "/api/v1/followup", None, Some(&child)).await.json();
    assert_eq!(view["stage"], "waiting_for_you");
    assert_eq!(view["messages"][1]["from"], "team");
    assert_eq!(view["messages"][1]["body"], "I am here. You did nothing wrong.");
    let accessed: Vec<_> =
        view["accessed"].as_array().unwrap().iter().map(|a| a["action"].as_str().unwrap().to_owned()).collect();
    assert!(accessed.contains(&"opened".to_owned()), "{accessed:?}");
    let opened = view["accessed"].as_array().unwrap().iter().find(|a| a["action"] == "opened").unwrap();
    assert_eq!(opened["role"], "counsellor");
    assert!(!view.to_string().contains("drita\""), "staff names never reach the child");

    // The child's answer puts the report back in review.
    t.json(Method::POST, "/api/v1/followup/messages", Some(json!({"body": "Yes, thank you"})), Some(&child)).await;
    let view = t.json(Method::GET, "/api/v1/followup", None, Some(&child)).await.json();
    assert_eq!(view["stage"], "in_review");

    // Leaving ends the session.
    assert_eq!(
        t.json(Method::DELETE, "/api/v1/followup/session", None, Some(&child)).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(t.json(Method::GET, "/api/v1/followup", None, Some(&child)).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn api_flow_sqlite() {
    api_flow(&TestApp::new().await).await;
}

#[tokio::test]
async fn api_flow_postgres() {
    let Ok(admin) = std::env::var("ZERI_TEST_POSTGRES_URL") else {
        assert!(std::env::var("CI").is_err(), "CI must run the PostgreSQL tests: set ZERI_TEST_POSTGRES_URL");
        return;
    };
    use sqlx::Connection;
    let mut conn = sqlx::PgConnection::connect(&admin).await.unwrap();
    let name = format!("zeri_web_{}", uuid::Uuid::new_v4().simple());
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.unwrap();
    let url = format!("{}/{name}", admin.rsplit_once('/').unwrap().0);
    let t = TestApp::on(&url, tempfile::tempdir().unwrap(), fast_config(), Keyring::new(MasterKey::generate())).await;
    assert_eq!(t.store().backend(), "postgres");
    api_flow(&t).await;
}

/// Every kind of bad input: a 4xx with the error shape, and nothing stored.
#[tokio::test]
async fn bad_report_input_is_refused_and_nothing_is_stored() {
    let t = TestApp::new().await;
    let with = |k: &str, v: Value| {
        let mut m = minimal();
        m[k] = v;
        m
    };
    let cases: Vec<(Value, &str)> = vec![
        (with("reporter", json!(5)), "reporter"),
        (with("description", json!(["a"])), "description"),
        (with("consent_police", json!("yes")), "consent_police"),
        (with("category", json!("murder")), "category"),
        (with("age_band", json!("99")), "age_band"),
        (with("description", json!("x".repeat(5001))), "description"),
        (with("platform", json!("x".repeat(101))), "platform"),
        (with("location", json!("Atlantis")), "location"),
        (with("location", json!("Fierze")), "location"),
        (with("contact_method", json!("phone")), "phone"),
        (with("email", json!("not-an-address")), "unused"),
        (with("surprise", json!(1)), "surprise"),
        (json!({}), "description"),
    ];
    for (body, field) in cases {
        let res = t.json(Method::POST, "/api/v1/reports", Some(body.clone()), None).await;
        if field == "unused" {
            // An e-mail typed while "do not contact me" is chosen is dropped, not an error.
            assert_eq!(res.status, StatusCode::CREATED);
            continue;
        }
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {}", res.body);
        let v = res.json();
        assert_eq!(v["error"]["code"], "validation");
        assert!(v["error"]["fields"][field].is_string(), "{field}: {}", res.body);
    }
    let stored_before_raw = t.report_count().await;
    assert_eq!(stored_before_raw, 1, "only the valid report was stored");
    let raw: Vec<(Option<&str>, Vec<u8>, StatusCode, &str)> = vec![
        (Some("application/json"), b"{\"reporter\": ".to_vec(), StatusCode::BAD_REQUEST, "invalid-json"),
        (Some("application/json"), Vec::new(), StatusCode::BAD_REQUEST, "empty-body"),
        (Some("application/json"), b"[1,2]".to_vec(), StatusCode::BAD_REQUEST, "not-an-object"),
        (Some("text/plain"), b"{}".to_vec(), StatusCode::UNSUPPORTED_MEDIA_TYPE, "not-json"),
        (None, b"{}".to_vec(), StatusCode::UNSUPPORTED_MEDIA_TYPE, "not-json"),
        (
            Some("application/json"),
            format!("{{\"description\": \"{}\"}}", "x".repeat(70_000)).into_bytes(),
            StatusCode::PAYLOAD_TOO_LARGE,
            "too-large",
        ),
        (Some("application/json"), vec![0xff, 0xfe, 0x00], StatusCode::BAD_REQUEST, "invalid-json"),
    ];
    for (ct, body, status, code) in raw {
        let res = t.raw("/api/v1/reports", ct, body).await;
        assert_eq!(res.status, status, "{code}: {}", res.body);
        assert_eq!(res.json()["error"]["code"], code);
    }
    assert_eq!(t.report_count().await, 1);
}

#[tokio::test]
async fn api_errors_speak_albanian_by_default() {
    let t = TestApp::new().await;
    let req = Request::post("/api/v1/reports")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{}"))
        .unwrap();
    let res = t.send(req).await;
    let msg = res.json()["error"]["fields"]["description"].as_str().unwrap().to_owned();
    let en = t.json(Method::POST, "/api/v1/reports", Some(json!({})), None).await.json()["error"]["fields"]
        ["description"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_ne!(msg, en, "Albanian and English messages differ");
}

#[tokio::test]
async fn the_form_keeps_what_was_typed_and_explains_errors_in_the_page_language() {
    let t = TestApp::new().await;
    let fields = [
        ("reporter", "self"),
        ("description", "Dikush më kërcënon <b>"),
        ("location", "Atlantis"),
        ("age_band", "16_17"),
    ];
    let en = t.form("/en/report", &fields, None).await;
    assert_eq!(en.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(en.body.contains("Dikush më kërcënon &lt;b&gt;"), "typed text kept and escaped");
    assert!(en.body.contains("We do not know this place"));
    assert!(en.body.contains("Please choose one."), "a missing choice asks to choose");
    assert!(en.body.contains(r#"value="Atlantis""#));
    let sq = t.form("/sq/report", &fields, None).await;
    assert!(sq.body.contains(r#"<html lang="sq">"#));
    assert_ne!(sq.body.matches("field-error").count(), 0);
    assert!(!sq.body.contains("We do not know this place"), "Albanian page shows Albanian errors");
    assert_eq!(t.report_count().await, 0);

    let ok = t
        .form(
            "/sq/report",
            &[
                ("reporter", "on_behalf"),
                ("category", "images_shared"),
                ("description", "Fotot e vajzës sime"),
                ("age_band", "13_15"),
                ("location", "Korçë"),
                ("consent_cpo", "true"),
            ],
            None,
        )
        .await;
    assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.body);
    assert!(ok.body.contains("data-receipt"));
    assert_eq!(ok.headers[header::CACHE_CONTROL], "no-store");
    assert_eq!(t.report_count().await, 1);
}

#[tokio::test]
async fn the_page_flow_works_without_javascript() {
    let t = TestApp::new().await;
    let page = t
        .form(
            "/en/report",
            &[
                ("reporter", "self"),
                ("category", "harassment"),
                ("description", "Messages every night"),
                ("age_band", "16_17"),
            ],
            None,
        )
        .await;
    let start = page.body.find("data-receipt>").unwrap() + "data-receipt>".len();
    let receipt = &page.body[start..start + 24];
    assert!(regex_like_receipt(receipt), "{receipt}");

    let opened = t.form("/en/followup", &[("receipt", &receipt.replace('-', " "))], None).await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER);
    let cookie = opened.cookie();
    let set = opened.headers[header::SET_COOKIE].to_str().unwrap();
    assert!(set.contains("HttpOnly") && set.contains("SameSite=Strict") && !set.contains("Secure"), "{set}");
    let status = t.page("/en/followup", Some(&cookie)).await;
    assert!(status.body.contains("data-stage=\"received\""));
    assert!(status.body.contains("Your rights"));
    let sent = t.form("/en/followup/messages", &[("body", "More info: it started in May")], Some(&cookie)).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);
    let empty = t.form("/en/followup/messages", &[("body", "  ")], Some(&cookie)).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains("Please fill this in"));

    // A counsellor signs in on the page, opens, replies and moves the stage.
    t.create("arben", Role::Counsellor, Some("helpline")).await;
    let bad = t.login_post(&[("username", "arben"), ("password", "wrong")]).await;
    assert_eq!(bad.status, StatusCode::UNAUTHORIZED);
    let no_code = t.login_post(&[("username", "arben"), ("password", PASSWORD)]).await;
    assert_eq!(no_code.status, StatusCode::SEE_OTHER, "the second factor is asked for next");
    assert_eq!(no_code.headers[header::LOCATION], "/en/staff/login/code");
    assert_eq!(t.page("/en/staff", Some(&no_code.cookie())).await.status, StatusCode::SEE_OTHER, "not signed in");
    let staff = t.page_login("arben").await;
    let queue = t.page("/en/staff", Some(&staff)).await;
    let href_start = queue.body.find("/en/staff/reports/").unwrap();
    let href = &queue.body[href_start..href_start + "/en/staff/reports/".len() + 32];
    let case = t.page(href, Some(&staff)).await;
    assert_eq!(case.status, StatusCode::OK);
    assert!(case.body.contains("Messages every night"));
    assert!(case.body.contains("More info: it started in May"));
    assert!(case.body.contains("The reporter sent the report."), "staff read the history in their own words");
    let csrf_at = case.body.find("name=\"csrf\" value=\"").unwrap() + "name=\"csrf\" value=\"".len();
    let csrf = case.body[csrf_at..csrf_at + 32].to_owned();
    let forged = t.form(&format!("{href}/messages"), &[("body", "forged")], Some(&staff)).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN, "no CSRF token, no reply");
    let replied = t
        .form(&format!("{href}/messages"), &[("csrf", &csrf), ("body", "Thank you for telling us.")], Some(&staff))
        .await;
    assert_eq!(replied.status, StatusCode::SEE_OTHER);
    let moved =
        t.form(&format!("{href}/stage"), &[("csrf", &csrf), ("stage", "referred_for_support")], Some(&staff)).await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER);

    let status = t.page("/en/followup", Some(&cookie)).await;
    assert!(status.body.contains("Thank you for telling us."));
    assert!(status.body.contains("data-stage=\"referred_for_support\""));
    assert!(
        status.body.contains(
            "A helpline counsellor (Linja Kombëtare e Këshillimit për Fëmijë ALO 116 111) opened your report"
        ),
        "{}",
        status.body
    );
    assert!(!status.body.contains("arben"), "the child sees roles, never names");

    let left = t.form("/en/followup/leave", &[], Some(&cookie)).await;
    assert_eq!(left.status, StatusCode::SEE_OTHER);
    assert!(left.headers[header::SET_COOKIE].to_str().unwrap().contains("Max-Age=0"));
    let after = t.page("/en/followup", Some(&cookie)).await;
    assert!(after.body.contains("name=\"receipt\""), "session ended");
}

/// The bytes of the data folder — database, WAL, everything — hold none of the personal
/// text that went in.
#[tokio::test]
async fn nothing_personal_at_rest() {
    let t = TestApp::new().await;
    let secrets = [
        "Zqxj-DESCRIPTION-8841",
        "Zqxj-PLATFORM-8841",
        "zqxj-link-8841.example",
        "Zqxj-NAME-8841",
        "zqxj8841@example.al",
        "Zqxj-MESSAGE-8841",
        "Zqxj-REPLY-8841",
        "Grekan",
        "Zqxj-EVIDENCE-8841",
        "Zqxj-FILENAME-8841",
    ];
    let receipt = t
        .report(json!({
            "reporter": "self", "category": "grooming", "description": secrets[0], "platform": secrets[1],
            "links": secrets[2], "age_band": "13_15", "name": secrets[3], "contact_method": "email", "email": secrets[4],
            "location": "Grekan"
        }))
        .await;
    let child = t.survivor(&receipt).await;
    t.json(Method::POST, "/api/v1/followup/messages", Some(json!({"body": secrets[5]})), Some(&child)).await;
    let staff = t.staff("ana", Role::Counsellor).await;
    let id =
        t.json(Method::GET, "/api/v1/cases", None, Some(&staff)).await.json()[0]["id"].as_str().unwrap().to_owned();
    t.json(Method::POST, &format!("/api/v1/cases/{id}/messages"), Some(json!({"body": secrets[6]})), Some(&staff))
        .await;
    // A chat export as evidence, with its file name: both only sealed at rest.
    let chat = b"[12:01] Zqxj-EVIDENCE-8841: send me a photo or else".as_slice();
    let res = t
        .upload(
            "/api/v1/followup/evidence",
            &[("body", "the chat")],
            &[("Zqxj-FILENAME-8841.txt", chat)],
            Some(&child),
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let all = t.bytes_at_rest();
    assert!(t.dir.path().join("evidence").is_dir(), "the scan read the database and the evidence folder");
    assert!(all.len() > 10_000, "the scan read the database");
    assert!(
        contains(&all, b"sexual_extortion") || contains(&all, b"grooming"),
        "coded fields are visible, so the scan works"
    );
    for s in
        secrets.iter().chain([&receipt.as_str(), &receipt.replace('-', "").as_str(), &child.as_str(), &staff.as_str()])
    {
        assert!(!contains(&all, s.as_bytes()), "{s} found in plaintext at rest");
    }
}

/// A counsellor logs a helpline call as a report: the consent questions must have been read
/// out; the call becomes an ordinary case (same record, same statistics) held by the
/// counsellor, with the call and its follow-up on it, and a receipt to read out. A later
/// call is added to the case. Bad input is explained and nothing is stored.
#[tokio::test]
async fn a_helpline_call_becomes_a_report_and_later_calls_join_it() {
    let t = TestApp::new().await;
    t.create("cn-phone", Role::Counsellor, Some("helpline")).await;
    let staff = t.page_login("cn-phone").await;
    let form = t.page("/en/staff/phone", Some(&staff)).await;
    assert_eq!(form.status, StatusCode::OK);
    let csrf = csrf_of(&form.body);
    let fields = |consent_read: &'static str, minutes: &'static str| {
        vec![
            ("csrf", csrf.clone()),
            ("reporter", "on_behalf".to_owned()),
            ("category", "sexual_extortion".to_owned()),
            ("age_band", "13_15".to_owned()),
            ("description", "Zqxj-CALL mother says a stranger demands money for photos".to_owned()),
            ("location", "Kukës".to_owned()),
            ("contact_method", "none".to_owned()),
            ("consent_cpo", "yes".to_owned()),
            ("consent_read", consent_read.to_owned()),
            ("follow_up", "call_back".to_owned()),
            ("minutes", minutes.to_owned()),
        ]
    };
    let before = t.report_count().await;
    for bad in [fields("", "12"), fields("yes", "9999")] {
        let res = t.form("/en/staff/phone", &as_refs(&bad), Some(&staff)).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
        assert!(res.body.contains("Zqxj-CALL"), "what was typed stays");
    }
    assert_eq!(t.report_count().await, before, "nothing stored");
    let saved = t.form("/en/staff/phone", &as_refs(&fields("yes", "12")), Some(&staff)).await;
    assert_eq!(saved.status, StatusCode::CREATED, "{}", saved.body);
    let receipt = saved.body.split("data-receipt>").nth(1).and_then(|r| r.split('<').next()).unwrap().to_owned();
    let report = t.report_of(&receipt).await;
    let cn = t.store().staff_by_username("cn-phone").await.unwrap().unwrap();
    assert_eq!(report.assigned_to.as_deref(), Some(cn.id.as_str()), "the counsellor holds the case");
    assert!(report.consent_cpo && !report.consent_police);
    let calls = t.store().contacts(&report.id).await.unwrap();
    assert_eq!((calls.len(), calls[0].minutes, calls[0].follow_up.as_str()), (1, Some(12), "call_back"));

    // A second call is added on the case page; both show there.
    let page = t.page(&format!("/en/staff/reports/{}", report.id), Some(&staff)).await;
    let case_csrf = csrf_of(&page.body);
    let added = t
        .form(
            &format!("/en/staff/reports/{}/contacts", report.id),
            &[
                ("csrf", &case_csrf),
                ("summary", "Zqxj-CALL-2 the child called back"),
                ("follow_up", "chat"),
                ("minutes", "5"),
            ],
            Some(&staff),
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let page = t.page(&format!("/en/staff/reports/{}", report.id), Some(&staff)).await;
    assert!(page.body.contains("Zqxj-CALL mother says") && page.body.contains("Zqxj-CALL-2"), "{}", page.body);
    // The child, with the receipt, sees that the calls were noted (by role, not by name).
    let child = t.survivor(&receipt).await;
    let view = t.json(Method::GET, "/api/v1/followup", None, Some(&child)).await.json();
    let noted = view["accessed"].as_array().unwrap().iter().filter(|a| a["action"] == "phone-contact").count();
    assert_eq!(noted, 2);
    assert!(!contains(&t.bytes_at_rest(), b"Zqxj-CALL"), "nothing of the calls in plaintext at rest");
}

/// A call taken by a hotline analyst is held by the hotline: the analyst gets the receipt to
/// read out and the case, instead of a report stored out of their reach.
#[tokio::test]
async fn a_call_taken_by_the_hotline_is_held_by_the_hotline() {
    let t = TestApp::new().await;
    t.create("an-phone", Role::HotlineAnalyst, Some("hotline")).await;
    let analyst = t.page_login("an-phone").await;
    let form = t.page("/en/staff/phone", Some(&analyst)).await;
    assert_eq!(form.status, StatusCode::OK);
    let csrf = csrf_of(&form.body);
    let fields = [
        ("csrf", csrf.as_str()),
        ("reporter", "on_behalf"),
        ("category", "abuse_material_seen"),
        ("age_band", "unknown"),
        ("description", "A caller found pictures of a child on a forum"),
        ("contact_method", "none"),
        ("consent_read", "yes"),
        ("follow_up", "none"),
    ];
    let saved = t.form("/en/staff/phone", &fields, Some(&analyst)).await;
    assert_eq!(saved.status, StatusCode::CREATED, "{}", saved.body);
    let receipt = saved.body.split("data-receipt>").nth(1).and_then(|r| r.split('<').next()).unwrap().to_owned();
    let report = t.report_of(&receipt).await;
    assert_eq!(report.org_id, "hotline");
    let page = t.page(&format!("/en/staff/reports/{}", report.id), Some(&analyst)).await;
    assert_eq!(page.status, StatusCode::OK, "the analyst opens the case they took");
    let counsellor = t.staff("cn-other", Role::Counsellor).await;
    let other = t.json(Method::GET, &format!("/api/v1/cases/{}", report.id), None, Some(&counsellor)).await;
    assert_eq!(other.status, StatusCode::NOT_FOUND, "the helpline does not hold it");
}

/// Errors a child can act on (issue 20, point 4): the summary lists errors in the order of
/// the form and each entry names the field to focus; the language switch keeps the page,
/// and on a half-filled form keeps what was typed.
#[tokio::test]
async fn the_error_summary_follows_the_form_and_the_language_switch_keeps_the_page() {
    let t = TestApp::new().await;
    // Missing: reporter, category, description, age band (alphabetically: age_band first).
    let res = t.upload("/en/report", &[("location", "Nowhere-at-all")], &[], None, None).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let summary = res.body.split("data-error-summary").nth(1).unwrap().split("</ul>").next().unwrap().to_owned();
    let order: Vec<usize> =
        ["#field-reporter", "#field-category", "#field-description", "#field-age_band", "#field-location"]
            .iter()
            .map(|f| summary.find(f).unwrap_or_else(|| panic!("{f} in {summary}")))
            .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "in the order of the form: {summary}");
    assert!(summary.contains("data-focus=\"input[name=reporter]\"") && summary.contains("data-focus=\"#description\""));
    // The switch keeps the page…
    let help = t.page("/en/help", None).await.body;
    assert!(help.contains("href=\"/sq/help\" lang=\"sq\""), "the same page in Albanian");
    // …and a half-filled form comes back in the other language with what was typed, unchecked.
    let switched = t
        .upload("/sq/report", &[("description", "Dikush më kërcënon"), ("switch_language", "1")], &[], None, None)
        .await;
    assert_eq!(switched.status, StatusCode::OK, "nothing checked");
    assert!(switched.body.contains("Dikush më kërcënon") && switched.body.contains("lang=\"sq\""));
    assert!(!switched.body.contains("data-error-summary"));
    assert_eq!(t.report_count().await, 0, "nothing stored");
}

/// The one-time token of a report form page.
fn form_token(page: &str) -> String {
    page.split("name=\"form_token\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned()
}

/// A short report sent with the form's token.
fn grooming_form(token: &str) -> [(&'static str, &str); 5] {
    [
        ("reporter", "self"),
        ("category", "grooming"),
        ("description", "Someone keeps asking for photos"),
        ("age_band", "13_15"),
        ("form_token", token),
    ]
}

/// No duplicate, no leftover (issue 20, point 2): the web form carries a one-time token and
/// its answer is a redirect to the receipt page; sending the same form again files nothing
/// new and leads to the same page; the receipt shows until the child says they wrote it
/// down, then never again on that device.
#[tokio::test]
async fn the_same_form_sent_twice_files_one_report_and_its_receipt_page_shows_it_once() {
    let t = TestApp::new().await;
    let form = t.page("/en/report", None).await.body;
    assert!(form.contains("autocomplete=\"off\""), "no form restore of typed text");
    let token = form_token(&form);
    let fields = grooming_form(&token);
    let sent = t.upload("/en/report", &fields, &[], None, None).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    assert_eq!(sent.headers[header::LOCATION], "/en/report/received");
    let cookie = sent.cookie();
    assert_eq!(t.report_count().await, 1);
    let page = t.page("/en/report/received", Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    let receipt = page.body.split("data-receipt>").nth(1).unwrap().split('<').next().unwrap().to_owned();
    assert!(t.form("/en/followup", &[("receipt", &receipt)], None).await.status.is_redirection(), "a real receipt");
    // A reload shows the same receipt; the form sent again (Back and send, a double tap)
    // files nothing and leads to the same page.
    assert!(t.page("/en/report/received", Some(&cookie)).await.body.contains(&receipt));
    let again = t.upload("/en/report", &fields, &[], None, None).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert_eq!(t.report_count().await, 1, "no second report");
    // "I have written it down": never shown again.
    let done = t.form("/en/report/received/done", &[], Some(&cookie)).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let after = t.page("/en/report/received", Some(&cookie)).await.body;
    assert!(!after.contains(&receipt) && after.contains("no longer shown on this device"), "{after}");
    let digest = zeri_web::service::intake::form_digest(&t.app, &token);
    assert!(t.store().submission(&digest).await.unwrap().unwrap().receipt_sealed.is_none(), "blanked at rest");
}

/// A double tap sends the same form twice at the same moment: both answers lead to the
/// receipt page, one report is filed. (The two submissions can meet in one batch of the
/// intake; the clash on the form's token must be told apart from a receipt collision on
/// SQLite too, whose errors name no constraint.)
#[tokio::test]
async fn the_same_form_sent_four_times_at_once_files_one_report() {
    let t = TestApp::new().await;
    for round in 0..3 {
        let token = form_token(&t.page("/en/report", None).await.body);
        let fields = grooming_form(&token);
        let send = || t.upload("/en/report", &fields, &[], None, None);
        let (a, b, c, d) = tokio::join!(send(), send(), send(), send());
        for sent in [a, b, c, d] {
            assert_eq!(sent.status, StatusCode::SEE_OTHER, "round {round}: {}", sent.body);
            assert_eq!(sent.headers[header::LOCATION], "/en/report/received");
        }
        assert_eq!(t.report_count().await, round + 1, "one report a form");
    }
}

/// A shorter way to report (issue 20, point 5): the report in steps, one group per screen,
/// the answers carried in hidden fields; "Next" checks only its step, "Back" and "Change"
/// lose nothing, and the minimum path (what happened, a few words, age) is sent from the
/// third screen by the one-time token path, so a reload files nothing twice.
#[tokio::test]
async fn the_stepped_report_sends_from_the_third_screen_and_back_keeps_the_answers() {
    let t = TestApp::new().await;
    let first = t.page("/en/report", None).await.body;
    assert!(first.contains("name=\"step\" value=\"1\"") && first.contains("Step 1 of 5"), "{first}");
    assert!(first.contains("<progress value=\"1\" max=\"5\" aria-labelledby=\"step-of\">"));
    assert!(!first.contains("id=\"description\"") && !first.contains("<datalist"), "one group per screen");
    assert!(first.contains("href=\"/en/report?all=1\""));
    assert!(t.page("/sq/report", None).await.body.contains("Hapi 1 nga 5"));
    let all = t.page("/en/report?all=1", None).await.body;
    assert!(all.contains("id=\"description\"") && !all.contains("name=\"step\""), "the one-page form");
    let token = form_token(&first);
    let tk = ("form_token", token.as_str());

    // Step 1: only its own fields are checked, beside the field, in the user's language.
    let empty = t.upload("/sq/report", &[tk, ("step", "1"), ("go", "next")], &[], None, None).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains("id=\"error-reporter\"") && empty.body.contains("id=\"error-category\""));
    assert!(!empty.body.contains("error-description") && empty.body.contains("Hapi 1 nga 5"));
    let what = [tk, ("reporter", "self"), ("category", "grooming")];
    let second = t.upload("/en/report", &[&what[..], &[("step", "1"), ("go", "next")]].concat(), &[], None, None).await;
    assert_eq!(second.status, StatusCode::OK);
    assert!(second.body.contains("Step 2 of 5") && second.body.contains("id=\"description\""));
    assert!(second.body.contains("type=\"hidden\" name=\"reporter\" value=\"self\""), "carried along");

    // Step 2 → 3; Back from 3 shows step 2 with what was typed and keeps the age too.
    let words = [&what[..], &[("description", "He asks for photos\nevery night")]].concat();
    let third = t.upload("/en/report", &[&words[..], &[("step", "2"), ("go", "next")]].concat(), &[], None, None).await;
    assert!(third.body.contains("Step 3 of 5") && third.body.contains("<datalist id=\"places\""));
    assert!(third.body.contains("name=\"description\" value=\"He asks for photos\nevery night\""));
    assert!(third.body.contains("value=\"send\"") && third.body.contains("Send now"));
    let age = [&words[..], &[("age_band", "13_15")]].concat();
    let back = t.upload("/en/report", &[&age[..], &[("step", "3"), ("go", "back")]].concat(), &[], None, None).await;
    assert_eq!(back.status, StatusCode::OK, "Back checks nothing");
    assert!(back.body.contains("Step 2 of 5") && back.body.contains(">He asks for photos\nevery night</textarea>"));
    assert!(back.body.contains("type=\"hidden\" name=\"age_band\" value=\"13_15\""));

    // Step 4 → the check: every answer, a "Change" per group; "Change" goes to its step.
    let check = t.upload("/en/report", &[&age[..], &[("step", "4"), ("go", "next")]].concat(), &[], None, None).await;
    assert!(check.body.contains("Step 5 of 5") && check.body.contains("<dd>He asks for photos\nevery night</dd>"));
    assert!(check.body.contains("Do not contact me") || check.body.contains("<dt>How we may contact you</dt>"));
    assert!(check.body.contains("name=\"go\" value=\"2\"") && check.body.contains("id=\"evidence\""));
    let change = t.upload("/en/report", &[&age[..], &[("step", "5"), ("go", "2")]].concat(), &[], None, None).await;
    assert!(change.body.contains("Step 2 of 5"));

    // An answer of an earlier step altered on the way: the report comes back at that step.
    let bad = [&what[..], &[("description", " "), ("age_band", "13_15"), ("step", "5"), ("go", "send")]].concat();
    let refused = t.upload("/en/report", &bad, &[], None, None).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("Step 2 of 5") && refused.body.contains("id=\"error-description\""));
    assert_eq!(t.report_count().await, 0, "nothing stored before the send");

    // "Send now" on step 3: a receipt after three screens; the same send again files nothing.
    let send = [&age[..], &[("step", "3"), ("go", "send")]].concat();
    let sent = t.upload("/en/report", &send, &[], None, None).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    assert_eq!(sent.headers[header::LOCATION], "/en/report/received");
    assert_eq!(t.upload("/en/report", &send, &[], None, None).await.status, StatusCode::SEE_OTHER);
    assert_eq!(t.report_count().await, 1, "no second report");
    // A step that is not one the pages send.
    let odd = t.upload("/en/report", &[tk, ("step", "9")], &[], None, None).await;
    assert_eq!(odd.status, StatusCode::BAD_REQUEST);
}
