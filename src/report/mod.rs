//! Plan records -> the workbooks people read: one per responsible section, and
//! `全体集計.xlsx` for the reform office.
//!
//! The run calls one function, [`write_books`], with a [`ReportRequest`]; it makes every
//! workbook in memory and hands each to a [`Shelf`] (the run's staging folder), which
//! writes it atomically. Document properties are fixed from the period, so the same
//! inputs give byte-identical files. Text too long for Excel is cut with a visible mark
//! and each cut becomes a finding. Text is always written as text, never as a formula.
//!
//! The files, from the front door down (each uses only files below it):
//! - [`books`]: the front door; [`naming`] names the files.
//! - [`collection`]: who has reported this month (回収状況, and the lines of its tables).
//! - [`rate_lines`]: the rates of every month, section and bureau as table lines.
//! - [`department`] and [`summary`] assemble the two kinds of workbook from one file per
//!   sheet family: [`overview`] (概要, one page for the head of the office), [`items`],
//!   [`schedule`], [`progress`], [`input`], [`status`], [`trend`], [`annual`],
//!   [`effect`], [`revisions`] and [`diagnostics`].
//! - [`workbook`]: what every workbook is made from ([`workbook::ReportInput`]) and made
//!   with (a new workbook, the finished book, a cover's facts).
//! - [`rates`]: 報告率 and 完了率, defined once ([`rates::Rates`]).
//! - [`rules`]: the month rules every sheet reads the reports by: the carry-over of a
//!   status, the labels, what a fiscal year adds up to, whether an item is due a report.
//! - [`kit`]: the writer kit: text cut to fit, colours, formats, measuring, page setup
//!   and the sheet writer; it knows nothing of plans or reports.

mod annual;
mod books;
mod collection;
mod department;
mod diagnostics;
mod effect;
pub(crate) mod input;
mod items;
mod kit;
mod naming;
mod overview;
mod progress;
mod rate_lines;
pub(crate) mod rates;
mod revisions;
mod rules;
mod schedule;
mod status;
mod summary;
mod trend;
mod workbook;

pub use books::{ReportRequest, Shelf, SummaryError, book_names, write_books};
pub use collection::collection;
pub use naming::SUMMARY_FILE;
pub use rate_lines::rate_lines;
pub use rates::SectionReturns;
pub use rules::{NOT_RATED, NOT_REPORTED, annual};
pub use workbook::ReportInput;
