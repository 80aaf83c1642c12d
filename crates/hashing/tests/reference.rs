//! PDQ against Meta's C++ reference: same pixels in, same hash, quality and dihedral
//! hashes out, bit for bit. See tests/data/README.md for where the data comes from.
//!
//! By default the PNGs shipped in tests/data/pixels are checked. With
//! `ZERI_PDQ_FULL=/path/to/pdq` (a folder holding `expected.csv` and `pixels/`, such as the
//! full reference set) every row of that folder's `expected.csv` is checked as well.

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use zeri_hashing::{pdq_from_rgb, pdq_with_dihedrals_from_rgb, Hash256};

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

struct Row {
    file: String,
    width: usize,
    height: usize,
    quality: u8,
    pdq: Hash256,
    dihedrals: [Hash256; 7],
}

fn read_expected(dir: &Path) -> Vec<Row> {
    let text = std::fs::read_to_string(dir.join("expected.csv")).expect("expected.csv");
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("file,width,height,quality,pdq,rot90,rot180,rot270,flipx,flipy,flipplus1,flipminus1"),
        "unexpected header"
    );
    lines
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let f: Vec<&str> = line.split(',').collect();
            assert_eq!(f.len(), 12, "bad row {line}");
            let hash = |s: &str| Hash256::from_hex(s).unwrap_or_else(|e| panic!("{e}: {s}"));
            Row {
                file: f[0].to_string(),
                width: f[1].parse().unwrap(),
                height: f[2].parse().unwrap(),
                quality: f[3].parse().unwrap(),
                pdq: hash(f[4]),
                dihedrals: [hash(f[5]), hash(f[6]), hash(f[7]), hash(f[8]), hash(f[9]), hash(f[10]), hash(f[11])],
            }
        })
        .collect()
}

/// Decodes a PNG to packed 8-bit RGB, whatever its colour type.
fn decode_rgb(path: &Path) -> (usize, usize, Vec<u8>) {
    let mut decoder = png::Decoder::new(BufReader::new(File::open(path).unwrap()));
    // Palette to RGB, grey below 8 bits to 8 bits, tRNS to an alpha channel; 16-bit samples
    // cut to their high byte.
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!(info.bit_depth, png::BitDepth::Eight, "{}", path.display());
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

const NAMES: [&str; 7] = ["rot90", "rot180", "rot270", "flipx", "flipy", "flipplus1", "flipminus1"];

/// Checks one row; returns the differences found (empty when it matches exactly).
fn check(row: &Row, png: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    let (width, height, rgb) = decode_rgb(png);
    if (width, height) != (row.width, row.height) {
        return vec![format!("{}: size {width}x{height}, expected {}x{}", row.file, row.width, row.height)];
    }
    let (pdq, dihedrals) = pdq_with_dihedrals_from_rgb(width, height, &rgb).unwrap();
    let plain = pdq_from_rgb(width, height, &rgb).unwrap();
    if pdq.hash != row.pdq {
        problems.push(format!(
            "{}: pdq {} expected {} ({} bits differ)",
            row.file,
            pdq.hash,
            row.pdq,
            pdq.hash.hamming(&row.pdq)
        ));
    }
    if pdq.quality != row.quality {
        problems.push(format!("{}: quality {} expected {}", row.file, pdq.quality, row.quality));
    }
    if plain != pdq {
        problems.push(format!("{}: pdq_from_rgb {:?} differs from the dihedral path {:?}", row.file, plain, pdq));
    }
    for ((name, got), want) in NAMES.iter().zip(dihedrals).zip(row.dihedrals) {
        if got != want {
            problems.push(format!("{}: {name} {got} expected {want} ({} bits differ)", row.file, got.hamming(&want)));
        }
    }
    problems
}

fn check_all<'a>(rows: impl Iterator<Item = (&'a Row, PathBuf)>) -> (usize, Vec<String>) {
    let mut checked = 0;
    let mut problems = Vec::new();
    for (row, png) in rows {
        problems.extend(check(row, &png));
        checked += 1;
    }
    (checked, problems)
}

#[test]
fn shipped_pngs_match_reference_exactly() {
    let dir = data_dir();
    let rows = read_expected(&dir);
    assert_eq!(rows.len(), 335, "expected.csv is kept whole");

    let mut shipped: Vec<String> = std::fs::read_dir(dir.join("pixels"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(".png"))
        .collect();
    shipped.sort();

    let selected = rows.iter().filter(|row| shipped.iter().any(|name| row.file == format!("pixels/{name}")));
    let (checked, problems) = check_all(selected.map(|row| (row, dir.join(&row.file))));
    // Every shipped PNG has its row: nothing is silently skipped.
    assert_eq!(checked, shipped.len(), "a shipped PNG has no row in expected.csv");
    assert!(checked >= 60, "only {checked} reference rows shipped");
    let low_quality =
        rows.iter().filter(|r| r.quality < 50 && shipped.iter().any(|n| r.file == format!("pixels/{n}"))).count();
    println!("PDQ reference: {checked} of {} rows checked, {low_quality} of them of quality under 50", rows.len());
    assert!(problems.is_empty(), "{} mismatches:\n{}", problems.len(), problems.join("\n"));
    println!("PDQ reference: all {checked} shipped rows match exactly (hash, quality, 7 dihedrals)");
}

#[test]
fn full_reference_set_when_available() {
    let Some(full) = std::env::var_os("ZERI_PDQ_FULL") else {
        println!("ZERI_PDQ_FULL not set: full reference set skipped");
        return;
    };
    let dir = PathBuf::from(full);
    let rows = read_expected(&dir);
    let (checked, problems) = check_all(rows.iter().map(|row| (row, dir.join(&row.file))));
    assert_eq!(checked, rows.len());
    assert!(problems.is_empty(), "{} mismatches in {checked} rows:\n{}", problems.len(), problems.join("\n"));
    println!("PDQ reference (full set): all {checked} rows match exactly (hash, quality, 7 dihedrals)");
}

/// The dihedral hashes name the orientations as the reference does. Hashing the shipped
/// original photo after turning or flipping its pixels here must land near (not exactly
/// on: the blur and the sampling grid are not symmetric) the matching dihedral hash of the
/// original, and nearer to it than to any other. Transposition maps the sampling grid onto
/// itself, so there the match is exact.
#[test]
fn dihedral_hashes_name_the_orientations() {
    let (n, height, rgb) = decode_rgb(&data_dir().join("pixels/reg-test-input--dih--bridge-1-original.jpg.png"));
    assert_eq!(n, height);
    let (original, dihedrals) = pdq_with_dihedrals_from_rgb(n, n, &rgb).unwrap();
    assert_eq!(original.quality, 100);
    // For each dihedral, in order: destination pixel (x, y) takes source pixel
    // f(x, y, n - 1).
    type Move = fn(usize, usize, usize) -> (usize, usize);
    let moves: [(&str, Move); 7] = [
        ("rot90 (anticlockwise)", |x, y, last| (last - y, x)),
        ("rot180", |x, y, last| (last - x, last - y)),
        ("rot270 (clockwise)", |x, y, last| (y, last - x)),
        ("flipx (mirror top-bottom)", |x, y, last| (x, last - y)),
        ("flipy (mirror left-right)", |x, y, last| (last - x, y)),
        ("flipplus1 (transpose)", |x, y, _| (y, x)),
        ("flipminus1 (anti-transpose)", |x, y, last| (last - y, last - x)),
    ];
    for (k, (name, source)) in moves.iter().enumerate() {
        let mut moved = vec![0u8; rgb.len()];
        for y in 0..n {
            for x in 0..n {
                let (sx, sy) = source(x, y, n - 1);
                let (s, d) = ((sy * n + sx) * 3, (y * n + x) * 3);
                moved[d..d + 3].copy_from_slice(&rgb[s..s + 3]);
            }
        }
        let hash = pdq_from_rgb(n, n, &moved).unwrap().hash;
        let distances: Vec<u32> = dihedrals.iter().map(|d| d.hamming(&hash)).collect();
        let nearest = (0..7).min_by_key(|&i| distances[i]).unwrap();
        assert_eq!(nearest, k, "{name}: distances to the dihedrals {distances:?}");
        assert!(distances[k] <= 31, "{name}: {} bits from its dihedral", distances[k]);
        if k == 5 {
            assert_eq!(distances[k], 0, "transposition is exact");
        }
    }
}
