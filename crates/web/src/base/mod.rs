//! Web plumbing below every capability: errors and their HTTP mapping, extractors, sign-in
//! and CSRF, layout and the staff chrome, form helpers, formatting, uploads.

pub mod auth;
pub mod chrome;
pub mod error;
pub mod exposure;
pub mod extract;
pub mod form;
pub mod layout;
pub mod listing;
pub mod metrics;
pub mod schema;
pub mod upload;

use utoipa_axum::router::OpenApiRouter;

use crate::{AppState, Lang};

/// The one loop over languages: `add` registers a capability's pages under one language
/// prefix (`/sq`, `/en`), called once for each.
pub fn localised(
    add: impl Fn(OpenApiRouter<AppState>, &'static str) -> OpenApiRouter<AppState>,
) -> OpenApiRouter<AppState> {
    Lang::ALL.map(Lang::code).into_iter().fold(OpenApiRouter::new(), add)
}
