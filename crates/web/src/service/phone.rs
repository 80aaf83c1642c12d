//! Helpline phone calls: a call becomes a report, later calls join the case.

use crate::now_ms;
use crate::service::case::event;
use crate::service::case::Fail;
use crate::App;
use zeri_domain::{FieldError, FieldErrors, Role};
use zeri_storage::{ContactRow, StaffRow};

/// What may be agreed at the end of a call.
pub const FOLLOW_UPS: [&str; 5] = ["none", "call_back", "chat", "messages", "visit"];

/// Who answers the helpline's phone.
pub(crate) fn takes_calls(user: &StaffRow) -> bool {
    matches!(user.role, Role::Counsellor | Role::HotlineAnalyst)
}

/// The follow-up and duration of a call, checked.
pub fn call_details(follow_up: Option<&str>, minutes: Option<&str>) -> Result<(String, Option<i64>), FieldErrors> {
    let mut e = FieldErrors::new();
    let follow_up = follow_up.map(str::trim).unwrap_or("none");
    if !FOLLOW_UPS.contains(&follow_up) {
        e.insert("follow_up", FieldError::new("unknown-choice"));
    }
    let minutes = match minutes.map(str::trim).filter(|m| !m.is_empty()) {
        None => None,
        Some(m) => match m.parse::<i64>() {
            Ok(n) if (0..=600).contains(&n) => Some(n),
            _ => {
                e.insert("minutes", FieldError::new("out-of-range"));
                None
            }
        },
    };
    if e.is_empty() {
        Ok((follow_up.to_owned(), minutes))
    } else {
        Err(e)
    }
}

/// Logs a call on a case: the summary sealed under the case key.
pub async fn log_call(
    app: &App,
    user: &StaffRow,
    case: &crate::service::case::Case,
    summary: &str,
    follow_up: String,
    minutes: Option<i64>,
) -> Result<(), Fail> {
    let id = uuid::Uuid::new_v4().simple().to_string();
    let row = ContactRow {
        sealed: case.sealer.seal(summary.as_bytes(), zeri_storage::context::contact(&id).as_bytes()),
        id,
        report_id: case.report.id.clone(),
        staff_id: user.id.clone(),
        at: now_ms(),
        channel: "phone".into(),
        minutes,
        follow_up: follow_up.clone(),
    };
    app.store.insert_contact(&row, &event(user, &case.report.id, "phone-contact", Some(&follow_up))).await?;
    Ok(())
}
