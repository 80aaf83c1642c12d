//! Take-down by hash (`/sq/takedown`, `/en/takedown`, `POST /api/v1/takedown`), and the
//! hotline's export of the collected hashes for platforms.
//!
//! The page computes the hashes of an image or video on the child's own device, with the
//! `zeri-hashing` crate compiled to WebAssembly (`assets/takedown/`): the file never leaves
//! the phone, only its hashes are sent. Without JavaScript the page says so and sends
//! nothing. The child may add their receipt so the request joins their report (and they can
//! follow it); a request without one stands alone.

use crate::base::auth::csrf_token;
use crate::base::auth::require_csrf;
use crate::base::auth::ApiStaff;
use crate::base::auth::PageStaff;
use crate::base::auth::Staff;
use crate::base::chrome::logout_form;
use crate::base::error::ApiError;
use crate::base::error::PageError;
use crate::base::extract::ApiLang;
use crate::base::extract::JsonFields;
use crate::base::extract::JsonObject;
use crate::base::extract::PageForm;
use crate::base::extract::PageLang;
use crate::base::layout::lines;
use crate::base::layout::page;
use crate::base::layout::staff_page;
use crate::now_ms;
use crate::parts::format::datetime;
use crate::parts::i18n::Lang;
use crate::service::receipts::check_receipt;
use crate::service::receipts::ClientId;
use crate::service::receipts::ReceiptCheck;
use crate::App;
use crate::AppState;
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Json;
use maud::html;
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use zeri_domain::permission::{authorize, Action, Relation};
use zeri_storage::{NewEvent, TakedownRow};

/// The take-down page runs WebAssembly (`wasm-unsafe-eval`) and reads a video through a
/// `blob:` URL; everything else as on every page.
const TAKEDOWN_CSP: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
                            img-src 'self' data: blob:; media-src blob:; font-src 'self'; connect-src 'self'; \
                            form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// Most hashes of video frames in one request (one a second: two minutes and more).
const MAX_FRAMES: usize = 300;

/// Take-down requests per client per throttle window: a flood of fake requests stops here.
const PER_CLIENT: i64 = 30;

pub fn router() -> OpenApiRouter<AppState> {
    let r = crate::base::localised(|r, l| {
        r.route(&format!("/{l}/takedown"), get(takedown_page))
            .route(&format!("/{l}/staff/takedowns"), get(staff_page_list).post(export_page))
    });
    r.routes(routes!(submit_api)).routes(routes!(export_api))
}

async fn takedown_page(PageLang(lang): PageLang) -> Response {
    let l = lang.code();
    let body = html! {
        h1 { (lang.t("takedown-title")) }
        p class="lead" { (lang.t("takedown-lead")) }
        section class="card" {
            h2 { (lang.t("takedown-how-title")) }
            (lines(&lang.t("takedown-how")))
        }
        noscript { p class="field-error" { (lang.t("takedown-noscript")) } }
        section id="takedown" data-api="/api/v1/takedown" data-lang=(l) {
            label for="td-file" { (lang.t("takedown-pick")) small { (lang.t("takedown-pick-hint")) } }
            input type="file" id="td-file" accept="image/*,video/*";
            p id="td-working" hidden { (lang.t("takedown-working")) }
            p id="td-error" class="field-error" role="alert" hidden
                data-not_image=(lang.t("takedown-error-not-image")) data-too_large=(lang.t("takedown-error-too-large"))
                data-damaged=(lang.t("takedown-error-damaged")) data-unsupported=(lang.t("takedown-error-unsupported"))
                data-network=(lang.t("takedown-error-network")) data-server=(lang.t("takedown-error-server")) {}
            div id="td-result" hidden {
                p { (lang.t("takedown-result")) }
                dl class="hashes" {
                    dt { "PDQ" } dd { code id="td-pdq" {} " " span id="td-quality" {} }
                    dt { "MD5" } dd { code id="td-md5" {} }
                    dt { "SHA-256" } dd { code id="td-sha256" {} }
                    dt { (lang.t("takedown-frames")) } dd { span id="td-frames" {} }
                }
            }
            form id="td-send" hidden {
                label for="td-receipt" { (lang.t("takedown-receipt")) small { (lang.t("takedown-receipt-hint")) } }
                input type="text" id="td-receipt" name="receipt" autocomplete="off" inputmode="numeric" maxlength="40";
                p { button class="primary" type="submit" { (lang.t("takedown-send")) } }
            }
            div id="td-sent" hidden {
                p class="lead" { (lang.t("takedown-sent")) " " code id="td-reference" {} }
                (lines(&lang.t("takedown-next")))
            }
            p { button id="td-clear" type="button" { (lang.t("takedown-clear")) } }
        }
        section class="card" {
            h2 { (lang.t("takedown-what-title")) }
            (lines(&lang.t("takedown-what")))
        }
        script type="module" src="/static/takedown.js" {}
    };
    let mut res = page(lang, &lang.t("takedown-title"), body).into_response();
    res.headers_mut().insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(TAKEDOWN_CSP));
    res
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct TakedownCreated {
    /// The request's reference, to quote if the child contacts the hotline.
    reference: String,
    /// What happens next, in the caller's language.
    message: String,
}

fn hex_field(f: &mut JsonFields, field: &'static str, len: usize, errors: &mut Vec<&'static str>) -> Option<String> {
    let v = f.text(field)?.trim().to_ascii_lowercase();
    if v.len() == len && v.bytes().all(|b| b.is_ascii_hexdigit()) {
        Some(v)
    } else {
        errors.push(field);
        None
    }
}

/// Send the hashes of an image or video for take-down; the file itself never leaves the
/// device (the page computes the hashes). Body: `kind` (image | video), `md5`, `sha256`,
/// `size`, `pdq` and `quality` (images), `dihedral` (the seven other orientations),
/// `frames` (PDQ of video frames), `receipt` (optional), `lang`.
#[utoipa::path(post, path = "/api/v1/takedown", tag = "reporting", operation_id = "submit_takedown",
    request_body(content = TakedownBody, content_type = "application/json"),
    responses((status = 201, body = TakedownCreated), (status = 401, description = "Receipt not recognised"),
        (status = 422), (status = 429)))]
pub async fn submit_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    client: ClientId,
    JsonObject(mut body): JsonObject,
) -> Result<(StatusCode, Json<TakedownCreated>), ApiError> {
    let lang = body.get("lang").and_then(|v| v.as_str()).and_then(Lang::from_code).unwrap_or(lang);
    let window = app.config.throttle.window_ms();
    let bucket = app.keys.lookup_digest("throttle-takedown", &client.0);
    let now = now_ms();
    if app.store.throttle_hit(&bucket, now, window).await.map_err(|e| ApiError::internal(lang, e))? > PER_CLIENT {
        return Err(ApiError::too_many(lang, app.config.throttle.retry_after(now)));
    }
    // Arrays are checked here and taken out, the rest goes through the usual field reader.
    let mut bad: Vec<&'static str> = Vec::new();
    let hashes = |v: Option<serde_json::Value>, max: usize, field: &'static str, bad: &mut Vec<&'static str>| match v {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::Array(items)) if items.len() <= max => {
            let hexes: Option<Vec<String>> = items
                .iter()
                .map(|i| i.as_str().map(str::to_ascii_lowercase))
                .map(|h| h.filter(|h| h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit())))
                .collect();
            if hexes.is_none() {
                bad.push(field);
            }
            hexes.map(|h| h.join(" "))
        }
        Some(_) => {
            bad.push(field);
            None
        }
    };
    let dihedral = hashes(body.remove("dihedral"), 7, "dihedral", &mut bad);
    let frames = hashes(body.remove("frames"), MAX_FRAMES, "frames", &mut bad);
    let quality = match body.remove("quality") {
        None | Some(serde_json::Value::Null) => None,
        Some(v) => match v.as_i64().filter(|q| (0..=100).contains(q)) {
            Some(q) => Some(q),
            None => {
                bad.push("quality");
                None
            }
        },
    };
    let size = match body.remove("size") {
        Some(v) => v.as_i64().filter(|s| *s >= 0).unwrap_or_else(|| {
            bad.push("size");
            0
        }),
        None => 0,
    };
    body.remove("lang");
    let mut f = JsonFields::new(JsonObject(body), &["kind", "md5", "sha256", "pdq", "receipt"]);
    let kind = f.text("kind").filter(|k| k == "image" || k == "video");
    if kind.is_none() {
        bad.push("kind");
    }
    let md5 = hex_field(&mut f, "md5", 32, &mut bad);
    let sha256 = hex_field(&mut f, "sha256", 64, &mut bad);
    let pdq = hex_field(&mut f, "pdq", 64, &mut bad);
    let receipt = f.text("receipt").filter(|r| !r.trim().is_empty());
    if md5.is_none() && !bad.contains(&"md5") {
        bad.push("md5");
    }
    if sha256.is_none() && !bad.contains(&"sha256") {
        bad.push("sha256");
    }
    if let Some(e) = f.finish(lang, None) {
        return Err(e);
    }
    if !bad.is_empty() {
        let fields: BTreeMap<String, String> =
            bad.iter().map(|k| ((*k).to_owned(), lang.t("takedown-field-invalid"))).collect();
        return Err(ApiError::invalid(lang, fields));
    }
    let report_id = match receipt {
        None => None,
        // The same limits as the follow-up page: this is no side door for guessing receipts.
        Some(r) => match check_receipt(&app, client, &r).await.map_err(|e| ApiError::internal(lang, e))? {
            ReceiptCheck::Found(report) => Some(report.id),
            ReceiptCheck::Refused => return Err(ApiError::new(StatusCode::UNAUTHORIZED, "receipt-refused", lang)),
            ReceiptCheck::Throttled { retry_after } => return Err(ApiError::too_many(lang, retry_after)),
        },
    };
    let reference = reference();
    let row = TakedownRow {
        id: uuid::Uuid::new_v4().simple().to_string(),
        reference: reference.clone(),
        created_at: now,
        report_id: report_id.clone(),
        kind: kind.expect("checked"),
        size,
        md5: md5.expect("checked"),
        sha256: sha256.expect("checked"),
        pdq,
        quality,
        dihedral,
        frames,
        exported_at: None,
    };
    let event =
        report_id.map(|id| NewEvent { report_id: Some(id), at: now, action: "child-takedown", ..NewEvent::default() });
    app.store.insert_takedown(&row, event.as_ref()).await.map_err(|e| ApiError::internal(lang, e))?;
    tracing::info!("take-down hashes received");
    Ok((StatusCode::CREATED, Json(TakedownCreated { reference, message: lang.t("takedown-sent") })))
}

/// "TD-" and eight Crockford base32 characters.
fn reference() -> String {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let bytes = uuid::Uuid::new_v4().into_bytes();
    let code: String = bytes[..8].iter().map(|b| ALPHABET[(*b & 31) as usize] as char).collect();
    format!("TD-{code}")
}

fn allowed(s: &Staff) -> bool {
    authorize(s.user.role, Relation::None, false, Action::ExportTakedowns).allowed()
}

async fn staff_page_list(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
) -> Result<Html<String>, PageError> {
    if !allowed(&s) {
        return Err(PageError::new(StatusCode::FORBIDDEN, lang, "forbidden"));
    }
    let new = app.store.takedowns(true, 100_000).await.map_err(|e| PageError::internal(lang, e))?;
    let recent = app.store.takedowns(false, 50).await.map_err(|e| PageError::internal(lang, e))?;
    let csrf = csrf_token(&app, &s.token);
    Ok(staff_page(
        lang,
        &lang.t("takedowns-title"),
        html! {
            (logout_form(&app, lang, &s))
            h1 { (lang.t("takedowns-title")) }
            p { (lang.t("takedowns-hint")) }
            p class="lead" { (lang.t_args("takedowns-new", &[("count", (new.len() as i64).into())])) }
            form method="post" action={ "/" (lang.code()) "/staff/takedowns" } {
                input type="hidden" name="csrf" value=(csrf);
                label class="choice" { input type="checkbox" name="all" value="true"; span { (lang.t("takedowns-all")) } }
                p { button class="primary" type="submit" { (lang.t("takedowns-export")) } }
            }
            h2 { (lang.t("takedowns-recent")) }
            table {
                thead { tr { th { (lang.t("takedowns-reference")) } th { (lang.t("takedowns-received")) } th { "PDQ" } th { "SHA-256" } th { (lang.t("takedowns-exported")) } } }
                tbody { @for t in &recent {
                    tr {
                        td { code { (t.reference) } }
                        td { (datetime(t.created_at)) }
                        td { code { (t.pdq.as_deref().map(|p| &p[..16]).unwrap_or("—")) } }
                        td { code { (&t.sha256[..16]) } }
                        td { (t.exported_at.map(datetime).unwrap_or_else(|| "—".into())) }
                    }
                } }
            }
        },
    ))
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

/// Export take-down hashes for platforms as CSV: those not yet exported, or all with
/// `?all=true`. Hotline analysts only; recorded in the audit log.
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
    let rows = app.store.takedowns(!all, 1_000_000).await.map_err(|e| e.to_string())?;
    let mut csv = csv::Writer::from_writer(Vec::new());
    let header = ["reference", "received", "kind", "pdq", "quality", "md5", "sha256", "orientations", "video_frames"];
    csv.write_record(header).map_err(|e| e.to_string())?;
    for t in &rows {
        let received = utc(t.created_at);
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

/// RFC 3339 in UTC, as platforms' tools read it.
fn utc(ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000))
        .ok()
        .and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok())
        .unwrap_or_default()
}

crate::base::schema::request_body!(
    /// `POST /api/v1/takedown`.
    TakedownBody => body("Hashes of an image or video, computed on the device (the file never leaves it)",
        vec![
            ("kind", choice("What the file is", ["image", "video"]), true),
            ("md5", text("MD5, 32 hex digits"), true),
            ("sha256", text("SHA-256, 64 hex digits"), true),
            ("pdq", text("PDQ of an image, 64 hex digits"), false),
            ("size", integer("The file's size in bytes"), false),
            ("receipt", text("A report's receipt, to link the request to it"), false),
            ("lang", text("The page's language (ignored)"), false),
        ],
        serde_json::json!({"kind": "image", "md5": "0123456789abcdef0123456789abcdef",
            "sha256": "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "size": 1024}))
);
