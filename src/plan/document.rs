//! Plans as Word documents and PDFs: the document is read into paragraphs and tables
//! ([`crate::document`]) and its plan text goes to the plan text parser, so that a plan
//! reads the same whether it is kept as text, as Word or as PDF.

use std::path::Path;

use super::parse::document_cell;
use super::{ParsedPlan, parse_plan_text};
use crate::config::Settings;
use crate::diagnostics::{Finding, FindingCode};
use crate::document::read_document;

/// Reads a plan kept as `.docx` or `.pdf` (a `.doc` is refused with what to do). A file
/// that cannot be read, or holds no initiative, yields `None` and an error finding.
pub fn read_plan_document(
    path: &Path,
    display_name: &str,
    settings: &Settings,
) -> (Option<ParsedPlan>, Vec<Finding>) {
    let doc = match read_document(path, &settings.limits) {
        Ok(doc) => doc,
        Err(e) => {
            let f = Finding::new(
                display_name,
                e.location(),
                FindingCode::PlanUnreadable,
                e.to_string(),
            );
            return (None, vec![f]);
        }
    };
    let vocab = &settings.plan;
    let text = doc.plan_text(&|label: &str, cell: &crate::document::Cell| {
        document_cell(label, &cell.lines, vocab)
    });
    let (mut parsed, findings) = parse_plan_text(display_name, &text, settings);
    parsed.encoding = crate::files::extension(path);
    if parsed.initiatives.is_empty() {
        return (None, findings);
    }
    (Some(parsed), findings)
}
