//! The directory: finding help, coverage, HSDS, administrators keeping it.

use axum::http::{header, Method, StatusCode};
use zeri_domain::Role;

use crate::support::*;

// ----- finding help -----

#[tokio::test]
async fn a_child_in_a_village_of_kukes_finds_help() {
    let t = TestApp::new().await;
    for (lang, place) in [("sq", "Shtiqen"), ("en", "shtiqen")] {
        let res = t.form(&format!("/{lang}/help"), &[("place", place), ("type", "")], None).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert!(!res.body.contains('⟦'), "{lang}: untranslated text");
        let near = res.body.find(if lang == "sq" { "Pranë teje" } else { "Near you" }).expect("a nearby section");
        let remote = res.body.find(if lang == "sq" { "Me telefon ose online" } else { "By phone or online" }).unwrap();
        let nearby = &res.body[near..remote];
        assert!(nearby.contains("Njësia për Mbrojtjen e Fëmijës, Bashkia Kukës"), "{nearby}");
        assert!(nearby.contains(if lang == "sq" { "km larg" } else { "km away" }));
        assert!(res.body[remote..].contains("ALO 116 111"), "remote services are always listed");
        assert!(
            res.body.contains(if lang == "sq" { "demonstrim" } else { "demonstration" }),
            "demo services are marked"
        );
        assert!(!res.body.contains("verified on"), "nothing shipped is shown as verified");
    }
    // The API answers nearest first with distances.
    let res = t.json(Method::GET, "/api/v1/services?place=Shtiqen&type=social", None, None).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let v = res.json();
    let nearby = v["nearby"].as_array().unwrap();
    assert!(nearby[0]["name"].as_str().unwrap().ends_with("Kukës"), "{nearby:?}");
    let d: Vec<f64> = nearby.iter().map(|s| s["distance_km"].as_f64().unwrap()).collect();
    assert!(d.windows(2).all(|w| w[0] <= w[1]), "nearest first: {d:?}");
    assert!(d[0] > 2.0 && d[0] < 10.0, "{d:?}");
    assert!(v["remote"].as_array().unwrap().iter().any(|s| s["name"].as_str().unwrap().contains("ALO 116 111")));
    let by_point = t
        .json(Method::GET, "/api/v1/services?lat=42.0769&lon=20.4219&type=coordination&free=true", None, None)
        .await
        .json();
    assert_eq!(by_point["nearby"][0]["distance_km"], 0.0);
    for bad in ["place=Atlantis", "lat=100&lon=20", "lat=x&lon=1", "type=astrology"] {
        let res = t.json(Method::GET, &format!("/api/v1/services?{bad}"), None, None).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {}", res.body);
    }
    let ambiguous = t.json(Method::GET, "/api/v1/services?place=Fierze", None, None).await;
    assert_eq!(ambiguous.status, StatusCode::UNPROCESSABLE_ENTITY);
    // In danger: emergency numbers and helplines first.
    let res = t.form("/en/help", &[("place", "Kukes"), ("danger", "true")], None).await;
    let danger = res.body.find("If you are in danger right now").unwrap();
    assert!(danger < res.body.find("Near you").unwrap());
    // Nothing about the search reaches the URL: it is a form post.
    assert!(t.page("/en/help", None).await.body.contains("method=\"post\""));
}

/// The part of a results page between two headings (or to the end).
fn section<'a>(body: &'a str, from: &str, to: Option<&str>) -> &'a str {
    let at = body.find(from).unwrap_or_else(|| panic!("no {from}"));
    let end = to.map(|t| at + body[at..].find(t).unwrap_or_else(|| panic!("no {t}"))).unwrap_or(body.len());
    &body[at..end]
}

#[tokio::test]
async fn from_bicaj_help_can_be_reached() {
    let t = TestApp::new().await;
    for (lang, near, remote_h) in
        [("sq", "Pranë teje", "Me telefon ose online"), ("en", "Near you", "By phone or online")]
    {
        let res = t.form(&format!("/{lang}/help"), &[("place", "Bicaj"), ("type", "")], None).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert!(!res.body.contains('⟦'), "{lang}: untranslated text");
        assert!(res.body.len() < 30 * 1024, "{lang}: {} bytes", res.body.len());
        // The place searched and the form, filled, come before the results.
        let nearby_at = res.body.find(near).unwrap();
        let form_at = res.body.find("class=\"help-search\"").unwrap();
        assert!(form_at < nearby_at && res.body[..nearby_at].contains("value=\"Bicaj\""), "{lang}");
        assert!(res.body[..form_at].contains("Bicaj"), "{lang}: the place searched is said at the top");
        let nearby = section(&res.body, near, Some(remote_h));
        let remote = section(&res.body, remote_h, None);
        // The first result, the unit of Kukës, says how to reach it.
        let cards: Vec<&str> = nearby.split("<li class=\"service\">").skip(1).collect();
        assert!(cards[0].contains("Bashkia Kukës"), "{lang}: {}", cards[0]);
        assert!(cards[0].contains("tel:116111") || cards[0].contains("tel:+355"), "{lang}: {}", cards[0]);
        assert!(cards.iter().all(|c| c.contains("href=\"tel:")), "{lang}: every result nearby has a number to call");
        // The nearest ten, and a way to the next ten (a form post: the place stays out of the URL).
        assert_eq!(cards.len(), 10, "{lang}");
        let more = section(nearby, "class=\"paging\"", None);
        assert!(more.contains("method=\"post\"") && more.contains("name=\"page\" value=\"2\""), "{lang}: {more}");
        assert!(more.contains("name=\"place\" value=\"Bicaj\""));
        // From anywhere: only services delivered by phone or online.
        assert!(remote.contains("ALO 116 111") && remote.contains("ISIGURT"), "{lang}");
        for in_person in
            ["Njësia për Mbrojtjen", "Barnahus", "Qendra e psikologjisë", "Qendra shëndetësore", "Zyra e ndihmës"]
        {
            assert!(!remote.contains(in_person), "{lang}: {in_person} is met in person");
        }
        assert!(remote.matches("<li class=\"service\">").count() <= 8, "{lang}");
        assert!(!remote.contains("Tiranë"), "{lang}: where a remote service sits is not said");
        if lang == "en" {
            for albanian in ["hënë", "premte", "shtunë", "24/7", "Hënë"] {
                assert!(!res.body.contains(albanian), "Albanian hours on the English page: {albanian}");
            }
            assert!(remote.contains("24 hours, every day") && res.body.contains("Monday–Friday 08:00–16:00"));
        } else {
            assert!(res.body.contains("E hënë–e premte 08:00–16:00"));
        }
    }
    // The next ten are farther, and the nearest ten are one step back.
    let two = t.form("/en/help", &[("place", "Bicaj"), ("type", ""), ("page", "2")], None).await;
    assert_eq!(two.status, StatusCode::OK);
    let nearby = section(&two.body, "Near you", Some("By phone or online"));
    assert!(nearby.contains("Services 11 to 20"), "{nearby}");
    assert!(!nearby.contains("Bashkia Kukës"), "the nearest are on page one");
    assert!(nearby.contains("name=\"page\" value=\"1\"") && nearby.contains("name=\"page\" value=\"3\""));
    let one: Vec<String> = t.json(Method::GET, "/api/v1/services?place=Bicaj", None, None).await.json()["nearby"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect();
    let api_two = t.json(Method::GET, "/api/v1/services?place=Bicaj&page=2", None, None).await.json();
    assert!(api_two["nearby"].as_array().unwrap().iter().all(|s| !one.contains(&s["id"].as_str().unwrap().to_owned())));
}

#[tokio::test]
async fn coverage_shows_every_municipality_and_matches_the_data() {
    let t = TestApp::new().await;
    let cookie = {
        t.create("stats", Role::Statistician, None).await;
        t.page_login("stats").await
    };
    assert_eq!(t.page("/en/coverage", None).await.status, StatusCode::SEE_OTHER, "staff only");
    let page = t.page("/en/coverage?kind=psychological&sort=psychological", Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains('⟦'));
    let map_at = page.body.find("class=\"coverage-map\"").unwrap();
    let map = &page.body[map_at..map_at + page.body[map_at..].find("</svg>").unwrap()];
    assert_eq!(map.matches("<circle cx=").count(), 61, "one point per municipality");
    assert_eq!(page.body.matches("<th scope=\"row\">").count(), 61);
    let csv = t.page("/en/coverage.csv", Some(&cookie)).await;
    assert_eq!(csv.headers[header::CONTENT_TYPE], "text/csv; charset=utf-8");
    let lines: Vec<&str> = csv.body.lines().collect();
    assert_eq!(lines.len(), 62);
    // Compare with a direct computation: distance from each municipality's point to the
    // nearest in-person psychological service, by brute force over the directory.
    let d = t.app.directory();
    let g = zeri_domain::Gazetteer::albania();
    let header: Vec<&str> = lines[0].split(',').collect();
    let col = header.iter().position(|h| *h == "km_to_psychological").unwrap();
    for m in g.municipalities() {
        let at = zeri_domain::directory::Point { lat: m.lat, lon: m.lon };
        let expected = d
            .services()
            .iter()
            .filter(|s| {
                s.active() && s.in_person() && s.kinds.contains(&zeri_domain::directory::ServiceKind::Psychological)
            })
            .map(|s| at.distance_km(s.location.unwrap()))
            .fold(f64::INFINITY, f64::min);
        let line = lines.iter().find(|l| l.starts_with(&format!("{},", m.name))).unwrap();
        let got = line.split(',').nth(col).unwrap();
        if expected.is_finite() {
            assert!((got.parse::<f64>().unwrap() - expected).abs() < 0.06, "{}: {got} vs {expected}", m.name);
        } else {
            assert_eq!(got, "", "{}", m.name);
        }
    }
}

#[tokio::test]
async fn the_hsds_read_api() {
    let t = TestApp::new().await;
    let about = t.page("/hsds/", None).await.json();
    assert_eq!(about["version"], "3.0");
    let page = t.page("/hsds/services?per_page=10&page=2", None).await.json();
    assert!(page["total_items"].as_u64().unwrap() >= 68);
    assert_eq!(page["page_number"], 2);
    assert_eq!(page["size"], 10);
    assert_eq!(page["first_page"], false);
    assert_eq!(page["contents"].as_array().unwrap().len(), 10);
    let found = t.page("/hsds/services?search=Kombetare%20e%20Keshillimit", None).await.json();
    assert_eq!(found["total_items"], 1, "search folds diacritics: {found}");
    let id = found["contents"][0]["id"].as_str().unwrap().to_owned();
    assert!(found["contents"][0]["name"].as_str().unwrap().contains("ALO 116 111"));
    let one = t.page(&format!("/hsds/services/{id}"), None).await;
    assert_eq!(one.status, StatusCode::OK);
    assert_eq!(one.json()["id"], id.as_str());
    let legal = t.page("/hsds/services?taxonomy_term_id=legal&per_page=500", None).await.json();
    assert!(legal["contents"].as_array().unwrap().iter().all(|s| s.to_string().contains("\"legal\"")));
    assert!(legal["total_items"].as_u64().unwrap() >= 2);
    assert_eq!(t.page("/hsds/services/00000000-0000-0000-0000-000000000000", None).await.status, StatusCode::NOT_FOUND);
    assert_eq!(t.page("/hsds/services?per_page=0", None).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(t.page("/hsds/services?page=x", None).await.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn administrators_keep_the_directory_and_every_change_is_recorded() {
    let t = TestApp::new().await;
    t.create("root1", Role::Admin, None).await;
    t.create("ana", Role::Counsellor, Some("helpline")).await;
    let admin = t.page_login("root1").await;
    let counsellor = t.page_login("ana").await;
    assert_eq!(t.page("/en/staff/directory", Some(&counsellor)).await.status, StatusCode::FORBIDDEN);
    let form = t.page("/en/staff/directory/new", Some(&admin)).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(!form.body.contains('⟦'), "{}", form.body);
    let csrf_at = form.body.find("name=\"csrf\" value=\"").unwrap() + "name=\"csrf\" value=\"".len();
    let csrf = form.body[csrf_at..csrf_at + 32].to_owned();
    let fields = [
        ("csrf", csrf.as_str()),
        ("name", "Qendra Psikologjike Shtiqën"),
        ("organization_name", "Shoqata Shpresa"),
        ("kinds", "psychological"),
        ("channels", "in_person"),
        ("channels", "phone"),
        ("free", "on"),
        ("phone", "+355 24 000 000"),
        ("latitude", "42.0406"),
        ("longitude", "20.4342"),
        ("municipality", "Kukes"),
        ("last_checked", "2026-11-20"),
    ];
    let bad = t
        .form("/en/staff/directory/new", &[("csrf", &csrf), ("name", "x"), ("kinds", "psychological")], Some(&admin))
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("This is too short") && bad.body.contains("Please choose one"), "{}", bad.body);
    assert_eq!(
        t.form("/en/staff/directory/new", &fields[1..], Some(&admin)).await.status,
        StatusCode::FORBIDDEN,
        "CSRF"
    );
    let created = t.form("/en/staff/directory/new", &fields, Some(&admin)).await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let at = created.headers[header::LOCATION].to_str().unwrap().to_owned();
    // It is found at once, nearest, and shown as checked but not verified.
    let found = t.json(Method::GET, "/api/v1/services?place=Shtiqen&type=psychological", None, None).await.json();
    assert_eq!(found["nearby"][0]["name"], "Qendra Psikologjike Shtiqën");
    assert!(found["nearby"][0]["verified_on"].is_null());
    let page = t.page(&at, Some(&admin)).await;
    let csrf_at = page.body.find("name=\"csrf\" value=\"").unwrap() + "name=\"csrf\" value=\"".len();
    let csrf = page.body[csrf_at..csrf_at + 32].to_owned();
    let verified = t.form(&format!("{at}/verify"), &[("csrf", &csrf)], Some(&admin)).await;
    assert_eq!(verified.status, StatusCode::SEE_OTHER);
    let found = t.json(Method::GET, "/api/v1/services?place=Shtiqen&type=psychological", None, None).await.json();
    assert!(found["nearby"][0]["verified_on"].is_string(), "verified by an administrator");
    // Editing the details takes the verification away; a stale form is refused.
    let page = t.page(&at, Some(&admin)).await;
    let updated_at =
        page.body.split("name=\"updated_at\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let mut edit: Vec<(&str, &str)> = fields.to_vec();
    edit[7] = ("phone", "+355 24 111 111");
    edit.push(("updated_at", &updated_at));
    assert_eq!(t.form(&at, &edit, Some(&admin)).await.status, StatusCode::SEE_OTHER);
    assert_eq!(t.form(&at, &edit, Some(&admin)).await.status, StatusCode::CONFLICT, "the same form twice");
    let found = t.json(Method::GET, "/api/v1/services?place=Shtiqen&type=psychological", None, None).await.json();
    assert_eq!(found["nearby"][0]["phone"], "+355 24 111 111");
    assert!(found["nearby"][0]["verified_on"].is_null(), "changed details must be verified again");
    // Retired: gone from search and from the HSDS API.
    let id = at.rsplit('/').next().unwrap().to_owned();
    assert_eq!(t.form(&format!("{at}/retire"), &[("csrf", &csrf)], Some(&admin)).await.status, StatusCode::SEE_OTHER);
    let found = t.json(Method::GET, "/api/v1/services?place=Shtiqen&type=psychological", None, None).await.json();
    assert_ne!(found["nearby"][0]["name"], "Qendra Psikologjike Shtiqën");
    assert_eq!(t.page(&format!("/hsds/services/{id}"), None).await.status, StatusCode::NOT_FOUND);
    // Who changed what, when.
    let log: Vec<String> = t
        .store()
        .service_changes(&id)
        .await
        .unwrap()
        .iter()
        .map(|c| format!("{} {} {}", c.updated_by, c.last_action_type, c.field_name))
        .collect();
    assert!(log.iter().any(|l| l == "root1 create name"), "{log:?}");
    assert!(log.iter().any(|l| l == "root1 verify verified"), "{log:?}");
    assert!(log.iter().any(|l| l == "root1 update phone"), "{log:?}");
    assert!(log.iter().any(|l| l == "root1 retire status"), "{log:?}");
}
