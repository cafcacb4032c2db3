//! A plan kept as one wide table (実施計画一覧表: No. | 取組項目 | 取組内容 | 担当課 | a
//! column per year), as `pdftotext -layout` writes it: the header line gives the columns
//! (and the line of years below it, the schedule's), each line after it is cut at those
//! columns, a line with the first column filled starts a row and a line without continues
//! the row above (a wrapped name, content or second section). A header repeated on a new
//! page gives that page's columns. The rows go to the plan sheet reader, as a table of a
//! Word or PDF plan does.

use super::columns::{Piece, line_pieces};
use super::join_wrapped;
use super::pages::{PageLine, clean};
use crate::config::PlanVocabulary;
use crate::plan::parse::row::{Field, label_of};
use crate::wareki::{parse_fiscal_year, parse_fiscal_year_range};

/// How far left of a column's header a piece may start and still be in that column.
const SLACK: usize = 2;

/// The table's rows, its header rows first, each cell's lines joined by line breaks;
/// empty when the text holds no such table.
pub(in crate::plan) fn layout_table(text: &str, vocab: &PlanVocabulary) -> Vec<Vec<String>> {
    let lines = clean(text);
    let Some(start) = lines.iter().position(|l| is_header(&line_pieces(l), vocab)) else {
        return Vec::new();
    };
    let header = line_pieces(&lines[start]);
    let header_texts: Vec<String> = header.iter().map(|p| p.text.clone()).collect();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut head_rows = 0;
    let mut grid: Vec<usize> = Vec::new();
    // The owners' column: a line continuing it names another section; elsewhere a
    // continued line is the cell's text wrapped.
    let owners = header
        .iter()
        .position(|p| label_of(&p.text, vocab) == Some(Field::Department));
    let mut k = start;
    while k < lines.len() {
        let ps = line_pieces(&lines[k]);
        k += 1;
        if ps.is_empty() {
            continue;
        }
        const NOTE: [&str; 9] = ["※", "＊", "*", "注)", "注）", "注:", "注：", "(注", "（注"];
        if NOTE.iter().any(|n| ps[0].text.starts_with(n)) {
            // A note under the table (※ スケジュールは…) ends it.
            break;
        }
        let texts: Vec<String> = ps.iter().map(|p| p.text.clone()).collect();
        if texts == header_texts {
            // The header (again, on a new page): this page's columns.
            let years = next_years(&lines, &mut k);
            let (g, head) = columns(&ps, &years);
            grid = g;
            if rows.is_empty() {
                head_rows = head.len();
                rows.extend(head);
            }
            continue;
        }
        let mut cells = vec![String::new(); grid.len()];
        for p in &ps {
            let c = grid.iter().rposition(|&g| g <= p.col + SLACK).unwrap_or(0);
            if let Some(cell) = cells.get_mut(c) {
                if !cell.is_empty() {
                    cell.push(' ');
                }
                cell.push_str(&p.text);
            }
        }
        let continues = cells.first().is_some_and(String::is_empty) && rows.len() > head_rows;
        match rows.last_mut() {
            Some(above) if continues => {
                for (i, (a, c)) in above.iter_mut().zip(cells).enumerate() {
                    if c.is_empty() {
                        continue;
                    }
                    if a.is_empty() {
                        *a = c;
                    } else if Some(i) == owners {
                        a.push('\n');
                        a.push_str(&c);
                    } else {
                        *a = join_wrapped(&[std::mem::take(a), c]);
                    }
                }
            }
            _ => rows.push(cells),
        }
    }
    rows
}

/// A header line: three pieces or more, among them the item name's label and the owner's.
fn is_header(ps: &[Piece], vocab: &PlanVocabulary) -> bool {
    let labels: Vec<Option<Field>> = ps.iter().map(|p| label_of(&p.text, vocab)).collect();
    ps.len() >= 3
        && labels.contains(&Some(Field::Name))
        && labels.contains(&Some(Field::Department))
}

/// The line of years under a header, when the next line with text is one; `k` moves past
/// it.
fn next_years(lines: &[PageLine], k: &mut usize) -> Vec<Piece> {
    let Some(next) = (*k..lines.len()).find(|&i| !lines[i].text.trim().is_empty()) else {
        return Vec::new();
    };
    let ps = line_pieces(&lines[next]);
    let years = !ps.is_empty()
        && ps.iter().all(|p| {
            parse_fiscal_year(&p.text).is_some() || parse_fiscal_year_range(&p.text).is_some()
        });
    if years {
        *k = next + 1;
        ps
    } else {
        Vec::new()
    }
}

/// The columns of a header and its years (the header's pieces left of the first year, then
/// the years), and the table's two header rows: the labels, then the years under the
/// schedule's label.
fn columns(header: &[Piece], years: &[Piece]) -> (Vec<usize>, Vec<Vec<String>>) {
    let first_year = years.first().map_or(usize::MAX, |y| y.col);
    let labels: Vec<&Piece> = header
        .iter()
        .filter(|p| p.col + SLACK < first_year)
        .collect();
    let schedule = header.iter().find(|p| p.col + SLACK >= first_year);
    let mut grid: Vec<usize> = labels.iter().map(|p| p.col).collect();
    let mut top: Vec<String> = labels.iter().map(|p| p.text.clone()).collect();
    let mut bottom: Vec<String> = vec![String::new(); labels.len()];
    for (i, y) in years.iter().enumerate() {
        grid.push(y.col);
        top.push(if i == 0 {
            schedule.map(|p| p.text.clone()).unwrap_or_default()
        } else {
            String::new()
        });
        bottom.push(y.text.clone());
    }
    let head = if years.is_empty() {
        vec![top]
    } else {
        vec![top, bottom]
    };
    (grid, head)
}
