//! The write path every area shares: a message with its report's reply flag, a write with
//! its audit entry in one transaction, and the audit chain's append and re-link. Stamped onto
//! both pool types, as in `sql.rs`.

use sqlx::Row;

use super::{corrupt, map_err, PgStore, SqliteStore, AUDIT_COLUMNS};
use crate::audit::entry_bytes;
use crate::model::*;
use crate::{Result, StoreError};

macro_rules! impl_audited {
    ($store:ty, $db:ty) => {
        impl $store {
            /// Inserts a message inside `tx` and marks the report as awaiting a reply (or not).
            pub(crate) async fn put_message(&self, tx: &mut sqlx::Transaction<'_, $db>, m: &NewMessage) -> Result<()> {
                sqlx::query(
                    "INSERT INTO messages (id, report_id, author, staff_id, created_at, key_id, sealed) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(&m.id)
                .bind(&m.report_id)
                .bind(m.author.as_str())
                .bind(&m.staff_id)
                .bind(m.created_at)
                .bind(&m.key_id)
                .bind(&m.sealed)
                .execute(&mut **tx)
                .await
                .map_err(map_err)?;
                let done = sqlx::query("UPDATE reports SET updated_at = $1, awaiting_reply = $2 WHERE id = $3")
                    .bind(m.created_at)
                    .bind(m.author == Author::Survivor)
                    .bind(&m.report_id)
                    .execute(&mut **tx)
                    .await?;
                if done.rows_affected() != 1 {
                    return Err(StoreError::NotFound);
                }
                Ok(())
            }

            /// Runs one write and appends its audit entry, in one transaction. A unique
            /// violation is `Conflict`. With `unless_one`, a write that changed no row (or
            /// several) fails with that error and leaves nothing behind.
            pub(crate) async fn exec_audited<'q>(
                &self,
                query: sqlx::query::Query<'q, $db, <$db as sqlx::Database>::Arguments<'q>>,
                event: &NewEvent,
                unless_one: Option<StoreError>,
            ) -> Result<()> {
                let mut tx = self.pool.begin().await?;
                let done = query.execute(&mut *tx).await.map_err(map_err)?;
                if let Some(e) = unless_one {
                    if done.rows_affected() != 1 {
                        return Err(e);
                    }
                }
                self.append(&mut tx, event).await?;
                tx.commit().await?;
                Ok(())
            }

            /// Appends one entry to the audit chain inside `tx`. The head row is updated
            /// first, which takes the write lock (SQLite) or the row lock (PostgreSQL) and so
            /// serialises appenders across connections and instances.
            pub(crate) async fn append(&self, tx: &mut sqlx::Transaction<'_, $db>, e: &NewEvent) -> Result<()> {
                self.append_all(tx, std::slice::from_ref(e)).await
            }

            /// Appends entries in order with one update of the head, so a batch of reports
            /// costs one head update, not one per report.
            pub(crate) async fn append_all(
                &self,
                tx: &mut sqlx::Transaction<'_, $db>,
                events: &[NewEvent],
            ) -> Result<()> {
                let entries = self.link(tx, events).await?;
                if let Some(last) = entries.last() {
                    // Linked in memory, inserted many rows a statement (see `batch`).
                    self.put_entries(tx, &entries).await?;
                    sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1")
                        .bind(last.hash.as_slice())
                        .execute(&mut **tx)
                        .await?;
                }
                Ok(())
            }

            /// Takes the next `events.len()` places in the chain and links the entries to
            /// them in memory; the caller inserts them and sets the head's hash to the
            /// last one's in the same transaction. The head row is updated first, which
            /// takes the write lock (SQLite) or the row lock (PostgreSQL) and so
            /// serialises appenders across connections and instances.
            pub(crate) async fn link(
                &self,
                tx: &mut sqlx::Transaction<'_, $db>,
                events: &[NewEvent],
            ) -> Result<Vec<crate::batch::LinkedEntry>> {
                if events.is_empty() {
                    return Ok(Vec::new());
                }
                let n = events.len() as i64;
                let head = sqlx::query("UPDATE audit_head SET seq = seq + $1 WHERE id = 1 RETURNING seq, hash")
                    .bind(n)
                    .fetch_one(&mut **tx)
                    .await?;
                let last: i64 = head.try_get("seq")?;
                let prev: Vec<u8> = head.try_get("hash")?;
                let mut prev: [u8; 32] = prev.try_into().map_err(|_| corrupt("audit_head.hash"))?;
                let mut entries = Vec::with_capacity(events.len());
                for (i, e) in events.iter().enumerate() {
                    let actor = if e.staff_id.is_some() {
                        "staff"
                    } else if e.action == "created" || e.action.starts_with("child-") {
                        "survivor"
                    } else {
                        "system"
                    };
                    let row = EventRow {
                        seq: last - n + 1 + i as i64,
                        report_id: e.report_id.clone(),
                        at: e.at,
                        actor: actor.to_owned(),
                        staff_id: e.staff_id.clone(),
                        role: e.role,
                        org_id: e.org_id.clone(),
                        action: e.action.to_owned(),
                        detail: e.detail.clone(),
                        sealed: e.sealed.clone(),
                    };
                    let hash = self.keys.audit_link(&prev, &entry_bytes(&row));
                    entries.push(crate::batch::LinkedEntry { row, prev, hash });
                    prev = hash;
                }
                Ok(entries)
            }

            /// Links every entry again, from the first, and sets the head. Only for a chain
            /// that is not a chain yet (the first schema's entries) or that was verified in
            /// the same transaction before sealed values in it were re-wrapped.
            pub(crate) async fn relink(&self, tx: &mut sqlx::Transaction<'_, $db>) -> Result<()> {
                let sql = format!("SELECT {AUDIT_COLUMNS} FROM audit ORDER BY seq");
                let rows = sqlx::query(&sql).fetch_all(&mut **tx).await?;
                let mut prev = [0u8; 32];
                for r in &rows {
                    let e = Self::event_row(r)?;
                    let hash = self.keys.audit_link(&prev, &entry_bytes(&e));
                    sqlx::query("UPDATE audit SET prev_hash = $1, hash = $2 WHERE seq = $3")
                        .bind(prev.as_slice())
                        .bind(hash.as_slice())
                        .bind(e.seq)
                        .execute(&mut **tx)
                        .await?;
                    prev = hash;
                }
                sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1")
                    .bind(prev.as_slice())
                    .execute(&mut **tx)
                    .await?;
                Ok(())
            }
        }
    };
}

impl_audited!(SqliteStore, sqlx::Sqlite);
impl_audited!(PgStore, sqlx::Postgres);
