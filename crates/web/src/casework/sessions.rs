//! Remote sessions: a psychologist or social worker offers times on the case; the child,
//! signed in with the receipt, picks one on the follow-up page, where it stays as a
//! reminder; at that time the chat goes to that professional. Voice and video are out of
//! scope: the page says so and gives the helpline's number.

use crate::parts::format::datetime;
use crate::parts::i18n::Lang;
use maud::{html, Markup};
use zeri_storage::SlotRow;

/// On the case page: the times offered and booked, and the form to offer more.
pub fn case_section(lang: Lang, slots: &[SlotRow], staff: &dyn Fn(&str) -> String, form: Option<Markup>) -> Markup {
    html! {
        h2 id="sessions" { (lang.t("sessions-title")) }
        ul { @for s in slots {
            li { (datetime(s.starts_at)) " · " (s.minutes) " min · " (staff(&s.staff_id)) " · " (lang.t(&format!("sessions-status-{}", s.status))) }
        } }
        @if let Some(f) = form { (f) }
    }
}
