//! Outputs made from hostile inputs, run as a clerk runs it: text too long for a cell,
//! section names that are no good as file names or look like formulas, more findings than
//! the 診断 sheet lists, workbooks that cannot be made. Each run finishes; what the one
//! input holds is cut, renamed or neutralised and reported; everything else is written.

use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::process::Command;

use crate::common::*;

/// The mark that ends text cut to fit a cell.
const MARK: &str = "…（以下省略）";

/// A temporary `input/` with the sample plan, one progress report and a configuration.
fn input_with_report(report_csv: &str, config: &str) -> tempfile::TempDir {
    let input = input_with_plans(&[("plan_sample_no07-11.txt", sample_text().into_bytes())]);
    let progress = input.path().join("progress");
    std::fs::create_dir_all(&progress).unwrap();
    std::fs::write(progress.join("窓口サービス課_2024-09.csv"), report_csv).unwrap();
    if !config.is_empty() {
        std::fs::write(input.path().join("gyokaku.toml"), config).unwrap();
    }
    input
}

/// A progress report for item 7-1 whose 取組実績 is `results`.
fn report_with_results(results: &str) -> String {
    format!(
        "項目番号,実践項目名,進捗状況,進捗率,取組実績,報告日\n7-1,住民異動等におけるタブレット端末の活用,実施中,50,{results},2024-09\n"
    )
}

/// The cell of `sheet` at (`row`, `col`), 0-based.
fn cell(path: &Path, sheet: &str, row: usize, col: usize) -> String {
    read_sheet(path, sheet)
        .get(row)
        .and_then(|r| r.get(col))
        .cloned()
        .unwrap_or_default()
}

/// (file, location, code, message) of every finding in the `diagnostics` table.
fn diagnostics(dir: &Path) -> Vec<(String, String, String, String)> {
    let df = read_table(dir, "diagnostics");
    let (file, loc, code, msg) = (
        str_col(&df, "file"),
        str_col(&df, "location"),
        str_col(&df, "code"),
        str_col(&df, "message"),
    );
    (0..df.height())
        .map(|i| {
            (
                file[i].clone(),
                loc[i].clone(),
                code[i].clone(),
                msg[i].clone(),
            )
        })
        .collect()
}

/// Every part of an xlsx: (name, text).
fn zip_parts(path: &Path) -> Vec<(String, String)> {
    let mut z = ::zip::ZipArchive::new(File::open(path).unwrap()).unwrap();
    (0..z.len())
        .map(|i| {
            let mut e = z.by_index(i).unwrap();
            let mut s = String::new();
            e.read_to_string(&mut s).unwrap();
            (e.name().unwrap().to_string(), s)
        })
        .collect()
}

#[test]
fn text_longer_than_a_cell_is_cut_with_a_mark_and_reported() {
    // The reader keeps 100,000 characters, so the 40,000 reach the workbooks whole.
    let results = format!("{}終わり", "あ".repeat(40_000));
    let input = input_with_report(
        &report_with_results(&results),
        "[limits]\nmax_cell_chars = 100000\n",
    );
    let out = tempfile::tempdir().unwrap();
    let r = run_gyokaku(input.path(), out.path(), "2024-09");
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let dir = out.path().join("2024-09");

    // The section's 進捗 sheet: 取組実績 is column H, item 7-1 the first row (3).
    let book = dir.join("市民生活部_窓口サービス課_2024-09.xlsx");
    let sheet = read_sheet(&book, "進捗");
    assert_eq!(sheet[1][7], "取組実績");
    assert_eq!(sheet[2][0], "7-1");
    let text = &sheet[2][7];
    assert!(text.ends_with(MARK), "{}", &text[text.len() - 40..]);
    assert!(text.starts_with("あああ"));
    assert!(text.encode_utf16().count() <= 32_767);
    assert!(text.encode_utf16().count() > 32_700);
    // The summary's 進捗 sheet has the owners column: 取組実績 is I.
    let summary = dir.join("全体集計.xlsx");
    assert!(cell(&summary, "進捗", 2, 8).ends_with(MARK));

    // A warning names the workbook and the cell, for both workbooks.
    let findings = diagnostics(&dir);
    let cut: Vec<_> = findings
        .iter()
        .filter(|f| f.2 == "report.text_cut")
        .collect();
    assert_eq!(
        cut.iter()
            .map(|f| (f.0.as_str(), f.1.as_str()))
            .collect::<Vec<_>>(),
        [
            ("市民生活部_窓口サービス課_2024-09.xlsx", "進捗 3行目 H列"),
            ("全体集計.xlsx", "進捗 3行目 I列")
        ],
        "{findings:#?}"
    );
    assert!(
        cut[0].3.contains("40,003文字のうち先頭32,760文字"),
        "{}",
        cut[0].3
    );
    assert!(
        r.stderr
            .contains("[警告] 市民生活部_窓口サービス課_2024-09.xlsx 進捗 3行目 H列")
    );
    // The summary's 診断 sheet shows the cut in the summary itself too.
    let diag = read_sheet(&summary, "診断");
    assert!(
        diag.iter()
            .any(|row| row[2] == "全体集計.xlsx" && row[3] == "進捗 3行目 I列"),
        "{diag:?}"
    );
    // The tables keep the whole text.
    let progress = read_table(&dir, "progress");
    assert_eq!(str_col(&progress, "results"), [results]);
}

#[test]
fn text_at_the_readers_limit_still_fits_where_excel_counts_twice() {
    // Default limits: the reader keeps 32,767 characters. Characters outside the BMP take
    // two of Excel's 32,767 units each, so the writer still has to cut.
    let results = "𠮷".repeat(40_000);
    let input = input_with_report(&report_with_results(&results), "");
    let out = tempfile::tempdir().unwrap();
    let r = run_gyokaku(input.path(), out.path(), "2024-09");
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let dir = out.path().join("2024-09");
    let text = cell(
        &dir.join("市民生活部_窓口サービス課_2024-09.xlsx"),
        "進捗",
        2,
        7,
    );
    assert!(text.ends_with(MARK));
    assert!(text.encode_utf16().count() <= 32_767);
    assert!(
        diagnostics(&dir)
            .iter()
            .any(|f| f.2 == "report.text_cut" && f.1 == "進捗 3行目 H列")
    );
}

/// The sample plan with the 担当部署 of its first items replaced, in order.
fn plan_with_sections(sections: &[&str]) -> String {
    let mut text = String::new();
    let mut next = sections.iter();
    for line in sample_text().split_inclusive('\n') {
        match (line.starts_with("担当部署\t"), next.clone().next()) {
            (true, Some(s)) => {
                next.next();
                text.push_str(&format!("担当部署\t{s}\t\t\t\t\n"));
            }
            _ => text.push_str(line),
        }
    }
    text
}

#[test]
fn section_names_that_are_no_good_as_file_names_or_look_like_formulas() {
    let long = format!("(福){}", "長".repeat(100));
    let plan = plan_with_sections(&[
        "(総)全体集計",
        "全体集計",
        ".隠し課",
        &long,
        "=1+1",
        "=[1]Sheet!A1",
        // Two bureaus have a 全体集計, so the bare name stays a section of its own.
        "(消)全体集計",
    ]);
    let input = input_with_plans(&[("plan.txt", plan.into_bytes())]);
    let out = tempfile::tempdir().unwrap();
    let r = run_gyokaku(input.path(), out.path(), "2024-09");
    assert!(r.code == 0 || r.code == 2, "{}\n{}", r.stdout, r.stderr);
    let dir = out.path().join("2024-09");
    let files = xlsx_files(&dir);

    // The section called 全体集計 never takes the summary's name.
    assert!(
        files.contains(&"総務部_全体集計_2024-09.xlsx".to_string()),
        "{files:?}"
    );
    // With its month, the section called 全体集計 no longer clashes with the summary.
    assert!(
        files.contains(&"全体集計_2024-09.xlsx".to_string()),
        "{files:?}"
    );
    let summary = dir.join("全体集計.xlsx");
    assert_eq!(sheet_names(&summary)[0], "概要");
    assert!(sheet_names(&summary).contains(&"診断".to_string()));
    let overview = read_sheet(&summary, "部署一覧");
    let file_of = |id: &str| -> String {
        overview
            .iter()
            .find(|row| row.get(1).is_some_and(|c| c == id))
            .map(|row| row[8].clone())
            .unwrap_or_else(|| panic!("{id} in {overview:?}"))
    };
    assert_eq!(file_of("(総)全体集計"), "総務部_全体集計_2024-09.xlsx");
    assert_eq!(file_of("全体集計"), "全体集計_2024-09.xlsx");
    assert_eq!(sheet_names(&dir.join("全体集計_2024-09.xlsx"))[0], "表紙");
    assert_eq!(
        cell(&dir.join("全体集計_2024-09.xlsx"), "表紙", 2, 1),
        "全体集計"
    );

    // No hidden file, no name over 200 bytes; the long one ends in a hash.
    assert_eq!(file_of(".隠し課"), "_.隠し課_2024-09.xlsx");
    for f in &files {
        assert!(!f.starts_with('.'), "{f}");
        assert!(f.len() <= 200, "{f}: {} bytes", f.len());
    }
    let long_file = file_of(&long);
    assert!(long_file.starts_with("福祉部_長長長"), "{long_file}");
    // …_<hash>_2024-09.xlsx: the month is kept after the hash.
    assert!(long_file.ends_with("_2024-09.xlsx"), "{long_file}");
    let hash = &long_file[long_file.len() - 21..long_file.len() - 13];
    assert!(hash.chars().all(|c| c.is_ascii_hexdigit()), "{long_file}");
    assert!(dir.join(&long_file).is_file());
    assert_eq!(cell(&dir.join(&long_file), "表紙", 2, 1), long);

    // Each renamed workbook is noted.
    let renamed: Vec<String> = diagnostics(&dir)
        .into_iter()
        .filter(|f| f.2 == "report.file_name")
        .map(|f| f.0)
        .collect();
    assert_eq!(
        renamed,
        ["_.隠し課_2024-09.xlsx", long_file.as_str()],
        "{:#?}",
        diagnostics(&dir)
    );

    // Formula-like names stay text in every workbook: no cell formula, and the only chart
    // formulas are the ranges of the chart data.
    assert_eq!(file_of("=1+1"), "=1+1_2024-09.xlsx");
    for f in &files {
        for (part, xml) in zip_parts(&dir.join(f)) {
            assert!(!xml.contains("<f>"), "{f} {part} has a formula");
            for (k, _) in xml.match_indices("<c:f>") {
                let formula = &xml[k + 5..k + xml[k..].find("</c:f>").unwrap()];
                assert!(
                    ["表紙!$", "概要!$"]
                        .iter()
                        .any(|sheet| formula.starts_with(sheet)),
                    "{f} {part}: {formula}"
                );
            }
        }
    }
    // 進捗推移 names them in its table, as text.
    let trend = read_sheet(&summary, "進捗推移");
    for name in ["=[1]Sheet!A1", "=1+1"] {
        assert!(
            trend.iter().any(|r| r.get(1).is_some_and(|c| c == name)),
            "{name}: {trend:?}"
        );
    }
    assert_eq!(cell(&dir.join("=1+1_2024-09.xlsx"), "表紙", 2, 1), "=1+1");

    // The CSV neutralises them; Parquet keeps them.
    let csv = std::fs::read_to_string(dir.join("tables/departments.csv")).unwrap();
    assert!(
        csv.contains("\n'=1+1,\"\",\"\",'=1+1,'=1+1_2024-09.xlsx\n"),
        "{csv}"
    );
    assert!(csv.contains("\n'=[1]Sheet!A1,"), "{csv}");
    let departments = read_table(&dir, "departments");
    assert!(str_col(&departments, "department_id").contains(&"=1+1".to_string()));
}

#[test]
fn the_diagnostics_sheet_lists_up_to_the_limit_and_counts_the_rest() {
    // Five rows with a status that is not defined: five errors.
    let mut report = String::from("項目番号,進捗状況,報告日\n");
    for id in ["7-1", "7-2", "8-2", "8-3", "9-1"] {
        report.push_str(&format!("{id},様子見,2024-09\n"));
    }
    let input = input_with_report(&report, "[limits]\nmax_diagnostic_rows = 3\n");
    let out = tempfile::tempdir().unwrap();
    let r = run_gyokaku(input.path(), out.path(), "2024-09");
    assert_eq!(r.code, 2, "{}\n{}", r.stdout, r.stderr);
    let dir = out.path().join("2024-09");
    let all = diagnostics(&dir);
    assert!(all.len() >= 5, "{all:#?}");
    let sheet = read_sheet(&dir.join("全体集計.xlsx"), "診断");
    assert_eq!(sheet[0][0], "重要度");
    assert!(
        sheet[1..4].iter().all(|row| row[0] == "エラー"),
        "{sheet:?}"
    );
    let note = &sheet[4][0];
    assert!(
        note.starts_with(&format!("ほかに{}件の診断があります", all.len() - 3)),
        "{note}"
    );
    assert!(note.contains("diagnostics.csv"));
    assert_eq!(sheet.len(), 5, "{sheet:?}");
    // The table keeps them all.
    let csv = std::fs::read_to_string(dir.join("tables/diagnostics.csv")).unwrap();
    assert_eq!(csv.lines().count(), 1 + all.len());
}

/// Runs `gyokaku run` with `GYOKAKU_FAULT=<fault>`.
fn run_with_fault(input: &Path, output: &Path, fault: &str) -> Outcome {
    let out = Command::new(env!("CARGO_BIN_EXE_gyokaku"))
        .args(["run", "--period", "2024-09", "--input"])
        .arg(input)
        .arg("--output")
        .arg(output)
        .env("GYOKAKU_FAULT", fault)
        .output()
        .unwrap();
    Outcome {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn a_summary_that_cannot_be_made_fails_the_run_after_everything_else_is_written() {
    let input = input_with_progress();
    let out = tempfile::tempdir().unwrap();
    let r = run_with_fault(input.path(), out.path(), "summary-workbook");
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("全体集計ブックを作成できません"),
        "{}",
        r.stderr
    );
    let dir = out.path().join("2024-09");
    let files = xlsx_files(&dir);
    assert!(!files.contains(&"全体集計.xlsx".to_string()));
    assert!(files.contains(&"市民生活部_窓口サービス課_2024-09.xlsx".to_string()));
    let departments = read_table(&dir, "departments");
    assert_eq!(files.len(), departments.height(), "{files:?}");
    assert_eq!(read_table(&dir, "progress").height(), 10);
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(
        manifest["counts"]["workbooks"].as_u64(),
        Some(files.len() as u64)
    );
    // No staging folder is left behind (the cache of parsed reports stays).
    let left: Vec<_> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n != ".cache")
        .collect();
    assert_eq!(left, ["2024-09"]);
}

#[test]
fn a_section_workbook_that_cannot_be_made_is_a_finding_for_that_section() {
    let input = input_with_progress();
    let out = tempfile::tempdir().unwrap();
    let r = run_with_fault(input.path(), out.path(), "first-section-workbook");
    assert_eq!(r.code, 2, "{}\n{}", r.stdout, r.stderr);
    let dir = out.path().join("2024-09");
    let failed: Vec<_> = diagnostics(&dir)
        .into_iter()
        .filter(|f| f.2 == "report.workbook")
        .collect();
    assert_eq!(failed.len(), 1, "{failed:#?}");
    let file = &failed[0].0;
    assert!(!dir.join(file).exists());
    let departments = read_table(&dir, "departments");
    let files = xlsx_files(&dir);
    // Every other section's workbook and the summary.
    assert_eq!(files.len(), departments.height(), "{files:?}");
    assert!(files.contains(&"全体集計.xlsx".to_string()));
    let diag = read_sheet(&dir.join("全体集計.xlsx"), "診断");
    assert!(diag.iter().any(|row| row[6] == "report.workbook"));
}
