//! The PDQ matcher: hash lists and earlier evidence in memory, kept current from the store.

use std::sync::RwLock;
use zeri_hashing::{Hash256, Index, MATCH_THRESHOLD};
use zeri_storage::{MatchTarget, NewMatch, Store, StoreError};

/// Hashes of every hash-list entry and every piece of evidence, in memory, for matching
/// new evidence by PDQ within [`MATCH_THRESHOLD`] in any of its eight orientations.
/// Loaded at start; new evidence and imported lists are added as they commit. The store is
/// the authority: evidence whose hashes erasure removed is dropped on every instance when
/// the erasure is signalled ([`Matcher::forget`], from `service::bus`) and, should a signal
/// be lost, when a query meets it (see `service::inspection`), so a match never points at
/// an erased case.
#[derive(Default)]
pub struct Matcher {
    index: RwLock<Index<MatchTarget>>,
    /// The highest hash-list entry id in the index.
    last_entry: std::sync::atomic::AtomicI64,
}

impl Matcher {
    pub async fn load(store: &dyn Store) -> Result<Self, StoreError> {
        // Built in one go (`collect`): much faster than inserting one by one.
        let index: Index<MatchTarget> = store
            .evidence_pdqs()
            .await?
            .into_iter()
            .filter_map(|(id, hex)| Hash256::from_hex(&hex).ok().map(|h| (MatchTarget::Evidence(id), h)))
            .collect();
        let matcher = Self { index: RwLock::new(index), last_entry: Default::default() };
        matcher.refresh_lists(store).await?;
        Ok(matcher)
    }

    /// Builds the index again from the database (after the signal bus reconnected, when
    /// signals of other instances may have been missed).
    pub async fn reload(&self, store: &dyn Store) -> Result<(), StoreError> {
        let fresh = Self::load(store).await?;
        let index = fresh.index.into_inner().unwrap_or_else(|e| e.into_inner());
        let last = fresh.last_entry.load(std::sync::atomic::Ordering::SeqCst);
        if let Ok(mut mine) = self.index.write() {
            *mine = index;
            self.last_entry.store(last, std::sync::atomic::Ordering::SeqCst);
        }
        Ok(())
    }

    /// Adds one piece of evidence, its hash read from the database (inspected by another
    /// instance); `false` when it has no PDQ hash (not an image, erased) or is known already.
    pub async fn add_from_store(&self, store: &dyn Store, evidence_id: &str) -> Result<bool, StoreError> {
        let Some(row) = store.evidence(evidence_id).await? else { return Ok(false) };
        let Some(hash) = row.pdq.as_deref().and_then(|h| Hash256::from_hex(h).ok()) else { return Ok(false) };
        let target = MatchTarget::Evidence(row.id);
        if self.contains(&target, &hash) {
            return Ok(false);
        }
        self.add(target, hash);
        Ok(true)
    }

    /// Whether the index holds `target` with `hash`.
    pub fn contains(&self, target: &MatchTarget, hash: &Hash256) -> bool {
        self.index.read().map(|i| i.query(hash, 0).iter().any(|(t, _)| t == target)).unwrap_or(false)
    }

    /// Adds the list entries imported since the last call; returns them (id, hash).
    pub async fn refresh_lists(&self, store: &dyn Store) -> Result<Vec<(i64, Hash256)>, StoreError> {
        use std::sync::atomic::Ordering;
        let after = self.last_entry.load(Ordering::SeqCst);
        let entries: Vec<(i64, Hash256)> = store
            .hash_entry_pdqs(after)
            .await?
            .into_iter()
            .filter_map(|(id, hex)| Hash256::from_hex(&hex).ok().map(|h| (id, h)))
            .collect();
        if let Ok(mut index) = self.index.write() {
            index.extend(entries.iter().map(|(id, h)| (MatchTarget::ListEntry(*id), *h)));
        }
        if let Some((last, _)) = entries.last() {
            self.last_entry.fetch_max(*last, Ordering::SeqCst);
        }
        Ok(entries)
    }

    /// Earlier evidence that the list entries `new` match by PDQ. Only the stored hash of
    /// each file is compared (its other orientations are not kept), so a rotated copy is
    /// found at intake but not by this look back.
    pub async fn earlier_matches(
        &self,
        store: &dyn Store,
        new: &[(i64, Hash256)],
    ) -> Result<Vec<(String, NewMatch)>, StoreError> {
        if new.is_empty() {
            return Ok(Vec::new());
        }
        let index: Index<i64> = new.iter().copied().collect();
        let mut found = Vec::new();
        for (evidence_id, hex) in store.evidence_pdqs().await? {
            let Ok(h) = Hash256::from_hex(&hex) else { continue };
            for (entry, distance) in index.query(&h, MATCH_THRESHOLD) {
                let target = MatchTarget::ListEntry(entry);
                found.push((evidence_id.clone(), NewMatch { via: "pdq", distance: i64::from(distance), target }));
            }
        }
        Ok(found)
    }

    /// How many hashes the index holds (for the metrics).
    pub fn len(&self) -> usize {
        self.index.read().map(|i| i.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Drops evidence whose hashes are gone (its case erased); returns how many entries went.
    pub fn forget(&self, evidence: &[String]) -> usize {
        if evidence.is_empty() {
            return 0;
        }
        let gone: std::collections::HashSet<&str> = evidence.iter().map(String::as_str).collect();
        match self.index.write() {
            Ok(mut index) => index.retain(|t| !matches!(t, MatchTarget::Evidence(id) if gone.contains(id.as_str()))),
            Err(_) => 0,
        }
    }

    pub fn add(&self, target: MatchTarget, hash: Hash256) {
        if let Ok(mut index) = self.index.write() {
            index.insert(target, hash);
        }
    }

    pub(crate) fn find(&self, queries: &[Hash256]) -> Vec<(MatchTarget, u32)> {
        self.index.read().map(|i| i.query_any(queries, MATCH_THRESHOLD)).unwrap_or_default()
    }
}
