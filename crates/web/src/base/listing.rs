//! The shape the administrator's lists share (staff accounts and organisations, the hosts
//! table, the platforms that pull hashes, partner hotlines): the page with its way back and
//! its heading, what the last post did or which fields it refused, a table of entries, and
//! the one-button forms on an entry's row. Each page keeps only its own columns and fields.

use crate::base::auth::Staff;
use crate::base::chrome::logout_form;
use crate::base::layout::staff_page;
use crate::parts::format::datetime;
use crate::parts::i18n::Lang;
use crate::App;
use axum::response::Html;
use maud::{html, Markup};
use std::collections::BTreeMap;

/// An administrator's page: the staff chrome, the way `back` (its address and label) when
/// there is one, `title` as the page's title and heading, then `body`.
pub fn page(app: &App, lang: Lang, s: &Staff, title: &str, back: Option<(&str, &str)>, body: Markup) -> Html<String> {
    staff_page(
        lang,
        title,
        html! {
            (logout_form(app, lang, s))
            @if let Some((href, label)) = back { p { a href=(href) { "← " (label) } } }
            h1 { (title) }
            (body)
        },
    )
}

/// What the last post did (`role="status"`) and, when the form was refused, each field with
/// its message (`role="alert"`); a field is named by the Fluent key `{labels}{field}`.
pub fn outcome(lang: Lang, notice: Option<Markup>, errors: &BTreeMap<String, String>, labels: &str) -> Markup {
    html! {
        @if let Some(n) = notice { div class="card" role="status" { (n) } }
        @if !errors.is_empty() {
            div class="error-summary" role="alert" { ul { @for (f, e) in errors { li { (lang.t(&format!("{labels}{f}"))) ": " (e) } } } }
        }
    }
}

/// A table of entries: a heading cell for each Fluent key (`""` for an empty one, over the
/// buttons), then `rows`, its `tr`s.
pub fn table(lang: Lang, heads: &[impl AsRef<str>], rows: Markup) -> Markup {
    html! {
        table {
            thead { tr { @for h in heads.iter().map(AsRef::as_ref) { th { @if !h.is_empty() { (lang.t(h)) } } } } }
            tbody { (rows) }
        }
    }
}

/// A form of one button on an entry's row, posting to `action` with the CSRF token.
pub fn row_button(action: &str, csrf: &str, label: &str) -> Markup {
    html! {
        form method="post" action=(action) class="inline" {
            input type="hidden" name="csrf" value=(csrf);
            button type="submit" { (label) }
        }
    }
}

/// The last cell of an entry that can be revoked: since when it is (`revoked`, a Fluent key
/// taking `date`), or else `button`, the one that revokes it.
pub fn revoked_or(lang: Lang, revoked_at: Option<i64>, revoked: &str, button: Markup) -> Markup {
    html! {
        @if let Some(at) = revoked_at {
            span class="badge" { (lang.t_args(revoked, &[("date", datetime(at).into())])) }
        } @else {
            (button)
        }
    }
}
