//! The `progress` table: the settled progress records.

use polars::prelude::DataFrame;

use super::TableError;
use super::frame::Frame;
use crate::progress::ProgressRecord;

/// `progress`: one row per settled record; `period` is empty for a record without a month.
///
/// # Errors
/// Only on an internal inconsistency.
pub fn progress(records: &[ProgressRecord]) -> Result<DataFrame, TableError> {
    Frame::of(records)
        .col("item_id", |r| r.item_id.to_string())
        .col("period", |r| r.period.to_string())
        .col("status", |r| r.status.clone())
        .col("status_raw", |r| r.status_raw.as_str())
        .col("percent", |r| r.percent)
        .col("grade", |r| r.grade.as_str())
        .col("results", |r| r.results.as_str())
        .col("issues", |r| r.issues.as_str())
        .col("next_steps", |r| r.next_steps.as_str())
        .col("source_file", |r| r.source_file.as_str())
        .col("source_sheet", |r| r.source_sheet.as_str())
        .col("source_row", |r| r.source_row)
        .finish()
}
