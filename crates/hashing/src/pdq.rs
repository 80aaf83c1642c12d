//! PDQ, ported step by step from Meta's C++ reference (facebook/ThreatExchange `pdq/cpp`:
//! `hashing/pdqhashing.cpp`, `downscaling/downscaling.cpp`, `hashing/torben.cpp`,
//! `common/pdqhashtypes.h`).
//!
//! Bit-exactness depends on doing every floating-point operation in the same type and the
//! same order as the reference, which is compiled without fused multiply-add (x86-64
//! baseline) and with 32-bit float evaluation (SSE). Rust never fuses or reassociates float
//! operations, so a faithful port gives the same bits. Places where the reference mixes
//! `double` into the `float` pipeline are kept as they are and marked below.

use std::f64::consts::PI;
use std::sync::OnceLock;

use crate::{Hash256, HashError};

/// Below this many pixels on a side the reference does not hash: it returns the all-zero
/// hash with quality 0, and so does this crate.
pub const MIN_HASHABLE_DIM: usize = 5;

/// Hashes of quality below this are conventionally discarded (too little detail to match).
pub const QUALITY_THRESHOLD: u8 = 50;

/// Two passes of (box along rows, box along columns): Jarosz's tent filter.
const NUM_JAROSZ_XY_PASSES: usize = 2;

// The reference declares these as `const float x = 0.299;`: the decimal literal is a double
// that is then rounded to float. Going through f64 keeps that double rounding.
const LUMA_FROM_R: f32 = 0.299_f64 as f32;
const LUMA_FROM_G: f32 = 0.587_f64 as f32;
const LUMA_FROM_B: f32 = 0.114_f64 as f32;

/// `LUMA_FROM_X * v` for every byte value `v`, as the float products the reference computes.
fn luma_products() -> &'static [[f32; 256]; 3] {
    static PRODUCTS: OnceLock<[[f32; 256]; 3]> = OnceLock::new();
    PRODUCTS.get_or_init(|| {
        let mut products = [[0f32; 256]; 3];
        for (table, coefficient) in products.iter_mut().zip([LUMA_FROM_R, LUMA_FROM_G, LUMA_FROM_B]) {
            for (v, product) in table.iter_mut().enumerate() {
                // Lossless: v < 256.
                *product = coefficient * v as f32;
            }
        }
        products
    })
}

/// A PDQ hash and its quality.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Pdq {
    /// The 256-bit hash.
    pub hash: Hash256,
    /// The reference's integer quality, 0–100. Below [`QUALITY_THRESHOLD`] the hash is
    /// conventionally not used for matching.
    pub quality: u8,
}

/// The hashes of the seven other orientations of the image, in the reference's order:
/// rot90, rot180, rot270, flipx, flipy, flipplus1, flipminus1. With the image's first row
/// at the top: rot90 is a quarter turn anticlockwise, rot270 clockwise, flipx mirrors the
/// image top to bottom, flipy mirrors it left to right, flipplus1 transposes it (main
/// diagonal) and flipminus1 transposes it about the other diagonal. Each is close to,
/// though not always exactly, the hash of the correspondingly moved pixels.
pub type Dihedrals = [Hash256; 7];

/// PDQ hash and quality of an image given as packed 8-bit RGB, row-major, no padding
/// (`rgb.len() == width * height * 3`).
///
/// Gives exactly what the reference's `pdqHash256FromFloatLuma` gives for the same pixels,
/// including its shortcut for 64×64 input (taken as already downsampled, no blur).
/// Images under [`MIN_HASHABLE_DIM`] on a side give the all-zero hash and quality 0, as in
/// the reference. Meta's command-line tool resizes images with a side over 512 px to
/// 512×512 by nearest neighbour before hashing; callers wanting its output for files must
/// do the same.
pub fn pdq_from_rgb(width: usize, height: usize, rgb: &[u8]) -> Result<Pdq, HashError> {
    let Some(mut buffers) = Buffers::from_rgb(width, height, rgb)? else {
        return Ok(Pdq { hash: Hash256::ZERO, quality: 0 });
    };
    let a64 = if width == 64 && height == 64 {
        // pdqFloat256FromFloatLuma: "E.g. for video-frame processing when we've already used
        // ffmpeg to downsample for us."
        let mut a64 = [[0f32; 64]; 64];
        for (row, chunk) in a64.iter_mut().zip(buffers.luma.chunks_exact(64)) {
            row.copy_from_slice(chunk);
        }
        a64
    } else {
        buffers.downsample()
    };
    let quality = quality_metric(&a64);
    let dct = dct64_to_16(&a64);
    Ok(Pdq { hash: bits_from_dct(&dct), quality })
}

/// PDQ hash, quality and the seven dihedral hashes, computed from one DCT as the reference's
/// `pdqDihedralHash256esFromFloatLuma` does. Same input as [`pdq_from_rgb`].
///
/// Unlike `pdqHash256FromFloatLuma`, the reference's dihedral function has no 64×64
/// shortcut: it always blurs and decimates (with window size 1 at 64 px, which is not
/// bit-for-bit the identity in float arithmetic). This function does the same, so for
/// exactly 64×64 input its hash can in rare cases differ in a few bits from
/// [`pdq_from_rgb`], exactly as the two reference functions can.
pub fn pdq_with_dihedrals_from_rgb(width: usize, height: usize, rgb: &[u8]) -> Result<(Pdq, Dihedrals), HashError> {
    let Some(mut buffers) = Buffers::from_rgb(width, height, rgb)? else {
        return Ok((Pdq { hash: Hash256::ZERO, quality: 0 }, [Hash256::ZERO; 7]));
    };
    let a64 = buffers.downsample();
    let quality = quality_metric(&a64);
    let dct = dct64_to_16(&a64);
    let pdq = Pdq { hash: bits_from_dct(&dct), quality };
    let dihedrals = [
        bits_from_dct(&transform(&dct, Orientation::Rotate90)),
        bits_from_dct(&transform(&dct, Orientation::Rotate180)),
        bits_from_dct(&transform(&dct, Orientation::Rotate270)),
        bits_from_dct(&transform(&dct, Orientation::FlipX)),
        bits_from_dct(&transform(&dct, Orientation::FlipY)),
        bits_from_dct(&transform(&dct, Orientation::FlipPlus1)),
        bits_from_dct(&transform(&dct, Orientation::FlipMinus1)),
    ];
    Ok((pdq, dihedrals))
}

/// The two full-size float buffers the reference works in.
struct Buffers {
    rows: usize,
    cols: usize,
    luma: Vec<f32>,
    scratch: Vec<f32>,
}

impl Buffers {
    /// Validates the input and fills the luma buffer; `None` when the image is too small to
    /// hash (under [`MIN_HASHABLE_DIM`] on a side).
    fn from_rgb(width: usize, height: usize, rgb: &[u8]) -> Result<Option<Buffers>, HashError> {
        if width == 0 || height == 0 {
            return Err(HashError::EmptyImage);
        }
        let pixels = width.checked_mul(height);
        let expected = pixels.and_then(|p| p.checked_mul(3));
        if expected != Some(rgb.len()) {
            return Err(HashError::BufferLength { expected, actual: rgb.len() });
        }
        // The reference keeps sizes in `int`.
        if width > i32::MAX as usize || height > i32::MAX as usize {
            return Err(HashError::TooLarge);
        }
        if width < MIN_HASHABLE_DIM || height < MIN_HASHABLE_DIM {
            return Ok(None);
        }
        let n = rgb.len() / 3;
        // The scratch buffer also holds the last row filter's output, rows × 64 values.
        let scratch_len = height.checked_mul(width.max(64)).ok_or(HashError::TooLarge)?;
        let mut luma = Vec::new();
        let mut scratch = Vec::new();
        luma.try_reserve_exact(n).map_err(|_| HashError::TooLarge)?;
        scratch.try_reserve_exact(scratch_len).map_err(|_| HashError::TooLarge)?;
        // fillFloatLumaFromRGB: float products of float coefficients and the byte values,
        // summed left to right. The products are looked up (the same float products,
        // computed once) rather than converting three bytes to float per pixel.
        let [r, g, b] = luma_products();
        luma.extend(rgb.chunks_exact(3).map(|p| r[usize::from(p[0])] + g[usize::from(p[1])] + b[usize::from(p[2])]));
        scratch.resize(scratch_len, 0.0);
        Ok(Some(Buffers { rows: height, cols: width, luma, scratch }))
    }

    /// jaroszFilterFloat then decimateFloat to 64×64, computing only what the decimation
    /// reads.
    ///
    /// The reference blurs the whole image (two passes of a box filter along the rows, then
    /// along the columns) and then samples 64×64 pixels. Every box filter is a running sum
    /// along one line, so each output depends on the whole line up to it, rounding included;
    /// but lines are independent of one another. So, bit for bit the same:
    /// - the first pass is computed whole, along the rows eight rows at a time (eight
    ///   independent running sums overlap in the processor instead of waiting on each other)
    ///   and along the columns a whole row of running sums at a time (contiguous, vectorised);
    /// - in the last pass, the row filter keeps its running sums along every row but divides
    ///   and stores only at the 64 sampled columns, and the column filter runs down those 64
    ///   columns only and stores only the 64 sampled rows.
    fn downsample(&mut self) -> [[f32; 64]; 64] {
        let (rows, cols) = (self.rows, self.cols);
        let window_along_rows = jarosz_window_size(cols, 64);
        let window_along_cols = jarosz_window_size(rows, 64);
        let n = rows * cols;
        let mut sums = vec![0f32; cols.max(64)];
        for _ in 1..NUM_JAROSZ_XY_PASSES {
            // boxAlongRowsFloat(buffer1 -> buffer2), boxAlongColsFloat(buffer2 -> buffer1).
            box_along_rows(&self.luma, &mut self.scratch[..n], cols, window_along_rows);
            box_along_cols(&self.scratch[..n], &mut self.luma, cols, window_along_cols, &mut sums);
        }
        // The last pass, then decimateFloat: only the sampled cells.
        let sampled_rows = sample_centres(rows);
        let sampled_cols = sample_centres(cols);
        let narrow = &mut self.scratch[..rows * 64];
        box_along_rows_sampled(&self.luma, narrow, cols, window_along_rows, &sampled_cols);
        box_along_cols_sampled(narrow, window_along_cols, &sampled_rows, &mut sums[..64])
    }
}

/// computeJaroszFilterWindowSize, `(old + 2 new - 1) / (2 new)`: half of a full block per
/// pass, rounded up.
fn jarosz_window_size(old_dimension: usize, new_dimension: usize) -> usize {
    old_dimension.div_ceil(2 * new_dimension)
}

/// decimateFloat's sample positions: the centre of each of the 64 target cells along a
/// side of `n` pixels, the index computed in double as in the reference.
fn sample_centres(n: usize) -> [usize; 64] {
    let mut centres = [0usize; 64];
    for (out, centre) in centres.iter_mut().enumerate() {
        *centre = (((out as f64 + 0.5) * n as f64) / 64.0) as usize;
    }
    centres
}

/// The four phases of box1DFloat over a line of `length` with window `full_window`: adds
/// only; adds and writes (growing window); adds, subtracts and writes (full window);
/// subtracts and writes (shrinking window).
fn phases(length: usize, full_window: usize) -> [usize; 4] {
    let half_window = (full_window + 2) / 2; // 7 -> 4, 8 -> 5
    [half_window - 1, full_window - half_window + 1, length - full_window, half_window - 1]
}

/// Rows filtered together by [`box_along_rows`]: their running sums are independent, so
/// their additions overlap instead of each waiting for the previous one.
const STRIP: usize = 8;

/// boxAlongRowsFloat: `box1DFloat` along every row, [`STRIP`] rows at a time.
fn box_along_rows(input: &[f32], output: &mut [f32], cols: usize, full_window: usize) {
    let mut inputs = input.chunks_exact(STRIP * cols);
    let mut outputs = output.chunks_exact_mut(STRIP * cols);
    for (i, o) in (&mut inputs).zip(&mut outputs) {
        box_rows::<STRIP>(i, o, cols, full_window);
    }
    for (i, o) in inputs.remainder().chunks_exact(cols).zip(outputs.into_remainder().chunks_exact_mut(cols)) {
        box_rows::<1>(i, o, cols, full_window);
    }
}

/// `box1DFloat` along each of `N` rows of `cols` values, with one running sum per row.
fn box_rows<const N: usize>(input: &[f32], output: &mut [f32], cols: usize, full_window: usize) {
    let input: [&[f32]; N] = std::array::from_fn(|r| &input[r * cols..(r + 1) * cols]);
    let output: [&mut [f32]; N] = {
        let mut rest = output;
        std::array::from_fn(|_| {
            let (row, tail) = std::mem::take(&mut rest).split_at_mut(cols);
            rest = tail;
            row
        })
    };
    let [phase_1, phase_2, phase_3, phase_4] = phases(cols, full_window);
    let mut sums = [0f32; N];
    let mut window = 0usize;
    let (mut li, mut ri, mut oi) = (0, 0, 0);
    for _ in 0..phase_1 {
        for r in 0..N {
            sums[r] += input[r][ri];
        }
        window += 1;
        ri += 1;
    }
    for _ in 0..phase_2 {
        window += 1;
        for r in 0..N {
            sums[r] += input[r][ri];
            output[r][oi] = sums[r] / window as f32;
        }
        ri += 1;
        oi += 1;
    }
    for _ in 0..phase_3 {
        for r in 0..N {
            sums[r] += input[r][ri];
            sums[r] -= input[r][li];
            output[r][oi] = sums[r] / window as f32;
        }
        li += 1;
        ri += 1;
        oi += 1;
    }
    for _ in 0..phase_4 {
        window -= 1;
        for r in 0..N {
            sums[r] -= input[r][li];
            output[r][oi] = sums[r] / window as f32;
        }
        li += 1;
        oi += 1;
    }
}

/// The last boxAlongRowsFloat, kept only at the sampled columns: `output` is rows × 64,
/// column `c` holding the filtered value at column `sampled[c]` (nondecreasing).
fn box_along_rows_sampled(input: &[f32], output: &mut [f32], cols: usize, full_window: usize, sampled: &[usize; 64]) {
    let mut inputs = input.chunks_exact(STRIP * cols);
    let mut outputs = output.chunks_exact_mut(STRIP * 64);
    for (i, o) in (&mut inputs).zip(&mut outputs) {
        box_rows_sampled::<STRIP>(i, o, cols, full_window, sampled);
    }
    for (i, o) in inputs.remainder().chunks_exact(cols).zip(outputs.into_remainder().chunks_exact_mut(64)) {
        box_rows_sampled::<1>(i, o, cols, full_window, sampled);
    }
}

/// [`box_rows`] that divides and stores only at the sampled columns, and stops after the
/// last of them. The running sums go through exactly the same additions and subtractions.
fn box_rows_sampled<const N: usize>(
    input: &[f32],
    output: &mut [f32],
    cols: usize,
    full_window: usize,
    sampled: &[usize; 64],
) {
    let input: [&[f32]; N] = std::array::from_fn(|r| &input[r * cols..(r + 1) * cols]);
    let [phase_1, phase_2, phase_3, phase_4] = phases(cols, full_window);
    let mut sums = [0f32; N];
    let mut window = 0usize;
    let (mut li, mut ri, mut oi) = (0, 0, 0);
    let mut next = 0; // next sampled column to store
    let mut store = |oi: usize, sums: &[f32; N], window: usize, next: &mut usize| {
        while *next < 64 && sampled[*next] == oi {
            for (r, sum) in sums.iter().enumerate() {
                output[r * 64 + *next] = sum / window as f32;
            }
            *next += 1;
        }
    };
    for _ in 0..phase_1 {
        for r in 0..N {
            sums[r] += input[r][ri];
        }
        window += 1;
        ri += 1;
    }
    for _ in 0..phase_2 {
        window += 1;
        for r in 0..N {
            sums[r] += input[r][ri];
        }
        store(oi, &sums, window, &mut next);
        ri += 1;
        oi += 1;
    }
    for _ in 0..phase_3 {
        if next == 64 {
            return;
        }
        for r in 0..N {
            sums[r] += input[r][ri];
            sums[r] -= input[r][li];
        }
        store(oi, &sums, window, &mut next);
        li += 1;
        ri += 1;
        oi += 1;
    }
    for _ in 0..phase_4 {
        if next == 64 {
            return;
        }
        window -= 1;
        for r in 0..N {
            sums[r] -= input[r][li];
        }
        store(oi, &sums, window, &mut next);
        li += 1;
        oi += 1;
    }
}

/// boxAlongColsFloat: `box1DFloat` down every column of a row-major image `cols` wide, all
/// columns together: `sums` holds one running sum per column, and each step adds (and
/// subtracts) a whole row, which vectorises. Each column sees the reference's operations in
/// the reference's order.
fn box_along_cols(input: &[f32], output: &mut [f32], cols: usize, full_window: usize, sums: &mut [f32]) {
    let rows = input.len() / cols;
    let row = |k: usize| &input[k * cols..(k + 1) * cols];
    let sums = &mut sums[..cols];
    sums.fill(0.0);
    let [phase_1, phase_2, phase_3, phase_4] = phases(rows, full_window);
    let mut window = 0usize;
    let (mut li, mut ri, mut oi) = (0, 0, 0);
    for _ in 0..phase_1 {
        for (s, &x) in sums.iter_mut().zip(row(ri)) {
            *s += x;
        }
        window += 1;
        ri += 1;
    }
    for _ in 0..phase_2 {
        window += 1;
        let w = window as f32;
        let out = &mut output[oi * cols..(oi + 1) * cols];
        for ((s, &x), o) in sums.iter_mut().zip(row(ri)).zip(out) {
            *s += x;
            *o = *s / w;
        }
        ri += 1;
        oi += 1;
    }
    let w = window as f32;
    for _ in 0..phase_3 {
        let out = &mut output[oi * cols..(oi + 1) * cols];
        for (((s, &x), &y), o) in sums.iter_mut().zip(row(ri)).zip(row(li)).zip(out) {
            *s += x;
            *s -= y;
            *o = *s / w;
        }
        li += 1;
        ri += 1;
        oi += 1;
    }
    for _ in 0..phase_4 {
        window -= 1;
        let w = window as f32;
        let out = &mut output[oi * cols..(oi + 1) * cols];
        for ((s, &y), o) in sums.iter_mut().zip(row(li)).zip(out) {
            *s -= y;
            *o = *s / w;
        }
        li += 1;
        oi += 1;
    }
}

/// The last boxAlongColsFloat over the 64 sampled columns (`input` is rows × 64), kept
/// only at the sampled rows: the 64×64 decimated image.
fn box_along_cols_sampled(
    input: &[f32],
    full_window: usize,
    sampled: &[usize; 64],
    sums: &mut [f32],
) -> [[f32; 64]; 64] {
    let rows = input.len() / 64;
    let row = |k: usize| &input[k * 64..(k + 1) * 64];
    let sums = &mut sums[..64];
    sums.fill(0.0);
    let mut out = [[0f32; 64]; 64];
    let [phase_1, phase_2, phase_3, phase_4] = phases(rows, full_window);
    let mut window = 0usize;
    let (mut li, mut ri, mut oi) = (0, 0, 0);
    let mut next = 0;
    let mut store = |oi: usize, sums: &[f32], window: usize, next: &mut usize| {
        while *next < 64 && sampled[*next] == oi {
            for (o, s) in out[*next].iter_mut().zip(sums) {
                *o = s / window as f32;
            }
            *next += 1;
        }
    };
    for _ in 0..phase_1 {
        for (s, &x) in sums.iter_mut().zip(row(ri)) {
            *s += x;
        }
        window += 1;
        ri += 1;
    }
    for _ in 0..phase_2 {
        window += 1;
        for (s, &x) in sums.iter_mut().zip(row(ri)) {
            *s += x;
        }
        store(oi, sums, window, &mut next);
        ri += 1;
        oi += 1;
    }
    for _ in 0..phase_3 {
        if next == 64 {
            break;
        }
        for ((s, &x), &y) in sums.iter_mut().zip(row(ri)).zip(row(li)) {
            *s += x;
            *s -= y;
        }
        store(oi, sums, window, &mut next);
        li += 1;
        ri += 1;
        oi += 1;
    }
    for _ in 0..phase_4 {
        if next == 64 {
            break;
        }
        window -= 1;
        for (s, &y) in sums.iter_mut().zip(row(li)) {
            *s -= y;
        }
        store(oi, sums, window, &mut next);
        li += 1;
        oi += 1;
    }
    out
}

/// box1DFloat: a running-sum box filter over `length` elements `stride` apart, with a
/// shrinking window at both ends. The running sum (add the new element, subtract the old)
/// is kept in float exactly as in the reference, rounding errors included. The filters
/// above are this function applied to many lines at once; it stays as their specification
/// and is checked against them in the tests.
#[cfg(test)]
fn box_1d(input: &[f32], output: &mut [f32], length: usize, stride: usize, full_window: usize) {
    let [phase_1, phase_2, phase_3, phase_4] = phases(length, full_window);

    let mut li = 0; // left edge of the read window, for subtracts
    let mut ri = 0; // right edge of the read window, for adds
    let mut oi = 0; // output index
    let mut sum = 0.0f32;
    let mut window = 0usize;

    for _ in 0..phase_1 {
        sum += input[ri];
        window += 1;
        ri += stride;
    }
    for _ in 0..phase_2 {
        sum += input[ri];
        window += 1;
        output[oi] = sum / window as f32;
        ri += stride;
        oi += stride;
    }
    for _ in 0..phase_3 {
        sum += input[ri];
        sum -= input[li];
        output[oi] = sum / window as f32;
        li += stride;
        ri += stride;
        oi += stride;
    }
    for _ in 0..phase_4 {
        sum -= input[li];
        window -= 1;
        output[oi] = sum / window as f32;
        li += stride;
        oi += stride;
    }
}

/// pdqImageDomainQualityMetric. Each gradient term `((u - v) * 100) / 255` is computed in
/// float and truncated towards zero to an `int` before its absolute value is summed; most
/// small gradients therefore count for nothing. Summing untruncated terms (as the crates.io
/// `pdqhash` crate does) gives a higher quality than the reference.
fn quality_metric(a: &[[f32; 64]; 64]) -> u8 {
    let term = |u: f32, v: f32| -> i64 {
        // `as` truncates towards zero like C's float-to-int conversion (|term| <= 100 here).
        let d = (((u - v) * 100.0) / 255.0) as i32;
        i64::from(d.abs())
    };
    let mut gradient_sum: i64 = 0;
    // Vertical gradients (rows i and i + 1), then horizontal (columns j and j + 1).
    for (upper, lower) in a.iter().zip(&a[1..]) {
        for (&u, &v) in upper.iter().zip(lower) {
            gradient_sum += term(u, v);
        }
    }
    for row in a.iter() {
        for (&u, &v) in row.iter().zip(&row[1..]) {
            gradient_sum += term(u, v);
        }
    }
    // Bounded by 100 just below, so the conversion cannot fail.
    u8::try_from((gradient_sum / 90).min(100)).unwrap_or(100)
}

/// The DCT matrix `D` (16 × 64) and its transpose (64 × 16).
type DctMatrices = ([[f32; 64]; 16], [[f32; 16]; 64]);

/// The 16×64 DCT-II matrix, rows 1–16 of the full 64-point transform, and its transpose.
/// Built as the reference builds `dct_matrix_64`: scale factor `sqrt(2/64)` computed in
/// double and stored as float, then `scale * cos((pi / 2 / 64) * (i + 1) * (2j + 1))` in
/// double (the float scale promoted), stored as float.
fn dct_matrix() -> &'static DctMatrices {
    static MATRIX: OnceLock<DctMatrices> = OnceLock::new();
    MATRIX.get_or_init(|| {
        let scale = (2.0_f64 / 64.0).sqrt() as f32;
        let mut d = [[0f32; 64]; 16];
        let mut transposed = [[0f32; 16]; 64];
        for (i, row) in d.iter_mut().enumerate() {
            for (j, cell) in row.iter_mut().enumerate() {
                let angle = (PI / 2.0 / 64.0) * (i + 1) as f64 * (2 * j + 1) as f64;
                *cell = (f64::from(scale) * angle.cos()) as f32;
                transposed[j][i] = *cell;
            }
        }
        (d, transposed)
    })
}

/// dct64To16: B = D A Dᵀ, as T = D A then B = T Dᵀ, each sum accumulated in float from 0
/// in increasing k, as the reference's unrolled loops do. The loops run k outside j so that
/// a whole row of sums advances together (vectorised); each sum still sees its terms in the
/// reference's order.
fn dct64_to_16(a: &[[f32; 64]; 64]) -> [[f32; 16]; 16] {
    let (d, d_transposed) = dct_matrix();
    let mut t = [[0f32; 64]; 16];
    for (t_row, d_row) in t.iter_mut().zip(d) {
        for (&dik, a_row) in d_row.iter().zip(a) {
            for (cell, &akj) in t_row.iter_mut().zip(a_row) {
                *cell += dik * akj;
            }
        }
    }
    let mut b = [[0f32; 16]; 16];
    for (b_row, t_row) in b.iter_mut().zip(&t) {
        for (&tik, dt_row) in t_row.iter().zip(d_transposed) {
            for (cell, &djk) in b_row.iter_mut().zip(dt_row) {
                *cell += tik * djk;
            }
        }
    }
    b
}

#[derive(Clone, Copy)]
enum Orientation {
    Rotate90,
    Rotate180,
    Rotate270,
    FlipX,
    FlipY,
    FlipPlus1,
    FlipMinus1,
}

/// dct16OriginalTo*: the DCT of a rotated or flipped image is the original DCT, possibly
/// transposed, with the signs of odd rows and/or columns changed.
fn transform(a: &[[f32; 16]; 16], orientation: Orientation) -> [[f32; 16]; 16] {
    let mut b = [[0f32; 16]; 16];
    for i in 0..16 {
        for j in 0..16 {
            let v = a[i][j];
            let odd_i = i & 1 == 1;
            let odd_j = j & 1 == 1;
            let odd_sum = (i + j) & 1 == 1;
            match orientation {
                Orientation::Rotate90 => b[j][i] = if odd_j { v } else { -v },
                Orientation::Rotate180 => b[i][j] = if odd_sum { -v } else { v },
                Orientation::Rotate270 => b[j][i] = if odd_i { v } else { -v },
                Orientation::FlipX => b[i][j] = if odd_i { v } else { -v },
                Orientation::FlipY => b[i][j] = if odd_j { v } else { -v },
                Orientation::FlipPlus1 => b[j][i] = v,
                Orientation::FlipMinus1 => b[j][i] = if odd_sum { -v } else { v },
            }
        }
    }
    b
}

/// pdqBuffer16x16ToBits: bit `16 i + j` is set when DCT coefficient (i, j) is strictly
/// greater than the median (Torben's method).
fn bits_from_dct(dct: &[[f32; 16]; 16]) -> Hash256 {
    let flat: Vec<f32> = dct.iter().flatten().copied().collect();
    let median = lower_median(&flat);
    let mut hash = Hash256::ZERO;
    for (k, &v) in flat.iter().enumerate() {
        if v > median {
            hash.set_bit(k);
        }
    }
    hash
}

/// The value Torben's method (below, the reference's `torben.cpp`) returns: the lower
/// median, the element of rank `(n - 1) / 2` from the smallest, found by selection (a
/// few passes) rather than by Torben's bisection on values (a pass per halving of the
/// range). Torben returns an element of the input, so only the order matters; `total_cmp`
/// orders -0 before +0 where Torben counts them equal, which can change the sign of a zero
/// median but not which coefficients are greater than it. The inputs are finite.
fn lower_median(m: &[f32]) -> f32 {
    let mut copy = m.to_vec();
    *copy.select_nth_unstable_by((m.len() - 1) / 2, f32::total_cmp).1
}

/// Torben Mogensen's median (N. Devillard's implementation, public domain), as in the
/// reference's `torben.cpp`: for an even count it returns the lower median. Kept as the
/// specification of [`lower_median`], which the tests compare with it.
#[cfg(test)]
fn torben(m: &[f32]) -> f32 {
    let n = m.len();
    let half = n.div_ceil(2);
    let mut min = m[0];
    let mut max = m[0];
    for &v in &m[1..] {
        if v < min {
            min = v;
        }
        if v > max {
            max = v;
        }
    }
    loop {
        let guess = (min + max) / 2.0;
        let mut less = 0;
        let mut greater = 0;
        let mut equal = 0;
        let mut max_lt_guess = min;
        let mut min_gt_guess = max;
        for &v in m {
            if v < guess {
                less += 1;
                if v > max_lt_guess {
                    max_lt_guess = v;
                }
            } else if v > guess {
                greater += 1;
                if v < min_gt_guess {
                    min_gt_guess = v;
                }
            } else {
                equal += 1;
            }
        }
        if less <= half && greater <= half {
            return if less >= half {
                max_lt_guess
            } else if less + equal >= half {
                guess
            } else {
                min_gt_guess
            };
        } else if less > greater {
            max = max_lt_guess;
        } else {
            min = min_gt_guess;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        assert_eq!(pdq_from_rgb(0, 10, &[]), Err(HashError::EmptyImage));
        assert_eq!(pdq_from_rgb(10, 0, &[]), Err(HashError::EmptyImage));
        assert_eq!(pdq_from_rgb(10, 10, &[0; 299]), Err(HashError::BufferLength { expected: Some(300), actual: 299 }));
        assert_eq!(
            pdq_with_dihedrals_from_rgb(10, 10, &[0; 301]),
            Err(HashError::BufferLength { expected: Some(300), actual: 301 })
        );
        assert_eq!(pdq_from_rgb(usize::MAX, 2, &[0; 6]), Err(HashError::BufferLength { expected: None, actual: 6 }));
        assert_eq!(
            pdq_from_rgb(usize::MAX / 3, 1, &[]),
            Err(HashError::BufferLength { expected: Some(usize::MAX / 3 * 3), actual: 0 })
        );
        assert!(pdq_from_rgb(0, 0, &[]).unwrap_err().to_string().contains("zero"));
    }

    #[test]
    fn tiny_images_hash_to_zero_like_the_reference() {
        for (w, h) in [(1, 1), (4, 100), (100, 4)] {
            let rgb = vec![200u8; w * h * 3];
            assert_eq!(pdq_from_rgb(w, h, &rgb), Ok(Pdq { hash: Hash256::ZERO, quality: 0 }));
            let (pdq, dihedrals) = pdq_with_dihedrals_from_rgb(w, h, &rgb).unwrap();
            assert_eq!(pdq.hash, Hash256::ZERO);
            assert_eq!(dihedrals, [Hash256::ZERO; 7]);
        }
        // Five pixels is enough.
        assert!(pdq_from_rgb(5, 5, &[0; 75]).is_ok());
    }

    #[test]
    fn flat_image_has_quality_zero() {
        let rgb = vec![128u8; 100 * 80 * 3];
        let pdq = pdq_from_rgb(100, 80, &rgb).unwrap();
        assert_eq!(pdq.quality, 0);
    }

    #[test]
    fn jarosz_window_sizes() {
        // Round up of dimension / 128.
        assert_eq!(jarosz_window_size(1, 64), 1);
        assert_eq!(jarosz_window_size(128, 64), 1);
        assert_eq!(jarosz_window_size(129, 64), 2);
        assert_eq!(jarosz_window_size(512, 64), 4);
        assert_eq!(jarosz_window_size(1024, 64), 8);
    }

    /// Deterministic pseudo-random floats (xorshift), luma-like: 0–255 with fractions.
    fn noise(n: usize, seed: u64) -> Vec<f32> {
        let mut state = seed | 1;
        (0..n)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state >> 40) as f32 / (1u64 << 24) as f32 * 255.0
            })
            .collect()
    }

    /// The whole-image filters give, bit for bit, box_1d applied line by line, as the
    /// reference applies it; the sampled ones give the sampled cells of the full result.
    #[test]
    fn image_filters_equal_the_line_filter() {
        for (rows, cols) in [(5, 5), (7, 130), (64, 64), (17, 300), (300, 17), (129, 257), (9, 1000), (1000, 9)] {
            let image = noise(rows * cols, (rows * 1000 + cols) as u64);
            let (along_rows, along_cols) = (jarosz_window_size(cols, 64), jarosz_window_size(rows, 64));
            // The reference: box_1d along each row, then down each column.
            let mut expected_rows = vec![0f32; rows * cols];
            for (i, o) in image.chunks_exact(cols).zip(expected_rows.chunks_exact_mut(cols)) {
                box_1d(i, o, cols, 1, along_rows);
            }
            let mut expected = vec![0f32; rows * cols];
            for j in 0..cols {
                box_1d(&expected_rows[j..], &mut expected[j..], rows, cols, along_cols);
            }
            let mut got_rows = vec![0f32; rows * cols];
            box_along_rows(&image, &mut got_rows, cols, along_rows);
            assert!(got_rows.iter().zip(&expected_rows).all(|(a, b)| a.to_bits() == b.to_bits()), "rows {rows}x{cols}");
            let mut got = vec![0f32; rows * cols];
            let mut sums = vec![0f32; cols.max(64)];
            box_along_cols(&got_rows, &mut got, cols, along_cols, &mut sums);
            assert!(got.iter().zip(&expected).all(|(a, b)| a.to_bits() == b.to_bits()), "cols {rows}x{cols}");
            // Sampled: the same filters, only at the 64 × 64 decimation points.
            let (sampled_rows, sampled_cols) = (sample_centres(rows), sample_centres(cols));
            let mut narrow = vec![0f32; rows * 64];
            box_along_rows_sampled(&image, &mut narrow, cols, along_rows, &sampled_cols);
            let decimated = box_along_cols_sampled(&narrow, along_cols, &sampled_rows, &mut sums[..64]);
            for (r, &i) in sampled_rows.iter().enumerate() {
                for (c, &j) in sampled_cols.iter().enumerate() {
                    assert_eq!(decimated[r][c].to_bits(), expected[i * cols + j].to_bits(), "{rows}x{cols} at {i},{j}");
                }
            }
        }
    }

    #[test]
    fn dct_in_vectorised_order_equals_the_reference_loops() {
        let values = noise(64 * 64, 99);
        let mut a = [[0f32; 64]; 64];
        for (row, chunk) in a.iter_mut().zip(values.chunks_exact(64)) {
            row.copy_from_slice(chunk);
        }
        // dct64To16 as the reference writes it: k innermost.
        let (d, _) = dct_matrix();
        let mut t = [[0f32; 64]; 16];
        for i in 0..16 {
            for j in 0..64 {
                let mut sum = 0.0f32;
                for k in 0..64 {
                    sum += d[i][k] * a[k][j];
                }
                t[i][j] = sum;
            }
        }
        let mut b = [[0f32; 16]; 16];
        for i in 0..16 {
            for j in 0..16 {
                let mut sum = 0.0f32;
                for k in 0..64 {
                    sum += t[i][k] * d[j][k];
                }
                b[i][j] = sum;
            }
        }
        let got = dct64_to_16(&a);
        assert!(got.iter().flatten().zip(b.iter().flatten()).all(|(x, y)| x.to_bits() == y.to_bits()));
    }

    #[test]
    fn box_filter_matches_worked_example() {
        // The reference's comment: window 7 over 0..16 gives these sums, divided by the
        // current window size.
        let input: Vec<f32> = (0..16).map(|v| v as f32).collect();
        let mut output = vec![0f32; 16];
        box_1d(&input, &mut output, 16, 1, 7);
        let sums = [6., 10., 15., 21., 28., 35., 42., 49., 56., 63., 70., 77., 84., 75., 65., 54.];
        let sizes = [4., 5., 6., 7., 7., 7., 7., 7., 7., 7., 7., 7., 7., 6., 5., 4.];
        for k in 0..16 {
            assert_eq!(output[k], sums[k] / sizes[k], "index {k}");
        }
    }

    #[test]
    fn torben_is_the_lower_median() {
        assert_eq!(torben(&[10.0, 20.0]), 10.0);
        assert_eq!(torben(&[30.0, 10.0, 20.0]), 20.0);
        assert_eq!(torben(&[4.0, 1.0, 3.0, 2.0]), 2.0);
        assert_eq!(torben(&[5.0; 256]), 5.0);
        let values: Vec<f32> = (0..256).map(|v| ((v * 37) % 256) as f32 - 100.5).collect();
        let mut sorted = values.clone();
        sorted.sort_by(f32::total_cmp);
        assert_eq!(torben(&values), sorted[127]);
    }

    #[test]
    fn lower_median_equals_torben() {
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for round in 0..3000 {
            let n = [256, 255, 1, 2, 3, 17][round % 6];
            // Spread values, few distinct values (ties around the median), zeros of both
            // signs, and DCT-like magnitudes.
            let values: Vec<f32> = (0..n)
                .map(|_| {
                    let r = next();
                    match round % 4 {
                        0 => (r >> 40) as f32 / 1000.0 - 8000.0,
                        1 => ((r >> 60) as f32) - 7.0,
                        2 => [0.0, -0.0, 1.0, -1.0][(r >> 62) as usize],
                        _ => {
                            f32::from_bits((r >> 32) as u32 & 0x7fff_ffff).min(1e30)
                                * if r & 1 == 0 { 1.0 } else { -1.0 }
                        }
                    }
                })
                .collect();
            let (a, b) = (lower_median(&values), torben(&values));
            assert_eq!(a, b, "round {round}: {values:?}");
            assert_eq!(values.iter().filter(|&&v| v > a).count(), values.iter().filter(|&&v| v > b).count());
        }
    }

    #[test]
    fn dihedral_transforms_compose_correctly() {
        // Rotating the DCT by 90° four times gives the original; flipping twice as well.
        let mut a = [[0f32; 16]; 16];
        for (i, row) in a.iter_mut().enumerate() {
            for (j, cell) in row.iter_mut().enumerate() {
                *cell = (i * 16 + j) as f32 + 1.0;
            }
        }
        let r = |m: &[[f32; 16]; 16]| transform(m, Orientation::Rotate90);
        assert_eq!(r(&r(&r(&r(&a)))), a);
        assert_eq!(r(&r(&a)), transform(&a, Orientation::Rotate180));
        assert_eq!(r(&r(&r(&a))), transform(&a, Orientation::Rotate270));
        for o in [Orientation::FlipX, Orientation::FlipY, Orientation::FlipPlus1, Orientation::FlipMinus1] {
            assert_eq!(transform(&transform(&a, o), o), a);
        }
    }
}
