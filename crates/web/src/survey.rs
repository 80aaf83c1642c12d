//! The frontline-worker survey.
//!
//! Administrators create a survey (`/{lang}/staff/surveys`), from the ready template or
//! empty, edit its questions in both languages while it is a draft, open it and share its
//! link (`/{lang}/survey/{slug}`, the slug random and unguessable), and close it.
//! Administrators and statisticians see the results as percentages with their n, under
//! the small-number rule of `zeri_domain::survey::results` (`/{lang}/staff/surveys/{id}/results`,
//! CSV, and `GET /api/v1/surveys/{id}/results`). Free text is sealed at rest and shown only
//! to administrators, only when there are at least as many answers as the threshold, never
//! in a CSV or the API.
//!
//! Answering needs no account and leaves nothing about the person: no cookie is set, the
//! address and browser are not stored or logged, the response row holds the day only (no
//! time), its id is random, and nothing goes into the audit chain (whose entries carry the
//! time to the millisecond). The one trace is the gentle per-client throttle, which keeps a
//! keyed digest of the address for the length of a window; here the digest is also keyed
//! with a random value that lives only in this process's memory, so that once the window is
//! over nobody — not even someone holding the database and the master key — can test
//! whether a given address answered. (The limit is then per instance, which is fine for a
//! limit meant only to stop a flood.)

use std::collections::BTreeMap;
use std::sync::OnceLock;

use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use maud::{html, Markup};
use serde::{Deserialize, Serialize};
use zeri_domain::permission::{authorize, Action, Relation};
use zeri_domain::survey::{
    self, Answer, Figure, HeadForm, QuestionForm, QuestionKind, QuestionResult, Survey, SurveyErrors, SurveyResults,
    SurveyStatus, Text,
};
use zeri_domain::FieldErrors;
use zeri_storage::{NewEvent, StoreError, SurveyResponseRow, SurveyRow, SURVEY_NOT_OPEN};

use crate::auth::{csrf_token, require_csrf, ApiStaff, PageStaff, Staff};
use crate::error::{field_message, ApiError, PageError};
use crate::extract::{ApiLang, ClientId, PageForm, PageLang};
use crate::i18n::Lang;
use crate::staff::logout_form;
use crate::views::{date, page, paragraphs, staff_page};
use crate::{now_ms, wait_message, App, AppState};

/// Answers per client per throttle window: a room of colleagues behind one address can all
/// answer, a script cannot flood the survey.
const PER_CLIENT: i64 = 50;
/// A response with several long free-text answers in Albanian, form-encoded, fits.
const RESPONSE_BODY_LIMIT: usize = 256 * 1024;
const DAY_MS: i64 = 86_400_000;

pub fn router() -> Router<AppState> {
    let mut r = Router::new();
    for l in Lang::ALL.map(Lang::code) {
        r = r
            .route(&format!("/{l}/staff/surveys"), get(list_page).post(create_page))
            .route(&format!("/{l}/staff/surveys/{{id}}"), get(edit_page))
            .route(&format!("/{l}/staff/surveys/{{id}}/preview"), get(preview_page))
            .route(&format!("/{l}/staff/surveys/{{id}}/results"), get(results_page))
            .route(&format!("/{l}/staff/surveys/{{id}}/results.csv"), get(results_csv))
            .route(&format!("/{l}/staff/surveys/{{id}}/{{op}}"), post(change_page))
            .route(
                &format!("/{l}/survey/{{slug}}"),
                get(survey_page).post(answer_page).layer(DefaultBodyLimit::max(RESPONSE_BODY_LIMIT)),
            )
            .route(&format!("/{l}/survey/{{slug}}/thanks"), get(thanks_page));
    }
    r.route("/api/v1/surveys", get(list_api)).route("/api/v1/surveys/{id}/results", get(results_api))
}

fn may(s: &Staff, action: Action) -> bool {
    authorize(s.user.role, Relation::None, false, action).allowed()
}

fn require(lang: Lang, s: &Staff, action: Action) -> Result<(), PageError> {
    if may(s, action) {
        Ok(())
    } else {
        Err(PageError::new(StatusCode::FORBIDDEN, lang, "forbidden"))
    }
}

/// A stored survey with its definition read.
struct Loaded {
    row: SurveyRow,
    def: Survey,
}

fn parse(row: SurveyRow) -> Result<Loaded, String> {
    let def =
        serde_json::from_str(&row.definition).map_err(|_| format!("survey {} has an unreadable definition", row.id))?;
    Ok(Loaded { row, def })
}

async fn load(app: &App, id: &str) -> Result<Option<Loaded>, String> {
    app.store.survey(id).await.map_err(|e| e.to_string())?.map(parse).transpose()
}

async fn load_page(app: &App, lang: Lang, id: &str) -> Result<Loaded, PageError> {
    load(app, id).await.map_err(|e| PageError::internal(lang, e))?.ok_or_else(|| PageError::not_found(lang))
}

fn event(s: &Staff, action: &'static str, survey_id: &str) -> NewEvent {
    NewEvent {
        at: now_ms(),
        staff_id: Some(s.user.id.clone()),
        role: Some(s.user.role),
        org_id: s.user.org_id.clone(),
        action,
        detail: Some(survey_id.to_owned()),
        ..NewEvent::default()
    }
}

fn status_label(lang: Lang, status: SurveyStatus) -> String {
    lang.t(&format!("survey-status-{}", status.as_str()))
}

fn kind_label(lang: Lang, kind: QuestionKind) -> String {
    lang.t(&format!("survey-kind-{}", kind.as_str()))
}

fn public_path(lang: Lang, slug: &str) -> String {
    format!("/{}/survey/{slug}", lang.code())
}

/// The public link as people will type or click it.
fn public_link(app: &App, lang: Lang, slug: &str) -> String {
    let base = app.config.public_url.as_deref().unwrap_or("").trim_end_matches('/');
    format!("{base}{}", public_path(lang, slug))
}

// ----- the list and creating a survey -----

async fn list_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
) -> Result<Html<String>, PageError> {
    require(lang, &s, Action::ViewSurveyResults)?;
    let l = lang.code();
    let rows = app.store.surveys().await.map_err(|e| PageError::internal(lang, e))?;
    let counts: BTreeMap<String, i64> =
        app.store.survey_response_counts().await.map_err(|e| PageError::internal(lang, e))?.into_iter().collect();
    let manage = may(&s, Action::ManageSurveys);
    let surveys: Vec<Loaded> = rows.into_iter().filter_map(|r| parse(r).ok()).collect();
    Ok(staff_page(
        lang,
        &lang.t("survey-admin-title"),
        html! {
            (logout_form(&app, lang, &s))
            h1 { (lang.t("survey-admin-title")) }
            p { (lang.t("survey-admin-hint")) }
            @if manage {
                form method="post" action={ "/" (l) "/staff/surveys" } class="actions" {
                    input type="hidden" name="csrf" value=(csrf_token(&app, &s.token));
                    button class="primary" type="submit" name="from" value="template" { (lang.t("survey-create-template")) }
                    button type="submit" name="from" value="blank" { (lang.t("survey-create-blank")) }
                }
                p class="small" { (lang.t("survey-template-hint")) }
            }
            @if surveys.is_empty() {
                p class="small" { (lang.t("survey-none")) }
            } @else {
                table {
                    thead { tr {
                        th { (lang.t("survey-col-title")) }
                        th { (lang.t("survey-col-status")) }
                        th { (lang.t("survey-col-responses")) }
                        th { (lang.t("survey-col-created")) }
                        th { (lang.t("survey-col-results")) }
                    } }
                    tbody { @for sv in &surveys {
                        tr {
                            td {
                                @if manage { a href={ "/" (l) "/staff/surveys/" (sv.row.id) } { (sv.def.title.get(l)) } }
                                @else { (sv.def.title.get(l)) }
                            }
                            td { (status_label(lang, sv.row.status)) }
                            td { (counts.get(&sv.row.id).copied().unwrap_or(0)) }
                            td { (date(sv.row.created_at)) }
                            td { a href={ "/" (l) "/staff/surveys/" (sv.row.id) "/results" } { (lang.t("survey-results")) } }
                        }
                    } }
                }
            }
        },
    ))
}

async fn create_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    PageForm(form): PageForm<BTreeMap<String, String>>,
) -> Result<Response, PageError> {
    require_csrf(&app, lang, &s, form.get("csrf").map(String::as_str))?;
    require(lang, &s, Action::ManageSurveys)?;
    let def = match form.get("from").map(String::as_str) {
        Some("blank") => Survey {
            title: Text { sq: Lang::Sq.t("survey-blank-title"), en: Lang::En.t("survey-blank-title") },
            intro: Text::default(),
            threshold: zeri_domain::statistics::MIN_THRESHOLD,
            questions: Vec::new(),
        },
        _ => survey::template(),
    };
    let now = now_ms();
    let row = SurveyRow {
        id: uuid::Uuid::new_v4().simple().to_string(),
        // 122 random bits from the operating system: the link cannot be guessed.
        slug: uuid::Uuid::new_v4().simple().to_string(),
        status: SurveyStatus::Draft,
        definition: serde_json::to_string(&def).map_err(|e| PageError::internal(lang, e))?,
        created_at: now,
        created_by: s.user.id.clone(),
        updated_at: now,
        version: 1,
    };
    app.store
        .insert_survey(&row, &event(&s, "survey-created", &row.id))
        .await
        .map_err(|e| PageError::internal(lang, e))?;
    tracing::info!(staff = %s.user.id, survey = %row.id, "survey created");
    Ok(Redirect::to(&format!("/{}/staff/surveys/{}", lang.code(), row.id)).into_response())
}

// ----- editing a draft -----

/// The form being corrected when the page comes back with errors.
enum Editing<'a> {
    Nothing,
    Head(&'a HeadForm),
    /// A question (its id, or `new` for the form that adds one).
    Question(&'a str, &'a QuestionForm),
}

async fn edit_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Path(id): Path<String>,
) -> Result<Html<String>, PageError> {
    require(lang, &s, Action::ManageSurveys)?;
    let sv = load_page(&app, lang, &id).await?;
    let count = response_count(&app, lang, &id).await?;
    Ok(edit_view(&app, lang, &s, &sv, count, Editing::Nothing, &BTreeMap::new()))
}

async fn response_count(app: &App, lang: Lang, id: &str) -> Result<i64, PageError> {
    let counts = app.store.survey_response_counts().await.map_err(|e| PageError::internal(lang, e))?;
    Ok(counts.into_iter().find(|(s, _)| s == id).map_or(0, |(_, n)| n))
}

fn field_label(lang: Lang, name: &str) -> String {
    lang.t(&format!("survey-field-{}", name.replace('_', "-")))
}

/// Messages for the errors of a whole definition (`title_sq`, `q3.options_en`…).
fn definition_messages(lang: Lang, def: &Survey, errors: &SurveyErrors) -> Vec<String> {
    errors
        .iter()
        .map(|(key, e)| {
            let what = match key.split_once('.') {
                Some((qid, field)) => {
                    let n = def.questions.iter().position(|q| q.id == qid).map_or(0, |i| i + 1);
                    format!(
                        "{} — {}",
                        lang.t_args("survey-question-n", &[("n", (n as i64).into())]),
                        field_label(lang, field)
                    )
                }
                None => field_label(lang, key),
            };
            format!("{what}: {}", field_message(lang, e))
        })
        .collect()
}

fn error_line(errors: &BTreeMap<String, String>, field: &str) -> Markup {
    html! { @if let Some(e) = errors.get(field) { p class="field-error" id={ "error-" (field) } { (e) } } }
}

fn edit_view(
    app: &App,
    lang: Lang,
    s: &Staff,
    sv: &Loaded,
    responses: i64,
    editing: Editing<'_>,
    errors: &BTreeMap<String, String>,
) -> Html<String> {
    let l = lang.code();
    let csrf = csrf_token(app, &s.token);
    let base = format!("/{l}/staff/surveys/{}", sv.row.id);
    let draft = sv.row.status == SurveyStatus::Draft;
    let version = sv.row.version.to_string();
    let hidden = html! {
        input type="hidden" name="csrf" value=(csrf);
        input type="hidden" name="version" value=(version);
    };
    let button = |op: &str, q: Option<&str>, text: String, primary: bool| {
        html! {
            form method="post" action={ (base) "/" (op) } {
                (hidden)
                @if let Some(q) = q { input type="hidden" name="q" value=(q); }
                button type="submit" class=[primary.then_some("primary")] { (text) }
            }
        }
    };
    let head_form = match &editing {
        Editing::Head(f) => (*f).clone(),
        _ => HeadForm::from_survey(&sv.def),
    };
    let head_errors = if matches!(editing, Editing::Head(_)) { errors.clone() } else { BTreeMap::new() };
    let summary: Vec<&String> = match &editing {
        Editing::Nothing => errors.values().collect(),
        _ => Vec::new(),
    };
    let text_input = |name: &str, value: &Option<String>, max: usize, errs: &BTreeMap<String, String>, prefix: &str| {
        let id = format!("{prefix}{name}");
        html! {
            label for=(id) { (field_label(lang, name)) }
            (error_line(errs, name))
            input type="text" id=(id) name=(name) maxlength=(max) value=(value.as_deref().unwrap_or(""));
        }
    };
    let text_area = |name: &str,
                     value: &Option<String>,
                     max: usize,
                     rows: u32,
                     errs: &BTreeMap<String, String>,
                     prefix: &str,
                     hint: Option<String>| {
        let id = format!("{prefix}{name}");
        html! {
            label for=(id) { (field_label(lang, name)) @if let Some(h) = &hint { small { (h) } } }
            (error_line(errs, name))
            textarea id=(id) name=(name) maxlength=(max) rows=(rows) { (value.as_deref().unwrap_or("")) }
        }
    };
    let question_form = |qid: &str, f: &QuestionForm, errs: &BTreeMap<String, String>| {
        let prefix = format!("{qid}-");
        let (op, q) = if qid == "new" { ("add", None) } else { ("question", Some(qid)) };
        let checked = |v: &Option<String>| matches!(v.as_deref(), Some("true" | "on"));
        html! {
            form method="post" action={ (base) "/" (op) } {
                (hidden)
                @if let Some(q) = q { input type="hidden" name="q" value=(q); }
                @if !errs.is_empty() { p class="error-summary" role="alert" { (lang.t("error-validation")) } }
                label for={ (prefix) "kind" } { (field_label(lang, "kind")) }
                (error_line(errs, "kind"))
                select id={ (prefix) "kind" } name="kind" {
                    @for k in QuestionKind::ALL {
                        option value=(k.as_str()) selected[f.kind.as_deref() == Some(k.as_str())] { (kind_label(lang, *k)) }
                    }
                }
                (text_area("prompt_sq", &f.prompt_sq, survey::limits::PROMPT, 2, errs, &prefix, None))
                (text_area("prompt_en", &f.prompt_en, survey::limits::PROMPT, 2, errs, &prefix, None))
                (text_input("hint_sq", &f.hint_sq, survey::limits::HINT, errs, &prefix))
                (text_input("hint_en", &f.hint_en, survey::limits::HINT, errs, &prefix))
                label class="choice" {
                    input type="checkbox" name="required" value="true" checked[checked(&f.required)];
                    span { (lang.t("survey-field-required")) }
                }
                (text_area("options_sq", &f.options_sq, 6000, 6, errs, &prefix, Some(lang.t("survey-options-hint"))))
                (text_area("options_en", &f.options_en, 6000, 6, errs, &prefix, None))
                label class="choice" {
                    input type="checkbox" name="last_exclusive" value="true" checked[checked(&f.last_exclusive)];
                    span { (lang.t("survey-field-last-exclusive")) }
                }
                p { button class="primary" type="submit" { (lang.t(if qid == "new" { "survey-add-question" } else { "survey-save" })) } }
            }
        }
    };
    let title = sv.def.title.get(l).to_owned();
    staff_page(
        lang,
        &title,
        html! {
            (logout_form(app, lang, s))
            p { a href={ "/" (l) "/staff/surveys" } { "← " (lang.t("survey-admin-title")) } }
            h1 { (title) }
            p {
                strong { (lang.t("survey-col-status")) ": " } (status_label(lang, sv.row.status))
                " · " (lang.t_args("survey-responses-count", &[("count", responses.into())]))
            }
            @if !summary.is_empty() {
                div class="error-summary" role="alert" tabindex="-1" id="errors" {
                    h2 { (lang.t("survey-cannot-open")) }
                    ul { @for e in &summary { li { (e) } } }
                }
            }
            @match sv.row.status {
                SurveyStatus::Draft => { p class="hint" { (lang.t("survey-draft-hint")) } }
                _ => {
                    p { (lang.t("survey-link-hint")) }
                    ul {
                        @for lg in Lang::ALL {
                            li { a href=(public_path(lg, &sv.row.slug)) lang=(lg.code()) { code { (public_link(app, lg, &sv.row.slug)) } } }
                        }
                    }
                    @if sv.row.status == SurveyStatus::Open { p class="hint" { (lang.t("survey-frozen-hint")) } }
                }
            }
            div class="actions" {
                @match sv.row.status {
                    SurveyStatus::Draft => {
                        (button("open", None, lang.t("survey-open"), true))
                        form method="post" action={ (base) "/delete" } {
                            (hidden)
                            label class="choice" {
                                input type="checkbox" name="confirm" value="yes" required;
                                span { (lang.t("survey-delete-confirm")) }
                            }
                            button type="submit" { (lang.t("survey-delete")) }
                        }
                    }
                    SurveyStatus::Open => { (button("close", None, lang.t("survey-close"), true)) }
                    SurveyStatus::Closed => { (button("reopen", None, lang.t("survey-reopen"), false)) }
                }
                a class="button" href={ (base) "/preview" } { (lang.t("survey-preview")) }
                a class="button" href={ (base) "/results" } { (lang.t("survey-results")) }
            }
            @if draft {
                section class="card" id="head" {
                    h2 { (lang.t("survey-head-title")) }
                    form method="post" action={ (base) "/head" } {
                        (hidden)
                        @if !head_errors.is_empty() { p class="error-summary" role="alert" { (lang.t("error-validation")) } }
                        (text_input("title_sq", &head_form.title_sq, survey::limits::TITLE, &head_errors, "head-"))
                        (text_input("title_en", &head_form.title_en, survey::limits::TITLE, &head_errors, "head-"))
                        (text_area("intro_sq", &head_form.intro_sq, survey::limits::INTRO, 6, &head_errors, "head-", None))
                        (text_area("intro_en", &head_form.intro_en, survey::limits::INTRO, 6, &head_errors, "head-", None))
                        label for="head-threshold" { (field_label(lang, "threshold")) small { (lang.t("survey-threshold-hint")) } }
                        (error_line(&head_errors, "threshold"))
                        input type="number" id="head-threshold" name="threshold" min=(zeri_domain::statistics::MIN_THRESHOLD)
                            max=(survey::limits::MAX_THRESHOLD) value=(head_form.threshold.as_deref().unwrap_or(""));
                        p { button class="primary" type="submit" { (lang.t("survey-save")) } }
                    }
                }
            } @else {
                @for p in sv.def.intro.get(l).split("\n\n") { p { (p) } }
            }
            h2 { (lang.t("survey-questions")) }
            @if sv.def.questions.is_empty() { p class="small" { (lang.t("survey-no-questions")) } }
            @for (i, q) in sv.def.questions.iter().enumerate() {
                    section class="card" id={ "q-" (q.id) } {
                        h3 { (lang.t_args("survey-question-n", &[("n", (i as i64 + 1).into())])) ": " (q.prompt.get(l)) }
                        p class="small" {
                            (kind_label(lang, q.kind)) ", " (lang.t(if q.required { "survey-required" } else { "survey-optional" }))
                        }
                        @if !q.hint.get(l).is_empty() { p class="hint" { (q.hint.get(l)) } }
                        @if !q.options.is_empty() {
                            ul { @for o in &q.options {
                                li {
                                    @if q.kind == QuestionKind::Rating { (o.id) " – " }
                                    (o.label.get(l))
                                    @if o.exclusive { " " span class="small" { (lang.t("survey-exclusive")) } } }
                            } }
                        }
                        @if draft {
                            @let editing_this = matches!(editing, Editing::Question(e, _) if e == q.id);
                            div class="actions" {
                                @if i > 0 { (button("up", Some(&q.id), lang.t("survey-move-up"), false)) }
                                @if i + 1 < sv.def.questions.len() { (button("down", Some(&q.id), lang.t("survey-move-down"), false)) }
                                (button("remove", Some(&q.id), lang.t("survey-remove"), false))
                            }
                            details open[editing_this] {
                                summary { (lang.t("survey-edit-question")) }
                                @match &editing {
                                    Editing::Question(e, f) if *e == q.id => { (question_form(&q.id, f, errors)) }
                                    _ => { (question_form(&q.id, &QuestionForm::from_question(q), &BTreeMap::new())) }
                                }
                            }
                        }
                    }
            }
            @if draft {
                section class="card" id="q-new" {
                    h2 { (lang.t("survey-add-question")) }
                    @match &editing {
                        Editing::Question("new", f) => { (question_form("new", f, errors)) }
                        _ => { (question_form("new", &QuestionForm { kind: Some("single".into()), required: Some("true".into()), ..QuestionForm::default() }, &BTreeMap::new())) }
                    }
                }
            }
        },
    )
}

async fn change_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Path((id, op)): Path<(String, String)>,
    PageForm(form): PageForm<BTreeMap<String, String>>,
) -> Result<Response, PageError> {
    require_csrf(&app, lang, &s, form.get("csrf").map(String::as_str))?;
    require(lang, &s, Action::ManageSurveys)?;
    let sv = load_page(&app, lang, &id).await?;
    let l = lang.code();
    let back = |anchor: &str| Redirect::to(&format!("/{l}/staff/surveys/{id}{anchor}")).into_response();
    let conflict = |code| PageError::new(StatusCode::CONFLICT, lang, code);
    let status = |from: SurveyStatus, to: SurveyStatus, action: &'static str| {
        let (app, s, id) = (app.clone(), &s, id.clone());
        async move {
            match app.store.set_survey_status(&id, from, to, now_ms(), &event(s, action, &id)).await {
                Ok(()) => {
                    tracing::info!(staff = %s.user.id, survey = %id, action, "survey status changed");
                    Ok(())
                }
                Err(StoreError::Conflict { .. }) => Err(conflict("survey-conflict")),
                Err(StoreError::NotFound) => Err(PageError::not_found(lang)),
                Err(e) => Err(PageError::internal(lang, e)),
            }
        }
    };
    match op.as_str() {
        "open" => {
            if sv.row.status != SurveyStatus::Draft {
                return Err(conflict("survey-conflict"));
            }
            if let Err(errors) = sv.def.validate() {
                let messages: BTreeMap<String, String> = definition_messages(lang, &sv.def, &errors)
                    .into_iter()
                    .enumerate()
                    .map(|(i, m)| (i.to_string(), m))
                    .collect();
                let count = response_count(&app, lang, &id).await?;
                return Ok((
                    StatusCode::UNPROCESSABLE_ENTITY,
                    edit_view(&app, lang, &s, &sv, count, Editing::Nothing, &messages),
                )
                    .into_response());
            }
            status(SurveyStatus::Draft, SurveyStatus::Open, "survey-opened").await?;
            return Ok(back(""));
        }
        "close" => {
            status(SurveyStatus::Open, SurveyStatus::Closed, "survey-closed").await?;
            return Ok(back(""));
        }
        "reopen" => {
            status(SurveyStatus::Closed, SurveyStatus::Open, "survey-opened").await?;
            return Ok(back(""));
        }
        "delete" => {
            // Without JavaScript there is no dialog: the box must be ticked.
            if form.get("confirm").map(String::as_str) != Some("yes") {
                return Ok(back(""));
            }
            return match app.store.delete_survey_draft(&id, &event(&s, "survey-deleted", &id)).await {
                Ok(()) => Ok(Redirect::to(&format!("/{l}/staff/surveys")).into_response()),
                Err(StoreError::Conflict { .. }) => Err(conflict("survey-conflict")),
                Err(StoreError::NotFound) => Err(PageError::not_found(lang)),
                Err(e) => Err(PageError::internal(lang, e)),
            };
        }
        _ => {}
    }
    // Everything else changes the questions of a draft, made on the version the form shows.
    if sv.row.status != SurveyStatus::Draft {
        return Err(conflict("survey-not-draft"));
    }
    if form.get("version").and_then(|v| v.parse::<i64>().ok()) != Some(sv.row.version) {
        return Err(conflict("survey-conflict"));
    }
    let as_form = |map: &BTreeMap<String, String>| serde_json::to_value(map).ok();
    let mut def = sv.def.clone();
    let q = form.get("q").cloned().unwrap_or_default();
    let messages = |errors: &FieldErrors| -> BTreeMap<String, String> {
        errors.iter().map(|(k, v)| ((*k).to_owned(), field_message(lang, v))).collect()
    };
    let mut refused: Option<(Editing<'_>, BTreeMap<String, String>)> = None;
    let head: HeadForm;
    let question: QuestionForm;
    let anchor;
    match op.as_str() {
        "head" => {
            head = as_form(&form).and_then(|v| serde_json::from_value(v).ok()).unwrap_or_default();
            anchor = "#head".to_owned();
            match head.apply(&def) {
                Ok(changed) => def = changed,
                Err(errors) => refused = Some((Editing::Head(&head), messages(&errors))),
            }
        }
        "question" | "add" => {
            question = as_form(&form).and_then(|v| serde_json::from_value(v).ok()).unwrap_or_default();
            let (qid, key) = if op == "add" { (def.next_question_id(), "new") } else { (q.clone(), q.as_str()) };
            if op == "question" && def.question(&qid).is_none() {
                return Err(PageError::not_found(lang));
            }
            if op == "add" && def.questions.len() >= survey::limits::QUESTIONS {
                let errors = FieldErrors::from([(
                    "kind",
                    zeri_domain::FieldError::new("too-many-questions").with_limit(survey::limits::QUESTIONS),
                )]);
                refused = Some((Editing::Question("new", &question), messages(&errors)));
                anchor = "#q-new".to_owned();
            } else {
                anchor = format!("#q-{qid}");
                match question.build(&qid) {
                    Ok(built) if op == "add" => def.questions.push(built),
                    Ok(built) => {
                        def.replace_question(built);
                    }
                    Err(errors) => refused = Some((Editing::Question(key, &question), messages(&errors))),
                }
            }
        }
        "up" | "down" => {
            anchor = format!("#q-{q}");
            if !def.move_question(&q, op == "up") {
                return Ok(back(&anchor));
            }
        }
        "remove" => {
            anchor = "#q-new".to_owned();
            if !def.remove_question(&q) {
                return Err(PageError::not_found(lang));
            }
        }
        _ => return Err(PageError::not_found(lang)),
    }
    if let Some((editing, messages)) = refused {
        let count = response_count(&app, lang, &id).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, edit_view(&app, lang, &s, &sv, count, editing, &messages))
            .into_response());
    }
    // What the forms build is valid by construction; this keeps a stored draft readable.
    if !def.check_draft().is_empty() {
        return Err(PageError::internal(lang, "an edited survey draft failed its checks"));
    }
    let json = serde_json::to_string(&def).map_err(|e| PageError::internal(lang, e))?;
    match app
        .store
        .update_survey_definition(&id, sv.row.version, &json, now_ms(), &event(&s, "survey-changed", &id))
        .await
    {
        Ok(_) => Ok(back(&anchor)),
        Err(StoreError::Conflict { .. }) => Err(conflict("survey-conflict")),
        Err(StoreError::NotFound) => Err(PageError::not_found(lang)),
        Err(e) => Err(PageError::internal(lang, e)),
    }
}

async fn preview_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Path(id): Path<String>,
) -> Result<Html<String>, PageError> {
    require(lang, &s, Action::ManageSurveys)?;
    let sv = load_page(&app, lang, &id).await?;
    Ok(form_view(lang, &sv.def, None, &BTreeMap::new(), &SurveyErrors::new()))
}

// ----- answering (public, anonymous) -----

/// The public form. `action` is where it is sent; `None` for the administrators' preview,
/// which sends nothing.
fn form_view(
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

fn unknown(lang: Lang) -> Response {
    message_page(lang, StatusCode::NOT_FOUND, "survey-unknown-title", "survey-unknown")
}

fn closed(lang: Lang) -> Response {
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

async fn survey_page(
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

async fn answer_page(
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

async fn thanks_page(PageLang(lang): PageLang) -> Response {
    message_page(lang, StatusCode::OK, "survey-thanks-title", "survey-thanks")
}

// ----- results -----

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct ResultsQuery {
    /// Suppression threshold: only raises the survey's own (at least 5).
    threshold: Option<u64>,
}

/// A survey's results, and (for administrators) its free text by question, sorted.
struct Computed {
    sv: Loaded,
    results: SurveyResults,
    texts: BTreeMap<String, Vec<String>>,
}

async fn compute(app: &App, id: &str, threshold: Option<u64>, with_text: bool) -> Result<Option<Computed>, String> {
    let Some(sv) = load(app, id).await? else { return Ok(None) };
    let rows = app.store.survey_responses(id).await.map_err(|e| e.to_string())?;
    let mut answers = Vec::with_capacity(rows.len());
    let mut texts: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for r in &rows {
        let a: BTreeMap<String, Answer> =
            serde_json::from_str(&r.answers).map_err(|_| format!("survey response {} is unreadable", r.id))?;
        answers.push(a);
        if let (true, Some(sealed)) = (with_text, &r.sealed) {
            let plain = app
                .keys
                .open(sealed, zeri_storage::context::survey_text(id, &r.id).as_bytes())
                .map_err(|e| e.to_string())?;
            let map: BTreeMap<String, String> =
                serde_json::from_slice(&plain).map_err(|_| format!("survey response {} text is unreadable", r.id))?;
            for (q, t) in map {
                texts.entry(q).or_default().push(t);
            }
        }
    }
    let results = survey::results(&sv.def, &answers, threshold.unwrap_or(0));
    let texts = texts
        .into_iter()
        .filter_map(|(q, t)| survey::free_text_for_admins(t, results.threshold).map(|t| (q, t)))
        .collect();
    Ok(Some(Computed { sv, results, texts }))
}

/// "56%, n=28", "<5" or "–".
fn figure_text(f: Figure, n: u64, threshold: u64) -> String {
    match f {
        Figure::Shown { percent, .. } => format!("{percent}%, n={n}"),
        Figure::BelowThreshold => format!("<{threshold}"),
        Figure::Protected => "–".to_owned(),
    }
}

fn count_text(f: Figure, threshold: u64) -> String {
    match f {
        Figure::Shown { count, .. } => count.to_string(),
        Figure::BelowThreshold => format!("<{threshold}"),
        Figure::Protected => "–".to_owned(),
    }
}

/// A mean in tenths as people read it: "3,4" in Albanian, "3.4" in English.
fn mean_text(lang: Lang, tenths: u64) -> String {
    let sep = if lang == Lang::Sq { ',' } else { '.' };
    format!("{}{sep}{}", tenths / 10, tenths % 10)
}

async fn results_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Path(id): Path<String>,
    Query(q): Query<ResultsQuery>,
) -> Result<Html<String>, PageError> {
    require(lang, &s, Action::ViewSurveyResults)?;
    let admin = may(&s, Action::ManageSurveys);
    let c = compute(&app, &id, q.threshold, admin)
        .await
        .map_err(|e| PageError::internal(lang, e))?
        .ok_or_else(|| PageError::not_found(lang))?;
    let l = lang.code();
    let t = c.results.threshold;
    let title = c.sv.def.title.get(l).to_owned();
    let base = format!("/{l}/staff/surveys/{id}");
    let csv = match q.threshold {
        Some(th) => format!("{base}/results.csv?threshold={th}"),
        None => format!("{base}/results.csv"),
    };
    Ok(staff_page(
        lang,
        &title,
        html! {
            (logout_form(&app, lang, &s))
            p { a href={ "/" (l) "/staff/surveys" } { "← " (lang.t("survey-admin-title")) } }
            h1 { (lang.t("survey-results")) ": " (title) }
            p class="lead" {
                (lang.t_args("survey-responses-count", &[("count", (c.results.respondents as i64).into())]))
                " · " (status_label(lang, c.sv.row.status))
            }
            p { (lang.t_args("survey-results-hint", &[("threshold", (t as i64).into())])) }
            div class="actions" {
                a class="button" href=(csv) download { (lang.t("survey-download-csv")) }
                @if admin { a class="button" href=(base) { (lang.t("survey-back-to-survey")) } }
            }
            form method="get" action={ (base) "/results" } {
                label for="threshold" { (field_label(lang, "threshold")) small { (lang.t("survey-threshold-raise")) } }
                input type="number" id="threshold" name="threshold" min=(c.sv.def.threshold) max=(survey::limits::MAX_THRESHOLD) value=(t);
                p { button type="submit" { (lang.t("survey-apply")) } }
            }
            @for (i, (question, r)) in c.sv.def.questions.iter().zip(&c.results.questions).enumerate() {
                section class="card" id={ "result-" (question.id) } {
                    h2 { (i + 1) ". " (question.prompt.get(l)) }
                    p class="small" { (kind_label(lang, question.kind)) }
                    (result_body(lang, question, r, t, admin, c.texts.get(&question.id)))
                }
            }
        },
    ))
}

fn result_body(
    lang: Lang,
    question: &zeri_domain::survey::Question,
    r: &QuestionResult,
    threshold: u64,
    admin: bool,
    texts: Option<&Vec<String>>,
) -> Markup {
    let l = lang.code();
    let Some(n) = r.n else {
        return html! { p { (lang.t_args("survey-too-few", &[("threshold", (threshold as i64).into())])) } };
    };
    html! {
        @if question.kind == QuestionKind::Text {
            p { (lang.t_args("survey-text-count", &[("count", (n as i64).into())])) }
            @if !admin {
                p class="hint" { (lang.t("survey-text-admins-only")) }
            } @else if let Some(texts) = texts {
                ul class="cards" { @for t in texts { li { (paragraphs(t)) } } }
            } @else {
                p class="hint" { (lang.t_args("survey-text-too-few", &[("threshold", (threshold as i64).into())])) }
            }
        } @else {
            table {
                caption { (lang.t_args("survey-n", &[("n", (n as i64).into())])) }
                thead { tr {
                    th scope="col" { (lang.t("survey-col-option")) }
                    th scope="col" { (lang.t("survey-col-count")) }
                    th scope="col" { (lang.t("survey-col-share")) }
                } }
                tbody { @for (o, f) in question.options.iter().zip(&r.options) {
                    tr {
                        th scope="row" {
                            @if question.kind == QuestionKind::Rating { (o.id) " – " }
                            (o.label.get(l))
                        }
                        td { (count_text(f.figure, threshold)) }
                        td {
                            (figure_text(f.figure, n, threshold))
                            @if let Figure::Shown { percent, .. } = f.figure {
                                " " meter min="0" max="100" value=(percent) aria-hidden="true" {}
                            }
                        }
                    }
                } }
            }
            @if question.kind == QuestionKind::Multiple { p class="hint" { (lang.t("survey-multiple-note")) } }
            @if let Some(m) = r.mean_tenths { p { (lang.t_args("survey-mean", &[("mean", mean_text(lang, m).into()), ("n", (n as i64).into())])) } }
            @if r.options.iter().any(|o| !matches!(o.figure, Figure::Shown { .. })) {
                p class="hint" { (lang.t_args("survey-suppressed-note", &[("threshold", (threshold as i64).into())])) }
            }
        }
    }
}

async fn results_csv(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Path(id): Path<String>,
    Query(q): Query<ResultsQuery>,
) -> Result<Response, PageError> {
    require(lang, &s, Action::ViewSurveyResults)?;
    // Never the free text: it is not even opened.
    let c = compute(&app, &id, q.threshold, false)
        .await
        .map_err(|e| PageError::internal(lang, e))?
        .ok_or_else(|| PageError::not_found(lang))?;
    let l = lang.code();
    let t = c.results.threshold;
    let mut w = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| PageError::internal(lang, e);
    w.write_record(["question", "question_text", "kind", "n", "option", "option_text", "count", "percent"])
        .map_err(fail)?;
    for (question, r) in c.sv.def.questions.iter().zip(&c.results.questions) {
        let n = r.n.map_or(format!("<{t}"), |n| n.to_string());
        let kind = question.kind.as_str();
        let prompt = question.prompt.get(l);
        if r.options.is_empty() {
            w.write_record([question.id.as_str(), prompt, kind, &n, "", "", "", ""]).map_err(fail)?;
        }
        for (o, f) in question.options.iter().zip(&r.options) {
            let percent = match f.figure {
                Figure::Shown { percent, .. } => percent.to_string(),
                _ => String::new(),
            };
            let count = count_text(f.figure, t);
            w.write_record([question.id.as_str(), prompt, kind, &n, &o.id, o.label.get(l), &count, &percent])
                .map_err(fail)?;
        }
    }
    let bytes = w.into_inner().map_err(|e| PageError::internal(lang, e.to_string()))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"survey-{id}-results.csv\"")),
        ],
        bytes,
    )
        .into_response())
}

// ----- API -----

#[derive(Serialize, utoipa::ToSchema)]
pub struct SurveySummary {
    id: String,
    /// In the caller's language.
    title: String,
    /// `draft`, `open` or `closed`.
    status: String,
    responses: i64,
    created_at: i64,
}

/// The surveys, newest first. Administrators and statisticians.
#[utoipa::path(get, path = "/api/v1/surveys", tag = "surveys",
    responses((status = 200, body = [SurveySummary]), (status = 401), (status = 403)), security(("bearer" = [])))]
pub async fn list_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
) -> Result<Json<Vec<SurveySummary>>, ApiError> {
    if !may(&s, Action::ViewSurveyResults) {
        return Err(ApiError::new(StatusCode::FORBIDDEN, "forbidden", lang));
    }
    let rows = app.store.surveys().await.map_err(|e| ApiError::internal(lang, e))?;
    let counts: BTreeMap<String, i64> =
        app.store.survey_response_counts().await.map_err(|e| ApiError::internal(lang, e))?.into_iter().collect();
    let list = rows
        .into_iter()
        .filter_map(|r| parse(r).ok())
        .map(|sv| SurveySummary {
            title: sv.def.title.get(lang.code()).to_owned(),
            status: sv.row.status.as_str().to_owned(),
            responses: counts.get(&sv.row.id).copied().unwrap_or(0),
            created_at: sv.row.created_at,
            id: sv.row.id,
        })
        .collect();
    Ok(Json(list))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct OptionFigures {
    id: String,
    label: String,
    /// The count, or null when hidden.
    count: Option<u64>,
    /// Whole percent of n (rounded half up), or null when hidden.
    percent: Option<u64>,
    /// Why it is hidden: `below_threshold` ("<5") or `protected` (hidden so that a small
    /// count cannot be worked out from n and the others, "–"); null when shown.
    suppressed: Option<&'static str>,
    /// As shown on the page: "56%, n=28", "<5" or "–".
    text: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct QuestionFigures {
    id: String,
    /// `single`, `multiple`, `rating` or `text`.
    kind: String,
    prompt: String,
    /// Respondents who answered this question; null when fewer than the threshold (and then
    /// nothing else about it is given).
    n: Option<u64>,
    /// Every option (none for free text, whose answers are never given here).
    options: Vec<OptionFigures>,
    /// Rating: the mean, only when no count is hidden.
    mean: Option<f64>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct SurveyResultsBody {
    id: String,
    title: String,
    status: String,
    respondents: u64,
    threshold: u64,
    questions: Vec<QuestionFigures>,
}

/// A survey's results: for each question n (who answered it) and every option's count and
/// percentage, counts below the threshold (at least 5) hidden with complementary
/// suppression. Never free text. Administrators and statisticians.
#[utoipa::path(get, path = "/api/v1/surveys/{id}/results", tag = "surveys",
    params(("id" = String, Path), ResultsQuery),
    responses((status = 200, body = SurveyResultsBody), (status = 401), (status = 403), (status = 404)),
    security(("bearer" = [])))]
pub async fn results_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
    Path(id): Path<String>,
    Query(q): Query<ResultsQuery>,
) -> Result<Json<SurveyResultsBody>, ApiError> {
    if !may(&s, Action::ViewSurveyResults) {
        return Err(ApiError::new(StatusCode::FORBIDDEN, "forbidden", lang));
    }
    let c = compute(&app, &id, q.threshold, false)
        .await
        .map_err(|e| ApiError::internal(lang, e))?
        .ok_or_else(|| ApiError::not_found(lang))?;
    let l = lang.code();
    let t = c.results.threshold;
    let questions =
        c.sv.def
            .questions
            .iter()
            .zip(&c.results.questions)
            .map(|(question, r)| QuestionFigures {
                id: question.id.clone(),
                kind: question.kind.as_str().to_owned(),
                prompt: question.prompt.get(l).to_owned(),
                n: r.n,
                options: question
                    .options
                    .iter()
                    .zip(&r.options)
                    .map(|(o, f)| {
                        let (count, percent, suppressed) = match f.figure {
                            Figure::Shown { count, percent } => (Some(count), Some(percent), None),
                            Figure::BelowThreshold => (None, None, Some("below_threshold")),
                            Figure::Protected => (None, None, Some("protected")),
                        };
                        OptionFigures {
                            id: o.id.clone(),
                            label: o.label.get(l).to_owned(),
                            count,
                            percent,
                            suppressed,
                            text: figure_text(f.figure, r.n.unwrap_or(0), t),
                        }
                    })
                    .collect(),
                mean: r.mean_tenths.map(|m| m as f64 / 10.0),
            })
            .collect();
    Ok(Json(SurveyResultsBody {
        title: c.sv.def.title.get(l).to_owned(),
        status: c.sv.row.status.as_str().to_owned(),
        respondents: c.results.respondents,
        threshold: t,
        questions,
        id,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_as_shown() {
        assert_eq!(figure_text(Figure::Shown { count: 16, percent: 57 }, 28, 5), "57%, n=28");
        assert_eq!(figure_text(Figure::BelowThreshold, 28, 5), "<5");
        assert_eq!(figure_text(Figure::Protected, 28, 5), "–");
        assert_eq!(count_text(Figure::BelowThreshold, 7), "<7");
        assert_eq!(mean_text(Lang::Sq, 34), "3,4");
        assert_eq!(mean_text(Lang::En, 40), "4.0");
    }

    #[test]
    fn every_survey_text_exists_in_both_languages() {
        for lang in Lang::ALL {
            for k in QuestionKind::ALL {
                assert!(!kind_label(lang, *k).starts_with('⟦'), "{k:?}");
            }
            for st in SurveyStatus::ALL {
                assert!(!status_label(lang, *st).starts_with('⟦'), "{st:?}");
            }
            for f in [
                "kind",
                "prompt_sq",
                "prompt_en",
                "hint_sq",
                "hint_en",
                "options_sq",
                "options_en",
                "title_sq",
                "title_en",
                "intro_sq",
                "intro_en",
                "threshold",
                "questions",
                "id",
            ] {
                assert!(!field_label(lang, f).starts_with('⟦'), "{f}");
            }
            for code in [
                "one-answer",
                "exclusive-choice",
                "too-few-options",
                "too-many-options",
                "rating-five",
                "options-mismatch",
                "invalid-id",
                "duplicate-id",
                "no-questions",
                "too-many-questions",
                "invalid-threshold",
                "unexpected-options",
                "unexpected-exclusive",
                "required",
                "required-choice",
                "unknown-choice",
                "too-long",
                "invalid-characters",
                "unknown-field",
            ] {
                assert!(lang.has(&format!("field-error-{code}")), "{lang:?} field-error-{code}");
            }
            for code in ["survey-conflict", "survey-not-draft"] {
                assert!(lang.has(&format!("error-{code}")), "{lang:?} error-{code}");
            }
        }
    }
}
