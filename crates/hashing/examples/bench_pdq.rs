//! PDQ hashing speed on fixed pixels, for `scripts/bench-hashing` (docs/BENCHMARKS.md).
//!
//! Decodes the reference PNGs once, writes their exact RGB pixels to `OUT/pdq-pixels.bin`
//! (so that the Python side hashes the very same bytes with the `pdqhash` package) and this
//! crate's hashes to `OUT/pdq-rust.csv` (to be compared hash for hash), then times
//! [`pdq_from_rgb`] and [`pdq_with_dihedrals_from_rgb`] on one thread and prints one
//! tab-separated `RESULT` line per figure.
//!
//! Usage: `cargo run --release -p zeri-hashing --example bench_pdq -- [--images DIR]
//! [--out DIR] [--seconds S]` (defaults: `crates/hashing/tests/data/pixels`,
//! `target/bench-hashing`, 2 s per figure).

use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use zeri_hashing::{pdq_from_rgb, pdq_with_dihedrals_from_rgb};

struct Image {
    name: String,
    width: usize,
    height: usize,
    rgb: Vec<u8>,
}

/// Decodes a PNG to packed 8-bit RGB, as tests/reference.rs does.
fn decode_rgb(path: &Path) -> (usize, usize, Vec<u8>) {
    let mut decoder = png::Decoder::new(BufReader::new(File::open(path).expect("open PNG")));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().expect("PNG header");
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).expect("PNG frame");
    let (width, height) = (info.width as usize, info.height as usize);
    let samples = &buf[..info.buffer_size()];
    let rgb: Vec<u8> = match info.color_type {
        png::ColorType::Rgb => samples.to_vec(),
        png::ColorType::Rgba => samples.chunks_exact(4).flat_map(|p| [p[0], p[1], p[2]]).collect(),
        png::ColorType::Grayscale => samples.iter().flat_map(|&g| [g, g, g]).collect(),
        png::ColorType::GrayscaleAlpha => samples.chunks_exact(2).flat_map(|p| [p[0], p[0], p[0]]).collect(),
        png::ColorType::Indexed => panic!("EXPAND left a palette image: {}", path.display()),
    };
    assert_eq!(rgb.len(), width * height * 3);
    (width, height, rgb)
}

/// Runs `pass` (one hash of every image of the workload) repeatedly for about `budget`
/// and returns the median time of one pass.
fn median_pass(budget: Duration, mut pass: impl FnMut()) -> Duration {
    pass(); // warm-up: page faults, the DCT matrix
    let mut times = Vec::new();
    let start = Instant::now();
    while times.len() < 5 || (start.elapsed() < budget && times.len() < 100_000) {
        let t = Instant::now();
        pass();
        times.push(t.elapsed());
    }
    times.sort_unstable();
    times[times.len() / 2]
}

fn main() {
    let mut images_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/pixels");
    let mut out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/bench-hashing");
    let mut seconds = 2.0f64;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().unwrap_or_else(|| panic!("{arg} needs a value"));
        match arg.as_str() {
            "--images" => images_dir = PathBuf::from(value()),
            "--out" => out = PathBuf::from(value()),
            "--seconds" => seconds = value().parse().expect("--seconds S"),
            other => panic!("unknown argument {other}"),
        }
    }
    std::fs::create_dir_all(&out).expect("create output folder");
    let budget = Duration::from_secs_f64(seconds);

    let mut names: Vec<PathBuf> = std::fs::read_dir(&images_dir)
        .unwrap_or_else(|e| panic!("{}: {e}", images_dir.display()))
        .map(|e| e.expect("read_dir").path())
        .filter(|p| p.extension().is_some_and(|e| e == "png"))
        .collect();
    names.sort();
    let images: Vec<Image> = names
        .iter()
        .map(|path| {
            let (width, height, rgb) = decode_rgb(path);
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
            Image { name, width, height, rgb }
        })
        .collect();
    assert!(!images.is_empty(), "no PNG in {}", images_dir.display());

    // The exact pixels, for the Python side: per image u32 width, u32 height (little
    // endian), then width × height × 3 bytes of RGB.
    let mut pixels = BufWriter::new(File::create(out.join("pdq-pixels.bin")).expect("pdq-pixels.bin"));
    for image in &images {
        pixels.write_all(&u32::try_from(image.width).expect("width").to_le_bytes()).expect("write");
        pixels.write_all(&u32::try_from(image.height).expect("height").to_le_bytes()).expect("write");
        pixels.write_all(&image.rgb).expect("write");
    }
    pixels.flush().expect("write pdq-pixels.bin");

    // This crate's results, for the hash-for-hash comparison.
    let mut csv = BufWriter::new(File::create(out.join("pdq-rust.csv")).expect("pdq-rust.csv"));
    writeln!(csv, "file,width,height,quality,pdq,rot90,rot180,rot270,flipx,flipy,flipplus1,flipminus1").expect("write");
    for image in &images {
        let pdq = pdq_from_rgb(image.width, image.height, &image.rgb).expect("hash");
        let (with, dihedrals) = pdq_with_dihedrals_from_rgb(image.width, image.height, &image.rgb).expect("hash");
        assert_eq!((pdq.hash, pdq.quality), (with.hash, with.quality), "{}", image.name);
        let d: Vec<String> = dihedrals.iter().map(|h| h.to_hex()).collect();
        writeln!(csv, "{},{},{},{},{},{}", image.name, image.width, image.height, pdq.quality, pdq.hash, d.join(","))
            .expect("write");
    }
    csv.flush().expect("write pdq-rust.csv");

    let all: Vec<&Image> = images.iter().collect();
    let square: Vec<&Image> = images.iter().filter(|i| i.width == 512 && i.height == 512).collect();
    let workloads = [("all", all), ("512x512", square)];
    for (workload, set) in &workloads {
        if set.is_empty() {
            continue;
        }
        let pixels: usize = set.iter().map(|i| i.width * i.height).sum();
        let per_image = |pass: Duration| pass.as_secs_f64() * 1e6 / set.len() as f64;
        let plain = median_pass(budget, || {
            for image in set {
                std::hint::black_box(
                    pdq_from_rgb(image.width, image.height, std::hint::black_box(&image.rgb)).unwrap(),
                );
            }
        });
        let dihedral = median_pass(budget, || {
            for image in set {
                std::hint::black_box(
                    pdq_with_dihedrals_from_rgb(image.width, image.height, std::hint::black_box(&image.rgb)).unwrap(),
                );
            }
        });
        // RESULT, pdq, workload, images, megapixels, implementation, µs per image
        println!("RESULT\tpdq\t{workload}\t{}\t{:.3}\trust\t{:.2}", set.len(), pixels as f64 / 1e6, per_image(plain));
        println!(
            "RESULT\tpdq\t{workload}\t{}\t{:.3}\trust-dihedral\t{:.2}",
            set.len(),
            pixels as f64 / 1e6,
            per_image(dihedral)
        );
    }
    eprintln!("bench_pdq: {} images from {}, written to {}", images.len(), images_dir.display(), out.display());
}
