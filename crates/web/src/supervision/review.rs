//! The quality review of a weekly sample of contacts, and closure approval.

use crate::base::auth::{csrf_token, require_csrf, PageStaff};
use crate::base::error::PageError;
use crate::base::extract::{PageForm, PageLang};
use crate::base::layout::staff_page;
use crate::now_ms;
use crate::parts::format::datetime;
use crate::service::supervision::{decide_closure, review, review_target, sample, week_of, week_span, QUESTIONS};
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use serde::Deserialize;

#[derive(Deserialize)]
pub(crate) struct Week {
    week: Option<i64>,
}

/// `GET /{lang}/staff/supervision/reviews?week=N`: the week's sample (this week by
/// default), each contact with its disposition and category, never its text.
pub(crate) async fn sample_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Query(q): Query<Week>,
) -> Result<Response, PageError> {
    let l = lang.code();
    let week = q.week.unwrap_or_else(|| week_of(now_ms()));
    let rows = sample(&app, &s.user, week).await.map_err(|f| f.page(lang))?;
    let staff = app.store.list_staff().await.map_err(|e| PageError::internal(lang, e))?;
    let name = |id: &str| staff.iter().find(|s| s.id == id).map(|s| s.username.clone()).unwrap_or_default();
    let body = html! {
        (crate::base::chrome::logout_form(&app, lang, &s))
        p { a href={ "/" (l) "/staff/supervision" } { (lang.t("sup-queue-title")) } }
        h1 { (lang.t("sup-reviews-title")) }
        p { (lang.t_args("sup-reviews-intro", &[("from", datetime(week_span(week).0).into())])) }
        p { a href={ "?week=" (week - 1) } { (lang.t("sup-week-before")) } " · " a href={ "?week=" (week + 1) } { (lang.t("sup-week-after")) } }
        @if rows.is_empty() { p { (lang.t("sup-reviews-none")) } }
        ul { @for (r, done) in &rows {
            li data-sample=(r.id) {
                (datetime(r.at)) " · " (lang.t(&format!("chi-channel-{}", r.channel))) " · " (name(&r.staff_id)) " · "
                (lang.t(&format!("chi-disposition-{}", r.disposition.replace('_', "-"))))
                @if let Some(sub) = &r.chi_sub { " · " (lang.t(&format!("chi-sub-{}", sub.replace('_', "-")))) }
                " · "
                @if *done { (lang.t("sup-reviewed")) } @else { a href={ "/" (l) "/staff/supervision/reviews/" (r.id) } { (lang.t("sup-review")) } }
            }
        } }
    };
    Ok(([(header::CACHE_CONTROL, "no-store")], staff_page(lang, &lang.t("sup-reviews-title"), body)).into_response())
}

/// The review form of one sampled contact (opening it is audited on the case).
pub(crate) async fn review_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Path(record): Path<String>,
) -> Result<Response, PageError> {
    let l = lang.code();
    let (record, case) = review_target(&app, &s.user, &record).await.map_err(|f| f.page(lang))?;
    let body = html! {
        (crate::base::chrome::logout_form(&app, lang, &s))
        p { a href={ "/" (l) "/staff/supervision/reviews" } { (lang.t("sup-reviews-title")) } " · "
            a href={ "/" (l) "/staff/reports/" (case.report.id) } { (case.report.case_ref) } }
        h1 { (lang.t("sup-review")) }
        form method="post" action={ "/" (l) "/staff/supervision/reviews/" (record.id) } class="card" {
            input type="hidden" name="csrf" value=(csrf_token(&app, &s.token));
            @for i in 1..=QUESTIONS {
                fieldset {
                    legend { (lang.t(&format!("sup-q{i}"))) }
                    @for v in 1..=5 {
                        label class="choice" { input type="radio" name={ "q" (i) } value=(v) required; " " (v) }
                    }
                }
            }
            label for="comment" { (lang.t("sup-review-comment")) }
            textarea id="comment" name="comment" maxlength="2000" {}
            p { button class="primary" type="submit" { (lang.t("sup-review-save")) } }
        }
    };
    Ok(([(header::CACHE_CONTROL, "no-store")], staff_page(lang, &lang.t("sup-review"), body)).into_response())
}

#[derive(Deserialize)]
pub(crate) struct ReviewForm {
    csrf: Option<String>,
    q1: Option<String>,
    q2: Option<String>,
    q3: Option<String>,
    q4: Option<String>,
    q5: Option<String>,
    comment: Option<String>,
}

pub(crate) async fn review_form(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Path(record): Path<String>,
    PageForm(f): PageForm<ReviewForm>,
) -> Result<Response, PageError> {
    require_csrf(&app, lang, &s, f.csrf.as_deref())?;
    let answers = [f.q1.as_deref(), f.q2.as_deref(), f.q3.as_deref(), f.q4.as_deref(), f.q5.as_deref()];
    review(&app, &s.user, &record, &answers, f.comment.as_deref()).await.map_err(|f| f.page(lang))?;
    Ok(Redirect::to(&format!("/{}/staff/supervision/reviews", lang.code())).into_response())
}

#[derive(Deserialize)]
pub(crate) struct ClosureForm {
    csrf: Option<String>,
    decision: Option<String>,
    reason: Option<String>,
}

pub(crate) async fn closure_form(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Path(report): Path<String>,
    PageForm(f): PageForm<ClosureForm>,
) -> Result<Response, PageError> {
    require_csrf(&app, lang, &s, f.csrf.as_deref())?;
    let approve = f.decision.as_deref() == Some("approve");
    decide_closure(&app, &s.user, &report, approve, f.reason.as_deref()).await.map_err(|f| f.page(lang))?;
    Ok(Redirect::to(&format!("/{}/staff/supervision", lang.code())).into_response())
}
