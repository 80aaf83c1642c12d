//! The API document: built from the routers, it keeps every operation and answer it had
//! before the web crate was split (`openapi-before.json`), is valid as OpenAPI (parameters
//! where they are, unique operation ids; `openapi-spec-validator` checks the rest in CI),
//! and describes every JSON body well enough that its own example is accepted.

use std::collections::BTreeSet;

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};
use zeri_domain::Role;

use crate::support::*;

fn doc_operations(doc: &Value) -> Vec<(String, String, &Value)> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            out.push((path.clone(), method.clone(), op));
        }
    }
    out
}

#[tokio::test]
async fn the_document_keeps_every_operation_and_is_well_formed() {
    let t = TestApp::new().await;
    let doc = t.page("/api/openapi.json", None).await.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    let before: Value = serde_json::from_str(include_str!("openapi-before.json")).unwrap();
    for b in before.as_array().unwrap() {
        let (path, method) = (b["path"].as_str().unwrap(), b["method"].as_str().unwrap());
        let op = &doc["paths"][path][method];
        assert!(op.is_object(), "{method} {path} is no longer documented");
        let responses: Vec<&str> = op["responses"].as_object().unwrap().keys().map(String::as_str).collect();
        let want: Vec<&str> = b["responses"].as_array().unwrap().iter().map(|r| r.as_str().unwrap()).collect();
        assert_eq!(responses, want, "{method} {path}");
    }
    let mut ids = BTreeSet::new();
    for (path, method, op) in doc_operations(&doc) {
        let id = op["operationId"].as_str().unwrap();
        assert!(ids.insert(id.to_owned()), "operation id {id} is not unique");
        for p in op["parameters"].as_array().into_iter().flatten() {
            let name = p["name"].as_str().unwrap();
            let in_path = path.contains(&format!("{{{name}}}"));
            assert_eq!(p["in"] == "path", in_path, "{method} {path}: parameter {name} is declared in {}", p["in"]);
        }
        // Every JSON body is described: an object with its fields, never a bare `object`.
        if let Some(schema) = op["requestBody"]["content"]["application/json"]["schema"].as_object() {
            let name = schema["$ref"].as_str().expect("a named schema").rsplit('/').next().unwrap();
            let body = &doc["components"]["schemas"][name];
            assert!(!body["properties"].as_object().unwrap().is_empty(), "{method} {path}: {name} has no fields");
            assert_eq!(body["additionalProperties"], json!(false), "{name}");
            assert!(body["examples"][0].is_object(), "{name} has no example");
        }
    }
    // The operation's fields come from the same list the handler uses.
    let op_fields = doc["components"]["schemas"]["OperationBody"]["properties"].as_object().unwrap();
    assert!(op_fields.contains_key("reason") && op_fields.contains_key("held_on"), "{op_fields:?}");
    let categories = &doc["components"]["schemas"]["ReportBody"]["properties"]["category"]["enum"];
    assert!(categories.as_array().unwrap().contains(&json!("sexual_extortion")));
}

/// Sends `body` and expects a 2xx; notes the documented operation as covered.
async fn send(
    t: &TestApp,
    sent: &mut BTreeSet<String>,
    method: Method,
    path: &str,
    doc_path: &str,
    body: Value,
    token: Option<&str>,
) -> Res {
    let res = t.json(method.clone(), path, Some(body.clone()), token).await;
    assert!(res.status.is_success(), "{method} {path} with {body}: {} {}", res.status, res.body);
    sent.insert(format!("{} {doc_path}", method.as_str().to_lowercase()));
    res
}

/// The documented example of a body, with the values that must name live data (a receipt,
/// a second-factor code, an organisation of this test) put in.
fn example(doc: &Value, path: &str, method: &str) -> Value {
    let schema = doc["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        .as_str()
        .unwrap_or_else(|| panic!("{method} {path} has no JSON body"));
    let name = schema.rsplit('/').next().unwrap();
    doc["components"]["schemas"][name]["examples"][0].clone()
}

#[tokio::test]
async fn every_documented_example_body_is_accepted() {
    let t = TestApp::new().await;
    let doc = t.page("/api/openapi.json", None).await.json();
    let mut sent = BTreeSet::new();

    // A report, as documented.
    let mut report = example(&doc, "/api/v1/reports", "post");
    report["consent_police"] = json!(true);
    let receipt = send(&t, &mut sent, Method::POST, "/api/v1/reports", "/api/v1/reports", report, None).await.json()
        ["receipt"]
        .as_str()
        .unwrap()
        .to_owned();
    // The child follows up with that receipt and writes.
    let mut body = example(&doc, "/api/v1/followup/session", "post");
    body["receipt"] = json!(receipt);
    let child = send(&t, &mut sent, Method::POST, "/api/v1/followup/session", "/api/v1/followup/session", body, None)
        .await
        .json()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let body = example(&doc, "/api/v1/followup/messages", "post");
    send(&t, &mut sent, Method::POST, "/api/v1/followup/messages", "/api/v1/followup/messages", body, Some(&child))
        .await;
    // A take-down request by hash.
    let body = example(&doc, "/api/v1/takedown", "post");
    send(&t, &mut sent, Method::POST, "/api/v1/takedown", "/api/v1/takedown", body, None).await;

    // A counsellor signs in with the documented body.
    let username = example(&doc, "/api/v1/auth/session", "post")["username"].as_str().unwrap().to_owned();
    t.create(&username, Role::Counsellor, Some("helpline")).await;
    let mut body = example(&doc, "/api/v1/auth/session", "post");
    body["password"] = json!(PASSWORD);
    body["totp"] = json!(t.code(&username).unwrap());
    let counsellor = send(&t, &mut sent, Method::POST, "/api/v1/auth/session", "/api/v1/auth/session", body, None)
        .await
        .json()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let id = t.case_id(&counsellor).await;
    assert_eq!(t.post(&format!("/api/v1/cases/{id}/take"), json!({}), &counsellor).await.status, StatusCode::OK);
    let body = example(&doc, "/api/v1/cases/{id}/{operation}", "post");
    let op = body.as_object().unwrap().keys().next().unwrap().clone();
    assert_eq!(op, "body", "the example is a message to the child");
    send(
        &t,
        &mut sent,
        Method::POST,
        &format!("/api/v1/cases/{id}/messages"),
        "/api/v1/cases/{id}/{operation}",
        body,
        Some(&counsellor),
    )
    .await;
    let body = example(&doc, "/api/v1/cases/{id}/exports", "post");
    assert_eq!(body["recipient"], "police", "the example names the police organisation every installation has");
    assert!(body["reason"].as_str().is_some_and(|r| r.len() >= 10), "the example gives a reason: {body}");
    let schema = &doc["components"]["schemas"]["ExportBody"];
    assert!(schema["properties"]["reason"].is_object(), "the reason is documented: {schema}");
    assert_eq!(schema["required"], json!(["recipient"]), "needed only with identities or files: {schema}");
    t.json(Method::GET, &format!("/api/v1/cases/{id}"), None, Some(&counsellor)).await;
    let (status, _, _) = t.json_raw(Method::POST, &format!("/api/v1/cases/{id}/exports"), body, &counsellor).await;
    assert_eq!(status, StatusCode::OK, "export");
    sent.insert("post /api/v1/cases/{id}/exports".into());

    // Evidence sent with a report, opened with the documented reason.
    let png = landscape(false);
    let fields = [
        ("reporter", "self"),
        ("category", "images_shared"),
        ("description", "A photo of me is being shared"),
        ("age_band", "16_17"),
    ];
    let res = t.upload("/en/report", &fields, &[("p.png", &png)], None, None).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let cookie = t.page_login(&username).await;
    let cases = t.json(Method::GET, "/api/v1/cases", None, Some(&counsellor)).await.json();
    let mut opened = false;
    for c in cases.as_array().unwrap() {
        let case = c["id"].as_str().unwrap();
        let page = t.page(&format!("/en/staff/reports/{case}"), Some(&cookie)).await.body;
        if let Some(e) = page.split("id=\"evidence-").nth(1).map(|s| s.split('"').next().unwrap().to_owned()) {
            let body = example(&doc, "/api/v1/cases/{id}/evidence/{evidence}", "post");
            let (status, _, _) =
                t.json_raw(Method::POST, &format!("/api/v1/cases/{case}/evidence/{e}"), body, &counsellor).await;
            assert_eq!(status, StatusCode::OK, "evidence opened");
            opened = true;
        }
    }
    assert!(opened, "the evidence was found and opened");
    sent.insert("post /api/v1/cases/{id}/evidence/{evidence}".into());

    // An administrator adds an organisation and an account with the documented bodies.
    let admin = t.staff("root", Role::Admin).await;
    let body = example(&doc, "/api/v1/organisations", "post");
    send(&t, &mut sent, Method::POST, "/api/v1/organisations", "/api/v1/organisations", body, Some(&admin)).await;
    let body = example(&doc, "/api/v1/admin/staff", "post");
    send(&t, &mut sent, Method::POST, "/api/v1/admin/staff", "/api/v1/admin/staff", body, Some(&admin)).await;
    let body = example(&doc, "/api/v1/admin/wellbeing/limits", "put");
    let path = "/api/v1/admin/wellbeing/limits";
    send(&t, &mut sent, Method::PUT, path, path, body, Some(&admin)).await;

    // A host of the hosts table, added and changed with the documented body; a hotline
    // analyst locates the documented URL (on the tests' resolver, with their database).
    let body = example(&doc, "/api/v1/admin/hosts", "post");
    let host = send(&t, &mut sent, Method::POST, "/api/v1/admin/hosts", "/api/v1/admin/hosts", body, Some(&admin))
        .await
        .json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let body = example(&doc, "/api/v1/admin/hosts/{id}", "put");
    let path = format!("/api/v1/admin/hosts/{host}");
    send(&t, &mut sent, Method::PUT, &path, "/api/v1/admin/hosts/{id}", body, Some(&admin)).await;
    let analyst = t.staff("analyst", Role::HotlineAnalyst).await;
    let body = example(&doc, "/api/v1/hosting/lookup", "post");
    let located =
        send(&t, &mut sent, Method::POST, "/api/v1/hosting/lookup", "/api/v1/hosting/lookup", body, Some(&analyst))
            .await;
    assert_eq!(located.json()["country"], "AL", "{}", located.body);

    // A link reported by the public; two analysts add one, assess it and confirm it.
    let mut body = example(&doc, "/api/v1/content-reports", "post");
    body["receipt"] = json!(true);
    let made =
        send(&t, &mut sent, Method::POST, "/api/v1/content-reports", "/api/v1/content-reports", body, None).await;
    let mut body = example(&doc, "/api/v1/content-reports/status", "post");
    body["receipt"] = made.json()["receipt"].clone();
    let path = "/api/v1/content-reports/status";
    send(&t, &mut sent, Method::POST, path, path, body, None).await;
    let ana = t.staff("ana", Role::HotlineAnalyst).await;
    let besa = t.staff("besa", Role::HotlineAnalyst).await;
    let body = example(&doc, "/api/v1/hotline/items", "post");
    let added =
        send(&t, &mut sent, Method::POST, "/api/v1/hotline/items", "/api/v1/hotline/items", body, Some(&ana)).await;
    let item = added.json()["items"][0]["id"].as_str().unwrap().to_owned();
    let body = example(&doc, "/api/v1/hotline/items/{id}/assessments", "post");
    let path = format!("/api/v1/hotline/items/{item}/assessments");
    let made =
        send(&t, &mut sent, Method::POST, &path, "/api/v1/hotline/items/{id}/assessments", body, Some(&ana)).await;
    let mut body = example(&doc, "/api/v1/hotline/items/{id}/reviews", "post");
    body["assessment"] = made.json()["assessment"].clone();
    let path = format!("/api/v1/hotline/items/{item}/reviews");
    send(&t, &mut sent, Method::POST, &path, "/api/v1/hotline/items/{id}/reviews", body, Some(&besa)).await;
    // Its take-down: a finding as documented; an answer to a notice (the notice itself is
    // written straight to the store: this app has no SMTP server to send one through).
    let body = example(&doc, "/api/v1/hotline/items/{id}/findings", "post");
    let path = format!("/api/v1/hotline/items/{item}/findings");
    send(&t, &mut sent, Method::POST, &path, "/api/v1/hotline/items/{id}/findings", body, Some(&ana)).await;
    let notice = zeri_storage::NoticeRow {
        id: "n1".into(),
        item_id: item.clone(),
        at: zeri_web::now_ms(),
        kind: "notice".into(),
        staff_id: None,
        host_id: None,
        outcome: None,
        sealed: None,
        mail_state: None,
        mailed_at: None,
    };
    let step = zeri_storage::NoticeStep { item_id: item.clone(), rows: vec![notice], ..Default::default() };
    t.store().notice_step(&step).await.unwrap();
    let body = example(&doc, "/api/v1/hotline/items/{id}/answers", "post");
    let path = format!("/api/v1/hotline/items/{item}/answers");
    send(&t, &mut sent, Method::POST, &path, "/api/v1/hotline/items/{id}/answers", body, Some(&ana)).await;

    // The take-down request is reviewed as documented, a platform registered, its hashes
    // pulled and reported on; the child withdraws a request of their own.
    let analyst = t.staff("hana", Role::HotlineAnalyst).await;
    let queue = t.json(Method::GET, "/api/v1/takedowns", None, Some(&analyst)).await.json();
    let id = queue[0]["id"].as_str().unwrap().to_owned();
    let body = example(&doc, "/api/v1/takedowns/{id}/review", "post");
    let path = format!("/api/v1/takedowns/{id}/review");
    send(&t, &mut sent, Method::POST, &path, "/api/v1/takedowns/{id}/review", body, Some(&analyst)).await;
    let body = example(&doc, "/api/v1/admin/platforms", "post");
    let platform =
        send(&t, &mut sent, Method::POST, "/api/v1/admin/platforms", "/api/v1/admin/platforms", body, Some(&admin))
            .await
            .json()["token"]
            .as_str()
            .unwrap()
            .to_owned();
    let pulled = t.json(Method::GET, "/api/v1/hashes", None, Some(&platform)).await.json();
    let hash = pulled["entries"][0]["id"].as_str().unwrap().to_owned();
    let body = example(&doc, "/api/v1/hashes/{id}/reports", "post");
    let path = format!("/api/v1/hashes/{hash}/reports");
    send(&t, &mut sent, Method::POST, &path, "/api/v1/hashes/{id}/reports", body, Some(&platform)).await;
    let mut body = example(&doc, "/api/v1/takedown", "post");
    body["receipt"] = json!(receipt);
    send(&t, &mut sent, Method::POST, "/api/v1/takedown", "/api/v1/takedown", body, None).await;
    let status = t.json(Method::GET, "/api/v1/followup", None, Some(&child)).await.json();
    let mine = status["takedowns"][0]["id"].as_str().unwrap().to_owned();
    let body = example(&doc, "/api/v1/followup/takedowns/{id}/withdraw", "post");
    let path = format!("/api/v1/followup/takedowns/{mine}/withdraw");
    send(&t, &mut sent, Method::POST, &path, "/api/v1/followup/takedowns/{id}/withdraw", body, Some(&child)).await;

    // A partner hotline registered as documented, and its example document received.
    let body = example(&doc, "/api/v1/admin/partners", "post");
    let partner =
        send(&t, &mut sent, Method::POST, "/api/v1/admin/partners", "/api/v1/admin/partners", body, Some(&admin))
            .await
            .json()["key"]
            .as_str()
            .unwrap()
            .to_owned();
    let body = example(&doc, "/api/v1/exchange/items", "post");
    send(&t, &mut sent, Method::POST, "/api/v1/exchange/items", "/api/v1/exchange/items", body, Some(&partner)).await;
    // The child in control: consent, a passphrase, erasure answered, a chat rated, and
    // (last, since it ends the child's session) a new receipt.
    let body = example(&doc, "/api/v1/followup/consents", "post");
    send(&t, &mut sent, Method::POST, "/api/v1/followup/consents", "/api/v1/followup/consents", body, Some(&child))
        .await;
    let body = example(&doc, "/api/v1/followup/passphrase", "post");
    send(&t, &mut sent, Method::POST, "/api/v1/followup/passphrase", "/api/v1/followup/passphrase", body, Some(&child))
        .await;
    let body = example(&doc, "/api/v1/followup/passphrase-session", "post");
    let path = "/api/v1/followup/passphrase-session";
    send(&t, &mut sent, Method::POST, path, path, body, None).await;
    let case = t.report_of(&receipt).await.id;
    assert!(t.json(Method::POST, "/api/v1/followup/erasure", None, Some(&child)).await.status.is_success());
    let body = example(&doc, "/api/v1/cases/{id}/erasure", "post");
    let path = format!("/api/v1/cases/{case}/erasure");
    send(&t, &mut sent, Method::POST, &path, "/api/v1/cases/{id}/erasure", body, Some(&counsellor)).await;
    let body = example(&doc, "/api/v1/chat/rating", "post");
    let token = body["token"].as_str().unwrap().to_owned();
    let digest = hex::encode(t.app.keys.lookup_digest("chat-rating-token", token.as_bytes()));
    assert!(t.store().issue_rating_token("a-chat", &digest, "helpline").await.unwrap());
    send(&t, &mut sent, Method::POST, "/api/v1/chat/rating", "/api/v1/chat/rating", body, None).await;
    let body = example(&doc, "/api/v1/cases/{id}/receipt", "post");
    let path = format!("/api/v1/cases/{case}/receipt");
    send(&t, &mut sent, Method::POST, &path, "/api/v1/cases/{id}/receipt", body, Some(&counsellor)).await;

    // Nothing documented with a JSON body was left out.
    for (path, method, op) in doc_operations(&doc) {
        if op["requestBody"]["content"]["application/json"].is_object() {
            assert!(sent.contains(&format!("{method} {path}")), "{method} {path}: its example was not sent");
        }
    }
}
