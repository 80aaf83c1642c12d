//! The case as a page for professionals (`/{lang}/staff/reports/{id}`): every section is
//! shown only when the permission table allows it, and every form posts to the same
//! operations as the API (`service::operations::run`). Identities stay masked unless revealed, with a
//! reason, for this one page view.

use crate::base::auth::csrf_ok;
use crate::base::auth::require_csrf;
use crate::base::auth::PageStaff;
use crate::base::error::field_messages;
use crate::base::error::PageError;
use crate::base::extract::PageForm;
use crate::base::extract::PageLang;
use crate::base::form::attachment;
use crate::casework::api::read_upload;
use crate::casework::api::streamed;
use crate::casework::api::UploadRefused;
use crate::casework::evidence::{done_page, evidence_page, media_page};
use crate::casework::view::view;
use crate::casework::view::Shown;
use crate::service::case::permitted;
use crate::service::case::Fail;
use crate::service::case::Input;
use crate::service::case::Outcome;
use crate::service::case::TESTIMONY_LIMIT;
use crate::service::case_data::case_data;
use crate::service::operations::run;
use crate::service::testimony::testimony_download;
use crate::AppState;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use std::collections::BTreeMap;
use utoipa_axum::router::OpenApiRouter;
use zeri_domain::Action;

pub fn router() -> OpenApiRouter<AppState> {
    let r = crate::base::localised(|r, l| {
        r.route(&format!("/{l}/staff/reports/{{id}}"), get(case_page))
            .route(
                &format!("/{l}/staff/reports/{{id}}/testimony"),
                get(testimony_page)
                    .post(testimony_upload_page)
                    .layer(DefaultBodyLimit::max(TESTIMONY_LIMIT + 64 * 1024)),
            )
            .route(&format!("/{l}/staff/reports/{{id}}/exports"), post(export_page))
            .route(&format!("/{l}/staff/reports/{{id}}/evidence/{{evidence}}"), post(evidence_page))
            .route(&format!("/{l}/staff/reports/{{id}}/evidence/{{evidence}}/media"), get(media_page))
            .route(&format!("/{l}/staff/reports/{{id}}/evidence/{{evidence}}/done"), post(done_page))
            .route(&format!("/{l}/staff/reports/{{id}}/{{operation}}"), post(operation_page))
    });
    r
}

#[derive(serde::Deserialize)]
struct CaseQuery {
    /// The operation just done, to confirm it in words (only a known operation's name).
    done: Option<String>,
}

async fn case_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Path(id): Path<String>,
    axum::extract::Query(q): axum::extract::Query<CaseQuery>,
) -> Result<Html<String>, PageError> {
    let d = case_data(&app, &s.user, &id).await.map_err(|f| f.page(lang))?;
    Ok(view(&app, lang, &s, &d, &Shown { done: q.done, ..Shown::default() }))
}

async fn operation_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Path((id, op)): Path<(String, String)>,
    PageForm(form): PageForm<BTreeMap<String, String>>,
) -> Result<Response, PageError> {
    require_csrf(&app, lang, &s, form.get("csrf").map(String::as_str))?;
    let mut typed = form.clone();
    typed.remove("csrf");
    let input = Input(form);
    match run(&app, &s.user, &id, &op, &input, lang).await {
        Ok(Outcome::Identity(identity)) => {
            let d = case_data(&app, &s.user, &id).await.map_err(|f| f.page(lang))?;
            let shown = Shown { identity: Some(identity), ..Shown::default() };
            Ok(view(&app, lang, &s, &d, &shown).into_response())
        }
        Ok(_) => Ok(Redirect::to(&format!("/{}/staff/reports/{id}?done={op}#{op}", lang.code())).into_response()),
        Err(Fail::Invalid(errors)) => {
            let d = case_data(&app, &s.user, &id).await.map_err(|f| f.page(lang))?;
            let shown = Shown { errors: field_messages(lang, &errors), input: Some((op, typed)), ..Shown::default() };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, view(&app, lang, &s, &d, &shown)).into_response())
        }
        Err(f) => Err(f.page(lang)),
    }
}

async fn testimony_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let d = testimony_download(&app, &s.user, &id).await.map_err(|f| f.page(lang))?;
    Ok(streamed(d))
}

async fn testimony_upload_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Path(id): Path<String>,
    mp: Multipart,
) -> Result<Response, PageError> {
    // Who may add it, and whether the form is ours (its first part), before the file is read.
    permitted(&app, &s.user, &id, Action::AddTestimony).await.map_err(|f| f.page(lang))?;
    let ours = |token: &str| csrf_ok(&app, &s.token, Some(token));
    let (input, file) = read_upload(&app, &s.user, &id, mp, Some(&ours)).await.map_err(|r| match r {
        UploadRefused::Csrf => PageError::new(StatusCode::FORBIDDEN, lang, "csrf"),
        UploadRefused::TooLarge => PageError::new(StatusCode::PAYLOAD_TOO_LARGE, lang, "testimony-blob-too-large"),
        UploadRefused::BadUpload => PageError::new(StatusCode::BAD_REQUEST, lang, "bad-upload"),
        UploadRefused::Fail(f) => f.page(lang),
    })?;
    if let Err(e) = require_csrf(&app, lang, &s, input.get("csrf")) {
        if let Some((_, _, stored)) = file {
            stored.discard().await;
        }
        return Err(e);
    }
    match crate::service::testimony::add_testimony(&app, &s.user, &id, &input, file).await {
        Ok(_) => {
            Ok(Redirect::to(&format!("/{}/staff/reports/{id}?done=testimony#testimony", lang.code())).into_response())
        }
        Err(Fail::Invalid(errors)) => {
            let d = case_data(&app, &s.user, &id).await.map_err(|f| f.page(lang))?;
            let shown = Shown {
                errors: field_messages(lang, &errors),
                input: Some(("testimony".into(), input.0)),
                ..Shown::default()
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, view(&app, lang, &s, &d, &shown)).into_response())
        }
        Err(f) => Err(f.page(lang)),
    }
}

async fn export_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Path(id): Path<String>,
    PageForm(form): PageForm<BTreeMap<String, String>>,
) -> Result<Response, PageError> {
    require_csrf(&app, lang, &s, form.get("csrf").map(String::as_str))?;
    let input = Input(form);
    match crate::service::exports::build(&app, &s.user, &id, &input, lang).await {
        Ok(p) => Ok(attachment("application/zip", &p.file_name, p.bytes)),
        Err(Fail::Invalid(errors)) => {
            let d = case_data(&app, &s.user, &id).await.map_err(|f| f.page(lang))?;
            let shown = Shown {
                errors: field_messages(lang, &errors),
                input: Some(("exports".into(), input.0)),
                ..Shown::default()
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, view(&app, lang, &s, &d, &shown)).into_response())
        }
        Err(f) => Err(f.page(lang)),
    }
}
