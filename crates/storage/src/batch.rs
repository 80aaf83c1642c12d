//! Multi-row inserts for the group-committed intake batch and the audit chain: one
//! statement for many rows instead of one per row (on PostgreSQL one round trip each; on
//! SQLite one hand-over to its connection thread each). Same SQL for both backends.
//!
//! A batch of `n` rows goes in chunks whose sizes are powers of two (256 at most), largest
//! first, so each table has at most nine statement texts and they all stay in each
//! connection's prepared-statement cache (sqlx keeps 100), however the batches vary.
//! 256 rows × 18 binds stays below both backends' limit on binds in one statement
//! (SQLite 32,766, PostgreSQL 65,535).

use std::ops::Range;

use zeri_domain::permission::Role;
use zeri_domain::Stage;

use crate::model::*;
use crate::sql::{map_err, PgStore, SqliteStore};
use crate::Result;

/// The largest chunk: one statement carries at most this many rows.
pub(crate) const MAX_ROWS: usize = 256;

/// `0..n` cut into ranges whose lengths are powers of two, at most [`MAX_ROWS`], largest first.
pub(crate) fn chunks(n: usize) -> impl Iterator<Item = Range<usize>> {
    let mut start = 0;
    std::iter::from_fn(move || {
        let left = n - start;
        if left == 0 {
            return None;
        }
        let size = if left >= MAX_ROWS { MAX_ROWS } else { 1 << (usize::BITS - 1 - left.leading_zeros()) };
        let range = start..start + size;
        start += size;
        Some(range)
    })
}

/// An audit entry with its place in the chain, ready to insert.
pub(crate) struct LinkedEntry {
    pub row: EventRow,
    pub prev: [u8; 32],
    pub hash: [u8; 32],
}

macro_rules! impl_batch {
    ($store:ty, $db:ty) => {
        impl $store {
            /// Inserts the reports and their wrapped case keys inside `tx`, a chunk a statement.
            pub(crate) async fn put_reports(
                &self,
                tx: &mut sqlx::Transaction<'_, $db>,
                reports: &[NewReportRow],
            ) -> Result<()> {
                for range in chunks(reports.len()) {
                    let mut q = sqlx::QueryBuilder::<$db>::new(
                        "INSERT INTO reports (id, case_ref, receipt_digest, created_at, updated_at, stage, category, \
                         reporter, age_band, municipality, contact_method, consent_cpo, consent_police, key_id, sealed, \
                         stage_at, channel, org_id) ",
                    );
                    q.push_values(&reports[range], |mut b, r| {
                        b.push_bind(&r.id)
                            .push_bind(&r.case_ref)
                            .push_bind(r.receipt_digest.as_slice())
                            .push_bind(r.created_at)
                            .push_bind(r.created_at)
                            .push_bind(Stage::Received.as_str())
                            .push_bind(r.category.as_str())
                            .push_bind(r.reporter.as_str())
                            .push_bind(r.age_band.as_str())
                            .push_bind(&r.municipality)
                            .push_bind(r.contact_method.as_str())
                            .push_bind(r.consent_cpo)
                            .push_bind(r.consent_police)
                            .push_bind(&r.key_id)
                            .push_bind(&r.sealed)
                            .push_bind(r.created_at)
                            .push_bind(r.channel)
                            .push_bind(&r.org_id);
                    });
                    q.build().execute(&mut **tx).await.map_err(map_err)?;
                }
                let keyed: Vec<(&NewReportRow, &Vec<u8>)> =
                    reports.iter().filter_map(|r| r.case_key.as_ref().map(|k| (r, k))).collect();
                for range in chunks(keyed.len()) {
                    let mut q = sqlx::QueryBuilder::<$db>::new("INSERT INTO case_keys (report_id, created_at, wrapped) ");
                    q.push_values(&keyed[range], |mut b, (r, key)| {
                        b.push_bind(&r.id).push_bind(r.created_at).push_bind(key.as_slice());
                    });
                    q.build().execute(&mut **tx).await.map_err(map_err)?;
                }
                Ok(())
            }

            /// Inserts linked audit entries inside `tx`, a chunk a statement.
            pub(crate) async fn put_entries(
                &self,
                tx: &mut sqlx::Transaction<'_, $db>,
                entries: &[LinkedEntry],
            ) -> Result<()> {
                for range in chunks(entries.len()) {
                    let mut q = sqlx::QueryBuilder::<$db>::new(
                        "INSERT INTO audit (seq, at, actor, staff_id, role, org_id, report_id, action, detail, sealed, \
                         prev_hash, hash) ",
                    );
                    q.push_values(&entries[range], |mut b, e| {
                        b.push_bind(e.row.seq)
                            .push_bind(e.row.at)
                            .push_bind(&e.row.actor)
                            .push_bind(&e.row.staff_id)
                            .push_bind(e.row.role.map(Role::as_str))
                            .push_bind(&e.row.org_id)
                            .push_bind(&e.row.report_id)
                            .push_bind(&e.row.action)
                            .push_bind(&e.row.detail)
                            .push_bind(&e.row.sealed)
                            .push_bind(e.prev.as_slice())
                            .push_bind(e.hash.as_slice());
                    });
                    q.build().execute(&mut **tx).await?;
                }
                Ok(())
            }
        }
    };
}

impl_batch!(SqliteStore, sqlx::Sqlite);
impl_batch!(PgStore, sqlx::Postgres);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_are_powers_of_two_that_cover_every_row_once() {
        for n in 0..=1_000 {
            let ranges: Vec<_> = chunks(n).collect();
            let mut next = 0;
            for r in &ranges {
                assert_eq!(r.start, next, "n = {n}");
                assert!(r.len().is_power_of_two() && r.len() <= MAX_ROWS, "n = {n}: {r:?}");
                next = r.end;
            }
            assert_eq!(next, n);
            assert!(ranges.windows(2).all(|w| w[0].len() >= w[1].len()), "largest first, n = {n}");
        }
        assert_eq!(chunks(37).map(|r| r.len()).collect::<Vec<_>>(), vec![32, 4, 1]);
    }
}
