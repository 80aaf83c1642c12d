//! Hashes that reach platforms: an analyst reviews each take-down request before anything
//! of it is shared; administrators register the platforms, each with a token shown once;
//! platforms pull what was shared since their cursor and report matches and removals back;
//! the child sees how far the request went and can withdraw it.
//!
//! The rules (which verdicts, which hashes, what the child is told) are in
//! `zeri_domain::sharing`; the table and its cursor in `zeri_storage::SharingStore`.

use crate::now_ms;
use crate::service::case::{invalid, Fail};
use crate::service::receipts::ClientId;
use crate::App;
use zeri_domain::sharing::{self, ChildState, Review, ReviewRefusal, SourceKind, Verdict, SELF_REPORTED};
use zeri_domain::{authorize, Action, Relation};
use zeri_storage::{
    HashReportRow, NewEvent, NewSharedHash, PlatformRow, SharedHashRow, StaffRow, StoreError, TakedownReview,
    TakedownRow,
};

/// Requests one platform may make per throttle window (a pull every few seconds, and
/// report-backs besides).
pub const PLATFORM_REQUESTS: i64 = 600;

/// Entries in one page of a pull, unless the platform asks for fewer.
pub const DEFAULT_PAGE: i64 = 1_000;
/// The most entries one page holds.
pub const MAX_PAGE: i64 = 10_000;

/// How far in the future a report-back's time may be (clocks differ a little).
const CLOCK_SKEW_MS: i64 = 5 * 60 * 1000;

/// `Forbidden` unless the user's role may do `action` (no case involved).
pub fn allowed(user: &StaffRow, action: Action) -> Result<(), Fail> {
    if authorize(user.role, Relation::None, false, action).allowed() {
        Ok(())
    } else {
        Err(Fail::Forbidden)
    }
}

fn staff_event(user: &StaffRow, action: &'static str, detail: String, report_id: Option<String>) -> NewEvent {
    NewEvent {
        report_id,
        at: now_ms(),
        staff_id: Some(user.id.clone()),
        role: Some(user.role),
        org_id: user.org_id.clone(),
        action,
        detail: Some(detail),
        ..NewEvent::default()
    }
}

// ----- review -----

/// The take-down requests waiting for an analyst, oldest first.
pub async fn review_queue(app: &App, user: &StaffRow) -> Result<Vec<TakedownRow>, Fail> {
    allowed(user, Action::ReviewTakedowns)?;
    Ok(app.store.review_queue(500).await?)
}

/// An analyst's verdict on a take-down request (`approve`, `reject` with a reason code, or
/// `needs_more`), audited on the request's report (the child sees it); an approval shares
/// its hashes in the same transaction. Returns the new review state.
pub async fn review(
    app: &App,
    user: &StaffRow,
    id: &str,
    verdict: Option<&str>,
    reason: Option<&str>,
) -> Result<Review, Fail> {
    allowed(user, Action::ReviewTakedowns)?;
    let verdict = match verdict.map(str::trim).filter(|v| !v.is_empty()) {
        None => return Err(invalid("verdict", "required-choice")),
        Some(v) => Verdict::parse(v).ok_or_else(|| invalid("verdict", "unknown-choice"))?,
    };
    let t = app.store.takedown(id).await?.ok_or(Fail::NotFound)?;
    let (to, reason) = match sharing::review(t.review, t.withdrawn_at.is_some(), t.report_id.is_some(), verdict, reason)
    {
        Err(fields) => return Err(Fail::Invalid(fields)),
        Ok(Err(ReviewRefusal::AlreadyDecided)) => return Err(Fail::Conflict("takedown-decided")),
        Ok(Err(ReviewRefusal::Withdrawn)) => return Err(Fail::Conflict("takedown-withdrawn")),
        Ok(Ok(next)) => next,
    };
    let share: Vec<NewSharedHash> = if to == Review::Approved {
        sharing::takedown_hashes(&t.sha256, &t.md5, t.pdq.as_deref(), t.quality, t.frames.as_deref())
            .into_iter()
            .map(|h| NewSharedHash {
                id: uuid::Uuid::new_v4().simple().to_string(),
                hash_type: h.hash_type,
                value: h.value,
                quality: h.quality,
                media: t.kind.clone(),
                classification: SELF_REPORTED.to_owned(),
            })
            .collect()
    } else {
        Vec::new()
    };
    let detail = format!("{}:{}:{}", to.as_str(), reason.map(|r| r.as_str()).unwrap_or(""), t.id);
    let event = staff_event(user, "takedown-reviewed", detail, t.report_id.clone());
    let review = TakedownReview { id: t.id.clone(), from: t.review, to, reason, by: user.id.clone(), at: event.at };
    match app.store.review_takedown(&review, &share, &event).await {
        Ok(()) => {}
        // Another analyst, or the child's withdrawal, came first.
        Err(StoreError::Conflict { .. }) => return Err(Fail::Conflict("takedown-decided")),
        Err(e) => return Err(e.into()),
    }
    tracing::info!(verdict = to.as_str(), hashes = share.len(), "take-down request reviewed");
    Ok(to)
}

// ----- platforms -----

/// A platform as administrators see it, its contact opened.
pub struct PlatformView {
    pub row: PlatformRow,
    pub contact: String,
}

pub async fn platforms(app: &App, user: &StaffRow) -> Result<Vec<PlatformView>, Fail> {
    allowed(user, Action::ManagePlatforms)?;
    let rows = app.store.platforms().await?;
    rows.into_iter()
        .map(|row| {
            let context = zeri_storage::context::platform_contact(&row.id);
            let contact =
                app.keys.open(&row.contact_sealed, context.as_bytes()).map_err(|e| Fail::Internal(e.to_string()))?;
            Ok(PlatformView { contact: String::from_utf8_lossy(&contact).into_owned(), row })
        })
        .collect()
}

/// A platform's name (2–100 characters) and contact (3–200), or what is wrong with them.
pub fn platform_fields(
    name: Option<&str>,
    contact: Option<&str>,
) -> Result<(String, String), zeri_domain::FieldErrors> {
    let mut errors = zeri_domain::FieldErrors::new();
    let name = zeri_domain::casework::validate_text("name", name, 2, 100).map_err(|e| errors.extend(e)).ok();
    let contact = zeri_domain::casework::validate_text("contact", contact, 3, 200).map_err(|e| errors.extend(e)).ok();
    match (name, contact) {
        (Some(n), Some(c)) => Ok((n, c)),
        _ => Err(errors),
    }
}

/// Registers a platform; returns it with its token, to be shown once (only a keyed digest
/// of it is kept).
pub async fn add_platform(
    app: &App,
    user: &StaffRow,
    name: Option<&str>,
    contact: Option<&str>,
) -> Result<(PlatformRow, String), Fail> {
    allowed(user, Action::ManagePlatforms)?;
    let (name, contact) = platform_fields(name, contact).map_err(Fail::Invalid)?;
    let id = uuid::Uuid::new_v4().simple().to_string();
    let token = zeri_crypto::new_token();
    let sealed = app.keys.seal(contact.as_bytes(), zeri_storage::context::platform_contact(&id).as_bytes());
    let event = staff_event(user, "platform-added", id.clone(), None);
    let row = PlatformRow {
        id: id.clone(),
        name,
        contact_sealed: sealed,
        token_digest: token_digest(app, &token),
        created_at: event.at,
        created_by: Some(user.id.clone()),
        revoked_at: None,
        delivered_seq: 0,
        last_pull_at: None,
    };
    match app.store.insert_platform(&row, &event).await {
        Ok(()) => Ok((row, token)),
        Err(StoreError::Conflict { .. }) => Err(invalid("name", "name-taken")),
        Err(e) => Err(e.into()),
    }
}

/// Revokes a platform's token at once (its next request is refused); audited.
pub async fn revoke_platform(app: &App, user: &StaffRow, id: &str) -> Result<(), Fail> {
    allowed(user, Action::ManagePlatforms)?;
    match app.store.revoke_platform(id, &staff_event(user, "platform-revoked", id.to_owned(), None)).await {
        Ok(()) => Ok(()),
        Err(StoreError::NotFound) => Err(Fail::NotFound),
        Err(e) => Err(e.into()),
    }
}

fn token_digest(app: &App, token: &str) -> [u8; 32] {
    app.keys.lookup_digest("platform-token", token.as_bytes())
}

/// Who a platform request comes from.
pub type PlatformCheck = crate::service::receipts::BearerCheck<PlatformRow>;

/// The platform a bearer token names, within limits: every attempt from a client counts
/// first (a good token gives its count back), beyond the sign-in limit per client no token
/// is looked at; a platform's own requests are limited per window too.
pub async fn check_platform(app: &App, client: ClientId, token: Option<&str>) -> Result<PlatformCheck, StoreError> {
    let cfg = app.config.throttle;
    let (now, window) = (now_ms(), cfg.window_ms());
    let bucket = app.keys.lookup_digest("throttle-platform", &client.0);
    if app.store.throttle_hit(&bucket, now, window).await? > cfg.login_per_client {
        return Ok(PlatformCheck::Throttled { retry_after: cfg.retry_after(now) });
    }
    let found = match token {
        Some(t) => app.store.platform_by_token(&token_digest(app, t)).await?,
        None => None,
    };
    let Some(platform) = found else {
        tracing::info!("platform token refused");
        return Ok(PlatformCheck::Refused);
    };
    app.store.throttle_release(&bucket, now, window).await?;
    let own = app.keys.lookup_digest("throttle-platform-use", platform.id.as_bytes());
    if app.store.throttle_hit(&own, now, window).await? > PLATFORM_REQUESTS {
        return Ok(PlatformCheck::Throttled { retry_after: cfg.retry_after(now) });
    }
    Ok(PlatformCheck::Found(platform))
}

/// One page of a pull.
pub struct Page {
    pub entries: Vec<SharedHashRow>,
    /// The cursor to send next time: the last entry's sequence number, or `since`.
    pub next: i64,
    /// Whether more entries wait after this page.
    pub more: bool,
}

/// What was shared, or withdrawn, after `since`; notes what the platform has received.
pub async fn pull(app: &App, platform: &PlatformRow, since: i64, limit: i64) -> Result<Page, StoreError> {
    let mut entries = app.store.shared_since(since, limit + 1).await?;
    let more = entries.len() as i64 > limit;
    entries.truncate(limit as usize);
    let next = entries.last().map(|e| e.seq).unwrap_or(since);
    let now = now_ms();
    let event = (!entries.is_empty()).then(|| NewEvent {
        at: now,
        action: "hashes-pulled",
        detail: Some(format!("{}:{}:{since}-{next}", platform.id, entries.len())),
        ..NewEvent::default()
    });
    // What it received, not the cursor it sent: a cursor from nowhere counts for nothing.
    let delivered = entries.last().map(|e| e.seq).unwrap_or(0);
    app.store.mark_delivered(&platform.id, delivered, now, event.as_ref()).await?;
    Ok(Page { entries, next, more })
}

/// A platform reports a match or a removal of a shared hash (how many, and when, never who);
/// audited on the report the hash came from, so the child sees it. Returns the report's id.
pub async fn report_back(
    app: &App,
    platform: &PlatformRow,
    hash_id: &str,
    outcome: Option<&str>,
    count: Option<i64>,
    at: Option<i64>,
) -> Result<String, Fail> {
    let (outcome, count) = sharing::validate_outcome(outcome, count).map_err(Fail::Invalid)?;
    let now = now_ms();
    let observed_at = at.unwrap_or(now);
    if observed_at > now + CLOCK_SKEW_MS {
        return Err(invalid("at", "date-in-future"));
    }
    let hash = app.store.shared_hash(hash_id).await?.ok_or(Fail::NotFound)?;
    let report_id = match hash.source_kind {
        SourceKind::Takedown => app.store.takedown(&hash.source_id).await?.and_then(|t| t.report_id),
        SourceKind::Item => None,
    };
    let row = HashReportRow {
        id: uuid::Uuid::new_v4().simple().to_string(),
        shared_hash_id: hash.id.clone(),
        platform_id: platform.id.clone(),
        outcome,
        count,
        observed_at,
        received_at: now,
    };
    let event = NewEvent {
        report_id,
        at: now,
        action: "hash-reported",
        detail: Some(format!("{}:{count}:{}:{}", outcome.as_str(), platform.id, hash.id)),
        ..NewEvent::default()
    };
    app.store.insert_hash_report(&row, &event).await?;
    tracing::info!(outcome = outcome.as_str(), "platform reported on a shared hash");
    Ok(row.id)
}

// ----- the child -----

/// A take-down request as its child sees it.
pub struct ChildTakedown {
    pub row: TakedownRow,
    pub state: ChildState,
    /// Removals platforms reported (the sum of their counts), and matches.
    pub removals: i64,
    pub matches: i64,
}

/// The take-down requests joined to a report, oldest first.
pub async fn child_takedowns(app: &App, report_id: &str) -> Result<Vec<ChildTakedown>, StoreError> {
    let mut out = Vec::new();
    for row in app.store.takedowns_for(report_id).await? {
        let facts = app.store.sharing_facts(SourceKind::Takedown, &row.id).await?;
        let state = ChildState::of(row.review, row.review_reason, row.withdrawn_at.is_some(), facts.platforms_reached);
        out.push(ChildTakedown { row, state, removals: facts.removals, matches: facts.matches });
    }
    Ok(out)
}

/// The child withdraws a request joined to their report: its sharing stops at once, its
/// hashes are forgotten, and platforms get withdrawal records at their next pull. Returns
/// how many shared hashes were withdrawn.
pub async fn withdraw(app: &App, report_id: &str, id: &str) -> Result<u64, Fail> {
    let event = NewEvent {
        report_id: Some(report_id.to_owned()),
        at: now_ms(),
        action: "child-takedown-withdrawn",
        detail: Some(id.to_owned()),
        ..NewEvent::default()
    };
    match app.store.withdraw_takedown(id, Some(report_id), &event).await {
        Ok(n) => {
            tracing::info!(hashes = n, "take-down request withdrawn by the child");
            Ok(n)
        }
        Err(StoreError::NotFound) => Err(Fail::NotFound),
        Err(StoreError::Conflict { .. }) => Err(Fail::Conflict("takedown-withdrawn")),
        Err(e) => Err(e.into()),
    }
}
