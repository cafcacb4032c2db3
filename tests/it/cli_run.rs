//! The binary as a clerk runs it: a temporary input folder, `gyokaku run`, and the
//! workbooks and tables read back.

use std::collections::BTreeMap;
use std::path::Path;

use crate::common::*;

const PERIOD: &str = "2024-09";

fn sample_input() -> tempfile::TempDir {
    input_with_plans(&[("plan_sample_no07-11.txt", sample_text().into_bytes())])
}

/// item ID -> (department IDs) from the tables the run wrote.
fn item_owners(out: &Path) -> BTreeMap<String, Vec<String>> {
    let df = read_table(out, "item_departments");
    let mut m: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (i, d) in str_col(&df, "item_id")
        .into_iter()
        .zip(str_col(&df, "department_id"))
    {
        m.entry(i).or_default().push(d);
    }
    m
}

#[test]
fn sample_run_writes_tables_and_one_workbook_per_section() {
    let input = sample_input();
    let out = tempfile::tempdir().unwrap();
    let r = run_gyokaku(input.path(), out.path(), PERIOD);
    assert_eq!(r.code, 0, "stdout: {}\nstderr: {}", r.stdout, r.stderr);
    assert!(r.stdout.contains("実践項目 17 件"), "{}", r.stdout);
    let dir = out.path().join(PERIOD);

    assert_eq!(read_table(&dir, "initiatives").height(), 5);
    assert_eq!(read_table(&dir, "practice_items").height(), 17);
    assert_eq!(read_table(&dir, "schedule").height(), 85);
    assert_eq!(
        read_table(&dir, "diagnostics").height(),
        0,
        "the sample is read without a finding"
    );
    let deps = read_table(&dir, "departments");
    assert_eq!(deps.height(), 13);

    // The CSV twin starts with a BOM for Excel.
    let csv = std::fs::read(dir.join("tables/practice_items.csv")).unwrap();
    assert!(csv.starts_with(
        b"\xEF\xBB\xBFitem_id,initiative_no,seq,name,content,department_id,all_departments"
    ));

    let ids = str_col(&deps, "department_id");
    let books = str_col(&deps, "workbook");
    assert!(books.contains(&"市民生活部_窓口サービス課_2024-09.xlsx".to_string()));
    assert!(books.contains(&"消防本部_総務課_2024-09.xlsx".to_string()));
    let owners = item_owners(&dir);
    let schedule = read_table(&dir, "schedule");
    let (s_item, s_fy, s_text) = (
        str_col(&schedule, "item_id"),
        str_col(&schedule, "fiscal_year"),
        str_col(&schedule, "cell_text"),
    );

    for (id, book) in ids.iter().zip(&books) {
        let path = dir.join(book);
        assert_eq!(
            sheet_names(&path),
            vec![
                // The sheet to fill in and send back comes right after the cover.
                "表紙",
                "進捗入力",
                "進捗",
                "実践項目",
                "工程表",
                "進捗履歴"
            ],
            "{book}: a single edition has no revision history"
        );
        let expected: Vec<&String> = owners
            .iter()
            .filter(|(_, ds)| ds.contains(id))
            .map(|(i, _)| i)
            .collect();
        assert!(!expected.is_empty());

        let items = read_sheet(&path, "実践項目");
        assert_eq!(items[0][0], "項目ID");
        let listed: Vec<&String> = items[1..].iter().map(|r| &r[0]).collect();
        let mut listed_sorted = listed.clone();
        listed_sorted.sort();
        assert_eq!(listed_sorted, expected, "{book}");

        let cover = read_sheet(&path, "表紙");
        assert_eq!(cover[2][1], *id, "{book}: the cover names the section");

        check_schedule_sheet(&path, book, expected.len(), (&s_item, &s_fy, &s_text));
    }
    check_summary_items(&dir);
}

/// The schedule sheet: every item with its cells under the right fiscal year.
fn check_schedule_sheet(
    path: &Path,
    book: &str,
    items: usize,
    (s_item, s_fy, s_text): (&[String], &[String], &[String]),
) {
    let grid = read_sheet(path, "工程表");
    assert_eq!(grid[0][2], "R2年度\n（2020）");
    assert_eq!(grid[0][6], "R6年度\n（2024）");
    for row in &grid[1..=items] {
        for (k, fy) in (2020..=2024).enumerate() {
            let want = s_item
                .iter()
                .zip(s_fy)
                .zip(s_text)
                .find(|((i, f), _)| **i == row[0] && **f == fy.to_string())
                .map(|(_, t)| t.clone())
                .unwrap();
            let got = row.get(2 + k).cloned().unwrap_or_default();
            assert_eq!(got, want, "{book} {} {fy}", row[0]);
        }
    }
}

/// The summary lists all 17 items, with their sections.
fn check_summary_items(dir: &Path) {
    let summary = dir.join("全体集計.xlsx");
    assert_eq!(
        sheet_names(&summary),
        vec![
            "概要",
            "部署一覧",
            "回収状況",
            "部署別進捗",
            "未報告部署",
            "進捗推移",
            "年度評価",
            "年度評価集計",
            "進捗",
            "実践項目",
            "工程表",
            "取組",
            "診断"
        ]
    );
    let all = read_sheet(&summary, "実践項目");
    assert_eq!(all.len(), 18);
    assert_eq!(all[1][0], "7-1");
    assert_eq!(all[17][0], "11-7");
    let row_11_1 = all.iter().find(|r| r[0] == "11-1").unwrap();
    assert_eq!(row_11_1[7], "(財)管財課");
    assert_eq!(row_11_1[9], "○", "各担当部署 is shown as a flag");
    // This fiscal year's activity (FY2024 for 2024-09).
    let row_10_1 = all.iter().find(|r| r[0] == "10-1").unwrap();
    assert_eq!(row_10_1[5], "町内会合同事業促進補助金などの見直し");
    let row_11_2 = all.iter().find(|r| r[0] == "11-2").unwrap();
    assert_eq!(row_11_2[5], "未利用地の売却、有効活用の検討・実施");
    assert_eq!(row_11_2[6], "継続");
}

#[test]
fn workbooks_are_made_for_people() {
    let input = sample_input();
    let out = tempfile::tempdir().unwrap();
    assert_eq!(run_gyokaku(input.path(), out.path(), PERIOD).code, 0);
    let path = out
        .path()
        .join(PERIOD)
        .join("市民生活部_窓口サービス課_2024-09.xlsx");

    let styles = zip_entry(&path, "xl/styles.xml");
    assert!(styles.contains("ＭＳ Ｐゴシック"), "Japanese font");
    let wb = zip_entry(&path, "xl/workbook.xml");
    assert!(
        wb.contains("_xlnm.Print_Titles"),
        "header rows repeat on every printed page"
    );
    let items = sheet_xml(&path, "実践項目");
    assert!(items.contains(r#"state="frozen""#), "frozen header");
    assert!(items.contains("<autoFilter"), "filter on the table");
    assert!(
        items.contains(r#"paperSize="9""#) && items.contains(r#"orientation="landscape""#),
        "A4 landscape"
    );
    // A fixed print scale, never fit-to-width (which shrank wide sheets to half size);
    // tests/it/print_layout.rs checks every sheet.
    assert!(
        items.contains(r#"scale="#) && !items.contains("fitToPage"),
        "an explicit scale"
    );
    // Widths are fixed per sheet, the same in every section's workbook: 「窓口の利便性向上に
    // 向けた取組」 (14 full-width characters, 28 columns) wraps in the cover's column B
    // and its row is two lines tall.
    let cover = sheet_xml(&path, "表紙");
    let other = sheet_xml(
        &out.path().join(PERIOD).join("消防本部_総務課_2024-09.xlsx"),
        "表紙",
    );
    let width = |xml: &str| -> f64 {
        let cols = xml
            .split("<cols>")
            .nth(1)
            .unwrap()
            .split("</cols>")
            .next()
            .unwrap();
        let col_b = cols
            .split("<col ")
            .find(|c| c.contains(r#"min="2""#))
            .unwrap();
        col_b
            .split("width=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    assert!(width(&cover) < 28.0, "width {}", width(&cover));
    assert_eq!(width(&cover), width(&other));
    let items = read_sheet(&path, "表紙");
    let first = 1 + items
        .iter()
        .position(|r| {
            r.get(1)
                .is_some_and(|c| c == "窓口の利便性向上に向けた取組")
        })
        .unwrap();
    let row = cover
        .split("<row ")
        .find(|r| r.starts_with(&format!("r=\"{first}\"")))
        .unwrap();
    let height: f64 = row
        .split("ht=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(height >= 32.0, "{row}");
}

#[test]
fn rerun_gives_byte_identical_outputs() {
    let input = sample_input();
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    assert_eq!(run_gyokaku(input.path(), a.path(), PERIOD).code, 0);
    assert_eq!(run_gyokaku(input.path(), b.path(), PERIOD).code, 0);
    // And again into the same folder: the period is replaced as a whole.
    assert_eq!(run_gyokaku(input.path(), a.path(), PERIOD).code, 0);
    let mut compared = 0;
    for entry in std::fs::read_dir(a.path().join(PERIOD)).unwrap() {
        let p = entry.unwrap().path();
        if p.is_file() {
            let other = b.path().join(PERIOD).join(p.file_name().unwrap());
            assert_eq!(
                std::fs::read(&p).unwrap(),
                std::fs::read(&other).unwrap(),
                "{}",
                p.display()
            );
            compared += 1;
        }
    }
    assert_eq!(
        compared, 15,
        "13 section workbooks, the summary and the manifest"
    );
    let leftovers: Vec<_> = std::fs::read_dir(a.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        leftovers,
        vec![PERIOD.to_string()],
        "no staging folders left behind"
    );
}

#[test]
fn bad_inputs_are_located_and_the_good_files_still_produce_workbooks() {
    let missing = std::fs::read(fixture("plans/plan_missing_department.txt")).unwrap();
    let mut junk: Vec<u8> = (0..2048u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    junk[0] = 0x89;
    let input = input_with_plans(&[
        ("plan_sample_no07-11.txt", sample_text().into_bytes()),
        ("empty.txt", Vec::new()),
        ("junk.bin", junk),
        ("plan_missing_department.txt", missing),
    ]);
    let out = tempfile::tempdir().unwrap();
    let r = run_gyokaku(input.path(), out.path(), PERIOD);
    assert_eq!(r.code, 2, "stdout: {}\nstderr: {}", r.stdout, r.stderr);
    assert!(r.stderr.contains("plans/empty.txt"), "{}", r.stderr);

    let dir = out.path().join(PERIOD);
    let diag = read_table(&dir, "diagnostics");
    let rows: Vec<(String, String, String, String)> = str_col(&diag, "file")
        .into_iter()
        .zip(str_col(&diag, "location"))
        .zip(str_col(&diag, "code"))
        .zip(str_col(&diag, "message"))
        .map(|(((f, l), c), m)| (f, l, c, m))
        .collect();
    let find = |file: &str| {
        rows.iter()
            .find(|r| r.0 == file)
            .unwrap_or_else(|| panic!("no finding for {file}: {rows:#?}"))
    };
    let empty = find("plans/empty.txt");
    assert_eq!(empty.2, "plan.decode");
    assert!(empty.3.contains("空"));
    let junk = find("plans/junk.bin");
    assert_eq!(junk.2, "plan.decode");
    assert!(junk.1.starts_with("バイト "), "{junk:?}");
    let miss = find("plans/plan_missing_department.txt");
    assert_eq!(miss.2, "plan.missing_department");
    assert!(miss.1.ends_with("行目"), "{miss:?}");

    // The good plan and the good item of the damaged one are used.
    assert_eq!(read_table(&dir, "practice_items").height(), 19);
    assert!(dir.join("市民生活部_窓口サービス課_2024-09.xlsx").is_file());
    assert!(dir.join("総務部_行政改革推進課_2024-09.xlsx").is_file());
    let summary = dir.join("全体集計.xlsx");
    let diag_sheet = read_sheet(&summary, "診断");
    assert_eq!(diag_sheet.len(), 1 + diag.height());
    assert!(
        diag_sheet
            .iter()
            .any(|r| r[2] == "plans/junk.bin" && r[3].starts_with("バイト "))
    );
    let items = read_sheet(&summary, "実践項目");
    let orphan = items
        .iter()
        .find(|r| r[0] == "12-1")
        .expect("the item without a section is in the summary");
    assert_eq!(orphan[7], "");
}

#[test]
fn nothing_usable_exits_1_and_leaves_output_alone() {
    let input = input_with_plans(&[("empty.txt", Vec::new())]);
    let out = tempfile::tempdir().unwrap();
    let r = run_gyokaku(input.path(), out.path(), PERIOD);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("使える計画がありません"), "{}", r.stderr);
    assert!(!out.path().join(PERIOD).exists());

    let no_plans = tempfile::tempdir().unwrap();
    let r = run_gyokaku(no_plans.path(), out.path(), PERIOD);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("plans"), "{}", r.stderr);
}

#[test]
fn bad_period_is_refused_with_a_message() {
    let input = sample_input();
    let out = tempfile::tempdir().unwrap();
    let r = run_gyokaku(input.path(), out.path(), "2024-13");
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("1〜12"), "{}", r.stderr);
}

#[test]
fn usage_errors_have_their_own_exit_code() {
    let input = sample_input();
    let out = tempfile::tempdir().unwrap();
    let r = run_gyokaku(input.path(), out.path(), "2024-13");
    assert_eq!(r.code, 64, "{}", r.stderr);
    let r = run_gyokaku(input.path(), out.path(), "9999-12");
    assert_eq!(r.code, 64, "{}", r.stderr);
    assert!(r.stderr.contains("年は 1900〜2200"), "{}", r.stderr);
    assert!(!out.path().join("9999-12").exists());
}

/// A generated workbook opens in LibreOffice as a real client would. `.ci/run` installs
/// LibreOffice; on a developer machine without it the check says so and passes, but in
/// CI (CI set) a missing soffice fails the test.
#[test]
fn libreoffice_opens_the_workbooks() {
    let soffice = ["soffice", "libreoffice"].into_iter().find(|c| {
        std::process::Command::new(c)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    let Some(soffice) = soffice else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have LibreOffice (installed by scripts/test.sh)"
        );
        eprintln!("soffice not installed: LibreOffice check not run");
        return;
    };
    let input = sample_input();
    let out = tempfile::tempdir().unwrap();
    assert_eq!(run_gyokaku(input.path(), out.path(), PERIOD).code, 0);
    let dir = out.path().join(PERIOD);
    let pdf_dir = tempfile::tempdir().unwrap();
    let profile = tempfile::tempdir().unwrap();
    for book in ["全体集計.xlsx", "財政部_管財課_2024-09.xlsx"] {
        let status = std::process::Command::new(soffice)
            .arg(format!(
                "-env:UserInstallation=file://{}",
                profile.path().display()
            ))
            .args(["--headless", "--convert-to", "pdf", "--outdir"])
            .arg(pdf_dir.path())
            .arg(dir.join(book))
            .output()
            .expect("run soffice");
        assert!(
            status.status.success(),
            "{}",
            String::from_utf8_lossy(&status.stderr)
        );
        let pdf = pdf_dir.path().join(book.replace(".xlsx", ".pdf"));
        let bytes = std::fs::read(&pdf).unwrap_or_else(|_| panic!("{} converted", pdf.display()));
        assert!(bytes.starts_with(b"%PDF") && bytes.len() > 1000);
    }
}

/// The 処理時間 line names every stage; with stderr not a terminal (captured here, as
/// in CI) no progress bar is drawn there.
#[test]
fn run_prints_stage_timings_and_no_progress_bar_when_not_a_terminal() {
    let input = input_with_progress();
    let out = tempfile::tempdir().unwrap();
    let r = run_gyokaku(input.path(), out.path(), PERIOD);
    assert!(r.code == 0 || r.code == 2, "stderr: {}", r.stderr);
    let line = r
        .stdout
        .lines()
        .find(|l| l.starts_with("処理時間: "))
        .unwrap_or_else(|| panic!("no 処理時間 line in: {}", r.stdout));
    assert_eq!(
        r.stdout.lines().last(),
        Some(line),
        "the timings come after the other lines"
    );
    for stage in ["計画", "進捗報告", "集約", "表", "ブック", "保存"] {
        assert!(
            line.contains(&format!("、{stage} ")) || line.contains(&format!(": {stage} ")),
            "{stage} missing in {line}"
        );
    }
    assert!(
        line.contains("（合計 ") && line.ends_with(" 秒）"),
        "{line}"
    );
    for bar in ["読込中", "作成中", "\r", "\x1b["] {
        assert!(
            !r.stderr.contains(bar),
            "progress bar on stderr: {:?}",
            r.stderr
        );
    }
    assert_eq!(r.stderr, "", "a clean run prints nothing on stderr");
}
