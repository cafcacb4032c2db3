//! Plans as Word documents and PDFs: the document is read into paragraphs and tables
//! ([`crate::document`]) and its plan text goes to the plan text parser, so that a plan
//! reads the same whether it is kept as text, as Word or as PDF.
//!
//! A plan whose text holds no item may be one table with a row per item (実施計画
//! 一覧表: No., 取組項目, 担当課, a column per year) set in a document: its tables then go to
//! the plan sheet reader ([`super::table`]), as if the table had been kept as a spreadsheet.
//!
//! The plan's title ([`plan_title`]): a document has two candidates, its first heading
//! (what the cover prints) and the title in its properties (Word's ファイル > 情報 >
//! タイトル, copied into the PDF). The property is often stale: Word keeps the title of
//! the template or of the document the plan was copied from, and a PDF made by a printer
//! driver holds the file name. So a heading that names a plan (計画, プラン, 大綱, …) wins;
//! the property is taken when no heading does (a cover that starts with a date or the
//! city's name) and the property itself names a plan and is no file name or placeholder;
//! otherwise the plan text's first heading stays, unless it is a sentence (「。」).

use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;

use super::parse::document_cell;
use super::table::headings::Outline;
use super::table::parse_plan_sheets;
use super::{ParsedPlan, parse_plan_text};
use crate::config::Settings;
use crate::diagnostics::{Finding, FindingCode};
use crate::document::{Block, Cell, Document, Table, read_document};
use crate::sheet::{CellValue, RawFile, RawSheet};

/// Reads a plan kept as `.docx` or `.pdf` (a `.doc` is refused with what to do). A file
/// that cannot be read, or holds no initiative, yields `None` and an error finding.
pub fn read_plan_document(
    path: &Path,
    display_name: &str,
    settings: &Settings,
) -> (Option<ParsedPlan>, Vec<Finding>) {
    let mut doc = match read_document(path, &settings.limits) {
        Ok(doc) => doc,
        Err(e) => {
            let f = Finding::new(
                display_name,
                e.location(),
                FindingCode::PlanUnreadable,
                e.to_string(),
            );
            return (None, vec![f]);
        }
    };
    let vocab = &settings.plan;
    super::item_sheet::arrange_item_sheets(&mut doc, vocab);
    let text = doc.plan_text(&|label: &str, cell: &crate::document::Cell| {
        document_cell(label, &cell.lines, vocab)
    });
    let (mut parsed, mut findings) = parse_plan_text(display_name, &text, settings);
    if item_count(&parsed) == 0 {
        let (from_tables, table_findings) =
            parse_plan_sheets(display_name, &tables_as_sheets(&doc, settings), settings);
        if item_count(&from_tables) > 0 {
            (parsed, findings) = (from_tables, table_findings);
        }
    }
    parsed.encoding = crate::files::extension(path);
    let headings = [parsed.title.take(), doc.cover.clone()];
    parsed.title = plan_title(headings, doc.title.as_deref());
    if parsed.initiatives.is_empty() {
        return (None, findings);
    }
    (Some(parsed), findings)
}

pub(super) fn item_count(plan: &ParsedPlan) -> usize {
    plan.initiatives.iter().map(|i| i.items.len()).sum()
}

/// The document's tables as sheets named 表1, 表2, …: a table that runs on over a page
/// break (the next table has as many grid columns) is one sheet, its repeated header rows
/// left out. A cell spanning columns keeps its text in its first column, as a merged cell
/// of a spreadsheet does; a cell's lines are kept as lines. The headings set between the
/// tables (「柱1　…」 over 「1－1　…」 over a table) become initiative rows above the rows of
/// the table they head ([`super::table::headings`]); before the first table, only those right above it.
fn tables_as_sheets(doc: &Document, settings: &Settings) -> RawFile {
    let mut sheets: Vec<RawSheet> = Vec::new();
    // Per sheet, the headings above its first table (placed below its header at the end).
    let mut leads: Vec<Vec<CellValue>> = Vec::new();
    let mut outline = Outline::default();
    let mut above: Vec<CellValue> = Vec::new();
    let mut last_width = 0;
    for block in &doc.blocks {
        let table = match block {
            Block::Paragraph(p) => {
                match outline.row_text(&p.text, settings.plan.layout.iroha) {
                    Some(text) => above.push(CellValue::Text(text)),
                    None if sheets.is_empty() && !p.text.trim().is_empty() => {
                        // Text before the tables (a contents page, an introduction): its
                        // headings are not the tables'.
                        above.clear();
                        outline = Outline::default();
                    }
                    None => {}
                }
                continue;
            }
            Block::Table(t) => t,
        };
        let width = grid_width(table);
        let rows: Vec<Vec<CellValue>> = table.rows.iter().map(|r| row_values(r)).collect();
        let headings = std::mem::take(&mut above).into_iter().map(|h| vec![h]);
        match sheets.last_mut() {
            Some(sheet) if width == last_width => {
                let repeated = repeated_header_rows(&sheet.rows, &rows);
                let mut rows = rows.into_iter();
                sheet.rows.extend(rows.by_ref().take(repeated));
                sheet.rows.extend(headings);
                sheet.rows.extend(rows);
            }
            _ => {
                sheets.push(sheet(format!("表{}", sheets.len() + 1), rows));
                leads.push(headings.flatten().collect());
            }
        }
        last_width = width;
    }
    for (sheet, lead) in sheets.iter_mut().zip(leads) {
        if let Some(start) = super::table::data_start(sheet, settings) {
            let at = start.min(sheet.rows.len());
            sheet.rows.splice(at..at, lead.into_iter().map(|h| vec![h]));
        }
        sheet.rows = join_page_breaks(std::mem::take(&mut sheet.rows));
    }
    RawFile { sheets }
}

/// How many of a table's first rows repeat the header of the sheet it continues.
fn repeated_header_rows(sheet: &[Vec<CellValue>], table: &[Vec<CellValue>]) -> usize {
    let head = &sheet[..sheet.len().min(HEAD_ROWS)];
    table.iter().take_while(|r| repeats_header(head, r)).count()
}

/// The rows a header can take at the top of a table (a title row and two header rows).
const HEAD_ROWS: usize = 3;

/// Whether `row` repeats a row of the table's `head` (its first rows), as a header
/// printed again on each page does: equal to one of them, with two cells or more.
fn repeats_header(head: &[Vec<CellValue>], row: &[CellValue]) -> bool {
    filled(row) >= 2 && head.iter().any(|h| h == row)
}

/// How many cells of `row` hold something.
fn filled(row: &[CellValue]) -> usize {
    row.iter().filter(|c| !c.is_empty()).count()
}

/// Header rows repeated on each page ([`repeats_header`]) are left out, and the row after
/// them, when its first cell is empty, is the rest of the row the page break cut: its
/// cells join the cells above as further lines (a wrapped sentence, a second section).
fn join_page_breaks(rows: Vec<Vec<CellValue>>) -> Vec<Vec<CellValue>> {
    let head: Vec<Vec<CellValue>> = rows.iter().take(HEAD_ROWS).cloned().collect();
    let mut out: Vec<Vec<CellValue>> = Vec::with_capacity(rows.len());
    let mut after_header = false;
    for (i, row) in rows.into_iter().enumerate() {
        if i >= HEAD_ROWS && repeats_header(&head, &row) {
            after_header = true;
            continue;
        }
        let cut_off = after_header && row.first().is_none_or(CellValue::is_empty);
        after_header = false;
        match out.last_mut() {
            Some(above) if cut_off && filled(&row) > 0 => join_cells(above, row),
            _ => out.push(row),
        }
    }
    out
}

/// `row`'s cells added to `above`'s as further lines.
fn join_cells(above: &mut Vec<CellValue>, row: Vec<CellValue>) {
    if above.len() < row.len() {
        above.resize(row.len(), CellValue::Empty);
    }
    for (cell, more) in above.iter_mut().zip(row) {
        *cell = match (std::mem::replace(cell, CellValue::Empty), more) {
            (CellValue::Empty, more) => more,
            (kept, CellValue::Empty) => kept,
            (kept, more) => CellValue::Text(format!("{}\n{}", kept.display(), more.display())),
        };
    }
}

/// The grid columns of a table's widest row.
fn grid_width(table: &Table) -> usize {
    table
        .rows
        .iter()
        .map(|r| r.iter().map(|c| c.span.max(1)).sum::<usize>())
        .max()
        .unwrap_or(0)
}

/// A table row as sheet cells: each cell's lines joined by line breaks, a cell spanning
/// columns followed by empty cells.
fn row_values(row: &[Cell]) -> Vec<CellValue> {
    let mut out = Vec::new();
    for cell in row {
        out.push(if cell.is_empty() {
            CellValue::Empty
        } else {
            CellValue::Text(cell.lines.join("\n"))
        });
        out.extend((1..cell.span).map(|_| CellValue::Empty));
    }
    out
}

pub(super) fn sheet(name: String, rows: Vec<Vec<CellValue>>) -> RawSheet {
    RawSheet {
        name,
        rows,
        truncated_rows: 0,
        stopped_at_row: None,
        cells_past_columns: 0,
        cut_cells: Vec::new(),
    }
}

/// Words that make a heading read as a plan's title (計画, プラン, 大綱, 方針, 指針, 戦略,
/// ビジョン, 改革, プログラム): a cover's first line with none of them is a date, a city
/// or an office.
const PLAN_WORDS: [&str; 9] = [
    "計画",
    "プラン",
    "大綱",
    "方針",
    "指針",
    "戦略",
    "ビジョン",
    "改革",
    "プログラム",
];

/// The plan's title from the document's headings (the plan text's first heading, the
/// document's first line) and its property title, in this order (see the module docs):
/// a heading that names a plan; the property, when usable and it names a plan; the plan
/// text's first heading unless it is a sentence; none.
fn plan_title(headings: [Option<String>; 2], property: Option<&str>) -> Option<String> {
    let names_a_plan = |t: &str| PLAN_WORDS.iter().any(|w| t.contains(w));
    let heading_like = |t: &str| !t.contains('。') && t.chars().count() <= 60;
    let [first, cover] = headings;
    if let Some(h) = [&first, &cover]
        .into_iter()
        .flatten()
        .find(|h| names_a_plan(h) && heading_like(h))
    {
        return Some(h.clone());
    }
    if let Some(p) = property
        .map(str::trim)
        .filter(|p| usable_property(p) && names_a_plan(p))
    {
        return Some(p.to_string());
    }
    first.filter(|h| heading_like(h))
}

/// Whether a property title can name the plan: not empty, not a file name or path
/// (`計画.docx`, `C:\…`, `Microsoft Word - 計画.docx`, `plan_r3`), not a placeholder
/// (`文書1`, `Document1`, 無題, `Untitled`), not longer than a page header holds.
fn usable_property(p: &str) -> bool {
    static FILE_LIKE: LazyLock<Regex> = LazyLock::new(|| {
        crate::text::regex(
            r"(?i)(\.[a-z0-9]{2,4}$|[\\/]|^microsoft (word|excel|powerpoint) -|^(文書|ドキュメント|document|無題|untitled|タイトル|title|新規)\s*\d*$|^[\x21-\x7e]*[_.][\x21-\x7e]*$)",
        )
    });
    let chars = p.chars().count();
    (2..=60).contains(&chars) && !FILE_LIKE.is_match(p) && !p.chars().any(char::is_control)
}

#[cfg(test)]
mod tests {
    use super::plan_title;

    fn t(heading: Option<&str>, property: Option<&str>) -> Option<String> {
        plan_title([heading.map(str::to_string), None], property)
    }

    #[test]
    fn a_heading_that_names_a_plan_wins_over_a_stale_property() {
        assert_eq!(
            t(Some("行政経営改革実行計画"), Some("会議録（様式第２号）")).as_deref(),
            Some("行政経営改革実行計画")
        );
    }

    #[test]
    fn the_property_names_the_plan_when_the_cover_starts_with_a_date() {
        assert_eq!(
            t(Some("令和３年３月"), Some("第２次行政改革大綱")).as_deref(),
            Some("第２次行政改革大綱")
        );
        assert_eq!(
            t(None, Some(" 第２次行政改革大綱 ")).as_deref(),
            Some("第２次行政改革大綱")
        );
    }

    #[test]
    fn file_names_and_placeholders_are_not_titles() {
        for p in [
            "計画本文.docx",
            "Microsoft Word - 計画本文",
            "C:\\Users\\gyosei\\計画",
            "plan_r3",
            "文書1",
            "Document1",
            "無題",
            "Untitled",
            "",
            "  ",
        ] {
            assert_eq!(
                t(Some("令和３年３月"), Some(p)).as_deref(),
                Some("令和３年３月"),
                "{p:?}"
            );
            assert_eq!(t(None, Some(p)), None, "{p:?}");
        }
        // A property that names no plan is a template's, not taken.
        assert_eq!(t(None, Some("会議録（様式第２号）")), None);
    }

    #[test]
    fn a_sentence_is_no_title_and_the_cover_line_is_a_heading() {
        let sentence = "この計画は、次の考え方で進めます。";
        assert_eq!(t(Some(sentence), Some("会議録")), None);
        assert_eq!(
            plan_title(
                [
                    Some(sentence.to_string()),
                    Some("行政経営改革実行計画".to_string())
                ],
                Some("会議録（様式第２号）")
            )
            .as_deref(),
            Some("行政経営改革実行計画")
        );
    }
}
