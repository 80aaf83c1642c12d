//! The privacy budget of the public (differentially private) releases.
//!
//! Each release of a period spends its ε on every month of that period: a month's reports
//! are in the month's release, its quarter's and its year's, and the privacy loss of a
//! child reported that month is the sum (sequential composition). Disjoint months do not
//! add up (parallel composition). So the budget is kept per month: a release is made only
//! if no month it covers would carry more than [`BUDGET_MILLI`] in all. A release asked for
//! again (same period, same ε) is the one already made, with the same noise: it spends
//! nothing, and averaging repeated requests learns nothing.
//!
//! ε is counted in thousandths, so that two requests for the same ε compare equal.

use std::ops::RangeInclusive;

/// The total ε a month may carry over all releases that cover it (1.0).
pub const BUDGET_MILLI: i64 = 1000;

/// The smallest ε one release may spend (0.1): below it the noise drowns every figure.
pub const MIN_EPSILON_MILLI: i64 = 100;

/// ε as asked (a decimal) → thousandths, if between [`MIN_EPSILON_MILLI`] and the whole
/// budget.
pub fn epsilon_milli(epsilon: f64) -> Option<i64> {
    let milli = (epsilon * 1000.0).round();
    (milli.is_finite() && (MIN_EPSILON_MILLI as f64..=BUDGET_MILLI as f64).contains(&milli)).then_some(milli as i64)
}

/// The budget already spent on the most-spent month of `months`, given the releases made
/// (each as its months and its ε in thousandths).
pub fn spent_milli(releases: &[(RangeInclusive<i32>, i64)], months: RangeInclusive<i32>) -> i64 {
    months.map(|m| releases.iter().filter(|(r, _)| r.contains(&m)).map(|(_, e)| e).sum::<i64>()).max().unwrap_or(0)
}

/// Whether a new release of `epsilon` over `months` fits in what is left.
pub fn fits(releases: &[(RangeInclusive<i32>, i64)], months: RangeInclusive<i32>, epsilon: i64) -> bool {
    spent_milli(releases, months) + epsilon <= BUDGET_MILLI
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epsilon_is_counted_in_thousandths_within_the_budget() {
        assert_eq!(epsilon_milli(0.5), Some(500));
        assert_eq!(epsilon_milli(0.1), Some(100));
        assert_eq!(epsilon_milli(1.0), Some(1000));
        assert_eq!(epsilon_milli(0.3333), Some(333));
        for bad in [0.0, 0.09, 1.01, 2.0, -1.0, f64::NAN, f64::INFINITY] {
            assert_eq!(epsilon_milli(bad), None, "{bad}");
        }
    }

    #[test]
    fn nested_periods_spend_on_each_month_and_disjoint_ones_do_not_add_up() {
        // Months numbered 0..12 for one year; quarter 4 is 9..=11.
        let year = 0..=11;
        let q4 = 9..=11;
        let november = 10..=10;
        let none: Vec<(RangeInclusive<i32>, i64)> = Vec::new();
        assert_eq!(spent_milli(&none, year.clone()), 0);
        let made = vec![(november.clone(), 400), (0..=0, 700)];
        assert_eq!(spent_milli(&made, q4.clone()), 400);
        assert_eq!(spent_milli(&made, year.clone()), 700, "the most-spent month counts");
        assert!(fits(&made, q4.clone(), 600));
        assert!(!fits(&made, q4.clone(), 700));
        assert!(fits(&made, 1..=1, 1000), "another month has its own budget");
        assert!(!fits(&made, year, 400), "January carries 700 already");
    }
}
