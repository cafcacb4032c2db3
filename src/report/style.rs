//! Formats and layout helpers shared by the workbooks: a Japanese font, colours that carry
//! meaning and survive a monochrome printer, row heights measured in East Asian display
//! width (rust_xlsxwriter fits no heights, and its autofit counts a kanji as one narrow
//! character). How sheets print is in [`super::page`].
//!
//! Every string a workbook shows goes through [`fit_text`]: text longer than Excel allows
//! is cut, ends in [`CUT_MARK`], and the cut is logged in the workbook's [`CutLog`] so that
//! the run can report it.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::BTreeMap;

use rust_xlsxwriter::{
    Chart, ChartFont, Color, Format, FormatAlign, FormatBorder, FormatPattern, Workbook, Worksheet,
    XlsxError,
};
use unicode_width::UnicodeWidthStr;

use super::page;
pub use super::page::PageHeader;

/// Workbook font: present on every Japanese Windows PC; LibreOffice substitutes a Gothic.
pub const FONT: &str = "ＭＳ Ｐゴシック";
/// Points per wrapped line at the body font size.
const LINE_HEIGHT: f64 = 14.0;
/// Points per wrapped line of a note (10 pt).
const NOTE_LINE_HEIGHT: f64 = 13.0;
/// Points a table row adds to its lines.
const ROW_PADDING: f64 = 4.0;
/// The height of a row left as it is (the workbook's default), in points.
pub const DEFAULT_ROW_HEIGHT: f64 = 13.5;
/// Excel's tallest row, in points.
const MAX_ROW_HEIGHT: f64 = 409.0;

/// Excel's limit on the text of one cell, in UTF-16 code units (how Excel counts).
pub const MAX_CELL_CHARS: usize = 32_767;
/// Excel's limit on a chart title, a header or footer, a document property.
pub const MAX_SHORT_TEXT: usize = 255;
/// What ends a text cut to fit.
pub const CUT_MARK: &str = "…（以下省略）";

/// `s` cut to at most `max` UTF-16 code units on a character boundary, ending in
/// [`CUT_MARK`] (the mark included in `max`); `None` when `s` fits as it is.
pub fn fit_text(s: &str, max: usize) -> Option<String> {
    // A character takes at least as many UTF-8 bytes as UTF-16 units.
    if s.len() <= max || s.encode_utf16().count() <= max {
        return None;
    }
    let budget = max.saturating_sub(CUT_MARK.encode_utf16().count());
    let mut used = 0;
    let mut end = 0;
    for (i, c) in s.char_indices() {
        used += c.len_utf16();
        if used > budget {
            break;
        }
        end = i + c.len_utf8();
    }
    Some(format!("{}{CUT_MARK}", &s[..end]))
}

/// One text cut to fit where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cut {
    /// The sheet, or empty for the workbook's document properties.
    pub sheet: String,
    /// The cell (`H3`) or what else held the text (`グラフのタイトル`).
    pub place: String,
    /// The length of the whole text, in characters.
    pub chars: usize,
    /// The length kept before the mark, in characters.
    pub kept: usize,
    /// The limit the text was cut to, in UTF-16 code units.
    pub limit: usize,
    /// The beginning of the text, to recognise it by.
    pub head: String,
}

impl Cut {
    /// `進捗 3行目 H列`, `進捗推移（グラフのタイトル）`, `（文書のプロパティ）`.
    pub fn location(&self) -> String {
        let letters = self.place.trim_end_matches(|c: char| c.is_ascii_digit());
        let row = self.place[letters.len()..].parse::<usize>();
        if self.sheet.is_empty() {
            format!("（{}）", self.place)
        } else if let (Ok(row), true) = (
            row,
            !letters.is_empty() && letters.chars().all(|c| c.is_ascii_uppercase()),
        ) {
            crate::diagnostics::cell_location(&self.sheet, row, letters)
        } else {
            format!("{}（{}）", self.sheet, self.place)
        }
    }
}

/// The cuts made in one workbook, shared by every writer of it.
#[derive(Debug, Default)]
pub struct CutLog(RefCell<Vec<Cut>>);

impl CutLog {
    /// `s` cut to `max` UTF-16 units (see [`fit_text`]); a cut is logged as made at the
    /// (sheet, place) that `at` gives (only asked when there is a cut).
    pub fn fit<'s>(
        &self,
        s: &'s str,
        max: usize,
        at: impl FnOnce() -> (String, String),
    ) -> Cow<'s, str> {
        match fit_text(s, max) {
            None => Cow::Borrowed(s),
            Some(cut) => {
                let (sheet, place) = at();
                self.record(Cut {
                    sheet,
                    place,
                    chars: s.chars().count(),
                    kept: cut.chars().count() - CUT_MARK.chars().count(),
                    limit: max,
                    head: s.chars().take(30).collect(),
                });
                Cow::Owned(cut)
            }
        }
    }

    /// Logs a cut made elsewhere.
    pub fn record(&self, cut: Cut) {
        self.0.borrow_mut().push(cut);
    }

    /// The cuts logged so far, in the order they were made; the log is left empty.
    pub fn take(&self) -> Vec<Cut> {
        std::mem::take(&mut *self.0.borrow_mut())
    }
}

/// Sets a chart's title to `title` as text, cut to [`MAX_SHORT_TEXT`] (see [`chart_text`]).
pub fn set_chart_title(chart: &mut Chart, log: &CutLog, sheet: &str, title: &str) {
    let text = chart_text(title);
    let text = log.fit(&text, MAX_SHORT_TEXT, || {
        (sheet.to_string(), "グラフのタイトル".to_string())
    });
    chart
        .title()
        .set_name(text.as_ref())
        .set_font(ChartFont::new().set_size(12).set_bold());
}

/// A chart title that rust_xlsxwriter keeps as text: it reads a title beginning with `=`
/// as a formula (`=[1]Sheet!A1` an external reference) and one ending in `Sheet!A1` as a
/// cell reference. Such a title gets a leading `'`, or a full-width `！`.
pub fn chart_text(title: &str) -> String {
    let mut text = title.to_string();
    if text.starts_with('=') {
        text.insert(0, '\'');
    }
    if text.contains('!') && text.ends_with(|c: char| c.is_ascii_digit()) {
        text = text.replace('!', "！");
    }
    text
}

/// Header row fill (white bold text).
pub const COLOR_HEADER: u32 = 0x1F4E78;
/// Schedule bar: an activity starting or changing (solid, text on it).
pub const COLOR_BAR_NEW: u32 = 0x9DC3E6;
/// Schedule bar: an activity going on (hatched in Excel; LibreOffice blends the hatch).
pub const COLOR_BAR: u32 = 0xDDEBF7;
/// The hatch of [`COLOR_BAR`] and the lines that hold a bar together.
pub const COLOR_BAR_LINE: u32 = 0x1F4E78;
/// The current fiscal year or month in headers.
pub const COLOR_CURRENT: u32 = 0xF4B084;
/// The frame of the current fiscal year's column.
pub const COLOR_CURRENT_FRAME: u32 = 0xC55A11;
/// Error findings, items without an owner.
pub const COLOR_ERROR: u32 = 0xF8CBAD;
/// Warning findings, status changes.
pub const COLOR_WARNING: u32 = 0xFFE699;
/// Labels of a cover's label/value rows.
pub const COLOR_LABEL: u32 = 0xDDEBF7;
/// Month over month: a status that changed.
pub const COLOR_CHANGE: u32 = 0xE4DFEC;
/// Data bars (進捗率).
pub const COLOR_DATA_BAR: u32 = 0x5B9BD5;
/// Chart fill of a status outside [`STATUS_PALETTE`] (a configured extra status).
const COLOR_OTHER_STATUS: u32 = 0xBFBFBF;

/// Status -> fill. Each status has a hue of its own (yellow under study, teal not
/// started, red not reported, blue under way, green done, orange late, purple stopped,
/// magenta no status given) and a lightness of its own: from light to dark, each fill's
/// relative luminance is at least 1.25 times the next one's (as a contrast ratio), so
/// that the statuses stay apart on a monochrome printer and in a grey chart. The common
/// statuses are the light ones; the dark fills, which carry white text, are the rare ones.
/// Every text keeps a contrast of at least 4.5 ([`status_text`]).
pub const STATUS_PALETTE: [(&str, u32); 8] = [
    ("検討中", 0xFFE88A),
    ("未着手", 0x9DDAD5),
    ("未報告", 0xF1A0A7),
    ("実施中", 0x6FA1DB),
    ("完了", 0x3A993A),
    ("遅延", 0xAD5419),
    ("中止", 0x654A8A),
    ("（状況未記入）", 0x74275A),
];

/// The text of 未報告: bold dark red, an alarm that black and white printers keep.
const UNREPORTED_TEXT: u32 = 0x800000;

/// Black or white, whichever reads better on `fill`.
pub fn text_on(fill: u32) -> u32 {
    let l = relative_luminance(fill);
    if contrast_ratio(l, 1.0) > contrast_ratio(l, 0.0) {
        0xFFFFFF
    } else {
        0x000000
    }
}

/// The text colour of a status label on its fill: 未報告 in dark red, the others black
/// or white ([`text_on`]).
pub fn status_text(label: &str, fill: u32) -> u32 {
    if label == "未報告" {
        UNREPORTED_TEXT
    } else {
        text_on(fill)
    }
}

/// The relative luminance of an sRGB colour (WCAG 2): 0 black, 1 white.
pub fn relative_luminance(rgb: u32) -> f64 {
    let channel = |shift: u32| {
        let c = f64::from((rgb >> shift) & 0xFF) / 255.0;
        if c <= 0.040_45 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(16) + 0.7152 * channel(8) + 0.0722 * channel(0)
}

/// The contrast ratio of two luminances (WCAG 2): 1 (same) to 21 (black on white).
pub fn contrast_ratio(a: f64, b: f64) -> f64 {
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
}

/// Sets the workbook's default font before any sheet is added.
///
/// # Errors
/// Only if a sheet was added before.
pub fn init_workbook(wb: &mut Workbook) -> Result<(), XlsxError> {
    let base = Format::new()
        .set_font_name(FONT)
        .set_font_size(11)
        .set_font_charset(128);
    // 72 px columns: the font's digit is 8 px wide ([`page::DIGIT_PX`]).
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

/// The formats of one gyokaku workbook, what its printed pages say in their header, and
/// the log of the text cut to fit in it.
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
    /// Text in a bordered cell, left-aligned, wrapping.
    pub text: Format,
    /// Long text that wraps (the same as [`Self::text`]).
    pub wrap: Format,
    /// IDs and codes: left-aligned.
    pub code: Format,
    /// Columns that do not print (file paths, where a report was read): one line, grey.
    pub audit: Format,
    /// Short labels (担当区分, ○, a grade): centred.
    pub center: Format,
    /// Counts, numbers and percentages: right-aligned.
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
    /// What every printed page of the workbook names in its header.
    pub page: PageHeader,
    /// Text cut to fit anywhere in the workbook these formats belong to.
    pub cuts: CutLog,
}

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
                .map_or(COLOR_OTHER_STATUS, |(_, c, _)| *c),
        )
    }

    /// Formats for `page`'s workbook.
    pub fn for_pages(page: PageHeader) -> Self {
        Styles {
            page,
            ..Styles::default()
        }
    }
}

impl Default for Styles {
    fn default() -> Self {
        let cell = base()
            .set_border(FormatBorder::Thin)
            .set_border_color(Color::RGB(0xA6A6A6))
            .set_align(FormatAlign::VerticalCenter)
            .set_text_wrap();
        let header = cell
            .clone()
            .set_bold()
            .set_font_color(Color::White)
            .set_background_color(Color::RGB(COLOR_HEADER))
            .set_align(FormatAlign::Center);
        let center = cell.clone().set_align(FormatAlign::Center);
        let bars = Bars::new(&cell);
        Styles {
            future: cell.clone().set_background_color(Color::RGB(0xF2F2F2)),
            input: cell
                .clone()
                .set_background_color(Color::RGB(0xFFFFE0))
                .set_unlocked(),
            change_new: cell.clone().set_background_color(Color::RGB(0xE2EFDA)),
            // Not a status's colour: a pale lilac no status uses.
            change_status: cell
                .clone()
                .set_bold()
                .set_background_color(Color::RGB(COLOR_CHANGE)),
            statuses: status_formats(&center),
            status_other: center.clone(),
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
            code: cell.clone().set_align(FormatAlign::Left),
            audit: cell
                .clone()
                .unset_text_wrap()
                .set_align(FormatAlign::Left)
                .set_font_color(Color::RGB(0x595959)),
            center,
            number: cell.clone().set_align(FormatAlign::Right),
            note: base()
                .set_font_color(Color::RGB(0x595959))
                .set_font_size(10),
            bar_new: bars.new.clone(),
            bar: bars.going_on.clone(),
            bar_new_current: current(bars.new),
            bar_current: current(bars.going_on),
            empty_current: current(cell.clone()),
            error: cell.clone().set_background_color(Color::RGB(COLOR_ERROR)),
            warning: cell.clone().set_background_color(Color::RGB(COLOR_WARNING)),
            text: cell.clone().set_align(FormatAlign::Left),
            wrap: cell.set_align(FormatAlign::Left),
            page: PageHeader::default(),
            cuts: CutLog::default(),
        }
    }
}

/// The schedule's bar: an activity's cells are held together by dark lines above and
/// below, the cell where it starts or changes is solid with a thick left edge, the years
/// it goes on are hatched (LibreOffice shows the hatch as a paler blue). On a monochrome
/// printer the lines and the two greys still draw the bar.
struct Bars {
    new: Format,
    going_on: Format,
}

impl Bars {
    fn new(cell: &Format) -> Bars {
        let line = Color::RGB(COLOR_BAR_LINE);
        let banded = cell
            .clone()
            .set_border_top(FormatBorder::Medium)
            .set_border_top_color(line)
            .set_border_bottom(FormatBorder::Medium)
            .set_border_bottom_color(line);
        Bars {
            new: banded
                .clone()
                .set_align(FormatAlign::Left)
                .set_background_color(Color::RGB(COLOR_BAR_NEW))
                .set_border_left(FormatBorder::Thick)
                .set_border_left_color(line),
            going_on: banded
                .set_align(FormatAlign::Center)
                .set_pattern(FormatPattern::LightUp)
                .set_foreground_color(Color::RGB(0x9DC3E6))
                .set_background_color(Color::RGB(COLOR_BAR)),
        }
    }
}

/// The current fiscal year's column: framed left and right, so that the bar's lines
/// above and below stay as they are.
fn current(f: Format) -> Format {
    let frame = Color::RGB(COLOR_CURRENT_FRAME);
    f.set_border_left(FormatBorder::Medium)
        .set_border_left_color(frame)
        .set_border_right(FormatBorder::Medium)
        .set_border_right_color(frame)
}

/// The format of each status label, from [`STATUS_PALETTE`]: centred, white text on the
/// dark fills; 未報告 also in bold.
fn status_formats(center: &Format) -> Vec<(&'static str, u32, Format)> {
    STATUS_PALETTE
        .iter()
        .map(|(label, rgb)| {
            let mut f = center
                .clone()
                .set_background_color(Color::RGB(*rgb))
                .set_font_color(Color::RGB(status_text(label, *rgb)));
            if *label == "未報告" {
                f = f.set_bold();
            }
            (*label, *rgb, f)
        })
        .collect()
}

/// The lines `s` takes in a cell `width` characters wide (Excel's unit: the width of a
/// digit) when it wraps. A kanji counts 2, a little more than it takes in ＭＳ Ｐゴシック (about
/// 1.8), which leaves room for Excel's line breaking rules; so do characters of ambiguous
/// width (→, ○), which Japanese fonts draw full width. The cell's margins take one.
pub fn lines_in(s: &str, width: f64) -> usize {
    let usable = (width - 1.0).max(1.0);
    s.split('\n')
        .map(|l| {
            let w = UnicodeWidthStr::width_cjk(l.trim_end_matches('\r')) as f64;
            ((w / usable).ceil() as usize).max(1)
        })
        .sum::<usize>()
        .max(1)
}

/// The height of a table row whose tallest cell takes `lines` lines, in points.
pub fn row_height(lines: usize) -> f64 {
    (lines as f64 * LINE_HEIGHT + ROW_PADDING).min(MAX_ROW_HEIGHT)
}

/// Writes cells while measuring them, then sets the sheet's fixed column widths and the
/// height of every table row from the lines its text wraps to (rust_xlsxwriter does not
/// fit heights, and Excel does not either when a file opens), so that a printed sheet
/// shows everything and the rows of a table look alike. Text is cut to fit a cell
/// ([`MAX_CELL_CHARS`]) and every cut is logged.
pub struct SheetWriter<'a> {
    /// The sheet, for what the writer does not cover (charts, validations).
    pub ws: &'a mut Worksheet,
    log: &'a CutLog,
    widths: Vec<f64>,
    heights: BTreeMap<u32, f64>,
}

impl<'a> SheetWriter<'a> {
    /// `widths[i]`: the width of column `i` (Excel's unit), the same in every workbook;
    /// text wider than its column wraps and its row grows. Cells of columns without a
    /// width are written but not measured. Cuts are logged in `log`.
    pub fn new(ws: &'a mut Worksheet, log: &'a CutLog, widths: &[f64]) -> Self {
        SheetWriter {
            ws,
            log,
            widths: widths.to_vec(),
            heights: BTreeMap::new(),
        }
    }

    /// `s` cut to fit a cell, the cut logged as made at (`row`, `col`).
    fn fit<'s>(&self, row: u32, col: u16, s: &'s str) -> Cow<'s, str> {
        self.log.fit(s, MAX_CELL_CHARS, || {
            (
                self.ws.name(),
                rust_xlsxwriter::utility::row_col_to_cell(row, col),
            )
        })
    }

    /// Writes a table cell's text; its row grows to the lines it wraps to.
    ///
    /// # Errors
    /// A cell outside the sheet.
    pub fn text(&mut self, row: u32, col: u16, s: &str, fmt: &Format) -> Result<(), XlsxError> {
        let s = self.fit(row, col, s);
        self.ws
            .write_string_with_format(row, col, s.as_ref(), fmt)?;
        self.measure(row, col, col, &s, LINE_HEIGHT);
        Ok(())
    }

    /// Writes a cell of a column that does not print (in [`Styles::audit`]): on one line,
    /// it leaves its row as it is.
    ///
    /// # Errors
    /// A cell outside the sheet.
    pub fn audit(&mut self, row: u32, col: u16, s: &str, fmt: &Format) -> Result<(), XlsxError> {
        self.loose(row, col, s, fmt)
    }

    /// Writes text outside the tables (titles), leaving its row as it is.
    ///
    /// # Errors
    /// A cell outside the sheet.
    pub fn loose(&mut self, row: u32, col: u16, s: &str, fmt: &Format) -> Result<(), XlsxError> {
        let s = self.fit(row, col, s);
        self.ws
            .write_string_with_format(row, col, s.as_ref(), fmt)?;
        Ok(())
    }

    /// Writes text into the cells of `row` from `first_col` to `last_col` merged into one;
    /// the row grows to the lines it wraps to in their joint width.
    ///
    /// # Errors
    /// A cell outside the sheet, or a range overlapping another merged range.
    pub fn merged(
        &mut self,
        row: u32,
        first_col: u16,
        last_col: u16,
        s: &str,
        fmt: &Format,
    ) -> Result<(), XlsxError> {
        let s = self.fit(row, first_col, s);
        self.ws
            .merge_range(row, first_col, row, last_col, s.as_ref(), fmt)?;
        self.measure(row, first_col, last_col, &s, LINE_HEIGHT);
        Ok(())
    }

    /// Writes an explanation (in `fmt`, which the note wraps) across the printed width,
    /// from `first_col` to `last_col` merged, its row as tall as its lines.
    ///
    /// # Errors
    /// A cell outside the sheet, or a range overlapping another merged range.
    pub fn note(
        &mut self,
        row: u32,
        first_col: u16,
        last_col: u16,
        s: &str,
        fmt: &Format,
    ) -> Result<(), XlsxError> {
        let s = self.fit(row, first_col, s);
        let fmt = fmt.clone().set_text_wrap();
        if first_col == last_col {
            self.ws
                .write_string_with_format(row, first_col, s.as_ref(), &fmt)?;
        } else {
            self.ws
                .merge_range(row, first_col, row, last_col, s.as_ref(), &fmt)?;
        }
        self.measure(row, first_col, last_col, &s, NOTE_LINE_HEIGHT);
        Ok(())
    }

    /// Writes a row of column headers from column 0, each growing its row as it wraps.
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

    /// Writes a number into a table row.
    ///
    /// # Errors
    /// A cell outside the sheet.
    pub fn number(&mut self, row: u32, col: u16, n: f64, fmt: &Format) -> Result<(), XlsxError> {
        self.ws.write_number_with_format(row, col, n, fmt)?;
        self.need(row, 1);
        Ok(())
    }

    /// Writes an initiative's number: a number when it has one level (`7`), its text
    /// otherwise (`1-2`), in the same number format (centred, no decimals).
    ///
    /// # Errors
    /// A cell outside the sheet.
    pub fn initiative(
        &mut self,
        row: u32,
        col: u16,
        no: crate::plan::InitiativeId,
        fmt: &Format,
    ) -> Result<(), XlsxError> {
        match no.single() {
            Some(n) => self.number(row, col, f64::from(n), fmt),
            None => {
                self.ws
                    .write_string_with_format(row, col, no.to_string(), fmt)?;
                self.need(row, 1);
                Ok(())
            }
        }
    }

    /// Writes an empty cell of a table row with a format.
    ///
    /// # Errors
    /// A cell outside the sheet.
    pub fn blank(&mut self, row: u32, col: u16, fmt: &Format) -> Result<(), XlsxError> {
        self.ws.write_blank(row, col, fmt)?;
        self.need(row, 1);
        Ok(())
    }

    /// Makes `row` at least `lines` body lines tall (room to write in).
    pub fn need(&mut self, row: u32, lines: usize) {
        let h = self.heights.entry(row).or_insert(0.0);
        *h = h.max(row_height(lines));
    }

    /// The printed height of rows `0..row` in points: measured rows at their height, the
    /// others at the default (13.5 pt).
    pub fn height_before(&self, row: u32) -> f64 {
        (0..row).map(|r| self.height_of(r)).sum()
    }

    /// The printed height of `row` in points, as [`Self::height_before`] counts it.
    pub fn height_of(&self, row: u32) -> f64 {
        self.heights
            .get(&row)
            .copied()
            .unwrap_or(DEFAULT_ROW_HEIGHT)
    }

    /// The joint width of columns `first..=last` (Excel's unit, as one merged cell).
    fn span(&self, first: u16, last: u16) -> Option<f64> {
        let cols = self.widths.get(first as usize..=last as usize)?;
        // Merged cells also gain the margins between the columns.
        Some(
            cols.iter().sum::<f64>() + (cols.len() - 1) as f64 * page::CELL_PAD_PX / page::DIGIT_PX,
        )
    }

    fn measure(&mut self, row: u32, first: u16, last: u16, s: &str, line: f64) {
        let Some(width) = self.span(first, last) else {
            return;
        };
        let height = (lines_in(s, width) as f64 * line + ROW_PADDING).min(MAX_ROW_HEIGHT);
        let h = self.heights.entry(row).or_insert(0.0);
        *h = h.max(height);
    }

    /// Sets the column widths and the heights of the measured rows.
    ///
    /// # Errors
    /// Only on an invalid column.
    pub fn finish(self) -> Result<(), XlsxError> {
        for (i, w) in self.widths.iter().enumerate() {
            self.ws.set_column_width(i as u16, *w)?;
        }
        for (row, height) in self.heights {
            self.ws.set_row_height(row, height)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_fits_is_left_alone() {
        assert_eq!(fit_text("窓口サービス課", 7), None);
        assert_eq!(fit_text(&"あ".repeat(MAX_CELL_CHARS), MAX_CELL_CHARS), None);
    }

    #[test]
    fn long_text_is_cut_with_the_mark_inside_the_limit() {
        let cut = fit_text(&"あ".repeat(40_000), MAX_CELL_CHARS).unwrap();
        assert!(cut.ends_with(CUT_MARK));
        assert_eq!(cut.encode_utf16().count(), MAX_CELL_CHARS);
        // Characters outside the BMP count twice, as in Excel, and are never split.
        let cut = fit_text(&"𠮷".repeat(20_000), MAX_CELL_CHARS).unwrap();
        assert!(cut.encode_utf16().count() <= MAX_CELL_CHARS);
        assert!(cut.trim_end_matches(CUT_MARK).chars().all(|c| c == '𠮷'));
        assert_eq!(
            fit_text("abcdefghijkl", 10).as_deref(),
            Some("abc…（以下省略）")
        );
    }

    #[test]
    fn cuts_are_logged_with_their_place() {
        let log = CutLog::default();
        assert_eq!(log.fit("短い", 10, || unreachable!()), "短い");
        let long = "長".repeat(20);
        let cut = log.fit(&long, 10, || ("進捗".to_string(), "H3".to_string()));
        assert_eq!(cut, "長長長…（以下省略）");
        let cuts = log.take();
        assert_eq!(cuts.len(), 1);
        assert_eq!(cuts[0].location(), "進捗 3行目 H列");
        assert_eq!((cuts[0].chars, cuts[0].kept), (20, 3));
        assert!(log.take().is_empty());
    }

    #[test]
    fn status_fills_differ_in_lightness_and_hue_and_keep_their_text_readable() {
        let lum: Vec<(&str, f64)> = STATUS_PALETTE
            .iter()
            .map(|(l, rgb)| (*l, relative_luminance(*rgb)))
            .collect();
        for (k, (a, la)) in lum.iter().enumerate() {
            for (b, lb) in &lum[k + 1..] {
                let ratio = contrast_ratio(*la, *lb);
                assert!(ratio >= 1.25, "{a} {la:.3} / {b} {lb:.3}: {ratio:.2}");
            }
        }
        let hue = |rgb: u32| {
            let (r, g, b) = (
                f64::from((rgb >> 16) & 0xFF),
                f64::from((rgb >> 8) & 0xFF),
                f64::from(rgb & 0xFF),
            );
            let h = (3f64.sqrt() * (g - b)).atan2(2.0 * r - g - b).to_degrees();
            h.rem_euclid(360.0)
        };
        for (k, (a, x)) in STATUS_PALETTE.iter().enumerate() {
            for (b, y) in &STATUS_PALETTE[k + 1..] {
                let d = (hue(*x) - hue(*y)).abs();
                assert!(d.min(360.0 - d) >= 20.0, "{a} and {b} share a hue");
            }
        }
        for (label, rgb) in STATUS_PALETTE {
            let text = relative_luminance(status_text(label, rgb));
            let ratio = contrast_ratio(relative_luminance(rgb), text);
            assert!(ratio >= 4.5, "{label}: text contrast {ratio:.1}");
        }
        // The three darkest carry white text.
        let white: Vec<&str> = STATUS_PALETTE
            .iter()
            .filter(|(l, rgb)| status_text(l, *rgb) == 0xFFFFFF)
            .map(|(l, _)| *l)
            .collect();
        assert_eq!(white, ["遅延", "中止", "（状況未記入）"]);
        // Every status the workbooks show has its colour.
        let st = Styles::default();
        for s in [
            "未着手",
            "検討中",
            "実施中",
            "完了",
            "遅延",
            "中止",
            "未報告",
            "（状況未記入）",
        ] {
            assert_ne!(st.status_color(s), Color::RGB(COLOR_OTHER_STATUS), "{s}");
        }
        assert!((relative_luminance(0xFFFFFF) - 1.0).abs() < 1e-9);
        assert!(relative_luminance(0x000000).abs() < 1e-9);
    }

    #[test]
    fn wrapped_lines_count_kanji_as_two() {
        assert_eq!(lines_in("", 10.0), 1);
        // 9 usable columns: 4 kanji a line.
        assert_eq!(lines_in("窓口サービス課", 10.0), 2);
        assert_eq!(lines_in("状況 検討中→実施中、進捗率 80→90", 14.0), 3);
        assert_eq!(lines_in("一\n二\n三", 30.0), 3);
        assert_eq!(row_height(1), 18.0);
        assert_eq!(row_height(100), MAX_ROW_HEIGHT);
    }

    #[test]
    fn chart_titles_are_never_formulas_or_references() {
        assert_eq!(
            chart_text("(民)窓口サービス課 の進捗状況"),
            "(民)窓口サービス課 の進捗状況"
        );
        assert_eq!(
            chart_text("=[1]Sheet!A1 の進捗状況"),
            "'=[1]Sheet!A1 の進捗状況"
        );
        assert_eq!(chart_text("=(A1,B2)"), "'=(A1,B2)");
        assert_eq!(chart_text("Sheet1!A1"), "Sheet1！A1");
        let log = CutLog::default();
        let mut chart = Chart::new(rust_xlsxwriter::ChartType::Pie);
        set_chart_title(&mut chart, &log, "進捗推移", &"題".repeat(300));
        let cuts = log.take();
        assert_eq!(cuts.len(), 1);
        assert_eq!(cuts[0].location(), "進捗推移（グラフのタイトル）");
    }
}
