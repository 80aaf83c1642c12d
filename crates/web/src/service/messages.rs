//! The report's thread (follow-up messages and chat), and the history the child sees.

use crate::now_ms;
use crate::parts::i18n::label;
use crate::parts::i18n::org_name;
use crate::parts::i18n::Lang;
use crate::service::case::event_reason;
use crate::service::evidence::PrepareError;
use crate::service::evidence::Upload;
use crate::service::intake::SubmitError;
use crate::App;
use std::collections::BTreeMap;
use zeri_crypto::Sealer;
use zeri_domain::Stage;
use zeri_storage::{Author, EventRow, NewEvent, NewMessage, OrgRow, ReportRow, StoreError};

/// A message from the child, with any evidence files: the message, the evidence rows and
/// their audit and custody entries commit together. A reply to a question, or a message on
/// a closed report, puts the report back in front of a counsellor.
pub(crate) async fn add_survivor_message(
    app: &App,
    report: &ReportRow,
    body: &str,
    files: Vec<Upload>,
) -> Result<(), SubmitError> {
    let now = now_ms();
    let sealer =
        crate::service::case::sealer(app, report).await.map_err(|_| SubmitError::Internal("case key".into()))?;
    if sealer.is_destroyed() {
        return Err(SubmitError::Erased);
    }
    let message = new_message(&sealer, &report.id, Author::Survivor, None, body, now);
    let evidence = crate::service::evidence::prepare(app, &sealer, &report.id, Some(&message.id), files)
        .await
        .map_err(|e| match e {
            PrepareError::Refused(r) => SubmitError::Refused(r),
            PrepareError::Internal(e) => SubmitError::Internal(e),
        })?;
    let event = |action, detail: Option<&str>| NewEvent {
        report_id: Some(report.id.clone()),
        at: now,
        action,
        detail: detail.map(String::from),
        ..NewEvent::default()
    };
    let mut events = vec![event("child-message", None)];
    events.extend(crate::service::evidence::received_events(&report.id, &evidence));
    if let Err(e) = app.store.insert_message_with_evidence(&message, &evidence, &events).await {
        crate::service::evidence::discard(app, &evidence).await;
        return Err(e.into());
    }
    crate::service::evidence::committed(app, &evidence);
    if matches!(report.stage, Stage::WaitingForYou | Stage::Closed) {
        let to = Stage::InReview;
        match app.store.change_stage(&report.id, report.stage, to, &event("stage", Some(to.as_str()))).await {
            Ok(()) | Err(StoreError::Conflict { .. }) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

/// A message sealed under its case's key.
fn new_message(
    sealer: &Sealer,
    report_id: &str,
    author: Author,
    staff_id: Option<&str>,
    body: &str,
    at: i64,
) -> NewMessage {
    let id = uuid::Uuid::new_v4().simple().to_string();
    NewMessage {
        sealed: sealer.seal(body.as_bytes(), zeri_storage::context::message(&id).as_bytes()),
        id,
        report_id: report_id.to_owned(),
        author,
        staff_id: staff_id.map(String::from),
        created_at: at,
        key_id: zeri_storage::context::CASE_KEY_ID.to_owned(),
    }
}

/// Seals a message under its case's key and stores it.
pub async fn store_message(
    app: &App,
    sealer: &Sealer,
    report_id: &str,
    author: Author,
    staff_id: Option<&str>,
    body: &str,
    at: i64,
) -> Result<(), StoreError> {
    app.store.insert_message(&new_message(sealer, report_id, author, staff_id, body, at)).await
}

pub struct Message {
    pub mine: bool,
    pub at: i64,
    pub body: String,
}

/// The report, its messages (decrypted) and what the child sees of its history.
pub struct Status {
    pub report: ReportRow,
    /// Who looks after the report now (and when a transfer moved it).
    pub lead: Option<crate::service::transfer::Lead>,
    pub messages: Vec<Message>,
    pub events: Vec<EventRow>,
    pub orgs: Orgs,
    /// Stated reasons (for revealing identities, for acting under a legal duty), by entry.
    pub reasons: BTreeMap<i64, String>,
    /// Remote session times offered or booked, not yet over.
    pub slots: Vec<zeri_storage::SlotRow>,
    /// The take-down requests joined to the report, and how far each went.
    pub takedowns: Vec<crate::service::sharing::ChildTakedown>,
    /// Who has or asked for the case, and whether the child's consent covers each.
    pub recipients: Vec<crate::service::child_control::Recipient>,
    /// The child chose a passphrase as a second way in.
    pub has_passphrase: bool,
    /// The child's latest request for erasure and its answer.
    pub erasure: Option<crate::service::child_control::ErasureState>,
    /// The last answered chat is not rated yet.
    pub rating_open: bool,
}

pub type Orgs = BTreeMap<String, OrgRow>;

pub async fn load_orgs(app: &App) -> Result<Orgs, StoreError> {
    Ok(app.store.organisations().await?.into_iter().map(|o| (o.id.clone(), o)).collect())
}

/// What the child sees of the audit log: every entry about their report, with repeated
/// readings by the same person within half an hour shown once.
fn child_view(events: Vec<EventRow>) -> Vec<EventRow> {
    let mut out: Vec<EventRow> = Vec::with_capacity(events.len());
    for e in events {
        let reading = matches!(e.action.as_str(), "opened" | "referral-viewed" | "chat-viewed");
        let repeat = reading
            && out.iter().rev().any(|p| {
                p.action == e.action && p.staff_id == e.staff_id && e.at - p.at < crate::service::access::IDLE_MS
            });
        if !repeat {
            out.push(e);
        }
    }
    out
}

pub async fn load_messages(app: &App, sealer: &Sealer, report_id: &str, mine: Author) -> Result<Vec<Message>, String> {
    if sealer.is_destroyed() {
        return Ok(Vec::new());
    }
    let rows = app.store.messages(report_id).await.map_err(|e| e.to_string())?;
    rows.into_iter()
        .map(|m| {
            let body =
                sealer.open(&m.sealed, zeri_storage::context::message(&m.id).as_bytes()).map_err(|e| e.to_string())?;
            Ok(Message { mine: m.author == mine, at: m.created_at, body: String::from_utf8_lossy(&body).into_owned() })
        })
        .collect()
}

pub(crate) async fn load_status(app: &App, report_id: &str) -> Result<Option<Status>, String> {
    let Some(report) = app.store.report(report_id).await.map_err(|e| e.to_string())? else { return Ok(None) };
    // The case's own thread and those of the cases merged into it.
    let (messages, events, reasons) =
        family_thread(app, &report, Author::Survivor, true).await.map_err(|_| "thread".to_owned())?;
    let events = child_view(events);
    let orgs = load_orgs(app).await.map_err(|e| e.to_string())?;
    let lead = crate::service::transfer::child_lead(app, &report, &orgs).await.map_err(|e| e.to_string())?;
    let now = now_ms();
    let slots = app
        .store
        .slots(report_id)
        .await
        .map_err(|e| e.to_string())?
        .into_iter()
        .filter(|s| s.status != "cancelled" && s.starts_at + s.minutes * 60_000 > now)
        .collect();
    let takedowns = crate::service::sharing::child_takedowns(app, report_id).await.map_err(|e| e.to_string())?;
    let recipients =
        crate::service::child_control::recipients(app, &report).await.map_err(|_| "recipients".to_owned())?;
    let has_passphrase = app.store.has_passphrase(report_id).await.map_err(|e| e.to_string())?;
    let erasure = crate::service::child_control::erasure_state(app, &report).await.map_err(|_| "erasure".to_owned())?;
    let rating_open = crate::service::ratings::offer(app, report_id).await.map_err(|_| "rating".to_owned())?.is_some();
    Ok(Some(Status {
        lead,
        report,
        messages,
        events,
        orgs,
        reasons,
        slots,
        takedowns,
        recipients,
        has_passphrase,
        erasure,
        rating_open,
    }))
}

/// The messages, audit entries (in the order they happened) and stated reasons of a case
/// and of every case merged into it, each opened with its own case key.
pub async fn family_thread(
    app: &App,
    report: &ReportRow,
    mine: Author,
    with_messages: bool,
) -> Result<(Vec<Message>, Vec<EventRow>, BTreeMap<i64, String>), crate::service::case::Fail> {
    let mut messages = Vec::new();
    let mut events = Vec::new();
    let mut reasons = BTreeMap::new();
    for id in zeri_storage::merge_family(app.store.as_ref(), &report.id).await? {
        let row = if id == report.id { None } else { app.store.report(&id).await? };
        let sealer = crate::service::case::sealer(app, row.as_ref().unwrap_or(report)).await?;
        if with_messages {
            messages
                .extend(load_messages(app, &sealer, &id, mine).await.map_err(crate::service::case::Fail::Internal)?);
        }
        let own = app.store.events(&id).await?;
        reasons.extend(own.iter().filter_map(|e| event_reason(&sealer, e).map(|r| (e.seq, r))));
        events.extend(own);
    }
    messages.sort_by_key(|m| m.at);
    events.sort_by_key(|e| (e.at, e.seq));
    Ok((messages, events, reasons))
}

/// One line of the child's access log: who (by role and organisation, never by name) did
/// what, when.
pub fn event_text(lang: Lang, e: &EventRow, orgs: &Orgs) -> String {
    event_line(lang, e, orgs, "access", "access-you")
}

/// One line of a report's history as staff read it ("The reporter wrote a message").
pub fn history_text(lang: Lang, e: &EventRow, orgs: &Orgs) -> String {
    event_line(lang, e, orgs, "history", "history-reporter")
}

fn event_line(lang: Lang, e: &EventRow, orgs: &Orgs, prefix: &str, reporter_key: &str) -> String {
    let org_of = |id: &str| orgs.get(id).map(|o| org_name(lang, o)).unwrap_or_else(|| lang.t("org-unknown"));
    let who = match (e.role, &e.org_id) {
        (Some(r), Some(o)) => format!("{} ({})", lang.t(&r.public_name_key()), org_of(o)),
        (Some(r), None) => lang.t(&r.public_name_key()),
        (None, _) => lang.t(reporter_key),
    };
    let detail = e.detail.as_deref().unwrap_or("");
    let mut parts = detail.split(':');
    let (first, second) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let args: Vec<(&str, fluent_bundle::FluentValue)> = match e.action.as_str() {
        "stage" => {
            // The child reads the child's name of the stage; staff the staff's.
            let key = |s: Stage| if prefix == "history" { s.staff_name_key() } else { s.name_key() };
            let stage = Stage::parse(detail).map(|s| lang.t(&key(s))).unwrap_or_default();
            vec![("stage", stage.into())]
        }
        "triaged" => vec![("urgency", label(lang, "urgency", detail).into())],
        // `state:reason:request` and `outcome:count:platform:hash` (codes and ids only).
        "takedown-reviewed" => vec![("state", first.to_owned().into())],
        "hash-reported" => {
            vec![("outcome", first.to_owned().into()), ("count", second.parse::<i64>().unwrap_or(1).into())]
        }
        "outcome" => vec![("outcome", label(lang, "outcome", detail).into())],
        "consent" | "child-consent" => vec![
            (
                "recipient",
                match parts.next().filter(|o| !o.is_empty()) {
                    Some(org) => org_of(org),
                    None => label(lang, "recipient", first),
                }
                .into(),
            ),
            ("decision", label(lang, "consent", second).into()),
        ],
        "referral-sent" | "referral-accepted" | "referral-declined" | "referral-completed" | "exported"
        | "transfer-requested" | "transfer-accepted" | "transfer-rejected" => {
            vec![("org", org_of(detail).into())]
        }
        "referral-legal-duty" => {
            vec![("org", org_of(first).into()), ("duty", label(lang, "legal-duty", second).into())]
        }
        "team-added" => vec![(
            "member",
            format!(
                "{}{}",
                zeri_domain::Role::parse(first).map(|r| lang.t(&r.public_name_key())).unwrap_or_default(),
                if second.is_empty() { String::new() } else { format!(" ({})", org_of(second)) }
            )
            .into(),
        )],
        _ => vec![],
    };
    let mut all = vec![("who", who.into())];
    all.extend(args);
    lang.t_args(&format!("{prefix}-{}", e.action.replace('_', "-")), &all)
}
