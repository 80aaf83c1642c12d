//! Reporting a link (`/{lang}/report-link`, `POST /api/v1/content-reports`): where it was
//! seen, what it shows (optional), anonymous unless a receipt is asked for, sent. The
//! IWF's five steps are the bar: one short page, nothing but the address required.
//!
//! The form is sent once (a one-time token stored only as a keyed digest with the report),
//! and its answer is a redirect to the receipt page, so a reload sends nothing again. A
//! refused address comes back beside the field, in the page's language, with what was
//! typed. The answer never says whether a link had been reported before.

use crate::base::auth::{clear_cookie, link_receipt_cookie, set_cookie, LINK_RECEIPT_COOKIE};
use crate::base::error::field_messages;
use crate::base::error::{ApiError, PageError};
use crate::base::extract::{ApiLang, JsonFields, JsonObject, PageForm, PageLang};
use crate::base::form::error;
use crate::base::layout::{lines, page};
use crate::now_ms;
use crate::parts::i18n::Lang;
use crate::service::case::Fail;
use crate::service::hotline::{end_receipt_view, shown_receipt, submit_public, was_received, RECEIPT_SHOWN_MS};
use crate::service::receipts::ClientId;
use crate::App;
use crate::AppState;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Json;
use maud::html;
use serde::Serialize;
use std::collections::BTreeMap;
use zeri_crypto::new_token;
use zeri_domain::hotline::{LinkReportForm, Shows};

/// Link reports per client per throttle window (as for take-down requests): a flood of
/// fake reports stops here; a person reporting what they saw never meets it.
const PER_CLIENT: i64 = 30;

async fn throttled(app: &App, client: ClientId) -> Result<Option<u64>, zeri_storage::StoreError> {
    let window = app.config.throttle.window_ms();
    let bucket = app.keys.lookup_digest("throttle-links", &client.0);
    let now = now_ms();
    Ok((app.store.throttle_hit(&bucket, now, window).await? > PER_CLIENT).then(|| app.config.throttle.retry_after(now)))
}

pub(crate) async fn form_page(PageLang(lang): PageLang) -> Html<String> {
    render(lang, &BTreeMap::new(), &BTreeMap::new(), &new_token())
}

fn form_of(fields: &BTreeMap<String, String>) -> LinkReportForm {
    LinkReportForm {
        urls: fields.get("urls").cloned().into_iter().collect(),
        shows: fields.get("shows").cloned(),
        receipt: fields.get("receipt").cloned(),
        hashes: Vec::new(),
    }
}

pub(crate) async fn submit_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    client: ClientId,
    PageForm(fields): PageForm<BTreeMap<String, String>>,
) -> Result<Response, PageError> {
    let token = fields.get("form_token").filter(|t| (16..=64).contains(&t.len())).cloned();
    let shown_token = token.clone().unwrap_or_else(new_token);
    // The language switched on a half-filled form: the same form in this language.
    if fields.contains_key("switch_language") {
        return Ok(render(lang, &fields, &BTreeMap::new(), &shown_token).into_response());
    }
    let report = match form_of(&fields).validate() {
        Ok(r) => r,
        Err(e) => {
            let errors = field_messages(lang, &e);
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(lang, &fields, &errors, &shown_token)).into_response());
        }
    };
    // A form already sent is answered by its receipt page, whatever the throttle says.
    if let Some(t) = &token {
        if was_received(&app, t).await.map_err(|e| PageError::internal(lang, e))? {
            return Ok(to_receipt(&app, lang, t));
        }
    }
    if throttled(&app, client).await.map_err(|e| PageError::internal(lang, e))?.is_some() {
        return Err(PageError::new(StatusCode::TOO_MANY_REQUESTS, lang, "too-many-attempts"));
    }
    match submit_public(&app, &report, token.as_deref()).await {
        Ok(receipt) => match &token {
            Some(t) => Ok(to_receipt(&app, lang, t)),
            // A client without the token (a script) gets its answer at once.
            None => Ok((StatusCode::CREATED, received(lang, receipt.map(|r| r.display_grouped()).as_deref(), false))
                .into_response()),
        },
        Err(Fail::Conflict("already-received")) => Ok(to_receipt(&app, lang, &shown_token)),
        Err(e) => Err(e.page(lang)),
    }
}

/// POST, redirect, GET: a reload of the receipt page sends nothing again.
fn to_receipt(app: &App, lang: Lang, token: &str) -> Response {
    let to = HeaderValue::from_str(&format!("/{}/report-link/received", lang.code())).expect("a path");
    (StatusCode::SEE_OTHER, [set_cookie(app, LINK_RECEIPT_COOKIE, token), (header::LOCATION, to)]).into_response()
}

pub(crate) async fn received_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let Some(token) = link_receipt_cookie(&headers) else {
        return Ok(received(lang, None, false).into_response());
    };
    let receipt = shown_receipt(&app, token).await.map_err(|e| PageError::internal(lang, e))?;
    Ok(match receipt {
        Some(r) => received(lang, Some(&r), true).into_response(),
        None => ([clear_cookie(&app, LINK_RECEIPT_COOKIE)], received(lang, None, false)).into_response(),
    })
}

/// "I have written it down": the receipt is no longer shown.
pub(crate) async fn done_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    if let Some(token) = link_receipt_cookie(&headers) {
        end_receipt_view(&app, token).await.map_err(|e| PageError::internal(lang, e))?;
    }
    let home = format!("/{}", lang.code());
    Ok(([clear_cookie(&app, LINK_RECEIPT_COOKIE)], Redirect::to(&home)).into_response())
}

/// The page after sending: thanks, what happens next, and the receipt if one was asked for
/// (`done_button`: "I have written it down", which ends its showing).
fn received(lang: Lang, receipt: Option<&str>, done_button: bool) -> Html<String> {
    let l = lang.code();
    let body = html! {
        h1 { (lang.t("link-received-title")) }
        p class="lead" { (lang.t("link-received-lead")) }
        @if let Some(r) = receipt {
            p { (lang.t("link-receipt-intro")) }
            p class="receipt" data-receipt { (r) }
            p class="copy-receipt" hidden {
                button type="button" data-copy-receipt data-copied=(lang.t("receipt-copied")) { (lang.t("receipt-copy")) }
            }
            (lines(&lang.t("link-receipt-keep")))
            p { a href={ "/" (l) "/report-link/status" } { (lang.t("link-status-link")) } }
            @if done_button {
                p { (lang.t_args("receipt-shown-for", &[("minutes", (RECEIPT_SHOWN_MS / 60_000).into())])) }
                form method="post" action={ "/" (l) "/report-link/received/done" } {
                    button class="primary" type="submit" { (lang.t("receipt-done")) }
                }
            }
        }
        section class="card" {
            h2 { (lang.t("link-next-title")) }
            (lines(&lang.t("link-next")))
        }
        div class="actions" {
            a class="button" href={ "/" (l) "/report-link" } { (lang.t("link-report-another")) }
            a class="button" href={ "/" (l) } { (lang.t("received-home")) }
        }
    };
    page(lang, &lang.t("link-received-title"), body)
}

/// The form: where, what (optional), anonymous or with a receipt, send.
fn render(lang: Lang, v: &BTreeMap<String, String>, errors: &BTreeMap<String, String>, token: &str) -> Html<String> {
    let l = lang.code();
    let shows = v.get("shows").map(String::as_str).unwrap_or("");
    let body = html! {
        h1 { (lang.t("report-link-title")) }
        p class="lead" { (lang.t("link-lead")) }
        @if !errors.is_empty() {
            div class="error-summary" role="alert" { p { strong { (lang.t("link-not-sent")) } } }
        }
        // `autocomplete=off`: Back on a shared phone does not bring the address back.
        form method="post" action={ "/" (l) "/report-link" } novalidate data-keep-on-switch autocomplete="off" {
            input type="hidden" name="form_token" value=(token);
            fieldset id="field-urls" {
                legend { (lang.t("link-step-where")) }
                label for="urls" { (lang.t("field-urls")) small { (lang.t("field-urls-hint")) } }
                (error(errors, "urls"))
                textarea id="urls" name="urls" rows="3" required spellcheck="false" autocapitalize="off"
                    aria-describedby=[errors.contains_key("urls").then_some("error-urls")] { (v.get("urls").map(String::as_str).unwrap_or("")) }
                p class="hint" { (lang.t("link-do-not-keep")) }
            }
            fieldset id="field-shows" {
                legend { (lang.t("link-step-what")) }
                (error(errors, "shows"))
                @for o in Shows::ALL.iter().map(|s| s.as_str()).chain([""]) {
                    @let key = if o.is_empty() { "shows-not-said".to_owned() } else { format!("shows-{}", o.replace('_', "-")) };
                    label class="choice" {
                        input type="radio" name="shows" value=(o) checked[shows == o];
                        span { (lang.t(&key)) }
                    }
                }
            }
            fieldset id="field-receipt" {
                legend { (lang.t("link-step-you")) }
                p { (lang.t("link-anonymous")) }
                (error(errors, "receipt"))
                label class="choice" {
                    input type="checkbox" name="receipt" value="true" checked[v.get("receipt").is_some_and(|r| r == "true")];
                    span { (lang.t("link-want-receipt")) small { (lang.t("link-want-receipt-hint")) } }
                }
            }
            p { (lang.t("link-before-send")) }
            button class="primary" type="submit" { (lang.t("link-send")) }
        }
        p class="small" { a href={ "/" (l) "/report-link/status" } { (lang.t("link-status-link")) } }
    };
    page(lang, &lang.t("report-link-title"), body)
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct LinksReceived {
    /// How many different addresses were received.
    received: usize,
    /// The receipt, in groups of four digits, when one was asked for. Shown once; only a
    /// keyed hash is stored.
    receipt: Option<String>,
    /// What happens next, in the caller's language.
    message: String,
}

/// Report one or more web addresses where child sexual abuse material was seen. Anonymous;
/// `receipt: true` asks for a receipt. The answer is the same whether or not an address
/// was reported before. Body: `urls` (a list, at most 10), `shows` (child_abused |
/// child_posed | grooming_sextortion | other), `receipt`, `hashes` (a list of `{kind,
/// value}`, kind sha256 | md5 | pdq, of the material at the addresses).
#[utoipa::path(post, path = "/api/v1/content-reports", tag = "hotline", operation_id = "submit_content_report",
    request_body(content = ContentReportBody, content_type = "application/json"),
    responses(
        (status = 201, description = "Stored durably", body = LinksReceived),
        (status = 422, description = "Invalid fields; nothing was stored"),
        (status = 400, description = "Not a JSON object"),
        (status = 415, description = "Not JSON"),
        (status = 429, description = "Too many reports from this client"),
    ))]
pub async fn submit_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    client: ClientId,
    body: JsonObject,
) -> Result<(StatusCode, Json<LinksReceived>), ApiError> {
    let mut f = JsonFields::new(body, LinkReportForm::FIELDS);
    let form = LinkReportForm {
        urls: f.texts("urls"),
        shows: f.text("shows"),
        receipt: f.flag("receipt"),
        hashes: f.pairs("hashes", "kind", "value"),
    };
    let validated = form.validate();
    if let Some(err) = f.finish(lang, validated.as_ref().err()) {
        return Err(err);
    }
    let report = validated.expect("no errors");
    if let Some(retry) = throttled(&app, client).await.map_err(|e| ApiError::internal(lang, e))? {
        return Err(ApiError::too_many(lang, retry));
    }
    let receipt = submit_public(&app, &report, None).await.map_err(|e| e.api(lang))?;
    Ok((
        StatusCode::CREATED,
        Json(LinksReceived {
            received: report.urls.len(),
            receipt: receipt.map(|r| r.display_grouped()),
            message: lang.t("link-received-lead"),
        }),
    ))
}

crate::base::schema::request_body!(
    /// `POST /api/v1/content-reports`.
    ContentReportBody => {
        use zeri_domain::hotline::{HashKind, HASHES_PER_REPORT, URLS_PER_REPORT};
        body(
            "Web addresses where child sexual abuse material was seen",
            vec![
                ("urls", list("The addresses (http or https; without a scheme, https is assumed)", text("A web address"), URLS_PER_REPORT), true),
                ("shows", choice("What it shows", Shows::ALL.iter().map(|v| v.as_str())), false),
                ("receipt", flag("A receipt, to ask later what became of the report (default: none, anonymous)"), false),
                ("hashes", list(
                    "Hashes of the material at the addresses, when known",
                    record(vec![
                        ("kind", choice("The kind of hash", HashKind::ALL.iter().map(|v| v.as_str()))),
                        ("value", text("Hexadecimal: 64 digits for sha256 and pdq, 32 for md5")),
                    ]),
                    HASHES_PER_REPORT,
                ), false),
            ],
            serde_json::json!({"urls": ["https://images.example/gallery/7"], "shows": "child_abused",
                "hashes": [{"kind": "md5", "value": "0123456789abcdef0123456789abcdef"}]}),
        )
    }
);
