//! A table described column by column: each column is a name and what it reads from one
//! row, so that a table's definition is its list of columns and nothing else.

use polars::prelude::*;

use super::TableError;

/// The columns of one table over a slice of rows, added in output order.
pub(super) struct Frame<'r, R> {
    rows: &'r [R],
    columns: Vec<Column>,
}

impl<'r, R> Frame<'r, R> {
    /// A table with one row per element of `rows` and no columns yet.
    pub(super) fn of(rows: &'r [R]) -> Self {
        Frame {
            rows,
            columns: Vec::new(),
        }
    }

    /// Adds the column `name`; its dtype is the polars type of `T` (`&str`/`String` ->
    /// String, `u32` -> UInt32, `Option<_>` -> nullable).
    pub(super) fn col<T>(mut self, name: &str, value: impl Fn(&'r R) -> T) -> Self
    where
        Series: NamedFrom<Vec<T>, [T]>,
    {
        let values: Vec<T> = self.rows.iter().map(value).collect();
        self.columns
            .push(Column::from(Series::new(name.into(), values)));
        self
    }

    /// The finished table.
    ///
    /// # Errors
    /// Only on an internal inconsistency (columns of different lengths).
    pub(super) fn finish(self) -> Result<DataFrame, TableError> {
        Ok(DataFrame::new_infer_height(self.columns)?)
    }
}
