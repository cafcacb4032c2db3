//! The summary's 診断 sheet: the findings of the run, coloured by severity, at most a
//! configured number of them (`[limits] max_diagnostic_rows`); the `diagnostics` table
//! keeps them all.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::kit::PrintSetup;
use super::kit::{SheetWriter, Styles};
use crate::diagnostics::{Finding, Severity};

/// 診断: one row per finding, or a note that there are none. Past `max_rows` findings,
/// the sheet lists errors first, then warnings, then information (each in run order), and
/// a last row says how many more there are.
///
/// # Errors
/// Only on an internal error of the workbook writer.
pub fn diagnostics_sheet(
    ws: &mut Worksheet,
    st: &Styles,
    findings: &[Finding],
    max_rows: usize,
) -> Result<(), XlsxError> {
    ws.set_name("診断")?;
    let mut w = SheetWriter::new(ws, &st.cuts, &WIDTHS);
    w.headers(0, &HEADERS, &st.header)?;
    if findings.is_empty() {
        w.note(
            1,
            0,
            CODE_COL - 1,
            "診断はありません。すべての入力を取り込みました。",
            &st.note,
        )?;
    }
    let shown = shown(findings, max_rows);
    let code = st.text.clone().set_font_size(8).set_font_color(0x595959);
    for (r, f) in shown.iter().enumerate() {
        finding_row(&mut w, st, r as u32 + 1, f)?;
        // Small type: not measured, it fits its column.
        w.loose(r as u32 + 1, CODE_COL, f.code.as_str(), &code)?;
    }
    let last = shown.len().max(1) as u32;
    if shown.len() < findings.len() {
        w.note(
            last + 1,
            0,
            CODE_COL - 1,
            &rest_note(findings, &shown),
            &st.note,
        )?;
    }
    w.finish()?;
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, last, CODE_COL)?;
    // The code is for whoever looks it up on screen: it does not print.
    PrintSetup::landscape(&WIDTHS[..CODE_COL as usize])
        .only_these_columns()
        .repeat_rows(0, 0)
        .apply(ws, st)
}

/// The findings the sheet lists: all of them up to `max_rows`, else the first `max_rows`
/// by severity (errors first), each severity in run order.
fn shown(findings: &[Finding], max_rows: usize) -> Vec<&Finding> {
    let mut shown: Vec<&Finding> = findings.iter().collect();
    if shown.len() > max_rows {
        shown.sort_by_key(|f| f.severity);
        shown.truncate(max_rows);
    }
    shown
}

/// The last row when some findings are left out: how many, of which severity, and where
/// they all are.
fn rest_note(findings: &[Finding], shown: &[&Finding]) -> String {
    let count = |list: &mut dyn Iterator<Item = &Finding>, s: Severity| {
        list.filter(|f| f.severity == s).count()
    };
    let rest: Vec<String> = [Severity::Error, Severity::Warning, Severity::Info]
        .into_iter()
        .filter_map(|s| {
            let n = count(&mut findings.iter(), s) - count(&mut shown.iter().copied(), s);
            (n > 0).then(|| format!("{}{n}件", s.label()))
        })
        .collect();
    format!(
        "ほかに{}件の診断があります（{}）。この表は{}件までを載せています。すべての診断は tables フォルダの diagnostics.csv・diagnostics.parquetにあります。",
        findings.len() - shown.len(),
        rest.join("、"),
        shown.len()
    )
}

/// The columns: what a clerk reads first, the code last for whoever looks it up.
const HEADERS: [&str; 7] = ["重要度", "種類", "ファイル", "場所", "値", "内容", "コード"];

/// The narrow last column: the finding's code.
const CODE_COL: u16 = 6;

/// 重要度, 種類, ファイル, 場所, 値, 内容, コード.
const WIDTHS: [f64; 7] = [6.0, 16.0, 22.0, 14.0, 18.0, 36.0, 16.0];

/// One finding's row but its code.
fn finding_row(w: &mut SheetWriter, st: &Styles, row: u32, f: &Finding) -> Result<(), XlsxError> {
    let sev = match f.severity {
        Severity::Error => &st.error,
        Severity::Warning => &st.warning,
        Severity::Info => &st.text,
    };
    w.text(row, 0, f.severity.label(), sev)?;
    w.text(row, 1, f.code.label(), &st.wrap)?;
    w.text(row, 2, &f.file, &st.wrap)?;
    w.text(row, 3, &f.location, &st.wrap)?;
    w.text(row, 4, &f.value, &st.wrap)?;
    w.text(row, 5, &f.message, &st.wrap)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::FindingCode;

    fn finding(code: FindingCode, n: usize) -> Finding {
        Finding::new(format!("f{n}"), "", code, "")
    }

    #[test]
    fn past_the_cap_errors_come_first_and_the_rest_is_counted() {
        let findings = vec![
            finding(FindingCode::ProgressSuperseded, 0),
            finding(FindingCode::PlanUnknownBureau, 1),
            finding(FindingCode::ProgressBadPercent, 2),
            finding(FindingCode::PlanUnknownBureau, 3),
            finding(FindingCode::ProgressBadDate, 4),
        ];
        let all = shown(&findings, 5);
        assert_eq!(all.len(), 5);
        assert_eq!(all[0].file, "f0", "under the cap: run order");
        let some = shown(&findings, 3);
        let files: Vec<&str> = some.iter().map(|f| f.file.as_str()).collect();
        assert_eq!(files, ["f2", "f4", "f1"]);
        let note = rest_note(&findings, &some);
        assert!(
            note.starts_with("ほかに2件の診断があります（警告1件、情報1件）"),
            "{note}"
        );
        assert!(shown(&findings, 0).is_empty());
    }
}
