//! The case page's contents: the next step, a folding list of its parts, and parts that
//! fold.

use maud::{html, Markup, PreEscaped};

use crate::parts::i18n::Lang;

/// Where the case page's list of its parts goes (after the facts).
pub(super) const CONTENTS: &str = "<!--on-this-page-->";

/// The case page is long: after the facts, the next step (a referral to answer, the triage,
/// the child's messages) and a folding list of every part of the page, from its headings.
/// Each part (from its `<h2 id>` to the next heading) folds; the parts a worker acts on
/// first, the one just acted on (`done`) and any holding a refusal stay open.
pub(super) fn on_this_page(lang: Lang, done: Option<&str>, body: Markup) -> Markup {
    let page = body.into_string();
    let parts = parts(&page);
    let incoming = lang.t("referral-incoming");
    let next = if page.contains("id=\"referral-answer\"") {
        Some(("referral-answer", incoming.as_str()))
    } else {
        ["triage", "messages"].iter().find_map(|want| parts.iter().find(|p| p.id == *want).map(|p| (p.id, p.title)))
    };
    let nav = html! {
        nav class="on-this-page" aria-label=(lang.t("case-on-this-page")) {
            @if let Some((id, label)) = next {
                p { strong { (lang.t("case-next-step")) } " " a href={ "#" (id) } { (PreEscaped(label)) } }
            }
            details {
                summary { (lang.t("case-on-this-page")) }
                ul { @for p in &parts { li { a href={ "#" (p.id) } { (PreEscaped(p.title)) } } } }
            }
        }
    };
    let mut out = String::with_capacity(page.len() + parts.len() * 64 + 512);
    let mut at = 0;
    for p in &parts {
        let open = OPEN_PARTS.contains(&p.id)
            || Some(p.id) == next.map(|(id, _)| id)
            || Some(p.id) == done
            || page[p.body.clone()].contains("class=\"field-error\"");
        out.push_str(&page[at..p.heading.start]);
        out.push_str(&format!("<details class=\"part\"{}><summary>", if open { " open" } else { "" }));
        out.push_str(&page[p.heading.clone()]);
        out.push_str("</summary>");
        out.push_str(&page[p.body.clone()]);
        out.push_str("</details>");
        at = p.body.end;
    }
    out.push_str(&page[at..]);
    PreEscaped(out.replacen(CONTENTS, &nav.into_string(), 1))
}

/// The parts open when the page opens: where a worker acts first.
const OPEN_PARTS: &[&str] = &["messages", "triage", "stage"];

/// One foldable part of the case page, as byte ranges of the rendered page.
struct Part<'a> {
    id: &'a str,
    title: &'a str,
    heading: std::ops::Range<usize>,
    body: std::ops::Range<usize>,
}

/// The parts of the page: each `<h2 id="…">` to the next `<h2` (the parts are siblings at
/// the top of the page, which the case page tests check stay well formed).
fn parts(page: &str) -> Vec<Part<'_>> {
    const OPEN: &str = "<h2 id=\"";
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(rel) = page[from..].find(OPEN) {
        let start = from + rel;
        let tail = &page[start + OPEN.len()..];
        let (Some(id_end), Some(open), Some(close)) = (tail.find('"'), tail.find('>'), tail.find("</h2>")) else {
            break;
        };
        let base = start + OPEN.len();
        let heading_end = base + close + "</h2>".len();
        let body_end = page[heading_end..].find("<h2").map_or(page.len(), |i| heading_end + i);
        found.push(Part {
            id: &page[base..base + id_end],
            title: &page[base + open + 1..base + close],
            heading: start..heading_end,
            body: heading_end..body_end,
        });
        from = body_end;
    }
    found
}
