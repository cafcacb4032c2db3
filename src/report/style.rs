//! Formats and layout helpers shared by the workbooks: a Japanese font, colours that carry
//! meaning, column widths and row heights measured in East Asian display width
//! (rust_xlsxwriter's autofit counts a kanji as one narrow character), print setup.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};
use unicode_width::UnicodeWidthStr;

/// Workbook font: present on every Japanese Windows PC; LibreOffice substitutes a Gothic.
pub const FONT: &str = "ＭＳ Ｐゴシック";
/// Points per wrapped line at the body font size.
const LINE_HEIGHT: f64 = 14.0;

/// Header row fill (white bold text).
pub const COLOR_HEADER: u32 = 0x1F4E78;
/// Schedule bar: an activity going on.
pub const COLOR_BAR: u32 = 0xBDD7EE;
/// Schedule bar: an activity starting or changing.
pub const COLOR_BAR_NEW: u32 = 0x9BC2E6;
/// The current fiscal year or month in headers.
pub const COLOR_CURRENT: u32 = 0xF4B084;
/// Error findings, items without an owner.
pub const COLOR_ERROR: u32 = 0xF8CBAD;
/// Warning findings, status changes.
pub const COLOR_WARNING: u32 = 0xFFE699;
/// Labels of a cover's label/value rows.
pub const COLOR_LABEL: u32 = 0xDDEBF7;

/// Sets the workbook's default font before any sheet is added.
///
/// # Errors
/// Only if a sheet was added before.
pub fn init_workbook(wb: &mut Workbook) -> Result<(), XlsxError> {
    let base = Format::new()
        .set_font_name(FONT)
        .set_font_size(11)
        .set_font_charset(128);
    wb.set_default_format(&base, 18, 72)?;
    Ok(())
}

fn base() -> Format {
    Format::new()
        .set_font_name(FONT)
        .set_font_size(11)
        .set_font_charset(128)
        .set_align(FormatAlign::Top)
}

/// The formats of the gyokaku workbooks.
pub struct Styles {
    /// A cover's title.
    pub title: Format,
    /// A block's title above a table.
    pub subtitle: Format,
    /// Column headers.
    pub header: Format,
    /// The column of the current fiscal year or month.
    pub header_current: Format,
    /// Labels of a cover's label/value rows.
    pub label: Format,
    /// Short text in a bordered cell.
    pub text: Format,
    /// Long text that wraps.
    pub wrap: Format,
    /// IDs, numbers of initiatives, short codes.
    pub center: Format,
    /// Counts and percentages.
    pub number: Format,
    /// Explanations outside the tables.
    pub note: Format,
    /// Schedule: an activity starts or changes.
    pub bar_new: Format,
    /// Schedule: an activity goes on.
    pub bar: Format,
    /// [`Self::bar_new`] in the current fiscal year.
    pub bar_new_current: Format,
    /// [`Self::bar`] in the current fiscal year.
    pub bar_current: Format,
    /// Schedule: nothing planned in the current fiscal year.
    pub empty_current: Format,
    /// Error findings, items without an owner.
    pub error: Format,
    /// Warning findings.
    pub warning: Format,
    /// Months after the period in the history.
    pub future: Format,
    /// Cells a section fills in.
    pub input: Format,
    /// Month over month: a new report.
    pub change_new: Format,
    /// Month over month: a status change.
    pub change_status: Format,
    statuses: Vec<(&'static str, u32, Format)>,
    status_other: Format,
}

/// Status -> fill colour. Colours carry meaning: green done, blue under way, yellow under
/// study, orange late, grey not started or stopped, red not reported.
const STATUS_COLORS: [(&str, u32); 8] = [
    ("未着手", 0xD9D9D9),
    ("検討中", 0xFFF2CC),
    ("実施中", 0xBDD7EE),
    ("完了", 0xC6EFCE),
    ("遅延", 0xF8CBAD),
    ("中止", 0xA6A6A6),
    ("未報告", 0xFFC7CE),
    ("（状況未記入）", 0xEDEDED),
];

impl Styles {
    /// The cell format of a status label.
    pub fn status(&self, label: &str) -> &Format {
        self.statuses
            .iter()
            .find(|(l, _, _)| *l == label)
            .map_or(&self.status_other, |(_, _, f)| f)
    }

    /// The fill colour of a status label (charts).
    pub fn status_color(&self, label: &str) -> Color {
        Color::RGB(
            self.statuses
                .iter()
                .find(|(l, _, _)| *l == label)
                .map_or(0xFFFFFF, |(_, c, _)| *c),
        )
    }
}

impl Default for Styles {
    fn default() -> Self {
        let cell = base()
            .set_border(FormatBorder::Thin)
            .set_border_color(Color::RGB(0xA6A6A6));
        let header = cell
            .clone()
            .set_bold()
            .set_font_color(Color::White)
            .set_background_color(Color::RGB(COLOR_HEADER))
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_text_wrap();
        let wrap = cell.clone().set_text_wrap();
        Styles {
            future: cell.clone().set_background_color(Color::RGB(0xF2F2F2)),
            input: cell
                .clone()
                .set_background_color(Color::RGB(0xFFFFE0))
                .set_text_wrap()
                .set_unlocked(),
            change_new: cell.clone().set_background_color(Color::RGB(0xE2EFDA)),
            change_status: cell
                .clone()
                .set_bold()
                .set_background_color(Color::RGB(COLOR_WARNING)),
            statuses: status_formats(&cell),
            status_other: cell.clone().set_align(FormatAlign::Center),
            title: base().set_bold().set_font_size(16),
            subtitle: base().set_bold().set_font_size(12),
            header_current: header
                .clone()
                .set_background_color(Color::RGB(COLOR_CURRENT))
                .set_font_color(Color::Black),
            header,
            label: cell
                .clone()
                .set_bold()
                .set_background_color(Color::RGB(COLOR_LABEL)),
            text: cell.clone(),
            center: cell.clone().set_align(FormatAlign::Center),
            number: cell.clone().set_align(FormatAlign::Right),
            note: base()
                .set_font_color(Color::RGB(0x595959))
                .set_font_size(10),
            bar_new: wrap.clone().set_background_color(Color::RGB(COLOR_BAR_NEW)),
            bar: wrap
                .clone()
                .set_background_color(Color::RGB(COLOR_BAR))
                .set_align(FormatAlign::Center),
            bar_new_current: current(wrap.clone().set_background_color(Color::RGB(COLOR_BAR_NEW))),
            bar_current: current(
                wrap.clone()
                    .set_background_color(Color::RGB(COLOR_BAR))
                    .set_align(FormatAlign::Center),
            ),
            empty_current: current(wrap.clone()),
            error: cell.clone().set_background_color(Color::RGB(COLOR_ERROR)),
            warning: cell.clone().set_background_color(Color::RGB(COLOR_WARNING)),
            wrap,
        }
    }
}

/// The frame of the current fiscal year or month.
fn current(f: Format) -> Format {
    f.set_border(FormatBorder::Medium)
        .set_border_color(Color::RGB(0xC55A11))
}

/// The format of each status label, from [`STATUS_COLORS`]; 未報告 also in bold red.
fn status_formats(cell: &Format) -> Vec<(&'static str, u32, Format)> {
    STATUS_COLORS
        .iter()
        .map(|(label, rgb)| {
            let mut f = cell
                .clone()
                .set_align(FormatAlign::Center)
                .set_background_color(Color::RGB(*rgb));
            if *label == "未報告" {
                f = f.set_bold().set_font_color(Color::RGB(0x9C0006));
            }
            (*label, *rgb, f)
        })
        .collect()
}

/// Display width in half-width columns (a kanji counts 2).
pub fn display_width(s: &str) -> usize {
    s.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
}

/// Writes cells while measuring them, then sets column widths (capped, long text wraps)
/// and the heights of rows whose text wraps, so that a printed sheet shows everything.
pub struct SheetWriter<'a> {
    /// The sheet, for what the writer does not cover (merged cells).
    pub ws: &'a mut Worksheet,
    widths: Vec<usize>,
    caps: Vec<usize>,
    wrapped: Vec<(u32, u16, String)>,
}

impl<'a> SheetWriter<'a> {
    /// `caps[i]`: the widest column `i` may grow (in half-width characters); text beyond it wraps.
    pub fn new(ws: &'a mut Worksheet, caps: &[usize]) -> Self {
        SheetWriter {
            ws,
            widths: vec![0; caps.len()],
            caps: caps.to_vec(),
            wrapped: Vec::new(),
        }
    }

    /// Writes text. `measure` false: the cell does not widen its column (titles spanning
    /// several columns).
    ///
    /// # Errors
    /// A cell outside the sheet.
    pub fn text(&mut self, row: u32, col: u16, s: &str, fmt: &Format) -> Result<(), XlsxError> {
        self.ws.write_string_with_format(row, col, s, fmt)?;
        self.measure(row, col, s);
        Ok(())
    }

    /// Writes text without widening the column (titles, notes).
    ///
    /// # Errors
    /// A cell outside the sheet.
    pub fn loose(&mut self, row: u32, col: u16, s: &str, fmt: &Format) -> Result<(), XlsxError> {
        self.ws.write_string_with_format(row, col, s, fmt)?;
        Ok(())
    }

    /// Writes a row of column headers from column 0, each widening its column.
    ///
    /// # Errors
    /// A cell outside the sheet.
    pub fn headers<S: AsRef<str>>(
        &mut self,
        row: u32,
        headers: &[S],
        fmt: &Format,
    ) -> Result<(), XlsxError> {
        for (c, h) in headers.iter().enumerate() {
            self.text(row, c as u16, h.as_ref(), fmt)?;
        }
        Ok(())
    }

    /// Writes a number.
    ///
    /// # Errors
    /// A cell outside the sheet.
    pub fn number(&mut self, row: u32, col: u16, n: f64, fmt: &Format) -> Result<(), XlsxError> {
        self.ws.write_number_with_format(row, col, n, fmt)?;
        self.measure(row, col, &n.to_string());
        Ok(())
    }

    /// Writes an empty cell with a format.
    ///
    /// # Errors
    /// A cell outside the sheet.
    pub fn blank(&mut self, row: u32, col: u16, fmt: &Format) -> Result<(), XlsxError> {
        self.ws.write_blank(row, col, fmt)?;
        Ok(())
    }

    fn measure(&mut self, row: u32, col: u16, s: &str) {
        let c = col as usize;
        if c >= self.widths.len() {
            return;
        }
        let w = display_width(s);
        self.widths[c] = self.widths[c].max(w.min(self.caps[c]));
        if w > self.caps[c] || s.contains('\n') {
            self.wrapped.push((row, col, s.to_string()));
        }
    }

    /// Applies widths and row heights.
    ///
    /// # Errors
    /// Only on an invalid column.
    pub fn finish(self) -> Result<(), XlsxError> {
        let mut widths = Vec::with_capacity(self.widths.len());
        for (i, w) in self.widths.iter().enumerate() {
            let width = (*w).max(4) + 2;
            widths.push(width);
            self.ws.set_column_width(i as u16, width as f64)?;
        }
        let mut heights: std::collections::BTreeMap<u32, usize> = std::collections::BTreeMap::new();
        for (row, col, s) in &self.wrapped {
            let usable = widths[*col as usize].saturating_sub(2).max(1);
            let lines: usize = s
                .lines()
                .map(|l| UnicodeWidthStr::width(l).div_ceil(usable).max(1))
                .sum();
            let e = heights.entry(*row).or_insert(1);
            *e = (*e).max(lines);
        }
        for (row, lines) in heights {
            if lines > 1 {
                self.ws
                    .set_row_height(row, lines as f64 * LINE_HEIGHT + 4.0)?;
            }
        }
        Ok(())
    }
}

/// A4 landscape, fit to one page wide, header rows repeated on every page, page numbers.
///
/// # Errors
/// Only on an invalid row range.
pub fn print_setup(
    ws: &mut Worksheet,
    header_rows: Option<(u32, u32)>,
    footer_title: &str,
) -> Result<(), XlsxError> {
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    ws.set_footer(format!(
        "&L{}&R&P / &N ページ",
        footer_title.replace('&', "&&")
    ));
    if let Some((first, last)) = header_rows {
        ws.set_repeat_rows(first, last)?;
    }
    Ok(())
}
