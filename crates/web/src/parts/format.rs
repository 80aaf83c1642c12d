//! Dates and times as staff and children read them (Albanian local time).

/// A date and time as people read it in Albania: day first, 24-hour clock, Tirana time.
pub fn datetime(ms: i64) -> String {
    let Ok(utc) = time::OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000)) else { return String::new() };
    let local = utc.to_offset(tirana_offset(utc));
    local.format(time::macros::format_description!("[day].[month].[year] [hour]:[minute]")).unwrap_or_default()
}

/// A calendar date `YYYY-MM-DD` in Tirana time (as HTML date inputs take it).
pub fn date(ms: i64) -> String {
    let Ok(utc) = time::OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000)) else { return String::new() };
    let local = utc.to_offset(tirana_offset(utc));
    local.format(time::macros::format_description!("[year]-[month]-[day]")).unwrap_or_default()
}

/// When a chat message was written, in Tirana time: the hour (`14:05`) on the day it is
/// read, the date and hour (`03.02.2026 14:05`) on any other day.
pub fn chat_time(ms: i64, now: i64) -> String {
    if date(ms) == date(now) {
        let Ok(utc) = time::OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000)) else { return String::new() };
        let local = utc.to_offset(tirana_offset(utc));
        local.format(time::macros::format_description!("[hour]:[minute]")).unwrap_or_default()
    } else {
        datetime(ms)
    }
}

/// A length of time as people say it: "2 h 05 min", "45 min" (rounded up to the minute).
pub fn duration(lang: crate::parts::i18n::Lang, secs: i64) -> String {
    let minutes = (secs.max(0) + 59) / 60;
    if minutes < 60 {
        lang.t_args("duration-minutes", &[("m", minutes.into())])
    } else {
        lang.t_args("duration-hours", &[("h", (minutes / 60).into()), ("m", format!("{:02}", minutes % 60).into())])
    }
}

/// A moment for a `<time datetime>` attribute (UTC, to the second).
pub fn machine_time(ms: i64) -> String {
    let Ok(utc) = time::OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000)) else { return String::new() };
    utc.format(time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z")).unwrap_or_default()
}

/// A moment written as RFC 3339 (`2026-07-01T12:05:00Z`, any offset), in milliseconds.
pub fn parse_rfc3339(text: &str) -> Option<i64> {
    let t = time::OffsetDateTime::parse(text.trim(), &time::format_description::well_known::Rfc3339).ok()?;
    i64::try_from(t.unix_timestamp_nanos() / 1_000_000).ok()
}

/// Albania keeps Central European Time with the EU summer-time rule (UTC+2 from 01:00 UTC
/// on the last Sunday of March to 01:00 UTC on the last Sunday of October, UTC+1
/// otherwise). Written out here because that one rule does not justify shipping a time
/// zone database.
fn tirana_offset(utc: time::OffsetDateTime) -> time::UtcOffset {
    fn last_sunday(year: i32, month: time::Month) -> time::OffsetDateTime {
        let mut d = time::Date::from_calendar_date(year, month, 31).expect("March and October have 31 days");
        while d.weekday() != time::Weekday::Sunday {
            d = d.previous_day().expect("not the first day");
        }
        d.with_hms(1, 0, 0).expect("valid time").assume_utc()
    }
    let year = utc.year();
    let summer = utc >= last_sunday(year, time::Month::March) && utc < last_sunday(year, time::Month::October);
    time::UtcOffset::from_hms(if summer { 2 } else { 1 }, 0, 0).expect("valid offset")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tirana_time_follows_summer_time() {
        // 2026-01-15 12:00 UTC → 13:00 in Tirana
        assert_eq!(datetime(1_768_478_400_000), "15.01.2026 13:00");
        // 2026-07-01 12:00 UTC → 14:00
        assert_eq!(datetime(1_782_907_200_000), "01.07.2026 14:00");
        // 2026-03-29 00:59 UTC is still winter; 01:00 UTC is summer
        assert_eq!(datetime(1_774_745_940_000), "29.03.2026 01:59");
        assert_eq!(datetime(1_774_746_000_000), "29.03.2026 03:00");
    }

    #[test]
    fn chat_times_are_tirana_hours_and_dates_on_other_days() {
        // 2026-07-01 12:05 UTC → 14:05 in Tirana, read the same day and the next.
        let at = 1_782_907_500_000;
        assert_eq!(chat_time(at, at + 3_600_000), "14:05");
        assert_eq!(chat_time(at, at + 86_400_000), "01.07.2026 14:05");
        assert_eq!(machine_time(at), "2026-07-01T12:05:00Z");
        assert_eq!(parse_rfc3339("2026-07-01T12:05:00Z"), Some(at));
        assert_eq!(parse_rfc3339("2026-07-01T14:05:00+02:00"), Some(at));
        assert_eq!(parse_rfc3339("2026-07-01"), None);
    }
}
