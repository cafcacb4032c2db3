//! Measuring cells: column widths in pixels (Excel's and LibreOffice's substitute font)
//! and row heights from the lines text wraps to, in East Asian display width
//! (rust_xlsxwriter fits no heights, and its autofit counts a kanji as one narrow
//! character).
//!
//! Column widths are in Excel's unit, the width of a digit of the workbook font:
//! ＭＳ Ｐゴシック 11 pt draws a digit 8 px wide and pads a column by 5 px (the 72 px default
//! column of [`super::styles::init_workbook`]).

use unicode_width::UnicodeWidthStr;

/// Width of a digit of the workbook font, in pixels.
pub const DIGIT_PX: f64 = 8.0;
/// Width of a digit of DejaVu Sans 11 pt, which LibreOffice measures columns by where
/// ＭＳ Ｐゴシック is missing, in pixels.
pub const SUBSTITUTE_DIGIT_PX: f64 = 9.33;
/// What a column adds to its digits, in pixels.
pub const CELL_PAD_PX: f64 = 5.0;
/// Points per wrapped line at the body font size.
pub const LINE_HEIGHT: f64 = 14.0;
/// Points per wrapped line of a note (10 pt).
pub const NOTE_LINE_HEIGHT: f64 = 13.0;
/// Points a table row adds to its lines.
pub const ROW_PADDING: f64 = 4.0;
/// The height of a row left as it is (the workbook's default), in points.
pub const DEFAULT_ROW_HEIGHT: f64 = 13.5;
/// Excel's tallest row, in points.
pub const MAX_ROW_HEIGHT: f64 = 409.0;

/// A column of `width` as Excel draws it, in pixels.
pub fn column_px(width: f64) -> f64 {
    if width <= 0.0 {
        0.0
    } else {
        (width * DIGIT_PX).round() + CELL_PAD_PX
    }
}

/// A column of `width` as LibreOffice draws it with DejaVu Sans for the workbook font,
/// in pixels: Excel's pixels over its digit, in digits of 9.33 px.
pub fn substitute_column_px(width: f64) -> f64 {
    column_px(width) / DIGIT_PX * SUBSTITUTE_DIGIT_PX
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
