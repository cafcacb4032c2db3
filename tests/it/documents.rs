//! Plans kept as Word documents and PDFs (fixtures/documents/, written by
//! `make_documents.py` with python-docx and LibreOffice): the sample plan as `.docx` and
//! `.pdf` reads to the same tables as its text; three other layouts read to their items,
//! sections and schedules in both forms, and a report lands on its item and section;
//! hostile documents end as a located finding, exit 2, within 512 MB.

use std::io::Write;
use std::path::Path;

use crate::common::*;

/// The sample as Word, as the PDF LibreOffice makes of it (TrueType subsets), and as that
/// PDF rewritten by cairo (CID fonts, Identity-H, as Word writes them).
const SAMPLE_DOCS: [&str; 3] = [
    "documents/sample/plan_sample_no07-11.docx",
    "documents/sample/plan_sample_no07-11.pdf",
    "documents/sample/plan_sample_no07-11.cid.pdf",
];

/// The columns of the plan tables that do not depend on the file's form (the source
/// file and line do).
const ITEM_COLS: &[&str] = &[
    "item_id",
    "initiative_no",
    "seq",
    "name",
    "content",
    "department_id",
    "all_departments",
];
const DEPT_COLS: &[&str] = &[
    "department_id",
    "bureau_mark",
    "bureau_name",
    "section_name",
    "workbook",
];
const SCHEDULE_COLS: &[&str] = &["item_id", "fiscal_year", "cell_text", "activity", "kind"];

/// Runs the sample month with `plan` (a fixture) as the only plan.
fn run_with_plan(plan: &Path) -> (tempfile::TempDir, Outcome) {
    let name = plan.file_name().unwrap().to_str().unwrap();
    let input = input_with_plans(&[(name, std::fs::read(plan).unwrap())]);
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("input/gyokaku.toml"),
        input.path().join("gyokaku.toml"),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let r = run_gyokaku(input.path(), out.path(), "2024-09");
    (out, r)
}

#[test]
fn the_sample_as_word_and_pdf_gives_the_tables_of_its_text() {
    let text = Path::new(env!("CARGO_MANIFEST_DIR")).join("input/plans/plan_tomakomai_no07-11.txt");
    let (text_out, r) = run_with_plan(&text);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text_dir = text_out.path().join("2024-09");
    for doc in SAMPLE_DOCS {
        let (out, r) = run_with_plan(&fixture(doc));
        assert_eq!(r.code, 0, "{doc}: {}\n{}", r.stdout, r.stderr);
        let dir = out.path().join("2024-09");
        for (table, cols) in [
            ("practice_items", ITEM_COLS),
            ("departments", DEPT_COLS),
            ("schedule", SCHEDULE_COLS),
            (
                "item_departments",
                &["item_id", "department_id", "role"][..],
            ),
        ] {
            assert_eq!(
                table_rows(&dir, table, cols),
                table_rows(&text_dir, table, cols),
                "{doc}: {table}"
            );
        }
        let errors: Vec<_> = table_rows(&dir, "diagnostics", &["severity", "code", "message"])
            .into_iter()
            .filter(|r| r.starts_with("エラー") || r.starts_with("error"))
            .collect();
        assert!(errors.is_empty(), "{doc}: {errors:?}");
    }
}

#[test]
fn diff_between_the_text_and_each_document_reports_no_change() {
    let text = Path::new(env!("CARGO_MANIFEST_DIR")).join("input/plans/plan_tomakomai_no07-11.txt");
    for doc in SAMPLE_DOCS {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_gyokaku"))
            .arg("diff")
            .arg(&text)
            .arg(fixture(doc))
            .arg("--config")
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("input/gyokaku.toml"))
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{doc}: {stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(stdout.contains("変更はありません"), "{doc}: {stdout}");
    }
}

/// A plan of 30 pages whose item tables run over page breaks, one schedule row split in
/// two by a break: the PDF, and pdftotext's extractions of it with and without `-layout`
/// (a row split by the break comes out as pieces on the next page), read to the tables of
/// the Word document, with no finding but the plain text's warnings on rows it cannot
/// place.
#[test]
fn tables_over_page_breaks_read_as_in_word() {
    let run = |ext: &str| run_with_plan(&fixture(&format!("documents/repeated/plan_30p.{ext}")));
    let (word, rw) = run("docx");
    assert_eq!(rw.code, 0, "{}", rw.stdout);
    let word = word.path().join("2024-09");
    for ext in ["pdf", "txt", "layout.txt"] {
        let (got, r) = run(ext);
        assert_eq!(r.code, 0, "{ext}: {}", r.stdout);
        let got = got.path().join("2024-09");
        // The sample's 5 initiatives three times: 51 items, five years each.
        for (table, cols, rows) in [
            ("practice_items", ITEM_COLS, 51),
            ("departments", DEPT_COLS, 13),
            ("schedule", SCHEDULE_COLS, 255),
        ] {
            let rows_got = table_rows(&got, table, cols);
            assert_eq!(rows_got, table_rows(&word, table, cols), "{ext}: {table}");
            assert_eq!(rows_got.len(), rows, "{ext}: {table}");
        }
        let mut findings = table_rows(&got, "diagnostics", &["code", "message"]);
        // Plain output: the sample's two rows of one value merged over every year, read
        // after the years, do not say where they start (docs/plain_extraction_limits.md):
        // a warning each, in each of the three copies.
        let unplaced = findings.len();
        findings.retain(|f| !f.starts_with("plan.schedule_unplaced|"));
        let unplaced = unplaced - findings.len();
        assert_eq!(unplaced, if ext == "txt" { 6 } else { 0 }, "{ext}");
        assert!(findings.is_empty(), "{ext}: {findings:?}");
    }
}

/// The further layouts (those of the extraction tests) read from their Word document
/// and PDF to the same items, sections and schedule kinds as from their extracted text.
#[test]
fn further_layouts_read_to_their_items_sections_and_schedules_as_word_and_pdf() {
    for layout in crate::extractions::LAYOUTS {
        let Some(stem) = layout.file.strip_suffix(".layout.txt") else {
            continue;
        };
        for ext in ["docx", "pdf", "cid.pdf"] {
            crate::extractions::check_layout(layout, &format!("{stem}.{ext}"));
        }
    }
}

/// A report in each layout's words, a row naming the item by its number and the section
/// by its name, lands on that item in that section's workbook.
#[test]
fn a_report_row_lands_on_its_item_and_section_in_each_layout() {
    for (doc, item, section, book) in [
        (
            "viewpoint/plan_viewpoint.pdf",
            "1-(2)-①",
            "総務部 情報政策課",
            "総務部_情報政策課.xlsx",
        ),
        (
            "kana/plan_kana.docx",
            "1-(1)-(イ)",
            "(総)人事課",
            "総務部_人事課.xlsx",
        ),
        (
            "quoted/plan_quoted.pdf",
            "11-1",
            "総務部・情報政策課",
            "総務部_情報政策課.xlsx",
        ),
    ] {
        let path = fixture(&format!("documents/{doc}"));
        let name = path.file_name().unwrap().to_str().unwrap();
        let input = input_with_plans(&[(name, std::fs::read(&path).unwrap())]);
        std::fs::write(
            input.path().join("gyokaku.toml"),
            "[bureaus]\n\"総\" = \"総務部\"\n\"財\" = \"財政部\"\n",
        )
        .unwrap();
        let progress = input.path().join("progress");
        std::fs::create_dir_all(&progress).unwrap();
        std::fs::write(
            progress.join("報告_2024-09.csv"),
            format!("管理番号,担当部課名,実施状況,進捗率\n{item},{section},取組中,40\n"),
        )
        .unwrap();
        let out = tempfile::tempdir().unwrap();
        let r = run_gyokaku(input.path(), out.path(), "2024-09");
        assert_eq!(r.code, 0, "{doc}: {}\n{}", r.stdout, r.stderr);
        let dir = out.path().join("2024-09");
        let rows = read_sheet(&period_book(&dir, book), "進捗");
        let id = gyokaku::plan::parse_item_number(item, false).map(|i| i.to_string());
        let row = rows
            .iter()
            .find(|r| id.as_ref().is_some_and(|id| r.first() == Some(id)))
            .unwrap_or_else(|| panic!("{doc}: {rows:?}"));
        assert_eq!(
            (row[3].as_str(), row[4].as_str()),
            ("実施中", "40"),
            "{doc}"
        );
    }
}

// --- hostile documents ------------------------------------------------------------

const MAX_RSS_BYTES: u64 = 512 * 1024 * 1024;

fn children_peak_rss() -> u64 {
    // SAFETY: getrusage only writes into the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    assert_eq!(rc, 0);
    u64::try_from(usage.ru_maxrss).unwrap() * 1024
}

/// A PDF of the given objects (numbered from 1; object 1 the catalog), with its xref.
fn pdf(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        writeln!(out, "{} 0 obj", i + 1).unwrap();
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    write!(out, "xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).unwrap();
    for o in offsets {
        writeln!(out, "{o:010} 00000 n ").unwrap();
    }
    write!(
        out,
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    )
    .unwrap();
    out
}

fn obj(s: &str) -> Vec<u8> {
    s.as_bytes().to_vec()
}

/// A page whose content stream inflates to 250 MB (the limit is 200 MB).
fn bomb_pdf() -> Vec<u8> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..250 {
        z.write_all(&chunk).unwrap();
    }
    let data = z.finish().unwrap();
    let mut stream = format!(
        "<< /Length {} /Filter /FlateDecode >>\nstream\n",
        data.len()
    )
    .into_bytes();
    stream.extend_from_slice(&data);
    stream.extend_from_slice(b"\nendstream");
    pdf(&[
        obj("<< /Type /Catalog /Pages 2 0 R >>"),
        obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>"),
        stream,
    ])
}

/// A page tree whose node lists itself among its kids.
fn loop_pdf() -> Vec<u8> {
    pdf(&[
        obj("<< /Type /Catalog /Pages 2 0 R >>"),
        obj("<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 >>"),
        obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"),
    ])
}

/// 10,000 empty pages.
fn many_pages_pdf() -> Vec<u8> {
    let n = 10_000;
    let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", i + 3)).collect();
    let mut objects = vec![
        obj("<< /Type /Catalog /Pages 2 0 R >>"),
        obj(&format!(
            "<< /Type /Pages /Kids [{}] /Count {n} >>",
            kids.join(" ")
        )),
    ];
    for _ in 0..n {
        objects.push(obj(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        ));
    }
    pdf(&objects)
}

/// A page drawing only a rectangle: no text layer, as a scan.
fn scan_pdf() -> Vec<u8> {
    let content = "0 0 100 100 re f";
    pdf(&[
        obj("<< /Type /Catalog /Pages 2 0 R >>"),
        obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>"),
        obj(&format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        )),
    ])
}

/// A Word file whose document part inflates to 250 MB of `piece` repeated.
fn bomb_docx(piece: &str) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    zip.start_file("word/document.xml", options).unwrap();
    zip.write_all(b"<w:document xmlns:w=\"w\"><w:body>")
        .unwrap();
    let chunk = piece.repeat((1 << 20) / piece.len());
    for _ in 0..250 {
        zip.write_all(chunk.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn hostile_documents_end_as_a_located_finding_within_memory() {
    let cases: [(&str, Vec<u8>, &str); 8] = [
        ("plans/別冊_展開爆弾.pdf", bomb_pdf(), "max_unzipped_mb"),
        ("plans/別冊_参照ループ.pdf", loop_pdf(), "ループ"),
        ("plans/別冊_一万ページ.pdf", many_pages_pdf(), "ページ数"),
        ("plans/別冊_スキャン.pdf", scan_pdf(), "OCR"),
        // Markup without text: only the inflated size stops it.
        (
            "plans/別冊_展開爆弾.docx",
            bomb_docx("<w:proofErr w:type=\"spellStart\"/>"),
            "max_unzipped_mb",
        ),
        // One text of 250 MB: the XML reader would hold it whole.
        (
            "plans/別冊_空白爆弾.docx",
            bomb_docx(" "),
            "区切りのない長い文字",
        ),
        // Millions of short paragraphs: each is kept, so their number is bounded.
        (
            "plans/別冊_段落爆弾.docx",
            bomb_docx("<w:p><w:r><w:t>あ</w:t></w:r></w:p>"),
            "max_cells",
        ),
        (
            "plans/別冊_古い形式.doc",
            b"\xd0\xcf\x11\xe0".to_vec(),
            ".docx で保存し直してください",
        ),
    ];
    for (dest, bytes, words) in cases {
        let input = input_with_progress();
        std::fs::write(input.path().join(dest), &bytes).unwrap();
        let out = tempfile::tempdir().unwrap();
        let r = run_gyokaku(input.path(), out.path(), "2024-09");
        assert_eq!(r.code, 2, "{dest}: {}\n{}", r.stdout, r.stderr);
        let dir = out.path().join("2024-09");
        let t = read_table(&dir, "diagnostics");
        let found: Vec<(String, String, String)> = str_col(&t, "file")
            .into_iter()
            .zip(str_col(&t, "code"))
            .zip(
                str_col(&t, "location")
                    .into_iter()
                    .zip(str_col(&t, "message")),
            )
            .filter(|((f, _), _)| f == dest)
            .map(|((_, c), (l, m))| (c, l, m))
            .collect();
        assert!(
            found.iter().any(|(c, l, m)| c == "plan.unreadable"
                && (!l.is_empty() || dest.ends_with(".doc"))
                && m.contains(words)),
            "{dest}: {found:?}"
        );
        let peak = children_peak_rss();
        eprintln!("{dest}: peak so far {} MB", peak >> 20);
        assert!(
            peak < MAX_RSS_BYTES,
            "{dest}: peak memory {} MB",
            peak >> 20
        );
    }
}

/// A PDF kept beside the text of the same plan is the same plan: the text is read, the
/// PDF noted once (information), and the outputs are those of the text alone.
#[test]
fn a_pdf_beside_its_text_is_noted_not_read() {
    let input = input_with_progress();
    let plans = input.path().join("plans");
    std::fs::copy(
        fixture("documents/sample/plan_sample_no07-11.pdf"),
        plans.join("plan_sample_no07-11.pdf"),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let r = run_gyokaku(input.path(), out.path(), "2024-09");
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let dir = out.path().join("2024-09");
    let rows = table_rows(&dir, "diagnostics", &["file", "code", "severity"]);
    let noted: Vec<_> = rows
        .iter()
        .filter(|r| r.contains("plan_sample_no07-11.pdf"))
        .collect();
    assert_eq!(noted.len(), 1, "{rows:?}");
    assert!(noted[0].contains("plan.same_document"), "{noted:?}");
    let items = table_rows(&dir, "practice_items", &["item_id", "source_file"]);
    assert!(items.iter().all(|r| r.ends_with(".txt")), "{items:?}");
}

/// Damaged copies of the sample's PDF (both font forms) and Word file (bytes overwritten,
/// zeroed runs, cut short; a fixed sequence of damage) are each read to a plan or to an
/// error finding: no panic reaches the caller and nothing hangs.
#[test]
fn damaged_documents_read_to_a_plan_or_a_finding() {
    let settings = gyokaku::Settings::default();
    let dir = tempfile::tempdir().unwrap();
    // A fixed linear congruential sequence: the same damage on every run.
    let mut state: u64 = 0x5eed;
    let mut next = |n: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        usize::try_from(state >> 33).unwrap() % n.max(1)
    };
    for doc in SAMPLE_DOCS {
        let good = std::fs::read(fixture(doc)).unwrap();
        let ext = Path::new(doc).extension().unwrap().to_str().unwrap();
        for round in 0..12 {
            let mut bytes = good.clone();
            match round % 3 {
                0 => {
                    for _ in 0..(1 + next(50)) {
                        let at = next(bytes.len());
                        bytes[at] = u8::try_from(next(256)).unwrap();
                    }
                }
                1 => {
                    let at = next(bytes.len());
                    let end = (at + 1 + next(2000)).min(bytes.len());
                    bytes[at..end].fill(0);
                }
                _ => bytes.truncate(next(bytes.len())),
            }
            let path = dir.path().join(format!("damaged_{round}.{ext}"));
            std::fs::write(&path, &bytes).unwrap();
            let (parsed, findings) = gyokaku::plan::read_plan_file(&path, "plan", &settings);
            assert!(
                parsed.is_some() || !findings.is_empty(),
                "{doc} round {round}: neither a plan nor a finding"
            );
        }
    }
}

/// Bureaus for the `roman` layout's sections (its plan writes 「市民部 市民課」).
const ROMAN_BUREAUS: &str = "[bureaus]\n\"民\" = \"市民部\"\n\"財\" = \"財務部\"\n\"企\" = \"企画部\"\n\"健\" = \"健康福祉部\"\n\"総\" = \"総務部\"\n\"水\" = \"上下水道部\"\n";

/// Plans in other cities' layouts (made by `make_other_plans.py` with their `truth.json`):
/// one table in a Word document (実施計画一覧表: a row per item, initiatives as merged rows,
/// a two-row header repeated on each page, a row cut by the page break), and 基本方針Ⅰ over
/// 「推進項目1-1」 headings with sections joined by 「・」 or marked （関係課）. As Word, as
/// the PDF made of it and (roman) as its -layout extraction, every item, section and
/// schedule kind is what the document says.
#[test]
fn plans_in_other_layouts_read_to_what_the_document_says() {
    for (layout, forms, config, period) in [
        ("table", &["docx", "pdf", "layout.txt"][..], "", "2025-10"),
        // The bureaus the plan writes apart from their sections, without configuration.
        ("roman", &["docx", "pdf", "layout.txt"][..], "", "2021-10"),
        (
            "kohyo",
            &["docx", "pdf", "layout.txt", "txt", "raw.txt"][..],
            "",
            "2025-10",
        ),
        (
            "heading",
            &["docx", "pdf", "layout.txt", "txt", "raw.txt"][..],
            "",
            "2025-10",
        ),
        (
            "roman",
            &["docx", "pdf", "layout.txt"][..],
            ROMAN_BUREAUS,
            "2021-10",
        ),
        // 「柱1」 over 「1－1」 headings each over a table of items (番号 / 取組項目 / 取組内容 /
        // 担当課 / 2025年度 …), owners 「主：財政課⏎副：企画課」 and three sections on three
        // lines of a narrow cell, continuation drawn as 「━━━」 (make_more_plans.py); in the
        // -layout text the header's 「番号」 and 「2025年度」 wrap over two lines.
        ("hashira", &["docx", "pdf", "layout.txt"][..], "", "2025-10"),
        // 「Ⅰ」 over 「１」 headings (numbers alone; the contents page writes 「基本方針１」)
        // over tables whose years read 「R7⏎(2025)」, owners
        // marked 「◎市民課⏎○情報政策課」, a unit under its section 「企画財政課⏎財政係」, bars
        // 「─────→」 (make_more_plans.py).
        ("kihon", &["docx", "pdf", "layout.txt"][..], "", "2025-10"),
        // Each item a numbered title 「（1）…」 over a table of label | value rows without a
        // name row, its schedule on one line in its cell 「R7：検討　R8：試行　R9～R11：…」.
        (
            "kv",
            &["docx", "pdf", "layout.txt", "txt", "raw.txt"][..],
            "",
            "2025-10",
        ),
        // 「第1」 headings over items as paragraphs 【取組項目】【所管課】【実施内容】【スケジュール】,
        // the schedule 「令和7年度：調査、令和8年度：実施、令和9年度以降：拡大」.
        (
            "para",
            &["docx", "pdf", "layout.txt", "txt", "raw.txt"][..],
            "",
            "2025-10",
        ),
        // 第1章 (prose) > 第2章 > 「重点取組１」 > one table per item, 取組名 「①　…」 restarting
        // under each heading, owners with their bureau on the line above (a note
        // 「（関係課：各課）」 on a line of its own), the chapters no level of the numbers.
        ("shou", &["docx", "pdf", "layout.txt"][..], "", "2025-10"),
        // Ⅱ over 「基本目標1」 over 「（1）」 headings over tables of items numbered 1-1-1 (Ⅱ no
        // level of them), the bureau and the section in columns of their own (担当部局 |
        // 担当課, two sections on two lines), 「━━━▶」 arrows, a 効果額 column after the
        // years, a row cut by a page break in the PDF.
        ("kyoku", &["docx", "pdf", "layout.txt"][..], "", "2025-10"),
        // 「１．」 > 「(1)」 headings over tables 取組No. | 区分 | 取組事項 | 取組の内容 | 主管課 |
        // 関係課 | 取組スケジュール over 「７年度」… (no era) | 目標指標: co-owners in a column of
        // their own, 「－」 and 「各課」 there naming none. In the -layout text the header
        // of the third table is on one page and its rows on the next, which pdftotext sets
        // narrower (主管課 at column 42 over rows whose sections start at 39 and 45).
        ("kankei", &["docx", "pdf", "layout.txt"][..], "", "2025-10"),
        // A spreadsheet 一覧表 (【n】 rows merged across, cells centred in tall rows, two
        // sections on two lines of a cell) and the PDF Calc makes of it (make_excel_plan.py):
        // in `-layout` text a centred cell sets its first lines above the row's number and
        // the centred labels stand right of where their columns' text starts.
        ("excel", &["xlsx", "pdf", "layout.txt"][..], "", "2025-10"),
        // 「基本方針１」 > 「（１）」 > 「①　…」 items over label | value rows and a schedule a
        // year a row (年度 | 取組 over 「令和7年度 | 検討」, 「令和9年度～令和11年度 | 実施」,
        // 「令和8年度以降 | 運用」, 「令和9年度～ | 運用」); 「財政課、施設所管課」 names one
        // section and the sections concerned.
        (
            "tate",
            &["docx", "pdf", "layout.txt", "txt", "raw.txt"][..],
            "",
            "2025-10",
        ),
        // 基本方針Ⅰ > 施策1 > ① with 「■担当部署：」 lines and inline 年次計画 (「R7：検討　R8：試行
        // R9～R11：実施」, 「R7・R8：計画改定」, 「R9 以降：継続」, 「R7～R11：実施」), 「施策 3
        // 歳入の確保」, and a section noted 「（関係課：各課）」 (made by make_more_plans.py).
        (
            "shisaku",
            &["docx", "pdf", "layout.txt", "txt", "raw.txt"][..],
            "",
            "2025-10",
        ),
    ] {
        let truth = layout_truth(layout);
        assert!(truth.len() >= 4, "{layout}");
        for form in forms {
            let (doc, out, r) = run_layout_form(layout, form, config, period);
            assert_ne!(r.code, 1, "{doc}: {}\n{}", r.stdout, r.stderr);
            check_truth(&out.path().join(period), &truth, &doc, &[]);
            // Nor is it told that a page fits no columns.
            let codes = table_rows(&out.path().join(period), "diagnostics", &["code"]);
            assert!(
                !codes
                    .iter()
                    .any(|c| c == "plan.shift_jis_extraction" || c == "plan.layout_page_misfit"),
                "{doc}"
            );
        }
    }
}

/// Each layout's PDF as pdfplumber's layout text writes it (make_python_extractions.py):
/// words at their x positions like `pdftotext -layout`, but every line a margin's width
/// in, no blank line between a table's rows (a cell centred on its row sets lines above
/// and below it), labels and years one space apart (「No 実施項目」, 「2025 2026 2027」),
/// years on the header's own line with their notes under them (「(2025 (2026」), a number
/// label wrapped (「項目番」 ⏎ 「号」). Every item, owner and schedule is what the
/// document says (juten, whose owners are written 「市民部市民課」 without a directory,
/// is checked with its other forms).
#[test]
fn pdfplumber_layout_text_reads_to_what_the_document_says() {
    for layout in LAYOUTS_BUT_JUTEN {
        reads_to_its_truth(layout, "plumber.txt", &[]);
    }
}

/// Each layout's Word document saved as HTML and printed to PDF by Chromium
/// (make_browser_pdfs.py: Skia's PDF writer, widths in the range form of the `W` array,
/// contents without leaders, a 個票 page's heading in its top margin, a year table inset
/// in its cell, a 担当部署 cell whose lines each fill it) reads to what the document says,
/// and so does `pdftotext -layout` of them (contents without leaders; a heading set
/// straight under a table's last line, its spaces single; a header set closer together
/// than its rows; labels wrapped in narrow columns, each table's its own way). juten with
/// its other forms.
#[test]
fn pdfs_printed_by_a_browser_read_to_what_the_document_says() {
    for layout in ["shou", "hashira", "kihon", "kohyo", "kankei"] {
        reads_to_its_truth(layout, "chrome.pdf", &[]);
    }
    for layout in ["shou", "hashira", "kihon", "kohyo", "kankei"] {
        reads_to_its_truth(layout, "chrome.layout.txt", &[]);
    }
}

/// Plans written as web pages, not converted from Word (make_web_plans.py), printed to PDF
/// by Chromium: a list table per 基本方針 with a two-row shaded header (rowspan, colspan)
/// and two sections on two lines in a cell, and 個票 on landscape pages under a heading
/// repeated on each sheet, the year table inside the 工程表 cell, contents without leaders.
#[test]
fn plans_written_as_web_pages_read_to_what_they_say() {
    for layout in ["web_list", "web_kohyo"] {
        reads_to_its_truth(layout, "pdf", &[]);
    }
}

/// The layouts with a truth.json but juten, whose owners are written 「市民部市民課」
/// without a directory (checked with its other forms).
const LAYOUTS_BUT_JUTEN: [&str; 14] = [
    "table", "roman", "kohyo", "heading", "hashira", "kihon", "kv", "para", "shou", "kyoku",
    "kankei", "excel", "tate", "shisaku",
];

/// `pdftotext -layout -nopgbrk`: the same text without its form feeds (the fixtures'
/// with them taken out, which is what the option writes). Its pages are known by their
/// running header under each page's number, and each layout reads as with its form
/// feeds.
#[test]
fn pdftotext_text_without_form_feeds_reads_as_with_them() {
    for layout in LAYOUTS_BUT_JUTEN {
        let period = if layout == "roman" {
            "2021-10"
        } else {
            "2025-10"
        };
        let doc = format!("plan_{layout}.layout.txt");
        let text = std::fs::read_to_string(fixture(&format!("documents/{layout}/{doc}"))).unwrap();
        assert!(text.contains('\u{0c}'), "{doc}");
        let (out, r) = run_plan_bytes(&doc, text.replace('\u{0c}', "").into_bytes(), "", period);
        assert_eq!(r.code, 0, "{doc}: {}\n{}", r.stdout, r.stderr);
        check_truth(&out.path().join(period), &layout_truth(layout), &doc, &[]);
    }
}

/// Each layout's PDF as pypdf's layout text writes it, its pages joined by line breaks as
/// a script joins them (make_python_extractions.py): no form feed, the pages known by
/// their running header under each page's number; headings two places in where the
/// second column's text may start too (「  (2)　人材の育成」 over the next table); years
/// run together (「2025 20262027」), a wrapped label's end on the line of years (「号
/// 2025…」), 「令和 10 令和 11 効果額」 one space apart; a heading's numeral at the end of
/// its title (「基本方針   市民の視点…サービスⅠ」); the cover's 「第5次」 set as 「第  5  次」.
/// Every item, owner and schedule is what the document says (juten with its other forms).
#[test]
fn pypdf_layout_text_reads_to_what_the_document_says() {
    for layout in LAYOUTS_BUT_JUTEN {
        reads_to_its_truth(layout, "pypdf.txt", &[]);
    }
}

/// Runs `layout` in `form` without configuration: exit 0 and every item, owner and
/// schedule (but those of `unread`) as its truth.json says.
fn reads_to_its_truth(layout: &str, form: &str, unread: &[&str]) {
    let period = if layout == "roman" {
        "2021-10"
    } else {
        "2025-10"
    };
    let (doc, out, r) = run_layout_form(layout, form, "", period);
    assert_eq!(r.code, 0, "{doc}: {}\n{}", r.stdout, r.stderr);
    check_truth(
        &out.path().join(period),
        &layout_truth(layout),
        &doc,
        unread,
    );
}

/// Each layout's PDF as pdfminer.six's `extract_text` writes it (make_python_extractions.py):
/// text boxes in reading order, a table's cells a box each. Headed items with label
/// paragraphs read exactly (roman but for 2-3, whose empty year leaves no trace: a
/// warning); a numeral set after its heading (「基本方針 …」 ⏎ 「Ⅰ」) is read with it. Tables
/// whose cells come out scattered (a header's labels a line each, two of them perhaps one
/// space apart: 「区分 取組事項」; the same year alone again and again) are refused with an
/// error at a line and exit 1, never read into wrong rows.
#[test]
fn pdfminer_text_reads_exactly_or_is_refused() {
    for (layout, unread) in [
        ("heading", &[][..]),
        ("kohyo", &[]),
        ("kv", &[]),
        ("para", &[]),
        ("shisaku", &[]),
        ("roman", &["2-3"]),
    ] {
        reads_to_its_truth(layout, "miner.txt", unread);
    }
    for layout in [
        "table", "hashira", "kihon", "shou", "kyoku", "kankei", "excel", "juten", "tate",
    ] {
        let (doc, _out, r) = run_layout_form(layout, "miner.txt", "", "2025-10");
        assert_eq!(r.code, 1, "{doc}: {}\n{}", r.stdout, r.stderr);
        let located = format!("[エラー] plans/{doc} ");
        let at = r
            .stderr
            .find(&located)
            .map(|i| &r.stderr[i + located.len()..]);
        assert!(
            at.is_some_and(|rest| rest
                .split_once("行目")
                .is_some_and(|(n, _)| n.parse::<usize>().is_ok())),
            "{doc}: {}",
            r.stderr
        );
    }
}

/// The further layouts as `pdftotext -enc Shift-JIS` writes them, with and without
/// `-layout`: letters and digits full width, and no 「～」「－」「①」「◯」, which Shift_JIS
/// cannot write (pdftotext drops them; ① becomes 「１」). A span whose tilde was dropped
/// (「Ｒ９Ｒ１１：実施」) is read as the span, and a number alone before an item's name as the
/// circled number it was; each item reads as in the UTF-8 text but for the schedules
/// whose text lost a character, listed here with what was lost.
#[test]
fn shift_jis_extractions_read_as_their_utf8_text_but_for_what_shift_jis_cannot_write() {
    for (layout, forms, config, period, unread) in [
        (
            "kv",
            &["sjis.txt", "layout.sjis.txt"][..],
            "",
            "2025-10",
            &[][..],
        ),
        (
            "para",
            &["sjis.txt", "layout.sjis.txt"][..],
            "",
            "2025-10",
            &[][..],
        ),
        // 「R8～：寄附募集」 and 「R11：－」.
        (
            "shisaku",
            &["sjis.txt", "layout.sjis.txt"][..],
            "",
            "2025-10",
            &["2-3-1", "2-3-2"][..],
        ),
        // 「令和8年度～　実施」 and 「令和9年度～　売却」: spans left open.
        (
            "heading",
            &["sjis.txt", "layout.sjis.txt"][..],
            "",
            "2025-10",
            &["1-1-1", "2-1-2"][..],
        ),
        // 「－」 for a year with nothing to do.
        (
            "kohyo",
            &["sjis.txt", "layout.sjis.txt"][..],
            "",
            "2025-10",
            &["2-1"][..],
        ),
        ("table", &["layout.sjis.txt"][..], "", "2025-10", &["5"][..]),
        (
            "roman",
            &["layout.sjis.txt"][..],
            ROMAN_BUREAUS,
            "2021-10",
            &["2-2"][..],
        ),
        // 「◯」 marks the years of item 2.
        ("kihon", &["layout.sjis.txt"][..], "", "2025-10", &["2"][..]),
        (
            "shou",
            &["layout.sjis.txt"][..],
            "",
            "2025-10",
            &["2-2"][..],
        ),
        ("kyoku", &["layout.sjis.txt"][..], "", "2025-10", &[][..]),
        // 「令和9年度～」: the span left open.
        (
            "tate",
            &["sjis.txt", "layout.sjis.txt"][..],
            "",
            "2025-10",
            &["2-1-1"][..],
        ),
    ] {
        let truth = layout_truth(layout);
        for form in forms {
            let (doc, out, r) = run_layout_form(layout, form, config, period);
            assert_eq!(r.code, 0, "{doc}: {}\n{}", r.stdout, r.stderr);
            check_truth(&out.path().join(period), &truth, &doc, unread);
            // The clerk is told what such a text may have lost, once.
            let codes = table_rows(&out.path().join(period), "diagnostics", &["code"]);
            let told = codes.iter().filter(|c| *c == "plan.shift_jis_extraction");
            assert_eq!(told.count(), 1, "{doc}: {codes:?}");
        }
    }
}

/// kankei's `pdftotext -layout -enc Shift-JIS` text: padded with ideographic spaces, the
/// labels set right of where their columns' rows start, and the rows of the third table
/// on the page after its header, set narrower. Every item, owner and schedule is what
/// the document says; the name 「ＲＰＡ…」 is read 「RPA…」, as such a text's full-width
/// letters are.
#[test]
fn kankei_shift_jis_layout_text_reads_to_what_the_document_says() {
    let half_width = |s: &str| -> String {
        s.chars()
            .map(|c| match c {
                '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
                _ => c,
            })
            .collect()
    };
    let truth: Vec<serde_json::Value> = layout_truth("kankei")
        .into_iter()
        .map(|mut t| {
            t["name"] = half_width(t["name"].as_str().unwrap()).into();
            t
        })
        .collect();
    let (doc, out, r) = run_layout_form("kankei", "layout.sjis.txt", "", "2025-10");
    assert_eq!(r.code, 0, "{doc}: {}\n{}", r.stdout, r.stderr);
    check_truth(&out.path().join("2025-10"), &truth, &doc, &[]);
}

/// pdftotext sets each page from the page's own text, so a page may come out moved along
/// the line. kohyo's and shou's `-layout` text with one page's every line three columns
/// further in (their labels then no longer at the line's start) read as the text does.
#[test]
fn a_page_moved_along_the_line_reads_as_the_text_does() {
    for (layout, page) in [("kohyo", 2), ("shou", 3)] {
        let path = fixture(&format!("documents/{layout}/plan_{layout}.layout.txt"));
        let text = std::fs::read_to_string(path).unwrap();
        let pages: Vec<String> = text
            .split('\u{0c}')
            .enumerate()
            .map(|(i, p)| {
                if i != page {
                    return p.to_string();
                }
                p.split('\n')
                    .map(|l| {
                        if l.trim().is_empty() {
                            l.to_string()
                        } else {
                            format!("   {l}")
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .collect();
        let doc = format!("plan_{layout}.txt");
        let (out, r) = run_plan_bytes(&doc, pages.join("\u{0c}").into_bytes(), "", "2025-10");
        assert_eq!(r.code, 0, "{doc}: {}\n{}", r.stdout, r.stderr);
        check_truth(
            &out.path().join("2025-10"),
            &layout_truth(layout),
            &doc,
            &[],
        );
    }
}

/// Items whose table has its labels as a header row over one row of values (「所管課 |
/// 取組概要 | R7 | … | R11」), each under its name as a numbered heading 「(1)　…」
/// (`juten`, made by make_more_plans.py): as Word, as PDF and as `pdftotext -layout`
/// output (the header row's columns cut at the positions its pieces start at), every
/// item is read with its number, name and schedule, in the document's order; the chapter
/// over the plan's 重点取組 (「第2章」) is no level of the numbers (1-1, not 2-1-1).
/// 「市民部市民課」 written without a space stays one section when nothing names 市民部: the
/// sections are not compared.
#[test]
fn items_with_a_header_row_table_read_as_word_and_pdf() {
    let truth: Vec<serde_json::Value> = serde_json::from_str(
        &std::fs::read_to_string(fixture("documents/juten/truth.json")).expect("truth"),
    )
    .expect("json");
    for doc in [
        "plan_juten.docx",
        "plan_juten.pdf",
        "plan_juten.layout.txt",
        "plan_juten.plumber.txt",
        "plan_juten.pypdf.txt",
        "plan_juten.chrome.pdf",
        "plan_juten.chrome.layout.txt",
    ] {
        let bytes = std::fs::read(fixture(&format!("documents/juten/{doc}"))).unwrap();
        let input = input_with_plans(&[(doc, bytes)]);
        let out = tempfile::tempdir().unwrap();
        let r = run_gyokaku(input.path(), out.path(), "2025-10");
        assert_eq!(r.code, 0, "{doc}: {}\n{}", r.stdout, r.stderr);
        let dir = out.path().join("2025-10");
        let items = table_rows(&dir, "practice_items", &["item_id", "name"]);
        let want: Vec<String> = truth
            .iter()
            .map(|t| {
                format!(
                    "{}|{}",
                    t["id"].as_str().unwrap(),
                    t["name"].as_str().unwrap()
                )
            })
            .collect();
        assert_eq!(items, want, "{doc}");
        let cells = table_rows(
            &dir,
            "schedule",
            &["item_id", "fiscal_year", "cell_text", "kind"],
        );
        for (t, item) in truth.iter().zip(&items) {
            let id = item.split_once('|').unwrap().0;
            for (year, cell) in t["schedule"].as_object().unwrap() {
                let (kind, text) = (cell[0].as_str().unwrap(), cell[1].as_str().unwrap());
                let got = cells
                    .iter()
                    .find(|c| c.starts_with(&format!("{id}|{year}|")))
                    .map(|c| c.split('|').skip(2).collect::<Vec<_>>().join("|"));
                let ok = match (kind, got.as_deref()) {
                    ("new", Some(g)) => g == format!("{text}|new"),
                    ("cont", Some(g)) => g.ends_with("|arrow") || g.ends_with("|continued"),
                    ("none", None) => true,
                    ("none", Some(g)) => g.ends_with("|none"),
                    _ => false,
                };
                assert!(ok, "{doc}: {id} {year}: want {kind} {text}, got {got:?}");
            }
        }
    }
}

/// Plain pdftotext output (no `-layout`) of the 基本方針Ⅰ layout: every item and owner; the
/// one schedule row with an empty year (2-3: four values, five years) is the
/// `plan.schedule_unplaced` warning at its first value, since plain output keeps no
/// trace of an empty cell.
#[test]
fn a_plain_extraction_of_headed_items_reads_but_for_the_row_with_an_empty_year() {
    assert_eq!(
        roman_unplaced("plan_roman.txt", &["2-3"]),
        vec!["plan.schedule_unplaced|221行目|値 4 個・年度 5 個"]
    );
}

/// Runs the `roman` layout's extraction `file`, checks it against truth.json but for the
/// schedules of `unread`, and returns its `plan.schedule_unplaced` findings.
fn roman_unplaced(file: &str, unread: &[&str]) -> Vec<String> {
    let truth: Vec<serde_json::Value> = serde_json::from_str(
        &std::fs::read_to_string(fixture("documents/roman/truth.json")).expect("truth"),
    )
    .expect("json");
    let bytes = std::fs::read(fixture(&format!("documents/roman/{file}"))).unwrap();
    let input = input_with_plans(&[("plan_roman.txt", bytes)]);
    let out = tempfile::tempdir().unwrap();
    let r = run_gyokaku(input.path(), out.path(), "2021-10");
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let dir = out.path().join("2021-10");
    check_truth(&dir, &truth, file, unread);
    table_rows(&dir, "diagnostics", &["code", "location", "value"])
        .into_iter()
        .filter(|r| r.starts_with("plan.schedule_unplaced"))
        .collect()
}

/// Plain output of a plan that is one table (実施計画一覧表) sets the header's labels a line
/// each and a row's values after the next rows where a page breaks: it is refused with
/// `plan.table_apart` at the header's first line, exit 1 when it is the only plan. With
/// the PDF it was taken from beside it, the PDF is read in its place, exactly.
#[test]
fn a_plain_extraction_of_one_table_is_refused_and_its_pdf_read_instead() {
    let text = std::fs::read(fixture("documents/table/plan_table.txt")).unwrap();
    let input = input_with_plans(&[("plan_table.txt", text.clone())]);
    let out = tempfile::tempdir().unwrap();
    let r = run_gyokaku(input.path(), out.path(), "2025-10");
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stderr
            .contains("plans/plan_table.txt 17行目: 一覧表の見出し（取組項目・取組内容・担当課 など）はありますが"),
        "{}",
        r.stderr
    );
    let pdf = std::fs::read(fixture("documents/table/plan_table.pdf")).unwrap();
    let input = input_with_plans(&[("plan_table.txt", text), ("plan_table.pdf", pdf)]);
    let out = tempfile::tempdir().unwrap();
    let r = run_gyokaku(input.path(), out.path(), "2025-10");
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let truth: Vec<serde_json::Value> = serde_json::from_str(
        &std::fs::read_to_string(fixture("documents/table/truth.json")).expect("truth"),
    )
    .expect("json");
    let dir = out.path().join("2025-10");
    check_truth(&dir, &truth, "plan_table.pdf", &[]);
    let notes: Vec<String> = table_rows(&dir, "diagnostics", &["file", "code"])
        .into_iter()
        .filter(|r| r.contains("plan.same_document") || r.contains("plan.table_apart"))
        .collect();
    assert_eq!(notes, vec!["plans/plan_table.txt|plan.same_document"]);
}

/// Items whose small table has its labels as a header row (「所管課 | 取組概要 | R7 | …」),
/// extracted without `-layout`: plain output sets each cell on lines of its own and
/// leaves no trace of an empty year, `-raw` runs a cell's wrapped lines into the next
/// cell's. Both are refused with `plan.table_apart` at the first header row.
#[test]
fn header_row_tables_extracted_without_layout_are_refused_at_their_header() {
    // Tables under headings too (hashira, kihon): plain output wraps 「番」 over 「号」 a line
    // each; the header is found at its first line.
    for (layout, doc, line) in [
        ("juten", "plan_juten.txt", 77),
        ("juten", "plan_juten.raw.txt", 30),
        ("hashira", "plan_hashira.txt", 43),
        ("hashira", "plan_hashira.raw.txt", 24),
        ("kihon", "plan_kihon.txt", 47),
        ("kihon", "plan_kihon.raw.txt", 25),
        // 「項目番⏎号」, 「取組内容・目標」, 「担当部局」 beside 「担当課」, 「令和 7⏎年度」.
        ("kyoku", "plan_kyoku.txt", 61),
        ("kyoku", "plan_kyoku.raw.txt", 26),
        ("excel", "plan_excel.txt", 2),
        ("excel", "plan_excel.raw.txt", 2),
    ] {
        let text = std::fs::read(fixture(&format!("documents/{layout}/{doc}"))).unwrap();
        let input = input_with_plans(&[(doc, text)]);
        let out = tempfile::tempdir().unwrap();
        let r = run_gyokaku(input.path(), out.path(), "2025-10");
        assert_eq!(r.code, 1, "{doc}: {}\n{}", r.stdout, r.stderr);
        let want = format!("plans/{doc} {line}行目: 一覧表の見出し");
        assert!(r.stderr.contains(&want), "{doc}: {}", r.stderr);
    }
}

/// `pdftotext -raw` (the PDF's stream order) writes a table row on one line, its cells
/// apart by spaces: 年度計画 and its years on one line, the year's values on the next.
/// Items and owners read exactly; a values line with as many values as years is read a
/// value a year. The two rows that cannot be are `plan.schedule_unplaced` warnings at
/// their lines: one with an empty year (2-3, four values for five years) and one whose
/// first value wraps onto the next lines (3-1: 「定員管理計画策」「定」「実施 → → 検証」,
/// whose other lines are unrecognized, each a warning too). The headings 「基本方針Ⅰ …」
/// come out as 「Ⅰ」 over 「基本方針 …」 and the cover's 「第 5 次…」 broken over lines:
/// the items stand under their 基本方針.
#[test]
fn a_plan_extracted_in_stream_order_reads_its_rows_written_on_one_line() {
    assert_eq!(
        roman_unplaced("plan_roman.raw.txt", &["2-3", "3-1"]),
        vec![
            "plan.schedule_unplaced|44行目|値 4 個・年度 5 個",
            "plan.schedule_unplaced|53行目|値 1 個・年度 5 個",
        ]
    );
}

/// The run's items, owners and schedule against `truth.json`.
/// The schedules of the items in `unread_schedules` are not compared.
/// The truth.json of a layout of `fixtures/documents`.
fn layout_truth(layout: &str) -> Vec<serde_json::Value> {
    serde_json::from_str(
        &std::fs::read_to_string(fixture(&format!("documents/{layout}/truth.json")))
            .expect("truth"),
    )
    .expect("json")
}

/// Runs the plan of `layout` in one of its forms (`docx`, `layout.sjis.txt`, …) with the
/// configuration `config`: the plan's file name, the output folder and the outcome.
fn run_layout_form(
    layout: &str,
    form: &str,
    config: &str,
    period: &str,
) -> (String, tempfile::TempDir, Outcome) {
    let doc = format!("plan_{layout}.{form}");
    let bytes = std::fs::read(fixture(&format!("documents/{layout}/{doc}"))).unwrap();
    let (out, r) = run_plan_bytes(&doc, bytes, config, period);
    (doc, out, r)
}

/// Runs a plan of `bytes` named as `doc` with the configuration `config`.
fn run_plan_bytes(
    doc: &str,
    bytes: Vec<u8>,
    config: &str,
    period: &str,
) -> (tempfile::TempDir, Outcome) {
    let input = input_with_plans(&[(&doc.replace(".layout", ""), bytes)]);
    std::fs::write(input.path().join("gyokaku.toml"), config).unwrap();
    let out = tempfile::tempdir().unwrap();
    let r = run_gyokaku(input.path(), out.path(), period);
    (out, r)
}

fn check_truth(dir: &Path, truth: &[serde_json::Value], doc: &str, unread_schedules: &[&str]) {
    let items = table_rows(dir, "practice_items", &["item_id", "initiative_no", "name"]);
    let want: Vec<String> = truth
        .iter()
        .map(|t| format!("{}|{}|{}", t["id"], t["initiative"], t["name"]).replace('"', ""))
        .collect();
    assert_eq!(items, want, "{doc}");
    let names: std::collections::BTreeMap<String, String> = table_rows(
        dir,
        "departments",
        &["department_id", "bureau_name", "section_name"],
    )
    .into_iter()
    .map(|r| {
        let (id, name) = r.split_once('|').unwrap();
        (id.to_string(), name.to_string())
    })
    .collect();
    let owners: Vec<String> = table_rows(dir, "item_departments", &["item_id", "department_id"])
        .into_iter()
        .map(|r| {
            let (id, dept) = r.split_once('|').unwrap();
            format!("{id}|{}", names[dept])
        })
        .collect();
    let want: Vec<String> =
        truth
            .iter()
            .flat_map(|t| {
                let id = t["id"].as_str().unwrap().to_string();
                t["sections"].as_array().unwrap().iter().map(move |s| {
                    format!("{id}|{}|{}", s[0].as_str().unwrap(), s[1].as_str().unwrap())
                })
            })
            .collect();
    assert_eq!(owners, want, "{doc}");
    let cells = table_rows(
        dir,
        "schedule",
        &["item_id", "fiscal_year", "cell_text", "kind"],
    );
    for t in truth {
        if unread_schedules.contains(&t["id"].as_str().unwrap()) {
            continue;
        }
        for (year, cell) in t["schedule"].as_object().unwrap() {
            let (kind, text) = (cell[0].as_str().unwrap(), cell[1].as_str().unwrap());
            let id = t["id"].as_str().unwrap();
            let got = cells
                .iter()
                .find(|c| c.starts_with(&format!("{id}|{year}|")))
                .map(|c| c.rsplit('|').next().unwrap().to_string());
            let ok = match (kind, got.as_deref()) {
                ("new", Some("new")) => cells.contains(&format!("{id}|{year}|{text}|new")),
                ("cont", Some("arrow" | "continued")) => true,
                ("none", None | Some("none")) => true,
                _ => false,
            };
            assert!(
                ok,
                "{doc}: item {id} {year}: want {kind} {text}, got {got:?}"
            );
        }
    }
    let errors: Vec<_> = table_rows(dir, "diagnostics", &["severity", "code", "message"])
        .into_iter()
        .filter(|r| r.starts_with("エラー") || r.starts_with("error"))
        .collect();
    assert!(errors.is_empty(), "{doc}: {errors:?}");
}

/// A plan that writes its bureaus apart from their sections (「市民部 市民課」) and no
/// configuration naming them: the reports that name a section alone, the bureau and the
/// section joined (「企画部企画課」) or apart land on the plan's sections.
#[test]
fn reports_land_on_sections_whose_bureaus_the_plan_writes() {
    let bytes = std::fs::read(fixture("documents/roman/plan_roman.docx")).unwrap();
    let input = input_with_plans(&[("plan_roman.docx", bytes)]);
    let progress = input.path().join("progress");
    std::fs::create_dir_all(&progress).unwrap();
    std::fs::write(
        progress.join("市民課_2021-10.csv"),
        "項目番号,進捗状況,進捗率,報告日\n1-3,実施中,50,2021/10/29\n",
    )
    .unwrap();
    std::fs::write(
        progress.join("報告_2021-10.csv"),
        "項目番号,担当部署,進捗状況,進捗率,報告日\n2-3,企画部企画課,実施中,40,2021/10/29\n2-1,財務部 資産経営課,検討中,20,2021/10/29\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let r = run_gyokaku(input.path(), out.path(), "2021-10");
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let dir = out.path().join("2021-10");
    let sections = table_rows(&dir, "departments", &["bureau_name", "section_name"]);
    for s in ["市民部|市民課", "企画部|企画課", "財務部|資産経営課"] {
        assert!(sections.contains(&s.to_string()), "{s}: {sections:?}");
    }
    let reports: Vec<String> = table_rows(&dir, "progress", &["item_id", "period", "status"])
        .into_iter()
        .filter(|r| r.contains("|2021-10|"))
        .collect();
    assert_eq!(
        reports,
        [
            "1-3|2021-10|実施中",
            "2-1|2021-10|検討中",
            "2-3|2021-10|実施中"
        ]
    );
}

/// The month's reports (item|period|status) of a run on the plan document `plan`
/// (`documents/<layout>/<file>`) and the progress files `reports` (name, text), which must
/// end with exit 0.
fn reports_landed(plan: &str, reports: &[(&str, &str)]) -> Vec<String> {
    let file = plan.rsplit('/').next().unwrap();
    let bytes = std::fs::read(fixture(&format!("documents/{plan}"))).unwrap();
    let input = input_with_plans(&[(file, bytes)]);
    let progress = input.path().join("progress");
    std::fs::create_dir_all(&progress).unwrap();
    for (name, text) in reports {
        std::fs::write(progress.join(name), text).unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    let r = run_gyokaku(input.path(), out.path(), "2025-10");
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let dir = out.path().join("2025-10");
    table_rows(&dir, "progress", &["item_id", "period", "status"])
        .into_iter()
        .filter(|r| r.contains("|2025-10|"))
        .collect()
}

/// A plan whose tables give the bureau and the section in columns of their own
/// (担当部局 | 担当課, `kyoku`): reports naming the section alone, or with its bureau
/// joined or apart, land on the plan's items.
#[test]
fn reports_land_on_sections_named_in_a_bureau_column() {
    let reports = reports_landed(
        "kyoku/plan_kyoku.pdf",
        &[
            (
                "資産経営課_2025-10.csv",
                "項目番号,進捗状況,進捗率,報告日\n2-1-1,実施中,50,2025/10/29\n",
            ),
            (
                "報告_2025-10.csv",
                "項目番号,担当部署,進捗状況,進捗率,報告日\n2-1-2,企画部企画政策課,検討中,20,2025/10/29\n2-2-1,財務部 財政課,実施中,40,2025/10/29\n",
            ),
        ],
    );
    assert_eq!(
        reports,
        [
            "2-1-1|2025-10|実施中",
            "2-1-2|2025-10|検討中",
            "2-2-1|2025-10|実施中"
        ]
    );
}

/// A plan naming co-owners in a column of their own (主管課 | 関係課, `kankei`): a report
/// from the main section and one from a co-owner land on their items.
#[test]
fn reports_land_on_sections_named_in_a_related_column() {
    let reports = reports_landed(
        "kankei/plan_kankei.docx",
        &[(
            "報告_2025-10.csv",
            "取組No.,担当部署,進捗状況,進捗率,報告日\n2,財政課,実施中,30,2025/10/29\n4,管財課,検討中,10,2025/10/29\n",
        )],
    );
    assert_eq!(reports, ["2|2025-10|実施中", "4|2025-10|検討中"]);
}
