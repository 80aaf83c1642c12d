//! Where reported material is hosted, for the hotline's analysts (`/api/v1/hosting/…`):
//! a URL's host resolved by DNS and placed in a country, never fetched. The hosts table
//! itself is kept in the admin capability (`/{lang}/staff/admin/hosts`).

pub mod api;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(crate::hosting::api::lookup_api))
}
