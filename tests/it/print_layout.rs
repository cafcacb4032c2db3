//! How the workbooks print, read back from their XML: A4 at a fixed scale of at least
//! 80 % (never fit-to-page), the printed columns fitting the paper's width in Excel and in
//! LibreOffice with a substitute font, audit columns outside the print area, a page header
//! naming the section (or 全体集計), the month in 和暦 and the edition, a footer with page
//! numbers and the file name, rows as tall as their wrapped text, 進捗推移 as one table of
//! sections by months, 概要 on one page, solid data bars, equal year columns.
//! Then LibreOffice prints a section workbook and the summary to PDF, and the pages are
//! counted.
//!
//! `cargo test --test it every_sheet_is_found -- --nocapture` prints the page and scale
//! table of the sample (2024-09) and of the month after (2024-10, one 進捗入力 sheet sent
//! back); it needs LibreOffice and pdftotext (poppler-utils). With
//! `PRINT_LAYOUT_PDF_DIR=/some/dir` it keeps the PDFs there to look at.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::*;

const SECTION: &str = "市民生活部_窓口サービス課.xlsx";
const SUMMARY: &str = "全体集計.xlsx";

/// A4's sides in inches.
const A4: (f64, f64) = (210.0 / 25.4, 297.0 / 25.4);
/// A digit of ＭＳ Ｐゴシック 11 pt as Excel draws it, in pixels at 96 to the inch.
const EXCEL_DIGIT: f64 = 8.0;
/// A digit of DejaVu Sans 11 pt, by which LibreOffice sizes columns where ＭＳ Ｐゴシック is
/// missing.
const SUBSTITUTE_DIGIT: f64 = 9.33;

/// An output folder of a run, with the folders that hold it.
struct Run {
    _input: tempfile::TempDir,
    _out: tempfile::TempDir,
    dir: PathBuf,
}

impl Run {
    fn book(&self, name: &str) -> PathBuf {
        if name == SUMMARY {
            self.dir.join(name)
        } else {
            period_book(&self.dir, name)
        }
    }
}

/// The sample with every progress fixture, for 2024-09.
fn september() -> Run {
    let input = input_with_progress();
    let out = tempfile::tempdir().unwrap();
    let r = run_gyokaku(input.path(), out.path(), "2024-09");
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let dir = out.path().join("2024-09");
    Run {
        _input: input,
        _out: out,
        dir,
    }
}

/// The month after the sample: 窓口サービス課 fills in its 進捗入力 sheet of September (7-1
/// goes from 検討中 to 実施中, 8-2 is reported again) and sends it back.
fn october() -> Run {
    let input = input_with_progress();
    let out = tempfile::tempdir().unwrap();
    assert_eq!(run_gyokaku(input.path(), out.path(), "2024-09").code, 0);
    let sent = period_book(&out.path().join("2024-09"), SECTION);
    let part = sheet_part(&sent, "進捗入力");
    let returned = input.path().join("progress/返送").join(SECTION);
    std::fs::create_dir_all(returned.parent().unwrap()).unwrap();
    fill_in(
        &sent,
        &returned,
        &part,
        &[
            ("B3", "窓口サービス課 行革花子"),
            ("G6", "実施中"),
            ("H6", "90"),
            ("I6", "A"),
            (
                "J6",
                "タブレット端末を2台導入し、窓口での操作研修を実施した",
            ),
            ("K6", "操作研修"),
            ("G8", "完了"),
            ("H8", "100"),
        ],
    );
    let r = run_gyokaku(input.path(), out.path(), "2024-10");
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let dir = out.path().join("2024-10");
    Run {
        _input: input,
        _out: out,
        dir,
    }
}

/// The plan in two editions, for a month after the revision.
fn revised() -> Run {
    let old = std::fs::read(fixture("editions/計画_2020-04.txt")).unwrap();
    let new = std::fs::read(fixture("editions/計画_改定_2023-02.txt")).unwrap();
    let input = input_with_plans(&[("計画_2020-04.txt", old), ("計画_改定_2023-02.txt", new)]);
    let out = tempfile::tempdir().unwrap();
    let r = run_gyokaku(input.path(), out.path(), "2023-04");
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let dir = out.path().join("2023-04");
    Run {
        _input: input,
        _out: out,
        dir,
    }
}

/// The value of attribute `name` of the first `<tag …>` in `xml`.
fn attr(xml: &str, tag: &str, name: &str) -> Option<String> {
    let start = xml.find(&format!("<{tag} "))?;
    let el = &xml[start..start + xml[start..].find('>').unwrap_or(xml.len() - start)];
    let key = format!(" {name}=\"");
    let at = el.find(&key)? + key.len();
    Some(el[at..at + el[at..].find('"')?].to_string())
}

/// The text of the first `<tag>…</tag>` in `xml`, with `&amp;` read back.
fn element(xml: &str, tag: &str) -> Option<String> {
    let open = format!("<{tag}>");
    let start = xml.find(&open)? + open.len();
    let end = start + xml[start..].find(&format!("</{tag}>"))?;
    Some(
        xml[start..end]
            .replace("&amp;", "&")
            .replace("&lt;", "<")
            .replace("&gt;", ">"),
    )
}

/// How a sheet prints, from its XML.
#[derive(Debug)]
struct Setup {
    paper: Option<String>,
    landscape: bool,
    /// Excel's default, 100, when the attribute is left out.
    scale: u32,
    fit_to_page: bool,
    header: String,
    footer: String,
    /// Left and right margins, in inches.
    sides: (f64, f64),
}

fn setup(xml: &str) -> Setup {
    let margin = |name: &str| -> f64 {
        attr(xml, "pageMargins", name)
            .and_then(|v| v.parse().ok())
            .unwrap_or(0.7)
    };
    Setup {
        paper: attr(xml, "pageSetup", "paperSize"),
        landscape: attr(xml, "pageSetup", "orientation").as_deref() == Some("landscape"),
        scale: attr(xml, "pageSetup", "scale").map_or(100, |s| s.parse().unwrap()),
        fit_to_page: xml.contains("fitToPage=\"1\"")
            || attr(xml, "pageSetup", "fitToWidth").is_some(),
        header: element(xml, "oddHeader").unwrap_or_default(),
        footer: element(xml, "oddFooter").unwrap_or_default(),
        sides: (margin("left"), margin("right")),
    }
}

/// Column widths from A (Excel's unit; 0 where no width is set).
fn column_widths(xml: &str) -> Vec<f64> {
    let mut widths = Vec::new();
    for col in xml.split("<col ").skip(1) {
        let tag = format!("<col {}", &col[..col.find('>').unwrap()]);
        let n = |a: &str| -> usize { attr(&tag, "col", a).unwrap().parse().unwrap() };
        let w: f64 = attr(&tag, "col", "width").unwrap().parse().unwrap();
        let (min, max) = (n("min"), n("max"));
        widths.resize(widths.len().max(max), 0.0);
        for k in min..=max {
            widths[k - 1] = w;
        }
    }
    widths
}

/// Row (1-based) -> height in points, for the rows given one.
fn row_heights(xml: &str) -> BTreeMap<u32, f64> {
    xml.split("<row ")
        .skip(1)
        .filter_map(|r| {
            let tag = format!("<row {}", &r[..r.find('>').unwrap()]);
            let row = attr(&tag, "row", "r")?.parse().ok()?;
            let ht = attr(&tag, "row", "ht")?.parse().ok()?;
            Some((row, ht))
        })
        .collect()
}

/// The rows (1-based) after which a manual page break comes.
fn row_breaks(xml: &str) -> Vec<u32> {
    xml.split("<brk ")
        .skip(1)
        .map(|b| {
            attr(&format!("<brk {b}"), "brk", "id")
                .unwrap()
                .parse()
                .unwrap()
        })
        .collect()
}

/// The print area of a sheet (`$A:$J`), if it has one.
fn print_area(book: &Path, sheet: &str) -> Option<String> {
    let wb = zip_entry(book, "xl/workbook.xml");
    let index = wb
        .split("<sheet ")
        .skip(1)
        .position(|s| s.starts_with(&format!("name=\"{sheet}\"")))?;
    wb.split("<definedName ")
        .skip(1)
        .find(|d| {
            d.starts_with("name=\"_xlnm.Print_Area\"")
                && d.contains(&format!("localSheetId=\"{index}\""))
        })
        .map(|d| {
            let text = &d[d.find('>').unwrap() + 1..d.find("</definedName>").unwrap()];
            text.rsplit('!').next().unwrap().to_string()
        })
}

/// 1-based column number of a column's letters.
fn column_number(letters: &str) -> usize {
    letters
        .trim_matches('$')
        .chars()
        .filter(char::is_ascii_alphabetic)
        .fold(0, |n, c| n * 26 + (c as usize - 'A' as usize + 1))
}

/// The columns that print: those of the print area, else every column with a width.
fn printed_widths(book: &Path, sheet: &str) -> Vec<f64> {
    let widths = column_widths(&sheet_xml(book, sheet));
    match print_area(book, sheet) {
        Some(area) => {
            let (first, last) = area.split_once(':').unwrap();
            widths[column_number(first) - 1..column_number(last)].to_vec()
        }
        None => widths,
    }
}

/// A part's path resolved against the folder of the part that names it.
fn resolve(from: &str, target: &str) -> String {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for t in target.split('/') {
        match t {
            ".." => {
                parts.pop();
            }
            "." => {}
            t => parts.push(t),
        }
    }
    parts.join("/")
}

/// The relationships of a part: id -> target part.
fn relationships(book: &Path, part: &str) -> BTreeMap<String, String> {
    let (dir, file) = part.rsplit_once('/').unwrap();
    let rels = zip_entry(book, &format!("{dir}/_rels/{file}.rels"));
    rels.split("<Relationship ")
        .skip(1)
        .map(|r| {
            let tag = format!("<Relationship {r}");
            (
                attr(&tag, "Relationship", "Id").unwrap(),
                resolve(part, &attr(&tag, "Relationship", "Target").unwrap()),
            )
        })
        .collect()
}

/// A chart on a sheet: the rows and last column it covers (0-based) and its XML.
struct PlacedChart {
    rows: (u32, u32),
    last_col: u32,
    xml: String,
}

fn charts(book: &Path, sheet: &str) -> Vec<PlacedChart> {
    let part = sheet_part(book, sheet);
    let Some(drawing) = relationships(book, &part)
        .into_values()
        .find(|t| t.contains("/drawings/"))
    else {
        return Vec::new();
    };
    let xml = zip_entry(book, &drawing);
    let rels = relationships(book, &drawing);
    let num = |s: &str, tag: &str| -> u32 {
        let open = format!("<xdr:{tag}>");
        let start = s.find(&open).unwrap() + open.len();
        s[start..start + s[start..].find('<').unwrap()]
            .parse()
            .unwrap()
    };
    xml.split("<xdr:twoCellAnchor")
        .skip(1)
        .map(|a| {
            let from = &a[a.find("<xdr:from>").unwrap()..a.find("</xdr:from>").unwrap()];
            let to = &a[a.find("<xdr:to>").unwrap()..a.find("</xdr:to>").unwrap()];
            let rid = a
                .split("r:id=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap();
            PlacedChart {
                rows: (num(from, "row"), num(to, "row")),
                last_col: num(to, "col"),
                xml: zip_entry(book, &rels[rid]),
            }
        })
        .collect()
}

/// The printable width of a page, in pixels at 96 to the inch.
fn printable_px(s: &Setup) -> f64 {
    let paper = if s.landscape { A4.1 } else { A4.0 };
    (paper - s.sides.0 - s.sides.1) * 96.0
}

/// Every sheet of a workbook with how it prints.
fn setups(book: &Path) -> Vec<(String, Setup)> {
    sheet_names(book)
        .into_iter()
        .map(|name| {
            let s = setup(&sheet_xml(book, &name));
            (name, s)
        })
        .collect()
}

#[test]
fn every_sheet_prints_on_a4_at_a_readable_scale_and_fits_the_paper() {
    let run = september();
    for (book, upright) in [(SECTION, &["表紙"][..]), (SUMMARY, &["概要", "部署一覧"])] {
        let path = run.book(book);
        let all = setups(&path);
        assert!(all.len() >= 6, "{book}");
        for (sheet, s) in &all {
            let at = format!("{book} {sheet}");
            assert_eq!(s.paper.as_deref(), Some("9"), "{at}: A4");
            assert!(!s.fit_to_page, "{at}: an explicit scale, not fit-to-page");
            assert!((80..=100).contains(&s.scale), "{at}: scale {}", s.scale);
            assert_eq!(
                s.landscape,
                !upright.contains(&sheet.as_str()),
                "{at}: orientation"
            );
            // The printed columns fit the paper at that scale, in Excel and in
            // LibreOffice measuring by a substitute font's wider digit.
            let widths = printed_widths(&path, sheet);
            let units: f64 = widths.iter().sum();
            let scale = f64::from(s.scale) / 100.0;
            let room = printable_px(s);
            assert!(
                units * EXCEL_DIGIT * scale <= room,
                "{at}: {units} in Excel"
            );
            assert!(
                units * SUBSTITUTE_DIGIT * scale <= room,
                "{at}: {units} in LibreOffice"
            );
            // And not by much less: the scale is as large as the columns allow.
            if s.scale < 100 {
                let next = f64::from(s.scale + 3) / 100.0;
                assert!(
                    units * SUBSTITUTE_DIGIT * next > room,
                    "{at}: could be larger"
                );
            }
        }
    }
}

#[test]
fn audit_columns_stay_off_paper() {
    let run = september();
    let header_at = |book: &Path, sheet: &str, row: usize, col: usize| -> String {
        read_sheet(book, sheet)[row][col].clone()
    };
    let section = run.book(SECTION);
    let summary = run.book(SUMMARY);
    for (book, sheet, area, row, col, audit) in [
        (&section, "進捗", "$A:$J", 1, 10, "報告元"),
        (&summary, "進捗", "$A:$K", 1, 11, "報告元"),
        (&summary, "診断", "$A:$F", 0, 6, "コード"),
    ] {
        assert_eq!(print_area(book, sheet).as_deref(), Some(area), "{sheet}");
        assert_eq!(header_at(book, sheet, row, col), audit, "{sheet}");
    }
    // 部署一覧: the section table's 部署別ファイル (the section's name links to the file).
    assert_eq!(print_area(&summary, "部署一覧").as_deref(), Some("$A:$H"));
    let overview = read_sheet(&summary, "部署一覧");
    assert!(
        overview
            .iter()
            .any(|r| r.len() > 8 && r[8] == "部署別ファイル")
    );
    // The audit columns are still there on screen.
    let progress = read_sheet(&section, "進捗");
    assert!(
        progress[2][10].starts_with("progress/"),
        "{:?}",
        progress[2]
    );
}

#[test]
fn every_page_names_its_section_month_and_edition() {
    let run = september();
    for (book, owner) in [
        (SECTION, "&L市民生活部　(民)窓口サービス課&C"),
        (SUMMARY, "&L全体集計&C"),
    ] {
        for (sheet, s) in setups(&run.book(book)) {
            let at = format!("{book} {sheet}");
            assert!(s.header.starts_with(owner), "{at}: {}", s.header);
            // The sheet's name in the middle, the month in 和暦 on the right (進捗入力:
            // the month it asks for, as its title says); an undated plan names no edition.
            let month = if sheet == "進捗入力" {
                "&C&A&R令和6年10月分"
            } else {
                "&C&A&R令和6年9月分"
            };
            assert!(s.header.contains(month), "{at}: {}", s.header);
            assert!(!s.header.contains("版"), "{at}: {}", s.header);
            for code in ["&P", "&N", "&F"] {
                assert!(s.footer.contains(code), "{at}: {code} in {}", s.footer);
            }
            assert!(s.header.encode_utf16().count() <= 255);
        }
    }
    let run = revised();
    for book in [SUMMARY, "市民生活部_協働推進課.xlsx"] {
        for (sheet, s) in setups(&run.book(book)) {
            let month = if sheet == "進捗入力" { "5" } else { "4" };
            assert!(
                s.header
                    .ends_with(&format!("&R令和5年{month}月分　令和5年2月改定版")),
                "{book} {sheet}: {}",
                s.header
            );
        }
    }
}

/// The lines of body text a row height holds (14 pt a line, 4 pt of padding).
fn lines(height: f64) -> usize {
    ((height - 4.0) / 14.0).round() as usize
}

#[test]
fn wrapped_rows_are_as_tall_as_their_lines() {
    let run = october();
    let book = run.book(SECTION);
    let sheet = read_sheet(&book, "進捗");
    let row_of = |id: &str| 1 + sheet.iter().position(|r| r[0] == id).unwrap() as u32;
    let r71 = &sheet[row_of("7-1") as usize - 1];
    assert_eq!(r71[5], "状況 検討中→実施中、進捗率 80→90");
    let xml = sheet_xml(&book, "進捗");
    let heights = row_heights(&xml);
    // The change wraps in its column (it is no longer cut by the next cell): three lines
    // or more, and the cell wraps.
    assert!(lines(heights[&row_of("7-1")]) >= 3, "{heights:?}");
    let style = xml
        .split("<c r=\"F")
        .find(|c| c.starts_with(&format!("{}\"", row_of("7-1"))))
        .and_then(|c| c.split(" s=\"").nth(1))
        .map(|s| s[..s.find('"').unwrap()].parse::<usize>().unwrap())
        .unwrap();
    let styles = zip_entry(&book, "xl/styles.xml");
    let xf = styles
        .split("<cellXfs")
        .nth(1)
        .unwrap()
        .split("<xf ")
        .nth(1 + style)
        .unwrap();
    assert!(xf.contains("wrapText=\"1\""), "{xf}");
    // Every row of the table has its height, none below one line with its padding: rows
    // that do not wrap look like the others.
    for r in 2..=(1 + sheet.len() as u32 - 1) {
        let h = heights.get(&r).copied().unwrap_or(0.0);
        assert!(h >= 18.0, "row {r}: {h}");
    }
    // The header's two lines (今年度の工程 / （R6年度）).
    assert!(lines(heights[&2]) >= 2);
    // 進捗入力: three lines at least to write in.
    let form = sheet_xml(&book, "進捗入力");
    let heights = row_heights(&form);
    for r in 6..=8 {
        assert!(lines(heights[&r]) >= 3, "進捗入力 row {r}: {heights:?}");
    }
}

#[test]
fn the_trend_is_one_table_of_sections_by_months_on_few_pages() {
    let run = city();
    let book = run.book(SUMMARY);
    let xml = sheet_xml(&book, "進捗推移");
    let s = setup(&xml);
    assert!(s.landscape);
    assert!(!xml.contains("<drawing "), "no chart per section");
    let trend = read_sheet(&book, "進捗推移");
    assert_eq!(trend[1][..4], ["部局", "部署", "項目数", "4月"]);
    assert_eq!(trend[1].len(), 3 + 12, "the fiscal year's twelve months");
    let sections = trend
        .iter()
        .filter(|r| r.get(1).is_some_and(|c| c.starts_with('(')))
        .count();
    assert_eq!(sections, 60, "one row per section");
    // The header repeats on every page; each page's rows fit the page at the sheet's
    // scale, and the last page holds at least two sections.
    let titles = zip_entry(&book, "xl/workbook.xml");
    assert!(titles.contains("進捗推移!$2:$2"), "{titles}");
    let breaks = row_breaks(&xml);
    assert!(!breaks.is_empty() && breaks.len() <= 3, "{breaks:?}");
    let heights = row_heights(&xml);
    let room = (A4.0 - 2.0 * 0.6) * 72.0 / (f64::from(s.scale) / 100.0);
    let last_section = trend
        .iter()
        .rposition(|r| r.get(1).is_some_and(|c| c.starts_with('(')))
        .unwrap() as u32
        + 1;
    assert!(last_section - breaks.last().unwrap() >= 2, "{breaks:?}");
    let mut edges = vec![0];
    edges.extend(&breaks);
    edges.push(last_section);
    for page in edges.windows(2) {
        let header = if page[0] == 0 { 0.0 } else { heights[&2] };
        let tall: f64 = header
            + (page[0] + 1..=page[1])
                .map(|r| heights.get(&r).copied().unwrap_or(13.5))
                .sum::<f64>();
        assert!(tall <= room, "rows {page:?}: {tall} pt on {room} pt");
    }
}

#[test]
fn percent_bars_are_solid_and_schedule_years_are_equal() {
    let run = september();
    for book in [SECTION, SUMMARY] {
        let path = run.book(book);
        let progress = sheet_xml(&path, "進捗");
        assert!(progress.contains("<x14:dataBar") && progress.contains("gradient=\"0\""));
        let widths = column_widths(&sheet_xml(&path, "工程表"));
        // 項目ID, 実践項目名, then R2 to R6: one width for every year.
        assert_eq!(widths.len(), 7, "{widths:?}");
        assert!(widths[2..].iter().all(|w| *w == widths[2]), "{widths:?}");
        assert!(widths[2] >= 10.0);
    }
}

#[test]
fn a_cover_draws_a_pie_only_from_three_items() {
    let run = september();
    // 窓口サービス課 has three items: a pie, zero slices left out of the legend.
    let three = charts(&run.book(SECTION), "表紙");
    assert_eq!(three.len(), 1);
    assert!(three[0].xml.contains("<c:pieChart>"));
    assert!(three[0].xml.contains("<c:legendEntry>"));
    // 総合福祉課 has one: bars in whole steps.
    let one = charts(&run.book("福祉部_総合福祉課.xlsx"), "表紙");
    assert_eq!(one.len(), 1);
    assert!(one[0].xml.contains("<c:barDir val=\"bar\"/>") && !one[0].xml.contains("<c:pieChart>"));
    assert!(one[0].xml.contains("<c:majorUnit val=\"1\"/>"));
}

#[test]
fn a_cover_with_many_items_keeps_its_chart_on_one_page() {
    // Every item of the sample owned by 窓口サービス課: 17 rows on the cover.
    let text: String = sample_text()
        .split_inclusive('\n')
        .map(|line| {
            if line.starts_with("担当部署\t") {
                "担当部署\t(民)窓口サービス課\t\t\t\t\n".to_string()
            } else {
                line.to_string()
            }
        })
        .collect();
    let input = input_with_plans(&[("plan.txt", text.into_bytes())]);
    let out = tempfile::tempdir().unwrap();
    let r = run_gyokaku(input.path(), out.path(), "2024-09");
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let book = period_book(&out.path().join("2024-09"), SECTION);
    let cover = read_sheet(&book, "表紙");
    let items = cover
        .iter()
        .filter(|r| r.get(4).is_some_and(|c| c == "主担当"))
        .count();
    assert_eq!(items, 17);
    let xml = sheet_xml(&book, "表紙");
    let breaks = row_breaks(&xml);
    assert_eq!(breaks.len(), 1, "{breaks:?}");
    // The break comes right before the block's title: the chart and its table below it.
    let title = cover
        .iter()
        .position(|r| r[0] == "令和6年9月の進捗状況")
        .unwrap() as u32;
    assert_eq!(breaks[0], title);
    let chart = &charts(&book, "表紙")[0];
    assert!(chart.rows.0 > breaks[0], "{:?}", chart.rows);
    // The items fit their page: no header to repeat. The summary's 進捗 (17 items, two
    // pages) repeats its header.
    let titles = zip_entry(&book, "xl/workbook.xml");
    assert!(!titles.contains("表紙!$"), "{titles}");
    let summary = zip_entry(&out.path().join("2024-09").join(SUMMARY), "xl/workbook.xml");
    assert!(summary.contains("進捗!$2:$2"));
}

/// A city of 60 sections and 100 items (`gyokaku-generate --scenario city`), September
/// 2024: the summary's annual tables run over several pages.
fn city() -> Run {
    let input = tempfile::tempdir().unwrap();
    gyokaku_generate::generate(gyokaku_generate::Scenario::City, 1, input.path()).unwrap();
    let out = tempfile::tempdir().unwrap();
    let r = run_gyokaku(input.path(), out.path(), "2024-09");
    assert!(r.code == 0 || r.code == 2, "{}\n{}", r.stdout, r.stderr);
    let dir = out.path().join("2024-09");
    Run {
        _input: input,
        _out: out,
        dir,
    }
}

#[test]
fn long_annual_tables_say_what_they_count_on_every_page_and_leave_no_row_alone() {
    let run = city();
    let book = run.book(SUMMARY);
    // 年度評価集計: each axis starts a page; a table longer than a page starts its title
    // (with the fiscal year) and its header again on the next.
    let counts = read_sheet(&book, "年度評価集計");
    let breaks = row_breaks(&sheet_xml(&book, "年度評価集計"));
    let continued = breaks
        .iter()
        .filter(|b| counts[**b as usize][0].ends_with("（続き）"))
        .count();
    assert!(continued >= 2, "{breaks:?}");
    for b in &breaks {
        let title = &counts[*b as usize][0];
        assert!(
            title.contains("の件数（令和6年度、令和6年9月分まで）"),
            "{b}: {title}"
        );
        assert_eq!(counts[*b as usize + 1][..2], ["部局", "部署"], "{b}");
    }
    // Every block's rows add up to its total: the sections are all there once.
    let totals: Vec<&Vec<String>> = counts.iter().filter(|r| r[0] == "合計").collect();
    assert!(totals.len() >= 2);
    for t in totals {
        let mut n: Vec<usize> = t[2..].iter().filter_map(|c| c.parse().ok()).collect();
        let whole = n.pop().unwrap();
        let sum: usize = n.iter().sum();
        assert_eq!(sum, whole, "{t:?}");
        assert_eq!(whole, 100);
    }
    // 年度評価: its header repeats on every page; the last page holds at least two items.
    let annual = read_sheet(&book, "年度評価");
    let breaks = row_breaks(&sheet_xml(&book, "年度評価"));
    assert!(breaks.len() >= 3, "{breaks:?}");
    let last_item = annual
        .iter()
        .rposition(|r| r[0].chars().next().is_some_and(|c| c.is_ascii_digit()))
        .unwrap() as u32;
    let last_break = *breaks.last().unwrap();
    assert!(last_item + 1 - last_break >= 2, "{last_item} {breaks:?}");
    let titles = zip_entry(&book, "xl/workbook.xml");
    assert!(titles.contains("年度評価!$2:$2"), "{titles}");
}

/// `soffice` or `libreoffice` if installed; in CI (CI set) it must be.
fn soffice() -> Option<&'static str> {
    let found = ["soffice", "libreoffice"].into_iter().find(|c| {
        Command::new(c)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have LibreOffice (installed by scripts/test.sh)"
        );
        eprintln!("soffice not installed: the LibreOffice render is not checked");
    }
    found
}

/// `books` printed to PDF by LibreOffice into `out`.
fn render(soffice: &str, books: &[PathBuf], out: &Path) {
    let profile = tempfile::tempdir().unwrap();
    let status = Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(out)
        .args(books)
        .output()
        .expect("run soffice");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
}

/// The pages of a PDF: its page objects (`/Type /Page`, not `/Pages`).
fn pdf_pages(pdf: &Path) -> usize {
    let bytes = std::fs::read(pdf).unwrap_or_else(|_| panic!("{} converted", pdf.display()));
    assert!(bytes.starts_with(b"%PDF"));
    let mut n = 0;
    for (i, w) in bytes.windows(5).enumerate() {
        if w != b"/Type" {
            continue;
        }
        let rest: Vec<u8> = bytes[i + 5..]
            .iter()
            .copied()
            .skip_while(u8::is_ascii_whitespace)
            .take(6)
            .collect();
        if rest.starts_with(b"/Page") && !rest.starts_with(b"/Pages") {
            n += 1;
        }
    }
    n
}

#[test]
fn libreoffice_prints_each_section_sheet_on_a_page_and_the_summary_in_few() {
    let Some(soffice) = soffice() else {
        return;
    };
    let run = september();
    let pdf = tempfile::tempdir().unwrap();
    render(soffice, &[run.book(SECTION), run.book(SUMMARY)], pdf.path());
    // Three items: every sheet of the section's workbook on one page of its own.
    let section_pdf = run.book(SECTION).with_extension("pdf");
    let section = pdf_pages(&pdf.path().join(section_pdf.file_name().unwrap()));
    assert_eq!(section, sheet_names(&run.book(SECTION)).len());
    // 概要 1, 部署一覧 1, 回収状況 1, 部署別進捗 1, 未報告部署 1, 進捗推移 1 (13 sections in one
    // table), 年度評価 1, 年度評価集計 2 (one axis a page), 進捗 2, 実践項目 3, 工程表 2, 取組 2,
    // 診断 1: no sheet spills over the paper's width.
    let summary = pdf_pages(&pdf.path().join(SUMMARY.replace(".xlsx", ".pdf")));
    assert!((18..=20).contains(&summary), "{summary} pages");
}

/// 概要 prints on one A4 page, upright, as LibreOffice renders it: for the sample's
/// September (one item late), for November after two months without reports (more items
/// than the page lists: the list is cut and says how many more), and for a city of 60
/// sections. With `PRINT_LAYOUT_PDF_DIR` the PDFs are kept to look at.
#[test]
fn the_overview_prints_on_one_page() {
    let Some(soffice) = soffice() else { return };
    let input = input_with_progress();
    let out = tempfile::tempdir().unwrap();
    for period in ["2024-09", "2024-11"] {
        let r = run_gyokaku(input.path(), out.path(), period);
        assert!(r.code == 0 || r.code == 2, "{}\n{}", r.stdout, r.stderr);
    }
    let city = city();
    let runs = [
        ("2024-09", out.path().join("2024-09")),
        ("2024-11", out.path().join("2024-11")),
        ("city", city.dir.clone()),
    ];
    for (name, dir) in &runs {
        let book = dir.join(SUMMARY);
        let sheets = sheet_names(&book);
        assert_eq!(sheets[0], "概要");
        assert!(
            !setup(&sheet_xml(&book, "概要")).landscape,
            "{name}: upright"
        );
        // Its two charts on the printed columns A:H, their numbers right of them.
        assert_eq!(print_area(&book, "概要").as_deref(), Some("$A:$H"));
        let placed = charts(&book, "概要");
        assert_eq!(placed.len(), 2, "{name}");
        assert!(
            placed.iter().all(|c| c.last_col < 8),
            "{name}: in the print area"
        );
        let pdf = tempfile::tempdir().unwrap();
        render(soffice, std::slice::from_ref(&book), pdf.path());
        let rendered = pdf.path().join(SUMMARY.replace(".xlsx", ".pdf"));
        let pages = pages_per_sheet(&rendered, &sheets);
        assert_eq!(pages.get("概要"), Some(&1), "{name}: {pages:?}");
        if let Some(keep) = std::env::var_os("PRINT_LAYOUT_PDF_DIR") {
            let kept = Path::new(&keep).join(format!("全体集計_{name}.pdf"));
            std::fs::copy(&rendered, kept).unwrap();
        }
    }
    // September: every item reported 遅延 is on the list, with its section.
    let september = &runs[0].1;
    let progress = read_table(september, "progress");
    let late: Vec<String> = str_col(&progress, "item_id")
        .into_iter()
        .zip(str_col(&progress, "period"))
        .zip(str_col(&progress, "status"))
        .filter(|((_, p), s)| p == "2024-09" && s == "遅延")
        .map(|((i, _), _)| i)
        .collect();
    assert!(!late.is_empty());
    let overview = read_sheet(&september.join(SUMMARY), "概要");
    for id in &late {
        let row = overview
            .iter()
            .find(|r| r.get(1) == Some(id))
            .unwrap_or_else(|| panic!("{id} on 概要: {overview:?}"));
        assert_eq!(row[5], "遅延", "{row:?}");
        assert!(row[0].starts_with('('), "{row:?}");
    }
    // November: every item still open has gone two months without a report; the page lists
    // what it holds and says how many more there are and where.
    let overview = read_sheet(&runs[1].1.join(SUMMARY), "概要");
    let title = overview
        .iter()
        .find(|r| r[0].starts_with("遅延の項目・2か月以上報告がない項目（"))
        .unwrap();
    let total: usize = title[0]
        .trim_start_matches("遅延の項目・2か月以上報告がない項目（")
        .trim_end_matches("件）")
        .parse()
        .unwrap();
    let listed = overview
        .iter()
        .filter(|r| {
            r.get(5)
                .is_some_and(|c| c.starts_with("2か月以上未報告") || c.starts_with("遅延"))
        })
        .count();
    assert!(listed >= 5 && listed < total, "{listed} of {total}");
    let more = format!("ほかに {} 件あります", total - listed);
    assert!(
        overview.iter().any(|r| r[0].starts_with(&more)),
        "{more}: {overview:?}"
    );
}

/// Pages per sheet of a rendered workbook: each page's header names its sheet in the
/// middle (pdftotext reads it).
fn pages_per_sheet(pdf: &Path, sheets: &[String]) -> BTreeMap<String, usize> {
    let text = Command::new("pdftotext")
        .args(["-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    let mut pages = BTreeMap::new();
    for page in text.split('\u{c}') {
        let Some(head) = page.lines().find(|l| !l.trim().is_empty()) else {
            continue;
        };
        let fields: Vec<&str> = head
            .split("  ")
            .map(str::trim)
            .filter(|f| !f.is_empty())
            .collect();
        if let Some(name) = fields.iter().find(|f| sheets.iter().any(|s| s == *f)) {
            *pages.entry((*name).to_string()).or_insert(0) += 1;
        }
    }
    pages
}

/// The page and scale table of every sheet (printed; `--nocapture` shows it), and each
/// sheet found in the rendered PDF on at least one page, the pages adding up to the whole.
#[test]
fn every_sheet_is_found_in_the_render_and_its_pages_add_up() {
    let Some(soffice) = soffice() else { return };
    println!("| 月 | ブック | シート | 向き | 倍率 | ページ |");
    println!("|---|---|---|---|---|---|");
    for (month, run) in [("2024-09", september()), ("2024-10", october())] {
        let pdf = tempfile::tempdir().unwrap();
        render(soffice, &[run.book(SECTION), run.book(SUMMARY)], pdf.path());
        for book in [SECTION, SUMMARY] {
            let path = run.book(book);
            let sheets = sheet_names(&path);
            let rendered = pdf
                .path()
                .join(path.with_extension("pdf").file_name().unwrap());
            let pages = pages_per_sheet(&rendered, &sheets);
            let total = pdf_pages(&rendered);
            assert_eq!(
                pages.values().sum::<usize>(),
                total,
                "{month} {book}: {pages:?}"
            );
            for (sheet, s) in setups(&path) {
                let turn = if s.landscape { "横" } else { "縦" };
                let n = pages.get(&sheet).copied().unwrap_or(0);
                assert!(n >= 1, "{month} {book} {sheet}: not found in the render");
                println!(
                    "| {month} | {book} | {sheet} | {turn} | {}% | {n} |",
                    s.scale
                );
            }
            println!("| {month} | {book} | 計 | | | {total} |");
            // To look at the pages: PRINT_LAYOUT_PDF_DIR=/tmp/pdf keeps the PDFs.
            if let Some(keep) = std::env::var_os("PRINT_LAYOUT_PDF_DIR") {
                let dir = Path::new(&keep).join(month);
                std::fs::create_dir_all(&dir).unwrap();
                std::fs::copy(&rendered, dir.join(rendered.file_name().unwrap())).unwrap();
            }
        }
    }
}
