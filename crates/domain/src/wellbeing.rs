//! Protecting the people who look at abuse material: how exposure is counted from openings,
//! the daily limit, breaks, and the numbers a weekly summary shows.
//!
//! **How exposure is counted.** Each opening of material (an evidence image, video or file)
//! counts from the moment it is opened until the first of: the staff member's next opening,
//! the moment they leave the page showing it (the "done" button, or the page's script when
//! the page is closed or left), or the opening's cap: [`Material::cap_seconds`], 10 minutes
//! for an image or a file, 30 for a video. Until one of those happens the opening counts the
//! time elapsed so far, never more than the cap; so an opening nobody closes counts its whole
//! cap: when we cannot know, we count more rather than less. Openings count on the day they
//! start, in Tirana time.
//!
//! **The daily limit.** An opening is refused once the day's exposure has reached the limit
//! (default five hours, as the IWF's analysts have); the opening that crosses it is allowed
//! to finish. **Breaks.** Once the exposure since the day began, or since the last confirmed
//! break, reaches the break interval (default an hour), the next opening first asks for a
//! break; the staff member confirms to continue and the confirmation is recorded as a break.

use crate::hours::tirana_offset_hours;
use crate::{FieldError, FieldErrors};

pub const DAY_MS: i64 = 86_400_000;
const HOUR_MS: i64 = 3_600_000;

/// The daily limit unless the administrator sets another: five hours.
pub const DEFAULT_DAILY_LIMIT_MINUTES: i64 = 5 * 60;
/// A break is asked for after this much exposure unless the administrator sets another.
pub const DEFAULT_BREAK_AFTER_MINUTES: i64 = 60;
/// The bounds an administrator may set (minutes).
pub const DAILY_LIMIT_RANGE: (i64, i64) = (5, 12 * 60);
pub const BREAK_AFTER_RANGE: (i64, i64) = (5, 4 * 60);

/// What was opened, as far as exposure is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Material {
    Image,
    Video,
    /// A document, text or archive: downloaded, looked at outside the page.
    Other,
}

impl Material {
    pub const ALL: [Material; 3] = [Material::Image, Material::Video, Material::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            Material::Image => "image",
            Material::Video => "video",
            Material::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == s)
    }

    /// The material of an evidence file of this kind (`image`, `video`, `document`, …).
    pub fn of_evidence(kind: &str) -> Self {
        match kind {
            "image" => Material::Image,
            "video" => Material::Video,
            _ => Material::Other,
        }
    }

    /// The most one opening counts: a video may be watched for longer than an image is looked at.
    pub fn cap_seconds(self) -> i64 {
        match self {
            Material::Video => 30 * 60,
            Material::Image | Material::Other => 10 * 60,
        }
    }
}

/// An entry of a staff member's exposure record: an opening, or a confirmed break.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    Opening(Material),
    Break,
}

impl EntryKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Opening(m) => m.as_str(),
            EntryKind::Break => "break",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        if s == "break" {
            Some(EntryKind::Break)
        } else {
            Material::parse(s).map(EntryKind::Opening)
        }
    }
}

/// One entry as stored: when, what, and the seconds it counts. While an opening is still open
/// (`ended_at` is `None`) `counted_s` is its cap, the most it may count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub at: i64,
    pub kind: EntryKind,
    pub counted_s: i64,
    pub ended_at: Option<i64>,
}

impl Entry {
    /// A new opening at `at`: open, counting at most its cap.
    pub fn opening(at: i64, material: Material) -> Self {
        Entry { at, kind: EntryKind::Opening(material), counted_s: material.cap_seconds(), ended_at: None }
    }

    /// A confirmed break at `at`.
    pub fn confirmed_break(at: i64) -> Self {
        Entry { at, kind: EntryKind::Break, counted_s: 0, ended_at: Some(at) }
    }

    /// The seconds this entry counts at `now`: a closed opening what it was closed with, an
    /// open one the time since it began, at most its cap; a break nothing.
    pub fn counted(&self, now: i64) -> i64 {
        match (self.kind, self.ended_at) {
            (EntryKind::Break, _) => 0,
            (EntryKind::Opening(_), Some(_)) => self.counted_s,
            (EntryKind::Opening(_), None) => closed_at(self.at, self.counted_s, now),
        }
    }
}

/// The seconds an opening begun at `at` with cap `cap_s` counts when closed at `now` (the same
/// rule the store applies when it closes open openings).
pub fn closed_at(at: i64, cap_s: i64, now: i64) -> i64 {
    ((now - at) / 1000).clamp(0, cap_s)
}

/// What the administrator sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub daily_limit_minutes: i64,
    pub break_after_minutes: i64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { daily_limit_minutes: DEFAULT_DAILY_LIMIT_MINUTES, break_after_minutes: DEFAULT_BREAK_AFTER_MINUTES }
    }
}

/// The limits from a form or a JSON body: whole minutes within the ranges.
pub fn validate_limits(daily: Option<&str>, break_after: Option<&str>) -> Result<Limits, FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut minutes = |field: &'static str, value: Option<&str>, (lo, hi): (i64, i64), code: &'static str| match value
        .map(str::trim)
        .filter(|v| !v.is_empty())
    {
        None => {
            errors.insert(field, FieldError::new("required"));
            0
        }
        Some(v) => match v.parse::<i64>() {
            Ok(n) if (lo..=hi).contains(&n) => n,
            _ => {
                errors.insert(field, FieldError::new(code));
                0
            }
        },
    };
    let limits = Limits {
        daily_limit_minutes: minutes("daily_limit_minutes", daily, DAILY_LIMIT_RANGE, "daily-limit-range"),
        break_after_minutes: minutes("break_after_minutes", break_after, BREAK_AFTER_RANGE, "break-after-range"),
    };
    if errors.is_empty() {
        Ok(limits)
    } else {
        Err(errors)
    }
}

// ----- days in Tirana time -----

/// The day (since 1970-01-01, Tirana time) that `ms` falls on.
pub fn tirana_day(ms: i64) -> i64 {
    (ms + tirana_offset_hours(ms) * HOUR_MS).div_euclid(DAY_MS)
}

/// When a Tirana day begins (its 00:00 local time), in UTC milliseconds. Summer time changes
/// at 02:00 or 03:00 local time, so midnight is never skipped nor repeated.
pub fn day_start(day: i64) -> i64 {
    let naive = day * DAY_MS;
    [1, 2]
        .into_iter()
        .map(|o| naive - o * HOUR_MS)
        .find(|&utc| tirana_offset_hours(utc) * HOUR_MS == naive - utc)
        .unwrap_or(naive - HOUR_MS)
}

/// The Monday of the week `day` is in.
pub fn week_start(day: i64) -> i64 {
    // 1970-01-01 was a Thursday: three days after a Monday.
    day - (day + 3).rem_euclid(7)
}

/// A day as `YYYY-MM-DD`.
pub fn day_date(day: i64) -> String {
    // The Julian day of 1970-01-01 is 2,440,588.
    match time::Date::from_julian_day((day + 2_440_588) as i32) {
        Ok(d) => format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day()),
        Err(_) => String::new(),
    }
}

// ----- today, the decision, the summary -----

/// A staff member's exposure on the day of `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Today {
    pub exposed_s: i64,
    pub openings: i64,
    pub breaks: i64,
    /// Exposure since the day began or the last confirmed break, whichever is later.
    pub since_break_s: i64,
    pub limit_s: i64,
    pub break_after_s: i64,
    /// When the next day begins (the limit starts again).
    pub next_day_at: i64,
}

impl Today {
    pub fn left_s(&self) -> i64 {
        (self.limit_s - self.exposed_s).max(0)
    }

    pub fn next_break_in_s(&self) -> i64 {
        (self.break_after_s - self.since_break_s).max(0)
    }
}

/// The exposure on the day of `now`, from a staff member's entries (any order; entries of
/// other days are ignored).
pub fn today(entries: &[Entry], now: i64, limits: Limits) -> Today {
    let day = tirana_day(now);
    let mut todays: Vec<&Entry> = entries.iter().filter(|e| tirana_day(e.at) == day).collect();
    // A break recorded with an opening at the same moment comes before it.
    todays.sort_by_key(|e| (e.at, e.kind != EntryKind::Break));
    let mut t = Today {
        exposed_s: 0,
        openings: 0,
        breaks: 0,
        since_break_s: 0,
        limit_s: limits.daily_limit_minutes * 60,
        break_after_s: limits.break_after_minutes * 60,
        next_day_at: day_start(day + 1),
    };
    for e in todays {
        match e.kind {
            EntryKind::Break => {
                t.breaks += 1;
                t.since_break_s = 0;
            }
            EntryKind::Opening(_) => {
                let s = e.counted(now);
                t.openings += 1;
                t.exposed_s += s;
                t.since_break_s += s;
            }
        }
    }
    t
}

/// Whether another opening may go ahead now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Yes; with `take_break` the confirmed break is recorded with it.
    Open { take_break: bool },
    /// The day's limit is reached: no more until `until` (the next day).
    OverLimit { exposed_s: i64, limit_s: i64, until: i64 },
    /// A break is due: the staff member confirms first.
    BreakDue { since_break_s: i64 },
}

/// Why an opening of material was stopped (nothing of it is recorded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// The day's limit is reached: no more until `until`, when the next day begins, in
    /// `wait_s` seconds.
    OverLimit { exposed_s: i64, limit_s: i64, until: i64, wait_s: i64 },
    /// A break is due: the staff member confirms it to go on.
    BreakDue { since_break_s: i64 },
    /// The file matched a known hash list: it is shown only when asked once more.
    MatchedHidden,
}

pub fn decide(t: &Today, confirm_break: bool) -> Decision {
    if t.exposed_s >= t.limit_s {
        Decision::OverLimit { exposed_s: t.exposed_s, limit_s: t.limit_s, until: t.next_day_at }
    } else if t.since_break_s >= t.break_after_s {
        if confirm_break {
            Decision::Open { take_break: true }
        } else {
            Decision::BreakDue { since_break_s: t.since_break_s }
        }
    } else {
        Decision::Open { take_break: false }
    }
}

/// One day of a summary: numbers only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Day {
    pub day: i64,
    pub exposed_s: i64,
    pub openings: i64,
    pub breaks: i64,
    /// The day's exposure reached the daily limit (as set now).
    pub reached_limit: bool,
}

/// `n` days from `first_day`, each with its numbers, from a staff member's entries.
pub fn days(entries: &[Entry], first_day: i64, n: i64, now: i64, limits: Limits) -> Vec<Day> {
    let mut out: Vec<Day> = (first_day..first_day + n)
        .map(|day| Day { day, exposed_s: 0, openings: 0, breaks: 0, reached_limit: false })
        .collect();
    for e in entries {
        let Some(d) = out.get_mut((tirana_day(e.at) - first_day) as usize).filter(|_| tirana_day(e.at) >= first_day)
        else {
            continue;
        };
        match e.kind {
            EntryKind::Break => d.breaks += 1,
            EntryKind::Opening(_) => {
                d.openings += 1;
                d.exposed_s += e.counted(now);
            }
        }
    }
    for d in &mut out {
        d.reached_limit = d.exposed_s >= limits.daily_limit_minutes * 60;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: i64 = 60_000;

    fn utc(y: i32, mo: u8, d: u8, h: u8, mi: u8) -> i64 {
        let date = time::Date::from_calendar_date(y, time::Month::try_from(mo).unwrap(), d).unwrap();
        date.with_hms(h, mi, 0).unwrap().assume_utc().unix_timestamp() * 1000
    }

    #[test]
    fn days_begin_at_midnight_in_tirana_summer_and_winter() {
        // 2026-01-15 23:30 UTC is 00:30 on the 16th in Tirana (UTC+1).
        let winter = utc(2026, 1, 15, 23, 30);
        assert_eq!(day_date(tirana_day(winter)), "2026-01-16");
        assert_eq!(day_start(tirana_day(winter)), utc(2026, 1, 15, 23, 0));
        // 2026-07-01 22:30 UTC is 00:30 on the 2nd (UTC+2).
        let summer = utc(2026, 7, 1, 22, 30);
        assert_eq!(day_date(tirana_day(summer)), "2026-07-02");
        assert_eq!(day_start(tirana_day(summer)), utc(2026, 7, 1, 22, 0));
        // The day summer time begins is 23 hours long; the day it ends 25.
        let march = tirana_day(utc(2026, 3, 29, 12, 0));
        assert_eq!(day_start(march + 1) - day_start(march), 23 * HOUR_MS);
        let october = tirana_day(utc(2026, 10, 25, 12, 0));
        assert_eq!(day_start(october + 1) - day_start(october), 25 * HOUR_MS);
        // 2026-02-12 is a Thursday; its week began on Monday the 9th.
        assert_eq!(day_date(week_start(tirana_day(utc(2026, 2, 12, 10, 0)))), "2026-02-09");
        assert_eq!(week_start(tirana_day(utc(2026, 2, 9, 10, 0))), tirana_day(utc(2026, 2, 9, 10, 0)));
    }

    #[test]
    fn an_opening_counts_until_the_next_or_its_cap() {
        let t0 = utc(2026, 2, 12, 8, 0);
        let open = Entry::opening(t0, Material::Image);
        assert_eq!(open.counted(t0 + 3 * MIN), 180, "still open: the time so far");
        assert_eq!(open.counted(t0 + 60 * MIN), 600, "never more than its cap");
        assert_eq!(open.counted(t0 - MIN), 0, "a clock that went back counts nothing");
        assert_eq!(Entry::opening(t0, Material::Video).counted(t0 + 60 * MIN), 1800);
        let closed = Entry { ended_at: Some(t0 + 2 * MIN), counted_s: closed_at(t0, 600, t0 + 2 * MIN), ..open };
        assert_eq!(closed.counted(t0 + 60 * MIN), 120);
        assert_eq!(Entry::confirmed_break(t0).counted(t0 + MIN), 0);
    }

    #[test]
    fn the_limit_and_the_breaks() {
        let limits = Limits { daily_limit_minutes: 40, break_after_minutes: 20 };
        let t0 = utc(2026, 2, 12, 8, 0);
        // Openings every 10 minutes, each closed by the next.
        let mut entries = Vec::new();
        let mut at = t0;
        let mut decisions = Vec::new();
        for _ in 0..4 {
            let t = today(&entries, at, limits);
            decisions.push(decide(&t, false));
            if let Decision::BreakDue { .. } = decisions.last().unwrap() {
                assert_eq!(decide(&t, true), Decision::Open { take_break: true });
                entries.push(Entry::confirmed_break(at));
            }
            for e in entries.iter_mut().filter(|e| e.ended_at.is_none()) {
                *e = Entry { counted_s: closed_at(e.at, e.counted_s, at), ended_at: Some(at), ..*e };
            }
            entries.push(Entry::opening(at, Material::Image));
            at += 10 * MIN;
        }
        assert_eq!(decisions[0], Decision::Open { take_break: false });
        assert_eq!(decisions[1], Decision::Open { take_break: false });
        assert_eq!(decisions[2], Decision::BreakDue { since_break_s: 1200 });
        assert_eq!(decisions[3], Decision::Open { take_break: false }, "the break resets the hour");
        let t = today(&entries, at, limits);
        assert_eq!((t.exposed_s, t.openings, t.breaks, t.since_break_s), (2400, 4, 1, 1200));
        let next_day = day_start(tirana_day(at) + 1);
        assert_eq!(decide(&t, true), Decision::OverLimit { exposed_s: 2400, limit_s: 2400, until: next_day });
        // The next day begins again.
        assert_eq!(decide(&today(&entries, next_day, limits), false), Decision::Open { take_break: false });
    }

    #[test]
    fn a_week_in_numbers() {
        let limits = Limits { daily_limit_minutes: 10, break_after_minutes: 60 };
        let monday = tirana_day(utc(2026, 2, 9, 10, 0));
        let at = day_start(monday) + 9 * HOUR_MS;
        let entries = [
            Entry { ended_at: Some(at + 5 * MIN), counted_s: 300, ..Entry::opening(at, Material::Image) },
            Entry::confirmed_break(at + 6 * MIN),
            Entry::opening(at + 7 * MIN, Material::Video),
            Entry::opening(day_start(monday + 2) + HOUR_MS, Material::Other),
            Entry::opening(day_start(monday + 9), Material::Image),
        ];
        let week = days(&entries, monday, 7, day_start(monday + 8), limits);
        assert_eq!(week.len(), 7);
        assert_eq!((week[0].exposed_s, week[0].openings, week[0].breaks, week[0].reached_limit), (2100, 2, 1, true));
        assert_eq!((week[2].exposed_s, week[2].openings, week[2].reached_limit), (600, 1, true));
        assert_eq!(week[1], Day { day: monday + 1, exposed_s: 0, openings: 0, breaks: 0, reached_limit: false });
        assert_eq!(week.iter().map(|d| d.openings).sum::<i64>(), 3, "the next week's opening is not in it");
    }

    #[test]
    fn limits_are_whole_minutes_within_bounds() {
        assert_eq!(validate_limits(Some("300"), Some(" 60 ")), Ok(Limits::default()));
        let e = validate_limits(Some("1"), Some("abc")).unwrap_err();
        assert_eq!(e["daily_limit_minutes"].code, "daily-limit-range");
        assert_eq!(e["break_after_minutes"].code, "break-after-range");
        assert_eq!(validate_limits(None, Some("60")).unwrap_err()["daily_limit_minutes"].code, "required");
        assert!(validate_limits(Some("721"), Some("60")).is_err());
    }
}
