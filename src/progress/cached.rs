//! A report taken from the store of parsed reports is checked as the reader checks a
//! file: a hand-edited or damaged entry could otherwise name an edition or item the plan
//! does not have, a month that does not exist, or a status the settings do not define,
//! and change every workbook without a finding. [`vet_cached`] holds such an entry to
//! the reader's rules; one that breaks any is read anew from the file.

use thiserror::Error;

use std::path::Path;

use super::values::status_percent_conflict;
use super::{Catalog, FileReport, PeriodSource, ProgressRow};
use crate::amount::yen_within_limit;
use crate::config::Settings;
use crate::diagnostics::FindingCode;
use crate::files::extension;
use crate::wareki::{Period, period_in_name};

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
    #[error("{conflicts} rows whose status and percent disagree, {noted} notes of it")]
    StatusPercent { conflicts: usize, noted: usize },
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
    #[error("month {0} is not the one the file name gives")]
    NameMonth(String),
    #[error("row {row} of sheet {sheet} out of place (rows come in sheet and row order)")]
    Place { sheet: usize, row: usize },
    #[error("sheet {0:?} cannot be a sheet of this file")]
    Sheet(String),
    #[error("a text the reader would have trimmed or given other line breaks")]
    Untrimmed,
    #[error("an effect amount past what the reader takes")]
    Amount,
    #[error(
        "the section named as the sender ({0}) is not one the file's names give for another's item"
    )]
    Sender(String),
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
    let conflicts = report
        .records
        .iter()
        .filter(|r| status_percent_conflict(r.status.as_deref(), r.percent).is_some())
        .count();
    let noted = report
        .findings
        .iter()
        .filter(|f| f.code == FindingCode::ProgressStatusPercent)
        .count();
    if conflicts != noted {
        return Err(Unfit::StatusPercent { conflicts, noted });
    }
    if !a.balanced() || a.accepted != report.records.len() || a.superseded != 0 {
        return Err(Unfit::Unbalanced {
            read: a.rows_read,
            accepted: a.accepted,
            rows: report.records.len(),
        });
    }
    let file = FileFacts::of(display, catalog);
    let mut last: Option<(usize, usize)> = None;
    for (k, row) in report.records.iter().enumerate() {
        if row.source_file != display {
            return Err(Unfit::OtherFile(row.source_file.clone()));
        }
        let at = (row.order.sheet, row.order.row);
        let fail = |why| Unfit::Row { row: k, why };
        if last.is_some_and(|l| l >= at) {
            return Err(fail(RowUnfit::Place {
                sheet: at.0,
                row: at.1,
            }));
        }
        last = Some(at);
        vet_origin(row, &file, settings).map_err(fail)?;
        vet_row(row, catalog, settings).map_err(fail)?;
        vet_sender(row, &file, catalog).map_err(fail)?;
    }
    Ok(())
}

/// What the reader knows of a file from its name alone.
struct FileFacts<'a> {
    display: &'a str,
    /// A CSV file: one table, no sheet name.
    csv: bool,
    /// The month the file name gives, which a row without a date takes.
    name_period: Option<Period>,
    /// The plan's section names, which the reader looks for in sheet and file names.
    sections: &'a super::section_names::SectionNames,
}

impl<'a> FileFacts<'a> {
    fn of(display: &'a str, catalog: &'a Catalog) -> FileFacts<'a> {
        let path = Path::new(display);
        FileFacts {
            display,
            csv: extension(path) == "csv",
            name_period: path
                .file_name()
                .and_then(|n| period_in_name(&n.to_string_lossy())),
            sections: super::owner::section_names(catalog.index(catalog.default_edition)),
        }
    }
}

/// The section a row names as its sender (another section's item, reported by the
/// section its sheet's or file's name names): the reader gives only the section those
/// names name, and only for an item of other sections.
fn vet_sender(row: &ProgressRow, file: &FileFacts, catalog: &Catalog) -> Result<(), RowUnfit> {
    let Some(sender) = &row.reported_by else {
        return Ok(());
    };
    let named = super::owner::named_section(file.sections, &row.source_sheet, file.display);
    let index = catalog.index(row.edition);
    let owns = index.by_id(row.item_id).is_none_or(|k| {
        let item = index.item(k);
        item.all_departments || item.owners.iter().any(|o| &o.section == sender)
    });
    if named.as_ref() != Some(sender) || owns {
        return Err(RowUnfit::Sender(sender.clone()));
    }
    Ok(())
}

/// Where the row came from and how its month was found, against what the file's name
/// gives: the reader takes a row's month from its date, else from the file name, else
/// from the run; numbers its rows from 1 (its sheet's row index plus one); gives the rows
/// of a CSV file no sheet and cuts a workbook's sheet names to Excel's 31 characters.
fn vet_origin(row: &ProgressRow, file: &FileFacts, settings: &Settings) -> Result<(), RowUnfit> {
    const SHEET_NAME_CHARS: usize = 31;
    let expected = match row.period_source {
        PeriodSource::DateColumn => row.period,
        PeriodSource::FileName | PeriodSource::Run => file.name_period,
    };
    if row.period != expected {
        return Err(RowUnfit::NameMonth(
            row.period.map(|p| p.to_string()).unwrap_or_default(),
        ));
    }
    if row.report_day.is_some() && row.period_source != PeriodSource::DateColumn {
        return Err(RowUnfit::MonthSource);
    }
    let place = RowUnfit::Place {
        sheet: row.order.sheet,
        row: row.order.row,
    };
    if row.source_row as usize != row.order.row + 1 || row.order.row >= settings.limits.max_rows {
        return Err(place);
    }
    let sheet_fits = if file.csv {
        row.source_sheet.is_empty() && row.order.sheet == 0
    } else {
        row.source_sheet.chars().count() <= SHEET_NAME_CHARS
    };
    if !sheet_fits {
        return Err(RowUnfit::Sheet(row.source_sheet.clone()));
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
    if let Some(d) = row.report_day.filter(|d| !day_in_month(*d, row.period)) {
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
    if row.effect_yen.is_some_and(|y| !yen_within_limit(y)) {
        return Err(RowUnfit::Amount);
    }
    let max = settings.limits.max_cell_chars;
    let texts = [&row.status_raw, &row.results, &row.issues, &row.next_steps];
    if texts.iter().any(|t| t.chars().count() > max) {
        return Err(RowUnfit::TooLong);
    }
    // The status is a cell's trimmed text; the free texts have their line breaks made
    // `\n` and are trimmed.
    let kept_lines = |t: &String| !t.contains('\r') && t.trim() == t.as_str();
    if row.status_raw.trim() != row.status_raw
        || ![&row.results, &row.issues, &row.next_steps]
            .into_iter()
            .all(kept_lines)
    {
        return Err(RowUnfit::Untrimmed);
    }
    Ok(())
}

/// Whether `day` is a day of the month `period` (any month's when there is none).
fn day_in_month(day: u32, period: Option<Period>) -> bool {
    let last = period
        .and_then(|p| chrono::NaiveDate::from_ymd_opt(p.year, p.month, 1))
        .and_then(|first| first.checked_add_months(chrono::Months::new(1)))
        .and_then(|next| next.pred_opt())
        .map_or(31, |d| chrono::Datelike::day(&d));
    (1..=last).contains(&day)
}
