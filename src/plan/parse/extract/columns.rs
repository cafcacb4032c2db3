//! `pdftotext -layout` output: each line cut into pieces at runs of spaces, each piece
//! with the column it starts at. A label starts a row; the schedule's values go to the
//! year whose header piece starts at or left of them; indented lines continue the row.

use std::collections::BTreeMap;

use super::header_row::{Head, header_cells};
use super::pages::PageLine;
use super::{
    Out, department_cells, inline_schedule, item_name, join_wrapped, label_at_start, label_word,
    schedule_lines,
};
use crate::config::PlanVocabulary;
use crate::plan::numbering::number_before_title;
use crate::plan::parse::recognize::heading;
use crate::plan::parse::row::{Field, is_number_label};
use crate::plan::table::headings::Outline;
use crate::text::fold;
use crate::wareki::parse_fiscal_year;

/// A piece of a line: the column (in characters) it starts at and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Piece {
    pub col: usize,
    pub text: String,
}

/// How far left of a year's header a value may start and still be under it: pdftotext
/// places pieces by their position on the page, rounded to a character.
const SLACK: usize = 2;

/// The pieces of a line, split at two or more spaces (or an ideographic space); `cols`
/// gives the column of each character.
fn pieces(line: &str, cols: &[usize]) -> Vec<Piece> {
    pieces_apart(line, cols, 2)
}

/// The pieces of a line apart by `gap` spaces or more (an ideographic space counts two).
fn pieces_apart(line: &str, cols: &[usize], gap: usize) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    let mut cur = String::new();
    let mut start = 0;
    let mut spaces = 0;
    for (k, c) in line.chars().enumerate() {
        if c == ' ' || c == '\u{3000}' {
            spaces += if c == ' ' { 1 } else { 2 };
            continue;
        }
        if spaces >= gap && !cur.is_empty() {
            out.push(Piece {
                col: start,
                text: tidy(&std::mem::take(&mut cur)),
            });
        }
        if cur.is_empty() {
            start = cols.get(k).copied().unwrap_or(k);
        } else if spaces == 1 {
            cur.push(' ');
        }
        spaces = 0;
        cur.push(c);
    }
    if !cur.is_empty() {
        out.push(Piece {
            col: start,
            text: tidy(&cur),
        });
    }
    out
}

pub(super) fn line_pieces(l: &PageLine) -> Vec<Piece> {
    pieces(&l.text, &l.cols)
}

/// A line's words: its pieces cut at every space too.
pub(super) fn line_words(l: &PageLine) -> Vec<Piece> {
    pieces_apart(&l.text, &l.cols, 1)
}

/// Takes out the single spaces pdftotext sets between Latin text or digits and Japanese
/// text (`ICT の活用`, `令和 2 年度`).
pub(super) fn tidy(text: &str) -> String {
    unspace_japanese(text, |c| c.is_ascii_alphanumeric())
}

/// Takes out the single spaces pdftotext sets between Latin letters and Japanese text
/// (`SNS による`), in a line that is not cut into pieces (a heading, an item's name);
/// a digit keeps its space (「基本目標 1 行政運営」: the number before the title).
fn tidy_letters(text: &str) -> String {
    unspace_japanese(text, |c| c.is_ascii_alphabetic())
}

/// `text` without the single spaces between Japanese text and a character `latin` takes.
fn unspace_japanese(text: &str, latin: impl Fn(char) -> bool) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (k, c) in chars.iter().enumerate() {
        if *c == ' ' && k > 0 && k + 1 < chars.len() {
            let (a, b) = (chars[k - 1], chars[k + 1]);
            if (latin(a) && is_japanese(b)) || (is_japanese(a) && latin(b)) {
                continue;
            }
        }
        out.push(*c);
    }
    out
}

fn is_japanese(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{30FF}' | '\u{4E00}'..='\u{9FFF}' | '\u{FF01}'..='\u{FF60}')
}

/// Whether the text is `-layout` output: some line has a label and a value set apart on
/// the same line.
pub(super) fn is_layout(lines: &[PageLine], vocab: &PlanVocabulary) -> bool {
    lines.iter().any(|l| {
        let ps = line_pieces(l);
        ps.len() >= 2 && super::super::row::label_of(&ps[0].text, vocab).is_some()
    })
}

/// The row being gathered.
enum Pending {
    None,
    /// 実践項目名 or 取組内容 and its wrapped lines.
    Text {
        field: Field,
        label: String,
        no: usize,
        parts: Vec<String>,
    },
    /// 担当部署: one entry per line of the cell.
    Department {
        label: String,
        no: usize,
        lines: Vec<String>,
    },
    /// 工程表: the year pieces, the value text under each, the line of the first values,
    /// the page of the year pieces.
    Schedule {
        label: String,
        no: usize,
        years: Vec<Piece>,
        values: Vec<String>,
        values_no: Option<usize>,
        page: usize,
    },
    /// A header row of labels and years over its values (所管課  取組概要  R7  R8 …):
    /// the header's pieces and, per column, the pieces of text under it.
    HeaderTable {
        heads: Vec<Head>,
        header: Vec<Piece>,
        no: usize,
        values_no: Option<usize>,
        cells: Vec<Vec<String>>,
        /// Blank lines since the last line of values.
        blanks: usize,
    },
}

struct Rows<'a> {
    vocab: &'a PlanVocabulary,
    out: Vec<Out>,
    pending: Pending,
    /// The columns of the first schedule header on each page: pdftotext lays out each
    /// page on a character grid of its own, so values that a page break set apart from
    /// their header are placed by a header of their own page.
    grids: BTreeMap<usize, Vec<usize>>,
    /// The document's latest fiscal year, where a span left open ends.
    last_year: Option<i32>,
    /// The column of the years of a schedule set out a year a row (「年度  取組」 over
    /// 「令和7年度  検討」), while its rows go on: each is written as a row of its own,
    /// which [`super::year_rows`] reads.
    year_rows: Option<usize>,
}

/// The lines of `-layout` output as plan rows.
pub(super) fn rows(lines: &[PageLine], vocab: &PlanVocabulary) -> Vec<Out> {
    let mut r = Rows {
        vocab,
        out: Vec::new(),
        pending: Pending::None,
        grids: page_grids(lines, vocab),
        last_year: super::latest_year(lines.iter().map(|l| l.text.as_str())),
        year_rows: None,
    };
    for l in lines {
        r.line(l);
    }
    r.flush();
    r.out
}

/// The year columns of the first schedule header (a label and two or more pieces) on
/// each page.
fn page_grids(lines: &[PageLine], vocab: &PlanVocabulary) -> BTreeMap<usize, Vec<usize>> {
    let mut out = BTreeMap::new();
    for l in lines {
        if out.contains_key(&l.page) {
            continue;
        }
        let ps = line_pieces(l);
        if ps.len() >= 3
            && matches!(label_at_start(&ps[0].text, vocab), Some((Field::ScheduleHeader, a)) if a.is_empty())
        {
            out.insert(l.page, ps[1..].iter().map(|p| p.col).collect());
        }
    }
    out
}

impl Rows<'_> {
    fn line(&mut self, l: &PageLine) {
        let ps = line_pieces(l);
        let Some(first) = ps.first() else {
            self.blank_under_header();
            if matches!(self.pending, Pending::None) {
                self.out.push((l.no, String::new()));
            }
            return;
        };
        if let Some(heads) = self.header_row(&ps) {
            self.flush();
            self.pending = Pending::HeaderTable {
                heads,
                cells: vec![Vec::new(); ps.len()],
                header: ps,
                no: l.no,
                values_no: None,
                blanks: 0,
            };
            return;
        }
        if self.under_header(&ps, l) || self.year_row(&ps, l.no) {
            return;
        }
        if let Some((field, after)) = label_at_start(&first.text, self.vocab) {
            self.flush();
            let mut rest: Vec<Piece> = ps[1..].to_vec();
            if !after.is_empty() {
                rest.insert(
                    0,
                    Piece {
                        col: first.col + first.text.chars().count() - after.chars().count(),
                        text: after,
                    },
                );
            }
            self.open(field, &first.text, l.no, l.page, rest);
            return;
        }
        if first.col > 0 && self.continue_row(&ps, l.no, l.page) {
            return;
        }
        self.flush();
        if ps.len() >= 2 && is_number_label(&first.text) {
            self.pairs(&ps, l.no, l.page);
            return;
        }
        if ps.len() >= 2 && heading(&fold(&first.text), self.vocab).is_some() {
            // A row of an item sheet outside the item's fields (現状と課題 | …): a row of
            // cells, not text that wraps the row above.
            let cells: Vec<&str> = ps.iter().map(|p| p.text.as_str()).collect();
            self.out.push((l.no, cells.join("\t")));
            return;
        }
        self.out.push((l.no, tidy_letters(l.text.trim())));
    }

    /// A line of a schedule set out a year a row: its header (「年度  取組」), a year's row
    /// (「令和7年度  検討」) or the end of a year its cell wrapped (「度」), each written as a
    /// row of its own cells; false for any other line, which ends such a schedule.
    fn year_row(&mut self, ps: &[Piece], no: usize) -> bool {
        let texts: Vec<&str> = ps.iter().map(|p| p.text.as_str()).collect();
        if let Some(col) = self.year_rows {
            let in_column = ps[0].col.abs_diff(col) <= SLACK;
            if in_column && ps.len() >= 2 && super::year_rows::is_year_cell(texts[0]) {
                self.out.push((no, texts.join("\t")));
                return true;
            }
            if in_column && ps.len() == 1 && texts[0].chars().count() <= 2 {
                if let Some((_, row)) = self.out.last_mut()
                    && let Some(at) = row.find('\t')
                {
                    row.insert_str(at, texts[0]);
                }
                return true;
            }
            self.year_rows = None;
        }
        if !super::year_rows::is_year_header_cells(&texts, self.vocab) {
            return false;
        }
        self.flush();
        self.year_rows = Some(ps[0].col);
        self.out.push((no, texts.join("\t")));
        true
    }

    /// The cells of a header row of labels and years (所管課  取組概要  R7  R8 …), when the
    /// line is one.
    fn header_row(&self, ps: &[Piece]) -> Option<Vec<Head>> {
        let texts: Vec<&str> = ps.iter().map(|p| p.text.as_str()).collect();
        header_cells(&texts.join("\t"), self.vocab)
    }

    /// A blank line under a header row's values: the second in a row ends the table (a
    /// row of values has no blank line in it).
    fn blank_under_header(&mut self) {
        if let Pending::HeaderTable {
            values_no: Some(_),
            blanks,
            ..
        } = &mut self.pending
        {
            *blanks += 1;
            if *blanks >= 2 {
                self.flush();
            }
        }
    }

    /// A line of values under a header row: each piece goes to the column whose header
    /// starts at or left of it. A line that starts left of the first column, or is a
    /// heading or an item's marker and name (「イ　ペーパーレス会議の推進」), is not one;
    /// false then (and when no header row is open). A heading set straight under the
    /// table's last line, its spaces single (「重点取組 2 持続可能な…」), is one piece.
    fn under_header(&mut self, ps: &[Piece], l: &PageLine) -> bool {
        if !matches!(self.pending, Pending::HeaderTable { .. }) {
            return false;
        }
        let one_heading = ps.len() == 1 && {
            let written = l.text.split_whitespace().collect::<Vec<_>>().join(" ");
            Outline::default()
                .row_text(&written, self.vocab.layout.iroha)
                .is_some()
        };
        let opens_item = one_heading || opens_item(ps, self.vocab);
        let Pending::HeaderTable {
            header,
            cells,
            values_no,
            blanks,
            ..
        } = &mut self.pending
        else {
            return false;
        };
        if ps[0].col < header[0].col || opens_item {
            return false;
        }
        *blanks = 0;
        for p in ps {
            let k = header
                .iter()
                .rposition(|h| h.col <= p.col + SLACK)
                .unwrap_or(0);
            cells[k].push(p.text.clone());
        }
        values_no.get_or_insert(l.no);
        true
    }

    /// A row of label | value pairs (取組番号  1-1  担当課  総務課): a row per pair, the last
    /// left open for the lines that continue it.
    fn pairs(&mut self, ps: &[Piece], no: usize, page: usize) {
        let starts: Vec<usize> = (0..ps.len())
            .filter(|&k| k == 0 || (k >= 2 && label_at_start(&ps[k].text, self.vocab).is_some()))
            .collect();
        for (n, &s) in starts.iter().enumerate() {
            let end = starts.get(n + 1).copied().unwrap_or(ps.len());
            let last = n + 1 == starts.len();
            match label_at_start(&ps[s].text, self.vocab) {
                Some((field, after)) if last && after.is_empty() => {
                    self.open(field, &ps[s].text, no, page, ps[s + 1..end].to_vec());
                }
                _ => {
                    let cells: Vec<&str> = ps[s..end].iter().map(|p| p.text.as_str()).collect();
                    self.out.push((no, cells.join("\t")));
                }
            }
        }
    }

    /// Starts the row a label opens.
    fn open(&mut self, field: Field, label_text: &str, no: usize, page: usize, rest: Vec<Piece>) {
        let label = label_word(label_text);
        let texts: Vec<String> = rest.iter().map(|p| p.text.clone()).collect();
        self.pending = match field {
            Field::ScheduleHeader => {
                let joined = texts.join(" ");
                if let Some((years, values)) = inline_schedule(&joined, self.last_year) {
                    self.out
                        .extend(schedule_lines(&label, no, &years, no, &values));
                    Pending::None
                } else {
                    let values = vec![String::new(); rest.len()];
                    Pending::Schedule {
                        label,
                        no,
                        years: rest,
                        values,
                        values_no: None,
                        page,
                    }
                }
            }
            Field::Department => Pending::Department {
                label,
                no,
                lines: vec![texts.join(" ")],
            },
            Field::Name | Field::Content | Field::ScheduleValues => Pending::Text {
                field,
                label,
                no,
                parts: texts,
            },
        };
    }

    /// An indented line under the row being gathered; false when there is none.
    fn continue_row(&mut self, ps: &[Piece], no: usize, page: usize) -> bool {
        match &mut self.pending {
            // A header row's values are placed by `under_header`.
            Pending::None | Pending::HeaderTable { .. } => false,
            Pending::Text { parts, .. } => {
                parts.extend(ps.iter().map(|p| p.text.clone()));
                true
            }
            Pending::Department { lines, .. } => {
                let texts: Vec<String> = ps.iter().map(|p| p.text.clone()).collect();
                lines.push(texts.join(" "));
                true
            }
            Pending::Schedule { years, values, .. }
                if years.is_empty() && ps.iter().all(|p| parse_fiscal_year(&p.text).is_some()) =>
            {
                // The years on the line below a 工程表 label standing alone.
                *values = vec![String::new(); ps.len()];
                *years = ps.to_vec();
                true
            }
            Pending::Schedule {
                years,
                values,
                values_no,
                page: header_page,
                ..
            } => {
                let own: Vec<usize> = years.iter().map(|y| y.col).collect();
                let grid = match self.grids.get(&page) {
                    Some(g) if page != *header_page && g.len() == own.len() => g,
                    _ => &own,
                };
                for p in ps {
                    let k = grid.iter().rposition(|&c| c <= p.col + SLACK).unwrap_or(0);
                    if let Some(v) = values.get_mut(k) {
                        *v = join_wrapped(&[std::mem::take(v), p.text.clone()]);
                    }
                }
                values_no.get_or_insert(no);
                true
            }
        }
    }

    /// Writes the row gathered so far.
    fn flush(&mut self) {
        match std::mem::replace(&mut self.pending, Pending::None) {
            Pending::None => {}
            Pending::Text {
                field,
                label,
                no,
                parts,
            } => {
                let text = if field == Field::Name {
                    item_name(&parts)
                } else {
                    join_wrapped(&parts)
                };
                self.out.push((no, format!("{label}\t{text}")));
            }
            Pending::Department { label, no, lines } => {
                let cells = department_cells(&lines);
                self.out
                    .push((no, format!("{label}\t{}", cells.join("\t"))));
            }
            Pending::Schedule {
                label,
                no,
                years,
                values,
                values_no,
                ..
            } => {
                let years: Vec<String> = years.into_iter().map(|p| p.text).collect();
                let values_no = values_no.unwrap_or(no);
                self.out
                    .extend(schedule_lines(&label, no, &years, values_no, &values));
            }
            Pending::HeaderTable {
                heads,
                header,
                no,
                values_no,
                cells,
                ..
            } => self.header_table(&heads, &header, no, values_no, &cells),
        }
    }
}

/// Whether a line of pieces is a heading or an item's number and name: a heading word, a
/// number before a title (「(2)　…」), or a marker alone before the name (「イ」「①」).
fn opens_item(ps: &[Piece], vocab: &PlanVocabulary) -> bool {
    let first = &ps[0].text;
    let lone_marker = ps.len() >= 2
        && first.chars().count() == 1
        && first
            .chars()
            .all(|c| ('ア'..='ン').contains(&c) || ('①'..='⑳').contains(&c));
    lone_marker
        || heading(&fold(first), vocab).is_some()
        || number_before_title(first, vocab.layout.iroha).0.is_some()
}

impl Rows<'_> {
    /// A header row and its values as two rows of tab-separated cells, as a table of a
    /// document reads (the plan reader turns them into label rows): a section's wrapped
    /// lines joined into its names, any other cell's lines into one text. A header row
    /// with no values under it is left as text.
    fn header_table(
        &mut self,
        heads: &[Head],
        header: &[Piece],
        no: usize,
        values_no: Option<usize>,
        cells: &[Vec<String>],
    ) {
        let texts: Vec<&str> = header.iter().map(|p| p.text.as_str()).collect();
        let Some(values_no) = values_no else {
            self.out.push((no, texts.join("  ")));
            return;
        };
        let values: Vec<String> = heads
            .iter()
            .zip(cells)
            .map(|(h, parts)| match h {
                Head::Label(Field::Department) => department_cells(&section_lines(parts)).join(" "),
                _ => join_wrapped(parts),
            })
            .collect();
        self.out.push((no, texts.join("\t")));
        self.out.push((values_no, values.join("\t")));
    }
}

/// The lines of a section cell that `-layout` wrapped at the cell's width: a piece runs
/// on from the one before unless that one ends a name (a section, or a bureau that a
/// section follows on the next line: 「企画部 企画政策」「課」 is 企画部 企画政策課, 「総務部」
/// 「情報政策課」 two lines).
fn section_lines(parts: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for p in parts.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
        match out.last_mut() {
            Some(line) if !crate::sections::ends_a_name(line) => line.push_str(p),
            _ => out.push(p.to_string()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;

    #[test]
    fn pieces_keep_their_columns() {
        let line = " 工程表         R 2 年度      R 3 年度";
        let cols: Vec<usize> = (0..line.chars().count()).collect();
        let ps = pieces(line, &cols);
        let cols: Vec<(usize, &str)> = ps.iter().map(|p| (p.col, p.text.as_str())).collect();
        assert_eq!(cols, [(1, "工程表"), (13, "R 2年度"), (25, "R 3年度")]);
        assert_eq!(tidy("ICT の活用 令和 2 年度"), "ICTの活用 令和2年度");
        assert_eq!(tidy("市民生活部 市民課"), "市民生活部 市民課");
        assert_eq!(
            tidy_letters("①　SNS による発信 基本目標 1 行政"),
            "①　SNSによる発信 基本目標 1 行政"
        );
    }

    /// A header row of labels and years over its values, the cells wrapped over lines:
    /// two rows of tab-separated cells, a section's wrapped name joined where it was cut.
    #[test]
    fn a_header_row_over_wrapped_values_becomes_two_rows_of_cells() {
        let text = concat!(
            "(2)   使用料の適正化\n",
            "\n",
            " 所管課        取組概要                R7   R8   R9\n",
            "\n",
            " 財務部 財政課    受益者負担の原則に基づき、使用料・   検討   実施   ●\n",
            " 企画部 企画政策   手数料を見直す。\n",
            " 課\n",
            "\n",
            "(3)   次の項目\n",
        );
        let s = Settings::default();
        let lines = super::super::pages::clean(text);
        let out: Vec<String> = rows(&lines, &s.plan).into_iter().map(|(_, l)| l).collect();
        assert_eq!(
            out,
            [
                "(2)   使用料の適正化",
                "",
                "所管課\t取組概要\tR7\tR8\tR9",
                "財務部 財政課 企画部 企画政策課\t受益者負担の原則に基づき、使用料・手数料を見直す。\t検討\t実施\t●",
                "(3)   次の項目",
                "",
            ]
        );
        // Columns from the margin on: the table ends at an item's marker and name.
        let text = concat!(
            "担当課      取組内容     令和 7 年度   令和 8 年度\n",
            "\n",
            "総務部      タブレット端   実施        →\n",
            "総務課      末を活用する。\n",
            "イ   ふるさと納税の返礼品の充実\n",
        );
        let lines = super::super::pages::clean(text);
        let out: Vec<String> = rows(&lines, &s.plan).into_iter().map(|(_, l)| l).collect();
        assert_eq!(
            out[1..],
            [
                "総務部 総務課\tタブレット端末を活用する。\t実施\t→",
                "イ   ふるさと納税の返礼品の充実",
                "",
            ]
        );
        assert_eq!(
            section_lines(&["教育委員会事務".into(), "局 生涯学習課".into()]),
            ["教育委員会事務局 生涯学習課"]
        );
        assert_eq!(
            section_lines(&["総務部".into(), "情報政策課".into()]),
            ["総務部", "情報政策課"]
        );
    }

    /// pdftotext lays out each page on a grid of its own: a schedule header at the foot of
    /// one page (years at columns 13, 25, 38, …) and its values at the top of the next
    /// (laid out with years at 8, 20, 33, … as that page's own header shows) are placed by
    /// the next page's grid.
    #[test]
    fn values_on_the_next_page_are_placed_by_that_page_s_grid() {
        let text = concat!(
            " 工程表         R 2 年度      R 3 年度       R 4 年度   R 5 年度   R 6 年度\n",
            "\u{c}",
            "        先進自治体の調査、実施検討            キャッシュレス化の実施\n",
            "\n",
            "実践項目名       水道料金のキャッシュレス化\n",
            "工程表     R 2 年度      R 3 年度       R 4 年度   R 5 年度   R 6 年度\n",
            "        導入準備        導入\n",
        );
        let s = Settings::default();
        let lines = super::super::pages::clean(text);
        let out: Vec<String> = rows(&lines, &s.plan).into_iter().map(|(_, l)| l).collect();
        assert_eq!(
            out[1], "\t先進自治体の調査、実施検討\t\tキャッシュレス化の実施\t\t",
            "{out:?}"
        );
        assert_eq!(out[4], "\t導入準備\t導入\t\t\t", "{out:?}");
    }
}
