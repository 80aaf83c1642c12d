//! Evidence and its custody, imported hash lists, and take-down requests. Same SQL for both
//! backends, as in `sql.rs`.
//!
//! The chain of custody is kept in the audit log itself (actions `evidence_received`,
//! `evidence_viewed`, `evidence_exported`, with the evidence id and the SHA-256 of the file at
//! that moment in `detail`), so it is as tamper-evident as the rest of the log.

use sqlx::{QueryBuilder, Row};

use crate::model::*;
use crate::sql::{corrupt, map_err, PgStore, SqliteStore};
use crate::{Millis, Result};
use zeri_domain::sharing::{RejectReason, Review};

/// The audit `detail` of a custody entry: the evidence and the SHA-256 of its file then.
pub fn custody_detail(evidence_id: &str, sha256: &str) -> String {
    format!("{evidence_id} sha256:{sha256}")
}

/// The evidence id and SHA-256 of a custody entry's `detail`.
pub fn parse_custody_detail(detail: &str) -> Option<(&str, &str)> {
    let (id, hash) = detail.split_once(" sha256:")?;
    Some((id, hash))
}

/// Rows per multi-row INSERT when importing a hash list (5 values each, well under
/// SQLite's limit of 32,766 bound values).
const ENTRY_BATCH: usize = 1000;

/// At most this many earlier pieces of evidence are linked to a new file. A widely shared
/// image reported again and again would otherwise store one link per earlier copy, so each
/// new report of it would cost more than the last (found by the soak test); the first
/// copies are enough to point at the other cases.
pub const EVIDENCE_MATCHES: i64 = 10;

#[async_trait::async_trait]
pub trait EvidenceStore: Send + Sync {
    /// Stores a follow-up message with the evidence that came with it, their matches and
    /// the audit and custody entries, in one transaction. (Evidence that came with a report
    /// is stored by `Store::insert_reports`, with the report.)
    async fn insert_message_with_evidence(
        &self,
        message: &NewMessage,
        items: &[NewEvidence],
        events: &[NewEvent],
    ) -> Result<()>;
    /// The evidence of a report, oldest first.
    async fn evidence_for(&self, report_id: &str) -> Result<Vec<EvidenceRow>>;
    async fn evidence(&self, id: &str) -> Result<Option<EvidenceRow>>;
    /// The matches of a report's evidence, with what they point to.
    async fn evidence_matches(&self, report_id: &str) -> Result<Vec<MatchRow>>;
    /// Evidence waiting to be inspected, oldest first.
    async fn pending_inspections(&self, limit: i64) -> Result<Vec<EvidenceRow>>;
    /// Records what inspecting `id` found (its PDQ, the matches, the outcome) with its
    /// custody entry, in one transaction, only if it is still pending (`Ok(false)`
    /// otherwise: another instance was first, or the case was erased).
    async fn finish_inspection(&self, done: &Inspection, event: &NewEvent) -> Result<bool>;
    /// Every stored PDQ hash of evidence, for the in-memory index.
    async fn evidence_pdqs(&self) -> Result<Vec<(String, String)>>;
    /// Exact matches of a file's digests: list entries and earlier evidence.
    /// Exact matches of a file's digests: every list entry, and the first
    /// [`EVIDENCE_MATCHES`] earlier pieces of evidence.
    async fn exact_matches(&self, sha256: &str, md5: &str) -> Result<Vec<NewMatch>>;

    /// Imports a whole list in one transaction: all entries, or none.
    async fn insert_hash_list(&self, list: &HashListRow, entries: &[HashEntry], event: &NewEvent) -> Result<()>;
    async fn hash_lists(&self) -> Result<Vec<HashListRow>>;
    /// PDQ hashes of list entries with an id over `after`, in id order (for the index).
    async fn hash_entry_pdqs(&self, after: i64) -> Result<Vec<(i64, String)>>;

    /// Earlier evidence whose SHA-256 or MD5 equals an entry of the list `list_id`.
    async fn list_exact_matches(&self, list_id: &str) -> Result<Vec<(String, NewMatch)>>;
    /// Records matches found after the fact (a list imported after the evidence arrived).
    async fn insert_matches(&self, matches: &[(String, NewMatch)]) -> Result<()>;

    async fn insert_takedown(&self, request: &TakedownRow, event: Option<&NewEvent>) -> Result<()>;
    /// Newest first; `only_new`: not yet exported.
    async fn takedowns(&self, only_new: bool, limit: i64) -> Result<Vec<TakedownRow>>;
    async fn takedowns_for(&self, report_id: &str) -> Result<Vec<TakedownRow>>;
    /// Marks requests as exported for platforms, with one audit entry.
    async fn mark_takedowns_exported(&self, ids: &[String], at: Millis, event: &NewEvent) -> Result<()>;
}

macro_rules! impl_evidence {
    ($store:ty, $row:ty, $db:ty) => {
        impl $store {
            fn evidence_row(r: &$row) -> Result<EvidenceRow> {
                Ok(EvidenceRow {
                    id: r.try_get("id")?,
                    report_id: r.try_get("report_id")?,
                    message_id: r.try_get("message_id")?,
                    received_at: r.try_get("received_at")?,
                    size: r.try_get("size")?,
                    kind: r.try_get("kind")?,
                    sha256: r.try_get("sha256")?,
                    md5: r.try_get("md5")?,
                    pdq: r.try_get("pdq")?,
                    pdq_quality: r.try_get("pdq_quality")?,
                    blob_key: r.try_get("blob_key")?,
                    sealed: r.try_get("sealed")?,
                    inspection: r.try_get("inspection")?,
                })
            }

            pub(crate) fn takedown_row(r: &$row) -> Result<TakedownRow> {
                let review: String = r.try_get("review")?;
                let reason: Option<String> = r.try_get("review_reason")?;
                Ok(TakedownRow {
                    id: r.try_get("id")?,
                    reference: r.try_get("reference")?,
                    created_at: r.try_get("created_at")?,
                    report_id: r.try_get("report_id")?,
                    kind: r.try_get("kind")?,
                    size: r.try_get("size")?,
                    md5: r.try_get("md5")?,
                    sha256: r.try_get("sha256")?,
                    pdq: r.try_get("pdq")?,
                    quality: r.try_get("quality")?,
                    dihedral: r.try_get("dihedral")?,
                    frames: r.try_get("frames")?,
                    exported_at: r.try_get("exported_at")?,
                    review: Review::parse(&review).ok_or_else(|| corrupt("takedown_requests.review"))?,
                    reviewed_at: r.try_get("reviewed_at")?,
                    reviewed_by: r.try_get("reviewed_by")?,
                    review_reason: reason
                        .map(|c| RejectReason::parse(&c).ok_or_else(|| corrupt("takedown_requests.review_reason")))
                        .transpose()?,
                    withdrawn_at: r.try_get("withdrawn_at")?,
                })
            }

            /// Inserts one match of a piece of evidence inside `tx`; none to evidence whose
            /// case was erased meanwhile (its hashes blanked after the match was found).
            async fn put_match(
                &self,
                tx: &mut sqlx::Transaction<'_, $db>,
                evidence_id: &str,
                m: &NewMatch,
            ) -> Result<()> {
                let (entry, other) = match &m.target {
                    MatchTarget::ListEntry(id) => (Some(*id), None),
                    MatchTarget::Evidence(id) => (None, Some(id.as_str())),
                };
                sqlx::query(
                    "INSERT INTO evidence_matches (evidence_id, via, distance, list_entry_id, other_evidence_id) \
                     SELECT $1, $2, $3, $4, $5 WHERE $5 IS NULL \
                     OR EXISTS (SELECT 1 FROM evidence WHERE id = $5 AND sha256 <> '')",
                )
                .bind(evidence_id)
                .bind(m.via)
                .bind(m.distance)
                .bind(entry)
                .bind(other)
                .execute(&mut **tx)
                .await
                .map_err(map_err)?;
                Ok(())
            }

            /// Inserts evidence rows and their matches inside `tx`.
            pub(crate) async fn put_evidence(
                &self,
                tx: &mut sqlx::Transaction<'_, $db>,
                items: &[NewEvidence],
            ) -> Result<()> {
                for e in items {
                    sqlx::query(
                        "INSERT INTO evidence (id, report_id, message_id, received_at, size, kind, sha256, md5, pdq, \
                         pdq_quality, blob_key, key_id, sealed, inspection) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
                    )
                    .bind(&e.id)
                    .bind(&e.report_id)
                    .bind(&e.message_id)
                    .bind(e.received_at)
                    .bind(e.size)
                    .bind(&e.kind)
                    .bind(&e.sha256)
                    .bind(&e.md5)
                    .bind(&e.pdq)
                    .bind(e.pdq_quality)
                    .bind(&e.blob_key)
                    .bind(&e.key_id)
                    .bind(&e.sealed)
                    .bind(e.inspection.as_str())
                    .execute(&mut **tx)
                    .await
                    .map_err(map_err)?;
                    for m in &e.matches {
                        self.put_match(tx, &e.id, m).await?;
                    }
                }
                Ok(())
            }
        }

        #[async_trait::async_trait]
        impl EvidenceStore for $store {
            async fn insert_message_with_evidence(
                &self,
                message: &NewMessage,
                items: &[NewEvidence],
                events: &[NewEvent],
            ) -> Result<()> {
                let mut tx = self.pool.begin().await?;
                self.put_message(&mut tx, message).await?;
                self.put_evidence(&mut tx, items).await?;
                self.append_all(&mut tx, events).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn pending_inspections(&self, limit: i64) -> Result<Vec<EvidenceRow>> {
                let rows = sqlx::query(
                    "SELECT * FROM evidence WHERE inspection = 'pending' ORDER BY received_at, id LIMIT $1",
                )
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                rows.iter().map(Self::evidence_row).collect()
            }

            async fn finish_inspection(&self, done: &Inspection, event: &NewEvent) -> Result<bool> {
                let mut tx = self.pool.begin().await?;
                let updated = sqlx::query(
                    "UPDATE evidence SET inspection = $1, pdq = $2, pdq_quality = $3 \
                     WHERE id = $4 AND inspection = 'pending'",
                )
                .bind(done.outcome.as_str())
                .bind(&done.pdq)
                .bind(done.pdq_quality)
                .bind(&done.evidence_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if updated == 0 {
                    return Ok(false);
                }
                for m in &done.matches {
                    self.put_match(&mut tx, &done.evidence_id, m).await?;
                }
                self.append_all(&mut tx, std::slice::from_ref(event)).await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn evidence_for(&self, report_id: &str) -> Result<Vec<EvidenceRow>> {
                let rows = sqlx::query("SELECT * FROM evidence WHERE report_id = $1 ORDER BY received_at, id")
                    .bind(report_id)
                    .fetch_all(&self.pool)
                    .await?;
                rows.iter().map(Self::evidence_row).collect()
            }

            async fn evidence(&self, id: &str) -> Result<Option<EvidenceRow>> {
                let row =
                    sqlx::query("SELECT * FROM evidence WHERE id = $1").bind(id).fetch_optional(&self.pool).await?;
                row.as_ref().map(Self::evidence_row).transpose()
            }

            async fn evidence_matches(&self, report_id: &str) -> Result<Vec<MatchRow>> {
                let rows = sqlx::query(
                    "SELECT m.evidence_id, m.via, m.distance, l.name AS list_name, h.label, h.source, \
                     m.other_evidence_id, o.report_id AS other_report_id, r.case_ref AS other_case_ref, \
                     r.org_id AS other_org_id \
                     FROM evidence_matches m JOIN evidence e ON e.id = m.evidence_id \
                     LEFT JOIN hash_entries h ON h.id = m.list_entry_id LEFT JOIN hash_lists l ON l.id = h.list_id \
                     LEFT JOIN evidence o ON o.id = m.other_evidence_id LEFT JOIN reports r ON r.id = o.report_id \
                     WHERE e.report_id = $1 AND r.erased_at IS NULL ORDER BY m.evidence_id, m.distance, m.via",
                )
                .bind(report_id)
                .fetch_all(&self.pool)
                .await?;
                rows.iter()
                    .map(|r| {
                        Ok(MatchRow {
                            evidence_id: r.try_get("evidence_id")?,
                            via: r.try_get("via")?,
                            distance: r.try_get("distance")?,
                            list_name: r.try_get("list_name")?,
                            label: r.try_get("label")?,
                            source: r.try_get("source")?,
                            other_evidence_id: r.try_get("other_evidence_id")?,
                            other_report_id: r.try_get("other_report_id")?,
                            other_case_ref: r.try_get("other_case_ref")?,
                            other_org_id: r.try_get("other_org_id")?,
                        })
                    })
                    .collect()
            }

            async fn evidence_pdqs(&self) -> Result<Vec<(String, String)>> {
                let rows = sqlx::query("SELECT id, pdq FROM evidence WHERE pdq IS NOT NULL")
                    .fetch_all(&self.pool)
                    .await?;
                rows.iter().map(|r| Ok((r.try_get("id")?, r.try_get("pdq")?))).collect()
            }

            async fn exact_matches(&self, sha256: &str, md5: &str) -> Result<Vec<NewMatch>> {
                let mut found = Vec::new();
                let rows = sqlx::query(
                    "SELECT id, sha256 = $1 AS by_sha FROM hash_entries WHERE sha256 = $1 OR md5 = $2 ORDER BY id",
                )
                .bind(sha256)
                .bind(md5)
                .fetch_all(&self.pool)
                .await?;
                for r in &rows {
                    let by_sha: Option<bool> = r.try_get("by_sha")?;
                    let via = if by_sha == Some(true) { "sha256" } else { "md5" };
                    found.push(NewMatch { via, distance: 0, target: MatchTarget::ListEntry(r.try_get("id")?) });
                }
                let rows = sqlx::query(
                    "SELECT id, sha256 = $1 AS by_sha FROM evidence WHERE sha256 = $1 OR md5 = $2 \
                     ORDER BY received_at, id LIMIT $3",
                )
                .bind(sha256)
                .bind(md5)
                .bind(EVIDENCE_MATCHES)
                .fetch_all(&self.pool)
                .await?;
                for r in &rows {
                    let by_sha: Option<bool> = r.try_get("by_sha")?;
                    let via = if by_sha == Some(true) { "sha256" } else { "md5" };
                    found.push(NewMatch { via, distance: 0, target: MatchTarget::Evidence(r.try_get("id")?) });
                }
                Ok(found)
            }

            async fn insert_hash_list(&self, list: &HashListRow, entries: &[HashEntry], event: &NewEvent) -> Result<()> {
                let mut tx = self.pool.begin().await?;
                sqlx::query("INSERT INTO hash_lists (id, name, imported_at, imported_by, entries) VALUES ($1, $2, $3, $4, $5)")
                    .bind(&list.id)
                    .bind(&list.name)
                    .bind(list.imported_at)
                    .bind(&list.imported_by)
                    .bind(list.entries)
                    .execute(&mut *tx)
                    .await
                    .map_err(map_err)?;
                for chunk in entries.chunks(ENTRY_BATCH) {
                    let mut q: QueryBuilder<$db> =
                        QueryBuilder::new("INSERT INTO hash_entries (list_id, pdq, md5, sha256, label, source) ");
                    q.push_values(chunk, |mut b, e| {
                        b.push_bind(&list.id)
                            .push_bind(&e.pdq)
                            .push_bind(&e.md5)
                            .push_bind(&e.sha256)
                            .push_bind(&e.label)
                            .push_bind(&e.source);
                    });
                    q.build().execute(&mut *tx).await.map_err(map_err)?;
                }
                self.append(&mut tx, event).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn hash_lists(&self) -> Result<Vec<HashListRow>> {
                let rows = sqlx::query("SELECT * FROM hash_lists ORDER BY imported_at DESC, id")
                    .fetch_all(&self.pool)
                    .await?;
                rows.iter()
                    .map(|r| {
                        Ok(HashListRow {
                            id: r.try_get("id")?,
                            name: r.try_get("name")?,
                            imported_at: r.try_get("imported_at")?,
                            imported_by: r.try_get("imported_by")?,
                            entries: r.try_get("entries")?,
                        })
                    })
                    .collect()
            }

            async fn hash_entry_pdqs(&self, after: i64) -> Result<Vec<(i64, String)>> {
                let rows =
                    sqlx::query("SELECT id, pdq FROM hash_entries WHERE id > $1 AND pdq IS NOT NULL ORDER BY id")
                        .bind(after)
                        .fetch_all(&self.pool)
                        .await?;
                rows.iter().map(|r| Ok((r.try_get("id")?, r.try_get("pdq")?))).collect()
            }

            async fn list_exact_matches(&self, list_id: &str) -> Result<Vec<(String, NewMatch)>> {
                let rows = sqlx::query(
                    "SELECT e.id AS evidence_id, h.id AS entry_id, h.sha256 = e.sha256 AS by_sha FROM hash_entries h \
                     JOIN evidence e ON e.sha256 = h.sha256 OR e.md5 = h.md5 WHERE h.list_id = $1 AND e.sha256 <> '' \
                     ORDER BY e.id, h.id",
                )
                .bind(list_id)
                .fetch_all(&self.pool)
                .await?;
                rows.iter()
                    .map(|r| {
                        let by_sha: Option<bool> = r.try_get("by_sha")?;
                        let via = if by_sha == Some(true) { "sha256" } else { "md5" };
                        let target = MatchTarget::ListEntry(r.try_get("entry_id")?);
                        Ok((r.try_get("evidence_id")?, NewMatch { via, distance: 0, target }))
                    })
                    .collect()
            }

            async fn insert_matches(&self, matches: &[(String, NewMatch)]) -> Result<()> {
                let mut tx = self.pool.begin().await?;
                for (evidence_id, m) in matches {
                    self.put_match(&mut tx, evidence_id, m).await?;
                }
                tx.commit().await?;
                Ok(())
            }

            async fn insert_takedown(&self, t: &TakedownRow, event: Option<&NewEvent>) -> Result<()> {
                let mut tx = self.pool.begin().await?;
                sqlx::query(
                    "INSERT INTO takedown_requests (id, reference, created_at, report_id, kind, size, md5, sha256, pdq, \
                     quality, dihedral, frames) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                )
                .bind(&t.id)
                .bind(&t.reference)
                .bind(t.created_at)
                .bind(&t.report_id)
                .bind(&t.kind)
                .bind(t.size)
                .bind(&t.md5)
                .bind(&t.sha256)
                .bind(&t.pdq)
                .bind(t.quality)
                .bind(&t.dihedral)
                .bind(&t.frames)
                .execute(&mut *tx)
                .await
                .map_err(map_err)?;
                if let Some(event) = event {
                    self.append(&mut tx, event).await?;
                }
                tx.commit().await?;
                Ok(())
            }

            async fn takedowns(&self, only_new: bool, limit: i64) -> Result<Vec<TakedownRow>> {
                let sql = if only_new {
                    "SELECT * FROM takedown_requests WHERE exported_at IS NULL ORDER BY created_at DESC, id LIMIT $1"
                } else {
                    "SELECT * FROM takedown_requests ORDER BY created_at DESC, id LIMIT $1"
                };
                let rows = sqlx::query(sql).bind(limit).fetch_all(&self.pool).await?;
                rows.iter().map(Self::takedown_row).collect()
            }

            async fn takedowns_for(&self, report_id: &str) -> Result<Vec<TakedownRow>> {
                let rows = sqlx::query("SELECT * FROM takedown_requests WHERE report_id = $1 ORDER BY created_at, id")
                    .bind(report_id)
                    .fetch_all(&self.pool)
                    .await?;
                rows.iter().map(Self::takedown_row).collect()
            }

            async fn mark_takedowns_exported(&self, ids: &[String], at: Millis, event: &NewEvent) -> Result<()> {
                let mut tx = self.pool.begin().await?;
                for id in ids {
                    sqlx::query("UPDATE takedown_requests SET exported_at = $1 WHERE id = $2 AND exported_at IS NULL")
                        .bind(at)
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                }
                self.append(&mut tx, event).await?;
                tx.commit().await?;
                Ok(())
            }
        }
    };
}

impl_evidence!(SqliteStore, sqlx::sqlite::SqliteRow, sqlx::Sqlite);
impl_evidence!(PgStore, sqlx::postgres::PgRow, sqlx::Postgres);
