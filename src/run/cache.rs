//! A cache of parsed progress reports, kept beside the outputs in
//! `<output>/.cache/progress/`: one JSON file per report, named by its key.
//!
//! The key is a SHA-256 over everything that bears on what
//! [`read_progress_file`](crate::progress::read_progress_file) returns: the cache format,
//! gyokaku's version, what reading a report depends on in the settings
//! ([`Settings::report_reading`](crate::config::Settings::report_reading)), the sections (bureaus and directory), the plan and configuration inputs (name, hash, note),
//! the catalog's reading context (default edition, plausible months), the file's content
//! hash and its display name. The file's index among the reports is not in the key: rows
//! are stored with their order and get the current index when loaded.
//!
//! The cache never changes outputs. An entry that cannot be read or parsed, of another
//! format or another key, is ignored (and rewritten); failures to write are ignored too.
//! Entries are written to a temporary file and renamed into place.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use sha2::{Digest, Sha256};

use crate::config::Settings;
use crate::diagnostics::FindingCode;
use crate::manifest::{InputFile, InputKind};
use crate::progress::{Catalog, FileReport};
use crate::sections::Sections;

/// The folder of the cache inside the output folder.
pub const CACHE_DIR: &str = ".cache";

/// Version of the entries' layout; an entry of another format is ignored.
const FORMAT: u32 = 2;

/// One cached report, as stored.
#[derive(serde::Serialize, serde::Deserialize)]
struct Entry<R> {
    format: u32,
    /// The entry's key, checked on load (a renamed or copied entry is not trusted).
    key: String,
    report: R,
}

/// The cache of one run: where entries live and the part of the key the run shares.
pub struct ReportCache {
    /// `None`: the cache is off (`--no-cache`).
    dir: Option<PathBuf>,
    /// Hash of what every report of the run is read against.
    run_key: Vec<u8>,
}

/// Temporary files of this process get distinct names.
static TEMP_SEQ: AtomicU64 = AtomicU64::new(0);

impl ReportCache {
    /// No cache: every report is read.
    pub fn disabled() -> ReportCache {
        ReportCache {
            dir: None,
            run_key: Vec::new(),
        }
    }

    /// The cache in `output`, for reports read against `settings`, `sections`, `catalog`
    /// and the plan and configuration files among `inputs`.
    pub fn new(
        output: &Path,
        settings: &Settings,
        sections: &Sections,
        catalog: &Catalog,
        inputs: &[InputFile],
    ) -> ReportCache {
        let mut h = Sha256::new();
        field(&mut h, "gyokaku progress cache");
        field(&mut h, &FORMAT.to_string());
        field(&mut h, env!("CARGO_PKG_VERSION"));
        field(&mut h, &format!("{:?}", settings.report_reading()));
        field(&mut h, &format!("{sections:?}"));
        field(&mut h, &catalog.reading_context());
        for i in inputs.iter().filter(|i| {
            matches!(
                i.kind,
                InputKind::Plan | InputKind::Config | InputKind::Directory
            )
        }) {
            field(&mut h, &format!("{:?}", i.kind));
            field(&mut h, &i.path);
            field(&mut h, &i.sha256);
            field(&mut h, &i.note);
        }
        ReportCache {
            dir: Some(output.join(CACHE_DIR).join("progress")),
            run_key: h.finalize().to_vec(),
        }
    }

    /// The key of the report `display` whose content hashes to `sha256`; `None` when the
    /// cache is off or the file has no hash (empty).
    pub fn key(&self, sha256: &str, display: &str) -> Option<String> {
        if self.dir.is_none() || sha256.is_empty() {
            return None;
        }
        let mut h = Sha256::new();
        h.update(&self.run_key);
        field(&mut h, sha256);
        field(&mut h, display);
        Some(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
    }

    /// The cached report of `key`, its rows given file index `index`; `None` when there is
    /// none or it cannot be used.
    pub fn load(&self, key: &str, index: usize) -> Option<FileReport> {
        let bytes = std::fs::read(self.entry_path(key)?).ok()?;
        let entry: Entry<FileReport> = serde_json::from_slice(&bytes).ok()?;
        if entry.format != FORMAT || entry.key != key {
            return None;
        }
        let mut report = entry.report;
        for row in &mut report.records {
            row.order.file = index;
        }
        Some(report)
    }

    /// Stores `report` under `key`, unless the file could not be read at all (that may
    /// pass). Failures are ignored: the cache only saves time.
    pub fn store(&self, key: &str, report: &FileReport) {
        let Some(path) = self.entry_path(key) else {
            return;
        };
        if report
            .findings
            .iter()
            .any(|f| f.code == FindingCode::ProgressUnreadable)
        {
            return;
        }
        let entry = Entry {
            format: FORMAT,
            key: key.to_string(),
            report,
        };
        let Ok(json) = serde_json::to_vec(&entry) else {
            return;
        };
        let Some(dir) = path.parent() else {
            return;
        };
        if std::fs::create_dir_all(dir).is_err() {
            return;
        }
        let temp = dir.join(format!(
            ".{key}.tmp-{}-{}",
            std::process::id(),
            TEMP_SEQ.fetch_add(1, Ordering::Relaxed)
        ));
        if std::fs::write(&temp, &json).is_err() || std::fs::rename(&temp, &path).is_err() {
            let _ = std::fs::remove_file(&temp);
        }
    }

    fn entry_path(&self, key: &str) -> Option<PathBuf> {
        Some(self.dir.as_ref()?.join(format!("{key}.json")))
    }
}

/// Adds one length-prefixed field to the hash, so that fields cannot run into each other.
fn field(h: &mut Sha256, s: &str) {
    h.update((s.len() as u64).to_le_bytes());
    h.update(s.as_bytes());
}
