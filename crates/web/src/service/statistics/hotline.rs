//! The hotline's statistics: content items first reported in the period, by classification
//! and month, content, apparent age, site, what else it is, where it is hosted, and how
//! soon illegal material came down. Codes and times only (`storage::ItemFact`), published
//! through the same suppression as the reports' tables (small numbers, their complements,
//! shared totals; a quarter or a year hides whatever one of its months hides).
//!
//! Hosting countries and removal times fill in as the work after assessment records them;
//! until then items count as "not checked" and "not removed".

use super::{hidden_by_part, settle, span_ms, table, ymd, Counts, Place, Table, DAY};
use crate::parts::i18n::{label, Lang};
use crate::App;
use zeri_domain::hotline::{AgeGroup, ContentType, OtherHarm, SiteType, Verdict};
use zeri_domain::statistics::{Period, Published};
use zeri_storage::ItemFact;

/// The verdict columns, and the column of items not assessed yet.
const NOT_ASSESSED: &str = "not_assessed";
/// Rows of the hosting table for items whose host is not known yet.
const NOT_CHECKED: &str = "not_checked";
/// Removal columns: within 3 days of the first report, 4 to 7 days, later, not yet.
const REMOVAL: [&str; 4] = ["within_3_days", "within_7_days", "later", "not_removed"];
/// Notice columns: no notice to the host, a notice not answered, a notice answered.
const NOTICES: [&str; 3] = ["no_notice", "unanswered", "answered"];

fn codes<T: Copy>(all: &[T], f: fn(T) -> &'static str) -> Vec<String> {
    all.iter().map(|v| f(*v).to_owned()).collect()
}

fn months_of(span: (i64, i64)) -> Vec<String> {
    let mut months: Vec<String> = Vec::new();
    let mut day = span.0;
    while day < span.1 {
        let month = ymd(day)[..7].to_owned();
        if months.last() != Some(&month) {
            months.push(month);
        }
        day += DAY;
    }
    months
}

/// The tables' raw counts for the items of one span.
pub fn count(span: (i64, i64), items: &[ItemFact]) -> Vec<Counts> {
    let pos = |list: &[String], v: &str| list.iter().position(|x| x == v);
    let verdicts = codes(Verdict::ALL, Verdict::as_str);
    let illegal: Vec<String> =
        verdicts.iter().filter(|v| Verdict::parse(v).is_some_and(Verdict::illegal)).cloned().collect();
    let mut with_pending = verdicts.clone();
    with_pending.push(NOT_ASSESSED.into());
    let verdict_of = |i: &ItemFact| i.classification.map_or(NOT_ASSESSED, |c| c.verdict.as_str());

    let months = months_of(span);
    let mut by_month = vec![vec![0u64; with_pending.len()]; months.len()];
    let mut countries: Vec<String> = items.iter().filter_map(|i| i.hosting_country.clone()).collect();
    countries.sort();
    countries.dedup();
    countries.push(NOT_CHECKED.into());
    let mut by_country = vec![vec![0u64; with_pending.len()]; countries.len()];
    for i in items {
        let j = pos(&with_pending, verdict_of(i));
        if let (Some(m), Some(j)) = (pos(&months, &ymd(i.created_at)[..7]), j) {
            by_month[m][j] += 1;
        }
        let c = pos(&countries, i.hosting_country.as_deref().unwrap_or(NOT_CHECKED));
        if let (Some(c), Some(j)) = (c, j) {
            by_country[c][j] += 1;
        }
    }

    let contents = codes(ContentType::ALL, ContentType::as_str);
    let sites = codes(SiteType::ALL, SiteType::as_str);
    let ages = codes(AgeGroup::ALL, AgeGroup::as_str);
    let harms = codes(OtherHarm::ALL, OtherHarm::as_str);
    let mut by_content = vec![vec![0u64; verdicts.len()]; contents.len()];
    let mut by_site = vec![vec![0u64; verdicts.len()]; sites.len()];
    let mut by_age = vec![vec![0u64; illegal.len()]; ages.len()];
    let mut by_harm = vec![vec![0u64; 1]; harms.len()];
    let mut by_removal = vec![vec![0u64; REMOVAL.len()]; illegal.len()];
    let mut by_notice = vec![vec![0u64; NOTICES.len()]; illegal.len()];
    for c in items.iter().filter_map(|i| i.classification.map(|c| (i, c))) {
        let (item, c) = c;
        let v = c.verdict.as_str();
        if let (Some(r), Some(j)) = (pos(&contents, c.content_type.as_str()), pos(&verdicts, v)) {
            by_content[r][j] += 1;
        }
        if let (Some(r), Some(j)) = (pos(&sites, c.site_type.as_str()), pos(&verdicts, v)) {
            by_site[r][j] += 1;
        }
        if let (Some(a), Some(j)) = (c.age_group, pos(&illegal, v)) {
            if let Some(r) = pos(&ages, a.as_str()) {
                by_age[r][j] += 1;
            }
        }
        if let Some(r) = c.other_harm.and_then(|o| pos(&harms, o.as_str())) {
            by_harm[r][0] += 1;
        }
        if let Some(r) = pos(&illegal, v) {
            let days = item.removed_at.map(|at| (at - item.created_at).max(0) as f64 / DAY as f64);
            let k = match days {
                Some(d) if d <= 3.0 => 0,
                Some(d) if d <= 7.0 => 1,
                Some(_) => 2,
                None => 3,
            };
            by_removal[r][k] += 1;
            let n = match (item.noticed, item.answered) {
                (false, _) => 0,
                (true, false) => 1,
                (true, true) => 2,
            };
            by_notice[r][n] += 1;
        }
    }
    vec![
        Counts { id: "items-month-verdict", rows: months, columns: with_pending.clone(), counts: by_month },
        Counts { id: "items-content-verdict", rows: contents, columns: verdicts.clone(), counts: by_content },
        Counts { id: "items-age-verdict", rows: ages, columns: illegal.clone(), counts: by_age },
        Counts { id: "items-site-verdict", rows: sites, columns: verdicts, counts: by_site },
        Counts { id: "items-other-harm", rows: harms, columns: vec!["items".into()], counts: by_harm },
        Counts { id: "items-country-verdict", rows: countries, columns: with_pending, counts: by_country },
        Counts {
            id: "items-removal",
            rows: illegal.clone(),
            columns: REMOVAL.map(String::from).to_vec(),
            counts: by_removal,
        },
        Counts { id: "items-notices", rows: illegal, columns: NOTICES.map(String::from).to_vec(), counts: by_notice },
    ]
}

/// The figures the tables share, so that one hides what another hides: the verdict totals
/// (all items, the assessed ones, the illegal ones, those not illegal), by position in
/// each table's extended grid.
fn links(tables: &[Counts]) -> Vec<(Place, Place)> {
    let size = |k: usize| (tables[k].rows.len(), tables[k].columns.len());
    let (month, content, age, site, harm, country, removal, notices) = (0, 1, 2, 3, 4, 5, 6, 7);
    let mut out = Vec::new();
    let col_total = |k: usize, j: usize| (k, (size(k).0, j));
    // Every item, by verdict and in all.
    for j in 0..=size(month).1 {
        out.push((col_total(month, j), col_total(country, j)));
    }
    // The assessed ones, by verdict.
    for j in 0..size(content).1 {
        out.push((col_total(month, j), col_total(content, j)));
        out.push((col_total(content, j), col_total(site, j)));
    }
    out.push(((content, size(content)), (site, size(site))));
    // The illegal ones, by verdict: their age groups and their removal.
    for j in 0..size(age).1 {
        out.push((col_total(month, j), col_total(age, j)));
        out.push((col_total(month, j), (removal, (j, size(removal).1))));
        out.push((col_total(month, j), (notices, (j, size(notices).1))));
    }
    out.push(((age, size(age)), (removal, size(removal))));
    out.push(((removal, size(removal)), (notices, size(notices))));
    // Those not illegal: what else they are.
    out.push((col_total(month, size(content).1 - 1), (harm, size(harm))));
    out
}

fn publish_items(counts: &[Counts], threshold: u64, forced: Vec<Vec<(usize, usize)>>) -> Vec<Published> {
    settle(counts, threshold, forced, &links(counts))
}

/// The hotline's tables of a period, counted and suppressed, in `lang`. As for the reports'
/// tables, a quarter or a year hides every figure one of its months hides and marks what it
/// hides with "–" only.
pub async fn tables(app: &App, lang: Lang, period: Period, threshold: u64) -> Result<Vec<Table>, String> {
    let span = span_ms(period);
    let items = app.stats_store().item_facts(span.0, span.1).await.map_err(|e| e.to_string())?;
    let counts = count(span, &items);
    let mut forced = vec![Vec::new(); counts.len()];
    let whole = !matches!(period, Period::Month { .. });
    if whole {
        for month in period.months() {
            let m = span_ms(month);
            let part: Vec<ItemFact> = items.iter().filter(|i| (m.0..m.1).contains(&i.created_at)).cloned().collect();
            let part_counts = count(m, &part);
            let part_published = publish_items(&part_counts, threshold, vec![Vec::new(); part_counts.len()]);
            for (k, (c, p)) in part_counts.iter().zip(&part_published).enumerate() {
                forced[k].extend(hidden_by_part(&counts[k], c, p));
            }
        }
    }
    let published = publish_items(&counts, threshold, forced);
    Ok(counts
        .iter()
        .zip(&published)
        .map(|(c, p)| {
            let mut t = table(lang, c, p, threshold, !whole, removal_note(lang, c, p));
            t.rows = c.rows.iter().map(|r| row_label(lang, c.id, r)).collect();
            t.columns = c.columns.iter().map(|r| column_label(lang, c.id, r)).collect();
            t
        })
        .collect())
}

/// The share of illegal items removed within 3 and within 7 days, from shown figures only
/// (nothing hidden is worked back from it).
fn removal_note(lang: Lang, c: &Counts, p: &Published) -> Option<String> {
    if c.id != "items-removal" {
        return None;
    }
    let shown = |cell: zeri_domain::statistics::Cell| match cell {
        zeri_domain::statistics::Cell::Shown(n) => Some(n),
        _ => None,
    };
    let all = shown(p.total)?;
    let three = shown(p.column_totals[0])?;
    let seven = three + shown(p.column_totals[1])?;
    if all == 0 {
        return None;
    }
    let pct = |n: u64| ((n as f64) * 100.0 / all as f64).round() as i64;
    Some(lang.t_args("stats-items-removed-share", &[("three", pct(three).into()), ("seven", pct(seven).into())]))
}

fn row_label(lang: Lang, table: &str, code: &str) -> String {
    match (table, code) {
        ("items-month-verdict", _) => code.to_owned(),
        ("items-content-verdict", _) => label(lang, "content-type", code),
        ("items-age-verdict", _) => label(lang, "age-group", code),
        ("items-site-verdict", _) => label(lang, "site-type", code),
        ("items-other-harm", _) => label(lang, "other-harm", code),
        ("items-country-verdict", NOT_CHECKED) => lang.t("stats-items-not-checked"),
        ("items-country-verdict", _) => code.to_owned(),
        ("items-removal" | "items-notices", _) => label(lang, "verdict", code),
        _ => code.to_owned(),
    }
}

fn column_label(lang: Lang, table: &str, code: &str) -> String {
    match (table, code) {
        (_, NOT_ASSESSED) => lang.t("stats-items-not-assessed"),
        ("items-other-harm", _) => lang.t("stats-items"),
        ("items-removal", _) => label(lang, "stats-removal", code),
        ("items-notices", _) => label(lang, "notice-stats", code),
        _ => label(lang, "verdict", code),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use zeri_domain::hotline::{Classification, ItemState};

    fn fact(day: i64, verdict: Option<Verdict>, country: Option<&str>, removed_after_days: Option<i64>) -> ItemFact {
        ItemFact {
            created_at: day * DAY + 3_600_000,
            state: if verdict.is_some() { ItemState::Assessed } else { ItemState::New },
            classification: verdict.map(|verdict| Classification {
                verdict,
                content_type: ContentType::Image,
                age_group: verdict.illegal().then_some(AgeGroup::Pubescent),
                site_type: SiteType::Forum,
                other_harm: (!verdict.illegal()).then_some(OtherHarm::Bullying),
            }),
            hosting_country: country.map(String::from),
            removed_at: removed_after_days.map(|d| day * DAY + 3_600_000 + d * DAY),
            noticed: removed_after_days.is_some(),
            answered: removed_after_days.is_some_and(|d| d < 3),
        }
    }

    /// Every table counts what it should, the tables that share a total agree, and each
    /// removal bucket takes the items it names.
    #[test]
    fn items_are_counted_by_classification_country_and_removal() {
        let span = (20_000 * DAY, 20_030 * DAY);
        let mut items = Vec::new();
        for k in 0..12 {
            items.push(fact(20_000 + k, Some(Verdict::Baseline), Some("AL"), Some(k % 10)));
        }
        items.push(fact(20_001, Some(Verdict::NotIllegal), None, None));
        items.push(fact(20_002, None, Some("DE"), None));
        let c = count(span, &items);
        let get = |id: &str| c.iter().find(|t| t.id == id).unwrap();
        let total = |t: &Counts| t.counts.iter().flatten().sum::<u64>();
        assert_eq!(total(get("items-month-verdict")), 14);
        assert_eq!(total(get("items-country-verdict")), 14);
        assert_eq!(get("items-country-verdict").rows, ["AL", "DE", NOT_CHECKED]);
        assert_eq!(get("items-country-verdict").counts[0][0], 12, "twelve baseline items hosted in Albania");
        assert_eq!(total(get("items-content-verdict")), 13, "assessed only");
        assert_eq!(total(get("items-age-verdict")), 12, "illegal only");
        assert_eq!(total(get("items-other-harm")), 1);
        // Removed after 0..9 days (k % 10): 0–3 days four of each ten, 4–7 four, later two.
        let removal = &get("items-removal").counts[0];
        assert_eq!(removal, &vec![6, 4, 2, 0], "0,1,2,3,0,1 | 4,5,6,7 | 8,9");
        // Every removed one had a notice; those removed within 3 days (0,1,2,0,1) answered it.
        assert_eq!(&get("items-notices").counts[0], &vec![0, 7, 5]);
        let published = publish_items(&c, 5, vec![Vec::new(); c.len()]);
        for (a, b) in links(&c) {
            let at = |(k, (i, j)): Place| published[k].at(i, j);
            let hidden = |cell| matches!(cell, zeri_domain::statistics::Cell::Hidden { .. });
            assert_eq!(hidden(at(a)), hidden(at(b)), "{a:?} and {b:?} hold the same figure");
        }
    }
}
