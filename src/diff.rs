//! The `diff` command: the changes between two plan files.

use std::path::Path;

use thiserror::Error;

use crate::config::ConfigError;
use crate::config::Settings;
use crate::diagnostics::Finding;
use crate::files::file_name;
use crate::plan::{Plan, read_plan_file};
use crate::revision::{self, Change};

/// What stops `gyokaku diff` (exit status 1).
#[derive(Debug, Error)]
pub enum DiffError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The plan files (one or both) from which no initiative could be read.
    #[error("比較できません: {}から取組を一つも取り込めませんでした", .0.join("・"))]
    NoInitiative(Vec<String>),
}

/// A `diff` that stopped, with the findings gathered until then (for `main` to print).
#[derive(Debug, Error)]
#[error("{error}")]
pub struct DiffFailure {
    pub error: DiffError,
    pub findings: Vec<Finding>,
}

/// The changes between two plan files, for `gyokaku diff`.
pub struct DiffOutcome {
    pub old_label: String,
    pub new_label: String,
    pub old_items: usize,
    pub new_items: usize,
    pub changes: Vec<Change>,
    pub findings: Vec<Finding>,
}

impl DiffOutcome {
    /// The header of [`DiffOutcome::csv_records`]: Japanese for the clerk, the change's
    /// code last for programs.
    pub const CSV_HEADER: [&'static str; 7] = [
        "改定前の版",
        "改定後の版",
        "改定前の項目ID",
        "改定後の項目ID",
        "変更",
        "内容",
        "変更コード",
    ];

    /// The changes as CSV records (see [`DiffOutcome::CSV_HEADER`]), text that looks like
    /// a formula neutralised as in the tables.
    pub fn csv_records(&self) -> Vec<[String; 7]> {
        let id = |i: Option<crate::plan::ItemId>| i.map(|i| i.to_string()).unwrap_or_default();
        let safe = |s: &str| crate::tables::csv_text(s).into_owned();
        self.changes
            .iter()
            .map(|c| {
                [
                    safe(&c.from_edition),
                    safe(&c.to_edition),
                    id(c.item_id_old),
                    id(c.item_id_new),
                    c.change.label().to_string(),
                    safe(&c.detail),
                    c.change.code().to_string(),
                ]
            })
            .collect()
    }
}

/// Reads two plan files and lists the changes from the first to the second.
///
/// # Errors
/// The configuration cannot be read, or a file yields no initiative (the failure names
/// the files and carries the findings of both).
pub fn diff_files(
    old: &Path,
    new: &Path,
    config: Option<&Path>,
) -> Result<DiffOutcome, DiffFailure> {
    let settings = Settings::load_or_default(config).map_err(|e| DiffFailure {
        error: e.into(),
        findings: Vec::new(),
    })?;
    // The two editions are read side by side; their findings in the arguments' order.
    let ((old_plan, mut findings), (new_plan, mut new_findings)) = rayon::join(
        || read_one_plan(old, &settings),
        || read_one_plan(new, &settings),
    );
    findings.append(&mut new_findings);
    let (old_label, new_label) = (file_name(old), file_name(new));
    let (old_plan, new_plan) = match (old_plan, new_plan) {
        (Some(o), Some(n)) => (o, n),
        (o, n) => {
            let unusable = [(o.is_none(), &old_label), (n.is_none(), &new_label)]
                .into_iter()
                .filter(|(none, _)| *none)
                .map(|(_, label)| label.clone())
                .collect();
            return Err(DiffFailure {
                error: DiffError::NoInitiative(unusable),
                findings,
            });
        }
    };
    let changes = revision::diff(&old_plan, &old_label, &new_plan, &new_label);
    Ok(DiffOutcome {
        old_items: old_plan.item_count(),
        new_items: new_plan.item_count(),
        old_label,
        new_label,
        changes,
        findings,
    })
}

/// One plan file as a whole plan; `None` when it yields no initiative.
fn read_one_plan(path: &Path, settings: &crate::config::Settings) -> (Option<Plan>, Vec<Finding>) {
    let (parsed, mut findings) = read_plan_file(path, &file_name(path), settings);
    let sections = crate::sections::Sections::configured(settings);
    let plan = parsed.map(|p| Plan::assemble(vec![p], &sections, &mut findings));
    (plan, findings)
}
