//! Spreadsheets and CSV -> raw rows with their cell addresses.
//!
//! xlsx, xlsm, xlsb, xls and ods go through calamine; CSV through the same encoding
//! detection as plan text. Nothing is interpreted here: cells keep their type (text,
//! number, date) and their position, so that later findings can name `sheet!C7`.

use std::path::Path;

use calamine::{Data, DataType, Reader, open_workbook_auto};
use chrono::NaiveDateTime;
use thiserror::Error;

use crate::decode::{DecodeError, decode};
use crate::files::extension;

/// Limits against hostile or runaway files.
pub const MAX_ROWS: usize = 200_000;
pub const MAX_COLS: usize = 256;

#[derive(Debug, Error)]
pub enum SheetError {
    #[error("ファイルを開けません: {0}")]
    Io(#[from] std::io::Error),
    #[error(
        "表計算ファイルとして読めません（壊れているか、パスワード付きの可能性があります）: {0}"
    )]
    Workbook(String),
    #[error("{0}")]
    Decode(#[from] DecodeError),
    #[error("CSV として読めません: {0}")]
    Csv(String),
    #[error("対応していない形式です（.{0}）。xlsx・xlsm・xlsb・xls・ods・csv で保存してください")]
    Unsupported(String),
}

/// A cell as found.
#[derive(Debug, Clone, PartialEq)]
pub enum CellValue {
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDateTime),
    Bool(bool),
    Error(String),
}

impl CellValue {
    pub fn is_empty(&self) -> bool {
        match self {
            CellValue::Empty => true,
            CellValue::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The value as text, as a person would read it in the cell.
    pub fn display(&self) -> String {
        match self {
            CellValue::Empty => String::new(),
            CellValue::Text(s) => s.trim().to_string(),
            CellValue::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            CellValue::Number(n) => n.to_string(),
            CellValue::Date(d) => {
                if d.time() == chrono::NaiveTime::MIN {
                    d.date().format("%Y-%m-%d").to_string()
                } else {
                    d.format("%Y-%m-%d %H:%M").to_string()
                }
            }
            CellValue::Bool(b) => b.to_string(),
            CellValue::Error(e) => e.clone(),
        }
    }
}

/// One sheet: `rows[r][c]` is the cell at row `r + 1`, column `c` (A = 0).
#[derive(Debug, Clone)]
pub struct RawSheet {
    /// Sheet name; empty for CSV.
    pub name: String,
    pub rows: Vec<Vec<CellValue>>,
    /// Rows past [`MAX_ROWS`] that were not read.
    pub truncated_rows: usize,
}

impl RawSheet {
    pub fn cell(&self, row: usize, col: usize) -> &CellValue {
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .unwrap_or(&CellValue::Empty)
    }

    /// `C7` for row index 6, column index 2; with the sheet name: `Sheet1!C7`.
    pub fn address(&self, row: usize, col: usize) -> String {
        if self.name.is_empty() {
            format!("行 {}（{}列）", row + 1, column_letters(col))
        } else {
            format!("{}!{}{}", self.name, column_letters(col), row + 1)
        }
    }

    /// Location of a whole row.
    pub fn row_location(&self, row: usize) -> String {
        if self.name.is_empty() {
            format!("行 {}", row + 1)
        } else {
            format!("{}!{}行目", self.name, row + 1)
        }
    }
}

/// `A`, `Z`, `AA` ...
pub fn column_letters(mut col: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).expect("ASCII letters")
}

/// What a spreadsheet file held.
#[derive(Debug, Clone)]
pub struct RawFile {
    pub sheets: Vec<RawSheet>,
    /// `Shift_JIS(CP932)` etc. for CSV; the format for workbooks.
    pub format: String,
}

const WORKBOOK_EXT: [&str; 5] = ["xlsx", "xlsm", "xlsb", "xls", "ods"];

/// Whether gyokaku reads a file of this name as a progress report.
pub fn is_supported(path: &Path) -> bool {
    let ext = extension(path);
    WORKBOOK_EXT.contains(&ext.as_str()) || ext == "csv"
}

/// Reads every sheet of a workbook, or the one table of a CSV file.
///
/// # Errors
/// The file cannot be opened, is not a readable workbook, or its text cannot be decoded.
/// A sheet that calamine cannot read is skipped (its name is kept with no rows).
pub fn read_file(path: &Path) -> Result<RawFile, SheetError> {
    let ext = extension(path);
    if ext == "csv" {
        let bytes = std::fs::read(path)?;
        return read_csv(&bytes);
    }
    if !WORKBOOK_EXT.contains(&ext.as_str()) {
        return Err(SheetError::Unsupported(ext));
    }
    let mut wb = open_workbook_auto(path).map_err(|e| SheetError::Workbook(e.to_string()))?;
    let mut sheets = Vec::new();
    for name in wb.sheet_names() {
        let range = match wb.worksheet_range(&name) {
            Ok(r) => r,
            Err(e) => return Err(SheetError::Workbook(format!("シート「{name}」: {e}"))),
        };
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let (r0, c0) = (r0 as usize, c0 as usize);
        let mut rows: Vec<Vec<CellValue>> = vec![Vec::new(); r0.min(MAX_ROWS)];
        let mut truncated = 0;
        for row in range.rows() {
            if rows.len() >= MAX_ROWS {
                truncated += 1;
                continue;
            }
            let mut cells = vec![CellValue::Empty; c0.min(MAX_COLS)];
            cells.extend(row.iter().take(MAX_COLS.saturating_sub(c0)).map(convert));
            while cells.last().is_some_and(CellValue::is_empty) {
                cells.pop();
            }
            rows.push(cells);
        }
        sheets.push(RawSheet {
            name,
            rows,
            truncated_rows: truncated,
        });
    }
    Ok(RawFile {
        sheets,
        format: ext,
    })
}

fn convert(d: &Data) -> CellValue {
    match d {
        Data::Empty => CellValue::Empty,
        Data::String(s) => CellValue::Text(s.clone()),
        Data::Float(f) => CellValue::Number(*f),
        Data::Int(i) => CellValue::Number(*i as f64),
        Data::Bool(b) => CellValue::Bool(*b),
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

/// Reads CSV bytes in any supported encoding; comma, tab or semicolon separated.
///
/// # Errors
/// The bytes are not text in a supported encoding, or not CSV.
pub fn read_csv(bytes: &[u8]) -> Result<RawFile, SheetError> {
    let decoded = decode(bytes)?;
    let text = decoded
        .text
        .strip_prefix('\u{feff}')
        .unwrap_or(&decoded.text);
    let sample: Vec<&str> = text.lines().take(10).collect();
    let count = |c: char| sample.iter().map(|l| l.matches(c).count()).sum::<usize>();
    let delimiter = [(',', count(',')), ('\t', count('\t')), (';', count(';'))]
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .filter(|(_, n)| *n > 0)
        .map_or(b',', |(c, _)| c as u8);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut truncated = 0;
    // Rows are addressed by the line the record starts on, as a text editor shows it; a
    // quoted cell with line breaks spans lines. Counted incrementally from byte offsets.
    let bytes = text.as_bytes();
    let (mut seen_bytes, mut seen_lines) = (0usize, 1usize);
    for rec in reader.records() {
        let rec = rec.map_err(|e| SheetError::Csv(e.to_string()))?;
        // The reported position can sit on the previous line terminator and before skipped
        // blank lines: move to the record's first character.
        let mut start = rec
            .position()
            .map_or(seen_bytes, |p| p.byte() as usize)
            .min(bytes.len());
        while start < bytes.len() && (bytes[start] == b'\r' || bytes[start] == b'\n') {
            start += 1;
        }
        if start > seen_bytes {
            seen_lines += bytes[seen_bytes..start]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            seen_bytes = start;
        }
        let line = seen_lines;
        if line > MAX_ROWS {
            truncated += 1;
            continue;
        }
        while rows.len() + 1 < line {
            rows.push(Vec::new());
        }
        let mut cells: Vec<CellValue> = rec
            .iter()
            .take(MAX_COLS)
            .map(|c| {
                if c.trim().is_empty() {
                    CellValue::Empty
                } else {
                    CellValue::Text(c.to_string())
                }
            })
            .collect();
        while cells.last().is_some_and(CellValue::is_empty) {
            cells.pop();
        }
        rows.push(cells);
    }
    Ok(RawFile {
        sheets: vec![RawSheet {
            name: String::new(),
            rows,
            truncated_rows: truncated,
        }],
        format: format!("csv {}", decoded.encoding_label()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_and_addresses() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        let s = RawSheet {
            name: "R6.9月報告".into(),
            rows: vec![],
            truncated_rows: 0,
        };
        assert_eq!(s.address(6, 2), "R6.9月報告!C7");
    }

    #[test]
    fn csv_in_shift_jis_with_quoted_line_breaks() {
        let text = "項目番号,進捗状況,取組実績\r\n7-1,実施中,\"一行目\r\n二行目\"\r\n\r\n7-2,完了,済み\r\n";
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(text);
        let f = read_csv(&bytes).unwrap();
        let s = &f.sheets[0];
        assert!(f.format.contains("Shift_JIS"));
        assert_eq!(s.cell(0, 0), &CellValue::Text("項目番号".into()));
        assert_eq!(s.cell(1, 2), &CellValue::Text("一行目\r\n二行目".into()));
        // The record after the two-line cell is on line 5 (line 4 is blank).
        assert_eq!(s.cell(4, 0), &CellValue::Text("7-2".into()));
        assert!(s.rows[3].is_empty());
    }
}
