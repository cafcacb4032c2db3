//! The command line in Japanese: help screens, usage errors and value lists without
//! clap's English, and `--period` in the forms clerks write a month.

use std::process::Command;

use crate::common::*;

fn gyokaku(args: &[&str]) -> Outcome {
    let out = Command::new(env!("CARGO_BIN_EXE_gyokaku"))
        .args(args)
        .output()
        .expect("run gyokaku");
    Outcome {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Words of clap's own English that must not reach the clerk.
const ENGLISH: [&str; 12] = [
    "Usage",
    "Options",
    "Arguments",
    "Commands",
    "Print help",
    "Print version",
    "For more information",
    "possible values",
    "default:",
    "error:",
    "[OPTIONS]",
    "<COMMAND>",
];

fn assert_japanese(text: &str) {
    for word in ENGLISH {
        assert!(!text.contains(word), "{word:?} in:\n{text}");
    }
}

#[test]
fn help_screens_are_japanese() {
    for args in [
        &["--help"][..],
        &["-h"],
        &["run", "--help"],
        &["intake", "--help"],
        &["diff", "--help"],
    ] {
        let r = gyokaku(args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        assert!(r.stdout.contains("使い方: gyokaku"), "{}", r.stdout);
        assert!(r.stdout.contains("この説明を表示します"), "{}", r.stdout);
        assert_japanese(&r.stdout);
    }
    let top = gyokaku(&["--help"]).stdout;
    for command in ["run", "intake", "diff"] {
        assert!(top.contains(&format!("  {command} ")), "{top}");
    }
    let run = gyokaku(&["run", "--help"]).stdout;
    assert!(run.contains("既定: input"), "{run}");
    assert!(run.contains("R6-10、令和6年10月"), "{run}");
    let diff = gyokaku(&["diff", "--help"]).stdout;
    // The arguments in the order they are typed.
    assert!(diff.find("<改定前>") < diff.find("<改定後>"), "{diff}");
}

#[test]
fn usage_errors_are_japanese_with_the_usage_line() {
    for (args, says) in [
        (&["run", "--foo"][..], "--foo というオプションはありません"),
        (&["frobnicate"], "frobnicate というコマンドはありません"),
        (&[], "コマンド（run、intake、diff）を指定してください"),
        (&["intake"], "を指定してください"),
        (
            &["diff", "a", "b", "--format", "xml"],
            "「xml」は指定できません（指定できる値: text、csv）",
        ),
        (&["run", "--period", "十月"], "R6-10、令和6年10月"),
    ] {
        let r = gyokaku(args);
        assert_eq!(r.code, 64, "{args:?}");
        assert!(r.stderr.starts_with("エラー: "), "{}", r.stderr);
        assert!(r.stderr.contains(says), "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains("gyokaku --help"), "{}", r.stderr);
        assert_japanese(&r.stderr);
    }
    assert!(
        gyokaku(&["run", "--foo"])
            .stderr
            .contains("使い方: gyokaku run [オプション]")
    );
}

#[test]
fn the_period_is_taken_in_era_and_kanji_forms() {
    let input = input_with_progress();
    for typed in ["R6-10", "令和6年10月", "2024年10月"] {
        let out = tempfile::tempdir().unwrap();
        let r = run_gyokaku(input.path(), out.path(), typed);
        assert!(r.code == 0 || r.code == 2, "{typed}: {}", r.stderr);
        assert!(
            r.stdout.contains("対象期間 2024-10（令和6年10月"),
            "{typed}: {}",
            r.stdout
        );
        let periods = str_col(
            &read_table(&out.path().join("2024-10"), "progress"),
            "period",
        );
        assert!(periods.contains(&"2024-09".to_string()), "{typed}");
    }
}
