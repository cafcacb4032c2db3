//! Writing a period's outputs: section workbooks, the summary workbook, the tables and the
//! manifest, all into a staging folder that is swapped in at the end.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::{PeriodChoice, RunError, RunFailure, RunSummary};
use crate::config::Settings;
use crate::diagnostics::{Finding, FindingCode};
use crate::manifest::{self, InputFile, Manifest};
use crate::output::Staging;
use crate::plan::edition::Edition;
use crate::plan::{DepartmentId, Plan};
use crate::progress::{ProgressRecord, RowAccount};
use crate::report::progress::ProgressView;
use crate::report::{
    ReportInput, Revisions, SUMMARY_FILE, department_workbook, summary_workbook, workbook_names,
};
use crate::revision::Change;
use crate::wareki::Period;

/// Everything the outputs are made from.
pub struct RunData<'a> {
    pub editions: &'a [Edition],
    /// Index of the edition in force for the period.
    pub target: usize,
    pub changes: Vec<Change>,
    pub period: Period,
    pub period_choice: PeriodChoice,
    pub period_files: Vec<String>,
    pub records: Vec<ProgressRecord>,
    pub accounts: Vec<RowAccount>,
    pub inputs: Vec<InputFile>,
    pub findings: Vec<Finding>,
}

/// Test hook for the atomic-output tests: `GYOKAKU_FAULT=<point>` aborts the process at
/// that point as a kill would (no clean-up runs).
fn fault_point(point: &str) {
    if std::env::var("GYOKAKU_FAULT").is_ok_and(|v| v == point) {
        std::process::abort();
    }
}

/// Writes every output of the period and swaps the folder in.
///
/// # Errors
/// The staging folder, the summary workbook or the tables cannot be written; the failure
/// carries every finding of the run.
pub fn write_outputs(
    cfg: &crate::run::RunConfig,
    settings: &Settings,
    mut data: RunData,
) -> Result<RunSummary, RunFailure> {
    let mut findings = std::mem::take(&mut data.findings);
    match write_period(cfg, settings, &data, &mut findings) {
        Ok((output_dir, workbooks)) => Ok(summary(data, output_dir, workbooks, findings)),
        Err(error) => Err(RunFailure::new(error, findings)),
    }
}

/// The section workbooks (a failed one is a finding), then the summary, the tables and
/// the manifest; returns the period folder and the section workbooks written.
fn write_period(
    cfg: &crate::run::RunConfig,
    settings: &Settings,
    data: &RunData,
    findings: &mut Vec<Finding>,
) -> Result<(PathBuf, Vec<String>), RunError> {
    let plan = &data.editions[data.target].plan;
    // Locks the period (a live run of the same period stops this one here) and cleans up
    // what interrupted runs left; what was found is reported with the run's findings.
    let (staging, notes) = Staging::begin(&cfg.output, &data.period.to_string())?;
    findings.extend(notes);
    let names = workbook_names(&plan.departments);
    let view = ProgressView::new(&data.records);
    let revisions = Revisions {
        editions: data.editions,
        target: data.target,
        changes: &data.changes,
    };
    // Section workbooks show no diagnostics; the summary shows them all, including the
    // ones found while writing the section workbooks.
    let input = ReportInput {
        plan,
        period: data.period,
        findings: &[],
        workbooks: &names,
        progress: &view,
        statuses: &settings.progress.statuses,
        revisions: &revisions,
    };
    let written = write_section_workbooks(&staging, &input, &names, findings)?;
    let input = ReportInput {
        findings: findings.as_slice(),
        ..input
    };
    staging.write(SUMMARY_FILE, &summary_workbook(&input)?)?;
    write_tables(&staging, plan, &names, data, findings)?;
    write_manifest(&staging, data, written.len() + 1, findings)?;
    fault_point("before-commit");
    Ok((staging.commit()?, written))
}

/// One workbook per section; a section whose workbook cannot be made gets a finding.
fn write_section_workbooks(
    staging: &Staging,
    input: &ReportInput,
    names: &BTreeMap<DepartmentId, String>,
    findings: &mut Vec<Finding>,
) -> Result<Vec<String>, RunError> {
    let mut written = Vec::new();
    for d in &input.plan.departments {
        let file = &names[&d.id];
        match department_workbook(input, d) {
            Ok(bytes) => {
                staging.write(file, &bytes)?;
                written.push(file.clone());
                fault_point("after-first-workbook");
            }
            Err(e) => findings.push(Finding::new(
                file,
                "",
                FindingCode::ReportWorkbook,
                format!("部署 {} のブックを作成できません: {e}", d.id),
            )),
        }
    }
    Ok(written)
}

/// The normalized tables, Parquet and CSV, under `tables/`.
fn write_tables(
    staging: &Staging,
    plan: &Plan,
    names: &BTreeMap<DepartmentId, String>,
    data: &RunData,
    findings: &[Finding],
) -> Result<(), RunError> {
    let workbook_of = |id: &DepartmentId| names.get(id).cloned().unwrap_or_default();
    let mut tables = crate::tables::build(plan, &workbook_of, &data.records, findings)?;
    crate::tables::add_revisions(&mut tables, data.editions, data.target, &data.changes)?;
    crate::tables::write_all(&mut tables, &staging.dir().join("tables"))?;
    Ok(())
}

/// `manifest.json`: the inputs, the outputs written so far, counts and row accounts.
fn write_manifest(
    staging: &Staging,
    data: &RunData,
    workbooks: usize,
    findings: &[Finding],
) -> Result<(), RunError> {
    let edition = &data.editions[data.target];
    let plan = &edition.plan;
    let counts = manifest::Counts {
        editions: data.editions.len(),
        edition_in_force: edition.label(),
        initiatives: plan.initiatives.len(),
        items: plan.item_count(),
        departments: plan.departments.len(),
        schedule_rows: plan.items().map(|(_, it)| it.schedule.len()).sum(),
        progress_rows: data.records.len(),
        plan_changes: data.changes.len(),
        workbooks,
    };
    let m = Manifest::new(
        data.period,
        data.period_choice,
        data.inputs.clone(),
        staging.dir(),
        counts,
        &data.accounts,
        findings,
    );
    staging.write(manifest::FILE, m.to_json()?.as_bytes())?;
    Ok(())
}

fn summary(
    data: RunData,
    output_dir: PathBuf,
    workbooks: Vec<String>,
    findings: Vec<Finding>,
) -> RunSummary {
    let edition = &data.editions[data.target];
    let plan = &edition.plan;
    RunSummary {
        period: data.period,
        period_choice: data.period_choice,
        period_files: data.period_files,
        output_dir,
        plan_files: plan.files.clone(),
        edition: edition.label(),
        initiatives: plan.initiatives.len(),
        items: plan.item_count(),
        departments: plan.departments.len(),
        progress_rows: data.records.len(),
        workbooks,
        accounts: data.accounts,
        findings,
    }
}
