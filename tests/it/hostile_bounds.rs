//! What is not an input is never read without bound, and inputs are never touched: a
//! layout in which the run would write into, move or delete the input folder is refused
//! before anything is read or written; the configuration, the plans given to `diff` and
//! the period's lock file are read only when they are regular files within a limit; a
//! panic caught in a reader prints nothing on the terminal.

use std::ffi::OsStr;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::*;

/// Peak resident memory allowed for one run.
const MAX_RSS_BYTES: u64 = 512 * 1024 * 1024;

/// Runs `gyokaku` with `args`, killing it if it does not finish within 60 s.
fn gyokaku<S: AsRef<OsStr>>(args: &[S]) -> Outcome {
    gyokaku_with_fault(args, "")
}

/// [`gyokaku`] with the test hook `GYOKAKU_FAULT` set to `fault`.
fn gyokaku_with_fault<S: AsRef<OsStr>>(args: &[S], fault: &str) -> Outcome {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gyokaku"))
        .args(args)
        .env("GYOKAKU_FAULT", fault)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let limit = Duration::from_secs(60);
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!(
                "gyokaku {:?} did not finish within {limit:?}",
                args[0].as_ref()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    Outcome {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The largest resident set of any child process waited for so far, in bytes.
fn children_peak_rss() -> u64 {
    // SAFETY: getrusage only writes into the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    assert_eq!(rc, 0);
    u64::try_from(usage.ru_maxrss).unwrap() * 1024
}

fn assert_peak_under_limit(case: &str) {
    let peak = children_peak_rss();
    assert!(
        peak < MAX_RSS_BYTES,
        "{case}: peak memory {} MB",
        peak >> 20
    );
}

/// `gyokaku run --input <input> --output <output> --period 2024-09` plus `extra`.
fn run_args(input: &Path, output: &Path, extra: &[&OsStr]) -> Vec<std::ffi::OsString> {
    let mut args: Vec<std::ffi::OsString> = vec!["run".into(), "--input".into()];
    args.push(input.into());
    args.push("--output".into());
    args.push(output.into());
    args.extend(["--period".into(), "2024-09".into()]);
    args.extend(extra.iter().map(|a| a.to_os_string()));
    args
}

#[test]
fn an_input_folder_inside_the_period_folder_is_refused_and_left_alone() {
    let work = tempfile::tempdir().unwrap();
    let input = work.path().join("2024-09");
    let seed = input_with_progress();
    std::fs::rename(seed.path(), &input)
        .or_else(|_| copy_tree(seed.path(), &input))
        .unwrap();
    std::fs::write(input.join("gyokaku.toml"), "[limits]\n").unwrap();
    let before = snapshot(work.path());

    let r = gyokaku(&run_args(&input, work.path(), &[]));
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("入力フォルダ"), "{}", r.stderr);
    assert!(r.stderr.contains("期間フォルダ"), "{}", r.stderr);
    assert_eq!(
        snapshot(work.path()),
        before,
        "nothing written, moved or deleted"
    );
    // Without --period the same layout is refused as well.
    let r = gyokaku(&[
        "run",
        "--input",
        &input.to_string_lossy(),
        "--output",
        &work.path().to_string_lossy(),
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(snapshot(work.path()), before);
}

#[test]
fn an_output_folder_inside_the_input_folder_is_refused() {
    let input = input_with_progress();
    let before = snapshot(input.path());
    for output in [
        input.path().join("progress"),
        input.path().join("out"),
        input.path().to_path_buf(),
    ] {
        let r = gyokaku(&run_args(input.path(), &output, &[]));
        assert_eq!(r.code, 1, "{}: {}", output.display(), r.stderr);
        assert!(
            r.stderr.contains("出力フォルダが入力フォルダと同じか"),
            "{}",
            r.stderr
        );
        assert_eq!(snapshot(input.path()), before, "{}", output.display());
    }
    // Beside each other, as in the default layout, the run goes on.
    let out = tempfile::tempdir().unwrap();
    let r = gyokaku(&run_args(input.path(), out.path(), &[]));
    assert_eq!(r.code, 0, "{}", r.stderr);
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for e in std::fs::read_dir(from)? {
        let p = e?.path();
        let dest = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_tree(&p, &dest)?;
        } else {
            std::fs::copy(&p, &dest)?;
        }
    }
    Ok(())
}

#[test]
fn a_configuration_that_is_no_regular_file_or_too_large_is_refused_at_once() {
    let input = input_with_progress();
    let out = tempfile::tempdir().unwrap();
    let fifo = out.path().join("fifo.toml");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let huge = out.path().join("huge.toml");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(2 << 30)
        .unwrap();
    for config in [Path::new("/dev/zero"), fifo.as_path(), huge.as_path()] {
        let extra = [OsStr::new("--config"), config.as_os_str()];
        let r = gyokaku(&run_args(input.path(), out.path(), &extra));
        assert_eq!(r.code, 1, "{}: {}", config.display(), r.stderr);
        assert!(
            r.stderr.contains(&config.display().to_string()),
            "{}: the message names the file\n{}",
            config.display(),
            r.stderr
        );
        assert!(r.stderr.len() < 2000, "{}", r.stderr);
        assert_peak_under_limit(&config.display().to_string());
    }
    assert!(!out.path().join("2024-09").exists());
}

#[test]
fn a_toml_error_on_a_long_line_quotes_a_short_excerpt() {
    let input = input_with_progress();
    let out = tempfile::tempdir().unwrap();
    let config = input.path().join("gyokaku.toml");
    let line = format!("[limits]\nmax_cells = \"{}", "x".repeat(900_000));
    std::fs::write(&config, line).unwrap();
    let r = gyokaku(&run_args(input.path(), out.path(), &[]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("gyokaku.toml"), "{}", r.stderr);
    assert!(
        r.stderr.contains("line 2"),
        "the place is kept: {}",
        r.stderr
    );
    assert!(r.stderr.len() < 2000, "{} bytes on stderr", r.stderr.len());
}

#[test]
fn diff_refuses_a_device_and_a_pipe_as_a_plan() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("plan.txt");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let good = fixture(SAMPLE);
    for bad in [Path::new("/dev/zero"), fifo.as_path()] {
        let r = gyokaku(&[OsStr::new("diff"), bad.as_os_str(), good.as_os_str()]);
        assert_eq!(r.code, 1, "{}: {}", bad.display(), r.stderr);
        assert!(
            r.stderr.contains("通常のファイルではありません"),
            "{}",
            r.stderr
        );
        assert_peak_under_limit(&bad.display().to_string());
    }
}

#[test]
fn a_huge_stale_lock_file_is_removed_without_reading_it() {
    let input = input_with_progress();
    let out = tempfile::tempdir().unwrap();
    let lock = out.path().join(".2024-09.lock");
    let file = std::fs::File::create(&lock).unwrap();
    file.set_len(3 << 30).unwrap();
    let old = std::time::SystemTime::now() - Duration::from_secs(3600);
    file.set_modified(old).unwrap();
    drop(file);
    let r = gyokaku(&run_args(input.path(), out.path(), &[]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        !lock.exists(),
        "the stale lock is gone, the run's own removed"
    );
    let t = read_table(&out.path().join("2024-09"), "diagnostics");
    assert!(
        str_col(&t, "code").iter().any(|c| c == "output.stale_lock"),
        "{:?}",
        str_col(&t, "code")
    );
    assert_peak_under_limit("3 GB lock");
}

#[test]
fn a_panic_in_a_reader_prints_nothing_on_the_terminal() {
    let input = input_with_progress();
    let out = tempfile::tempdir().unwrap();
    let r = gyokaku_with_fault(&run_args(input.path(), out.path(), &[]), "reader-panic");
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("読み取り中に異常が起きました"),
        "{}",
        r.stderr
    );
    let t = read_table(&out.path().join("2024-09"), "diagnostics");
    let unreadable: Vec<String> = str_col(&t, "file")
        .into_iter()
        .zip(str_col(&t, "code"))
        .filter(|(_, c)| c == "progress.unreadable")
        .map(|(f, _)| f)
        .collect();
    assert!(
        unreadable.iter().any(|f| f.ends_with(".xlsx")),
        "each workbook is that file's finding: {unreadable:?}"
    );
    for noise in ["panicked", "RUST_BACKTRACE", "stack backtrace"] {
        assert!(
            !r.stderr.contains(noise),
            "{noise} on stderr:\n{}",
            r.stderr
        );
    }
}
