//! The hotline's side of take-down requests (`/{lang}/staff/takedowns`,
//! `/api/v1/takedowns…`): the queue of requests an analyst reviews before anything of them
//! reaches a platform (approve, reject with a reason, or ask the child for more), and the
//! CSV export of the approved ones for platforms that do not use the API.

use crate::base::auth::csrf_token;
use crate::base::auth::require_csrf;
use crate::base::auth::ApiStaff;
use crate::base::auth::PageStaff;
use crate::base::auth::Staff;
use crate::base::chrome::logout_form;
use crate::base::error::field_messages;
use crate::base::error::ApiError;
use crate::base::error::PageError;
use crate::base::extract::ApiLang;
use crate::base::extract::JsonFields;
use crate::base::extract::JsonObject;
use crate::base::extract::PageForm;
use crate::base::extract::PageLang;
use crate::base::layout::staff_page;
use crate::now_ms;
use crate::parts::format::datetime;
use crate::parts::format::machine_time;
use crate::parts::i18n::label;
use crate::parts::i18n::Lang;
use crate::service::case::Fail;
use crate::service::sharing::{review, review_queue};
use crate::App;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Json;
use maud::html;
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use zeri_domain::permission::{authorize, Action, Relation};
use zeri_domain::sharing::{RejectReason, Review, Verdict};
use zeri_storage::{NewEvent, TakedownRow};

pub fn router() -> OpenApiRouter<AppState> {
    let r = crate::base::localised(|r, l| {
        r.route(&format!("/{l}/staff/takedowns"), get(list_page).post(export_page))
            .route(&format!("/{l}/staff/takedowns/{{id}}/review"), post(review_page))
    });
    r.routes(routes!(export_api)).routes(routes!(queue_api)).routes(routes!(review_api))
}

fn allowed(s: &Staff) -> bool {
    authorize(s.user.role, Relation::None, false, Action::ExportTakedowns).allowed()
}

/// The first 16 digits of a hash, or a dash once it is forgotten.
fn short(hash: &str) -> &str {
    hash.get(..16).unwrap_or("—")
}

fn state_text(lang: Lang, t: &TakedownRow) -> String {
    if t.withdrawn_at.is_some() {
        return lang.t("takedowns-state-withdrawn");
    }
    let state = label(lang, "takedowns-state", t.review.as_str());
    match t.review_reason {
        Some(r) => format!("{state} ({})", label(lang, "reject-reason", r.as_str())),
        None => state,
    }
}

async fn render(app: &App, lang: Lang, s: &Staff, errors: BTreeMap<String, String>) -> Result<Html<String>, PageError> {
    if !allowed(s) {
        return Err(PageError::new(StatusCode::FORBIDDEN, lang, "forbidden"));
    }
    let internal = |e| PageError::internal(lang, e);
    let queue = review_queue(app, &s.user).await.map_err(|f| f.page(lang))?;
    let new = app.store.takedowns_to_export(true, 100_000).await.map_err(internal)?;
    let recent = app.store.takedowns(false, 50).await.map_err(internal)?;
    let csrf = csrf_token(app, &s.token);
    let l = lang.code();
    Ok(staff_page(
        lang,
        &lang.t("takedowns-title"),
        html! {
            (logout_form(app, lang, s))
            h1 { (lang.t("takedowns-title")) }
            p { (lang.t("takedowns-hint")) }
            @if !errors.is_empty() {
                div class="error-summary" role="alert" { ul { @for (f, e) in &errors { li { (lang.t(&format!("takedowns-field-{f}"))) ": " (e) } } } }
            }
            section id="queue" {
                h2 { (lang.t_args("takedowns-queue", &[("count", (queue.len() as i64).into())])) }
                @if queue.is_empty() { p { (lang.t("takedowns-queue-empty")) } }
                @for t in &queue {
                    article class="card" id={ "review-" (t.id) } {
                        h3 { code { (t.reference) } " · " (datetime(t.created_at)) " · " (label(lang, "evidence-kind", &t.kind)) }
                        p class="meta" {
                            (lang.t(if t.report_id.is_some() { "takedowns-linked" } else { "takedowns-anonymous" }))
                            @if t.review == Review::NeedsMore { " " span class="badge" { (lang.t("takedowns-state-needs-more")) } }
                        }
                        dl class="hashes" {
                            @if let Some(p) = &t.pdq { dt { "PDQ" } dd { code { (short(p)) "…" } " " (lang.t_args("takedowns-quality", &[("quality", t.quality.unwrap_or(0).into())])) } }
                            dt { "MD5" } dd { code { (t.md5) } }
                            dt { "SHA-256" } dd { code { (short(&t.sha256)) "…" } }
                            @if let Some(f) = &t.frames { dt { (lang.t("takedown-frames")) } dd { (f.split_whitespace().count()) } }
                        }
                        form method="post" action={ "/" (l) "/staff/takedowns/" (t.id) "/review" } {
                            input type="hidden" name="csrf" value=(csrf);
                            fieldset {
                                legend { (lang.t("takedowns-verdict")) }
                                @for v in Verdict::ALL {
                                    @let disabled = *v == Verdict::NeedsMore && t.report_id.is_none();
                                    label class="choice" {
                                        input type="radio" name="verdict" value=(v.as_str()) required disabled[disabled];
                                        span { (label(lang, "verdict", v.as_str())) }
                                    }
                                }
                            }
                            label for={ "reason-" (t.id) } { (lang.t("takedowns-reason")) small { (lang.t("takedowns-reason-hint")) } }
                            select id={ "reason-" (t.id) } name="reason" {
                                option value="" { "—" }
                                @for r in RejectReason::ALL { option value=(r.as_str()) { (label(lang, "reject-reason", r.as_str())) } }
                            }
                            p { button class="primary" type="submit" { (lang.t("takedowns-review")) } }
                        }
                    }
                }
            }
            section id="export" {
                h2 { (lang.t("takedowns-export-title")) }
                p class="lead" { (lang.t_args("takedowns-new", &[("count", (new.len() as i64).into())])) }
                form method="post" action={ "/" (l) "/staff/takedowns" } {
                    input type="hidden" name="csrf" value=(csrf);
                    label class="choice" { input type="checkbox" name="all" value="true"; span { (lang.t("takedowns-all")) } }
                    p { button type="submit" { (lang.t("takedowns-export")) } }
                }
            }
            h2 { (lang.t("takedowns-recent")) }
            table {
                thead { tr { th { (lang.t("takedowns-reference")) } th { (lang.t("takedowns-received")) } th { "PDQ" } th { "SHA-256" } th { (lang.t("takedowns-state")) } th { (lang.t("takedowns-exported")) } } }
                tbody { @for t in &recent {
                    tr {
                        td { code { (t.reference) } }
                        td { (datetime(t.created_at)) }
                        td { code { (t.pdq.as_deref().map(short).unwrap_or("—")) } }
                        td { code { (short(&t.sha256)) } }
                        td { (state_text(lang, t)) }
                        td { (t.exported_at.map(datetime).unwrap_or_else(|| "—".into())) }
                    }
                } }
            }
        },
    ))
}

async fn list_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
) -> Result<Html<String>, PageError> {
    render(&app, lang, &s, BTreeMap::new()).await
}

async fn review_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Path(id): Path<String>,
    PageForm(form): PageForm<BTreeMap<String, String>>,
) -> Result<Response, PageError> {
    require_csrf(&app, lang, &s, form.get("csrf").map(String::as_str))?;
    let field = |k: &str| form.get(k).map(String::as_str);
    match review(&app, &s.user, &id, field("verdict"), field("reason")).await {
        Ok(_) => Ok(Redirect::to(&format!("/{}/staff/takedowns#queue", lang.code())).into_response()),
        Err(Fail::Invalid(e)) => {
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&app, lang, &s, field_messages(lang, &e)).await?)
                .into_response())
        }
        Err(f) => Err(f.page(lang)),
    }
}

async fn export_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    PageForm(form): PageForm<BTreeMap<String, String>>,
) -> Result<Response, PageError> {
    require_csrf(&app, lang, &s, form.get("csrf").map(String::as_str))?;
    if !allowed(&s) {
        return Err(PageError::new(StatusCode::FORBIDDEN, lang, "forbidden"));
    }
    export(&app, &s, form.contains_key("all")).await.map_err(|e| PageError::internal(lang, e))
}

/// Export the approved take-down hashes as CSV, for platforms that do not pull them through
/// `/api/v1/hashes`: those not yet exported, or all with `?all=true` (never one unreviewed,
/// rejected or withdrawn). Hotline analysts only; recorded in the audit log.
#[utoipa::path(post, path = "/api/v1/takedowns/export", tag = "evidence", operation_id = "export_takedowns",
    params(("all" = Option<bool>, Query)),
    responses((status = 200, content_type = "text/csv", description = "reference, received, kind, pdq, quality, md5, sha256, orientations, video_frames"),
        (status = 401), (status = 403)),
    security(("bearer" = [])))]
pub async fn export_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
    axum::extract::Query(q): axum::extract::Query<BTreeMap<String, String>>,
) -> Result<Response, ApiError> {
    if !allowed(&s) {
        return Err(ApiError::new(StatusCode::FORBIDDEN, "forbidden", lang));
    }
    let all = q.get("all").is_some_and(|v| v == "true");
    export(&app, &s, all).await.map_err(|e| ApiError::internal(lang, e))
}

async fn export(app: &App, s: &Staff, all: bool) -> Result<Response, String> {
    let rows = app.store.takedowns_to_export(!all, 1_000_000).await.map_err(|e| e.to_string())?;
    let mut csv = csv::Writer::from_writer(Vec::new());
    let header = ["reference", "received", "kind", "pdq", "quality", "md5", "sha256", "orientations", "video_frames"];
    csv.write_record(header).map_err(|e| e.to_string())?;
    for t in &rows {
        let received = machine_time(t.created_at);
        let quality = t.quality.map(|q| q.to_string()).unwrap_or_default();
        csv.write_record([
            t.reference.as_str(),
            received.as_str(),
            t.kind.as_str(),
            t.pdq.as_deref().unwrap_or(""),
            quality.as_str(),
            t.md5.as_str(),
            t.sha256.as_str(),
            t.dihedral.as_deref().unwrap_or(""),
            t.frames.as_deref().unwrap_or(""),
        ])
        .map_err(|e| e.to_string())?;
    }
    let bytes = csv.into_inner().map_err(|e| e.to_string())?;
    let ids: Vec<String> = rows.iter().map(|t| t.id.clone()).collect();
    let event = NewEvent {
        at: now_ms(),
        staff_id: Some(s.user.id.clone()),
        role: Some(s.user.role),
        org_id: s.user.org_id.clone(),
        action: "takedowns-exported",
        detail: Some(rows.len().to_string()),
        ..NewEvent::default()
    };
    app.store.mark_takedowns_exported(&ids, now_ms(), &event).await.map_err(|e| e.to_string())?;
    tracing::info!(count = rows.len(), "take-down hashes exported");
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"takedown-hashes.csv\"".to_owned()),
        ],
        bytes,
    )
        .into_response())
}

/// A take-down request waiting for review.
#[derive(Serialize, utoipa::ToSchema)]
pub struct QueuedTakedown {
    id: String,
    reference: String,
    /// Milliseconds since the Unix epoch.
    received_at: i64,
    /// `image` or `video`.
    kind: String,
    /// `unreviewed`, or `needs_more` (the child was asked for more).
    review: String,
    /// Joined to a report (the child can be asked for more through its messages).
    linked: bool,
    md5: String,
    sha256: String,
    pdq: Option<String>,
    quality: Option<i64>,
    /// How many video frames were hashed.
    frames: usize,
}

/// The take-down requests waiting for review, oldest first (hotline analysts).
#[utoipa::path(get, path = "/api/v1/takedowns", tag = "evidence", operation_id = "takedown_queue",
    responses((status = 200, body = [QueuedTakedown]), (status = 401), (status = 403)), security(("bearer" = [])))]
pub async fn queue_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
) -> Result<Json<Vec<QueuedTakedown>>, ApiError> {
    let queue = review_queue(&app, &s.user).await.map_err(|f| f.api(lang))?;
    Ok(Json(
        queue
            .into_iter()
            .map(|t| QueuedTakedown {
                frames: t.frames.as_deref().map(|f| f.split_whitespace().count()).unwrap_or(0),
                linked: t.report_id.is_some(),
                review: t.review.as_str().to_owned(),
                id: t.id,
                reference: t.reference,
                received_at: t.created_at,
                kind: t.kind,
                md5: t.md5,
                sha256: t.sha256,
                pdq: t.pdq,
                quality: t.quality,
            })
            .collect(),
    ))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct TakedownReviewed {
    /// `approved` (its hashes are shared now), `rejected` or `needs_more`.
    review: String,
}

/// Review a take-down request before its hashes are shared: `approve`, `reject` with a
/// `reason` (`duplicate`, `low_quality`, `out_of_scope`, `other`), or `needs_more` (only for
/// a request joined to a report: ask the child through its messages). Audited; the child
/// sees it. 409 when it was decided or withdrawn meanwhile.
#[utoipa::path(post, path = "/api/v1/takedowns/{id}/review", tag = "evidence", operation_id = "review_takedown",
    params(("id" = String, Path)),
    request_body(content = TakedownReviewBody, content_type = "application/json"),
    responses((status = 200, body = TakedownReviewed), (status = 400), (status = 401), (status = 403), (status = 404),
        (status = 409), (status = 415), (status = 422)),
    security(("bearer" = [])))]
pub async fn review_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
    Path(id): Path<String>,
    body: JsonObject,
) -> Result<Json<TakedownReviewed>, ApiError> {
    crate::service::sharing::allowed(&s.user, Action::ReviewTakedowns).map_err(|f| f.api(lang))?;
    let mut f = JsonFields::new(body, &["verdict", "reason"]);
    let (verdict, reason) = (f.text("verdict"), f.text("reason"));
    if let Some(e) = f.finish(lang, None) {
        return Err(e);
    }
    let to = review(&app, &s.user, &id, verdict.as_deref(), reason.as_deref()).await.map_err(|f| f.api(lang))?;
    Ok(Json(TakedownReviewed { review: to.as_str().to_owned() }))
}

crate::base::schema::request_body!(
    /// `POST /api/v1/takedowns/{id}/review`.
    TakedownReviewBody => {
        use zeri_domain::sharing::{RejectReason, Verdict};
        body("An analyst's verdict on a take-down request",
            vec![
                ("verdict", choice("What to do with it", Verdict::ALL.iter().map(|v| v.as_str())), true),
                ("reason", choice("Why not (with `reject` only)", RejectReason::ALL.iter().map(|r| r.as_str())), false),
            ],
            serde_json::json!({"verdict": "approve"}))
    }
);
