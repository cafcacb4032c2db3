//! Property tests of the inputs besides plan text and progress reports: a plan as a
//! spreadsheet (CSV and xlsx), the 部署マスタ and the configuration. Whatever they hold,
//! reading them does not panic; a plan sheet's initiatives hold their own items; every
//! name written in a 部署マスタ resolves to a section; a configuration is read or refused
//! with a short message. The fuzz targets `plan_sheet`, `directory` and `config` (`fuzz/`)
//! take the same steps on arbitrary bytes.

use encoding_rs::SHIFT_JIS;
use gyokaku::Settings;
use gyokaku::plan::read_plan_file;
use gyokaku::sections::{Sections, read_directory};
use proptest::prelude::*;

/// `cases` unless `PROPTEST_CASES` asks for another number.
fn config(cases: u32) -> ProptestConfig {
    let mut c = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        c.cases = cases;
    }
    c
}

/// Cells a plan sheet or a 部署マスタ holds, and the ones that break readers.
const CELLS: &[&str] = &[
    "取組番号",
    "No.",
    "取組名",
    "実践項目",
    "実践項目名",
    "担当部署",
    "担当課",
    "取組内容",
    "工程表",
    "R6年度",
    "R7年度",
    "令和8年度",
    "2027年度",
    "1901年度",
    "H30",
    "部局",
    "課名",
    "略称",
    "所属コード",
    "旧名称",
    "適用開始日",
    "総務部",
    "総",
    "(総)総務課",
    "総務部 総務課",
    "総務部総務課",
    "都市建設部\n都市総務課",
    "(主)財政課、(副)契約課",
    "010500",
    "行政改革推進課、家庭支援室",
    "2024-04-01",
    "令和6年4月1日",
    "R1.4.30",
    "9999-99-99",
    "7",
    "7-1",
    "10101",
    "１",
    "①",
    "（１）",
    "検討",
    "→",
    "⇒",
    "○",
    "同上",
    "注）",
    "進捗状況",
    "=1+1",
    "",
];

fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => Just(String::new()),
        8 => proptest::sample::select(CELLS).prop_map(str::to_string),
        1 => "[ -~]{0,6}",
        1 => proptest::collection::vec(any::<char>(), 0..4).prop_map(String::from_iter),
    ]
}

fn rows(max: usize) -> impl Strategy<Value = Vec<Vec<String>>> {
    proptest::collection::vec(proptest::collection::vec(cell(), 0..9), 0..max)
}

fn csv_bytes(grid: &[Vec<String>], shift_jis: bool) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    for row in grid {
        if row.is_empty() {
            w.write_record([""]).unwrap();
        } else {
            w.write_record(row).unwrap();
        }
    }
    let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
    if shift_jis {
        SHIFT_JIS.encode(&text).0.into_owned()
    } else {
        text.into_bytes()
    }
}

fn xlsx_bytes(grid: &[Vec<String>]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (r, row) in grid.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if let Ok(n) = v.parse::<f64>() {
                ws.write_number(r as u32, c as u16, n).unwrap();
            } else {
                ws.write_string(r as u32, c as u16, v).unwrap();
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

/// Reads `bytes` as a plan file named `name`; an initiative read holds its own items.
fn plan_sheet_round(name: &str, bytes: &[u8]) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let s = Settings::default();
    let (parsed, _) = read_plan_file(&path, name, &s);
    if let Some(parsed) = parsed {
        for ini in &parsed.initiatives {
            for item in &ini.items {
                assert_eq!(item.initiative_no, ini.no, "{name}: item {}", item.id);
            }
        }
    }
}

/// Reads `bytes` as the 部署マスタ; every name of every cell then resolves without panic.
fn directory_round(name: &str, bytes: &[u8], grid: &[Vec<String>]) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let s = Settings::default();
    let (directory, findings) = read_directory(&path, name, &s);
    assert!(
        directory.is_some() || !findings.is_empty(),
        "{name}: refused silently"
    );
    let sections = Sections::new(&s, directory, None);
    let resolver = sections.resolver();
    for cell in grid.iter().flatten() {
        let _ = resolver.resolve(cell);
    }
}

/// Configuration fragments: known tables and keys with values of every kind.
fn toml_text() -> impl Strategy<Value = String> {
    let table = proptest::sample::select(
        &[
            "[limits]",
            "[plan]",
            "[progress]",
            "[report]",
            "[bureaus]",
            "[[scales]]",
            "[[progress.statuses]]",
            "[unknown]",
            "",
        ][..],
    );
    let key = proptest::sample::select(
        &[
            "max_rows",
            "max_text_chars",
            "max_file_mb",
            "due_day",
            "key",
            "name",
            "values",
            "item_id",
            "results",
            "総",
            "label",
            "\"\"",
            "a.b",
        ][..],
    );
    let value = proptest::sample::select(
        &[
            "0",
            "-1",
            "18446744073709551616",
            "1e400",
            "\"\"",
            "\"実施中\"",
            "[]",
            "[\"S\", \"A\", \"S\"]",
            "{}",
            "true",
            "\"\\u0000\"",
            "'''\n'''",
            "[[]]",
        ][..],
    );
    proptest::collection::vec(
        (table, key, value).prop_map(|(t, k, v)| format!("{t}\n{k} = {v}\n")),
        0..8,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(config(120))]

    #[test]
    fn plan_sheets_as_csv_and_xlsx_read_without_panic(
        grid in rows(14),
        shift_jis in any::<bool>(),
    ) {
        plan_sheet_round("計画_2024-04.csv", &csv_bytes(&grid, shift_jis));
        plan_sheet_round("計画_2024-04.xlsx", &xlsx_bytes(&grid));
    }

    /// A real header first, so that the rows below are read as sections.
    #[test]
    fn a_directory_of_any_rows_reads_and_resolves_without_panic(
        body in rows(16),
        shift_jis in any::<bool>(),
    ) {
        let mut grid = vec![
            ["部局", "課名", "略称", "所属コード", "旧名称", "適用開始日"]
                .map(str::to_string)
                .to_vec(),
        ];
        grid.extend(body);
        directory_round("departments.csv", &csv_bytes(&grid, shift_jis), &grid);
        directory_round("部署マスタ.xlsx", &xlsx_bytes(&grid), &grid);
    }

    #[test]
    fn any_configuration_is_read_or_refused_with_a_short_message(text in toml_text()) {
        config_round(&text);
    }
}

/// `text` as `gyokaku.toml`, read as a run reads it: the settings, or a refusal whose
/// message (what the clerk sees) quotes at most a short excerpt.
fn config_round(text: &str) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gyokaku.toml");
    std::fs::write(&path, text).unwrap();
    match Settings::load_or_default(Some(&path)) {
        Ok(s) => assert!(s.limits.max_cell_chars >= 1),
        Err(e) => {
            let message = e.to_string();
            assert!(!message.is_empty());
            assert!(
                message.chars().count() < 2_000,
                "{} chars",
                message.chars().count()
            );
        }
    }
}

#[test]
fn a_configuration_of_arbitrary_text_never_panics() {
    for text in [
        "\u{0}",
        "[limits\nmax_rows = ",
        "[[scales]]\nkey = \"item_id\"\n",
        &"[a]\n".repeat(10_000),
        &format!("x = \"{}\"", "長".repeat(100_000)),
        &format!("[limits]\nmax_rows = \"{}\"", "長".repeat(100_000)),
    ] {
        config_round(text);
    }
}
