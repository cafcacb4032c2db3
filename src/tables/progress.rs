//! The `progress` table: the settled progress records.

use polars::prelude::DataFrame;

use super::TableError;
use super::frame::Frame;
use crate::config::scale::Scale;
use crate::progress::ProgressRecord;

/// `progress`: one row per settled record; `period` is empty for a record without a month.
/// Each scale (評価, 達成度, …) gives two columns: `<key>` (the value on the scale, null
/// when the report gives none) and `<key>_raw` (as written); `effect_yen` is the effect
/// amount in yen.
///
/// # Errors
/// Only on an internal inconsistency.
pub fn progress(records: &[ProgressRecord], scales: &[Scale]) -> Result<DataFrame, TableError> {
    let mut frame = Frame::of(records)
        .col("item_id", |r| r.item_id.to_string())
        .col("period", |r| r.period.to_string())
        .col("status", |r| r.status.clone())
        .col("status_raw", |r| r.status_raw.as_str())
        .col("percent", |r| r.percent);
    for scale in scales {
        let key = &scale.key;
        frame = frame
            .col(key.as_str(), |r| {
                r.rating(key).and_then(|g| g.value.clone())
            })
            .col(&format!("{key}_raw"), |r| {
                r.rating(key).map(|g| g.raw.clone())
            });
    }
    frame
        .col("effect_yen", |r| r.effect_yen)
        .col("results", |r| r.results.as_str())
        .col("issues", |r| r.issues.as_str())
        .col("next_steps", |r| r.next_steps.as_str())
        .col("reporter", |r| r.sender.writer.as_str())
        .col("contact", |r| r.sender.contact.as_str())
        .col("reported_by", |r| r.reported_by.clone())
        .col("set_aside", |r| r.set_aside)
        .col("source_file", |r| r.source_file.as_str())
        .col("source_sheet", |r| r.source_sheet.as_str())
        .col("source_row", |r| r.source_row)
        .finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fixed_columns_are_those_scale_keys_must_keep_clear_of() {
        let df = progress(&[], &[]).unwrap();
        let names: Vec<&str> = df.get_column_names().iter().map(|n| n.as_str()).collect();
        assert_eq!(names, crate::config::scale::PROGRESS_FIXED_COLUMNS);
    }
}
