//! The child in control of their report: a new receipt issued by a counsellor, a
//! passphrase as a second way in, requests for erasure, and anonymous chat ratings kept
//! as counts. Same SQL for both backends, as in `sql.rs`.

use sqlx::Row;

use crate::model::*;
use crate::sql::{PgStore, SqliteStore};
use crate::{Millis, Result, StoreError};

/// A passphrase on record: which report, and its Argon2id hash (PHC string).
#[derive(Clone)]
pub struct PassphraseRow {
    pub report_id: String,
    pub phc: String,
}

impl std::fmt::Debug for PassphraseRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PassphraseRow").field("report_id", &self.report_id).finish_non_exhaustive()
    }
}

/// A child's request for erasure and its answer.
#[derive(Debug, Clone)]
pub struct ErasureRequestRow {
    pub id: String,
    pub report_id: String,
    pub requested_at: Millis,
    /// `pending`, `accepted` or `refused`.
    pub status: String,
    /// The reason code of a refusal.
    pub reason: Option<String>,
    /// The optional words of the answer, sealed under the case key.
    pub sealed: Option<Vec<u8>>,
    pub decided_by: Option<String>,
    pub decided_at: Option<Millis>,
}

/// One cell of the rating counts: (listened, come back, how many).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RatingCount {
    pub listened: String,
    pub come_back: String,
    pub count: i64,
}

#[async_trait::async_trait]
pub trait ChildStore: Send + Sync {
    /// Gives the report a new receipt digest, ends the report's open follow-up sessions and
    /// records `event`, in one transaction: the old receipt stops working at once.
    /// `NotFound` when there is no such report.
    async fn replace_receipt(&self, report_id: &str, receipt_digest: &[u8; 32], event: &NewEvent) -> Result<()>;
    /// Sets (or replaces) the report's passphrase and records `event`.
    async fn set_passphrase(
        &self,
        report_id: &str,
        bucket: &str,
        phc: &str,
        at: Millis,
        event: &NewEvent,
    ) -> Result<()>;
    /// The passphrases whose lookup bucket is `bucket`.
    async fn passphrases_in(&self, bucket: &str) -> Result<Vec<PassphraseRow>>;
    /// Whether the report has a passphrase.
    async fn has_passphrase(&self, report_id: &str) -> Result<bool>;
    /// Records a request for erasure (pending) and its audit entry. `Conflict` when one is
    /// pending already.
    async fn request_erasure(&self, row: &ErasureRequestRow, event: &NewEvent) -> Result<()>;
    /// The report's requests for erasure, oldest first.
    async fn erasure_requests(&self, report_id: &str) -> Result<Vec<ErasureRequestRow>>;
    /// Answers a pending request (`answer`: its id and report, the new status, reason,
    /// sealed words, who and when) and records `event`; `Conflict` when it is not pending.
    async fn answer_erasure(&self, answer: &ErasureRequestRow, event: &NewEvent) -> Result<()>;
    /// Records the rating token of a chat (its digest, with the organisation only), once;
    /// returns whether it is still unused.
    async fn issue_rating_token(&self, chat_id: &str, token_digest: &str, org_id: &str) -> Result<bool>;
    /// The report's last ended chat that a professional answered: (chat id, staff id).
    async fn last_answered_chat(&self, report_id: &str) -> Result<Option<(String, String)>>;
    /// Uses a rating token once and counts the rating for its organisation and `month`
    /// (`YYYY-MM`), in one transaction; `NotFound` for an unknown or used token. The count
    /// keeps no chat, no token and no time.
    async fn rate_chat(&self, token_digest: &str, month: &str, listened: &str, come_back: &str) -> Result<()>;
    /// The rating counts of an organisation for months `from..=to` (`YYYY-MM`).
    async fn rating_counts(&self, org_id: &str, from: &str, to: &str) -> Result<Vec<RatingCount>>;
}

const ERASURE_COLUMNS: &str = "id, report_id, requested_at, status, reason, sealed, decided_by, decided_at";

macro_rules! impl_child {
    ($store:ty, $row:ty) => {
        impl $store {
            fn erasure_row(r: &$row) -> Result<ErasureRequestRow> {
                Ok(ErasureRequestRow {
                    id: r.try_get("id")?,
                    report_id: r.try_get("report_id")?,
                    requested_at: r.try_get("requested_at")?,
                    status: r.try_get("status")?,
                    reason: r.try_get("reason")?,
                    sealed: r.try_get("sealed")?,
                    decided_by: r.try_get("decided_by")?,
                    decided_at: r.try_get("decided_at")?,
                })
            }
        }

        #[async_trait::async_trait]
        impl ChildStore for $store {
            #[tracing::instrument(skip_all)]
            async fn replace_receipt(
                &self,
                report_id: &str,
                receipt_digest: &[u8; 32],
                event: &NewEvent,
            ) -> Result<()> {
                let mut tx = self.pool.begin().await?;
                let done = sqlx::query("UPDATE reports SET receipt_digest = $1 WHERE id = $2")
                    .bind(receipt_digest.as_slice())
                    .bind(report_id)
                    .execute(&mut *tx)
                    .await
                    .map_err(crate::sql::map_err)?;
                if done.rows_affected() != 1 {
                    return Err(StoreError::NotFound);
                }
                // Whoever holds the old receipt and has a follow-up open loses it too.
                sqlx::query("DELETE FROM sessions WHERE kind = 'survivor' AND subject = $1")
                    .bind(report_id)
                    .execute(&mut *tx)
                    .await?;
                // And the passphrase: whoever set it may be the one the receipt was lost to.
                // The child chooses a new one with the new receipt.
                sqlx::query("DELETE FROM child_passphrases WHERE report_id = $1")
                    .bind(report_id)
                    .execute(&mut *tx)
                    .await?;
                self.append(&mut tx, event).await?;
                tx.commit().await?;
                Ok(())
            }

            #[tracing::instrument(skip_all)]
            async fn set_passphrase(
                &self,
                report_id: &str,
                bucket: &str,
                phc: &str,
                at: Millis,
                event: &NewEvent,
            ) -> Result<()> {
                let mut tx = self.pool.begin().await?;
                sqlx::query("DELETE FROM child_passphrases WHERE report_id = $1")
                    .bind(report_id)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(
                    "INSERT INTO child_passphrases (report_id, bucket, phc, created_at) VALUES ($1, $2, $3, $4)",
                )
                .bind(report_id)
                .bind(bucket)
                .bind(phc)
                .bind(at)
                .execute(&mut *tx)
                .await
                .map_err(crate::sql::map_err)?;
                self.append(&mut tx, event).await?;
                tx.commit().await?;
                Ok(())
            }

            #[tracing::instrument(skip_all)]
            async fn passphrases_in(&self, bucket: &str) -> Result<Vec<PassphraseRow>> {
                let rows = sqlx::query("SELECT report_id, phc FROM child_passphrases WHERE bucket = $1")
                    .bind(bucket)
                    .fetch_all(&self.pool)
                    .await?;
                rows.iter()
                    .map(|r| Ok(PassphraseRow { report_id: r.try_get("report_id")?, phc: r.try_get("phc")? }))
                    .collect()
            }

            #[tracing::instrument(skip_all)]
            async fn has_passphrase(&self, report_id: &str) -> Result<bool> {
                let row = sqlx::query("SELECT 1 AS one FROM child_passphrases WHERE report_id = $1")
                    .bind(report_id)
                    .fetch_optional(&self.pool)
                    .await?;
                Ok(row.is_some())
            }

            #[tracing::instrument(skip_all)]
            async fn request_erasure(&self, row: &ErasureRequestRow, event: &NewEvent) -> Result<()> {
                // A second pending request is refused by the unique index
                // `erasure_requests_pending` (a `Conflict`), whatever races.
                self.exec_audited(
                    sqlx::query(
                        "INSERT INTO erasure_requests (id, report_id, requested_at, status) VALUES ($1, $2, $3, 'pending')",
                    )
                    .bind(&row.id)
                    .bind(&row.report_id)
                    .bind(row.requested_at),
                    event,
                    None,
                )
                .await
            }

            #[tracing::instrument(skip_all)]
            async fn erasure_requests(&self, report_id: &str) -> Result<Vec<ErasureRequestRow>> {
                let sql = format!(
                    "SELECT {ERASURE_COLUMNS} FROM erasure_requests WHERE report_id = $1 ORDER BY requested_at, id"
                );
                self.rows_by(&sql, report_id, Self::erasure_row).await
            }

            #[tracing::instrument(skip_all)]
            async fn answer_erasure(&self, a: &ErasureRequestRow, event: &NewEvent) -> Result<()> {
                self.exec_audited(
                    sqlx::query(
                        "UPDATE erasure_requests SET status = $1, reason = $2, sealed = $3, decided_by = $4, \
                         decided_at = $5 WHERE id = $6 AND report_id = $7 AND status = 'pending'",
                    )
                    .bind(&a.status)
                    .bind(&a.reason)
                    .bind(&a.sealed)
                    .bind(&a.decided_by)
                    .bind(a.decided_at)
                    .bind(&a.id)
                    .bind(&a.report_id),
                    event,
                    Some(StoreError::Conflict { constraint: "erasure_requests.status".into() }),
                )
                .await
            }

            #[tracing::instrument(skip_all)]
            async fn issue_rating_token(&self, chat_id: &str, token_digest: &str, org_id: &str) -> Result<bool> {
                let done = sqlx::query(
                    "INSERT INTO chat_rating_tokens (chat_id, token_digest, org_id, used) VALUES ($1, $2, $3, FALSE) \
                     ON CONFLICT (chat_id) DO NOTHING",
                )
                .bind(chat_id)
                .bind(token_digest)
                .bind(org_id)
                .execute(&self.pool)
                .await
                .map_err(crate::sql::map_err)?;
                let _ = done;
                let row = sqlx::query("SELECT used FROM chat_rating_tokens WHERE chat_id = $1")
                    .bind(chat_id)
                    .fetch_one(&self.pool)
                    .await?;
                let used: bool = row.try_get("used")?;
                Ok(!used)
            }

            #[tracing::instrument(skip_all)]
            async fn last_answered_chat(&self, report_id: &str) -> Result<Option<(String, String)>> {
                let row = sqlx::query(
                    "SELECT id, staff_id FROM chats WHERE report_id = $1 AND status = 'ended' \
                     AND staff_id IS NOT NULL ORDER BY ended_at DESC, id LIMIT 1",
                )
                .bind(report_id)
                .fetch_optional(&self.pool)
                .await?;
                row.map(|r| Ok((r.try_get("id")?, r.try_get("staff_id")?))).transpose()
            }

            #[tracing::instrument(skip_all)]
            async fn rate_chat(&self, token_digest: &str, month: &str, listened: &str, come_back: &str) -> Result<()> {
                let mut tx = self.pool.begin().await?;
                let row = sqlx::query(
                    "UPDATE chat_rating_tokens SET used = TRUE WHERE token_digest = $1 AND used = FALSE RETURNING org_id",
                )
                .bind(token_digest)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(StoreError::NotFound)?;
                let org_id: String = row.try_get("org_id")?;
                sqlx::query(
                    "INSERT INTO chat_ratings (org_id, month, listened, come_back, count) VALUES ($1, $2, $3, $4, 1) \
                     ON CONFLICT (org_id, month, listened, come_back) DO UPDATE SET count = chat_ratings.count + 1",
                )
                .bind(&org_id)
                .bind(month)
                .bind(listened)
                .bind(come_back)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(())
            }

            #[tracing::instrument(skip_all)]
            async fn rating_counts(&self, org_id: &str, from: &str, to: &str) -> Result<Vec<RatingCount>> {
                let rows = sqlx::query(
                    "SELECT listened, come_back, CAST(SUM(count) AS BIGINT) AS n FROM chat_ratings \
                     WHERE org_id = $1 AND month >= $2 AND month <= $3 GROUP BY listened, come_back \
                     ORDER BY listened, come_back",
                )
                .bind(org_id)
                .bind(from)
                .bind(to)
                .fetch_all(&self.pool)
                .await?;
                rows.iter()
                    .map(|r| {
                        Ok(RatingCount {
                            listened: r.try_get("listened")?,
                            come_back: r.try_get("come_back")?,
                            count: r.try_get("n")?,
                        })
                    })
                    .collect()
            }
        }
    };
}

impl_child!(SqliteStore, sqlx::sqlite::SqliteRow);
impl_child!(PgStore, sqlx::postgres::PgRow);
