//! Progress in the workbooks, run as a clerk runs it, and the round trip: a section fills
//! in the 進捗入力 sheet of its workbook and sends it back.

use crate::common;
use crate::common::*;

fn find_row<'a>(rows: &'a [Vec<String>], id: &str) -> &'a Vec<String> {
    rows.iter()
        .find(|r| r.first().is_some_and(|c| c == id))
        .unwrap_or_else(|| panic!("row {id} in {rows:#?}"))
}

#[test]
fn workbooks_show_progress_status_counts_and_who_has_not_reported() {
    let input = input_with_progress();
    let out = tempfile::tempdir().unwrap();
    // No --period: the latest month in the reports (2024-09).
    let r = common::run_gyokaku_default_period(input.path(), out.path());
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("2024-09（令和6年9月、進捗報告の最新月）"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("progress/都市建設部_2024-09.csv: 読込 3 行 = 取込 2"),
        "{}",
        r.stdout
    );
    let dir = out.path().join("2024-09");
    assert_eq!(read_table(&dir, "progress").height(), 10);

    let book = dir.join("市民生活部_窓口サービス課_2024-09.xlsx");
    let sheet = read_sheet(&book, "進捗");
    assert_eq!(
        sheet[1][..6],
        [
            "項目ID",
            "実践項目名",
            "今年度の工程\n（R6年度）",
            "進捗状況",
            "進捗率(%)",
            "前月からの変化"
        ]
    );
    let r71 = find_row(&sheet, "7-1");
    assert_eq!(
        (
            r71[3].as_str(),
            r71[4].as_str(),
            r71[5].as_str(),
            r71[7].as_str()
        ),
        ("検討中", "80", "", "先進自治体3市の事例を調査した")
    );
    let r72 = find_row(&sheet, "7-2");
    assert_eq!((r72[3].as_str(), r72[4].as_str()), ("実施中", "50"));
    assert!(
        sheet_xml(&book, "進捗").contains("<dataBar"),
        "percent as a data bar"
    );
    assert!(
        zip_entry(&book, "xl/charts/chart1.xml").contains("<c:pieChart>"),
        "status chart on the cover"
    );
    let cover = read_sheet(&book, "表紙");
    let counts: Vec<(String, String)> = cover
        .iter()
        .filter(|r| r.len() > 1 && ["検討中", "実施中", "完了", "未報告"].contains(&r[0].as_str()))
        .map(|r| (r[0].clone(), r[1].clone()))
        .collect();
    assert_eq!(
        counts,
        vec![
            ("検討中".into(), "1".into()),
            ("実施中".into(), "1".into()),
            ("完了".into(), "1".into()),
            ("未報告".into(), "0".into())
        ]
    );

    // A section that sent nothing: its item is marked 未報告.
    let welfare = read_sheet(&dir.join("福祉部_総合福祉課_2024-09.xlsx"), "進捗");
    assert_eq!(find_row(&welfare, "7-3")[3], "未報告");
    let history = read_sheet(&dir.join("福祉部_総合福祉課_2024-09.xlsx"), "進捗履歴");
    assert_eq!(
        history[1][2..14].join(","),
        "4月,5月,6月,7月,8月,9月,10月,11月,12月,1月,2月,3月"
    );
    assert_eq!(
        find_row(&history, "7-3")[2..8].join(","),
        "－,－,－,－,－,未報告"
    );

    let summary = dir.join("全体集計.xlsx");
    let by_section = read_sheet(&summary, "部署別進捗");
    let header = &by_section[1];
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let kanzai = find_row_by(&by_section, 1, "(財)管財課");
    assert_eq!(
        (
            kanzai[col("実施中")].as_str(),
            kanzai[col("遅延")].as_str(),
            kanzai[col("未報告")].as_str()
        ),
        ("1", "1", "0")
    );
    let total = find_row_by(&by_section, 1, "合計（延べ）");
    assert_eq!(total[col("未報告")], "7");
    assert_eq!(total[col("計")], "17");

    let unreported = read_sheet(&summary, "未報告部署");
    let names: Vec<&str> = unreported[2..]
        .iter()
        .filter(|r| r.len() > 1 && r[1].starts_with('('))
        .map(|r| r[1].as_str())
        .collect();
    assert_eq!(
        names,
        vec![
            "(福)総合福祉課",
            "(財)納税課",
            "(水)営業課",
            "(民)危機管理室",
            "(民)市民生活課",
            "(健)こども育成課",
            "(教)総務企画課"
        ]
    );
}

fn find_row_by<'a>(rows: &'a [Vec<String>], col: usize, value: &str) -> &'a Vec<String> {
    rows.iter()
        .find(|r| r.get(col).is_some_and(|c| c == value))
        .unwrap_or_else(|| panic!("{value} in {rows:#?}"))
}

#[test]
fn a_filled_in_input_sheet_comes_back_as_next_months_progress() {
    let input = input_with_progress();
    let out = tempfile::tempdir().unwrap();
    assert_eq!(run_gyokaku(input.path(), out.path(), "2024-09").code, 0);
    let sent = out
        .path()
        .join("2024-09/市民生活部_窓口サービス課_2024-09.xlsx");

    // The sheet the section fills: ID, name, section and month already there, and
    // September's report beside the input cells.
    let form = read_sheet(&sent, "進捗入力");
    assert_eq!(
        form[4][..9],
        [
            "項目ID",
            "実践項目名",
            "担当部署",
            "報告月",
            "前月の状況\n（9月）",
            "前月の進捗率\n（9月）",
            "進捗状況",
            "進捗率（%）",
            "評価"
        ]
    );
    assert_eq!(
        form[5][..6],
        [
            "7-1",
            "住民異動等におけるタブレット端末の活用",
            "(民)窓口サービス課",
            "令和6年10月",
            "検討中",
            "80"
        ]
    );
    let part = sheet_part(&sent, "進捗入力");
    let xml = zip_entry(&sent, &part);
    assert!(
        xml.contains(r#"type="list""#) && xml.contains("未着手,検討中,実施中,完了,遅延,中止"),
        "status dropdown"
    );
    assert!(
        xml.contains(r#"type="whole""#) && xml.contains("<formula2>100</formula2>"),
        "percent 0-100"
    );

    // The section fills in 7-1 and 8-2 and leaves 7-2 empty; the read-only columns of
    // September (検討中 80 for 7-1, 実施中 50 for 7-2) stay as they were.
    let returned = input
        .path()
        .join("progress/返送/市民生活部_窓口サービス課.xlsx");
    std::fs::create_dir_all(returned.parent().unwrap()).unwrap();
    fill_in(
        &sent,
        &returned,
        &part,
        &[
            ("B3", "窓口サービス課 行革花子"),
            ("D3", "内線1234"),
            ("H3", "45606"),
            ("G6", "実施中"),
            ("H6", "90"),
            ("I6", "A"),
            ("J6", "タブレット端末を2台導入"),
            ("K6", "操作研修"),
            ("G8", "完了"),
            ("H8", "100"),
        ],
    );

    // Next month's run, period from the sheet's 報告月.
    let r = common::run_gyokaku_default_period(input.path(), out.path());
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .contains("2024-10（令和6年10月、進捗報告の最新月）"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("progress/返送/市民生活部_窓口サービス課.xlsx: 読込 8 行 = 取込 2（うち後の報告で置換 0）+ 不採用 0 + 空行・見出し・注記 6"),
        "{}",
        r.stdout
    );
    let dir = out.path().join("2024-10");
    let t = read_table(&dir, "progress");
    let key: Vec<String> = str_col(&t, "item_id")
        .into_iter()
        .zip(str_col(&t, "period"))
        .zip(str_col(&t, "status"))
        .zip(str_col(&t, "percent"))
        .zip(str_col(&t, "grade"))
        .zip(str_col(&t, "results"))
        .filter(|(((((_, p), _), _), _), _)| p == "2024-10")
        .map(|(((((i, p), s), pc), g), res)| format!("{i}|{p}|{s}|{pc}|{g}|{res}"))
        .collect();
    assert_eq!(
        key,
        vec![
            "7-1|2024-10|実施中|90.0|A|タブレット端末を2台導入",
            "8-2|2024-10|完了|100.0||"
        ]
    );

    let book = dir.join("市民生活部_窓口サービス課_2024-10.xlsx");
    let sheet = read_sheet(&book, "進捗");
    let r71 = find_row(&sheet, "7-1");
    assert_eq!(
        (
            r71[3].as_str(),
            r71[4].as_str(),
            r71[5].as_str(),
            r71[7].as_str(),
            r71[8].as_str()
        ),
        (
            "実施中",
            "90",
            "状況 検討中→実施中、進捗率 80→90",
            "タブレット端末を2台導入",
            "操作研修"
        )
    );
    assert_eq!(find_row(&sheet, "7-2")[3], "未報告（9月: 実施中）");
    assert_eq!(
        find_row(&sheet, "7-2")[5],
        "",
        "reported in September: not yet two months"
    );
    assert_eq!(find_row(&sheet, "8-2")[5], "変化なし");
    let history = read_sheet(&book, "進捗履歴");
    assert_eq!(
        find_row(&history, "7-1")[7..9].join(","),
        "検討中,実施中",
        "September and October"
    );
    // The 2024-09 output of the earlier run is untouched.
    assert!(
        out.path()
            .join("2024-09/市民生活部_窓口サービス課_2024-09.xlsx")
            .is_file()
    );
}
