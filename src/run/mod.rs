//! The `run` command: the monthly job for one period, as a sequence of stages.
//!
//! [`inputs`] finds and classifies the input files, [`stages`] reads plans and progress
//! reports and settles them, [`write`] builds every output in a staging folder and swaps
//! it in, carrying over what [`keep`] finds of the clerk's in the previous output. Problems in single inputs become findings; only what stops the whole run is a
//! [`RunFailure`].

pub mod cache;
mod inputs;
mod keep;
mod observe;
mod stages;
mod write;

use std::path::PathBuf;

use thiserror::Error;

use crate::config::{ConfigError, Settings};
use crate::diagnostics::{Finding, FindingCode, Severity};
use crate::progress::RowAccount;
use crate::wareki::Period;

pub use crate::manifest::{InputKind, PeriodChoice};
pub use observe::{Observer, Phase, Silent, StageTimings};

/// Everything a run needs, resolved from the command line.
#[derive(Debug, Clone)]
pub struct RunConfig {
    /// The input folder: `plans/`, `progress/` and optionally `gyokaku.toml`.
    pub input: PathBuf,
    /// The output folder; the run writes `<output>/<period>/`.
    pub output: PathBuf,
    /// The period asked for; `None`: the latest month found in the progress reports, or
    /// the current month when there are none.
    pub period: Option<Period>,
    /// The configuration file to read, if any.
    pub config: Option<PathBuf>,
    /// Reads every progress report anew, neither using nor filling the cache of parsed
    /// reports in `<output>/.cache/` (`--no-cache`).
    pub no_cache: bool,
    /// The day the run counts as made on (`--as-of`): 回収状況 says which due dates have
    /// passed as of it. `None`: today on this PC's clock. Fixing it makes a re-run on
    /// another day give the same bytes.
    pub as_of: Option<chrono::NaiveDate>,
}

/// What stops a run as a whole (exit status 1).
#[derive(Debug, Error)]
pub enum RunError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(
        "入力フォルダ {input} と出力フォルダ {output} の組み合わせでは実行できません: {reason}。入力フォルダと出力フォルダを別の場所にしてください（入力のファイルは変更していません）"
    )]
    Layout {
        input: String,
        output: String,
        reason: &'static str,
    },
    #[error(
        "入力フォルダ {0} に plans フォルダがありません。計画のテキストを {0}/plans/ に置いてください"
    )]
    NoPlanFolder(String),
    #[error(
        "使える計画がありません（{0} 件の計画ファイルを読みましたが、取組を一つも取り込めませんでした）"
    )]
    NoUsablePlan(usize),
    #[error(transparent)]
    Output(#[from] crate::output::OutputError),
    #[error(transparent)]
    Table(#[from] crate::tables::TableError),
    #[error("全体集計ブックを作成できません: {0}")]
    Workbook(#[from] rust_xlsxwriter::XlsxError),
    #[error("manifest.json を作成できません: {0}")]
    Manifest(#[from] serde_json::Error),
    #[error(transparent)]
    Publish(#[from] crate::publish::PublishError),
}

impl From<crate::report::SummaryError<crate::output::OutputError>> for RunError {
    fn from(e: crate::report::SummaryError<crate::output::OutputError>) -> Self {
        match e {
            crate::report::SummaryError::Workbook(e) => RunError::Workbook(e),
            crate::report::SummaryError::Shelf(e) => RunError::Output(e),
        }
    }
}

/// A run that stopped, with the findings gathered until then (for `main` to print).
#[derive(Debug, Error)]
#[error("{error}")]
pub struct RunFailure {
    pub error: RunError,
    pub findings: Vec<Finding>,
}

impl RunFailure {
    pub(crate) fn new(error: impl Into<RunError>, findings: Vec<Finding>) -> RunFailure {
        RunFailure {
            error: error.into(),
            findings,
        }
    }
}

/// The outcome of a run that finished.
#[derive(Debug)]
pub struct RunSummary {
    pub period: Period,
    pub period_choice: PeriodChoice,
    /// The report files that name the period, when it was taken from the reports.
    pub period_files: Vec<String>,
    pub output_dir: PathBuf,
    pub plan_files: Vec<String>,
    /// The plan edition in force for the period.
    pub edition: String,
    pub initiatives: usize,
    pub items: usize,
    pub departments: usize,
    pub progress_rows: usize,
    pub workbooks: Vec<String>,
    /// Which sections were due a report for the period and which sent one.
    pub returns: crate::report::SectionReturns,
    pub accounts: Vec<RowAccount>,
    pub findings: Vec<Finding>,
    /// How long each stage took; shown by the command, written to no output file.
    pub timings: StageTimings,
}

impl RunSummary {
    /// Exit status: 0 when every input was used, 2 when some input was rejected or the
    /// period looks wrong ([`crate::FindingCode::RunPeriodSuspect`]).
    pub fn exit_code(&self) -> u8 {
        if self.findings.iter().any(|f| {
            f.is_error()
                || (f.code == FindingCode::RunPeriodSuspect && f.severity == Severity::Warning)
        }) {
            2
        } else {
            0
        }
    }
}

/// Runs the monthly job for one period.
///
/// # Errors
/// [`RunFailure`] when nothing usable was found or the output cannot be written; problems
/// in single inputs are findings in the summary instead.
///
/// # Examples
/// ```no_run
/// let cfg = gyokaku::RunConfig {
///     input: "input".into(),
///     output: "output".into(),
///     period: None,
///     config: None,
///     no_cache: false,
///     as_of: None,
/// };
/// let summary = gyokaku::run(&cfg)?;
/// println!("{} の出力: {}", summary.period, summary.output_dir.display());
/// # Ok::<(), gyokaku::RunFailure>(())
/// ```
pub fn run(cfg: &RunConfig) -> Result<RunSummary, RunFailure> {
    run_with(cfg, &Silent)
}

/// Runs the monthly job for one period as [`run()`] does, telling `observer` of each
/// progress report read and each section workbook written.
///
/// # Errors
/// As [`run()`].
pub fn run_with(cfg: &RunConfig, observer: &dyn Observer) -> Result<RunSummary, RunFailure> {
    // Every step is inside a timed stage, so that the times printed add up to the run.
    let mut timings = StageTimings::default();
    let today = cfg
        .as_of
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let (settings, found, mut opened) = observe::timed(&mut timings.setup, || set_up(cfg))?;
    let mut log = stages::RunLog::default();
    stages::log_config(found.config.as_ref(), &mut log);
    let (store, read) = rayon::join(
        || (!cfg.no_cache).then(|| cache::StoreRead::read(&cfg.output)),
        || read_plans(cfg, (&found, &settings), &mut log, &mut timings),
    );
    let (sections, mut editions, lineage) = read?;
    // `[plan] title` names the plan over the heading read from it.
    if let Some(title) = &settings.plan.title {
        for e in &mut editions {
            e.plan.title = Some(title.clone());
        }
    }
    let catalog = observe::timed(&mut timings.plans, || {
        crate::progress::Catalog::new(&editions, &lineage, cfg.period).as_of(today)
    });
    // The store of the reports read is written beside the rest of the run.
    let (reports, _saving) = observe::timed(&mut timings.reports, || {
        read_reports(
            store,
            &found.progress,
            (&settings, &sections, &catalog),
            &mut log,
            observer,
        )
    });
    let chosen = observe::timed(&mut timings.settle, || {
        stages::choose_period(cfg.period, &reports, today, &mut log)
    });
    let period = chosen.period;
    let output = match opened.take() {
        Some(o) => o,
        None => observe::timed(&mut timings.setup, || write::open_output(cfg, period))
            .map_err(|e| RunFailure::new(e, log.findings.clone()))?,
    };
    let target = crate::plan::edition::in_force(&editions, period);
    let (settled, changes) = observe::timed(&mut timings.settle, || {
        let settled = stages::settle_reports(reports, period, &catalog, target, &mut log);
        let changes = crate::revision::changes(&editions, &lineage);
        (settled, changes)
    });
    observe::timed(&mut timings.settle, || {
        stages::name_sections_as_of(&mut editions, &sections, period)
    });
    stages::check_period(
        period,
        &settled.records,
        &editions[target].plan.fiscal_years(),
        &mut log,
    );
    let data = write::RunData {
        changes,
        lineage: &lineage,
        editions: &editions,
        target,
        period,
        as_of: today,
        period_choice: chosen.choice,
        period_files: chosen.files,
        records: settled.records,
        secondary: settled.secondary,
        accounts: settled.accounts,
        inputs: log.inputs,
        findings: log.findings,
        timings,
    };
    write::write_outputs(&settings, data, output, observer)
}

/// The sections, and the plans' editions matched (once, before sections are renamed as
/// of the period: the reports are read with these pairs, and the tables and workbooks
/// show the same).
fn read_plans(
    cfg: &RunConfig,
    (found, settings): (&inputs::FoundInputs, &Settings),
    log: &mut stages::RunLog,
    timings: &mut StageTimings,
) -> Result<
    (
        crate::sections::Sections,
        Vec<crate::plan::edition::Edition>,
        crate::revision::Lineage,
    ),
    RunFailure,
> {
    let sections = observe::timed(&mut timings.sections, || {
        stages::read_sections(&found.directory, settings, cfg.period, log)
    });
    let (editions, lineage) = observe::timed(&mut timings.plans, || {
        let editions = stages::read_editions(&found.plans, settings, &sections, log)?;
        let lineage = crate::revision::Lineage::new(&editions);
        Ok::<_, RunFailure>((editions, lineage))
    })?;
    Ok((sections, editions, lineage))
}

/// Reads the progress reports, through the report store as `store` read it (none:
/// `--no-cache`).
fn read_reports(
    store: Option<cache::StoreRead>,
    files: &[inputs::InputPath],
    (settings, sections, catalog): (
        &Settings,
        &crate::sections::Sections,
        &crate::progress::Catalog,
    ),
    log: &mut stages::RunLog,
    observer: &dyn Observer,
) -> (Vec<crate::progress::FileReport>, cache::Saving) {
    let cache = match store {
        None => cache::ReportCache::disabled(),
        Some(read) => cache::ReportCache::new(read, settings, sections, catalog, &log.inputs),
    };
    let lookups =
        crate::progress::ReportLookups::new(settings, sections).knowing_plan_bureaus(catalog);
    let ctx = stages::ReadContext {
        catalog,
        settings,
        cache: &cache,
        lookups: &lookups,
    };
    stages::read_reports(files, &ctx, log, observer)
}

/// The folders checked, the configuration, the inputs found, and the output folder
/// opened when the period is known from the command line (a second run on it then stops
/// before reading anything).
fn set_up(
    cfg: &RunConfig,
) -> Result<(Settings, inputs::FoundInputs, Option<write::OpenedOutput>), RunFailure> {
    inputs::check_layout(cfg).map_err(|e| RunFailure::new(e, Vec::new()))?;
    let settings = Settings::load_or_default(cfg.config.as_deref())
        .map_err(|e| RunFailure::new(e, Vec::new()))?;
    let found = inputs::discover(cfg).map_err(|e| RunFailure::new(e, Vec::new()))?;
    let opened = match cfg.period {
        Some(p) => Some(write::open_output(cfg, p).map_err(|e| RunFailure::new(e, Vec::new()))?),
        None => None,
    };
    Ok((settings, found, opened))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::Path;
    use std::sync::Mutex;

    use super::*;

    /// What one phase heard: the totals it started with, the files done, the finishes.
    type Heard = (Vec<usize>, Vec<String>, usize);

    /// Every call heard, by phase.
    #[derive(Default)]
    struct Recorder {
        heard: Mutex<BTreeMap<String, Heard>>,
    }

    impl Observer for Recorder {
        fn start(&self, phase: Phase, total: usize) {
            let mut heard = self.heard.lock().unwrap();
            heard.entry(format!("{phase:?}")).or_default().0.push(total);
        }
        fn done(&self, phase: Phase, file: &str) {
            let mut heard = self.heard.lock().unwrap();
            let files = &mut heard.entry(format!("{phase:?}")).or_default().1;
            files.push(file.to_string());
        }
        fn finish(&self, phase: Phase) {
            let mut heard = self.heard.lock().unwrap();
            heard.entry(format!("{phase:?}")).or_default().2 += 1;
        }
    }

    fn copy_dir(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let p = e.unwrap().path();
            std::fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
        }
    }

    #[test]
    fn observer_hears_each_report_and_each_workbook_once() {
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let input = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(input.path().join("plans")).unwrap();
        std::fs::copy(
            fixtures.join("plans/plan_sample_no07-11.txt"),
            input.path().join("plans/plan_sample_no07-11.txt"),
        )
        .unwrap();
        copy_dir(&fixtures.join("progress"), &input.path().join("progress"));
        // A lock file is not read, so it is not counted either.
        std::fs::write(input.path().join("progress/~$lock.xlsx"), b"x").unwrap();
        let out = tempfile::tempdir().unwrap();
        let cfg = RunConfig {
            input: input.path().to_path_buf(),
            output: out.path().to_path_buf(),
            period: None,
            config: None,
            no_cache: false,
            as_of: None,
        };
        let recorder = Recorder::default();
        let summary = run_with(&cfg, &recorder).unwrap();

        let heard = recorder.heard.into_inner().unwrap();
        let (starts, mut files, finishes) = heard["Reports"].clone();
        assert_eq!(starts, vec![5]);
        assert_eq!(finishes, 1);
        files.sort();
        let mut expected: Vec<String> = summary.accounts.iter().map(|a| a.file.clone()).collect();
        expected.sort();
        assert_eq!(
            files, expected,
            "each report once, the lock file not at all"
        );

        let (starts, mut files, finishes) = heard["Workbooks"].clone();
        assert_eq!(starts, vec![summary.departments]);
        assert_eq!(finishes, 1);
        // Written in parallel: heard in any order, listed in the sections' order.
        files.sort();
        let mut expected = summary.workbooks.clone();
        expected.sort();
        assert_eq!(files, expected, "each section workbook once");
        assert!(summary.timings.total() >= summary.timings.reports);
    }
}
