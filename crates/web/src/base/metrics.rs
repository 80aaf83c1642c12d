//! Request latency for the metrics (by route template, method and status class), and the
//! router of the metrics listener: `/metrics` only, never merged into the public router.

use axum::extract::{MatchedPath, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::AppState;

/// Times every request and records it under its route template (axum's `MatchedPath`,
/// e.g. `/{lang}/followup`): the path asked for is never read.
pub async fn track(State(app): State<AppState>, req: Request, next: Next) -> Response {
    let started = std::time::Instant::now();
    let method = req.method().clone();
    let route = req.extensions().get::<MatchedPath>().map(|m| m.as_str().to_owned());
    let res = next.run(req).await;
    app.metrics.observe_request(
        method.as_str(),
        route.as_deref(),
        res.status().as_u16(),
        started.elapsed().as_secs_f64(),
    );
    res
}

/// The router of `--metrics-listen`: Prometheus text at `/metrics`, nothing else.
pub fn router(app: AppState) -> Router {
    Router::new().route("/metrics", get(metrics)).with_state(app)
}

async fn metrics(State(app): State<AppState>) -> impl IntoResponse {
    let text = crate::service::ops::scrape(&app).await;
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8"), (header::CACHE_CONTROL, "no-store")], text)
}
