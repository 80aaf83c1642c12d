//! Case work across agencies (`/api/v1/cases`, `/{lang}/staff/cases`): the case API, the
//! case pages and their view. The rules live in `service::case` and `service::operations`.

pub mod api;
mod cards;
mod contents;
pub mod erasure;
pub mod evidence;
pub mod links;
mod merged;
pub mod pages;
pub mod reissue;
pub mod sessions;
pub mod transfer;
pub mod view;

use utoipa_axum::router::OpenApiRouter;

use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    let reissue_pages = crate::base::localised(|r, l| {
        r.route(&format!("/{l}/staff/reports/{{id}}/receipt"), axum::routing::post(reissue::reissue_page))
            .route(&format!("/{l}/staff/reports/{{id}}/erasure"), axum::routing::post(erasure::erasure_page))
    });
    OpenApiRouter::new()
        .merge(api::router())
        .merge(pages::router())
        .merge(reissue_pages)
        .routes(utoipa_axum::routes!(reissue::reissue_api))
        .routes(utoipa_axum::routes!(erasure::erasure_api))
        .routes(utoipa_axum::routes!(links::linked_api))
}
