//! Case keys, retention erasure and master-key rotation. Same SQL for both backends, as in
//! `sql.rs`.
//!
//! Every case has its own data key, stored here only wrapped by the master key. Erasing a
//! case deletes that row (SQLite overwrites deleted rows with zeros: `secure_delete`) and
//! blanks the case's sealed values, its evidence's hashes, its take-down requests (whose
//! shared hashes are withdrawn, so platforms are told) and every match from or to its
//! evidence; the plaintext facts that statistics count stay.
//! Backups never copy `case_keys` (see `zeri backup`), so a backup made before an erasure
//! cannot be read for the erased case either.

use sqlx::Row;
use zeri_crypto::CryptoError;
use zeri_domain::Stage;

use crate::audit::verify_chain;
use crate::model::*;
use crate::sql::{corrupt, map_err, PgStore, SqliteStore};
use crate::{Millis, Result, StoreError};

/// Re-wraps one sealed value: `Some(new bytes)`, or `None` when it needs no change.
pub type Rewrap<'a> = &'a (dyn Fn(&[u8]) -> std::result::Result<Option<Vec<u8>>, CryptoError> + Send + Sync);

/// Every column that holds a value sealed under a master key: (table, key column, column).
/// Values sealed under a case key are untouched by rotation (their case key is re-wrapped).
pub const SEALED_COLUMNS: &[(&str, &str, &str)] = &[
    ("case_keys", "report_id", "wrapped"),
    ("staff", "id", "totp_sealed"),
    ("staff", "id", "totp_pending"),
    ("staff", "id", "email_sealed"),
    ("chats", "id", "sealed"),
    ("contacts", "id", "sealed"),
    ("survey_responses", "id", "sealed"),
    ("reports", "id", "sealed"),
    ("messages", "id", "sealed"),
    ("case_notes", "id", "sealed"),
    ("tasks", "id", "sealed"),
    ("consents", "id", "sealed"),
    ("referrals", "id", "sealed"),
    ("referrals", "id", "answer_sealed"),
    ("meetings", "id", "sealed"),
    ("testimonies", "report_id", "sealed_meta"),
    ("testimonies", "report_id", "sealed_file"),
    ("testimonies", "report_id", "sealed_key"),
    ("evidence", "id", "sealed"),
    ("audit", "seq", "sealed"),
    ("submissions", "token_digest", "receipt_sealed"),
    ("hosts", "id", "sealed"),
    ("content_urls", "url_digest", "url_sealed"),
    ("content_reports", "id", "receipt_sealed"),
    ("platforms", "id", "contact_sealed"),
    ("exchange_partners", "id", "key_sealed"),
    ("exchange_forwards", "id", "facts_sealed"),
    ("exchange_received", "id", "sealed"),
    ("erasure_requests", "id", "sealed"),
    ("notices", "id", "sealed"),
    ("chat_coaching", "id", "sealed"),
    ("quality_reviews", "record_id", "sealed"),
    ("closure_requests", "id", "sealed"),
    ("case_transfers", "id", "sealed"),
    ("case_transfers", "id", "answer_sealed"),
];

/// The sealed columns of a case that erasure blanks: (table, column, nullable).
const CASE_COLUMNS: &[(&str, &str, bool)] = &[
    ("messages", "sealed", false),
    ("case_notes", "sealed", false),
    ("tasks", "sealed", false),
    ("consents", "sealed", true),
    ("referrals", "sealed", false),
    ("referrals", "answer_sealed", true),
    ("meetings", "sealed", false),
    ("testimonies", "sealed_meta", false),
    ("testimonies", "sealed_file", false),
    ("testimonies", "sealed_key", true),
    ("evidence", "sealed", false),
    ("chats", "sealed", true),
    ("contacts", "sealed", false),
    ("erasure_requests", "sealed", true),
    ("chat_coaching", "sealed", false),
    ("quality_reviews", "sealed", true),
    ("closure_requests", "sealed", true),
    ("case_transfers", "sealed", false),
    ("case_transfers", "answer_sealed", true),
];

/// What [`KeyStore::erase_case`] leaves to do outside the database.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ErasedCase {
    /// The blob keys of the case's evidence files and of its testimony, to delete from
    /// the blob store.
    pub blobs: Vec<String>,
    /// The case's evidence ids, whose hashes are gone: matchers in memory drop them.
    pub evidence: Vec<String>,
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct RewrapCount {
    /// Values now wrapped by the primary key.
    pub rewrapped: u64,
    /// Values looked at.
    pub seen: u64,
}

#[async_trait::async_trait]
pub trait KeyStore: Send + Sync {
    /// The wrapped data key of a case; `None` for a case from before case keys, or erased.
    async fn case_key(&self, report_id: &str) -> Result<Option<Vec<u8>>>;
    /// Every case key, for the key copy kept apart from backups.
    async fn all_case_keys(&self) -> Result<Vec<(String, Vec<u8>)>>;
    /// Puts back case keys after a restore, for reports that exist and have none; returns
    /// how many were put back.
    async fn put_case_keys(&self, keys: &[(String, Vec<u8>)]) -> Result<u64>;
    /// Reports sealed under a case key that is missing but not marked erased: after a
    /// restore, the cases erased since the backup was made.
    async fn reports_missing_keys(&self) -> Result<Vec<String>>;
    /// Cases at `stage` since before `entered_before`, not yet erased, oldest first.
    async fn due_for_erasure(&self, stage: Stage, entered_before: Millis, limit: i64) -> Result<Vec<String>>;
    /// Destroys the case's key, blanks its sealed values, forgets its evidence's hashes
    /// (SHA-256, MD5, PDQ), its take-down requests and every match from or to its evidence,
    /// marks it erased and records `event`, in one transaction; returns the blob keys of its
    /// evidence files, which the caller deletes next, and the evidence ids, which matchers
    /// drop. `NotFound` when there is no such case or it is already erased.
    async fn erase_case(&self, id: &str, event: &NewEvent) -> Result<ErasedCase>;
    /// Rotation: verifies the audit chain, re-wraps every value in [`SEALED_COLUMNS`] with
    /// `rewrap`, links the audit chain again if a sealed value in it changed, and records
    /// `event`; all in one transaction. `Corrupt` when the chain did not verify first.
    /// Without an event it only checks: `rewrap` must then never return a new value.
    async fn rewrap_all(&self, rewrap: Rewrap<'_>, event: Option<&NewEvent>) -> Result<RewrapCount>;
}

macro_rules! impl_keys {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl KeyStore for $store {
            async fn case_key(&self, report_id: &str) -> Result<Option<Vec<u8>>> {
                let row = sqlx::query("SELECT wrapped FROM case_keys WHERE report_id = $1")
                    .bind(report_id)
                    .fetch_optional(&self.pool)
                    .await?;
                Ok(row.map(|r| r.try_get("wrapped")).transpose()?)
            }

            async fn all_case_keys(&self) -> Result<Vec<(String, Vec<u8>)>> {
                let rows = sqlx::query("SELECT report_id, wrapped FROM case_keys ORDER BY report_id")
                    .fetch_all(&self.pool)
                    .await?;
                rows.iter().map(|r| Ok((r.try_get("report_id")?, r.try_get("wrapped")?))).collect()
            }

            async fn put_case_keys(&self, keys: &[(String, Vec<u8>)]) -> Result<u64> {
                let mut tx = self.pool.begin().await?;
                let mut n = 0;
                for (id, wrapped) in keys {
                    n += sqlx::query(
                        "INSERT INTO case_keys (report_id, created_at, wrapped) \
                         SELECT id, created_at, $2 FROM reports WHERE id = $1 AND erased_at IS NULL \
                         AND NOT EXISTS (SELECT 1 FROM case_keys WHERE report_id = $1)",
                    )
                    .bind(id)
                    .bind(wrapped)
                    .execute(&mut *tx)
                    .await
                    .map_err(map_err)?
                    .rows_affected();
                }
                tx.commit().await?;
                Ok(n)
            }

            async fn reports_missing_keys(&self) -> Result<Vec<String>> {
                let rows = sqlx::query(
                    "SELECT id, sealed FROM reports r WHERE erased_at IS NULL \
                     AND NOT EXISTS (SELECT 1 FROM case_keys k WHERE k.report_id = r.id) ORDER BY id",
                )
                .fetch_all(&self.pool)
                .await?;
                let mut out = Vec::new();
                for r in &rows {
                    let sealed: Vec<u8> = r.try_get("sealed")?;
                    // Version 2 is sealed under a case key; version 1 is a case from before.
                    if sealed.first() == Some(&2) {
                        out.push(r.try_get("id")?);
                    }
                }
                Ok(out)
            }

            async fn due_for_erasure(&self, stage: Stage, entered_before: Millis, limit: i64) -> Result<Vec<String>> {
                let rows = sqlx::query(
                    "SELECT id FROM reports WHERE stage = $1 AND stage_at < $2 AND erased_at IS NULL \
                     ORDER BY stage_at, id LIMIT $3",
                )
                .bind(stage.as_str())
                .bind(entered_before)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                rows.iter().map(|r| Ok(r.try_get("id")?)).collect()
            }

            async fn erase_case(&self, id: &str, event: &NewEvent) -> Result<ErasedCase> {
                let mut tx = self.pool.begin().await?;
                let empty: &[u8] = &[];
                let done =
                    sqlx::query("UPDATE reports SET sealed = $1, erased_at = $2 WHERE id = $3 AND erased_at IS NULL")
                        .bind(empty)
                        .bind(event.at)
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                if done.rows_affected() != 1 {
                    return Err(StoreError::NotFound);
                }
                sqlx::query("DELETE FROM case_keys WHERE report_id = $1").bind(id).execute(&mut *tx).await?;
                let rows = sqlx::query("SELECT id, blob_key FROM evidence WHERE report_id = $1 ORDER BY id")
                    .bind(id)
                    .fetch_all(&mut *tx)
                    .await?;
                let mut erased = ErasedCase::default();
                for r in &rows {
                    erased.evidence.push(r.try_get("id")?);
                    erased.blobs.push(r.try_get("blob_key")?);
                }
                // The testimony's blob too (its row keeps its size and digest, like evidence).
                // Taken by the UPDATE that blanks the file's key and bytes: a start-up move
                // committed before it is seen here (on PostgreSQL it waits for its row), and
                // one after it finds the row erased and deletes its own copy.
                let testimony = sqlx::query(
                    "UPDATE testimonies SET sealed_key = NULL, sealed_file = $2 WHERE report_id = $1 RETURNING blob_key",
                )
                .bind(id)
                .bind(empty)
                .fetch_optional(&mut *tx)
                .await?;
                if let Some(blob_key) = testimony.map(|r| r.try_get::<Option<String>, _>("blob_key")).transpose()?.flatten() {
                    erased.blobs.push(blob_key);
                }
                // The file's hashes identify the picture as well as the file does: matches
                // from and to this case's evidence go, then the hashes themselves (the digests
                // are NOT NULL, so they become empty, which no digest equals), and nothing is
                // left for an inspector to decode.
                sqlx::query(
                    "DELETE FROM evidence_matches WHERE evidence_id IN (SELECT id FROM evidence WHERE report_id = $1) \
                     OR other_evidence_id IN (SELECT id FROM evidence WHERE report_id = $1)",
                )
                .bind(id)
                .execute(&mut *tx)
                .await?;
                sqlx::query(
                    "UPDATE evidence SET sha256 = '', md5 = '', pdq = NULL, pdq_quality = NULL, \
                     inspection = CASE WHEN inspection = 'pending' THEN 'undecodable' ELSE inspection END \
                     WHERE report_id = $1",
                )
                .bind(id)
                .execute(&mut *tx)
                .await?;
                // Its take-down requests are withdrawn as the child would withdraw them: the
                // platforms are told by withdrawal records at their next pull (which carry
                // no hash), then the requests go.
                let takedowns = sqlx::query("SELECT id FROM takedown_requests WHERE report_id = $1 ORDER BY id")
                    .bind(id)
                    .fetch_all(&mut *tx)
                    .await?;
                let mut withdrawals = Vec::new();
                for r in &takedowns {
                    let takedown: String = r.try_get("id")?;
                    let kind = zeri_domain::sharing::SourceKind::Takedown;
                    if self.withdraw_shared(&mut tx, kind, &takedown, event.at).await? > 0 {
                        withdrawals.push(NewEvent {
                            report_id: Some(id.to_owned()),
                            at: event.at,
                            action: "hashes-withdrawn",
                            detail: Some(format!("takedown:{takedown}:erased")),
                            ..NewEvent::default()
                        });
                    }
                }
                sqlx::query("DELETE FROM takedown_requests WHERE report_id = $1").bind(id).execute(&mut *tx).await?;
                // Links sent from the case to the hotline stay the hotline's items, no longer
                // tied to the child's case.
                sqlx::query("UPDATE content_reports SET case_id = NULL WHERE case_id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                for (table, column, nullable) in CASE_COLUMNS {
                    let value = if *nullable { "NULL" } else { "$2" };
                    let sql = format!("UPDATE {table} SET {column} = {value} WHERE report_id = $1");
                    let mut q = sqlx::query(&sql).bind(id);
                    if !nullable {
                        q = q.bind(empty);
                    }
                    q.execute(&mut *tx).await?;
                }
                sqlx::query(
                    "UPDATE chats SET status = 'ended', ended_at = $1, ended_by = 'erased' \
                     WHERE report_id = $2 AND status <> 'ended'",
                )
                .bind(event.at)
                .bind(id)
                .execute(&mut *tx)
                .await?;
                // The child's follow-up sessions end with the case.
                sqlx::query("DELETE FROM sessions WHERE kind = 'survivor' AND subject = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                withdrawals.push(event.clone());
                self.append_all(&mut tx, &withdrawals).await?;
                tx.commit().await?;
                self.after_erasure().await;
                Ok(erased)
            }

            async fn rewrap_all(&self, rewrap: Rewrap<'_>, event: Option<&NewEvent>) -> Result<RewrapCount> {
                match verify_chain(self, &self.keys).await? {
                    Ok(_) => {}
                    Err(b) => {
                        return Err(corrupt(&format!("the audit chain does not verify ({b}); nothing was changed")))
                    }
                }
                let mut tx = self.pool.begin().await?;
                let mut count = RewrapCount::default();
                let mut audit_changed = false;
                for (table, key, column) in SEALED_COLUMNS {
                    let sql = format!("SELECT {key} AS k FROM {table} WHERE {column} IS NOT NULL ORDER BY {key}");
                    let ids = sqlx::query(&sql).fetch_all(&mut *tx).await?;
                    let select = format!("SELECT {column} AS v FROM {table} WHERE {key} = $1");
                    let update = format!("UPDATE {table} SET {column} = $1 WHERE {key} = $2");
                    for row in ids {
                        // `audit.seq` is a number, every other key is text.
                        let (value, id_text, id_num) = if *key == "seq" {
                            let seq: i64 = row.try_get("k")?;
                            let r = sqlx::query(&select).bind(seq).fetch_one(&mut *tx).await?;
                            (r.try_get::<Vec<u8>, _>("v")?, None, Some(seq))
                        } else {
                            let k: String = row.try_get("k")?;
                            let r = sqlx::query(&select).bind(&k).fetch_one(&mut *tx).await?;
                            (r.try_get::<Vec<u8>, _>("v")?, Some(k), None)
                        };
                        count.seen += 1;
                        if value.is_empty() {
                            continue; // blanked by erasure
                        }
                        let Some(new) = rewrap(&value).map_err(|e| corrupt(&format!("{table}.{column}: {e}")))? else {
                            continue;
                        };
                        let q = sqlx::query(&update).bind(new);
                        match (id_text, id_num) {
                            (Some(k), _) => q.bind(k),
                            (_, Some(n)) => q.bind(n),
                            _ => unreachable!("one of the two is set"),
                        }
                        .execute(&mut *tx)
                        .await
                        .map_err(map_err)?;
                        count.rewrapped += 1;
                        audit_changed |= *table == "audit";
                    }
                }
                if audit_changed {
                    self.relink(&mut tx).await?;
                }
                match event {
                    Some(e) => self.append(&mut tx, e).await?,
                    None if count.rewrapped > 0 => return Err(corrupt("a check found values to re-wrap")),
                    None => {}
                }
                tx.commit().await?;
                Ok(count)
            }
        }
    };
}

impl_keys!(SqliteStore, sqlx::Sqlite);
impl_keys!(PgStore, sqlx::Postgres);
