//! The summary's 進捗推移 sheet: one compact table, a row per section (sections of a
//! bureau together) and a column per month of the fiscal year. A month's cell says how
//! many of the section's items are 完了 out of those counted that month, and how many went
//! unreported (「2/5 未1」, in the 未報告 colour). Each section's workbook keeps its own
//! month by month status (進捗履歴); the summary no longer draws a chart per section.

use rust_xlsxwriter::{Format, Worksheet, XlsxError};

use super::kit::page::set_page_breaks;
use super::kit::{Orientation, PrintSetup, SheetWriter, Styles, page_height_pt, table_breaks};
use super::rules::{DONE, NOT_EXPECTED, UNREPORTED, bureau_name, bureaus};
use super::status::status_counts_at;
use super::workbook::ReportInput;
use crate::plan::Department;
use crate::wareki::{Period, fiscal_months, fiscal_year_long};

/// 部局, 部署, 項目数, then the twelve months: 131 units in all, as wide as A4 on its side
/// holds at 80 %. A bureau's name of up to five kanji stays on one line.
const FIXED: [f64; 3] = [12.0, 18.0, 5.0];
const MONTH_WIDTH: f64 = 8.0;
/// The header's row.
const HEAD: u32 = 1;

/// What one section's month amounts to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthCell {
    /// Items counted in the month's status breakdown.
    pub counted: usize,
    /// Of those, 完了.
    pub done: usize,
    /// Of those, 未報告.
    pub unreported: usize,
}

impl MonthCell {
    /// 「2/5」, 「2/5 未1」, or 「－」 when nothing is counted.
    pub fn text(&self) -> String {
        match (self.counted, self.unreported) {
            (0, _) => NOT_EXPECTED.to_string(),
            (n, 0) => format!("{}/{n}", self.done),
            (n, u) => format!("{}/{n} 未{u}", self.done),
        }
    }
}

/// Summary: the sections x the fiscal year's months, one row per section.
///
/// # Errors
/// Only on an internal error of the workbook writer.
pub fn trend_sheet(ws: &mut Worksheet, st: &Styles, input: &ReportInput) -> Result<(), XlsxError> {
    ws.set_name("進捗推移")?;
    let months = fiscal_months(input.period);
    let mut widths = FIXED.to_vec();
    widths.extend(months.iter().map(|_| MONTH_WIDTH));
    let mut w = SheetWriter::new(ws, &st.cuts, &widths);
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
    let mut headers: Vec<String> = ["部局", "部署", "項目数"].map(String::from).to_vec();
    headers.extend(months.iter().map(|m| format!("{}月", m.month)));
    w.headers(HEAD, &headers, &st.header)?;
    let unreported = st.status(UNREPORTED).clone();
    let mut row = HEAD;
    for group in bureaus(&input.plan.departments) {
        for d in group {
            row += 1;
            section_row(&mut w, st, &unreported, input, &months, row, d)?;
        }
    }
    let last_col = widths.len() as u16 - 1;
    for (k, note) in NOTES.iter().enumerate() {
        w.note(row + 2 + k as u32, 0, last_col, note, &st.note)?;
    }
    let setup = PrintSetup::landscape(&widths).repeat_rows(HEAD, HEAD);
    let breaks = table_breaks(
        |r| w.height_of(r),
        (HEAD + 1, row),
        row + 1 + NOTES.len() as u32,
        w.height_of(HEAD),
        page_height_pt(Orientation::Landscape, setup.chosen_scale()),
    );
    w.finish()?;
    ws.set_freeze_panes(HEAD + 1, FIXED.len() as u16)?;
    set_page_breaks(ws, &breaks)?;
    setup.apply(ws, st)
}

/// What the cells say, below the table.
const NOTES: [&str; 3] = [
    "各月: 完了した項目の数／集計の対象となる項目の数（「概要」の完了率と同じ数え方。前の月までに完了した項目を含む）。「未1」はその月に報告がなかった項目の数で、そのセルは未報告の色です。",
    "－: 数える項目がない月（報告の受付が始まる前、対象期間より後の月）。項目数は部署が主担当または共同で担当する項目の数です。",
    "項目ごとの月別の進捗状況は、各部署のブックの「進捗履歴」シートにあります。",
];

/// One section's row: bureau, section, its items, then each month's [`MonthCell`] (after
/// the period: 「－」).
fn section_row(
    w: &mut SheetWriter,
    st: &Styles,
    unreported: &Format,
    input: &ReportInput,
    months: &[Period],
    row: u32,
    d: &Department,
) -> Result<(), XlsxError> {
    let rows = input.items_of(&d.id);
    w.text(row, 0, &bureau_name(d), &st.text)?;
    w.text(row, 1, d.id.as_str(), &st.text)?;
    w.number(row, 2, rows.len() as f64, &st.number)?;
    for (k, month) in months.iter().enumerate() {
        let cell = if *month <= input.period {
            month_cell(&rows, input, *month)
        } else {
            MonthCell {
                counted: 0,
                done: 0,
                unreported: 0,
            }
        };
        let fmt = if cell.unreported > 0 {
            unreported
        } else {
            &st.center
        };
        w.text(row, FIXED.len() as u16 + k as u16, &cell.text(), fmt)?;
    }
    Ok(())
}

/// The month's cell of `rows`, counted as the status breakdown counts them
/// ([`status_counts_at`]: the states the 進捗履歴 sheet shows).
pub fn month_cell(
    rows: &[super::workbook::ItemRow],
    input: &ReportInput,
    month: Period,
) -> MonthCell {
    let (counts, counted) = status_counts_at(rows, input, month);
    let of = |label: &str| {
        counts
            .iter()
            .find(|(s, _)| s == label)
            .map_or(0, |(_, n)| *n)
    };
    MonthCell {
        counted,
        done: of(DONE),
        unreported: of(UNREPORTED),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_says_done_of_counted_and_the_unreported() {
        let cell = |counted, done, unreported| MonthCell {
            counted,
            done,
            unreported,
        };
        assert_eq!(cell(0, 0, 0).text(), "－");
        assert_eq!(cell(5, 2, 0).text(), "2/5");
        assert_eq!(cell(5, 2, 1).text(), "2/5 未1");
    }
}
