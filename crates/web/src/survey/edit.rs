//! Listing, creating and editing surveys (staff).

use crate::base::auth::csrf_token;
use crate::base::auth::require_csrf;
use crate::base::auth::PageStaff;
use crate::base::auth::Staff;
use crate::base::chrome::logout_form;
use crate::base::error::field_message;
use crate::base::error::PageError;
use crate::base::extract::PageForm;
use crate::base::extract::PageLang;
use crate::base::layout::staff_page;
use crate::now_ms;
use crate::parts::format::date;
use crate::parts::i18n::Lang;
use crate::service::survey::parse;
use crate::service::survey::Loaded;
use crate::survey::answer::form_view;
use crate::survey::common::event;
use crate::survey::common::kind_label;
use crate::survey::common::load_page;
use crate::survey::common::may;
use crate::survey::common::public_link;
use crate::survey::common::public_path;
use crate::survey::common::require;
use crate::survey::common::status_label;
use crate::App;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use maud::{html, Markup};
use std::collections::BTreeMap;
use zeri_domain::permission::Action;
use zeri_domain::survey::{self, HeadForm, QuestionForm, QuestionKind, Survey, SurveyErrors, SurveyStatus, Text};
use zeri_domain::FieldErrors;
use zeri_storage::{StoreError, SurveyRow};

// ----- the list and creating a survey -----

pub(crate) async fn list_page(
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

pub(crate) async fn create_page(
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
pub(crate) enum Editing<'a> {
    Nothing,
    Head(&'a HeadForm),
    /// A question (its id, or `new` for the form that adds one).
    Question(&'a str, &'a QuestionForm),
}

pub(crate) async fn edit_page(
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

pub(crate) fn field_label(lang: Lang, name: &str) -> String {
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

pub(crate) async fn change_page(
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

pub(crate) async fn preview_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Path(id): Path<String>,
) -> Result<Html<String>, PageError> {
    require(lang, &s, Action::ManageSurveys)?;
    let sv = load_page(&app, lang, &id).await?;
    Ok(form_view(lang, &sv.def, None, &BTreeMap::new(), &SurveyErrors::new()))
}
