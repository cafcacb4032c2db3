//! Workbooks through calamine: xlsx and xlsb streamed cell by cell (nothing is allocated
//! for a declared dimension), xls and ods through the sheet range after the guards.
//! Calamine is the last line of defence only: a panic inside it becomes an error for
//! this file.

use std::collections::BTreeSet;
use std::io::Cursor;

use calamine::{
    Data, DataRef, DataType, Error, Reader, Sheets, open_workbook_auto_from_rs,
    open_workbook_from_rs,
};

use super::guard::{check_ods_rectangle, check_xls, check_zip};
use super::styles::{Format, percent_cells, percent_styles};
use super::{CellValue, CutCell, RawFile, RawSheet, SheetError, SheetReadError, WorkbookError};
use crate::config::Limits;

/// Excel serial numbers a date can have (years 1900 to 9999); outside them a
/// date-formatted cell is read as its number.
const SERIAL_DATES: std::ops::RangeInclusive<f64> = -1.0..=2_958_466.0;

/// Reads every sheet of the workbook in `bytes` within the limits. The guards and the
/// reader work on the bytes in memory (the file is read once, no seek per zip member).
///
/// # Errors
/// The file is not a readable workbook, inflates or expands past the limits, or the
/// reader failed (a panic inside it included).
pub fn read_workbook(bytes: &[u8], ext: &str, limits: &Limits) -> Result<RawFile, SheetError> {
    if ext == "xls" {
        check_xls(bytes, limits)?;
    } else {
        check_zip(Cursor::new(bytes), limits)?;
    }
    if ext == "ods" {
        check_ods_content(bytes, limits)?;
    }
    let read = crate::isolate::isolated(|| {
        // Test hook: a reader that panics, as calamine may on a file it cannot handle.
        if std::env::var("GYOKAKU_FAULT").is_ok_and(|v| v == "reader-panic") {
            panic!("GYOKAKU_FAULT=reader-panic");
        }
        read_sheets(bytes, ext, limits)
    });
    let sheets = read.unwrap_or_else(|panic| Err(SheetError::ReaderPanic(panic)))?;
    Ok(RawFile { sheets })
}

/// The OpenDocument `content.xml` (already bounded by [`check_zip`]) against the cell limit.
fn check_ods_content(bytes: &[u8], limits: &Limits) -> Result<(), SheetError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(WorkbookError::Zip)?;
    let mut content = Vec::new();
    if let Ok(mut member) = zip.by_name("content.xml") {
        std::io::Read::read_to_end(&mut member, &mut content).map_err(|source| {
            WorkbookError::Member {
                member: "content.xml".to_string(),
                source,
            }
        })?;
    }
    check_ods_rectangle(&content, limits)
}

/// The workbook in `bytes`, opened as its extension says (any format calamine knows
/// when the extension names none).
fn open_sheets<'a>(bytes: &'a [u8], ext: &str) -> Result<Sheets<Cursor<&'a [u8]>>, SheetError> {
    let data = Cursor::new(bytes);
    let opened = match ext {
        "xls" | "xla" => open_workbook_from_rs(data)
            .map(Sheets::Xls)
            .map_err(Error::Xls),
        "xlsx" | "xlsm" | "xlam" => open_workbook_from_rs(data)
            .map(Sheets::Xlsx)
            .map_err(Error::Xlsx),
        "xlsb" => open_workbook_from_rs(data)
            .map(Sheets::Xlsb)
            .map_err(Error::Xlsb),
        "ods" => open_workbook_from_rs(data)
            .map(Sheets::Ods)
            .map_err(Error::Ods),
        _ => open_workbook_auto_from_rs(data),
    };
    Ok(opened.map_err(WorkbookError::Open)?)
}

fn read_sheets(bytes: &[u8], ext: &str, limits: &Limits) -> Result<Vec<RawSheet>, SheetError> {
    let mut wb = open_sheets(bytes, ext)?;
    if wb.sheet_names().is_empty() {
        // A damaged archive (no workbook part) opens as a workbook without sheets.
        return Err(WorkbookError::NoSheets.into());
    }
    // Percent-formatted cells of ods and xls, from the formats in the file (calamine
    // gives no number format there); xlsx cells come with their style from the reader.
    let format = match &wb {
        Sheets::Ods(_) => Some(Format::Ods),
        Sheets::Xls(_) => Some(Format::Xls),
        Sheets::Xlsx(_) | Sheets::Xlsb(_) => None,
    };
    let mut percent = format.map_or_else(Default::default, |f| percent_cells(bytes, f, limits));
    let mut sheets = Vec::new();
    let mut text = TextBudget::new(limits.max_text_chars);
    for name in wb.sheet_names() {
        let mut sheet = SheetBuilder::new(&name, limits, text);
        let read = match &mut wb {
            Sheets::Xlsx(x) => stream_xlsx(x, &name, &mut sheet),
            Sheets::Xlsb(x) => stream_xlsb(x, &name, &mut sheet).map(|()| BTreeSet::new()),
            other => from_range(other, &name, &mut sheet).map(|()| BTreeSet::new()),
        };
        let streamed = read.map_err(|source| WorkbookError::Sheet {
            sheet: sheet.sheet.name.clone(),
            source,
        })?;
        let (mut raw, spent) = sheet.finish()?;
        text = spent;
        let cells = percent.remove(&name).unwrap_or(streamed);
        show_percentages(&mut raw, &cells);
        sheets.push(raw);
    }
    Ok(sheets)
}

/// The characters of text one file may still expand to ([`Limits::max_text_chars`]),
/// charged before a text is kept.
#[derive(Debug, Clone, Copy)]
struct TextBudget {
    limit: usize,
    spent: u64,
}

impl TextBudget {
    fn new(limit: usize) -> TextBudget {
        TextBudget { limit, spent: 0 }
    }

    /// Charges `chars`; `false` once the total is past the limit.
    fn charge(&mut self, chars: usize) -> bool {
        self.spent = self.spent.saturating_add(chars as u64);
        self.spent <= self.limit as u64
    }

    fn exhausted(&self) -> SheetError {
        SheetError::TooMuchText {
            chars: self.spent,
            limit: self.limit,
        }
    }
}

/// A sheet name as locations show it: Excel's own limit of 31 characters (a file may
/// hold a longer one, which would be copied into every row and finding).
fn sheet_name(name: &str) -> String {
    const EXCEL_SHEET_NAME_CHARS: usize = 31;
    name.chars().take(EXCEL_SHEET_NAME_CHARS).collect()
}

/// Streams an xlsx sheet into `sheet`; the numbers in percent-formatted cells (by the
/// style id the reader gives beside each value), for [`show_percentages`].
fn stream_xlsx<RS: std::io::Read + std::io::Seek>(
    wb: &mut calamine::Xlsx<RS>,
    name: &str,
    sheet: &mut SheetBuilder,
) -> Result<BTreeSet<(usize, usize)>, SheetReadError> {
    let mut cells = wb.worksheet_cells_reader(name)?;
    let percent = percent_styles(cells.styles());
    let mut marked = BTreeSet::new();
    push_cells(
        || {
            let Some((cell, style)) = cells.next_cell_with_style_id()? else {
                return Ok(None);
            };
            if percent.get(style).copied().unwrap_or(false)
                && matches!(cell.get_value(), DataRef::Float(_) | DataRef::Int(_))
            {
                let (r, c) = cell.get_position();
                marked.insert((r as usize, c as usize));
            }
            Ok(Some(cell))
        },
        sheet,
    )?;
    Ok(marked)
}

fn stream_xlsb<RS: std::io::Read + std::io::Seek>(
    wb: &mut calamine::Xlsb<RS>,
    name: &str,
    sheet: &mut SheetBuilder,
) -> Result<(), SheetReadError> {
    let mut cells = wb.worksheet_cells_reader(name)?;
    push_cells(|| Ok(cells.next_cell()?), sheet)
}

/// Feeds the cells a streaming reader yields to `sheet` until it is full or they end.
fn push_cells<'a>(
    mut next: impl FnMut() -> Result<Option<calamine::Cell<calamine::DataRef<'a>>>, SheetReadError>,
    sheet: &mut SheetBuilder,
) -> Result<(), SheetReadError> {
    while let Some(cell) = next()? {
        let (r, c) = cell.get_position();
        let data = Data::from(cell.get_value().clone());
        if !sheet.push(r as usize, c as usize, &data) {
            break;
        }
    }
    Ok(())
}

/// xls and ods: the reader builds the range itself (ods bounded by the guard).
fn from_range<RS: std::io::Read + std::io::Seek>(
    wb: &mut Sheets<RS>,
    name: &str,
    sheet: &mut SheetBuilder,
) -> Result<(), SheetReadError> {
    let range = wb.worksheet_range(name)?;
    let (r0, c0) = range.start().unwrap_or((0, 0));
    for (r, c, d) in range.used_cells() {
        if !sheet.push(r + r0 as usize, c + c0 as usize, d) {
            break;
        }
    }
    if let Some((r1, _)) = range.end() {
        sheet.extend_to(r1 as usize + 1);
    }
    Ok(())
}

/// A number in a percent-formatted cell as the text Excel shows (1 -> `100%`).
fn show_percentages(sheet: &mut RawSheet, cells: &BTreeSet<(usize, usize)>) {
    for &(r, c) in cells {
        if let Some(cell) = sheet.rows.get_mut(r).and_then(|row| row.get_mut(c))
            && let CellValue::Number(v) = *cell
        {
            *cell = CellValue::Text(super::styles::percent_text(v));
        }
    }
}

/// Rows of one sheet as cells arrive in row order, within the limits.
struct SheetBuilder<'a> {
    sheet: RawSheet,
    limits: &'a Limits,
    cells: usize,
    last_truncated_row: Option<usize>,
    /// What is left of the file's text budget; reading stops once it is spent.
    text: TextBudget,
    out_of_text: bool,
}

impl<'a> SheetBuilder<'a> {
    fn new(name: &str, limits: &'a Limits, mut text: TextBudget) -> Self {
        let name = sheet_name(name);
        let out_of_text = !text.charge(name.chars().count());
        SheetBuilder {
            sheet: RawSheet {
                name,
                rows: Vec::new(),
                truncated_rows: 0,
                stopped_at_row: None,
                cells_past_columns: 0,
                cut_cells: Vec::new(),
            },
            limits,
            cells: 0,
            last_truncated_row: None,
            text,
            out_of_text,
        }
    }

    /// Adds a cell; `false` once the sheet holds as many cells as allowed. An empty cell
    /// (formatted, no value) still makes its row part of the sheet, as in the reader's range.
    fn push(&mut self, row: usize, col: usize, data: &Data) -> bool {
        if self.out_of_text {
            return false;
        }
        if row >= self.limits.max_rows {
            if !data.is_empty() && self.last_truncated_row != Some(row) {
                self.sheet.truncated_rows += 1;
                self.last_truncated_row = Some(row);
            }
            return true;
        }
        if col >= self.limits.max_cols {
            if !data.is_empty() {
                self.sheet.cells_past_columns += 1;
            }
            return true;
        }
        self.extend_to(row + 1);
        if data.is_empty() {
            return true;
        }
        self.cells += 1;
        if self.cells > self.limits.max_cells {
            self.sheet.stopped_at_row = Some(row);
            return false;
        }
        if let Data::String(t) | Data::DateTimeIso(t) | Data::DurationIso(t) = data
            && !self.text.charge(t.chars().count())
        {
            self.out_of_text = true;
            return false;
        }
        let value = self.convert(row, col, data);
        let cells = &mut self.sheet.rows[row];
        if cells.len() <= col {
            cells.resize(col + 1, CellValue::Empty);
        }
        cells[col] = value;
        true
    }

    /// Makes the sheet at least `rows` rows long (never past the row limit).
    fn extend_to(&mut self, rows: usize) {
        let rows = rows.min(self.limits.max_rows);
        if self.sheet.rows.len() < rows {
            self.sheet.rows.resize_with(rows, Vec::new);
        }
    }

    fn convert(&mut self, row: usize, col: usize, d: &Data) -> CellValue {
        let value = convert(d);
        match value {
            CellValue::Text(t) => CellValue::Text(self.cut(row, col, t)),
            other => other,
        }
    }

    /// Text longer than the limit is cut and noted.
    fn cut(&mut self, row: usize, col: usize, text: String) -> String {
        let max = self.limits.max_cell_chars;
        match text.char_indices().nth(max) {
            None => text,
            Some((at, _)) => {
                self.sheet.cut_cells.push(CutCell {
                    row,
                    col,
                    chars: text.chars().count(),
                });
                text[..at].to_string()
            }
        }
    }

    /// The sheet and what is left of the file's text budget.
    ///
    /// # Errors
    /// [`SheetError::TooMuchText`] when the file's text passed the budget.
    fn finish(mut self) -> Result<(RawSheet, TextBudget), SheetError> {
        if self.out_of_text {
            return Err(self.text.exhausted());
        }
        for cells in &mut self.sheet.rows {
            while cells.last().is_some_and(CellValue::is_empty) {
                cells.pop();
            }
        }
        Ok((self.sheet, self.text))
    }
}

/// A calamine value as a cell value; dates only where the serial number is a date.
pub fn convert(d: &Data) -> CellValue {
    match d {
        Data::Empty => CellValue::Empty,
        Data::String(s) => CellValue::Text(s.clone()),
        Data::Float(f) => CellValue::Number(*f),
        Data::Int(i) => CellValue::Number(*i as f64),
        Data::Bool(b) => CellValue::Bool(*b),
        Data::DateTime(dt) if !SERIAL_DATES.contains(&dt.as_f64()) => {
            CellValue::Number(dt.as_f64())
        }
        Data::DateTime(dt) => match d.as_datetime() {
            Some(ndt) => CellValue::Date(ndt),
            None => CellValue::Number(dt.as_f64()),
        },
        Data::DateTimeIso(s) => match d.as_datetime() {
            Some(ndt) => CellValue::Date(ndt),
            None => CellValue::Text(s.clone()),
        },
        Data::DurationIso(s) => CellValue::Text(s.clone()),
        Data::Error(e) => CellValue::Error(format!("{e:?}")),
    }
}
