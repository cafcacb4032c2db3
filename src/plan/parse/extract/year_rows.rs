//! A schedule set out a year a row (a 「年度 | 取組」 header over 「令和7年度 | 検討」,
//! 「令和9年度～令和11年度 | 実施」, 「令和8年度以降 | 運用」), as item tables of individual
//! sheets often write it: read as a schedule written inline (「令和7年度：検討　令和9年度～
//! 令和11年度：実施」) and turned into the schedule's two rows, years over values, as every
//! other schedule. Plain output sets such rows a cell a line ([`YearRows`] follows them)
//! and the years of other schedules too ([`is_open_year`], [`starts_with_year`]).

use std::sync::LazyLock;

use regex::Regex;

use super::pages::PageLine;
use super::place::{Cell, Year};
use super::{is_prose_row, join_wrapped};
use crate::config::PlanVocabulary;
use crate::decode::TextLine;
use crate::plan::parse::row::{Field, label_of};
use crate::text::fold;
use crate::wareki::{parse_fiscal_year, parse_fiscal_year_range};

/// The longest header cell beside the year's label (「取組」, 「取組内容」, 「実施内容」).
const MAX_HEAD_CHARS: usize = 8;

/// The lines with each schedule set out a year a row written as the schedule's two rows
/// at its header's line (a year left open running to the document's latest year); other
/// lines as they are.
pub(super) fn inline_year_rows(lines: Vec<TextLine>, vocab: &PlanVocabulary) -> Vec<TextLine> {
    let last = super::latest_year(lines.iter().map(|l| l.raw.as_str()));
    let mut out: Vec<TextLine> = Vec::with_capacity(lines.len());
    let mut k = 0;
    while k < lines.len() {
        let line = &lines[k];
        k += 1;
        let (rows, used) = if is_year_header(&line.raw, vocab) {
            rows_under(&lines[k..])
        } else {
            (Vec::new(), 0)
        };
        let inline: Vec<String> = rows.iter().map(|(y, v)| format!("{y}：{v}")).collect();
        let Some((years, values)) = super::inline_schedule(&inline.join("\u{3000}"), last) else {
            out.push(line.clone());
            continue;
        };
        k += used;
        let label = vocab
            .words
            .label_schedule
            .first()
            .map_or("工程表", String::as_str);
        let no = line.no;
        for (no, raw) in super::schedule_lines(label, no, &years, no, &values) {
            out.push(TextLine {
                no,
                folded: fold(&raw),
                raw,
            });
        }
    }
    out
}

/// The year rows at the start of `lines` (blank lines between them passed over) and how
/// many lines they take up to the last of them. In text without tabs (`pdftotext -raw`)
/// a year its cell wrapped goes on on the next line (「令和9年度～令和11年」 ⏎ 「度」), and
/// the value may follow on a line of its own.
fn rows_under(lines: &[TextLine]) -> (Vec<(String, String)>, usize) {
    let mut rows: Vec<(String, String)> = Vec::new();
    // A year read without its value yet, as written.
    let mut open: Option<String> = None;
    let mut used = 0;
    for (k, l) in lines.iter().enumerate() {
        let text = l.raw.trim();
        if text.is_empty() {
            continue;
        }
        if let Some(row) = year_row(text) {
            if open.is_some() {
                break;
            }
            rows.push(row);
            used = k + 1;
            continue;
        }
        match open.take() {
            None if !text.contains('\t') && western_year(text).is_some() => {
                open = Some(text.to_string());
            }
            None if !text.contains('\t') && starts_a_year(text) => open = Some(text.to_string()),
            Some(year) if western_year(&format!("{year}{text}")).is_some() => {
                open = Some(format!("{year}{text}"));
            }
            Some(year) => match western_year(&year) {
                Some(y) => {
                    rows.push((y, text.to_string()));
                    used = k + 1;
                }
                None => break,
            },
            None => break,
        }
    }
    (rows, used)
}

/// A header over year rows whose cells plain output set a line each (「年度」 ⏎ 「取組」
/// over 「令和 7 年度」): joined on the first line as `-raw` writes it (「年度 取組」), the
/// second left blank, when a year follows. Only 「年度」「年次」「実施年度」 open it: a
/// schedule's label over a field's (「工程表」 ⏎ 「効果」 over 「R7」) is a schedule across.
pub(super) fn join_header_apart(lines: &mut [PageLine], vocab: &PlanVocabulary) {
    let with_text: Vec<usize> = (0..lines.len())
        .filter(|&k| !lines[k].text.trim().is_empty())
        .collect();
    for w in with_text.windows(3) {
        let (a, b, c) = (w[0], w[1], w[2]);
        let (head, word) = (lines[a].text.trim(), lines[b].text.trim());
        if !is_year_word(head)
            || label_of(word, vocab).is_some()
            || !is_year_header_cells(&[head, word], vocab)
            || !is_year_start(lines[c].text.trim())
        {
            continue;
        }
        let joined = format!("{head} {word}");
        lines[a].cols = (0..joined.chars().count()).collect();
        lines[a].text = joined;
        lines[b].text.clear();
        lines[b].cols.clear();
    }
}

/// Where a schedule a year a row is, line by line, in text that sets its cells a line
/// each (plain output).
pub(super) enum YearRows {
    /// A year comes next, or the rows have ended.
    Year,
    /// A year was read (as far as written: its cell may have wrapped it): its value next.
    Value(String),
}

impl YearRows {
    /// Where the rows are after `text` when it is a line of them (a year, the rest of a
    /// year its cell wrapped, a year's value); `None` when they ended before it.
    pub(super) fn after(self, text: &str) -> Option<YearRows> {
        match self {
            YearRows::Year if is_year_start(text) => Some(YearRows::Value(text.to_string())),
            YearRows::Value(open) if completes_year(&open, text) => {
                Some(YearRows::Value(format!("{open}{text}")))
            }
            YearRows::Value(_) => Some(YearRows::Year),
            YearRows::Year => None,
        }
    }
}

/// Whether a line opens a year's row: a year, a span, a year left open, or one its cell
/// wrapped (「令和 9 年度～令和 11 年」).
fn is_year_start(text: &str) -> bool {
    western_year(text).is_some() || starts_a_year(text)
}

/// Whether `text` ends the year `open` that its cell wrapped (「令和9年度～令和11年」 ⏎ 「度」).
fn completes_year(open: &str, text: &str) -> bool {
    matches!(fold(text.trim()).as_str(), "度" | "年度" | "年")
        && western_year(&format!("{open}{text}")).is_some()
}

/// A year left open (「令和8年度～」「令和10年度以降」): a row of a schedule written as a
/// year and what is done from it.
pub(super) fn is_open_year(text: &str) -> bool {
    let folded = fold(text.trim());
    let Some(year) = folded
        .strip_suffix(['~', '〜', '～'])
        .or_else(|| folded.strip_suffix("以降"))
        .or_else(|| folded.strip_suffix("から"))
    else {
        return false;
    };
    parse_fiscal_year(year.trim()).is_some()
}

/// Text that opens with a fiscal year (`R8：試行`, `令和9年度～`, `2027年度`).
pub(super) fn starts_with_year(text: &str) -> bool {
    static YEAR: LazyLock<Regex> = LazyLock::new(|| {
        crate::text::regex(r"^(?:(?:R|令和|H|平成)\s*(?:元|\d{1,2})|(?:19|20)\d{2}\s*年度)")
    });
    YEAR.is_match(&fold(text.trim()))
}

/// Whether `text` opens with a fiscal year that goes on past its end (「令和9年度～令和11年」).
fn starts_a_year(text: &str) -> bool {
    text.chars().count() <= 16
        && (western_year(&format!("{text}度")).is_some()
            || western_year(&format!("{text}年度")).is_some())
}

/// A header over year rows: its first cell the schedule's label or 「年度」, the others
/// (「取組」, 「内容」) short words that are no years.
pub(super) fn is_year_header(raw: &str, vocab: &PlanVocabulary) -> bool {
    is_year_header_cells(&cells_of(raw), vocab)
}

/// A line's cells: apart by tabs, or in text without tabs by spaces.
fn cells_of(raw: &str) -> Vec<&str> {
    if raw.contains('\t') {
        raw.split('\t').map(str::trim).collect()
    } else {
        raw.split_whitespace().collect()
    }
}

/// Whether `cells` are a header over year rows (see [`is_year_header`]): two cells or more.
pub(super) fn is_year_header_cells(cells: &[&str], vocab: &PlanVocabulary) -> bool {
    let Some((first, rest)) = cells.split_first() else {
        return false;
    };
    let is_year_label =
        is_year_word(first) || label_of(first, vocab) == Some(Field::ScheduleHeader);
    is_year_label && !rest.is_empty() && rest.iter().all(|c| is_head_word(c))
}

/// 「年度」「年次」「実施年度」: the year's label of a header over year rows.
fn is_year_word(cell: &str) -> bool {
    matches!(fold(cell).as_str(), "年度" | "年次" | "実施年度")
}

/// A header's word beside the year's label (「取組」, 「実施内容」): short, no digit, no colon
/// (「R7：検討」 is an inline schedule's value).
fn is_head_word(cell: &str) -> bool {
    let folded = fold(cell);
    !folded.is_empty()
        && folded.chars().count() <= MAX_HEAD_CHARS
        && !folded.chars().any(|c| c.is_ascii_digit() || c == ':')
}

/// A row of a year and its value (「令和7年度 | 検討」, 「令和9年度～令和11年度 | 実施」,
/// 「令和8年度以降 | 運用」): the year in western numbers (`2025`, `2027~2029`,
/// `2030以降`: an inline schedule of era years with 年度 would read as a header of years)
/// and the value, its cells joined.
fn year_row(raw: &str) -> Option<(String, String)> {
    let cells = cells_of(raw);
    let (year, rest) = cells.split_first()?;
    let value = rest
        .iter()
        .filter(|c| !c.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    let year = western_year(year)?;
    (!value.is_empty()).then_some((year, value))
}

/// A fiscal year, a span of them, or one left open (「令和9年度～」, 「令和8年度以降」), in
/// western numbers.
fn western_year(text: &str) -> Option<String> {
    let folded = fold(text);
    let text = folded.trim();
    let (text, open) = match ["以降", "から", "~"]
        .iter()
        .find_map(|w| text.strip_suffix(w))
    {
        Some(t) => (t.trim(), "以降"),
        None => (text, ""),
    };
    if let Some(y) = parse_fiscal_year(text) {
        return Some(format!("{y}{open}"));
    }
    let (a, b) = parse_fiscal_year_range(text)?;
    Some(format!("{a}~{b}{open}"))
}

/// Whether a cell is a year, a span or a year left open (a header's cell: the schedule
/// across, not a year a row; the first cell of a year's row).
pub(super) fn is_year_cell(text: &str) -> bool {
    western_year(text).is_some()
}

/// A block that is a schedule row on its own line (「令和9年度～ 売却」).
pub(super) fn is_year_line(lines: &[String]) -> bool {
    lines.first().is_some_and(|l| is_prose_row(l))
}

/// A schedule written as rows of a year and what is done in it, that plain output set
/// as year blocks and value blocks (in turn, or the years first): the rows rebuilt, the
/// k-th year with the k-th value, beside rows that came on one line. `None` unless a
/// year is a span or left open, or a row came whole, and the values match the years.
pub(super) fn paired_lines(years: &[Year], cells: &[Cell]) -> Option<Vec<String>> {
    let (whole, values): (Vec<&Cell>, Vec<&Cell>) =
        cells.iter().partition(|c| is_year_line(&c.lines));
    let spans = years.iter().any(|y| {
        is_open_year(&y.text) || parse_fiscal_year_range(&y.text).is_some_and(|(a, b)| a < b)
    });
    if (!spans && whole.is_empty()) || values.len() != years.len() {
        return None;
    }
    let mut rows: Vec<(usize, String)> = years
        .iter()
        .zip(&values)
        .map(|(y, v)| (y.seq, format!("{} {}", y.text, join_wrapped(&v.lines))))
        .collect();
    rows.extend(whole.iter().map(|c| (c.seq, join_wrapped(&c.lines))));
    rows.sort_by_key(|r| r.0);
    Some(rows.into_iter().map(|r| r.1).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;
    use crate::decode::text_lines;

    fn rows(text: &str) -> Vec<String> {
        inline_year_rows(text_lines(text), &Settings::default().plan)
            .into_iter()
            .map(|l| l.raw)
            .collect()
    }

    #[test]
    fn a_schedule_a_year_a_row_becomes_years_over_values() {
        assert_eq!(
            rows(
                "計画期間　令和7年度～令和12年度\n年度\t取組\n令和7年度\t検討\n\n令和9年度～令和10年度\t実施\n令和11年度以降\t運用\n備考\tなし\n"
            ),
            [
                "計画期間　令和7年度～令和12年度",
                "工程表\t2025\t2027~2028\t2029年度~2030年度",
                "\t検討\t実施\t運用",
                "備考\tなし",
            ]
        );
        // Text without tabs (`-raw`): words apart by spaces, a year wrapped in its cell.
        assert_eq!(
            rows(
                "令和7年度～令和11年度\n年度 取組\n令和7年度 検討\n令和8年度～令和11年\n度\n実施\n備考\n"
            ),
            [
                "令和7年度～令和11年度",
                "工程表\t2025\t2026~2029",
                "\t検討\t実施",
                "備考"
            ]
        );
        // An inline schedule after its label, and a header row of years (the schedule
        // across), are left to the readers of those.
        assert_eq!(
            rows("年次計画\tR7：検討\tR8：実施\n"),
            ["年次計画\tR7：検討\tR8：実施"]
        );
        assert_eq!(
            rows("工程表\tR7\tR8\n\t検討\t実施\n"),
            ["工程表\tR7\tR8", "\t検討\t実施"]
        );
        // 「年度」 with no year row under it stays.
        assert_eq!(
            rows("年度\t取組\n担当課\t市民課\n"),
            ["年度\t取組", "担当課\t市民課"]
        );
    }
}
