//! The cache of parsed progress reports (`<output>/.cache/progress/`): a second run takes
//! the reports from it, a changed report or changed settings read anew, a broken entry is
//! ignored, and outputs are byte for byte those of a run with `--no-cache`.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::time::SystemTime;

use crate::common::*;

const PERIOD: &str = "2024-09";

/// Runs `gyokaku run --period 2024-09`, with `--no-cache` when asked; returns the exit
/// status and the period's outputs.
fn run(input: &Path, output: &Path, no_cache: bool) -> (i32, BTreeMap<String, Vec<u8>>) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gyokaku"));
    cmd.args(["run", "--period", PERIOD, "--input"])
        .arg(input)
        .arg("--output")
        .arg(output);
    if no_cache {
        cmd.arg("--no-cache");
    }
    let out = cmd.output().unwrap();
    let code = out.status.code().unwrap_or(-1);
    assert!(
        code == 0 || code == 2,
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (code, snapshot(&output.join(PERIOD)))
}

/// The cache's entries: name -> modification time.
fn entries(output: &Path) -> BTreeMap<String, SystemTime> {
    let dir = output.join(".cache/progress");
    let Ok(read) = std::fs::read_dir(&dir) else {
        return BTreeMap::new();
    };
    read.map(|e| {
        let e = e.unwrap();
        (
            e.file_name().to_string_lossy().into_owned(),
            e.metadata().unwrap().modified().unwrap(),
        )
    })
    .collect()
}

fn progress_files(input: &Path) -> usize {
    std::fs::read_dir(input.join("progress")).unwrap().count()
}

/// What a run without the cache writes for `input`.
fn uncached(input: &Path) -> (i32, BTreeMap<String, Vec<u8>>) {
    let out = tempfile::tempdir().unwrap();
    let got = run(input, out.path(), true);
    assert!(entries(out.path()).is_empty(), "--no-cache writes no entry");
    got
}

#[test]
fn a_second_run_takes_every_report_from_the_cache_and_writes_the_same_outputs() {
    let input = input_with_progress();
    let out = tempfile::tempdir().unwrap();
    let first = run(input.path(), out.path(), false);
    let cached = entries(out.path());
    assert_eq!(cached.len(), progress_files(input.path()));
    assert!(cached.keys().all(|k| k.ends_with(".json")));

    let second = run(input.path(), out.path(), false);
    assert_eq!(entries(out.path()), cached, "no entry rewritten or added");
    assert_eq!(second, first);
    assert_eq!(uncached(input.path()), first);
    // --no-cache leaves the cache alone.
    run(input.path(), out.path(), true);
    assert_eq!(entries(out.path()), cached);
}

#[test]
fn the_second_run_does_use_what_the_cache_holds() {
    let input = input_with_progress();
    let out = tempfile::tempdir().unwrap();
    let first = run(input.path(), out.path(), false);
    // Tamper with every entry: a run that reads them shows it in its outputs.
    for name in entries(out.path()).keys() {
        let path = out.path().join(".cache/progress").join(name);
        let mut json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        for row in json["report"]["records"].as_array_mut().unwrap() {
            row["results"] = "控えから読んだ実績".into();
        }
        std::fs::write(&path, serde_json::to_vec(&json).unwrap()).unwrap();
    }
    let tampered = run(input.path(), out.path(), false);
    assert_ne!(tampered, first);
    let csv = String::from_utf8_lossy(&tampered.1["tables/progress.csv"]).into_owned();
    assert!(csv.contains("控えから読んだ実績"), "{csv}");
    // --no-cache reads the files themselves.
    assert_eq!(run(input.path(), out.path(), true), first);
}

#[test]
fn a_changed_report_is_read_anew_and_only_it() {
    let input = input_with_progress();
    let out = tempfile::tempdir().unwrap();
    run(input.path(), out.path(), false);
    let before = entries(out.path());

    let csv = input.path().join("progress/都市建設部_2024-09.csv");
    let mut bytes = std::fs::read(&csv).unwrap();
    bytes.extend_from_slice(b"\r\n");
    std::fs::write(&csv, bytes).unwrap();
    let got = run(input.path(), out.path(), false);

    let after = entries(out.path());
    assert_eq!(after.len(), before.len() + 1, "one new entry");
    assert!(
        before.iter().all(|(k, t)| after.get(k) == Some(t)),
        "the other entries untouched"
    );
    assert_eq!(got, uncached(input.path()));
}

#[test]
fn cached_rows_take_the_file_order_of_the_run() {
    let input = input_with_progress();
    let progress = input.path().join("progress");
    let city = progress.join("都市建設部_2024-09.csv");
    // Two files sorted before the city's report: it is the 7th file when cached.
    for name in ["000a_環境生活課.csv", "000b_環境生活課.csv"] {
        std::fs::copy(
            progress.join("進捗_202409_環境生活課.csv"),
            progress.join(name),
        )
        .unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    run(input.path(), out.path(), false);
    let before = entries(out.path());

    // Now the 5th, followed by a later report of the same rows that must win.
    std::fs::remove_file(progress.join("000a_環境生活課.csv")).unwrap();
    std::fs::remove_file(progress.join("000b_環境生活課.csv")).unwrap();
    let later = std::fs::read_to_string(&city)
        .unwrap()
        .replace("指定管理者制度の導入を検討", "後から届いた報告");
    std::fs::write(progress.join("都市建設部_2024-09_追加.csv"), later).unwrap();
    let got = run(input.path(), out.path(), false);
    let after = entries(out.path());
    assert_eq!(after.len(), before.len() + 1);
    assert!(before.iter().all(|(k, t)| after.get(k) == Some(t)));
    let csv = String::from_utf8_lossy(&got.1["tables/progress.csv"]).into_owned();
    assert!(csv.contains("後から届いた報告"), "{csv}");
    assert_eq!(got, uncached(input.path()));
}

#[test]
fn changed_settings_read_every_report_anew() {
    let input = input_with_progress();
    let out = tempfile::tempdir().unwrap();
    run(input.path(), out.path(), false);
    let before = entries(out.path());

    std::fs::write(
        input.path().join("gyokaku.toml"),
        "[progress.status_synonyms]\n\"着手済\" = \"実施中\"\n",
    )
    .unwrap();
    let got = run(input.path(), out.path(), false);
    let after = entries(out.path());
    assert_eq!(
        after.len(),
        2 * before.len(),
        "a new entry for every report"
    );
    assert!(before.iter().all(|(k, t)| after.get(k) == Some(t)));
    assert_eq!(got, uncached(input.path()));
}

#[test]
fn broken_entries_are_ignored_and_rebuilt() {
    let input = input_with_progress();
    let out = tempfile::tempdir().unwrap();
    let first = run(input.path(), out.path(), false);
    let names: Vec<String> = entries(out.path()).into_keys().collect();
    assert!(names.len() >= 4);
    let dir = out.path().join(".cache/progress");
    let whole = std::fs::read(dir.join(&names[0])).unwrap();
    std::fs::write(dir.join(&names[0]), &whole[..whole.len() / 2]).unwrap();
    std::fs::write(dir.join(&names[1]), b"\x00\xffgarbage{").unwrap();
    std::fs::write(dir.join(&names[2]), b"").unwrap();
    // Valid JSON of another format.
    std::fs::write(
        dir.join(&names[3]),
        br#"{"format":999,"key":"x","report":{}}"#,
    )
    .unwrap();

    let second = run(input.path(), out.path(), false);
    assert_eq!(second, first);
    for name in &names[..4] {
        let json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.join(name)).unwrap()).unwrap();
        assert_eq!(json["format"], 2, "{name} rebuilt");
    }
    // A cache entry that is a folder does not stop the run either.
    std::fs::remove_file(dir.join(&names[0])).unwrap();
    std::fs::create_dir(dir.join(&names[0])).unwrap();
    assert_eq!(run(input.path(), out.path(), false), first);
}
