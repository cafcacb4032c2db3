//! Cells read by their number format: a cell formatted as a percentage (`0%`, `0.0%`)
//! holds 1 for what Excel shows as 100%. Calamine gives the value without the format
//! (it keeps a format only as date, duration or other), so the formats are read here, and
//! a percent-formatted number becomes the text Excel shows (`100%`), which every later
//! stage reads as written. Date formats need nothing here: calamine reads them as dates.
//!
//! - xlsx: the cell styles' number formats, from calamine's style palette while the
//!   cells are read ([`percent_styles`]);
//! - ods: the cells whose value type is `percentage` ([`ods`]);
//! - xls: the number cells whose extended format has a percent format ([`xls`]).

use crate::config::Limits;

mod common;
mod ods;
mod xls;
mod xlsx;

pub use common::PercentCells;
pub use xlsx::percent_styles;

/// The spreadsheet formats whose number formats are read from the file's bytes apart
/// from the cells (xlsx: [`percent_styles`] while the cells are read).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Ods,
    Xls,
}

/// The percent-formatted cells of a workbook in `format`; empty when the workbook cannot
/// be read this way (the cells are then read by value alone).
pub fn percent_cells(bytes: &[u8], format: Format, limits: &Limits) -> PercentCells {
    match format {
        Format::Ods => ods::percent_cells(bytes, limits),
        Format::Xls => xls::percent_cells(bytes, limits),
    }
}

/// The text Excel shows for `value` in a percent format: `100%`, `80%`, `12.5%`.
pub fn percent_text(value: f64) -> String {
    // Rounded to 9 places: 0.8 * 100 is 80.00000000000001 in floating point.
    let pct = (value * 100.0 * 1e9).round() / 1e9;
    format!("{pct}%")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_text_is_what_excel_shows() {
        assert_eq!(percent_text(1.0), "100%");
        assert_eq!(percent_text(0.8), "80%");
        assert_eq!(percent_text(0.125), "12.5%");
    }
}
