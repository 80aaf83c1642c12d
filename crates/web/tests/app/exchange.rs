//! Partner hotlines (issue 17, point 5): two Zëri instances in one test, each with the
//! other registered as a partner and a key each way. An item reported on the first (by a
//! child's report and by the public form with a receipt), assessed baseline and placed in
//! Germany by the test resolver and the generated IP database, is forwarded to the second,
//! which serves on a real port; it appears in the second's queue marked "from partner
//! hotline", with nothing of the reporter in its rows, its pages or its database. A wrong
//! key is 401, another version 400, the same document twice one item, a failed send is
//! recorded and tried again, and every document produced validates against
//! docs/exchange.schema.json, as does the example in docs/EXCHANGE.md.

use std::net::SocketAddr;

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};
use zeri_domain::hotline::Source;
use zeri_domain::Role;
use zeri_storage::ForwardOutcome;

use crate::support::*;

const GERMAN_URL: &str = "https://hosted-in-germany.test/drita/7";
const CHILD_TEXT: &str = "Lulzim-secret-words of the child 4471";
const CHILD_NAME: &str = "Drita Hoxha-Exchange";

fn docs(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(&docs("exchange.schema.json")).unwrap();
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema compiles")
}

fn schema_errors(v: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    v.iter_errors(doc).map(|e| format!("{}: {e}", e.instance_path())).collect()
}

/// The JSON example of docs/EXCHANGE.md.
fn documented_example() -> Value {
    let md = docs("EXCHANGE.md");
    let block = md.split("## Example").nth(1).unwrap().split("```json").nth(1).unwrap().split("```").next().unwrap();
    serde_json::from_str(block).unwrap()
}

#[test]
fn the_documented_example_is_the_codes_and_validates() {
    let v = validator();
    let example = documented_example();
    assert_eq!(example, zeri_domain::exchange::example(), "docs/EXCHANGE.md and the code keep one example");
    assert_eq!(schema_errors(&v, &example), Vec::<String>::new());
    assert!(zeri_domain::exchange::parse(example.to_string().as_bytes()).is_ok());
    // The schema refuses what the code refuses: a reporter's field, another version, a bad hash.
    for change in [
        json!({"receipt": "12345"}),
        json!({"format": "zeri-exchange/2"}),
        json!({"hashes": [{"kind": "md5", "value": "00"}]}),
        json!({"item": {"reference": "r", "urls": ["https://a.example/"], "first_reported_at": "2026-12-01T08:12:00Z",
            "times_reported": 1, "case_id": "c"}}),
    ] {
        let mut bad = example.clone();
        for (k, val) in change.as_object().unwrap() {
            bad[k] = val.clone();
        }
        assert!(!schema_errors(&v, &bad).is_empty(), "the schema refuses {change}");
        assert!(zeri_domain::exchange::parse(bad.to_string().as_bytes()).is_err(), "the code refuses {change}");
    }
}

/// Serves `t`'s router on a real port of loopback; its base address.
async fn serve(t: &TestApp) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = t.router.clone().into_make_service_with_connect_info::<SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

async fn add_partner(t: &TestApp, admin: &str, name: &str, country: &str, endpoint: &str, key: &str) -> Value {
    let body = json!({"name": name, "country": country, "endpoint": endpoint, "key": key});
    let res = t.post("/api/v1/admin/partners", body, admin).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    res.json()
}

async fn the_story(a: TestApp, b: TestApp) {
    let schema = validator();
    let b_url = serve(&b).await;
    let (a_admin, b_admin) = (a.staff("admin-a", Role::Admin).await, b.staff("admin-b", Role::Admin).await);
    let (ana, bora) = (a.staff("ana", Role::HotlineAnalyst).await, b.staff("bora", Role::HotlineAnalyst).await);

    // Each side registers the other; B's key for A is shown once, and only to B's admin.
    let a_on_b = add_partner(&b, &b_admin, "ISIGURT.al", "AL", "http://127.0.0.1:9", &"k".repeat(32)).await;
    let key_for_a = a_on_b["key"].as_str().unwrap().to_owned();
    assert!(key_for_a.len() >= 40);
    let listed = b.json(Method::GET, "/api/v1/admin/partners", None, Some(&b_admin)).await;
    assert!(!listed.body.contains(&key_for_a) && !listed.body.contains(&"k".repeat(32)), "keys are never listed");
    if b.store().backend() == "sqlite" {
        let bytes = b.bytes_at_rest();
        assert!(!contains(&bytes, key_for_a.as_bytes()) && !contains(&bytes, "k".repeat(32).as_bytes()), "nor kept");
    }
    // Non-web endpoints and bad countries are refused, in words.
    for (endpoint, country, field) in [
        ("ftp://x.example", "DE", "endpoint"),
        ("file:///etc", "DE", "endpoint"),
        (b_url.as_str(), "Germany", "country"),
    ] {
        let body = json!({"name": "Bad", "country": country, "endpoint": endpoint, "key": "x".repeat(30)});
        let res = a.post("/api/v1/admin/partners", body, &a_admin).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{endpoint}");
        assert!(res.json()["error"]["fields"][field].is_string(), "{}", res.body);
    }
    // An analyst does not manage partners.
    assert_eq!(a.json(Method::GET, "/api/v1/admin/partners", None, Some(&ana)).await.status, StatusCode::FORBIDDEN);
    // First registered with a wrong key: the forward will fail, be recorded, and be tried again.
    let wrong = add_partner(&a, &a_admin, "Hotline DE (old key)", "DE", &b_url, &"w".repeat(43)).await;

    // On A: a child's report with the link (the analyst sends its links to the queue) and
    // the same link from the public form with a receipt.
    let mut child = minimal();
    child["description"] = json!(CHILD_TEXT);
    child["name"] = json!(CHILD_NAME);
    child["links"] = json!(GERMAN_URL);
    let child_receipt = a.report(child).await;
    let counsellor = a.staff("vera", Role::Counsellor).await;
    let case_id = a.case_id(&counsellor).await;
    let case = |p: &str| format!("/api/v1/cases/{case_id}{p}");
    a.ok(&case("/take"), json!({}), &counsellor).await;
    a.ok(&case("/referrals"), json!({"to": "hotline", "note": "Links to check"}), &counsellor).await;
    let limited = a.json(Method::GET, &case(""), None, Some(&ana)).await.json();
    let rid = limited["referrals"][0]["id"].as_str().unwrap().to_owned();
    a.ok(&case("/referral-answer"), json!({"referral": rid, "status": "accepted"}), &ana).await;
    a.ok(&case("/hotline-links"), json!({}), &ana).await;
    let res = a
        .json(Method::POST, "/api/v1/content-reports", Some(json!({"urls": [GERMAN_URL], "receipt": true})), None)
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let link_receipt = res.json()["receipt"].as_str().unwrap().to_owned();
    let items = a.store().content_items(None, 100, 0).await.unwrap();
    assert_eq!(items.len(), 1, "one item, reported twice");
    let id = items[0].id.clone();

    // Not assessed yet: nothing to hand over.
    let forward = format!("/api/v1/hotline/items/{id}/forward");
    let res = a.post(&forward, json!({}), &ana).await;
    assert_eq!(
        (res.status, res.json()["error"]["code"].clone()),
        (StatusCode::CONFLICT, json!("exchange-not-illegal"))
    );
    let assess =
        json!({"verdict": "baseline", "content_type": "image", "age_group": "prepubescent", "site_type": "image_host"});
    a.ok(&format!("/api/v1/hotline/items/{id}/assessments"), assess, &ana).await;

    // Sent with the wrong key: B answers 401, A records the failure and changes nothing else.
    let res = a.post(&forward, json!({}), &ana).await;
    assert_eq!(res.status, StatusCode::BAD_GATEWAY, "{}", res.body);
    assert_eq!(res.json()["error"]["code"], "exchange-send-failed");
    assert!(res.json()["error"]["message"].as_str().unwrap().contains("http-401"), "{}", res.body);
    let item = a.store().content_item(&id).await.unwrap().unwrap();
    assert_eq!(item.forwarded_to, None);
    assert_eq!(item.hosting_country, None, "locating items is not this part's to write");
    let tried = a.store().forwards(&id).await.unwrap();
    assert_eq!(
        (tried.len(), tried[0].outcome, tried[0].error.as_deref()),
        (1, ForwardOutcome::Failed, Some("http-401"))
    );
    assert_eq!(tried[0].country, "DE", "placed in Germany by the test resolver and database");
    assert_eq!(b.store().content_items(None, 100, 0).await.unwrap().len(), 0, "nothing reached B");
    // It waits in the export of items to hand over.
    let pending = a.json(Method::GET, "/api/v1/exchange/pending", None, Some(&ana)).await;
    assert_eq!(pending.status, StatusCode::OK);
    assert_eq!(pending.headers["cache-control"], "no-store");
    let pending: Value = pending.json();
    assert_eq!(pending.as_array().unwrap().len(), 1);
    assert_eq!(schema_errors(&schema, &pending[0]), Vec::<String>::new());

    // The right key; the old entry revoked. Tried again: taken.
    a.ok(&format!("/api/v1/admin/partners/{}/revoke", wrong["id"].as_str().unwrap()), json!({}), &a_admin).await;
    let b_on_a = add_partner(&a, &a_admin, "Hotline DE", "DE", &b_url, &key_for_a).await;
    let res = a.post(&forward, json!({}), &ana).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let their_ref = res.json()["reference"].as_str().unwrap().to_owned();
    let item = a.store().content_item(&id).await.unwrap().unwrap();
    assert_eq!(item.forwarded_to.as_deref(), b_on_a["id"].as_str());
    let tried = a.store().forwards(&id).await.unwrap();
    assert_eq!(
        (tried.len(), tried[1].outcome, tried[1].their_ref.as_deref()),
        (2, ForwardOutcome::Sent, Some(their_ref.as_str()))
    );
    let events: Vec<String> = a.store().item_events(&id).await.unwrap().into_iter().map(|e| e.action).collect();
    assert!(events.contains(&"item-forward-failed".into()) && events.contains(&"item-forwarded".into()), "{events:?}");
    let again = a.post(&forward, json!({}), &ana).await;
    assert_eq!(again.json()["error"]["code"], "exchange-already-forwarded");
    assert_eq!(a.json(Method::GET, "/api/v1/exchange/pending", None, Some(&ana)).await.json(), json!([]));

    // On B: in the queue, from the partner hotline, not assessed by B.
    let got = b.store().content_items(None, 100, 0).await.unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!((got[0].id.as_str(), got[0].source, got[0].classification), (their_ref.as_str(), Source::Partner, None));
    let received = b.store().received_for_item(&their_ref).await.unwrap();
    assert_eq!(received[0].partner_id, a_on_b["id"].as_str().unwrap());
    assert_eq!(received[0].classification.verdict, zeri_domain::hotline::Verdict::Baseline);
    let reports = b.store().item_reports(&their_ref).await.unwrap();
    assert_eq!(reports.len(), 1);
    assert!(!reports[0].with_receipt && reports[0].case_id.is_none() && reports[0].staff_id.is_none());
    // What travelled is what the schema describes (B keeps it sealed).
    let context = zeri_storage::context::exchange_received(&received[0].id);
    let travelled = b.app.keys.open(&received[0].sealed, context.as_bytes()).unwrap();
    let travelled: Value = serde_json::from_slice(&travelled).unwrap();
    assert_eq!(schema_errors(&schema, &travelled), Vec::<String>::new());
    assert_eq!(travelled["item"]["reference"], id);
    assert_eq!(travelled["hosting"]["country"], "DE");
    assert_eq!(travelled["item"]["times_reported"], 2);

    // Nothing of the reporter: not in what travelled, B's pages or B's database.
    let b_cookie = b.page_login("bora").await;
    let queue = b.page("/en/staff/hotline", Some(&b_cookie)).await.body;
    assert!(queue.contains("From partner hotline ISIGURT.al"), "{queue}");
    assert!(queue.contains("href=\"/en/staff/hotline/exchange-pending.json\""), "the export is offered");
    let page = b.page(&format!("/en/staff/hotline/items/{their_ref}"), Some(&b_cookie)).await.body;
    assert!(page.contains("Sent to us by ISIGURT.al") && page.contains("Their classification"), "{page}");
    assert!(page.contains(GERMAN_URL), "B's analyst reads the address");
    let sq = b.page(&format!("/sq/staff/hotline/items/{their_ref}"), Some(&b_cookie)).await.body;
    assert!(sq.contains("Nga linja partnere ISIGURT.al") && !sq.contains('⟦'));
    let api = b.json(Method::GET, &format!("/api/v1/hotline/items/{their_ref}"), None, Some(&bora)).await.body;
    let detail: Value = serde_json::from_str(&api).unwrap();
    assert_eq!(detail["from_partners"][0]["partner"], "ISIGURT.al");
    assert_eq!(detail["from_partners"][0]["classification"]["verdict"], "baseline");
    assert_eq!(detail["assessments"], json!([]), "not assessed by B");
    let on_a = a.json(Method::GET, &format!("/api/v1/hotline/items/{id}"), None, Some(&ana)).await.json();
    let outcomes: Vec<&str> =
        on_a["forwards"].as_array().unwrap().iter().map(|f| f["outcome"].as_str().unwrap()).collect();
    assert_eq!(outcomes, ["failed", "sent"]);
    assert_eq!(on_a["forwards"][1]["reference"], json!(their_ref));
    let digits = |r: &str| r.chars().filter(char::is_ascii_digit).collect::<String>();
    for secret in [CHILD_TEXT, CHILD_NAME, &case_id, &digits(&child_receipt), &digits(&link_receipt), &link_receipt] {
        for (what, text) in [
            ("document", travelled.to_string()),
            ("queue", queue.clone()),
            ("page", page.clone()),
            ("api", api.clone()),
        ] {
            assert!(!text.contains(secret), "{secret} in B's {what}");
        }
    }
    if b.store().backend() == "sqlite" {
        let bytes = b.bytes_at_rest();
        for secret in [CHILD_TEXT, CHILD_NAME, &case_id, &digits(&child_receipt), &digits(&link_receipt), GERMAN_URL] {
            assert!(!contains(&bytes, secret.as_bytes()), "{secret} at rest on B (the URL only sealed)");
        }
    }

    // The same document again: one item. A wrong key: 401. Another version: 400, said so.
    let doc = a.json(Method::GET, &format!("/api/v1/hotline/items/{id}/exchange"), None, Some(&ana)).await;
    assert_eq!(doc.headers["cache-control"], "no-store");
    assert!(doc.headers["content-disposition"].to_str().unwrap().starts_with("attachment"));
    let doc = doc.json();
    assert_eq!(schema_errors(&schema, &doc), Vec::<String>::new());
    let res = b.post("/api/v1/exchange/items", doc.clone(), &key_for_a).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(
        (res.json()["reference"].clone(), res.json()["already_received"].clone()),
        (json!(their_ref), json!(true))
    );
    assert_eq!(b.store().content_items(None, 100, 0).await.unwrap()[0].times_reported, 1, "one item, one report");
    assert_eq!(b.post("/api/v1/exchange/items", doc.clone(), &"w".repeat(43)).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        b.json(Method::POST, "/api/v1/exchange/items", Some(doc.clone()), None).await.status,
        StatusCode::UNAUTHORIZED
    );
    let mut v2 = doc.clone();
    v2["format"] = json!("zeri-exchange/2");
    let res = b.post("/api/v1/exchange/items", v2, &key_for_a).await;
    assert_eq!(
        (res.status, res.json()["error"]["code"].clone()),
        (StatusCode::BAD_REQUEST, json!("exchange-unsupported-version"))
    );
    assert!(res.json()["error"]["message"].as_str().unwrap().contains("zeri-exchange/1"), "{}", res.body);
    let mut extra = doc.clone();
    extra["item"]["reference"] = json!("another-ref");
    extra["item"]["receipt"] = json!(link_receipt);
    let res = b.post("/api/v1/exchange/items", extra, &key_for_a).await;
    assert_eq!(
        (res.status, res.json()["error"]["code"].clone()),
        (StatusCode::BAD_REQUEST, json!("exchange-bad-document"))
    );
    assert!(res.json()["error"]["message"].as_str().unwrap().contains("receipt"), "names the field: {}", res.body);
    let mut bad = doc.clone();
    bad["item"]["reference"] = json!("another-ref");
    bad["item"]["urls"] = json!(["javascript:alert(1)"]);
    let res = b.post("/api/v1/exchange/items", bad, &key_for_a).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert!(res.json()["error"]["fields"]["item.urls[0]"].is_string(), "{}", res.body);
    assert_eq!(b.store().content_items(None, 100, 0).await.unwrap().len(), 1, "nothing stored from bad documents");
    // Revoked on B: A's key no longer opens anything.
    b.ok(&format!("/api/v1/admin/partners/{}/revoke", a_on_b["id"].as_str().unwrap()), json!({}), &b_admin).await;
    assert_eq!(b.post("/api/v1/exchange/items", doc, &key_for_a).await.status, StatusCode::UNAUTHORIZED);

    // An item hosted in Albania is not handed over (a notice goes to its host instead).
    let res = a.post("/api/v1/hotline/items", json!({"urls": ["https://hosted-in-albania.test/x"]}), &ana).await;
    let here = res.json()["items"][0]["id"].as_str().unwrap().to_owned();
    let assess =
        json!({"verdict": "national", "content_type": "video", "age_group": "pubescent", "site_type": "forum"});
    a.ok(&format!("/api/v1/hotline/items/{here}/assessments"), assess, &ana).await;
    let res = a.post(&format!("/api/v1/hotline/items/{here}/forward"), json!({}), &ana).await;
    assert_eq!(
        (res.status, res.json()["error"]["code"].clone()),
        (StatusCode::CONFLICT, json!("exchange-hosted-here"))
    );
}

#[tokio::test]
async fn an_item_hosted_abroad_reaches_the_partner_hotlines_queue_without_the_reporter() {
    the_story(TestApp::new().await, TestApp::new().await).await;
}

#[tokio::test]
async fn an_item_hosted_abroad_reaches_the_partner_hotlines_queue_without_the_reporter_on_postgres() {
    let Some(a) = TestApp::postgres().await else { return };
    let b = TestApp::postgres().await.unwrap();
    the_story(a, b).await;
}

#[tokio::test]
async fn administrators_register_partners_on_their_page_and_the_key_is_shown_once() {
    let t = TestApp::new().await;
    t.staff("root", Role::Admin).await;
    let cookie = t.page_login("root").await;
    let admin = t.page("/en/staff/admin", Some(&cookie)).await.body;
    assert!(admin.contains("href=\"/en/staff/admin/partners\""), "linked from the administration page");
    for lang in ["en", "sq"] {
        let page = t.page(&format!("/{lang}/staff/admin/partners"), Some(&cookie)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(!page.body.contains('⟦'), "every text is there in {lang}");
    }
    let page = t.page("/en/staff/admin/partners", Some(&cookie)).await.body;
    let csrf = csrf_of(&page);
    let their_key = "their-key-given-to-us-0123456789";
    let bad = t
        .form(
            "/en/staff/admin/partners",
            &[
                ("csrf", &csrf),
                ("name", "Hotline DE"),
                ("country", "DE"),
                ("endpoint", "gopher://x.example"),
                ("key", their_key),
            ],
            Some(&cookie),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("Only http and https addresses are accepted."), "{}", bad.body);
    let fields = [
        ("csrf", csrf.as_str()),
        ("name", "Hotline DE"),
        ("country", "de"),
        ("endpoint", "https://hotline.example.de/"),
        ("key", their_key),
    ];
    let made = t.form("/en/staff/admin/partners", &fields, Some(&cookie)).await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.body);
    let key = made.body.split("data-partner-key>").nth(1).unwrap().split('<').next().unwrap().to_owned();
    assert!(key.len() >= 40);
    let partners = t.store().partners().await.unwrap();
    assert_eq!((partners[0].country.as_str(), partners[0].endpoint.as_str()), ("DE", "https://hotline.example.de"));
    let again = t.page("/en/staff/admin/partners", Some(&cookie)).await.body;
    assert!(
        again.contains("Hotline DE") && !again.contains(&key) && !again.contains(their_key),
        "shown once, theirs never"
    );
    let taken = t.form("/en/staff/admin/partners", &fields, Some(&cookie)).await;
    assert!(taken.body.contains("A partner hotline has this name already."), "{}", taken.body);
    let events: Vec<String> =
        t.store().audit_page(0, 10_000).await.unwrap().into_iter().map(|e| e.event.action).collect();
    assert_eq!(events.iter().filter(|a| *a == "partner-added").count(), 1, "{events:?}");
    assert!(zeri_storage::verify_chain(t.store().as_ref(), &t.app.keys).await.unwrap().is_ok());
}
