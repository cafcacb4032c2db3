//! The tables of the plan's editions: `revisions` and `plan_changes`.

use polars::prelude::DataFrame;

use super::TableError;
use super::frame::Frame;
use crate::plan::ItemId;
use crate::plan::edition::Edition;
use crate::revision::Change;

/// `revisions`: one row per edition, oldest first; `in_force` marks the edition at
/// index `target`.
///
/// # Errors
/// Only on an internal inconsistency.
pub fn revisions(editions: &[Edition], target: usize) -> Result<DataFrame, TableError> {
    // Indexed rows, since `in_force` depends on the position.
    let rows: Vec<(usize, &Edition)> = editions.iter().enumerate().collect();
    Frame::of(&rows)
        .col("edition", |(_, e)| e.label())
        .col("date", |(_, e)| e.date.map(|d| d.to_string()))
        .col("files", |(_, e)| e.plan.files.join(";"))
        .col("initiatives", |(_, e)| e.plan.initiatives.len() as u32)
        .col("items", |(_, e)| e.plan.item_count() as u32)
        .col("departments", |(_, e)| e.plan.departments.len() as u32)
        .col("in_force", |(k, _)| *k == target)
        .finish()
}

/// `plan_changes`: every change between consecutive editions.
///
/// # Errors
/// Only on an internal inconsistency.
pub fn plan_changes(changes: &[Change]) -> Result<DataFrame, TableError> {
    Frame::of(changes)
        .col("from_edition", |c| c.from_edition.as_str())
        .col("to_edition", |c| c.to_edition.as_str())
        .col("item_id_old", |c| id_text(c.item_id_old))
        .col("item_id_new", |c| id_text(c.item_id_new))
        .col("change", |c| c.change.code())
        .col("detail", |c| c.detail.as_str())
        .finish()
}

/// An item ID as text, empty (not null) when there is none.
fn id_text(id: Option<ItemId>) -> String {
    id.map(|i| i.to_string()).unwrap_or_default()
}
