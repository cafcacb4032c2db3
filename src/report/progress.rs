//! The per-item progress sheets: 進捗 (status coloured, percent as a data bar, 未報告
//! marked), 進捗履歴 (items x months of the fiscal year) and the 進捗入力 sheet sections
//! fill in and send back; and [`ProgressView`], how every sheet looks records up.

use std::collections::{BTreeMap, BTreeSet};

use rust_xlsxwriter::{
    Color, ConditionalFormatDataBar, ConditionalFormatType, DataValidation, DataValidationRule,
    Format, Worksheet, XlsxError,
};

use super::style::{SheetWriter, Styles, print_setup};
use super::{ReportInput, activity_of};
use crate::plan::{DepartmentId, Initiative, ItemId, PracticeItem};
use crate::progress::{INPUT_SHEET, ProgressRecord};
use crate::wareki::{
    Period, fiscal_months, fiscal_year_long, fiscal_year_short, next_period, previous_period,
};

/// Label of an item with no report for the period.
pub const UNREPORTED: &str = "未報告";
/// Label of a report that gives no status.
pub const NO_STATUS: &str = "（状況未記入）";

/// The settled progress records, looked up by item and month.
pub struct ProgressView<'a> {
    map: BTreeMap<(ItemId, Period), &'a ProgressRecord>,
    periods: BTreeSet<Period>,
}

impl<'a> ProgressView<'a> {
    /// Indexes the records that have a month.
    pub fn new(records: &'a [ProgressRecord]) -> Self {
        let map: BTreeMap<(ItemId, Period), &ProgressRecord> =
            records.iter().map(|r| ((r.item_id, r.period), r)).collect();
        let periods = map.keys().map(|(_, p)| *p).collect();
        ProgressView { map, periods }
    }

    /// The report of an item for a month, if any.
    pub fn get(&self, item: ItemId, period: Period) -> Option<&'a ProgressRecord> {
        self.map.get(&(item, period)).copied()
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
) -> (String, &'s Format) {
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

/// Per item: status, percent, grade, results, issues, next steps for the period.
/// `with_owner`: add the owners column (the summary's sheet).
///
/// # Errors
/// Only on an internal error of the workbook writer.
pub fn progress_sheet(
    ws: &mut Worksheet,
    st: &Styles,
    rows: &[(&Initiative, &PracticeItem)],
    input: &ReportInput,
    with_owner: bool,
) -> Result<(), XlsxError> {
    let period = input.period;
    ws.set_name("進捗")?;
    let (headers, caps) = progress_columns(period, with_owner);
    let mut w = SheetWriter::new(ws, &st.cuts, &caps);
    w.loose(0, 0, &format!("{}の進捗", period.japanese()), &st.subtitle)?;
    w.headers(1, &headers, &st.header)?;
    let first_data = 2u32;
    for (k, (_, it)) in rows.iter().enumerate() {
        progress_row(&mut w, st, input, first_data + k as u32, it, with_owner)?;
    }
    w.finish()?;
    // Columns after the owners column shift by one when it is there.
    let off = u16::from(with_owner);
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
    print_setup(ws, &st.cuts, Some((1, 1)), "進捗")?;
    Ok(())
}

/// Headers and width caps of the 進捗 sheet.
fn progress_columns(period: Period, with_owner: bool) -> (Vec<String>, Vec<usize>) {
    let mut headers = vec!["項目ID".to_string(), "実践項目名".to_string()];
    let mut caps = vec![8, 26];
    if with_owner {
        headers.push("担当部署".to_string());
        caps.push(18);
    }
    headers.push(format!(
        "今年度の工程\n（{}）",
        fiscal_year_short(period.fiscal_year())
    ));
    headers.extend(
        [
            "進捗状況",
            "進捗率(%)",
            "前月からの変化",
            "評価",
            "取組実績",
            "課題",
            "今後の予定",
            "報告元",
        ]
        .map(String::from),
    );
    caps.extend([22, 12, 10, 20, 6, 36, 28, 28, 24]);
    (headers, caps)
}

/// One item's row of the 進捗 sheet.
fn progress_row(
    w: &mut SheetWriter,
    st: &Styles,
    input: &ReportInput,
    row: u32,
    it: &PracticeItem,
    with_owner: bool,
) -> Result<(), XlsxError> {
    let period = input.period;
    let previous = previous_period(period);
    let off = u16::from(with_owner);
    let rec = input.progress.get(it.id, period);
    w.text(row, 0, &it.id.to_string(), &st.center)?;
    w.text(row, 1, &it.name, &st.wrap)?;
    if with_owner {
        let owners: Vec<String> = it.departments.iter().map(|d| d.id().to_string()).collect();
        w.text(row, 2, &owners.join("、"), &st.wrap)?;
    }
    let activity = activity_of(it, period.fiscal_year()).0;
    w.text(row, 2 + off, &activity, &st.wrap)?;
    let label = status_label(rec);
    w.text(row, 3 + off, label, st.status(label))?;
    match rec.and_then(|r| r.percent) {
        Some(p) => w.number(row, 4 + off, p, &st.number)?,
        None => w.blank(row, 4 + off, &st.text)?,
    }
    let (change, fmt) = month_change(
        rec,
        input.progress.get(it.id, previous),
        input.progress.has_period(previous),
        st,
    );
    w.text(row, 5 + off, &change, fmt)?;
    let text = |f: fn(&ProgressRecord) -> &str| rec.map_or("", f);
    w.text(row, 6 + off, text(|r| &r.grade), &st.center)?;
    w.text(row, 7 + off, text(|r| &r.results), &st.wrap)?;
    w.text(row, 8 + off, text(|r| &r.issues), &st.wrap)?;
    w.text(row, 9 + off, text(|r| &r.next_steps), &st.wrap)?;
    let source = rec.map_or(String::new(), |r| {
        format!("{} {}", r.source_file, r.location())
    });
    w.text(row, 10 + off, &source, &st.wrap)
}

/// Items x months of the fiscal year: the status each month, 未報告 for this month.
///
/// # Errors
/// Only on an internal error of the workbook writer.
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
    let mut w = SheetWriter::new(ws, &st.cuts, &caps);
    w.loose(
        0,
        0,
        &format!(
            "{}の進捗状況の推移（{}時点）",
            fiscal_year_long(period.fiscal_year()),
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
        w.text(row, 0, &it.id.to_string(), &st.center)?;
        w.text(row, 1, &it.name, &st.wrap)?;
        for (k, m) in months.iter().enumerate() {
            history_cell(&mut w, st, input, row, 2 + k as u16, it.id, *m)?;
        }
    }
    w.finish()?;
    ws.set_freeze_panes(2, 2)?;
    print_setup(ws, &st.cuts, Some((1, 1)), "進捗履歴")?;
    Ok(())
}

/// One month of an item's history: shaded after the period, － for an earlier month
/// without a report, else the status (未報告 only for the period itself).
fn history_cell(
    w: &mut SheetWriter,
    st: &Styles,
    input: &ReportInput,
    row: u32,
    col: u16,
    item_id: ItemId,
    month: Period,
) -> Result<(), XlsxError> {
    let rec = input.progress.get(item_id, month);
    if month > input.period {
        w.blank(row, col, &st.future)
    } else if rec.is_none() && month < input.period {
        w.text(row, col, "－", &st.center)
    } else {
        let label = status_label(rec);
        w.text(row, col, label, st.status(label))
    }
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
///
/// # Errors
/// Only on an internal error of the workbook writer.
pub fn input_sheet(
    ws: &mut Worksheet,
    st: &Styles,
    rows: &[(&Initiative, &PracticeItem)],
    input: &ReportInput,
    dept_id: &DepartmentId,
) -> Result<(), XlsxError> {
    let next = next_period(input.period);
    ws.set_name(INPUT_SHEET)?;
    let mut w = SheetWriter::new(ws, &st.cuts, &[8, 28, 18, 10, 12, 8, 8, 40, 30, 30]);
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
    w.headers(2, &INPUT_HEADERS, &st.header)?;
    for (k, (_, it)) in rows.iter().enumerate() {
        let row = 3 + k as u32;
        w.text(row, 0, &it.id.to_string(), &st.center)?;
        w.text(row, 1, &it.name, &st.wrap)?;
        w.text(row, 2, dept_id.as_str(), &st.text)?;
        w.text(row, 3, &next.to_string(), &st.center)?;
        for col in 4..10u16 {
            w.blank(row, col, &st.input)?;
        }
    }
    w.finish()?;
    input_room(ws, rows.len())?;
    if !rows.is_empty() {
        input_validations(ws, input, 3 + rows.len() as u32 - 1)?;
    }
    ws.set_row_height(2, 22)?;
    ws.set_freeze_panes(3, 2)?;
    print_setup(ws, &st.cuts, Some((2, 2)), INPUT_SHEET)?;
    Ok(())
}

/// Room to write in: the input columns are empty, so they get fixed widths and rows get
/// the height of three lines.
fn input_room(ws: &mut Worksheet, rows: usize) -> Result<(), XlsxError> {
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
    for k in 0..rows as u32 {
        ws.set_row_height(3 + k, 48)?;
    }
    Ok(())
}

/// The status dropdown and the 0..100 check on percent, rows 3 to `last`.
fn input_validations(ws: &mut Worksheet, input: &ReportInput, last: u32) -> Result<(), XlsxError> {
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
    Ok(())
}
