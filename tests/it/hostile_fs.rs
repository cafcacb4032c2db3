//! A hostile file system: links that loop or lead outside the input folder, hidden files,
//! a second run of the same period, a lock or staging folders left by killed runs, and a
//! file where the period folder belongs. Each run finishes (or, for a live second run,
//! stops at once with a message), reports what it met, and its other outputs are what
//! they would have been without it.

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::*;

const PERIOD: &str = "2024-09";

/// Runs `gyokaku run` for [`PERIOD`], killing it if it does not finish within `limit`.
fn run_within(input: &Path, output: &Path, limit: Duration) -> Outcome {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gyokaku"))
        .args(["run", "--input"])
        .arg(input)
        .arg("--output")
        .arg(output)
        .args(["--period", PERIOD])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("gyokaku did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    Outcome {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The PID of a process that has ended (a child that was waited for).
fn dead_pid() -> u32 {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gyokaku"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

/// The rows of `tables/diagnostics` as (severity, file, code, value).
fn findings(period_dir: &Path) -> Vec<(String, String, String, String)> {
    let df = read_table(period_dir, "diagnostics");
    let (sev, file, code, value) = (
        str_col(&df, "severity"),
        str_col(&df, "file"),
        str_col(&df, "code"),
        str_col(&df, "value"),
    );
    (0..sev.len())
        .map(|i| {
            (
                sev[i].clone(),
                file[i].clone(),
                code[i].clone(),
                value[i].clone(),
            )
        })
        .collect()
}

/// The findings of one code, as (severity, file).
fn of_code(period_dir: &Path, code: &str) -> Vec<(String, String)> {
    findings(period_dir)
        .into_iter()
        .filter(|f| f.2 == code)
        .map(|f| (f.0, f.1))
        .collect()
}

/// The names in a folder, sorted, but for the cache of parsed reports (`.cache`).
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != ".cache")
        .collect();
    names.sort();
    names
}

/// The outputs that hold no diagnostics: section workbooks and every table but
/// `diagnostics` (relative path -> bytes).
fn outputs_without_diagnostics(period_dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for name in names_in(period_dir) {
        if name.ends_with(".xlsx") && name != gyokaku::SUMMARY_FILE {
            out.push((name.clone(), std::fs::read(period_dir.join(&name)).unwrap()));
        }
    }
    for name in names_in(&period_dir.join("tables")) {
        if !name.starts_with("diagnostics.") {
            let bytes = std::fs::read(period_dir.join("tables").join(&name)).unwrap();
            out.push((format!("tables/{name}"), bytes));
        }
    }
    assert!(out.len() > 20, "section workbooks and tables were written");
    out
}

/// The status reported for item 7-3 in the welfare section's workbook.
fn status_of_7_3(period_dir: &Path) -> String {
    let rows = read_sheet(&period_dir.join("福祉部_総合福祉課_2024-09.xlsx"), "進捗");
    rows.iter().find(|r| r[0] == "7-3").unwrap()[3].clone()
}

/// A report that changes 7-3 to 実施中 when it is read.
const REPORT_7_3: &str = "項目番号,進捗状況\n7-3,実施中\n";

fn plain_run(input: &Path) -> (tempfile::TempDir, Outcome) {
    let out = tempfile::tempdir().unwrap();
    let outcome = run_within(input, out.path(), Duration::from_secs(120));
    (out, outcome)
}

#[test]
fn two_links_to_the_progress_folder_itself_are_not_followed() {
    let input = input_with_progress();
    let (plain, plain_outcome) = plain_run(input.path());
    assert_eq!(plain_outcome.code, 0, "{}", plain_outcome.stderr);

    symlink(".", input.path().join("progress/loop1")).unwrap();
    symlink(".", input.path().join("progress/loop2")).unwrap();
    let out = tempfile::tempdir().unwrap();
    let start = Instant::now();
    let o = run_within(input.path(), out.path(), Duration::from_secs(120));
    assert!(
        start.elapsed() < Duration::from_secs(60),
        "finishes quickly"
    );
    assert_eq!(o.code, 0, "links are warnings only: {}", o.stderr);
    assert!(o.stderr.contains("progress/loop1") && o.stderr.contains("progress/loop2"));

    let dir = out.path().join(PERIOD);
    let warned = of_code(&dir, "input.folder_link");
    let expected = ["progress/loop1", "progress/loop2"].map(|f| ("警告".to_string(), f.into()));
    assert_eq!(warned, expected);
    assert_eq!(
        outputs_without_diagnostics(&dir),
        outputs_without_diagnostics(&plain.path().join(PERIOD)),
        "the outputs are those of a run without the links"
    );
}

#[test]
fn a_link_outside_the_input_folder_is_refused_and_one_inside_is_read() {
    let input = input_with_progress();
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("他課_2024-09.csv");
    std::fs::write(&secret, REPORT_7_3).unwrap();
    symlink(&secret, input.path().join("progress/外部_2024-09.csv")).unwrap();

    let (out, o) = plain_run(input.path());
    assert_eq!(o.code, 0, "a warning only: {}", o.stderr);
    assert!(
        o.stderr.contains("[警告] progress/外部_2024-09.csv"),
        "{}",
        o.stderr
    );
    let dir = out.path().join(PERIOD);
    let refused: Vec<_> = findings(&dir)
        .into_iter()
        .filter(|f| f.2 == "input.link_outside")
        .collect();
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0].1, "progress/外部_2024-09.csv");
    let target = std::fs::canonicalize(&secret).unwrap();
    assert_eq!(
        refused[0].3,
        target.display().to_string(),
        "names the target"
    );
    assert_ne!(
        status_of_7_3(&dir),
        "実施中",
        "the outside file was not read"
    );
    let manifest = std::fs::read_to_string(dir.join("manifest.json")).unwrap();
    assert!(!manifest.contains("外部_2024-09.csv"));

    // A link to a file elsewhere inside the input folder is read like the file itself.
    std::fs::create_dir_all(input.path().join("受付")).unwrap();
    std::fs::write(input.path().join("受付/追加_2024-09.csv"), REPORT_7_3).unwrap();
    symlink(
        "../受付/追加_2024-09.csv",
        input.path().join("progress/追加_2024-09.csv"),
    )
    .unwrap();
    let (out, o) = plain_run(input.path());
    assert_eq!(o.code, 0, "{}", o.stderr);
    let dir = out.path().join(PERIOD);
    assert_eq!(status_of_7_3(&dir), "実施中", "the inside link was read");
    let manifest = std::fs::read_to_string(dir.join("manifest.json")).unwrap();
    assert!(manifest.contains("progress/追加_2024-09.csv"));
}

#[test]
fn hidden_files_and_folders_are_reported_not_read() {
    let input = input_with_progress();
    let progress = input.path().join("progress");
    std::fs::write(progress.join(".追加_2024-09.csv"), REPORT_7_3).unwrap();
    std::fs::create_dir_all(progress.join(".控え")).unwrap();
    std::fs::write(progress.join(".控え/追加_2024-09.csv"), REPORT_7_3).unwrap();

    let (out, o) = plain_run(input.path());
    assert_eq!(o.code, 0, "information only: {}", o.stderr);
    let dir = out.path().join(PERIOD);
    let hidden = of_code(&dir, "input.hidden");
    let expected = ["progress/.控え", "progress/.追加_2024-09.csv"]
        .map(|f| ("情報".to_string(), f.to_string()));
    assert_eq!(hidden, expected, "one finding per hidden file and folder");
    assert_ne!(status_of_7_3(&dir), "実施中", "neither was read");
}

// Whether a PID is alive is read from /proc.
#[cfg(target_os = "linux")]
#[test]
fn a_second_run_of_a_locked_period_stops_at_once() {
    let input = input_with_progress();
    let out = tempfile::tempdir().unwrap();
    let lock = out.path().join(".2024-09.lock");
    // The test process is alive: as far as gyokaku can tell, a run holds the period.
    std::fs::write(&lock, format!("{}\n", std::process::id())).unwrap();
    let start = Instant::now();
    let o = run_within(input.path(), out.path(), Duration::from_secs(120));
    assert!(start.elapsed() < Duration::from_secs(60));
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert!(
        o.stderr.contains("別に動いている gyokaku の実行")
            && o.stderr.contains(&std::process::id().to_string()),
        "{}",
        o.stderr
    );
    assert_eq!(
        names_in(out.path()),
        [".2024-09.lock"],
        "nothing written, the other run's lock kept"
    );

    // The holder is gone: the lock is stale, removed with a warning, and the run goes on.
    let dead = dead_pid();
    std::fs::write(&lock, format!("{dead}\n")).unwrap();
    let o = run_within(input.path(), out.path(), Duration::from_secs(120));
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stderr.contains(".2024-09.lock"), "{}", o.stderr);
    let stale = findings(&out.path().join(PERIOD))
        .into_iter()
        .filter(|f| f.2 == "output.stale_lock")
        .map(|f| (f.0, f.3))
        .collect::<Vec<_>>();
    assert_eq!(stale, [("警告".to_string(), dead.to_string())]);
    assert_eq!(names_in(out.path()), [PERIOD], "its own lock is released");
}

#[test]
fn a_file_where_the_period_folder_belongs_is_moved_aside() {
    let input = input_with_progress();
    let out = tempfile::tempdir().unwrap();
    std::fs::write(out.path().join(PERIOD), "メモ").unwrap();
    // And a file where a staging folder of a killed run would be.
    let stray_staging = format!(".2024-09.tmp-{}", dead_pid());
    std::fs::write(out.path().join(&stray_staging), "x").unwrap();

    let o = run_within(input.path(), out.path(), Duration::from_secs(120));
    assert_eq!(o.code, 0, "{}", o.stderr);
    let dir = out.path().join(PERIOD);
    assert!(
        dir.join("manifest.json").is_file(),
        "the period was written"
    );
    assert_eq!(
        std::fs::read_to_string(out.path().join("2024-09.stray")).unwrap(),
        "メモ",
        "the file is kept, moved aside"
    );
    assert_eq!(
        std::fs::read_to_string(out.path().join("2024-09.stray-2")).unwrap(),
        "x"
    );
    let moved: Vec<PathBuf> = of_code(&dir, "output.stray_moved")
        .into_iter()
        .map(|(sev, file)| {
            assert_eq!(sev, "警告");
            PathBuf::from(file)
        })
        .collect();
    assert_eq!(
        moved,
        [out.path().join(PERIOD), out.path().join(&stray_staging)]
    );
    assert_eq!(
        names_in(out.path()),
        [PERIOD, "2024-09.stray", "2024-09.stray-2"]
    );
}

// Whether a PID is alive is read from /proc.
#[cfg(target_os = "linux")]
#[test]
fn leftovers_of_a_dead_run_are_removed_and_those_of_a_live_one_kept() {
    let input = input_with_progress();
    let out = tempfile::tempdir().unwrap();
    let live = format!(".2024-09.tmp-{}", std::process::id());
    let dead = format!(".2024-09.tmp-{}", dead_pid());
    for name in [&live, &dead] {
        std::fs::create_dir_all(out.path().join(name)).unwrap();
        std::fs::write(out.path().join(name).join("途中.xlsx"), "x").unwrap();
    }
    let o = run_within(input.path(), out.path(), Duration::from_secs(120));
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(out.path().join(&live).join("途中.xlsx").is_file(), "kept");
    assert!(!out.path().join(&dead).exists(), "removed");
    let dir = out.path().join(PERIOD);
    let named = |code| -> Vec<String> {
        of_code(&dir, code)
            .into_iter()
            .map(|(sev, file)| format!("{sev} {file}"))
            .collect()
    };
    assert_eq!(
        named("output.leftover"),
        [format!("情報 {}", out.path().join(&dead).display())]
    );
    assert_eq!(
        named("output.live_leftover"),
        [format!("情報 {}", out.path().join(&live).display())]
    );
    let mut expected = vec![PERIOD.to_string(), live];
    expected.sort();
    assert_eq!(names_in(out.path()), expected);
}
