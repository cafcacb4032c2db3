//! Plans as Word documents and PDFs: the document is read into paragraphs and tables
//! ([`crate::document`]) and its plan text goes to the plan text parser, so that a plan
//! reads the same whether it is kept as text, as Word or as PDF.
//!
//! A plan whose text holds no item may be one table with a row per item (実施計画
//! 一覧表: No., 取組項目, 担当課, a column per year) set in a document: its tables then go to
//! the plan sheet reader ([`super::table`]), as if the table had been kept as a spreadsheet.

use std::path::Path;

use super::parse::document_cell;
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
    let doc = match read_document(path, &settings.limits) {
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
    let text = doc.plan_text(&|label: &str, cell: &crate::document::Cell| {
        document_cell(label, &cell.lines, vocab)
    });
    let (mut parsed, mut findings) = parse_plan_text(display_name, &text, settings);
    if item_count(&parsed) == 0 {
        let (from_tables, table_findings) =
            parse_plan_sheets(display_name, &tables_as_sheets(&doc), settings);
        if item_count(&from_tables) > 0 {
            (parsed, findings) = (from_tables, table_findings);
        }
    }
    parsed.encoding = crate::files::extension(path);
    if parsed.initiatives.is_empty() {
        return (None, findings);
    }
    (Some(parsed), findings)
}

fn item_count(plan: &ParsedPlan) -> usize {
    plan.initiatives.iter().map(|i| i.items.len()).sum()
}

/// The document's tables as sheets named 表1, 表2, …: a table that runs on over a page
/// break (the next table has as many grid columns) is one sheet, its repeated header rows
/// left out. A cell spanning columns keeps its text in its first column, as a merged cell
/// of a spreadsheet does; a cell's lines are kept as lines.
fn tables_as_sheets(doc: &Document) -> RawFile {
    let mut sheets: Vec<RawSheet> = Vec::new();
    let mut last_width = 0;
    for table in doc.blocks.iter().filter_map(|b| match b {
        Block::Table(t) => Some(t),
        Block::Paragraph(_) => None,
    }) {
        let width = grid_width(table);
        let rows = table.rows.iter().map(|r| row_values(r));
        match sheets.last_mut() {
            Some(sheet) if width == last_width => sheet.rows.extend(rows),
            _ => sheets.push(sheet(format!("表{}", sheets.len() + 1), rows.collect())),
        }
        last_width = width;
    }
    for sheet in &mut sheets {
        sheet.rows = join_page_breaks(std::mem::take(&mut sheet.rows));
    }
    RawFile { sheets }
}

/// Header rows repeated on each page (a row equal to one of the table's first three,
/// with two cells or more) are left out, and the row after them, when its first cell is
/// empty, is the rest of the row the page break cut: its cells join the cells above as
/// further lines (a wrapped sentence, a second section).
fn join_page_breaks(rows: Vec<Vec<CellValue>>) -> Vec<Vec<CellValue>> {
    const HEAD_ROWS: usize = 3;
    let filled = |r: &[CellValue]| r.iter().filter(|c| !c.is_empty()).count();
    let head: Vec<Vec<CellValue>> = rows.iter().take(HEAD_ROWS).cloned().collect();
    let mut out: Vec<Vec<CellValue>> = Vec::with_capacity(rows.len());
    let mut after_header = false;
    for (i, row) in rows.into_iter().enumerate() {
        if i >= HEAD_ROWS && filled(&row) >= 2 && head.contains(&row) {
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

fn sheet(name: String, rows: Vec<Vec<CellValue>>) -> RawSheet {
    RawSheet {
        name,
        rows,
        truncated_rows: 0,
        stopped_at_row: None,
        cells_past_columns: 0,
        cut_cells: Vec::new(),
    }
}
