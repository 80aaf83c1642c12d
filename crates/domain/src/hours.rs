//! Opening hours in Albanian local time: when the helpline answers chats, and when a
//! professional answers the chats of the cases referred to them.
//!
//! Hours are spans of minutes from Monday 00:00 local time, `[start, end)`. Albania keeps
//! Central European Time: UTC+1, and UTC+2 from the last Sunday of March 01:00 UTC to the
//! last Sunday of October 01:00 UTC (the EU rule). That one rule is computed here rather
//! than shipping a time-zone database for a single zone.

use time::{Date, Duration, Month, OffsetDateTime, Weekday};

pub const WEEK_MINUTES: i32 = 7 * 24 * 60;
const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// Albanian local time's offset from UTC at `utc_ms`, in hours.
pub fn tirana_offset_hours(utc_ms: i64) -> i64 {
    let Ok(t) = OffsetDateTime::from_unix_timestamp(utc_ms.div_euclid(1000)) else { return 1 };
    let year = t.year();
    let start = last_sunday(year, Month::March).midnight().assume_utc() + Duration::hours(1);
    let end = last_sunday(year, Month::October).midnight().assume_utc() + Duration::hours(1);
    if t >= start && t < end {
        2
    } else {
        1
    }
}

fn last_sunday(year: i32, month: Month) -> Date {
    let mut d = Date::from_calendar_date(year, month, month.length(year)).expect("the last day of a month exists");
    while d.weekday() != Weekday::Sunday {
        d = d.previous_day().expect("not the first day of time");
    }
    d
}

/// Minutes since Monday 00:00, Albanian local time.
pub fn minute_of_week(utc_ms: i64) -> i32 {
    let local = utc_ms + tirana_offset_hours(utc_ms) * 3_600_000;
    let minutes = local.div_euclid(60_000);
    // 1970-01-01 was a Thursday: Monday 00:00 was three days earlier.
    ((minutes + 3 * 24 * 60).rem_euclid(WEEK_MINUTES as i64)) as i32
}

/// A wall-clock time in Albania (`YYYY-MM-DDTHH:MM`, as a browser's `datetime-local`
/// sends it) as UTC milliseconds. In the hour that repeats in October the later one counts.
pub fn parse_local(text: &str) -> Option<i64> {
    let (date, clock) = text.trim().split_once('T')?;
    let mut d = date.splitn(3, '-').map(str::parse::<i32>);
    let (y, mo, da) = (d.next()?.ok()?, d.next()?.ok()?, d.next()?.ok()?);
    let (h, mi) = clock.get(..5)?.split_once(':')?;
    let (h, mi): (u8, u8) = (h.parse().ok()?, mi.parse().ok()?);
    let date =
        Date::from_calendar_date(y, Month::try_from(u8::try_from(mo).ok()?).ok()?, u8::try_from(da).ok()?).ok()?;
    let naive = date.with_hms(h, mi, 0).ok()?.assume_utc().unix_timestamp() * 1000;
    // The offset at the moment itself: try the summer offset first, then winter.
    [2, 1].into_iter().map(|o| naive - o * 3_600_000).find(|&utc| tirana_offset_hours(utc) * 3_600_000 == naive - utc)
}

/// Whether `utc_ms` falls within the hours.
pub fn is_open(hours: &[(i32, i32)], utc_ms: i64) -> bool {
    let m = minute_of_week(utc_ms);
    hours.iter().any(|&(s, e)| s <= m && m < e)
}

/// The next moment (UTC ms, to the minute) the hours open, within a week; `None` if never.
pub fn next_opening(hours: &[(i32, i32)], utc_ms: i64) -> Option<i64> {
    let start = utc_ms - utc_ms.rem_euclid(60_000) + 60_000;
    (0..WEEK_MINUTES as i64 + 120).map(|i| start + i * 60_000).find(|&t| is_open(hours, t))
}

/// Parses hours such as `mon-fri 08:00-16:00, sat 09:00-12:00` or `daily 08:00-22:00`.
pub fn parse(text: &str) -> Result<Vec<(i32, i32)>, String> {
    let mut out = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (days, span) = part.split_once(' ').ok_or_else(|| format!("expected DAYS HH:MM-HH:MM, got {part:?}"))?;
        let days = day_range(&days.to_ascii_lowercase())?;
        let (from, to) = span.trim().split_once('-').ok_or_else(|| format!("expected HH:MM-HH:MM in {part:?}"))?;
        let (from, to) = (clock(from)?, clock(to)?);
        if to <= from {
            return Err(format!("{part:?} ends before it starts"));
        }
        for d in days {
            out.push((d * 24 * 60 + from, d * 24 * 60 + to));
        }
    }
    out.sort_unstable();
    Ok(out)
}

/// The hours as text, e.g. `mon 08:00-16:00, tue 08:00-16:00`.
pub fn format(hours: &[(i32, i32)]) -> String {
    let hm = |m: i32| format!("{:02}:{:02}", m / 60, m % 60);
    hours
        .iter()
        .map(|&(s, e)| format!("{} {}-{}", DAYS[(s / 1440) as usize % 7], hm(s % 1440), hm(e - s / 1440 * 1440)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn day_range(days: &str) -> Result<Vec<i32>, String> {
    let day = |d: &str| DAYS.iter().position(|x| *x == d).map(|i| i as i32).ok_or_else(|| format!("unknown day {d:?}"));
    match days {
        "daily" => Ok((0..7).collect()),
        _ => match days.split_once('-') {
            Some((a, b)) => {
                let (a, b) = (day(a)?, day(b)?);
                if b < a {
                    return Err(format!("{days:?} goes backwards"));
                }
                Ok((a..=b).collect())
            }
            None => Ok(vec![day(days)?]),
        },
    }
}

fn clock(text: &str) -> Result<i32, String> {
    let (h, m) = text.trim().split_once(':').ok_or_else(|| format!("expected HH:MM, got {text:?}"))?;
    let (h, m): (i32, i32) =
        (h.parse().map_err(|_| format!("bad hour {h:?}"))?, m.parse().map_err(|_| format!("bad minute {m:?}"))?);
    if !(0..=24).contains(&h) || !(0..60).contains(&m) || (h == 24 && m != 0) {
        return Err(format!("{text:?} is not a time of day"));
    }
    Ok(h * 60 + m)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(y: i32, mo: u8, d: u8, h: u8, mi: u8) -> i64 {
        let date = Date::from_calendar_date(y, Month::try_from(mo).unwrap(), d).unwrap();
        (date.with_hms(h, mi, 0).unwrap().assume_utc().unix_timestamp()) * 1000
    }

    #[test]
    fn albanian_summer_time_follows_the_eu_rule() {
        assert_eq!(tirana_offset_hours(utc(2026, 1, 15, 12, 0)), 1);
        assert_eq!(tirana_offset_hours(utc(2026, 7, 15, 12, 0)), 2);
        // 2026: summer time from 29 March 01:00 UTC to 25 October 01:00 UTC.
        assert_eq!(tirana_offset_hours(utc(2026, 3, 29, 0, 59)), 1);
        assert_eq!(tirana_offset_hours(utc(2026, 3, 29, 1, 0)), 2);
        assert_eq!(tirana_offset_hours(utc(2026, 10, 25, 0, 59)), 2);
        assert_eq!(tirana_offset_hours(utc(2026, 10, 25, 1, 0)), 1);
    }

    #[test]
    fn minute_of_week_is_local() {
        // Monday 2026-11-30 07:00 UTC is 08:00 in Tirana.
        assert_eq!(minute_of_week(utc(2026, 11, 30, 7, 0)), 8 * 60);
        // Sunday 2026-07-05 21:59 UTC is 23:59 local.
        assert_eq!(minute_of_week(utc(2026, 7, 5, 21, 59)), WEEK_MINUTES - 1);
    }

    #[test]
    fn local_times_parse() {
        assert_eq!(parse_local("2026-11-30T08:00"), Some(utc(2026, 11, 30, 7, 0)));
        assert_eq!(parse_local("2026-07-15T14:30"), Some(utc(2026, 7, 15, 12, 30)));
        for bad in ["", "2026-13-01T08:00", "2026-11-30", "2026-11-30T25:00", "tomorrow"] {
            assert_eq!(parse_local(bad), None, "{bad}");
        }
    }

    #[test]
    fn hours_parse_check_and_open() {
        let h = parse("mon-fri 08:00-16:00, sat 09:00-12:00").unwrap();
        assert_eq!(h.len(), 6);
        assert_eq!(format(&h[..1]), "mon 08:00-16:00");
        assert_eq!(parse("daily 00:00-24:00").unwrap().len(), 7);
        for bad in ["mon", "mon 8-9", "fri-mon 08:00-09:00", "xyz 08:00-09:00", "mon 09:00-08:00", "mon 25:00-26:00"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        let monday_8 = utc(2026, 11, 30, 7, 0);
        assert!(is_open(&h, monday_8));
        assert!(!is_open(&h, monday_8 - 60_000));
        // Saturday 12:00 local closes; the next opening is Monday 08:00 local.
        let saturday_noon = utc(2026, 12, 5, 11, 0);
        assert!(!is_open(&h, saturday_noon));
        assert_eq!(next_opening(&h, saturday_noon), Some(utc(2026, 12, 7, 7, 0)));
        assert_eq!(next_opening(&[], saturday_noon), None);
    }
}
