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
use crate::directory::pages::services_api;
use crate::parts::i18n::Lang;
use crate::AppState;
use axum::routing::get;
use axum::Router;

pub fn router() -> Router<AppState> {
    let mut r = Router::new();
    for l in Lang::ALL.map(Lang::code) {
        r = r
            .route(&format!("/{l}/help"), get(help_page).post(help_results))
            .route(&format!("/{l}/coverage"), get(coverage_page))
            .route(&format!("/{l}/coverage.csv"), get(coverage_csv));
    }
    r.route("/api/v1/services", get(services_api)).merge(hsds::router()).merge(admin::router())
}
