//! Plan records -> the workbooks people read: one per responsible section, and
//! `全体集計.xlsx` for the reform office.
//!
//! Workbooks are built in memory ([`department_workbook`], [`summary_workbook`] return the
//! bytes) so that the caller writes them atomically. Document properties are fixed from
//! the period, so the same inputs give byte-identical files.

pub mod progress;
pub mod revisions;
pub mod style;

pub use revisions::Revisions;

use std::collections::BTreeMap;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, Worksheet, XlsxError};

use crate::diagnostics::{Finding, Severity};
use crate::plan::{Department, Initiative, Plan, PracticeItem, ScheduleKind};
use crate::wareki::{Period, fiscal_year_long, fiscal_year_short};
use style::{SheetWriter, Styles, init_workbook, print_setup};

/// File name of the summary workbook.
pub const SUMMARY_FILE: &str = "全体集計.xlsx";

/// What the workbooks are made from.
pub struct ReportInput<'a> {
    pub plan: &'a Plan,
    pub period: Period,
    pub findings: &'a [Finding],
    /// department_id -> workbook file name.
    pub workbooks: &'a BTreeMap<String, String>,
    pub progress: &'a progress::ProgressView<'a>,
    /// Canonical statuses in display order.
    pub statuses: &'a [String],
    pub revisions: &'a Revisions<'a>,
}

/// Makes a file name safe on Windows and Linux: no reserved characters, no trailing dot
/// or space, not a reserved device name.
pub fn safe_file_stem(s: &str) -> String {
    let mut out: String = s
        .chars()
        .map(|c| {
            if c.is_control() || "<>:\"/\\|?*".contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    while out.ends_with(['.', ' ']) {
        out.pop();
    }
    let upper = out.to_ascii_uppercase();
    let reserved = ["CON", "PRN", "AUX", "NUL"].contains(&upper.as_str())
        || ((upper.starts_with("COM") || upper.starts_with("LPT")) && upper.len() == 4);
    if out.is_empty() || reserved {
        out.insert(0, '_');
    }
    out
}

/// Workbook file name of each section: `市民生活部_窓口サービス課.xlsx`. A bureau missing
/// from the configuration is named by its mark. Names that would clash get `_2`, `_3`.
pub fn workbook_names(departments: &[Department]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut used: BTreeMap<String, usize> = BTreeMap::new();
    for d in departments {
        let bureau = if !d.bureau_name.is_empty() {
            d.bureau_name.clone()
        } else {
            d.bureau_mark.clone()
        };
        let stem = if bureau.is_empty() {
            d.section_name.clone()
        } else {
            format!("{bureau}_{}", d.section_name)
        };
        let stem = safe_file_stem(&stem);
        let n = used.entry(stem.to_lowercase()).or_insert(0);
        *n += 1;
        let name = if *n == 1 {
            format!("{stem}.xlsx")
        } else {
            format!("{stem}_{n}.xlsx")
        };
        out.insert(d.id.clone(), name);
    }
    out
}

fn new_workbook(title: &str, period: Period) -> Result<(Workbook, Styles), XlsxError> {
    let mut wb = Workbook::new();
    init_workbook(&mut wb)?;
    let created = ExcelDateTime::from_ymd(period.year as u16, period.month as u8, 1)?;
    let props = DocProperties::new()
        .set_title(title)
        .set_author("gyokaku")
        .set_comment(format!("{} 時点", period.japanese()))
        .set_creation_datetime(&created);
    wb.set_properties(&props);
    Ok((wb, Styles::default()))
}

/// `令和2年度～令和6年度（2020～2024年度）`
pub fn plan_period_label(plan: &Plan) -> String {
    let years = plan.fiscal_years();
    match (years.first(), years.last()) {
        (Some(a), Some(b)) => format!(
            "{}～{}（{a}～{b}年度）",
            fiscal_year_long(*a),
            fiscal_year_long(*b)
        ),
        _ => "（工程表なし）".to_string(),
    }
}

/// This fiscal year's activity and how it reads, or a note when the plan does not cover
/// the year.
pub(crate) fn activity_of(item: &PracticeItem, fy: i32) -> (String, String) {
    match item.schedule_for(fy) {
        Some(c) if c.kind == ScheduleKind::None => {
            ("（予定なし）".to_string(), c.kind.label().to_string())
        }
        Some(c) => (c.activity.clone(), c.kind.label().to_string()),
        None if item.schedule.is_empty() => ("（工程表なし）".to_string(), String::new()),
        None => ("（計画期間外）".to_string(), String::new()),
    }
}

fn department_label(plan: &Plan, id: &str) -> String {
    plan.departments
        .iter()
        .find(|d| d.id == id)
        .map(|d| {
            if d.bureau_name.is_empty() {
                d.id.clone()
            } else {
                format!("{} {}", d.bureau_name, d.id)
            }
        })
        .unwrap_or_else(|| id.to_string())
}

/// One row per item: ID, initiative, name, content, this year's activity. `owner`: the
/// section whose workbook this is (its role is shown), or `None` for the summary (the
/// owners are shown).
fn items_sheet(
    ws: &mut Worksheet,
    st: &Styles,
    rows: &[(&Initiative, &PracticeItem)],
    input: &ReportInput,
    owner: Option<&str>,
) -> Result<(), XlsxError> {
    let fy = input.period.fiscal_year();
    ws.set_name("実践項目")?;
    let this_year = format!("今年度の工程\n（{}）", fiscal_year_short(fy));
    let mut headers = vec![
        "項目ID",
        "取組No.",
        "取組名",
        "実践項目名",
        "取組内容",
        this_year.as_str(),
        "工程の区分",
    ];
    headers.extend(if owner.is_some() {
        ["担当区分", "他の担当部署"]
    } else {
        ["担当部署", "部局"]
    });
    headers.push("各担当部署");
    let caps = [8, 8, 22, 26, 44, 26, 12, 18, 22, 10];
    let mut w = SheetWriter::new(ws, &caps);
    for (c, h) in headers.iter().enumerate() {
        w.text(0, c as u16, h, &st.header)?;
    }
    for (r, (ini, it)) in rows.iter().enumerate() {
        let row = r as u32 + 1;
        let (activity, kind) = activity_of(it, fy);
        w.text(row, 0, &it.id, &st.center)?;
        w.number(row, 1, ini.no as f64, &st.center)?;
        w.text(row, 2, &ini.title, &st.wrap)?;
        w.text(row, 3, &it.name, &st.wrap)?;
        w.text(row, 4, &it.content, &st.wrap)?;
        w.text(row, 5, &activity, &st.wrap)?;
        w.text(row, 6, &kind, &st.center)?;
        match owner {
            Some(id) => {
                let primary = it.departments.first().is_some_and(|d| d.id() == id);
                w.text(row, 7, if primary { "主担当" } else { "共同" }, &st.center)?;
                let others: Vec<String> = it
                    .departments
                    .iter()
                    .map(|d| d.id())
                    .filter(|d| d != id)
                    .collect();
                w.text(row, 8, &others.join("、"), &st.wrap)?;
            }
            None => {
                let ids: Vec<String> = it.departments.iter().map(|d| d.id()).collect();
                let fmt = if ids.is_empty() { &st.error } else { &st.wrap };
                w.text(row, 7, &ids.join("、"), fmt)?;
                let bureaus: Vec<String> = it
                    .departments
                    .iter()
                    .filter_map(|d| {
                        input
                            .plan
                            .departments
                            .iter()
                            .find(|x| x.id == d.id())
                            .map(|x| x.bureau_name.clone())
                    })
                    .collect();
                w.text(row, 8, &bureaus.join("、"), &st.wrap)?;
            }
        }
        w.text(
            row,
            9,
            if it.all_departments { "○" } else { "" },
            &st.center,
        )?;
    }
    w.finish()?;
    ws.set_row_height(0, 34)?;
    ws.set_freeze_panes(1, 2)?;
    ws.autofilter(0, 0, rows.len() as u32, headers.len() as u16 - 1)?;
    print_setup(ws, Some((0, 0)), "実践項目")?;
    Ok(())
}

/// Items x fiscal years, Gantt style: an activity's cell and the years it continues
/// (→ or an empty merged cell) form one shaded bar; the current fiscal year is framed.
fn schedule_sheet(
    ws: &mut Worksheet,
    st: &Styles,
    rows: &[(&Initiative, &PracticeItem)],
    years: &[i32],
    fy: i32,
) -> Result<(), XlsxError> {
    ws.set_name("工程表")?;
    let mut caps = vec![8, 36];
    caps.extend(years.iter().map(|_| 24));
    let mut w = SheetWriter::new(ws, &caps);
    w.text(0, 0, "項目ID", &st.header)?;
    w.text(0, 1, "実践項目名", &st.header)?;
    for (k, y) in years.iter().enumerate() {
        let label = format!("{}\n（{y}）", fiscal_year_short(*y));
        let fmt = if *y == fy {
            &st.header_current
        } else {
            &st.header
        };
        w.text(0, 2 + k as u16, &label, fmt)?;
    }
    for (r, (_, it)) in rows.iter().enumerate() {
        let row = r as u32 + 1;
        w.text(row, 0, &it.id, &st.center)?;
        w.text(row, 1, &it.name, &st.wrap)?;
        for (k, y) in years.iter().enumerate() {
            let col = 2 + k as u16;
            let current = *y == fy;
            match it.schedule_for(*y) {
                Some(c) if c.kind == ScheduleKind::New => w.text(
                    row,
                    col,
                    &c.cell_text,
                    if current {
                        &st.bar_new_current
                    } else {
                        &st.bar_new
                    },
                )?,
                Some(c) if c.kind == ScheduleKind::Arrow => w.text(
                    row,
                    col,
                    "→",
                    if current { &st.bar_current } else { &st.bar },
                )?,
                Some(c) if c.kind == ScheduleKind::Continued => {
                    w.blank(row, col, if current { &st.bar_current } else { &st.bar })?
                }
                _ => w.blank(row, col, if current { &st.empty_current } else { &st.text })?,
            }
        }
    }
    let legend = rows.len() as u32 + 2;
    w.loose(
        legend,
        1,
        "凡例: 濃い青 = 工程の開始・変更、薄い青 = 前年度からの継続（→ を含む）、橙の枠 = 今年度",
        &st.note,
    )?;
    w.finish()?;
    ws.set_row_height(0, 34)?;
    ws.set_freeze_panes(1, 2)?;
    ws.autofilter(0, 0, rows.len() as u32, 1 + years.len() as u16)?;
    print_setup(ws, Some((0, 0)), "工程表")?;
    Ok(())
}

/// The workbook of one section.
///
/// # Errors
/// Only on an internal error of the workbook writer.
pub fn department_workbook(input: &ReportInput, dept: &Department) -> Result<Vec<u8>, XlsxError> {
    let plan = input.plan;
    let fy = input.period.fiscal_year();
    let (mut wb, st) = new_workbook(&format!("行政改革 進捗管理表 {}", dept.id), input.period)?;
    let rows: Vec<_> = plan.items_of(&dept.id).collect();

    let ws = wb.add_worksheet();
    ws.set_name("表紙")?;
    let mut w = SheetWriter::new(ws, &[18, 36, 10, 44, 10]);
    w.loose(0, 0, "行政改革推進計画　進捗管理表", &st.title)?;
    let years = plan.fiscal_years();
    let mut facts = vec![
        ("部署", dept.id.clone()),
        (
            "部局",
            if dept.bureau_name.is_empty() {
                "（設定にない部局）".to_string()
            } else {
                dept.bureau_name.clone()
            },
        ),
        (
            "対象期間",
            format!("{}（{}）", input.period.japanese(), input.period),
        ),
        ("対象年度", format!("{}（{fy}年度）", fiscal_year_long(fy))),
        ("計画期間", plan_period_label(plan)),
        ("担当する実践項目", format!("{} 件", rows.len())),
    ];
    if !years.is_empty() && !years.contains(&fy) {
        facts.push((
            "注意",
            "対象年度は計画の工程表の期間外です。今年度の工程は空欄になります".to_string(),
        ));
    }
    for (k, (label, value)) in facts.iter().enumerate() {
        let row = 2 + k as u32;
        w.text(row, 0, label, &st.label)?;
        w.ws.merge_range(row, 1, row, 3, value, &st.text)?;
    }
    let head = 3 + facts.len() as u32;
    w.loose(head - 1, 0, "担当する実践項目（取組ごと）", &st.subtitle)?;
    for (c, h) in ["取組No.", "取組名", "項目ID", "実践項目名", "担当区分"]
        .iter()
        .enumerate()
    {
        w.text(head, c as u16, h, &st.header)?;
    }
    for (r, (ini, it)) in rows.iter().enumerate() {
        let row = head + 1 + r as u32;
        w.number(row, 0, ini.no as f64, &st.center)?;
        w.text(row, 1, &ini.title, &st.wrap)?;
        w.text(row, 2, &it.id, &st.center)?;
        w.text(row, 3, &it.name, &st.wrap)?;
        let primary = it.departments.first().is_some_and(|d| d.id() == dept.id);
        w.text(row, 4, if primary { "主担当" } else { "共同" }, &st.center)?;
    }
    let chart_row = head + rows.len() as u32 + 3;
    w.loose(
        chart_row - 1,
        0,
        &format!("{} の進捗状況", input.period.japanese()),
        &st.subtitle,
    )?;
    w.finish()?;
    let ws = ws_last(&mut wb);
    let counts = progress::status_counts(&rows, input);
    progress::cover_status_chart(ws, &st, "表紙", chart_row, 0, &counts, "進捗状況の内訳")?;
    print_setup(ws, Some((head, head)), &dept.id)?;

    progress::progress_sheet(wb.add_worksheet(), &st, &rows, input, false)?;
    items_sheet(wb.add_worksheet(), &st, &rows, input, Some(&dept.id))?;
    schedule_sheet(wb.add_worksheet(), &st, &rows, &years, fy)?;
    progress::history_sheet(wb.add_worksheet(), &st, &rows, input)?;
    progress::input_sheet(wb.add_worksheet(), &st, &rows, input, &dept.id)?;
    revisions::department_sheet(wb.add_worksheet(), &st, input.revisions, &dept.id)?;
    wb.save_to_buffer()
}

fn ws_last(wb: &mut Workbook) -> &mut Worksheet {
    wb.worksheets_mut().last_mut().expect("a sheet was added")
}

/// The reform office's workbook: overview by section, every item, the whole schedule,
/// the initiatives and every diagnostic of the run.
///
/// # Errors
/// Only on an internal error of the workbook writer.
pub fn summary_workbook(input: &ReportInput) -> Result<Vec<u8>, XlsxError> {
    let plan = input.plan;
    let fy = input.period.fiscal_year();
    let (mut wb, st) = new_workbook("行政改革 全体集計", input.period)?;
    let rows: Vec<_> = plan.items().collect();
    let years = plan.fiscal_years();

    let ws = wb.add_worksheet();
    ws.set_name("概要")?;
    let mut w = SheetWriter::new(ws, &[18, 24, 12, 12, 40]);
    w.loose(0, 0, "行政改革推進計画　全体集計", &st.title)?;
    let errors = input
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = input
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Warning)
        .count();
    let facts = [
        (
            "対象期間",
            format!("{}（{}）", input.period.japanese(), input.period),
        ),
        ("計画期間", plan_period_label(plan)),
        ("計画ファイル", plan.files.join("、")),
        ("取組", format!("{} 件", plan.initiatives.len())),
        ("実践項目", format!("{} 件", plan.item_count())),
        ("担当部署", format!("{} 部署", plan.departments.len())),
        (
            "診断",
            format!("エラー {errors} 件、警告 {warnings} 件（「診断」シート）"),
        ),
    ];
    for (k, (label, value)) in facts.iter().enumerate() {
        let row = 2 + k as u32;
        w.text(row, 0, label, &st.label)?;
        w.ws.merge_range(row, 1, row, 4, value, &st.text)?;
    }
    let head = 3 + facts.len() as u32;
    w.loose(head - 1, 0, "部署別の担当項目数", &st.subtitle)?;
    for (c, h) in ["部局", "部署", "主担当", "共同", "部署別ファイル"]
        .iter()
        .enumerate()
    {
        w.text(head, c as u16, h, &st.header)?;
    }
    for (r, d) in plan.departments.iter().enumerate() {
        let row = head + 1 + r as u32;
        let (mut primary, mut shared) = (0, 0);
        for (_, it) in plan.items_of(&d.id) {
            if it.departments.first().is_some_and(|x| x.id() == d.id) {
                primary += 1
            } else {
                shared += 1
            }
        }
        w.text(row, 0, d.bureau_label(), &st.text)?;
        w.text(row, 1, &d.id, &st.text)?;
        w.number(row, 2, primary as f64, &st.number)?;
        w.number(row, 3, shared as f64, &st.number)?;
        w.text(
            row,
            4,
            input.workbooks.get(&d.id).map_or("", String::as_str),
            &st.text,
        )?;
    }
    let last = head + plan.departments.len() as u32;
    w.finish()?;
    let ws = ws_last(&mut wb);
    ws.set_freeze_panes(head + 1, 0)?;
    ws.autofilter(head, 0, last, 4)?;
    print_setup(ws, Some((head, head)), "全体集計")?;

    progress::section_status_sheet(wb.add_worksheet(), &st, input)?;
    progress::unreported_sheet(wb.add_worksheet(), &st, input)?;
    progress::trend_sheet(wb.add_worksheet(), &st, input)?;
    progress::progress_sheet(wb.add_worksheet(), &st, &rows, input, true)?;
    items_sheet(wb.add_worksheet(), &st, &rows, input, None)?;
    schedule_sheet(wb.add_worksheet(), &st, &rows, &years, fy)?;
    initiatives_sheet(wb.add_worksheet(), &st, plan)?;
    revisions::summary_sheet(wb.add_worksheet(), &st, input.revisions)?;
    diagnostics_sheet(wb.add_worksheet(), &st, input.findings)?;
    wb.save_to_buffer()
}

fn initiatives_sheet(ws: &mut Worksheet, st: &Styles, plan: &Plan) -> Result<(), XlsxError> {
    ws.set_name("取組")?;
    let mut w = SheetWriter::new(ws, &[8, 24, 44, 44, 44, 10]);
    for (c, h) in [
        "取組No.",
        "取組名",
        "現状と課題",
        "取組内容",
        "目標・効果",
        "実践項目数",
    ]
    .iter()
    .enumerate()
    {
        w.text(0, c as u16, h, &st.header)?;
    }
    for (r, ini) in plan.initiatives.iter().enumerate() {
        let row = r as u32 + 1;
        w.number(row, 0, ini.no as f64, &st.center)?;
        w.text(row, 1, &ini.title, &st.wrap)?;
        w.text(row, 2, &ini.issues, &st.wrap)?;
        w.text(row, 3, &ini.content, &st.wrap)?;
        w.text(row, 4, &ini.goals, &st.wrap)?;
        w.number(row, 5, ini.items.len() as f64, &st.number)?;
    }
    w.finish()?;
    ws.set_freeze_panes(1, 2)?;
    ws.autofilter(0, 0, plan.initiatives.len() as u32, 5)?;
    print_setup(ws, Some((0, 0)), "取組")?;
    Ok(())
}

fn diagnostics_sheet(
    ws: &mut Worksheet,
    st: &Styles,
    findings: &[Finding],
) -> Result<(), XlsxError> {
    ws.set_name("診断")?;
    let mut w = SheetWriter::new(ws, &[8, 30, 18, 28, 30, 70]);
    for (c, h) in ["重要度", "ファイル", "場所", "コード", "値", "内容"]
        .iter()
        .enumerate()
    {
        w.text(0, c as u16, h, &st.header)?;
    }
    if findings.is_empty() {
        w.loose(
            1,
            0,
            "診断はありません。すべての入力を取り込みました。",
            &st.note,
        )?;
    }
    for (r, f) in findings.iter().enumerate() {
        let row = r as u32 + 1;
        let sev = match f.severity {
            Severity::Error => &st.error,
            Severity::Warning => &st.warning,
            Severity::Info => &st.text,
        };
        w.text(row, 0, f.severity.label(), sev)?;
        w.text(row, 1, &f.file, &st.wrap)?;
        w.text(row, 2, &f.location, &st.text)?;
        w.text(row, 3, f.code.as_str(), &st.text)?;
        w.text(row, 4, &f.value, &st.wrap)?;
        w.text(row, 5, &f.message, &st.wrap)?;
    }
    w.finish()?;
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, findings.len().max(1) as u32, 5)?;
    print_setup(ws, Some((0, 0)), "診断")?;
    Ok(())
}

/// Label used on screens and covers: `市民生活部 (民)窓口サービス課`.
pub fn department_display(plan: &Plan, id: &str) -> String {
    department_label(plan, id)
}
