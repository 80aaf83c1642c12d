//! An analyst hands an item to the partner hotline of its hosting country
//! (`POST /{lang}/staff/hotline/items/{id}/forward`, `POST /api/v1/hotline/items/{id}/forward`)
//! or downloads its exchange document for a hotline that runs something else
//! (`…/items/{id}/exchange.json`, `GET /api/v1/hotline/items/{id}/exchange`; every item
//! waiting to be handed over: `/{lang}/staff/hotline/exchange-pending.json`,
//! `GET /api/v1/exchange/pending`). Downloads are `no-store` and audited.

use crate::base::auth::{require_csrf, ApiStaff, PageStaff};
use crate::base::error::{ApiError, PageError};
use crate::base::extract::{ApiLang, PageForm, PageLang};
use crate::parts::format::machine_time;
use crate::service::exchange::{export, forward, ExchangeFail};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Json;
use serde::Serialize;
use std::collections::BTreeMap;
use zeri_domain::exchange::Document;

#[derive(Serialize, utoipa::ToSchema)]
pub struct ExchangeForwarded {
    /// The partner hotline's id.
    partner: String,
    /// Their id of the item.
    reference: Option<String>,
    /// ISO 3166-1 alpha-2 of where it is hosted.
    country: String,
    /// RFC 3339, UTC.
    at: String,
}

/// Forward the item to the partner hotline of the country it is hosted in. 201 when they
/// took it; 502 when they did not (recorded: try again); 409 when it is not illegal, is
/// hosted here, was handed over already or no partner works in that country.
#[utoipa::path(post, path = "/api/v1/hotline/items/{id}/forward", tag = "hotline", operation_id = "forward_content_item",
    params(("id" = String, Path)),
    responses((status = 201, body = ExchangeForwarded), (status = 401), (status = 403), (status = 404), (status = 409), (status = 502), (status = 504)),
    security(("bearer" = [])))]
pub async fn forward_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
    Path(id): Path<String>,
) -> Result<(StatusCode, Json<ExchangeForwarded>), ApiError> {
    let f = forward(&app, &s.user, &id).await.map_err(|f| f.api(lang))?;
    Ok((
        StatusCode::CREATED,
        Json(ExchangeForwarded {
            partner: f.partner_id,
            reference: f.their_ref,
            country: f.country,
            at: machine_time(f.at),
        }),
    ))
}

pub(crate) async fn forward_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Path(id): Path<String>,
    PageForm(form): PageForm<BTreeMap<String, String>>,
) -> Result<Response, PageError> {
    require_csrf(&app, lang, &s, form.get("csrf").map(String::as_str))?;
    let done = match forward(&app, &s.user, &id).await {
        Ok(_) => "exchange-forwarded",
        // Recorded on the item, with the reason: the page says so and offers it again.
        Err(ExchangeFail::SendFailed(_)) => "exchange-failed",
        Err(f) => return Err(f.page(lang)),
    };
    Ok(Redirect::to(&format!("/{}/staff/hotline/items/{id}?done={done}#exchange", lang.code())).into_response())
}

/// A JSON file, never kept by the browser or a proxy.
fn file(name: &str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/json".to_owned()),
            (header::CACHE_CONTROL, "no-store".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        body,
    )
        .into_response()
}

fn one(docs: Vec<Document>) -> Response {
    let doc = docs.into_iter().next();
    let name = doc.as_ref().map(|d| format!("zeri-exchange-{}.json", d.item.reference)).unwrap_or_default();
    file(&name, serde_json::to_vec_pretty(&doc).unwrap_or_default())
}

fn all(docs: Vec<Document>) -> Response {
    file("zeri-exchange-pending.json", serde_json::to_vec_pretty(&docs).unwrap_or_default())
}

/// The item's `zeri-exchange/1` document, as a file (audited).
#[utoipa::path(get, path = "/api/v1/hotline/items/{id}/exchange", tag = "hotline", operation_id = "export_content_item",
    params(("id" = String, Path)),
    responses((status = 200, description = "A zeri-exchange/1 document (docs/exchange.schema.json)", content_type = "application/json"),
        (status = 401), (status = 404), (status = 409)),
    security(("bearer" = [])))]
pub async fn export_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    Ok(one(export(&app, &s.user, Some(&id)).await.map_err(|f| f.api(lang))?))
}

/// The documents of every item assessed illegal, hosted abroad and not handed over yet, as
/// one file (a JSON array; audited per item).
#[utoipa::path(get, path = "/api/v1/exchange/pending", tag = "hotline", operation_id = "export_pending_items",
    responses((status = 200, description = "An array of zeri-exchange/1 documents", content_type = "application/json"),
        (status = 401), (status = 404)),
    security(("bearer" = [])))]
pub async fn pending_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
) -> Result<Response, ApiError> {
    Ok(all(export(&app, &s.user, None).await.map_err(|f| f.api(lang))?))
}

pub(crate) async fn export_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    Ok(one(export(&app, &s.user, Some(&id)).await.map_err(|f| f.page(lang))?))
}

pub(crate) async fn pending_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
) -> Result<Response, PageError> {
    Ok(all(export(&app, &s.user, None).await.map_err(|f| f.page(lang))?))
}
