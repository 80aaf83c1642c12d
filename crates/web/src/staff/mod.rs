//! The staff side: sign-in with a second factor (`/sq/staff/login`,
//! `POST /api/v1/auth/session`), setting up the second factor at the first sign-in, and
//! setting an account up with a one-time link, changing one's password, confirming new
//! colleagues, and the work list: the cases the user may open, referrals waiting for their organisation,
//! and overdue tasks. A case itself is `service::case` (rules) and `casework/` (API and pages).

pub mod account;
pub mod code;
pub mod notifications;
pub mod pages;

use crate::staff::account::{
    colleagues_page, confirm_submit, password_page, password_submit, setup_page, setup_submit,
};
use crate::staff::code::{code_page, code_submit};
use crate::staff::pages::enrol_page;
use crate::staff::pages::enrol_submit;
use crate::staff::pages::login_page;
use crate::staff::pages::login_submit;
use crate::staff::pages::logout_page;
use crate::staff::pages::queue_page;
use crate::AppState;
use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    let r = crate::base::localised(|r, l| {
        r.route(&format!("/{l}/staff/login"), get(login_page).post(login_submit))
            .route(&format!("/{l}/staff/login/code"), get(code_page).post(code_submit))
            .route(&format!("/{l}/staff/second-factor"), get(enrol_page).post(enrol_submit))
            .route(&format!("/{l}/staff/logout"), post(logout_page))
            .route(&format!("/{l}/staff"), get(queue_page))
            .route(&format!("/{l}/staff/setup"), get(setup_page).post(setup_submit))
            .route(&format!("/{l}/staff/password"), get(password_page).post(password_submit))
            .route(&format!("/{l}/staff/colleagues"), get(colleagues_page))
            .route(&format!("/{l}/staff/colleagues/{{id}}/confirm"), post(confirm_submit))
    });
    r.routes(routes!(crate::staff::pages::login_api, crate::staff::pages::logout_api))
        .routes(routes!(crate::staff::pages::tasks_api))
        .merge(notifications::router())
}
