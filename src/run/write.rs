//! Writing a period's outputs: section workbooks, the summary workbook, the tables and the
//! manifest, all into a staging folder that is swapped in at the end.
//!
//! A section workbook that cannot be made or written is a finding for that section. The
//! summary workbook is the one output whose failure fails the run, and even then the
//! section workbooks, the tables and the manifest are written and swapped in first.

use std::collections::BTreeMap;
use std::path::PathBuf;

use rayon::prelude::*;
use rust_xlsxwriter::XlsxError;

use super::observe::{Observer, Phase, StageTimings, timed};
use super::{PeriodChoice, RunError, RunFailure, RunSummary};
use crate::config::Settings;
use crate::diagnostics::{Finding, FindingCode};
use crate::manifest::{self, InputFile, Manifest};
use crate::output::Staging;
use crate::plan::edition::Edition;
use crate::plan::{Department, DepartmentId, Plan};
use crate::progress::{ProgressRecord, RowAccount};
use crate::report::naming::WorkbookNames;
use crate::report::progress::ProgressView;
use crate::report::{
    PlanIndex, ReportInput, Revisions, SUMMARY_FILE, cut_finding, department_workbook,
    summary_workbook, workbook_names,
};
use crate::revision::{Change, Lineage};
use crate::wareki::Period;

/// Everything the outputs are made from.
pub struct RunData<'a> {
    pub editions: &'a [Edition],
    /// Index of the edition in force for the period.
    pub target: usize,
    pub changes: Vec<Change>,
    /// The editions' items as matched for the run.
    pub lineage: &'a Lineage,
    pub period: Period,
    pub period_choice: PeriodChoice,
    pub period_files: Vec<String>,
    pub records: Vec<ProgressRecord>,
    pub accounts: Vec<RowAccount>,
    pub inputs: Vec<InputFile>,
    pub findings: Vec<Finding>,
    /// The reading stages' timings; the writing stages add theirs.
    pub timings: StageTimings,
}

/// Whether the test hook `GYOKAKU_FAULT=<point>` is set to `point`.
fn fault_injected(point: &str) -> bool {
    std::env::var("GYOKAKU_FAULT").is_ok_and(|v| v == point)
}

/// Test hook for the atomic-output tests: `GYOKAKU_FAULT=<point>` aborts the process at
/// that point as a kill would (no clean-up runs).
fn fault_point(point: &str) {
    if fault_injected(point) {
        std::process::abort();
    }
}

/// Test hook for the failure tests: `GYOKAKU_FAULT=<point>` makes the workbook built at
/// that point fail as rust_xlsxwriter would.
fn injected_failure(point: &str) -> Result<(), XlsxError> {
    if fault_injected(point) {
        return Err(XlsxError::ParameterError(format!("GYOKAKU_FAULT={point}")));
    }
    Ok(())
}

/// The period's output folder under construction, locked for this run, and what was
/// found while opening it.
pub struct OpenedOutput {
    staging: Staging,
    notes: Vec<Finding>,
}

/// Locks the period (a live run of the same period stops this one here) and cleans up
/// what interrupted runs left; what was found comes back with the run's other findings.
///
/// # Errors
/// The period is being written by another live run, or the output folder cannot be
/// prepared.
pub fn open_output(
    cfg: &crate::run::RunConfig,
    period: crate::wareki::Period,
) -> Result<OpenedOutput, RunError> {
    let (staging, notes) = Staging::begin(&cfg.output, &period.to_string())?;
    Ok(OpenedOutput { staging, notes })
}

/// Writes every output of the period and swaps the folder in.
///
/// # Errors
/// The staging folder or the tables cannot be written, or the summary workbook cannot be
/// made (the rest is then written and swapped in); the failure carries every finding of
/// the run.
pub fn write_outputs(
    settings: &Settings,
    mut data: RunData,
    output: OpenedOutput,
    observer: &dyn Observer,
) -> Result<RunSummary, RunFailure> {
    let mut findings = std::mem::take(&mut data.findings);
    let mut timings = data.timings;
    let steps = Steps {
        timings: &mut timings,
        observer,
    };
    match write_period(settings, &data, output, &mut findings, steps) {
        Ok((output_dir, workbooks)) => {
            data.timings = timings;
            Ok(summary(data, output_dir, workbooks, findings))
        }
        Err(error) => Err(RunFailure::new(error, findings)),
    }
}

/// Where the writing stages put their timings, and who hears of each workbook written.
struct Steps<'a> {
    timings: &'a mut StageTimings,
    observer: &'a dyn Observer,
}

/// The section workbooks (a failed one is a finding), the summary, the tables and the
/// manifest, then the swap; returns the period folder and the section workbooks written.
/// A failed summary is returned after the swap.
fn write_period(
    settings: &Settings,
    data: &RunData,
    output: OpenedOutput,
    findings: &mut Vec<Finding>,
    steps: Steps,
) -> Result<(PathBuf, Vec<String>), RunError> {
    let Steps { timings, observer } = steps;
    let plan = &data.editions[data.target].plan;
    let OpenedOutput { staging, notes } = output;
    findings.extend(notes);
    let names = workbook_names(&plan.departments);
    findings.extend(renamed(&names));
    let view = ProgressView::new(&data.records);

    let revisions = Revisions {
        editions: data.editions,
        target: data.target,
        changes: &data.changes,
        lineage: data.lineage,
    };
    let index = PlanIndex::new(plan, &revisions);
    // Section workbooks show no diagnostics; the summary shows them all, including the
    // ones found while writing the section workbooks.
    let input = ReportInput {
        plan,
        period: data.period,
        findings: &[],
        workbooks: &names.files,
        progress: &view,
        statuses: &settings.progress.statuses,
        scales: &settings.progress.scales,
        due_day: settings.report.due_day,
        revisions: &revisions,
        diagnostic_rows: settings.limits.max_diagnostic_rows,
        index: &index,
    };
    let (written, summary) = timed(&mut timings.workbooks, || {
        write_workbooks(&staging, &input, findings, observer)
    });
    timed(&mut timings.tables, || {
        write_tables(&staging, plan, &names.files, data, findings, input.scales)
    })?;
    let workbooks = written.len() + usize::from(summary.is_ok());
    let output_dir = timed(&mut timings.save, || {
        write_manifest(&staging, data, workbooks, findings)?;
        fault_point("before-commit");
        staging.commit().map_err(RunError::from)
    })?;
    summary?;
    Ok((output_dir, written))
}

/// A note for each section whose workbook is not simply named `<部局名>_<課名>.xlsx`.
fn renamed(names: &WorkbookNames) -> Vec<Finding> {
    names
        .changed
        .iter()
        .map(|(id, plain, changes)| {
            let file = names.files.get(id).map_or("", String::as_str);
            let why: Vec<&str> = changes.iter().map(|c| c.label()).collect();
            Finding::new(
                file,
                "",
                FindingCode::ReportFileName,
                format!(
                    "部署 {id} のブックを「{file}」という名前で出力しました（{}）",
                    why.join("、")
                ),
            )
            .with_value(plain.as_str())
        })
        .collect()
}

/// One workbook per section; a section whose workbook cannot be made or written gets a
/// finding, text cut to fit a warning. Tells `observer` of each section done. Returns the
/// workbooks written and the findings.
///
/// The sections are built and written in parallel (rayon, one section per task, so at
/// most one workbook per thread is held in memory); the workbooks written and the
/// findings keep the sections' order.
fn write_section_workbooks(
    staging: &Staging,
    input: &ReportInput,
    observer: &dyn Observer,
) -> (Vec<String>, Vec<Finding>) {
    observer.start(Phase::Workbooks, input.plan.departments.len());
    let outcomes: Vec<(Option<String>, Vec<Finding>)> = input
        .plan
        .departments
        .par_iter()
        .enumerate()
        .map(|(k, d)| {
            let file = input.workbooks.get(&d.id).map_or("", String::as_str);
            let outcome = write_section_workbook(staging, input, (k, d), file);
            observer.done(Phase::Workbooks, file);
            outcome
        })
        .collect();
    observer.finish(Phase::Workbooks);
    let mut written = Vec::new();
    let mut findings = Vec::new();
    for (file, found) in outcomes {
        written.extend(file);
        findings.extend(found);
    }
    (written, findings)
}

/// The workbook of the `k`th section `d` as `file`: the file name when it was written,
/// and the findings (text cut, or why it could not be made or written).
fn write_section_workbook(
    staging: &Staging,
    input: &ReportInput,
    (k, d): (usize, &Department),
    file: &str,
) -> (Option<String>, Vec<Finding>) {
    let book = if k == 0 {
        injected_failure("first-section-workbook")
    } else {
        Ok(())
    }
    .and_then(|()| department_workbook(input, d));
    let book = match book {
        Ok(book) => book,
        Err(e) => {
            let finding = Finding::new(
                file,
                "",
                FindingCode::ReportWorkbook,
                format!("部署 {} のブックを作成できません: {e}", d.id),
            );
            return (None, vec![finding]);
        }
    };
    let mut found: Vec<Finding> = book.cuts.iter().map(|c| cut_finding(file, c)).collect();
    match staging.write(file, &book.bytes) {
        Ok(_) => {
            fault_point("after-first-workbook");
            (Some(file.to_string()), found)
        }
        Err(e) => {
            found.push(Finding::new(
                file,
                "",
                FindingCode::ReportWorkbook,
                format!("部署 {} のブックを書き込めません: {e}", d.id),
            ));
            (None, found)
        }
    }
}

/// The section workbooks and the summary workbook; returns the section workbooks written
/// and whether the summary was.
///
/// The summary is built while the sections are (it is one long serial task), from the
/// findings known before them. When the sections add findings of their own (text cut, a
/// workbook that failed), it is built again with them, so that its 診断 sheet is as if it
/// had been built after them.
fn write_workbooks(
    staging: &Staging,
    input: &ReportInput,
    findings: &mut Vec<Finding>,
    observer: &dyn Observer,
) -> (Vec<String>, Result<(), RunError>) {
    let ((written, found), early) = rayon::join(
        || write_section_workbooks(staging, input, observer),
        || {
            summary_workbook(&ReportInput {
                findings: findings.as_slice(),
                ..*input
            })
        },
    );
    let early = found.is_empty().then_some(early);
    findings.extend(found);
    (written, write_summary(staging, input, findings, early))
}

/// The summary workbook, whose 診断 sheet shows every finding so far (`early`: the
/// workbook already built from them). When text had to be cut in it, it is made once
/// more so that its 診断 sheet shows those cuts too.
///
/// # Errors
/// The workbook cannot be made or written.
fn write_summary(
    staging: &Staging,
    base: &ReportInput,
    findings: &mut Vec<Finding>,
    early: Option<Result<crate::report::Book, XlsxError>>,
) -> Result<(), RunError> {
    injected_failure("summary-workbook")?;
    let cut_findings = |cuts: &[crate::report::style::Cut]| -> Vec<Finding> {
        cuts.iter().map(|c| cut_finding(SUMMARY_FILE, c)).collect()
    };
    let mut book = match early {
        Some(book) => book?,
        None => summary_workbook(&ReportInput {
            findings: findings.as_slice(),
            ..*base
        })?,
    };
    if !book.cuts.is_empty() {
        let mut shown = findings.clone();
        shown.extend(cut_findings(&book.cuts));
        book = summary_workbook(&ReportInput {
            findings: &shown,
            ..*base
        })?;
    }
    findings.extend(cut_findings(&book.cuts));
    staging.write(SUMMARY_FILE, &book.bytes)?;
    Ok(())
}

/// The normalized tables, Parquet and CSV, under `tables/`.
fn write_tables(
    staging: &Staging,
    plan: &Plan,
    names: &BTreeMap<DepartmentId, String>,
    data: &RunData,
    findings: &[Finding],
    scales: &[crate::config::scale::Scale],
) -> Result<(), RunError> {
    let workbook_of = |id: &DepartmentId| names.get(id).cloned().unwrap_or_default();
    let mut tables = crate::tables::build(plan, &workbook_of, (&data.records, scales), findings)?;
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
        timings: data.timings,
    }
}
