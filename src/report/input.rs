//! The 進捗入力 sheet: the form a section fills in for the month after the period and
//! sends back (the reader takes only this sheet of a returned workbook).
//!
//! Layout (0-based rows):
//! - 0: title, 1: due date, 2: who fills it in (記入者・連絡先) and the report date
//!   (報告日), 3: how to fill it in;
//! - 4: column headers, 5…: one row per item.
//!
//! The sheet is protected without a password (a clerk can still unprotect it); only the
//! yellow input cells are unlocked. Item, section and month are fixed; the previous
//! month's status and percent are shown grey and read-only beside the input columns,
//! under headers the reader does not take for report columns (前月の状況 is not 進捗状況).
//! Status and each evaluation scale (評価, 達成度, …: one column per scale, after 進捗率)
//! are dropdowns, percent a whole number 0..100, the report date a date.

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationRule, ExcelDateTime, Format, FormatAlign,
    ProtectionOptions, Worksheet, XlsxError,
};

use super::kit::PrintSetup;
use super::kit::{SheetWriter, Styles};
use super::rules::{MonthState, is_finished, month_state, status_label};
use super::workbook::ReportInput;
use crate::config::MAX_LIST_CHARS;
use crate::config::scale::Scale;
use crate::plan::{DepartmentId, Initiative, PracticeItem};
use crate::progress::INPUT_SHEET;
use crate::wareki::{Period, next_period};

/// Tab colour of the sheet to fill in (amber).
pub const INPUT_TAB_COLOR: u32 = 0xFFC000;
/// Row of the due date.
pub const DUE_ROW: u32 = 1;
/// Row of the 記入者・連絡先・報告日 cells.
pub const WRITER_ROW: u32 = 2;
/// Row of the column headers.
pub const HEADER_ROW: u32 = 4;
/// First item row.
pub const FIRST_ROW: u32 = 5;
/// Shown for the previous month when the item had no report then.
pub const NO_PREVIOUS: &str = "－";

/// What a column of the item table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// Written by gyokaku, locked; the reader takes it.
    Fixed,
    /// The previous month's report, locked; the reader ignores it.
    Previous,
    /// Filled in by the section (unlocked); the reader takes it.
    Input,
}

/// The item table's columns with the default grade scale: header, kind and width
/// (Excel's unit). The headers of the previous month's columns get the month on a second
/// line. The widths fit a landscape A4 page at 84 %; 進捗率 and 評価 together hold the
/// report date above them. [`columns`] puts one column per configured scale where 評価 is.
pub const COLUMNS: [(&str, ColumnKind, f64); 12] = [
    ("項目ID", ColumnKind::Fixed, 6.0),
    ("実践項目名", ColumnKind::Fixed, 18.0),
    ("担当部署", ColumnKind::Fixed, 10.0),
    ("報告月", ColumnKind::Fixed, 10.0),
    ("前月の状況", ColumnKind::Previous, 8.0),
    ("前月の進捗率", ColumnKind::Previous, 6.0),
    ("進捗状況", ColumnKind::Input, 8.0),
    ("進捗率（%）", ColumnKind::Input, 8.0),
    ("評価", ColumnKind::Input, 6.0),
    ("取組実績", ColumnKind::Input, 18.0),
    ("課題", ColumnKind::Input, 15.0),
    ("今後の予定", ColumnKind::Input, 15.0),
];

/// Beside the last status of a finished item (完了, 中止): no report is needed.
pub const NO_ENTRY: &str = "（記入不要）";

/// Body lines an item row has at least: room to write in by hand on paper.
const INPUT_LINES: usize = 3;

/// Column of the status input.
const STATUS_COL: u16 = 6;
/// Column of the percent input.
const PERCENT_COL: u16 = 7;
/// Column of the first scale's input (評価); the other scales follow.
const GRADE_COL: u16 = 8;

/// One column of the item table.
#[derive(Debug, Clone, PartialEq)]
pub struct InputColumn {
    pub header: String,
    pub kind: ColumnKind,
    /// Excel's unit.
    pub width: f64,
}

/// Header of the effect-amount input column: the reader takes its unit from it.
pub const AMOUNT_HEADER: &str = "効果額（千円）";
/// Width of the effect-amount column, taken from the three text columns after it.
const AMOUNT_WIDTH: f64 = 9.0;

/// The item table's columns for `scales`: [`COLUMNS`] with one column per scale, labelled
/// with the scale's label, where 評価 stands, and with `amount` an effect-amount column
/// after them (the text columns narrower by as much, so that the page scale holds).
pub fn columns(scales: &[Scale], amount: bool) -> Vec<InputColumn> {
    let column = |(h, kind, width): &(&str, ColumnKind, f64)| InputColumn {
        header: (*h).to_string(),
        kind: *kind,
        width: *width,
    };
    let grade = usize::from(GRADE_COL);
    let mut out: Vec<InputColumn> = COLUMNS[..grade].iter().map(column).collect();
    out.extend(scales.iter().map(|scale| InputColumn {
        header: scale.label.clone(),
        kind: ColumnKind::Input,
        width: scale_width(scale),
    }));
    if amount {
        out.push(InputColumn {
            header: AMOUNT_HEADER.to_string(),
            kind: ColumnKind::Input,
            width: AMOUNT_WIDTH,
        });
    }
    // What the scales and the amount add to the page is taken from the three text
    // columns (down to MIN_TEXT_WIDTH), so that the sheet prints at the same scale.
    // Each column also has its padding (5 px, 5/7 of a width unit).
    let extra_columns = (out.len() - grade).saturating_sub(1) as f64;
    let added: f64 = out[grade..].iter().map(|c| c.width).sum::<f64>() - COLUMNS[grade].2
        + extra_columns * 5.0 / 7.0;
    let narrower = added.max(0.0) / 3.0;
    out.extend(COLUMNS[grade + 1..].iter().map(|c| InputColumn {
        width: (c.2 - narrower).max(MIN_TEXT_WIDTH),
        ..column(c)
    }));
    out
}

/// The narrowest a text input column (取組実績, 課題, 今後の予定) gets.
const MIN_TEXT_WIDTH: f64 = 8.0;

/// Whether the sheet asks for effect amounts: the plan sets targets or sections already
/// report amounts.
fn asks_for_amounts(input: &ReportInput) -> bool {
    input.index.has_effect_targets || input.progress.any_amount()
}

/// A scale's column: wide enough for its label and its longest value, 6 to 12.
fn scale_width(scale: &Scale) -> f64 {
    let longest = std::iter::once(&scale.label)
        .chain(&scale.values)
        .map(|v| v.chars().count())
        .max()
        .unwrap_or(1);
    (longest as f64 * 2.0 + 2.0).clamp(6.0, 12.0)
}

/// The formats of the sheet, from the workbook's.
struct Look {
    /// Unlocked, yellow: what the section fills in.
    input: Format,
    input_center: Format,
    input_percent: Format,
    input_date: Format,
    input_amount: Format,
    /// Locked, grey: the previous month's report.
    previous: Format,
    previous_percent: Format,
    due: Format,
    note: Format,
}

impl Look {
    fn new(st: &Styles) -> Look {
        let center = st.input.clone().set_align(FormatAlign::Center);
        Look {
            input: st.input.clone(),
            input_percent: st
                .input
                .clone()
                .set_align(FormatAlign::Right)
                .set_num_format("0"),
            input_amount: st
                .input
                .clone()
                .set_align(FormatAlign::Right)
                .set_num_format("#,##0.###"),
            input_date: center
                .clone()
                .set_num_format("[$-411]ggge\"年\"m\"月\"d\"日\""),
            input_center: center,
            previous: st
                .future
                .clone()
                .set_align(FormatAlign::Center)
                .set_font_color(Color::RGB(0x595959)),
            previous_percent: st
                .future
                .clone()
                .set_align(FormatAlign::Right)
                .set_font_color(Color::RGB(0x595959)),
            due: st
                .text
                .clone()
                .set_bold()
                .set_font_color(Color::RGB(0xC00000)),
            note: st.note.clone().set_text_wrap(),
        }
    }
}

/// The date the sheet for `month` is due: day `due_day` of the following month, or that
/// month's last day when it is shorter; on a weekend, a national holiday or the New Year
/// closing, the working day before.
pub fn due_date(month: Period, due_day: u32) -> Option<NaiveDate> {
    let due = next_period(month);
    (1..=due_day.clamp(1, 31))
        .rev()
        .find_map(|d| NaiveDate::from_ymd_opt(due.year, due.month, d))
        .map(crate::holidays::working_day_on_or_before)
}

/// `令和6年11月10日（日）`: a date in the era style, with the day of the week.
pub fn wareki_date(date: NaiveDate) -> String {
    const DAYS: [&str; 7] = ["月", "火", "水", "木", "金", "土", "日"];
    let month = Period::new(date.year(), date.month()).map_or_else(String::new, Period::japanese);
    format!(
        "{month}{}日（{}）",
        date.day(),
        DAYS[date.weekday().num_days_from_monday() as usize]
    )
}

/// The sheet a section fills in for the month after the period and sends back.
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
    let month = next_period(input.period);
    let look = Look::new(st);
    ws.set_name(INPUT_SHEET)?;
    ws.set_tab_color(Color::RGB(INPUT_TAB_COLOR));
    let amount = asks_for_amounts(input);
    let cols = columns(input.scales, amount);
    let widths: Vec<f64> = cols.iter().map(|c| c.width).collect();
    let last_col = cols.len() as u16 - 1;
    let mut w = SheetWriter::new(ws, &st.cuts, &widths);
    w.loose(
        0,
        0,
        &format!("進捗入力（{}分）　{}", month.japanese(), dept_id),
        &st.subtitle,
    )?;
    top_block(&mut w, st, &look, input, month, last_col, amount)?;
    let headers = headers(input.period, input.scales, amount);
    w.headers(HEADER_ROW, &headers, &st.header)?;
    for (k, (_, it)) in rows.iter().enumerate() {
        let row = FIRST_ROW + k as u32;
        item_row(&mut w, st, &look, input, row, it, dept_id, &cols)?;
        w.need(row, INPUT_LINES);
    }
    w.finish()?;
    layout(ws, rows.len(), last_col)?;
    writer_validations(ws, month, input.due_day)?;
    if !rows.is_empty() {
        item_validations(ws, input, FIRST_ROW + rows.len() as u32 - 1, amount)?;
    }
    ws.protect_with_options(&protection());
    // The page header names the month the title does.
    PrintSetup::landscape(&widths)
        .repeat_rows(HEADER_ROW, HEADER_ROW)
        .month(month.japanese())
        .apply(ws, st)
}

/// The table's headers for a sheet made in `period` with `scales`; the previous month's
/// carry the month (`前月の状況\n（9月）`).
pub fn headers(period: Period, scales: &[Scale], amount: bool) -> Vec<String> {
    columns(scales, amount)
        .into_iter()
        .map(|c| match c.kind {
            ColumnKind::Previous => format!("{}\n（{}月）", c.header, period.month),
            _ => c.header,
        })
        .collect()
}

/// Rows 1 to 3: the due date, the 記入者・連絡先・報告日 input cells, how to fill in.
fn top_block(
    w: &mut SheetWriter,
    st: &Styles,
    look: &Look,
    input: &ReportInput,
    month: Period,
    last_col: u16,
    amount: bool,
) -> Result<(), XlsxError> {
    let due = due_date(month, input.due_day).map_or_else(String::new, wareki_date);
    w.text(DUE_ROW, 0, "提出期限", &st.label)?;
    w.merged(DUE_ROW, 1, 2, &format!("{due}まで"), &look.due)?;
    w.text(WRITER_ROW, 0, "記入者", &st.label)?;
    w.blank(WRITER_ROW, 1, &look.input)?;
    w.text(WRITER_ROW, 2, "連絡先", &st.label)?;
    w.merged(WRITER_ROW, 3, 5, "", &look.input)?;
    w.text(WRITER_ROW, 6, "報告日", &st.label)?;
    w.merged(WRITER_ROW, 7, 8, "", &look.input_date)?;
    let lists: Vec<&str> = std::iter::once("進捗状況")
        .chain(
            input
                .scales
                .iter()
                .filter(|s| !s.is_free_text())
                .map(|s| s.label.as_str()),
        )
        .collect();
    w.merged(
        3,
        0,
        last_col,
        &format!(
            "黄色のセルに入力し、提出期限までにこのファイルを行政改革担当へ返送してください。{}は▼の一覧から選び、進捗率は 0〜100 の整数で入力します。{}\n灰色の列は前月（{}）の報告で、参考のため表示しています（取り込みません）。項目ID・実践項目名・担当部署・報告月は変更できません。",
            lists.join("・"),
            if amount {
                "効果額は今年度の累計を千円で入力します（減額は -500 のように）。"
            } else {
                ""
            },
            input.period.japanese()
        ),
        &look.note,
    )
}

/// One item's row: fixed cells, the previous month's report, empty input cells.
#[allow(clippy::too_many_arguments)]
fn item_row(
    w: &mut SheetWriter,
    st: &Styles,
    look: &Look,
    input: &ReportInput,
    row: u32,
    it: &PracticeItem,
    dept_id: &DepartmentId,
    cols: &[InputColumn],
) -> Result<(), XlsxError> {
    w.text(row, 0, &it.id.to_string(), &st.code)?;
    w.text(row, 1, &it.name, &st.wrap)?;
    w.text(row, 2, dept_id.as_str(), &st.wrap)?;
    // In the era form the reader parses as that month.
    w.text(row, 3, &next_period(input.period).japanese(), &st.center)?;
    let finished = match month_state(input.progress, it, input.period) {
        MonthState::Reported(r) | MonthState::CarriedOver { record: r, .. } if is_finished(r) => {
            Some(r)
        }
        _ => None,
    };
    match finished.or_else(|| input.progress.get(it.id, input.period)) {
        None => {
            w.text(row, 4, NO_PREVIOUS, &look.previous)?;
            w.text(row, 5, NO_PREVIOUS, &look.previous_percent)?;
        }
        // A finished item needs no report; its cells stay open for one that changed.
        Some(rec) if finished.is_some() => {
            w.text(
                row,
                4,
                &format!("{}{NO_ENTRY}", status_label(rec)),
                &look.previous,
            )?;
            match rec.percent {
                Some(p) => w.number(row, 5, p, &look.previous_percent)?,
                None => w.blank(row, 5, &look.previous)?,
            }
        }
        Some(rec) => {
            w.text(row, 4, status_label(rec), &look.previous)?;
            match rec.percent {
                Some(p) => w.number(row, 5, p, &look.previous_percent)?,
                None => w.blank(row, 5, &look.previous)?,
            }
        }
    }
    let scales = GRADE_COL..GRADE_COL + input.scales.len() as u16;
    for (col, c) in cols.iter().enumerate() {
        let col = col as u16;
        if c.kind != ColumnKind::Input {
            continue;
        }
        let fmt = match col {
            STATUS_COL => &look.input_center,
            c if scales.contains(&c) => &look.input_center,
            PERCENT_COL => &look.input_percent,
            _ if c.header == AMOUNT_HEADER => &look.input_amount,
            _ => &look.input,
        };
        w.blank(row, col, fmt)?;
    }
    Ok(())
}

/// The header in view, a filter on the table.
fn layout(ws: &mut Worksheet, rows: usize, last_col: u16) -> Result<(), XlsxError> {
    ws.set_freeze_panes(FIRST_ROW, 2)?;
    let last = FIRST_ROW + rows.max(1) as u32 - 1;
    ws.autofilter(HEADER_ROW, 0, last, last_col)?;
    Ok(())
}

/// What a section may still do on the protected sheet: select cells, filter the table,
/// resize rows and columns. Not sort: the fixed columns are locked, and sorting the input
/// columns alone would move reports to other items.
fn protection() -> ProtectionOptions {
    ProtectionOptions {
        use_autofilter: true,
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::new()
    }
}

/// Hints on the 記入者・連絡先 cells, and a date from the reported month on for 報告日.
fn writer_validations(ws: &mut Worksheet, month: Period, due_day: u32) -> Result<(), XlsxError> {
    let hint = |title: &str, message: &str| -> Result<DataValidation, XlsxError> {
        DataValidation::new()
            .allow_any_value()
            .set_input_title(title)?
            .set_input_message(message)
    };
    ws.add_data_validation(
        WRITER_ROW,
        1,
        WRITER_ROW,
        1,
        &hint("記入者", "記入した方の所属・氏名")?,
    )?;
    ws.add_data_validation(
        WRITER_ROW,
        3,
        WRITER_ROW,
        3,
        &hint("連絡先", "内線番号・メールアドレスなど")?,
    )?;
    let first = ExcelDateTime::from_ymd(month.year as u16, month.month as u8, 1)?;
    let example = due_date(month, due_day).map_or_else(String::new, |d| {
        format!("例: {}/{}/{}", d.year(), d.month(), d.day())
    });
    let date = DataValidation::new()
        .allow_date(DataValidationRule::GreaterThanOrEqualTo(first))
        .set_input_title("報告日")?
        .set_input_message(format!(
            "記入した日を 年/月/日 で入力してください（{example}）"
        ))?
        .set_error_title("報告日")?
        .set_error_message(format!(
            "{}1日以降の日付を 年/月/日 で入力してください",
            month.japanese()
        ))?;
    ws.add_data_validation(WRITER_ROW, 7, WRITER_ROW, 7, &date)?;
    Ok(())
}

/// The status dropdown, one dropdown per scale with values (評価, 達成度, …) and the whole
/// number 0..100 for percent, rows [`FIRST_ROW`] to `last`.
fn item_validations(
    ws: &mut Worksheet,
    input: &ReportInput,
    last: u32,
    amount: bool,
) -> Result<(), XlsxError> {
    ws.add_data_validation(
        FIRST_ROW,
        STATUS_COL,
        last,
        STATUS_COL,
        &list("進捗状況", input.statuses)?,
    )?;
    let pct = DataValidation::new()
        .allow_whole_number(DataValidationRule::Between(0, 100))
        .set_input_title("進捗率（%）")?
        .set_input_message("0〜100 の整数（例: 80）")?
        .set_error_title("進捗率（%）")?
        .set_error_message("0〜100 の整数を入力してください")?;
    ws.add_data_validation(FIRST_ROW, PERCENT_COL, last, PERCENT_COL, &pct)?;
    for (k, scale) in input.scales.iter().enumerate() {
        if scale.is_free_text() {
            continue;
        }
        let col = GRADE_COL + k as u16;
        ws.add_data_validation(
            FIRST_ROW,
            col,
            last,
            col,
            &list(&scale.label, &scale.values)?,
        )?;
    }
    if amount {
        let col = GRADE_COL + input.scales.len() as u16;
        let rule = DataValidation::new()
            .allow_decimal_number(DataValidationRule::Between(-1e11, 1e11))
            .set_input_title(AMOUNT_HEADER)?
            .set_input_message("今年度の累計を千円で（例: 1,250）")?
            .set_error_title(AMOUNT_HEADER)?
            .set_error_message("金額を数字で入力してください（千円）")?;
        ws.add_data_validation(FIRST_ROW, col, last, col, &rule)?;
    }
    Ok(())
}

/// A dropdown of `entries`; the messages name them when Excel's limit allows.
fn list(title: &str, entries: &[String]) -> Result<DataValidation, XlsxError> {
    let named = format!("▼の一覧から選んでください（{}）", entries.join("・"));
    let message = if named.encode_utf16().count() <= MAX_LIST_CHARS {
        named
    } else {
        "▼の一覧から選んでください".to_string()
    };
    DataValidation::new()
        .allow_list_strings(entries)?
        .set_input_title(title)?
        .set_input_message(message.clone())?
        .set_error_title(title)?
        .set_error_message(message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ym(y: i32, m: u32) -> Period {
        Period::new(y, m).unwrap()
    }

    #[test]
    fn the_due_date_is_in_the_month_after_the_reported_month() {
        // Sunday 10 November moves to Friday the 8th.
        let d = due_date(ym(2024, 10), 10).unwrap();
        assert_eq!(d, NaiveDate::from_ymd_opt(2024, 11, 8).unwrap());
        assert_eq!(wareki_date(d), "令和6年11月8日（金）");
        // Monday 11 November is a working day.
        assert_eq!(
            wareki_date(due_date(ym(2024, 10), 11).unwrap()),
            "令和6年11月11日（月）"
        );
        // A day past the month's end is its last day; December rolls into January.
        assert_eq!(
            due_date(ym(2025, 1), 31).unwrap(),
            NaiveDate::from_ymd_opt(2025, 2, 28).unwrap()
        );
        // Sunday 5 January, after the New Year closing: the last working day of December.
        assert_eq!(
            wareki_date(due_date(ym(2024, 12), 5).unwrap()),
            "令和6年12月27日（金）"
        );
    }

    #[test]
    fn previous_month_headers_name_the_month() {
        let scales = crate::Settings::default().progress.scales;
        let h = headers(ym(2024, 9), &scales, false);
        assert_eq!(h[4], "前月の状況\n（9月）");
        assert_eq!(h[5], "前月の進捗率\n（9月）");
        assert_eq!(h[6], "進捗状況");
        assert_eq!(h[8], "評価");
        assert_eq!(h.len(), COLUMNS.len());
        let two = crate::Settings::from_toml(
            "[[scales]]\nkey = \"achievement\"\nlabel = \"達成度\"\nvalues = [\"未達成\", \"一部達成\", \"達成\"]\nbest = \"last\"\n",
        )
        .unwrap()
        .progress
        .scales;
        let cols = columns(&two, false);
        let named: Vec<&str> = cols.iter().map(|c| c.header.as_str()).collect();
        assert_eq!(named[8..11], ["評価", "達成度", "取組実績"]);
        assert_eq!((cols[8].width, cols[9].width), (6.0, 10.0));
        // Whatever the scales add, the page's width stays that of the default sheet: it
        // prints at the same scale.
        let widths = |cs: &[InputColumn]| cs.iter().map(|c| c.width).collect::<Vec<f64>>();
        let scale = |w: &[f64]| {
            crate::report::kit::page::print_scale(w, crate::report::kit::Orientation::Landscape)
        };
        let default: Vec<f64> = COLUMNS.iter().map(|c| c.2).collect();
        assert_eq!(scale(&widths(&cols)), scale(&default));
        // An amount column after the scales takes its width from the text columns.
        let with_amount = columns(&two, true);
        let named: Vec<&str> = with_amount.iter().map(|c| c.header.as_str()).collect();
        assert_eq!(named[9..12], ["達成度", AMOUNT_HEADER, "取組実績"]);
        // Two scales and the amount: still the default page's scale.
        assert!(with_amount[12..].iter().all(|c| c.width >= MIN_TEXT_WIDTH));
        assert_eq!(scale(&widths(&with_amount)), scale(&default));
    }
}
