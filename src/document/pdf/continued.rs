//! Tables running over a page break. The part of a table that starts a page continues
//! the table that ended the page before when it follows it directly (nothing but the
//! running header between) and has the same left and right edges. Its rows are added to
//! that table; when its first row has no label (its first cell empty) and the last row
//! before the break had none either (the values under a label spanning rows, such as a
//! schedule's activities under 工程表), or holds text in at most half its cells (the end
//! of an item's sentences and names), that row was split by the break: each of its cells
//! is appended to the cell above it at the same place, its first line running on from the
//! last line above (Word breaks a row between two lines of text).

use crate::document::{Cell, Table};

/// How far apart (points) the edges of the two parts may be: the tolerance of the grid's
/// lines in `layout`.
const SNAP: f64 = 2.0;

/// Adds `next` (columns `next_xs`), the first block of its page, to `prev` (columns
/// `prev_xs`), the last block of the page before, when it continues it; whether it did.
pub fn join(prev: &mut Table, prev_xs: &[f64], next: &Table, next_xs: &[f64]) -> bool {
    let same_edges = |a: Option<&f64>, b: Option<&f64>| matches!((a, b), (Some(a), Some(b)) if (a - b).abs() <= SNAP);
    if !same_edges(prev_xs.first(), next_xs.first()) || !same_edges(prev_xs.last(), next_xs.last())
    {
        return false;
    }
    let mut rows = next.rows.iter();
    if let (Some(last), Some(first)) = (prev.rows.last_mut(), next.rows.first())
        && unlabelled(first)
        && (unlabelled(last) || (numbered(last) && is_tail(first)))
    {
        rows.next();
        merge_row(last, prev_xs, first, next_xs);
    }
    prev.rows.extend(rows.cloned());
    true
}

fn unlabelled(row: &[Cell]) -> bool {
    row.first().is_none_or(Cell::is_empty)
}

/// A row whose first cell is a number (「2-1-1」, 「12」, 「(3)」): an item's row of a
/// table with a row per item, not a label's.
fn numbered(row: &[Cell]) -> bool {
    let text = row.first().map(Cell::text).unwrap_or_default();
    let text = text.trim();
    !text.is_empty()
        && text.chars().count() <= 12
        && text.chars().any(|c| c.is_numeric())
        && text
            .chars()
            .all(|c| c.is_numeric() || "-－‐.．()（）".contains(c))
}

/// A row that holds text in at most half its cells: under an item's row, the end of
/// that row's sentences and names that the break cut (「売却す」 ⏎ 「る。」, 「資産経営」 ⏎
/// 「課」), not an item's row of its own.
fn is_tail(row: &[Cell]) -> bool {
    let width: usize = row.iter().map(|c| c.span.max(1)).sum();
    let filled = row.iter().filter(|c| !c.is_empty()).count();
    filled > 0 && filled * 2 <= width
}

/// The left and right edge of each cell of a row on the grid `xs`.
fn extents(row: &[Cell], xs: &[f64]) -> Vec<(f64, f64)> {
    let mut col = 0;
    row.iter()
        .map(|cell| {
            let left = xs.get(col).copied().unwrap_or(f64::MAX);
            col += cell.span.max(1);
            let right = xs.get(col).or(xs.last()).copied().unwrap_or(f64::MAX);
            (left, right)
        })
        .collect()
}

/// Appends each cell of `tail` to the cell of `row` whose extent holds its centre.
fn merge_row(row: &mut [Cell], row_xs: &[f64], tail: &[Cell], tail_xs: &[f64]) {
    let above = extents(row, row_xs);
    for (cell, (left, right)) in tail.iter().zip(extents(tail, tail_xs)) {
        if cell.is_empty() {
            continue;
        }
        let centre = (left + right) / 2.0;
        let Some(i) = above.iter().position(|(l, r)| centre >= *l && centre <= *r) else {
            continue;
        };
        let target = &mut row[i].lines;
        let mut lines = cell.lines.iter();
        if let (Some(last), Some(first)) = (target.last_mut(), lines.next()) {
            last.push_str(first);
        } else if let Some(first) = cell.lines.first() {
            target.push(first.clone());
        }
        target.extend(lines.cloned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(text: &str, span: usize) -> Cell {
        Cell {
            lines: if text.is_empty() {
                Vec::new()
            } else {
                text.split('/').map(str::to_string).collect()
            },
            span,
            nested: Vec::new(),
        }
    }

    #[test]
    fn a_schedule_row_split_by_a_page_break_is_one_row() {
        let xs = [0.0, 10.0, 20.0, 30.0, 40.0];
        let mut prev = Table {
            rows: vec![
                vec![
                    cell("工程表", 1),
                    cell("R2", 1),
                    cell("R3", 1),
                    cell("R4", 1),
                ],
                vec![cell("", 1), cell("整備の推", 2), cell("推", 1)],
            ],
            page: 3,
        };
        // The rest of the row on the next page, on a grid of its own.
        let next = Table {
            rows: vec![vec![cell("", 1), cell("進、設計", 1), cell("進", 1)]],
            page: 4,
        };
        assert!(join(&mut prev, &xs, &next, &[0.0, 10.0, 30.0, 40.0]));
        let texts: Vec<String> = prev.rows[1].iter().map(Cell::text).collect();
        assert_eq!(texts, ["", "整備の推進、設計", "推進"]);
        assert_eq!(prev.rows.len(), 2);
    }

    #[test]
    fn the_end_of_an_items_row_after_a_page_break_joins_it() {
        let xs = [0.0, 10.0, 20.0, 30.0, 40.0, 50.0];
        let row = |cells: &[&str]| cells.iter().map(|c| cell(c, 1)).collect::<Vec<_>>();
        let prev = || Table {
            rows: vec![row(&["2-1-1", "売却", "売却す", "資産経営", "実施"])],
            page: 3,
        };
        let mut joined = prev();
        let tail = Table {
            rows: vec![row(&["", "", "る。", "課", ""])],
            page: 4,
        };
        assert!(join(&mut joined, &xs, &tail, &xs));
        let texts: Vec<String> = joined.rows[0].iter().map(Cell::text).collect();
        assert_eq!(texts, ["2-1-1", "売却", "売却する。", "資産経営課", "実施"]);
        assert_eq!(joined.rows.len(), 1);
        // An item's row of its own (more than half its cells) under a merged first cell
        // stays a row.
        let mut kept = prev();
        let next = Table {
            rows: vec![row(&["", "窓口", "一元化する。", "市民課", "検討"])],
            page: 4,
        };
        assert!(join(&mut kept, &xs, &next, &xs));
        assert_eq!(kept.rows.len(), 2);
        // Under a label's row (a table of label | value), the old rule: kept apart.
        let mut labelled = Table {
            rows: vec![row(&["取組内容", "売却す", "", "", ""])],
            page: 3,
        };
        assert!(join(&mut labelled, &xs, &tail, &xs));
        assert_eq!(labelled.rows.len(), 2);
    }

    #[test]
    fn a_table_of_other_edges_is_not_joined() {
        let mut prev = Table {
            rows: vec![vec![cell("", 1), cell("a", 1)]],
            page: 3,
        };
        let next = Table {
            rows: vec![vec![cell("", 1), cell("b", 1)]],
            page: 4,
        };
        assert!(!join(
            &mut prev,
            &[0.0, 10.0, 20.0],
            &next,
            &[0.0, 10.0, 25.0]
        ));
        assert_eq!(prev.rows.len(), 1);
    }
}
