//! What every workbook is made from and made with: the report's input ([`ReportInput`],
//! with the per-run [`PlanIndex`]), a new workbook with fixed properties, the finished
//! [`Book`], and the cover's label/value rows that both kinds of workbook share.

use std::collections::BTreeMap;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, Worksheet, XlsxError};

use super::kit::{Cut, MAX_SHORT_TEXT, PageHeader, SheetWriter, Styles, init_workbook};
use super::revisions::{RevisionLine, Revisions, concerning};
use super::rules::ProgressView;
use crate::diagnostics::Finding;
use crate::plan::{DepartmentId, Initiative, Plan, PracticeItem};
use crate::wareki::{Period, fiscal_year_long};

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
    pub progress: &'a ProgressView<'a>,
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
    /// The day of the run (回収状況: whether the due date has passed).
    pub today: chrono::NaiveDate,
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
    revision_lines: Vec<RevisionLine>,
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
    pub fn revision_lines_for(&self, department: &DepartmentId) -> Vec<RevisionLine> {
        concerning(&self.index.revision_lines, department)
    }
}

/// A workbook made: its bytes and the text cut to fit in it.
pub struct Book {
    /// The xlsx file.
    pub bytes: Vec<u8>,
    /// Text cut to fit, in the order written.
    pub cuts: Vec<Cut>,
}

/// A new workbook with the gyokaku font and document properties fixed from the period
/// (not the clock), so that the same inputs give the same bytes. Its printed pages name
/// `owner` (a section, or 全体集計), the period and the edition in force.
pub fn new_workbook(
    title: &str,
    owner: String,
    input: &ReportInput,
) -> Result<(Workbook, Styles), XlsxError> {
    let period = input.period;
    let mut wb = Workbook::new();
    init_workbook(&mut wb)?;
    let st = page_styles(owner, input);
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

/// The styles of a workbook whose printed pages name `owner`, the period and the edition
/// in force.
fn page_styles(owner: String, input: &ReportInput) -> Styles {
    Styles::for_pages(PageHeader {
        owner,
        period: input.period.japanese(),
        edition: input.revisions.in_force_label(),
        title: input.plan.title.clone(),
        ..PageHeader::default()
    })
}

/// Writes one sheet on the worksheet it is given, in the workbook's styles.
pub type SheetMaker<'a> = Box<dyn Fn(&mut Worksheet, &Styles) -> Result<(), XlsxError> + Sync + 'a>;

/// Adds the sheets `makers` write to `wb`, in their order, making them side by side
/// (rayon): each is written on a worksheet of a workbook of its own, set up as
/// [`new_workbook`] sets one up, with styles of its own, then moved into `wb`. The text
/// cut in them is logged in `st` in the sheets' order, as if they had been written one
/// after the other.
///
/// # Errors
/// A sheet cannot be written.
pub fn add_sheets(
    wb: &mut Workbook,
    st: &Styles,
    owner: &str,
    input: &ReportInput,
    makers: &[SheetMaker],
) -> Result<(), XlsxError> {
    use rayon::prelude::*;
    let made: Vec<Result<(Worksheet, Vec<Cut>), XlsxError>> = makers
        .par_iter()
        .map(|make| {
            let mut scratch = Workbook::new();
            init_workbook(&mut scratch)?;
            let own = page_styles(owner.to_string(), input);
            make(scratch.add_worksheet(), &own)?;
            let ws = scratch.worksheets_mut().pop().ok_or_else(|| {
                XlsxError::ParameterError("a sheet made in parallel is missing".to_string())
            })?;
            Ok((ws, own.cuts.take()))
        })
        .collect();
    for sheet in made {
        let (ws, cuts) = sheet?;
        wb.push_worksheet(ws);
        for cut in cuts {
            st.cuts.record(cut);
        }
    }
    Ok(())
}

/// The finished workbook with the cuts made in it.
pub fn finish(mut wb: Workbook, st: &Styles) -> Result<Book, XlsxError> {
    Ok(Book {
        bytes: wb.save_to_buffer()?,
        cuts: st.cuts.take(),
    })
}

/// The label/value rows of a cover from row 2 on, each value merged up to `last_col`.
/// The next free row is `3 + facts.len()`.
pub fn write_facts(
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
pub fn period_fact(period: Period) -> String {
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
