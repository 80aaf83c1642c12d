//! Receipts kept: the child confirms they saved the receipt (the last four digits typed
//! again, checked against the receipt shown, or a small text file with it), chooses a
//! passphrase as a second way in, and a counsellor who verified a caller by phone issues a
//! new receipt, which ends the old one.
//!
//! **The passphrase lookup.** A salted slow hash cannot be searched, and a keyed digest of
//! the whole passphrase would be searchable but fast: anyone holding the server key and a
//! copy of the database could test guesses at full speed. So the database keeps only a
//! *bucket*: the first 16 bits of a keyed digest (HMAC under the server-wide key) of the
//! normalised passphrase, and an Argon2id hash (the staff password parameters) that
//! verifies it. Opening computes the bucket and verifies the Argon2 hash of each
//! passphrase in it (at 65 536 buckets, about one candidate per bucket for the first
//! 65 000 passphrases), so every guess costs Argon2 work even with the server key, and the
//! bucket alone says almost nothing. Attempts go through the receipts' guessing limits
//! (`receipts::check_secret`, the same buckets), so a guesser gains nothing by switching
//! from receipts to passphrases. A passphrase that another report's passphrase in the same
//! bucket already verifies is refused ("choose another"), so one passphrase names one
//! report.

use crate::now_ms;
use crate::service::case::{event, invalid, permitted, seal, Fail};
use crate::service::receipts::{check_secret, Checked, ClientId};
use crate::App;
use zeri_crypto::{hash_password, new_receipt, verify_password};
use zeri_domain::{Action, FieldError, FieldErrors, Receipt, Role};
use zeri_storage::{NewEvent, ReportRow, StaffRow, StoreError};

/// Fewest words in a passphrase.
pub const PASSPHRASE_WORDS: usize = 4;
/// Fewest characters in a passphrase (spaces between words not counted twice).
pub const PASSPHRASE_CHARS: usize = 20;
/// Most characters in a passphrase.
pub const PASSPHRASE_MAX: usize = 200;

/// The passphrase as compared: lower case, words separated by one space.
pub fn normalise(input: &str) -> String {
    input.split_whitespace().map(|w| w.to_lowercase()).collect::<Vec<_>>().join(" ")
}

/// The rule: at least [`PASSPHRASE_WORDS`] words and [`PASSPHRASE_CHARS`] characters, at
/// most [`PASSPHRASE_MAX`], printable.
pub fn validate_passphrase(input: Option<&str>) -> Result<String, FieldErrors> {
    let p = normalise(input.unwrap_or(""));
    let n = p.chars().count();
    let error = if p.is_empty() {
        Some(FieldError::new("required"))
    } else if p.chars().any(char::is_control)
        || n > PASSPHRASE_MAX
        || p.split(' ').count() < PASSPHRASE_WORDS
        || n < PASSPHRASE_CHARS
    {
        Some(FieldError::new("child-passphrase-rule"))
    } else {
        None
    };
    match error {
        Some(e) => Err(FieldErrors::from([("passphrase", e)])),
        None => Ok(p),
    }
}

fn bucket(app: &App, normalised: &str) -> String {
    hex::encode(&app.keys.lookup_digest("passphrase-bucket", normalised.as_bytes())[..2])
}

/// The report whose passphrase is `normalised`, if any (Argon2 over the bucket's few).
async fn find(app: &App, normalised: &str) -> Result<Option<String>, StoreError> {
    let candidates = app.store.passphrases_in(&bucket(app, normalised)).await?;
    let given = normalised.to_owned();
    let found = tokio::task::spawn_blocking(move || {
        candidates.into_iter().find(|c| verify_password(&given, &c.phc)).map(|c| c.report_id)
    })
    .await
    .map_err(|e| StoreError::Corrupt(format!("passphrase check: {e}")))?;
    Ok(found)
}

/// The child chooses (or changes) their passphrase; audited in their access log. A
/// passphrase another report already has is refused, and that answer costs a guess in the
/// receipts' buckets (a free one gives it back), so probing for passphrases here is no
/// faster than trying them on the receipt form.
pub async fn set_passphrase(app: &App, client: ClientId, report_id: &str, input: Option<&str>) -> Result<(), Fail> {
    let p = validate_passphrase(input).map_err(Fail::Invalid)?;
    let free = check_secret(app, client, || async {
        Ok(match find(app, &p).await? {
            Some(other) if other != report_id => None,
            _ => Some(()),
        })
    })
    .await?;
    match free {
        Checked::Found(()) => {}
        Checked::Refused => return Err(invalid("passphrase", "child-passphrase-taken")),
        Checked::Throttled { .. } => return Err(invalid("passphrase", "child-passphrase-wait")),
    }
    let params = app.config.password_params;
    let hashed = p.clone();
    let phc = tokio::task::spawn_blocking(move || hash_password(&hashed, params))
        .await
        .map_err(|e| Fail::Internal(e.to_string()))?;
    let now = now_ms();
    let e = NewEvent {
        report_id: Some(report_id.to_owned()),
        at: now,
        action: "child-passphrase-set",
        ..NewEvent::default()
    };
    app.store.set_passphrase(report_id, &bucket(app, &p), &phc, now, &e).await?;
    Ok(())
}

/// Whether the report has a passphrase.
pub async fn has_passphrase(app: &App, report_id: &str) -> Result<bool, Fail> {
    Ok(app.store.has_passphrase(report_id).await?)
}

/// Checks a passphrase within the receipts' guessing limits; the report it opens.
pub async fn check_passphrase(app: &App, client: ClientId, input: &str) -> Result<Checked<ReportRow>, StoreError> {
    let p = normalise(input);
    check_secret(app, client, || async move {
        if validate_passphrase(Some(&p)).is_err() {
            return Ok(None);
        }
        match find(app, &p).await? {
            Some(id) => app.store.report(&id).await,
            None => Ok(None),
        }
    })
    .await
}

// ----- a new receipt, by a counsellor -----

/// Whether `user` may issue a new receipt for the case: a counsellor who may write to the
/// child on it (the helpline that holds the case), as the one who verifies a caller by
/// phone.
pub fn may_reissue(user: &StaffRow, case: &crate::service::case::Case) -> bool {
    user.role == Role::Counsellor && case.may(user, Action::Reply)
}

/// Issues a new receipt for the case with a stated reason: the old receipt stops working at
/// once, the new one is returned to be read out (only its keyed digest is stored), and the
/// child's access log shows that a counsellor of this organisation issued it.
pub async fn reissue(app: &App, user: &StaffRow, id: &str, reason: Option<&str>) -> Result<Receipt, Fail> {
    let c = permitted(app, user, id, Action::Reply).await?;
    if !may_reissue(user, &c) {
        return Err(Fail::Forbidden);
    }
    let reason = zeri_domain::casework::validate_reason(reason).map_err(Fail::Invalid)?;
    let receipt = new_receipt();
    let digest = app.keys.lookup_digest("receipt", receipt.digits().as_bytes());
    let mut e = event(user, id, "receipt-reissued", None);
    e.sealed = Some(seal(&c.sealer, &zeri_storage::context::audit_reason(id), &reason));
    match app.store.replace_receipt(id, &digest, &e).await {
        Ok(()) => {}
        Err(StoreError::Conflict { .. }) => return Err(Fail::Conflict("child-receipt-collision")),
        Err(e) => return Err(e.into()),
    }
    tracing::info!(staff = %user.id, "receipt reissued with a stated reason");
    Ok(receipt)
}

// ----- the receipt saved -----

/// What became of a "saved it" confirmation on the receipt page.
pub enum Saved {
    /// The last four digits matched; recorded.
    Confirmed,
    /// They did not match the receipt shown.
    Wrong,
    /// No receipt is shown any more (the time is over, or it was ended).
    Gone,
}

/// The child typed the last four digits of the receipt shown on the receipt page (the
/// form's token names it): checked against that receipt, recorded in the access log.
pub async fn confirm_saved(app: &App, form_token: &str, typed: &str) -> Result<Saved, Fail> {
    let Some(receipt) = crate::service::intake::shown_receipt(app, form_token).await? else { return Ok(Saved::Gone) };
    let digits: String = receipt.chars().filter(char::is_ascii_digit).collect();
    let typed: String = typed.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    let last = &digits[digits.len().saturating_sub(4)..];
    if typed.len() != 4 || !bool::from(subtle::ConstantTimeEq::ct_eq(typed.as_bytes(), last.as_bytes())) {
        return Ok(Saved::Wrong);
    }
    saved_event(app, form_token, "typed").await?;
    Ok(Saved::Confirmed)
}

/// The receipt shown on the receipt page, for the "save as a file" download; recorded.
pub async fn receipt_file(app: &App, form_token: &str) -> Result<Option<String>, Fail> {
    let shown = crate::service::intake::shown_receipt(app, form_token).await?;
    if shown.is_some() {
        saved_event(app, form_token, "file").await?;
    }
    Ok(shown)
}

async fn saved_event(app: &App, form_token: &str, how: &str) -> Result<(), Fail> {
    let digest = crate::service::intake::form_digest(app, form_token);
    let Some(row) = app.store.submission(&digest).await? else { return Ok(()) };
    let e = NewEvent {
        report_id: Some(row.report_id),
        at: now_ms(),
        action: "child-receipt-saved",
        detail: Some(how.to_owned()),
        ..NewEvent::default()
    };
    app.store.record_event(&e).await?;
    Ok(())
}
