//! Text extracted from a published plan (pdftotext with or without `-layout`, UTF-8 or
//! Shift_JIS, or text copied from a viewer) turned into the lines the plan parser reads:
//! one row of the item table per line, its cells separated by tabs.
//!
//! Text whose item table already has tab-separated cells (the form `gyokaku` was first
//! given) is passed through unchanged. Otherwise:
//!
//! 1. [`pages`]: the text is split into pages at form feeds; page numbers (`- 3 -`),
//!    running headers and footers (the lines that open or close most pages), a table of
//!    contents (dot leaders before a page number) and an overview (体系) page are dropped;
//!    a Shift_JIS extraction's full-width letters and digits are folded, and the spaces
//!    pdftotext sets between Latin and Japanese text are taken out.
//! 2. [`columns`] (`-layout` output: a label and its value on one line, set apart by
//!    spaces) cuts each line at runs of spaces, keeps each piece's column and gives the
//!    schedule values to the year whose header starts above them; lines indented under a
//!    value continue it, across page breaks too.
//! 3. [`blocks`] (plain output: a label, then its value as the next block of lines;
//!    a table whose header sets its labels a line each is refused: [`apart`])
//!    pairs each label with the blocks that follow it; [`place`] sets a schedule's value
//!    blocks under their years by the reading order and the width of their text.
//!
//! Both give the 担当部署 cell one section per line, except that a line naming only a
//! bureau (`市民生活部`) and the section on the next line are one section. In plain output
//! a cell written 「財政部　資産活用課」 on one line may come out as two blocks, the section
//! after the schedule or inside the next item's: a block naming a section alone among a
//! schedule's blocks completes the earliest cell still naming a bureau alone.

mod apart;
mod blocks;
mod columns;
mod header_row;
mod page_columns;
mod pages;
mod place;
mod table;
mod year_rows;

pub(in crate::plan) use pages::is_widened;
pub(in crate::plan) use table::layout_table;

use std::sync::LazyLock;

use regex::Regex;

use super::row::{self, Field, label_of};
use crate::config::PlanVocabulary;
use crate::decode::{TextLine, text_lines};
use crate::plan::numbering::number_before_title;
use crate::text::fold;
use crate::wareki::parse_fiscal_year;

/// A schedule row of plain output with fewer values than years and nothing in the text
/// to say which years are empty: its values were set from the first year on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unplaced {
    /// The line of the row's first value in the file.
    pub line: usize,
    pub values: usize,
    pub years: usize,
}

/// What an extraction reads to: the lines of plan text for the parser and the schedule
/// rows placed without evidence; or, for an item table set out a cell at a time, the
/// line where its header starts, and nothing to read.
pub(super) enum Extraction {
    Lines(Vec<TextLine>, Vec<Unplaced>),
    TableApart {
        line: usize,
    },
    /// A schedule's cells scattered: the same year alone twice close together, at `line`.
    YearsApart {
        line: usize,
    },
}

/// The lines of plan text for the parser: as written when the item table has tab cells,
/// otherwise rebuilt from the extraction.
pub(super) fn plan_lines(text: &str, vocab: &PlanVocabulary) -> Extraction {
    let lines = text_lines(text);
    if lines.iter().any(|l| is_tab_row(&l.raw, vocab)) {
        let lines = year_rows::inline_year_rows(lines, vocab);
        return Extraction::Lines(header_row::label_rows(lines, vocab), Vec::new());
    }
    let mut page_lines = pages::clean(text);
    pages::join_split_numerals(&mut page_lines, |t| blocks::is_structure(t, vocab));
    let (out, unplaced) = if columns::is_layout(&page_lines, vocab) {
        (columns::rows(&page_lines, vocab), Vec::new())
    } else if let Some(line) = apart::table_header_apart(&page_lines, vocab) {
        return Extraction::TableApart { line };
    } else if let Some(line) = apart::years_apart(&page_lines, vocab) {
        return Extraction::YearsApart { line };
    } else {
        year_rows::join_header_apart(&mut page_lines, vocab);
        pages::drop_header_pieces(&mut page_lines, |t| {
            blocks::is_structure(t, vocab)
                || label_at_start(t, vocab).is_some()
                || row::is_number_label(t)
        });
        blocks::rows(&page_lines, vocab)
    };
    let lines = out
        .into_iter()
        .map(|(no, raw)| TextLine {
            no,
            folded: fold(&raw),
            raw,
        })
        .collect();
    let lines = year_rows::inline_year_rows(lines, vocab);
    Extraction::Lines(header_row::label_rows(lines, vocab), unplaced)
}

/// A row of a tab-separated item table: a label cell, then a value.
fn is_tab_row(raw: &str, vocab: &PlanVocabulary) -> bool {
    let mut cells = raw.split('\t');
    let first = cells.next().unwrap_or_default();
    cells.next().is_some() && label_of(first, vocab).is_some()
}

/// A line of the rebuilt text: its line number in the file and its text.
type Out = (usize, String);

/// The label a piece of text is, or starts with (`年次計画：R3 検討`, `【担当課】市民課`,
/// `年次計画R7：検討`): the field and the rest after the label.
fn label_at_start(text: &str, vocab: &PlanVocabulary) -> Option<(Field, String)> {
    if let Some(f) = label_of(text, vocab) {
        return Some((f, String::new()));
    }
    if let Some((inner, rest)) = super::row::bracketed(text)
        && let Some(f) = label_of(inner, vocab)
    {
        return Some((f, rest.trim().to_string()));
    }
    if let Some((head, rest)) = text.split_once(['：', ':'])
        && let Some(f) = label_of(head, vocab)
    {
        return Some((f, rest.trim().to_string()));
    }
    schedule_label_before_years(text, vocab)
        .map(|rest| (Field::ScheduleHeader, rest))
        .or_else(|| label_before_latin(text, vocab))
}

/// A label run into a value that opens with Latin letters or digits (「取組内容SNSの…」:
/// the space pdftotext set between them taken out with the others between Japanese and
/// Latin text).
fn label_before_latin(text: &str, vocab: &PlanVocabulary) -> Option<(Field, String)> {
    let text = text.trim();
    let cut = text.find(|c: char| c.is_ascii_alphanumeric())?;
    let (head, rest) = text.split_at(cut);
    // A word (「SNS」, 「ICT」), not a year (「R7」) nor a number.
    let word = rest.chars().take_while(char::is_ascii_alphabetic).count() >= 2;
    let field = label_of(head.trim(), vocab)?;
    (word && matches!(field, Field::Content | Field::Name)).then(|| (field, rest.to_string()))
}

/// The inline schedule after a schedule's label with nothing between them
/// (「年次計画R7：検討R8：試行」, as pdftotext's `-raw` output loses the space).
fn schedule_label_before_years(text: &str, vocab: &PlanVocabulary) -> Option<String> {
    let text = text.trim();
    vocab.words.label_schedule.iter().find_map(|w| {
        let rest = text.strip_prefix(w.as_str())?.trim();
        inline_schedule(rest, None).map(|_| rest.to_string())
    })
}

/// `推進項目 1-1` on a line of its own, the name on the next, or with the name after it
/// (pdfminer: `推進項目 1-1　窓口業務の民間委託`): an item name's label, the item's number
/// and the name when the line carries it (empty otherwise).
fn numbered_name_label<'v>(
    text: &str,
    vocab: &'v PlanVocabulary,
) -> Option<(&'v str, String, String)> {
    let text = text.trim();
    vocab.words.label_item_name.iter().find_map(|w| {
        let rest = text.strip_prefix(w.as_str())?.trim();
        let (number, title) = rest
            .split_once([' ', '\u{3000}'])
            .map_or((rest, ""), |(n, t)| (n, t.trim()));
        let is_number = !number.is_empty()
            && number.chars().count() <= 12
            && crate::plan::numbering::parse_number(number, vocab.layout.iroha).is_some();
        // With a name after it, only a number in digits (「1-2」): a marker (「取組名 ①
        // …」) is an item's name row as any other.
        let digits = title.is_empty() || number.chars().any(|c| c.is_ascii_digit());
        (is_number && digits).then(|| (w.as_str(), number.to_string(), title.to_string()))
    })
}

/// The label of a line that [`label_at_start`] recognises: the word in brackets
/// (`【担当課】市民課`), the text before a colon (`年次計画：R3 検討`), or before the first
/// year (`年次計画R7：検討`).
fn label_word(text: &str) -> String {
    // The first year (or span) of an inline schedule right after its label (`年次計画R7：検討`,
    // `年次計画 R7～R11：実施`).
    static YEAR_AT_END: LazyLock<Regex> = LazyLock::new(|| {
        crate::text::regex(
            r"\s*(?:(?:R|令和|H|平成)\s*(?:元|\d{1,2})|(?:19|20)\d{2})(?:\s*[~～〜]\s*(?:R|令和|H|平成)?\s*\d{1,4})?$",
        )
    });
    if let Some((inner, _)) = super::row::bracketed(text) {
        return inner.trim().to_string();
    }
    let head = text.split(['：', ':']).next().unwrap_or(text).trim();
    YEAR_AT_END.replace(head, "").trim().to_string()
}

/// A line naming a bureau only (`市民生活部`, `消防本部`): the section follows on the
/// next line of the cell.
pub(super) fn is_bureau_only(line: &str) -> bool {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        crate::text::regex(r"^[^、,／/()（）\s]{1,12}(?:部|局|本部|委員会|事務局)$")
    });
    RE.is_match(line.trim())
}

/// A line naming a section only (`資産活用課`, `危機管理室`), no bureau.
pub(super) fn is_section_only(line: &str) -> bool {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        crate::text::regex(r"^[^、,／/()（）\s]{1,15}(?:課|室|係|センター|事務所)$")
    });
    RE.is_match(line.trim()) && !is_bureau_only(line)
}

/// The sections of a 担当部署 cell written over several lines: one per line, a bureau
/// alone on its line joined to the section below it.
pub(super) fn department_cells(lines: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut bureau: Option<String> = None;
    for line in lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()) {
        if let Some(b) = bureau.take() {
            if is_bureau_only(line) {
                out.push(b);
                bureau = Some(line.to_string());
            } else {
                out.push(format!("{b} {line}"));
            }
        } else if is_bureau_only(line) {
            bureau = Some(line.to_string());
        } else {
            out.push(line.to_string());
        }
    }
    out.extend(bureau);
    out
}

/// Joins the wrapped pieces of a cell: Japanese text directly, Latin words with a space.
fn join_wrapped(parts: &[String]) -> String {
    let mut out = String::new();
    for p in parts.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
        if out.ends_with(|c: char| c.is_ascii_alphanumeric())
            && p.starts_with(|c: char| c.is_ascii_alphanumeric())
        {
            out.push(' ');
        }
        out.push_str(p);
    }
    out
}

/// An item name's parts: a number alone before the name (`(ア)`, `No.1`, or `１` where
/// Shift_JIS could not write `①`, which becomes the circled number it was) is set apart
/// by a space; wrapped pieces of the name are joined.
fn item_name(parts: &[String]) -> String {
    let parts: Vec<&str> = parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect();
    match parts.as_slice() {
        [first, rest @ ..] if !rest.is_empty() && is_number_token(first) => {
            let first = circled(first).unwrap_or_else(|| (*first).to_string());
            format!("{first} {}", join_wrapped(&to_owned(rest)))
        }
        _ => join_wrapped(&to_owned(&parts)),
    }
}

/// A piece that is only an item number.
fn is_number_token(piece: &str) -> bool {
    circled(piece).is_some()
        || matches!(number_before_title(&format!("{piece} 名"), false), (Some(_), rest) if rest == "名")
}

fn to_owned(parts: &[&str]) -> Vec<String> {
    parts.iter().map(|p| (*p).to_string()).collect()
}

/// `1` … `20` as `①` … `⑳`.
pub(super) fn circled(number: &str) -> Option<String> {
    let folded = fold(number);
    if folded.is_empty() || !folded.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let n: u32 = folded.parse().ok().filter(|n| (1..=20).contains(n))?;
    char::from_u32(0x2460 + n - 1).map(String::from)
}

/// An inline schedule, `R3 検討　R4 システム改修　R5 実施　R6～R7 →` (or `R7：検討　R8：試行`,
/// `R7・R8：改定`, `R9以降：継続`, `R7～R11：実施`): the year cells and the value under each.
/// A year left open (`以降`, `から`, `～`) runs to `last`, the document's latest year;
/// years joined by 「・」 share the value that follows (a span from the first). `None`
/// unless two years each carry a value, or one span does.
pub(in crate::plan) fn inline_schedule(
    text: &str,
    last: Option<i32>,
) -> Option<(Vec<String>, Vec<String>)> {
    static YEAR: LazyLock<Regex> = LazyLock::new(|| {
        crate::text::regex(
            r"(?:R|令和|H|平成)\s*(?:元|\d{1,2})(?:\s*年度)?(?:\s*~\s*(?:R|令和|H|平成)?\s*(?:元|\d{1,2})(?:\s*年度)?)?|(?:19|20)\d{2}(?:\s*年度)?(?:\s*~\s*(?:19|20)\d{2}(?:\s*年度)?)?",
        )
    });
    let folded = fold(text);
    let starts: Vec<(usize, usize)> = YEAR
        .find_iter(&folded)
        .map(|m| (m.start(), m.end()))
        .collect();
    if starts.is_empty() || starts[0].0 != 0 {
        return None;
    }
    let mut years = Vec::new();
    let mut values = Vec::new();
    for (k, (s, e)) in starts.iter().enumerate() {
        let end = starts.get(k + 1).map_or(folded.len(), |n| n.0);
        let (year, value) = inline_cell(folded[*s..*e].trim(), &folded[*e..end], last);
        years.push(year);
        values.push(value);
    }
    share_joined_values(&mut values);
    let filled = values.iter().filter(|v| !v.is_empty()).count();
    let one_span = years.len() == 1 && years[0].contains('~') && filled == 1;
    (filled >= 2 || one_span).then_some((years, values))
}

/// A year of an inline schedule and the text after it: the year (a span to `last` when
/// the text opens with 以降・から・～) and the value without its leading colon and the
/// comma after it.
fn inline_cell(year: &str, after: &str, last: Option<i32>) -> (String, String) {
    let after = after.trim();
    let open = ["以降", "から", "~"]
        .iter()
        .find_map(|w| after.strip_prefix(w))
        .filter(|_| !year.contains('~'));
    let (year, after) = match (open, parse_fiscal_year(year), last) {
        (Some(rest), Some(from), Some(to)) if to > from => {
            (format!("{from}年度~{to}年度"), rest.trim())
        }
        _ => (year.to_string(), after),
    };
    let value = after.trim_start_matches([':', '：']).trim();
    // 「R7：調査、R8：実施」: the comma between the years' values is no part of them (a
    // value of commas alone joins its year to the next: see `share_joined_values`).
    let value = match value.trim_end_matches(INLINE_SEPARATORS) {
        "" => value,
        text => text.trim(),
    };
    (year, value.to_string())
}

/// What sets an inline schedule's years and values apart besides spaces.
const INLINE_SEPARATORS: [char; 6] = ['、', ',', '，', '；', ';', '･'];

/// Years joined by 「・」 or 「、」 (`R7・R8：改定`): the first takes the value after the last,
/// the others continue it.
fn share_joined_values(values: &mut [String]) {
    for k in (0..values.len().saturating_sub(1)).rev() {
        let joined = !values[k].is_empty()
            && values[k]
                .chars()
                .all(|c| matches!(c, '・' | '、' | ',' | '･'));
        if joined {
            values[k] = std::mem::replace(&mut values[k + 1], "→".to_string());
        }
    }
}

/// A row of a schedule written in prose, folded: the year it starts, `～` or
/// `以降`/`から` and the year it ends, and what is done.
static PROSE_ROW: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::regex(
        r"^((?:R|令和|H|平成)\s*(?:元|\d{1,2})\s*年度|(?:19|20)\d{2}\s*年度)\s*(?:([~〜])\s*((?:R|令和|H|平成)\s*(?:元|\d{1,2})\s*年度|(?:19|20)\d{2}\s*年度)?|(以降|から))?[\s:]*(\S.*)$",
    )
});

/// Whether a line is a row of a schedule written in prose (「令和9年度～ 売却」).
fn is_prose_row(line: &str) -> bool {
    PROSE_ROW.is_match(&fold(line.trim()))
}

/// A schedule written as lines of years and what is done in them (`令和7年度　検討`,
/// `令和8年度～　実施`, `令和10年度以降　継続`, `令和7年度～令和11年度　実施`): a year cell per
/// fiscal year from the first, the value in the year a line starts and `→` in the later
/// years of its span. A span left open (`～`, `以降`) runs to `last`, the document's
/// latest year. `None` unless every line is of that form.
fn prose_schedule(lines: &[String], last: Option<i32>) -> Option<(Vec<String>, Vec<String>)> {
    let mut spans: Vec<(i32, i32, String)> = Vec::new();
    for line in lines {
        let folded = fold(line.trim());
        let c = PROSE_ROW.captures(&folded)?;
        let from = parse_fiscal_year(&c[1])?;
        let open = c.get(2).is_some() || c.get(4).is_some();
        let to = match c.get(3) {
            Some(y) => parse_fiscal_year(y.as_str())?,
            None if open => last.filter(|l| *l >= from)?,
            None => from,
        };
        spans.push((from, to, c[5].trim().to_string()));
    }
    let first = spans.iter().map(|s| s.0).min()?;
    let end = spans.iter().map(|s| s.1).max()?;
    if end - first > 30 {
        return None;
    }
    let mut years = Vec::new();
    let mut values = Vec::new();
    for fy in first..=end {
        years.push(format!("{fy}年度"));
        let value = spans
            .iter()
            .find(|(a, _, _)| *a == fy)
            .map(|(_, _, v)| v.clone())
            .or_else(|| {
                spans
                    .iter()
                    .any(|(a, b, _)| *a < fy && fy <= *b)
                    .then(|| "→".to_string())
            })
            .unwrap_or_default();
        values.push(value);
    }
    Some((years, values))
}

/// The latest fiscal year a span in the text ends with (`令和7年度～令和11年度`): where a
/// span left open in a schedule (`令和8年度～`) ends.
pub(super) fn latest_year<'a>(lines: impl Iterator<Item = &'a str>) -> Option<i32> {
    static SPAN: LazyLock<Regex> = LazyLock::new(|| {
        crate::text::regex(
            r"(?:R|令和|H|平成)\s*(?:元|\d{1,2})\s*年度?\s*[~〜]\s*((?:R|令和|H|平成)\s*(?:元|\d{1,2})\s*年度?|(?:19|20)\d{2}\s*年度?)|(?:19|20)\d{2}\s*年度?\s*[~〜]\s*((?:19|20)\d{2}\s*年度?)",
        )
    });
    lines
        .flat_map(|l| {
            let folded = fold(l);
            SPAN.captures_iter(&folded)
                .filter_map(|c| {
                    c.get(1)
                        .or(c.get(2))
                        .and_then(|m| parse_fiscal_year(m.as_str()))
                })
                .collect::<Vec<_>>()
        })
        .max()
}

/// The two lines of a schedule: the label and year cells, then the value cells.
pub(super) fn schedule_lines(
    label: &str,
    no: usize,
    years: &[String],
    values_no: usize,
    values: &[String],
) -> [Out; 2] {
    let mut header = label.to_string();
    for y in years {
        header.push('\t');
        header.push_str(y);
    }
    let mut row = String::new();
    for v in values {
        row.push('\t');
        row.push_str(v);
    }
    [(no, header), (values_no, row)]
}

#[cfg(test)]
mod tests;
