//! The input generator (`gyokaku-generate`, a workspace member): the generated input is
//! read in full by a run, the same seed gives the same bytes, and the clerk's command has
//! no `generate`.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use gyokaku_generate::Scenario;

use crate::common::{read_table, run_gyokaku};

const ITEMS: usize = 12;
const SECTIONS: usize = 4;
const MONTHS: usize = 3;

fn generate(dir: &Path, seed: u64) {
    let summary = gyokaku_generate::generate(Scenario::Tiny, seed, dir).expect("generate");
    assert_eq!(summary.items, ITEMS);
}

/// Every file under `dir`, relative name -> bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for sub in ["plans", "progress"] {
        for e in std::fs::read_dir(dir.join(sub)).expect("read dir") {
            let p = e.expect("entry").path();
            let name = format!("{sub}/{}", p.file_name().expect("name").to_string_lossy());
            out.insert(name, std::fs::read(&p).expect("read file"));
        }
    }
    out
}

#[test]
fn tiny_is_read_in_full() {
    let input = tempfile::tempdir().expect("tempdir");
    generate(input.path(), 7);
    let progress = files(input.path())
        .keys()
        .filter(|k| k.starts_with("progress/"))
        .count();
    assert_eq!(progress, SECTIONS * MONTHS);

    let output = tempfile::tempdir().expect("tempdir");
    let run = run_gyokaku(input.path(), output.path(), "2024-09");
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let period = output.path().join("2024-09");
    assert_eq!(read_table(&period, "practice_items").height(), ITEMS);
    assert_eq!(read_table(&period, "departments").height(), SECTIONS);
    assert_eq!(read_table(&period, "progress").height(), ITEMS * MONTHS);
}

#[test]
fn same_seed_same_bytes() {
    let a = tempfile::tempdir().expect("tempdir");
    let b = tempfile::tempdir().expect("tempdir");
    let c = tempfile::tempdir().expect("tempdir");
    generate(a.path(), 42);
    generate(b.path(), 42);
    generate(c.path(), 43);
    let (fa, fb, fc) = (files(a.path()), files(b.path()), files(c.path()));
    assert!(!fa.is_empty());
    assert_eq!(fa, fb);
    assert_ne!(fa, fc);
}

#[test]
fn the_clerks_command_has_no_generate() {
    let out = Command::new(env!("CARGO_BIN_EXE_gyokaku"))
        .args(["generate", "--scenario", "tiny", "--output", "unused"])
        .output()
        .expect("run gyokaku");
    assert_eq!(out.status.code(), Some(64), "{out:?}");
    assert!(!Path::new("unused").exists());
    let help = Command::new(env!("CARGO_BIN_EXE_gyokaku"))
        .arg("--help")
        .output()
        .expect("run gyokaku --help");
    assert!(!String::from_utf8_lossy(&help.stdout).contains("generate"));
}
