//! The `run` command: the monthly job for one period, as a sequence of stages.
//!
//! [`inputs`] finds and classifies the input files, [`stages`] reads plans and progress
//! reports and settles them, [`write`] builds every output in a staging folder and swaps
//! it in. Problems in single inputs become findings; only what stops the whole run is a
//! [`RunFailure`].

mod inputs;
mod stages;
mod write;

use std::path::PathBuf;

use thiserror::Error;

use crate::config::{ConfigError, Settings};
use crate::diagnostics::Finding;
use crate::progress::RowAccount;
use crate::wareki::Period;

pub use crate::manifest::{InputKind, PeriodChoice};

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
}

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
    Output(#[from] crate::output::OutputError),
    #[error(transparent)]
    Table(#[from] crate::tables::TableError),
    #[error("全体集計ブックを作成できません: {0}")]
    Workbook(#[from] rust_xlsxwriter::XlsxError),
    #[error("manifest.json を作成できません: {0}")]
    Manifest(#[from] serde_json::Error),
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
    pub accounts: Vec<RowAccount>,
    pub findings: Vec<Finding>,
}

impl RunSummary {
    /// Exit status: 0 when every input was used, 2 when some input was rejected.
    pub fn exit_code(&self) -> u8 {
        if self.findings.iter().any(Finding::is_error) {
            2
        } else {
            0
        }
    }
}

/// Reads the configuration file, or takes the defaults when there is none.
///
/// # Errors
/// The file cannot be read or is not valid TOML for gyokaku.
pub fn load_settings(path: Option<&std::path::Path>) -> Result<Settings, ConfigError> {
    match path {
        Some(p) => Settings::load(p),
        None => Ok(Settings::default()),
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
/// };
/// let summary = gyokaku::run(&cfg)?;
/// println!("{} の出力: {}", summary.period, summary.output_dir.display());
/// # Ok::<(), gyokaku::RunFailure>(())
/// ```
pub fn run(cfg: &RunConfig) -> Result<RunSummary, RunFailure> {
    let settings =
        load_settings(cfg.config.as_deref()).map_err(|e| RunFailure::new(e, Vec::new()))?;
    let found = inputs::discover(cfg).map_err(|e| RunFailure::new(e, Vec::new()))?;
    // With the period known from the command line, a second run on it stops before reading.
    let mut opened = match cfg.period {
        Some(p) => Some(write::open_output(cfg, p).map_err(|e| RunFailure::new(e, Vec::new()))?),
        None => None,
    };
    let mut log = stages::RunLog::default();
    stages::log_config(found.config.as_ref(), &mut log);
    let editions = stages::read_editions(&found.plans, &settings, &mut log)?;
    let catalog = crate::progress::Catalog::new(&editions, cfg.period);
    let reports = stages::read_reports(&found.progress, &catalog, &settings, &mut log);
    let chosen = stages::choose_period(cfg.period, &reports, &mut log);
    let period = chosen.period;
    let output = match opened.take() {
        Some(o) => o,
        None => {
            write::open_output(cfg, period).map_err(|e| RunFailure::new(e, log.findings.clone()))?
        }
    };
    let target = crate::plan::edition::in_force(&editions, period);
    let settled = stages::settle_reports(reports, period, &catalog, target, &mut log);
    let data = write::RunData {
        changes: crate::revision::all_changes(&editions),
        editions: &editions,
        target,
        period,
        period_choice: chosen.choice,
        period_files: chosen.files,
        records: settled.records,
        accounts: settled.accounts,
        inputs: log.inputs,
        findings: log.findings,
    };
    write::write_outputs(&settings, data, output)
}
