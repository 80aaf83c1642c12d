//! Evidence, its matches and take-down requests.

use zeri_storage::*;

use crate::setup::*;

/// Evidence commits with its report (custody entry included), or with a message; matches
/// point at list entries and earlier evidence; lists are all or nothing.
pub async fn evidence(store: &dyn Store) {
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
