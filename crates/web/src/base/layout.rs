//! The page layout every public and staff page shares, and the home page.
//!
//! Every public page carries the quick-exit button and the ways to get help now, and
//! works without JavaScript; the one script only adds the instant exit and small comforts.

use crate::parts::i18n::Lang;
use axum::response::Html;
use maud::{html, Markup, DOCTYPE};

tokio::task_local! {
    /// The path of the page being answered (only for GET; empty otherwise).
    static PAGE_PATH: String;
}

/// Middleware: remembers the path of a GET request while its page is made.
pub async fn remember_path(req: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    let path = if req.method() == axum::http::Method::GET { req.uri().path().to_owned() } else { String::new() };
    PAGE_PATH.scope(path, next.run(req)).await
}

/// The same page in the other language: `/en/help` ↔ `/sq/help`; the other language's home
/// page for anything else (a page answering a form, which has no address of its own).
fn other_language_href(lang: Lang, other: Lang) -> String {
    let here = PAGE_PATH.try_with(Clone::clone).unwrap_or_default();
    swap_language(&here, lang, other)
}

fn swap_language(path: &str, lang: Lang, other: Lang) -> String {
    let prefix = format!("/{}", lang.code());
    match path.strip_prefix(&prefix) {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => format!("/{}{rest}", other.code()),
        _ => format!("/{}", other.code()),
    }
}

/// A neutral site to leave for: a weather search raises no questions.
pub const QUICK_EXIT_URL: &str = "https://www.google.com/search?q=moti+sot";

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
                        a class="lang" href=(other_language_href(lang, other)) lang=(other.code()) hreflang=(other.code()) data-switch-language {
                            (lang.t("switch-language"))
                        }
                        @if !staff {
                            a class="quick-exit" href="/leave" rel="noreferrer" data-quick-exit {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_switch_keeps_the_page() {
        assert_eq!(swap_language("/en/help", Lang::En, Lang::Sq), "/sq/help");
        assert_eq!(swap_language("/sq", Lang::Sq, Lang::En), "/en");
        assert_eq!(swap_language("/sq/followup/chat", Lang::Sq, Lang::En), "/en/followup/chat");
        assert_eq!(swap_language("", Lang::En, Lang::Sq), "/sq", "a page answering a form");
        assert_eq!(swap_language("/english", Lang::En, Lang::Sq), "/sq");
    }
}
