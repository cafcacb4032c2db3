//! Plain pdftotext output (without `-layout`): a table comes out a cell at a time, each
//! cell a block of lines. A label block takes the blocks after it up to the next label or
//! heading; a schedule's year blocks are its header and its other blocks its values, set
//! under their years by [`super::place`].
//!
//! What the reading order does to a table, and how each is undone:
//! - an item sheet's header row (工程表 | 効果) comes as two labels, then the years and
//!   values, then 効果's text: the second label is queued and takes the block after the
//!   schedule has a value per year (or its last block);
//! - an item sheet's number (取組番号 ⏎ 1-1) and prose headings (現状と課題 ⏎ text) come as
//!   a label block and a value block: written as one row;
//! - a heading's number and its title (基本目標1 ⏎ 効率的で…) come as two blocks: joined;
//! - a schedule of rows (令和7年度 | 検討, 令和8年度～ | 実施) comes as year and value blocks
//!   in turn: paired in order and read as a schedule in prose; the next item's marker (イ),
//!   in the year column, waits for its name after the values;
//! - a one-table plan's rows scatter over the page (a row cut by a page break sets its
//!   values after the next rows): the table is refused ([`table_header_apart`]).

use std::sync::LazyLock;

use regex::Regex;

use super::columns::tidy;
use super::pages::PageLine;
use super::place::{
    Cell, Year, column_chars, has_year, in_column_order, join_continued, place, position_unknown,
    row,
};
use super::year_rows::{YearRows, is_open_year, is_year_line, paired_lines, starts_with_year};
use super::{
    Out, Unplaced, department_cells, inline_schedule, is_bureau_only, is_section_only, item_name,
    join_wrapped, label_at_start, label_word, latest_year, numbered_name_label, prose_schedule,
    schedule_lines,
};
use crate::config::PlanVocabulary;
use crate::plan::parse::recognize::{heading, initiative_marker, outline_marker, sdgs_trailer};
use crate::plan::parse::row::{Field, is_number_label, label_of};
use crate::text::fold;
use crate::wareki::{parse_fiscal_year, parse_fiscal_year_range};

enum Pending {
    None,
    Text {
        field: Field,
        label: String,
        no: usize,
        parts: Vec<String>,
    },
    Department {
        label: String,
        no: usize,
        lines: Vec<String>,
    },
    /// An item sheet's number label (取組番号) waiting for its number block.
    Number {
        label: String,
        no: usize,
    },
    /// An inline schedule whose pieces plain output set apart (「年次計画：R7：検討」 ⏎
    /// 「R8：試行」 ⏎ 「R9～R11：実施」).
    Inline {
        label: String,
        no: usize,
        pieces: Vec<String>,
    },
    Schedule {
        label: String,
        no: usize,
        years: Vec<Year>,
        cells: Vec<Cell>,
        values_no: Option<usize>,
        /// A label in the schedule's header row (工程表 | 効果): plain output sets it
        /// before the years, and its value after the schedule's.
        then: Option<Queued>,
        /// The next item's marker (イ) that plain output set in the year column; its
        /// title comes as a block after the schedule's values.
        marker: Option<Queued>,
    },
}

/// A label read in a schedule's header row, before the schedule's years and values:
/// its line number and text.
struct Queued {
    no: usize,
    text: String,
}

/// A schedule written out: the index of its header line in the output, its years and
/// value blocks. Plain output may set a year block after the next item's first rows; it
/// is added here, and the two lines are written again at the end, when the width of a
/// column is known from the whole document.
struct Written {
    at: usize,
    label: String,
    years: Vec<Year>,
    cells: Vec<Cell>,
}

/// A 担当部署 cell written out that names a bureau without its section: plain output
/// may set the section (`財政部 資産活用課` written on one line with a wide space) as a
/// block of its own, after the schedule or inside the next item's.
struct Awaiting {
    at: usize,
    label: String,
    lines: Vec<String>,
}

/// Most headings and markers kept waiting for their titles; an older one is written
/// alone.
const MAX_BARE: usize = 8;

/// Most cells kept waiting for their section: the two latest.
const MAX_AWAITING: usize = 2;

struct Rows<'a> {
    vocab: &'a PlanVocabulary,
    out: Vec<Out>,
    pending: Pending,
    written: Vec<Written>,
    /// The line before was blank or a year: the next value line starts a new cell.
    new_cell: bool,
    /// Year blocks read before their schedule's label (a year the open schedule already
    /// has): the next schedule's.
    early: Vec<Year>,
    /// The place of the next year or value block in the reading order.
    seq: usize,
    awaiting: Vec<Awaiting>,
    /// The page of the line being read.
    page: usize,
    /// Schedule rows whose values' years the text leaves open.
    unplaced: Vec<Unplaced>,
    /// The document's latest fiscal year, where a schedule's open span ends.
    last_year: Option<i32>,
    /// A heading read without its title (「基本目標1」): plain output sets the title as
    /// the next block.
    bare: Vec<(usize, String)>,
    /// An item's name or number was read and no heading since: a prose heading
    /// (現状と課題) is a row of its item sheet.
    in_item: bool,
    /// The 担当 row written from one line, which a section alone on the next line joins.
    sections_below: Option<usize>,
    /// Reading a schedule a year a row under its header (「年度 取組」).
    year_rows: Option<YearRows>,
    /// Markers waiting in `bare` while the item before them goes by (plain output set
    /// 「①」 ⏎ 「②」 before both names): the next one's name is the line after the item's
    /// year rows.
    bare_held: bool,
    /// A label read right after an item name's label, before its value (pdfminer:
    /// 「実践項目名」 ⏎ 「担当部署」 ⏎ name ⏎ section): the label of the value after the name's.
    paired: Option<Queued>,
}

/// The lines of plain output as plan rows, and the schedule rows whose values could not
/// be placed from the text ([`position_unknown`]).
pub(super) fn rows(lines: &[PageLine], vocab: &PlanVocabulary) -> (Vec<Out>, Vec<Unplaced>) {
    let mut r = Rows {
        vocab,
        out: Vec::new(),
        pending: Pending::None,
        written: Vec::new(),
        new_cell: true,
        early: Vec::new(),
        seq: 0,
        awaiting: Vec::new(),
        page: 0,
        unplaced: Vec::new(),
        last_year: latest_year(lines.iter().map(|l| l.text.as_str())),
        bare: Vec::new(),
        in_item: false,
        sections_below: None,
        year_rows: None,
        bare_held: false,
        paired: None,
    };
    for l in lines {
        r.page = l.page;
        r.line(l.no, l.text.trim());
    }
    r.flush();
    r.write_bare();
    r.finish_schedules();
    (r.out, r.unplaced)
}

/// A line that stands outside any table: an initiative, a heading, an outline level.
pub(super) fn is_structure(text: &str, vocab: &PlanVocabulary) -> bool {
    let folded = fold(text);
    initiative_marker(text).is_some()
        || heading(&folded, vocab).is_some()
        || outline_marker(text, vocab).is_some()
        || sdgs_trailer(&folded).is_some()
}

/// An item's marker alone on its line (①, イ, (2)), or a number alone that was one (「１」:
/// Shift_JIS has no ①, and pdftotext writes it as the digit).
fn is_marker_alone(text: &str, vocab: &PlanVocabulary) -> bool {
    text.chars().count() <= 4
        && (crate::plan::parse::numbered_item_name(&format!("{text}\u{3000}題"), vocab).is_some()
            || super::circled(text).is_some())
}

impl Rows<'_> {
    /// A heading's word and number with no title (「基本目標1」「重点項目【2】」「施策（１）」):
    /// a line that would be a heading with a title after it.
    fn is_bare_heading(&self, text: &str) -> bool {
        static RE: LazyLock<Regex> = LazyLock::new(|| {
            crate::text::regex(
                r"^[^\d\s()（）【】]{1,8}[ \u{3000}]*[【(（]?[0-9０-９Ⅰ-Ⅻ]{1,3}[】)）]?$",
            )
        });
        let text = text.trim();
        RE.is_match(text) && is_structure(&format!("{text}\u{3000}題"), self.vocab)
    }

    /// 「年度 取組」 over a schedule a year a row: it ends the field above it, and the rows
    /// go through as they are ([`super::year_rows`] reads them); false for other lines.
    fn year_header(&mut self, no: usize, text: &str) -> bool {
        if !super::year_rows::is_year_header(text, self.vocab) {
            return false;
        }
        self.flush();
        self.out.push((no, text.to_string()));
        self.year_rows = Some(YearRows::Year);
        true
    }

    /// A line of the year rows under a header: written as it is (the rows are read by
    /// [`super::year_rows`]). False when the rows have ended before it.
    fn year_row_line(&mut self, no: usize, text: &str) -> bool {
        self.year_rows = self.year_rows.take().and_then(|rows| rows.after(text));
        if self.year_rows.is_some() {
            self.out.push((no, text.to_string()));
        }
        self.year_rows.is_some()
    }

    /// A line with text taken before any field sees it: a year row under its header, an
    /// inline schedule's piece, a marker waiting for its name, or such a name.
    fn taken_first(&mut self, no: usize, text: &str) -> bool {
        if self.year_rows.is_some() {
            if self.year_row_line(no, text) {
                return true;
            }
            // The rows have ended: this line may be a waiting marker's name.
            self.bare_held = false;
        }
        if self.inline_piece(text) || self.queue_marker(no, text) {
            return true;
        }
        if matches!(self.pending, Pending::Inline { .. }) {
            self.flush();
        }
        self.title_of_bare(text)
    }

    fn line(&mut self, no: usize, text: &str) {
        if !text.is_empty() && self.taken_first(no, text) {
            return;
        }
        if text.is_empty() {
            self.new_cell = true;
            if matches!(self.pending, Pending::None) {
                self.out.push((no, String::new()));
            }
            return;
        }
        if self.queue_in_header_row(no, text) || self.year_header(no, text) {
            return;
        }
        if let Some(number) = self.number_of_pending(text) {
            let Pending::Number { label, no } = std::mem::replace(&mut self.pending, Pending::None)
            else {
                return;
            };
            self.out.push((no, format!("{label}\t{number}")));
            self.in_item = true;
            return;
        }
        if self.section_below(text) || self.pairs_on_one_line(no, text) {
            return;
        }
        if is_number_label(text) {
            self.flush();
            self.pending = Pending::Number {
                label: text.to_string(),
                no,
            };
            return;
        }
        if let Some((field, after)) = label_at_start(text, self.vocab) {
            if self.pairs_with_name(no, text, field, &after) {
                return;
            }
            self.flush();
            self.open(field, text, no, after);
            self.new_cell = true;
            return;
        }
        if let Some((label, number, title)) = numbered_name_label(text, self.vocab) {
            self.flush();
            if title.is_empty() {
                self.open(Field::Name, label, no, number);
                self.new_cell = true;
            } else {
                self.open(Field::Name, label, no, format!("{number} {title}"));
                self.flush();
            }
            return;
        }
        let awaits_name = matches!(&self.pending, Pending::Text { field: Field::Name, parts, .. } if parts.is_empty());
        if !awaits_name && self.is_bare_heading(text) {
            self.flush();
            self.release_held();
            self.in_item = false;
            self.bare.push((no, text.to_string()));
            return;
        }
        if !awaits_name && is_structure(text, self.vocab) {
            self.flush();
            self.release_held();
            if self.in_item && heading(&fold(text), self.vocab).is_some() {
                // Written as a row beside its text, as 取組内容 is.
                self.open(Field::Content, text, no, String::new());
                self.new_cell = true;
            } else {
                self.in_item = false;
                self.out.push((no, text.to_string()));
            }
            return;
        }
        self.value_line(no, text);
    }

    /// A line that is neither a label nor a heading: a year, the next item's name, or a
    /// value of the open label.
    fn value_line(&mut self, no: usize, text: &str) {
        let is_year = parse_fiscal_year(text).is_some()
            || parse_fiscal_year_range(text).is_some()
            || is_open_year(text);
        if is_year && self.year(text) {
            return;
        }
        if self.years_on_one_line(no, text) {
            return;
        }
        if self.marker_in_schedule(no, text) || self.title_of_marker(text) {
            return;
        }
        let ends_at_name = match &self.pending {
            Pending::Schedule { years, .. } => years.is_empty(),
            Pending::Department { .. } => true,
            // A content may list its points as `ア　…`.
            Pending::None
            | Pending::Number { .. }
            | Pending::Inline { .. }
            | Pending::Text { .. } => false,
        };
        if ends_at_name && crate::plan::parse::numbered_item_name(text, self.vocab).is_some() {
            // The next item's name (`イ　…`) ends a schedule written as lines of years and
            // a 担当 cell.
            self.flush();
            self.out.push((no, text.to_string()));
            return;
        }
        let new_cell = std::mem::replace(&mut self.new_cell, false);
        let text = tidy(text);
        let text = text.as_str();
        if new_cell
            && matches!(self.pending, Pending::Schedule { .. })
            && self.section_of_earlier(text)
        {
            return;
        }
        if new_cell && (self.value_of_queued(text) || self.value_of_paired(text)) {
            return;
        }
        self.seq += 1;
        match &mut self.pending {
            Pending::None | Pending::Number { .. } | Pending::Inline { .. } => {
                self.out.push((no, text.to_string()));
            }
            Pending::Text { parts, .. } => parts.push(text.to_string()),
            Pending::Department { lines, .. } => lines.push(text.to_string()),
            Pending::Schedule {
                cells, values_no, ..
            } => {
                if new_cell || cells.is_empty() {
                    cells.push(Cell {
                        lines: vec![text.to_string()],
                        seq: self.seq,
                        page: self.page,
                    });
                    values_no.get_or_insert(no);
                } else if let Some(c) = cells.last_mut() {
                    c.lines.push(text.to_string());
                }
            }
        }
    }

    /// The block after a heading read without its title: its title, unless it is a label,
    /// a heading or a year (then the heading is written alone and the line read as any).
    fn title_of_bare(&mut self, text: &str) -> bool {
        if self.bare.is_empty() || self.bare_held {
            return false;
        }
        let is_year = parse_fiscal_year(text).is_some() || parse_fiscal_year_range(text).is_some();
        let is_title = !is_year
            && !is_structure(text, self.vocab)
            && label_at_start(text, self.vocab).is_none()
            && !is_number_label(text)
            && !self.is_lone_marker(text);
        if is_title {
            let (no, bare) = self.bare.remove(0);
            self.out
                .push((no, format!("{bare}\u{3000}{}", tidy(text.trim()))));
        } else if label_at_start(text, self.vocab).is_some()
            && self.bare.iter().all(|(_, b)| self.is_lone_marker(b))
        {
            // Items' markers set before their names: the next name comes after this
            // item's fields.
            self.bare_held = true;
        } else if !self.is_lone_marker(text) {
            self.write_bare();
        }
        is_title
    }

    /// An item's marker alone (①, イ, (2)): its name comes as a later block.
    fn is_lone_marker(&self, text: &str) -> bool {
        is_marker_alone(text, self.vocab)
    }

    /// A marker or a heading's number alone after a heading still waiting for its title,
    /// or among an inline schedule's pieces (「施策 1」 ⏎ 「①」 ⏎ title ⏎ name, or 「R7：準備」
    /// ⏎ 「施策 2」 ⏎ 「①」 ⏎ 「R8：設置」 ⏎ title ⏎ name): it waits its turn for a title.
    fn queue_marker(&mut self, no: usize, text: &str) -> bool {
        if self.is_lone_marker(text) && self.bare.is_empty() {
            self.queue_marker_above();
        }
        // A marker alone outside any field waits for its name too (「①」 ⏎ 「SNSによる…」).
        let waits = !self.bare.is_empty()
            || matches!(self.pending, Pending::Inline { .. })
            || (matches!(self.pending, Pending::None) && self.is_lone_marker(text));
        if !waits || !(self.is_lone_marker(text) || self.is_bare_heading(text)) {
            return false;
        }
        if self.bare.len() == MAX_BARE {
            let oldest = self.bare.remove(0);
            self.out.push(oldest);
        }
        self.bare.push((no, text.to_string()));
        true
    }

    /// A piece of an inline schedule that plain output set apart (「R8：試行」 after
    /// 「■年次計画：R7：検討」).
    /// A schedule's label alone on its line (「年次計画」) followed by such a piece
    /// (「R7：検討」) opens an inline schedule too.
    fn inline_piece(&mut self, text: &str) -> bool {
        if !starts_with_year(text) {
            return false;
        }
        match &mut self.pending {
            Pending::Inline { pieces, .. } => pieces.push(text.trim().to_string()),
            Pending::Schedule {
                label,
                no,
                years,
                cells,
                then: None,
                ..
            } if years.is_empty() && cells.is_empty() && fold(text).contains(':') => {
                self.pending = Pending::Inline {
                    label: std::mem::take(label),
                    no: *no,
                    pieces: vec![text.trim().to_string()],
                };
            }
            _ => return false,
        }
        true
    }

    /// A heading still waiting for its title at the end of the text: written alone.
    /// A lone marker written last (blank lines after it aside), taken back to wait for
    /// its name: markers set one after another (「①」 ⏎ 「②」) precede their names in turn.
    fn queue_marker_above(&mut self) {
        if !matches!(self.pending, Pending::None) {
            return;
        }
        let Some(k) = self.out.iter().rposition(|(_, t)| !t.trim().is_empty()) else {
            return;
        };
        if !self.is_lone_marker(&self.out[k].1) {
            return;
        }
        let marker = self.out.remove(k);
        self.out.truncate(k);
        self.bare.push(marker);
    }

    /// Markers still held when a heading comes: written alone.
    fn release_held(&mut self) {
        if self.bare_held {
            self.write_bare();
        }
    }

    fn write_bare(&mut self) {
        self.bare_held = false;
        let bare = std::mem::take(&mut self.bare);
        self.out.extend(bare);
    }

    /// A label or heading right after a schedule's label, before any year or value: the
    /// header row's next cell (工程表 | 効果), whose value comes after the schedule's.
    fn queue_in_header_row(&mut self, no: usize, text: &str) -> bool {
        let Pending::Schedule {
            years, cells, then, ..
        } = &mut self.pending
        else {
            return false;
        };
        if !years.is_empty() || !cells.is_empty() || then.is_some() {
            return false;
        }
        let folded = fold(text);
        let is_label = label_at_start(text, self.vocab).is_some_and(|(_, after)| after.is_empty());
        if !is_label && heading(&folded, self.vocab).is_none() {
            return false;
        }
        *then = Some(Queued {
            no,
            text: text.to_string(),
        });
        true
    }

    /// A value block after a schedule has a value for each year: the value of the label
    /// queued in its header row, which closes the schedule.
    fn value_of_queued(&mut self, text: &str) -> bool {
        let Pending::Schedule {
            years, cells, then, ..
        } = &mut self.pending
        else {
            return false;
        };
        if years.is_empty() || cells.len() < years.len() {
            return false;
        }
        let Some(q) = then.take() else {
            return false;
        };
        self.flush();
        self.write_queued(q, text);
        true
    }

    /// A label alone right after an item name's label alone, a blank line between: the
    /// two labels of a table's row, each value in a block after both.
    fn pairs_with_name(&mut self, no: usize, text: &str, field: Field, after: &str) -> bool {
        let awaits_name = matches!(&self.pending, Pending::Text { field: Field::Name, parts, .. } if parts.is_empty());
        if !(awaits_name && self.new_cell && after.is_empty() && field != Field::Name) {
            return false;
        }
        self.paired = Some(Queued {
            no,
            text: text.to_string(),
        });
        true
    }

    /// The block after the name's value: the paired label's value.
    fn value_of_paired(&mut self, text: &str) -> bool {
        let named = matches!(&self.pending, Pending::Text { field: Field::Name, parts, .. } if !parts.is_empty());
        let Some(q) = self.paired.take_if(|_| named) else {
            return false;
        };
        self.flush();
        self.write_queued(q, text);
        true
    }

    /// A queued header-row label with its first value block: a label opens as if read on
    /// one line (later blocks continue it), a heading is written with the block beside it.
    fn write_queued(&mut self, q: Queued, value: &str) {
        match label_at_start(&q.text, self.vocab) {
            Some((field, _)) => {
                self.open(field, &q.text, q.no, value.to_string());
                self.new_cell = false;
            }
            None => self.out.push((q.no, format!("{}\t{value}", q.text))),
        }
    }

    /// A schedule's label alone, then its years on one line (`pdftotext -raw`: 「工程表」 ⏎
    /// 「R7 R8 R9 R10 R11」 ⏎ 「試行 本格実施 → → →」): the label and years written as one
    /// line, the values line read after it as written; the plan reader splits both.
    fn years_on_one_line(&mut self, no: usize, text: &str) -> bool {
        let Pending::Schedule {
            label,
            years,
            cells,
            then: None,
            ..
        } = &self.pending
        else {
            return false;
        };
        let tokens: Vec<&str> = text.split_whitespace().collect();
        let all_years = tokens.len() >= 2 && tokens.iter().all(|t| parse_fiscal_year(t).is_some());
        if !years.is_empty() || !cells.is_empty() || !all_years {
            return false;
        }
        let line = format!("{label} {text}");
        self.pending = Pending::None;
        self.out.push((no, line));
        true
    }

    /// A lone item marker (イ, (2), ②) among a schedule's blocks: the next item's, set in
    /// the year column by plain output.
    fn marker_in_schedule(&mut self, no: usize, text: &str) -> bool {
        let Pending::Schedule { marker, .. } = &mut self.pending else {
            return false;
        };
        let lone = marker.is_none() && is_marker_alone(text, self.vocab);
        if lone {
            *marker = Some(Queued {
                no,
                text: text.to_string(),
            });
        }
        lone
    }

    /// A block after a schedule that has a value for each year, with the next item's
    /// marker read among its blocks: that item's name, which closes the schedule.
    fn title_of_marker(&mut self, text: &str) -> bool {
        let Pending::Schedule {
            years,
            cells,
            marker,
            ..
        } = &mut self.pending
        else {
            return false;
        };
        if marker.is_none() || !self.new_cell || years.is_empty() {
            return false;
        }
        let values = cells.iter().filter(|c| !is_year_line(&c.lines)).count();
        if values < years.len() {
            return false;
        }
        let Some(m) = marker.take() else {
            return false;
        };
        self.flush();
        self.out
            .push((m.no, format!("{}\u{3000}{}", m.text, text.trim())));
        self.in_item = true;
        true
    }

    /// A row of an item sheet written on one line, label and value apart by a space, as
    /// `pdftotext -raw` writes it: the number with the pair beside it (「取組番号 1-1 担当課
    /// 総務課」: the number as its row, the rest read as a line of its own), a 担当 row, and
    /// inside an item a prose heading with its text (「現状と課題 事務の…」).
    fn pairs_on_one_line(&mut self, no: usize, text: &str) -> bool {
        let Some((head, rest)) = text.split_once([' ', '\u{3000}']) else {
            return false;
        };
        let rest = rest.trim();
        if rest.is_empty() {
            return false;
        }
        if is_number_label(head) && !is_structure(text, self.vocab) {
            let (number, after) = rest.split_once([' ', '\u{3000}']).unwrap_or((rest, ""));
            if crate::plan::numbering::parse_number(number, self.vocab.layout.iroha).is_none() {
                return false;
            }
            self.flush();
            self.out.push((no, format!("{head}\t{number}")));
            self.in_item = true;
            if !after.trim().is_empty() {
                self.line(no, after.trim());
            }
            return true;
        }
        let is_department = label_of(head, self.vocab) == Some(Field::Department);
        let is_prose = self.in_item && heading(&fold(head), self.vocab).is_some();
        if !is_department && !is_prose {
            return false;
        }
        self.flush();
        self.out.push((no, format!("{head}\t{rest}")));
        if is_department {
            self.sections_below = Some(self.out.len() - 1);
        }
        true
    }

    /// A line naming a section alone under a 担当 row written on one line (「担当課 契約検査課」
    /// ⏎ 「財政課」): another section of that row.
    fn section_below(&mut self, text: &str) -> bool {
        let Some(at) = self.sections_below else {
            return false;
        };
        if !is_section_only(text) {
            self.sections_below = None;
            return false;
        }
        if let Some(line) = self.out.get_mut(at) {
            line.1.push('\t');
            line.1.push_str(text.trim());
        }
        true
    }

    /// The number block of a pending number label (取組番号 ⏎ 1-1). A block that is no
    /// number writes the label alone and is read as any other line.
    fn number_of_pending(&mut self, text: &str) -> Option<String> {
        let Pending::Number { label, no } = &self.pending else {
            return None;
        };
        let short = text.chars().count() <= 12;
        if short && crate::plan::numbering::parse_number(text, self.vocab.layout.iroha).is_some() {
            return Some(text.trim().to_string());
        }
        self.out.push((*no, label.clone()));
        self.pending = Pending::None;
        None
    }

    /// A schedule block naming a section alone, when an earlier 担当部署 cell names a
    /// bureau without its section: that cell's section (the earliest waiting).
    fn section_of_earlier(&mut self, text: &str) -> bool {
        if !is_section_only(text) || self.awaiting.is_empty() {
            return false;
        }
        let mut a = self.awaiting.remove(0);
        a.lines.push(text.to_string());
        if let Some(line) = self.out.get_mut(a.at) {
            line.1 = format!("{}\t{}", a.label, department_cells(&a.lines).join("\t"));
        }
        true
    }

    /// A year block: to the open schedule, else to the one written last (plain output
    /// may set it after the next item's first rows); a year that schedule already has
    /// is the next schedule's. `false` when there is no schedule to take it.
    fn year(&mut self, text: &str) -> bool {
        self.seq += 1;
        let year = Year {
            text: text.to_string(),
            seq: self.seq,
        };
        let years = match &mut self.pending {
            Pending::Schedule { years, .. } => {
                self.new_cell = true;
                years
            }
            _ => match self.written.last_mut() {
                Some(w) => &mut w.years,
                None => return false,
            },
        };
        if has_year(years, text) {
            self.early.push(year);
        } else {
            years.push(year);
        }
        true
    }

    fn open(&mut self, field: Field, text: &str, no: usize, after: String) {
        let label = label_word(text);
        let parts: Vec<String> = Some(after).filter(|a| !a.is_empty()).into_iter().collect();
        self.pending = match field {
            Field::ScheduleHeader => {
                if parts.first().is_some_and(|p| starts_with_year(p)) {
                    Pending::Inline {
                        label,
                        no,
                        pieces: parts,
                    }
                } else if let Some((years, values)) = parts
                    .first()
                    .and_then(|p| inline_schedule(p, self.last_year))
                {
                    self.out
                        .extend(schedule_lines(&label, no, &years, no, &values));
                    Pending::None
                } else {
                    Pending::Schedule {
                        label,
                        no,
                        years: std::mem::take(&mut self.early),
                        cells: Vec::new(),
                        values_no: None,
                        then: None,
                        marker: None,
                    }
                }
            }
            Field::Department => Pending::Department {
                label,
                no,
                lines: parts,
            },
            Field::Name | Field::Content | Field::ScheduleValues => Pending::Text {
                field,
                label,
                no,
                parts,
            },
        };
    }

    fn flush(&mut self) {
        self.paired = None;
        match std::mem::replace(&mut self.pending, Pending::None) {
            Pending::None => {}
            Pending::Number { label, no } => self.out.push((no, label)),
            Pending::Inline { label, no, pieces } => {
                let joined = pieces.join("\u{3000}");
                match inline_schedule(&joined, self.last_year) {
                    Some((years, values)) => self
                        .out
                        .extend(schedule_lines(&label, no, &years, no, &values)),
                    None => self.out.push((no, format!("{label}\t{joined}"))),
                }
            }
            Pending::Text {
                field,
                label,
                no,
                parts,
            } => {
                let text = if field == Field::Name {
                    self.in_item = true;
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
                if cells.iter().any(|c| is_bureau_only(c)) {
                    if self.awaiting.len() == MAX_AWAITING {
                        self.awaiting.remove(0);
                    }
                    self.awaiting.push(Awaiting {
                        at: self.out.len() - 1,
                        label,
                        lines,
                    });
                }
            }
            Pending::Schedule {
                label,
                no,
                years,
                cells,
                values_no,
                then,
                marker,
            } => {
                self.flush_schedule(label, no, years, cells, values_no, then);
                if let Some(m) = marker {
                    self.out.push((m.no, m.text));
                }
            }
        }
    }

    /// Writes a schedule's label and holds the places of its lines (written in full by
    /// `finish_schedules`), or writes a schedule set out in prose at once; then the label
    /// queued in its header row, with the last block as its value when the schedule has
    /// fewer values than years.
    fn flush_schedule(
        &mut self,
        label: String,
        no: usize,
        years: Vec<Year>,
        mut cells: Vec<Cell>,
        values_no: Option<usize>,
        then: Option<Queued>,
    ) {
        let queued = then.map(|q| {
            let value = cells.pop().map(|c| join_wrapped(&c.lines));
            (q, value.unwrap_or_default())
        });
        let lines = if years.is_empty() {
            cells.iter().flat_map(|c| c.lines.clone()).collect()
        } else {
            paired_lines(&years, &cells).unwrap_or_default()
        };
        if !lines.is_empty()
            && let Some((years, values)) = prose_schedule(&lines, self.last_year)
        {
            let values_no = values_no.unwrap_or(no);
            self.out
                .extend(schedule_lines(&label, no, &years, values_no, &values));
        } else {
            self.written.push(Written {
                at: self.out.len(),
                label: label.clone(),
                years,
                cells,
            });
            self.out.push((no, label));
            self.out.push((values_no.unwrap_or(no), String::new()));
        }
        if let Some((q, value)) = queued {
            let text = match label_at_start(&q.text, self.vocab) {
                Some(_) => label_word(&q.text),
                None => q.text,
            };
            let line = if value.is_empty() {
                text
            } else {
                format!("{text}\t{value}")
            };
            self.out.push((q.no, line));
        }
    }

    /// Writes each schedule with the years that came late, each value under its year.
    fn finish_schedules(&mut self) {
        let written = std::mem::take(&mut self.written);
        let chars = column_chars(written.iter().flat_map(|w| &w.cells));
        for mut w in written {
            in_column_order(&mut w.years);
            join_continued(&mut w.cells, chars);
            let n = w.years.len();
            if position_unknown(&w.cells, &w.years, chars) {
                self.unplaced.push(Unplaced {
                    line: self.out.get(w.at + 1).map_or(0, |l| l.0),
                    values: w.cells.len(),
                    years: n,
                });
            }
            let values = match place(&w.cells, &w.years, chars) {
                Some(starts) => row(&w.cells, &starts, n, join_wrapped),
                // More values than years (the parser reports it): kept in their order.
                None => {
                    let mut v: Vec<String> =
                        w.cells.iter().map(|c| join_wrapped(&c.lines)).collect();
                    v.resize(n.max(v.len()), String::new());
                    v
                }
            };
            let years: Vec<String> = w.years.into_iter().map(|y| y.text).collect();
            let [(_, header), (_, row)] = schedule_lines(&w.label, 0, &years, 0, &values);
            if let Some(line) = self.out.get_mut(w.at) {
                line.1 = header;
            }
            if let Some(line) = self.out.get_mut(w.at + 1) {
                line.1 = row;
            }
        }
    }
}
