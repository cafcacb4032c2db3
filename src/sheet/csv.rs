//! CSV in any supported encoding: comma, tab or semicolon separated, rows addressed by the
//! line they start on.

use super::{CellValue, CutCell, RawFile, RawSheet, SheetError};
use crate::config::Limits;
use crate::decode::decode;

/// Reads CSV bytes within `limits`.
///
/// # Errors
/// The bytes are not text in a supported encoding, or not CSV.
pub fn read_csv(bytes: &[u8], limits: &Limits) -> Result<RawFile, SheetError> {
    let decoded = decode(bytes)?;
    let text = decoded
        .text
        .strip_prefix('\u{feff}')
        .unwrap_or(&decoded.text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter_of(text))
        .from_reader(text.as_bytes());
    let mut sheet = RawSheet {
        name: String::new(),
        rows: Vec::new(),
        truncated_rows: 0,
        stopped_at_row: None,
        cells_past_columns: 0,
        cut_cells: Vec::new(),
    };
    let mut lines = LineCounter::new(text.as_bytes());
    let mut cells_read = 0usize;
    for rec in reader.records() {
        let rec = rec?;
        let line = lines.line_of(rec.position().map(|p| p.byte() as usize));
        if line > limits.max_rows {
            sheet.truncated_rows += 1;
            continue;
        }
        cells_read += rec.len().min(limits.max_cols);
        sheet.cells_past_columns += rec
            .iter()
            .skip(limits.max_cols)
            .filter(|c| !c.trim().is_empty())
            .count();
        if cells_read > limits.max_cells {
            sheet.stopped_at_row = Some(line - 1);
            break;
        }
        sheet.rows.resize_with(line - 1, Vec::new);
        let cells = record_cells(&rec, line - 1, limits, &mut sheet.cut_cells);
        sheet.rows.push(cells);
    }
    Ok(RawFile {
        sheets: vec![sheet],
    })
}

/// The separator used most in the first lines: comma, tab or semicolon (comma if none).
fn delimiter_of(text: &str) -> u8 {
    let sample: Vec<&str> = text.lines().take(10).collect();
    let count = |c: char| sample.iter().map(|l| l.matches(c).count()).sum::<usize>();
    [(',', count(',')), ('\t', count('\t')), (';', count(';'))]
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .filter(|(_, n)| *n > 0)
        .map_or(b',', |(c, _)| c as u8)
}

/// One record's cells: blanks empty, text cut to the limit, trailing blanks dropped.
fn record_cells(
    rec: &csv::StringRecord,
    row: usize,
    limits: &Limits,
    cut: &mut Vec<CutCell>,
) -> Vec<CellValue> {
    let mut cells: Vec<CellValue> = rec
        .iter()
        .take(limits.max_cols)
        .enumerate()
        .map(|(col, c)| {
            if c.trim().is_empty() {
                return CellValue::Empty;
            }
            match c.char_indices().nth(limits.max_cell_chars) {
                None => CellValue::Text(c.to_string()),
                Some((at, _)) => {
                    let chars = c.chars().count();
                    cut.push(CutCell { row, col, chars });
                    CellValue::Text(c[..at].to_string())
                }
            }
        })
        .collect();
    while cells.last().is_some_and(CellValue::is_empty) {
        cells.pop();
    }
    cells
}

/// Rows are addressed by the line the record starts on, as a text editor shows it; a
/// quoted cell with line breaks spans lines. Counted incrementally from byte offsets.
struct LineCounter<'a> {
    bytes: &'a [u8],
    seen_bytes: usize,
    seen_lines: usize,
}

impl<'a> LineCounter<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        LineCounter {
            bytes,
            seen_bytes: 0,
            seen_lines: 1,
        }
    }

    /// The 1-based line of the record that the reader says starts at `position`.
    fn line_of(&mut self, position: Option<usize>) -> usize {
        let bytes = self.bytes;
        // The reported position can sit on the previous line terminator and before
        // skipped blank lines: move to the record's first character.
        let mut start = position.unwrap_or(self.seen_bytes).min(bytes.len());
        while start < bytes.len() && (bytes[start] == b'\r' || bytes[start] == b'\n') {
            start += 1;
        }
        if start > self.seen_bytes {
            self.seen_lines += bytes[self.seen_bytes..start]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            self.seen_bytes = start;
        }
        self.seen_lines
    }
}
