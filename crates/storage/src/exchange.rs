//! Partner hotlines and the items exchanged with them (`zeri-exchange/1`). Same SQL for
//! both backends, as in `sql.rs`.
//!
//! A partner's key to us is kept only as a keyed digest; the key we send with, the hosting
//! facts an item was sent with and every received document are sealed under the master key
//! (the web crate seals; this module never sees a key or a URL). Every write appends its
//! audit entry in the same transaction: a forward that failed is recorded as failed and
//! changes nothing else; one that was answered sets `content_items.forwarded_to` with it.

use sqlx::Row;
use zeri_domain::hotline::{AgeGroup, Classification, ContentType, OtherHarm, SiteType, Verdict};

use crate::hotline::{LinkOutcome, NewContentReport};
use crate::model::NewEvent;
use crate::sql::{corrupt, PgStore, SqliteStore};
use crate::{Millis, Result, StoreError};

/// The constraint named when a partner's name is taken.
pub const PARTNER_NAME_TAKEN: &str = "exchange_partners.name";
/// The constraint named when the same partner sent the same item before.
pub const ALREADY_RECEIVED: &str = "exchange_received";

/// A partner hotline.
#[derive(Clone, PartialEq)]
pub struct PartnerRow {
    pub id: String,
    pub name: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    /// The base address of their Zëri (`https://…`).
    pub endpoint: String,
    /// The key we send with, sealed (`context::exchange_partner_key`).
    pub key_sealed: Vec<u8>,
    /// Keyed digest of the key they send to us with.
    pub incoming_digest: [u8; 32],
    pub created_at: Millis,
    pub created_by: Option<String>,
    pub revoked_at: Option<Millis>,
}

impl std::fmt::Debug for PartnerRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PartnerRow").field("id", &self.id).field("country", &self.country).finish_non_exhaustive()
    }
}

/// How a forward ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ForwardOutcome {
    Sent,
    Failed,
}

impl ForwardOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            ForwardOutcome::Sent => "sent",
            ForwardOutcome::Failed => "failed",
        }
    }
}

/// One attempt to hand an item to a partner.
#[derive(Debug, Clone, PartialEq)]
pub struct ForwardRow {
    pub id: String,
    pub item_id: String,
    pub partner_id: String,
    pub at: Millis,
    pub staff_id: Option<String>,
    pub outcome: ForwardOutcome,
    /// Their id of the item, when they answered.
    pub their_ref: Option<String>,
    /// Why it failed (a code: `http-401`, `unreachable`, …).
    pub error: Option<String>,
    /// The country the item was found hosted in.
    pub country: String,
    /// The hosting facts sent, sealed (`context::exchange_forward`).
    pub facts_sealed: Vec<u8>,
}

/// An item received from a partner.
#[derive(Debug, Clone, PartialEq)]
pub struct ReceivedRow {
    pub id: String,
    pub partner_id: String,
    /// The sender's reference of the item.
    pub sender_ref: String,
    pub report_id: String,
    pub item_id: String,
    pub received_at: Millis,
    /// The sender's classification (ours is the item's own).
    pub classification: Classification,
    pub hosting_country: String,
    /// The whole document, sealed (`context::exchange_received`).
    pub sealed: Vec<u8>,
}

#[async_trait::async_trait]
pub trait ExchangeStore: Send + Sync {
    /// `Conflict` on [`PARTNER_NAME_TAKEN`] when the name is taken (in any case).
    async fn insert_partner(&self, p: &PartnerRow, event: &NewEvent) -> Result<()>;
    /// Every partner, revoked ones too, by name.
    async fn partners(&self) -> Result<Vec<PartnerRow>>;
    async fn partner(&self, id: &str) -> Result<Option<PartnerRow>>;
    /// The partner whose key to us has this digest, unless revoked.
    async fn partner_by_key(&self, digest: &[u8; 32]) -> Result<Option<PartnerRow>>;
    /// The active partner of a country (the oldest when there are several).
    async fn partner_for_country(&self, country: &str) -> Result<Option<PartnerRow>>;
    /// `NotFound` when there is no such active partner.
    async fn revoke_partner(&self, id: &str, event: &NewEvent) -> Result<()>;
    /// Records a forward with `event`; a sent one also sets the item's `forwarded_to`.
    async fn record_forward(&self, f: &ForwardRow, event: &NewEvent) -> Result<()>;
    /// An item's forwards, oldest first.
    async fn forwards(&self, item_id: &str) -> Result<Vec<ForwardRow>>;
    /// Items assessed illegal and not handed over, that are hosted abroad (their
    /// `hosting_country` is set and not `home`) or whose forward failed; oldest first.
    async fn forward_pending(&self, home: &str) -> Result<Vec<String>>;
    /// Stores a received item: its content report (source `partner`), its links (joining
    /// items as every report does), the received row and the audit entries (`template` as
    /// `item-created`/`item-joined` per link, then `item-received`), in one transaction.
    /// `Conflict` on [`ALREADY_RECEIVED`] when the partner sent this reference before;
    /// on `content_urls` when the same new URL was stored at the same moment (try again).
    async fn receive_item(
        &self,
        report: &NewContentReport,
        received: &ReceivedRow,
        template: &NewEvent,
    ) -> Result<Vec<LinkOutcome>>;
    async fn received_by_ref(&self, partner_id: &str, sender_ref: &str) -> Result<Option<ReceivedRow>>;
    /// What partners sent about an item, oldest first.
    async fn received_for_item(&self, item_id: &str) -> Result<Vec<ReceivedRow>>;
}

fn conflict_on(constraint: &'static str) -> impl Fn(sqlx::Error) -> StoreError {
    move |e| match crate::sql::map_err(e) {
        StoreError::Conflict { .. } => StoreError::Conflict { constraint: constraint.to_owned() },
        other => other,
    }
}

fn parse<T>(v: Option<String>, f: fn(&str) -> Option<T>, what: &str) -> Result<Option<T>> {
    v.map(|s| f(&s).ok_or_else(|| corrupt(what))).transpose()
}

const PARTNER_COLUMNS: &str =
    "id, name, country, endpoint, key_sealed, incoming_digest, created_at, created_by, revoked_at";
const FORWARD_COLUMNS: &str = "id, item_id, partner_id, at, staff_id, outcome, their_ref, error, country, facts_sealed";
const RECEIVED_COLUMNS: &str = "id, partner_id, sender_ref, report_id, item_id, received_at, verdict, content_type, \
     age_group, site_type, other_harm, hosting_country, sealed";

macro_rules! impl_exchange {
    ($store:ty, $row:ty, $db:ty) => {
        impl $store {
            fn partner_row(r: &$row) -> Result<PartnerRow> {
                let digest: Vec<u8> = r.try_get("incoming_digest")?;
                Ok(PartnerRow {
                    id: r.try_get("id")?,
                    name: r.try_get("name")?,
                    country: r.try_get("country")?,
                    endpoint: r.try_get("endpoint")?,
                    key_sealed: r.try_get("key_sealed")?,
                    incoming_digest: digest.try_into().map_err(|_| corrupt("exchange_partners.incoming_digest"))?,
                    created_at: r.try_get("created_at")?,
                    created_by: r.try_get("created_by")?,
                    revoked_at: r.try_get("revoked_at")?,
                })
            }

            fn forward_row(r: &$row) -> Result<ForwardRow> {
                let outcome: String = r.try_get("outcome")?;
                Ok(ForwardRow {
                    id: r.try_get("id")?,
                    item_id: r.try_get("item_id")?,
                    partner_id: r.try_get("partner_id")?,
                    at: r.try_get("at")?,
                    staff_id: r.try_get("staff_id")?,
                    outcome: match outcome.as_str() {
                        "sent" => ForwardOutcome::Sent,
                        "failed" => ForwardOutcome::Failed,
                        _ => return Err(corrupt("exchange_forwards.outcome")),
                    },
                    their_ref: r.try_get("their_ref")?,
                    error: r.try_get("error")?,
                    country: r.try_get("country")?,
                    facts_sealed: r.try_get("facts_sealed")?,
                })
            }

            fn received_row(r: &$row) -> Result<ReceivedRow> {
                let verdict = parse(r.try_get("verdict")?, Verdict::parse, "verdict")?.ok_or_else(|| corrupt("verdict"))?;
                Ok(ReceivedRow {
                    id: r.try_get("id")?,
                    partner_id: r.try_get("partner_id")?,
                    sender_ref: r.try_get("sender_ref")?,
                    report_id: r.try_get("report_id")?,
                    item_id: r.try_get("item_id")?,
                    received_at: r.try_get("received_at")?,
                    classification: Classification {
                        verdict,
                        content_type: parse(r.try_get("content_type")?, ContentType::parse, "content type")?
                            .ok_or_else(|| corrupt("content type"))?,
                        age_group: parse(r.try_get("age_group")?, AgeGroup::parse, "age group")?,
                        site_type: parse(r.try_get("site_type")?, SiteType::parse, "site type")?
                            .ok_or_else(|| corrupt("site type"))?,
                        other_harm: parse(r.try_get("other_harm")?, OtherHarm::parse, "other harm")?,
                    },
                    hosting_country: r.try_get("hosting_country")?,
                    sealed: r.try_get("sealed")?,
                })
            }
        }

        #[async_trait::async_trait]
        impl ExchangeStore for $store {
            #[tracing::instrument(skip_all)]
            async fn insert_partner(&self, p: &PartnerRow, event: &NewEvent) -> Result<()> {
                let mut tx = self.pool.begin().await?;
                let taken = sqlx::query("SELECT id FROM exchange_partners WHERE lower(name) = lower($1)")
                    .bind(&p.name)
                    .fetch_optional(&mut *tx)
                    .await?;
                if taken.is_some() {
                    return Err(StoreError::Conflict { constraint: PARTNER_NAME_TAKEN.into() });
                }
                sqlx::query(
                    "INSERT INTO exchange_partners (id, name, country, endpoint, key_sealed, incoming_digest, \
                     created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(&p.id)
                .bind(&p.name)
                .bind(&p.country)
                .bind(&p.endpoint)
                .bind(&p.key_sealed)
                .bind(p.incoming_digest.as_slice())
                .bind(p.created_at)
                .bind(&p.created_by)
                .execute(&mut *tx)
                .await
                .map_err(conflict_on(PARTNER_NAME_TAKEN))?;
                self.append(&mut tx, event).await?;
                tx.commit().await?;
                Ok(())
            }

            #[tracing::instrument(skip_all)]
            async fn partners(&self) -> Result<Vec<PartnerRow>> {
                let sql = format!("SELECT {PARTNER_COLUMNS} FROM exchange_partners ORDER BY name, id");
                let rows = sqlx::query(&sql).fetch_all(&self.pool).await?;
                rows.iter().map(Self::partner_row).collect()
            }

            #[tracing::instrument(skip_all)]
            async fn partner(&self, id: &str) -> Result<Option<PartnerRow>> {
                let sql = format!("SELECT {PARTNER_COLUMNS} FROM exchange_partners WHERE id = $1");
                let row = sqlx::query(&sql).bind(id).fetch_optional(&self.pool).await?;
                row.as_ref().map(Self::partner_row).transpose()
            }

            #[tracing::instrument(skip_all)]
            async fn partner_by_key(&self, digest: &[u8; 32]) -> Result<Option<PartnerRow>> {
                let sql = format!(
                    "SELECT {PARTNER_COLUMNS} FROM exchange_partners WHERE incoming_digest = $1 AND revoked_at IS NULL"
                );
                let row = sqlx::query(&sql).bind(digest.as_slice()).fetch_optional(&self.pool).await?;
                row.as_ref().map(Self::partner_row).transpose()
            }

            #[tracing::instrument(skip_all)]
            async fn partner_for_country(&self, country: &str) -> Result<Option<PartnerRow>> {
                let sql = format!(
                    "SELECT {PARTNER_COLUMNS} FROM exchange_partners WHERE country = $1 AND revoked_at IS NULL \
                     ORDER BY created_at, id LIMIT 1"
                );
                let row = sqlx::query(&sql).bind(country).fetch_optional(&self.pool).await?;
                row.as_ref().map(Self::partner_row).transpose()
            }

            #[tracing::instrument(skip_all)]
            async fn revoke_partner(&self, id: &str, event: &NewEvent) -> Result<()> {
                let q = sqlx::query("UPDATE exchange_partners SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
                    .bind(event.at)
                    .bind(id);
                self.exec_audited(q, event, Some(StoreError::NotFound)).await
            }

            #[tracing::instrument(skip_all)]
            async fn record_forward(&self, f: &ForwardRow, event: &NewEvent) -> Result<()> {
                let mut tx = self.pool.begin().await?;
                sqlx::query(
                    "INSERT INTO exchange_forwards (id, item_id, partner_id, at, staff_id, outcome, their_ref, error, \
                     country, facts_sealed) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                )
                .bind(&f.id)
                .bind(&f.item_id)
                .bind(&f.partner_id)
                .bind(f.at)
                .bind(&f.staff_id)
                .bind(f.outcome.as_str())
                .bind(&f.their_ref)
                .bind(&f.error)
                .bind(&f.country)
                .bind(&f.facts_sealed)
                .execute(&mut *tx)
                .await
                .map_err(crate::sql::map_err)?;
                if f.outcome == ForwardOutcome::Sent {
                    let done = sqlx::query("UPDATE content_items SET forwarded_to = $1 WHERE id = $2")
                        .bind(&f.partner_id)
                        .bind(&f.item_id)
                        .execute(&mut *tx)
                        .await?;
                    if done.rows_affected() != 1 {
                        return Err(StoreError::NotFound);
                    }
                }
                self.append(&mut tx, event).await?;
                tx.commit().await?;
                Ok(())
            }

            #[tracing::instrument(skip_all)]
            async fn forwards(&self, item_id: &str) -> Result<Vec<ForwardRow>> {
                let sql = format!("SELECT {FORWARD_COLUMNS} FROM exchange_forwards WHERE item_id = $1 ORDER BY at, id");
                let rows = sqlx::query(&sql).bind(item_id).fetch_all(&self.pool).await?;
                rows.iter().map(Self::forward_row).collect()
            }

            #[tracing::instrument(skip_all)]
            async fn forward_pending(&self, home: &str) -> Result<Vec<String>> {
                let rows = sqlx::query(
                    "SELECT id FROM content_items i WHERE verdict IN ('baseline', 'national') AND forwarded_to IS NULL \
                     AND ((hosting_country IS NOT NULL AND hosting_country <> $1) OR EXISTS \
                     (SELECT 1 FROM exchange_forwards f WHERE f.item_id = i.id AND f.country <> $1)) \
                     ORDER BY created_at, id",
                )
                .bind(home)
                .fetch_all(&self.pool)
                .await?;
                rows.iter().map(|r| Ok(r.try_get("id")?)).collect()
            }

            #[tracing::instrument(skip_all, fields(links = report.links.len()))]
            async fn receive_item(
                &self,
                report: &NewContentReport,
                received: &ReceivedRow,
                template: &NewEvent,
            ) -> Result<Vec<LinkOutcome>> {
                let mut tx = self.pool.begin().await?;
                let known = sqlx::query("SELECT id FROM exchange_received WHERE partner_id = $1 AND sender_ref = $2")
                    .bind(&received.partner_id)
                    .bind(&received.sender_ref)
                    .fetch_optional(&mut *tx)
                    .await?;
                if known.is_some() {
                    return Err(StoreError::Conflict { constraint: ALREADY_RECEIVED.into() });
                }
                sqlx::query("INSERT INTO content_reports (id, created_at, source) VALUES ($1, $2, $3)")
                    .bind(&report.id)
                    .bind(report.created_at)
                    .bind(report.source.as_str())
                    .execute(&mut *tx)
                    .await
                    .map_err(crate::sql::map_err)?;
                let mut outcomes = Vec::with_capacity(report.links.len());
                let mut events = Vec::with_capacity(report.links.len() + 1);
                for link in &report.links {
                    let outcome = self.put_link(&mut tx, report, link).await?;
                    events.push(NewEvent {
                        action: if outcome.joined { "item-joined" } else { "item-created" },
                        detail: Some(outcome.item_id.clone()),
                        ..template.clone()
                    });
                    outcomes.push(outcome);
                }
                let item_id = outcomes.first().map(|o| o.item_id.clone()).ok_or_else(|| corrupt("no link"))?;
                let c = &received.classification;
                sqlx::query(&format!(
                    "INSERT INTO exchange_received ({RECEIVED_COLUMNS}) VALUES \
                     ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"
                ))
                .bind(&received.id)
                .bind(&received.partner_id)
                .bind(&received.sender_ref)
                .bind(&report.id)
                .bind(&item_id)
                .bind(received.received_at)
                .bind(c.verdict.as_str())
                .bind(c.content_type.as_str())
                .bind(c.age_group.map(AgeGroup::as_str))
                .bind(c.site_type.as_str())
                .bind(c.other_harm.map(OtherHarm::as_str))
                .bind(&received.hosting_country)
                .bind(&received.sealed)
                .execute(&mut *tx)
                .await
                .map_err(conflict_on(ALREADY_RECEIVED))?;
                events.push(NewEvent {
                    action: "item-received",
                    detail: Some(format!("{item_id} partner:{}", received.partner_id)),
                    ..template.clone()
                });
                self.append_all(&mut tx, &events).await?;
                tx.commit().await?;
                Ok(outcomes)
            }

            #[tracing::instrument(skip_all)]
            async fn received_by_ref(&self, partner_id: &str, sender_ref: &str) -> Result<Option<ReceivedRow>> {
                let sql = format!(
                    "SELECT {RECEIVED_COLUMNS} FROM exchange_received WHERE partner_id = $1 AND sender_ref = $2"
                );
                let row = sqlx::query(&sql).bind(partner_id).bind(sender_ref).fetch_optional(&self.pool).await?;
                row.as_ref().map(Self::received_row).transpose()
            }

            #[tracing::instrument(skip_all)]
            async fn received_for_item(&self, item_id: &str) -> Result<Vec<ReceivedRow>> {
                let sql = format!(
                    "SELECT {RECEIVED_COLUMNS} FROM exchange_received WHERE item_id = $1 ORDER BY received_at, id"
                );
                let rows = sqlx::query(&sql).bind(item_id).fetch_all(&self.pool).await?;
                rows.iter().map(Self::received_row).collect()
            }
        }
    };
}

impl_exchange!(SqliteStore, sqlx::sqlite::SqliteRow, sqlx::Sqlite);
impl_exchange!(PgStore, sqlx::postgres::PgRow, sqlx::Postgres);
