//! Case keys, rotation, erasure and retention.

use zeri_crypto::{DataKey, Keyring};
use zeri_domain::permission::Role;
use zeri_domain::Stage;
use zeri_storage::*;

use crate::setup::*;

/// Case keys: stored with the report, found again, re-wrapped by a rotation (the audit
/// chain still verifies under the new key alone), destroyed by erasure with everything
/// sealed about the case, and put back after a restore only for cases not erased since.
pub async fn case_keys_and_retention(store: &dyn Store, keys: &Keyring) {
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

/// SQLite: once a case is erased, its wrapped key is in neither the database file nor the
/// write-ahead log (`secure_delete` zeroes the file's copy; the erasure empties the log,
/// whose frames still held the pages from before).
pub async fn an_erased_key_leaves_no_copy_in_the_files(store: &dyn Store, dir: &std::path::Path) {
    let key: Vec<u8> = b"Zqxj-WRAPPED-CASE-KEY-0123456789abcdef".to_vec();
    let r = NewReportRow {
        id: "walcase".into(),
        case_ref: "ZR-WAL001".into(),
        receipt_digest: [0xEE; 32],
        case_key: Some(key.clone()),
        ..crate::setup::report(1)
    };
    store.insert_reports(std::slice::from_ref(&r)).await.unwrap();
    let files = || -> Vec<u8> {
        ["zeri.db", "zeri.db-wal"].iter().flat_map(|f| std::fs::read(dir.join(f)).unwrap_or_default()).collect()
    };
    let found = |hay: &[u8]| hay.windows(key.len()).any(|w| w == key.as_slice());
    assert!(found(&files()), "the key is stored before (the test can see it)");
    let event = NewEvent { report_id: Some("walcase".into()), at: 5_000, action: "erased", ..NewEvent::default() };
    store.erase_case("walcase", &event).await.unwrap();
    assert!(!found(&files()), "an erased case key is left in the database file or its log");
}
