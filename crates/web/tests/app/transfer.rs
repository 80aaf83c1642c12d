//! Transfer of the lead (issue 19, point 3): the helpline asks the Child Protection Unit of
//! Kukës to take the lead on a case; the unit rejects it with a reason, then accepts a
//! second request; the child's follow-up page says who now looks after the case (by
//! organisation, in both languages), the former lead no longer finds the case. Runs on
//! SQLite and on PostgreSQL.

use axum::http::{Method, StatusCode};
use serde_json::json;
use zeri_domain::Role;

use crate::support::*;

async fn transfer_accept_and_reject(t: &TestApp) {
    let receipt = t.report(kukes_report()).await;
    let counsellor = t.staff("drita.c", Role::Counsellor).await;
    let cpo = t.staff("arta.cpo", Role::ChildProtectionOfficer).await;
    let police = t.staff("besnik", Role::PoliceInvestigator).await;
    let id = t.report_of(&receipt).await.id;
    let case = format!("/api/v1/cases/{id}");
    assert_eq!(t.json(Method::GET, &case, None, Some(&counsellor)).await.status, StatusCode::OK);
    let transfer = format!("{case}/transfer");
    let answer = format!("{case}/transfer-answer");

    // Only the holder asks, only to an organisation that leads cases and the child agreed to.
    let ask = json!({"to": "cpu-kukes", "reason": "Qzrt-WHY the family lives in Kukës and needs a plan"});
    assert_eq!(t.post(&transfer, ask.clone(), &police).await.status, StatusCode::NOT_FOUND);
    for bad in [
        json!({"to": "police", "reason": "x y z"}),
        json!({"to": "nowhere", "reason": "x y z"}),
        json!({"to": "cpu-kukes"}),
    ] {
        let res = t.post(&transfer, bad, &counsellor).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    }
    assert_eq!(
        t.post(&answer, json!({"decision": "accept"}), &cpo).await.status,
        StatusCode::NOT_FOUND,
        "nothing asked"
    );
    let asked = t.post(&transfer, ask.clone(), &counsellor).await;
    assert_eq!(asked.status, StatusCode::CREATED, "{}", asked.body);
    assert_eq!(t.post(&transfer, ask.clone(), &counsellor).await.status, StatusCode::CONFLICT, "one at a time");

    // The unit finds it in its queue and sees the request, not the case.
    let queue = t.json(Method::GET, "/api/v1/cases", None, Some(&cpo)).await.json();
    assert!(queue.as_array().unwrap().iter().any(|c| c["id"] == id.as_str()), "{queue}");
    let cookie = t.page_login("arta.cpo").await;
    let page = t.page(&format!("/en/staff/reports/{id}"), Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Qzrt-WHY") && page.body.contains("Send the answer"), "{}", page.body);
    assert!(!page.body.contains("threatens to post my photos"), "not the report before accepting");

    // Rejected: a reason is needed; the lead stays.
    let res = t.post(&answer, json!({"decision": "reject"}), &cpo).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    let res =
        t.post(&answer, json!({"decision": "reject", "reason": "Qzrt-NO the family moved to Tirana"}), &cpo).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(t.post(&answer, json!({"decision": "accept"}), &cpo).await.status, StatusCode::NOT_FOUND);
    assert_eq!(t.report_of(&receipt).await.org_id, "helpline");
    let page = t.page(&format!("/en/staff/reports/{id}"), Some(&t.page_login("drita.c").await)).await.body;
    assert!(page.contains("Qzrt-NO the family moved") && page.contains("Rejected."), "the holder reads the answer");
    assert_eq!(t.json(Method::GET, &case, None, Some(&cpo)).await.status, StatusCode::NOT_FOUND, "nothing pending");

    // Accepted: the unit leads the case, assigned to who accepted; the helpline keeps nothing.
    t.ok(&transfer, ask, &counsellor).await;
    let res = t.post(&answer, json!({"decision": "accept"}), &cpo).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let report = t.report_of(&receipt).await;
    let arta = t.store().staff_by_username("arta.cpo").await.unwrap().unwrap();
    assert_eq!((report.org_id.as_str(), report.assigned_to.as_deref()), ("cpu-kukes", Some(arta.id.as_str())));
    assert_eq!(t.json(Method::GET, &case, None, Some(&counsellor)).await.status, StatusCode::NOT_FOUND);
    let read = t.json(Method::GET, &case, None, Some(&cpo)).await;
    assert_eq!(read.status, StatusCode::OK, "{}", read.body);

    // The child is told who looks after the case now, by organisation, in both languages.
    let child = t.survivor(&receipt).await;
    let view = t.json(Method::GET, "/api/v1/followup", None, Some(&child)).await.json();
    let log = view["accessed"].as_array().unwrap();
    let accepted = log.iter().find(|a| a["action"] == "transfer-accepted").expect("the transfer in the access log");
    assert_eq!(accepted["role"], "child_protection_officer");
    assert!(
        accepted["text"].as_str().unwrap().contains("Child Protection Unit, Kukës now looks after it"),
        "{accepted}"
    );
    assert!(
        log.iter().any(|a| a["action"] == "transfer-rejected")
            && log.iter().any(|a| a["action"] == "transfer-requested")
    );
    assert!(!view.to_string().contains("arta") && !view.to_string().contains("Qzrt"), "no names, no staff reasons");
    let opened = t.form("/sq/followup", &[("receipt", &receipt)], None).await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER, "{}", opened.body);
    let sq = t.page("/sq/followup", Some(&opened.cookie())).await.body;
    assert!(sq.contains("tani kujdeset për të Njësia për Mbrojtjen e Fëmijës, Kukës"), "{sq}");
    assert!(!contains(&t.bytes_at_rest(), b"Qzrt"), "the reasons are sealed at rest");
}

#[tokio::test]
async fn transfer_accept_and_reject_sqlite() {
    transfer_accept_and_reject(&TestApp::new().await).await;
}

#[tokio::test]
async fn transfer_accept_and_reject_postgres() {
    if let Some(t) = TestApp::postgres().await {
        transfer_accept_and_reject(&t).await;
    }
}
