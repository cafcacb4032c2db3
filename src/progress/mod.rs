//! Progress reports -> progress records.
//!
//! [`read_progress_file`] takes one file (any sheet layout: title rows, merged or two-row
//! headers, blank rows, notes) and returns its records, its findings and its row
//! accounting; it holds no state and can run in parallel over files. [`settle`] then
//! resolves each record's period and keeps the latest report per item and month.

pub mod values;

use std::collections::BTreeMap;
use std::path::Path;

use crate::config::{ProgressColumn, Settings};
use crate::diagnostics::{Finding, FindingCode, Severity};
use crate::plan::edition::{Edition, in_force};
use crate::plan::{Plan, parse_departments};
use crate::revision::Lineage;
use crate::sheet::{CellValue, RawSheet, read_file};
use crate::text::{fold, fold_compact, similarity};
use crate::wareki::Period;
use values::{ReportDate, column_is_fractions, parse_date, parse_item_id, parse_percent};

/// Name of the input sheet in gyokaku's own section workbooks.
pub const INPUT_SHEET: &str = "進捗入力";
/// Rows searched for the header.
const HEADER_SEARCH_ROWS: usize = 30;

/// Where a record's period came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodSource {
    DateColumn,
    FileName,
    Run,
}

/// One accepted report row.
#[derive(Debug, Clone, PartialEq)]
pub struct ProgressRecord {
    /// The item's ID in the edition the row was read against ([`Self::edition`]); after
    /// [`settle`], its ID in the edition in force for the run's period.
    pub item_id: String,
    /// Index of the plan edition the row was matched in (the edition in force for the
    /// row's month); after [`settle`], the edition in force for the run's period.
    pub edition: usize,
    /// Filled by [`settle`] for rows whose date and file name name no month.
    pub period: Option<Period>,
    pub period_source: PeriodSource,
    pub report_day: Option<u32>,
    pub status: Option<String>,
    pub status_raw: String,
    pub percent: Option<f64>,
    pub grade: String,
    pub results: String,
    pub issues: String,
    pub next_steps: String,
    pub source_file: String,
    pub source_sheet: String,
    /// 1-based row (line for CSV).
    pub source_row: u32,
    /// (file, sheet, row) order: later wins.
    pub order: (usize, usize, usize),
}

impl ProgressRecord {
    /// Where the row stands in its file: `Sheet!5行目`, or `行 5` for CSV.
    pub fn location(&self) -> String {
        if self.source_sheet.is_empty() {
            format!("行 {}", self.source_row)
        } else {
            format!("{}!{}行目", self.source_sheet, self.source_row)
        }
    }
}

/// Row accounting of one file: `read = accepted + rejected + skipped`.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct RowAccount {
    pub file: String,
    pub sheets_read: usize,
    pub rows_read: usize,
    pub accepted: usize,
    pub rejected: usize,
    /// Blank rows, title and header rows, notes, template rows left unfilled, rows of
    /// sheets without a header.
    pub skipped: usize,
    /// Accepted rows replaced by a later report for the same item and month.
    pub superseded: usize,
}

impl RowAccount {
    pub fn balanced(&self) -> bool {
        self.rows_read == self.accepted + self.rejected + self.skipped
    }
}

/// What one progress file yielded.
#[derive(Debug, Clone, Default)]
pub struct FileReport {
    pub records: Vec<ProgressRecord>,
    pub findings: Vec<Finding>,
    pub account: RowAccount,
}

/// Every edition's items, indexed for matching report rows, and the lineage that carries
/// an item from one edition to another.
pub struct Catalog<'a> {
    pub editions: &'a [Edition],
    indexes: Vec<ItemIndex>,
    lineage: Lineage,
    /// Edition for rows whose date and file name name no month.
    pub default_edition: usize,
}

impl<'a> Catalog<'a> {
    /// `default_period`: the period rows without a month of their own belong to, when
    /// known (`--period`); otherwise they are read against the latest edition.
    pub fn new(editions: &'a [Edition], default_period: Option<Period>) -> Catalog<'a> {
        let default_edition = match default_period {
            Some(p) => in_force(editions, p),
            None => editions.len().saturating_sub(1),
        };
        Catalog {
            editions,
            indexes: editions.iter().map(|e| ItemIndex::new(&e.plan)).collect(),
            lineage: Lineage::new(editions),
            default_edition,
        }
    }

    fn edition_for(&self, period: Option<Period>) -> usize {
        period.map_or(self.default_edition, |p| in_force(self.editions, p))
    }
}

/// The plan's items, indexed for matching report rows.
pub struct ItemIndex {
    items: Vec<IndexedItem>,
    by_id: BTreeMap<String, usize>,
    by_name: BTreeMap<String, usize>,
}

struct IndexedItem {
    id: String,
    name: String,
    departments: Vec<(String, String, String)>, // (id, mark, section)
    all_departments: bool,
}

impl ItemIndex {
    pub fn new(plan: &Plan) -> ItemIndex {
        let mut idx = ItemIndex {
            items: Vec::new(),
            by_id: BTreeMap::new(),
            by_name: BTreeMap::new(),
        };
        for (_, it) in plan.items() {
            let k = idx.items.len();
            idx.by_id.insert(it.id.clone(), k);
            idx.by_name.entry(fold_compact(&it.name)).or_insert(k);
            idx.items.push(IndexedItem {
                id: it.id.clone(),
                name: it.name.clone(),
                departments: it
                    .departments
                    .iter()
                    .map(|d| (d.id(), d.bureau_mark.clone(), d.section.clone()))
                    .collect(),
                all_departments: it.all_departments,
            });
        }
        idx
    }

    /// Up to three items whose names are closest to `name`.
    fn suggestions(&self, name: &str) -> Vec<String> {
        let mut scored: Vec<(f64, &IndexedItem)> = self
            .items
            .iter()
            .map(|it| (similarity(name, &it.name), it))
            .filter(|(s, _)| *s >= 0.3)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.id.cmp(&b.1.id)));
        scored
            .into_iter()
            .take(3)
            .map(|(_, it)| format!("{} {}", it.id, it.name))
            .collect()
    }
}

fn header_key(s: &str) -> String {
    // `進捗率（％）`, `進捗\n状況`, `※取組実績` -> comparable keys.
    let f = fold_compact(s);
    let f = f.trim_start_matches(['※', '*', '●', '■']);
    let cut = f.find(['(', '※']).unwrap_or(f.len());
    f[..cut].to_string()
}

fn column_role(cell: &CellValue, settings: &Settings) -> Option<ProgressColumn> {
    let CellValue::Text(t) = cell else {
        return None;
    };
    let key = header_key(t);
    if key.is_empty() {
        return None;
    }
    settings
        .progress
        .columns
        .iter()
        .find(|(_, words)| words.iter().any(|w| header_key(w) == key))
        .map(|(c, _)| *c)
}

fn roles_of_row(
    sheet: &RawSheet,
    row: usize,
    settings: &Settings,
) -> BTreeMap<usize, ProgressColumn> {
    let mut out = BTreeMap::new();
    let mut used = Vec::new();
    for c in 0..sheet.rows.get(row).map_or(0, Vec::len) {
        if let Some(role) = column_role(sheet.cell(row, c), settings)
            && !used.contains(&role)
        {
            used.push(role);
            out.insert(c, role);
        }
    }
    out
}

/// The header row (and a sub-header row under it, for two-row headers with merged
/// group cells) and the column of each role.
struct Header {
    data_start: usize,
    columns: BTreeMap<ProgressColumn, usize>,
}

fn find_header(sheet: &RawSheet, settings: &Settings) -> Option<Header> {
    let mut best: Option<(usize, BTreeMap<usize, ProgressColumn>)> = None;
    for r in 0..sheet.rows.len().min(HEADER_SEARCH_ROWS) {
        let roles = roles_of_row(sheet, r, settings);
        let identifies = roles
            .values()
            .any(|c| matches!(c, ProgressColumn::ItemId | ProgressColumn::ItemName));
        if roles.len() >= 2
            && identifies
            && best.as_ref().is_none_or(|(_, b)| roles.len() > b.len())
        {
            best = Some((r, roles));
        }
    }
    let (r, mut roles) = best?;
    let mut data_start = r + 1;
    // A sub-header row: recognized names and no item ID where IDs would be.
    let sub = roles_of_row(sheet, r + 1, settings);
    let id_col = roles
        .iter()
        .find(|(_, c)| **c == ProgressColumn::ItemId)
        .map(|(k, _)| *k);
    let has_id = id_col.is_some_and(|c| {
        sheet
            .cell(r + 1, c)
            .display()
            .chars()
            .any(|ch| ch.is_ascii_digit())
    });
    if !sub.is_empty() && !has_id {
        for (col, role) in sub {
            roles.retain(|c, r| *c == col || *r != role);
            roles.insert(col, role);
        }
        data_start = r + 2;
    }
    let columns = roles.into_iter().map(|(c, r)| (r, c)).collect();
    Some(Header {
        data_start,
        columns,
    })
}

/// Reads one progress file. Never fails: an unreadable file is an error finding.
pub fn read_progress_file(
    path: &Path,
    display: &str,
    file_index: usize,
    catalog: &Catalog,
    settings: &Settings,
) -> FileReport {
    let mut report = FileReport {
        account: RowAccount {
            file: display.to_string(),
            ..Default::default()
        },
        ..Default::default()
    };
    let raw = match read_file(path, &settings.limits) {
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
    let name_period = path
        .file_name()
        .and_then(|n| crate::wareki::period_in_name(&n.to_string_lossy()));
    let own_workbook = raw.sheets.iter().any(|s| s.name == INPUT_SHEET);
    if own_workbook && raw.sheets.len() > 1 {
        let others: Vec<&str> = raw
            .sheets
            .iter()
            .filter(|s| s.name != INPUT_SHEET)
            .map(|s| s.name.as_str())
            .collect();
        report.findings.push(Finding::new(
display,
            "",
            FindingCode::ProgressOwnWorkbook,
            format!("gyokaku の部署別ブックなので「{INPUT_SHEET}」シートだけを読みました（{} は出力用のため読んでいません）", others.join("・")),
        ));
    }
    for (sheet_index, sheet) in raw.sheets.iter().enumerate() {
        if own_workbook && sheet.name != INPUT_SHEET {
            continue;
        }
        report.account.sheets_read += 1;
        let rows = sheet.rows.len();
        report.account.rows_read += rows;
        if sheet.truncated_rows > 0 {
            report.findings.push(Finding::new(
                display,
                sheet.row_location(settings.limits.max_rows),
                FindingCode::ProgressTooManyRows,
                format!(
                    "{} 行を超えるため、残りの {} 行は読んでいません",
                    settings.limits.max_rows, sheet.truncated_rows
                ),
            ));
            report.account.rows_read += sheet.truncated_rows;
            report.account.rejected += sheet.truncated_rows;
        }
        let Some(header) = find_header(sheet, settings) else {
            report.account.skipped += rows;
            let label = if sheet.name.is_empty() {
                "このファイル".to_string()
            } else {
                format!("シート「{}」", sheet.name)
            };
            if sheet.rows.iter().any(|r| r.iter().any(|c| !c.is_empty())) {
                report.findings.push(Finding::new(
display,
                    sheet.name.clone(),
                    FindingCode::ProgressNoHeader,
                    format!("{label}の 1〜{HEADER_SEARCH_ROWS} 行目に見出し行（項目番号・実践項目名と 進捗状況 など）が見つからないため、読み飛ばしました"),
                ));
            }
            continue;
        };
        report.account.skipped += header.data_start.min(rows);
        let ctx = SheetContext {
            file: display,
            file_index,
            sheet_index,
            sheet,
            header: &header,
            catalog,
            settings,
            name_period,
            fractions: header
                .columns
                .get(&ProgressColumn::Percent)
                .is_some_and(|&c| {
                    column_is_fractions((header.data_start..rows).map(|r| sheet.cell(r, c)))
                }),
        };
        for r in header.data_start..rows {
            match ctx.row(r) {
                RowOutcome::Skipped => report.account.skipped += 1,
                RowOutcome::Rejected(f) => {
                    report.account.rejected += 1;
                    report.findings.push(f);
                }
                RowOutcome::Accepted(rec, notes) => {
                    report.account.accepted += 1;
                    report.records.push(*rec);
                    report.findings.extend(notes);
                }
            }
        }
    }
    report
}

enum RowOutcome {
    Skipped,
    Rejected(Finding),
    Accepted(Box<ProgressRecord>, Vec<Finding>),
}

struct SheetContext<'a> {
    file: &'a str,
    file_index: usize,
    sheet_index: usize,
    sheet: &'a RawSheet,
    header: &'a Header,
    catalog: &'a Catalog<'a>,
    settings: &'a Settings,
    name_period: Option<Period>,
    fractions: bool,
}

impl SheetContext<'_> {
    fn col(&self, role: ProgressColumn) -> Option<usize> {
        self.header.columns.get(&role).copied()
    }

    fn value(&self, row: usize, role: ProgressColumn) -> &CellValue {
        self.col(role)
            .map_or(&CellValue::Empty, |c| self.sheet.cell(row, c))
    }

    fn text(&self, row: usize, role: ProgressColumn) -> String {
        self.value(row, role).display()
    }

    fn reject(
        &self,
        row: usize,
        role: Option<ProgressColumn>,
        code: FindingCode,
        value: &str,
        message: String,
    ) -> RowOutcome {
        let location = match role.and_then(|r| self.col(r)) {
            Some(c) => self.sheet.address(row, c),
            None => self.sheet.row_location(row),
        };
        RowOutcome::Rejected(
            Finding::new(
                self.file,
                location,
                code,
                format!("{message}。この行は取り込んでいません"),
            )
            .with_value(value),
        )
    }

    fn row(&self, r: usize) -> RowOutcome {
        use ProgressColumn::*;
        let cells = self
            .sheet
            .rows
            .get(r)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let non_empty: Vec<&CellValue> = cells.iter().filter(|c| !c.is_empty()).collect();
        if non_empty.is_empty() {
            return RowOutcome::Skipped;
        }
        let id_cell = self.value(r, ItemId);
        let id_text = self.text(r, ItemId);
        let name_text = self.text(r, ItemName);
        if id_text.is_empty() && name_text.is_empty() {
            let first = non_empty[0].display();
            let is_note = non_empty.len() == 1
                || first.starts_with(['※', '注', '＊', '*'])
                || first.starts_with("備考");
            let is_header = roles_of_row(self.sheet, r, self.settings).len() >= 2;
            if is_note || is_header {
                return RowOutcome::Skipped;
            }
            return self.reject(
                r,
                None,
                FindingCode::ProgressNoItem,
                &non_empty
                    .iter()
                    .map(|c| c.display())
                    .collect::<Vec<_>>()
                    .join(" | "),
                "項目番号も実践項目名も空のため、どの実践項目の報告か分かりません".to_string(),
            );
        }
        let reported = [Status, Percent, Grade, Results, Issues, NextSteps]
            .iter()
            .any(|&c| !self.value(r, c).is_empty());
        if !reported {
            // A template row (ID and name pre-filled) the section did not fill in.
            return RowOutcome::Skipped;
        }

        // The month decides the edition the row is read against.
        let date = match parse_date(self.value(r, Date)) {
            Ok(d) => d,
            Err(()) => {
                return self.reject(
                    r,
                    Some(Date),
                    FindingCode::ProgressBadDate,
                    &self.text(r, Date),
                    format!(
                        "報告日「{}」が日付として読めません（例: 令和6年9月30日、R6.9.30、2024/9/30、2024年9月、2024-09）",
                        self.text(r, Date)
                    ),
                );
            }
        };
        let (period, period_source, report_day) = match (date, self.name_period) {
            (Some(ReportDate { period, day }), _) => (Some(period), PeriodSource::DateColumn, day),
            (None, Some(p)) => (Some(p), PeriodSource::FileName, None),
            (None, None) => (None, PeriodSource::Run, None),
        };
        let edition = self.catalog.edition_for(period);
        let index = &self.catalog.indexes[edition];

        // Which item?
        let mut notes = Vec::new();
        let id_from_cell = match id_cell {
            // Excel turns a typed 7-1 into the date 7月1日.
            CellValue::Date(d) => {
                use chrono::Datelike;
                let id = format!("{}-{}", d.month(), d.day());
                notes.push(
                    Finding::new(
self.file,
                        self.sheet.address(r, self.col(ItemId).unwrap_or(0)),
                        FindingCode::ProgressIdAsDate,
                        format!("項目番号が日付（{}）になっていたため、{id} と読みました。セルを文字列にしてください", id_cell.display()),
                    )
                    .with_value(id_cell.display()),
                );
                Some(id)
            }
            _ => parse_item_id(&id_text),
        };
        let item = match (&id_from_cell, id_text.is_empty()) {
            (Some(id), _) => match index.by_id.get(id) {
                Some(&k) => Some(k),
                None => {
                    return self.reject(
                        r,
                        Some(ItemId),
                        FindingCode::ProgressUnknownItemId,
                        &id_text,
                        format!(
                            "項目番号「{id_text}」は計画にありません{}",
                            self.suggest(index, &name_text)
                        ),
                    );
                }
            },
            (None, false) if name_text.is_empty() => {
                return self.reject(
                    r,
                    Some(ItemId),
                    FindingCode::ProgressBadItemId,
                    &id_text,
                    format!("項目番号「{id_text}」が読めません（例: 7-1、No.7-1）"),
                );
            }
            _ => None,
        };
        let k = match item {
            Some(k)
                if !name_text.is_empty() && similarity(&name_text, &index.items[k].name) < 0.5 =>
            {
                // The number and the name point at different items. A name that is exactly
                // another item's is the more reliable (numbers shift when a plan is revised);
                // otherwise nobody can tell which was meant.
                match index.by_name.get(&fold_compact(&name_text)) {
                    Some(&by_name) => {
                        notes.push(
                            Finding::new(
self.file,
                                self.sheet.address(r, self.col(ItemId).unwrap_or(0)),
                                FindingCode::ProgressNameMismatch,
                                format!(
                                    "項目番号 {} は計画では「{}」です。実践項目名「{name_text}」の {} として取り込みました。番号を確認してください",
                                    index.items[k].id, index.items[k].name, index.items[by_name].id
                                ),
                            )
                            .with_value(&id_text),
                        );
                        by_name
                    }
                    None => {
                        return self.reject(
                            r,
                            Some(ItemName),
                            FindingCode::ProgressIdNameConflict,
                            &name_text,
                            format!(
                                "項目番号 {} の実践項目名は計画では「{}」ですが、「{name_text}」と書かれています。どちらが正しいか確認してください",
                                index.items[k].id, index.items[k].name
                            ),
                        );
                    }
                }
            }
            Some(k) => k,
            None => match index.by_name.get(&fold_compact(&name_text)) {
                Some(&k) => k,
                None => {
                    return self.reject(
                        r,
                        Some(ItemName),
                        FindingCode::ProgressUnknownItem,
                        &name_text,
                        format!(
                            "『{name_text}』に一致する実践項目がありません{}",
                            self.suggest(index, &name_text)
                        ),
                    );
                }
            },
        };
        let item = &index.items[k];

        // The section, when given, must be one of the item's owners.
        let section_text = self.text(r, Section);
        if !section_text.is_empty() && !item.all_departments {
            let parsed = parse_departments(&section_text, &self.settings.plan.all_departments);
            let agrees = parsed.refs.iter().any(|d| {
                item.departments.iter().any(|(id, _, section)| {
                    *id == d.id() || (d.bureau_mark.is_empty() && *section == d.section)
                })
            });
            if !agrees {
                let owners: Vec<&str> = item
                    .departments
                    .iter()
                    .map(|(id, _, _)| id.as_str())
                    .collect();
                return self.reject(
                    r,
                    Some(Section),
                    FindingCode::ProgressSectionMismatch,
                    &section_text,
                    format!(
                        "担当部署「{section_text}」は計画の {} の担当（{}）と一致しません",
                        item.id,
                        owners.join("、")
                    ),
                );
            }
        }

        let status_raw = self.text(r, Status);
        let status = if status_raw.is_empty() {
            None
        } else {
            match self.settings.progress.canonical_status(&status_raw) {
                Some(s) => Some(s),
                None => {
                    return self.reject(
                        r,
                        Some(Status),
                        FindingCode::ProgressUnknownStatus,
                        &status_raw,
                        format!(
                            "進捗状況「{status_raw}」は定義されていません（定義済み: {}）",
                            self.settings.progress.statuses.join(", ")
                        ),
                    );
                }
            }
        };
        let percent = match parse_percent(self.value(r, Percent), self.fractions) {
            Ok(Some(p)) if !(0.0..=100.0).contains(&p) => {
                return self.reject(
                    r,
                    Some(Percent),
                    FindingCode::ProgressPercentRange,
                    &self.text(r, Percent),
                    format!("進捗率「{}」が 0〜100 の範囲外です", self.text(r, Percent)),
                );
            }
            Ok(p) => p,
            Err(()) => {
                return self.reject(
                    r,
                    Some(Percent),
                    FindingCode::ProgressBadPercent,
                    &self.text(r, Percent),
                    format!("進捗率「{}」が数値として読めません（0〜100 の数値、または 80% のように書いてください）", self.text(r, Percent)),
                );
            }
        };
        let text = |c| fold_keep_lines(&self.text(r, c));
        RowOutcome::Accepted(
            Box::new(ProgressRecord {
                item_id: item.id.clone(),
                edition,
                period,
                period_source,
                report_day,
                status,
                status_raw,
                percent,
                grade: fold(&self.text(r, Grade)),
                results: text(Results),
                issues: text(Issues),
                next_steps: text(NextSteps),
                source_file: self.file.to_string(),
                source_sheet: self.sheet.name.clone(),
                source_row: r as u32 + 1,
                order: (self.file_index, self.sheet_index, r),
            }),
            notes,
        )
    }

    fn suggest(&self, index: &ItemIndex, name: &str) -> String {
        if name.is_empty() {
            return String::new();
        }
        let s = index.suggestions(name);
        if s.is_empty() {
            String::new()
        } else {
            format!("。候補: {}", s.join("、"))
        }
    }
}

/// Free text keeps its characters; line endings become `\n` and the ends are trimmed.
fn fold_keep_lines(s: &str) -> String {
    s.replace("\r\n", "\n")
        .replace('\r', "\n")
        .trim()
        .to_string()
}

/// Every record with its period resolved, the latest report per item and month kept.
pub struct Settled {
    /// Sorted by item, then period.
    pub records: Vec<ProgressRecord>,
    pub findings: Vec<Finding>,
    /// (file) -> superseded rows.
    pub superseded: BTreeMap<String, usize>,
    /// (file) -> accepted rows whose item is not in the edition in force for the run.
    pub not_in_plan: BTreeMap<String, usize>,
}

/// The latest period any record names by its date column or file name.
pub fn latest_period(reports: &[FileReport]) -> Option<Period> {
    reports
        .iter()
        .flat_map(|r| r.records.iter().filter_map(|x| x.period))
        .max()
}

/// Gives records without a month the run's period, carries every record to the edition
/// in force for the run (`target`: an item reported under its old ID or name lands on
/// the same item), and keeps, for each item and month, the report from the later file (in
/// file-name order) or the later row; the earlier ones are reported as superseded.
pub fn settle(
    reports: Vec<FileReport>,
    run_period: Period,
    catalog: &Catalog,
    target: usize,
) -> Settled {
    let mut all: Vec<ProgressRecord> = reports.into_iter().flat_map(|r| r.records).collect();
    let mut findings = Vec::new();
    let mut dropped: BTreeMap<String, usize> = BTreeMap::new();
    all.retain_mut(|r| {
        r.period.get_or_insert(run_period);
        match catalog.lineage.translate(&r.item_id, r.edition, target) {
            Some(id) => {
                r.item_id = id;
                r.edition = target;
                true
            }
            None => {
                *dropped.entry(r.source_file.clone()).or_default() += 1;
                let from = catalog.editions[r.edition].label();
                let to = catalog.editions[target].label();
                let before_revision = catalog.editions[target].date.zip(r.period).is_some_and(|(d, p)| p < d);
                let at = r.location();
                findings.push(
                    Finding::new(
                        &r.source_file,
                        at,
                        FindingCode::ProgressItemNotInPlan,
                        format!(
                            "{} の実践項目 {}（{from}版）は、対象期間の計画（{to}版）にないため、この報告は表とブックに載せていません",
                            r.period.map(|p| p.japanese()).unwrap_or_default(),
                            r.item_id
                        ),
                    )
                    .with_value(&r.item_id)
                    .with_severity(if before_revision {
                        Severity::Info
                    } else {
                        Severity::Warning
                    }),
                );
                false
            }
        }
    });
    all.sort_by_key(|a| a.order);
    let mut latest: BTreeMap<(String, Period), ProgressRecord> = BTreeMap::new();
    let mut superseded: BTreeMap<String, usize> = BTreeMap::new();
    for rec in all {
        let key = (rec.item_id.clone(), rec.period.unwrap_or(run_period));
        if let Some(old) = latest.insert(key.clone(), rec) {
            let new = &latest[&key];
            *superseded.entry(old.source_file.clone()).or_default() += 1;
            let at = old.location();
            let newer = format!("{} {}", new.source_file, new.location());
            findings.push(
                Finding::new(
                    &old.source_file,
                    at,
                    FindingCode::ProgressSuperseded,
                    format!(
                        "{} の {} の報告は、後の報告（{newer}）で置き換えました",
                        key.0,
                        key.1.japanese()
                    ),
                )
                .with_value(&key.0),
            );
        }
    }
    let mut records: Vec<ProgressRecord> = latest.into_values().collect();
    records.sort_by(|a, b| {
        crate::plan::item_order(&a.item_id, &b.item_id).then(a.period.cmp(&b.period))
    });
    Settled {
        records,
        findings,
        superseded,
        not_in_plan: dropped,
    }
}
