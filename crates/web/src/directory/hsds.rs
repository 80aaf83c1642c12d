//! The Open Referral HSDS 3.0 read API under `/hsds/`: `GET /hsds/` (about this API),
//! `GET /hsds/services` (search, page, per_page, taxonomy_term_id, organization_id; a
//! `Page` of compiled services) and `GET /hsds/services/{id}`. Active services only; the
//! JSON is built by `zeri_domain::hsds`, which the tests validate against the official
//! schema.

use crate::base::error::ApiError;
use crate::base::extract::ApiLang;
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::routing::get;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use zeri_domain::directory::Service;
use zeri_domain::hsds::to_hsds;
use zeri_domain::places::fold;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .route("/hsds", get(about))
        .routes(routes!(about))
        .routes(routes!(services))
        .routes(routes!(service))
}

/// About this API and its relation to HSDS.
#[utoipa::path(get, path = "/hsds/", tag = "hsds", responses((status = 200, description = "version, profile, openapi_url")))]
pub async fn about() -> Json<Value> {
    Json(json!({
        "version": "3.0",
        "profile": "https://docs.openreferral.org/en/latest/hsds/",
        "openapi_url": "/api/openapi.json",
    }))
}

#[derive(Deserialize)]
pub struct ListParams {
    search: Option<String>,
    page: Option<String>,
    per_page: Option<String>,
    taxonomy_term_id: Option<String>,
    organization_id: Option<String>,
}

fn number(
    lang: crate::Lang,
    field: &'static str,
    v: Option<&str>,
    default: usize,
    max: usize,
) -> Result<usize, ApiError> {
    match v.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(default),
        Some(v) => match v.parse::<usize>() {
            Ok(n) if (1..=max).contains(&n) => Ok(n),
            _ => {
                let e = zeri_domain::FieldError::new("out-of-range").with_limit(max);
                Err(ApiError::validation(lang, &zeri_domain::FieldErrors::from([(field, e)])))
            }
        },
    }
}

fn matches(s: &Service, p: &ListParams) -> bool {
    let search = p.search.as_deref().map(fold).filter(|q| !q.is_empty());
    let text = || {
        fold(&format!(
            "{} {} {} {}",
            s.name,
            s.alternate_name.as_deref().unwrap_or(""),
            s.description,
            s.organization_name
        ))
    };
    s.active()
        && search.is_none_or(|q| text().contains(&q))
        && p.organization_id.as_deref().is_none_or(|o| s.organization_id == o)
        && p.taxonomy_term_id.as_deref().is_none_or(|t| {
            to_hsds(s)["attributes"]
                .as_array()
                .is_some_and(|a| a.iter().any(|x| x["taxonomy_term_id"] == t || x["taxonomy_term"]["code"] == t))
        })
}

/// Services, a page at a time (HSDS `Page`).
#[utoipa::path(get, path = "/hsds/services", tag = "hsds",
    params(("search" = Option<String>, Query), ("page" = Option<u32>, Query), ("per_page" = Option<u32>, Query),
        ("taxonomy_term_id" = Option<String>, Query, description = "A taxonomy term id or code, e.g. psychological"),
        ("organization_id" = Option<String>, Query)),
    responses((status = 200, description = "An HSDS Page of compiled services"), (status = 422)))]
pub async fn services(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    Query(p): Query<ListParams>,
) -> Result<Json<Value>, ApiError> {
    let page = number(lang, "page", p.page.as_deref(), 1, 1_000_000)?;
    let per_page = number(lang, "per_page", p.per_page.as_deref(), 50, 500)?;
    let d = app.directory();
    let all: Vec<&Service> = d.services().iter().filter(|s| matches(s, &p)).collect();
    let total = all.len();
    let total_pages = total.div_ceil(per_page).max(1);
    let contents: Vec<Value> = all.iter().skip((page - 1) * per_page).take(per_page).map(|s| to_hsds(s)).collect();
    Ok(Json(json!({
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": contents.len(),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": contents.is_empty(),
        "contents": contents,
    })))
}

/// One compiled service.
#[utoipa::path(get, path = "/hsds/services/{id}", tag = "hsds", params(("id" = String, Path)),
    responses((status = 200, description = "An HSDS compiled service"), (status = 404)))]
pub async fn service(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let d = app.directory();
    let s = d.get(&id).filter(|s| s.active()).ok_or_else(|| ApiError::not_found(lang))?;
    Ok(Json(to_hsds(s)))
}
