//! Spreadsheets and CSV -> raw rows with their cell addresses.
//!
//! xlsx, xlsm, xlsb, xls and ods go through calamine; CSV through the same encoding
//! detection as plan text. Nothing is interpreted here: cells keep their type (text,
//! number, date; a percent-formatted number as the percentage Excel shows) and their position, so that later findings can name `シート名 7行目 C列`.

use std::path::Path;

use chrono::NaiveDateTime;
use thiserror::Error;

use crate::config::Limits;
use crate::decode::DecodeError;
use crate::diagnostics::{cell_location, row_location};
use crate::files::extension;

mod csv;
mod guard;
mod styles;
mod workbook;

#[cfg(test)]
use self::csv::read_csv;
use guard::check_size;

#[derive(Debug, Error)]
pub enum SheetError {
    #[error("ファイルを開けません: {0}")]
    Io(#[from] std::io::Error),
    #[error(
        "表計算ファイルとして読めません（壊れているか、パスワード付きの可能性があります）: {0}"
    )]
    Workbook(#[from] WorkbookError),
    #[error("{0}")]
    Decode(#[from] DecodeError),
    #[error("CSV として読めません: {0}")]
    Csv(#[from] ::csv::Error),
    #[error("対応していない形式です（.{0}）。xlsx・xlsm・xlsb・xls・ods・csv で保存してください")]
    Unsupported(String),
    #[error(
        "ファイルが大きすぎます（{size} バイト、上限 {limit} バイト）。設定ファイルの [limits] max_file_mb で上限を変えられます"
    )]
    TooLarge { size: u64, limit: u64 },
    #[error(
        "展開すると大きすぎるファイルです（{member} で上限 {limit} バイトを超えました）。設定ファイルの [limits] max_unzipped_mb で上限を変えられます"
    )]
    Inflates { member: String, limit: u64 },
    #[error(
        "シートのセル数が多すぎます（{cells} セル、上限 {limit} セル）。設定ファイルの [limits] max_cells で上限を変えられます"
    )]
    TooManyCells { cells: u64, limit: usize },
    #[error(
        "セルの文字が多すぎます（{chars} 文字以上、上限 {limit} 文字。同じ文字列を多数のセルで繰り返したファイルなど）。設定ファイルの [limits] max_text_chars で上限を変えられます"
    )]
    TooMuchText { chars: u64, limit: usize },
    #[error("通常のファイルではありません（名前付きパイプ・デバイスなどは読みません）")]
    NotRegular,
    #[error(
        "表計算ファイルの読み取り中に異常が起きました（ファイルが壊れている可能性があります）: {0}"
    )]
    ReaderPanic(crate::isolate::Panicked),
}

/// Why a workbook is not readable: the reader's or the archive's error kept as the source,
/// or what the guards found wrong.
#[derive(Debug, Error)]
pub enum WorkbookError {
    /// calamine could not open the workbook.
    #[error(transparent)]
    Open(#[from] calamine::Error),
    /// calamine could not read a sheet.
    #[error("シート「{sheet}」: {source}")]
    Sheet {
        sheet: String,
        source: SheetReadError,
    },
    /// A damaged archive (no workbook part) opens as a workbook without sheets.
    #[error("シートが一つもありません")]
    NoSheets,
    /// Not a zip archive, or a member that cannot be found.
    #[error(transparent)]
    Zip(#[from] zip::result::ZipError),
    /// A member of the archive that cannot be inflated.
    #[error("{member}: {source}")]
    Member {
        member: String,
        source: std::io::Error,
    },
    /// An OpenDocument `content.xml` that is not XML.
    #[error("content.xml: {0}")]
    OdsContent(#[source] quick_xml::Error),
    /// A shared-string table that declares more strings than its bytes can hold.
    #[error(
        "{member}: 共有文字列の件数 uniqueCount={count} が内容（{inflated} バイト）に見合いません"
    )]
    SharedStrings {
        member: String,
        count: u64,
        inflated: u64,
    },
    /// An xls compound file or DIMENSIONS record that is malformed: what is wrong.
    #[error("xls の内部構造が壊れています（{0}）")]
    Xls(String),
}

/// calamine's error reading one sheet (the streaming readers' own, or the range's).
#[derive(Debug, Error)]
pub enum SheetReadError {
    #[error(transparent)]
    Xlsx(#[from] calamine::XlsxError),
    #[error(transparent)]
    Xlsb(#[from] calamine::XlsbError),
    #[error(transparent)]
    Range(#[from] calamine::Error),
}

impl From<crate::files::ReadError> for SheetError {
    fn from(e: crate::files::ReadError) -> SheetError {
        use crate::files::ReadError;
        match e {
            ReadError::Io(e) => SheetError::Io(e),
            ReadError::NotRegular => SheetError::NotRegular,
            ReadError::TooLarge { size, limit } => SheetError::TooLarge { size, limit },
        }
    }
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
    /// Rows past the row limit that hold values and were not read.
    pub truncated_rows: usize,
    /// The row at which reading stopped because the sheet reached the cell limit.
    pub stopped_at_row: Option<usize>,
    /// Cells with a value past the column limit, not read.
    pub cells_past_columns: usize,
    /// Cells whose text was cut to the length limit.
    pub cut_cells: Vec<CutCell>,
}

/// A cell whose text was longer than the limit and was cut.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CutCell {
    pub row: usize,
    pub col: usize,
    /// Characters the cell held.
    pub chars: usize,
}

impl RawSheet {
    pub fn cell(&self, row: usize, col: usize) -> &CellValue {
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .unwrap_or(&CellValue::Empty)
    }

    /// Where the cell at row index 6, column index 2 stands: `Sheet1 7行目 C列`, or
    /// `7行目 C列` in a CSV file (see [`cell_location`]).
    pub fn address(&self, row: usize, col: usize) -> String {
        cell_location(&self.name, row + 1, &column_letters(col))
    }

    /// Where a whole row stands: `Sheet1 7行目`, or `7行目` in a CSV file.
    pub fn row_location(&self, row: usize) -> String {
        row_location(&self.name, row + 1)
    }
}

/// A header cell as a comparable key: `進捗率（％）`, `進捗\n状況`, `※取組実績` become
/// `進捗率`, `進捗状況`, `取組実績`. Shared by the headers of reports and of plans kept
/// as spreadsheets.
pub fn header_key(s: &str) -> String {
    // Cut in place: one allocation per cell, the fold's.
    let mut f = crate::text::fold_compact(s);
    let marks = f.len() - f.trim_start_matches(['※', '*', '●', '■']).len();
    f.drain(..marks);
    let cut = f.find(['(', '※']).unwrap_or(f.len());
    f.truncate(cut);
    f
}

/// Configured header words folded once to their [`header_key`], each naming a role (a
/// column of a report or of a plan sheet): a reader folds them once, not for every cell it
/// compares. A key two roles share goes to the first role given, as comparing word by
/// word in that order would.
#[derive(Debug, Clone)]
pub struct HeaderKeys<R> {
    roles: std::collections::HashMap<String, R>,
}

impl<R: Copy> HeaderKeys<R> {
    /// The keys of `words`, role by role in the order given.
    pub fn new<'a>(words: impl IntoIterator<Item = (R, &'a Vec<String>)>) -> HeaderKeys<R> {
        let mut roles = std::collections::HashMap::new();
        for (role, list) in words {
            for w in list {
                let key = header_key(w);
                if !key.is_empty() {
                    roles.entry(key).or_insert(role);
                }
            }
        }
        HeaderKeys { roles }
    }

    /// The role a header cell names, if its text is one of the words.
    pub fn role(&self, cell: &CellValue) -> Option<R> {
        let CellValue::Text(t) = cell else {
            return None;
        };
        self.roles.get(header_key(t).as_str()).copied()
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
    s.into_iter().map(char::from).collect()
}

/// What a spreadsheet file held.
#[derive(Debug, Clone)]
pub struct RawFile {
    pub sheets: Vec<RawSheet>,
}

const WORKBOOK_EXT: [&str; 5] = ["xlsx", "xlsm", "xlsb", "xls", "ods"];

/// Whether gyokaku reads a file of this name as a progress report.
pub fn is_supported(path: &Path) -> bool {
    let ext = extension(path);
    WORKBOOK_EXT.contains(&ext.as_str()) || ext == "csv"
}

/// Reads every sheet of a workbook, or the one table of a CSV file, within `limits`.
///
/// # Errors
/// The file cannot be opened, is larger or inflates to more than the limits allow, is not
/// a readable workbook, or its text cannot be decoded.
pub fn read_file(path: &Path, limits: &Limits) -> Result<RawFile, SheetError> {
    check_supported(path)?;
    let bytes = crate::files::read_regular(path, limits.max_file_bytes)?;
    read_content(path, &bytes, limits)
}

/// [`read_file`] on the file's bytes, read already (by [`read_within_limit`]); `path`
/// names the file and its format.
///
/// # Errors
/// As [`read_file`], but for opening the file.
pub fn read_content(path: &Path, bytes: &[u8], limits: &Limits) -> Result<RawFile, SheetError> {
    check_size(bytes.len() as u64, limits)?;
    let ext = check_supported(path)?;
    if ext == "csv" {
        return csv::read_csv(bytes, limits);
    }
    workbook::read_workbook(bytes, &ext, limits)
}

/// The extension of a file gyokaku reads as a sheet.
fn check_supported(path: &Path) -> Result<String, SheetError> {
    let ext = extension(path);
    if ext == "csv" || WORKBOOK_EXT.contains(&ext.as_str()) {
        Ok(ext)
    } else {
        Err(SheetError::Unsupported(ext))
    }
}

/// The bytes of a file no larger than `limits.max_file_bytes`, read in one go; `None` when
/// it is larger (nothing past the limit is read) or cannot be read, and is then left to
/// [`read_file`] to report.
pub fn read_within_limit(path: &Path, limits: &Limits) -> Option<Vec<u8>> {
    crate::files::read_regular(path, limits.max_file_bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_read_whole_up_to_the_size_limit_and_not_past_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.csv");
        std::fs::write(&path, "項目番号,進捗状況\n1-1,実施中\n").unwrap();
        let size = std::fs::metadata(&path).unwrap().len();
        let at = |max_file_bytes| Limits {
            max_file_bytes,
            ..Limits::default()
        };
        let bytes = read_within_limit(&path, &at(size)).unwrap();
        assert_eq!(bytes, std::fs::read(&path).unwrap());
        assert!(read_within_limit(&path, &at(size - 1)).is_none());
        // The bytes read give what reading the file gives; past the limit, both refuse.
        let from_bytes = read_content(&path, &bytes, &at(size)).unwrap();
        let from_file = read_file(&path, &at(size)).unwrap();
        assert_eq!(format!("{from_bytes:?}"), format!("{from_file:?}"));
        assert!(matches!(
            read_content(&path, &bytes, &at(size - 1)),
            Err(SheetError::TooLarge { .. })
        ));
        assert!(matches!(
            read_file(&path, &at(size - 1)),
            Err(SheetError::TooLarge { .. })
        ));
        assert!(read_within_limit(&dir.path().join("none.csv"), &at(size)).is_none());
    }

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
            stopped_at_row: None,
            cells_past_columns: 0,
            cut_cells: vec![],
        };
        assert_eq!(s.address(6, 2), "R6.9月報告 7行目 C列");
        assert_eq!(s.row_location(4), "R6.9月報告 5行目");
        let csv = RawSheet {
            name: String::new(),
            ..s
        };
        assert_eq!(csv.address(2, 3), "3行目 D列");
        assert_eq!(csv.row_location(11), "12行目");
    }

    #[test]
    fn csv_in_shift_jis_with_quoted_line_breaks() {
        let text = "項目番号,進捗状況,取組実績\r\n7-1,実施中,\"一行目\r\n二行目\"\r\n\r\n7-2,完了,済み\r\n";
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(text);
        let f = read_csv(&bytes, &Limits::default()).unwrap();
        let s = &f.sheets[0];
        assert_eq!(s.cell(0, 0), &CellValue::Text("項目番号".into()));
        assert_eq!(s.cell(1, 2), &CellValue::Text("一行目\r\n二行目".into()));
        // The record after the two-line cell is on line 5 (line 4 is blank).
        assert_eq!(s.cell(4, 0), &CellValue::Text("7-2".into()));
        assert!(s.rows[3].is_empty());
    }
}
