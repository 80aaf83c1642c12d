//! Where reported material is hosted (`/api/v1/hosting/lookup`) and the hosts and platforms
//! table (`/{lang}/staff/admin/hosts`, `/api/v1/admin/hosts`): names resolved on loopback by
//! an injected resolver, countries from a generated IP-to-country database, and a listener
//! that fails the test if anything connects to a reported address.

use std::io;
use std::net::IpAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use serde_json::{json, Value};
use zeri_domain::Role;
use zeri_web::parts::hosting::{
    CountryDb, HostingFacts, Locator, Resolve, StaticResolver, SystemResolver, Target, TargetHost,
};
use zeri_web::WebConfig;

use crate::support::*;

fn config(locator: Locator) -> WebConfig {
    WebConfig { hosting: locator, ..fast_config() }
}

/// A test app whose database is read from a file in its data folder, as `--ip-country-db`
/// reads it.
async fn app_with_file(resolver: Arc<dyn Resolve>) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("countries.mmdb");
    std::fs::write(&path, country_db_bytes()).unwrap();
    let db = CountryDb::open(&path).unwrap();
    assert!(db.describe().starts_with("Zeri-Test-Country (IPv6"), "{}", db.describe());
    let locator = Locator { resolver, countries: Some(Arc::new(db)), ..Locator::default() };
    let url = format!("sqlite://{}", dir.path().join("zeri.db").display());
    TestApp::on(&url, dir, config(locator), zeri_crypto::Keyring::new(zeri_crypto::MasterKey::generate())).await
}

async fn lookup(t: &TestApp, url: &str, token: &str) -> Res {
    t.post("/api/v1/hosting/lookup", json!({ "url": url }), token).await
}

fn countries(located: &Value) -> Vec<(String, Value)> {
    located["addresses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["address"].as_str().unwrap().to_owned(), a["country"].clone()))
        .collect()
}

/// The audit entries of hosting lookups, oldest first: (staff, detail).
async fn lookups(t: &TestApp) -> Vec<(Option<String>, String)> {
    let all = t.store().audit_page(0, 10_000).await.unwrap();
    all.into_iter()
        .filter(|c| c.event.action == "hosting-located")
        .map(|c| (c.event.staff_id, c.event.detail.unwrap_or_default()))
        .collect()
}

#[tokio::test]
async fn names_are_placed_in_their_country_with_the_loopback_resolver_and_the_generated_database() {
    let t = app_with_file(Arc::new(StaticResolver::new(test_names()))).await;
    let analyst = t.staff("anl", Role::HotlineAnalyst).await;

    let res = lookup(&t, "https://Hosted-In-Albania.test/secret-gallery-4711/img.jpg", &analyst).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let a = res.json();
    assert_eq!(a["host"], "hosted-in-albania.test");
    assert_eq!(a["country"], "AL");
    assert_eq!(countries(&a), [("127.0.0.20".to_owned(), json!("AL"))]);
    assert_eq!(a["database"], "Zeri-Test-Country", "named, so that its data can be credited");
    let checked = a["checked_at"].as_i64().unwrap();
    assert!((zeri_web::now_ms() - checked).abs() < 60_000, "checked now: {checked}");

    let d = lookup(&t, "hosted-in-germany.test/a", &analyst).await.json();
    assert_eq!((d["host"].as_str(), d["country"].as_str()), (Some("hosted-in-germany.test"), Some("DE")));

    // Several addresses: each with its country, the whole in the country of most of them.
    let m = lookup(&t, "http://mostly-albania.test/", &analyst).await.json();
    assert_eq!(
        countries(&m),
        [
            ("127.0.1.5".to_owned(), json!("DE")),
            ("127.0.0.5".to_owned(), json!("AL")),
            ("::1".to_owned(), json!("NL")),
            ("127.0.0.6".to_owned(), json!("AL")),
        ]
    );
    assert_eq!(m["country"], "AL");
    // Addresses in the URL are themselves; an address the database does not hold has none.
    let v4 = lookup(&t, "http://127.0.1.9:8080/x", &analyst).await.json();
    assert_eq!((v4["host"].as_str(), v4["country"].as_str()), (Some("127.0.1.9"), Some("DE")));
    let v6 = lookup(&t, "http://[::1]/x", &analyst).await.json();
    assert_eq!((v6["host"].as_str(), v6["country"].as_str()), (Some("::1"), Some("NL")));
    let none = lookup(&t, "https://unplaced.test/", &analyst).await.json();
    assert_eq!(none["country"], Value::Null);
    assert_eq!(countries(&none), [("127.0.2.1".to_owned(), Value::Null)]);

    // Each lookup is audited: who, and the URL only as its keyed digest (the same for the
    // same URL however it was written).
    let audited = lookups(&t).await;
    assert_eq!(audited.len(), 6, "{audited:?}");
    let anl = t.store().staff_by_username("anl").await.unwrap().unwrap().id;
    assert!(audited.iter().all(|(s, _)| s.as_deref() == Some(anl.as_str())));
    let digest =
        zeri_web::service::hosting::url_digest(&t.app, "https://hosted-in-albania.test/secret-gallery-4711/img.jpg")
            .unwrap();
    assert_eq!(audited[0].1, format!("url:{digest};country:AL"));
    assert_eq!(audited[5].1.split(';').nth(1), Some("country:unknown"));
    assert!(!t.bytes_at_rest().windows(19).any(|w| w == b"secret-gallery-4711"), "the URL is in the data folder");
}

/// A resolver that never answers in time, and counts the names it was asked.
struct Slow(AtomicUsize);

#[async_trait::async_trait]
impl Resolve for Slow {
    async fn resolve(&self, _host: &str) -> io::Result<Vec<IpAddr>> {
        self.0.fetch_add(1, Ordering::SeqCst);
        tokio::time::sleep(Duration::from_secs(30)).await;
        Ok(vec!["127.0.0.1".parse().unwrap()])
    }
}

#[tokio::test]
async fn a_name_that_does_not_resolve_a_resolver_that_is_slow_and_no_database_each_say_so() {
    let t = TestApp::new().await;
    let analyst = t.staff("anl", Role::HotlineAnalyst).await;
    let res = lookup(&t, "https://no-such-name.test/x", &analyst).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert_eq!(res.json()["error"]["code"], "no-such-host");
    assert!(res.json()["error"]["fields"]["url"].as_str().unwrap().contains("does not resolve"), "{}", res.body);
    // In Albanian too.
    let req = Request::post("/api/v1/hosting/lookup")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ACCEPT_LANGUAGE, "sq")
        .header(header::AUTHORIZATION, format!("Bearer {analyst}"))
        .body(Body::from(json!({"url": "https://no-such-name.test/x"}).to_string()))
        .unwrap();
    let sq = t.send(req).await.json();
    assert!(sq["error"]["fields"]["url"].as_str().unwrap().contains("nuk gjendet në DNS"), "{sq}");
    for (body, code) in [
        (json!({"url": "javascript:alert(1)"}), "bad-url"),
        (json!({"url": "file:///etc/passwd"}), "bad-url"),
        (json!({"url": "http://localhost/"}), "bad-url"),
        (json!({}), "validation"),
        (json!({"url": 7}), "validation"),
        (json!({"url": "https://example.com", "reporter": "x"}), "validation"),
    ] {
        let res = t.post("/api/v1/hosting/lookup", body.clone(), &analyst).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {}", res.body);
        assert_eq!(res.json()["error"]["code"], code, "{body}: {}", res.body);
    }
    let audited = lookups(&t).await;
    assert_eq!(audited.len(), 2, "only the lookups that reached the resolver are audited: {audited:?}");
    assert!(audited.iter().all(|(_, d)| d.ends_with(";no-such-host")));

    // A resolver that sleeps: the analyst hears within the timeout, not when it wakes.
    let slow = Arc::new(Slow(AtomicUsize::new(0)));
    let locator = Locator { resolver: slow.clone(), timeout: Duration::from_millis(300), ..test_locator() };
    let t = TestApp::with(config(locator)).await;
    let analyst = t.staff("anl", Role::HotlineAnalyst).await;
    let started = Instant::now();
    let res = lookup(&t, "https://slow.test/x", &analyst).await;
    assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
    assert_eq!(res.status, StatusCode::GATEWAY_TIMEOUT, "{}", res.body);
    assert_eq!(res.json()["error"]["code"], "hosting-timeout");
    assert!(res.json()["error"]["message"].as_str().unwrap().contains("within 1 second."), "{}", res.body);
    assert_eq!(slow.0.load(Ordering::SeqCst), 1);
    assert!(lookups(&t).await[0].1.ends_with(";timeout"));

    // No database: said plainly, and no name is looked up at all.
    let slow = Arc::new(Slow(AtomicUsize::new(0)));
    let t = TestApp::with(config(Locator { resolver: slow.clone(), countries: None, ..Locator::default() })).await;
    let analyst = t.staff("anl", Role::HotlineAnalyst).await;
    let res = lookup(&t, "https://hosted-in-albania.test/x", &analyst).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
    assert_eq!(res.json()["error"]["code"], "hosting-not-configured");
    assert!(res.json()["error"]["message"].as_str().unwrap().contains("--ip-country-db"), "{}", res.body);
    assert_eq!(slow.0.load(Ordering::SeqCst), 0, "the resolver was asked");
    assert!(lookups(&t).await.is_empty());
}

#[tokio::test]
async fn locating_never_connects_to_the_reported_address() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let contacted = Arc::new(AtomicUsize::new(0));
    let seen = contacted.clone();
    let watch = tokio::spawn(async move {
        while let Ok((_conn, _)) = listener.accept().await {
            seen.fetch_add(1, Ordering::SeqCst);
        }
    });
    let ip = |s: &str| s.parse::<IpAddr>().unwrap();
    let names = StaticResolver::new([("material.test", vec![ip("127.0.0.1")])]);
    let t = app_with_file(Arc::new(names)).await;
    let admin = t.staff("adm", Role::Admin).await;
    let analyst = t.staff("anl", Role::HotlineAnalyst).await;
    // An entry covering the name and the address, so that finding it is part of the lookup.
    let host = json!({"name": "Loopback Hosting", "kind": "hosting_provider", "abuse_email": "abuse@loopback.example",
        "domains": "material.test", "ranges": "127.0.0.0/24"});
    assert_eq!(t.post("/api/v1/admin/hosts", host, &admin).await.status, StatusCode::CREATED);
    for url in [
        format!("http://material.test:{port}/abuse.jpg"),
        format!("https://material.test:{port}/"),
        format!("http://127.0.0.1:{port}/abuse.jpg"),
        format!("ftp://127.0.0.1:{port}/abuse.jpg"),
    ] {
        let res = lookup(&t, &url, &analyst).await;
        assert_eq!(res.status, StatusCode::OK, "{url}: {}", res.body);
        assert_eq!(res.json()["country"], "AL");
        assert_eq!(res.json()["listed"]["name"], "Loopback Hosting");
    }
    // The system's resolver too (localhost is in the hosts file; a reported URL must name
    // a host of two labels or more, so the target is made by hand).
    let system = Locator { resolver: Arc::new(SystemResolver), ..test_locator() };
    let target =
        Target { url: format!("http://localhost:{port}/abuse.jpg"), host: TargetHost::Name("localhost".into()) };
    let facts = system.locate_target(&target).await.unwrap();
    assert!(facts.addresses.iter().all(|(a, _)| a.is_loopback()), "{facts:?}");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(contacted.load(Ordering::SeqCst), 0, "the server connected to the reported address");
    // The listener itself works: a connection would have been seen.
    let _probe = tokio::net::TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    while contacted.load(Ordering::SeqCst) == 0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(contacted.load(Ordering::SeqCst), 1, "the listener saw the probe");
    watch.abort();
}

fn host_body(name: &str, domains: &str, ranges: &str) -> Value {
    json!({"name": name, "kind": "hosting_provider", "country": "AL", "abuse_email": "abuse@host.example",
        "domains": domains, "ranges": ranges, "notes": "Answers the same day; ask for Arben"})
}

#[tokio::test]
async fn administrators_keep_the_hosts_table_and_a_located_url_finds_its_entry_by_domain_then_by_range() {
    let t = TestApp::new().await;
    let admin = t.staff("adm", Role::Admin).await;
    let analyst = t.staff("anl", Role::HotlineAnalyst).await;
    let provider = host_body("Shqiponja Hosting", "", "127.0.1.0/24\n2001:db8::/32");
    let res = t.post("/api/v1/admin/hosts", provider, &admin).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let p = res.json();
    assert_eq!(p["ranges"], json!(["127.0.1.0/24", "2001:db8::/32"]));
    let platform = json!({"name": "Imazhe", "kind": "platform", "domains": "hosted-in-albania.test",
        "trusted_flagger": true, "channel": "https://report.imazhe.example/trusted"});
    let res = t.post("/api/v1/admin/hosts", platform, &admin).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let f = res.json();
    assert_eq!((f["trusted_flagger"].as_bool(), f["abuse_email"].as_str()), (Some(true), None));

    // By domain (subdomains too), before the range its addresses are in; else by range.
    let by_domain = lookup(&t, "https://cdn.hosted-in-albania.test/x", &analyst).await.json();
    assert_eq!(by_domain["listed"]["id"], f["id"], "{by_domain}");
    assert_eq!(by_domain["listed"]["trusted_flagger"], true);
    let by_range = lookup(&t, "https://hosted-in-germany.test/x", &analyst).await.json();
    assert_eq!(by_range["listed"]["id"], p["id"], "{by_range}");
    assert_eq!(lookup(&t, "https://unplaced.test/x", &analyst).await.json()["listed"], Value::Null);
    // The service function the analyst's actions call, with the contacts opened.
    let facts = HostingFacts {
        host: "elsewhere.test".into(),
        addresses: vec![("2001:db8::7".parse().unwrap(), None)],
        country: None,
        checked_at: 0,
    };
    let entry = zeri_web::service::hosting::host_for(&t.app, &facts).await.unwrap().unwrap();
    assert_eq!(entry.host.abuse_email.as_deref(), Some("abuse@host.example"));
    assert_eq!(entry.host.notes.as_deref(), Some("Answers the same day; ask for Arben"));

    // Bad input: each field named with a clear message, nothing stored.
    let cases = [
        (host_body("A", "", "127.0.1.7/24"), "ranges", "Did you mean 127.0.1.0/24?"),
        (host_body("A", "", "127.0.1.0/33"), "ranges", "This is not an IP range: 127.0.1.0/33"),
        (host_body("A", "https://x.example/", ""), "domains", "without https://"),
        (host_body("A", "ok.example\nnot_a..domain", ""), "domains", "not_a..domain"),
        (
            json!({"name": "A", "kind": "platform", "domains": "a.example", "abuse_email": "abuse(at)a.example"}),
            "abuse_email",
            "e-mail",
        ),
        (
            json!({"name": "A", "kind": "platform", "domains": "a.example", "trusted_flagger": true}),
            "channel",
            "trusted flagger",
        ),
        (json!({"name": "A", "kind": "platform", "abuse_email": "x@a.example"}), "domains", "at least one domain"),
        (json!({"name": "A", "kind": "isp", "domains": "a.example", "abuse_email": "x@a.example"}), "kind", "options"),
        (
            json!({"name": "A", "kind": "platform", "domains": "a.example", "abuse_email": "x@a.example", "country": "ZZ"}),
            "country",
            "ISO",
        ),
        (host_body("shqiponja HOSTING", "b.example", ""), "name", "already has this name"),
        (host_body("B", "Hosted-In-Albania.test", ""), "domains", "already covers this domain: hosted-in-albania.test"),
    ];
    for (body, field, text) in cases {
        let res = t.post("/api/v1/admin/hosts", body.clone(), &admin).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {}", res.body);
        let msg = res.json()["error"]["fields"][field].as_str().unwrap_or_default().to_owned();
        assert!(msg.contains(text), "{body}: {field}: {msg} ({})", res.body);
    }
    let list = t.json(Method::GET, "/api/v1/admin/hosts", None, Some(&admin)).await.json();
    assert_eq!(list.as_array().unwrap().len(), 2, "nothing half-saved: {list}");

    // Changed and removed; a change that clashes leaves the entry as it was.
    let pid = p["id"].as_str().unwrap();
    let changed = host_body("Shqiponja Hosting", "shqiponja.example", "127.0.1.0/24");
    let res = t.json(Method::PUT, &format!("/api/v1/admin/hosts/{pid}"), Some(changed), Some(&admin)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(res.json()["domains"], json!(["shqiponja.example"]));
    let clash = host_body("Shqiponja Hosting", "hosted-in-albania.test", "");
    let res = t.json(Method::PUT, &format!("/api/v1/admin/hosts/{pid}"), Some(clash), Some(&admin)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    let kept = t.json(Method::GET, &format!("/api/v1/admin/hosts/{pid}"), None, Some(&admin)).await.json();
    assert_eq!(kept["domains"], json!(["shqiponja.example"]));
    let fid = f["id"].as_str().unwrap();
    let res = t.json(Method::DELETE, &format!("/api/v1/admin/hosts/{fid}"), None, Some(&admin)).await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.body);
    let res = t.json(Method::DELETE, &format!("/api/v1/admin/hosts/{fid}"), None, Some(&admin)).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let gone = lookup(&t, "https://cdn.hosted-in-albania.test/x", &analyst).await.json();
    assert_eq!(gone["listed"]["id"], p["id"], "by range once the platform is gone: {gone}");

    // Every change audited with who made it; contacts and notes sealed at rest.
    let adm = t.store().staff_by_username("adm").await.unwrap().unwrap().id;
    let changes: Vec<(String, Option<String>, Option<String>)> = t
        .store()
        .audit_page(0, 10_000)
        .await
        .unwrap()
        .into_iter()
        .filter(|c| c.event.action.starts_with("host-"))
        .map(|c| (c.event.action, c.event.staff_id, c.event.detail))
        .collect();
    let want = |a: &str, id: &str| (a.to_owned(), Some(adm.clone()), Some(id.to_owned()));
    assert_eq!(
        changes,
        [want("host-added", pid), want("host-added", fid), want("host-changed", pid), want("host-removed", fid)]
    );
    let disk = t.bytes_at_rest();
    for secret in ["abuse@host.example", "ask for Arben", "report.imazhe.example"] {
        assert!(!contains(&disk, secret.as_bytes()), "{secret} is in the data folder in clear");
    }
}

#[tokio::test]
async fn the_hosts_pages_add_show_errors_change_and_remove_in_both_languages() {
    let t = TestApp::new().await;
    t.create("adm", Role::Admin, None).await;
    let cookie = t.page_login("adm").await;
    let page = t.page("/en/staff/admin", Some(&cookie)).await;
    assert!(page.body.contains("/en/staff/admin/hosts"), "the admin page links to the hosts");
    let list = t.page("/en/staff/admin/hosts", Some(&cookie)).await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("No hosts or platforms yet."));
    let csrf = csrf_of(&list.body);
    let fields = |name: &'static str, ranges: &'static str| {
        vec![
            ("csrf", csrf.clone()),
            ("name", name.to_owned()),
            ("kind", "hosting_provider".to_owned()),
            ("country", "al".to_owned()),
            ("abuse_email", "abuse@faqe.example".to_owned()),
            ("domains", "faqe.example".to_owned()),
            ("ranges", ranges.to_owned()),
            ("trusted_flagger", "on".to_owned()),
            ("channel", "mailto:flag@faqe.example".to_owned()),
        ]
    };
    let bad = t.form("/en/staff/admin/hosts", &as_refs(&fields("Faqe", "10.0.0.5/8")), Some(&cookie)).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("Did you mean 10.0.0.0/8?"), "{}", bad.body);
    assert!(bad.body.contains("value=\"Faqe\""), "what was typed stays");
    let ok = t.form("/en/staff/admin/hosts", &as_refs(&fields("Faqe", "10.0.0.0/8")), Some(&cookie)).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let at = ok.headers[header::LOCATION].to_str().unwrap().to_owned();
    for lang in ["en", "sq"] {
        let edit = t.page(&at.replace("/en/", &format!("/{lang}/")), Some(&cookie)).await;
        assert_eq!(edit.status, StatusCode::OK);
        assert!(
            edit.body.contains("faqe.example")
                && edit.body.contains("10.0.0.0/8")
                && edit.body.contains("flag@faqe.example")
        );
        assert!(!edit.body.contains('⟦'), "a text is missing in {lang}");
        let list = t.page(&format!("/{lang}/staff/admin/hosts"), Some(&cookie)).await;
        assert!(list.body.contains("Faqe") && !list.body.contains('⟦'), "{lang}");
    }
    assert!(t.page("/en/staff/admin/hosts", Some(&cookie)).await.body.contains("trusted flagger</span>"), "the badge");
    let sq = t.page("/sq/staff/admin/hosts", Some(&cookie)).await.body;
    assert!(sq.contains("Mbajtësit dhe platformat") && sq.contains("sinjalizues i besuar"));
    let mut changed = fields("Faqe e re", "10.0.0.0/8");
    changed.retain(|(k, _)| *k != "trusted_flagger" && *k != "channel");
    let res = t.form(&at, &as_refs(&changed), Some(&cookie)).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let list = t.page("/en/staff/admin/hosts", Some(&cookie)).await.body;
    assert!(list.contains("Faqe e re") && !list.contains("trusted flagger</span>"), "{list}");
    let without_csrf = t.form(&format!("{at}/delete"), &[], Some(&cookie)).await;
    assert_eq!(without_csrf.status, StatusCode::FORBIDDEN);
    let res = t.form(&format!("{at}/delete"), &[("csrf", &csrf)], Some(&cookie)).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(t.page("/en/staff/admin/hosts", Some(&cookie)).await.body.contains("No hosts or platforms yet."));
}

#[tokio::test]
async fn only_analysts_locate_and_only_administrators_keep_the_hosts() {
    let t = TestApp::new().await;
    assert_eq!(
        t.json(Method::POST, "/api/v1/hosting/lookup", Some(json!({"url": "https://example.com"})), None).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(t.json(Method::GET, "/api/v1/admin/hosts", None, None).await.status, StatusCode::UNAUTHORIZED);
    for (i, &role) in Role::ALL.iter().enumerate() {
        let name = format!("user{i}");
        let token = t.staff(&name, role).await;
        let located = t.post("/api/v1/hosting/lookup", json!({"url": "https://example.com/x"}), &token).await;
        let want = if role == Role::HotlineAnalyst { StatusCode::OK } else { StatusCode::FORBIDDEN };
        assert_eq!(located.status, want, "{role:?}: {}", located.body);
        // Refused before the body is looked at.
        let empty = t.post("/api/v1/hosting/lookup", json!({}), &token).await;
        let want_empty =
            if role == Role::HotlineAnalyst { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::FORBIDDEN };
        assert_eq!(empty.status, want_empty, "{role:?}");
        let listed = t.json(Method::GET, "/api/v1/admin/hosts", None, Some(&token)).await;
        let add =
            t.post("/api/v1/admin/hosts", host_body(&format!("Host {i}"), &format!("h{i}.example"), ""), &token).await;
        let (want_list, want_add) = if role == Role::Admin {
            (StatusCode::OK, StatusCode::CREATED)
        } else {
            (StatusCode::FORBIDDEN, StatusCode::FORBIDDEN)
        };
        assert_eq!((listed.status, add.status), (want_list, want_add), "{role:?}");
        if role != Role::Admin {
            let cookie = t.page_login(&name).await;
            assert_eq!(t.page("/en/staff/admin/hosts", Some(&cookie)).await.status, StatusCode::FORBIDDEN, "{role:?}");
        }
    }
    // Nobody but the analyst was audited as having looked something up.
    assert_eq!(lookups(&t).await.len(), 1);
}
