//! The workbook of one section: a cover with its items and a status chart, then the
//! input sheet to fill in, the progress, items, schedule and history sheets, and the
//! revisions that concern the section when there are any.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::kit::{Orientation, PrintSetup};
use super::kit::{SheetWriter, Styles};
use super::rates::Rates;
use super::workbook::{
    Book, ReportInput, finish, new_workbook, period_fact, write_facts, years_label,
};
use super::{input, items, progress, revisions, schedule, status};
use crate::plan::{Department, Initiative, PracticeItem, role_label};
use crate::wareki::fiscal_year_long;

/// The workbook of one section.
///
/// # Errors
/// Only on an internal error of the workbook writer.
pub fn department_workbook(input: &ReportInput, dept: &Department) -> Result<Book, XlsxError> {
    let fy = input.period.fiscal_year();
    let (mut wb, st) = new_workbook(
        &format!("行政改革 進捗管理表 {}", dept.id),
        page_owner(dept),
        input,
    )?;
    let rows = input.items_of(&dept.id);
    let years = input.index.years.clone();

    cover_sheet(wb.add_worksheet(), &st, &rows, input, dept)?;
    // The sheet to fill in and send back comes right after the cover.
    input::input_sheet(wb.add_worksheet(), &st, &rows, input, &dept.id)?;
    progress::progress_sheet(wb.add_worksheet(), &st, &rows, input, false)?;
    items::items_sheet(wb.add_worksheet(), &st, &rows, input, Some(&dept.id))?;
    schedule::schedule_sheet(wb.add_worksheet(), &st, &rows, &years, fy)?;
    progress::history_sheet(wb.add_worksheet(), &st, &rows, input)?;
    // A section that no revision concerns has no 改定履歴 sheet.
    let changes = input.revision_lines_for(&dept.id);
    if !changes.is_empty() {
        revisions::department_sheet(wb.add_worksheet(), &st, &changes, &dept.id)?;
    }
    finish(wb, &st)
}

/// What the header of every printed page calls the section: `市民生活部　(民)窓口サービス課`
/// (the bureau first, as the files sort), the section alone when no bureau is configured.
/// A section whose bureau has no mark already has the bureau in its ID.
fn page_owner(dept: &Department) -> String {
    if dept.bureau_name.is_empty() || dept.bureau_mark.is_empty() {
        dept.id.to_string()
    } else {
        format!("{}　{}", dept.bureau_name, dept.id)
    }
}

/// The cover's columns, A4 upright: 取組No. (and the labels of the facts above), 取組名,
/// 項目ID, 実践項目名, 担当区分.
const COVER_COLUMNS: [f64; 5] = [14.0, 26.0, 7.0, 26.0, 8.0];

/// 表紙: what the workbook covers, the section's items by initiative with its role in
/// each, and the period's status counts with a chart.
fn cover_sheet(
    ws: &mut Worksheet,
    st: &Styles,
    rows: &[(&Initiative, &PracticeItem)],
    input: &ReportInput,
    dept: &Department,
) -> Result<(), XlsxError> {
    ws.set_name("表紙")?;
    let mut w = SheetWriter::new(ws, &st.cuts, &COVER_COLUMNS);
    w.loose(0, 0, "行政改革推進計画　進捗管理表", &st.title)?;
    let facts = cover_facts(input, dept, rows.len());
    write_facts(&mut w, st, &facts, 4)?;
    // A blank row, the block's title, then its header.
    let head = 4 + facts.len() as u32;
    w.loose(head - 1, 0, "担当する実践項目（取組ごと）", &st.subtitle)?;
    w.headers(
        head,
        &["取組No.", "取組名", "項目ID", "実践項目名", "担当区分"],
        &st.header,
    )?;
    for (r, (ini, it)) in rows.iter().enumerate() {
        let row = head + 1 + r as u32;
        w.initiative(row, 0, ini.no, &st.number)?;
        w.text(row, 1, &ini.title, &st.wrap)?;
        w.text(row, 2, &it.id.to_string(), &st.code)?;
        w.text(row, 3, &it.name, &st.wrap)?;
        w.text(row, 4, role_label(it.is_primary(&dept.id)), &st.center)?;
    }
    let chart_row = head + rows.len() as u32 + 3;
    w.loose(
        chart_row - 1,
        0,
        &format!("{}の進捗状況", input.period.japanese()),
        &st.subtitle,
    )?;
    let counts = status::status_counts(rows, input);
    // The chart stands beside the counts, over the columns C to E.
    let chart_width = status::chart_width(&COVER_COLUMNS[2..]);
    status::cover_status_chart(
        &mut w,
        st,
        chart_row,
        &counts,
        "進捗状況の内訳",
        chart_width,
    )?;
    let mut setup = PrintSetup::portrait(&COVER_COLUMNS);
    let page =
        Orientation::Portrait.printable_height_pt() * 100.0 / f64::from(setup.chosen_scale());
    // The title's large type makes its row taller than the default.
    let items_end = w.height_before(chart_row - 2) + TITLE_EXTRA_HEIGHT;
    if items_end > page {
        // Items over more than a page: their header on every page.
        setup = setup.repeat_rows(head, head);
    }
    // The counts and their chart are not cut by a page: they start a page of their own
    // when they would not fit below the items.
    let chart_end = w.height_before(chart_row - 1)
        + TITLE_EXTRA_HEIGHT
        + status::chart_block_height(counts.len());
    if (chart_end / page).ceil() > (items_end / page).ceil() {
        super::kit::page::set_page_breaks(w.ws, &[chart_row - 1])?;
    }
    w.finish()?;
    setup.apply(ws, st)
}

/// How much taller the cover's title row is than a default row, in points.
const TITLE_EXTRA_HEIGHT: f64 = 8.0;

/// The cover's label/value rows; a note when the period's fiscal year lies outside the
/// plan's schedule (this year's activity is then blank everywhere).
fn cover_facts(
    input: &ReportInput,
    dept: &Department,
    item_count: usize,
) -> Vec<(&'static str, String)> {
    let fy = input.period.fiscal_year();
    // Not `bureau_label()`: an unconfigured bureau is called out rather than named by its mark.
    let bureau = if dept.bureau_name.is_empty() {
        "（設定にない部局）".to_string()
    } else {
        dept.bureau_name.clone()
    };
    let mut facts = vec![
        ("部署", dept.id.to_string()),
        ("部局", bureau),
        ("対象期間", period_fact(input.period)),
        ("対象年度", format!("{}（{fy}年度）", fiscal_year_long(fy))),
        ("計画期間", years_label(&input.index.years)),
    ];
    if let Some(title) = &input.plan.title {
        facts.push(("計画名", title.clone()));
    }
    if let Some(edition) = input.revisions.in_force_label() {
        facts.push(("計画の版", edition));
    }
    facts.push(("担当する実践項目", format!("{item_count}件")));
    let items = input.items_of(&dept.id);
    let rates = Rates::of(
        input.progress,
        input.period,
        items.iter().map(|(_, it)| *it),
    );
    facts.push(("報告率", rates.report_text()));
    facts.push(("完了率", rates.completion_text()));
    let years = &input.index.years;
    if !years.is_empty() && !years.contains(&fy) {
        facts.push((
            "注意",
            "対象年度は計画の工程表の期間外です。今年度の工程は空欄になります".to_string(),
        ));
    }
    facts
}
