//! Limits on what one input file may hold (`[limits]`): the defaults and the file's keys.

use serde::Deserialize;

/// Limits on what one input file may hold (`[limits]` in the configuration). Each limit
/// reached is a finding for that file; the rest of the run is unaffected. One limit is on
/// what an output shows: `max_diagnostic_rows`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest input file read, in bytes.
    pub max_file_bytes: u64,
    /// Largest total of a workbook's zip members once inflated, in bytes.
    pub max_unzipped_bytes: u64,
    /// Rows per sheet read; rows past it are reported and not read.
    pub max_rows: usize,
    /// Columns per sheet read; cells past it are ignored.
    pub max_cols: usize,
    /// Cells per sheet (used rectangle for formats that expand it).
    pub max_cells: usize,
    /// Characters per cell kept; longer text is cut (Excel's own limit by default).
    pub max_cell_chars: usize,
    /// Pages of a PDF plan read; a PDF with more is refused (and objects of a PDF: 500 per
    /// page allowed, at least 100,000).
    pub max_pages: usize,
    /// Characters of text one workbook may expand to, all cells and sheet names together
    /// (a text stored once and shown in many cells counts for each): a file past it is not
    /// read, so that a small file cannot fill the memory by repetition.
    pub max_text_chars: usize,
    /// Findings listed in the summary's 診断 sheet; the rest are counted in its last row
    /// (the `diagnostics` table keeps them all).
    pub max_diagnostic_rows: usize,
    /// Practice items one plan file may hold; initiatives past it are reported and not
    /// used. Every item becomes rows of several summary sheets, so this bounds the
    /// memory a plan costs (a city's plan holds a few hundred).
    pub max_plan_items: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 50 * 1024 * 1024,
            max_unzipped_bytes: 200 * 1024 * 1024,
            max_rows: 200_000,
            max_cols: 256,
            max_cells: 2_000_000,
            max_cell_chars: 32_767,
            max_pages: 2_000,
            // About 60 MB as UTF-8; a city's largest plan workbook holds a few million.
            max_text_chars: 20_000_000,
            max_diagnostic_rows: 5_000,
            max_plan_items: 10_000,
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLimits {
    max_file_mb: Option<u64>,
    max_unzipped_mb: Option<u64>,
    max_rows: Option<usize>,
    max_cols: Option<usize>,
    max_cells: Option<usize>,
    max_cell_chars: Option<usize>,
    max_pages: Option<usize>,
    max_text_chars: Option<usize>,
    max_diagnostic_rows: Option<usize>,
    max_plan_items: Option<usize>,
}

impl RawLimits {
    /// The defaults with what the file sets.
    pub(super) fn resolve(self) -> Limits {
        let d = Limits::default();
        let mb =
            |v: Option<u64>, default: u64| v.map_or(default, |m| m.saturating_mul(1024 * 1024));
        Limits {
            max_file_bytes: mb(self.max_file_mb, d.max_file_bytes),
            max_unzipped_bytes: mb(self.max_unzipped_mb, d.max_unzipped_bytes),
            max_rows: self.max_rows.unwrap_or(d.max_rows),
            max_cols: self.max_cols.unwrap_or(d.max_cols),
            max_cells: self.max_cells.unwrap_or(d.max_cells),
            max_cell_chars: self.max_cell_chars.unwrap_or(d.max_cell_chars).max(1),
            max_pages: self.max_pages.unwrap_or(d.max_pages).max(1),
            max_text_chars: self.max_text_chars.unwrap_or(d.max_text_chars),
            max_diagnostic_rows: self.max_diagnostic_rows.unwrap_or(d.max_diagnostic_rows),
            max_plan_items: self.max_plan_items.unwrap_or(d.max_plan_items),
        }
    }
}
