//! Status counts: the summary's 部署別進捗, 未報告部署 and 進捗推移 sheets, and the count
//! table with pie chart on a section's cover.

use rust_xlsxwriter::{
    Chart, ChartDataLabel, ChartFormat, ChartPoint, ChartSolidFill, ChartType, Worksheet, XlsxError,
};

use super::ReportInput;
use super::monthly::{MonthState, NOT_EXPECTED, month_state};
use super::progress::{NO_STATUS, UNREPORTED};
use super::style::{SheetWriter, Styles, print_setup, set_chart_title};
use crate::plan::{Department, DepartmentId, Initiative, PracticeItem};
use crate::wareki::{Period, fiscal_months, fiscal_year_long};

/// Statuses in display order, then 未報告 and （状況未記入）.
pub fn status_order(input: &ReportInput) -> Vec<String> {
    let mut v = input.statuses.to_vec();
    v.push(UNREPORTED.to_string());
    v.push(NO_STATUS.to_string());
    v
}

/// Status counts of `rows` for the period, in [`status_order`], zero counts included.
/// Items the carry-over rules do not expect yet and know nothing of are not counted.
pub fn status_counts(
    rows: &[(&Initiative, &PracticeItem)],
    input: &ReportInput,
) -> Vec<(String, usize)> {
    status_counts_at(rows, input, input.period).0
}

/// Status counts of `rows` for `month` ([`MonthState::counted`]), in [`status_order`],
/// zero counts included, and the number of items counted.
fn status_counts_at(
    rows: &[(&Initiative, &PracticeItem)],
    input: &ReportInput,
    month: Period,
) -> (Vec<(String, usize)>, usize) {
    let mut counts: Vec<(String, usize)> =
        status_order(input).into_iter().map(|s| (s, 0)).collect();
    let mut counted = 0;
    for (_, it) in rows {
        let Some(label) = month_state(input, it, month).counted() else {
            continue;
        };
        counted += 1;
        if let Some(e) = counts.iter_mut().find(|(s, _)| s == label) {
            e.1 += 1;
        }
    }
    (counts, counted)
}

/// A status-count table at (`row`, `col`) of the cover and a pie chart beside it.
///
/// # Errors
/// Only on an internal error of the workbook writer.
pub fn cover_status_chart(
    w: &mut SheetWriter,
    st: &Styles,
    row: u32,
    col: u16,
    counts: &[(String, usize)],
    title: &str,
) -> Result<(), XlsxError> {
    w.loose(row, col, "進捗状況", &st.header)?;
    w.loose(row, col + 1, "件数", &st.header)?;
    for (k, (label, n)) in counts.iter().enumerate() {
        let r = row + 1 + k as u32;
        w.loose(r, col, label, st.status(label))?;
        w.ws.write_number_with_format(r, col + 1, *n as f64, &st.number)?;
    }
    let sheet_name = w.ws.name();
    let (first, last) = (row + 1, row + counts.len() as u32);
    let mut chart = Chart::new(ChartType::Pie);
    let points: Vec<ChartPoint> = counts
        .iter()
        .map(|(label, _)| {
            ChartPoint::new().set_format(
                ChartFormat::new()
                    .set_solid_fill(ChartSolidFill::new().set_color(st.status_color(label))),
            )
        })
        .collect();
    chart
        .add_series()
        .set_categories((sheet_name.as_str(), first, col, last, col))
        .set_values((sheet_name.as_str(), first, col + 1, last, col + 1))
        .set_points(&points)
        .set_data_label(ChartDataLabel::new().show_value());
    set_chart_title(&mut chart, &st.cuts, &sheet_name, title);
    chart.set_width(420).set_height(300);
    w.ws.insert_chart(row, col + 3, &chart)?;
    Ok(())
}

/// Summary: sections x status counts for the period.
///
/// # Errors
/// Only on an internal error of the workbook writer.
pub fn section_status_sheet(
    ws: &mut Worksheet,
    st: &Styles,
    input: &ReportInput,
) -> Result<(), XlsxError> {
    ws.set_name("部署別進捗")?;
    let order = status_order(input);
    let mut caps = vec![14, 22];
    caps.extend(order.iter().map(|_| 10));
    caps.push(8);
    let mut w = SheetWriter::new(ws, &st.cuts, &caps);
    w.loose(
        0,
        0,
        &format!("部署別の進捗状況（{}）", input.period.japanese()),
        &st.subtitle,
    )?;
    let mut headers = vec!["部局", "部署"];
    headers.extend(order.iter().map(String::as_str));
    headers.push("計");
    w.headers(1, &headers, &st.header)?;
    let total_col = 2 + order.len() as u16;
    let mut totals = vec![0usize; order.len()];
    for (r, d) in input.plan.departments.iter().enumerate() {
        let counts = section_status_row(&mut w, st, input, 2 + r as u32, d)?;
        for (total, (_, n)) in totals.iter_mut().zip(&counts) {
            *total += n;
        }
    }
    let total_row = 2 + input.plan.departments.len() as u32;
    w.text(total_row, 1, "合計（延べ）", &st.label)?;
    for (k, n) in totals.iter().enumerate() {
        w.number(total_row, 2 + k as u16, *n as f64, &st.number)?;
    }
    w.number(
        total_row,
        total_col,
        totals.iter().sum::<usize>() as f64,
        &st.number,
    )?;
    w.finish()?;
    ws.set_freeze_panes(2, 2)?;
    ws.autofilter(1, 0, total_row - 1, total_col)?;
    print_setup(ws, &st.cuts, Some((1, 1)), "部署別進捗")?;
    Ok(())
}

/// One section's row of 部署別進捗 (non-zero counts in their status colour, then the
/// number of items); returns the counts for the totals.
fn section_status_row(
    w: &mut SheetWriter,
    st: &Styles,
    input: &ReportInput,
    row: u32,
    d: &Department,
) -> Result<Vec<(String, usize)>, XlsxError> {
    let rows: Vec<_> = input.plan.items_of(&d.id).collect();
    let counts = status_counts(&rows, input);
    w.text(row, 0, d.bureau_label(), &st.text)?;
    w.text(row, 1, d.id.as_str(), &st.text)?;
    for (k, (label, n)) in counts.iter().enumerate() {
        let fmt = if *n > 0 { st.status(label) } else { &st.number };
        w.number(row, 2 + k as u16, *n as f64, fmt)?;
    }
    w.number(row, 2 + counts.len() as u16, rows.len() as f64, &st.number)?;
    Ok(counts)
}

/// Summary: sections with items left unreported under the carry-over rules (an item
/// finished or not expected yet is not missing). Returns the number of sections that
/// sent no report at all for the period while some item was due.
///
/// # Errors
/// Only on an internal error of the workbook writer.
pub fn unreported_sheet(
    ws: &mut Worksheet,
    st: &Styles,
    input: &ReportInput,
) -> Result<usize, XlsxError> {
    ws.set_name("未報告部署")?;
    let mut w = SheetWriter::new(ws, &st.cuts, &[14, 22, 10, 10, 40, 30]);
    w.loose(
        0,
        0,
        &format!("{}に報告がない部署・項目", input.period.japanese()),
        &st.subtitle,
    )?;
    w.headers(
        1,
        &[
            "部局",
            "部署",
            "担当項目",
            "未報告",
            "未報告の項目",
            "部署別ファイル",
        ],
        &st.header,
    )?;
    let mut row = 2u32;
    let mut none_reported = 0;
    for d in &input.plan.departments {
        if let Some(all_missing) = unreported_row(&mut w, st, input, row, d)? {
            none_reported += usize::from(all_missing);
            row += 1;
        }
    }
    if row == 2 {
        w.loose(
            2,
            0,
            "報告が必要な項目には、すべての部署から報告がありました。",
            &st.note,
        )?;
    }
    w.loose(
        row + 1,
        0,
        "赤: この月の報告が一件もない部署。完了・中止の項目と、報告の対象外の項目は未報告に数えません。",
        &st.note,
    )?;
    w.finish()?;
    ws.set_freeze_panes(2, 0)?;
    print_setup(ws, &st.cuts, Some((1, 1)), "未報告部署")?;
    Ok(none_reported)
}

/// A section's row of 未報告部署 if some of its items are 未報告 (red when the section
/// sent no report this month; items two months unreported are marked): `Some(whether
/// it sent none)`, or `None` and nothing written.
fn unreported_row(
    w: &mut SheetWriter,
    st: &Styles,
    input: &ReportInput,
    row: u32,
    d: &Department,
) -> Result<Option<bool>, XlsxError> {
    let items: Vec<_> = input.plan.items_of(&d.id).collect();
    let states: Vec<_> = items
        .iter()
        .map(|(_, it)| (it.id, month_state(input, it, input.period)))
        .collect();
    let missing: Vec<String> = states
        .iter()
        .filter_map(|(id, s)| match s {
            MonthState::Unreported { overdue: true, .. } => Some(format!("{id}（2か月以上）")),
            MonthState::Unreported { .. } => Some(id.to_string()),
            _ => None,
        })
        .collect();
    if missing.is_empty() {
        return Ok(None);
    }
    let all_missing = !states
        .iter()
        .any(|(_, s)| matches!(s, MonthState::Reported(_)));
    let fmt = if all_missing {
        st.status(UNREPORTED)
    } else {
        &st.text
    };
    w.text(row, 0, d.bureau_label(), fmt)?;
    w.text(row, 1, d.id.as_str(), fmt)?;
    w.number(row, 2, items.len() as f64, &st.number)?;
    w.number(row, 3, missing.len() as f64, &st.number)?;
    w.text(row, 4, &missing.join("、"), &st.wrap)?;
    w.text(
        row,
        5,
        input.workbooks.get(&d.id).map_or("", String::as_str),
        &st.text,
    )?;
    Ok(Some(all_missing))
}

/// The 進捗推移 sheet's name, which its charts refer to.
const TREND_SHEET: &str = "進捗推移";

/// Summary: for each section, status counts month by month over the fiscal year, with a
/// stacked column chart.
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
    ws.set_column_width(0, 10)?;
    for k in 0..order.len() {
        ws.set_column_width(1 + k as u16, 9)?;
    }
    // Widths are set above: the writer measures nothing.
    let mut w = SheetWriter::new(ws, &st.cuts, &[]);
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
    // Each block is tall enough for its chart.
    let block = (months.len() as u32 + 4).max(17);
    for (b, d) in input.plan.departments.iter().enumerate() {
        let top = 2 + b as u32 * block;
        trend_block(&mut w, st, input, &order, &months, top, d)?;
        let chart = trend_chart(st, &order, top, months.len() as u32, &d.id);
        w.ws.insert_chart(top, 2 + order.len() as u16, &chart)?;
    }
    print_setup(ws, &st.cuts, None, TREND_SHEET)?;
    Ok(())
}

/// One section's block of 進捗推移 from row `top`: a title, then months x statuses, counted
/// as [`status_counts_at`] does (the same states the 進捗履歴 sheet shows).
fn trend_block(
    w: &mut SheetWriter,
    st: &Styles,
    input: &ReportInput,
    order: &[String],
    months: &[Period],
    top: u32,
    d: &Department,
) -> Result<(), XlsxError> {
    let rows: Vec<_> = input.plan.items_of(&d.id).collect();
    w.loose(
        top,
        0,
        &format!("{}（{}項目）", d.id, rows.len()),
        &st.subtitle,
    )?;
    w.loose(top + 1, 0, "月", &st.header)?;
    for (k, s) in order.iter().enumerate() {
        w.loose(top + 1, 1 + k as u16, s, &st.header)?;
    }
    for (m, month) in months.iter().enumerate() {
        let row = top + 2 + m as u32;
        w.loose(row, 0, &format!("{}月", month.month), &st.center)?;
        // A month in which no item is counted (reporting had not started): 「－」, no bar.
        let (counts, counted) = status_counts_at(&rows, input, *month);
        for (k, (_, n)) in counts.iter().enumerate() {
            if counted == 0 {
                w.text(row, 1 + k as u16, NOT_EXPECTED, &st.center)?;
            } else {
                w.number(row, 1 + k as u16, *n as f64, &st.number)?;
            }
        }
    }
    Ok(())
}

/// The stacked column chart of the block at `top`: one series per status, coloured as
/// the status.
fn trend_chart(
    st: &Styles,
    order: &[String],
    top: u32,
    months: u32,
    dept_id: &DepartmentId,
) -> Chart {
    let (first, last) = (top + 2, top + 1 + months);
    let mut chart = Chart::new(ChartType::ColumnStacked);
    for (k, s) in order.iter().enumerate() {
        let col = 1 + k as u16;
        chart
            .add_series()
            .set_name((TREND_SHEET, top + 1, col))
            .set_categories((TREND_SHEET, first, 0, last, 0))
            .set_values((TREND_SHEET, first, col, last, col))
            .set_format(
                ChartFormat::new()
                    .set_solid_fill(ChartSolidFill::new().set_color(st.status_color(s))),
            );
    }
    set_chart_title(
        &mut chart,
        &st.cuts,
        TREND_SHEET,
        &format!("{dept_id}の進捗状況"),
    );
    chart.set_width(520).set_height(300);
    chart
}
