//! The quick exit (`GET /leave`): a plain link on every public page, the red button, also
//! taken by Escape twice. It ends the child's follow-up (and so chat) session on the server,
//! asks the browser to forget this site (`Clear-Site-Data`), and sends it to a neutral site
//! in the same answer, so Back finds nothing that opens the report: the follow-up page asks
//! for the receipt again. A GET, so it works without a script; all it can do is end a
//! session, which any other site linking here may do too without harm.

use crate::base::auth::{PageSurvivor, SURVIVOR_COOKIE};
use crate::base::layout::QUICK_EXIT_URL;
use crate::AppState;
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use utoipa_axum::router::OpenApiRouter;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().route("/leave", get(leave))
}

async fn leave(State(app): State<AppState>, PageSurvivor(survivor): PageSurvivor) -> Response {
    if let Some(s) = survivor {
        // Best effort: the browser leaves whatever happens, and forgets the cookie anyway.
        if let Err(e) = crate::service::access::close_session(&app, &s.token).await {
            tracing::warn!(error = %e, "the quick exit could not end a session");
        }
    }
    // A page that moves on at once (a refresh replaces this entry in the history, as the
    // HTML standard says) rather than a redirect, so the browser takes `Clear-Site-Data`
    // from a page of its own before it goes; it says nothing of this site.
    let body = format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta name=\"referrer\" content=\"no-referrer\">\
         <meta http-equiv=\"refresh\" content=\"0; url={QUICK_EXIT_URL}\"><title></title></head>\
         <body><a href=\"{QUICK_EXIT_URL}\" rel=\"noreferrer\">&rarr;</a></body></html>"
    );
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8")),
            (
                header::HeaderName::from_static("clear-site-data"),
                HeaderValue::from_static("\"cache\", \"cookies\", \"storage\""),
            ),
            crate::base::auth::clear_cookie(&app, SURVIVOR_COOKIE),
        ],
        body,
    )
        .into_response()
}
