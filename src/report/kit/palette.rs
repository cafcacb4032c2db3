//! Colours that carry meaning and survive a monochrome printer: the fills of headers,
//! schedule bars and findings, and one fill per status.

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
pub const COLOR_OTHER_STATUS: u32 = 0xBFBFBF;

/// Status -> fill. Each status has a hue of its own (yellow under study, teal not
/// started, red not reported, blue under way, green done, orange late, purple stopped,
/// magenta no status given) and a lightness of its own: from light to dark, each fill's
/// relative luminance is at least 1.25 times the next one's (as a contrast ratio), and
/// every two fills print at least 25 grey levels apart ([`print_grey`]), so that the
/// statuses stay apart on a monochrome printer and in a grey chart. The common
/// statuses are the light ones; the dark fills, which carry white text, are the rare ones.
/// Every text keeps a contrast of at least 4.5 ([`status_text`]).
pub const STATUS_PALETTE: [(&str, u32); 8] = [
    ("検討中", 0xFFF8C7),
    ("未着手", 0xB7E2E4),
    ("未報告", 0xFF9CA7),
    ("実施中", 0x7DA1FE),
    ("完了", 0x669A6D),
    ("遅延", 0x886141),
    ("中止", 0x603C85),
    ("（状況未記入）", 0x4A2841),
];

/// The grey a monochrome printer makes of a fill (ITU-R BT.601 luma, 0 to 255).
#[cfg(test)]
pub fn print_grey(rgb: u32) -> f64 {
    let c = |shift: u32| f64::from((rgb >> shift) & 0xFF);
    0.299 * c(16) + 0.587 * c(8) + 0.114 * c(0)
}

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
