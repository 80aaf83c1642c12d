//! The public pages: both languages, safety headers, size, the leaflet, health and the OpenAPI document.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;
use zeri_domain::Role;
use zeri_web::WebConfig;

use crate::support::*;

#[tokio::test]
async fn every_page_is_complete_in_both_languages_and_carries_the_safety_headers() {
    let t = TestApp::new().await;
    for lang in ["sq", "en"] {
        for path in ["", "/report", "/followup", "/help", "/staff/login", "/nowhere"] {
            let res = t.page(&format!("/{lang}{path}"), None).await;
            assert!(!res.body.contains('⟦'), "/{lang}{path} lacks a translation: {}", res.body);
            assert!(res.body.contains(&format!("<html lang=\"{lang}\">")), "/{lang}{path}");
            if path != "/staff/login" {
                assert!(res.body.contains("data-quick-exit"), "/{lang}{path} lacks the quick exit");
                assert!(res.body.contains("116 111"), "/{lang}{path} lacks help now");
            }
            let csp = res.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
            assert!(
                csp.contains("default-src 'none'")
                    && csp.contains("script-src 'self'")
                    && !csp.contains("unsafe-inline")
            );
            assert!(csp.contains("frame-ancestors 'none'"));
            assert_eq!(res.headers[header::REFERRER_POLICY], "no-referrer");
            assert_eq!(res.headers[header::X_FRAME_OPTIONS], "DENY");
            assert_eq!(res.headers[header::CACHE_CONTROL], "no-store");
            assert!(!res.body.contains("<script>"), "no inline script");
            assert!(!res.body.contains("style=\""), "no inline style");
        }
    }
    assert_eq!(t.page("/de/report", None).await.status, StatusCode::NOT_FOUND);
    let root = t.page("/", None).await;
    assert_eq!(root.headers[header::LOCATION], "/sq");
    for lang in ["sq", "en"] {
        let slash = t.page(&format!("/{lang}/"), None).await;
        assert_eq!(slash.status, StatusCode::PERMANENT_REDIRECT, "/{lang}/");
        assert_eq!(slash.headers[header::LOCATION], format!("/{lang}").as_str());
    }
    let css = t.page("/static/style.css", None).await;
    assert!(css.headers[header::CACHE_CONTROL].to_str().unwrap().starts_with("public"));
}

#[tokio::test]
async fn health_and_openapi() {
    let t = TestApp::new().await;
    let h = t.page("/healthz", None).await;
    assert_eq!(h.status, StatusCode::OK);
    let doc = t.page("/api/openapi.json", None).await.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    for path in [
        "/api/v1/reports",
        "/api/v1/followup/session",
        "/api/v1/followup",
        "/api/v1/followup/messages",
        "/api/v1/auth/session",
        "/api/v1/cases",
        "/api/v1/cases/{id}",
        "/api/v1/cases/{id}/{operation}",
        "/api/v1/cases/{id}/exports",
        "/api/v1/cases/{id}/testimony",
        "/api/v1/tasks",
        "/api/v1/admin/staff",
        "/api/v1/organisations",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} undocumented");
    }
}

#[tokio::test]
async fn every_public_page_is_complete_light_and_quiet() {
    let t = TestApp::new().await;
    for lang in ["sq", "en"] {
        for path in PUBLIC_PAGES {
            let req = Request::get(format!("/{lang}{path}"))
                .header(header::ACCEPT_ENCODING, "gzip")
                .body(Body::empty())
                .unwrap();
            let res = t.router.clone().oneshot(req).await.unwrap();
            assert_eq!(res.status(), StatusCode::OK, "/{lang}{path}");
            assert_eq!(res.headers()[header::CONTENT_ENCODING], "gzip", "/{lang}{path} is compressed");
            assert!(res.headers().get(header::SET_COOKIE).is_none(), "/{lang}{path} sets no cookie");
            let compressed = res.into_body().collect().await.unwrap().to_bytes();
            assert!(compressed.len() < 30 * 1024, "/{lang}{path}: {} bytes compressed", compressed.len());
            let page = t.page(&format!("/{lang}{path}"), None).await;
            assert!(!page.body.contains('⟦'), "/{lang}{path} lacks a translation");
            if path != "/staff/login" {
                assert!(page.body.contains("data-quick-exit"), "/{lang}{path}");
                assert!(page.body.contains("116 111"), "/{lang}{path} ends with the ways to get help now");
            }
            // Nothing from another origin: no absolute src/href to elsewhere but the quick exit and tel: links.
            for attr in ["src=\"http", "href=\"//", "url(http"] {
                assert!(!page.body.contains(attr), "/{lang}{path} loads from elsewhere: {attr}");
            }
        }
    }
    assert_eq!(t.page("/en/learn/astrology", None).await.status, StatusCode::NOT_FOUND);
    let after = t.page("/en/learn/after-report", None).await;
    for stage in zeri_domain::Stage::ALL {
        let name = zeri_web::Lang::En.t(&stage.name_key());
        assert!(after.body.contains(&name), "the stage texts are linked: {name}");
    }
}

#[tokio::test]
async fn the_leaflet_prints_with_a_qr_code_to_the_site() {
    let config = WebConfig { public_url: Some("https://zeri.example/".into()), ..fast_config() };
    let t = TestApp::with(config).await;
    let page = t.page("/sq/leaflet?municipality=Kukes", None).await;
    assert!(
        page.body.contains(&zeri_web::public::learn::qr_for("https://zeri.example/sq")),
        "the QR code opens the site"
    );
    assert!(page.body.contains("Njësia për Mbrojtjen e Fëmijës, Kukës"), "the municipality's version names its unit");
    assert!(page.body.contains("ALO 116 111"));
    let en = t.page("/en/leaflet", None).await;
    assert!(en.body.contains(&zeri_web::public::learn::qr_for("https://zeri.example/en")));
    let req = Request::get("/sq/leaflet.pdf?municipality=Kuk%C3%ABs").body(Body::empty()).unwrap();
    let res = t.router.clone().oneshot(req).await.unwrap();
    assert_eq!(res.headers()[header::CONTENT_TYPE], "application/pdf");
    let pdf = res.into_body().collect().await.unwrap().to_bytes();
    let text = String::from_utf8_lossy(&pdf);
    assert!(
        pdf.starts_with(b"%PDF-") && text.contains("/Count 1") && text.contains("[0 0 419.53 595.28]"),
        "one A5 page"
    );
    assert!(text.contains("ALO 116 111") && text.contains("https://zeri.example/sq"));
    assert!(pdf.windows(5).any(|w| w == b"Kuk\xEBs"), "Albanian letters in the PDF's encoding");
    // Guides for professionals, for staff.
    t.create("ana", Role::Counsellor, Some("helpline")).await;
    let cookie = t.page_login("ana").await;
    let guides = t.page("/en/staff/guides", Some(&cookie)).await;
    assert_eq!(guides.status, StatusCode::OK);
    for g in zeri_web::public::learn::GUIDES {
        assert!(guides.body.contains(&format!("id=\"{g}\"")), "{g}");
    }
    assert!(!guides.body.contains('⟦'));
}

/// The quick exit is a plain link to `/leave`: it ends the child's follow-up session on the
/// server, asks the browser to forget the site and sends it to the neutral site at once.
#[tokio::test]
async fn the_quick_exit_ends_the_session_on_the_server() {
    let t = TestApp::new().await;
    let receipt = t.report(minimal()).await;
    let child = t.form("/en/followup", &[("receipt", &receipt)], None).await.cookie();
    assert!(t.page("/en/followup", Some(&child)).await.body.contains("followup/leave"), "the report is open");
    let home = t.page("/en", None).await.body;
    assert!(home.contains("href=\"/leave\""), "a plain link, no script needed");
    let left = t.page("/leave", Some(&child)).await;
    assert_eq!(left.status, StatusCode::OK);
    assert!(left.body.contains("http-equiv=\"refresh\" content=\"0; url=https://www.google.com/"), "{}", left.body);
    assert!(!left.body.contains("Zëri"), "says nothing of this site");
    assert_eq!(left.headers["clear-site-data"], "\"cache\", \"cookies\", \"storage\"");
    // Back with the old cookie: the report asks for its receipt again.
    let back = t.page("/en/followup", Some(&child)).await.body;
    assert!(back.contains("name=\"receipt\"") && !back.contains("followup/leave"), "{back}");
}
