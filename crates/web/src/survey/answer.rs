//! Answering a survey (public, anonymous).

use crate::base::error::field_message;
use crate::base::error::wait_message;
use crate::base::error::PageError;
use crate::base::extract::PageForm;
use crate::base::extract::PageLang;
use crate::base::layout::page;
use crate::base::layout::paragraphs;
use crate::now_ms;
use crate::parts::i18n::Lang;
use crate::service::receipts::ClientId;
use crate::service::survey::parse;
use crate::service::survey::Loaded;
use crate::survey::common::public_path;
use crate::survey::common::DAY_MS;
use crate::survey::common::PER_CLIENT;
use crate::App;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use maud::html;
use std::collections::BTreeMap;
use std::sync::OnceLock;
use zeri_domain::survey::{self, QuestionKind, Survey, SurveyErrors, SurveyStatus};
use zeri_storage::{StoreError, SurveyResponseRow, SURVEY_NOT_OPEN};

// ----- answering (public, anonymous) -----

/// The public form. `action` is where it is sent; `None` for the administrators' preview,
/// which sends nothing.
pub(crate) fn form_view(
    lang: Lang,
    def: &Survey,
    action: Option<&str>,
    given: &BTreeMap<String, Vec<String>>,
    errors: &SurveyErrors,
) -> Html<String> {
    let l = lang.code();
    let title = def.title.get(l).to_owned();
    let values = |qid: &str| given.get(qid).map(Vec::as_slice).unwrap_or_default();
    let message = |qid: &str| errors.get(qid).map(|e| field_message(lang, e));
    let body = html! {
        h1 { (title) }
        @if action.is_none() { p class="error-summary" role="note" { (lang.t("survey-preview-note")) } }
        (paragraphs(def.intro.get(l)))
        @if !errors.is_empty() {
            div class="error-summary" role="alert" tabindex="-1" id="errors" {
                h2 { (lang.t("survey-answer-errors")) }
                ul { @for (qid, e) in errors {
                    @let n = def.questions.iter().position(|q| &q.id == qid).map_or(0, |i| i + 1);
                    li { a href={ "#field-" (qid) } { (lang.t_args("survey-question-n", &[("n", (n as i64).into())])) ": " (field_message(lang, e)) } }
                } }
            }
        }
        form method="post" action=(action.unwrap_or("#")) novalidate {
            @for (i, q) in def.questions.iter().enumerate() {
                @let qid = q.id.as_str();
                @let hint = q.hint.get(l);
                @let error = message(qid);
                @let described = [(!hint.is_empty()).then(|| format!("hint-{qid}")), error.as_ref().map(|_| format!("error-{qid}"))]
                    .into_iter().flatten().collect::<Vec<_>>().join(" ");
                @let legend = html! {
                    (i + 1) ". " (q.prompt.get(l)) " "
                    small { "(" (lang.t(if q.required { "survey-required" } else { "survey-optional" })) ")" }
                };
                @if q.kind == QuestionKind::Text {
                    div id={ "field-" (qid) } {
                        label for={ "answer-" (qid) } { (legend) }
                        @if !hint.is_empty() { p class="hint" id={ "hint-" (qid) } { (hint) } }
                        @if let Some(e) = &error { p class="field-error" id={ "error-" (qid) } { (e) } }
                        textarea id={ "answer-" (qid) } name=(qid) rows="5" maxlength=(survey::limits::ANSWER)
                            aria-describedby=[(!described.is_empty()).then_some(described.as_str())]
                            aria-invalid=[error.as_ref().map(|_| "true")]
                            aria-required=[q.required.then_some("true")] {
                            (values(qid).first().map(String::as_str).unwrap_or(""))
                        }
                    }
                } @else {
                    fieldset id={ "field-" (qid) } aria-describedby=[(!described.is_empty()).then_some(described.as_str())] {
                        legend { (legend) }
                        @if !hint.is_empty() { p class="hint" id={ "hint-" (qid) } { (hint) } }
                        @if let Some(e) = &error { p class="field-error" id={ "error-" (qid) } { (e) } }
                        @for o in &q.options {
                            @let chosen = values(qid).iter().any(|v| v == &o.id);
                            label class="choice" {
                                @if q.kind == QuestionKind::Multiple {
                                    input type="checkbox" name=(qid) value=(o.id) checked[chosen];
                                } @else {
                                    input type="radio" name=(qid) value=(o.id) checked[chosen];
                                }
                                span {
                                    @if q.kind == QuestionKind::Rating { strong { (o.id) } " – " }
                                    (o.label.get(l))
                                }
                            }
                        }
                    }
                }
            }
            p class="hint" { (lang.t("survey-anonymous")) }
            @if action.is_some() {
                p { button class="primary" type="submit" { (lang.t("survey-send")) } }
            } @else {
                p { button class="primary" type="button" disabled { (lang.t("survey-send")) } }
            }
        }
    };
    page(lang, &title, body)
}

fn message_page(lang: Lang, status: StatusCode, title_key: &str, text_key: &str) -> Response {
    let title = lang.t(title_key);
    (
        status,
        page(
            lang,
            &title,
            html! {
                h1 { (title) }
                p class="lead" { (lang.t(text_key)) }
                p { a href={ "/" (lang.code()) } { (lang.t("back-home")) } }
            },
        ),
    )
        .into_response()
}

pub(crate) fn unknown(lang: Lang) -> Response {
    message_page(lang, StatusCode::NOT_FOUND, "survey-unknown-title", "survey-unknown")
}

pub(crate) fn closed(lang: Lang) -> Response {
    message_page(lang, StatusCode::GONE, "survey-closed-title", "survey-closed")
}

/// The survey behind a public link, if it can be answered; otherwise the page that says why.
async fn open_survey(app: &App, lang: Lang, slug: &str) -> Result<Result<Loaded, Response>, PageError> {
    // Slugs are 32 hexadecimal characters; anything else is not looked up.
    if slug.len() != 32 || !slug.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(Err(unknown(lang)));
    }
    let row = app.store.survey_by_slug(slug).await.map_err(|e| PageError::internal(lang, e))?;
    Ok(match row {
        None => Err(unknown(lang)),
        // A draft is not published yet: to the public it does not exist.
        Some(r) if r.status == SurveyStatus::Draft => Err(unknown(lang)),
        Some(r) if r.status == SurveyStatus::Closed => Err(closed(lang)),
        Some(r) => Ok(parse(r).map_err(|e| PageError::internal(lang, e))?),
    })
}

pub(crate) async fn survey_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    Ok(match open_survey(&app, lang, &slug).await? {
        Ok(sv) => form_view(lang, &sv.def, Some(&public_path(lang, &slug)), &BTreeMap::new(), &SurveyErrors::new())
            .into_response(),
        Err(page) => page,
    })
}

/// A random value that lives only in this process: see the module's documentation.
fn throttle_salt() -> &'static [u8] {
    static SALT: OnceLock<String> = OnceLock::new();
    SALT.get_or_init(zeri_crypto::new_token).as_bytes()
}

pub(crate) async fn answer_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    client: ClientId,
    headers: HeaderMap,
    Path(slug): Path<String>,
    PageForm(pairs): PageForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    // Another site's page cannot make its visitors' browsers answer for them.
    if headers.get("sec-fetch-site").is_some_and(|v| v.as_bytes() == b"cross-site") {
        return Err(PageError::new(StatusCode::FORBIDDEN, lang, "forbidden"));
    }
    let cfg = app.config.throttle;
    let now = now_ms();
    let bucket = app.keys.lookup_digest("throttle-survey", &[client.0.as_slice(), throttle_salt()].concat());
    if app.store.throttle_hit(&bucket, now, cfg.window_ms()).await.map_err(|e| PageError::internal(lang, e))?
        > PER_CLIENT
    {
        let retry = cfg.retry_after(now);
        let title = lang.t("error-too-many-attempts");
        let mut res = (
            StatusCode::TOO_MANY_REQUESTS,
            page(lang, &title, html! { h1 { (title) } p class="lead" { (wait_message(lang, retry)) } }),
        )
            .into_response();
        res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(retry));
        return Ok(res);
    }
    let sv = match open_survey(&app, lang, &slug).await? {
        Ok(sv) => sv,
        Err(page) => return Ok(page),
    };
    let response = match survey::validate_response(&sv.def, &pairs) {
        Ok(r) => r,
        Err(errors) => {
            let mut given: BTreeMap<String, Vec<String>> = BTreeMap::new();
            for (k, v) in pairs {
                given.entry(k).or_default().push(v);
            }
            let view = form_view(lang, &sv.def, Some(&public_path(lang, &slug)), &given, &errors);
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, view).into_response());
        }
    };
    let (answers, texts) = response.split_text();
    let id = uuid::Uuid::new_v4().simple().to_string();
    let sealed = if texts.is_empty() {
        None
    } else {
        let plain = serde_json::to_vec(&texts).map_err(|e| PageError::internal(lang, e))?;
        Some(app.keys.seal(&plain, zeri_storage::context::survey_text(&sv.row.id, &id).as_bytes()))
    };
    let row = SurveyResponseRow {
        id,
        survey_id: sv.row.id.clone(),
        submitted_on: now.div_euclid(DAY_MS),
        answers: serde_json::to_string(&answers).map_err(|e| PageError::internal(lang, e))?,
        sealed,
    };
    match app.store.insert_survey_response(&row).await {
        // No log line here: a time and a survey next to each other is already too much.
        Ok(()) => Ok(Redirect::to(&format!("{}/thanks", public_path(lang, &slug))).into_response()),
        Err(StoreError::Conflict { constraint }) if constraint == SURVEY_NOT_OPEN => Ok(closed(lang)),
        Err(StoreError::NotFound) => Ok(unknown(lang)),
        Err(e) => Err(PageError::internal(lang, e)),
    }
}

pub(crate) async fn thanks_page(PageLang(lang): PageLang) -> Response {
    message_page(lang, StatusCode::OK, "survey-thanks-title", "survey-thanks")
}
