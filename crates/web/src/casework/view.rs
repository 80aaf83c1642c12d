//! The case page's view (maud).

use crate::base::auth::csrf_token;
use crate::base::auth::Staff;
use crate::base::chrome::logout_form;
use crate::base::layout::staff_page;
use crate::casework::contents::{on_this_page, CONTENTS};
use crate::parts::format::date;
use crate::parts::format::datetime;
use crate::parts::i18n::label;
use crate::parts::i18n::org_name;
use crate::parts::i18n::Lang;
use crate::service::case::mask;
use crate::service::case::suggested_cpu;
use crate::service::case::Identity;
use crate::service::case_data::CaseData;
use crate::service::messages::history_text;
use crate::service::operations::allowed_ops;
use crate::App;
use axum::response::Html;
use maud::{html, Markup, PreEscaped};
use std::collections::BTreeMap;
use zeri_domain::casework::{
    ConsentDecision, ConsentGiver, LegalDuty, Outcome as CaseOutcome, ReferralStatus, Urgency, SUPPORT_KINDS,
};
use zeri_domain::permission::OrgKind;
use zeri_domain::report::Category;
use zeri_domain::{Action, Stage};
use zeri_storage::OrgRow;

// ----- the view -----

fn guide(lang: Lang, topic: &str) -> Markup {
    html! {
        details class="guide" {
            summary { (lang.t(&format!("guide-{topic}-title"))) }
            @for line in lang.t(&format!("guide-{topic}-body")).lines().map(str::trim).filter(|l| !l.is_empty()) {
                @if let Some(item) = line.strip_prefix("- ") { p class="point" { "• " (item) } } @else { p { (line) } }
            }
        }
    }
}

fn select(id: &str, name: &str, options: &[(String, String)], selected: Option<&str>) -> Markup {
    html! {
        select id=(id) name=(name) {
            @for (v, text) in options {
                option value=(v) selected[selected == Some(v.as_str())] { (text) }
            }
        }
    }
}

/// The refusals of operation `op` (only when that form was sent), beside its fields.
fn errors_for(shown: &Shown, op: &str, fields: &[&str]) -> Markup {
    let sent = shown.input.as_ref().is_some_and(|(o, _)| o == op);
    html! {
        @for f in fields.iter().filter(|_| sent) {
            @if let Some(e) = shown.errors.get(*f) { p class="field-error" role="alert" { (e) } }
        }
    }
}

/// The operations a case page confirms in words after they were done (`?done=`).
pub(crate) const DONE_OPS: &[&str] = &[
    "take",
    "hotline-links",
    "messages",
    "stage",
    "triage",
    "notes",
    "tasks",
    "task-done",
    "consents",
    "referrals",
    "referral-answer",
    "team",
    "meetings",
    "outcomes",
    "contacts",
    "sessions",
    "testimony",
    "link",
    "link-merge",
    "transfer",
    "transfer-answer",
];

pub(crate) fn view(app: &App, lang: Lang, s: &Staff, d: &CaseData, shown: &Shown) -> Html<String> {
    let l = lang.code();
    let c = &d.case;
    let r = &c.report;
    let user = &s.user;
    let base = format!("/{l}/staff/reports/{}", r.id);
    let csrf = csrf_token(app, &s.token);
    let may = |a: Action| c.may(user, a);
    let ops = allowed_ops(user, c);
    let yes_no = |b: bool| lang.t(if b { "yes" } else { "no" });
    let org = |id: &str| d.orgs.get(id).map(|o| org_name(lang, o)).unwrap_or_else(|| id.to_owned());
    let hidden_csrf = html! { input type="hidden" name="csrf" value=(csrf); };
    let today = date(crate::now_ms());
    let referable: Vec<&OrgRow> =
        d.orgs.values().filter(|o| o.id != r.org_id && Some(&o.id) != user.org_id.as_ref()).collect();
    let suggested = suggested_cpu(r);
    // What was typed into the form that was refused, put back so it is corrected, not retyped.
    let kept = |op: &str, field: &str| -> String {
        match &shown.input {
            Some((o, input)) if o == op => input.get(field).cloned().unwrap_or_default(),
            _ => String::new(),
        }
    };
    staff_page(
        lang,
        &r.case_ref,
        on_this_page(
            lang,
            shown.done.as_deref(),
            html! {
                (logout_form(app, lang, s))
                p { a href={ "/" (l) "/staff" } { "← " (lang.t("staff-queue-title")) } }
                h1 {
                    (r.case_ref) " " span class="stage" { (lang.t(&r.stage.staff_name_key())) }
                    @if r.urgency != Urgency::Normal { " " span class="badge" { (label(lang, "urgency", r.urgency.as_str())) } }
                }
                @if let Some(op) = shown.done.as_deref().filter(|op| DONE_OPS.contains(op)) {
                    div class="card done" role="status" { p { strong { (lang.t(&format!("done-{op}"))) } } }
                }
                @if !shown.errors.is_empty() {
                    div class="error-summary" role="alert" {
                        p { strong { (lang.t("case-not-done")) } }
                        ul { @for (field, e) in &shown.errors { li { (lang.t(&format!("case-field-{}", field.replace('_', "-")))) ": " (e) } } }
                    }
                }
                @if r.assigned_to.is_none() && ops.iter().any(|o| o == "take") {
                    form method="post" action={ (base) "/take" } class="inline" {
                        (hidden_csrf)
                        p { button class="primary" type="submit" { (lang.t("case-take")) } " " span class="hint" { (lang.t("case-take-hint")) } }
                    }
                }
                @if r.urgency == Urgency::ImmediateDanger {
                    div class="error-summary" { p { strong { (lang.t("escalation-title")) } } p { (lang.t("escalation-body")) } (guide(lang, "legal-duty")) }
                }
                table class="facts" {
                    tr { th { (lang.t("case-holder")) } td { (org(&r.org_id)) } }
                    tr { th { (lang.t("case-your-relation")) } td { (lang.t(&format!("relation-{}", c.relation.as_str().replace('_', "-")))) } }
                    tr { th { (lang.t("staff-col-received")) } td { (datetime(r.created_at)) } }
                    tr { th { (lang.t("field-reporter")) } td { (label(lang, "reporter", r.reporter.as_str())) } }
                    tr { th { (lang.t("field-category")) } td { (label(lang, "category", r.category.as_str())) } }
                    tr { th { (lang.t("field-age_band")) } td { (label(lang, "age-band", r.age_band.as_str())) } }
                    tr { th { (lang.t("field-location")) } td { (r.municipality.as_deref().unwrap_or("—")) } }
                    @if let Some(conf) = &d.confidential {
                        tr { th { (lang.t("field-when")) } td { (label(lang, "when", conf.when.as_str())) } }
                        tr { th { (lang.t("field-platform")) } td { (conf.platform.as_deref().unwrap_or("—")) } }
                        tr { th { (lang.t("field-contact_method")) } td {
                            (label(lang, "contact", r.contact_method.as_str()))
                            @if let Some(ct) = &conf.contact { " · " span class="masked" { (mask(ct)) } }
                            @if conf.name.is_some() { br; span class="masked" { (lang.t("staff-name-hidden")) } }
                            @if conf.place.is_some() { br; span class="masked" { (lang.t("staff-place-hidden")) } }
                        } }
                    }
                    tr { th { (lang.t("staff-consent-cpo")) } td { (yes_no(r.consent_cpo)) } }
                    tr { th { (lang.t("staff-consent-police")) } td { (yes_no(r.consent_police)) } }
                }

                (PreEscaped(CONTENTS))
                // A referral waiting for this organisation: the referral, and the answer.
                @for f in d.referrals.iter().filter(|f| Some(&f.row.to_org) == user.org_id.as_ref() && f.row.status == ReferralStatus::Sent) {
                    section id="referral-answer" class="card" {
                        h2 { (lang.t("referral-incoming")) }
                        p { (lang.t_args("referral-from", &[("org", org(&r.org_id).into()), ("time", datetime(f.row.created_at).into())])) }
                        @if let Some(note) = &f.text.note { p class="description" { (note) } }
                        @if let Some(duty) = f.row.legal_duty { p { strong { (label(lang, "legal-duty", duty.as_str())) } ": " (f.text.reason.as_deref().unwrap_or("")) } }
                        @if ops.iter().any(|o| o == "referral-answer") {
                            (errors_for(shown, "referral-answer", &["status", "reason", "handler"]))
                            form method="post" action={ (base) "/referral-answer" } {
                                (hidden_csrf)
                                input type="hidden" name="referral" value=(f.row.id);
                                label for="answer-handler" { (lang.t("referral-handler")) small { (lang.t("referral-handler-hint")) } }
                                input type="text" id="answer-handler" name="handler" maxlength="64" autocomplete="off";
                                label for="answer-reason" { (lang.t("referral-answer-reason")) small { (lang.t("referral-answer-reason-hint")) } }
                                textarea id="answer-reason" name="reason" maxlength="500" { (kept("referral-answer", "reason")) }
                                p class="actions" {
                                    button class="primary" type="submit" name="status" value="accepted" { (lang.t("referral-accept")) }
                                    button type="submit" name="status" value="declined" { (lang.t("referral-decline")) }
                                }
                            }
                        }
                    }
                }

                @if let Some(conf) = &d.confidential {
                    section id="reveal" {
                        h2 { (lang.t("reveal-title")) }
                        @if let Some(i) = &shown.identity {
                            div class="card revealed" role="status" {
                                p class="small" { (lang.t("reveal-logged")) }
                                table class="facts" {
                                    tr { th { (lang.t("identity-name")) } td { (i.name.as_deref().unwrap_or("—")) } }
                                    tr { th { (lang.t("identity-contact")) } td { (i.contact.as_deref().unwrap_or("—")) } }
                                    tr { th { (lang.t("identity-place")) } td { (i.place.as_deref().unwrap_or("—")) } }
                                }
                            }
                        } @else if may(Action::RevealIdentity) {
                            p class="small" { (lang.t("staff-masked-note")) }
                            (errors_for(shown, "reveal", &["reason"]))
                            form method="post" action={ (base) "/reveal" } {
                                (hidden_csrf)
                                label for="reveal-reason" { (lang.t("reveal-reason")) small { (lang.t("reveal-reason-hint")) } }
                                textarea id="reveal-reason" name="reason" maxlength="500" required { (kept("reveal", "reason")) }
                                p { button type="submit" { (lang.t("reveal-button")) } }
                            }
                            (guide(lang, "confidentiality"))
                        } @else {
                            p class="small" { (lang.t("reveal-not-allowed")) }
                        }
                    }
                    h2 { (lang.t("field-description")) }
                    div class="card description" { @for line in conf.description.lines() { (line) br; } }
                    @if !conf.links.is_empty() {
                        h2 { (lang.t("field-links")) }
                        p class="hint" { (lang.t("staff-links-warning")) }
                        ul { @for link in &conf.links { li { code { (link) } } } }
                        @if ops.iter().any(|o| o == "hotline-links") {
                            form method="post" action={ (base) "/hotline-links" } id="hotline-links" { (hidden_csrf) button type="submit" { (lang.t("hotline-links-button")) } }
                        }
                        (guide(lang, "evidence"))
                    }
                }

                @if let Some(messages) = &d.messages {
                    h2 id="messages" { (lang.t("followup-messages")) }
                    ul class="messages" {
                        @for m in messages {
                            li class=(if m.mine { "mine" } else { "theirs" }) {
                                span class="meta" { (if m.mine { lang.t("message-from-team") } else { lang.t("message-from-child") }) " · " (datetime(m.at)) }
                                (m.body)
                            }
                        }
                    }
                    @if may(Action::Reply) {
                        (errors_for(shown, "messages", &["body"]))
                        form method="post" action={ (base) "/messages" } {
                            (hidden_csrf)
                            label for="body" { (lang.t("staff-reply")) small { (lang.t("staff-reply-hint")) } }
                            textarea id="body" name="body" maxlength="4000" required { (kept("messages", "body")) }
                            p { button class="primary" type="submit" { (lang.t("staff-send-reply")) } }
                        }
                        (guide(lang, "disclosure"))
                    }
                    @if let Some(pending) = d.erasure_pending.as_ref().filter(|_| may(Action::ChangeStage)) {
                        (crate::casework::erasure::section(lang, &base, &csrf, pending))
                    }
                    @if crate::service::child_receipts::may_reissue(user, c) {
                        (crate::casework::reissue::section(lang, &base, &csrf, None))
                    }
                }

                (crate::casework::transfer::section(lang, &crate::casework::transfer::TransferSection { base: &base, csrf: &csrf, transfers: &d.transfers, orgs: &d.orgs, lead: &r.org_id, may_request: may(Action::RequestTransfer), to_answer: crate::service::transfer::pending_for(c, user).filter(|_| may(Action::AnswerTransfer)).map(|t| t.id.as_str()) }))
                @if may(Action::ReadCase) { (crate::casework::links::section(lang, &base, &csrf, &d.links, may(Action::LinkCases), may(Action::MergeCases))) }

                @if may(Action::Triage) {
                    h2 id="triage" { (lang.t("triage-title")) }
                    form method="post" action={ (base) "/triage" } class="inline" {
                        (hidden_csrf)
                        label for="urgency" { (lang.t("case-field-urgency")) }
                        (select("urgency", "urgency", &Urgency::ALL.iter().map(|u| (u.as_str().to_owned(), label(lang, "urgency", u.as_str()))).collect::<Vec<_>>(), Some(r.urgency.as_str())))
                        label for="category" { (lang.t("field-category")) }
                        (select("category", "category", &Category::ALL.iter().map(|c| (c.as_str().to_owned(), label(lang, "category", c.as_str()))).collect::<Vec<_>>(), Some(r.category.as_str())))
                        p class="hint" { (lang.t("triage-hint")) }
                        p { button type="submit" { (lang.t("triage-save")) } }
                    }
                }

                @if may(Action::ChangeStage) {
                    h2 id="stage" { (lang.t("staff-move-stage")) }
                    (errors_for(shown, "stage", &["stage"]))
                    form method="post" action={ (base) "/stage" } {
                        (hidden_csrf)
                        label for="stage-to" { (lang.t("staff-next-stage")) }
                        select id="stage-to" name="stage" {
                            @for st in r.stage.next() { option value=(st.as_str()) { (lang.t(&st.staff_name_key())) } }
                        }
                        p class="hint" { (lang.t("staff-stage-hint")) }
                        p { button type="submit" { (lang.t("staff-move")) } }
                    }
                }

                @if may(Action::ReadCase) {
                    h2 id="tasks" { (lang.t("tasks-title")) }
                    @if d.tasks.is_empty() { p class="small" { (lang.t("tasks-none")) } }
                    ul class="tasks" {
                        @for t in &d.tasks {
                            li class=[t.row.done_at.is_some().then_some("done")] {
                                strong { (t.title) } " · " (t.owner) " · " (lang.t("tasks-due")) " " (date(t.row.due_on * 86_400_000))
                                @if t.row.done_at.is_none() && t.row.due_on * 86_400_000 < crate::now_ms() - 86_400_000 { " " span class="badge" { (lang.t("tasks-overdue")) } }
                                @if t.row.done_at.is_none() && may(Action::ManageTasks) {
                                    form method="post" action={ (base) "/task-done" } class="inline" {
                                        (hidden_csrf) input type="hidden" name="task" value=(t.row.id);
                                        button type="submit" { (lang.t("tasks-done")) }
                                    }
                                }
                            }
                        }
                    }
                    @if may(Action::ManageTasks) {
                        (errors_for(shown, "tasks", &["title", "owner", "due"]))
                        form method="post" action={ (base) "/tasks" } {
                            (hidden_csrf)
                            label for="task-title" { (lang.t("tasks-what")) }
                            input type="text" id="task-title" name="title" maxlength="200" value=(kept("tasks", "title")) required;
                            label for="task-owner" { (lang.t("tasks-owner")) small { (lang.t("tasks-owner-hint")) } }
                            input type="text" id="task-owner" name="owner" maxlength="64" placeholder=(user.username);
                            label for="task-due" { (lang.t("tasks-due")) }
                            input type="date" id="task-due" name="due" value=(today) required;
                            p { button type="submit" { (lang.t("tasks-add")) } }
                        }
                    }

                    h2 id="notes" { (lang.t("notes-title")) }
                    ul { @for n in &d.notes { li { span class="meta" { (datetime(n.at)) " · " (n.author) } (n.body) } } }
                    @if may(Action::WriteNote) {
                        (errors_for(shown, "notes", &["body"]))
                        form method="post" action={ (base) "/notes" } {
                            (hidden_csrf)
                            label for="note-body" { (lang.t("notes-add")) small { (lang.t("notes-hint")) } }
                            textarea id="note-body" name="body" maxlength="4000" required { (kept("notes", "body")) }
                            p { button type="submit" { (lang.t("notes-save")) } }
                        }
                    }

                    h2 id="consents" { (lang.t("case-consent-title")) }
                    ul {
                        li { (lang.t("staff-consent-cpo")) ": " (yes_no(r.consent_cpo)) " · " span class="meta" { (lang.t("consent-in-form")) } }
                        li { (lang.t("staff-consent-police")) ": " (yes_no(r.consent_police)) " · " span class="meta" { (lang.t("consent-in-form")) } }
                        @for v in &d.consents {
                            li {
                                (label(lang, "recipient", v.row.kind.as_str()))
                                @if let Some(o) = &v.row.org_id { " (" (org(o)) ")" }
                                ": " strong { (label(lang, "consent", v.row.decision.as_str())) }
                                " · " (label(lang, "giver", v.row.giver.as_str())) " · " (datetime(v.row.at))
                                @if let Some(e) = &v.explained { br; span class="meta" { (lang.t("consent-explained")) ": " (e) } }
                            }
                        }
                    }
                    @if may(Action::RecordConsent) {
                        (errors_for(shown, "consents", &["recipient", "org", "giver", "decision", "explained"]))
                        form method="post" action={ (base) "/consents" } {
                            (hidden_csrf)
                            label for="consent-recipient" { (lang.t("consent-recipient")) }
                            (select("consent-recipient", "recipient", &[OrgKind::ChildProtectionUnit, OrgKind::Police, OrgKind::Prosecution, OrgKind::Barnahus, OrgKind::Service].iter().map(|k| (k.as_str().to_owned(), label(lang, "recipient", k.as_str()))).collect::<Vec<_>>(), None))
                            label for="consent-org" { (lang.t("consent-org")) small { (lang.t("consent-org-hint")) } }
                            (select("consent-org", "org", &std::iter::once((String::new(), "—".to_owned())).chain(d.orgs.values().filter(|o| o.kind == OrgKind::Service).map(|o| (o.id.clone(), org_name(lang, o)))).collect::<Vec<_>>(), None))
                            label for="consent-giver" { (lang.t("consent-giver")) }
                            (select("consent-giver", "giver", &ConsentGiver::ALL.iter().map(|g| (g.as_str().to_owned(), label(lang, "giver", g.as_str()))).collect::<Vec<_>>(), None))
                            label for="consent-decision" { (lang.t("consent-decision")) }
                            (select("consent-decision", "decision", &ConsentDecision::ALL.iter().map(|g| (g.as_str().to_owned(), label(lang, "consent", g.as_str()))).collect::<Vec<_>>(), None))
                            label for="consent-explained" { (lang.t("consent-explained")) small { (lang.t("consent-explained-hint")) } }
                            textarea id="consent-explained" name="explained" maxlength="1000" required { (kept("consents", "explained")) }
                            p { button type="submit" { (lang.t("consent-save")) } }
                        }
                    }
                }

                @if may(Action::ReadCase) || !d.referrals.is_empty() {
                    h2 id="referrals" { (lang.t("referrals-title")) }
                    ul {
                        @for f in &d.referrals {
                            li {
                                strong { (f.org.as_ref().map(|o| org_name(lang, o)).unwrap_or_default()) } " · " (label(lang, "referral", f.row.status.as_str()))
                                " · " (datetime(f.row.created_at))
                                @if let Some(duty) = f.row.legal_duty { br; span class="badge" { (label(lang, "legal-duty", duty.as_str())) } " " (f.text.reason.as_deref().unwrap_or("")) }
                                @if let Some(n) = &f.text.note { br; span class="meta" { (n) } }
                                @if let Some(a) = &f.answer { br; span class="meta" { (lang.t("referral-answer")) ": " (a) } }
                                @if f.row.status == ReferralStatus::Accepted && Some(&f.row.to_org) == user.org_id.as_ref() && may(Action::AnswerReferral) {
                                    form method="post" action={ (base) "/referral-answer" } class="inline" {
                                        (hidden_csrf) input type="hidden" name="referral" value=(f.row.id);
                                        button type="submit" name="status" value="completed" { (lang.t("referral-complete")) }
                                    }
                                }
                            }
                        }
                    }
                    @if may(Action::Refer) {
                        (errors_for(shown, "referrals", &["to", "note", "legal_duty"]))
                        form method="post" action={ (base) "/referrals" } {
                            (hidden_csrf)
                            label for="refer-to" { (lang.t("refer-to")) @if suggested.is_some() { small { (lang.t("refer-suggested")) } } }
                            (select("refer-to", "to", &referable.iter().map(|o| (o.id.clone(), org_name(lang, o))).collect::<Vec<_>>(), suggested.as_deref()))
                            label for="refer-note" { (lang.t("refer-note")) small { (lang.t("refer-note-hint")) } }
                            textarea id="refer-note" name="note" maxlength="2000" { (kept("referrals", "note")) }
                            label for="refer-duty" { (lang.t("refer-legal-duty")) small { (lang.t("refer-legal-duty-hint")) } }
                            (select("refer-duty", "legal_duty", &std::iter::once((String::new(), lang.t("refer-with-consent"))).chain(LegalDuty::ALL.iter().map(|l| (l.as_str().to_owned(), label(lang, "legal-duty", l.as_str())))).collect::<Vec<_>>(), None))
                            label for="refer-reason" { (lang.t("refer-reason")) small { (lang.t("reveal-reason-hint")) } }
                            textarea id="refer-reason" name="reason" maxlength="500" { (kept("referrals", "reason")) }
                            p { button class="primary" type="submit" { (lang.t("refer-send")) } }
                        }
                        (guide(lang, "referral"))
                    }
                }

                @if may(Action::ReadCase) {
                    h2 id="team" { (lang.t("team-title")) }
                    p class="small" { (lang.t("team-hint")) }
                    ul { @for m in &d.team { li { (m.user.username) " · " (lang.t(&m.user.role.public_name_key())) @if let Some(o) = &m.org { " · " (org_name(lang, o)) } } } }
                    @if may(Action::ManageTeam) {
                        (errors_for(shown, "team", &["username"]))
                        form method="post" action={ (base) "/team" } {
                            (hidden_csrf)
                            label for="team-username" { (lang.t("team-add")) small { (lang.t("team-add-hint")) } }
                            input type="text" id="team-username" name="username" maxlength="64" required;
                            p { button type="submit" { (lang.t("team-add-button")) } }
                        }
                    }
                    h3 id="meetings" { (lang.t("meetings-title")) }
                    @for m in &d.meetings {
                        div class="card" {
                            p { strong { (date(m.row.held_on * 86_400_000)) } " · " (m.text.attendees) }
                            p { (m.text.decisions) }
                            @if let Some(a) = &m.text.actions { p class="meta" { (a) } }
                        }
                    }
                    @if may(Action::ManageTeam) {
                        (errors_for(shown, "meetings", &["held_on", "attendees", "decisions", "actions"]))
                        form method="post" action={ (base) "/meetings" } {
                            (hidden_csrf)
                            label for="meeting-date" { (lang.t("meetings-date")) }
                            input type="date" id="meeting-date" name="held_on" value=(today) required;
                            label for="meeting-attendees" { (lang.t("meetings-attendees")) }
                            textarea id="meeting-attendees" name="attendees" maxlength="1000" required { (kept("meetings", "attendees")) }
                            label for="meeting-decisions" { (lang.t("meetings-decisions")) }
                            textarea id="meeting-decisions" name="decisions" maxlength="4000" required { (kept("meetings", "decisions")) }
                            label for="meeting-actions" { (lang.t("meetings-actions")) small { (lang.t("meetings-actions-hint")) } }
                            textarea id="meeting-actions" name="actions" maxlength="2000" { (kept("meetings", "actions")) }
                            p { button type="submit" { (lang.t("meetings-save")) } }
                        }
                    }

                    h2 id="testimony" { (lang.t("testimony-title")) }
                    p class="small" { (lang.t("testimony-hint")) }
                    @if let Some((t, meta)) = &d.testimony {
                        p { (lang.t("testimony-recorded")) " " (date(t.recorded_on * 86_400_000)) " · " (meta.interviewer) " · " (t.size) " B" }
                        p class="meta" { "SHA-256 " code { (t.sha256) } }
                        @if may(Action::ReadTestimony) {
                            p { a class="button" href={ (base) "/testimony" } { (lang.t("testimony-open")) } }
                            p class="small" { (lang.t("testimony-logged")) }
                        }
                    } @else if may(Action::AddTestimony) {
                        (errors_for(shown, "testimony", &["file", "recorded_on", "interviewer", "notes"]))
                        form method="post" action={ (base) "/testimony" } enctype="multipart/form-data" {
                            (hidden_csrf)
                            label for="testimony-file" { (lang.t("testimony-file")) }
                            input type="file" id="testimony-file" name="file" required;
                            p class="small" { (lang.t("testimony-blob-limit")) }
                            label for="testimony-date" { (lang.t("testimony-date")) }
                            input type="date" id="testimony-date" name="recorded_on" value=(today) required;
                            label for="testimony-interviewer" { (lang.t("testimony-interviewer")) }
                            input type="text" id="testimony-interviewer" name="interviewer" maxlength="200" required;
                            label for="testimony-notes" { (lang.t("testimony-notes")) }
                            textarea id="testimony-notes" name="notes" maxlength="2000" {}
                            p { button type="submit" { (lang.t("testimony-save")) } }
                        }
                    } @else {
                        p class="small" { (lang.t("testimony-none")) }
                    }
                }

                @if may(Action::ReadCase) {
                    (crate::casework::cards::evidence_section(lang, d, &base, may(Action::ViewEvidence), &hidden_csrf, &shown.errors))
                    (crate::casework::merged::section(lang, d, &base, &hidden_csrf, crate::casework::merged::MergedRights { manage_tasks: may(Action::ManageTasks), view_evidence: may(Action::ViewEvidence) }, &shown.errors))
                }

                @if may(Action::ReadCase) {
                    h2 id="contacts" { (lang.t("case-contacts")) }
                    ul { @for (c, summary) in &d.contacts {
                        li {
                            span class="meta" { (datetime(c.at)) @if let Some(m) = c.minutes { " · " (m) " min" } " · " (lang.t(&format!("phone-follow-up-{}", c.follow_up))) }
                            br; (summary)
                        }
                    } }
                    @if may(Action::Reply) {
                        (errors_for(shown, "contacts", &["summary", "follow_up", "minutes"]))
                        details {
                            summary { (lang.t("case-contacts-add")) }
                            form method="post" action={ (base) "/contacts" } {
                                (hidden_csrf)
                                label for="contact-summary" { (lang.t("phone-summary")) }
                                textarea id="contact-summary" name="summary" maxlength="4000" required { (kept("contacts", "summary")) }
                                label for="contact-follow-up" { (lang.t("phone-follow-up")) }
                                (select("contact-follow-up", "follow_up", &crate::service::phone::FOLLOW_UPS.iter().map(|f| ((*f).to_owned(), lang.t(&format!("phone-follow-up-{f}")))).collect::<Vec<_>>(), None))
                                label for="contact-minutes" { (lang.t("phone-minutes")) }
                                input type="number" id="contact-minutes" name="minutes" min="0" max="600";
                                p { button type="submit" { (lang.t("phone-save")) } }
                            }
                        }
                    }
                }

                @if may(Action::ReadCase) {
                    (crate::casework::sessions::case_section(lang, &d.slots, &|id| d.staff.get(id).map(|s| s.username.clone()).unwrap_or_default(),
                        may(Action::Reply).then(|| html! {
                            (errors_for(shown, "sessions", &["at1", "at2", "at3", "minutes"]))
                            details {
                                summary { (lang.t("sessions-offer")) }
                                form method="post" action={ (base) "/sessions" } {
                                    (hidden_csrf)
                                    p class="hint" { (lang.t("sessions-offer-hint")) }
                                    @for (i, f) in ["at1", "at2", "at3"].iter().enumerate() {
                                        label for=(f) { (lang.t_args("sessions-time", &[("n", ((i + 1) as i64).into())])) }
                                        input type="datetime-local" id=(f) name=(f) required[i == 0];
                                    }
                                    label for="session-minutes" { (lang.t("sessions-minutes")) }
                                    input type="number" id="session-minutes" name="minutes" min="15" max="120" value="45";
                                    p { button type="submit" { (lang.t("sessions-offer-save")) } }
                                }
                            }
                        })))
                }

                @if may(Action::ReadCase) {
                    h2 id="outcomes" { (lang.t("outcomes-title")) }
                    @if d.outcomes.is_empty() { p class="small" { (lang.t("outcomes-none")) } }
                    ul { @for o in &d.outcomes {
                        li {
                            span class="meta" { (date(o.occurred_on * 86_400_000)) } " "
                            (label(lang, "outcome", o.outcome.as_str()))
                            @if let Some(k) = o.support_kind { ": " (label(lang, "kind", k.as_str())) }
                        }
                    } }
                    @if may(Action::RecordOutcome) {
                        (errors_for(shown, "outcomes", &["outcome", "support_kind", "on"]))
                        form method="post" action={ (base) "/outcomes" } {
                            (hidden_csrf)
                            label for="outcome" { (lang.t("outcomes-what")) }
                            (select("outcome", "outcome", &CaseOutcome::ALL.iter().map(|o| (o.as_str().to_owned(), label(lang, "outcome", o.as_str()))).collect::<Vec<_>>(), None))
                            label for="support-kind" { (lang.t("outcomes-support-kind")) small { (lang.t("outcomes-support-kind-hint")) } }
                            (select("support-kind", "support_kind", &std::iter::once((String::new(), "—".to_owned())).chain(SUPPORT_KINDS.iter().map(|k| (k.as_str().to_owned(), label(lang, "kind", k.as_str())))).collect::<Vec<_>>(), None))
                            label for="outcome-on" { (lang.t("outcomes-on")) }
                            input type="date" id="outcome-on" name="on" value=(today) required;
                            p { button type="submit" { (lang.t("outcomes-save")) } }
                        }
                    }
                }

                @if may(Action::Export) {
                    h2 id="exports" { (lang.t("export-title")) }
                    p class="small" { (lang.t("export-hint")) }
                    (errors_for(shown, "exports", &["recipient", "reason"]))
                    form method="post" action={ (base) "/exports" } {
                        (hidden_csrf)
                        label for="export-recipient" { (lang.t("export-recipient")) }
                        (select("export-recipient", "recipient", &d.orgs.values().filter(|o| matches!(o.kind, OrgKind::Police | OrgKind::Prosecution)).map(|o| (o.id.clone(), org_name(lang, o))).collect::<Vec<_>>(), None))
                        label for="export-reason" { (lang.t("export-reason")) small { (lang.t("export-reason-hint")) } }
                        textarea id="export-reason" name="reason" maxlength="500" {}
                        p { button type="submit" { (lang.t("export-button")) } }
                    }
                    (guide(lang, "export"))
                }

                @if !d.events.is_empty() {
                    h2 { (lang.t("staff-history")) }
                    ul class="history" {
                        @for e in &d.events {
                            li {
                                span class="meta" { (datetime(e.at)) @if let Some(o) = &e.org_id { " · " (org(o)) } }
                                (history_text(lang, e, &d.orgs))
                                @if let Some(reason) = d.reasons.get(&e.seq) { br; span class="meta" { (lang.t("history-reason")) ": " (reason) } }
                            }
                        }
                    }
                }
                @if matches!(r.stage, Stage::Closed) { p class="small" { (lang.t("case-closed-note")) } }
            },
        ),
    )
}

/// What this one response shows besides the case: errors of a form, a revealed identity.
#[derive(Default)]
pub(crate) struct Shown {
    pub(crate) errors: BTreeMap<String, String>,
    pub(crate) identity: Option<Identity>,
    /// The operation just done, confirmed in words at the top of the page.
    pub(crate) done: Option<String>,
    /// A refused operation and what was typed into it.
    pub(crate) input: Option<(String, BTreeMap<String, String>)>,
}
