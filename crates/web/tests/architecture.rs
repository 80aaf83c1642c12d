//! The shape of the web crate, checked: imports run down only (capability → base →
//! service → parts → state), no capability names another, nothing under `service/` names
//! axum or maud, the module graph has no cycle, and no file passes 700 lines.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

const CAPABILITIES: [&str; 16] = [
    "admin",
    "casework",
    "chat",
    "directory",
    "evidence",
    "exchange",
    "followup",
    "hosting",
    "hotline",
    "public",
    "reporting",
    "staff",
    "statistics",
    "supervision",
    "survey",
    "wellbeing",
];

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `crate::a::b` for `src/a/b.rs` and `src/a/b/mod.rs`; `crate` for `lib.rs`.
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    std::iter::once("crate".to_owned()).chain(parts).collect::<Vec<_>>().join("::")
}

/// The code of a file without its unit tests (they may reach anywhere in their module).
fn code(text: &str) -> &str {
    text.find("#[cfg(test)]\nmod tests").map_or(text, |i| &text[..i])
}

/// Every `crate::…` path the code names, as its segments.
fn crate_paths(code: &str) -> Vec<Vec<&str>> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        let before = rest[..i].chars().last();
        let tail = &rest[i + "crate::".len()..];
        let end = tail.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':')).unwrap_or(tail.len());
        if !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
            out.push(tail[..end].split("::").filter(|s| !s.is_empty()).collect());
        }
        rest = &tail[end..];
    }
    out
}

struct Crate {
    files: BTreeMap<String, (PathBuf, String)>,
}

fn load() -> Crate {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut paths = Vec::new();
    sources(&src, &mut paths);
    let files = paths
        .into_iter()
        .map(|p| {
            let text = fs::read_to_string(&p).unwrap();
            (module_of(&src, &p), (p, text))
        })
        .collect();
    Crate { files }
}

fn top(module: &str) -> &str {
    module.split("::").nth(1).unwrap_or("")
}

#[test]
fn no_capability_names_another_and_layers_import_downwards() {
    let c = load();
    let mut faults = Vec::new();
    for (module, (path, text)) in &c.files {
        let here = top(module);
        for p in crate_paths(code(text)) {
            let Some(first) = p.first().copied() else { continue };
            let named_capability = CAPABILITIES.contains(&first);
            let fault = match here {
                cap if CAPABILITIES.contains(&cap) => named_capability && first != cap,
                "base" => named_capability,
                "service" => named_capability || first == "base",
                "parts" => named_capability || first == "base" || first == "service",
                "state" => named_capability || first == "base",
                _ => false, // lib.rs, openapi.rs and fuzzing.rs join the capabilities up
            };
            if fault {
                faults.push(format!("{} names crate::{}", path.display(), p.join("::")));
            }
        }
    }
    assert!(faults.is_empty(), "imports that do not run down:\n{}", faults.join("\n"));
}

#[test]
fn the_service_layer_knows_no_axum_and_no_maud() {
    let c = load();
    for (module, (path, text)) in &c.files {
        if top(module) != "service" {
            continue;
        }
        for word in ["axum::", "maud::", "html!"] {
            assert!(!code(text).contains(word), "{} names {word}", path.display());
        }
    }
}

#[test]
fn the_module_graph_has_no_cycle() {
    let c = load();
    let mut edges: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for (module, (_, text)) in &c.files {
        let targets = edges.entry(module).or_default();
        for p in crate_paths(code(text)) {
            // The longest prefix that is a module of its own.
            let target =
                (1..=p.len()).rev().map(|n| format!("crate::{}", p[..n].join("::"))).find(|m| c.files.contains_key(m));
            if let Some(t) = target.filter(|t| t != module) {
                targets.insert(t);
            }
        }
    }
    // Depth-first search; a node met again while on the stack closes a cycle.
    fn visit<'a>(
        n: &'a str,
        edges: &'a BTreeMap<&str, BTreeSet<String>>,
        state: &mut BTreeMap<&'a str, u8>,
        stack: &mut Vec<&'a str>,
    ) -> Option<Vec<String>> {
        state.insert(n, 1);
        stack.push(n);
        for m in edges.get(n).into_iter().flatten() {
            match state.get(m.as_str()) {
                Some(1) => {
                    let from = stack.iter().position(|s| s == m).unwrap();
                    return Some(stack[from..].iter().map(|s| s.to_string()).chain([m.clone()]).collect());
                }
                Some(_) => {}
                None => {
                    if let Some(cycle) = visit(m, edges, state, stack) {
                        return Some(cycle);
                    }
                }
            }
        }
        stack.pop();
        state.insert(n, 2);
        None
    }
    let mut state = BTreeMap::new();
    for n in edges.keys() {
        if *n != "crate" && !state.contains_key(n) {
            let cycle = visit(n, &edges, &mut state, &mut Vec::new());
            assert!(cycle.is_none(), "an import cycle: {}", cycle.unwrap().join(" → "));
        }
    }
}

#[test]
fn no_file_passes_700_lines() {
    let c = load();
    for (path, text) in c.files.values() {
        let n = text.lines().count();
        assert!(n <= 700, "{} has {n} lines", path.display());
    }
}

#[test]
fn the_checks_catch_what_they_are_for() {
    // A capability naming another, a path in a comment's neighbour, and a cycle's pieces.
    let paths = crate_paths("use crate::chat::common::x; let a = my_crate::y; crate::service::case::load_case(a)");
    assert_eq!(paths, vec![vec!["chat", "common", "x"], vec!["service", "case", "load_case"]]);
    assert_eq!(code("fn a() {}\n#[cfg(test)]\nmod tests { use crate::chat; }"), "fn a() {}\n");
}

/// The API document keys its schemas by type name, and a second type of the same name
/// silently replaces the first (a documented body or answer then describes another one):
/// every `ToSchema` type and every `request_body!` body has a name of its own.
#[test]
fn every_schema_in_the_api_document_has_a_name_of_its_own() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut seen: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut twice = Vec::new();
    for file in files {
        let text = fs::read_to_string(&file).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let mut names = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            let t = line.trim_start();
            if t.starts_with("#[derive(") && t.contains("ToSchema") {
                if let Some(decl) = lines[i + 1..]
                    .iter()
                    .map(|l| l.trim_start())
                    .find(|l| !l.starts_with("#[") && !l.starts_with("///"))
                {
                    let rest = decl.trim_start_matches("pub(crate) ").trim_start_matches("pub ");
                    if let Some(rest) = rest.strip_prefix("struct ").or_else(|| rest.strip_prefix("enum ")) {
                        names.push(rest.split(|c: char| !c.is_alphanumeric() && c != '_').next().unwrap().to_owned());
                    }
                }
            }
            // `request_body!( … Name => …)`: the body types the macro declares.
            if let Some(name) = t.strip_suffix(" => {").or_else(|| t.split_once(" => body(").map(|(n, _)| n)) {
                if !name.is_empty() && name.chars().all(|c| c.is_alphanumeric()) && name.ends_with("Body") {
                    names.push(name.to_owned());
                }
            }
        }
        for name in names {
            if let Some(first) = seen.insert(name.clone(), file.clone()) {
                twice.push(format!("{name}: {} and {}", first.display(), file.display()));
            }
        }
    }
    assert!(twice.is_empty(), "schema names used twice: {twice:#?}");
}
