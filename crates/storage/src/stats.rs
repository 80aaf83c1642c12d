//! The facts statistics are made from: coded fields and times only, never a sealed value or
//! an identity. Same SQL for both backends, as in `sql.rs`. Counting, grouping and small-
//! number suppression happen above, from these rows. Also the record of the public
//! (differentially private) releases and the privacy budget they spent.

use sqlx::Row;
use std::ops::RangeInclusive;
use zeri_domain::casework::{Outcome, ReferralStatus};
use zeri_domain::directory::ServiceKind;
use zeri_domain::permission::OrgKind;
use zeri_domain::report::{AgeBand, Category, ReporterKind};
use zeri_domain::statistics::privacy;

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

/// A public release with differential privacy, as recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct DpRelease {
    /// `2026-11`, `2026-Q4` or `2026`.
    pub period: String,
    pub epsilon_milli: i64,
    /// The months it covers, as `zeri_domain::statistics::Period::month_numbers`.
    pub months: RangeInclusive<i32>,
    /// The noisy counts released (JSON, as the web crate writes them).
    pub counts: String,
    pub released_at: Millis,
}

/// What [`StatsStore::record_dp_release`] did.
#[derive(Debug, Clone, PartialEq)]
pub enum DpRecord {
    /// Recorded now: its budget is spent.
    Made(DpRelease),
    /// The same period and ε had been released already (by another request or instance):
    /// that release, unchanged; nothing more is spent.
    Existing(DpRelease),
    /// Not recorded: a month it covers would carry more than the budget. `spent_milli` is
    /// what its most-spent month carries already.
    OverBudget { spent_milli: i64 },
}

#[async_trait::async_trait]
pub trait StatsStore: Send + Sync {
    /// Reports received in `[from, to)`.
    async fn report_facts(&self, from: Millis, to: Millis) -> Result<Vec<ReportFact>>;
    /// Referrals of the reports received in `[from, to)`.
    async fn referral_facts(&self, from: Millis, to: Millis) -> Result<Vec<ReferralFact>>;
    /// Outcomes of the reports received in `[from, to)`.
    async fn outcome_facts(&self, from: Millis, to: Millis) -> Result<Vec<OutcomeFact>>;
    /// The release of `period` at `epsilon_milli`, if it was made.
    async fn dp_release(&self, period: &str, epsilon_milli: i64) -> Result<Option<DpRelease>>;
    /// Every release covering one of `months` or more.
    async fn dp_releases(&self, months: RangeInclusive<i32>) -> Result<Vec<DpRelease>>;
    /// Records `release` in one step across instances: unless the same period and ε exists
    /// (returned instead) or the budget rule of `zeri_domain::statistics::privacy::fits`
    /// refuses it. The rule is the domain's; this only applies it atomically.
    async fn record_dp_release(&self, release: &DpRelease) -> Result<DpRecord>;
}

const DP_COLUMNS: &str = "period, epsilon_milli, first_month, last_month, counts, released_at";

macro_rules! impl_stats {
    ($store:ty, $row:ty) => {
        impl $store {
            fn dp_release_row(r: &$row) -> Result<DpRelease> {
                let (first, last): (i32, i32) = (r.try_get("first_month")?, r.try_get("last_month")?);
                Ok(DpRelease {
                    period: r.try_get("period")?,
                    epsilon_milli: r.try_get("epsilon_milli")?,
                    months: first..=last,
                    counts: r.try_get("counts")?,
                    released_at: r.try_get("released_at")?,
                })
            }
        }

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

            async fn dp_release(&self, period: &str, epsilon_milli: i64) -> Result<Option<DpRelease>> {
                let sql = format!("SELECT {DP_COLUMNS} FROM dp_releases WHERE period = $1 AND epsilon_milli = $2");
                let row = sqlx::query(&sql).bind(period).bind(epsilon_milli).fetch_optional(&self.pool).await?;
                row.as_ref().map(Self::dp_release_row).transpose()
            }

            async fn dp_releases(&self, months: RangeInclusive<i32>) -> Result<Vec<DpRelease>> {
                let sql = format!(
                    "SELECT {DP_COLUMNS} FROM dp_releases WHERE first_month <= $2 AND last_month >= $1 \
                     ORDER BY released_at, period, epsilon_milli"
                );
                let rows = sqlx::query(&sql).bind(*months.start()).bind(*months.end()).fetch_all(&self.pool).await?;
                rows.iter().map(Self::dp_release_row).collect()
            }

            async fn record_dp_release(&self, release: &DpRelease) -> Result<DpRecord> {
                let mut tx = self.pool.begin().await?;
                // First a write: the lock is taken before anything is read.
                sqlx::query("UPDATE dp_budget_lock SET releases = releases + 1 WHERE id = 1").execute(&mut *tx).await?;
                let sql = format!("SELECT {DP_COLUMNS} FROM dp_releases WHERE period = $1 AND epsilon_milli = $2");
                let existing =
                    sqlx::query(&sql).bind(&release.period).bind(release.epsilon_milli).fetch_optional(&mut *tx).await?;
                if let Some(row) = existing {
                    return Ok(DpRecord::Existing(Self::dp_release_row(&row)?));
                }
                let sql = format!("SELECT {DP_COLUMNS} FROM dp_releases WHERE first_month <= $2 AND last_month >= $1");
                let rows = sqlx::query(&sql)
                    .bind(*release.months.start())
                    .bind(*release.months.end())
                    .fetch_all(&mut *tx)
                    .await?;
                let made: Vec<(RangeInclusive<i32>, i64)> = rows
                    .iter()
                    .map(|r| Self::dp_release_row(r).map(|d| (d.months, d.epsilon_milli)))
                    .collect::<Result<_>>()?;
                if !privacy::fits(&made, release.months.clone(), release.epsilon_milli) {
                    return Ok(DpRecord::OverBudget { spent_milli: privacy::spent_milli(&made, release.months.clone()) });
                }
                sqlx::query(
                    "INSERT INTO dp_releases (period, epsilon_milli, first_month, last_month, counts, released_at) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(&release.period)
                .bind(release.epsilon_milli)
                .bind(*release.months.start())
                .bind(*release.months.end())
                .bind(&release.counts)
                .bind(release.released_at)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(DpRecord::Made(release.clone()))
            }
        }
    };
}

impl_stats!(SqliteStore, sqlx::sqlite::SqliteRow);
impl_stats!(PgStore, sqlx::postgres::PgRow);
