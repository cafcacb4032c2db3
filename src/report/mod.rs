//! Plan records -> the workbooks people read: one per responsible section, and
//! `全体集計.xlsx` for the reform office.
//!
//! Workbooks are built in memory ([`department_workbook`], [`summary_workbook`] return the
//! bytes) so that the caller writes them atomically. Document properties are fixed from
//! the period, so the same inputs give byte-identical files. Text too long for Excel is
//! cut with a visible mark; each [`Book`] lists its cuts, which [`cut_finding`] turns
//! into findings. Text is always written as text, never as a formula.
//!
//! One file per sheet family: [`department`] and [`summary`] assemble the two kinds of
//! workbook from [`items`], [`schedule`], [`progress`], [`input`], [`status`],
//! [`revisions`], [`trend`] and [`diagnostics`]; [`naming`] names the files; [`style`] holds formats and layout,
//! [`page`] how sheets print.
//! [`monthly`] holds the carry-over rules: an item's state in a month, which every sheet
//! that shows or counts a month's status uses.

pub mod annual;
pub mod department;
pub mod diagnostics;
pub mod effect;
pub mod input;
pub mod items;
pub mod monthly;
pub mod naming;
pub mod page;
pub mod progress;
pub mod revisions;
pub mod schedule;
pub mod status;
pub mod style;
pub mod summary;
pub mod trend;

pub use department::department_workbook;
pub use naming::workbook_names;
pub use revisions::Revisions;
pub use summary::summary_workbook;

use std::collections::BTreeMap;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, XlsxError};

use crate::diagnostics::{Finding, FindingCode};
use crate::plan::{DepartmentId, Initiative, Plan, PracticeItem, ScheduleKind};
use crate::wareki::{Period, fiscal_year_long};
use style::{Cut, MAX_SHORT_TEXT, PageHeader, SheetWriter, Styles, init_workbook};

/// File name of the summary workbook.
pub const SUMMARY_FILE: &str = "全体集計.xlsx";

/// What the workbooks are made from.
pub struct ReportInput<'a> {
    /// The plan edition in force for the period.
    pub plan: &'a Plan,
    /// The month reported on.
    pub period: Period,
    /// Findings shown in the summary's 診断 sheet (none for section workbooks).
    pub findings: &'a [Finding],
    /// department_id -> workbook file name.
    pub workbooks: &'a BTreeMap<DepartmentId, String>,
    /// The settled progress records.
    pub progress: &'a progress::ProgressView<'a>,
    /// Canonical statuses in display order.
    pub statuses: &'a [String],
    /// The evaluation scales (評価 first, then the other axes): a dropdown each on the
    /// 進捗入力 sheet, counts and the 年度評価 in the summary.
    pub scales: &'a [crate::config::scale::Scale],
    /// The 進捗入力 sheet is due on this day of the month after the month it reports on.
    pub due_day: u32,
    /// The plan's editions and the changes between them.
    pub revisions: &'a Revisions<'a>,
    /// The most findings the 診断 sheet lists (the tables keep them all).
    pub diagnostic_rows: usize,
    /// What every workbook asks of the plan, worked out once for all of them.
    pub index: &'a PlanIndex<'a>,
}

/// An item of the plan with its initiative.
pub type ItemRow<'a> = (&'a Initiative, &'a PracticeItem);

/// What the workbooks ask of the plan again and again, worked out once per run: the
/// fiscal years of its schedules, each section's items and the lines of the revision
/// history. Without it every section's workbook went through every item of the plan
/// (sections x items), and worked out every revision line again (sections x changes x
/// items).
pub struct PlanIndex<'a> {
    /// [`Plan::fiscal_years`].
    pub years: Vec<i32>,
    /// Department -> [`Plan::items_of`].
    items: BTreeMap<DepartmentId, Vec<ItemRow<'a>>>,
    /// [`Revisions::lines`].
    revision_lines: Vec<revisions::RevisionLine>,
    /// Whether any item has an effect target (the 進捗入力 sheet then asks for amounts).
    pub has_effect_targets: bool,
}

impl<'a> PlanIndex<'a> {
    pub fn new(plan: &'a Plan, revisions: &Revisions) -> PlanIndex<'a> {
        let mut items: BTreeMap<DepartmentId, Vec<ItemRow<'a>>> = BTreeMap::new();
        for (ini, it) in plan.items() {
            for d in &it.departments {
                let rows = items.entry(d.id()).or_default();
                // An item naming a section twice is listed once, as items_of does.
                if !rows.last().is_some_and(|(_, last)| std::ptr::eq(*last, it)) {
                    rows.push((ini, it));
                }
            }
        }
        PlanIndex {
            years: plan.fiscal_years(),
            items,
            revision_lines: revisions.lines(),
            has_effect_targets: plan.items().any(|(_, it)| !it.effect_targets.is_empty()),
        }
    }
}

impl<'a> ReportInput<'a> {
    /// The items a section owns (primary or co-owner), in plan order.
    pub fn items_of(&self, department: &DepartmentId) -> Vec<ItemRow<'a>> {
        self.index
            .items
            .get(department)
            .cloned()
            .unwrap_or_default()
    }

    /// The revision lines that concern a section: its items in the old or the new edition.
    pub fn revision_lines_for(&self, department: &DepartmentId) -> Vec<revisions::RevisionLine> {
        revisions::concerning(&self.index.revision_lines, department)
    }
}

/// A workbook made: its bytes and the text cut to fit in it.
pub struct Book {
    /// The xlsx file.
    pub bytes: Vec<u8>,
    /// Text cut to fit, in the order written.
    pub cuts: Vec<Cut>,
}

/// The warning for text cut in the workbook `file`.
pub fn cut_finding(file: &str, cut: &Cut) -> Finding {
    Finding::new(
        file,
        cut.location(),
        FindingCode::ReportTextCut,
        format!(
            "文字列が Excelの上限（{}文字）を超えるため、{}文字のうち先頭{}文字だけを書き、末尾に「{}」を付けました。全文は tables フォルダの CSV・Parquetにあります",
            grouped(cut.limit),
            grouped(cut.chars),
            grouped(cut.kept),
            style::CUT_MARK
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

/// A new workbook with the gyokaku font and document properties fixed from the period
/// (not the clock), so that the same inputs give the same bytes. Its printed pages name
/// `owner` (a section, or 全体集計), the period and the edition in force.
fn new_workbook(
    title: &str,
    owner: String,
    input: &ReportInput,
) -> Result<(Workbook, Styles), XlsxError> {
    let period = input.period;
    let mut wb = Workbook::new();
    init_workbook(&mut wb)?;
    let st = Styles::for_pages(PageHeader {
        owner,
        period: period.japanese(),
        edition: input.revisions.in_force_label(),
        ..PageHeader::default()
    });
    let created = ExcelDateTime::from_ymd(period.year as u16, period.month as u8, 1)?;
    let title = st.cuts.fit(title, MAX_SHORT_TEXT, || {
        (String::new(), "文書のプロパティ「タイトル」".to_string())
    });
    let props = DocProperties::new()
        .set_title(title.as_ref())
        .set_author("gyokaku")
        .set_comment(format!("{}時点", period.japanese()))
        .set_creation_datetime(&created);
    wb.set_properties(&props);
    Ok((wb, st))
}

/// The finished workbook with the cuts made in it.
fn finish(mut wb: Workbook, st: &Styles) -> Result<Book, XlsxError> {
    Ok(Book {
        bytes: wb.save_to_buffer()?,
        cuts: st.cuts.take(),
    })
}

/// The label/value rows of a cover from row 2 on, each value merged up to `last_col`.
/// The next free row is `3 + facts.len()`.
fn write_facts(
    w: &mut SheetWriter,
    st: &Styles,
    facts: &[(&str, String)],
    last_col: u16,
) -> Result<(), XlsxError> {
    for (k, (label, value)) in facts.iter().enumerate() {
        let row = 2 + k as u32;
        w.text(row, 0, label, &st.label)?;
        w.merged(row, 1, last_col, value, &st.text)?;
    }
    Ok(())
}

/// `令和6年9月（2024年9月）`: the period as covers show it.
fn period_fact(period: Period) -> String {
    format!(
        "{}（{}年{}月）",
        period.japanese(),
        period.year,
        period.month
    )
}

/// `令和2年度～令和6年度（2020～2024年度）`
pub fn plan_period_label(plan: &Plan) -> String {
    years_label(&plan.fiscal_years())
}

/// [`plan_period_label`] from the plan's fiscal years.
pub fn years_label(years: &[i32]) -> String {
    match (years.first(), years.last()) {
        (Some(a), Some(b)) => format!(
            "{}～{}（{a}～{b}年度）",
            fiscal_year_long(*a),
            fiscal_year_long(*b)
        ),
        _ => "（工程表なし）".to_string(),
    }
}

/// This fiscal year's activity and how it reads, or a note when the plan does not cover
/// the year.
pub(crate) fn activity_of(item: &PracticeItem, fy: i32) -> (String, String) {
    match item.schedule_for(fy) {
        Some(c) if c.kind == ScheduleKind::None => {
            ("（予定なし）".to_string(), c.kind.label().to_string())
        }
        Some(c) => (c.activity.clone(), c.kind.label().to_string()),
        None if item.schedule.is_empty() => ("（工程表なし）".to_string(), String::new()),
        None => ("（計画期間外）".to_string(), String::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{DepartmentRef, ItemId, role_label};

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
        assert_eq!(activity_of(&it, 2024).0, "（工程表なし）");
    }
}
