//! Layout 3 (`fixtures/layouts/two_axes/`): progress reports on two axes (実施状況 ×
//! 達成度) with ◎○△× grades and 効果額 in 千円, under headers the sample does not use
//! (所管課, 実施状況, 達成度, 評価, 効果額（千円）). The whole pipeline runs on the sample
//! plan with the layout's `gyokaku.toml`, a Shift_JIS CSV from the fixture and an xlsx
//! written here; the tables, the 進捗入力 sheet and the summary's 年度評価, 年度評価集計
//! and 効果額 sheets are read back.

use crate::common;
use std::path::{Path, PathBuf};

use crate::common::*;
use polars::prelude::*;
use rust_xlsxwriter::Workbook;

const LAYOUT: &str = "layouts/two_axes";

/// 窓口サービス課's report as that city keeps it: a title row, a blank row, the header,
/// then two months of the fiscal year (cumulative amounts: 100 then 250 千円 for 7-1).
fn write_section_workbook(path: &Path) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("令和6年度").unwrap();
    ws.write(0, 0, "令和6年度 行政改革 進捗報告（窓口サービス課）")
        .unwrap();
    let header = [
        "管理番号",
        "項目名",
        "所管課",
        "実施状況",
        "達成度",
        "評価",
        "効果額（千円）",
        "実績",
        "基準日",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write(2, c as u16, *h).unwrap();
    }
    let rows: [[&str; 9]; 4] = [
        [
            "7-1",
            "住民異動等におけるタブレット端末の活用",
            "窓口サービス課",
            "取組中",
            "一部達成",
            "○",
            "100",
            "試行導入",
            "R6.8.31",
        ],
        [
            "7-1",
            "住民異動等におけるタブレット端末の活用",
            "窓口サービス課",
            "取組中",
            "一部達成",
            "〇",
            "250",
            "本格導入",
            "R6.9.30",
        ],
        [
            "7-2",
            "窓口の混雑状況に関する市民周知",
            "窓口サービス課",
            "完了",
            "達成",
            "◎→",
            "",
            "ホームページで公開",
            "R6.9.30",
        ],
        [
            "8-2",
            "証明発行手数料等のキャッシュレス化",
            "窓口サービス課",
            "未着手",
            "未達成",
            "×",
            "",
            "",
            "R6.9.30",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                ws.write(3 + r as u32, c as u16, *v).unwrap();
            }
        }
    }
    // A number cell, as most clerks type an amount: 80.5 千円.
    ws.write_number(5, 6, 80.5).unwrap();
    wb.save(path).unwrap();
}

/// The input folder: the sample plan, the layout's configuration and CSV, the xlsx.
fn layout_input() -> tempfile::TempDir {
    let input = input_with_plans(&[("plan_sample_no07-11.txt", sample_text().into_bytes())]);
    let dir = fixture(LAYOUT);
    std::fs::copy(dir.join("gyokaku.toml"), input.path().join("gyokaku.toml")).unwrap();
    let progress = input.path().join("progress");
    std::fs::create_dir_all(&progress).unwrap();
    std::fs::copy(
        dir.join("行革進捗_2024-09.csv"),
        progress.join("行革進捗_2024-09.csv"),
    )
    .unwrap();
    write_section_workbook(&progress.join("窓口サービス課_進捗.xlsx"));
    input
}

/// Runs September on layout 3; the run has rejected rows, so it exits 2.
fn september() -> (tempfile::TempDir, tempfile::TempDir, PathBuf) {
    let input = layout_input();
    let out = tempfile::tempdir().unwrap();
    let r = run_gyokaku(input.path(), out.path(), "2024-09");
    assert_eq!(r.code, 2, "{}\n{}", r.stdout, r.stderr);
    let dir = out.path().join("2024-09");
    (input, out, dir)
}

/// The cells of `col` for the rows of `item` in `period`.
fn cell(df: &DataFrame, item: &str, period: &str, col: &str) -> String {
    let ids = str_col(df, "item_id");
    let periods = str_col(df, "period");
    let k = ids
        .iter()
        .zip(&periods)
        .position(|(i, p)| i == item && p == period)
        .unwrap_or_else(|| panic!("{item} {period} not in the table"));
    let column = df.column(col).unwrap().as_materialized_series().clone();
    match column.get(k).unwrap() {
        AnyValue::Null => "<null>".to_string(),
        AnyValue::String(s) => s.to_string(),
        AnyValue::StringOwned(s) => s.to_string(),
        other => other.to_string(),
    }
}

#[test]
fn rows_land_on_their_items_with_each_axis_in_its_own_column_and_amounts_in_yen() {
    let (_input, _out, dir) = september();
    let t = read_table(&dir, "progress");
    for col in [
        "status",
        "grade",
        "grade_raw",
        "achievement",
        "achievement_raw",
        "effect_yen",
    ] {
        assert!(
            t.get_column_names().iter().any(|c| c.as_str() == col),
            "{col}"
        );
    }
    assert_eq!(t.column("effect_yen").unwrap().dtype(), &DataType::Int64);
    let row = |item: &str, period: &str| {
        [
            "status",
            "grade",
            "grade_raw",
            "achievement",
            "effect_yen",
            "source_file",
        ]
        .map(|c| cell(&t, item, period, c))
    };
    // The CSV (Shift_JIS): 千円 in the header, 「1,250」 in the cell.
    assert_eq!(
        row("11-2", "2024-09"),
        [
            "実施中",
            "○",
            "○",
            "一部達成",
            "1250000",
            "progress/行革進捗_2024-09.csv"
        ]
    );
    // Composites resolve to the scale's value; the raw text stays beside it.
    assert_eq!(
        row("8-1", "2024-09")[..5],
        ["完了", "◎", "◎→", "達成", "300000"]
    );
    assert_eq!(
        row("11-1", "2024-09")[..5],
        ["実施中", "△", "△（一部遅れ）", "未達成", "<null>"]
    );
    // The xlsx: two months of one item, a synonym (〇 → ○), a number cell in 千円.
    assert_eq!(
        row("7-1", "2024-08")[..5],
        ["実施中", "○", "○", "一部達成", "100000"]
    );
    assert_eq!(
        row("7-1", "2024-09")[..5],
        ["実施中", "○", "〇", "一部達成", "250000"]
    );
    assert_eq!(
        row("7-2", "2024-09")[..5],
        ["完了", "◎", "◎→", "達成", "80500"]
    );
    assert_eq!(
        row("8-2", "2024-09")[..5],
        ["未着手", "×", "×", "未達成", "<null>"]
    );
    // A grade off the scale: the row is taken, its grade left empty, the text kept.
    assert_eq!(
        row("9-1", "2024-09")[..4],
        ["実施中", "<null>", "☆", "達成"]
    );
    assert_eq!(t.height(), 8, "{t}");
    // The section's workbook shows its rows: 所管課 matched the plan's department.
    let items = read_sheet(&dir.join("市民生活部_窓口サービス課_2024-09.xlsx"), "進捗");
    let seven_two = items.iter().find(|r| r[0] == "7-2").expect("7-2");
    assert!(seven_two.contains(&"完了".to_string()), "{seven_two:?}");
    assert!(seven_two.contains(&"◎→".to_string()), "{seven_two:?}");
}

#[test]
fn a_value_off_its_scale_and_an_unreadable_amount_are_located_findings() {
    let (_input, _out, dir) = september();
    let d = read_table(&dir, "diagnostics");
    let codes = str_col(&d, "code");
    let locations = str_col(&d, "location");
    let values = str_col(&d, "value");
    let messages = str_col(&d, "message");
    let find = |code: &str| {
        let k = codes.iter().position(|c| c == code).expect(code);
        (
            locations[k].as_str(),
            values[k].as_str(),
            messages[k].as_str(),
        )
    };
    let (location, value, message) = find("progress.unknown_rating");
    assert_eq!((location, value), ("5行目 F列", "☆"));
    assert!(message.contains("評価「☆」"), "{message}");
    assert!(message.contains("◎, ○, △, ×（◎が最良）"), "{message}");
    let severities = str_col(&d, "severity");
    let k = codes.iter().position(|c| c == "progress.unknown_rating");
    assert_eq!(k.map(|k| severities[k].as_str()), Some("警告"));
    let (location, value, message) = find("progress.bad_amount");
    assert_eq!((location, value), ("6行目 G列", "約200"));
    assert!(message.contains("千円"), "{message}");
    // The row with the unknown grade is taken without its grade; the bad amount's is not.
    let progress = read_table(&dir, "progress");
    let ids = str_col(&progress, "item_id");
    assert!(!ids.contains(&"10-1".to_string()));
    let k = ids.iter().position(|i| i == "9-1").expect("9-1 taken");
    assert_eq!(str_col(&progress, "grade")[k], "");
    assert_eq!(str_col(&progress, "grade_raw")[k], "☆");
    assert!(!str_col(&progress, "status")[k].is_empty());
}

#[test]
fn the_input_sheet_has_a_dropdown_per_axis() {
    let (_input, _out, dir) = september();
    let path = period_book(&dir, "市民生活部_窓口サービス課.xlsx");
    let rows = read_sheet(&path, "進捗入力");
    assert_eq!(
        rows[4][6..10],
        ["進捗状況", "進捗率（%）", "評価", "達成度"]
    );
    // Sections already report amounts: the sheet asks for them, in 千円.
    assert_eq!(rows[4][10], "効果額（千円）");
    assert_eq!(rows[4][11], "取組実績");
    let xml = sheet_xml(&path, "進捗入力");
    // 窓口サービス課 has three items: rows 6 to 8.
    let status = validation(&xml, "G6:G8").expect("status");
    assert!(
        status.contains("<formula1>\"未着手,検討中,実施中,完了,遅延,中止\"</formula1>"),
        "{status}"
    );
    let grade = validation(&xml, "I6:I8").expect("grade");
    assert!(
        grade.contains("<formula1>\"◎,○,△,×\"</formula1>"),
        "{grade}"
    );
    let achievement = validation(&xml, "J6:J8").expect("achievement");
    assert!(
        achievement.contains("<formula1>\"未達成,一部達成,達成\"</formula1>"),
        "{achievement}"
    );
    assert!(
        achievement.contains("promptTitle=\"達成度\""),
        "{achievement}"
    );
    let amount = validation(&xml, "K6:K8").expect("amount");
    assert!(amount.contains("type=\"decimal\""), "{amount}");
}

/// The 進捗入力 sheet sent back with an amount typed in 千円: next month's tables hold it in
/// yen, on its item.
#[test]
fn an_amount_typed_into_the_input_sheet_comes_back_in_yen() {
    let (input, _out, dir) = september();
    let sent = dir.join("市民生活部_窓口サービス課_2024-09.xlsx");
    let part = common::sheet_part(&sent, "進捗入力");
    let progress = input.path().join("progress");
    common::fill_in(
        &sent,
        &progress.join("窓口サービス課_返送.xlsx"),
        &part,
        &[("G6", "実施中"), ("H6", "60"), ("K6", "1250.5")],
    );
    let out10 = tempfile::tempdir().unwrap();
    let r = run_gyokaku(input.path(), out10.path(), "2024-10");
    assert!(r.code == 0 || r.code == 2, "{}\n{}", r.stdout, r.stderr);
    let t = read_table(&out10.path().join("2024-10"), "progress");
    let first = read_sheet(&sent, "進捗入力")[5][0].clone();
    assert_eq!(cell(&t, &first, "2024-10", "effect_yen"), "1250500");
    assert_eq!(cell(&t, &first, "2024-10", "status"), "実施中");
}

#[test]
fn the_summary_shows_the_annual_evaluation_and_the_effect_amounts() {
    let (_input, _out, dir) = september();
    let summary = dir.join("全体集計.xlsx");
    let names = sheet_names(&summary);
    for name in ["年度評価", "年度評価集計", "効果額"] {
        assert!(names.contains(&name.to_string()), "{names:?}");
    }
    let annual = read_sheet(&summary, "年度評価");
    assert_eq!(annual[0][0], "令和6年度 年度評価（令和6年9月分まで）");
    assert_eq!(
        annual[1],
        [
            "項目ID",
            "実践項目名",
            "担当部署",
            "最終報告",
            "進捗状況",
            "評価",
            "達成度",
            "効果額（千円）"
        ]
    );
    let row = |id: &str| annual.iter().find(|r| r[0] == id).expect(id).clone();
    assert_eq!(
        row("7-1")[2..],
        [
            "(民)窓口サービス課",
            "9月",
            "実施中",
            "○",
            "一部達成",
            "250000"
        ]
    );
    assert_eq!(row("8-1")[4..7], ["完了", "◎", "達成"]);
    // 9-1's grade is off the scale: its status and 達成度 count, its grade does not.
    assert_eq!(row("9-1")[3..7], ["9月", "実施中", "－", "達成"]);
    // Counts per value and per section; the grade scale best first, 達成度 best first too.
    let counts = read_sheet(&summary, "年度評価集計");
    // Each axis's title names the fiscal year: its page is read on its own.
    let block = |axis: &str| {
        let title = format!("{axis}の件数（令和6年度、令和6年9月分まで）");
        counts
            .iter()
            .position(|r| r[0] == title)
            .unwrap_or_else(|| panic!("{title}: {counts:?}"))
    };
    let g = block("評価");
    assert_eq!(counts[g + 1][2..8], ["◎", "○", "△", "×", "未評価", "計"]);
    let madoguchi = counts[g + 2..]
        .iter()
        .find(|r| r[1] == "(民)窓口サービス課")
        .unwrap();
    assert_eq!(madoguchi[2..8], ["1", "1", "0", "1", "0", "3"]);
    let total = counts[g + 2..].iter().find(|r| r[0] == "合計").unwrap();
    // 17 items; ◎ 7-2, 8-1; ○ 7-1, 11-2; △ 11-1; × 8-2; the other 11 unrated.
    assert_eq!(total[2..8], ["2", "2", "1", "1", "11", "17"]);
    let a = block("達成度");
    assert_eq!(
        counts[a + 1][2..7],
        ["達成", "一部達成", "未達成", "未評価", "計"]
    );
    let total = counts[a + 2..].iter().find(|r| r[0] == "合計").unwrap();
    // 9-1 (grade off the scale) still counts as 達成.
    assert_eq!(total[2..7], ["3", "2", "2", "10", "17"]);
    // 効果額: the latest cumulative figure of the year per item, in yen (shown in 千円).
    let effect = read_sheet(&summary, "効果額");
    let total = effect.iter().find(|r| r[0] == "合計").unwrap();
    // 7-1 250,000 (not 100,000 + 250,000) + 7-2 80,500 + 8-1 300,000 + 11-2 1,250,000.
    assert_eq!(total[3], "1880500");
    assert_eq!(total[2], "", "the sample plan gives no targets");
    let section = |name: &str| {
        effect
            .iter()
            .find(|r| r.get(1).is_some_and(|c| c == name))
            .unwrap_or_else(|| panic!("{name}: {effect:?}"))[3]
            .clone()
    };
    assert_eq!(section("(民)窓口サービス課"), "330500");
    assert_eq!(section("(財)管財課"), "1250000");
    assert_eq!(section("(財)納税課"), "300000");
    // Both tables say the fiscal year and the unit on the page they start.
    for title in ["部署別の財政効果額", "取組別の財政効果額"] {
        let at = effect
            .iter()
            .position(|r| r[0].starts_with(title))
            .unwrap_or_else(|| panic!("{title}: {effect:?}"));
        assert_eq!(
            effect[at][0],
            format!("{title}（令和6年度、令和6年9月分まで）")
        );
        assert_eq!(effect[at + 1][2..4], ["目標（千円）", "実績（千円）"]);
    }
    let xml = sheet_xml(&summary, "効果額");
    assert!(xml.contains("<drawing "), "a chart");
}
