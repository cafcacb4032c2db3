//! What the end of a run tells the clerk: how many sections reported and which did not,
//! files still open in Excel, a period that looks mistyped, the next step; and that a
//! re-run keeps what the clerk put into the output folder.

use std::collections::BTreeSet;
use std::path::Path;

use crate::common::*;

/// October reports for every item except those of `missing` sections, as one CSV.
fn october_without(input: &Path, sep: &Path, missing: &[&str]) {
    let links = read_table(sep, "item_departments");
    let items: BTreeSet<String> = str_col(&links, "item_id")
        .into_iter()
        .zip(str_col(&links, "department_id"))
        .filter(|(_, d)| !missing.contains(&d.as_str()))
        .map(|(i, _)| i)
        .collect();
    let owned_by_missing: BTreeSet<String> = str_col(&links, "item_id")
        .into_iter()
        .zip(str_col(&links, "department_id"))
        .filter(|(_, d)| missing.contains(&d.as_str()))
        .map(|(i, _)| i)
        .collect();
    let mut csv = String::from("項目番号,進捗状況,進捗率,報告日\n");
    for i in items.difference(&owned_by_missing) {
        csv.push_str(&format!("{i},実施中,50,2024/10/31\n"));
    }
    std::fs::write(input.join("progress/全課_2024-10.csv"), csv).unwrap();
}

#[test]
fn the_october_screen_names_the_missing_sections_and_the_next_step() {
    let input = input_with_progress();
    let out = tempfile::tempdir().unwrap();
    assert_eq!(run_gyokaku(input.path(), out.path(), "2024-09").code, 0);
    let sep = out.path().join("2024-09");
    october_without(input.path(), &sep, &["(水)営業課", "(健)こども育成課"]);
    // A book still open in Excel beside it.
    std::fs::write(input.path().join("progress/~$_2024-10.csv"), b"lock").unwrap();

    let r = run_gyokaku(input.path(), out.path(), "2024-10");
    println!("{}", r.stdout);
    eprintln!("{}", r.stderr);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let line = r
        .stdout
        .lines()
        .find(|l| l.starts_with("報告: "))
        .unwrap_or_else(|| panic!("{}", r.stdout));
    // As many sections as 未報告部署 lists in red, and by name.
    let unreported = read_sheet(&out.path().join("2024-10/全体集計.xlsx"), "未報告部署");
    let expected = read_sheet(&out.path().join("2024-10/全体集計.xlsx"), "部署一覧")
        .into_iter()
        .filter(|r| r.len() > 4 && r[1].starts_with('(') && r[4] != "0")
        .count();
    assert_eq!(
        line,
        format!(
            "報告: {expected} 部署中 {} 部署から報告がありました",
            expected - 2
        )
    );
    assert!(
        r.stdout
            .contains("未報告の部署（2 部署）: (水)営業課、(健)こども育成課"),
        "{}",
        r.stdout
    );
    for s in ["(水)営業課", "(健)こども育成課"] {
        assert!(unreported.iter().any(|r| r[1] == s), "{s} in 未報告部署");
    }
    // The lock file by the file it locks.
    assert!(
        r.stdout
            .contains("Excel で開いたままのファイル: progress/全課_2024-10.csv"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("次の作業: 部署別ブックを各課へ送付"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_period_far_from_the_reports_is_a_warning_and_exit_2() {
    let input = input_with_progress();
    let out = tempfile::tempdir().unwrap();
    // Meant: 2024-10. January has no report and lies eight months from September.
    let r = run_gyokaku(input.path(), out.path(), "2024-01");
    assert_eq!(r.code, 2, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("令和6年1月の進捗報告が一件もありません"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("8 か月離れています"), "{}", r.stderr);
    let diag = read_sheet(&out.path().join("2024-01/全体集計.xlsx"), "診断");
    assert!(
        diag.iter()
            .any(|r| r.iter().any(|c| c == "run.period_suspect"))
    );
}

#[test]
fn a_rerun_keeps_the_clerks_memo_and_an_edited_summary() {
    let input = input_with_progress();
    let out = tempfile::tempdir().unwrap();
    assert_eq!(run_gyokaku(input.path(), out.path(), "2024-09").code, 0);
    let dir = out.path().join("2024-09");
    std::fs::write(dir.join("メモ.txt"), "課長に確認").unwrap();
    let mut edited = std::fs::read(dir.join("全体集計.xlsx")).unwrap();
    edited.extend_from_slice(b"note");
    std::fs::write(dir.join("全体集計.xlsx"), &edited).unwrap();
    let written = std::fs::read(dir.join("市民生活部_窓口サービス課_2024-09.xlsx")).unwrap();

    let r = run_gyokaku(input.path(), out.path(), "2024-09");
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.join("メモ.txt")).unwrap(),
        "課長に確認"
    );
    assert_eq!(
        std::fs::read(dir.join("全体集計_編集済.xlsx")).unwrap(),
        edited
    );
    // The summary is made anew; an unchanged output is simply replaced.
    assert_ne!(std::fs::read(dir.join("全体集計.xlsx")).unwrap(), edited);
    assert_eq!(
        std::fs::read(dir.join("市民生活部_窓口サービス課_2024-09.xlsx")).unwrap(),
        written
    );
    assert!(!dir.join("市民生活部_窓口サービス課_編集済.xlsx").exists());
    for name in ["メモ.txt", "全体集計_編集済.xlsx"] {
        assert!(
            r.stderr.contains(&format!("[警告] {name}")),
            "{name}: {}",
            r.stderr
        );
    }
    let diag = read_sheet(&dir.join("全体集計.xlsx"), "診断");
    assert_eq!(
        diag.iter()
            .filter(|r| r.iter().any(|c| c == "output.clerk_file_kept"))
            .count(),
        2
    );
    // A third run keeps them again, under the same names, and says so again.
    let r = run_gyokaku(input.path(), out.path(), "2024-09");
    assert_eq!(r.code, 0);
    assert_eq!(
        std::fs::read(dir.join("全体集計_編集済.xlsx")).unwrap(),
        edited
    );
    assert!(dir.join("メモ.txt").is_file());
    assert!(!dir.join("全体集計_編集済_前回.xlsx").exists());
}
