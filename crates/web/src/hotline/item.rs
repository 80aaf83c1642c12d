//! One content item (`/{lang}/staff/hotline/items/{id}`, `/api/v1/hotline/items/{id}`):
//! its address (as text only: never a link the browser would follow or prefetch), where
//! the reports came from, its hashes, and its assessments; the assessment form (the ICCAM
//! scheme) and a second analyst's confirmation or dispute. Opening it is audited; so is
//! every assessment and answer, in the same transaction.

use crate::base::auth::{csrf_token, require_csrf, ApiStaff, PageStaff, Staff};
use crate::base::chrome::logout_form;
use crate::base::error::{field_messages, ApiError, PageError};
use crate::base::extract::{ApiLang, JsonFields, JsonObject, PageForm, PageLang};
use crate::base::form::error;
use crate::base::layout::staff_page;
use crate::hotline::common::{classification_text, ClassificationJson, ItemSummary};
use crate::hotline::exchange::source_text;
use crate::parts::format::datetime;
use crate::parts::i18n::{label, Lang};
use crate::service::case::Fail;
use crate::service::exchange::{item_exchange, ItemExchange};
use crate::service::hotline::{assess, item_ref, open_item, review, ItemView};
use crate::App;
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Json;
use maud::{html, Markup};
use serde::Serialize;
use std::collections::BTreeMap;
use zeri_domain::hotline::{AgeGroup, ClassificationForm, ContentType, OtherHarm, Review, SiteType, Verdict};
use zeri_domain::{FieldError, FieldErrors};

#[derive(serde::Deserialize)]
pub(crate) struct ItemQuery {
    done: Option<String>,
    /// A take-down step just done (`hotline::notices::DONE`).
    notice: Option<String>,
}

/// What a page says was just done (only these).
const DONE: [&str; 5] = ["assessed", "confirmed", "disputed", "exchange-forwarded", "exchange-failed"];

pub(crate) async fn item_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Path(id): Path<String>,
    Query(q): Query<ItemQuery>,
) -> Result<Html<String>, PageError> {
    let v = open_item(&app, &s.user, &id).await.map_err(|f| f.page(lang))?;
    let x = item_exchange(&app, &id).await.map_err(|e| Fail::from(e).page(lang))?;
    let done = q.done.as_deref().filter(|d| DONE.contains(d));
    let notice = q.notice.as_deref().filter(|d| crate::hotline::notices::DONE.contains(d));
    let t = crate::service::notices::takedown(&app, &s.user, &id, true).await.map_err(|f| f.page(lang))?;
    let takedown = crate::hotline::notices::section(&app, lang, &s, &t, notice);
    Ok(render(&app, lang, &s, &v, &x, done, &BTreeMap::new(), &BTreeMap::new(), takedown))
}

fn classification_form(fields: &BTreeMap<String, String>) -> ClassificationForm {
    let get = |k: &str| fields.get(k).cloned();
    ClassificationForm {
        verdict: get("verdict"),
        content_type: get("content_type"),
        age_group: get("age_group"),
        site_type: get("site_type"),
        other_harm: get("other_harm"),
    }
}

pub(crate) async fn assess_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Path(id): Path<String>,
    PageForm(fields): PageForm<BTreeMap<String, String>>,
) -> Result<Response, PageError> {
    require_csrf(&app, lang, &s, fields.get("csrf").map(String::as_str))?;
    let replaces = fields.get("replaces").map(String::as_str).filter(|r| !r.is_empty());
    match assess(&app, &s.user, &id, &classification_form(&fields), replaces).await {
        Ok(_) => Ok(Redirect::to(&format!("/{}/staff/hotline/items/{id}?done=assessed", lang.code())).into_response()),
        Err(Fail::Invalid(e)) => {
            let v = open_item(&app, &s.user, &id).await.map_err(|f| f.page(lang))?;
            let x = item_exchange(&app, &id).await.map_err(|e| Fail::from(e).page(lang))?;
            let page = render(&app, lang, &s, &v, &x, None, &fields, &field_messages(lang, &e), html! {});
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(f) => Err(f.page(lang)),
    }
}

pub(crate) async fn review_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Path(id): Path<String>,
    PageForm(fields): PageForm<BTreeMap<String, String>>,
) -> Result<Response, PageError> {
    require_csrf(&app, lang, &s, fields.get("csrf").map(String::as_str))?;
    let answer = fields.get("review").and_then(|r| Review::parse(r));
    let (Some(answer), Some(assessment)) = (answer, fields.get("assessment")) else {
        return Err(PageError::new(StatusCode::BAD_REQUEST, lang, "bad-form"));
    };
    let done = match answer {
        Review::Confirm => "confirmed",
        Review::Dispute => "disputed",
    };
    review(&app, &s.user, &id, assessment, answer).await.map_err(|f| f.page(lang))?;
    Ok(Redirect::to(&format!("/{}/staff/hotline/items/{id}?done={done}", lang.code())).into_response())
}

fn radios<'a>(
    lang: Lang,
    field: &str,
    prefix: &str,
    values: impl Iterator<Item = &'a str>,
    current: Option<&str>,
    errors: &BTreeMap<String, String>,
) -> Markup {
    html! {
        fieldset id={ "field-" (field) } {
            legend { (lang.t(&format!("field-{}", field.replace('_', "-")))) }
            (error(errors, field))
            @for v in values {
                label class="choice" {
                    input type="radio" name=(field) value=(v) checked[current == Some(v)];
                    span { (label(lang, prefix, v)) }
                }
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn render(
    app: &App,
    lang: Lang,
    s: &Staff,
    v: &ItemView,
    x: &ItemExchange,
    done: Option<&str>,
    typed: &BTreeMap<String, String>,
    errors: &BTreeMap<String, String>,
    takedown: Markup,
) -> Html<String> {
    let l = lang.code();
    let i = &v.item;
    let title = item_ref(&i.id);
    let csrf = html! { input type="hidden" name="csrf" value=(csrf_token(app, &s.token)); };
    let current = v.assessments.iter().find(|a| Some(&a.id) == i.assessment_id.as_ref());
    let name = |id: &str| v.names.get(id).cloned().unwrap_or_default();
    let sender = x.received.first().map(|(n, _)| n.as_str());
    // What the form shows: what was typed, else the current classification.
    let now = |field: &str| -> Option<String> {
        if let Some(t) = typed.get(field) {
            return Some(t.clone());
        }
        let c = i.classification?;
        match field {
            "verdict" => Some(c.verdict.as_str().into()),
            "content_type" => Some(c.content_type.as_str().into()),
            "age_group" => c.age_group.map(|a| a.as_str().into()),
            "site_type" => Some(c.site_type.as_str().into()),
            "other_harm" => c.other_harm.map(|o| o.as_str().into()),
            _ => None,
        }
    };
    let body = html! {
        (logout_form(app, lang, s))
        p { a href={ "/" (l) "/staff/hotline" } { "← " (lang.t("hotline-queue-title")) } }
        h1 { (title) " " span class="stage" { (lang.t(&i.state.name_key())) } }
        @if let Some(d) = done { div class="card done" role="status" { p { strong { (lang.t(&format!("hotline-done-{d}"))) } } } }
        @if !errors.is_empty() { div class="error-summary" role="alert" { p { strong { (lang.t("case-not-done")) } } } }
        section class="card" {
            h2 { (lang.t("hotline-item-where")) }
            p class="hint" { (lang.t("hotline-never-open")) }
            // Text, not a link: nothing here makes the browser fetch, prefetch or preview it.
            ul class="urls" { @for (url, at) in &v.urls { li { code translate="no" { (url) } " " span class="meta" { (datetime(*at)) } } } }
            table class="facts" {
                tr { th { (lang.t("hotline-col-reported")) } td { (datetime(i.created_at)) } }
                tr { th { (lang.t("hotline-col-times")) } td { (i.times_reported) " · " (lang.t("hotline-last-reported")) " " (datetime(i.last_reported_at)) } }
                @if let Some(f) = &i.forwarded_to { tr { th { (lang.t("hotline-forwarded")) } td { (f) } } }
            }
            @if !v.hashes.is_empty() {
                h3 { (lang.t("hotline-hashes")) }
                dl class="hashes" { @for h in &v.hashes { dt { (h.kind.as_str()) } dd { code { (h.value) } } } }
            }
        }
        (crate::hotline::exchange::section(lang, &csrf, v, x))
        section class="card" id="reports" {
            h2 { (lang.t("hotline-item-reports")) }
            ul { @for r in &v.reports {
                li {
                    (datetime(r.row.created_at)) " · " (source_text(lang, r.row.source, sender))
                    @if let Some(shows) = r.row.shows { " · " (label(lang, "shows", shows.as_str())) }
                    @if r.row.with_receipt { " · " (lang.t("hotline-with-receipt")) }
                    @if let Some((case_id, case_ref)) = &r.case { " · " a href={ "/" (l) "/staff/reports/" (case_id) } { (case_ref) } }
                    @else if r.row.case_id.is_some() { " · " (lang.t("hotline-from-a-case")) }
                }
            } }
        }
        section class="card" id="assessment" {
            h2 { (lang.t("hotline-assessment")) }
            @match (current, &i.classification) {
                (Some(a), Some(c)) => {
                    p { strong { (classification_text(lang, c)) } }
                    p class="small" { (lang.t("hotline-assessed-by")) " " (name(&a.staff_id)) " · " (datetime(a.at)) }
                    @if let (Some(r), Some(by)) = (a.review, &a.reviewed_by) {
                        p class="small" { (label(lang, "review-done", r.as_str())) " " (name(by)) " · " (datetime(a.reviewed_at.unwrap_or(0))) }
                    }
                    @if v.may_review {
                        form method="post" action={ "/" (l) "/staff/hotline/items/" (i.id) "/review" } {
                            (csrf)
                            input type="hidden" name="assessment" value=(a.id);
                            p { (lang.t("hotline-review-ask")) }
                            button type="submit" name="review" value="confirm" class="primary" { (lang.t("hotline-confirm")) }
                            " "
                            button type="submit" name="review" value="dispute" { (lang.t("hotline-dispute")) }
                        }
                    } @else if i.state == zeri_domain::hotline::ItemState::Assessed {
                        p class="small" { (lang.t("hotline-waits-for-another")) }
                    }
                }
                _ => { p { (lang.t("hotline-not-assessed")) } }
            }
            details open[i.classification.is_none() || !errors.is_empty()] {
                summary { (lang.t(if i.classification.is_none() { "hotline-assess" } else { "hotline-assess-again" })) }
                form method="post" action={ "/" (l) "/staff/hotline/items/" (i.id) "/assess" } {
                    (csrf)
                    input type="hidden" name="replaces" value=(i.assessment_id.as_deref().unwrap_or(""));
                    (radios(lang, "verdict", "verdict", Verdict::ALL.iter().map(|x| x.as_str()), now("verdict").as_deref(), errors))
                    (radios(lang, "content_type", "content-type", ContentType::ALL.iter().map(|x| x.as_str()), now("content_type").as_deref(), errors))
                    (radios(lang, "age_group", "age-group", AgeGroup::ALL.iter().map(|x| x.as_str()), now("age_group").as_deref(), errors))
                    (radios(lang, "site_type", "site-type", SiteType::ALL.iter().map(|x| x.as_str()), now("site_type").as_deref(), errors))
                    p class="hint" { (lang.t("hotline-other-harm-hint")) }
                    (radios(lang, "other_harm", "other-harm", OtherHarm::ALL.iter().map(|x| x.as_str()), now("other_harm").as_deref(), errors))
                    p { button class="primary" type="submit" { (lang.t("hotline-assess-button")) } }
                }
            }
            @if v.assessments.len() > 1 {
                h3 { (lang.t("hotline-history")) }
                ol { @for a in &v.assessments {
                    li {
                        (datetime(a.at)) " · " (name(&a.staff_id)) ": " (classification_text(lang, &a.classification))
                        @if let (Some(r), Some(by)) = (a.review, &a.reviewed_by) { " · " (label(lang, "review-done", r.as_str())) " " (name(by)) }
                    }
                } }
            }
        }
        (takedown)
    };
    staff_page(lang, &title, body)
}

// ----- API -----

#[derive(Serialize, utoipa::ToSchema)]
pub struct ItemDetail {
    item: ItemSummary,
    /// The item's addresses (the first is its own), as text.
    urls: Vec<UrlJson>,
    reports: Vec<ReportJson>,
    hashes: Vec<HashJson>,
    /// Oldest first.
    assessments: Vec<AssessmentJson>,
    /// The caller may confirm or dispute the current assessment.
    may_review: bool,
    /// What partner hotlines sent us about it (their classification, not ours).
    from_partners: Vec<ExchangeFromPartner>,
    /// Every attempt to hand it to a partner hotline, oldest first.
    forwards: Vec<ExchangeForward>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ExchangeFromPartner {
    partner: String,
    received_at: i64,
    /// The sender's classification; ours is in `assessments`.
    classification: ClassificationJson,
    /// ISO 3166-1 alpha-2, as the sender found it.
    hosting_country: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ExchangeForward {
    partner: String,
    at: i64,
    /// sent | failed
    outcome: String,
    /// Their id of the item, when they took it.
    reference: Option<String>,
    /// Why it failed (http-401, unreachable, timeout, …).
    error: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct UrlJson {
    url: String,
    added_at: i64,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ReportJson {
    created_at: i64,
    /// public | analyst | case | partner
    source: String,
    shows: Option<String>,
    with_receipt: bool,
    /// The item existed before this report.
    joined: bool,
    /// The child's case it came from, only for a caller who may read that case.
    case_id: Option<String>,
    case_ref: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct HashJson {
    kind: String,
    value: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct AssessmentJson {
    id: String,
    at: i64,
    /// The analyst's username.
    by: String,
    classification: ClassificationJson,
    /// confirm | dispute
    review: Option<String>,
    reviewed_by: Option<String>,
    reviewed_at: Option<i64>,
}

fn detail(v: ItemView, x: ItemExchange) -> ItemDetail {
    let name = |id: &str| v.names.get(id).cloned().unwrap_or_default();
    ItemDetail {
        from_partners: x
            .received
            .iter()
            .map(|(partner, r)| ExchangeFromPartner {
                partner: partner.clone(),
                received_at: r.received_at,
                classification: ClassificationJson::from(&r.classification),
                hosting_country: r.hosting_country.clone(),
            })
            .collect(),
        forwards: x
            .forwards
            .iter()
            .map(|(partner, f)| ExchangeForward {
                partner: partner.clone(),
                at: f.at,
                outcome: f.outcome.as_str().to_owned(),
                reference: f.their_ref.clone(),
                error: f.error.clone(),
            })
            .collect(),
        item: ItemSummary::from(&v.item),
        urls: v.urls.iter().map(|(url, at)| UrlJson { url: url.clone(), added_at: *at }).collect(),
        reports: v
            .reports
            .iter()
            .map(|r| ReportJson {
                created_at: r.row.created_at,
                source: r.row.source.as_str().to_owned(),
                shows: r.row.shows.map(|s| s.as_str().to_owned()),
                with_receipt: r.row.with_receipt,
                joined: r.row.joined,
                case_id: r.case.as_ref().map(|c| c.0.clone()),
                case_ref: r.case.as_ref().map(|c| c.1.clone()),
            })
            .collect(),
        hashes: v
            .hashes
            .iter()
            .map(|h| HashJson { kind: h.kind.as_str().to_owned(), value: h.value.clone() })
            .collect(),
        assessments: v
            .assessments
            .iter()
            .map(|a| AssessmentJson {
                id: a.id.clone(),
                at: a.at,
                by: name(&a.staff_id),
                classification: ClassificationJson::from(&a.classification),
                review: a.review.map(|r| r.as_str().to_owned()),
                reviewed_by: a.reviewed_by.as_deref().map(name),
                reviewed_at: a.reviewed_at,
            })
            .collect(),
        may_review: v.may_review,
    }
}

/// One content item with its addresses, reports, hashes and assessments (hotline
/// analysts; 404 for anyone else). The reading is audited.
#[utoipa::path(get, path = "/api/v1/hotline/items/{id}", tag = "hotline", operation_id = "get_content_item",
    params(("id" = String, Path)),
    responses((status = 200, body = ItemDetail), (status = 401), (status = 404)),
    security(("bearer" = [])))]
pub async fn get_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
    Path(id): Path<String>,
) -> Result<Json<ItemDetail>, ApiError> {
    let v = open_item(&app, &s.user, &id).await.map_err(|f| f.api(lang))?;
    let x = item_exchange(&app, &id).await.map_err(|e| Fail::from(e).api(lang))?;
    Ok(Json(detail(v, x)))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Assessed {
    /// The new assessment's id (for a second analyst's answer).
    assessment: String,
}

/// Assess an item (ICCAM): `verdict`, `content_type`, `site_type`; `age_group` for
/// illegal material; `other_harm` for material that is not. `replaces`: the current
/// assessment's id as the caller saw it (absent when the item had none); 409 if someone
/// assessed it since. Audited.
#[utoipa::path(post, path = "/api/v1/hotline/items/{id}/assessments", tag = "hotline", operation_id = "assess_content_item",
    params(("id" = String, Path)),
    request_body(content = AssessmentBody, content_type = "application/json"),
    responses((status = 201, body = Assessed), (status = 400), (status = 401), (status = 403), (status = 404),
        (status = 409), (status = 415), (status = 422)),
    security(("bearer" = [])))]
pub async fn assess_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
    Path(id): Path<String>,
    body: JsonObject,
) -> Result<(StatusCode, Json<Assessed>), ApiError> {
    let mut known: Vec<&str> = ClassificationForm::FIELDS.to_vec();
    known.push("replaces");
    let mut f = JsonFields::new(body, &known);
    let form = ClassificationForm {
        verdict: f.text("verdict"),
        content_type: f.text("content_type"),
        age_group: f.text("age_group"),
        site_type: f.text("site_type"),
        other_harm: f.text("other_harm"),
    };
    let replaces = f.text("replaces");
    if let Some(err) = f.finish(lang, None) {
        return Err(err);
    }
    let assessment = assess(&app, &s.user, &id, &form, replaces.as_deref()).await.map_err(|f| f.api(lang))?;
    Ok((StatusCode::CREATED, Json(Assessed { assessment })))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Reviewed {
    /// The item's state now: confirmed | disputed.
    state: String,
}

/// A second analyst confirms or disputes the current assessment: `assessment` (its id)
/// and `review` (confirm | dispute). The analyst who made it cannot (403). Audited.
#[utoipa::path(post, path = "/api/v1/hotline/items/{id}/reviews", tag = "hotline", operation_id = "review_content_item",
    params(("id" = String, Path)),
    request_body(content = ReviewBody, content_type = "application/json"),
    responses((status = 200, body = Reviewed), (status = 400), (status = 401), (status = 403), (status = 404),
        (status = 409), (status = 415), (status = 422)),
    security(("bearer" = [])))]
pub async fn review_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
    Path(id): Path<String>,
    body: JsonObject,
) -> Result<Json<Reviewed>, ApiError> {
    let mut f = JsonFields::new(body, &["assessment", "review"]);
    let assessment = f.text("assessment");
    let answer = f.text("review");
    let mut e = FieldErrors::new();
    let parsed = answer.as_deref().map(Review::parse);
    match parsed {
        None => e.insert("review", FieldError::new("required-choice")),
        Some(None) => e.insert("review", FieldError::new("unknown-choice")),
        Some(Some(_)) => None,
    };
    if assessment.as_deref().is_none_or(str::is_empty) {
        e.insert("assessment", FieldError::new("required"));
    }
    if let Some(err) = f.finish(lang, Some(&e)) {
        return Err(err);
    }
    let (Some(Some(answer)), Some(assessment)) = (parsed, assessment) else { unreachable!("checked above") };
    let to = review(&app, &s.user, &id, &assessment, answer).await.map_err(|f| f.api(lang))?;
    Ok(Json(Reviewed { state: to.as_str().to_owned() }))
}

crate::base::schema::request_body!(
    /// `POST /api/v1/hotline/items/{id}/assessments`.
    AssessmentBody => body(
        "A classification in the INHOPE/ICCAM scheme",
        vec![
            ("verdict", choice("Illegal everywhere (baseline), under national law, or not illegal", Verdict::ALL.iter().map(|v| v.as_str())), true),
            ("content_type", choice("What the material is", ContentType::ALL.iter().map(|v| v.as_str())), true),
            ("age_group", choice("The apparent age group (needed for illegal material)", AgeGroup::ALL.iter().map(|v| v.as_str())), false),
            ("site_type", choice("The kind of site", SiteType::ALL.iter().map(|v| v.as_str())), true),
            ("other_harm", choice("What else it is (needed when not illegal)", OtherHarm::ALL.iter().map(|v| v.as_str())), false),
            ("replaces", text("The current assessment's id as seen (absent when there is none)"), false),
        ],
        serde_json::json!({"verdict": "baseline", "content_type": "image", "age_group": "prepubescent", "site_type": "image_host"}),
    )
);

crate::base::schema::request_body!(
    /// `POST /api/v1/hotline/items/{id}/reviews`.
    ReviewBody => body(
        "A second analyst's answer to the current assessment",
        vec![
            ("assessment", text("The current assessment's id"), true),
            ("review", choice("Confirm or dispute it", Review::ALL.iter().map(|v| v.as_str())), true),
        ],
        serde_json::json!({"assessment": "4b2d0c7e9a1f4e6b8d3c2a1f0e9d8c7b", "review": "confirm"}),
    )
);
