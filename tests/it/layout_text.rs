//! A plan text in another city's layout: outline numbering (【視点1】 > （1） > ①), other
//! labels (取組項目, 所管課, 主管課, スケジュール), sections without bureau marks or in
//! brackets after the title, schedules in symbols and stage codes, years in every era.

use crate::common;
use std::path::Path;

use gyokaku::Settings;
use gyokaku::plan::{Plan, ScheduleKind, read_plan_file};

const FIXTURE: &str = "fixtures/layouts/text_other/plan_text_other.txt";

fn parse_fixture() -> (Plan, Vec<gyokaku::Finding>) {
    let settings = Settings::default();
    let (parsed, mut findings) =
        read_plan_file(Path::new(FIXTURE), "plan_text_other.txt", &settings);
    let plan = Plan::assemble(
        parsed.into_iter().collect(),
        &gyokaku::sections::Sections::configured(&settings),
        &mut findings,
    );
    (plan, findings)
}

#[test]
fn outline_numbers_become_initiatives_and_item_ids() {
    let (plan, _) = parse_fixture();
    let initiatives: Vec<(String, &str)> = plan
        .initiatives
        .iter()
        .map(|i| (i.no.to_string(), i.title.as_str()))
        .collect();
    assert_eq!(
        initiatives,
        [
            ("1-1".to_string(), "窓口サービスの充実"),
            ("1-2".to_string(), "電子申請の推進"),
            ("2-1".to_string(), "公共施設の適正配置"),
        ]
    );
    let items: Vec<(String, &str)> = plan
        .items()
        .map(|(_, i)| (i.id.to_string(), i.name.as_str()))
        .collect();
    assert_eq!(
        items,
        [
            ("1-1-1".to_string(), "証明書のコンビニ交付の拡充"),
            ("1-1-2".to_string(), "窓口の混雑状況の発信"),
            ("1-2-1".to_string(), "電子申請システムの導入"),
            ("2-1-1".to_string(), "公共施設個別施設計画の推進"),
            ("2-1-2".to_string(), "使用料の見直し"),
        ]
    );
    let content = &plan.items().next().unwrap().1.content;
    assert_eq!(
        content,
        "マイナンバーカードを利用した証明書のコンビニ交付の対象を広げ、窓口の混雑を緩和する。"
    );
}

#[test]
fn sections_from_other_labels_and_from_the_title() {
    let (plan, _) = parse_fixture();
    let owners: Vec<(String, Vec<String>)> = plan
        .items()
        .map(|(_, i)| {
            (
                i.id.to_string(),
                i.departments.iter().map(|d| d.section.clone()).collect(),
            )
        })
        .collect();
    let sections = |id: &str| {
        owners
            .iter()
            .find(|(i, _)| i == id)
            .map(|(_, d)| d.join("|"))
            .unwrap()
    };
    assert!(sections("1-1-1").ends_with("市民課"), "{owners:?}");
    assert!(sections("1-1-2").contains("情報政策課"), "{owners:?}");
    assert_eq!(sections("1-2-1"), "情報政策課");
    assert!(sections("2-1-1").ends_with("資産活用課"), "{owners:?}");
    assert!(sections("2-1-2").ends_with("財政課"), "{owners:?}");
}

#[test]
fn schedules_in_symbols_stage_codes_and_every_era() {
    let (plan, findings) = parse_fixture();
    let schedule = |id: &str| {
        let (_, item) = plan.items().find(|(_, i)| i.id.to_string() == id).unwrap();
        item.schedule
            .iter()
            .map(|c| (c.fiscal_year, c.kind, c.activity.clone()))
            .collect::<Vec<_>>()
    };
    use ScheduleKind::*;
    let s = schedule("1-1-1");
    assert_eq!(
        s.iter().map(|c| c.0).collect::<Vec<_>>(),
        [2021, 2022, 2023, 2024, 2025]
    );
    assert_eq!(
        s.iter().map(|c| c.1).collect::<Vec<_>>(),
        [New, New, Arrow, Arrow, Arrow]
    );
    assert_eq!(s[1].2, "実施");
    let s = schedule("1-1-2");
    assert_eq!(
        s.iter().map(|c| c.1).collect::<Vec<_>>(),
        [New, Arrow, Arrow, New, None]
    );
    assert_eq!(s[3].2, "完了");
    // 平成32年度 is 令和2年度; stage codes are activities.
    let s = schedule("1-2-1");
    assert_eq!(s[0].0, 2020);
    assert_eq!(s[1].2, "1検討");
    let s = schedule("2-1-2");
    assert_eq!(
        s.iter().map(|c| c.1).collect::<Vec<_>>(),
        [None, New, New, Arrow, Continued]
    );
    // No line of the plan is left unread.
    let unread: Vec<_> = findings
        .iter()
        .filter(|f| f.code == gyokaku::FindingCode::PlanUnrecognizedLine)
        .collect();
    assert!(unread.is_empty(), "{unread:?}");
}

/// The plan and a Shift_JIS report in the same city's words (管理番号 written as in the plan,
/// 担当部課名 as 「部 課」 or the section alone) through the whole pipeline.
#[test]
fn reports_in_that_layout_land_on_their_items_and_sections() {
    let plan = std::fs::read(FIXTURE).unwrap();
    let input = common::input_with_plans(&[("plan_text_other.txt", plan)]);
    let progress = input.path().join("progress");
    std::fs::create_dir_all(&progress).unwrap();
    let report = "報告_R6-09.csv";
    std::fs::copy(
        common::fixture(&format!("layouts/text_other/progress/{report}")),
        progress.join(report),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let r = common::run_gyokaku(input.path(), out.path(), "2024-09");
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let dir = out.path().join("2024-09");

    let mut books: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".xlsx"))
        .collect();
    books.sort();
    // 「情報政策課」 in a title and 「総務部・情報政策課」 in a cell are one section.
    assert_eq!(
        books,
        [
            "全体集計.xlsx",
            "市民生活部_市民課_2024-09.xlsx",
            "総務部_情報政策課_2024-09.xlsx",
            "財政部_財政課_2024-09.xlsx",
            "財政部_資産活用課_2024-09.xlsx",
        ]
    );

    let progress = common::read_table(&dir, "progress");
    let ids = common::str_col(&progress, "item_id");
    let statuses = common::str_col(&progress, "status");
    assert_eq!(ids, ["1-1-1", "1-2-1", "2-1-2"]);
    assert_eq!(statuses, ["実施中", "完了", "検討中"]);

    let rows = common::read_sheet(&dir.join("総務部_情報政策課_2024-09.xlsx"), "進捗");
    let row = rows
        .iter()
        .find(|r| r.first().is_some_and(|c| c == "1-2-1"))
        .unwrap_or_else(|| panic!("{rows:?}"));
    assert_eq!(row[3], "完了");
    let rows = common::read_sheet(&dir.join("市民生活部_市民課_2024-09.xlsx"), "進捗");
    let row = rows
        .iter()
        .find(|r| r.first().is_some_and(|c| c == "1-1-1"))
        .unwrap_or_else(|| panic!("{rows:?}"));
    assert_eq!((row[3].as_str(), row[4].as_str()), ("実施中", "50"));
}

/// The worked example (docs/計画と尺度の設定.md) of a layout the defaults cannot read, with
/// its `gyokaku.toml`, read exactly as the document gives them.
#[test]
fn the_documented_layout_example_reads_as_it_says() {
    let readme = std::fs::read_to_string("docs/計画と尺度の設定.md").unwrap();
    let start = readme.find("【改革項目１】").unwrap();
    let plan_text = &readme[start..start + readme[start..].find("```").unwrap()];
    let toml_start = readme.find("# input/gyokaku.toml\n[plan]").unwrap();
    let toml = &readme[toml_start..toml_start + readme[toml_start..].find("```").unwrap()];
    let settings = Settings::from_toml(toml).unwrap();
    let (parsed, mut findings) = gyokaku::plan::parse_plan_text("plan.txt", plan_text, &settings);
    let plan = Plan::assemble(
        vec![parsed],
        &gyokaku::sections::Sections::configured(&settings),
        &mut findings,
    );
    assert!(findings.is_empty(), "{findings:?}");
    let ini = &plan.initiatives[0];
    assert_eq!(
        (ini.no.to_string(), ini.title.as_str()),
        ("1".to_string(), "事務の効率化")
    );
    let items: Vec<(String, &str, String)> = ini
        .items
        .iter()
        .map(|i| {
            (
                i.id.to_string(),
                i.name.as_str(),
                i.departments[0].id().to_string(),
            )
        })
        .collect();
    assert_eq!(
        items,
        [
            (
                "1-1".to_string(),
                "文書管理の見直し",
                "(総)総務課".to_string()
            ),
            (
                "1-2".to_string(),
                "電子決裁の導入",
                "(総)情報政策課".to_string()
            ),
        ]
    );
    let schedule: Vec<(ScheduleKind, &str)> = ini.items[0]
        .schedule
        .iter()
        .map(|c| (c.kind, c.activity.as_str()))
        .collect();
    assert_eq!(
        schedule,
        [
            (ScheduleKind::New, "準備"),
            (ScheduleKind::New, "一部実施"),
            (ScheduleKind::Arrow, "一部実施")
        ]
    );
}
