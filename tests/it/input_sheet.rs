//! The 進捗入力 sheet of a section workbook, read back from the file: its place and
//! colour among the tabs, the protection and which cells are unlocked, the dropdowns and
//! rules, last month's report beside the input cells, the due date; and the reader
//! ignoring the read-only columns when the sheet comes back.

use std::path::{Path, PathBuf};

use crate::common::*;

const BOOK: &str = "市民生活部_窓口サービス課.xlsx";

/// Runs September with the sample progress (and `config` as `gyokaku.toml` when given);
/// returns the input and output folders.
fn september(config: Option<&str>) -> (tempfile::TempDir, tempfile::TempDir) {
    let input = input_with_progress();
    if let Some(c) = config {
        std::fs::write(input.path().join("gyokaku.toml"), c).unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    let r = run_gyokaku(input.path(), out.path(), "2024-09");
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    (input, out)
}

fn book(out: &Path, name: &str) -> PathBuf {
    period_book(&out.join("2024-09"), name)
}

/// `(cell, style index)` of every cell written in a sheet's XML.
fn cell_styles(xml: &str) -> Vec<(String, usize)> {
    xml.split("<c r=\"")
        .skip(1)
        .map(|c| {
            let cell = c[..c.find('"').unwrap()].to_string();
            let tag = &c[..c.find('>').unwrap()];
            let style = tag
                .split(" s=\"")
                .nth(1)
                .map_or(0, |s| s[..s.find('"').unwrap()].parse().unwrap());
            (cell, style)
        })
        .collect()
}

/// Per cell style (`cellXfs`), whether it unlocks the cell.
fn unlocked_styles(styles: &str) -> Vec<bool> {
    let xfs = styles
        .split("<cellXfs")
        .nth(1)
        .unwrap()
        .split("</cellXfs>")
        .next()
        .unwrap();
    xfs.split("<xf ")
        .skip(1)
        .map(|xf| xf.contains(r#"locked="0""#))
        .collect()
}

#[test]
fn the_input_sheet_is_the_first_tab_after_the_cover_and_coloured() {
    let (_input, out) = september(None);
    let path = book(out.path(), BOOK);
    assert_eq!(
        sheet_names(&path),
        ["表紙", "進捗入力", "進捗", "実践項目", "工程表", "進捗履歴",]
    );
    assert_eq!(sheet_part(&path, "進捗入力"), "xl/worksheets/sheet2.xml");
    assert!(sheet_xml(&path, "進捗入力").contains(r#"<tabColor rgb="FFFFC000"/>"#));
    for other in ["表紙", "進捗", "実践項目", "工程表", "進捗履歴"] {
        assert!(!sheet_xml(&path, other).contains("<tabColor"), "{other}");
    }
}

#[test]
fn the_sheet_is_protected_without_a_password_and_only_input_cells_are_unlocked() {
    let (_input, out) = september(None);
    let path = book(out.path(), BOOK);
    let xml = sheet_xml(&path, "進捗入力");
    let protection = xml
        .split("<sheetProtection")
        .nth(1)
        .expect("<sheetProtection")
        .split("/>")
        .next()
        .unwrap();
    assert!(protection.contains(r#"sheet="1""#), "{protection}");
    assert!(
        !protection.contains("password"),
        "no password: {protection}"
    );
    // Filtering and resizing stay allowed; sorting (which would move reports) does not.
    assert!(protection.contains(r#"autoFilter="0""#), "{protection}");
    assert!(protection.contains(r#"formatRows="0""#), "{protection}");
    assert!(!protection.contains("sort="), "{protection}");
    assert!(xml.contains(r#"<autoFilter ref="A5:L8"/>"#));

    let unlocked = unlocked_styles(&zip_entry(&path, "xl/styles.xml"));
    // 記入者 B3, 連絡先 D3:F3, 報告日 H3:I3; for the three items, G to L of rows 6 to 8.
    let mut expected = vec!["B3", "D3", "E3", "F3", "H3", "I3"]
        .into_iter()
        .map(String::from)
        .collect::<Vec<_>>();
    for row in 6..=8 {
        for col in ["G", "H", "I", "J", "K", "L"] {
            expected.push(format!("{col}{row}"));
        }
    }
    let cells = cell_styles(&xml);
    assert!(cells.len() > 60, "{cells:?}");
    let mut open: Vec<String> = cells
        .iter()
        .filter(|(_, s)| unlocked[*s])
        .map(|(c, _)| c.clone())
        .collect();
    open.sort();
    expected.sort();
    assert_eq!(open, expected);
    // The other sheets are not protected.
    assert!(!sheet_xml(&path, "進捗").contains("<sheetProtection"));
}

#[test]
fn dropdowns_for_status_and_grade_a_whole_percent_and_a_report_date() {
    let (_input, out) = september(None);
    let xml = sheet_xml(&book(out.path(), BOOK), "進捗入力");
    let status = validation(&xml, "G6:G8").expect("status");
    assert!(status.contains(r#"type="list""#), "{status}");
    assert!(status.contains("<formula1>\"未着手,検討中,実施中,完了,遅延,中止\"</formula1>"));
    let grade = validation(&xml, "I6:I8").expect("grade");
    assert!(grade.contains(r#"type="list""#), "{grade}");
    assert!(
        grade.contains("<formula1>\"S,A,B,C\"</formula1>"),
        "{grade}"
    );
    let percent = validation(&xml, "H6:H8").expect("percent");
    assert!(percent.contains(r#"type="whole""#), "{percent}");
    assert!(
        percent.contains("<formula1>0</formula1><formula2>100</formula2>"),
        "{percent}"
    );
    let date = validation(&xml, "H3").expect("report date");
    assert!(date.contains(r#"type="date""#), "{date}");
    assert!(date.contains(r#"showInputMessage="1""#), "{date}");
    assert!(
        date.contains(r#"prompt="記入した日を 年/月/日 で入力してください（例: 2024/11/8）""#),
        "{date}"
    );
    // 2024-10-01: a date of the reported month or later.
    assert!(date.contains("<formula1>45566</formula1>"), "{date}");
}

#[test]
fn grades_and_the_due_day_come_from_the_configuration() {
    let (_input, out) = september(Some(
        "[progress]\ngrades = [\"◎\", \"○\", \"△\"]\n[report]\ndue_day = 25\n",
    ));
    let path = book(out.path(), BOOK);
    let grade = sheet_xml(&path, "進捗入力");
    let grade = validation(&grade, "I6:I8").expect("grade");
    assert!(grade.contains("<formula1>\"◎,○,△\"</formula1>"), "{grade}");
    let form = read_sheet(&path, "進捗入力");
    assert_eq!(form[1][..2], ["提出期限", "令和6年11月25日（月）まで"]);

    // No grades: 評価 is free text.
    let (_input, out) = september(Some("[progress]\ngrades = []\n"));
    let xml = sheet_xml(&book(out.path(), BOOK), "進捗入力");
    assert!(validation(&xml, "I6:I8").is_none());
    assert!(validation(&xml, "G6:G8").is_some());
}

#[test]
fn last_months_report_the_due_date_and_the_month_in_the_era_are_shown() {
    let (_input, out) = september(None);
    let form = read_sheet(&book(out.path(), BOOK), "進捗入力");
    assert_eq!(form[0][0], "進捗入力（令和6年10月分）　(民)窓口サービス課");
    // 10 November 2024 is a Sunday: due the Friday before.
    assert_eq!(form[1][..2], ["提出期限", "令和6年11月8日（金）まで"]);
    assert_eq!(
        [
            form[2][0].as_str(),
            form[2][2].as_str(),
            form[2][6].as_str()
        ],
        ["記入者", "連絡先", "報告日"]
    );
    assert!(form[3][0].contains("前月（令和6年9月）"), "{}", form[3][0]);
    let shown: Vec<String> = form[5..8].iter().map(|r| r[..6].join("|")).collect();
    assert_eq!(
        shown,
        [
            "7-1|住民異動等におけるタブレット端末の活用|(民)窓口サービス課|令和6年10月|検討中|80",
            "7-2|窓口の混雑状況に関する市民周知|(民)窓口サービス課|令和6年10月|実施中|50",
            "8-2|証明発行手数料等のキャッシュレス化|(民)窓口サービス課|令和6年10月|完了（記入不要）|100",
        ]
    );
    // Input cells start empty.
    assert!(form[5][6..].iter().all(String::is_empty), "{:?}", form[5]);
    // An item without a report in September.
    let welfare = read_sheet(&book(out.path(), "福祉部_総合福祉課.xlsx"), "進捗入力");
    let r73 = welfare.iter().find(|r| r[0] == "7-3").expect("7-3");
    assert_eq!(r73[4..6], ["－", "－"]);
}

#[test]
fn the_reader_ignores_last_months_columns_in_a_returned_sheet() {
    let (input, out) = september(None);
    let sent = book(out.path(), BOOK);
    let part = sheet_part(&sent, "進捗入力");
    let progress = input.path().join("progress");

    // Sent back as it came: September's values beside the empty input cells are no
    // October reports.
    std::fs::copy(&sent, progress.join("返送_そのまま.xlsx")).unwrap();
    let out10 = tempfile::tempdir().unwrap();
    let r = run_gyokaku(input.path(), out10.path(), "2024-10");
    // No October report at all: the period is a warning (exit 2).
    assert_eq!(r.code, 2, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("令和6年10月の進捗報告が一件もありません"),
        "{}",
        r.stderr
    );
    assert!(
        r.stdout.contains(
            "返送_そのまま.xlsx: 読込 8 行 = 取込 0（うち後の報告で置換 0）+ 不採用 0 + 空行・見出し・注記 8"
        ),
        "{}",
        r.stdout
    );
    let t = read_table(&out10.path().join("2024-10"), "progress");
    assert!(!str_col(&t, "period").contains(&"2024-10".to_string()));

    // Typed over (the sheet unprotected): the previous-month columns still do not count;
    // the status and percent come from the input columns.
    std::fs::remove_file(progress.join("返送_そのまま.xlsx")).unwrap();
    fill_in(
        &sent,
        &progress.join("返送_記入.xlsx"),
        &part,
        &[
            ("E6", "完了"),
            ("F6", "100"),
            ("G6", "実施中"),
            ("H6", "60"),
            ("E7", "遅延"),
            ("F7", "10"),
        ],
    );
    let out10 = tempfile::tempdir().unwrap();
    let r = run_gyokaku(input.path(), out10.path(), "2024-10");
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains(
            "返送_記入.xlsx: 読込 8 行 = 取込 1（うち後の報告で置換 0）+ 不採用 0 + 空行・見出し・注記 7"
        ),
        "{}",
        r.stdout
    );
    let t = read_table(&out10.path().join("2024-10"), "progress");
    let october: Vec<String> = str_col(&t, "item_id")
        .into_iter()
        .zip(str_col(&t, "period"))
        .zip(str_col(&t, "status"))
        .zip(str_col(&t, "percent"))
        .filter(|(((_, p), _), _)| p == "2024-10")
        .map(|(((i, _), s), pc)| format!("{i}|{s}|{pc}"))
        .collect();
    assert_eq!(october, ["7-1|実施中|60.0"]);
}
