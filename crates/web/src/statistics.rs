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

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use maud::{html, Markup};
use rand::Rng;
use serde::{Deserialize, Serialize};
use zeri_domain::casework::{Outcome, ReferralStatus, SUPPORT_KINDS};
use zeri_domain::directory::ServiceKind;
use zeri_domain::permission::{authorize, Action, OrgKind, Relation};
use zeri_domain::places::Gazetteer;
use zeri_domain::report::{AgeBand, Category, ReporterKind};
use zeri_domain::statistics::{suppress, suppress_with, Cell, Published, MIN_THRESHOLD};
use zeri_storage::{OutcomeFact, ReferralFact, ReportFact};

use crate::auth::{ApiStaff, PageStaff, Staff};
use crate::error::{ApiError, PageError};
use crate::extract::{ApiLang, PageLang};
use crate::i18n::Lang;
use crate::staff::{label, logout_form};
use crate::views::staff_page;
use crate::{now_ms, App, AppState};
use axum::extract::Query as UrlQuery;

const DAY: i64 = 86_400_000;

pub fn router() -> Router<AppState> {
    let mut r = Router::new();
    for l in Lang::ALL.map(Lang::code) {
        r = r
            .route(&format!("/{l}/statistics"), get(statistics_page))
            .route(&format!("/{l}/statistics/summary"), get(summary_page))
            .route(&format!("/{l}/statistics/{{table}}"), get(table_csv));
    }
    r.route("/api/v1/statistics", get(statistics_api)).route("/api/v1/statistics/public", get(public_api))
}

/// The period and threshold asked for.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct Params {
    /// First day, `YYYY-MM-DD` (default: a year before `to`).
    from: Option<String>,
    /// Day after the last, `YYYY-MM-DD` (default: tomorrow).
    to: Option<String>,
    /// Suppression threshold; at least 5 (lower values are raised to 5).
    threshold: Option<u64>,
    /// For the annual summary: the year.
    year: Option<i32>,
    /// For the public export: the total privacy budget ε (default 1.0, between 0.1 and 10).
    epsilon: Option<f64>,
    /// For the annual summary: `pdf` for a PDF.
    format: Option<String>,
}

impl Params {
    fn threshold(&self) -> u64 {
        self.threshold.unwrap_or(MIN_THRESHOLD).max(MIN_THRESHOLD)
    }

    /// `[from, to)` in milliseconds (UTC days).
    fn period(&self) -> Result<(i64, i64), &'static str> {
        if let Some(year) = self.year {
            if !(2000..=2099).contains(&year) {
                return Err("invalid-date");
            }
            let start = day_of(&format!("{year:04}-01-01")).ok_or("invalid-date")?;
            let end = day_of(&format!("{:04}-01-01", year + 1)).ok_or("invalid-date")?;
            return Ok((start * DAY, end * DAY));
        }
        let to = match self.to.as_deref().filter(|s| !s.is_empty()) {
            Some(t) => day_of(t).ok_or("invalid-date")?,
            None => now_ms().div_euclid(DAY) + 1,
        };
        let from = match self.from.as_deref().filter(|s| !s.is_empty()) {
            Some(f) => day_of(f).ok_or("invalid-date")?,
            None => to - 365,
        };
        if from >= to {
            return Err("invalid-period");
        }
        Ok((from * DAY, to * DAY))
    }
}

fn day_of(s: &str) -> Option<i64> {
    zeri_domain::casework::parse_date("from", Some(s)).ok()
}

fn ymd(ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000))
        .map(|t| format!("{:04}-{:02}-{:02}", t.year(), u8::from(t.month()), t.day()))
        .unwrap_or_default()
}

/// One published table.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Table {
    pub id: &'static str,
    pub title: String,
    pub rows: Vec<String>,
    pub columns: Vec<String>,
    /// Each cell a number, or "<5" (below the threshold) or "–" (hidden to protect another).
    #[schema(schema_with = shown_grid)]
    pub cells: Vec<Vec<Shown>>,
    #[schema(schema_with = shown_list)]
    pub row_totals: Vec<Shown>,
    #[schema(schema_with = shown_list)]
    pub column_totals: Vec<Shown>,
    #[schema(schema_with = shown_one)]
    pub total: Shown,
    /// A note on how the figures were made (e.g. the noise added).
    pub note: Option<String>,
}

/// A published cell in the OpenAPI document: a count, or "<N" or "–".
fn shown_one() -> utoipa::openapi::schema::Schema {
    use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Type};
    OneOfBuilder::new()
        .item(ObjectBuilder::new().schema_type(Type::Integer).minimum(Some(0)))
        .item(ObjectBuilder::new().schema_type(Type::String).pattern(Some("^(<[0-9]+|–)$")))
        .into()
}

fn shown_list() -> utoipa::openapi::schema::Array {
    utoipa::openapi::schema::ArrayBuilder::new().items(utoipa::openapi::RefOr::T(shown_one())).build()
}

fn shown_grid() -> utoipa::openapi::schema::Array {
    utoipa::openapi::schema::ArrayBuilder::new()
        .items(utoipa::openapi::RefOr::T(utoipa::openapi::schema::Schema::Array(shown_list())))
        .build()
}

/// A cell as published: a count or the mark of a hidden one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    Count(u64),
    Below(u64),
    Hidden,
}

impl Serialize for Shown {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Shown::Count(n) => s.serialize_u64(*n),
            other => s.serialize_str(&other.text()),
        }
    }
}

impl Shown {
    fn from_cell(c: Cell, threshold: u64) -> Self {
        match c {
            Cell::Shown(n) => Shown::Count(n),
            Cell::Hidden { primary: true } => Shown::Below(threshold),
            Cell::Hidden { primary: false } => Shown::Hidden,
        }
    }

    pub fn text(&self) -> String {
        match self {
            Shown::Count(n) => n.to_string(),
            Shown::Below(t) => format!("<{t}"),
            Shown::Hidden => "–".to_owned(),
        }
    }

    fn count(&self) -> Option<u64> {
        match self {
            Shown::Count(n) => Some(*n),
            _ => None,
        }
    }
}

/// The raw counts of a table, before publication.
#[derive(Debug, Clone)]
pub struct Counts {
    pub id: &'static str,
    pub rows: Vec<String>,
    pub columns: Vec<String>,
    pub counts: Vec<Vec<u64>>,
}

/// Every table for the facts of one period, as raw counts. Row and column labels are codes
/// (translated when shown).
pub fn count_tables(
    period: (i64, i64),
    reports: &[ReportFact],
    referrals: &[ReferralFact],
    outcomes: &[OutcomeFact],
) -> Vec<Counts> {
    let g = Gazetteer::albania();
    let mut counties: Vec<String> = g.municipalities().iter().map(|m| m.county.clone()).collect();
    counties.sort();
    counties.dedup();
    let county_of = |m: &Option<String>| m.as_ref().and_then(|m| g.municipality(m)).map(|m| m.county.clone());
    let index = |list: &[String], v: &str| list.iter().position(|x| x == v);

    // By month and category.
    // Every month of the period, those without reports too (a table never has no rows).
    let mut months: Vec<String> = Vec::new();
    let mut day = period.0;
    while day < period.1 {
        let month = ymd(day)[..7].to_owned();
        if months.last() != Some(&month) {
            months.push(month);
        }
        day += DAY;
    }
    let categories: Vec<String> = Category::ALL.iter().map(|c| c.as_str().to_owned()).collect();
    let mut by_month = vec![vec![0u64; categories.len()]; months.len()];
    for r in reports {
        let (i, j) = (index(&months, &ymd(r.created_at)[..7]), index(&categories, r.category.as_str()));
        if let (Some(i), Some(j)) = (i, j) {
            by_month[i][j] += 1;
        }
    }

    // By county and age band (the place not given: its own row).
    let ages: Vec<String> = AgeBand::ALL.iter().map(|a| a.as_str().to_owned()).collect();
    let mut county_rows = counties.clone();
    county_rows.push("not_stated".into());
    let mut by_county = vec![vec![0u64; ages.len()]; county_rows.len()];
    for r in reports {
        let i = county_of(&r.municipality).and_then(|c| index(&county_rows, &c)).unwrap_or(county_rows.len() - 1);
        if let Some(j) = index(&ages, r.age_band.as_str()) {
            by_county[i][j] += 1;
        }
    }

    // By municipality: one column per county (structural zeros elsewhere), so that the
    // county totals are this table's column totals and are protected with it.
    let municipalities: Vec<String> = {
        let mut m: Vec<&zeri_domain::places::Municipality> = g.municipalities().iter().collect();
        m.sort_by(|a, b| a.county.cmp(&b.county).then(a.name.cmp(&b.name)));
        m.into_iter().map(|m| m.name.clone()).collect()
    };
    let mut by_municipality = vec![vec![0u64; counties.len()]; municipalities.len()];
    for r in reports {
        if let (Some(m), Some(c)) = (r.municipality.as_deref(), county_of(&r.municipality)) {
            if let (Some(i), Some(j)) = (index(&municipalities, m), index(&counties, &c)) {
                by_municipality[i][j] += 1;
            }
        }
    }

    // By reporter and age band.
    let reporters: Vec<String> = ReporterKind::ALL.iter().map(|r| r.as_str().to_owned()).collect();
    let mut by_reporter = vec![vec![0u64; ages.len()]; reporters.len()];
    for r in reports {
        if let (Some(i), Some(j)) = (index(&reporters, r.reporter.as_str()), index(&ages, r.age_band.as_str())) {
            by_reporter[i][j] += 1;
        }
    }

    // Time to the first answer and to the first support, in days.
    let buckets: Vec<String> = ["same_day", "1_3_days", "4_7_days", "8_30_days", "over_30_days", "not_yet"]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    let bucket = |days: Option<i64>| match days {
        None => 5,
        Some(d) if d < 1 => 0,
        Some(d) if d <= 3 => 1,
        Some(d) if d <= 7 => 2,
        Some(d) if d <= 30 => 3,
        Some(_) => 4,
    };
    let mut first_support: BTreeMap<&str, i64> = BTreeMap::new();
    for o in outcomes.iter().filter(|o| o.outcome == Outcome::SupportReceived) {
        let e = first_support.entry(o.report_id.as_str()).or_insert(o.occurred_on);
        *e = (*e).min(o.occurred_on);
    }
    let mut timing = vec![vec![0u64; buckets.len()]; 2];
    for r in reports {
        timing[0][bucket(r.first_reply_at.map(|t| (t - r.created_at).div_euclid(DAY)))] += 1;
        let support = first_support.get(r.id.as_str()).map(|day| day - r.created_at.div_euclid(DAY));
        timing[1][bucket(support)] += 1;
    }

    // Referrals by kind of organisation and where they stand.
    let kinds =
        [OrgKind::Police, OrgKind::Prosecution, OrgKind::ChildProtectionUnit, OrgKind::Service, OrgKind::Barnahus];
    let statuses = ReferralStatus::ALL;
    let mut by_referral = vec![vec![0u64; statuses.len()]; kinds.len()];
    for f in referrals {
        if let (Some(i), Some(j)) =
            (kinds.iter().position(|k| *k == f.to_kind), statuses.iter().position(|s| *s == f.status))
        {
            by_referral[i][j] += 1;
        }
    }

    // Outcomes: reports with each outcome (support by kind).
    let mut outcome_rows: Vec<String> =
        Outcome::ALL.iter().filter(|o| **o != Outcome::SupportReceived).map(|o| o.as_str().to_owned()).collect();
    outcome_rows.extend(SUPPORT_KINDS.iter().map(|k| format!("support_received:{}", k.as_str())));
    let mut by_outcome = vec![vec![0u64; 1]; outcome_rows.len()];
    let mut seen: std::collections::BTreeSet<(String, String)> = Default::default();
    for o in outcomes {
        let key = match (o.outcome, o.support_kind) {
            (Outcome::SupportReceived, Some(k)) => format!("support_received:{}", k.as_str()),
            (Outcome::SupportReceived, None) => continue,
            (other, _) => other.as_str().to_owned(),
        };
        if seen.insert((o.report_id.clone(), key.clone())) {
            if let Some(i) = index(&outcome_rows, &key) {
                by_outcome[i][0] += 1;
            }
        }
    }

    vec![
        Counts { id: "month-category", rows: months, columns: categories, counts: by_month },
        Counts { id: "county-age", rows: county_rows, columns: ages.clone(), counts: by_county },
        Counts { id: "municipality", rows: municipalities, columns: counties, counts: by_municipality },
        Counts { id: "reporter-age", rows: reporters, columns: ages, counts: by_reporter },
        Counts {
            id: "timing",
            rows: vec!["first_answer".into(), "first_support".into()],
            columns: buckets,
            counts: timing,
        },
        Counts {
            id: "referrals",
            rows: kinds.iter().map(|k| k.as_str().to_owned()).collect(),
            columns: statuses.iter().map(|s| s.as_str().to_owned()).collect(),
            counts: by_referral,
        },
        Counts { id: "outcomes", rows: outcome_rows, columns: vec!["reports".into()], counts: by_outcome },
    ]
}

/// A figure's place: the table's index and its position in the extended grid.
type Place = (usize, (usize, usize));

/// Suppresses every table so that none gives away what another hides. Figures two tables
/// both publish (the county totals, the age-band totals, the grand total) are hidden in
/// both as soon as either hides them, and the other table is then suppressed again around
/// them, until nothing changes (each round only hides more, so it ends).
pub fn publish(tables: &[Counts], threshold: u64) -> Vec<Published> {
    let find = |id: &str| tables.iter().position(|t| t.id == id);
    let size = |k: usize| (tables[k].rows.len(), tables[k].columns.len());
    // Pairs of extended-grid positions that hold the same figure in two tables.
    let mut links: Vec<(Place, Place)> = Vec::new();
    if let (Some(a), Some(b)) = (find("county-age"), find("municipality")) {
        for j in 0..size(b).1 {
            links.push(((a, (j, size(a).1)), (b, (size(b).0, j))));
        }
    }
    if let (Some(a), Some(b)) = (find("county-age"), find("reporter-age")) {
        for j in 0..size(a).1 {
            links.push(((a, (size(a).0, j)), (b, (size(b).0, j))));
        }
    }
    let reports: Vec<usize> =
        ["month-category", "county-age", "reporter-age", "timing"].iter().filter_map(|id| find(id)).collect();
    for w in reports.windows(2) {
        links.push(((w[0], size(w[0])), (w[1], size(w[1]))));
    }
    let mut forced: Vec<Vec<(usize, usize)>> = vec![Vec::new(); tables.len()];
    loop {
        let out: Vec<Published> =
            tables.iter().zip(&forced).map(|(t, f)| suppress_with(&t.counts, threshold, f)).collect();
        let hidden = |k: usize, (i, j): (usize, usize)| matches!(out[k].at(i, j), Cell::Hidden { .. });
        let mut changed = false;
        for &((a, pa), (b, pb)) in &links {
            match (hidden(a, pa), hidden(b, pb)) {
                (true, false) => {
                    forced[b].push(pb);
                    changed = true;
                }
                (false, true) => {
                    forced[a].push(pa);
                    changed = true;
                }
                _ => {}
            }
        }
        if !changed {
            return out;
        }
    }
}

fn title_key(id: &str) -> String {
    format!("stats-table-{id}")
}

/// A row or column label in `lang`.
fn row_label(lang: Lang, table: &str, code: &str, columns: bool) -> String {
    match (table, columns) {
        ("month-category", false) => code.to_owned(),
        ("month-category", true) => label(lang, "stats-category", code),
        ("county-age", false) if code == "not_stated" => lang.t("stats-not-stated"),
        ("county-age", false) | ("municipality", _) => code.to_owned(),
        ("county-age" | "reporter-age", true) => label(lang, "stats-age", code),
        ("reporter-age", false) => label(lang, "stats-reporter", code),
        ("timing", false) => label(lang, "stats-timing", code),
        ("timing", true) => label(lang, "stats-bucket", code),
        ("referrals", false) => label(lang, "stats-org", code),
        ("referrals", true) => label(lang, "referral", code),
        ("outcomes", false) => match code.split_once(':') {
            Some((_, kind)) => format!("{}: {}", label(lang, "outcome", "support_received"), label(lang, "kind", kind)),
            None => label(lang, "outcome", code),
        },
        ("outcomes", true) => lang.t("stats-reports"),
        _ => code.to_owned(),
    }
}

/// The published tables of a period, in `lang`.
pub async fn tables(app: &App, lang: Lang, params: &Params) -> Result<Vec<Table>, String> {
    let (from, to) = params.period().map_err(str::to_owned)?;
    let threshold = params.threshold();
    let counts = counted(app, from, to).await?;
    let published = publish(&counts, threshold);
    Ok(counts.iter().zip(published).map(|(c, p)| table(lang, c, &p, threshold, None)).collect())
}

async fn counted(app: &App, from: i64, to: i64) -> Result<Vec<Counts>, String> {
    let reports = app.store.report_facts(from, to).await.map_err(|e| e.to_string())?;
    let referrals = app.store.referral_facts(from, to).await.map_err(|e| e.to_string())?;
    let outcomes = app.store.outcome_facts(from, to).await.map_err(|e| e.to_string())?;
    Ok(count_tables((from, to), &reports, &referrals, &outcomes))
}

fn table(lang: Lang, c: &Counts, p: &Published, threshold: u64, note: Option<String>) -> Table {
    let shown = |cell: &Cell| Shown::from_cell(*cell, threshold);
    Table {
        id: c.id,
        title: lang.t(&title_key(c.id)),
        rows: c.rows.iter().map(|r| row_label(lang, c.id, r, false)).collect(),
        columns: c.columns.iter().map(|r| row_label(lang, c.id, r, true)).collect(),
        cells: p.cells.iter().map(|row| row.iter().map(shown).collect()).collect(),
        row_totals: p.row_totals.iter().map(shown).collect(),
        column_totals: p.column_totals.iter().map(shown).collect(),
        total: shown(&p.total),
        note,
    }
}

fn allowed(s: &Staff) -> bool {
    authorize(s.user.role, Relation::None, false, Action::ViewStatistics).allowed()
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Statistics {
    /// First day of the period (UTC).
    from: String,
    /// Day after the last.
    to: String,
    threshold: u64,
    tables: Vec<Table>,
    /// In-person services in the directory, by municipality and kind (public figures:
    /// not suppressed), and how many municipalities have none within 30 km.
    services: Vec<ServicesRow>,
    coverage: Vec<CoverageRow>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ServicesRow {
    municipality: String,
    county: String,
    /// Kind → count of in-person services located there.
    counts: BTreeMap<String, u64>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CoverageRow {
    kind: String,
    /// Municipalities whose nearest in-person service of this kind is over 30 km away or missing.
    municipalities_without: u64,
    municipalities: u64,
}

const COVERAGE_KINDS: [ServiceKind; 4] =
    [ServiceKind::Psychological, ServiceKind::Social, ServiceKind::Legal, ServiceKind::Medical];

fn services(app: &App) -> (Vec<ServicesRow>, Vec<CoverageRow>) {
    let g = Gazetteer::albania();
    let dir = app.directory();
    let mut rows: Vec<ServicesRow> = g
        .municipalities()
        .iter()
        .map(|m| ServicesRow { municipality: m.name.clone(), county: m.county.clone(), counts: BTreeMap::new() })
        .collect();
    for s in dir.services().iter().filter(|s| s.active() && s.in_person()) {
        let Some(m) = s.municipality.as_deref() else { continue };
        if let Some(row) = rows.iter_mut().find(|r| r.municipality == m) {
            for k in &s.kinds {
                *row.counts.entry(k.as_str().to_owned()).or_default() += 1;
            }
        }
    }
    rows.sort_by(|a, b| a.county.cmp(&b.county).then(a.municipality.cmp(&b.municipality)));
    let coverage = dir.coverage(g);
    let summary = COVERAGE_KINDS
        .iter()
        .map(|k| CoverageRow {
            kind: k.as_str().to_owned(),
            municipalities_without: coverage.iter().filter(|c| c.nearest[k].is_none_or(|km| km > 30.0)).count() as u64,
            municipalities: coverage.len() as u64,
        })
        .collect();
    (rows, summary)
}

/// The statistics of a period as JSON: every table suppressed (cells under the threshold
/// as "<5", others hidden to protect them as "–"), and the directory's coverage.
/// Statisticians and administrators only.
#[utoipa::path(get, path = "/api/v1/statistics", tag = "statistics", params(Params),
    responses((status = 200, body = Statistics), (status = 401), (status = 403), (status = 422)),
    security(("bearer" = [])))]
pub async fn statistics_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
    UrlQuery(params): UrlQuery<Params>,
) -> Result<Json<Statistics>, ApiError> {
    if !allowed(&s) {
        return Err(ApiError::new(StatusCode::FORBIDDEN, "forbidden", lang));
    }
    let (from, to) = params.period().map_err(|code| bad_period(lang, code))?;
    let tables = tables(&app, lang, &params).await.map_err(|e| ApiError::internal(lang, e))?;
    let (services, coverage) = services(&app);
    Ok(Json(Statistics { from: ymd(from), to: ymd(to), threshold: params.threshold(), tables, services, coverage }))
}

fn bad_period(lang: Lang, code: &str) -> ApiError {
    let msg = lang.t(&format!("stats-error-{code}"));
    ApiError::invalid(lang, BTreeMap::from([("period".to_owned(), msg)]))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct PublicRelease {
    from: String,
    to: String,
    /// The total privacy budget spent by this release (sum over its tables).
    epsilon: f64,
    /// How the figures were made, in words.
    method: String,
    tables: Vec<Table>,
}

/// A public release: each table's counts with Laplace noise (differential privacy; each
/// report counts once in each table, so a table's sensitivity is 1 and the budget ε is
/// split evenly across tables), rounded and floored at 0, then small numbers suppressed as
/// everywhere. The budget is stated on the release. Statisticians and administrators only.
#[utoipa::path(get, path = "/api/v1/statistics/public", tag = "statistics", params(Params),
    responses((status = 200, body = PublicRelease), (status = 401), (status = 403), (status = 422)),
    security(("bearer" = [])))]
pub async fn public_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
    UrlQuery(params): UrlQuery<Params>,
) -> Result<Json<PublicRelease>, ApiError> {
    if !allowed(&s) {
        return Err(ApiError::new(StatusCode::FORBIDDEN, "forbidden", lang));
    }
    let epsilon = params.epsilon.unwrap_or(1.0);
    if !(0.1..=10.0).contains(&epsilon) {
        return Err(ApiError::invalid(lang, BTreeMap::from([("epsilon".to_owned(), lang.t("stats-error-epsilon"))])));
    }
    let (from, to) = params.period().map_err(|code| bad_period(lang, code))?;
    let threshold = params.threshold();
    let mut counts = counted(&app, from, to).await.map_err(|e| ApiError::internal(lang, e))?;
    // Referrals and outcomes count a report more than once across rows: keep only the
    // tables where each report counts exactly once, so sensitivity 1 holds.
    counts.retain(|c| matches!(c.id, "month-category" | "county-age" | "reporter-age" | "timing"));
    let per_table = epsilon / counts.len() as f64;
    let mut rng = rand::thread_rng();
    for c in &mut counts {
        for row in &mut c.counts {
            for v in row.iter_mut() {
                *v = noisy(*v, 1.0 / per_table, &mut rng);
            }
        }
    }
    let note = lang.t_args("stats-noise-note", &[("epsilon", format!("{per_table:.3}").into())]);
    let tables =
        counts.iter().map(|c| table(lang, c, &suppress(&c.counts, threshold), threshold, Some(note.clone()))).collect();
    let method = lang.t_args("stats-public-method", &[("epsilon", format!("{epsilon}").into())]);
    Ok(Json(PublicRelease { from: ymd(from), to: ymd(to), epsilon, method, tables }))
}

/// `v` plus Laplace(0, scale) noise, rounded, at least 0 (inverse-CDF sampling: `rand`
/// gives uniforms, and a Laplace sampler is three lines, not worth another dependency).
fn noisy(v: u64, scale: f64, rng: &mut impl Rng) -> u64 {
    let u: f64 = rng.gen_range(-0.5..0.5);
    let noise = -scale * u.signum() * (1.0 - 2.0 * u.abs()).ln();
    (v as f64 + noise).round().max(0.0) as u64
}

// ----- pages -----

fn period_form(lang: Lang, params: &Params, action: &str) -> Markup {
    let (from, to) = params.period().unwrap_or((0, 0));
    html! {
        form method="get" action=(action) class="inline" {
            label for="from" { (lang.t("stats-from")) }
            input type="date" id="from" name="from" value=(ymd(from));
            label for="to" { (lang.t("stats-to")) small { (lang.t("stats-to-hint")) } }
            input type="date" id="to" name="to" value=(ymd(to));
            label for="threshold" { (lang.t("stats-threshold")) }
            input type="number" id="threshold" name="threshold" min="5" max="100" value=(params.threshold());
            button type="submit" { (lang.t("stats-show")) }
        }
    }
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

fn query_string(params: &Params) -> String {
    let (from, to) = params.period().unwrap_or((0, 0));
    format!("from={}&to={}&threshold={}", ymd(from), ymd(to), params.threshold())
}

async fn statistics_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    UrlQuery(params): UrlQuery<Params>,
) -> Result<Response, PageError> {
    if !allowed(&s) {
        return Err(PageError::new(StatusCode::FORBIDDEN, lang, "forbidden"));
    }
    let l = lang.code();
    if params.period().is_err() {
        return Err(PageError::new(StatusCode::UNPROCESSABLE_ENTITY, lang, "bad-form"));
    }
    let tables = tables(&app, lang, &params).await.map_err(|e| PageError::internal(lang, e))?;
    let (services, coverage) = services(&app);
    let query = query_string(&params);
    Ok(staff_page(
        lang,
        &lang.t("stats-title"),
        html! {
            (logout_form(&app, lang, &s))
            h1 { (lang.t("stats-title")) }
            p { (lang.t_args("stats-lead", &[("threshold", (params.threshold() as i64).into())])) }
            (period_form(lang, &params, &format!("/{l}/statistics")))
            p { a href={ "/" (l) "/statistics/summary?" (query) } { (lang.t("stats-summary-link")) } }
            @for t in &tables { (table_view(lang, t, &query)) }
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

async fn table_csv(
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
    if params.period().is_err() {
        return Err(PageError::new(StatusCode::UNPROCESSABLE_ENTITY, lang, "bad-form"));
    }
    let tables = tables(&app, lang, &params).await.map_err(|e| PageError::internal(lang, e))?;
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
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"zeri-{id}.csv\"")),
        ],
        bytes,
    )
        .into_response())
}

/// The annual summary a ministry can read: the main figures and charts of a year (or a
/// period) on one page, suppression applied; `?format=pdf` for a PDF.
async fn summary_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    UrlQuery(params): UrlQuery<Params>,
) -> Result<Response, PageError> {
    if !allowed(&s) {
        return Err(PageError::new(StatusCode::FORBIDDEN, lang, "forbidden"));
    }
    let Ok((from, to)) = params.period() else {
        return Err(PageError::new(StatusCode::UNPROCESSABLE_ENTITY, lang, "bad-form"));
    };
    let tables = tables(&app, lang, &params).await.map_err(|e| PageError::internal(lang, e))?;
    let (_, coverage) = services(&app);
    let get = |id: &str| tables.iter().find(|t| t.id == id);
    let total = get("month-category").map(|t| t.total.text()).unwrap_or_default();
    let period = format!("{} – {}", ymd(from), ymd(to - DAY));
    let title = lang.t_args("stats-summary-title", &[("period", period.clone().into())]);
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
        let pdf = crate::pdf::document(&doc);
        return Ok((
            [
                (header::CONTENT_TYPE, "application/pdf".to_owned()),
                (header::CONTENT_DISPOSITION, format!("attachment; filename=\"zeri-summary-{}.pdf\"", ymd(from))),
            ],
            pdf,
        )
            .into_response());
    }
    let l = lang.code();
    let query = query_string(&params);
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
