//! 回収状況 (the summary's sheet), `tables/collection` and `tables/reminders.csv`, read
//! back from the sample's September run and from October's, after one section sent its
//! 進捗入力 sheet back with 記入者, 連絡先 and 報告日 filled in.

use std::collections::BTreeSet;
use std::path::Path;

use crate::common::*;

const BOOK: &str = "市民生活部_窓口サービス課_2024-09.xlsx";
const SECTION: &str = "(民)窓口サービス課";

/// The rows of 回収状況 under its header: 部局, 部署, 状況, 対象, 報告済, 受領ファイル,
/// 報告日, 記入者, 連絡先, 未報告の項目, 期限.
fn collection_rows(dir: &Path) -> Vec<Vec<String>> {
    let sheet = read_sheet(&dir.join("全体集計.xlsx"), "回収状況");
    assert_eq!(sheet[1][..3], ["部局", "部署", "状況"], "{:?}", sheet[1]);
    sheet[2..]
        .iter()
        .filter(|r| !r[1].is_empty())
        .cloned()
        .collect()
}

/// `reminders.csv` as lines of fields (no field of the sample holds a comma or a quote).
fn reminders(dir: &Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(dir.join("tables/reminders.csv")).expect("reminders.csv");
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a BOM for Excel");
    let text = String::from_utf8(bytes[3..].to_vec()).expect("utf-8");
    text.lines()
        .map(|l| {
            l.split(',')
                .map(|f| f.trim_matches('"').to_string())
                .collect()
        })
        .collect()
}

/// Every section of the plan in force, from the run's own table.
fn plan_sections(dir: &Path) -> BTreeSet<String> {
    str_col(&read_table(dir, "departments"), "department_id")
        .into_iter()
        .collect()
}

/// What the sheet, the table and the reminders say agree, and every section is named.
fn check_agreement(dir: &Path) -> Vec<Vec<String>> {
    let rows = collection_rows(dir);
    let named: BTreeSet<String> = rows.iter().map(|r| r[1].clone()).collect();
    assert_eq!(named.len(), rows.len(), "a section named twice");
    assert_eq!(named, plan_sections(dir), "every section of the sample");
    assert_eq!(named.len(), 13);
    // Sections of one bureau are together.
    let bureaus: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    let mut seen: Vec<&str> = Vec::new();
    for b in &bureaus {
        if seen.last() != Some(b) {
            assert!(!seen.contains(b), "bureau {b} split: {bureaus:?}");
            seen.push(b);
        }
    }
    let table = table_rows(
        dir,
        "collection",
        &[
            "department_id",
            "state",
            "missing_items",
            "writer",
            "contact",
        ],
    );
    let sheet: Vec<String> = rows
        .iter()
        .map(|r| {
            [&r[1], &r[2], &r[9], &r[7], &r[8]]
                .map(String::as_str)
                .join("|")
        })
        .collect();
    assert_eq!(table, sheet);
    let missing: Vec<&Vec<String>> = rows.iter().filter(|r| !r[9].is_empty()).collect();
    let mail = reminders(dir);
    assert_eq!(mail[0][..4], ["部局", "部署", "状況", "未報告の項目"]);
    assert_eq!(
        mail.len() - 1,
        missing.len(),
        "one reminder per missing section"
    );
    for (m, r) in mail[1..].iter().zip(&missing) {
        assert_eq!((&m[1], &m[3]), (&r[1], &r[9]));
        assert!(m[5].starts_with("令和"), "due date: {m:?}");
        assert!(m[7].ends_with(".xlsx"), "the section's book: {m:?}");
    }
    rows
}

#[test]
fn september_names_every_section_with_the_files_received_and_the_missing_items() {
    let input = input_with_progress();
    let out = tempfile::tempdir().unwrap();
    let r = run_gyokaku(input.path(), out.path(), "2024-09");
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let rows = check_agreement(&out.path().join("2024-09"));
    let received: Vec<&Vec<String>> = rows.iter().filter(|r| r[2] != "未報告").collect();
    assert!(!received.is_empty());
    for r in &received {
        assert!(r[5].starts_with("progress/"), "files received: {r:?}");
        assert!(r[4].parse::<u32>().unwrap() > 0);
    }
    for r in rows.iter().filter(|r| r[2] == "未報告") {
        assert_eq!((r[4].as_str(), r[5].as_str()), ("0", ""), "{r:?}");
        assert!(!r[9].is_empty() && r[10] == "期限超過", "{r:?}");
    }
}

#[test]
fn october_shows_the_one_book_returned_with_its_writer_and_contact() {
    let input = input_with_progress();
    let out = tempfile::tempdir().unwrap();
    assert_eq!(run_gyokaku(input.path(), out.path(), "2024-09").code, 0);
    let sent = out.path().join("2024-09").join(BOOK);
    let part = sheet_part(&sent, "進捗入力");
    let form = read_sheet(&sent, "進捗入力");
    // Every item row of the section's form filled in (rows 6… in Excel).
    let items = form[5..].iter().filter(|r| !r[0].is_empty()).count();
    let mut cells: Vec<(String, String)> = vec![
        ("B3".into(), "窓口サービス課 行革花子".into()),
        ("D3".into(), "内線 2345".into()),
        ("H3".into(), "令和6年11月5日".into()),
    ];
    for k in 0..items {
        cells.push((format!("G{}", 6 + k), "実施中".into()));
        cells.push((format!("H{}", 6 + k), "50".into()));
    }
    let cells: Vec<(&str, &str)> = cells
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let returned = input.path().join("progress/返送").join(BOOK);
    std::fs::create_dir_all(returned.parent().unwrap()).unwrap();
    fill_in(&sent, &returned, &part, &cells);
    let r = run_gyokaku(input.path(), out.path(), "2024-10");
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let rows = check_agreement(&out.path().join("2024-10"));
    let ours = rows.iter().find(|r| r[1] == SECTION).expect("the section");
    assert_eq!(ours[2], "報告済", "{ours:?}");
    assert_eq!(ours[4], items.to_string());
    assert_eq!(ours[5], format!("progress/返送/{BOOK}"));
    assert_eq!(
        ours[6..9],
        ["令和6年11月5日", "窓口サービス課 行革花子", "内線 2345"]
    );
    assert_eq!((ours[9].as_str(), ours[10].as_str()), ("", ""));
    for r in rows.iter().filter(|r| r[1] != SECTION) {
        assert_eq!(r[2], "未報告", "{r:?}");
        assert_eq!(r[7], "", "{r:?}");
    }
    // The tables keep the sender too.
    let table = table_rows(
        &out.path().join("2024-10"),
        "collection",
        &["department_id", "writer", "contact", "report_date"],
    );
    assert!(table.contains(&format!(
        "{SECTION}|窓口サービス課 行革花子|内線 2345|令和6年11月5日"
    )));
    let mail = reminders(&out.path().join("2024-10"));
    assert_eq!(mail.len() - 1, 12, "the twelve sections still to report");
    assert!(mail.iter().all(|m| m[1] != SECTION));
}

/// Runs October with `--as-of`, returning the output folder's 回収状況 title and rows.
fn october_as_of(input: &Path, out: &Path, day: &str) -> (String, Vec<Vec<String>>) {
    let r = std::process::Command::new(env!("CARGO_BIN_EXE_gyokaku"))
        .args(["run", "--period", "2024-10", "--as-of", day, "--input"])
        .arg(input)
        .arg("--output")
        .arg(out)
        .output()
        .expect("run gyokaku");
    // Exit 2: October has no reports yet (a warning).
    assert_eq!(r.status.code(), Some(2), "{r:?}");
    let dir = out.join("2024-10");
    let title = read_sheet(&dir.join("全体集計.xlsx"), "回収状況")[0][0].clone();
    (title, check_agreement(&dir))
}

#[test]
fn the_due_date_is_judged_as_of_the_day_given_and_the_bytes_do_not_depend_on_the_clock() {
    let input = input_with_progress();
    let out = tempfile::tempdir().unwrap();
    // October's sheets are due on 10 November 2024, a Sunday: Friday the 8th.
    let (title, rows) = october_as_of(input.path(), out.path(), "2024-11-08");
    assert!(title.contains("提出期限 令和6年11月8日"), "{title}");
    assert!(title.contains("令和6年11月8日（金）現在"), "{title}");
    let missing: Vec<&Vec<String>> = rows.iter().filter(|r| !r[9].is_empty()).collect();
    assert!(!missing.is_empty());
    assert!(missing.iter().all(|r| r[10] == "期限前"), "{missing:?}");
    let before = std::fs::read(out.path().join("2024-10/全体集計.xlsx")).unwrap();

    let (title, rows) = october_as_of(input.path(), out.path(), "令和6年11月11日");
    assert!(title.contains("令和6年11月11日（月）現在"), "{title}");
    let missing: Vec<&Vec<String>> = rows.iter().filter(|r| !r[9].is_empty()).collect();
    assert!(missing.iter().all(|r| r[10] == "期限超過"), "{missing:?}");
    let table = std::fs::read_to_string(out.path().join("2024-10/tables/collection.csv")).unwrap();
    assert!(table.contains("true"), "overdue in the table too");

    // The same day again gives the same bytes, whatever the clock says.
    october_as_of(input.path(), out.path(), "R6.11.8");
    let again = std::fs::read(out.path().join("2024-10/全体集計.xlsx")).unwrap();
    assert!(before == again, "a re-run as of the same day differs");
}

#[test]
fn an_as_of_that_is_not_a_day_is_refused_in_japanese() {
    let input = input_with_progress();
    let out = tempfile::tempdir().unwrap();
    for bad in ["2024-11", "あした", "2024-02-30"] {
        let r = std::process::Command::new(env!("CARGO_BIN_EXE_gyokaku"))
            .args(["run", "--as-of", bad, "--input"])
            .arg(input.path())
            .arg("--output")
            .arg(out.path())
            .output()
            .expect("run gyokaku");
        let err = String::from_utf8_lossy(&r.stderr);
        assert_eq!(r.status.code(), Some(64), "{bad}: {err}");
        assert!(err.contains("日まで書いてください"), "{bad}: {err}");
        assert!(!out.path().join("2024-10").exists());
    }
}
