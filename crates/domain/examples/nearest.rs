//! Benchmark: nearest-services query over 100,000 generated services (R*-tree) against a
//! brute-force scan of the same directory, in the same run. Not part of CI.
//!
//!     cargo run --release -p zeri-domain --example nearest [services] [queries]
//!
//! Services are spread uniformly over Albania's bounding box with random kinds; queries
//! come from random points in the same box, asking for the 10 nearest of one random kind
//! (or any kind), as `GET /api/v1/services` does.

use std::time::Instant;

use zeri_domain::directory::{blank_service, Channel, Directory, Point, Query, ServiceKind};

/// A small, fixed pseudo-random sequence (SplitMix64), so every run measures the same data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn point(&mut self) -> Point {
        Point { lat: 39.64 + self.unit() * 3.0, lon: 19.28 + self.unit() * 1.8 }
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let queries: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let mut rng = Rng(42);
    let services = (0..n)
        .map(|i| {
            let mut s = blank_service(format!("{i:08}"));
            s.name = format!("Service {i}");
            s.kinds = vec![ServiceKind::ALL[(rng.next() % ServiceKind::ALL.len() as u64) as usize]];
            s.channels = vec![Channel::InPerson];
            s.location = Some(rng.point());
            s
        })
        .collect();
    let t = Instant::now();
    let d = Directory::new(services);
    println!("built the index of {n} services in {:.0} ms", t.elapsed().as_secs_f64() * 1000.0);
    let qs: Vec<(Point, Query)> = (0..queries)
        .map(|_| {
            let k = rng.next() % (ServiceKind::ALL.len() as u64 + 1);
            let kind = ServiceKind::ALL.get(k as usize).copied();
            (rng.point(), Query { kind, ..Query::default() })
        })
        .collect();
    let run = |name: &str, count: usize, f: &dyn Fn(Point, &Query) -> usize| {
        let mut times = Vec::with_capacity(count);
        let mut found = 0;
        for (p, q) in qs.iter().take(count) {
            let t = Instant::now();
            found += f(*p, q);
            times.push(t.elapsed().as_secs_f64() * 1e3);
        }
        times.sort_by(|a, b| a.partial_cmp(b).unwrap());
        println!(
            "{name:<12} {count:>6} queries  p50 {:>8.3} ms  p99 {:>8.3} ms  max {:>8.3} ms  ({found} results)",
            percentile(&times, 0.5),
            percentile(&times, 0.99),
            times[times.len() - 1],
        );
    };
    // The scan is slow: a tenth of the queries is plenty to measure it.
    run("R*-tree", queries, &|p, q| d.nearest(p, q, 10).len());
    run("brute force", queries / 10, &|p, q| d.nearest_by_scan(p, q, 10).len());
    // Same answers.
    for (p, q) in qs.iter().take(200) {
        let a: Vec<_> = d.nearest(*p, q, 10).iter().map(|h| h.service.id.clone()).collect();
        let b: Vec<_> = d.nearest_by_scan(*p, q, 10).iter().map(|h| h.service.id.clone()).collect();
        assert_eq!(a, b);
    }
    println!("the first 200 queries give the same answers both ways");
}
