//! The case API under `/api/v1/cases`: the queue, a case, every operation, the testimony,
//! evidence and exports.

use crate::base::auth::ApiStaff;
use crate::base::error::ApiError;
use crate::base::extract::ApiLang;
use crate::base::extract::JsonFields;
use crate::base::extract::JsonObject;
use crate::base::form::api_input;
use crate::base::form::attachment;
use crate::service::case::mask;
use crate::service::case::permitted;
use crate::service::case::queue;
use crate::service::case::suggested_cpu;
use crate::service::case::Fail;
use crate::service::case::Identity;
use crate::service::case::Input;
use crate::service::case::Outcome;
use crate::service::case::TESTIMONY_LIMIT;
use crate::service::case_data::case_data;
use crate::service::case_data::NoteView;
use crate::service::case_data::TaskView;
use crate::service::evidence::OpenRequest;
use crate::service::exports::build;
use crate::service::operations::allowed_ops;
use crate::service::operations::run;
use crate::service::operations::OPERATIONS;
use crate::service::testimony::testimony_download;
use crate::service::testimony::Download;
use crate::service::testimony::Stored;
use crate::service::testimony::UploadStop;
use crate::AppState;
use axum::extract::DefaultBodyLimit;
use axum::extract::Multipart;
use axum::extract::Path;
use axum::extract::State;
use axum::http::header;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use serde::Serialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::router::UtoipaMethodRouterExt;
use utoipa_axum::routes;
use zeri_domain::Action;
use zeri_domain::Relation;
use zeri_storage::ReportRow;
use zeri_storage::StaffRow;

// ----- API -----

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(queue_api))
        .routes(routes!(case_api))
        .routes(routes!(testimony_api, testimony_upload_api).layer(DefaultBodyLimit::max(TESTIMONY_LIMIT + 64 * 1024)))
        .routes(routes!(export_api))
        .routes(routes!(evidence_api))
        .routes(routes!(operation_api))
}

/// Open one piece of evidence: the file as it was received, with a stated reason
/// (`{"reason": "…"}`, 10–500 characters). Every opening enters the chain of custody with
/// the SHA-256 of the file as read, and the child's access log, and counts towards the
/// opener's daily exposure: past the daily limit it is refused (429, `exposure-limit`, with
/// `Retry-After`: the next day in Tirana time); when a break is due it asks for one first
/// (409, `break-due`: send `"confirm_break": true` after the break); a file that matched a
/// known hash list opens only when asked once more (409, `matched-hidden`: send
/// `"show_matched": true`). A refused opening records nothing.
#[utoipa::path(post, path = "/api/v1/cases/{id}/evidence/{evidence}", tag = "evidence", operation_id = "open_evidence",
    params(("id" = String, Path), ("evidence" = String, Path)),
    request_body(content = ReasonBody, content_type = "application/json"),
    responses((status = 200, description = "The file; header X-Evidence-Sha256 is its SHA-256 as read now"),
        (status = 401), (status = 403), (status = 404), (status = 409), (status = 422), (status = 429)),
    security(("bearer" = [])))]
pub async fn evidence_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
    Path((id, evidence)): Path<(String, String)>,
    body: JsonObject,
) -> Result<Response, ApiError> {
    let mut f = JsonFields::new(body, &["reason", "confirm_break", "show_matched"]);
    let reason = f.text("reason");
    let (confirm_break, show_matched) = (f.flag("confirm_break"), f.flag("show_matched"));
    if let Some(e) = f.finish(lang, None) {
        return Err(e);
    }
    let req = OpenRequest {
        reason: reason.as_deref(),
        confirm_break: confirm_break.as_deref() == Some("true"),
        show_matched: show_matched.as_deref() == Some("true"),
    };
    let opened = crate::service::evidence::open(&app, &s.user, &id, &evidence, &req).await.map_err(|f| f.api(lang))?;
    let content_type = crate::service::evidence::Kind::content_type(&opened.row.kind, &opened.bytes);
    let mut res = attachment(content_type, &format!("evidence-{}", opened.row.id), opened.bytes);
    if let Ok(v) = header::HeaderValue::from_str(&opened.sha256_now) {
        res.headers_mut().insert("x-evidence-sha256", v);
    }
    Ok(res)
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Done {
    pub(crate) ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) stage: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) identity: Option<Identity>,
}

impl Done {
    pub fn ok() -> Self {
        Self { ok: true, stage: None, identity: None }
    }
}

/// Every case operation: `take`, `messages`, `stage`, `triage`, `reveal`, `notes`, `tasks`,
/// `task-done`, `consents`, `referrals`, `referral-answer`, `team`, `meetings`, `outcomes`.
#[utoipa::path(post, path = "/api/v1/cases/{id}/{operation}", tag = "cases",
    params(("id" = String, Path), ("operation" = String, Path, description = "take, messages, stage, triage, reveal, notes, tasks, task-done, consents, referrals, referral-answer, team, meetings, outcomes, contacts, sessions or hotline-links (the case's links to the hotline's queue)")),
    request_body(content = OperationBody, content_type = "application/json"),
    responses((status = 200, body = Done), (status = 201, body = Done), (status = 400), (status = 401), (status = 403), (status = 404), (status = 409), (status = 415), (status = 422)),
    security(("bearer" = [])))]
pub async fn operation_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
    Path((id, op)): Path<(String, String)>,
    body: JsonObject,
) -> Result<(StatusCode, Json<Done>), ApiError> {
    let op = op.as_str();
    let (_, known) = OPERATIONS.iter().find(|(name, _)| *name == op).ok_or_else(|| ApiError::not_found(lang))?;
    let input = api_input(body, known, lang)?;
    let outcome = run(&app, &s.user, &id, op, &input, lang).await.map_err(|f| f.api(lang))?;
    // Operations that add a record answer 201, the others 200.
    let status = match op {
        "messages" | "notes" | "tasks" | "consents" | "referrals" | "team" | "meetings" | "outcomes" | "contacts"
        | "sessions" | "hotline-links" | "link" | "transfer" => StatusCode::CREATED,
        _ => StatusCode::OK,
    };
    Ok((
        status,
        Json(match outcome {
            Outcome::Done => Done { ok: true, stage: None, identity: None },
            Outcome::Stage(st) => Done { ok: true, stage: Some(st.as_str().to_owned()), identity: None },
            Outcome::Identity(i) => Done { ok: true, stage: None, identity: Some(i) },
        }),
    ))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CaseSummary {
    id: String,
    case_ref: String,
    stage: String,
    urgency: String,
    category: String,
    age_band: String,
    municipality: Option<String>,
    created_at: i64,
    updated_at: i64,
    awaiting_reply: bool,
    assigned_to_me: bool,
    /// `assigned`, `team`, `referred`, `referral_pending` or `same_org`.
    relation: String,
}

pub(crate) fn summary(user: &StaffRow, r: &ReportRow, relation: Relation) -> CaseSummary {
    CaseSummary {
        id: r.id.clone(),
        case_ref: r.case_ref.clone(),
        stage: r.stage.as_str().to_owned(),
        urgency: r.urgency.as_str().to_owned(),
        category: r.category.as_str().to_owned(),
        age_band: r.age_band.as_str().to_owned(),
        municipality: r.municipality.clone(),
        created_at: r.created_at,
        updated_at: r.updated_at,
        awaiting_reply: r.awaiting_reply,
        assigned_to_me: r.assigned_to.as_deref() == Some(&user.id),
        relation: relation.as_str().to_owned(),
    }
}

/// The cases this user may open or answer (no free text).
#[utoipa::path(get, path = "/api/v1/cases", tag = "cases", responses((status = 200, body = [CaseSummary]), (status = 401), (status = 403)),
    security(("bearer" = [])))]
pub async fn queue_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
) -> Result<Json<Vec<CaseSummary>>, ApiError> {
    let cases = queue(&app, &s.user).await.map_err(|f| f.api(lang))?;
    Ok(Json(cases.iter().map(|(r, rel)| summary(&s.user, r, *rel)).collect()))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CaseDetail {
    #[serde(flatten)]
    summary: CaseSummary,
    /// Operations this user may perform on the case now.
    allowed: Vec<String>,
    reporter: String,
    /// Absent while a referral to the user's organisation waits for an answer.
    description: Option<String>,
    platform: Option<String>,
    links: Vec<String>,
    when: Option<String>,
    contact_method: String,
    /// Masked: revealing identities is a separate, audited action (`reveal`).
    contact_masked: Option<String>,
    has_name: bool,
    has_place: bool,
    suggested_referral: Option<String>,
    /// Absent when the user may not read the conversation with the child.
    messages: Option<Vec<CaseMessage>>,
    notes: Vec<CaseNote>,
    tasks: Vec<CaseTask>,
    consents: Vec<CaseConsent>,
    referrals: Vec<CaseReferral>,
    team: Vec<CaseMember>,
    meetings: Vec<CaseMeeting>,
    testimony: Option<CaseTestimony>,
    outcomes: Vec<CaseOutcomeView>,
    /// What the cases merged into this one still hold, as its page shows it.
    merged: Vec<MergedCaseParts>,
}

/// A case merged into this one: its notes, tasks (closed with `task-done` on this case)
/// and evidence files (opened with `POST /api/v1/cases/{id}/evidence/{evidence}` on this
/// case, with a stated reason).
#[derive(Serialize, utoipa::ToSchema)]
pub struct MergedCaseParts {
    case_ref: String,
    merged_at: i64,
    notes: Vec<CaseNote>,
    tasks: Vec<CaseTask>,
    /// The ids of its evidence files.
    evidence: Vec<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CaseOutcomeView {
    outcome: String,
    support_kind: Option<String>,
    /// Days since 1970-01-01.
    occurred_on: i64,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CaseMessage {
    /// `child` or `team`.
    from: &'static str,
    at: i64,
    body: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CaseNote {
    at: i64,
    author: String,
    body: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CaseTask {
    id: String,
    title: String,
    owner: String,
    due_on: i64,
    done: bool,
}

/// One note as the API shows it, on the case and on each case merged into it.
impl From<&NoteView> for CaseNote {
    fn from(n: &NoteView) -> Self {
        CaseNote { at: n.at, author: n.author.clone(), body: n.body.clone() }
    }
}

/// One task as the API shows it, on the case and on each case merged into it.
impl From<&TaskView> for CaseTask {
    fn from(t: &TaskView) -> Self {
        CaseTask {
            id: t.row.id.clone(),
            title: t.title.clone(),
            owner: t.owner.clone(),
            due_on: t.row.due_on,
            done: t.row.done_at.is_some(),
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CaseConsent {
    recipient: String,
    org: Option<String>,
    giver: String,
    decision: String,
    at: i64,
    explained: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CaseReferral {
    id: String,
    to: String,
    status: String,
    legal_duty: Option<String>,
    note: Option<String>,
    reason: Option<String>,
    answer: Option<String>,
    created_at: i64,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CaseMember {
    username: String,
    role: String,
    org: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CaseMeeting {
    held_on: i64,
    attendees: String,
    decisions: String,
    actions: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CaseTestimony {
    recorded_on: i64,
    size: i64,
    sha256: String,
    file_name: String,
    interviewer: String,
}

/// Open a case (every opening is in the audit log and the child's access log). 404 when
/// the user has no relation to it.
#[utoipa::path(get, path = "/api/v1/cases/{id}", tag = "cases", params(("id" = String, Path)),
    responses((status = 200, body = CaseDetail), (status = 401), (status = 403), (status = 404)), security(("bearer" = [])))]
pub async fn case_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
    Path(id): Path<String>,
) -> Result<Json<CaseDetail>, ApiError> {
    let d = case_data(&app, &s.user, &id).await.map_err(|f| f.api(lang))?;
    let c = &d.case;
    let conf = d.confidential.as_ref();
    let org_name = |id: &str| d.orgs.get(id).map(|o| o.name.clone()).unwrap_or_else(|| id.to_owned());
    Ok(Json(CaseDetail {
        summary: summary(&s.user, &c.report, c.relation),
        allowed: allowed_ops(&s.user, c),
        reporter: c.report.reporter.as_str().to_owned(),
        description: conf.map(|d| d.description.clone()),
        platform: conf.and_then(|d| d.platform.clone()),
        links: conf.map(|d| d.links.clone()).unwrap_or_default(),
        when: conf.map(|d| d.when.as_str().to_owned()),
        contact_method: c.report.contact_method.as_str().to_owned(),
        contact_masked: conf.and_then(|d| d.contact.as_deref().map(mask)),
        has_name: conf.is_some_and(|d| d.name.is_some()),
        has_place: conf.is_some_and(|d| d.place.is_some()),
        suggested_referral: suggested_cpu(&c.report),
        messages: d.messages.as_ref().map(|ms| {
            ms.iter()
                .map(|m| CaseMessage { from: if m.mine { "team" } else { "child" }, at: m.at, body: m.body.clone() })
                .collect()
        }),
        notes: d.notes.iter().map(CaseNote::from).collect(),
        tasks: d.tasks.iter().map(CaseTask::from).collect(),
        consents: d
            .consents
            .iter()
            .map(|v| CaseConsent {
                recipient: v.row.kind.as_str().to_owned(),
                org: v.row.org_id.clone(),
                giver: v.row.giver.as_str().to_owned(),
                decision: v.row.decision.as_str().to_owned(),
                at: v.row.at,
                explained: v.explained.clone(),
            })
            .collect(),
        referrals: d
            .referrals
            .iter()
            .map(|f| CaseReferral {
                id: f.row.id.clone(),
                to: f.row.to_org.clone(),
                status: f.row.status.as_str().to_owned(),
                legal_duty: f.row.legal_duty.map(|l| l.as_str().to_owned()),
                note: f.text.note.clone(),
                reason: f.text.reason.clone(),
                answer: f.answer.clone(),
                created_at: f.row.created_at,
            })
            .collect(),
        team: d
            .team
            .iter()
            .map(|m| CaseMember {
                username: m.user.username.clone(),
                role: m.user.role.as_str().to_owned(),
                org: m.user.org_id.as_deref().map(org_name),
            })
            .collect(),
        meetings: d
            .meetings
            .iter()
            .map(|m| CaseMeeting {
                held_on: m.row.held_on,
                attendees: m.text.attendees.clone(),
                decisions: m.text.decisions.clone(),
                actions: m.text.actions.clone(),
            })
            .collect(),
        testimony: d.testimony.as_ref().map(|(t, meta)| CaseTestimony {
            recorded_on: t.recorded_on,
            size: t.size,
            sha256: t.sha256.clone(),
            file_name: meta.file_name.clone(),
            interviewer: meta.interviewer.clone(),
        }),
        outcomes: d
            .outcomes
            .iter()
            .map(|o| CaseOutcomeView {
                outcome: o.outcome.as_str().to_owned(),
                support_kind: o.support_kind.map(|k| k.as_str().to_owned()),
                occurred_on: o.occurred_on,
            })
            .collect(),
        merged: d
            .merged
            .iter()
            .map(|m| MergedCaseParts {
                case_ref: m.case_ref.clone(),
                merged_at: m.merged_at,
                notes: m.notes.iter().map(CaseNote::from).collect(),
                tasks: m.tasks.iter().map(CaseTask::from).collect(),
                evidence: m.evidence.iter().map(|e| e.id.clone()).collect(),
            })
            .collect(),
    }))
}

/// Download the testimony recording (logged, and shown to the child). Sent as it is
/// opened, chunk by chunk; a damaged file ends the download with an error.
#[utoipa::path(get, path = "/api/v1/cases/{id}/testimony", tag = "cases", params(("id" = String, Path)),
    responses((status = 200, content_type = "application/octet-stream"), (status = 401), (status = 403), (status = 404)),
    security(("bearer" = [])))]
pub async fn testimony_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let d = testimony_download(&app, &s.user, &id).await.map_err(|f| f.api(lang))?;
    Ok(streamed(d))
}

/// The testimony as a download, its body streamed as it is opened.
pub(crate) fn streamed(d: Download) -> Response {
    let disposition = format!("attachment; filename=\"{}\"", d.meta.file_name);
    let mut res = Response::new(axum::body::Body::from_stream(d.body));
    let h = res.headers_mut();
    for (name, value) in [
        (header::CONTENT_TYPE, d.meta.content_type),
        (header::CONTENT_DISPOSITION, disposition),
        (header::CONTENT_LENGTH, d.size.to_string()),
    ] {
        if let Ok(v) = header::HeaderValue::from_str(&value) {
            h.insert(name, v);
        }
    }
    res
}

/// A traceable case package for police or prosecution (`{"recipient": "police", "reason": "…"}`),
/// as a zip. The reason is needed when the package names the child or carries their files.
#[utoipa::path(post, path = "/api/v1/cases/{id}/exports", tag = "cases", operation_id = "export_case", params(("id" = String, Path)),
    request_body(content = ExportBody, content_type = "application/json"),
    responses((status = 200, content_type = "application/zip"), (status = 401), (status = 403), (status = 404), (status = 422)),
    security(("bearer" = [])))]
pub async fn export_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
    Path(id): Path<String>,
    body: JsonObject,
) -> Result<Response, ApiError> {
    let input = crate::base::form::api_input(body, &["recipient", "reason"], lang)?;
    let p = build(&app, &s.user, &id, &input, lang).await.map_err(|f| f.api(lang))?;
    Ok(attachment("application/zip", &p.file_name, p.bytes))
}

/// Why a testimony upload was refused while it was read.
pub(crate) enum UploadRefused {
    /// The page form's first part is not its CSRF token, or not this session's.
    Csrf,
    BadUpload,
    TooLarge,
    Fail(Fail),
}

/// A testimony file as it arrived: its name, content type, and the file in the blob store.
pub(crate) type TestimonyFile = (String, String, Stored);

/// Reads a testimony upload: text fields into an [`Input`], the `file` part streamed into
/// the blob store as it arrives (sealed chunk by chunk, never held whole; see
/// `service::testimony`). With `csrf` (a page form), the first part must be the form's CSRF
/// token and pass the check, or nothing more is read: a forged form never gets its 32 MiB
/// read. A refused upload leaves nothing in the blob store.
pub(crate) async fn read_upload(
    app: &crate::App,
    user: &StaffRow,
    id: &str,
    mut mp: Multipart,
    csrf: Option<&(dyn Fn(&str) -> bool + Sync)>,
) -> Result<(Input, Option<TestimonyFile>), UploadRefused> {
    use axum::extract::multipart::MultipartError;
    let refused = |e: MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            UploadRefused::TooLarge
        } else {
            UploadRefused::BadUpload
        }
    };
    let mut input = Input::default();
    let mut file = None;
    if let Some(check) = csrf {
        let first = mp.next_field().await.map_err(refused)?.ok_or(UploadRefused::Csrf)?;
        if first.name() != Some("csrf") {
            return Err(UploadRefused::Csrf);
        }
        let token = crate::base::upload::small_text(first, 128).await.ok_or(UploadRefused::Csrf)?;
        if !check(&token) {
            return Err(UploadRefused::Csrf);
        }
        input.0.insert("csrf".into(), token);
    }
    while let Some(mut field) = mp.next_field().await.map_err(refused)? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "file" {
            if file.is_some() {
                return Err(UploadRefused::BadUpload); // one recording per testimony
            }
            let file_name = field.file_name().unwrap_or("testimony").to_owned();
            let content_type = field.content_type().unwrap_or("application/octet-stream").to_owned();
            // Started at the first byte: a file input left empty stores nothing.
            let mut upload = None;
            while let Some(piece) = field.chunk().await.map_err(refused)? {
                if piece.is_empty() {
                    continue;
                }
                if upload.is_none() {
                    let started = crate::service::testimony::start_upload(app, user, id).await;
                    upload = Some(started.map_err(UploadRefused::Fail)?);
                }
                let u = upload.as_mut().expect("started above");
                u.write(&piece).await.map_err(|stop| match stop {
                    UploadStop::TooLarge => UploadRefused::TooLarge,
                    UploadStop::Fail(f) => UploadRefused::Fail(f),
                })?;
            }
            if let Some(u) = upload {
                file = Some((file_name, content_type, u.finish(app).await.map_err(UploadRefused::Fail)?));
            }
        } else if name.len() <= 32 {
            let value = field.text().await.map_err(refused)?;
            input.0.insert(name, value);
        }
    }
    Ok((input, file))
}

/// Upload the one testimony of the case (multipart: `file`, `recorded_on`, `interviewer`, `notes`).
#[utoipa::path(post, path = "/api/v1/cases/{id}/testimony", tag = "cases", params(("id" = String, Path)),
    request_body(content = Object, description = "multipart/form-data: file, recorded_on (YYYY-MM-DD), interviewer, notes", content_type = "multipart/form-data"),
    responses((status = 201, body = Done), (status = 400), (status = 401), (status = 403), (status = 404), (status = 409), (status = 413), (status = 422)),
    security(("bearer" = [])))]
pub async fn testimony_upload_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
    Path(id): Path<String>,
    mp: Multipart,
) -> Result<(StatusCode, Json<Done>), ApiError> {
    // Who may add it is known from the token: decided before the body is read.
    permitted(&app, &s.user, &id, Action::AddTestimony).await.map_err(|f| f.api(lang))?;
    let (input, file) = read_upload(&app, &s.user, &id, mp, None).await.map_err(|r| match r {
        UploadRefused::TooLarge => ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "testimony-blob-too-large", lang),
        UploadRefused::Fail(f) => f.api(lang),
        UploadRefused::Csrf | UploadRefused::BadUpload => ApiError::new(StatusCode::BAD_REQUEST, "bad-upload", lang),
    })?;
    crate::service::testimony::add_testimony(&app, &s.user, &id, &input, file).await.map_err(|f| f.api(lang))?;
    Ok((StatusCode::CREATED, Json(Done::ok())))
}

crate::base::schema::request_body!(
    /// `POST /api/v1/cases/{id}/{operation}`: the fields of every operation; each operation
    /// takes only its own (see `service::operations::OPERATIONS`), anything else is an error.
    OperationBody => {
        let mut fields: Vec<(&str, _, bool)> = Vec::new();
        for (_, known) in crate::service::operations::OPERATIONS {
            for k in *known {
                if !fields.iter().any(|(f, _, _)| f == k) {
                    let used: Vec<&str> = crate::service::operations::OPERATIONS
                        .iter()
                        .filter(|(_, ks)| ks.contains(k))
                        .map(|(o, _)| *o)
                        .collect();
                    fields.push((*k, text(&format!("Taken by: {}", used.join(", "))), false));
                }
            }
        }
        body("The text fields of one case operation", fields, serde_json::json!({"body": "We are looking into it."}))
    }
);

crate::base::schema::request_body!(
    /// `POST /api/v1/cases/{id}/evidence/{evidence}`.
    ReasonBody => body("Why the file is opened (recorded in the chain of custody and shown to the child)",
        vec![
            ("reason", text("10 to 500 characters"), true),
            ("confirm_break", flag("The break asked for was taken: go on (recorded as a break)"), false),
            ("show_matched", flag("Open a file that matched a known hash list (it is not opened otherwise)"), false),
        ],
        serde_json::json!({"reason": "Preparing the evidence package for the police."}))
);

crate::base::schema::request_body!(
    /// `POST /api/v1/cases/{id}/exports`.
    ExportBody => body("An evidence package for police or prosecution",
        vec![
            ("recipient", text("The id of a police or prosecution organisation the case may be shared with"), true),
            ("reason", text("Why, 10 to 500 characters: needed when the package names the child or carries their files \
                (recorded sealed with each entry and shown to the child)"), false),
        ],
        serde_json::json!({"recipient": "police", "reason": "The police asked for the evidence of this extortion case."}))
);
