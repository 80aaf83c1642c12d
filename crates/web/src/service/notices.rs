//! Notice and take-down (issue 17, point 4): where an item is hosted ([`locate`]), the
//! notice to the host's abuse contact with the referral to the police's cybercrime unit
//! ([`send_notice`]), the host's answers ([`record_answer`]), re-checks ([`recheck`], and
//! the job's [`notice_pass`]: a reminder after the configured days without an answer) and
//! the analyst's finding that it is gone or still there ([`confirm`]). No axum, no maud.
//!
//! - Who may: `ItemAction::TakeDown` through `service::hotline::permitted` (hotline
//!   analysts of a hotline organisation; `NotFound` for anyone else).
//! - Locating is DNS only (`service::hosting::lookup`, which audits it with the URL as a
//!   keyed digest): nothing here opens a connection to a reported address.
//! - Every step is one transaction with its audit entry (`item-…`, item id first).
//! - Mails wait in their `notices` row until the mail loop hands them to the SMTP server
//!   ([`mail_round`]), so nothing is lost while it is away; their text (the URL, which a
//!   notice must name) is sealed under the master key, never logged.

use crate::now_ms;
use crate::parts::hosting::HostingFacts;
use crate::parts::i18n::{label, Lang};
use crate::service::case::{invalid, new_id, Fail};
use crate::service::hosting::{host_by_id, host_for, lookup, HostEntry, HostingFail};
use crate::service::hotline::{item_ref, permitted};
use crate::App;
use crate::AppState;
use serde::{Deserialize, Serialize};
use zeri_domain::notice::{police_referral, reminder, takedown_notice, HotlineContact, Notice, NoticeFacts};
use zeri_domain::permission::ItemAction;
use zeri_storage::{
    ContentItemRow, ItemLocation, NewEvent, NoticeRow, NoticeStep, StaffRow, StoreError, NOTICE_CHANGED,
};

/// The country whose hosts the hotline sends notices to itself.
pub const HOME_COUNTRY: &str = "AL";
/// Longest answer or note an analyst records.
pub const MAX_TEXT: usize = 4000;
/// How often the job looks for reminders and re-checks due.
const PASS_EVERY: std::time::Duration = std::time::Duration::from_secs(600);

/// Why a take-down step was not done: the item's own answer, or the lookup's.
pub enum NoticeFail {
    Item(Fail),
    Hosting(HostingFail),
}

impl From<Fail> for NoticeFail {
    fn from(f: Fail) -> Self {
        NoticeFail::Item(f)
    }
}

impl From<HostingFail> for NoticeFail {
    fn from(f: HostingFail) -> Self {
        NoticeFail::Hosting(f)
    }
}

impl From<StoreError> for NoticeFail {
    fn from(e: StoreError) -> Self {
        NoticeFail::Item(Fail::Internal(e.to_string()))
    }
}

/// What a timeline row keeps sealed (`context::notice`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Sealed {
    /// The analyst's free text (an answer may quote the host).
    text: Option<String>,
    /// The mail: recipient, where answers go, and the notice itself.
    to: Option<String>,
    reply_to: Option<String>,
    notice: Option<Notice>,
}

fn seal(app: &App, id: &str, s: &Sealed) -> Vec<u8> {
    let plain = serde_json::to_vec(s).expect("plain strings serialise");
    app.keys.seal(&plain, zeri_storage::context::notice(id).as_bytes())
}

fn open(app: &App, row: &NoticeRow) -> Result<Sealed, StoreError> {
    let Some(sealed) = &row.sealed else { return Ok(Sealed::default()) };
    let plain = app
        .keys
        .open(sealed, zeri_storage::context::notice(&row.id).as_bytes())
        .map_err(|e| StoreError::Corrupt(format!("notices.sealed: {e}")))?;
    serde_json::from_slice(&plain).map_err(|e| StoreError::Corrupt(format!("notices.sealed: {e}")))
}

fn event(user: Option<&StaffRow>, at: i64, action: &'static str, detail: String) -> NewEvent {
    NewEvent {
        at,
        staff_id: user.map(|u| u.id.clone()),
        role: user.map(|u| u.role),
        org_id: user.and_then(|u| u.org_id.clone()),
        action,
        detail: Some(detail),
        ..NewEvent::default()
    }
}

fn row(item_id: &str, at: i64, kind: &str, user: Option<&StaffRow>) -> NoticeRow {
    NoticeRow {
        id: new_id(),
        item_id: item_id.to_owned(),
        at,
        kind: kind.to_owned(),
        staff_id: user.map(|u| u.id.clone()),
        host_id: None,
        outcome: None,
        sealed: None,
        mail_state: None,
        mailed_at: None,
    }
}

fn changed(e: StoreError) -> NoticeFail {
    match e {
        StoreError::Conflict { constraint } if constraint == NOTICE_CHANGED => {
            NoticeFail::Item(Fail::Conflict("item-changed"))
        }
        StoreError::NotFound => NoticeFail::Item(Fail::NotFound),
        e => e.into(),
    }
}

/// The item's own URL, opened (for locating it and for the notice; never logged).
async fn own_url(app: &App, item: &ContentItemRow) -> Result<String, StoreError> {
    let urls = app.store.content_urls(&item.id).await?;
    let u = urls.first().ok_or_else(|| StoreError::Corrupt("an item without its URL".into()))?;
    let context = zeri_storage::context::content_url(&u.url_digest);
    let plain = app.keys.open(&u.url_sealed, context.as_bytes()).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    Ok(String::from_utf8_lossy(&plain).into_owned())
}

/// The entry of the hosts table with this id, opened.
async fn host_entry(app: &App, host_id: Option<&str>) -> Result<Option<HostEntry>, StoreError> {
    match host_id {
        Some(id) => host_by_id(app, id).await,
        None => Ok(None),
    }
}

// ----- the item's take-down as its page shows it -----

/// One entry of the timeline, opened.
#[derive(Debug, Clone)]
pub struct TimelineEntry {
    pub row: NoticeRow,
    /// The analyst's text.
    pub text: Option<String>,
    /// Where its mail went (or goes).
    pub to: Option<String>,
    /// The staff member's username; `None`: the notice job.
    pub by: Option<String>,
}

/// Everything the item page shows of its take-down.
#[derive(Debug, Clone)]
pub struct Takedown {
    pub item: ContentItemRow,
    /// The entry of the hosts table the item was located at.
    pub host: Option<HostEntry>,
    /// When the job reminds and re-checks next.
    pub due_at: Option<i64>,
    pub timeline: Vec<TimelineEntry>,
    /// Why a notice cannot be sent now (an error code), `None`: it can.
    pub notice_blocked: Option<&'static str>,
    /// A notice went to the host.
    pub noticed: bool,
    /// `removed_at − created_at`: from the first report to being seen gone.
    pub time_to_removal: Option<i64>,
}

/// Why a notice cannot be sent for the item now, as an error code.
fn notice_blocked(app: &App, item: &ContentItemRow, host: Option<&HostEntry>, noticed: bool) -> Option<&'static str> {
    if item.removed_at.is_some() {
        Some("notice-removed")
    } else if noticed {
        Some("notice-already-sent")
    } else if item.classification.is_none_or(|c| !c.verdict.illegal()) {
        Some("notice-not-illegal")
    } else if item.hosting_country.is_none() {
        Some("notice-not-located")
    } else if item.hosting_country.as_deref() != Some(HOME_COUNTRY) {
        Some("notice-not-in-albania")
    } else if host.is_none_or(|h| h.host.abuse_email.is_none()) {
        Some("notice-no-abuse-contact")
    } else if app.mailer.is_none() {
        Some("notice-mail-not-configured")
    } else {
        None
    }
}

/// The item's take-down: where it was located, the host entry, the timeline. Audited as
/// `item-takedown-viewed` (answers may quote a host), unless `opened`: read with the item
/// itself, whose opening (`service::hotline::open_item`) is audited in the same request.
pub async fn takedown(app: &App, user: &StaffRow, id: &str, opened: bool) -> Result<Takedown, NoticeFail> {
    let item = permitted(app, user, id, ItemAction::TakeDown).await?;
    let t = app.store.item_takedown(id).await?.ok_or(Fail::NotFound)?;
    let host = host_entry(app, t.host_id.as_deref()).await?;
    let mut timeline = Vec::new();
    for r in app.store.notices(id).await? {
        let s = open(app, &r)?;
        let by = match &r.staff_id {
            Some(s) => Some(app.store.staff_by_id(s).await?.map(|s| s.username).unwrap_or_default()),
            None => None,
        };
        timeline.push(TimelineEntry { text: s.text, to: s.to, by, row: r });
    }
    let noticed = timeline.iter().any(|e| e.row.kind == "notice");
    if !opened {
        app.store.record_event(&event(Some(user), now_ms(), "item-takedown-viewed", id.to_owned())).await?;
    }
    Ok(Takedown {
        notice_blocked: notice_blocked(app, &item, host.as_ref(), noticed),
        time_to_removal: item.removed_at.map(|r| (r - item.created_at).max(0)),
        item,
        host,
        due_at: t.due_at,
        timeline,
        noticed,
    })
}

// ----- locating -----

/// Where the item is hosted now: its URL's host name resolved (never fetched), placed in a
/// country, matched to an entry of the hosts table; recorded on the item
/// (`hosting_country`, `hosting_checked_at`, the entry) with `item-located`.
pub async fn locate(app: &App, user: &StaffRow, id: &str) -> Result<(HostingFacts, Option<HostEntry>), NoticeFail> {
    let item = permitted(app, user, id, ItemAction::TakeDown).await?;
    let url = own_url(app, &item).await?;
    let facts = lookup(app, user, &url).await?;
    let host = host_for(app, &facts).await?;
    let at = now_ms();
    let country = facts.country.clone().unwrap_or_else(|| "unknown".into());
    let host_id = host.as_ref().map(|h| h.id.clone());
    let detail = format!("{id} country:{country} host:{}", host_id.as_deref().unwrap_or("none"));
    let step = NoticeStep {
        item_id: id.to_owned(),
        location: Some(ItemLocation { country: facts.country.clone(), checked_at: facts.checked_at, host_id }),
        events: vec![event(Some(user), at, "item-located", detail)],
        ..NoticeStep::default()
    };
    app.store.notice_step(&step).await.map_err(changed)?;
    Ok((facts, host))
}

// ----- the notice -----

/// The hotline as it signs a notice: its organisation's name and its address (the
/// configured one, else the sender's).
async fn hotline_contact(app: &App, user: &StaffRow) -> Result<(String, Option<String>), StoreError> {
    let name = match &user.org_id {
        Some(org) => app.store.organisation(org).await?.map(|o| o.name),
        None => None,
    };
    let email = app.config.notices.hotline_email.clone().or_else(|| {
        app.config.mail.as_ref().map(|m| {
            let f = m.from.trim();
            match (f.find('<'), f.rfind('>')) {
                (Some(a), Some(b)) if a < b => f[a + 1..b].to_owned(),
                _ => f.to_owned(),
            }
        })
    });
    Ok((name.unwrap_or_else(|| "Zëri".into()), email))
}

fn classification_words(item: &ContentItemRow) -> Option<String> {
    let c = item.classification?;
    let verdict = |lang| label(lang, "verdict", c.verdict.as_str());
    Some(format!("{} / {}", verdict(Lang::Sq), verdict(Lang::En)))
}

/// Sends the notice for an item hosted in Albania to its host's abuse contact, and the
/// referral to the police's cybercrime unit (e-mailed when its address is configured,
/// recorded either way). Both mails wait in the outbox for the mail loop; the job reminds
/// the host after the configured days without an answer.
pub async fn send_notice(app: &App, user: &StaffRow, id: &str) -> Result<(), NoticeFail> {
    let item = permitted(app, user, id, ItemAction::TakeDown).await?;
    let t = app.store.item_takedown(id).await?.ok_or(Fail::NotFound)?;
    let host = host_entry(app, t.host_id.as_deref()).await?;
    let noticed = app.store.notices(id).await?.iter().any(|r| r.kind == "notice");
    if let Some(code) = notice_blocked(app, &item, host.as_ref(), noticed) {
        return Err(Fail::Conflict(code).into());
    }
    let host = host.expect("checked: an entry with an abuse contact");
    let to = host.host.abuse_email.clone().expect("checked: an abuse contact");
    let url = own_url(app, &item).await?;
    let (name, email) = hotline_contact(app, user).await?;
    let classification = classification_words(&item);
    let reference = item_ref(&item.id);
    let facts = NoticeFacts {
        item_ref: &reference,
        url: &url,
        classification: classification.as_deref(),
        found_at: item.created_at,
        host_name: &host.host.name,
        hotline: HotlineContact { name: &name, email: email.as_deref().unwrap_or(""), phone: None, website: None },
    };
    let at = now_ms();
    let mut notice = row(id, at, "notice", Some(user));
    notice.host_id = Some(host.id.clone());
    notice.mail_state = Some("pending".into());
    let sealed = Sealed { to: Some(to), reply_to: email.clone(), notice: Some(takedown_notice(&facts)), text: None };
    notice.sealed = Some(seal(app, &notice.id, &sealed));
    // A millisecond after the notice, so the timeline reads in the order things happen.
    let mut referral = row(id, at + 1, "referral", Some(user));
    referral.host_id = Some(host.id.clone());
    let police = app.config.notices.cybercrime_email.clone();
    referral.mail_state = police.as_ref().map(|_| "pending".into());
    let sealed =
        Sealed { to: police.clone(), reply_to: email.clone(), notice: Some(police_referral(&facts)), text: None };
    referral.sealed = Some(seal(app, &referral.id, &sealed));
    let events = vec![
        event(Some(user), at, "item-notice-sent", format!("{id} host:{}", host.id)),
        event(
            Some(user),
            at,
            "item-referred",
            format!("{id} police:{}", if police.is_some() { "mailed" } else { "recorded" }),
        ),
    ];
    let step = NoticeStep {
        item_id: id.to_owned(),
        expect_due: Some(t.due_at),
        set_due: Some(Some(at + app.config.notices.reminder_after_ms())),
        rows: vec![notice, referral],
        events,
        ..NoticeStep::default()
    };
    app.store.notice_step(&step).await.map_err(changed)?;
    app.mail_wake.notify_one();
    Ok(())
}

/// The analyst's text, trimmed; required, at most [`MAX_TEXT`] characters.
fn text(t: &str, required: bool) -> Result<Option<String>, Fail> {
    let t = t.trim();
    if t.is_empty() {
        return if required { Err(invalid("text", "required")) } else { Ok(None) };
    }
    if t.chars().count() > MAX_TEXT {
        return Err(invalid("text", "too-long"));
    }
    Ok(Some(t.to_owned()))
}

/// Records the host's answer (what it said, sealed): the next pass re-checks the item
/// instead of reminding the host.
pub async fn record_answer(app: &App, user: &StaffRow, id: &str, answer: &str) -> Result<(), NoticeFail> {
    permitted(app, user, id, ItemAction::TakeDown).await?;
    let answer = text(answer, true)?;
    let t = app.store.item_takedown(id).await?.ok_or(Fail::NotFound)?;
    if !app.store.notices(id).await?.iter().any(|r| r.kind == "notice") {
        return Err(Fail::Conflict("notice-none-sent").into());
    }
    let at = now_ms();
    let mut r = row(id, at, "answer", Some(user));
    r.sealed = Some(seal(app, &r.id, &Sealed { text: answer, ..Sealed::default() }));
    let step = NoticeStep {
        item_id: id.to_owned(),
        expect_due: Some(t.due_at),
        set_due: Some(Some(at)),
        rows: vec![r],
        events: vec![event(Some(user), at, "item-notice-answered", id.to_owned())],
        ..NoticeStep::default()
    };
    app.store.notice_step(&step).await.map_err(changed)
}

/// The item's URL resolved again (DNS only) as a timeline row: its outcome is the country,
/// `unknown`, `no-such-host` or `timeout`; a location found is recorded on the item too.
async fn resolve_again(
    app: &App,
    item: &ContentItemRow,
    user: Option<&StaffRow>,
    at: i64,
) -> Result<(NoticeRow, Option<ItemLocation>, NewEvent), NoticeFail> {
    use crate::parts::hosting::HostingError;
    let url = own_url(app, item).await?;
    let (outcome, location) = match app.hosting.locate(&url).await {
        Ok(facts) => {
            let host = host_for(app, &facts).await?;
            let country = facts.country.clone().unwrap_or_else(|| "unknown".into());
            let location =
                ItemLocation { country: facts.country, checked_at: facts.checked_at, host_id: host.map(|h| h.id) };
            (country, Some(location))
        }
        Err(HostingError::NoSuchHost) => ("no-such-host".to_owned(), None),
        Err(HostingError::Timeout(_)) => ("timeout".to_owned(), None),
        Err(e) => return Err(HostingFail::Lookup(e).into()),
    };
    let mut r = row(&item.id, at, "recheck", user);
    r.outcome = Some(outcome.clone());
    r.host_id = location.as_ref().and_then(|l| l.host_id.clone());
    let e = event(user, at, "item-rechecked", format!("{} {outcome}", item.id));
    Ok((r, location, e))
}

/// An analyst re-checks where the item is hosted now (resolution again, recorded).
pub async fn recheck(app: &App, user: &StaffRow, id: &str) -> Result<String, NoticeFail> {
    let item = permitted(app, user, id, ItemAction::TakeDown).await?;
    let at = now_ms();
    let (r, location, e) = resolve_again(app, &item, Some(user), at).await?;
    let outcome = r.outcome.clone().unwrap_or_default();
    let step = NoticeStep { item_id: id.to_owned(), location, rows: vec![r], events: vec![e], ..NoticeStep::default() };
    app.store.notice_step(&step).await.map_err(changed)?;
    Ok(outcome)
}

/// The analyst's finding after a re-check: `gone` (the item's `removed_at`, which ends its
/// reminders) or still there (recorded; the host is reminded after the configured days).
pub async fn confirm(app: &App, user: &StaffRow, id: &str, gone: bool, note: &str) -> Result<(), NoticeFail> {
    let item = permitted(app, user, id, ItemAction::TakeDown).await?;
    let note = text(note, false)?;
    if item.removed_at.is_some() {
        return Err(Fail::Conflict("notice-removed").into());
    }
    let t = app.store.item_takedown(id).await?.ok_or(Fail::NotFound)?;
    let at = now_ms();
    let mut r = row(id, at, if gone { "gone" } else { "still_there" }, Some(user));
    if note.is_some() {
        r.sealed = Some(seal(app, &r.id, &Sealed { text: note, ..Sealed::default() }));
    }
    let noticed = app.store.notices(id).await?.iter().any(|r| r.kind == "notice");
    let (due, removed, action) = if gone {
        (None, Some(at), "item-removed")
    } else {
        (noticed.then(|| at + app.config.notices.reminder_after_ms()), None, "item-still-there")
    };
    let step = NoticeStep {
        item_id: id.to_owned(),
        expect_due: Some(t.due_at),
        set_due: Some(due),
        removed_at: removed,
        rows: vec![r],
        events: vec![event(Some(user), at, action, id.to_owned())],
        ..NoticeStep::default()
    };
    app.store.notice_step(&step).await.map_err(changed)
}

// ----- the job -----

/// What one pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pass {
    pub reminders: usize,
    pub rechecks: usize,
}

/// One pass of the notice job at `now`: every item whose step is due is re-checked (its URL
/// resolved again, recorded); a host that has not answered since the latest notice,
/// reminder or "still there" is reminded (the mail waits in the outbox), and the item is
/// due again after the configured days; an answered one waits for the analyst's finding.
/// Each item's step is a compare-and-set on its schedule, so a pass run twice (or by two
/// instances at once) reminds once.
pub async fn notice_pass(app: &App, now: i64) -> Result<Pass, StoreError> {
    let mut pass = Pass::default();
    for (id, due) in app.store.notices_due(now, 200).await? {
        match pass_item(app, &id, due, now).await {
            Ok(Some(reminded)) => {
                pass.rechecks += 1;
                pass.reminders += usize::from(reminded);
            }
            Ok(None) => {}
            Err(NoticeFail::Item(Fail::Conflict(_))) => {}
            Err(NoticeFail::Item(Fail::Internal(e))) => {
                tracing::warn!(error = %e, "the notice job could not do an item's step; tried again next pass")
            }
            Err(_) => tracing::warn!("the notice job could not re-check an item; tried again next pass"),
        }
    }
    if pass.reminders > 0 {
        app.mail_wake.notify_one();
    }
    Ok(pass)
}

/// One item's due step; `Some(reminded)` when it was done.
async fn pass_item(app: &App, id: &str, due: i64, now: i64) -> Result<Option<bool>, NoticeFail> {
    let Some(item) = app.store.content_item(id).await? else { return Ok(None) };
    let timeline = app.store.notices(id).await?;
    if item.removed_at.is_some() {
        let step = NoticeStep {
            item_id: id.to_owned(),
            expect_due: Some(Some(due)),
            set_due: Some(None),
            ..NoticeStep::default()
        };
        app.store.notice_step(&step).await.map_err(changed)?;
        return Ok(None);
    }
    let prompt = timeline.iter().rposition(|r| matches!(r.kind.as_str(), "notice" | "reminder" | "still_there"));
    let answered = prompt.is_some_and(|p| timeline[p..].iter().any(|r| r.kind == "answer"));
    let (recheck, location, recheck_event) = resolve_again(app, &item, None, now).await?;
    let mut rows = vec![recheck];
    let mut events = vec![recheck_event];
    let notice = timeline.iter().rev().find(|r| r.kind == "notice");
    let reminded = !answered && notice.is_some();
    if let (true, Some(n)) = (reminded, notice) {
        let sealed = open(app, n)?;
        let last = prompt.map_or(n.at, |p| timeline[p].at);
        let mut r = row(id, now + 1, "reminder", None);
        r.host_id = n.host_id.clone();
        r.mail_state = Some("pending".into());
        let again = Sealed { notice: sealed.notice.as_ref().map(|x| reminder(x, last)), text: None, ..sealed };
        r.sealed = Some(seal(app, &r.id, &again));
        events.push(event(
            None,
            now,
            "item-notice-reminded",
            format!("{id} host:{}", n.host_id.as_deref().unwrap_or("")),
        ));
        rows.push(r);
    }
    let step = NoticeStep {
        item_id: id.to_owned(),
        expect_due: Some(Some(due)),
        set_due: Some(reminded.then(|| now + app.config.notices.reminder_after_ms())),
        location,
        rows,
        events,
        ..NoticeStep::default()
    };
    app.store.notice_step(&step).await.map_err(changed)?;
    Ok(Some(reminded))
}

/// Runs [`notice_pass`] every ten minutes while the server runs.
pub async fn notice_loop(app: AppState) {
    loop {
        // Only on the instance holding the `notices` lease (`service::jobs`); each item's
        // step is also a compare-and-set, so a pass run twice reminds once.
        let leased = crate::service::jobs::holds(&app, crate::service::jobs::job::NOTICES, PASS_EVERY * 3).await;
        match leased {
            Ok(true) => {
                if let Err(e) = notice_pass(&app, now_ms()).await {
                    tracing::error!(error = %e, "the notice job failed; tried again in ten minutes");
                }
            }
            Ok(false) => {}
            Err(e) => {
                tracing::error!(error = %e, "the notice job could not take its lease; tried again in ten minutes")
            }
        }
        tokio::time::sleep(PASS_EVERY).await;
    }
}

/// How long a sender's claim on a notice e-mail lasts (an SMTP exchange takes seconds).
const NOTICE_CLAIM_MS: i64 = 600_000;

/// Hands every waiting notice, reminder and referral to the SMTP server; one that fails
/// stays waiting for the next round. Returns how many were sent.
pub async fn mail_round(app: &App, mailer: &crate::parts::mail::Mailer) -> Result<usize, StoreError> {
    let mut sent = 0;
    for r in app.store.pending_notice_mails(100).await? {
        let s = open(app, &r)?;
        let (Some(to), Some(n)) = (&s.to, &s.notice) else {
            // Nothing to send: leave it for an administrator to see, never retry blindly.
            tracing::warn!("a notice mail without a recipient or text; left waiting");
            continue;
        };
        // Claimed before it is sent (the `mail` lease may pass to another instance while a
        // slow round runs), so no host or police unit gets the same notice twice.
        if !app.store.claim_notice_mail(&r.id, now_ms(), now_ms() + NOTICE_CLAIM_MS).await? {
            continue;
        }
        match mailer.send_notice(to, s.reply_to.as_deref(), &n.subject, &n.body()).await {
            Ok(()) => {
                app.store.mark_notice_mailed(&r.id, now_ms()).await?;
                sent += 1;
            }
            Err(e) => {
                tracing::warn!(error = %e, "a notice e-mail was not sent; it is tried again");
                app.store.release_notice_mail(&r.id).await?;
            }
        }
    }
    Ok(sent)
}
