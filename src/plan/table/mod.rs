//! Plans kept as spreadsheets (実施計画一覧表): xlsx, xlsm, xlsb, xls, ods or CSV, one row
//! per practice item, read through the same guarded reader as progress reports
//! ([`crate::sheet`]): a damaged or oversized file is a finding, never a panic.
//!
//! [`header`] finds the header row of each sheet (after title rows; two-row headers whose
//! groups 「年度」「工程表」「効果額（千円）」 span year cells) and the role of each column,
//! recognised by the words of `[plan.columns]`; [`rows`] reads the data rows into
//! initiative rows and item rows; [`build`] numbers initiatives and items and reads each
//! item's owners and schedule the way the text parser does. A sheet without a header
//! (a cover, a legend) is noted and skipped.

mod build;
mod header;
pub(crate) mod headings;
mod rows;

use std::path::Path;

use super::ParsedPlan;
use crate::config::Settings;
use crate::diagnostics::{Finding, FindingCode, Severity};
use crate::sheet::{RawFile, RawSheet, read_file};
use rows::Entry;

/// Reads a plan kept as a spreadsheet. A file that cannot be read, or holds no item,
/// yields `None` and an error finding.
pub fn read_plan_sheet(
    path: &Path,
    display_name: &str,
    settings: &Settings,
) -> (Option<ParsedPlan>, Vec<Finding>) {
    let raw = match read_file(path, &settings.limits) {
        Ok(raw) => raw,
        Err(e) => {
            let f = Finding::new(display_name, "", FindingCode::PlanUnreadable, e.to_string());
            return (None, vec![f]);
        }
    };
    let (mut parsed, findings) = parse_plan_sheets(display_name, &raw, settings);
    parsed.encoding = crate::files::extension(path);
    if parsed.initiatives.is_empty() {
        return (None, findings);
    }
    (Some(parsed), findings)
}

/// Where the rows below a sheet's header begin, when the sheet has a header.
pub(crate) fn data_start(sheet: &RawSheet, settings: &Settings) -> Option<usize> {
    header::find_header(sheet, &header::HeaderWords::new(settings)).map(|h| h.data_start)
}

/// Parses the sheets of a plan file already read. Never fails: what cannot be read
/// becomes a finding.
pub(crate) fn parse_plan_sheets(
    file: &str,
    raw: &RawFile,
    settings: &Settings,
) -> (ParsedPlan, Vec<Finding>) {
    let words = header::HeaderWords::new(settings);
    let mut findings = Vec::new();
    let mut entries = Vec::new();
    let mut plan_title: Option<String> = None;
    for sheet in &raw.sheets {
        limit_findings(file, sheet, &mut findings);
        let Some(header) = header::find_header(sheet, &words) else {
            if sheet.rows.iter().any(|r| r.iter().any(|c| !c.is_empty())) {
                findings.push(Finding::new(
                    file,
                    sheet_label(sheet),
                    FindingCode::PlanSheetSkipped,
                    "見出し行（実践項目名・番号・担当部署などの列名）が見つからないため、このシートは読んでいません",
                ));
            }
            continue;
        };
        if header.schedule.is_empty() && words.has_report_status(sheet, header.row) {
            findings.push(Finding::new(
                file,
                sheet.row_location(header.row),
                FindingCode::PlanReportSheet,
                "このシートには進捗状況の列があり、工程表（年度）の列がないため、進捗報告とみなし計画としては読んでいません。進捗報告は progress フォルダに置いてください",
            ));
            continue;
        }
        if header.schedule.is_empty() {
            findings.push(Finding::new(
                file,
                sheet.row_location(header.row),
                FindingCode::PlanMissingSchedule,
                "見出しに年度の列（令和3年度・R3・2021年度など）がないため、このシートの項目には工程表がありません",
            ));
        }
        if plan_title.is_none() {
            plan_title = title_cell(sheet, header.row);
        }
        entries.push(Entry::Sheet {
            title: sheet_title(file, sheet),
            location: sheet.row_location(header.row),
        });
        entries.extend(rows::read_rows(
            file,
            sheet,
            (&header, &words),
            settings.plan.layout.iroha,
            &mut findings,
        ));
    }
    let built = build::build(file, entries, settings, &mut findings);
    if built.initiatives.is_empty() {
        findings.push(Finding::new(
            file,
            "",
            FindingCode::PlanNoInitiatives,
            "実践項目の行が一つも見つかりません。見出し行に「実践項目」「番号」「担当部署」などの列名があるか確認してください（列名は設定ファイルの [plan.columns] で追加できます）",
        ));
    }
    let plan = ParsedPlan {
        file: file.to_string(),
        encoding: String::new(),
        themes: built.themes,
        initiatives: built.initiatives,
        title: plan_title,
    };
    (plan, findings)
}

/// The sheet's name, or the file's stem for CSV: the title of items no initiative names.
/// The plan's title cell: the first text above the header row of its first sheet (a
/// unit note such as 「単位：千円」 aside), if short enough to be a title.
fn title_cell(sheet: &RawSheet, header_row: usize) -> Option<String> {
    sheet.rows[..header_row.min(sheet.rows.len())]
        .iter()
        .flatten()
        .map(|c| c.display().trim().to_string())
        .find(|t| !t.is_empty() && !t.starts_with("単位") && !t.starts_with('（'))
        .filter(|t| t.chars().count() <= 60)
}

fn sheet_title(file: &str, sheet: &RawSheet) -> String {
    if sheet.name.is_empty() {
        let name = file.rsplit('/').next().unwrap_or(file);
        name.rsplit_once('.')
            .map_or(name, |(stem, _)| stem)
            .to_string()
    } else {
        sheet.name.clone()
    }
}

/// A whole sheet as a location: its name (nothing for CSV).
fn sheet_label(sheet: &RawSheet) -> String {
    sheet.name.clone()
}

/// What the reader left unread in a sheet: rows, cells or columns past the limits,
/// cells cut to the length limit.
fn limit_findings(file: &str, sheet: &RawSheet, findings: &mut Vec<Finding>) {
    let mut push = |location: String, severity: Severity, message: String| {
        findings.push(
            Finding::new(file, location, FindingCode::PlanSheetLimit, message)
                .with_severity(severity),
        );
    };
    if sheet.truncated_rows > 0 {
        push(
            sheet_label(sheet),
            Severity::Error,
            format!(
                "行数の上限（[limits] max_rows）を超えた {} 行は読んでいません",
                sheet.truncated_rows
            ),
        );
    }
    if let Some(r) = sheet.stopped_at_row {
        push(
            sheet.row_location(r),
            Severity::Error,
            "セル数の上限（[limits] max_cells）に達したため、この行から先は読んでいません"
                .to_string(),
        );
    }
    if sheet.cells_past_columns > 0 {
        push(
            sheet_label(sheet),
            Severity::Warning,
            format!(
                "列数の上限（[limits] max_cols）より右の {} セルは読んでいません",
                sheet.cells_past_columns
            ),
        );
    }
    for cut in &sheet.cut_cells {
        push(
            sheet.address(cut.row, cut.col),
            Severity::Warning,
            format!(
                "セルの文字数（{} 字）が上限（[limits] max_cell_chars）を超えたため、上限までを取り込みました",
                cut.chars
            ),
        );
    }
}

#[cfg(test)]
mod tests;
