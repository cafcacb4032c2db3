//! A report taken from the store of parsed reports is checked as the reader checks a
//! file: a hand-edited or damaged entry could otherwise name an edition or item the plan
//! does not have, a month that does not exist, or a status the settings do not define,
//! and change every workbook without a finding. [`vet_cached`] holds such an entry to
//! the reader's rules; one that breaks any is read anew from the file.

use thiserror::Error;

use super::{Catalog, FileReport, PeriodSource, ProgressRow};
use crate::config::Settings;

/// Why a stored report is not taken.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Unfit {
    #[error("stored for another file ({0})")]
    OtherFile(String),
    #[error("its rows do not add up (read {read}, accepted {accepted}, rows {rows})")]
    Unbalanced {
        read: usize,
        accepted: usize,
        rows: usize,
    },
    #[error("row {row}: {why}")]
    Row { row: usize, why: RowUnfit },
}

/// What is wrong with one stored row.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RowUnfit {
    #[error("edition {0} is not the one in force for its month")]
    Edition(usize),
    #[error("item {0} is not in its edition")]
    Item(String),
    #[error("month {0} is outside the months a report can be about")]
    Month(String),
    #[error("the month and where it came from disagree")]
    MonthSource,
    #[error("day {0} of a month")]
    Day(u32),
    #[error("status {0:?} is not what the settings make of what was written")]
    Status(Option<String>),
    #[error("percent outside 0..=100")]
    Percent,
    #[error("rating on scale {0} is not what the scale makes of what was written")]
    Rating(String),
    #[error("a text longer than a cell holds")]
    TooLong,
}

/// Checks a stored report of file `display` against the catalog and settings the run
/// reads with: the rules the reader applies to a row it accepts.
///
/// # Errors
/// [`Unfit`]: the first rule the stored report breaks.
pub fn vet_cached(
    report: &FileReport,
    display: &str,
    catalog: &Catalog,
    settings: &Settings,
) -> Result<(), Unfit> {
    let a = &report.account;
    if a.file != display {
        return Err(Unfit::OtherFile(a.file.clone()));
    }
    if let Some(f) = report.findings.iter().find(|f| f.file != display) {
        return Err(Unfit::OtherFile(f.file.clone()));
    }
    if !a.balanced() || a.accepted != report.records.len() || a.superseded != 0 {
        return Err(Unfit::Unbalanced {
            read: a.rows_read,
            accepted: a.accepted,
            rows: report.records.len(),
        });
    }
    for (k, row) in report.records.iter().enumerate() {
        if row.source_file != display {
            return Err(Unfit::OtherFile(row.source_file.clone()));
        }
        vet_row(row, catalog, settings).map_err(|why| Unfit::Row { row: k, why })?;
    }
    Ok(())
}

/// One row against the reader's rules.
fn vet_row(row: &ProgressRow, catalog: &Catalog, settings: &Settings) -> Result<(), RowUnfit> {
    match (row.period, row.period_source) {
        (None, PeriodSource::Run)
        | (Some(_), PeriodSource::DateColumn | PeriodSource::FileName) => {}
        _ => return Err(RowUnfit::MonthSource),
    }
    if let Some(p) = row.period.filter(|p| !catalog.plausible.contains(*p)) {
        return Err(RowUnfit::Month(p.to_string()));
    }
    if row.edition != catalog.edition_for(row.period) {
        return Err(RowUnfit::Edition(row.edition));
    }
    if catalog.index(row.edition).by_id(row.item_id).is_none() {
        return Err(RowUnfit::Item(row.item_id.to_string()));
    }
    if let Some(d) = row.report_day.filter(|d| !(1..=31).contains(d)) {
        return Err(RowUnfit::Day(d));
    }
    vet_values(row, settings)
}

/// The row's status, percent, ratings and texts against the settings.
fn vet_values(row: &ProgressRow, settings: &Settings) -> Result<(), RowUnfit> {
    let vocabulary = &settings.progress;
    let status = if row.status_raw.is_empty() {
        None
    } else {
        vocabulary.canonical_status(&row.status_raw)
    };
    if status.is_none() != row.status_raw.is_empty() || status != row.status {
        return Err(RowUnfit::Status(row.status.clone()));
    }
    if row.percent.is_some_and(|p| !(0.0..=100.0).contains(&p)) {
        return Err(RowUnfit::Percent);
    }
    for (key, rating) in &row.ratings {
        let resolved = vocabulary
            .scale(key.as_str())
            .and_then(|s| s.resolve(&rating.raw).ok().flatten());
        if resolved.as_ref() != Some(rating) {
            return Err(RowUnfit::Rating(key.to_string()));
        }
    }
    let max = settings.limits.max_cell_chars;
    let texts = [&row.status_raw, &row.results, &row.issues, &row.next_steps];
    if texts.iter().any(|t| t.chars().count() > max) {
        return Err(RowUnfit::TooLong);
    }
    Ok(())
}
