//! Reporting: the child-friendly form (`/sq/report`, `/en/report`) and `POST /api/v1/reports`.
//!
//! A receipt is shown only after the report has committed (group commit with fsync). The
//! form re-renders with what was typed and the errors beside the fields; nothing is stored
//! until everything is valid.

pub mod pages;
pub mod phone;

use crate::parts::i18n::Lang;
use crate::reporting::pages::form_page;
use crate::reporting::pages::submit_api;
use crate::reporting::pages::submit_page;
use crate::AppState;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;

pub fn router() -> Router<AppState> {
    let mut r = Router::new();
    for lang in Lang::ALL {
        r = r.route(
            &format!("/{}/report", lang.code()),
            get(form_page).post(submit_page).layer(DefaultBodyLimit::max(crate::service::evidence::UPLOAD_BODY_LIMIT)),
        );
    }
    r.route("/api/v1/reports", post(submit_api)).merge(phone::router())
}
