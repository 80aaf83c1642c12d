//! The follow-up API: `POST /api/v1/followup/session`, `GET /api/v1/followup`, messages and evidence.

use crate::base::auth::ApiSurvivor;
use crate::base::error::ApiError;
use crate::base::extract::ApiLang;
use crate::base::extract::JsonFields;
use crate::base::extract::JsonObject;
use crate::base::upload::Files;
use crate::followup::pages::MessageForm;
use crate::parts::i18n::org_name;
use crate::service::messages::add_survivor_message;
use crate::service::messages::event_text;
use crate::service::messages::load_status;
use crate::service::receipts::open_with_receipt;
use crate::service::receipts::ClientId;
use crate::service::receipts::Opened;
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Serialize;
use zeri_domain::report::validate_message;
use zeri_domain::Stage;

// ----- API -----

#[derive(Serialize, utoipa::ToSchema)]
pub struct SessionOpened {
    /// Bearer token for `/api/v1/followup…`; ends after 30 idle minutes.
    token: String,
}

/// Open a follow-up session with a receipt.
///
/// A wrong and an unknown receipt get the same 401. Failed attempts are limited per
/// client and overall (429 with `Retry-After`).
#[utoipa::path(post, path = "/api/v1/followup/session", tag = "follow-up",
    request_body(content = ReceiptBody, content_type = "application/json"),
    responses((status = 201, body = SessionOpened), (status = 401), (status = 422), (status = 429)))]
pub async fn open_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    client: ClientId,
    body: JsonObject,
) -> Result<(StatusCode, Json<SessionOpened>), ApiError> {
    let mut f = JsonFields::new(body, &["receipt"]);
    let receipt = f.text("receipt");
    let missing = receipt
        .is_none()
        .then(|| zeri_domain::FieldErrors::from([("receipt", zeri_domain::FieldError::new("required"))]));
    if let Some(err) = f.finish(lang, missing.as_ref()) {
        return Err(err);
    }
    match open_with_receipt(&app, client, receipt.as_deref().unwrap_or_default())
        .await
        .map_err(|e| ApiError::internal(lang, e))?
    {
        Opened::Session(token) => Ok((StatusCode::CREATED, Json(SessionOpened { token }))),
        Opened::Refused => Err(ApiError::new(StatusCode::UNAUTHORIZED, "receipt-refused", lang)),
        Opened::Throttled { retry_after } => Err(ApiError::too_many(lang, retry_after)),
    }
}

/// End the follow-up session.
#[utoipa::path(delete, path = "/api/v1/followup/session", tag = "follow-up", responses((status = 204), (status = 401)),
    security(("bearer" = [])))]
pub async fn close_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiSurvivor(s): ApiSurvivor,
) -> Result<StatusCode, ApiError> {
    crate::service::access::close_session(&app, &s.token).await.map_err(|e| ApiError::internal(lang, e))?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct FollowupView {
    #[schema(value_type = String)]
    stage: Stage,
    stage_name: String,
    /// What happens next, in the caller's language.
    next: String,
    /// The child's rights at this stage, one point per item.
    rights: Vec<String>,
    /// Where to complain, one point per item.
    complaints: Vec<String>,
    rights_updated: String,
    messages: Vec<MessageView>,
    /// Every access to and change of the report, by role (never by name).
    accessed: Vec<AccessView>,
    /// When the report's details and messages were erased under the retention rules
    /// (milliseconds since the Unix epoch); messages can no longer be sent.
    erased_at: Option<i64>,
    /// Take-down requests sent with this report's receipt, and how far each went.
    takedowns: Vec<crate::followup::takedowns::TakedownView>,
    /// Who looks after the report now (an organisation, never a person), and whether a
    /// transfer moved it there.
    lead: Option<crate::followup::lead::LeadView>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct MessageView {
    /// `you` or `team`.
    from: &'static str,
    /// Milliseconds since the Unix epoch.
    at: i64,
    body: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct AccessView {
    at: i64,
    /// The role that acted (`counsellor`, …), absent for the child's own actions.
    role: Option<String>,
    /// The organisation that acted (never a person's name).
    organisation: Option<String>,
    action: String,
    text: String,
    /// The reason given, when identities were revealed or a legal duty applied.
    reason: Option<String>,
}

fn points(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect()
}

/// The report's stage, what happens next, rights, messages and access log.
#[utoipa::path(get, path = "/api/v1/followup", tag = "follow-up", responses((status = 200, body = FollowupView), (status = 401)),
    security(("bearer" = [])))]
pub async fn status_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiSurvivor(s): ApiSurvivor,
) -> Result<Json<FollowupView>, ApiError> {
    let status = load_status(&app, &s.report_id)
        .await
        .map_err(|e| ApiError::internal(lang, e))?
        .ok_or(ApiError::not_found(lang))?;
    let stage = status.report.stage;
    Ok(Json(FollowupView {
        lead: status.lead.as_ref().map(|l| crate::followup::lead::view(lang, l)),
        takedowns: status.takedowns.iter().map(|t| crate::followup::takedowns::view(lang, t)).collect(),
        erased_at: status.report.erased_at,
        stage,
        stage_name: lang.t(&stage.name_key()),
        next: lang.t(&stage.next_key()),
        rights: points(&lang.t(&stage.rights_key())),
        complaints: points(&lang.t("rights-complaints")),
        rights_updated: lang.t("rights-updated"),
        messages: status
            .messages
            .into_iter()
            .map(|m| MessageView { from: if m.mine { "you" } else { "team" }, at: m.at, body: m.body })
            .collect(),
        accessed: status
            .events
            .iter()
            .map(|e| AccessView {
                at: e.at,
                role: e.role.map(|r| r.as_str().to_owned()),
                organisation: e.org_id.as_ref().and_then(|o| status.orgs.get(o)).map(|o| org_name(lang, o)),
                action: e.action.clone(),
                text: event_text(lang, e, &status.orgs),
                reason: status.reasons.get(&e.seq).cloned(),
            })
            .collect(),
    }))
}

/// Send a message (or add information) to the team.
#[utoipa::path(post, path = "/api/v1/followup/messages", tag = "follow-up",
    request_body(content = MessageBody, content_type = "application/json"),
    responses((status = 201), (status = 401), (status = 422)), security(("bearer" = [])))]
pub async fn message_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiSurvivor(s): ApiSurvivor,
    body: JsonObject,
) -> Result<StatusCode, ApiError> {
    let mut f = JsonFields::new(body, &["body"]);
    let text = f.text("body");
    let validated = validate_message(text.as_deref());
    if let Some(err) = f.finish(lang, validated.as_ref().err()) {
        return Err(err);
    }
    let report = app
        .store
        .report(&s.report_id)
        .await
        .map_err(|e| ApiError::internal(lang, e))?
        .ok_or(ApiError::not_found(lang))?;
    add_survivor_message(&app, &report, &validated.expect("valid"), Vec::new())
        .await
        .map_err(|e| ApiError::internal(lang, format!("{e:?}")))?;
    Ok(StatusCode::CREATED)
}

/// A message with evidence files (`multipart/form-data`: `body`, and up to five `evidence`
/// files of at most 20 MB each). The message and the files are stored together, or nothing
/// is (422 naming the file at fault: a kind not taken, a damaged image, a decompression
/// bomb).
#[utoipa::path(post, path = "/api/v1/followup/evidence", tag = "follow-up", operation_id = "add_followup_evidence",
    request_body(content = Object, description = "multipart/form-data: body, evidence (files)", content_type = "multipart/form-data"),
    responses((status = 201), (status = 400), (status = 401), (status = 413), (status = 422), (status = 503)),
    security(("bearer" = [])))]
pub async fn evidence_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiSurvivor(s): ApiSurvivor,
    Files(upload): Files,
) -> Result<StatusCode, ApiError> {
    let upload = upload.map_err(|r| r.api(lang))?;
    let form: MessageForm = upload.form().map_err(|r| r.api(lang))?;
    let body = validate_message(form.body.as_deref()).map_err(|e| ApiError::validation(lang, &e))?;
    let report = app
        .store
        .report(&s.report_id)
        .await
        .map_err(|e| ApiError::internal(lang, e))?
        .ok_or(ApiError::not_found(lang))?;
    match add_survivor_message(&app, &report, &body, upload.files).await {
        Ok(()) => Ok(StatusCode::CREATED),
        Err(e) => Err(e.api(lang)),
    }
}

crate::base::schema::request_body!(
    /// `POST /api/v1/followup/session`.
    ReceiptBody => body("The receipt given when the report was sent",
        vec![("receipt", text("20 digits; spaces and dashes are ignored"), true)],
        serde_json::json!({"receipt": "1234-5678-9012-3456-7890"}))
);

crate::base::schema::request_body!(
    /// `POST /api/v1/followup/messages`.
    MessageBody => body("A message to the people handling the report",
        vec![("body", text("At most 2000 characters"), true)],
        serde_json::json!({"body": "He wrote to me again today."}))
);
