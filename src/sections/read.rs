//! Reading the section directory (部署マスタ, `input/departments.csv` or a workbook): a
//! header row found among the first rows, columns recognised by their names, one section
//! per row. The file goes through the same reader and limits as a progress report; a file
//! that cannot be used is an error finding and the run goes on without a directory.

use std::collections::BTreeSet;
use std::path::Path;

use chrono::Datelike;

use super::directory::{Directory, DirectoryEntry};
use crate::config::Settings;
use crate::diagnostics::{Finding, FindingCode};
use crate::sheet::{CellValue, RawSheet, read_file};
use crate::text::{fold, fold_compact};
use crate::wareki::{Period, period_in_name};

/// Rows searched for the header, from the top of each sheet.
const HEADER_ROWS: usize = 30;

/// The directory's columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Bureau,
    Section,
    Mark,
    Code,
    Aliases,
    Since,
}

impl Column {
    /// The header words of each column, compared whole once folded (a note in brackets
    /// after the word is ignored: `課名（正式名称）`).
    fn words(self) -> &'static [&'static str] {
        match self {
            Column::Bureau => &["部局", "部局名", "部", "部名", "部等", "部等名"],
            Column::Section => &[
                "課",
                "課名",
                "所属",
                "所属名",
                "部署",
                "部署名",
                "担当課",
                "課等",
                "課等名",
                "課室",
                "課室名",
                "課・室",
                "課・室名",
                "組織名",
            ],
            Column::Mark => &["略称", "部局略号", "部局記号", "略号", "記号", "部局略称"],
            Column::Code => &[
                "所属コード",
                "組織コード",
                "部署コード",
                "課コード",
                "コード",
            ],
            Column::Aliases => &["別名", "旧名称", "旧名", "別称", "旧課名", "旧所属名"],
            Column::Since => &[
                "適用開始日",
                "施行日",
                "適用日",
                "開始日",
                "適用開始",
                "改正日",
            ],
        }
    }

    const ALL: [Column; 6] = [
        Column::Bureau,
        Column::Section,
        Column::Mark,
        Column::Code,
        Column::Aliases,
        Column::Since,
    ];
}

/// The column a header cell names, if any.
fn column_of(cell: &CellValue) -> Option<Column> {
    let text = fold_compact(&cell.display());
    let word = text.split('(').next().unwrap_or_default();
    Column::ALL
        .into_iter()
        .find(|c| c.words().iter().any(|w| fold_compact(w) == word))
}

/// Where each column stands in a sheet; aliases may span several columns (別名, 旧名称).
#[derive(Debug, Default)]
struct Layout {
    header_row: usize,
    bureau: Option<usize>,
    section: usize,
    mark: Option<usize>,
    code: Option<usize>,
    aliases: Vec<usize>,
    since: Option<usize>,
}

/// The header of a sheet: the first row among the first [`HEADER_ROWS`] that names the
/// section column.
fn find_layout(sheet: &RawSheet) -> Option<Layout> {
    (0..sheet.rows.len().min(HEADER_ROWS)).find_map(|r| {
        let roles: Vec<(usize, Column)> = sheet.rows[r]
            .iter()
            .enumerate()
            .filter_map(|(c, cell)| column_of(cell).map(|col| (c, col)))
            .collect();
        let first = |want: Column| roles.iter().find(|(_, c)| *c == want).map(|(i, _)| *i);
        Some(Layout {
            header_row: r,
            section: first(Column::Section)?,
            bureau: first(Column::Bureau),
            mark: first(Column::Mark),
            code: first(Column::Code),
            since: first(Column::Since),
            aliases: roles
                .iter()
                .filter(|(_, c)| *c == Column::Aliases)
                .map(|(i, _)| *i)
                .collect(),
        })
    })
}

/// The month a date cell names: a date, an Excel serial number, or text such as
/// `2024-04-01`, `2024/4/1`, `令和6年4月1日`, `R6.4.1`.
fn read_month(cell: &CellValue) -> Option<Period> {
    match cell {
        CellValue::Date(d) => Period::new(d.year(), d.month()),
        CellValue::Number(n) if (20_000.0..80_000.0).contains(n) => {
            let base = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?;
            let d = base.checked_add_days(chrono::Days::new(n.floor() as u64))?;
            Period::new(d.year(), d.month())
        }
        other => period_in_name(&fold(&other.display()).replace('/', "-")),
    }
}

/// Reads the directory file. `None` (with an error finding) when it cannot be read or
/// has no section column; rows that cannot be used are warnings.
pub fn read_directory(
    path: &Path,
    display_name: &str,
    settings: &Settings,
) -> (Option<Directory>, Vec<Finding>) {
    let raw = match read_file(path, &settings.limits) {
        Ok(raw) => raw,
        Err(e) => {
            let f = Finding::new(
                display_name,
                "",
                FindingCode::DirectoryUnreadable,
                format!("部署マスタを読めません（{e}）。部署マスタなしで処理しました"),
            );
            return (None, vec![f]);
        }
    };
    let found = raw
        .sheets
        .iter()
        .find_map(|s| find_layout(s).map(|l| (s, l)));
    let Some((sheet, layout)) = found else {
        let f = Finding::new(
            display_name,
            "",
            FindingCode::DirectoryNoHeader,
            "部署マスタの 1〜30 行目に課名の見出し（課・課名・所属・部署など）がありません。部署マスタなしで処理しました",
        );
        return (None, vec![f]);
    };
    let mut reader = RowReader {
        file: display_name,
        sheet,
        layout: &layout,
        findings: Vec::new(),
        entries: Vec::new(),
        names: BTreeSet::new(),
        codes: BTreeSet::new(),
        inherited: (String::new(), String::new()),
    };
    for r in layout.header_row + 1..sheet.rows.len() {
        reader.row(r);
    }
    reader.drop_clashing_aliases();
    let RowReader {
        entries, findings, ..
    } = reader;
    (
        Some(Directory::new(display_name, entries, &settings.bureaus)),
        findings,
    )
}

/// Reads the rows under the header, one entry each.
struct RowReader<'a> {
    file: &'a str,
    sheet: &'a RawSheet,
    layout: &'a Layout,
    findings: Vec<Finding>,
    entries: Vec<DirectoryEntry>,
    /// (compact bureau, compact section) of the entries so far.
    names: BTreeSet<(String, String)>,
    codes: BTreeSet<String>,
    /// The bureau and mark of the row above, for rows that leave them blank (a merged
    /// bureau cell reads as blank below its first row).
    inherited: (String, String),
}

impl RowReader<'_> {
    fn text(&self, r: usize, c: Option<usize>) -> String {
        c.map(|c| self.sheet.cell(r, c).display().trim().to_string())
            .unwrap_or_default()
    }

    fn warn(&mut self, code: FindingCode, location: String, value: &str, message: String) {
        self.findings
            .push(Finding::new(self.file, location, code, message).with_value(value));
    }

    /// One row: an entry, a warning, or nothing for a blank row or a note (`※…`).
    fn row(&mut self, r: usize) {
        let cells = &self.sheet.rows[r];
        if cells.iter().all(CellValue::is_empty) {
            return;
        }
        let section = self.text(r, Some(self.layout.section));
        let first = cells
            .iter()
            .map(CellValue::display)
            .find(|t| !t.trim().is_empty())
            .unwrap_or_default();
        if first.trim_start().starts_with('※') {
            return;
        }
        let mut bureau = self.text(r, self.layout.bureau);
        let mut mark = self.text(r, self.layout.mark);
        if bureau.is_empty() {
            bureau.clone_from(&self.inherited.0);
            if mark.is_empty() {
                mark.clone_from(&self.inherited.1);
            }
        }
        self.inherited = (bureau.clone(), mark.clone());
        if section.is_empty() {
            let at = self.sheet.address(r, self.layout.section);
            self.warn(
                FindingCode::DirectoryBadRow,
                at,
                &first,
                "課名がない行のため使っていません".to_string(),
            );
            return;
        }
        let key = (fold_compact(&bureau), fold_compact(&section));
        if !self.names.insert(key) {
            self.warn(
                FindingCode::DirectoryDuplicate,
                self.sheet.row_location(r),
                &section,
                format!(
                    "部局「{bureau}」の「{section}」は前の行にもあります。この行は使っていません"
                ),
            );
            return;
        }
        let entry = DirectoryEntry {
            bureau,
            mark,
            code: self.code(r),
            aliases: self.aliases(r),
            since: self.since(r),
            location: self.sheet.row_location(r),
            section,
        };
        self.entries.push(entry);
    }

    /// The row's code, unless an earlier row has it.
    fn code(&mut self, r: usize) -> String {
        let code = self.text(r, self.layout.code);
        if code.is_empty() || self.codes.insert(fold_compact(&code)) {
            return code;
        }
        let at = self
            .layout
            .code
            .map(|c| self.sheet.address(r, c))
            .unwrap_or_default();
        self.warn(
            FindingCode::DirectoryDuplicate,
            at,
            &code,
            format!("所属コード「{code}」は前の行にもあります。この行のコードは使っていません"),
        );
        String::new()
    }

    /// The row's aliases, from every alias column, split at `、` `;` `,`.
    fn aliases(&self, r: usize) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for c in &self.layout.aliases {
            let text = self.text(r, Some(*c));
            for a in fold(&text).split(['、', ';', ',', '､']) {
                let a = a.trim();
                if !a.is_empty() && !out.iter().any(|x| x == a) {
                    out.push(a.to_string());
                }
            }
        }
        out
    }

    /// The month the row's name took effect; a date that cannot be read is a warning.
    fn since(&mut self, r: usize) -> Option<Period> {
        let c = self.layout.since?;
        let cell = self.sheet.cell(r, c);
        if cell.is_empty() {
            return None;
        }
        let month = read_month(cell);
        if month.is_none() {
            let value = cell.display();
            self.warn(
                FindingCode::DirectoryBadRow,
                self.sheet.address(r, c),
                &value,
                format!("適用開始日「{value}」が日付として読めません。この行は日付なしで使いました（例: 2024-04-01、令和6年4月1日）"),
            );
        }
        month
    }

    /// An alias that is another row's own name in the same bureau cannot be both: it
    /// stays that row's name, and the alias is dropped with a warning.
    fn drop_clashing_aliases(&mut self) {
        let mut notes = Vec::new();
        for e in &mut self.entries {
            let bureau = fold_compact(&e.bureau);
            e.aliases.retain(|a| {
                let own = (bureau.clone(), fold_compact(a));
                let clash = self.names.contains(&own) && own.1 != fold_compact(&e.section);
                if clash {
                    notes.push((e.location.clone(), a.clone(), e.section.clone()));
                }
                !clash
            });
        }
        for (location, alias, section) in notes {
            self.warn(
                FindingCode::DirectoryDuplicate,
                location,
                &alias,
                format!("「{section}」の別名「{alias}」は、ほかの行の課名です。別名としては使っていません"),
            );
        }
    }
}
