//! Checks made before a file is handed to a reader, so that a small hostile file cannot
//! make the reader allocate without bound: the file's size, what its zip members inflate
//! to (inflated here, in a streaming pass that stops at the limit), the number of strings
//! a shared-string table declares (the xlsx reader reserves room for them up front), and
//! for OpenDocument the rectangle that repeated rows and columns expand to.

use std::io::{Read, Seek};
use std::path::Path;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::SheetError;
use crate::config::Limits;

/// The file's size against the limit, from its metadata (nothing is read).
///
/// # Errors
/// [`SheetError::TooLarge`] when the file is larger than the limit.
pub fn check_file_size(path: &Path, limits: &Limits) -> Result<u64, SheetError> {
    let size = std::fs::metadata(path)?.len();
    if size > limits.max_file_bytes {
        return Err(SheetError::TooLarge {
            size,
            limit: limits.max_file_bytes,
        });
    }
    Ok(size)
}

/// Inflates every member of a zip-based workbook into nothing, counting, and stops as
/// soon as the total passes the limit (declared sizes are not trusted).
///
/// # Errors
/// [`SheetError::Inflates`] past the limit; [`SheetError::Workbook`] when the file is not
/// a zip archive.
pub fn check_zip<R: Read + Seek>(reader: R, limits: &Limits) -> Result<(), SheetError> {
    let mut zip = zip::ZipArchive::new(reader).map_err(|e| SheetError::Workbook(e.to_string()))?;
    let mut budget = limits.max_unzipped_bytes;
    for i in 0..zip.len() {
        let mut member = zip
            .by_index(i)
            .map_err(|e| SheetError::Workbook(e.to_string()))?;
        let name = member.name().map(|n| n.to_string()).unwrap_or_default();
        let mut counted = Counted {
            inner: (&mut member).take(budget + 1),
            bytes: 0,
        };
        let declared = if name.to_ascii_lowercase().ends_with("sharedstrings.xml") {
            declared_shared_strings(&mut counted)
        } else {
            None
        };
        std::io::copy(&mut counted, &mut std::io::sink())
            .map_err(|e| SheetError::Workbook(format!("{name}: {e}")))?;
        let inflated = counted.bytes;
        if inflated > budget {
            return Err(SheetError::Inflates {
                member: name,
                limit: limits.max_unzipped_bytes,
            });
        }
        // The reader reserves room for the declared count up front; an `<si/>` takes at
        // least five bytes, so a table cannot hold more strings than that.
        if let Some(count) = declared.filter(|&n| n > inflated / 5) {
            return Err(SheetError::Workbook(format!(
                "{name}: 共有文字列の件数 uniqueCount={count} が内容（{inflated} バイト）に見合いません"
            )));
        }
        budget -= inflated;
    }
    Ok(())
}

/// A count as the xlsx reader parses it (ASCII digits, leading zeros allowed); `u64::MAX`
/// when it does not fit, `None` when it is not a number.
fn declared_count(value: &str) -> Option<u64> {
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let digits = value.trim_start_matches('0');
    Some(if digits.is_empty() {
        0
    } else {
        digits.parse().unwrap_or(u64::MAX)
    })
}

/// A reader that counts the bytes read through it.
struct Counted<R> {
    inner: R,
    bytes: u64,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }
}

/// The `uniqueCount` of a shared-string table: that of the first `sst` element, as the
/// xlsx reader finds it. `None` when there is none, or when the XML breaks before it (the
/// reader stops there too).
fn declared_shared_strings<R: Read>(r: R) -> Option<u64> {
    let mut reader = Reader::from_reader(std::io::BufReader::new(r));
    let config = reader.config_mut();
    config.check_end_names = false;
    config.check_comments = false;
    config.expand_empty_elements = true;
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf).ok()? {
            Event::Start(e) if e.local_name().as_ref() == "sst" => {
                let count = e
                    .attributes()
                    .with_checks(false)
                    .flatten()
                    .filter(|a| a.key.local_name().as_ref() == "uniqueCount")
                    .filter_map(|a| declared_count(&a.value))
                    .max();
                return count;
            }
            Event::Eof => return None,
            _ => {}
        }
        buf.clear();
    }
}

/// The cells an OpenDocument sheet expands to: for each table, the rows up to the last
/// one holding a value times the widest such row, with repeats counted as a reader
/// expands them.
///
/// # Errors
/// [`SheetError::TooManyCells`] when a table's rectangle passes the limit.
pub fn check_ods_rectangle(content_xml: &[u8], limits: &Limits) -> Result<(), SheetError> {
    let mut reader = Reader::from_reader(content_xml);
    let mut buf = Vec::new();
    let mut table = OdsTable::default();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => table.start(&e),
            Ok(Event::Empty(e)) => {
                table.start(&e);
                table.end(e.name().into_inner());
            }
            Ok(Event::Text(t)) => {
                if !t.into_inner().trim().is_empty() {
                    table.text();
                }
            }
            Ok(Event::End(e)) => table.end(e.name().into_inner()),
            Ok(Event::Eof) => break,
            Err(e) => return Err(SheetError::Workbook(format!("content.xml: {e}"))),
            Ok(_) => {}
        }
        if let Some(cells) = table.exceeds(limits.max_cells) {
            return Err(SheetError::TooManyCells {
                cells,
                limit: limits.max_cells,
            });
        }
        buf.clear();
    }
    Ok(())
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
            }
            "table:table-cell" | "table:covered-table-cell" => {
                self.cell_repeat = repeat_attr(e, "table:number-columns-repeated");
                self.cell_has_value = e
                    .attributes()
                    .flatten()
                    .any(|a| a.key.into_inner() == "office:value-type");
            }
            _ => {}
        }
    }

    fn text(&mut self) {
        self.cell_has_value = true;
    }

    fn end(&mut self, name: &str) {
        match name {
            "table:table-cell" | "table:covered-table-cell" => {
                self.row_cols = self.row_cols.saturating_add(self.cell_repeat);
                if self.cell_has_value {
                    self.row_used_cols = self.row_cols;
                }
                self.cell_has_value = false;
            }
            "table:table-row" => {
                self.rows = self.rows.saturating_add(self.row_repeat);
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
    fn a_member_inflating_past_the_limit_is_refused() {
        let mut buf = std::io::Cursor::new(Vec::new());
        {
            let mut w = zip::ZipWriter::new(&mut buf);
            let opts = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            w.start_file("xl/sharedStrings.xml", opts).unwrap();
            std::io::Write::write_all(&mut w, &vec![b'a'; 4 * 1024 * 1024]).unwrap();
            w.finish().unwrap();
        }
        let limits = Limits {
            max_unzipped_bytes: 1024 * 1024,
            ..Limits::default()
        };
        buf.set_position(0);
        assert!(matches!(
            check_zip(&mut buf, &limits),
            Err(SheetError::Inflates { .. })
        ));
        buf.set_position(0);
        assert!(check_zip(&mut buf, &Limits::default()).is_ok());
    }
}
