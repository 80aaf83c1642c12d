//! `GET /readyz`: 200 only when this instance can serve (the database, the evidence store
//! and the schema answer); 503 naming the check that failed. `/healthz` says alive.

use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(readyz))
}

/// Readiness: each check by name (`database`, `evidence_store`, `migrations`, and
/// `statistics_database` when one is configured) with `ok`, `failed` or `timeout`. Never an
/// error text, a path or an address.
#[derive(Serialize, ToSchema)]
pub struct OpsReadiness {
    /// `ready` or `unavailable`.
    pub status: &'static str,
    pub checks: BTreeMap<&'static str, &'static str>,
}

/// 200 when the database and the evidence store answer and the applied migrations are the
/// binary's; 503 naming which check failed.
#[utoipa::path(get, path = "/readyz", responses(
    (status = 200, description = "Ready to serve", body = OpsReadiness),
    (status = 503, description = "A check failed; the body names it", body = OpsReadiness),
))]
pub async fn readyz(State(app): State<AppState>) -> (StatusCode, Json<OpsReadiness>) {
    let r = crate::service::ops::readiness(&app).await;
    let ready = r.ready();
    let body = OpsReadiness {
        status: if ready { "ready" } else { "unavailable" },
        checks: r.checks.iter().map(|(name, c)| (*name, c.as_str())).collect(),
    };
    (if ready { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE }, Json(body))
}
