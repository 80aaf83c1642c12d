//! The take-down page's hashing, compiled to WebAssembly (`scripts/build-wasm`).
//!
//! A young person picks an image or a video on their own device; the page
//! (`crates/web/assets/takedown/takedown.js`) computes the hashes here, in the browser, and
//! sends only the hashes: the file never leaves the device. Images go through
//! [`zeri_hashing::decode::hash_image`], the very function `zeri hash --dihedral` and evidence
//! intake use, so the page gives the same hashes as the server for the same file, bit for bit.
//!
//! Exports (JavaScript names as here):
//! - [`hash_image`]`(bytes)` → `{pdq, quality, dihedral: [7], md5, sha256, width, height}`;
//! - [`Digests`]: `new Digests()`, `.update(chunk)`, `.finish()` → `{md5, sha256, size}`, for
//!   files read in slices (videos, large files);
//! - [`pdq_rgba`]`(width, height, rgba)` → `{pdq, quality}` for a video frame drawn to a
//!   canvas (`getImageData`), hashed as `zeri hash` would hash a lossless screenshot of it.
//!
//! Errors are JavaScript `Error`s with a `kind` property the page maps to a message in the
//! user's language: `not_image`, `too_large`, `damaged` or `unsupported` (the `message` is
//! English, for developers).
//!
//! Everything here is also plain Rust (the functions below `wasm` are ordinary functions
//! returning Rust types), tested natively with `cargo test -p zeri-hashing-wasm`.

use zeri_hashing::decode::{self, DecodeError, Limits, Options, REFERENCE_SIDE};
use zeri_hashing::{md5_hex, pdq_from_rgb, sha256_hex, HashError};

#[cfg(target_arch = "wasm32")]
mod wasm;

/// The hashes of one image file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageHashes {
    pub pdq: String,
    pub quality: u8,
    /// rot90, rot180, rot270, flipx, flipy, flipplus1, flipminus1, as `zeri hash --dihedral`.
    pub dihedral: Vec<String>,
    pub md5: String,
    pub sha256: String,
    pub width: u32,
    pub height: u32,
}

/// Why a file could not be hashed, as the page tells the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    NotImage,
    TooLarge,
    Damaged,
    Unsupported,
}

impl ErrorKind {
    /// The code the page looks up among its error messages (`data-not_image`, …).
    pub fn code(self) -> &'static str {
        match self {
            ErrorKind::NotImage => "not_image",
            ErrorKind::TooLarge => "too_large",
            ErrorKind::Damaged => "damaged",
            ErrorKind::Unsupported => "unsupported",
        }
    }
}

/// An error with its kind and an English description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub kind: ErrorKind,
    pub message: String,
}

impl From<DecodeError> for Failure {
    fn from(e: DecodeError) -> Self {
        let kind = match &e {
            DecodeError::NotAnImage => ErrorKind::NotImage,
            DecodeError::TooLarge { .. } | DecodeError::TooMuchMemory => ErrorKind::TooLarge,
            DecodeError::Unsupported(_) => ErrorKind::Unsupported,
            DecodeError::Empty | DecodeError::Damaged(_) => ErrorKind::Damaged,
        };
        Failure { kind, message: e.to_string() }
    }
}

impl From<HashError> for Failure {
    fn from(e: HashError) -> Self {
        let kind = match e {
            HashError::TooLarge => ErrorKind::TooLarge,
            _ => ErrorKind::Damaged,
        };
        Failure { kind, message: e.to_string() }
    }
}

/// Hashes an image file as `zeri hash --json --dihedral FILE` does: PDQ with the seven
/// dihedral hashes (the reference's resizing to 512×512 for larger images, the default
/// decoding limits), MD5 and SHA-256 of the bytes.
pub fn hash_image(bytes: &[u8]) -> Result<ImageHashes, Failure> {
    let options = Options { dihedral: true, full_size: false, limits: Limits::default() };
    let hashed = decode::hash_image(bytes, &options)?;
    let dihedral = hashed.dihedrals.map(|d| d.iter().map(|h| h.to_hex()).collect()).unwrap_or_default();
    Ok(ImageHashes {
        pdq: hashed.pdq.hash.to_hex(),
        quality: hashed.pdq.quality,
        dihedral,
        md5: md5_hex(bytes),
        sha256: sha256_hex(bytes),
        width: hashed.width,
        height: hashed.height,
    })
}

/// PDQ hash (hex) and quality of an RGBA frame (`width * height * 4` bytes, as a canvas's
/// `getImageData` gives): alpha dropped and, when a side exceeds 512 px, resized to 512×512
/// by nearest neighbour, exactly as `zeri hash` treats a PNG of the same pixels.
pub fn pdq_rgba(width: u32, height: u32, rgba: &[u8]) -> Result<(String, u8), Failure> {
    let limits = Limits::default();
    if width == 0 || height == 0 {
        return Err(DecodeError::Empty.into());
    }
    if width > limits.max_side || height > limits.max_side {
        return Err(DecodeError::TooLarge { width, height }.into());
    }
    let pixels = width as usize * height as usize;
    if rgba.len() != pixels * 4 {
        return Err(Failure {
            kind: ErrorKind::Damaged,
            message: format!("RGBA buffer holds {} bytes, expected {width} × {height} × 4", rgba.len()),
        });
    }
    let mut rgb = Vec::with_capacity(pixels * 3);
    for px in rgba.chunks_exact(4) {
        rgb.extend_from_slice(&px[..3]);
    }
    let (w, h, rgb) = if width <= REFERENCE_SIDE && height <= REFERENCE_SIDE {
        (width, height, rgb)
    } else {
        (REFERENCE_SIDE, REFERENCE_SIDE, decode::resize_nearest(width, height, &rgb, REFERENCE_SIDE, REFERENCE_SIDE))
    };
    let pdq = pdq_from_rgb(w as usize, h as usize, &rgb)?;
    Ok((pdq.hash.to_hex(), pdq.quality))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../zeri/tests/data");

    fn read(rel: &str) -> Vec<u8> {
        std::fs::read(format!("{DATA}/{rel}")).unwrap()
    }

    /// The rows of `files.csv`: what Meta's reference tool printed for each file.
    #[test]
    fn files_hash_as_the_reference_tool_printed() {
        let csv = std::fs::read_to_string(format!("{DATA}/files.csv")).unwrap();
        for line in csv.lines().skip(1) {
            let cols: Vec<&str> = line.split(',').collect();
            let bytes = read(cols[0]);
            let got = hash_image(&bytes).unwrap();
            assert_eq!(got.pdq, cols[1], "{}", cols[0]);
            assert_eq!(got.quality.to_string(), cols[2], "{}", cols[0]);
            assert_eq!(got.dihedral.len(), 7);
            assert_eq!(got.md5, md5_hex(&bytes));
            assert_eq!(got.sha256, sha256_hex(&bytes));
        }
    }

    #[test]
    fn frame_hashes_as_the_png_of_its_pixels() {
        // A PNG's pixels given as RGBA hash as the PNG file does, below and above 512 px.
        for file in ["pixels/bridge-mods--shrink-a-lot.jpg.png", "files/misc-images--modes--1.png"] {
            let bytes = read(file);
            let (w, h, rgb) = decode::decode_rgb(&bytes, &Limits::default()).unwrap();
            let rgba: Vec<u8> = rgb.chunks_exact(3).flat_map(|p| [p[0], p[1], p[2], 255]).collect();
            let (pdq, quality) = pdq_rgba(w, h, &rgba).unwrap();
            let whole = hash_image(&bytes).unwrap();
            assert_eq!((pdq, quality), (whole.pdq, whole.quality), "{file}");
        }
    }

    #[test]
    fn errors_carry_their_kind() {
        assert_eq!(hash_image(b"%PDF-1.7 not an image").unwrap_err().kind, ErrorKind::NotImage);
        let png = read("pixels/bridge-mods--shrink-a-lot.jpg.png");
        assert_eq!(hash_image(&png[..png.len() / 2]).unwrap_err().kind, ErrorKind::Damaged);
        assert_eq!(pdq_rgba(0, 10, &[]).unwrap_err().kind, ErrorKind::Damaged);
        assert_eq!(pdq_rgba(30_000, 1, &[]).unwrap_err().kind, ErrorKind::TooLarge);
        assert_eq!(pdq_rgba(2, 2, &[0; 15]).unwrap_err().kind, ErrorKind::Damaged);
        let codes: Vec<_> = [ErrorKind::NotImage, ErrorKind::TooLarge, ErrorKind::Damaged, ErrorKind::Unsupported]
            .map(ErrorKind::code)
            .into();
        assert_eq!(codes, ["not_image", "too_large", "damaged", "unsupported"]);
    }
}
