//! Records -> the normalized tables (polars DataFrames), written as Parquet and as CSV
//! (UTF-8 with BOM so that Excel opens it in Japanese) for audit and BI use.
//!
//! | table | columns |
//! |---|---|
//! | `initiatives` | initiative_no, title, issues, content, goals, source_file, source_line |
//! | `practice_items` | item_id, initiative_no, seq, name, content, department_id, all_departments, source_file, source_line |
//! | `item_departments` | item_id, department_id, role (`主担当` / `共同`) |
//! | `departments` | department_id, bureau_mark, bureau_name, section_name, workbook |
//! | `schedule` | item_id, fiscal_year, cell_text, activity, kind |
//! | `themes` | theme_no, name |
//! | `effect_targets` | item_id, fiscal_year, target_yen |
//! | `progress` | item_id, period, status, status_raw, percent, `<scale>`, `<scale>_raw` (per scale: grade, grade_raw, …), effect_yen, results, issues, next_steps, source_file, source_sheet, source_row |
//! | `revisions` | edition, date, files, initiatives, items, departments, in_force |
//! | `plan_changes` | from_edition, to_edition, item_id_old, item_id_new, change, detail |
//! | `diagnostics` | severity, file, location, code, value, message |
//! | `collection` | bureau, department_id, state, items_expected, items_reported, files, report_date, writer, contact, missing_items, due_date, overdue, workbook |
//! | `section_rates` | period, level (`全体` / `部局` / `部署`), bureau, department_id, items_in_force, items_expected, items_reported, items_unreported, items_done, report_rate, completion_rate |
//! | `reminders` (CSV only) | 部局, 部署, 状況, 未報告の項目, 未報告の項目数, 提出期限, 期限超過, 部署別ブック, 記入者, 連絡先 |
//!
//! Each table is one function listing its columns ([`plan`], [`progress`], [`revisions`],
//! [`diagnostics`], [`collection`], [`rates`]); [`build`] and [`add_revisions`] put them in output order and
//! [`write_all`] writes them.

pub mod collection;
pub mod diagnostics;
mod frame;
pub mod plan;
pub mod progress;
pub mod rates;
pub mod revisions;
mod write;

#[cfg(test)]
mod tests;

pub use collection::Collected;
pub use diagnostics::diagnostics_frame;
pub use write::{csv_text, write_all, write_csv_only};

use polars::prelude::{DataFrame, PolarsError};
use thiserror::Error;

use crate::config::scale::Scale;
use crate::diagnostics::Finding;
use crate::plan::edition::Edition;
use crate::plan::{DepartmentId, Plan};
use crate::progress::ProgressRecord;
use crate::revision::Change;

/// Why the tables could not be made or written.
#[derive(Debug, Error)]
pub enum TableError {
    /// polars refused a table (an internal inconsistency) or could not encode it.
    #[error("表の作成に失敗しました: {0}")]
    Polars(#[from] PolarsError),
    /// A table file or its folder cannot be written.
    #[error("表 {path} を書き込めません: {source}")]
    Io {
        /// The file or folder.
        path: String,
        /// Why.
        source: std::io::Error,
    },
}

/// The normalized tables of one run, in the order they are written.
pub struct Tables {
    /// (table name, table); the name is also the file stem.
    pub frames: Vec<(&'static str, DataFrame)>,
}

impl Tables {
    /// The table called `name`, if the run made it.
    #[cfg(test)]
    pub fn get(&self, name: &str) -> Option<&DataFrame> {
        self.frames
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, df)| df)
    }
}

/// Builds the tables of what the run read: the plan's, with the workbook path of each
/// section, and the progress records (with a pair of columns per evaluation scale). The
/// findings' table is [`diagnostics`], made once the writing has found what it finds.
///
/// # Errors
/// Only on an internal inconsistency (columns of different lengths).
pub fn build(
    plan: &Plan,
    workbook_of: &dyn Fn(&DepartmentId) -> String,
    progress: (&[ProgressRecord], &[Scale]),
) -> Result<Tables, TableError> {
    let items: Vec<_> = plan.items().map(|(_, it)| it).collect();
    let frames = vec![
        ("initiatives", plan::initiatives(&plan.initiatives)?),
        ("practice_items", plan::practice_items(&items)?),
        ("item_departments", plan::item_departments(&items)?),
        (
            "departments",
            plan::departments(&plan.departments, workbook_of)?,
        ),
        ("schedule", plan::schedule(&items)?),
        ("effect_targets", plan::effect_targets(&items)?),
        ("themes", plan::themes(&plan.themes)?),
        ("progress", progress::progress(progress.0, progress.1)?),
    ];
    Ok(Tables { frames })
}

/// The `diagnostics` table of the run's findings.
///
/// # Errors
/// Only on an internal inconsistency.
pub fn diagnostics_table(findings: &[Finding]) -> Result<Tables, TableError> {
    Ok(Tables {
        frames: vec![("diagnostics", diagnostics_frame(findings)?)],
    })
}

/// Adds the `revisions` and `plan_changes` tables.
///
/// # Errors
/// Only on an internal inconsistency.
pub fn add_revisions(
    tables: &mut Tables,
    editions: &[Edition],
    target: usize,
    changes: &[Change],
) -> Result<(), TableError> {
    let revisions = revisions::revisions(editions, target)?;
    let plan_changes = revisions::plan_changes(changes)?;
    tables.frames.push(("revisions", revisions));
    tables.frames.push(("plan_changes", plan_changes));
    Ok(())
}
