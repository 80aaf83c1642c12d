//! Finding help: the directory in memory (rebuilt from the database when its version
//! changes), "find help" for children (`/sq/help`), nearest-first search
//! (`GET /api/v1/services`), and the coverage gaps (`/sq/coverage`) for staff.
//!
//! The child's search is a POST and is never stored or logged: the place a child types
//! can say where they live.

pub mod admin;
pub mod hsds;
pub mod pages;

use crate::directory::pages::coverage_csv;
use crate::directory::pages::coverage_page;
use crate::directory::pages::help_page;
use crate::directory::pages::help_results;
use crate::AppState;
use axum::routing::get;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    let r = crate::base::localised(|r, l| {
        r.route(&format!("/{l}/help"), get(help_page).post(help_results))
            .route(&format!("/{l}/coverage"), get(coverage_page))
            .route(&format!("/{l}/coverage.csv"), get(coverage_csv))
    });
    r.routes(routes!(crate::directory::pages::services_api)).merge(hsds::router()).merge(admin::router())
}
