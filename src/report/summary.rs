//! The reform office's workbook `全体集計.xlsx`: an overview (the whole plan's counts,
//! report and completion rates, a status chart, the sections by bureau with subtotals and
//! links to their workbooks), the status tables, the fiscal year's evaluation (年度評価)
//! with its counts, the effect amounts (効果額, when used), every item, the whole schedule, the
//! initiatives, the revisions and every diagnostic of the run.

use rust_xlsxwriter::{Color, Format, FormatUnderline, Url, Worksheet, XlsxError};

use super::kit::PrintSetup;
use super::kit::{COLOR_LABEL, MAX_CELL_CHARS, SheetWriter, Styles, fit_text};
use super::rates::{COMPLETION_RATE_TEXT, REPORT_RATE_TEXT, Rates};
use super::rules::reported_items;
use super::workbook::{
    Book, ReportInput, finish, new_workbook, period_fact, plan_period_label, write_facts,
};
use super::{
    annual, collection, diagnostics, effect, items, progress, revisions, schedule, status, trend,
};
use crate::diagnostics::Severity;
use crate::plan::{Department, Plan, PracticeItem};

/// The reform office's workbook: overview by bureau and section, every item, the whole
/// schedule, the initiatives, the revisions (when the plan has several editions) and
/// every diagnostic of the run.
///
/// # Errors
/// Only on an internal error of the workbook writer.
pub fn summary_workbook(input: &ReportInput) -> Result<Book, XlsxError> {
    let plan = input.plan;
    let fy = input.period.fiscal_year();
    let (mut wb, st) = new_workbook("行政改革 全体集計", "全体集計".to_string(), input)?;
    let rows: Vec<_> = plan.items().collect();
    let years = plan.fiscal_years();

    overview_sheet(wb.add_worksheet(), &st, input)?;
    let lines = collection::collection(input);
    collection::collection_sheet(wb.add_worksheet(), &st, input, &lines)?;
    status::section_status_sheet(wb.add_worksheet(), &st, input)?;
    status::unreported_sheet(wb.add_worksheet(), &st, input)?;
    trend::trend_sheet(wb.add_worksheet(), &st, input)?;
    annual::annual_sheet(wb.add_worksheet(), &st, input)?;
    annual::annual_counts_sheet(wb.add_worksheet(), &st, input)?;
    // An office that reports no amounts gets no empty 効果額 sheet.
    if effect::in_use(input) {
        effect::effect_sheet(wb.add_worksheet(), &st, input)?;
    }
    progress::progress_sheet(wb.add_worksheet(), &st, &rows, input, true)?;
    items::items_sheet(wb.add_worksheet(), &st, &rows, input, None)?;
    schedule::schedule_sheet(wb.add_worksheet(), &st, &rows, &years, fy)?;
    initiatives_sheet(wb.add_worksheet(), &st, plan)?;
    // A single edition has no revision history: the cover names it.
    if input.revisions.editions.len() > 1 {
        revisions::summary_sheet(wb.add_worksheet(), &st, input.revisions)?;
    }
    diagnostics::diagnostics_sheet(
        wb.add_worksheet(),
        &st,
        input.findings,
        input.diagnostic_rows,
    )?;
    finish(wb, &st)
}

/// The overview's columns: the section table's, which the blocks above share. The last,
/// 部署別ファイル, does not print (the section's name links to its workbook); the others fit
/// A4 upright.
const OVERVIEW_COLUMNS: [f64; 9] = [16.0, 22.0, 7.0, 7.0, 7.0, 7.0, 7.0, 7.0, 30.0];
/// The last printed column of the overview.
const OVERVIEW_LAST_PRINTED: u16 = 7;

/// 概要: what the run covers; the whole plan's counts, report rate and completion rate;
/// the status of the items with a pie chart; then the sections by bureau, each with its
/// counts and a link to its workbook, and the bureaus' subtotals.
fn overview_sheet(ws: &mut Worksheet, st: &Styles, input: &ReportInput) -> Result<(), XlsxError> {
    ws.set_name("概要")?;
    let mut w = SheetWriter::new(ws, &st.cuts, &OVERVIEW_COLUMNS);
    w.loose(0, 0, "行政改革推進計画　全体集計", &st.title)?;
    let facts = overview_facts(input);
    write_facts(&mut w, st, &facts, OVERVIEW_LAST_PRINTED)?;
    let fmts = OverviewFormats::new(st);
    let top = 4 + facts.len() as u32;
    let expected = reported_items(input.plan);
    let after = totals_block(&mut w, st, &fmts, input, top, &expected)?;
    let chart_row = after + 3;
    w.loose(
        chart_row - 1,
        0,
        &format!(
            "{}の進捗状況（報告の対象となる項目）",
            input.period.japanese()
        ),
        &st.subtitle,
    )?;
    let rows: Vec<_> = input
        .plan
        .items()
        .filter(|(_, it)| !it.departments.is_empty())
        .collect();
    let counts = status::status_counts(&rows, input);
    let printed = &OVERVIEW_COLUMNS[..=OVERVIEW_LAST_PRINTED as usize];
    let chart_width = status::chart_width(&printed[2..]);
    status::cover_status_chart(
        &mut w,
        st,
        chart_row,
        &counts,
        "進捗状況の内訳",
        chart_width,
    )?;
    // The chart (250 px) is about 11 table rows of 18 pt high.
    let head = chart_row + (counts.len() as u32 + 3).max(13);
    // On paper the section table starts a page of its own.
    super::kit::page::set_page_breaks(w.ws, &[head - 1])?;
    w.loose(head - 1, 0, "部局・部署別の担当項目と報告", &st.subtitle)?;
    let last = sections_table(&mut w, st, &fmts, input, head)?;
    for (k, note) in SECTION_NOTES.iter().enumerate() {
        w.note(
            last + 1 + k as u32,
            0,
            OVERVIEW_LAST_PRINTED,
            note,
            &st.note,
        )?;
    }
    w.finish()?;
    ws.set_freeze_panes(head + 1, 0)?;
    ws.autofilter(head, 0, last, 8)?;
    PrintSetup::portrait(printed)
        .only_these_columns()
        .repeat_rows(head, head)
        .apply(ws, st)
}

/// What the section table counts, below it.
const SECTION_NOTES: [&str; 3] = [
    "部署の行: その部署が主担当または共同で担当する項目の数。報告対象・報告あり・報告率・完了は上の「全体の状況」と同じ数え方（完了・中止の項目は報告対象に数えない）。",
    "小計・合計: 複数の部署が担当する項目は1件と数える（小計の共同は、ほかの部局が主担当の項目）。",
    "部署名をクリックすると、同じフォルダにあるその部署のブックが開きます。",
];

/// The overview's label/value rows: period, edition, plan period and files, findings.
fn overview_facts(input: &ReportInput) -> Vec<(&'static str, String)> {
    let plan = input.plan;
    let count = |severity: Severity| {
        input
            .findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    };
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    let mut facts = vec![("対象期間", period_fact(input.period))];
    if let Some(title) = &plan.title {
        facts.push(("計画名", title.clone()));
    }
    if let Some(edition) = input.revisions.in_force_label() {
        facts.push(("計画の版", edition));
    }
    facts.extend([
        ("計画期間", plan_period_label(plan)),
        ("計画ファイル", plan.files.join("、")),
        (
            "診断",
            format!("エラー{errors}件、警告{warnings}件（「診断」シート）"),
        ),
    ]);
    facts
}

/// Formats of the overview's own cells.
struct OverviewFormats {
    /// Rates: `47.1%`.
    rate: Format,
    /// Subtotal and total rows.
    subtotal: Format,
    subtotal_rate: Format,
    /// A section's name linking to its workbook.
    link: Format,
}

impl OverviewFormats {
    fn new(st: &Styles) -> Self {
        let subtotal = st
            .number
            .clone()
            .set_bold()
            .set_background_color(Color::RGB(COLOR_LABEL));
        OverviewFormats {
            rate: st.number.clone().set_num_format("0.0%"),
            subtotal_rate: subtotal.clone().set_num_format("0.0%"),
            subtotal,
            link: st
                .text
                .clone()
                .set_font_color(Color::RGB(0x0563C1))
                .set_underline(FormatUnderline::Single),
        }
    }
}

/// 全体の状況 from row `top`: counts, report rate and completion rate. Returns its last
/// row.
fn totals_block(
    w: &mut SheetWriter,
    st: &Styles,
    fmts: &OverviewFormats,
    input: &ReportInput,
    top: u32,
    expected: &[&PracticeItem],
) -> Result<u32, XlsxError> {
    let plan = input.plan;
    let t = Rates::of(input.progress, input.period, expected.iter().copied());
    w.loose(
        top - 1,
        0,
        &format!("全体の状況（{}）", input.period.japanese()),
        &st.subtitle,
    )?;
    w.headers(top, &["区分", "件数", "割合"], &st.header)?;
    let rows: [(&str, usize, Option<Option<f64>>); 7] = [
        ("取組", plan.initiatives.len(), None),
        ("実践項目", plan.item_count(), None),
        ("担当部署", plan.departments.len(), None),
        ("集計の対象となる項目", t.in_force, None),
        ("報告の対象となる項目", t.expected, None),
        (
            "報告があった項目（報告率）",
            t.reported,
            Some(t.report_rate()),
        ),
        ("完了した項目（完了率）", t.done, Some(t.completion_rate())),
    ];
    for (k, (label, n, rate)) in rows.iter().enumerate() {
        let row = top + 1 + k as u32;
        w.text(row, 0, label, &st.label)?;
        w.number(row, 1, *n as f64, &st.number)?;
        match rate {
            Some(r) => rate_cell(w, row, 2, *r, &fmts.rate, &st.number)?,
            None => w.blank(row, 2, &st.number)?,
        }
    }
    let last = top + rows.len() as u32;
    for (k, note) in [
        "集計の対象となる項目: 担当部署のある実践項目のうち、この月に進捗状況を数えるもの（計画に入る前の項目などを除く）。",
        REPORT_RATE_TEXT,
        COMPLETION_RATE_TEXT,
    ]
    .iter()
    .enumerate()
    {
        w.note(last + 1 + k as u32, 0, OVERVIEW_LAST_PRINTED, note, &st.note)?;
    }
    Ok(last + 3)
}

/// The sections by bureau (bureaus in the order the plan first names them, sections in
/// plan order) with a subtotal per bureau and a total, from the header row `head`.
/// Returns the last row.
fn sections_table(
    w: &mut SheetWriter,
    st: &Styles,
    fmts: &OverviewFormats,
    input: &ReportInput,
    head: u32,
) -> Result<u32, XlsxError> {
    w.headers(
        head,
        &[
            "部局",
            "部署",
            "主担当",
            "共同",
            "報告対象",
            "報告あり",
            "報告率",
            "完了",
            "部署別ファイル",
        ],
        &st.header,
    )?;
    let mut row = head;
    for group in bureaus(&input.plan.departments) {
        for d in &group {
            row += 1;
            section_row(w, st, fmts, input, row, d)?;
        }
        row += 1;
        let label = bureau_name(group[0]);
        let primary = |it: &PracticeItem| {
            it.departments
                .first()
                .is_some_and(|r| r.bureau_key() == group[0].bureau_key())
        };
        let items: Vec<&PracticeItem> = reported_items(input.plan)
            .into_iter()
            .filter(|it| {
                it.departments
                    .iter()
                    .any(|r| r.bureau_key() == group[0].bureau_key())
            })
            .collect();
        let owned = (items.iter().filter(|it| primary(it)).count(), items.len());
        let t = Rates::of(input.progress, input.period, items);
        subtotal_row(w, st, fmts, row, (&label, "小計"), t, owned)?;
    }
    row += 1;
    let every = reported_items(input.plan);
    let owned = (every.len(), every.len());
    let all = Rates::of(input.progress, input.period, every);
    subtotal_row(w, st, fmts, row, ("合計", ""), all, owned)?;
    Ok(row)
}

/// The sections grouped by bureau (mark and name), groups in order of their first section.
fn bureaus(departments: &[Department]) -> Vec<Vec<&Department>> {
    let mut groups: Vec<Vec<&Department>> = Vec::new();
    for d in departments {
        match groups
            .iter_mut()
            .find(|g| g[0].bureau_key() == d.bureau_key())
        {
            Some(g) => g.push(d),
            None => groups.push(vec![d]),
        }
    }
    groups
}

/// A bureau's name, its mark when the configuration does not name it, or a note for
/// sections without a mark.
fn bureau_name(d: &Department) -> String {
    if d.bureau_label().is_empty() {
        "（部局記号なし）".to_string()
    } else {
        d.bureau_label().to_string()
    }
}

/// One section's row: bureau, section (a link to its workbook), items as primary and as
/// co-owner, reports and completion, workbook file.
fn section_row(
    w: &mut SheetWriter,
    st: &Styles,
    fmts: &OverviewFormats,
    input: &ReportInput,
    row: u32,
    d: &Department,
) -> Result<(), XlsxError> {
    let items: Vec<&PracticeItem> = input
        .items_of(&d.id)
        .into_iter()
        .map(|(_, it)| it)
        .collect();
    let primary = items.iter().filter(|it| it.is_primary(&d.id)).count();
    let t = Rates::of(input.progress, input.period, items.iter().copied());
    let file = input.workbooks.get(&d.id).map_or("", String::as_str);
    w.text(row, 0, &bureau_name(d), &st.text)?;
    section_link(w, st, fmts, row, d.id.as_str(), file)?;
    w.number(row, 2, primary as f64, &st.number)?;
    w.number(row, 3, (items.len() - primary) as f64, &st.number)?;
    tally_cells(w, &st.number, &fmts.rate, row, t)?;
    w.audit(row, 8, file, &st.audit)
}

/// The section's name, linked to its workbook in the same folder: a relative link to an
/// `.xlsx` file, the name written as text (nothing in the cell is a formula).
fn section_link(
    w: &mut SheetWriter,
    st: &Styles,
    fmts: &OverviewFormats,
    row: u32,
    name: &str,
    file: &str,
) -> Result<(), XlsxError> {
    let Some(url) = workbook_link(file) else {
        return w.text(row, 1, name, &st.text);
    };
    // Written first as text: measured for the column width, cut (and logged) if too long.
    w.text(row, 1, name, &fmts.link)?;
    let text = fit_text(name, MAX_CELL_CHARS).unwrap_or_else(|| name.to_string());
    w.ws.write_url_with_options(row, 1, url, text, "", Some(&fmts.link))?;
    Ok(())
}

/// A relative link to a workbook file in the same folder, or `None` when the name is not
/// a plain `.xlsx` file name. Characters that URLs escape are escaped here, so that the
/// writer passes the link on as it is; a name with `#` gets no link (the writer would
/// read the rest as a place inside the file).
pub fn workbook_link(file: &str) -> Option<Url> {
    if !file.ends_with(".xlsx") || file.contains(['/', '\\', ':', '#']) {
        return None;
    }
    let mut link = String::from("file:///");
    for c in file.chars() {
        match c {
            '%' => link.push_str("%25"),
            ' ' => link.push_str("%20"),
            '"' => link.push_str("%22"),
            '<' => link.push_str("%3c"),
            '>' => link.push_str("%3e"),
            '[' => link.push_str("%5b"),
            ']' => link.push_str("%5d"),
            '^' => link.push_str("%5e"),
            '`' => link.push_str("%60"),
            '{' => link.push_str("%7b"),
            '}' => link.push_str("%7d"),
            c => link.push(c),
        }
    }
    Some(Url::new(link))
}

/// A bureau's subtotal or the total: `label` (bureau, then 小計; or 合計), items as
/// primary and in all (`owned`; the rest as co-owner only), reports and completion
/// (`t`, each item counted once).
fn subtotal_row(
    w: &mut SheetWriter,
    st: &Styles,
    fmts: &OverviewFormats,
    row: u32,
    label: (&str, &str),
    t: Rates,
    (owned, items): (usize, usize),
) -> Result<(), XlsxError> {
    let label_fmt = &st.label;
    w.text(row, 0, label.0, label_fmt)?;
    w.text(row, 1, label.1, label_fmt)?;
    w.number(row, 2, owned as f64, &fmts.subtotal)?;
    w.number(row, 3, (items - owned) as f64, &fmts.subtotal)?;
    tally_cells(w, &fmts.subtotal, &fmts.subtotal_rate, row, t)?;
    w.blank(row, 8, label_fmt)
}

/// A rate, shown as a percentage, or 「－」 when nothing is counted (no item to report).
/// Not measured: its digits are not what the cell shows.
fn rate_cell(
    w: &mut SheetWriter,
    row: u32,
    col: u16,
    rate: Option<f64>,
    fmt: &Format,
    none: &Format,
) -> Result<(), XlsxError> {
    match rate {
        Some(r) => {
            w.ws.write_number_with_format(row, col, r, fmt)?;
            Ok(())
        }
        None => w.text(row, col, "－", none),
    }
}

/// Expected, reported, report rate and done in columns 4 to 7 ([`Rates`]).
fn tally_cells(
    w: &mut SheetWriter,
    number: &Format,
    rate: &Format,
    row: u32,
    t: Rates,
) -> Result<(), XlsxError> {
    w.number(row, 4, t.expected as f64, number)?;
    w.number(row, 5, t.reported as f64, number)?;
    rate_cell(w, row, 6, t.report_rate(), rate, number)?;
    w.number(row, 7, t.done as f64, number)
}

/// 取組: one row per initiative with its texts and number of items.
fn initiatives_sheet(ws: &mut Worksheet, st: &Styles, plan: &Plan) -> Result<(), XlsxError> {
    ws.set_name("取組")?;
    let mut w = SheetWriter::new(ws, &st.cuts, &INITIATIVE_COLUMNS);
    w.headers(
        0,
        &[
            "取組No.",
            "取組名",
            "現状と課題",
            "取組内容",
            "目標・効果",
            "実践項目数",
        ],
        &st.header,
    )?;
    for (r, ini) in plan.initiatives.iter().enumerate() {
        let row = r as u32 + 1;
        w.initiative(row, 0, ini.no, &st.number)?;
        w.text(row, 1, &ini.title, &st.wrap)?;
        w.text(row, 2, &ini.issues, &st.wrap)?;
        w.text(row, 3, &ini.content, &st.wrap)?;
        w.text(row, 4, &ini.goals, &st.wrap)?;
        w.number(row, 5, ini.items.len() as f64, &st.number)?;
    }
    w.finish()?;
    ws.set_freeze_panes(1, 2)?;
    ws.autofilter(0, 0, plan.initiatives.len() as u32, 5)?;
    PrintSetup::landscape(&INITIATIVE_COLUMNS)
        .repeat_rows(0, 0)
        .apply(ws, st)
}

/// 取組No., 取組名, 現状と課題, 取組内容, 目標・効果, 実践項目数.
const INITIATIVE_COLUMNS: [f64; 6] = [5.0, 16.0, 30.0, 30.0, 28.0, 6.0];

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Read};

    use rust_xlsxwriter::Workbook;

    use super::*;

    #[test]
    fn links_to_workbooks_are_relative_and_escaped_once() {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        for (row, name) in [
            "市民生活部_窓口サービス課.xlsx",
            "課 100%.xlsx",
            "課%20.xlsx",
        ]
        .iter()
        .enumerate()
        {
            ws.write_url(row as u32, 0, workbook_link(name).unwrap())
                .unwrap();
        }
        let bytes = wb.save_to_buffer().unwrap();
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut rels = String::new();
        zip.by_name("xl/worksheets/_rels/sheet1.xml.rels")
            .unwrap()
            .read_to_string(&mut rels)
            .unwrap();
        for target in [
            "市民生活部_窓口サービス課.xlsx",
            "課%20100%25.xlsx",
            "課%2520.xlsx",
        ] {
            assert!(
                rels.contains(&format!("Target=\"{target}\" TargetMode=\"External\"")),
                "{target}: {rels}"
            );
        }
        // Only a plain workbook name in the same folder gets a link.
        for name in ["課#1.xlsx", "../課.xlsx", "C:課.xlsx", "課.exe", ""] {
            assert!(workbook_link(name).is_none(), "{name}");
        }
    }
}
