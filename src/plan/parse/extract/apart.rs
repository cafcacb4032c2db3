//! A table set apart in plain pdftotext output: its header's labels a line each, or on
//! one line apart by spaces as `-raw` writes them. Such text is refused at the header's
//! first line ([`table_header_apart`]), since its rows cannot be rebuilt.

use std::sync::LazyLock;

use regex::Regex;

use super::label_at_start;
use super::pages::PageLine;
use super::table::is_column_word;
use crate::config::PlanVocabulary;
use crate::plan::parse::row::{Field, is_number_label, label_of};
use crate::wareki::{parse_fiscal_year, parse_fiscal_year_range};

/// The line where an item table's header row starts when plain output set its labels a
/// line each (「No.」「取組項目」「取組内容」「担当課」): three or more labels of different
/// fields, or two and two years (「所管課」「取組概要」「R7」「R8」…), each alone on its
/// line, with nothing between them but legend lines (「○：実施」); or on one line apart by
/// spaces, as `pdftotext -raw` writes the row. Such output goes on a cell at a time, a
/// row's cells scattered over the page (a page break sets a row's values after the next
/// rows, an empty cell leaves no trace), so the rows cannot be rebuilt; an item sheet
/// (取組番号 ⏎ 1-1 ⏎ 担当課 ⏎ 総務課) has a value after each label.
pub(super) fn table_header_apart(lines: &[PageLine], vocab: &PlanVocabulary) -> Option<usize> {
    let mut run: Vec<(usize, Option<Field>)> = Vec::new();
    let mut years = 0;
    let mut wrapped = WrappedLabel::default();
    let texts: Vec<(usize, &str)> = lines
        .iter()
        .map(|l| (l.no, l.text.trim()))
        .filter(|(_, t)| !t.is_empty())
        .collect();
    let mut k = 0;
    while k < texts.len() {
        let (no, text) = texts[k];
        k += 1;
        let (no, mut text) = wrapped.take(no, text, vocab);
        if let Some(joined) = texts
            .get(k)
            .and_then(|(_, next)| with_wrapped_end(&text, next, vocab))
        {
            // 「項目番」 ⏎ 「号」, 「令和 7」 ⏎ 「年度」: a label the cell's width wrapped.
            text = joined;
            k += 1;
        }
        let text = text.as_str();
        let (labels, years_on_line) = header_words(text, vocab);
        if is_header_row(labels, years_on_line) {
            return Some(no);
        }
        match header_label(text, vocab) {
            Some(f) if !run.iter().any(|(_, g)| *g == f) => run.push((no, f)),
            // A second owners' column (担当部局 beside 担当課).
            Some(f @ Some(Field::Department)) if run.last().is_some_and(|(_, g)| *g == f) => {}
            Some(f) => (run, years) = (vec![(no, f)], 0),
            None if !run.is_empty() && is_year_word(text) => years += 1,
            None if is_legend_line(text) || is_column_word(text, vocab) => {}
            None => (run, years) = (Vec::new(), 0),
        }
        if is_header_row(run.len(), years) {
            return run.first().map(|r| r.0);
        }
    }
    None
}

/// The field a header cell names alone: a label (「担当課」「【担当課】」, or one joined by
/// 「・」 to a word of its own: 「取組内容・目標」), or a number's label (`Some(None)`).
fn header_label(text: &str, vocab: &PlanVocabulary) -> Option<Option<Field>> {
    if let Some((f, _)) = label_at_start(text, vocab).filter(|(_, after)| after.is_empty()) {
        return Some(Some(f));
    }
    if is_number_label(text) {
        return Some(None);
    }
    if let Some(field) = label_after_short_words(text, vocab) {
        return Some(Some(field));
    }
    let (first, rest) = text.split_once('・')?;
    let short = rest.chars().count() <= 6 && !rest.contains('・');
    label_of(first, vocab).filter(|_| short).map(Some)
}

/// Two header cells that nearly touch, on one line one space apart (「区分 取組事項」):
/// the field of the last word when it is a label and the one or two words before it are
/// short and no labels.
fn label_after_short_words(text: &str, vocab: &PlanVocabulary) -> Option<Field> {
    let words: Vec<&str> = text
        .split([' ', '\u{3000}'])
        .filter(|w| !w.is_empty())
        .collect();
    let (last, before) = words.split_last()?;
    let short = |w: &&str| w.chars().count() <= 4 && label_of(w, vocab).is_none();
    let field = label_at_start(last, vocab)
        .filter(|(_, after)| after.is_empty())?
        .0;
    ((1..=2).contains(&before.len()) && before.iter().all(short)).then_some(field)
}

/// `text` and the line after it as one header cell, when `next` is a short piece
/// (three characters at most) and only the two together are a label or a year.
fn with_wrapped_end(text: &str, next: &str, vocab: &PlanVocabulary) -> Option<String> {
    let is_cell = |t: &str| header_label(t, vocab).is_some() || is_year_word(&spaced_year(t));
    if next.chars().count() > 3 || is_cell(text) || is_cell(next) {
        return None;
    }
    let joined = format!("{text}{next}");
    is_cell(&joined).then_some(joined)
}

/// 「令和 7 年度」, as pdftotext sets digits apart, as one word.
fn spaced_year(text: &str) -> String {
    static SPACED_YEAR: LazyLock<Regex> = LazyLock::new(|| {
        crate::text::regex(r"(令和|平成)[ \u{3000}]*(\d{1,2}|元)[ \u{3000}]*年度")
    });
    SPACED_YEAR.replace_all(text, "${1}${2}年度").into_owned()
}

/// A header label that a narrow cell wrapped a character or two a line (「番」 ⏎ 「号」):
/// the pieces so far and the line of the first.
#[derive(Default)]
struct WrappedLabel(String, usize);

impl WrappedLabel {
    /// The most characters the pieces of one label are gathered to.
    const MAX_CHARS: usize = 4;

    /// The line to look at for `text` on line `no`: the label it ends, at the line of the
    /// label's first piece, when it is the last piece of one; itself otherwise.
    fn take(&mut self, no: usize, text: &str, vocab: &PlanVocabulary) -> (usize, String) {
        let piece = text.chars().count() <= 2 && text.chars().all(char::is_alphabetic);
        if !piece {
            self.0.clear();
            return (no, text.to_string());
        }
        if self.0.is_empty() {
            self.1 = no;
        }
        self.0.push_str(text);
        let is_label = |t: &str| {
            label_at_start(t, vocab).is_some_and(|(_, after)| after.is_empty())
                || is_number_label(t)
        };
        if self.0.chars().count() > text.chars().count() && is_label(&self.0) {
            return (self.1, std::mem::take(&mut self.0));
        }
        if self.0.chars().count() > Self::MAX_CHARS {
            self.0 = text.to_string();
            self.1 = no;
        }
        (no, text.to_string())
    }
}

/// Whether a table's header holds so many labels of different fields and years: three
/// labels, or two and two years.
fn is_header_row(labels: usize, years: usize) -> bool {
    labels >= 3 || (labels >= 2 && years >= 2)
}

/// A fiscal year alone (「R7」「令和7年度」「R7～R8」).
fn is_year_word(text: &str) -> bool {
    parse_fiscal_year(text).is_some() || parse_fiscal_year_range(text).is_some()
}

/// How many labels of different fields and how many years a line holds as words apart
/// by spaces (`pdftotext -raw` writes a table's header row 「No. 取組項目 取組内容 担当課 …」
/// or 「所管課 取組概要 R7 R8 …」 so).
fn header_words(text: &str, vocab: &PlanVocabulary) -> (usize, usize) {
    let mut fields: Vec<Option<Field>> = Vec::new();
    let mut years = 0;
    let text = spaced_year(text);
    for word in text.split([' ', '\u{3000}']).filter(|w| !w.is_empty()) {
        let Some(field) = header_label(word, vocab) else {
            years += usize::from(is_year_word(word));
            continue;
        };
        if !fields.contains(&field) {
            fields.push(field);
        }
    }
    (fields.len(), years)
}

/// A line of a schedule's legend: a symbol or word, a colon, its meaning (「○：実施」).
fn is_legend_line(text: &str) -> bool {
    text.chars().count() <= 20
        && text
            .split_once(['：', ':'])
            .is_some_and(|(symbol, meaning)| {
                let n = symbol.trim().chars().count();
                (1..=4).contains(&n) && !meaning.trim().is_empty()
            })
}

/// The line where a schedule's cells come out scattered: the same year alone on its line
/// twice within [`YEARS_APART_REACH`] lines with text and no schedule label between
/// (pdfminer sets the last columns of a table a column at a time after the page's other
/// text: 「R10」「→」「R10」「→」「R10」). Which value is whose is lost, so the text is refused
/// there rather than read with values under other items' years.
pub(super) fn years_apart(lines: &[PageLine], vocab: &PlanVocabulary) -> Option<usize> {
    let texts: Vec<(usize, &str)> = lines
        .iter()
        .map(|l| (l.no, l.text.trim()))
        .filter(|(_, t)| !t.is_empty())
        .collect();
    let mut seen: Vec<(usize, i32)> = Vec::new();
    for (k, &(no, text)) in texts.iter().enumerate() {
        if label_at_start(text, vocab).is_some_and(|(f, _)| f == Field::ScheduleHeader) {
            seen.clear();
            continue;
        }
        let Some(year) = parse_fiscal_year(&spaced_year(text)) else {
            continue;
        };
        if seen
            .iter()
            .any(|&(at, y)| y == year && k - at <= YEARS_APART_REACH)
        {
            return Some(no);
        }
        seen.push((k, year));
    }
    None
}

/// How many lines with text apart the same year may stand alone twice in one schedule.
const YEARS_APART_REACH: usize = 4;
