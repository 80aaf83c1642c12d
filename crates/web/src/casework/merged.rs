//! The case page's part "From merged cases": the notes, tasks, testimony and evidence files
//! of every case merged into this one, each marked with the merged case's reference. They
//! are read by `service::merged` under this case's permission and audit; an open task is
//! closed, and a file opened, through this case's own forms (`task-done`, `evidence/{e}`).

use crate::casework::cards::evidence_cards;
use crate::parts::format::{date, datetime};
use crate::parts::i18n::Lang;
use crate::service::case_data::CaseData;
use maud::{html, Markup};
use std::collections::BTreeMap;

/// What the user may do with the merged parts (the same rights as with the case's own).
pub(super) struct MergedRights {
    pub manage_tasks: bool,
    pub view_evidence: bool,
}

pub(super) fn section(
    lang: Lang,
    d: &CaseData,
    base: &str,
    csrf: &Markup,
    rights: MergedRights,
    errors: &BTreeMap<String, String>,
) -> Markup {
    let now = crate::now_ms();
    html! {
        @if !d.merged.is_empty() {
            h2 id="merged" { (lang.t("merged-title")) }
            p class="small" { (lang.t("merged-hint")) }
            @for m in &d.merged {
                section class="card merged-parts" data-merged=(m.case_ref) {
                    h3 { (lang.t_args("merged-from", &[("case", m.case_ref.clone().into()), ("date", date(m.merged_at).into())])) }
                    h4 { (lang.t("tasks-title")) }
                    @if m.tasks.is_empty() { p class="small" { (lang.t("tasks-none")) } }
                    ul class="tasks" {
                        @for t in &m.tasks {
                            li class=[t.row.done_at.is_some().then_some("done")] {
                                span class="badge" { (m.case_ref) } " "
                                strong { (t.title) } " · " (t.owner) " · " (lang.t("tasks-due")) " " (date(t.row.due_on * 86_400_000))
                                @if t.row.done_at.is_none() && t.row.due_on * 86_400_000 < now - 86_400_000 { " " span class="badge" { (lang.t("tasks-overdue")) } }
                                @if t.row.done_at.is_none() && rights.manage_tasks {
                                    form method="post" action={ (base) "/task-done" } class="inline" {
                                        (csrf) input type="hidden" name="task" value=(t.row.id);
                                        button type="submit" { (lang.t("tasks-done")) }
                                    }
                                }
                            }
                        }
                    }
                    h4 { (lang.t("notes-title")) }
                    @if m.notes.is_empty() { p class="small" { (lang.t("merged-no-notes")) } }
                    ul class="notes" { @for n in &m.notes {
                        li { span class="meta" { (m.case_ref) " · " (datetime(n.at)) " · " (n.author) } " " (n.body) }
                    } }
                    @if let Some((t, meta)) = &m.testimony {
                        h4 { (lang.t("testimony-title")) }
                        p { (lang.t("testimony-recorded")) " " (date(t.recorded_on * 86_400_000)) " · " (meta.interviewer) " · " (t.size) " B" }
                        p class="meta" { "SHA-256 " code { (t.sha256) } }
                        p class="small" { (lang.t("merged-testimony-kept")) }
                    }
                    h4 { (lang.t("evidence-title")) }
                    @if m.evidence.is_empty() { p class="small" { (lang.t("evidence-none")) } }
                    (evidence_cards(lang, d, &m.evidence, &m.matches, base, rights.view_evidence, csrf, errors))
                }
            }
        }
    }
}
