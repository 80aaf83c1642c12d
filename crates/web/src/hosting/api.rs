//! `POST /api/v1/hosting/lookup`: where a URL is hosted now (hotline analysts only; audited
//! with the URL as a keyed digest only).

use crate::base::auth::ApiStaff;
use crate::base::error::ApiError;
use crate::base::extract::{ApiLang, JsonFields, JsonObject};
use crate::parts::hosting::HostingFacts;
use crate::service::hosting::{host_for, lookup, may_locate, HostEntry};
use crate::AppState;
use axum::extract::State;
use axum::Json;
use serde::Serialize;
use zeri_domain::{FieldError, FieldErrors};

#[derive(Serialize, utoipa::ToSchema)]
pub struct LocatedAddress {
    address: String,
    /// ISO 3166-1 alpha-2, when the IP-to-country database knows it.
    country: Option<String>,
}

/// The entry of the hosts table the URL belongs to (by domain, else by address range).
#[derive(Serialize, utoipa::ToSchema)]
pub struct ListedHost {
    id: String,
    name: String,
    /// `hosting_provider` or `platform`.
    kind: String,
    country: Option<String>,
    trusted_flagger: bool,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Located {
    /// The URL's host (lower-case ASCII), or its address.
    host: String,
    addresses: Vec<LocatedAddress>,
    /// The country most of the addresses are in.
    country: Option<String>,
    /// When it was checked (milliseconds since 1970, UTC).
    checked_at: i64,
    listed: Option<ListedHost>,
    /// The IP-to-country database's kind (e.g. `DBIP-Country-Lite`), to credit its data.
    database: Option<String>,
}

fn located(f: HostingFacts, listed: Option<HostEntry>, database: Option<String>) -> Located {
    Located {
        database,
        host: f.host,
        addresses: f
            .addresses
            .into_iter()
            .map(|(a, country)| LocatedAddress { address: a.to_string(), country })
            .collect(),
        country: f.country,
        checked_at: f.checked_at,
        listed: listed.map(|e| ListedHost {
            id: e.id,
            name: e.host.name,
            kind: e.host.kind.as_str().to_owned(),
            country: e.host.country,
            trusted_flagger: e.host.trusted_flagger,
        }),
    }
}

/// Where a URL is hosted now: its host name resolved by DNS (an address is taken as it is),
/// each address placed in a country, and the entry of the hosts table it belongs to. The
/// server never connects to the URL. Hotline analysts only; every lookup is audited.
#[utoipa::path(post, path = "/api/v1/hosting/lookup", tag = "hosting",
    request_body(content = LookupBody, content_type = "application/json"),
    responses((status = 200, body = Located), (status = 400), (status = 401), (status = 403),
        (status = 409, description = "No IP-to-country database is configured"), (status = 415),
        (status = 422, description = "Not a URL with a host, or its name does not resolve"),
        (status = 504, description = "The name did not resolve in time")),
    security(("bearer" = [])))]
pub async fn lookup_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
    body: JsonObject,
) -> Result<Json<Located>, ApiError> {
    // Who may ask is decided before what they sent is looked at.
    may_locate(&s.user).map_err(|e| e.api(lang))?;
    let mut f = JsonFields::new(body, &["url"]);
    let url = f.text("url").filter(|u| !u.trim().is_empty());
    let missing = url.is_none().then(|| FieldErrors::from([("url", FieldError::new("required"))]));
    if let Some(e) = f.finish(lang, missing.as_ref()) {
        return Err(e);
    }
    let facts = lookup(&app, &s.user, url.as_deref().unwrap_or_default()).await.map_err(|e| e.api(lang))?;
    let listed = host_for(&app, &facts).await.map_err(|e| ApiError::internal(lang, e))?;
    let database = app.hosting.countries.as_ref().map(|c| c.database_type().to_owned());
    Ok(Json(located(facts, listed, database)))
}

crate::base::schema::request_body!(
    /// `POST /api/v1/hosting/lookup`.
    LookupBody => body("The address of the reported material",
        vec![("url", text("The URL (a missing scheme is taken as http://)"), true)],
        serde_json::json!({"url": "https://example.com/gallery/1"}))
);
