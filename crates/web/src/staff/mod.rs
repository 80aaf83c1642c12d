//! The staff side: sign-in with a second factor (`/sq/staff/login`,
//! `POST /api/v1/auth/session`), setting up the second factor at the first sign-in, and
//! the work list: the cases the user may open, referrals waiting for their organisation,
//! and overdue tasks. A case itself is `cases.rs` (logic, API) and `case_page.rs` (page).

pub mod notifications;
pub mod pages;

use crate::parts::i18n::Lang;
use crate::staff::pages::enrol_page;
use crate::staff::pages::enrol_submit;
use crate::staff::pages::login_api;
use crate::staff::pages::login_page;
use crate::staff::pages::login_submit;
use crate::staff::pages::logout_api;
use crate::staff::pages::logout_page;
use crate::staff::pages::queue_page;
use crate::staff::pages::tasks_api;
use crate::AppState;
use axum::routing::{get, post};
use axum::Router;

pub fn router() -> Router<AppState> {
    let mut r = Router::new();
    for l in Lang::ALL.map(Lang::code) {
        r = r
            .route(&format!("/{l}/staff/login"), get(login_page).post(login_submit))
            .route(&format!("/{l}/staff/second-factor"), get(enrol_page).post(enrol_submit))
            .route(&format!("/{l}/staff/logout"), post(logout_page))
            .route(&format!("/{l}/staff"), get(queue_page));
    }
    r.route("/api/v1/auth/session", post(login_api).delete(logout_api))
        .route("/api/v1/tasks", get(tasks_api))
        .merge(notifications::router())
}
