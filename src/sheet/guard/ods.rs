//! OpenDocument `content.xml`: the rectangle and the text that repeated rows and columns
//! expand to, measured while the XML streams by.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::super::{SheetError, WorkbookError};
use crate::config::Limits;

/// The cells an OpenDocument sheet expands to: for each table, the rows up to the last
/// one holding a value times the widest such row, with repeats counted as a reader
/// expands them; and the text of all tables, each cell's text counted once per cell it
/// is repeated into.
///
/// # Errors
/// [`SheetError::TooManyCells`] when a table's rectangle passes the limit;
/// [`SheetError::TooMuchText`] when the text passes [`Limits::max_text_chars`].
pub fn check_ods_rectangle(content_xml: &[u8], limits: &Limits) -> Result<(), SheetError> {
    let mut reader = Reader::from_reader(content_xml);
    let mut buf = Vec::new();
    let mut table = OdsTable::default();
    let mut text_before: u64 = 0;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => {
                if e.name().into_inner() == "table:table" {
                    text_before = text_before.saturating_add(table.text_chars);
                }
                table.start(&e);
            }
            Ok(Event::Empty(e)) => {
                table.start(&e);
                table.end(e.name().into_inner());
            }
            Ok(Event::Text(t)) => {
                let text = t.into_inner();
                if !text.trim().is_empty() {
                    table.text(chars_in(&text));
                }
            }
            Ok(Event::End(e)) => table.end(e.name().into_inner()),
            Ok(Event::Eof) => break,
            Err(e) => return Err(WorkbookError::OdsContent(e).into()),
            Ok(_) => {}
        }
        if let Some(cells) = table.exceeds(limits.max_cells) {
            return Err(SheetError::TooManyCells {
                cells,
                limit: limits.max_cells,
            });
        }
        let chars = text_before.saturating_add(table.text_chars);
        if chars > limits.max_text_chars as u64 {
            return Err(SheetError::TooMuchText {
                chars,
                limit: limits.max_text_chars,
            });
        }
        buf.clear();
    }
    Ok(())
}

fn chars_in(text: &str) -> u64 {
    text.chars().count() as u64
}

/// Running measure of one OpenDocument table while its XML streams by.
#[derive(Debug, Default)]
struct OdsTable {
    /// Rows so far (repeats counted).
    rows: u64,
    /// Rows up to and including the last row that holds a value.
    used_rows: u64,
    /// Widest row that holds a value (columns up to its last value, repeats counted).
    width: u64,
    /// The open row: its repeat count, columns so far, columns up to its last value.
    row_repeat: u64,
    row_cols: u64,
    row_used_cols: u64,
    /// The open cell: its repeat count and whether it holds a value.
    cell_repeat: u64,
    cell_has_value: bool,
    /// Characters of text in the open cell, in the open row (repeats counted), and in
    /// the table's closed rows (repeats counted).
    cell_chars: u64,
    row_chars: u64,
    text_chars: u64,
}

fn repeat_attr(e: &BytesStart, name: &str) -> u64 {
    e.attributes()
        .flatten()
        .find(|a| a.key.into_inner() == name)
        .and_then(|a| a.value.parse().ok())
        .unwrap_or(1)
}

impl OdsTable {
    fn start(&mut self, e: &BytesStart) {
        match e.name().into_inner() {
            "table:table" => *self = OdsTable::default(),
            "table:table-row" => {
                self.row_repeat = repeat_attr(e, "table:number-rows-repeated");
                self.row_cols = 0;
                self.row_used_cols = 0;
                self.row_chars = 0;
            }
            "table:table-cell" | "table:covered-table-cell" => {
                self.cell_repeat = repeat_attr(e, "table:number-columns-repeated");
                self.cell_has_value = e
                    .attributes()
                    .flatten()
                    .any(|a| a.key.into_inner() == "office:value-type");
                self.cell_chars = 0;
            }
            _ => {}
        }
    }

    fn text(&mut self, chars: u64) {
        self.cell_has_value = true;
        self.cell_chars = self.cell_chars.saturating_add(chars);
    }

    fn end(&mut self, name: &str) {
        match name {
            "table:table-cell" | "table:covered-table-cell" => {
                self.row_cols = self.row_cols.saturating_add(self.cell_repeat);
                if self.cell_has_value {
                    self.row_used_cols = self.row_cols;
                }
                self.cell_has_value = false;
                let chars = self.cell_chars.saturating_mul(self.cell_repeat);
                self.row_chars = self.row_chars.saturating_add(chars);
                self.cell_chars = 0;
            }
            "table:table-row" => {
                self.rows = self.rows.saturating_add(self.row_repeat);
                let chars = self.row_chars.saturating_mul(self.row_repeat);
                self.text_chars = self.text_chars.saturating_add(chars);
                self.row_chars = 0;
                if self.row_used_cols > 0 {
                    self.used_rows = self.rows;
                    self.width = self.width.max(self.row_used_cols);
                }
            }
            _ => {}
        }
    }

    fn exceeds(&self, max_cells: usize) -> Option<u64> {
        let cells = self.used_rows.saturating_mul(self.width);
        (cells > max_cells as u64).then_some(cells)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ods(rows: &str) -> String {
        format!(
            r#"<office:document-content><office:body><office:spreadsheet><table:table table:name="S">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
        )
    }

    #[test]
    fn repeated_rows_of_values_are_counted_and_trailing_empty_rows_are_not() {
        let limits = Limits {
            max_cells: 1_000,
            ..Limits::default()
        };
        let ok = ods(
            r#"<table:table-row><table:table-cell office:value-type="string"><text:p>a</text:p></table:table-cell><table:table-cell table:number-columns-repeated="1024"/></table:table-row><table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#,
        );
        assert!(check_ods_rectangle(ok.as_bytes(), &limits).is_ok());
        let bomb = ods(
            r#"<table:table-row table:number-rows-repeated="100000"><table:table-cell table:number-columns-repeated="1000" office:value-type="float" office:value="1"/></table:table-row>"#,
        );
        match check_ods_rectangle(bomb.as_bytes(), &limits) {
            Err(SheetError::TooManyCells { cells, .. }) => assert!(cells > 1_000),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn text_repeated_over_rows_and_columns_counts_once_per_cell() {
        let limits = Limits {
            max_text_chars: 100_000,
            ..Limits::default()
        };
        let cell = |repeat: u32| {
            format!(
                r#"<table:table-cell table:number-columns-repeated="{repeat}" office:value-type="string"><text:p>{}</text:p></table:table-cell>"#,
                "取".repeat(1_000)
            )
        };
        let rows = |n: u32, repeat: u32| {
            format!(
                r#"<table:table-row table:number-rows-repeated="{n}">{}</table:table-row>"#,
                cell(repeat)
            )
        };
        assert!(check_ods_rectangle(ods(&rows(10, 9)).as_bytes(), &limits).is_ok());
        match check_ods_rectangle(ods(&rows(20_000, 1)).as_bytes(), &limits) {
            Err(SheetError::TooMuchText { chars, limit }) => {
                assert!(chars > 100_000, "{chars}");
                assert_eq!(limit, 100_000);
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            check_ods_rectangle(ods(&rows(11, 10)).as_bytes(), &limits),
            Err(SheetError::TooMuchText { .. })
        ));
    }
}
