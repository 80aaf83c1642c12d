//! The facts statistics are made from: coded fields and times only, never a sealed value or
//! an identity. Same SQL for both backends, as in `sql.rs`. Counting, grouping and small-
//! number suppression happen above, from these rows.

use sqlx::Row;
use zeri_domain::casework::{Outcome, ReferralStatus};
use zeri_domain::directory::ServiceKind;
use zeri_domain::permission::OrgKind;
use zeri_domain::report::{AgeBand, Category, ReporterKind};

use crate::sql::{corrupt, PgStore, SqliteStore};
use crate::{Millis, Result};

/// One report, as statistics see it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportFact {
    pub id: String,
    pub created_at: Millis,
    pub category: Category,
    pub age_band: AgeBand,
    pub reporter: ReporterKind,
    pub municipality: Option<String>,
    /// When a professional first wrote to the child, if they have.
    pub first_reply_at: Option<Millis>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ReferralFact {
    pub report_id: String,
    pub to_kind: OrgKind,
    pub status: ReferralStatus,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OutcomeFact {
    pub report_id: String,
    pub outcome: Outcome,
    pub support_kind: Option<ServiceKind>,
    /// Days since 1970-01-01.
    pub occurred_on: i64,
}

#[async_trait::async_trait]
pub trait StatsStore: Send + Sync {
    /// Reports received in `[from, to)`.
    async fn report_facts(&self, from: Millis, to: Millis) -> Result<Vec<ReportFact>>;
    /// Referrals of the reports received in `[from, to)`.
    async fn referral_facts(&self, from: Millis, to: Millis) -> Result<Vec<ReferralFact>>;
    /// Outcomes of the reports received in `[from, to)`.
    async fn outcome_facts(&self, from: Millis, to: Millis) -> Result<Vec<OutcomeFact>>;
}

macro_rules! impl_stats {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl StatsStore for $store {
            async fn report_facts(&self, from: Millis, to: Millis) -> Result<Vec<ReportFact>> {
                let rows = sqlx::query(
                    "SELECT r.id, r.created_at, r.category, r.age_band, r.reporter, r.municipality, \
                     (SELECT MIN(m.created_at) FROM messages m WHERE m.report_id = r.id AND m.author = 'staff') \
                     AS first_reply_at FROM reports r WHERE r.created_at >= $1 AND r.created_at < $2 ORDER BY r.created_at, r.id",
                )
                .bind(from)
                .bind(to)
                .fetch_all(&self.pool)
                .await?;
                rows.iter()
                    .map(|r| {
                        Ok(ReportFact {
                            id: r.try_get("id")?,
                            created_at: r.try_get("created_at")?,
                            category: Category::parse(r.try_get("category")?).ok_or_else(|| corrupt("category"))?,
                            age_band: AgeBand::parse(r.try_get("age_band")?).ok_or_else(|| corrupt("age band"))?,
                            reporter: ReporterKind::parse(r.try_get("reporter")?).ok_or_else(|| corrupt("reporter"))?,
                            municipality: r.try_get("municipality")?,
                            first_reply_at: r.try_get("first_reply_at")?,
                        })
                    })
                    .collect()
            }

            async fn referral_facts(&self, from: Millis, to: Millis) -> Result<Vec<ReferralFact>> {
                let rows = sqlx::query(
                    "SELECT f.report_id, o.kind, f.status FROM referrals f JOIN reports r ON r.id = f.report_id \
                     JOIN organisations o ON o.id = f.to_org WHERE r.created_at >= $1 AND r.created_at < $2 \
                     ORDER BY f.report_id, f.id",
                )
                .bind(from)
                .bind(to)
                .fetch_all(&self.pool)
                .await?;
                rows.iter()
                    .map(|r| {
                        Ok(ReferralFact {
                            report_id: r.try_get("report_id")?,
                            to_kind: OrgKind::parse(r.try_get("kind")?).ok_or_else(|| corrupt("organisation kind"))?,
                            status: ReferralStatus::parse(r.try_get("status")?)
                                .ok_or_else(|| corrupt("referral status"))?,
                        })
                    })
                    .collect()
            }

            async fn outcome_facts(&self, from: Millis, to: Millis) -> Result<Vec<OutcomeFact>> {
                let rows = sqlx::query(
                    "SELECT o.report_id, o.outcome, o.support_kind, o.occurred_on FROM outcomes o \
                     JOIN reports r ON r.id = o.report_id WHERE r.created_at >= $1 AND r.created_at < $2 \
                     ORDER BY o.report_id, o.occurred_on, o.id",
                )
                .bind(from)
                .bind(to)
                .fetch_all(&self.pool)
                .await?;
                rows.iter()
                    .map(|r| {
                        let kind: Option<String> = r.try_get("support_kind")?;
                        Ok(OutcomeFact {
                            report_id: r.try_get("report_id")?,
                            outcome: Outcome::parse(r.try_get("outcome")?).ok_or_else(|| corrupt("outcome"))?,
                            support_kind: kind
                                .map(|k| ServiceKind::parse(&k).ok_or_else(|| corrupt("support kind")))
                                .transpose()?,
                            occurred_on: r.try_get("occurred_on")?,
                        })
                    })
                    .collect()
            }
        }
    };
}

impl_stats!(SqliteStore);
impl_stats!(PgStore);
