//! Three months as a clerk works them (September's run; the sections fill in 進捗入力 and
//! send the books back; October; November): no report is lost, every surprise is a
//! warning on the screen and in 診断, and 概要, 部署別進捗, 未報告部署 and
//! `tables/section_rates` agree on every count in each month.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::*;

fn intake(input: &Path, files: &[&Path]) -> Outcome {
    let out = Command::new(env!("CARGO_BIN_EXE_gyokaku"))
        .arg("intake")
        .args(files)
        .arg("--input")
        .arg(input)
        .output()
        .expect("run gyokaku intake");
    Outcome {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The workbook of the section whose file name starts with `stem` in a period folder.
fn book(dir: &Path, stem: &str) -> PathBuf {
    let name = xlsx_files(dir)
        .into_iter()
        .find(|n| n.starts_with(stem))
        .unwrap_or_else(|| panic!("{stem} in {}", dir.display()));
    dir.join(name)
}

/// `book` with its first item's status and percent filled in on 進捗入力, saved as `dst`.
fn fill_first_item(book: &Path, dst: &Path, status: &str, percent: &str) {
    std::fs::create_dir_all(dst.parent().unwrap()).unwrap();
    let part = sheet_part(book, "進捗入力");
    fill_in(book, dst, &part, &[("G6", status), ("H6", percent)]);
}

/// A section's own one-row report whose 進捗率 cell holds 1 formatted `0%` (Excel shows
/// 100%).
fn percent_formatted_report(path: &Path, item: &str, status: &str) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let pct = rust_xlsxwriter::Format::new().set_num_format("0%");
    for (c, h) in ["項目番号", "進捗状況", "進捗率", "報告日"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, item).unwrap();
    ws.write_string(1, 1, status).unwrap();
    ws.write_number_with_format(1, 2, 1.0, &pct).unwrap();
    ws.write_string(1, 3, "2024/10/31").unwrap();
    wb.save(path).unwrap();
}

/// Rows of `sheet` keyed by their section (column 1), from the row after `header_row`.
fn by_section(
    rows: &[Vec<String>],
    header: &[&str],
) -> (Vec<String>, BTreeMap<String, Vec<String>>) {
    let head = rows
        .iter()
        .position(|r| r.len() >= header.len() && r[..header.len()] == *header)
        .unwrap_or_else(|| panic!("{header:?} in {rows:?}"));
    let mut out = BTreeMap::new();
    for r in &rows[head + 1..] {
        if r.len() > 1 && r[1].starts_with('(') {
            out.insert(r[1].clone(), r.clone());
        }
    }
    (rows[head].clone(), out)
}

fn num(s: &str) -> usize {
    s.parse::<f64>().map(|f| f as usize).unwrap_or(0)
}

/// 概要 (with 部署一覧), 部署別進捗 and 未報告部署 of one period agree on every count, section by section
/// and in total. Returns (expected, reported, done) of the whole plan.
fn counts_agree(dir: &Path) -> (usize, usize, usize) {
    let summary = dir.join("全体集計.xlsx");
    let period = dir.file_name().unwrap().to_string_lossy().into_owned();
    crate::rates_table::rates_table_agrees(dir, &period);
    let overview = read_sheet(&summary, "概要");
    let fact = |label: &str| {
        overview
            .iter()
            .find(|r| r[0] == label)
            .map(|r| num(&r[1]))
            .unwrap_or_else(|| panic!("{label}"))
    };
    let (expected, reported, done) = (
        fact("報告の対象となる項目"),
        fact("報告があった項目（報告率）"),
        fact("完了した項目（完了率）"),
    );
    let (_, sections) = by_section(&read_sheet(&summary, "部署一覧"), &["部局", "部署"]);
    let (status_head, status) = by_section(&read_sheet(&summary, "部署別進捗"), &["部局", "部署"]);
    let (_, unreported) = by_section(&read_sheet(&summary, "未報告部署"), &["部局", "部署"]);
    let col = |name: &str| status_head.iter().position(|h| h == name).unwrap();
    let mut sum_unreported = 0;
    for (id, o) in &sections {
        let (o_expected, o_reported, o_done) = (num(&o[4]), num(&o[5]), num(&o[7]));
        let s = &status[id];
        assert_eq!(
            num(&s[col("完了")]),
            o_done,
            "{id}: 完了 in 概要 and 部署別進捗"
        );
        assert_eq!(
            num(&s[col("未報告")]),
            o_expected - o_reported,
            "{id}: 未報告 in 部署別進捗 is 報告対象 − 報告あり in 概要"
        );
        match unreported.get(id) {
            Some(u) => {
                assert_eq!(
                    num(&u[2]),
                    o_expected,
                    "{id}: 報告対象 in 未報告部署 and 概要"
                );
                assert_eq!(num(&u[3]), o_expected - o_reported, "{id}: 未報告");
            }
            None => assert_eq!(o_expected, o_reported, "{id}: missing from 未報告部署"),
        }
        sum_unreported += o_expected - o_reported;
    }
    let total = read_sheet(&summary, "部署一覧")
        .into_iter()
        .find(|r| r[0] == "合計")
        .unwrap();
    assert_eq!(
        (num(&total[4]), num(&total[5]), num(&total[7])),
        (expected, reported, done),
        "the section table's total and 全体の状況"
    );
    assert!(sum_unreported >= expected - reported);
    (expected, reported, done)
}

/// (status, percent as a whole number, file) of `item`'s report for `period` in the
/// tables.
fn report(dir: &Path, item: &str, period: &str) -> Option<(String, String, String)> {
    let t = read_table(dir, "progress");
    let items = str_col(&t, "item_id");
    let periods = str_col(&t, "period");
    let statuses = str_col(&t, "status");
    let percents = str_col(&t, "percent");
    let files = str_col(&t, "source_file");
    (0..items.len())
        .find(|&k| items[k] == item && periods[k] == period)
        .map(|k| {
            let pct = percents[k]
                .parse::<f64>()
                .map_or(String::new(), |p| p.to_string());
            (statuses[k].clone(), pct, files[k].clone())
        })
}

/// The codes of 診断 with their file column.
fn diagnostics(dir: &Path) -> Vec<String> {
    read_sheet(&dir.join("全体集計.xlsx"), "診断")
        .into_iter()
        .map(|r| r.join("|"))
        .collect()
}

#[test]
fn three_months_lose_no_report_and_every_surprise_is_a_warning() {
    let input = input_with_progress();
    let out = tempfile::tempdir().unwrap();
    let mail = tempfile::tempdir().unwrap();

    // September, as the reports say.
    let r = run_gyokaku_default_period(input.path(), out.path());
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let sep = out.path().join("2024-09");
    counts_agree(&sep);
    assert!(
        r.stdout.contains("次の作業: 部署別ブックを各課へ送付"),
        "{}",
        r.stdout
    );

    // October's returns: 窓口サービス課 fills in its book and sends it back under the
    // name it came with; 営業課 reports its item 8-3, and 納税課 sends a file that names
    // 営業課's 8-3 too (later in file-name order); 総合福祉課 sends its own sheet whose
    // 進捗率 is 1 in a cell formatted as a percentage.
    let madoguchi = book(&sep, "市民生活部_窓口サービス課");
    // 進捗入力's page header names the month its title does (October's form).
    let form = sheet_xml(&madoguchi, "進捗入力");
    let header = &form[form.find("<oddHeader>").unwrap()..form.find("</oddHeader>").unwrap()];
    assert!(header.contains("令和6年10月分"), "{header}");
    let returned_name = madoguchi.file_name().unwrap().to_owned();
    let oct_return = mail.path().join("10月").join(&returned_name);
    std::fs::create_dir_all(oct_return.parent().unwrap()).unwrap();
    let part = sheet_part(&madoguchi, "進捗入力");
    fill_in(
        &madoguchi,
        &oct_return,
        &part,
        &[
            ("G6", "実施中"),
            ("H6", "60"),
            ("B3", "窓口係 山田"),
            ("D3", "内線1234"),
        ],
    );
    let r = intake(input.path(), &[&oct_return]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let progress = input.path().join("progress");
    std::fs::write(
        progress.join("営業課_2024-10.csv"),
        "項目番号,進捗状況,進捗率,報告日\n8-3,実施中,40,2024/10/31\n",
    )
    .unwrap();
    std::fs::write(
        progress.join("納税課_2024-10.csv"),
        "項目番号,進捗状況,進捗率,報告日\n8-1,実施中,30,2024/10/31\n8-3,完了,100,2024/10/31\n",
    )
    .unwrap();
    percent_formatted_report(&progress.join("総合福祉課_2024-10.xlsx"), "7-3", "完了");

    let r = run_gyokaku(input.path(), out.path(), "2024-10");
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let oct = out.path().join("2024-10");
    assert_eq!(
        report(&oct, "7-1", "2024-10").map(|r| (r.0, r.1)),
        Some(("実施中".to_string(), "60".to_string()))
    );
    // Who filled it in comes back into the tables.
    let t = read_table(&oct, "progress");
    let k = str_col(&t, "item_id")
        .iter()
        .zip(str_col(&t, "period"))
        .position(|(i, p)| i == "7-1" && p == "2024-10")
        .unwrap();
    assert_eq!(
        (
            str_col(&t, "reporter")[k].as_str(),
            str_col(&t, "contact")[k].as_str()
        ),
        ("窓口係 山田", "内線1234")
    );
    // The owner's report stands; the other section's is a warning.
    assert_eq!(
        report(&oct, "8-3", "2024-10").map(|r| (r.0, r.2)),
        Some((
            "実施中".to_string(),
            "progress/営業課_2024-10.csv".to_string()
        ))
    );
    assert!(
        r.stderr.contains("[警告] progress/納税課_2024-10.csv"),
        "{}",
        r.stderr
    );
    assert!(
        diagnostics(&oct)
            .iter()
            .any(|d| d.contains("progress.not_owner"))
    );
    // 100 %, not 1 %; and 完了 at 100 % is no warning.
    assert_eq!(
        report(&oct, "7-3", "2024-10").map(|r| (r.0, r.1)),
        Some(("完了".to_string(), "100".to_string()))
    );
    assert!(
        !diagnostics(&oct)
            .iter()
            .any(|d| d.contains("progress.status_percent"))
    );
    let (expected, reported, _) = counts_agree(&oct);
    assert!(reported < expected);
    assert!(
        r.stdout.contains("部署から報告がありました"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("未報告の部署"), "{}", r.stdout);

    // November: 窓口サービス課 sends October's book back under the same name as its
    // October return (a later month's book over an earlier one); 総合福祉課 reuses its
    // September book (報告月 locked to 令和6年10月) for November's figures.
    let madoguchi = book(&oct, "市民生活部_窓口サービス課");
    let nov_return = mail.path().join("11月").join(&returned_name);
    fill_first_item(&madoguchi, &nov_return, "完了", "100");
    let welfare = book(&sep, "福祉部_総合福祉課");
    let reused = mail.path().join("11月").join("総合福祉課_11月分.xlsx");
    fill_first_item(&welfare, &reused, "完了", "100");
    let r = intake(input.path(), &[&nov_return, &reused]);
    assert!(r.code == 0 || r.code == 2, "{}\n{}", r.stdout, r.stderr);
    // Nothing filed is replaced: October's return is where it was.
    assert_eq!(
        std::fs::read(progress.join("2024-10").join(&returned_name)).unwrap(),
        std::fs::read(&oct_return).unwrap()
    );
    assert!(progress.join("2024-11").join(&returned_name).is_file());

    let r = run_gyokaku(input.path(), out.path(), "2024-11");
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let nov = out.path().join("2024-11");
    // No report lost: October's 60 % stays October's, November's 完了 is November's.
    assert_eq!(
        report(&nov, "7-1", "2024-10").map(|r| r.1),
        Some("60".to_string())
    );
    assert_eq!(
        report(&nov, "7-1", "2024-11").map(|r| r.0),
        Some("完了".to_string())
    );
    // The reused book replaced 総合福祉課's October report: a warning naming both files.
    assert!(
        diagnostics(&nov)
            .iter()
            .any(|d| d.contains("progress.replaced") && d.contains("総合福祉課_2024-10.xlsx")),
        "{:?}",
        diagnostics(&nov)
    );
    assert!(r.stderr.contains("別のファイルの報告"), "{}", r.stderr);
    counts_agree(&nov);
    // September and October are as they were written.
    counts_agree(&sep);
    counts_agree(&oct);
}
