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

use super::ReportInput;
use super::annual::annual;
use super::page::PrintSetup;
use super::style::{SheetWriter, Styles, set_chart_title};
use crate::plan::PracticeItem;
use crate::wareki::fiscal_year_long;

/// Whether the office uses effect amounts this fiscal year: a target in the plan or an
/// amount in a report.
pub fn in_use(input: &ReportInput) -> bool {
    let fy = input.period.fiscal_year();
    input.plan.items().any(|(_, it)| {
        it.effect_targets.contains_key(&fy) || annual(input, it).effect_yen.is_some()
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
            if let Some(a) = annual(input, it).effect_yen {
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
const COLUMNS: [f64; 6] = [12.0, 28.0, 13.0, 13.0, 8.0, 13.0];
/// Rows kept for the chart: its height with room to spare at the smallest default row
/// height (12.75 pt = 17 px).
const CHART_ROWS: u32 = 20;
/// The chart's height in pixels.
const CHART_PX: u32 = 300;

/// Formats of the figures.
struct Looks {
    yen: Format,
    rate: Format,
}

/// 効果額: total, sections and initiatives, target against actual, and a chart.
///
/// # Errors
/// Only on an internal error of the workbook writer.
pub fn effect_sheet(ws: &mut Worksheet, st: &Styles, input: &ReportInput) -> Result<(), XlsxError> {
    ws.set_name("効果額")?;
    let looks = Looks {
        yen: st.number.clone().set_num_format("#,##0,"),
        rate: st.number.clone().set_num_format("0.0%"),
    };
    let mut w = SheetWriter::new(ws, &st.cuts, &COLUMNS);
    let fy = input.period.fiscal_year();
    w.loose(
        0,
        0,
        &format!(
            "{} 財政効果額（{}分まで）",
            fiscal_year_long(fy),
            input.period.japanese()
        ),
        &st.subtitle,
    )?;
    w.note(
        1,
        0,
        COLUMNS.len() as u16 - 1,
        "単位: 千円。目標は計画の年度の目標額、実績は各項目の年度の最後の報告の額（年度の累計）。項目は主担当の部署に数えます。",
        &st.note,
    )?;
    let items: Vec<&PracticeItem> = input.plan.items().map(|(_, it)| it).collect();
    let head = [
        "区分",
        "",
        "目標（千円）",
        "実績（千円）",
        "達成率",
        "差額（千円）",
    ];
    w.headers(3, &head, &st.header)?;
    figure_row(
        &mut w,
        st,
        &looks,
        4,
        ("合計", ""),
        Effect::of(input, items),
    )?;
    let top = 7;
    let last = sections_block(&mut w, st, &looks, input, top)?;
    let chart_top = last + 2;
    if last > top + 1 {
        section_chart(&mut w, st, top + 2, last, chart_top)?;
    }
    let next = chart_top + CHART_ROWS + 1;
    let end = initiatives_block(&mut w, st, &looks, input, next)?;
    w.finish()?;
    ws.set_page_breaks(&[next - 1])?;
    let _ = end;
    PrintSetup::portrait(&COLUMNS).apply(ws, st)
}

/// The sections' table from `top` (its title); returns its last row.
fn sections_block(
    w: &mut SheetWriter,
    st: &Styles,
    looks: &Looks,
    input: &ReportInput,
    top: u32,
) -> Result<u32, XlsxError> {
    w.loose(top, 0, "部署別", &st.subtitle)?;
    let head = [
        "部局",
        "部署",
        "目標（千円）",
        "実績（千円）",
        "達成率",
        "差額（千円）",
    ];
    w.headers(top + 1, &head, &st.header)?;
    let mut row = top + 1;
    for d in &input.plan.departments {
        let items = input
            .plan
            .items_of(&d.id)
            .map(|(_, it)| it)
            .filter(|it| it.is_primary(&d.id));
        let e = Effect::of(input, items);
        if e.any() {
            row += 1;
            figure_row(w, st, looks, row, (d.bureau_label(), d.id.as_str()), e)?;
        }
    }
    Ok(row)
}

/// The initiatives' table from `top` (its title); returns its last row.
fn initiatives_block(
    w: &mut SheetWriter,
    st: &Styles,
    looks: &Looks,
    input: &ReportInput,
    top: u32,
) -> Result<u32, XlsxError> {
    w.loose(top, 0, "取組別", &st.subtitle)?;
    let head = [
        "取組No.",
        "取組名",
        "目標（千円）",
        "実績（千円）",
        "達成率",
        "差額（千円）",
    ];
    w.headers(top + 1, &head, &st.header)?;
    let mut row = top + 1;
    for ini in &input.plan.initiatives {
        let e = Effect::of(input, &ini.items);
        if e.any() {
            row += 1;
            figure_row(w, st, looks, row, (&ini.no.to_string(), &ini.title), e)?;
        }
    }
    Ok(row)
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
    if e.has_target && e.target != 0 {
        // Not measured: its digits are not what the cell shows.
        w.ws.write_number_with_format(row, 4, e.actual as f64 / e.target as f64, &looks.rate)?;
    } else {
        w.blank(row, 4, &st.number)?;
    }
    yen(w, 5, e.actual - e.target, e.has_target && e.has_actual)
}

/// Target and actual side by side per section (rows `first..=last`), at row `at`.
fn section_chart(
    w: &mut SheetWriter,
    st: &Styles,
    first: u32,
    last: u32,
    at: u32,
) -> Result<(), XlsxError> {
    let sheet = w.ws.name();
    let mut chart = Chart::new(ChartType::Column);
    for (col, name) in [(2u16, "目標"), (3, "実績")] {
        chart
            .add_series()
            .set_name(name)
            .set_categories((sheet.as_str(), first, 1, last, 1))
            .set_values((sheet.as_str(), first, col, last, col));
    }
    chart
        .y_axis()
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
    chart.set_width(width).set_height(CHART_PX);
    w.ws.insert_chart_with_offset(at, 0, &chart, 4, 0)?;
    Ok(())
}
