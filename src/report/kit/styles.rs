//! The formats of a gyokaku workbook: a Japanese font, the cell formats of tables,
//! schedules and statuses (colours from [`super::palette`]).

use rust_xlsxwriter::{
    Color, Format, FormatAlign, FormatBorder, FormatPattern, Workbook, XlsxError,
};

use super::cut::CutLog;
use super::header::PageHeader;
use super::palette::{
    COLOR_BAR, COLOR_BAR_LINE, COLOR_BAR_NEW, COLOR_CHANGE, COLOR_CURRENT, COLOR_CURRENT_FRAME,
    COLOR_ERROR, COLOR_HEADER, COLOR_LABEL, COLOR_OTHER_STATUS, COLOR_WARNING, STATUS_PALETTE,
    status_text,
};

/// Workbook font: present on every Japanese Windows PC; LibreOffice substitutes a Gothic.
pub const FONT: &str = "ＭＳ Ｐゴシック";

/// Sets the workbook's default font before any sheet is added.
///
/// # Errors
/// Only if a sheet was added before.
pub fn init_workbook(wb: &mut Workbook) -> Result<(), XlsxError> {
    let base = Format::new()
        .set_font_name(FONT)
        .set_font_size(11)
        .set_font_charset(128);
    // 72 px columns: the font's digit is 8 px wide ([`super::measure::DIGIT_PX`]).
    wb.set_default_format(&base, 18, 72)?;
    // zlib's fastest level: a run writes every workbook each month, and level 1 takes a
    // sixth off writing them for files about a fifth larger (about 25 KB a section's
    // workbook; docs/performance.md).
    wb.set_zip_compression_level(1);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::kit::palette::*;

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
        // Printed in grey (0.299 R + 0.587 G + 0.114 B), every two fills are at least 25
        // levels apart.
        for (k, (a, x)) in STATUS_PALETTE.iter().enumerate() {
            for (b, y) in &STATUS_PALETTE[k + 1..] {
                let d = (print_grey(*x) - print_grey(*y)).abs();
                assert!(d >= 25.0, "{a} and {b} print {d:.1} grey levels apart");
            }
        }
        assert!((print_grey(0xFFFFFF) - 255.0).abs() < 1e-9);
        assert!((print_grey(0x3A993A) - 113.8).abs() < 0.1);
        assert!((relative_luminance(0xFFFFFF) - 1.0).abs() < 1e-9);
        assert!(relative_luminance(0x000000).abs() < 1e-9);
    }
}
