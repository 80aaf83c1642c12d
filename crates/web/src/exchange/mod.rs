//! Partner hotlines (`zeri-exchange/1`, docs/EXCHANGE.md): administrators register partners
//! (`/{lang}/staff/admin/partners`, `/api/v1/admin/partners…`: `partners.rs`); analysts
//! forward an item to the partner of its hosting country and download exchange documents
//! (`/{lang}/staff/hotline/items/{id}/forward`, `…/exchange.json`,
//! `/api/v1/hotline/items/{id}/forward`, `…/exchange`, `/api/v1/exchange/pending`:
//! `forward.rs`); partners send us items (`POST /api/v1/exchange/items`: `receive.rs`).
//! The rules are in `service::exchange`; the format in `zeri_domain::exchange`.

pub mod forward;
pub mod partners;
pub mod receive;

use crate::AppState;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    let r = crate::base::localised(|r, l| {
        r.route(&format!("/{l}/staff/admin/partners"), get(partners::list_page).post(partners::add_page))
            .route(&format!("/{l}/staff/admin/partners/{{id}}/revoke"), post(partners::revoke_page))
            .route(&format!("/{l}/staff/hotline/items/{{id}}/forward"), post(forward::forward_page))
            .route(&format!("/{l}/staff/hotline/items/{{id}}/exchange.json"), get(forward::export_page))
            .route(&format!("/{l}/staff/hotline/exchange-pending.json"), get(forward::pending_page))
    });
    r.routes(routes!(partners::list_api, partners::add_api))
        .routes(routes!(partners::revoke_api))
        .routes(routes!(forward::forward_api))
        .routes(routes!(forward::export_api))
        .routes(routes!(forward::pending_api))
        .merge(
            OpenApiRouter::new()
                .routes(routes!(receive::receive_api))
                .layer(DefaultBodyLimit::max(zeri_domain::exchange::DOCUMENT_LIMIT)),
        )
}
