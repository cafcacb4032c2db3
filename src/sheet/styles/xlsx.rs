//! Percent styles of an xlsx workbook. Calamine reads `xl/styles.xml` once when the
//! workbook opens and keeps each cell style's number format (the `cellXfs` palette);
//! its cell reader gives each cell's style id beside the value, so the sheet is read
//! once, not inflated and parsed again for the formats.

use calamine::Style;

use super::common::is_percent_code;

/// For each cell style of the palette (by style id), whether its number format is a
/// percentage: the built-in formats 9 (`0%`) and 10 (`0.00%`) or a format code that shows
/// a percentage.
pub fn percent_styles(styles: &[Style]) -> Vec<bool> {
    styles
        .iter()
        .map(|s| {
            s.number_format.as_ref().is_some_and(|f| {
                matches!(f.format_id, Some(9 | 10)) || is_percent_code(&f.format_code)
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_palette_has_no_percent_style() {
        assert_eq!(percent_styles(&[Style::default()]), vec![false]);
    }
}
