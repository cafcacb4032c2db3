//! The 工程表 row: what happens in each fiscal year.

use std::sync::LazyLock;

use regex::Regex;

use crate::config::{LegendEntry, LegendKind};
use crate::text::{fold, fold_compact};

/// How a fiscal year's cell reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ScheduleKind {
    /// Text in the cell: an activity starts or changes.
    New,
    /// `→`: the previous activity goes on.
    Arrow,
    /// Empty cell after an activity: a merged cell in the PDF, the activity goes on.
    Continued,
    /// Nothing planned yet.
    None,
}

impl ScheduleKind {
    /// Stable machine-readable code for tables.
    pub fn code(self) -> &'static str {
        match self {
            ScheduleKind::New => "new",
            ScheduleKind::Arrow => "arrow",
            ScheduleKind::Continued => "continued",
            ScheduleKind::None => "none",
        }
    }

    /// Japanese label for workbooks.
    pub fn label(self) -> &'static str {
        match self {
            ScheduleKind::New => "新規・変更",
            ScheduleKind::Arrow => "継続（→）",
            ScheduleKind::Continued => "継続",
            ScheduleKind::None => "予定なし",
        }
    }
}

/// One fiscal year of an item's schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleCell {
    pub fiscal_year: i32,
    /// The cell as written (trimmed).
    pub cell_text: String,
    /// The activity in force that year.
    pub activity: String,
    pub kind: ScheduleKind,
}

/// How far (in years) a schedule year may lie from the median of its file's years before it
/// is taken for a typo (「1901年度」 among 令和 years). A long plan of twenty years still
/// fits: its ends are ten years from its middle.
pub const OUTLYING_YEARS: i32 = 10;

/// The years among `years` (distinct, sorted) that lie more than [`OUTLYING_YEARS`] from
/// their median.
pub fn outlying_years(years: &[i32]) -> Vec<i32> {
    let Some(&median) = years.get(years.len() / 2) else {
        return Vec::new();
    };
    years
        .iter()
        .copied()
        .filter(|y| (y - median).abs() > OUTLYING_YEARS)
        .collect()
}

/// `→`, `⇒`, `――→`, `->`, `━━━▶`, and a bar drawn across the cell (`━━━`, `――`): the
/// previous activity continues. A single dash (`－`) is no bar: plans write it for "nothing".
pub fn is_arrow(cell: &str) -> bool {
    static ARROW: LazyLock<Regex> =
        LazyLock::new(|| crate::text::regex(r"^[-=─━]*[→⇒➡➔⟶>▶►▷⇨➜➝➞➤⮕]+$"));
    // Matched before folding, which makes 「―」 a hyphen.
    static BAR: LazyLock<Regex> = LazyLock::new(|| crate::text::regex(r"^[─━―—]{2,}$"));
    let unspaced = |s: &str| -> String { s.chars().filter(|c| !c.is_whitespace()).collect() };
    let f = unspaced(&fold(cell));
    !f.is_empty() && (ARROW.is_match(&f) || BAR.is_match(&unspaced(cell)))
}

/// Reads the cells of a schedule row against its fiscal years. A cell the legend knows
/// (`○`, `⇒`, `同上`) takes the legend's kind, and its meaning as the activity; any other
/// text is a new activity, an arrow continues, and an empty cell continues what went on
/// before. The cell's text is always kept as written.
pub fn schedule_kinds(
    years: &[i32],
    cells: &[String],
    legend: &[LegendEntry],
) -> Vec<ScheduleCell> {
    let mut current = String::new();
    years
        .iter()
        .enumerate()
        .map(|(i, &fy)| {
            let text = cells
                .get(i)
                .map(|s| s.trim().to_string())
                .unwrap_or_default();
            let kind = read_cell(&text, legend, &mut current);
            ScheduleCell {
                fiscal_year: fy,
                cell_text: text,
                activity: current.clone(),
                kind,
            }
        })
        .collect()
}

/// The kind of one cell, updating the activity in force.
fn read_cell(text: &str, legend: &[LegendEntry], current: &mut String) -> ScheduleKind {
    if text.is_empty() {
        return if current.is_empty() {
            ScheduleKind::None
        } else {
            ScheduleKind::Continued
        };
    }
    if let Some(entry) = legend_entry(text, legend) {
        return match entry.kind {
            LegendKind::New => {
                *current = if entry.meaning.is_empty() {
                    text.to_string()
                } else {
                    entry.meaning.clone()
                };
                ScheduleKind::New
            }
            LegendKind::Arrow => ScheduleKind::Arrow,
            LegendKind::None => {
                current.clear();
                ScheduleKind::None
            }
        };
    }
    if is_arrow(text) {
        ScheduleKind::Arrow
    } else {
        *current = text.to_string();
        ScheduleKind::New
    }
}

/// The legend entry a cell is, compared after folding without spaces.
fn legend_entry<'a>(text: &str, legend: &'a [LegendEntry]) -> Option<&'a LegendEntry> {
    let key = fold_compact(text);
    legend.iter().find(|e| fold_compact(&e.symbol) == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_arrow_continued_none() {
        let years = [2020, 2021, 2022, 2023, 2024];
        let cells: Vec<String> = ["", "調査", "→", "", "見直し"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let legend = crate::Settings::default().plan.schedule_legend;
        let kinds: Vec<_> = schedule_kinds(&years, &cells, &legend)
            .iter()
            .map(|c| c.kind)
            .collect();
        use ScheduleKind::*;
        assert_eq!(kinds, vec![None, New, Arrow, Continued, New]);
        let s = schedule_kinds(&years, &cells, &legend);
        assert_eq!(s[3].activity, "調査");
        assert_eq!(s[0].activity, "");
        assert!(is_arrow("⇒"));
        assert!(is_arrow("――→"));
        assert!(is_arrow("━━━"));
        assert!(is_arrow("━━━▶"));
        assert!(is_arrow("――►"));
        assert!(is_arrow("――"));
        assert!(!is_arrow("－"));
        assert!(!is_arrow("―"));
        assert!(!is_arrow("導入"));
    }

    #[test]
    fn legend_symbols_and_same_as_above() {
        let years = [2021, 2022, 2023, 2024, 2025];
        let cells: Vec<String> = ["検討", "○", "同上", "⇒", "－"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let legend = crate::Settings::default().plan.schedule_legend;
        let s = schedule_kinds(&years, &cells, &legend);
        use ScheduleKind::*;
        let kinds: Vec<_> = s.iter().map(|c| c.kind).collect();
        assert_eq!(kinds, vec![New, New, Arrow, Arrow, None]);
        assert_eq!(s[1].activity, "実施");
        assert_eq!(s[1].cell_text, "○");
        assert_eq!(s[3].activity, "実施");
        assert_eq!(s[4].activity, "");
    }

    #[test]
    fn a_year_far_from_the_rest_is_outlying() {
        assert_eq!(
            outlying_years(&[1901, 2024, 2025, 2026, 2027, 2028]),
            vec![1901]
        );
        assert_eq!(
            outlying_years(&[2024, 2025, 2026, 2027, 2028, 2208]),
            vec![2208]
        );
        let twenty: Vec<i32> = (2020..=2040).collect();
        assert!(outlying_years(&twenty).is_empty());
        assert!(outlying_years(&[]).is_empty());
        assert!(outlying_years(&[1901]).is_empty());
    }
}
