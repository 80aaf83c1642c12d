//! The hosts and platforms table (`/{lang}/staff/admin/hosts`, `/api/v1/admin/hosts`):
//! administrators keep who runs which domains and address ranges, their abuse contact, and
//! the platforms where the hotline is a trusted flagger with the channel for its reports.
//! The hotline's notices go to these entries (`service::hosting::host_for`). Every change is
//! audited; validation is `zeri_domain::hosting::HostForm`.

use crate::base::auth::csrf_token;
use crate::base::auth::require_csrf;
use crate::base::auth::ApiStaff;
use crate::base::auth::PageStaff;
use crate::base::auth::Staff;
use crate::base::error::refused_page;
use crate::base::error::ApiError;
use crate::base::error::FormFail;
use crate::base::error::PageError;
use crate::base::extract::ApiLang;
use crate::base::extract::JsonFields;
use crate::base::extract::JsonObject;
use crate::base::extract::PageForm;
use crate::base::extract::PageLang;
use crate::base::listing;
use crate::parts::i18n::Lang;
use crate::service::hosting::{add_host, change_host, host, hosts, remove_host, HostEntry};
use crate::App;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Json;
use maud::{html, Markup};
use serde::Serialize;
use std::collections::BTreeMap;
use zeri_domain::hosting::{limits, Host, HostForm, HostKind};

// ----- pages -----

/// What the form shows: an entry's values, or what was sent with its errors.
fn values(h: &Host) -> BTreeMap<String, String> {
    let mut v = BTreeMap::new();
    v.insert("name".into(), h.name.clone());
    v.insert("kind".into(), h.kind.as_str().into());
    v.insert("country".into(), h.country.clone().unwrap_or_default());
    v.insert("abuse_email".into(), h.abuse_email.clone().unwrap_or_default());
    v.insert("domains".into(), h.domains.join("\n"));
    v.insert("ranges".into(), h.ranges.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"));
    v.insert("trusted_flagger".into(), if h.trusted_flagger { "on".into() } else { String::new() });
    v.insert("channel".into(), h.channel.clone().unwrap_or_default());
    v.insert("notes".into(), h.notes.clone().unwrap_or_default());
    v
}

fn form_of(f: &BTreeMap<String, String>) -> HostForm {
    HostForm::from_fields(|k| f.get(k).cloned())
}

fn label_of(lang: Lang, field: &str) -> String {
    lang.t(&format!("hosts-field-{}", field.replace('_', "-")))
}

fn host_form(
    app: &App,
    lang: Lang,
    s: &Staff,
    action: &str,
    v: &BTreeMap<String, String>,
    errors: &BTreeMap<String, String>,
) -> Markup {
    let get = |k: &str| v.get(k).map(String::as_str).unwrap_or("");
    let error = |k: &str| html! { @if let Some(e) = errors.get(k) { p class="field-error" id={ "error-" (k) } role="alert" { (e) } } };
    let line = |k: &str, max: usize, kind: &str| {
        html! {
            label for={ "host-" (k) } { (label_of(lang, k)) }
            (error(k))
            input type=(kind) id={ "host-" (k) } name=(k) maxlength=(max) value=(get(k));
        }
    };
    let lines = |k: &str, hint: &str| {
        html! {
            label for={ "host-" (k) } { (label_of(lang, k)) small { (lang.t(hint)) } }
            (error(k))
            textarea id={ "host-" (k) } name=(k) rows="4" { (get(k)) }
        }
    };
    html! {
        @if !errors.is_empty() {
            div class="error-summary" role="alert" {
                p { (lang.t("error-validation")) }
                ul { @for (f, e) in errors { li { a href={ "#host-" (f) } { (label_of(lang, f)) } ": " (e) } } }
            }
        }
        form method="post" action=(action) {
            input type="hidden" name="csrf" value=(csrf_token(app, &s.token));
            (line("name", limits::NAME, "text"))
            label for="host-kind" { (label_of(lang, "kind")) }
            (error("kind"))
            select id="host-kind" name="kind" {
                @for k in HostKind::ALL {
                    option value=(k.as_str()) selected[get("kind") == k.as_str()] { (lang.t(&format!("hosts-kind-{}", k.as_str()))) }
                }
            }
            label for="host-country" { (label_of(lang, "country")) small { (lang.t("hosts-country-hint")) } }
            (error("country"))
            input type="text" id="host-country" name="country" maxlength="2" size="3" value=(get("country"));
            (line("abuse_email", limits::EMAIL, "email"))
            (lines("domains", "hosts-domains-hint"))
            (lines("ranges", "hosts-ranges-hint"))
            (error("trusted_flagger"))
            label class="choice" {
                input type="checkbox" id="host-trusted_flagger" name="trusted_flagger" value="on" checked[!get("trusted_flagger").is_empty()];
                span { (label_of(lang, "trusted_flagger")) }
            }
            label for="host-channel" { (label_of(lang, "channel")) small { (lang.t("hosts-channel-hint")) } }
            (error("channel"))
            input type="text" id="host-channel" name="channel" maxlength=(limits::CHANNEL) value=(get("channel"));
            label for="host-notes" { (label_of(lang, "notes")) }
            (error("notes"))
            textarea id="host-notes" name="notes" rows="3" maxlength=(limits::NOTES) { (get("notes")) }
            p { button class="primary" type="submit" { (lang.t("hosts-save")) } }
        }
    }
}

fn list_view(
    app: &App,
    lang: Lang,
    s: &Staff,
    entries: &[HostEntry],
    v: &BTreeMap<String, String>,
    errors: &BTreeMap<String, String>,
) -> Html<String> {
    let l = lang.code();
    let heads = ["name", "kind", "country", "domains", "ranges", "abuse-email"].map(|k| format!("hosts-field-{k}"));
    listing::page(
        app,
        lang,
        s,
        &lang.t("hosts-title"),
        Some((&format!("/{l}/staff/admin"), &lang.t("admin-title"))),
        html! {
            p { (lang.t("hosts-intro")) }
            @if entries.is_empty() { p { (lang.t("hosts-none")) } } @else {
                (listing::table(lang, &heads, html! { @for e in entries {
                    tr {
                        td {
                            a href={ "/" (l) "/staff/admin/hosts/" (e.id) } { (e.host.name) }
                            @if e.host.trusted_flagger { " " span class="badge" { (lang.t("hosts-trusted-badge")) } }
                        }
                        td { (lang.t(&format!("hosts-kind-{}", e.host.kind.as_str()))) }
                        td { (e.host.country.as_deref().unwrap_or("—")) }
                        td { @for d in &e.host.domains { code { (d) } " " } }
                        td { @for r in &e.host.ranges { code { (r) } " " } }
                        td { (e.host.abuse_email.as_deref().unwrap_or("—")) }
                    }
                } }))
            }
            h2 { (lang.t("hosts-add")) }
            (host_form(app, lang, s, &format!("/{l}/staff/admin/hosts"), v, errors))
        },
    )
}

fn edit_view(
    app: &App,
    lang: Lang,
    s: &Staff,
    e: &HostEntry,
    v: &BTreeMap<String, String>,
    errors: &BTreeMap<String, String>,
) -> Html<String> {
    let l = lang.code();
    let base = format!("/{l}/staff/admin/hosts/{}", e.id);
    listing::page(
        app,
        lang,
        s,
        &e.host.name,
        Some((&format!("/{l}/staff/admin/hosts"), &lang.t("hosts-title"))),
        html! {
            (host_form(app, lang, s, &base, v, errors))
            form method="post" action={ (base) "/delete" } {
                input type="hidden" name="csrf" value=(csrf_token(app, &s.token));
                button type="submit" { (lang.t("hosts-delete")) }
            }
        },
    )
}

pub(crate) async fn list_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
) -> Result<Html<String>, PageError> {
    let entries = hosts(&app, &s.user).await.map_err(|f| f.page(lang))?;
    let blank = BTreeMap::from([("kind".to_owned(), HostKind::HostingProvider.as_str().to_owned())]);
    Ok(list_view(&app, lang, &s, &entries, &blank, &BTreeMap::new()))
}

pub(crate) async fn create_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    PageForm(form): PageForm<BTreeMap<String, String>>,
) -> Result<Response, PageError> {
    require_csrf(&app, lang, &s, form.get("csrf").map(String::as_str))?;
    match add_host(&app, &s.user, &form_of(&form)).await {
        Ok(e) => Ok(Redirect::to(&format!("/{}/staff/admin/hosts/{}", lang.code(), e.id)).into_response()),
        Err(f) => {
            let errors = f.refused(lang)?;
            let entries = hosts(&app, &s.user).await.map_err(|f| f.page(lang))?;
            Ok(refused_page(list_view(&app, lang, &s, &entries, &form, &errors)))
        }
    }
}

pub(crate) async fn edit_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Path(id): Path<String>,
) -> Result<Html<String>, PageError> {
    let e = host(&app, &s.user, &id).await.map_err(|f| f.page(lang))?;
    Ok(edit_view(&app, lang, &s, &e, &values(&e.host), &BTreeMap::new()))
}

pub(crate) async fn save_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Path(id): Path<String>,
    PageForm(form): PageForm<BTreeMap<String, String>>,
) -> Result<Response, PageError> {
    require_csrf(&app, lang, &s, form.get("csrf").map(String::as_str))?;
    match change_host(&app, &s.user, &id, &form_of(&form)).await {
        Ok(_) => Ok(Redirect::to(&format!("/{}/staff/admin/hosts", lang.code())).into_response()),
        Err(f) => {
            let errors = f.refused(lang)?;
            let e = host(&app, &s.user, &id).await.map_err(|f| f.page(lang))?;
            Ok(refused_page(edit_view(&app, lang, &s, &e, &form, &errors)))
        }
    }
}

pub(crate) async fn delete_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Path(id): Path<String>,
    PageForm(form): PageForm<BTreeMap<String, String>>,
) -> Result<Response, PageError> {
    require_csrf(&app, lang, &s, form.get("csrf").map(String::as_str))?;
    remove_host(&app, &s.user, &id).await.map_err(|f| f.page(lang))?;
    Ok(Redirect::to(&format!("/{}/staff/admin/hosts", lang.code())).into_response())
}

// ----- API -----

#[derive(Serialize, utoipa::ToSchema)]
pub struct HostDto {
    id: String,
    name: String,
    /// `hosting_provider` or `platform`.
    kind: String,
    country: Option<String>,
    abuse_email: Option<String>,
    domains: Vec<String>,
    ranges: Vec<String>,
    trusted_flagger: bool,
    channel: Option<String>,
    notes: Option<String>,
    created_at: i64,
    updated_at: i64,
}

fn dto(e: HostEntry) -> HostDto {
    HostDto {
        id: e.id,
        name: e.host.name,
        kind: e.host.kind.as_str().to_owned(),
        country: e.host.country,
        abuse_email: e.host.abuse_email,
        domains: e.host.domains,
        ranges: e.host.ranges.iter().map(ToString::to_string).collect(),
        trusted_flagger: e.host.trusted_flagger,
        channel: e.host.channel,
        notes: e.host.notes,
        created_at: e.created_at,
        updated_at: e.updated_at,
    }
}

/// The body's fields as the form's; unknown fields and wrong types are errors.
fn api_form(body: JsonObject, lang: Lang) -> Result<HostForm, ApiError> {
    let mut f = JsonFields::new(body, HostForm::FIELDS);
    let mut v = BTreeMap::new();
    for k in HostForm::FIELDS {
        let value = if *k == "trusted_flagger" { f.flag(k) } else { f.text(k) };
        if let Some(value) = value {
            v.insert((*k).to_owned(), value);
        }
    }
    match f.finish(lang, None) {
        Some(e) => Err(e),
        None => Ok(form_of(&v)),
    }
}

/// The hosts and platforms table, by name (administrators only).
#[utoipa::path(get, path = "/api/v1/admin/hosts", tag = "admin", operation_id = "list_hosts",
    responses((status = 200, body = [HostDto]), (status = 401), (status = 403)), security(("bearer" = [])))]
pub async fn list_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
) -> Result<Json<Vec<HostDto>>, ApiError> {
    let entries = hosts(&app, &s.user).await.map_err(|f| f.api(lang))?;
    Ok(Json(entries.into_iter().map(dto).collect()))
}

/// Add a host or platform (administrators only; audited).
#[utoipa::path(post, path = "/api/v1/admin/hosts", tag = "admin", operation_id = "add_host",
    request_body(content = HostBody, content_type = "application/json"),
    responses((status = 201, body = HostDto), (status = 400), (status = 401), (status = 403), (status = 415), (status = 422)),
    security(("bearer" = [])))]
pub async fn create_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
    body: JsonObject,
) -> Result<(StatusCode, Json<HostDto>), ApiError> {
    let form = api_form(body, lang)?;
    let e = add_host(&app, &s.user, &form).await.map_err(|f| f.api(lang))?;
    Ok((StatusCode::CREATED, Json(dto(e))))
}

/// One entry (administrators only).
#[utoipa::path(get, path = "/api/v1/admin/hosts/{id}", tag = "admin", operation_id = "get_host",
    params(("id" = String, Path)), responses((status = 200, body = HostDto), (status = 401), (status = 403), (status = 404)),
    security(("bearer" = [])))]
pub async fn get_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
    Path(id): Path<String>,
) -> Result<Json<HostDto>, ApiError> {
    Ok(Json(dto(host(&app, &s.user, &id).await.map_err(|f| f.api(lang))?)))
}

/// Replace an entry with the body (a field left out is cleared; administrators only; audited).
#[utoipa::path(put, path = "/api/v1/admin/hosts/{id}", tag = "admin", operation_id = "change_host",
    params(("id" = String, Path)), request_body(content = HostBody, content_type = "application/json"),
    responses((status = 200, body = HostDto), (status = 400), (status = 401), (status = 403), (status = 404), (status = 415), (status = 422)),
    security(("bearer" = [])))]
pub async fn change_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
    Path(id): Path<String>,
    body: JsonObject,
) -> Result<Json<HostDto>, ApiError> {
    let form = api_form(body, lang)?;
    Ok(Json(dto(change_host(&app, &s.user, &id, &form).await.map_err(|f| f.api(lang))?)))
}

/// Remove an entry (administrators only; audited).
#[utoipa::path(delete, path = "/api/v1/admin/hosts/{id}", tag = "admin", operation_id = "remove_host",
    params(("id" = String, Path)), responses((status = 204), (status = 401), (status = 403), (status = 404)),
    security(("bearer" = [])))]
pub async fn remove_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    remove_host(&app, &s.user, &id).await.map_err(|f| f.api(lang))?;
    Ok(StatusCode::NO_CONTENT)
}

crate::base::schema::request_body!(
    /// `POST /api/v1/admin/hosts`, `PUT /api/v1/admin/hosts/{id}`.
    HostBody => {
        use zeri_domain::hosting::HostKind;
        body("A host or platform of the hosts table",
            vec![
                ("name", text("Its name (unique)"), true),
                ("kind", choice("What it is", HostKind::ALL.iter().map(|v| v.as_str())), true),
                ("country", text("ISO 3166-1 alpha-2 code of the country it operates from"), false),
                ("abuse_email", text("Where notices go (this or `channel` is needed)"), false),
                ("domains", text("The domains it covers (each with its subdomains), one per line"), false),
                ("ranges", text("The IP ranges it covers (CIDR), one per line; domains or ranges are needed"), false),
                ("trusted_flagger", flag("The hotline is a trusted flagger there"), false),
                ("channel", text("Where a trusted flagger's reports go: an https address or an e-mail"), false),
                ("notes", text("Notes for the hotline"), false),
            ],
            serde_json::json!({
                "name": "Shqiponja Hosting", "kind": "hosting_provider", "country": "AL",
                "abuse_email": "abuse@shqiponja.example", "domains": "shqiponja.example\ncdn-shqiponja.example",
                "ranges": "192.0.2.0/24\n2001:db8::/32", "trusted_flagger": false,
                "notes": "Abuse desk answers on working days"
            }))
    }
);
