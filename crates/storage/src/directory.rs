//! The directory of services: rows of public data, their change log (HSDS metadata) and a
//! version counter that tells every instance when to rebuild its in-memory index.

use sqlx::Row;

use crate::sql::{corrupt, PgStore, SqliteStore};
use crate::{Millis, Result, StoreError};

/// A service as stored: the searchable columns and the whole service as JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceRow {
    pub id: String,
    pub name: String,
    pub status: String,
    pub demo: bool,
    pub updated_at: Millis,
    pub data: String,
}

/// One change of one field, as HSDS `metadata` describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeRow {
    pub id: String,
    pub resource_id: String,
    pub resource_type: String,
    pub last_action_date: Millis,
    /// `create`, `update`, `verify`, `retire`, `import` or `seed`.
    pub last_action_type: String,
    pub field_name: String,
    pub previous_value: String,
    pub replacement_value: String,
    pub updated_by: String,
}

#[async_trait::async_trait]
pub trait DirectoryStore: Send + Sync {
    async fn services(&self) -> Result<Vec<ServiceRow>>;
    async fn service(&self, id: &str) -> Result<Option<ServiceRow>>;
    /// Inserts the rows that are not there yet (the shipped data at every start; edits an
    /// administrator made are kept). Returns how many were inserted.
    async fn seed_services(&self, rows: &[ServiceRow], updated_by: &str) -> Result<u64>;
    /// Writes every row (insert or replace) and its changes in one transaction: all or nothing.
    /// `progress` is called after each row.
    async fn save_services(
        &self,
        rows: &[ServiceRow],
        changes: &[ChangeRow],
        progress: &(dyn Fn(usize) + Send + Sync),
    ) -> Result<()>;
    /// Replaces one service if it is still at `expected_updated_at` (`None`: must be new);
    /// `Conflict` when someone changed it first.
    async fn save_service(
        &self,
        row: &ServiceRow,
        expected_updated_at: Option<Millis>,
        changes: &[ChangeRow],
    ) -> Result<()>;
    async fn service_changes(&self, resource_id: &str) -> Result<Vec<ChangeRow>>;
    async fn directory_version(&self) -> Result<i64>;
}

macro_rules! impl_directory {
    ($store:ty, $row:ty, $db:ty) => {
        impl $store {
            fn service_row(r: &$row) -> Result<ServiceRow> {
                Ok(ServiceRow {
                    id: r.try_get("id")?,
                    name: r.try_get("name")?,
                    status: r.try_get("status")?,
                    demo: r.try_get("demo")?,
                    updated_at: r.try_get("updated_at")?,
                    data: r.try_get("data")?,
                })
            }

            async fn upsert_service(tx: &mut sqlx::Transaction<'_, $db>, s: &ServiceRow) -> Result<()> {
                sqlx::query(
                    "INSERT INTO services (id, name, status, demo, updated_at, data) VALUES ($1, $2, $3, $4, $5, $6) \
                     ON CONFLICT (id) DO UPDATE SET name = excluded.name, status = excluded.status, demo = excluded.demo, \
                     updated_at = excluded.updated_at, data = excluded.data",
                )
                .bind(&s.id)
                .bind(&s.name)
                .bind(&s.status)
                .bind(s.demo)
                .bind(s.updated_at)
                .bind(&s.data)
                .execute(&mut **tx)
                .await?;
                Ok(())
            }

            async fn insert_changes(tx: &mut sqlx::Transaction<'_, $db>, changes: &[ChangeRow]) -> Result<()> {
                for c in changes {
                    sqlx::query(
                        "INSERT INTO service_changes (id, resource_id, resource_type, last_action_date, last_action_type, \
                         field_name, previous_value, replacement_value, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                    )
                    .bind(&c.id)
                    .bind(&c.resource_id)
                    .bind(&c.resource_type)
                    .bind(c.last_action_date)
                    .bind(&c.last_action_type)
                    .bind(&c.field_name)
                    .bind(&c.previous_value)
                    .bind(&c.replacement_value)
                    .bind(&c.updated_by)
                    .execute(&mut **tx)
                    .await?;
                }
                Ok(())
            }

            async fn bump_version(tx: &mut sqlx::Transaction<'_, $db>) -> Result<()> {
                sqlx::query("UPDATE directory_version SET version = version + 1 WHERE id = 1").execute(&mut **tx).await?;
                Ok(())
            }
        }

        #[async_trait::async_trait]
        impl DirectoryStore for $store {
            async fn services(&self) -> Result<Vec<ServiceRow>> {
                let rows = sqlx::query("SELECT * FROM services ORDER BY name, id").fetch_all(&self.pool).await?;
                rows.iter().map(Self::service_row).collect()
            }

            async fn service(&self, id: &str) -> Result<Option<ServiceRow>> {
                let row = sqlx::query("SELECT * FROM services WHERE id = $1").bind(id).fetch_optional(&self.pool).await?;
                row.as_ref().map(Self::service_row).transpose()
            }

            async fn seed_services(&self, rows: &[ServiceRow], updated_by: &str) -> Result<u64> {
                let mut tx = self.pool.begin().await?;
                // Take the version row first: seeding instances queue up instead of racing.
                Self::bump_version(&mut tx).await?;
                let mut inserted = 0;
                for s in rows {
                    let done = sqlx::query(
                        "INSERT INTO services (id, name, status, demo, updated_at, data) VALUES ($1, $2, $3, $4, $5, $6) \
                         ON CONFLICT (id) DO NOTHING",
                    )
                    .bind(&s.id)
                    .bind(&s.name)
                    .bind(&s.status)
                    .bind(s.demo)
                    .bind(s.updated_at)
                    .bind(&s.data)
                    .execute(&mut *tx)
                    .await?;
                    if done.rows_affected() == 1 {
                        inserted += 1;
                        let change = ChangeRow {
                            id: uuid::Uuid::new_v4().to_string(),
                            resource_id: s.id.clone(),
                            resource_type: "service".into(),
                            last_action_date: s.updated_at,
                            last_action_type: "seed".into(),
                            field_name: "*".into(),
                            previous_value: String::new(),
                            replacement_value: s.name.clone(),
                            updated_by: updated_by.into(),
                        };
                        Self::insert_changes(&mut tx, std::slice::from_ref(&change)).await?;
                    }
                }
                if inserted == 0 {
                    // Nothing new: leave the version as it was.
                    return Ok(0);
                }
                tx.commit().await?;
                Ok(inserted)
            }

            async fn save_services(
                &self,
                rows: &[ServiceRow],
                changes: &[ChangeRow],
                progress: &(dyn Fn(usize) + Send + Sync),
            ) -> Result<()> {
                let mut tx = self.pool.begin().await?;
                Self::bump_version(&mut tx).await?;
                for (i, s) in rows.iter().enumerate() {
                    Self::upsert_service(&mut tx, s).await?;
                    progress(i + 1);
                }
                Self::insert_changes(&mut tx, changes).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn save_service(&self, s: &ServiceRow, expected: Option<Millis>, changes: &[ChangeRow]) -> Result<()> {
                let mut tx = self.pool.begin().await?;
                Self::bump_version(&mut tx).await?;
                let current = sqlx::query("SELECT updated_at FROM services WHERE id = $1")
                    .bind(&s.id)
                    .fetch_optional(&mut *tx)
                    .await?
                    .map(|r| r.try_get::<i64, _>("updated_at"))
                    .transpose()?;
                if current != expected {
                    return Err(StoreError::Conflict { constraint: "services.updated_at".into() });
                }
                Self::upsert_service(&mut tx, s).await?;
                Self::insert_changes(&mut tx, changes).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn service_changes(&self, resource_id: &str) -> Result<Vec<ChangeRow>> {
                let rows = sqlx::query("SELECT * FROM service_changes WHERE resource_id = $1 ORDER BY seq")
                    .bind(resource_id)
                    .fetch_all(&self.pool)
                    .await?;
                rows.iter()
                    .map(|r| {
                        Ok(ChangeRow {
                            id: r.try_get("id")?,
                            resource_id: r.try_get("resource_id")?,
                            resource_type: r.try_get("resource_type")?,
                            last_action_date: r.try_get("last_action_date")?,
                            last_action_type: r.try_get("last_action_type")?,
                            field_name: r.try_get("field_name")?,
                            previous_value: r.try_get("previous_value")?,
                            replacement_value: r.try_get("replacement_value")?,
                            updated_by: r.try_get("updated_by")?,
                        })
                    })
                    .collect()
            }

            async fn directory_version(&self) -> Result<i64> {
                let r = sqlx::query("SELECT version FROM directory_version WHERE id = 1").fetch_one(&self.pool).await?;
                r.try_get("version").map_err(|_| corrupt("directory_version"))
            }
        }
    };
}

impl_directory!(SqliteStore, sqlx::sqlite::SqliteRow, sqlx::Sqlite);
impl_directory!(PgStore, sqlx::postgres::PgRow, sqlx::Postgres);
