//! The hash-sharing API for platforms (`GET /api/v1/hashes`,
//! `POST /api/v1/hashes/{id}/reports`), with a platform's bearer token. What it carries
//! and how the cursor works is written for platforms in `docs/HASH-SHARING.md`.

use crate::base::auth::ApiPlatform;
use crate::base::error::ApiError;
use crate::base::extract::ApiLang;
use crate::base::extract::JsonFields;
use crate::base::extract::JsonObject;
use crate::parts::format::machine_time;
use crate::parts::format::parse_rfc3339;
use crate::service::sharing::{pull, report_back, DEFAULT_PAGE, MAX_PAGE};
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use zeri_domain::sharing::EntryState;
use zeri_domain::{FieldError, FieldErrors};
use zeri_storage::SharedHashRow;

/// The next cursor and whether more entries wait, on both formats.
pub const NEXT_CURSOR: &str = "zeri-next-cursor";
pub const MORE: &str = "zeri-more";

/// The CSV columns, in order.
pub const CSV_COLUMNS: [&str; 10] =
    ["seq", "id", "state", "hash_type", "value", "quality", "media", "classification", "shared_at", "withdrawn_at"];

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(pull_api)).routes(routes!(report_api))
}

/// One shared hash, or the withdrawal record of one.
#[derive(Serialize, utoipa::ToSchema)]
pub struct HashEntry {
    /// Stable: keep it with your copy; a withdrawal names it.
    id: String,
    /// This entry's place in the sequence (a withdrawal gets a new, higher one).
    seq: i64,
    /// `shared`: add the hash; `withdrawn`: delete your copy of this `id`.
    #[schema(value_type = String, example = "shared")]
    state: &'static str,
    /// `pdq`, `md5` or `sha256`.
    #[schema(value_type = String, example = "pdq")]
    hash_type: &'static str,
    /// Lower-case hex (PDQ: 64 digits, MD5: 32, SHA-256: 64); `null` in a withdrawal.
    value: Option<String>,
    /// PDQ quality, 0–100.
    quality: Option<i64>,
    /// `image` or `video` (a video's PDQ hashes are of its frames).
    media: String,
    /// `self-reported`: from a child's own take-down request, checked by an analyst.
    classification: String,
    /// RFC 3339, UTC.
    shared_at: String,
    withdrawn_at: Option<String>,
}

fn entry(h: &SharedHashRow) -> HashEntry {
    let withdrawn = h.state == EntryState::Withdrawn;
    HashEntry {
        id: h.id.clone(),
        seq: h.seq,
        state: h.state.as_str(),
        hash_type: h.hash_type.as_str(),
        value: (!withdrawn).then(|| h.value.clone()),
        quality: if withdrawn { None } else { h.quality },
        media: h.media.clone(),
        classification: h.classification.clone(),
        shared_at: machine_time(h.shared_at),
        withdrawn_at: h.withdrawn_at.map(machine_time),
    }
}

/// A page of a pull.
#[derive(Serialize, utoipa::ToSchema)]
pub struct HashPage {
    entries: Vec<HashEntry>,
    /// Send it as `since` next time.
    next_cursor: i64,
    /// More entries wait: pull again at once with `next_cursor`.
    more: bool,
}

/// The reviewed, shared hashes and the withdrawals after a cursor, oldest first.
///
/// `since`: the `next_cursor` of your last pull (0 the first time). `format`: `json`
/// (default) or `csv` (columns `seq,id,state,hash_type,value,quality,media,classification,
/// shared_at,withdrawn_at`). `limit`: entries per page, 1–10000 (default 1000). Both
/// formats carry the next cursor and whether more wait in the `Zeri-Next-Cursor` and
/// `Zeri-More` headers. A `withdrawn` entry means: delete your copy of that `id`.
#[utoipa::path(get, path = "/api/v1/hashes", tag = "hash-sharing", operation_id = "pull_hashes",
    params(("since" = Option<i64>, Query, description = "The cursor: the last `next_cursor` you received (0 or absent: from the start)"),
        ("format" = Option<String>, Query, description = "`json` (default) or `csv`"),
        ("limit" = Option<i64>, Query, description = "Entries per page, 1 to 10000 (default 1000)")),
    responses((status = 200, description = "The entries after the cursor",
            content((HashPage = "application/json"), (String = "text/csv")),
            headers(("zeri-next-cursor" = i64, description = "The cursor for the next pull"),
                ("zeri-more" = bool, description = "Whether more entries wait"))),
        (status = 400), (status = 401, description = "No token, a wrong one or a revoked one"), (status = 422), (status = 429)),
    security(("platform" = [])))]
pub async fn pull_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiPlatform(platform): ApiPlatform,
    Query(q): Query<BTreeMap<String, String>>,
) -> Result<Response, ApiError> {
    let mut errors = FieldErrors::new();
    if q.keys().any(|k| !matches!(k.as_str(), "since" | "format" | "limit")) {
        errors.insert("query", FieldError::new("unknown-field"));
    }
    let number =
        |k: &'static str, default: i64, min: i64, max: i64, error: FieldError, errors: &mut FieldErrors| match q
            .get(k)
            .map(|v| v.trim().parse::<i64>())
        {
            None => default,
            Some(Ok(n)) if (min..=max).contains(&n) => n,
            Some(_) => {
                errors.insert(k, error);
                default
            }
        };
    let since = number("since", 0, 0, i64::MAX, FieldError::new("invalid-cursor"), &mut errors);
    let range = FieldError::new("out-of-range").with_limit(MAX_PAGE as usize);
    let limit = number("limit", DEFAULT_PAGE, 1, MAX_PAGE, range, &mut errors);
    let csv = match q.get("format").map(String::as_str) {
        None | Some("json") => false,
        Some("csv") => true,
        Some(_) => {
            errors.insert("format", FieldError::new("unknown-choice"));
            false
        }
    };
    if !errors.is_empty() {
        return Err(ApiError::validation(lang, &errors));
    }
    let page = pull(&app, &platform, since, limit).await.map_err(|e| ApiError::internal(lang, e))?;
    let headers = [
        (HeaderName::from_static(NEXT_CURSOR), HeaderValue::from(page.next)),
        (HeaderName::from_static(MORE), HeaderValue::from_static(if page.more { "true" } else { "false" })),
    ];
    let entries: Vec<HashEntry> = page.entries.iter().map(entry).collect();
    if !csv {
        return Ok((headers, Json(HashPage { entries, next_cursor: page.next, more: page.more })).into_response());
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    let write = |w: &mut csv::Writer<Vec<u8>>| -> Result<(), csv::Error> {
        w.write_record(CSV_COLUMNS)?;
        for e in &entries {
            w.write_record([
                e.seq.to_string().as_str(),
                &e.id,
                e.state,
                e.hash_type,
                e.value.as_deref().unwrap_or(""),
                &e.quality.map(|q| q.to_string()).unwrap_or_default(),
                &e.media,
                &e.classification,
                &e.shared_at,
                e.withdrawn_at.as_deref().unwrap_or(""),
            ])?;
        }
        Ok(())
    };
    write(&mut w).map_err(|e| ApiError::internal(lang, e))?;
    let bytes = w.into_inner().map_err(|e| ApiError::internal(lang, e))?;
    Ok((headers, [(header::CONTENT_TYPE, "text/csv; charset=utf-8")], bytes).into_response())
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct HashReportCreated {
    /// The report-back's id.
    id: String,
}

/// Report back on a shared hash: content matching it was found (`match`) or removed
/// (`removed`), how many items, and when (RFC 3339; now if absent). Nothing about a person
/// is taken: a field other than these three is refused.
#[utoipa::path(post, path = "/api/v1/hashes/{id}/reports", tag = "hash-sharing", operation_id = "report_hash",
    params(("id" = String, Path, description = "The `id` of the shared hash")),
    request_body(content = HashReportBody, content_type = "application/json"),
    responses((status = 201, body = HashReportCreated), (status = 400), (status = 401), (status = 404),
        (status = 415), (status = 422), (status = 429)),
    security(("platform" = [])))]
pub async fn report_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiPlatform(platform): ApiPlatform,
    Path(id): Path<String>,
    body: JsonObject,
) -> Result<(StatusCode, Json<HashReportCreated>), ApiError> {
    let mut f = JsonFields::new(body, &["outcome", "count", "at"]);
    let outcome = f.text("outcome");
    let count = f.integer("count");
    let at = f.text("at");
    let mut errors = FieldErrors::new();
    let at = match at.as_deref().map(parse_rfc3339) {
        None => None,
        Some(Some(ms)) => Some(ms),
        Some(None) => {
            errors.insert("at", FieldError::new("invalid-time"));
            None
        }
    };
    if let Some(e) = f.finish(lang, Some(&errors)) {
        return Err(e);
    }
    let id = report_back(&app, &platform, &id, outcome.as_deref(), count, at).await.map_err(|e| e.api(lang))?;
    Ok((StatusCode::CREATED, Json(HashReportCreated { id })))
}

crate::base::schema::request_body!(
    /// `POST /api/v1/hashes/{id}/reports`.
    HashReportBody => {
        use zeri_domain::sharing::Outcome;
        body("What a platform found or removed for a shared hash; never anything about a person",
            vec![
                ("outcome", choice("`match`: matching content found; `removed`: matching content removed",
                    Outcome::ALL.iter().map(|o| o.as_str())), true),
                ("count", integer("How many items, 1 to 1000000 (default 1)"), false),
                ("at", text("When, RFC 3339 (default: now)"), false),
            ],
            serde_json::json!({"outcome": "removed", "count": 2, "at": "2026-01-15T10:00:00Z"}))
    }
);
