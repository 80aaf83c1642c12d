//! Partner hotlines (`/{lang}/staff/admin/partners`, `/api/v1/admin/partners…`):
//! administrators register one (name, country, endpoint, the key we send with) and get,
//! once, the key it is to send to us with (only a keyed digest is kept); and revoke it.
//! Every change is audited.

use crate::base::auth::{csrf_token, require_csrf, ApiStaff, PageStaff, Staff};
use crate::base::error::{refused_page, ApiError, FormFail, PageError};
use crate::base::extract::{ApiLang, JsonFields, JsonObject, PageForm, PageLang};
use crate::base::listing;
use crate::parts::format::{datetime, machine_time};
use crate::parts::i18n::Lang;
use crate::service::exchange::{add_partner, partners, revoke_partner, PartnerForm};
use crate::App;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Json;
use maud::{html, Markup};
use serde::Serialize;
use std::collections::BTreeMap;
use zeri_storage::PartnerRow;

async fn render(
    app: &App,
    lang: Lang,
    s: &Staff,
    notice: Option<Markup>,
    typed: &BTreeMap<String, String>,
    errors: BTreeMap<String, String>,
) -> Result<Html<String>, PageError> {
    let list = partners(app, &s.user).await.map_err(|f| f.page(lang))?;
    let csrf = csrf_token(app, &s.token);
    let l = lang.code();
    let typed = |k: &str| typed.get(k).cloned().unwrap_or_default();
    let heads = [
        "exchange-partners-name",
        "exchange-partners-country",
        "exchange-partners-endpoint",
        "exchange-partners-added",
        "",
    ];
    Ok(listing::page(
        app,
        lang,
        s,
        &lang.t("exchange-partners-title"),
        None,
        html! {
            p { (lang.t("exchange-partners-hint")) }
            (listing::outcome(lang, notice, &errors, "exchange-partners-"))
            (listing::table(lang, &heads, html! { @for p in &list {
                @let revoke = format!("/{l}/staff/admin/partners/{}/revoke", p.id);
                tr class=[p.revoked_at.is_some().then_some("disabled")] {
                    td { (p.name) }
                    td { (p.country) }
                    td { code translate="no" { (p.endpoint) } }
                    td { (datetime(p.created_at)) }
                    td { (listing::revoked_or(lang, p.revoked_at, "exchange-partners-revoked",
                        listing::row_button(&revoke, &csrf, &lang.t("exchange-partners-revoke")))) }
                }
            } }))
            h2 { (lang.t("exchange-partners-add")) }
            form method="post" action={ "/" (l) "/staff/admin/partners" } autocomplete="off" {
                input type="hidden" name="csrf" value=(csrf);
                label for="partner-name" { (lang.t("exchange-partners-name")) }
                input type="text" id="partner-name" name="name" maxlength="100" required value=(typed("name"));
                label for="partner-country" { (lang.t("exchange-partners-country")) small { (lang.t("exchange-partners-country-hint")) } }
                input type="text" id="partner-country" name="country" maxlength="2" required value=(typed("country"));
                label for="partner-endpoint" { (lang.t("exchange-partners-endpoint")) small { (lang.t("exchange-partners-endpoint-hint")) } }
                input type="url" id="partner-endpoint" name="endpoint" maxlength="300" required value=(typed("endpoint"));
                label for="partner-key" { (lang.t("exchange-partners-key")) small { (lang.t("exchange-partners-key-hint")) } }
                input type="password" id="partner-key" name="key" maxlength="128" required;
                p { button class="primary" type="submit" { (lang.t("exchange-partners-add-button")) } }
            }
        },
    ))
}

fn form_of(fields: &BTreeMap<String, String>) -> PartnerForm {
    let get = |k: &str| fields.get(k).cloned();
    PartnerForm { name: get("name"), country: get("country"), endpoint: get("endpoint"), key: get("key") }
}

pub(crate) async fn list_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
) -> Result<Html<String>, PageError> {
    render(&app, lang, &s, None, &BTreeMap::new(), BTreeMap::new()).await
}

pub(crate) async fn add_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    PageForm(form): PageForm<BTreeMap<String, String>>,
) -> Result<Response, PageError> {
    require_csrf(&app, lang, &s, form.get("csrf").map(String::as_str))?;
    match add_partner(&app, &s.user, &form_of(&form)).await {
        Ok((row, key)) => {
            let notice = html! {
                p { (lang.t_args("exchange-partners-created", &[("name", row.name.clone().into())])) }
                p { (lang.t("exchange-partners-key-once")) br; code class="secret" data-partner-key { (key) } }
            };
            Ok(render(&app, lang, &s, Some(notice), &BTreeMap::new(), BTreeMap::new()).await?.into_response())
        }
        Err(f) => Ok(refused_page(render(&app, lang, &s, None, &form, f.refused(lang)?).await?)),
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
    revoke_partner(&app, &s.user, &id).await.map_err(|f| f.page(lang))?;
    Ok(Redirect::to(&format!("/{}/staff/admin/partners", lang.code())).into_response())
}

// ----- API -----

#[derive(Serialize, utoipa::ToSchema)]
pub struct ExchangePartner {
    id: String,
    name: String,
    /// ISO 3166-1 alpha-2.
    country: String,
    /// The base address of their Zëri; documents go to `…/api/v1/exchange/items`.
    endpoint: String,
    /// RFC 3339, UTC.
    created_at: String,
    revoked_at: Option<String>,
}

fn partner(row: &PartnerRow) -> ExchangePartner {
    ExchangePartner {
        id: row.id.clone(),
        name: row.name.clone(),
        country: row.country.clone(),
        endpoint: row.endpoint.clone(),
        created_at: machine_time(row.created_at),
        revoked_at: row.revoked_at.map(machine_time),
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ExchangeCreatedPartner {
    #[serde(flatten)]
    partner: ExchangePartner,
    /// Shown once: give it to the partner, for sending items to us. Only a keyed digest of
    /// it is kept.
    key: String,
}

/// Partner hotlines (administrators only).
#[utoipa::path(get, path = "/api/v1/admin/partners", tag = "admin", operation_id = "list_exchange_partners",
    responses((status = 200, body = [ExchangePartner]), (status = 401), (status = 403)), security(("bearer" = [])))]
pub async fn list_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
) -> Result<Json<Vec<ExchangePartner>>, ApiError> {
    let list = partners(&app, &s.user).await.map_err(|f| f.api(lang))?;
    Ok(Json(list.iter().map(partner).collect()))
}

/// Register a partner hotline; the key it is to send to us with is answered once.
#[utoipa::path(post, path = "/api/v1/admin/partners", tag = "admin", operation_id = "add_exchange_partner",
    request_body(content = ExchangePartnerBody, content_type = "application/json"),
    responses((status = 201, body = ExchangeCreatedPartner), (status = 400), (status = 401), (status = 403), (status = 415), (status = 422)),
    security(("bearer" = [])))]
pub async fn add_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
    body: JsonObject,
) -> Result<(StatusCode, Json<ExchangeCreatedPartner>), ApiError> {
    // Who may comes before what is wrong with the body.
    partners(&app, &s.user).await.map_err(|f| f.api(lang))?;
    let mut f = JsonFields::new(body, PartnerForm::FIELDS);
    let form = PartnerForm {
        name: f.text("name"),
        country: f.text("country"),
        endpoint: f.text("endpoint"),
        key: f.text("key"),
    };
    let checked = form.validate().err();
    if let Some(e) = f.finish(lang, checked.as_ref()) {
        return Err(e);
    }
    let (row, key) = add_partner(&app, &s.user, &form).await.map_err(|f| f.api(lang))?;
    Ok((StatusCode::CREATED, Json(ExchangeCreatedPartner { partner: partner(&row), key })))
}

/// Revoke a partner: its key is refused at once and nothing more is sent to it.
#[utoipa::path(post, path = "/api/v1/admin/partners/{id}/revoke", tag = "admin", operation_id = "revoke_exchange_partner",
    params(("id" = String, Path)),
    responses((status = 204), (status = 401), (status = 403), (status = 404)), security(("bearer" = [])))]
pub async fn revoke_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    revoke_partner(&app, &s.user, &id).await.map_err(|f| f.api(lang))?;
    Ok(StatusCode::NO_CONTENT)
}

crate::base::schema::request_body!(
    /// `POST /api/v1/admin/partners`.
    ExchangePartnerBody => body("A partner hotline that receives items hosted in its country",
        vec![
            ("name", text("Its name, 2 to 100 characters, unique"), true),
            ("country", text("ISO 3166-1 alpha-2 of the country it works in"), true),
            ("endpoint", text("The http(s) address of its Zëri; documents go to …/api/v1/exchange/items"), true),
            ("key", text("The key it gave us to send with, 20 to 128 characters (sealed at rest)"), true),
        ],
        serde_json::json!({"name": "Partner hotline DE", "country": "DE", "endpoint": "https://hotline.example.de",
            "key": "their-key-for-us-0123456789abcdef"}))
);
