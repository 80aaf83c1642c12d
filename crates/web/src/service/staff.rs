//! Staff accounts: creating them, setting them up, confirming them, and the tasks a user owns.
//!
//! No administrator can turn an account into a way in. A new account has no password: the
//! person gets a one-time set-up link (72 hours, single use) and chooses their own password
//! and second factor; an account made in the web interface is usable only once a second
//! person confirms it (a colleague of its organisation who works on cases, or another
//! administrator, never its creator), and its organisation is told. A reset of the second
//! factor takes the account back to "not set up": no password, no factor, no session.

use crate::now_ms;
use crate::service::case::open_text;
use crate::service::case::Fail;
use crate::service::case::{event, permitted};
use crate::App;
use std::collections::BTreeMap;
use zeri_crypto::{hash_password, token_digest, verify_password, PasswordParams, Sealer, TotpSecret};
use zeri_domain::permission::Profession;
use zeri_domain::{Action, Role};
use zeri_storage::{NewEvent, SessionKind, StaffRow, Store, StoreError, TaskRow};

/// A new staff account. A password (hashed off the async executor) only for accounts made
/// on the server (`zeri user add --password-file`, demo accounts, tests); `None`: the person
/// chooses one with a set-up link. `totp` sets up the second factor at once (demo accounts,
/// tests); otherwise the person sets it up at the first sign-in.
pub struct NewStaff<'a> {
    pub username: &'a str,
    pub role: Role,
    pub org_id: Option<&'a str>,
    pub profession: Option<Profession>,
    pub password: Option<&'a str>,
    pub totp: Option<&'a TotpSecret>,
}

/// Shortest and longest password a person may choose (characters).
pub const PASSWORD_CHARS: std::ops::RangeInclusive<usize> = 12..=256;

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
    // No password: nothing verifies against an empty hash, so only a set-up link opens it.
    let password_hash = match new.password {
        Some(p) => {
            let password = p.to_owned();
            tokio::task::spawn_blocking(move || hash_password(&password, params))
                .await
                .map_err(|e| StoreError::Corrupt(e.to_string()))?
        }
        None => String::new(),
    };
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
        created_by: by.map(|b| b.id.clone()),
        // Made on the server (the operator holds the keys anyway): usable at once.
        confirmed_at: if by.is_none() { Some(now_ms()) } else { None },
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

/// A new one-time set-up token for an account (shown once, in a link's fragment).
pub async fn issue_setup(app: &App, staff_id: &str) -> Result<String, StoreError> {
    crate::service::access::open_session(app, SessionKind::StaffSetup, staff_id).await
}

/// The set-up page with its token in the fragment, which browsers never send to a server,
/// so it is in no request line and no log.
pub fn setup_path(lang: crate::parts::i18n::Lang, token: &str) -> String {
    format!("/{}/staff/setup#{token}", lang.code())
}

/// Why a password was not set.
#[derive(Debug)]
pub enum PasswordError {
    /// The set-up link is unknown, used or expired.
    Expired,
    /// `password-short`, `password-mismatch` or `password-wrong` (the current one).
    Invalid(&'static str),
    Store(StoreError),
}

impl From<StoreError> for PasswordError {
    fn from(e: StoreError) -> Self {
        PasswordError::Store(e)
    }
}

fn check_new(password: &str, repeat: &str) -> Result<(), PasswordError> {
    if !PASSWORD_CHARS.contains(&password.chars().count()) {
        return Err(PasswordError::Invalid("password-short"));
    }
    if password != repeat {
        return Err(PasswordError::Invalid("password-mismatch"));
    }
    Ok(())
}

async fn hashed(app: &App, password: &str) -> Result<String, PasswordError> {
    let (password, params) = (password.to_owned(), app.config.password_params);
    tokio::task::spawn_blocking(move || hash_password(&password, params))
        .await
        .map_err(|e| PasswordError::Store(StoreError::Corrupt(e.to_string())))
}

fn own_event(user: &StaffRow, action: &'static str) -> NewEvent {
    NewEvent {
        at: now_ms(),
        staff_id: Some(user.id.clone()),
        role: Some(user.role),
        org_id: user.org_id.clone(),
        action,
        ..NewEvent::default()
    }
}

/// Sets the password of the account a set-up token names; the token is used up with every
/// other session of the account.
pub async fn complete_setup(app: &App, token: &str, password: &str, repeat: &str) -> Result<StaffRow, PasswordError> {
    check_new(password, repeat)?;
    let digest = token_digest(token).0;
    let session = app
        .store
        .touch_session(&digest, SessionKind::StaffSetup, now_ms(), crate::service::access::SETUP_MAX_MS)
        .await?
        .ok_or(PasswordError::Expired)?;
    let user = app.store.staff_by_id(&session.subject).await?.filter(|u| !u.disabled).ok_or(PasswordError::Expired)?;
    let hash = hashed(app, password).await?;
    app.store.set_password(&user.id, &hash, &own_event(&user, "password-set")).await?;
    tracing::info!(staff = %user.id, "password set with a set-up link");
    Ok(user)
}

/// The person's own password change: the current one first; every session of the account
/// ends (this one too: sign in again).
pub async fn change_password(
    app: &App,
    user: &StaffRow,
    current: &str,
    password: &str,
    repeat: &str,
) -> Result<(), PasswordError> {
    let (given, stored) = (current.to_owned(), user.password_hash.clone());
    let right = tokio::task::spawn_blocking(move || verify_password(&given, &stored))
        .await
        .map_err(|e| PasswordError::Store(StoreError::Corrupt(e.to_string())))?;
    if !right {
        return Err(PasswordError::Invalid("password-wrong"));
    }
    check_new(password, repeat)?;
    let hash = hashed(app, password).await?;
    app.store.set_password(&user.id, &hash, &own_event(user, "password-changed")).await?;
    Ok(())
}

/// Takes an account back to "not set up" (a lost phone, a forgotten password): no password,
/// no second factor, every session ended; returns the new set-up token. Its organisation's
/// members are told, so a reset nobody asked for is noticed.
pub async fn reset_access(app: &App, by: &StaffRow, target: &StaffRow) -> Result<String, StoreError> {
    let event = NewEvent { detail: Some(format!("{}:reset", target.id)), ..own_event(by, "staff-reset") };
    app.store.reset_access(&target.id, &event).await?;
    tell_colleagues(app, target, "staff-reset").await?;
    issue_setup(app, &target.id).await
}

/// Whether `by` may confirm the new account `target`: another administrator, or a colleague
/// of its organisation who works on cases; never its creator or itself, and only an
/// enabled, confirmed account.
pub fn may_confirm(by: &StaffRow, target: &StaffRow) -> bool {
    target.confirmed_at.is_none()
        && by.id != target.id
        && target.created_by.as_deref() != Some(by.id.as_str())
        && by.confirmed_at.is_some()
        && !by.disabled
        && (by.role == Role::Admin
            || (target.org_id.is_some() && by.org_id == target.org_id && by.role.works_on_cases()))
}

/// Confirms a new account (audited); `Ok(false)` when `by` may not.
pub async fn confirm(app: &App, by: &StaffRow, target_id: &str) -> Result<bool, StoreError> {
    let Some(target) = app.store.staff_by_id(target_id).await? else { return Ok(false) };
    if !may_confirm(by, &target) {
        return Ok(false);
    }
    let event = NewEvent { detail: Some(target.id.clone()), ..own_event(by, "staff-confirmed") };
    match app.store.confirm_staff(&target.id, &by.id, now_ms(), &event).await {
        Ok(()) => Ok(true),
        Err(StoreError::NotFound) => Ok(false),
        Err(e) => Err(e),
    }
}

/// New accounts `user` may confirm.
pub async fn awaiting(app: &App, user: &StaffRow) -> Result<Vec<StaffRow>, StoreError> {
    Ok(app.store.list_staff().await?.into_iter().filter(|t| may_confirm(user, t)).collect())
}

/// Tells the members of an account's organisation who work on cases (and, for an account
/// without one, the other administrators) that something happened to it.
pub async fn tell_colleagues(app: &App, target: &StaffRow, kind: &str) -> Result<(), StoreError> {
    let to: Vec<String> = app
        .store
        .list_staff()
        .await?
        .into_iter()
        .filter(|s| s.id != target.id && !s.disabled && s.confirmed_at.is_some())
        .filter(|s| match &target.org_id {
            Some(org) => s.org_id.as_deref() == Some(org.as_str()) && s.role.works_on_cases(),
            None => s.role == Role::Admin,
        })
        .map(|s| s.id)
        .collect();
    crate::service::notify::notify(app, &to, kind, None).await
}

/// Open tasks of the user and their organisation, with their titles.
/// The open tasks of the user and their colleagues, each read through the one case path:
/// a task on a case the user may not read is not listed (its title stays sealed), and the
/// reading of each case's tasks is in its audit log (and the child's access log).
pub(crate) async fn my_tasks(app: &App, user: &StaffRow) -> Result<Vec<(TaskRow, String)>, Fail> {
    let tasks = app.store.open_tasks(&user.id, user.org_id.as_deref()).await?;
    let mut out = Vec::with_capacity(tasks.len());
    // Per case: its sealer when the user may read it, `None` when not.
    // A task of a case merged into another is listed under (and authorised, audited and
    // linked as) the survivor, its title opened with its own case's key.
    let mut cases: BTreeMap<String, Option<(String, Sealer)>> = BTreeMap::new();
    for mut t in tasks {
        if !cases.contains_key(&t.report_id) {
            let survivor = crate::service::merged::survivor_task_case(app, &t.report_id).await?;
            let readable = match permitted(app, user, &survivor, Action::ReadCase).await {
                Ok(case) => {
                    app.store.record_event(&event(user, &survivor, "tasks-read", None)).await?;
                    let sealer = if survivor == t.report_id {
                        case.sealer
                    } else {
                        crate::service::case::sealer_for(app, &t.report_id).await?
                    };
                    Some((survivor, sealer))
                }
                Err(Fail::NotFound | Fail::Forbidden | Fail::Erased(_)) => None,
                Err(e) => return Err(e),
            };
            cases.insert(t.report_id.clone(), readable);
        }
        let Some((survivor, sealer)) = &cases[&t.report_id] else { continue };
        let title = open_text(sealer, &zeri_storage::context::task(&t.id), &t.sealed)?;
        t.report_id = survivor.clone();
        out.push((t, title));
    }
    Ok(out)
}

pub(crate) fn overdue(t: &TaskRow) -> bool {
    t.due_on < now_ms().div_euclid(86_400_000)
}
