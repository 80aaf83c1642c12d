//! `zeri hash FILE…`: PDQ perceptual hash, PDQ quality, MD5 and SHA-256 of image files.
//!
//! # What is hashed: the reference behaviour
//!
//! By default the command gives what Meta's reference command-line tool (facebook/ThreatExchange
//! `pdq/cpp`, `pdq-photo-hasher`, via `pdqHash256FromFile`) gives for a file:
//! - the file is decoded (by `zeri_hashing::decode`, which evidence intake and the take-down
//!   page share, with the `image` crate: PNG, JPEG, GIF and WebP; the first
//!   frame of an animation; EXIF orientation is *not* applied, as the reference does not);
//! - when a side exceeds 512 px the image is resized to exactly 512×512 by nearest neighbour,
//!   as CImg's `resize(512, 512)` does: output column `x` takes source column
//!   `⌊x · width / 512⌋`, and likewise for rows;
//! - colour images are hashed from their R, G and B samples and an alpha channel is simply
//!   dropped (the reference reads the first three channels and never composites); grey images
//!   are hashed as RGB with three equal samples, 16-bit samples are reduced to 8 bits.
//!
//! Another decoder than the reference's (ImageMagick) can give slightly different pixels for
//! lossy formats, so for such files the hash is close to, not always equal to, the reference's:
//! Meta's criterion is a Hamming distance of at most 10 for images of quality 80 or more.
//! Lossless files (PNG) decode to the same pixels and hash exactly as the reference; on the
//! reference's own test files (`shared/data/pdq/files`) all 32 of quality 80 or more, JPEG and
//! WebP included, hash exactly as the reference tool printed.
//!
//! With `--full-size` the decoded pixels are hashed as they are, whatever their size (PDQ's
//! own Jarosz filter handles any size): fed the same pixels as the reference, the hash, the
//! quality and the dihedral hashes are bit for bit the reference's (`zeri-hashing`).
//!
//! Without `--dihedral` the hash comes from `pdqHash256FromFloatLuma`'s port, with
//! `--dihedral` from `pdqDihedralHash256esFromFloatLuma`'s, as the reference tool does; the
//! two agree except, in rare cases, on a few bits for exactly 64×64 input.
//!
//! # Bounds on untrusted input
//!
//! Files come from anyone, so decoding is bounded and a decompression bomb is refused with an
//! error instead of exhausting the machine:
//! - files over [`MAX_FILE_BYTES`] (100 MiB) are refused before being read, and anything but
//!   a regular file (a directory, a device) is refused (opening a FIFO waits for a writer, so
//!   a FIFO ends with the timeout below);
//! - images wider or taller than [`MAX_SIDE`] (20,000 px) or with more than [`MAX_PIXELS`]
//!   (100 million) pixels are refused from their header, before any pixel is decoded;
//! - the decoder may allocate at most [`MAX_ALLOC`] (512 MiB) (`image::Limits`);
//! - reading, decoding and hashing a file run on a separate thread; after `--timeout-secs`
//!   (30 s by default) the command gives up on that file with an error and goes on with the
//!   next (the abandoned thread stays bounded by the limits above and ends with the process).
//!
//! Peak memory for one file is therefore about 1.1 GB in the worst case (`--full-size` on a
//! 100-million-pixel image: 300 MB of RGB and PDQ's two 32-bit float buffers of the full
//! size; measured 1.09 GB and 9 s in a debug build) and at most the decoder's 512 MiB plus
//! the RGB copy without `--full-size` (the same image: 0.3 GB, 0.3 s).
//!
//! A file that cannot be hashed is reported on stderr as `FILE: reason`; the other files are
//! still hashed, and the exit status is 1 if any file failed.

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use anyhow::{anyhow, bail, Context, Result};
use clap::Args;
use zeri_hashing::decode::{hash_image, DecodeError, Limits, Options};
use zeri_hashing::{md5_hex, sha256_hex, Dihedrals, Pdq};

/// Files larger than this are refused before they are read.
pub const MAX_FILE_BYTES: u64 = 100 * 1024 * 1024;
/// Images wider or taller than this are refused from their header.
pub const MAX_SIDE: u32 = 20_000;
/// Images with more pixels than this are refused from their header.
pub const MAX_PIXELS: u64 = 100_000_000;
/// The most the image decoder may allocate.
pub const MAX_ALLOC: u64 = 512 * 1024 * 1024;

/// The names of the seven dihedral hashes, in the reference's order.
const DIHEDRAL_NAMES: [&str; 7] = ["rot90", "rot180", "rot270", "flipx", "flipy", "flipplus1", "flipminus1"];

/// The output format and bounds, shown after the options in `zeri hash --help`.
const AFTER_HELP: &str = "\
Output, one line per file: PDQHEX QUALITY MD5 SHA256 FILE, space-separated (QUALITY is PDQ's
integer quality, 0-100; hashes of quality under 50 are usually not used for matching).
With --dihedral each file's line is followed by seven lines, each two spaces, the name of an
orientation and its hash (`  rot90 HEX`), in the reference's order: rot90, rot180, rot270,
flipx, flipy, flipplus1, flipminus1.
With --json, one JSON object per line with the keys file, pdq, quality (a number), md5,
sha256 and, with --dihedral, dihedral (an array of the seven hashes in that order).

Images with a side over 512 px are resized to 512x512 by nearest neighbour before hashing,
as Meta's reference tool does (not with --full-size); alpha is dropped.

Files that cannot be hashed are reported on stderr as `FILE: reason`, the others are still
hashed, and the exit status is 1. Refused: files over 100 MiB, images over 20,000 px a side
or 100 million pixels or needing more than 512 MiB to decode (decompression bombs), and
files not read, decoded and hashed within --timeout-secs.";

/// Arguments of `zeri hash`.
#[derive(Args)]
#[command(after_help = AFTER_HELP)]
pub struct HashArgs {
    /// Image files (PNG, JPEG, GIF, WebP).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// One JSON object per line instead of text.
    #[arg(long)]
    pub json: bool,
    /// Also give the hashes of the seven other orientations (rotations and flips), derived
    /// from the same DCT as the reference does: rot90, rot180, rot270, flipx, flipy,
    /// flipplus1, flipminus1.
    #[arg(long)]
    pub dihedral: bool,
    /// Hash the decoded pixels at their full size, without the reference tool's resizing of
    /// images over 512 px to 512×512 (for checking against pixel-exact reference data).
    #[arg(long)]
    pub full_size: bool,
    /// Give up on a file whose reading, decoding and hashing takes longer than this.
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub timeout_secs: u64,
}

/// What is computed for one file.
struct Hashed {
    pdq: Pdq,
    dihedrals: Option<Dihedrals>,
    md5: String,
    sha256: String,
}

pub fn run(args: HashArgs) -> Result<()> {
    let timeout = Duration::from_secs(args.timeout_secs);
    let mut failed = 0usize;
    let stdout = std::io::stdout();
    for path in &args.files {
        match hash_with_timeout(path, args.dihedral, args.full_size, timeout) {
            Ok(hashed) => {
                let line = if args.json { json_line(path, &hashed) } else { text_lines(path, &hashed) };
                let mut out = stdout.lock();
                out.write_all(line.as_bytes()).and_then(|()| out.flush()).context("writing to stdout")?;
            }
            Err(e) => {
                failed += 1;
                eprintln!("{}: {e:#}", path.display());
            }
        }
    }
    if failed > 0 {
        // Each failure is already on stderr as `FILE: reason`; stdout is flushed after each file.
        std::process::exit(1);
    }
    Ok(())
}

/// Hashes one file on its own thread and gives up after `timeout`.
fn hash_with_timeout(path: &Path, dihedral: bool, full_size: bool, timeout: Duration) -> Result<Hashed> {
    let (tx, rx) = mpsc::sync_channel(1);
    let owned = path.to_path_buf();
    std::thread::Builder::new()
        .name("zeri-hash".into())
        .spawn(move || {
            // The receiver is gone only if it gave up waiting; nothing left to tell.
            let _ = tx.send(hash_file(&owned, dihedral, full_size));
        })
        .context("starting a decoding thread")?;
    match rx.recv_timeout(timeout) {
        Ok(result) => result,
        Err(RecvTimeoutError::Timeout) => Err(anyhow!(
            "gave up after {} s (--timeout-secs): decoding takes too long, possibly a decompression bomb",
            timeout.as_secs()
        )),
        Err(RecvTimeoutError::Disconnected) => Err(anyhow!("internal error: the decoder crashed on this file")),
    }
}

/// Reads, decodes and hashes one file within the bounds in the module documentation.
fn hash_file(path: &Path, dihedral: bool, full_size: bool) -> Result<Hashed> {
    let bytes = read_bounded(path)?;
    let md5 = md5_hex(&bytes);
    let sha256 = sha256_hex(&bytes);
    let limits = Limits { max_side: MAX_SIDE, max_pixels: MAX_PIXELS, max_alloc: MAX_ALLOC };
    let hashed = hash_image(&bytes, &Options { dihedral, full_size, limits }).map_err(|e| match e {
        DecodeError::TooLarge { .. } => {
            anyhow!("{e} (limits: {MAX_SIDE} px a side, {} million pixels)", MAX_PIXELS / 1_000_000)
        }
        DecodeError::TooMuchMemory => anyhow!("{e} (limit: {} MiB to decode)", MAX_ALLOC / (1024 * 1024)),
        e => anyhow!(e),
    })?;
    Ok(Hashed { pdq: hashed.pdq, dihedrals: hashed.dihedrals, md5, sha256 })
}

/// The whole file, refused if it is not a regular file or larger than [`MAX_FILE_BYTES`].
fn read_bounded(path: &Path) -> Result<Vec<u8>> {
    let file = File::open(path).context("cannot open")?;
    let meta = file.metadata().context("cannot read its metadata")?;
    if !meta.is_file() {
        bail!("not a regular file");
    }
    if meta.len() > MAX_FILE_BYTES {
        bail!("refused: {} bytes, over the limit of {} MiB", meta.len(), MAX_FILE_BYTES / (1024 * 1024));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).context("cannot read")?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        bail!("refused: over the limit of {} MiB (the file grew while being read)", MAX_FILE_BYTES / (1024 * 1024));
    }
    if bytes.is_empty() {
        bail!("empty file");
    }
    Ok(bytes)
}

fn text_lines(path: &Path, hashed: &Hashed) -> String {
    let mut text = format!(
        "{} {} {} {} {}\n",
        hashed.pdq.hash.to_hex(),
        hashed.pdq.quality,
        hashed.md5,
        hashed.sha256,
        path.display()
    );
    for (name, hash) in DIHEDRAL_NAMES.iter().zip(hashed.dihedrals.iter().flatten()) {
        text.push_str(&format!("  {name} {}\n", hash.to_hex()));
    }
    text
}

fn json_line(path: &Path, hashed: &Hashed) -> String {
    // Built by hand to keep the keys in the documented order; every value but the file name
    // is a number or hexadecimal digits, and the file name goes through serde_json.
    let file = serde_json::Value::String(path.to_string_lossy().into_owned());
    let mut line = format!(
        r#"{{"file":{file},"pdq":"{}","quality":{},"md5":"{}","sha256":"{}""#,
        hashed.pdq.hash.to_hex(),
        hashed.pdq.quality,
        hashed.md5,
        hashed.sha256
    );
    if let Some(dihedrals) = &hashed.dihedrals {
        let hexes: Vec<String> = dihedrals.iter().map(|h| format!("\"{}\"", h.to_hex())).collect();
        line.push_str(&format!(r#","dihedral":[{}]"#, hexes.join(",")));
    }
    line.push_str("}\n");
    line
}
