//! Progress reports in every format: the exact rows they produce, the row accounting,
//! located diagnostics for bad values, periods and superseded reports.

use std::path::Path;

use crate::common::{fixture, sample_text};
use gyokaku::Lineage;
use gyokaku::config::Settings;
use gyokaku::diagnostics::{Finding, Severity};
use gyokaku::plan::edition::Edition;
use gyokaku::plan::{Plan, parse_plan_text};
use gyokaku::progress::{
    Catalog, FileReport, PeriodSource, latest_period, read_progress_file, settle,
};
use gyokaku::wareki::Period;

fn sample_plan() -> Plan {
    let s = Settings::default();
    let (parsed, mut f) = parse_plan_text("plan.txt", &sample_text(), &s);
    Plan::assemble(
        vec![parsed],
        &gyokaku::sections::Sections::configured(&s),
        &mut f,
    )
}

fn sample_editions() -> Vec<Edition> {
    vec![Edition {
        date: None,
        plan: sample_plan(),
    }]
}

fn read(path: &Path, display: &str, file_index: usize) -> FileReport {
    let editions = sample_editions();
    read_progress_file(
        path,
        display,
        file_index,
        &Catalog::new(&editions, &Lineage::new(&editions), None),
        &Settings::default(),
    )
}

/// (item, period, status, status_raw, percent, results, sheet, row)
type Row = (
    String,
    String,
    String,
    String,
    Option<f64>,
    String,
    String,
    u32,
);

fn rows(r: &FileReport) -> Vec<Row> {
    r.records
        .iter()
        .map(|x| {
            (
                x.item_id.to_string(),
                x.period.map(|p| p.to_string()).unwrap_or_default(),
                x.status.clone().unwrap_or_default(),
                x.status_raw.clone(),
                x.percent,
                x.results.clone(),
                x.source_sheet.clone(),
                x.source_row,
            )
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn row(
    item: &str,
    period: &str,
    status: &str,
    raw: &str,
    pct: Option<f64>,
    results: &str,
    sheet: &str,
    r: u32,
) -> Row {
    (
        item.into(),
        period.into(),
        status.into(),
        raw.into(),
        pct,
        results.into(),
        sheet.into(),
        r,
    )
}

fn accounting(r: &FileReport) -> (usize, usize, usize, usize) {
    let a = &r.account;
    assert!(a.balanced(), "{a:?}");
    (a.rows_read, a.accepted, a.rejected, a.skipped)
}

#[test]
fn xlsx_with_title_rows_merged_header_era_dates_and_percent_strings() {
    let r = read(
        &fixture("progress/窓口サービス課_進捗報告_R6-09.xlsx"),
        "窓口サービス課_進捗報告_R6-09.xlsx",
        0,
    );
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
    assert_eq!(
        rows(&r),
        vec![
            row(
                "7-1",
                "2024-09",
                "検討中",
                "検討",
                Some(80.0),
                "先進自治体3市の事例を調査した",
                "R6.9月報告",
                5
            ),
            row(
                "7-2",
                "2024-09",
                "実施中",
                "実施中",
                Some(50.0),
                "混雑状況をホームページで公開\n（9月から毎日更新）",
                "R6.9月報告",
                7
            ),
            row(
                "8-2",
                "2024-09",
                "完了",
                "完了",
                Some(100.0),
                "全窓口でキャッシュレス決済を導入",
                "R6.9月報告",
                8
            ),
        ]
    );
    assert_eq!(r.records[0].issues, "費用対効果の見極め");
    assert_eq!(r.records[0].next_steps, "導入可否の判断");
    assert_eq!(r.records[0].report_day, Some(30));
    assert_eq!(r.records[0].period_source, PeriodSource::DateColumn);
    // 10 rows: 2 title + 2 header + 3 data + 2 blank + 1 note.
    assert_eq!(accounting(&r), (10, 3, 0, 7));
}

#[test]
fn xls_from_libreoffice() {
    let r = read(
        &fixture("progress/消防総務課_2024-09.xls"),
        "消防総務課_2024-09.xls",
        0,
    );
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
    assert_eq!(
        rows(&r),
        vec![
            row(
                "9-2",
                "2024-09",
                "実施中",
                "継続",
                Some(60.0),
                "救急安心センターの活用を検討",
                "報告",
                5
            ),
            row(
                "9-3",
                "2024-09",
                "完了",
                "実施済",
                Some(100.0),
                "多言語対応サービスを運用",
                "報告",
                6
            ),
        ]
    );
    assert_eq!(accounting(&r), (8, 2, 0, 6));
}

#[test]
fn ods_with_blank_rows_and_the_period_from_the_file_name() {
    let r = read(
        &fixture("progress/管財課_令和6年9月.ods"),
        "管財課_令和6年9月.ods",
        0,
    );
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
    assert_eq!(
        rows(&r),
        vec![
            row(
                "11-1",
                "2024-09",
                "実施中",
                "推進中",
                Some(45.0),
                "個別施設計画の見直しに着手",
                "9月",
                5
            ),
            row(
                "11-2",
                "2024-09",
                "遅延",
                "遅れ",
                Some(20.0),
                "入札不調が続いている",
                "9月",
                8
            ),
        ]
    );
    assert_eq!(r.records[0].period_source, PeriodSource::FileName);
    assert_eq!(accounting(&r), (10, 2, 0, 8));
}

#[test]
fn shift_jis_csv_with_title_row_and_note() {
    let r = read(
        &fixture("progress/進捗_202409_環境生活課.csv"),
        "進捗_202409_環境生活課.csv",
        0,
    );
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
    assert_eq!(
        rows(&r),
        vec![row(
            "11-3",
            "2024-09",
            "検討中",
            "調査中",
            Some(30.0),
            "民間委託の事例を調査",
            "",
            4
        )]
    );
    assert_eq!(accounting(&r), (6, 1, 0, 5));
}

#[test]
fn utf8_csv_matched_by_item_name() {
    let r = read(
        &fixture("progress/都市建設部_2024-09.csv"),
        "都市建設部_2024-09.csv",
        0,
    );
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
    assert_eq!(
        rows(&r),
        vec![
            row(
                "11-5",
                "2024-09",
                "実施中",
                "取組中",
                Some(60.0),
                "指定管理者制度の導入を検討",
                "",
                2
            ),
            row("11-6", "2024-09", "未着手", "未実施", Some(0.0), "", "", 3),
        ]
    );
    assert_eq!(r.records[1].issues, "事業者の確保");
    assert_eq!(accounting(&r), (3, 2, 0, 1));
}

fn finding<'a>(r: &'a FileReport, code: &str) -> &'a Finding {
    r.findings
        .iter()
        .find(|f| f.code.as_str() == code)
        .unwrap_or_else(|| panic!("no {code} in {:#?}", r.findings))
}

#[test]
fn each_bad_value_is_located_and_the_good_rows_are_kept() {
    let r = read(&fixture("progress_bad/進捗報告.xlsx"), "進捗報告.xlsx", 0);
    let kept: Vec<(String, u32)> = r
        .records
        .iter()
        .map(|x| (x.item_id.to_string(), x.source_row))
        .collect();
    assert_eq!(kept, vec![("7-1".to_string(), 5), ("8-3".to_string(), 12)]);
    assert_eq!(accounting(&r), (14, 2, 6, 6));

    let f = finding(&r, "progress.unknown_status");
    assert_eq!(
        (
            f.severity,
            f.file.as_str(),
            f.location.as_str(),
            f.value.as_str()
        ),
        (
            Severity::Error,
            "進捗報告.xlsx",
            "R6.9月報告 6行目 D列",
            "保留"
        )
    );
    assert!(f.message.contains("進捗状況「保留」は定義されていません（定義済み: 未着手, 検討中, 実施中, 完了, 遅延, 中止）"), "{}", f.message);

    let f = finding(&r, "progress.percent_range");
    assert_eq!(
        (f.location.as_str(), f.value.as_str()),
        ("R6.9月報告 7行目 E列", "120%")
    );
    assert!(f.message.contains("0〜100"), "{}", f.message);

    let f = finding(&r, "progress.unknown_item");
    assert_eq!(
        (f.location.as_str(), f.value.as_str()),
        ("R6.9月報告 8行目 B列", "窓口の混雑状況の市民周知")
    );
    assert!(
        f.message.contains("『窓口の混雑状況の市民周知』に一致する実践項目がありません。候補: 7-2 窓口の混雑状況に関する市民周知"),
        "{}",
        f.message
    );

    let f = finding(&r, "progress.bad_date");
    assert_eq!(
        (f.location.as_str(), f.value.as_str()),
        ("R6.9月報告 9行目 I列", "9月末")
    );
    assert!(f.message.contains("令和6年9月30日"), "{}", f.message);

    let f = finding(&r, "progress.section_mismatch");
    assert_eq!(f.location, "R6.9月報告 10行目 C列");
    assert!(f.message.contains("(財)納税課"), "{}", f.message);

    let f = finding(&r, "progress.unknown_item_id");
    assert_eq!(
        (f.location.as_str(), f.value.as_str()),
        ("R6.9月報告 11行目 A列", "99-1")
    );
}

#[test]
fn sheet_without_header_is_reported_and_rows_without_item_rejected() {
    let r = read(
        &fixture("progress_bad/見出しなし_2024-09.xlsx"),
        "見出しなし_2024-09.xlsx",
        0,
    );
    let f = finding(&r, "progress.no_header");
    assert_eq!(f.severity, Severity::Warning);
    assert!(f.message.contains("シート「メモ」"), "{}", f.message);
    let f = finding(&r, "progress.no_item");
    assert_eq!(f.location, "報告 3行目");
    assert_eq!(
        rows(&r),
        vec![row(
            "10-1",
            "2024-09",
            "実施中",
            "実施中",
            None,
            "補助金の見直しを検討",
            "報告",
            2
        )]
    );
    assert_eq!(accounting(&r), (4, 1, 1, 2));
}

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn a_stale_number_with_a_known_name_follows_the_name_and_a_conflict_is_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "r_2024-09.csv",
        "項目番号,実践項目名,進捗状況\n7-1,窓口の混雑状況に関する市民周知,実施中\n7-1,まったく別の取組,完了\n",
    );
    let r = read(&p, "r_2024-09.csv", 0);
    assert_eq!(
        rows(&r),
        vec![row("7-2", "2024-09", "実施中", "実施中", None, "", "", 2)]
    );
    let f = finding(&r, "progress.name_mismatch");
    assert_eq!(
        (f.severity, f.location.as_str()),
        (Severity::Warning, "2行目 A列")
    );
    assert!(
        f.message.contains("7-2 として取り込みました"),
        "{}",
        f.message
    );
    let f = finding(&r, "progress.id_name_conflict");
    assert_eq!(
        (f.severity, f.location.as_str()),
        (Severity::Error, "3行目 B列")
    );
    assert!(
        f.message.contains("どちらが正しいか確認してください"),
        "{}",
        f.message
    );
    assert_eq!(accounting(&r), (3, 1, 1, 1));
}

#[test]
fn later_file_or_row_wins_and_periods_resolve_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(
        dir.path(),
        "a_2024-08.csv",
        "項目番号,進捗状況,報告日\n7-1,検討中,\n7-2,実施中,2024-09-15\n",
    );
    let b = write(
        dir.path(),
        "b.csv",
        "項目番号,進捗状況\n7-1,実施中\n7-1,完了\n",
    );
    let ra = read(&a, "a_2024-08.csv", 0);
    let rb = read(&b, "b.csv", 1);
    // Date column first, then the file name; b.csv names no month.
    assert_eq!(ra.records[0].period, Some(Period::new(2024, 8).unwrap()));
    assert_eq!(ra.records[1].period, Some(Period::new(2024, 9).unwrap()));
    assert_eq!(rb.records[0].period, None);
    assert_eq!(
        latest_period(&[ra.clone(), rb.clone()]),
        Some(Period::new(2024, 9).unwrap())
    );

    let editions = sample_editions();
    let settled = settle(
        vec![ra, rb],
        Period::new(2024, 8).unwrap(),
        &Catalog::new(&editions, &Lineage::new(&editions), None),
        0,
    );
    // b.csv rows take the run period (2024-08) and supersede a.csv's 7-1; its row 3 wins
    // over its row 2.
    let got: Vec<(String, String, String, u32)> = settled
        .records
        .iter()
        .map(|r| {
            (
                r.item_id.to_string(),
                r.period.to_string(),
                r.source_file.clone(),
                r.source_row,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("7-1".into(), "2024-08".into(), "b.csv".into(), 3),
            ("7-2".into(), "2024-09".into(), "a_2024-08.csv".into(), 3),
        ]
    );
    assert_eq!(settled.superseded.get("a_2024-08.csv"), Some(&1));
    assert_eq!(settled.superseded.get("b.csv"), Some(&1));
    // Another file's report replacing one: a warning naming both files; two rows of one
    // file that disagree (実施中, then 完了): a warning too.
    let mut found: Vec<(&str, Severity, &str)> = settled
        .findings
        .iter()
        .map(|f| (f.code.as_str(), f.severity, f.file.as_str()))
        .collect();
    found.sort();
    assert_eq!(
        found,
        vec![
            ("progress.conflict", Severity::Warning, "b.csv"),
            ("progress.replaced", Severity::Warning, "a_2024-08.csv"),
        ]
    );
    let replaced = settled
        .findings
        .iter()
        .find(|f| f.code.as_str() == "progress.replaced")
        .unwrap();
    assert!(
        replaced.message.contains("「a_2024-08.csv」と「b.csv」"),
        "{}",
        replaced.message
    );
}

/// A section's one-row report whose 進捗率 cell holds 1 formatted as a percentage (Excel
/// and LibreOffice show 100%), as .xlsx, .ods and .xls
/// (`fixtures/progress_percent/make_percent_reports.py`): the cell is read by its
/// format, as 100 %, in each; 完了 at 100 % is not flagged.
#[test]
fn a_percent_formatted_one_reads_as_a_hundred_percent_in_xlsx_ods_and_xls() {
    for ext in ["xlsx", "ods", "xls"] {
        let name = format!("窓口サービス課_R6-09.{ext}");
        let input = crate::common::input_with_plans(&[(
            "plan_sample_no07-11.txt",
            sample_text().into_bytes(),
        )]);
        let progress = input.path().join("progress");
        std::fs::create_dir_all(&progress).expect("progress");
        std::fs::copy(
            fixture(&format!("progress_percent/{name}")),
            progress.join(&name),
        )
        .expect("fixture");
        let out = tempfile::tempdir().expect("out");
        let r = crate::common::run_gyokaku(input.path(), out.path(), "2024-09");
        let dir = out.path().join("2024-09");
        assert_eq!(r.code, 0, "{ext}: {}\n{}", r.stdout, r.stderr);
        assert_eq!(
            crate::common::table_rows(&dir, "progress", &["item_id", "status", "percent"]),
            ["7-1|完了|100.0"],
            "{ext}"
        );
        let findings = crate::common::table_rows(&dir, "diagnostics", &["code", "value"]);
        assert!(findings.is_empty(), "{ext}: {findings:?}");
    }
}
