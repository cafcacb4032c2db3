//! The reform office's workbook `全体集計.xlsx`: an overview by section, the status
//! tables, every item, the whole schedule, the initiatives, the revisions and every
//! diagnostic of the run.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::style::{SheetWriter, Styles, print_setup};
use super::{
    Book, ReportInput, diagnostics, finish, items, new_workbook, period_fact, plan_period_label,
    progress, revisions, schedule, status, write_facts,
};
use crate::diagnostics::Severity;
use crate::plan::{Department, Plan};

/// The reform office's workbook: overview by section, every item, the whole schedule,
/// the initiatives and every diagnostic of the run.
///
/// # Errors
/// Only on an internal error of the workbook writer.
pub fn summary_workbook(input: &ReportInput) -> Result<Book, XlsxError> {
    let plan = input.plan;
    let fy = input.period.fiscal_year();
    let (mut wb, st) = new_workbook("行政改革 全体集計", input.period)?;
    let rows: Vec<_> = plan.items().collect();
    let years = plan.fiscal_years();

    overview_sheet(wb.add_worksheet(), &st, input)?;
    status::section_status_sheet(wb.add_worksheet(), &st, input)?;
    status::unreported_sheet(wb.add_worksheet(), &st, input)?;
    status::trend_sheet(wb.add_worksheet(), &st, input)?;
    progress::progress_sheet(wb.add_worksheet(), &st, &rows, input, true)?;
    items::items_sheet(wb.add_worksheet(), &st, &rows, input, None)?;
    schedule::schedule_sheet(wb.add_worksheet(), &st, &rows, &years, fy)?;
    initiatives_sheet(wb.add_worksheet(), &st, plan)?;
    revisions::summary_sheet(wb.add_worksheet(), &st, input.revisions)?;
    diagnostics::diagnostics_sheet(
        wb.add_worksheet(),
        &st,
        input.findings,
        input.diagnostic_rows,
    )?;
    finish(wb, &st)
}

/// 概要: what the run covers, then each section's count of items as primary and as
/// co-owner, and its workbook.
fn overview_sheet(ws: &mut Worksheet, st: &Styles, input: &ReportInput) -> Result<(), XlsxError> {
    let plan = input.plan;
    ws.set_name("概要")?;
    let mut w = SheetWriter::new(ws, &st.cuts, &[18, 24, 12, 12, 40]);
    w.loose(0, 0, "行政改革推進計画　全体集計", &st.title)?;
    let facts = overview_facts(input);
    write_facts(&mut w, st, &facts, 4)?;
    let head = 3 + facts.len() as u32;
    w.loose(head - 1, 0, "部署別の担当項目数", &st.subtitle)?;
    w.headers(
        head,
        &["部局", "部署", "主担当", "共同", "部署別ファイル"],
        &st.header,
    )?;
    for (r, d) in plan.departments.iter().enumerate() {
        department_count_row(&mut w, st, input, head + 1 + r as u32, d)?;
    }
    let last = head + plan.departments.len() as u32;
    w.finish()?;
    ws.set_freeze_panes(head + 1, 0)?;
    ws.autofilter(head, 0, last, 4)?;
    print_setup(ws, &st.cuts, Some((head, head)), "全体集計")?;
    Ok(())
}

/// The overview's label/value rows.
fn overview_facts(input: &ReportInput) -> Vec<(&'static str, String)> {
    let plan = input.plan;
    let count = |severity: Severity| {
        input
            .findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    };
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    vec![
        ("対象期間", period_fact(input.period)),
        ("計画期間", plan_period_label(plan)),
        ("計画ファイル", plan.files.join("、")),
        ("取組", format!("{} 件", plan.initiatives.len())),
        ("実践項目", format!("{} 件", plan.item_count())),
        ("担当部署", format!("{} 部署", plan.departments.len())),
        (
            "診断",
            format!("エラー {errors} 件、警告 {warnings} 件（「診断」シート）"),
        ),
    ]
}

/// One section's row of the overview: bureau, section, items as primary and as
/// co-owner, workbook file.
fn department_count_row(
    w: &mut SheetWriter,
    st: &Styles,
    input: &ReportInput,
    row: u32,
    d: &Department,
) -> Result<(), XlsxError> {
    let (primary, shared): (Vec<_>, Vec<_>) = input
        .plan
        .items_of(&d.id)
        .partition(|(_, it)| it.is_primary(&d.id));
    w.text(row, 0, d.bureau_label(), &st.text)?;
    w.text(row, 1, d.id.as_str(), &st.text)?;
    w.number(row, 2, primary.len() as f64, &st.number)?;
    w.number(row, 3, shared.len() as f64, &st.number)?;
    w.text(
        row,
        4,
        input.workbooks.get(&d.id).map_or("", String::as_str),
        &st.text,
    )?;
    Ok(())
}

/// 取組: one row per initiative with its texts and number of items.
fn initiatives_sheet(ws: &mut Worksheet, st: &Styles, plan: &Plan) -> Result<(), XlsxError> {
    ws.set_name("取組")?;
    let mut w = SheetWriter::new(ws, &st.cuts, &[8, 24, 44, 44, 44, 10]);
    w.headers(
        0,
        &[
            "取組No.",
            "取組名",
            "現状と課題",
            "取組内容",
            "目標・効果",
            "実践項目数",
        ],
        &st.header,
    )?;
    for (r, ini) in plan.initiatives.iter().enumerate() {
        let row = r as u32 + 1;
        w.number(row, 0, ini.no as f64, &st.center)?;
        w.text(row, 1, &ini.title, &st.wrap)?;
        w.text(row, 2, &ini.issues, &st.wrap)?;
        w.text(row, 3, &ini.content, &st.wrap)?;
        w.text(row, 4, &ini.goals, &st.wrap)?;
        w.number(row, 5, ini.items.len() as f64, &st.number)?;
    }
    w.finish()?;
    ws.set_freeze_panes(1, 2)?;
    ws.autofilter(0, 0, plan.initiatives.len() as u32, 5)?;
    print_setup(ws, &st.cuts, Some((0, 0)), "取組")?;
    Ok(())
}
