//! The audit chain: tampering is found, and the first schema's entries are chained once.

use std::sync::Arc;

use zeri_crypto::Keyring;
use zeri_storage::*;

use crate::setup::*;

/// Changing, deleting or reordering any single entry breaks the chain at that entry.
pub async fn tampering(url: &str, keys: Arc<Keyring>) {
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
pub async fn legacy_events_are_chained_once() {
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
