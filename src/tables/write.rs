//! Writing the tables: Parquet for BI tools, CSV (UTF-8 with BOM, so that Excel opens it
//! in Japanese) for audit.
//!
//! In the CSV files, text that a spreadsheet would take for a formula (beginning with
//! `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`, so that opening the
//! file runs nothing; text that is a plain decimal number (`-5`, `+0.5`) is left as it is,
//! since a spreadsheet reads it as that number and nothing else. Only text columns are
//! touched, and the Parquet files keep the text as it is.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use polars::prelude::*;

use super::{TableError, Tables};

/// Writes each table as `<name>.parquet` and `<name>.csv` into `dir`.
///
/// # Errors
/// A file cannot be created or written.
pub fn write_all(tables: &mut Tables, dir: &Path) -> Result<Vec<PathBuf>, TableError> {
    std::fs::create_dir_all(dir).map_err(|e| io_err(dir, e))?;
    let mut written = Vec::new();
    for (name, df) in &mut tables.frames {
        written.push(write_parquet(df, &dir.join(format!("{name}.parquet")))?);
        let mut csv = neutralized(df)?;
        written.push(write_csv(&mut csv, &dir.join(format!("{name}.csv")))?);
    }
    Ok(written)
}

/// Writes `df` as `<name>.csv` only into `dir` (a table for people, not for BI tools).
///
/// # Errors
/// A file cannot be created or written.
pub fn write_csv_only(df: &DataFrame, dir: &Path, name: &str) -> Result<PathBuf, TableError> {
    std::fs::create_dir_all(dir).map_err(|e| io_err(dir, e))?;
    let mut csv = neutralized(df)?;
    write_csv(&mut csv, &dir.join(format!("{name}.csv")))
}

// Both writers go through a buffer: the Parquet writer writes its metadata a few bytes
// at a time, one system call each without it.

fn write_parquet(df: &mut DataFrame, path: &Path) -> Result<PathBuf, TableError> {
    let mut file = BufWriter::new(File::create(path).map_err(|e| io_err(path, e))?);
    ParquetWriter::new(&mut file).finish(df)?;
    file.flush().map_err(|e| io_err(path, e))?;
    Ok(path.to_path_buf())
}

fn write_csv(df: &mut DataFrame, path: &Path) -> Result<PathBuf, TableError> {
    let mut file = BufWriter::new(File::create(path).map_err(|e| io_err(path, e))?);
    CsvWriter::new(&mut file)
        .include_bom(true)
        .include_header(true)
        .finish(df)?;
    file.flush().map_err(|e| io_err(path, e))?;
    Ok(path.to_path_buf())
}

/// Whether a spreadsheet opening a CSV would take `s` for a formula.
pub fn looks_like_formula(s: &str) -> bool {
    s.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_plain_number(s)
}

/// `-5`, `+12`, `-0.25`: an optional sign, digits, an optional decimal part.
fn is_plain_number(s: &str) -> bool {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, "0"));
    let all_digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    all_digits(int) && all_digits(frac)
}

/// `s` as written to a CSV cell: with a leading `'` when it looks like a formula.
pub fn csv_text(s: &str) -> std::borrow::Cow<'_, str> {
    if looks_like_formula(s) {
        std::borrow::Cow::Owned(format!("'{s}"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// The table as its CSV shows it: every text cell through [`csv_text`].
fn neutralized(df: &DataFrame) -> Result<DataFrame, TableError> {
    let needs = |c: &Column| -> Result<bool, TableError> {
        Ok(c.dtype() == &DataType::String && c.str()?.iter().flatten().any(looks_like_formula))
    };
    let mut columns = Vec::with_capacity(df.width());
    let mut changed = false;
    for c in df.columns() {
        if needs(c)? {
            changed = true;
            let text = c
                .str()?
                .apply_into_string_amortized(|s, buf| buf.push_str(&csv_text(s)));
            columns.push(Column::from(text.into_series()));
        } else {
            columns.push(c.clone());
        }
    }
    if !changed {
        return Ok(df.clone());
    }
    Ok(DataFrame::new_infer_height(columns)?)
}

fn io_err(path: &Path, source: std::io::Error) -> TableError {
    TableError::Io {
        path: path.display().to_string(),
        source,
    }
}
