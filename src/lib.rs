//! gyokaku (行革): the monthly batch of a municipal administrative-reform office.
//!
//! Stages, each a module: [`decode`] (bytes -> text), [`plan`] (plan text -> records),
//! [`tables`] (records -> polars DataFrames, Parquet/CSV), [`report`] (workbooks),
//! [`validate`] (findings as data), [`output`] (atomic period folders). [`run`] ties them
//! together for one period.

pub mod cli;
pub mod config;
pub mod decode;
pub mod output;
pub mod plan;
pub mod report;
pub mod tables;
pub mod validate;
pub mod wareki;

use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::cli::RunConfig;
use crate::config::{ConfigError, Settings};
use crate::plan::{Plan, read_plan_file};
use crate::report::{
    ReportInput, SUMMARY_FILE, department_workbook, summary_workbook, workbook_names,
};
use crate::validate::{Finding, Severity};

/// What stops a run as a whole (exit status 1).
#[derive(Debug, Error)]
pub enum RunError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(
        "入力フォルダ {0} に plans フォルダがありません。計画のテキストを {0}/plans/ に置いてください"
    )]
    NoPlanFolder(String),
    #[error(
        "使える計画がありません（{0} 件の計画ファイルを読みましたが、取組を一つも取り込めませんでした）"
    )]
    NoUsablePlan(usize),
    #[error(transparent)]
    Output(#[from] output::OutputError),
    #[error(transparent)]
    Table(#[from] tables::TableError),
    #[error("全体集計ブックを作成できません: {0}")]
    Workbook(#[from] rust_xlsxwriter::XlsxError),
}

/// The outcome of a run that finished.
#[derive(Debug)]
pub struct RunSummary {
    pub output_dir: PathBuf,
    pub plan_files: Vec<String>,
    pub initiatives: usize,
    pub items: usize,
    pub departments: usize,
    pub workbooks: Vec<String>,
    pub findings: Vec<Finding>,
}

impl RunSummary {
    /// Exit status: 0 when every input was used, 2 when some input was rejected.
    pub fn exit_code(&self) -> i32 {
        if self.findings.iter().any(Finding::is_error) {
            2
        } else {
            0
        }
    }
}

/// Files directly in `dir`, sorted by name; hidden files and folders are skipped.
fn list_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    files.sort();
    Ok(files)
}

fn display_name(path: &Path, base: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

const UNSUPPORTED_PLAN_EXT: [&str; 6] = ["xlsx", "xlsm", "xls", "ods", "pdf", "docx"];

/// Runs the monthly job for one period.
///
/// # Errors
/// [`RunError`] when nothing usable was found or the output cannot be written; problems in
/// single inputs are findings in the summary instead.
pub fn run(cfg: &RunConfig) -> Result<RunSummary, RunError> {
    let settings = match &cfg.config {
        Some(p) => Settings::load(p)?,
        None => Settings::default(),
    };
    let plans_dir = cfg.input.join("plans");
    let files = list_files(&plans_dir)
        .map_err(|_| RunError::NoPlanFolder(cfg.input.display().to_string()))?;

    let mut findings = Vec::new();
    let mut parts = Vec::new();
    for path in &files {
        let name = display_name(path, &cfg.input);
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        if UNSUPPORTED_PLAN_EXT.contains(&ext.as_str()) {
            findings.push(Finding::new(
                Severity::Error,
                &name,
                "",
                "plan.unsupported_format",
                format!("計画は PDF から取り出したテキスト（.txt）で置いてください。.{ext} 形式の計画は読めません"),
            ));
            continue;
        }
        let (parsed, mut f) = read_plan_file(path, &name, &settings);
        findings.append(&mut f);
        parts.extend(parsed);
    }
    if parts.is_empty() {
        for f in &findings {
            eprintln!("{f}");
        }
        return Err(RunError::NoUsablePlan(files.len()));
    }
    let plan = Plan::assemble(parts, &settings, &mut findings);
    write_outputs(cfg, &plan, findings)
}

fn write_outputs(
    cfg: &RunConfig,
    plan: &Plan,
    mut findings: Vec<Finding>,
) -> Result<RunSummary, RunError> {
    let period_name = cfg.period.to_string();
    let staging = output::Staging::begin(&cfg.output, &period_name)?;
    let names = workbook_names(&plan.departments);

    let mut written = Vec::new();
    let mut workbook_findings = Vec::new();
    {
        let input = ReportInput {
            plan,
            period: cfg.period,
            findings: &findings,
            workbooks: &names,
        };
        for d in &plan.departments {
            let file = &names[&d.id];
            match department_workbook(&input, d) {
                Ok(bytes) => {
                    staging.write(file, &bytes)?;
                    written.push(file.clone());
                }
                Err(e) => workbook_findings.push(Finding::new(
                    Severity::Error,
                    file,
                    "",
                    "report.workbook",
                    format!("部署 {} のブックを作成できません: {e}", d.id),
                )),
            }
        }
    }
    findings.append(&mut workbook_findings);

    let input = ReportInput {
        plan,
        period: cfg.period,
        findings: &findings,
        workbooks: &names,
    };
    staging.write(SUMMARY_FILE, &summary_workbook(&input)?)?;
    let workbook_of = |id: &str| names.get(id).cloned().unwrap_or_default();
    let mut tables = tables::build(plan, &workbook_of, &findings)?;
    tables::write_all(&mut tables, &staging.dir().join("tables"))?;
    let output_dir = staging.commit()?;

    Ok(RunSummary {
        output_dir,
        plan_files: plan.files.clone(),
        initiatives: plan.initiatives.len(),
        items: plan.item_count(),
        departments: plan.departments.len(),
        workbooks: written,
        findings,
    })
}
