//! The questions of the report, in groups: the one-page form shows them all, each step of
//! the stepped report one group (`steps.rs`).

use crate::base::form::choices;
use crate::base::form::error;
use crate::parts::i18n::Lang;
use maud::html;
use maud::Markup;
use std::collections::BTreeMap;
use zeri_domain::places::Gazetteer;
use zeri_domain::report::{AgeBand, Category, ContactMethod, ReportForm, ReporterKind, WhenHappened};

/// The errors, in the order of the form (GOV.UK's error summary); the script focuses it, and
/// each entry moves the focus to its field.
pub(crate) fn error_summary(lang: Lang, errors: &BTreeMap<String, String>) -> Markup {
    html! {
        @if !errors.is_empty() {
            div class="error-summary" role="alert" tabindex="-1" id="errors" data-error-summary {
                h2 { (lang.t("report-errors")) }
                ul {
                    @for (field, msg) in in_form_order(errors) {
                        li { a href={ "#field-" (field) } data-focus=(focus_target(field)) { (lang.t(&format!("field-{field}"))) ": " (msg) } }
                    }
                }
            }
        }
    }
}

/// Who is reporting and what happened.
pub(crate) fn what_happened(lang: Lang, v: &ReportForm, errors: &BTreeMap<String, String>) -> Markup {
    html! {
        (choices(lang, "reporter", ReporterKind::ALL.iter().map(|c| c.as_str()), v.reporter.as_deref(), errors, false))
        (choices(lang, "category", Category::ALL.iter().map(|c| c.as_str()), v.category.as_deref(), errors, true))
    }
}

/// The description, the app or site, links and when.
pub(crate) fn few_words(lang: Lang, v: &ReportForm, errors: &BTreeMap<String, String>) -> Markup {
    let val = |o: &Option<String>| o.clone().unwrap_or_default();
    html! {
        fieldset id="field-description" {
            legend { (lang.t("field-description")) }
            (error(errors, "description"))
            label for="description" { (lang.t("description-label")) small { (lang.t("description-hint")) } }
            textarea id="description" name="description" maxlength="5000" required { (val(&v.description)) }
            label for="platform" id="field-platform" { (lang.t("field-platform")) small { (lang.t("platform-hint")) } }
            (error(errors, "platform"))
            input type="text" id="platform" name="platform" maxlength="100" value=(val(&v.platform));
            label for="links" id="field-links" { (lang.t("field-links")) small { (lang.t("links-hint")) } }
            (error(errors, "links"))
            textarea id="links" name="links" rows="3" maxlength="2000" { (val(&v.links)) }
            label for="when" id="field-when" { (lang.t("field-when")) }
            (error(errors, "when"))
            select id="when" name="when" {
                @for w in WhenHappened::ALL {
                    option value=(w.as_str()) selected[v.when.as_deref() == Some(w.as_str()) || (v.when.is_none() && *w == WhenHappened::NotSure)] {
                        (lang.t(&format!("when-{}", w.as_str().replace('_', "-"))))
                    }
                }
            }
        }
    }
}

/// The age band and the place.
pub(crate) fn age_and_place(lang: Lang, v: &ReportForm, errors: &BTreeMap<String, String>) -> Markup {
    let val = |o: &Option<String>| o.clone().unwrap_or_default();
    html! {
        (choices(lang, "age_band", AgeBand::ALL.iter().map(|c| c.as_str()), v.age_band.as_deref(), errors, false))
        fieldset id="field-location" {
            legend { (lang.t("field-location")) }
            (error(errors, "location"))
            label for="location" { (lang.t("location-label")) small { (lang.t("location-hint")) } }
            input type="text" id="location" name="location" list="places" autocomplete="off" maxlength="120" value=(val(&v.location));
            datalist id="places" {
                @for label in Gazetteer::albania().labels() { option value=(label) {} }
            }
            small { (lang.t("geonames-credit")) }
        }
    }
}

/// How we may contact them, and who may see the report.
pub(crate) fn contact_and_consent(lang: Lang, v: &ReportForm, errors: &BTreeMap<String, String>) -> Markup {
    let val = |o: &Option<String>| o.clone().unwrap_or_default();
    html! {
        fieldset id="field-contact_method" {
            legend { (lang.t("field-contact_method")) }
            p class="hint" { (lang.t("contact-hint")) }
            (error(errors, "contact_method"))
            @for m in ContactMethod::ALL {
                label class="choice" {
                    input type="radio" name="contact_method" value=(m.as_str())
                        checked[v.contact_method.as_deref() == Some(m.as_str()) || (v.contact_method.is_none() && *m == ContactMethod::None)];
                    span { (lang.t(&format!("contact-{}", m.as_str()))) }
                }
            }
            div data-contact="phone" id="field-phone" {
                label for="phone" { (lang.t("field-phone")) }
                (error(errors, "phone"))
                input type="tel" id="phone" name="phone" autocomplete="off" maxlength="30" value=(val(&v.phone));
            }
            div data-contact="email" id="field-email" {
                label for="email" { (lang.t("field-email")) }
                (error(errors, "email"))
                input type="email" id="email" name="email" autocomplete="off" maxlength="254" value=(val(&v.email));
            }
            label for="name" id="field-name" { (lang.t("field-name")) small { (lang.t("name-hint")) } }
            (error(errors, "name"))
            input type="text" id="name" name="name" autocomplete="off" maxlength="80" value=(val(&v.name));
        }
        fieldset id="field-consent" {
            legend { (lang.t("consent-title")) }
            p class="hint" { (lang.t("consent-intro")) }
            @for field in ["consent_cpo", "consent_police"] {
                span id={ "field-" (field) } {}
                (error(errors, field))
                label class="choice" {
                    input type="checkbox" name=(field) value="true"
                        checked[matches!(v_flag(v, field), Some("true" | "on" | "yes" | "1"))];
                    span { (lang.t(&format!("{}-label", field.replace('_', "-")))) small { (lang.t(&format!("{}-hint", field.replace('_', "-")))) } }
                }
            }
            p class="hint" { strong { (lang.t("consent-danger-title")) } " " (lang.t("consent-danger")) }
        }
    }
}

/// The fields in the order the form shows them (the error summary follows it).
pub(crate) const FORM_ORDER: [&str; 15] = [
    "reporter",
    "category",
    "description",
    "platform",
    "links",
    "when",
    "age_band",
    "location",
    "contact_method",
    "phone",
    "email",
    "name",
    "consent_cpo",
    "consent_police",
    "evidence",
];

fn in_form_order(errors: &BTreeMap<String, String>) -> Vec<(&str, &str)> {
    let mut out: Vec<(&str, &str)> = errors.iter().map(|(f, m)| (f.as_str(), m.as_str())).collect();
    out.sort_by_key(|(f, _)| FORM_ORDER.iter().position(|o| o == f).unwrap_or(FORM_ORDER.len()));
    out
}

/// The control to focus for a field: its input, or the first choice of a radio group.
fn focus_target(field: &str) -> String {
    match field {
        "reporter" | "category" | "age_band" | "contact_method" => format!("input[name={field}]"),
        "consent_cpo" | "consent_police" => format!("input[name={field}]"),
        _ => format!("#{field}"),
    }
}

fn v_flag<'a>(v: &'a ReportForm, field: &str) -> Option<&'a str> {
    match field {
        "consent_cpo" => v.consent_cpo.as_deref(),
        _ => v.consent_police.as_deref(),
    }
}
