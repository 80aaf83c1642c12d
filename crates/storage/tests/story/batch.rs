//! Group commit's batches on every backend: a batch of many reports (one compound
//! statement on SQLite, statements in chunks of 64 rows on PostgreSQL) stores every
//! report, its case key and its `created` entry in the audit chain, or, when one row is refused, nothing at all; and many concurrent
//! submissions through [`Intake`] each get their answer only once stored.

use std::sync::Arc;

use zeri_crypto::Keyring;
use zeri_storage::*;

use crate::setup::{fresh_postgres, keys, report};

/// Report number `i` (0..65,536), with a case key of its own.
fn row(i: u16) -> NewReportRow {
    let mut digest = [0xB0; 32];
    digest[..2].copy_from_slice(&i.to_be_bytes());
    NewReportRow {
        id: format!("batch{i}"),
        case_ref: format!("ZR-B{i:05}"),
        receipt_digest: digest,
        created_at: 50_000 + i as i64,
        municipality: i.is_multiple_of(3).then(|| "Korçë".to_owned()),
        sealed: format!("sealed {i}").into_bytes(),
        case_key: Some(vec![(i % 251) as u8; 40]),
        ..report(1)
    }
}

async fn stored_whole(store: &dyn Store, r: &NewReportRow) {
    let got = store.report_by_receipt(&r.receipt_digest).await.unwrap().unwrap_or_else(|| panic!("{} lost", r.id));
    assert_eq!((got.id.as_str(), got.case_ref.as_str(), &got.sealed), (r.id.as_str(), r.case_ref.as_str(), &r.sealed));
    assert_eq!(got.municipality, r.municipality);
    assert_eq!(store.case_key(&r.id).await.unwrap().as_ref(), r.case_key.as_ref(), "{}: case key", r.id);
    let created: Vec<_> = store.events(&r.id).await.unwrap().into_iter().filter(|e| e.action == "created").collect();
    assert_eq!(created.len(), 1, "{}: one created entry", r.id);
    assert_eq!(created[0].actor, "survivor");
}

async fn batches(store: Arc<dyn Store>, keys: &Keyring) {
    let start = store.audit_head().await.unwrap().seq;
    // 311 reports in one batch: statements of 64, 64, 64, 64 and 55 rows.
    let rows: Vec<NewReportRow> = (0..311).map(row).collect();
    store.insert_reports(&rows).await.unwrap();
    for r in &rows {
        stored_whole(&*store, r).await;
    }
    let head = store.audit_head().await.unwrap().seq;
    assert_eq!(head, start + 311, "one entry per report, numbered without a gap");
    assert_eq!(verify_chain(&*store, keys).await.unwrap(), Ok(head));

    // A batch whose very last row repeats a stored receipt stores none of its rows.
    let mut clash: Vec<NewReportRow> = (1000..1040).map(row).collect();
    clash.push(NewReportRow { id: "clash".into(), case_ref: "ZR-CLASH".into(), ..row(7) });
    let refused = store.insert_reports(&clash).await;
    // Named on both backends (SQLite's errors carry no constraint name: its message's).
    assert!(
        matches!(&refused, Err(StoreError::Conflict { constraint }) if constraint.contains("receipt_digest")),
        "{refused:?}"
    );
    for r in &clash[..40] {
        assert!(store.report(&r.id).await.unwrap().is_none(), "{} half-saved", r.id);
        assert!(store.case_key(&r.id).await.unwrap().is_none());
    }
    assert_eq!(store.audit_head().await.unwrap().seq, head, "no audit entry of the refused batch");

    // A batch refused for another reason (evidence of a report that is not there) stores
    // nothing either, and leaves the writer able to store the next one (on SQLite it is
    // opened afresh after such a failure).
    let mut orphan = row(1100);
    orphan.evidence.push(crate::setup::evidence_item("ev-orphan", "no-such-report", 'a', Vec::new()));
    let refused = store.insert_reports(&[row(1101), orphan]).await;
    assert!(matches!(refused, Err(StoreError::Other(_))), "{refused:?}");
    assert!(store.report("batch1101").await.unwrap().is_none(), "half-saved");
    let next = [row(1102), row(1103)];
    store.insert_reports(&next).await.unwrap();
    for r in &next {
        stored_whole(&*store, r).await;
    }
    let head = store.audit_head().await.unwrap().seq;
    assert_eq!(verify_chain(&*store, keys).await.unwrap(), Ok(head));

    // Many at once through the writer (batches of up to 256): each answered once stored,
    // and the one clash among them answered alone.
    let intake = Intake::start(store.clone(), 256);
    let mut handles = Vec::new();
    for i in 2000..2600u16 {
        let intake = intake.clone();
        handles.push(tokio::spawn(async move { intake.submit(row(i)).await }));
    }
    let dup = NewReportRow { id: "clash2".into(), case_ref: "ZR-CLASH2".into(), ..row(9) };
    let dup = tokio::spawn({
        let intake = intake.clone();
        async move { intake.submit(dup).await }
    });
    for h in handles {
        h.await.unwrap().unwrap();
    }
    assert!(matches!(dup.await.unwrap(), Err(StoreError::Conflict { .. })));
    for i in (2000..2600u16).step_by(7) {
        stored_whole(&*store, &row(i)).await;
    }
    let head = store.audit_head().await.unwrap().seq;
    assert_eq!(verify_chain(&*store, keys).await.unwrap(), Ok(head));
    assert_eq!(head, start + 311 + 2 + 600);
}

#[tokio::test]
async fn sqlite_batches() {
    let dir = tempfile::tempdir().unwrap();
    let keys = keys();
    let store = connect(&format!("sqlite://{}", dir.path().join("zeri.db").display()), keys.clone()).await.unwrap();
    batches(store, &keys).await;
}

#[tokio::test]
async fn postgres_batches() {
    let Some(url) = fresh_postgres().await else { return };
    let keys = keys();
    let store = connect(&url, keys.clone()).await.unwrap();
    batches(store, &keys).await;
}
