//! The 改定履歴 sheets: the plan's editions and what changed between them, for the whole
//! plan (summary) and for the items of one section, including items moved to or from it.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::style::{SheetWriter, Styles, print_setup};
use crate::plan::edition::Edition;
use crate::plan::{DepartmentId, ItemId};
use crate::revision::Change;

/// The editions and the changes between consecutive ones.
pub struct Revisions<'a> {
    /// Every edition found, oldest first.
    pub editions: &'a [Edition],
    /// Index of the edition in force for the period.
    pub target: usize,
    /// The changes between consecutive editions.
    pub changes: &'a [Change],
}

impl Revisions<'_> {
    /// Changes that concern a section: its items in the old or the new edition.
    pub fn for_department<'b>(
        &'b self,
        dept_id: &'b DepartmentId,
    ) -> impl Iterator<Item = &'b Change> + 'b {
        self.changes.iter().filter(move |c| {
            c.departments_old
                .iter()
                .chain(&c.departments_new)
                .any(|d| d == dept_id)
        })
    }
}

const HEADERS: [&str; 6] = [
    "改定前の版",
    "改定後の版",
    "改定前の項目ID",
    "改定後の項目ID",
    "変更の種類",
    "内容",
];

fn change_rows(
    w: &mut SheetWriter,
    st: &Styles,
    first_row: u32,
    changes: &[&Change],
) -> Result<u32, XlsxError> {
    w.headers(first_row, &HEADERS, &st.header)?;
    for (k, ch) in changes.iter().enumerate() {
        let row = first_row + 1 + k as u32;
        w.text(row, 0, &ch.from_edition, &st.center)?;
        w.text(row, 1, &ch.to_edition, &st.center)?;
        w.text(row, 2, &id_text(ch.item_id_old), &st.center)?;
        w.text(row, 3, &id_text(ch.item_id_new), &st.center)?;
        w.text(row, 4, ch.change.label(), &st.center)?;
        w.text(row, 5, &ch.detail, &st.wrap)?;
    }
    Ok(first_row + changes.len() as u32)
}

/// Summary: the editions found and every change.
///
/// # Errors
/// Only on an internal error of the workbook writer.
pub fn summary_sheet(ws: &mut Worksheet, st: &Styles, rev: &Revisions) -> Result<(), XlsxError> {
    ws.set_name("改定履歴")?;
    let mut w = SheetWriter::new(ws, &st.cuts, &[12, 12, 12, 12, 14, 80]);
    w.loose(0, 0, "計画の版", &st.subtitle)?;
    w.headers(
        1,
        &[
            "版",
            "取組",
            "実践項目",
            "担当部署",
            "今回の対象",
            "ファイル",
        ],
        &st.header,
    )?;
    for (k, e) in rev.editions.iter().enumerate() {
        let row = 2 + k as u32;
        w.text(row, 0, &e.label(), &st.center)?;
        w.number(row, 1, e.plan.initiatives.len() as f64, &st.number)?;
        w.number(row, 2, e.plan.item_count() as f64, &st.number)?;
        w.number(row, 3, e.plan.departments.len() as f64, &st.number)?;
        w.text(
            row,
            4,
            if k == rev.target {
                "○（この版）"
            } else {
                ""
            },
            &st.center,
        )?;
        w.text(row, 5, &e.plan.files.join("、"), &st.wrap)?;
    }
    let start = 3 + rev.editions.len() as u32;
    w.loose(start, 0, "版ごとの変更", &st.subtitle)?;
    let changes: Vec<&Change> = rev.changes.iter().collect();
    if changes.is_empty() {
        w.loose(
            start + 1,
            0,
            "版が一つだけのため、変更はありません。",
            &st.note,
        )?;
        w.finish()?;
    } else {
        let last = change_rows(&mut w, st, start + 1, &changes)?;
        w.finish()?;
        ws.autofilter(start + 1, 0, last, 5)?;
    }
    print_setup(ws, &st.cuts, None, "改定履歴")?;
    Ok(())
}

/// A section's workbook: the changes to its items.
///
/// # Errors
/// Only on an internal error of the workbook writer.
pub fn department_sheet(
    ws: &mut Worksheet,
    st: &Styles,
    rev: &Revisions,
    dept_id: &DepartmentId,
) -> Result<(), XlsxError> {
    ws.set_name("改定履歴")?;
    let mut w = SheetWriter::new(ws, &st.cuts, &[12, 12, 12, 12, 14, 80]);
    w.loose(
        0,
        0,
        &format!("{dept_id} の実践項目に関する計画の改定"),
        &st.subtitle,
    )?;
    let changes: Vec<&Change> = rev.for_department(dept_id).collect();
    if changes.is_empty() {
        w.loose(
            2,
            0,
            "この部署の実践項目に改定による変更はありません。",
            &st.note,
        )?;
        w.finish()?;
    } else {
        let last = change_rows(&mut w, st, 1, &changes)?;
        w.finish()?;
        ws.set_freeze_panes(2, 0)?;
        ws.autofilter(1, 0, last, 5)?;
    }
    print_setup(ws, &st.cuts, Some((1, 1)), "改定履歴")?;
    Ok(())
}

/// An item ID as shown, empty when there is none.
fn id_text(id: Option<ItemId>) -> String {
    id.map(|i| i.to_string()).unwrap_or_default()
}
