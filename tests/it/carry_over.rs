//! The carry-over rules over three consecutive months (2024-09, 2024-10, 2024-11), each
//! month's reports written as a CSV into `input/progress/` and the binary run with
//! `--period`, as a clerk does: a finished item stays finished, a missing report shows
//! the last known status with its month, 未報告 and 2か月以上未報告 come when they should,
//! and every sheet counts the same.

use std::path::{Path, PathBuf};

use crate::common::*;

/// The reports of each month (項目番号, 進捗状況, 進捗率).
const SEPTEMBER: &[(&str, &str, &str)] = &[
    ("7-1", "検討中", "80"),
    ("7-2", "実施中", "50"),
    ("8-2", "完了", "100"),
    ("9-2", "実施中", "60"),
    ("9-3", "完了", "100"),
    ("11-1", "実施中", "45"),
    ("11-2", "中止", ""),
];
const OCTOBER: &[(&str, &str, &str)] = &[("7-1", "実施中", "90"), ("9-2", "実施中", "70")];
const NOVEMBER: &[(&str, &str, &str)] = &[("7-1", "完了", "100"), ("7-2", "実施中", "60")];

/// The sample plan, then one run per month with that month's CSV added; returns the
/// input folder (kept alive) and the output folder.
fn three_months() -> (tempfile::TempDir, tempfile::TempDir) {
    let input = input_with_plans(&[("plan_sample_no07-11.txt", sample_text().into_bytes())]);
    let out = tempfile::tempdir().unwrap();
    let progress = input.path().join("progress");
    std::fs::create_dir_all(&progress).unwrap();
    for (period, rows) in [
        ("2024-09", SEPTEMBER),
        ("2024-10", OCTOBER),
        ("2024-11", NOVEMBER),
    ] {
        let mut csv = String::from("項目番号,進捗状況,進捗率,報告日\n");
        for (id, status, pct) in rows {
            csv.push_str(&format!("{id},{status},{pct},{period}-25\n"));
        }
        std::fs::write(progress.join(format!("進捗_{period}.csv")), csv).unwrap();
        let r = run_gyokaku(input.path(), out.path(), period);
        assert_eq!(r.code, 0, "{period}\n{}\n{}", r.stdout, r.stderr);
    }
    (input, out)
}

fn dir(out: &Path, period: &str) -> PathBuf {
    out.join(period)
}

fn find_row<'a>(rows: &'a [Vec<String>], col: usize, value: &str) -> &'a Vec<String> {
    rows.iter()
        .find(|r| r.get(col).is_some_and(|c| c == value))
        .unwrap_or_else(|| panic!("{value} in {rows:#?}"))
}

/// (進捗状況, 進捗率, 前月からの変化) of an item on a section workbook's 進捗 sheet.
fn progress_of(book: &Path, id: &str) -> (String, String, String) {
    let sheet = read_sheet(book, "進捗");
    let r = find_row(&sheet, 0, id);
    (r[3].clone(), r[4].clone(), r[5].clone())
}

fn triple(a: &str, b: &str, c: &str) -> (String, String, String) {
    (a.to_string(), b.to_string(), c.to_string())
}

/// The counts of the cover's status table (label -> count).
fn cover_counts(book: &Path) -> Vec<(String, String)> {
    let cover = read_sheet(book, "表紙");
    let top = cover
        .iter()
        .position(|r| r.first().is_some_and(|c| c == "進捗状況"))
        .unwrap();
    cover[top + 1..top + 9]
        .iter()
        .map(|r| (r[0].clone(), r[1].clone()))
        .collect()
}

/// A section's row of 部署別進捗 as (status -> count), the totals row for `合計（延べ）`.
fn section_counts(summary: &Path, section: &str) -> Vec<(String, String)> {
    let sheet = read_sheet(summary, "部署別進捗");
    let header = sheet[1].clone();
    let row = find_row(&sheet, 1, section);
    header[2..]
        .iter()
        .zip(&row[2..])
        .map(|(h, v)| (h.clone(), v.clone()))
        .collect()
}

fn count_of(counts: &[(String, String)], label: &str) -> String {
    counts
        .iter()
        .find(|(l, _)| l == label)
        .map(|(_, n)| n.clone())
        .unwrap_or_else(|| panic!("{label} in {counts:?}"))
}

/// The sections listed on 未報告部署 with their items: (section, items).
fn unreported_sections(summary: &Path) -> Vec<(String, String)> {
    read_sheet(summary, "未報告部署")[2..]
        .iter()
        .filter(|r| r.len() > 4 && r[1].starts_with('('))
        .map(|r| (r[1].clone(), r[4].clone()))
        .collect()
}

const WINDOW: &str = "市民生活部_窓口サービス課.xlsx";
const FIRE: &str = "消防本部_総務課.xlsx";
const WELFARE: &str = "福祉部_総合福祉課.xlsx";
const ASSETS: &str = "財政部_管財課.xlsx";

#[test]
fn three_months_of_reports_follow_the_carry_over_rules() {
    let (_input, out) = three_months();
    let (sep, oct, nov) = (
        dir(out.path(), "2024-09"),
        dir(out.path(), "2024-10"),
        dir(out.path(), "2024-11"),
    );

    a_finished_item_stays_finished(&sep, &oct, &nov);
    a_missing_report_shows_the_last_known_status(&oct, &nov);
    unreported_and_two_months_unreported_come_in_time(&sep, &oct, &nov);
    the_unreported_sections_follow_the_same_rules(&sep, &oct, &nov);
    for d in [&sep, &oct, &nov] {
        history_and_trend_agree(d);
    }
}

/// 8-2 and 9-3 reported 完了 in September, 11-2 中止: not 未報告 afterwards, counted as
/// finished, shown with their month.
fn a_finished_item_stays_finished(sep: &Path, oct: &Path, nov: &Path) {
    assert_eq!(
        progress_of(&period_book(sep, WINDOW), "8-2"),
        triple("完了", "100", "")
    );
    for d in [oct, nov] {
        assert_eq!(
            progress_of(&period_book(d, WINDOW), "8-2"),
            triple("9月: 完了", "100", "")
        );
        assert_eq!(
            progress_of(&period_book(d, FIRE), "9-3"),
            triple("9月: 完了", "100", "")
        );
        assert_eq!(progress_of(&period_book(d, ASSETS), "11-2").0, "9月: 中止");
        let summary = read_sheet(&d.join("全体集計.xlsx"), "進捗");
        assert_eq!(find_row(&summary, 0, "8-2")[4], "9月: 完了");
    }
    // The cover of 窓口サービス課 in October: 7-1 実施中, 7-2 未報告, 8-2 完了.
    let counts = cover_counts(&period_book(oct, WINDOW));
    assert_eq!(
        (
            count_of(&counts, "実施中"),
            count_of(&counts, "完了"),
            count_of(&counts, "未報告")
        ),
        ("1".into(), "1".into(), "1".into())
    );
    // 消防本部 in October: 9-2 reported, 9-3 完了 carried: nothing 未報告.
    let fire = cover_counts(&period_book(oct, FIRE));
    assert_eq!(
        (count_of(&fire, "完了"), count_of(&fire, "未報告")),
        ("1".into(), "0".into())
    );
    // Totals: 完了 8-2, 9-3 (and 7-1 in November); 中止 11-2; every other item
    // unreported.
    for (d, done, missing) in [(sep, "2", "10"), (oct, "2", "12"), (nov, "3", "12")] {
        let total = section_counts(&d.join("全体集計.xlsx"), "合計（延べ）");
        assert_eq!(
            (
                count_of(&total, "完了"),
                count_of(&total, "中止"),
                count_of(&total, "未報告"),
                count_of(&total, "計")
            ),
            (done.into(), "1".into(), missing.into(), "17".into()),
            "{}",
            d.display()
        );
    }
    let fire_row = section_counts(&oct.join("全体集計.xlsx"), "(消)総務課");
    assert_eq!(
        (
            count_of(&fire_row, "実施中"),
            count_of(&fire_row, "完了"),
            count_of(&fire_row, "未報告")
        ),
        ("1".into(), "1".into(), "0".into())
    );
}

/// 7-2 (実施中 in September) has no October report: 未報告 with 「9月: 実施中」 and where
/// that report came from; its November report is compared with September's.
fn a_missing_report_shows_the_last_known_status(oct: &Path, nov: &Path) {
    let book = period_book(oct, WINDOW);
    assert_eq!(
        progress_of(&book, "7-2"),
        triple("未報告（9月: 実施中）", "", "")
    );
    let sheet = read_sheet(&book, "進捗");
    let source = &find_row(&sheet, 0, "7-2")[10];
    assert!(
        source.starts_with("9月の報告: progress/進捗_2024-09.csv"),
        "{source}"
    );
    assert_eq!(
        progress_of(&period_book(nov, WINDOW), "7-2"),
        triple("実施中", "60", "進捗率 50→60（9月の報告から）")
    );
    assert_eq!(
        progress_of(&period_book(nov, WINDOW), "7-1"),
        triple("完了", "100", "状況 実施中→完了、進捗率 90→100")
    );
    let history = read_sheet(&period_book(nov, WINDOW), "進捗履歴");
    assert_eq!(
        find_row(&history, 0, "7-2")[7..10].join(","),
        "実施中,未報告,実施中"
    );
    assert_eq!(
        find_row(&history, 0, "8-2")[7..10].join(","),
        "完了,（完了）,（完了）"
    );
}

/// 未報告 in the first month an item is expected, 2か月以上未報告 only in the second.
fn unreported_and_two_months_unreported_come_in_time(sep: &Path, oct: &Path, nov: &Path) {
    // 7-3 is never reported; reporting starts in September.
    assert_eq!(
        progress_of(&period_book(sep, WELFARE), "7-3"),
        triple("未報告", "", "")
    );
    for d in [oct, nov] {
        assert_eq!(
            progress_of(&period_book(d, WELFARE), "7-3"),
            triple("未報告", "", "2か月以上未報告")
        );
    }
    // 11-1: reported in September only.
    assert_eq!(
        progress_of(&period_book(oct, ASSETS), "11-1"),
        triple("未報告（9月: 実施中）", "", "")
    );
    assert_eq!(
        progress_of(&period_book(nov, ASSETS), "11-1"),
        triple("未報告（9月: 実施中）", "", "2か月以上未報告")
    );
    // 9-2: reported in October, not in November: one month only.
    assert_eq!(
        progress_of(&period_book(nov, FIRE), "9-2"),
        triple("未報告（10月: 実施中）", "", "")
    );
    let history = read_sheet(&period_book(nov, WELFARE), "進捗履歴");
    assert_eq!(
        find_row(&history, 0, "7-3")[2..10].join(","),
        "－,－,－,－,－,未報告,未報告,未報告"
    );
}

/// A section is listed only for items due and missing; finished items never list it.
fn the_unreported_sections_follow_the_same_rules(sep: &Path, oct: &Path, nov: &Path) {
    let listed = |d: &Path| unreported_sections(&d.join("全体集計.xlsx"));
    let section = |d: &Path, name: &str| {
        listed(d)
            .into_iter()
            .find(|(s, _)| s == name)
            .map(|(_, items)| items)
    };
    assert_eq!(section(sep, "(消)総務課"), None);
    assert_eq!(
        section(oct, "(消)総務課"),
        None,
        "9-3 is 完了, 9-2 reported"
    );
    assert_eq!(section(nov, "(消)総務課").as_deref(), Some("9-2"));
    assert_eq!(section(oct, "(民)窓口サービス課").as_deref(), Some("7-2"));
    assert_eq!(section(nov, "(民)窓口サービス課"), None, "8-2 is 完了");
    assert_eq!(section(oct, "(財)管財課").as_deref(), Some("11-1"));
    assert_eq!(
        section(nov, "(財)管財課").as_deref(),
        Some("11-1（2か月以上）")
    );
    assert_eq!(
        section(oct, "(福)総合福祉課").as_deref(),
        Some("7-3（2か月以上）")
    );
}

/// Every section's 進捗履歴 columns, counted, are its row of 進捗推移 (完了 of the items
/// counted, and the 未報告): months before reporting started are 「－」 on both.
fn history_and_trend_agree(d: &Path) {
    let trend = read_sheet(&d.join("全体集計.xlsx"), "進捗推移");
    let head = trend
        .iter()
        .position(|r| r.first().is_some_and(|c| c == "部局"))
        .unwrap();
    let mut books = 0;
    for e in std::fs::read_dir(d).unwrap() {
        let book = e.unwrap().path();
        let name = book.file_name().unwrap().to_string_lossy().into_owned();
        if !name.ends_with(".xlsx") || name == "全体集計.xlsx" {
            continue;
        }
        books += 1;
        let section = find_row(&read_sheet(&book, "表紙"), 0, "部署")[1].clone();
        let row = trend
            .iter()
            .find(|r| r.get(1) == Some(&section))
            .unwrap_or_else(|| panic!("{section} on 進捗推移"));
        let history = read_sheet(&book, "進捗履歴");
        let items: Vec<&Vec<String>> = history[2..]
            .iter()
            .filter(|r| r.first().is_some_and(|c| c.contains('-')))
            .collect();
        assert_eq!(row[2], items.len().to_string(), "{section}: items");
        for (k, month) in history[1][2..].iter().enumerate() {
            let col = trend[head]
                .iter()
                .position(|c| c == month)
                .unwrap_or_else(|| panic!("{month} on 進捗推移"));
            let cells: Vec<&str> = items.iter().map(|r| r[2 + k].as_str()).collect();
            let counted = cells
                .iter()
                .filter(|c| !c.is_empty() && **c != "－")
                .count();
            let of = |s: &str| {
                cells
                    .iter()
                    .filter(|c| c.trim_start_matches('（').trim_end_matches('）') == s)
                    .count()
            };
            let want = match (counted, of("未報告")) {
                (0, _) => "－".to_string(),
                (n, 0) => format!("{}/{n}", of("完了")),
                (n, u) => format!("{}/{n} 未{u}", of("完了")),
            };
            assert_eq!(row[col], want, "{section} {month}: {cells:?}");
        }
        if d.ends_with("2024-11") {
            // April to August: before reporting started.
            assert!(
                items.iter().all(|r| r[2..7].iter().all(|c| c == "－")),
                "{section}: {items:?}"
            );
        }
    }
    assert_eq!(books, 13);
}
