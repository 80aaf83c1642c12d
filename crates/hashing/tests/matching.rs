//! The multi-index matcher against the plain scan, on the reference's multi-index-hashing
//! test lists (tests/data/needles.txt, tests/data/haystack.txt).

use std::path::Path;

use zeri_hashing::{Hash256, Index, MATCH_THRESHOLD};

fn read_hashes(name: &str) -> Vec<Hash256> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| Hash256::from_hex(line.trim()).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect()
}

#[test]
fn multi_index_agrees_with_linear_scan_on_reference_lists() {
    let needles = read_hashes("needles.txt");
    let haystack = read_hashes("haystack.txt");
    assert_eq!((needles.len(), haystack.len()), (100, 1350));
    let index: Index<usize> = haystack.iter().copied().enumerate().collect();
    assert_eq!(index.len(), 1350);

    for threshold in [0, 10, 16, MATCH_THRESHOLD, 32, 47, 63] {
        let mut matches = 0;
        let mut needles_matched = 0;
        for needle in &needles {
            let linear = index.linear_query(needle, threshold);
            // The linear scan itself, checked by hand.
            let by_hand: Vec<usize> =
                haystack.iter().enumerate().filter(|(_, h)| h.hamming(needle) <= threshold).map(|(i, _)| i).collect();
            let mut linear_ids: Vec<usize> = linear.iter().map(|(id, _)| *id).collect();
            linear_ids.sort_unstable();
            assert_eq!(linear_ids, by_hand);
            assert_eq!(index.multi_index_query(needle, threshold), linear, "needle {needle} threshold {threshold}");
            assert_eq!(index.query(needle, threshold), linear, "needle {needle} threshold {threshold}");
            matches += linear.len();
            needles_matched += usize::from(!linear.is_empty());
        }
        println!("threshold {threshold}: {needles_matched} of 100 needles match, {matches} matches in all");
        if threshold >= MATCH_THRESHOLD {
            // The lists are built so that needles have near neighbours: an empty result
            // would make the comparison above vacuous.
            assert!(needles_matched > 0 && matches > 0, "no matches at threshold {threshold}");
        }
    }
}

#[test]
fn results_are_sorted_by_distance_with_ids() {
    let haystack = read_hashes("haystack.txt");
    let index: Index<String> = haystack.iter().enumerate().map(|(i, h)| (format!("row-{i}"), *h)).collect();
    let hits = index.query(&haystack[0], MATCH_THRESHOLD);
    assert_eq!(hits[0], ("row-0".to_string(), 0));
    assert!(hits.windows(2).all(|w| w[0].1 <= w[1].1));
    assert!(hits.iter().all(|(id, d)| {
        let i: usize = id["row-".len()..].parse().unwrap();
        haystack[i].hamming(&haystack[0]) == *d && *d <= MATCH_THRESHOLD
    }));
}
