//! `zeri hash`, the real binary: hashes equal to Meta's C++ reference for the same pixels,
//! close to its command-line tool for files, exact digests, and untrusted input (bombs,
//! non-images, empty files, a file that never arrives) refused per file without stopping
//! the others.
//!
//! With `ZERI_PDQ_SHARED=/path/to/shared/data/pdq` every row of that folder's reference set is
//! checked as well (all of `pixels/` against `expected.csv`, all of `files/` against
//! `files.csv`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use serde_json::Value;
use zeri_hashing::Hash256;

const DIHEDRALS: [&str; 7] = ["rot90", "rot180", "rot270", "flipx", "flipy", "flipplus1", "flipminus1"];

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

fn zeri_hash<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    Command::new(env!("CARGO_BIN_EXE_zeri"))
        .arg("hash")
        .args(args)
        .env("RUST_LOG", "warn")
        .output()
        .expect("run zeri hash")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// One JSON object per line, each with exactly the documented keys.
fn json_lines(output: &Output, dihedral: bool) -> Vec<Value> {
    stdout(output)
        .lines()
        .map(|line| {
            let value: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
            let mut keys: Vec<&str> = value.as_object().expect("an object").keys().map(String::as_str).collect();
            keys.sort_unstable();
            let mut want = vec!["file", "md5", "pdq", "quality", "sha256"];
            if dihedral {
                want.push("dihedral");
            }
            want.sort_unstable();
            assert_eq!(keys, want, "{line}");
            value
        })
        .collect()
}

/// A row of `expected.csv` (pixels) or `files.csv` (original files), columns by name.
struct Csv {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Csv {
    fn read(path: &Path) -> Csv {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut lines = text.lines().filter(|l| !l.is_empty());
        let header = lines.next().expect("a header").split(',').map(str::to_owned).collect();
        let rows = lines.map(|l| l.split(',').map(str::to_owned).collect()).collect();
        Csv { header, rows }
    }

    fn get<'a>(&self, row: &'a [String], column: &str) -> &'a str {
        let i = self.header.iter().position(|h| h == column).unwrap_or_else(|| panic!("no column {column}"));
        &row[i]
    }

    /// The row whose `file` column is `file`.
    fn row(&self, file: &str) -> Option<&[String]> {
        self.rows.iter().find(|r| self.get(r, "file") == file).map(Vec::as_slice)
    }
}

fn hash(text: &str) -> Hash256 {
    Hash256::from_hex(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

fn str_field<'a>(value: &'a Value, key: &str) -> &'a str {
    value[key].as_str().unwrap_or_else(|| panic!("{key} is not a string in {value}"))
}

/// Compares `zeri hash --full-size --dihedral --json` output with `expected.csv` rows; the
/// `file` of each output line is `prefix` + the row's `file`. Returns the differences.
fn compare_with_expected(lines: &[Value], expected: &Csv, dir: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    for line in lines {
        let file = str_field(line, "file");
        let name = Path::new(file).strip_prefix(dir).expect("under dir").to_str().expect("UTF-8");
        let Some(row) = expected.row(name) else {
            problems.push(format!("{name}: no row in expected.csv"));
            continue;
        };
        if str_field(line, "pdq") != expected.get(row, "pdq") {
            problems.push(format!("{name}: pdq {} expected {}", line["pdq"], expected.get(row, "pdq")));
        }
        let quality: u64 = expected.get(row, "quality").parse().unwrap();
        if line["quality"].as_u64() != Some(quality) {
            problems.push(format!("{name}: quality {} expected {quality}", line["quality"]));
        }
        let got = line["dihedral"].as_array().expect("dihedral is an array");
        if got.len() != 7 {
            problems.push(format!("{name}: {} dihedral hashes", got.len()));
            continue;
        }
        for (column, got) in DIHEDRALS.iter().zip(got) {
            if got.as_str() != Some(expected.get(row, column)) {
                problems.push(format!("{name}: {column} {got} expected {}", expected.get(row, column)));
            }
        }
    }
    problems
}

fn pngs_in(dir: &Path) -> Vec<PathBuf> {
    let mut pngs: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "png"))
        .collect();
    pngs.sort();
    pngs
}

#[test]
fn same_pixels_give_the_reference_hash_quality_and_dihedrals_exactly() {
    let dir = data_dir();
    let pngs = pngs_in(&dir.join("pixels"));
    assert_eq!(pngs.len(), 6);
    let output = zeri_hash(
        ["--full-size", "--dihedral", "--json"].iter().map(Path::new).chain(pngs.iter().map(|p| p.as_path())),
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let lines = json_lines(&output, true);
    assert_eq!(lines.len(), pngs.len(), "one line per file, in order");
    for (line, png) in lines.iter().zip(&pngs) {
        assert_eq!(str_field(line, "file"), png.to_str().unwrap());
    }
    let problems = compare_with_expected(&lines, &Csv::read(&dir.join("expected.csv")), &dir);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn original_files_hash_as_the_reference_tool() {
    let dir = data_dir();
    let files = Csv::read(&dir.join("files.csv"));
    let expected = Csv::read(&dir.join("expected.csv"));
    assert_eq!(files.rows.len(), 2);
    for row in &files.rows {
        let path = dir.join(files.get(row, "file"));
        let reference = hash(files.get(row, "pdq"));
        let reference_quality: u8 = files.get(row, "quality").parse().unwrap();
        assert!(reference_quality >= 80, "Meta's distance criterion is for quality 80 and over");

        let output = zeri_hash([Path::new("--json"), &path]);
        assert!(output.status.success(), "{}", stderr(&output));
        let lines = json_lines(&output, false);
        assert_eq!(lines.len(), 1);
        let got = hash(str_field(&lines[0], "pdq"));
        let distance = got.hamming(&reference);
        assert!(distance <= 10, "{}: {got} is {distance} bits from the reference {reference}", path.display());
        let quality = lines[0]["quality"].as_u64().unwrap();
        assert!(quality >= 80, "{}: quality {quality}, the reference's {reference_quality}", path.display());
    }

    // The 1-bit PNG is lossless: decoded and resized to 512×512 as the reference tool does,
    // it gives exactly the pixels the reference hashed (`pixels/misc-images--modes--1.png.png`),
    // so exactly its hash, quality and dihedral hashes.
    let png = dir.join("files/misc-images--modes--1.png");
    let output = zeri_hash([Path::new("--dihedral"), Path::new("--json"), &png]);
    assert!(output.status.success(), "{}", stderr(&output));
    let mut lines = json_lines(&output, true);
    let row = expected.row("pixels/misc-images--modes--1.png.png").expect("row of the resized pixels");
    lines[0]["file"] = Value::String(dir.join("pixels/misc-images--modes--1.png.png").to_str().unwrap().to_owned());
    let problems = compare_with_expected(&lines, &expected, &dir);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_eq!(str_field(&lines[0], "pdq"), expected.get(row, "pdq"));

    // With --full-size the 1600×1004 pixels are hashed as they are: a different computation.
    let output = zeri_hash([Path::new("--full-size"), Path::new("--json"), &png]);
    assert!(output.status.success(), "{}", stderr(&output));
    let full = json_lines(&output, false);
    assert_ne!(str_field(&full[0], "pdq"), expected.get(row, "pdq"), "--full-size skips the resize");
}

#[test]
fn digests_and_text_output() {
    let dir = data_dir();
    let png = dir.join("pixels/variant-s0636.png");
    let jpg = dir.join("files/bridge-mods--square-128x128.jpg");
    // Known values, from md5sum and sha256sum.
    let digests = [
        (&png, "053c63934936155eabd5f60618d52262", "48e6fedef2701cc615183cc9ac9f4a79858342b25aaca06edce450eeec705974"),
        (&jpg, "9c3fc8330b331988d0bb3c90fbba479a", "9428e7578052968561f8e6f4a1114f1eaed57d659e7dd03be70d4ece371bbc15"),
    ];
    let expected = Csv::read(&dir.join("expected.csv"));
    let row = expected.row("pixels/variant-s0636.png").unwrap();

    let output = zeri_hash([Path::new("--json"), &png, &jpg]);
    assert!(output.status.success(), "{}", stderr(&output));
    let lines = json_lines(&output, false);
    for (line, (path, md5, sha256)) in lines.iter().zip(&digests) {
        assert_eq!(str_field(line, "file"), path.to_str().unwrap());
        assert_eq!(str_field(line, "md5"), *md5);
        assert_eq!(str_field(line, "sha256"), *sha256);
    }

    // Text: `PDQHEX QUALITY MD5 SHA256 FILE`, with --dihedral followed by `  NAME HEX` lines.
    let output = zeri_hash([Path::new("--dihedral"), &png, &jpg]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 16, "{text}");
    let (md5, sha256) = (digests[0].1, digests[0].2);
    let pdq = expected.get(row, "pdq");
    let quality = expected.get(row, "quality");
    assert_eq!(lines[0], format!("{pdq} {quality} {md5} {sha256} {}", png.display()));
    for (i, name) in DIHEDRALS.iter().enumerate() {
        assert_eq!(lines[1 + i], format!("  {name} {}", expected.get(row, name)));
    }
    let fields: Vec<&str> = lines[8].split(' ').collect();
    assert_eq!(fields.len(), 5, "{}", lines[8]);
    assert_eq!(&fields[2..], [digests[1].1, digests[1].2, jpg.to_str().unwrap()]);
    assert!(lines[9].starts_with("  rot90 "));

    // Without --dihedral: one line per file and no dihedral key.
    let output = zeri_hash([&png]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout(&output), format!("{pdq} {quality} {md5} {sha256} {}\n", png.display()));
}

// --- Hostile input ------------------------------------------------------------------------

/// CRC-32 (ISO-HDLC, as PNG uses it).
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

fn png_chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&u32::try_from(data.len()).unwrap().to_be_bytes());
    let start = out.len();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let crc = crc32(&out[start..]);
    out.extend_from_slice(&crc.to_be_bytes());
}

/// A well-formed PNG header claiming `width`×`height` pixels, followed by a tiny IDAT: what
/// a decompression bomb looks like to a decoder before it starts allocating.
fn png_claiming(width: u32, height: u32, bit_depth: u8, colour_type: u8) -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[bit_depth, colour_type, 0, 0, 0]);
    png_chunk(&mut png, b"IHDR", &ihdr);
    // zlib stream of a few zero bytes (one empty row's worth), valid but far too short.
    png_chunk(&mut png, b"IDAT", &[0x78, 0x9c, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01]);
    png_chunk(&mut png, b"IEND", &[]);
    png
}

/// A GIF whose logical screen and only frame are `width`×`height`, with a tiny LZW stream.
fn gif_claiming(width: u16, height: u16) -> Vec<u8> {
    let mut gif = b"GIF89a".to_vec();
    gif.extend_from_slice(&width.to_le_bytes());
    gif.extend_from_slice(&height.to_le_bytes());
    gif.extend_from_slice(&[0x80, 0, 0]); // global colour table of 2 entries
    gif.extend_from_slice(&[0, 0, 0, 255, 255, 255]);
    gif.push(0x2C); // image descriptor
    gif.extend_from_slice(&[0, 0, 0, 0]);
    gif.extend_from_slice(&width.to_le_bytes());
    gif.extend_from_slice(&height.to_le_bytes());
    gif.push(0);
    gif.extend_from_slice(&[2, 2, 0x4C, 0x01, 0]); // LZW: clear, one pixel, end
    gif.push(0x3B);
    gif
}

#[test]
fn hostile_files_are_refused_per_file_and_the_others_still_hashed() {
    let tmp = tempfile::tempdir().unwrap();
    let good = data_dir().join("pixels/variant-s0636.png");
    let truncated_source = std::fs::read(data_dir().join("pixels/bridge-mods--shrink-a-lot.jpg.png")).unwrap();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        // 100,000 × 100,000 RGB: 30 GB of pixels from a 60-byte file.
        ("bomb.png", png_claiming(100_000, 100_000, 8, 2), "decompression bomb"),
        // Each side within 20,000 px, but 225 million pixels.
        ("wide.png", png_claiming(15_000, 15_000, 8, 2), "decompression bomb"),
        // 100 million pixels (allowed) of 16-bit RGBA: 800 MB, over the decoder's 512 MiB.
        ("deep.png", png_claiming(10_000, 10_000, 16, 6), "decompression bomb"),
        ("bomb.gif", gif_claiming(65_535, 65_535), "decompression bomb"),
        ("notes.png", b"Just some text, not an image at all.\n".to_vec(), "not an image"),
        ("empty.jpg", Vec::new(), "empty file"),
        ("truncated.png", truncated_source[..truncated_source.len() / 2].to_vec(), "truncated"),
    ];
    let mut args = vec![PathBuf::from("--json"), good.clone()];
    for (name, bytes, _) in &cases {
        let path = tmp.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        args.push(path);
    }
    args.push(tmp.path().join("missing.png"));
    args.push(good.clone());

    let started = Instant::now();
    let output = zeri_hash(&args);
    assert!(started.elapsed() < Duration::from_secs(20), "refused quickly, from the headers");
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");

    let lines = json_lines(&output, false);
    assert_eq!(lines.len(), 2, "the good file, before and after the bad ones");
    for line in &lines {
        assert_eq!(str_field(line, "file"), good.to_str().unwrap());
        assert_eq!(str_field(line, "md5"), "053c63934936155eabd5f60618d52262");
    }
    for (name, _, reason) in &cases {
        let prefix = format!("{}: ", tmp.path().join(name).display());
        let line = err.lines().find(|l| l.starts_with(&prefix)).unwrap_or_else(|| panic!("no {prefix}…:\n{err}"));
        assert!(line.contains(reason), "{line}");
    }
    let missing = format!("{}: ", tmp.path().join("missing.png").display());
    assert!(err.lines().any(|l| l.starts_with(&missing)), "{err}");
}

#[test]
fn a_file_that_never_arrives_times_out_and_the_others_are_still_hashed() {
    let tmp = tempfile::tempdir().unwrap();
    // Opening a FIFO for reading waits for a writer that never comes.
    let fifo = tmp.path().join("never.png");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("mkfifo unavailable: timeout test skipped");
        return;
    }
    let good = data_dir().join("pixels/variant-s0279.png");
    let started = Instant::now();
    let output = zeri_hash([Path::new("--timeout-secs"), Path::new("1"), &fifo, &good]);
    let elapsed = started.elapsed();
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(elapsed < Duration::from_secs(15), "gave up after about a second, took {elapsed:?}");
    let prefix = format!("{}: ", fifo.display());
    let line = err.lines().find(|l| l.starts_with(&prefix)).unwrap_or_else(|| panic!("no {prefix}…:\n{err}"));
    assert!(line.contains("gave up after 1 s"), "{line}");
    assert!(stdout(&output).ends_with(&format!(" {}\n", good.display())), "{}", stdout(&output));
}

// --- The full reference set ---------------------------------------------------------------

#[test]
fn full_shared_reference_set() {
    let Ok(shared) = std::env::var("ZERI_PDQ_SHARED") else { return };
    let dir = PathBuf::from(shared);

    // Same pixels: every row of expected.csv, exactly, in one call.
    let expected = Csv::read(&dir.join("expected.csv"));
    let pngs = pngs_in(&dir.join("pixels"));
    assert_eq!(pngs.len(), expected.rows.len(), "one PNG per row of expected.csv");
    let output = zeri_hash(
        ["--full-size", "--dihedral", "--json"].iter().map(Path::new).chain(pngs.iter().map(|p| p.as_path())),
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let lines = json_lines(&output, true);
    assert_eq!(lines.len(), expected.rows.len());
    let problems = compare_with_expected(&lines, &expected, &dir);
    assert!(problems.is_empty(), "{} differences:\n{}", problems.len(), problems.join("\n"));
    println!("shared set: all {} rows of expected.csv match exactly (hash, quality, 7 dihedrals)", lines.len());

    // Original files: within Hamming distance 10 of the reference tool when quality ≥ 80.
    let files = Csv::read(&dir.join("files.csv"));
    let paths: Vec<PathBuf> = files.rows.iter().map(|r| dir.join(files.get(r, "file"))).collect();
    let output = zeri_hash(["--json"].iter().map(Path::new).chain(paths.iter().map(|p| p.as_path())));
    assert!(output.status.success(), "{}", stderr(&output));
    let lines = json_lines(&output, false);
    assert_eq!(lines.len(), files.rows.len());
    let (mut exact, mut close, mut low) = (0, 0, 0);
    for (line, row) in lines.iter().zip(&files.rows) {
        let distance = hash(str_field(line, "pdq")).hamming(&hash(files.get(row, "pdq")));
        let reference_quality: u64 = files.get(row, "quality").parse().unwrap();
        if reference_quality < 80 {
            low += 1;
            continue;
        }
        assert!(distance <= 10, "{}: {distance} bits from the reference", files.get(row, "file"));
        assert!(line["quality"].as_u64().unwrap() >= 80, "{line}");
        if distance == 0 {
            exact += 1;
        } else {
            close += 1;
        }
    }
    println!("shared set: files.csv, quality ≥ 80: {exact} exact, {close} within 10 bits; {low} under quality 80");
}
