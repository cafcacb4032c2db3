//! The data rows of a plan sheet, below its header: initiative rows (a number and a
//! title, no section and no schedule), item rows, and rows that are neither (blank rows,
//! notes starting with ※, totals, the header repeated for printing).

use std::collections::BTreeMap;

use super::header::{HeaderWords, PlanHeader};
use crate::amount::{amount_in_yen, parse_amount};
use crate::config::PlanColumn;
use crate::diagnostics::{Finding, FindingCode};
use crate::plan::numbering::number_before_title;
use crate::plan::parse_number;
use crate::sheet::{CellValue, RawSheet};
use crate::text::{fold, fold_compact};

/// A row naming an initiative (取組).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct InitiativeRow {
    /// The row number (1-based).
    pub row: usize,
    pub location: String,
    pub number: Option<Vec<u32>>,
    pub title: String,
    pub issues: String,
    pub content: String,
    pub goals: String,
}

/// A row naming a practice item (実践項目), its cells as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ItemRow {
    /// The row number (1-based).
    pub row: usize,
    pub location: String,
    /// The written number's levels (`1-(1)-①` -> 1, 1, 1), when it reads as one.
    pub number: Option<Vec<u32>>,
    /// The initiative column's cell, or the one above it when empty (merged cells).
    pub initiative: String,
    pub name: String,
    pub content: String,
    pub section: String,
    /// Where the section cell is (the row, when the sheet has no section column).
    pub section_location: String,
    pub target: String,
    /// Fiscal year -> the schedule cell, ascending.
    pub schedule: Vec<(i32, String)>,
    /// Fiscal year -> effect target in yen.
    pub effects: BTreeMap<i32, i64>,
}

/// What the rows of a plan file say, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Entry {
    /// A sheet begins: its name (the file's stem for CSV) titles the items of a sheet that
    /// names no initiative.
    Sheet {
        title: String,
        location: String,
    },
    Initiative(InitiativeRow),
    Item(ItemRow),
}

/// Words that mark a row of totals, not an item.
const TOTAL_WORDS: [&str; 4] = ["合計", "計", "小計", "総計"];

/// Reads the rows of `sheet` under `header`. Effect cells that are not amounts become
/// findings; the rest of their row is read.
/// Numbers count katakana in いろは order when `iroha` (`[plan.layout] kana_order`).
pub(super) fn read_rows(
    file: &str,
    sheet: &RawSheet,
    (header, words): (&PlanHeader, &HeaderWords),
    iroha: bool,
    findings: &mut Vec<Finding>,
) -> Vec<Entry> {
    let reader = RowReader {
        file,
        sheet,
        header,
        words,
        iroha,
    };
    let mut out = Vec::new();
    let mut initiative = String::new();
    for r in header.data_start..sheet.rows.len() {
        if reader.skipped(r) {
            continue;
        }
        let cell = reader.text(r, PlanColumn::Initiative);
        if !cell.is_empty() {
            initiative = one_line(&cell);
        }
        if reader.is_initiative_row(r) {
            if let Some(row) = reader.initiative_row(r) {
                out.push(Entry::Initiative(row));
            }
        } else {
            out.push(Entry::Item(reader.item_row(r, &initiative, findings)));
        }
    }
    out
}

struct RowReader<'a> {
    file: &'a str,
    sheet: &'a RawSheet,
    header: &'a PlanHeader,
    words: &'a HeaderWords,
    /// Katakana numbers in いろは order.
    iroha: bool,
}

impl RowReader<'_> {
    fn col(&self, role: PlanColumn) -> Option<usize> {
        self.header.fields.get(&role).copied()
    }

    /// The cell of a role's column as text (trimmed); empty without the column.
    fn text(&self, r: usize, role: PlanColumn) -> String {
        self.col(role)
            .map(|c| self.sheet.cell(r, c).display())
            .unwrap_or_default()
    }

    /// The owners as one 担当部署 cell: the owners' column's, then the 関係課 column's
    /// (co-owners, each on a line of its own; a 「－」 or 「なし」 names none, as in any
    /// 担当部署 cell: `sections::parse_departments`).
    fn owners(&self, r: usize) -> String {
        let mut owners = self.main_owners(r);
        for line in self.text(r, PlanColumn::Related).lines().map(str::trim) {
            if line.is_empty() {
                continue;
            }
            if !owners.is_empty() {
                owners.push('\n');
            }
            owners.push_str(line);
        }
        owners
    }

    /// The owners' cell; with a 担当部局 column beside it, each section under its bureau
    /// (「企画部」 and 「企画政策課⏎財政課」: 「企画部 企画政策課⏎企画部 財政課」).
    fn main_owners(&self, r: usize) -> String {
        let sections = self.text(r, PlanColumn::Section);
        let bureau = one_line(&self.text(r, PlanColumn::Bureau));
        if bureau.is_empty() || sections.is_empty() {
            return if sections.is_empty() {
                bureau
            } else {
                sections
            };
        }
        sections
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| match l.starts_with(bureau.as_str()) {
                true => l.to_string(),
                false => format!("{bureau} {l}"),
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The number cell: text as written, or `7-1` for a date Excel made of it.
    fn number_text(&self, r: usize) -> String {
        match self.col(PlanColumn::Number).map(|c| self.sheet.cell(r, c)) {
            Some(CellValue::Date(d)) => {
                use chrono::Datelike;
                format!("{}-{}", d.month(), d.day())
            }
            Some(cell) => cell.display(),
            None => String::new(),
        }
    }

    /// Blank rows, notes (※, 注）), totals and a repeated header (its name cell a header
    /// word) are no part of the plan.
    fn skipped(&self, r: usize) -> bool {
        let Some(cells) = self.sheet.rows.get(r) else {
            return true;
        };
        let Some(first) = cells.iter().find(|c| !c.is_empty()) else {
            return true;
        };
        let first = fold(&first.display());
        let note = first.strip_prefix('注').is_some_and(|rest| {
            rest.starts_with(|c: char| c.is_ascii_digit() || matches!(c, ')' | ':' | ' '))
        });
        if note
            || first.starts_with(['※', '*'])
            || first.starts_with("(注")
            || first.starts_with("凡例")
        {
            return true;
        }
        let is_total = [
            PlanColumn::Number,
            PlanColumn::ItemName,
            PlanColumn::Initiative,
        ]
        .into_iter()
        .any(|role| TOTAL_WORDS.contains(&fold_compact(&self.text(r, role)).as_str()));
        let repeated_header = self
            .col(PlanColumn::ItemName)
            .is_some_and(|c| self.words.role(self.sheet.cell(r, c)).is_some());
        is_total || repeated_header
    }

    /// A row with no section and nothing in the schedule names an initiative; in a sheet
    /// with neither column, every row is an item.
    fn is_initiative_row(&self, r: usize) -> bool {
        let can_tell = self.col(PlanColumn::Section).is_some() || !self.header.schedule.is_empty();
        can_tell
            && self.owners(r).is_empty()
            && self
                .header
                .schedule
                .values()
                .all(|&c| self.sheet.cell(r, c).is_empty())
    }

    fn initiative_row(&self, r: usize) -> Option<InitiativeRow> {
        let number_text = self.number_text(r);
        let mut title = [PlanColumn::Initiative, PlanColumn::ItemName]
            .into_iter()
            .map(|role| one_line(&self.text(r, role)))
            .find(|t| !t.is_empty())
            .or_else(|| self.first_other_text(r))
            .unwrap_or_default();
        let mut number = parse_number(&number_text, self.iroha);
        if number.is_none() {
            // A number and a title in one cell, in the number column or the title's.
            let whole = if number_text.is_empty() {
                title.clone()
            } else {
                one_line(&number_text)
            };
            if let Some((n, rest)) = leading_number(&whole, self.iroha) {
                number = Some(n);
                if number_text.is_empty() || title.is_empty() {
                    title = rest;
                }
            } else if title.is_empty() {
                title = whole;
            }
        }
        if number.is_none() && title.is_empty() {
            return None;
        }
        Some(InitiativeRow {
            row: r + 1,
            location: self.sheet.row_location(r),
            number,
            title,
            issues: self.text(r, PlanColumn::Issues),
            content: self.text(r, PlanColumn::Content),
            goals: self.text(r, PlanColumn::Goals),
        })
    }

    /// The first text on the row outside the number and prose columns: a title written
    /// across merged cells.
    fn first_other_text(&self, r: usize) -> Option<String> {
        let skip: Vec<usize> = [
            PlanColumn::Number,
            PlanColumn::Content,
            PlanColumn::Issues,
            PlanColumn::Goals,
        ]
        .into_iter()
        .filter_map(|role| self.col(role))
        .collect();
        self.sheet
            .rows
            .get(r)?
            .iter()
            .enumerate()
            .find_map(|(c, cell)| {
                (!skip.contains(&c) && !cell.is_empty()).then(|| one_line(&cell.display()))
            })
    }

    fn item_row(&self, r: usize, initiative: &str, findings: &mut Vec<Finding>) -> ItemRow {
        let number_text = self.number_text(r);
        let schedule = self
            .header
            .schedule
            .iter()
            .map(|(&fy, &c)| (fy, self.sheet.cell(r, c).display()))
            .collect();
        ItemRow {
            row: r + 1,
            location: self.sheet.row_location(r),
            number: parse_number(&number_text, self.iroha),
            initiative: initiative.to_string(),
            name: one_line(&self.text(r, PlanColumn::ItemName)),
            content: self.text(r, PlanColumn::Content),
            section: self.owners(r),
            section_location: self
                .col(PlanColumn::Section)
                .map_or_else(|| self.sheet.row_location(r), |c| self.sheet.address(r, c)),
            target: self.text(r, PlanColumn::Target),
            schedule,
            effects: self.effects(r, findings),
        }
    }

    /// The row's effect targets in yen; a cell that is no amount is reported and left out.
    fn effects(&self, r: usize, findings: &mut Vec<Finding>) -> BTreeMap<i32, i64> {
        let mut out = BTreeMap::new();
        for e in &self.header.effects {
            let cell = self.sheet.cell(r, e.col);
            // `None`: not an amount.
            let read = match cell {
                CellValue::Number(n) => amount_in_yen(*n, e.unit),
                other => match parse_amount(&other.display(), e.unit) {
                    Ok(None) => continue,
                    Ok(Some(v)) => Some(v),
                    Err(_) => None,
                },
            };
            match read {
                Some(yen) => {
                    out.insert(e.year, yen);
                }
                None => findings.push(
                    Finding::new(
                        self.file,
                        self.sheet.address(r, e.col),
                        FindingCode::PlanBadAmount,
                        format!(
                            "{}の効果額「{}」は金額（{}）として読めません。このセルは取り込んでいません",
                            crate::wareki::fiscal_year_long(e.year),
                            cell.display(),
                            e.unit.label()
                        ),
                    )
                    .with_value(cell.display()),
                ),
            }
        }
        out
    }
}

/// A cell's lines joined: names and titles wrap inside their cells.
fn one_line(s: &str) -> String {
    s.lines().map(str::trim).collect::<String>()
}

/// A number written before a title in one cell: `No.7 窓口の…`, `1-(1) 窓口の…`,
/// `【3】窓口の…` (as plan text reads them); a title opening with a word (`ICT の活用`)
/// keeps it.
fn leading_number(title: &str, iroha: bool) -> Option<(Vec<u32>, String)> {
    match number_before_title(title, iroha) {
        (Some(number), rest) => Some((number, rest)),
        (None, _) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leading_number_of(title: &str) -> Option<(Vec<u32>, String)> {
        leading_number(title, false)
    }

    #[test]
    fn numbers_before_titles() {
        assert_eq!(
            leading_number_of("No.7 窓口の利便性向上"),
            Some((vec![7], "窓口の利便性向上".to_string()))
        );
        assert_eq!(
            leading_number_of("1-(1)　窓口の利便性向上"),
            Some((vec![1, 1], "窓口の利便性向上".to_string()))
        );
        assert_eq!(
            leading_number_of("【3】窓口"),
            Some((vec![3], "窓口".to_string()))
        );
        assert_eq!(leading_number_of("ICT の活用"), None);
        assert_eq!(leading_number_of("窓口の利便性向上"), None);
        assert_eq!(one_line("窓口の\n利便性向上 "), "窓口の利便性向上");
    }
}
