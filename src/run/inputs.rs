//! Finding and classifying the input files: the one place that decides what a file in
//! `input/` is (a plan, a progress report, the configuration) and whether it can be read.
//! What the walker left out (hidden files, links, unreadable folders) is listed among the
//! files, in path order, so that each becomes a finding of its own.

use std::path::{Path, PathBuf};

use super::{RunConfig, RunError};
use crate::files::{Depth, SkipReason, Walk, extension, file_name, relative_name, walk};

/// How a file will be treated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Readability {
    /// A format the stage reads.
    Readable,
    /// A format the stage cannot read (reported).
    Unsupported,
    /// Excel's lock file (`~$…`) of a workbook someone has open (noted, not read).
    LockFile,
    /// Left out by the walker (hidden, a link not followed, unreadable): reported, not read.
    Skipped(SkipReason),
    /// A plan document kept beside the same plan as text or a sheet (or a PDF beside its
    /// Word file): the named file is read, this one is noted and not read.
    SameAs(String),
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
    /// The section directory: `departments.*` or `部署マスタ.*` directly in the input
    /// folder, by name (normally one). Neither a plan nor a progress report.
    pub directory: Vec<InputPath>,
}

/// The names (without extension, any case) of the section directory file.
const DIRECTORY_STEMS: [&str; 2] = ["departments", "部署マスタ"];

/// Refuses a layout in which the run could write, move or delete an input: the output
/// folder the input folder or inside it (the next run would read its own outputs), or the
/// input folder inside what the run replaces or cleans up in the output folder (a period
/// folder `YYYY-MM`, or a hidden one: staging, backups, the cache).
///
/// # Errors
/// [`RunError::Layout`] naming both folders.
pub fn check_layout(cfg: &RunConfig) -> Result<(), RunError> {
    let input = resolved(&cfg.input);
    let output = resolved(&cfg.output);
    let refuse = |reason: &'static str| RunError::Layout {
        input: cfg.input.display().to_string(),
        output: cfg.output.display().to_string(),
        reason,
    };
    if output.starts_with(&input) {
        return Err(refuse(
            "出力フォルダが入力フォルダと同じか、その中にあります（次の実行で出力を入力として読んでしまいます）",
        ));
    }
    if let Ok(rel) = input.strip_prefix(&output)
        && let Some(first) = rel.components().next()
    {
        let first = first.as_os_str().to_string_lossy();
        if first.starts_with('.') || first.parse::<crate::wareki::Period>().is_ok() {
            return Err(refuse(
                "入力フォルダが出力フォルダの中の、実行のたびに置き換える期間フォルダ（または作業用フォルダ）の中にあります",
            ));
        }
    }
    Ok(())
}

/// `path` made absolute with links resolved, as far as it exists: a folder not created
/// yet is its existing ancestor, resolved, joined with the rest.
fn resolved(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut rest = Vec::new();
    let mut at = absolute.as_path();
    loop {
        if let Ok(real) = std::fs::canonicalize(at) {
            return rest.iter().rev().fold(real, |p, part| p.join(part));
        }
        match (at.parent(), at.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                at = parent;
            }
            _ => return absolute,
        }
    }
}

/// Lists and classifies the input folder's files.
///
/// # Errors
/// [`RunError::NoPlanFolder`] when `<input>/plans` cannot be read.
pub fn discover(cfg: &RunConfig) -> Result<FoundInputs, RunError> {
    let plans_dir = cfg.input.join("plans");
    if std::fs::read_dir(&plans_dir).is_err() {
        return Err(RunError::NoPlanFolder(cfg.input.display().to_string()));
    }
    let mut plans = classify(
        walk(&plans_dir, Depth::Top, &cfg.input),
        &cfg.input,
        plan_readability,
    );
    mark_same_plans(&mut plans);
    let progress = classify(
        walk(&cfg.input.join("progress"), Depth::All, &cfg.input),
        &cfg.input,
        progress_readability,
    );
    let directory = classify(
        walk(&cfg.input, Depth::Top, &cfg.input),
        &cfg.input,
        directory_readability,
    )
    .into_iter()
    .filter(|f| is_directory_file(&f.path))
    .collect();
    let config = cfg.config.as_ref().map(|p| InputPath {
        name: relative_name(p, &cfg.input),
        path: p.clone(),
        readability: Readability::Readable,
    });
    Ok(FoundInputs {
        config,
        plans,
        progress,
        directory,
    })
}

/// The walk's files with their readability and what it left out, together in path order
/// and named relative to the input folder.
fn classify(walk: Walk, input: &Path, readability: fn(&Path) -> Readability) -> Vec<InputPath> {
    let files = walk.files.into_iter().map(|p| {
        let r = readability(&p);
        (p, r)
    });
    let skipped = walk
        .skipped
        .into_iter()
        .map(|s| (s.path, Readability::Skipped(s.reason)));
    let mut all: Vec<InputPath> = files
        .chain(skipped)
        .map(|(path, readability)| InputPath {
            name: relative_name(&path, input),
            path,
            readability,
        })
        .collect();
    all.sort_by(|a, b| a.path.cmp(&b.path));
    all
}

/// A plan file is read as a document (PDF, Word), a spreadsheet, or text.
fn plan_readability(_path: &Path) -> Readability {
    Readability::Readable
}

/// The same plan kept twice under one name (`計画.pdf` beside `計画.txt`, as offices keep
/// the PDF they extracted the text from): the text or sheet is read, as it was before the
/// document was added, and of a Word file and a PDF the Word file, whose tables need no
/// rebuilding. The other copies are noted, so that keeping both costs no error.
fn mark_same_plans(plans: &mut [InputPath]) {
    let rank = |p: &InputPath| match extension(&p.path).as_str() {
        "pdf" => 2,
        "docx" | "doc" => 1,
        _ => 0,
    };
    let stem = |p: &InputPath| {
        p.path
            .file_stem()
            .map(|s| s.to_string_lossy().to_lowercase())
            .unwrap_or_default()
    };
    let preferred: Vec<(String, usize, String)> = plans
        .iter()
        .filter(|p| p.readability == Readability::Readable)
        .map(|p| (stem(p), rank(p), p.name.clone()))
        .collect();
    for plan in plans.iter_mut() {
        if plan.readability != Readability::Readable || rank(plan) == 0 {
            continue;
        }
        let (s, r) = (stem(plan), rank(plan));
        if let Some((_, _, name)) = preferred
            .iter()
            .filter(|(ps, pr, _)| *ps == s && *pr < r)
            .min_by_key(|(_, pr, _)| *pr)
        {
            plan.readability = Readability::SameAs(name.clone());
        }
    }
}

/// Whether a file in the input folder is the section directory, by its name.
fn is_directory_file(path: &Path) -> bool {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    DIRECTORY_STEMS.contains(&stem.as_str())
}

/// The section directory is read when it is a spreadsheet or CSV.
fn directory_readability(path: &Path) -> Readability {
    if crate::sheet::is_supported(path) {
        Readability::Readable
    } else {
        Readability::Unsupported
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
    fn a_document_beside_its_text_is_the_same_plan() {
        let input = |name: &str| InputPath {
            path: PathBuf::from(format!("plans/{name}")),
            name: format!("plans/{name}"),
            readability: Readability::Readable,
        };
        let mut plans = vec![
            input("計画.docx"),
            input("計画.pdf"),
            input("計画.txt"),
            input("改定.docx"),
            input("改定.pdf"),
            input("別冊.pdf"),
        ];
        mark_same_plans(&mut plans);
        let got: Vec<_> = plans.iter().map(|p| p.readability.clone()).collect();
        use Readability::*;
        assert_eq!(
            got,
            [
                SameAs("plans/計画.txt".into()),
                SameAs("plans/計画.txt".into()),
                Readable,
                Readable,
                SameAs("plans/改定.docx".into()),
                Readable,
            ]
        );
    }

    #[test]
    fn classifies_plans_and_reports() {
        assert_eq!(
            plan_readability(Path::new("計画.txt")),
            Readability::Readable
        );
        assert_eq!(
            plan_readability(Path::new("計画.PDF")),
            Readability::Readable
        );
        assert_eq!(
            plan_readability(Path::new("実施計画一覧表.xlsx")),
            Readability::Readable
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
        assert!(is_directory_file(Path::new("input/departments.csv")));
        assert!(is_directory_file(Path::new("input/Departments.XLSX")));
        assert!(is_directory_file(Path::new("input/部署マスタ.ods")));
        assert!(!is_directory_file(Path::new("input/gyokaku.toml")));
        assert!(!is_directory_file(Path::new("input/departments_old.csv")));
        assert_eq!(
            directory_readability(Path::new("departments.xls")),
            Readability::Readable
        );
        assert_eq!(
            directory_readability(Path::new("departments.txt")),
            Readability::Unsupported
        );
    }
}
