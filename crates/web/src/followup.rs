//! Follow-up with the receipt (`/sq/followup`, `/en/followup`, `/api/v1/followup…`): the
//! stage, what happens next, the child's rights, messages both ways, and who opened the
//! report.
//!
//! A wrong and an unknown receipt get the same answer. Failed attempts are counted per
//! client and for everyone in the database, so the limit holds across restarts and
//! instances.

use std::collections::BTreeMap;

use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use maud::html;
use serde::{Deserialize, Serialize};
use zeri_crypto::Sealer;
use zeri_domain::report::validate_message;
use zeri_domain::{Receipt, Stage};
use zeri_storage::{Author, EventRow, NewEvent, NewMessage, OrgRow, ReportRow, SessionKind, StoreError};

use crate::auth::{self, ApiSurvivor, Survivor, SURVIVOR_COOKIE};
use crate::cases::event_reason;
use crate::error::{field_messages, ApiError, PageError};
use crate::evidence::{self, Files, PrepareError, Refusal, Upload};
use crate::extract::{ApiLang, ClientId, JsonFields, JsonObject, PageForm, PageLang};
use crate::i18n::Lang;
use crate::reports::SubmitError;
use crate::staff::{label, org_name};
use crate::views::{datetime, lines, page, paragraphs};
use crate::{now_ms, wait_message, App, AppState};

pub fn router() -> Router<AppState> {
    let mut r = Router::new();
    for l in Lang::ALL.map(Lang::code) {
        r = r
            .route(&format!("/{l}/followup"), get(status_page).post(open_page))
            .route(
                &format!("/{l}/followup/messages"),
                post(message_page).layer(DefaultBodyLimit::max(evidence::UPLOAD_BODY_LIMIT)),
            )
            .route(&format!("/{l}/followup/leave"), post(leave_page))
            .route(&format!("/{l}/followup/sessions"), post(crate::sessions::book_page));
    }
    r.route("/api/v1/followup/session", post(open_api).delete(close_api))
        .route("/api/v1/followup", get(status_api))
        .route("/api/v1/followup/messages", post(message_api))
        .route(
            "/api/v1/followup/evidence",
            post(evidence_api).layer(DefaultBodyLimit::max(evidence::UPLOAD_BODY_LIMIT)),
        )
}

enum Opened {
    Session(String),
    Refused,
    Throttled { retry_after: u64 },
}

/// What a receipt names, if anything, within the guessing limits.
pub enum ReceiptCheck {
    Found(ReportRow),
    Refused,
    Throttled { retry_after: u64 },
}

/// Checks a receipt within the limits (per client and for everyone, counted in the
/// database); a failure counts against both. Every place that takes a receipt goes
/// through here, so no door is left open to guessing.
pub async fn check_receipt(app: &App, client: ClientId, input: &str) -> Result<ReceiptCheck, StoreError> {
    let cfg = app.config.throttle;
    let window = cfg.window_ms();
    let now = now_ms();
    let client_bucket = app.keys.lookup_digest("throttle-receipt", &client.0);
    let global_bucket = app.keys.lookup_digest("throttle-receipt", b"everyone");
    if app.store.throttle_count(&client_bucket, now, window).await? >= cfg.receipt_per_client
        || app.store.throttle_count(&global_bucket, now, window).await? >= cfg.receipt_global
    {
        return Ok(ReceiptCheck::Throttled { retry_after: cfg.retry_after(now) });
    }
    let report = match Receipt::parse(input) {
        Some(receipt) => {
            let digest = app.keys.lookup_digest("receipt", receipt.digits().as_bytes());
            app.store.report_by_receipt(&digest).await?
        }
        None => None,
    };
    match report {
        Some(report) => Ok(ReceiptCheck::Found(report)),
        None => {
            app.store.throttle_hit(&client_bucket, now, window).await?;
            app.store.throttle_hit(&global_bucket, now, window).await?;
            tracing::info!("receipt refused");
            Ok(ReceiptCheck::Refused)
        }
    }
}

/// Checks a receipt within the limits; opens a survivor session when it names a report.
async fn open_with_receipt(app: &App, client: ClientId, input: &str) -> Result<Opened, StoreError> {
    Ok(match check_receipt(app, client, input).await? {
        ReceiptCheck::Found(report) => {
            Opened::Session(auth::open_session(app, SessionKind::Survivor, &report.id).await?)
        }
        ReceiptCheck::Refused => Opened::Refused,
        ReceiptCheck::Throttled { retry_after } => Opened::Throttled { retry_after },
    })
}

/// A message from the child, with any evidence files: the message, the evidence rows and
/// their audit and custody entries commit together. A reply to a question, or a message on
/// a closed report, puts the report back in front of a counsellor.
async fn add_survivor_message(
    app: &App,
    report: &ReportRow,
    body: &str,
    files: Vec<Upload>,
) -> Result<(), SubmitError> {
    let now = now_ms();
    let sealer = crate::cases::sealer(app, report).await.map_err(|_| SubmitError::Internal("case key".into()))?;
    if sealer.is_destroyed() {
        return Err(SubmitError::Erased);
    }
    let message = new_message(&sealer, &report.id, Author::Survivor, None, body, now);
    let evidence =
        evidence::prepare(app, &sealer, &report.id, Some(&message.id), files).await.map_err(|e| match e {
            PrepareError::Refused(r) => SubmitError::Refused(r),
            PrepareError::Internal(e) => SubmitError::Internal(e),
        })?;
    let event = |action, detail: Option<&str>| NewEvent {
        report_id: Some(report.id.clone()),
        at: now,
        action,
        detail: detail.map(String::from),
        ..NewEvent::default()
    };
    let mut events = vec![event("child-message", None)];
    events.extend(evidence::received_events(&report.id, &evidence));
    if let Err(e) = app.store.insert_message_with_evidence(&message, &evidence, &events).await {
        evidence::discard(app, &evidence).await;
        return Err(e.into());
    }
    evidence::committed(app, &evidence);
    if matches!(report.stage, Stage::WaitingForYou | Stage::Closed) {
        let to = Stage::InReview;
        match app.store.change_stage(&report.id, report.stage, to, &event("stage", Some(to.as_str()))).await {
            Ok(()) | Err(StoreError::Conflict { .. }) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

/// A message sealed under its case's key.
fn new_message(
    sealer: &Sealer,
    report_id: &str,
    author: Author,
    staff_id: Option<&str>,
    body: &str,
    at: i64,
) -> NewMessage {
    let id = uuid::Uuid::new_v4().simple().to_string();
    NewMessage {
        sealed: sealer.seal(body.as_bytes(), zeri_storage::context::message(&id).as_bytes()),
        id,
        report_id: report_id.to_owned(),
        author,
        staff_id: staff_id.map(String::from),
        created_at: at,
        key_id: zeri_storage::context::CASE_KEY_ID.to_owned(),
    }
}

/// Seals a message under its case's key and stores it.
pub async fn store_message(
    app: &App,
    sealer: &Sealer,
    report_id: &str,
    author: Author,
    staff_id: Option<&str>,
    body: &str,
    at: i64,
) -> Result<(), StoreError> {
    app.store.insert_message(&new_message(sealer, report_id, author, staff_id, body, at)).await
}

pub struct Message {
    pub mine: bool,
    pub at: i64,
    pub body: String,
}

/// The report, its messages (decrypted) and what the child sees of its history.
pub struct Status {
    pub report: ReportRow,
    pub messages: Vec<Message>,
    pub events: Vec<EventRow>,
    pub orgs: Orgs,
    /// Stated reasons (for revealing identities, for acting under a legal duty), by entry.
    pub reasons: BTreeMap<i64, String>,
    /// Remote session times offered or booked, not yet over.
    pub slots: Vec<zeri_storage::SlotRow>,
}

pub type Orgs = BTreeMap<String, OrgRow>;

pub async fn load_orgs(app: &App) -> Result<Orgs, StoreError> {
    Ok(app.store.organisations().await?.into_iter().map(|o| (o.id.clone(), o)).collect())
}

/// What the child sees of the audit log: every entry about their report, with repeated
/// readings by the same person within half an hour shown once.
fn child_view(events: Vec<EventRow>) -> Vec<EventRow> {
    let mut out: Vec<EventRow> = Vec::with_capacity(events.len());
    for e in events {
        let reading = matches!(e.action.as_str(), "opened" | "referral-viewed" | "chat-viewed");
        let repeat = reading
            && out
                .iter()
                .rev()
                .any(|p| p.action == e.action && p.staff_id == e.staff_id && e.at - p.at < auth::IDLE_MS);
        if !repeat {
            out.push(e);
        }
    }
    out
}

pub async fn load_messages(app: &App, sealer: &Sealer, report_id: &str, mine: Author) -> Result<Vec<Message>, String> {
    if sealer.is_destroyed() {
        return Ok(Vec::new());
    }
    let rows = app.store.messages(report_id).await.map_err(|e| e.to_string())?;
    rows.into_iter()
        .map(|m| {
            let body =
                sealer.open(&m.sealed, zeri_storage::context::message(&m.id).as_bytes()).map_err(|e| e.to_string())?;
            Ok(Message { mine: m.author == mine, at: m.created_at, body: String::from_utf8_lossy(&body).into_owned() })
        })
        .collect()
}

async fn load_status(app: &App, report_id: &str) -> Result<Option<Status>, String> {
    let Some(report) = app.store.report(report_id).await.map_err(|e| e.to_string())? else { return Ok(None) };
    let sealer = crate::cases::sealer(app, &report).await.map_err(|_| "case key".to_owned())?;
    let messages = load_messages(app, &sealer, report_id, Author::Survivor).await?;
    let events = child_view(app.store.events(report_id).await.map_err(|e| e.to_string())?);
    let reasons = events.iter().filter_map(|e| event_reason(&sealer, e).map(|r| (e.seq, r))).collect();
    let orgs = load_orgs(app).await.map_err(|e| e.to_string())?;
    let now = now_ms();
    let slots = app
        .store
        .slots(report_id)
        .await
        .map_err(|e| e.to_string())?
        .into_iter()
        .filter(|s| s.status != "cancelled" && s.starts_at + s.minutes * 60_000 > now)
        .collect();
    Ok(Some(Status { report, messages, events, orgs, reasons, slots }))
}

/// One line of the child's access log: who (by role and organisation, never by name) did
/// what, when.
pub fn event_text(lang: Lang, e: &EventRow, orgs: &Orgs) -> String {
    event_line(lang, e, orgs, "access", "access-you")
}

/// One line of a report's history as staff read it ("The reporter wrote a message").
pub fn history_text(lang: Lang, e: &EventRow, orgs: &Orgs) -> String {
    event_line(lang, e, orgs, "history", "history-reporter")
}

fn event_line(lang: Lang, e: &EventRow, orgs: &Orgs, prefix: &str, reporter_key: &str) -> String {
    let org_of = |id: &str| orgs.get(id).map(|o| org_name(lang, o)).unwrap_or_else(|| lang.t("org-unknown"));
    let who = match (e.role, &e.org_id) {
        (Some(r), Some(o)) => format!("{} ({})", lang.t(&r.public_name_key()), org_of(o)),
        (Some(r), None) => lang.t(&r.public_name_key()),
        (None, _) => lang.t(reporter_key),
    };
    let detail = e.detail.as_deref().unwrap_or("");
    let mut parts = detail.split(':');
    let (first, second) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let args: Vec<(&str, fluent_bundle::FluentValue)> = match e.action.as_str() {
        "stage" => {
            let stage = Stage::parse(detail).map(|s| lang.t(&s.name_key())).unwrap_or_default();
            vec![("stage", stage.into())]
        }
        "triaged" => vec![("urgency", label(lang, "urgency", detail).into())],
        "outcome" => vec![("outcome", label(lang, "outcome", detail).into())],
        "consent" => vec![
            (
                "recipient",
                match parts.next().filter(|o| !o.is_empty()) {
                    Some(org) => org_of(org),
                    None => label(lang, "recipient", first),
                }
                .into(),
            ),
            ("decision", label(lang, "consent", second).into()),
        ],
        "referral-sent" | "referral-accepted" | "referral-declined" | "referral-completed" | "exported" => {
            vec![("org", org_of(detail).into())]
        }
        "referral-legal-duty" => {
            vec![("org", org_of(first).into()), ("duty", label(lang, "legal-duty", second).into())]
        }
        "team-added" => vec![(
            "member",
            format!(
                "{}{}",
                zeri_domain::Role::parse(first).map(|r| lang.t(&r.public_name_key())).unwrap_or_default(),
                if second.is_empty() { String::new() } else { format!(" ({})", org_of(second)) }
            )
            .into(),
        )],
        _ => vec![],
    };
    let mut all = vec![("who", who.into())];
    all.extend(args);
    lang.t_args(&format!("{prefix}-{}", e.action.replace('_', "-")), &all)
}

// ----- pages -----

#[derive(Deserialize)]
struct ReceiptForm {
    receipt: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct MessageForm {
    pub(crate) body: Option<String>,
}

async fn status_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let survivor = auth::page_survivor(&app, &headers).await.map_err(|e| PageError::internal(lang, e))?;
    let Some(survivor) = survivor else { return Ok(receipt_form(lang, None).into_response()) };
    let Some(status) = load_status(&app, &survivor.report_id).await.map_err(|e| PageError::internal(lang, e))? else {
        return Ok(receipt_form(lang, None).into_response());
    };
    Ok(status_view(lang, &status, None, None).into_response())
}

async fn open_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    client: ClientId,
    PageForm(form): PageForm<ReceiptForm>,
) -> Result<Response, PageError> {
    let input = form.receipt.unwrap_or_default();
    match open_with_receipt(&app, client, &input).await.map_err(|e| PageError::internal(lang, e))? {
        Opened::Session(token) => {
            Ok(([auth::set_cookie(&app, SURVIVOR_COOKIE, &token)], Redirect::to(&format!("/{}/followup", lang.code())))
                .into_response())
        }
        Opened::Refused => {
            Ok((StatusCode::UNAUTHORIZED, receipt_form(lang, Some(lang.t("error-receipt-refused")))).into_response())
        }
        Opened::Throttled { retry_after } => {
            Ok((StatusCode::TOO_MANY_REQUESTS, receipt_form(lang, Some(wait_message(lang, retry_after))))
                .into_response())
        }
    }
}

async fn message_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    headers: HeaderMap,
    Files(upload): Files,
) -> Result<Response, PageError> {
    let Some(Survivor { report_id, .. }) =
        auth::page_survivor(&app, &headers).await.map_err(|e| PageError::internal(lang, e))?
    else {
        return Ok(Redirect::to(&format!("/{}/followup", lang.code())).into_response());
    };
    let status = load_status(&app, &report_id)
        .await
        .map_err(|e| PageError::internal(lang, e))?
        .ok_or(PageError::not_found(lang))?;
    let upload = match upload {
        Ok(u) => u,
        Err(Refusal::BadForm) => return Err(PageError::new(StatusCode::BAD_REQUEST, lang, "bad-form")),
        Err(r) => return Ok((r.status(), status_view(lang, &status, Some(r.message(lang)), None)).into_response()),
    };
    let form: MessageForm = upload.form().map_err(|_| PageError::new(StatusCode::BAD_REQUEST, lang, "bad-form"))?;
    let draft = form.body.clone();
    let refused = |msg: String| status_view(lang, &status, Some(msg), draft.as_deref());
    match validate_message(form.body.as_deref()) {
        Ok(body) => match add_survivor_message(&app, &status.report, &body, upload.files).await {
            Ok(()) => Ok(Redirect::to(&format!("/{}/followup#messages", lang.code())).into_response()),
            Err(SubmitError::Refused(r)) => Ok((r.status(), refused(r.message(lang))).into_response()),
            Err(SubmitError::Erased) => Err(PageError::new(StatusCode::GONE, lang, "report-erased")),
            Err(SubmitError::Internal(e)) => Err(PageError::internal(lang, e)),
        },
        Err(errors) => {
            let mut msg = field_messages(lang, &errors).remove("body").unwrap_or_default();
            if !upload.files.is_empty() {
                msg = format!("{msg} {}", lang.t("evidence-choose-again"));
            }
            Ok((StatusCode::UNPROCESSABLE_ENTITY, refused(msg)).into_response())
        }
    }
}

async fn leave_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    if let Some(s) = auth::page_survivor(&app, &headers).await.map_err(|e| PageError::internal(lang, e))? {
        auth::close_session(&app, &s.token).await.map_err(|e| PageError::internal(lang, e))?;
    }
    Ok(([auth::clear_cookie(&app, SURVIVOR_COOKIE)], Redirect::to(&format!("/{}", lang.code()))).into_response())
}

fn receipt_form(lang: Lang, error: Option<String>) -> Html<String> {
    page(
        lang,
        &lang.t("followup-title"),
        html! {
            h1 { (lang.t("followup-title")) }
            p class="lead" { (lang.t("followup-lead")) }
            form method="post" action={ "/" (lang.code()) "/followup" } {
                label for="receipt" { (lang.t("followup-receipt-label")) small { (lang.t("followup-receipt-hint")) } }
                @if let Some(e) = &error { p class="field-error" role="alert" id="error-receipt" { (e) } }
                input type="text" id="receipt" name="receipt" inputmode="numeric" autocomplete="off" maxlength="40"
                    placeholder="0000-0000-0000-0000-0000" required;
                p { button class="primary" type="submit" { (lang.t("followup-open")) } }
            }
            p class="small" { (lang.t("followup-lost")) }
        },
    )
}

fn status_view(lang: Lang, s: &Status, error: Option<String>, draft: Option<&str>) -> Html<String> {
    let l = lang.code();
    let stage = s.report.stage;
    page(
        lang,
        &lang.t("followup-status-title"),
        html! {
            h1 { (lang.t("followup-status-title")) }
            p { (lang.t("followup-your-report")) " " (datetime(s.report.created_at)) " · "
                (lang.t(&format!("category-{}", s.report.category.as_str().replace('_', "-")))) }
            section class="card" {
                h2 { (lang.t("followup-stage")) " " span class="stage" data-stage=(stage.as_str()) { (lang.t(&stage.name_key())) } }
                h3 { (lang.t("followup-next")) }
                (paragraphs(&lang.t(&stage.next_key())))
                h3 { (lang.t("followup-rights")) }
                (lines(&lang.t(&stage.rights_key())))
                details {
                    summary { (lang.t("followup-complaints")) }
                    (lines(&lang.t("rights-complaints")))
                }
                p class="small" { (lang.t("rights-updated")) }
            }
            @if s.report.erased_at.is_none() && !s.slots.is_empty() {
                (crate::sessions::followup_section(lang, &s.slots))
            }
            @if s.report.erased_at.is_none() {
                section class="card" id="chat-now" {
                    h2 { (lang.t("chat-now")) }
                    p { (lang.t("chat-now-hint")) }
                    p { a class="button primary" href={ "/" (l) "/followup/chat" } { (lang.t("chat-now")) } }
                }
            }
            @if let Some(at) = s.report.erased_at {
                section id="messages" class="card" {
                    p role="status" { (lang.t_args("followup-erased", &[("date", crate::views::date(at).into())])) }
                }
            } @else {
            section id="messages" {
                h2 { (lang.t("followup-messages")) }
                @if s.messages.is_empty() { p { (lang.t("followup-no-messages")) } }
                ul class="messages" {
                    @for m in &s.messages {
                        li class=(if m.mine { "mine" } else { "theirs" }) {
                            span class="meta" { (if m.mine { lang.t("message-from-you") } else { lang.t("message-from-team") }) " · " (datetime(m.at)) }
                            (m.body)
                        }
                    }
                }
                form method="post" action={ "/" (l) "/followup/messages" } enctype="multipart/form-data" {
                    label for="body" { (lang.t("followup-write")) small { (lang.t("followup-write-hint")) } }
                    @if let Some(e) = &error { p class="field-error" role="alert" id="error-body" { (e) } }
                    textarea id="body" name="body" maxlength="4000" required { (draft.unwrap_or("")) }
                    details {
                        summary { (lang.t("followup-attach")) }
                        (crate::reports::evidence_field(lang, &BTreeMap::new()))
                    }
                    p { button class="primary" type="submit" { (lang.t("followup-send")) } }
                }
            }
            }
            section {
                h2 { (lang.t("followup-access")) }
                p class="hint" { (lang.t("followup-access-hint")) }
                ul class="access" {
                    @for e in &s.events {
                        li {
                            span class="meta" { (datetime(e.at)) } (event_text(lang, e, &s.orgs))
                            @if let Some(r) = s.reasons.get(&e.seq) { br; span class="meta" { (lang.t("access-reason")) ": " (r) } }
                        }
                    }
                }
            }
            form method="post" action={ "/" (l) "/followup/leave" } {
                button type="submit" { (lang.t("followup-leave")) }
            }
        },
    )
}

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
    request_body(content = Object, description = "{\"receipt\": \"1234-5678-9012-3456-7890\"}", content_type = "application/json"),
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
    auth::close_session(&app, &s.token).await.map_err(|e| ApiError::internal(lang, e))?;
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
    request_body(content = Object, description = "{\"body\": \"…\"}", content_type = "application/json"),
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
#[utoipa::path(post, path = "/api/v1/followup/evidence", tag = "follow-up",
    request_body(content = Object, description = "multipart/form-data: body, evidence (files)", content_type = "multipart/form-data"),
    responses((status = 201), (status = 400), (status = 401), (status = 413), (status = 422), (status = 503)),
    security(("bearer" = [])))]
pub async fn evidence_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiSurvivor(s): ApiSurvivor,
    Files(upload): Files,
) -> Result<StatusCode, ApiError> {
    let refusal =
        |r: Refusal| ApiError { message: r.message(lang), ..ApiError::new(r.status(), "evidence-refused", lang) };
    let upload = upload.map_err(refusal)?;
    let form: MessageForm = upload.form().map_err(refusal)?;
    let body = validate_message(form.body.as_deref()).map_err(|e| ApiError::validation(lang, &e))?;
    let report = app
        .store
        .report(&s.report_id)
        .await
        .map_err(|e| ApiError::internal(lang, e))?
        .ok_or(ApiError::not_found(lang))?;
    match add_survivor_message(&app, &report, &body, upload.files).await {
        Ok(()) => Ok(StatusCode::CREATED),
        Err(SubmitError::Refused(r)) => Err(refusal(r)),
        Err(SubmitError::Erased) => Err(ApiError::new(StatusCode::GONE, "report-erased", lang)),
        Err(SubmitError::Internal(e)) => Err(ApiError::internal(lang, e)),
    }
}
