//! Follow-up with the receipt (`/sq/followup`, `/en/followup`, `/api/v1/followup…`): the
//! stage, what happens next, the child's rights, messages both ways, who opened the
//! report, and the child's take-down requests (`takedowns.rs`: how far each went,
//! withdrawing one).
//!
//! A wrong and an unknown receipt get the same answer. Failed attempts are counted per
//! client and for everyone in the database, so the limit holds across restarts and
//! instances.

pub mod api;
pub mod consent;
pub mod copy;
pub mod erasure;
pub mod lead;
pub mod pages;
pub mod passphrase;
pub mod sessions;
pub mod takedowns;

use crate::followup::pages::leave_page;
use crate::followup::pages::message_page;
use crate::followup::pages::open_page;
use crate::followup::pages::status_page;
use crate::AppState;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::router::UtoipaMethodRouterExt;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    let r = crate::base::localised(|r, l| {
        r.route(&format!("/{l}/followup"), get(status_page).post(open_page))
            .route(
                &format!("/{l}/followup/messages"),
                post(message_page).layer(DefaultBodyLimit::max(crate::service::evidence::UPLOAD_BODY_LIMIT)),
            )
            .route(&format!("/{l}/followup/leave"), post(leave_page))
            .route(&format!("/{l}/followup/sessions"), post(crate::followup::sessions::book_page))
            .route(&format!("/{l}/followup/takedowns/{{id}}/withdraw"), post(crate::followup::takedowns::withdraw_page))
            .route(&format!("/{l}/followup/consent"), post(crate::followup::consent::consent_page))
            .route(&format!("/{l}/followup/copy"), post(crate::followup::copy::copy_page))
            .route(&format!("/{l}/followup/erasure"), post(crate::followup::erasure::erasure_page))
            .route(&format!("/{l}/followup/passphrase"), post(crate::followup::passphrase::set_page))
            .route(&format!("/{l}/followup/passphrase/open"), post(crate::followup::passphrase::open_page))
    });
    r.routes(routes!(crate::followup::api::open_api, crate::followup::api::close_api))
        .routes(routes!(crate::followup::api::status_api))
        .routes(routes!(crate::followup::api::message_api))
        .routes(routes!(crate::followup::takedowns::withdraw_api))
        .routes(routes!(crate::followup::consent::consents_api, crate::followup::consent::decide_api))
        .routes(routes!(crate::followup::copy::copy_api))
        .routes(routes!(crate::followup::erasure::state_api, crate::followup::erasure::request_api))
        .routes(routes!(crate::followup::passphrase::set_api))
        .routes(routes!(crate::followup::passphrase::open_api))
        .routes(
            routes!(crate::followup::api::evidence_api)
                .layer(DefaultBodyLimit::max(crate::service::evidence::UPLOAD_BODY_LIMIT)),
        )
}
