//! The fiscal year's evaluation (年度評価) in the summary: each item's last status and last
//! value on every evaluation scale in the fiscal year of the period (up to the period),
//! and the counts per value and per section: the table an office publishes each year.
//!
//! An axis's value is the latest report of the fiscal year that gives it: a report
//! without a grade does not erase the grade given the month before. Items are counted
//! under their primary section, so that the sections add up to the total.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::kit::{Orientation, Pager, PrintSetup, page_height_pt, table_breaks};
use super::kit::{SheetWriter, Styles, lines_in, row_height};
use super::rules::{Annual, NOT_RATED, NOT_REPORTED, annual, reported_items};
use super::workbook::ReportInput;
use crate::plan::{Department, PracticeItem};
use crate::wareki::fiscal_year_long;

/// 年度評価: one row per item with its last status, last value on each scale and, when
/// the office reports amounts, its effect amount.
///
/// # Errors
/// Only on an internal error of the workbook writer.
pub fn annual_sheet(ws: &mut Worksheet, st: &Styles, input: &ReportInput) -> Result<(), XlsxError> {
    ws.set_name("年度評価")?;
    let with_amount = super::effect::in_use(input);
    let mut headers: Vec<String> = ["項目ID", "実践項目名", "担当部署", "最終報告", "進捗状況"]
        .map(String::from)
        .to_vec();
    // Landscape A4 has room to spare: a status (報告なし) or a value (一部達成) on one
    // line, and fewer names wrapped, so that rows stay one line where they can.
    let mut widths = vec![6.0, 36.0, 20.0, 8.0, VALUE_WIDTH];
    for s in input.scales {
        headers.push(s.label.clone());
        widths.push(VALUE_WIDTH);
    }
    if with_amount {
        headers.push("効果額（千円）".to_string());
        widths.push(12.0);
    }
    let mut w = SheetWriter::new(ws, &st.cuts, &widths);
    w.loose(0, 0, &annual_title(input, "年度評価"), &st.subtitle)?;
    w.headers(1, &headers, &st.header)?;
    let items = reported_items(input.plan);
    let amount = st.number.clone().set_num_format("#,##0,");
    for (k, it) in items.iter().enumerate() {
        let row = 2 + k as u32;
        let a = annual(input.progress, input.scales, it, input.period);
        let owners: Vec<String> = it.departments.iter().map(|d| d.id().to_string()).collect();
        w.text(row, 0, &it.id.to_string(), &st.code)?;
        w.text(row, 1, &it.name, &st.wrap)?;
        w.text(row, 2, &owners.join("、"), &st.wrap)?;
        let month = a
            .last
            .map_or("－".to_string(), |r| format!("{}月", r.period.month));
        w.text(row, 3, &month, &st.center)?;
        let status = a.status.unwrap_or(NOT_REPORTED);
        w.text(row, 4, status, st.status(status))?;
        for (j, rating) in a.ratings.iter().enumerate() {
            let value = rating.and_then(|r| r.value.as_deref()).unwrap_or("－");
            w.text(row, 5 + j as u16, value, &st.center)?;
        }
        if with_amount {
            let col = 5 + input.scales.len() as u16;
            match a.effect_yen {
                Some(yen) => w.number(row, col, yen as f64, &amount)?,
                None => w.blank(row, col, &st.number)?,
            }
        }
    }
    let last = 1 + items.len().max(1) as u32;
    w.note(
        last + 1,
        0,
        headers.len() as u16 - 1,
        "各項目の年度（4月〜対象月）の最後の報告の値。評価などを書かない月があっても、その前の月の値を残します。",
        &st.note,
    )?;
    let setup = PrintSetup::landscape(&widths).repeat_rows(1, 1);
    let page = page_height_pt(Orientation::Landscape, setup.chosen_scale());
    let breaks = table_breaks(
        |r| w.height_of(r),
        (2, last),
        last + 1,
        w.height_of(1),
        page,
    );
    w.finish()?;
    ws.set_freeze_panes(2, 2)?;
    ws.autofilter(1, 0, last, headers.len() as u16 - 1)?;
    if !breaks.is_empty() {
        super::kit::page::set_page_breaks(ws, &breaks)?;
    }
    setup.apply(ws, st)
}

/// The width of a status or scale column: 報告なし, 一部達成 on one line.
const VALUE_WIDTH: f64 = 10.0;

/// `令和6年度 年度評価（令和6年9月分まで）`.
fn annual_title(input: &ReportInput, what: &str) -> String {
    format!(
        "{} {what}（{}分まで）",
        fiscal_year_long(input.period.fiscal_year()),
        input.period.japanese()
    )
}

/// One axis of the counts: its label, its values in the order shown and what is shown for
/// an item without a value.
struct Axis {
    label: String,
    values: Vec<String>,
    missing: &'static str,
}

/// The axes counted: the status, then each scale with values (best first).
fn axes(input: &ReportInput) -> Vec<Axis> {
    let mut out = vec![Axis {
        label: "進捗状況".to_string(),
        values: input.statuses.to_vec(),
        missing: NOT_REPORTED,
    }];
    out.extend(
        input
            .scales
            .iter()
            .filter(|s| !s.is_free_text())
            .map(|s| Axis {
                label: s.label.clone(),
                values: s.best_first().into_iter().cloned().collect(),
                missing: NOT_RATED,
            }),
    );
    out
}

/// The value of axis `k` ([`axes`] order) in `a`.
fn axis_value<'a>(input: &ReportInput, a: &Annual<'a>, k: usize) -> Option<&'a str> {
    if k == 0 {
        return a.status;
    }
    let valued: Vec<usize> = (0..input.scales.len())
        .filter(|j| !input.scales[*j].is_free_text())
        .collect();
    let j = *valued.get(k - 1)?;
    a.ratings
        .get(j)
        .copied()
        .flatten()
        .and_then(|r| r.value.as_deref())
}

/// The counts of one axis over `items`: one per value, then the items without one.
fn axis_counts(input: &ReportInput, axis: (usize, &Axis), items: &[&PracticeItem]) -> Vec<usize> {
    let (k, axis) = axis;
    let mut counts = vec![0usize; axis.values.len() + 1];
    for it in items {
        let a = annual(input.progress, input.scales, it, input.period);
        let slot = axis_value(input, &a, k)
            .and_then(|v| axis.values.iter().position(|x| x == v))
            .unwrap_or(axis.values.len());
        counts[slot] += 1;
    }
    counts
}

/// 年度評価集計: for the status and each scale, the number of items per value and per
/// primary section, with the total. Each axis starts a page; a table longer than a page
/// starts its title and header again on the next, so that every page says what it counts.
///
/// # Errors
/// Only on an internal error of the workbook writer.
pub fn annual_counts_sheet(
    ws: &mut Worksheet,
    st: &Styles,
    input: &ReportInput,
) -> Result<(), XlsxError> {
    ws.set_name("年度評価集計")?;
    let axes = axes(input);
    let widest = axes.iter().map(|a| a.values.len() + 2).max().unwrap_or(2);
    let mut widths = LABEL_WIDTHS.to_vec();
    widths.extend(std::iter::repeat_n(COUNT_WIDTH, widest));
    let setup = PrintSetup::landscape(&widths);
    let mut pager = Pager::new(page_height_pt(Orientation::Landscape, setup.chosen_scale()));
    let mut w = SheetWriter::new(ws, &st.cuts, &widths);
    w.loose(0, 0, &annual_title(input, "年度評価の件数"), &st.subtitle)?;
    pager.add(w.height_before(2));
    let sections = primary_sections(input);
    let mut row = 2u32;
    for (k, axis) in axes.iter().enumerate() {
        if k > 0 {
            pager.break_before(row);
        }
        row = axis_block(&mut w, st, input, (k, axis), &sections, row, &mut pager)? + 2;
    }
    w.note(
        row - 1,
        0,
        widths.len() as u16 - 1,
        "項目は主担当の部署に数えます（部署の件数の合計が全体の件数）。値は年度の最後の報告のものです。",
        &st.note,
    )?;
    w.finish()?;
    super::kit::page::set_page_breaks(ws, pager.breaks())?;
    setup.apply(ws, st)
}

/// The widths of the bureau and section columns of the counts.
const LABEL_WIDTHS: [f64; 2] = [14.0, 20.0];
/// The width of a count column (its header wraps when longer).
const COUNT_WIDTH: f64 = 8.0;
/// The height of a block's title row (12 pt bold), in points.
const BLOCK_TITLE_HEIGHT: f64 = 18.0;

/// Sections with items they own as primary section, in plan order, with those items.
fn primary_sections<'a>(input: &ReportInput<'a>) -> Vec<(&'a Department, Vec<&'a PracticeItem>)> {
    input
        .plan
        .departments
        .iter()
        .map(|d| {
            let items: Vec<&PracticeItem> = input
                .items_of(&d.id)
                .into_iter()
                .map(|(_, it)| it)
                .filter(|it| it.is_primary(&d.id))
                .collect();
            (d, items)
        })
        .filter(|(_, items)| !items.is_empty())
        .collect()
}

/// One axis's table from `top` (its title), sections then the total; returns its last
/// row. When the next section (the last one with the total) does not fit the page, the
/// title and the header start again on a new page.
fn axis_block(
    w: &mut SheetWriter,
    st: &Styles,
    input: &ReportInput,
    axis: (usize, &Axis),
    sections: &[(&Department, Vec<&PracticeItem>)],
    top: u32,
    pager: &mut Pager,
) -> Result<u32, XlsxError> {
    let (_, a) = axis;
    let title = format!(
        "{}の件数（{}、{}分まで）",
        a.label,
        fiscal_year_long(input.period.fiscal_year()),
        input.period.japanese()
    );
    let mut headers = vec!["部局".to_string(), "部署".to_string()];
    headers.extend(a.values.iter().cloned());
    headers.push(a.missing.to_string());
    headers.push("計".to_string());
    let head_height = headers
        .iter()
        .enumerate()
        .map(|(c, h)| row_height(lines_in(h, column_width(c))))
        .fold(0.0, f64::max);
    let head = |w: &mut SheetWriter, row: u32, title: &str| -> Result<(), XlsxError> {
        w.loose(row, 0, title, &st.subtitle)?;
        w.headers(row + 1, &headers, &st.header)
    };
    head(w, top, &title)?;
    pager.add(BLOCK_TITLE_HEIGHT + head_height);
    let total_height = row_height(1);
    let mut total = vec![0usize; a.values.len() + 1];
    let mut row = top + 1;
    for (k, (d, items)) in sections.iter().enumerate() {
        let lines = lines_in(d.bureau_label(), LABEL_WIDTHS[0])
            .max(lines_in(d.id.as_str(), LABEL_WIDTHS[1]));
        let height = row_height(lines);
        let with_total = if k + 1 == sections.len() {
            total_height
        } else {
            0.0
        };
        if !pager.fits(height + with_total) {
            row += 1;
            pager.break_before(row);
            head(w, row, &format!("{title}（続き）"))?;
            pager.add(BLOCK_TITLE_HEIGHT + head_height);
            row += 1;
        }
        row += 1;
        pager.add(height);
        let counts = axis_counts(input, axis, items);
        w.text(row, 0, d.bureau_label(), &st.text)?;
        w.text(row, 1, d.id.as_str(), &st.text)?;
        count_cells(w, st, row, &counts)?;
        for (t, n) in total.iter_mut().zip(&counts) {
            *t += n;
        }
    }
    row += 1;
    pager.add(total_height);
    w.text(row, 0, "合計", &st.label)?;
    w.blank(row, 1, &st.label)?;
    count_cells(w, st, row, &total)?;
    Ok(row)
}

/// The width of column `c` of the counts.
fn column_width(c: usize) -> f64 {
    LABEL_WIDTHS.get(c).copied().unwrap_or(COUNT_WIDTH)
}

/// The counts from column 2, then their sum.
fn count_cells(
    w: &mut SheetWriter,
    st: &Styles,
    row: u32,
    counts: &[usize],
) -> Result<(), XlsxError> {
    for (k, n) in counts.iter().enumerate() {
        w.number(row, 2 + k as u16, *n as f64, &st.number)?;
    }
    let sum: usize = counts.iter().sum();
    w.number(row, 2 + counts.len() as u16, sum as f64, &st.number)
}
