//! Remote sessions: a professional offers times, the child books one; who answers the chat then.

use crate::now_ms;
use crate::service::case::event;
use crate::service::case::invalid;
use crate::service::case::permitted;
use crate::service::case::Fail;
use crate::service::case::Input;
use crate::service::case::Outcome;
use crate::App;
use zeri_domain::hours;
use zeri_storage::{SlotRow, StaffRow, StoreError};

/// How early before a booked session its chat goes to the professional.
const EARLY_MS: i64 = 10 * 60_000;

/// The case operation `sessions`: up to three times (`at1`…`at3`, Albanian local time) of
/// `minutes` each, in the future.
pub async fn offer(app: &App, user: &StaffRow, id: &str, input: &Input) -> Result<Outcome, Fail> {
    permitted(app, user, id, zeri_domain::Action::Reply).await?;
    let now = now_ms();
    let minutes = match input.get("minutes") {
        None => 45,
        Some(m) => m
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|m| (15..=120).contains(m))
            .ok_or_else(|| invalid("minutes", "out-of-range"))?,
    };
    let mut slots = Vec::new();
    for field in ["at1", "at2", "at3"] {
        let Some(text) = input.get(field) else { continue };
        let at = hours::parse_local(text).ok_or_else(|| invalid(field, "invalid-date"))?;
        if at <= now {
            return Err(invalid(field, "in-the-past"));
        }
        slots.push(SlotRow {
            id: uuid::Uuid::new_v4().simple().to_string(),
            report_id: id.to_owned(),
            staff_id: user.id.clone(),
            starts_at: at,
            minutes,
            status: "offered".into(),
            created_at: now,
            booked_at: None,
        });
    }
    if slots.is_empty() {
        return Err(invalid("at1", "required"));
    }
    app.store.offer_slots(&slots, &event(user, id, "session-offered", None)).await?;
    Ok(Outcome::Done)
}

/// The professional of a session booked for now (from a little before it starts to its end).
pub async fn session_now(app: &App, report_id: &str, now: i64) -> Result<Option<String>, StoreError> {
    Ok(app
        .store
        .slots(report_id)
        .await?
        .into_iter()
        .find(|s| s.status == "booked" && s.starts_at - EARLY_MS <= now && now < s.starts_at + s.minutes * 60_000)
        .map(|s| s.staff_id))
}
