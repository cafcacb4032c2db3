//! Writing the tables: Parquet for BI tools, CSV (UTF-8 with BOM, so that Excel opens it
//! in Japanese) for audit.

use std::fs::File;
use std::io::Write;
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
        written.push(write_csv(df, &dir.join(format!("{name}.csv")))?);
    }
    Ok(written)
}

fn write_parquet(df: &mut DataFrame, path: &Path) -> Result<PathBuf, TableError> {
    let file = File::create(path).map_err(|e| io_err(path, e))?;
    ParquetWriter::new(file).finish(df)?;
    Ok(path.to_path_buf())
}

fn write_csv(df: &mut DataFrame, path: &Path) -> Result<PathBuf, TableError> {
    let mut file = File::create(path).map_err(|e| io_err(path, e))?;
    CsvWriter::new(&mut file)
        .include_bom(true)
        .include_header(true)
        .finish(df)?;
    file.flush().map_err(|e| io_err(path, e))?;
    Ok(path.to_path_buf())
}

fn io_err(path: &Path, source: std::io::Error) -> TableError {
    TableError::Io {
        path: path.display().to_string(),
        source,
    }
}
