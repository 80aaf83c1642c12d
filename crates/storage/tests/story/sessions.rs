//! Sessions, throttle windows and the life of an account.

use zeri_domain::permission::Role;
use zeri_storage::*;

use crate::setup::*;

/// Sessions expire when idle and at their end and are of one kind; throttle windows count
/// and give back; a new account waits for a second person, and a password set or a reset
/// ends its sessions.
pub async fn sessions(store: &dyn Store) {
    // Sessions: idle and absolute expiry, kind separation.
    let s = SessionRow {
        token_digest: [5; 32],
        kind: SessionKind::Survivor,
        subject: "r2".into(),
        created_at: 10_000,
        last_seen_at: 10_000,
        expires_at: 100_000,
    };
    store.insert_session(&s).await.unwrap();
    assert_eq!(
        store.touch_session(&[5; 32], SessionKind::Survivor, 15_000, 10_000).await.unwrap().unwrap().subject,
        "r2"
    );
    assert!(store.touch_session(&[5; 32], SessionKind::Staff, 15_000, 10_000).await.unwrap().is_none());
    assert!(store.touch_session(&[6; 32], SessionKind::Survivor, 15_000, 10_000).await.unwrap().is_none());
    // last seen 15_000: idle at 25_001
    assert!(store.touch_session(&[5; 32], SessionKind::Survivor, 25_001, 10_000).await.unwrap().is_none());
    let s2 = SessionRow { token_digest: [7; 32], ..s.clone() };
    store.insert_session(&s2).await.unwrap();
    assert!(
        store.touch_session(&[7; 32], SessionKind::Survivor, 100_000, 1_000_000).await.unwrap().is_none(),
        "expired"
    );
    store.delete_session(&[5; 32]).await.unwrap();
    assert!(store.touch_session(&[5; 32], SessionKind::Survivor, 10_001, 10_000).await.unwrap().is_none());

    // Throttle windows.
    let b = [9u8; 32];
    assert_eq!(store.throttle_count(&b, 60_000, 60_000).await.unwrap(), 0);
    for expected in 1..=3 {
        assert_eq!(store.throttle_hit(&b, 60_000 + expected, 60_000).await.unwrap(), expected);
    }
    assert_eq!(store.throttle_count(&b, 119_999, 60_000).await.unwrap(), 3);
    assert_eq!(store.throttle_count(&b, 120_000, 60_000).await.unwrap(), 0, "new window");
    assert_eq!(store.throttle_hit(&b, 120_000, 60_000).await.unwrap(), 1);
    store.throttle_release(&b, 120_000, 60_000).await.unwrap();
    store.throttle_release(&b, 120_000, 60_000).await.unwrap();
    assert_eq!(store.throttle_count(&b, 120_000, 60_000).await.unwrap(), 0, "given back, never below 0");

    // Accounts: a new one waits for a second person; a password set or a reset ends every
    // staff session of the account (the child's are not the account's).
    let mut new = staff_row("s9", "nina", Role::Counsellor, None);
    (new.created_by, new.confirmed_at, new.password_hash) = (Some("s1".into()), None, String::new());
    store.insert_staff(&new).await.unwrap();
    assert_eq!(store.staff_by_id("s9").await.unwrap().unwrap().confirmed_at, None);
    store.confirm_staff("s9", "s2x", 50, &NewEvent { action: "staff-confirmed", ..NewEvent::default() }).await.unwrap();
    assert!(
        matches!(store.confirm_staff("s9", "s2x", 60, &NewEvent::default()).await, Err(StoreError::NotFound)),
        "once"
    );
    assert_eq!(store.staff_by_id("s9").await.unwrap().unwrap().confirmed_at, Some(50));
    for (digest, kind) in [([20u8; 32], SessionKind::Staff), ([21; 32], SessionKind::StaffSetup)] {
        store
            .insert_session(&SessionRow { token_digest: digest, kind, subject: "s9".into(), ..s.clone() })
            .await
            .unwrap();
    }
    store.set_password("s9", "$argon2id$y", &NewEvent { action: "password-set", ..NewEvent::default() }).await.unwrap();
    assert!(store.touch_session(&[20; 32], SessionKind::Staff, 10_001, 10_000).await.unwrap().is_none());
    assert!(
        store.touch_session(&[21; 32], SessionKind::StaffSetup, 10_001, 10_000).await.unwrap().is_none(),
        "used up"
    );
    assert_eq!(store.staff_by_id("s9").await.unwrap().unwrap().password_hash, "$argon2id$y");
    store
        .insert_session(&SessionRow {
            token_digest: [22; 32],
            kind: SessionKind::Staff,
            subject: "s9".into(),
            ..s.clone()
        })
        .await
        .unwrap();
    store.reset_access("s9", &NewEvent { action: "staff-reset", ..NewEvent::default() }).await.unwrap();
    let reset = store.staff_by_id("s9").await.unwrap().unwrap();
    assert!(reset.password_hash.is_empty() && reset.totp_sealed.is_none());
    assert!(store.touch_session(&[22; 32], SessionKind::Staff, 10_001, 10_000).await.unwrap().is_none());

    assert!(store.purge_expired(200_000).await.unwrap() >= 1);
}
