//! `GET /api/openapi.json`: the API described as OpenAPI 3.1, generated from the handlers.

use axum::routing::get;
use axum::{Json, Router};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::AppState;

#[derive(OpenApi)]
#[openapi(
    info(title = "Zëri API", description = "Confidential reporting and follow-up for children subjected to online sexual exploitation and abuse."),
    paths(
        crate::health::healthz,
        crate::reports::submit_api,
        crate::followup::open_api, crate::followup::close_api, crate::followup::status_api, crate::followup::message_api,
        crate::staff::login_api, crate::staff::logout_api, crate::staff::tasks_api,
        crate::cases::queue_api, crate::cases::case_api, crate::cases::operation_api, crate::cases::testimony_api,
        crate::case_page::testimony_upload_api, crate::exports::export_api,
        crate::directory::services_api, crate::hsds::about, crate::hsds::services, crate::hsds::service,
        crate::admin::list_api, crate::admin::create_api, crate::admin::change_api, crate::admin::orgs_api, crate::admin::org_api,
        crate::followup::evidence_api, crate::cases::evidence_api, crate::takedown::submit_api, crate::takedown::export_api,
        crate::hashlists::list_api, crate::hashlists::import_api,
        crate::statistics::statistics_api, crate::statistics::public_api,
        crate::survey::list_api, crate::survey::results_api,
    ),
    modifiers(&Bearer)
)]
pub struct ApiDoc;

struct Bearer;

impl Modify for Bearer {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

pub fn router() -> Router<AppState> {
    Router::new().route("/api/openapi.json", get(|| async { Json(ApiDoc::openapi()) }))
}
