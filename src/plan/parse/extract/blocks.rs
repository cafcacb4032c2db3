//! Plain pdftotext output (without `-layout`): a table comes out a cell at a time, each
//! cell a block of lines. A label block takes the blocks after it up to the next label or
//! heading; a schedule's year blocks are its header and its other blocks its values, set
//! under their years by [`super::place`].

use super::columns::tidy;
use super::pages::PageLine;
use super::place::{
    Cell, Year, column_chars, has_year, in_column_order, join_continued, place, position_unknown,
    row,
};
use super::{
    Out, Unplaced, department_cells, inline_schedule, is_bureau_only, is_section_only, item_name,
    join_wrapped, label_at_start, label_word, latest_year, numbered_name_label, prose_schedule,
    schedule_lines,
};
use crate::config::PlanVocabulary;
use crate::plan::parse::recognize::{heading, initiative_marker, outline_marker, sdgs_trailer};
use crate::plan::parse::row::Field;
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
    Schedule {
        label: String,
        no: usize,
        years: Vec<Year>,
        cells: Vec<Cell>,
        values_no: Option<usize>,
    },
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
    };
    for l in lines {
        r.page = l.page;
        r.line(l.no, l.text.trim());
    }
    r.flush();
    r.finish_schedules();
    (r.out, r.unplaced)
}

/// A line that stands outside any table: an initiative, a heading, an outline level.
fn is_structure(text: &str, vocab: &PlanVocabulary) -> bool {
    let folded = fold(text);
    initiative_marker(text).is_some()
        || heading(&folded, vocab).is_some()
        || outline_marker(text, vocab).is_some()
        || sdgs_trailer(&folded).is_some()
}

impl Rows<'_> {
    fn line(&mut self, no: usize, text: &str) {
        if text.is_empty() {
            self.new_cell = true;
            if matches!(self.pending, Pending::None) {
                self.out.push((no, String::new()));
            }
            return;
        }
        if let Some((field, after)) = label_at_start(text, self.vocab) {
            self.flush();
            self.open(field, text, no, after);
            self.new_cell = true;
            return;
        }
        if let Some((label, number)) = numbered_name_label(text, self.vocab) {
            self.flush();
            self.open(Field::Name, label, no, number);
            self.new_cell = true;
            return;
        }
        let awaits_name = matches!(&self.pending, Pending::Text { field: Field::Name, parts, .. } if parts.is_empty());
        if !awaits_name && is_structure(text, self.vocab) {
            self.flush();
            self.out.push((no, text.to_string()));
            return;
        }
        let is_year = parse_fiscal_year(text).is_some() || parse_fiscal_year_range(text).is_some();
        if is_year && self.year(text) {
            return;
        }
        let ends_at_name = match &self.pending {
            Pending::Schedule { years, .. } => years.is_empty(),
            Pending::Department { .. } => true,
            // A content may list its points as `ア　…`.
            Pending::None | Pending::Text { .. } => false,
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
        self.seq += 1;
        match &mut self.pending {
            Pending::None => self.out.push((no, text.to_string())),
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
                if let Some((years, values)) = parts.first().and_then(|p| inline_schedule(p)) {
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
            } => {
                let lines: Vec<String> = cells.iter().flat_map(|c| c.lines.clone()).collect();
                if years.is_empty()
                    && let Some((years, values)) = prose_schedule(&lines, self.last_year)
                {
                    let values_no = values_no.unwrap_or(no);
                    self.out
                        .extend(schedule_lines(&label, no, &years, values_no, &values));
                    return;
                }
                // Written in full by `finish_schedules`; the lines hold their places.
                self.written.push(Written {
                    at: self.out.len(),
                    label: label.clone(),
                    years,
                    cells,
                });
                self.out.push((no, label));
                self.out.push((values_no.unwrap_or(no), String::new()));
            }
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
