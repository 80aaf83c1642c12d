//! Small numbers never identify a child: cell suppression for published tables.
//!
//! A table of counts is published with its row totals, column totals and grand total.
//! Every count from 1 to `threshold − 1` is hidden (primary suppression); zeros and
//! counts at or above the threshold are shown. Then, so that no hidden count can be
//! worked back out of what is shown, further cells are hidden (complementary
//! suppression) until every row and every column — margins included — has either no
//! hidden cell or at least two, and finally until no hidden cell is determined by the
//! published figures at all (checked by linear algebra, [`recoverable`]).
//!
//! Written here because the statistical-disclosure tools that do this (sdcTable, tau-Argus)
//! are R and Java programs; a two-way table with margins needs no more than this.

pub mod period;
pub mod privacy;

pub use period::{Period, PeriodError};

/// The smallest threshold allowed: configuration may raise it, never lower it.
pub const MIN_THRESHOLD: u64 = 5;

/// A published cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell {
    Shown(u64),
    /// Hidden: shown as "<5" (below the threshold) or "–" (hidden to protect another cell).
    Hidden {
        primary: bool,
    },
}

/// A two-way table with margins, as published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    pub cells: Vec<Vec<Cell>>,
    pub row_totals: Vec<Cell>,
    pub column_totals: Vec<Cell>,
    pub total: Cell,
}

impl Published {
    /// The cell at a position of the extended grid (see [`suppress_with`]).
    pub fn at(&self, i: usize, j: usize) -> Cell {
        let (r, c) = (self.row_totals.len(), self.column_totals.len());
        match (i == r, j == c) {
            (false, false) => self.cells[i][j],
            (false, true) => self.row_totals[i],
            (true, false) => self.column_totals[j],
            (true, true) => self.total,
        }
    }
}

/// Positions in the extended grid: rows `0..r` are the table, row `r` the column totals;
/// columns `0..c` the table, column `c` the row totals; `(r, c)` the grand total.
fn extended(counts: &[Vec<u64>]) -> Vec<Vec<u64>> {
    let r = counts.len();
    let c = counts.first().map_or(0, Vec::len);
    let mut g = vec![vec![0u64; c + 1]; r + 1];
    for (i, row) in counts.iter().enumerate() {
        for (j, v) in row.iter().enumerate() {
            g[i][j] = *v;
            g[i][c] += v;
            g[r][j] += v;
            g[r][c] += v;
        }
    }
    g
}

/// The equations a reader knows: in every row and every column of the extended grid, the
/// cells add up to the margin. Each equation as a list of positions with coefficients.
fn equations(r: usize, c: usize) -> Vec<Vec<((usize, usize), i64)>> {
    let mut eqs = Vec::new();
    for i in 0..=r {
        let mut e: Vec<((usize, usize), i64)> = (0..c).map(|j| ((i, j), 1)).collect();
        e.push(((i, c), -1));
        eqs.push(e);
    }
    for j in 0..=c {
        let mut e: Vec<((usize, usize), i64)> = (0..r).map(|i| ((i, j), 1)).collect();
        e.push(((r, j), -1));
        eqs.push(e);
    }
    eqs
}

/// Suppresses `counts` (rows × columns, all rows the same length) for publication.
pub fn suppress(counts: &[Vec<u64>], threshold: u64) -> Published {
    suppress_with(counts, threshold, &[])
}

/// [`suppress`], with some cells hidden from the start: figures another published table
/// hides (a margin the two tables share), so that this table does not give them away.
/// Positions are in the extended grid: `(i, columns)` is row `i`'s total, `(rows, j)`
/// column `j`'s, `(rows, columns)` the grand total.
pub fn suppress_with(counts: &[Vec<u64>], threshold: u64, forced: &[(usize, usize)]) -> Published {
    let threshold = threshold.max(MIN_THRESHOLD);
    let g = extended(counts);
    let (r, c) = (g.len() - 1, g[0].len() - 1);
    let mut hidden = vec![vec![false; c + 1]; r + 1];
    let mut primary = vec![vec![false; c + 1]; r + 1];
    for &(i, j) in forced {
        if i <= r && j <= c {
            hidden[i][j] = true;
        }
    }
    for i in 0..=r {
        for j in 0..=c {
            if g[i][j] > 0 && g[i][j] < threshold {
                hidden[i][j] = true;
                primary[i][j] = true;
            }
        }
    }
    let eqs = equations(r, c);
    loop {
        // Any equation with exactly one hidden cell gives it away: hide the smallest other
        // cell of that equation (the least information lost), preferring non-zero cells,
        // since a hidden zero next to shown figures is easily guessed, and the grand total
        // last: it is the figure readers need most, and other tables publish it too.
        let mut changed = false;
        for e in &eqs {
            let hidden_here = e.iter().filter(|((i, j), _)| hidden[*i][*j]).count();
            if hidden_here == 1 {
                let pick = e
                    .iter()
                    .filter(|((i, j), _)| !hidden[*i][*j])
                    .min_by_key(|((i, j), _)| ((*i, *j) == (r, c), g[*i][*j] == 0, g[*i][*j], *i, *j));
                if let Some(((i, j), _)) = pick {
                    hidden[*i][*j] = true;
                    changed = true;
                }
            }
        }
        if changed {
            continue;
        }
        // Rarely a pattern is still solvable through several equations at once: hide one
        // more cell beside the first recoverable one and check again.
        let found = recoverable_cells(&g, &hidden);
        let found = if found.is_empty() { bounded_cells(&g, &hidden, &primary, threshold) } else { found };
        match found.first() {
            None => break,
            Some(&(i, j)) => {
                let smallest = |cells: &mut dyn Iterator<Item = (usize, usize)>| {
                    cells
                        .filter(|(a, b)| !hidden[*a][*b] && g[*a][*b] > 0)
                        .min_by_key(|(a, b)| ((*a, *b) == (r, c), g[*a][*b], *a, *b))
                };
                // Beside it first; when its row and column have nothing left to hide, the
                // smallest shown count anywhere (a hidden zero would protect nothing).
                let pick = smallest(&mut (0..=c).map(|jj| (i, jj)).chain((0..=r).map(|ii| (ii, j))))
                    .or_else(|| smallest(&mut (0..=r).flat_map(|a| (0..=c).map(move |b| (a, b)))));
                match pick {
                    Some((a, b)) => hidden[a][b] = true,
                    None => break,
                }
            }
        }
    }
    let cell =
        |i: usize, j: usize| if hidden[i][j] { Cell::Hidden { primary: primary[i][j] } } else { Cell::Shown(g[i][j]) };
    Published {
        cells: (0..r).map(|i| (0..c).map(|j| cell(i, j)).collect()).collect(),
        row_totals: (0..r).map(|i| cell(i, c)).collect(),
        column_totals: (0..c).map(|j| cell(r, j)).collect(),
        total: cell(r, c),
    }
}

/// Hidden cells whose value a reader can pin down from what a mark itself says: "<t" is 1 to
/// t − 1 (zeros are shown), "–" is 0 or at least t. For example two "<5" cells whose shown
/// row total leaves 2 between them are both 1, although no equation alone gives either.
/// Interval propagation over the row and column equations, to a fixed point: a cell whose
/// interval closes to one value is recoverable. (It finds what a reader with pencil and
/// paper finds; with the linear check above it covers the tables published here.)
fn bounded_cells(g: &[Vec<u64>], hidden: &[Vec<bool>], primary: &[Vec<bool>], threshold: u64) -> Vec<(usize, usize)> {
    let (r, c) = (g.len() - 1, g[0].len() - 1);
    let t = threshold as i128;
    let big = g.iter().flatten().map(|v| *v as i128).sum::<i128>() + 1;
    let mut lo = vec![vec![0i128; c + 1]; r + 1];
    let mut hi = vec![vec![0i128; c + 1]; r + 1];
    for i in 0..=r {
        for j in 0..=c {
            (lo[i][j], hi[i][j]) = match (hidden[i][j], primary[i][j]) {
                (false, _) => (g[i][j] as i128, g[i][j] as i128),
                (true, true) => (1, t - 1),
                (true, false) => (0, big),
            };
        }
    }
    let eqs = equations(r, c);
    for _ in 0..200 {
        let mut changed = false;
        for e in &eqs {
            // Σ k·x = 0 over the equation; bound each x by the others' bounds.
            for (n, ((i, j), k)) in e.iter().enumerate() {
                if !hidden[*i][*j] {
                    continue;
                }
                let (mut rest_lo, mut rest_hi) = (0i128, 0i128);
                for (m, ((a, b), kk)) in e.iter().enumerate() {
                    if m != n {
                        let (l, h) = (lo[*a][*b] * *kk as i128, hi[*a][*b] * *kk as i128);
                        rest_lo += l.min(h);
                        rest_hi += l.max(h);
                    }
                }
                // k·x = −rest, with k = ±1.
                let (mut new_lo, mut new_hi) = if *k > 0 { (-rest_hi, -rest_lo) } else { (rest_lo, rest_hi) };
                new_lo = new_lo.max(lo[*i][*j]);
                new_hi = new_hi.min(hi[*i][*j]);
                if !primary[*i][*j] {
                    // "–": 0 or at least t.
                    if new_hi < t {
                        new_hi = new_hi.min(0);
                    } else if new_lo > 0 {
                        new_lo = new_lo.max(t);
                    }
                }
                if (new_lo, new_hi) != (lo[*i][*j], hi[*i][*j]) && new_lo <= new_hi {
                    (lo[*i][*j], hi[*i][*j]) = (new_lo, new_hi);
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    (0..=r)
        .flat_map(|i| (0..=c).map(move |j| (i, j)))
        // Only small counts need protecting: a complementary cell pinned down (a zero, say)
        // tells nothing about a child by itself, and if it pins a small one down, that one
        // is found here too.
        .filter(|&(i, j)| primary[i][j] && lo[i][j] == hi[i][j])
        .collect()
}

/// Hidden cells whose value follows from the published figures: those whose unit vector
/// lies in the row space of the equations restricted to the hidden unknowns (Gaussian
/// elimination over the rationals, in exact integer arithmetic).
fn recoverable_cells(g: &[Vec<u64>], hidden: &[Vec<bool>]) -> Vec<(usize, usize)> {
    let (r, c) = (g.len() - 1, g[0].len() - 1);
    let unknowns: Vec<(usize, usize)> =
        (0..=r).flat_map(|i| (0..=c).map(move |j| (i, j))).filter(|(i, j)| hidden[*i][*j]).collect();
    if unknowns.is_empty() {
        return Vec::new();
    }
    let index = |p: (usize, usize)| unknowns.iter().position(|u| *u == p);
    let mut rows: Vec<Vec<i128>> = equations(r, c)
        .into_iter()
        .map(|e| {
            let mut v = vec![0i128; unknowns.len()];
            for (p, k) in e {
                if let Some(x) = index(p) {
                    v[x] += k as i128;
                }
            }
            v
        })
        .filter(|v| v.iter().any(|x| *x != 0))
        .collect();
    // Row-reduce (fraction-free), then a unknown is determined iff some reduced row has a
    // single non-zero entry at it.
    let n = unknowns.len();
    let mut pivot_row = 0;
    for col in 0..n {
        let Some(p) = (pivot_row..rows.len()).find(|&i| rows[i][col] != 0) else { continue };
        rows.swap(pivot_row, p);
        for i in 0..rows.len() {
            if i != pivot_row && rows[i][col] != 0 {
                let (a, b) = (rows[pivot_row][col], rows[i][col]);
                let pivot = rows[pivot_row].clone();
                for (x, p) in rows[i].iter_mut().zip(&pivot) {
                    *x = *x * a - p * b;
                }
                let g = rows[i].iter().fold(0i128, |acc, x| gcd(acc, x.abs()));
                if g > 1 {
                    rows[i].iter_mut().for_each(|x| *x /= g);
                }
            }
        }
        pivot_row += 1;
    }
    rows.iter()
        .filter_map(|row| {
            let nz: Vec<usize> = (0..n).filter(|k| row[*k] != 0).collect();
            (nz.len() == 1).then(|| unknowns[nz[0]])
        })
        .collect()
}

fn gcd(a: i128, b: i128) -> i128 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

/// The hidden cells of a published table that a reader could work out exactly from the
/// shown figures and what the marks say (must be empty). `threshold` as published.
pub fn recoverable(counts: &[Vec<u64>], p: &Published, threshold: u64) -> Vec<(usize, usize)> {
    let threshold = threshold.max(MIN_THRESHOLD);
    let g = extended(counts);
    let (r, c) = (g.len() - 1, g[0].len() - 1);
    let is_hidden = |cell: &Cell| matches!(cell, Cell::Hidden { .. });
    let mut hidden: Vec<Vec<bool>> = p
        .cells
        .iter()
        .zip(&p.row_totals)
        .map(|(row, total)| row.iter().chain([total]).map(is_hidden).collect())
        .collect();
    hidden.push(p.column_totals.iter().chain([&p.total]).map(is_hidden).collect());
    debug_assert_eq!((hidden.len(), hidden[0].len()), (r + 1, c + 1));
    let is_primary = |cell: &Cell| matches!(cell, Cell::Hidden { primary: true });
    let mut primary: Vec<Vec<bool>> = p
        .cells
        .iter()
        .zip(&p.row_totals)
        .map(|(row, total)| row.iter().chain([total]).map(is_primary).collect())
        .collect();
    primary.push(p.column_totals.iter().chain([&p.total]).map(is_primary).collect());
    let mut found = recoverable_cells(&g, &hidden);
    found.extend(bounded_cells(&g, &hidden, &primary, threshold));
    found.sort_unstable();
    found.dedup();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(p: &Published) -> Vec<Vec<Option<u64>>> {
        p.cells
            .iter()
            .map(|r| r.iter().map(|c| if let Cell::Shown(v) = c { Some(*v) } else { None }).collect())
            .collect()
    }

    #[test]
    fn small_counts_are_hidden_with_a_partner() {
        // A 3 in a row: hiding it alone would let row total − others give it back.
        let counts = vec![vec![3, 10, 12], vec![8, 9, 20], vec![15, 7, 30]];
        let p = suppress(&counts, 5);
        assert_eq!(p.cells[0][0], Cell::Hidden { primary: true });
        let s = shown(&p);
        let hidden_in_row0 = s[0].iter().filter(|v| v.is_none()).count();
        let hidden_in_col0 = s.iter().filter(|r| r[0].is_none()).count();
        assert!(hidden_in_row0 >= 2 && hidden_in_col0 >= 2, "{p:?}");
        assert!(recoverable(&counts, &p, 5).is_empty());
        assert!(p.cells.iter().flatten().chain(&p.row_totals).chain(&p.column_totals).all(|c| match c {
            Cell::Shown(v) => *v == 0 || *v >= 5,
            Cell::Hidden { .. } => true,
        }));
    }

    #[test]
    fn two_small_cells_whose_sum_is_fixed_are_protected() {
        // Row 0: 8 + 1 + 1 = 10. Hiding only the two 1s would leave 2 between two "<5"
        // cells, which can only be 1 and 1.
        let counts = vec![vec![8, 1, 1], vec![30, 20, 25], vec![40, 30, 35]];
        let p = suppress(&counts, 5);
        assert!(recoverable(&counts, &p, 5).is_empty(), "{p:?}");
        let naive = Published {
            cells: vec![
                vec![Cell::Shown(8), Cell::Hidden { primary: true }, Cell::Hidden { primary: true }],
                vec![Cell::Shown(30), Cell::Hidden { primary: false }, Cell::Hidden { primary: false }],
                vec![Cell::Shown(40), Cell::Shown(30), Cell::Shown(35)],
            ],
            row_totals: vec![Cell::Shown(10), Cell::Shown(75), Cell::Shown(105)],
            column_totals: vec![Cell::Shown(78), Cell::Shown(51), Cell::Shown(61)],
            total: Cell::Shown(190),
        };
        assert!(!recoverable(&counts, &naive, 5).is_empty(), "the check sees the bounds");
    }

    #[test]
    fn the_threshold_can_only_be_raised() {
        let counts = vec![vec![4, 40], vec![40, 40]];
        assert_eq!(suppress(&counts, 2).cells[0][0], Cell::Hidden { primary: true });
        assert_eq!(suppress(&counts, 50).cells[1][1], Cell::Hidden { primary: true });
    }

    #[test]
    fn nothing_hidden_when_nothing_is_small() {
        let counts = vec![vec![0, 12], vec![30, 9]];
        let p = suppress(&counts, 5);
        assert_eq!(shown(&p), vec![vec![Some(0), Some(12)], vec![Some(30), Some(9)]]);
        assert_eq!(p.total, Cell::Shown(51));
    }

    #[test]
    fn a_small_margin_is_protected_too() {
        // Column 2 sums to 3: the column total is itself small.
        let counts = vec![vec![20, 1], vec![30, 2], vec![25, 0]];
        let p = suppress(&counts, 5);
        assert!(matches!(p.column_totals[1], Cell::Hidden { .. }));
        assert!(recoverable(&counts, &p, 5).is_empty(), "{p:?}");
    }

    /// Many random tables, with counts drawn so that small cells are common: no hidden
    /// cell is ever recoverable, and no shown cell is under the threshold.
    #[test]
    fn never_recoverable_on_random_tables() {
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..300 {
            let rows = 2 + (next() % 6) as usize;
            let cols = 2 + (next() % 6) as usize;
            let counts: Vec<Vec<u64>> = (0..rows)
                .map(|_| (0..cols).map(|_| if next() % 3 == 0 { next() % 5 } else { next() % 40 }).collect())
                .collect();
            let p = suppress(&counts, 5);
            assert!(recoverable(&counts, &p, 5).is_empty(), "{counts:?} → {p:?}");
            for cell in p.cells.iter().flatten().chain(&p.row_totals).chain(&p.column_totals).chain([&p.total]) {
                if let Cell::Shown(v) = cell {
                    assert!(*v == 0 || *v >= 5, "{counts:?}");
                }
            }
        }
    }

    /// The checker itself can fail: a single hidden cell in a row is recoverable.
    #[test]
    fn the_checker_finds_a_lone_hidden_cell() {
        let counts = vec![vec![3, 10], vec![8, 9]];
        let mut p = suppress(&counts, 5);
        p.cells[0][1] = Cell::Shown(10);
        p.cells[1][0] = Cell::Shown(8);
        p.row_totals[0] = Cell::Shown(13);
        p.column_totals[0] = Cell::Shown(11);
        p.cells[1][1] = Cell::Shown(9);
        assert_eq!(recoverable(&counts, &p, 5), vec![(0, 0)]);
    }
}
