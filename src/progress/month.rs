//! The month a returned report is for, worked out from the file alone (for filing it
//! before any run): the locked 報告月 column of gyokaku's own 進捗入力 sheet, else the
//! dates of its rows, else its file name.

use std::collections::BTreeMap;

use super::INPUT_SHEET;
use super::header::{HeaderWords, find_header};
use super::values::parse_date;
use crate::config::ProgressColumn;
use crate::sheet::{RawFile, RawSheet};
use crate::wareki::{Period, period_in_name};

/// Where a report's month was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MonthSource {
    /// The locked 報告月 column of the 進捗入力 sheet of a section workbook.
    InputSheet,
    /// The date column of the report's rows.
    Rows,
    /// The file name.
    FileName,
}

impl MonthSource {
    /// Where the month was read, in Japanese.
    pub fn label(self) -> &'static str {
        match self {
            MonthSource::InputSheet => "「進捗入力」シートの報告月",
            MonthSource::Rows => "報告の行の日付",
            MonthSource::FileName => "ファイル名",
        }
    }
}

/// The month `raw` reports on (named `file_name`), and where it was read; `None` when
/// neither the sheet nor the name says. A sheet with rows of several months gives the
/// month most of its rows name (the later one on a tie).
pub fn report_month(
    raw: &RawFile,
    file_name: &str,
    words: &HeaderWords,
) -> Option<(Period, MonthSource)> {
    let input = raw.sheets.iter().filter(|s| s.name == INPUT_SHEET);
    if let Some(p) = majority_month(input, words) {
        return Some((p, MonthSource::InputSheet));
    }
    if let Some(p) = majority_month(raw.sheets.iter(), words) {
        return Some((p, MonthSource::Rows));
    }
    period_in_name(file_name).map(|p| (p, MonthSource::FileName))
}

/// The month most data rows of `sheets` name in their date column.
fn majority_month<'a>(
    sheets: impl Iterator<Item = &'a RawSheet>,
    words: &HeaderWords,
) -> Option<Period> {
    let mut counts: BTreeMap<Period, usize> = BTreeMap::new();
    for sheet in sheets {
        let Some(header) = find_header(sheet, words) else {
            continue;
        };
        let Some(&col) = header.columns.get(&ProgressColumn::Date) else {
            continue;
        };
        for r in header.data_start..sheet.rows.len() {
            if let Ok(Some(d)) = parse_date(sheet.cell(r, col)) {
                *counts.entry(d.period).or_default() += 1;
            }
        }
    }
    // Later months come last, so `max_by_key` keeps the later one on a tie.
    counts.into_iter().max_by_key(|&(_, n)| n).map(|(p, _)| p)
}
