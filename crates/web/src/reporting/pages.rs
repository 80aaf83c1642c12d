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
use crate::base::form::evidence_field;
use crate::base::layout::lines;
use crate::base::layout::page;
use crate::base::layout::paragraphs;
use crate::base::upload::Files;
use crate::parts::i18n::Lang;
use crate::reporting::questions;
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
use serde::Serialize;
use std::collections::BTreeMap;
use zeri_crypto::new_token;
use zeri_domain::places::Gazetteer;
use zeri_domain::report::ReportForm;
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
    receipt_page_with(lang, receipt, done_button, None)
}

/// The receipt page with a section after the receipt (saving it: `reporting::saved`).
pub(crate) fn receipt_page_with(
    lang: Lang,
    receipt: &str,
    done_button: bool,
    extra: Option<maud::Markup>,
) -> Html<String> {
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
            @if let Some(extra) = extra { (extra) }
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
        p class="small" { (lang.t("report-link-instead")) " " a href={ "/" (lang.code()) "/report-link" } { (lang.t("report-link-title")) } }
        (questions::error_summary(lang, errors))
        // `autocomplete=off`: a browser does not put the typed text back when Back comes to
        // this page on a shared phone.
        form method="post" action={ "/" (lang.code()) "/report" } enctype="multipart/form-data" novalidate data-keep-on-switch autocomplete="off" {
            input type="hidden" name="form_token" value=(token);
            (questions::what_happened(lang, v, errors))
            (questions::few_words(lang, v, errors))
            (questions::age_and_place(lang, v, errors))
            (questions::contact_and_consent(lang, v, errors))
            (evidence_field(lang, errors))
            p { (lang.t("report-before-send")) }
            button class="primary" type="submit" { (lang.t("report-send")) }
        }
    };
    page(lang, &title, body)
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
