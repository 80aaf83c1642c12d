//! Finding every stored hash within a Hamming distance of a query: multi-index hashing
//! (Norouzi, Punjani and Fleet, "Fast Search in Hamming Space with Multi-Index Hashing",
//! CVPR 2012), the scheme of the reference's `pdq/cpp/index/mih.h`.
//!
//! # Scheme
//!
//! The 256 bits are cut into 16 segments of 16 bits (the reference's 16-bit words). Two
//! hashes at distance `d` differ in `d_0 + … + d_15 = d` bits over the segments, so by the
//! pigeonhole principle at least one segment differs in at most `floor(d / 16)` bits. For
//! each segment the index keeps a table from the segment's 16-bit value to the hashes that
//! have it. A query with threshold `r` therefore only has to look, in each of the 16
//! tables, at the values within `s = floor(r / 16)` bits of its own segment: every hash
//! within `r` is among those candidates, whose exact distance is then checked.
//!
//! At the conventional threshold of 31, `s = 1`: 17 values (the segment itself and its 16
//! one-bit neighbours) per table, 272 table probes in all, however large the index. With
//! 8 segments of 32 bits the radius would be 3 and each table would need 5,489 probes, so
//! 16 × 16 is the better cut for thresholds in the usual range. As `r` grows the probes
//! grow as the sum of C(16, k) for k ≤ s; when they would cost more than comparing the
//! query with every stored hash (small indexes, large thresholds), [`Index::query`] does
//! that linear scan instead. [`Index::linear_query`] is the plain scan, kept as the
//! baseline the tests compare against.

use std::collections::HashMap;

use crate::Hash256;

/// Conventional PDQ match threshold: hashes at Hamming distance ≤ 31 of 256 bits match.
pub const MATCH_THRESHOLD: u32 = 31;

const SEGMENTS: usize = 16;
const SEGMENT_BITS: u32 = 16;
/// Rough cost of one table probe in full-hash comparisons, for choosing a linear scan.
const PROBE_COST_IN_COMPARISONS: u64 = 8;

/// An in-memory set of hashes with ids, searchable by Hamming distance.
///
/// Ids need not be unique: the index stores entries, and a query returns every matching
/// entry. Queries return `(id, distance)` sorted by distance, then by insertion order.
#[derive(Debug, Clone)]
pub struct Index<Id = u64> {
    hashes: Vec<Hash256>,
    ids: Vec<Id>,
    /// For each segment, segment value → positions (into `hashes`) of the entries with it.
    tables: Vec<HashMap<u16, Vec<u32>>>,
}

impl<Id> Default for Index<Id> {
    fn default() -> Self {
        Index { hashes: Vec::new(), ids: Vec::new(), tables: (0..SEGMENTS).map(|_| HashMap::new()).collect() }
    }
}

impl<Id: Clone> Index<Id> {
    /// An empty index.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.hashes.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.hashes.is_empty()
    }

    /// Adds an entry.
    ///
    /// # Panics
    /// With more than `u32::MAX` entries (positions are stored as `u32` to halve the tables).
    pub fn insert(&mut self, id: Id, hash: Hash256) {
        let position = u32::try_from(self.hashes.len()).expect("index holds at most u32::MAX entries");
        for (segment, table) in self.tables.iter_mut().enumerate() {
            table.entry(hash.word(segment)).or_default().push(position);
        }
        self.hashes.push(hash);
        self.ids.push(id);
    }

    /// Every entry within `max_distance` of `hash`, as `(id, distance)`, nearest first
    /// (ties in insertion order). Uses the multi-index tables, or a linear scan when that is
    /// estimated to be cheaper; the result is the same as [`Index::linear_query`] either way.
    pub fn query(&self, hash: &Hash256, max_distance: u32) -> Vec<(Id, u32)> {
        let radius = max_distance / SEGMENTS as u32;
        // A table probe (hash-map look-up) costs several times a popcount comparison.
        let probe_cost = probes_per_segment(radius).saturating_mul(SEGMENTS as u64 * PROBE_COST_IN_COMPARISONS);
        if probe_cost >= self.len() as u64 {
            self.linear_query(hash, max_distance)
        } else {
            self.multi_index_query(hash, max_distance)
        }
    }

    /// [`Index::query`] always through the multi-index tables, however many probes that
    /// takes (up to 16 × 65,536 at thresholds of 256 and over). For tests and benchmarks.
    pub fn multi_index_query(&self, hash: &Hash256, max_distance: u32) -> Vec<(Id, u32)> {
        let radius = (max_distance / SEGMENTS as u32).min(SEGMENT_BITS);
        let mut found: Vec<(u32, u32)> = self
            .candidates(hash, radius)
            .into_iter()
            .filter_map(|position| {
                let distance = self.hashes[position as usize].hamming(hash);
                (distance <= max_distance).then_some((distance, position))
            })
            .collect();
        found.sort_unstable();
        found.into_iter().map(|(distance, position)| (self.ids[position as usize].clone(), distance)).collect()
    }

    /// Positions of the entries sharing at least one segment within `radius` bits of the
    /// query's: by the pigeonhole principle, a superset of every match within 16 × radius + 15.
    fn candidates(&self, hash: &Hash256, radius: u32) -> Vec<u32> {
        let masks = masks_within(radius);
        let mut candidates: Vec<u32> = Vec::new();
        for (segment, table) in self.tables.iter().enumerate() {
            let value = hash.word(segment);
            for &mask in &masks {
                if let Some(positions) = table.get(&(value ^ mask)) {
                    candidates.extend_from_slice(positions);
                }
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        candidates
    }

    /// Every entry within `max_distance` of any of `queries` — a hash and its seven
    /// dihedral variants, so a rotated or mirrored copy still matches — with the smallest
    /// distance to any of them, nearest first (ties in insertion order).
    pub fn query_any(&self, queries: &[Hash256], max_distance: u32) -> Vec<(Id, u32)> {
        let mut best: HashMap<u32, u32> = HashMap::new();
        for q in queries {
            for (position, distance) in self.positions_within(q, max_distance) {
                best.entry(position).and_modify(|d| *d = (*d).min(distance)).or_insert(distance);
            }
        }
        let mut found: Vec<(u32, u32)> = best.into_iter().map(|(p, d)| (d, p)).collect();
        found.sort_unstable();
        found.into_iter().map(|(distance, position)| (self.ids[position as usize].clone(), distance)).collect()
    }

    /// Positions and distances within `max_distance`, by whichever way is cheaper.
    fn positions_within(&self, hash: &Hash256, max_distance: u32) -> Vec<(u32, u32)> {
        let radius = max_distance / SEGMENTS as u32;
        let probe_cost = probes_per_segment(radius).saturating_mul(SEGMENTS as u64 * PROBE_COST_IN_COMPARISONS);
        let within = |position: u32| {
            let distance = self.hashes[position as usize].hamming(hash);
            (distance <= max_distance).then_some((position, distance))
        };
        if probe_cost >= self.len() as u64 {
            return (0..self.hashes.len() as u32).filter_map(within).collect();
        }
        self.candidates(hash, radius.min(SEGMENT_BITS)).into_iter().filter_map(within).collect()
    }

    /// The baseline: compares the query with every entry. Same result as [`Index::query`].
    pub fn linear_query(&self, hash: &Hash256, max_distance: u32) -> Vec<(Id, u32)> {
        let mut found: Vec<(u32, usize)> = self
            .hashes
            .iter()
            .enumerate()
            .filter_map(|(position, stored)| {
                let distance = stored.hamming(hash);
                (distance <= max_distance).then_some((distance, position))
            })
            .collect();
        found.sort_unstable();
        found.into_iter().map(|(distance, position)| (self.ids[position].clone(), distance)).collect()
    }
}

impl<Id: Clone> FromIterator<(Id, Hash256)> for Index<Id> {
    fn from_iter<T: IntoIterator<Item = (Id, Hash256)>>(iter: T) -> Self {
        let mut index = Index::new();
        for (id, hash) in iter {
            index.insert(id, hash);
        }
        index
    }
}

impl<Id: Clone> Extend<(Id, Hash256)> for Index<Id> {
    fn extend<T: IntoIterator<Item = (Id, Hash256)>>(&mut self, iter: T) {
        for (id, hash) in iter {
            self.insert(id, hash);
        }
    }
}

/// Number of 16-bit values within `radius` bits of a given one: sum of C(16, k), k ≤ radius.
fn probes_per_segment(radius: u32) -> u64 {
    let mut total = 0u64;
    let mut binomial = 1u64; // C(16, 0)
    for k in 0..=radius.min(SEGMENT_BITS) {
        total += binomial;
        binomial = binomial * u64::from(SEGMENT_BITS - k) / u64::from(k + 1);
    }
    total
}

/// All 16-bit masks with at most `radius` bits set, fewest bits first.
fn masks_within(radius: u32) -> Vec<u16> {
    let mut masks = Vec::with_capacity(usize::try_from(probes_per_segment(radius)).unwrap_or(0));
    masks.push(0u16);
    for bits in 1..=radius.min(SEGMENT_BITS) {
        // Gosper's hack: every value with exactly `bits` bits set, in increasing order.
        let mut v: u32 = (1u32 << bits) - 1;
        while v < (1u32 << SEGMENT_BITS) {
            // Lossless: v < 2^16 here.
            masks.push(v as u16);
            let c = v & v.wrapping_neg();
            let r = v + c;
            v = (((r ^ v) >> 2) / c) | r;
        }
    }
    masks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probe_counts() {
        assert_eq!(probes_per_segment(0), 1);
        assert_eq!(probes_per_segment(1), 17);
        assert_eq!(probes_per_segment(2), 137);
        assert_eq!(probes_per_segment(16), 65536);
        for r in 0..=16 {
            let masks = masks_within(r);
            assert_eq!(masks.len() as u64, probes_per_segment(r), "radius {r}");
            assert!(masks.iter().all(|m| m.count_ones() <= r));
            let mut unique = masks.clone();
            unique.sort_unstable();
            unique.dedup();
            assert_eq!(unique.len(), masks.len());
        }
    }

    fn pseudo_random_hashes(count: usize, seed: u64) -> Vec<Hash256> {
        // xorshift64*: deterministic, no dependency.
        let mut state = seed | 1;
        let mut next = || {
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            state.wrapping_mul(0x2545_f491_4f6c_dd1d)
        };
        (0..count)
            .map(|_| {
                let mut bytes = [0u8; 32];
                for chunk in bytes.chunks_exact_mut(8) {
                    chunk.copy_from_slice(&next().to_le_bytes());
                }
                Hash256::from_bytes(bytes)
            })
            .collect()
    }

    fn flip(hash: &Hash256, bits: &[usize]) -> Hash256 {
        let mut bytes = hash.to_bytes();
        for &k in bits {
            bytes[31 - k / 8] ^= 1 << (k % 8);
        }
        Hash256::from_bytes(bytes)
    }

    #[test]
    fn finds_near_copies_and_agrees_with_linear_scan() {
        let base = pseudo_random_hashes(2000, 7);
        let mut index: Index<usize> = base.iter().copied().enumerate().collect();
        // Near copies of entry 0 at known distances, spread over the segments so that
        // no segment keeps all of its bits (the hard case for multi-indexing).
        let spread: Vec<usize> = (0..40).map(|k| (k * 16 + k / 16) % 256).collect();
        for d in [0usize, 1, 15, 16, 17, 31, 32, 40] {
            index.insert(10_000 + d, flip(&base[0], &spread[..d]));
        }
        let hits = index.multi_index_query(&base[0], MATCH_THRESHOLD);
        assert_eq!(hits, index.query(&base[0], MATCH_THRESHOLD));
        let ids: Vec<usize> = hits.iter().map(|(id, _)| *id).collect();
        assert_eq!(ids, vec![0, 10_000, 10_001, 10_015, 10_016, 10_017, 10_031]);
        assert_eq!(hits[5], (10_017, 17));
        for threshold in [0, 1, 15, 16, 31, 32, 47, 48, 64, 100, 256, 1000] {
            // Radius 4 and more means thousands of probes per segment: fewer queries there.
            let queries = if threshold < 64 { 50 } else { 2 };
            for q in base.iter().take(queries) {
                let linear = index.linear_query(q, threshold);
                assert_eq!(index.multi_index_query(q, threshold), linear, "threshold {threshold}");
                assert_eq!(index.query(q, threshold), linear, "threshold {threshold}");
            }
        }
    }

    #[test]
    fn empty_index() {
        let index: Index = Index::new();
        assert!(index.is_empty());
        assert!(index.query(&Hash256::ZERO, 256).is_empty());
    }
}
