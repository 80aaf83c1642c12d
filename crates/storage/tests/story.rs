//! One storage story, run unchanged against every backend.
//!
//! SQLite always runs. PostgreSQL runs when `ZERI_TEST_POSTGRES_URL` names a server
//! (an admin URL such as `postgres://postgres@127.0.0.1:55432/postgres`); each run creates
//! its own database. Under CI (`CI=true`) a missing PostgreSQL fails the test instead of
//! skipping it.

use std::sync::Arc;

use zeri_crypto::{DataKey, Keyring, MasterKey};
use zeri_domain::casework::{ConsentDecision, ConsentGiver, LegalDuty, ReferralStatus, Urgency};
use zeri_domain::permission::{OrgKind, Role};
use zeri_domain::report::{AgeBand, Category, ContactMethod, ReporterKind};
use zeri_domain::Stage;
use zeri_storage::*;

#[path = "story/batch.rs"]
mod batch;
#[path = "story/sharing.rs"]
mod sharing;

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
        case_key: None,
        channel: "online",
        org_id: "helpline".into(),
        evidence: Vec::new(),
        submission: None,
    }
}

fn event(report_id: &str, at: i64, action: &'static str, staff: Option<&str>) -> NewEvent {
    NewEvent {
        report_id: Some(report_id.into()),
        at,
        staff_id: staff.map(String::from),
        role: staff.map(|_| Role::Counsellor),
        org_id: staff.map(|_| "helpline".to_owned()),
        action,
        ..NewEvent::default()
    }
}

fn staff_row(id: &str, username: &str, role: Role, org: Option<&str>) -> StaffRow {
    StaffRow {
        id: id.into(),
        username: username.into(),
        role,
        password_hash: "$argon2id$x".into(),
        created_at: 1,
        disabled: false,
        org_id: org.map(String::from),
        profession: None,
        totp_sealed: None,
        totp_pending: None,
        totp_last_step: 0,
        created_by: None,
        confirmed_at: Some(1),
    }
}

fn keys() -> Arc<Keyring> {
    Arc::new(Keyring::new(MasterKey::generate()))
}

async fn story(store: Arc<dyn Store>, keys: Arc<Keyring>) {
    store.ping().await.unwrap();

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

    casework(&*store).await;
    directory(&*store).await;
    evidence(&*store).await;
    surveys(&*store).await;
    dp_releases(store.clone()).await;
    chats(&*store).await;
    hotline(&*store).await;
    sharing::hash_sharing(store.clone()).await;
    assert_eq!(verify_chain(&*store, &keys).await.unwrap(), Ok(store.audit_head().await.unwrap().seq));
    // Another master key cannot vouch for this chain.
    let other = Keyring::new(MasterKey::generate());
    assert_eq!(verify_chain(&*store, &other).await.unwrap().unwrap_err().seq, 1);

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

fn link(digest: u8, new_id: &str, by_hash: Option<&str>) -> NewLink {
    NewLink {
        url_digest: [digest; 32],
        url_sealed: vec![digest, 0xAA],
        new_item_id: new_id.into(),
        by_hash: by_hash.map(String::from),
    }
}

fn content_report(id: &str, at: i64, links: Vec<NewLink>) -> NewContentReport {
    use zeri_domain::hotline::{Shows, Source};
    NewContentReport {
        id: id.into(),
        created_at: at,
        source: Source::Public,
        shows: Some(Shows::ChildAbused),
        receipt_digest: None,
        form: None,
        case_id: None,
        staff_id: None,
        links,
        hashes: Vec::new(),
    }
}

/// The hotline's content items: a URL reported again joins its item, a hash joins an
/// unknown URL to the item that has it, a form files once, assessments are compare-and-set
/// and each write has its audit entry; statistics facts.
async fn hotline(store: &dyn Store) {
    use zeri_domain::hotline::*;
    for (id, name) in [("h1", "ana"), ("h2", "besa")] {
        store.insert_staff(&staff_row(id, name, Role::HotlineAnalyst, Some("hotline"))).await.unwrap();
    }
    let audit = NewEvent { at: 5_000, ..NewEvent::default() };
    // Two links, both new; the form's token and the receipt go with it.
    let sha = ContentHash::parse(HashKind::Sha256, &"ab".repeat(32)).unwrap();
    let first = NewContentReport {
        receipt_digest: Some([61; 32]),
        form: Some(ContentForm { token_digest: [62; 32], receipt_sealed: Some(vec![1, 2]), shown_until: 9_000 }),
        hashes: vec![sha.clone()],
        ..content_report("cr1", 5_000, vec![link(1, "i1", None), link(2, "i2", None)])
    };
    let made = store.insert_content_report(&first, &audit, &[]).await.unwrap();
    assert_eq!(
        made,
        vec![LinkOutcome { item_id: "i1".into(), joined: false }, LinkOutcome { item_id: "i2".into(), joined: false }]
    );
    let status = store.link_report_by_receipt(&[61; 32]).await.unwrap().unwrap();
    assert_eq!((status.created_at, status.items.len()), (5_000, 2));
    assert!(store.link_report_by_receipt(&[60; 32]).await.unwrap().is_none());
    let sub = store.content_submission(&[62; 32]).await.unwrap().unwrap();
    assert_eq!(
        (sub.report_id.as_str(), sub.receipt_sealed.as_deref(), sub.shown_until),
        ("cr1", Some(&[1u8, 2][..]), 9_000)
    );
    // The same form again: nothing stored, not even half.
    let again = NewContentReport { id: "cr1b".into(), ..first.clone() };
    let err = store.insert_content_report(&again, &audit, &[]).await.unwrap_err();
    assert!(matches!(&err, StoreError::Conflict { constraint } if constraint == "content_reports"), "{err:?}");
    assert_eq!(store.item_reports("i1").await.unwrap().len(), 1);

    // The same URL again joins; an unknown URL with a known hash joins that item; an
    // unknown URL without one is new.
    let second =
        content_report("cr2", 6_000, vec![link(1, "i9", None), link(3, "i3", Some("i2")), link(4, "i4", None)]);
    let made = store.insert_content_report(&second, &NewEvent { at: 6_000, ..audit.clone() }, &[]).await.unwrap();
    let ids: Vec<(&str, bool)> = made.iter().map(|o| (o.item_id.as_str(), o.joined)).collect();
    assert_eq!(ids, [("i1", true), ("i2", true), ("i4", false)]);
    assert!(store.content_item("i9").await.unwrap().is_none() && store.content_item("i3").await.unwrap().is_none());
    assert_eq!(store.item_by_url(&[3; 32]).await.unwrap().as_deref(), Some("i2"), "its URL now names the item");
    let urls = store.content_urls("i2").await.unwrap();
    assert_eq!(urls.iter().map(|u| u.url_sealed.clone()).collect::<Vec<_>>(), [vec![2, 0xAA], vec![3, 0xAA]]);
    let i1 = store.content_item("i1").await.unwrap().unwrap();
    assert_eq!((i1.times_reported, i1.last_reported_at, i1.state), (2, 6_000, ItemState::New));
    assert_eq!(i1.source, Source::Public);
    assert!(i1.hosting_country.is_none() && i1.removed_at.is_none() && i1.forwarded_to.is_none());
    let reports = store.item_reports("i1").await.unwrap();
    assert_eq!(
        reports.iter().map(|r| (r.id.as_str(), r.joined, r.with_receipt)).collect::<Vec<_>>(),
        [("cr1", false, true), ("cr2", true, false)]
    );
    assert_eq!(store.items_with_hashes(std::slice::from_ref(&sha)).await.unwrap(), ["i1", "i2"]);
    assert_eq!(store.item_hashes("i1").await.unwrap(), std::slice::from_ref(&sha));
    assert!(store.item_hashes("i4").await.unwrap().is_empty());
    // Two reports of the same new URL at the same moment: one makes it, the other is told.
    let race = content_report("cr3", 7_000, vec![link(5, "i5", None)]);
    let race2 = content_report("cr4", 7_000, vec![link(5, "i6", None)]);
    let (a, b) =
        tokio::join!(store.insert_content_report(&race, &audit, &[]), store.insert_content_report(&race2, &audit, &[]));
    match (a, b) {
        (Ok(x), Ok(y)) => assert!(x[0].joined != y[0].joined, "one made it, the other joined"),
        (Ok(_), Err(StoreError::Conflict { constraint })) | (Err(StoreError::Conflict { constraint }), Ok(_)) => {
            assert_eq!(constraint, "content_urls")
        }
        other => panic!("{other:?}"),
    }
    // PDQ hashes are listed for matching within a distance; a case reference is kept.
    let pdq = ContentHash::parse(HashKind::Pdq, &"0f".repeat(32)).unwrap();
    let from_case = NewContentReport {
        source: Source::Case,
        case_id: Some("r2".into()),
        staff_id: Some("h1".into()),
        hashes: vec![pdq.clone()],
        ..content_report("cr5", 8_000, vec![link(7, "i7", None)])
    };
    let read = NewEvent { report_id: Some("r2".into()), action: "links-to-hotline", ..audit.clone() };
    store.insert_content_report(&from_case, &audit, std::slice::from_ref(&read)).await.unwrap();
    let case_events = store.events("r2").await.unwrap();
    assert_eq!(case_events.last().map(|e| e.action.as_str()), Some("links-to-hotline"), "the case's reading, with it");
    assert!(case_events.iter().all(|e| !e.action.starts_with("item-")), "the item's entries are not the case's");
    assert_eq!(store.item_pdqs().await.unwrap(), [("i7".to_owned(), pdq.value.clone())]);
    assert_eq!(store.item_reports("i7").await.unwrap()[0].case_id.as_deref(), Some("r2"));

    // The queue: new items first, newest first.
    let queue: Vec<String> = store.content_items(None, 3, 0).await.unwrap().into_iter().map(|i| i.id).collect();
    assert_eq!(queue[0], "i7");
    assert_eq!(store.count_content_items(None).await.unwrap(), 5);
    assert_eq!(store.content_items(None, 10, 3).await.unwrap().len(), 2, "the second page");

    // An assessment, compare-and-set on the one it replaces; a review of it, once.
    let classification = Classification {
        verdict: Verdict::Baseline,
        content_type: ContentType::Image,
        age_group: Some(AgeGroup::Prepubescent),
        site_type: SiteType::ImageHost,
        other_harm: None,
    };
    let a1 = AssessmentRow {
        id: "a1".into(),
        item_id: "i1".into(),
        at: 9_000,
        staff_id: "h1".into(),
        classification,
        review: None,
        reviewed_by: None,
        reviewed_at: None,
    };
    let ev = |action: &'static str, staff: &str| NewEvent {
        at: 9_000,
        staff_id: Some(staff.into()),
        role: Some(Role::HotlineAnalyst),
        org_id: Some("hotline".into()),
        action,
        detail: Some("i1".into()),
        ..NewEvent::default()
    };
    store.insert_assessment(&a1, None, &ItemSharing::Keep, &ev("item-assessed", "h1")).await.unwrap();
    let late = AssessmentRow { id: "a0".into(), ..a1.clone() };
    assert!(
        matches!(
            store.insert_assessment(&late, None, &ItemSharing::Keep, &ev("item-assessed", "h2")).await,
            Err(StoreError::Conflict { .. })
        ),
        "it was assessed meanwhile"
    );
    let i1 = store.content_item("i1").await.unwrap().unwrap();
    assert_eq!(
        (i1.state, i1.classification, i1.assessed_by.as_deref()),
        (ItemState::Assessed, Some(classification), Some("h1"))
    );
    store
        .review_assessment(
            "i1",
            "a1",
            Review::Confirm,
            ItemState::Confirmed,
            &ItemSharing::Keep,
            &ev("item-confirmed", "h2"),
        )
        .await
        .unwrap();
    assert!(
        matches!(
            store
                .review_assessment(
                    "i1",
                    "a1",
                    Review::Dispute,
                    ItemState::Disputed,
                    &ItemSharing::Keep,
                    &ev("item-disputed", "h2")
                )
                .await,
            Err(StoreError::Conflict { .. })
        ),
        "once"
    );
    let i1 = store.content_item("i1").await.unwrap().unwrap();
    assert_eq!((i1.state, i1.reviewed_by.as_deref()), (ItemState::Confirmed, Some("h2")));
    let a = store.assessments("i1").await.unwrap();
    assert_eq!((a.len(), a[0].review, a[0].reviewed_by.as_deref()), (1, Some(Review::Confirm), Some("h2")));
    // A new assessment replaces the confirmed one and waits again.
    let a2 = AssessmentRow { id: "a2".into(), staff_id: "h2".into(), at: 9_500, ..a1.clone() };
    store.insert_assessment(&a2, Some("a1"), &ItemSharing::Keep, &ev("item-assessed", "h2")).await.unwrap();
    let i1 = store.content_item("i1").await.unwrap().unwrap();
    assert_eq!((i1.state, i1.reviewed_by, i1.assessment_id.as_deref()), (ItemState::Assessed, None, Some("a2")));
    let events: Vec<String> = store.item_events("i1").await.unwrap().into_iter().map(|e| e.action).collect();
    assert_eq!(events, ["item-created", "item-joined", "item-assessed", "item-confirmed", "item-assessed"]);

    // Statistics see codes and times only; the receipt's showing ends.
    let facts = store.item_facts(0, 10_000).await.unwrap();
    assert_eq!(facts.len(), 5);
    assert_eq!(facts.iter().filter(|f| f.classification.is_some()).count(), 1);
    assert!(store.item_facts(5_001, 6_000).await.unwrap().is_empty());
    store.end_content_receipt_view(&[62; 32]).await.unwrap();
    assert!(store.content_submission(&[62; 32]).await.unwrap().unwrap().receipt_sealed.is_none());

    // Erasing the child's case leaves the hotline's item, no longer tied to the case.
    store
        .erase_case("r2", &NewEvent { report_id: Some("r2".into()), action: "erased", ..audit.clone() })
        .await
        .unwrap();
    let reports = store.item_reports("i7").await.unwrap();
    assert_eq!((reports.len(), reports[0].case_id.as_deref()), (1, None));
}

/// Chats: one open per report, taken once, handed over warm or cold, ended once; their
/// messages join the report's thread in order, with delivery and read marks; duty, hours
/// and notifications.
async fn chats(store: &dyn Store) {
    store
        .insert_reports(&[NewReportRow {
            id: "rc".into(),
            case_ref: "ZR-C".into(),
            receipt_digest: [210; 32],
            ..report(10)
        }])
        .await
        .unwrap();
    for (id, name) in [("c1", "chat-one"), ("c2", "chat-two")] {
        store.insert_staff(&staff_row(id, name, Role::Counsellor, Some("helpline"))).await.unwrap();
    }
    let chat = ChatRow {
        id: "ch1".into(),
        report_id: "rc".into(),
        opened_at: 10,
        status: ChatStatus::Waiting,
        routed_to: None,
        staff_id: None,
        answered_at: None,
        ended_at: None,
        ended_by: None,
        sealed: None,
    };
    store.open_chat(&chat, &event("rc", 10, "chat-opened", None)).await.unwrap();
    let twin = ChatRow { id: "ch2".into(), ..chat.clone() };
    assert!(matches!(
        store.open_chat(&twin, &event("rc", 11, "chat-opened", None)).await,
        Err(StoreError::Conflict { .. })
    ));
    assert_eq!(store.open_chat_of("rc").await.unwrap().unwrap().id, "ch1");
    assert_eq!(store.live_chats().await.unwrap().iter().filter(|c| c.report_id == "rc").count(), 1);

    store.take_chat("ch1", "c1", 20, &event("rc", 20, "chat-taken", Some("c1"))).await.unwrap();
    let taken = store.take_chat("ch1", "c2", 21, &event("rc", 21, "chat-taken", Some("c2"))).await;
    assert!(matches!(taken, Err(StoreError::Conflict { .. })), "taken once");
    let m = |id: &str, author, at| NewMessage {
        id: id.into(),
        report_id: "rc".into(),
        author,
        staff_id: (author == Author::Staff).then(|| "c1".to_owned()),
        created_at: at,
        key_id: "case".into(),
        sealed: vec![2, 1],
    };
    let s1 = store.insert_chat_message(&m("cm1", Author::Survivor, 30), "ch1").await.unwrap();
    let s2 = store.insert_chat_message(&m("cm2", Author::Staff, 31), "ch1").await.unwrap();
    assert!(s2 > s1);
    assert!(!store.report("rc").await.unwrap().unwrap().awaiting_reply, "answered");
    let after = store.messages_after("rc", s1).await.unwrap();
    assert_eq!(after.iter().map(|t| t.row.id.as_str()).collect::<Vec<_>>(), ["cm2"]);
    assert_eq!(after[0].chat_id.as_deref(), Some("ch1"));
    assert_eq!(store.mark_seen("rc", Author::Survivor, s2, 40, false).await.unwrap(), 1);
    assert_eq!(store.mark_seen("rc", Author::Survivor, s2, 41, true).await.unwrap(), 1, "read, once delivered");
    let all = store.messages_after("rc", 0).await.unwrap();
    assert_eq!((all[0].delivered_at, all[0].read_at, all[1].delivered_at), (Some(40), Some(41), None));
    assert_eq!(store.seen_marks("rc", Author::Survivor).await.unwrap(), (s1, s1));
    assert_eq!(store.seen_marks("rc", Author::Staff).await.unwrap(), (0, 0));
    assert_eq!(store.message_seq("cm2").await.unwrap(), Some(("rc".to_owned(), s2)));
    assert_eq!(store.message_seq("nope").await.unwrap(), None);

    // Warm hand-over to a colleague, then cold back to the queue; only the holder can.
    let wrong = store.hand_over("ch1", "c2", None, None, &event("rc", 50, "chat-handed-over", Some("c2"))).await;
    assert!(matches!(wrong, Err(StoreError::Conflict { .. })));
    store
        .hand_over("ch1", "c1", Some("c2"), Some(&[2, 9]), &event("rc", 51, "chat-handed-over", Some("c1")))
        .await
        .unwrap();
    let warm = store.chat("ch1").await.unwrap().unwrap();
    assert_eq!(
        (warm.status, warm.staff_id.as_deref(), warm.sealed.as_deref()),
        (ChatStatus::Active, Some("c2"), Some(&[2u8, 9][..]))
    );
    store.hand_over("ch1", "c2", None, None, &event("rc", 52, "chat-handed-over", Some("c2"))).await.unwrap();
    assert_eq!(store.chat("ch1").await.unwrap().unwrap().status, ChatStatus::Waiting);

    assert_eq!(store.last_block("rc").await.unwrap(), None);
    store.end_chat("ch1", "blocked", Some(&[2, 7]), 60, &event("rc", 60, "chat-blocked", Some("c1"))).await.unwrap();
    let again = store.end_chat("ch1", "child", None, 61, &event("rc", 61, "chat-ended", None)).await;
    assert!(matches!(again, Err(StoreError::Conflict { .. })), "ended once");
    assert_eq!(store.last_block("rc").await.unwrap(), Some(60));
    assert!(store.open_chat_of("rc").await.unwrap().is_none());
    assert_eq!(store.blocked_chats(10).await.unwrap()[0].id, "ch1");
    store.open_chat(&twin, &event("rc", 70, "chat-opened", None)).await.unwrap();

    store.set_on_duty("c1", true, 80).await.unwrap();
    store.set_on_duty("c1", true, 81).await.unwrap();
    assert_eq!(store.on_duty().await.unwrap(), [("c1".to_owned(), 80)]);
    store.set_on_duty("c1", false, 82).await.unwrap();
    assert!(store.on_duty().await.unwrap().is_empty());
    store.set_hours("c2", &[(540, 1020), (2000, 2100)]).await.unwrap();
    store.set_hours("c2", &[(600, 700)]).await.unwrap();
    assert_eq!(store.hours("c2").await.unwrap(), [(600, 700)]);
    store.set_email("c2", Some(&[1, 2, 3])).await.unwrap();
    assert_eq!(store.email("c2").await.unwrap(), Some(vec![1, 2, 3]));
    assert!(matches!(store.set_email("nobody", None).await, Err(StoreError::NotFound)));

    let note = |id: &str, at| NotificationRow {
        id: id.into(),
        staff_id: "c2".into(),
        kind: "chat".into(),
        report_id: Some("rc".into()),
        created_at: at,
        read_at: None,
        emailed_at: None,
    };
    store.insert_notifications(&[note("n1", 90), note("n2", 91)]).await.unwrap();
    assert_eq!(store.unread_notifications("c2").await.unwrap(), 2);
    assert_eq!(store.notifications("c2", 10).await.unwrap()[0].id, "n2", "newest first");
    assert_eq!(store.unmailed_notifications(10).await.unwrap().len(), 2);
    store.mark_mailed(&["n1".to_owned()], 95).await.unwrap();
    assert_eq!(store.unmailed_notifications(10).await.unwrap()[0].id, "n2");
    store.read_notifications("c2", Some("n2"), 96).await.unwrap();
    assert_eq!(store.unread_notifications("c2").await.unwrap(), 1);
    assert!(store.unmailed_notifications(10).await.unwrap().is_empty(), "read ones are not mailed");
    store.read_notifications("c2", None, 97).await.unwrap();
    assert_eq!(store.unread_notifications("c2").await.unwrap(), 0);

    // Phone calls about a case, and remote session times.
    let call = ContactRow {
        id: "pc1".into(),
        report_id: "rc".into(),
        staff_id: "c1".into(),
        at: 100,
        channel: "phone".into(),
        minutes: Some(12),
        follow_up: "call_back".into(),
        sealed: vec![2, 3],
    };
    store.insert_contact(&call, &event("rc", 100, "phone-contact", Some("c1"))).await.unwrap();
    assert_eq!(store.contacts("rc").await.unwrap(), [call]);
    let slot = |id: &str, at| SlotRow {
        id: id.into(),
        report_id: "rc".into(),
        staff_id: "c2".into(),
        starts_at: at,
        minutes: 45,
        status: "offered".into(),
        created_at: 110,
        booked_at: None,
    };
    store
        .offer_slots(&[slot("s2", 2_000), slot("s1", 1_000)], &event("rc", 110, "session-offered", Some("c2")))
        .await
        .unwrap();
    assert_eq!(store.slots("rc").await.unwrap().iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), ["s1", "s2"]);
    let booked = store.book_slot("s2", "rc", 120, &event("rc", 120, "child-session-booked", None)).await.unwrap();
    assert_eq!((booked.status.as_str(), booked.booked_at, booked.minutes), ("booked", Some(120), 45));
    assert_eq!(store.slots("rc").await.unwrap()[0].status, "cancelled", "the other time is withdrawn");
    let twice = store.book_slot("s1", "rc", 121, &event("rc", 121, "child-session-booked", None)).await;
    assert!(matches!(twice, Err(StoreError::Conflict { .. })));
}

/// Case keys: stored with the report, found again, re-wrapped by a rotation (the audit
/// chain still verifies under the new key alone), destroyed by erasure with everything
/// sealed about the case, and put back after a restore only for cases not erased since.
async fn case_keys_and_retention(store: &dyn Store, keys: &Keyring) {
    store.insert_staff(&staff_row("s1", "drita", Role::Counsellor, Some("helpline"))).await.unwrap();
    let wrap = |id: &str, key: &DataKey| keys.wrap_data_key(key, format!("case-key:{id}").as_bytes());
    let k1 = DataKey::generate();
    let mut r1 = NewReportRow { id: "rk1".into(), case_ref: "ZR-K1".into(), receipt_digest: [201; 32], ..report(1) };
    r1.sealed = k1.seal(b"report one", b"report:rk1");
    r1.case_key = Some(wrap("rk1", &k1));
    r1.evidence = vec![
        NewEvidence { sealed: k1.seal(b"meta", b"evidence:ek1"), ..evidence_item("ek1", "rk1", 'e', Vec::new()) },
        NewEvidence {
            pdq: None,
            pdq_quality: None,
            inspection: InspectionOutcome::Pending,
            sealed: k1.seal(b"meta", b"evidence:ek1p"),
            ..evidence_item("ek1p", "rk1", 'f', Vec::new())
        },
    ];
    let mut legacy =
        NewReportRow { id: "rk2".into(), case_ref: "ZR-K2".into(), receipt_digest: [202; 32], ..report(2) };
    legacy.sealed = keys.seal(b"report two", b"report:rk2");
    // The same picture in another case: it matched rk1's, and rk1's is linked back to it.
    let same = NewMatch { via: "sha256", distance: 0, target: MatchTarget::Evidence("ek1".into()) };
    legacy.evidence = vec![NewEvidence {
        sealed: keys.seal(b"meta", b"evidence:ek2"),
        ..evidence_item("ek2", "rk2", 'e', vec![same])
    }];
    store.insert_reports(&[r1, legacy]).await.unwrap();
    let back = NewMatch { via: "pdq", distance: 0, target: MatchTarget::Evidence("ek2".into()) };
    store.insert_matches(&[("ek1".into(), back)]).await.unwrap();
    let takedown = TakedownRow {
        id: "tk1".into(),
        reference: "TD-K1".into(),
        created_at: 2_500,
        report_id: Some("rk1".into()),
        kind: "image".into(),
        size: 1,
        md5: "e".repeat(32),
        sha256: "e".repeat(64),
        pdq: Some("ab".repeat(32)),
        quality: Some(90),
        dihedral: None,
        frames: None,
        exported_at: None,
        ..TakedownRow::default()
    };
    store.insert_takedown(&takedown, None).await.unwrap();
    assert_eq!(store.evidence_matches("rk2").await.unwrap().len(), 1);
    assert_eq!(store.evidence_matches("rk1").await.unwrap().len(), 1);
    let message = NewMessage {
        id: "mk1".into(),
        report_id: "rk1".into(),
        author: Author::Survivor,
        staff_id: None,
        created_at: 2_000,
        key_id: "case".into(),
        sealed: k1.seal(b"hello", b"message:mk1"),
    };
    store.insert_message(&message).await.unwrap();
    assert!(store.case_key("rk1").await.unwrap().is_some());
    assert!(store.case_key("rk2").await.unwrap().is_none(), "a case from before case keys");

    // Retention counts from when the case entered its stage.
    let due = async |before: i64| {
        store.due_for_erasure(Stage::Closed, before, 1000).await.unwrap().contains(&"rk1".to_owned())
    };
    assert!(!due(i64::MAX).await);
    store
        .change_stage("rk1", Stage::Received, Stage::InReview, &event("rk1", 3_000, "stage", Some("s1")))
        .await
        .unwrap();
    store.change_stage("rk1", Stage::InReview, Stage::Closed, &event("rk1", 4_000, "stage", Some("s1"))).await.unwrap();
    assert!(!due(4_000).await);
    assert!(due(4_001).await);

    // A legacy audit reason sealed under the master key, so rotation must relink the chain.
    let mut reason = event("rk2", 4_500, "identity-revealed", Some("s1"));
    reason.sealed = Some(keys.seal(b"a reason", b"audit:rk2:reason"));
    store.record_event(&reason).await.unwrap();

    // Rotation: everything under the old key is re-wrapped; the new key alone reads it all.
    let during = keys.rotated();
    let done = store
        .rewrap_all(
            &|v: &[u8]| during.rewrap(v),
            Some(&NewEvent { action: "keys-rotated", at: 5_000, ..NewEvent::default() }),
        )
        .await
        .unwrap();
    assert!(done.rewrapped >= 3, "{done:?}");
    let after = during.without_old_keys();
    assert_eq!(verify_chain(store, &after).await.unwrap(), verify_chain(store, keys).await.unwrap());
    assert!(verify_chain(store, &after).await.unwrap().is_ok());
    let k1_again = after.unwrap_data_key(&store.case_key("rk1").await.unwrap().unwrap(), b"case-key:rk1").unwrap();
    assert_eq!(
        k1_again.open(&store.report("rk1").await.unwrap().unwrap().sealed, b"report:rk1").unwrap().as_slice(),
        b"report one"
    );
    assert_eq!(
        after.open(&store.report("rk2").await.unwrap().unwrap().sealed, b"report:rk2").unwrap().as_slice(),
        b"report two"
    );
    let again = store.rewrap_all(&|v: &[u8]| after.rewrap(v), None).await.unwrap();
    assert_eq!(again.rewrapped, 0, "nothing left under the old key");
    let check = store.rewrap_all(&|v: &[u8]| keys.rotated().rewrap(v), None).await;
    assert!(matches!(check, Err(StoreError::Corrupt(_))), "a check never writes");

    // Erasure destroys the key, blanks what was sealed, and keeps the facts.
    let saved = store.all_case_keys().await.unwrap();
    assert!(saved.iter().any(|(id, _)| id == "rk1"));
    let erased = store.erase_case("rk1", &event("rk1", 6_000, "case-erased", None)).await.unwrap();
    assert_eq!(erased.blobs, ["evidence/ek1", "evidence/ek1p"]);
    assert_eq!(erased.evidence, ["ek1", "ek1p"]);
    // Its hashes, matches in both directions and take-down requests go with it.
    let (sha, md5) = ("e".repeat(64), "e".repeat(32));
    let exact: Vec<MatchTarget> =
        store.exact_matches(&sha, &md5).await.unwrap().into_iter().map(|m| m.target).collect();
    assert_eq!(exact, [MatchTarget::Evidence("ek2".into())], "only the other case's copy still matches");
    assert!(store.evidence_pdqs().await.unwrap().iter().all(|(id, _)| !id.starts_with("ek1")));
    assert!(store.evidence_matches("rk1").await.unwrap().is_empty());
    assert!(store.evidence_matches("rk2").await.unwrap().is_empty(), "nothing points at the erased case");
    assert!(store.takedowns_for("rk1").await.unwrap().is_empty());
    assert!(store.pending_inspections(100).await.unwrap().iter().all(|e| e.report_id != "rk1"));
    for e in store.evidence_for("rk1").await.unwrap() {
        assert_eq!((e.sha256.as_str(), e.md5.as_str(), e.pdq, e.pdq_quality), ("", "", None, None));
        assert_ne!(e.inspection, "pending");
    }
    // A match found before the erasure and recorded after it is not stored.
    let late = NewMatch { via: "pdq", distance: 3, target: MatchTarget::Evidence("ek1".into()) };
    store.insert_matches(&[("ek2".into(), late)]).await.unwrap();
    assert!(store.evidence_matches("rk2").await.unwrap().is_empty());
    let erased = store.report("rk1").await.unwrap().unwrap();
    assert_eq!((erased.erased_at, erased.sealed.len(), erased.stage), (Some(6_000), 0, Stage::Closed));
    assert!(store.case_key("rk1").await.unwrap().is_none());
    assert!(store.messages("rk1").await.unwrap().iter().all(|m| m.sealed.is_empty()));
    assert!(store.evidence_for("rk1").await.unwrap().iter().all(|e| e.sealed.is_empty()));
    assert!(matches!(
        store.erase_case("rk1", &event("rk1", 6_001, "case-erased", None)).await,
        Err(StoreError::NotFound)
    ));
    assert!(!due(i64::MAX).await);
    let reopen = event("rk1", 6_002, "stage", Some("s1"));
    let reopen = store.change_stage("rk1", Stage::Closed, Stage::InReview, &reopen).await;
    assert!(matches!(reopen, Err(StoreError::Conflict { .. })), "an erased case stays closed");
    assert!(store.events("rk1").await.unwrap().iter().any(|e| e.action == "case-erased"));

    // After a restore: a case sealed under a case key, with no key and not marked erased.
    let k3 = DataKey::generate();
    let mut r3 = NewReportRow { id: "rk3".into(), case_ref: "ZR-K3".into(), receipt_digest: [203; 32], ..report(3) };
    r3.sealed = k3.seal(b"three", b"report:rk3");
    store.insert_reports(&[r3]).await.unwrap();
    assert_eq!(store.reports_missing_keys().await.unwrap(), ["rk3"]);
    let copy = [("rk3".to_owned(), wrap("rk3", &k3)), saved.into_iter().find(|(id, _)| id == "rk1").unwrap()];
    assert_eq!(store.put_case_keys(&copy).await.unwrap(), 1, "never for an erased case");
    assert!(store.reports_missing_keys().await.unwrap().is_empty());
    assert_eq!(store.put_case_keys(&copy).await.unwrap(), 0);
}

async fn casework(store: &dyn Store) {
    // Organisations: the national ones and one Child Protection Unit per municipality.
    let orgs = store.organisations().await.unwrap();
    assert_eq!(orgs.iter().filter(|o| o.kind == OrgKind::ChildProtectionUnit).count(), 61);
    let kukes = store.organisation("cpu-kukes").await.unwrap().unwrap();
    assert_eq!(kukes.municipality.as_deref(), Some("Kukës"));
    let svc =
        OrgRow { id: "svc".into(), kind: OrgKind::Service, name: "Qendra".into(), municipality: None, demo: true };
    store.insert_organisation(&svc, &NewEvent { action: "org-added", at: 1, ..NewEvent::default() }).await.unwrap();
    assert!(matches!(store.insert_organisation(&svc, &NewEvent::default()).await, Err(StoreError::Conflict { .. })));

    store.insert_staff(&staff_row("cpo", "arta", Role::ChildProtectionOfficer, Some("cpu-kukes"))).await.unwrap();
    store.insert_staff(&staff_row("pol", "besnik", Role::PoliceInvestigator, Some("police"))).await.unwrap();
    assert_eq!(store.list_staff().await.unwrap().len(), 3);

    // Triage puts a child in danger first.
    store
        .set_triage(
            "r3",
            Urgency::ImmediateDanger,
            Category::SexualExtortion,
            &event("r3", 4_000, "triaged", Some("s1")),
        )
        .await
        .unwrap();
    let r3 = store.report("r3").await.unwrap().unwrap();
    assert_eq!(
        (r3.urgency, r3.category, r3.org_id.as_str()),
        (Urgency::ImmediateDanger, Category::SexualExtortion, "helpline")
    );
    let mine = store.cases_for("s1", Some("helpline"), 10).await.unwrap();
    assert_eq!(mine[0].id, "r3");
    assert!(store.cases_for("cpo", Some("cpu-kukes"), 10).await.unwrap().is_empty());

    // Consent, then a referral: the receiving organisation sees the case while it is open.
    let consent = ConsentRow {
        id: "c1".into(),
        report_id: "r2".into(),
        kind: OrgKind::ChildProtectionUnit,
        org_id: None,
        giver: ConsentGiver::Child,
        decision: ConsentDecision::Given,
        at: 4_100,
        recorded_by: Some("s1".into()),
        sealed: Some(vec![1]),
    };
    store.insert_consent(&consent, &event("r2", 4_100, "consent", Some("s1"))).await.unwrap();
    assert_eq!(store.consents("r2").await.unwrap()[0].giver, ConsentGiver::Child);
    let referral = ReferralRow {
        id: "f1".into(),
        report_id: "r2".into(),
        to_org: "cpu-kukes".into(),
        status: ReferralStatus::Sent,
        legal_duty: None,
        created_by: "s1".into(),
        created_at: 4_200,
        updated_at: 4_200,
        sealed: vec![2],
        answer_sealed: None,
        handled_by: None,
    };
    store.insert_referral(&referral, &event("r2", 4_200, "referred", Some("s1"))).await.unwrap();
    assert_eq!(store.cases_for("cpo", Some("cpu-kukes"), 10).await.unwrap().len(), 1);
    let none = NewEvent::default();
    let answer = |from, to| store.answer_referral("f1", "r2", from, to, Some(&[3]), Some("s1"), 4_300, &none);
    answer(ReferralStatus::Sent, ReferralStatus::Accepted).await.unwrap();
    assert!(matches!(answer(ReferralStatus::Sent, ReferralStatus::Declined).await, Err(StoreError::Conflict { .. })));
    let f = &store.referrals("r2").await.unwrap()[0];
    assert_eq!((f.status, f.answer_sealed.as_deref()), (ReferralStatus::Accepted, Some([3u8].as_slice())));
    assert_eq!(f.handled_by.as_deref(), Some("s1"), "accepted by the one who handles it");
    assert_eq!(store.cases_for("s1", Some("cpu-kukes"), 10).await.unwrap().len(), 1);
    assert!(store.cases_for("cpo", Some("cpu-kukes"), 10).await.unwrap().is_empty(), "not a colleague's case");
    let duty = ReferralRow {
        id: "f2".into(),
        to_org: "police".into(),
        legal_duty: Some(LegalDuty::ChildInDanger),
        ..referral
    };
    store.insert_referral(&duty, &event("r2", 4_250, "referred", Some("s1"))).await.unwrap();
    answer(ReferralStatus::Accepted, ReferralStatus::Completed).await.unwrap();
    assert!(store.cases_for("s1", Some("cpu-kukes"), 10).await.unwrap().is_empty(), "completed referrals end access");

    // The team, its meeting, tasks and notes.
    let member =
        TeamMemberRow { report_id: "r2".into(), staff_id: "pol".into(), added_by: "cpo".into(), added_at: 4_400 };
    store.add_team_member(&member, &event("r2", 4_400, "team-added", Some("cpo"))).await.unwrap();
    assert!(matches!(store.add_team_member(&member, &NewEvent::default()).await, Err(StoreError::Conflict { .. })));
    assert_eq!(store.team("r2").await.unwrap(), vec![member]);
    assert_eq!(store.cases_for("pol", Some("police"), 10).await.unwrap().len(), 1);
    let meeting = MeetingRow {
        id: "mt".into(),
        report_id: "r2".into(),
        held_on: 20_000,
        recorded_by: "cpo".into(),
        created_at: 4_500,
        sealed: vec![4],
    };
    store.insert_meeting(&meeting, &event("r2", 4_500, "meeting", Some("cpo"))).await.unwrap();
    assert_eq!(store.meetings("r2").await.unwrap()[0].held_on, 20_000);
    for (id, due) in [("t1", 20_010), ("t2", 20_001)] {
        let task = TaskRow {
            id: id.into(),
            report_id: "r2".into(),
            owner_id: "s1".into(),
            created_by: "cpo".into(),
            created_at: 4_600,
            due_on: due,
            done_at: None,
            sealed: vec![5],
        };
        store.insert_task(&task, &event("r2", 4_600, "task-added", Some("cpo"))).await.unwrap();
    }
    assert_eq!(
        store.open_tasks("s1", Some("helpline")).await.unwrap().iter().map(|t| t.id.as_str()).collect::<Vec<_>>(),
        ["t2", "t1"]
    );
    assert_eq!(
        store.open_tasks("x", Some("helpline")).await.unwrap().len(),
        2,
        "colleagues see the organisation's tasks"
    );
    assert!(store.open_tasks("pol", Some("police")).await.unwrap().is_empty());
    store.complete_task("t2", "r2", 4_700, &NewEvent::default()).await.unwrap();
    assert!(matches!(
        store.complete_task("t2", "r2", 4_701, &NewEvent::default()).await,
        Err(StoreError::Conflict { .. })
    ));
    assert!(matches!(store.complete_task("t1", "r1", 4_701, &NewEvent::default()).await, Err(StoreError::NotFound)));
    assert_eq!(store.tasks("r2").await.unwrap().last().unwrap().done_at, Some(4_700));
    let note = NoteRow { id: "n1".into(), report_id: "r2".into(), staff_id: "cpo".into(), at: 4_800, sealed: vec![6] };
    store.insert_note(&note, &event("r2", 4_800, "note", Some("cpo"))).await.unwrap();
    assert_eq!(store.notes("r2").await.unwrap()[0].sealed, vec![6]);

    // One testimony per case.
    let t = TestimonyRow {
        report_id: "r2".into(),
        recorded_on: 20_002,
        recorded_by: "pol".into(),
        created_at: 4_900,
        size: 3,
        sha256: "ab".into(),
        sealed_meta: vec![7],
    };
    store.insert_testimony(&t, &[8, 8, 8], &event("r2", 4_900, "testimony-added", Some("pol"))).await.unwrap();
    assert!(matches!(store.insert_testimony(&t, &[9], &NewEvent::default()).await, Err(StoreError::Conflict { .. })));
    assert_eq!(store.testimony("r2").await.unwrap().unwrap().size, 3);
    assert_eq!(store.testimony_file("r2").await.unwrap().unwrap(), vec![8, 8, 8]);
    assert!(store.testimony("r1").await.unwrap().is_none());

    // Exports are found by their fingerprint.
    let e = ExportRow {
        id: "e1".into(),
        report_id: "r2".into(),
        recipient_org: "police".into(),
        created_by: "s1".into(),
        created_at: 5_000,
        fingerprint: "00ff".into(),
    };
    store.insert_export(&e, &[event("r2", 5_000, "exported", Some("s1"))]).await.unwrap();
    assert_eq!(store.export_by_fingerprint("00ff").await.unwrap(), Some(e));
    assert!(store.export_by_fingerprint("00fe").await.unwrap().is_none());

    // Outcomes, in the order they happened.
    for (id, outcome, kind, on) in [
        (
            "o2",
            zeri_domain::casework::Outcome::SupportReceived,
            Some(zeri_domain::directory::ServiceKind::Psychological),
            20_010,
        ),
        ("o1", zeri_domain::casework::Outcome::InvestigationOpened, None, 20_005),
    ] {
        let row = OutcomeRow {
            id: id.into(),
            report_id: "r2".into(),
            outcome,
            support_kind: kind,
            occurred_on: on,
            recorded_by: "pol".into(),
            recorded_at: 6_000,
        };
        store.insert_outcome(&row, &event("r2", 6_000, "outcome", Some("pol"))).await.unwrap();
    }
    let outcomes = store.outcomes("r2").await.unwrap();
    assert_eq!(outcomes.iter().map(|o| o.id.as_str()).collect::<Vec<_>>(), ["o1", "o2"]);
    assert_eq!(outcomes[1].support_kind, Some(zeri_domain::directory::ServiceKind::Psychological));

    // TOTP steps only move forward.
    store.set_totp("s1", Some(&[1, 2]), 10, &NewEvent::default()).await.unwrap();
    assert!(store.use_totp_step("s1", 11).await.unwrap());
    assert!(!store.use_totp_step("s1", 11).await.unwrap(), "replay");
    assert_eq!(store.staff_by_id("s1").await.unwrap().unwrap().totp_sealed, Some(vec![1, 2]));
    // Disabling ends the sessions of the account.
    store.set_staff_disabled("pol", true, &NewEvent::default()).await.unwrap();
    assert!(store.staff_by_id("pol").await.unwrap().unwrap().disabled);
}

fn service(id: &str, name: &str, at: i64) -> ServiceRow {
    ServiceRow {
        id: id.into(),
        name: name.into(),
        status: "active".into(),
        demo: false,
        updated_at: at,
        data: format!("{{\"name\":\"{name}\"}}"),
    }
}

fn change(id: &str, resource: &str, kind: &str) -> ChangeRow {
    ChangeRow {
        id: id.into(),
        resource_id: resource.into(),
        resource_type: "service".into(),
        last_action_date: 1,
        last_action_type: kind.into(),
        field_name: "name".into(),
        previous_value: String::new(),
        replacement_value: "x".into(),
        updated_by: "admin".into(),
    }
}

async fn directory(store: &dyn Store) {
    let v0 = store.directory_version().await.unwrap();
    assert_eq!(store.seed_services(&[service("a", "Alpha", 1), service("b", "Beta", 1)], "seed").await.unwrap(), 2);
    assert_eq!(store.seed_services(&[service("a", "Changed", 2), service("c", "Gamma", 1)], "seed").await.unwrap(), 1);
    assert_eq!(store.service("a").await.unwrap().unwrap().name, "Alpha", "seeding never overwrites");
    assert!(store.directory_version().await.unwrap() > v0);
    // An import is all or nothing: a clash in its change log undoes every row.
    let rows = [service("a", "Alpha 2", 3), service("d", "Delta", 3)];
    let clash = [change("k1", "a", "import"), change("k1", "d", "import")];
    assert!(store.save_services(&rows, &clash, &|_| {}).await.is_err());
    assert_eq!(store.service("a").await.unwrap().unwrap().name, "Alpha");
    assert!(store.service("d").await.unwrap().is_none());
    let seen = std::sync::atomic::AtomicUsize::new(0);
    store
        .save_services(&rows, &[change("k2", "a", "import")], &|n| seen.store(n, std::sync::atomic::Ordering::SeqCst))
        .await
        .unwrap();
    assert_eq!(seen.into_inner(), 2, "progress reported per row");
    assert_eq!(store.service("a").await.unwrap().unwrap().name, "Alpha 2");
    // Editing is compare-and-set on the last update.
    let edited = service("a", "Alpha 3", 4);
    assert!(matches!(store.save_service(&edited, Some(1), &[]).await, Err(StoreError::Conflict { .. })));
    store.save_service(&edited, Some(3), &[change("k3", "a", "update")]).await.unwrap();
    assert!(matches!(
        store.save_service(&service("e", "New", 5), Some(1), &[]).await,
        Err(StoreError::Conflict { .. })
    ));
    store.save_service(&service("e", "New", 5), None, &[]).await.unwrap();
    assert_eq!(store.services().await.unwrap().len(), 5);
    let log: Vec<String> = store.service_changes("a").await.unwrap().into_iter().map(|c| c.last_action_type).collect();
    assert_eq!(log, ["seed", "import", "update"]);
}

fn evidence_item(id: &str, report: &str, sha: char, matches: Vec<NewMatch>) -> NewEvidence {
    NewEvidence {
        id: id.into(),
        report_id: report.into(),
        message_id: None,
        received_at: 5_000,
        size: 10,
        kind: "image".into(),
        sha256: sha.to_string().repeat(64),
        md5: sha.to_string().repeat(32),
        pdq: Some("ab".repeat(32)),
        pdq_quality: Some(90),
        blob_key: format!("evidence/{id}"),
        key_id: "k1".into(),
        sealed: vec![1, 2],
        matches,
        inspection: InspectionOutcome::Done,
    }
}

/// Evidence commits with its report (custody entry included), or with a message; matches
/// point at list entries and earlier evidence; lists are all or nothing.
async fn evidence(store: &dyn Store) {
    let mut r = report(70);
    r.evidence = vec![evidence_item("e1", "r70", 'a', vec![])];
    store.insert_reports(&[r]).await.unwrap();
    assert_eq!(store.evidence_for("r70").await.unwrap().len(), 1);
    let custody: Vec<_> =
        store.events("r70").await.unwrap().into_iter().filter(|e| e.action == "evidence_received").collect();
    assert_eq!(custody.len(), 1);
    assert_eq!(parse_custody_detail(custody[0].detail.as_deref().unwrap()), Some(("e1", "a".repeat(64).as_str())));
    // A bad evidence row undoes its report.
    let mut bad = report(71);
    bad.evidence = vec![evidence_item("e1", "r71", 'b', vec![])];
    assert!(store.insert_reports(&[bad]).await.is_err());
    assert!(store.report("r71").await.unwrap().is_none(), "the report went with its evidence");

    let list =
        HashListRow { id: "l1".into(), name: "List".into(), imported_at: 1, imported_by: "s1".into(), entries: 2 };
    let entries = vec![
        HashEntry { pdq: None, md5: None, sha256: Some("c".repeat(64)), label: "x".into(), source: "y".into() },
        HashEntry { pdq: Some("cd".repeat(32)), md5: None, sha256: None, label: "z".into(), source: "y".into() },
    ];
    let import = NewEvent { action: "hash-list-imported", ..NewEvent::default() };
    store.insert_hash_list(&list, &entries, &import).await.unwrap();
    assert!(store.insert_hash_list(&list, &entries, &import).await.is_err(), "the same list twice");
    assert_eq!(store.hash_lists().await.unwrap().len(), 1);
    let pdqs = store.hash_entry_pdqs(0).await.unwrap();
    assert_eq!(pdqs.len(), 1);
    assert!(store.hash_entry_pdqs(pdqs[0].0).await.unwrap().is_empty());
    let exact = store.exact_matches(&"c".repeat(64), "none").await.unwrap();
    assert!(matches!(exact.as_slice(), [NewMatch { via: "sha256", target: MatchTarget::ListEntry(_), .. }]));
    let exact = store.exact_matches(&"a".repeat(64), "none").await.unwrap();
    assert_eq!(exact[0].target, MatchTarget::Evidence("e1".into()));

    // Evidence with a follow-up message, matching the first file.
    let message = NewMessage {
        id: "m70".into(),
        report_id: "r70".into(),
        author: Author::Survivor,
        staff_id: None,
        created_at: 6_000,
        key_id: "k1".into(),
        sealed: vec![9],
    };
    let m = NewMatch { via: "pdq", distance: 3, target: MatchTarget::Evidence("e1".into()) };
    let mut item = evidence_item(
        "e2",
        "r70",
        'd',
        vec![m, NewMatch { via: "sha256", distance: 0, target: MatchTarget::ListEntry(pdqs[0].0) }],
    );
    item.message_id = Some("m70".into());
    store.insert_message_with_evidence(&message, &[item], &[event("r70", 6_000, "child-message", None)]).await.unwrap();
    let matches = store.evidence_matches("r70").await.unwrap();
    assert_eq!(matches.len(), 2);
    assert!(matches.iter().any(|m| m.other_case_ref.as_deref() == Some("ZR-0070") && m.distance == 3));
    assert!(matches.iter().any(|m| m.list_name.as_deref() == Some("List") && m.label.as_deref() == Some("z")));
    assert_eq!(store.evidence_pdqs().await.unwrap().len(), 2);

    // An image stored before it is decoded: pending, then inspected once (a second
    // instance's result is not recorded again), with its custody entry.
    let mut pending = evidence_item("e3", "r70", 'f', vec![]);
    (pending.pdq, pending.pdq_quality, pending.inspection) = (None, None, InspectionOutcome::Pending);
    store
        .insert_message_with_evidence(&NewMessage { id: "m71".into(), ..message.clone() }, &[pending], &[])
        .await
        .unwrap();
    let waiting = store.pending_inspections(10).await.unwrap();
    assert_eq!(waiting.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(), ["e3"]);
    assert_eq!(waiting[0].inspection, "pending");
    let done = Inspection {
        evidence_id: "e3".into(),
        outcome: InspectionOutcome::Done,
        pdq: Some("ef".repeat(32)),
        pdq_quality: Some(80),
        matches: vec![NewMatch { via: "pdq", distance: 5, target: MatchTarget::Evidence("e1".into()) }],
    };
    let inspected = event("r70", 6_500, "evidence_inspected", None);
    assert!(store.finish_inspection(&done, &inspected).await.unwrap());
    assert!(!store.finish_inspection(&done, &inspected).await.unwrap(), "recorded once");
    assert!(store.pending_inspections(10).await.unwrap().is_empty());
    let e3 = store.evidence("e3").await.unwrap().unwrap();
    assert_eq!((e3.inspection.as_str(), e3.pdq_quality), ("done", Some(80)));
    assert_eq!(store.evidence_matches("r70").await.unwrap().len(), 3);
    assert_eq!(store.events("r70").await.unwrap().iter().filter(|e| e.action == "evidence_inspected").count(), 1);

    // Take-down requests: exported once.
    let t = TakedownRow {
        id: "t1".into(),
        reference: "TD-1".into(),
        created_at: 7_000,
        report_id: Some("r70".into()),
        kind: "image".into(),
        size: 1,
        md5: "e".repeat(32),
        sha256: "e".repeat(64),
        pdq: None,
        quality: None,
        dihedral: None,
        frames: None,
        exported_at: None,
        ..TakedownRow::default()
    };
    store.insert_takedown(&t, Some(&event("r70", 7_000, "child-takedown", None))).await.unwrap();
    assert_eq!(store.takedowns_for("r70").await.unwrap(), vec![t.clone()]);
    store
        .mark_takedowns_exported(
            &["t1".into()],
            8_000,
            &NewEvent { action: "takedowns-exported", ..NewEvent::default() },
        )
        .await
        .unwrap();
    assert!(store.takedowns(true, 10).await.unwrap().is_empty());
    assert_eq!(store.takedowns(false, 10).await.unwrap()[0].exported_at, Some(8_000));
}

/// Surveys: drafts change only at their version, responses come only while open, and a
/// response row holds nothing but its day, its answers and its sealed text.
async fn surveys(store: &dyn Store) {
    use zeri_domain::survey::SurveyStatus;
    let admin = NewEvent { action: "survey-created", staff_id: Some("s1".into()), ..NewEvent::default() };
    let s = SurveyRow {
        id: "sv1".into(),
        slug: "slug-one".into(),
        status: SurveyStatus::Draft,
        definition: "{}".into(),
        created_at: 9_000,
        created_by: "s1".into(),
        updated_at: 9_000,
        version: 1,
    };
    store.insert_survey(&s, &admin).await.unwrap();
    let dup = SurveyRow { id: "sv2".into(), ..s.clone() };
    assert!(matches!(store.insert_survey(&dup, &admin).await, Err(StoreError::Conflict { .. })), "slugs are unique");
    assert_eq!(store.survey_by_slug("slug-one").await.unwrap(), Some(s.clone()));
    assert!(store.survey("nope").await.unwrap().is_none());

    let response = |id: &str| SurveyResponseRow {
        id: id.into(),
        survey_id: "sv1".into(),
        submitted_on: 20_500,
        answers: r#"{"q1":{"choice":"o1"}}"#.into(),
        sealed: Some(vec![1, 2, 3]),
    };
    let refused = store.insert_survey_response(&response("a")).await;
    assert!(
        matches!(refused, Err(StoreError::Conflict { ref constraint }) if constraint == SURVEY_NOT_OPEN),
        "{refused:?}"
    );

    // Edits need the version they were made on, and only a draft changes.
    let edit = NewEvent { action: "survey-changed", ..admin.clone() };
    assert_eq!(store.update_survey_definition("sv1", 1, r#"{"x":1}"#, 9_100, &edit).await.unwrap(), 2);
    assert!(matches!(
        store.update_survey_definition("sv1", 1, "{}", 9_200, &edit).await,
        Err(StoreError::Conflict { .. })
    ));
    assert!(matches!(store.update_survey_definition("none", 1, "{}", 9_200, &edit).await, Err(StoreError::NotFound)));
    let open = NewEvent { action: "survey-opened", ..admin.clone() };
    store.set_survey_status("sv1", SurveyStatus::Draft, SurveyStatus::Open, 9_300, &open).await.unwrap();
    assert!(matches!(
        store.set_survey_status("sv1", SurveyStatus::Draft, SurveyStatus::Open, 9_300, &open).await,
        Err(StoreError::Conflict { .. })
    ));
    assert!(
        matches!(store.update_survey_definition("sv1", 3, "{}", 9_400, &edit).await, Err(StoreError::Conflict { .. })),
        "an open survey is frozen"
    );
    assert!(matches!(store.delete_survey_draft("sv1", &admin).await, Err(StoreError::Conflict { .. })));
    let got = store.survey("sv1").await.unwrap().unwrap();
    assert_eq!((got.status, got.version, got.definition.as_str()), (SurveyStatus::Open, 3, r#"{"x":1}"#));

    for id in ["c", "a", "b"] {
        store.insert_survey_response(&response(id)).await.unwrap();
    }
    assert!(store.insert_survey_response(&response("a")).await.is_err(), "ids are unique");
    let stored = store.survey_responses("sv1").await.unwrap();
    assert_eq!(stored.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), ["a", "b", "c"], "by id, not by arrival");
    assert_eq!(stored[0], response("a"));
    assert_eq!(store.survey_response_counts().await.unwrap(), vec![("sv1".to_owned(), 3)]);

    let close = NewEvent { action: "survey-closed", ..admin.clone() };
    store.set_survey_status("sv1", SurveyStatus::Open, SurveyStatus::Closed, 9_500, &close).await.unwrap();
    assert!(store.insert_survey_response(&response("d")).await.is_err(), "a closed survey takes no answer");
    assert_eq!(store.survey_responses("sv1").await.unwrap().len(), 3);

    // A draft can be deleted; nothing else can.
    let draft = SurveyRow { id: "sv3".into(), slug: "slug-three".into(), ..s };
    store.insert_survey(&draft, &admin).await.unwrap();
    assert_eq!(store.surveys().await.unwrap().len(), 2);
    store.delete_survey_draft("sv3", &NewEvent { action: "survey-deleted", ..admin }).await.unwrap();
    assert_eq!(store.surveys().await.unwrap().iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), ["sv1"]);
}

/// Public releases: one per period and ε, the same one returned when asked again, and the
/// privacy budget kept per month, also under concurrent requests.
async fn dp_releases(store: Arc<dyn Store>) {
    let release = |period: &str, months: std::ops::RangeInclusive<i32>, epsilon_milli: i64| DpRelease {
        period: period.into(),
        epsilon_milli,
        months,
        counts: format!(r#"{{"t":[[{epsilon_milli}]]}}"#),
        released_at: 10_000,
    };
    // Months of 2026: 24312 (January) to 24323 (December).
    let november = release("2026-11", 24322..=24322, 600);
    assert_eq!(store.record_dp_release(&november).await.unwrap(), DpRecord::Made(november.clone()));
    let again = DpRelease { counts: "other noise".into(), released_at: 20_000, ..november.clone() };
    assert_eq!(store.record_dp_release(&again).await.unwrap(), DpRecord::Existing(november.clone()), "kept as made");
    assert_eq!(store.dp_release("2026-11", 600).await.unwrap(), Some(november.clone()));
    assert_eq!(store.dp_release("2026-11", 500).await.unwrap(), None);
    // The quarter holds November: 600 spent there already.
    let q4 = release("2026-Q4", 24321..=24323, 500);
    assert_eq!(store.record_dp_release(&q4).await.unwrap(), DpRecord::OverBudget { spent_milli: 600 });
    let q4 = release("2026-Q4", 24321..=24323, 400);
    assert_eq!(store.record_dp_release(&q4).await.unwrap(), DpRecord::Made(q4.clone()));
    let march = release("2026-03", 24314..=24314, 1000);
    assert_eq!(store.record_dp_release(&march).await.unwrap(), DpRecord::Made(march.clone()), "its own budget");
    assert_eq!(store.dp_releases(24321..=24321).await.unwrap(), vec![q4.clone()]);
    assert_eq!(store.dp_releases(24312..=24323).await.unwrap().len(), 3);
    assert!(store.dp_releases(24300..=24311).await.unwrap().is_empty());
    // Ten requests at once for different ε of one month: the budget holds.
    let tasks: Vec<_> = (0..10)
        .map(|k| {
            let store = store.clone();
            tokio::spawn(async move { store.record_dp_release(&release("2027-01", 24324..=24324, 300 + k)).await })
        })
        .collect();
    let mut made = 0;
    for t in tasks {
        if matches!(t.await.unwrap().unwrap(), DpRecord::Made(_)) {
            made += 1;
        }
    }
    assert_eq!(made, 3, "three releases of 300–309 fit in 1000, never a fourth");
}

#[tokio::test]
async fn sqlite_story() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("zeri.db").display());
    let keys = keys();
    let store = connect(&url, keys.clone()).await.unwrap();
    assert_eq!(store.backend(), "sqlite");
    story(store, keys.clone()).await;
    tampering(&url, keys).await;
}

#[tokio::test]
async fn sqlite_case_keys() {
    let dir = tempfile::tempdir().unwrap();
    let keys = keys();
    let store = connect(&format!("sqlite://{}", dir.path().join("zeri.db").display()), keys.clone()).await.unwrap();
    case_keys_and_retention(&*store, &keys).await;
}

#[tokio::test]
async fn postgres_case_keys() {
    let Some(url) = fresh_postgres().await else { return };
    let keys = keys();
    let store = connect(&url, keys.clone()).await.unwrap();
    case_keys_and_retention(&*store, &keys).await;
}

/// Changing, deleting or reordering any single entry breaks the chain at that entry.
async fn tampering(url: &str, keys: Arc<Keyring>) {
    let store = connect(url, keys.clone()).await.unwrap();
    let n = verify_chain(&*store, &keys).await.unwrap().unwrap();
    assert!(n > 20, "{n}");
    let a = n / 2;
    let swap = format!(
        "UPDATE audit SET seq = -1 WHERE seq = {a}; UPDATE audit SET seq = {a} WHERE seq = {b}; \
         UPDATE audit SET seq = {b} WHERE seq = -1;",
        b = a + 1
    );
    let cases: [(String, String, i64); 6] = [
        (
            format!("UPDATE audit SET action = action || 'x' WHERE seq = {a}"),
            format!("UPDATE audit SET action = substr(action, 1, length(action) - 1) WHERE seq = {a}"),
            a,
        ),
        ("UPDATE audit SET at = at + 1 WHERE seq = 1".into(), "UPDATE audit SET at = at - 1 WHERE seq = 1".into(), 1),
        (
            format!("UPDATE audit SET detail = 'x' WHERE seq = {n}"),
            format!("UPDATE audit SET detail = NULL WHERE seq = {n}"),
            n,
        ),
        (
            format!(
                "CREATE TABLE audit_gone AS SELECT * FROM audit WHERE seq = {a}; DELETE FROM audit WHERE seq = {a};"
            ),
            "INSERT INTO audit SELECT * FROM audit_gone; DROP TABLE audit_gone;".into(),
            a,
        ),
        (
            format!(
                "CREATE TABLE audit_gone AS SELECT * FROM audit WHERE seq = {n}; DELETE FROM audit WHERE seq = {n};"
            ),
            "INSERT INTO audit SELECT * FROM audit_gone; DROP TABLE audit_gone;".into(),
            n,
        ),
        (swap.clone(), swap, a),
    ];
    for (tamper, undo, expected) in cases {
        raw(url, &tamper).await;
        let broken = verify_chain(&*store, &keys).await.unwrap().expect_err(&tamper);
        assert_eq!(broken.seq, expected, "{tamper}: {broken}");
        raw(url, &undo).await;
        assert_eq!(verify_chain(&*store, &keys).await.unwrap(), Ok(n), "after undoing {tamper}");
    }
    // An edited entry with the first schema's marker set (which once made every start re-link
    // the whole chain with the real key): nothing is re-linked, by a start or on request.
    raw(
        url,
        &format!("UPDATE audit SET action = action || 'x' WHERE seq = {a}; UPDATE audit_head SET legacy_until = seq"),
    )
    .await;
    let restarted = connect(url, keys.clone()).await.expect("a start does not repair anything, nor refuse");
    assert_eq!(restarted.legacy_audit().await.unwrap(), LegacyAudit::Tampered);
    let refused = restarted.chain_legacy_audit().await.expect_err("an existing chain is never linked again");
    assert!(refused.to_string().contains("never linked again"), "{refused}");
    drop(restarted);
    let _ = connect(url, keys.clone()).await.unwrap();
    assert_eq!(verify_chain(&*store, &keys).await.unwrap().expect_err("still broken").seq, a);
    raw(
        url,
        &format!(
            "UPDATE audit SET action = substr(action, 1, length(action) - 1) WHERE seq = {a}; \
             UPDATE audit_head SET legacy_until = 0"
        ),
    )
    .await;
    assert_eq!(verify_chain(&*store, &keys).await.unwrap(), Ok(n), "after undoing the forgery");

    // The newest entries cut and the head set to the surviving last link: the database alone
    // cannot tell, a checkpoint written outside it can (and says how many are missing).
    let head = store.audit_head().await.unwrap();
    let checkpoint = Checkpoint::of(&head, 1, false);
    let (found, forged) = find_checkpoints(&checkpoint.line(&keys), &keys);
    assert_eq!((found, forged), (vec![checkpoint.clone()], 0));
    let earlier = Checkpoint::of(
        &AuditHead { seq: a, hash: store.audit_page(a - 1, 1).await.unwrap()[0].hash.clone() },
        0,
        false,
    );
    assert!(
        matches!(verify_tail(&*store, &keys, &checkpoint).await.unwrap(), TailCheck::Intact { last, .. } if last == n)
    );
    assert!(
        matches!(verify_tail(&*store, &keys, &earlier).await.unwrap(), TailCheck::Intact { last, .. } if last == n)
    );
    let keep = n - 3;
    raw(
        url,
        &format!(
            "CREATE TABLE audit_gone AS SELECT * FROM audit WHERE seq > {keep}; DELETE FROM audit WHERE seq > {keep}; \
             UPDATE audit_head SET seq = {keep}, hash = (SELECT hash FROM audit WHERE seq = {keep}) WHERE id = 1"
        ),
    )
    .await;
    assert_eq!(verify_chain(&*store, &keys).await.unwrap(), Ok(keep), "the cut tail passes on the database alone");
    assert_eq!(
        verify_tail(&*store, &keys, &checkpoint).await.unwrap(),
        TailCheck::Missing { missing: 3, last: keep },
        "the checkpoint shows the cut"
    );
    let mut forged_cp = earlier.clone();
    forged_cp.hash[0] ^= 1;
    assert!(matches!(
        verify_tail(&*store, &keys, &forged_cp).await.unwrap(),
        TailCheck::Broken(b) if b.seq == a
    ));
    raw(
        url,
        &format!(
            "INSERT INTO audit SELECT * FROM audit_gone; DROP TABLE audit_gone; \
             UPDATE audit_head SET seq = {n}, hash = (SELECT hash FROM audit WHERE seq = {n}) WHERE id = 1"
        ),
    )
    .await;
    assert!(
        matches!(verify_tail(&*store, &keys, &checkpoint).await.unwrap(), TailCheck::Intact { last, .. } if last == n)
    );
}

/// Runs SQL on a connection of its own, as someone with database access would.
async fn raw(url: &str, sql: &str) {
    use sqlx::Connection;
    if url.starts_with("sqlite:") {
        let mut c = sqlx::SqliteConnection::connect(url).await.unwrap();
        sqlx::raw_sql(sql).execute(&mut c).await.unwrap();
    } else {
        let mut c = sqlx::PgConnection::connect(url).await.unwrap();
        sqlx::raw_sql(sql).execute(&mut c).await.unwrap();
    }
}

/// A database made by the first schema, with events, is chained once, by an explicit step.
#[tokio::test]
async fn legacy_events_are_chained_once() {
    let dir = tempfile::tempdir().unwrap();
    let migrations = dir.path().join("m");
    std::fs::create_dir(&migrations).unwrap();
    let src = concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/sqlite/0001_init.sql");
    std::fs::copy(src, migrations.join("0001_init.sql")).unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("old.db").display());
    {
        use sqlx::Connection;
        let mut c = sqlx::SqliteConnection::connect(&url).await.unwrap();
        sqlx::migrate::Migrator::new(migrations.as_path()).await.unwrap().run(&mut c).await.unwrap();
        sqlx::raw_sql(
            "INSERT INTO reports (id, case_ref, receipt_digest, created_at, updated_at, stage, category, reporter, age_band, \
             contact_method, consent_cpo, consent_police, key_id, sealed) VALUES ('r', 'ZR-1', x'01', 1, 1, 'received', \
             'grooming', 'self', 'unknown', 'none', 0, 0, 'k', x'00'); \
             INSERT INTO report_events (report_id, at, actor, action) VALUES ('r', 1, 'survivor', 'created'); \
             INSERT INTO report_events (report_id, at, actor, action) VALUES ('r', 2, 'survivor', 'message');",
        )
        .execute(&mut c)
        .await
        .unwrap();
    }
    let keys = keys();
    // Never at start-up: the server refuses until the operator links it, once, on purpose.
    let refused = connect(&url, keys.clone()).await.err().expect("refused while the old entries are unchained");
    assert!(refused.to_string().contains("zeri audit chain-legacy"), "{refused}");
    let store = connect_unchecked(&url, keys.clone()).await.unwrap();
    assert_eq!(store.legacy_audit().await.unwrap(), LegacyAudit::Pending(2));
    assert_eq!(store.chain_legacy_audit().await.unwrap(), 2);
    assert!(store.chain_legacy_audit().await.is_err(), "once only");
    drop(store);
    let store = connect(&url, keys.clone()).await.unwrap();
    assert_eq!(verify_chain(&*store, &keys).await.unwrap(), Ok(2));
    store
        .record_event(&NewEvent { report_id: Some("r".into()), at: 3, action: "x", ..NewEvent::default() })
        .await
        .unwrap();
    drop(store);
    let store = connect(&url, keys.clone()).await.unwrap();
    assert_eq!(verify_chain(&*store, &keys).await.unwrap(), Ok(3), "chained once, not again");
    assert_eq!(store.events("r").await.unwrap().len(), 3);
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
    let keys = keys();
    let store = connect(&url, keys.clone()).await.unwrap();
    assert_eq!(store.backend(), "postgres");
    story(store, keys.clone()).await;
    tampering(&url, keys).await;
}

/// The hosts table: names unique whatever their case, each domain with one entry, every
/// change in the audit chain, a refused change leaving nothing behind.
async fn hosts(store: &dyn Store, keys: &Keyring) {
    use zeri_domain::hosting::HostKind;
    let admin = |action: &'static str, id: &str| NewEvent {
        action,
        at: 50_000,
        staff_id: Some("adm".into()),
        role: Some(Role::Admin),
        detail: Some(id.to_owned()),
        ..NewEvent::default()
    };
    let before = store.audit_head().await.unwrap().seq;
    let provider = HostRow {
        id: "h1".into(),
        name: "Shqiponja Hosting".into(),
        kind: HostKind::HostingProvider,
        country: Some("AL".into()),
        domains: vec!["shqiponja.al".into()],
        ranges: vec!["192.0.2.0/24".into(), "2001:db8::/32".into()],
        trusted_flagger: false,
        sealed: vec![1, 2, 3],
        created_at: 50_000,
        updated_at: 50_000,
    };
    store.insert_host(&provider, &admin("host-added", "h1")).await.unwrap();
    let platform = HostRow {
        id: "h2".into(),
        name: "Imazhe".into(),
        kind: HostKind::Platform,
        country: None,
        domains: vec!["imazhe.example".into(), "cdn.imazhe.example".into()],
        ranges: vec![],
        trusted_flagger: true,
        sealed: vec![4, 5],
        ..provider.clone()
    };
    store.insert_host(&platform, &admin("host-added", "h2")).await.unwrap();
    assert_eq!(store.host("h1").await.unwrap(), Some(provider.clone()));
    let listed = store.hosts().await.unwrap();
    assert_eq!(listed.iter().map(|h| h.id.as_str()).collect::<Vec<_>>(), ["h2", "h1"], "by name");
    assert_eq!(listed[0].domains, ["cdn.imazhe.example", "imazhe.example"]);
    assert!(listed[0].ranges.is_empty() && listed[0].trusted_flagger && listed[0].country.is_none());

    // A name in another case, or a domain of another entry: refused, nothing stored.
    let same_name = HostRow { id: "h3".into(), name: "SHQIPONJA hosting".into(), domains: vec![], ..provider.clone() };
    let e = store.insert_host(&same_name, &admin("host-added", "h3")).await.unwrap_err();
    assert!(matches!(&e, StoreError::Conflict { constraint } if constraint == HOST_NAME_TAKEN), "{e:?}");
    let same_domain =
        HostRow { id: "h3".into(), name: "Other".into(), domains: vec!["imazhe.example".into()], ..provider.clone() };
    let e = store.insert_host(&same_domain, &admin("host-added", "h3")).await.unwrap_err();
    assert!(
        matches!(&e, StoreError::Conflict { constraint } if constraint == &format!("{HOST_DOMAIN_TAKEN}:imazhe.example")),
        "{e:?}"
    );
    assert!(store.host("h3").await.unwrap().is_none(), "half an entry was stored");

    // A change replaces domains and ranges; a clashing change leaves the entry as it was.
    let changed = HostRow {
        domains: vec!["shqiponja.com".into()],
        ranges: vec!["198.51.100.0/24".into()],
        trusted_flagger: true,
        sealed: vec![9],
        updated_at: 60_000,
        created_at: 1,
        ..provider.clone()
    };
    store.update_host(&changed, &admin("host-changed", "h1")).await.unwrap();
    let got = store.host("h1").await.unwrap().unwrap();
    assert_eq!(got, HostRow { created_at: 50_000, ..changed.clone() }, "created_at is kept");
    let clash = HostRow { domains: vec!["shqiponja.al".into(), "cdn.imazhe.example".into()], ..changed.clone() };
    assert!(matches!(store.update_host(&clash, &admin("host-changed", "h1")).await, Err(StoreError::Conflict { .. })));
    assert_eq!(store.host("h1").await.unwrap().unwrap().domains, ["shqiponja.com"], "rolled back whole");
    let ghost = HostRow { id: "nope".into(), name: "Ghost".into(), domains: vec![], ..changed.clone() };
    assert!(matches!(store.update_host(&ghost, &admin("host-changed", "nope")).await, Err(StoreError::NotFound)));

    // Removing an entry frees its domains.
    store.delete_host("h2", &admin("host-removed", "h2")).await.unwrap();
    assert!(matches!(store.delete_host("h2", &admin("host-removed", "h2")).await, Err(StoreError::NotFound)));
    let reuse = HostRow { id: "h4".into(), name: "Imazhe 2".into(), ..platform.clone() };
    store.insert_host(&reuse, &admin("host-added", "h4")).await.unwrap();
    assert_eq!(store.hosts().await.unwrap().len(), 2);

    // Exactly the writes that happened are in the chain, and it still verifies.
    let entries = store.audit_page(before, 100).await.unwrap();
    let actions: Vec<(&str, Option<&str>)> =
        entries.iter().map(|c| (c.event.action.as_str(), c.event.detail.as_deref())).collect();
    assert_eq!(
        actions,
        [
            ("host-added", Some("h1")),
            ("host-added", Some("h2")),
            ("host-changed", Some("h1")),
            ("host-removed", Some("h2")),
            ("host-added", Some("h4")),
        ]
    );
    assert!(verify_chain(store, keys).await.unwrap().is_ok());
}

#[tokio::test]
async fn sqlite_hosts() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("zeri.db").display());
    let keys = keys();
    let store = connect(&url, keys.clone()).await.unwrap();
    hosts(store.as_ref(), &keys).await;
}

#[tokio::test]
async fn postgres_hosts() {
    let Some(url) = fresh_postgres().await else { return };
    let keys = keys();
    let store = connect(&url, keys.clone()).await.unwrap();
    hosts(store.as_ref(), &keys).await;
}

/// Exposure to material: an opening closes the one before and lands with its custody entry
/// in one transaction (or not at all), leaving a page closes the open one, and the limits
/// start at five hours and a break an hour, changed with their audit entry.
async fn exposure(store: &dyn Store, keys: &Keyring) {
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

#[tokio::test]
async fn sqlite_exposure() {
    let dir = tempfile::tempdir().unwrap();
    let keys = keys();
    let store = connect(&format!("sqlite://{}", dir.path().join("zeri.db").display()), keys.clone()).await.unwrap();
    exposure(&*store, &keys).await;
}

#[tokio::test]
async fn postgres_exposure() {
    let Some(url) = fresh_postgres().await else { return };
    let keys = keys();
    let store = connect(&url, keys.clone()).await.unwrap();
    exposure(&*store, &keys).await;
}
