//! The `intake` command: returned section workbooks filed by the month they report on.
//!
//! Each file is copied to `<input>/progress/<YYYY-MM>/` under its own name, the month
//! read from the file itself ([`report_month`]: the locked 報告月 of the 進捗入力 sheet,
//! else the dates of its rows, else its name). Nothing is ever replaced: a file with the
//! same bytes as one already in that folder is not copied again, and a different file
//! under a name already taken is kept beside it as `<name>_2.xlsx`, `_3`, … The source
//! file is only read.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::config::Settings;
use crate::files::file_name;
use crate::progress::{MonthSource, header_words, report_month};
use crate::sheet::{SheetError, read_content, read_within_limit};
use crate::wareki::{Period, next_period, period_in_name};

/// Highest number a second file of one name gets before intake gives up on it.
const MAX_SUFFIX: u32 = 999;

/// Why one file was not filed.
#[derive(Debug, Error)]
pub enum IntakeError {
    #[error("ファイルを読めないか、大きすぎます（上限は設定ファイルの [limits] max_file_mb）")]
    Unreadable,
    #[error("{0}")]
    Sheet(#[from] SheetError),
    #[error(
        "報告月がわかりません（「進捗入力」シートの報告月、報告日の列、ファイル名のいずれにも年月がありません）。ファイル名に年月（例: _2024-10）を付けて、もう一度取り込んでください"
    )]
    NoMonth,
    #[error("{path} に書き込めません: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{0} に同じ名前のファイルが多すぎます")]
    NoFreeName(PathBuf),
}

/// What happened to one file.
#[derive(Debug)]
pub enum Filing {
    /// Copied under its own name.
    Filed(Placed),
    /// Copied under a numbered name: a different file already has its name there.
    Renamed { placed: Placed, taken: PathBuf },
    /// Not copied: a file with the same bytes is there already.
    AlreadyFiled { month: Period, existing: PathBuf },
}

/// Where a file was copied and why there.
#[derive(Debug)]
pub struct Placed {
    pub dest: PathBuf,
    pub month: Period,
    pub source: MonthSource,
    /// The month the file name names, when it differs from the month filed under.
    pub name_month: Option<Period>,
}

/// One file given to `intake` and its outcome.
#[derive(Debug)]
pub struct IntakeEntry {
    pub file: PathBuf,
    pub outcome: Result<Filing, IntakeError>,
}

impl IntakeEntry {
    /// Whether the clerk must look at this file (not filed, filed under another name, or
    /// its name names another month).
    pub fn needs_attention(&self) -> bool {
        match &self.outcome {
            Err(_) | Ok(Filing::Renamed { .. }) => true,
            Ok(Filing::Filed(p)) => p.name_month.is_some(),
            Ok(Filing::AlreadyFiled { .. }) => false,
        }
    }
}

/// Files each of `files` under `<input>/progress/<YYYY-MM>/`, in the order given.
pub fn intake(files: &[PathBuf], input: &Path, settings: &Settings) -> Vec<IntakeEntry> {
    files
        .iter()
        .map(|file| IntakeEntry {
            file: file.clone(),
            outcome: intake_one(file, input, settings),
        })
        .collect()
}

fn intake_one(file: &Path, input: &Path, settings: &Settings) -> Result<Filing, IntakeError> {
    let bytes = read_within_limit(file, &settings.limits).ok_or(IntakeError::Unreadable)?;
    let raw = read_content(file, &bytes, &settings.limits)?;
    let name = file_name(file);
    let (month, source) =
        report_month(&raw, &name, &header_words(settings)).ok_or(IntakeError::NoMonth)?;
    let dir = input.join("progress").join(month.to_string());
    if let Some(existing) = same_bytes_in(&dir, &bytes) {
        return Ok(Filing::AlreadyFiled { month, existing });
    }
    fs::create_dir_all(&dir).map_err(|e| IntakeError::Write {
        path: dir.clone(),
        source: e,
    })?;
    // A section workbook is named by the period it was made for; its 進捗入力 asks for
    // the month after: that is no mismatch.
    let name_month = period_in_name(&name).filter(|p| {
        *p != month && !(source == MonthSource::InputSheet && next_period(*p) == month)
    });
    for n in 1..=MAX_SUFFIX {
        let dest = dir.join(numbered(&name, n));
        match write_new(&dest, &bytes) {
            Ok(()) => {
                let placed = Placed {
                    dest,
                    month,
                    source,
                    name_month,
                };
                return Ok(if n == 1 {
                    Filing::Filed(placed)
                } else {
                    Filing::Renamed {
                        placed,
                        taken: dir.join(&name),
                    }
                });
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => {
                return Err(IntakeError::Write {
                    path: dest,
                    source: e,
                });
            }
        }
    }
    Err(IntakeError::NoFreeName(dir))
}

/// A file directly in `dir` whose bytes are `bytes`.
fn same_bytes_in(dir: &Path, bytes: &[u8]) -> Option<PathBuf> {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    entries.into_iter().find(|p| {
        p.metadata()
            .is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
            && fs::read(p).is_ok_and(|b| b == bytes)
    })
}

/// `name` for the first file, `stem_n.ext` for the n-th.
fn numbered(name: &str, n: u32) -> String {
    if n == 1 {
        return name.to_string();
    }
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => format!("{stem}_{n}.{ext}"),
        _ => format!("{name}_{n}"),
    }
}

/// Writes `bytes` to `dest`, which must not exist yet (never replaces a file); a
/// partly written file is removed.
fn write_new(dest: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(dest)?;
    let written = f.write_all(bytes).and_then(|()| f.sync_all());
    if written.is_err() {
        drop(f);
        let _ = fs::remove_file(dest);
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_files_of_one_name_are_numbered_before_the_extension() {
        assert_eq!(numbered("総務課.xlsx", 1), "総務課.xlsx");
        assert_eq!(numbered("総務課.xlsx", 2), "総務課_2.xlsx");
        assert_eq!(numbered("報告", 3), "報告_3");
        assert_eq!(numbered(".xlsx", 2), ".xlsx_2");
    }
}
