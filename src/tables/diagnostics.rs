//! The `diagnostics` table: every finding of the run.

use polars::prelude::DataFrame;

use super::TableError;
use super::frame::Frame;
use crate::diagnostics::Finding;

/// The `diagnostics` table.
///
/// # Errors
/// Only on an internal inconsistency.
pub fn diagnostics_frame(findings: &[Finding]) -> Result<DataFrame, TableError> {
    Frame::of(findings)
        .col("severity", |f| f.severity.label())
        .col("file", |f| f.file.as_str())
        .col("location", |f| f.location.as_str())
        .col("code", |f| f.code.as_str())
        .col("value", |f| f.value.as_str())
        .col("message", |f| f.message.as_str())
        .finish()
}
