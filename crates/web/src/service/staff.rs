//! Staff accounts: creating them, and the tasks a user owns.

use crate::now_ms;
use crate::service::case::open_text;
use crate::service::case::Fail;
use crate::service::case::{event, permitted};
use crate::App;
use std::collections::BTreeMap;
use zeri_crypto::{hash_password, PasswordParams, Sealer, TotpSecret};
use zeri_domain::permission::Profession;
use zeri_domain::{Action, Role};
use zeri_storage::{NewEvent, StaffRow, Store, StoreError, TaskRow};

/// A new staff account. The password is hashed off the async executor; `totp` sets up the
/// second factor at once (demo accounts, tests); otherwise the user sets it up at the
/// first sign-in.
pub struct NewStaff<'a> {
    pub username: &'a str,
    pub role: Role,
    pub org_id: Option<&'a str>,
    pub profession: Option<Profession>,
    pub password: &'a str,
    pub totp: Option<&'a TotpSecret>,
}

/// Why an account cannot be created as asked.
#[derive(Debug, thiserror::Error)]
pub enum StaffError {
    #[error("the username must be 3 to 64 letters, digits, dots, hyphens or underscores")]
    Username,
    #[error("the role {0} belongs to an organisation of kind {1}")]
    Organisation(&'static str, String),
    #[error("unknown organisation")]
    UnknownOrganisation,
    #[error("that username is taken")]
    Taken,
    #[error(transparent)]
    Store(#[from] StoreError),
}

pub async fn create_staff(
    store: &dyn Store,
    keys: &zeri_crypto::Keyring,
    new: NewStaff<'_>,
    params: PasswordParams,
    by: Option<&StaffRow>,
) -> Result<StaffRow, StaffError> {
    let ok_name = (3..=64).contains(&new.username.len())
        && new.username.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    if !ok_name {
        return Err(StaffError::Username);
    }
    let kinds = new.role.org_kinds();
    let org = match new.org_id {
        Some(id) => Some(store.organisation(id).await?.ok_or(StaffError::UnknownOrganisation)?),
        None => None,
    };
    if !kinds.is_empty() && !org.as_ref().is_some_and(|o| kinds.contains(&o.kind)) {
        let names: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
        return Err(StaffError::Organisation(new.role.as_str(), names.join(" or ")));
    }
    let password = new.password.to_owned();
    let password_hash = tokio::task::spawn_blocking(move || hash_password(&password, params))
        .await
        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let id = uuid::Uuid::new_v4().simple().to_string();
    let row = StaffRow {
        totp_sealed: new.totp.map(|t| keys.seal(t.as_bytes(), zeri_storage::context::staff_totp(&id).as_bytes())),
        id,
        username: new.username.to_owned(),
        role: new.role,
        password_hash,
        created_at: now_ms(),
        disabled: false,
        org_id: org.map(|o| o.id),
        profession: new.profession,
        totp_pending: None,
        totp_last_step: 0,
    };
    match store.insert_staff(&row).await {
        Ok(()) => {}
        Err(StoreError::Conflict { .. }) => return Err(StaffError::Taken),
        Err(e) => return Err(e.into()),
    }
    let event = NewEvent {
        at: now_ms(),
        staff_id: by.map(|b| b.id.clone()),
        role: by.map(|b| b.role),
        org_id: by.and_then(|b| b.org_id.clone()),
        action: "staff-created",
        detail: Some(format!("{}:{}", row.id, row.role.as_str())),
        ..NewEvent::default()
    };
    store.record_event(&event).await?;
    Ok(row)
}

/// Open tasks of the user and their organisation, with their titles.
/// The open tasks of the user and their colleagues, each read through the one case path:
/// a task on a case the user may not read is not listed (its title stays sealed), and the
/// reading of each case's tasks is in its audit log (and the child's access log).
pub(crate) async fn my_tasks(app: &App, user: &StaffRow) -> Result<Vec<(TaskRow, String)>, Fail> {
    let tasks = app.store.open_tasks(&user.id, user.org_id.as_deref()).await?;
    let mut out = Vec::with_capacity(tasks.len());
    // Per case: its sealer when the user may read it, `None` when not.
    let mut cases: BTreeMap<String, Option<Sealer>> = BTreeMap::new();
    for t in tasks {
        if !cases.contains_key(&t.report_id) {
            let readable = match permitted(app, user, &t.report_id, Action::ReadCase).await {
                Ok(case) => {
                    app.store.record_event(&event(user, &t.report_id, "tasks-read", None)).await?;
                    Some(case.sealer)
                }
                Err(Fail::NotFound | Fail::Forbidden | Fail::Erased(_)) => None,
                Err(e) => return Err(e),
            };
            cases.insert(t.report_id.clone(), readable);
        }
        let Some(sealer) = &cases[&t.report_id] else { continue };
        let title = open_text(sealer, &zeri_storage::context::task(&t.id), &t.sealed)?;
        out.push((t, title));
    }
    Ok(out)
}

pub(crate) fn overdue(t: &TaskRow) -> bool {
    t.due_on < now_ms().div_euclid(86_400_000)
}
