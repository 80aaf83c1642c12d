//! One storage story, run unchanged against every backend.
//!
//! SQLite always runs. PostgreSQL runs when `ZERI_TEST_POSTGRES_URL` names a server
//! (an admin URL such as `postgres://postgres@127.0.0.1:55432/postgres`); each run creates
//! its own database. Under CI (`CI=true`) a missing PostgreSQL fails the test instead of
//! skipping it.

use std::sync::Arc;

use zeri_domain::permission::Role;
use zeri_domain::report::{AgeBand, Category, ContactMethod, ReporterKind};
use zeri_domain::Stage;
use zeri_storage::*;

fn report(n: u8) -> NewReportRow {
    NewReportRow {
        id: format!("r{n}"),
        case_ref: format!("ZR-{n:04}"),
        receipt_digest: [n; 32],
        created_at: 1_000 + n as i64,
        category: Category::Grooming,
        reporter: ReporterKind::Myself,
        age_band: AgeBand::From13To15,
        municipality: n.is_multiple_of(2).then(|| "Kukës".to_owned()),
        contact_method: ContactMethod::None,
        consent_cpo: n.is_multiple_of(2),
        consent_police: false,
        key_id: "k1".into(),
        sealed: vec![n, 1, 2, 3],
    }
}

fn event(report_id: &str, at: i64, action: &'static str, staff: Option<&str>) -> NewEvent {
    NewEvent {
        report_id: report_id.into(),
        at,
        staff_id: staff.map(String::from),
        role: staff.map(|_| Role::Counsellor),
        action,
        detail: None,
    }
}

async fn story(store: Arc<dyn Store>) {
    store.ping().await.unwrap();

    // Staff: usernames are unique.
    let staff = StaffRow {
        id: "s1".into(),
        username: "drita".into(),
        role: Role::Counsellor,
        password_hash: "$argon2id$x".into(),
        created_at: 1,
        disabled: false,
    };
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
    assert_eq!(ev[4].role, Some(Role::Counsellor));

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

    assert!(store.purge_expired(200_000).await.unwrap() >= 1);

    // Group commit: many concurrent submissions, each acknowledged once stored.
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

#[tokio::test]
async fn sqlite_story() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("zeri.db").display());
    let store = connect(&url).await.unwrap();
    assert_eq!(store.backend(), "sqlite");
    story(store).await;
}

/// A fresh database on the PostgreSQL server named by `ZERI_TEST_POSTGRES_URL`.
pub async fn fresh_postgres() -> Option<String> {
    let Ok(admin) = std::env::var("ZERI_TEST_POSTGRES_URL") else {
        assert!(std::env::var("CI").is_err(), "CI must run the PostgreSQL story: set ZERI_TEST_POSTGRES_URL");
        eprintln!("ZERI_TEST_POSTGRES_URL not set: PostgreSQL story not run");
        return None;
    };
    use sqlx::Connection;
    let mut conn = sqlx::PgConnection::connect(&admin).await.unwrap();
    let name = format!("zeri_story_{}", uuid::Uuid::new_v4().simple());
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.unwrap();
    let (base, _) = admin.rsplit_once('/').unwrap();
    Some(format!("{base}/{name}"))
}

#[tokio::test]
async fn postgres_story() {
    let Some(url) = fresh_postgres().await else { return };
    let store = connect(&url).await.unwrap();
    assert_eq!(store.backend(), "postgres");
    story(store).await;
}
