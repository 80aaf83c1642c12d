//! The hotline's own work (issue 17, points 1, 2 and 8): links reported anonymously, with
//! or without a receipt; the same address in another spelling joins its item; bad
//! addresses refused in both languages; a reloaded form files nothing twice; analysts
//! classify and a second one confirms, never their own; nobody else sees the queue; every
//! assessment audited; the address never in plaintext at rest and never fetched; the
//! statistics suppress small numbers.

use axum::http::{header, Method, StatusCode};
use serde_json::{json, Value};
use zeri_domain::hotline::{
    AgeGroup, Classification, ContentType, ItemState, OtherHarm, Shows, SiteType, Source, Verdict,
};
use zeri_domain::{FieldError, Role};
use zeri_storage::{NewContentReport, NewEvent, NewLink};
use zeri_web::base::error::field_message;
use zeri_web::Lang;

use crate::support::*;

/// The form's one-time token on the link form page.
fn form_token(page: &str) -> String {
    page.split("name=\"form_token\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a form token")
        .to_owned()
}

/// The receipt shown on a page, if any.
fn receipt_on(page: &str) -> Option<String> {
    page.split("data-receipt>").nth(1).and_then(|r| r.split('<').next()).map(str::to_owned)
}

async fn items(t: &TestApp) -> Vec<zeri_storage::ContentItemRow> {
    t.store().content_items(None, 1000, 0).await.unwrap()
}

/// Sends the link form as a browser does; returns the answer and the receipt cookie.
async fn send_form(
    t: &TestApp,
    lang: &str,
    fields: &[(&str, &str)],
) -> (axum::http::StatusCode, Option<String>, String) {
    let res = t.form(&format!("/{lang}/report-link"), fields, None).await;
    let cookie = res.headers.get(header::SET_COOKIE).map(|_| res.cookie());
    (res.status, cookie, res.body)
}

#[tokio::test]
async fn a_link_is_reported_anonymously_with_and_without_a_receipt() {
    let t = TestApp::new().await;
    // The form is linked from the home page and the report page, in both languages.
    for (lang, words) in [("en", "Report a link"), ("sq", "Raporto një lidhje")] {
        for page in ["", "/report", "/report?all=1"] {
            let p = t.page(&format!("/{lang}{page}"), None).await;
            assert!(p.body.contains(&format!("href=\"/{lang}/report-link\"")), "{lang}{page} links to the form");
            assert!(p.body.contains(words), "{lang}{page}");
        }
        let form = t.page(&format!("/{lang}/report-link"), None).await;
        assert_eq!(form.status, StatusCode::OK);
        assert!(!form.body.contains('⟦'), "every text is there in {lang}");
    }

    // Without a receipt: the address only, nothing about the reporter.
    let page = t.page("/en/report-link", None).await.body;
    let token = form_token(&page);
    let (status, cookie, _) =
        send_form(&t, "en", &[("form_token", &token), ("urls", "https://images.example/gallery/7")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let cookie = cookie.expect("the receipt page's cookie");
    let received = t.page("/en/report-link/received", Some(&cookie)).await;
    assert_eq!(received.status, StatusCode::OK);
    assert!(received.body.contains("Thank you: the link was received"), "{}", received.body);
    assert!(receipt_on(&received.body).is_none(), "no receipt was asked for");
    let all = items(&t).await;
    assert_eq!(all.len(), 1);
    assert_eq!((all[0].source, all[0].state, all[0].shows), (Source::Public, ItemState::New, None));
    let reports = t.store().item_reports(&all[0].id).await.unwrap();
    assert!(!reports[0].with_receipt && reports[0].staff_id.is_none() && reports[0].case_id.is_none());

    // With a receipt and what it shows: the receipt is shown once written, then never again.
    let token = form_token(&t.page("/sq/report-link", None).await.body);
    let fields = [
        ("form_token", token.as_str()),
        ("urls", "https://files.example/f/8a7b"),
        ("shows", "child_posed"),
        ("receipt", "true"),
    ];
    let (status, cookie, _) = send_form(&t, "sq", &fields).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let cookie = cookie.unwrap();
    let shown = t.page("/sq/report-link/received", Some(&cookie)).await.body;
    let receipt = receipt_on(&shown).expect("the receipt is shown");
    assert!(regex_like_receipt(&receipt), "20 digits in groups: {receipt}");
    assert_eq!(receipt_on(&t.page("/sq/report-link/received", Some(&cookie)).await.body).as_deref(), Some(&*receipt));
    let done = t.form("/sq/report-link/received/done", &[], Some(&cookie)).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert!(receipt_on(&t.page("/sq/report-link/received", Some(&cookie)).await.body).is_none(), "shown once");
    // Only a keyed digest of it is stored.
    let digits: String = receipt.chars().filter(char::is_ascii_digit).collect();
    assert!(!contains(&t.bytes_at_rest(), digits.as_bytes()), "the receipt is not in the database");
    let item = items(&t).await.into_iter().find(|i| i.shows == Some(Shows::ChildPosed)).unwrap();
    assert!(t.store().item_reports(&item.id).await.unwrap()[0].with_receipt);

    // The API: anonymous by default, a receipt when asked for.
    let res =
        t.json(Method::POST, "/api/v1/content-reports", Some(json!({"urls": ["forum.example/t/99"]})), None).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    assert_eq!((res.json()["received"].clone(), res.json()["receipt"].clone()), (json!(1), Value::Null));
    let body = json!({"urls": ["https://video.example/v/1", "https://video.example/v/2"], "receipt": true,
        "shows": "child_abused", "hashes": [{"kind": "sha256", "value": "ab".repeat(32)}]});
    let res = t.json(Method::POST, "/api/v1/content-reports", Some(body), None).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let api_receipt = res.json()["receipt"].as_str().unwrap().to_owned();
    assert!(regex_like_receipt(&api_receipt));
    assert_eq!(res.json()["received"], 2);
    assert_eq!(items(&t).await.len(), 5);

    // With the receipt, what became of it: numbers only, never the addresses.
    let ask = |r: &str| t.json(Method::POST, "/api/v1/content-reports/status", Some(json!({"receipt": r})), None);
    let status = ask(&api_receipt).await;
    assert_eq!(status.status, StatusCode::OK, "{}", status.body);
    assert_eq!((status.json()["links"].clone(), status.json()["assessed"].clone()), (json!(2), json!(0)));
    let ana = t.staff("ana", Role::HotlineAnalyst).await;
    let video = items(&t).await.into_iter().find(|i| i.shows == Some(Shows::ChildAbused)).unwrap();
    let assess = json!({"verdict": "baseline", "content_type": "video", "age_group": "pubescent", "site_type": "video_platform"});
    t.post(&format!("/api/v1/hotline/items/{}/assessments", video.id), assess, &ana).await;
    let status = ask(&api_receipt).await.json();
    assert_eq!((status["assessed"].clone(), status["removed"].clone()), (json!(1), json!(0)));
    assert!(!status.to_string().contains("video.example"));
    assert_eq!(ask("1111-2222-3333-4444-5555").await.status, StatusCode::UNAUTHORIZED, "an unknown receipt");
    assert_eq!(ask(&receipt).await.json()["links"], 1, "the form's receipt too");
    let page = t.form("/sq/report-link/status", &[("receipt", &receipt)], None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Parë nga një analist: 0 nga 1."), "{}", page.body);
    assert!(!page.body.contains("files.example"));
    let wrong = t.form("/en/report-link/status", &[("receipt", "1111-2222-3333-4444-5555")], None).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(wrong.body.contains("We do not recognise this receipt."));
}

#[tokio::test]
async fn the_same_address_in_another_spelling_joins_its_item() {
    let t = TestApp::new().await;
    let app = &t;
    let report = |urls: Value| async move {
        let res = app.json(Method::POST, "/api/v1/content-reports", Some(json!({ "urls": urls })), None).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
        res.json()
    };
    let first = report(json!(["https://images.example/gallery/7"])).await;
    // Upper-case host, the default port, a fragment, a trailing dot: the same page.
    let again =
        report(json!(["HTTPS://IMAGES.Example:443/gallery/7#photo-3", "https://images.example./gallery/7"])).await;
    assert_eq!(first, json!({"received": 1, "receipt": null, "message": first["message"]}));
    assert_eq!(again["received"], 1, "two spellings in one report are one address");
    assert_eq!(first["message"], again["message"], "the answer does not say whether the address was known");
    let form = t.page("/en/report-link", None).await.body;
    let (status, _, _) =
        send_form(&t, "en", &[("form_token", &form_token(&form)), ("urls", "https://Images.Example.com.:443/x")]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _, _) = send_form(
        &t,
        "en",
        &[("form_token", &form_token(&t.page("/en/report-link", None).await.body)), ("urls", "images.example.com/x#y")],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let all = items(&t).await;
    assert_eq!(all.len(), 2, "one item per page: {all:?}");
    let gallery = all.iter().find(|i| i.times_reported == 2 && i.source == Source::Public).unwrap();
    assert_eq!(t.store().item_reports(&gallery.id).await.unwrap().iter().filter(|r| r.joined).count(), 1);
    // Another path is another item; http is not https.
    report(json!(["http://images.example/gallery/7"])).await;
    assert_eq!(items(&t).await.len(), 3);

    // A hash the item has joins an address never seen to it; a PDQ within the distance too.
    let pdq = "f8f8f0cee0f4a84f06370a32038f67f0b36e2ed596623e1d33e6339c4e9c9b22";
    let near = "f8f8f0cee0f4a84f06370a32038f67f0b36e2ed596623e1d33e6339c4e9c9b23";
    let h = |kind: &str, v: &str| json!([{"kind": kind, "value": v}]);
    let body = json!({"urls": ["https://mirror-one.example/a.jpg"], "hashes": h("pdq", pdq)});
    t.json(Method::POST, "/api/v1/content-reports", Some(body), None).await;
    let body = json!({"urls": ["https://mirror-two.example/b.jpg"], "hashes": h("pdq", near)});
    t.json(Method::POST, "/api/v1/content-reports", Some(body), None).await;
    let body = json!({"urls": ["https://mirror-three.example/c.jpg"], "hashes": h("md5", &"0".repeat(32))});
    t.json(Method::POST, "/api/v1/content-reports", Some(body), None).await;
    let all = items(&t).await;
    assert_eq!(all.len(), 5, "the near PDQ joined, the unknown MD5 did not");
    let mirror =
        all.iter().find(|i| i.times_reported == 2 && i.source == Source::Public && i.id != gallery.id).unwrap();
    assert_eq!(t.store().content_urls(&mirror.id).await.unwrap().len(), 2, "the item now has both addresses");
}

#[tokio::test]
async fn a_bad_address_is_refused_beside_the_field_in_both_languages() {
    let t = TestApp::new().await;
    let cases = [
        ("mailto:ana@example.com", "link-not-http"),
        ("not a web address", "link-not-web-address"),
        ("ftp://files.example/x", "link-not-http"),
        ("", "link-required"),
    ];
    for lang in [Lang::Sq, Lang::En] {
        let l = lang.code();
        for (typed, code) in cases {
            let token = form_token(&t.page(&format!("/{l}/report-link"), None).await.body);
            let (status, cookie, body) =
                send_form(&t, l, &[("form_token", &token), ("urls", typed), ("shows", "other")]).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{l} {typed}");
            assert!(cookie.is_none());
            let mut error = FieldError::new(code);
            if !typed.is_empty() {
                error.options = vec![typed.to_owned()];
            }
            let message = field_message(lang, &error);
            let escaped = message.replace('"', "&quot;");
            assert!(body.contains(&format!("id=\"error-urls\">{escaped}<")), "{l} {typed}: beside the field: {body}");
            assert!(body.contains(&format!(">{typed}</textarea>")), "{l}: what was typed is kept");
            assert!(body.contains("value=\"other\" checked"), "{l}: and the choice");
            assert_eq!(form_token(&body), token, "the same form, sent once when corrected");
        }
        let res = t
            .send(
                axum::http::Request::post("/api/v1/content-reports")
                    .header(header::CONTENT_TYPE, "application/json")
                    .header(header::ACCEPT_LANGUAGE, l)
                    .body(axum::body::Body::from(json!({"urls": ["javascript:alert(1)"], "shows": "x"}).to_string()))
                    .unwrap(),
            )
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        let fields = &res.json()["error"]["fields"];
        let expected = FieldError { options: vec!["javascript:alert(1)".into()], ..FieldError::new("link-not-http") };
        assert_eq!(fields["urls"], json!(field_message(lang, &expected)), "{l}");
        assert_eq!(fields["shows"], json!(field_message(lang, &FieldError::new("unknown-choice"))));
    }
    for body in [
        json!({"urls": "https://a.example/"}),
        json!({"urls": ["https://a.example/"], "hashes": [{"kind": "md5"}]}),
        json!({"urls": ["https://a.example/"], "name": "Ana"}),
    ] {
        let res = t.json(Method::POST, "/api/v1/content-reports", Some(body.clone()), None).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    }
    assert!(items(&t).await.is_empty(), "nothing was stored");
}

#[tokio::test]
async fn a_reload_of_the_link_form_posts_nothing_twice() {
    let t = TestApp::new().await;
    let token = form_token(&t.page("/en/report-link", None).await.body);
    let fields = [("form_token", token.as_str()), ("urls", "https://images.example/r/1"), ("receipt", "true")];
    let (first, cookie, _) = send_form(&t, "en", &fields).await;
    assert_eq!(first, StatusCode::SEE_OTHER);
    let receipt = receipt_on(&t.page("/en/report-link/received", Some(&cookie.unwrap())).await.body).unwrap();
    // The browser sends the same form again (a reload, Back and send, a double tap).
    for _ in 0..2 {
        let (again, cookie, _) = send_form(&t, "en", &fields).await;
        assert_eq!(again, StatusCode::SEE_OTHER, "answered by the receipt page again");
        let page = t.page("/en/report-link/received", Some(&cookie.unwrap())).await.body;
        assert_eq!(receipt_on(&page).as_deref(), Some(&*receipt), "the same receipt, not a new one");
    }
    let all = items(&t).await;
    assert_eq!((all.len(), all[0].times_reported), (1, 1), "filed once");
    assert_eq!(t.store().item_reports(&all[0].id).await.unwrap().len(), 1);
}

/// Two analysts and a counsellor; an item reported by the public.
async fn setup() -> (TestApp, String, String, String) {
    let t = TestApp::new().await;
    let ana = t.staff("ana", Role::HotlineAnalyst).await;
    let besa = t.staff("besa", Role::HotlineAnalyst).await;
    let res = t
        .json(Method::POST, "/api/v1/content-reports", Some(json!({"urls": ["https://forum.example/t/123"]})), None)
        .await;
    assert_eq!(res.status, StatusCode::CREATED);
    let id = items(&t).await[0].id.clone();
    (t, ana, besa, id)
}

#[tokio::test]
async fn an_analyst_classifies_a_second_confirms_and_nobody_confirms_their_own() {
    let (t, ana, besa, id) = setup().await;
    let item = |token: String| {
        let t = &t;
        let id = id.clone();
        async move { t.json(Method::GET, &format!("/api/v1/hotline/items/{id}"), None, Some(&token)).await.json() }
    };
    // The queue, newest unassessed first.
    let queue = t.json(Method::GET, "/api/v1/hotline/items", None, Some(&ana)).await.json();
    assert_eq!((queue["total"].clone(), queue["items"][0]["id"].clone()), (json!(1), json!(id)));
    assert!(!queue.to_string().contains("forum.example"), "no address in the list");
    assert_eq!(item(ana.clone()).await["urls"][0]["url"], "https://forum.example/t/123");

    // Illegal material needs an age group; material that is not illegal says what it is.
    let path = format!("/api/v1/hotline/items/{id}/assessments");
    let bad = t.post(&path, json!({"verdict": "baseline", "content_type": "image", "site_type": "forum"}), &ana).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.json()["error"]["fields"]["age_group"].is_string(), "{}", bad.body);
    let bad =
        t.post(&path, json!({"verdict": "not_illegal", "content_type": "text", "site_type": "forum"}), &ana).await;
    assert!(bad.json()["error"]["fields"]["other_harm"].is_string(), "{}", bad.body);
    let body =
        json!({"verdict": "baseline", "content_type": "image", "age_group": "prepubescent", "site_type": "forum"});
    let made = t.post(&path, body.clone(), &ana).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let first = made.json()["assessment"].as_str().unwrap().to_owned();
    // Assessing again without naming the one seen: someone assessed it meanwhile.
    assert_eq!(t.post(&path, body, &besa).await.status, StatusCode::CONFLICT);

    // The one who assessed it cannot confirm it, on the API or the page.
    let reviews = format!("/api/v1/hotline/items/{id}/reviews");
    let own = t.post(&reviews, json!({"assessment": first, "review": "confirm"}), &ana).await;
    assert_eq!(own.status, StatusCode::FORBIDDEN, "{}", own.body);
    assert_eq!(item(ana.clone()).await["may_review"], false);
    let ana_page = t.page_login("ana").await;
    let page = t.page(&format!("/en/staff/hotline/items/{id}"), Some(&ana_page)).await;
    assert!(!page.body.contains("name=\"review\""), "no confirm button for the assessor");
    assert!(page.body.contains("A second analyst, not the one who assessed it"));
    let csrf = csrf_of(&page.body);
    let form = [("csrf", csrf.as_str()), ("assessment", first.as_str()), ("review", "confirm")];
    let posted = t.form(&format!("/en/staff/hotline/items/{id}/review"), &form, Some(&ana_page)).await;
    assert_eq!(posted.status, StatusCode::FORBIDDEN);
    assert_eq!(t.store().content_item(&id).await.unwrap().unwrap().state, ItemState::Assessed);

    // A second analyst confirms it on the page; once.
    let besa_page = t.page_login("besa").await;
    let page = t.page(&format!("/en/staff/hotline/items/{id}"), Some(&besa_page)).await;
    assert!(page.body.contains("name=\"review\" value=\"confirm\""), "{}", page.body);
    let csrf = csrf_of(&page.body);
    let form = [("csrf", csrf.as_str()), ("assessment", first.as_str()), ("review", "confirm")];
    let posted = t.form(&format!("/en/staff/hotline/items/{id}/review"), &form, Some(&besa_page)).await;
    assert_eq!(posted.status, StatusCode::SEE_OTHER, "{}", posted.body);
    let done = t.page(&format!("/en/staff/hotline/items/{id}?done=confirmed"), Some(&besa_page)).await;
    assert!(done.body.contains("You confirmed the assessment."));
    assert!(done.body.contains("Confirmed by besa"), "{}", done.body);
    let again = t.post(&reviews, json!({"assessment": first, "review": "dispute"}), &besa).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "answered already");
    let stored = t.store().content_item(&id).await.unwrap().unwrap();
    assert_eq!((stored.state, stored.reviewed_by.is_some()), (ItemState::Confirmed, true));

    // Besa assesses again on the page (not illegal after all: bullying); Ana disputes it.
    let page = t.page(&format!("/en/staff/hotline/items/{id}"), Some(&besa_page)).await;
    let csrf = csrf_of(&page.body);
    let mut form = vec![
        ("csrf", csrf.as_str()),
        ("replaces", first.as_str()),
        ("verdict", "not_illegal"),
        ("content_type", "text"),
        ("site_type", "social_network"),
    ];
    let refused = t.form(&format!("/en/staff/hotline/items/{id}/assess"), &form, Some(&besa_page)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "what else it is is missing");
    assert!(refused.body.contains("id=\"error-other_harm\""), "{}", refused.body);
    assert!(refused.body.contains("value=\"social_network\" checked"), "the choices are kept");
    form.push(("other_harm", "bullying"));
    let saved = t.form(&format!("/en/staff/hotline/items/{id}/assess"), &form, Some(&besa_page)).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let second = t.store().content_item(&id).await.unwrap().unwrap().assessment_id.unwrap();
    let disputed = t.post(&reviews, json!({"assessment": second, "review": "dispute"}), &ana).await;
    assert_eq!(disputed.json()["state"], "disputed", "{}", disputed.body);
    let stored = t.store().content_item(&id).await.unwrap().unwrap();
    assert_eq!(stored.classification.unwrap().other_harm, Some(OtherHarm::Bullying));
    assert_eq!(stored.state, ItemState::Disputed);

    // Every assessment and answer is in the audit chain, with who did it, and the chain holds.
    let ana_id = t.store().staff_by_username("ana").await.unwrap().unwrap().id;
    let besa_id = t.store().staff_by_username("besa").await.unwrap().unwrap().id;
    let events: Vec<(String, Option<String>)> = t
        .store()
        .item_events(&id)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.action != "item-opened")
        .map(|e| (e.action, e.staff_id))
        .collect();
    assert_eq!(
        events,
        [
            ("item-created".to_owned(), None),
            ("item-assessed".to_owned(), Some(ana_id.clone())),
            ("item-confirmed".to_owned(), Some(besa_id.clone())),
            ("item-assessed".to_owned(), Some(besa_id)),
            ("item-disputed".to_owned(), Some(ana_id)),
        ]
    );
    let history = t.store().assessments(&id).await.unwrap();
    assert_eq!(history.len(), 2);
    assert!(zeri_storage::verify_chain(t.store().as_ref(), &t.app.keys).await.unwrap().is_ok());
    let detail = item(besa.clone()).await;
    assert_eq!(detail["assessments"][0]["review"], "confirm");
    assert_eq!(detail["assessments"][1]["classification"]["other_harm"], "bullying");
}

#[tokio::test]
async fn nobody_but_the_hotlines_analysts_sees_the_queue_or_an_item() {
    let (t, _ana, _besa, id) = setup().await;
    let others = [
        ("vera", Role::Counsellor, Some("helpline")),
        ("root", Role::Admin, None),
        ("sara", Role::Statistician, None),
        ("pol", Role::PoliceInvestigator, Some("police")),
        ("cpo", Role::ChildProtectionOfficer, Some("cpu-kukes")),
    ];
    for (name, role, org) in others {
        t.create(name, role, org).await;
        let token = t.login(name).await;
        let get = |p: String| {
            let t = &t;
            let token = token.clone();
            async move { t.json(Method::GET, &p, None, Some(&token)).await.status }
        };
        assert_eq!(get("/api/v1/hotline/items".into()).await, StatusCode::NOT_FOUND, "{name}");
        assert_eq!(get(format!("/api/v1/hotline/items/{id}")).await, StatusCode::NOT_FOUND, "{name}");
        let assess =
            json!({"verdict": "baseline", "content_type": "image", "age_group": "unknown", "site_type": "forum"});
        let path = format!("/api/v1/hotline/items/{id}/assessments");
        assert_eq!(t.post(&path, assess, &token).await.status, StatusCode::NOT_FOUND, "{name}");
        let path = format!("/api/v1/hotline/items/{id}/reviews");
        assert_eq!(
            t.post(&path, json!({"assessment": "x", "review": "confirm"}), &token).await.status,
            StatusCode::NOT_FOUND
        );
        let add = t.post("/api/v1/hotline/items", json!({"urls": ["https://x.example/"]}), &token).await;
        assert_eq!(add.status, StatusCode::NOT_FOUND, "{name}");
        let cookie = t.page_login(name).await;
        for p in ["/en/staff/hotline".to_owned(), format!("/en/staff/hotline/items/{id}")] {
            assert_eq!(t.page(&p, Some(&cookie)).await.status, StatusCode::NOT_FOUND, "{name} {p}");
        }
        let page = t.page("/en/staff", Some(&cookie)).await;
        assert!(!page.body.contains("/staff/hotline\""), "{name} is not offered the queue");
    }
    // Nothing they did reached the items, and nobody read one.
    let events = t.store().item_events(&id).await.unwrap();
    assert_eq!(events.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(), ["item-created"]);
    assert_eq!(items(&t).await.len(), 1);
}

#[tokio::test]
async fn analysts_add_links_by_hand_and_from_a_childs_report_without_the_child() {
    let t = TestApp::new().await;
    let ana = t.staff("ana", Role::HotlineAnalyst).await;
    let besa = t.staff("besa", Role::HotlineAnalyst).await;
    // By hand, on the queue page: a bad line is refused with what was typed.
    let cookie = t.page_login("ana").await;
    let queue = t.page("/en/staff/hotline", Some(&cookie)).await;
    assert_eq!(queue.status, StatusCode::OK);
    let csrf = csrf_of(&queue.body);
    let bad = t
        .form("/en/staff/hotline", &[("csrf", &csrf), ("urls", "https://a.example/1\nfile:///x")], Some(&cookie))
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("file:///x</textarea>"));
    let ok = t
        .form(
            "/en/staff/hotline",
            &[("csrf", &csrf), ("urls", "https://a.example/1"), ("shows", "other")],
            Some(&cookie),
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    let res =
        t.post("/api/v1/hotline/items", json!({"urls": ["https://a.example/1", "https://b.example/2"]}), &ana).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    assert_eq!(res.json()["items"][0]["joined"], true, "staff are told it was known");
    assert_eq!(items(&t).await.iter().filter(|i| i.source == Source::Analyst).count(), 2);

    // A child's report with links, referred to the hotline and accepted by Ana.
    let mut body = minimal();
    body["links"] = json!("https://profile.example/drita.hoxha.2011\nmailto:someone@example.com");
    body["name"] = json!("Drita Hoxha");
    t.report(body).await;
    let counsellor = t.staff("vera", Role::Counsellor).await;
    let case_id = t.case_id(&counsellor).await;
    let case = |p: &str| format!("/api/v1/cases/{case_id}{p}");
    t.ok(&case("/take"), json!({}), &counsellor).await;
    // The counsellor may read the case but does not work on items.
    assert_eq!(t.post(&case("/hotline-links"), json!({}), &counsellor).await.status, StatusCode::FORBIDDEN);
    t.ok(&case("/referrals"), json!({"to": "hotline", "note": "Links to check"}), &counsellor).await;
    let limited = t.json(Method::GET, &case(""), None, Some(&ana)).await.json();
    let rid = limited["referrals"][0]["id"].as_str().unwrap().to_owned();
    assert_eq!(
        t.post(&case("/hotline-links"), json!({}), &ana).await.status,
        StatusCode::FORBIDDEN,
        "not before accepting"
    );
    t.ok(&case("/referral-answer"), json!({"referral": rid, "status": "accepted"}), &ana).await;
    let page = t.page(&format!("/en/staff/reports/{case_id}"), Some(&cookie)).await;
    assert!(
        page.body.contains(&format!("action=\"/en/staff/reports/{case_id}/hotline-links\"")),
        "offered on the case"
    );
    let csrf = csrf_of(&page.body);
    let sent = t.form(&format!("/en/staff/reports/{case_id}/hotline-links"), &[("csrf", &csrf)], Some(&cookie)).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let from_case: Vec<_> = items(&t).await.into_iter().filter(|i| i.source == Source::Case).collect();
    assert_eq!(from_case.len(), 1, "the one web address; the other line is not one");
    let item_id = from_case[0].id.clone();
    // Ana may follow the reference; Besa sees only that it came from a case.
    let mine = t.json(Method::GET, &format!("/api/v1/hotline/items/{item_id}"), None, Some(&ana)).await.json();
    assert_eq!(mine["reports"][0]["case_id"], json!(case_id));
    let theirs = t.json(Method::GET, &format!("/api/v1/hotline/items/{item_id}"), None, Some(&besa)).await.json();
    assert_eq!(
        (theirs["reports"][0]["case_id"].clone(), theirs["reports"][0]["source"].clone()),
        (Value::Null, json!("case"))
    );
    for detail in [&mine, &theirs] {
        assert!(!detail.to_string().contains("Drita Hoxha"), "never the child's identity");
    }
    let besa_page = t.page(&format!("/en/staff/hotline/items/{item_id}"), Some(&t.page_login("besa").await)).await;
    assert!(besa_page.body.contains("from a child's report you cannot open"));
    assert!(!besa_page.body.contains(&case_id));
    // The reading is on the case, for the child to see; the items' entries are not.
    let events = t.store().events(&case_id).await.unwrap();
    assert!(events.iter().any(|e| e.action == "links-to-hotline"));
    assert!(events.iter().all(|e| !e.action.starts_with("item-")));
}

#[tokio::test]
async fn the_address_is_never_in_plaintext_at_rest_nor_fetched_by_the_server() {
    let t = TestApp::new().await;
    let ana = t.staff("ana", Role::HotlineAnalyst).await;
    // A listener where the reported address points: the server must never connect to it.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let marker = "distinctive-marker-path-7731";
    let url = format!("http://127.0.0.1:{port}/{marker}/photo.jpg");
    let res = t.json(Method::POST, "/api/v1/content-reports", Some(json!({"urls": [url]})), None).await;
    assert_eq!(res.status, StatusCode::CREATED);
    let body = json!({"urls": [format!("https://{marker}.example/p")]});
    assert_eq!(t.post("/api/v1/hotline/items", body, &ana).await.status, StatusCode::CREATED);
    let all = items(&t).await;
    let id = all.iter().find(|i| i.source == Source::Public).unwrap().id.clone();
    let detail = t.json(Method::GET, &format!("/api/v1/hotline/items/{id}"), None, Some(&ana)).await.json();
    assert_eq!(detail["urls"][0]["url"], json!(url), "opened for the analyst");
    let page = t.page(&format!("/en/staff/hotline/items/{id}"), Some(&t.page_login("ana").await)).await;
    assert!(page.body.contains(&format!("<code translate=\"no\">{url}</code>")), "shown as text");
    assert!(!page.body.contains(&format!("href=\"{url}")), "never as a link");
    let assess =
        json!({"verdict": "national", "content_type": "image", "age_group": "pubescent", "site_type": "website"});
    assert_eq!(
        t.post(&format!("/api/v1/hotline/items/{id}/assessments"), assess, &ana).await.status,
        StatusCode::CREATED
    );
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert!(
        matches!(listener.accept(), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock),
        "the server connected to the reported address"
    );
    // At rest: neither address, path or host, in any file of the data folder.
    let bytes = t.bytes_at_rest();
    assert!(!contains(&bytes, marker.as_bytes()), "the address is in plaintext at rest");
    assert!(!contains(&bytes, format!("127.0.0.1:{port}").as_bytes()));
}

/// Items placed in an ended month, by the store (the statistics only publish ended months).
async fn items_at(t: &TestApp, n: usize, at: i64, classification: Option<Classification>, country: Option<&str>) {
    let report = NewContentReport {
        id: uuid::Uuid::new_v4().simple().to_string(),
        created_at: at,
        source: Source::Public,
        shows: None,
        receipt_digest: None,
        form: None,
        case_id: None,
        staff_id: None,
        links: (0..n)
            .map(|_| {
                let id = uuid::Uuid::new_v4().simple().to_string();
                NewLink {
                    url_digest: t.app.keys.lookup_digest("content-url", id.as_bytes()),
                    url_sealed: vec![1],
                    new_item_id: id,
                    by_hash: None,
                }
            })
            .collect(),
        hashes: Vec::new(),
    };
    let made = t.store().insert_content_report(&report, &NewEvent::default(), &[]).await.unwrap();
    let url = format!("sqlite://{}", t.dir.path().join("zeri.db").display());
    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    for m in made {
        if let Some(c) = classification {
            sqlx::query("UPDATE content_items SET state = 'confirmed', verdict = $1, content_type = $2, age_group = $3, site_type = $4 WHERE id = $5")
                .bind(c.verdict.as_str())
                .bind(c.content_type.as_str())
                .bind(c.age_group.map(|a| a.as_str()))
                .bind(c.site_type.as_str())
                .bind(&m.item_id)
                .execute(&pool)
                .await
                .unwrap();
        }
        if let Some(country) = country {
            // As the work after assessment will record it: hosted here, removed two days later.
            sqlx::query(
                "UPDATE content_items SET hosting_country = $1, hosting_checked_at = $2, removed_at = $3 WHERE id = $4",
            )
            .bind(country)
            .bind(at + 3_600_000)
            .bind(at + 2 * 86_400_000)
            .bind(&m.item_id)
            .execute(&pool)
            .await
            .unwrap();
        }
    }
}

#[tokio::test]
async fn hotline_statistics_count_items_and_never_reveal_a_small_number() {
    let t = TestApp::new().await;
    let today = zeri_web::now_ms().div_euclid(86_400_000);
    let month = zeri_domain::statistics::Period::recent(today)
        .into_iter()
        .find(|p| matches!(p, zeri_domain::statistics::Period::Month { .. }))
        .unwrap();
    let at = month.days().0 * 86_400_000 + 3_600_000;
    let baseline = Classification {
        verdict: Verdict::Baseline,
        content_type: ContentType::Video,
        age_group: Some(AgeGroup::Prepubescent),
        site_type: SiteType::FileHost,
        other_harm: None,
    };
    let national = Classification { verdict: Verdict::National, age_group: Some(AgeGroup::Pubescent), ..baseline };
    items_at(&t, 8, at, Some(baseline), Some("AL")).await;
    items_at(&t, 2, at, Some(national), None).await;
    items_at(&t, 6, at, None, None).await;
    let stat = t.staff("sara", Role::Statistician).await;
    let res = t.json(Method::GET, &format!("/api/v1/statistics?period={month}"), None, Some(&stat)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let stats = res.json();
    let table = |id: &str| stats["tables"].as_array().unwrap().iter().find(|x| x["id"] == id).unwrap().clone();
    let by_month = table("items-month-verdict");
    assert_eq!(
        by_month["columns"],
        json!([
            "Illegal everywhere (INTERPOL baseline)",
            "Illegal under Albanian law",
            "Not illegal",
            "Not assessed yet"
        ])
    );
    assert_eq!(by_month["cells"][0][1], "<5", "two is a small number");
    check(&by_month, &[vec![8, 2, 0, 6]]);
    // Hosting country and removal, from the columns that later work fills.
    let country = table("items-country-verdict");
    assert_eq!(country["rows"], json!(["AL", "Not checked yet"]));
    check(&country, &[vec![8, 0, 0, 0], vec![0, 2, 0, 6]]);
    let removal = table("items-removal");
    check(&removal, &[vec![8, 0, 0, 0], vec![0, 0, 0, 2]]);
    assert!(removal["note"].is_null(), "no share is given from hidden figures: {removal}");
    for t in stats["tables"].as_array().unwrap().iter().filter(|x| x["id"].as_str().unwrap().starts_with("items-")) {
        for row in t["cells"].as_array().unwrap() {
            for c in row.as_array().unwrap() {
                if let Some(n) = c.as_u64() {
                    assert!(n == 0 || n >= 5, "{}: {n} shown", t["id"]);
                }
            }
        }
    }
    // With enough of each, every figure is shown and so are the shares removed in time.
    items_at(&t, 5, at, Some(national), Some("AL")).await;
    items_at(&t, 3, at, Some(national), None).await;
    let stats = t.json(Method::GET, &format!("/api/v1/statistics?period={month}"), None, Some(&stat)).await.json();
    let table = |id: &str| stats["tables"].as_array().unwrap().iter().find(|x| x["id"] == id).unwrap().clone();
    assert_eq!(table("items-month-verdict")["cells"], json!([[8, 10, 0, 6]]));
    assert_eq!(table("items-country-verdict")["cells"], json!([[8, 5, 0, 0], [0, 5, 0, 6]]));
    let removal = table("items-removal");
    assert_eq!(removal["cells"], json!([[8, 0, 0, 0], [5, 0, 0, 5]]));
    assert_eq!(removal["note"], "Removed within 3 days: 72%; within 7 days: 72%.", "13 of 18");
    assert_eq!(table("items-age-verdict")["column_totals"], json!([8, 10]));
    // On the page, for the roles that see statistics, in both languages.
    let cookie = t.page_login("sara").await;
    for lang in ["en", "sq"] {
        let page = t.page(&format!("/{lang}/statistics?period={month}"), Some(&cookie)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("id=\"items-month-verdict\""), "{lang}");
        assert!(!page.body.contains('⟦'), "{lang}: every text is there");
    }
}

/// A published table equals `truth` where it shows a figure, hides every small one, and
/// nothing it hides can be worked out from what it shows.
fn check(table: &Value, truth: &[Vec<u64>]) {
    use zeri_domain::statistics::{recoverable, Cell, Published};
    let cell = |v: &Value| match v {
        Value::Number(n) => Cell::Shown(n.as_u64().unwrap()),
        Value::String(s) if s.starts_with('<') => Cell::Hidden { primary: true },
        _ => Cell::Hidden { primary: false },
    };
    let list = |key: &str| table[key].as_array().unwrap().iter().map(cell).collect::<Vec<_>>();
    let cells: Vec<Vec<Cell>> =
        table["cells"].as_array().unwrap().iter().map(|r| r.as_array().unwrap().iter().map(cell).collect()).collect();
    for (i, row) in cells.iter().enumerate() {
        for (j, c) in row.iter().enumerate() {
            match c {
                Cell::Shown(n) => assert_eq!(*n, truth[i][j], "{} [{i}][{j}]", table["id"]),
                Cell::Hidden { primary: true } => assert!((1..5).contains(&truth[i][j]), "{} [{i}][{j}]", table["id"]),
                Cell::Hidden { primary: false } => {}
            }
            if (1..5).contains(&truth[i][j]) {
                assert!(matches!(c, Cell::Hidden { .. }), "{} [{i}][{j}] is small and shown", table["id"]);
            }
        }
    }
    let published = Published {
        cells,
        row_totals: list("row_totals"),
        column_totals: list("column_totals"),
        total: cell(&table["total"]),
    };
    let found = recoverable(truth, &published, 5);
    assert!(found.is_empty(), "{}: {found:?} can be worked out", table["id"]);
}

#[tokio::test]
async fn a_flood_of_link_reports_from_one_client_is_stopped() {
    let t = TestApp::new().await;
    for n in 0..30 {
        let body = json!({"urls": [format!("https://flood.example/{n}")]});
        let res = t.json(Method::POST, "/api/v1/content-reports", Some(body), None).await;
        assert_eq!(res.status, StatusCode::CREATED, "report {n}");
    }
    let res =
        t.json(Method::POST, "/api/v1/content-reports", Some(json!({"urls": ["https://flood.example/x"]})), None).await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(res.headers.contains_key(header::RETRY_AFTER));
    let token = form_token(&t.page("/en/report-link", None).await.body);
    let (status, _, _) = send_form(&t, "en", &[("form_token", &token), ("urls", "https://flood.example/y")]).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "the form too");
    assert_eq!(items(&t).await.len(), 30);
}
