//! xls: the compound file's sector chains, the sheet rectangles the BIFF records declare,
//! and the text that cells pointing at shared strings expand to.

use super::super::{SheetError, WorkbookError};
use crate::config::Limits;

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

/// The sheets the workbook globals list (BoundSheet records), each checked; the text of
/// cells pointing at shared strings counts against the file's text budget.
fn check_biff(stream: &[u8], limits: &Limits) -> Result<(), SheetError> {
    let mut sheets = Vec::new();
    let mut shared = Vec::new();
    let mut at = 0usize;
    for (typ, data) in Records(stream) {
        match typ {
            // FilePass: the reader stops at a protected workbook.
            0x002F if data.len() < 2 || le_u16(data, 0) != 0 => return Ok(()),
            0x0085 if data.len() >= 5 => sheets.push(le_u32(data, 0) as usize),
            0x00FC => shared = shared_string_lengths(&record_with_continues(stream, at)),
            0x000A => break,
            _ => {}
        }
        at = next_record(stream, at);
    }
    let mut text = TextCount {
        shared,
        chars: 0,
        limit: limits.max_text_chars,
    };
    for pos in sheets {
        if let Some(sheet) = stream.get(pos..) {
            check_biff_sheet(sheet, limits, &mut text)?;
        }
    }
    Ok(())
}

/// Where the record after the one at `at` starts (CONTINUE records included in it, as
/// [`Records`] takes them).
fn next_record(stream: &[u8], at: usize) -> usize {
    let mut next = at + 4 + usize::from(le_u16(stream, at + 2));
    while stream.len() > next + 4 && le_u16(stream, next) == 0x003C {
        next += 4 + usize::from(le_u16(stream, next + 2));
    }
    next.min(stream.len())
}

/// The bodies of the record at `at` and of the CONTINUE records after it.
fn record_with_continues(stream: &[u8], at: usize) -> Vec<&[u8]> {
    let body = |at: usize| {
        let len = usize::from(le_u16(stream, at + 2));
        stream.get(at + 4..at + 4 + len).unwrap_or(&[])
    };
    let mut parts = vec![body(at)];
    let mut next = at + 4 + usize::from(le_u16(stream, at + 2));
    while stream.len() > next + 4 && le_u16(stream, next) == 0x003C {
        parts.push(body(next));
        next += 4 + usize::from(le_u16(stream, next + 2));
    }
    parts
}

/// The character count of each string of a shared-string table (SST with its CONTINUE
/// records): a string's characters may run on into the next record, which then starts
/// with a flag byte giving their width again. Strings past a damaged end are left out.
fn shared_string_lengths(parts: &[&[u8]]) -> Vec<u32> {
    let mut cur = Fragments {
        parts,
        part: 0,
        at: 8,
    };
    let mut lengths = Vec::new();
    while let (Some(cch), Some(flags)) = (cur.u16(), cur.byte()) {
        let runs = if flags & 0x08 != 0 {
            cur.u16()
        } else {
            Some(0)
        };
        let ext = if flags & 0x04 != 0 {
            cur.u32()
        } else {
            Some(0)
        };
        let (Some(runs), Some(ext)) = (runs, ext) else {
            break;
        };
        if !cur.skip_chars(usize::from(cch), flags & 0x01 != 0) {
            break;
        }
        lengths.push(u32::from(cch));
        if !cur.skip(usize::from(runs) * 4 + ext as usize) {
            break;
        }
    }
    lengths
}

/// A read position over a record and its CONTINUE records.
struct Fragments<'a, 'b> {
    parts: &'b [&'a [u8]],
    part: usize,
    at: usize,
}

impl Fragments<'_, '_> {
    /// Moves to the next record when the current one is used up; `false` at the end.
    fn settle(&mut self) -> bool {
        while self
            .parts
            .get(self.part)
            .is_some_and(|p| self.at >= p.len())
        {
            self.part += 1;
            self.at = 0;
        }
        self.part < self.parts.len()
    }

    fn byte(&mut self) -> Option<u8> {
        if !self.settle() {
            return None;
        }
        let b = self.parts[self.part][self.at];
        self.at += 1;
        Some(b)
    }

    fn u16(&mut self) -> Option<u16> {
        Some(u16::from_le_bytes([self.byte()?, self.byte()?]))
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from(self.u16()?) | (u32::from(self.u16()?) << 16))
    }

    /// Skips `n` bytes across records; `false` when they run past the end.
    fn skip(&mut self, mut n: usize) -> bool {
        while n > 0 {
            if !self.settle() {
                return false;
            }
            let step = n.min(self.parts[self.part].len() - self.at);
            self.at += step;
            n -= step;
        }
        true
    }

    /// Skips `cch` characters one or two bytes wide; a record boundary inside them starts
    /// with a new width flag.
    fn skip_chars(&mut self, mut cch: usize, mut wide: bool) -> bool {
        loop {
            let width = if wide { 2 } else { 1 };
            let left = self
                .parts
                .get(self.part)
                .map_or(0, |p| p.len() - self.at.min(p.len()));
            let n = cch.min(left / width);
            self.at += n * width;
            cch -= n;
            if cch == 0 {
                return true;
            }
            if self.part + 1 >= self.parts.len() {
                return false;
            }
            self.part += 1;
            self.at = 0;
            match self.byte() {
                Some(flag) => wide = flag & 0x01 != 0,
                None => return false,
            }
        }
    }
}

/// The text a workbook's cells expand to, counted sheet by sheet.
struct TextCount {
    /// Characters of each shared string.
    shared: Vec<u32>,
    chars: u64,
    limit: usize,
}

impl TextCount {
    /// A cell showing shared string `index`.
    fn add_shared(&mut self, index: u32) -> Result<(), SheetError> {
        let len = self.shared.get(index as usize).copied().unwrap_or(0);
        self.chars = self.chars.saturating_add(u64::from(len));
        if self.chars > self.limit as u64 {
            return Err(SheetError::TooMuchText {
                chars: self.chars,
                limit: self.limit,
            });
        }
        Ok(())
    }
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
fn check_biff_sheet(sheet: &[u8], limits: &Limits, text: &mut TextCount) -> Result<(), SheetError> {
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
                if typ == 0x00FD && data.len() >= 10 {
                    text.add_shared(le_u32(data, 6))?;
                }
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

    #[test]
    fn shared_strings_are_measured_across_continue_records() {
        let mut first = vec![0u8; 8];
        first.extend([3, 0, 0, b'a', b'b', b'c']);
        first.extend([2, 0, 1, b'x', 0, b'y', 0]);
        // Four characters: two here, two in the next record (now two bytes wide).
        first.extend([4, 0, 0, b'p', b'q']);
        let mut second = vec![1u8, b'r', 0, b's', 0];
        // A rich string: one run of formatting after its character.
        second.extend([1, 0, 0x08, 1, 0, b'z', 0, 0, 0, 0]);
        // Cut short: its characters run past the end.
        second.extend([9, 0, 0, b'k']);
        assert_eq!(shared_string_lengths(&[&first, &second]), vec![3, 2, 4, 1]);
    }

    #[test]
    fn cells_showing_one_long_shared_string_are_counted_each_time() {
        let mut text = TextCount {
            shared: vec![32_000, 5],
            chars: 0,
            limit: 100_000,
        };
        for _ in 0..3 {
            text.add_shared(0).unwrap();
        }
        text.add_shared(7).unwrap();
        assert!(matches!(
            text.add_shared(0),
            Err(SheetError::TooMuchText {
                chars: 128_000,
                limit: 100_000
            })
        ));
    }
}
