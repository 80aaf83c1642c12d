//! The helpline as a team (`/{lang}/staff/supervision`, `/{lang}/staff/contacts`):
//! recording every contact with its disposition and CHI category, the yearly CHI export,
//! canned responses, and the supervisor's live queue, quality review, closure approval and
//! figures. Reading a chat along and coaching are in `chat::supervise` (they show the chat).

pub mod contacts;
pub mod pages;
pub mod review;

use crate::AppState;
use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;

pub fn router() -> OpenApiRouter<AppState> {
    crate::base::localised(|r, l| {
        r.route(&format!("/{l}/staff/supervision"), get(pages::queue_page))
            .route(&format!("/{l}/staff/supervision/figures"), get(pages::figures_page))
            .route(&format!("/{l}/staff/supervision/settings"), post(pages::settings_form))
            .route(&format!("/{l}/staff/supervision/canned"), get(pages::canned_page).post(pages::canned_form))
            .route(&format!("/{l}/staff/supervision/canned/{{id}}/delete"), post(pages::canned_delete))
            .route(&format!("/{l}/staff/supervision/closures/{{report}}"), post(review::closure_form))
            .route(&format!("/{l}/staff/supervision/reviews"), get(review::sample_page))
            .route(
                &format!("/{l}/staff/supervision/reviews/{{record}}"),
                get(review::review_page).post(review::review_form),
            )
            .route(&format!("/{l}/staff/contacts/chi.csv"), get(contacts::chi_csv))
            .route(&format!("/{l}/staff/contacts/phone"), get(contacts::phone_page).post(contacts::phone_form))
            .route(&format!("/{l}/staff/contacts/chat/{{chat}}"), get(contacts::chat_page).post(contacts::chat_form))
    })
}
