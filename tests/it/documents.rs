//! Plans kept as Word documents and PDFs (fixtures/documents/, written by
//! `make_documents.py` with python-docx and LibreOffice): the sample plan as `.docx` and
//! `.pdf` reads to the same tables as its text; three other layouts read to their items,
//! sections and schedules in both forms, and a report lands on its item and section;
//! hostile documents end as a located finding, exit 2, within 512 MB.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::common::*;
use gyokaku::Settings;
use gyokaku::plan::{Plan, ScheduleKind, read_plan_file};

const SAMPLE_DOCS: [&str; 2] = [
    "documents/sample/plan_sample_no07-11.docx",
    "documents/sample/plan_sample_no07-11.pdf",
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
            ("item_departments", &["item_id", "department_id", "role"][..]),
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
        assert_eq!(out.status.code(), Some(0), "{doc}: {stdout}\n{}", String::from_utf8_lossy(&out.stderr));
        assert!(stdout.contains("変更はありません"), "{doc}: {stdout}");
    }
}

/// What a layout must read to: (item id, name, sections by name, schedule kinds).
struct Expected {
    items: &'static [(&'static str, &'static str, &'static [&'static str], &'static [ScheduleKind])],
}

fn read_layout(rel: &str) -> (Plan, Vec<gyokaku::Finding>) {
    let settings = Settings::default();
    let path = fixture(rel);
    let name = path.file_name().unwrap().to_str().unwrap().to_string();
    let (parsed, mut findings) = read_plan_file(&path, &name, &settings);
    let plan = Plan::assemble(parsed.into_iter().collect(), &settings, &mut findings);
    (plan, findings)
}

fn check_layout(rel: &str, expected: &Expected) {
    let (plan, findings) = read_layout(rel);
    let got: Vec<(String, String, Vec<String>, Vec<ScheduleKind>)> = plan
        .items()
        .map(|(_, i)| {
            (
                i.id.to_string(),
                i.name.clone(),
                i.departments.iter().map(|d| d.section.clone()).collect(),
                i.schedule.iter().map(|c| c.kind).collect(),
            )
        })
        .collect();
    let want: Vec<(String, String, Vec<String>, Vec<ScheduleKind>)> = expected
        .items
        .iter()
        .map(|(id, name, sections, kinds)| {
            (
                id.to_string(),
                name.to_string(),
                sections.iter().map(|s| s.to_string()).collect(),
                kinds.to_vec(),
            )
        })
        .collect();
    assert_eq!(got, want, "{rel}: {findings:?}");
    let errors: Vec<_> = findings
        .iter()
        .filter(|f| f.severity == gyokaku::diagnostics::Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{rel}: {errors:?}");
}

use ScheduleKind::{Arrow, Continued, New, None as Nothing};

const VIEWPOINT: Expected = Expected {
    items: &[
        ("1-1-1", "証明書のコンビニ交付の拡充", &["市民課"], &[New, New, Arrow, Arrow, Arrow]),
        ("1-1-2", "窓口の混雑状況の発信", &["市民課", "情報政策課"], &[New, Arrow, Arrow, New, Nothing]),
        ("1-2-1", "電子申請システムの導入", &["情報政策課"], &[New, New, New, Arrow, Arrow]),
        ("2-1-1", "公共施設個別施設計画の推進", &["資産活用課"], &[New, Arrow, Arrow, Arrow, Arrow]),
        ("2-1-2", "使用料の見直し", &["財政課"], &[Nothing, New, New, Arrow, Nothing]),
    ],
};

const KANA: Expected = Expected {
    items: &[
        ("1-1-1", "文書管理の電子化", &["総務課"], &[New, New, New, Arrow, Arrow]),
        ("1-1-2", "会議の効率化", &["総務課", "人事課"], &[New, New, Arrow, Arrow, Arrow]),
        ("1-1-3", "押印の見直し", &["総務課"], &[New, New, Continued, Continued, Continued]),
        ("1-2-1", "研修の充実", &["人事課"], &[New, New, Arrow, New, New]),
        ("2-1-1", "市税の収納率向上", &["納税課"], &[New, Arrow, Arrow, Arrow, Arrow]),
        ("2-1-2", "広告収入の拡大", &["財政課"], &[Nothing, New, Arrow, Arrow, New]),
    ],
};

const QUOTED: Expected = Expected {
    items: &[
        ("10-1", "市民の声の受付方法の拡充", &["広報広聴課"], &[New, New, Continued, New, Arrow]),
        ("10-2", "市政モニター制度の見直し", &["広報広聴課", "市民協働課"], &[New, New, Continued, Arrow, Arrow]),
        ("11-1", "ホームページの改修", &["情報政策課"], &[New, New, Continued, New, Continued]),
    ],
};

#[test]
fn further_layouts_read_to_their_items_sections_and_schedules_as_word_and_pdf() {
    for (layout, expected) in [
        ("viewpoint/plan_viewpoint", &VIEWPOINT),
        ("kana/plan_kana", &KANA),
        ("quoted/plan_quoted", &QUOTED),
    ] {
        for ext in ["docx", "pdf"] {
            check_layout(&format!("documents/{layout}.{ext}"), expected);
        }
    }
}

/// A report in each layout's words, a row naming the item by its number and the section
/// by its name, lands on that item in that section's workbook.
#[test]
fn a_report_row_lands_on_its_item_and_section_in_each_layout() {
    for (doc, item, section, book) in [
        ("viewpoint/plan_viewpoint.pdf", "1-(2)-①", "総務部 情報政策課", "総務部_情報政策課.xlsx"),
        ("kana/plan_kana.docx", "1-(1)-(イ)", "(総)人事課", "総務部_人事課.xlsx"),
        ("quoted/plan_quoted.pdf", "11-1", "総務部・情報政策課", "総務部_情報政策課.xlsx"),
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
        let rows = read_sheet(&dir.join(book), "進捗");
        let id = gyokaku::plan::parse_item_number(item).map(|i| i.to_string());
        let row = rows
            .iter()
            .find(|r| id.as_ref().is_ok_and(|id| r.first() == Some(id)))
            .unwrap_or_else(|| panic!("{doc}: {rows:?}"));
        assert_eq!((row[3].as_str(), row[4].as_str()), ("取組中", "40"), "{doc}");
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
        write!(out, "{} 0 obj\n", i + 1).unwrap();
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    write!(out, "xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).unwrap();
    for o in offsets {
        write!(out, "{o:010} 00000 n \n").unwrap();
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
    let mut stream = format!("<< /Length {} /Filter /FlateDecode >>\nstream\n", data.len()).into_bytes();
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
        obj(&format!("<< /Type /Pages /Kids [{}] /Count {n} >>", kids.join(" "))),
    ];
    for _ in 0..n {
        objects.push(obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"));
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
        obj(&format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len())),
    ])
}

/// A Word file whose document part inflates to 250 MB.
fn bomb_docx() -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    zip.start_file("word/document.xml", options).unwrap();
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..250 {
        zip.write_all(&chunk).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn hostile_documents_end_as_a_located_finding_within_memory() {
    let cases: [(&str, Vec<u8>, &str); 6] = [
        ("plans/別冊_展開爆弾.pdf", bomb_pdf(), "OCR"),
        ("plans/別冊_参照ループ.pdf", loop_pdf(), "ループ"),
        ("plans/別冊_一万ページ.pdf", many_pages_pdf(), "ページ数"),
        ("plans/別冊_スキャン.pdf", scan_pdf(), "OCR"),
        ("plans/別冊_展開爆弾.docx", bomb_docx(), "max_unzipped_mb"),
        ("plans/別冊_古い形式.doc", b"\xd0\xcf\x11\xe0".to_vec(), ".docx で保存し直してください"),
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
            .zip(str_col(&t, "location").into_iter().zip(str_col(&t, "message")))
            .filter(|((f, _), _)| f == dest)
            .map(|((_, c), (l, m))| (c, l, m))
            .collect();
        let words = if dest.ends_with("展開爆弾.pdf") { "max_unzipped_mb" } else { words };
        assert!(
            found.iter().any(|(c, l, m)| c == "plan.unreadable"
                && (!l.is_empty() || dest.ends_with(".doc"))
                && m.contains(words)),
            "{dest}: {found:?}"
        );
        let peak = children_peak_rss();
        assert!(peak < MAX_RSS_BYTES, "{dest}: peak memory {} MB", peak >> 20);
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
    let noted: Vec<_> = rows.iter().filter(|r| r.contains("plan_sample_no07-11.pdf")).collect();
    assert_eq!(noted.len(), 1, "{rows:?}");
    assert!(noted[0].contains("plan.same_document"), "{noted:?}");
    let items = table_rows(&dir, "practice_items", &["item_id", "source_file"]);
    assert!(items.iter().all(|r| r.ends_with(".txt")), "{items:?}");
}

#[allow(dead_code)]
fn unused(_: PathBuf) {}
