//! The follow-up pages: the receipt form, the status, messages, leaving.

use crate::base::auth::PageSurvivor;
use crate::base::auth::Survivor;
use crate::base::auth::SURVIVOR_COOKIE;
use crate::base::error::field_messages;
use crate::base::error::wait_message;
use crate::base::error::PageError;
use crate::base::extract::PageForm;
use crate::base::extract::PageLang;
use crate::base::layout::lines;
use crate::base::layout::page;
use crate::base::layout::paragraphs;
use crate::base::upload::Files;
use crate::parts::format::datetime;
use crate::parts::i18n::Lang;
use crate::service::evidence::Refusal;
use crate::service::intake::SubmitError;
use crate::service::messages::add_survivor_message;
use crate::service::messages::event_text;
use crate::service::messages::load_status;
use crate::service::messages::Status;
use crate::service::receipts::open_with_receipt;
use crate::service::receipts::ClientId;
use crate::service::receipts::Opened;
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use maud::html;
use serde::Deserialize;
use std::collections::BTreeMap;
use zeri_domain::report::validate_message;

// ----- pages -----

#[derive(Deserialize)]
pub(crate) struct ReceiptForm {
    receipt: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct MessageForm {
    pub(crate) body: Option<String>,
}

pub(crate) async fn status_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageSurvivor(survivor): PageSurvivor,
) -> Result<Response, PageError> {
    let Some(survivor) = survivor else { return Ok(receipt_form(lang, None, "").into_response()) };
    let Some(status) = load_status(&app, &survivor.report_id).await.map_err(|e| PageError::internal(lang, e))? else {
        return Ok(receipt_form(lang, None, "").into_response());
    };
    let csrf = crate::base::auth::csrf_token(&app, &survivor.token);
    Ok(status_view(lang, &status, &csrf, None, None).into_response())
}

pub(crate) async fn open_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    client: ClientId,
    PageForm(form): PageForm<ReceiptForm>,
) -> Result<Response, PageError> {
    let input = form.receipt.unwrap_or_default();
    match open_with_receipt(&app, client, &input).await.map_err(|e| PageError::internal(lang, e))? {
        Opened::Session(token) => Ok((
            [crate::base::auth::set_cookie(&app, SURVIVOR_COOKIE, &token)],
            Redirect::to(&format!("/{}/followup", lang.code())),
        )
            .into_response()),
        Opened::Refused => {
            // What was typed stays, so one wrong digit is corrected, not twenty retyped.
            let typed = kept_receipt(&input);
            Ok((StatusCode::UNAUTHORIZED, receipt_form(lang, Some(lang.t("error-receipt-refused")), typed))
                .into_response())
        }
        Opened::Throttled { retry_after } => Ok((
            StatusCode::TOO_MANY_REQUESTS,
            receipt_form(lang, Some(wait_message(lang, retry_after)), kept_receipt(&input)),
        )
            .into_response()),
    }
}

pub(crate) async fn message_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageSurvivor(survivor): PageSurvivor,
    Files(upload): Files,
) -> Result<Response, PageError> {
    let Some(Survivor { report_id, token }) = survivor else {
        return Ok(Redirect::to(&format!("/{}/followup", lang.code())).into_response());
    };
    let status = load_status(&app, &report_id)
        .await
        .map_err(|e| PageError::internal(lang, e))?
        .ok_or(PageError::not_found(lang))?;
    let csrf = crate::base::auth::csrf_token(&app, &token);
    let upload = match upload {
        Ok(u) => u,
        Err(Refusal::BadForm) => return Err(PageError::new(StatusCode::BAD_REQUEST, lang, "bad-form")),
        Err(r) => {
            return Ok((r.status(), status_view(lang, &status, &csrf, Some(r.message(lang)), None)).into_response())
        }
    };
    let form: MessageForm = upload.form().map_err(|_| PageError::new(StatusCode::BAD_REQUEST, lang, "bad-form"))?;
    let draft = form.body.clone();
    let refused = |msg: String| status_view(lang, &status, &csrf, Some(msg), draft.as_deref());
    match validate_message(form.body.as_deref()) {
        Ok(body) => match add_survivor_message(&app, &status.report, &body, upload.files).await {
            Ok(()) => Ok(Redirect::to(&format!("/{}/followup#messages", lang.code())).into_response()),
            Err(SubmitError::Refused(r)) => Ok((r.status(), refused(r.message(lang))).into_response()),
            Err(e) => Err(e.page(lang)),
        },
        Err(errors) => {
            let mut msg = field_messages(lang, &errors).remove("body").unwrap_or_default();
            if !upload.files.is_empty() {
                msg = format!("{msg} {}", lang.t("evidence-choose-again"));
            }
            Ok((StatusCode::UNPROCESSABLE_ENTITY, refused(msg)).into_response())
        }
    }
}

pub(crate) async fn leave_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageSurvivor(survivor): PageSurvivor,
) -> Result<Response, PageError> {
    if let Some(s) = survivor {
        crate::service::access::close_session(&app, &s.token).await.map_err(|e| PageError::internal(lang, e))?;
    }
    Ok(([crate::base::auth::clear_cookie(&app, SURVIVOR_COOKIE)], Redirect::to(&format!("/{}", lang.code())))
        .into_response())
}

/// The receipt as typed, to put back in the field: only digits, dashes and spaces, at most
/// the field's length (anything else is dropped rather than shown again).
fn kept_receipt(input: &str) -> &str {
    let ok = input.len() <= 40 && input.chars().all(|c| c.is_ascii_digit() || c == '-' || c == ' ');
    if ok {
        input.trim()
    } else {
        ""
    }
}

fn receipt_form(lang: Lang, error: Option<String>, typed: &str) -> Html<String> {
    page(
        lang,
        &lang.t("followup-title"),
        html! {
            h1 { (lang.t("followup-title")) }
            p class="lead" { (lang.t("followup-lead")) }
            form method="post" action={ "/" (lang.code()) "/followup" } {
                label for="receipt" { (lang.t("followup-receipt-label")) small { (lang.t("followup-receipt-hint")) } }
                @if let Some(e) = &error { p class="field-error" role="alert" id="error-receipt" { (e) } }
                input type="text" id="receipt" name="receipt" inputmode="numeric" autocomplete="off" maxlength="40"
                    placeholder="0000-0000-0000-0000-0000" value=(typed) aria-describedby=[error.is_some().then_some("error-receipt")] required;
                p { button class="primary" type="submit" { (lang.t("followup-open")) } }
            }
            (crate::followup::passphrase::open_form(lang, None))
            p class="small" { (lang.t("followup-lost")) }
        },
    )
}

fn status_view(lang: Lang, s: &Status, csrf: &str, error: Option<String>, draft: Option<&str>) -> Html<String> {
    let l = lang.code();
    let stage = s.report.stage;
    page(
        lang,
        &lang.t("followup-status-title"),
        html! {
            h1 { (lang.t("followup-status-title")) }
            p { (lang.t("followup-your-report")) " " (datetime(s.report.created_at)) " · "
                (lang.t(&format!("category-{}", s.report.category.as_str().replace('_', "-")))) }
            section class="card" {
                h2 { (lang.t("followup-stage")) " " span class="stage" data-stage=(stage.as_str()) { (lang.t(&stage.name_key())) } }
                h3 { (lang.t("followup-next")) }
                (paragraphs(&lang.t(&stage.next_key())))
                h3 { (lang.t("followup-rights")) }
                (lines(&lang.t(&stage.rights_key())))
                details {
                    summary { (lang.t("followup-complaints")) }
                    (lines(&lang.t("rights-complaints")))
                }
                p class="small" { (lang.t("rights-updated")) }
            }
            @if let Some(lead) = &s.lead { (crate::followup::lead::section(lang, lead)) }
            @if !s.takedowns.is_empty() {
                (crate::followup::takedowns::section(lang, &s.takedowns, csrf))
            }
            @if s.report.erased_at.is_none() && !s.recipients.is_empty() {
                (crate::followup::consent::section(lang, &s.recipients, csrf))
            }
            @if s.report.erased_at.is_none() && !s.slots.is_empty() {
                (crate::followup::sessions::followup_section(lang, &s.slots))
            }
            @if s.rating_open && s.report.erased_at.is_none() {
                section class="card" id="rating" {
                    h2 { (lang.t("rating-title")) }
                    p { (lang.t("rating-invite")) }
                    p { a class="button" href={ "/" (l) "/followup/chat/rating" } data-rating-link { (lang.t("rating-open")) } }
                }
            }
            @if s.report.erased_at.is_none() {
                section class="card" id="chat-now" {
                    h2 { (lang.t("chat-now")) }
                    p { (lang.t("chat-now-hint")) }
                    p { a class="button primary" href={ "/" (l) "/followup/chat" } { (lang.t("chat-now")) } }
                }
            }
            @if let Some(at) = s.report.erased_at {
                section id="messages" class="card" {
                    p role="status" { (lang.t_args("followup-erased", &[("date", crate::parts::format::date(at).into())])) }
                }
            } @else {
            section id="messages" {
                h2 { (lang.t("followup-messages")) }
                @if s.messages.is_empty() { p { (lang.t("followup-no-messages")) } }
                ul class="messages" {
                    @for m in &s.messages {
                        li class=(if m.mine { "mine" } else { "theirs" }) {
                            span class="meta" { (if m.mine { lang.t("message-from-you") } else { lang.t("message-from-team") }) " · " (datetime(m.at)) }
                            (m.body)
                        }
                    }
                }
                form method="post" action={ "/" (l) "/followup/messages" } enctype="multipart/form-data" {
                    label for="body" { (lang.t("followup-write")) small { (lang.t("followup-write-hint")) } }
                    @if let Some(e) = &error { p class="field-error" role="alert" id="error-body" { (e) } }
                    textarea id="body" name="body" maxlength="4000" required { (draft.unwrap_or("")) }
                    details {
                        summary { (lang.t("followup-attach")) }
                        (crate::base::form::evidence_field(lang, &BTreeMap::new()))
                    }
                    p { button class="primary" type="submit" { (lang.t("followup-send")) } }
                }
            }
            }
            section {
                h2 { (lang.t("followup-access")) }
                p class="hint" { (lang.t("followup-access-hint")) }
                ul class="access" {
                    @for e in &s.events {
                        li {
                            span class="meta" { (datetime(e.at)) } (event_text(lang, e, &s.orgs))
                            @if let Some(r) = s.reasons.get(&e.seq) { br; span class="meta" { (lang.t("access-reason")) ": " (r) } }
                        }
                    }
                }
            }
            @if s.report.erased_at.is_none() {
                (crate::followup::passphrase::section(lang, csrf, s.has_passphrase, None))
            }
            (crate::followup::copy::section(lang, csrf))
            (crate::followup::erasure::section(lang, s.erasure.as_ref(), csrf, s.report.erased_at.is_some()))
            form method="post" action={ "/" (l) "/followup/leave" } {
                button type="submit" { (lang.t("followup-leave")) }
            }
            p class="small" { (lang.t_args("followup-idle", &[("minutes", (crate::service::access::SURVIVOR_IDLE_MS / 60_000).into())])) }
        },
    )
}
