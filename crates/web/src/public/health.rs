//! `GET /healthz`: 200 when the database answers.

use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(healthz))
}

/// 200 when the database answers, 503 otherwise.
#[utoipa::path(get, path = "/healthz", responses((status = 200, description = "The database is reachable"), (status = 503)))]
pub async fn healthz(State(app): State<AppState>) -> (StatusCode, Json<Value>) {
    match app.store.ping().await {
        Ok(()) => (StatusCode::OK, Json(json!({"status": "ok"}))),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, Json(json!({"status": "unavailable"})))
        }
    }
}
