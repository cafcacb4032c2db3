//! Plans kept as spreadsheets: the layout fixture (a plan sheet with hierarchical numbers,
//! 「部 課」 sections and 効果額 in 千円) read to the exact items, the whole pipeline over it,
//! the sample plan as a spreadsheet against its text, and a hostile plan file.
//!
//! Sections are checked against `parse_departments` of the cell the fixture writes for
//! the item: the test pins which cell reaches which item, while the way a 「部 課」 cell
//! resolves to a section belongs to the section resolver.

use crate::common;
use std::path::Path;

use crate::common::*;
use gyokaku::Settings;
use gyokaku::diagnostics::Severity;
use gyokaku::plan::{ParsedPlan, ScheduleKind, parse_departments, read_plan_file};

const PLAN: &str = "layouts/plan_sheet/input/plans/実施計画一覧表_R3-04.xlsx";
const PLAN_ODS: &str = "layouts/plan_sheet/実施計画一覧表_R3-04.ods";
const SAMPLE_SHEET: &str = "layouts/sample_as_sheet/plan_sample_no07-11.xlsx";

/// One item of the fixture as it is written there.
struct Expected {
    id: &'static str,
    initiative: &'static str,
    name: &'static str,
    section_cell: &'static str,
    cells: [&'static str; 5],
    kinds: [ScheduleKind; 5],
    activities: [&'static str; 5],
    effects: &'static [(i32, i64)],
    target: &'static str,
}

fn expected() -> Vec<Expected> {
    use ScheduleKind::{Arrow, Continued, New, None};
    vec![
        Expected {
            id: "1-1-1",
            initiative: "1-1",
            name: "証明書のコンビニ交付の拡大",
            section_cell: "市民生活部・市民課",
            cells: ["○", "→", "→", "⇒", "同上"],
            kinds: [New, Arrow, Arrow, Arrow, Arrow],
            activities: ["実施"; 5],
            effects: &[
                (2021, 1_200_000),
                (2022, 2_400_000),
                (2023, 2_400_000),
                (2024, 3_000_000),
                (2025, 3_000_000),
            ],
            target: "コンビニ交付率 30%",
        },
        Expected {
            id: "1-1-2",
            initiative: "1-1",
            name: "窓口の混雑状況の配信",
            section_cell: "市民生活部・市民課、総務部 情報政策課",
            cells: ["検討", "○", "→", "", ""],
            kinds: [New, New, Arrow, Continued, Continued],
            activities: ["検討", "実施", "実施", "実施", "実施"],
            effects: &[],
            target: "",
        },
        Expected {
            id: "1-2-1",
            initiative: "1-2",
            name: "電子申請の拡充",
            section_cell: "総務部 情報政策課",
            cells: ["調査", "○", "同上", "⇒", "→"],
            kinds: [New, New, Arrow, Arrow, Arrow],
            activities: ["調査", "実施", "実施", "実施", "実施"],
            effects: &[
                (2021, 500_000),
                (2022, 1_000_000),
                (2023, 1_500_000),
                (2024, 2_000_000),
                (2025, 2_500_000),
            ],
            target: "オンライン手続数 100件",
        },
        Expected {
            id: "2-1-1",
            initiative: "2-1",
            name: "公共施設等総合管理計画の推進",
            section_cell: "総務部 総務課",
            cells: ["○", "→", "→", "→", "→"],
            kinds: [New, Arrow, Arrow, Arrow, Arrow],
            activities: ["実施"; 5],
            effects: &[
                (2021, 0),
                (2022, 10_000_000),
                (2023, 10_000_000),
                (2024, 15_000_000),
                (2025, 20_000_000),
            ],
            target: "延床面積 5%削減",
        },
        Expected {
            id: "2-1-2",
            initiative: "2-1",
            name: "未利用地の売却",
            section_cell: "総務部\u{3000}財産管理課",
            cells: ["", "検討", "実施", "－", "－"],
            kinds: [None, New, New, None, None],
            activities: ["", "検討", "実施", "", ""],
            effects: &[(2023, 1_500_000)],
            target: "",
        },
        Expected {
            id: "2-2-1",
            initiative: "2-2",
            name: "RPAの導入",
            section_cell: "総務部 総務課",
            cells: ["検討", "○", "⇒", "同上", "→"],
            kinds: [New, New, Arrow, Arrow, Arrow],
            activities: ["検討", "実施", "実施", "実施", "実施"],
            effects: &[
                (2022, 300_000),
                (2023, 600_000),
                (2024, 600_000),
                (2025, 600_000),
            ],
            target: "削減時間 2,000時間",
        },
    ]
}

fn fixture_settings() -> Settings {
    Settings::load(&fixture("layouts/plan_sheet/input/gyokaku.toml")).expect("settings")
}

fn read_plan(rel: &str, settings: &Settings) -> ParsedPlan {
    let (parsed, findings) = read_plan_file(&fixture(rel), rel, settings);
    let errors: Vec<_> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    parsed.expect("a plan")
}

fn assert_fixture_plan(plan: &ParsedPlan, settings: &Settings) {
    let initiatives: Vec<(String, &str)> = plan
        .initiatives
        .iter()
        .map(|i| (i.no.to_string(), i.title.as_str()))
        .collect();
    assert_eq!(
        initiatives,
        [
            ("1-1".to_string(), "窓口サービスの改善"),
            ("1-2".to_string(), "手続のオンライン化"),
            ("2-1".to_string(), "公共施設の最適化"),
            ("2-2".to_string(), "事務の効率化"),
        ]
    );
    let themes: Vec<(u32, &str)> = plan
        .themes
        .iter()
        .map(|t| (t.no, t.name.as_str()))
        .collect();
    assert_eq!(
        themes,
        [(1, "市民サービスの向上"), (2, "持続可能な行財政運営")]
    );
    let items: Vec<_> = plan.initiatives.iter().flat_map(|i| &i.items).collect();
    let expected = expected();
    assert_eq!(items.len(), expected.len());
    for (it, ex) in items.iter().zip(&expected) {
        assert_eq!(it.id.to_string(), ex.id);
        assert_eq!(it.initiative_no.to_string(), ex.initiative, "{}", ex.id);
        assert_eq!(it.name, ex.name, "{}", ex.id);
        let owners = parse_departments(ex.section_cell, &settings.plan.all_departments).refs;
        assert_eq!(it.departments, owners, "{}", ex.id);
        let years: Vec<i32> = it.schedule.iter().map(|c| c.fiscal_year).collect();
        assert_eq!(years, [2021, 2022, 2023, 2024, 2025], "{}", ex.id);
        let cells: Vec<&str> = it.schedule.iter().map(|c| c.cell_text.as_str()).collect();
        assert_eq!(cells, ex.cells, "{}", ex.id);
        let kinds: Vec<ScheduleKind> = it.schedule.iter().map(|c| c.kind).collect();
        assert_eq!(kinds, ex.kinds, "{}", ex.id);
        let activities: Vec<&str> = it.schedule.iter().map(|c| c.activity.as_str()).collect();
        assert_eq!(activities, ex.activities, "{}", ex.id);
        let effects: Vec<(i32, i64)> = it.effect_targets.iter().map(|(y, v)| (*y, *v)).collect();
        assert_eq!(effects, ex.effects, "{}", ex.id);
        assert_eq!(it.target_indicator, ex.target, "{}", ex.id);
    }
    // The item 1-1-2 has two owners, the first one primary.
    assert_eq!(items[1].departments.len(), 2);
}

#[test]
fn the_plan_sheet_reads_to_its_exact_items_in_xlsx_and_ods() {
    let settings = fixture_settings();
    for rel in [PLAN, PLAN_ODS] {
        let plan = read_plan(rel, &settings);
        assert_fixture_plan(&plan, &settings);
    }
    // The target column's header 「数値目標」 is a word the fixture's gyokaku.toml adds.
    let plan = read_plan(PLAN, &Settings::default());
    let items: Vec<_> = plan.initiatives.iter().flat_map(|i| &i.items).collect();
    assert_eq!(items.len(), 6);
    assert!(items.iter().all(|it| it.target_indicator.is_empty()));
}

fn copy_dir(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).expect("dir");
    for e in std::fs::read_dir(src).expect("read dir") {
        let p = e.expect("entry").path();
        let to = dst.join(p.file_name().expect("name"));
        if p.is_dir() {
            copy_dir(&p, &to);
        } else {
            std::fs::copy(&p, &to).expect("copy");
        }
    }
}

/// The row of `sheet` whose first cell is `id`.
fn row_of(book: &Path, sheet: &str, id: &str) -> Vec<String> {
    read_sheet(book, sheet)
        .into_iter()
        .find(|r| r.first().is_some_and(|c| c == id))
        .unwrap_or_else(|| panic!("{id} in {} {sheet}", book.display()))
}

#[test]
fn the_pipeline_lands_report_rows_on_their_items_and_sections() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let input = tmp.path().join("input");
    copy_dir(&fixture("layouts/plan_sheet/input"), &input);
    let out = tmp.path().join("output");
    let o = run_gyokaku(&input, &out, "2024-09");
    assert_eq!(o.code, 0, "{}\n{}", o.stdout, o.stderr);
    assert!(
        o.stdout.contains("取組 4 件、実践項目 6 件"),
        "{}",
        o.stdout
    );
    let dir = out.join("2024-09");
    let progress = read_table(&dir, "progress");
    let rows: Vec<String> = (0..progress.height())
        .map(|i| {
            ["item_id", "status", "percent", "source_file"]
                .iter()
                .map(|c| str_col(&progress, c)[i].clone())
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect();
    assert_eq!(
        rows,
        [
            "1-1-1|実施中|60.0|progress/市民課_進捗報告_R6-09.xlsx",
            "1-1-2|検討中|20.0|progress/市民課_進捗報告_R6-09.xlsx",
            "1-2-1|実施中|50.0|progress/総務部_2024-09.csv",
            "2-1-1|実施中|40.0|progress/総務部_2024-09.csv",
            "2-2-1|完了|100.0|progress/総務部_2024-09.csv",
        ]
    );
    // Each report row in its item's primary section's workbook: 1-(1)-① from the xlsx,
    // 2-1-1 from the CSV.
    let items = read_table(&dir, "practice_items");
    let departments = read_table(&dir, "departments");
    let (item_ids, item_depts) = (str_col(&items, "item_id"), str_col(&items, "department_id"));
    let (dept_ids, books) = (
        str_col(&departments, "department_id"),
        str_col(&departments, "workbook"),
    );
    // 「市民生活部・市民課」 and 「総務部 総務課」 are the sections of the configured
    // bureaus 民 and 総.
    for (id, primary, status, percent) in [
        ("1-1-1", "(民)市民課", "実施中", "60"),
        ("2-1-1", "(総)総務課", "実施中", "40"),
    ] {
        let k = item_ids.iter().position(|i| i == id).expect("item");
        assert_eq!(item_depts[k], primary);
        let d = dept_ids
            .iter()
            .position(|i| *i == item_depts[k])
            .expect("section");
        let row = row_of(&dir.join(&books[d]), "進捗", id);
        assert_eq!(
            (row[3].as_str(), row[4].as_str()),
            (status, percent),
            "{id}"
        );
    }
    // The effect targets' unit: the targets are kept in yen (1,200 千円 = 1,200,000 円).
    let targets = str_col(&items, "target_indicator");
    assert_eq!(targets[0], "コンビニ交付率 30%");
    // The plan's targets for 令和6年度 reach the summary's 効果額 sheet: its total is the
    // sum of the effect_targets table for 2024.
    let table = read_table(&dir, "effect_targets");
    let years = str_col(&table, "fiscal_year");
    let yen = str_col(&table, "target_yen");
    let planned: i64 = years
        .iter()
        .zip(&yen)
        .filter(|(y, _)| *y == "2024")
        .map(|(_, v)| v.parse::<i64>().unwrap())
        .sum();
    assert_eq!(planned, 20_600_000);
    let effect = read_sheet(&dir.join("全体集計.xlsx"), "効果額");
    let total = effect
        .iter()
        .find(|r| r.first().is_some_and(|c| c == "合計"))
        .unwrap_or_else(|| panic!("{effect:?}"));
    assert_eq!(total[2], planned.to_string());
    // Nothing reported yet: no actual and no rate (not 0 %).
    assert_eq!((total[3].as_str(), total[4].as_str()), ("", ""));
}

#[test]
fn the_sample_as_a_spreadsheet_is_the_same_plan_as_its_text() {
    let text = fixture(SAMPLE);
    let sheet = fixture(SAMPLE_SHEET);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gyokaku"))
        .arg("diff")
        .args([&text, &sheet])
        .output()
        .expect("diff");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("実践項目の変更はありません。"), "{stdout}");
    assert_eq!(stdout.matches("（実践項目 17 件）").count(), 2, "{stdout}");
    let d = gyokaku::diff_files(&text, &sheet, None).unwrap_or_else(|f| panic!("{f}"));
    assert!(d.changes.is_empty());
    assert!(d.findings.is_empty(), "{:?}", d.findings);
}

#[test]
fn the_sample_as_a_spreadsheet_gives_the_same_tables_and_is_an_edition() {
    let run_on = |name: &str, rel: &str| {
        let bytes = std::fs::read(fixture(rel)).expect("plan");
        let input = input_with_plans(&[(name, bytes)]);
        let out = tempfile::tempdir().expect("tempdir");
        let o = run_gyokaku(input.path(), out.path(), "2024-09");
        assert_eq!(o.code, 0, "{}\n{}", o.stdout, o.stderr);
        (input, out)
    };
    let (_i1, text) = run_on("plan.txt", SAMPLE);
    let (_i2, sheet) = run_on("plan.xlsx", SAMPLE_SHEET);
    let (text, sheet) = (text.path().join("2024-09"), sheet.path().join("2024-09"));
    for (table, cols) in [
        (
            "initiatives",
            &["initiative_no", "title", "issues", "content", "goals"][..],
        ),
        (
            "practice_items",
            &[
                "item_id",
                "initiative_no",
                "seq",
                "name",
                "content",
                "department_id",
                "all_departments",
            ][..],
        ),
        (
            "item_departments",
            &["item_id", "department_id", "role"][..],
        ),
        (
            "departments",
            &["department_id", "bureau_name", "section_name", "workbook"][..],
        ),
        (
            "schedule",
            &["item_id", "fiscal_year", "cell_text", "activity", "kind"][..],
        ),
    ] {
        let (a, b) = (
            common::table_rows(&text, table, cols),
            common::table_rows(&sheet, table, cols),
        );
        assert!(!a.is_empty(), "{table}");
        assert_eq!(a, b, "{table}");
    }

    // Two editions, the text first and the spreadsheet as the revision: nothing changed.
    let input = input_with_plans(&[
        (
            "計画_2020-04.txt",
            std::fs::read(fixture(SAMPLE)).expect("text"),
        ),
        (
            "計画_2023-02.xlsx",
            std::fs::read(fixture(SAMPLE_SHEET)).expect("sheet"),
        ),
    ]);
    let out = tempfile::tempdir().expect("tempdir");
    let o = run_gyokaku(input.path(), out.path(), "2024-09");
    assert_eq!(o.code, 0, "{}\n{}", o.stdout, o.stderr);
    assert!(
        o.stdout.contains("plans/計画_2023-02.xlsx（2023-02版）"),
        "{}",
        o.stdout
    );
    let dir = out.path().join("2024-09");
    assert_eq!(
        common::table_rows(&dir, "revisions", &["edition", "items", "in_force"]),
        ["2020-04|17|false", "2023-02|17|true"]
    );
    assert_eq!(read_table(&dir, "plan_changes").height(), 0);
}

#[test]
fn a_hostile_plan_spreadsheet_is_a_finding_and_the_rest_is_written() {
    let good = std::fs::read(fixture(SAMPLE)).expect("sample");
    let xlsx = std::fs::read(fixture(PLAN)).expect("plan sheet");
    let input = input_with_plans(&[
        ("計画.txt", good),
        ("計画_一覧表.xlsx", xlsx[..xlsx.len() / 2].to_vec()),
        ("計画_一覧表.csv", b"\xff\xfe\x00\xd8garbage\x00".to_vec()),
    ]);
    let out = tempfile::tempdir().expect("tempdir");
    let o = run_gyokaku(input.path(), out.path(), "2024-09");
    assert_eq!(o.code, 2, "{}\n{}", o.stdout, o.stderr);
    let dir = out.path().join("2024-09");
    let diags = common::table_rows(&dir, "diagnostics", &["file", "code"]);
    assert!(
        diags.contains(&"plans/計画_一覧表.xlsx|plan.unreadable".to_string()),
        "{diags:?}"
    );
    assert!(
        diags
            .iter()
            .any(|d| d.starts_with("plans/計画_一覧表.csv|")),
        "{diags:?}"
    );
    // The sample plan is read as if the broken files were not there.
    assert!(
        o.stdout.contains("取組 5 件、実践項目 17 件"),
        "{}",
        o.stdout
    );
    assert!(dir.join(gyokaku::SUMMARY_FILE).is_file());
    assert!(dir.join("市民生活部_窓口サービス課_2024-09.xlsx").is_file());
    assert_eq!(read_table(&dir, "departments").height(), 13);
}

/// Five-digit item numbers (10101 = theme 1, initiative 01, item 01), as many city plans
/// number their items, are kept as written: reports name the items by them.
#[test]
fn five_digit_item_numbers_are_kept_as_written() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let path = tmp.path().join("実施計画_R6-04.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let rows: [[&str; 6]; 4] = [
        ["番号", "実践項目", "担当課", "R6", "R7", "R8"],
        [
            "10101",
            "窓口の混雑状況の配信",
            "市民課",
            "検討",
            "実施",
            "→",
        ],
        ["10102", "証明書のコンビニ交付", "市民課", "実施", "→", "→"],
        [
            "10201",
            "公共施設の予約のオンライン化",
            "情報政策課",
            "検討",
            "実施",
            "→",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write(r as u32, c as u16, *v).expect("cell");
        }
    }
    wb.save(&path).expect("save");
    let (parsed, findings) = read_plan_file(&path, "実施計画_R6-04.xlsx", &Settings::default());
    let plan = parsed.unwrap_or_else(|| panic!("a plan: {findings:?}"));
    let ids: Vec<String> = plan
        .initiatives
        .iter()
        .flat_map(|i| &i.items)
        .map(|it| it.id.to_string())
        .collect();
    assert_eq!(ids, ["10101", "10102", "10201"], "{findings:?}");
}
