//! What a run tells while it goes: stage timings for the summary, and an [`Observer`]
//! that hears each progress report read and each section workbook written (the command
//! draws a progress bar with it; the library itself prints nothing).

use std::time::{Duration, Instant};

/// The parts of a run that an [`Observer`] hears counted, file by file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Reading the progress reports (in parallel).
    Reports,
    /// Writing the section workbooks (in parallel).
    Workbooks,
}

/// Hears a run's progress. Reports are read and section workbooks written in parallel,
/// so an observer is `Sync` and [`Observer::done`] may be called from several threads at
/// once. Every method does nothing by default.
pub trait Observer: Sync {
    /// A phase begins with `total` files to go through.
    fn start(&self, _phase: Phase, _total: usize) {}
    /// One file of the phase is done (read, or written or given up on).
    fn done(&self, _phase: Phase, _file: &str) {}
    /// The phase is over.
    fn finish(&self, _phase: Phase) {}
}

/// The observer of [`crate::run()`]: hears nothing.
pub struct Silent;

impl Observer for Silent {}

/// How long each stage of a run took (wall-clock time). Only for the summary: no output
/// file carries it, so that a re-run stays byte-identical.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StageTimings {
    /// Checking the folders, reading the configuration, listing the inputs and opening
    /// the output folder.
    pub setup: Duration,
    /// Reading the 部署マスタ and indexing the sections' names.
    pub sections: Duration,
    /// Reading the plans (every edition) and matching the editions' items.
    pub plans: Duration,
    /// Opening the store of parsed reports and reading the progress reports.
    pub reports: Duration,
    /// Choosing the period, settling the reports for it, the changes between editions
    /// and the sections' names as of the period.
    pub settle: Duration,
    /// The normalized tables.
    pub tables: Duration,
    /// The section workbooks, the summary workbook and the public page (公表).
    pub workbooks: Duration,
    /// The manifest and the swap of the period folder.
    pub save: Duration,
}

impl StageTimings {
    /// The stages added up.
    pub fn total(&self) -> Duration {
        self.stages().iter().map(|(_, d)| *d).sum()
    }

    /// Each stage with its Japanese name, in the order of the run.
    pub fn stages(&self) -> [(&'static str, Duration); 8] {
        [
            ("準備", self.setup),
            ("部署", self.sections),
            ("計画", self.plans),
            ("進捗報告", self.reports),
            ("集約", self.settle),
            ("表", self.tables),
            ("ブック", self.workbooks),
            ("保存", self.save),
        ]
    }
}

/// Runs `f` and adds the time it took to `slot`.
pub(crate) fn timed<T>(slot: &mut Duration, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    *slot += start.elapsed();
    out
}
