//! gyokaku (行革): the monthly batch of a municipal administrative-reform office.
//!
//! Stages, each a module: [`decode`] (bytes -> text), [`plan`] (plan text -> records),
//! [`tables`] (records -> polars DataFrames, Parquet/CSV), [`report`] (workbooks),
//! [`validate`] (findings as data), [`output`] (atomic period folders). [`run`] ties them
//! together for one period.

pub mod cli;
pub mod config;
pub mod decode;
pub mod diagnostics;
pub mod manifest;
pub mod output;
pub mod plan;
pub mod progress;
pub mod report;
pub mod revision;
pub mod sheet;
pub mod tables;
pub mod text;
pub mod wareki;

use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::cli::RunConfig;
use crate::config::{ConfigError, Settings};
use crate::diagnostics::{Finding, FindingCode};
use crate::plan::{Plan, read_plan_file};
use crate::progress::{Catalog as ItemIndexCatalog, ProgressRecord, RowAccount};
use crate::report::progress::ProgressView;
use crate::report::{
    ReportInput, SUMMARY_FILE, department_workbook, summary_workbook, workbook_names,
};
use crate::wareki::Period;

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

/// How the run's period was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum PeriodChoice {
    /// Given with `--period`.
    Given,
    /// The latest month named in the progress reports.
    LatestReport,
    /// No report names a month: the current month.
    CurrentMonth,
}

impl PeriodChoice {
    pub fn label(self) -> &'static str {
        match self {
            PeriodChoice::Given => "指定",
            PeriodChoice::LatestReport => "進捗報告の最新月",
            PeriodChoice::CurrentMonth => "今月（進捗報告に月の記載なし）",
        }
    }
}

/// The outcome of a run that finished.
#[derive(Debug)]
pub struct RunSummary {
    pub period: Period,
    pub period_choice: PeriodChoice,
    pub output_dir: PathBuf,
    pub plan_files: Vec<String>,
    /// The plan edition in force for the period.
    pub edition: String,
    pub initiatives: usize,
    pub items: usize,
    pub departments: usize,
    pub progress_rows: usize,
    pub workbooks: Vec<String>,
    pub accounts: Vec<RowAccount>,
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

/// Files directly in `dir`, sorted by name; hidden files are skipped.
fn list_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && !is_hidden(p))
        .collect();
    files.sort();
    Ok(files)
}

pub(crate) fn is_hidden(p: &Path) -> bool {
    p.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

fn display_name(path: &Path, base: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

const UNSUPPORTED_PLAN_EXT: [&str; 6] = ["xlsx", "xlsm", "xls", "ods", "pdf", "docx"];

/// The changes between two plan files, for `gyokaku diff`.
pub struct DiffOutcome {
    pub old_label: String,
    pub new_label: String,
    pub old_items: usize,
    pub new_items: usize,
    pub changes: Vec<revision::Change>,
    pub findings: Vec<Finding>,
}

/// Reads two plan files and lists the changes from the first to the second.
///
/// # Errors
/// The configuration cannot be read, or a file yields no initiative.
pub fn diff_files(old: &Path, new: &Path, config: Option<&Path>) -> Result<DiffOutcome, RunError> {
    let settings = match config {
        Some(p) => Settings::load(p)?,
        None => Settings::default(),
    };
    let mut findings = Vec::new();
    let mut read = |path: &Path| -> Result<(Plan, String), RunError> {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (parsed, mut f) = read_plan_file(path, &name, &settings);
        findings.append(&mut f);
        let parsed = parsed.ok_or(RunError::NoUsablePlan(1))?;
        Ok((Plan::assemble(vec![parsed], &settings, &mut findings), name))
    };
    let (old_plan, old_label) = read(old)?;
    let (new_plan, new_label) = read(new)?;
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
    let mut inputs = Vec::new();
    if let Some(p) = &cfg.config {
        inputs.push(manifest::InputFile::describe(
            p,
            &display_name(p, &cfg.input),
            "config",
            "",
        ));
    }
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
&name,
                "",
                FindingCode::PlanUnsupportedFormat,
                format!("計画は PDF から取り出したテキスト（.txt）で置いてください。.{ext} 形式の計画は読めません"),
            ));
            inputs.push(manifest::InputFile::describe(
                path,
                &name,
                "plan",
                "未対応の形式",
            ));
            continue;
        }
        let (parsed, mut f) = read_plan_file(path, &name, &settings);
        findings.append(&mut f);
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let edition = plan::edition::edition_date(&file_name)
            .map_or("日付なし".to_string(), |d| d.to_string());
        let note = parsed.as_ref().map_or("取り込めず".to_string(), |p| {
            format!("{}版 {}", edition, p.encoding)
        });
        inputs.push(manifest::InputFile::describe(path, &name, "plan", &note));
        parts.extend(parsed);
    }
    let editions = plan::edition::group_editions(parts, &settings, &mut findings);
    if editions.is_empty() {
        for f in &findings {
            eprintln!("{f}");
        }
        return Err(RunError::NoUsablePlan(files.len()));
    }

    // Progress reports: every file under input/progress/, each read on its own (in
    // parallel), then settled together.
    let catalog = ItemIndexCatalog::new(&editions, cfg.period);
    let mut reports = Vec::new();
    let mut candidates = Vec::new();
    for path in output::files_under(&cfg.input.join("progress")) {
        let name = display_name(&path, &cfg.input);
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if file_name.starts_with("~$") {
            findings.push(Finding::new(
                &name,
                "",
                FindingCode::ProgressLockFile,
                "Excel が開いている間に作る一時ファイルのため読み飛ばしました",
            ));
            continue;
        }
        if !sheet::is_supported(&path) {
            findings.push(Finding::new(
&name,
                "",
                FindingCode::ProgressUnsupportedFormat,
                "進捗報告として読めない形式です。xlsx・xlsm・xlsb・xls・ods・csv で保存してください",
            ));
            inputs.push(manifest::InputFile::describe(
                &path,
                &name,
                "progress",
                "未対応の形式",
            ));
            continue;
        }
        candidates.push((path, name));
    }
    {
        use rayon::prelude::*;
        let read: Vec<_> = candidates
            .par_iter()
            .enumerate()
            .map(|(i, (path, name))| {
                let report = progress::read_progress_file(path, name, i, &catalog, &settings);
                let mut periods: Vec<String> = report
                    .records
                    .iter()
                    .filter_map(|r| r.period.map(|p| p.to_string()))
                    .collect();
                periods.sort();
                periods.dedup();
                (
                    manifest::InputFile::describe(path, name, "progress", &periods.join(" ")),
                    report,
                )
            })
            .collect();
        for (input, report) in read {
            inputs.push(input);
            reports.push(report);
        }
    }
    let (period, period_choice) = match (cfg.period, progress::latest_period(&reports)) {
        (Some(p), _) => (p, PeriodChoice::Given),
        (None, Some(p)) => (p, PeriodChoice::LatestReport),
        (None, None) => (wareki::current_month(), PeriodChoice::CurrentMonth),
    };
    let target = plan::edition::in_force(&editions, period);
    let mut accounts: Vec<RowAccount> = Vec::new();
    for r in &mut reports {
        findings.append(&mut r.findings);
        accounts.push(r.account.clone());
    }
    let settled = progress::settle(reports, period, &catalog, target);
    for a in &mut accounts {
        a.superseded = settled.superseded.get(&a.file).copied().unwrap_or(0);
        let dropped = settled.not_in_plan.get(&a.file).copied().unwrap_or(0);
        a.accepted -= dropped;
        a.rejected += dropped;
    }
    findings.extend(settled.findings);
    let changes = revision::all_changes(&editions);
    let data = RunData {
        editions: &editions,
        target,
        changes,
        period,
        period_choice,
        records: settled.records,
        accounts,
        inputs,
        findings,
    };
    write_outputs(cfg, &settings, data)
}

/// Everything the outputs are made from.
struct RunData<'a> {
    editions: &'a [plan::edition::Edition],
    target: usize,
    changes: Vec<revision::Change>,
    period: Period,
    period_choice: PeriodChoice,
    records: Vec<ProgressRecord>,
    accounts: Vec<RowAccount>,
    inputs: Vec<manifest::InputFile>,
    findings: Vec<Finding>,
}

/// Test hook for the atomic-output tests: `GYOKAKU_FAULT=<point>` aborts the process at
/// that point as a kill would (no clean-up runs).
fn fault_point(point: &str) {
    if std::env::var("GYOKAKU_FAULT").is_ok_and(|v| v == point) {
        eprintln!("GYOKAKU_FAULT={point}: 処理を中断します（テスト用）");
        std::process::abort();
    }
}

fn write_outputs(
    cfg: &RunConfig,
    settings: &Settings,
    data: RunData,
) -> Result<RunSummary, RunError> {
    let RunData {
        editions,
        target,
        changes,
        period,
        period_choice,
        records,
        accounts,
        inputs,
        mut findings,
    } = data;
    let plan = &editions[target].plan;
    let period_name = period.to_string();
    let staging = output::Staging::begin(&cfg.output, &period_name)?;
    let names = workbook_names(&plan.departments);
    let view = ProgressView::new(&records);
    let statuses = &settings.progress.statuses;
    let revisions = report::Revisions {
        editions,
        target,
        changes: &changes,
    };

    // Section workbooks show no diagnostics; the summary shows them all, including the
    // ones found while writing the section workbooks.
    let input = ReportInput {
        plan,
        period,
        findings: &[],
        workbooks: &names,
        progress: &view,
        statuses,
        revisions: &revisions,
    };
    let mut written = Vec::new();
    let mut workbook_findings = Vec::new();
    {
        for d in &plan.departments {
            let file = &names[&d.id];
            match department_workbook(&input, d) {
                Ok(bytes) => {
                    staging.write(file, &bytes)?;
                    written.push(file.clone());
                    fault_point("after-first-workbook");
                }
                Err(e) => workbook_findings.push(Finding::new(
                    file,
                    "",
                    FindingCode::ReportWorkbook,
                    format!("部署 {} のブックを作成できません: {e}", d.id),
                )),
            }
        }
    }
    findings.append(&mut workbook_findings);
    let input = ReportInput {
        findings: &findings,
        ..input
    };
    staging.write(SUMMARY_FILE, &summary_workbook(&input)?)?;
    let workbook_of = |id: &str| names.get(id).cloned().unwrap_or_default();
    let mut tables = tables::build(plan, &workbook_of, &records, &findings)?;
    tables::add_revisions(&mut tables, editions, target, &changes)?;
    tables::write_all(&mut tables, &staging.dir().join("tables"))?;

    let schedule_rows = plan.items().map(|(_, it)| it.schedule.len()).sum();
    let m = manifest::Manifest::new(
        period,
        period_choice,
        inputs,
        staging.dir(),
        manifest::Counts {
            editions: editions.len(),
            edition_in_force: editions[target].label(),
            initiatives: plan.initiatives.len(),
            items: plan.item_count(),
            departments: plan.departments.len(),
            schedule_rows,
            progress_rows: records.len(),
            plan_changes: changes.len(),
            workbooks: written.len() + 1,
        },
        &accounts,
        &findings,
    );
    staging.write(manifest::FILE, m.to_json().as_bytes())?;
    fault_point("before-commit");
    let output_dir = staging.commit()?;

    Ok(RunSummary {
        period,
        period_choice,
        output_dir,
        plan_files: plan.files.clone(),
        edition: editions[target].label(),
        initiatives: plan.initiatives.len(),
        items: plan.item_count(),
        departments: plan.departments.len(),
        progress_rows: records.len(),
        workbooks: written,
        accounts,
        findings,
    })
}
