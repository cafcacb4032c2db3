//! How the sheets print: A4 at a fixed scale chosen from the printed columns' widths
//! (never fit-to-page, which shrinks a wide sheet to unreadable type), a page header that
//! says whose workbook and which month a loose page belongs to, a footer with the page
//! number and the file name.
//!
//! Column widths are in Excel's unit, the width of a digit of the workbook font:
//! ＭＳ Ｐゴシック 11 pt draws a digit 8 px wide and pads a column by 5 px (the 72 px default
//! column of [`super::styles::init_workbook`]), at 96 px to the inch when printed at 100 %.
//!
//! LibreOffice sizes a column by the digit of the font it draws: where ＭＳ Ｐゴシック is
//! missing (the Linux machines that turn these workbooks into PDF) DejaVu Sans stands in,
//! whose digit is 9.33 px, and every column is 17 % wider than in Excel. Scales are chosen
//! so that the printed columns fit the paper with that digit too; Excel then has a little
//! width to spare, which centring the sheet shares between the margins. Row heights are
//! in points and print the same everywhere.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::cut::{Cut, MAX_SHORT_TEXT};
use super::header::{FOOTER, PageHeader};
use super::measure::substitute_column_px;
use super::styles::Styles;

/// Pixels to the inch at 100 %.
const PX_PER_INCH: f64 = 96.0;
/// A4, short and long side, in inches.
const A4_INCHES: (f64, f64) = (210.0 / 25.4, 297.0 / 25.4);
/// Left and right margins, in inches (Excel's 狭い preset).
pub const MARGIN_SIDE: f64 = 0.25;
/// Top and bottom margins, in inches: room for the header and the footer.
pub const MARGIN_TOP_BOTTOM: f64 = 0.6;
/// Distance of the header and the footer from the paper's edge, in inches.
const MARGIN_HEADER: f64 = 0.25;
/// The smallest scale a sheet prints at: below it, type is too small to read.
pub const MIN_SCALE: u16 = 80;
/// The share of the printable width the columns may fill: LibreOffice moves a column
/// that just touches the margin to a page of its own.
const FIT_SLACK: f64 = 0.98;

/// Which way the paper turns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Orientation {
    Portrait,
    Landscape,
}

impl Orientation {
    /// The width inside the margins, in pixels at 100 %.
    pub fn printable_width_px(self) -> f64 {
        let paper = match self {
            Orientation::Portrait => A4_INCHES.0,
            Orientation::Landscape => A4_INCHES.1,
        };
        (paper - 2.0 * MARGIN_SIDE) * PX_PER_INCH
    }

    /// The height inside the margins, in points at 100 %.
    pub fn printable_height_pt(self) -> f64 {
        let paper = match self {
            Orientation::Portrait => A4_INCHES.1,
            Orientation::Landscape => A4_INCHES.0,
        };
        (paper - 2.0 * MARGIN_TOP_BOTTOM) * 72.0
    }
}

/// The largest scale up to 100 % at which columns of `widths` fit the paper's width in
/// Excel and in LibreOffice with a substitute font ([`substitute_column_px`]), never below
/// [`MIN_SCALE`].
pub fn print_scale(widths: &[f64], orientation: Orientation) -> u16 {
    let total: f64 = widths.iter().map(|w| substitute_column_px(*w)).sum();
    if total <= 0.0 {
        return 100;
    }
    let fit = (orientation.printable_width_px() * FIT_SLACK / total * 100.0).floor();
    fit.clamp(f64::from(MIN_SCALE), 100.0) as u16
}

/// The share of a page's height that manual page breaks fill: rows are measured for
/// Excel's font, and a break a little early is the one both applications follow (a row
/// that just overflows would otherwise move by itself and leave our break behind).
const PAGE_RESERVE: f64 = 0.95;

/// The height a page holds for rows at `scale` %, in points, less [`PAGE_RESERVE`]'s
/// share.
pub fn page_height_pt(orientation: Orientation, scale: u16) -> f64 {
    orientation.printable_height_pt() * 100.0 / f64::from(scale.max(1)) * PAGE_RESERVE
}

/// The fewest rows of a table a page holds at the end of the table: a page with a single
/// row (a widow) cannot be read on its own.
pub const MIN_ROWS_LAST_PAGE: u32 = 2;

/// Manual page breaks (the first row of each new page) for a sheet whose table rows
/// `body.0..=body.1` follow the rows above them (title, header) and are followed up to
/// row `end` by notes; `repeat`: the height of the header repeated on every page;
/// `height(row)`: a row's height in points. Empty when everything fits one page. The last
/// page keeps at least [`MIN_ROWS_LAST_PAGE`] rows of the table.
pub fn table_breaks(
    height: impl Fn(u32) -> f64,
    body: (u32, u32),
    end: u32,
    repeat: f64,
    page: f64,
) -> Vec<u32> {
    let (first, last) = body;
    let mut used: f64 = (0..first).map(&height).sum();
    let mut breaks: Vec<u32> = Vec::new();
    for row in first..=end.max(last) {
        let h = height(row);
        if used + h > page && row > first {
            breaks.push(row);
            used = repeat;
        }
        used += h;
    }
    let n = breaks.len();
    if n > 0 {
        let before = if n > 1 { breaks[n - 2] } else { first };
        let widow = (last + 1).saturating_sub(breaks[n - 1]) < MIN_ROWS_LAST_PAGE;
        let earlier = (last + 1).saturating_sub(MIN_ROWS_LAST_PAGE).max(first + 1);
        if widow && earlier > before && earlier < breaks[n - 1] {
            breaks[n - 1] = earlier;
        }
    }
    breaks
}

/// Where the next row goes on paper: the height used on the current page, and the
/// manual page breaks made so far, for a sheet laid out page by page (a table that starts
/// its header again on a new page, a chart that starts a page of its own).
#[derive(Debug, Clone)]
pub struct Pager {
    page: f64,
    used: f64,
    breaks: Vec<u32>,
}

impl Pager {
    /// A sheet whose pages hold `page` points of rows ([`page_height_pt`]).
    pub fn new(page: f64) -> Self {
        Pager {
            page,
            used: 0.0,
            breaks: Vec::new(),
        }
    }

    /// Whether `h` more points fit the current page.
    pub fn fits(&self, h: f64) -> bool {
        self.used + h <= self.page
    }

    /// Counts a row (or a chart) of `h` points on the current page.
    pub fn add(&mut self, h: f64) {
        self.used += h;
    }

    /// Starts a new page at `row`.
    pub fn break_before(&mut self, row: u32) {
        if row > 0 && self.breaks.last() != Some(&row) {
            self.breaks.push(row);
        }
        self.used = 0.0;
    }

    /// The first row of each page after the first.
    pub fn breaks(&self) -> &[u32] {
        &self.breaks
    }
}

/// Excel keeps at most this many manual page breaks in a sheet (rust_xlsxwriter refuses
/// more).
pub const MAX_PAGE_BREAKS: usize = 1023;

/// Sets the manual page breaks of a sheet, the first [`MAX_PAGE_BREAKS`] of them: past
/// those Excel breaks pages by itself, so a sheet of thousands of rows is still written
/// (and prints, with pages less neatly cut) instead of failing the workbook.
///
/// # Errors
/// As [`Worksheet::set_page_breaks`].
pub fn set_page_breaks(ws: &mut Worksheet, breaks: &[u32]) -> Result<(), XlsxError> {
    let mut kept: Vec<u32> = breaks.iter().copied().filter(|&r| r > 0).collect();
    kept.sort_unstable();
    kept.dedup();
    kept.truncate(MAX_PAGE_BREAKS);
    if !kept.is_empty() {
        ws.set_page_breaks(&kept)?;
    }
    Ok(())
}

/// How one sheet prints.
#[derive(Debug, Clone)]
pub struct PrintSetup<'a> {
    orientation: Orientation,
    columns: &'a [f64],
    clip: bool,
    repeat_rows: Option<(u32, u32)>,
    /// The month the page header names, when the sheet is for another month than the
    /// workbook's (進捗入力: the month after).
    month: Option<String>,
}

impl<'a> PrintSetup<'a> {
    /// A4 upright; `columns`: the widths of the printed columns from A.
    pub fn portrait(columns: &'a [f64]) -> Self {
        Self::new(Orientation::Portrait, columns)
    }

    /// A4 on its side; `columns`: the widths of the printed columns from A.
    pub fn landscape(columns: &'a [f64]) -> Self {
        Self::new(Orientation::Landscape, columns)
    }

    fn new(orientation: Orientation, columns: &'a [f64]) -> Self {
        PrintSetup {
            orientation,
            columns,
            clip: false,
            repeat_rows: None,
            month: None,
        }
    }

    /// The page header names `month` (`令和6年10月`) instead of the workbook's period,
    /// so that it says what the sheet's title says.
    pub fn month(mut self, month: String) -> Self {
        self.month = Some(month);
        self
    }

    /// Only the columns given print: those after them (file paths, codes) are for the
    /// screen and the audit.
    pub fn only_these_columns(mut self) -> Self {
        self.clip = true;
        self
    }

    /// Rows `first..=last` (the table's header) repeat at the top of every page.
    pub fn repeat_rows(mut self, first: u32, last: u32) -> Self {
        self.repeat_rows = Some((first, last));
        self
    }

    /// The scale the sheet prints at: the largest the printed columns allow.
    pub fn chosen_scale(&self) -> u16 {
        print_scale(self.columns, self.orientation)
    }

    /// Applies the setup to `ws`: A4, orientation, scale, margins, the page header of
    /// `st`'s workbook (a cut logged in `st`), the footer, print area and title rows.
    ///
    /// # Errors
    /// Only on an invalid row or column range.
    pub fn apply(&self, ws: &mut Worksheet, st: &Styles) -> Result<(), XlsxError> {
        ws.set_paper_size(9);
        match self.orientation {
            Orientation::Portrait => ws.set_portrait(),
            Orientation::Landscape => ws.set_landscape(),
        };
        ws.set_print_scale(self.chosen_scale());
        ws.set_print_center_horizontally(true);
        ws.set_margins(
            MARGIN_SIDE,
            MARGIN_SIDE,
            MARGIN_TOP_BOTTOM,
            MARGIN_TOP_BOTTOM,
            MARGIN_HEADER,
            MARGIN_HEADER,
        );
        let (header, cut) = match &self.month {
            Some(m) => PageHeader {
                period: m.clone(),
                ..st.page.clone()
            }
            .text(),
            None => st.page.text(),
        };
        if let Some(kept) = cut.filter(|_| !st.page.cut_logged.replace(true)) {
            st.cuts.record(Cut {
                sheet: String::new(),
                place: "各シートのヘッダー".to_string(),
                chars: st.page.owner.chars().count(),
                kept,
                limit: MAX_SHORT_TEXT,
                head: st.page.owner.chars().take(30).collect(),
            });
        }
        ws.set_header(header);
        ws.set_footer(FOOTER);
        if self.clip && !self.columns.is_empty() {
            let last = self.columns.len() as u16 - 1;
            ws.set_print_area(0, 0, 1_048_575, last)?;
        }
        if let Some((first, last)) = self.repeat_rows {
            ws.set_repeat_rows(first, last)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::kit::measure::column_px;

    #[test]
    fn page_breaks_past_excels_limit_are_left_to_excel() {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        let many: Vec<u32> = (1..=2049).rev().map(|r| r * 3).collect();
        set_page_breaks(ws, &many).unwrap();
        set_page_breaks(ws, &[]).unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(
            &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
            &mut xml,
        )
        .unwrap();
        assert!(
            xml.contains("<rowBreaks count=\"1023\""),
            "the first 1,023 kept"
        );
        assert!(xml.contains("<brk id=\"3\""));
        assert!(xml.contains(&format!("<brk id=\"{}\"", 1023 * 3)));
        assert!(!xml.contains(&format!("<brk id=\"{}\"", 1024 * 3)));
    }

    #[test]
    fn printable_widths_of_a4() {
        // 297 mm less two 0.25 in margins, at 96 px to the inch.
        let landscape = Orientation::Landscape.printable_width_px();
        assert!((landscape - 1074.5).abs() < 1.0, "{landscape}");
        let portrait = Orientation::Portrait.printable_width_px();
        assert!((portrait - 745.7).abs() < 1.0, "{portrait}");
        assert_eq!(column_px(10.0), 85.0);
    }

    #[test]
    fn the_scale_fits_the_columns_and_stays_readable() {
        assert_eq!(print_scale(&[10.0; 5], Orientation::Portrait), 100);
        // 12 columns of 12: 1,212 px in Excel, 1,413 px in LibreOffice, on 1,074 px.
        assert_eq!(print_scale(&[12.0; 12], Orientation::Landscape), MIN_SCALE);
        assert_eq!(print_scale(&[10.0; 12], Orientation::Landscape), 88);
        assert_eq!(print_scale(&[40.0; 12], Orientation::Landscape), MIN_SCALE);
        assert_eq!(print_scale(&[], Orientation::Landscape), 100);
    }

    #[test]
    fn a_table_breaks_by_page_and_leaves_no_row_alone_at_its_end() {
        let row = |_: u32| 20.0;
        // Two rows above the table, rows 2..=9, a page of 100 pt: 5 rows a page.
        assert!(table_breaks(row, (2, 4), 4, 20.0, 100.0).is_empty());
        // Rows 0..=4 on the first page, then 4 rows under the repeated header (20 pt).
        assert_eq!(table_breaks(row, (2, 12), 12, 20.0, 100.0), [5, 9]);
        // Row 13 alone after row 12's page: the break moves up a row.
        assert_eq!(table_breaks(row, (2, 13), 13, 20.0, 100.0), [5, 9, 12]);
        // Only a note after the table would spill: two rows go with it.
        assert_eq!(table_breaks(row, (2, 4), 5, 20.0, 100.0), [3]);
        // A page holding the title, the header and one row cannot give that row up.
        assert_eq!(table_breaks(row, (2, 3), 3, 20.0, 60.0), [3]);
    }

    #[test]
    fn a_pager_breaks_where_asked_and_counts_anew() {
        let mut p = Pager::new(page_height_pt(Orientation::Portrait, 100));
        assert!(p.fits(700.0) && !p.fits(800.0));
        p.add(700.0);
        assert!(!p.fits(60.0));
        p.break_before(40);
        p.break_before(40);
        assert!(p.fits(700.0));
        assert_eq!(p.breaks(), [40]);
    }
}
