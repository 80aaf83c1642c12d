//! The public release: counts with Laplace noise (differential privacy), the same figures
//! for the same request, and a privacy budget per month that each release spends once.
//!
//! Fresh noise per request would let anyone average it away by asking again. So the noise
//! of a release is drawn from a generator seeded by a keyed hash of (period, ε, table,
//! cell), and the release is recorded with its noisy counts (`dp_releases`): asked again,
//! on any instance or after a restart, it is served as recorded, even if the data changed
//! since (fresh counts under the same noise would give the change away exactly). A new
//! release spends its ε on every month it covers; one that would take a month past the
//! budget is refused (`zeri_domain::statistics::privacy`).

use crate::now_ms;
use crate::service::statistics::{count_tables, counted, span_ms, Counts};
use crate::App;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::BTreeMap;
use zeri_domain::statistics::privacy;
use zeri_domain::statistics::Period;
use zeri_storage::{DpRecord, DpRelease};

/// The tables a public release carries: those where each report counts exactly once, so
/// that one report changes one cell by one (sensitivity 1). Referrals and outcomes count a
/// report in several rows and are left out.
pub(crate) const TABLES: [&str; 4] = ["month-category", "county-age", "reporter-age", "timing"];

/// A release as served.
#[derive(Debug)]
pub struct Release {
    pub epsilon_milli: i64,
    /// Noisy counts, rounded and at least 0, not yet suppressed.
    pub counts: Vec<Counts>,
    pub released_at: i64,
    /// What the most-spent month of the period carries, this release included.
    pub spent_milli: i64,
}

#[derive(Debug)]
pub enum ReleaseError {
    /// A month of the period carries `spent_milli` already: less is left than asked.
    OverBudget {
        spent_milli: i64,
    },
    Internal(String),
}

impl From<zeri_storage::StoreError> for ReleaseError {
    fn from(e: zeri_storage::StoreError) -> Self {
        ReleaseError::Internal(e.to_string())
    }
}

/// The release of `period` at ε = `epsilon_milli` / 1000: the one recorded, or a new one if
/// the budget allows.
pub async fn release(app: &App, period: Period, epsilon_milli: i64) -> Result<Release, ReleaseError> {
    let name = period.to_string();
    let months = period.month_numbers();
    let recorded = match app.store.dp_release(&name, epsilon_milli).await? {
        Some(r) => r,
        None => {
            let spent = spent_milli(app, period).await?;
            if spent + epsilon_milli > privacy::BUDGET_MILLI {
                return Err(ReleaseError::OverBudget { spent_milli: spent });
            }
            let counts = noised(app, period, epsilon_milli).await?;
            let by_table: BTreeMap<&str, &Vec<Vec<u64>>> = counts.iter().map(|c| (c.id, &c.counts)).collect();
            let new = DpRelease {
                period: name,
                epsilon_milli,
                months,
                counts: serde_json::to_string(&by_table).map_err(|e| ReleaseError::Internal(e.to_string()))?,
                released_at: now_ms(),
            };
            // Another request may have made it, or spent the budget, meanwhile: the store
            // decides in one step.
            match app.store.record_dp_release(&new).await? {
                DpRecord::Made(r) | DpRecord::Existing(r) => r,
                DpRecord::OverBudget { spent_milli } => return Err(ReleaseError::OverBudget { spent_milli }),
            }
        }
    };
    Ok(Release {
        epsilon_milli,
        counts: stored_counts(period, &recorded.counts)?,
        released_at: recorded.released_at,
        spent_milli: spent_milli(app, period).await?,
    })
}

/// The budget spent on the most-spent month of `period`, in thousandths.
pub async fn spent_milli(app: &App, period: Period) -> Result<i64, ReleaseError> {
    let made: Vec<_> =
        app.store.dp_releases(period.month_numbers()).await?.into_iter().map(|r| (r.months, r.epsilon_milli)).collect();
    Ok(privacy::spent_milli(&made, period.month_numbers()))
}

/// The counts of the release's tables with noise: ε split evenly over the tables, each
/// with sensitivity 1, so Laplace noise of scale tables / ε in every cell.
async fn noised(app: &App, period: Period, epsilon_milli: i64) -> Result<Vec<Counts>, ReleaseError> {
    let mut counts = counted(app, period).await.map_err(ReleaseError::Internal)?;
    counts.retain(|c| TABLES.contains(&c.id));
    let scale = counts.len() as f64 * 1000.0 / epsilon_milli as f64;
    for c in &mut counts {
        for (i, row) in c.counts.iter_mut().enumerate() {
            for (j, v) in row.iter_mut().enumerate() {
                let cell = format!("{period}\0{epsilon_milli}\0{}\0{i}\0{j}", c.id);
                let mut rng = StdRng::from_seed(app.keys.lookup_digest("dp-noise", cell.as_bytes()));
                *v = noisy(*v, scale, &mut rng);
            }
        }
    }
    Ok(counts)
}

/// The recorded noisy counts in the shape of the period's tables (their rows and columns).
fn stored_counts(period: Period, json: &str) -> Result<Vec<Counts>, ReleaseError> {
    let stored: BTreeMap<String, Vec<Vec<u64>>> =
        serde_json::from_str(json).map_err(|e| ReleaseError::Internal(format!("stored release: {e}")))?;
    let mut tables = count_tables(span_ms(period), &[], &[], &[]);
    tables.retain(|c| TABLES.contains(&c.id));
    for t in &mut tables {
        match stored.get(t.id) {
            Some(counts)
                if counts.len() == t.counts.len() && counts.iter().zip(&t.counts).all(|(a, b)| a.len() == b.len()) =>
            {
                t.counts = counts.clone()
            }
            _ => return Err(ReleaseError::Internal(format!("stored release does not fit table {}", t.id))),
        }
    }
    Ok(tables)
}

/// `v` plus Laplace(0, scale) noise, rounded, at least 0 (inverse-CDF sampling: `rand`
/// gives uniforms, and a Laplace sampler is three lines, not worth another dependency).
pub(crate) fn noisy(v: u64, scale: f64, rng: &mut impl Rng) -> u64 {
    let u: f64 = rng.gen_range(-0.5..0.5);
    let noise = -scale * u.signum() * (1.0 - 2.0 * u.abs()).ln();
    (v as f64 + noise).round().max(0.0) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_noise() {
        let draw = |seed: [u8; 32]| (0..20).map(|_| noisy(10, 8.0, &mut StdRng::from_seed(seed))).collect::<Vec<_>>();
        assert_eq!(draw([7; 32]), draw([7; 32]));
        let many: Vec<u64> = (0..50u8).map(|k| noisy(10, 8.0, &mut StdRng::from_seed([k; 32]))).collect();
        assert!(many.iter().any(|v| *v != many[0]), "different seeds, different noise");
    }
}
