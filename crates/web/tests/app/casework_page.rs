//! Case work: exports and their trace, escalation tasks and the overdue list, the case page.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use serde_json::{json, Value};
use zeri_domain::Role;

use crate::support::*;
use http_body_util::BodyExt;
use tower::ServiceExt;

#[tokio::test]
async fn an_export_is_traced_without_its_footer() {
    let t = TestApp::new().await;
    let mut report = kukes_report();
    report["consent_police"] = json!(true);
    report["phone"] = json!("0691234567");
    let receipt = t.report(report).await;
    let counsellor = t.staff("ana", Role::Counsellor).await;
    let id = t.case_id(&counsellor).await;
    t.json(Method::GET, &format!("/api/v1/cases/{id}"), None, Some(&counsellor)).await;
    // Not to a service, and not without consent.
    let bad = t.post(&format!("/api/v1/cases/{id}/exports"), json!({"recipient": "svc-test"}), &counsellor).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    // The package names the child: not without a reason, asked in the user's language.
    let before = t.store().events(&id).await.unwrap().len();
    for (lang, words) in [("en", "too short"), ("sq", "shumë e shkurtër")] {
        let req = Request::post(format!("/api/v1/cases/{id}/exports"))
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ACCEPT_LANGUAGE, lang)
            .header(header::AUTHORIZATION, format!("Bearer {counsellor}"))
            .body(Body::from(json!({"recipient": "police", "reason": "because"}).to_string()))
            .unwrap();
        let res = t.send(req).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
        let message = res.json()["error"]["fields"]["reason"].as_str().unwrap_or_default().to_owned();
        assert!(message.contains(words), "{lang}: {}", res.body);
    }
    let missing = t.post(&format!("/api/v1/cases/{id}/exports"), json!({"recipient": "police"}), &counsellor).await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(missing.json()["error"]["fields"]["reason"].is_string(), "{}", missing.body);
    assert_eq!(t.store().events(&id).await.unwrap().len(), before, "nothing exported, nothing recorded");
    let why = "The police asked for the file of this extortion case";
    let req = Request::post(format!("/api/v1/cases/{id}/exports"))
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::AUTHORIZATION, format!("Bearer {counsellor}"))
        .body(Body::from(json!({"recipient": "police", "reason": why}).to_string()))
        .unwrap();
    let res = t.router.clone().oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[header::CONTENT_TYPE], "application/zip");
    let zip = res.into_body().collect().await.unwrap().to_bytes().to_vec();
    let json_text = zeri_web::service::exports::read_zip_entry(&zip, "case.json").unwrap();
    let readme = zeri_web::service::exports::read_zip_entry(&zip, "README.txt").unwrap();
    assert!(readme.contains("Policia e Shtetit"), "the visible footer names the recipient");
    // Strip the footer: drop README and the export block, keep only the case's text.
    let mut doc: Value = serde_json::from_str(&json_text).unwrap();
    doc.as_object_mut().unwrap().remove("export");
    let leaked = serde_json::to_string_pretty(&doc["case"]).unwrap();
    assert!(!leaked.contains("Policia e Shtetit") || leaked.contains("referrals"));
    let traced = zeri_web::service::exports::trace(t.store().as_ref(), &t.app.keys, leaked.as_bytes()).await.unwrap();
    assert_eq!(traced.len(), 1);
    assert_eq!(traced[0].recipient_org, "police");
    // Even one paragraph copied out of it.
    let description = doc["case"]["description"].as_str().unwrap().to_owned();
    let traced = zeri_web::service::exports::trace(
        t.store().as_ref(),
        &t.app.keys,
        format!("The paper printed: {description}").as_bytes(),
    )
    .await
    .unwrap();
    assert_eq!(
        traced[0].id,
        zeri_web::service::exports::trace(t.store().as_ref(), &t.app.keys, &zip).await.unwrap()[0].id
    );
    // A name or a phone number copied out alone, however short, names the export too.
    for field in ["name", "contact"] {
        let alone = doc["case"]["identity"][field].as_str().unwrap().to_owned();
        assert!(["Drita Hoxha", "0691234567"].contains(&zeri_crypto::watermark::strip(&alone).as_str()), "{alone}");
        let traced =
            zeri_web::service::exports::trace(t.store().as_ref(), &t.app.keys, alone.as_bytes()).await.unwrap();
        assert_eq!(traced.len(), 1, "{field} alone traces");
        assert_eq!(traced[0].recipient_org, "police");
    }
    // The check bits are keyed: the same marks read under another installation's key name
    // nothing.
    let other = zeri_crypto::Keyring::new(zeri_crypto::MasterKey::generate());
    assert!(zeri_web::service::exports::trace(t.store().as_ref(), &other, leaked.as_bytes()).await.unwrap().is_empty());
    // A scrubbed copy carries no fingerprint, and says nothing false.
    let scrubbed = zeri_crypto::watermark::strip(&leaked);
    assert!(zeri_web::service::exports::trace(t.store().as_ref(), &t.app.keys, scrubbed.as_bytes())
        .await
        .unwrap()
        .is_empty());
    // The export is in the child's access log, with the reason, sealed like the others.
    let events = t.store().events(&id).await.unwrap();
    assert!(events.iter().any(|e| e.action == "exported" && e.detail.as_deref() == Some("police")));
    for action in ["exported", "identity-revealed"] {
        let e = events.iter().rev().find(|e| e.action == action).expect(action);
        assert!(e.sealed.is_some(), "{action}: the reason is kept, sealed");
    }
    let child = t.survivor(&receipt).await;
    let status = t.json(Method::GET, "/api/v1/followup", None, Some(&child)).await.json();
    let accessed = status["accessed"].as_array().unwrap();
    for action in ["exported", "identity-revealed"] {
        let line = accessed.iter().find(|a| a["action"] == action).unwrap_or_else(|| panic!("{action}: {status}"));
        assert_eq!(line["reason"], why, "the child sees why");
    }
}

#[tokio::test]
async fn escalation_tasks_and_the_overdue_list() {
    let t = TestApp::new().await;
    t.report(kukes_report()).await;
    let c = t.staff("ana", Role::Counsellor).await;
    let id = t.case_id(&c).await;
    t.ok(
        &format!("/api/v1/cases/{id}/triage"),
        json!({"urgency": "immediate_danger", "category": "sexual_extortion"}),
        &c,
    )
    .await;
    t.ok(
        &format!("/api/v1/cases/{id}/tasks"),
        json!({"title": "Call the school psychologist", "due": "2024-01-15"}),
        &c,
    )
    .await;
    let bad = t.post(&format!("/api/v1/cases/{id}/tasks"), json!({"title": "x", "due": "2024-02-30"}), &c).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let nobody = t
        .post(&format!("/api/v1/cases/{id}/tasks"), json!({"title": "x", "due": "2027-01-01", "owner": "ghost"}), &c)
        .await;
    assert_eq!(nobody.status, StatusCode::UNPROCESSABLE_ENTITY);
    let tasks = t.json(Method::GET, "/api/v1/tasks", None, Some(&c)).await.json();
    let tasks = tasks.as_array().unwrap();
    assert_eq!(tasks.len(), 2, "{tasks:?}");
    let overdue: Vec<_> = tasks.iter().filter(|t| t["overdue"] == true).collect();
    assert_eq!(overdue.len(), 1);
    assert_eq!(overdue[0]["title"], "Call the school psychologist");
    assert!(tasks.iter().any(|t| t["title"].as_str().unwrap().contains("immediate danger")), "the escalation task");
    let cases = t.json(Method::GET, "/api/v1/cases", None, Some(&c)).await.json();
    assert_eq!(cases[0]["urgency"], "immediate_danger");
    // Done once.
    let task = overdue[0]["id"].as_str().unwrap();
    t.ok(&format!("/api/v1/cases/{id}/task-done"), json!({"task": task}), &c).await;
    assert_eq!(
        t.post(&format!("/api/v1/cases/{id}/task-done"), json!({"task": task}), &c).await.status,
        StatusCode::CONFLICT
    );
    // The queue page shows the danger first; the case page the escalation steps.
    let cookie = t.page_login("ana").await;
    let page = t.page(&format!("/en/staff/reports/{id}"), Some(&cookie)).await;
    assert!(page.body.contains("A child may be in immediate danger"), "{}", page.body);
}

#[tokio::test]
async fn the_case_page_serves_every_operation_with_csrf() {
    let t = TestApp::new().await;
    t.report(kukes_report()).await;
    t.create("ana", Role::Counsellor, Some("helpline")).await;
    let cookie = t.page_login("ana").await;
    let queue = t.page("/en/staff", Some(&cookie)).await;
    let at = queue.body.find("/en/staff/reports/").unwrap();
    let href = queue.body[at..at + "/en/staff/reports/".len() + 32].to_owned();
    let page = t.page(&href, Some(&cookie)).await;
    assert!(!page.body.contains('⟦'), "untranslated text: {}", page.body);
    assert!(page.body.contains("cpu-kukes\" selected"), "the unit of the child's municipality is suggested");
    // A long page that says what comes next and lists its parts (issue 20, point 8).
    assert!(page.body.contains("Next step:</strong> <a href=\"#triage\">"), "the next step first");
    assert!(page.body.contains("<summary>On this page</summary>") && page.body.contains("<a href=\"#notes\">"));
    // Its parts fold: where a worker acts first stays open, the rest is folded.
    assert!(page.body.contains("<details class=\"part\" open><summary><h2 id=\"triage\">"), "the next step open");
    assert!(page.body.contains("<details class=\"part\"><summary><h2 id=\"notes\">"), "other parts folded");
    for tag in ["details", "summary", "form", "section", "ul", "div", "table"] {
        let opened = page.body.matches(&format!("<{tag}>")).count() + page.body.matches(&format!("<{tag} ")).count();
        assert_eq!(opened, page.body.matches(&format!("</{tag}>")).count(), "<{tag}> balanced");
    }
    let csrf_at = page.body.find("name=\"csrf\" value=\"").unwrap() + "name=\"csrf\" value=\"".len();
    let csrf = page.body[csrf_at..csrf_at + 32].to_owned();
    assert_eq!(
        t.form(&format!("{href}/notes"), &[("body", "forged")], Some(&cookie)).await.status,
        StatusCode::FORBIDDEN
    );
    let note = t
        .form(&format!("{href}/notes"), &[("csrf", &csrf), ("body", "Called the child back, calm now")], Some(&cookie))
        .await;
    assert_eq!(note.status, StatusCode::SEE_OTHER);
    // Every action is confirmed in words (issue 20, point 8).
    let done = note.headers[header::LOCATION].to_str().unwrap().to_owned();
    assert!(done.ends_with("?done=notes#notes"), "{done}");
    let after = t.page(&done, Some(&cookie)).await.body;
    assert!(after.contains("The note was added."));
    assert!(after.contains("<details class=\"part\" open><summary><h2 id=\"notes\">"), "the part acted on is open");
    assert!(
        !t.page(&format!("{href}?done=%3Cb%3E"), Some(&cookie)).await.body.contains("class=\"card done\""),
        "only known names"
    );
    let bad = t.form(&format!("{href}/reveal"), &[("csrf", &csrf), ("reason", "short")], Some(&cookie)).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("at least 10 characters"), "errors in the page's language");
    // A refusal says what to correct, not that the form could not be read, and keeps the input.
    assert!(bad.body.contains("This was not done") && !bad.body.contains("could not read the form"), "{}", bad.body);
    assert!(bad.body.contains("name=\"reason\" maxlength=\"500\" required>short</textarea>"), "the input kept");
    // A refusal shows beside its own form only, and opens the part that holds it.
    let bad_note = t.form(&format!("{href}/notes"), &[("csrf", &csrf), ("body", "  ")], Some(&cookie)).await;
    assert_eq!(bad_note.status, StatusCode::UNPROCESSABLE_ENTITY);
    let notes_at = bad_note.body.find("<h2 id=\"notes\">").unwrap();
    let error_at = bad_note.body.find("class=\"field-error\"").expect("the refusal beside its field");
    assert!(error_at > notes_at && bad_note.body.matches("class=\"field-error\"").count() == 1, "only beside the note");
    assert!(bad_note.body.contains("<details class=\"part\" open><summary><h2 id=\"notes\">"), "its part open");
    let shown = t
        .form(
            &format!("{href}/reveal"),
            &[("csrf", &csrf), ("reason", "The child asked us to call back")],
            Some(&cookie),
        )
        .await;
    assert_eq!(shown.status, StatusCode::OK);
    assert!(shown.body.contains("+355 69 123 4567") && shown.body.contains("Drita Hoxha"));
    // The next view masks it again.
    let again = t.page(&href, Some(&cookie)).await;
    assert!(!again.body.contains("123 4567") && again.body.contains("Called the child back, calm now"));
    for lang in ["sq", "en"] {
        let p = t.page(&href.replace("/en/", &format!("/{lang}/")), Some(&cookie)).await;
        assert!(!p.body.contains('⟦'), "{lang}: untranslated text");
    }
    let sq = t.page("/sq/staff", Some(&cookie)).await;
    assert!(!sq.body.contains('⟦'));
}
