//! Reporting: the child-friendly form (`/sq/report`, `/en/report`), in steps or on one page
//! (`?all=1`), and `POST /api/v1/reports`.
//!
//! A receipt is shown only after the report has committed (group commit with fsync). The
//! form re-renders with what was typed and the errors beside the fields; nothing is stored
//! until everything is valid. The web form is sent once (a one-time token), and its answer
//! is a redirect to the receipt page (`received`).

pub mod pages;
pub mod phone;
pub mod questions;
pub mod received;
pub mod saved;
pub mod steps;

use crate::reporting::pages::form_page;
use crate::reporting::pages::submit_page;
use crate::reporting::received::{done_page, received_page};
use crate::AppState;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    let r = crate::base::localised(|r, l| {
        r.route(
            &format!("/{l}/report"),
            get(form_page).post(submit_page).layer(DefaultBodyLimit::max(crate::service::evidence::UPLOAD_BODY_LIMIT)),
        )
        .route(&format!("/{l}/report/received"), get(received_page))
        .route(&format!("/{l}/report/received/done"), post(done_page))
        .route(&format!("/{l}/report/received/saved"), post(saved::saved_page))
        .route(&format!("/{l}/report/received/file"), post(saved::file_page))
    });
    r.routes(routes!(crate::reporting::pages::submit_api)).merge(phone::router())
}
