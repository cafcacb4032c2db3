//! The summary's 診断 sheet: every finding of the run, coloured by severity.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::style::{SheetWriter, Styles, print_setup};
use crate::diagnostics::{Finding, Severity};

/// 診断: one row per finding, or a note that there are none.
///
/// # Errors
/// Only on an internal error of the workbook writer.
pub fn diagnostics_sheet(
    ws: &mut Worksheet,
    st: &Styles,
    findings: &[Finding],
) -> Result<(), XlsxError> {
    ws.set_name("診断")?;
    let mut w = SheetWriter::new(ws, &[8, 30, 18, 28, 30, 70]);
    w.headers(
        0,
        &["重要度", "ファイル", "場所", "コード", "値", "内容"],
        &st.header,
    )?;
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
