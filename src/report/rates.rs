//! The two rates of the office, defined once: every sheet, cover and table that shows a
//! 報告率 or a 完了率 takes it from [`Rates`], so that 概要, 部署別進捗, 未報告部署 and the
//! section covers agree on every count.
//!
//! - 報告率 = items reported for the month ÷ items expected to report that month (an item
//!   already 完了 or 中止, not yet in the plan, or with nothing planned this fiscal year is
//!   not expected: [`super::rules::expects_report`]).
//! - 完了率 = items whose status for the month is 完了 (reported this month or carried
//!   over) ÷ items in force (those the month's status breakdown counts:
//!   [`super::rules::MonthState::counted`]).

use super::rules::{DONE, MonthState, ProgressView, expects_report, month_state};
use crate::plan::PracticeItem;
use crate::tables::rates::{RateLevel, RateLine};
use crate::wareki::Period;

/// 報告率's definition as the clerk reads it (README, notes on the sheets).
pub const REPORT_RATE_TEXT: &str = "報告率 = 報告があった項目 ÷ 報告の対象となる項目（完了・中止の項目、計画期間外・予定なしの項目は対象外）";
/// 完了率's definition as the clerk reads it.
pub const COMPLETION_RATE_TEXT: &str =
    "完了率 = 進捗状況が「完了」の項目（前の月までに完了したものを含む） ÷ 集計の対象となる項目";

/// What a set of items amounts to for one month.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rates {
    /// Items counted in the month's status breakdown (in force).
    pub in_force: usize,
    /// Items expected to report this month.
    pub expected: usize,
    /// Expected items with a report for the month.
    pub reported: usize,
    /// Expected items without one (未報告).
    pub unreported: usize,
    /// Items whose status for the month is 完了.
    pub done: usize,
    /// Items with a report for the month, expected or not (a section that sent anything).
    pub any_report: usize,
}

impl Rates {
    /// The rates of `items` for `month`.
    pub fn of<'a>(
        view: &ProgressView,
        month: Period,
        items: impl IntoIterator<Item = &'a PracticeItem>,
    ) -> Rates {
        let mut r = Rates::default();
        for it in items {
            r.add(view, it, month);
        }
        r
    }

    fn add(&mut self, view: &ProgressView, item: &PracticeItem, month: Period) {
        let state = month_state(view, item, month);
        let counted = state.counted();
        self.in_force += usize::from(counted.is_some());
        self.done += usize::from(counted == Some(DONE));
        match state {
            MonthState::Reported(_) => {
                self.any_report += 1;
                if expects_report(view, item, month) {
                    self.expected += 1;
                    self.reported += 1;
                }
            }
            MonthState::Unreported { .. } => {
                self.expected += 1;
                self.unreported += 1;
            }
            MonthState::CarriedOver { .. } | MonthState::NotYetExpected => {}
        }
    }

    /// 報告率 (0 to 1); `None` when no item is expected to report.
    pub fn report_rate(&self) -> Option<f64> {
        ratio(self.reported, self.expected)
    }

    /// 完了率 (0 to 1); `None` when no item is in force.
    pub fn completion_rate(&self) -> Option<f64> {
        ratio(self.done, self.in_force)
    }

    /// 報告率 as text: reported / expected and the percentage.
    pub fn report_text(&self) -> String {
        rate_text(self.reported, self.expected)
    }

    /// 完了率 as text: done / in force and the percentage.
    pub fn completion_text(&self) -> String {
        rate_text(self.done, self.in_force)
    }

    /// The line of `tables/section_rates` these rates make for `month`: what it covers
    /// (`level`, its bureau and section, empty where they do not apply) and the counts
    /// with both rates.
    pub fn line(&self, month: Period, level: RateLevel, bureau: &str, section: &str) -> RateLine {
        RateLine {
            period: month.to_string(),
            level,
            bureau: bureau.to_string(),
            department_id: section.to_string(),
            in_force: self.in_force,
            expected: self.expected,
            reported: self.reported,
            unreported: self.unreported,
            done: self.done,
            report_rate: self.report_rate(),
            completion_rate: self.completion_rate(),
        }
    }

    /// Whether the items were due a report and none came (a section that sent nothing).
    pub fn none_reported(&self) -> bool {
        self.expected > 0 && self.any_report == 0
    }
}

/// A rate as the covers write it: 「3 / 4 件（75.0%）」, 「対象なし」 without a whole.
fn rate_text(part: usize, whole: usize) -> String {
    match ratio(part, whole) {
        Some(r) => format!("{part} / {whole} 件（{:.1}%）", r * 100.0),
        None => "対象なし".to_string(),
    }
}

/// Which sections were due a report for the month and which sent one: the end of a run
/// says how many reported out of how many expected and names the missing ones.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SectionReturns {
    /// Sections with at least one item due a report ([`Rates::expected`] > 0).
    pub expected: usize,
    /// Of those, the sections that sent a report for the month.
    pub reported: usize,
    /// The others, by their ID (`(民)窓口サービス課`), in plan order: the red rows of
    /// 未報告部署.
    pub missing: Vec<String>,
}

impl SectionReturns {
    /// Adds one section, given its rates for the month.
    pub fn add(&mut self, section: &str, rates: &Rates) {
        if rates.expected == 0 {
            return;
        }
        self.expected += 1;
        if rates.none_reported() {
            self.missing.push(section.to_string());
        } else {
            self.reported += 1;
        }
    }
}

fn ratio(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}
