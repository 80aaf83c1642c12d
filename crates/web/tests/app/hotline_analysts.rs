//! The hotline analysts' work (issue 17, points 1, 2 and 8): analysts classify and a
//! second one confirms, never their own; nobody else sees the queue; links added by hand and
//! from a child's report; every assessment audited; the address never in plaintext at rest
//! and never fetched; the statistics suppress small numbers.

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};
use zeri_domain::hotline::{AgeGroup, Classification, ContentType, ItemState, OtherHarm, SiteType, Source, Verdict};
use zeri_domain::Role;
use zeri_storage::{NewContentReport, NewEvent, NewLink};

use crate::hotline::items;
use crate::support::*;

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
