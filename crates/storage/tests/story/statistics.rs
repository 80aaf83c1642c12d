//! Public statistics releases and their privacy budget.

use std::sync::Arc;
use zeri_storage::*;

/// Public releases: one per period and ε, the same one returned when asked again, and the
/// privacy budget kept per month, also under concurrent requests.
pub async fn dp_releases(store: Arc<dyn Store>) {
    let release = |period: &str, months: std::ops::RangeInclusive<i32>, epsilon_milli: i64| DpRelease {
        period: period.into(),
        epsilon_milli,
        months,
        counts: format!(r#"{{"t":[[{epsilon_milli}]]}}"#),
        released_at: 10_000,
    };
    // Months of 2026: 24312 (January) to 24323 (December).
    let november = release("2026-11", 24322..=24322, 600);
    assert_eq!(store.record_dp_release(&november).await.unwrap(), DpRecord::Made(november.clone()));
    let again = DpRelease { counts: "other noise".into(), released_at: 20_000, ..november.clone() };
    assert_eq!(store.record_dp_release(&again).await.unwrap(), DpRecord::Existing(november.clone()), "kept as made");
    assert_eq!(store.dp_release("2026-11", 600).await.unwrap(), Some(november.clone()));
    assert_eq!(store.dp_release("2026-11", 500).await.unwrap(), None);
    // The quarter holds November: 600 spent there already.
    let q4 = release("2026-Q4", 24321..=24323, 500);
    assert_eq!(store.record_dp_release(&q4).await.unwrap(), DpRecord::OverBudget { spent_milli: 600 });
    let q4 = release("2026-Q4", 24321..=24323, 400);
    assert_eq!(store.record_dp_release(&q4).await.unwrap(), DpRecord::Made(q4.clone()));
    let march = release("2026-03", 24314..=24314, 1000);
    assert_eq!(store.record_dp_release(&march).await.unwrap(), DpRecord::Made(march.clone()), "its own budget");
    assert_eq!(store.dp_releases(24321..=24321).await.unwrap(), vec![q4.clone()]);
    assert_eq!(store.dp_releases(24312..=24323).await.unwrap().len(), 3);
    assert!(store.dp_releases(24300..=24311).await.unwrap().is_empty());
    // Ten requests at once for different ε of one month: the budget holds.
    let tasks: Vec<_> = (0..10)
        .map(|k| {
            let store = store.clone();
            tokio::spawn(async move { store.record_dp_release(&release("2027-01", 24324..=24324, 300 + k)).await })
        })
        .collect();
    let mut made = 0;
    for t in tasks {
        if matches!(t.await.unwrap().unwrap(), DpRecord::Made(_)) {
            made += 1;
        }
    }
    assert_eq!(made, 3, "three releases of 300–309 fit in 1000, never a fourth");
}
