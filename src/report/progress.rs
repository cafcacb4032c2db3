//! The progress parts of the workbooks: the 進捗 sheet (status coloured, percent as a data
//! bar, 未報告 marked), the 進捗履歴 sheet (items x months of the fiscal year), the
//! 進捗入力 sheet sections fill in and send back, and the summary's status tables.

use std::collections::BTreeMap;

use rust_xlsxwriter::{
    Chart, ChartDataLabel, ChartFormat, ChartPoint, ChartSolidFill, ChartType, Color,
    ConditionalFormatDataBar, ConditionalFormatType, DataValidation, DataValidationRule, Worksheet,
    XlsxError,
};

use super::style::{SheetWriter, Styles, print_setup};
use super::{ReportInput, activity_of};
use crate::plan::{Initiative, PracticeItem};
use crate::progress::{INPUT_SHEET, ProgressRecord};
use crate::wareki::{Period, fiscal_months, fiscal_year_short, next_period, previous_period};

/// Label of an item with no report for the period.
pub const UNREPORTED: &str = "未報告";
/// Label of a report that gives no status.
pub const NO_STATUS: &str = "（状況未記入）";

/// The settled progress records, looked up by item and month.
pub struct ProgressView<'a> {
    map: BTreeMap<(&'a str, Period), &'a ProgressRecord>,
    periods: std::collections::BTreeSet<Period>,
}

impl<'a> ProgressView<'a> {
    pub fn new(records: &'a [ProgressRecord]) -> Self {
        let map: BTreeMap<(&str, Period), &ProgressRecord> = records
            .iter()
            .map(|r| ((r.item_id.as_str(), r.period), r))
            .collect();
        let periods = map.keys().map(|(_, p)| *p).collect();
        ProgressView { map, periods }
    }

    pub fn get(&self, item: &str, period: Period) -> Option<&'a ProgressRecord> {
        self.map.get(&(item, period)).copied()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Whether any item has a report for `period`.
    pub fn has_period(&self, period: Period) -> bool {
        self.periods.contains(&period)
    }
}

/// Status label of an item for a period: canonical status, 未報告 or （状況未記入）.
pub fn status_label(rec: Option<&ProgressRecord>) -> &str {
    match rec {
        None => UNREPORTED,
        Some(r) => r.status.as_deref().unwrap_or(NO_STATUS),
    }
}

/// What changed for an item since the previous month's data: a new report, a status
/// change, a percent change, or no report for two months running.
/// `prev_active`: some item was reported the previous month (else reporting had not
/// started, and nothing is marked).
pub fn month_change<'s>(
    cur: Option<&ProgressRecord>,
    prev: Option<&ProgressRecord>,
    prev_active: bool,
    st: &'s Styles,
) -> (String, &'s rust_xlsxwriter::Format) {
    if !prev_active {
        return (String::new(), &st.text);
    }
    match (cur, prev) {
        (None, None) => ("2か月以上未報告".to_string(), st.status(UNREPORTED)),
        (None, Some(_)) => (String::new(), &st.text),
        (Some(_), None) => ("新規報告".to_string(), &st.change_new),
        (Some(c), Some(p)) => {
            let (cs, ps) = (status_label(Some(c)), status_label(Some(p)));
            let mut parts = Vec::new();
            if cs != ps {
                parts.push(format!("状況 {ps}→{cs}"));
            }
            if let (Some(a), Some(b)) = (p.percent, c.percent)
                && a != b
            {
                parts.push(format!("進捗率 {a}→{b}"));
            }
            if parts.is_empty() {
                ("変化なし".to_string(), &st.text)
            } else {
                let fmt = if cs != ps {
                    &st.change_status
                } else {
                    &st.text
                };
                (parts.join("、"), fmt)
            }
        }
    }
}

/// Summary: for each section, status counts month by month over the fiscal year, with a
/// stacked column chart.
pub fn trend_sheet(ws: &mut Worksheet, st: &Styles, input: &ReportInput) -> Result<(), XlsxError> {
    const SHEET: &str = "進捗推移";
    ws.set_name(SHEET)?;
    let order = status_order(input);
    let months: Vec<Period> = fiscal_months(input.period)
        .into_iter()
        .filter(|m| *m <= input.period)
        .collect();
    ws.write_string_with_format(
        0,
        0,
        format!(
            "部署別の進捗状況の推移（{}年度、{} まで）",
            input.period.fiscal_year(),
            input.period.japanese()
        ),
        &st.subtitle,
    )?;
    ws.set_column_width(0, 10)?;
    for k in 0..order.len() {
        ws.set_column_width(1 + k as u16, 9)?;
    }
    // Each block is tall enough for its chart.
    let block = (months.len() as u32 + 4).max(17);
    for (b, d) in input.plan.departments.iter().enumerate() {
        let top = 2 + b as u32 * block;
        let rows: Vec<_> = input.plan.items_of(&d.id).collect();
        ws.write_string_with_format(
            top,
            0,
            format!("{}（{} 項目）", d.id, rows.len()),
            &st.subtitle,
        )?;
        ws.write_string_with_format(top + 1, 0, "月", &st.header)?;
        for (k, s) in order.iter().enumerate() {
            ws.write_string_with_format(top + 1, 1 + k as u16, s, &st.header)?;
        }
        for (m, month) in months.iter().enumerate() {
            let row = top + 2 + m as u32;
            ws.write_string_with_format(row, 0, format!("{}月", month.month), &st.center)?;
            let counts = status_counts_at(&rows, input, *month);
            for (k, (_, n)) in counts.iter().enumerate() {
                ws.write_number_with_format(row, 1 + k as u16, *n as f64, &st.number)?;
            }
        }
        let (first, last) = (top + 2, top + 1 + months.len() as u32);
        let mut chart = Chart::new(ChartType::ColumnStacked);
        for (k, s) in order.iter().enumerate() {
            let col = 1 + k as u16;
            chart
                .add_series()
                .set_name((SHEET, top + 1, col))
                .set_categories((SHEET, first, 0, last, 0))
                .set_values((SHEET, first, col, last, col))
                .set_format(
                    ChartFormat::new()
                        .set_solid_fill(ChartSolidFill::new().set_color(st.status_color(s))),
                );
        }
        chart.title().set_name(&format!("{} の進捗状況", d.id));
        chart.set_width(520).set_height(300);
        ws.insert_chart(top, 2 + order.len() as u16, &chart)?;
    }
    print_setup(ws, None, SHEET)?;
    Ok(())
}

fn status_counts_at(
    rows: &[(&Initiative, &PracticeItem)],
    input: &ReportInput,
    month: Period,
) -> Vec<(String, usize)> {
    let mut counts: Vec<(String, usize)> =
        status_order(input).into_iter().map(|s| (s, 0)).collect();
    for (_, it) in rows {
        let label = status_label(input.progress.get(&it.id, month));
        if let Some(e) = counts.iter_mut().find(|(s, _)| s == label) {
            e.1 += 1;
        }
    }
    counts
}

/// Statuses in display order, then 未報告 and （状況未記入）.
pub fn status_order(input: &ReportInput) -> Vec<String> {
    let mut v = input.statuses.to_vec();
    v.push(UNREPORTED.to_string());
    v.push(NO_STATUS.to_string());
    v
}

/// Per item: status, percent, grade, results, issues, next steps for the period.
pub fn progress_sheet(
    ws: &mut Worksheet,
    st: &Styles,
    rows: &[(&Initiative, &PracticeItem)],
    input: &ReportInput,
    with_owner: bool,
) -> Result<(), XlsxError> {
    let period = input.period;
    ws.set_name("進捗")?;
    let this_year = format!(
        "今年度の工程\n（{}）",
        fiscal_year_short(period.fiscal_year())
    );
    let mut headers = vec!["項目ID", "実践項目名"];
    if with_owner {
        headers.push("担当部署");
    }
    headers.extend([
        this_year.as_str(),
        "進捗状況",
        "進捗率(%)",
        "前月からの変化",
        "評価",
        "取組実績",
        "課題",
        "今後の予定",
        "報告元",
    ]);
    let mut caps = vec![8, 26];
    if with_owner {
        caps.push(18);
    }
    caps.extend([22, 12, 10, 20, 6, 36, 28, 28, 24]);
    let previous = previous_period(period);
    let mut w = SheetWriter::new(ws, &caps);
    w.loose(
        0,
        0,
        &format!("{} の進捗（{}）", period.japanese(), period),
        &st.subtitle,
    )?;
    for (c, h) in headers.iter().enumerate() {
        w.text(1, c as u16, h, &st.header)?;
    }
    let first_data = 2u32;
    let off = u16::from(with_owner);
    for (k, (_, it)) in rows.iter().enumerate() {
        let row = first_data + k as u32;
        let rec = input.progress.get(&it.id, period);
        w.text(row, 0, &it.id, &st.center)?;
        w.text(row, 1, &it.name, &st.wrap)?;
        if with_owner {
            let owners: Vec<String> = it.departments.iter().map(|d| d.id()).collect();
            w.text(row, 2, &owners.join("、"), &st.wrap)?;
        }
        w.text(
            row,
            2 + off,
            &activity_of(it, period.fiscal_year()).0,
            &st.wrap,
        )?;
        let label = status_label(rec);
        w.text(row, 3 + off, label, st.status(label))?;
        match rec.and_then(|r| r.percent) {
            Some(p) => w.number(row, 4 + off, p, &st.number)?,
            None => w.blank(row, 4 + off, &st.text)?,
        }
        let text = |r: Option<&ProgressRecord>, f: fn(&ProgressRecord) -> &str| {
            r.map_or("", f).to_string()
        };
        let (change, fmt) = month_change(
            rec,
            input.progress.get(&it.id, previous),
            input.progress.has_period(previous),
            st,
        );
        w.text(row, 5 + off, &change, fmt)?;
        w.text(row, 6 + off, &text(rec, |r| &r.grade), &st.center)?;
        w.text(row, 7 + off, &text(rec, |r| &r.results), &st.wrap)?;
        w.text(row, 8 + off, &text(rec, |r| &r.issues), &st.wrap)?;
        w.text(row, 9 + off, &text(rec, |r| &r.next_steps), &st.wrap)?;
        let source = rec.map_or(String::new(), |r| {
            format!("{} {}", r.source_file, r.location())
        });
        w.text(row, 10 + off, &source, &st.wrap)?;
    }
    w.finish()?;
    let last = first_data + rows.len().max(1) as u32 - 1;
    let bar = ConditionalFormatDataBar::new()
        .set_minimum(ConditionalFormatType::Number, 0)
        .set_maximum(ConditionalFormatType::Number, 100)
        .set_fill_color(Color::RGB(0x5B9BD5));
    ws.add_conditional_format(first_data, 4 + off, last, 4 + off, &bar)?;
    ws.set_row_height(1, 34)?;
    ws.set_freeze_panes(first_data, 2)?;
    ws.autofilter(
        1,
        0,
        first_data + rows.len() as u32 - 1,
        headers.len() as u16 - 1,
    )?;
    print_setup(ws, Some((1, 1)), "進捗")?;
    Ok(())
}

/// Items x months of the fiscal year: the status each month, 未報告 for this month.
pub fn history_sheet(
    ws: &mut Worksheet,
    st: &Styles,
    rows: &[(&Initiative, &PracticeItem)],
    input: &ReportInput,
) -> Result<(), XlsxError> {
    let period = input.period;
    ws.set_name("進捗履歴")?;
    let months = fiscal_months(period);
    let mut caps = vec![8, 26];
    caps.extend(months.iter().map(|_| 10));
    let mut w = SheetWriter::new(ws, &caps);
    w.loose(
        0,
        0,
        &format!(
            "{}年度の進捗状況の推移（{} 時点）",
            period.fiscal_year(),
            period.japanese()
        ),
        &st.subtitle,
    )?;
    w.text(1, 0, "項目ID", &st.header)?;
    w.text(1, 1, "実践項目名", &st.header)?;
    for (k, m) in months.iter().enumerate() {
        let fmt = if *m == period {
            &st.header_current
        } else {
            &st.header
        };
        w.text(1, 2 + k as u16, &format!("{}月", m.month), fmt)?;
    }
    for (r, (_, it)) in rows.iter().enumerate() {
        let row = 2 + r as u32;
        w.text(row, 0, &it.id, &st.center)?;
        w.text(row, 1, &it.name, &st.wrap)?;
        for (k, m) in months.iter().enumerate() {
            let col = 2 + k as u16;
            let rec = input.progress.get(&it.id, *m);
            if *m > period {
                w.blank(row, col, &st.future)?;
            } else if rec.is_none() && *m < period {
                w.text(row, col, "－", &st.center)?;
            } else {
                let label = status_label(rec);
                w.text(row, col, label, st.status(label))?;
            }
        }
    }
    w.finish()?;
    ws.set_freeze_panes(2, 2)?;
    print_setup(ws, Some((1, 1)), "進捗履歴")?;
    Ok(())
}

/// Headers of the 進捗入力 sheet, in order; the reader recognizes each of them.
pub const INPUT_HEADERS: [&str; 10] = [
    "項目ID",
    "実践項目名",
    "担当部署",
    "報告月",
    "進捗状況",
    "進捗率",
    "評価",
    "取組実績",
    "課題",
    "今後の予定",
];

/// The sheet a section fills in for next month and sends back: one row per item with ID,
/// name, section and month filled in; status as a dropdown, percent validated 0..100.
pub fn input_sheet(
    ws: &mut Worksheet,
    st: &Styles,
    rows: &[(&Initiative, &PracticeItem)],
    input: &ReportInput,
    dept_id: &str,
) -> Result<(), XlsxError> {
    let next = next_period(input.period);
    ws.set_name(INPUT_SHEET)?;
    let mut w = SheetWriter::new(ws, &[8, 28, 18, 10, 12, 8, 8, 40, 30, 30]);
    w.loose(
        0,
        0,
        &format!("進捗入力（{}分）", next.japanese()),
        &st.subtitle,
    )?;
    w.loose(
        1,
        0,
        "黄色のセルに入力し、このファイルを行政改革担当へ返送してください。進捗状況は一覧から選び、進捗率は 0〜100 の数値で入力します。",
        &st.note,
    )?;
    for (c, h) in INPUT_HEADERS.iter().enumerate() {
        w.text(2, c as u16, h, &st.header)?;
    }
    for (k, (_, it)) in rows.iter().enumerate() {
        let row = 3 + k as u32;
        w.text(row, 0, &it.id, &st.center)?;
        w.text(row, 1, &it.name, &st.wrap)?;
        w.text(row, 2, dept_id, &st.text)?;
        w.text(row, 3, &next.to_string(), &st.center)?;
        for col in 4..10u16 {
            w.blank(row, col, &st.input)?;
        }
    }
    w.finish()?;
    // Room to write in: the input columns are empty, so they get fixed widths and rows
    // get the height of three lines.
    for (col, width) in [
        (4u16, 12.0),
        (5, 10.0),
        (6, 8.0),
        (7, 44.0),
        (8, 30.0),
        (9, 30.0),
    ] {
        ws.set_column_width(col, width)?;
    }
    for k in 0..rows.len() as u32 {
        ws.set_row_height(3 + k, 48)?;
    }
    if !rows.is_empty() {
        let last = 3 + rows.len() as u32 - 1;
        let statuses: Vec<&str> = input.statuses.iter().map(String::as_str).collect();
        let list = DataValidation::new()
            .allow_list_strings(&statuses)?
            .set_error_title("進捗状況")?
            .set_error_message(format!("一覧から選んでください: {}", statuses.join("、")))?;
        ws.add_data_validation(3, 4, last, 4, &list)?;
        let pct = DataValidation::new()
            .allow_decimal_number(DataValidationRule::Between(0.0, 100.0))
            .set_input_title("進捗率")?
            .set_input_message("0〜100 の数値（%）")?
            .set_error_title("進捗率")?
            .set_error_message("0〜100 の数値を入力してください")?;
        ws.add_data_validation(3, 5, last, 5, &pct)?;
    }
    ws.set_row_height(2, 22)?;
    ws.set_freeze_panes(3, 2)?;
    print_setup(ws, Some((2, 2)), INPUT_SHEET)?;
    Ok(())
}

/// Status counts of `rows` for the period, in [`status_order`], zero counts included.
pub fn status_counts(
    rows: &[(&Initiative, &PracticeItem)],
    input: &ReportInput,
) -> Vec<(String, usize)> {
    let mut counts: Vec<(String, usize)> =
        status_order(input).into_iter().map(|s| (s, 0)).collect();
    for (_, it) in rows {
        let label = status_label(input.progress.get(&it.id, input.period));
        if let Some(e) = counts.iter_mut().find(|(s, _)| s == label) {
            e.1 += 1;
        }
    }
    counts
}

/// A status-count table at (`row`, `col`) of the cover and a pie chart beside it.
pub fn cover_status_chart(
    ws: &mut Worksheet,
    st: &Styles,
    sheet_name: &str,
    row: u32,
    col: u16,
    counts: &[(String, usize)],
    title: &str,
) -> Result<(), XlsxError> {
    ws.write_string_with_format(row, col, "進捗状況", &st.header)?;
    ws.write_string_with_format(row, col + 1, "件数", &st.header)?;
    for (k, (label, n)) in counts.iter().enumerate() {
        let r = row + 1 + k as u32;
        ws.write_string_with_format(r, col, label, st.status(label))?;
        ws.write_number_with_format(r, col + 1, *n as f64, &st.number)?;
    }
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
        .set_categories((sheet_name, first, col, last, col))
        .set_values((sheet_name, first, col + 1, last, col + 1))
        .set_points(&points)
        .set_data_label(ChartDataLabel::new().show_value());
    chart.title().set_name(title);
    chart.set_width(420).set_height(300);
    ws.insert_chart(row, col + 3, &chart)?;
    Ok(())
}

/// Summary: sections x status counts for the period.
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
    let mut w = SheetWriter::new(ws, &caps);
    w.loose(
        0,
        0,
        &format!("部署別の進捗状況（{}）", input.period.japanese()),
        &st.subtitle,
    )?;
    w.text(1, 0, "部局", &st.header)?;
    w.text(1, 1, "部署", &st.header)?;
    for (k, s) in order.iter().enumerate() {
        w.text(1, 2 + k as u16, s, &st.header)?;
    }
    let total_col = 2 + order.len() as u16;
    w.text(1, total_col, "計", &st.header)?;
    let mut totals = vec![0usize; order.len()];
    for (r, d) in input.plan.departments.iter().enumerate() {
        let row = 2 + r as u32;
        let rows: Vec<_> = input.plan.items_of(&d.id).collect();
        let counts = status_counts(&rows, input);
        w.text(row, 0, d.bureau_label(), &st.text)?;
        w.text(row, 1, &d.id, &st.text)?;
        for (k, (label, n)) in counts.iter().enumerate() {
            let fmt = if *n > 0 { st.status(label) } else { &st.number };
            w.number(row, 2 + k as u16, *n as f64, fmt)?;
            totals[k] += n;
        }
        w.number(row, total_col, rows.len() as f64, &st.number)?;
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
    print_setup(ws, Some((1, 1)), "部署別進捗")?;
    Ok(())
}

/// Summary: sections that sent no report for the period, and sections with items left
/// unreported.
pub fn unreported_sheet(
    ws: &mut Worksheet,
    st: &Styles,
    input: &ReportInput,
) -> Result<usize, XlsxError> {
    ws.set_name("未報告部署")?;
    let mut w = SheetWriter::new(ws, &[14, 22, 10, 10, 40, 30]);
    w.loose(
        0,
        0,
        &format!("{} に報告がない部署・項目", input.period.japanese()),
        &st.subtitle,
    )?;
    for (c, h) in [
        "部局",
        "部署",
        "担当項目",
        "未報告",
        "未報告の項目",
        "部署別ファイル",
    ]
    .iter()
    .enumerate()
    {
        w.text(1, c as u16, h, &st.header)?;
    }
    let mut row = 2u32;
    let mut none_reported = 0;
    for d in &input.plan.departments {
        let items: Vec<_> = input.plan.items_of(&d.id).collect();
        let missing: Vec<&str> = items
            .iter()
            .filter(|(_, it)| input.progress.get(&it.id, input.period).is_none())
            .map(|(_, it)| it.id.as_str())
            .collect();
        if missing.is_empty() {
            continue;
        }
        let all_missing = missing.len() == items.len();
        none_reported += usize::from(all_missing);
        let fmt = if all_missing {
            st.status(UNREPORTED)
        } else {
            &st.text
        };
        w.text(row, 0, d.bureau_label(), fmt)?;
        w.text(row, 1, &d.id, fmt)?;
        w.number(row, 2, items.len() as f64, &st.number)?;
        w.number(row, 3, missing.len() as f64, &st.number)?;
        w.text(row, 4, &missing.join("、"), &st.wrap)?;
        w.text(
            row,
            5,
            input.workbooks.get(&d.id).map_or("", String::as_str),
            &st.text,
        )?;
        row += 1;
    }
    if row == 2 {
        w.loose(
            2,
            0,
            "すべての部署からすべての項目の報告がありました。",
            &st.note,
        )?;
    }
    w.loose(row + 1, 0, "赤: 担当項目のどれにも報告がない部署", &st.note)?;
    w.finish()?;
    ws.set_freeze_panes(2, 0)?;
    print_setup(ws, Some((1, 1)), "未報告部署")?;
    Ok(none_reported)
}
