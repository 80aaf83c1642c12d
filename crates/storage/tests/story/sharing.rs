//! Hashes that reach platforms, on every backend: nothing is shared before review, the
//! cursor never skips an entry written at the same time as a pull, a withdrawal (by the
//! child or by erasure) comes back as a withdrawal record with its own sequence number,
//! and report-backs are counted per source.

use std::collections::BTreeSet;
use std::sync::Arc;

use zeri_domain::sharing::{EntryState, HashType, Outcome, RejectReason, Review, SourceKind};
use zeri_domain::Role;
use zeri_storage::*;

use crate::setup::{event, report, staff_row};

fn request(id: &str, report_id: Option<&str>, at: i64, kind: &str) -> TakedownRow {
    let c = id.chars().last().unwrap();
    TakedownRow {
        id: id.into(),
        reference: format!("TD-{id}"),
        created_at: at,
        report_id: report_id.map(String::from),
        kind: kind.into(),
        size: 10,
        md5: format!("{c}").repeat(32),
        sha256: format!("{c}").repeat(64),
        pdq: (kind == "image").then(|| "a".repeat(64)),
        quality: (kind == "image").then_some(90),
        frames: (kind == "video").then(|| format!("{} {}", "b".repeat(64), "c".repeat(64))),
        ..TakedownRow::default()
    }
}

fn hashes(t: &TakedownRow) -> Vec<NewSharedHash> {
    zeri_domain::sharing::takedown_hashes(&t.sha256, &t.md5, t.pdq.as_deref(), t.quality, t.frames.as_deref())
        .into_iter()
        .map(|h| NewSharedHash {
            id: uuid::Uuid::new_v4().simple().to_string(),
            hash_type: h.hash_type,
            value: h.value,
            quality: h.quality,
            media: t.kind.clone(),
            classification: "self-reported".into(),
        })
        .collect()
}

fn review(id: &str, from: Review, to: Review, reason: Option<RejectReason>, at: i64) -> TakedownReview {
    TakedownReview { id: id.into(), from, to, reason, by: "sh-analyst".into(), at }
}

fn staff_event(action: &'static str, at: i64) -> NewEvent {
    NewEvent {
        at,
        staff_id: Some("sh-analyst".into()),
        role: Some(Role::HotlineAnalyst),
        action,
        ..NewEvent::default()
    }
}

fn platform(id: &str, digest: u8) -> PlatformRow {
    PlatformRow {
        id: id.into(),
        name: format!("Platform {id}"),
        contact_sealed: vec![digest, 1, 2],
        token_digest: [digest; 32],
        created_at: 1,
        created_by: Some("sh-admin".into()),
        revoked_at: None,
        delivered_seq: 0,
        last_pull_at: None,
    }
}

pub async fn hash_sharing(store: Arc<dyn Store>) {
    store.insert_staff(&staff_row("sh-analyst", "sh-hana", Role::HotlineAnalyst, Some("hotline"))).await.unwrap();
    store.insert_staff(&staff_row("sh-admin", "sh-root", Role::Admin, None)).await.unwrap();
    let mut child = report(230);
    child.id = "sh-r1".into();
    child.case_ref = "ZR-SH1".into();
    store.insert_reports(&[child]).await.unwrap();

    let (a, b, c) = (
        request("sh-a", Some("sh-r1"), 9_000, "image"),
        request("sh-b", None, 9_001, "video"),
        request("sh-c", None, 9_002, "image"),
    );
    for t in [&a, &b, &c] {
        store.insert_takedown(t, None).await.unwrap();
    }
    // (The earlier parts of the story left requests of their own, never reviewed.)
    let queue = async || -> Vec<String> {
        store.review_queue(100).await.unwrap().into_iter().map(|t| t.id).filter(|id| id.starts_with("sh-")).collect()
    };
    assert_eq!(queue().await, ["sh-a", "sh-b", "sh-c"], "oldest first");
    assert_eq!(store.takedown("sh-a").await.unwrap().unwrap().review, Review::Unreviewed);

    // Platforms: a token digest each, unique names.
    let added = NewEvent { action: "platform-added", ..staff_event("platform-added", 9_100) };
    store.insert_platform(&platform("sh-p1", 1), &added).await.unwrap();
    store.insert_platform(&platform("sh-p2", 2), &added).await.unwrap();
    let dup = PlatformRow { id: "sh-p3".into(), token_digest: [3; 32], ..platform("sh-p1", 1) };
    assert!(matches!(store.insert_platform(&dup, &added).await, Err(StoreError::Conflict { .. })));
    assert_eq!(store.platform_by_token(&[1; 32]).await.unwrap().unwrap().id, "sh-p1");
    assert!(store.platform_by_token(&[9; 32]).await.unwrap().is_none());

    // Nothing is shared before review; an approval shares its hashes, a rejection nothing.
    assert!(store.shared_since(0, 100).await.unwrap().is_empty());
    let ev = staff_event("takedown-reviewed", 9_200);
    store
        .review_takedown(&review("sh-a", Review::Unreviewed, Review::Approved, None, 9_200), &hashes(&a), &ev)
        .await
        .unwrap();
    let again =
        store.review_takedown(&review("sh-a", Review::Unreviewed, Review::Rejected, None, 9_201), &[], &ev).await;
    assert!(matches!(again, Err(StoreError::Conflict { .. })), "reviewed once: {again:?}");
    let rejected = review("sh-b", Review::Unreviewed, Review::Rejected, Some(RejectReason::LowQuality), 9_202);
    store.review_takedown(&rejected, &[], &ev).await.unwrap();
    let b_now = store.takedown("sh-b").await.unwrap().unwrap();
    assert_eq!(
        (b_now.review, b_now.review_reason, b_now.reviewed_by.as_deref()),
        (Review::Rejected, Some(RejectReason::LowQuality), Some("sh-analyst"))
    );
    assert_eq!(queue().await, ["sh-c"]);

    let first = store.shared_since(0, 100).await.unwrap();
    assert_eq!(first.len(), 3, "SHA-256, MD5 and PDQ of the approved image: {first:?}");
    assert!(first
        .iter()
        .all(|h| h.source_id == "sh-a" && h.state == EntryState::Shared && h.source_kind == SourceKind::Takedown));
    assert!(first.windows(2).all(|w| w[0].seq < w[1].seq));
    let types: Vec<HashType> = first.iter().map(|h| h.hash_type).collect();
    assert_eq!(types, [HashType::Sha256, HashType::Md5, HashType::Pdq]);
    assert_eq!(first[2].quality, Some(90));
    let cursor = first.last().unwrap().seq;
    assert!(store.shared_since(cursor, 100).await.unwrap().is_empty(), "nothing new after the cursor");
    assert_eq!(store.shared_since(0, 2).await.unwrap().len(), 2, "paged");

    // How far it went: pulled by one platform.
    assert_eq!(store.sharing_facts(SourceKind::Takedown, "sh-a").await.unwrap().platforms_reached, 0);
    let pulled = NewEvent { action: "hashes-pulled", at: 9_300, ..NewEvent::default() };
    store.mark_delivered("sh-p1", cursor, 9_300, Some(&pulled)).await.unwrap();
    store.mark_delivered("sh-p1", 1, 9_301, None).await.unwrap();
    let p1 = store.platforms().await.unwrap().into_iter().find(|p| p.id == "sh-p1").unwrap();
    assert_eq!((p1.delivered_seq, p1.last_pull_at), (cursor, Some(9_301)), "never goes back");
    let report_back = HashReportRow {
        id: "sh-rep1".into(),
        shared_hash_id: first[0].id.clone(),
        platform_id: "sh-p1".into(),
        outcome: Outcome::Removed,
        count: 2,
        observed_at: 9_350,
        received_at: 9_400,
    };
    store.insert_hash_report(&report_back, &NewEvent { action: "hash-reported", ..pulled.clone() }).await.unwrap();
    let matched = HashReportRow { id: "sh-rep2".into(), outcome: Outcome::Match, count: 5, ..report_back.clone() };
    store.insert_hash_report(&matched, &NewEvent { action: "hash-reported", ..pulled.clone() }).await.unwrap();
    let facts = store.sharing_facts(SourceKind::Takedown, "sh-a").await.unwrap();
    assert_eq!(facts, SharingFacts { entries: 3, platforms_reached: 1, matches: 5, removals: 2 });
    assert_eq!(store.sharing_facts(SourceKind::Takedown, "sh-b").await.unwrap(), SharingFacts::default());
    assert_eq!(
        store.takedowns_to_export(false, 10).await.unwrap().iter().map(|t| t.id.as_str()).collect::<Vec<_>>(),
        ["sh-a"]
    );

    // Approvals while a platform pulls: the cursor never skips one committed behind it.
    let ids: Vec<String> = (0..16).map(|i| format!("sh-x{i:02}")).collect();
    for (i, id) in ids.iter().enumerate() {
        store.insert_takedown(&request(id, None, 9_500 + i as i64, "image"), None).await.unwrap();
    }
    let reader = {
        let store = store.clone();
        tokio::spawn(async move {
            let (mut seen, mut at) = (Vec::new(), cursor);
            for _ in 0..200 {
                for h in store.shared_since(at, 7).await.unwrap() {
                    at = h.seq;
                    seen.push(h.id);
                }
                tokio::task::yield_now().await;
            }
            (seen, at)
        })
    };
    let mut writers = Vec::new();
    for id in &ids {
        let (store, id) = (store.clone(), id.clone());
        writers.push(tokio::spawn(async move {
            let t = store.takedown(&id).await.unwrap().unwrap();
            let r = review(&id, Review::Unreviewed, Review::Approved, None, 9_600);
            store.review_takedown(&r, &hashes(&t), &staff_event("takedown-reviewed", 9_600)).await.unwrap();
        }));
    }
    for w in writers {
        w.await.unwrap();
    }
    let (mut seen, at) = reader.await.unwrap();
    seen.extend(store.shared_since(at, 1_000).await.unwrap().into_iter().map(|h| h.id));
    let all: Vec<String> = store.shared_since(cursor, 1_000).await.unwrap().into_iter().map(|h| h.id).collect();
    assert_eq!(all.len(), 16 * 3);
    assert_eq!(seen.len(), all.len(), "each entry read once");
    assert_eq!(seen.iter().collect::<BTreeSet<_>>(), all.iter().collect::<BTreeSet<_>>());
    let cursor = store.shared_since(cursor, 1_000).await.unwrap().last().unwrap().seq;

    // The child withdraws: not someone else's, once; the hashes are forgotten and each entry
    // comes back as a withdrawal record after the cursor.
    let child_event =
        NewEvent { report_id: Some("sh-r1".into()), ..event("sh-r1", 9_700, "child-takedown-withdrawn", None) };
    assert!(matches!(store.withdraw_takedown("sh-a", Some("r1"), &child_event).await, Err(StoreError::NotFound)));
    assert!(matches!(store.withdraw_takedown("sh-none", None, &child_event).await, Err(StoreError::NotFound)));
    assert_eq!(store.withdraw_takedown("sh-a", Some("sh-r1"), &child_event).await.unwrap(), 3);
    assert!(matches!(
        store.withdraw_takedown("sh-a", Some("sh-r1"), &child_event).await,
        Err(StoreError::Conflict { .. })
    ));
    let gone = store.takedown("sh-a").await.unwrap().unwrap();
    assert_eq!((gone.withdrawn_at, gone.sha256.as_str(), gone.md5.as_str(), gone.pdq), (Some(9_700), "", "", None));
    let records = store.shared_since(cursor, 100).await.unwrap();
    assert_eq!(records.len(), 3, "{records:?}");
    assert!(records
        .iter()
        .all(|h| h.state == EntryState::Withdrawn && h.value.is_empty() && h.withdrawn_at == Some(9_700)));
    assert_eq!(
        records.iter().map(|h| &h.id).collect::<BTreeSet<_>>(),
        first.iter().map(|h| &h.id).collect::<BTreeSet<_>>()
    );
    assert!(store
        .shared_since(0, 1_000)
        .await
        .unwrap()
        .iter()
        .all(|h| h.source_id != "sh-a" || h.state == EntryState::Withdrawn));
    assert_eq!(store.sharing_facts(SourceKind::Takedown, "sh-a").await.unwrap().platforms_reached, 0, "not told yet");
    store.mark_delivered("sh-p1", records.last().unwrap().seq, 9_800, None).await.unwrap();
    assert_eq!(store.sharing_facts(SourceKind::Takedown, "sh-a").await.unwrap().platforms_reached, 1, "told");
    assert!(store.takedowns_to_export(false, 100).await.unwrap().iter().all(|t| t.id != "sh-a"));
    assert!(store.events("sh-r1").await.unwrap().iter().any(|e| e.action == "child-takedown-withdrawn"));
    // A withdrawn request is never reviewed after.
    store
        .withdraw_takedown("sh-c", None, &NewEvent { action: "takedown-withdrawn", at: 9_801, ..NewEvent::default() })
        .await
        .unwrap();
    let late = store
        .review_takedown(&review("sh-c", Review::Unreviewed, Review::Approved, None, 9_802), &hashes(&c), &ev)
        .await;
    assert!(matches!(late, Err(StoreError::Conflict { .. })));
    assert!(queue().await.is_empty());

    // A revoked token opens nothing, and is revoked once.
    let revoked = staff_event("platform-revoked", 9_900);
    store.revoke_platform("sh-p2", &revoked).await.unwrap();
    assert!(store.platform_by_token(&[2; 32]).await.unwrap().is_none());
    assert!(matches!(store.revoke_platform("sh-p2", &revoked).await, Err(StoreError::NotFound)));

    // Erasure withdraws the case's shared hashes as the child would.
    let mut erased = report(231);
    erased.id = "sh-r2".into();
    erased.case_ref = "ZR-SH2".into();
    store.insert_reports(&[erased]).await.unwrap();
    let d = request("sh-d", Some("sh-r2"), 10_000, "video");
    store.insert_takedown(&d, None).await.unwrap();
    store
        .review_takedown(&review("sh-d", Review::Unreviewed, Review::Approved, None, 10_001), &hashes(&d), &ev)
        .await
        .unwrap();
    let before = store.shared_since(0, 10_000).await.unwrap().last().unwrap().seq;
    store.erase_case("sh-r2", &event("sh-r2", 10_002, "case-erased", None)).await.unwrap();
    let told = store.shared_since(before, 100).await.unwrap();
    assert_eq!(told.len(), 4, "SHA-256, MD5 and two frames: {told:?}");
    assert!(told.iter().all(|h| h.source_id == "sh-d" && h.state == EntryState::Withdrawn && h.value.is_empty()));
    assert!(store.takedown("sh-d").await.unwrap().is_none(), "the request itself goes");
    let events = store.events("sh-r2").await.unwrap();
    assert!(events
        .iter()
        .any(|e| e.action == "hashes-withdrawn" && e.detail.as_deref() == Some("takedown:sh-d:erased")));
}
