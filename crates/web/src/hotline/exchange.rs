//! What the hotline's queue and item page show of partner hotlines: "from partner hotline
//! X" with the sender's classification (theirs: our analysts assess again), where the item
//! was handed over, the form that forwards it and the download of its exchange document.
//! The forwarding itself is the `exchange` capability's (`POST …/items/{id}/forward`).

use crate::hotline::common::classification_text;
use crate::parts::format::datetime;
use crate::parts::i18n::{label, Lang};
use crate::service::exchange::ItemExchange;
use crate::service::hotline::ItemView;
use maud::{html, Markup};
use zeri_domain::hotline::Source;
use zeri_storage::ForwardOutcome;

/// How a report or an item came, naming the partner hotline that sent it.
pub(crate) fn source_text(lang: Lang, source: Source, sender: Option<&str>) -> String {
    match source {
        Source::Partner => lang.t_args("exchange-source-partner", &[("name", sender.unwrap_or("?").to_owned().into())]),
        other => label(lang, "source", other.as_str()),
    }
}

/// The name of the partner that sent an item, from the queue's list.
pub(crate) fn sender<'a>(senders: &'a [(String, String)], item_id: &str) -> Option<&'a str> {
    senders.iter().find(|(id, _)| id == item_id).map(|(_, name)| name.as_str())
}

/// The item page's section on partner hotlines.
pub(crate) fn section(lang: Lang, csrf: &Markup, v: &ItemView, x: &ItemExchange) -> Markup {
    let l = lang.code();
    let i = &v.item;
    let illegal = i.classification.is_some_and(|c| c.verdict.illegal());
    html! {
        section class="card" id="exchange" {
            h2 { (lang.t("exchange-title")) }
            @for (name, r) in &x.received {
                p data-exchange-received {
                    strong { (lang.t_args("exchange-received", &[("name", name.clone().into()), ("date", datetime(r.received_at).into())])) }
                    br;
                    (lang.t_args("exchange-their-classification", &[("classification", classification_text(lang, &r.classification).into())]))
                    " · " (lang.t("hotline-hosting")) " " (r.hosting_country)
                }
            }
            @if !x.forwards.is_empty() {
                h3 { (lang.t("exchange-forwards")) }
                ul { @for (name, f) in &x.forwards {
                    li data-exchange-forward=(f.outcome.as_str()) {
                        @match f.outcome {
                            ForwardOutcome::Sent => (lang.t_args("exchange-forward-sent", &[
                                ("date", datetime(f.at).into()), ("name", name.clone().into()),
                                ("reference", f.their_ref.clone().unwrap_or_default().into())])),
                            ForwardOutcome::Failed => (lang.t_args("exchange-forward-failed", &[
                                ("date", datetime(f.at).into()), ("name", name.clone().into()),
                                ("reason", f.error.clone().unwrap_or_default().into())])),
                        }
                    }
                } }
            }
            @if illegal && i.forwarded_to.is_none() {
                p class="hint" { (lang.t("exchange-forward-hint")) }
                form method="post" action={ "/" (l) "/staff/hotline/items/" (i.id) "/forward" } {
                    (csrf)
                    button type="submit" class="primary" { (lang.t("exchange-forward-button")) }
                }
            }
            @if illegal {
                p { a href={ "/" (l) "/staff/hotline/items/" (i.id) "/exchange.json" } download { (lang.t("exchange-download")) } }
            }
        }
    }
}
