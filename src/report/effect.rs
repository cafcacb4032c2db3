//! The summary's 効果額 sheet: the financial effect (財政効果額) of the fiscal year of the
//! period, target against actual, in total, per section and per initiative, with a chart
//! of the sections.
//!
//! The target of an item is the plan's target for the fiscal year
//! ([`PracticeItem::effect_targets`]); its actual is the amount of its latest report of the
//! fiscal year up to the period that gives one: offices report the fiscal year's
//! cumulative figure, so the latest report is the year's figure to date (amounts of
//! several months are not added up). An item counts under its primary section. Amounts
//! are written in yen and shown in thousands of yen (千円).

use rust_xlsxwriter::{Chart, ChartType, Format, Worksheet, XlsxError};

use super::kit::{DEFAULT_ROW_HEIGHT, SheetWriter, Styles, lines_in, row_height, set_chart_title};
use super::kit::{Orientation, Pager, PrintSetup, page_height_pt};
use super::rules::annual;
use super::workbook::ReportInput;
use crate::plan::PracticeItem;
use crate::wareki::fiscal_year_long;

/// Whether the office uses effect amounts this fiscal year: a target in the plan or an
/// amount in a report.
pub fn in_use(input: &ReportInput) -> bool {
    let fy = input.period.fiscal_year();
    input.plan.items().any(|(_, it)| {
        it.effect_targets.contains_key(&fy)
            || annual(input.progress, input.scales, it, input.period)
                .effect_yen
                .is_some()
    })
}

/// Target and actual of a set of items, in yen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Effect {
    pub target: i64,
    pub actual: i64,
    /// Whether any item has a target, an actual.
    pub has_target: bool,
    pub has_actual: bool,
}

impl Effect {
    /// The figures of `items` for the fiscal year of the period.
    pub fn of<'a>(input: &ReportInput, items: impl IntoIterator<Item = &'a PracticeItem>) -> Self {
        let fy = input.period.fiscal_year();
        let mut e = Effect::default();
        for it in items {
            if let Some(t) = it.effect_targets.get(&fy) {
                e.target += t;
                e.has_target = true;
            }
            if let Some(a) = annual(input.progress, input.scales, it, input.period).effect_yen {
                e.actual += a;
                e.has_actual = true;
            }
        }
        e
    }

    fn any(&self) -> bool {
        self.has_target || self.has_actual
    }
}

/// 目標, 実績, 達成率, 差額 after two label columns; fits A4 upright.
const COLUMNS: [f64; 6] = [14.0, 26.0, 13.0, 13.0, 8.0, 13.0];
/// The first of the columns after the print area that hold the chart's data (section,
/// target, actual), one row a section: the sections' table starts its header again on
/// each page, and a chart reads one unbroken range.
const CHART_DATA_COL: u16 = 7;
/// The chart's least height in pixels, and what each section adds (two bars and a label).
const CHART_PX: u32 = 300;
const CHART_PX_PER_SECTION: u32 = 24;
/// The height of a block's title row (12 pt bold), in points.
const BLOCK_TITLE_HEIGHT: f64 = 18.0;

/// Formats of the figures.
struct Looks {
    yen: Format,
    rate: Format,
}

/// 効果額: total, sections and initiatives, target against actual, and a chart. Every
/// page says the fiscal year and the unit; a table longer than a page starts its header
/// again on the next; the chart starts a page of its own when it would not fit below the
/// sections; the initiatives start a page.
///
/// # Errors
/// Only on an internal error of the workbook writer.
pub fn effect_sheet(ws: &mut Worksheet, st: &Styles, input: &ReportInput) -> Result<(), XlsxError> {
    ws.set_name("効果額")?;
    let looks = Looks {
        yen: st.number.clone().set_num_format("#,##0,"),
        rate: st.number.clone().set_num_format("0.0%"),
    };
    let setup = PrintSetup::portrait(&COLUMNS).only_these_columns();
    let page = page_height_pt(Orientation::Portrait, setup.chosen_scale());
    let mut pager = Pager::new(page);
    let mut w = SheetWriter::new(ws, &st.cuts, &COLUMNS);
    w.loose(
        0,
        0,
        &format!(
            "{} 財政効果額（{}分まで）",
            fiscal_year_long(input.period.fiscal_year()),
            input.period.japanese()
        ),
        &st.subtitle,
    )?;
    w.note(
        1,
        0,
        COLUMNS.len() as u16 - 1,
        "単位: 千円（千円未満は四捨五入して表示するため、内訳の和が合計と合わないことがあります）。目標は計画の年度の目標額、実績は各項目の年度の最後の報告の額（年度の累計）。項目は主担当の部署に数えます。",
        &st.note,
    )?;
    let items: Vec<&PracticeItem> = input.plan.items().map(|(_, it)| it).collect();
    w.headers(
        3,
        &[
            "区分",
            "",
            "目標（千円）",
            "実績（千円）",
            "達成率",
            "差額（千円）",
        ],
        &st.header,
    )?;
    figure_row(
        &mut w,
        st,
        &looks,
        4,
        ("合計", ""),
        Effect::of(input, items),
    )?;
    let top = 6;
    pager.add(w.height_before(top));
    let shown = sections_block(&mut w, st, &looks, input, top, &mut pager)?;
    let mut next = shown.last + 2;
    if !shown.sections.is_empty() {
        let px = chart_px(shown.sections.len(), page);
        let rows = (f64::from(px) * 0.75 / DEFAULT_ROW_HEIGHT).ceil() as u32;
        if !pager.fits(f64::from(px) * 0.75) {
            pager.break_before(shown.last + 1);
        }
        section_chart(
            &mut w,
            st,
            &shown.sections,
            shown.first,
            (shown.last + 1, px),
        )?;
        next = shown.last + 2 + rows;
    }
    pager.break_before(next);
    initiatives_block(&mut w, st, &looks, input, next, &mut pager)?;
    w.finish()?;
    super::kit::page::set_page_breaks(ws, pager.breaks())?;
    setup.apply(ws, st)
}

/// `（令和6年度、令和6年9月分まで）`.
fn span(input: &ReportInput) -> String {
    format!(
        "（{}、{}分まで）",
        fiscal_year_long(input.period.fiscal_year()),
        input.period.japanese()
    )
}

/// The chart's height for `sections` bars, within a page of `page` points.
fn chart_px(sections: usize, page: f64) -> u32 {
    let wanted = CHART_PX.max(60 + CHART_PX_PER_SECTION * sections as u32);
    // The page less a title row, in pixels (96 to the inch, 72 points).
    let room = ((page - BLOCK_TITLE_HEIGHT) * 4.0 / 3.0) as u32;
    wanted.min(room)
}

/// The header of a block's table.
fn figure_headers(first: &'static str, second: &'static str) -> [&'static str; 6] {
    [
        first,
        second,
        "目標（千円）",
        "実績（千円）",
        "達成率",
        "差額（千円）",
    ]
}

/// Writes a block's title and header at `row` (a new page's first row when `pager` says
/// so).
fn block_head(
    w: &mut SheetWriter,
    st: &Styles,
    row: u32,
    title: &str,
    head: &[&str],
    pager: &mut Pager,
) -> Result<(), XlsxError> {
    w.loose(row, 0, title, &st.subtitle)?;
    w.headers(row + 1, head, &st.header)?;
    pager.add(BLOCK_TITLE_HEIGHT + w.height_of(row + 1));
    Ok(())
}

/// One table of figures from `top` (its title): a row per labelled set of items that has
/// a figure, the header again on a new page when the next row does not fit; returns the
/// rows written (first, last) and the labels of the rows.
fn figures_block<'a>(
    w: &mut SheetWriter,
    st: &Styles,
    looks: &Looks,
    (top, title, head): (u32, &str, [&str; 6]),
    rows: impl Iterator<Item = ((String, &'a str), Effect)>,
    pager: &mut Pager,
) -> Result<Shown<'a>, XlsxError> {
    block_head(w, st, top, title, &head, pager)?;
    let mut shown = Shown {
        first: top + 2,
        last: top + 1,
        sections: Vec::new(),
    };
    for ((first, second), e) in rows.filter(|(_, e)| e.any()) {
        let lines = lines_in(&first, COLUMNS[0]).max(lines_in(second, COLUMNS[1]));
        if !pager.fits(row_height(lines)) {
            shown.last += 1;
            pager.break_before(shown.last);
            block_head(w, st, shown.last, &format!("{title}（続き）"), &head, pager)?;
            shown.last += 1;
        }
        shown.last += 1;
        figure_row(w, st, looks, shown.last, (&first, second), e)?;
        pager.add(w.height_of(shown.last));
        shown.sections.push((second, e));
    }
    Ok(shown)
}

/// What a block of figures wrote: its first and last rows, and each row's second label
/// (the section) with its figures.
struct Shown<'a> {
    first: u32,
    last: u32,
    sections: Vec<(&'a str, Effect)>,
}

/// The sections' table from `top` (its title).
fn sections_block<'a>(
    w: &mut SheetWriter,
    st: &Styles,
    looks: &Looks,
    input: &ReportInput<'a>,
    top: u32,
    pager: &mut Pager,
) -> Result<Shown<'a>, XlsxError> {
    let plan = input.plan;
    let rows = plan.departments.iter().map(|d| {
        let items = input
            .items_of(&d.id)
            .into_iter()
            .map(|(_, it)| it)
            .filter(|it| it.is_primary(&d.id));
        (
            (d.bureau_label().to_string(), d.id.as_str()),
            Effect::of(input, items),
        )
    });
    let title = format!("部署別の財政効果額{}", span(input));
    figures_block(
        w,
        st,
        looks,
        (top, &title, figure_headers("部局", "部署")),
        rows,
        pager,
    )
}

/// The initiatives' table from `top` (its title).
fn initiatives_block(
    w: &mut SheetWriter,
    st: &Styles,
    looks: &Looks,
    input: &ReportInput,
    top: u32,
    pager: &mut Pager,
) -> Result<(), XlsxError> {
    let rows = input.plan.initiatives.iter().map(|ini| {
        (
            (ini.no.to_string(), ini.title.as_str()),
            Effect::of(input, &ini.items),
        )
    });
    let title = format!("取組別の財政効果額{}", span(input));
    figures_block(
        w,
        st,
        looks,
        (top, &title, figure_headers("取組No.", "取組名")),
        rows,
        pager,
    )?;
    Ok(())
}

/// One row: two labels, target, actual, rate (actual ÷ target) and difference.
fn figure_row(
    w: &mut SheetWriter,
    st: &Styles,
    looks: &Looks,
    row: u32,
    label: (&str, &str),
    e: Effect,
) -> Result<(), XlsxError> {
    w.text(row, 0, label.0, &st.text)?;
    w.text(row, 1, label.1, &st.wrap)?;
    let yen = |w: &mut SheetWriter, col: u16, v: i64, has: bool| {
        if has {
            w.number(row, col, v as f64, &looks.yen)
        } else {
            w.blank(row, col, &st.number)
        }
    };
    yen(w, 2, e.target, e.has_target)?;
    yen(w, 3, e.actual, e.has_actual)?;
    // No rate until something is reported: a blank, not 0 %.
    if e.has_target && e.has_actual && e.target != 0 {
        // Not measured: its digits are not what the cell shows.
        w.ws.write_number_with_format(row, 4, e.actual as f64 / e.target as f64, &looks.rate)?;
    } else {
        w.blank(row, 4, &st.number)?;
    }
    yen(w, 5, e.actual - e.target, e.has_target && e.has_actual)
}

/// Target and actual per section, a bar each, the first section on top: its data in the
/// columns after the print area from row `first` (one unbroken range), the chart at
/// `at.0`, `at.1` pixels high.
fn section_chart(
    w: &mut SheetWriter,
    st: &Styles,
    sections: &[(&str, Effect)],
    first: u32,
    at: (u32, u32),
) -> Result<(), XlsxError> {
    let col = CHART_DATA_COL;
    for (k, (name, e)) in sections.iter().enumerate() {
        let row = first + k as u32;
        w.audit(row, col, name, &st.audit)?;
        for (c, (v, has)) in [(e.target, e.has_target), (e.actual, e.has_actual)]
            .into_iter()
            .enumerate()
        {
            if has {
                w.ws.write_number_with_format(row, col + 1 + c as u16, v as f64, &st.audit)?;
            }
        }
    }
    let last = first + sections.len() as u32 - 1;
    let sheet = w.ws.name();
    let mut chart = Chart::new(ChartType::Bar);
    for (c, name) in [(col + 1, "目標"), (col + 2, "実績")] {
        chart
            .add_series()
            .set_name(name)
            .set_categories((sheet.as_str(), first, col, last, col))
            .set_values((sheet.as_str(), first, c, last, c));
    }
    // A bar chart's categories are on its y axis: sections top to bottom in the table's
    // order; the amounts on its x axis.
    chart.y_axis().set_reverse();
    chart
        .x_axis()
        .set_num_format("#,##0,")
        .set_name("千円")
        .set_major_gridlines(true);
    set_chart_title(
        &mut chart,
        &st.cuts,
        &sheet,
        "部署別の財政効果額（目標と実績）",
    );
    let width = super::status::chart_width(&COLUMNS);
    chart.set_width(width).set_height(at.1);
    w.ws.insert_chart_with_offset(at.0, 0, &chart, 4, 0)?;
    Ok(())
}
