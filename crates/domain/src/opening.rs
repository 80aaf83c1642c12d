//! The opening hours of a service as the directory writes them ("E hënë–e premte
//! 08:00–16:00", "24/7"), read into days and times so a page can say them in its own
//! language. Text that does not read as hours is left as it is, and said as written.

use crate::places::fold;

/// Days from Monday (0) to Sunday (6), both included, open from `from` to `to`
/// (hours and minutes; 24:00 is the end of the day).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Opening {
    pub first_day: usize,
    pub last_day: usize,
    pub from: (u8, u8),
    pub to: (u8, u8),
}

impl Opening {
    /// Open every day, all day.
    pub fn always(&self) -> bool {
        self.first_day == 0 && self.last_day == 6 && self.from == (0, 0) && self.to == (24, 0)
    }
}

/// The codes of the days, Monday first (as the locales name them: `day-mon`…).
pub const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

fn day(word: &str) -> Option<usize> {
    let i = match word {
        "hene" | "mon" | "monday" => 0,
        "marte" | "tue" | "tuesday" => 1,
        "merkure" | "wed" | "wednesday" => 2,
        "enjte" | "thu" | "thursday" => 3,
        "premte" | "fri" | "friday" => 4,
        "shtune" | "sat" | "saturday" => 5,
        "diel" | "sun" | "sunday" => 6,
        _ => return None,
    };
    Some(i)
}

fn time(h: &str, m: &str) -> Option<(u8, u8)> {
    let (h, m) = (h.parse::<u8>().ok()?, m.parse::<u8>().ok()?);
    (m < 60 && (h < 24 || (h == 24 && m == 0))).then_some((h, m))
}

/// The hours in `text`, if all of it reads as hours; `None` otherwise.
pub fn read(text: &str) -> Option<Vec<Opening>> {
    let folded = fold(text);
    if matches!(folded.as_str(), "24 7" | "24 ore" | "24 h" | "24 ore 7 dite" | "24 hours") {
        return Some(vec![Opening { first_day: 0, last_day: 6, from: (0, 0), to: (24, 0) }]);
    }
    // "e hene e premte 08 00 16 00 e shtune 09 00 12 00": the article "e" carries nothing.
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty() && *w != "e" && *w != "dhe").collect();
    let mut out = Vec::new();
    let mut rest = words.as_slice();
    while !rest.is_empty() {
        let first_day = day(rest[0])?;
        let (last_day, times) = match rest.get(1).and_then(|w| day(w)) {
            Some(d) => (d, &rest[2..]),
            None => (first_day, &rest[1..]),
        };
        let [h1, m1, h2, m2, ..] = times else { return None };
        let (from, to) = (time(h1, m1)?, time(h2, m2)?);
        if last_day < first_day || from >= to {
            return None;
        }
        out.push(Opening { first_day, last_day, from, to });
        rest = &times[4..];
    }
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_as_the_directory_writes_them() {
        let week = Opening { first_day: 0, last_day: 4, from: (8, 0), to: (16, 0) };
        assert_eq!(read("E hënë–e premte 08:00–16:00"), Some(vec![week]));
        assert_eq!(read("e hene - e premte 8:00-16:00"), Some(vec![week]));
        assert_eq!(read("Mon–Fri 8:00–16:00"), Some(vec![week]));
        assert!(read("24/7").unwrap()[0].always());
        assert_eq!(
            read("E hënë–e premte 08:00–16:00, e shtunë 09:00–12:00"),
            Some(vec![week, Opening { first_day: 5, last_day: 5, from: (9, 0), to: (12, 0) }])
        );
        for not_hours in ["", "sipas takimit", "E hënë 08:00", "E premte–e hënë 08:00–16:00", "E hënë 25:00–26:00"]
        {
            assert_eq!(read(not_hours), None, "{not_hours}");
        }
    }
}
