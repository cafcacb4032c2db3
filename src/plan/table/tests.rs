//! Plan sheets made in memory: how rows become initiatives and items, and how items are
//! numbered (the rules in [`super::build`]).

use super::parse_plan_sheets;
use crate::config::Settings;
use crate::diagnostics::FindingCode;
use crate::plan::{ParsedPlan, ScheduleKind};
use crate::sheet::{CellValue, RawFile, RawSheet};

/// A sheet named `計画` of text cells (an empty string is an empty cell).
pub(super) fn sheet(rows: &[&[&str]]) -> RawSheet {
    RawSheet {
        name: "計画".to_string(),
        rows: rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(|c| {
                        if c.is_empty() {
                            CellValue::Empty
                        } else {
                            CellValue::Text((*c).to_string())
                        }
                    })
                    .collect()
            })
            .collect(),
        truncated_rows: 0,
        stopped_at_row: None,
        cells_past_columns: 0,
        cut_cells: vec![],
    }
}

fn parse(rows: &[&[&str]]) -> (ParsedPlan, Vec<(String, FindingCode)>) {
    let raw = RawFile {
        sheets: vec![sheet(rows)],
    };
    let (plan, findings) = parse_plan_sheets("plans/計画.xlsx", &raw, &Settings::default());
    let findings = findings.into_iter().map(|f| (f.location, f.code)).collect();
    (plan, findings)
}

/// Each initiative as `no title: id name, id name`.
fn outline(plan: &ParsedPlan) -> Vec<String> {
    plan.initiatives
        .iter()
        .map(|i| {
            let items: Vec<String> = i
                .items
                .iter()
                .map(|it| format!("{} {}", it.id, it.name))
                .collect();
            format!("{} {}: {}", i.no, i.title, items.join(", "))
        })
        .collect()
}

#[test]
fn an_initiative_column_numbers_initiatives_by_first_appearance_and_keeps_unique_numbers() {
    let (plan, findings) = parse(&[
        &["No.", "取組", "取組項目", "担当課", "R3", "R4"],
        &["1", "窓口改善", "申請の電子化", "(民)市民課", "○", "→"],
        &["2", "", "窓口の延長", "(民)市民課", "検討", ""],
        &[
            "3",
            "財政健全化",
            "使用料の見直し",
            "(財)財政課",
            "",
            "実施",
        ],
        &["4", "窓口改善", "案内の多言語化", "(民)市民課", "○", "⇒"],
    ]);
    assert!(findings.is_empty(), "{findings:?}");
    assert_eq!(
        outline(&plan),
        [
            "1 窓口改善: 1 申請の電子化, 2 窓口の延長, 4 案内の多言語化",
            "2 財政健全化: 3 使用料の見直し"
        ]
    );
    let seqs: Vec<u32> = plan.initiatives[0].items.iter().map(|i| i.seq).collect();
    assert_eq!(seqs, [1, 2, 3]);
}

#[test]
fn numbers_restarting_in_each_initiative_are_prefixed_by_it() {
    let (plan, findings) = parse(&[
        &["番号", "施策", "実施項目", "所管課", "令和3年度"],
        &["1", "窓口改善", "申請の電子化", "(民)市民課", "○"],
        &["2", "窓口改善", "窓口の延長", "(民)市民課", "○"],
        &["1", "財政健全化", "使用料の見直し", "(財)財政課", "○"],
    ]);
    assert!(findings.is_empty(), "{findings:?}");
    assert_eq!(
        outline(&plan),
        [
            "1 窓口改善: 1-1 申請の電子化, 1-2 窓口の延長",
            "2 財政健全化: 2-1 使用料の見直し"
        ]
    );
}

#[test]
fn without_numbers_or_initiatives_items_follow_plan_order_under_the_sheet() {
    let (plan, findings) = parse(&[
        &["実践項目名", "担当部署", "令和3年度", "令和4年度"],
        &["申請の電子化", "(民)市民課", "検討", "実施"],
        &["窓口の延長", "(民)市民課", "", "○"],
    ]);
    assert!(findings.is_empty(), "{findings:?}");
    assert_eq!(outline(&plan), ["1 計画: 1-1 申請の電子化, 1-2 窓口の延長"]);
    let kinds: Vec<ScheduleKind> = plan.initiatives[0].items[1]
        .schedule
        .iter()
        .map(|c| c.kind)
        .collect();
    assert_eq!(kinds, [ScheduleKind::None, ScheduleKind::New]);
}

#[test]
fn initiative_rows_number_the_items_under_them() {
    let (plan, findings) = parse(&[
        &["行政改革実施計画"],
        &["番号", "実践項目", "担当課", "R3", "R4"],
        &["【3】窓口の改善", "", "", "", ""],
        &["", "申請の電子化", "(民)市民課", "○", "→"],
        &["", "窓口の延長", "(民)市民課", "○", "→"],
        &["No.5", "財政の健全化", "", "", ""],
        &["", "使用料の見直し", "(財)財政課", "○", "→"],
    ]);
    assert!(findings.is_empty(), "{findings:?}");
    assert_eq!(
        outline(&plan),
        [
            "3 窓口の改善: 3-1 申請の電子化, 3-2 窓口の延長",
            "5 財政の健全化: 5-1 使用料の見直し"
        ]
    );
    assert_eq!(plan.initiatives[0].source_line, 3);
    assert_eq!(plan.initiatives[0].items[1].source_line, 5);
}

#[test]
fn a_duplicate_id_is_reported_and_the_later_item_left_out() {
    let (plan, findings) = parse(&[
        &["番号", "実践項目", "担当課", "R3"],
        &["1-(1)-①", "申請の電子化", "(民)市民課", "○"],
        &["1-(1)-②", "窓口の延長", "(民)市民課", "○"],
        &["1-1-2", "案内の多言語化", "(民)市民課", "○"],
    ]);
    assert_eq!(
        findings,
        [
            ("計画 2行目".to_string(), FindingCode::PlanMissingTitle),
            ("計画 4行目".to_string(), FindingCode::PlanDuplicateItem)
        ]
    );
    assert_eq!(
        outline(&plan),
        ["1-1 : 1-1-1 申請の電子化, 1-1-2 窓口の延長"]
    );
}

#[test]
fn effect_amounts_in_the_headers_unit_and_what_is_no_amount() {
    let (plan, findings) = parse(&[
        &["番号", "実践項目", "担当課", "R3", "効果額（百万円）", ""],
        &["", "", "", "", "令和3年度", "令和4年度"],
        &["7-1", "使用料の見直し", "(財)財政課", "○", "1.5", "約2"],
        &["7-2", "合計", "", "", "1.5", ""],
    ]);
    assert_eq!(
        findings,
        [
            ("計画 3行目 F列".to_string(), FindingCode::PlanBadAmount),
            ("計画 3行目".to_string(), FindingCode::PlanMissingTitle),
        ]
    );
    let item = &plan.initiatives[0].items[0];
    assert_eq!(
        item.effect_targets.iter().collect::<Vec<_>>(),
        [(&2021, &1_500_000)]
    );
    assert_eq!(plan.initiatives[0].items.len(), 1, "a total row is no item");
}

#[test]
fn without_section_and_year_columns_every_row_is_an_item() {
    let (plan, findings) = parse(&[
        &["No.", "実践項目名", "内容"],
        &["1", "申請の電子化", "電子申請を広げる"],
        &["2", "窓口の延長", ""],
    ]);
    assert_eq!(outline(&plan), ["1 計画: 1 申請の電子化, 2 窓口の延長"]);
    let codes: Vec<FindingCode> = findings.iter().map(|(_, c)| *c).collect();
    assert_eq!(
        codes,
        [
            FindingCode::PlanMissingSchedule,
            FindingCode::PlanMissingDepartment,
            FindingCode::PlanMissingDepartment
        ]
    );
}

#[test]
fn a_sheet_without_a_header_is_noted_and_no_item_is_an_error() {
    let (plan, findings) = parse(&[&["凡例"], &["○ 実施", "→ 継続"]]);
    assert!(plan.initiatives.is_empty());
    assert_eq!(
        findings,
        [
            ("計画".to_string(), FindingCode::PlanSheetSkipped),
            (String::new(), FindingCode::PlanNoInitiatives),
        ]
    );
}

#[test]
fn notes_under_the_table_are_no_initiatives() {
    for note in [
        "注）効果額は見込みです。",
        "注1：年度は会計年度",
        "(注)空欄は未定",
    ] {
        let (plan, _) = parse(&[
            &["No.", "実践項目名", "担当部署", "令和3年度"],
            &["1", "申請の電子化", "(総)総務課", "○"],
            &[note],
        ]);
        assert_eq!(outline(&plan), ["1 計画: 1 申請の電子化"], "{note}");
    }
}

#[test]
fn heading_levels_the_item_numbers_leave_out_are_a_part_of_the_document() {
    // 「Ⅱ」 over 「基本目標」 over 「（n）」 (2-1-1 by the headings); the items write 1-1-1.
    let (plan, findings) = parse(&[
        &["番号", "実践項目", "担当課", "R7", "R8"],
        &["【2】実施項目", "", "", "", ""],
        &["2-1 市民とともに", "", "", "", ""],
        &["2-1-1 窓口の改革", "", "", "", ""],
        &["1-1-1", "窓口の一元化", "市民課", "検討", "→"],
        &["1-1-2", "電子申請", "情報課", "実施", "→"],
        &["2-2 財政", "", "", "", ""],
        &["2-2-1 歳入の確保", "", "", "", ""],
        &["2-1-1", "未利用地の売却", "財政課", "売却", "→"],
    ]);
    assert!(findings.is_empty(), "{findings:?}");
    assert_eq!(
        outline(&plan),
        [
            "1-1 窓口の改革: 1-1-1 窓口の一元化, 1-1-2 電子申請",
            "2-1 歳入の確保: 2-1-1 未利用地の売却"
        ]
    );
    let themes: Vec<String> = plan
        .themes
        .iter()
        .map(|t| format!("{} {}", t.no, t.name))
        .collect();
    assert_eq!(themes, ["1 市民とともに", "2 財政"]);
    // Items whose numbers are the headings' own stay under them as written.
    let (plan, _) = parse(&[
        &["番号", "実践項目", "担当課", "R7", "R8"],
        &["1-1 窓口の改革", "", "", "", ""],
        &["1-1-1", "窓口の一元化", "市民課", "検討", "→"],
    ]);
    assert_eq!(outline(&plan), ["1-1 窓口の改革: 1-1-1 窓口の一元化"]);
}

#[test]
fn a_bureau_column_beside_the_sections_is_their_bureau() {
    let owners = |rows: &[&[&str]]| -> Vec<String> {
        let (plan, _) = parse(rows);
        plan.initiatives[0].items[0]
            .departments
            .iter()
            .map(|d| d.section.clone())
            .collect()
    };
    assert_eq!(
        owners(&[
            &["番号", "実践項目", "担当部局", "担当課", "R7"],
            &["1-1", "売却", "企画部", "企画政策課\n財政課", "実施"],
        ]),
        // As written; the resolver splits them at the bureau (tests/it/documents.rs).
        ["企画部 企画政策課", "企画部 財政課"]
    );
    // A 担当部局 column alone names the owners.
    assert_eq!(
        owners(&[
            &["番号", "実践項目", "担当部局", "R7"],
            &["1-1", "売却", "企画部 財政課", "実施"],
        ]),
        ["企画部 財政課"]
    );
}
