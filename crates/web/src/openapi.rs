//! `GET /api/openapi.json`: the API described as OpenAPI 3.1, generated from the handlers.

use crate::AppState;
use axum::routing::get;
use axum::{Json, Router};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(title = "Zëri API", description = "Confidential reporting and follow-up for children subjected to online sexual exploitation and abuse."),
    paths(
        crate::public::health::healthz,
        crate::reporting::pages::submit_api,
        crate::followup::api::open_api, crate::followup::api::close_api, crate::followup::api::status_api, crate::followup::api::message_api,
        crate::staff::pages::login_api, crate::staff::pages::logout_api, crate::staff::pages::tasks_api,
        crate::casework::api::queue_api, crate::casework::api::case_api, crate::casework::api::operation_api, crate::casework::api::testimony_api,
        crate::casework::api::testimony_upload_api, crate::casework::api::export_api,
        crate::directory::pages::services_api, crate::directory::hsds::about, crate::directory::hsds::services, crate::directory::hsds::service,
        crate::admin::accounts::list_api, crate::admin::accounts::create_api, crate::admin::accounts::change_api, crate::admin::accounts::orgs_api, crate::admin::accounts::org_api,
        crate::followup::api::evidence_api, crate::casework::api::evidence_api, crate::evidence::takedown::submit_api, crate::evidence::takedown::export_api,
        crate::evidence::hashlists::list_api, crate::evidence::hashlists::import_api,
        crate::statistics::api::statistics_api, crate::statistics::api::public_api,
        crate::survey::api::list_api, crate::survey::api::results_api,
    ),
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
    }
}

pub fn router() -> Router<AppState> {
    Router::new().route("/api/openapi.json", get(|| async { Json(ApiDoc::openapi()) }))
}
