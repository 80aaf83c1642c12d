//! Exposure to material and its limits.

use zeri_crypto::Keyring;
use zeri_domain::permission::Role;
use zeri_storage::*;

use crate::setup::*;

/// Exposure to material: an opening closes the one before and lands with its custody entry
/// in one transaction (or not at all), leaving a page closes the open one, and the limits
/// start at five hours and a break an hour, changed with their audit entry.
pub async fn exposure(store: &dyn Store, keys: &Keyring) {
    store.insert_staff(&staff_row("ex1", "besa", Role::HotlineAnalyst, Some("hotline"))).await.unwrap();
    store.insert_staff(&staff_row("ex2", "arta", Role::Counsellor, Some("helpline"))).await.unwrap();
    store.insert_reports(&[report(40)]).await.unwrap();
    let opening = |id: &str, staff: &str, at: i64, kind: &'static str, cap: i64| NewExposure {
        id: id.into(),
        staff_id: staff.into(),
        at,
        kind,
        counted_s: cap,
        ended_at: None,
    };
    let viewed = |at: i64| event("r40", at, "evidence_viewed", Some("ex1"));
    let t0 = 1_800_000_000_000;
    assert_eq!(
        store.exposure_limits().await.unwrap(),
        ExposureLimits { daily_limit_minutes: 300, break_after_minutes: 60, updated_at: None }
    );

    store.record_opening("ex1", t0, &[opening("o1", "ex1", t0, "image", 600)], &viewed(t0)).await.unwrap();
    // Four minutes later a break and a video: the image is closed at 240 s.
    let brk = NewExposure {
        kind: "break",
        counted_s: 0,
        ended_at: Some(t0 + 240_000),
        ..opening("b1", "ex1", t0 + 240_000, "break", 0)
    };
    let video = opening("o2", "ex1", t0 + 240_000, "video", 1800);
    store.record_opening("ex1", t0 + 240_000, &[video, brk], &viewed(t0 + 240_000)).await.unwrap();
    store
        .record_opening(
            "ex2",
            t0 + 1_000,
            &[opening("o3", "ex2", t0 + 1_000, "image", 600)],
            &event("r40", t0, "evidence_viewed", Some("ex2")),
        )
        .await
        .unwrap();
    let rows = store.exposure(Some("ex1"), t0, t0 + 86_400_000).await.unwrap();
    let got: Vec<(&str, i64, Option<i64>)> = rows.iter().map(|r| (r.kind.as_str(), r.counted_s, r.ended_at)).collect();
    assert_eq!(
        got,
        [("image", 240, Some(t0 + 240_000)), ("break", 0, Some(t0 + 240_000)), ("video", 1800, None)],
        "a break sorts before the opening it came with"
    );
    assert_eq!(store.exposure(None, t0, t0 + 86_400_000).await.unwrap().len(), 4, "everyone's");
    assert_eq!(store.exposure(None, t0 + 1, t0 + 2_000).await.unwrap().len(), 1, "within the span only");
    assert!(store.exposure(Some("ex1"), 0, t0).await.unwrap().is_empty());

    // A failed opening leaves nothing: the open video stays open, no entry, no custody entry.
    let before = store.events("r40").await.unwrap().len();
    let clash = opening("o1", "ex1", t0 + 300_000, "image", 600);
    assert!(matches!(
        store.record_opening("ex1", t0 + 300_000, &[clash], &viewed(t0 + 300_000)).await,
        Err(StoreError::Conflict { .. })
    ));
    let other = opening("o9", "ex2", t0 + 300_000, "image", 600);
    assert!(
        store.record_opening("ex1", t0 + 300_000, &[other], &viewed(t0 + 300_000)).await.is_err(),
        "one person's openings only"
    );
    assert_eq!(store.events("r40").await.unwrap().len(), before, "no custody entry");
    let rows = store.exposure(Some("ex1"), t0, t0 + 86_400_000).await.unwrap();
    assert_eq!((rows.len(), rows[2].ended_at), (3, None), "nothing closed, nothing added");

    // Leaving the page closes the open video at the time spent, here ten minutes.
    assert_eq!(store.close_exposure("ex1", t0 + 840_000).await.unwrap(), 1);
    assert_eq!(store.close_exposure("ex1", t0 + 900_000).await.unwrap(), 0, "once");
    let rows = store.exposure(Some("ex1"), t0, t0 + 86_400_000).await.unwrap();
    assert_eq!((rows[2].counted_s, rows[2].ended_at), (600, Some(t0 + 840_000)));
    // Never more than it may count, and never below nothing (a clock that went back).
    store
        .record_opening(
            "ex1",
            t0 + 10_000_000,
            &[opening("o4", "ex1", t0 + 10_000_000, "image", 600)],
            &viewed(t0 + 10_000_000),
        )
        .await
        .unwrap();
    store.close_exposure("ex1", t0 + 99_000_000).await.unwrap();
    store
        .record_opening("ex2", t0 + 1_000, &[opening("o5", "ex2", t0 + 2_000, "image", 600)], &viewed(t0))
        .await
        .unwrap();
    store.close_exposure("ex2", t0).await.unwrap();
    let counted: Vec<i64> = store.exposure(None, t0, i64::MAX).await.unwrap().iter().map(|r| r.counted_s).collect();
    assert_eq!(counted, [240, 0, 0, 0, 600, 600], "{counted:?}");

    // The limits, with their audit entry.
    let limits = ExposureLimits { daily_limit_minutes: 120, break_after_minutes: 30, updated_at: Some(t0) };
    let changed =
        NewEvent { at: t0, staff_id: Some("ex2".into()), action: "exposure-limits-changed", ..NewEvent::default() };
    store.set_exposure_limits(&limits, &changed).await.unwrap();
    assert_eq!(store.exposure_limits().await.unwrap(), limits);
    let head = store.audit_head().await.unwrap();
    let last = store.audit_page(head.seq - 1, 1).await.unwrap();
    assert_eq!(last[0].event.action, "exposure-limits-changed");
    assert!(verify_chain(store, keys).await.unwrap().is_ok(), "every entry chained");
}
