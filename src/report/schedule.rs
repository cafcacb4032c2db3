//! The 工程表 sheet: items x fiscal years, drawn as a Gantt chart.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::style::{SheetWriter, Styles, print_setup};
use crate::plan::{Initiative, PracticeItem, ScheduleCell, ScheduleKind};
use crate::wareki::fiscal_year_short;

/// Items x fiscal years, Gantt style: an activity's cell and the years it continues
/// (→ or an empty merged cell) form one shaded bar; the current fiscal year is framed.
///
/// # Errors
/// Only on an internal error of the workbook writer.
pub fn schedule_sheet(
    ws: &mut Worksheet,
    st: &Styles,
    rows: &[(&Initiative, &PracticeItem)],
    years: &[i32],
    fy: i32,
) -> Result<(), XlsxError> {
    ws.set_name("工程表")?;
    let mut caps = vec![8, 36];
    caps.extend(years.iter().map(|_| 24));
    let mut w = SheetWriter::new(ws, &st.cuts, &caps);
    w.text(0, 0, "項目ID", &st.header)?;
    w.text(0, 1, "実践項目名", &st.header)?;
    for (k, y) in years.iter().enumerate() {
        let label = format!("{}\n（{y}）", fiscal_year_short(*y));
        let fmt = if *y == fy {
            &st.header_current
        } else {
            &st.header
        };
        w.text(0, 2 + k as u16, &label, fmt)?;
    }
    for (r, (_, it)) in rows.iter().enumerate() {
        let row = r as u32 + 1;
        w.text(row, 0, &it.id.to_string(), &st.center)?;
        w.text(row, 1, &it.name, &st.wrap)?;
        for (k, y) in years.iter().enumerate() {
            let cell = it.schedule_for(*y);
            bar_cell(&mut w, st, row, 2 + k as u16, cell, *y == fy)?;
        }
    }
    let legend = rows.len() as u32 + 2;
    w.loose(
        legend,
        1,
        "凡例: 濃い青 = 工程の開始・変更、薄い青 = 前年度からの継続（→を含む）、橙の枠 = 今年度",
        &st.note,
    )?;
    w.finish()?;
    ws.set_row_height(0, 34)?;
    ws.set_freeze_panes(1, 2)?;
    ws.autofilter(0, 0, rows.len() as u32, 1 + years.len() as u16)?;
    print_setup(ws, &st.cuts, Some((0, 0)), "工程表")?;
    Ok(())
}

/// One year of an item: dark for a new activity (its text), light for one going on (→ or
/// blank), white when nothing is planned; framed in the `current` year.
fn bar_cell(
    w: &mut SheetWriter,
    st: &Styles,
    row: u32,
    col: u16,
    cell: Option<&ScheduleCell>,
    current: bool,
) -> Result<(), XlsxError> {
    let (new, going_on, empty) = if current {
        (&st.bar_new_current, &st.bar_current, &st.empty_current)
    } else {
        (&st.bar_new, &st.bar, &st.text)
    };
    match cell.map(|c| (c.kind, c)) {
        Some((ScheduleKind::New, c)) => w.text(row, col, &c.cell_text, new),
        Some((ScheduleKind::Arrow, _)) => w.text(row, col, "→", going_on),
        Some((ScheduleKind::Continued, _)) => w.blank(row, col, going_on),
        _ => w.blank(row, col, empty),
    }
}
