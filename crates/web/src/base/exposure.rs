//! The staff member's exposure to material as the pages show it (the case's evidence page,
//! the staff home, the wellbeing page), and where to find support.

use crate::parts::format::duration;
use crate::parts::i18n::Lang;
use maud::{html, Markup};
use zeri_domain::wellbeing::Today;

/// "Your exposure today: 40 min of 5 h (3 openings) · a break in 20 min".
pub fn exposure_line(lang: Lang, t: &Today) -> Markup {
    html! {
        p class="small exposure" data-exposure-today {
            (lang.t_args("exposure-today-line", &[
                ("exposed", duration(lang, t.exposed_s).into()),
                ("limit", duration(lang, t.limit_s).into()),
                ("openings", t.openings.into()),
            ]))
            " · "
            @if t.left_s() == 0 { (lang.t("exposure-limit-reached")) }
            @else { (lang.t_args("exposure-next-break", &[("in", duration(lang, t.next_break_in_s()).into())])) }
        }
    }
}

/// Where to find support: the guide, one's own numbers.
pub fn support_card(lang: Lang) -> Markup {
    let l = lang.code();
    html! {
        section class="card support" id="support" {
            h2 { (lang.t("exposure-support-title")) }
            p { (lang.t("exposure-support")) }
            p {
                a href={ "/" (l) "/staff/guides#wellbeing" } { (lang.t("guide-wellbeing-title")) }
                " · " a href={ "/" (l) "/staff/wellbeing" } { (lang.t("wellbeing-title")) }
            }
        }
    }
}
