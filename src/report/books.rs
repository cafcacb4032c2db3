//! The report stage's front door: [`write_books`] takes what the run read and writes every
//! workbook (one per section, then the summary) onto a [`Shelf`], the run's staging
//! folder. The section workbooks are made in parallel; the summary is made while they are
//! and made again when they add findings (text cut, a workbook that failed) or when text
//! is cut in it, so that its 診断 sheet shows every finding of the run.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rayon::prelude::*;
use rust_xlsxwriter::XlsxError;
use thiserror::Error;

use super::department::department_workbook;
use super::kit::{CUT_MARK, Cut};
use super::naming::{SUMMARY_FILE, WorkbookNames, workbook_names};
use super::rates::{Rates, SectionReturns};
use super::revisions::Revisions;
use super::rules::ProgressView;
use super::summary::summary_workbook;
use super::workbook::{Book, PlanIndex, ReportInput};
use crate::config::scale::Scale;
use crate::diagnostics::{Finding, FindingCode};
use crate::plan::edition::Edition;
use crate::plan::{Department, DepartmentId};
use crate::progress::ProgressRecord;
use crate::revision::{Change, Lineage};
use crate::wareki::Period;

/// What the workbooks are made from: the run's editions and their changes, the period and
/// the settled reports, and the settings the workbooks show.
#[derive(Clone, Copy)]
pub struct ReportRequest<'a> {
    /// Every edition found, oldest first.
    pub editions: &'a [Edition],
    /// Index of the edition in force for the period.
    pub target: usize,
    /// The changes between consecutive editions.
    pub changes: &'a [Change],
    /// The editions' items as matched for the run.
    pub lineage: &'a Lineage,
    /// The month reported on.
    pub period: Period,
    /// The settled progress records.
    pub records: &'a [ProgressRecord],
    /// Canonical statuses in display order.
    pub statuses: &'a [String],
    /// The evaluation scales (評価 first, then the other axes).
    pub scales: &'a [Scale],
    /// The 進捗入力 sheet is due on this day of the month after the month it reports on.
    pub due_day: u32,
    /// The most findings the 診断 sheet lists (the tables keep them all).
    pub diagnostic_rows: usize,
    /// The day of the run: whether a section's report is past its due date (回収状況).
    pub today: NaiveDate,
}

impl ReportRequest<'_> {
    /// What every sheet is made from, worked out once from the request (the reports by
    /// item and month, the revisions, the plan's index), handed to `f`; the workbooks are
    /// named by `workbooks`, and no finding is shown.
    pub fn with_input<R>(
        &self,
        workbooks: &BTreeMap<DepartmentId, String>,
        f: impl FnOnce(&ReportInput) -> R,
    ) -> R {
        let plan = &self.editions[self.target].plan;
        let revisions = Revisions {
            editions: self.editions,
            target: self.target,
            changes: self.changes,
            lineage: self.lineage,
        };
        let view = ProgressView::new(self.records, &revisions);
        let index = PlanIndex::new(plan, &revisions);
        f(&ReportInput {
            plan,
            period: self.period,
            findings: &[],
            workbooks,
            progress: &view,
            statuses: self.statuses,
            scales: self.scales,
            due_day: self.due_day,
            revisions: &revisions,
            diagnostic_rows: self.diagnostic_rows,
            index: &index,
            today: self.today,
        })
    }
}

/// Where the workbooks go, and who hears of each section's.
pub trait Shelf: Sync {
    /// Why a workbook could not be put.
    type Error: std::error::Error + Send + Sync + 'static;

    /// Keeps the workbook `file` (written atomically by the implementation).
    ///
    /// # Errors
    /// The file cannot be written.
    fn put(&self, file: &str, bytes: &[u8]) -> Result<(), Self::Error>;

    /// The section workbooks are about to be made, `total` of them.
    fn sections_started(&self, _total: usize) {}

    /// The workbook `file` of a section is done (written or not).
    fn section_done(&self, _file: &str) {}

    /// Every section workbook is done.
    fn sections_finished(&self) {}
}

/// Why the summary workbook was not written: it could not be made, or not be put.
#[derive(Debug, Error)]
pub enum SummaryError<E: std::error::Error + 'static> {
    #[error(transparent)]
    Workbook(#[from] XlsxError),
    #[error(transparent)]
    Shelf(E),
}

/// What [`write_books`] did.
pub struct Shelved<E: std::error::Error + 'static> {
    /// The section workbooks written, in the sections' order.
    pub sections: Vec<String>,
    /// The summary workbook, written or why not.
    pub summary: Result<(), SummaryError<E>>,
    /// Which sections were due a report and which sent one.
    pub returns: SectionReturns,
}

/// The file name of each section's workbook of the period (the tables name them too),
/// and a note for each one not simply named `<部局名>_<課名>.xlsx`.
pub fn book_names(request: &ReportRequest) -> (BTreeMap<DepartmentId, String>, Vec<Finding>) {
    let plan = &request.editions[request.target].plan;
    let names = workbook_names(&plan.departments, &request.period.to_string());
    let notes = renamed(&names);
    (names.files, notes)
}

/// Makes every workbook of the period and puts it on `shelf`: one per section of the
/// plan in force, named as [`book_names`] named it, then [`SUMMARY_FILE`]. A section whose
/// workbook cannot be made or put is a finding for it; text cut to fit is a warning.
/// `findings` (the run's so far) is shown in the summary's 診断 sheet, and gets the
/// sections' findings and the summary's own, in that order.
pub fn write_books<S: Shelf>(
    request: &ReportRequest,
    names: &BTreeMap<DepartmentId, String>,
    findings: &mut Vec<Finding>,
    shelf: &S,
) -> Shelved<S::Error> {
    // Section workbooks show no diagnostics; the summary shows them all, including the
    // ones found while writing the section workbooks.
    let (sections, summary, returns) = request.with_input(names, |input| {
        let (sections, summary) = write_workbooks(shelf, input, findings);
        (sections, summary, section_returns(input))
    });
    Shelved {
        returns,
        sections,
        summary,
    }
}

/// The sections' returns for the period, counted as 未報告部署 counts them.
fn section_returns(input: &ReportInput) -> SectionReturns {
    let mut out = SectionReturns::default();
    for d in &input.plan.departments {
        let items = input.items_of(&d.id);
        let rates = Rates::of(
            input.progress,
            input.period,
            items.iter().map(|(_, it)| *it),
        );
        out.add(d.id.as_str(), &rates);
    }
    out
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

/// Test hook for the failure tests: `GYOKAKU_FAULT=<point>` makes the workbook built at
/// that point fail as rust_xlsxwriter would.
fn injected_failure(point: &str) -> Result<(), XlsxError> {
    if crate::fault::injected(point) {
        return Err(XlsxError::ParameterError(format!("GYOKAKU_FAULT={point}")));
    }
    Ok(())
}

/// One workbook per section; a section whose workbook cannot be made or written gets a
/// finding, text cut to fit a warning. Tells `shelf` of each section done. Returns the
/// workbooks written and the findings.
///
/// The sections are built and written in parallel (rayon, one section per task, so at
/// most one workbook per thread is held in memory); the workbooks written and the
/// findings keep the sections' order.
fn write_section_workbooks<S: Shelf>(
    shelf: &S,
    input: &ReportInput,
) -> (Vec<String>, Vec<Finding>) {
    shelf.sections_started(input.plan.departments.len());
    let outcomes: Vec<(Option<String>, Vec<Finding>)> = input
        .plan
        .departments
        .par_iter()
        .enumerate()
        .map(|(k, d)| {
            let file = input.workbooks.get(&d.id).map_or("", String::as_str);
            let outcome = write_section_workbook(shelf, input, (k, d), file);
            shelf.section_done(file);
            outcome
        })
        .collect();
    shelf.sections_finished();
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
fn write_section_workbook<S: Shelf>(
    shelf: &S,
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
    match shelf.put(file, &book.bytes) {
        Ok(()) => {
            crate::fault::abort_at("after-first-workbook");
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
fn write_workbooks<S: Shelf>(
    shelf: &S,
    input: &ReportInput,
    findings: &mut Vec<Finding>,
) -> (Vec<String>, Result<(), SummaryError<S::Error>>) {
    let ((written, found), early) = rayon::join(
        || write_section_workbooks(shelf, input),
        || {
            summary_workbook(&ReportInput {
                findings: findings.as_slice(),
                ..*input
            })
        },
    );
    let early = found.is_empty().then_some(early);
    findings.extend(found);
    (written, write_summary(shelf, input, findings, early))
}

/// The summary workbook, whose 診断 sheet shows every finding so far (`early`: the
/// workbook already built from them). When text had to be cut in it, it is made once
/// more so that its 診断 sheet shows those cuts too.
///
/// # Errors
/// The workbook cannot be made or written.
fn write_summary<S: Shelf>(
    shelf: &S,
    base: &ReportInput,
    findings: &mut Vec<Finding>,
    early: Option<Result<Book, XlsxError>>,
) -> Result<(), SummaryError<S::Error>> {
    injected_failure("summary-workbook")?;
    let cut_findings = |cuts: &[Cut]| -> Vec<Finding> {
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
    shelf
        .put(SUMMARY_FILE, &book.bytes)
        .map_err(SummaryError::Shelf)
}

/// The warning for text cut in the workbook `file`.
fn cut_finding(file: &str, cut: &Cut) -> Finding {
    Finding::new(
        file,
        cut.location(),
        FindingCode::ReportTextCut,
        format!(
            "文字列が Excelの上限（{}文字）を超えるため、{}文字のうち先頭{}文字だけを書き、末尾に「{}」を付けました。全文は tables フォルダの CSV・Parquetにあります",
            grouped(cut.limit),
            grouped(cut.chars),
            grouped(cut.kept),
            CUT_MARK
        ),
    )
    .with_value(format!("{}…", cut.head))
}

/// `32,767`: a count with thousands separators.
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{DepartmentRef, ItemId, PracticeItem, role_label};

    fn owned_by(ids: &[(&str, &str)]) -> PracticeItem {
        PracticeItem {
            id: ItemId::new(7, 1),
            initiative_no: crate::plan::InitiativeId::new(7),
            seq: 1,
            name: String::new(),
            content: String::new(),
            departments: ids
                .iter()
                .map(|(mark, section)| DepartmentRef {
                    bureau_mark: mark.to_string(),
                    section: section.to_string(),
                    ..DepartmentRef::default()
                })
                .collect(),
            all_departments: false,
            schedule: Vec::new(),
            effect_targets: std::collections::BTreeMap::new(),
            target_indicator: String::new(),
            source_file: String::new(),
            source_line: 1,
        }
    }

    #[test]
    fn the_first_named_section_is_primary() {
        let it = owned_by(&[("財", "管財課"), ("教", "総務企画課")]);
        assert!(it.is_primary(&DepartmentId::new("財", "管財課")));
        assert!(!it.is_primary(&DepartmentId::new("教", "総務企画課")));
        assert!(!it.is_primary(&DepartmentId::new("民", "窓口サービス課")));
        assert!(!owned_by(&[]).is_primary(&DepartmentId::new("", "")));
        assert_eq!(role_label(true), "主担当");
        assert_eq!(role_label(false), "共同");
    }

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(grouped(7), "7");
        assert_eq!(grouped(255), "255");
        assert_eq!(grouped(32_767), "32,767");
        assert_eq!(grouped(1_040_003), "1,040,003");
    }

    #[test]
    fn activity_of_notes_years_outside_the_schedule() {
        let it = owned_by(&[]);
        assert_eq!(
            super::super::rules::activity_of(&it, 2024).0,
            "（工程表なし）"
        );
    }
}
