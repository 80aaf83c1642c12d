//! What a merged case still holds, read through the survivor (issue 19, point 3): its
//! notes, tasks and evidence files show on the surviving case's page, marked with its
//! reference, and open from there for who reads the survivor (each reading audited on the
//! survivor), never for anyone else nor through another case; the staff history shows the
//! merged case's stated reasons; and the child, with either receipt, is told who looks
//! after the report, and after an accepted transfer that it moved and when. Each story
//! runs on SQLite and on PostgreSQL.

use axum::http::{Method, StatusCode};
use serde_json::json;
use zeri_domain::Role;

use crate::support::*;

/// A helpline case with a picture sent by the child; returns (receipt, report).
async fn case_with_picture(t: &TestApp, description: &str) -> (String, zeri_storage::ReportRow) {
    let mut body = kukes_report();
    body["description"] = json!(description);
    let receipt = t.report(body).await;
    let child = t.survivor(&receipt).await;
    let res = t
        .upload(
            "/api/v1/followup/evidence",
            &[("body", "this one")],
            &[("p.png", &landscape(false))],
            Some(&child),
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let report = t.report_of(&receipt).await;
    (receipt, report)
}

fn count(events: &[zeri_storage::EventRow], action: &str) -> usize {
    events.iter().filter(|e| e.action == action).count()
}

/// Links `merged` to `survivor` and merges it in, as `token`.
async fn merge(t: &TestApp, survivor: &zeri_storage::ReportRow, merged: &zeri_storage::ReportRow, token: &str) {
    t.ok(&format!("/api/v1/cases/{}/link", survivor.id), json!({"other": merged.id}), token).await;
    let res = t
        .post(
            &format!("/api/v1/cases/{}/link-merge", survivor.id),
            json!({"other": merged.id, "confirm": merged.case_ref}),
            token,
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
}

async fn a_merged_cases_parts_open_from_the_survivor(t: &TestApp) {
    t.create("drita.c", Role::Counsellor, Some("helpline")).await;
    let counsellor = t.login("drita.c").await;
    let cookie = t.page_login("drita.c").await;
    let police = t.staff("besnik", Role::PoliceInvestigator).await;
    t.create("an-merge", Role::HotlineAnalyst, Some("hotline")).await;
    let analyst = t.login("an-merge").await;
    let survivor_receipt = t.report(kukes_report()).await;
    let survivor = t.report_of(&survivor_receipt).await;
    let (_, merged) = case_with_picture(t, "Qmrg-CALL the same girl, from the phone").await;
    let (_, other) = case_with_picture(t, "an unrelated case with the same picture").await;
    t.inspected().await;
    let evidence = t.store().evidence_for(&merged.id).await.unwrap();
    let evidence_id = evidence[0].id.clone();

    // Before the merge, on the case to be merged: a note, a task, and a stated reason.
    let at = format!("/api/v1/cases/{}", merged.id);
    assert_eq!(t.json(Method::GET, &at, None, Some(&counsellor)).await.status, StatusCode::OK);
    t.ok(&format!("{at}/notes"), json!({"body": "Qmrg-NOTE she calls after school"}), &counsellor).await;
    let today = crate::support::local_in(0)[..10].to_owned();
    t.ok(
        &format!("{at}/tasks"),
        json!({"title": "Qmrg-TASK call her back", "owner": "drita.c", "due": today}),
        &counsellor,
    )
    .await;
    let task_id = t.store().tasks(&merged.id).await.unwrap()[0].id.clone();
    t.ok(&format!("{at}/reveal"), json!({"reason": "Qmrg-REASON to call her back safely"}), &counsellor).await;
    merge(t, &survivor, &merged, &counsellor).await;

    // The survivor's page shows them, marked with the merged case's reference; reading the
    // page is an audited reading of the survivor.
    let opened_before = count(&t.store().events(&survivor.id).await.unwrap(), "opened");
    let page = t.page(&format!("/en/staff/reports/{}", survivor.id), Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    let page = page.body;
    assert!(page.contains("From merged cases"), "{page}");
    assert!(page.contains(&format!("From case {}", merged.case_ref)), "marked with its reference");
    assert!(page.contains("Qmrg-NOTE she calls after school") && page.contains("Qmrg-TASK call her back"));
    assert!(page.contains(&format!("id=\"evidence-{evidence_id}\"")), "the merged case's file");
    assert!(
        page.contains(&format!("action=\"/en/staff/reports/{}/evidence/{evidence_id}\"", survivor.id)),
        "opened through the survivor's evidence path"
    );
    assert!(page.contains("Qmrg-REASON to call her back safely"), "the merged case's stated reason in the history");
    assert_eq!(count(&t.store().events(&survivor.id).await.unwrap(), "opened"), opened_before + 1);
    // Staff read the staff's name of a stage, the child the child's.
    t.ok(&format!("/api/v1/cases/{}/stage", survivor.id), json!({"stage": "waiting_for_you"}), &counsellor).await;
    let staff_page = t.page(&format!("/en/staff/reports/{}", survivor.id), Some(&cookie)).await.body;
    assert!(staff_page.contains("Waiting for the child") && !staff_page.contains("Waiting for you"), "{staff_page}");
    assert!(followup_page(t, "en", &survivor_receipt).await.contains("Waiting for you"));
    // The case API says the same.
    let v = t.json(Method::GET, &format!("/api/v1/cases/{}", survivor.id), None, Some(&counsellor)).await.json();
    let m = &v["merged"][0];
    assert_eq!(m["case_ref"], merged.case_ref.as_str(), "{v}");
    assert_eq!(m["notes"][0]["body"], "Qmrg-NOTE she calls after school");
    assert_eq!(
        (m["tasks"][0]["id"].as_str(), m["evidence"][0].as_str()),
        (Some(task_id.as_str()), Some(evidence_id.as_str()))
    );
    // The unrelated case with the same picture is suggested to the survivor (its file is
    // the survivor's now), and its match names the survivor, not the merged-away case.
    let v = t.json(Method::GET, &format!("/api/v1/cases/{}/linked-cases", survivor.id), None, Some(&counsellor)).await;
    assert!(v.json()["suggestions"].as_array().unwrap().iter().any(|s| s["id"] == other.id.as_str()), "{}", v.body);
    let other_page = t.page(&format!("/en/staff/reports/{}", other.id), Some(&cookie)).await.body;
    assert!(other_page.contains(&format!("/en/staff/reports/{}\"", survivor.id)), "the match names the survivor");
    assert!(!other_page.contains(&format!("/en/staff/reports/{}\"", merged.id)));

    // The merged file opens from the survivor, with a reason, recorded on the survivor.
    let open = |case: &str| format!("/api/v1/cases/{case}/evidence/{evidence_id}");
    let body = json!({"reason": "Qmrg-WHY checking the picture she sent"});
    let (status, _, bytes) = t.json_raw(Method::POST, &open(&survivor.id), body.clone(), &counsellor).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(bytes, landscape(false), "the file as received");
    let on_survivor = t.store().events(&survivor.id).await.unwrap();
    let viewed: Vec<_> = on_survivor.iter().filter(|e| e.action == "evidence_viewed").collect();
    assert_eq!(viewed.len(), 1);
    assert!(viewed[0].detail.as_deref().unwrap().contains(&evidence_id) && viewed[0].sealed.is_some());
    // Need-to-know kept: not through the merged-away case, not through another case the
    // user reads, not for the police nor the hotline (no relation to the survivor).
    assert_eq!(t.json_raw(Method::POST, &open(&merged.id), body.clone(), &counsellor).await.0, StatusCode::NOT_FOUND);
    assert_eq!(t.json_raw(Method::POST, &open(&other.id), body.clone(), &counsellor).await.0, StatusCode::NOT_FOUND);
    assert_eq!(t.json_raw(Method::POST, &open(&survivor.id), body.clone(), &police).await.0, StatusCode::NOT_FOUND);
    assert_eq!(t.json_raw(Method::POST, &open(&survivor.id), body, &analyst).await.0, StatusCode::NOT_FOUND);
    let analyst_cookie = t.page_login("an-merge").await;
    let res = t.page(&format!("/en/staff/reports/{}", survivor.id), Some(&analyst_cookie)).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert!(!res.body.contains("Qmrg"));
    // The custody chain on the survivor's page holds the opening.
    let page = t.page(&format!("/en/staff/reports/{}", survivor.id), Some(&cookie)).await.body;
    assert!(page.contains("Qmrg-WHY checking the picture"), "the opening's reason in the history");

    // The merged case's task: in its owner's list under the survivor, closed from the survivor.
    let list = t.json(Method::GET, "/api/v1/tasks", None, Some(&counsellor)).await.json();
    let task = list.as_array().unwrap().iter().find(|x| x["title"] == "Qmrg-TASK call her back").expect("listed");
    assert_eq!(task["case_id"], survivor.id.as_str(), "under the survivor, not the merged case: {list}");
    let tasks_read = count(&t.store().events(&survivor.id).await.unwrap(), "tasks-read");
    assert!(tasks_read >= 1, "the list's reading is audited on the survivor");
    let gone = t.post(&format!("/api/v1/cases/{}/task-done", merged.id), json!({"task": task_id}), &counsellor).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND, "nothing is done on the merged-away case");
    let res = t.post(&format!("/api/v1/cases/{}/task-done", other.id), json!({"task": task_id}), &counsellor).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "not a task of that case: {}", res.body);
    t.ok(&format!("/api/v1/cases/{}/task-done", survivor.id), json!({"task": task_id}), &counsellor).await;
    assert!(t.store().tasks(&merged.id).await.unwrap()[0].done_at.is_some(), "closed from the survivor");
    assert_eq!(count(&t.store().events(&survivor.id).await.unwrap(), "task-done"), 1, "recorded on the survivor");
    // The package for the police holds the merged case's note and file (the child agreed).
    t.ok(
        &format!("/api/v1/cases/{}/consents", survivor.id),
        json!({"recipient": "police", "giver": "child", "decision": "given", "explained": "asked on the phone"}),
        &counsellor,
    )
    .await;
    let body = json!({"recipient": "police", "reason": "Qmrg-EXPORT the police asked for the file"});
    let (status, _, zip) =
        t.json_raw(Method::POST, &format!("/api/v1/cases/{}/exports", survivor.id), body, &counsellor).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&zip));
    let case_json = zeri_web::service::exports::read_zip_entry(&zip, "case.json").expect("case.json");
    assert!(case_json.contains(&merged.case_ref) && case_json.contains("from_merged_case"), "{case_json}");
    let exported = t.store().events(&survivor.id).await.unwrap();
    assert!(
        exported
            .iter()
            .any(|e| e.action == "evidence_exported" && e.detail.as_deref().is_some_and(|d| d.contains(&evidence_id))),
        "the merged file's custody: exported"
    );
    // An organisation reached through a referral (on the survivor's consent) reads the
    // survivor but not what the merged report holds: its consent was never asked.
    t.ok(
        &format!("{}/referrals", case_at(&survivor.id)),
        json!({"to": "cpu-kukes", "note": "Qmrg-REF please help"}),
        &counsellor,
    )
    .await;
    let officer = t.staff("officer-mrg", Role::ChildProtectionOfficer).await;
    let detail = t.json(Method::GET, &case_at(&survivor.id), None, Some(&officer)).await.json();
    let rid = detail["referrals"][0]["id"].as_str().unwrap().to_owned();
    t.ok(
        &format!("{}/referral-answer", case_at(&survivor.id)),
        json!({"referral": rid, "status": "accepted"}),
        &officer,
    )
    .await;
    let seen = t.json(Method::GET, &case_at(&survivor.id), None, Some(&officer)).await;
    assert_eq!(seen.status, StatusCode::OK, "the referred unit reads the survivor");
    assert!(seen.json()["merged"].as_array().is_none_or(|m| m.is_empty()), "no merged parts: {}", seen.body);
    assert!(!seen.body.contains("Qmrg-NOTE"), "the merged note is not shown to a referred unit");
    let opened =
        t.json_raw(Method::POST, &open(&survivor.id), json!({"reason": "Qmrg-WHY the unit looks"}), &officer).await;
    assert!(
        matches!(opened.0, StatusCode::NOT_FOUND | StatusCode::FORBIDDEN),
        "the merged file does not open for a referred unit: {}",
        opened.0
    );
    assert!(!contains(&t.bytes_at_rest(), b"Qmrg"), "nothing in plaintext at rest");
}

fn case_at(id: &str) -> String {
    format!("/api/v1/cases/{id}")
}

#[tokio::test]
async fn a_merged_cases_parts_open_from_the_survivor_sqlite() {
    a_merged_cases_parts_open_from_the_survivor(&TestApp::new().await).await;
}

#[tokio::test]
async fn a_merged_cases_parts_open_from_the_survivor_postgres() {
    if let Some(t) = TestApp::postgres().await {
        a_merged_cases_parts_open_from_the_survivor(&t).await;
    }
}

/// The follow-up page of `receipt` in `lang`.
async fn followup_page(t: &TestApp, lang: &str, receipt: &str) -> String {
    let opened = t.form(&format!("/{lang}/followup"), &[("receipt", receipt)], None).await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER, "{}", opened.body);
    let page = t.page(&format!("/{lang}/followup"), Some(&opened.cookie())).await;
    assert_eq!(page.status, StatusCode::OK);
    page.body
}

/// Two reports of one child merged, then the lead transferred to the Child Protection Unit
/// of Kukës: with either receipt, the child's page and the API name the helpline before,
/// and the unit (with the day it moved) only after the transfer was accepted; the unit's
/// officer then reads the merged case's note through the survivor.
async fn the_child_is_told_who_looks_after_the_report(t: &TestApp) {
    let counsellor = t.staff("drita.c", Role::Counsellor).await;
    let cpo = t.staff("arta.cpo", Role::ChildProtectionOfficer).await;
    let first_receipt = t.report(kukes_report()).await;
    let second_receipt = t.report(kukes_report()).await;
    let (first, second) = (t.report_of(&first_receipt).await, t.report_of(&second_receipt).await);
    t.ok(&format!("/api/v1/cases/{}/notes", second.id), json!({"body": "Qlead-NOTE the school knows"}), &counsellor)
        .await;
    merge(t, &first, &second, &counsellor).await;
    let receipts = [&first_receipt, &second_receipt];

    // Before: the helpline, in plain words; nothing moved.
    for receipt in receipts {
        let en = followup_page(t, "en", receipt).await;
        assert!(en.contains("Who looks after your report") && en.contains("data-lead=\"helpline\""), "{en}");
        assert!(en.contains("The child helpline ALO 116 111"), "{en}");
        assert!(!en.contains("data-lead-moved") && !en.contains("Child Protection Unit, Kukës"), "{en}");
        let sq = followup_page(t, "sq", receipt).await;
        assert!(sq.contains("Kush kujdeset për raportimin tënd") && sq.contains("Linja e këshillimit për fëmijë"));
        let child = t.survivor(receipt).await;
        let view = t.json(Method::GET, "/api/v1/followup", None, Some(&child)).await.json();
        assert_eq!(view["lead"]["kind"], "helpline", "{view}");
        assert_eq!(view["lead"]["moved_on"], serde_json::Value::Null);
    }
    let transfer = format!("/api/v1/cases/{}/transfer", first.id);
    t.ok(&transfer, json!({"to": "cpu-kukes", "reason": "Qlead-WHY the family needs a plan"}), &counsellor).await;
    let child = t.survivor(&second_receipt).await;
    let view = t.json(Method::GET, "/api/v1/followup", None, Some(&child)).await.json();
    assert_eq!(view["lead"]["kind"], "helpline", "asked, not accepted: still the helpline: {view}");

    // After the unit accepted: the unit, and the day the report moved, with either receipt.
    let res = t.post(&format!("/api/v1/cases/{}/transfer-answer", first.id), json!({"decision": "accept"}), &cpo).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let answered = t.store().transfers(&first.id).await.unwrap().pop().unwrap().answered_at.unwrap();
    let day = zeri_web::parts::format::date(answered);
    for receipt in receipts {
        let en = followup_page(t, "en", receipt).await;
        assert!(en.contains("data-lead=\"cpu\"") && en.contains("Child Protection Unit, Kukës"), "{en}");
        assert!(en.contains(&format!("Your report moved to Child Protection Unit, Kukës on {day}.")), "{en}");
        assert!(en.contains("child protection worker who helps keep you safe"), "{en}");
        let sq = followup_page(t, "sq", receipt).await;
        assert!(sq.contains(&format!("Raportimi yt kaloi te Njësia për Mbrojtjen e Fëmijës, Kukës më {day}.")), "{sq}");
        let child = t.survivor(receipt).await;
        let view = t.json(Method::GET, "/api/v1/followup", None, Some(&child)).await.json();
        let lead = &view["lead"];
        assert_eq!((lead["kind"].as_str(), lead["moved_on"].as_str()), (Some("cpu"), Some(day.as_str())), "{view}");
        assert_eq!(lead["organisation"], "Child Protection Unit, Kukës");
        assert!(!view.to_string().contains("arta") && !view.to_string().contains("Qlead"), "no names, no reasons");
    }
    // The child's copy says it too, and holds the words of both reports.
    let child = t.survivor(&second_receipt).await;
    let copy = t.json(Method::POST, "/api/v1/followup/copy", None, Some(&child)).await;
    assert!(copy.status.is_success(), "{}", copy.body);
    assert!(copy.body.contains("Who looks after your report: Child Protection Unit, Kukës"), "{}", copy.body);
    assert!(copy.body.contains(&format!("on {day}.")) && copy.body.matches("threatens to post my photos").count() == 2);
    // The unit reads the merged case's note through the survivor; the helpline no more.
    let cpo_cookie = t.page_login("arta.cpo").await;
    let page = t.page(&format!("/en/staff/reports/{}", first.id), Some(&cpo_cookie)).await.body;
    assert!(page.contains("Qlead-NOTE the school knows") && page.contains(&second.case_ref), "{page}");
    let helpline = t.page_login("drita.c").await;
    assert_eq!(t.page(&format!("/en/staff/reports/{}", first.id), Some(&helpline)).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_child_is_told_who_looks_after_the_report_sqlite() {
    the_child_is_told_who_looks_after_the_report(&TestApp::new().await).await;
}

#[tokio::test]
async fn the_child_is_told_who_looks_after_the_report_postgres() {
    if let Some(t) = TestApp::postgres().await {
        the_child_is_told_who_looks_after_the_report(&t).await;
    }
}
