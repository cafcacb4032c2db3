//! One row of a report sheet -> a [`ProgressRow`], a skip, or a [`Finding`] saying why
//! the row was not taken.
//!
//! The checks run in a fixed order (kind of row, date, item, section, status, percent)
//! and the first that fails rejects the row, so a row yields at most one error.

use chrono::Datelike;

use super::catalog::{Catalog, IndexedItem, ItemIndex};
use super::header::{Header, roles_in_row};
use super::record::{PeriodSource, ProgressRow, RowOrder};
use super::sender::Sender;
use super::values::{
    NotAValue, ReportDate, column_is_fractions, parse_date, parse_item_id, parse_percent,
    status_percent_conflict,
};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use crate::amount::{AmountUnit, amount_in_yen, parse_amount};
use crate::config::ProgressColumn::{
    self, Amount, Date, Issues, ItemId, ItemName, NextSteps, Percent, Rating, Results, Section,
    Status,
};
use crate::config::Settings;
use crate::config::scale::{NotOnScale, ScaleKey};
use crate::diagnostics::{Finding, FindingCode};
use crate::sections::{DepartmentRef, Resolution};
use crate::sheet::{CellValue, RawSheet};
use crate::text::similarity;
use crate::wareki::Period;

/// The columns a section fills in; a row with none of them (nor a rating) is a template
/// row.
const REPORTED: [ProgressColumn; 6] = [Status, Percent, Amount, Results, Issues, NextSteps];

/// What every row of one file is read with.
pub(super) struct FileContext<'a> {
    /// File name as the clerk knows it.
    pub display: &'a str,
    /// Position of the file in file-name order.
    pub file_index: usize,
    pub catalog: &'a Catalog<'a>,
    pub settings: &'a Settings,
    /// The header words and the section resolver, worked out once per run.
    pub lookups: &'a super::ReportLookups<'a>,
    /// The month the file name names, for rows without a date.
    pub name_period: Option<Period>,
}

/// What every row of one sheet is read with.
pub(super) struct SheetContext<'a> {
    file: &'a FileContext<'a>,
    sheet_index: usize,
    sheet: &'a RawSheet,
    header: &'a Header,
    /// The percent column holds fractions (0.8 for 80%).
    fractions: bool,
    /// The unit of the amount column, as its header (or a 単位 note above it) says.
    unit: AmountUnit,
    /// The section the sheet's or the file's name names, if one.
    named_section: Option<String>,
    /// The last section cell resolved and what it resolved to: a sheet's rows mostly
    /// repeat one section's name.
    last_resolved: RefCell<Option<Resolved>>,
}

/// A section cell and the departments it resolved to.
type Resolved = (String, Rc<Vec<(DepartmentRef, Resolution)>>);

/// What became of one row.
#[derive(Debug)]
pub(super) enum RowOutcome {
    /// Blank, a note, a repeated header or a template row left unfilled.
    Skipped,
    /// Not taken, for the reason the finding gives.
    Rejected(Finding),
    /// Taken, with notes on what was read differently from how it was written.
    Accepted {
        row: Box<ProgressRow>,
        notes: Vec<Finding>,
    },
}

/// What a row is, before any of its values is read.
#[derive(Debug, PartialEq, Eq)]
enum RowKind {
    /// Blank, a note, a repeated header or a template row left unfilled.
    Skip,
    /// Cells, but neither an item ID nor a name.
    NoItem,
    /// A report to read.
    Report,
}

/// The month a row reports on, and where that came from.
#[derive(Debug, PartialEq, Eq)]
struct RowPeriod {
    period: Option<Period>,
    source: PeriodSource,
    day: Option<u32>,
}

/// The item a row is about (its position in the edition's index), and notes on how it
/// was identified.
#[derive(Debug)]
struct Identified {
    k: usize,
    notes: Vec<Finding>,
}

/// The item ID in the ID cell.
struct CellId {
    id: Option<crate::plan::ItemId>,
    /// Set when Excel had turned the ID into a date.
    note: Option<Finding>,
}

impl<'a> SheetContext<'a> {
    /// The context for the data rows of `sheet` under `header`.
    pub fn new(
        file: &'a FileContext<'a>,
        sheet_index: usize,
        sheet: &'a RawSheet,
        header: &'a Header,
    ) -> Self {
        // Decided once per column: a cell formatted as % stores 0.8 for 80%.
        let fractions = header.columns.get(&Percent).is_some_and(|&c| {
            column_is_fractions((header.data_start..sheet.rows.len()).map(|r| sheet.cell(r, c)))
        });
        SheetContext {
            file,
            sheet_index,
            sheet,
            header,
            fractions,
            unit: amount_unit(sheet, header),
            named_section: super::owner::named_section(
                super::owner::section_names(file.catalog.index(file.catalog.default_edition)),
                &sheet.name,
                file.display,
            ),
            last_resolved: RefCell::new(None),
        }
    }

    /// Reads row `r` (0-based).
    pub fn row(&self, r: usize) -> RowOutcome {
        match self.kind(r) {
            RowKind::Skip => RowOutcome::Skipped,
            RowKind::NoItem => RowOutcome::Rejected(self.no_item(r)),
            RowKind::Report => self.read_report(r).unwrap_or_else(RowOutcome::Rejected),
        }
    }

    /// The column of `role`, if the header names it.
    fn col(&self, role: ProgressColumn) -> Option<usize> {
        self.header.columns.get(&role).copied()
    }

    /// The cell of `role` in row `row`; empty when the header does not name the role.
    fn value(&self, row: usize, role: ProgressColumn) -> &CellValue {
        self.col(role)
            .map_or(&CellValue::Empty, |c| self.sheet.cell(row, c))
    }

    /// The cell of `role` in row `row` as displayed.
    fn text(&self, row: usize, role: ProgressColumn) -> String {
        self.value(row, role).display()
    }

    fn non_empty_cells(&self, r: usize) -> Vec<&CellValue> {
        let cells = self
            .sheet
            .rows
            .get(r)
            .map(Vec::as_slice)
            .unwrap_or_default();
        cells.iter().filter(|c| !c.is_empty()).collect()
    }

    /// The rejection of row `row`, located at the cell of `role` (or the whole row).
    fn reject(
        &self,
        row: usize,
        role: Option<ProgressColumn>,
        code: FindingCode,
        value: &str,
        message: String,
    ) -> Finding {
        let location = match role.and_then(|r| self.col(r)) {
            Some(c) => self.sheet.address(row, c),
            None => self.sheet.row_location(row),
        };
        Finding::new(
            self.file.display,
            location,
            code,
            format!("{message}。この行は取り込んでいません"),
        )
        .with_value(value)
    }

    /// Whether row `r` is a report, something to skip, or a report naming no item.
    fn kind(&self, r: usize) -> RowKind {
        let non_empty = self.non_empty_cells(r);
        if non_empty.is_empty() {
            return RowKind::Skip;
        }
        if self.text(r, ItemId).is_empty() && self.text(r, ItemName).is_empty() {
            let first = non_empty[0].display();
            let is_note = non_empty.len() == 1
                || first.starts_with(['※', '注', '＊', '*'])
                || first.starts_with("備考");
            let is_header = roles_in_row(self.sheet, r, &self.file.lookups.words).len() >= 2;
            return if is_note || is_header {
                RowKind::Skip
            } else {
                RowKind::NoItem
            };
        }
        let filled = |c: &ProgressColumn| {
            (REPORTED.contains(c) || matches!(c, Rating(_))) && !self.value(r, *c).is_empty()
        };
        if !self.header.columns.keys().any(filled) {
            // A template row (ID and name pre-filled) the section did not fill in.
            return RowKind::Skip;
        }
        RowKind::Report
    }

    /// The rejection of a row with cells but no item ID or name.
    fn no_item(&self, r: usize) -> Finding {
        let cells: Vec<String> = self
            .non_empty_cells(r)
            .iter()
            .map(|c| c.display())
            .collect();
        self.reject(
            r,
            None,
            FindingCode::ProgressNoItem,
            &cells.join(" | "),
            "項目番号も実践項目名も空のため、どの実践項目の報告か分かりません".to_string(),
        )
    }

    /// Reads a row that [`Self::kind`] found to be a report. Notes gathered on the way
    /// are kept only if the row is accepted.
    ///
    /// # Errors
    /// The rejection from the first check that fails.
    fn read_report(&self, r: usize) -> Result<RowOutcome, Finding> {
        // The month decides the edition the row is read against.
        let period = row_period(self.read_date(r)?, self.file.name_period);
        self.check_period(r, &period)?;
        let edition = self.file.catalog.edition_for(period.period);
        let index = self.file.catalog.index(edition);
        let Identified { k, mut notes } = self.identify_item(r, index)?;
        let item = index.item(k);
        self.check_section(r, item)?;
        let status = self.read_status(r)?;
        let percent = self.read_percent(r)?;
        if let Some(why) = status_percent_conflict(status.as_deref(), percent) {
            let location = self.sheet.address(r, self.col(Percent).unwrap_or(0));
            notes.push(
                Finding::new(
                    self.file.display,
                    location,
                    FindingCode::ProgressStatusPercent,
                    why,
                )
                .with_value(self.text(r, Percent)),
            );
        }
        let ratings = self.read_ratings(r, &mut notes);
        let effect_yen = self.read_amount(r)?;
        let text = |c| fold_keep_lines(&self.text(r, c));
        let row = ProgressRow {
            item_id: item.id,
            edition,
            period: period.period,
            period_source: period.source,
            report_day: period.day,
            status,
            status_raw: self.text(r, Status),
            percent,
            ratings,
            effect_yen,
            results: text(Results),
            issues: text(Issues),
            next_steps: text(NextSteps),
            source_file: self.file.display.to_string(),
            source_sheet: self.sheet.name.clone(),
            source_row: r as u32 + 1,
            sender: Sender::default(),
            reported_by: super::owner::not_owner(
                self.named_section.as_deref(),
                !self.text(r, Section).is_empty(),
                item,
            ),
            order: RowOrder {
                file: self.file.file_index,
                sheet: self.sheet_index,
                row: r,
            },
        };
        Ok(RowOutcome::Accepted {
            row: Box::new(row),
            notes,
        })
    }

    /// The date column: `None` when empty.
    ///
    /// # Errors
    /// [`FindingCode::ProgressBadDate`] for a value that is not a date.
    fn read_date(&self, r: usize) -> Result<Option<ReportDate>, Finding> {
        parse_date(self.value(r, Date)).map_err(|NotAValue| {
            self.reject(
                r,
                Some(Date),
                FindingCode::ProgressBadDate,
                &self.text(r, Date),
                format!(
                    "報告日「{}」が日付として読めません（例: 令和6年9月30日、R6.9.30、2024/9/30、2024年9月、2024-09）",
                    self.text(r, Date)
                ),
            )
        })
    }

    /// The row's month must lie in the plausible window of the plan.
    ///
    /// # Errors
    /// [`FindingCode::ProgressImplausibleDate`], located at the date cell (or the row when
    /// the month came from the file name).
    fn check_period(&self, r: usize, period: &RowPeriod) -> Result<(), Finding> {
        let window = self.file.catalog.plausible;
        let Some(p) = period.period.filter(|p| !window.contains(*p)) else {
            return Ok(());
        };
        let (role, value, from) = match period.source {
            PeriodSource::DateColumn => (Some(Date), self.text(r, Date), "報告日"),
            _ => (None, self.file.display.to_string(), "ファイル名"),
        };
        Err(self.reject(
            r,
            role,
            FindingCode::ProgressImplausibleDate,
            &value,
            format!(
                "{from}の月（{}）は計画の期間から見てありえません（{}〜{}の報告だけを取り込みます）。日付を確認してください",
                p.japanese(),
                window.first.japanese(),
                window.last.japanese()
            ),
        ))
    }

    /// The item the row reports on, by ID, by name, or by both when they agree.
    ///
    /// # Errors
    /// An unknown or unreadable ID, an unknown name, or an ID and a name that point at
    /// different items with nothing to tell which was meant.
    fn identify_item(&self, r: usize, index: &ItemIndex) -> Result<Identified, Finding> {
        let id_text = self.text(r, ItemId);
        let name_text = self.text(r, ItemName);
        let CellId { id, note } = self.id_in_cell(r, &id_text);
        let mut notes: Vec<Finding> = note.into_iter().collect();
        let k = match self.item_by_id(r, index, id, &id_text, &name_text)? {
            Some(k) => {
                let checked = self.check_name(r, index, k, &id_text, &name_text)?;
                notes.extend(checked.notes);
                checked.k
            }
            None => self.item_by_name(r, index, &name_text)?,
        };
        Ok(Identified { k, notes })
    }

    /// The item ID in the ID cell, in canonical form (`7-1`).
    fn id_in_cell(&self, r: usize, id_text: &str) -> CellId {
        let cell = self.value(r, ItemId);
        let CellValue::Date(d) = cell else {
            return CellId {
                id: parse_item_id(id_text, self.file.settings.plan.layout.iroha),
                note: None,
            };
        };
        // Excel turns a typed 7-1 into the date 7月1日.
        let id = crate::plan::ItemId::new(d.month(), d.day());
        let note = Finding::new(
            self.file.display,
            self.sheet.address(r, self.col(ItemId).unwrap_or(0)),
            FindingCode::ProgressIdAsDate,
            format!("項目番号が日付（{}）になっていたため、{id} と読みました。セルを文字列にしてください", cell.display()),
        )
        .with_value(cell.display());
        CellId {
            id: Some(id),
            note: Some(note),
        }
    }

    /// The item whose ID the row gives; `None` when it gives none, or one that cannot be
    /// read next to a name (the name then decides).
    ///
    /// # Errors
    /// [`FindingCode::ProgressUnknownItemId`], or [`FindingCode::ProgressBadItemId`] for
    /// an unreadable ID without a name.
    fn item_by_id(
        &self,
        r: usize,
        index: &ItemIndex,
        id: Option<crate::plan::ItemId>,
        id_text: &str,
        name_text: &str,
    ) -> Result<Option<usize>, Finding> {
        match id {
            Some(id) => index.by_id(id).map(Some).ok_or_else(|| {
                self.reject(
                    r,
                    Some(ItemId),
                    FindingCode::ProgressUnknownItemId,
                    id_text,
                    format!(
                        "項目番号「{id_text}」は計画にありません{}",
                        suggest(index, name_text)
                    ),
                )
            }),
            None if !id_text.is_empty() && name_text.is_empty() => Err(self.reject(
                r,
                Some(ItemId),
                FindingCode::ProgressBadItemId,
                id_text,
                format!("項目番号「{id_text}」が読めません（例: 7-1、No.7-1）"),
            )),
            None => Ok(None),
        }
    }

    /// Item `k` found by ID, checked against the name the row gives. When the number and
    /// the name point at different items, a name that is exactly another item's is the
    /// more reliable (numbers shift when a plan is revised); otherwise nobody can tell
    /// which was meant.
    ///
    /// # Errors
    /// [`FindingCode::ProgressIdNameConflict`] when the name is no item's.
    fn check_name(
        &self,
        r: usize,
        index: &ItemIndex,
        k: usize,
        id_text: &str,
        name_text: &str,
    ) -> Result<Identified, Finding> {
        let by_id = index.item(k);
        let differs = !name_text.is_empty() && similarity(name_text, &by_id.name) < 0.5;
        if !differs {
            return Ok(Identified {
                k,
                notes: Vec::new(),
            });
        }
        let Some(by_name) = index.by_name(name_text) else {
            return Err(self.reject(
                r,
                Some(ItemName),
                FindingCode::ProgressIdNameConflict,
                name_text,
                format!(
                    "項目番号 {} の実践項目名は計画では「{}」ですが、「{name_text}」と書かれています。どちらが正しいか確認してください",
                    by_id.id, by_id.name
                ),
            ));
        };
        let note = Finding::new(
            self.file.display,
            self.sheet.address(r, self.col(ItemId).unwrap_or(0)),
            FindingCode::ProgressNameMismatch,
            format!(
                "項目番号 {} は計画では「{}」です。実践項目名「{name_text}」の {} として取り込みました。番号を確認してください",
                by_id.id, by_id.name, index.item(by_name).id
            ),
        )
        .with_value(id_text);
        Ok(Identified {
            k: by_name,
            notes: vec![note],
        })
    }

    /// The item whose name the row gives.
    ///
    /// # Errors
    /// [`FindingCode::ProgressUnknownItem`], with the closest names as suggestions.
    fn item_by_name(&self, r: usize, index: &ItemIndex, name_text: &str) -> Result<usize, Finding> {
        index.by_name(name_text).ok_or_else(|| {
            self.reject(
                r,
                Some(ItemName),
                FindingCode::ProgressUnknownItem,
                name_text,
                format!(
                    "『{name_text}』に一致する実践項目がありません{}",
                    suggest(index, name_text)
                ),
            )
        })
    }

    /// The section, when given, must be one of the item's owners, in any form it is
    /// written (`(総)総務課`, `総務部 総務課`, a code, an alias of the directory).
    ///
    /// # Errors
    /// [`FindingCode::ProgressSectionMismatch`].
    /// The departments a section cell names, resolved once for a run of rows naming the
    /// same.
    fn resolve_section(&self, text: &str) -> Rc<Vec<(DepartmentRef, Resolution)>> {
        let mut last = self.last_resolved.borrow_mut();
        if let Some((cell, resolved)) = last.as_ref()
            && cell == text
        {
            return Rc::clone(resolved);
        }
        let lookups = self.file.lookups;
        let resolved = Rc::new(lookups.sections.resolve_cell(text, &lookups.resolver));
        *last = Some((text.to_string(), Rc::clone(&resolved)));
        resolved
    }

    fn check_section(&self, r: usize, item: &IndexedItem) -> Result<(), Finding> {
        let section_text = self.text(r, Section);
        if section_text.is_empty() || item.all_departments {
            return Ok(());
        }
        let sections = self.file.lookups.sections;
        let resolver = &self.file.lookups.resolver;
        let reported = self.resolve_section(&section_text);
        let agrees = reported.iter().any(|(d, how)| {
            item.owners
                .iter()
                .any(|owner| sections.owns(&owner.id, &owner.section, d, how, resolver))
        });
        if agrees {
            return Ok(());
        }
        let owners: Vec<&str> = item.owners.iter().map(|o| o.id.as_str()).collect();
        Err(self.reject(
            r,
            Some(Section),
            FindingCode::ProgressSectionMismatch,
            &section_text,
            format!(
                "担当部署「{section_text}」は計画の {} の担当（{}）と一致しません",
                item.id,
                owners.join("、")
            ),
        ))
    }

    /// The canonical status; `None` when the cell is empty.
    ///
    /// # Errors
    /// [`FindingCode::ProgressUnknownStatus`] for a status neither defined nor a synonym.
    fn read_status(&self, r: usize) -> Result<Option<String>, Finding> {
        let status_raw = self.text(r, Status);
        if status_raw.is_empty() {
            return Ok(None);
        }
        let vocabulary = &self.file.settings.progress;
        match vocabulary.canonical_status(&status_raw) {
            Some(s) => Ok(Some(s)),
            None => Err(self.reject(
                r,
                Some(Status),
                FindingCode::ProgressUnknownStatus,
                &status_raw,
                format!(
                    "進捗状況「{status_raw}」は定義されていません（定義済み: {}）",
                    vocabulary.statuses.join(", ")
                ),
            )),
        }
    }

    /// The evaluations the row gives, one per scale whose column the header names. A value
    /// not on its scale does not cost the row its status and text: it is kept as written
    /// (no value) with a warning among the notes.
    fn read_ratings(
        &self,
        r: usize,
        notes: &mut Vec<Finding>,
    ) -> BTreeMap<ScaleKey, crate::config::scale::Rating> {
        let mut out = BTreeMap::new();
        for (k, scale) in self.file.settings.progress.scales.iter().enumerate() {
            let Ok(role) = u8::try_from(k).map(Rating) else {
                continue;
            };
            if self.col(role).is_none() {
                continue;
            }
            let raw = self.text(r, role);
            match scale.resolve(&raw) {
                Ok(Some(rating)) => {
                    out.insert(scale.key.clone(), rating);
                }
                Ok(None) => {}
                Err(why) => {
                    notes.push(self.unknown_rating(r, role, scale, &raw, why));
                    let raw = raw.trim().to_string();
                    out.insert(
                        scale.key.clone(),
                        crate::config::scale::Rating { value: None, raw },
                    );
                }
            }
        }
        out
    }

    /// The warning for a rating that is not on its scale; the row is taken without it.
    fn unknown_rating(
        &self,
        r: usize,
        role: ProgressColumn,
        scale: &crate::config::scale::Scale,
        raw: &str,
        why: NotOnScale,
    ) -> Finding {
        let detail = match why {
            NotOnScale::Unknown => "は定義されていません".to_string(),
            NotOnScale::Ambiguous(v) => format!("は {} のどれか決められません", v.join("・")),
        };
        let location = match self.col(role) {
            Some(c) => self.sheet.address(r, c),
            None => self.sheet.row_location(r),
        };
        Finding::new(
            self.file.display,
            location,
            FindingCode::ProgressUnknownRating,
            format!(
                "{}「{raw}」{detail}（定義済み: {}）。進捗状況などは取り込み、{}は空欄としました",
                scale.label,
                scale.described(),
                scale.label
            ),
        )
        .with_value(raw)
    }

    /// The effect amount in yen, in the unit of the column; `None` when the cell is empty.
    ///
    /// # Errors
    /// [`FindingCode::ProgressBadAmount`] for a value that is not an amount.
    fn read_amount(&self, r: usize) -> Result<Option<i64>, Finding> {
        // `None`: not an amount; `Some(None)`: no amount given.
        let amount = match self.value(r, Amount) {
            CellValue::Empty => Some(None),
            CellValue::Number(v) => amount_in_yen(*v, self.unit).map(Some),
            other => parse_amount(&other.display(), self.unit).ok(),
        };
        amount.ok_or_else(|| {
            let raw = self.text(r, Amount);
            self.reject(
                r,
                Some(Amount),
                FindingCode::ProgressBadAmount,
                &raw,
                format!(
                    "効果額「{raw}」が金額として読めません（単位: {}。1,234 や △500 のように数字で書いてください）",
                    self.unit.label()
                ),
            )
        })
    }

    /// The percent, 0..=100; `None` when the cell is empty.
    ///
    /// # Errors
    /// [`FindingCode::ProgressBadPercent`] for a value that is not a number,
    /// [`FindingCode::ProgressPercentRange`] for one outside 0..=100.
    fn read_percent(&self, r: usize) -> Result<Option<f64>, Finding> {
        match parse_percent(self.value(r, Percent), self.fractions) {
            Ok(Some(p)) if !(0.0..=100.0).contains(&p) => Err(self.reject(
                r,
                Some(Percent),
                FindingCode::ProgressPercentRange,
                &self.text(r, Percent),
                format!("進捗率「{}」が 0〜100 の範囲外です", self.text(r, Percent)),
            )),
            Ok(p) => Ok(p),
            Err(NotAValue) => Err(self.reject(
                r,
                Some(Percent),
                FindingCode::ProgressBadPercent,
                &self.text(r, Percent),
                format!("進捗率「{}」が数値として読めません（0〜100 の数値、または 80% のように書いてください）", self.text(r, Percent)),
            )),
        }
    }
}

/// The unit of the amount column: the first unit named in its header cells (from the
/// header row up), else in a 「単位」 note above the data, else yen.
fn amount_unit(sheet: &RawSheet, header: &Header) -> AmountUnit {
    let Some(&col) = header.columns.get(&Amount) else {
        return AmountUnit::Yen;
    };
    let above = 0..header.data_start.min(sheet.rows.len());
    let in_column = above
        .clone()
        .rev()
        .find_map(|r| AmountUnit::in_header(&sheet.cell(r, col).display()));
    in_column
        .or_else(|| {
            above.rev().find_map(|r| {
                sheet.rows[r].iter().find_map(|c| {
                    let t = c.display();
                    if t.contains("単位") {
                        AmountUnit::in_header(&t)
                    } else {
                        None
                    }
                })
            })
        })
        .unwrap_or_default()
}

/// The row's month: the date column first, then the file name; neither leaves it to
/// the run.
fn row_period(date: Option<ReportDate>, name_period: Option<Period>) -> RowPeriod {
    match (date, name_period) {
        (Some(ReportDate { period, day }), _) => RowPeriod {
            period: Some(period),
            source: PeriodSource::DateColumn,
            day,
        },
        (None, Some(p)) => RowPeriod {
            period: Some(p),
            source: PeriodSource::FileName,
            day: None,
        },
        (None, None) => RowPeriod {
            period: None,
            source: PeriodSource::Run,
            day: None,
        },
    }
}

/// `。候補: 7-2 name、…` for the items named most like `name`; empty when there are none.
fn suggest(index: &ItemIndex, name: &str) -> String {
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

/// Free text keeps its characters; line endings become `\n` and the ends are trimmed.
fn fold_keep_lines(s: &str) -> String {
    s.replace("\r\n", "\n")
        .replace('\r', "\n")
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::progress::testing::{sample_editions, sheet, t, ym};

    /// Header: 項目番号 | 実践項目名 | 担当部署 | 進捗状況 | 進捗率 | 報告日 | 取組実績
    fn header() -> Header {
        Header {
            data_start: 1,
            columns: [ItemId, ItemName, Section, Status, Percent, Date, Results]
                .into_iter()
                .enumerate()
                .map(|(c, role)| (role, c))
                .collect(),
        }
    }

    /// Runs `f` on the context of a sheet whose data rows (from row 2) are `rows`, read
    /// from a file whose name names `name_period`.
    fn with_rows<T>(
        rows: Vec<Vec<CellValue>>,
        name_period: Option<Period>,
        f: impl FnOnce(&SheetContext) -> T,
    ) -> T {
        let editions = sample_editions();
        let lineage = crate::revision::Lineage::new(&editions);
        let catalog = Catalog::new(&editions, &lineage, None);
        let settings = Settings::default();
        let sections = crate::sections::Sections::configured(&settings);
        let file = FileContext {
            display: "r.xlsx",
            file_index: 0,
            catalog: &catalog,
            settings: &settings,
            lookups: &crate::progress::ReportLookups::new(&settings, &sections),
            name_period,
        };
        let mut all = vec![
            [
                "項目番号",
                "実践項目名",
                "担当部署",
                "進捗状況",
                "進捗率",
                "報告日",
                "取組実績",
            ]
            .map(t)
            .to_vec(),
        ];
        all.extend(rows);
        let sheet = sheet(all);
        let header = header();
        f(&SheetContext::new(&file, 0, &sheet, &header))
    }

    /// One data row of text cells.
    fn one_row<T>(cells: &[&str], f: impl FnOnce(&SheetContext) -> T) -> T {
        with_rows(vec![cells.iter().map(|s| t(s)).collect()], None, f)
    }

    /// Runs `f` on the context of one data row with only the given role filled in.
    fn cell<T>(role: ProgressColumn, value: CellValue, f: impl FnOnce(&SheetContext) -> T) -> T {
        let mut cells = vec![CellValue::Empty; 7];
        cells[header().columns[&role]] = value;
        with_rows(vec![cells], None, f)
    }

    fn rejected<T: std::fmt::Debug>(r: Result<T, Finding>) -> (FindingCode, String, String) {
        let f = r.expect_err("a rejection");
        assert!(
            f.message.ends_with("この行は取り込んでいません"),
            "{}",
            f.message
        );
        (f.code, f.location, f.value)
    }

    #[test]
    fn kinds_of_rows() {
        let kinds = with_rows(
            [
                &["", "", "", "", "", "", ""][..],
                &["※ 進捗率は概数"],
                &["", "", "", "", "", "", "備考 9月末時点", "x"],
                &["", "", "", "進捗状況", "進捗率"],
                &["7-1", "住民異動等におけるタブレット端末の活用"],
                &["", "", "窓口サービス課", "実施中"],
                &["7-1", "", "", "実施中"],
                &[
                    "",
                    "窓口の混雑状況に関する市民周知",
                    "",
                    "",
                    "",
                    "",
                    "公開した",
                ],
            ]
            .iter()
            .map(|r| r.iter().map(|s| t(s)).collect())
            .collect(),
            None,
            |ctx| (1..=8).map(|r| ctx.kind(r)).collect::<Vec<_>>(),
        );
        use RowKind::*;
        assert_eq!(
            kinds,
            vec![Skip, Skip, Skip, Skip, Skip, NoItem, Report, Report]
        );
    }

    #[test]
    fn a_row_without_item_is_rejected_with_its_cells() {
        let f = one_row(&["", "", "窓口サービス課", "実施中"], |ctx| {
            ctx.no_item(1)
        });
        assert_eq!(f.code, FindingCode::ProgressNoItem);
        assert_eq!(f.location, "報告 2行目");
        assert_eq!(f.value, "窓口サービス課 | 実施中");
    }

    #[test]
    fn status_is_read_canonically() {
        assert_eq!(
            cell(Status, t("検討"), |ctx| ctx.read_status(1)),
            Ok(Some("検討中".to_string()))
        );
        assert_eq!(
            cell(Status, t("完了"), |ctx| ctx.read_status(1)),
            Ok(Some("完了".to_string()))
        );
        assert_eq!(cell(Status, t(""), |ctx| ctx.read_status(1)), Ok(None));
        assert_eq!(
            rejected(cell(Status, t("保留"), |ctx| ctx.read_status(1))),
            (
                FindingCode::ProgressUnknownStatus,
                "報告 2行目 D列".to_string(),
                "保留".to_string()
            )
        );
    }

    #[test]
    fn percent_is_read_in_range_and_fractions_by_column() {
        assert_eq!(
            cell(Percent, t("80%"), |ctx| ctx.read_percent(1)),
            Ok(Some(80.0))
        );
        assert_eq!(cell(Percent, t(""), |ctx| ctx.read_percent(1)), Ok(None));
        // A column of fractions (a cell formatted as %) stores 0.8 for 80%.
        let fractions = with_rows(
            [0.8, 1.0]
                .map(|p| {
                    let mut cells = vec![CellValue::Empty; 7];
                    cells[4] = CellValue::Number(p);
                    cells
                })
                .to_vec(),
            None,
            |ctx| (ctx.fractions, ctx.read_percent(1), ctx.read_percent(2)),
        );
        assert_eq!(fractions, (true, Ok(Some(80.0)), Ok(Some(100.0))));
        assert_eq!(
            rejected(cell(Percent, t("120%"), |ctx| ctx.read_percent(1))),
            (
                FindingCode::ProgressPercentRange,
                "報告 2行目 E列".to_string(),
                "120%".to_string()
            )
        );
        assert_eq!(
            rejected(cell(Percent, t("半分"), |ctx| ctx.read_percent(1))).0,
            FindingCode::ProgressBadPercent
        );
    }

    #[test]
    fn date_is_read_and_decides_the_period_before_the_file_name() {
        let date = cell(Date, t("R6.9.30"), |ctx| ctx.read_date(1)).unwrap();
        assert_eq!(
            date,
            Some(ReportDate {
                period: ym(2024, 9),
                day: Some(30)
            })
        );
        assert_eq!(cell(Date, t(""), |ctx| ctx.read_date(1)), Ok(None));
        assert_eq!(
            rejected(cell(Date, t("9月末"), |ctx| ctx.read_date(1))),
            (
                FindingCode::ProgressBadDate,
                "報告 2行目 F列".to_string(),
                "9月末".to_string()
            )
        );

        let from_date = row_period(date, Some(ym(2024, 8)));
        assert_eq!(
            from_date,
            RowPeriod {
                period: Some(ym(2024, 9)),
                source: PeriodSource::DateColumn,
                day: Some(30)
            }
        );
        let from_name = row_period(None, Some(ym(2024, 8)));
        assert_eq!(
            (from_name.period, from_name.source),
            (Some(ym(2024, 8)), PeriodSource::FileName)
        );
        let from_run = row_period(None, None);
        assert_eq!(
            (from_run.period, from_run.source),
            (None, PeriodSource::Run)
        );
    }

    #[test]
    fn section_must_own_the_item() {
        let check = |id: &str, section: &str| {
            one_row(&[id, "", section], |ctx| {
                let index = ctx.file.catalog.index(0);
                ctx.check_section(1, index.item(index.by_id(id.parse().unwrap()).unwrap()))
            })
        };
        assert_eq!(check("7-1", "(民)窓口サービス課"), Ok(()));
        // Without a bureau mark the section name alone must match.
        assert_eq!(check("7-1", "窓口サービス課"), Ok(()));
        assert_eq!(check("7-1", ""), Ok(()));
        // 11-1 belongs to every section concerned.
        assert_eq!(check("11-1", "(消)総務課"), Ok(()));
        let (code, location, value) = rejected(check("7-1", "(財)納税課"));
        assert_eq!(
            (code, location.as_str(), value.as_str()),
            (
                FindingCode::ProgressSectionMismatch,
                "報告 2行目 C列",
                "(財)納税課"
            )
        );
    }

    /// The item and the codes of the notes for a row of item ID and name cells.
    fn identify(id: CellValue, name: &str) -> Result<(String, Vec<FindingCode>), Finding> {
        with_rows(vec![vec![id, t(name)]], None, |ctx| {
            let index = ctx.file.catalog.index(0);
            ctx.identify_item(1, index).map(|i| {
                (
                    index.item(i.k).id.to_string(),
                    i.notes.iter().map(|n| n.code).collect(),
                )
            })
        })
    }

    #[test]
    fn item_by_id_by_name_or_both() {
        assert_eq!(
            identify(t("No.７－１"), ""),
            Ok(("7-1".to_string(), vec![]))
        );
        assert_eq!(
            identify(t(""), "窓口の混雑状況に関する市民周知"),
            Ok(("7-2".to_string(), vec![]))
        );
        // A name close enough to the numbered item's is taken as written by hand.
        assert_eq!(
            identify(t("7-2"), "窓口の混雑状況の市民周知"),
            Ok(("7-2".to_string(), vec![]))
        );
    }

    #[test]
    fn an_id_excel_turned_into_a_date_is_read_back_with_a_note() {
        let july_first = NaiveDate::from_ymd_opt(2024, 7, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        assert_eq!(
            identify(CellValue::Date(july_first), ""),
            Ok(("7-1".to_string(), vec![FindingCode::ProgressIdAsDate]))
        );
    }

    #[test]
    fn a_stale_id_follows_a_known_name_and_a_conflict_is_rejected() {
        assert_eq!(
            identify(t("7-1"), "窓口の混雑状況に関する市民周知"),
            Ok(("7-2".to_string(), vec![FindingCode::ProgressNameMismatch]))
        );
        let f = identify(t("7-1"), "まったく別の取組").unwrap_err();
        assert_eq!(
            (f.code, f.location.as_str(), f.value.as_str()),
            (
                FindingCode::ProgressIdNameConflict,
                "報告 2行目 B列",
                "まったく別の取組"
            )
        );
        assert!(
            f.message.contains("住民異動等におけるタブレット端末の活用"),
            "{}",
            f.message
        );
    }

    #[test]
    fn unknown_and_unreadable_items_are_rejected_with_suggestions() {
        let f = identify(t("99-1"), "窓口の混雑状況の周知").unwrap_err();
        assert_eq!(
            (f.code, f.location.as_str()),
            (FindingCode::ProgressUnknownItemId, "報告 2行目 A列")
        );
        assert!(
            f.message
                .contains("候補: 7-2 窓口の混雑状況に関する市民周知"),
            "{}",
            f.message
        );
        let f = identify(t("七の一"), "").unwrap_err();
        assert_eq!(
            (f.code, f.value.as_str()),
            (FindingCode::ProgressBadItemId, "七の一")
        );
        // An unreadable ID next to a name: the name decides.
        let f = identify(t("七の一"), "窓口の混雑状況の市民周知").unwrap_err();
        assert_eq!(
            (f.code, f.location.as_str()),
            (FindingCode::ProgressUnknownItem, "報告 2行目 B列")
        );
        assert_eq!(
            identify(t("七の一"), "窓口の混雑状況に関する市民周知"),
            Ok(("7-2".to_string(), vec![]))
        );
    }

    #[test]
    fn an_accepted_row_carries_its_values_and_place() {
        let outcome = with_rows(
            vec![
                ["7-1", "", "", "検討", "50%", "", " 調査した\r\n続けて検討 "]
                    .map(t)
                    .to_vec(),
            ],
            Some(ym(2024, 9)),
            |ctx| ctx.row(1),
        );
        let RowOutcome::Accepted { row, notes } = outcome else {
            panic!("{outcome:?}");
        };
        assert!(notes.is_empty());
        assert_eq!(
            (
                row.item_id.to_string(),
                row.period,
                row.period_source,
                row.status.as_deref(),
                row.status_raw.as_str(),
                row.percent,
                row.results.as_str(),
                row.location(),
                row.order
            ),
            (
                "7-1".to_string(),
                Some(ym(2024, 9)),
                PeriodSource::FileName,
                Some("検討中"),
                "検討",
                Some(50.0),
                "調査した\n続けて検討",
                "報告 2行目".to_string(),
                RowOrder {
                    file: 0,
                    sheet: 0,
                    row: 1
                }
            )
        );
    }
}
