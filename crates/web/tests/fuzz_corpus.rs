//! Every fuzzing input kept in git, replayed in the normal test suite: the corpus of each
//! target (`fuzz/corpus/<target>/`) and every input that ever made one fail
//! (`fuzz/regressions/<target>/`). A crash found by `scripts/fuzz` thus stays a failing
//! test until it is fixed, and a fixed one can never come back unnoticed.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use zeri_web::fuzzing;

const FUZZ: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fuzz");

/// The files directly in `dir`, sorted; none when it does not exist.
fn files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut out: Vec<PathBuf> = entries
        .map(|e| e.expect("a readable directory").path())
        .filter(|p| p.is_file() && !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')))
        .collect();
    out.sort();
    out
}

/// Runs `target` on every file of its corpus and regressions; panics naming every input
/// that panicked.
fn replay(name: &str, target: fn(&[u8])) {
    let corpus = files(&Path::new(FUZZ).join("corpus").join(name));
    assert!(!corpus.is_empty(), "fuzz/corpus/{name}/ is empty: keep at least the seed inputs");
    let regressions = files(&Path::new(FUZZ).join("regressions").join(name));
    let mut failed = Vec::new();
    for path in corpus.iter().chain(&regressions) {
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        if catch_unwind(AssertUnwindSafe(|| target(&bytes))).is_err() {
            failed.push(path.display().to_string());
        }
    }
    assert!(failed.is_empty(), "zeri_web::fuzzing::{name} panicked on:\n{}", failed.join("\n"));
}

/// One test per target of `fuzz/fuzz_targets/`, each calling the function of the same name.
macro_rules! targets {
    ($($name:ident),+ $(,)?) => {
        const TARGETS: &[&str] = &[$(stringify!($name)),+];
        $(
            #[test]
            fn $name() {
                replay(stringify!($name), fuzzing::$name);
            }
        )+
    };
}

targets!(report_form, message, evidence, image_decode, hsds_import, hashlist_import, receipt);

/// A new fuzz target needs its name in `targets!` above, and every corpus and regression
/// directory belongs to a target.
#[test]
fn every_fuzz_target_is_replayed() {
    let mut targets: Vec<String> = files(&Path::new(FUZZ).join("fuzz_targets"))
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    targets.sort();
    let mut expected: Vec<String> = TARGETS.iter().map(|s| s.to_string()).collect();
    expected.sort();
    assert_eq!(targets, expected, "fuzz/fuzz_targets/ and the targets replayed here differ");
    for dir in ["corpus", "regressions"] {
        let Ok(entries) = std::fs::read_dir(Path::new(FUZZ).join(dir)) else { continue };
        for e in entries {
            let name = e.expect("a readable directory").file_name().to_string_lossy().into_owned();
            assert!(TARGETS.contains(&name.as_str()), "fuzz/{dir}/{name} belongs to no fuzz target");
        }
    }
}
