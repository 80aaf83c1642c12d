//! Opening a piece of evidence on the case page (`POST /{lang}/staff/reports/{id}/evidence/{e}`),
//! shown so as to spare the person who looks: an image blurred and grey, a video blurred,
//! paused and muted (its file asked for only when played), until they choose to see it
//! (a `details` control, so it works without the script); a file that matched a known hash
//! list not at all until they ask once more. Every opening goes through the one service
//! function of `service::wellbeing` (the daily limit, breaks, the exposure record); a
//! stopped opening is answered with its reason in words, how long to wait, and where to find
//! support. Leaving the page ("done", or the page's script when it is left) ends the
//! opening's exposure.

use crate::base::auth::csrf_token;
use crate::base::auth::require_csrf;
use crate::base::auth::PageStaff;
use crate::base::auth::Staff;
use crate::base::error::field_messages;
use crate::base::error::stopped_message;
use crate::base::error::stopped_status;
use crate::base::error::PageError;
use crate::base::exposure::{exposure_line, support_card};
use crate::base::extract::PageForm;
use crate::base::extract::PageLang;
use crate::base::form::attachment;
use crate::base::layout::staff_page;
use crate::casework::view::view;
use crate::casework::view::Shown;
use crate::parts::i18n::Lang;
use crate::service::case::Fail;
use crate::service::case_data::case_data;
use crate::service::evidence::Kind;
use crate::service::evidence::OpenRequest;
use crate::service::evidence::Opened;
use crate::App;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use std::collections::BTreeMap;
use zeri_domain::wellbeing::Stop;

/// The staff pages' policy with the page's own video allowed (`media-src 'self'`).
const VIDEO_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                         media-src 'self'; font-src 'self'; connect-src 'self'; form-action 'self'; \
                         frame-ancestors 'none'; base-uri 'none'";

/// Opens one piece of evidence with a stated reason: an image or a video on a page of its
/// own, any other file downloaded; or the page that says why not.
pub(crate) async fn evidence_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Path((id, evidence_id)): Path<(String, String)>,
    PageForm(form): PageForm<BTreeMap<String, String>>,
) -> Result<Response, PageError> {
    require_csrf(&app, lang, &s, form.get("csrf").map(String::as_str))?;
    let yes = |k: &str| form.get(k).is_some_and(|v| v == "1" || v == "true");
    let req = OpenRequest {
        reason: form.get("reason").map(String::as_str),
        confirm_break: yes("confirm_break"),
        show_matched: yes("show_matched"),
    };
    match crate::service::evidence::open(&app, &s.user, &id, &evidence_id, &req).await {
        Ok(opened) => {
            let content_type = Kind::content_type(&opened.row.kind, &opened.bytes);
            let video = opened.row.kind == "video";
            if !content_type.starts_with("image/") && !video {
                return Ok(attachment(content_type, &format!("evidence-{}", opened.row.id), opened.bytes));
            }
            let today = crate::service::wellbeing::today(&app, &s.user).await.map_err(|f| f.page(lang))?;
            let mut res = material_page(&app, lang, &s, &id, &opened, content_type, &today).into_response();
            if video {
                res.headers_mut().insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(VIDEO_CSP));
            }
            Ok(res)
        }
        Err(Fail::Stopped(stop)) => Ok(stopped_page(&app, lang, &s, &id, &evidence_id, &req, stop)),
        Err(Fail::Invalid(errors)) => {
            let d = case_data(&app, &s.user, &id).await.map_err(|f| f.page(lang))?;
            let mut messages = field_messages(lang, &errors);
            let shown = Shown {
                errors: messages.remove("reason").map(|m| (format!("reason-{evidence_id}"), m)).into_iter().collect(),
                ..Shown::default()
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, view(&app, lang, &s, &d, &shown)).into_response())
        }
        Err(f) => Err(f.page(lang)),
    }
}

/// The video's bytes for its player, once it is played (see `service::evidence::media`).
pub(crate) async fn media_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Path((id, evidence_id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let bytes = crate::service::evidence::media(&app, &s.user, &id, &evidence_id).await.map_err(|f| f.page(lang))?;
    let content_type = Kind::content_type("video", &bytes);
    Ok(([(header::CONTENT_TYPE, content_type)], bytes).into_response())
}

/// The user left the page showing material: its exposure stops counting now.
pub(crate) async fn done_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Path((id, evidence_id)): Path<(String, String)>,
    PageForm(form): PageForm<BTreeMap<String, String>>,
) -> Result<Response, PageError> {
    require_csrf(&app, lang, &s, form.get("csrf").map(String::as_str))?;
    crate::service::wellbeing::done(&app, &s.user).await.map_err(|f| f.page(lang))?;
    let evidence_id: String = evidence_id.chars().filter(char::is_ascii_alphanumeric).collect();
    Ok(Redirect::to(&format!("/{}/staff/reports/{id}#evidence-{evidence_id}", lang.code())).into_response())
}

fn case_link(lang: Lang, id: &str, evidence_id: &str) -> String {
    format!("/{}/staff/reports/{id}#evidence-{evidence_id}", lang.code())
}

fn material_page(
    app: &App,
    lang: Lang,
    s: &Staff,
    id: &str,
    opened: &Opened,
    content_type: &str,
    today: &zeri_domain::wellbeing::Today,
) -> Response {
    use base64::Engine;
    let e = &opened.row;
    let base = format!("/{}/staff/reports/{id}/evidence/{}", lang.code(), e.id);
    let video = e.kind == "video";
    let title = lang.t("evidence-title");
    staff_page(
        lang,
        &title,
        html! {
            form method="post" action={ (base) "/done" } data-exposure-done {
                input type="hidden" name="csrf" value=(csrf_token(app, &s.token));
                button type="submit" { (lang.t("evidence-done")) }
            }
            h1 { (title) }
            p class="small" { (lang.t("evidence-viewed-logged")) }
            (exposure_line(lang, today))
            details class="evidence-view" {
                summary { (lang.t(if video { "evidence-unblur-video" } else { "evidence-unblur" })) }
                p class="small" { (lang.t("evidence-file-name")) ": " (opened.meta.file_name) }
            }
            figure class="evidence-image" {
                @if video {
                    video controls muted preload="none" playsinline src={ (base) "/media" } aria-label=(lang.t("evidence-video-alt")) {}
                } @else {
                    img src={ "data:" (content_type) ";base64," (base64::engine::general_purpose::STANDARD.encode(&opened.bytes)) } alt=(lang.t("evidence-image-alt"));
                }
            }
            dl class="hashes" {
                dt { "SHA-256" } dd { code { (opened.sha256_now) } }
                @if opened.sha256_now != e.sha256 { dd { strong class="field-error" { (lang.t("custody-hash-changed")) } } }
            }
        },
    )
    .into_response()
}

/// Why the opening was stopped, in words; with the step that goes on where there is one.
fn stopped_page(
    app: &App,
    lang: Lang,
    s: &Staff,
    id: &str,
    evidence_id: &str,
    req: &OpenRequest<'_>,
    stop: Stop,
) -> Response {
    let (status, code) = stopped_status(&stop);
    let title = lang.t(&format!("error-{code}"));
    let action = format!("/{}/staff/reports/{id}/evidence/{evidence_id}", lang.code());
    let body = html! {
        p { a href=(case_link(lang, id, evidence_id)) { (lang.t("evidence-back")) } }
        h1 { (title) }
        p data-stopped=(code) { (stopped_message(lang, &stop)) }
        @match stop {
            Stop::OverLimit { .. } => {}
            Stop::BreakDue { .. } | Stop::MatchedHidden => {
                form method="post" action=(action) {
                    input type="hidden" name="csrf" value=(csrf_token(app, &s.token));
                    input type="hidden" name="reason" value=(req.reason.unwrap_or_default());
                    @if req.confirm_break || matches!(stop, Stop::BreakDue { .. }) { input type="hidden" name="confirm_break" value="1"; }
                    @if req.show_matched || stop == Stop::MatchedHidden { input type="hidden" name="show_matched" value="1"; }
                    p { button type="submit" { (lang.t(if stop == Stop::MatchedHidden { "matched-show" } else { "break-confirm" })) } }
                }
            }
        }
        @if !matches!(stop, Stop::MatchedHidden) { (support_card(lang)) }
    };
    (status, staff_page(lang, &title, body)).into_response()
}
