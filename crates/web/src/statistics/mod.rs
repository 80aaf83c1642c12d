//! Statistics for duty-bearers (`/sq/statistics`, `/en/statistics`, `/api/v1/statistics`):
//! counts of reports, response times, referrals and outcomes for a period, and the
//! directory's coverage, for statisticians and administrators only (who see no case).
//!
//! Every table goes through `zeri_domain::statistics::suppress`: counts from 1 to the
//! threshold − 1 are shown as "<5", with complementary suppression so no hidden count can
//! be worked back from the rows, columns and totals shown. Tables that publish the same
//! figure (the county totals, the age-band totals, the grand total) hide it in all of them
//! if any hides it. A public-release export can instead add Laplace noise (differential
//! privacy) with its privacy budget stated on it.

pub mod api;
pub mod pages;
pub mod satisfaction;

use crate::statistics::pages::statistics_page;
use crate::statistics::pages::summary_page;
use crate::statistics::pages::table_csv;
use crate::AppState;
use axum::routing::get;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    let r = crate::base::localised(|r, l| {
        r.route(&format!("/{l}/statistics"), get(statistics_page))
            .route(&format!("/{l}/statistics/summary"), get(summary_page))
            .route(&format!("/{l}/statistics/{{table}}"), get(table_csv))
    });
    r.routes(routes!(crate::statistics::api::statistics_api)).routes(routes!(crate::statistics::api::public_api))
}
