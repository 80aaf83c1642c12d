//! Protecting the staff who look at material (`/{lang}/staff/wellbeing`,
//! `/{lang}/staff/admin/wellbeing`, `/api/v1/wellbeing`, `/api/v1/admin/wellbeing…`): a
//! staff member's own exposure (today and by week), the administrator's weekly summary of
//! everyone's (numbers only: never a file, a case or a description) and the limits they set.
//! The rules are `service::wellbeing`; the openings themselves are on the case
//! (`casework/evidence.rs`).

pub mod api;
pub mod pages;

use crate::AppState;
use axum::routing::get;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    let r = crate::base::localised(|r, l| {
        r.route(&format!("/{l}/staff/wellbeing"), get(pages::own_page))
            .route(&format!("/{l}/staff/admin/wellbeing"), get(pages::admin_page).post(pages::limits_page))
    });
    r.routes(routes!(api::own_api))
        .routes(routes!(api::summary_api))
        .routes(routes!(api::limits_api, api::set_limits_api))
}
