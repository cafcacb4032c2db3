//! The 工程表 sheet: items x fiscal years, drawn as a Gantt chart.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::kit::measure;
use super::kit::{Orientation, PrintSetup};
use super::kit::{SheetWriter, Styles};
use crate::plan::{Initiative, PracticeItem, ScheduleCell, ScheduleKind};
use crate::wareki::fiscal_year_short;

/// 項目ID and 実践項目名.
const FIXED_COLUMNS: [f64; 2] = [6.0, 24.0];
/// The widest and the narrowest a fiscal year's column gets.
const YEAR_WIDTH: (f64, f64) = (20.0, 10.0);

/// The width of every fiscal year's column: the same for all years, so that the sheet
/// reads as a timeline, and as wide as `years` columns allow on a landscape page at
/// 100 % ([`super::kit::page::print_scale`]; at least [`YEAR_WIDTH`]`.1`: a long plan prints smaller).
pub fn year_width(years: usize) -> f64 {
    let fixed: f64 = FIXED_COLUMNS
        .iter()
        .map(|w| measure::substitute_column_px(*w))
        .sum();
    let room = Orientation::Landscape.printable_width_px() - fixed;
    // Back from LibreOffice's pixels to Excel's unit.
    let each = room / years.max(1) as f64 * measure::DIGIT_PX / measure::SUBSTITUTE_DIGIT_PX;
    ((each - measure::CELL_PAD_PX) / measure::DIGIT_PX)
        .floor()
        .clamp(YEAR_WIDTH.1, YEAR_WIDTH.0)
}

/// Items x fiscal years, Gantt style: an activity's cell and the years it continues
/// (→ or an empty merged cell) form one bar, held together by lines above and below; the
/// current fiscal year is framed.
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
    let mut widths = FIXED_COLUMNS.to_vec();
    widths.extend(years.iter().map(|_| year_width(years.len())));
    let mut w = SheetWriter::new(ws, &st.cuts, &widths);
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
        w.text(row, 0, &it.id.to_string(), &st.code)?;
        w.text(row, 1, &it.name, &st.wrap)?;
        for (k, y) in years.iter().enumerate() {
            let cell = it.schedule_for(*y);
            bar_cell(&mut w, st, row, 2 + k as u16, cell, *y == fy)?;
        }
    }
    let legend = rows.len() as u32 + 2;
    w.note(
        legend,
        0,
        widths.len() as u16 - 1,
        SCHEDULE_LEGEND,
        &st.note,
    )?;
    w.finish()?;
    ws.set_freeze_panes(1, 2)?;
    ws.autofilter(0, 0, rows.len() as u32, 1 + years.len() as u16)?;
    PrintSetup::landscape(&widths)
        .repeat_rows(0, 0)
        .apply(ws, st)
}

/// How to read the bars, in words that hold on a monochrome printer too.
const SCHEDULE_LEGEND: &str = "凡例: 上下の線でつながったセルが一つの工程。左端が太線の濃いセル = 工程の開始・変更（工程の内容を記載）、斜線（または薄い色）のセル = 前年度からの継続（→を含む）、左右が橙の線の列 = 今年度";

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
