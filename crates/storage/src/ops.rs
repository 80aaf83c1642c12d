//! What operations ask of the database: whether its schema is the binary's (readiness) and
//! the counts the metrics show (chat queue, mail backlog). Counts and times only: nothing
//! here reads a sealed value, an identity or a free text.

use sqlx::Row;

use crate::sql::{PgStore, SqliteStore};
use crate::{Millis, Result};

/// The migrations the binary carries against those the database records as applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MigrationState {
    /// The binary's migrations the database has not applied (successfully).
    pub missing: usize,
    /// Migrations the database applied that this binary does not know (a newer binary ran).
    pub unknown: usize,
}

impl MigrationState {
    /// The applied migrations are exactly the binary's.
    pub fn complete(&self) -> bool {
        self.missing == 0 && self.unknown == 0
    }
}

/// The chats waiting for a professional.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ChatQueue {
    pub waiting: i64,
    /// When the longest-waiting chat was opened.
    pub oldest_opened_at: Option<Millis>,
}

#[async_trait::async_trait]
pub trait OpsStore: Send + Sync {
    /// Compares the applied migrations with the binary's (this backend's set).
    async fn migration_state(&self) -> Result<MigrationState>;
    /// Chats in the queue and how long the first has waited.
    async fn chat_queue(&self) -> Result<ChatQueue>;
    /// Notifications neither read nor e-mailed yet (the e-mail sender's backlog).
    async fn mail_backlog(&self) -> Result<i64>;
}

/// The versions applied successfully, from sqlx's own table.
const APPLIED: &str = "SELECT version FROM _sqlx_migrations WHERE success ORDER BY version";

fn compare(binary: &sqlx::migrate::Migrator, applied: &[i64]) -> MigrationState {
    let ours: std::collections::BTreeSet<i64> =
        binary.iter().filter(|m| !m.migration_type.is_down_migration()).map(|m| m.version).collect();
    let theirs: std::collections::BTreeSet<i64> = applied.iter().copied().collect();
    MigrationState { missing: ours.difference(&theirs).count(), unknown: theirs.difference(&ours).count() }
}

macro_rules! impl_ops {
    ($store:ty, $dir:literal) => {
        #[async_trait::async_trait]
        impl OpsStore for $store {
            async fn migration_state(&self) -> Result<MigrationState> {
                let applied: Vec<i64> = sqlx::query_scalar(APPLIED).fetch_all(&self.pool).await?;
                Ok(compare(&sqlx::migrate!($dir), &applied))
            }

            async fn chat_queue(&self) -> Result<ChatQueue> {
                let row = sqlx::query(
                    "SELECT COUNT(*) AS waiting, MIN(opened_at) AS oldest FROM chats WHERE status = 'waiting'",
                )
                .fetch_one(&self.pool)
                .await?;
                Ok(ChatQueue { waiting: row.try_get("waiting")?, oldest_opened_at: row.try_get("oldest")? })
            }

            async fn mail_backlog(&self) -> Result<i64> {
                Ok(sqlx::query_scalar(
                    "SELECT COUNT(*) FROM notifications WHERE emailed_at IS NULL AND read_at IS NULL",
                )
                .fetch_one(&self.pool)
                .await?)
            }
        }
    };
}

impl_ops!(SqliteStore, "./migrations/sqlite");
impl_ops!(PgStore, "./migrations/postgres");

/// A read-only connection for statistics (`--stats-database-url`), PostgreSQL only: a
/// streaming replica, or the primary under a role that may only read. Every transaction is
/// read-only (`default_transaction_read_only=on`), so a write through it fails even on a
/// primary; no migrations are run (a replica takes them from its primary, and readiness
/// reports one whose schema is behind).
pub async fn connect_read_only(
    url: &str,
    keys: std::sync::Arc<zeri_crypto::Keyring>,
) -> Result<std::sync::Arc<dyn crate::Store>> {
    use std::str::FromStr;
    if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
        return Err(crate::StoreError::UnsupportedUrl);
    }
    let options = sqlx::postgres::PgConnectOptions::from_str(url)?.options([("default_transaction_read_only", "on")]);
    let pool = sqlx::postgres::PgPoolOptions::new()
        .max_connections(4)
        .acquire_timeout(std::time::Duration::from_secs(10))
        .connect_with(options)
        .await?;
    // A bus of its own process: a hot standby cannot LISTEN, and statistics signal nothing.
    Ok(std::sync::Arc::new(PgStore { pool, keys, bus: crate::bus::Bus::local() }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_state_names_missing_and_unknown_migrations() {
        let binary = sqlx::migrate!("./migrations/sqlite");
        let all: Vec<i64> = binary.iter().map(|m| m.version).collect();
        assert!(compare(&binary, &all).complete());
        let fewer = &all[..all.len() - 2];
        assert_eq!(compare(&binary, fewer), MigrationState { missing: 2, unknown: 0 });
        let more: Vec<i64> = all.iter().copied().chain([99_999]).collect();
        assert_eq!(compare(&binary, &more), MigrationState { missing: 0, unknown: 1 });
        assert!(!compare(&binary, &more).complete());
    }
}
