//! The hotline's own work: links reported because they show child sexual abuse material.
//! The public form and API (`/{lang}/report-link`, `POST /api/v1/content-reports`), what
//! became of a report for its receipt (`/{lang}/report-link/status`), the
//! analysts' queue (`/{lang}/staff/hotline`, `/api/v1/hotline/items`) and each item with
//! its assessment (`/{lang}/staff/hotline/items/{id}`, `/api/v1/hotline/items/{id}…`), and
//! its notice and take-down (`notices.rs`, `notices_api.rs`).
//! The rules are in `service::hotline`; links from a child's case arrive through the case
//! operation `hotline-links` (`service::operations`).

pub mod common;
pub mod exchange;
pub mod item;
pub mod notices;
pub mod notices_api;
pub mod public;
pub mod queue;
pub mod status;

use crate::AppState;
use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    let r = crate::base::localised(|r, l| {
        r.route(&format!("/{l}/report-link"), get(public::form_page).post(public::submit_page))
            .route(&format!("/{l}/report-link/received"), get(public::received_page))
            .route(&format!("/{l}/report-link/received/done"), post(public::done_page))
            .route(&format!("/{l}/report-link/status"), get(status::status_form).post(status::status_page))
            .route(&format!("/{l}/staff/hotline"), get(queue::queue_page).post(queue::add_page))
            .route(&format!("/{l}/staff/hotline/items/{{id}}"), get(item::item_page))
            .route(&format!("/{l}/staff/hotline/items/{{id}}/assess"), post(item::assess_page))
            .route(&format!("/{l}/staff/hotline/items/{{id}}/review"), post(item::review_page))
            .route(&format!("/{l}/staff/hotline/items/{{id}}/locate"), post(notices::locate_page))
            .route(&format!("/{l}/staff/hotline/items/{{id}}/notice"), post(notices::notice_page))
            .route(&format!("/{l}/staff/hotline/items/{{id}}/answer"), post(notices::answer_page))
            .route(&format!("/{l}/staff/hotline/items/{{id}}/recheck"), post(notices::recheck_page))
            .route(&format!("/{l}/staff/hotline/items/{{id}}/found"), post(notices::found_page))
    });
    r.routes(routes!(public::submit_api))
        .routes(routes!(status::status_api))
        .routes(routes!(queue::list_api, queue::add_api))
        .routes(routes!(item::get_api))
        .routes(routes!(item::assess_api))
        .routes(routes!(item::review_api))
        .routes(routes!(notices_api::get_api))
        .routes(routes!(notices_api::locate_api))
        .routes(routes!(notices_api::notice_api))
        .routes(routes!(notices_api::answer_api))
        .routes(routes!(notices_api::recheck_api))
        .routes(routes!(notices_api::finding_api))
}
