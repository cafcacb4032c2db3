//! Status counts: the summary's 部署別進捗 and 未報告部署 sheets, the count table with its
//! chart on a cover, and the chart helpers the overview ([`super::overview`]) shares.

use rust_xlsxwriter::{
    Chart, ChartAxis, ChartAxisCrossing, ChartDataLabel, ChartFormat, ChartLine, ChartPoint,
    ChartSolidFill, ChartType, Color, FormatAlign, Worksheet, XlsxError,
};

use super::kit::PrintSetup;
use super::kit::measure;
use super::kit::{DEFAULT_ROW_HEIGHT, SheetWriter, Styles, row_height, set_chart_title};
use super::rates::Rates;
use super::rules::{MonthState, NO_STATUS, UNREPORTED, month_state};
use super::workbook::ReportInput;
use crate::plan::{Department, Initiative, PracticeItem};
use crate::wareki::Period;

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
pub(super) fn status_counts_at(
    rows: &[(&Initiative, &PracticeItem)],
    input: &ReportInput,
    month: Period,
) -> (Vec<(String, usize)>, usize) {
    let mut counts: Vec<(String, usize)> =
        status_order(input).into_iter().map(|s| (s, 0)).collect();
    let mut counted = 0;
    for (_, it) in rows {
        let Some(label) = month_state(input.progress, it, month).counted() else {
            continue;
        };
        counted += 1;
        if let Some(e) = counts.iter_mut().find(|(s, _)| s == label) {
            e.1 += 1;
        }
    }
    (counts, counted)
}

/// Below this many items the cover's chart is a bar chart: a pie of one or two items is a
/// circle of one colour, or two halves, and says nothing the counts do not.
pub const PIE_MIN_ITEMS: usize = 3;

/// The width in pixels of a chart drawn over columns of `widths`.
pub fn chart_width(widths: &[f64]) -> u32 {
    let px: f64 = widths.iter().map(|w| measure::column_px(*w)).sum();
    (px - 12.0).max(240.0) as u32
}

/// The step of a count axis up to `max`: a whole number, about ten steps at most.
pub fn count_unit(max: usize) -> usize {
    [1, 2, 5, 10, 20, 50, 100, 200, 500]
        .into_iter()
        .find(|u| max <= u * 10)
        .unwrap_or(1000)
}

/// A count axis: from 0 in whole steps (no 0.5), numbers without decimals, up to `max`
/// rounded up to a step.
pub fn count_axis(axis: &mut ChartAxis, max: usize) {
    let unit = count_unit(max);
    let top = max.max(1).div_ceil(unit) * unit;
    axis.set_min(0)
        .set_max(top as f64)
        .set_major_unit(unit as f64)
        .set_num_format("0")
        .set_major_gridlines(true);
}

/// A white edge between the slices, bars and stacked parts of a chart, so that parts
/// of close greys stay apart on a monochrome printer.
pub fn status_fill(st: &Styles, label: &str) -> ChartFormat {
    let mut f = ChartFormat::new();
    f.set_solid_fill(ChartSolidFill::new().set_color(st.status_color(label)))
        .set_border(ChartLine::new().set_color(Color::White).set_width(0.75));
    f
}

/// The height of a cover chart in pixels.
const COVER_CHART_PX: u32 = 250;

/// The height in points of a cover's status block: its title, then the count table of
/// `statuses` rows or the chart beside it, whichever is taller.
pub fn chart_block_height(statuses: usize) -> f64 {
    let table = row_height(1) * (statuses + 1) as f64;
    let chart = f64::from(COVER_CHART_PX) * 0.75;
    DEFAULT_ROW_HEIGHT + table.max(chart) + 4.0
}

/// A status-count table at (`row`, A:B) of a cover and a chart beside it from column C,
/// `width` pixels wide: a pie chart, or a bar chart below [`PIE_MIN_ITEMS`] items.
///
/// # Errors
/// Only on an internal error of the workbook writer.
pub fn cover_status_chart(
    w: &mut SheetWriter,
    st: &Styles,
    row: u32,
    counts: &[(String, usize)],
    title: &str,
    width: u32,
) -> Result<(), XlsxError> {
    w.text(row, 0, "進捗状況", &st.header)?;
    w.text(row, 1, "件数", &st.header)?;
    for (k, (label, n)) in counts.iter().enumerate() {
        let r = row + 1 + k as u32;
        w.text(r, 0, label, st.status(label))?;
        w.number(r, 1, *n as f64, &st.number)?;
    }
    let sheet_name = w.ws.name();
    let (first, last) = (row + 1, row + counts.len() as u32);
    let total: usize = counts.iter().map(|(_, n)| n).sum();
    let points: Vec<ChartPoint> = counts
        .iter()
        .map(|(label, _)| ChartPoint::new().set_format(&mut status_fill(st, label)))
        .collect();
    let mut chart = if total >= PIE_MIN_ITEMS {
        Chart::new(ChartType::Pie)
    } else {
        Chart::new(ChartType::Bar)
    };
    let series = chart
        .add_series()
        .set_categories((sheet_name.as_str(), first, 0, last, 0))
        .set_values((sheet_name.as_str(), first, 1, last, 1))
        .set_points(&points);
    if total >= PIE_MIN_ITEMS {
        // Each slice says its status and count (greys alone cannot); zero slices get
        // neither a label nor a legend entry.
        series.set_data_label(
            ChartDataLabel::new()
                .show_category_name()
                .show_value()
                .set_separator('\n'),
        );
        let labels: Vec<ChartDataLabel> = counts
            .iter()
            .map(|(_, n)| {
                if *n == 0 {
                    ChartDataLabel::new().set_hidden().to_custom()
                } else {
                    ChartDataLabel::default()
                }
            })
            .collect();
        series.set_custom_data_labels(&labels);
        let zeros: Vec<usize> = counts
            .iter()
            .enumerate()
            .filter(|(_, (_, n))| *n == 0)
            .map(|(k, _)| k)
            .collect();
        chart.legend().delete_entries(&zeros);
    } else {
        series.set_gap(60);
        // A bar chart's x axis is its value axis; statuses read from the top.
        count_axis(chart.x_axis(), total);
        // The value axis stays below the bars.
        chart
            .y_axis()
            .set_reverse()
            .set_crossing(ChartAxisCrossing::Max);
        chart.legend().set_hidden();
    }
    set_chart_title(&mut chart, &st.cuts, &sheet_name, title);
    chart.set_width(width).set_height(COVER_CHART_PX);
    w.ws.insert_chart_with_offset(row, 2, &chart, 8, 0)?;
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
    let mut widths = vec![14.0, 20.0];
    widths.extend(order.iter().map(|_| 8.0));
    widths.push(6.0);
    let mut w = SheetWriter::new(ws, &st.cuts, &widths);
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
    w.blank(total_row, 0, &st.label)?;
    w.finish()?;
    ws.set_freeze_panes(2, 2)?;
    ws.autofilter(1, 0, total_row - 1, total_col)?;
    PrintSetup::landscape(&widths)
        .repeat_rows(1, 1)
        .apply(ws, st)
}

/// One section's row of 部署別進捗 (non-zero counts in their status colour, then the
/// number of items counted); returns the counts for the totals.
fn section_status_row(
    w: &mut SheetWriter,
    st: &Styles,
    input: &ReportInput,
    row: u32,
    d: &Department,
) -> Result<Vec<(String, usize)>, XlsxError> {
    let rows = input.items_of(&d.id);
    let counts = status_counts(&rows, input);
    w.text(row, 0, d.bureau_label(), &st.text)?;
    w.text(row, 1, d.id.as_str(), &st.text)?;
    for (k, (label, n)) in counts.iter().enumerate() {
        let fmt = if *n > 0 { st.status(label) } else { &st.number };
        w.number(row, 2 + k as u16, *n as f64, fmt)?;
    }
    // The items counted (the row's sum), as 概要 counts them.
    let in_force = Rates::of(input.progress, input.period, rows.iter().map(|(_, it)| *it)).in_force;
    w.number(row, 2 + counts.len() as u16, in_force as f64, &st.number)?;
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
    let mut w = SheetWriter::new(ws, &st.cuts, &UNREPORTED_COLUMNS);
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
            "報告対象",
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
    let last = UNREPORTED_COLUMNS.len() as u16 - 1;
    if row == 2 {
        w.note(
            2,
            0,
            last,
            "報告が必要な項目には、すべての部署から報告がありました。",
            &st.note,
        )?;
    }
    w.note(
        row + 1,
        0,
        last,
        "赤: この月の報告が一件もない部署。報告対象・未報告は「概要」と同じ数え方（完了・中止の項目と、報告の対象外の項目は数えません）。",
        &st.note,
    )?;
    w.finish()?;
    ws.set_freeze_panes(2, 0)?;
    PrintSetup::landscape(&UNREPORTED_COLUMNS)
        .repeat_rows(1, 1)
        .apply(ws, st)?;
    Ok(none_reported)
}

/// 部局, 部署, 報告対象, 未報告, 未報告の項目, 部署別ファイル (printed: which file to ask for).
const UNREPORTED_COLUMNS: [f64; 6] = [14.0, 20.0, 8.0, 8.0, 30.0, 30.0];

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
    let items = input.items_of(&d.id);
    let states: Vec<_> = items
        .iter()
        .map(|(_, it)| (it.id, month_state(input.progress, it, input.period)))
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
    let rates = Rates::of(
        input.progress,
        input.period,
        items.iter().map(|(_, it)| *it),
    );
    let all_missing = rates.none_reported();
    let fmt = if all_missing {
        st.status(UNREPORTED).clone().set_align(FormatAlign::Left)
    } else {
        st.text.clone()
    };
    w.text(row, 0, d.bureau_label(), &fmt)?;
    w.text(row, 1, d.id.as_str(), &fmt)?;
    w.number(row, 2, rates.expected as f64, &st.number)?;
    w.number(row, 3, rates.unreported as f64, &st.number)?;
    w.text(row, 4, &missing.join("、"), &st.wrap)?;
    w.text(
        row,
        5,
        input.workbooks.get(&d.id).map_or("", String::as_str),
        &st.text,
    )?;
    Ok(Some(all_missing))
}
