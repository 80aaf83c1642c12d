//! Live chat: a child, signed in with the receipt, writes; an on-duty counsellor (or the
//! psychologist the case was referred to, within the hours they set) answers at once.
//!
//! Transport: the page's script posts each message and listens with server-sent events
//! (`EventSource`), which reconnect by themselves and send the id of the last message they
//! saw (`Last-Event-ID`): the stream starts after it. The database is the only place a
//! message lives (sealed under the case key, in the report's thread), so a dropped
//! connection or a restarted server loses nothing; the in-memory [`Hub`] only wakes the
//! streams at once, and every stream also looks every few seconds (another instance may
//! have stored a message). Sends carry an id made by the page, so a retried send is stored
//! once. Typing is passed on, never stored. Without JavaScript the follow-up messages
//! remain: the same thread, answered when someone can.
//!
//! Nothing of a message reaches a log: handlers log codes only.

pub mod child;
pub mod common;
pub mod rating;
pub mod staff;
pub mod stream;
pub mod supervise;
pub mod talk;

use crate::chat::child::child_end;
use crate::chat::child::child_events;
use crate::chat::child::child_open;
use crate::chat::child::child_page;
use crate::chat::child::child_seen;
use crate::chat::child::child_send;
use crate::chat::child::child_typing;
use crate::chat::staff::blocked_page;
use crate::chat::staff::duty_form;
use crate::chat::staff::end_form;
use crate::chat::staff::handover_form;
use crate::chat::staff::hours_form;
use crate::chat::staff::queue_page;
use crate::chat::staff::staff_events;
use crate::chat::staff::staff_page_handler;
use crate::chat::staff::staff_seen;
use crate::chat::staff::staff_send;
use crate::chat::staff::staff_typing;
use crate::chat::staff::take_form;
use crate::AppState;
use axum::http::{HeaderName, HeaderValue};
use axum::routing::{get, post};
use tower_http::set_header::SetResponseHeaderLayer;
use utoipa_axum::router::OpenApiRouter;

pub fn router() -> OpenApiRouter<AppState> {
    crate::base::localised(|r, l| {
        r.route(&format!("/{l}/followup/chat"), get(child_page))
            .route(&format!("/{l}/followup/chat/rating"), get(rating::rating_page).post(rating::rate_page))
            .route(&format!("/{l}/staff/chats"), get(queue_page))
            .route(&format!("/{l}/staff/chats/duty"), post(duty_form))
            .route(&format!("/{l}/staff/chats/blocked"), get(blocked_page))
            .route(&format!("/{l}/staff/chats/hours"), post(hours_form))
            .route(&format!("/{l}/staff/chats/{{id}}"), get(staff_page_handler))
            .route(&format!("/{l}/staff/chats/{{id}}/take"), post(take_form))
            .route(&format!("/{l}/staff/chats/{{id}}/handover"), post(handover_form))
            .route(&format!("/{l}/staff/chats/{{id}}/end"), post(end_form))
            .route(&format!("/{l}/staff/chats/{{id}}/events"), get(staff_events).layer(unbuffered()))
            .route(&format!("/{l}/staff/chats/{{id}}/send"), post(staff_send))
            .route(&format!("/{l}/staff/chats/{{id}}/typing"), post(staff_typing))
            .route(&format!("/{l}/staff/chats/{{id}}/seen"), post(staff_seen))
            .route(&format!("/{l}/staff/chats/{{id}}/supervise"), get(crate::chat::supervise::supervise_page))
            .route(&format!("/{l}/staff/chats/{{id}}/coach"), post(crate::chat::supervise::coach_form))
    })
    .merge(
        OpenApiRouter::new()
            .route("/followup/chat/open", post(child_open))
            .route("/followup/chat/events", get(child_events).layer(unbuffered()))
            .route("/followup/chat/send", post(child_send))
            .route("/followup/chat/typing", post(child_typing))
            .route("/followup/chat/seen", post(child_seen))
            .route("/followup/chat/end", post(child_end)),
    )
    .routes(utoipa_axum::routes!(rating::offer_api, rating::rate_api))
}

/// `X-Accel-Buffering: no` on the event streams: nginx (and proxies that read it) then pass
/// each event on at once, whatever their buffering settings; an event held in a proxy's
/// buffer would reach the child only when kilobytes more had come.
fn unbuffered() -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::overriding(HeaderName::from_static("x-accel-buffering"), HeaderValue::from_static("no"))
}
