//! A plan kept as one wide table (実施計画一覧表: No. | 取組項目 | 取組内容 | 担当課 | a
//! column per year), as `pdftotext -layout` writes it: the header line gives the columns
//! (and the line of years below it, the schedule's), each line after it is cut at those
//! columns, a line with the first column filled starts a row and a line without continues
//! the row above (a wrapped name, content or second section; a section's name wrapped in
//! its cell runs on). A header's labels may wrap onto the next line and its years carry
//! 「年度」 on a line of their own. A header repeated on a new page or over the next table
//! gives the columns from there on; a heading between the tables (「1－2　…」), and those
//! right above the first, become initiative rows. A header whose wide characters were set
//! closer together than its rows (a browser's PDF, its columns narrow) is cut where its
//! rows' cells start instead, and each table's own header, however its labels wrap, gives
//! that table's columns. The rows go to the plan sheet reader, as a table of a Word or PDF
//! plan does.

use std::sync::LazyLock;

use regex::Regex;

use super::columns::{Piece, line_pieces, line_words};
use super::join_wrapped;
use super::page_columns::{Columns, SLACK, fits_rows, rows_grid};
use super::pages::{PageLine, clean};
use crate::config::PlanVocabulary;
use crate::plan::parse::row::{Field, is_number_label, label_of};
use crate::plan::table::headings::Outline;
use crate::text::fold;
use crate::wareki::{parse_eraless_fiscal_year, parse_fiscal_year, parse_fiscal_year_range};

/// A table read from `-layout` text.
#[derive(Debug, Default)]
pub(in crate::plan) struct LayoutTable {
    /// The table's rows, its header rows first, each cell's lines joined by line breaks.
    pub rows: Vec<Vec<String>>,
    /// The first line of each page after a header's whose lines fit none of the columns
    /// tried ([`Columns::misfit`]): the line's number in the text.
    pub misfits: Vec<usize>,
}

/// The table the text holds; no rows when it holds no such table.
pub(in crate::plan) fn layout_table(text: &str, vocab: &PlanVocabulary) -> LayoutTable {
    let lines = clean(text);
    let Some(start) = (0..lines.len()).find(|&i| opens_header(&lines, i, vocab)) else {
        return LayoutTable::default();
    };
    let header = header_pieces(&lines[start], vocab);
    let header_texts: Vec<String> = header.iter().map(|p| p.text.clone()).collect();
    let (mut rows, mut misfits): (Vec<Vec<String>>, Vec<usize>) = (Vec::new(), Vec::new());
    let (mut head_rows, mut checked) = (0, Vec::new());
    let mut columns = Columns::default();
    let mut outline = Outline::default();
    let mut lead = headings_above(&lines[..start], &header, vocab, &mut outline);
    let owners = owner_columns(&header, vocab);
    // Whether the first column holds the rows' numbers: known once the header is read.
    let mut number_first = false;
    // Lines of a row's cells set above the line that opens it.
    let mut held: Vec<Vec<String>> = Vec::new();
    let starts = piece_starts(&lines[start..]);
    let mut k = start;
    while k < lines.len() {
        let ps = line_pieces(&lines[k]);
        k += 1;
        if ps.is_empty() {
            continue;
        }
        if is_note(&ps[0].text) {
            // A note under the table (※ スケジュールは…) ends it.
            break;
        }
        let hs = header_pieces(&lines[k - 1], vocab);
        let texts: Vec<String> = hs.iter().map(|p| p.text.clone()).collect();
        if texts == header_texts || opens_header_of(&lines, k - 1, &hs, vocab) {
            let ps = hs;
            put_above(&mut rows, &mut held, &owners);
            // The header (again, on a new page or over the next table): the columns.
            let page = lines[k - 1].page;
            let (grid, head);
            (grid, head, number_first) = header_columns(&lines, &mut k, &ps, &starts, vocab);
            if rows.is_empty() {
                (head_rows, checked) = (head.len(), checked_columns(&owners, &head));
                rows.extend(head);
                rows.extend(lead.drain(..).map(|h| row_of(h, grid.len())));
            }
            columns = Columns::of_header(grid, &lines[start..], page);
            continue;
        }
        columns.turn_to(&lines[k - 1..], &header_texts);
        misfits.extend(columns.misfit(&lines[k - 1], &ps, &checked));
        let grid = columns.current();
        let mut cells = cut_at(&ps, grid);
        if number_first {
            number_apart(&mut cells);
        }
        let wraps_number = rows.len() > head_rows && wraps_number_above(&rows, &cells);
        if !wraps_number
            && let Some(h) = heading_row(&lines, k - 1, &ps, &header, vocab, &mut outline)
        {
            // A heading between the tables: the initiative of the items below it.
            put_above(&mut rows, &mut held, &owners);
            rows.push(row_of(h, grid.len()));
            continue;
        }
        let continues =
            wraps_number || (cells.first().is_some_and(String::is_empty) && rows.len() > head_rows);
        if continues && !wraps_number && is_above_its_row(&lines, k, &rows, head_rows, grid) {
            held.push(cells);
        } else if let Some(above) = rows.last_mut().filter(|_| continues) {
            continue_row(above, cells, &owners);
        } else {
            rows.push(with_held(std::mem::take(&mut held), cells, &owners));
        }
    }
    put_above(&mut rows, &mut held, &owners);
    LayoutTable { rows, misfits }
}

/// The columns whose values a line put one column off would read wrong: the owners'
/// `owners` and the years' (those with a year in the header's second row, of `head`).
fn checked_columns(owners: &[usize], head: &[Vec<String>]) -> Vec<usize> {
    let years = head.get(1).into_iter().flat_map(|r| {
        r.iter()
            .enumerate()
            .filter(|(_, c)| !c.is_empty())
            .map(|(i, _)| i)
    });
    owners.iter().copied().chain(years).collect()
}

/// The owners' columns of a header (担当課, and 担当部局 beside it): a line continuing them
/// names another section; elsewhere a continued line is the cell's text wrapped.
fn owner_columns(header: &[Piece], vocab: &PlanVocabulary) -> Vec<usize> {
    header
        .iter()
        .enumerate()
        .filter(|(_, p)| names_owners(&p.text, vocab))
        .map(|(i, _)| i)
        .collect()
}

/// A header line's pieces `ps` with the lines after it that carry it on (`k` moves past
/// them): the columns' starts, the table's header rows and whether the first column holds
/// the rows' numbers (its label perhaps wrapped, 「項目番」 ⏎ 「号」).
fn read_header(
    lines: &[PageLine],
    k: &mut usize,
    ps: &[Piece],
    starts: &[(usize, usize)],
) -> (Vec<usize>, Vec<Vec<String>>, bool) {
    let (more, years) = header_block(lines, k);
    let (grid, head) = columns(ps, &more, &years, starts);
    let number_first = head
        .first()
        .and_then(|r| r.first())
        .is_some_and(|t| is_number_label(t));
    (grid, head, number_first)
}

/// [`read_header`] for the header whose first line's pieces are `ps`, its columns moved to
/// where its rows' cells start when its labels were set closer together than those
/// ([`rows_grid`]). Labels one space apart that no word tells apart (「取組 区分」 over
/// 「1    新規」) are then each a column when that makes as many columns as the rows have.
fn header_columns(
    lines: &[PageLine],
    k: &mut usize,
    ps: &[Piece],
    starts: &[(usize, usize)],
    vocab: &PlanVocabulary,
) -> (Vec<usize>, Vec<Vec<String>>, bool) {
    let first = *k;
    let (grid, head, number_first) = read_header(lines, k, ps, starts);
    let page = lines[first - 1].page;
    let end = (*k..lines.len())
        .find(|&i| lines[i].page != page || opens_header(lines, i, vocab))
        .unwrap_or(lines.len());
    let rows = &lines[*k..end];
    if let Some(grid) = rows_grid(rows, &grid) {
        return (grid, head, number_first);
    }
    let words = label_words(ps);
    if words.len() > ps.len() {
        let mut after = first;
        let (word_grid, word_head, word_number) = read_header(lines, &mut after, &words, starts);
        let fitting = fits_rows(rows, &word_grid).then(|| word_grid.clone());
        if let Some(grid) = fitting.or_else(|| rows_grid(rows, &word_grid)) {
            *k = after;
            return (grid, word_head, word_number);
        }
    }
    (grid, head, number_first)
}

/// A header's pieces with each label cut at its single spaces into its words (a year
/// kept whole: 「令和 7年度」).
fn label_words(ps: &[Piece]) -> Vec<Piece> {
    let mut out = Vec::new();
    for p in ps {
        if is_year_head(&p.text) {
            out.push(p.clone());
            continue;
        }
        let mut col = p.col;
        for word in p.text.split(' ') {
            out.push(Piece {
                col,
                text: word.to_string(),
            });
            col += word.chars().count() + 1;
        }
    }
    out
}

/// A note under a table (「※ スケジュールは…」, 「注）…」).
fn is_note(text: &str) -> bool {
    const NOTE: [&str; 9] = ["※", "＊", "*", "注)", "注）", "注:", "注：", "(注", "（注"];
    NOTE.iter().any(|n| text.starts_with(n))
}

/// Lines held for a row that did not come (a header or a heading came instead): they
/// continue the row above after all, as any such line does.
fn put_above(rows: &mut Vec<Vec<String>>, held: &mut Vec<Vec<String>>, owners: &[usize]) {
    for cells in held.drain(..) {
        match rows.last_mut() {
            Some(above) => continue_row(above, cells, owners),
            None => rows.push(cells),
        }
    }
}

/// Whether the line before `k` (its first column empty) is the top of the row that line
/// `k` opens, as a cell centred in a tall row sets its first lines above the row's number:
/// the next line opens a row, and a blank line or a heading is above this one.
fn is_above_its_row(
    lines: &[PageLine],
    k: usize,
    rows: &[Vec<String>],
    head_rows: usize,
    grid: &[usize],
) -> bool {
    let Some(next) = lines.get(k).map(line_pieces) else {
        return false;
    };
    let opens_row = next.len() >= 3 && cut_at(&next, grid).first().is_some_and(|c| !c.is_empty());
    let blank_above = k < 2 || lines[k - 2].text.trim().is_empty();
    let heading_above = rows.len() == head_rows
        || rows
            .last()
            .is_some_and(|r| r.iter().skip(1).all(String::is_empty));
    opens_row && (blank_above || heading_above || is_centred_on(lines, k, &next, grid))
}

/// Whether the line before `k` is the top of cells centred on line `k` (no blank lines
/// between rows to tell): each of its cells is empty on line `k` and filled again on the
/// line after it (「秘書広報課」 ⏎ 「1-3 …」 ⏎ 「防災課」: two sections centred on the row).
fn is_centred_on(lines: &[PageLine], k: usize, next: &[Piece], grid: &[usize]) -> bool {
    let Some(after) = lines.get(k + 1).map(line_pieces) else {
        return false;
    };
    let (this, next, after) = (
        cut_at(&line_pieces(&lines[k - 1]), grid),
        cut_at(next, grid),
        cut_at(&after, grid),
    );
    let filled: Vec<usize> = (0..this.len()).filter(|&c| !this[c].is_empty()).collect();
    !filled.is_empty()
        && filled
            .iter()
            .all(|&c| next[c].is_empty() && !after[c].is_empty())
        && after.first().is_some_and(String::is_empty)
}

/// The row a line opens, with the lines of its cells set above it (`held`) first.
fn with_held(held: Vec<Vec<String>>, cells: Vec<String>, owners: &[usize]) -> Vec<String> {
    let mut lines = held.into_iter().chain(std::iter::once(cells));
    let mut row = lines.next().unwrap_or_default();
    for line in lines {
        continue_row(&mut row, line, owners);
    }
    row
}

/// Whether a header label names a column of owners: 担当課, or co-owners (関係課).
fn names_owners(label: &str, vocab: &PlanVocabulary) -> bool {
    let key = crate::text::fold_compact(label);
    label_of(label, vocab) == Some(Field::Department)
        || vocab
            .columns
            .get(&crate::config::PlanColumn::Related)
            .is_some_and(|ws| ws.iter().any(|w| crate::text::fold_compact(w) == key))
}

/// Whether a line's first cell is the end of the number of the row above, its column's
/// width wrapped ([`is_number_wrapped`]).
fn wraps_number_above(rows: &[Vec<String>], cells: &[String]) -> bool {
    rows.last()
        .and_then(|r| r.first())
        .zip(cells.first())
        .is_some_and(|(above, first)| is_number_wrapped(above, first))
}

/// Whether `first`, a line's first cell, is the end of the number `above` that its
/// column's width wrapped (「1-(1)-」 ⏎ 「①」).
fn is_number_wrapped(above: &str, first: &str) -> bool {
    above.ends_with(['-', '－', '‐', '(', '（']) && (1..=3).contains(&first.chars().count())
}

/// A line's pieces as the cells of the columns `grid` gives (a piece goes to the column
/// whose start is at or left of it).
fn cut_at(ps: &[Piece], grid: &[usize]) -> Vec<String> {
    let mut cells = vec![String::new(); grid.len()];
    for p in ps {
        let c = grid.iter().rposition(|&g| g <= p.col + SLACK).unwrap_or(0);
        if let Some(cell) = cells.get_mut(c) {
            if !cell.is_empty() {
                cell.push(' ');
            }
            cell.push_str(&p.text);
        }
    }
    cells
}

/// A row's number with its name run into it in the number's column (「1-1 オンライン申請の
/// 拡大」: an extractor that sets one space between narrow columns), when the table's first
/// column is its numbers' and the name's column has nothing on this line: the name moved
/// to its column.
fn number_apart(cells: &mut [String]) {
    let [number, name, ..] = cells else {
        return;
    };
    if !name.is_empty() {
        return;
    }
    static RUN_INTO: LazyLock<Regex> = LazyLock::new(|| {
        crate::text::regex(r"^(\d{1,3}(?:[-－‐]\d{1,3})*)\s*([^\d\s\-－‐.,、。:：)）].+)$")
    });
    let Some(c) = RUN_INTO.captures(number) else {
        return;
    };
    let (written, title) = (c[1].to_string(), c[2].trim().to_string());
    *number = written;
    *name = title;
}

/// The cells of a line that continues the row `above`: in the owners' column another
/// section, or a section's name wrapped in its cell (「主：財政」 ⏎ 「課」) running on;
/// elsewhere the cell's text wrapped.
fn continue_row(above: &mut [String], cells: Vec<String>, owners: &[usize]) {
    for (i, (a, c)) in above.iter_mut().zip(cells).enumerate() {
        if c.is_empty() {
            continue;
        }
        if a.is_empty() {
            *a = c;
        } else if owners.contains(&i) {
            if crate::sections::ends_a_name(a) {
                a.push('\n');
            }
            a.push_str(&c);
        } else {
            *a = join_wrapped(&[std::mem::take(a), c]);
        }
    }
}

/// A line's pieces, a piece cut before a word that is a row label (「区分 取組事項」), or
/// between two words that are each a column's label (「No 実施項目」) or a year
/// (「2025 2026」): an extractor sets one space between columns whose labels nearly touch. Two words that are one label
/// written apart (「取組 内容」) stay one.
fn header_pieces(l: &PageLine, vocab: &PlanVocabulary) -> Vec<Piece> {
    let pieces = line_pieces(l);
    let words = words_years_apart(l);
    if words.len() == pieces.len() {
        return pieces;
    }
    let is_label =
        |t: &str| label_of(t, vocab).is_some() || is_number_label(t) || is_column_word(t, vocab);
    let piece_of = |col: usize| pieces.iter().rposition(|p| p.col <= col);
    let mut out: Vec<Piece> = Vec::new();
    let mut last_piece = None;
    for w in words {
        let of = piece_of(w.col);
        match out.last_mut() {
            Some(last)
                if of == last_piece
                    && !((label_of(&w.text, vocab).is_some()
                        || (is_label(&last.text) && is_label(&w.text)))
                        && !is_label(&format!("{}{}", last.text, w.text)))
                    && !ends_year(&last.text, &w.text)
                    && !starts_year(&last.text, &w.text) =>
            {
                last.text = super::columns::tidy(&format!("{} {}", last.text, w.text));
            }
            _ => out.push(w),
        }
        last_piece = of;
    }
    out
}

/// Whether a header's word is a year set one space after a label (「所管 R7」), not the
/// year's own end (「令和 7年度」).
fn starts_year(label: &str, word: &str) -> bool {
    is_year_head(word) && !is_year_head(&super::columns::tidy(&format!("{label} {word}")))
}

/// Whether a header's word after a year is not part of it: another year, the era that
/// starts one (「令和 10 令和 11」), a label set one space after it (「令和 11 効果額」).
fn ends_year(year: &str, word: &str) -> bool {
    is_year_head(year) && !is_year_head(&super::columns::tidy(&format!("{year} {word}")))
}

/// Whether a word is one of a plan table's header words (`[plan.columns]`).
pub(super) fn is_column_word(text: &str, vocab: &PlanVocabulary) -> bool {
    let key = crate::text::fold_compact(text);
    vocab
        .columns
        .values()
        .flatten()
        .any(|w| crate::text::fold_compact(w) == key)
}

/// A header line: three pieces or more, among them the item name's label and the owner's.
fn is_header(ps: &[Piece], vocab: &PlanVocabulary) -> bool {
    let labels: Vec<Option<Field>> = ps.iter().map(|p| label_of(&p.text, vocab)).collect();
    ps.len() >= 3
        && labels.contains(&Some(Field::Name))
        && labels.contains(&Some(Field::Department))
}

/// Whether line `i` is a table's header ([`is_header`]), perhaps only with the ends of its
/// labels that a narrow column wrapped onto the next line with text (「実施項」 ⏎ 「目」,
/// 「所管」 ⏎ 「課」): that line is then all such ends and notes under years.
fn opens_header(lines: &[PageLine], i: usize, vocab: &PlanVocabulary) -> bool {
    opens_header_of(lines, i, &header_pieces(&lines[i], vocab), vocab)
}

/// [`opens_header`] with line `i`'s [`header_pieces`] `ps` at hand.
fn opens_header_of(lines: &[PageLine], i: usize, ps: &[Piece], vocab: &PlanVocabulary) -> bool {
    if ps.len() < 3 {
        return false;
    }
    if is_header(ps, vocab) {
        return true;
    }
    let Some(next) = lines[i + 1..].iter().find(|l| !l.text.trim().is_empty()) else {
        return false;
    };
    let ends = line_words(next);
    is_header_rest(&ends) && is_header(&with_label_ends(line_words(&lines[i]), &ends), vocab)
}

/// A header line's words `labels` with each of `ends` that is not a note under a year
/// added to the word it is under.
fn with_label_ends(mut labels: Vec<Piece>, ends: &[Piece]) -> Vec<Piece> {
    for end in ends.iter().filter(|e| !is_year_note(&e.text)) {
        if let Some(label) = labels.iter_mut().rev().find(|p| p.col <= end.col + SLACK) {
            label.text.push_str(&end.text);
        }
    }
    labels
}

/// The lines of a header below its first: its labels wrapped onto the next lines (「番」
/// over 「号」, 「No」 over 「.」), its line of years when one follows within
/// [`MAX_HEAD_LINES`] lines with text, and under the years what they carry (「年度」,
/// 「(2025)」). `k` moves past what was taken.
fn header_block(lines: &[PageLine], k: &mut usize) -> (Vec<Vec<Piece>>, Vec<Piece>) {
    let texts: Vec<usize> = (*k..lines.len())
        .filter(|&i| !lines[i].text.trim().is_empty())
        .take(MAX_HEAD_LINES)
        .collect();
    let at_years = texts.iter().position(|&i| years_line(&lines[i]).is_some());
    let mut more = Vec::new();
    let mut years = Vec::new();
    for (n, &i) in texts.iter().enumerate() {
        let ps = line_pieces(&lines[i]);
        if Some(n) == at_years {
            let (label_ends, line_years) = years_line(&lines[i]).unwrap_or_default();
            if !label_ends.is_empty() {
                more.push(label_ends);
            }
            years = line_years;
        } else if at_years.is_some_and(|a| n < a) {
            more.push(ps);
        } else if is_header_rest(&line_words(&lines[i])) {
            // A word each: notes under years may be one space apart (「(2025 (2026」).
            more.push(line_words(&lines[i]));
        } else if is_header_rest(&ps) {
            more.push(ps);
        } else {
            break;
        }
        *k = i + 1;
    }
    (more, years)
}

/// A line of years ([`year_pieces`]), perhaps after the ends of labels wrapped from the
/// line above (「番」 ⏎ 「号  2025 2026…」): those ends, then the years.
fn years_line(l: &PageLine) -> Option<(Vec<Piece>, Vec<Piece>)> {
    if let Some(years) = year_pieces(l) {
        return Some((Vec::new(), years));
    }
    let ps = line_pieces(l);
    let ends = ps
        .iter()
        .take_while(|p| is_header_rest(std::slice::from_ref(*p)))
        .count();
    let first_year = ps.get(ends)?.clone();
    let at = l.cols.iter().position(|&c| c == first_year.col)?;
    let rest = PageLine {
        text: l.text.chars().skip(at).collect(),
        cols: l.cols[at..].to_vec(),
        ..l.clone()
    };
    let label_ends: Vec<Piece> = ps
        .into_iter()
        .take_while(|p| p.col < first_year.col)
        .collect();
    (!label_ends.is_empty())
        .then(|| year_pieces(&rest).map(|years| (label_ends, years)))
        .flatten()
}

/// A line that carries on a header: every piece the end of a wrapped label (one or two
/// characters, no digit) or a note under a year ([`is_year_note`]).
fn is_header_rest(ps: &[Piece]) -> bool {
    let label_end = |t: &str| t.chars().count() <= 2 && !t.chars().any(|c| c.is_ascii_digit());
    !ps.is_empty()
        && ps
            .iter()
            .all(|p| is_year_note(&p.text) || label_end(&p.text))
}

/// What a header writes under a year (「2025」 ⏎ 「年度」, 「R7」 ⏎ 「(2025)」, or 「(2025」
/// ⏎ 「)」 as a narrow column wraps it).
fn is_year_note(text: &str) -> bool {
    let t = fold(text.trim());
    matches!(t.as_str(), "年度" | "年" | "度" | ")")
        || (t.starts_with('(') && t.chars().count() <= 12)
}

/// The most lines with text a header takes, its line of years included.
const MAX_HEAD_LINES: usize = 3;

/// Whether a line's pieces are all fiscal years (or spans of them).
fn is_years(ps: &[Piece]) -> bool {
    !ps.is_empty() && ps.iter().all(|p| is_year_head(&p.text))
}

/// A line of years as its pieces, a year each: cut at every space when its words are all
/// years (「2025 2026 2027」: an extractor that sets narrow columns one space apart), and
/// between years that follow each other without a space (「20262027」: pypdf's layout).
fn year_pieces(l: &PageLine) -> Option<Vec<Piece>> {
    let ps = line_pieces(l);
    if is_years(&ps) && ps.iter().all(|p| !p.text.contains(' ')) {
        return Some(ps);
    }
    let words = words_years_apart(l);
    is_years(&words).then_some(words)
}

/// A line's words ([`line_words`]), years run together (「20262027」) a word each.
fn words_years_apart(l: &PageLine) -> Vec<Piece> {
    line_words(l)
        .into_iter()
        .flat_map(|w| years_run_together(&w).unwrap_or_else(|| vec![w]))
        .collect()
}

/// A word of years written one after the other (「20262027」) as a piece each, or `None`
/// when it is not such a run (a year alone included). Only a word that opens as a year
/// does (a digit or an era), so that other words of a line are not cut at every place.
fn years_run_together(word: &Piece) -> Option<Vec<Piece>> {
    const LONGEST: usize = 40;
    let opens_as_year = fold(&word.text)
        .starts_with(|c: char| c.is_ascii_digit() || matches!(c, 'R' | 'H' | '令' | '平'));
    if !opens_as_year
        || word.text.chars().count() > LONGEST
        || parse_fiscal_year(&word.text).is_some()
    {
        return None;
    }
    let years = following_years(&word.text)?;
    let mut col = word.col;
    Some(
        years
            .into_iter()
            .map(|text| {
                let piece = Piece { col, text };
                col += piece.text.chars().count();
                piece
            })
            .collect(),
    )
}

/// `text` cut into years that each follow the one before (2026, 2027), if it can be.
fn following_years(text: &str) -> Option<Vec<String>> {
    if parse_fiscal_year(text).is_some() {
        return Some(vec![text.to_string()]);
    }
    text.char_indices().skip(1).find_map(|(i, _)| {
        let first = parse_fiscal_year(&text[..i])?;
        let rest = following_years(&text[i..])?;
        (parse_fiscal_year(&rest[0]) == Some(first + 1)).then(|| {
            let mut all = vec![text[..i].to_string()];
            all.extend(rest);
            all
        })
    })
}

/// A year as a header writes it: 「R7」「令和7年度」「R7～R9」, or without its era
/// 「７年度」, its 「度」 perhaps wrapped onto the line below (「１０年」).
fn is_year_head(text: &str) -> bool {
    parse_fiscal_year(text).is_some()
        || parse_fiscal_year_range(text).is_some()
        || parse_eraless_fiscal_year(text).is_some()
        || (text.ends_with('年') && parse_eraless_fiscal_year(&format!("{text}度")).is_some())
}

/// The columns of a header, the lines its labels wrap onto (`more`) and its years (the
/// header's pieces left of the first year, the years, then the pieces right of the last
/// year: 「目標指標」), and the table's two header rows: the labels, then the years under
/// the schedule's label.
fn columns(
    header: &[Piece],
    more: &[Vec<Piece>],
    years: &[Piece],
    starts: &[(usize, usize)],
) -> (Vec<usize>, Vec<Vec<String>>) {
    let first_year = years.first().map_or(usize::MAX, |y| y.col);
    let years_end = years
        .last()
        .map_or(usize::MAX, |y| y.col + y.text.chars().count());
    let labels: Vec<&Piece> = header
        .iter()
        .filter(|p| p.col + SLACK < first_year)
        .collect();
    let schedule = header
        .iter()
        .find(|p| p.col + SLACK >= first_year && p.col < years_end);
    let trailing: Vec<&Piece> = header.iter().filter(|p| p.col >= years_end).collect();
    let mut grid = label_starts(&labels, None, starts);
    let mut top: Vec<String> = labels.iter().map(|p| p.text.clone()).collect();
    for p in more.iter().flatten().filter(|p| p.col + SLACK < first_year) {
        if let Some(c) = label_over(&labels, p) {
            top[c].push_str(&p.text);
        }
    }
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
    if years.is_empty() {
        return (grid, vec![top]);
    }
    grid.extend(label_starts(&trailing, Some((years_end, true)), starts));
    top.extend(trailing.iter().map(|p| p.text.clone()));
    bottom.resize(top.len(), String::new());
    let year_columns = labels.len()..labels.len() + years.len();
    notes_under_years(&mut bottom, &grid, more, year_columns);
    (grid, vec![top, bottom])
}

/// The label of `labels` that the end of a label wrapped onto a line below, `end`, belongs
/// to: the one over it, else the one that starts nearest to it (the left one of two as
/// near): 「号」 under 「番」 of 「番 取組項目」, not under 「取組項目」 two characters on.
fn label_over(labels: &[&Piece], end: &Piece) -> Option<usize> {
    let over = labels
        .iter()
        .rposition(|l| l.col <= end.col && end.col < l.col + l.text.chars().count());
    over.or_else(|| (0..labels.len()).min_by_key(|&c| labels[c].col.abs_diff(end.col)))
}

/// Where the columns of `labels` start for the pieces under them: at each label, or
/// further left when the label is set right of its column's left edge (a label centred
/// over a wide column, 「取組      区分」 over 「1    新規」): where the table's lines start
/// pieces most to the left between the label and the end of the one before it (two at
/// least, `starts` as [`piece_starts`] counts them; only across a gap of [`WIDE_GAP`],
/// and neither label a year, whose values are centred under it and may reach past it),
/// else halfway between (a centred cell's wrapped 「課」, alone there, stays left of it).
/// `before` is where the text before the first label ends and whether it is a year's.
fn label_starts(
    labels: &[&Piece],
    mut before: Option<(usize, bool)>,
    starts: &[(usize, usize)],
) -> Vec<usize> {
    labels
        .iter()
        .map(|p| {
            let year = is_year_head(&p.text);
            let start = before.map_or(p.col, |(e, year_before)| {
                let shared = starts
                    .iter()
                    .filter(|_| p.col >= e + WIDE_GAP && !year && !year_before)
                    .find(|(col, pieces)| *col > e && *col <= p.col && *pieces >= 2)
                    .map(|(col, _)| *col + SLACK);
                p.col.min(shared.unwrap_or((e + p.col) / 2 + SLACK))
            });
            before = Some((p.col + p.text.chars().count(), year));
            start
        })
        .collect()
}

/// The narrowest gap between two labels where the table's text tells where the second
/// column starts: years side by side (「令和 7」「令和 8」) leave less.
const WIDE_GAP: usize = 5;

/// The columns where the pieces of `lines` start, each with how many pieces start there,
/// leftmost first.
fn piece_starts(lines: &[PageLine]) -> Vec<(usize, usize)> {
    let mut count: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    for l in lines {
        for p in line_pieces(l) {
            *count.entry(p.col).or_default() += 1;
        }
    }
    count.into_iter().collect()
}

/// What each year's cell wrapped onto the header lines below it (「１０年」 ⏎ 「度」), added
/// to the year in `bottom` (the years' row: `years` are the indexes of the years' cells).
fn notes_under_years(
    bottom: &mut [String],
    grid: &[usize],
    more: &[Vec<Piece>],
    years: std::ops::Range<usize>,
) {
    for line in more {
        let notes: Vec<&Piece> = line
            .iter()
            .filter(|p| p.col + SLACK >= grid[years.start] && is_year_note(&p.text))
            .collect();
        if notes.len() == years.len() {
            // A note under each year, in order, however the line set them closer together
            // (「年度 年度 度」 under 「2025 2026 2027年」).
            for (c, p) in years.clone().zip(notes) {
                bottom[c].push_str(&p.text);
            }
            continue;
        }
        for p in notes {
            if let Some(c) = grid.iter().rposition(|&g| g <= p.col + SLACK)
                && years.contains(&c)
            {
                bottom[c].push_str(&p.text);
            }
        }
    }
}

/// The headings right above the table's first header (「柱1　…」 ⏎ 「1－1　…」), as the rows
/// [`Outline`] makes of them, in order: an introduction above them is not taken.
fn headings_above(
    lines: &[PageLine],
    header: &[Piece],
    vocab: &PlanVocabulary,
    outline: &mut Outline,
) -> Vec<String> {
    let first_column_end = header.get(1).map_or(usize::MAX, |p| p.col);
    let mut above: Vec<String> = Vec::new();
    for line in lines.iter().rev() {
        let ps = line_pieces(line);
        if ps.is_empty() {
            continue;
        }
        let Some(text) = heading_text(line, &ps, first_column_end, vocab) else {
            break;
        };
        above.push(text);
    }
    above
        .iter()
        .rev()
        .filter_map(|text| outline.row_text(text, vocab.layout.iroha))
        .collect()
}

/// The row line `k`, between tables, stands for when it is a heading ([`Outline`]). It
/// starts in the first column; one that starts where the second column's text may start
/// too (pypdf's layout sets headings two places in, the numbers at the margin) is a
/// heading only when it stands over the next table, the header or more headings below it.
fn heading_row(
    lines: &[PageLine],
    k: usize,
    ps: &[Piece],
    header: &[Piece],
    vocab: &PlanVocabulary,
    outline: &mut Outline,
) -> Option<String> {
    let first_column_end = header.get(1).map_or(usize::MAX, |p| p.col);
    let text = heading_text(&lines[k], ps, first_column_end.saturating_sub(SLACK), vocab).or_else(
        || {
            heading_text(&lines[k], ps, first_column_end, vocab)
                .filter(|_| heads_a_table(lines, k + 1, header, vocab))
        },
    )?;
    outline.row_text(&text, vocab.layout.iroha)
}

/// Whether the lines from `k` on are the table's header again, perhaps under more
/// headings that start in its first column (a few lines looked at).
fn heads_a_table(lines: &[PageLine], k: usize, header: &[Piece], vocab: &PlanVocabulary) -> bool {
    let first_column_end = header.get(1).map_or(usize::MAX, |p| p.col);
    let texts = |ps: &[Piece]| ps.iter().map(|p| p.text.clone()).collect::<Vec<_>>();
    let header_texts = texts(header);
    for line in lines
        .iter()
        .skip(k)
        .filter(|l| !l.text.trim().is_empty())
        .take(4)
    {
        if texts(&header_pieces(line, vocab)) == header_texts {
            return true;
        }
        if heading_text(line, &line_pieces(line), first_column_end, vocab).is_none() {
            return false;
        }
    }
    false
}

/// The text of a line that can be a heading: one or two pieces (a number and a title),
/// the first starting left of column `before`, read as a heading by [`Outline`]. The line
/// as written is tried too: the pieces lose the space between a number and Japanese text
/// that pdftotext may have set, and a Shift_JIS extraction sets one after every number
/// (「１　窓口…」).
fn heading_text(
    line: &PageLine,
    ps: &[Piece],
    before: usize,
    vocab: &PlanVocabulary,
) -> Option<String> {
    if !(1..=2).contains(&ps.len()) || ps[0].col >= before {
        return None;
    }
    let written = line.text.split_whitespace().collect::<Vec<_>>().join(" ");
    [joined(ps), written].into_iter().find(|text| {
        Outline::default()
            .row_text(text, vocab.layout.iroha)
            .is_some()
    })
}

/// A line's pieces as one text, a space between them.
fn joined(ps: &[Piece]) -> String {
    ps.iter()
        .map(|p| p.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A row of `width` cells holding `text` in its first.
fn row_of(text: String, width: usize) -> Vec<String> {
    let mut row = vec![String::new(); width.max(1)];
    row[0] = text;
    row
}
