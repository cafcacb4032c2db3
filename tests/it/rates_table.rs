//! `tables/section_rates`: the CSV read back agrees with the cells of 概要 (全体の状況 and
//! the line chart's data), 部署一覧 (sections and bureau subtotals), 部署別進捗 (計) and
//! 未報告部署 of the same run, read back with calamine.

use std::collections::BTreeMap;
use std::path::Path;

use crate::common::*;

/// `section_rates.csv` as maps of header -> field (no field of a plan's names holds a
/// comma or a quote; empty fields are written `""` or nothing).
fn rate_rows(dir: &Path) -> Vec<BTreeMap<String, String>> {
    let bytes = std::fs::read(dir.join("tables/section_rates.csv")).expect("section_rates.csv");
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a BOM for Excel");
    let text = String::from_utf8(bytes[3..].to_vec()).expect("utf-8");
    let split = |l: &str| -> Vec<String> {
        l.split(',')
            .map(|f| f.trim_matches('"').to_string())
            .collect()
    };
    let mut lines = text.lines();
    let head = split(lines.next().expect("header"));
    lines
        .map(|l| head.iter().cloned().zip(split(l)).collect())
        .collect()
}

fn num(s: &str) -> usize {
    s.parse::<f64>()
        .map(|f| f as usize)
        .unwrap_or_else(|_| panic!("a count: {s:?}"))
}

/// A rate cell of a sheet (a number, or 「－」 with nothing to count) and a rate field
/// of the CSV (a number or empty) say the same.
fn same_rate(cell: &str, field: &str, what: &str) {
    match (cell, field) {
        ("－", "") => {}
        _ => {
            let (a, b) = (cell.parse::<f64>(), field.parse::<f64>());
            assert!(
                matches!((&a, &b), (Ok(a), Ok(b)) if (a - b).abs() < 1e-9),
                "{what}: sheet {cell:?}, table {field:?}"
            );
        }
    }
}

/// The rows of `sheet` under the header row starting with `header`.
fn rows_under(sheet: &[Vec<String>], header: &[&str]) -> (Vec<String>, Vec<Vec<String>>) {
    let head = sheet
        .iter()
        .position(|r| r.len() >= header.len() && r[..header.len()] == *header)
        .unwrap_or_else(|| panic!("{header:?}"));
    (sheet[head].clone(), sheet[head + 1..].to_vec())
}

/// The run in `dir` (period `period`, `2024-10`): every line of the period in the table
/// agrees with the sheets; the whole plan's line of each month agrees with the chart's
/// data in 概要. Returns the number of the period's lines checked.
pub fn rates_table_agrees(dir: &Path, period: &str) -> usize {
    let table = rate_rows(dir);
    let summary = dir.join("全体集計.xlsx");
    let overview = read_sheet(&summary, "概要");
    let of_period: Vec<&BTreeMap<String, String>> =
        table.iter().filter(|r| r["period"] == period).collect();
    // The whole plan: 全体の状況.
    let whole: Vec<_> = of_period.iter().filter(|r| r["level"] == "全体").collect();
    assert_eq!(whole.len(), 1, "one line for the whole plan");
    let fact = |label: &str| {
        overview
            .iter()
            .find(|r| r[0] == label)
            .unwrap_or_else(|| panic!("{label} in 概要"))
            .clone()
    };
    let w = whole[0];
    assert_eq!(
        num(&fact("集計の対象となる項目")[1]),
        num(&w["items_in_force"])
    );
    assert_eq!(
        num(&fact("報告の対象となる項目")[1]),
        num(&w["items_expected"])
    );
    let reported = fact("報告があった項目（報告率）");
    assert_eq!(num(&reported[1]), num(&w["items_reported"]));
    same_rate(&reported[2], &w["report_rate"], "概要 報告率");
    let done = fact("完了した項目（完了率）");
    assert_eq!(num(&done[1]), num(&w["items_done"]));
    same_rate(&done[2], &w["completion_rate"], "概要 完了率");
    chart_data_agrees(&overview, &table, period);
    // Sections and bureaus: 部署一覧.
    let (_, list) = rows_under(&read_sheet(&summary, "部署一覧"), &["部局", "部署"]);
    let (status_head, status) = rows_under(&read_sheet(&summary, "部署別進捗"), &["部局", "部署"]);
    let (_, unreported) = rows_under(&read_sheet(&summary, "未報告部署"), &["部局", "部署"]);
    let total_col = status_head.iter().position(|h| h == "計").expect("計");
    let mut checked = 1;
    for line in of_period.iter().filter(|r| r["level"] != "全体") {
        let row = match line["level"].as_str() {
            "部署" => list.iter().find(|r| r[1] == line["department_id"]),
            "部局" => list
                .iter()
                .find(|r| r[0] == line["bureau"] && r[1] == "小計"),
            other => panic!("level {other}"),
        };
        let row = row.unwrap_or_else(|| panic!("{line:?} in 部署一覧"));
        let what = format!("{} {}", line["bureau"], line["department_id"]);
        assert_eq!(
            (num(&row[4]), num(&row[5]), num(&row[7])),
            (
                num(&line["items_expected"]),
                num(&line["items_reported"]),
                num(&line["items_done"])
            ),
            "{what}: 報告対象, 報告あり, 完了 of 部署一覧"
        );
        same_rate(&row[6], &line["report_rate"], &what);
        if line["level"] == "部署" {
            let s = status
                .iter()
                .find(|r| r[1] == line["department_id"])
                .unwrap_or_else(|| panic!("{what} in 部署別進捗"));
            assert_eq!(
                num(&s[total_col]),
                num(&line["items_in_force"]),
                "{what}: 計"
            );
            let u = unreported.iter().find(|r| r[1] == line["department_id"]);
            let missing = u.map_or(0, |u| num(&u[3]));
            assert_eq!(missing, num(&line["items_unreported"]), "{what}: 未報告");
        }
        checked += 1;
    }
    checked
}

/// The chart's data in 概要 (月, 報告率, 完了率 for April to March): a month with a line
/// for the whole plan has its rates; a month up to the period without one has none.
fn chart_data_agrees(overview: &[Vec<String>], table: &[BTreeMap<String, String>], period: &str) {
    let at = overview
        .iter()
        .position(|r| r.windows(3).any(|w| w == ["月", "報告率", "完了率"]))
        .expect("the chart's data");
    let col = overview[at]
        .windows(3)
        .position(|w| w == ["月", "報告率", "完了率"])
        .unwrap();
    // The table holds one fiscal year: a month's number names it.
    let month_of = |p: &str| p[5..].parse::<u32>().unwrap();
    let fiscal = |m: u32| (m + 8) % 12;
    let up_to = fiscal(month_of(period));
    let mut seen = 0;
    for r in &overview[at + 1..at + 13] {
        let m: u32 = r[col].parse().unwrap();
        let line = table
            .iter()
            .find(|l| l["level"] == "全体" && month_of(&l["period"]) == m);
        match line {
            Some(l) => {
                same_rate(&r[col + 1], &l["report_rate"], &format!("{m}月 報告率"));
                same_rate(&r[col + 2], &l["completion_rate"], &format!("{m}月 完了率"));
                seen += 1;
            }
            None => assert!(
                fiscal(m) > up_to || (r[col + 1].is_empty() && r[col + 2].is_empty()),
                "{m}月: rates in the chart and no line in the table: {r:?}"
            ),
        }
    }
    assert!(seen >= 1, "the period's month is in the chart");
}

#[test]
fn section_rates_agree_with_the_summary_sheets_in_september() {
    let input = input_with_progress();
    let out = tempfile::tempdir().unwrap();
    let r = run_gyokaku(input.path(), out.path(), "2024-09");
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let dir = out.path().join("2024-09");
    // 13 sections, their 9 bureaus and the whole plan.
    assert_eq!(rates_table_agrees(&dir, "2024-09"), 23);
    let table = rate_rows(&dir);
    let whole = table.iter().find(|r| r["level"] == "全体").unwrap();
    // Some reports and some missing: the rates are neither 0 nor 1.
    let rate: f64 = whole["report_rate"].parse().unwrap();
    assert!(rate > 0.0 && rate < 1.0, "{whole:?}");
}
