//! Cases that belong together (issue 19, point 3): a phone call and an online report of
//! the same child linked and merged (both receipts open the merged case, its access log
//! holds both cases' entries and the merge, the merged-away case answers 404 to staff);
//! suggestions from a shared evidence file shown only to who may read both cases. Each
//! story runs on SQLite and on PostgreSQL.

use axum::http::{Method, StatusCode};
use serde_json::json;
use zeri_domain::Role;

use crate::support::*;

/// A counsellor logs a helpline call as a report on the page; returns its receipt.
async fn phone_report(t: &TestApp, cookie: &str, description: &str) -> String {
    let form = t.page("/en/staff/phone", Some(cookie)).await;
    assert_eq!(form.status, StatusCode::OK);
    let csrf = csrf_of(&form.body);
    let fields = [
        ("csrf", csrf.as_str()),
        ("reporter", "self"),
        ("category", "sexual_extortion"),
        ("age_band", "13_15"),
        ("description", description),
        ("location", "Kukës"),
        ("contact_method", "none"),
        ("consent_cpo", "yes"),
        ("consent_read", "yes"),
        ("follow_up", "call_back"),
        ("minutes", "9"),
    ];
    let saved = t.form("/en/staff/phone", &fields, Some(cookie)).await;
    assert_eq!(saved.status, StatusCode::CREATED, "{}", saved.body);
    saved.body.split("data-receipt>").nth(1).and_then(|r| r.split('<').next()).unwrap().to_owned()
}

fn actions(view: &serde_json::Value) -> Vec<String> {
    view["accessed"].as_array().unwrap().iter().map(|a| a["action"].as_str().unwrap().to_owned()).collect()
}

/// The check of issue 19: a phone contact and an online report linked and merged; both
/// receipts open the merged case and its access log is complete.
async fn a_phone_contact_and_an_online_report_are_merged(t: &TestApp) {
    let online_receipt = t
        .report(json!({"reporter": "self", "category": "sexual_extortion", "age_band": "13_15",
            "description": "Qvxw-ONLINE someone asks money for my photos", "consent_cpo": false, "consent_police": false}))
        .await;
    let online_child = t.survivor(&online_receipt).await;
    let sent = t
        .json(
            Method::POST,
            "/api/v1/followup/messages",
            Some(json!({"body": "Qvxw-MSG he wrote again"})),
            Some(&online_child),
        )
        .await;
    assert!(sent.status.is_success(), "{}", sent.body);
    t.create("drita.c", Role::Counsellor, Some("helpline")).await;
    let counsellor = t.login("drita.c").await;
    let cookie = t.page_login("drita.c").await;
    let police = t.staff("besnik", Role::PoliceInvestigator).await;
    let phone_receipt = phone_report(t, &cookie, "Qvxw-CALL the girl from the game chat called").await;
    let phone_child = t.survivor(&phone_receipt).await;
    let online = t.report_of(&online_receipt).await;
    let phone = t.report_of(&phone_receipt).await;
    assert_ne!(online.id, phone.id);

    // Only linked cases merge; only who holds both links them (the police: as if absent).
    let merge = format!("/api/v1/cases/{}/link-merge", online.id);
    let early = t.post(&merge, json!({"other": phone.id, "confirm": phone.case_ref}), &counsellor).await;
    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", early.body);
    let link = format!("/api/v1/cases/{}/link", online.id);
    assert_eq!(t.post(&link, json!({"other": phone.id}), &police).await.status, StatusCode::NOT_FOUND);
    assert_eq!(t.post(&link, json!({"other": online.id}), &counsellor).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(t.post(&link, json!({"other": "nosuchcase"}), &counsellor).await.status, StatusCode::NOT_FOUND);
    let linked = t.post(&link, json!({"other": phone.id}), &counsellor).await;
    assert_eq!(linked.status, StatusCode::CREATED, "{}", linked.body);
    assert_eq!(t.post(&link, json!({"other": phone.id}), &counsellor).await.status, StatusCode::CONFLICT);
    // The link shows on both cases.
    for (from, to) in [(&online, &phone), (&phone, &online)] {
        let v = t.json(Method::GET, &format!("/api/v1/cases/{}/linked-cases", from.id), None, Some(&counsellor)).await;
        assert_eq!(v.status, StatusCode::OK, "{}", v.body);
        assert_eq!(v.json()["linked"][0]["case_ref"], to.case_ref.as_str(), "{}", v.body);
    }
    let page = t.page(&format!("/en/staff/reports/{}", online.id), Some(&cookie)).await.body;
    assert!(page.contains(&phone.case_ref) && page.contains("Merge for good"), "the case page shows the link");

    // The merge is confirmed by typing the other case's reference; the police may not.
    assert_eq!(
        t.post(&merge, json!({"other": phone.id, "confirm": phone.case_ref}), &police).await.status,
        StatusCode::NOT_FOUND
    );
    let wrong = t.post(&merge, json!({"other": phone.id, "confirm": "Z-0000"}), &counsellor).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", wrong.body);
    assert!(wrong.json()["error"]["fields"]["confirm"].is_string(), "{}", wrong.body);
    let merged = t.post(&merge, json!({"other": phone.id, "confirm": phone.case_ref}), &counsellor).await;
    assert_eq!(merged.status, StatusCode::OK, "{}", merged.body);
    assert_eq!(
        t.post(&merge, json!({"other": phone.id, "confirm": phone.case_ref}), &counsellor).await.status,
        StatusCode::NOT_FOUND,
        "merged already: the case is gone"
    );

    // Staff find the merged-away case no more; the survivor shows what it said.
    assert_eq!(
        t.json(Method::GET, &format!("/api/v1/cases/{}", phone.id), None, Some(&counsellor)).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(t.page(&format!("/en/staff/reports/{}", phone.id), Some(&cookie)).await.status, StatusCode::NOT_FOUND);
    let page = t.page(&format!("/en/staff/reports/{}", online.id), Some(&cookie)).await.body;
    assert!(page.contains("Qvxw-CALL the girl") && page.contains("Qvxw-ONLINE"), "both reports' words on the survivor");
    assert!(page.contains("Merged into this case"), "{page}");

    // The session opened on the merged case ended; both receipts open the merged case.
    assert_eq!(
        t.json(Method::GET, "/api/v1/followup", None, Some(&phone_child)).await.status,
        StatusCode::UNAUTHORIZED
    );
    let mut views = Vec::new();
    for receipt in [&online_receipt, &phone_receipt] {
        let child = t.survivor(receipt).await;
        let view = t.json(Method::GET, "/api/v1/followup", None, Some(&child)).await;
        assert_eq!(view.status, StatusCode::OK, "{}", view.body);
        views.push(view.json());
    }
    assert_eq!(views[0], views[1], "the same case, whichever receipt opened it");
    let view = &views[0];
    assert!(view.to_string().contains("Qvxw-MSG"), "the online case's messages");
    let log = actions(view);
    for action in ["child-message", "phone-contact", "link-added", "link-merged", "link-merged-into"] {
        assert!(log.iter().any(|a| a == action), "{action} in the child's access log: {log:?}");
    }
    let merge_line = view["accessed"].as_array().unwrap().iter().find(|a| a["action"] == "link-merged").unwrap();
    assert_eq!(merge_line["role"], "counsellor");
    assert!(merge_line["text"].as_str().unwrap().contains("joined another report of yours"), "{merge_line}");
    assert!(!view.to_string().contains("drita"), "never a name");
    // A message sent now lands on the survivor.
    let child = t.survivor(&phone_receipt).await;
    let sent = t
        .json(Method::POST, "/api/v1/followup/messages", Some(json!({"body": "Qvxw-AFTER thank you"})), Some(&child))
        .await;
    assert!(sent.status.is_success(), "{}", sent.body);
    assert_eq!(t.store().messages(&online.id).await.unwrap().len(), 2);

    // The audit chain: both cases' entries stay where they were written, with the merge on
    // each, and the chain verifies.
    let on_phone: Vec<String> = t.store().events(&phone.id).await.unwrap().into_iter().map(|e| e.action).collect();
    assert!(on_phone.contains(&"phone-contact".to_owned()) && on_phone.contains(&"link-merged-into".to_owned()));
    let on_online: Vec<String> = t.store().events(&online.id).await.unwrap().into_iter().map(|e| e.action).collect();
    assert!(on_online.contains(&"link-merged".to_owned()) && on_online.contains(&"link-added".to_owned()));
    let chain = t.store().audit_page(0, 100_000).await.unwrap();
    assert!(chain.iter().any(|e| e.event.action == "link-merged"), "the merge is in the audit chain");
    assert!(!contains(&t.bytes_at_rest(), b"Qvxw"), "nothing in plaintext at rest");

    // Erasure at the child's request erases the merged case with the survivor.
    let asked = t.json(Method::POST, "/api/v1/followup/erasure", None, Some(&child)).await;
    assert_eq!(asked.status, StatusCode::CREATED, "{}", asked.body);
    let res = t.post(&format!("/api/v1/cases/{}/erasure", online.id), json!({"decision": "accept"}), &counsellor).await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.body);
    for id in [&online.id, &phone.id] {
        assert!(t.store().report(id).await.unwrap().unwrap().erased_at.is_some(), "{id} erased");
    }
}

#[tokio::test]
async fn a_phone_contact_and_an_online_report_are_merged_sqlite() {
    a_phone_contact_and_an_online_report_are_merged(&TestApp::new().await).await;
}

#[tokio::test]
async fn a_phone_contact_and_an_online_report_are_merged_postgres() {
    if let Some(t) = TestApp::postgres().await {
        a_phone_contact_and_an_online_report_are_merged(&t).await;
    }
}

/// Two reports with the same picture (a landscape from the PDQ reference set, never real
/// material): the case page suggests the other to a counsellor who reads both; a third
/// with the same picture, held by the hotline, is never suggested to the counsellor, nor the
/// helpline's cases to the hotline analyst; linking it anyway answers 404.
async fn a_shared_file_suggests_a_link_only_to_who_reads_both(t: &TestApp) {
    let picture = landscape(false);
    let mut receipts = Vec::new();
    for _ in 0..2 {
        let receipt = t.report(kukes_report()).await;
        let child = t.survivor(&receipt).await;
        let res = t
            .upload("/api/v1/followup/evidence", &[("body", "this one")], &[("p.png", &picture)], Some(&child), None)
            .await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
        receipts.push(receipt);
    }
    t.create("an-phone", Role::HotlineAnalyst, Some("hotline")).await;
    let analyst = t.login("an-phone").await;
    let analyst_cookie = t.page_login("an-phone").await;
    let hotline_receipt = phone_report(t, &analyst_cookie, "Qvxs-HOTLINE a call to the hotline").await;
    let child = t.survivor(&hotline_receipt).await;
    let res =
        t.upload("/api/v1/followup/evidence", &[("body", "same")], &[("p.png", &picture)], Some(&child), None).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    // A fourth child sends the picture turned by 90° (a PDQ match, not the same bytes).
    let turned_receipt = t.report(kukes_report()).await;
    let child = t.survivor(&turned_receipt).await;
    let res = t
        .upload("/api/v1/followup/evidence", &[("body", "turned")], &[("q.png", &landscape(true))], Some(&child), None)
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    t.inspected().await;
    let (a, b, h) =
        (t.report_of(&receipts[0]).await, t.report_of(&receipts[1]).await, t.report_of(&hotline_receipt).await);
    let turned = t.report_of(&turned_receipt).await;
    assert_eq!(h.org_id, "hotline");

    let counsellor = t.staff("vera", Role::Counsellor).await;
    let v = t.json(Method::GET, &format!("/api/v1/cases/{}/linked-cases", a.id), None, Some(&counsellor)).await.json();
    let mut suggested: Vec<&str> =
        v["suggestions"].as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap()).collect();
    suggested.sort();
    let mut want = vec![b.id.as_str(), turned.id.as_str()];
    want.sort();
    assert_eq!(suggested, want, "the other helpline cases (same file, turned copy), never the hotline's: {v}");
    assert!(v["suggestions"].as_array().unwrap().iter().all(|s| s["shared"] == 1), "{v}");
    // The turned copy's case, later, sees the earlier ones too (the match either way round).
    let v =
        t.json(Method::GET, &format!("/api/v1/cases/{}/linked-cases", turned.id), None, Some(&counsellor)).await.json();
    assert!(v["suggestions"].as_array().unwrap().iter().any(|s| s["id"] == a.id.as_str()), "{v}");
    let cookie = t.page_login("vera").await;
    let page = t.page(&format!("/en/staff/reports/{}", a.id), Some(&cookie)).await.body;
    assert!(page.contains("Possibly the same child") && page.contains(&b.case_ref), "suggested on the page");
    assert!(!page.contains(&h.case_ref), "the hotline's case is not revealed");
    let v = t.json(Method::GET, &format!("/api/v1/cases/{}/linked-cases", h.id), None, Some(&analyst)).await.json();
    assert_eq!(v["suggestions"], json!([]), "the analyst cannot read the helpline's cases: {v}");
    // Linking a case one cannot read answers as if it did not exist.
    let res = t.post(&format!("/api/v1/cases/{}/link", a.id), json!({"other": h.id}), &counsellor).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    // Once linked, a suggestion becomes a link.
    t.ok(&format!("/api/v1/cases/{}/link", a.id), json!({"other": b.id}), &counsellor).await;
    let v = t.json(Method::GET, &format!("/api/v1/cases/{}/linked-cases", a.id), None, Some(&counsellor)).await.json();
    assert_eq!(v["linked"][0]["id"].as_str(), Some(b.id.as_str()));
    assert!(v["suggestions"].as_array().unwrap().iter().all(|s| s["id"] != b.id.as_str()), "{v}");
}

#[tokio::test]
async fn a_shared_file_suggests_a_link_only_to_who_reads_both_sqlite() {
    a_shared_file_suggests_a_link_only_to_who_reads_both(&TestApp::new().await).await;
}

#[tokio::test]
async fn a_shared_file_suggests_a_link_only_to_who_reads_both_postgres() {
    if let Some(t) = TestApp::postgres().await {
        a_shared_file_suggests_a_link_only_to_who_reads_both(&t).await;
    }
}
