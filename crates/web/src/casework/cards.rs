//! The evidence cards of the case page: what arrived, its digests and perceptual hash, what
//! it matched, its chain of custody, and the form that opens it with a stated reason.

use crate::parts::format::datetime;
use crate::parts::i18n::org_name;
use crate::parts::i18n::Lang;
use crate::service::case_data::CaseData;
use maud::{html, Markup};
use std::collections::BTreeMap;
use zeri_storage::{EventRow, EvidenceRow, MatchRow};

/// Evidence: what arrived, its digests and perceptual hash, what it matched, and its chain
/// of custody. The file itself is behind a form asking for a reason.
pub(super) fn evidence_section(
    lang: Lang,
    d: &CaseData,
    base: &str,
    may_view: bool,
    csrf: &Markup,
    errors: &BTreeMap<String, String>,
) -> Markup {
    html! {
        h2 id="evidence" { (lang.t("evidence-title")) }
        p class="small" { (lang.t("evidence-staff-hint")) }
        @if d.evidence.is_empty() { p class="small" { (lang.t("evidence-none")) } }
        (evidence_cards(lang, d, &d.evidence, &d.matches, base, may_view, csrf, errors))
        @if !d.takedowns.is_empty() {
            h3 { (lang.t("takedown-case-title")) }
            ul { @for t in &d.takedowns {
                li { span class="meta" { (datetime(t.created_at)) } " " code { (t.reference) } " · "
                     (lang.t(&format!("evidence-kind-{}", t.kind))) " · "
                     @if t.withdrawn_at.is_some() { (lang.t("takedowns-state-withdrawn")) } @else {
                         "SHA-256 " code { (t.sha256) } " · " (lang.t(&format!("takedowns-state-{}", t.review.as_str().replace('_', "-"))))
                     } }
            } }
        }
    }
}

fn size(bytes: i64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", (bytes + 1023) / 1024)
    }
}

/// The cards of evidence files (of this case, or of a case merged into it: `evidence` and
/// its `matches`), each opened through this case's evidence path.
#[allow(clippy::too_many_arguments)]
pub(super) fn evidence_cards(
    lang: Lang,
    d: &CaseData,
    evidence: &[EvidenceRow],
    matches: &[MatchRow],
    base: &str,
    may_view: bool,
    csrf: &Markup,
    errors: &BTreeMap<String, String>,
) -> Markup {
    let custody = |id: &str| -> Vec<&EventRow> {
        d.events
            .iter()
            .filter(|e| e.action.starts_with("evidence_"))
            .filter(|e| e.detail.as_deref().and_then(zeri_storage::parse_custody_detail).is_some_and(|(i, _)| i == id))
            .collect()
    };
    let staff_name = |id: &Option<String>| {
        id.as_ref().and_then(|i| d.staff.get(i)).map(|s| s.username.clone()).unwrap_or_else(|| lang.t("custody-system"))
    };
    html! {
        @for (i, e) in evidence.iter().enumerate() {
            @let matches: Vec<_> = matches.iter().filter(|m| m.evidence_id == e.id).collect();
            section class="card evidence" id={ "evidence-" (e.id) } {
                h3 {
                    (lang.t_args("evidence-item", &[("n", ((i + 1) as i64).into())])) " · "
                    (lang.t(&format!("evidence-kind-{}", e.kind))) " · " (size(e.size))
                    @if e.message_id.is_some() { " · " (lang.t("evidence-with-message")) }
                }
                @if !matches.is_empty() {
                    div class="flag" role="note" {
                        strong { (lang.t("evidence-matches")) }
                        ul { @for m in &matches {
                            li {
                                @if let Some(list) = &m.list_name {
                                    (lang.t_args("evidence-match-list", &[("list", list.clone().into()), ("label", m.label.clone().unwrap_or_default().into()), ("source", m.source.clone().unwrap_or_default().into())]))
                                } @else if let (Some(r), Some(case_ref)) = (&m.other_report_id, &m.other_case_ref) {
                                    @if *r == d.case.report.id {
                                        (lang.t("evidence-match-same-case"))
                                    } @else {
                                        (lang.t("evidence-match-case")) " " a href={ "/" (lang.code()) "/staff/reports/" (r) } { (case_ref) }
                                    }
                                } @else if let Some(holder) = &m.other_org_id {
                                    span class="evidence-match-elsewhere" {
                                        (lang.t_args("evidence-match-elsewhere", &[("org", d.orgs.get(holder).map(|o| org_name(lang, o)).unwrap_or_else(|| holder.clone()).into())]))
                                    }
                                }
                                " · " (m.via.to_uppercase()) @if m.via == "pdq" { " " (lang.t_args("evidence-distance", &[("d", m.distance.into())])) }
                            }
                        } }
                    }
                }
                dl class="hashes" {
                    dt { (lang.t("evidence-received")) } dd { (datetime(e.received_at)) }
                    dt { "SHA-256" } dd { code { (e.sha256) } }
                    dt { "MD5" } dd { code { (e.md5) } }
                    @if let (Some(pdq), Some(q)) = (&e.pdq, e.pdq_quality) {
                        dt { "PDQ" } dd { code { (pdq) } " " (lang.t_args("evidence-quality", &[("q", q.into())])) }
                    } @else if e.inspection != "done" {
                        dt { "PDQ" } dd class=[(e.inspection != "pending").then_some("field-error")] {
                            (lang.t(&format!("evidence-inspection-{}", e.inspection)))
                        }
                    }
                }
                details {
                    summary { (lang.t("evidence-custody")) }
                    ol class="custody" { @for c in custody(&e.id) {
                        @let hash = c.detail.as_deref().and_then(zeri_storage::parse_custody_detail).map(|(_, h)| h).unwrap_or("");
                        li {
                            span class="meta" { (datetime(c.at)) } " "
                            (lang.t(&format!("custody-{}", c.action.trim_start_matches("evidence_")))) " · " (staff_name(&c.staff_id))
                            @if hash != e.sha256 { " · " strong class="field-error" { (lang.t("custody-hash-changed")) } }
                        }
                    } }
                }
                @if may_view {
                    form method="post" action={ (base) "/evidence/" (e.id) } {
                        (csrf)
                        @let field = format!("reason-{}", e.id);
                        @if let Some(msg) = errors.get(&field) { p class="field-error" { (msg) } }
                        label for=(field) { (lang.t("evidence-reason")) small { (lang.t("evidence-reason-hint")) } }
                        input type="text" id=(field) name="reason" minlength="10" maxlength="500" required;
                        p { button type="submit" { (lang.t(match e.kind.as_str() { "image" => "evidence-view", "video" => "evidence-watch", _ => "evidence-download" })) } }
                    }
                }
            }
        }
    }
}
