//! `gyokaku intake`: returned books filed under `input/progress/<YYYY-MM>/` by the month
//! they report on, nothing replaced, the source untouched; and the run reading them.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::*;

fn intake(input: &Path, files: &[&Path]) -> Outcome {
    let out = Command::new(env!("CARGO_BIN_EXE_gyokaku"))
        .arg("intake")
        .args(files)
        .arg("--input")
        .arg(input)
        .output()
        .expect("run gyokaku intake");
    Outcome {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The section workbook of 窓口サービス課 the September run wrote.
fn madoguchi_book(out: &Path) -> PathBuf {
    let dir = out.join("2024-09");
    let name = xlsx_files(&dir)
        .into_iter()
        .find(|n| n.starts_with("市民生活部_窓口サービス課"))
        .expect("窓口サービス課's workbook");
    dir.join(name)
}

/// `book` filled in with status and percent of its first item, saved as `dst`.
fn returned(book: &Path, dst: &Path, percent: &str) {
    let part = sheet_part(book, "進捗入力");
    fill_in(book, dst, &part, &[("G6", "実施中"), ("H6", percent)]);
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn returned_books_are_filed_by_their_month_and_nothing_is_replaced() {
    let input = input_with_progress();
    let out = tempfile::tempdir().unwrap();
    assert_eq!(run_gyokaku(input.path(), out.path(), "2024-09").code, 0);
    let book = madoguchi_book(out.path());
    let name = book.file_name().unwrap().to_string_lossy().into_owned();
    let mail = tempfile::tempdir().unwrap();
    let first = mail.path().join(&name);
    returned(&book, &first, "60");
    let first_bytes = std::fs::read(&first).unwrap();

    let r = intake(input.path(), &[&first]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("「進捗入力」シートの報告月"),
        "{}",
        r.stdout
    );
    let october = input.path().join("progress/2024-10");
    assert_eq!(files_in(&october), std::slice::from_ref(&name));
    assert_eq!(std::fs::read(october.join(&name)).unwrap(), first_bytes);
    // The source is only read.
    assert_eq!(std::fs::read(&first).unwrap(), first_bytes);

    // The same bytes again: not copied.
    let r = intake(input.path(), &[&first]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(r.stdout.contains("取り込み済み"), "{}", r.stdout);
    assert_eq!(files_in(&october).len(), 1);

    // Different bytes under the same name: both kept, the second numbered, a warning.
    let second = tempfile::tempdir().unwrap();
    let again = second.path().join(&name);
    returned(&book, &again, "70");
    let r = intake(input.path(), &[&again]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    let numbered = name.replace(".xlsx", "_2.xlsx");
    assert!(r.stdout.contains("警告"), "{}", r.stdout);
    assert!(r.stdout.contains(&numbered), "{}", r.stdout);
    assert_eq!(files_in(&october), [name.clone(), numbered.clone()]);
    assert_eq!(std::fs::read(october.join(&name)).unwrap(), first_bytes);

    // The run reads both filed books.
    let out10 = tempfile::tempdir().unwrap();
    let r = run_gyokaku(input.path(), out10.path(), "2024-10");
    for filed in [&name, &numbered] {
        assert!(
            r.stdout.contains(&format!("progress/2024-10/{filed}")),
            "{filed}: {}",
            r.stdout
        );
    }
    let t = read_table(&out10.path().join("2024-10"), "progress");
    let october_rows = str_col(&t, "period")
        .into_iter()
        .filter(|p| p == "2024-10")
        .count();
    assert!(october_rows >= 1, "{}", r.stdout);
}

#[test]
fn a_report_without_a_month_sheet_is_filed_by_its_rows_or_its_name() {
    let input = input_with_progress();
    let mail = tempfile::tempdir().unwrap();
    // Rows dated November, the name says nothing.
    let by_rows = mail.path().join("総務課報告.csv");
    std::fs::write(
        &by_rows,
        "項目番号,進捗状況,進捗率,報告日\n7-1,実施中,50,2024/11/30\n",
    )
    .unwrap();
    // No date column: the name.
    let by_name = mail.path().join("財政課_R6-12.csv");
    std::fs::write(&by_name, "項目番号,進捗状況,進捗率\n7-2,実施中,50\n").unwrap();
    // Neither: not filed.
    let none = mail.path().join("報告.csv");
    std::fs::write(&none, "項目番号,進捗状況,進捗率\n7-2,実施中,50\n").unwrap();

    let r = intake(input.path(), &[&by_rows, &by_name, &none]);
    assert_eq!(r.code, 2, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("報告の行の日付"), "{}", r.stdout);
    assert!(r.stdout.contains("ファイル名"), "{}", r.stdout);
    assert!(r.stderr.contains("報告月がわかりません"), "{}", r.stderr);
    assert_eq!(
        files_in(&input.path().join("progress/2024-11")),
        ["総務課報告.csv"]
    );
    assert_eq!(
        files_in(&input.path().join("progress/2024-12")),
        ["財政課_R6-12.csv"]
    );
    let filed: usize = ["2024-11", "2024-12"]
        .iter()
        .map(|m| files_in(&input.path().join("progress").join(m)).len())
        .sum();
    assert_eq!(filed, 2, "the file without a month is not filed");
}

#[test]
fn a_book_named_for_one_month_holding_another_is_filed_by_its_content() {
    let input = input_with_progress();
    let mail = tempfile::tempdir().unwrap();
    let misnamed = mail.path().join("総務課_2024-10.csv");
    std::fs::write(
        &misnamed,
        "項目番号,進捗状況,進捗率,報告日\n7-1,実施中,50,2024/11/30\n",
    )
    .unwrap();
    let r = intake(input.path(), &[&misnamed]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(
        r.stdout.contains("ファイル名は 令和6年10月"),
        "{}",
        r.stdout
    );
    assert_eq!(
        files_in(&input.path().join("progress/2024-11")),
        ["総務課_2024-10.csv"]
    );
    assert!(!input.path().join("progress/2024-10").exists());
}
