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
        let mut luma = Vec::new();
        let mut scratch = Vec::new();
        luma.try_reserve_exact(n).map_err(|_| HashError::TooLarge)?;
        scratch.try_reserve_exact(n).map_err(|_| HashError::TooLarge)?;
        // fillFloatLumaFromRGB: float products of float coefficients and the byte values,
        // summed left to right.
        luma.extend(
            rgb.chunks_exact(3)
                .map(|p| LUMA_FROM_R * f32::from(p[0]) + LUMA_FROM_G * f32::from(p[1]) + LUMA_FROM_B * f32::from(p[2])),
        );
        scratch.resize(n, 0.0);
        Ok(Some(Buffers { rows: height, cols: width, luma, scratch }))
    }

    /// jaroszFilterFloat then decimateFloat to 64×64.
    fn downsample(&mut self) -> [[f32; 64]; 64] {
        let window_along_rows = jarosz_window_size(self.cols, 64);
        let window_along_cols = jarosz_window_size(self.rows, 64);
        for _ in 0..NUM_JAROSZ_XY_PASSES {
            // boxAlongRowsFloat(buffer1 -> buffer2), boxAlongColsFloat(buffer2 -> buffer1).
            for (input, output) in self.luma.chunks_exact(self.cols).zip(self.scratch.chunks_exact_mut(self.cols)) {
                box_1d(input, output, self.cols, 1, window_along_rows);
            }
            for j in 0..self.cols {
                box_1d(&self.scratch[j..], &mut self.luma[j..], self.rows, self.cols, window_along_cols);
            }
        }
        decimate(&self.luma, self.rows, self.cols)
    }
}

/// computeJaroszFilterWindowSize, `(old + 2 new - 1) / (2 new)`: half of a full block per
/// pass, rounded up.
fn jarosz_window_size(old_dimension: usize, new_dimension: usize) -> usize {
    old_dimension.div_ceil(2 * new_dimension)
}

/// box1DFloat: a running-sum box filter over `length` elements `stride` apart, with a
/// shrinking window at both ends. The running sum (add the new element, subtract the old)
/// is kept in float exactly as in the reference, rounding errors included.
fn box_1d(input: &[f32], output: &mut [f32], length: usize, stride: usize, full_window: usize) {
    let half_window = (full_window + 2) / 2; // 7 -> 4, 8 -> 5
    let phase_1 = half_window - 1;
    let phase_2 = full_window - half_window + 1;
    let phase_3 = length - full_window;
    let phase_4 = half_window - 1;

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

/// decimateFloat: sample the centre of each of the 64×64 target cells; the index is
/// computed in double as in the reference.
fn decimate(input: &[f32], rows: usize, cols: usize) -> [[f32; 64]; 64] {
    let mut out = [[0f32; 64]; 64];
    for (outi, row) in out.iter_mut().enumerate() {
        let ini = (((outi as f64 + 0.5) * rows as f64) / 64.0) as usize;
        for (outj, cell) in row.iter_mut().enumerate() {
            let inj = (((outj as f64 + 0.5) * cols as f64) / 64.0) as usize;
            *cell = input[ini * cols + inj];
        }
    }
    out
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

/// The 16×64 DCT-II matrix, rows 1–16 of the full 64-point transform. Built as the
/// reference builds `dct_matrix_64`: scale factor `sqrt(2/64)` computed in double and
/// stored as float, then `scale * cos((pi / 2 / 64) * (i + 1) * (2j + 1))` in double (the
/// float scale promoted), stored as float.
fn dct_matrix() -> &'static [[f32; 64]; 16] {
    static MATRIX: OnceLock<[[f32; 64]; 16]> = OnceLock::new();
    MATRIX.get_or_init(|| {
        let scale = (2.0_f64 / 64.0).sqrt() as f32;
        let mut d = [[0f32; 64]; 16];
        for (i, row) in d.iter_mut().enumerate() {
            for (j, cell) in row.iter_mut().enumerate() {
                let angle = (PI / 2.0 / 64.0) * (i + 1) as f64 * (2 * j + 1) as f64;
                *cell = (f64::from(scale) * angle.cos()) as f32;
            }
        }
        d
    })
}

/// dct64To16: B = D A Dᵀ, as T = D A then B = T Dᵀ, each sum accumulated in float from 0
/// in increasing k, as the reference's unrolled loops do.
fn dct64_to_16(a: &[[f32; 64]; 64]) -> [[f32; 16]; 16] {
    let d = dct_matrix();
    let mut t = [[0f32; 64]; 16];
    for (i, t_row) in t.iter_mut().enumerate() {
        for (j, cell) in t_row.iter_mut().enumerate() {
            let mut sum = 0.0f32;
            for k in 0..64 {
                sum += d[i][k] * a[k][j];
            }
            *cell = sum;
        }
    }
    let mut b = [[0f32; 16]; 16];
    for (i, b_row) in b.iter_mut().enumerate() {
        for (j, cell) in b_row.iter_mut().enumerate() {
            let mut sum = 0.0f32;
            for k in 0..64 {
                sum += t[i][k] * d[j][k];
            }
            *cell = sum;
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
    let median = torben(&flat);
    let mut hash = Hash256::ZERO;
    for (k, &v) in flat.iter().enumerate() {
        if v > median {
            hash.set_bit(k);
        }
    }
    hash
}

/// Torben Mogensen's median (N. Devillard's implementation, public domain), as in the
/// reference's `torben.cpp`: for an even count it returns the lower median.
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
