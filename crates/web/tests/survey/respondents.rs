//! The 30 simulated respondents (a deterministic generator) and the figures expected from
//! what they sent, computed here independently of the crate's code.

use std::collections::BTreeMap;

/// A small deterministic generator (xorshift), so the 30 respondents are the same each run.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    /// An index drawn with these weights.
    pub(crate) fn weighted(&mut self, weights: &[u64]) -> usize {
        let mut x = self.below(weights.iter().sum());
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        unreachable!()
    }
}

/// What one respondent sends: form pairs, in the template's question ids and option ids.
pub(crate) fn respondent(rng: &mut Rng, i: usize) -> Vec<(String, String)> {
    let mut a: Vec<(String, String)> = Vec::new();
    let mut put = |q: &str, v: String| a.push((q.to_owned(), v));
    // Sector: social services and NGOs common, the others rare (small counts).
    put("q1", format!("o{}", rng.weighted(&[10, 8, 2, 1, 2, 5, 2]) + 1));
    // Awareness 1–5, mostly low.
    put("q2", (rng.weighted(&[6, 10, 7, 3, 1]) + 1).to_string());
    // Children worked with: optional, skipped by some.
    if rng.below(5) != 0 {
        put("q3", format!("o{}", rng.weighted(&[5, 8, 6, 2, 2]) + 1));
    }
    // Barriers: several each.
    let odds = [70, 65, 60, 40, 45, 35, 30, 20, 25, 15, 5];
    let mut any = false;
    for (k, p) in odds.iter().enumerate() {
        if rng.below(100) < *p {
            put("q4", format!("o{}", k + 1));
            any = true;
        }
    }
    if !any {
        put("q4", "o2".into());
    }
    // Services: "none of these" alone, or some of the four.
    if rng.below(10) == 0 {
        put("q5", "o5".into());
    } else {
        let before = a.len();
        for (k, p) in [60, 50, 25, 35].iter().enumerate() {
            if rng.below(100) < *p {
                a.push(("q5".into(), format!("o{}", k + 1)));
            }
        }
        if a.len() == before {
            a.push(("q5".into(), "o2".into()));
        }
    }
    a.push(("q6".into(), format!("o{}", rng.weighted(&[2, 18, 10]) + 1)));
    a.push(("q7".into(), format!("o{}", rng.weighted(&[8, 5, 17]) + 1)));
    if rng.below(4) != 0 {
        a.push(("q8".into(), (rng.weighted(&[3, 6, 9, 6, 2]) + 1).to_string()));
    }
    if rng.below(2) == 0 {
        a.push(("q9".into(), format!("Zqxj-SURVEY-TEXT-{i}: more school psychologists in Kukës")));
    }
    a
}

/// The expected figures, computed here from what was sent (not with the crate's code).
pub(crate) struct Expected {
    /// Per question: respondents who answered, and the count of each option id.
    pub(crate) n: BTreeMap<String, u64>,
    pub(crate) counts: BTreeMap<String, BTreeMap<String, u64>>,
}

pub(crate) fn tally(all: &[Vec<(String, String)>]) -> Expected {
    let mut n: BTreeMap<String, u64> = BTreeMap::new();
    let mut counts: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
    for a in all {
        let mut seen: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (q, v) in a {
            seen.entry(q).or_default().push(v);
        }
        for (q, vs) in seen {
            *n.entry(q.to_owned()).or_default() += 1;
            if q != "q9" {
                for v in vs {
                    *counts.entry(q.to_owned()).or_default().entry(v.to_owned()).or_default() += 1;
                }
            }
        }
    }
    Expected { n, counts }
}

/// For each hidden count (its true value, and whether it is marked "<5"), the values a
/// reader could give it, knowing only that the hidden counts add up to `sum`.
pub(crate) fn possible_values(hidden: &[(u64, bool)], sum: u64) -> Vec<Vec<u64>> {
    let allowed = |small: bool, v: u64| if small { (1..5).contains(&v) } else { v == 0 || v >= 5 };
    (0..hidden.len())
        .map(|h| {
            let mut reach = vec![false; sum as usize + 1];
            reach[0] = true;
            for (_, (_, small)) in hidden.iter().enumerate().filter(|(o, _)| *o != h) {
                let mut next = vec![false; reach.len()];
                for total in (0..reach.len()).filter(|t| reach[*t]) {
                    for v in (0..=sum - total as u64).filter(|v| allowed(*small, *v)) {
                        next[total + v as usize] = true;
                    }
                }
                reach = next;
            }
            (0..=sum).filter(|v| allowed(hidden[h].1, *v) && reach[(sum - v) as usize]).collect()
        })
        .collect()
}

/// Whole percent, rounded half up, in floating point (the crate uses integers).
pub(crate) fn pct(c: u64, n: u64) -> u64 {
    (c as f64 * 100.0 / n as f64 + 0.5).floor() as u64
}
