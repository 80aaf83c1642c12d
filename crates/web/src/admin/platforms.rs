//! Platforms that pull shared hashes (`/{lang}/staff/admin/platforms`,
//! `/api/v1/admin/platforms…`): administrators register one (name, contact) and get its
//! API token once (only a keyed digest is kept), and revoke it. Every change is audited.

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
use crate::parts::format::datetime;
use crate::parts::format::machine_time;
use crate::parts::i18n::Lang;
use crate::service::sharing::{add_platform, allowed, platform_fields, platforms, revoke_platform, PlatformView};
use crate::App;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Json;
use maud::{html, Markup};
use serde::Serialize;
use std::collections::BTreeMap;
use zeri_storage::PlatformRow;

async fn render(
    app: &App,
    lang: Lang,
    s: &Staff,
    notice: Option<Markup>,
    errors: BTreeMap<String, String>,
) -> Result<Html<String>, PageError> {
    let list = platforms(app, &s.user).await.map_err(|f| f.page(lang))?;
    let csrf = csrf_token(app, &s.token);
    let l = lang.code();
    let heads = ["platforms-name", "platforms-contact", "platforms-added", "platforms-last-pull", ""];
    Ok(listing::page(
        app,
        lang,
        s,
        &lang.t("platforms-title"),
        None,
        html! {
            p { (lang.t("platforms-hint")) }
            (listing::outcome(lang, notice, &errors, "platforms-field-"))
            (listing::table(lang, &heads, html! { @for p in &list {
                @let revoke = format!("/{l}/staff/admin/platforms/{}/revoke", p.row.id);
                tr class=[p.row.revoked_at.is_some().then_some("disabled")] {
                    td { (p.row.name) }
                    td { (p.contact) }
                    td { (datetime(p.row.created_at)) }
                    td { (p.row.last_pull_at.map(datetime).unwrap_or_else(|| "—".into())) }
                    td { (listing::revoked_or(lang, p.row.revoked_at, "platforms-revoked",
                        listing::row_button(&revoke, &csrf, &lang.t("platforms-revoke")))) }
                }
            } }))
            h2 { (lang.t("platforms-add")) }
            form method="post" action={ "/" (l) "/staff/admin/platforms" } {
                input type="hidden" name="csrf" value=(csrf);
                label for="platform-name" { (lang.t("platforms-name")) }
                input type="text" id="platform-name" name="name" maxlength="100" required;
                label for="platform-contact" { (lang.t("platforms-contact")) small { (lang.t("platforms-contact-hint")) } }
                input type="text" id="platform-contact" name="contact" maxlength="200" required;
                p { button class="primary" type="submit" { (lang.t("platforms-add-button")) } }
            }
        },
    ))
}

pub(crate) async fn list_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
) -> Result<Html<String>, PageError> {
    render(&app, lang, &s, None, BTreeMap::new()).await
}

pub(crate) async fn add_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    PageForm(form): PageForm<BTreeMap<String, String>>,
) -> Result<Response, PageError> {
    require_csrf(&app, lang, &s, form.get("csrf").map(String::as_str))?;
    let field = |k: &str| form.get(k).map(String::as_str);
    match add_platform(&app, &s.user, field("name"), field("contact")).await {
        Ok((row, token)) => {
            let notice = html! {
                p { (lang.t_args("platforms-created", &[("name", row.name.clone().into())])) }
                p { (lang.t("platforms-token-once")) br; code class="secret" { (token) } }
            };
            Ok(render(&app, lang, &s, Some(notice), BTreeMap::new()).await?.into_response())
        }
        Err(f) => Ok(refused_page(render(&app, lang, &s, None, f.refused(lang)?).await?)),
    }
}

pub(crate) async fn revoke_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Path(id): Path<String>,
    PageForm(form): PageForm<BTreeMap<String, String>>,
) -> Result<Response, PageError> {
    require_csrf(&app, lang, &s, form.get("csrf").map(String::as_str))?;
    revoke_platform(&app, &s.user, &id).await.map_err(|f| f.page(lang))?;
    Ok(Redirect::to(&format!("/{}/staff/admin/platforms", lang.code())).into_response())
}

// ----- API -----

#[derive(Serialize, utoipa::ToSchema)]
pub struct Platform {
    id: String,
    name: String,
    contact: String,
    /// RFC 3339, UTC.
    created_at: String,
    revoked_at: Option<String>,
    last_pull_at: Option<String>,
    /// The highest sequence number it has pulled.
    delivered_seq: i64,
}

fn platform(row: &PlatformRow, contact: String) -> Platform {
    Platform {
        id: row.id.clone(),
        name: row.name.clone(),
        contact,
        created_at: machine_time(row.created_at),
        revoked_at: row.revoked_at.map(machine_time),
        last_pull_at: row.last_pull_at.map(machine_time),
        delivered_seq: row.delivered_seq,
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CreatedPlatform {
    #[serde(flatten)]
    platform: Platform,
    /// Shown once: give it to the platform. Only a keyed digest of it is kept.
    token: String,
}

/// Platforms that pull shared hashes (administrators only).
#[utoipa::path(get, path = "/api/v1/admin/platforms", tag = "admin", operation_id = "list_platforms",
    responses((status = 200, body = [Platform]), (status = 401), (status = 403)), security(("bearer" = [])))]
pub async fn list_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
) -> Result<Json<Vec<Platform>>, ApiError> {
    let list = platforms(&app, &s.user).await.map_err(|f| f.api(lang))?;
    Ok(Json(list.into_iter().map(|PlatformView { row, contact }| platform(&row, contact)).collect()))
}

/// Register a platform (`name`, `contact`); its API token is answered once.
#[utoipa::path(post, path = "/api/v1/admin/platforms", tag = "admin", operation_id = "add_platform",
    request_body(content = PlatformBody, content_type = "application/json"),
    responses((status = 201, body = CreatedPlatform), (status = 400), (status = 401), (status = 403), (status = 415), (status = 422)),
    security(("bearer" = [])))]
pub async fn add_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
    body: JsonObject,
) -> Result<(StatusCode, Json<CreatedPlatform>), ApiError> {
    // Who may comes before what is wrong with the body.
    allowed(&s.user, zeri_domain::Action::ManagePlatforms).map_err(|f| f.api(lang))?;
    let mut f = JsonFields::new(body, &["name", "contact"]);
    let (name, contact) = (f.text("name"), f.text("contact"));
    let checked = platform_fields(name.as_deref(), contact.as_deref()).err();
    if let Some(e) = f.finish(lang, checked.as_ref()) {
        return Err(e);
    }
    let (row, token) =
        add_platform(&app, &s.user, name.as_deref(), contact.as_deref()).await.map_err(|f| f.api(lang))?;
    let contact = contact.unwrap_or_default().trim().to_owned();
    Ok((StatusCode::CREATED, Json(CreatedPlatform { platform: platform(&row, contact), token })))
}

/// Revoke a platform's token: its next request gets 401.
#[utoipa::path(post, path = "/api/v1/admin/platforms/{id}/revoke", tag = "admin", operation_id = "revoke_platform",
    params(("id" = String, Path)),
    responses((status = 204), (status = 401), (status = 403), (status = 404)), security(("bearer" = [])))]
pub async fn revoke_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    revoke_platform(&app, &s.user, &id).await.map_err(|f| f.api(lang))?;
    Ok(StatusCode::NO_CONTENT)
}

crate::base::schema::request_body!(
    /// `POST /api/v1/admin/platforms`.
    PlatformBody => body("A platform that will pull shared hashes",
        vec![
            ("name", text("Its name, 2 to 100 characters, unique"), true),
            ("contact", text("Who to reach there about hash sharing (sealed at rest)"), true),
        ],
        serde_json::json!({"name": "Example Social", "contact": "trust-safety@example.com"}))
);
