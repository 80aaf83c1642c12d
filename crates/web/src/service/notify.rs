//! Notifications to staff: when a referral, a chat or a task needs someone, they are told
//! in the staff area (`/{lang}/staff/notifications`) and, when an SMTP server is
//! configured and they gave an address, by an e-mail that says only that something is
//! waiting, with a link ([`crate::mail`]). A notification row holds its kind and the case
//! id; the e-mail holds neither.

use crate::now_ms;
use crate::parts::i18n::Lang;
use crate::App;
use crate::AppState;
use std::time::Duration;
use zeri_storage::{NotificationRow, StoreError};

/// How often unsent e-mails are looked for (and how long a burst is gathered into one).
const MAIL_EVERY: Duration = Duration::from_secs(20);

/// Tells each of `staff` that something of `kind` waits (on a case, if given).
pub async fn notify(app: &App, staff: &[String], kind: &str, report_id: Option<&str>) -> Result<(), StoreError> {
    let now = now_ms();
    let rows: Vec<NotificationRow> = staff
        .iter()
        .map(|id| NotificationRow {
            id: uuid::Uuid::new_v4().simple().to_string(),
            staff_id: id.clone(),
            kind: kind.to_owned(),
            report_id: report_id.map(str::to_owned),
            created_at: now,
            read_at: None,
            emailed_at: None,
        })
        .collect();
    app.store.insert_notifications(&rows).await?;
    // The sender may run on another instance (it holds the `mail` lease).
    app.store.bus().publish(zeri_storage::bus::Signal::Mail);
    Ok(())
}

/// Every member of an organisation who works on cases.
pub async fn org_staff(app: &App, org_id: &str) -> Result<Vec<String>, StoreError> {
    Ok(app
        .store
        .list_staff()
        .await?
        .into_iter()
        .filter(|s| !s.disabled && s.org_id.as_deref() == Some(org_id) && s.role.works_on_cases())
        .map(|s| s.id)
        .collect())
}

/// Sends the e-mails of notifications not yet mailed, one per person per round, and once an
/// hour tells the owners of tasks due today or overdue, while the server runs; each only on
/// the instance holding its lease (`service::jobs`).
pub async fn mail_loop(app: AppState) {
    let mut last_deadlines = 0;
    loop {
        let _ = tokio::time::timeout(MAIL_EVERY, app.mail_wake.notified()).await;
        if now_ms() - last_deadlines >= 3_600_000 {
            match deadline_pass(&app, now_ms()).await {
                Ok(Some(_)) => last_deadlines = now_ms(),
                // Another instance holds the lease: looked at again next round.
                Ok(None) => {}
                Err(e) => {
                    last_deadlines = now_ms();
                    tracing::error!(error = %e, "deadline notifications failed; tried again in an hour");
                }
            }
        }
        let Some(mailer) = &app.mailer else { continue };
        match mail_pass(&app, mailer).await {
            // Notices to hosts and referrals wait in the same way, in their own rows, and
            // go out under the same lease, so two instances never send a host one twice.
            Ok(Some(_)) => {
                if let Err(e) = crate::service::notices::mail_round(&app, mailer).await {
                    tracing::error!(error = %e, "notice e-mails: a round failed; tried again shortly");
                }
            }
            Ok(None) => {}
            Err(e) => tracing::error!(error = %e, "notification e-mails: a round failed; tried again shortly"),
        }
    }
}

/// [`deadlines`] if this instance holds the `deadlines` lease; `None` when another does.
pub async fn deadline_pass(app: &App, now: i64) -> Result<Option<usize>, StoreError> {
    if !crate::service::jobs::holds(app, crate::service::jobs::job::DEADLINES, Duration::from_secs(3 * 3600)).await? {
        return Ok(None);
    }
    deadlines(app, now).await.map(Some)
}

/// [`mail_round`] if this instance holds the `mail` lease; `None` when another does.
pub async fn mail_pass(app: &App, mailer: &crate::parts::mail::Mailer) -> Result<Option<usize>, StoreError> {
    if !crate::service::jobs::holds(app, crate::service::jobs::job::MAIL, MAIL_EVERY * 6).await? {
        return Ok(None);
    }
    mail_round(app, mailer).await.map(Some)
}

/// How long a sender's claim on an e-mail lasts (an SMTP exchange takes seconds).
const CLAIM: Duration = Duration::from_secs(600);

/// Tells each owner of an open task due today or earlier, once a day per case.
pub async fn deadlines(app: &App, now: i64) -> Result<usize, StoreError> {
    let today = now.div_euclid(86_400_000);
    let mut told = 0;
    for s in app.store.list_staff().await?.into_iter().filter(|s| !s.disabled) {
        let mut due: Vec<String> = app
            .store
            .open_tasks(&s.id, None)
            .await?
            .into_iter()
            .filter(|t| t.owner_id == s.id && t.due_on <= today)
            .map(|t| t.report_id)
            .collect();
        // A task of a merged case is told under the survivor, where it is shown and closed.
        for id in &mut due {
            *id = zeri_storage::survivor_of(app.store.as_ref(), id).await?;
        }
        due.sort_unstable();
        due.dedup();
        if due.is_empty() {
            continue;
        }
        let recent = app.store.notifications(&s.id, 200).await?;
        for report_id in due {
            let already = recent.iter().any(|n| {
                n.kind == "deadline"
                    && n.report_id.as_deref() == Some(report_id.as_str())
                    && n.created_at.div_euclid(86_400_000) == today
            });
            if !already {
                notify(app, std::slice::from_ref(&s.id), "deadline", Some(&report_id)).await?;
                told += 1;
            }
        }
    }
    Ok(told)
}

/// One round: the waiting notifications, grouped by person; one e-mail each.
pub async fn mail_round(app: &App, mailer: &crate::parts::mail::Mailer) -> Result<usize, StoreError> {
    let waiting = app.store.unmailed_notifications(500).await?;
    let mut people: Vec<&str> = waiting.iter().map(|n| n.staff_id.as_str()).collect();
    people.sort_unstable();
    people.dedup();
    let mut sent = 0;
    for staff_id in people {
        let ids: Vec<String> = waiting.iter().filter(|n| n.staff_id == staff_id).map(|n| n.id.clone()).collect();
        // Only what this sender claimed is sent by it: another sender racing for the same
        // rows gets none of them.
        let me = app.store.bus().instance().to_owned();
        let now = now_ms();
        let ids = app.store.claim_mail(&ids, &me, now, now + CLAIM.as_millis() as i64).await?;
        if ids.is_empty() {
            continue;
        }
        let address = match app.store.email(staff_id).await? {
            Some(sealed) => app.keys.open(&sealed, zeri_storage::context::staff_email(staff_id).as_bytes()).ok(),
            None => None,
        };
        if let Some(address) = address {
            let address = String::from_utf8_lossy(&address).into_owned();
            match mailer.notify(&address, &format!("/{}/staff/notifications", Lang::Sq.code())).await {
                Ok(()) => sent += 1,
                Err(e) => {
                    tracing::warn!(error = %e, "a notification e-mail was not sent; it is tried again");
                    app.store.release_mail(&ids, &me).await?;
                    continue;
                }
            }
        }
        // Without an address there is nothing to send: the staff area shows it.
        app.store.mark_mailed(&ids, now_ms()).await?;
    }
    Ok(sent)
}

/// A plausible address: one `@`, something before it, a dot after it, no spaces.
pub fn valid_email(e: &str) -> bool {
    let Some((local, domain)) = e.split_once('@') else { return false };
    e.len() <= 254
        && !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !e.chars().any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>')
        && !domain.contains('@')
}
