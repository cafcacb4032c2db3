//! Text cut to fit: every string a workbook shows goes through [`fit_text`]; text longer
//! than Excel allows is cut, ends in [`CUT_MARK`], and the cut is logged in the workbook's
//! [`CutLog`] so that the run can report it.

use std::borrow::Cow;
use std::cell::RefCell;

use rust_xlsxwriter::{Chart, ChartFont};

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
