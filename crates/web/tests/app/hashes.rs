//! Hashes that reach platforms: an analyst reviews each take-down request before any of its
//! hashes is shared; a platform with a token pulls only reviewed, shared hashes since its
//! cursor (JSON and CSV alike), reports removals back, and learns of withdrawals; the child
//! follows it on the follow-up page and withdraws it there. Synthetic hashes only.

use std::collections::BTreeSet;

use axum::http::{header, Method, StatusCode};
use serde_json::{json, Value};
use zeri_domain::Role;

use crate::support::*;

fn hex(c: char, n: usize) -> String {
    c.to_string().repeat(n)
}

/// A take-down request with synthetic hashes (`c` makes them its own); its reference.
async fn takedown(t: &TestApp, receipt: Option<&str>, kind: &str, c: char) -> String {
    let mut body = json!({"kind": kind, "md5": hex(c, 32), "sha256": hex(c, 64), "size": 1000, "receipt": receipt});
    if kind == "image" {
        body["pdq"] = json!(hex(c, 64));
        body["quality"] = json!(80);
    } else {
        body["frames"] = json!([format!("{c}1").repeat(32), format!("{c}2").repeat(32), format!("{c}1").repeat(32)]);
    }
    let res = t.json(Method::POST, "/api/v1/takedown", Some(body), None).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    res.json()["reference"].as_str().unwrap().to_owned()
}

/// The id of a queued request, by its reference.
async fn queued(t: &TestApp, analyst: &str, reference: &str) -> String {
    let queue = t.json(Method::GET, "/api/v1/takedowns", None, Some(analyst)).await;
    assert_eq!(queue.status, StatusCode::OK, "{}", queue.body);
    let queue = queue.json();
    let found = queue.as_array().unwrap().iter().find(|q| q["reference"] == reference);
    found.unwrap_or_else(|| panic!("{reference} is not in the queue: {queue}"))["id"].as_str().unwrap().to_owned()
}

async fn review(t: &TestApp, analyst: &str, id: &str, body: Value) -> Res {
    t.post(&format!("/api/v1/takedowns/{id}/review"), body, analyst).await
}

/// A platform registered by an administrator; its id and token.
async fn platform(t: &TestApp, admin: &str, name: &str) -> (String, String) {
    let res = t.post("/api/v1/admin/platforms", json!({"name": name, "contact": "abuse@example.org"}), admin).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let v = res.json();
    (v["id"].as_str().unwrap().to_owned(), v["token"].as_str().unwrap().to_owned())
}

async fn pull(t: &TestApp, token: &str, query: &str) -> Res {
    t.json(Method::GET, &format!("/api/v1/hashes{query}"), None, Some(token)).await
}

/// A pull as JSON: its entries and next cursor.
async fn pull_json(t: &TestApp, token: &str, since: i64) -> (Vec<Value>, i64) {
    let res = pull(t, token, &format!("?since={since}")).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let v = res.json();
    assert_eq!(res.headers["zeri-next-cursor"].to_str().unwrap(), v["next_cursor"].to_string());
    (v["entries"].as_array().unwrap().clone(), v["next_cursor"].as_i64().unwrap())
}

/// Every audit action recorded so far.
async fn audit_actions(t: &TestApp) -> Vec<String> {
    let page = t.store().audit_page(0, 100_000).await.unwrap();
    page.into_iter().map(|e| e.event.action).collect()
}

/// The follow-up page's cookie for a receipt.
async fn followup_cookie(t: &TestApp, receipt: &str) -> String {
    let res = t.form("/en/followup", &[("receipt", receipt)], None).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    res.cookie()
}

async fn sharing_story(t: &TestApp) {
    let receipt = t.report(minimal()).await;
    let mine = takedown(t, Some(&receipt), "image", 'a').await;
    let anonymous = takedown(t, None, "image", 'b').await;
    let video = takedown(t, None, "video", 'c').await;
    let admin = t.staff("root", Role::Admin).await;
    let analyst = t.staff("hana", Role::HotlineAnalyst).await;
    let counsellor = t.staff("vera", Role::Counsellor).await;

    // Only administrators register platforms; the token is shown once, never listed.
    let refused = t.post("/api/v1/admin/platforms", json!({"name": "X", "contact": "x@example.org"}), &analyst).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let bad = t.post("/api/v1/admin/platforms", json!({"name": "", "contact": "x", "token": "mine"}), &admin).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(["name", "contact", "token"].iter().all(|f| bad.json()["error"]["fields"][f].is_string()), "{}", bad.body);
    let (p1, token) = platform(t, &admin, "Example Social").await;
    let dup =
        t.post("/api/v1/admin/platforms", json!({"name": "Example Social", "contact": "y@example.org"}), &admin).await;
    assert_eq!(dup.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", dup.body);
    let listed = t.json(Method::GET, "/api/v1/admin/platforms", None, Some(&admin)).await;
    assert!(listed.body.contains("abuse@example.org") && !listed.body.contains(&token), "{}", listed.body);
    let row = t.store().platforms().await.unwrap().into_iter().find(|p| p.id == p1).unwrap();
    assert!(!contains(&row.contact_sealed, b"abuse@example.org"), "the contact is sealed");
    assert!(!contains(&t.bytes_at_rest(), token.as_bytes()), "only a digest of the token is kept");

    // Nothing is shared before review. (A platform that sends a cursor from nowhere gets
    // nothing and counts for nothing: it is not among those the child is told received it.)
    assert_eq!(pull_json(t, &token, 0).await, (vec![], 0));
    let (_, far) = platform(t, &admin, "Far Cursor").await;
    assert_eq!(pull_json(t, &far, 1_000_000).await, (vec![], 1_000_000));

    // Only analysts review; bad verdicts are named; more can be asked only of a child who
    // sent a receipt.
    let (a, b, c) =
        (queued(t, &analyst, &mine).await, queued(t, &analyst, &anonymous).await, queued(t, &analyst, &video).await);
    assert_eq!(t.json(Method::GET, "/api/v1/takedowns", None, Some(&counsellor)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(review(t, &counsellor, &a, json!({"verdict": "approve"})).await.status, StatusCode::FORBIDDEN);
    assert_eq!(review(t, &admin, &a, json!({"verdict": "approve"})).await.status, StatusCode::FORBIDDEN);
    let cookie = t.page_login("vera").await;
    let page = t.page("/en/staff/takedowns", Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN, "nor on the page");
    for (body, field) in [
        (json!({"verdict": "share"}), "verdict"),
        (json!({}), "verdict"),
        (json!({"verdict": "reject"}), "reason"),
        (json!({"verdict": "reject", "reason": "because"}), "reason"),
        (json!({"verdict": "approve", "reason": "other"}), "reason"),
    ] {
        let res = review(t, &analyst, &a, body.clone()).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {}", res.body);
        assert!(res.json()["error"]["fields"][field].is_string(), "{body}: {}", res.body);
    }
    let res = review(t, &analyst, &b, json!({"verdict": "needs_more"})).await;
    assert!(res.json()["error"]["fields"]["verdict"].as_str().unwrap().contains("without a receipt"), "{}", res.body);
    assert_eq!(review(t, &analyst, "nope", json!({"verdict": "approve"})).await.status, StatusCode::NOT_FOUND);
    assert!(pull_json(t, &token, 0).await.0.is_empty(), "nothing half-done");

    // The analyst's page shows the queue; the decision goes through its form too.
    let analyst_cookie = t.page_login("hana").await;
    let page = t.page("/en/staff/takedowns", Some(&analyst_cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Waiting for review (3)") && page.body.contains(&mine), "{}", page.body);
    let csrf = csrf_of(&page.body);
    let path = format!("/en/staff/takedowns/{b}/review");
    let res = t.form(&path, &[("verdict", "reject"), ("reason", "low_quality")], Some(&analyst_cookie)).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "no CSRF token");
    let form = [("csrf", csrf.as_str()), ("verdict", "reject"), ("reason", "low_quality")];
    assert_eq!(t.form(&path, &form, Some(&analyst_cookie)).await.status, StatusCode::SEE_OTHER);
    assert_eq!(
        review(t, &analyst, &b, json!({"verdict": "approve"})).await.status,
        StatusCode::CONFLICT,
        "decided once"
    );
    let res = review(t, &analyst, &a, json!({"verdict": "approve"})).await;
    assert_eq!((res.status, res.json()["review"].as_str()), (StatusCode::OK, Some("approved")));

    // The platform gets the approved request's SHA-256, MD5 and PDQ, nothing of the rejected
    // or unreviewed ones.
    let (first, cursor) = pull_json(t, &token, 0).await;
    assert_eq!(first.len(), 3, "{first:?}");
    let types: BTreeSet<&str> = first.iter().map(|e| e["hash_type"].as_str().unwrap()).collect();
    assert_eq!(types, BTreeSet::from(["md5", "pdq", "sha256"]));
    for e in &first {
        assert_eq!(
            (e["state"].as_str(), e["classification"].as_str(), e["media"].as_str()),
            (Some("shared"), Some("self-reported"), Some("image"))
        );
        assert!(e["value"].as_str().unwrap().chars().all(|ch| ch == 'a'), "{e}");
    }
    let pdq = first.iter().find(|e| e["hash_type"] == "pdq").unwrap();
    assert_eq!(pdq["quality"], 80);
    let whole = pull(t, &token, "").await.body;
    assert!(!whole.contains(&hex('b', 32)) && !whole.contains(&hex('c', 32)), "rejected and unreviewed never appear");
    // A second pull with the cursor: nothing new.
    assert_eq!(pull_json(t, &token, cursor).await, (vec![], cursor));
    // CSV carries the same entries.
    let csv = pull(t, &token, "?since=0&format=csv").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/csv"));
    assert_eq!(csv.headers["zeri-next-cursor"].to_str().unwrap(), cursor.to_string());
    let lines: Vec<&str> = csv.body.lines().collect();
    assert_eq!(lines[0], "seq,id,state,hash_type,value,quality,media,classification,shared_at,withdrawn_at");
    let rows: Vec<Vec<&str>> = lines[1..].iter().map(|l| l.split(',').collect()).collect();
    let from_csv: Vec<(String, String, String, String)> =
        rows.iter().map(|r| (r[0].to_owned(), r[1].to_owned(), r[3].to_owned(), r[4].to_owned())).collect();
    let from_json: Vec<(String, String, String, String)> = first
        .iter()
        .map(|e| {
            (
                e["seq"].to_string(),
                e["id"].as_str().unwrap().into(),
                e["hash_type"].as_str().unwrap().into(),
                e["value"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(from_csv, from_json);
    assert!(rows.iter().all(|r| r[2] == "shared" && r[7] == "self-reported" && r[8] == first[0]["shared_at"]));
    // Bad queries are named; pages are bounded.
    for (query, field) in [
        ("?since=-1", "since"),
        ("?since=x", "since"),
        ("?format=xml", "format"),
        ("?limit=0", "limit"),
        ("?limit=10001", "limit"),
        ("?cursor=3", "query"),
    ] {
        let res = pull(t, &token, query).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        assert!(res.json()["error"]["fields"][field].is_string(), "{query}: {}", res.body);
    }
    let paged = pull(t, &token, "?since=0&limit=2").await.json();
    assert_eq!((paged["entries"].as_array().unwrap().len(), &paged["more"]), (2, &json!(true)));

    // A newly approved one appears at the next pull, and only it: a video's distinct frames.
    assert_eq!(review(t, &analyst, &c, json!({"verdict": "approve"})).await.status, StatusCode::OK);
    let (second, cursor) = pull_json(t, &token, cursor).await;
    assert_eq!(second.len(), 4, "SHA-256, MD5 and two distinct frames: {second:?}");
    assert!(second
        .iter()
        .all(|e| e["media"] == "video" && e["seq"].as_i64().unwrap() > first[2]["seq"].as_i64().unwrap()));

    // The child sees how far it went, on the API and on the page, in plain words.
    let child = t.survivor(&receipt).await;
    let status = t.json(Method::GET, "/api/v1/followup", None, Some(&child)).await.json();
    let mine_now = &status["takedowns"][0];
    assert_eq!(
        (mine_now["reference"].as_str(), mine_now["state"].as_str(), mine_now["platforms"].as_i64()),
        (Some(mine.as_str()), Some("shared"), Some(1))
    );
    assert!(status["accessed"].to_string().contains("checked your take-down request"), "{status}");
    let child_cookie = followup_cookie(t, &receipt).await;
    let page = t.page("/en/followup", Some(&child_cookie)).await.body;
    assert!(page.contains("Checked and shared with one platform"), "{page}");
    let sq = t.page("/sq/followup", Some(&child_cookie)).await.body;
    assert!(sq.contains("u nda me një platformë"), "in Albanian too");

    // The platform reports back: a removal, with a count and a time; nothing about anyone.
    let sha = first.iter().find(|e| e["hash_type"] == "sha256").unwrap()["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/hashes/{sha}/reports");
    let at = "2026-01-15T10:00:00Z";
    let res = t.post(&path, json!({"outcome": "removed", "count": 2, "at": at, "uploader": "someone"}), &token).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.json()["error"]["fields"]["uploader"].is_string(), "{}", res.body);
    for bad in [
        json!({"outcome": "deleted"}),
        json!({"outcome": "removed", "count": 0}),
        json!({"outcome": "removed", "at": "yesterday"}),
        json!({"outcome": "removed", "at": "2999-01-01T00:00:00Z"}),
        json!({"outcome": "removed", "count": "2"}),
    ] {
        assert_eq!(t.post(&path, bad.clone(), &token).await.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    }
    assert_eq!(
        t.post("/api/v1/hashes/nope/reports", json!({"outcome": "removed"}), &token).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        t.post(&path, json!({"outcome": "removed"}), &analyst).await.status,
        StatusCode::UNAUTHORIZED,
        "a staff token is no platform token"
    );
    let res = t.post(&path, json!({"outcome": "removed", "count": 2, "at": at}), &token).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let page = t.page("/en/followup", Some(&child_cookie)).await.body;
    assert!(page.contains("2 removals reported by platforms"), "{page}");
    assert!(page.contains("A platform reported that it removed 2 copies"), "in the access log: {page}");

    // The child withdraws it: a confirmation first, saying what it means; the CSRF token.
    let withdraw = format!("/en/followup/takedowns/{a}/withdraw");
    let csrf = csrf_of(&page);
    assert_eq!(t.form(&withdraw, &[("csrf", "forged")], Some(&child_cookie)).await.status, StatusCode::FORBIDDEN);
    let other = format!("/en/followup/takedowns/{b}/withdraw");
    assert_eq!(
        t.form(&other, &[("csrf", &csrf), ("confirm", "yes")], Some(&child_cookie)).await.status,
        StatusCode::NOT_FOUND,
        "not theirs"
    );
    let confirm = t.form(&withdraw, &[("csrf", &csrf)], Some(&child_cookie)).await;
    assert_eq!(confirm.status, StatusCode::OK);
    assert!(
        confirm.body.contains("We forget the fingerprints") && confirm.body.contains("name=\"confirm\""),
        "{}",
        confirm.body
    );
    assert_eq!(pull_json(t, &token, cursor).await.0.len(), 0, "nothing happened before confirming");
    let done = t.form(&withdraw, &[("csrf", &csrf), ("confirm", "yes")], Some(&child_cookie)).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let page = t.page("/en/followup", Some(&child_cookie)).await.body;
    assert!(page.contains("You withdrew it") && !page.contains(&format!("takedowns/{a}/withdraw")), "{page}");

    // Its sharing stops at once: the next pull says each of its hashes is withdrawn, under
    // new sequence numbers, without the hash; no pull carries its hashes any more.
    let (records, after) = pull_json(t, &token, cursor).await;
    assert_eq!(records.len(), 3, "{records:?}");
    let first_ids: BTreeSet<&str> = first.iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(records.iter().map(|e| e["id"].as_str().unwrap()).collect::<BTreeSet<_>>(), first_ids);
    assert!(records.iter().all(|e| e["state"] == "withdrawn" && e["value"].is_null() && e["withdrawn_at"].is_string()));
    assert!(records.iter().all(|e| e["seq"].as_i64().unwrap() > cursor));
    assert!(!pull(t, &token, "?since=0&format=csv").await.body.contains(&hex('a', 32)));
    assert!(!pull(t, &token, "?since=0").await.body.contains(&hex('a', 32)));
    assert_eq!(pull_json(t, &token, after).await, (vec![], after));
    let status = t.json(Method::GET, "/api/v1/followup", None, Some(&child)).await.json();
    assert_eq!(
        (status["takedowns"][0]["state"].as_str(), status["takedowns"][0]["withdrawable"].as_bool()),
        (Some("withdrawn"), Some(false))
    );
    let again = t.post(&format!("/api/v1/followup/takedowns/{a}/withdraw"), json!({"confirm": true}), &child).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "once");

    // Every review, the token, the withdrawal and the report-back are in the audit chain.
    let actions = audit_actions(t).await;
    for a in ["takedown-reviewed", "platform-added", "child-takedown-withdrawn", "hash-reported", "hashes-pulled"] {
        assert!(actions.iter().any(|x| x == a), "{a} is not in the audit log: {actions:?}");
    }
    assert_eq!(actions.iter().filter(|x| *x == "takedown-reviewed").count(), 3);
    assert!(zeri_storage::verify_chain(t.store().as_ref(), &t.app.keys).await.unwrap().is_ok());

    // A revoked token gets the same bare 401 as a wrong one or none.
    let (_, other_token) = platform(t, &admin, "Other Video").await;
    let revoke = t.post(&format!("/api/v1/admin/platforms/{p1}/revoke"), json!({}), &admin).await;
    assert_eq!(revoke.status, StatusCode::NO_CONTENT, "{}", revoke.body);
    assert!(audit_actions(t).await.iter().any(|x| x == "platform-revoked"));
    let revoked = pull(t, &token, "").await;
    let wrong = pull(t, "not-a-token", "").await;
    let none = t.json(Method::GET, "/api/v1/hashes", None, None).await;
    assert_eq!(
        (revoked.status, wrong.status, none.status),
        (StatusCode::UNAUTHORIZED, StatusCode::UNAUTHORIZED, StatusCode::UNAUTHORIZED)
    );
    assert!(revoked.body == wrong.body && wrong.body == none.body, "{} / {} / {}", revoked.body, wrong.body, none.body);
    assert_eq!(
        t.post(&format!("/api/v1/admin/platforms/{p1}/revoke"), json!({}), &admin).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(pull(t, &other_token, "").await.status, StatusCode::OK, "the other platform still pulls");
    // Throttled like other keys: beyond the limit no token is looked at.
    let mut statuses = Vec::new();
    for _ in 0..12 {
        statuses.push(pull(t, "guess", "").await.status);
    }
    assert_eq!(statuses.last(), Some(&StatusCode::TOO_MANY_REQUESTS), "{statuses:?}");
    let throttled = pull(t, "guess", "").await;
    assert!(throttled.headers.contains_key(header::RETRY_AFTER));
}

#[tokio::test]
async fn platforms_pull_only_reviewed_hashes_and_learn_of_withdrawals_sqlite() {
    sharing_story(&TestApp::new().await).await;
}

#[tokio::test]
async fn platforms_pull_only_reviewed_hashes_and_learn_of_withdrawals_postgres() {
    if let Some(t) = TestApp::postgres().await {
        sharing_story(&t).await;
    }
}

/// A child's request whose case is erased by retention is withdrawn as if the child had
/// withdrawn it: the platform's next pull says so, and carries no hash.
#[tokio::test]
async fn an_erased_case_withdraws_its_shared_hashes() {
    let t = TestApp::new().await;
    let receipt = t.report(minimal()).await;
    let reference = takedown(&t, Some(&receipt), "image", 'd').await;
    let admin = t.staff("root", Role::Admin).await;
    let analyst = t.staff("hana", Role::HotlineAnalyst).await;
    let (_, token) = platform(&t, &admin, "Example Social").await;
    let id = queued(&t, &analyst, &reference).await;
    assert_eq!(review(&t, &analyst, &id, json!({"verdict": "approve"})).await.status, StatusCode::OK);
    let (shared, cursor) = pull_json(&t, &token, 0).await;
    assert_eq!(shared.len(), 3);
    let report = t.report_of(&receipt).await;
    zeri_storage::retention::erase(t.store().as_ref(), &t.app.blobs, &report.id, "test", zeri_web::now_ms())
        .await
        .unwrap();
    let (records, _) = pull_json(&t, &token, cursor).await;
    assert_eq!(records.len(), 3, "{records:?}");
    assert!(records.iter().all(|e| e["state"] == "withdrawn" && e["value"].is_null()));
    assert!(!pull(&t, &token, "?since=0").await.body.contains(&hex('d', 64)));
    assert!(t.store().takedowns_for(&report.id).await.unwrap().is_empty(), "the request goes with the case");
    let events = t.store().events(&report.id).await.unwrap();
    assert!(events.iter().any(|e| e.action == "hashes-withdrawn"), "{events:?}");
}

/// The administrator's page: a platform registered with its form gets its token shown
/// once, bad input is named and stores nothing, a revocation stops the token at once;
/// nobody else opens the page.
#[tokio::test]
async fn an_administrator_registers_and_revokes_a_platform_on_the_page() {
    let t = TestApp::new().await;
    t.create("root", Role::Admin, None).await;
    t.create("hana", Role::HotlineAnalyst, Some("hotline")).await;
    let analyst = t.page_login("hana").await;
    assert_eq!(t.page("/en/staff/admin/platforms", Some(&analyst)).await.status, StatusCode::FORBIDDEN);
    let cookie = t.page_login("root").await;
    let page = t.page("/en/staff/admin/platforms", Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    let csrf = csrf_of(&page.body);
    let form = |name: &'static str| {
        [("csrf", csrf.clone()), ("name", name.to_owned()), ("contact", "abuse@example.org".to_owned())]
    };
    let bad = t.form("/en/staff/admin/platforms", &as_refs(&form("")), Some(&cookie)).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("error-summary") && t.store().platforms().await.unwrap().is_empty());
    let no_csrf = [("name", "Example Social"), ("contact", "abuse@example.org")];
    assert_eq!(t.form("/en/staff/admin/platforms", &no_csrf, Some(&cookie)).await.status, StatusCode::FORBIDDEN);
    let made = t.form("/en/staff/admin/platforms", &as_refs(&form("Example Social")), Some(&cookie)).await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.body);
    let token = made.body.split("class=\"secret\">").nth(1).unwrap().split('<').next().unwrap().to_owned();
    assert_eq!(pull(&t, &token, "").await.status, StatusCode::OK);
    let again = t.page("/en/staff/admin/platforms", Some(&cookie)).await.body;
    assert!(again.contains("abuse@example.org") && !again.contains(&token), "shown once");
    let id = t.store().platforms().await.unwrap()[0].id.clone();
    let revoke = format!("/en/staff/admin/platforms/{id}/revoke");
    assert_eq!(t.form(&revoke, &[("csrf", &csrf)], Some(&cookie)).await.status, StatusCode::SEE_OTHER);
    assert_eq!(pull(&t, &token, "").await.status, StatusCode::UNAUTHORIZED);
    assert!(t.page("/en/staff/admin/platforms", Some(&cookie)).await.body.contains("Revoked"));
}
