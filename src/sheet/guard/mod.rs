//! Checks made before a file is handed to a reader, so that a small hostile file cannot
//! make the reader allocate without bound: the file's size, what its zip members inflate
//! to (inflated here, in a streaming pass that stops at the limit), the number of strings
//! a shared-string table declares (the xlsx reader reserves room for them up front), for
//! OpenDocument the rectangle that repeated rows and columns expand to, and for xls the
//! sector chains of the compound file and the sheet rectangles its records declare. Where
//! a format lets one stored text fill many cells (repeated OpenDocument cells, xls cells
//! pointing at one shared string), the text the cells expand to is counted against the
//! file's text budget too.

use std::io::{Read, Seek};

use quick_xml::Reader;
use quick_xml::events::Event;

use super::{SheetError, WorkbookError};
use crate::config::Limits;

mod ods;
mod xls;

pub use ods::check_ods_rectangle;
pub use xls::check_xls;

/// A file's size (from its metadata or its bytes) against the limit.
///
/// # Errors
/// [`SheetError::TooLarge`] when the size is over the limit.
pub fn check_size(size: u64, limits: &Limits) -> Result<u64, SheetError> {
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
    let mut zip = zip::ZipArchive::new(reader).map_err(WorkbookError::Zip)?;
    let bounded = inflation_bounded(&mut zip, limits);
    let mut budget = limits.max_unzipped_bytes;
    for i in 0..zip.len() {
        let mut member = zip.by_index(i).map_err(WorkbookError::Zip)?;
        let name = member.name().map(|n| n.to_string()).unwrap_or_default();
        let shared_strings = name.to_ascii_lowercase().ends_with("sharedstrings.xml");
        if bounded && (!shared_strings || few_shared_strings(&mut member)) {
            // Cannot inflate past the limit; calamine inflates it once, not twice.
            continue;
        }
        drop(member);
        // The table is inflated whole below, from its start again.
        let mut member = zip.by_index(i).map_err(WorkbookError::Zip)?;
        let mut counted = Counted {
            inner: (&mut member).take(budget + 1),
            bytes: 0,
        };
        let declared = if shared_strings {
            declared_shared_strings(&mut counted)
        } else {
            None
        };
        std::io::copy(&mut counted, &mut std::io::sink()).map_err(|source| {
            WorkbookError::Member {
                member: name.clone(),
                source,
            }
        })?;
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
            return Err(WorkbookError::SharedStrings {
                member: name,
                count,
                inflated,
            }
            .into());
        }
        budget -= inflated;
    }
    Ok(())
}

/// Whether a shared-string table declares no more strings than it has compressed bytes,
/// read from the table's start only: room for that many is a few megabytes at most in an
/// archive whose inflation is bounded, and real tables declare far fewer (a string takes
/// more than a compressed byte). A larger count is checked against the whole table.
fn few_shared_strings<R: Read>(member: &mut zip::read::ZipFile<R>) -> bool {
    let compressed = member.compressed_size();
    declared_shared_strings(member).is_none_or(|n| n <= compressed)
}

/// The most a deflated stream can expand: 258 bytes from a one-bit code, i.e. 1032:1,
/// with a margin for block headers.
const MAX_DEFLATE_RATIO: u64 = 1100;

/// Whether the archive cannot inflate past the limit whatever its members hold: every
/// member stored or deflated, and their compressed sizes (what the reader will read)
/// times the largest expansion deflate allows within the limit. Then the members need
/// not be inflated here first (normal reports are a few KB compressed).
fn inflation_bounded<R: Read + Seek>(zip: &mut zip::ZipArchive<R>, limits: &Limits) -> bool {
    let mut compressed: u64 = 0;
    for i in 0..zip.len() {
        let Ok(member) = zip.by_index_raw(i) else {
            return false;
        };
        let method_ok = matches!(
            member.compression(),
            zip::CompressionMethod::Stored | zip::CompressionMethod::Deflated
        );
        if !method_ok {
            return false;
        }
        compressed = compressed.saturating_add(member.compressed_size());
    }
    compressed.saturating_mul(MAX_DEFLATE_RATIO) <= limits.max_unzipped_bytes
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
    // The `sst` element opens a table, within its first hundred bytes or so: read in small
    // pieces, so that no more of the table is inflated than it takes to reach it.
    let mut reader = Reader::from_reader(std::io::BufReader::with_capacity(512, r));
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

#[cfg(test)]
mod tests {
    use super::*;

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

    /// An archive of one deflated shared-string table holding `strings` strings (the same
    /// one again when `alike`) and declaring `declared`.
    fn shared_strings_archive(
        strings: usize,
        alike: bool,
        declared: u64,
    ) -> std::io::Cursor<Vec<u8>> {
        let mut buf = std::io::Cursor::new(Vec::new());
        {
            let mut w = zip::ZipWriter::new(&mut buf);
            let opts = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            w.start_file("xl/sharedStrings.xml", opts).unwrap();
            let mut xml = format!(r#"<sst uniqueCount="{declared}">"#);
            for k in 0..strings {
                let k = if alike { 0 } else { k };
                xml.push_str(&format!("<si><t>取組{k}</t></si>"));
            }
            xml.push_str("</sst>");
            std::io::Write::write_all(&mut w, xml.as_bytes()).unwrap();
            w.finish().unwrap();
        }
        buf.set_position(0);
        buf
    }

    #[test]
    fn a_shared_string_count_is_checked_against_the_table_only_when_it_is_large() {
        // A real count passes (read from the table's start, not inflated twice).
        let limits = Limits::default();
        assert!(check_zip(shared_strings_archive(500, false, 500), &limits).is_ok());
        // More strings than compressed bytes (alike strings compress well), but as many
        // as the table holds: the whole table is inflated and counted, and it passes.
        let alike = shared_strings_archive(200_000, true, 200_000);
        let compressed = alike.get_ref().len();
        assert!(compressed < 200_000, "{compressed} bytes");
        assert!(check_zip(alike, &limits).is_ok());
        // More than the table could hold: refused.
        assert!(matches!(
            check_zip(shared_strings_archive(500, false, 4_000_000_000), &limits),
            Err(SheetError::Workbook(_))
        ));
    }
}
