//! Percent cells of an Excel 97–2003 workbook (`.xls`, BIFF8): a number cell whose
//! extended format (XF) has a percent number format, the built-in `0%` and `0.00%` (9,
//! 10) or a custom one (`FORMAT` record) with a `%`. Calamine keeps each XF's format only
//! as date / duration / other, privately, so the workbook stream is read here for what it
//! drops: the `FORMAT`, `XF` and `BOUNDSHEET` records of the globals, then the cell
//! records (`NUMBER`, `RK`, `MULRK`, `FORMULA`) of each sheet.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Read};

use super::common::{PercentCells, is_percent_code};
use crate::config::Limits;

const EOF: u16 = 0x000A;
const FILEPASS: u16 = 0x002F;
const BOUNDSHEET: u16 = 0x0085;
const FORMAT: u16 = 0x041E;
const XF: u16 = 0x00E0;
const NUMBER: u16 = 0x0203;
const RK: u16 = 0x027E;
const MULRK: u16 = 0x00BD;
const FORMULA: u16 = 0x0006;

/// The percent-formatted number cells (0-based row, column) of each worksheet, by sheet
/// name; empty for a workbook that cannot be read this way (encrypted, not BIFF8).
pub(super) fn percent_cells(bytes: &[u8], limits: &Limits) -> PercentCells {
    let Some(stream) = workbook_stream(bytes, limits) else {
        return PercentCells::new();
    };
    let Some(globals) = Globals::read(&stream) else {
        return PercentCells::new();
    };
    let mut out = PercentCells::new();
    let mut kept = 0usize;
    for (name, pos) in &globals.sheets {
        let cells = sheet_cells(&stream, *pos, &globals.percent_xf, limits, &mut kept);
        if !cells.is_empty() {
            out.insert(name.clone(), cells);
        }
    }
    out
}

/// The `Workbook` stream of the compound file, read up to the inflated-size limit.
fn workbook_stream(bytes: &[u8], limits: &Limits) -> Option<Vec<u8>> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).ok()?;
    let mut stream = file.open_stream("/Workbook").ok()?;
    let mut out = Vec::new();
    (&mut stream)
        .take(limits.max_unzipped_bytes)
        .read_to_end(&mut out)
        .ok()?;
    Some(out)
}

/// What the globals substream says: which XF indexes show a percentage, and where each
/// worksheet's substream starts.
struct Globals {
    percent_xf: Vec<bool>,
    sheets: Vec<(String, usize)>,
}

impl Globals {
    fn read(stream: &[u8]) -> Option<Globals> {
        let mut custom: BTreeMap<u16, bool> = BTreeMap::new();
        let mut xf_formats: Vec<u16> = Vec::new();
        let mut sheets = Vec::new();
        for (kind, data) in records(stream, 0) {
            match kind {
                FILEPASS => return None,
                FORMAT if data.len() >= 2 => {
                    let id = u16_at(data, 0)?;
                    let code = unicode_string(&data[2..], 2).unwrap_or_default();
                    custom.insert(id, is_percent_code(&code));
                }
                XF => xf_formats.push(u16_at(data, 2)?),
                // A worksheet (type 0), not a chart or macro sheet.
                BOUNDSHEET if data.get(5) == Some(&0) => {
                    let pos = u32_at(data, 0)? as usize;
                    if let Some(name) = unicode_string(data.get(6..)?, 1) {
                        sheets.push((name, pos));
                    }
                }
                EOF => break,
                _ => {}
            }
        }
        let percent_xf = xf_formats
            .iter()
            .map(|f| matches!(f, 9 | 10) || custom.get(f).copied().unwrap_or(false))
            .collect();
        Some(Globals { percent_xf, sheets })
    }
}

/// The cells of the sheet substream at `pos` whose XF is a percent format, while the
/// file's count `kept` stays within `max_cells`.
fn sheet_cells(
    stream: &[u8],
    pos: usize,
    percent_xf: &[bool],
    limits: &Limits,
    kept: &mut usize,
) -> BTreeSet<(usize, usize)> {
    let mut out = BTreeSet::new();
    let is_percent =
        |xf: Option<u16>| xf.is_some_and(|x| percent_xf.get(x as usize) == Some(&true));
    let mut keep = |row: Option<u16>, col: Option<u16>, out: &mut BTreeSet<(usize, usize)>| {
        if let (Some(r), Some(c)) = (row, col) {
            let (r, c) = (r as usize, c as usize);
            if r < limits.max_rows
                && c < limits.max_cols
                && *kept < limits.max_cells
                && out.insert((r, c))
            {
                *kept += 1;
            }
        }
    };
    for (kind, data) in records(stream, pos).skip(1) {
        match kind {
            NUMBER | RK | FORMULA if is_percent(u16_at(data, 4)) => {
                keep(u16_at(data, 0), u16_at(data, 2), &mut out);
            }
            MULRK => {
                // row, first column, (XF, RK value) × n, last column.
                let row = u16_at(data, 0);
                let first = u16_at(data, 2).unwrap_or(0);
                let pairs = data.len().saturating_sub(6) / 6;
                for k in 0..pairs {
                    if is_percent(u16_at(data, 4 + 6 * k)) {
                        keep(row, first.checked_add(k as u16), &mut out);
                    }
                }
            }
            EOF => break,
            _ => {}
        }
    }
    out
}

/// The records from `pos`: (type, data), until the stream ends or a record runs past it.
fn records(stream: &[u8], pos: usize) -> impl Iterator<Item = (u16, &[u8])> {
    let mut at = pos;
    std::iter::from_fn(move || {
        let kind = u16_at(stream, at)?;
        let len = u16_at(stream, at + 2)? as usize;
        let data = stream.get(at + 4..at + 4 + len)?;
        at += 4 + len;
        Some((kind, data))
    })
}

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

/// A BIFF8 string: its character count (`count_bytes` wide), a flags byte (bit 0: UTF-16,
/// else one byte a character), then the characters.
fn unicode_string(data: &[u8], count_bytes: usize) -> Option<String> {
    let count = match count_bytes {
        1 => *data.first()? as usize,
        _ => u16_at(data, 0)? as usize,
    };
    let flags = *data.get(count_bytes)?;
    let chars = &data[count_bytes + 1..];
    if flags & 1 == 1 {
        let units: Vec<u16> = chars
            .get(..2 * count)?
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        Some(String::from_utf16_lossy(&units))
    } else {
        Some(chars.get(..count)?.iter().map(|&b| char::from(b)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: u16, data: &[u8]) -> Vec<u8> {
        let mut out = kind.to_le_bytes().to_vec();
        out.extend((data.len() as u16).to_le_bytes());
        out.extend(data);
        out
    }

    #[test]
    fn strings_records_and_globals() {
        assert_eq!(
            unicode_string(&[2, 0, b'0', b'%'], 1).as_deref(),
            Some("0%")
        );
        assert_eq!(
            unicode_string(&[1, 0, 1, 0x31, 0x58], 2).as_deref(),
            Some("\u{5831}")
        );
        assert_eq!(unicode_string(&[5, 0, b'a'], 1), None);
        // Two XFs (general, custom 164 `0.0%`), one worksheet at 100.
        let mut s = record(FORMAT, &[164, 0, 4, 0, 0, b'0', b'.', b'0', b'%']);
        s.extend(record(XF, &[0, 0, 0, 0]));
        s.extend(record(XF, &[0, 0, 164, 0]));
        s.extend(record(BOUNDSHEET, &[100, 0, 0, 0, 0, 0, 1, 0, b'S']));
        s.extend(record(EOF, &[]));
        let g = Globals::read(&s).unwrap();
        assert_eq!(g.percent_xf, [false, true]);
        assert_eq!(g.sheets, [("S".to_string(), 100)]);
        assert!(Globals::read(&record(FILEPASS, &[])).is_none());
        // A truncated record ends the walk.
        assert_eq!(records(&[1, 0, 9, 0, 1], 0).count(), 0);
    }
}
