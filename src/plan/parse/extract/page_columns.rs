//! The columns a `-layout` table's lines are cut at, page by page. pdftotext fits each
//! page to its own width, so the rows a table carries over to a later page may start
//! left or right of where its header's columns do: such a page is cut at its own
//! columns when they are the header's set narrower or wider ([`page_grid`]), compared
//! with where the rows on the header's page start ([`row_starts`]), since a header's
//! labels are often centred over their columns.

use super::columns::{Piece, line_pieces};
use super::pages::PageLine;

/// How far left of a column's header a piece may start and still be in that column.
pub(super) const SLACK: usize = 2;

/// The columns a table's lines are cut at: its header's on the header's page, and on each
/// later page the header's, that page's own ([`page_grid`]) or the page before's
/// ([`nearer_grid`]).
#[derive(Default)]
pub(super) struct Columns {
    header: Vec<usize>,
    /// Where the rows on the header's page start in each column ([`row_starts`]).
    rows_start: Vec<usize>,
    header_page: usize,
    /// The page of the last line cut, and the columns it was cut at.
    page: usize,
    current: Vec<usize>,
    /// Whether a line of that page was told as fitting no columns ([`Columns::misfit`]).
    told: bool,
}

impl Columns {
    /// The columns `grid` a header on `page` gives, the table's lines from its first
    /// header being `lines`.
    pub(super) fn of_header(grid: Vec<usize>, lines: &[PageLine], page: usize) -> Columns {
        let rows_start = row_starts(lines, page, &grid);
        Columns {
            header: grid.clone(),
            rows_start,
            header_page: page,
            page,
            current: grid,
            told: false,
        }
    }

    /// Turns to the line that is the first of `lines`: its page is looked at when it
    /// opens one, and the columns to cut it at chosen ([`Columns::current`]).
    pub(super) fn turn_to(&mut self, lines: &[PageLine], header: &[String]) {
        let page = lines.first().map_or(self.page, |l| l.page);
        if page != self.page {
            (self.page, self.told) = (page, false);
            if page > self.header_page {
                self.current = page_grid(lines, &self.header, &self.rows_start, header)
                    .unwrap_or_else(|| nearer_grid(lines, &self.header, &self.current));
            }
        }
    }

    /// The columns the line last turned to is cut at.
    pub(super) fn current(&self) -> &[usize] {
        &self.current
    }

    /// The number of `line` (its pieces `ps`, on a page after the header's) when it has
    /// two pieces in one of the columns `checked` (owners, years) as it is cut, and is the
    /// first such line of its page: a page that fits none of the columns tried, whose
    /// sections or schedule may be read one column off.
    pub(super) fn misfit(
        &mut self,
        line: &PageLine,
        ps: &[Piece],
        checked: &[usize],
    ) -> Option<usize> {
        if self.told || line.page <= self.header_page {
            return None;
        }
        let mut cols: Vec<usize> = ps.iter().map(|p| column_of(p, &self.current)).collect();
        cols.sort_unstable();
        self.told = cols
            .windows(2)
            .any(|w| w[0] == w[1] && checked.contains(&w[0]));
        self.told.then_some(line.no)
    }
}

/// The column of `grid` a piece falls in: the last that starts at or left of it (by
/// [`SLACK`]).
fn column_of(p: &Piece, grid: &[usize]) -> usize {
    grid.iter().rposition(|&g| g <= p.col + SLACK).unwrap_or(0)
}

/// The columns of a page after its header's, when the extractor set that page's text
/// narrower or wider than the header's (pdftotext fits each page to its own width, so a
/// table's rows carried over a page may not start where its header's columns do): where
/// the page's pieces start, when a line of the page has two pieces in one of the header's
/// columns, fewer than three in four of the page's pieces start on the header's columns
/// (a page set as the header's, a wide gap in one cell aside), the page's pieces start at
/// as many places as there are columns, each further from where the rows on the
/// header's page start in its column (`rows_start`) than the one before, one way
/// ([`is_scaled`]), and every line of the page fits them; or at up to
/// [`MAX_EMPTY`] places fewer, the columns empty on the whole page ([`with_columns`])
/// chosen as those that leave the shifts the most even ([`roughness`]). `None` when the
/// page fits the header's columns, or cannot be fitted to them one by one.
fn page_grid(
    lines: &[PageLine],
    grid: &[usize],
    rows_start: &[usize],
    header: &[String],
) -> Option<Vec<usize>> {
    let page = lines.first()?.page;
    let of_page: Vec<Vec<Piece>> = lines
        .iter()
        .take_while(|l| l.page == page)
        .map(line_pieces)
        .take_while(|ps| ps.iter().map(|p| &p.text).ne(header.iter()))
        .filter(|ps| !ps.is_empty())
        .collect();
    let pieces: Vec<&Piece> = of_page.iter().flatten().collect();
    if of_page.iter().all(|ps| fits(ps, grid)) || set_on(&pieces, grid) * 4 >= pieces.len() * 3 {
        return None;
    }
    let mut starts: Vec<usize> = of_page.iter().flatten().map(|p| p.col).collect();
    starts.sort_unstable();
    starts.dedup_by(|b, a| *b <= *a + 1);
    let fitted = |g: &Vec<usize>| is_scaled(rows_start, g) && of_page.iter().all(|ps| fits(ps, g));
    if starts.len() == grid.len() {
        return Some(starts).filter(fitted);
    }
    // Columns empty on the whole page: their starts put where their neighbours' shifts
    // put them, for the one choice of empty columns that fits the page most smoothly.
    let missing = grid.len().checked_sub(starts.len())?;
    if !(1..=MAX_EMPTY).contains(&missing) {
        return None;
    }
    let mut found: Vec<((isize, isize), Vec<usize>)> = combinations(grid.len(), missing)
        .into_iter()
        .filter_map(|empty| with_columns(rows_start, &starts, &empty))
        .filter(fitted)
        .map(|g| (roughness(rows_start, &g), g))
        .collect();
    found.sort();
    match found.as_slice() {
        [(_, g)] => Some(g.clone()),
        [(r, g), (next, _), ..] if r < next => Some(g.clone()),
        _ => None,
    }
}

/// The most columns a page after the header's may leave empty and still be cut at its
/// own columns.
const MAX_EMPTY: usize = 3;

/// Every choice of `k` of `n` columns, each in increasing order.
fn combinations(n: usize, k: usize) -> Vec<Vec<usize>> {
    if k == 0 {
        return vec![Vec::new()];
    }
    (k - 1..n)
        .flat_map(|last| {
            combinations(last, k - 1).into_iter().map(move |mut c| {
                c.push(last);
                c
            })
        })
        .collect()
}

/// How unevenly `starts` move from the columns of `grid`: how far the shift from one
/// column to the next goes back against the way it goes along the line, then how much it
/// changes in all. A page set narrower or wider moves its columns further the further
/// along the line they are.
fn roughness(grid: &[usize], starts: &[usize]) -> (isize, isize) {
    let shifts = shifts(grid, starts);
    let way = way_of(&shifts);
    let steps = shifts.windows(2).map(|w| way * (w[1] - w[0]));
    let back = steps.clone().filter(|&d| d < 0).map(|d| -d).sum();
    (back, steps.map(isize::abs).sum())
}

/// Where the rows a table's header on `page` gives the columns `grid` to start in each
/// column on that page (the leftmost of the pieces of the lines that open a row, from
/// `lines` on): a header's label is often centred over its column, so this is where a
/// later page's pieces are compared; a column's own start when no row there fills it.
fn row_starts(lines: &[PageLine], page: usize, grid: &[usize]) -> Vec<usize> {
    let mut out = grid.to_vec();
    let opening = lines
        .iter()
        .skip_while(|l| l.page != page)
        .take_while(|l| l.page == page)
        .map(line_pieces)
        .filter(|ps| opens_row(ps));
    let mut seen = vec![false; grid.len()];
    for p in opening.flatten() {
        let c = column_of(&p, grid);
        if !seen[c] || p.col < out[c] {
            out[c] = p.col;
            seen[c] = true;
        }
    }
    if out.windows(2).all(|w| w[0] < w[1]) {
        out
    } else {
        grid.to_vec()
    }
}

/// Whether a line's pieces open a row: three or more, the first a number.
fn opens_row(ps: &[Piece]) -> bool {
    ps.len() >= 3 && ps[0].text.starts_with(|c: char| c.is_numeric())
}

/// Whether the lines of `rows` that open a row each put their pieces in columns of
/// `grid` of their own, and there is such a line.
pub(super) fn fits_rows(rows: &[PageLine], grid: &[usize]) -> bool {
    let mut opening = rows
        .iter()
        .map(line_pieces)
        .filter(|ps| opens_row(ps))
        .peekable();
    opening.peek().is_some() && opening.all(|ps| fits(&ps, grid))
}

/// The columns of the rows under a header, `rows` (up to the next header or page), when
/// the header's labels were set closer together than the cells under them: pdftotext
/// gives each wide character of a line one column, so a header of wide characters over
/// narrow columns comes out shorter than its rows (「取組 区分 取組事項」 over
/// 「1    新規   ＲＰＡ…」). Such columns are where the lines that open a row start their
/// pieces, when the header's columns `grid` put two pieces of one such line in one
/// column, those lines start their pieces at as many places as there are columns, and
/// the first where the header's first column starts. `None` otherwise.
pub(super) fn rows_grid(rows: &[PageLine], grid: &[usize]) -> Option<Vec<usize>> {
    let opening: Vec<Vec<Piece>> = rows
        .iter()
        .map(line_pieces)
        .filter(|ps| opens_row(ps))
        .collect();
    if opening.iter().all(|ps| fits(ps, grid)) {
        return None;
    }
    let mut starts: Vec<usize> = opening.iter().flatten().map(|p| p.col).collect();
    starts.sort_unstable();
    starts.dedup_by(|b, a| *b <= *a + 1);
    let first = *starts.first()?;
    (starts.len() == grid.len() && first.abs_diff(grid[0]) <= SLACK).then_some(starts)
}

/// `starts` with a start for each of the columns `empty` of `grid` (in increasing
/// order): its shift from the header's column read off the nearest columns on either side
/// that have a start, in proportion to the distance to each; `None` when a start is not
/// between its neighbours.
fn with_columns(grid: &[usize], starts: &[usize], empty: &[usize]) -> Option<Vec<usize>> {
    let mut known = starts.iter();
    let placed: Vec<Option<usize>> = (0..grid.len())
        .map(|c| {
            if empty.contains(&c) {
                Some(None)
            } else {
                known.next().map(|&s| Some(s))
            }
        })
        .collect::<Option<_>>()?;
    let shift = |c: usize| placed[c].map(|s| grid[c].cast_signed() - s.cast_signed());
    let out: Vec<usize> = (0..grid.len())
        .map(|c| {
            placed[c].or_else(|| {
                let left = (0..c).rev().find_map(|l| shift(l).map(|d| (l, d)));
                let right = (c + 1..grid.len()).find_map(|r| shift(r).map(|d| (r, d)));
                let d = match (left, right) {
                    (Some((l, dl)), Some((r, dr))) => {
                        let span = (grid[r] - grid[l]).cast_signed();
                        dl + ((dr - dl) * (grid[c] - grid[l]).cast_signed() + span / 2) / span
                    }
                    (Some((_, d)), None) | (None, Some((_, d))) => d,
                    (None, None) => 0,
                };
                usize::try_from(grid[c].cast_signed() - d).ok()
            })
        })
        .collect::<Option<_>>()?;
    out.windows(2).all(|w| w[0] < w[1]).then_some(out)
}

/// Whether no two of a line's pieces `ps` fall in one of the columns `grid` gives.
fn fits(ps: &[Piece], grid: &[usize]) -> bool {
    let mut cols: Vec<usize> = ps.iter().map(|p| column_of(p, grid)).collect();
    let n = cols.len();
    cols.dedup();
    cols.len() == n
}

/// Whether `starts` are the columns `grid` set narrower or wider, and perhaps moved along
/// the line: each start further from its column's start than the one before, one way
/// ([`way_of`]), by no more than half a column's width, and back by no more than a few
/// characters (the header's columns are where its labels and the
/// table's pieces put them, not exact). A column empty on the whole page and a wide gap
/// inside a cell, which also make as many starts as columns, move the starts by a
/// column's width at once, or back.
fn is_scaled(grid: &[usize], starts: &[usize]) -> bool {
    const BACK: isize = 3;
    let shifts = shifts(grid, starts);
    let way = way_of(&shifts);
    (1..grid.len()).all(|i| {
        let width = (grid[i] - grid[i - 1]).cast_signed();
        let step = way * (shifts[i] - shifts[i - 1]);
        step <= (width / 2).max(BACK) && step >= -BACK
    })
}

/// How far left of each column of `grid` its start in `starts` is (negative: right).
fn shifts(grid: &[usize], starts: &[usize]) -> Vec<isize> {
    grid.iter()
        .zip(starts)
        .map(|(&g, &s)| g.cast_signed() - s.cast_signed())
        .collect()
}

/// The way `shifts` grow along the line, 1 or -1: a page set narrower and moved right
/// starts with its columns right of the header's and ends with them left of them.
fn way_of(shifts: &[isize]) -> isize {
    if shifts.last() >= shifts.first() {
        1
    } else {
        -1
    }
}

/// Of the header's columns and those of the page before, the ones the pieces on `lines`'
/// first page are set on more closely ([`set_on`]; the header's when as close): a page
/// whose lines fit both is cut as the page before it when its text was set as that page's.
fn nearer_grid(lines: &[PageLine], header: &[usize], before: &[usize]) -> Vec<usize> {
    let page = lines.first().map_or(0, |l| l.page);
    let pieces: Vec<Piece> = lines
        .iter()
        .take_while(|l| l.page == page)
        .flat_map(line_pieces)
        .collect();
    let pieces: Vec<&Piece> = pieces.iter().collect();
    let score = |grid: &[usize]| 2 * set_on(&pieces, grid) + near(&pieces, grid, SLACK);
    if score(before) > score(header) {
        before.to_vec()
    } else {
        header.to_vec()
    }
}

/// How many of `pieces` start on one of the columns of `grid` (a character's rounding
/// aside).
fn set_on(pieces: &[&Piece], grid: &[usize]) -> usize {
    near(pieces, grid, 1)
}

/// How many of `pieces` start within `by` characters of one of the columns of `grid`.
fn near(pieces: &[&Piece], grid: &[usize], by: usize) -> usize {
    pieces
        .iter()
        .filter(|p| grid.iter().any(|&g| g.abs_diff(p.col) <= by))
        .count()
}
