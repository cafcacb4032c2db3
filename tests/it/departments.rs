//! The section directory (部署マスタ) through the whole pipeline: a plan and reports that
//! write the same sections in different forms (mark, 「部 課」, code, alias, a name before
//! a reorganisation) land on one department and one workbook, named as of the period.

use crate::common;
use crate::common::period_book;
use std::path::Path;

use crate::common::{
    read_sheet, read_table, run_gyokaku, run_gyokaku_default_period, str_col, xlsx_files,
};

/// A plan of one initiative whose items name their sections in several forms.
fn plan_text(sections: &[&str]) -> String {
    let mut text = String::from(
        "No. 1 事務の効率化\n\nII. 現状と課題\n\n事務が多い。\n\nIII. 取組内容\n\n見直す。\n\nIV. 目標・効果\n\n効率化。\n\nV. 実践項目\n\n",
    );
    for (k, s) in sections.iter().enumerate() {
        text.push_str(&format!(
            "実践項目名\t項目{}の見直し\n担当部署\t{s}\n取組内容\t内容{}\n工程表\tR 6年度\tR 7年度\n\t検討\t実施\n\n",
            k + 1,
            k + 1
        ));
    }
    text
}

/// The directory: bureau cells left blank below their first row (as a merged cell reads),
/// a rename in April 2024 (行政改革推進課 -> 行政経営課), a bureau without a mark, and a
/// split in April 2024 (都市総務課 -> 空港・総務課 and 交通政策課).
const DIRECTORY: &str = "部署一覧（令和6年4月1日現在）\n\
部局,課名,略称,所属コード,旧名称,適用開始日\n\
総務部,総務課,総,010100,,\n\
,行政経営課,,010200,行政改革推進課,令和6年4月1日\n\
都市建設部,空港・総務課,都,050100,都市総務課,2024/4/1\n\
,交通政策課,,050200,都市総務課,2024-04-01\n\
こども未来部,こども家庭課,,030100,子育て支援課、家庭支援室,\n";

/// An input folder with the plan, the directory (Shift_JIS, as Excel saves a CSV) and
/// one report (CSV rows: ID, name, section, status, percent, date).
fn input(plan_sections: &[&str], report: &[[&str; 6]], report_name: &str) -> tempfile::TempDir {
    let dir = common::input_with_plans(&[("計画.txt", plan_text(plan_sections).into_bytes())]);
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(DIRECTORY);
    std::fs::write(dir.path().join("departments.csv"), sjis).unwrap();
    let progress = dir.path().join("progress");
    std::fs::create_dir_all(&progress).unwrap();
    let mut csv = String::from("項目番号,実践項目名,担当部署,進捗状況,進捗率,報告日\n");
    for row in report {
        csv.push_str(&row.join(","));
        csv.push('\n');
    }
    std::fs::write(progress.join(report_name), csv).unwrap();
    dir
}

/// The 進捗 rows of a workbook: (項目ID, 進捗状況, 進捗率).
fn progress_rows(workbook: &Path) -> Vec<(String, String, String)> {
    read_sheet(workbook, "進捗")
        .into_iter()
        .skip(2)
        .filter(|r| r.first().is_some_and(|c| !c.is_empty()))
        .map(|r| (r[0].clone(), r[3].clone(), r[4].clone()))
        .collect()
}

fn row(id: &str, section: &str, status: &str, pct: &str, date: &str) -> [String; 6] {
    [
        id.to_string(),
        String::new(),
        section.to_string(),
        status.to_string(),
        pct.to_string(),
        date.to_string(),
    ]
}

fn as_strs(rows: &[[String; 6]]) -> Vec<[&str; 6]> {
    rows.iter()
        .map(|r| std::array::from_fn(|k| r[k].as_str()))
        .collect()
}

#[test]
fn every_form_of_a_section_lands_on_its_department_workbook() {
    let plan = [
        "(総)総務課",
        "(総)行政改革推進課",
        "都市建設部 空港・総務課",
        "こども未来部こども家庭課",
        "都市総務課",
        "総務部・総務課",
    ];
    let rows = [
        row("1-1", "総務部 総務課", "実施中", "40", "2024-09-30"),
        row("1-2", "総務部・行政経営課", "検討中", "10", "2024-09-30"),
        row("1-3", "050100", "完了", "100", "2024-09-30"),
        row("1-4", "子育て支援課", "実施中", "30", "2024-09-30"),
        // A section the split former name became reports the item planned under it.
        row(
            "1-5",
            "都市建設部／交通政策課",
            "実施中",
            "20",
            "2024-09-30",
        ),
        row("1-6", "010100 総務部・総務課", "遅延", "5", "2024-09-30"),
        // Not the owner in any form: still rejected.
        row(
            "1-1",
            "こども未来部 こども家庭課",
            "完了",
            "100",
            "2024-09-30",
        ),
    ];
    let input = input(&plan, &as_strs(&rows), "報告_2024-09.csv");
    let out = tempfile::tempdir().unwrap();
    let outcome = run_gyokaku(input.path(), out.path(), "2024-09");
    assert_eq!(outcome.code, 2, "one rejected row: {}", outcome.stderr);
    let period = out.path().join("2024-09");

    assert_eq!(
        xlsx_files(&period),
        [
            "こども未来部_こども家庭課_2024-09.xlsx",
            "全体集計.xlsx",
            "総務部_総務課_2024-09.xlsx",
            "総務部_行政経営課_2024-09.xlsx",
            "都市建設部_空港・総務課_2024-09.xlsx",
            "都市建設部_都市総務課_2024-09.xlsx",
        ],
        "one workbook per department, the renamed one under its current name"
    );
    let soumu = progress_rows(&period_book(&period, "総務部_総務課.xlsx"));
    assert_eq!(
        soumu,
        [
            ("1-1".into(), "実施中".into(), "40".into()),
            ("1-6".into(), "遅延".into(), "5".into())
        ]
    );
    assert_eq!(
        progress_rows(&period_book(&period, "総務部_行政経営課.xlsx")),
        [("1-2".into(), "検討中".into(), "10".into())]
    );
    assert_eq!(
        progress_rows(&period_book(&period, "都市建設部_空港・総務課.xlsx")),
        [("1-3".into(), "完了".into(), "100".into())]
    );
    assert_eq!(
        progress_rows(&period_book(&period, "こども未来部_こども家庭課.xlsx")),
        [("1-4".into(), "実施中".into(), "30".into())]
    );
    assert_eq!(
        progress_rows(&period_book(&period, "都市建設部_都市総務課.xlsx")),
        [("1-5".into(), "実施中".into(), "20".into())]
    );
    let cover = read_sheet(
        &period.join("こども未来部_こども家庭課_2024-09.xlsx"),
        "表紙",
    );
    assert_eq!(cover[2][..2], ["部署", "こども未来部　こども家庭課"]);
    assert_eq!(cover[3][..2], ["部局", "こども未来部"]);
    let cover = read_sheet(&period.join("総務部_行政経営課_2024-09.xlsx"), "表紙");
    assert_eq!(cover[2][..2], ["部署", "(総)行政経営課"]);

    let departments = read_table(&period, "departments");
    assert_eq!(
        str_col(&departments, "department_id"),
        [
            "(総)総務課",
            "(総)行政経営課",
            "(都)空港・総務課",
            "こども未来部　こども家庭課",
            "(都)都市総務課"
        ]
    );
    let diagnostics = read_table(&period, "diagnostics");
    let codes = str_col(&diagnostics, "code");
    let values = str_col(&diagnostics, "value");
    let found: Vec<(&str, &str)> = codes
        .iter()
        .map(String::as_str)
        .zip(values.iter().map(String::as_str))
        .collect();
    assert_eq!(
        found,
        [
            ("plan.department_split", "(都)都市総務課"),
            ("progress.section_mismatch", "こども未来部 こども家庭課"),
        ]
    );
    let manifest = std::fs::read_to_string(period.join("manifest.json")).unwrap();
    assert!(manifest.contains("\"kind\": \"directory\""), "{manifest}");
}

#[test]
fn a_renamed_section_is_one_department_named_as_of_the_period() {
    // The plan names the former name; reports come under both names.
    let plan = ["(総)行政改革推進課"];
    let september = [row(
        "1-1",
        "総務部 行政経営課",
        "実施中",
        "50",
        "2024-09-30",
    )];
    let input = input(&plan, &as_strs(&september), "報告_2024-09.csv");
    let march = "項目番号,実践項目名,担当部署,進捗状況,進捗率,報告日\n1-1,,行政改革推進課,検討中,10,2024-03-29\n";
    std::fs::write(input.path().join("progress/報告_2024-03.csv"), march).unwrap();

    let out = tempfile::tempdir().unwrap();
    let outcome = run_gyokaku_default_period(input.path(), out.path());
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    let sept = out.path().join("2024-09");
    assert_eq!(
        xlsx_files(&sept),
        ["全体集計.xlsx", "総務部_行政経営課_2024-09.xlsx"]
    );
    let wb = sept.join("総務部_行政経営課_2024-09.xlsx");
    assert_eq!(
        progress_rows(&wb),
        [("1-1".into(), "実施中".into(), "50".into())]
    );
    // The March report under the former name is the same item's history.
    let history = read_sheet(&wb, "進捗履歴");
    let item = history
        .iter()
        .find(|r| r[0] == "1-1")
        .expect("1-1 in 進捗履歴");
    assert!(item.iter().any(|c| c.contains("実施中")), "{item:?}");

    // For March 2024 (before the rename) the same department goes by its former name,
    // whether the period is given or taken from the reports.
    let out_march = tempfile::tempdir().unwrap();
    // Six months before the latest report: a warning on the period (exit 2).
    let r = run_gyokaku(input.path(), out_march.path(), "2024-03");
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("6 か月離れています"), "{}", r.stderr);
    let given = out_march.path().join("2024-03");
    assert_eq!(
        xlsx_files(&given),
        ["全体集計.xlsx", "総務部_行政改革推進課_2024-03.xlsx"]
    );
    let cover = read_sheet(&given.join("総務部_行政改革推進課_2024-03.xlsx"), "表紙");
    assert_eq!(cover[2][..2], ["部署", "(総)行政改革推進課"]);
    assert_eq!(
        progress_rows(&period_book(&given, "総務部_行政改革推進課.xlsx")),
        [("1-1".into(), "検討中".into(), "10".into())]
    );

    std::fs::remove_file(input.path().join("progress/報告_2024-09.csv")).unwrap();
    let out_latest = tempfile::tempdir().unwrap();
    let r = run_gyokaku_default_period(input.path(), out_latest.path());
    // March 2024 is in fiscal 2023, before the plan's years: a warning (exit 2).
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("計画の期間（R6年度〜R7年度）の外です"),
        "{}",
        r.stderr
    );
    let latest = out_latest.path().join("2024-03");
    assert_eq!(
        xlsx_files(&latest),
        ["全体集計.xlsx", "総務部_行政改革推進課_2024-03.xlsx"]
    );
    assert_eq!(
        std::fs::read(latest.join("総務部_行政改革推進課_2024-03.xlsx")).unwrap(),
        std::fs::read(given.join("総務部_行政改革推進課_2024-03.xlsx")).unwrap(),
        "naming after reading the reports gives the workbook naming before does"
    );
}

#[test]
fn without_a_directory_the_configured_marks_join_the_forms() {
    // No departments.csv: 総 = 総務部 in the default configuration.
    let plan = ["(総)総務課", "総務部 総務課", "企画課", "企画課"];
    let dir = common::input_with_plans(&[("計画.txt", plan_text(&plan).into_bytes())]);
    let progress = dir.path().join("progress");
    std::fs::create_dir_all(&progress).unwrap();
    std::fs::write(
        progress.join("報告_2024-09.csv"),
        "項目番号,担当部署,進捗状況,報告日\n1-2,総務部・総務課,実施中,2024-09-30\n1-3,企画課,完了,2024-09-30\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let outcome = run_gyokaku(dir.path(), out.path(), "2024-09");
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    let period = out.path().join("2024-09");
    assert_eq!(
        xlsx_files(&period),
        [
            "企画課_2024-09.xlsx",
            "全体集計.xlsx",
            "総務部_総務課_2024-09.xlsx"
        ]
    );
    let soumu = read_sheet(&period.join("総務部_総務課_2024-09.xlsx"), "進捗");
    let ids: Vec<&str> = soumu[2..]
        .iter()
        .map(|r| r[0].as_str())
        .filter(|c| !c.is_empty())
        .collect();
    assert_eq!(ids, ["1-1", "1-2"]);
    let diagnostics = read_table(&period, "diagnostics");
    assert_eq!(
        str_col(&diagnostics, "code"),
        ["plan.department_without_bureau"],
        "the name without a bureau once, though two items name it"
    );
}

#[test]
fn a_directory_that_cannot_be_used_is_a_finding_and_the_run_goes_on() {
    let plan = ["(総)総務課"];
    let rows = [row("1-1", "総務部 総務課", "実施中", "40", "2024-09-30")];
    for (bytes, code) in [
        (
            b"\xff\xfe\x00garbage\x00\x00".to_vec(),
            "directory.unreadable",
        ),
        (
            "名前,電話\n総務課,1234\n".as_bytes().to_vec(),
            "directory.no_header",
        ),
    ] {
        let input = input(&plan, &as_strs(&rows), "報告_2024-09.csv");
        std::fs::write(input.path().join("departments.csv"), &bytes).unwrap();
        let out = tempfile::tempdir().unwrap();
        let outcome = run_gyokaku(input.path(), out.path(), "2024-09");
        assert_eq!(outcome.code, 2, "{}", outcome.stderr);
        let period = out.path().join("2024-09");
        assert_eq!(
            xlsx_files(&period),
            ["全体集計.xlsx", "総務部_総務課_2024-09.xlsx"]
        );
        assert_eq!(
            progress_rows(&period_book(&period, "総務部_総務課.xlsx")),
            [("1-1".into(), "実施中".into(), "40".into())]
        );
        let diagnostics = read_table(&period, "diagnostics");
        assert_eq!(str_col(&diagnostics, "code"), [code]);
        assert_eq!(str_col(&diagnostics, "file"), ["departments.csv"]);
    }
    // A row without a section and an unreadable date are located warnings; the rest is used.
    let input = input(&plan, &as_strs(&rows), "報告_2024-09.csv");
    std::fs::write(
        input.path().join("departments.csv"),
        "部局,課,略称,施行日\n総務部,総務課,総,いつか\n総務部,,総,\n総務部,総務課,総,\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    assert_eq!(run_gyokaku(input.path(), out.path(), "2024-09").code, 0);
    let diagnostics = read_table(&out.path().join("2024-09"), "diagnostics");
    assert_eq!(
        str_col(&diagnostics, "code"),
        [
            "directory.bad_row",
            "directory.bad_row",
            "directory.duplicate"
        ]
    );
    assert_eq!(
        str_col(&diagnostics, "location"),
        ["2行目 D列", "3行目 B列", "4行目"]
    );
}
