//! Staff, reports, assignment, stages, messages and the events they leave; group commit.

use std::sync::Arc;

use zeri_domain::permission::Role;
use zeri_domain::Stage;
use zeri_storage::*;

use crate::setup::*;

/// Staff usernames are unique, a batch of reports is all or nothing, assignment happens
/// once, stage changes are compare-and-set, messages keep their order.
pub async fn reports(store: &dyn Store) {
    // Staff: usernames are unique.
    let staff = staff_row("s1", "drita", Role::Counsellor, Some("helpline"));
    store.insert_staff(&staff).await.unwrap();
    let dup = StaffRow { id: "s2".into(), ..staff.clone() };
    assert!(matches!(store.insert_staff(&dup).await, Err(StoreError::Conflict { .. })));
    assert_eq!(store.staff_by_username("drita").await.unwrap().unwrap().id, "s1");
    assert_eq!(store.staff_by_id("s1").await.unwrap().unwrap().role, Role::Counsellor);
    assert!(store.staff_by_username("nobody").await.unwrap().is_none());

    // Reports: a batch is all or nothing.
    store.insert_reports(&[report(1), report(2), report(3)]).await.unwrap();
    let clash = NewReportRow { id: "r9".into(), case_ref: "ZR-0009".into(), ..report(1) };
    let err = store.insert_reports(&[report(4), clash]).await.unwrap_err();
    assert!(matches!(err, StoreError::Conflict { .. }), "{err:?}");
    assert!(store.report("r4").await.unwrap().is_none(), "half a batch was stored");

    let r2 = store.report_by_receipt(&[2; 32]).await.unwrap().unwrap();
    assert_eq!(r2.id, "r2");
    assert_eq!(r2.stage, Stage::Received);
    assert_eq!(r2.municipality.as_deref(), Some("Kukës"));
    assert!(r2.consent_cpo && !r2.consent_police);
    assert_eq!(r2.sealed, vec![2, 1, 2, 3]);
    assert!(r2.awaiting_reply);
    assert!(store.report_by_receipt(&[77; 32]).await.unwrap().is_none());

    let listed = store.list_reports(None, 10).await.unwrap();
    assert_eq!(listed.len(), 3);
    assert_eq!(store.list_reports(Some(Stage::Received), 2).await.unwrap().len(), 2);

    // Assignment happens once.
    store.assign("r1", "s1", &event("r1", 2_000, "assigned", Some("s1"))).await.unwrap();
    assert!(matches!(
        store.assign("r1", "s1", &event("r1", 2_001, "assigned", Some("s1"))).await,
        Err(StoreError::Conflict { .. })
    ));
    assert_eq!(store.report("r1").await.unwrap().unwrap().assigned_to.as_deref(), Some("s1"));

    // Stage changes are compare-and-set.
    store.change_stage("r1", Stage::Received, Stage::InReview, &event("r1", 2_002, "stage", Some("s1"))).await.unwrap();
    assert!(matches!(
        store.change_stage("r1", Stage::Received, Stage::Closed, &event("r1", 2_003, "stage", Some("s1"))).await,
        Err(StoreError::Conflict { .. })
    ));
    store.change_stage("r1", Stage::InReview, Stage::Closed, &event("r1", 2_004, "stage", Some("s1"))).await.unwrap();
    let r1 = store.report("r1").await.unwrap().unwrap();
    assert_eq!((r1.stage, r1.updated_at), (Stage::Closed, 2_004));
    assert!(store.list_reports(None, 10).await.unwrap().iter().all(|r| r.id != "r1"), "closed reports leave the queue");

    // Messages keep their order and flip "awaiting reply".
    for (i, author) in [Author::Survivor, Author::Staff, Author::Survivor].into_iter().enumerate() {
        store
            .insert_message(&NewMessage {
                id: format!("m{i}"),
                report_id: "r2".into(),
                author,
                staff_id: (author == Author::Staff).then(|| "s1".to_owned()),
                created_at: 3_000, // same millisecond: order must still hold
                key_id: "k1".into(),
                sealed: vec![i as u8],
            })
            .await
            .unwrap();
        let awaiting = store.report("r2").await.unwrap().unwrap().awaiting_reply;
        assert_eq!(awaiting, author == Author::Survivor);
    }
    let msgs = store.messages("r2").await.unwrap();
    assert_eq!(msgs.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(), ["m0", "m1", "m2"]);
    assert_eq!(msgs[1].staff_id.as_deref(), Some("s1"));
    let orphan = NewMessage {
        id: "m9".into(),
        report_id: "nope".into(),
        author: Author::Survivor,
        staff_id: None,
        created_at: 1,
        key_id: "k1".into(),
        sealed: vec![],
    };
    assert!(store.insert_message(&orphan).await.is_err());
    assert!(store.messages("nope").await.unwrap().is_empty());

    // Events: creation, then everything in order.
    store.record_event(&event("r1", 2_005, "opened", Some("s1"))).await.unwrap();
    let ev = store.events("r1").await.unwrap();
    assert_eq!(
        ev.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
        ["created", "assigned", "stage", "stage", "opened"]
    );
    assert_eq!(ev[0].staff_id, None);
    assert_eq!(ev[0].actor, "survivor");
    assert_eq!(ev[4].role, Some(Role::Counsellor));
    assert_eq!(ev[4].org_id.as_deref(), Some("helpline"));
}

/// Group commit: many concurrent submissions, each acknowledged once stored.
pub async fn group_commit(store: Arc<dyn Store>) {
    let intake = Intake::start(store.clone(), 16);
    let mut handles = Vec::new();
    for n in 100..160u8 {
        let intake = intake.clone();
        handles.push(tokio::spawn(async move { intake.submit(report(n)).await }));
    }
    for h in handles {
        h.await.unwrap().unwrap();
    }
    for n in 100..160u8 {
        assert!(store.report(&format!("r{n}")).await.unwrap().is_some());
    }
    // A colliding receipt fails alone.
    let clash = NewReportRow { id: "x".into(), case_ref: "ZR-X".into(), ..report(100) };
    let (a, b) = tokio::join!(intake.submit(report(200)), intake.submit(clash));
    assert!(a.is_ok());
    assert!(matches!(b, Err(StoreError::Conflict { .. })), "{b:?}");
}
