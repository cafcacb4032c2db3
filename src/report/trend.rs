//! The summary's 進捗推移 sheet: for each section, its status counts month by month over
//! the fiscal year, with a stacked column chart beside them. Every block has the same
//! height (twelve month rows, filled up to the period), two blocks make a landscape page,
//! and a page break comes after every second block: no table or chart is cut by a page.

use rust_xlsxwriter::{Chart, ChartType, Worksheet, XlsxError};

use super::kit::measure;
use super::kit::page;
use super::kit::{Orientation, PrintSetup};
use super::kit::{SheetWriter, Styles, lines_in, row_height, set_chart_title};
use super::rules::NOT_EXPECTED;
use super::status::{count_axis, status_counts_at, status_fill, status_order};
use super::workbook::ReportInput;
use crate::plan::{Department, DepartmentId};
use crate::wareki::{Period, fiscal_months, fiscal_year_long};

/// The sheet's name, which its charts refer to.
const TREND_SHEET: &str = "進捗推移";
/// Column A: the month.
const MONTH_WIDTH: f64 = 6.0;
/// A status's column.
const STATUS_WIDTH: f64 = 8.0;
/// The narrowest the chart's column gets (Excel's unit).
const MIN_CHART_WIDTH: f64 = 36.0;
/// The scale the chart's column is sized for: the table and the chart fill the page's
/// width at it.
const TARGET_SCALE: f64 = 0.9;
/// Rows of a block: its title, the header, twelve months, a blank row.
const BLOCK_ROWS: u32 = 15;
/// Blocks on a page.
const BLOCKS_PER_PAGE: usize = 2;
/// Heights in points: the sheet's title, a block's title, a month.
const TITLE_HEIGHT: f64 = 20.0;
const BLOCK_TITLE_HEIGHT: f64 = 18.0;
const MONTH_HEIGHT: f64 = 14.0;

/// The geometry of the sheet: column widths (months, statuses, the chart's column), the
/// header's height and the scale at which two blocks fit a page.
struct Layout {
    widths: Vec<f64>,
    header_height: f64,
    scale: u16,
}

impl Layout {
    fn new(order: &[String]) -> Layout {
        let mut widths = vec![MONTH_WIDTH];
        widths.extend(order.iter().map(|_| STATUS_WIDTH));
        let table: f64 = widths
            .iter()
            .map(|w| measure::substitute_column_px(*w))
            .sum();
        let room = Orientation::Landscape.printable_width_px() / TARGET_SCALE - table;
        // Back from LibreOffice's pixels to Excel's unit.
        let room = room * measure::DIGIT_PX / measure::SUBSTITUTE_DIGIT_PX;
        let chart = ((room - measure::CELL_PAD_PX - 2.0) / measure::DIGIT_PX)
            .floor()
            .max(MIN_CHART_WIDTH);
        widths.push(chart);
        let lines = order
            .iter()
            .map(|s| lines_in(s, STATUS_WIDTH))
            .max()
            .unwrap_or(1);
        let header_height = row_height(lines);
        let across = page::print_scale(&widths, Orientation::Landscape);
        let tall = TITLE_HEIGHT + BLOCKS_PER_PAGE as f64 * block_height(header_height);
        let down = (Orientation::Landscape.printable_height_pt() / tall * 100.0).floor();
        let scale = f64::from(across).min(down).max(f64::from(page::MIN_SCALE)) as u16;
        Layout {
            widths,
            header_height,
            scale,
        }
    }

    /// Column of the charts.
    fn chart_col(&self) -> u16 {
        self.widths.len() as u16 - 1
    }
}

/// The height of a block in points.
fn block_height(header: f64) -> f64 {
    BLOCK_TITLE_HEIGHT + header + 12.0 * MONTH_HEIGHT + MONTH_HEIGHT
}

/// The first row of block `b`.
fn block_top(b: usize) -> u32 {
    1 + b as u32 * BLOCK_ROWS
}

/// Summary: for each section, status counts month by month over the fiscal year, with a
/// stacked column chart; two sections to a page.
///
/// # Errors
/// Only on an internal error of the workbook writer.
pub fn trend_sheet(ws: &mut Worksheet, st: &Styles, input: &ReportInput) -> Result<(), XlsxError> {
    ws.set_name(TREND_SHEET)?;
    let order = status_order(input);
    let months: Vec<Period> = fiscal_months(input.period)
        .into_iter()
        .filter(|m| *m <= input.period)
        .collect();
    let layout = Layout::new(&order);
    let mut w = SheetWriter::new(ws, &st.cuts, &layout.widths);
    w.loose(
        0,
        0,
        &format!(
            "部署別の進捗状況の推移（{}、{}まで）",
            fiscal_year_long(input.period.fiscal_year()),
            input.period.japanese()
        ),
        &st.subtitle,
    )?;
    let departments = &input.plan.departments;
    for (b, d) in departments.iter().enumerate() {
        let top = block_top(b);
        let items = trend_block(&mut w, st, input, &order, &months, top, d)?;
        let chart = trend_chart(st, &order, top, months.len() as u32, items, &d.id, &layout);
        w.ws.insert_chart_with_offset(top + 1, layout.chart_col(), &chart, 8, 0)?;
    }
    w.finish()?;
    block_heights(ws, &layout, departments.len())?;
    let breaks: Vec<u32> = (BLOCKS_PER_PAGE..departments.len())
        .step_by(BLOCKS_PER_PAGE)
        .map(block_top)
        .collect();
    super::kit::page::set_page_breaks(ws, &breaks)?;
    PrintSetup::landscape(&layout.widths)
        .only_these_columns()
        .scale(layout.scale)
        .apply(ws, st)
}

/// The same heights in every block, whatever its cells hold.
fn block_heights(ws: &mut Worksheet, layout: &Layout, blocks: usize) -> Result<(), XlsxError> {
    ws.set_row_height(0, TITLE_HEIGHT)?;
    for b in 0..blocks {
        let top = block_top(b);
        ws.set_row_height(top, BLOCK_TITLE_HEIGHT)?;
        ws.set_row_height(top + 1, layout.header_height)?;
        for r in top + 2..top + BLOCK_ROWS {
            ws.set_row_height(r, MONTH_HEIGHT)?;
        }
    }
    Ok(())
}

/// One section's block of 進捗推移 from row `top`: a title, then months x statuses, counted
/// as [`status_counts_at`] does (the same states the 進捗履歴 sheet shows). Returns the
/// number of the section's items.
fn trend_block(
    w: &mut SheetWriter,
    st: &Styles,
    input: &ReportInput,
    order: &[String],
    months: &[Period],
    top: u32,
    d: &Department,
) -> Result<usize, XlsxError> {
    let rows = input.items_of(&d.id);
    w.loose(
        top,
        0,
        &format!("{}（{}項目）", d.id, rows.len()),
        &st.subtitle,
    )?;
    w.text(top + 1, 0, "月", &st.header)?;
    for (k, s) in order.iter().enumerate() {
        w.text(top + 1, 1 + k as u16, s, &st.header)?;
    }
    for (m, month) in months.iter().enumerate() {
        let row = top + 2 + m as u32;
        w.text(row, 0, &format!("{}月", month.month), &st.number)?;
        // A month in which no item is counted (reporting had not started): 「－」, no bar.
        let (counts, counted) = status_counts_at(&rows, input, *month);
        for (k, (_, n)) in counts.iter().enumerate() {
            if counted == 0 {
                w.text(row, 1 + k as u16, NOT_EXPECTED, &st.number)?;
            } else {
                w.number(row, 1 + k as u16, *n as f64, &st.number)?;
            }
        }
    }
    Ok(rows.len())
}

/// The stacked column chart of the block at `top`: one series per status, coloured as
/// the status; counts in whole steps up to the section's items.
fn trend_chart(
    st: &Styles,
    order: &[String],
    top: u32,
    months: u32,
    items: usize,
    dept_id: &DepartmentId,
    layout: &Layout,
) -> Chart {
    let (first, last) = (top + 2, top + 1 + months.max(1));
    let mut chart = Chart::new(ChartType::ColumnStacked);
    for (k, s) in order.iter().enumerate() {
        let col = 1 + k as u16;
        chart
            .add_series()
            .set_name((TREND_SHEET, top + 1, col))
            .set_categories((TREND_SHEET, first, 0, last, 0))
            .set_values((TREND_SHEET, first, col, last, col))
            .set_format(&mut status_fill(st, s))
            .set_gap(60);
    }
    count_axis(chart.y_axis(), items);
    set_chart_title(
        &mut chart,
        &st.cuts,
        TREND_SHEET,
        &format!("{dept_id}の進捗状況"),
    );
    let width = measure::column_px(layout.widths[layout.chart_col() as usize]) - 16.0;
    // From the header down to the last month, in pixels (4/3 of a point).
    let height = (layout.header_height + 12.0 * MONTH_HEIGHT) * 4.0 / 3.0 - 6.0;
    chart.set_width(width as u32).set_height(height as u32);
    chart
}
