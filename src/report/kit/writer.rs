//! The sheet writer: cells written while measured, then the sheet's column widths and
//! row heights set from what was written; text cut to fit a cell and the cut logged.

use std::borrow::Cow;
use std::collections::BTreeMap;

use rust_xlsxwriter::{Format, Worksheet, XlsxError};

use super::cut::{CutLog, MAX_CELL_CHARS};
use super::measure::{
    CELL_PAD_PX, DEFAULT_ROW_HEIGHT, DIGIT_PX, LINE_HEIGHT, MAX_ROW_HEIGHT, NOTE_LINE_HEIGHT,
    ROW_PADDING, lines_in, row_height,
};

/// Writes cells while measuring them, then sets the sheet's fixed column widths and the
/// height of every table row from the lines its text wraps to (rust_xlsxwriter does not
/// fit heights, and Excel does not either when a file opens), so that a printed sheet
/// shows everything and the rows of a table look alike. Text is cut to fit a cell
/// ([`MAX_CELL_CHARS`]) and every cut is logged.
pub struct SheetWriter<'a> {
    /// The sheet, for what the writer does not cover (charts, validations).
    pub ws: &'a mut Worksheet,
    log: &'a CutLog,
    widths: Vec<f64>,
    heights: BTreeMap<u32, f64>,
}

impl<'a> SheetWriter<'a> {
    /// `widths[i]`: the width of column `i` (Excel's unit), the same in every workbook;
    /// text wider than its column wraps and its row grows. Cells of columns without a
    /// width are written but not measured. Cuts are logged in `log`.
    pub fn new(ws: &'a mut Worksheet, log: &'a CutLog, widths: &[f64]) -> Self {
        SheetWriter {
            ws,
            log,
            widths: widths.to_vec(),
            heights: BTreeMap::new(),
        }
    }

    /// `s` cut to fit a cell, the cut logged as made at (`row`, `col`).
    fn fit<'s>(&self, row: u32, col: u16, s: &'s str) -> Cow<'s, str> {
        self.log.fit(s, MAX_CELL_CHARS, || {
            (
                self.ws.name(),
                rust_xlsxwriter::utility::row_col_to_cell(row, col),
            )
        })
    }

    /// Writes a table cell's text; its row grows to the lines it wraps to.
    ///
    /// # Errors
    /// A cell outside the sheet.
    pub fn text(&mut self, row: u32, col: u16, s: &str, fmt: &Format) -> Result<(), XlsxError> {
        let s = self.fit(row, col, s);
        self.ws
            .write_string_with_format(row, col, s.as_ref(), fmt)?;
        self.measure(row, col, col, &s, LINE_HEIGHT);
        Ok(())
    }

    /// Writes a cell of a column that does not print (in [`Styles::audit`]): on one line,
    /// it leaves its row as it is.
    ///
    /// # Errors
    /// A cell outside the sheet.
    pub fn audit(&mut self, row: u32, col: u16, s: &str, fmt: &Format) -> Result<(), XlsxError> {
        self.loose(row, col, s, fmt)
    }

    /// Writes text outside the tables (titles), leaving its row as it is.
    ///
    /// # Errors
    /// A cell outside the sheet.
    pub fn loose(&mut self, row: u32, col: u16, s: &str, fmt: &Format) -> Result<(), XlsxError> {
        let s = self.fit(row, col, s);
        self.ws
            .write_string_with_format(row, col, s.as_ref(), fmt)?;
        Ok(())
    }

    /// Writes text into the cells of `row` from `first_col` to `last_col` merged into one;
    /// the row grows to the lines it wraps to in their joint width.
    ///
    /// # Errors
    /// A cell outside the sheet, or a range overlapping another merged range.
    pub fn merged(
        &mut self,
        row: u32,
        first_col: u16,
        last_col: u16,
        s: &str,
        fmt: &Format,
    ) -> Result<(), XlsxError> {
        let s = self.fit(row, first_col, s);
        self.ws
            .merge_range(row, first_col, row, last_col, s.as_ref(), fmt)?;
        self.measure(row, first_col, last_col, &s, LINE_HEIGHT);
        Ok(())
    }

    /// Writes an explanation (in `fmt`, which the note wraps) across the printed width,
    /// from `first_col` to `last_col` merged, its row as tall as its lines.
    ///
    /// # Errors
    /// A cell outside the sheet, or a range overlapping another merged range.
    pub fn note(
        &mut self,
        row: u32,
        first_col: u16,
        last_col: u16,
        s: &str,
        fmt: &Format,
    ) -> Result<(), XlsxError> {
        let s = self.fit(row, first_col, s);
        let fmt = fmt.clone().set_text_wrap();
        if first_col == last_col {
            self.ws
                .write_string_with_format(row, first_col, s.as_ref(), &fmt)?;
        } else {
            self.ws
                .merge_range(row, first_col, row, last_col, s.as_ref(), &fmt)?;
        }
        self.measure(row, first_col, last_col, &s, NOTE_LINE_HEIGHT);
        Ok(())
    }

    /// Writes a row of column headers from column 0, each growing its row as it wraps.
    ///
    /// # Errors
    /// A cell outside the sheet.
    pub fn headers<S: AsRef<str>>(
        &mut self,
        row: u32,
        headers: &[S],
        fmt: &Format,
    ) -> Result<(), XlsxError> {
        for (c, h) in headers.iter().enumerate() {
            self.text(row, c as u16, h.as_ref(), fmt)?;
        }
        Ok(())
    }

    /// Writes a number into a table row.
    ///
    /// # Errors
    /// A cell outside the sheet.
    pub fn number(&mut self, row: u32, col: u16, n: f64, fmt: &Format) -> Result<(), XlsxError> {
        self.ws.write_number_with_format(row, col, n, fmt)?;
        self.need(row, 1);
        Ok(())
    }

    /// Writes a rate (`Some(0.471)`, shown by `fmt` as a percentage), or 「－」 in `none`
    /// when nothing is counted. Not measured: its digits are not what the cell shows.
    ///
    /// # Errors
    /// A cell outside the sheet.
    pub fn rate(
        &mut self,
        row: u32,
        col: u16,
        rate: Option<f64>,
        fmt: &Format,
        none: &Format,
    ) -> Result<(), XlsxError> {
        match rate {
            Some(r) => {
                self.ws.write_number_with_format(row, col, r, fmt)?;
                Ok(())
            }
            None => self.text(row, col, "－", none),
        }
    }

    /// Writes an initiative's number: a number when it has one level (`7`), its text
    /// otherwise (`1-2`), in the same number format (centred, no decimals).
    ///
    /// # Errors
    /// A cell outside the sheet.
    pub fn initiative(
        &mut self,
        row: u32,
        col: u16,
        no: crate::plan::InitiativeId,
        fmt: &Format,
    ) -> Result<(), XlsxError> {
        match no.single() {
            Some(n) => self.number(row, col, f64::from(n), fmt),
            None => {
                self.ws
                    .write_string_with_format(row, col, no.to_string(), fmt)?;
                self.need(row, 1);
                Ok(())
            }
        }
    }

    /// Writes an empty cell of a table row with a format.
    ///
    /// # Errors
    /// A cell outside the sheet.
    pub fn blank(&mut self, row: u32, col: u16, fmt: &Format) -> Result<(), XlsxError> {
        self.ws.write_blank(row, col, fmt)?;
        self.need(row, 1);
        Ok(())
    }

    /// Makes `row` at least `lines` body lines tall (room to write in).
    pub fn need(&mut self, row: u32, lines: usize) {
        let h = self.heights.entry(row).or_insert(0.0);
        *h = h.max(row_height(lines));
    }

    /// The printed height of rows `0..row` in points: measured rows at their height, the
    /// others at the default (13.5 pt).
    pub fn height_before(&self, row: u32) -> f64 {
        (0..row).map(|r| self.height_of(r)).sum()
    }

    /// The printed height of `row` in points, as [`Self::height_before`] counts it.
    pub fn height_of(&self, row: u32) -> f64 {
        self.heights
            .get(&row)
            .copied()
            .unwrap_or(DEFAULT_ROW_HEIGHT)
    }

    /// The joint width of columns `first..=last` (Excel's unit, as one merged cell).
    fn span(&self, first: u16, last: u16) -> Option<f64> {
        let cols = self.widths.get(first as usize..=last as usize)?;
        // Merged cells also gain the margins between the columns.
        Some(cols.iter().sum::<f64>() + (cols.len() - 1) as f64 * CELL_PAD_PX / DIGIT_PX)
    }

    fn measure(&mut self, row: u32, first: u16, last: u16, s: &str, line: f64) {
        let Some(width) = self.span(first, last) else {
            return;
        };
        let height = (lines_in(s, width) as f64 * line + ROW_PADDING).min(MAX_ROW_HEIGHT);
        let h = self.heights.entry(row).or_insert(0.0);
        *h = h.max(height);
    }

    /// Sets the column widths and the heights of the measured rows.
    ///
    /// # Errors
    /// Only on an invalid column.
    pub fn finish(self) -> Result<(), XlsxError> {
        for (i, w) in self.widths.iter().enumerate() {
            self.ws.set_column_width(i as u16, *w)?;
        }
        for (row, height) in self.heights {
            self.ws.set_row_height(row, height)?;
        }
        Ok(())
    }
}
