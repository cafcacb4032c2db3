//! Formats and layout helpers shared by the workbooks: a Japanese font, colours that carry
//! meaning, column widths and row heights measured in East Asian display width
//! (rust_xlsxwriter's autofit counts a kanji as one narrow character), print setup.
//!
//! Every string a workbook shows goes through [`fit_text`]: text longer than Excel allows
//! is cut, ends in [`CUT_MARK`], and the cut is logged in the workbook's [`CutLog`] so that
//! the run can report it.

use std::borrow::Cow;
use std::cell::RefCell;

use rust_xlsxwriter::{
    Chart, Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};
use unicode_width::UnicodeWidthStr;

/// Workbook font: present on every Japanese Windows PC; LibreOffice substitutes a Gothic.
pub const FONT: &str = "ＭＳ Ｐゴシック";
/// Points per wrapped line at the body font size.
const LINE_HEIGHT: f64 = 14.0;
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
    chart.title().set_name(text.as_ref());
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

/// The formats of one gyokaku workbook, and the log of the text cut to fit in it.
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
    /// Text cut to fit anywhere in the workbook these formats belong to.
    pub cuts: CutLog,
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
            cuts: CutLog::default(),
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
/// Text is cut to fit a cell ([`MAX_CELL_CHARS`]) and every cut is logged.
pub struct SheetWriter<'a> {
    /// The sheet, for what the writer does not cover (charts, validations).
    pub ws: &'a mut Worksheet,
    log: &'a CutLog,
    widths: Vec<usize>,
    caps: Vec<usize>,
    wrapped: Vec<(u32, u16, String)>,
}

impl<'a> SheetWriter<'a> {
    /// `caps[i]`: the widest column `i` may grow (in half-width characters); text beyond it
    /// wraps. Columns without a cap are not measured. Cuts are logged in `log`.
    pub fn new(ws: &'a mut Worksheet, log: &'a CutLog, caps: &[usize]) -> Self {
        SheetWriter {
            ws,
            log,
            widths: vec![0; caps.len()],
            caps: caps.to_vec(),
            wrapped: Vec::new(),
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

    /// Writes text that widens its column.
    ///
    /// # Errors
    /// A cell outside the sheet.
    pub fn text(&mut self, row: u32, col: u16, s: &str, fmt: &Format) -> Result<(), XlsxError> {
        let s = self.fit(row, col, s);
        self.ws
            .write_string_with_format(row, col, s.as_ref(), fmt)?;
        self.measure(row, col, &s);
        Ok(())
    }

    /// Writes text without widening the column (titles, notes).
    ///
    /// # Errors
    /// A cell outside the sheet.
    pub fn loose(&mut self, row: u32, col: u16, s: &str, fmt: &Format) -> Result<(), XlsxError> {
        let s = self.fit(row, col, s);
        self.ws
            .write_string_with_format(row, col, s.as_ref(), fmt)?;
        Ok(())
    }

    /// Writes text into the cells of `row` from `first_col` to `last_col` merged into one,
    /// without widening the columns.
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
                let height = (lines as f64 * LINE_HEIGHT + 4.0).min(MAX_ROW_HEIGHT);
                self.ws.set_row_height(row, height)?;
            }
        }
        Ok(())
    }
}

/// A4 landscape, fit to one page wide, header rows repeated on every page, page numbers.
/// The footer shows `footer_title`, cut to fit Excel's limit on a footer.
///
/// # Errors
/// Only on an invalid row range.
pub fn print_setup(
    ws: &mut Worksheet,
    log: &CutLog,
    header_rows: Option<(u32, u32)>,
    footer_title: &str,
) -> Result<(), XlsxError> {
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    let (text, cut) = footer(footer_title);
    if let Some(kept) = cut {
        log.record(Cut {
            sheet: ws.name(),
            place: "フッター".to_string(),
            chars: footer_title.chars().count(),
            kept,
            limit: MAX_SHORT_TEXT,
            head: footer_title.chars().take(30).collect(),
        });
    }
    ws.set_footer(text);
    if let Some((first, last)) = header_rows {
        ws.set_repeat_rows(first, last)?;
    }
    Ok(())
}

/// The footer: `title` on the left (`&` escaped, cut so that the whole footer keeps to
/// [`MAX_SHORT_TEXT`]; rust_xlsxwriter drops a longer one), page numbers on the right;
/// and, when the title was cut, how many of its characters were kept.
fn footer(title: &str) -> (String, Option<usize>) {
    let make = |t: &str| format!("&L{}&R&P / &N ページ", t.replace('&', "&&"));
    let whole = make(title);
    if whole.encode_utf16().count() <= MAX_SHORT_TEXT {
        return (whole, None);
    }
    // Each `&` of the title takes two units once escaped.
    let room = MAX_SHORT_TEXT - (make("").encode_utf16().count() + CUT_MARK.encode_utf16().count());
    let mut used = 0;
    let mut kept = String::new();
    for c in title.chars() {
        used += if c == '&' { 2 } else { c.len_utf16() };
        if used > room {
            break;
        }
        kept.push(c);
    }
    let chars = kept.chars().count();
    (make(&format!("{kept}{CUT_MARK}")), Some(chars))
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
    fn footers_keep_to_excels_limit() {
        assert_eq!(footer("A&B"), ("&LA&&B&R&P / &N ページ".to_string(), None));
        for title in ["課".repeat(300), "&".repeat(300)] {
            let (f, kept) = footer(&title);
            assert!(f.encode_utf16().count() <= MAX_SHORT_TEXT, "{f}");
            assert!(f.contains(CUT_MARK));
            assert!(kept.is_some_and(|k| k > 100 && k < 250), "{kept:?}");
        }
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
