//! Cases that belong together, and cases that change hands: links between two reports,
//! the reports that share an evidence file (the same SHA-256), merges (one case absorbed
//! into another, for good), and transfers of the lead to another organisation. Every write appends its audit entries in the same transaction. Same SQL for both
//! backends, as in `sql.rs`.

use sqlx::Row;

use crate::model::*;
use crate::sql::{PgStore, SqliteStore};
use crate::{Millis, Result, StoreError};

/// A link between two reports (`a` < `b`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRow {
    pub a: String,
    pub b: String,
    pub linked_by: String,
    pub linked_at: Millis,
}

impl LinkRow {
    /// The other report of the link, seen from `id`.
    pub fn other(&self, id: &str) -> &str {
        if self.a == id {
            &self.b
        } else {
            &self.a
        }
    }
}

/// A merge: `merged_id` now lives on in `survivor_id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeRow {
    pub merged_id: String,
    pub survivor_id: String,
    pub merged_by: String,
    pub merged_at: Millis,
}

/// A transfer of the lead on a case to another organisation, and its answer.
#[derive(Debug, Clone)]
pub struct TransferRow {
    pub id: String,
    pub report_id: String,
    pub from_org: String,
    pub to_org: String,
    pub requested_by: String,
    pub requested_at: Millis,
    /// The reason for the transfer, sealed under the case key.
    pub sealed: Vec<u8>,
    /// `pending`, `accepted` or `rejected`.
    pub status: String,
    pub answered_by: Option<String>,
    pub answered_at: Option<Millis>,
    /// The reason of a rejection (or words with an acceptance), sealed under the case key.
    pub answer_sealed: Option<Vec<u8>>,
}

const TRANSFER_COLUMNS: &str = "id, report_id, from_org, to_org, requested_by, requested_at, sealed, status, \
    answered_by, answered_at, answer_sealed";

/// Longest chain of merges followed (a case merged into one that was merged later).
pub const MERGE_DEPTH: usize = 16;

/// The case a report lives on in: itself, or the survivor of its merges (followed up to
/// [`MERGE_DEPTH`] steps).
pub async fn survivor_of(store: &dyn LinkStore, id: &str) -> Result<String> {
    let mut id = id.to_owned();
    for _ in 0..MERGE_DEPTH {
        match store.merged_into(&id).await? {
            Some(next) => id = next,
            None => break,
        }
    }
    Ok(id)
}

/// Every case that lives on in `survivor`: itself first, then those merged into it (and
/// into those), in the order they were merged.
pub async fn merge_family(store: &dyn LinkStore, survivor: &str) -> Result<Vec<String>> {
    let mut out = vec![survivor.to_owned()];
    let mut i = 0;
    while i < out.len() && out.len() < 4 * MERGE_DEPTH {
        let merged = store.merged_from(&out[i]).await?;
        out.extend(merged.into_iter().map(|m| m.merged_id));
        i += 1;
    }
    Ok(out)
}

#[async_trait::async_trait]
pub trait LinkStore: Send + Sync {
    /// Links two reports (in any order) and records `events`; `Conflict` when they are
    /// linked already.
    async fn insert_link(&self, x: &str, y: &str, by: &str, at: Millis, events: &[NewEvent]) -> Result<()>;
    /// The links of a report, oldest first.
    async fn links_of(&self, report_id: &str) -> Result<Vec<LinkRow>>;
    /// Other reports with an evidence file of the same SHA-256 as one of this report's:
    /// (other report id, shared sha256), each pair once.
    async fn shared_hash_reports(&self, report_id: &str) -> Result<Vec<(String, String)>>;
    /// Other reports with an evidence file whose PDQ is near one of this report's (a match
    /// recorded either way): (other report id, this report's evidence id), each pair once.
    async fn pdq_match_reports(&self, report_id: &str) -> Result<Vec<(String, String)>>;
    /// Merges `merged` into `survivor` and records `events`, in one transaction: the merge
    /// row, and the end of the merged case's follow-up sessions (they reopen on the
    /// survivor). `Conflict` when either was merged already.
    async fn merge_cases(&self, merge: &MergeRow, events: &[NewEvent]) -> Result<()>;
    /// The case this one was merged into, if any (one step).
    async fn merged_into(&self, report_id: &str) -> Result<Option<String>>;
    /// The cases merged into this one (one step), oldest first.
    async fn merged_from(&self, survivor_id: &str) -> Result<Vec<MergeRow>>;

    /// Records a transfer request (pending) and `event`; `Conflict` when the case has a
    /// pending transfer already.
    async fn insert_transfer(&self, row: &TransferRow, event: &NewEvent) -> Result<()>;
    /// The transfers of a case, oldest first.
    async fn transfers(&self, report_id: &str) -> Result<Vec<TransferRow>>;
    /// The ids of the cases with a transfer to `org_id` waiting for an answer.
    async fn pending_transfers_to(&self, org_id: &str) -> Result<Vec<String>>;
    /// Answers a pending transfer (`answer`: its id and report, the new status, who, when,
    /// sealed words) and records `event`, in one transaction; on `accepted` the case's
    /// organisation becomes the receiving one, assigned to who accepted, only if it is
    /// still held by the requesting organisation. `Conflict` when it is no longer pending
    /// (or the case changed hands meanwhile).
    async fn answer_transfer(&self, answer: &TransferRow, event: &NewEvent) -> Result<()>;
}

macro_rules! impl_links {
    ($store:ty, $row:ty) => {
        impl $store {
            fn transfer_row(r: &$row) -> Result<TransferRow> {
                Ok(TransferRow {
                    id: r.try_get("id")?,
                    report_id: r.try_get("report_id")?,
                    from_org: r.try_get("from_org")?,
                    to_org: r.try_get("to_org")?,
                    requested_by: r.try_get("requested_by")?,
                    requested_at: r.try_get("requested_at")?,
                    sealed: r.try_get("sealed")?,
                    status: r.try_get("status")?,
                    answered_by: r.try_get("answered_by")?,
                    answered_at: r.try_get("answered_at")?,
                    answer_sealed: r.try_get("answer_sealed")?,
                })
            }
        }

        #[async_trait::async_trait]
        impl LinkStore for $store {
            #[tracing::instrument(skip_all)]
            async fn insert_transfer(&self, t: &TransferRow, event: &NewEvent) -> Result<()> {
                let mut tx = self.pool.begin().await?;
                let pending =
                    sqlx::query("SELECT 1 AS one FROM case_transfers WHERE report_id = $1 AND status = 'pending'")
                        .bind(&t.report_id)
                        .fetch_optional(&mut *tx)
                        .await?;
                if pending.is_some() {
                    return Err(StoreError::Conflict { constraint: "case_transfers.pending".into() });
                }
                sqlx::query(
                    "INSERT INTO case_transfers (id, report_id, from_org, to_org, requested_by, requested_at, sealed, \
                     status) VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending')",
                )
                .bind(&t.id)
                .bind(&t.report_id)
                .bind(&t.from_org)
                .bind(&t.to_org)
                .bind(&t.requested_by)
                .bind(t.requested_at)
                .bind(&t.sealed)
                .execute(&mut *tx)
                .await
                .map_err(crate::sql::map_err)?;
                self.append(&mut tx, event).await?;
                tx.commit().await?;
                Ok(())
            }

            #[tracing::instrument(skip_all)]
            async fn transfers(&self, report_id: &str) -> Result<Vec<TransferRow>> {
                let sql = format!(
                    "SELECT {TRANSFER_COLUMNS} FROM case_transfers WHERE report_id = $1 ORDER BY requested_at, id"
                );
                self.rows_by(&sql, report_id, Self::transfer_row).await
            }

            #[tracing::instrument(skip_all)]
            async fn pending_transfers_to(&self, org_id: &str) -> Result<Vec<String>> {
                let rows = sqlx::query(
                    "SELECT report_id FROM case_transfers WHERE to_org = $1 AND status = 'pending' ORDER BY requested_at",
                )
                .bind(org_id)
                .fetch_all(&self.pool)
                .await?;
                rows.iter().map(|r| r.try_get("report_id").map_err(Into::into)).collect()
            }

            #[tracing::instrument(skip_all)]
            async fn answer_transfer(&self, a: &TransferRow, event: &NewEvent) -> Result<()> {
                let mut tx = self.pool.begin().await?;
                let done = sqlx::query(
                    "UPDATE case_transfers SET status = $1, answered_by = $2, answered_at = $3, answer_sealed = $4 \
                     WHERE id = $5 AND report_id = $6 AND status = 'pending'",
                )
                .bind(&a.status)
                .bind(&a.answered_by)
                .bind(a.answered_at)
                .bind(&a.answer_sealed)
                .bind(&a.id)
                .bind(&a.report_id)
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() != 1 {
                    return Err(StoreError::Conflict { constraint: "case_transfers.status".into() });
                }
                if a.status == "accepted" {
                    let moved = sqlx::query(
                        "UPDATE reports SET org_id = $1, assigned_to = $2, updated_at = $3 WHERE id = $4 AND org_id = $5",
                    )
                    .bind(&a.to_org)
                    .bind(&a.answered_by)
                    .bind(a.answered_at)
                    .bind(&a.report_id)
                    .bind(&a.from_org)
                    .execute(&mut *tx)
                    .await?;
                    if moved.rows_affected() != 1 {
                        return Err(StoreError::Conflict { constraint: "reports.org_id".into() });
                    }
                }
                self.append(&mut tx, event).await?;
                tx.commit().await?;
                Ok(())
            }

            #[tracing::instrument(skip_all)]
            async fn insert_link(&self, x: &str, y: &str, by: &str, at: Millis, events: &[NewEvent]) -> Result<()> {
                let (a, b) = if x < y { (x, y) } else { (y, x) };
                let mut tx = self.pool.begin().await?;
                sqlx::query("INSERT INTO case_links (a, b, linked_by, linked_at) VALUES ($1, $2, $3, $4)")
                    .bind(a)
                    .bind(b)
                    .bind(by)
                    .bind(at)
                    .execute(&mut *tx)
                    .await
                    .map_err(crate::sql::map_err)?;
                self.append_all(&mut tx, events).await?;
                tx.commit().await?;
                Ok(())
            }

            #[tracing::instrument(skip_all)]
            async fn links_of(&self, report_id: &str) -> Result<Vec<LinkRow>> {
                self.rows_by(
                    "SELECT a, b, linked_by, linked_at FROM case_links WHERE a = $1 OR b = $1 ORDER BY linked_at, a, b",
                    report_id,
                    |r| {
                        Ok(LinkRow {
                            a: r.try_get("a")?,
                            b: r.try_get("b")?,
                            linked_by: r.try_get("linked_by")?,
                            linked_at: r.try_get("linked_at")?,
                        })
                    },
                )
                .await
            }

            #[tracing::instrument(skip_all)]
            async fn shared_hash_reports(&self, report_id: &str) -> Result<Vec<(String, String)>> {
                let sql = "SELECT DISTINCT o.report_id AS other, e.sha256 AS sha256 FROM evidence e \
                     JOIN evidence o ON o.sha256 = e.sha256 AND o.report_id <> e.report_id \
                     WHERE e.report_id = $1 AND e.sha256 <> '' ORDER BY other, sha256";
                self.rows_by(sql, report_id, |r| Ok((r.try_get("other")?, r.try_get("sha256")?))).await
            }

            #[tracing::instrument(skip_all)]
            async fn pdq_match_reports(&self, report_id: &str) -> Result<Vec<(String, String)>> {
                let sql = "SELECT o.report_id AS other, e.id AS mine FROM evidence_matches m \
                     JOIN evidence e ON e.id = m.evidence_id JOIN evidence o ON o.id = m.other_evidence_id \
                     WHERE m.via = 'pdq' AND e.report_id = $1 AND o.report_id <> $1 \
                     UNION SELECT e.report_id AS other, o.id AS mine FROM evidence_matches m \
                     JOIN evidence e ON e.id = m.evidence_id JOIN evidence o ON o.id = m.other_evidence_id \
                     WHERE m.via = 'pdq' AND o.report_id = $1 AND e.report_id <> $1 ORDER BY other, mine";
                self.rows_by(sql, report_id, |r| Ok((r.try_get("other")?, r.try_get("mine")?))).await
            }

            #[tracing::instrument(skip_all)]
            async fn merge_cases(&self, m: &MergeRow, events: &[NewEvent]) -> Result<()> {
                let mut tx = self.pool.begin().await?;
                let taken = sqlx::query("SELECT 1 AS one FROM case_merges WHERE merged_id = $1 OR merged_id = $2")
                    .bind(&m.merged_id)
                    .bind(&m.survivor_id)
                    .fetch_optional(&mut *tx)
                    .await?;
                if taken.is_some() || m.merged_id == m.survivor_id {
                    return Err(StoreError::Conflict { constraint: "case_merges.merged_id".into() });
                }
                sqlx::query(
                    "INSERT INTO case_merges (merged_id, survivor_id, merged_by, merged_at) VALUES ($1, $2, $3, $4)",
                )
                .bind(&m.merged_id)
                .bind(&m.survivor_id)
                .bind(&m.merged_by)
                .bind(m.merged_at)
                .execute(&mut *tx)
                .await
                .map_err(crate::sql::map_err)?;
                // A follow-up open on the merged case ends; its receipt opens the survivor.
                sqlx::query("DELETE FROM sessions WHERE kind = 'survivor' AND subject = $1")
                    .bind(&m.merged_id)
                    .execute(&mut *tx)
                    .await?;
                self.append_all(&mut tx, events).await?;
                tx.commit().await?;
                Ok(())
            }

            #[tracing::instrument(skip_all)]
            async fn merged_into(&self, report_id: &str) -> Result<Option<String>> {
                let row = sqlx::query("SELECT survivor_id FROM case_merges WHERE merged_id = $1")
                    .bind(report_id)
                    .fetch_optional(&self.pool)
                    .await?;
                row.map(|r| r.try_get("survivor_id")).transpose().map_err(Into::into)
            }

            #[tracing::instrument(skip_all)]
            async fn merged_from(&self, survivor_id: &str) -> Result<Vec<MergeRow>> {
                self.rows_by(
                    "SELECT merged_id, survivor_id, merged_by, merged_at FROM case_merges \
                     WHERE survivor_id = $1 ORDER BY merged_at, merged_id",
                    survivor_id,
                    |r| {
                        Ok(MergeRow {
                            merged_id: r.try_get("merged_id")?,
                            survivor_id: r.try_get("survivor_id")?,
                            merged_by: r.try_get("merged_by")?,
                            merged_at: r.try_get("merged_at")?,
                        })
                    },
                )
                .await
            }
        }
    };
}

impl_links!(SqliteStore, sqlx::sqlite::SqliteRow);
impl_links!(PgStore, sqlx::postgres::PgRow);
