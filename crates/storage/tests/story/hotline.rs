//! The hotline's content items.

use zeri_domain::permission::Role;
use zeri_storage::*;

use crate::setup::*;

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
pub async fn hotline(store: &dyn Store) {
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
