//! The module order is checked, not claimed: every `use crate::…`, `crate::…`, `super::…`
//! and child-module path in `src/` is read, and the test fails when a module uses one that
//! comes later in the stage list of `src/lib.rs`'s crate docs, when a module is missing
//! from that list, or when files of one folder import each other in a loop (unit tests,
//! inline or in `tests.rs` / `testing.rs`, may reach across stages).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use regex::Regex;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The documented order: each bullet of the crate docs names one or more modules
/// (``[`run`] and [`diff`]: …``); a module may use only those of earlier bullets.
fn documented_order() -> BTreeMap<String, usize> {
    let lib = std::fs::read_to_string(src().join("lib.rs")).unwrap();
    let name = Regex::new(r"`([a-z_]+)`").unwrap();
    let mut rank = BTreeMap::new();
    for (i, line) in lib.lines().filter(|l| l.starts_with("//! - ")).enumerate() {
        let head = line.split(':').next().unwrap_or("");
        for c in name.captures_iter(head) {
            rank.insert(c[1].to_string(), i);
        }
    }
    rank
}

/// Every `.rs` file under `src/`, as its module path (`["report", "style"]`; `mod.rs`
/// and `lib.rs` name their folder).
fn module_files() -> BTreeMap<Vec<String>, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![src()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            if p.extension().is_none_or(|x| x != "rs") {
                continue;
            }
            let rel = p.strip_prefix(src()).unwrap();
            let mut path: Vec<String> = rel
                .iter()
                .map(|c| c.to_string_lossy().trim_end_matches(".rs").to_string())
                .collect();
            if matches!(
                path.last().map(String::as_str),
                Some("mod" | "lib" | "main")
            ) {
                path.pop();
            }
            out.insert(
                path,
                without_test_module(&std::fs::read_to_string(&p).unwrap()),
            );
        }
    }
    out
}

/// The code of a file without its unit tests (`#[cfg(test)] mod tests { … }` at its end):
/// test code may reach across stages. Comment lines go too: a doc link to another module
/// is a pointer for the reader, not a dependency.
fn without_test_module(text: &str) -> String {
    let cut = Regex::new(r"(?m)^#\[cfg\(test\)\]\s*\n\s*mod [a-z_]+ \{").unwrap();
    let code = match cut.find(text) {
        Some(m) => &text[..m.start()],
        None => text,
    };
    code.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Unit-test files (`tests.rs`, `testing.rs`) may use any module.
fn is_test_code(module: &[String]) -> bool {
    module.iter().any(|s| s == "tests" || s == "testing")
}

/// The longest prefix of `path` that is a file of the crate.
fn file_of(path: &[String], files: &BTreeMap<Vec<String>, String>) -> Option<Vec<String>> {
    (1..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|p| files.contains_key(p))
}

/// What `text` (the file of module path `me`; a folder's `mod.rs` is the folder's module)
/// imports, as module paths of files: `crate::`, `super::`, `self::` paths anywhere in the
/// code, and `use child::…` of the module's own children.
fn imports(
    me: &[String],
    text: &str,
    files: &BTreeMap<Vec<String>, String>,
) -> BTreeSet<Vec<String>> {
    let path = Regex::new(r"\b(crate|super|self)((?:::[a-z_][a-z0-9_]*)+)").unwrap();
    let children = Regex::new(r"(?m)^\s*(?:pub(?:\([a-z]+\))? )?use ([a-z_][a-z0-9_]*)::").unwrap();
    let mut out = BTreeSet::new();
    for c in path.captures_iter(text) {
        let rest: Vec<String> = c[2].split("::").skip(1).map(str::to_string).collect();
        let mut full = match &c[1] {
            "crate" => Vec::new(),
            "super" => me[..me.len().saturating_sub(1)].to_vec(),
            _ => me.to_vec(),
        };
        full.extend(rest);
        out.extend(file_of(&full, files));
    }
    for c in children.captures_iter(text) {
        let mut full = me.to_vec();
        full.push(c[1].to_string());
        if files.contains_key(&full) {
            out.insert(full);
        }
    }
    out.remove(me);
    out
}

fn all_imports() -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let files = module_files();
    files
        .iter()
        .filter(|(k, _)| !k.is_empty())
        .map(|(k, text)| (k.clone(), imports(k, text, &files)))
        .collect()
}

#[test]
fn every_module_is_in_the_documented_order() {
    let order = documented_order();
    let tops: BTreeSet<String> = module_files()
        .keys()
        .filter_map(|k| k.first().cloned())
        .collect();
    let missing: Vec<&String> = tops.iter().filter(|t| !order.contains_key(*t)).collect();
    assert!(
        missing.is_empty(),
        "src/lib.rs のモジュール一覧（//! - [`name`]: …）にないモジュール: {missing:?}"
    );
}

#[test]
fn no_module_uses_one_later_in_the_documented_order() {
    let order = documented_order();
    let mut wrong = Vec::new();
    for (file, deps) in all_imports() {
        let Some(&mine) = order.get(&file[0]) else {
            continue;
        };
        if is_test_code(&file) {
            continue;
        }
        for d in deps {
            let theirs = order.get(&d[0]).copied().unwrap_or(usize::MAX);
            if d[0] != file[0] && theirs >= mine {
                wrong.push(format!("{} -> {}", file.join("::"), d.join("::")));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the order of src/lib.rs (a module uses only those listed before it):\n{}",
        wrong.join("\n")
    );
}

/// Reduces an import between two files to one between the two entries (file or folder)
/// of the folder that holds both; `None` when one holds the other (a folder and its own
/// files).
fn siblings(a: &[String], b: &[String]) -> Option<(Vec<String>, Vec<String>)> {
    let common = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    if common >= a.len() || common >= b.len() {
        return None;
    }
    Some((a[..=common].to_vec(), b[..=common].to_vec()))
}

#[test]
fn no_files_import_each_other_in_a_loop() {
    let mut graph: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (file, deps) in all_imports() {
        for d in deps {
            if is_test_code(&file) || is_test_code(&d) {
                continue;
            }
            if let Some((x, y)) = siblings(&file, &d) {
                graph.entry(x).or_default().insert(y);
            }
        }
    }
    let mut loops = Vec::new();
    for start in graph.keys() {
        // Depth-first from `start`, looking for a way back to it.
        let mut seen = BTreeSet::new();
        let mut stack: Vec<(Vec<String>, Vec<Vec<String>>)> = vec![(start.clone(), vec![])];
        while let Some((node, trail)) = stack.pop() {
            for next in graph.get(&node).into_iter().flatten() {
                if next == start {
                    let mut ring: Vec<String> = trail.iter().map(|t| t.join("::")).collect();
                    ring.insert(0, start.join("::"));
                    ring.push(node.join("::"));
                    ring.dedup();
                    loops.push(ring.join(" -> "));
                } else if seen.insert(next.clone()) {
                    let mut t = trail.clone();
                    t.push(node.clone());
                    stack.push((next.clone(), t));
                }
            }
        }
    }
    assert!(
        loops.is_empty(),
        "files that import each other:\n{}",
        loops.join("\n")
    );
}

#[test]
fn the_checker_sees_imports_of_every_form() {
    let files: BTreeMap<Vec<String>, String> = [
        (vec!["a".to_string()], String::new()),
        (vec!["b".to_string(), "c".to_string()], String::new()),
        (vec!["b".to_string(), "d".to_string()], String::new()),
        (vec!["b".to_string()], String::new()),
    ]
    .into_iter()
    .collect();
    let me = vec!["b".to_string(), "d".to_string()];
    let text = "use crate::a::Thing;\nfn f() { super::c::g(); }\n";
    let got = imports(&me, text, &files);
    assert!(got.contains(&vec!["a".to_string()]));
    assert!(got.contains(&vec!["b".to_string(), "c".to_string()]));
    let folder = vec!["b".to_string()];
    let got = imports(&folder, "use c::X;\nuse self::d::Y;\n", &files);
    assert_eq!(got.len(), 2, "{got:?}");
}

/// Lines of code of a file: without its trailing unit tests, comments and blank lines.
fn code_lines(text: &str) -> usize {
    without_test_module(text)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .count()
}

#[test]
fn no_file_is_longer_than_eight_hundred_lines_of_code() {
    let long: Vec<String> = module_files()
        .iter()
        .filter(|(k, _)| !is_test_code(k))
        .map(|(k, text)| (k.join("::"), code_lines(text)))
        .filter(|(_, n)| *n > 800)
        .map(|(k, n)| format!("{k}: {n}"))
        .collect();
    assert!(long.is_empty(), "files over 800 lines of code: {long:?}");
}

#[test]
fn no_error_is_a_bare_string_or_unit() {
    let bare = Regex::new(r"Result<[^<>]*(?:<[^<>]*>)?[^<>]*,\s*(?:String|\(\))\s*>").unwrap();
    let found: Vec<String> = module_files()
        .iter()
        .filter(|(_, text)| bare.is_match(text))
        .map(|(k, _)| k.join("::"))
        .collect();
    assert!(
        found.is_empty(),
        "Result<_, String> or Result<_, ()> in {found:?}"
    );
    assert!(bare.is_match("fn f() -> Result<Vec<u8>, String> {"));
    assert_eq!(
        code_lines("a\n\n// c\nb\n#[cfg(test)]\nmod tests {\nx\n}\n"),
        2
    );
}
