//! The parser on small texts: how lines are dispatched to the parts of an initiative and
//! how an item's rows are read.

use super::*;
use crate::plan::ScheduleKind;

fn parse(text: &str) -> (ParsedPlan, Vec<Finding>) {
    parse_plan_text("plan.txt", text, &Settings::default())
}

fn codes(findings: &[Finding]) -> Vec<(String, FindingCode)> {
    findings
        .iter()
        .map(|f| (f.location.clone(), f.code))
        .collect()
}

const ITEM: &str = "実践項目名\t窓口の混雑状況に関する市民周知\n\
    担当部署\t(民)窓口サービス課\n\
    取組内容\t周知方法を検討・実施する。\n\
    工程表\tR 2年度\tR 3年度\n\
    \t周知方法の検討\t→\n";

#[test]
fn sections_of_an_initiative() {
    let text = format!(
        "表紙の文章\n\nNo. 7\n窓口の利便性向上\nI. テーマ\n1. 健全な財政運営\t2. 市民サービスの\n向上\n\
         II. 現状と課題\n窓口が\n混雑している。\n\n次の段落\nIII. 取組内容\n総合窓口を見直す。\n\
         IV. 目標・効果\n待ち時間を減らす。\nSDGs : 11\nどこにも属さない行\nV. 実践項目\n{ITEM}"
    );
    let (plan, findings) = parse(&text);
    assert_eq!(
        codes(&findings),
        vec![("18行目".to_string(), FindingCode::PlanUnrecognizedLine)]
    );
    let names: Vec<_> = plan
        .themes
        .iter()
        .map(|t| (t.no, t.name.as_str()))
        .collect();
    assert_eq!(
        names,
        vec![(1, "健全な財政運営"), (2, "市民サービスの 向上")]
    );
    let ini = &plan.initiatives[0];
    assert_eq!(
        (ini.no.single(), ini.title.as_str(), ini.source_line),
        (Some(7), "窓口の利便性向上", 3)
    );
    assert_eq!(ini.issues, "窓口が混雑している。\n次の段落");
    assert_eq!(ini.content, "総合窓口を見直す。");
    assert_eq!(ini.goals, "待ち時間を減らす。");
    assert_eq!(ini.items.len(), 1);
}

#[test]
fn a_missing_title_and_an_initiative_without_items() {
    let headings = "No. 8\nII. 現状と課題\n課題がある。\nNo. 9 支払方法\n";
    let item = "No. 10 窓口\nV. 実践項目\n実践項目名\t予約の導入\n担当部署\t(民)窓口サービス課\n";
    let (plan, findings) = parse(&format!("{headings}{item}"));
    assert_eq!(
        codes(&findings)[..3],
        [
            ("2行目".to_string(), FindingCode::PlanMissingTitle),
            ("1行目".to_string(), FindingCode::PlanNoItems),
            ("4行目".to_string(), FindingCode::PlanNoItems),
        ]
    );
    assert_eq!(plan.initiatives[0].title, "");
    assert_eq!(plan.initiatives[1].title, "支払方法");
    // Headings and not one item under any of them: no plan to work from.
    let (plan, findings) = parse(headings);
    assert!(plan.initiatives.is_empty());
    assert_eq!(
        codes(&findings).last(),
        Some(&(String::new(), FindingCode::PlanNoInitiatives))
    );
    let (plan, findings) = parse("計画の表紙だけ\n");
    assert!(plan.initiatives.is_empty());
    assert_eq!(
        codes(&findings),
        vec![(String::new(), FindingCode::PlanNoInitiatives)]
    );
}

#[test]
fn item_rows_wrapped_lines_and_the_schedule() {
    let text = "No. 7 窓口\nV. 実践項目\n\
        実践項目名\t住民異動等における\n\tタブレット端末の活用\n\
        担当部署\t(民)窓口サービス課\t(福)総合福祉課\n\
        取組内容\t活用について\n検討を進める。\n\
        工程表\tR 2年度\tR 3年度\tR 4年度\n\
        \t調査\t\t導入\n";
    let (plan, findings) = parse(text);
    assert!(findings.is_empty(), "{findings:#?}");
    let it = &plan.initiatives[0].items[0];
    assert_eq!(it.id, "7-1");
    assert_eq!(it.name, "住民異動等におけるタブレット端末の活用");
    assert_eq!(it.content, "活用について検討を進める。");
    let ids: Vec<_> = it.departments.iter().map(|d| d.id()).collect();
    assert_eq!(ids, vec!["(民)窓口サービス課", "(福)総合福祉課"]);
    let kinds: Vec<_> = it.schedule.iter().map(|c| c.kind).collect();
    use ScheduleKind::*;
    assert_eq!(kinds, vec![New, Continued, New]);
    assert_eq!(it.source_line, 3);
}

#[test]
fn rows_that_belong_nowhere_are_reported() {
    let text = format!(
        "No. 7 窓口\nV. 実践項目\n担当部署\t(民)窓口サービス課\n{ITEM}備考\t任意\n工程表\t年度未定\n"
    );
    let (plan, findings) = parse(&text);
    assert_eq!(
        codes(&findings),
        vec![
            ("3行目".to_string(), FindingCode::PlanRowOutsideItem),
            ("9行目".to_string(), FindingCode::PlanUnrecognizedLine),
            ("10行目".to_string(), FindingCode::PlanScheduleHeader),
        ]
    );
    assert_eq!(findings[2].value, "年度未定");
    // The second schedule header replaced the first: the item has no readable years.
    assert!(plan.initiatives[0].items[0].schedule.is_empty());
}

#[test]
fn a_trailer_in_the_item_table_ends_the_item_but_not_the_table() {
    let text = format!("No. 7 窓口\nV. 実践項目\n{ITEM}SDGs : 11\n{ITEM}");
    let (plan, findings) = parse(&text);
    assert!(findings.is_empty(), "{findings:#?}");
    let ids: Vec<_> = plan.initiatives[0]
        .items
        .iter()
        .map(|i| i.id.to_string())
        .collect();
    assert_eq!(ids, vec!["7-1", "7-2"]);
}

#[test]
fn an_initiative_number_too_large_is_reported_and_its_items_are_not_taken() {
    for huge in ["4294967296", "100000000000000000000"] {
        let text =
            format!("No. 7 窓口\nV. 実践項目\n{ITEM}No. {huge} 壊れた番号\nV. 実践項目\n{ITEM}");
        let (plan, findings) = parse(&text);
        assert_eq!(
            codes(&findings),
            vec![("8行目".to_string(), FindingCode::PlanBadInitiativeNo)],
            "{huge}"
        );
        assert!(
            findings[0].message.contains("実践項目 1 件"),
            "{}",
            findings[0].message
        );
        assert_eq!(findings[0].value, format!("No.{huge}"));
        let nos: Vec<Option<u32>> = plan.initiatives.iter().map(|i| i.no.single()).collect();
        assert_eq!(nos, vec![Some(7)]);
        assert_eq!(
            plan.initiatives[0].items.len(),
            1,
            "{huge}: items stay with their own initiative"
        );
    }
}

#[test]
fn layout_settings_for_iroha_plan_order_and_outline_forms() {
    let text = "【1】 事務の見直し\n(1) 窓口\n取組項目\t(ハ) 受付の見直し\n所管課\t総務部 総務課\n工程表\tR6年度\tR7年度\n\t検討\t実施\n";
    let ids = |toml: &str| {
        let settings = Settings::from_toml(toml).unwrap();
        let (plan, _) = parse_plan_text("plan.txt", text, &settings);
        plan.initiatives
            .iter()
            .flat_map(|i| i.items.iter().map(move |it| format!("{}:{}", i.no, it.id)))
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(""), ["1-1:1-1-26"]);
    assert_eq!(
        ids("[plan.layout]\nkana_order = \"いろは\"\n"),
        ["1-1:1-1-3"]
    );
    assert_eq!(
        ids("[plan.layout]\nitem_numbers = \"順番\"\n"),
        ["1-1:1-1-1"]
    );
    // (1) is not an outline level: the item sits under 【1】.
    assert_eq!(
        ids("[plan.layout]\noutline = [\"No.\", \"【】\"]\n"),
        ["1:1-26"]
    );
    assert!(Settings::from_toml("[plan.layout]\nkana_order = \"abc\"\n").is_err());
    assert!(Settings::from_toml("[plan.layout]\noutline = [\"<>\"]\n").is_err());
}

#[test]
fn schedule_headers_spanning_several_years() {
    let text = "No. 1 事務の見直し\n実践項目名\t受付の見直し\n担当部署\t(総)総務課\n工程表\tR3～R4\tR5\tR6～R7\n\t検討\t実施\t拡充\n";
    let (plan, findings) = parse(text);
    assert!(findings.is_empty(), "{findings:?}");
    let item = &plan.initiatives[0].items[0];
    let cells: Vec<(i32, ScheduleKind, &str)> = item
        .schedule
        .iter()
        .map(|c| (c.fiscal_year, c.kind, c.activity.as_str()))
        .collect();
    use ScheduleKind::*;
    assert_eq!(
        cells,
        [
            (2021, New, "検討"),
            (2022, Continued, "検討"),
            (2023, New, "実施"),
            (2024, New, "拡充"),
            (2025, Continued, "拡充"),
        ]
    );
}

#[test]
fn a_numbered_line_over_labelled_fields_names_an_item() {
    let settings = Settings::default();
    let text = "【重点項目1】窓口\n\nア　書かない窓口の導入\n【内容】聞き取りで作成する。\n【担当課】市民課\n\nイ　混雑状況の発信\n担当課：情報政策課\n\n（ウ）本計画は毎年度見直す。\n";
    let (plan, _) = parse_plan_text("p.txt", text, &settings);
    let items: Vec<(String, String)> = plan.initiatives[0]
        .items
        .iter()
        .map(|i| (i.id.to_string(), i.name.clone()))
        .collect();
    assert_eq!(
        items,
        vec![
            ("1-1".to_string(), "書かない窓口の導入".to_string()),
            ("1-2".to_string(), "混雑状況の発信".to_string()),
        ]
    );
}

#[test]
fn headings_without_items_are_told_as_such() {
    let settings = Settings::default();
    let text =
        "【重点項目1】窓口の改善\n\n窓口を改善する。\n\n【重点項目2】財政\n\n財政を健全にする。\n";
    let (plan, findings) = parse_plan_text("p.txt", text, &settings);
    assert!(plan.initiatives.is_empty());
    let f = findings
        .iter()
        .find(|f| f.code == FindingCode::PlanNoInitiatives)
        .expect("finding");
    assert!(
        f.message.contains("「窓口の改善」など 2 件"),
        "{}",
        f.message
    );
}

#[test]
fn an_item_sheets_number_and_owner_above_its_name_are_its_own() {
    let settings = Settings::default();
    let text = "基本目標1　効率的な行政運営\n\n取組番号\t1-1\n担当課\t総務課\n取組項目\tペーパーレス会議\n取組内容\t紙をなくす。\n\n基本目標1　効率的な行政運営\n\n取組番号\t1-2\n担当課\t契約課\n取組項目\t電子契約\n取組内容\t契約を電子化する。\n";
    let (plan, findings) = parse_plan_text("p.txt", text, &settings);
    let items: Vec<(String, String, String)> = plan.initiatives[0]
        .items
        .iter()
        .map(|i| {
            let d = i
                .departments
                .first()
                .map(|d| d.section.clone())
                .unwrap_or_default();
            (i.id.to_string(), i.name.clone(), d)
        })
        .collect();
    assert_eq!(
        items,
        vec![
            ("1-1".into(), "ペーパーレス会議".into(), "総務課".into()),
            ("1-2".into(), "電子契約".into(), "契約課".into()),
        ]
    );
    assert!(
        findings
            .iter()
            .all(|f| f.code != FindingCode::PlanRowOutsideItem),
        "{findings:?}"
    );
}

#[test]
fn a_second_owner_row_of_an_item_is_reported_not_lost() {
    let settings = Settings::default();
    let text = "No. 1 窓口\n\n実践項目名\t書かない窓口\n担当部署\t市民課\n工程表\tR7年度\n\t実施\n担当部署\t情報政策課\n";
    let (_, findings) = parse_plan_text("p.txt", text, &settings);
    assert!(
        findings
            .iter()
            .any(|f| f.code == FindingCode::PlanRowOutsideItem && f.value.contains("情報政策課")),
        "{findings:?}"
    );
}

#[test]
fn a_schedule_row_written_in_one_cell_under_years_in_one_cell_is_split_or_flagged() {
    // Text extracted in the PDF's stream order (`pdftotext -raw`): no tabs anywhere.
    let item = |values: &str| {
        format!(
            "No. 1 窓口の見直し\nV. 実践項目\n実践項目名 窓口の混雑状況に関する市民周知\n\
             担当部署 (民)窓口サービス課\n年度計画 平成30年度 令和元年度 令和2年度\n{values}\n"
        )
    };
    let (plan, findings) = parse(&item("検討 実施 →"));
    assert!(findings.is_empty(), "{findings:?}");
    let cells: Vec<(i32, &str, ScheduleKind)> = plan.initiatives[0].items[0]
        .schedule
        .iter()
        .map(|c| (c.fiscal_year, c.cell_text.as_str(), c.kind))
        .collect();
    assert_eq!(
        cells,
        vec![
            (2018, "検討", ScheduleKind::New),
            (2019, "実施", ScheduleKind::New),
            (2020, "→", ScheduleKind::Arrow),
        ]
    );
    // Two values for three years: which year is empty, the text does not say.
    let (plan, findings) = parse(&item("検討　実施"));
    assert_eq!(
        codes(&findings),
        vec![("6行目".to_string(), FindingCode::PlanScheduleUnplaced)]
    );
    let texts: Vec<&str> = plan.initiatives[0].items[0]
        .schedule
        .iter()
        .map(|c| c.cell_text.as_str())
        .collect();
    assert_eq!(texts, vec!["検討", "実施", ""]);
}

/// Chapters (`第2章`) divide the document: the initiatives under them keep the numbers the
/// plan gives them, unless those restart in another chapter.
#[test]
fn chapters_number_initiatives_only_where_their_numbering_restarts() {
    let item = |name: &str| format!("(1) {name}\n【担当課】市民課\n【取組内容】進める。\n");
    let ids = |text: &str| -> Vec<String> {
        let (plan, _) = parse(text);
        plan.initiatives
            .iter()
            .flat_map(|i| i.items.iter().map(|it| it.id.to_string()))
            .collect()
    };
    let one = format!(
        "第1章 計画の考え方\n1 計画の趣旨\n本計画は…\n第2章 重点取組\n重点取組1 デジタル化\n{}重点取組2 財政\n{}",
        item("窓口"),
        item("収納")
    );
    assert_eq!(ids(&one), ["1-1", "2-1"]);
    let restarting = format!(
        "第1章 市民サービス\n施策1 窓口\n{}第2章 財政\n施策1 歳入\n{}",
        item("窓口"),
        item("収納")
    );
    assert_eq!(ids(&restarting), ["1-1-1", "2-1-1"]);
    // Items right under a chapter: the chapter is their initiative.
    let direct = format!(
        "第1章 市民サービス\n{}第2章 財政\n{}",
        item("窓口"),
        item("収納")
    );
    assert_eq!(ids(&direct), ["1-1", "2-1"]);
}

/// A numbered line whose form numbers no other line, on a number other than 1 (the
/// cover's 「第5次◇◇市…」 as pypdf sets it: 「第 5 ◇◇ 次 市…」), is no level of the
/// outline: the initiatives are numbered by the levels that run from 1.
#[test]
fn a_form_that_numbers_one_line_but_not_from_one_is_no_level() {
    let text = "第 5 ◇◇ 次 市行政改革大綱 推進計画\n\
        【重点項目1】 窓口の改善\n\
        実践項目名\t書かない窓口\n担当課\t市民課\n\
        【重点項目2】 財政の健全化\n\
        実践項目名\t使用料の見直し\n担当課\t財政課\n";
    let (plan, _) = parse(text);
    let numbers: Vec<String> = plan.initiatives.iter().map(|i| i.no.to_string()).collect();
    assert_eq!(numbers, ["1", "2"]);
    // The same line numbered 1 stays a level: 第1 over 【重点項目1】.
    let (plan, _) = parse(&text.replace("第 5 ◇◇ 次", "第 1 ◇◇ 次"));
    let numbers: Vec<String> = plan.initiatives.iter().map(|i| i.no.to_string()).collect();
    assert_eq!(numbers, ["1-1", "1-2"]);
}
