//! Property tests of the promise made for every input: whatever one file holds, reading it
//! does not panic, and every row of a progress file is accounted for
//! (`rows_read = accepted + rejected + skipped`).
//!
//! Few cases and small inputs, so that they stay quick in a debug `cargo test`; set
//! `PROPTEST_CASES` for a longer run. The inputs the fuzz targets (`fuzz/`) found are kept
//! in `fixtures/fuzz/<target>/` and replayed here through the same steps.

use std::path::Path;
use std::sync::LazyLock;

use crate::common::{fixture, sample_text};
use encoding_rs::{EUC_JP, SHIFT_JIS};
use gyokaku::plan::edition::Edition;
use gyokaku::plan::{ParsedPlan, Plan, parse_plan_text, read_plan_file};
use gyokaku::progress::{Catalog, FileReport, read_progress_file, vet_cached};
use gyokaku::run::cache::store;
use gyokaku::{FindingCode, Lineage, Settings};
use proptest::prelude::*;

/// The sample plan, parsed once: what progress files are read against.
static SAMPLE: LazyLock<ParsedPlan> =
    LazyLock::new(|| parse_plan_text("plan.txt", &sample_text(), &Settings::default()).0);

static EDITIONS: LazyLock<Vec<Edition>> = LazyLock::new(|| {
    let s = Settings::default();
    let mut findings = Vec::new();
    let plan = Plan::assemble(
        vec![SAMPLE.clone()],
        &gyokaku::sections::Sections::configured(&s),
        &mut findings,
    );
    vec![Edition { date: None, plan }]
});

/// `cases` unless `PROPTEST_CASES` asks for another number.
fn config(cases: u32) -> ProptestConfig {
    let mut c = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        c.cases = cases;
    }
    c
}

// ---------------------------------------------------------------------------------------
// What the fuzz targets do with one input (fuzz/fuzz_targets/*.rs), for the kept inputs
// and for the properties below.

/// Parses plan text and joins it to the sample plan (initiative numbers collide), then
/// indexes the result as progress files would look items up.
fn plan_round(parsed: ParsedPlan) {
    let s = Settings::default();
    let mut findings = Vec::new();
    let plan = Plan::assemble(
        vec![SAMPLE.clone(), parsed],
        &gyokaku::sections::Sections::configured(&s),
        &mut findings,
    );
    let _ = (plan.item_count(), plan.fiscal_years());
    for (ini, item) in plan.items() {
        assert_eq!(
            item.initiative_no, ini.no,
            "item {} under No.{}",
            item.id, ini.no
        );
    }
    let editions = [Edition { date: None, plan }];
    let _ = Catalog::new(&editions, &Lineage::new(&editions), None);
}

/// `plan_text`: the bytes of a plan file, decoded, parsed and assembled.
fn plan_file_round(path: &Path) {
    let (parsed, _) = read_plan_file(path, "plan.txt", &Settings::default());
    if let Some(parsed) = parsed {
        assert!(!parsed.initiatives.is_empty());
        plan_round(parsed);
    }
}

/// Reads a progress file against the sample plan and checks its row account.
fn read_checked(path: &Path) -> FileReport {
    let display = path.file_name().unwrap().to_string_lossy().into_owned();
    let lineage = Lineage::new(&EDITIONS);
    let catalog = Catalog::new(&EDITIONS, &lineage, None);
    let report = read_progress_file(path, &display, 0, &catalog, &Settings::default());
    let a = &report.account;
    assert!(
        a.balanced(),
        "{display}: read {} != accepted {} + rejected {} + skipped {}",
        a.rows_read,
        a.accepted,
        a.rejected,
        a.skipped
    );
    assert_eq!(a.accepted, report.records.len(), "{display}");
    // What the reader returns passes the checks a stored copy of it must pass, so that
    // a store is never refused for what the reader itself wrote.
    if let Err(why) = vet_cached(&report, &display, &catalog, &Settings::default()) {
        panic!("{display}: the reader's own report refused as stored: {why}");
    }
    report
}

/// `report_store`: the bytes as the payload of a store file (framed with a valid
/// checksum), decoded; every report that decodes is vetted against the sample plan.
/// Nothing may panic or allocate past the store's limit.
fn store_round(payload: &[u8]) -> usize {
    let Ok(reports) = store::decode(&store::frame(payload)) else {
        return 0;
    };
    let lineage = Lineage::new(&EDITIONS);
    let catalog = Catalog::new(&EDITIONS, &lineage, None);
    let s = Settings::default();
    reports
        .iter()
        .filter(|r| vet_cached(&r.report, &r.report.account.file, &catalog, &s).is_ok())
        .count()
}

/// The payload of a store holding the progress fixtures as read against the sample plan.
static STORE_PAYLOAD: LazyLock<Vec<u8>> = LazyLock::new(|| {
    let mut files: Vec<_> = std::fs::read_dir(fixture("progress"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let reports: Vec<FileReport> = files.iter().map(|p| read_checked(p)).collect();
    let keyed: Vec<_> = reports.iter().map(|r| ([3u8; 32], None, r)).collect();
    let framed = store::encode(&keyed).unwrap();
    assert_eq!(store_round(&framed[store::HEADER..]), reports.len());
    framed[store::HEADER..].to_vec()
});

/// `progress_file`: the first byte chooses the format and the file name, the rest is the
/// file (the same mapping as the fuzz target).
fn progress_input_round(data: &[u8]) -> Option<FileReport> {
    const FORMATS: [&str; 5] = ["xlsx", "xls", "ods", "csv", "xlsb"];
    let (&selector, body) = data.split_first()?;
    let ext = FORMATS[usize::from(selector) % FORMATS.len()];
    let name = if (usize::from(selector) / FORMATS.len()).is_multiple_of(2) {
        format!("進捗_2024-09.{ext}")
    } else {
        format!("進捗報告.{ext}")
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, body).unwrap();
    Some(read_checked(&path))
}

/// The files kept under `fixtures/fuzz/<target>/`, sorted.
fn kept_inputs(target: &str) -> Vec<std::path::PathBuf> {
    let Ok(dir) = std::fs::read_dir(fixture(&format!("fuzz/{target}"))) else {
        return Vec::new();
    };
    let mut files: Vec<_> = dir
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && !p.file_name().unwrap().to_string_lossy().starts_with('.'))
        .collect();
    files.sort();
    files
}

#[test]
fn kept_plan_text_inputs_read_without_panic() {
    for path in kept_inputs("plan_text") {
        plan_file_round(&path);
    }
}

#[test]
fn kept_progress_file_inputs_read_without_panic_and_balance() {
    for path in kept_inputs("progress_file") {
        let data = std::fs::read(&path).unwrap();
        progress_input_round(&data);
    }
}

#[test]
fn kept_report_store_inputs_decode_or_are_refused_without_panic() {
    let kept = kept_inputs("report_store");
    assert!(!kept.is_empty(), "the seed store is kept");
    for path in kept {
        store_round(&std::fs::read(&path).unwrap());
    }
}

/// A kept `progress_file` input is refused as unreadable by the checks made before the
/// reader runs, not by a panic caught inside the reader (with overflow checks off, as in
/// release builds, some of these inputs do not panic but abort).
fn refused(kept: &str) {
    let data = std::fs::read(fixture(&format!("fuzz/progress_file/{kept}"))).unwrap();
    let report = progress_input_round(&data).unwrap();
    let unreadable: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.code == FindingCode::ProgressUnreadable)
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(unreadable.len(), 1, "{kept}: {:#?}", report.findings);
    assert!(
        !unreadable[0].contains("異常が起きました"),
        "{kept}: refused only by a panic inside the reader: {}",
        unreadable[0]
    );
}

/// `uniqueCount="100000000000"` on a table of one string: calamine reserved room for
/// them all (2.4 TB), and the allocation failure aborted the process.
#[test]
fn xlsx_declaring_more_shared_strings_than_it_holds_is_refused() {
    refused("xlsx-shared-strings-count");
}

/// The fuzzer's find: two cells far apart (A1 and a cell near row 65,536, column 65,536)
/// made calamine allocate the whole rectangle between them (7.5 GB).
#[test]
fn xls_with_cells_far_apart_is_refused() {
    refused("xls-cells-far-apart");
}

/// A DIMENSIONS record declaring 4,294,967,295 × 255 cells: calamine reserved room for
/// them (44 TB) and the allocation failure aborted the process.
#[test]
fn xls_declaring_a_huge_sheet_is_refused() {
    refused("xls-dimensions-huge");
}

/// A DIMENSIONS record whose last row is before its first: a panic in calamine under
/// overflow checks, a wrap-around to a huge reservation without them (release builds).
#[test]
fn xls_with_inverted_dimensions_is_refused() {
    refused("xls-dimensions-inverted");
}

/// The directory's sector pointing to itself in the allocation table: calamine followed
/// the chain without end, growing its buffer until memory ran out.
#[test]
fn xls_with_a_sector_chain_loop_is_refused() {
    refused("xls-sector-chain-cycle");
}

// ---------------------------------------------------------------------------------------
// Plan text.

/// Pieces of plan lines, malformed ones included.
const PLAN_FRAGMENTS: &[&str] = &[
    "No.7",
    "No. 7",
    "No.",
    "No.０",
    "No.１２",
    "No. 100000000000000000000",
    "No.4294967296",
    "Ｎｏ．８",
    "実践項目名",
    "担当部署",
    "取組内容",
    "工程表",
    "各担当部署",
    "\t",
    "\t\t",
    "R2年度",
    "R 2年度",
    "Ｒ２年度",
    "R100000000000年度",
    "令和6年度",
    "H31年度",
    "(民)窓口サービス課",
    "（福）総合福祉課・(財)",
    "(",
    "）",
    "I. テーマ",
    "1. 健全な財政運営",
    "７．",
    "II. 現状と課題",
    "III. 取組内容",
    "IV. 目標・効果",
    "V. 実践項目",
    "- 3 -",
    "\u{c}",
    "→",
    "、",
    " ",
    "　",
    "9999999999999999999999",
    "１２３４５６７８９０",
];

fn plan_line() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => proptest::sample::select(PLAN_FRAGMENTS).prop_map(str::to_string),
        1 => proptest::collection::vec(any::<char>(), 0..6).prop_map(String::from_iter),
        1 => "[0-9０-９\\-.．、 ]{0,8}",
    ];
    proptest::collection::vec(piece, 0..6).prop_map(|p| p.concat())
}

fn plan_text() -> impl Strategy<Value = String> {
    (
        proptest::collection::vec(plan_line(), 0..40),
        prop_oneof![Just("\n"), Just("\r\n"), Just("\r")],
    )
        .prop_map(|(lines, eol)| lines.join(eol))
}

proptest! {
    #![proptest_config(config(200))]

    #[test]
    fn plan_text_from_plan_like_fragments_never_panics(text in plan_text()) {
        let (parsed, _) = parse_plan_text("plan.txt", &text, &Settings::default());
        plan_round(parsed);
    }

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        let (parsed, _) = parse_plan_text("plan.txt", &text, &Settings::default());
        plan_round(parsed);
    }

    /// The sample plan with random lines spliced in, so that the parser is deep inside an
    /// initiative when the odd line comes.
    #[test]
    fn sample_plan_with_lines_spliced_in_never_panics(
        at in proptest::collection::vec(any::<prop::sample::Index>(), 1..4),
        lines in proptest::collection::vec(plan_line(), 1..4),
    ) {
        let mut sample: Vec<String> = sample_text().lines().map(str::to_string).collect();
        for (i, line) in at.iter().zip(lines) {
            let k = i.index(sample.len() + 1);
            sample.insert(k, line);
        }
        let (parsed, _) = parse_plan_text("plan.txt", &sample.join("\n"), &Settings::default());
        plan_round(parsed);
    }

    /// Plan files as bytes in every encoding the reader detects (and random bytes).
    #[test]
    fn plan_files_in_any_encoding_never_panic(text in plan_text(), enc in 0..5u8, junk in proptest::collection::vec(any::<u8>(), 0..16)) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.txt");
        std::fs::write(&path, encode(&text, enc, &junk)).unwrap();
        plan_file_round(&path);
    }
}

// ---------------------------------------------------------------------------------------
// Progress reports as CSV.

/// Cell values: header words, item IDs and values as people type them, and odd text.
const CELL_FRAGMENTS: &[&str] = &[
    "項目番号",
    "実践項目名",
    "実践項目",
    "担当部署",
    "進捗状況",
    "進捗率",
    "取組実績",
    "課題",
    "今後の予定",
    "報告日",
    "時点",
    "No.",
    "7-1",
    "7-2",
    "11-3",
    "７－１",
    "99-9",
    "7-",
    "-1",
    "100000000000000000000-1",
    "住民異動等におけるタブレット端末の活用",
    "検討中",
    "実施中",
    "完了",
    "未着手",
    "取組中",
    "済",
    "80%",
    "６０％",
    "120%",
    "-5",
    "1e309",
    "NaN",
    "0.5",
    "R6/9",
    "R6.9",
    "令和6年9月",
    "2024-09",
    "2024年9月",
    "9999-99",
    "H31/4",
    "(民)窓口サービス課",
    "進捗入力",
];

fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => Just(String::new()),
        6 => proptest::sample::select(CELL_FRAGMENTS).prop_map(str::to_string),
        1 => "[ -~]{0,6}",
        1 => proptest::collection::vec(any::<char>(), 0..4).prop_map(String::from_iter),
        1 => prop_oneof![Just(","), Just("\""), Just("\n"), Just("\r\n"), Just("\t"), Just(";"), Just(" ")]
            .prop_map(str::to_string),
    ]
}

fn grid() -> impl Strategy<Value = Vec<Vec<String>>> {
    proptest::collection::vec(proptest::collection::vec(cell(), 0..8), 0..12)
}

/// A grid as CSV text: written properly (quoted where needed), or naively joined with a
/// separator, which makes broken quoting and ragged rows.
fn csv_text(grid: &[Vec<String>], proper: bool, sep: u8, eol: &str) -> String {
    if proper {
        let mut w = csv::WriterBuilder::new()
            .delimiter(sep)
            .flexible(true)
            .terminator(if eol == "\n" {
                csv::Terminator::Any(b'\n')
            } else {
                csv::Terminator::CRLF
            })
            .from_writer(Vec::new());
        for row in grid {
            if row.is_empty() {
                w.write_record([""]).unwrap();
            } else {
                w.write_record(row).unwrap();
            }
        }
        String::from_utf8(w.into_inner().unwrap()).unwrap()
    } else {
        let sep = char::from(sep).to_string();
        grid.iter()
            .map(|r| r.join(&sep))
            .collect::<Vec<_>>()
            .join(eol)
    }
}

/// Text as the bytes of a file: 0 UTF-8, 1 UTF-8 with BOM, 2 Shift_JIS, 3 EUC-JP (both
/// with numeric references for what they cannot hold), 4 UTF-16LE with BOM; `junk`
/// appended raw.
fn encode(text: &str, enc: u8, junk: &[u8]) -> Vec<u8> {
    let mut bytes = match enc {
        0 => text.as_bytes().to_vec(),
        1 => [&b"\xEF\xBB\xBF"[..], text.as_bytes()].concat(),
        2 => SHIFT_JIS.encode(text).0.into_owned(),
        3 => EUC_JP.encode(text).0.into_owned(),
        _ => {
            let mut b = vec![0xFF, 0xFE];
            b.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
            b
        }
    };
    bytes.extend_from_slice(junk);
    bytes
}

proptest! {
    #![proptest_config(config(200))]

    #[test]
    fn csv_grids_in_any_encoding_read_without_panic_and_balance(
        grid in grid(),
        proper in any::<bool>(),
        sep in prop_oneof![Just(b','), Just(b'\t'), Just(b';')],
        eol in prop_oneof![Just("\n"), Just("\r\n")],
        enc in 0..5u8,
        named_month in any::<bool>(),
    ) {
        let text = csv_text(&grid, proper, sep, eol);
        let dir = tempfile::tempdir().unwrap();
        let name = if named_month { "進捗_2024-09.csv" } else { "進捗報告.csv" };
        let path = dir.path().join(name);
        std::fs::write(&path, encode(&text, enc, &[])).unwrap();
        read_checked(&path);
    }

    /// A real header row first, so that the rows below are read as data rather than
    /// skipped for want of a header.
    #[test]
    fn csv_rows_under_a_header_balance(
        rows in proptest::collection::vec(proptest::collection::vec(cell(), 0..8), 0..10),
        enc in prop_oneof![Just(0u8), Just(2u8)],
    ) {
        let mut grid = vec![
            ["項目番号", "実践項目名", "進捗状況", "進捗率", "取組実績", "報告日"]
                .map(str::to_string)
                .to_vec(),
        ];
        grid.extend(rows);
        let text = csv_text(&grid, true, b',', "\r\n");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("進捗_2024-09.csv");
        std::fs::write(&path, encode(&text, enc, &[])).unwrap();
        let report = read_checked(&path);
        // The header row is read, unless the text is refused as a whole (control bytes).
        let unreadable = report.findings.iter().any(|f| f.code == FindingCode::ProgressUnreadable);
        prop_assert!(unreadable || report.account.rows_read >= 1, "{:?}", report.account);
    }

    /// A store of real reports with bytes of its payload changed, cut or inserted (its
    /// checksum made to match, as a hand-edit that knows the format would): decoding and
    /// the checks of each report never panic.
    #[test]
    fn an_edited_store_decodes_or_is_refused_without_panic(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6),
        cut in proptest::option::of(any::<prop::sample::Index>()),
        insert in proptest::option::of((any::<prop::sample::Index>(), proptest::collection::vec(any::<u8>(), 1..9))),
    ) {
        let mut payload = STORE_PAYLOAD.clone();
        for (at, byte) in &edits {
            let k = at.index(payload.len());
            payload[k] = *byte;
        }
        if let Some((at, bytes)) = &insert {
            let k = at.index(payload.len());
            payload.splice(k..k, bytes.iter().copied());
        }
        if let Some(at) = cut {
            payload.truncate(at.index(payload.len()));
        }
        store_round(&payload);
    }

    /// Random bytes as a store's payload.
    #[test]
    fn random_bytes_as_a_store_decode_or_are_refused_without_panic(data in proptest::collection::vec(any::<u8>(), 0..256)) {
        store_round(&data);
    }

    /// Random bytes under every progress format.
    #[test]
    fn random_bytes_in_any_format_read_without_panic(data in proptest::collection::vec(any::<u8>(), 0..64)) {
        progress_input_round(&data);
    }
}
