//! Checks made before a file is handed to a reader, so that a small hostile file cannot
//! make the reader allocate without bound: the file's size, what its zip members inflate
//! to (inflated here, in a streaming pass that stops at the limit), the number of strings
//! a shared-string table declares (the xlsx reader reserves room for them up front), for
//! OpenDocument the rectangle that repeated rows and columns expand to, and for xls the
//! sector chains of the compound file and the sheet rectangles its records declare.

use std::io::{Read, Seek};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::{SheetError, WorkbookError};
use crate::config::Limits;

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
            Err(e) => return Err(WorkbookError::OdsContent(e).into()),
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

/// Cells of the largest sheet the xls format has (65,536 rows × 256 columns).
const XLS_SHEET_CELLS: u64 = 65_536 * 256;
const CFB_SIGNATURE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
const DIFAT_SECTOR: u32 = 0xFFFF_FFFC;
const RESERVED_SECTORS: u32 = 0xFFFF_FFFA;

/// An xls file (the BIFF `Workbook` stream inside a compound file) against what the
/// reader allocates for it. The compound file is walked as the reader walks it and must
/// be well formed: no sector chain visits more sectors than the file has (a loop made the
/// reader grow its buffer without end) and no stream runs on past the end of the file.
/// Then in each sheet a DIMENSIONS record, for which the reader reserves room up front,
/// must lie within the format's 65,536 × 256 cells, and the rectangle from the first to
/// the last cell, which the reader allocates, within the cell limit.
///
/// # Errors
/// [`SheetError::Workbook`] for a malformed compound file or DIMENSIONS record;
/// [`SheetError::TooManyCells`] when a sheet's rectangle passes the limit.
pub fn check_xls(bytes: &[u8], limits: &Limits) -> Result<(), SheetError> {
    match workbook_stream(bytes)? {
        Some(stream) => check_biff(&stream, limits),
        None => Ok(()),
    }
}

fn malformed(what: impl std::fmt::Display) -> SheetError {
    WorkbookError::Xls(what.to_string()).into()
}

/// The little-endian `u16` at `at`; 0 past the end (the callers check lengths first;
/// a short read must not panic all the same).
fn le_u16(b: &[u8], at: usize) -> u16 {
    b.get(at..at.saturating_add(2))
        .and_then(|s| <[u8; 2]>::try_from(s).ok())
        .map_or(0, u16::from_le_bytes)
}

/// The little-endian `u32` at `at`; 0 past the end.
fn le_u32(b: &[u8], at: usize) -> u32 {
    b.get(at..at.saturating_add(4))
        .and_then(|s| <[u8; 4]>::try_from(s).ok())
        .map_or(0, u32::from_le_bytes)
}

fn u32s(b: &[u8]) -> impl Iterator<Item = u32> + '_ {
    b.chunks_exact(4).map(|c| le_u32(c, 0))
}

/// The sectors of a compound file (or of its mini stream) as the reader numbers them.
struct Sectors<'a> {
    data: &'a [u8],
    /// Bytes before sector 0 (the header).
    skip: usize,
    size: usize,
    max_id: u32,
}

impl<'a> Sectors<'a> {
    /// Sector `id`, cut short (or empty) where the data ends.
    fn get(&self, id: u32) -> Result<&'a [u8], SheetError> {
        if id > self.max_id {
            return Err(malformed(format!("セクタ {id} はファイルの外です")));
        }
        let start = (id as usize)
            .saturating_mul(self.size)
            .saturating_add(self.skip)
            .min(self.data.len());
        let end = start.saturating_add(self.size).min(self.data.len());
        Ok(&self.data[start..end])
    }

    fn full(&self, id: u32) -> Result<&'a [u8], SheetError> {
        let sector = self.get(id)?;
        if sector.len() < self.size {
            return Err(malformed(format!("セクタ {id} が途中で切れています")));
        }
        Ok(sector)
    }

    /// The chain from sector `id` through `table`, up to `len` bytes. With `padded`, the
    /// last sector may be cut short by the end of the data and counts as padded with
    /// zeros (the reader sees the same bytes or fewer); otherwise it is refused.
    fn chain(
        &self,
        mut id: u32,
        table: &[u32],
        len: usize,
        padded: bool,
    ) -> Result<Vec<u8>, SheetError> {
        let mut out = Vec::new();
        let mut steps = 0u64;
        while id != END_OF_CHAIN {
            steps += 1;
            if steps > u64::from(self.max_id) + 1 {
                return Err(malformed("セクタの連鎖が循環しています"));
            }
            let sector = if padded {
                self.get(id)?
            } else {
                self.full(id)?
            };
            let take = self.size.min(len - out.len());
            let have = sector.len().min(take);
            out.extend_from_slice(&sector[..have]);
            out.resize(out.len() + (take - have), 0);
            if out.len() >= len {
                break;
            }
            let next = *table
                .get(id as usize)
                .ok_or_else(|| malformed(format!("セクタ {id} の次がセクタ表にありません")))?;
            if sector.len() < self.size && next != END_OF_CHAIN {
                return Err(malformed(format!("セクタ {id} が途中で切れています")));
            }
            id = next;
        }
        Ok(out)
    }
}

/// The sector allocation table, from the sectors the header and the DIFAT chain list.
fn allocation_table(header: &[u8], sectors: &Sectors) -> Result<Vec<u32>, SheetError> {
    let most = sectors.max_id as usize + 1;
    let mut difat: Vec<u32> = u32s(&header[76..512]).collect();
    let mut id = le_u32(header, 68);
    let mut read = 0;
    while id < RESERVED_SECTORS {
        read += 1;
        if read > most {
            return Err(malformed("DIFAT の連鎖が循環しています"));
        }
        difat.extend(u32s(sectors.full(id)?));
        id = difat.pop().unwrap_or(END_OF_CHAIN);
    }
    let fat_sectors: Vec<u32> = difat.into_iter().filter(|&id| id < DIFAT_SECTOR).collect();
    if fat_sectors.len() > most {
        return Err(malformed("セクタ表の数がファイルの大きさを超えています"));
    }
    let mut table = Vec::new();
    for id in fat_sectors {
        table.extend(u32s(sectors.full(id)?));
    }
    Ok(table)
}

/// A directory entry's name as the reader decodes it.
fn entry_name(entry: &[u8]) -> String {
    let raw = entry.get(..64).unwrap_or(entry);
    let mut name = encoding_rs::UTF_16LE.decode(raw).0.into_owned();
    if let Some(end) = name.bytes().position(|b| b == 0) {
        name.truncate(end);
    }
    name
}

fn entry_len(entry: &[u8], sector_size: usize) -> usize {
    if sector_size == 512 {
        le_u32(entry, 120) as usize
    } else {
        entry
            .get(120..128)
            .and_then(|b| <[u8; 8]>::try_from(b).ok())
            .and_then(|b| usize::try_from(u64::from_le_bytes(b)).ok())
            .unwrap_or(usize::MAX)
    }
}

/// The `Workbook` (or `Book`) stream as the reader gets it; `None` when the reader
/// refuses the file before reading it.
fn workbook_stream(bytes: &[u8]) -> Result<Option<Vec<u8>>, SheetError> {
    if bytes.len() < 512 || &bytes[..8] != CFB_SIGNATURE || le_u16(bytes, 32) != 6 {
        return Ok(None);
    }
    let size = match le_u16(bytes, 30) {
        9 => 512,
        12 if bytes.len() >= 4096 => 4096,
        _ => return Ok(None),
    };
    let max_id = u32::try_from(bytes.len() / size).unwrap_or(u32::MAX);
    let regular = Sectors {
        data: bytes,
        skip: size,
        size,
        max_id,
    };
    let table = allocation_table(bytes, &regular)?;
    let directory = regular.chain(le_u32(bytes, 48), &table, usize::MAX, true)?;
    let entries: Vec<&[u8]> = directory.chunks_exact(128).collect();
    let Some(root) = entries.first() else {
        return Ok(None);
    };
    if le_u16(bytes, 26) != 3 && le_u32(root, 116) == END_OF_CHAIN {
        return Ok(None);
    }
    let (mini_table, mini_stream) = match le_u32(bytes, 64) as usize {
        0 => (Vec::new(), Vec::new()),
        n => {
            let stream = regular.chain(le_u32(root, 116), &table, entry_len(root, size), false)?;
            let mini = regular.chain(le_u32(bytes, 60), &table, n.saturating_mul(size), true)?;
            (u32s(&mini).collect(), stream)
        }
    };
    let Some(entry) = ["Workbook", "Book"].iter().find_map(|name| {
        entries
            .iter()
            .find(|e| entry_name(e).eq_ignore_ascii_case(name))
    }) else {
        return Ok(None);
    };
    let (start, len) = (le_u32(entry, 116), entry_len(entry, size));
    let stream = if len < 4096 {
        let mini = Sectors {
            data: &mini_stream,
            skip: 0,
            size: 64,
            max_id: max_id.saturating_mul(8),
        };
        mini.chain(start, &mini_table, len, false)?
    } else {
        regular.chain(start, &table, len, true)?
    };
    Ok(Some(stream))
}

/// The records of a BIFF stream as the reader splits them: CONTINUE records belong to
/// the record before them; a record running past the end ends the stream.
struct Records<'a>(&'a [u8]);

impl<'a> Iterator for Records<'a> {
    type Item = (u16, &'a [u8]);

    fn next(&mut self) -> Option<Self::Item> {
        let s = self.0;
        if s.len() < 4 {
            return None;
        }
        let len = usize::from(le_u16(s, 2));
        if s.len() < len + 4 {
            return None;
        }
        let (record, mut rest) = s.split_at(len + 4);
        while rest.len() > 4 && le_u16(rest, 0) == 0x003C {
            let n = usize::from(le_u16(rest, 2));
            if rest.len() < n + 4 {
                return None;
            }
            rest = &rest[n + 4..];
        }
        self.0 = rest;
        Some((le_u16(record, 0), &record[4..]))
    }
}

/// The sheets the workbook globals list (BoundSheet records), each checked.
fn check_biff(stream: &[u8], limits: &Limits) -> Result<(), SheetError> {
    let mut sheets = Vec::new();
    for (typ, data) in Records(stream) {
        match typ {
            // FilePass: the reader stops at a protected workbook.
            0x002F if data.len() < 2 || le_u16(data, 0) != 0 => return Ok(()),
            0x0085 if data.len() >= 5 => sheets.push(le_u32(data, 0) as usize),
            0x000A => break,
            _ => {}
        }
    }
    for pos in sheets {
        if let Some(sheet) = stream.get(pos..) {
            check_biff_sheet(sheet, limits)?;
        }
    }
    Ok(())
}

/// Rows and columns from the first to the last cell of a sheet.
#[derive(Debug, Default)]
struct Extent {
    rows: Option<(u32, u32)>,
    cols: Option<(u32, u32)>,
}

impl Extent {
    fn add(&mut self, row: u32, col: u32) {
        let widen =
            |r: Option<(u32, u32)>, v: u32| Some(r.map_or((v, v), |(a, b)| (a.min(v), b.max(v))));
        self.rows = widen(self.rows, row);
        self.cols = widen(self.cols, col);
    }

    fn cells(&self) -> u64 {
        match (self.rows, self.cols) {
            (Some((r0, r1)), Some((c0, c1))) => u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1),
            _ => 0,
        }
    }
}

/// One sheet's records up to its EOF, nested substreams (charts) skipped as the reader
/// skips them.
fn check_biff_sheet(sheet: &[u8], limits: &Limits) -> Result<(), SheetError> {
    let mut extent = Extent::default();
    let mut formula_at = (0u32, 0u32);
    let mut seen_bof = false;
    let mut depth = 0usize;
    for (typ, data) in Records(sheet) {
        if depth > 0 {
            match typ {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => {}
            }
            continue;
        }
        let at = |d: &[u8]| (u32::from(le_u16(d, 0)), u32::from(le_u16(d, 2)));
        match typ {
            0x0809 if seen_bof => depth += 1,
            0x0809 => seen_bof = true,
            0x0200 => check_dimensions(data)?,
            // Number, Label, RString, BoolErr, RK, LabelSst
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD if data.len() >= 4 => {
                let (r, c) = at(data);
                extent.add(r, c);
            }
            // Formula, and the String record holding its text value
            0x0006 if data.len() >= 20 => {
                formula_at = at(data);
                extent.add(formula_at.0, formula_at.1);
            }
            0x0207 => extent.add(formula_at.0, formula_at.1),
            // MulRk: one cell per 6 bytes from the first column
            0x00BD if data.len() > 6 => {
                let (r, c) = at(data);
                let n = (data.len() - 6).div_ceil(6) as u32;
                extent.add(r, c);
                extent.add(r, c + n - 1);
            }
            0x000A => break,
            _ => {}
        }
        let cells = extent.cells();
        if cells > limits.max_cells as u64 {
            return Err(SheetError::TooManyCells {
                cells,
                limit: limits.max_cells,
            });
        }
    }
    Ok(())
}

/// A DIMENSIONS record: the reader reserves room for rows × columns of it.
fn check_dimensions(data: &[u8]) -> Result<(), SheetError> {
    let (first_row, last_row, first_col, last_col) = match data.len() {
        10 => (
            u32::from(le_u16(data, 0)),
            u32::from(le_u16(data, 2)),
            u32::from(le_u16(data, 4)),
            u32::from(le_u16(data, 6)),
        ),
        14 | 16 => (
            le_u32(data, 0),
            le_u32(data, 4),
            u32::from(le_u16(data, 8)),
            u32::from(le_u16(data, 10)),
        ),
        // The reader refuses the record.
        _ => return Ok(()),
    };
    let first_col = if first_col > 0xFF || last_col < first_col {
        0
    } else {
        first_col
    };
    // The bounds are exclusive; zero means one cell.
    if last_row == 0 || last_col == 0 {
        return Ok(());
    }
    if last_row - 1 < first_row || last_col - 1 < first_col {
        return Err(malformed("DIMENSIONS の範囲が逆転しています"));
    }
    let cells = u64::from(last_row - first_row) * u64::from(last_col - first_col);
    if cells > XLS_SHEET_CELLS {
        return Err(malformed(format!(
            "DIMENSIONS が xls の上限を超える {cells} セルを宣言しています"
        )));
    }
    Ok(())
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
