//! A document's blocks -> plan text for the plan text parser: a paragraph per line and a
//! blank line after it, a table row as tab-separated cells (a cell spanning columns
//! followed by empty cells, as the text of a PDF table reads), a blank line after a table.
//!
//! Left out, because they are not the plan's body and would read as headings or items:
//! lines of a table of contents (a title followed by a dot leader or a tab and a page
//! number, and the 目次 heading), page numbers in their usual forms (`- 3 -`, `3`,
//! `3 / 20`, `p. 3`, `３ページ`), and an overview table (体系, 一覧 of the initiatives)
//! announced by the paragraph before it.

use std::sync::LazyLock;

use regex::Regex;

use super::{Block, Cell, Document, Table};
use crate::text::fold;

/// How a cell is written into plan text: given the text of its row's first cell and the
/// cell, the tab-separated cells it becomes (one, unless the reader of plans splits it).
pub type CellWriter<'a> = &'a dyn Fn(&str, &Cell) -> Vec<String>;

/// The plan text of a document.
pub fn plan_text(doc: &Document, write_cell: CellWriter) -> String {
    let mut out = String::new();
    let mut last_paragraph = String::new();
    let mut contents = ContentsRun::default();
    for block in &doc.blocks {
        match block {
            Block::Paragraph(p) => {
                let text = p.text.trim_end();
                if text.trim().is_empty() {
                    continue;
                }
                if contents.takes(text) || is_contents_line(text) || is_page_number(text) {
                    continue;
                }
                out.push_str(text);
                out.push_str("\n\n");
                last_paragraph = text.to_string();
            }
            Block::Table(t) => {
                contents.close();
                if is_overview(&last_paragraph) {
                    continue;
                }
                table_text(t, write_cell, &mut out);
                out.push('\n');
            }
        }
    }
    out
}

fn table_text(table: &Table, write_cell: CellWriter, out: &mut String) {
    for row in &table.rows {
        for cells in row_lines(row, write_cell) {
            if cells.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let line: Vec<String> = cells.iter().map(|c| c.replace(['\t', '\n'], " ")).collect();
            out.push_str(&line.join("\t"));
            out.push('\n');
        }
    }
}

/// A row's cells as lines of cells: one line, unless a cell holds a table of two rows or
/// more (a year table set in a 工程表 cell). Then each of its rows is a line, its cells
/// in place of the cell, and the cells before it are empty on the lines after the first,
/// as a schedule header and its values read in a table without nesting.
fn row_lines(row: &[Cell], write_cell: CellWriter) -> Vec<Vec<String>> {
    let label = row.first().map(Cell::text).unwrap_or_default();
    let mut lines: Vec<Vec<String>> = vec![Vec::new()];
    for cell in row {
        if cell.nested.len() > 1 {
            let before = lines[0].len();
            for (k, nested_row) in cell.nested.iter().enumerate() {
                if k == lines.len() {
                    lines.push(vec![String::new(); before]);
                }
                lines[k].extend(nested_row.iter().cloned());
            }
            continue;
        }
        lines[0].extend(write_cell(&label, cell));
        for _ in 1..cell.span {
            lines[0].push(String::new());
        }
    }
    lines
}

/// A line of a table of contents: `No. 7 窓口の利便性向上…………4`, `はじめに\t3`, or the
/// heading 目次.
pub fn is_contents_line(text: &str) -> bool {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        crate::text::regex(r"[.．・…‥･―]{3,}[\s\u{3000}]*[0-9]{1,4}[\s\u{3000}]*$")
    });
    let folded = fold(text);
    let compact: String = folded.chars().filter(|c| !c.is_whitespace()).collect();
    let tab_then_page = text.rsplit_once('\t').is_some_and(|(head, tail)| {
        let tail = fold(tail);
        let tail = tail.trim();
        !head.trim().is_empty()
            && (1..=4).contains(&tail.len())
            && tail.chars().all(|c| c.is_ascii_digit())
    });
    compact == "目次" || tab_then_page || RE.is_match(&folded)
}

/// The lines of a table of contents set without leaders (「第1章　計画の概要 1」): after
/// the heading 目次, each line ends in a page number set apart by a space, the numbers
/// never going back. The first line that does not, or whose number goes back, is the
/// document again. Fed every non-blank line in order.
#[derive(Default)]
pub struct ContentsRun {
    open: bool,
    last_page: u32,
}

impl ContentsRun {
    /// Whether `line` is 目次 or a line of the contents under it.
    pub fn takes(&mut self, line: &str) -> bool {
        let folded = fold(line);
        if folded
            .chars()
            .filter(|c| !c.is_whitespace())
            .eq("目次".chars())
        {
            (self.open, self.last_page) = (true, 0);
            return true;
        }
        match trailing_page(&folded) {
            Some(page) if self.open && page >= self.last_page => {
                self.last_page = page;
                true
            }
            _ => {
                self.open = false;
                false
            }
        }
    }

    /// Something other than a line (a table) ends the contents.
    pub fn close(&mut self) {
        self.open = false;
    }
}

/// The page number a contents line ends in: 1 to 4 digits after a space, a title before.
fn trailing_page(folded: &str) -> Option<u32> {
    let (title, page) = folded.trim_end().rsplit_once(char::is_whitespace)?;
    let title_has_words = title.chars().filter(|c| !c.is_whitespace()).count() >= 2;
    let is_page = (1..=4).contains(&page.len()) && page.chars().all(|c| c.is_ascii_digit());
    if title_has_words && is_page {
        page.parse().ok()
    } else {
        None
    }
}

/// A page number standing alone: `- 3 -`, `－３－`, `3`, `3 / 20`, `p. 3`, `3ページ`.
pub fn is_page_number(text: &str) -> bool {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        crate::text::regex(
            r"^(?:[-‐−–—―ー－~〜]\s*[0-9]{1,4}\s*[-‐−–—―ー－~〜]|[0-9]{1,4}(?:\s*/\s*[0-9]{1,4})?|(?i:p\.?)\s*[0-9]{1,4}|[0-9]{1,4}\s*ページ)$",
        )
    });
    RE.is_match(fold(text).trim())
}

/// The paragraph before an overview table names it: 体系, 一覧.
fn is_overview(paragraph: &str) -> bool {
    let p = fold(paragraph);
    p.chars().count() <= 40 && (p.contains("体系") || p.contains("取組一覧"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contents_and_page_numbers_are_recognised() {
        assert!(is_contents_line(
            "No. 7 窓口の利便性向上に向けた取組......4"
        ));
        assert!(is_contents_line(
            "重点項目【1】財政の健全化の推進・・・・・・4"
        ));
        assert!(is_contents_line("はじめに\t3"));
        assert!(is_contents_line("目　次"));
        assert!(!is_contents_line("No. 7 窓口の利便性向上に向けた取組"));
        assert!(!is_contents_line("工程表\tR 2年度\tR 3年度"));
        for p in ["- 3 -", "－３－", "12", "3 / 20", "p. 3", "３ページ"] {
            assert!(is_page_number(p), "{p}");
        }
        for p in ["No. 7", "（１）全職員", "R 2年度", "3. 協働の推進"] {
            assert!(!is_page_number(p), "{p}");
        }
    }

    #[test]
    fn contents_without_leaders_run_from_their_heading_to_the_first_other_line() {
        let lines = [
            "第1章　計画の概要 1",
            "目　次",
            "第1章　計画の概要 1",
            "1　計画策定の趣旨 1",
            "第2章　重点取組 2",
            "重点取組 1　デジタル化 2",
            "重点取組 2　財政の健全化 4",
            "第1章　計画の概要",
            "1　計画策定の趣旨 1",
        ];
        let mut run = ContentsRun::default();
        let taken: Vec<bool> = lines.iter().map(|l| run.takes(l)).collect();
        assert_eq!(
            taken,
            [false, true, true, true, true, true, true, false, false]
        );
        let mut run = ContentsRun::default();
        let back: Vec<bool> = ["目次", "計画の概要 3", "取組 1", "重点取組 2"]
            .iter()
            .map(|l| run.takes(l))
            .collect();
        assert_eq!(
            back,
            [true, true, false, false],
            "a number going back ends it"
        );
    }
}
