//! The hotline's evidence work: take-down requests by hash (`/{lang}/takedown`,
//! `/api/v1/takedown`), their review and export (`/{lang}/staff/takedowns`,
//! `/api/v1/takedowns…`), the hash-sharing API for platforms (`/api/v1/hashes…`) and hash
//! lists (`/{lang}/staff/hashlists`, `/api/v1/hashlists`).

pub mod hashlists;
pub mod review;
pub mod sharing;
pub mod takedown;

use utoipa_axum::router::OpenApiRouter;

use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(takedown::router())
        .merge(review::router())
        .merge(sharing::router())
        .merge(hashlists::router())
}
