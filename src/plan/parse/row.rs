//! The rows of an item table (実践項目名, 担当部署, 取組内容, 工程表): which field a row's
//! label names, its cells, and the fiscal years of a schedule header.

use std::sync::LazyLock;

use regex::Regex;

use crate::config::PlanVocabulary;
use crate::text::{fold, fold_compact};
use crate::wareki::{parse_fiscal_year, parse_fiscal_year_range};

/// A field of the item table, named by a row's label or, for the schedule values, by the
/// row that follows the schedule header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Field {
    Name,
    Department,
    Content,
    ScheduleHeader,
    ScheduleValues,
}

/// One row of the item table, split into cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Row {
    /// The field the first cell names, if it is a label.
    pub label: Option<Field>,
    /// Every cell, the label's included.
    pub cells: Vec<String>,
}

impl Row {
    /// The non-empty cells after the label, joined with `sep`.
    pub fn values_joined(&self, sep: &str) -> String {
        self.cells
            .iter()
            .skip(1)
            .filter(|c| !c.is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join(sep)
    }

    /// The cells after the label; the header cells when the row is a schedule header.
    pub fn after_label(&self) -> &[String] {
        &self.cells[1..]
    }

    /// Every non-empty cell joined with spaces: the text of a row without a label.
    pub fn text(&self) -> String {
        self.cells
            .iter()
            .filter(|c| !c.is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// A row that may carry on the field before it: its label cell is empty, or it is
    /// one cell of wrapped text.
    pub fn is_continuation(&self) -> bool {
        self.cells.first().is_some_and(|c| c.is_empty()) || self.cells.len() == 1
    }

    /// The cells of a schedule values row: without the empty label cell when it has one.
    pub fn into_schedule_values(self) -> Vec<String> {
        if self.cells.first().is_some_and(|c| c.is_empty()) {
            self.cells[1..].to_vec()
        } else {
            self.cells
        }
    }
}

fn cells(raw: &str) -> Vec<String> {
    raw.split('\t').map(|c| c.trim().to_string()).collect()
}

/// A label written in brackets or after a bullet at the start of a line (`【担当課】市民課`,
/// `◆担当課　市民課`, `■内容：…`): the word and the rest of the line.
pub(super) fn bracketed(text: &str) -> Option<(&str, &str)> {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        crate::text::regex(
            r"^[\s\u{3000}]*(?:[【\[［〔＜<]([^】\]］〕＞>]{1,12})[】\]］〕＞>]|[■◆●○◇□▼▽◎・]\s*([^\s\u{3000}:：]{1,12})(?:[\s\u{3000}:：]|$))[\s\u{3000}:：]*(.*)$",
        )
    });
    // Most lines open with neither: the regex only runs on the ones that do.
    let first = text
        .trim_start_matches(|c: char| c.is_whitespace())
        .chars()
        .next()?;
    if !"【[［〔＜<■◆●○◇□▼▽◎・".contains(first) {
        return None;
    }
    let c = RE.captures(text)?;
    let (inner, rest) = (c.get(1).or(c.get(2))?, c.get(3)?);
    Some((
        &text[inner.start()..inner.end()],
        &text[rest.start()..rest.end()],
    ))
}

/// Labels of a row that holds an item's number (取組番号 | 1-1), in an item sheet.
const NUMBER_LABELS: [&str; 8] = [
    "取組番号",
    "項目番号",
    "番号",
    "No.",
    "No",
    "整理番号",
    "管理番号",
    "個票番号",
];

/// Whether a cell labels an item's number (取組番号, 項目番号, No.).
pub(in crate::plan) fn is_number_label(cell: &str) -> bool {
    static FOLDED: LazyLock<Vec<String>> =
        LazyLock::new(|| NUMBER_LABELS.iter().map(|w| fold_compact(w)).collect());
    let text = fold_compact(cell);
    FOLDED.contains(&text)
}

/// The field a label cell names, if any; a label may be in brackets (`【担当課】`).
pub(super) fn label_of(cell: &str, vocab: &PlanVocabulary) -> Option<Field> {
    if let Some((inner, "")) = bracketed(cell) {
        return label_of(inner, vocab);
    }
    let c = fold_compact(cell);
    if c.is_empty() {
        return None;
    }
    let words = vocab.folded();
    let is = |words: &[String]| words.contains(&c);
    if is(&words.label_item_name) {
        Some(Field::Name)
    } else if is(&words.label_department) {
        Some(Field::Department)
    } else if is(&words.label_item_content) {
        Some(Field::Content)
    } else if is(&words.label_schedule) {
        Some(Field::ScheduleHeader)
    } else {
        None
    }
}

/// Splits a row of the item table into its label and values. Rows normally have tab
/// separated cells; text extracted without tabs has the label, a space and the value.
pub(super) fn split_row(raw: &str, vocab: &PlanVocabulary) -> Row {
    let cs = cells(raw);
    if cs.len() > 1 {
        return Row {
            label: label_of(&cs[0], vocab),
            cells: cs,
        };
    }
    let trimmed = raw.trim();
    if let Some((inner, rest)) = bracketed(trimmed)
        && let Some(label) = label_of(inner, vocab)
    {
        return Row {
            label: Some(label),
            cells: vec![inner.to_string(), rest.trim().to_string()],
        };
    }
    if let Some((w, f, rest)) = leading_label(trimmed, vocab) {
        return Row {
            label: Some(f),
            cells: vec![w.to_string(), rest.to_string()],
        };
    }
    Row {
        label: label_of(trimmed, vocab),
        cells: vec![trimmed.to_string()],
    }
}

/// The longest label word `line` starts with, followed by a space or 「：」 (or, for an
/// item name's label, by the item's number): the word, its field and the rest of the line.
/// Of two words of one length, the vocabulary's first.
fn leading_label<'a, 'v>(
    line: &'a str,
    vocab: &'v PlanVocabulary,
) -> Option<(&'v str, Field, &'a str)> {
    let mut best: Option<(&str, Field, &str)> = None;
    for (words, f) in [
        (&vocab.words.label_item_name, Field::Name),
        (&vocab.words.label_department, Field::Department),
        (&vocab.words.label_item_content, Field::Content),
        (&vocab.words.label_schedule, Field::ScheduleHeader),
    ] {
        for w in words {
            let Some(rest) = line.strip_prefix(w.as_str()) else {
                continue;
            };
            let longer = best.is_none_or(|(b, _, _)| w.chars().count() > b.chars().count());
            if longer
                && (rest.starts_with([' ', '\u{3000}', ':', '：'])
                    || (f == Field::Name && numbered_name(rest)))
            {
                best = Some((w, f, rest.trim_start_matches([' ', '\u{3000}', ':', '：'])));
            }
        }
    }
    best
}

/// `1-1　窓口業務の民間委託`: an item's number and name written straight after its label
/// (`推進項目1-1　…`).
fn numbered_name(rest: &str) -> bool {
    crate::plan::numbering::number_before_title(rest, false)
        .0
        .is_some()
}

/// The fiscal years of a schedule header's cells (`R 2年度`, `令和2年度`, `2020年度`), up to
/// the first cell that is not one. Empty when none can be read.
pub(super) fn schedule_header_years(cells: &[String]) -> Vec<i32> {
    static TOKEN: LazyLock<Regex> = LazyLock::new(|| {
        crate::text::regex(r"(?:R|令和|H|平成)\s*(?:元|\d{1,2})\s*年度|(?:19|20)\d{2}\s*年度")
    });
    let non_empty: Vec<&String> = cells.iter().filter(|c| !c.trim().is_empty()).collect();
    if non_empty.len() == 1 {
        // Extracted without tabs: all years in one cell.
        let f = fold(non_empty[0]);
        let ys: Vec<i32> = TOKEN
            .find_iter(&f)
            .filter_map(|m| parse_fiscal_year(m.as_str()))
            .collect();
        if ys.len() > 1 {
            return ys;
        }
        // Years without 年度 (「R7 R8 R9 R10 R11」): every word a year.
        let words: Option<Vec<i32>> = f.split_whitespace().map(parse_fiscal_year).collect();
        if let Some(ys) = words.filter(|ys| ys.len() > 1) {
            return ys;
        }
    }
    non_empty
        .iter()
        .map_while(|c| parse_fiscal_year(c))
        .collect()
}

/// The fiscal years of a schedule header whose cells may span several years (`R3～R4`,
/// `R5`, `R6～R7`), and how many years each cell spans; `None` when no cell spans more
/// than one (read with [`schedule_header_years`]).
pub(super) fn schedule_header_spans(cells: &[String]) -> Option<(Vec<i32>, Vec<usize>)> {
    let spans: Vec<(i32, i32)> = cells
        .iter()
        .filter(|c| !c.trim().is_empty())
        .map_while(|c| parse_fiscal_year_range(c))
        .collect();
    if spans.iter().all(|(a, b)| a == b) {
        return None;
    }
    let years = spans.iter().flat_map(|(a, b)| *a..=*b).collect();
    let counts = spans
        .iter()
        .map(|(a, b)| usize::try_from(b - a + 1).unwrap_or(1))
        .collect();
    Some((years, counts))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;

    fn strings(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn tab_separated_rows_keep_their_cells() {
        let s = Settings::default();
        let row = split_row("担当部署\t(民)窓口サービス課\t\t(福)総合福祉課\t", &s.plan);
        assert_eq!(row.label, Some(Field::Department));
        assert_eq!(
            row.values_joined("、"),
            "(民)窓口サービス課、(福)総合福祉課"
        );
        let row = split_row("\t先進自治体の調査\t\t→", &s.plan);
        assert_eq!(row.label, None);
        assert!(row.is_continuation());
        assert_eq!(row.text(), "先進自治体の調査 →");
        assert_eq!(
            row.into_schedule_values(),
            strings(&["先進自治体の調査", "", "→"])
        );
        let row = split_row("備考\t任意", &s.plan);
        assert_eq!(row.label, None);
        assert!(!row.is_continuation());
    }

    #[test]
    fn rows_without_tabs_split_at_the_longest_label() {
        let s = Settings::default();
        let row = split_row("実践項目名　窓口の混雑状況に関する市民周知", &s.plan);
        assert_eq!(row.label, Some(Field::Name));
        assert_eq!(
            row.cells,
            strings(&["実践項目名", "窓口の混雑状況に関する市民周知"])
        );
        let row = split_row("担当部署：(財)管財課", &s.plan);
        assert_eq!(row.label, Some(Field::Department));
        assert_eq!(row.after_label(), strings(&["(財)管財課"]));
        // A label alone on its line, and wrapped text.
        assert_eq!(
            split_row(" 工程表 ", &s.plan).label,
            Some(Field::ScheduleHeader)
        );
        let row = split_row("を検討する。", &s.plan);
        assert_eq!(row.label, None);
        assert!(row.is_continuation());
    }

    #[test]
    fn schedule_header_years_in_cells_or_in_one_cell() {
        let years = |cells: &[&str]| schedule_header_years(&strings(cells));
        assert_eq!(
            years(&["R 2年度", "R 3年度", "", "R 4年度"]),
            vec![2020, 2021, 2022]
        );
        assert_eq!(
            years(&["令和元年度 令和2年度 令和3年度"]),
            vec![2019, 2020, 2021]
        );
        assert_eq!(years(&["2020年度", "2021年度", "備考"]), vec![2020, 2021]);
        assert_eq!(years(&["R7 R8 R9"]), vec![2025, 2026, 2027]);
        assert_eq!(years(&["R7 予定"]), Vec::<i32>::new());
        assert_eq!(years(&["年度ごとの予定"]), Vec::<i32>::new());
        let spans = |cells: &[&str]| schedule_header_spans(&strings(cells));
        assert_eq!(
            spans(&["R3～R4", "R5", "R6～R7"]),
            Some((vec![2021, 2022, 2023, 2024, 2025], vec![2, 1, 2]))
        );
        assert_eq!(spans(&["R3", "R4"]), None);
    }
}
