//! Reporting: the child-friendly form (`/sq/report`, `/en/report`) and `POST /api/v1/reports`.
//!
//! A receipt is shown only after the report has committed (group commit with fsync). The
//! form re-renders with what was typed and the errors beside the fields; nothing is stored
//! until everything is valid.

use crate::base::error::field_messages;
use crate::base::error::ApiError;
use crate::base::error::PageError;
use crate::base::extract::ApiLang;
use crate::base::extract::JsonFields;
use crate::base::extract::JsonObject;
use crate::base::extract::PageLang;
use crate::base::form::choices;
use crate::base::form::error;
use crate::base::form::evidence_field;
use crate::base::layout::lines;
use crate::base::layout::page;
use crate::base::layout::paragraphs;
use crate::base::upload::Files;
use crate::parts::i18n::Lang;
use crate::reporting::steps;
use crate::service::evidence::Refusal;
use crate::service::intake::store_report;
use crate::service::intake::store_report_once;
use crate::service::intake::SubmitError;
use crate::service::intake::RECEIPT_SHOWN_MS;
use crate::AppState;
use axum::extract::RawQuery;
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::Json;
use maud::html;
use maud::Markup;
use serde::Serialize;
use std::collections::BTreeMap;
use zeri_crypto::new_token;
use zeri_domain::places::Gazetteer;
use zeri_domain::report::{AgeBand, Category, ContactMethod, ReportForm, ReporterKind, WhenHappened};
use zeri_domain::Stage;

/// The report in steps ([`steps`]); `?all=1`: every question on one page.
pub(crate) async fn form_page(PageLang(lang): PageLang, RawQuery(query): RawQuery) -> Html<String> {
    let (form, none) = (ReportForm::default(), BTreeMap::new());
    if query.is_some_and(|q| q.split('&').any(|p| p == "all=1")) {
        render_form(lang, &form, &none, &new_token())
    } else {
        steps::render_step(lang, 1, &form, &none, &new_token())
    }
}

/// The form, with or without files (`multipart/form-data` with `evidence` parts). Files
/// cannot be kept across a failed submission (a browser never refills a file input), so
/// when the form comes back with errors it says so beside the file field.
pub(crate) async fn submit_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    Files(upload): Files,
) -> Result<Response, PageError> {
    // A stepped report comes back at its first step with an error; the one-page form whole.
    let stepped = matches!(&upload, Ok(u) if u.fields.contains_key("step"));
    let show = |form: &ReportForm, errors: &BTreeMap<String, String>, token: &str| {
        if stepped {
            steps::render_at_error(lang, form, errors, token)
        } else {
            render_form(lang, form, errors, token)
        }
    };
    let refused = |form: &ReportForm, r: Refusal, token: &str| {
        let errors = BTreeMap::from([("evidence".to_owned(), r.message(lang))]);
        (r.status(), show(form, &errors, token)).into_response()
    };
    let upload = match upload {
        Ok(u) => u,
        Err(Refusal::BadForm) => return Err(PageError::new(StatusCode::BAD_REQUEST, lang, "bad-form")),
        Err(r) => return Ok(refused(&ReportForm::default(), r, &new_token())),
    };
    // The form's one-time token: the same form sent again files nothing new. (A client
    // without it, e.g. a script, gets the receipt in the answer as before.)
    let token = upload.fields.get("form_token").filter(|t| (16..=64).contains(&t.len())).cloned();
    let shown_token = token.clone().unwrap_or_else(new_token);
    let form: ReportForm = upload.form().map_err(|_| PageError::new(StatusCode::BAD_REQUEST, lang, "bad-form"))?;
    if stepped {
        let next = steps::advance(lang, &form, &upload.fields, &shown_token, !upload.files.is_empty())
            .map_err(|()| PageError::new(StatusCode::BAD_REQUEST, lang, "bad-form"))?;
        if let steps::Outcome::Show(page) = next {
            return Ok(page);
        }
    }
    // The language switched on a half-filled form: the same form in this language, with what
    // was typed, nothing checked or stored.
    if upload.fields.contains_key("switch_language") {
        let mut notes = BTreeMap::new();
        if !upload.files.is_empty() {
            notes.insert("evidence".to_owned(), lang.t("evidence-choose-again"));
        }
        return Ok(render_form(lang, &form, &notes, &shown_token).into_response());
    }
    let report = match form.validate(Gazetteer::albania()) {
        Ok(r) => r,
        Err(errors) => {
            let mut errors = field_messages(lang, &errors);
            if !upload.files.is_empty() {
                errors.insert("evidence".into(), lang.t("evidence-choose-again"));
            }
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, show(&form, &errors, &shown_token)).into_response());
        }
    };
    let Some(token) = token else {
        return match store_report(&app, report, upload.files).await {
            Ok(receipt) => {
                tracing::info!("report stored");
                Ok((StatusCode::CREATED, receipt_page(lang, &receipt.display_grouped(), false)).into_response())
            }
            Err(SubmitError::Refused(r)) => Ok(refused(&form, r, &shown_token)),
            Err(e) => Err(PageError::internal(lang, format!("{e:?}"))),
        };
    };
    // POST, redirect, GET: a reload of the receipt page sends nothing again.
    let to_receipt = || {
        (
            StatusCode::SEE_OTHER,
            [
                crate::base::auth::set_cookie(&app, crate::base::auth::RECEIPT_COOKIE, &token),
                (
                    header::LOCATION,
                    HeaderValue::from_str(&format!("/{}/report/received", lang.code())).expect("a path"),
                ),
            ],
        )
            .into_response()
    };
    match store_report_once(&app, report, upload.files, &token).await {
        Ok(_) => {
            tracing::info!("report stored");
            Ok(to_receipt())
        }
        Err(SubmitError::AlreadyReceived) => Ok(to_receipt()),
        Err(SubmitError::Refused(r)) => Ok(refused(&form, r, &token)),
        Err(e) => Err(PageError::internal(lang, format!("{e:?}"))),
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ReportCreated {
    /// The receipt, in groups of four digits. Shown once; only a keyed hash is stored.
    receipt: String,
    /// The stage of the report: `received`.
    #[schema(value_type = String)]
    status: Stage,
    /// What happens next, in the caller's language.
    next: String,
}

/// Report online sexual exploitation or abuse.
///
/// Fields: `reporter` (self | on_behalf | professional), `category` (grooming |
/// sexual_extortion | images_shared | abuse_material_seen | live_streaming |
/// unwanted_content | harassment | other), `description`, `platform`, `links` (one per
/// line), `when` (ongoing | today | this_week | this_month | this_year | longer_ago |
/// not_sure), `age_band` (under_13 | 13_15 | 16_17 | adult_before_18 | unknown),
/// `location` (a municipality, town or village of Albania), `name`, `contact_method`
/// (none | phone | email), `phone`, `email`, `consent_cpo`, `consent_police` (booleans).
#[utoipa::path(post, path = "/api/v1/reports", tag = "reporting", operation_id = "submit_report",
    request_body(content = ReportBody, content_type = "application/json"),
    responses(
        (status = 201, description = "Stored durably", body = ReportCreated),
        (status = 422, description = "Invalid fields; nothing was stored"),
        (status = 400, description = "Not a JSON object"),
        (status = 413, description = "Body too large"),
        (status = 415, description = "Not JSON"),
    ))]
pub async fn submit_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    body: JsonObject,
) -> Result<(StatusCode, Json<ReportCreated>), ApiError> {
    let mut f = JsonFields::new(body, ReportForm::FIELDS);
    let form = form_from_json(&mut f);
    let validated = form.validate(Gazetteer::albania());
    if let Some(err) = f.finish(lang, validated.as_ref().err()) {
        return Err(err);
    }
    let report = validated.expect("no errors");
    let receipt =
        store_report(&app, report, Vec::new()).await.map_err(|e| ApiError::internal(lang, format!("{e:?}")))?;
    Ok((
        StatusCode::CREATED,
        Json(ReportCreated {
            receipt: receipt.display_grouped(),
            status: Stage::Received,
            next: lang.t(&Stage::Received.next_key()),
        }),
    ))
}

/// The receipt page; `done_button`: with "I have written it down", which ends its showing.
pub(crate) fn receipt_page(lang: Lang, receipt: &str, done_button: bool) -> Html<String> {
    let l = lang.code();
    page(
        lang,
        &lang.t("receipt-title"),
        html! {
            h1 { (lang.t("receipt-title")) }
            p class="lead" { (lang.t("receipt-thanks")) }
            p { (lang.t("receipt-intro")) }
            p class="receipt" data-receipt { (receipt) }
            p class="copy-receipt" hidden {
                button type="button" data-copy-receipt data-copied=(lang.t("receipt-copied")) { (lang.t("receipt-copy")) }
                " " small { (lang.t("receipt-copy-hint")) }
            }
            (lines(&lang.t("receipt-keep")))
            section class="card" {
                h2 { (lang.t("followup-next")) }
                (paragraphs(&lang.t(&Stage::Received.next_key())))
                h2 { (lang.t("followup-rights")) }
                (lines(&lang.t(&Stage::Received.rights_key())))
            }
            @if done_button {
                p { (lang.t_args("receipt-shown-for", &[("minutes", (RECEIPT_SHOWN_MS / 60_000).into())])) }
                form method="post" action={ "/" (l) "/report/received/done" } {
                    button class="primary" type="submit" { (lang.t("receipt-done")) }
                }
            } @else {
                div class="actions" {
                    a class="button primary" href={ "/" (l) "/followup" } { (lang.t("receipt-followup")) }
                }
            }
        },
    )
}

/// The report fields of a JSON body, as `POST /api/v1/reports` reads them (type errors are
/// kept in `f` for its answer).
pub(crate) fn form_from_json(f: &mut JsonFields) -> ReportForm {
    ReportForm {
        reporter: f.text("reporter"),
        category: f.text("category"),
        description: f.text("description"),
        platform: f.text("platform"),
        links: f.text("links"),
        when: f.text("when"),
        age_band: f.text("age_band"),
        location: f.text("location"),
        name: f.text("name"),
        contact_method: f.text("contact_method"),
        phone: f.text("phone"),
        email: f.text("email"),
        consent_cpo: f.flag("consent_cpo"),
        consent_police: f.flag("consent_police"),
    }
}

pub(crate) fn render_form(lang: Lang, v: &ReportForm, errors: &BTreeMap<String, String>, token: &str) -> Html<String> {
    let title = lang.t("report-title");
    let body = html! {
        h1 { (title) }
        p class="lead" { (lang.t("report-lead")) }
        p { (lang.t("report-anonymous")) }
        (error_summary(lang, errors))
        // `autocomplete=off`: a browser does not put the typed text back when Back comes to
        // this page on a shared phone.
        form method="post" action={ "/" (lang.code()) "/report" } enctype="multipart/form-data" novalidate data-keep-on-switch autocomplete="off" {
            input type="hidden" name="form_token" value=(token);
            (what_happened(lang, v, errors))
            (few_words(lang, v, errors))
            (age_and_place(lang, v, errors))
            (contact_and_consent(lang, v, errors))
            (evidence_field(lang, errors))
            p { (lang.t("report-before-send")) }
            button class="primary" type="submit" { (lang.t("report-send")) }
        }
    };
    page(lang, &title, body)
}

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

crate::base::schema::request_body!(
    /// `POST /api/v1/reports`.
    ReportBody => {
        use zeri_domain::report::{AgeBand, Category, ContactMethod, ReporterKind, WhenHappened};
        body(
            "A report, as a child or an adult on their behalf makes it",
            vec![
                ("reporter", choice("Who is reporting", ReporterKind::ALL.iter().map(|v| v.as_str())), true),
                ("category", choice("What happened", Category::ALL.iter().map(|v| v.as_str())), true),
                ("description", text("What happened, in the child's words (at most 5000 characters)"), true),
                ("platform", text("The app or site"), false),
                ("links", text("Links, one per line (at most 10)"), false),
                ("when", choice("When it happened (default not_sure)", WhenHappened::ALL.iter().map(|v| v.as_str())), false),
                ("age_band", choice("The child's age", AgeBand::ALL.iter().map(|v| v.as_str())), true),
                ("location", text("A municipality, town or village of Albania (diacritics optional)"), false),
                ("name", text("A name, if the child wants to give one"), false),
                ("contact_method", choice("How we may contact them (default none)", ContactMethod::ALL.iter().map(|v| v.as_str())), false),
                ("phone", text("Needed when contact_method is phone"), false),
                ("email", text("Needed when contact_method is email"), false),
                ("consent_cpo", flag("The report may go to the municipal Child Protection Unit"), false),
                ("consent_police", flag("The report may go to the police"), false),
            ],
            serde_json::json!({"reporter": "self", "category": "sexual_extortion",
                "description": "Someone I met in a game asks for money or he will share my photos.",
                "age_band": "13_15", "location": "Kukës", "consent_cpo": true}),
        )
    }
);
