//! Glyphs and ruling lines -> paragraphs and tables.
//!
//! A table is rebuilt from its ruling lines: the horizontal and vertical lines that touch
//! one another form one table; the distinct heights of its horizontal lines are the row
//! boundaries and the distinct positions of its vertical lines the column boundaries. A
//! cell runs right while no vertical line separates it from the next column at its
//! height (a cell spanning columns) and down while no horizontal line separates it from
//! the next row (a cell spanning rows: its text is kept in its first row). Each glyph
//! goes to the cell its centre lies in; a cell's glyphs are read as lines by baseline, a
//! line ending short of the cell's right edge being an explicit break (「部⏎課」) and one
//! reaching it a wrap. A table that ends a page and one that starts the next page with
//! the same columns are one table.
//!
//! Text outside tables is read as lines by baseline; a line reaching the right margin is
//! wrapped into the next. Lines at the top or bottom of the page that repeat on other
//! pages, and page numbers there, are the running header and footer, and dropped; one
//! whose number changes over the document is the heading of its pages, kept where it
//! first stands.

use std::collections::{HashMap, HashSet};

use super::{Glyph, Page, Rule};
use crate::document::{Block, Cell, Document, Paragraph, Table, join_cell_lines};

/// Thickness below which a rectangle is a line, and the tolerance of positions (points).
pub const THIN: f64 = 2.5;
const SNAP: f64 = 2.0;
/// The share of the page height at the top and at the bottom where a running header or
/// footer stands.
const MARGIN_SHARE: f64 = 0.1;

/// Rebuilds the document's blocks from its pages.
pub fn document(pages: &[Page]) -> Document {
    let mut running = Running::of(pages);
    let mut blocks: Vec<Block> = Vec::new();
    // The column boundaries of the last block when it is a table, and the page it ends on.
    let mut last_xs: Vec<f64> = Vec::new();
    let mut last_page = 0;
    for page in pages {
        for (i, (block, xs)) in page_blocks(page, &mut running).into_iter().enumerate() {
            let opens_page = i == 0 && last_page + 1 == page.no;
            if let (true, Block::Table(t), Some(Block::Table(prev))) =
                (opens_page, &block, blocks.last_mut())
                && super::continued::join(prev, &last_xs, t, &xs)
            {
                last_page = page.no;
                continue;
            }
            last_xs = xs;
            last_page = page.no;
            blocks.push(block);
        }
    }
    Document {
        blocks,
        title: None,
        cover: pages.first().and_then(first_line),
    }
}

/// The top line of text on a page, whatever it is.
fn first_line(page: &Page) -> Option<String> {
    let glyphs: Vec<&Glyph> = page.glyphs.iter().collect();
    lines(&glyphs)
        .into_iter()
        .map(|l| l.text.trim().to_string())
        .find(|t| !t.is_empty())
}

/// A table found on a page: its grid and bounding box.
struct Grid {
    xs: Vec<f64>,
    ys: Vec<f64>,
    h: Vec<Rule>,
    v: Vec<Rule>,
}

impl Grid {
    fn contains(&self, x: f64, y: f64) -> bool {
        let (Some(x0), Some(x1), Some(y0), Some(y1)) = (
            self.xs.first(),
            self.xs.last(),
            self.ys.first(),
            self.ys.last(),
        ) else {
            return false;
        };
        x >= *x0 - SNAP && x <= *x1 + SNAP && y >= *y0 - SNAP && y <= *y1 + SNAP
    }

    /// Top edge (PDF space: the largest y).
    fn top(&self) -> f64 {
        self.ys.last().copied().unwrap_or(0.0)
    }

    fn area(&self) -> f64 {
        let span = |v: &[f64]| v.last().zip(v.first()).map_or(0.0, |(b, a)| b - a);
        span(&self.xs) * span(&self.ys)
    }

    /// Whether `inner` lies within this grid and is smaller: a table set in one of its cells.
    fn holds(&self, inner: &Grid) -> bool {
        let corners = [
            (inner.xs.first(), inner.ys.first()),
            (inner.xs.last(), inner.ys.last()),
        ];
        inner.area() < self.area()
            && corners.iter().all(|c| match c {
                (Some(x), Some(y)) => self.contains(**x, **y),
                _ => false,
            })
    }
}

/// A table set in a cell of another (a 個票's year table in its 工程表 cell): its centre
/// and its rows of cell texts.
struct Inset {
    x: f64,
    y: f64,
    rows: Vec<Vec<String>>,
}

/// The grids but the boxes of one cell inside another (a shaded cell's fill set in from
/// its borders, a frame drawn in a cell): no table of their own, their text the cell's.
fn without_boxes(grids: Vec<Grid>) -> Vec<Grid> {
    let is_box = |g: &Grid| g.xs.len() == 2 && g.ys.len() == 2;
    let boxed: Vec<bool> = grids
        .iter()
        .map(|g| is_box(g) && grids.iter().any(|outer| outer.holds(g)))
        .collect();
    grids
        .into_iter()
        .zip(boxed)
        .filter(|(_, boxed)| !boxed)
        .map(|(g, _)| g)
        .collect()
}

/// The smallest of `grids` that `hit` holds for (the point, or the grid, is inside it).
fn innermost(grids: &[Grid], hit: impl Fn(&Grid) -> bool) -> Option<usize> {
    grids
        .iter()
        .enumerate()
        .filter(|(_, g)| hit(g))
        .min_by(|a, b| a.1.area().total_cmp(&b.1.area()))
        .map(|(i, _)| i)
}

/// The blocks of a page in reading order, each table with its column boundaries (empty
/// for a paragraph).
fn page_blocks(page: &Page, running: &mut Running) -> Vec<(Block, Vec<f64>)> {
    let grids = without_boxes(grids(&page.rules));
    let mut outside = Vec::new();
    let mut inside: Vec<Vec<&Glyph>> = vec![Vec::new(); grids.len()];
    for g in &page.glyphs {
        let (cx, cy) = (g.x + g.width / 2.0, g.y + g.size * 0.3);
        match innermost(&grids, |t| t.contains(cx, cy)) {
            Some(i) => inside[i].push(g),
            None => outside.push(g),
        }
    }
    // A grid inside another is read first and set in its host's cell, not placed.
    let host: Vec<Option<usize>> = grids
        .iter()
        .map(|inner| innermost(&grids, |g| g.holds(inner)))
        .collect();
    let mut order: Vec<usize> = (0..grids.len()).collect();
    order.sort_by(|a, b| grids[*a].area().total_cmp(&grids[*b].area()));
    let mut insets: Vec<Vec<Inset>> = (0..grids.len()).map(|_| Vec::new()).collect();
    // (top y, block, columns) in reading order: top of the page first.
    let mut placed: Vec<(f64, Block, Vec<f64>)> = Vec::new();
    for i in order {
        let grid = &grids[i];
        let rows = cells(grid, &inside[i], &insets[i]);
        if let Some(h) = host[i] {
            let (x0, x1) = (grid.xs[0], grid.xs[grid.xs.len() - 1]);
            insets[h].push(Inset {
                x: (x0 + x1) / 2.0,
                y: (grid.ys[0] + grid.top()) / 2.0,
                rows: rows
                    .iter()
                    .map(|r| r.iter().map(Cell::text).collect())
                    .collect(),
            });
            continue;
        }
        if rows.iter().any(|r| r.iter().any(|c| !c.is_empty())) {
            let table = Table {
                rows,
                page: page.no,
            };
            placed.push((grid.top(), Block::Table(table), grid.xs.clone()));
        }
    }
    for (top, text) in paragraphs(page, &outside, running) {
        placed.push((
            top,
            Block::Paragraph(Paragraph {
                text,
                page: page.no,
            }),
            Vec::new(),
        ));
    }
    placed.sort_by(|a, b| b.0.total_cmp(&a.0));
    placed.into_iter().map(|(_, b, xs)| (b, xs)).collect()
}

/// The tables of a page: groups of ruling lines that touch, with at least two lines
/// each way.
fn grids(rules: &[Rule]) -> Vec<Grid> {
    let n = rules.len().min(20_000);
    let rules = &rules[..n];
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let (h, v): (Vec<usize>, Vec<usize>) = (0..n).partition(|i| is_horizontal(&rules[*i]));
    for &a in &h {
        for &b in &v {
            if touches(&rules[a], &rules[b]) {
                let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
                parent[ra] = rb;
            }
        }
    }
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..n {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    let mut grids: Vec<Grid> = groups
        .into_values()
        .filter_map(|members| {
            let (h, v): (Vec<Rule>, Vec<Rule>) =
                members.iter().map(|i| rules[*i]).partition(is_horizontal);
            let ys = distinct(h.iter().map(|r| r.y0));
            let xs = distinct(v.iter().map(|r| r.x0));
            (ys.len() >= 2 && xs.len() >= 2).then_some(Grid { xs, ys, h, v })
        })
        .collect();
    grids.sort_by(|a, b| b.top().total_cmp(&a.top()));
    grids
}

fn is_horizontal(r: &Rule) -> bool {
    r.y1 - r.y0 <= THIN
}

fn touches(h: &Rule, v: &Rule) -> bool {
    v.x0 >= h.x0 - SNAP && v.x0 <= h.x1 + SNAP && h.y0 >= v.y0 - SNAP && h.y0 <= v.y1 + SNAP
}

/// Sorted positions, those within [`SNAP`] of each other taken as one.
fn distinct(values: impl Iterator<Item = f64>) -> Vec<f64> {
    let mut v: Vec<f64> = values.collect();
    v.sort_by(f64::total_cmp);
    let mut out: Vec<f64> = Vec::new();
    for x in v {
        if out.last().is_none_or(|last| x - last > SNAP) {
            out.push(x);
        }
    }
    out
}

/// Whether a vertical line at `x` runs between the heights `y0` and `y1`.
fn has_vertical(grid: &Grid, x: f64, y0: f64, y1: f64) -> bool {
    let mid = (y0 + y1) / 2.0;
    grid.v
        .iter()
        .any(|r| (r.x0 - x).abs() <= SNAP && r.y0 <= mid + SNAP && r.y1 >= mid - SNAP)
}

/// Whether a horizontal line at `y` runs between `x0` and `x1`.
fn has_horizontal(grid: &Grid, y: f64, x0: f64, x1: f64) -> bool {
    let mid = (x0 + x1) / 2.0;
    grid.h
        .iter()
        .any(|r| (r.y0 - y).abs() <= SNAP && r.x0 <= mid + SNAP && r.x1 >= mid - SNAP)
}

/// The table's rows of cells, top row first.
fn cells(grid: &Grid, glyphs: &[&Glyph], insets: &[Inset]) -> Vec<Vec<Cell>> {
    let cols = grid.xs.len() - 1;
    // Row bands top first: band i lies between ys[top - i - 1] and ys[top - i].
    let tops: Vec<(f64, f64)> = grid.ys.windows(2).rev().map(|w| (w[0], w[1])).collect();
    let mut taken = vec![vec![false; cols]; tops.len()];
    let mut rows = Vec::with_capacity(tops.len());
    for (r, &(y0, y1)) in tops.iter().enumerate() {
        let mut row = Vec::new();
        let mut c = 0;
        while c < cols {
            if taken[r][c] {
                // Under a cell spanning rows: an empty cell in its place.
                row.push(Cell {
                    lines: Vec::new(),
                    span: 1,
                    nested: Vec::new(),
                });
                c += 1;
                continue;
            }
            let mut end = c + 1;
            while end < cols && !has_vertical(grid, grid.xs[end], y0, y1) {
                end += 1;
            }
            let (x0, x1) = (grid.xs[c], grid.xs[end]);
            let mut bottom = r;
            while bottom + 1 < tops.len() && !has_horizontal(grid, tops[bottom].0, x0, x1) {
                bottom += 1;
                for t in taken[bottom].iter_mut().take(end).skip(c) {
                    *t = true;
                }
            }
            let area = (x0, tops[bottom].0, x1, y1);
            row.push(cell_at(glyphs, area, insets, end - c));
            c = end;
        }
        rows.push(row);
    }
    rows
}

/// The cell over `area`, with the table set in it if there is one (its rows also among
/// the cell's lines, each row's cells joined by a space, as a Word cell's).
fn cell_at(glyphs: &[&Glyph], area: (f64, f64, f64, f64), insets: &[Inset], span: usize) -> Cell {
    let (x0, y0, x1, y1) = area;
    let mut lines = cell_lines(glyphs, area);
    let inset = insets
        .iter()
        .find(|t| t.x >= x0 && t.x <= x1 && t.y >= y0 && t.y <= y1);
    let nested = inset.map(|t| t.rows.clone()).unwrap_or_default();
    lines.extend(nested.iter().map(|r| r.join(" ")));
    Cell {
        lines,
        span,
        nested,
    }
}

/// The lines of the glyphs whose centre lies in `(x0, y0, x1, y1)`.
fn cell_lines(glyphs: &[&Glyph], (x0, y0, x1, y1): (f64, f64, f64, f64)) -> Vec<String> {
    let inside: Vec<&Glyph> = glyphs
        .iter()
        .copied()
        .filter(|g| {
            let (cx, cy) = (g.x + g.width / 2.0, g.y + g.size * 0.3);
            cx >= x0 && cx <= x1 && cy >= y0 && cy <= y1
        })
        .collect();
    let lines = lines(&inside);
    // The cell's padding, as far as its text shows it: the least room left of a line.
    let padding = lines
        .iter()
        .map(|l| l.left - x0)
        .fold(f64::INFINITY, f64::min)
        .max(0.0);
    let mut out: Vec<(String, bool)> = Vec::new();
    let mut previous_end: Option<(f64, f64)> = None;
    for line in &lines {
        // A line wrapped when the next one's start would not have fitted after it.
        let wrapped =
            previous_end.is_some_and(|(end, size)| end + line.lead > x1 - padding - 0.3 * size);
        out.push((line.text.clone(), wrapped));
        previous_end = Some((line.right, line.size));
    }
    join_cell_lines(&out)
}

/// The width the start of a line needs at the end of the line above: its first character
/// with the one the line-breaking rules keep with it (「、」「。」「）」 cannot start a line),
/// or its first Latin word. A glyph without a width counts as a character of the size.
fn lead_width(group: &[&Glyph], size: f64) -> f64 {
    let width = |g: &&Glyph| if g.width > 0.0 { g.width } else { size };
    let latin = |g: &&&Glyph| g.text.chars().all(|c| c.is_ascii_alphanumeric());
    let Some(first) = group.first() else {
        return 0.0;
    };
    if latin(&first) {
        return group.iter().take_while(latin).map(width).sum();
    }
    let kept = group
        .get(1)
        .filter(|g| g.text.chars().next().is_some_and(cannot_start_a_line));
    width(first) + kept.map_or(0.0, width)
}

/// Characters the Japanese line-breaking rules keep off the start of a line.
fn cannot_start_a_line(c: char) -> bool {
    "、。，．,.・：；？！)）」』】〕ーぁぃぅぇぉっゃゅょァィゥェォッャュョ".contains(c)
}

/// A line of glyphs.
struct Line {
    text: String,
    left: f64,
    right: f64,
    y: f64,
    size: f64,
    /// [`lead_width`].
    lead: f64,
}

/// Glyphs grouped into lines by baseline, top line first, each read left to right; a
/// gap wider than half a character between two glyphs is a space.
fn lines(glyphs: &[&Glyph]) -> Vec<Line> {
    let mut sorted: Vec<&Glyph> = glyphs.to_vec();
    sorted.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
    let mut groups: Vec<Vec<&Glyph>> = Vec::new();
    for g in sorted {
        match groups.last_mut() {
            Some(group) if (group[0].y - g.y).abs() <= group[0].size.max(g.size) * 0.4 => {
                group.push(g);
            }
            _ => groups.push(vec![g]),
        }
    }
    groups
        .into_iter()
        .map(|mut group| {
            group.sort_by(|a, b| a.x.total_cmp(&b.x));
            line_of(&group)
        })
        .filter(|l| !l.text.trim().is_empty())
        .collect()
}

fn line_of(group: &[&Glyph]) -> Line {
    let mut text = String::new();
    let mut end: Option<f64> = None;
    let size = group.iter().map(|g| g.size).fold(0.0, f64::max);
    for g in group {
        if let Some(e) = end {
            let gap = g.x - e;
            let blank = text.ends_with(char::is_whitespace) || g.text.trim().is_empty();
            if gap > size * 2.0 && !blank {
                text.push('\t');
            } else if gap > size * 0.5 && !blank {
                text.push(' ');
            }
        }
        text.push_str(&g.text);
        end = Some(g.x + g.width);
    }
    Line {
        text: text.trim().to_string(),
        left: group.first().map_or(0.0, |g| g.x),
        right: end.unwrap_or(0.0),
        y: group.first().map_or(0.0, |g| g.y),
        size,
        lead: lead_width(group, size),
    }
}

/// Paragraphs of the text outside tables: (top y, text). Running lines are left out; a
/// line reaching the right margin runs on into the next.
fn paragraphs(page: &Page, glyphs: &[&Glyph], running: &mut Running) -> Vec<(f64, String)> {
    let lines: Vec<Line> = lines(glyphs)
        .into_iter()
        .filter(|l| !(in_margin(page, l.y) && running.drops(&l.text)))
        .collect();
    let margin = lines.iter().map(|l| l.right).fold(0.0, f64::max);
    let mut out: Vec<(f64, String)> = Vec::new();
    let mut previous: Option<&Line> = None;
    for line in &lines {
        let runs_on = previous.is_some_and(|p| {
            p.right >= margin - 1.5 * p.size
                && (p.y - line.y) <= 1.8 * p.size
                && (line.left - p.left).abs() <= 1.5 * p.size
                && (line.size - p.size).abs() <= 0.5
                && !opens_numbered(&line.text)
                && !crate::document::render::is_contents_line(&p.text)
        });
        match out.last_mut() {
            Some((_, text)) if runs_on => {
                if text.ends_with(|c: char| c.is_ascii_alphanumeric())
                    && line.text.starts_with(|c: char| c.is_ascii_alphanumeric())
                {
                    text.push(' ');
                }
                text.push_str(&line.text);
            }
            _ => out.push((line.y + line.size, line.text.clone())),
        }
        previous = Some(line);
    }
    out
}

/// A line that opens with a numbered marker (「(1)」「（２）」「①」): a heading or an item
/// of its own, not the rest of a line above that reached the margin.
fn opens_numbered(text: &str) -> bool {
    let folded = crate::text::fold(text);
    let mut chars = folded.chars();
    match chars.next() {
        Some('①'..='⑳') => true,
        Some('(') => {
            let digits: String = chars.by_ref().take_while(char::is_ascii_digit).collect();
            (1..=2).contains(&digits.len()) && folded[1 + digits.len()..].starts_with(')')
        }
        _ => false,
    }
}

fn in_margin(page: &Page, y: f64) -> bool {
    page.height > 0.0 && (y < page.height * MARGIN_SHARE || y > page.height * (1.0 - MARGIN_SHARE))
}

/// A running line's text, every page number one key (「- 3 -」 and 「- 4 -」 are one line;
/// 「No. 7」 and 「No. 8」 are not).
fn running_key(text: &str) -> String {
    if crate::document::render::is_page_number(text) {
        return "#page".to_string();
    }
    crate::text::fold(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// The running header and footer ([`running_lines`]), read page by page. Running lines
/// that differ in their number, the same words before it (「基本目標1 …」 over the pages of
/// its sheets, 「基本目標2 …」 over the next), are each the heading of the pages it stands
/// on: its first appearance is kept and the repeats dropped.
struct Running {
    lines: HashSet<String>,
    headings: HashSet<String>,
    seen: HashSet<String>,
}

impl Running {
    fn of(pages: &[Page]) -> Running {
        let lines: HashSet<String> = running_lines(pages).into_iter().collect();
        let mut shapes: HashMap<String, usize> = HashMap::new();
        for key in &lines {
            *shapes.entry(number_shape(key)).or_default() += 1;
        }
        let headings = lines
            .iter()
            .filter(|k| shapes[&number_shape(k)] >= 2 && number_shape(k) != **k)
            .cloned()
            .collect();
        Running {
            lines,
            headings,
            seen: HashSet::new(),
        }
    }

    /// Whether a line in a page's margin is dropped.
    fn drops(&mut self, text: &str) -> bool {
        let key = running_key(text);
        if !self.lines.contains(&key) {
            return false;
        }
        !self.headings.contains(&key) || !self.seen.insert(key)
    }
}

/// A running line's key up to its first number, the number as `#` (「基本目標#」); the key
/// itself when it holds none.
fn number_shape(key: &str) -> String {
    let Some(start) = key.find(|c: char| c.is_ascii_digit()) else {
        return key.to_string();
    };
    format!("{}#", &key[..start])
}

/// Lines that stand in the top or bottom margin of at least two pages and of more than a
/// third of them: the running header and footer.
fn running_lines(pages: &[Page]) -> Vec<String> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for page in pages {
        let glyphs: Vec<&Glyph> = page
            .glyphs
            .iter()
            .filter(|g| in_margin(page, g.y))
            .collect();
        let mut keys: Vec<String> = lines(&glyphs)
            .iter()
            .map(|l| running_key(&l.text))
            .collect();
        keys.sort();
        keys.dedup();
        for k in keys {
            *counts.entry(k).or_default() += 1;
        }
    }
    let needed = (pages.len() / 3).max(2);
    counts
        .into_iter()
        .filter(|(_, n)| *n >= needed)
        .map(|(k, _)| k)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An empty page `no`, 800 points high.
    fn page(no: u32) -> Page {
        Page {
            no,
            height: 800.0,
            ..Page::default()
        }
    }

    /// A line of glyphs, each as wide as its size, from `x` along the baseline `y`.
    fn text(page: &mut Page, s: &str, x: f64, y: f64) {
        for (i, c) in s.chars().enumerate() {
            page.glyphs.push(Glyph {
                text: c.to_string(),
                x: x + 10.0 * i as f64,
                y,
                width: 10.0,
                size: 10.0,
            });
        }
    }

    fn rule(page: &mut Page, x0: f64, y0: f64, x1: f64, y1: f64) {
        page.rules.push(Rule { x0, y0, x1, y1 });
    }

    /// A box from (x0, y0) to (x1, y1) with lines at the inner `xs` and `ys`.
    fn grid(page: &mut Page, (x0, y0, x1, y1): (f64, f64, f64, f64), xs: &[f64], ys: &[f64]) {
        for y in [y0, y1].iter().chain(ys) {
            rule(page, x0, *y, x1, *y);
        }
        for x in [x0, x1].iter().chain(xs) {
            rule(page, *x, y0, *x, y1);
        }
    }

    fn paragraphs_of(doc: &Document) -> Vec<String> {
        doc.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph(p) => Some(p.text.clone()),
                Block::Table(_) => None,
            })
            .collect()
    }

    #[test]
    fn a_heading_over_each_of_its_pages_is_kept_once_and_a_running_title_not_at_all() {
        let heads = [
            "基本目標1 効率",
            "基本目標1 効率",
            "基本目標2 財政",
            "基本目標2 財政",
        ];
        let pages: Vec<Page> = heads
            .iter()
            .enumerate()
            .map(|(i, head)| {
                let mut page = page(i as u32 + 1);
                text(&mut page, "実施計画", 50.0, 780.0);
                text(&mut page, head, 50.0, 750.0);
                text(&mut page, &format!("取組{}", i + 1), 50.0, 400.0);
                page
            })
            .collect();
        assert_eq!(
            paragraphs_of(&document(&pages)),
            [
                "基本目標1 効率",
                "取組1",
                "取組2",
                "基本目標2 財政",
                "取組3",
                "取組4"
            ]
        );
    }

    #[test]
    fn a_table_inset_in_a_cell_is_that_cell_nested_table() {
        let mut page = page(1);
        grid(&mut page, (50.0, 300.0, 400.0, 420.0), &[150.0], &[]);
        grid(&mut page, (170.0, 320.0, 370.0, 380.0), &[270.0], &[350.0]);
        text(&mut page, "工程表", 60.0, 400.0);
        text(&mut page, "R7", 180.0, 360.0);
        text(&mut page, "R8", 280.0, 360.0);
        text(&mut page, "試行", 180.0, 330.0);
        text(&mut page, "→", 280.0, 330.0);
        let doc = document(&[page]);
        let tables: Vec<&Table> = doc
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Table(t) => Some(t),
                Block::Paragraph(_) => None,
            })
            .collect();
        assert_eq!(tables.len(), 1, "{:?}", doc.blocks);
        let row = &tables[0].rows[0];
        assert_eq!(row[0].lines, ["工程表"]);
        assert_eq!(row[1].nested, [["R7", "R8"], ["試行", "→"]]);
        assert_eq!(row[1].lines, ["R7 R8", "試行 →"]);
    }

    #[test]
    fn a_box_of_one_cell_inside_a_cell_is_no_table_of_its_own() {
        let mut page = page(1);
        grid(&mut page, (50.0, 300.0, 400.0, 420.0), &[150.0], &[]);
        grid(&mut page, (160.0, 310.0, 390.0, 410.0), &[], &[]);
        text(&mut page, "担当課", 60.0, 400.0);
        text(&mut page, "総務部", 170.0, 390.0);
        text(&mut page, "総務課", 170.0, 370.0);
        let doc = document(&[page]);
        let Some(Block::Table(t)) = doc.blocks.first() else {
            panic!("{:?}", doc.blocks);
        };
        assert_eq!(t.rows[0][1].lines, ["総務部", "総務課"]);
        assert!(t.rows[0][1].nested.is_empty());
    }
}
