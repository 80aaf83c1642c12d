//! The frontline-worker survey.
//!
//! Administrators create a survey (`/{lang}/staff/surveys`), from the ready template or
//! empty, edit its questions in both languages while it is a draft, open it and share its
//! link (`/{lang}/survey/{slug}`, the slug random and unguessable), and close it.
//! Administrators and statisticians see the results as percentages with their n, under
//! the small-number rule of `zeri_domain::survey::results` (`/{lang}/staff/surveys/{id}/results`,
//! CSV, and `GET /api/v1/surveys/{id}/results`). Free text is sealed at rest and shown only
//! to administrators, only when there are at least as many answers as the threshold, never
//! in a CSV or the API.
//!
//! Answering needs no account and leaves nothing about the person: no cookie is set, the
//! address and browser are not stored or logged, the response row holds the day only (no
//! time), its id is random, and nothing goes into the audit chain (whose entries carry the
//! time to the millisecond). The one trace is the gentle per-client throttle, which keeps a
//! keyed digest of the address for the length of a window; here the digest is also keyed
//! with a random value that lives only in this process's memory, so that once the window is
//! over nobody — not even someone holding the database and the master key — can test
//! whether a given address answered. (The limit is then per instance, which is fine for a
//! limit meant only to stop a flood.)

pub mod answer;
pub mod api;
pub mod common;
pub mod edit;
pub mod results;

use crate::survey::answer::answer_page;
use crate::survey::answer::survey_page;
use crate::survey::answer::thanks_page;
use crate::survey::common::RESPONSE_BODY_LIMIT;
use crate::survey::edit::change_page;
use crate::survey::edit::create_page;
use crate::survey::edit::edit_page;
use crate::survey::edit::list_page;
use crate::survey::edit::preview_page;
use crate::survey::results::results_csv;
use crate::survey::results::results_page;
use crate::AppState;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    let r = crate::base::localised(|r, l| {
        r.route(&format!("/{l}/staff/surveys"), get(list_page).post(create_page))
            .route(&format!("/{l}/staff/surveys/{{id}}"), get(edit_page))
            .route(&format!("/{l}/staff/surveys/{{id}}/preview"), get(preview_page))
            .route(&format!("/{l}/staff/surveys/{{id}}/results"), get(results_page))
            .route(&format!("/{l}/staff/surveys/{{id}}/results.csv"), get(results_csv))
            .route(&format!("/{l}/staff/surveys/{{id}}/{{op}}"), post(change_page))
            .route(
                &format!("/{l}/survey/{{slug}}"),
                get(survey_page).post(answer_page).layer(DefaultBodyLimit::max(RESPONSE_BODY_LIMIT)),
            )
            .route(&format!("/{l}/survey/{{slug}}/thanks"), get(thanks_page))
    });
    r.routes(routes!(crate::survey::api::list_api)).routes(routes!(crate::survey::api::results_api))
}
