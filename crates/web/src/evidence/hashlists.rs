//! Hash lists (`/{lang}/staff/hash-lists`, `POST /api/v1/admin/hash-lists`): administrators
//! import lists of known hashes (from a hotline network or a platform), and every new piece
//! of evidence is matched against them at intake.
//!
//! The format is CSV with a header naming the columns `pdq`, `md5`, `sha256`, `label` and
//! `source`, in any order (extra columns are refused, so a misnamed one is not silently
//! lost); each row needs at least one hash. One bad row refuses the whole list, with the
//! line numbers of the first errors, and nothing is stored.

use crate::base::auth::csrf_token;
use crate::base::auth::require_csrf;
use crate::base::auth::ApiStaff;
use crate::base::auth::PageStaff;
use crate::base::auth::Staff;
use crate::base::chrome::logout_form;
use crate::base::error::ApiError;
use crate::base::error::PageError;
use crate::base::extract::ApiLang;
use crate::base::extract::PageLang;
use crate::base::layout::staff_page;
use crate::now_ms;
use crate::parts::format::datetime;
use crate::parts::i18n::Lang;
use crate::App;
use crate::AppState;
use axum::extract::{DefaultBodyLimit, Multipart, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Json;
use maud::html;
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::router::UtoipaMethodRouterExt;
use utoipa_axum::routes;
use zeri_domain::permission::{authorize, Action, Relation};
use zeri_storage::{HashEntry, HashListRow, NewEvent};

/// Largest list accepted in one import (about two million rows of all five columns).
pub const MAX_LIST_BYTES: usize = 256 * 1024 * 1024;

/// Errors reported for one refused list.
const MAX_REPORTED: usize = 20;

pub fn router() -> OpenApiRouter<AppState> {
    let r = crate::base::localised(|r, l| {
        r.route(
            &format!("/{l}/staff/hash-lists"),
            get(list_page).post(import_page).layer(DefaultBodyLimit::max(MAX_LIST_BYTES + 64 * 1024)),
        )
    });
    r.routes(routes!(list_api, import_api).layer(DefaultBodyLimit::max(MAX_LIST_BYTES + 64 * 1024)))
}

/// One refused row: its line number (1 is the header) and what is wrong, as a code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    pub line: u64,
    /// `header`, `no-hash`, `pdq`, `md5`, `sha256`, `label`, `source` or `csv`.
    pub code: &'static str,
}

/// Parses a hash list. Hashes are lower-cased; labels and sources are trimmed and at most
/// 200 characters.
pub fn parse(bytes: &[u8]) -> Result<Vec<HashEntry>, Vec<LineError>> {
    let mut reader = csv::ReaderBuilder::new().flexible(false).trim(csv::Trim::All).from_reader(bytes);
    let headers = match reader.headers() {
        Ok(h) => h.iter().map(|h| h.to_ascii_lowercase()).collect::<Vec<_>>(),
        Err(_) => return Err(vec![LineError { line: 1, code: "header" }]),
    };
    let known = ["pdq", "md5", "sha256", "label", "source"];
    let mut at: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, h) in headers.iter().enumerate() {
        match known.iter().find(|k| **k == h) {
            Some(k) if !at.contains_key(k) => {
                at.insert(k, i);
            }
            _ => return Err(vec![LineError { line: 1, code: "header" }]),
        }
    }
    if !["pdq", "md5", "sha256"].iter().any(|k| at.contains_key(k)) {
        return Err(vec![LineError { line: 1, code: "header" }]);
    }
    let mut entries = Vec::new();
    let mut errors = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                errors.push(LineError { line, code: "csv" });
                if errors.len() >= MAX_REPORTED {
                    break;
                }
                continue;
            }
        };
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        let get = |k: &str| at.get(k).and_then(|i| record.get(*i)).map(str::trim).filter(|v| !v.is_empty());
        let mut row_errors = Vec::new();
        let mut hex = |k: &'static str, len: usize| -> Option<String> {
            let v = get(k)?.to_ascii_lowercase();
            if v.len() == len && v.bytes().all(|b| b.is_ascii_hexdigit()) {
                Some(v)
            } else {
                row_errors.push(LineError { line, code: k });
                None
            }
        };
        let entry = HashEntry {
            pdq: hex("pdq", 64),
            md5: hex("md5", 32),
            sha256: hex("sha256", 64),
            label: get("label").unwrap_or("").chars().take(200).collect(),
            source: get("source").unwrap_or("").chars().take(200).collect(),
        };
        if row_errors.is_empty() && entry.pdq.is_none() && entry.md5.is_none() && entry.sha256.is_none() {
            row_errors.push(LineError { line, code: "no-hash" });
        }
        if row_errors.is_empty() {
            entries.push(entry);
        } else {
            errors.extend(row_errors);
            if errors.len() >= MAX_REPORTED {
                break;
            }
        }
    }
    if errors.is_empty() {
        Ok(entries)
    } else {
        errors.truncate(MAX_REPORTED);
        Err(errors)
    }
}

fn allowed(s: &Staff) -> bool {
    authorize(s.user.role, Relation::None, false, Action::ManageHashLists).allowed()
}

/// Why an import failed.
pub(crate) enum ImportFail {
    Invalid(Vec<LineError>),
    Name,
    Internal(String),
}

fn describe(lang: Lang, errors: &[LineError]) -> Vec<String> {
    errors
        .iter()
        .map(|e| lang.t_args(&format!("hashlist-error-{}", e.code), &[("line", (e.line as i64).into())]))
        .collect()
}

/// Parses, stores (all or nothing) and adds the list's PDQ hashes to the matcher.
async fn import(app: &App, s: &Staff, name: &str, bytes: &[u8]) -> Result<HashListRow, ImportFail> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(ImportFail::Name);
    }
    let entries = parse(bytes).map_err(ImportFail::Invalid)?;
    let list = HashListRow {
        id: uuid::Uuid::new_v4().simple().to_string(),
        name: name.to_owned(),
        imported_at: now_ms(),
        imported_by: s.user.id.clone(),
        entries: entries.len() as i64,
    };
    let event = NewEvent {
        at: list.imported_at,
        staff_id: Some(s.user.id.clone()),
        role: Some(s.user.role),
        org_id: s.user.org_id.clone(),
        action: "hash-list-imported",
        detail: Some(format!("{} {}", list.id, list.entries)),
        ..NewEvent::default()
    };
    let internal = |e: zeri_storage::StoreError| ImportFail::Internal(e.to_string());
    app.store.insert_hash_list(&list, &entries, &event).await.map_err(internal)?;
    let new = app.matcher.refresh_lists(app.store.as_ref()).await.map_err(internal)?;
    // Every other instance adds the new entries to its matcher too.
    app.store.bus().publish(zeri_storage::bus::Signal::HashLists);
    // Evidence that arrived before the list is flagged too: equal digests, and PDQ.
    let mut earlier = app.store.list_exact_matches(&list.id).await.map_err(internal)?;
    for (evidence, m) in app.matcher.earlier_matches(app.store.as_ref(), &new).await.map_err(internal)? {
        if !earlier.iter().any(|(e, x)| *e == evidence && x.target == m.target) {
            earlier.push((evidence, m));
        }
    }
    app.store.insert_matches(&earlier).await.map_err(internal)?;
    tracing::info!(entries = list.entries, earlier = earlier.len(), "hash list imported");
    Ok(list)
}

async fn list_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
) -> Result<Html<String>, PageError> {
    render(&app, lang, &s, &[]).await
}

async fn render(app: &App, lang: Lang, s: &Staff, errors: &[String]) -> Result<Html<String>, PageError> {
    if !allowed(s) {
        return Err(PageError::new(StatusCode::FORBIDDEN, lang, "forbidden"));
    }
    let lists = app.store.hash_lists().await.map_err(|e| PageError::internal(lang, e))?;
    let csrf = csrf_token(app, &s.token);
    Ok(staff_page(
        lang,
        &lang.t("hashlists-title"),
        html! {
            (logout_form(app, lang, s))
            h1 { (lang.t("hashlists-title")) }
            p { (lang.t("hashlists-hint")) }
            @if lists.is_empty() { p class="small" { (lang.t("hashlists-none")) } }
            @else {
                table {
                    thead { tr { th { (lang.t("hashlists-name")) } th { (lang.t("hashlists-entries")) } th { (lang.t("hashlists-imported")) } } }
                    tbody { @for l in &lists { tr { td { (l.name) } td { (l.entries) } td { (datetime(l.imported_at)) } } } }
                }
            }
            h2 { (lang.t("hashlists-import")) }
            @if !errors.is_empty() {
                div class="error-summary" role="alert" {
                    h2 { (lang.t("hashlists-refused")) }
                    ul { @for e in errors { li { (e) } } }
                }
            }
            form method="post" enctype="multipart/form-data" action={ "/" (lang.code()) "/staff/hash-lists" } {
                input type="hidden" name="csrf" value=(csrf);
                label for="list-name" { (lang.t("hashlists-name")) }
                input type="text" id="list-name" name="name" maxlength="100" required;
                label for="list-file" { (lang.t("hashlists-file")) small { (lang.t("hashlists-format")) } }
                input type="file" id="list-file" name="file" accept=".csv,text/csv" required;
                p { button class="primary" type="submit" { (lang.t("hashlists-import-button")) } }
            }
        },
    ))
}

async fn import_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    mut mp: Multipart,
) -> Result<Response, PageError> {
    // The role from the session and the form's CSRF token (its first part) are checked
    // before the list, up to 256 MiB, is read.
    if !allowed(&s) {
        return Err(PageError::new(StatusCode::FORBIDDEN, lang, "forbidden"));
    }
    let bad = || PageError::new(StatusCode::BAD_REQUEST, lang, "bad-form");
    let first = mp.next_field().await.map_err(|_| bad())?.ok_or_else(bad)?;
    let csrf = match first.name() {
        Some("csrf") => crate::base::upload::small_text(first, 128).await,
        _ => None,
    };
    require_csrf(&app, lang, &s, csrf.as_deref())?;
    let (mut name, mut file) = (None, None);
    while let Some(field) = mp.next_field().await.map_err(|_| bad())? {
        match field.name().unwrap_or_default() {
            "name" => name = field.text().await.ok(),
            "file" => {
                let bytes = field
                    .bytes()
                    .await
                    .map_err(|_| PageError::new(StatusCode::PAYLOAD_TOO_LARGE, lang, "too-large"))?;
                file = Some(bytes);
            }
            _ => {}
        }
    }
    let bytes = file.unwrap_or_default();
    match import(&app, &s, name.as_deref().unwrap_or(""), &bytes).await {
        Ok(_) => Ok(Redirect::to(&format!("/{}/staff/hash-lists", lang.code())).into_response()),
        Err(ImportFail::Invalid(errors)) => {
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&app, lang, &s, &describe(lang, &errors)).await?)
                .into_response())
        }
        Err(ImportFail::Name) => {
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&app, lang, &s, &[lang.t("hashlist-error-name")]).await?)
                .into_response())
        }
        Err(ImportFail::Internal(e)) => Err(PageError::internal(lang, e)),
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct HashList {
    id: String,
    name: String,
    entries: i64,
    imported_at: i64,
}

impl From<HashListRow> for HashList {
    fn from(l: HashListRow) -> Self {
        HashList { id: l.id, name: l.name, entries: l.entries, imported_at: l.imported_at }
    }
}

/// The imported hash lists, newest first. Administrators only.
#[utoipa::path(get, path = "/api/v1/admin/hash-lists", tag = "admin", operation_id = "list_hash_lists",
    responses((status = 200, body = [HashList]), (status = 401), (status = 403)), security(("bearer" = [])))]
pub async fn list_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
) -> Result<Json<Vec<HashList>>, ApiError> {
    if !allowed(&s) {
        return Err(ApiError::new(StatusCode::FORBIDDEN, "forbidden", lang));
    }
    let lists = app.store.hash_lists().await.map_err(|e| ApiError::internal(lang, e))?;
    Ok(Json(lists.into_iter().map(HashList::from).collect()))
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// The list's name, e.g. "Hotline network 2026-11".
    name: String,
}

/// Import a hash list: the body is the CSV (`pdq,md5,sha256,label,source` header, columns
/// in any order, at least one hash per row). All rows are stored, or none (422 with the
/// lines at fault). Administrators only.
#[utoipa::path(post, path = "/api/v1/admin/hash-lists", tag = "admin", params(ImportQuery),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 201, body = HashList), (status = 401), (status = 403), (status = 413), (status = 422)),
    security(("bearer" = [])))]
pub async fn import_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
    Query(q): Query<ImportQuery>,
    body: axum::body::Body,
) -> Result<(StatusCode, Json<HashList>), ApiError> {
    // The role is known from the token: decided before the body, up to 256 MiB, is read.
    if !allowed(&s) {
        return Err(ApiError::new(StatusCode::FORBIDDEN, "forbidden", lang));
    }
    let body = axum::body::to_bytes(body, MAX_LIST_BYTES + 64 * 1024).await.map_err(|e| {
        let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(&e);
        while let Some(c) = cause {
            if c.is::<http_body_util::LengthLimitError>() {
                return ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "too-large", lang);
            }
            cause = c.source();
        }
        ApiError::new(StatusCode::BAD_REQUEST, "bad-form", lang)
    })?;
    match import(&app, &s, &q.name, &body).await {
        Ok(list) => Ok((StatusCode::CREATED, Json(list.into()))),
        Err(ImportFail::Invalid(errors)) => {
            let fields =
                errors.iter().zip(describe(lang, &errors)).map(|(e, msg)| (format!("line {}", e.line), msg)).collect();
            Err(ApiError::invalid(lang, fields))
        }
        Err(ImportFail::Name) => {
            Err(ApiError::invalid(lang, BTreeMap::from([("name".to_owned(), lang.t("hashlist-error-name"))])))
        }
        Err(ImportFail::Internal(e)) => Err(ApiError::internal(lang, e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PDQ: &str = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";

    #[test]
    fn a_list_in_any_column_order_parses() {
        let csv =
            format!("label,sha256,pdq,source\nknown,{},{PDQ},ncmec\nother,,{},\n", "a".repeat(64), PDQ.to_uppercase());
        let entries = parse(csv.as_bytes()).unwrap();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].sha256.as_deref(), Some("a".repeat(64).as_str()));
        assert_eq!(entries[1].pdq.as_deref(), Some(PDQ));
        assert_eq!(entries[1].md5, None);
        assert_eq!(entries[0].source, "ncmec");
    }

    #[test]
    fn bad_rows_refuse_the_whole_list_with_their_lines() {
        let csv = format!("pdq,md5,label\n{PDQ},,ok\nnothex,,bad\n,,empty\n{PDQ},{},short md5\n", "b".repeat(31));
        let errors = parse(csv.as_bytes()).unwrap_err();
        assert_eq!(
            errors,
            vec![
                LineError { line: 3, code: "pdq" },
                LineError { line: 4, code: "no-hash" },
                LineError { line: 5, code: "md5" }
            ]
        );
    }

    #[test]
    fn headers_must_name_known_columns_and_a_hash() {
        assert_eq!(parse(b"pdq,colour\n").unwrap_err()[0].code, "header");
        assert_eq!(parse(b"label,source\nx,y\n").unwrap_err()[0].code, "header");
        assert_eq!(parse(b"pdq,pdq\n").unwrap_err()[0].code, "header");
        assert!(parse(b"sha256\n").unwrap().is_empty());
    }
}
