//! Matching speed at the PDQ threshold, for `scripts/bench-hashing` (docs/BENCHMARKS.md).
//!
//! Generates a set of hashes and queries from a fixed seed, writes them for the Python side
//! (FAISS), builds an [`Index`], times [`Index::query`] (multi-index) and
//! [`Index::linear_query`] (brute force) on one thread, checks that both give the same
//! matches, writes those matches, and prints tab-separated `RESULT` lines.
//!
//! Kinds of data:
//! - `uniform`: independent random hashes; each query is a stored hash with 0–40 random
//!   bits flipped (so most queries have one match and some none);
//! - `clustered`: groups of near-duplicates, each stored hash being one of N / 10 random
//!   centres with 0–12 bits flipped (groups of about ten); each query is a centre with 0–24
//!   bits flipped, so it matches most of its group and misses some members near the edge.
//!
//! Files written to OUT (all little endian): `NAME.db` and `NAME.q`, 32 bytes per hash in
//! the order of the hex text; `NAME.matches`: u64 query count, u64 match count, u64
//! offsets (count + 1), then u32 positions and u32 distances of the matches, per query
//! sorted by position.
//!
//! Usage: `cargo run --release -p zeri-hashing --example bench_match -- --kind uniform
//! --hashes 1000000 [--queries 1000] [--linear-queries 1000] [--insert] [--out DIR] [--seed S]`
//! (`--insert`: also build the index one `insert` at a time and time queries on it).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use zeri_hashing::{Hash256, Index, MATCH_THRESHOLD};

/// SplitMix64: a fixed sequence from the seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn hash(&mut self) -> [u8; 32] {
        let mut bytes = [0u8; 32];
        for chunk in bytes.chunks_exact_mut(8) {
            chunk.copy_from_slice(&self.next().to_le_bytes());
        }
        bytes
    }
    /// `h` with `n` distinct random bits flipped.
    fn near(&mut self, h: &[u8; 32], n: usize) -> [u8; 32] {
        let mut out = *h;
        let mut flipped = 0;
        while flipped < n {
            let bit = self.below(256);
            if out[bit / 8] & (1 << (bit % 8)) == h[bit / 8] & (1 << (bit % 8)) {
                out[bit / 8] ^= 1 << (bit % 8);
                flipped += 1;
            }
        }
        out
    }
}

fn write_hashes(path: PathBuf, hashes: &[[u8; 32]]) {
    let mut f = BufWriter::new(File::create(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())));
    for h in hashes {
        f.write_all(h).expect("write");
    }
    f.flush().expect("write");
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn main() {
    let mut kind = String::from("uniform");
    let mut n = 1_000_000usize;
    let mut queries = 1000usize;
    let mut linear_queries = usize::MAX;
    let mut one_by_one = false;
    let mut seed = 2026u64;
    let mut out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/bench-hashing");
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().unwrap_or_else(|| panic!("{arg} needs a value"));
        match arg.as_str() {
            "--kind" => kind = value(),
            "--hashes" => n = value().parse().expect("--hashes N"),
            "--queries" => queries = value().parse().expect("--queries N"),
            "--linear-queries" => linear_queries = value().parse().expect("--linear-queries N"),
            "--seed" => seed = value().parse().expect("--seed S"),
            "--insert" => one_by_one = true,
            "--out" => out = PathBuf::from(value()),
            other => panic!("unknown argument {other}"),
        }
    }
    std::fs::create_dir_all(&out).expect("create output folder");
    let linear_queries = linear_queries.min(queries);
    let name = format!("{kind}-{n}");

    // The data, from the seed.
    let mut rng = Rng(seed ^ n as u64);
    let (db, qs): (Vec<[u8; 32]>, Vec<[u8; 32]>) = match kind.as_str() {
        "uniform" => {
            let db: Vec<[u8; 32]> = (0..n).map(|_| rng.hash()).collect();
            let qs = (0..queries)
                .map(|_| {
                    let source = db[rng.below(n)];
                    let bits = rng.below(41);
                    rng.near(&source, bits)
                })
                .collect();
            (db, qs)
        }
        "clustered" => {
            let centres: Vec<[u8; 32]> = (0..(n / 10).max(1)).map(|_| rng.hash()).collect();
            let db = (0..n)
                .map(|_| {
                    let centre = centres[rng.below(centres.len())];
                    let bits = rng.below(13);
                    rng.near(&centre, bits)
                })
                .collect();
            let qs = (0..queries)
                .map(|_| {
                    let centre = centres[rng.below(centres.len())];
                    let bits = rng.below(25);
                    rng.near(&centre, bits)
                })
                .collect();
            (db, qs)
        }
        other => panic!("unknown kind {other} (uniform or clustered)"),
    };
    write_hashes(out.join(format!("{name}.db")), &db);
    write_hashes(out.join(format!("{name}.q")), &qs);
    let queries: Vec<Hash256> = qs.iter().map(|b| Hash256::from_bytes(*b)).collect();

    // Build.
    let t = Instant::now();
    let index: Index<u32> = (0u32..).zip(db.iter().map(|b| Hash256::from_bytes(*b))).collect();
    let build = t.elapsed();
    // The same entries inserted one at a time, as a server loading its lists does: the
    // recent ones wait in the tail's hash maps until the next merge.
    let inserted = one_by_one.then(|| {
        let t = Instant::now();
        let mut index: Index<u32> = Index::new();
        for (i, b) in (0u32..).zip(&db) {
            index.insert(i, Hash256::from_bytes(*b));
        }
        (index, t.elapsed())
    });
    drop(db);

    // Multi-index queries, one at a time, timed each; whole passes repeated for at least
    // two seconds (and three passes) and the median pass kept, so short runs are stable.
    let mut found = Vec::with_capacity(queries.len());
    let mut latencies = Vec::with_capacity(queries.len());
    let mut passes = Vec::new();
    let start = Instant::now();
    while passes.len() < 3 || start.elapsed() < Duration::from_secs(2) {
        found.clear();
        latencies.clear();
        let pass = Instant::now();
        for q in &queries {
            let t = Instant::now();
            let hits = index.query(q, MATCH_THRESHOLD);
            latencies.push(t.elapsed());
            found.push(hits);
        }
        passes.push(pass.elapsed());
    }
    passes.sort_unstable();
    latencies.sort_unstable();
    let mih_mean = micros(passes[passes.len() / 2]) / queries.len() as f64;

    // Brute force on the first `linear_queries`, and the check.
    let mut linear_latencies = Vec::with_capacity(linear_queries);
    let pass = Instant::now();
    for (i, q) in queries.iter().take(linear_queries).enumerate() {
        let t = Instant::now();
        let hits = index.linear_query(q, MATCH_THRESHOLD);
        linear_latencies.push(t.elapsed());
        assert_eq!(hits, found[i], "query {i}: multi-index and brute force differ");
    }
    let linear_mean = micros(pass.elapsed()) / linear_queries.max(1) as f64;
    linear_latencies.sort_unstable();

    if let Some((index, build)) = inserted {
        let mut latencies = Vec::with_capacity(queries.len());
        let pass = Instant::now();
        for (i, q) in queries.iter().enumerate() {
            let t = Instant::now();
            let hits = index.query(q, MATCH_THRESHOLD);
            latencies.push(t.elapsed());
            assert_eq!(hits, found[i], "query {i}: the index built one by one differs");
        }
        let mean = micros(pass.elapsed()) / queries.len() as f64;
        latencies.sort_unstable();
        println!(
            "RESULT\tmatch\t{name}\t{n}\t{}\trust-mih-inserted\t{:.3}\t{mean:.2}\t{:.2}\t{:.2}\t{}\t{}",
            queries.len(),
            build.as_secs_f64(),
            micros(percentile(&latencies, 0.5)),
            micros(percentile(&latencies, 0.99)),
            found.iter().map(Vec::len).sum::<usize>(),
            found.iter().filter(|h| !h.is_empty()).count(),
        );
    }

    // Matches for the Python side, per query by position.
    let total: usize = found.iter().map(Vec::len).sum();
    let mut f = BufWriter::new(File::create(out.join(format!("{name}.matches"))).expect("matches"));
    let mut offsets = vec![0u64];
    let mut positions = Vec::with_capacity(total);
    let mut distances = Vec::with_capacity(total);
    for hits in &found {
        let mut hits = hits.clone();
        hits.sort_unstable();
        positions.extend(hits.iter().map(|&(p, _)| p));
        distances.extend(hits.iter().map(|&(_, d)| d));
        offsets.push(positions.len() as u64);
    }
    f.write_all(&(queries.len() as u64).to_le_bytes()).expect("write");
    f.write_all(&(total as u64).to_le_bytes()).expect("write");
    for o in offsets {
        f.write_all(&o.to_le_bytes()).expect("write");
    }
    for p in positions {
        f.write_all(&p.to_le_bytes()).expect("write");
    }
    for d in distances {
        f.write_all(&d.to_le_bytes()).expect("write");
    }
    f.flush().expect("write matches");

    let with_match = found.iter().filter(|h| !h.is_empty()).count();
    // RESULT, match, name, hashes, queries timed, implementation, build s, mean µs per
    // query, p50 µs, p99 µs, matches, queries with a match
    println!(
        "RESULT\tmatch\t{name}\t{n}\t{}\trust-mih\t{:.3}\t{:.2}\t{:.2}\t{:.2}\t{total}\t{with_match}",
        queries.len(),
        build.as_secs_f64(),
        mih_mean,
        micros(percentile(&latencies, 0.5)),
        micros(percentile(&latencies, 0.99)),
    );
    let linear_total: usize = found.iter().take(linear_queries).map(Vec::len).sum();
    println!(
        "RESULT\tmatch\t{name}\t{n}\t{linear_queries}\trust-linear\t0\t{:.2}\t{:.2}\t{:.2}\t{linear_total}\t{}",
        linear_mean,
        micros(percentile(&linear_latencies, 0.5)),
        micros(percentile(&linear_latencies, 0.99)),
        found.iter().take(linear_queries).filter(|h| !h.is_empty()).count(),
    );
    eprintln!(
        "bench_match {name}: multi-index equals brute force on {linear_queries} of {} queries; {total} matches",
        queries.len()
    );
}
