//! The 工程表 row: what happens in each fiscal year.

use std::sync::LazyLock;

use regex::Regex;

use crate::text::fold;

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

/// `→`, `⇒`, `――→`, `->`: the previous activity continues.
pub fn is_arrow(cell: &str) -> bool {
    static RE: LazyLock<Regex> = LazyLock::new(|| crate::text::regex(r"^[-=─━]*[→⇒➡➔⟶>]+$"));
    let f: String = fold(cell).chars().filter(|c| !c.is_whitespace()).collect();
    !f.is_empty() && RE.is_match(&f)
}

/// Reads the cells of a schedule row against its fiscal years.
pub fn schedule_kinds(years: &[i32], cells: &[String]) -> Vec<ScheduleCell> {
    let mut current = String::new();
    years
        .iter()
        .enumerate()
        .map(|(i, &fy)| {
            let text = cells
                .get(i)
                .map(|s| s.trim().to_string())
                .unwrap_or_default();
            let kind = if text.is_empty() {
                if current.is_empty() {
                    ScheduleKind::None
                } else {
                    ScheduleKind::Continued
                }
            } else if is_arrow(&text) {
                ScheduleKind::Arrow
            } else {
                current = text.clone();
                ScheduleKind::New
            };
            ScheduleCell {
                fiscal_year: fy,
                cell_text: text,
                activity: current.clone(),
                kind,
            }
        })
        .collect()
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
        let kinds: Vec<_> = schedule_kinds(&years, &cells)
            .iter()
            .map(|c| c.kind)
            .collect();
        use ScheduleKind::*;
        assert_eq!(kinds, vec![None, New, Arrow, Continued, New]);
        let s = schedule_kinds(&years, &cells);
        assert_eq!(s[3].activity, "調査");
        assert_eq!(s[0].activity, "");
        assert!(is_arrow("⇒"));
        assert!(is_arrow("――→"));
        assert!(!is_arrow("導入"));
    }
}
