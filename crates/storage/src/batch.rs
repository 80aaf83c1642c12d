//! Multi-row inserts for the group-committed intake batch and the audit chain: one
//! statement for many rows instead of one per row (on PostgreSQL one round trip each; on
//! SQLite one hand-over to its connection thread each, and the whole batch's statements go
//! over together). Same SQL for both backends.
//!
//! A batch of `n` rows goes in chunks of [`MAX_ROWS`] and one of the rest, so a batch of up
//! to 64 reports is one statement per table (on SQLite one compound statement for the
//! whole batch). That makes at most 64 statement texts per table, or per batch shape on
//! SQLite, kept prepared (`sql::PG_STATEMENT_CACHE`, `sql::WRITER_STATEMENT_CACHE`).
//! 64 rows × 18 binds stays far below both backends' limit on binds in one statement
//! (SQLite 32,766, PostgreSQL 65,535). (Chunks in powers of two, the first version, cost up to seven
//! statements per table for a batch of 127; every statement is a hand-over to SQLite's
//! connection thread or a round trip to PostgreSQL.)

use std::ops::Range;

use zeri_domain::permission::Role;
use zeri_domain::Stage;

use crate::model::*;
use crate::sql::{map_err, PgStore, SqliteStore};
use crate::Result;

/// The largest chunk: one statement carries at most this many rows.
pub(crate) const MAX_ROWS: usize = 64;

/// `0..n` cut into ranges of [`MAX_ROWS`] and a last one of the rest.
pub(crate) fn chunks(n: usize) -> impl Iterator<Item = Range<usize>> {
    let mut start = 0;
    std::iter::from_fn(move || {
        let left = n - start;
        if left == 0 {
            return None;
        }
        let size = left.min(MAX_ROWS);
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
            /// `INSERT INTO reports … VALUES (…), …` for `rows`, appended to `q`.
            fn push_reports<'a>(q: &mut sqlx::QueryBuilder<'a, $db>, rows: &'a [NewReportRow]) {
                q.push(
                    "INSERT INTO reports (id, case_ref, receipt_digest, created_at, updated_at, stage, category, \
                     reporter, age_band, municipality, contact_method, consent_cpo, consent_police, key_id, sealed, \
                     stage_at, channel, org_id) ",
                );
                q.push_values(rows, |mut b, r| {
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
            }

            /// `INSERT INTO case_keys …` for the rows' wrapped keys, appended to `q`.
            fn push_case_keys<'a>(q: &mut sqlx::QueryBuilder<'a, $db>, keyed: &'a [(&'a NewReportRow, &'a Vec<u8>)]) {
                q.push("INSERT INTO case_keys (report_id, created_at, wrapped) ");
                q.push_values(keyed, |mut b, (r, key)| {
                    b.push_bind(&r.id).push_bind(r.created_at).push_bind(key.as_slice());
                });
            }

            /// `INSERT INTO audit …` for linked entries, appended to `q`.
            fn push_entries<'a>(q: &mut sqlx::QueryBuilder<'a, $db>, entries: &'a [LinkedEntry]) {
                q.push(
                    "INSERT INTO audit (seq, at, actor, staff_id, role, org_id, report_id, action, detail, sealed, \
                     prev_hash, hash) ",
                );
                q.push_values(entries, |mut b, e| {
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
            }

            /// Inserts linked audit entries inside `tx`, a chunk a statement.
            pub(crate) async fn put_entries(
                &self,
                tx: &mut sqlx::Transaction<'_, $db>,
                entries: &[LinkedEntry],
            ) -> Result<()> {
                for range in chunks(entries.len()) {
                    let mut q = sqlx::QueryBuilder::<$db>::new("");
                    Self::push_entries(&mut q, &entries[range]);
                    q.build().execute(&mut **tx).await?;
                }
                Ok(())
            }

            /// The reports' form submissions and evidence rows, after the reports.
            async fn put_attached(&self, tx: &mut sqlx::Transaction<'_, $db>, reports: &[NewReportRow]) -> Result<()> {
                for r in reports {
                    if let Some(sub) = &r.submission {
                        self.put_submission(tx, &r.id, sub, r.created_at).await?;
                    }
                    self.put_evidence(tx, &r.evidence).await?;
                }
                Ok(())
            }
        }
    };
}

impl_batch!(SqliteStore, sqlx::Sqlite);
impl_batch!(PgStore, sqlx::Postgres);

/// The reports that carry a wrapped case key, with it.
fn keyed(reports: &[NewReportRow]) -> Vec<(&NewReportRow, &Vec<u8>)> {
    reports.iter().filter_map(|r| r.case_key.as_ref().map(|k| (r, k))).collect()
}

impl SqliteStore {
    /// Inserts the reports, their wrapped case keys, submissions and evidence, and the
    /// audit entries `events` linked into the chain, inside `tx`.
    ///
    /// The chain's places are taken first; then the reports, keys, entries and the head's
    /// new hash go as one compound statement: SQLite runs a text of several statements in
    /// one call (binding the placeholders by position across them), so that is one
    /// hand-over to the connection's thread instead of one per table and chunk (each wakes
    /// that thread and then the writer task; issue 18's profile). The first statement that
    /// fails stops the rest, and the caller's transaction is rolled back.
    pub(crate) async fn put_batch(
        &self,
        tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
        reports: &[NewReportRow],
        events: &[NewEvent],
    ) -> Result<()> {
        let entries = self.link(tx, events).await?;
        let keyed = keyed(reports);
        let mut q = sqlx::QueryBuilder::<sqlx::Sqlite>::new("");
        for range in chunks(reports.len()) {
            Self::push_reports(&mut q, &reports[range]);
            q.push(";\n");
        }
        for range in chunks(keyed.len()) {
            Self::push_case_keys(&mut q, &keyed[range]);
            q.push(";\n");
        }
        for range in chunks(entries.len()) {
            Self::push_entries(&mut q, &entries[range]);
            q.push(";\n");
        }
        if let Some(last) = entries.last() {
            q.push("UPDATE audit_head SET hash = ").push_bind(last.hash.as_slice()).push(" WHERE id = 1");
        }
        q.build().execute(&mut **tx).await.map_err(map_err)?;
        self.put_attached(tx, reports).await
    }
}

impl PgStore {
    /// The same as SQLite's, a statement a chunk and table (PostgreSQL's extended protocol
    /// takes one statement per prepared query), and the chain's places taken last: the
    /// head's row lock, which every audited write across the instances waits for, is held
    /// only for the entries' insert and the commit.
    pub(crate) async fn put_batch(
        &self,
        tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
        reports: &[NewReportRow],
        events: &[NewEvent],
    ) -> Result<()> {
        for range in chunks(reports.len()) {
            let mut q = sqlx::QueryBuilder::<sqlx::Postgres>::new("");
            Self::push_reports(&mut q, &reports[range]);
            q.build().execute(&mut **tx).await.map_err(map_err)?;
        }
        let keyed = keyed(reports);
        for range in chunks(keyed.len()) {
            let mut q = sqlx::QueryBuilder::<sqlx::Postgres>::new("");
            Self::push_case_keys(&mut q, &keyed[range]);
            q.build().execute(&mut **tx).await.map_err(map_err)?;
        }
        self.put_attached(tx, reports).await?;
        self.append_all(tx, events).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_cover_every_row_once_in_few_statements() {
        for n in 0..=1_000 {
            let ranges: Vec<_> = chunks(n).collect();
            let mut next = 0;
            for r in &ranges {
                assert_eq!(r.start, next, "n = {n}");
                assert!(!r.is_empty() && r.len() <= MAX_ROWS, "n = {n}: {r:?}");
                next = r.end;
            }
            assert_eq!(next, n);
            assert_eq!(ranges.len(), n.div_ceil(MAX_ROWS), "n = {n}");
        }
        assert_eq!(chunks(37).map(|r| r.len()).collect::<Vec<_>>(), vec![37]);
        assert_eq!(chunks(150).map(|r| r.len()).collect::<Vec<_>>(), vec![64, 64, 22]);
    }
}
