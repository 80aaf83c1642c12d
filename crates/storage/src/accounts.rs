//! Staff accounts beyond creating them: the person's own password, a reset that ends every
//! session, and the second person's confirmation. Same SQL for both backends, as in `sql.rs`.

use crate::model::*;
use crate::sql::{PgStore, SqliteStore};
use crate::{Millis, Result, StoreError};

#[async_trait::async_trait]
pub trait AccountStore: Send + Sync {
    /// Sets the password and ends every session of the account (sign-in, enrolment, set-up)
    /// in one transaction with its audit entry.
    async fn set_password(&self, id: &str, password_hash: &str, event: &NewEvent) -> Result<()>;
    /// Takes an account back to "not set up": no password, no second factor, no session of
    /// any kind; a set-up token is then the only way in. One transaction with its entry.
    async fn reset_access(&self, id: &str, event: &NewEvent) -> Result<()>;
    /// Confirms a new account, once (`NotFound` if it is confirmed already or unknown).
    async fn confirm_staff(&self, id: &str, by: &str, at: Millis, event: &NewEvent) -> Result<()>;
}

macro_rules! impl_accounts {
    ($store:ty, $db:ty) => {
        impl $store {
            /// Runs one change to the account `id` (exactly one row) and ends every staff
            /// session of it (sign-in, enrolment, code, set-up; a child's are not the
            /// account's), with its audit entry, in one transaction.
            async fn change_ending_sessions<'q>(
                &self,
                query: sqlx::query::Query<'q, $db, <$db as sqlx::Database>::Arguments<'q>>,
                id: &str,
                event: &NewEvent,
            ) -> Result<()> {
                let mut tx = self.pool.begin().await?;
                if query.execute(&mut *tx).await?.rows_affected() != 1 {
                    return Err(StoreError::NotFound);
                }
                sqlx::query("DELETE FROM sessions WHERE kind <> 'survivor' AND subject = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                self.append(&mut tx, event).await?;
                tx.commit().await?;
                Ok(())
            }
        }

        #[async_trait::async_trait]
        impl AccountStore for $store {
            async fn set_password(&self, id: &str, password_hash: &str, event: &NewEvent) -> Result<()> {
                let query =
                    sqlx::query("UPDATE staff SET password_hash = $1 WHERE id = $2").bind(password_hash).bind(id);
                self.change_ending_sessions(query, id, event).await
            }

            async fn reset_access(&self, id: &str, event: &NewEvent) -> Result<()> {
                let query = sqlx::query(
                    "UPDATE staff SET password_hash = '', totp_sealed = NULL, totp_pending = NULL WHERE id = $1",
                )
                .bind(id);
                self.change_ending_sessions(query, id, event).await
            }

            async fn confirm_staff(&self, id: &str, by: &str, at: Millis, event: &NewEvent) -> Result<()> {
                self.exec_audited(
                    sqlx::query(
                        "UPDATE staff SET confirmed_at = $1, confirmed_by = $2 WHERE id = $3 AND confirmed_at IS NULL",
                    )
                    .bind(at)
                    .bind(by)
                    .bind(id),
                    event,
                    Some(StoreError::NotFound),
                )
                .await
            }
        }
    };
}

impl_accounts!(SqliteStore, sqlx::Sqlite);
impl_accounts!(PgStore, sqlx::Postgres);
