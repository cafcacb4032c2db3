//! The rates as lines of `tables/section_rates`: for each month of the fiscal year up to
//! the run's period in which some item is counted, the whole plan, then each bureau followed by its sections, counted
//! as 概要 (全体の状況, the line chart), 部署一覧 (sections and subtotals), 部署別進捗 and
//! 未報告部署 count them ([`Rates`]).

use super::rates::Rates;
use super::rules::{bureau_items, bureaus, reported_items};
use super::workbook::ReportInput;
use crate::plan::PracticeItem;
use crate::tables::rates::{RateLevel, RateLine};
use crate::wareki::fiscal_months;

/// The lines of `tables/section_rates` for the run's period and the months before it in
/// its fiscal year.
pub fn rate_lines(input: &ReportInput) -> Vec<RateLine> {
    let every = reported_items(input.plan);
    // Each bureau's and section's items, found once for all the months.
    let mut groups: Vec<(RateLevel, &str, &str, Vec<&PracticeItem>)> = Vec::new();
    for group in bureaus(&input.plan.departments) {
        let bureau = group[0].bureau_label();
        let items = bureau_items(input.plan, group[0]);
        groups.push((RateLevel::Bureau, bureau, "", items));
        for d in group {
            let items = input.items_of(&d.id).into_iter().map(|(_, it)| it);
            groups.push((RateLevel::Section, bureau, d.id.as_str(), items.collect()));
        }
    }
    let mut lines = Vec::new();
    for month in fiscal_months(input.period)
        .into_iter()
        .filter(|m| *m <= input.period)
    {
        let all = Rates::of(input.progress, month, every.iter().copied());
        // Before reporting started nothing is counted: no lines of zeros.
        if all.in_force == 0 {
            continue;
        }
        lines.push(all.line(month, RateLevel::Plan, "", ""));
        for (level, bureau, section, items) in &groups {
            let r = Rates::of(input.progress, month, items.iter().copied());
            lines.push(r.line(month, *level, bureau, section));
        }
    }
    lines
}
