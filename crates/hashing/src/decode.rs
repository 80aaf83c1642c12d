//! Decoding an image file and hashing it as Meta's reference tool does (feature `decode`).
//!
//! One function, [`hash_image`], shared by `zeri hash`, evidence intake on the server and the
//! take-down page (compiled to WebAssembly), so the three give the same hashes for the same
//! file, bit for bit:
//! - the file is decoded with the `image` crate (PNG, JPEG, GIF and WebP; the first frame of
//!   an animation; EXIF orientation is *not* applied, as the reference does not);
//! - when a side exceeds 512 px the image is resized to exactly 512×512 by nearest neighbour,
//!   as CImg's `resize(512, 512)` in the reference tool does (unless [`Options::full_size`]);
//! - R, G and B are hashed and alpha is dropped; grey images are hashed as three equal
//!   samples, 16-bit samples are reduced to 8 bits.
//!
//! Decoding untrusted bytes is bounded: images wider or taller than [`Limits::max_side`] or
//! with more than [`Limits::max_pixels`] pixels are refused from their header, before any
//! pixel is decoded, and the decoder may allocate at most [`Limits::max_alloc`]. Bounding the
//! time is the caller's business (a thread and a timeout), as this crate starts no threads.

use std::fmt;
use std::io::Cursor;

use image::{ImageError, ImageReader};

use crate::{pdq_from_rgb, pdq_with_dihedrals_from_rgb, Dihedrals, Pdq};

/// Meta's tool resizes images with a side over this to this × this before hashing.
pub const REFERENCE_SIDE: u32 = 512;

/// Bounds on decoding untrusted bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Widest or tallest image accepted, in pixels.
    pub max_side: u32,
    /// Most pixels accepted.
    pub max_pixels: u64,
    /// The most the decoder may allocate, in bytes.
    pub max_alloc: u64,
}

impl Default for Limits {
    /// 20,000 px a side, 100 million pixels, 512 MiB: a 12-megapixel phone photo or a long
    /// screenshot passes, a decompression bomb does not.
    fn default() -> Self {
        Limits { max_side: 20_000, max_pixels: 100_000_000, max_alloc: 512 * 1024 * 1024 }
    }
}

/// How to hash.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Also compute the seven dihedral hashes.
    pub dihedral: bool,
    /// Hash the decoded pixels at their full size, without the reference's resizing.
    pub full_size: bool,
    pub limits: Limits,
}

/// The perceptual hashes of one image file.
#[derive(Debug, Clone)]
pub struct ImageHashes {
    pub pdq: Pdq,
    pub dihedrals: Option<Dihedrals>,
    /// The size of the decoded image, before any resizing.
    pub width: u32,
    pub height: u32,
}

/// Why an image could not be hashed. The variants are kept apart so that a user interface
/// can say each in the user's language; `Display` gives English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// Not PNG, JPEG, GIF or WebP.
    NotAnImage,
    /// Zero width or height.
    Empty,
    /// Over the limits: possibly a decompression bomb.
    TooLarge { width: u32, height: u32 },
    /// The decoder would need more memory than allowed: possibly a decompression bomb.
    TooMuchMemory,
    /// A format the decoder does not support (e.g. a rare JPEG variant).
    Unsupported(String),
    /// Damaged, truncated or invalid data.
    Damaged(String),
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::NotAnImage => f.write_str("not an image in a recognised format (PNG, JPEG, GIF or WebP)"),
            DecodeError::Empty => f.write_str("image has no pixels"),
            DecodeError::TooLarge { width, height } => {
                write!(f, "refused, possibly a decompression bomb: {width}×{height} pixels")
            }
            DecodeError::TooMuchMemory => {
                f.write_str("refused, possibly a decompression bomb: decoding needs more memory than allowed")
            }
            DecodeError::Unsupported(e) => write!(f, "unsupported image: {e}"),
            DecodeError::Damaged(e) => write!(f, "damaged or invalid image: {e}"),
        }
    }
}

impl std::error::Error for DecodeError {}

/// Whether the bytes start like an image in a format [`hash_image`] decodes.
pub fn looks_like_image(bytes: &[u8]) -> bool {
    matches!(
        image::guess_format(bytes),
        Ok(image::ImageFormat::Png | image::ImageFormat::Jpeg | image::ImageFormat::Gif | image::ImageFormat::WebP)
    )
}

/// The media type of an image in a format [`hash_image`] decodes, from its first bytes.
pub fn image_media_type(bytes: &[u8]) -> Option<&'static str> {
    match image::guess_format(bytes) {
        Ok(image::ImageFormat::Png) => Some("image/png"),
        Ok(image::ImageFormat::Jpeg) => Some("image/jpeg"),
        Ok(image::ImageFormat::Gif) => Some("image/gif"),
        Ok(image::ImageFormat::WebP) => Some("image/webp"),
        _ => None,
    }
}

/// Decodes an image file held in memory and hashes it as described in the module documentation.
pub fn hash_image(bytes: &[u8], options: &Options) -> Result<ImageHashes, DecodeError> {
    let (width, height, rgb) = decode_rgb(bytes, &options.limits)?;
    let (w, h, rgb) = if options.full_size || (width <= REFERENCE_SIDE && height <= REFERENCE_SIDE) {
        (width, height, rgb)
    } else {
        (REFERENCE_SIDE, REFERENCE_SIDE, resize_nearest(width, height, &rgb, REFERENCE_SIDE, REFERENCE_SIDE))
    };
    let (w, h) = (w as usize, h as usize);
    // The buffer is exactly w × h × 3 and the sides are bounded, so hashing cannot fail; an
    // error here would be a bug, reported as a damaged image rather than a panic.
    let hashed = if options.dihedral {
        pdq_with_dihedrals_from_rgb(w, h, &rgb).map(|(pdq, d)| (pdq, Some(d)))
    } else {
        pdq_from_rgb(w, h, &rgb).map(|pdq| (pdq, None))
    };
    let (pdq, dihedrals) = hashed.map_err(|e| DecodeError::Damaged(e.to_string()))?;
    Ok(ImageHashes { pdq, dihedrals, width, height })
}

/// Decodes an image held in memory to packed 8-bit RGB, alpha dropped, within the limits.
pub fn decode_rgb(bytes: &[u8], limits: &Limits) -> Result<(u32, u32, Vec<u8>), DecodeError> {
    if !looks_like_image(bytes) {
        return Err(DecodeError::NotAnImage);
    }
    let mut decoder_limits = image::Limits::default();
    decoder_limits.max_image_width = Some(limits.max_side);
    decoder_limits.max_image_height = Some(limits.max_side);
    decoder_limits.max_alloc = Some(limits.max_alloc);
    let reader = || -> Result<ImageReader<Cursor<&[u8]>>, DecodeError> {
        let mut reader =
            ImageReader::new(Cursor::new(bytes)).with_guessed_format().map_err(|_| DecodeError::NotAnImage)?;
        if reader.format().is_none() {
            return Err(DecodeError::NotAnImage);
        }
        reader.limits(decoder_limits.clone());
        Ok(reader)
    };
    // The header first: refuse a bomb before any pixel is decoded.
    let (width, height) = reader()?.into_dimensions().map_err(describe)?;
    check_dimensions(width, height, limits)?;
    let image = reader()?.decode().map_err(describe)?;
    let (width, height) = (image.width(), image.height());
    check_dimensions(width, height, limits)?;
    // No copy when the image already is 8-bit RGB; otherwise R, G, B kept and alpha dropped.
    Ok((width, height, image.into_rgb8().into_raw()))
}

fn check_dimensions(width: u32, height: u32, limits: &Limits) -> Result<(), DecodeError> {
    if width == 0 || height == 0 {
        return Err(DecodeError::Empty);
    }
    if width > limits.max_side || height > limits.max_side || u64::from(width) * u64::from(height) > limits.max_pixels {
        return Err(DecodeError::TooLarge { width, height });
    }
    Ok(())
}

fn describe(e: ImageError) -> DecodeError {
    match e {
        ImageError::Limits(_) => DecodeError::TooMuchMemory,
        ImageError::Unsupported(e) => DecodeError::Unsupported(e.to_string()),
        ImageError::Decoding(e) => DecodeError::Damaged(e.to_string()),
        // The bytes are in memory: an I/O error here is the data ending too soon.
        ImageError::IoError(e) => DecodeError::Damaged(format!("truncated: {e}")),
        e => DecodeError::Damaged(e.to_string()),
    }
}

/// Nearest-neighbour resize as CImg's `resize(w, h)` (interpolation type 1) does it, which is
/// what the reference tool uses: output column `x` takes source column `⌊x · width / new_width⌋`.
pub fn resize_nearest(width: u32, height: u32, rgb: &[u8], new_width: u32, new_height: u32) -> Vec<u8> {
    let source = |i: u32, old: u32, new: u32| (u64::from(i) * u64::from(old) / u64::from(new)) as usize;
    let columns: Vec<usize> = (0..new_width).map(|x| source(x, width, new_width)).collect();
    let row_bytes = width as usize * 3;
    let mut out = Vec::with_capacity(new_width as usize * new_height as usize * 3);
    for y in 0..new_height {
        let row = &rgb[source(y, height, new_height) * row_bytes..][..row_bytes];
        for &x in &columns {
            out.extend_from_slice(&row[x * 3..x * 3 + 3]);
        }
    }
    out
}
