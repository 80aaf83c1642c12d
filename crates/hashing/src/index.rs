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
//!
//! # Layout
//!
//! Each table is stored flat (compressed sparse rows): for each of the 65,536 segment
//! values the start of its run in one array of `u32` positions, so a probe is two reads and
//! the candidates of a value are contiguous. That array cannot grow in place, so entries
//! inserted one by one first go to small per-segment hash maps (the "tail"), and the tail
//! is merged into the flat tables whenever it has grown as large as them: each entry is
//! moved a bounded number of times (at most twice on average), and [`FromIterator`] and
//! [`Extend`] build the flat tables in one go.
//!
//! A hash near the query in several segments is a candidate several times. Instead of
//! collecting and deduplicating candidates, a match is kept only from the first segment in
//! which it is within the probe radius, a check made on the hash itself and only for
//! matches. The hashes are stored 32-byte aligned, so reading one is one cache line.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::Hash256;

/// Conventional PDQ match threshold: hashes at Hamming distance ≤ 31 of 256 bits match.
pub const MATCH_THRESHOLD: u32 = 31;

const SEGMENTS: usize = 16;
const SEGMENT_BITS: u32 = 16;
const VALUES: usize = 1 << SEGMENT_BITS;
/// Rough cost of one table probe in full-hash comparisons, for choosing a linear scan.
const PROBE_COST_IN_COMPARISONS: u64 = 8;
/// Below this many entries the flat tables (16 × 65,537 run starts, 4 MiB) are not built
/// and every entry stays in the tail's hash maps.
const MIN_FLAT: usize = 1 << 16;

/// A stored hash as four 64-bit limbs (most significant first, as [`Hash256`] keeps them),
/// aligned so that it never straddles two cache lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(align(32))]
struct Slot([u64; 4]);

impl Slot {
    fn new(hash: &Hash256) -> Self {
        let bytes = hash.to_bytes();
        Slot(std::array::from_fn(|i| {
            let mut eight = [0u8; 8];
            eight.copy_from_slice(&bytes[8 * i..8 * i + 8]);
            u64::from_be_bytes(eight)
        }))
    }

    /// [`Hash256::word`]: bits `16 i` to `16 i + 15`.
    #[inline(always)]
    fn word(&self, i: usize) -> u16 {
        // Truncation intended: keep the 16 bits of the word.
        (self.0[3 - i / 4] >> ((i % 4) * 16)) as u16
    }

    /// The distance if it is at most `max_distance`. Half the bits are counted first: for a
    /// hash far from the query (most candidates) they are already too many.
    #[inline(always)]
    fn within(&self, other: &Slot, max_distance: u32) -> Option<u32> {
        let [a, b, c, d] = self.0;
        let [e, f, g, h] = other.0;
        let half = (a ^ e).count_ones() + (b ^ f).count_ones();
        if half > max_distance {
            return None;
        }
        let distance = half + (c ^ g).count_ones() + (d ^ h).count_ones();
        (distance <= max_distance).then_some(distance)
    }
}

/// An in-memory set of hashes with ids, searchable by Hamming distance.
///
/// Ids need not be unique: the index stores entries, and a query returns every matching
/// entry. Queries return `(id, distance)` sorted by distance, then by insertion order.
#[derive(Debug, Clone)]
pub struct Index<Id = u64> {
    hashes: Vec<Slot>,
    ids: Vec<Id>,
    /// Entries `0..flat_len` are in the flat tables, the rest in `tail`.
    flat_len: usize,
    /// For segment `s` and value `v`, the positions of the flat entries whose segment `s`
    /// is `v` are `positions[s * flat_len ..][starts[s * (VALUES + 1) + v] ..
    /// starts[s * (VALUES + 1) + v + 1]]`, in insertion order. Empty below [`MIN_FLAT`].
    starts: Vec<u32>,
    positions: Vec<u32>,
    /// For each segment, segment value → positions of the tail entries with it.
    tail: Vec<TailTable>,
}

type TailTable = HashMap<u16, Vec<u32>, BuildHasherDefault<SegmentHasher>>;

/// Hasher for the tail's keys, 16-bit segment values that are already uniformly spread:
/// one multiplication (Fibonacci hashing) that puts them in the high bits the table reads.
/// Hand-written because the standard SipHash costs more than the look-up itself, and a
/// crate for two lines is not worth a dependency.
#[derive(Default)]
struct SegmentHasher(u64);

impl Hasher for SegmentHasher {
    fn finish(&self) -> u64 {
        self.0.wrapping_mul(0x9E37_79B9_7F4A_7C15)
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u16(&mut self, v: u16) {
        self.0 = u64::from(v);
    }
}

impl<Id> Default for Index<Id> {
    fn default() -> Self {
        Index {
            hashes: Vec::new(),
            ids: Vec::new(),
            flat_len: 0,
            starts: Vec::new(),
            positions: Vec::new(),
            tail: (0..SEGMENTS).map(|_| TailTable::default()).collect(),
        }
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
        self.hashes.push(Slot::new(&hash));
        self.ids.push(id);
        let tail_len = self.hashes.len() - self.flat_len;
        if self.hashes.len() >= MIN_FLAT && tail_len >= self.flat_len {
            self.rebuild();
        } else {
            for (segment, table) in self.tail.iter_mut().enumerate() {
                table.entry(hash.word(segment)).or_default().push(position);
            }
        }
    }

    /// Keeps only the entries whose id `keep` accepts (in insertion order) and returns how
    /// many were removed. Rebuilds the tables when any was: meant for rare removals (an
    /// erased case), not for every query.
    pub fn retain(&mut self, mut keep: impl FnMut(&Id) -> bool) -> usize {
        let kept: Vec<bool> = self.ids.iter().map(&mut keep).collect();
        let removed = kept.iter().filter(|k| !**k).count();
        if removed == 0 {
            return 0;
        }
        let mut decisions = kept.iter();
        self.hashes.retain(|_| *decisions.next().unwrap_or(&true));
        let mut decisions = kept.iter();
        self.ids.retain(|_| *decisions.next().unwrap_or(&true));
        // Every entry goes back into the tail, or into the flat tables when large.
        self.flat_len = 0;
        self.starts.clear();
        self.positions.clear();
        self.tail.iter_mut().for_each(HashMap::clear);
        if self.hashes.len() >= MIN_FLAT {
            self.rebuild();
        } else {
            for (position, slot) in (0u32..).zip(&self.hashes) {
                for (segment, table) in self.tail.iter_mut().enumerate() {
                    table.entry(slot.word(segment)).or_default().push(position);
                }
            }
        }
        removed
    }

    /// Puts every entry in the flat tables (counting sort by segment value) and empties the
    /// tail.
    fn rebuild(&mut self) {
        let n = self.hashes.len();
        self.tail.iter_mut().for_each(HashMap::clear);
        self.starts.clear();
        self.starts.resize(SEGMENTS * (VALUES + 1), 0);
        self.positions.clear();
        self.positions.resize(SEGMENTS * n, 0);
        for (segment, (starts, positions)) in
            self.starts.chunks_exact_mut(VALUES + 1).zip(self.positions.chunks_exact_mut(n.max(1))).enumerate()
        {
            for slot in &self.hashes {
                starts[usize::from(slot.word(segment)) + 1] += 1;
            }
            for v in 0..VALUES {
                starts[v + 1] += starts[v];
            }
            // Fill each run from its start; `next` ends up as the starts shifted by one.
            let mut next = starts[..VALUES].to_vec();
            for (position, slot) in (0u32..).zip(&self.hashes) {
                let value = usize::from(slot.word(segment));
                positions[next[value] as usize] = position;
                next[value] += 1;
            }
        }
        self.flat_len = n;
    }

    /// Every entry within `max_distance` of `hash`, as `(id, distance)`, nearest first
    /// (ties in insertion order). Uses the multi-index tables, or a linear scan when that is
    /// estimated to be cheaper; the result is the same as [`Index::linear_query`] either way.
    pub fn query(&self, hash: &Hash256, max_distance: u32) -> Vec<(Id, u32)> {
        let mut found = Vec::new();
        if self.linear_is_cheaper(max_distance) {
            self.scan(hash, max_distance, &mut found);
        } else {
            self.probe(hash, max_distance, &mut found);
        }
        self.sorted_ids(found)
    }

    /// [`Index::query`] always through the multi-index tables, however many probes that
    /// takes (up to 16 × 65,536 at thresholds of 256 and over). For tests and benchmarks.
    pub fn multi_index_query(&self, hash: &Hash256, max_distance: u32) -> Vec<(Id, u32)> {
        let mut found = Vec::new();
        self.probe(hash, max_distance, &mut found);
        self.sorted_ids(found)
    }

    /// The baseline: compares the query with every entry. Same result as [`Index::query`].
    pub fn linear_query(&self, hash: &Hash256, max_distance: u32) -> Vec<(Id, u32)> {
        let mut found = Vec::new();
        self.scan(hash, max_distance, &mut found);
        self.sorted_ids(found)
    }

    /// Every entry within `max_distance` of any of `queries` — a hash and its seven
    /// dihedral variants, so a rotated or mirrored copy still matches — with the smallest
    /// distance to any of them, nearest first (ties in insertion order).
    pub fn query_any(&self, queries: &[Hash256], max_distance: u32) -> Vec<(Id, u32)> {
        let linear = self.linear_is_cheaper(max_distance);
        let mut found = Vec::new();
        for q in queries {
            if linear {
                self.scan(q, max_distance, &mut found);
            } else {
                self.probe(q, max_distance, &mut found);
            }
        }
        // Smallest distance per entry: by position, nearest first, keep the first.
        found.sort_unstable_by_key(|&(distance, position)| (position, distance));
        found.dedup_by_key(|&mut (_, position)| position);
        self.sorted_ids(found)
    }

    /// Whether comparing with every entry is estimated to cost less than the table probes.
    fn linear_is_cheaper(&self, max_distance: u32) -> bool {
        let radius = max_distance / SEGMENTS as u32;
        // A table probe costs several times a popcount comparison.
        let probe_cost = probes_per_segment(radius).saturating_mul(SEGMENTS as u64 * PROBE_COST_IN_COMPARISONS);
        probe_cost >= self.len() as u64
    }

    /// `(distance, position)` pairs, sorted, to `(id, distance)`.
    fn sorted_ids(&self, mut found: Vec<(u32, u32)>) -> Vec<(Id, u32)> {
        found.sort_unstable();
        found.into_iter().map(|(distance, position)| (self.ids[position as usize].clone(), distance)).collect()
    }

    /// Appends `(distance, position)` for every entry within `max_distance`, comparing with
    /// each in turn.
    fn scan(&self, hash: &Hash256, max_distance: u32, found: &mut Vec<(u32, u32)>) {
        let query = Slot::new(hash);
        for (position, slot) in (0u32..).zip(&self.hashes) {
            if let Some(distance) = slot.within(&query, max_distance) {
                found.push((distance, position));
            }
        }
    }

    /// Appends `(distance, position)` for every entry within `max_distance`, through the
    /// tables, each entry once.
    fn probe(&self, hash: &Hash256, max_distance: u32, found: &mut Vec<(u32, u32)>) {
        let radius = (max_distance / SEGMENTS as u32).min(SEGMENT_BITS);
        let masks = masks_within(radius);
        let query = Slot::new(hash);
        // `position` was reached through `segment`: keep it if it matches and no earlier
        // segment is within the radius (it was, or will be, kept from that one).
        let mut check = |position: u32, segment: usize| {
            let stored = &self.hashes[position as usize];
            if let Some(distance) = stored.within(&query, max_distance) {
                if (0..segment).all(|s| (stored.word(s) ^ query.word(s)).count_ones() > radius) {
                    found.push((distance, position));
                }
            }
        };
        let flat = self.flat_len;
        let mut candidates: Vec<u32> = Vec::new();
        for segment in 0..SEGMENTS {
            let word = query.word(segment);
            if flat > 0 {
                let starts = &self.starts[segment * (VALUES + 1)..(segment + 1) * (VALUES + 1)];
                let positions = &self.positions[segment * flat..(segment + 1) * flat];
                // Gather first, then check: the checks' memory reads are then independent
                // of one another and overlap.
                candidates.clear();
                for &mask in &masks {
                    let value = usize::from(word ^ mask);
                    candidates.extend_from_slice(&positions[starts[value] as usize..starts[value + 1] as usize]);
                }
                for &position in &candidates {
                    check(position, segment);
                }
            }
            let table = &self.tail[segment];
            if !table.is_empty() {
                for &mask in &masks {
                    if let Some(positions) = table.get(&(word ^ mask)) {
                        for &position in positions {
                            check(position, segment);
                        }
                    }
                }
            }
        }
    }
}

impl<Id: Clone> FromIterator<(Id, Hash256)> for Index<Id> {
    fn from_iter<T: IntoIterator<Item = (Id, Hash256)>>(iter: T) -> Self {
        let mut index = Index::new();
        index.extend(iter);
        index
    }
}

impl<Id: Clone> Extend<(Id, Hash256)> for Index<Id> {
    /// Adds the entries; when that makes the index large, the flat tables are rebuilt once
    /// at the end rather than growing the tail entry by entry.
    fn extend<T: IntoIterator<Item = (Id, Hash256)>>(&mut self, iter: T) {
        let before = self.hashes.len();
        for (id, hash) in iter {
            assert!(self.hashes.len() < u32::MAX as usize, "index holds at most u32::MAX entries");
            self.hashes.push(Slot::new(&hash));
            self.ids.push(id);
        }
        let n = self.hashes.len();
        if n >= MIN_FLAT && n - self.flat_len >= self.flat_len {
            self.rebuild();
        } else {
            for position in before..n {
                let slot = self.hashes[position];
                for (segment, table) in self.tail.iter_mut().enumerate() {
                    // Lossless: at most u32::MAX entries, checked above.
                    table.entry(slot.word(segment)).or_default().push(position as u32);
                }
            }
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

    #[test]
    fn flat_tables_and_tail_together_agree_with_linear_scan() {
        // Past MIN_FLAT: built in one go, then grown one by one through the tail, across a
        // merge, with near copies in both parts.
        let base = pseudo_random_hashes(MIN_FLAT + 5000, 3);
        let mut index: Index<usize> = base.iter().copied().enumerate().take(MIN_FLAT + 10).collect();
        assert_eq!(index.flat_len, MIN_FLAT + 10);
        let spread: Vec<usize> = (0..40).map(|k| (k * 16 + k / 16) % 256).collect();
        let mut next_id = MIN_FLAT + 10;
        let check = |index: &Index<usize>| {
            for (k, q) in base.iter().step_by(997).enumerate() {
                let q = flip(q, &spread[..k % 40]);
                for threshold in [0, 15, 16, MATCH_THRESHOLD, 32, 47] {
                    let linear = index.linear_query(&q, threshold);
                    assert_eq!(index.multi_index_query(&q, threshold), linear, "threshold {threshold}");
                    assert_eq!(index.query(&q, threshold), linear, "threshold {threshold}");
                }
            }
        };
        for (i, h) in base.iter().enumerate().skip(MIN_FLAT + 10).take(3000) {
            index.insert(i, *h);
            index.insert(1_000_000 + i, flip(&base[i % 4000], &spread[..i % 35]));
            next_id = i + 1;
        }
        assert!(index.flat_len > 0 && index.flat_len < index.len(), "some entries in the tail");
        check(&index);
        // Enough more to trigger a merge of the tail into the flat tables.
        while index.flat_len != index.len() {
            index.insert(next_id, flip(&base[next_id % base.len()], &spread[..3]));
            next_id += 1;
        }
        check(&index);
    }

    #[test]
    fn retain_removes_entries_and_agrees_with_linear_scan() {
        for n in [100, MIN_FLAT + 100] {
            let base = pseudo_random_hashes(n, 11);
            let mut index: Index<usize> = base.iter().copied().enumerate().collect();
            index.insert(n, base[3]);
            // Ids 0..=n: n / 3 + 1 of them are multiples of 3 (and n is not).
            assert_eq!(index.retain(|id| id % 3 != 0), n / 3 + 1);
            assert_eq!(index.retain(|_| true), 0);
            assert_eq!(index.len(), n + 1 - (n / 3 + 1));
            assert_eq!(index.query(&base[3], 0), vec![(n, 0)], "the entry with the same hash stays");
            for q in base.iter().step_by(n / 20) {
                let linear = index.linear_query(q, MATCH_THRESHOLD);
                assert_eq!(index.multi_index_query(q, MATCH_THRESHOLD), linear);
                assert!(linear.iter().all(|(id, _)| id % 3 != 0), "removed entries are never found");
            }
        }
    }

    #[test]
    fn query_any_keeps_the_smallest_distance() {
        let base = pseudo_random_hashes(100, 5);
        let index: Index<usize> = base.iter().copied().enumerate().collect();
        let spread: Vec<usize> = (0..40).map(|k| (k * 16 + k / 16) % 256).collect();
        let near = [flip(&base[7], &spread[..20]), flip(&base[7], &spread[..5]), base[9]];
        let found = index.query_any(&near, MATCH_THRESHOLD);
        assert_eq!(found, vec![(9, 0), (7, 5)]);
    }
}
