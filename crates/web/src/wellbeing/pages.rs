//! The wellbeing pages: one's own exposure (`/{lang}/staff/wellbeing`) and, for the
//! administrator, the limits and everyone's weekly summary (`/{lang}/staff/admin/wellbeing`).
//! Numbers only: no page here names a file, a case or what a file shows.

use crate::base::auth::csrf_token;
use crate::base::auth::require_csrf;
use crate::base::auth::PageStaff;
use crate::base::auth::Staff;
use crate::base::chrome::logout_form;
use crate::base::error::field_messages;
use crate::base::error::PageError;
use crate::base::exposure::{exposure_line, support_card};
use crate::base::extract::PageForm;
use crate::base::extract::PageLang;
use crate::base::form::error;
use crate::base::layout::staff_page;
use crate::parts::format::duration;
use crate::parts::i18n::Lang;
use crate::service::case::Fail;
use crate::service::wellbeing::Week;
use crate::wellbeing::api::WeekParams;
use crate::App;
use crate::AppState;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use maud::{html, Markup};
use std::collections::BTreeMap;
use zeri_domain::wellbeing::{day_date, Limits};

/// Links to the week before and after (never past this week).
fn week_nav(lang: Lang, path: &str, weeks_ago: i64) -> Markup {
    html! {
        p class="week-nav" {
            @if weeks_ago < crate::service::wellbeing::MAX_WEEKS_AGO {
                a href={ (path) "?weeks_ago=" (weeks_ago + 1) } { (lang.t("wellbeing-week-before")) }
            }
            @if weeks_ago > 0 {
                " · " a href={ (path) "?weeks_ago=" (weeks_ago - 1) } { (lang.t("wellbeing-week-after")) }
            }
        }
    }
}

fn limits_text(lang: Lang, l: &Limits) -> String {
    lang.t_args(
        "wellbeing-limits-now",
        &[
            ("limit", duration(lang, l.daily_limit_minutes * 60).into()),
            ("every", duration(lang, l.break_after_minutes * 60).into()),
        ],
    )
}

/// One week of one person, day by day.
fn week_table(lang: Lang, w: &Week) -> Markup {
    html! {
        table class="exposure-week" {
            thead { tr {
                th { (lang.t("wellbeing-col-day")) } th { (lang.t("wellbeing-col-exposure")) }
                th { (lang.t("wellbeing-col-openings")) } th { (lang.t("wellbeing-col-breaks")) } th { (lang.t("wellbeing-col-limit")) }
            } }
            tbody {
                @for d in &w.days {
                    tr {
                        td { (day_date(d.day)) }
                        td { (duration(lang, d.exposed_s)) }
                        td { (d.openings) }
                        td { (d.breaks) }
                        td { @if d.reached_limit { strong { (lang.t("yes")) } } @else { (lang.t("no")) } }
                    }
                }
            }
            tfoot { tr {
                th { (lang.t("wellbeing-total")) } td { (duration(lang, w.exposed_s())) } td { (w.openings()) } td { (w.breaks()) }
                td { (lang.t_args("wellbeing-days-reached", &[("n", w.days_reached_limit().into())])) }
            } }
        }
    }
}

pub(crate) async fn own_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Query(q): Query<WeekParams>,
) -> Result<Html<String>, PageError> {
    let weeks_ago = q.weeks();
    let week = crate::service::wellbeing::week_of(&app, &s.user, weeks_ago).await.map_err(|f| f.page(lang))?;
    let today = crate::service::wellbeing::today(&app, &s.user).await.map_err(|f| f.page(lang))?;
    let title = lang.t("wellbeing-title");
    Ok(staff_page(
        lang,
        &title,
        html! {
            (logout_form(&app, lang, &s))
            h1 { (title) }
            section class="card" id="today" {
                h2 { (lang.t("wellbeing-today")) }
                (exposure_line(lang, &today))
                p class="small" { (limits_text(lang, &week.limits)) }
            }
            h2 { (lang.t_args("wellbeing-week-of", &[("date", day_date(week.first_day).into())])) }
            (week_table(lang, &week))
            (week_nav(lang, &format!("/{}/staff/wellbeing", lang.code()), weeks_ago))
            p class="small" { (lang.t("wellbeing-how-counted")) }
            p class="small" { (lang.t("wellbeing-who-sees")) }
            (support_card(lang))
        },
    ))
}

async fn admin_view(
    app: &App,
    lang: Lang,
    s: &Staff,
    weeks_ago: i64,
    errors: &BTreeMap<String, String>,
    saved: bool,
) -> Result<Html<String>, Fail> {
    let (limits, weeks) = crate::service::wellbeing::staff_weeks(app, &s.user, weeks_ago).await?;
    let l = lang.code();
    let title = lang.t("wellbeing-admin-title");
    let first_day = weeks.first().map(|(_, w)| w.first_day);
    Ok(staff_page(
        lang,
        &title,
        html! {
            (logout_form(app, lang, s))
            p { a href={ "/" (l) "/staff/admin" } { (lang.t("admin-title")) } }
            h1 { (title) }
            @if saved { div class="card" role="status" { p { (lang.t("wellbeing-limits-saved")) } } }
            section class="card" id="limits" {
                h2 { (lang.t("wellbeing-limits")) }
                p class="small" { (limits_text(lang, &limits)) }
                form method="post" action={ "/" (l) "/staff/admin/wellbeing" } {
                    input type="hidden" name="csrf" value=(csrf_token(app, &s.token));
                    label for="daily_limit_minutes" { (lang.t("wellbeing-daily-limit")) small { (lang.t("wellbeing-daily-limit-hint")) } }
                    (error(errors, "daily_limit_minutes"))
                    input type="number" id="daily_limit_minutes" name="daily_limit_minutes" min="5" max="720" step="1" required value=(limits.daily_limit_minutes);
                    label for="break_after_minutes" { (lang.t("wellbeing-break-after")) small { (lang.t("wellbeing-break-after-hint")) } }
                    (error(errors, "break_after_minutes"))
                    input type="number" id="break_after_minutes" name="break_after_minutes" min="5" max="240" step="1" required value=(limits.break_after_minutes);
                    p { button class="primary" type="submit" { (lang.t("wellbeing-save")) } }
                }
            }
            @if let Some(day) = first_day { h2 { (lang.t_args("wellbeing-week-of", &[("date", day_date(day).into())])) } }
            p class="small" { (lang.t("wellbeing-summary-numbers-only")) }
            @if weeks.is_empty() { p { (lang.t("wellbeing-summary-empty")) } }
            @for (u, w) in &weeks {
                section class="card" {
                    h3 { (u.username) " · " span class="meta" { (lang.t(&u.role.public_name_key())) } }
                    (week_table(lang, w))
                }
            }
            (week_nav(lang, &format!("/{l}/staff/admin/wellbeing"), weeks_ago))
            p class="small" { (lang.t("wellbeing-how-counted")) }
        },
    ))
}

/// The week asked for, and whether the limits were just saved.
#[derive(serde::Deserialize)]
pub(crate) struct AdminQuery {
    weeks_ago: Option<String>,
    saved: Option<String>,
}

pub(crate) async fn admin_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Query(q): Query<AdminQuery>,
) -> Result<Html<String>, PageError> {
    let weeks = WeekParams { weeks_ago: q.weeks_ago }.weeks();
    admin_view(&app, lang, &s, weeks, &BTreeMap::new(), q.saved.is_some()).await.map_err(|f| f.page(lang))
}

/// The administrator sets the limits (the form on the page above).
pub(crate) async fn limits_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    PageForm(form): PageForm<BTreeMap<String, String>>,
) -> Result<Response, PageError> {
    require_csrf(&app, lang, &s, form.get("csrf").map(String::as_str))?;
    let get = |k: &str| form.get(k).map(String::as_str);
    match crate::service::wellbeing::set_limits(&app, &s.user, get("daily_limit_minutes"), get("break_after_minutes"))
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/{}/staff/admin/wellbeing?saved=1", lang.code())).into_response()),
        Err(Fail::Invalid(e)) => {
            let page =
                admin_view(&app, lang, &s, 0, &field_messages(lang, &e), false).await.map_err(|f| f.page(lang))?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(f) => Err(f.page(lang)),
    }
}
