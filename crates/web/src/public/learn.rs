//! Knowing where to turn: pages for young people, parents and teachers (`/sq/learn…`),
//! the printable leaflet (`/sq/leaflet`, and as a PDF), and the guides for professionals
//! (`/sq/staff/guides`, and beside the tasks they are about).
//!
//! The texts live in `locales/*/awareness.ftl`: a body is paragraphs separated by blank
//! lines, a line starting with "- " is a list item. These pages set no cookie and load
//! nothing from elsewhere; like every page they are `no-store`, so nothing a child read
//! stays in the browser's cache.

use crate::base::auth::PageStaff;
use crate::base::chrome::logout_form;
use crate::base::error::PageError;
use crate::base::extract::PageLang;
use crate::base::layout::page;
use crate::base::layout::staff_page;
use crate::parts::i18n::Lang;
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use maud::{html, Markup, PreEscaped};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use zeri_domain::{Gazetteer, Stage};

/// The pages, in reading order.
pub const PAGES: [&str; 6] = ["risks", "what-to-do", "after-report", "get-help", "parents", "teachers"];

/// The guides for professionals.
pub const GUIDES: [&str; 7] =
    ["disclosure", "confidentiality", "evidence", "referral", "legal-duty", "export", "wellbeing"];

pub fn router() -> OpenApiRouter<AppState> {
    let r = crate::base::localised(|r, l| {
        r.route(&format!("/{l}/learn"), get(index))
            .route(&format!("/{l}/learn/{{page}}"), get(learn_page))
            .route(&format!("/{l}/leaflet"), get(leaflet_page))
            .route(&format!("/{l}/leaflet.pdf"), get(leaflet_pdf))
            .route(&format!("/{l}/staff/guides"), get(guides_page))
    });
    r
}

/// A body of text: paragraphs, and lists where lines start with "- ".
pub fn body(text: &str) -> Markup {
    let blocks: Vec<Vec<&str>> = text
        .split("\n\n")
        .map(|b| b.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>())
        .filter(|b| !b.is_empty())
        .collect();
    html! {
        @for block in blocks {
            @let (items, lines): (Vec<&str>, Vec<&str>) = block.iter().partition(|l| l.starts_with("- "));
            @if !lines.is_empty() { p { @for (i, l) in lines.iter().enumerate() { @if i > 0 { " " } (l) } } }
            @if !items.is_empty() { ul class="points" { @for i in items { li { (i.trim_start_matches("- ")) } } } }
        }
    }
}

async fn index(PageLang(lang): PageLang) -> Html<String> {
    let l = lang.code();
    page(
        lang,
        &lang.t("aw-index-title"),
        html! {
            h1 { (lang.t("aw-index-title")) }
            p class="lead" { (lang.t("aw-index-intro")) }
            p class="banner" { strong { (lang.t("aw-never-your-fault")) } }
            ul class="cards" {
                @for p in PAGES {
                    li { a href={ "/" (l) "/learn/" (p) } { strong { (lang.t(&format!("aw-{p}-title"))) } } br; (lang.t(&format!("aw-{p}-teaser"))) }
                }
            }
        },
    )
}

async fn learn_page(PageLang(lang): PageLang, Path(name): Path<String>) -> Result<Html<String>, PageError> {
    let Some(p) = PAGES.iter().find(|p| **p == name) else { return Err(PageError::not_found(lang)) };
    let l = lang.code();
    let sections: Vec<usize> = (1..=12).take_while(|i| lang.has(&format!("aw-{p}-s{i}-title"))).collect();
    let at = PAGES.iter().position(|x| x == p).unwrap_or(0);
    Ok(page(
        lang,
        &lang.t(&format!("aw-{p}-title")),
        html! {
            p { a href={ "/" (l) "/learn" } { "← " (lang.t("aw-index-title")) } }
            h1 { (lang.t(&format!("aw-{p}-title"))) }
            p class="lead" { (lang.t(&format!("aw-{p}-intro"))) }
            p class="banner" { strong { (lang.t("aw-never-your-fault")) } }
            @for i in sections {
                section {
                    h2 { (lang.t(&format!("aw-{p}-s{i}-title"))) }
                    (body(&lang.t(&format!("aw-{p}-s{i}-body"))))
                }
            }
            @if *p == "after-report" {
                section {
                    h2 { (lang.t("learn-stages-title")) }
                    p { (lang.t("learn-stages-intro")) }
                    ol class="stages" {
                        @for st in Stage::ALL {
                            li { strong { (lang.t(&st.name_key())) } (body(&lang.t(&st.next_key()))) }
                        }
                    }
                    p { a class="button" href={ "/" (l) "/followup" } { (lang.t("home-followup")) } }
                }
            }
            div class="actions" {
                a class="button primary" href={ "/" (l) "/report" } { (lang.t("home-report")) }
                a class="button" href={ "/" (l) "/help" } { (lang.t("help-title")) }
            }
            @if let Some(next) = PAGES.get(at + 1) {
                p { (lang.t("learn-next")) " " a href={ "/" (l) "/learn/" (next) } { (lang.t(&format!("aw-{next}-title"))) } }
            }
        },
    ))
}

async fn guides_page(State(app): State<AppState>, PageLang(lang): PageLang, PageStaff(s): PageStaff) -> Html<String> {
    staff_page(
        lang,
        &lang.t("guides-title"),
        html! {
            (logout_form(&app, lang, &s))
            h1 { (lang.t("guides-title")) }
            @for g in GUIDES {
                section id=(g) {
                    h2 { (lang.t(&format!("guide-{g}-title"))) }
                    (body(&lang.t(&format!("guide-{g}-body"))))
                }
            }
        },
    )
}

// ----- the leaflet -----

#[derive(Deserialize)]
pub(crate) struct LeafletParams {
    municipality: Option<String>,
}

/// The address the QR code opens: `--public-url` when set, else the host this page was
/// asked for (the person printing it is on the real site).
fn site_url(app: &AppState, lang: Lang, headers: &HeaderMap) -> String {
    let base = match &app.config.public_url {
        Some(u) => u.trim_end_matches('/').to_owned(),
        None => {
            let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost");
            let host: String = host
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | ':' | '-' | '[' | ']'))
                .collect();
            format!("{}://{host}", if app.config.secure_cookies { "https" } else { "http" })
        }
    };
    format!("{base}/{}", lang.code())
}

fn qr_svg(url: &str) -> String {
    qrcode::QrCode::with_error_correction_level(url.as_bytes(), qrcode::EcLevel::M)
        .map(|c| c.render::<qrcode::render::svg::Color>().min_dimensions(160, 160).quiet_zone(true).build())
        .unwrap_or_default()
}

fn local_unit(lang: Lang, p: &LeafletParams) -> Option<String> {
    let m = Gazetteer::albania().municipality(p.municipality.as_deref()?.trim())?;
    let unit = lang.t_args("org-cpu", &[("municipality", m.name.clone().into())]);
    Some(lang.t_args("leaflet-local-unit", &[("unit", unit.into())]))
}

pub fn qr_for(url: &str) -> String {
    qr_svg(url)
}

async fn leaflet_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    headers: HeaderMap,
    Query(p): Query<LeafletParams>,
) -> Html<String> {
    let l = lang.code();
    let url = site_url(&app, lang, &headers);
    let unit = local_unit(lang, &p);
    page(
        lang,
        &lang.t("leaflet-title"),
        html! {
            article class="leaflet" {
                h1 { (lang.t("leaflet-title")) }
                p class="lead" { (lang.t("leaflet-tagline")) }
                ul class="points" { @for i in 1..=5 { li { (lang.t(&format!("leaflet-point{i}"))) } } }
                p class="helpline" { strong { (lang.t("leaflet-helpline")) } }
                div class="qr" role="img" aria-label=(lang.t("leaflet-scan")) { (PreEscaped(qr_svg(&url))) }
                p { (lang.t("leaflet-scan")) br; span class="url" { (url) } }
                @if let Some(u) = &unit { p { strong { (u) } } }
                p class="small" { (lang.t("leaflet-footer")) }
            }
            div class="no-print actions" {
                a class="button primary" href={ "/" (l) "/leaflet.pdf" (p.municipality.as_ref().map(|m| format!("?municipality={}", urlencode(m))).unwrap_or_default()) } { (lang.t("leaflet-download")) }
                p class="small" { (lang.t("leaflet-print-hint")) }
            }
        },
    )
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

async fn leaflet_pdf(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    headers: HeaderMap,
    Query(p): Query<LeafletParams>,
) -> Response {
    let url = site_url(&app, lang, &headers);
    let mut lines: Vec<(f32, bool, String)> =
        vec![(20.0, true, lang.t("leaflet-title")), (12.0, false, lang.t("leaflet-tagline"))];
    for i in 1..=5 {
        lines.push((11.0, false, format!("• {}", lang.t(&format!("leaflet-point{i}")))));
    }
    lines.push((13.0, true, lang.t("leaflet-helpline")));
    let unit = local_unit(lang, &p);
    let code = qrcode::QrCode::with_error_correction_level(url.as_bytes(), qrcode::EcLevel::M).ok();
    let pdf = crate::parts::pdf::leaflet(
        &lines,
        code.as_ref(),
        &lang.t("leaflet-scan"),
        &url,
        unit.as_deref(),
        &lang.t("leaflet-footer"),
    );
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"zeri-leaflet-{}.pdf\"", lang.code())),
        ],
        pdf,
    )
        .into_response()
}
