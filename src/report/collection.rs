//! 回収状況: who has reported this month. Every section with an item expected this month
//! (or a report for one), grouped by bureau: the files its reports came from, who filled
//! them in (記入者・連絡先・報告日, read back from the returned sheet), the items still
//! missing and whether the due date has passed. The same lines make the `collection`
//! and `reminders` tables.
//!
//! Whether the due date has passed depends on the day of the run (`ReportInput::today`): the only
//! output that does, so a re-run on another day may differ here and nowhere else.

use chrono::NaiveDate;
use rust_xlsxwriter::{FormatAlign, Worksheet, XlsxError};

use super::input::{due_date, wareki_date};
use super::kit::{PrintSetup, SheetWriter, Styles};
use super::rules::{MonthState, UNREPORTED, month_state};
use super::workbook::ReportInput;
use crate::plan::Department;
use crate::progress::ProgressRecord;
use crate::tables::Collected;

/// The month's collection: one line per section expected to report (or that reported),
/// sections of a bureau together, bureaus in the order the plan first names them.
pub fn collection(input: &ReportInput) -> Vec<Collected> {
    let due = due_date(input.period, input.due_day);
    let mut bureaus: Vec<&str> = Vec::new();
    for d in &input.plan.departments {
        if !bureaus.contains(&d.bureau_label()) {
            bureaus.push(d.bureau_label());
        }
    }
    let mut lines = Vec::new();
    for bureau in bureaus {
        lines.extend(
            input
                .plan
                .departments
                .iter()
                .filter(|d| d.bureau_label() == bureau)
                .filter_map(|d| section_line(input, d, due, input.today)),
        );
    }
    lines
}

/// The line of section `d`, when it has an item expected this month or a report.
fn section_line(
    input: &ReportInput,
    d: &Department,
    due: Option<NaiveDate>,
    today: NaiveDate,
) -> Option<Collected> {
    let states: Vec<_> = input
        .items_of(&d.id)
        .into_iter()
        .map(|(_, it)| (it.id, month_state(input.progress, it, input.period)))
        .collect();
    let reports: Vec<&ProgressRecord> = states
        .iter()
        .filter_map(|(_, s)| match s {
            MonthState::Reported(r) => Some(*r),
            _ => None,
        })
        .collect();
    let missing: Vec<String> = states
        .iter()
        .filter_map(|(id, s)| match s {
            MonthState::Unreported { overdue: true, .. } => Some(format!("{id}（2か月以上）")),
            MonthState::Unreported { .. } => Some(id.to_string()),
            _ => None,
        })
        .collect();
    if reports.is_empty() && missing.is_empty() {
        return None;
    }
    let mut files: Vec<String> = Vec::new();
    for r in &reports {
        if !files.contains(&r.source_file) {
            files.push(r.source_file.clone());
        }
    }
    let senders = |part: &dyn Fn(&ProgressRecord) -> String| {
        let mut seen: Vec<String> = Vec::new();
        for r in &reports {
            let v = part(r);
            if !v.is_empty() && !seen.contains(&v) {
                seen.push(v);
            }
        }
        seen.join("、")
    };
    Some(Collected {
        bureau: d.bureau_label().to_string(),
        department_id: d.id.to_string(),
        expected: states
            .iter()
            .filter(|(_, s)| matches!(s, MonthState::Reported(_) | MonthState::Unreported { .. }))
            .count(),
        reported: reports.len(),
        files,
        report_date: senders(&|r| r.sender.date_label()),
        writer: senders(&|r| r.sender.writer.clone()),
        contact: senders(&|r| r.sender.contact.clone()),
        overdue: !missing.is_empty() && due.is_some_and(|due| today > due),
        missing,
        due_date: due.map_or_else(String::new, |d| d.format("%Y-%m-%d").to_string()),
        due_label: due.map_or_else(String::new, wareki_date),
        workbook: input.workbooks.get(&d.id).cloned().unwrap_or_default(),
    })
}

/// Columns: 部局, 部署, 状況, 対象, 報告済, 受領ファイル, 報告日, 記入者, 連絡先, 未報告の項目,
/// 期限 (A4 landscape).
/// At most 134 units in all: the narrowest scale (80 %) fits them on the width of the page.
const COLUMNS: [f64; 11] = [12.0, 16.0, 9.0, 5.0, 5.0, 20.0, 13.0, 13.0, 14.0, 17.0, 9.0];

/// The 回収状況 sheet of the summary: `lines` as [`collection`] made them.
///
/// # Errors
/// Only on an internal error of the workbook writer.
pub fn collection_sheet(
    ws: &mut Worksheet,
    st: &Styles,
    input: &ReportInput,
    lines: &[Collected],
) -> Result<(), XlsxError> {
    ws.set_name("回収状況")?;
    let mut w = SheetWriter::new(ws, &st.cuts, &COLUMNS);
    let due = due_date(input.period, input.due_day).map_or_else(String::new, wareki_date);
    let done = lines.iter().filter(|l| l.missing.is_empty()).count();
    w.loose(
        0,
        0,
        &format!(
            "{}分の回収状況（提出期限 {due}、{}現在）: 報告が必要な {} 部署のうち {} 部署が報告済",
            input.period.japanese(),
            wareki_date(input.today),
            lines.len(),
            done
        ),
        &st.subtitle,
    )?;
    w.headers(
        1,
        &[
            "部局",
            "部署",
            "状況",
            "対象",
            "報告済",
            "受領ファイル",
            "報告日",
            "記入者",
            "連絡先",
            "未報告の項目",
            "期限",
        ],
        &st.header,
    )?;
    let mut row = 2u32;
    for line in lines {
        collection_row(&mut w, st, row, line)?;
        row += 1;
    }
    let last = COLUMNS.len() as u16 - 1;
    if lines.is_empty() {
        w.note(
            row,
            0,
            last,
            "この月に報告が必要な部署はありません（報告の受付がまだ始まっていないか、すべての項目が完了・中止です）。",
            &st.note,
        )?;
        row += 1;
    }
    w.note(
        row + 1,
        0,
        last,
        "対象: この月に報告が必要な項目の数（完了・中止の項目、今年度の予定がない項目は除く）。報告済: そのうち報告があった数。記入者・連絡先・報告日は返送された進捗入力シートから読み取ります。督促用の一覧: tables/reminders.csv。",
        &st.note,
    )?;
    w.finish()?;
    ws.set_freeze_panes(2, 0)?;
    PrintSetup::landscape(&COLUMNS)
        .repeat_rows(1, 1)
        .apply(ws, st)
}

/// One section's row; a section with nothing received is shown in the 未報告 colour.
fn collection_row(
    w: &mut SheetWriter,
    st: &Styles,
    row: u32,
    line: &Collected,
) -> Result<(), XlsxError> {
    let state = line.state();
    let state_fmt = match state {
        "報告済" => st.text.clone(),
        _ => st.status(UNREPORTED).clone().set_align(FormatAlign::Left),
    };
    w.text(row, 0, &line.bureau, &st.text)?;
    w.text(row, 1, &line.department_id, &st.text)?;
    w.text(row, 2, state, &state_fmt)?;
    w.number(row, 3, line.expected as f64, &st.number)?;
    w.number(row, 4, line.reported as f64, &st.number)?;
    w.text(row, 5, &line.files.join("\n"), &st.wrap)?;
    w.text(row, 6, &line.report_date, &st.wrap)?;
    w.text(row, 7, &line.writer, &st.wrap)?;
    w.text(row, 8, &line.contact, &st.wrap)?;
    w.text(row, 9, &line.missing.join("、"), &st.wrap)?;
    let deadline = match (line.missing.is_empty(), line.overdue) {
        (true, _) => "",
        (false, true) => "期限超過",
        (false, false) => "期限前",
    };
    w.text(row, 10, deadline, &st.text)
}
