//! gyokaku (行革): the monthly batch of a municipal administrative-reform office.
//!
//! A run reads the reform plan (text extracted from the PDF) and the sections' monthly
//! progress reports (spreadsheets and CSV), and writes normalized tables (Parquet and
//! CSV), one workbook per responsible section and a summary workbook for the office.
//!
//! The stages, in the order a file goes through them (a module uses only modules above
//! it in this list):
//!
//! - `fault`: test hooks that make a run fail or stop at a named point.
//! - `isolate`: a panic in one file's reader as that file's error, printed nowhere.
//! - [`files`]: the directory walker, bounded reads of regular files, relative names.
//! - [`text`]: folding and similarity of text, for every stage that compares text.
//! - [`wareki`]: eras, fiscal years, periods, month arithmetic.
//! - `holidays`: national holidays and the town hall's working days.
//! - [`amount`]: money amounts (効果額) in 円, 千円 or 百万円, held as yen.
//! - [`diagnostics`]: findings as data ([`Finding`], [`FindingCode`], [`Severity`]).
//! - [`config`]: `gyokaku.toml`, vocabularies, bureaus, limits and evaluation scales
//!   ([`Settings`]; [`config::scale`]: 評価, 達成度, …: values, order, synonyms).
//! - [`decode`]: bytes -> text (encoding detection), lines of extracted text.
//! - [`sheet`]: spreadsheets and CSV -> raw cells with their addresses.
//! - `document`: Word documents and PDFs -> paragraphs and tables, and the plan text
//!   they make.
//! - [`sections`]: sections' names and IDs, the section directory (部署マスタ), the
//!   resolution of their written forms and ownership, built once per run.
//! - [`plan`]: plan text -> [`plan::Plan`]; editions of a plan.
//! - [`revision`]: items matched across editions and what changed.
//! - [`progress`]: progress reports -> records, settled for a period.
//! - [`tables`]: records -> polars DataFrames, Parquet and CSV.
//! - [`report`]: the section workbooks and the summary workbook.
//! - [`publish`]: the public report, a static web page (`公表/index.html`).
//! - [`output`]: the staging folder swapped in atomically.
//! - [`manifest`]: what a run read and wrote.
//! - [`run`], [`intake`] and [`diff`]: the commands, each a sequence of the stages above.
//! - [`cli`]: the command line as typed -> [`RunConfig`].

// A function longer than a screen usually does two things (threshold in clippy.toml).
#![warn(clippy::too_many_lines)]
// Nothing from a user's file may reach an unwrap; constant regexes go through
// `text::regex`, the one place allowed to expect.
#![warn(clippy::unwrap_used, clippy::expect_used)]

pub mod amount;
pub mod cli;
pub mod config;
mod decode;
pub mod diagnostics;
pub mod diff;
mod document;
mod fault;
mod files;
mod holidays;
pub mod intake;
mod isolate;
pub mod manifest;
mod output;
pub mod plan;
pub mod progress;
mod publish;
mod report;
mod revision;
pub mod run;
pub mod sections;
mod sheet;
mod tables;
mod text;
pub mod wareki;

pub use config::Settings;
pub use diagnostics::{Finding, FindingCode, Severity};
pub use diff::{DiffError, DiffFailure, DiffOutcome, diff_files};
pub use report::{SUMMARY_FILE, SectionReturns};
pub use revision::{Change, ChangeKind, Lineage};
pub use run::{
    Observer, PeriodChoice, Phase, RunConfig, RunError, RunFailure, RunSummary, StageTimings, run,
    run_with,
};
