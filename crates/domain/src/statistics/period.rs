//! The periods statistics are published for: calendar months, quarters and years (UTC), and
//! no other span of days.
//!
//! A free day range lets a reader subtract the figures of `[a, b)` from those of
//! `[a, b + 1)` and read the reports of one day, one report at a time: suppression protects
//! each table, never the difference of two. Fixed periods have no such neighbours. They
//! still nest (a quarter is three months, a year twelve), so a quarter or a year shows a
//! figure only where each of its months shows it (the web crate's statistics service does
//! this): everything published is then a month's own figure or a sum of shown ones, and
//! months do not overlap.
//!
//! Only periods that have ended are published. The month (or quarter, or year) so far is a
//! period that grows by a day at a time, which is the very difference this removes; it is
//! refused like any malformed period. Without a period the last full month is published.

use std::fmt;

/// The first and last years a period may lie in.
pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2099;

/// A calendar month, quarter or year, written `2026-11`, `2026-Q4` or `2026`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    Month { year: i32, month: u8 },
    Quarter { year: i32, quarter: u8 },
    Year(i32),
}

/// Why a period is refused. [`PeriodError::code`] is the key of the message shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodError {
    /// Not written as a month, a quarter or a year (in [`YEARS`]).
    Invalid,
    /// A period that has not ended yet (the current one or a later one).
    NotEnded,
}

impl PeriodError {
    pub fn code(self) -> &'static str {
        match self {
            PeriodError::Invalid => "invalid-period",
            PeriodError::NotEnded => "period-not-ended",
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Month { year, month } => write!(f, "{year:04}-{month:02}"),
            Period::Quarter { year, quarter } => write!(f, "{year:04}-Q{quarter}"),
            Period::Year(year) => write!(f, "{year:04}"),
        }
    }
}

impl Period {
    /// Parses exactly one of the three forms (no day, no range, no other spelling), so that
    /// each period has one name.
    pub fn parse(s: &str) -> Result<Self, PeriodError> {
        let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
        let year = |t: &str| -> Result<i32, PeriodError> {
            let y: i32 = (t.len() == 4 && digits(t)).then(|| t.parse().ok()).flatten().ok_or(PeriodError::Invalid)?;
            YEARS.contains(&y).then_some(y).ok_or(PeriodError::Invalid)
        };
        match s.split_once('-') {
            None => Ok(Period::Year(year(s)?)),
            Some((y, q)) if q.len() == 2 && q.starts_with('Q') => {
                let quarter = q[1..].parse::<u8>().ok().filter(|q| (1..=4).contains(q)).ok_or(PeriodError::Invalid)?;
                Ok(Period::Quarter { year: year(y)?, quarter })
            }
            Some((y, m)) if m.len() == 2 && digits(m) => {
                let month = m.parse::<u8>().ok().filter(|m| (1..=12).contains(m)).ok_or(PeriodError::Invalid)?;
                Ok(Period::Month { year: year(y)?, month })
            }
            Some(_) => Err(PeriodError::Invalid),
        }
    }

    /// The period to publish for a request: `asked` (empty means not given) or else the
    /// last full month, refused unless it has ended by `today` (days since 1970-01-01).
    pub fn published(asked: Option<&str>, today: i64) -> Result<Self, PeriodError> {
        let period = match asked.map(str::trim).filter(|s| !s.is_empty()) {
            Some(s) => Period::parse(s)?,
            None => Period::last_full_month(today),
        };
        if period.ended(today) {
            Ok(period)
        } else {
            Err(PeriodError::NotEnded)
        }
    }

    /// The month before the one containing `today`.
    pub fn last_full_month(today: i64) -> Self {
        let n = month_number_of(today) - 1;
        Period::Month { year: n.div_euclid(12), month: (n.rem_euclid(12) + 1) as u8 }
    }

    pub fn year(self) -> i32 {
        match self {
            Period::Month { year, .. } | Period::Quarter { year, .. } | Period::Year(year) => year,
        }
    }

    /// Months counted from year 0 (`year × 12 + month − 1`): the first and last of the period.
    pub fn month_numbers(self) -> std::ops::RangeInclusive<i32> {
        let (first, len) = match self {
            Period::Month { year, month } => (year * 12 + i32::from(month) - 1, 1),
            Period::Quarter { year, quarter } => (year * 12 + 3 * (i32::from(quarter) - 1), 3),
            Period::Year(year) => (year * 12, 12),
        };
        first..=first + len - 1
    }

    /// The months the period is made of, in order (a month: itself).
    pub fn months(self) -> Vec<Period> {
        self.month_numbers()
            .map(|n| Period::Month { year: n.div_euclid(12), month: (n.rem_euclid(12) + 1) as u8 })
            .collect()
    }

    /// `[first day, day after the last)`, in days since 1970-01-01 (UTC).
    pub fn days(self) -> (i64, i64) {
        let r = self.month_numbers();
        (first_day_of_month(*r.start()), first_day_of_month(*r.end() + 1))
    }

    /// Whether the period is over on `today` (days since 1970-01-01).
    pub fn ended(self, today: i64) -> bool {
        self.days().1 <= today
    }

    /// The periods offered for choice on `today`, newest first: the last 24 full months,
    /// the last 8 full quarters and the last 5 full years (none before [`YEARS`]).
    pub fn recent(today: i64) -> Vec<Period> {
        let this_month = month_number_of(today);
        let in_range = |p: &Period| YEARS.contains(&p.year());
        let months = (1..=24)
            .map(|k| this_month - k)
            .map(|n| Period::Month { year: n.div_euclid(12), month: (n.rem_euclid(12) + 1) as u8 });
        let this_quarter = this_month.div_euclid(3);
        let quarters = (1..=8)
            .map(|k| this_quarter - k)
            .map(|q| Period::Quarter { year: q.div_euclid(4), quarter: (q.rem_euclid(4) + 1) as u8 });
        let this_year = this_month.div_euclid(12);
        let years = (1..=5).map(|k| Period::Year(this_year - k));
        months.chain(quarters).chain(years).filter(in_range).collect()
    }
}

/// The month number (as in [`Period::month_numbers`]) of a day since 1970-01-01.
fn month_number_of(day: i64) -> i32 {
    let (y, m) = year_month(day);
    (y * 12 + m - 1) as i32
}

fn first_day_of_month(n: i32) -> i64 {
    crate::casework::days_from_civil(i64::from(n.div_euclid(12)), (n.rem_euclid(12) + 1) as u32, 1)
}

/// Howard Hinnant's `civil_from_days`, year and month only.
fn year_month(day: i64) -> (i64, i64) {
    let z = day + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::casework::days_from_civil;

    #[test]
    fn the_three_forms_and_nothing_else() {
        assert_eq!(Period::parse("2026-11"), Ok(Period::Month { year: 2026, month: 11 }));
        assert_eq!(Period::parse("2026-Q4"), Ok(Period::Quarter { year: 2026, quarter: 4 }));
        assert_eq!(Period::parse("2026"), Ok(Period::Year(2026)));
        for bad in [
            "",
            "2026-11-01",
            "2026-11-02/2026-11-03",
            "2026-1",
            "2026-13",
            "2026-00",
            "2026-Q0",
            "2026-Q5",
            "2026-q4",
            "2026-H1",
            "26",
            "1999",
            "2100",
            "+2026",
            "2026-+1",
            "２０２６",
            "2026-Q",
            "2026-",
            "-2026",
            "2026 ",
        ] {
            assert_eq!(Period::parse(bad), Err(PeriodError::Invalid), "{bad:?}");
        }
        for p in ["2026-01", "2026-Q1", "2026", "2000-12"] {
            assert_eq!(Period::parse(p).unwrap().to_string(), p, "one name per period");
        }
    }

    #[test]
    fn days_and_months() {
        let d = |y, m, day| days_from_civil(y, m, day);
        assert_eq!(Period::parse("2024-02").unwrap().days(), (d(2024, 2, 1), d(2024, 3, 1)));
        assert_eq!(Period::parse("2026-Q4").unwrap().days(), (d(2026, 10, 1), d(2027, 1, 1)));
        assert_eq!(Period::parse("2026").unwrap().days(), (d(2026, 1, 1), d(2027, 1, 1)));
        let q = Period::parse("2026-Q2").unwrap();
        assert_eq!(q.months().iter().map(ToString::to_string).collect::<Vec<_>>(), ["2026-04", "2026-05", "2026-06"]);
        assert_eq!(Period::Year(2026).months().len(), 12);
        assert_eq!(Period::Year(2026).month_numbers(), 2026 * 12..=2026 * 12 + 11);
    }

    #[test]
    fn only_ended_periods_are_published() {
        let today = days_from_civil(2026, 11, 15);
        let published = |s: &str| Period::published(Some(s), today);
        assert_eq!(published("2026-10"), Ok(Period::Month { year: 2026, month: 10 }));
        assert_eq!(published("2026-Q3"), Ok(Period::Quarter { year: 2026, quarter: 3 }));
        assert_eq!(published("2025"), Ok(Period::Year(2025)));
        for not_yet in ["2026-11", "2026-12", "2026-Q4", "2026", "2027"] {
            assert_eq!(published(not_yet), Err(PeriodError::NotEnded), "{not_yet}");
        }
        // The default: the last full month, also across a new year.
        assert_eq!(Period::published(None, today), Ok(Period::Month { year: 2026, month: 10 }));
        assert_eq!(Period::published(Some(" "), today), Ok(Period::Month { year: 2026, month: 10 }));
        let new_year = days_from_civil(2027, 1, 1);
        assert_eq!(Period::published(None, new_year), Ok(Period::Month { year: 2026, month: 12 }));
        // A period ends at midnight UTC of its last day.
        assert_eq!(Period::published(Some("2026"), new_year), Ok(Period::Year(2026)));
        assert_eq!(Period::published(Some("2026-12"), new_year - 1), Err(PeriodError::NotEnded));
        assert_eq!(Period::published(Some("2026-1"), today), Err(PeriodError::Invalid));
    }

    #[test]
    fn the_choice_offered_has_ended() {
        let today = days_from_civil(2026, 2, 3);
        let recent = Period::recent(today);
        assert_eq!(recent.len(), 24 + 8 + 5);
        assert!(recent.iter().all(|p| p.ended(today)));
        assert_eq!(recent[0], Period::Month { year: 2026, month: 1 });
        assert!(recent.contains(&Period::Quarter { year: 2025, quarter: 4 }));
        assert!(!recent.contains(&Period::Quarter { year: 2026, quarter: 1 }));
        assert_eq!(recent.last(), Some(&Period::Year(2021)));
        assert!(Period::recent(days_from_civil(2000, 3, 1)).iter().all(|p| p.year() == 2000));
    }

    #[test]
    fn months_of_days() {
        for (y, m, d) in [(1970, 1, 1), (2024, 2, 29), (2024, 3, 1), (2026, 12, 31), (2027, 1, 1)] {
            assert_eq!(year_month(days_from_civil(y, m, d)), (y, i64::from(m)), "{y}-{m}-{d}");
        }
    }
}
