//! The month's collection of reports as tables: `collection` (one row per section
//! expected to report, grouped by bureau) and `reminders` (one row per section with items
//! still missing, for a mail merge; written as CSV only, with Japanese headers).
//!
//! The rows are worked out by the report stage (which knows the month rules); this file
//! only says what the tables' columns are.

use polars::prelude::DataFrame;

use super::TableError;
use super::frame::Frame;

/// A section's line of the month's collection.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Collected {
    /// 部局 as the plan names it (`市民生活部`).
    pub bureau: String,
    /// `(民)窓口サービス課`.
    pub department_id: String,
    /// Items of the section expected to be reported this month.
    pub expected: usize,
    /// Of those and the others, items reported this month.
    pub reported: usize,
    /// Files the month's reports came from.
    pub files: Vec<String>,
    /// 報告日 as the returned sheet gives it (`令和6年11月5日`), or empty.
    pub report_date: String,
    /// 記入者.
    pub writer: String,
    /// 連絡先.
    pub contact: String,
    /// Items expected and not reported (`7-1`, `8-2（2か月以上）`).
    pub missing: Vec<String>,
    /// The due date, `2024-11-10`.
    pub due_date: String,
    /// The due date as covers show it, `令和6年11月10日（日）`.
    pub due_label: String,
    /// Items are missing and the due date has passed.
    pub overdue: bool,
    /// The section's workbook (what to send it again).
    pub workbook: String,
}

impl Collected {
    /// `報告済`, `一部未報告` or `未報告`.
    pub fn state(&self) -> &'static str {
        match (self.missing.is_empty(), self.reported) {
            (true, _) => "報告済",
            (false, 0) => "未報告",
            (false, _) => "一部未報告",
        }
    }
}

/// `collection`: every section expected to report.
///
/// # Errors
/// Only on an internal inconsistency.
pub fn collection(rows: &[Collected]) -> Result<DataFrame, TableError> {
    Frame::of(rows)
        .col("bureau", |r| r.bureau.as_str())
        .col("department_id", |r| r.department_id.as_str())
        .col("state", Collected::state)
        .col("items_expected", |r| r.expected as u32)
        .col("items_reported", |r| r.reported as u32)
        .col("files", |r| r.files.join("\n"))
        .col("report_date", |r| r.report_date.as_str())
        .col("writer", |r| r.writer.as_str())
        .col("contact", |r| r.contact.as_str())
        .col("missing_items", |r| r.missing.join("、"))
        .col("due_date", |r| r.due_date.as_str())
        .col("overdue", |r| r.overdue)
        .col("workbook", |r| r.workbook.as_str())
        .finish()
}

/// `reminders`: one row per section with items still missing, headed in Japanese for a
/// mail merge.
///
/// # Errors
/// Only on an internal inconsistency.
pub fn reminders(rows: &[Collected]) -> Result<DataFrame, TableError> {
    let missing: Vec<Collected> = rows
        .iter()
        .filter(|r| !r.missing.is_empty())
        .cloned()
        .collect();
    Frame::of(&missing)
        .col("部局", |r| r.bureau.clone())
        .col("部署", |r| r.department_id.clone())
        .col("状況", |r| r.state().to_string())
        .col("未報告の項目", |r| r.missing.join("、"))
        .col("未報告の項目数", |r| r.missing.len() as u32)
        .col("提出期限", |r| r.due_label.clone())
        .col("期限超過", |r| {
            if r.overdue { "超過" } else { "" }.to_string()
        })
        .col("部署別ブック", |r| r.workbook.clone())
        .col("記入者", |r| r.writer.clone())
        .col("連絡先", |r| r.contact.clone())
        .finish()
}
