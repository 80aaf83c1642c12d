//! How long a case's personal data is kept, per stage.
//!
//! A rule `closed=365` erases the personal data of a case that has been closed for 365
//! days: its data key is destroyed, so everything sealed under it (the report, messages,
//! notes, evidence files, testimony) can never be read again, from the database or any
//! backup. What statistics count (dates, stage, category, age band, municipality) stays.
//! No rule, no erasure: retention periods are a legal decision of the organisation running
//! Zëri, so there is no default.

use std::fmt;
use std::str::FromStr;

use crate::Stage;

pub const DAY_MS: i64 = 86_400_000;
/// The longest period a rule may name (100 years); anything longer is a typo.
const MAX_DAYS: u32 = 36_500;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub stage: Stage,
    pub days: u32,
}

impl Rule {
    /// Cases that entered the stage before this moment are due.
    pub fn cutoff(&self, now_ms: i64) -> i64 {
        now_ms - i64::from(self.days) * DAY_MS
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}", self.stage.as_str(), self.days)
    }
}

impl FromStr for Rule {
    type Err = String;

    /// `STAGE=DAYS`, e.g. `closed=365` (a trailing `d` is allowed: `closed=365d`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (stage, days) = s.trim().split_once('=').ok_or_else(|| format!("expected STAGE=DAYS, got {s:?}"))?;
        let stage = Stage::parse(stage.trim()).ok_or_else(|| {
            let names: Vec<&str> = Stage::ALL.iter().map(|s| s.as_str()).collect();
            format!("unknown stage {stage:?}; one of {}", names.join(", "))
        })?;
        let days: u32 = days
            .trim()
            .trim_end_matches('d')
            .parse()
            .map_err(|_| format!("the number of days in {s:?} is not a whole number"))?;
        if !(1..=MAX_DAYS).contains(&days) {
            return Err(format!("the number of days must be between 1 and {MAX_DAYS}"));
        }
        Ok(Rule { stage, days })
    }
}

/// Checks a set of rules: at most one per stage.
pub fn check(rules: &[Rule]) -> Result<(), String> {
    for (i, r) in rules.iter().enumerate() {
        if rules[..i].iter().any(|o| o.stage == r.stage) {
            return Err(format!("two retention rules for the stage {}", r.stage.as_str()));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_parse_and_print() {
        let r: Rule = "closed=365".parse().unwrap();
        assert_eq!(r, Rule { stage: Stage::Closed, days: 365 });
        assert_eq!(" closed = 30d ".parse::<Rule>().unwrap().days, 30);
        assert_eq!(r.to_string(), "closed=365");
        assert_eq!(r.cutoff(400 * DAY_MS), 35 * DAY_MS);
        for bad in ["closed", "closed=", "closed=-1", "closed=0", "closed=1.5", "shut=30", "closed=99999999"] {
            assert!(bad.parse::<Rule>().is_err(), "{bad}");
        }
        assert!(check(&[r, "in_review=30".parse().unwrap()]).is_ok());
        assert!(check(&[r, "closed=10".parse().unwrap()]).is_err());
    }
}
