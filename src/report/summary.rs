//! The reform office's workbook `全体集計.xlsx`: the one-page overview (概要, in
//! [`super::overview`]), the sections by bureau with subtotals and links to their
//! workbooks (部署一覧), 回収状況, the status tables, the trend of every section, the fiscal year's evaluation (年度評価)
//! with its counts, the effect amounts (効果額, when used), every item, the whole schedule, the
//! initiatives, the revisions and every diagnostic of the run.

use rust_xlsxwriter::{Color, Format, FormatUnderline, Url, Worksheet, XlsxError};

use super::kit::PrintSetup;
use super::kit::{COLOR_LABEL, MAX_CELL_CHARS, SheetWriter, Styles, fit_text};
use super::rates::{REPORT_RATE_TEXT, Rates};
use super::rules::{bureau_items, bureau_name, bureaus, reported_items};
use super::workbook::{Book, ReportInput, SheetMaker, add_sheets, finish, new_workbook};
use super::{
    annual, collection, diagnostics, effect, items, overview, progress, revisions, schedule,
    status, trend,
};
use crate::plan::{Department, Plan, PracticeItem};

/// The reform office's workbook: overview by bureau and section, every item, the whole
/// schedule, the initiatives, the revisions (when the plan has several editions) and
/// every diagnostic of the run.
///
/// # Errors
/// Only on an internal error of the workbook writer.
pub fn summary_workbook(input: &ReportInput) -> Result<Book, XlsxError> {
    const OWNER: &str = "全体集計";
    let plan = input.plan;
    let fy = input.period.fiscal_year();
    let (mut wb, st) = new_workbook("行政改革 全体集計", OWNER.to_string(), input)?;
    let rows: Vec<_> = plan.items().collect();
    let years = plan.fiscal_years();
    let lines = collection::collection(input);
    let mut makers: Vec<SheetMaker> = vec![
        Box::new(|ws, st| overview::overview_sheet(ws, st, input)),
        Box::new(|ws, st| sections_sheet(ws, st, input)),
        Box::new(|ws, st| collection::collection_sheet(ws, st, input, &lines)),
        Box::new(|ws, st| status::section_status_sheet(ws, st, input)),
        Box::new(|ws, st| status::unreported_sheet(ws, st, input).map(|_| ())),
        Box::new(|ws, st| trend::trend_sheet(ws, st, input)),
        Box::new(|ws, st| annual::annual_sheet(ws, st, input)),
        Box::new(|ws, st| annual::annual_counts_sheet(ws, st, input)),
    ];
    // An office that reports no amounts gets no empty 効果額 sheet.
    if effect::in_use(input) {
        makers.push(Box::new(|ws, st| effect::effect_sheet(ws, st, input)));
    }
    makers.extend([
        Box::new(|ws: &mut Worksheet, st: &Styles| {
            progress::progress_sheet(ws, st, &rows, input, true)
        }) as SheetMaker,
        Box::new(|ws, st| items::items_sheet(ws, st, &rows, input, None)),
        Box::new(|ws, st| schedule::schedule_sheet(ws, st, &rows, &years, fy)),
        Box::new(|ws, st| initiatives_sheet(ws, st, plan)),
    ]);
    // A single edition has no revision history: the cover names it.
    if input.revisions.editions.len() > 1 {
        makers.push(Box::new(|ws, st| {
            revisions::summary_sheet(ws, st, input.revisions)
        }));
    }
    makers.push(Box::new(|ws, st| {
        diagnostics::diagnostics_sheet(ws, st, input.findings, input.diagnostic_rows)
    }));
    add_sheets(&mut wb, &st, OWNER, input, &makers)?;
    finish(wb, &st)
}

/// 部署一覧's columns. The last, 部署別ファイル, does not print (the section's name links
/// to its workbook); the others fit A4 upright.
const SECTION_COLUMNS: [f64; 9] = [16.0, 22.0, 7.0, 7.0, 7.0, 7.0, 7.0, 7.0, 30.0];
/// The last printed column of 部署一覧.
const SECTION_LAST_PRINTED: u16 = 7;

/// 部署一覧: the sections by bureau, each with its counts and a link to its workbook, and
/// the bureaus' subtotals.
fn sections_sheet(ws: &mut Worksheet, st: &Styles, input: &ReportInput) -> Result<(), XlsxError> {
    ws.set_name("部署一覧")?;
    let mut w = SheetWriter::new(ws, &st.cuts, &SECTION_COLUMNS);
    let fmts = OverviewFormats::new(st);
    w.loose(
        0,
        0,
        &format!(
            "部局・部署別の担当項目と報告（{}）",
            input.period.japanese()
        ),
        &st.subtitle,
    )?;
    let head = 1;
    let last = sections_table(&mut w, st, &fmts, input, head)?;
    for (k, note) in SECTION_NOTES.iter().enumerate() {
        w.note(last + 1 + k as u32, 0, SECTION_LAST_PRINTED, note, &st.note)?;
    }
    w.finish()?;
    ws.set_freeze_panes(head + 1, 0)?;
    ws.autofilter(head, 0, last, 8)?;
    let printed = &SECTION_COLUMNS[..=SECTION_LAST_PRINTED as usize];
    PrintSetup::portrait(printed)
        .only_these_columns()
        .repeat_rows(head, head)
        .apply(ws, st)
}

/// What the section table counts, below it.
const SECTION_NOTES: [&str; 4] = [
    "部署の行: その部署が主担当または共同で担当する項目の数。報告対象・報告あり・報告率・完了は「概要」の「全体の状況」と同じ数え方（完了・中止の項目は報告対象に数えない）。",
    REPORT_RATE_TEXT,
    "小計・合計: 複数の部署が担当する項目は1件と数える（小計の共同は、ほかの部局が主担当の項目）。",
    "部署名をクリックすると、同じフォルダにあるその部署のブックが開きます。",
];

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
        let items = bureau_items(input.plan, group[0]);
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
    w.rate(row, 6, t.report_rate(), rate, number)?;
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
