//! The hotline's evidence work: take-down requests by hash (`/{lang}/takedown`,
//! `/api/v1/takedown`) and hash lists (`/{lang}/staff/hashlists`, `/api/v1/hashlists`).

pub mod hashlists;
pub mod takedown;

use utoipa_axum::router::OpenApiRouter;

use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().merge(takedown::router()).merge(hashlists::router())
}
