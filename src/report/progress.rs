//! The per-item progress sheets: 進捗 (status coloured, percent as a data bar, 未報告
//! marked) and 進捗履歴 (items x months of the fiscal year). What a month shows for an
//! item comes from [`super::rules::month_state`] (the carry-over rules). The 進捗入力
//! sheet sections fill in is in `input`.

use rust_xlsxwriter::{
    Color, ConditionalFormatDataBar, ConditionalFormatType, Format, Worksheet, XlsxError,
};

use super::kit::PrintSetup;
use super::kit::{COLOR_DATA_BAR, SheetWriter, Styles};
use super::rules::{MonthState, UNREPORTED, activity_of, month_name, month_state, status_label};
use super::workbook::ReportInput;
use crate::plan::{Initiative, PracticeItem};
use crate::progress::ProgressRecord;
use crate::wareki::{Period, fiscal_months, fiscal_year_long, fiscal_year_short, previous_period};

/// What changed for an item since its last known report (the month-over-month column):
/// a first report, a status change, a percent change, or 2か月以上未報告. Nothing is
/// marked in the month reporting starts, nor for an item not reported this month unless
/// it is two months unreported.
pub fn month_change<'s>(
    state: &MonthState,
    last: Option<&ProgressRecord>,
    reporting_before: bool,
    period: Period,
    st: &'s Styles,
) -> (String, &'s Format) {
    match state {
        MonthState::Unreported { overdue: true, .. } => {
            ("2か月以上未報告".to_string(), st.status(UNREPORTED))
        }
        MonthState::Reported(c) if reporting_before => match last {
            None => ("新規報告".to_string(), &st.change_new),
            Some(p) => report_change(c, p, period, st),
        },
        _ => (String::new(), &st.text),
    }
}

/// A report against the last known one: status and percent changes, or 変化なし; the
/// month of the last known report when it is older than the previous month.
fn report_change<'s>(
    c: &ProgressRecord,
    p: &ProgressRecord,
    period: Period,
    st: &'s Styles,
) -> (String, &'s Format) {
    let (cs, ps) = (status_label(c), status_label(p));
    let mut parts = Vec::new();
    if cs != ps {
        parts.push(format!("状況 {ps}→{cs}"));
    }
    if let (Some(a), Some(b)) = (p.percent, c.percent)
        && a != b
    {
        parts.push(format!("進捗率 {a}→{b}"));
    }
    let mut text = if parts.is_empty() {
        "変化なし".to_string()
    } else {
        parts.join("、")
    };
    if p.period < previous_period(period) {
        text.push_str(&format!("（{}の報告から）", month_name(p.period, period)));
    }
    let fmt = if cs != ps {
        &st.change_status
    } else {
        &st.text
    };
    (text, fmt)
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
    let (headers, widths) = progress_columns(period, with_owner);
    let mut w = SheetWriter::new(ws, &st.cuts, &widths);
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
    // Solid: a gradient fades towards its end, and 20 and 45 look alike.
    let bar = ConditionalFormatDataBar::new()
        .set_minimum(ConditionalFormatType::Number, 0)
        .set_maximum(ConditionalFormatType::Number, 100)
        .set_fill_color(Color::RGB(COLOR_DATA_BAR))
        .set_solid_fill(true);
    ws.add_conditional_format(first_data, 4 + off, last, 4 + off, &bar)?;
    ws.set_freeze_panes(first_data, 2)?;
    ws.autofilter(
        1,
        0,
        first_data + rows.len() as u32 - 1,
        headers.len() as u16 - 1,
    )?;
    // 報告元 (where each report was read) is for the screen and the audit, not paper.
    PrintSetup::landscape(&widths[..widths.len() - 1])
        .only_these_columns()
        .repeat_rows(1, 1)
        .apply(ws, st)
}

/// Headers and widths of the 進捗 sheet; the last column, 報告元, does not print. The
/// summary's sheet adds the owners and gives the text columns less room.
fn progress_columns(period: Period, with_owner: bool) -> (Vec<String>, Vec<f64>) {
    let mut headers = vec!["項目ID".to_string(), "実践項目名".to_string()];
    let mut widths = vec![6.0];
    if with_owner {
        headers.push("担当部署".to_string());
        widths.extend([18.0, 12.0, 12.0]);
    } else {
        widths.extend([20.0, 14.0]);
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
    // 進捗状況, 進捗率, 前月からの変化, 評価, 取組実績, 課題, 今後の予定, 報告元.
    if with_owner {
        widths.extend([11.0, 7.0, 12.0, 5.0, 18.0, 14.0, 14.0, 30.0]);
    } else {
        widths.extend([11.0, 7.0, 12.0, 5.0, 22.0, 16.0, 16.0, 30.0]);
    }
    (headers, widths)
}

/// One item's row of the 進捗 sheet: the month's state ([`month_state`]) with this
/// month's report, or the last known status with its month and where it was reported.
fn progress_row(
    w: &mut SheetWriter,
    st: &Styles,
    input: &ReportInput,
    row: u32,
    it: &PracticeItem,
    with_owner: bool,
) -> Result<(), XlsxError> {
    let period = input.period;
    let off = u16::from(with_owner);
    let state = month_state(input.progress, it, period);
    w.text(row, 0, &it.id.to_string(), &st.code)?;
    w.text(row, 1, &it.name, &st.wrap)?;
    if with_owner {
        let owners: Vec<String> = it.departments.iter().map(|d| d.id().to_string()).collect();
        w.text(row, 2, &owners.join("、"), &st.wrap)?;
    }
    let activity = activity_of(it, period.fiscal_year()).0;
    w.text(row, 2 + off, &activity, &st.wrap)?;
    let label = state.label(period);
    // 「未報告（9月: 実施中）」 may be wider than the column: it wraps.
    let status_fmt = state.counted().map_or(&st.center, |c| st.status(c));
    w.text(row, 3 + off, &label, status_fmt)?;
    let percent = match state {
        MonthState::Reported(r) | MonthState::CarriedOver { record: r, .. } => r.percent,
        _ => None,
    };
    match percent {
        Some(p) => w.number(row, 4 + off, p, &st.number)?,
        None => w.blank(row, 4 + off, &st.text)?,
    }
    let (change, fmt) = month_change(
        &state,
        input.progress.last_before(it.id, period),
        input.progress.reporting_started(previous_period(period)),
        period,
        st,
    );
    w.text(row, 5 + off, &change, fmt)?;
    let rec = match state {
        MonthState::Reported(r) => Some(r),
        _ => None,
    };
    let text = |f: fn(&ProgressRecord) -> &str| rec.map_or("", f);
    w.text(row, 6 + off, text(ProgressRecord::grade_text), &st.center)?;
    w.text(row, 7 + off, text(|r| &r.results), &st.wrap)?;
    w.text(row, 8 + off, text(|r| &r.issues), &st.wrap)?;
    w.text(row, 9 + off, text(|r| &r.next_steps), &st.wrap)?;
    w.audit(row, 10 + off, &source_of(&state, period), &st.audit)
}

/// The 報告元 cell: the file and place of this month's report, or of the last known one
/// headed by its month (「9月の報告: …」).
fn source_of(state: &MonthState, period: Period) -> String {
    let Some(r) = state.record() else {
        return String::new();
    };
    let place = format!("{} {}", r.source_file, r.location());
    match state {
        MonthState::Reported(_) => place,
        _ => format!("{}の報告: {place}", month_name(r.period, period)),
    }
}

/// Items x months of the fiscal year: each month's state as the carry-over rules give it
/// (the same the 進捗推移 sheet counts), with a legend below.
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
    let mut widths = vec![6.0, 16.0];
    widths.extend(months.iter().map(|_| 8.0));
    let mut w = SheetWriter::new(ws, &st.cuts, &widths);
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
        w.text(row, 0, &it.id.to_string(), &st.code)?;
        w.text(row, 1, &it.name, &st.wrap)?;
        for (k, m) in months.iter().enumerate() {
            history_cell(&mut w, st, input, row, 2 + k as u16, it, *m)?;
        }
    }
    let last_col = widths.len() as u16 - 1;
    w.note(
        2 + rows.len() as u32 + 1,
        0,
        last_col,
        HISTORY_LEGEND,
        &st.note,
    )?;
    w.finish()?;
    ws.set_freeze_panes(2, 2)?;
    PrintSetup::landscape(&widths)
        .repeat_rows(1, 1)
        .apply(ws, st)
}

/// How to read the 進捗履歴 cells that are not a report of their month.
const HISTORY_LEGEND: &str = "（完了）などの括弧付き: その月の報告はなく、前の報告の状況（完了・中止など）を引き継いだもの。未報告: 報告が必要なのにない月。－: 報告の対象外の月（報告の開始前、計画に載る前、工程が予定なしの年度）";

/// One month of an item's history: shaded after the period, else the month's state
/// ([`MonthState::history_label`]): the status, （完了） carried over, 未報告 or 「－」.
fn history_cell(
    w: &mut SheetWriter,
    st: &Styles,
    input: &ReportInput,
    row: u32,
    col: u16,
    it: &PracticeItem,
    month: Period,
) -> Result<(), XlsxError> {
    if month > input.period {
        return w.blank(row, col, &st.future);
    }
    let state = month_state(input.progress, it, month);
    let fmt = state.counted().map_or(&st.center, |c| st.status(c));
    w.text(row, col, &state.history_label(), fmt)
}
