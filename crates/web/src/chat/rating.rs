//! The short anonymous rating after a chat (`/{lang}/followup/chat/rating`,
//! `POST /api/v1/chat/rating`): two questions, counted for the organisation that answered,
//! never kept with the chat (`service::ratings`). The child's chat page asks the two
//! questions as soon as the chat ends, and the follow-up page links here while the last
//! answered chat is unrated.

use crate::base::auth::ApiSurvivor;
use crate::base::auth::PageSurvivor;
use crate::base::error::ApiError;
use crate::base::error::PageError;
use crate::base::extract::ApiLang;
use crate::base::extract::JsonFields;
use crate::base::extract::JsonObject;
use crate::base::extract::PageForm;
use crate::base::extract::PageLang;
use crate::base::layout::page;
use crate::parts::i18n::Lang;
use crate::service::case::Fail;
use crate::service::ratings::{offer, rate, COME_BACK, LISTENED};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Json;
use maud::{html, Markup};
use serde::Serialize;
use std::collections::BTreeMap;

fn form(lang: Lang, token: &str, error: Option<&str>) -> Markup {
    html! {
        h1 { (lang.t("rating-title")) }
        (questions(lang, token, error))
        p { a href={ "/" (lang.code()) "/followup" } { (lang.t("rating-skip")) } }
    }
}

/// On the child's chat page once the chat has ended (the page renders it, and `chat.js`
/// fetches it when the chat ends while the page is open): the same two questions, at once.
pub(crate) fn on_chat_page(lang: Lang, token: &str) -> Markup {
    html! {
        section class="card" id="chat-rating" data-chat-rating aria-labelledby="chat-rating-title" {
            h2 id="chat-rating-title" tabindex="-1" { (lang.t("rating-title")) }
            p { (lang.t("walk-rating-ended")) }
            (questions(lang, token, None))
        }
    }
}

/// The two questions and the send button.
fn questions(lang: Lang, token: &str, error: Option<&str>) -> Markup {
    html! {
        p class="lead" { (lang.t("rating-lead")) }
        @if let Some(e) = error { p class="field-error" role="alert" { (e) } }
        form method="post" action={ "/" (lang.code()) "/followup/chat/rating" } {
            input type="hidden" name="token" value=(token);
            fieldset {
                legend { (lang.t("rating-listened")) }
                @for v in LISTENED {
                    label class="choice" { input type="radio" name="listened" value=(v) required; " " (lang.t(&format!("rating-listened-{v}"))) }
                }
            }
            fieldset {
                legend { (lang.t("rating-come-back")) }
                @for v in COME_BACK {
                    label class="choice" { input type="radio" name="come_back" value=(v) required; " " (lang.t(&format!("rating-come-back-{v}"))) }
                }
            }
            p class="small" { (lang.t("rating-anonymous")) }
            p { button class="primary" type="submit" data-rate { (lang.t("rating-send")) } }
        }
    }
}

/// `GET /{lang}/followup/chat/rating`: the two questions, while the last chat is unrated.
pub(crate) async fn rating_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageSurvivor(survivor): PageSurvivor,
) -> Result<Response, PageError> {
    let l = lang.code();
    let Some(s) = survivor else { return Ok(Redirect::to(&format!("/{l}/followup")).into_response()) };
    let Some(token) = offer(&app, &s.report_id).await.map_err(|f| f.page(lang))? else {
        return Ok(Redirect::to(&format!("/{l}/followup")).into_response());
    };
    Ok(page(lang, &lang.t("rating-title"), form(lang, &token, None)).into_response())
}

/// `POST /{lang}/followup/chat/rating` (token, listened, come_back).
pub(crate) async fn rate_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageForm(f): PageForm<BTreeMap<String, String>>,
) -> Result<Response, PageError> {
    let get = |k: &str| f.get(k).map(String::as_str);
    let token = get("token").unwrap_or_default();
    match rate(&app, token, get("listened"), get("come_back")).await {
        Ok(()) | Err(Fail::Conflict(_)) => {
            let body = html! {
                h1 { (lang.t("rating-thanks")) }
                p { a class="button primary" href={ "/" (lang.code()) "/followup" } { (lang.t("child-back")) } }
            };
            Ok(page(lang, &lang.t("rating-thanks"), body).into_response())
        }
        Err(Fail::Invalid(_)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            page(lang, &lang.t("rating-title"), form(lang, token, Some(&lang.t("rating-both")))),
        )
            .into_response()),
        Err(e) => Err(e.page(lang)),
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct RatingOffer {
    /// The token to rate the last answered chat with, while it is unrated; `null` otherwise.
    token: Option<String>,
}

/// The rating token of the child's last answered chat, while it is unrated.
#[utoipa::path(get, path = "/api/v1/chat/rating", tag = "follow-up", operation_id = "rating_offer",
    responses((status = 200, body = RatingOffer), (status = 401)), security(("bearer" = [])))]
pub async fn offer_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiSurvivor(s): ApiSurvivor,
) -> Result<Json<RatingOffer>, ApiError> {
    let token = offer(&app, &s.report_id).await.map_err(|f| f.api(lang))?;
    Ok(Json(RatingOffer { token }))
}

/// Rate a chat, once (`{"token", "listened": "yes"|"partly"|"no", "come_back": "yes"|"no"}`).
/// Counted for the organisation by month only; 409 for a used or unknown token.
#[utoipa::path(post, path = "/api/v1/chat/rating", tag = "follow-up", operation_id = "rating_send",
    request_body(content = RatingBody, content_type = "application/json"),
    responses((status = 204), (status = 409), (status = 422)))]
pub async fn rate_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    body: JsonObject,
) -> Result<StatusCode, ApiError> {
    let mut f = JsonFields::new(body, &["token", "listened", "come_back"]);
    let (token, listened, come_back) = (f.text("token"), f.text("listened"), f.text("come_back"));
    if let Some(e) = f.finish(lang, None) {
        return Err(e);
    }
    rate(&app, token.as_deref().unwrap_or_default(), listened.as_deref(), come_back.as_deref())
        .await
        .map_err(|f| f.api(lang))?;
    Ok(StatusCode::NO_CONTENT)
}

crate::base::schema::request_body!(
    /// `POST /api/v1/chat/rating`.
    RatingBody => body("Two anonymous answers about a chat",
        vec![("token", text("The rating token (GET /api/v1/chat/rating)"), true),
             ("listened", choice("Did you feel listened to?", LISTENED), true),
             ("come_back", choice("Would you come back?", COME_BACK), true)],
        serde_json::json!({"token": "0".repeat(64), "listened": "yes", "come_back": "yes"}))
);
