//! `GET /api/openapi.json`: the API described as OpenAPI 3.1, generated from the routers: each capability registers
//! its API handlers with `utoipa_axum::routes!`, so a route and its documentation cannot drift.

use crate::AppState;
use axum::routing::get;
use axum::{Json, Router};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(title = "Zëri API", description = "Confidential reporting and follow-up for children subjected to online sexual exploitation and abuse."),
    modifiers(&Bearer)
)]
pub struct ApiDoc;

pub(crate) struct Bearer;

impl Modify for Bearer {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        // A platform's token from the administrators (docs/HASH-SHARING.md), not a session.
        components.add_security_scheme(
            "platform",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("A platform's API token, given once by the hotline's administrators"))
                    .build(),
            ),
        );
    }
}

/// `GET /api/openapi.json`: the document the capability routers built (see `crate::router`).
pub fn router(doc: utoipa::openapi::OpenApi) -> Router<AppState> {
    let doc = std::sync::Arc::new(doc);
    Router::new().route("/api/openapi.json", get(move || async move { Json(doc.as_ref().clone()) }))
}
