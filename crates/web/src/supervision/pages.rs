//! The supervisor's live queue, figures, settings and canned responses.

use crate::base::auth::{csrf_token, require_csrf, PageStaff, AUTO_RELOAD};
use crate::base::error::PageError;
use crate::base::extract::{PageForm, PageLang};
use crate::base::layout::staff_page;
use crate::now_ms;
use crate::parts::format::datetime;
use crate::service::contacts::{add_canned, canned_for, delete_canned};
use crate::service::supervision::{figures, pending_closures, queue, set_closure_rule};
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use serde::Deserialize;
use zeri_storage::ChatStatus;

/// `GET /{lang}/staff/supervision`: the organisation's live chats (waiting time, who
/// handles which, who handed it over to whom), who is on duty, and the close requests
/// waiting; the live part is fetched again every 5 seconds (the whole page reloads without
/// a script), marked so it does not count as activity.
pub(crate) async fn queue_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
) -> Result<Response, PageError> {
    let l = lang.code();
    let q = queue(&app, &s.user).await.map_err(|f| f.page(lang))?;
    let closures = pending_closures(&app, &s.user).await.map_err(|f| f.page(lang))?;
    let rule = match &s.user.org_id {
        Some(o) => app.store.closure_needs_approval(o).await.map_err(|e| PageError::internal(lang, e))?,
        None => false,
    };
    let csrf = csrf_token(&app, &s.token);
    let now = now_ms();
    let body = html! {
        (crate::base::chrome::logout_form(&app, lang, &s))
        h1 { (lang.t("sup-queue-title")) }
        p { a href={ "/" (l) "/staff/supervision/reviews" } { (lang.t("sup-reviews-title")) } " · "
            a href={ "/" (l) "/staff/supervision/figures" } { (lang.t("sup-figures-title")) } " · "
            a href={ "/" (l) "/staff/supervision/canned" } { (lang.t("sup-canned-title")) } }
        div data-live={ "/" (l) "/staff/supervision?" (AUTO_RELOAD) } data-live-seconds="5" {
        section class="card" {
            h2 { (lang.t("sup-on-duty")) }
            @if q.on_duty.is_empty() { p { (lang.t("sup-nobody-on-duty")) } }
            ul { @for (name, since) in &q.on_duty { li data-on-duty=(name) { (name) " · " (lang.t("sup-since")) " " (datetime(*since)) } } }
        }
        @if q.rows.is_empty() { p { (lang.t("chat-queue-empty")) } }
        table class="chats" {
            thead { tr { th { (lang.t("chat-col-case")) } th { (lang.t("chat-col-state")) } th { (lang.t("chat-col-waiting")) } th { (lang.t("chat-col-who")) } th {} } }
            tbody {
                @for r in &q.rows {
                    tr data-sup-chat=(r.chat.id) {
                        td { (r.case_ref) }
                        td { (lang.t(&format!("walk-sup-state-{}", r.chat.status.as_str()))) }
                        td { @if r.chat.status == ChatStatus::Waiting {
                            span data-waiting-minutes=((now - r.chat.opened_at) / 60_000) { (lang.t_args("chat-minutes", &[("minutes", ((now - r.chat.opened_at) / 60_000).into())])) }
                        } }
                        td data-sup-handler=[r.handler.as_deref()] {
                            (r.handler.clone().unwrap_or_default())
                            @if let Some(from) = &r.handed_from {
                                " " small data-sup-handed-from=(from) { "(" (lang.t_args("walk-sup-handed-from", &[("name", from.clone().into())])) ")" }
                            }
                            @if let Some(to) = &r.routed_to {
                                small data-sup-routed-to=(to) { (lang.t_args("walk-sup-routed-to", &[("name", to.clone().into())])) }
                            }
                        }
                        td { a href={ "/" (l) "/staff/chats/" (r.chat.id) "/supervise" } { (lang.t("sup-read-along")) } }
                    }
                }
            }
        }
        }
        section class="card" {
            h2 { (lang.t("sup-closures-title")) }
            form method="post" action={ "/" (l) "/staff/supervision/settings" } {
                input type="hidden" name="csrf" value=(csrf);
                input type="hidden" name="closure_approval" value=(if rule { "0" } else { "1" });
                p { (lang.t(if rule { "sup-closure-rule-on" } else { "sup-closure-rule-off" })) " "
                    button type="submit" { (lang.t(if rule { "sup-closure-rule-stop" } else { "sup-closure-rule-start" })) } }
            }
            @if closures.is_empty() { p { (lang.t("sup-closures-none")) } }
            @for (c, case_ref) in &closures {
                form method="post" action={ "/" (l) "/staff/supervision/closures/" (c.report_id) } class="closure" data-closure=(c.report_id) {
                    input type="hidden" name="csrf" value=(csrf);
                    p { a href={ "/" (l) "/staff/reports/" (c.report_id) } { (case_ref) } " · " (datetime(c.requested_at)) }
                    button class="primary" type="submit" name="decision" value="approve" { (lang.t("sup-closure-approve")) }
                    label for={ "reason-" (c.id) } { (lang.t("sup-closure-reason")) }
                    input id={ "reason-" (c.id) } name="reason" maxlength="500";
                    button type="submit" name="decision" value="return" { (lang.t("sup-closure-return")) }
                }
            }
        }
    };
    // With a script the live part is fetched again (`app.js`, `data-live`), keeping the focus
    // and the close request being written; without one, the page reloads itself.
    let refresh = format!("5; url=/{l}/staff/supervision?{AUTO_RELOAD}");
    let page = staff_page(
        lang,
        &lang.t("sup-queue-title"),
        html! { noscript { meta http-equiv="refresh" content=(refresh); } (body) },
    );
    Ok(([(header::CACHE_CONTROL, "no-store")], page).into_response())
}

#[derive(Deserialize)]
pub(crate) struct SettingsForm {
    csrf: Option<String>,
    closure_approval: Option<String>,
}

pub(crate) async fn settings_form(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    PageForm(f): PageForm<SettingsForm>,
) -> Result<Response, PageError> {
    require_csrf(&app, lang, &s, f.csrf.as_deref())?;
    set_closure_rule(&app, &s.user, f.closure_approval.as_deref() == Some("1")).await.map_err(|f| f.page(lang))?;
    Ok(Redirect::to(&format!("/{}/staff/supervision", lang.code())).into_response())
}

#[derive(Deserialize)]
pub(crate) struct Span {
    days: Option<i64>,
}

fn minutes(lang: crate::parts::i18n::Lang, m: Option<f64>) -> String {
    match m {
        Some(m) => lang.t_args("sup-minutes", &[("minutes", format!("{m:.0}").into())]),
        None => "–".into(),
    }
}

/// `GET /{lang}/staff/supervision/figures?days=30`: numbers only, for the organisation.
pub(crate) async fn figures_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Query(q): Query<Span>,
) -> Result<Response, PageError> {
    let days = q.days.unwrap_or(30).clamp(1, 366);
    let to = now_ms();
    let f = figures(&app, &s.user, to - days * 86_400_000, to).await.map_err(|f| f.page(lang))?;
    let body = html! {
        (crate::base::chrome::logout_form(&app, lang, &s))
        p { a href={ "/" (lang.code()) "/staff/supervision" } { (lang.t("sup-queue-title")) } }
        h1 { (lang.t("sup-figures-title")) }
        p { (lang.t_args("sup-figures-span", &[("days", days.into())])) }
        table class="figures" {
            tbody {
                tr { th { (lang.t("sup-fig-overdue")) } td data-fig="overdue" { (f.overdue_tasks) } }
                tr { th { (lang.t("sup-fig-chat-answer")) } td data-fig="chat-answer" { (minutes(lang, f.chat_first_answer)) } }
                tr { th { (lang.t("sup-fig-case-answer")) } td data-fig="case-answer" { (minutes(lang, f.case_first_answer)) } }
                tr { th { (lang.t("sup-fig-closure")) } td data-fig="closure" { (minutes(lang, f.to_closure)) } }
                tr { th { (lang.t("sup-fig-satisfaction")) } td data-fig="satisfaction" {
                    @match f.satisfaction { Some(v) => { (format!("{v:.1}")) } None => { (lang.t("sup-fig-satisfaction-none")) } }
                } }
            }
        }
        h2 { (lang.t("sup-fig-caseload")) }
        table { tbody { @for (name, n) in &f.caseload { tr { th { (name) } td data-caseload=(name) { (n) } } } } }
        h2 { (lang.t("sup-fig-dispositions")) }
        table { tbody { @for (d, n) in &f.by_disposition {
            tr { th { (lang.t(&format!("chi-disposition-{}", d.replace('_', "-")))) } td data-disposition=(d) { (n) } }
        } } }
        p { a href={ "/" (lang.code()) "/staff/contacts/chi.csv?year=" (time::OffsetDateTime::now_utc().year() - 1) } { (lang.t("sup-chi-export")) } }
    };
    Ok(([(header::CACHE_CONTROL, "no-store")], staff_page(lang, &lang.t("sup-figures-title"), body)).into_response())
}

/// `GET /{lang}/staff/supervision/canned`: the organisation's canned responses.
pub(crate) async fn canned_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
) -> Result<Response, PageError> {
    let l = lang.code();
    if !zeri_domain::authorize(
        s.user.role,
        zeri_domain::Relation::None,
        false,
        zeri_domain::Action::ManageCannedResponses,
    )
    .allowed()
    {
        return Err(PageError::new(axum::http::StatusCode::FORBIDDEN, lang, "forbidden"));
    }
    let csrf = csrf_token(&app, &s.token);
    let mut all = Vec::new();
    for code in ["sq", "en"] {
        all.extend(canned_for(&app, &s.user, code).await.map_err(|f| f.page(lang))?);
    }
    let body = html! {
        (crate::base::chrome::logout_form(&app, lang, &s))
        h1 { (lang.t("sup-canned-title")) }
        p { (lang.t("sup-canned-intro")) }
        ul { @for c in &all { li data-canned=(c.id) {
            strong { (c.title) } " (" (c.lang) ") " (c.body)
            form method="post" action={ "/" (l) "/staff/supervision/canned/" (c.id) "/delete" } class="inline" {
                input type="hidden" name="csrf" value=(csrf);
                button type="submit" { (lang.t("sup-canned-delete")) }
            }
        } } }
        form method="post" action={ "/" (l) "/staff/supervision/canned" } class="card" {
            input type="hidden" name="csrf" value=(csrf);
            label for="lang" { (lang.t("sup-canned-lang")) }
            select id="lang" name="lang" { option value="sq" { "Shqip" } option value="en" { "English" } }
            label for="title" { (lang.t("sup-canned-name")) }
            input id="title" name="title" maxlength="80" required;
            label for="body" { (lang.t("sup-canned-body")) }
            textarea id="body" name="body" maxlength="1000" required {}
            p { button class="primary" type="submit" { (lang.t("sup-canned-add")) } }
        }
    };
    Ok(([(header::CACHE_CONTROL, "no-store")], staff_page(lang, &lang.t("sup-canned-title"), body)).into_response())
}

#[derive(Deserialize)]
pub(crate) struct CannedForm {
    csrf: Option<String>,
    lang: Option<String>,
    title: Option<String>,
    body: Option<String>,
}

pub(crate) async fn canned_form(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    PageForm(f): PageForm<CannedForm>,
) -> Result<Response, PageError> {
    require_csrf(&app, lang, &s, f.csrf.as_deref())?;
    add_canned(
        &app,
        &s.user,
        f.lang.as_deref().unwrap_or(""),
        f.title.as_deref().unwrap_or(""),
        f.body.as_deref().unwrap_or(""),
    )
    .await
    .map_err(|f| f.page(lang))?;
    Ok(Redirect::to(&format!("/{}/staff/supervision/canned", lang.code())).into_response())
}

#[derive(Deserialize)]
pub(crate) struct CsrfOnly {
    csrf: Option<String>,
}

pub(crate) async fn canned_delete(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Path(id): Path<String>,
    PageForm(f): PageForm<CsrfOnly>,
) -> Result<Response, PageError> {
    require_csrf(&app, lang, &s, f.csrf.as_deref())?;
    delete_canned(&app, &s.user, &id).await.map_err(|f| f.page(lang))?;
    Ok(Redirect::to(&format!("/{}/staff/supervision/canned", lang.code())).into_response())
}
