//! Writing a period's outputs: section workbooks, the summary workbook, the tables and the
//! manifest, all into a staging folder that is swapped in at the end.
//!
//! A section workbook that cannot be made or written is a finding for that section. The
//! summary workbook is the one output whose failure fails the run, and even then the
//! section workbooks, the tables and the manifest are written and swapped in first.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::keep;
use super::observe::{Observer, Phase, StageTimings, timed};
use super::{PeriodChoice, RunError, RunFailure, RunSummary};
use crate::config::Settings;
use crate::diagnostics::Finding;
use crate::fault;
use crate::manifest::{self, InputFile, Manifest};
use crate::output::{OutputError, Staging};
use crate::plan::edition::Edition;
use crate::plan::{DepartmentId, Plan};
use crate::progress::{ProgressRecord, RowAccount};
use crate::report::{ReportRequest, Shelf, write_books};
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
    /// The day the run counts as made on (see [`super::RunConfig::as_of`]).
    pub as_of: chrono::NaiveDate,
    pub period_choice: PeriodChoice,
    pub period_files: Vec<String>,
    pub records: Vec<ProgressRecord>,
    /// Other sections' reports set aside for the owners': in the progress table only.
    pub secondary: Vec<ProgressRecord>,
    pub accounts: Vec<RowAccount>,
    pub inputs: Vec<InputFile>,
    pub findings: Vec<Finding>,
    /// The reading stages' timings; the writing stages add theirs.
    pub timings: StageTimings,
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
        Ok(written) => {
            data.timings = timings;
            Ok(summary(data, written, findings))
        }
        Err(error) => Err(RunFailure::new(error, findings)),
    }
}

/// Where the writing stages put their timings, and who hears of each workbook written.
struct Steps<'a> {
    timings: &'a mut StageTimings,
    observer: &'a dyn Observer,
}

/// What a period's writing gave: the folder, the section workbooks and the sections'
/// returns.
struct Written {
    output_dir: PathBuf,
    workbooks: Vec<String>,
    returns: crate::report::SectionReturns,
}

/// The section workbooks (a failed one is a finding), the summary, the tables and the
/// manifest, then the swap. A failed summary is returned after the swap.
fn write_period(
    settings: &Settings,
    data: &RunData,
    output: OpenedOutput,
    findings: &mut Vec<Finding>,
    steps: Steps,
) -> Result<Written, RunError> {
    let Steps { timings, observer } = steps;
    let plan = &data.editions[data.target].plan;
    let OpenedOutput { staging, notes } = output;
    findings.extend(notes);
    let kept = keep::survey(
        staging.target(),
        &[crate::report::SUMMARY_FILE, manifest::FILE],
        findings,
    );
    let request = ReportRequest {
        editions: data.editions,
        target: data.target,
        changes: &data.changes,
        lineage: data.lineage,
        period: data.period,
        records: &data.records,
        statuses: &settings.progress.statuses,
        scales: &settings.progress.scales,
        due_day: settings.report.due_day,
        diagnostic_rows: settings.limits.max_diagnostic_rows,
        today: data.as_of,
    };
    let shelf = StagingShelf {
        staging: &staging,
        observer,
    };
    let (names, renamed) = crate::report::book_names(&request);
    findings.extend(renamed);
    // The public page and the tables of what was read need nothing the workbooks add:
    // they are made beside them. The diagnostics table, which shows what the writing
    // found too, comes after.
    let ((books, public), tables) = timed(&mut timings.workbooks, || {
        rayon::join(
            || {
                rayon::join(
                    || write_books(&request, &names, findings, &shelf),
                    || write_public(&staging, &request, settings),
                )
            },
            || write_tables(&staging, plan, &names, data, request.scales),
        )
    });
    public?;
    tables?;
    timed(&mut timings.tables, || {
        write_diagnostics(&staging, findings)?;
        write_collection(&staging, &request, &names)
    })?;
    let workbooks = books.sections.len() + usize::from(books.summary.is_ok());
    let output_dir = timed(&mut timings.save, || {
        write_manifest(&staging, data, workbooks, findings)?;
        keep::restore(&kept, &staging)?;
        fault::abort_at("before-commit");
        staging.commit().map_err(RunError::from)
    })?;
    books.summary?;
    Ok(Written {
        output_dir,
        workbooks: books.sections,
        returns: books.returns,
    })
}

/// The staging folder as the report stage's shelf: each workbook written atomically into
/// it, and the observer told of each section's.
struct StagingShelf<'a> {
    staging: &'a Staging,
    observer: &'a dyn Observer,
}

impl Shelf for StagingShelf<'_> {
    type Error = OutputError;

    fn put(&self, file: &str, bytes: &[u8]) -> Result<(), OutputError> {
        self.staging.write(file, bytes).map(|_| ())
    }

    fn sections_started(&self, total: usize) {
        self.observer.start(Phase::Workbooks, total);
    }

    fn section_done(&self, file: &str) {
        self.observer.done(Phase::Workbooks, file);
    }

    fn sections_finished(&self) {
        self.observer.finish(Phase::Workbooks);
    }
}

/// The public report, `公表/index.html`.
fn write_public(
    staging: &Staging,
    request: &ReportRequest,
    settings: &Settings,
) -> Result<(), RunError> {
    let html = crate::publish::index_html(request, &settings.publish)?;
    let rel = format!(
        "{}/{}",
        crate::publish::PUBLIC_DIR,
        crate::publish::INDEX_FILE
    );
    staging.write(&rel, &html)?;
    Ok(())
}

/// The normalized tables of what the run read, Parquet and CSV, under `tables/`.
fn write_tables(
    staging: &Staging,
    plan: &Plan,
    names: &BTreeMap<DepartmentId, String>,
    data: &RunData,
    scales: &[crate::config::scale::Scale],
) -> Result<(), RunError> {
    let workbook_of = |id: &DepartmentId| names.get(id).cloned().unwrap_or_default();
    // The set-aside reports follow the records, marked as such (`set_aside`).
    let all: Vec<ProgressRecord> = data
        .records
        .iter()
        .cloned()
        .chain(data.secondary.iter().map(|r| ProgressRecord {
            set_aside: true,
            ..r.clone()
        }))
        .collect();
    let mut tables = crate::tables::build(plan, &workbook_of, (&all, scales))?;
    crate::tables::add_revisions(&mut tables, data.editions, data.target, &data.changes)?;
    crate::tables::write_all(&mut tables, &staging.dir().join("tables"))?;
    Ok(())
}

/// The `diagnostics` table of every finding of the run so far.
fn write_diagnostics(staging: &Staging, findings: &[Finding]) -> Result<(), RunError> {
    let mut tables = crate::tables::diagnostics_table(findings)?;
    crate::tables::write_all(&mut tables, &staging.dir().join("tables"))?;
    Ok(())
}

/// `tables/collection.{parquet,csv}`, `tables/section_rates.{parquet,csv}` and
/// `tables/reminders.csv`: who has reported, and the rates.
fn write_collection(
    staging: &Staging,
    request: &ReportRequest,
    names: &BTreeMap<DepartmentId, String>,
) -> Result<(), RunError> {
    let (lines, rates) = request.with_input(names, |input| {
        (
            crate::report::collection(input),
            crate::report::rate_lines(input),
        )
    });
    let dir = staging.dir().join("tables");
    let mut tables = crate::tables::Tables {
        frames: vec![
            ("collection", crate::tables::collection::collection(&lines)?),
            (
                "section_rates",
                crate::tables::rates::section_rates(&rates)?,
            ),
        ],
    };
    crate::tables::write_all(&mut tables, &dir)?;
    let reminders = crate::tables::collection::reminders(&lines)?;
    crate::tables::write_csv_only(&reminders, &dir, "reminders")?;
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

fn summary(data: RunData, written: Written, findings: Vec<Finding>) -> RunSummary {
    let Written {
        output_dir,
        workbooks,
        returns,
    } = written;
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
        returns,
        accounts: data.accounts,
        findings,
        timings: data.timings,
    }
}
