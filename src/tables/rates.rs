//! `section_rates`: 報告率 and 完了率 of every section, every bureau and the whole plan,
//! for each month of the fiscal year up to the run's period.
//!
//! The counts are worked out by the report stage (the one definition of the rates,
//! `report::rates::Rates`, that 概要, 部署一覧, 部署別進捗, 未報告部署 and the covers use);
//! this file only says what the table's columns are.

use polars::prelude::DataFrame;

use super::TableError;
use super::frame::Frame;

/// What a line of `section_rates` covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateLevel {
    /// One section: the items it owns or shares.
    Section,
    /// One bureau: the items any of its sections owns or shares, each counted once.
    Bureau,
    /// The whole plan: every item with a responsible section, each counted once.
    Plan,
}

impl RateLevel {
    /// `部署`, `部局` or `全体`, as the table writes it.
    pub fn label(self) -> &'static str {
        match self {
            RateLevel::Section => "部署",
            RateLevel::Bureau => "部局",
            RateLevel::Plan => "全体",
        }
    }
}

/// One line of `section_rates`: the counts behind the two rates for one month.
#[derive(Debug, Clone, PartialEq)]
pub struct RateLine {
    /// The month, `2024-10`.
    pub period: String,
    /// What the line covers.
    pub level: RateLevel,
    /// 部局 as the plan names it; empty on the whole plan's line.
    pub bureau: String,
    /// `(民)窓口サービス課` on a section's line, else empty.
    pub department_id: String,
    /// Items counted in the month's status breakdown (the denominator of 完了率).
    pub in_force: usize,
    /// Items expected to report (the denominator of 報告率).
    pub expected: usize,
    /// Of those, items reported.
    pub reported: usize,
    /// Of those, items not reported (未報告).
    pub unreported: usize,
    /// Items whose status for the month is 完了.
    pub done: usize,
    /// 報告率 (0 to 1) as `Rates` works it out; `None` with nothing expected.
    pub report_rate: Option<f64>,
    /// 完了率 (0 to 1); `None` with nothing in force.
    pub completion_rate: Option<f64>,
}

/// `section_rates`: the lines as given (months in order, each month's whole plan, then
/// each bureau followed by its sections).
///
/// # Errors
/// Only on an internal inconsistency.
pub fn section_rates(rows: &[RateLine]) -> Result<DataFrame, TableError> {
    Frame::of(rows)
        .col("period", |r| r.period.as_str())
        .col("level", |r| r.level.label())
        .col("bureau", |r| r.bureau.as_str())
        .col("department_id", |r| r.department_id.as_str())
        .col("items_in_force", |r| r.in_force as u32)
        .col("items_expected", |r| r.expected as u32)
        .col("items_reported", |r| r.reported as u32)
        .col("items_unreported", |r| r.unreported as u32)
        .col("items_done", |r| r.done as u32)
        .col("report_rate", |r| r.report_rate)
        .col("completion_rate", |r| r.completion_rate)
        .finish()
}
