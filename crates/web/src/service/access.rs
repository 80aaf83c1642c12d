//! Sessions of survivors and staff: opened with a token given once to the client (only its
//! digest is stored), ended on sign-out, idle time or their longest life.

use zeri_crypto::{new_token, token_digest};
use zeri_storage::{SessionKind, SessionRow, StoreError};

use crate::{now_ms, App};

/// Time to set up the second factor after the password was checked.
pub const ENROL_MAX_MS: i64 = 10 * 60 * 1000;

/// How long a one-time set-up link works (not touched by idle time: it is used once).
pub const SETUP_MAX_MS: i64 = 72 * 3600 * 1000;

/// Idle time after which a staff session ends.
pub const IDLE_MS: i64 = 30 * 60 * 1000;

/// Idle time after which a child's follow-up (and chat) session ends: shorter, because the
/// phone may be shared, and the page says so.
pub const SURVIVOR_IDLE_MS: i64 = 15 * 60 * 1000;

/// The idle time of a kind of session.
pub fn idle_ms(kind: SessionKind) -> i64 {
    match kind {
        SessionKind::Survivor => SURVIVOR_IDLE_MS,
        _ => IDLE_MS,
    }
}

/// Longest life of a survivor session, however active.
pub const SURVIVOR_MAX_MS: i64 = 4 * 3600 * 1000;

/// Longest life of a staff session (one working day).
pub const STAFF_MAX_MS: i64 = 12 * 3600 * 1000;

/// Opens a session and returns its token (to be given to the client, never stored).
pub async fn open_session(app: &App, kind: SessionKind, subject: &str) -> Result<String, StoreError> {
    let token = new_token();
    let now = now_ms();
    let max = match kind {
        SessionKind::Survivor => SURVIVOR_MAX_MS,
        SessionKind::Staff => STAFF_MAX_MS,
        SessionKind::StaffEnrol | SessionKind::StaffCode => ENROL_MAX_MS,
        SessionKind::StaffSetup => SETUP_MAX_MS,
    };
    // A child's session opens the case their report lives on in, after any merge.
    let subject = match kind {
        SessionKind::Survivor => zeri_storage::survivor_of(app.store.as_ref(), subject).await?,
        _ => subject.to_owned(),
    };
    app.store
        .insert_session(&SessionRow {
            token_digest: token_digest(&token).0,
            kind,
            subject,
            created_at: now,
            last_seen_at: now,
            expires_at: now + max,
        })
        .await?;
    Ok(token)
}

pub async fn close_session(app: &App, token: &str) -> Result<(), StoreError> {
    app.store.delete_session(&token_digest(token).0).await
}
