//! Plans as pdftotext extracts them from the PDFs of Word documents
//! (`fixtures/documents/`): with and without `-layout`, UTF-8 and Shift_JIS.

use std::path::{Path, PathBuf};

use crate::common::{fixture, input_with_plans, run_gyokaku, sample_text, table_rows};

/// Runs a plan file (and optional progress CSV) with the sample's configuration; the
/// temporary folders and the period's output folder.
fn run_plan(
    name: &str,
    plan: Vec<u8>,
    progress: Option<&str>,
) -> (tempfile::TempDir, tempfile::TempDir, PathBuf) {
    let input = input_with_plans(&[(name, plan)]);
    let config = Path::new(env!("CARGO_MANIFEST_DIR")).join("input/gyokaku.toml");
    std::fs::copy(config, input.path().join("gyokaku.toml")).expect("config");
    let progress_dir = input.path().join("progress");
    std::fs::create_dir_all(&progress_dir).expect("progress");
    if let Some(csv) = progress {
        std::fs::write(progress_dir.join("進捗_2024-09.csv"), csv).expect("report");
    }
    let out = tempfile::tempdir().expect("out");
    let outcome = run_gyokaku(input.path(), out.path(), "2024-09");
    assert!(outcome.code == 0 || outcome.code == 2, "{}", outcome.stderr);
    let period = out.path().join("2024-09");
    (input, out, period)
}

fn document(rel: &str) -> PathBuf {
    fixture(&format!("documents/{rel}"))
}

const OWNER_COLS: &[&str] = &["item_id", "department_id", "role"];

const ITEM_COLS: &[&str] = &[
    "item_id",
    "name",
    "content",
    "department_id",
    "all_departments",
];

/// pdftotext's four extractions of the sample's PDF: with and without `-layout`, UTF-8
/// and Shift_JIS.
const SAMPLE_PDFTOTEXT: [&str; 4] = [
    "plan_sample_no07-11.layout.txt",
    "plan_sample_no07-11.layout.sjis.txt",
    "plan_sample_no07-11.txt",
    "plan_sample_no07-11.sjis.txt",
];

/// Each of pdftotext's four extractions of the sample's PDF, and pdfplumber's and pypdf's
/// layout text of it, gives the tables of the sample text, and `gyokaku diff` between the
/// text and it finds no change. Without `-layout` a schedule's value cells come out as
/// blocks after, or between, the year blocks; merged cells (a value over two or three
/// years) are placed by the reading order and the width of their text.
#[test]
fn each_extraction_of_the_sample_reads_as_the_sample_text() {
    let (_i, _o, want) = run_plan("plan.txt", sample_text().into_bytes(), None);
    let python = [
        // pdfplumber's layout text (make_python_extractions.py): set like -layout, every
        // line a margin's width in, rows without blank lines between them.
        "plan_sample_no07-11.plumber.txt",
        // pypdf's layout text, its pages joined by line breaks (no form feed).
        "plan_sample_no07-11.pypdf.txt",
    ];
    for file in SAMPLE_PDFTOTEXT.into_iter().chain(python) {
        let bytes = std::fs::read(document(&format!("sample/{file}"))).expect("fixture");
        let (_i2, _o2, got) = run_plan(file, bytes, None);
        assert_plan_tables_as(&got, &want, file);
        let diff = std::process::Command::new(env!("CARGO_BIN_EXE_gyokaku"))
            .arg("diff")
            .arg(crate::common::fixture("plans/plan_sample_no07-11.txt"))
            .arg(document(&format!("sample/{file}")))
            .output()
            .expect("diff");
        let stdout = String::from_utf8_lossy(&diff.stdout);
        assert!(
            stdout.contains("実践項目の変更はありません"),
            "{file}: {stdout}"
        );
    }
}

/// The four pdftotext extractions of the sample without their form feeds (`-nopgbrk`):
/// the pages known by the running header under each page's number, the tables as the
/// sample text's.
#[test]
fn each_extraction_of_the_sample_without_form_feeds_reads_as_the_sample_text() {
    let (_i, _o, want) = run_plan("plan.txt", sample_text().into_bytes(), None);
    for file in SAMPLE_PDFTOTEXT {
        let mut bytes = std::fs::read(document(&format!("sample/{file}"))).expect("fixture");
        assert!(bytes.contains(&0x0c), "{file}");
        // No Shift_JIS byte pair holds 0x0C: taking it out leaves the text as it was.
        bytes.retain(|&b| b != 0x0c);
        let (_i2, _o2, got) = run_plan(file, bytes, None);
        assert_plan_tables_as(&got, &want, file);
    }
}

/// The plan tables (items, owners, sections, schedule) read to `got` are those of `want`.
fn assert_plan_tables_as(got: &std::path::Path, want: &std::path::Path, what: &str) {
    for (table, cols) in [
        ("practice_items", ITEM_COLS),
        ("item_departments", OWNER_COLS),
        (
            "departments",
            &[
                "department_id",
                "bureau_mark",
                "bureau_name",
                "section_name",
            ],
        ),
        (
            "schedule",
            &["item_id", "fiscal_year", "cell_text", "activity", "kind"],
        ),
    ] {
        let rows = table_rows(got, table, cols);
        assert!(!rows.is_empty(), "{what}: {table}");
        assert_eq!(rows, table_rows(want, table, cols), "{what}: {table}");
    }
}

/// pdfminer.six's text of the sample's PDF (make_python_extractions.py) sets a row's labels
/// as blocks before their values (「実践項目名」 ⏎ 「担当部署」 ⏎ name ⏎ section): every item,
/// its content and owners read as in the sample text. Its schedules come as plain
/// output's do, a warning at each row whose years the text leaves open.
#[test]
fn pdfminer_text_of_the_sample_reads_its_items_and_owners() {
    let (_i, _o, want) = run_plan("plan.txt", sample_text().into_bytes(), None);
    let file = "plan_sample_no07-11.miner.txt";
    let bytes = std::fs::read(document(&format!("sample/{file}"))).expect("fixture");
    let (_i2, _o2, got) = run_plan(file, bytes, None);
    for (table, cols) in [
        ("practice_items", ITEM_COLS),
        ("item_departments", OWNER_COLS),
    ] {
        let rows = table_rows(&got, table, cols);
        assert_eq!(rows, table_rows(&want, table, cols), "{file}: {table}");
    }
}

/// A further layout: its file, the items (`id|name|main section`), the schedule kinds per
/// item, and a report row by a co-owner (`id`, section as written).
pub(crate) struct Layout {
    pub(crate) file: &'static str,
    items: &'static [&'static str],
    kinds: &'static [&'static str],
    report: (&'static str, &'static str),
}

const VIEWPOINT_ITEMS: &[&str] = &[
    "1-1-1|証明書のコンビニ交付の拡充|(民)市民課",
    "1-1-2|窓口の混雑状況の発信|(民)市民課",
    "1-2-1|電子申請システムの導入|(総)情報政策課",
    "2-1-1|公共施設個別施設計画の推進|(財)資産活用課",
    "2-1-2|使用料の見直し|(財)財政課",
];
const VIEWPOINT_KINDS: &[&str] = &[
    "1-1-1 new new arrow arrow arrow",
    "1-1-2 new arrow arrow new none",
    "1-2-1 new new new arrow arrow",
    "2-1-1 new arrow arrow arrow arrow",
    "2-1-2 none new new arrow none",
];
const KANA_ITEMS: &[&str] = &[
    "1-1-1|文書管理の電子化|(総)総務課",
    "1-1-2|会議の効率化|(総)総務課",
    "1-1-3|押印の見直し|(総)総務課",
    "1-2-1|研修の充実|(総)人事課",
    "2-1-1|市税の収納率向上|(財)納税課",
    "2-1-2|広告収入の拡大|(財)財政課",
];
const KANA_KINDS: &[&str] = &[
    "1-1-1 new new new arrow arrow",
    "1-1-2 new new arrow arrow arrow",
    "1-1-3 new new continued continued continued",
    "1-2-1 new new arrow new new",
    "2-1-1 new arrow arrow arrow arrow",
    "2-1-2 none new arrow arrow new",
];
const QUOTED_ITEMS: &[&str] = &[
    "10-1|市民の声の受付方法の拡充|(総)広報広聴課",
    "10-2|市政モニター制度の見直し|(総)広報広聴課",
    "11-1|ホームページの改修|(総)情報政策課",
];
const QUOTED_KINDS: &[&str] = &[
    "10-1 new new continued new arrow",
    "10-2 new new continued arrow arrow",
    "11-1 new new continued new continued",
];

pub(crate) const LAYOUTS: &[Layout] = &[
    Layout {
        file: "viewpoint/plan_viewpoint.layout.txt",
        items: VIEWPOINT_ITEMS,
        kinds: VIEWPOINT_KINDS,
        report: ("1-1-2", "総務部 情報政策課"),
    },
    Layout {
        file: "kana/plan_kana.layout.txt",
        items: KANA_ITEMS,
        kinds: KANA_KINDS,
        report: ("1-1-2", "(総)人事課"),
    },
    Layout {
        file: "quoted/plan_quoted.layout.txt",
        items: QUOTED_ITEMS,
        kinds: QUOTED_KINDS,
        report: ("10-2", "市民部・市民協働課"),
    },
    Layout {
        file: "quoted/plan_quoted.txt",
        items: QUOTED_ITEMS,
        kinds: QUOTED_KINDS,
        report: ("10-2", "市民部・市民協働課"),
    },
];

fn kinds_by_item(tables: &Path) -> Vec<String> {
    let rows = table_rows(tables, "schedule", &["item_id", "kind"]);
    let mut out: Vec<String> = Vec::new();
    for row in rows {
        let (id, kind) = row.split_once('|').expect("two columns");
        match out.last_mut() {
            Some(last) if last.split(' ').next() == Some(id) => {
                last.push(' ');
                last.push_str(kind);
            }
            _ => out.push(format!("{id} {kind}")),
        }
    }
    out
}

#[test]
fn further_layouts_read_to_their_items_sections_and_schedules() {
    for layout in LAYOUTS {
        check_layout(layout, layout.file);
    }
}

/// The further layouts extracted without `-layout` (sections written 「財政部　資産活用課」
/// come out as two blocks, the section after the schedule or inside the next item's; a
/// year block before its schedule's label): their items, sections and report rows as in
/// the other forms, and their schedules but for a row whose first year is empty. Such a
/// row that pdftotext reads row by row (every year block, then every value block) keeps
/// no trace of the empty cell in plain text (docs/抽出テキストの限界.md): its values are
/// set from the first year on, and a warning (`plan.schedule_unplaced`) stands at the
/// row's first value, one for each such row.
#[test]
fn further_layouts_without_layout_read_to_their_items_sections_and_schedules() {
    for layout in LAYOUTS {
        let Some(stem) = layout.file.strip_suffix(".layout.txt") else {
            continue;
        };
        let (kinds, open): (Vec<&str>, Vec<&str>) = layout
            .kinds
            .iter()
            .copied()
            .partition(|k| k.split(' ').nth(1) != Some("none"));
        let file = format!("{stem}.txt");
        let (_i, _o, tables) = check_form(layout, &file, &kinds);
        let warned: Vec<usize> = table_rows(&tables, "diagnostics", &["code", "location"])
            .iter()
            .filter_map(|r| r.strip_prefix("plan.schedule_unplaced|"))
            .map(|l| l.trim_end_matches("行目").parse().expect("a line"))
            .collect();
        assert_eq!(warned.len(), open.len(), "{file}: {warned:?}");
        let text = std::fs::read_to_string(document(&file)).expect("fixture");
        let lines: Vec<&str> = text.lines().collect();
        let schedule = table_rows(&tables, "schedule", &["item_id", "cell_text"]);
        for (row, line) in open.iter().zip(&warned) {
            let id = row.split(' ').next().expect("id");
            // The warned line holds the row's first value (set under the first year).
            let first = schedule
                .iter()
                .filter_map(|r| r.strip_prefix(&format!("{id}|")))
                .find(|t| !t.is_empty())
                .expect("a value");
            assert_eq!(lines[line - 1].trim(), first, "{file}: {id} at line {line}");
        }
    }
}

/// Reads `file` (a fixture under `fixtures/documents/`) as the only plan, with a report
/// row by a co-owner, and checks the items, sections and schedule kinds of `layout`.
pub(crate) fn check_layout(layout: &Layout, file: &str) {
    check_form(layout, file, layout.kinds);
}

/// [`check_layout`], with the schedule kinds of the items `kinds` lists; the run's
/// folders and its period's output.
fn check_form(
    layout: &Layout,
    file: &str,
    kinds: &[&str],
) -> (tempfile::TempDir, tempfile::TempDir, PathBuf) {
    let bytes = std::fs::read(document(file)).expect("fixture");
    let (id, section) = layout.report;
    let csv = format!("項目番号,担当部署,進捗状況\n{id},{section},実施中\n");
    let name = Path::new(file).file_name().expect("name");
    let (input, out, tables) = run_plan(&name.to_string_lossy(), bytes, Some(&csv));
    assert_eq!(
        table_rows(
            &tables,
            "practice_items",
            &["item_id", "name", "department_id"]
        ),
        layout.items,
        "{file}"
    );
    let item_of = |k: &str| k.split(' ').next().map(str::to_string);
    let mut got = kinds_by_item(&tables);
    got.retain(|k| kinds.iter().any(|l| item_of(l) == item_of(k)));
    assert_eq!(got, kinds, "{file}");
    // The co-owner's report lands on its item.
    assert_eq!(
        table_rows(&tables, "progress", &["item_id", "status"]),
        [format!("{id}|実施中")],
        "{file}: {:?}",
        table_rows(&tables, "diagnostics", &["code", "value"])
    );
    (input, out, tables)
}
