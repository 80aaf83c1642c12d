//! One-time report forms: the digest of each form's token with the report it made, and the
//! receipt shown on its own page for a few minutes (sealed, blanked after). Same SQL for
//! both backends, as in `sql.rs`.

use sqlx::Row;

use crate::model::*;
use crate::sql::{PgStore, SqliteStore};
use crate::{Millis, Result};

#[async_trait::async_trait]
pub trait SubmissionStore: Send + Sync {
    /// What the form with this token digest made, if anything.
    async fn submission(&self, token_digest: &[u8; 32]) -> Result<Option<SubmissionRow>>;
    /// Ends the showing of the receipt (the child wrote it down, or left): it is blanked.
    async fn end_receipt_view(&self, token_digest: &[u8; 32]) -> Result<()>;
}

macro_rules! impl_submissions {
    ($store:ty, $db:ty) => {
        impl $store {
            /// Records a form's token with its report inside `tx`: a second report from the
            /// same form fails on the primary key, and its whole transaction with it.
            pub(crate) async fn put_submission(
                &self,
                tx: &mut sqlx::Transaction<'_, $db>,
                report_id: &str,
                s: &NewSubmission,
                at: Millis,
            ) -> Result<()> {
                sqlx::query(
                    "INSERT INTO submissions (token_digest, report_id, created_at, receipt_sealed, shown_until) \
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(hex::encode(s.token_digest))
                .bind(report_id)
                .bind(at)
                .bind(&s.receipt_sealed)
                .bind(s.shown_until)
                .execute(&mut **tx)
                .await
                .map_err(crate::sql::map_err)?;
                Ok(())
            }
        }

        #[async_trait::async_trait]
        impl SubmissionStore for $store {
            async fn submission(&self, token_digest: &[u8; 32]) -> Result<Option<SubmissionRow>> {
                let row = sqlx::query(
                    "SELECT report_id, receipt_sealed, shown_until FROM submissions WHERE token_digest = $1",
                )
                .bind(hex::encode(token_digest))
                .fetch_optional(&self.pool)
                .await?;
                row.map(|r| {
                    Ok(SubmissionRow {
                        report_id: r.try_get("report_id")?,
                        receipt_sealed: r.try_get("receipt_sealed")?,
                        shown_until: r.try_get("shown_until")?,
                    })
                })
                .transpose()
            }

            async fn end_receipt_view(&self, token_digest: &[u8; 32]) -> Result<()> {
                sqlx::query("UPDATE submissions SET receipt_sealed = NULL WHERE token_digest = $1")
                    .bind(hex::encode(token_digest))
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }
        }
    };
}

impl_submissions!(SqliteStore, sqlx::Sqlite);
impl_submissions!(PgStore, sqlx::Postgres);
