//! Finding help: the directory in memory (rebuilt from the database when its version
//! changes), "find help" for children (`/sq/help`), nearest-first search
//! (`GET /api/v1/services`), and the coverage gaps (`/sq/coverage`) for staff.
//!
//! The child's search is a POST and is never stored or logged: the place a child types
//! can say where they live.

use crate::base::auth::PageStaff;
use crate::base::chrome::logout_form;
use crate::base::error::ApiError;
use crate::base::error::PageError;
use crate::base::extract::ApiLang;
use crate::base::extract::PageForm;
use crate::base::extract::PageLang;
use crate::base::layout::page;
use crate::base::layout::staff_page;
use crate::parts::i18n::label;
use crate::parts::i18n::Lang;
use crate::AppState;
use axum::extract::{Query as UrlQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::Json;
use maud::{html, Markup};
use serde::{Deserialize, Serialize};
use zeri_domain::directory::{point_of, Coverage, Directory, Hit, Point, Query, Service, ServiceKind};
use zeri_domain::{authorize, Action, Gazetteer, Relation};

// ----- search -----

/// What a search asks, from the form or the API, before it is understood.
#[derive(Deserialize, Default)]
pub struct SearchInput {
    place: Option<String>,
    lat: Option<String>,
    lon: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    free: Option<String>,
    remote: Option<String>,
    danger: Option<String>,
    /// Which ten of the in-person services, nearest first: 1 for the nearest ten.
    page: Option<String>,
}

/// In-person services on a page of results.
pub const PAGE_SIZE: usize = 10;
/// No more pages than this: 200 services around a point is far enough.
const MAX_PAGE: usize = 20;

fn yes(v: &Option<String>) -> bool {
    matches!(v.as_deref(), Some("true" | "on" | "1" | "yes"))
}

pub struct Search<'a> {
    pub point: Option<Point>,
    /// The page of in-person services (from 1), and whether farther ones follow.
    pub page: usize,
    pub more: bool,
    pub nearby: Vec<Hit<'a>>,
    pub remote: Vec<&'a Service>,
    pub danger: bool,
}

pub(crate) enum SearchError {
    UnknownPlace,
    AmbiguousPlace(Vec<String>),
    BadCoordinates,
    UnknownKind,
}

pub(crate) fn search<'a>(d: &'a Directory, input: &SearchInput) -> Result<Search<'a>, SearchError> {
    let kind = match input.kind.as_deref().filter(|k| !k.is_empty()) {
        Some(k) => Some(ServiceKind::parse(k).ok_or(SearchError::UnknownKind)?),
        None => None,
    };
    let point = match (input.lat.as_deref(), input.lon.as_deref()) {
        (Some(lat), Some(lon)) if !lat.is_empty() && !lon.is_empty() => {
            let (lat, lon) = (lat.trim().parse::<f64>(), lon.trim().parse::<f64>());
            match (lat, lon) {
                (Ok(lat), Ok(lon)) => Some(Point::new(lat, lon).ok_or(SearchError::BadCoordinates)?),
                _ => return Err(SearchError::BadCoordinates),
            }
        }
        _ => match input.place.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
            Some(place) => {
                let g = Gazetteer::albania();
                if let zeri_domain::Resolved::Ambiguous(options) = g.resolve(place) {
                    return Err(SearchError::AmbiguousPlace(options));
                }
                Some(point_of(g, place).ok_or(SearchError::UnknownPlace)?)
            }
            None => None,
        },
    };
    let q = Query { kind, free_only: yes(&input.free), remote_only: false };
    let page = input.page.as_deref().and_then(|p| p.trim().parse::<usize>().ok()).unwrap_or(1).clamp(1, MAX_PAGE);
    // One past the page, to know whether farther services follow.
    let mut nearby = match (point, yes(&input.remote)) {
        (Some(p), false) => d.nearest(p, &q, page * PAGE_SIZE + 1),
        _ => Vec::new(),
    };
    let more = nearby.len() > page * PAGE_SIZE && page < MAX_PAGE;
    nearby.truncate(page * PAGE_SIZE);
    let nearby: Vec<Hit> = nearby.into_iter().skip((page - 1) * PAGE_SIZE).collect();
    // Remote services of the kind asked for, and the helplines whatever the kind: a child
    // anywhere can always reach someone.
    let mut remote: Vec<&Service> = d
        .remote(&Query { kind: None, ..q.clone() })
        .into_iter()
        .filter(|s| kind.is_none_or(|k| s.kinds.contains(&k)) || s.kinds.contains(&ServiceKind::Helpline))
        .collect();
    // A child in danger sees the helplines and police first.
    if yes(&input.danger) {
        remote.sort_by_key(|s| {
            (!s.kinds.contains(&ServiceKind::Helpline), !s.kinds.contains(&ServiceKind::Police), s.demo, s.name.clone())
        });
    }
    Ok(Search { point, page, more, nearby, remote, danger: yes(&input.danger) })
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ServiceView {
    id: String,
    name: String,
    alternate_name: Option<String>,
    organization: String,
    kinds: Vec<String>,
    channels: Vec<String>,
    free: bool,
    phone: Option<String>,
    email: Option<String>,
    url: Option<String>,
    hours: Option<String>,
    municipality: Option<String>,
    address: Option<String>,
    latitude: Option<f64>,
    longitude: Option<f64>,
    /// Kilometres from the point searched (in-person services).
    distance_km: Option<f64>,
    last_checked: Option<String>,
    /// Set only when an administrator verified the details.
    verified_on: Option<String>,
    demo: bool,
}

fn view(s: &Service, km: Option<f64>) -> ServiceView {
    ServiceView {
        id: s.id.clone(),
        name: s.name.clone(),
        alternate_name: s.alternate_name.clone(),
        organization: s.organization_name.clone(),
        kinds: s.kinds.iter().map(|k| k.as_str().to_owned()).collect(),
        channels: s.channels.iter().map(|c| c.as_str().to_owned()).collect(),
        free: s.free,
        phone: s.phone.clone(),
        email: s.email.clone(),
        url: s.url.clone(),
        hours: s.hours.clone(),
        municipality: s.municipality.clone(),
        address: s.address.clone(),
        latitude: s.location.map(|p| p.lat),
        longitude: s.location.map(|p| p.lon),
        distance_km: km.map(|k| (k * 10.0).round() / 10.0),
        last_checked: s.last_checked.clone(),
        verified_on: s.verified.as_ref().map(|v| v.on.clone()),
        demo: s.demo,
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct SearchResult {
    /// The point searched from, when a place or coordinates were given.
    latitude: Option<f64>,
    longitude: Option<f64>,
    /// In-person services, nearest first.
    nearby: Vec<ServiceView>,
    /// Services reachable by phone or online: always listed, wherever the child is.
    remote: Vec<ServiceView>,
}

/// Services nearest first, with distance; remote services always listed.
#[utoipa::path(get, path = "/api/v1/services", tag = "directory",
    params(
        ("lat" = Option<f64>, Query), ("lon" = Option<f64>, Query),
        ("place" = Option<String>, Query, description = "A town, village or municipality (diacritics optional)"),
        ("type" = Option<String>, Query, description = "helpline, reporting, psychological, social, legal, medical, police, forensic_interview, coordination"),
        ("remote" = Option<bool>, Query, description = "Only services delivered by phone or online"),
        ("page" = Option<u32>, Query, description = "Ten in-person services a page, nearest first; 1 for the nearest ten"),
        ("free" = Option<bool>, Query), ("danger" = Option<bool>, Query, description = "Helplines and police first")),
    responses((status = 200, body = SearchResult), (status = 422)))]
pub async fn services_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    UrlQuery(input): UrlQuery<SearchInput>,
) -> Result<Json<SearchResult>, ApiError> {
    let d = app.directory();
    let s = search(&d, &input).map_err(|e| search_error(lang, e))?;
    Ok(Json(SearchResult {
        latitude: s.point.map(|p| p.lat),
        longitude: s.point.map(|p| p.lon),
        nearby: s.nearby.iter().map(|h| view(h.service, h.km)).collect(),
        remote: s.remote.iter().map(|s| view(s, None)).collect(),
    }))
}

fn search_error(lang: Lang, e: SearchError) -> ApiError {
    let (field, code, options) = match e {
        SearchError::UnknownPlace => ("place", "unknown-place", vec![]),
        SearchError::AmbiguousPlace(o) => ("place", "ambiguous-place", o),
        SearchError::BadCoordinates => ("lat", "invalid-coordinates", vec![]),
        SearchError::UnknownKind => ("type", "unknown-choice", vec![]),
    };
    let mut err = zeri_domain::FieldError::new(code);
    err.options = options;
    ApiError::validation(lang, &zeri_domain::FieldErrors::from([(field, err)]))
}

// ----- pages -----

fn kind_options(lang: Lang, selected: Option<&str>) -> Markup {
    html! {
        option value="" { (lang.t("help-any-kind")) }
        @for k in ServiceKind::ALL {
            option value=(k.as_str()) selected[selected == Some(k.as_str())] { (label(lang, "kind", k.as_str())) }
        }
    }
}

/// The search form, filled with what was asked. The list of places (the heaviest part of
/// the page) comes with the empty form and after an error, not above the results.
fn help_form(lang: Lang, input: &SearchInput, error: Option<String>, places: bool) -> Markup {
    html! {
        form method="post" action={ "/" (lang.code()) "/help" } class="help-search" {
            @if let Some(e) = &error { p class="field-error" role="alert" { (e) } }
            label for="place" { (lang.t("help-where")) small { (lang.t("help-where-hint")) } }
            input type="text" id="place" name="place" list=[places.then_some("places")] autocomplete="off" maxlength="120"
                value=(input.place.as_deref().unwrap_or(""));
            @if places { datalist id="places" { @for l in Gazetteer::albania().labels() { option value=(l) {} } } }
            input type="hidden" name="lat" value="";
            input type="hidden" name="lon" value="";
            p { button type="button" data-geolocate hidden { (lang.t("help-use-location")) } }
            label for="type" { (lang.t("help-kind")) }
            select id="type" name="type" { (kind_options(lang, input.kind.as_deref())) }
            label class="choice" { input type="checkbox" name="free" value="true" checked[yes(&input.free)]; span { (lang.t("help-free-only")) } }
            label class="choice" { input type="checkbox" name="danger" value="true" checked[yes(&input.danger)]; span { (lang.t("help-in-danger")) } }
            p { button class="primary" type="submit" { (lang.t("help-search")) } }
            p class="small" { (lang.t("help-private")) " " (lang.t("geonames-credit")) }
        }
    }
}

pub(crate) async fn help_page(PageLang(lang): PageLang) -> Html<String> {
    page(
        lang,
        &lang.t("help-title"),
        html! {
            h1 { (lang.t("help-title")) }
            p class="lead" { (lang.t("help-lead")) }
            (help_form(lang, &SearchInput::default(), None, true))
        },
    )
}

fn service_card(lang: Lang, s: &Service, km: Option<f64>) -> Markup {
    let l = lang.code();
    html! {
        li class="service" {
            h3 {
                (s.name)
                @if s.demo { " " span class="badge demo" { (lang.t("demo-marker")) } }
            }
            @if l == "en" { @if let Some(en) = &s.alternate_name { p class="meta" { (en) } } }
            p {
                @if let Some(k) = km { strong { (lang.t_args("help-distance", &[("km", format!("{:.0}", k.max(1.0)).into())])) } " · " }
                @for (i, k) in s.kinds.iter().enumerate() { @if i > 0 { ", " } (label(lang, "kind", k.as_str())) }
                @if s.free { " · " span class="badge free" { (lang.t("help-free")) } }
            }
            @if let Some(phone) = &s.phone {
                p { a href={ "tel:" (phone.replace(' ', "")) } { (phone) } @if let Some(h) = &s.hours { " · " (hours(lang, h)) } }
            } @else if !s.remote() {
                // Met in person with no number of its own: the helpline puts the child through.
                p class="reach" {
                    (lang.t_args("help-reach-through-alo", &[("service", s.name.clone().into())])) " "
                    a href="tel:116111" { strong { (lang.t("help-call-alo")) } }
                }
            }
            @if let Some(url) = &s.url { p { a href=(url) rel="noreferrer noopener" { (url) } } }
            // Where a remote service sits says nothing to a child who calls it.
            @if let (Some(m), false) = (&s.municipality, s.remote()) { p class="meta" { (s.address.as_deref().unwrap_or("")) " " (m) } }
            p class="meta" {
                @match (&s.verified, &s.last_checked) {
                    (Some(v), _) => { (lang.t_args("help-verified", &[("date", v.on.clone().into())])) }
                    (None, Some(d)) => { (lang.t_args("help-last-checked", &[("date", d.clone().into())])) }
                    (None, None) => { (lang.t("help-not-checked")) }
                }
            }
        }
    }
}

/// Opening hours in the page's language when they read as days and times; as written
/// (in Albanian, and marked so) when they do not.
fn hours(lang: Lang, text: &str) -> Markup {
    let Some(spans) = zeri_domain::opening::read(text) else {
        return html! { span lang="sq" { (text) } };
    };
    let day = |d: usize| lang.t(&format!("day-{}", zeri_domain::opening::DAYS[d]));
    let clock = |(h, m): (u8, u8)| format!("{h:02}:{m:02}");
    let words: Vec<String> = spans
        .iter()
        .map(|o| {
            if o.always() {
                return lang.t("hours-always");
            }
            let days = if o.first_day == o.last_day {
                day(o.first_day)
            } else {
                format!("{}–{}", day(o.first_day), day(o.last_day))
            };
            format!("{days} {}–{}", clock(o.from), clock(o.to))
        })
        .collect();
    let text = words.join(", ");
    let mut chars = text.chars();
    let text: String = chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default();
    html! { (text) }
}

/// A button to another page of results: the search again, as a form post, so the place
/// stays out of the address bar.
fn page_button(lang: Lang, input: &SearchInput, page: usize, text: String) -> Markup {
    let keep = |v: &Option<String>| v.clone().unwrap_or_default();
    html! {
        form method="post" action={ "/" (lang.code()) "/help" } class="inline" {
            @for (name, value) in [("place", keep(&input.place)), ("lat", keep(&input.lat)), ("lon", keep(&input.lon)),
                ("type", keep(&input.kind)), ("free", keep(&input.free)), ("danger", keep(&input.danger))] {
                @if !value.is_empty() { input type="hidden" name=(name) value=(value); }
            }
            input type="hidden" name="page" value=(page);
            button type="submit" { (text) }
        }
    }
}

pub(crate) async fn help_results(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageForm(input): PageForm<SearchInput>,
) -> Response {
    let d = app.directory();
    let result = search(&d, &input);
    let s = match result {
        Ok(s) => s,
        Err(e) => {
            let msg = match e {
                SearchError::UnknownPlace => lang.t("field-error-unknown-place"),
                SearchError::AmbiguousPlace(o) => {
                    lang.t_args("field-error-ambiguous-place", &[("options", o.join(", ").into())])
                }
                SearchError::BadCoordinates => lang.t("field-error-invalid-coordinates"),
                SearchError::UnknownKind => lang.t("field-error-unknown-choice"),
            };
            let body = html! { h1 { (lang.t("help-title")) } (help_form(lang, &input, Some(msg), true)) };
            return (StatusCode::UNPROCESSABLE_ENTITY, page(lang, &lang.t("help-title"), body)).into_response();
        }
    };
    page(
        lang,
        &lang.t("help-title"),
        html! {
            h1 { (lang.t("help-title")) }
            @if s.danger {
                section class="error-summary" role="alert" {
                    h2 { (lang.t("help-danger-title")) }
                    p { a href="tel:112" { strong { "112" } } " — " (lang.t("help-emergency")) }
                    p { a href="tel:129" { strong { "129" } } " — " (lang.t("help-police")) }
                    p { a href="tel:116111" { strong { "ALO 116 111" } } " — " (lang.t("help-alo")) }
                }
            }
            @match input.place.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
                Some(place) => { p class="lead" { (lang.t_args("help-results-for", &[("place", place.to_owned().into())])) } }
                None => @if s.point.is_some() { p class="lead" { (lang.t("help-results-here")) } },
            }
            (help_form(lang, &input, None, false))
            @if s.point.is_some() {
                h2 { (lang.t("help-nearby")) }
                @if s.nearby.is_empty() && s.page == 1 { p { (lang.t("help-none-nearby")) } }
                @if s.page > 1 {
                    p class="hint" { (lang.t_args("help-page-of", &[("from", ((s.page - 1) * PAGE_SIZE + 1).into()), ("to", ((s.page - 1) * PAGE_SIZE + s.nearby.len()).into())])) }
                }
                ul class="services" { @for h in &s.nearby { (service_card(lang, h.service, h.km)) } }
                @if s.more || s.page > 1 {
                    div class="paging" {
                        @if s.page > 1 { (page_button(lang, &input, 1, lang.t("help-nearest"))) " " }
                        @if s.more { (page_button(lang, &input, s.page + 1, lang.t("help-more"))) }
                    }
                }
            }
            h2 { (lang.t("help-remote")) }
            p class="hint" { (lang.t("help-remote-hint")) }
            ul class="services" { @for r in &s.remote { (service_card(lang, r, None)) } }
        },
    )
    .into_response()
}

// ----- coverage -----

/// Colour of a distance on the gap map (and its legend key).
fn band(km: Option<f64>) -> (&'static str, &'static str) {
    match km {
        Some(k) if k <= 10.0 => ("#1a7f37", "coverage-band-near"),
        Some(k) if k <= 30.0 => ("#9a6700", "coverage-band-30"),
        Some(k) if k <= 60.0 => ("#bc4c00", "coverage-band-60"),
        Some(_) => ("#a40e26", "coverage-band-far"),
        None => ("#24292f", "coverage-band-none"),
    }
}

/// Albania's municipality points on an SVG, coloured by distance to the nearest service
/// of one kind. Equirectangular at Albania's latitude: faithful enough for 340 km.
fn coverage_map(lang: Lang, rows: &[Coverage], kind: ServiceKind) -> Markup {
    let (lat0, lat1, lon0, lon1) = (39.55, 42.75, 19.1, 21.15);
    let k = (41.2f64).to_radians().cos();
    let (w, h) = (((lon1 - lon0) * k * 200.0), ((lat1 - lat0) * 200.0));
    let x = |lon: f64| (lon - lon0) * k * 200.0;
    let y = |lat: f64| (lat1 - lat) * 200.0;
    let title = lang.t_args("coverage-map-title", &[("kind", label(lang, "kind", kind.as_str()).into())]);
    html! {
        svg class="coverage-map" viewBox={ "0 0 " (format!("{w:.0}")) " " (format!("{h:.0}")) } role="img" aria-label=(title) xmlns="http://www.w3.org/2000/svg" {
            title { (title) }
            rect x="0" y="0" width=(format!("{w:.0}")) height=(format!("{h:.0}")) fill="#eef3f8" {}
            @for r in rows {
                @let km = r.nearest[&kind];
                @let (colour, _) = band(km);
                circle cx=(format!("{:.1}", x(r.point.lon))) cy=(format!("{:.1}", y(r.point.lat))) r="7" fill=(colour) stroke="#fff" stroke-width="1.5" {
                    title { (r.municipality) ": " (km.map(|k| format!("{k:.0} km")).unwrap_or_else(|| lang.t("coverage-none"))) }
                }
            }
        }
    }
}

#[derive(Deserialize)]
pub(crate) struct CoverageParams {
    kind: Option<String>,
    sort: Option<String>,
}

pub(crate) async fn coverage_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    UrlQuery(params): UrlQuery<CoverageParams>,
) -> Result<Html<String>, PageError> {
    if !authorize(s.user.role, Relation::None, false, Action::ViewCoverage).allowed() {
        return Err(PageError::new(StatusCode::FORBIDDEN, lang, "forbidden"));
    }
    let l = lang.code();
    let kind = params.kind.as_deref().and_then(ServiceKind::parse).unwrap_or(ServiceKind::Psychological);
    let mut rows = app.directory().coverage(Gazetteer::albania());
    let sort_kind = params.sort.as_deref().and_then(ServiceKind::parse);
    match sort_kind {
        // Farthest first: where help is missing comes to the top.
        Some(k) => rows.sort_by(|a, b| {
            let key = |c: &Coverage| c.nearest[&k].unwrap_or(f64::INFINITY);
            key(b).partial_cmp(&key(a)).unwrap_or(std::cmp::Ordering::Equal).then(a.municipality.cmp(&b.municipality))
        }),
        None => rows.sort_by(|a, b| a.municipality.cmp(&b.municipality)),
    }
    let without: usize = rows.iter().filter(|r| r.nearest[&kind].is_none_or(|k| k > 30.0)).count();
    Ok(staff_page(
        lang,
        &lang.t("coverage-title"),
        html! {
            (logout_form(&app, lang, &s))
            h1 { (lang.t("coverage-title")) }
            p { (lang.t("coverage-lead")) }
            form method="get" action={ "/" (l) "/coverage" } {
                label for="kind" { (lang.t("help-kind")) }
                select id="kind" name="kind" { @for k in ServiceKind::ALL { option value=(k.as_str()) selected[*k == kind] { (label(lang, "kind", k.as_str())) } } }
                p { button type="submit" { (lang.t("coverage-show")) } }
            }
            p { strong { (lang.t_args("coverage-summary", &[("count", without.into()), ("kind", label(lang, "kind", kind.as_str()).into())])) } }
            (coverage_map(lang, &rows, kind))
            ul class="legend" {
                @for km in [Some(5.0), Some(20.0), Some(45.0), Some(90.0), None] {
                    @let (colour, key) = band(km);
                    li { svg width="14" height="14" aria-hidden="true" { circle cx="7" cy="7" r="6" fill=(colour) {} } " " (lang.t(key)) }
                }
            }
            p { a class="button" href={ "/" (l) "/coverage.csv" } download { (lang.t("coverage-csv")) } }
            div class="scroll" { table class="coverage" {
                thead { tr {
                    th { a href={ "/" (l) "/coverage?kind=" (kind.as_str()) } { (lang.t("staff-col-municipality")) } }
                    @for k in ServiceKind::ALL {
                        th { a href={ "/" (l) "/coverage?kind=" (kind.as_str()) "&sort=" (k.as_str()) } aria-sort=[(sort_kind == Some(*k)).then_some("descending")] { (label(lang, "kind", k.as_str())) } }
                    }
                } }
                tbody { @for r in &rows {
                    tr {
                        th scope="row" { (r.municipality) }
                        @for k in ServiceKind::ALL {
                            @let km = r.nearest[k];
                            td class=(band(km).1) { (km.map(|k| format!("{k:.0}")).unwrap_or_else(|| "—".into())) }
                        }
                    }
                } }
            } }
            p class="small" { (lang.t("coverage-note")) " " (lang.t("geonames-credit")) }
        },
    ))
}

pub(crate) async fn coverage_csv(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
) -> Result<Response, PageError> {
    if !authorize(s.user.role, Relation::None, false, Action::ViewCoverage).allowed() {
        return Err(PageError::new(StatusCode::FORBIDDEN, lang, "forbidden"));
    }
    let rows = app.directory().coverage(Gazetteer::albania());
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["municipality".to_owned(), "county".to_owned(), "lat".to_owned(), "lon".to_owned()];
    header.extend(ServiceKind::ALL.iter().map(|k| format!("km_to_{}", k.as_str())));
    w.write_record(&header).map_err(|e| PageError::internal(lang, e))?;
    for r in &rows {
        let mut rec = vec![r.municipality.clone(), r.county.clone(), r.point.lat.to_string(), r.point.lon.to_string()];
        rec.extend(ServiceKind::ALL.iter().map(|k| r.nearest[k].map(|v| format!("{v:.1}")).unwrap_or_default()));
        w.write_record(&rec).map_err(|e| PageError::internal(lang, e))?;
    }
    let bytes = w.into_inner().map_err(|e| PageError::internal(lang, e))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"zeri-coverage.csv\""),
        ],
        bytes,
    )
        .into_response())
}
