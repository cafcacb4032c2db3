//! The two shapes of a report row: [`ProgressRow`] as a file yields it, and
//! [`ProgressRecord`] once settling (the stage after reading, which builds on these
//! types) has given it a month and carried it to the edition in force for the run.

use std::collections::BTreeMap;

use super::sender::Sender;
use crate::config::scale::{Rating, ScaleKey};
use crate::plan::ItemId;
use crate::wareki::Period;

/// Where a row's period came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum PeriodSource {
    /// The row's own date column.
    DateColumn,
    /// The file name (`…_2024-09.csv`).
    FileName,
    /// Neither: the run's period, given when settling.
    Run,
}

/// Where a row stands among all rows read: later files, sheets and rows win when two
/// reports name the same item and month.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct RowOrder {
    /// Index of the file in file-name order. Compared first.
    pub file: usize,
    /// Index of the sheet in its workbook.
    pub sheet: usize,
    /// 0-based row index in the sheet.
    pub row: usize,
}

/// One accepted report row as read from its file, before settling.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ProgressRow {
    /// The item's ID in the edition the row was read against ([`Self::edition`]).
    pub item_id: ItemId,
    /// Index of the plan edition the row was matched in: the edition in force for the
    /// row's month, or the catalog's default edition when the row names no month.
    pub edition: usize,
    /// The month from the date column or the file name; `None` when neither names one
    /// (settling gives such rows the run's period).
    pub period: Option<Period>,
    pub period_source: PeriodSource,
    /// Day of the month, when the date column gives one.
    pub report_day: Option<u32>,
    /// Canonical status; `None` when the row gives none.
    pub status: Option<String>,
    /// The status as written.
    pub status_raw: String,
    /// Percent done, 0..=100 (stored by its bits, so that it comes back exactly).
    #[serde(with = "percent_bits")]
    pub percent: Option<f64>,
    /// The evaluations the row gives (評価, 達成度, …), by scale; a scale left blank has
    /// no entry.
    pub ratings: BTreeMap<ScaleKey, Rating>,
    /// The effect amount (効果額) in yen: the fiscal year's figure to date as the section
    /// reports it.
    pub effect_yen: Option<i64>,
    /// What was done (free text, line breaks kept).
    pub results: String,
    /// What stands in the way.
    pub issues: String,
    /// What comes next.
    pub next_steps: String,
    /// File name as the clerk knows it (relative to the input folder).
    pub source_file: String,
    /// Empty for CSV.
    pub source_sheet: String,
    /// 1-based row (line for CSV).
    pub source_row: u32,
    /// Who sent the report, as the cells above the sheet's header say.
    pub sender: Sender,
    /// The section the file's or sheet's name names, when it does not own the item:
    /// another section's report, which never replaces the owner's.
    #[serde(default)]
    pub reported_by: Option<String>,
    /// Later wins when settling.
    pub order: RowOrder,
}

impl ProgressRow {
    /// Where the row stands in its file: `Sheet 5行目`, or `5行目` for CSV.
    pub fn location(&self) -> String {
        source_location(&self.source_sheet, self.source_row)
    }

    /// The settled record of this row: `item_id` is the item's ID in the edition in force
    /// for the run, `period` the row's own month or the run's.
    pub(super) fn into_record(self, item_id: ItemId, period: Period) -> ProgressRecord {
        ProgressRecord {
            item_id,
            period,
            period_source: self.period_source,
            report_day: self.report_day,
            status: self.status,
            status_raw: self.status_raw,
            percent: self.percent,
            ratings: self.ratings,
            effect_yen: self.effect_yen,
            results: self.results,
            issues: self.issues,
            next_steps: self.next_steps,
            source_file: self.source_file,
            source_sheet: self.source_sheet,
            source_row: self.source_row,
            sender: self.sender,
            reported_by: self.reported_by,
            set_aside: false,
        }
    }
}

/// One settled report: the latest report for its item and month, the item named by its
/// ID in the edition in force for the run.
#[derive(Debug, Clone, PartialEq)]
pub struct ProgressRecord {
    /// The item's ID in the edition in force for the run's period.
    pub item_id: ItemId,
    /// The month the report is for.
    pub period: Period,
    pub period_source: PeriodSource,
    /// Day of the month, when the date column gives one.
    pub report_day: Option<u32>,
    /// Canonical status; `None` when the report gives none.
    pub status: Option<String>,
    /// The status as written.
    pub status_raw: String,
    /// Percent done, 0..=100.
    pub percent: Option<f64>,
    /// The evaluations the report gives, by scale.
    pub ratings: BTreeMap<ScaleKey, Rating>,
    /// The effect amount (効果額) in yen.
    pub effect_yen: Option<i64>,
    /// What was done (free text, line breaks kept).
    pub results: String,
    /// What stands in the way.
    pub issues: String,
    /// What comes next.
    pub next_steps: String,
    /// File name as the clerk knows it (relative to the input folder).
    pub source_file: String,
    /// Empty for CSV.
    pub source_sheet: String,
    /// 1-based row (line for CSV).
    pub source_row: u32,
    /// Who sent the report (記入者・連絡先・報告日 above the sheet's header).
    pub sender: Sender,
    /// Set when the report came from a section that does not own the item
    /// ([`ProgressRow::reported_by`]).
    pub reported_by: Option<String>,
    /// Another section's report set aside for the owner's (kept in the tables only).
    pub set_aside: bool,
}

impl ProgressRecord {
    /// The evaluation on scale `key`, if the report gives one.
    pub fn rating(&self, key: &ScaleKey) -> Option<&Rating> {
        self.ratings.get(key)
    }

    /// The grade (評価) as written; empty when the report gives none.
    pub fn grade_text(&self) -> &str {
        self.ratings
            .get(&ScaleKey::new(ScaleKey::GRADE))
            .map_or("", |r| r.raw.as_str())
    }

    /// Where the row stands in its file: `Sheet 5行目`, or `5行目` for CSV.
    pub fn location(&self) -> String {
        source_location(&self.source_sheet, self.source_row)
    }
}

/// Where a report row stands, worded as every location ([`crate::diagnostics::row_location`]).
fn source_location(sheet: &str, row: u32) -> String {
    crate::diagnostics::row_location(sheet, row as usize)
}

/// `Option<f64>` as the float's bits: JSON numbers are not read back to the same float in
/// every case, and the cache of parsed reports must give back exactly what was read.
mod percent_bits {
    use serde::{Deserialize, Deserializer, Serializer};

    #[allow(clippy::ref_option, reason = "the signature serde's `with` expects")]
    pub fn serialize<S: Serializer>(value: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => s.serialize_some(&v.to_bits()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
        Ok(Option::<u64>::deserialize(d)?.map(f64::from_bits))
    }
}
