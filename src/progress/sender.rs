//! Who sent a report: the 記入者・連絡先・報告日 cells above a sheet's header. The
//! 進捗入力 sheet of gyokaku's section workbooks asks for them in one row (a label, then
//! the cell to fill in); a section's own sheet may carry them anywhere above its header.
//! Each label's value is the first filled cell to its right that is not itself a label.

use serde::{Deserialize, Serialize};

use super::values::parse_date;
use crate::sheet::{CellValue, RawSheet, header_key};
use crate::wareki::Period;

/// Words a sheet labels the one who filled it in with (folded as headers are).
const WRITER_LABELS: [&str; 4] = ["記入者", "記入者名", "報告者", "作成者"];
/// Words of the contact's label.
const CONTACT_LABELS: [&str; 3] = ["連絡先", "電話番号", "内線"];
/// Words of the report date's label.
const DATE_LABELS: [&str; 4] = ["報告日", "提出日", "記入日", "作成日"];

/// Who filled a report in, how to reach them and on which day, as the sheet says.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sender {
    /// 記入者 (a name, often with the section or the post).
    pub writer: String,
    /// 連絡先 (an extension, a telephone number, a mail address).
    pub contact: String,
    /// The month of 報告日.
    pub date: Option<Period>,
    /// Its day.
    pub day: Option<u32>,
}

impl Sender {
    /// Whether the sheet says nothing of its sender.
    pub fn is_empty(&self) -> bool {
        self.writer.is_empty() && self.contact.is_empty() && self.date.is_none()
    }

    /// `令和6年10月8日`, or empty without a date.
    pub fn date_label(&self) -> String {
        match (self.date, self.day) {
            (Some(p), Some(d)) => format!("{}{d}日", p.japanese()),
            (Some(p), None) => p.japanese(),
            _ => String::new(),
        }
    }
}

/// Which of the three a label cell names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Label {
    Writer,
    Contact,
    Date,
}

/// The label a cell is, if any.
fn label(cell: &CellValue) -> Option<Label> {
    let CellValue::Text(t) = cell else {
        return None;
    };
    let key = header_key(t);
    let named = |words: &[&str]| words.iter().any(|w| header_key(w) == key);
    if named(&WRITER_LABELS) {
        Some(Label::Writer)
    } else if named(&CONTACT_LABELS) {
        Some(Label::Contact)
    } else if named(&DATE_LABELS) {
        Some(Label::Date)
    } else {
        None
    }
}

/// The sender the rows above `header_start` of `sheet` name; the first value of each
/// label wins. A 報告日 that is not a date is kept out (the report's rows carry their
/// month).
pub fn sender_above(sheet: &RawSheet, header_start: usize) -> Sender {
    let mut sender = Sender::default();
    for row in sheet.rows.iter().take(header_start) {
        for (col, cell) in row.iter().enumerate() {
            let Some(which) = label(cell) else {
                continue;
            };
            let Some(value) = row[col + 1..]
                .iter()
                .take_while(|c| label(c).is_none())
                .find(|c| !c.is_empty())
            else {
                continue;
            };
            fill(&mut sender, which, value);
        }
    }
    sender
}

/// Keeps `value` as the `which` of `sender` unless it has one already.
fn fill(sender: &mut Sender, which: Label, value: &CellValue) {
    match which {
        Label::Writer if sender.writer.is_empty() => sender.writer = value.display(),
        Label::Contact if sender.contact.is_empty() => sender.contact = value.display(),
        Label::Date if sender.date.is_none() => {
            if let Ok(Some(d)) = parse_date(value) {
                sender.date = Some(d.period);
                sender.day = d.day;
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> CellValue {
        CellValue::Text(s.to_string())
    }

    fn sheet(rows: Vec<Vec<CellValue>>) -> RawSheet {
        RawSheet {
            name: "進捗入力".into(),
            rows,
            truncated_rows: 0,
            stopped_at_row: None,
            cells_past_columns: 0,
            cut_cells: Vec::new(),
        }
    }

    #[test]
    fn the_cells_right_of_each_label_are_read_and_a_blank_one_stays_blank() {
        let s = sheet(vec![
            vec![text("令和6年10月分 進捗入力")],
            vec![text("提出期限"), text("令和6年11月8日（金）まで")],
            vec![
                text("記入者"),
                CellValue::Empty,
                text("連絡先"),
                text("内線 2345"),
                CellValue::Empty,
                CellValue::Empty,
                text("報告日"),
                text("R6.11.5"),
            ],
            vec![text("項目ID"), text("進捗状況")],
        ]);
        let got = sender_above(&s, 4);
        assert_eq!(
            got.writer, "",
            "a blank 記入者 does not take the next label"
        );
        assert_eq!(got.contact, "内線 2345");
        assert_eq!(got.date_label(), "令和6年11月5日");
        let filled = sheet(vec![vec![
            text("記入者"),
            text("窓口サービス課 苫小牧 花子"),
            text("連絡先"),
        ]]);
        let got = sender_above(&filled, 1);
        assert_eq!(got.writer, "窓口サービス課 苫小牧 花子");
        assert_eq!(got.contact, "");
        assert!(!got.is_empty());
        // Rows from the header on are not looked at.
        assert!(sender_above(&filled, 0).is_empty());
    }
}
