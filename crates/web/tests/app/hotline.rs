//! The hotline's own work (issue 17, points 1, 2 and 8), as the public sees it: links
//! reported anonymously, with or without a receipt; the same address in another spelling
//! joins its item; bad addresses refused in both languages; a reloaded form files nothing
//! twice; a flood from one client stopped. The analysts' side is in `hotline_analysts.rs`.

use axum::http::{header, Method, StatusCode};
use serde_json::{json, Value};
use zeri_domain::hotline::{ItemState, Shows, Source};
use zeri_domain::{FieldError, Role};
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

pub(crate) async fn items(t: &TestApp) -> Vec<zeri_storage::ContentItemRow> {
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
