//! Take-down by hash (`/sq/takedown`, `/en/takedown`, `POST /api/v1/takedown`). The
//! hotline's review of the requests and their export are in `review.rs`; the platforms'
//! API in `sharing.rs`.
//!
//! The page computes the hashes of an image or video on the child's own device, with the
//! `zeri-hashing` crate compiled to WebAssembly (`assets/takedown/`): the file never leaves
//! the phone, only its hashes are sent. Without JavaScript the page says so and sends
//! nothing. The child may add their receipt so the request joins their report (and they can
//! follow it); a request without one stands alone.

use crate::base::error::ApiError;
use crate::base::extract::ApiLang;
use crate::base::extract::JsonFields;
use crate::base::extract::JsonObject;
use crate::base::extract::PageLang;
use crate::base::layout::lines;
use crate::base::layout::page;
use crate::now_ms;
use crate::parts::i18n::Lang;
use crate::service::receipts::check_receipt;
use crate::service::receipts::ClientId;
use crate::service::receipts::ReceiptCheck;
use crate::AppState;
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Json;
use maud::html;
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
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
    let r = crate::base::localised(|r, l| r.route(&format!("/{l}/takedown"), get(takedown_page)));
    r.routes(routes!(submit_api))
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
        ..TakedownRow::default()
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
