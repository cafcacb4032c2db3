//! The 実践項目 sheet: one row per item with its initiative, content, this year's activity
//! and owners.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::kit::PrintSetup;
use super::kit::{SheetWriter, Styles};
use super::rules::activity_of;
use super::workbook::ReportInput;
use crate::plan::{DepartmentId, Initiative, Plan, PracticeItem, role_label};
use crate::wareki::fiscal_year_short;

/// One row per item: ID, initiative, name, content, this year's activity. `owner`: the
/// section whose workbook this is (its role is shown), or `None` for the summary (the
/// owners are shown).
///
/// # Errors
/// Only on an internal error of the workbook writer.
pub fn items_sheet(
    ws: &mut Worksheet,
    st: &Styles,
    rows: &[(&Initiative, &PracticeItem)],
    input: &ReportInput,
    owner: Option<&DepartmentId>,
) -> Result<(), XlsxError> {
    let fy = input.period.fiscal_year();
    ws.set_name("実践項目")?;
    let headers = headers(fy, owner.is_some());
    let mut w = SheetWriter::new(ws, &st.cuts, &ITEM_COLUMNS);
    w.headers(0, &headers, &st.header)?;
    for (r, (ini, it)) in rows.iter().enumerate() {
        let row = r as u32 + 1;
        let (activity, kind) = activity_of(it, fy);
        w.text(row, 0, &it.id.to_string(), &st.code)?;
        w.initiative(row, 1, ini.no, &st.number)?;
        w.text(row, 2, &ini.title, &st.wrap)?;
        w.text(row, 3, &it.name, &st.wrap)?;
        w.text(row, 4, &it.content, &st.wrap)?;
        w.text(row, 5, &activity, &st.wrap)?;
        w.text(row, 6, &kind, &st.center)?;
        match owner {
            Some(id) => role_cells(&mut w, st, row, it, id)?,
            None => owner_cells(&mut w, st, row, it, input.plan)?,
        }
        let all = if it.all_departments { "○" } else { "" };
        w.text(row, 9, all, &st.center)?;
    }
    w.finish()?;
    ws.set_freeze_panes(1, 2)?;
    ws.autofilter(0, 0, rows.len() as u32, headers.len() as u16 - 1)?;
    PrintSetup::landscape(&ITEM_COLUMNS)
        .repeat_rows(0, 0)
        .apply(ws, st)
}

/// 項目ID, 取組No., 取組名, 実践項目名, 取組内容, 今年度の工程, 工程の区分, the owners (two
/// columns), 各担当部署.
const ITEM_COLUMNS: [f64; 10] = [6.0, 5.0, 14.0, 18.0, 30.0, 16.0, 7.0, 11.0, 11.0, 5.0];

/// The headers; columns 7 and 8 depend on whether the sheet belongs to one section.
fn headers(fy: i32, one_section: bool) -> Vec<String> {
    let this_year = format!("今年度の工程\n（{}）", fiscal_year_short(fy));
    let mut headers = vec![
        "項目ID".to_string(),
        "取組No.".to_string(),
        "取組名".to_string(),
        "実践項目名".to_string(),
        "取組内容".to_string(),
        this_year,
        "工程の区分".to_string(),
    ];
    let owners = if one_section {
        ["担当区分", "他の担当部署"]
    } else {
        ["担当部署", "部局"]
    };
    headers.extend(owners.map(String::from));
    headers.push("各担当部署".to_string());
    headers
}

/// Columns 7–8 of a section's sheet: its role, and the other owners.
fn role_cells(
    w: &mut SheetWriter,
    st: &Styles,
    row: u32,
    it: &PracticeItem,
    dept_id: &DepartmentId,
) -> Result<(), XlsxError> {
    w.text(row, 7, role_label(it.is_primary(dept_id)), &st.center)?;
    let others: Vec<String> = it
        .departments
        .iter()
        .map(|d| d.id())
        .filter(|d| d != dept_id)
        .map(|d| d.to_string())
        .collect();
    w.text(row, 8, &others.join("、"), &st.wrap)
}

/// Columns 7–8 of the summary: every owner (marked when there is none), and their
/// bureaus' configured names.
fn owner_cells(
    w: &mut SheetWriter,
    st: &Styles,
    row: u32,
    it: &PracticeItem,
    plan: &Plan,
) -> Result<(), XlsxError> {
    let ids: Vec<DepartmentId> = it.departments.iter().map(|d| d.id()).collect();
    let fmt = if ids.is_empty() { &st.error } else { &st.wrap };
    let names: Vec<&str> = ids.iter().map(DepartmentId::as_str).collect();
    w.text(row, 7, &names.join("、"), fmt)?;
    // The configured name only (not `bureau_label()`): an unconfigured bureau's mark is
    // already in the section ID.
    let bureaus: Vec<String> = ids
        .iter()
        .filter_map(|id| {
            plan.departments
                .iter()
                .find(|x| &x.id == id)
                .map(|x| x.bureau_name.clone())
        })
        .collect();
    w.text(row, 8, &bureaus.join("、"), &st.wrap)
}
