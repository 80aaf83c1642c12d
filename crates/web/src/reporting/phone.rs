//! Helpline phone contacts: a counsellor logs a call as a new report (the same record, the
//! same statistics as an online report, with `channel = phone`), or adds a call to an
//! existing case (the `contacts` operation in `cases`). The consent questions are read out
//! and the answers recorded; the follow-up agreed is recorded; what was said is sealed
//! under the case key. The caller can be given a receipt to follow up online.

use crate::base::auth::csrf_token;
use crate::base::auth::PageStaff;
use crate::base::auth::Staff;
use crate::base::error::field_messages;
use crate::base::error::PageError;
use crate::base::extract::PageForm;
use crate::base::extract::PageLang;
use crate::base::form::choices;
use crate::base::form::error;
use crate::base::layout::staff_page;
use crate::parts::i18n::Lang;
use crate::service::intake::store_report_from;
use crate::service::intake::SubmitError;
use crate::service::phone::call_details;
use crate::service::phone::log_call;
use crate::service::phone::takes_calls;
use crate::service::phone::FOLLOW_UPS;
use crate::App;
use crate::AppState;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use maud::html;
use serde::Deserialize;
use std::collections::BTreeMap;
use utoipa_axum::router::OpenApiRouter;
use zeri_domain::places::Gazetteer;
use zeri_domain::report::{AgeBand, Category, ReportForm, ReporterKind};
use zeri_domain::{FieldError, FieldErrors};

pub fn router() -> OpenApiRouter<AppState> {
    crate::base::localised(|r, l| r.route(&format!("/{l}/staff/phone"), get(form_page).post(submit)))
}

#[derive(Deserialize, Default)]
pub(crate) struct PhoneForm {
    csrf: Option<String>,
    #[serde(flatten)]
    report: ReportForm,
    /// The consent questions were read out (checkbox).
    consent_read: Option<String>,
    follow_up: Option<String>,
    minutes: Option<String>,
}

fn ticked(v: &Option<String>) -> bool {
    v.as_deref().is_some_and(|s| !s.trim().is_empty())
}

async fn form_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
) -> Result<Response, PageError> {
    if !takes_calls(&s.user) {
        return Err(PageError::new(StatusCode::FORBIDDEN, lang, "forbidden"));
    }
    Ok(render(&app, lang, &s, &PhoneForm::default(), &BTreeMap::new(), StatusCode::OK))
}

fn render(
    app: &App,
    lang: Lang,
    s: &Staff,
    v: &PhoneForm,
    errors: &BTreeMap<String, String>,
    status: StatusCode,
) -> Response {
    let l = lang.code();
    let val = |o: &Option<String>| o.clone().unwrap_or_default();
    let r = &v.report;
    let body = html! {
        (crate::base::chrome::logout_form(app, lang, s))
        h1 { (lang.t("phone-title")) }
        p class="hint" { (lang.t("phone-lead")) }
        @if !errors.is_empty() { p class="field-error" role="alert" { (lang.t("report-errors")) } }
        form method="post" action={ "/" (l) "/staff/phone" } novalidate {
            input type="hidden" name="csrf" value=(csrf_token(app, &s.token));
            (choices(lang, "reporter", ReporterKind::ALL.iter().map(|c| c.as_str()), r.reporter.as_deref(), errors, false))
            (choices(lang, "category", Category::ALL.iter().map(|c| c.as_str()), r.category.as_deref(), errors, false))
            (choices(lang, "age_band", AgeBand::ALL.iter().map(|c| c.as_str()), r.age_band.as_deref(), errors, false))
            label for="description" { (lang.t("phone-summary")) }
            (error(errors, "description"))
            textarea id="description" name="description" maxlength="5000" required { (val(&r.description)) }
            label for="location" { (lang.t("field-location")) }
            (error(errors, "location"))
            input type="text" id="location" name="location" maxlength="120" value=(val(&r.location));
            label for="name" { (lang.t("field-name")) }
            input type="text" id="name" name="name" maxlength="100" value=(val(&r.name));
            label for="phone" { (lang.t("phone-call-back-number")) }
            (error(errors, "phone"))
            input type="tel" id="phone" name="phone" maxlength="30" value=(val(&r.phone));
            input type="hidden" name="contact_method" value=(if r.phone.as_deref().is_some_and(|p| !p.trim().is_empty()) { "phone" } else { "none" });
            fieldset id="field-consent" {
                legend { (lang.t("phone-consent")) }
                (error(errors, "consent_read"))
                label class="choice" { input type="checkbox" name="consent_read" value="yes" checked[ticked(&v.consent_read)]; span { (lang.t("phone-consent-read")) } }
                label class="choice" { input type="checkbox" name="consent_cpo" value="yes" checked[ticked(&r.consent_cpo)]; span { (lang.t("consent-cpo-label")) } }
                label class="choice" { input type="checkbox" name="consent_police" value="yes" checked[ticked(&r.consent_police)]; span { (lang.t("consent-police-label")) } }
            }
            label for="follow_up" { (lang.t("phone-follow-up")) }
            (error(errors, "follow_up"))
            select id="follow_up" name="follow_up" {
                @for f in FOLLOW_UPS { option value=(f) selected[v.follow_up.as_deref() == Some(f)] { (lang.t(&format!("phone-follow-up-{f}"))) } }
            }
            label for="minutes" { (lang.t("phone-minutes")) }
            (error(errors, "minutes"))
            input type="number" id="minutes" name="minutes" min="0" max="600" value=(val(&v.minutes));
            p { button class="primary" type="submit" { (lang.t("phone-save")) } }
        }
    };
    (status, [(header::CACHE_CONTROL, "no-store")], staff_page(lang, &lang.t("phone-title"), body)).into_response()
}

async fn submit(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    PageForm(v): PageForm<PhoneForm>,
) -> Result<Response, PageError> {
    crate::base::auth::require_csrf(&app, lang, &s, v.csrf.as_deref())?;
    if !takes_calls(&s.user) {
        return Err(PageError::new(StatusCode::FORBIDDEN, lang, "forbidden"));
    }
    let mut errors = FieldErrors::new();
    if !ticked(&v.consent_read) {
        errors.insert("consent_read", FieldError::new("required"));
    }
    let details = call_details(v.follow_up.as_deref(), v.minutes.as_deref()).map_err(|e| errors.extend(e)).ok();
    let report = v.report.validate(Gazetteer::albania()).map_err(|e| errors.extend(e)).ok();
    let (Some(report), Some((follow_up, minutes)), true) = (report, details, errors.is_empty()) else {
        let mut shown = field_messages(lang, &errors);
        if let Some(m) = shown.remove("consent_read") {
            shown.insert("consent_read".into(), format!("{} {m}", lang.t("phone-consent-read")));
        }
        return Ok(render(&app, lang, &s, &v, &shown, StatusCode::UNPROCESSABLE_ENTITY));
    };
    let summary = report.confidential.description.clone();
    // Held by the organisation of whoever took the call (the helpline or the hotline), so
    // they can open it at once and read the receipt out.
    let holder = s.user.org_id.as_deref().unwrap_or("helpline");
    let (receipt, id) =
        store_report_from(&app, report, Vec::new(), "phone", holder, None).await.map_err(|e| match e {
            SubmitError::Internal(e) => PageError::internal(lang, e),
            other => PageError::internal(lang, format!("{other:?}")),
        })?;
    // The counsellor who took the call holds the case, and the call is on it.
    let case = crate::service::case::open_case(&app, &s.user, &id).await.map_err(|f| f.page(lang))?;
    log_call(&app, &s.user, &case, &summary, follow_up, minutes).await.map_err(|f| f.page(lang))?;
    tracing::info!("phone contact logged as a report");
    let l = lang.code();
    let body = html! {
        (crate::base::chrome::logout_form(&app, lang, &s))
        h1 { (lang.t("phone-saved")) }
        p { (lang.t("phone-receipt-read-out")) }
        p class="receipt" data-receipt { (receipt.display_grouped()) }
        p class="hint" { (lang.t("phone-receipt-once")) }
        p { a class="button primary" href={ "/" (l) "/staff/reports/" (id) } { (case.report.case_ref) } }
    };
    Ok((StatusCode::CREATED, [(header::CACHE_CONTROL, "no-store")], staff_page(lang, &lang.t("phone-saved"), body))
        .into_response())
}
