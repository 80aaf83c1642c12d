//! "Who looks after your report" on the child's follow-up (the page and `GET
//! /api/v1/followup` say the same, from [`view`]): the organisation leading the case, by
//! kind and name (never a person), in plain words, and after a transfer of the lead that
//! the report moved, and on which day.

use crate::parts::format::date;
use crate::parts::i18n::{org_name, Lang};
use crate::service::transfer::Lead;
use maud::{html, Markup};
use serde::Serialize;

/// Who looks after the report, in the caller's language.
#[derive(Serialize, utoipa::ToSchema)]
pub struct LeadView {
    /// The kind of organisation (`helpline`, `hotline`, `cpu`, `barnahus`, …).
    kind: String,
    /// The organisation's name.
    organisation: String,
    /// What that organisation does, in plain words.
    about: String,
    /// The day a transfer moved the report there (`YYYY-MM-DD`, Tirana time), if it did.
    moved_on: Option<String>,
    /// That the report moved, in a sentence, if it did.
    moved: Option<String>,
}

pub fn view(lang: Lang, lead: &Lead) -> LeadView {
    let organisation = org_name(lang, &lead.org);
    let moved_on = lead.moved_at.map(date);
    LeadView {
        kind: lead.org.kind.as_str().to_owned(),
        about: lang.t(&format!("lead-kind-{}", lead.org.kind.as_str())),
        moved: moved_on
            .as_ref()
            .map(|d| lang.t_args("lead-moved", &[("org", organisation.clone().into()), ("date", d.clone().into())])),
        organisation,
        moved_on,
    }
}

/// The box on the follow-up page.
pub fn section(lang: Lang, lead: &Lead) -> Markup {
    let v = view(lang, lead);
    html! {
        section class="card" id="lead" data-lead=(v.kind) {
            h2 { (lang.t("lead-title")) }
            p { strong data-lead-org { (v.organisation) } }
            p { (v.about) }
            @if let Some(moved) = &v.moved { p data-lead-moved=[v.moved_on.as_deref()] { (moved) } }
        }
    }
}
