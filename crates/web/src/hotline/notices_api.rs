//! Notice and take-down in the API (`/api/v1/hotline/items/{id}/…`): the item's take-down
//! with its timeline, locating it, the notice, the host's answers, re-checks and the
//! analyst's findings. Hotline analysts only (404 for anyone else); every step audited.

use crate::base::auth::{ApiStaff, Staff};
use crate::base::error::ApiError;
use crate::base::extract::{ApiLang, JsonFields, JsonObject};
use crate::parts::i18n::Lang;
use crate::service::notices::{confirm, locate, recheck, record_answer, send_notice, takedown, Takedown};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Serialize;
use zeri_domain::{FieldError, FieldErrors};

/// The entry of the hosts table an item was located at.
#[derive(Serialize, utoipa::ToSchema)]
pub struct NoticeHost {
    id: String,
    name: String,
    /// `hosting_provider` or `platform`.
    kind: String,
    country: Option<String>,
    /// The entry has an abuse contact to send notices to.
    has_abuse_contact: bool,
}

/// One entry of an item's take-down timeline.
#[derive(Serialize, utoipa::ToSchema)]
pub struct NoticeEntry {
    id: String,
    at: i64,
    /// notice | reminder | answer | referral | recheck | gone | still_there
    kind: String,
    /// The analyst's username; absent for the notice job.
    by: Option<String>,
    /// Where its e-mail went.
    to: Option<String>,
    /// A re-check's outcome: a country code, `unknown`, `no-such-host` or `timeout`.
    outcome: Option<String>,
    /// `pending` (waiting for the SMTP server) or `sent`; absent without an e-mail.
    mail_state: Option<String>,
    mailed_at: Option<i64>,
    /// The analyst's text (an answer, a note).
    text: Option<String>,
}

/// An item's notice and take-down.
#[derive(Serialize, utoipa::ToSchema)]
pub struct NoticeTakedown {
    /// ISO 3166-1 alpha-2, once located.
    hosting_country: Option<String>,
    hosting_checked_at: Option<i64>,
    host: Option<NoticeHost>,
    /// When the notice job reminds and re-checks next.
    due_at: Option<i64>,
    removed_at: Option<i64>,
    /// From the first report to being seen gone, in milliseconds.
    time_to_removal_ms: Option<i64>,
    /// Why a notice cannot be sent now (an error code); absent when it can, or was sent.
    notice_blocked: Option<String>,
    /// Oldest first.
    timeline: Vec<NoticeEntry>,
}

fn json(t: Takedown) -> NoticeTakedown {
    NoticeTakedown {
        hosting_country: t.item.hosting_country.clone(),
        hosting_checked_at: t.item.hosting_checked_at,
        host: t.host.map(|h| NoticeHost {
            id: h.id,
            name: h.host.name,
            kind: h.host.kind.as_str().to_owned(),
            country: h.host.country,
            has_abuse_contact: h.host.abuse_email.is_some(),
        }),
        due_at: t.due_at,
        removed_at: t.item.removed_at,
        time_to_removal_ms: t.time_to_removal,
        notice_blocked: if t.noticed { None } else { t.notice_blocked.map(String::from) },
        timeline: t
            .timeline
            .into_iter()
            .map(|e| NoticeEntry {
                id: e.row.id,
                at: e.row.at,
                kind: e.row.kind,
                by: e.by,
                to: e.to,
                outcome: e.row.outcome,
                mail_state: e.row.mail_state,
                mailed_at: e.row.mailed_at,
                text: e.text,
            })
            .collect(),
    }
}

/// An item's notice and take-down: where it was located, the host entry, the timeline of
/// notices, reminders, answers, referrals and re-checks. Audited.
#[utoipa::path(get, path = "/api/v1/hotline/items/{id}/takedown", tag = "hotline", operation_id = "get_item_takedown",
    params(("id" = String, Path)),
    responses((status = 200, body = NoticeTakedown), (status = 401), (status = 404)),
    security(("bearer" = [])))]
pub async fn get_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
    Path(id): Path<String>,
) -> Result<Json<NoticeTakedown>, ApiError> {
    Ok(Json(json(takedown(&app, &s.user, &id, false).await.map_err(|e| e.api(lang))?)))
}

/// What a step that adds to the timeline answers: the item's take-down, `201 Created`.
async fn created(
    app: AppState,
    lang: Lang,
    s: Staff,
    id: String,
) -> Result<(StatusCode, Json<NoticeTakedown>), ApiError> {
    Ok((StatusCode::CREATED, get_api(State(app), ApiLang(lang), ApiStaff(s), Path(id)).await?))
}

/// Where an item is hosted now: its URL's host name resolved (never fetched), placed in a
/// country and matched to the hosts table; recorded on the item. Answers its take-down.
#[utoipa::path(post, path = "/api/v1/hotline/items/{id}/locate", tag = "hotline", operation_id = "locate_item",
    params(("id" = String, Path)),
    responses((status = 200, body = NoticeTakedown), (status = 401), (status = 404),
        (status = 409, description = "No IP-to-country database is configured"),
        (status = 422, description = "The name does not resolve"), (status = 504)),
    security(("bearer" = [])))]
pub async fn locate_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
    Path(id): Path<String>,
) -> Result<Json<NoticeTakedown>, ApiError> {
    locate(&app, &s.user, &id).await.map_err(|e| e.api(lang))?;
    get_api(State(app), ApiLang(lang), ApiStaff(s), Path(id)).await
}

/// Sends the notice to the host's abuse contact (an item assessed illegal, hosted in
/// Albania, at an entry with an abuse contact) and the referral to the police's cybercrime
/// unit; both e-mails wait in the outbox until the SMTP server takes them. 409 with the
/// reason (`notice-not-in-albania`, `notice-no-abuse-contact`, …) otherwise.
#[utoipa::path(post, path = "/api/v1/hotline/items/{id}/notices", tag = "hotline", operation_id = "send_item_notice",
    params(("id" = String, Path)),
    responses((status = 201, body = NoticeTakedown), (status = 401), (status = 404), (status = 409)),
    security(("bearer" = [])))]
pub async fn notice_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
    Path(id): Path<String>,
) -> Result<(StatusCode, Json<NoticeTakedown>), ApiError> {
    send_notice(&app, &s.user, &id).await.map_err(|e| e.api(lang))?;
    created(app, lang, s, id).await
}

/// Records the host's answer to a notice (`text`, sealed at rest): the next pass of the
/// notice job re-checks the item instead of reminding the host.
#[utoipa::path(post, path = "/api/v1/hotline/items/{id}/answers", tag = "hotline", operation_id = "record_notice_answer",
    params(("id" = String, Path)),
    request_body(content = NoticeAnswerBody, content_type = "application/json"),
    responses((status = 201, body = NoticeTakedown), (status = 400), (status = 401), (status = 404), (status = 409),
        (status = 415), (status = 422)),
    security(("bearer" = [])))]
pub async fn answer_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
    Path(id): Path<String>,
    body: JsonObject,
) -> Result<(StatusCode, Json<NoticeTakedown>), ApiError> {
    let mut f = JsonFields::new(body, &["text"]);
    let text = f.text("text").unwrap_or_default();
    if let Some(err) = f.finish(lang, None) {
        return Err(err);
    }
    record_answer(&app, &s.user, &id, &text).await.map_err(|e| e.api(lang))?;
    created(app, lang, s, id).await
}

/// Re-checks where the item is hosted (resolution again, recorded in the timeline).
#[utoipa::path(post, path = "/api/v1/hotline/items/{id}/rechecks", tag = "hotline", operation_id = "recheck_item",
    params(("id" = String, Path)),
    responses((status = 201, body = NoticeTakedown), (status = 401), (status = 404), (status = 409), (status = 504)),
    security(("bearer" = [])))]
pub async fn recheck_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
    Path(id): Path<String>,
) -> Result<(StatusCode, Json<NoticeTakedown>), ApiError> {
    recheck(&app, &s.user, &id).await.map_err(|e| e.api(lang))?;
    created(app, lang, s, id).await
}

/// The analyst's finding: `gone` (the item's removal time, which ends its reminders) or
/// `still_there` (the host is reminded after the configured days); an optional `note`.
#[utoipa::path(post, path = "/api/v1/hotline/items/{id}/findings", tag = "hotline", operation_id = "record_item_finding",
    params(("id" = String, Path)),
    request_body(content = NoticeFindingBody, content_type = "application/json"),
    responses((status = 201, body = NoticeTakedown), (status = 400), (status = 401), (status = 404), (status = 409),
        (status = 415), (status = 422)),
    security(("bearer" = [])))]
pub async fn finding_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
    Path(id): Path<String>,
    body: JsonObject,
) -> Result<(StatusCode, Json<NoticeTakedown>), ApiError> {
    let mut f = JsonFields::new(body, &["finding", "note"]);
    let finding = f.text("finding");
    let note = f.text("note").unwrap_or_default();
    let gone = match finding.as_deref() {
        Some("gone") => Some(true),
        Some("still_there") => Some(false),
        _ => None,
    };
    let e = match (&finding, gone) {
        (None, _) => Some(FieldErrors::from([("finding", FieldError::new("required-choice"))])),
        (Some(_), None) => Some(FieldErrors::from([("finding", FieldError::new("unknown-choice"))])),
        _ => None,
    };
    if let Some(err) = f.finish(lang, e.as_ref()) {
        return Err(err);
    }
    confirm(&app, &s.user, &id, gone.unwrap_or(false), &note).await.map_err(|e| e.api(lang))?;
    created(app, lang, s, id).await
}

crate::base::schema::request_body!(
    /// `POST /api/v1/hotline/items/{id}/answers`.
    NoticeAnswerBody => body(
        "The host's answer to a notice",
        vec![("text", text("What the host answered (sealed at rest)"), true)],
        serde_json::json!({"text": "Removed on our side, ticket 4711."}),
    )
);

crate::base::schema::request_body!(
    /// `POST /api/v1/hotline/items/{id}/findings`.
    NoticeFindingBody => body(
        "What the analyst found at the address after a re-check",
        vec![
            ("finding", choice("Gone, or still there", ["gone", "still_there"].into_iter()), true),
            ("note", text("A note for the timeline"), false),
        ],
        serde_json::json!({"finding": "still_there"}),
    )
);
