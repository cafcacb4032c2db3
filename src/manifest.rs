//! `output/<period>/manifest.json`: what a run read and wrote, so that an office can tell
//! later which inputs a month's workbooks came from. No timestamps: the same inputs give
//! the same manifest.

use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::diagnostics::{Finding, Severity};
use crate::files::{Depth, files_under, relative_name};
use crate::progress::RowAccount;
use crate::wareki::Period;

pub const FILE: &str = "manifest.json";

/// SHA-256 of bytes, lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// What an input file is to the run (the `kind` of the manifest's inputs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum InputKind {
    Plan,
    Progress,
    Config,
    /// The section directory (部署マスタ).
    Directory,
}

/// How the run's period was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum PeriodChoice {
    /// Given with `--period`.
    Given,
    /// The latest month named in the progress reports.
    LatestReport,
    /// No report names a month: the current month.
    CurrentMonth,
}

impl PeriodChoice {
    /// How the clerk is told where the period came from.
    pub fn label(self) -> &'static str {
        match self {
            PeriodChoice::Given => "指定",
            PeriodChoice::LatestReport => "進捗報告の最新月",
            PeriodChoice::CurrentMonth => "今月（進捗報告に月の記載なし）",
        }
    }
}

/// Size and SHA-256 of a file, read in pieces so that a large file costs no memory; an
/// empty file has no hash.
///
/// # Errors
/// The file cannot be opened or read.
pub fn hash_file(path: &Path) -> std::io::Result<(u64, String)> {
    use std::io::Read;
    let mut hasher = Sha256::new();
    let mut file = std::fs::File::open(path)?;
    // On the stack: a run hashes every input, most of them a few kilobytes, and a zeroed
    // heap buffer per file cost more than the hashing.
    let mut buf = [0u8; 16 * 1024];
    let mut size = 0u64;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        size += n as u64;
    }
    Ok((size, hex_digest(size, hasher)))
}

/// Size and SHA-256 of a file's bytes read already, as [`hash_file`] gives them.
pub fn hash_bytes(bytes: &[u8]) -> (u64, String) {
    let size = bytes.len() as u64;
    (size, hex_digest(size, Sha256::new_with_prefix(bytes)))
}

/// The digest in lower-case hex; none for an empty file.
fn hex_digest(size: u64, hasher: Sha256) -> String {
    if size == 0 {
        return String::new();
    }
    let mut hex = String::with_capacity(64);
    for b in hasher.finalize() {
        let _ = write!(hex, "{b:02x}");
    }
    hex
}

#[derive(Debug, Clone, Serialize)]
pub struct InputFile {
    pub path: String,
    pub kind: InputKind,
    pub size: u64,
    pub sha256: String,
    /// Encoding, or why it was not used.
    pub note: String,
}

impl InputFile {
    /// Size and hash of a file as read now, streamed (an unreadable or empty file gets
    /// size 0 and no hash).
    pub fn describe(path: &Path, display: &str, kind: InputKind, note: &str) -> InputFile {
        let (size, sha256) = hash_file(path).unwrap_or_default();
        InputFile::hashed(display, kind, (size, sha256), note)
    }

    /// An input whose size and hash ([`hash_file`]) are already known.
    pub fn hashed(display: &str, kind: InputKind, hash: (u64, String), note: &str) -> InputFile {
        InputFile {
            path: display.to_string(),
            kind,
            size: hash.0,
            sha256: hash.1,
            note: note.to_string(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct OutputFile {
    pub path: String,
    pub size: u64,
    pub sha256: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Counts {
    pub editions: usize,
    pub edition_in_force: String,
    pub initiatives: usize,
    pub items: usize,
    pub departments: usize,
    pub schedule_rows: usize,
    pub progress_rows: usize,
    pub plan_changes: usize,
    pub workbooks: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct DiagnosticCounts {
    pub error: usize,
    pub warning: usize,
    pub info: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Manifest {
    pub gyokaku_version: String,
    pub period: String,
    pub period_choice: String,
    pub inputs: Vec<InputFile>,
    pub outputs: Vec<OutputFile>,
    pub counts: Counts,
    pub row_accounting: Vec<RowAccount>,
    pub diagnostics: DiagnosticCounts,
}

impl Manifest {
    /// Describes the run; `out_dir` is read for the outputs written so far.
    pub fn new(
        period: Period,
        choice: PeriodChoice,
        inputs: Vec<InputFile>,
        out_dir: &Path,
        counts: Counts,
        accounts: &[RowAccount],
        findings: &[Finding],
    ) -> Manifest {
        let mut outputs = Vec::new();
        for p in files_under(out_dir, Depth::All) {
            let rel = relative_name(&p, out_dir);
            if rel == FILE {
                continue;
            }
            if let Ok((size, sha256)) = hash_file(&p) {
                outputs.push(OutputFile {
                    path: rel,
                    size,
                    sha256: if size == 0 { sha256_hex(b"") } else { sha256 },
                });
            }
        }
        outputs.sort_by(|a, b| a.path.cmp(&b.path));
        let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
        Manifest {
            gyokaku_version: env!("CARGO_PKG_VERSION").to_string(),
            period: period.to_string(),
            period_choice: choice.label().to_string(),
            inputs,
            outputs,
            counts,
            row_accounting: accounts.to_vec(),
            diagnostics: DiagnosticCounts {
                error: count(Severity::Error),
                warning: count(Severity::Warning),
                info: count(Severity::Info),
            },
        }
    }

    /// The manifest as pretty JSON with a final newline.
    ///
    /// # Errors
    /// Only if serialization itself fails (the types hold nothing that cannot be written).
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        let mut s = serde_json::to_string_pretty(self)?;
        s.push('\n');
        Ok(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_hash_as_their_file_does() {
        let dir = tempfile::tempdir().unwrap();
        // Larger than the 16 KiB pieces the file is hashed in.
        let content: Vec<u8> = (0..40_000u32).map(|i| (i % 251) as u8).collect();
        let path = dir.path().join("r.xlsx");
        std::fs::write(&path, &content).unwrap();
        let (size, hex) = hash_file(&path).unwrap();
        assert_eq!(
            (size, hex.as_str()),
            (40_000, hash_bytes(&content).1.as_str())
        );
        assert_eq!(hex.len(), 64);
        let empty = dir.path().join("empty.csv");
        std::fs::write(&empty, b"").unwrap();
        assert_eq!(hash_file(&empty).unwrap(), (0, String::new()));
        assert_eq!(hash_bytes(b""), (0, String::new()));
    }
}
