//! Protecting the staff who open material (evidence images, videos, files): every opening
//! goes through [`open_material`], which counts it, refuses it once the day's limit is
//! reached, asks for a break after each interval of exposure, and records the opening's
//! custody entry and its exposure together, in one transaction. How exposure is counted is
//! `zeri_domain::wellbeing`.
//!
//! What is kept per staff member is who, when, what kind and the seconds it counts: no
//! content and no case (which file, in which case, is in the chain of custody). The summary
//! ([`week_of`], [`staff_weeks`]) gives numbers only; a staff member sees their own, the
//! administrator everyone's (there is no supervisor role yet), and each reading of everyone's
//! is in the audit log.

use crate::service::case::{new_id, Fail};
use crate::App;
use std::future::Future;
use zeri_domain::permission::Relation;
use zeri_domain::wellbeing::{
    day_start, days, decide, tirana_day, validate_limits, week_start, Day, Decision, Entry, EntryKind, Limits,
    Material, Stop, Today,
};
use zeri_domain::{authorize, Action, Role};
use zeri_storage::{ExposureLimits, ExposureRow, NewEvent, NewExposure, StaffRow};

/// The one gate every opening of material goes through. The limits are checked first (a
/// refusal is [`Fail::Stopped`] and records nothing); then `read` opens the material and
/// returns it with its custody entry; then the entry, the opening's exposure (and a break
/// the user confirmed) are recorded in one transaction, closing the user's previous opening.
/// If `read` fails, nothing is recorded.
pub async fn open_material<T, F, Fut>(
    app: &App,
    user: &StaffRow,
    material: Material,
    confirm_break: bool,
    read: F,
) -> Result<T, Fail>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<(T, NewEvent), Fail>>,
{
    let now = app.clock.now();
    let today = today_at(app, user, now).await?;
    let take_break = match decide(&today, confirm_break) {
        Decision::Open { take_break } => take_break,
        Decision::OverLimit { exposed_s, limit_s, until } => {
            tracing::info!(staff = %user.id, "opening refused: the daily exposure limit is reached");
            let wait_s = ((until - now) / 1000).max(1);
            return Err(Fail::Stopped(Stop::OverLimit { exposed_s, limit_s, until, wait_s }));
        }
        Decision::BreakDue { since_break_s } => return Err(Fail::Stopped(Stop::BreakDue { since_break_s })),
    };
    let (value, event) = read().await?;
    let mut entries = Vec::new();
    if take_break {
        let b = Entry::confirmed_break(now);
        entries.push(new_entry(user, b));
    }
    entries.push(new_entry(user, Entry::opening(now, material)));
    app.store.record_opening(&user.id, now, &entries, &event).await?;
    Ok(value)
}

fn new_entry(user: &StaffRow, e: Entry) -> NewExposure {
    NewExposure {
        id: new_id(),
        staff_id: user.id.clone(),
        at: e.at,
        kind: e.kind.as_str(),
        counted_s: e.counted_s,
        ended_at: e.ended_at,
    }
}

/// The user left the page showing material: their open opening stops counting now.
pub async fn done(app: &App, user: &StaffRow) -> Result<(), Fail> {
    app.store.close_exposure(&user.id, app.clock.now()).await?;
    Ok(())
}

pub async fn limits(app: &App) -> Result<Limits, Fail> {
    let l = app.store.exposure_limits().await?;
    Ok(Limits { daily_limit_minutes: l.daily_limit_minutes, break_after_minutes: l.break_after_minutes })
}

/// The administrator sets the limits (whole minutes within the domain's ranges); audited.
pub async fn set_limits(
    app: &App,
    by: &StaffRow,
    daily: Option<&str>,
    break_after: Option<&str>,
) -> Result<Limits, Fail> {
    administrator(by)?;
    let limits = validate_limits(daily, break_after).map_err(Fail::Invalid)?;
    let now = crate::now_ms();
    let row = ExposureLimits {
        daily_limit_minutes: limits.daily_limit_minutes,
        break_after_minutes: limits.break_after_minutes,
        updated_at: Some(now),
    };
    let detail = format!("daily:{},break:{}", limits.daily_limit_minutes, limits.break_after_minutes);
    app.store.set_exposure_limits(&row, &admin_event(by, "exposure-limits-changed", detail, now)).await?;
    Ok(limits)
}

/// The user's exposure today (Tirana time).
pub async fn today(app: &App, user: &StaffRow) -> Result<Today, Fail> {
    today_at(app, user, app.clock.now()).await
}

async fn today_at(app: &App, user: &StaffRow, now: i64) -> Result<Today, Fail> {
    let limits = limits(app).await?;
    let day = tirana_day(now);
    let rows = app.store.exposure(Some(&user.id), day_start(day), day_start(day + 1)).await?;
    Ok(zeri_domain::wellbeing::today(&entries(&rows), now, limits))
}

fn entries(rows: &[ExposureRow]) -> Vec<Entry> {
    rows.iter()
        .filter_map(|r| {
            Some(Entry { at: r.at, kind: EntryKind::parse(&r.kind)?, counted_s: r.counted_s, ended_at: r.ended_at })
        })
        .collect()
}

/// A week of one staff member's exposure, Monday to Sunday: numbers only.
#[derive(Debug, Clone)]
pub struct Week {
    pub first_day: i64,
    pub days: Vec<Day>,
    pub limits: Limits,
}

impl Week {
    pub fn exposed_s(&self) -> i64 {
        self.days.iter().map(|d| d.exposed_s).sum()
    }
    pub fn openings(&self) -> i64 {
        self.days.iter().map(|d| d.openings).sum()
    }
    pub fn breaks(&self) -> i64 {
        self.days.iter().map(|d| d.breaks).sum()
    }
    pub fn days_reached_limit(&self) -> i64 {
        self.days.iter().filter(|d| d.reached_limit).count() as i64
    }
}

/// How far back a summary may go, in weeks.
pub const MAX_WEEKS_AGO: i64 = 52;

/// The first day of the week `weeks_ago` weeks before this one, and the clock's now.
fn week_bounds(app: &App, weeks_ago: i64) -> Result<(i64, i64), Fail> {
    if !(0..=MAX_WEEKS_AGO).contains(&weeks_ago) {
        return Err(crate::service::case::invalid("weeks_ago", "weeks-ago-range"));
    }
    let now = app.clock.now();
    Ok((week_start(tirana_day(now)) - 7 * weeks_ago, now))
}

/// The user's own week.
pub async fn week_of(app: &App, user: &StaffRow, weeks_ago: i64) -> Result<Week, Fail> {
    let (first_day, now) = week_bounds(app, weeks_ago)?;
    let limits = limits(app).await?;
    let rows = app.store.exposure(Some(&user.id), day_start(first_day), day_start(first_day + 7)).await?;
    Ok(Week { first_day, days: days(&entries(&rows), first_day, 7, now, limits), limits })
}

/// Everyone's week, for the administrator: each staff member who opened material that week or
/// whose role may open it, with their numbers. The reading is recorded in the audit log.
pub async fn staff_weeks(app: &App, by: &StaffRow, weeks_ago: i64) -> Result<(Limits, Vec<(StaffRow, Week)>), Fail> {
    administrator(by)?;
    let (first_day, now) = week_bounds(app, weeks_ago)?;
    let limits = limits(app).await?;
    let rows = app.store.exposure(None, day_start(first_day), day_start(first_day + 7)).await?;
    let mut out = Vec::new();
    for s in app.store.list_staff().await? {
        let mine: Vec<ExposureRow> = rows.iter().filter(|r| r.staff_id == s.id).cloned().collect();
        if mine.is_empty() && (s.disabled || !may_open_material(s.role)) {
            continue;
        }
        let week = Week { first_day, days: days(&entries(&mine), first_day, 7, now, limits), limits };
        out.push((s, week));
    }
    out.sort_by(|(a, _), (b, _)| a.username.cmp(&b.username));
    let event = admin_event(
        by,
        "exposure-summary-viewed",
        format!("week:{}", zeri_domain::wellbeing::day_date(first_day)),
        crate::now_ms(),
    );
    app.store.record_event(&event).await?;
    Ok((limits, out))
}

/// Whether a role may open evidence on some case (its staff home shows their exposure).
pub fn may_open_material(role: Role) -> bool {
    Relation::ALL.into_iter().any(|r| authorize(role, r, true, Action::ViewEvidence).allowed())
}

/// The administrator of the platform (who sets the limits and reads everyone's summary; a
/// supervisor role may join them later).
pub fn is_administrator(user: &StaffRow) -> bool {
    authorize(user.role, Relation::None, false, Action::ManageStaff).allowed()
}

fn administrator(by: &StaffRow) -> Result<(), Fail> {
    if is_administrator(by) {
        Ok(())
    } else {
        Err(Fail::Forbidden)
    }
}

fn admin_event(by: &StaffRow, action: &'static str, detail: String, at: i64) -> NewEvent {
    NewEvent {
        at,
        staff_id: Some(by.id.clone()),
        role: Some(by.role),
        org_id: by.org_id.clone(),
        action,
        detail: Some(detail),
        ..NewEvent::default()
    }
}
