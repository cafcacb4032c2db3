//! Helpers shared by the unit tests of the progress module: the sample plan, and sheets
//! built in memory.

use crate::config::Settings;
use crate::plan::edition::Edition;
use crate::plan::{Plan, parse_plan_text};
use crate::sheet::{CellValue, RawSheet};
use crate::wareki::Period;

/// The sample plan (initiatives No. 7 to 11).
pub(super) const SAMPLE_PLAN: &str = include_str!("../../fixtures/plans/plan_sample_no07-11.txt");

/// The plan in `text`.
pub(super) fn plan(text: &str) -> Plan {
    let s = Settings::default();
    let (parsed, mut findings) = parse_plan_text("plan.txt", text, &s);
    Plan::assemble(
        vec![parsed],
        &crate::sections::Sections::configured(&s),
        &mut findings,
    )
}

/// The sample plan as the one undated edition.
pub(super) fn sample_editions() -> Vec<Edition> {
    vec![Edition {
        date: None,
        plan: plan(SAMPLE_PLAN),
    }]
}

pub(super) fn ym(year: i32, month: u32) -> Period {
    Period::new(year, month).expect("valid period")
}

/// A text cell, or an empty one for `""`.
pub(super) fn t(s: &str) -> CellValue {
    if s.is_empty() {
        CellValue::Empty
    } else {
        CellValue::Text(s.to_string())
    }
}

/// A sheet named `報告` of text cells.
pub(super) fn text_sheet(rows: &[&[&str]]) -> RawSheet {
    sheet(
        rows.iter()
            .map(|r| r.iter().map(|s| t(s)).collect())
            .collect(),
    )
}

/// A sheet named `報告`.
pub(super) fn sheet(rows: Vec<Vec<CellValue>>) -> RawSheet {
    RawSheet {
        name: "報告".to_string(),
        rows,
        truncated_rows: 0,
        stopped_at_row: None,
        cells_past_columns: 0,
        cut_cells: Vec::new(),
    }
}
