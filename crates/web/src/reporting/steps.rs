//! The report in steps (`GET /{lang}/report`): what happened, a few words, age and place,
//! contact and consent, check and send; one group of questions per screen.
//!
//! Every step is a `POST /{lang}/report` with `step=N`; the answers of the other steps travel
//! in hidden fields, so nothing is stored on the server or the device before the report is
//! sent, and no answer is ever in a URL. "Next" checks only this step's answers (by the same
//! rules as the whole report), "Back" and "Change" check nothing and lose nothing. The
//! report is sent by the one-time token path of the one-page form, from step 3 on ("Send
//! now": contact and consent default to none) or from the last step, where files are chosen
//! (a browser never refills a file input, so files are only ever on the page that sends).

use crate::base::error::field_messages;
use crate::base::form::evidence_field;
use crate::base::layout::page;
use crate::parts::i18n::Lang;
use crate::reporting::questions::{
    age_and_place, contact_and_consent, error_summary, few_words, what_happened, FORM_ORDER,
};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use maud::html;
use maud::Markup;
use std::collections::BTreeMap;
use zeri_domain::places::Gazetteer;
use zeri_domain::report::{AgeBand, Category, ContactMethod, ReportForm, ReporterKind, WhenHappened};

/// Each step: its title and the fields it asks.
const STEPS: [(&str, &[&str]); 5] = [
    ("report-step-what", &["reporter", "category"]),
    ("report-step-words", &["description", "platform", "links", "when"]),
    ("report-step-age", &["age_band", "location"]),
    ("report-step-contact", &["contact_method", "phone", "email", "name", "consent_cpo", "consent_police"]),
    ("report-step-check", &["evidence"]),
];

/// The first step from which the report may be sent (the minimum path: three screens).
const SEND_FROM: usize = 3;

/// What a step's answer leads to.
pub(crate) enum Outcome {
    /// Another step (or this one again, with its errors).
    Show(Response),
    /// Every step asked so far is valid and the child asked to send: store it.
    Send,
}

/// The answer to a step's `POST`; `Err` when `step` or `go` is not one the pages send.
pub(crate) fn advance(
    lang: Lang,
    form: &ReportForm,
    fields: &BTreeMap<String, String>,
    token: &str,
    had_files: bool,
) -> Result<Outcome, ()> {
    let step = fields.get("step").and_then(|s| s.parse::<usize>().ok()).filter(|s| (1..=STEPS.len()).contains(s));
    let step = step.ok_or(())?;
    let mut notes = BTreeMap::new();
    if had_files {
        notes.insert("evidence".to_owned(), lang.t("evidence-choose-again"));
    }
    let show = |to: usize| Ok(Outcome::Show(render_step(lang, to, form, &notes, token).into_response()));
    // The language switched: this step again, in the other language, nothing checked.
    if fields.contains_key("switch_language") {
        return show(step);
    }
    match fields.get("go").map(String::as_str).unwrap_or("next") {
        "back" => show(step.saturating_sub(1).max(1)),
        go @ ("next" | "send") => {
            let errors = form.validate_step(Gazetteer::albania(), STEPS[step - 1].1);
            if !errors.is_empty() {
                let errors = field_messages(lang, &errors);
                let page = render_step(lang, step, form, &errors, token);
                return Ok(Outcome::Show((StatusCode::UNPROCESSABLE_ENTITY, page).into_response()));
            }
            if step == STEPS.len() || (go == "send" && step >= SEND_FROM) {
                Ok(Outcome::Send)
            } else {
                show(step + 1)
            }
        }
        // "Change" on the last step.
        n => match n.parse::<usize>() {
            Ok(to) if (1..=STEPS.len()).contains(&to) => show(to),
            _ => Err(()),
        },
    }
}

/// The report, refused when sent: the first step with an error, with that step's errors.
pub(crate) fn render_at_error(
    lang: Lang,
    form: &ReportForm,
    errors: &BTreeMap<String, String>,
    token: &str,
) -> Html<String> {
    let first = FORM_ORDER.iter().find(|f| errors.contains_key(**f)).copied().unwrap_or("evidence");
    let step = STEPS.iter().position(|(_, fields)| fields.contains(&first)).unwrap_or(STEPS.len() - 1) + 1;
    let errors: BTreeMap<String, String> = errors
        .iter()
        .filter(|(f, _)| STEPS[step - 1].1.contains(&f.as_str()))
        .map(|(f, m)| (f.clone(), m.clone()))
        .collect();
    render_step(lang, step, form, &errors, token)
}

/// One step of the report; `step` counts from 1.
pub(crate) fn render_step(
    lang: Lang,
    step: usize,
    v: &ReportForm,
    errors: &BTreeMap<String, String>,
    token: &str,
) -> Html<String> {
    let title = lang.t("report-title");
    let (key, asked) = STEPS[step - 1];
    let l = lang.code();
    let steps = STEPS.len() as i64;
    // Earlier and later answers, carried along; this step's own are its inputs.
    let carried: Vec<(&str, &str)> =
        ReportForm::FIELDS.iter().filter(|f| !asked.contains(f)).filter_map(|f| value(v, f).map(|x| (*f, x))).collect();
    let body = html! {
        h1 { (title) }
        @if step == 1 {
            p class="lead" { (lang.t("report-lead")) }
            p { (lang.t("report-anonymous")) }
            p class="small" { (lang.t("report-link-instead")) " " a href={ "/" (l) "/report-link" } { (lang.t("report-link-title")) } }
        }
        div class="report-progress" {
            p id="step-of" { (lang.t_args("report-step-of", &[("step", (step as i64).into()), ("steps", steps.into())])) }
            progress value=(step) max=(steps) aria-labelledby="step-of" {}
        }
        h2 { (lang.t(key)) }
        (error_summary(lang, errors))
        // `autocomplete=off`: a browser does not put the typed text back when Back comes to
        // this page on a shared phone.
        form method="post" action={ "/" (l) "/report" } enctype="multipart/form-data" novalidate data-keep-on-switch
            data-has-answers[!carried.is_empty()] autocomplete="off" data-report-step=(step) {
            input type="hidden" name="form_token" value=(token);
            input type="hidden" name="step" value=(step);
            @for (field, x) in &carried { input type="hidden" name=(field) value=(x); }
            @match step {
                1 => (what_happened(lang, v, errors)),
                2 => (few_words(lang, v, errors)),
                3 => (age_and_place(lang, v, errors)),
                4 => (contact_and_consent(lang, v, errors)),
                _ => {
                    p { (lang.t("report-check-intro")) }
                    (check(lang, v))
                    (evidence_field(lang, errors))
                    p { (lang.t("report-before-send")) }
                },
            }
            div class="step-actions" {
                // The first button is the one Enter presses.
                @if step < STEPS.len() {
                    button class="primary" type="submit" name="go" value="next" { (lang.t("report-next")) }
                } @else {
                    button class="primary" type="submit" name="go" value="send" { (lang.t("report-send")) }
                }
                @if (SEND_FROM..STEPS.len()).contains(&step) {
                    button type="submit" name="go" value="send" { (lang.t("report-send-now")) }
                }
                @if step > 1 {
                    button class="step-back" type="submit" name="go" value="back" { (lang.t("report-back")) }
                }
            }
            @if (SEND_FROM..STEPS.len()).contains(&step) {
                p class="hint" { (lang.t("report-send-now-hint")) }
            }
        }
        @if step == 1 {
            p { a href={ "/" (l) "/report?all=1" } { (lang.t("report-all-on-one-page")) } }
        }
    };
    page(lang, &title, body)
}

/// The answers so far, a group per step, each with its "Change" button.
fn check(lang: Lang, v: &ReportForm) -> Markup {
    html! {
        @for (i, (key, fields)) in STEPS[..STEPS.len() - 1].iter().enumerate() {
            section class="check-group" aria-labelledby={ "check-" (i + 1) } {
                h3 id={ "check-" (i + 1) } { (lang.t(key)) }
                dl {
                    @for field in fields.iter() {
                        @if let Some(shown) = shown(lang, v, field) {
                            dt { (lang.t(&format!("field-{field}"))) }
                            dd { (shown) }
                        }
                    }
                }
                button type="submit" name="go" value=(i + 1) aria-describedby={ "check-" (i + 1) } { (lang.t("report-change")) }
            }
        }
    }
}

/// An answer as the child sees it: a choice in words, text as typed; `None` when there is
/// nothing to show.
fn shown(lang: Lang, v: &ReportForm, field: &str) -> Option<String> {
    let yes = |x: Option<&str>| matches!(x.map(str::trim), Some("true" | "on" | "yes" | "1"));
    let words = |prefix: &str, x: &str, known: bool| {
        if known {
            lang.t(&format!("{prefix}-{}", x.replace('_', "-")))
        } else {
            x.to_owned()
        }
    };
    match field {
        "consent_cpo" | "consent_police" => {
            Some(lang.t(if yes(value(v, field)) { "report-check-yes" } else { "report-check-no" }))
        }
        "contact_method" => {
            let x = value(v, field).unwrap_or("none");
            Some(words("contact", x, ContactMethod::parse(x).is_some()))
        }
        "when" => {
            let x = value(v, field).unwrap_or("not_sure");
            Some(words("when", x, WhenHappened::parse(x).is_some()))
        }
        _ => {
            let x = value(v, field)?.trim();
            if x.is_empty() {
                return None;
            }
            Some(match field {
                "reporter" => words("reporter", x, ReporterKind::parse(x).is_some()),
                "category" => words("category", x, Category::parse(x).is_some()),
                "age_band" => words("age-band", x, AgeBand::parse(x).is_some()),
                _ => x.to_owned(),
            })
        }
    }
}

fn value<'a>(v: &'a ReportForm, field: &str) -> Option<&'a str> {
    match field {
        "reporter" => v.reporter.as_deref(),
        "category" => v.category.as_deref(),
        "description" => v.description.as_deref(),
        "platform" => v.platform.as_deref(),
        "links" => v.links.as_deref(),
        "when" => v.when.as_deref(),
        "age_band" => v.age_band.as_deref(),
        "location" => v.location.as_deref(),
        "name" => v.name.as_deref(),
        "contact_method" => v.contact_method.as_deref(),
        "phone" => v.phone.as_deref(),
        "email" => v.email.as_deref(),
        "consent_cpo" => v.consent_cpo.as_deref(),
        "consent_police" => v.consent_police.as_deref(),
        _ => None,
    }
}
