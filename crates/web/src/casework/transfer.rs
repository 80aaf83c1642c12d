//! Transfer of the lead, on the case page: the transfers asked and answered, the form to
//! ask another organisation to take the lead (for who holds the case) and the answer (for
//! the organisation asked). The forms post to the case operations `transfer` and
//! `transfer-answer` (`/{lang}/staff/reports/{id}/transfer`, `POST /api/v1/cases/{id}/transfer`,
//! and `…/transfer-answer`). The rules are `service::transfer`.

use crate::parts::format::datetime;
use crate::parts::i18n::{org_name, Lang};
use crate::service::transfer::{TransferView, LEADS};
use maud::{html, Markup};
use std::collections::BTreeMap;
use zeri_storage::OrgRow;

/// What the section needs to know.
pub struct TransferSection<'a> {
    pub base: &'a str,
    pub csrf: &'a str,
    pub transfers: &'a [TransferView],
    pub orgs: &'a BTreeMap<String, OrgRow>,
    /// The case's organisation.
    pub lead: &'a str,
    pub may_request: bool,
    /// The transfer waiting for the user's organisation, if they may answer it.
    pub to_answer: Option<&'a str>,
}

pub fn section(lang: Lang, s: &TransferSection) -> Markup {
    let org = |id: &str| s.orgs.get(id).map(|o| org_name(lang, o)).unwrap_or_else(|| lang.t("org-unknown"));
    let hidden_csrf = html! { input type="hidden" name="csrf" value=(s.csrf); };
    html! {
        @if !s.transfers.is_empty() || s.may_request {
            h2 id="transfer" { (lang.t("transfer-title")) }
            p class="hint" { (lang.t("transfer-hint")) }
        }
        @for t in s.transfers {
            div class="card transfer" data-transfer=(t.row.status) {
                p { strong { (lang.t_args("transfer-line", &[("from", org(&t.row.from_org).into()), ("to", org(&t.row.to_org).into()), ("time", datetime(t.row.requested_at).into())])) } }
                p { (lang.t("transfer-reason")) ": " (t.reason) }
                p { (lang.t(&format!("transfer-status-{}", t.row.status))) }
                @if let Some(a) = &t.answer { p { (lang.t("transfer-answer-reason")) ": " (a) } }
                @if s.to_answer == Some(t.row.id.as_str()) {
                    form method="post" action={ (s.base) "/transfer-answer" } {
                        (hidden_csrf)
                        fieldset {
                            legend { (lang.t("transfer-decision")) }
                            label { input type="radio" name="decision" value="accept" required; " " (lang.t("transfer-accept")) }
                            label { input type="radio" name="decision" value="reject"; " " (lang.t("transfer-reject")) }
                        }
                        label for="transfer-answer-reason" { (lang.t("transfer-answer-reason")) small { (lang.t("transfer-answer-hint")) } }
                        textarea id="transfer-answer-reason" name="reason" maxlength="2000" {}
                        p { button type="submit" { (lang.t("transfer-answer-do")) } }
                    }
                }
            }
        }
        @if s.may_request {
            form method="post" action={ (s.base) "/transfer" } {
                (hidden_csrf)
                label for="transfer-to" { (lang.t("transfer-to")) }
                select id="transfer-to" name="to" required {
                    @for o in s.orgs.values().filter(|o| o.id != s.lead && LEADS.contains(&o.kind)) {
                        option value=(o.id) { (org_name(lang, o)) }
                    }
                }
                label for="transfer-reason" { (lang.t("transfer-reason")) small { (lang.t("transfer-reason-hint")) } }
                textarea id="transfer-reason" name="reason" maxlength="2000" required {}
                p { button type="submit" { (lang.t("transfer-do")) } }
            }
        }
    }
}
