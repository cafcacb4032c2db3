//! Where the value blocks of a schedule go in plain pdftotext output (without `-layout`).
//!
//! Plain output gives a schedule's year blocks and value blocks in pdftotext's reading
//! order, and the columns are lost: a value in a cell merged over two years and a value
//! under one year look alike. Three traces of the columns are left, and all are read here:
//!
//! - **The order.** pdftotext sets a block after every block above it that it overlaps
//!   (Breuel's rule 1), so a year block that comes *after* a value is one the value's
//!   text does not reach: a bound. A year that comes just before it is most often the
//!   last one it reaches, or the one after (a year's box is widened over the gap to its
//!   left by blocks lower on the page, such as a page number): a wish. The last value of
//!   a row has no wish: its box is widened to the right by any wider block below it.
//! - **The width of the text.** A value's text reaches as many columns as its longest
//!   line needs, at the pitch of a column.
//! - **The width of the cell.** A cell wraps its text at its width, so a line longer than
//!   one column holds is in a cell merged over more columns, and the next value starts
//!   after them.
//!
//! How many characters a column holds is learnt from the document: the most common
//! length of the first line of a value that wraps (a one-column cell wraps at its width);
//! the pitch of a column is taken as two characters more (the cell's margins, more than
//! Word's and LibreOffice's defaults, so that a width is never overstated).
//!
//! [`place`] keeps the values in order and their cells apart, then keeps the bounds (their
//! text not reaching a year that came after them; where no placement can, as when a row
//! split by a page break puts the order in a cycle, it overshoots least), misses the
//! wishes least, and then sets the values as far left as it can. When every value came after every year (pdftotext read
//! the row as a table, row by row) there is nothing to wish.

use unicode_width::UnicodeWidthStr;

use crate::wareki::parse_fiscal_year;

/// A value block of a schedule: its lines, its place in the reading order, and its page.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Cell {
    pub(super) lines: Vec<String>,
    pub(super) seq: usize,
    pub(super) page: usize,
}

/// A year block of a schedule: its text, and its place in the reading order.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Year {
    pub(super) text: String,
    pub(super) seq: usize,
}

/// Whether `years` already has the year `text` names (a second one belongs to another
/// schedule). Not looked for past [`MAX_PLACED`] years (no schedule has so many; a
/// hostile file's thousands of year lines stay linear).
pub(super) fn has_year(years: &[Year], text: &str) -> bool {
    if years.len() > MAX_PLACED {
        return false;
    }
    let fy = parse_fiscal_year(text);
    years
        .iter()
        .any(|y| y.text == text || (fy.is_some() && parse_fiscal_year(&y.text) == fy))
}

/// The years in column order: by fiscal year when each names one (a year block can come
/// before its schedule's first ones), otherwise as they came.
pub(super) fn in_column_order(years: &mut [Year]) {
    if years.iter().all(|y| parse_fiscal_year(&y.text).is_some()) {
        years.sort_by_key(|y| parse_fiscal_year(&y.text));
    }
}

/// Most columns or values placed by search; a larger schedule keeps the values in order.
const MAX_PLACED: usize = 64;

/// The characters a one-column cell holds, from the value blocks that wrap: the most
/// common width of their first line (the smaller on a tie); `None` when no block wraps.
pub(super) fn column_chars<'a>(cells: impl Iterator<Item = &'a Cell>) -> Option<usize> {
    let mut counts: std::collections::BTreeMap<usize, usize> = Default::default();
    for c in cells.filter(|c| c.lines.len() > 1) {
        *counts.entry(full_width(&c.lines[0])).or_default() += 1;
    }
    let most = counts.values().copied().max()?;
    counts.into_iter().find(|(_, n)| *n == most).map(|(w, _)| w)
}

/// A schedule row that Word split over a page break: the blocks on a later page than the
/// row's first value are the rest of the cells cut by the break, and go back onto them
/// in order. A cut cell is one whose last line fills its cell (as many characters as the
/// columns it spans hold); when the pieces and the cut cells do not pair one to one, the
/// pieces stay values of their own.
pub(super) fn join_continued(cells: &mut Vec<Cell>, chars: Option<usize>) {
    let Some(first) = cells.first().map(|c| c.page) else {
        return;
    };
    let split = cells
        .iter()
        .position(|c| c.page != first)
        .unwrap_or(cells.len());
    let cut: Vec<usize> = (0..split)
        .filter(|&i| {
            let cell = &cells[i];
            let last = cell.lines.last().map_or(0, |l| full_width(l));
            chars.is_some() && last >= Span::of(cell, chars).holds(chars)
        })
        .collect();
    if split == cells.len() || cut.len() != cells.len() - split {
        return;
    }
    let pieces = cells.split_off(split);
    for (i, piece) in cut.into_iter().zip(pieces) {
        cells[i].lines.extend(piece.lines);
    }
}

/// The start column (0-based) of each value under the `years` (in column order), or
/// `None` when the values cannot be placed (more values than years, or too many to
/// search).
pub(super) fn place(cells: &[Cell], years: &[Year], chars: Option<usize>) -> Option<Vec<usize>> {
    if cells.is_empty() || cells.len() > years.len() || years.len() > MAX_PLACED {
        return None;
    }
    let order: Vec<Order> = cells.iter().map(|c| Order::of(c, years)).collect();
    let spans: Vec<Span> = cells.iter().map(|c| Span::of(c, chars)).collect();
    let n = years.len();
    search(&order, n, &spans).or_else(|| search(&order, n, &vec![Span::ONE; cells.len()]))
}

/// Whether plain output leaves the placement of a schedule row's values open: fewer
/// values than years, every value read after every year (pdftotext read the row as a
/// table, row by row, so the order bounds nothing), and their cells' widths not filling
/// the row. The empty years could then be anywhere: [`place`] sets the values from the
/// first year on, and the reader says so.
pub(super) fn position_unknown(cells: &[Cell], years: &[Year], chars: Option<usize>) -> bool {
    if cells.is_empty() || cells.len() >= years.len() || years.len() > MAX_PLACED {
        return false;
    }
    let after_every_year = cells.iter().all(|c| Order::of(c, years).bound.is_none());
    let filled: usize = cells.iter().map(|c| Span::of(c, chars).cell).sum();
    after_every_year && filled < years.len()
}

/// What the reading order tells of a value: the first column whose year came after it
/// (its text ends before), and the column of the year that came just before it.
#[derive(Debug, Clone, Copy)]
struct Order {
    bound: Option<usize>,
    wish: Option<usize>,
}

impl Order {
    fn of(cell: &Cell, years: &[Year]) -> Order {
        let bound = years.iter().position(|y| y.seq > cell.seq);
        let wish = years
            .iter()
            .enumerate()
            .filter(|(_, y)| y.seq < cell.seq)
            .max_by_key(|(_, y)| y.seq)
            .map(|(j, _)| j);
        Order { bound, wish }
    }
}

/// The values of `years` columns: each value at its start column, the others empty.
pub(super) fn row(
    cells: &[Cell],
    starts: &[usize],
    years: usize,
    join: fn(&[String]) -> String,
) -> Vec<String> {
    let mut out = vec![String::new(); years];
    for (cell, &s) in cells.iter().zip(starts) {
        if let Some(slot) = out.get_mut(s) {
            *slot = join(&cell.lines);
        }
    }
    out
}

/// A line's width in full-width characters (a Latin letter or digit is half).
fn full_width(line: &str) -> usize {
    UnicodeWidthStr::width_cjk(line.trim()).div_ceil(2)
}

/// The columns a value takes at least: those its text reaches, and those its cell spans.
#[derive(Debug, Clone, Copy)]
struct Span {
    text: usize,
    cell: usize,
}

impl Span {
    const ONE: Span = Span { text: 1, cell: 1 };

    /// The characters a line of the cell holds: `cell × pitch − 2`.
    fn holds(self, chars: Option<usize>) -> usize {
        chars.map_or(usize::MAX, |c| (self.cell * (c + 2)).saturating_sub(2))
    }

    /// With a column of `chars` characters (unknown: one column each) and a pitch of
    /// `chars + 2`: the text of the longest line reaches `longest / pitch + 1` columns;
    /// the cell spans the fewest columns `k` that hold it (`k × pitch − 2` characters).
    fn of(cell: &Cell, chars: Option<usize>) -> Span {
        let Some(chars) = chars.filter(|c| *c > 0) else {
            return Span::ONE;
        };
        let pitch = chars + 2;
        let longest = cell.lines.iter().map(|l| full_width(l)).max().unwrap_or(0);
        Span {
            text: longest / pitch + 1,
            cell: (longest + 2).div_ceil(pitch).max(1),
        }
    }
}

/// The placement that keeps the bounds, misses the wishes least and then lies furthest
/// left, by dynamic programming over (value, first free column).
fn search(order: &[Order], years: usize, spans: &[Span]) -> Option<Vec<usize>> {
    let read_as_table = order.iter().all(|o| o.bound.is_none());
    let m = order.len();
    let cost = |i: usize, start: usize| -> Option<usize> {
        let (span, o) = (spans[i], order[i]);
        let reach = start + span.text; // one past the last column the text reaches
        if start + span.cell > years {
            return None;
        }
        // The bound holds but where the reading order has a cycle (a row split by a page
        // break): the least overshoot then.
        let over = reach.saturating_sub(o.bound.unwrap_or(years).min(years));
        let miss = match o.wish {
            // The wish: the text ends under the year just before it, or the one before.
            Some(w) if !read_as_table && i + 1 < m => w.saturating_sub(reach),
            _ => 0,
        };
        // Bounds first, then wishes, then the leftmost: each sum stays below the next
        // weight (at most MAX_PLACED values, each term below MAX_PLACED).
        let weight = MAX_PLACED * MAX_PLACED + 1;
        Some((over * weight + miss) * weight + start)
    };
    // best[i][p]: least cost of values i.. with the first free column p, and where value
    // i then starts.
    let mut best = vec![vec![None::<(usize, usize)>; years + 1]; m + 1];
    for slot in &mut best[m] {
        *slot = Some((0, 0));
    }
    for i in (0..m).rev() {
        for p in 0..=years {
            let mut found: Option<(usize, usize)> = None;
            for start in p..years {
                let next = (start + spans[i].cell).min(years);
                let (Some(c), Some((rest, _))) = (cost(i, start), best[i + 1][next]) else {
                    continue;
                };
                if found.is_none_or(|(f, _)| c + rest < f) {
                    found = Some((c + rest, start));
                }
            }
            best[i][p] = found;
        }
    }
    let mut starts = Vec::with_capacity(m);
    let mut p = 0;
    for (i, span) in spans.iter().enumerate() {
        let (_, start) = best[i][p]?;
        starts.push(start);
        p = (start + span.cell).min(years);
    }
    Some(starts)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A value after the first `years_before` of the years (`years()`, one apart in the
    /// reading order).
    fn cell(lines: &[&str], years_before: usize) -> Cell {
        Cell {
            lines: lines.iter().map(|l| (*l).to_string()).collect(),
            seq: 10 * years_before + 5,
            page: 1,
        }
    }

    fn years(n: usize) -> Vec<Year> {
        (0..n)
            .map(|j| Year {
                text: format!("R{} 年度", j + 2),
                seq: 10 * (j + 1),
            })
            .collect()
    }

    #[test]
    fn the_column_width_is_the_common_first_line_of_wrapped_values() {
        let cells = [
            cell(&["先進自治体の", "調査"], 2),
            cell(&["町内会加入啓", "発"], 2),
            cell(&["先進自治体の調査、相談窓口の", "検討"], 2),
            cell(&["実施"], 2),
        ];
        assert_eq!(column_chars(cells.iter()), Some(6));
        assert_eq!(column_chars(cells[3..].iter()), None);
    }

    /// A value merged over two years, then one starting under the third year: the year
    /// after each bounds it, its width (two columns for fourteen characters) places the
    /// first, and the second comes after it.
    #[test]
    fn a_wide_value_pushes_the_next_one_right() {
        let cells = [
            cell(&["先進自治体の調査、相談窓口の", "検討"], 3),
            cell(&["総合相談窓口の設置"], 4),
        ];
        assert_eq!(place(&cells, &years(5), Some(6)), Some(vec![0, 2]));
    }

    /// Values that came after every year wish to reach the last one: the last value is
    /// set under it and the one before next to it; the two before are bounded by the
    /// third year, which came after them.
    #[test]
    fn values_read_after_the_last_year_are_set_at_the_right() {
        let cells = [
            cell(&["町内会加入啓", "発、町内会合"], 2),
            cell(&["→"], 2),
            cell(&["補助金などの", "効果検証"], 5),
            cell(&["町内会合同事", "業促進補助金"], 5),
        ];
        assert_eq!(place(&cells, &years(5), Some(6)), Some(vec![0, 1, 3, 4]));
    }

    #[test]
    fn a_row_read_as_a_table_starts_at_the_first_year() {
        let cells = [cell(&["周知方法の検討・実施"], 5)];
        assert_eq!(place(&cells, &years(5), Some(6)), Some(vec![0]));
        let cells = [cell(&["検討"], 5), cell(&["実施"], 5)];
        assert_eq!(place(&cells, &years(5), None), Some(vec![0, 1]));
    }

    /// A row split by a page break: the first and last cells were cut after their first
    /// line (a full line of six characters); the pieces on the next page go back onto
    /// them, the wide middle cell (not full) keeps its text.
    #[test]
    fn pieces_after_a_page_break_go_back_onto_the_cut_cells() {
        let on = |page: usize, mut c: Cell| {
            c.page = page;
            c
        };
        let mut cells = vec![
            on(1, cell(&["整備計画の推"], 2)),
            on(1, cell(&["整備計画の推進、借上型住宅事業者募集"], 2)),
            on(1, cell(&["整備計画の推"], 5)),
            on(2, cell(&["進、借上型住", "宅制度の設計"], 5)),
            on(2, cell(&["進"], 5)),
        ];
        join_continued(&mut cells, Some(6));
        let lines: Vec<String> = cells.iter().map(|c| c.lines.concat()).collect();
        assert_eq!(
            lines,
            [
                "整備計画の推進、借上型住宅制度の設計",
                "整備計画の推進、借上型住宅事業者募集",
                "整備計画の推進"
            ]
        );
        assert_eq!(place(&cells, &years(5), Some(6)), Some(vec![0, 1, 4]));
        // Without a width learnt, nothing is joined.
        let mut two = vec![on(1, cell(&["整備計画の推"], 5)), on(2, cell(&["進"], 5))];
        join_continued(&mut two, None);
        assert_eq!(two.len(), 2);
    }

    /// Four values read after five years, each one column wide: which year is empty the
    /// text does not say. A value whose cell spans two columns fills the row; a value
    /// read between the years is bounded.
    #[test]
    fn a_short_row_read_as_a_table_has_no_known_position() {
        let four = [
            cell(&["検討"], 5),
            cell(&["実施"], 5),
            cell(&["→"], 5),
            cell(&["－"], 5),
        ];
        assert!(position_unknown(&four, &years(5), None));
        assert!(!position_unknown(&four, &years(4), None));
        let wide = [
            cell(&["先進自治体の調査、相談窓口の"], 5),
            cell(&["実施"], 5),
            cell(&["→"], 5),
            cell(&["－"], 5),
        ];
        assert!(!position_unknown(&wide, &years(5), Some(6)));
        let between = [cell(&["検討"], 2), cell(&["実施"], 5)];
        assert!(!position_unknown(&between, &years(5), None));
    }

    #[test]
    fn more_values_than_years_are_not_placed() {
        let cells = [cell(&["a"], 1), cell(&["b"], 1)];
        assert_eq!(place(&cells, &years(1), None), None);
        assert_eq!(place(&[], &years(3), None), None);
    }
}
