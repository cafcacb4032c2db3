//! Finding and classifying the input files: the one place that decides what a file in
//! `input/` is (a plan, a progress report, the configuration) and whether it can be read.

use std::path::{Path, PathBuf};

use super::{RunConfig, RunError};
use crate::files::{Depth, extension, file_name, files_under, relative_name};

/// How a file will be treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Readability {
    /// A format the stage reads.
    Readable,
    /// A format the stage cannot read (reported).
    Unsupported,
    /// Excel's lock file (`~$…`) of a workbook someone has open (noted, not read).
    LockFile,
}

/// One input file as found.
#[derive(Debug, Clone)]
pub struct InputPath {
    pub path: PathBuf,
    /// Relative to the input folder, as the clerk knows it: `progress/返送/総務課.xlsx`.
    pub name: String,
    pub readability: Readability,
}

/// The input folder's files, classified.
#[derive(Debug)]
pub struct FoundInputs {
    pub config: Option<InputPath>,
    /// Files directly in `plans/`, by name.
    pub plans: Vec<InputPath>,
    /// Files anywhere under `progress/`, by path.
    pub progress: Vec<InputPath>,
}

/// Plans are text extracted from the PDF; these formats are recognised to say so.
const UNSUPPORTED_PLAN_EXT: [&str; 6] = ["xlsx", "xlsm", "xls", "ods", "pdf", "docx"];

/// Lists and classifies the input folder's files.
///
/// # Errors
/// [`RunError::NoPlanFolder`] when `<input>/plans` cannot be read.
pub fn discover(cfg: &RunConfig) -> Result<FoundInputs, RunError> {
    let plans_dir = cfg.input.join("plans");
    if std::fs::read_dir(&plans_dir).is_err() {
        return Err(RunError::NoPlanFolder(cfg.input.display().to_string()));
    }
    let found = |path: PathBuf, readability| InputPath {
        name: relative_name(&path, &cfg.input),
        path,
        readability,
    };
    let plans = files_under(&plans_dir, Depth::Top)
        .into_iter()
        .map(|p| {
            let r = plan_readability(&p);
            found(p, r)
        })
        .collect();
    let progress = files_under(&cfg.input.join("progress"), Depth::All)
        .into_iter()
        .map(|p| {
            let r = progress_readability(&p);
            found(p, r)
        })
        .collect();
    let config = cfg
        .config
        .as_ref()
        .map(|p| found(p.clone(), Readability::Readable));
    Ok(FoundInputs {
        config,
        plans,
        progress,
    })
}

/// A plan file is read as text unless it is a document format.
fn plan_readability(path: &Path) -> Readability {
    if UNSUPPORTED_PLAN_EXT.contains(&extension(path).as_str()) {
        Readability::Unsupported
    } else {
        Readability::Readable
    }
}

/// A progress report is read when it is a spreadsheet or CSV.
fn progress_readability(path: &Path) -> Readability {
    if file_name(path).starts_with("~$") {
        Readability::LockFile
    } else if crate::sheet::is_supported(path) {
        Readability::Readable
    } else {
        Readability::Unsupported
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_plans_and_reports() {
        assert_eq!(
            plan_readability(Path::new("計画.txt")),
            Readability::Readable
        );
        assert_eq!(
            plan_readability(Path::new("計画.PDF")),
            Readability::Unsupported
        );
        assert_eq!(
            progress_readability(Path::new("~$報告.xlsx")),
            Readability::LockFile
        );
        assert_eq!(
            progress_readability(Path::new("報告.csv")),
            Readability::Readable
        );
        assert_eq!(
            progress_readability(Path::new("報告.docx")),
            Readability::Unsupported
        );
    }
}
