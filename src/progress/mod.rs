//! Progress reports -> progress records.
//!
//! [`read_progress_file`] takes one file (any sheet layout: title rows, merged or two-row
//! headers, blank rows, notes) and returns its rows, its findings and its row
//! accounting; it holds no state and can run in parallel over files. [`settle()`] then
//! resolves each row's period and keeps the latest report per item and month.
//!
//! - `record`: a row as read ([`ProgressRow`]) and as settled ([`ProgressRecord`]);
//! - `header`: which row of a sheet names the columns, and which column is which;
//! - `row`: one row -> a [`ProgressRow`], a skip or a rejection;
//! - `owner`: the section a file's or sheet's name names, and whether it owns an item;
//! - `cached`: a stored report held to the reader's rules ([`vet_cached`]);
//! - `catalog`: the plan's items as rows look them up ([`Catalog`], [`ItemIndex`]);
//! - `sender`: who sent a report (記入者・連絡先・報告日 above the header);
//! - `settle`: rows of every file -> settled [`ProgressRecord`]s;
//! - [`values`]: dates, percents and item IDs as people type them.

mod cached;
mod catalog;
mod header;
mod month;
mod owner;
mod record;
mod row;
mod section_names;
mod sender;
mod settle;
#[cfg(test)]
mod testing;
pub mod values;

use std::path::Path;

pub use cached::{RowUnfit, Unfit, vet_cached};
pub use catalog::{Catalog, ItemIndex};
pub use record::{PeriodSource, ProgressRecord, ProgressRow, RowOrder};
pub use sender::Sender;
pub use settle::{Settled, latest_period, settle};

use crate::config::Settings;
use crate::diagnostics::{Finding, FindingCode};
use crate::sections::{Resolver, Sections};
use crate::sheet::{RawFile, RawSheet, read_content, read_file};
use crate::wareki::{Period, period_in_name};
use header::{HEADER_SEARCH_ROWS, find_header};
pub use header::{HeaderWords, header_words};
pub use month::{MonthSource, report_month};
use row::{FileContext, RowOutcome, SheetContext};
use sender::sender_above;

/// Name of the input sheet in gyokaku's own section workbooks.
pub const INPUT_SHEET: &str = "進捗入力";

/// Row accounting of one file: `read = accepted + rejected + skipped`.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RowAccount {
    /// File name as the clerk knows it.
    pub file: String,
    pub sheets_read: usize,
    /// Rows of the sheets read, including rows past the row limit.
    pub rows_read: usize,
    /// Rows taken; after settling, those whose item is not in the plan in force count
    /// as `rejected` instead.
    pub accepted: usize,
    /// Rows not taken (each rejection is an error finding), and rows past the row limit.
    pub rejected: usize,
    /// Blank rows, title and header rows, notes, template rows left unfilled, rows of
    /// sheets without a header.
    pub skipped: usize,
    /// Accepted rows replaced by a later report for the same item and month.
    pub superseded: usize,
}

impl RowAccount {
    /// Whether every row read is accounted for.
    pub fn balanced(&self) -> bool {
        self.rows_read == self.accepted + self.rejected + self.skipped
    }
}

/// What one progress file yielded.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct FileReport {
    /// Accepted rows, in sheet and row order; not yet settled.
    pub records: Vec<ProgressRow>,
    /// Rejections and notes, in sheet and row order.
    pub findings: Vec<Finding>,
    pub account: RowAccount,
}

impl FileReport {
    /// A file that could not be read at all: only the finding that says why.
    pub fn failed(display: &str, finding: Finding) -> FileReport {
        let mut report = FileReport::new(display);
        report.findings.push(finding);
        report
    }

    /// Nothing read yet from file `display`.
    fn new(display: &str) -> FileReport {
        FileReport {
            account: RowAccount {
                file: display.to_string(),
                ..Default::default()
            },
            ..Default::default()
        }
    }

    /// Counts one row's outcome and keeps what it yielded.
    fn add(&mut self, outcome: RowOutcome) {
        match outcome {
            RowOutcome::Skipped => self.account.skipped += 1,
            RowOutcome::Rejected(f) => {
                self.account.rejected += 1;
                self.findings.push(f);
            }
            RowOutcome::Accepted { row, notes } => {
                self.account.accepted += 1;
                self.records.push(*row);
                self.findings.extend(notes);
            }
        }
    }
}

/// Reads one progress file, with the sections `settings` configure (no section
/// directory). Never fails: an unreadable file is an error finding.
pub fn read_progress_file(
    path: &Path,
    display: &str,
    file_index: usize,
    catalog: &Catalog,
    settings: &Settings,
) -> FileReport {
    let source = ReportSource {
        path,
        display,
        file_index,
        content: None,
    };
    let sections = Sections::configured(settings);
    let lookups = ReportLookups::new(settings, &sections);
    read_progress_file_with(&source, catalog, settings, &lookups)
}

/// What a run works out once and reads every report with: the configured header words
/// folded, the run's sections and their resolver (the known bureaus sorted once, not for
/// every row).
pub struct ReportLookups<'a> {
    pub words: HeaderWords,
    pub sections: &'a Sections,
    pub resolver: Resolver<'a>,
}

impl<'a> ReportLookups<'a> {
    /// The lookups of `settings` and `sections`.
    pub fn new(settings: &Settings, sections: &'a Sections) -> ReportLookups<'a> {
        ReportLookups {
            words: header_words(settings),
            sections,
            resolver: sections.resolver(),
        }
    }

    /// The lookups also knowing the bureaus `catalog`'s plans name without a mark (the
    /// plan's `市民部 市民課`), so that a report's `市民部市民課` is that section.
    pub fn knowing_plan_bureaus(mut self, catalog: &Catalog) -> ReportLookups<'a> {
        let bureaus: Vec<String> = catalog
            .editions
            .iter()
            .flat_map(|e| &e.plan.departments)
            .filter(|d| d.bureau_mark.is_empty() && !d.bureau_name.is_empty())
            .map(|d| d.bureau_name.clone())
            .collect();
        self.resolver = self.resolver.knowing_bureaus(bureaus);
        self
    }
}

/// One report file to read.
pub struct ReportSource<'a> {
    pub path: &'a Path,
    /// The file's name as the clerk knows it.
    pub display: &'a str,
    /// Its position in file-name order.
    pub file_index: usize,
    /// The file's bytes when the caller has read them already (to hash them), so that the
    /// file is read once; `None`: read from `path`.
    pub content: Option<&'a [u8]>,
}

/// [`read_progress_file`] with what the run works out once (`lookups` must be
/// `ReportLookups::new(settings, sections)`, with the run's sections).
pub fn read_progress_file_with(
    source: &ReportSource,
    catalog: &Catalog,
    settings: &Settings,
    lookups: &ReportLookups,
) -> FileReport {
    let display = source.display;
    let mut report = FileReport::new(display);
    let read = match source.content {
        Some(bytes) => read_content(source.path, bytes, &settings.limits),
        None => read_file(source.path, &settings.limits),
    };
    let raw = match read {
        Ok(r) => r,
        Err(e) => {
            report.findings.push(Finding::new(
                display,
                "",
                FindingCode::ProgressUnreadable,
                e.to_string(),
            ));
            return report;
        }
    };
    let file = FileContext {
        display,
        file_index: source.file_index,
        catalog,
        settings,
        lookups,
        name_period: period_in_file_name(source.path),
    };
    // A 進捗入力 sheet is gyokaku's own only when it carries a report header: a
    // section's own file may name its (empty) first sheet so.
    let own_workbook = raw
        .sheets
        .iter()
        .any(|s| s.name == INPUT_SHEET && find_header(s, &lookups.words).is_some());
    if own_workbook && raw.sheets.len() > 1 {
        report.findings.push(own_workbook_note(&raw, display));
    }
    for (sheet_index, sheet) in raw.sheets.iter().enumerate() {
        // In gyokaku's own workbooks the other sheets show the plan and past reports.
        if own_workbook && sheet.name != INPUT_SHEET {
            continue;
        }
        read_sheet(&file, (sheet_index, sheet), &mut report);
    }
    // One of gyokaku's own workbooks sent back unfilled has its template rows, counted
    // as skipped; any other file that yields no row at all is no report.
    if !own_workbook && report.account.accepted == 0 && report.account.rejected == 0 {
        report.findings.push(no_rows(&report.account));
    }
    report
}

/// The finding for a report from which no row was read, taken or rejected.
fn no_rows(account: &RowAccount) -> Finding {
    Finding::new(
        &account.file,
        "",
        FindingCode::ProgressNoRows,
        format!(
            "このファイルからは報告の行を 1 行も読めませんでした（{} シート・{} 行を見ましたが、項目番号・実践項目名のある行がありません）。記入済みの進捗報告か確認してください",
            account.sheets_read, account.rows_read
        ),
    )
}

/// The month the file name names (`…_R6-09.xlsx`, `…_2024-09.csv`), if any.
fn period_in_file_name(path: &Path) -> Option<Period> {
    path.file_name()
        .and_then(|n| period_in_name(&n.to_string_lossy()))
}

/// The note that only the input sheet of one of gyokaku's own workbooks was read.
fn own_workbook_note(raw: &RawFile, display: &str) -> Finding {
    let others: Vec<&str> = raw
        .sheets
        .iter()
        .filter(|s| s.name != INPUT_SHEET)
        .map(|s| s.name.as_str())
        .collect();
    Finding::new(
        display,
        "",
        FindingCode::ProgressOwnWorkbook,
        format!(
            "gyokaku の部署別ブックなので「{INPUT_SHEET}」シートだけを読みました（{} は出力用のため読んでいません）",
            others.join("・")
        ),
    )
}

/// Reads the rows of one sheet into `report`.
fn read_sheet(
    file: &FileContext,
    (sheet_index, sheet): (usize, &RawSheet),
    report: &mut FileReport,
) {
    let rows = sheet.rows.len();
    report.account.sheets_read += 1;
    report.account.rows_read += rows;
    if sheet.truncated_rows > 0 {
        report.findings.push(too_many_rows(
            sheet,
            file.display,
            file.settings.limits.max_rows,
        ));
        report.account.rows_read += sheet.truncated_rows;
        report.account.rejected += sheet.truncated_rows;
    }
    report.findings.extend(limit_notes(sheet, file));
    let Some(header) = find_header(sheet, &file.lookups.words) else {
        report.account.skipped += rows;
        if sheet.rows.iter().any(|r| r.iter().any(|c| !c.is_empty())) {
            report.findings.push(no_header(sheet, file.display));
        }
        return;
    };
    report.account.skipped += header.data_start.min(rows);
    let ctx = SheetContext::new(file, sheet_index, sheet, &header);
    let sender = sender_above(sheet, header.data_start);
    for r in header.data_start..rows {
        let mut outcome = ctx.row(r);
        if let RowOutcome::Accepted { row, .. } = &mut outcome {
            row.sender = sender.clone();
        }
        report.add(outcome);
    }
}

/// The finding for the rows of a sheet past the row limit, which are not read.
fn too_many_rows(sheet: &RawSheet, display: &str, max_rows: usize) -> Finding {
    Finding::new(
        display,
        sheet.row_location(max_rows),
        FindingCode::ProgressTooManyRows,
        format!(
            "{max_rows} 行を超えるため、残りの {} 行は読んでいません。設定ファイルの [limits] max_rows で上限を変えられます",
            sheet.truncated_rows
        ),
    )
}

/// Findings for what the reader left out of a sheet: text cut to the cell limit, rows
/// past the cell limit.
fn limit_notes(sheet: &RawSheet, file: &FileContext) -> Vec<Finding> {
    let limits = &file.settings.limits;
    let mut notes: Vec<Finding> = sheet
        .cut_cells
        .iter()
        .map(|c| {
            Finding::new(
                file.display,
                sheet.address(c.row, c.col),
                FindingCode::ProgressCellCut,
                format!(
                    "セルの文字数（{} 字）が上限の {} 字を超えたため、先頭から {} 字だけを取り込みました",
                    c.chars, limits.max_cell_chars, limits.max_cell_chars
                ),
            )
        })
        .collect();
    if sheet.cells_past_columns > 0 {
        let label = if sheet.name.is_empty() {
            "このファイル".to_string()
        } else {
            format!("シート「{}」", sheet.name)
        };
        notes.push(Finding::new(
            file.display,
            sheet.name.clone(),
            FindingCode::ProgressTooManyColumns,
            format!(
                "{label}の {} 列目より右にある {} 個のセルは読んでいません。設定ファイルの [limits] max_cols で上限を変えられます",
                limits.max_cols, sheet.cells_past_columns
            ),
        ));
    }
    if let Some(row) = sheet.stopped_at_row {
        notes.push(Finding::new(
            file.display,
            sheet.row_location(row),
            FindingCode::ProgressCellLimit,
            format!(
                "シートのセル数が上限の {} を超えたため、この行から先は読んでいません。設定ファイルの [limits] max_cells で上限を変えられます",
                limits.max_cells
            ),
        ));
    }
    notes
}

/// The finding for a sheet with content but no recognizable header.
fn no_header(sheet: &RawSheet, display: &str) -> Finding {
    let label = if sheet.name.is_empty() {
        "このファイル".to_string()
    } else {
        format!("シート「{}」", sheet.name)
    };
    Finding::new(
        display,
        sheet.name.clone(),
        FindingCode::ProgressNoHeader,
        format!(
            "{label}の 1〜{HEADER_SEARCH_ROWS} 行目に見出し行（項目番号・実践項目名と 進捗状況 など）が見つからないため、読み飛ばしました"
        ),
    )
}
