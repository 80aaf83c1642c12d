//! The child's consent on the follow-up page and in its API: per recipient that has or
//! asked for the case, what sharing means in plain words, and a button to withdraw or give
//! consent (a POST with the session's CSRF token). Where a legal duty was recorded the
//! section says that access continues because of the law, and what that means.

use crate::base::auth::csrf_ok;
use crate::base::auth::ApiSurvivor;
use crate::base::auth::PageSurvivor;
use crate::base::error::ApiError;
use crate::base::error::PageError;
use crate::base::extract::ApiLang;
use crate::base::extract::JsonFields;
use crate::base::extract::JsonObject;
use crate::base::extract::PageForm;
use crate::base::extract::PageLang;
use crate::base::layout::lines;
use crate::parts::i18n::{label, Lang};
use crate::service::child_control::{child_decides, recipients, Recipient};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Json;
use maud::{html, Markup};
use serde::Serialize;
use std::collections::BTreeMap;
use zeri_domain::{FieldError, FieldErrors};

/// What sharing with this kind of recipient means, in the child's words.
fn means_key(r: &Recipient) -> String {
    format!("child-consent-means-{}", r.kind.as_str())
}

/// The section of the follow-up page.
pub fn section(lang: Lang, items: &[Recipient], csrf: &str) -> Markup {
    let l = lang.code();
    html! {
        section class="card" id="consent" {
            h2 { (lang.t("child-consent-title")) }
            p class="hint" { (lang.t("child-consent-hint")) }
            ul class="consents" {
                @for r in items {
                    li data-recipient=(r.kind.as_str()) data-org=[r.org_id()] data-consent=(if r.consent { "given" } else { "none" }) {
                        h3 { (r.name(lang)) }
                        p { (lang.t(&means_key(r))) }
                        p class="consent-state" {
                            strong { (if r.consent { lang.t("child-consent-now-given") } else { lang.t("child-consent-now-not") }) }
                        }
                        @if let Some(duty) = r.legal_duty {
                            p class="legal-duty" role="note" {
                                (lang.t_args("child-consent-legal-duty", &[("duty", label(lang, "legal-duty", duty.as_str()).into())]))
                            }
                        }
                        form method="post" action={ "/" (l) "/followup/consent" } class="inline" {
                            input type="hidden" name="csrf" value=(csrf);
                            input type="hidden" name="recipient" value=(r.kind.as_str());
                            @if let Some(o) = r.org_id() { input type="hidden" name="org" value=(o); }
                            @if r.consent {
                                input type="hidden" name="decision" value="withdrawn";
                                button type="submit" data-withdraw-consent { (lang.t_args("child-consent-withdraw", &[("who", r.name(lang).into())])) }
                            } @else {
                                input type="hidden" name="decision" value="given";
                                button type="submit" data-give-consent { (lang.t_args("child-consent-give", &[("who", r.name(lang).into())])) }
                            }
                        }
                    }
                }
            }
            details {
                summary { (lang.t("child-consent-about")) }
                (lines(&lang.t("child-consent-about-text")))
            }
        }
    }
}

/// `POST /{lang}/followup/consent` (csrf, recipient, org, decision): the child's decision,
/// then back to the section, which shows it.
pub(crate) async fn consent_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageSurvivor(survivor): PageSurvivor,
    PageForm(form): PageForm<BTreeMap<String, String>>,
) -> Result<Response, PageError> {
    let l = lang.code();
    let Some(s) = survivor else { return Ok(Redirect::to(&format!("/{l}/followup")).into_response()) };
    if !csrf_ok(&app, &s.token, form.get("csrf").map(String::as_str)) {
        return Err(PageError::new(StatusCode::FORBIDDEN, lang, "csrf"));
    }
    let get = |k: &str| form.get(k).map(String::as_str);
    child_decides(
        &app,
        &s.report_id,
        get("recipient").unwrap_or_default(),
        get("org"),
        get("decision").unwrap_or_default(),
    )
    .await
    .map_err(|f| f.page(lang))?;
    Ok(Redirect::to(&format!("/{l}/followup#consent")).into_response())
}

/// A recipient as the child's API shows it.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ChildConsentRecipient {
    /// `cpu`, `service`, `police`, `prosecution` or `barnahus`.
    recipient: &'static str,
    /// The one organisation, for services and named Child Protection Units.
    org: Option<String>,
    name: String,
    /// What sharing with it means, in plain words.
    means: String,
    /// The latest decision on record covers sharing with it.
    consent: bool,
    /// A legal duty was recorded: access continues whatever the child decides.
    legal_duty: Option<&'static str>,
    legal_duty_text: Option<String>,
}

fn views(lang: Lang, items: &[Recipient]) -> Vec<ChildConsentRecipient> {
    items
        .iter()
        .map(|r| ChildConsentRecipient {
            recipient: r.kind.as_str(),
            org: r.org_id().map(String::from),
            name: r.name(lang),
            means: lang.t(&means_key(r)),
            consent: r.consent,
            legal_duty: r.legal_duty.map(|d| d.as_str()),
            legal_duty_text: r.legal_duty.map(|d| {
                lang.t_args("child-consent-legal-duty", &[("duty", label(lang, "legal-duty", d.as_str()).into())])
            }),
        })
        .collect()
}

/// Who has or asked for the case, and whether the child's consent covers each.
#[utoipa::path(get, path = "/api/v1/followup/consents", tag = "follow-up", operation_id = "child_consents",
    responses((status = 200, body = [ChildConsentRecipient]), (status = 401)), security(("bearer" = [])))]
pub async fn consents_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiSurvivor(s): ApiSurvivor,
) -> Result<Json<Vec<ChildConsentRecipient>>, ApiError> {
    let report = app.store.report(&s.report_id).await.map_err(|e| ApiError::internal(lang, e))?;
    let report = report.ok_or(ApiError::not_found(lang))?;
    let items = recipients(&app, &report).await.map_err(|f| f.api(lang))?;
    Ok(Json(views(lang, &items)))
}

/// The child gives or withdraws consent for one recipient (`{"recipient", "org"?,
/// "decision": "given"|"withdrawn"}`); it takes effect at once. Answers the list as it is
/// now.
#[utoipa::path(post, path = "/api/v1/followup/consents", tag = "follow-up", operation_id = "child_consent_decide",
    request_body(content = ChildConsentBody, content_type = "application/json"),
    responses((status = 200, body = [ChildConsentRecipient]), (status = 401), (status = 410), (status = 422)),
    security(("bearer" = [])))]
pub async fn decide_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiSurvivor(s): ApiSurvivor,
    body: JsonObject,
) -> Result<Json<Vec<ChildConsentRecipient>>, ApiError> {
    let mut f = JsonFields::new(body, &["recipient", "org", "decision"]);
    let (recipient, org, decision) = (f.text("recipient"), f.text("org"), f.text("decision"));
    let mut missing = FieldErrors::new();
    if recipient.is_none() {
        missing.insert("recipient", FieldError::new("required-choice"));
    }
    if decision.is_none() {
        missing.insert("decision", FieldError::new("required-choice"));
    }
    if let Some(e) = f.finish(lang, (!missing.is_empty()).then_some(&missing)) {
        return Err(e);
    }
    let items = child_decides(
        &app,
        &s.report_id,
        recipient.as_deref().unwrap_or_default(),
        org.as_deref(),
        decision.as_deref().unwrap_or_default(),
    )
    .await
    .map_err(|f| f.api(lang))?;
    Ok(Json(views(lang, &items)))
}

crate::base::schema::request_body!(
    /// `POST /api/v1/followup/consents`.
    ChildConsentBody => body("The child's decision about one recipient",
        vec![("recipient", choice("Who the decision is about", ["cpu", "service", "police", "prosecution", "barnahus"]), true),
             ("org", text("The organisation, for a service or a named Child Protection Unit"), false),
             ("decision", choice("The child's decision", ["given", "withdrawn"]), true)],
        serde_json::json!({"recipient": "police", "decision": "withdrawn"}))
);
