//! The matcher finds exactly what a brute-force scan finds — on uniformly random hashes and
//! on clustered ones (near-duplicates, as re-shared images produce), at the conventional
//! threshold and around it, and with all eight dihedral variants of a query.

use zeri_hashing::{Hash256, Index, MATCH_THRESHOLD};

/// SplitMix64: a fixed pseudo-random sequence, so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn hash(&mut self) -> Hash256 {
        let mut bytes = [0u8; 32];
        for chunk in bytes.chunks_mut(8) {
            chunk.copy_from_slice(&self.next().to_le_bytes());
        }
        Hash256::from_hex(&hex(&bytes)).unwrap()
    }
    /// `h` with `n` distinct random bits flipped.
    fn near(&mut self, h: &Hash256, n: u32) -> Hash256 {
        let mut bytes = from_hex(&h.to_hex());
        let mut flipped = std::collections::BTreeSet::new();
        while flipped.len() < n as usize {
            flipped.insert((self.next() % 256) as usize);
        }
        for b in flipped {
            bytes[b / 8] ^= 1 << (b % 8);
        }
        Hash256::from_hex(&hex(&bytes)).unwrap()
    }
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn from_hex(s: &str) -> Vec<u8> {
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
}

fn check(index: &Index<u32>, queries: &[Hash256], label: &str) -> usize {
    let mut matched = 0;
    for (i, q) in queries.iter().enumerate() {
        for d in [0, 16, MATCH_THRESHOLD, 32, 47] {
            let fast = index.multi_index_query(q, d);
            assert_eq!(fast, index.linear_query(q, d), "{label}: query {i} at {d}");
            assert_eq!(index.query(q, d), fast, "{label}: query {i} at {d}");
            if d == MATCH_THRESHOLD {
                matched += fast.len();
            }
        }
    }
    matched
}

#[test]
fn random_hashes() {
    let mut rng = Rng(7);
    let index: Index<u32> = (0..20_000u32).map(|i| (i, rng.hash())).collect();
    let queries: Vec<Hash256> = (0..50).map(|_| rng.hash()).collect();
    check(&index, &queries, "random");
}

#[test]
fn clustered_hashes() {
    let mut rng = Rng(11);
    let centres: Vec<Hash256> = (0..200).map(|_| rng.hash()).collect();
    let mut index = Index::new();
    for i in 0..20_000u32 {
        let c = centres[(rng.next() % centres.len() as u64) as usize];
        let spread = (rng.next() % 45) as u32;
        index.insert(i, rng.near(&c, spread));
    }
    let queries: Vec<Hash256> = centres.iter().take(40).enumerate().map(|(i, c)| rng.near(c, i as u32 % 30)).collect();
    let matched = check(&index, &queries, "clustered");
    assert!(matched > 1000, "clusters produce many matches: {matched}");
}

#[test]
fn any_of_eight_variants() {
    let mut rng = Rng(13);
    let mut index = Index::new();
    for i in 0..5_000u32 {
        index.insert(i, rng.hash());
    }
    let stored: Vec<Hash256> = (0..8).map(|_| rng.hash()).collect();
    for (i, h) in stored.iter().enumerate() {
        index.insert(100_000 + i as u32, rng.near(h, 20));
    }
    // A query whose seventh variant is near a stored hash matches it, with that distance.
    let variants: Vec<Hash256> = (0..8).map(|v| if v == 6 { stored[3] } else { rng.hash() }).collect();
    let found = index.query_any(&variants, MATCH_THRESHOLD);
    assert!(found.iter().any(|(id, d)| *id == 100_003 && *d == 20), "{found:?}");
    // The union equals the brute-force union, each with its smallest distance.
    let mut brute: std::collections::BTreeMap<u32, u32> = std::collections::BTreeMap::new();
    for v in &variants {
        for (id, d) in index.linear_query(v, MATCH_THRESHOLD) {
            let e = brute.entry(id).or_insert(d);
            *e = (*e).min(d);
        }
    }
    let got: std::collections::BTreeMap<u32, u32> = found.into_iter().collect();
    assert_eq!(got, brute);
}
