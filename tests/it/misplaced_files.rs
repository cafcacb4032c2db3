//! A misplaced or malformed file fails alone and nothing is lost silently: a progress
//! report put in `plans/` is no plan, a plan file named with two months is one edition
//! with a finding, an empty sheet named 進捗入力 does not hide a section's data sheet, and
//! a report from which no row is read is an error. Each run keeps the other sections'
//! workbooks byte for byte as without the file.

use std::path::Path;

use crate::common::*;

const PERIOD: &str = "2024-09";

/// The rows of `tables/diagnostics` as (file, code, location).
fn findings(period_dir: &Path) -> Vec<(String, String, String)> {
    let t = read_table(period_dir, "diagnostics");
    str_col(&t, "file")
        .into_iter()
        .zip(str_col(&t, "code"))
        .zip(str_col(&t, "location"))
        .map(|((f, c), l)| (f, c, l))
        .collect()
}

/// The section workbooks of a period folder (name -> bytes).
fn section_books(period_dir: &Path) -> Vec<(String, Vec<u8>)> {
    snapshot(period_dir)
        .into_iter()
        .filter(|(rel, _)| rel.ends_with(".xlsx") && rel != "全体集計.xlsx")
        .collect()
}

fn good_run() -> (tempfile::TempDir, tempfile::TempDir) {
    let input = input_with_progress();
    let out = tempfile::tempdir().unwrap();
    let r = run_gyokaku(input.path(), out.path(), PERIOD);
    assert_eq!(r.code, 0, "{}", r.stderr);
    (input, out)
}

#[test]
fn a_progress_report_in_plans_is_no_plan_and_costs_only_itself() {
    let (_good_in, good_out) = good_run();
    let good = section_books(&good_out.path().join(PERIOD));
    for report in [
        "窓口サービス課_進捗報告_R6-09.xlsx",
        "都市建設部_2024-09.csv",
    ] {
        let input = input_with_progress();
        std::fs::copy(
            fixture("progress").join(report),
            input.path().join("plans").join(report),
        )
        .unwrap();
        let before = snapshot(input.path());
        let out = tempfile::tempdir().unwrap();
        let r = run_gyokaku(input.path(), out.path(), PERIOD);
        assert_eq!(r.code, 2, "{report}: {}", r.stderr);
        let dir = out.path().join(PERIOD);
        let name = format!("plans/{report}");
        let found = findings(&dir);
        assert!(
            found
                .iter()
                .any(|(f, c, l)| *f == name && c == "plan.report_sheet" && l.contains("行目")),
            "{report}: {found:?}"
        );
        assert!(
            !found.iter().any(|(_, c, _)| c == "plan.undated_edition"),
            "{report}: the real plan stays in force"
        );
        assert_eq!(
            section_books(&dir),
            good,
            "{report}: section books as without it"
        );
        assert_eq!(snapshot(input.path()), before, "{report}: input unchanged");
    }
}

#[test]
fn a_plan_file_named_with_two_months_is_the_later_edition_with_a_finding() {
    let input = input_with_plans(&[
        ("計画_2020-04.txt", sample_text().into_bytes()),
        (
            "計画_2020-04策定_2023-02改定.txt",
            sample_text().into_bytes(),
        ),
    ]);
    let out = tempfile::tempdir().unwrap();
    let r = run_gyokaku(input.path(), out.path(), PERIOD);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let dir = out.path().join(PERIOD);
    let found = findings(&dir);
    assert!(
        found.iter().any(|(f, c, _)| f == "plans/計画_2020-04策定_2023-02改定.txt"
            && c == "plan.two_dates"),
        "{found:?}"
    );
    assert!(
        !found
            .iter()
            .any(|(_, c, _)| c == "plan.duplicate_initiative"),
        "two editions, not one merged: {found:?}"
    );
    assert!(r.stdout.contains("2023-02版"), "{}", r.stdout);
}

#[test]
fn an_empty_sheet_named_like_gyokakus_input_sheet_does_not_hide_the_data() {
    let input = input_with_plans(&[("plan_sample_no07-11.txt", sample_text().into_bytes())]);
    let progress = input.path().join("progress");
    std::fs::create_dir_all(&progress).unwrap();
    let csv = std::fs::read_to_string(fixture("progress/都市建設部_2024-09.csv")).unwrap();
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet().set_name("進捗入力").unwrap();
    let ws = wb.add_worksheet().set_name("報告").unwrap();
    for (r, line) in csv.trim_start_matches('\u{feff}').lines().enumerate() {
        for (c, cell) in line.split(',').enumerate() {
            ws.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    let book = progress.join("都市建設部_2024-09.xlsx");
    wb.save(&book).unwrap();
    let out = tempfile::tempdir().unwrap();
    let r = run_gyokaku(input.path(), out.path(), PERIOD);
    let rows = csv.lines().filter(|l| !l.trim().is_empty()).count() - 1;
    let sources = str_col(
        &read_table(&out.path().join(PERIOD), "progress"),
        "source_file",
    );
    assert_eq!(
        sources
            .iter()
            .filter(|s| s.ends_with("都市建設部_2024-09.xlsx"))
            .count(),
        rows,
        "every data row read\n{}\n{}",
        r.stdout,
        r.stderr
    );
    let found = findings(&out.path().join(PERIOD));
    assert!(
        !found.iter().any(|(_, c, _)| c == "progress.own_workbook"),
        "{found:?}"
    );
}

#[test]
fn a_report_that_yields_no_row_is_an_error_on_that_file() {
    let (_good_in, good_out) = good_run();
    let good = section_books(&good_out.path().join(PERIOD));
    let input = input_with_progress();
    let header = "実践項目,所管課,状況,進捗率,取組実績,課題,今後の方向性,時点\n";
    std::fs::write(input.path().join("progress/白紙_2024-09.csv"), header).unwrap();
    let out = tempfile::tempdir().unwrap();
    let r = run_gyokaku(input.path(), out.path(), PERIOD);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("白紙_2024-09.csv"), "{}", r.stderr);
    let dir = out.path().join(PERIOD);
    let found = findings(&dir);
    assert!(
        found
            .iter()
            .any(|(f, c, _)| f == "progress/白紙_2024-09.csv" && c == "progress.no_rows"),
        "{found:?}"
    );
    assert_eq!(section_books(&dir), good);
}

#[test]
fn a_date_before_its_era_began_is_a_bad_date() {
    let input = input_with_progress();
    let report = "実践項目,所管課,状況,進捗率,取組実績,課題,今後の方向性,時点\n\
        公園の維持管理の在り方の検討,緑地公園課,取組中,60%,,,,R1.4.30\n";
    std::fs::write(input.path().join("progress/令和元年_2024-09.csv"), report).unwrap();
    let out = tempfile::tempdir().unwrap();
    let r = run_gyokaku(input.path(), out.path(), PERIOD);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let found = findings(&out.path().join(PERIOD));
    assert!(
        found
            .iter()
            .any(|(f, c, l)| f == "progress/令和元年_2024-09.csv"
                && c == "progress.bad_date"
                && l.contains("2行目")),
        "{found:?}"
    );
}

#[test]
fn a_typo_year_far_from_the_plans_years_is_a_finding_and_the_reports_still_land() {
    let (_good_in, good_out) = good_run();
    let good_dir = good_out.path().join(PERIOD);
    let text = sample_text();
    let header = "工程表\tR 2年度";
    assert!(text.contains(header), "the sample has a 工程表 header");
    let typo = text.replacen(header, "工程表\t1901年度", 1);
    let input = input_with_progress();
    std::fs::write(
        input.path().join("plans/plan_sample_no07-11.txt"),
        typo.as_bytes(),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let r = run_gyokaku(input.path(), out.path(), PERIOD);
    assert!(r.code == 0 || r.code == 2, "{}", r.stderr);
    let dir = out.path().join(PERIOD);
    let found = findings(&dir);
    assert!(
        found
            .iter()
            .any(|(f, c, l)| f == "plans/plan_sample_no07-11.txt"
                && c == "plan.outlying_year"
                && l.contains("行目")),
        "{found:?}"
    );
    assert!(
        !found
            .iter()
            .any(|(_, c, _)| c == "progress.implausible_date"),
        "the months a report can be about do not shrink to today: {found:?}"
    );
    let progress_rows = |d: &Path| read_table(d, "progress").height();
    assert_eq!(progress_rows(&dir), progress_rows(&good_dir));
    let years = |d: &Path| {
        let mut y = str_col(&read_table(d, "schedule"), "fiscal_year");
        y.sort_unstable();
        y.dedup();
        y
    };
    assert_eq!(years(&dir), years(&good_dir), "1901 is not a plan year");
}

#[test]
fn a_plan_past_the_item_limit_keeps_its_first_initiatives_with_a_finding() {
    let (_good_in, good_out) = good_run();
    let good_items = read_table(&good_out.path().join(PERIOD), "practice_items").height();
    let limit = good_items / 2;
    let input = input_with_progress();
    let config = input.path().join("gyokaku.toml");
    let mut toml = std::fs::read_to_string(&config).unwrap_or_default();
    toml.push_str(&format!("\n[limits]\nmax_plan_items = {limit}\n"));
    std::fs::write(&config, toml).unwrap();
    let out = tempfile::tempdir().unwrap();
    let r = run_gyokaku(input.path(), out.path(), PERIOD);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let dir = out.path().join(PERIOD);
    let found = findings(&dir);
    assert!(
        found.iter().any(|(f, c, l)| f.starts_with("plans/")
            && c == "plan.too_many_items"
            && l.ends_with("行目")),
        "{found:?}"
    );
    let items = read_table(&dir, "practice_items");
    assert!(
        items.height() > 0 && items.height() <= limit,
        "{} items",
        items.height()
    );
    let ids = str_col(&items, "item_id");
    let good_ids = str_col(
        &read_table(&good_out.path().join(PERIOD), "practice_items"),
        "item_id",
    );
    assert_eq!(
        ids[..],
        good_ids[..ids.len()],
        "the plan's first items are kept as they were"
    );
}
