//! Reading the rows of one practice item's table into an [`ItemDraft`]: the label rows,
//! the 担当部署 cell, the schedule header and its values row, and wrapped lines.

use super::recognize::append_text;
use super::row::{Field, Row, schedule_header_spans, schedule_header_years, split_row};
use super::{Parser, PendingFinding};
use crate::config::PlanLayout;
use crate::decode::TextLine;
use crate::diagnostics::FindingCode;
use crate::plan::numbering::number_before_title;

/// The 担当部署 cell: the values of its row joined with `、`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct DepartmentCell {
    pub line: usize,
    pub text: String,
}

/// Rows of an item sheet written above its name row (取組番号 | 1-1 | 担当課 | 総務課):
/// kept for the item the next name row opens.
#[derive(Debug, Default)]
pub(super) struct EarlyRows {
    /// The item number and its line.
    pub number: Option<String>,
    pub number_line: usize,
    pub department: Option<DepartmentCell>,
}

/// The schedule header: the fiscal years its cells name (empty when none could be read).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ScheduleHeader {
    pub line: usize,
    pub years: Vec<i32>,
    /// Years each header cell spans (`R3～R4`: 2); empty when every cell is one year.
    pub spans: Vec<usize>,
    /// Where each year's cell stands among the header's cells when empty cells stand
    /// before or between them (a year table whose columns a PDF's ruling lines split);
    /// the values row has the same columns. Empty when the years are the first cells.
    pub columns: Vec<usize>,
    /// The years stand in one cell, apart by spaces (`年度計画 平成30年度 令和元年度 …`, text
    /// extracted without tabs): the values row is written the same way.
    pub in_one_cell: bool,
}

/// The row of schedule cells under the header, one per fiscal year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ScheduleRow {
    pub line: usize,
    pub cells: Vec<String>,
}

/// An item being read: what its rows said so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ItemDraft {
    /// The line of the 実践項目名 row.
    pub line: usize,
    pub name: String,
    /// The number written before the name (`①`, `1-(1)-①`), one entry per level.
    pub number: Option<Vec<u32>>,
    pub department_cell: Option<DepartmentCell>,
    /// The 担当 row written above the name row (an item sheet: 取組番号 | 1-1 | 担当課 |
    /// 総務課 over 取組項目): the item's owners unless a row below the name gives them.
    pub early_department: Option<DepartmentCell>,
    pub content: String,
    pub schedule_header: Option<ScheduleHeader>,
    pub schedule_row: Option<ScheduleRow>,
    /// The field of the last row: a row without a label continues it.
    pub last: Field,
}

impl ItemDraft {
    /// A draft opened by the 実践項目名 row at `line`.
    pub fn new(line: usize, name: &str, layout: &PlanLayout) -> ItemDraft {
        let (number, name) = number_before_title(name, layout.iroha);
        let number = number.filter(|_| layout.written_item_numbers);
        ItemDraft {
            line,
            name,
            number,
            department_cell: None,
            early_department: None,
            content: String::new(),
            schedule_header: None,
            schedule_row: None,
            last: Field::Name,
        }
    }

    /// The row after the schedule header, when the header awaits it.
    pub(super) fn awaits_schedule_values(&self) -> bool {
        self.last == Field::ScheduleHeader
    }

    /// Takes a row whose label names `field` (other than the name, which opens a new
    /// draft). A schedule header without readable years is returned as a finding.
    pub fn labelled_row(&mut self, field: Field, row: &Row, line: usize) -> Option<PendingFinding> {
        self.last = field;
        match field {
            Field::Department => {
                self.department_cell = Some(DepartmentCell {
                    line,
                    text: row.values_joined("、"),
                });
            }
            Field::Content => append_text(&mut self.content, &row.values_joined(" "), false),
            Field::ScheduleHeader => {
                let (years, spans) = schedule_header_spans(row.after_label())
                    .unwrap_or_else(|| (schedule_header_years(row.after_label()), Vec::new()));
                let unreadable = years.is_empty();
                let filled = row
                    .after_label()
                    .iter()
                    .filter(|c| !c.trim().is_empty())
                    .count();
                // Spans (「R7～R11」) say which years their one value covers.
                let in_one_cell = spans.is_empty() && years.len() > 1 && filled == 1;
                let columns = if spans.is_empty() {
                    year_columns(row.after_label(), years.len())
                } else {
                    Vec::new()
                };
                self.schedule_header = Some(ScheduleHeader {
                    line,
                    years,
                    spans,
                    columns,
                    in_one_cell,
                });
                if unreadable {
                    return Some(PendingFinding {
                        line,
                        code: FindingCode::PlanScheduleHeader,
                        value: row.after_label().join(" "),
                        message: "工程表の見出しに年度（例: R 2年度、令和2年度、2020年度）が読み取れません。この項目の工程表は取り込んでいません".to_string(),
                    });
                }
            }
            Field::Name | Field::ScheduleValues => {}
        }
        None
    }

    /// Takes the row of schedule cells that follows the header. A row written in one cell
    /// under a header written so gets a finding when its values cannot be matched with
    /// the years.
    pub fn schedule_values(&mut self, row: Row, line: usize) -> Option<PendingFinding> {
        let mut cells = row.into_schedule_values();
        let mut finding = None;
        if let Some(header) = &self.schedule_header {
            if !header.columns.is_empty() {
                cells = header
                    .columns
                    .iter()
                    .map(|&c| cells.get(c).cloned().unwrap_or_default())
                    .collect();
            } else if header.in_one_cell {
                (cells, finding) = values_in_one_cell(cells, header.years.len(), line);
            }
        }
        self.schedule_row = Some(ScheduleRow { line, cells });
        self.last = Field::ScheduleValues;
        finding
    }

    /// Takes `text` as the wrapped end of the name or the content, or a further line of
    /// the 担当部署 cell (a row cut by a page break, a label merged over two rows), when
    /// the last row was one of them; returns whether it did.
    pub fn continue_text(&mut self, text: &str) -> bool {
        let dst = match self.last {
            Field::Name => &mut self.name,
            Field::Content => &mut self.content,
            Field::Department => {
                let Some(cell) = self.department_cell.as_mut() else {
                    return false;
                };
                // A bureau ending the cell (「財務部　財政課、市民部」) names the section below.
                let last = cell
                    .text
                    .rsplit(['、', '\n', ' '])
                    .next()
                    .unwrap_or_default();
                let bureau = super::extract::is_bureau_only(last);
                cell.text.push(if bureau { ' ' } else { '\n' });
                cell.text.push_str(text.trim());
                return true;
            }
            _ => return false,
        };
        append_text(dst, text, false);
        true
    }
}

/// A schedule row whose values stand in one cell apart by spaces (`検討 準備 実施 → →`),
/// under a header whose `years` stand so too: one value a year when there are as many
/// values as years. With fewer (an empty year leaves no trace, a cell merged over years
/// or wrapped onto the next line reads as one value) or more (a value with a space in
/// it), the values are left from the first year on and the row is a finding: the text
/// does not say which year each value belongs to.
fn values_in_one_cell(
    cells: Vec<String>,
    years: usize,
    line: usize,
) -> (Vec<String>, Option<PendingFinding>) {
    let filled: Vec<&String> = cells.iter().filter(|c| !c.trim().is_empty()).collect();
    let [only] = filled.as_slice() else {
        return (cells, None);
    };
    let values: Vec<String> = only.split_whitespace().map(str::to_string).collect();
    if values.len() == years {
        return (values, None);
    }
    let finding = PendingFinding {
        line,
        code: FindingCode::PlanScheduleUnplaced,
        value: format!("値 {} 個・年度 {years} 個", values.len()),
        message: format!(
            "工程表のこの行は、空白で区切った値が {} 個、見出しの年度が {years} 個で、どの値がどの年度のものかがテキストからは分かりません。値を最初の年度から順に入れました。年度がずれていないか確かめるか、pdftotext -layout で取り出したテキスト、または元の PDF・Word の計画を置いてください",
            values.len()
        ),
    };
    (values, Some(finding))
}

/// The places of a schedule header's `years` year cells among its `cells`, when they are
/// not the first ones (empty cells before or between them); empty otherwise.
fn year_columns(cells: &[String], years: usize) -> Vec<usize> {
    let filled: Vec<usize> = (0..cells.len())
        .filter(|&i| !cells[i].trim().is_empty())
        .take(years)
        .collect();
    let in_place = filled.iter().enumerate().all(|(k, &i)| k == i);
    if filled.len() == years && !in_place {
        filled
    } else {
        Vec::new()
    }
}

impl Parser<'_> {
    fn item_mut(&mut self) -> Option<&mut ItemDraft> {
        self.cur.as_mut().and_then(|c| c.item.as_mut())
    }

    /// A line in the 実践項目 section.
    pub(super) fn item_line(&mut self, line: &TextLine) {
        let row = split_row(&line.raw, self.vocab);
        if row.label.is_none()
            && let Some(item) = self.item_mut()
            && item.awaits_schedule_values()
        {
            if let Some(f) = item.schedule_values(row, line.no) {
                self.report(f);
            }
            return;
        }
        match row.label {
            Some(Field::Name) => {
                self.finish_item();
                let mut name = row.values_joined(" ");
                if let Some(number) = self.early.number.take()
                    && number_before_title(&name, self.vocab.layout.iroha)
                        .0
                        .is_none()
                {
                    name = format!("{number} {name}");
                }
                let mut draft = ItemDraft::new(line.no, &name, &self.vocab.layout);
                draft.early_department = self.early.department.take();
                if let Some(cur) = self.cur_mut() {
                    cur.item = Some(draft);
                }
            }
            Some(field) => self.labelled_row(field, &row, line),
            None => self.unlabelled_row(&row, line),
        }
    }

    fn labelled_row(&mut self, field: Field, row: &Row, line: &TextLine) {
        let owned = self
            .item_mut()
            .map(|i| i.department_cell.is_some() || i.early_department.is_some());
        if field == Field::Department && (owned == Some(true) || self.early.number.is_some()) {
            // Above the next item's name row: its owners.
            let cell = DepartmentCell {
                line: line.no,
                text: row.values_joined("、"),
            };
            if let Some(earlier) = self.early.department.replace(cell) {
                self.row_outside_item(earlier.line, &earlier.text);
            }
            return;
        }
        let Some(item) = self.item_mut() else {
            self.finding(
                line.no,
                FindingCode::PlanRowOutsideItem,
                line.raw.trim(),
                "実践項目名の行より前に項目の行があります。この行は取り込んでいません".to_string(),
            );
            return;
        };
        if let Some(f) = item.labelled_row(field, row, line.no) {
            self.report(f);
        }
    }

    /// A row kept for an item that never came.
    pub(super) fn row_outside_item(&mut self, line: usize, text: &str) {
        self.finding(
            line,
            FindingCode::PlanRowOutsideItem,
            text,
            "実践項目名の行より前に項目の行があります。この行は取り込んでいません".to_string(),
        );
    }

    fn unlabelled_row(&mut self, row: &Row, line: &TextLine) {
        if row.is_continuation()
            && let Some(item) = self.item_mut()
            && item.continue_text(&row.text())
        {
            return;
        }
        let label = row.cells.first().filter(|c| {
            row.cells.len() > 1
                && super::recognize::heading(&crate::text::fold(c), self.vocab).is_some()
        });
        let message = match label {
            // An item sheet's 現状と課題 or 効果 row: a field the item tables do not hold.
            Some(label) => format!(
                "実践項目の表の「{label}」の行は、項目の欄（実践項目名・担当部署・取組内容・工程表）ではないため取り込んでいません"
            ),
            None => "実践項目の表の中で、見出し（実践項目名・担当部署・取組内容・工程表）のない行です。取り込んでいません".to_string(),
        };
        self.finding(
            line.no,
            FindingCode::PlanUnrecognizedLine,
            line.raw.trim(),
            message,
        );
    }
}
