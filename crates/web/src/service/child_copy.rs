//! A copy of the child's report, for the child: their own words, the messages both ways
//! and the access log, as plain text made on request.

use crate::now_ms;
use crate::parts::i18n::Lang;
use crate::service::case::{open_confidential, Fail};
use crate::service::messages::{event_text, load_status, Status};
use crate::App;
use zeri_storage::NewEvent;

/// A copy of the child's report, generated on request: their own words, the messages both
/// ways, and every entry of the access log, in plain UTF-8 text. Staff appear by role and
/// organisation only (as in the access log); nothing names a person on staff.
pub async fn copy_text(app: &App, lang: Lang, report_id: &str) -> Result<String, Fail> {
    let status: Status = load_status(app, report_id).await.map_err(Fail::Internal)?.ok_or(Fail::NotFound)?;
    let sealer = crate::service::case::sealer(app, &status.report).await?;
    let r = &status.report;
    let mut out = String::new();
    let line = |out: &mut String, s: &str| {
        out.push_str(s);
        out.push('\n');
    };
    line(&mut out, &lang.t("child-copy-heading"));
    line(&mut out, &lang.t_args("child-copy-made", &[("date", crate::parts::format::datetime(now_ms()).into())]));
    line(&mut out, "");
    line(&mut out, &format!("== {} ==", lang.t("child-copy-report")));
    line(&mut out, &format!("{}: {}", lang.t("child-copy-sent"), crate::parts::format::datetime(r.created_at)));
    line(&mut out, &format!("{} {}", lang.t("followup-stage"), lang.t(&r.stage.name_key())));
    line(
        &mut out,
        &format!(
            "{}: {}",
            lang.t("child-copy-category"),
            lang.t(&format!("category-{}", r.category.as_str().replace('_', "-")))
        ),
    );
    if r.erased_at.is_some() || sealer.is_destroyed() {
        line(&mut out, &lang.t("child-copy-erased"));
    } else {
        let c = open_confidential(&sealer, r)?;
        line(&mut out, &format!("{}:", lang.t("child-copy-words")));
        line(&mut out, &c.description);
        if let Some(p) = &c.platform {
            line(&mut out, &format!("{}: {p}", lang.t("child-copy-platform")));
        }
        for l in &c.links {
            line(&mut out, &format!("{}: {l}", lang.t("child-copy-link")));
        }
        // The words of the reports merged into this one (sent with another receipt).
        for id in crate::service::merged::merged_ids(app, &r.id).await? {
            let Some(m) = app.store.report(&id).await? else { continue };
            let s = crate::service::case::sealer(app, &m).await?;
            if m.erased_at.is_none() && !s.is_destroyed() {
                line(&mut out, &format!("{}:", lang.t("child-copy-words")));
                line(&mut out, &open_confidential(&s, &m)?.description);
            }
        }
    }
    if let Some(lead) = &status.lead {
        let org = crate::parts::i18n::org_name(lang, &lead.org);
        line(&mut out, &format!("{}: {org}", lang.t("lead-title")));
        if let Some(at) = lead.moved_at {
            let date = crate::parts::format::date(at);
            line(&mut out, &lang.t_args("lead-moved", &[("org", org.into()), ("date", date.into())]));
        }
    }
    line(&mut out, "");
    line(&mut out, &format!("== {} ==", lang.t("followup-messages")));
    if status.messages.is_empty() {
        line(&mut out, &lang.t("followup-no-messages"));
    }
    for m in &status.messages {
        let who = if m.mine { lang.t("message-from-you") } else { lang.t("message-from-team") };
        line(&mut out, &format!("[{}] {who}:", crate::parts::format::datetime(m.at)));
        line(&mut out, &m.body);
        line(&mut out, "");
    }
    line(&mut out, "");
    line(&mut out, &format!("== {} ==", lang.t("followup-access")));
    for e in &status.events {
        let mut text = format!("[{}] {}", crate::parts::format::datetime(e.at), event_text(lang, e, &status.orgs));
        if let Some(reason) = status.reasons.get(&e.seq) {
            text.push_str(&format!(" ({}: {reason})", lang.t("access-reason")));
        }
        line(&mut out, &text);
    }
    let event =
        NewEvent { report_id: Some(report_id.to_owned()), at: now_ms(), action: "child-copy", ..NewEvent::default() };
    app.store.record_event(&event).await?;
    Ok(out)
}
