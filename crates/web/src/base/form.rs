//! Form helpers shared by the pages: the error next to a field, choices, the evidence field,
//! JSON bodies read as an operation's input, and attachments.

use crate::base::error::ApiError;
use crate::base::extract::JsonFields;
use crate::base::extract::JsonObject;
use crate::parts::i18n::Lang;
use crate::service::case::Input;
use axum::http::header;
use axum::response::IntoResponse;
use axum::response::Response;
use maud::html;
use maud::Markup;
use std::collections::BTreeMap;

pub fn attachment(content_type: &str, file_name: &str, bytes: Vec<u8>) -> Response {
    let disposition = format!("attachment; filename=\"{file_name}\"");
    ([(header::CONTENT_TYPE, content_type.to_owned()), (header::CONTENT_DISPOSITION, disposition)], bytes)
        .into_response()
}

/// Reads the fields an operation takes out of a JSON body; anything else is an error.
pub fn api_input(body: JsonObject, known: &[&str], lang: Lang) -> Result<Input, ApiError> {
    let mut f = JsonFields::new(body, known);
    let mut input = Input::default();
    for k in known {
        if let Some(v) = f.text(k) {
            input.0.insert((*k).to_owned(), v);
        }
    }
    match f.finish(lang, None) {
        Some(e) => Err(e),
        None => Ok(input),
    }
}

/// The optional evidence files: what to send, what happens to them, and the limits.
pub fn evidence_field(lang: Lang, errors: &BTreeMap<String, String>) -> Markup {
    let limits = [
        ("files", (crate::service::evidence::MAX_FILES as i64).into()),
        ("megabytes", ((crate::service::evidence::MAX_FILE_BYTES / (1024 * 1024)) as i64).into()),
    ];
    html! {
        fieldset id="field-evidence" {
            legend { (lang.t("field-evidence")) }
            p class="hint" { (lang.t("evidence-hint")) }
            (error(errors, "evidence"))
            label for="evidence" { (lang.t("evidence-label")) small { (lang.t_args("evidence-limits", &limits)) } }
            input type="file" id="evidence" name="evidence" multiple
                accept="image/*,video/*,application/pdf,text/plain,application/zip,.zip,.txt,.pdf";
            p class="hint" { (lang.t("evidence-safe")) " " a href={ "/" (lang.code()) "/takedown" } { (lang.t("evidence-takedown-link")) } }
        }
    }
}

pub(crate) fn error(errors: &BTreeMap<String, String>, field: &str) -> Markup {
    html! {
        @if let Some(msg) = errors.get(field) {
            p class="field-error" id={ "error-" (field) } { (msg) }
        }
    }
}

/// A radio group; each choice has its label and, with `hints`, a one-line explanation.
pub(crate) fn choices<'a>(
    lang: Lang,
    field: &str,
    options: impl Iterator<Item = &'a str>,
    current: Option<&str>,
    errors: &BTreeMap<String, String>,
    hints: bool,
) -> Markup {
    let prefix = field.replace('_', "-");
    html! {
        fieldset id={ "field-" (field) } {
            legend { (lang.t(&format!("field-{field}"))) }
            (error(errors, field))
            @for o in options {
                @let key = format!("{prefix}-{}", o.replace('_', "-"));
                label class="choice" {
                    input type="radio" name=(field) value=(o) checked[current == Some(o)] required;
                    span {
                        (lang.t(&key))
                        @if hints { small { (lang.t(&format!("{key}-hint"))) } }
                    }
                }
            }
        }
    }
}
