//! Percent cells of an OpenDocument spreadsheet: a cell whose value type is `percentage`
//! (`<table:table-cell office:value-type="percentage" office:value="1">`, what LibreOffice
//! writes for a cell formatted `0%`). Calamine reads the value and drops its type.

use std::io::Cursor;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::common::{PercentCells, attr, member};
use crate::config::Limits;

/// The percentage cells (0-based row, column) of each table of `content.xml`, by table
/// name, within the sheet limits.
pub(super) fn percent_cells(bytes: &[u8], limits: &Limits) -> PercentCells {
    let mut out = PercentCells::new();
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return out;
    };
    let Some(xml) = member(&mut zip, "content.xml", limits) else {
        return out;
    };
    let mut walk = Walk {
        limits,
        out: &mut out,
        table: None,
        row: 0,
        rows_repeated: 1,
        col: 0,
        cells: 0,
    };
    let mut reader = Reader::from_reader(xml.as_slice());
    reader.config_mut().check_end_names = false;
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => walk.start(&e),
            Ok(Event::Empty(e)) => {
                walk.start(&e);
                walk.end(e.name().as_ref());
            }
            Ok(Event::End(e)) => walk.end(e.name().as_ref()),
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
        buf.clear();
    }
    out.retain(|_, cells| !cells.is_empty());
    out
}

/// Where the reading is: the table, the row (with its repeat count) and the column.
struct Walk<'a> {
    limits: &'a Limits,
    out: &'a mut PercentCells,
    table: Option<String>,
    row: usize,
    rows_repeated: usize,
    col: usize,
    /// Percentage cells kept so far, at most `max_cells`.
    cells: usize,
}

impl Walk<'_> {
    fn start(&mut self, e: &BytesStart) {
        match e.name().as_ref() {
            "table:table" => {
                let name = attr(e, "name").unwrap_or_default();
                self.out.entry(name.clone()).or_default();
                self.table = Some(name);
                self.row = 0;
            }
            "table:table-row" => {
                self.rows_repeated = repeat(e, "number-rows-repeated");
                self.col = 0;
            }
            "table:table-cell" | "table:covered-table-cell" => {
                let cols = repeat(e, "number-columns-repeated");
                if attr(e, "value-type").as_deref() == Some("percentage") {
                    self.mark(cols);
                }
                self.col = self.col.saturating_add(cols);
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        match name {
            "table:table" => self.table = None,
            "table:table-row" => {
                self.row = self.row.saturating_add(self.rows_repeated);
                self.rows_repeated = 1;
            }
            _ => {}
        }
    }

    /// Marks the cells from the current one, `cols` wide and as many rows as the row
    /// repeats, that lie within the limits.
    fn mark(&mut self, cols: usize) {
        let Some(cells) = self.table.as_ref().and_then(|t| self.out.get_mut(t)) else {
            return;
        };
        let rows = self.row
            ..self
                .row
                .saturating_add(self.rows_repeated)
                .min(self.limits.max_rows);
        for r in rows {
            let end = self.col.saturating_add(cols).min(self.limits.max_cols);
            for c in self.col..end {
                if self.cells >= self.limits.max_cells {
                    return;
                }
                if cells.insert((r, c)) {
                    self.cells += 1;
                }
            }
        }
    }
}

/// A repeat count attribute (`number-rows-repeated`, `number-columns-repeated`), 1 when
/// absent or not a number.
fn repeat(e: &BytesStart, name: &str) -> usize {
    attr(e, name)
        .and_then(|v| v.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn ods(content: &str) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default();
        zip.start_file("content.xml", opts).unwrap();
        zip.write_all(content.as_bytes()).unwrap();
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn percentage_cells_are_found_past_repeated_rows_and_columns() {
        let xml = r#"<office:document-content><office:body><office:spreadsheet>
<table:table table:name="報告">
<table:table-row><table:table-cell office:value-type="string"/><table:table-cell/></table:table-row>
<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="3"/><table:table-cell office:value-type="percentage" office:value="1"/></table:table-row>
<table:table-row/>
<table:table-row><table:covered-table-cell/><table:table-cell office:value-type="float" office:value="1"/><table:table-cell office:value-type="percentage" office:value="0.5"/></table:table-row>
</table:table>
<table:table table:name="空"><table:table-row><table:table-cell/></table:table-row></table:table>
</office:spreadsheet></office:body></office:document-content>"#;
        let got = percent_cells(&ods(xml), &Limits::default());
        let cells: Vec<(usize, usize)> = got["報告"].iter().copied().collect();
        assert_eq!(cells, [(1, 3), (2, 3), (4, 2)]);
        assert!(!got.contains_key("空"));
    }
}
