//! Evidence, take-down requests and hash lists.

use axum::http::{header, Method, StatusCode};
use serde_json::{json, Value};
use zeri_domain::Role;

use crate::support::*;

async fn evidence_story(t: &TestApp) {
    let picture = landscape(false);
    let turned = landscape(true);
    let chat = b"[20:14] unknown: send one more or I post it".to_vec();
    let hashed = zeri_hashing::decode::hash_image(&picture, &Default::default()).unwrap();
    let pdq = hashed.pdq.hash.to_hex();
    let chat_sha = zeri_hashing::sha256_hex(&chat);

    // An administrator imports a list holding the chat's SHA-256; a bad list is refused whole.
    let admin = t.staff("root", Role::Admin).await;
    let csv = format!("sha256,label,source\n{chat_sha},known chat,test network\n");
    let res = t.csv("/api/v1/admin/hash-lists?name=Test%20list", &csv, &admin).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let res = t.csv("/api/v1/admin/hash-lists?name=Bad", "pdq,label\nnothex,x\n", &admin).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("Line 2"), "{}", res.body);
    assert_eq!(
        t.json(Method::GET, "/api/v1/admin/hash-lists", None, Some(&admin)).await.json().as_array().unwrap().len(),
        1
    );

    // The child reports on the page with a picture and a chat export.
    let fields = [
        ("reporter", "self"),
        ("category", "sexual_extortion"),
        ("description", "He has my photo"),
        ("age_band", "13_15"),
        ("location", "Kukës"),
        ("contact_method", "none"),
        ("consent_police", "true"),
    ];
    let before = t.report_count().await;
    let res = t.upload("/en/report", &fields, &[("IMG_0001.png", &picture), ("chat.txt", &chat)], None, None).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let receipt = res.body.split("data-receipt>").nth(1).unwrap().split('<').next().unwrap().to_owned();
    assert_eq!(t.report_count().await, before + 1);

    // A decompression bomb is stored sealed like any file, and the report gets its receipt at
    // once: images are decoded after the commit, bounded, so a bomb delays and breaks nothing.
    // Its case says it was never opened. A file of a kind we do not take still refuses the
    // report (found from the first bytes, before anything is stored).
    // On S3 the blobs are not in the folder; the folder checks apply to the local store.
    let local = t.store().backend() == "sqlite" || std::env::var("ZERI_TEST_S3").is_err();
    let blobs = |t: &TestApp| std::fs::read_dir(t.dir.path().join("evidence/evidence")).map(|d| d.count()).unwrap_or(0);
    let started = std::time::Instant::now();
    let res = t.upload("/en/report", &fields, &[("ok.png", &picture), ("bomb.png", &bomb_png())], None, None).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    assert!(started.elapsed() < std::time::Duration::from_secs(2), "the receipt does not wait for decoding");
    assert_eq!(t.report_count().await, before + 2);
    let bombed = res.body.split("data-receipt>").nth(1).unwrap().split('<').next().unwrap().to_owned();
    let pending = t.store().evidence_for(&t.report_of(&bombed).await.id).await.unwrap();
    assert!(pending.iter().all(|e| e.pdq.is_none()), "nothing decoded before the receipt");
    t.inspected().await;
    let stored = blobs(t);
    if local {
        assert!(stored >= 4, "both reports' files are in the folder");
    }
    let res = t.upload("/en/report", &fields, &[("x.exe", b"MZ\x90\x00\x03\x00\x00\x00")], None, None).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("kind of file"), "{}", res.body);
    assert_eq!(t.report_count().await, before + 2, "nothing stored");
    if local {
        assert_eq!(blobs(t), stored, "no file left behind");
    }
    assert_eq!(t.page("/healthz", None).await.status, StatusCode::OK);

    // A second child sends the same picture turned by 90°, in a follow-up message.
    let other = t.report(kukes_report()).await;
    let child2 = t.survivor(&other).await;
    let res = t
        .upload("/api/v1/followup/evidence", &[("body", "this one")], &[("p.png", &turned)], Some(&child2), None)
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    t.inspected().await;

    let res = t.json(Method::POST, "/api/v1/followup/evidence", Some(json!({"body": "x"})), Some(&child2)).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "JSON, not a page: {}", res.body);
    assert!(res.json()["error"]["message"].is_string());

    // The counsellor sees digests and matches, never the picture by default.
    let staff = t.staff("vera", Role::Counsellor).await;
    let cookie = t.page_login("vera").await;
    let cases = t.json(Method::GET, "/api/v1/cases", None, Some(&staff)).await.json();
    let ids: Vec<String> = cases.as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap().to_owned()).collect();
    let first_page = |id: &str| format!("/en/staff/reports/{id}");
    let mut pages = Vec::new();
    for id in &ids {
        pages.push((id.clone(), t.page(&first_page(id), Some(&cookie)).await.body));
    }
    let (first, page) = pages.iter().find(|(_, b)| b.contains(&chat_sha)).expect("the first report's evidence");
    assert!(page.contains(&pdq), "PDQ shown");
    let (_, bomb_page) = pages.iter().find(|(_, b)| b.contains("never opened")).expect("the bomb's case");
    assert!(bomb_page.contains("possibly made to crash decoders"), "the bomb's outcome is on its case");
    assert!(bomb_page.contains("checked by the system"), "in its chain of custody");
    assert!(page.contains("known hash list “Test list”: known chat (test network)"), "list match flagged");
    assert!(!page.contains("data:image"), "no image on the case page");
    let (_, page2) = pages.iter().find(|(_, b)| b.contains("sent with a message")).expect("the second report");
    assert!(page2.contains("the same file was received in case"), "the turned copy matches the first by PDQ");
    let evidence_id = page.split("id=\"evidence-").nth(1).unwrap().split('"').next().unwrap().to_owned();

    // A list imported later flags the evidence that arrived before it (by PDQ here).
    let late = format!("pdq,label,source\n{pdq},late entry,late network\n");
    assert_eq!(t.csv("/api/v1/admin/hash-lists?name=Late", &late, &admin).await.status, StatusCode::CREATED);
    let page = t.page(&first_page(first), Some(&cookie)).await.body;
    assert!(page.contains("known hash list “Late”: late entry (late network)"), "flagged after the fact");

    // Opening it needs a reason, gives back the exact file, and enters the custody chain.
    // Both files matched a known list, so each opens only when asked once more.
    let open = |reason: &'static str, show_matched: bool| {
        let path = format!("/api/v1/cases/{first}/evidence/{evidence_id}");
        let staff = staff.clone();
        let body = json!({"reason": reason, "show_matched": show_matched});
        async move { t.json_raw(Method::POST, &path, body, &staff).await }
    };
    assert_eq!(open("short", true).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(open("Checking the threat for the police referral", false).await.0, StatusCode::CONFLICT);
    let (status, headers, bytes) = open("Checking the threat for the police referral", true).await;
    assert_eq!(status, StatusCode::OK);
    assert!(bytes == picture || bytes == chat, "the file as received");
    assert_eq!(headers["x-evidence-sha256"].to_str().unwrap(), zeri_hashing::sha256_hex(&bytes));
    let events = t.store().events(first).await.unwrap();
    let viewed: Vec<_> = events.iter().filter(|e| e.action == "evidence_viewed").collect();
    assert_eq!(viewed.len(), 1, "one opening, one custody entry");
    assert!(viewed[0].detail.as_deref().unwrap().starts_with(&evidence_id));
    assert!(viewed[0].sealed.is_some(), "the reason is kept, sealed");
    assert_eq!(events.iter().filter(|e| e.action == "evidence_received").count(), 2);
    let child = t.survivor(&receipt).await;
    let status = t.json(Method::GET, "/api/v1/followup", None, Some(&child)).await;
    assert!(status.body.contains("opened one of your files"), "the child sees it: {}", status.body);

    // The case package for the police carries the files, and each enters the custody chain.
    let export = |body: Value| {
        let path = format!("/api/v1/cases/{first}/exports");
        let staff = staff.clone();
        async move { t.json_raw(Method::POST, &path, body, &staff).await }
    };
    let (status, _, refused) = export(json!({"recipient": "police"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "the files need a reason");
    assert!(String::from_utf8_lossy(&refused).contains("\"reason\""));
    let why = "The police need the picture for the investigation";
    let (status, _, zip) = export(json!({"recipient": "police", "reason": why})).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&zip));
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip.clone())).unwrap();
    let mut packed = Vec::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        if f.name().starts_with("evidence/") {
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut f, &mut bytes).unwrap();
            packed.push(bytes);
        }
    }
    assert_eq!(packed.len(), 2, "both files in the package");
    assert!(packed.contains(&picture) && packed.contains(&chat), "exactly as received");
    let case_json = zeri_web::service::exports::read_zip_entry(&zip, "case.json").unwrap();
    assert!(case_json.contains(&chat_sha) && case_json.contains(&pdq) && case_json.contains("evidence_viewed"));
    let exported: Vec<_> =
        t.store().events(first).await.unwrap().into_iter().filter(|e| e.action == "evidence_exported").collect();
    assert_eq!(exported.len(), 2);
    assert!(exported.iter().all(|e| e.sealed.is_some()), "each with the reason, sealed");
    let status = t.json(Method::GET, "/api/v1/followup", None, Some(&child)).await.json();
    let lines: Vec<&Value> =
        status["accessed"].as_array().unwrap().iter().filter(|a| a["action"] == "evidence_exported").collect();
    assert_eq!(lines.len(), 2, "{status}");
    assert!(lines.iter().all(|a| a["reason"] == why), "the child sees why: {status}");

    // A support professional never opens evidence, even on a case shared with them.
    let psy = t.staff("drita", Role::ServiceProvider).await;
    let res = t
        .json(
            Method::POST,
            &format!("/api/v1/cases/{first}/evidence/{evidence_id}"),
            Some(json!({"reason": "I would like to see it please"})),
            Some(&psy),
        )
        .await;
    assert!(matches!(res.status, StatusCode::NOT_FOUND | StatusCode::FORBIDDEN), "{}", res.status);

    // At rest the files are sealed.
    if !local {
        return;
    }
    let mut at_rest = Vec::new();
    for e in std::fs::read_dir(t.dir.path().join("evidence/evidence")).unwrap() {
        at_rest.extend(std::fs::read(e.unwrap().path()).unwrap());
    }
    assert!(!contains(&at_rest, b"send one more"), "chat sealed");
    assert!(!contains(&at_rest, &picture[16..48]), "picture sealed");
}

#[tokio::test]
async fn evidence_is_hashed_matched_sealed_and_opened_only_on_purpose_sqlite() {
    evidence_story(&TestApp::new().await).await;
}

#[tokio::test]
async fn evidence_is_hashed_matched_sealed_and_opened_only_on_purpose_postgres() {
    if let Some(t) = TestApp::postgres().await {
        evidence_story(&t).await;
    }
}

#[tokio::test]
async fn takedown_hashes_arrive_without_the_file_and_leave_as_csv() {
    let delay = std::time::Duration::from_millis(300);
    let throttle = zeri_web::ThrottleConfig { client_delay: delay, ..Default::default() };
    let t = TestApp::with(zeri_web::WebConfig { throttle, ..fast_config() }).await;
    let page = t.page("/en/takedown", None).await;
    assert_eq!(page.status, StatusCode::OK);
    let csp = page.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(csp.contains("'wasm-unsafe-eval'") && !csp.contains("unsafe-inline"), "{csp}");
    assert!(page.body.contains("id=\"td-file\"") && page.body.contains("/static/takedown.js"));
    let report = t.page("/en/report", None).await;
    assert!(!report.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap().contains("wasm"), "only there");

    let receipt = t.report(kukes_report()).await;
    let h = |c: char| c.to_string().repeat(64);
    let body = json!({"kind": "image", "pdq": h('a'), "quality": 100, "dihedral": vec![h('b'); 7],
        "md5": "c".repeat(32), "sha256": h('d'), "size": 12345, "receipt": receipt, "lang": "en"});
    let res = t.json(Method::POST, "/api/v1/takedown", Some(body.clone()), None).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let reference = res.json()["reference"].as_str().unwrap().to_owned();
    assert!(reference.starts_with("TD-"));
    let mut anonymous = body.clone();
    anonymous["receipt"] = Value::Null;
    anonymous["kind"] = json!("video");
    anonymous["frames"] = json!([h('e'), h('f')]);
    assert_eq!(t.json(Method::POST, "/api/v1/takedown", Some(anonymous), None).await.status, StatusCode::CREATED);
    let mut wrong = body.clone();
    wrong["receipt"] = json!("1111-2222-3333-4444-5555");
    assert_eq!(
        t.json(Method::POST, "/api/v1/takedown", Some(wrong.clone()), None).await.status,
        StatusCode::UNAUTHORIZED
    );
    for (field, value) in [
        ("md5", json!("xyz")),
        ("pdq", json!("12")),
        ("quality", json!(101)),
        ("kind", json!("pdf")),
        ("dihedral", json!(["00"])),
    ] {
        let mut bad = body.clone();
        bad[field] = value;
        let res = t.json(Method::POST, "/api/v1/takedown", Some(bad), None).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {}", res.body);
        assert!(res.json()["error"]["fields"][field].is_string(), "{field}: {}", res.body);
    }

    // The child sees it in their access log; analysts export for platforms, once.
    let child = t.survivor(&receipt).await;
    assert!(t.json(Method::GET, "/api/v1/followup", None, Some(&child)).await.body.contains("to have it taken down"));
    let analyst = t.staff("hana", Role::HotlineAnalyst).await;
    let counsellor = t.staff("vera", Role::Counsellor).await;
    let res = t.json(Method::POST, "/api/v1/takedowns/export", None, Some(&counsellor)).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    // Only reviewed, approved requests are exported.
    let res = t.json(Method::POST, "/api/v1/takedowns/export", None, Some(&analyst)).await;
    assert_eq!((res.status, res.body.lines().count()), (StatusCode::OK, 1), "{}", res.body);
    let queue = t.json(Method::GET, "/api/v1/takedowns", None, Some(&analyst)).await.json();
    for q in queue.as_array().unwrap() {
        let id = q["id"].as_str().unwrap();
        let res = t.post(&format!("/api/v1/takedowns/{id}/review"), json!({"verdict": "approve"}), &analyst).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }
    let res = t.json(Method::POST, "/api/v1/takedowns/export?all=true", None, Some(&analyst)).await;
    assert_eq!(res.status, StatusCode::OK);
    let lines: Vec<&str> = res.body.lines().collect();
    assert_eq!(lines[0], "reference,received,kind,pdq,quality,md5,sha256,orientations,video_frames");
    assert_eq!(lines.len(), 3, "{}", res.body);
    assert!(res.body.contains(&reference) && res.body.contains(&h('d')) && res.body.contains(&h('e')));
    assert!(!res.body.contains(&receipt), "no receipt leaves for platforms");
    // A wrong receipt here counts against the same limits as on the follow-up page: this is
    // no side door for guessing (beyond the limit each attempt waits; a right one still opens).
    let mut statuses = Vec::new();
    for _ in 0..10 {
        statuses.push(t.json(Method::POST, "/api/v1/takedown", Some(wrong.clone()), None).await.status);
    }
    assert!(statuses.iter().all(|s| *s == StatusCode::UNAUTHORIZED), "{statuses:?}");
    let started = std::time::Instant::now();
    let session = t.json(Method::POST, "/api/v1/followup/session", Some(json!({"receipt": receipt})), None).await;
    assert!(session.status.is_success(), "{}", session.body);
    assert!(started.elapsed() >= delay, "the follow-up shares the limit");
    let again = t.json(Method::POST, "/api/v1/takedowns/export", None, Some(&analyst)).await;
    assert_eq!(again.body.lines().count(), 1, "only new requests by default");
    let all = t.json(Method::POST, "/api/v1/takedowns/export?all=true", None, Some(&analyst)).await;
    assert_eq!(all.body.lines().count(), 3);
}

/// Erasure takes the hashes with it: the same picture reported after a case was erased
/// matches nothing of it, neither exactly nor by PDQ (a turned copy), and the matches that
/// pointed at it are gone. The matcher of this instance was not told (the store's retention
/// function ran alone, as `zeri retention run` would): it drops what the store no longer has.
async fn erased_hashes_story(t: &TestApp) {
    let picture = landscape(false);
    let turned = landscape(true);
    let fields = [
        ("reporter", "self"),
        ("category", "images_shared"),
        ("description", "my photo is going round"),
        ("age_band", "16_17"),
        ("contact_method", "none"),
    ];
    let report = async |file: &[u8]| {
        let res = t.upload("/en/report", &fields, &[("same.png", file)], None, None).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
        t.inspected().await;
        let receipt = res.body.split("data-receipt>").nth(1).unwrap().split('<').next().unwrap().to_owned();
        t.report_of(&receipt).await
    };
    let first = report(&picture).await;
    let second = report(&picture).await;
    let matched = t.store().evidence_matches(&second.id).await.unwrap();
    assert!(matched.iter().any(|m| m.other_report_id.as_deref() == Some(first.id.as_str())), "{matched:?}");

    zeri_storage::retention::erase(t.store().as_ref(), &t.app.blobs, &first.id, "test", zeri_storage::now_ms())
        .await
        .unwrap();
    assert!(t.store().evidence_matches(&second.id).await.unwrap().is_empty(), "the link to the erased case goes");
    for e in t.store().evidence_for(&first.id).await.unwrap() {
        assert_eq!((e.sha256.as_str(), e.md5.as_str(), e.pdq.as_deref()), ("", "", None), "its hashes go");
    }
    for file in [&picture, &turned] {
        let again = report(file).await;
        let found = t.store().evidence_matches(&again.id).await.unwrap();
        assert!(
            found.iter().all(|m| m.other_report_id.as_deref() != Some(first.id.as_str())),
            "an erased case's hashes no longer match: {found:?}"
        );
        assert!(
            found.iter().any(|m| m.other_report_id.as_deref() == Some(second.id.as_str())),
            "the other copy still does: {found:?}"
        );
    }
}

#[tokio::test]
async fn an_erased_cases_hashes_no_longer_match_sqlite() {
    erased_hashes_story(&TestApp::new().await).await;
}

#[tokio::test]
async fn an_erased_cases_hashes_no_longer_match_postgres() {
    if let Some(t) = TestApp::postgres().await {
        erased_hashes_story(&t).await;
    }
}

/// A match names another case only to those who may read it: the others learn that the
/// same file came in another case and which organisation holds it, whom they can ask.
#[tokio::test]
async fn a_match_names_another_case_only_to_those_who_may_read_it() {
    let t = TestApp::new().await;
    let counsellor = t.staff("vera", Role::Counsellor).await;
    let vera = t.page_login("vera").await;
    let cpo = t.staff("besa", Role::ChildProtectionOfficer).await;
    let besa = t.page_login("besa").await;
    let picture = landscape(false);
    let fields = [
        ("reporter", "self"),
        ("category", "images_shared"),
        ("description", "my photo is going round"),
        ("age_band", "13_15"),
        ("location", "Kukës"),
        ("contact_method", "none"),
        ("consent_cpo", "true"),
    ];
    let mut cases = Vec::new();
    for _ in 0..2 {
        let res = t.upload("/en/report", &fields, &[("same.png", &picture)], None, None).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
        t.inspected().await;
        let receipt = res.body.split("data-receipt>").nth(1).unwrap().split('<').next().unwrap().to_owned();
        cases.push(t.report_of(&receipt).await);
    }
    let (a, b) = (&cases[0], &cases[1]);
    // Case B is referred to the Child Protection Unit, which accepts it; case A stays with
    // the helpline.
    let cb = |p: &str| format!("/api/v1/cases/{}{p}", b.id);
    t.json(Method::GET, &cb(""), None, Some(&counsellor)).await;
    t.ok(&cb("/referrals"), json!({"to": "cpu-kukes"}), &counsellor).await;
    let rid =
        t.json(Method::GET, &cb(""), None, Some(&cpo)).await.json()["referrals"][0]["id"].as_str().unwrap().to_owned();
    t.ok(&cb("/referral-answer"), json!({"referral": rid, "status": "accepted"}), &cpo).await;
    let before = t.store().events(&a.id).await.unwrap().len();

    let page = t.page(&format!("/en/staff/reports/{}", b.id), Some(&besa)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("the same file was received in another case, held by"), "{}", page.body);
    assert!(!page.body.contains(&a.case_ref), "not the other case's reference");
    assert!(!page.body.contains(&a.id), "nor a link to it");
    let api = t.json(Method::GET, &cb(""), None, Some(&cpo)).await;
    assert!(!api.body.contains(&a.case_ref) && !api.body.contains(&a.id), "{}", api.body);
    assert_eq!(t.store().events(&a.id).await.unwrap().len(), before, "checking is not reading: no audit entry");

    let page = t.page(&format!("/en/staff/reports/{}", b.id), Some(&vera)).await;
    assert!(page.body.contains("the same file was received in case"), "{}", page.body);
    assert!(page.body.contains(&a.case_ref), "the helpline holds both: it sees the reference");
}

/// The same picture reported again and again links each new copy to the first few earlier
/// ones only, so the cost of a report does not grow with the number of copies (the soak
/// test found that it did).
#[tokio::test]
async fn a_widely_shared_picture_links_to_at_most_ten_earlier_copies() {
    let t = TestApp::new().await;
    let picture = std::fs::read(
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../hashing/tests/data/pixels/bridge-mods--square-128x128.jpg.png"),
    )
    .unwrap();
    let fields = [
        ("reporter", "self"),
        ("category", "images_shared"),
        ("description", "my photo is going round"),
        ("age_band", "16_17"),
        ("contact_method", "none"),
    ];
    let mut receipts = Vec::new();
    for _ in 0..14 {
        let res = t.upload("/en/report", &fields, &[("same.png", &picture)], None, None).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
        t.inspected().await;
        receipts.push(res.body.split("data-receipt>").nth(1).unwrap().split('<').next().unwrap().to_owned());
    }
    let last = t.report_of(&receipts[13]).await;
    let links = t.store().evidence_matches(&last.id).await.unwrap();
    let earlier: Vec<_> = links.iter().filter(|m| m.other_evidence_id.is_some()).collect();
    assert_eq!(earlier.len(), zeri_storage::EVIDENCE_MATCHES as usize, "{links:?}");
    let first = t.report_of(&receipts[0]).await;
    assert!(
        earlier.iter().any(|m| m.other_case_ref.as_deref() == Some(first.case_ref.as_str())),
        "the first copy is named"
    );
}
