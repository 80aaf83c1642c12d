//! The web face of Zëri: server-rendered pages (Albanian first, English), the JSON API
//! under `/api/v1/`, and the headers that keep both confidential.
//!
//! Layers, imports running down only: the capabilities (one folder each, never naming each
//! other) → [`base`] (errors, extractors, layout) → [`service`] (no axum, no maud: the one
//! path to a case) → [`parts`] (i18n, mail, the chat hub, the matcher) → [`state`].
//!
//! | URL prefix | capability |
//! |---|---|
//! | `/`, `/{lang}`, `/{lang}/learn`, `/{lang}/leaflet`, `/{lang}/staff/guides`, `/static`, `/healthz`, `/readyz` | [`public`] |
//! | `/{lang}/report`, `/api/v1/reports`, `/{lang}/staff/phone` | [`reporting`] |
//! | `/{lang}/followup` (and `/{lang}/followup/takedowns/{id}/withdraw`), `/api/v1/followup` | [`followup`] |
//! | `/{lang}/followup/chat`, `/followup/chat/…`, `/{lang}/staff/chats` | [`chat`] |
//! | `/{lang}/staff/reports/{id}` (evidence opened: `/…/evidence/{e}`, `/media`, `/done`), `/api/v1/cases` | [`casework`] |
//! | `/{lang}/staff` (sign-in, home, tasks), `/{lang}/staff/notifications`, `/api/v1/auth`, `/api/v1/tasks` | [`staff`] |
//! | `/{lang}/staff/admin` (accounts, organisations, hosts, platforms), `/api/v1/admin`, `/api/v1/organisations` | [`admin`] |
//! | `/{lang}/takedown`, `/api/v1/takedown`, `/{lang}/staff/takedowns`, `/api/v1/takedowns`, `/api/v1/hashes` (platforms), `/{lang}/staff/hashlists`, `/api/v1/hashlists` | [`evidence`] |
//! | `/{lang}/help`, `/{lang}/coverage`, `/api/v1/services`, `/hsds`, `/{lang}/staff/directory` | [`directory`] |
//! | `/{lang}/report-link`, `/api/v1/content-reports`, `/{lang}/staff/hotline`, `/api/v1/hotline` | [`hotline`] |
//! | `/{lang}/statistics`, `/api/v1/statistics` | [`statistics`] |
//! | `/{lang}/staff/surveys`, `/{lang}/survey`, `/api/v1/surveys` | [`survey`] |
//! | `/api/v1/hosting` | [`hosting`] |
//! | `/{lang}/staff/wellbeing`, `/{lang}/staff/admin/wellbeing`, `/api/v1/wellbeing`, `/api/v1/admin/wellbeing` | [`wellbeing`] |
//! | `/{lang}/staff/supervision`, `/{lang}/staff/contacts` (contact records, the CHI export) | [`supervision`] |
//! | `/api/openapi.json` | [`openapi`] |

use axum::extract::{DefaultBodyLimit, MatchedPath, Request};
use axum::http::{header, HeaderName, HeaderValue};
use axum::response::{IntoResponse, Redirect};
use axum::routing::get;
use axum::Router;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};

pub mod base;
pub mod parts;
pub mod service;
pub mod state;

mod admin;
mod casework;
mod chat;
mod directory;
mod evidence;
mod exchange;
mod followup;
mod hosting;
mod hotline;
pub mod public;
mod reporting;
mod staff;
mod statistics;
mod supervision;
mod survey;
mod wellbeing;

#[doc(hidden)]
pub mod fuzzing;
mod openapi;

pub use parts::format::datetime as format_datetime;
pub use parts::i18n::Lang;
pub use parts::mail::MailConfig;
pub use service::directory::{refresh_loop as directory_refresh_loop, seed as seed_directory, to_row as directory_row};
pub use service::exports::trace as trace_export;
pub use service::notices::notice_loop;
pub use service::notify::mail_loop;
pub use service::staff::{create_staff, NewStaff, StaffError};
pub use state::*;
pub use zeri_storage::now_ms;

/// The router of the metrics listener (`--metrics-listen`): `/metrics` only.
pub fn metrics_router(state: AppState) -> Router {
    base::metrics::router(state)
}

const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; \
                   connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

pub fn router(state: AppState) -> Router {
    let secure = state.config.secure_cookies;
    let metrics = state.clone();
    // The API document is collected from the same routers that serve the routes.
    let (routes, doc) =
        utoipa_axum::router::OpenApiRouter::with_openapi(<openapi::ApiDoc as utoipa::OpenApi>::openapi())
            .merge(public::router())
            .merge(reporting::router())
            .merge(followup::router())
            .merge(chat::router())
            .merge(casework::router())
            .merge(staff::router())
            .merge(admin::router())
            .merge(evidence::router())
            .merge(hotline::router())
            .merge(exchange::router())
            .merge(directory::router())
            .merge(statistics::router())
            .merge(survey::router())
            .merge(hosting::router())
            .merge(wellbeing::router())
            .merge(supervision::router())
            .split_for_parts();
    let mut app = Router::new()
        .route("/", get(|| async { Redirect::to("/sq") }))
        // People and tools often type the language root with a slash.
        .route("/sq/", get(|| async { Redirect::permanent("/sq") }))
        .route("/en/", get(|| async { Redirect::permanent("/en") }))
        .merge(routes)
        .merge(openapi::router(doc))
        .fallback(base::error::not_found)
        .with_state(state)
        // Latency by route template for the metrics (served on their own listener only).
        .layer(axum::middleware::from_fn_with_state(metrics, base::metrics::track))
        // Pages know their own address, so the language switch keeps the page.
        .layer(axum::middleware::from_fn(base::layout::remember_path))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        // Pages open on a weak 3G connection: every answer is compressed when the client can.
        .layer(tower_http::compression::CompressionLayer::new().gzip(true))
        // A bug must not drop the connection or show internals: a bare 500, and the log says
        // which request (by route, never its content).
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(|_: Box<dyn std::any::Any + Send>| {
            tracing::error!("a handler panicked");
            base::error::ApiError::new(axum::http::StatusCode::INTERNAL_SERVER_ERROR, "internal", Lang::En)
                .into_response()
        }));
    // The take-down page sets its own policy (it runs WebAssembly); every other answer gets this.
    app = app
        .layer(SetResponseHeaderLayer::if_not_present(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP)));
    let headers: [(HeaderName, &'static str); 7] = [
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (
            HeaderName::from_static("permissions-policy"),
            "camera=(), microphone=(), geolocation=(self), interest-cohort=()",
        ),
        (HeaderName::from_static("cross-origin-opener-policy"), "same-origin"),
        (HeaderName::from_static("cross-origin-resource-policy"), "same-origin"),
        (header::X_DNS_PREFETCH_CONTROL, "off"),
    ];
    for (name, value) in headers {
        app = app.layer(SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value)));
    }
    // Nothing is cached unless a handler says so (only the static assets do).
    app =
        app.layer(SetResponseHeaderLayer::if_not_present(header::CACHE_CONTROL, HeaderValue::from_static("no-store")));
    if secure {
        app = app.layer(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        ));
    }
    app.layer(
        // Spans carry the method and the matched route, never the URI, a header or the peer.
        TraceLayer::new_for_http()
            .make_span_with(|req: &Request| {
                let route = req.extensions().get::<MatchedPath>().map(MatchedPath::as_str).unwrap_or("(unmatched)");
                tracing::info_span!("http", method = %req.method(), route)
            })
            .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
    )
}
