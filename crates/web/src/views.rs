//! The page layout every public and staff page shares, and the home page.
//!
//! Every public page carries the quick-exit button and the ways to get help now, and
//! works without JavaScript; the one script only adds the instant exit and small comforts.

use axum::response::Html;
use axum::routing::get;
use axum::Router;
use maud::{html, Markup, DOCTYPE};

use crate::extract::PageLang;
use crate::i18n::Lang;
use crate::AppState;

/// A neutral site to leave for: a weather search raises no questions.
pub const QUICK_EXIT_URL: &str = "https://www.google.com/search?q=moti+sot";

pub fn router() -> Router<AppState> {
    Lang::ALL.into_iter().fold(Router::new(), |r, lang| r.route(&format!("/{}", lang.code()), get(home)))
}

/// A public page: quick exit, language switch, help now.
pub fn page(lang: Lang, title: &str, body: Markup) -> Html<String> {
    layout(lang, title, body, false)
}

/// A staff page: no quick exit (staff are not hiding), a staff header.
pub fn staff_page(lang: Lang, title: &str, body: Markup) -> Html<String> {
    layout(lang, title, body, true)
}

fn layout(lang: Lang, title: &str, body: Markup, staff: bool) -> Html<String> {
    let other = lang.other();
    let markup = html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="referrer" content="no-referrer";
                meta name="robots" content="noindex";
                title { (title) " · Zëri" }
                link rel="stylesheet" href="/static/style.css";
                link rel="icon" href="/static/favicon.svg" type="image/svg+xml";
                script src="/static/app.js" defer {}
            }
            body class=[staff.then_some("staff")] {
                header class="top" {
                    a class="brand" href={ "/" (lang.code()) (if staff { "/staff" } else { "" }) } { "Zëri" }
                    nav {
                        a class="lang" href={ "/" (other.code()) } lang=(other.code()) hreflang=(other.code()) {
                            (lang.t("switch-language"))
                        }
                        @if !staff {
                            a class="quick-exit" href=(QUICK_EXIT_URL) rel="noreferrer" data-quick-exit {
                                (lang.t("quick-exit"))
                            }
                        }
                    }
                }
                main id="main" { (body) }
                @if !staff {
                    footer {
                        (help_now(lang))
                        p class="small" {
                            a href={ "/" (lang.code()) "/staff/login" } { (lang.t("staff-area")) }
                        }
                    }
                }
            }
        }
    };
    Html(markup.into_string())
}

/// The ways to get help now, on every public page.
pub fn help_now(lang: Lang) -> Markup {
    html! {
        section class="help-now" aria-labelledby="help-now-title" {
            h2 id="help-now-title" { (lang.t("help-now-title")) }
            ul {
                li { a href="tel:116111" { strong { "ALO 116 111" } } " — " (lang.t("help-alo")) }
                li { a href="tel:112" { strong { "112" } } " — " (lang.t("help-emergency")) }
                li { a href="tel:129" { strong { "129" } } " — " (lang.t("help-police")) }
                li { strong { "ISIGURT.al" } " — " (lang.t("help-isigurt")) }
            }
            p { a href={ "/" (lang.code()) "/help" } { (lang.t("help-title")) } " · " a href={ "/" (lang.code()) "/learn" } { (lang.t("learn-link")) } }
        }
    }
}

/// A multi-line Fluent value as list items, one per line.
pub fn lines(text: &str) -> Markup {
    html! {
        ul class="points" {
            @for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
                li { (line) }
            }
        }
    }
}

/// Paragraphs, one per line of a multi-line value.
pub fn paragraphs(text: &str) -> Markup {
    html! {
        @for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            p { (line) }
        }
    }
}

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

async fn home(PageLang(lang): PageLang) -> Html<String> {
    let l = lang.code();
    page(
        lang,
        &lang.t("home-title"),
        html! {
            section class="hero" {
                h1 { (lang.t("home-title")) }
                p class="lead" { (lang.t("home-lead")) }
                p { (lang.t("home-not-your-fault")) }
                div class="actions" {
                    a class="button primary" href={ "/" (l) "/report" } { (lang.t("home-report")) }
                    a class="button" href={ "/" (l) "/followup" } { (lang.t("home-followup")) }
                    a class="button" href={ "/" (l) "/help" } { (lang.t("help-title")) }
                    a class="button" href={ "/" (l) "/learn" } { (lang.t("learn-link")) }
                }
            }
            section {
                h2 { (lang.t("home-how-title")) }
                (lines(&lang.t("home-how")))
            }
            section {
                h2 { (lang.t("home-safe-title")) }
                (lines(&lang.t("home-safe")))
            }
        },
    )
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
}
