//! Statistics for duty-bearers (`/sq/statistics`, `/en/statistics`, `/api/v1/statistics`):
//! counts of reports, response times, referrals and outcomes for a period, and the
//! directory's coverage, for statisticians and administrators only (who see no case).
//!
//! Every table goes through `zeri_domain::statistics::suppress`: counts from 1 to the
//! threshold − 1 are shown as "<5", with complementary suppression so no hidden count can
//! be worked back from the rows, columns and totals shown. Tables that publish the same
//! figure (the county totals, the age-band totals, the grand total) hide it in all of them
//! if any hides it. A public-release export can instead add Laplace noise (differential
//! privacy) with its privacy budget stated on it.

use crate::base::auth::PageStaff;
use crate::base::auth::Staff;
use crate::base::chrome::logout_form;
use crate::base::error::PageError;
use crate::base::extract::PageLang;
use crate::base::layout::staff_page;
use crate::parts::i18n::label;
use crate::parts::i18n::Lang;
use crate::service::statistics::release::spent_milli;
use crate::service::statistics::services;
use crate::service::statistics::tables;
use crate::service::statistics::today;
use crate::service::statistics::Params;
use crate::service::statistics::Shown;
use crate::service::statistics::Table;
use crate::service::statistics::COVERAGE_KINDS;
use crate::AppState;
use axum::extract::Query as UrlQuery;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::{html, Markup};
use zeri_domain::permission::{authorize, Action, Relation};
use zeri_domain::places::Gazetteer;
use zeri_domain::statistics::privacy::BUDGET_MILLI;
use zeri_domain::statistics::Period;

pub(crate) fn allowed(s: &Staff) -> bool {
    authorize(s.user.role, Relation::None, false, Action::ViewStatistics).allowed()
}

// ----- pages -----

/// The choice of period: whole months, quarters and years that have ended, nothing else.
fn period_form(lang: Lang, period: Option<Period>, threshold: u64, action: &str) -> Markup {
    let recent = Period::recent(today());
    let group = |key: &str, pick: fn(&Period) -> bool| {
        html! {
            optgroup label=(lang.t(key)) {
                @for p in recent.iter().filter(|p| pick(p)) {
                    option value=(p) selected[Some(*p) == period] { (p) }
                }
            }
        }
    };
    html! {
        form method="get" action=(action) class="inline" {
            label for="period" { (lang.t("stats-period")) small { (lang.t("stats-period-hint")) } }
            select id="period" name="period" {
                (group("stats-period-months", |p| matches!(p, Period::Month { .. })))
                (group("stats-period-quarters", |p| matches!(p, Period::Quarter { .. })))
                (group("stats-period-years", |p| matches!(p, Period::Year(_))))
            }
            label for="threshold" { (lang.t("stats-threshold")) }
            input type="number" id="threshold" name="threshold" min="5" max="100" value=(threshold);
            button type="submit" { (lang.t("stats-show")) }
        }
    }
}

/// ε in thousandths, as a decimal (`0.5`, `1`).
pub(crate) fn epsilon_text(milli: i64) -> String {
    format!("{}", milli as f64 / 1000.0)
}

/// The period asked for, or the error page that says why it is refused.
fn period_or_error(lang: Lang, params: &Params) -> Result<Period, PageError> {
    params.period().map_err(|code| {
        let code = match code {
            "day-range" => "stats-day-range",
            "period-not-ended" => "stats-period-not-ended",
            _ => "stats-invalid-period",
        };
        PageError::new(StatusCode::UNPROCESSABLE_ENTITY, lang, code)
    })
}

/// A horizontal bar chart of labelled values; hidden values drawn as an outline with their
/// mark, so the chart says no more than the table.
pub fn bar_chart(title: &str, bars: &[(String, Shown)]) -> Markup {
    let max = bars.iter().filter_map(|(_, v)| v.count()).max().unwrap_or(1).max(1) as f64;
    let (label_w, bar_w, row_h) = (190.0, 300.0, 22.0);
    let height = row_h * bars.len() as f64 + 8.0;
    html! {
        svg class="chart" viewBox={ "0 0 " (label_w + bar_w + 60.0) " " (height) } role="img" aria-label=(title) xmlns="http://www.w3.org/2000/svg" {
            title { (title) }
            @for (i, (name, v)) in bars.iter().enumerate() {
                @let y = 4.0 + i as f64 * row_h;
                text x=(label_w - 6.0) y=(y + 15.0) text-anchor="end" font-size="12" { (short(name, 30)) }
                @match v.count() {
                    Some(n) => {
                        @let w = (n as f64 / max * bar_w).max(if n > 0 { 1.0 } else { 0.0 });
                        rect x=(label_w) y=(y + 3.0) width=(format!("{w:.1}")) height="15" fill="#2a5d9f" {}
                        text x=(label_w + w + 4.0) y=(y + 15.0) font-size="12" { (n) }
                    }
                    None => {
                        rect x=(label_w) y=(y + 3.0) width="24" height="15" fill="none" stroke="#2a5d9f" stroke-dasharray="3 2" {}
                        text x=(label_w + 30.0) y=(y + 15.0) font-size="12" { (v.text()) }
                    }
                }
            }
        }
    }
}

fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        format!("{}…", s.chars().take(n - 1).collect::<String>())
    }
}

fn table_view(lang: Lang, t: &Table, query: &str) -> Markup {
    let chart: Vec<(String, Shown)> = if t.columns.len() == 1 {
        t.rows.iter().cloned().zip(t.cells.iter().map(|r| r[0])).collect()
    } else if t.id == "municipality" {
        t.columns.iter().cloned().zip(t.column_totals.iter().copied()).collect()
    } else {
        t.rows.iter().cloned().zip(t.row_totals.iter().copied()).collect()
    };
    let l = lang.code();
    html! {
        section class="card" id=(t.id) {
            h2 { (t.title) }
            (bar_chart(&t.title, &chart))
            @if t.id == "municipality" {
                // 61 rows × 12 counties would be mostly empty: each municipality with its county.
                table {
                    thead { tr { th { (lang.t("stats-municipality")) } th { (lang.t("stats-county")) } th { (lang.t("stats-reports")) } } }
                    tbody {
                        @for (i, row) in t.rows.iter().enumerate() {
                            @let j = t.cells[i].iter().zip(&t.column_totals).position(|(c, _)| *c != Shown::Count(0)).or_else(|| county_column(t, row));
                            tr { td { (row) } td { (j.map(|j| t.columns[j].clone()).unwrap_or_default()) } td { (j.map(|j| t.cells[i][j].text()).unwrap_or_else(|| "0".into())) } }
                        }
                    }
                    tfoot { @for (j, c) in t.columns.iter().enumerate() { tr { th { (lang.t("stats-total")) } th { (c) } td { (t.column_totals[j].text()) } } } }
                }
            } @else {
                table {
                    thead { tr { th {} @for c in &t.columns { th { (c) } } @if t.columns.len() > 1 { th { (lang.t("stats-total")) } } } }
                    tbody {
                        @for (i, row) in t.rows.iter().enumerate() {
                            tr { th { (row) } @for c in &t.cells[i] { td { (c.text()) } } @if t.columns.len() > 1 { td { strong { (t.row_totals[i].text()) } } } }
                        }
                    }
                    tfoot { tr { th { (lang.t("stats-total")) } @for c in &t.column_totals { td { strong { (c.text()) } } } @if t.columns.len() > 1 { td { strong { (t.total.text()) } } } } }
                }
            }
            @if let Some(n) = &t.note { p class="small" { (n) } }
            p class="small" {
                a href={ "/" (l) "/statistics/" (t.id) ".csv?" (query) } { (lang.t("stats-csv")) } " · "
                a href={ "/api/v1/statistics?" (query) "#" (t.id) } { (lang.t("stats-json")) }
            }
        }
    }
}

/// The county column of a municipality (for rows whose count is 0).
fn county_column(t: &Table, municipality: &str) -> Option<usize> {
    let county = Gazetteer::albania().municipality(municipality)?.county.clone();
    t.columns.iter().position(|c| *c == county)
}

fn query_string(period: Period, params: &Params) -> String {
    format!("period={period}&threshold={}", params.threshold())
}

pub(crate) async fn statistics_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    UrlQuery(params): UrlQuery<Params>,
) -> Result<Response, PageError> {
    if !allowed(&s) {
        return Err(PageError::new(StatusCode::FORBIDDEN, lang, "forbidden"));
    }
    let l = lang.code();
    let period = period_or_error(lang, &params)?;
    let tables = tables(&app, lang, period, params.threshold()).await.map_err(|e| PageError::internal(lang, e))?;
    let (services, coverage) = services(&app);
    let satisfaction =
        crate::statistics::satisfaction::section(&app, lang, period).await.map_err(|e| PageError::internal(lang, e))?;
    let query = query_string(period, &params);
    let spent = spent_milli(&app, period).await.map_err(|e| PageError::internal(lang, format!("{e:?}")))?;
    let budget = [
        ("spent", epsilon_text(spent).into()),
        ("left", epsilon_text(BUDGET_MILLI - spent).into()),
        ("total", epsilon_text(BUDGET_MILLI).into()),
    ];
    Ok(staff_page(
        lang,
        &lang.t("stats-title"),
        html! {
            (logout_form(&app, lang, &s))
            h1 { (lang.t("stats-title")) }
            p { (lang.t_args("stats-lead", &[("threshold", (params.threshold() as i64).into())])) }
            (period_form(lang, Some(period), params.threshold(), &format!("/{l}/statistics")))
            @if !matches!(period, Period::Month { .. }) { p class="small" { (lang.t("stats-whole-period-note")) } }
            p { a href={ "/" (l) "/statistics/summary?" (query) } { (lang.t("stats-summary-link")) } }
            p class="small" id="budget" {
                (lang.t_args("stats-budget", &budget)) " "
                a href={ "/api/v1/statistics/public?period=" (period) } { (lang.t("stats-public-link")) }
            }
            @for t in &tables { (table_view(lang, t, &query)) }
            (satisfaction)
            section class="card" id="services" {
                h2 { (lang.t("stats-services-title")) }
                p class="small" { (lang.t("stats-services-hint")) }
                (bar_chart(&lang.t("stats-coverage-title"), &coverage.iter().map(|c| (label(lang, "kind", &c.kind), Shown::Count(c.municipalities_without))).collect::<Vec<_>>()))
                table {
                    thead { tr { th { (lang.t("stats-municipality")) } th { (lang.t("stats-county")) } @for k in COVERAGE_KINDS { th { (label(lang, "kind", k.as_str())) } } } }
                    tbody { @for r in &services {
                        tr { td { (r.municipality) } td { (r.county) } @for k in COVERAGE_KINDS { td { (r.counts.get(k.as_str()).copied().unwrap_or(0)) } } }
                    } }
                }
                p { (lang.t("stats-coverage-title")) ": "
                    @for (i, c) in coverage.iter().enumerate() { @if i > 0 { "; " } (label(lang, "kind", &c.kind)) " " (c.municipalities_without) "/" (c.municipalities) } }
            }
        },
    )
    .into_response())
}

pub(crate) async fn table_csv(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Path(table): Path<String>,
    UrlQuery(params): UrlQuery<Params>,
) -> Result<Response, PageError> {
    if !allowed(&s) {
        return Err(PageError::new(StatusCode::FORBIDDEN, lang, "forbidden"));
    }
    let id = table.strip_suffix(".csv").ok_or(PageError::not_found(lang))?;
    let period = period_or_error(lang, &params)?;
    let tables = tables(&app, lang, period, params.threshold()).await.map_err(|e| PageError::internal(lang, e))?;
    let t = tables.iter().find(|t| t.id == id).ok_or(PageError::not_found(lang))?;
    let mut csv = csv::Writer::from_writer(Vec::new());
    let mut header = vec![String::new()];
    header.extend(t.columns.iter().cloned());
    header.push(lang.t("stats-total"));
    let err = |e: csv::Error| PageError::internal(lang, e);
    csv.write_record(&header).map_err(err)?;
    for (i, row) in t.rows.iter().enumerate() {
        let mut rec = vec![row.clone()];
        rec.extend(t.cells[i].iter().map(Shown::text));
        rec.push(t.row_totals[i].text());
        csv.write_record(&rec).map_err(err)?;
    }
    let mut rec = vec![lang.t("stats-total")];
    rec.extend(t.column_totals.iter().map(Shown::text));
    rec.push(t.total.text());
    csv.write_record(&rec).map_err(err)?;
    let bytes = csv.into_inner().map_err(|e| PageError::internal(lang, e))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"zeri-{id}-{period}.csv\"")),
        ],
        bytes,
    )
        .into_response())
}

/// The annual summary a ministry can read: the main figures and charts of a year (or of
/// another whole period, `?period=2026`) on one page, suppression applied; `?format=pdf`
/// for a PDF.
pub(crate) async fn summary_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    UrlQuery(params): UrlQuery<Params>,
) -> Result<Response, PageError> {
    if !allowed(&s) {
        return Err(PageError::new(StatusCode::FORBIDDEN, lang, "forbidden"));
    }
    let period = period_or_error(lang, &params)?;
    let tables = tables(&app, lang, period, params.threshold()).await.map_err(|e| PageError::internal(lang, e))?;
    let (_, coverage) = services(&app);
    let get = |id: &str| tables.iter().find(|t| t.id == id);
    let total = get("month-category").map(|t| t.total.text()).unwrap_or_default();
    let title = lang.t_args("stats-summary-title", &[("period", period.to_string().into())]);
    let headline = lang.t_args("stats-summary-reports", &[("count", total.clone().into())]);
    let mut lines: Vec<(String, Vec<(String, String)>)> = Vec::new();
    for id in ["month-category", "county-age", "timing", "referrals", "outcomes"] {
        if let Some(t) = get(id) {
            let pairs: Vec<(String, String)> = series(t).into_iter().map(|(k, v)| (k, v.text())).collect();
            lines.push((t.title.clone(), pairs));
        }
    }
    let coverage_line = coverage
        .iter()
        .map(|c| format!("{} {}/{}", label(lang, "kind", &c.kind), c.municipalities_without, c.municipalities))
        .collect::<Vec<_>>()
        .join("; ");
    if params_format_pdf(&params) {
        let mut doc: Vec<(f32, bool, String)> = vec![(16.0, true, title.clone()), (11.0, false, headline.clone())];
        for (t, pairs) in &lines {
            doc.push((11.0, true, t.clone()));
            for (k, v) in pairs {
                doc.push((9.0, false, format!("{k}: {v}")));
            }
        }
        doc.push((11.0, true, lang.t("stats-coverage-title")));
        doc.push((9.0, false, coverage_line.clone()));
        doc.push((8.0, false, lang.t_args("stats-summary-note", &[("threshold", (params.threshold() as i64).into())])));
        let pdf = crate::parts::pdf::document(&doc);
        return Ok((
            [
                (header::CONTENT_TYPE, "application/pdf".to_owned()),
                (header::CONTENT_DISPOSITION, format!("attachment; filename=\"zeri-summary-{period}.pdf\"")),
            ],
            pdf,
        )
            .into_response());
    }
    let l = lang.code();
    let query = query_string(period, &params);
    Ok(staff_page(
        lang,
        &title,
        html! {
            article class="summary" {
                h1 { (title) }
                p class="lead" { (headline) }
                @for id in ["month-category", "county-age", "timing", "outcomes"] {
                    @if let Some(t) = get(id) {
                        @let bars = series(t);
                        h2 { (t.title) }
                        (bar_chart(&t.title, &bars))
                    }
                }
                h2 { (lang.t("stats-coverage-title")) }
                p { (coverage_line) }
                p class="small" { (lang.t_args("stats-summary-note", &[("threshold", (params.threshold() as i64).into())])) }
                p class="small noprint" { a href={ "/" (l) "/statistics/summary?" (query) "&format=pdf" } { (lang.t("stats-summary-pdf")) } }
            }
        },
    )
    .into_response())
}

/// The one series of a table the summary shows: a one-column table as it is, reports by
/// kind of harm over the period, the time to the first answer, otherwise the row totals.
fn series(t: &Table) -> Vec<(String, Shown)> {
    if t.columns.len() == 1 {
        t.rows.iter().cloned().zip(t.cells.iter().map(|r| r[0])).collect()
    } else if t.id == "month-category" {
        t.columns.iter().cloned().zip(t.column_totals.iter().copied()).collect()
    } else if t.id == "timing" {
        t.columns.iter().cloned().zip(t.cells[0].iter().copied()).collect()
    } else {
        t.rows.iter().cloned().zip(t.row_totals.iter().copied()).collect()
    }
}

fn params_format_pdf(params: &Params) -> bool {
    params.format.as_deref() == Some("pdf")
}
