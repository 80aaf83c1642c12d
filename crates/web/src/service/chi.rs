//! The yearly export for Child Helpline International: counts of contacts by CHI category
//! and sub-category, by disposition, by age group and by gender, each by channel, with the
//! small-number suppression of the published statistics (`zeri_domain::statistics`).
//!
//! The tables share figures (data contacts per channel are the column totals of the
//! category, age and gender tables and the "data" row of the disposition table), so a
//! figure one table hides is hidden in every other one too, until nothing changes: no
//! hidden count can be worked out from another table. Main categories are a label of each
//! sub-category row, never a table of their own (a sum of hidden sub-categories would
//! give them away).

use crate::service::case::Fail;
use crate::App;
use zeri_domain::chi::{Channel, Disposition, Gender, Sub};
use zeri_domain::report::AgeBand;
use zeri_domain::statistics::{suppress_with, Cell, Period, Published};
use zeri_domain::{authorize, Action, Relation, Role};
use zeri_storage::{ContactRecordRow, StaffRow};

/// One published table: row labels (with the CHI main category for sub-categories), and
/// the counts by channel.
pub struct ChiTable {
    pub name: &'static str,
    /// (main category, row)
    pub rows: Vec<(String, String)>,
    pub published: Published,
}

const CHANNELS: [Channel; 2] = [Channel::Chat, Channel::Phone];

fn counts<T: PartialEq + Copy>(
    records: &[&ContactRecordRow],
    rows: &[T],
    key: impl Fn(&ContactRecordRow) -> Option<T>,
) -> Vec<Vec<u64>> {
    rows.iter()
        .map(|r| {
            CHANNELS
                .iter()
                .map(|c| records.iter().filter(|x| x.channel == c.as_str() && key(x) == Some(*r)).count() as u64)
                .collect()
        })
        .collect()
}

/// The four tables of a set of records, suppressed with `threshold`.
pub fn tables(records: &[ContactRecordRow], threshold: u64) -> Vec<ChiTable> {
    let all: Vec<&ContactRecordRow> = records.iter().collect();
    let data: Vec<&ContactRecordRow> = records.iter().filter(|r| r.disposition == "data").collect();
    let subs = Sub::ALL;
    let grids = [
        counts(&data, subs, |r| r.chi_sub.as_deref().and_then(Sub::parse)),
        counts(&all, Disposition::ALL, |r| Disposition::parse(&r.disposition)),
        counts(&data, AgeBand::ALL, |r| AgeBand::parse(&r.age_band)),
        counts(&data, Gender::ALL, |r| Gender::parse(&r.gender)),
    ];
    let c = CHANNELS.len();
    let data_row = Disposition::ALL.iter().position(|d| *d == Disposition::Data).unwrap_or(0);
    // Where each table holds the shared figures (data contacts by channel, and in all).
    let shared = |t: usize, j: usize| -> (usize, usize) {
        if t == 1 {
            (data_row, j)
        } else {
            (grids[t].len(), j)
        }
    };
    let mut hidden_shared = vec![false; c + 1];
    let published = loop {
        let published: Vec<Published> = grids
            .iter()
            .enumerate()
            .map(|(t, g)| {
                let forced: Vec<(usize, usize)> = (0..=c).filter(|j| hidden_shared[*j]).map(|j| shared(t, j)).collect();
                suppress_with(g, threshold, &forced)
            })
            .collect();
        let now: Vec<bool> = (0..=c)
            .map(|j| {
                published
                    .iter()
                    .enumerate()
                    .any(|(t, p)| matches!(p.at(shared(t, j).0, shared(t, j).1), Cell::Hidden { .. }))
            })
            .collect();
        if now == hidden_shared {
            break published;
        }
        hidden_shared = now;
    };
    let mut p = published.into_iter();
    let mut next = || p.next().expect("four tables");
    vec![
        ChiTable {
            name: "category",
            rows: subs.iter().map(|s| (s.main().as_str().to_owned(), s.as_str().to_owned())).collect(),
            published: next(),
        },
        ChiTable {
            name: "disposition",
            rows: Disposition::ALL.iter().map(|d| (String::new(), d.as_str().to_owned())).collect(),
            published: next(),
        },
        ChiTable {
            name: "age_group",
            rows: AgeBand::ALL.iter().map(|a| (String::new(), a.as_str().to_owned())).collect(),
            published: next(),
        },
        ChiTable {
            name: "gender",
            rows: Gender::ALL.iter().map(|g| (String::new(), g.as_str().to_owned())).collect(),
            published: next(),
        },
    ]
}

fn cell(c: Cell) -> String {
    match c {
        Cell::Shown(n) => n.to_string(),
        Cell::Hidden { primary: true } => "<5".into(),
        Cell::Hidden { primary: false } => "–".into(),
    }
}

/// The CSV: `year,table,main_category,row,chat,phone,total`, one line per row, then the
/// table's totals (row `total`).
pub fn csv(year: i32, tables: &[ChiTable]) -> String {
    let mut out = String::from("year,table,main_category,row,chat,phone,total\n");
    for t in tables {
        let p = &t.published;
        let c = p.column_totals.len();
        for (i, (main, row)) in t.rows.iter().enumerate() {
            let cells: Vec<String> = (0..=c).map(|j| cell(p.at(i, j))).collect();
            out.push_str(&format!("{year},{},{main},{row},{}\n", t.name, cells.join(",")));
        }
        let totals: Vec<String> = (0..=c).map(|j| cell(p.at(t.rows.len(), j))).collect();
        out.push_str(&format!("{year},{},,total,{}\n", t.name, totals.join(",")));
    }
    out
}

/// The export of an ended year: a supervisor gets their organisation's contacts; a
/// statistician or an administrator every organisation's.
pub async fn export(app: &App, user: &StaffRow, year: &str, today: i64) -> Result<String, Fail> {
    let org = if user.role == Role::Supervisor {
        if !authorize(user.role, Relation::None, false, Action::ViewTeamFigures).allowed() {
            return Err(Fail::Forbidden);
        }
        Some(user.org_id.clone().ok_or(Fail::Forbidden)?)
    } else if authorize(user.role, Relation::None, false, Action::ViewStatistics).allowed() {
        None
    } else {
        return Err(Fail::Forbidden);
    };
    let period = match Period::parse(year.trim()) {
        Ok(p @ Period::Year(_)) if p.ended(today) => p,
        _ => return Err(crate::service::case::invalid("year", "sup-year-not-ended")),
    };
    let (from, to) = period.days();
    let records = app.store.contact_records(org.as_deref(), from * 86_400_000, to * 86_400_000).await?;
    let threshold = zeri_domain::statistics::MIN_THRESHOLD;
    let e = crate::service::contacts::staff_event(user, "chi-export");
    app.store.record_event(&e).await?;
    Ok(csv(period.year(), &tables(&records, threshold)))
}
