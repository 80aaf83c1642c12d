//! Statistics rules: counting, suppression of small cells and of cells that could be
//! worked out from others, and the tables they make, for fixed periods only
//! (`zeri_domain::statistics::period`). The public release with noise is in [`release`].

pub mod hotline;
pub mod release;

use crate::now_ms;
use crate::parts::i18n::label;
use crate::parts::i18n::Lang;
use crate::App;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use zeri_domain::casework::{Outcome, ReferralStatus, SUPPORT_KINDS};
use zeri_domain::directory::ServiceKind;
use zeri_domain::permission::OrgKind;
use zeri_domain::places::Gazetteer;
use zeri_domain::report::{AgeBand, Category, ReporterKind};
use zeri_domain::statistics::{suppress_with, Cell, Period, PeriodError, Published, MIN_THRESHOLD};
use zeri_storage::{OutcomeFact, ReferralFact, ReportFact};

pub(crate) const DAY: i64 = 86_400_000;

/// The period and threshold asked for.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Params {
    /// A month `2026-11`, a quarter `2026-Q4` or a year `2026` that has ended (default: the
    /// last full month). No other span of days is published.
    pub(crate) period: Option<String>,
    /// Suppression threshold; at least 5 (lower values are raised to 5).
    pub(crate) threshold: Option<u64>,
    /// For the public release: the privacy budget ε it spends on each month of the period
    /// (default 0.5, between 0.1 and 1; a month carries at most 1 over all releases).
    pub(crate) epsilon: Option<f64>,
    /// For the annual summary: `pdf` for a PDF.
    pub(crate) format: Option<String>,
    /// Free day ranges (`from`, `to`) and `year` of the earlier interface: refused, with a
    /// message naming `period`, rather than ignored.
    #[param(ignore)]
    pub(crate) from: Option<String>,
    #[param(ignore)]
    pub(crate) to: Option<String>,
    #[param(ignore)]
    pub(crate) year: Option<String>,
}

impl Params {
    pub(crate) fn threshold(&self) -> u64 {
        self.threshold.unwrap_or(MIN_THRESHOLD).max(MIN_THRESHOLD)
    }

    /// The period to publish (see `zeri_domain::statistics::period`), or the key of the
    /// error (`stats-error-<code>`): `day-range` for `from`/`to`/`year`, `invalid-period`,
    /// `period-not-ended`.
    pub(crate) fn period(&self) -> Result<Period, &'static str> {
        if self.from.is_some() || self.to.is_some() || self.year.is_some() {
            return Err("day-range");
        }
        Period::published(self.period.as_deref(), today()).map_err(PeriodError::code)
    }
}

/// Today, in days since 1970-01-01 (UTC).
pub(crate) fn today() -> i64 {
    now_ms().div_euclid(DAY)
}

/// `[from, to)` of a period, in milliseconds.
pub(crate) fn span_ms(period: Period) -> (i64, i64) {
    let (from, to) = period.days();
    (from * DAY, to * DAY)
}

pub(crate) fn ymd(ms: i64) -> String {
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

    pub(crate) fn count(&self) -> Option<u64> {
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
pub(crate) type Place = (usize, (usize, usize));

/// Suppresses every table so that none gives away what another hides. Figures two tables
/// both publish (the county totals, the age-band totals, the grand total) are hidden in
/// both as soon as either hides them, and the other table is then suppressed again around
/// them, until nothing changes (each round only hides more, so it ends).
pub fn publish(tables: &[Counts], threshold: u64) -> Vec<Published> {
    publish_with(tables, threshold, vec![Vec::new(); tables.len()])
}

/// [`publish`], with cells of each table hidden from the start (positions in its extended
/// grid, as `suppress_with` takes them).
pub fn publish_with(tables: &[Counts], threshold: u64, forced: Vec<Vec<(usize, usize)>>) -> Vec<Published> {
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
    // Each row of the timing table counts every report once: its row totals are the number
    // of reports too (and its grand total twice that, linked above).
    if let (Some(a), Some(b)) = (find("month-category"), find("timing")) {
        for i in 0..size(b).0 {
            links.push(((a, size(a)), (b, (i, size(b).1))));
        }
    }
    settle(tables, threshold, forced, &links)
}

/// Suppresses `tables` (with `forced` cells hidden from the start) until no figure that two
/// of them publish (`links`) is shown by one and hidden by the other.
pub(crate) fn settle(
    tables: &[Counts],
    threshold: u64,
    mut forced: Vec<Vec<(usize, usize)>>,
    links: &[(Place, Place)],
) -> Vec<Published> {
    loop {
        let out: Vec<Published> =
            tables.iter().zip(&forced).map(|(t, f)| suppress_with(&t.counts, threshold, f)).collect();
        let hidden = |k: usize, (i, j): (usize, usize)| matches!(out[k].at(i, j), Cell::Hidden { .. });
        let mut changed = false;
        for &((a, pa), (b, pb)) in links {
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

pub(crate) fn title_key(id: &str) -> String {
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
pub async fn tables(app: &App, lang: Lang, period: Period, threshold: u64) -> Result<Vec<Table>, String> {
    let published = published(app, period, threshold).await?;
    let marks = matches!(period, Period::Month { .. });
    let mut out: Vec<Table> = published.iter().map(|(c, p)| table(lang, c, p, threshold, marks, None)).collect();
    // The hotline's items: tables of their own, suppressed by the same rules.
    out.extend(hotline::tables(app, lang, period, threshold).await?);
    Ok(out)
}

/// The tables of a period, counted and suppressed.
///
/// A month is suppressed on its own ([`publish`]). A quarter or a year hides, besides its own
/// small numbers and their complements, every figure one of its months hides: each figure
/// it shows is then a sum of figures its months show, so beside the months' own tables it
/// tells nothing more, and months do not overlap. Suppressed alone, a quarter's figure less
/// two months' would give the third month's hidden one away. And since a month's "<5" and a
/// quarter's "<5" together bound each other (four months of "<5" under a year's "<5" are
/// 1 each), a quarter or a year marks what it hides with "–" only (see [`table`]).
pub(crate) async fn published(app: &App, period: Period, threshold: u64) -> Result<Vec<(Counts, Published)>, String> {
    let span = span_ms(period);
    let all = Facts::read(app, span).await?;
    let counts = all.count(span);
    let mut forced = vec![Vec::new(); counts.len()];
    if !matches!(period, Period::Month { .. }) {
        for month in period.months() {
            let span = span_ms(month);
            let month_counts = all.within(span).count(span);
            let month_published = publish(&month_counts, threshold);
            for (k, (c, p)) in month_counts.iter().zip(&month_published).enumerate() {
                forced[k].extend(hidden_by_part(&counts[k], c, p));
            }
        }
    }
    let published = publish_with(&counts, threshold, forced);
    Ok(counts.into_iter().zip(published).collect())
}

/// The positions in `whole`'s extended grid of the figures that `part` (the same table for
/// one month of the period) hides, matched by row and column codes (margins to margins).
pub(crate) fn hidden_by_part(whole: &Counts, part: &Counts, published: &Published) -> Vec<(usize, usize)> {
    let (r, c) = (part.rows.len(), part.columns.len());
    let place = |list: &[String], all: &[String], k: usize| {
        if k == list.len() {
            Some(all.len())
        } else {
            all.iter().position(|x| *x == list[k])
        }
    };
    let mut out = Vec::new();
    for i in 0..=r {
        for j in 0..=c {
            if let (Cell::Hidden { .. }, Some(a), Some(b)) =
                (published.at(i, j), place(&part.rows, &whole.rows, i), place(&part.columns, &whole.columns, j))
            {
                out.push((a, b));
            }
        }
    }
    out
}

/// The facts of the reports received in a span.
struct Facts {
    reports: Vec<ReportFact>,
    referrals: Vec<ReferralFact>,
    outcomes: Vec<OutcomeFact>,
}

impl Facts {
    async fn read(app: &App, (from, to): (i64, i64)) -> Result<Self, String> {
        // From the statistics database when there is one (a streaming replica), so counting
        // never loads the primary.
        let stats = app.stats_store();
        Ok(Facts {
            reports: stats.report_facts(from, to).await.map_err(|e| e.to_string())?,
            referrals: stats.referral_facts(from, to).await.map_err(|e| e.to_string())?,
            outcomes: stats.outcome_facts(from, to).await.map_err(|e| e.to_string())?,
        })
    }

    /// Those of the reports received in `[from, to)`.
    fn within(&self, (from, to): (i64, i64)) -> Facts {
        let reports: Vec<ReportFact> =
            self.reports.iter().filter(|r| (from..to).contains(&r.created_at)).cloned().collect();
        let ids: std::collections::BTreeSet<&str> = reports.iter().map(|r| r.id.as_str()).collect();
        Facts {
            referrals: self.referrals.iter().filter(|f| ids.contains(f.report_id.as_str())).cloned().collect(),
            outcomes: self.outcomes.iter().filter(|o| ids.contains(o.report_id.as_str())).cloned().collect(),
            reports,
        }
    }

    fn count(&self, span: (i64, i64)) -> Vec<Counts> {
        count_tables(span, &self.reports, &self.referrals, &self.outcomes)
    }
}

/// The raw counts of a period (for the public release, which adds noise before suppressing).
pub(crate) async fn counted(app: &App, period: Period) -> Result<Vec<Counts>, String> {
    let span = span_ms(period);
    Ok(Facts::read(app, span).await?.count(span))
}

/// A table as published, in `lang`. Without `marks` every hidden figure is "–", whether it
/// is small or hides another (for quarters and years, see [`published`]).
pub(crate) fn table(lang: Lang, c: &Counts, p: &Published, threshold: u64, marks: bool, note: Option<String>) -> Table {
    let shown = |cell: &Cell| match cell {
        Cell::Hidden { .. } if !marks => Shown::Hidden,
        _ => Shown::from_cell(*cell, threshold),
    };
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

#[derive(Serialize, utoipa::ToSchema)]
pub struct ServicesRow {
    pub(crate) municipality: String,
    pub(crate) county: String,
    /// Kind → count of in-person services located there.
    pub(crate) counts: BTreeMap<String, u64>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CoverageRow {
    pub(crate) kind: String,
    /// Municipalities whose nearest in-person service of this kind is over 30 km away or missing.
    pub(crate) municipalities_without: u64,
    pub(crate) municipalities: u64,
}

pub(crate) const COVERAGE_KINDS: [ServiceKind; 4] =
    [ServiceKind::Psychological, ServiceKind::Social, ServiceKind::Legal, ServiceKind::Medical];

pub(crate) fn services(app: &App) -> (Vec<ServicesRow>, Vec<CoverageRow>) {
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
