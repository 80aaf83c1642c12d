//! The hosts and platforms table (administrators keep it; the hotline's notices go to it).
//! Same SQL for both backends, as in `sql.rs`. Every change appends its audit entry in the
//! same transaction; a domain belongs to one entry at most and names are unique whatever
//! their case.

use sqlx::Row;
use zeri_domain::hosting::HostKind;

use crate::model::NewEvent;
use crate::sql::{corrupt, map_err, PgStore, SqliteStore};
use crate::{Millis, Result, StoreError};

/// The `constraint` of a conflict on the name (another entry has it, in any case).
pub const HOST_NAME_TAKEN: &str = "hosts_name";
/// The prefix of the `constraint` of a conflict on a domain: `host_domains:<domain>`.
pub const HOST_DOMAIN_TAKEN: &str = "host_domains";

/// An entry of the hosts table as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostRow {
    pub id: String,
    pub name: String,
    pub kind: HostKind,
    pub country: Option<String>,
    /// Lower-case ASCII domains, each covering its subdomains.
    pub domains: Vec<String>,
    /// CIDR networks.
    pub ranges: Vec<String>,
    pub trusted_flagger: bool,
    /// The abuse contact, the trusted-flagger channel and the notes, sealed under the
    /// master key (`context::host`).
    pub sealed: Vec<u8>,
    pub created_at: Millis,
    pub updated_at: Millis,
}

#[async_trait::async_trait]
pub trait HostStore: Send + Sync {
    /// Every entry, by name.
    async fn hosts(&self) -> Result<Vec<HostRow>>;
    async fn host(&self, id: &str) -> Result<Option<HostRow>>;
    /// `Conflict` (`HOST_NAME_TAKEN`, or `HOST_DOMAIN_TAKEN:<domain>`) when another entry
    /// has the name or one of the domains; nothing is stored then.
    async fn insert_host(&self, host: &HostRow, event: &NewEvent) -> Result<()>;
    /// Replaces the entry `host.id` (its `created_at` is kept); `NotFound` without it,
    /// `Conflict` as for [`HostStore::insert_host`].
    async fn update_host(&self, host: &HostRow, event: &NewEvent) -> Result<()>;
    /// `NotFound` without it.
    async fn delete_host(&self, id: &str, event: &NewEvent) -> Result<()>;
}

macro_rules! impl_hosts {
    ($store:ty, $db:ty, $row:ty) => {
        impl $store {
            fn host_row(r: &$row, domains: Vec<String>) -> Result<HostRow> {
                let kind: String = r.try_get("kind")?;
                let ranges: String = r.try_get("ranges")?;
                Ok(HostRow {
                    id: r.try_get("id")?,
                    name: r.try_get("name")?,
                    kind: HostKind::parse(&kind).ok_or_else(|| corrupt("hosts.kind"))?,
                    country: r.try_get("country")?,
                    domains,
                    ranges: ranges.lines().filter(|l| !l.is_empty()).map(str::to_owned).collect(),
                    trusted_flagger: r.try_get("trusted_flagger")?,
                    sealed: r.try_get("sealed")?,
                    created_at: r.try_get("created_at")?,
                    updated_at: r.try_get("updated_at")?,
                })
            }

            /// Inside `tx`: writes the entry (insert or update) and then its domains. The
            /// first statement is a write, so that on SQLite the transaction holds the write
            /// lock before it reads (a read first could not wait for another writer). The only
            /// unique key a new entry can meet besides its fresh id is the name.
            async fn write_host(&self, tx: &mut sqlx::Transaction<'_, $db>, h: &HostRow, new: bool) -> Result<()> {
                let name_taken = |e: sqlx::Error| match map_err(e) {
                    StoreError::Conflict { .. } => StoreError::Conflict { constraint: HOST_NAME_TAKEN.to_owned() },
                    e => e,
                };
                if new {
                    sqlx::query(
                        "INSERT INTO hosts (id, name, kind, country, ranges, trusted_flagger, sealed, created_at, updated_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                    )
                    .bind(&h.id)
                    .bind(&h.name)
                    .bind(h.kind.as_str())
                    .bind(&h.country)
                    .bind(h.ranges.join("\n"))
                    .bind(h.trusted_flagger)
                    .bind(&h.sealed)
                    .bind(h.created_at)
                    .bind(h.updated_at)
                    .execute(&mut **tx)
                    .await
                    .map_err(name_taken)?;
                } else {
                    let done = sqlx::query(
                        "UPDATE hosts SET name = $1, kind = $2, country = $3, ranges = $4, trusted_flagger = $5, \
                         sealed = $6, updated_at = $7 WHERE id = $8",
                    )
                    .bind(&h.name)
                    .bind(h.kind.as_str())
                    .bind(&h.country)
                    .bind(h.ranges.join("\n"))
                    .bind(h.trusted_flagger)
                    .bind(&h.sealed)
                    .bind(h.updated_at)
                    .bind(&h.id)
                    .execute(&mut **tx)
                    .await
                    .map_err(name_taken)?;
                    if done.rows_affected() != 1 {
                        return Err(StoreError::NotFound);
                    }
                }
                sqlx::query("DELETE FROM host_domains WHERE host_id = $1").bind(&h.id).execute(&mut **tx).await?;
                for d in &h.domains {
                    let taken = sqlx::query("SELECT host_id FROM host_domains WHERE domain = $1")
                        .bind(d)
                        .fetch_optional(&mut **tx)
                        .await?;
                    if taken.is_some() {
                        return Err(StoreError::Conflict { constraint: format!("{HOST_DOMAIN_TAKEN}:{d}") });
                    }
                    sqlx::query("INSERT INTO host_domains (domain, host_id) VALUES ($1, $2)")
                        .bind(d)
                        .bind(&h.id)
                        .execute(&mut **tx)
                        .await
                        .map_err(map_err)?;
                }
                Ok(())
            }

            /// [`Self::write_host`] and its audit entry in one transaction; on a refusal the
            /// transaction is rolled back at once (its write lock freed), and nothing stays.
            async fn save_host(&self, h: &HostRow, new: bool, event: &NewEvent) -> Result<()> {
                let mut tx = self.pool.begin().await?;
                match self.write_host(&mut tx, h, new).await {
                    Ok(()) => {
                        self.append(&mut tx, event).await?;
                        tx.commit().await?;
                        Ok(())
                    }
                    Err(e) => {
                        tx.rollback().await?;
                        Err(e)
                    }
                }
            }

            async fn domains_of(&self, id: Option<&str>) -> Result<Vec<(String, String)>> {
                let rows = match id {
                    Some(id) => {
                        sqlx::query("SELECT host_id, domain FROM host_domains WHERE host_id = $1 ORDER BY domain")
                            .bind(id)
                            .fetch_all(&self.pool)
                            .await?
                    }
                    None => {
                        sqlx::query("SELECT host_id, domain FROM host_domains ORDER BY host_id, domain")
                            .fetch_all(&self.pool)
                            .await?
                    }
                };
                rows.iter().map(|r| Ok((r.try_get("host_id")?, r.try_get("domain")?))).collect()
            }
        }

        #[async_trait::async_trait]
        impl HostStore for $store {
            async fn hosts(&self) -> Result<Vec<HostRow>> {
                let rows = sqlx::query("SELECT * FROM hosts ORDER BY lower(name), id").fetch_all(&self.pool).await?;
                let mut domains = std::collections::BTreeMap::<String, Vec<String>>::new();
                for (host, domain) in self.domains_of(None).await? {
                    domains.entry(host).or_default().push(domain);
                }
                rows.iter()
                    .map(|r| {
                        let id: String = r.try_get("id")?;
                        Self::host_row(r, domains.remove(&id).unwrap_or_default())
                    })
                    .collect()
            }

            async fn host(&self, id: &str) -> Result<Option<HostRow>> {
                let Some(r) = sqlx::query("SELECT * FROM hosts WHERE id = $1").bind(id).fetch_optional(&self.pool).await?
                else {
                    return Ok(None);
                };
                let domains = self.domains_of(Some(id)).await?.into_iter().map(|(_, d)| d).collect();
                Self::host_row(&r, domains).map(Some)
            }

            async fn insert_host(&self, h: &HostRow, event: &NewEvent) -> Result<()> {
                self.save_host(h, true, event).await
            }

            async fn update_host(&self, h: &HostRow, event: &NewEvent) -> Result<()> {
                self.save_host(h, false, event).await
            }

            async fn delete_host(&self, id: &str, event: &NewEvent) -> Result<()> {
                let mut tx = self.pool.begin().await?;
                sqlx::query("DELETE FROM host_domains WHERE host_id = $1").bind(id).execute(&mut *tx).await?;
                let done = sqlx::query("DELETE FROM hosts WHERE id = $1").bind(id).execute(&mut *tx).await?;
                if done.rows_affected() != 1 {
                    tx.rollback().await?;
                    return Err(StoreError::NotFound);
                }
                self.append(&mut tx, event).await?;
                tx.commit().await?;
                Ok(())
            }
        }
    };
}

impl_hosts!(SqliteStore, sqlx::Sqlite, sqlx::sqlite::SqliteRow);
impl_hosts!(PgStore, sqlx::Postgres, sqlx::postgres::PgRow);
