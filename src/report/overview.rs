//! 概要 of `全体集計.xlsx`: one A4 page, upright, for the head of the office. From the top:
//! what the run covers; the whole plan's counts with 報告率 and 完了率 ([`Rates`]); 報告率
//! and 完了率 over the fiscal year's months (a line chart) beside the status mix of each
//! 部局 (a bar chart, the whole plan first); the items 遅延 or unreported for two months
//! or more, as many as the page holds, then how many more there are and where.
//!
//! The charts' numbers stand right of the printed columns, for the screen. Every row of
//! the page gets an explicit height, so that the list is cut where the page ends in Excel
//! and in LibreOffice alike. The sections' table is its own sheet (部署一覧).

use rust_xlsxwriter::{
    Chart, ChartAxisCrossing, ChartDataLabel, ChartDataLabelPosition, ChartFormat,
    ChartLegendPosition, ChartLine, ChartLineDashType, ChartMarker, ChartMarkerType, ChartType,
    Color, FormatAlign, Worksheet, XlsxError,
};

use super::kit::measure::{DEFAULT_ROW_HEIGHT, column_px, lines_in, row_height};
use super::kit::{Orientation, PrintSetup, SheetWriter, Styles, page_height_pt, set_chart_title};
use super::rates::{COMPLETION_RATE_TEXT, REPORT_RATE_TEXT, Rates};
use super::rules::{
    LATE, MonthState, bureau_name, bureaus, month_name, month_state, reported_items,
};
use super::status::{status_counts_at, status_fill, status_order};
use super::workbook::{ItemRow, ReportInput, period_fact, plan_period_label, write_facts};
use crate::diagnostics::Severity;
use crate::plan::PracticeItem;
use crate::wareki::{Period, fiscal_months, fiscal_year_long};

/// The sheet's name, which its charts refer to.
const SHEET: &str = "概要";
/// The printed columns: labels (and the list's section), then seven of the same width.
const COLUMNS: [f64; 8] = [28.0, 8.0, 8.0, 8.0, 8.0, 8.0, 8.0, 8.0];
/// The last printed column.
const LAST: u16 = COLUMNS.len() as u16 - 1;
/// The chart data, right of the page after a narrow gap: labels, then the numbers.
const DATA_COL: u16 = LAST + 2;
const DATA_LABEL_WIDTH: f64 = 22.0;
const DATA_WIDTH: f64 = 9.0;
/// The title's height in points (a block's title takes a row of one line, 18 pt).
const TITLE_HEIGHT: f64 = 24.0;
/// The line chart's share of the printed width, the bar chart taking the rest.
const LINE_CHART_PX: f64 = 290.0;
/// Pixels between the charts.
const CHART_GAP_PX: f64 = 8.0;
/// The charts' height: room for the bars of the bureaus, within these bounds.
const CHART_MIN_PX: u32 = 220;
const CHART_MAX_PX: u32 = 330;
const BAR_PX: u32 = 20;
/// What the page keeps for the note under the list (two lines of a note).
const LIST_NOTE_PT: f64 = 30.0;

/// 概要: what the run covers, the counts and rates, the two charts and the items that need
/// the head's attention, on one A4 page.
///
/// # Errors
/// Only on an internal error of the workbook writer.
pub fn overview_sheet(
    ws: &mut Worksheet,
    st: &Styles,
    input: &ReportInput,
) -> Result<(), XlsxError> {
    ws.set_name(SHEET)?;
    let order = status_order(input);
    let mut widths = COLUMNS.to_vec();
    widths.extend([2.0, DATA_LABEL_WIDTH]);
    widths.extend(order.iter().map(|_| DATA_WIDTH));
    let mut w = SheetWriter::new(ws, &st.cuts, &widths);
    w.loose(0, 0, "行政改革推進計画　全体集計", &st.title)?;
    let facts = overview_facts(input);
    write_facts(&mut w, st, &facts, LAST)?;
    let after = totals_block(&mut w, st, input, 4 + facts.len() as u32)?;

    let charts_row = after + 2;
    subtitle(
        &mut w,
        st,
        charts_row,
        &format!(
            "報告率・完了率の推移（{}）と部局別の進捗状況（{}）",
            fiscal_year_long(input.period.fiscal_year()),
            input.period.japanese()
        ),
    )?;
    let months = month_rates(input);
    let mix = bureau_mix(input, &order);
    let rates_top = 2;
    rate_data(&mut w, st, rates_top, &months)?;
    let mix_top = rates_top + months.len() as u32 + 3;
    let shown = mix_data(&mut w, st, mix_top, &order, &mix)?;
    let height = chart_height(mix.len());
    let line = rate_chart(st, rates_top, &months, height, input.period);
    w.ws.insert_chart_with_offset(charts_row + 1, 0, &line, 2, 4)?;
    let bars_at = (2.0 + LINE_CHART_PX + CHART_GAP_PX) as u32;
    if shown.is_empty() {
        // No item counted this month (reporting has not started): no bars to draw.
        w.loose(
            charts_row + 2,
            NOTES_FIRST_COL,
            "部局別の進捗状況: この月に数える項目はありません。",
            &st.note,
        )?;
    } else {
        let width = chart_px() - LINE_CHART_PX - CHART_GAP_PX;
        let bars = mix_chart(st, mix_top, &shown, mix.len(), height, width);
        w.ws.insert_chart_with_offset(charts_row + 1, 0, &bars, bars_at, 4)?;
    }
    let chart_rows = (f64::from(height + 8) * 0.75 / DEFAULT_ROW_HEIGHT).ceil() as u32;

    let list_top = charts_row + 2 + chart_rows;
    let scale = PrintSetup::portrait(&COLUMNS).chosen_scale();
    let room = page_height_pt(Orientation::Portrait, scale) - (TITLE_HEIGHT - DEFAULT_ROW_HEIGHT);
    let last = attention_list(&mut w, st, input, list_top, room)?;
    let heights: Vec<f64> = (0..=last).map(|r| w.height_of(r)).collect();
    w.finish()?;
    // Every row of the page as tall as counted above: rows under the charts keep their
    // height whatever the chart data beside them.
    for (r, h) in heights.iter().enumerate() {
        ws.set_row_height(r as u32, *h)?;
    }
    ws.set_row_height(0, TITLE_HEIGHT)?;
    PrintSetup::portrait(&COLUMNS)
        .only_these_columns()
        .apply(ws, st)
}

/// A block's title at (`row`, A), its row as tall as the title's type.
fn subtitle(w: &mut SheetWriter, st: &Styles, row: u32, text: &str) -> Result<(), XlsxError> {
    w.loose(row, 0, text, &st.subtitle)?;
    w.need(row, 1);
    Ok(())
}

/// The overview's label/value rows: period, plan title and edition, plan period and
/// files, findings.
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
    let mut facts = vec![("対象期間", period_fact(input.period))];
    if let Some(title) = &plan.title {
        facts.push(("計画名", title.clone()));
    }
    if let Some(edition) = input.revisions.in_force_label() {
        facts.push(("計画の版", edition));
    }
    facts.extend([
        ("計画期間", plan_period_label(plan)),
        ("計画ファイル", plan.files.join("、")),
        (
            "診断",
            format!("エラー{errors}件、警告{warnings}件（「診断」シート）"),
        ),
    ]);
    facts
}

/// 全体の状況 from row `top`: counts, report rate and completion rate, with what the
/// rates count. Returns the row of the last note.
fn totals_block(
    w: &mut SheetWriter,
    st: &Styles,
    input: &ReportInput,
    top: u32,
) -> Result<u32, XlsxError> {
    let plan = input.plan;
    let t = Rates::of(input.progress, input.period, reported_items(plan));
    subtitle(
        w,
        st,
        top - 1,
        &format!("全体の状況（{}）", input.period.japanese()),
    )?;
    w.headers(top, &["区分", "件数", "割合"], &st.header)?;
    let rate = st.number.clone().set_num_format("0.0%");
    let rows: [(&str, usize, Option<Option<f64>>); 7] = [
        ("取組", plan.initiatives.len(), None),
        ("実践項目", plan.item_count(), None),
        ("担当部署", plan.departments.len(), None),
        ("集計の対象となる項目", t.in_force, None),
        ("報告の対象となる項目", t.expected, None),
        (
            "報告があった項目（報告率）",
            t.reported,
            Some(t.report_rate()),
        ),
        ("完了した項目（完了率）", t.done, Some(t.completion_rate())),
    ];
    for (k, (label, n, r)) in rows.iter().enumerate() {
        let row = top + 1 + k as u32;
        w.text(row, 0, label, &st.label)?;
        w.number(row, 1, *n as f64, &st.number)?;
        match r {
            Some(r) => w.rate(row, 2, *r, &rate, &st.number)?,
            None => w.blank(row, 2, &st.number)?,
        }
    }
    let last = top + rows.len() as u32;
    // What the rates count, beside the table: the page keeps its rows for the list.
    let notes = totals_notes();
    w.ws.merge_range(
        top,
        NOTES_FIRST_COL,
        last,
        LAST,
        &notes,
        &st.note
            .clone()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_indent(1),
    )?;
    Ok(last)
}

/// The first column of the notes beside 全体の状況.
const NOTES_FIRST_COL: u16 = 3;

/// What 全体の状況 counts, one note a paragraph.
fn totals_notes() -> String {
    [
        "集計の対象となる項目: 担当部署のある実践項目のうち、この月に進捗状況を数えるもの（計画に入る前の項目などを除く）。部署ごとの数は「部署一覧」シートにあります。",
        REPORT_RATE_TEXT,
        COMPLETION_RATE_TEXT,
    ]
    .join("\n")
}

/// The fiscal year's months with the whole plan's rates: `None` after the period and in
/// months nothing was counted (before reporting started).
fn month_rates(input: &ReportInput) -> Vec<(Period, Option<Rates>)> {
    fiscal_months(input.period)
        .into_iter()
        .map(|m| {
            let r = (m <= input.period)
                .then(|| Rates::of(input.progress, m, reported_items(input.plan)));
            (m, r)
        })
        .collect()
}

/// The rates' table for the line chart from row `top` right of the page: 月, 報告率,
/// 完了率; a month without a rate is left blank (a gap in the line).
fn rate_data(
    w: &mut SheetWriter,
    st: &Styles,
    top: u32,
    months: &[(Period, Option<Rates>)],
) -> Result<(), XlsxError> {
    let rate = st.number.clone().set_num_format("0.0%");
    w.loose(
        top - 1,
        DATA_COL,
        "グラフのデータ: 報告率・完了率",
        &st.note,
    )?;
    for (k, h) in ["月", "報告率", "完了率"].iter().enumerate() {
        w.loose(top, DATA_COL + k as u16, h, &st.header)?;
    }
    for (k, (m, r)) in months.iter().enumerate() {
        let row = top + 1 + k as u32;
        // The month's number: twelve labels in a third of the page.
        w.ws.write_number_with_format(row, DATA_COL, f64::from(m.month), &st.number)?;
        let values = r.map_or((None, None), |r| (r.report_rate(), r.completion_rate()));
        for (c, v) in [values.0, values.1].into_iter().enumerate() {
            let col = DATA_COL + 1 + c as u16;
            match v {
                Some(v) => w.ws.write_number_with_format(row, col, v, &rate)?,
                None => w.ws.write_blank(row, col, &st.number)?,
            };
        }
    }
    Ok(())
}

/// The line chart of 報告率 and 完了率 over the months of `top`'s table: a solid line with
/// squares and a dashed line with circles (apart on a monochrome printer too), 0 to 100 %,
/// the period's values written beside its points.
fn rate_chart(
    st: &Styles,
    top: u32,
    months: &[(Period, Option<Rates>)],
    height: u32,
    period: Period,
) -> Chart {
    let mut chart = Chart::new(ChartType::Line);
    let (first, last) = (top + 1, top + months.len() as u32);
    let current = months.iter().position(|(m, _)| *m == period);
    let series: [(u16, u32, ChartLineDashType, ChartMarkerType); 2] = [
        (
            1,
            0x1F4E79,
            ChartLineDashType::Solid,
            ChartMarkerType::Square,
        ),
        (
            2,
            0xC55A11,
            ChartLineDashType::Dash,
            ChartMarkerType::Circle,
        ),
    ];
    for (col, color, dash, marker) in series {
        let col = DATA_COL + col;
        let labels: Vec<ChartDataLabel> = (0..months.len())
            .map(|k| {
                if Some(k) == current {
                    ChartDataLabel::default()
                } else {
                    ChartDataLabel::new().set_hidden().to_custom()
                }
            })
            .collect();
        chart
            .add_series()
            .set_name((SHEET, top, col))
            .set_categories((SHEET, first, DATA_COL, last, DATA_COL))
            .set_values((SHEET, first, col, last, col))
            .set_format(
                ChartFormat::new().set_line(
                    ChartLine::new()
                        .set_color(Color::RGB(color))
                        .set_width(2.25)
                        .set_dash_type(dash),
                ),
            )
            .set_marker(ChartMarker::new().set_type(marker).set_size(7).set_format(
                ChartFormat::new().set_solid_fill(
                    rust_xlsxwriter::ChartSolidFill::new().set_color(Color::RGB(color)),
                ),
            ))
            .set_data_label(
                ChartDataLabel::new()
                    .show_value()
                    .set_position(ChartDataLabelPosition::Right),
            )
            .set_custom_data_labels(&labels);
    }
    chart
        .y_axis()
        .set_min(0)
        .set_max(1)
        .set_major_unit(0.25)
        .set_num_format("0%")
        .set_major_gridlines(true);
    chart.x_axis().set_name("月");
    chart.legend().set_position(ChartLegendPosition::Bottom);
    set_chart_title(&mut chart, &st.cuts, SHEET, "報告率・完了率の推移");
    chart.set_width(LINE_CHART_PX as u32).set_height(height);
    chart
}

/// One bar of the status mix: its label (with its number of items) and the counts in
/// [`status_order`].
struct MixBar {
    label: String,
    counts: Vec<usize>,
}

/// The status mix of the whole plan, then of each bureau (an item counted in every bureau
/// whose section has a part in it), for the period.
fn bureau_mix(input: &ReportInput, order: &[String]) -> Vec<MixBar> {
    let rows: Vec<ItemRow> = input
        .plan
        .items()
        .filter(|(_, it)| !it.departments.is_empty())
        .collect();
    let bar = |label: &str, rows: &[ItemRow]| {
        let (counts, counted) = status_counts_at(rows, input, input.period);
        debug_assert_eq!(counts.len(), order.len());
        MixBar {
            label: format!("{label}（{counted}件）"),
            counts: counts.into_iter().map(|(_, n)| n).collect(),
        }
    };
    let mut bars = vec![bar("全体", &rows)];
    for group in bureaus(&input.plan.departments) {
        let key = group[0].bureau_key();
        let of: Vec<ItemRow> = rows
            .iter()
            .filter(|(_, it)| it.departments.iter().any(|d| d.bureau_key() == key))
            .copied()
            .collect();
        bars.push(bar(&bureau_name(group[0]), &of));
    }
    bars
}

/// The status mix's table for the bar chart from row `top` right of the page: 部局, then
/// a column per status that any bar has. Returns the statuses shown with their columns.
fn mix_data(
    w: &mut SheetWriter,
    st: &Styles,
    top: u32,
    order: &[String],
    bars: &[MixBar],
) -> Result<Vec<(String, u16)>, XlsxError> {
    w.loose(
        top - 1,
        DATA_COL,
        "グラフのデータ: 部局別の進捗状況（件数）",
        &st.note,
    )?;
    w.loose(top, DATA_COL, "部局", &st.header)?;
    let mut shown = Vec::new();
    for (k, status) in order.iter().enumerate() {
        if bars.iter().all(|b| b.counts[k] == 0) {
            continue;
        }
        let col = DATA_COL + 1 + shown.len() as u16;
        w.loose(top, col, status, &st.header)?;
        for (b, bar) in bars.iter().enumerate() {
            w.ws.write_number_with_format(
                top + 1 + b as u32,
                col,
                bar.counts[k] as f64,
                &st.number,
            )?;
        }
        shown.push((status.clone(), col));
    }
    for (b, bar) in bars.iter().enumerate() {
        w.loose(top + 1 + b as u32, DATA_COL, &bar.label, &st.text)?;
    }
    Ok(shown)
}

/// The horizontal bars of the status mix, each 100 %: one series per status in its
/// colour (greys that stay apart, white edges between the parts), the whole plan on top.
fn mix_chart(
    st: &Styles,
    top: u32,
    shown: &[(String, u16)],
    bars: usize,
    height: u32,
    width: f64,
) -> Chart {
    let mut chart = Chart::new(ChartType::BarPercentStacked);
    let (first, last) = (top + 1, top + bars as u32);
    for (status, col) in shown {
        chart
            .add_series()
            .set_name((SHEET, top, *col))
            .set_categories((SHEET, first, DATA_COL, last, DATA_COL))
            .set_values((SHEET, first, *col, last, *col))
            .set_format(&mut status_fill(st, status))
            .set_gap(50);
    }
    // A bar chart's categories read from the bottom: reversed, the whole plan is on top
    // and the value axis stays below the bars.
    chart
        .y_axis()
        .set_reverse()
        .set_crossing(ChartAxisCrossing::Max);
    chart
        .x_axis()
        .set_num_format("0%")
        .set_major_unit(0.25)
        .set_major_gridlines(true);
    chart.legend().set_position(ChartLegendPosition::Bottom);
    set_chart_title(&mut chart, &st.cuts, SHEET, "部局別の進捗状況");
    chart.set_width(width as u32).set_height(height);
    chart
}

/// The printed width in pixels.
fn chart_px() -> f64 {
    COLUMNS.iter().map(|w| column_px(*w)).sum::<f64>() - 4.0
}

/// The charts' height in pixels for `bars` bars.
fn chart_height(bars: usize) -> u32 {
    (120 + BAR_PX * bars as u32).clamp(CHART_MIN_PX, CHART_MAX_PX)
}

/// An item that needs the head's attention: 遅延, or unreported for two months or more.
struct Attention<'a> {
    item: &'a PracticeItem,
    /// 「遅延」, 「8月: 遅延」 (carried from an earlier month), 「2か月以上未報告」.
    what: String,
}

/// The items 遅延 or unreported for two months or more in the period, in plan order.
fn attention_items<'a>(input: &ReportInput<'a>) -> Vec<Attention<'a>> {
    reported_items(input.plan)
        .into_iter()
        .filter_map(|item| {
            let state = month_state(input.progress, item, input.period);
            let what = match &state {
                MonthState::Unreported { overdue: true, .. } => "2か月以上未報告".to_string(),
                MonthState::Reported(_) if state.counted() == Some(LATE) => LATE.to_string(),
                MonthState::CarriedOver { from, .. } if state.counted() == Some(LATE) => {
                    format!("{LATE}（{}の報告）", month_name(*from, input.period))
                }
                _ => return None,
            };
            Some(Attention { item, what })
        })
        .collect()
}

/// The list of [`attention_items`] from row `top`, as many as `room` points of page hold
/// (with the title above and the note below), then a note with how many more and where
/// they are. Returns the last row written.
fn attention_list(
    w: &mut SheetWriter,
    st: &Styles,
    input: &ReportInput,
    top: u32,
    room: f64,
) -> Result<u32, XlsxError> {
    let items = attention_items(input);
    subtitle(
        w,
        st,
        top,
        &format!("遅延の項目・2か月以上報告がない項目（{}件）", items.len()),
    )?;
    if items.is_empty() {
        w.note(
            top + 1,
            0,
            LAST,
            "進捗状況が「遅延」の項目も、2か月以上続けて報告がない項目もありません。",
            &st.note,
        )?;
        return Ok(top + 1);
    }
    let head = top + 1;
    w.headers(head, &["部署（主担当）", "項目ID"], &st.header)?;
    w.merged(head, 2, 4, "実践項目名", &st.header)?;
    w.merged(head, 5, LAST, "状況", &st.header)?;
    let name_width = span(2, 4);
    let mut row = head;
    let mut listed = 0;
    for a in &items {
        let section = a
            .item
            .departments
            .first()
            .map(|d| d.id().to_string())
            .unwrap_or_default();
        let h = row_height(lines_in(&section, COLUMNS[0]));
        if w.height_before(row + 1) + h + LIST_NOTE_PT > room {
            break;
        }
        row += 1;
        listed += 1;
        w.text(row, 0, &section, &st.text)?;
        w.text(row, 1, &a.item.id.to_string(), &st.code)?;
        w.merged(row, 2, 4, &one_line(&a.item.name, name_width), &st.text)?;
        w.merged(row, 5, LAST, &a.what, st.status(state_status(&a.what)))?;
    }
    let rest = items.len() - listed;
    let note = if rest == 0 {
        "実践項目名は一行に収まるところまで。全文は「進捗」シートにあります。".to_string()
    } else {
        format!(
            "ほかに {rest} 件あります: 「進捗」シートの進捗状況の列で「遅延」「未報告」を絞り込むと、すべて見られます（2か月以上の未報告は「未報告部署」シートにも）。"
        )
    };
    w.note(row + 1, 0, LAST, &note, &st.note)?;
    Ok(row + 1)
}

/// The status whose format a list row's 状況 cell takes.
fn state_status(what: &str) -> &str {
    if what.starts_with(LATE) {
        LATE
    } else {
        super::rules::UNREPORTED
    }
}

/// The joint width of printed columns `first..=last`, as one merged cell.
fn span(first: usize, last: usize) -> f64 {
    let cols = &COLUMNS[first..=last];
    cols.iter().sum::<f64>() + (cols.len() - 1) as f64 * 5.0 / 8.0
}

/// `s` as much of it as one line `width` wide holds, with 「…」 when cut.
fn one_line(s: &str, width: f64) -> String {
    let s = s.split('\n').next().unwrap_or_default();
    if lines_in(s, width) <= 1 {
        return s.to_string();
    }
    let mut kept: String = s.chars().collect();
    while !kept.is_empty() && lines_in(&format!("{kept}…"), width) > 1 {
        kept.pop();
    }
    format!("{kept}…")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::kit::measure::NOTE_LINE_HEIGHT;

    #[test]
    fn a_long_name_is_cut_to_one_line_with_a_mark() {
        let long = "窓口における各種申請手続のオンライン化と添付書類の省略の推進";
        let cut = one_line(long, 25.0);
        assert!(cut.ends_with('…') && cut.chars().count() < long.chars().count());
        assert_eq!(lines_in(&cut, 25.0), 1);
        assert_eq!(one_line("短い名前", 25.0), "短い名前");
        assert_eq!(one_line("一行目\n二行目", 25.0), "一行目");
    }

    #[test]
    fn the_notes_beside_the_totals_fit_their_rows() {
        let width = span(NOTES_FIRST_COL as usize, LAST as usize);
        let lines: usize = totals_notes().lines().map(|l| lines_in(l, width)).sum();
        // The header and seven rows of 全体の状況, a line each.
        let room = 8.0 * row_height(1);
        assert!(lines as f64 * NOTE_LINE_HEIGHT <= room, "{lines} lines");
    }

    #[test]
    fn the_charts_grow_with_the_bureaus_within_bounds() {
        assert_eq!(chart_height(1), CHART_MIN_PX);
        assert!(chart_height(8) > CHART_MIN_PX);
        assert_eq!(chart_height(40), CHART_MAX_PX);
    }
}
