//! The store of parsed progress reports, kept beside the outputs in
//! `<output>/.cache/reports.bin` ([`store`]): what was read from each report, so that a
//! run reads only the files it has not read before (next month: the new month's files).
//!
//! Each report is keyed by a SHA-256 over what reading it depends on: the store's format,
//! gyokaku's version, the settings that reading uses ([`reading_settings`]), the
//! sections ([`Sections::resolving_key`]: not the period itself), the plan files (name,
//! hash, note), the catalog's reading context (default edition), the file's content hash
//! and its display name. Neither the period nor today's date is in it, so next month's
//! run finds last month's reports: a report with a row refused for its month keeps the
//! window of plausible months it was read with and is read again once that moves. The
//! file's index among the reports is not in the key: rows are stored with their order and
//! get the current index when loaded.
//!
//! Each stored report keeps what its file looked like on disk ([`stamp`]): a file whose
//! size, times and inode are unchanged is taken with the content hash stored for it, not
//! read or hashed again.
//!
//! The store is read once at the start of the run ([`StoreRead`], beside the plans) and
//! written once after the reports are read ([`ReportCache::save`]: each report encoded
//! where it was read, the file written on a thread of its own while the run goes on),
//! holding exactly the run's reports (so its size follows the input folder,
//! bounded by [`store::MAX_STORE_BYTES`]); a run that took every report from it does not
//! write it. It never changes outputs: a store that cannot be used (not a regular file, a
//! link, too large, cut short, corrupt) and a stored report that breaks the reader's
//! rules ([`crate::progress::vet_cached`]) are misses, read anew and rebuilt, each with
//! a `cache.rebuilt` note. A `.cache` that is a link or not a folder is not used at all
//! (`cache.unusable`): nothing is read from it or written through it.

mod stamp;
pub mod store;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use sha2::{Digest, Sha256};

use crate::config::Settings;
use crate::diagnostics::{Finding, FindingCode};
use crate::manifest::{InputFile, InputKind};
use crate::progress::{Catalog, FileReport};
use crate::sections::Sections;
use store::{Key, Seen, Stamp, StoreProblem, Window};

/// The folder of the cache inside the output folder.
pub const CACHE_DIR: &str = ".cache";

/// The store's file inside [`CACHE_DIR`].
pub const STORE_FILE: &str = "reports.bin";

/// The folder of one JSON file per report that earlier versions kept; removed.
const LEGACY_DIR: &str = "progress";

/// The cache of one run.
pub struct ReportCache {
    /// `None`: the cache is off (`--no-cache`, or `.cache` cannot be used).
    open: Option<Open>,
    /// Notes for the run's findings (rebuilt store, rebuilt entries, unusable folder).
    notes: Mutex<Vec<Finding>>,
}

/// A cache in use.
struct Open {
    /// `<output>/.cache`.
    dir: PathBuf,
    /// Hash of what every report of the run is read against.
    run_key: Key,
    /// The reports of the store as read (with the window of a report that depends on
    /// it), taken out as they are used.
    stored: Mutex<HashMap<Key, (Option<Window>, FileReport)>>,
    /// What each file the store knows looked like when read, by display name.
    seen: HashMap<String, Seen>,
    /// The months a report can be about in this run.
    window: Window,
    /// Reports the store held at the start.
    held: usize,
    /// Reports taken from it this run.
    hits: AtomicUsize,
    /// Whether the store must be written even if every report was taken from it.
    rebuild: AtomicBool,
}

impl ReportCache {
    /// No cache: every report is read.
    pub fn disabled() -> ReportCache {
        ReportCache {
            open: None,
            notes: Mutex::new(Vec::new()),
        }
    }

    /// The cache of the store `read` ([`StoreRead::read`]), for reports read against
    /// `settings`, `sections`, `catalog` and the plan files among `inputs`.
    pub fn new(
        read: StoreRead,
        settings: &Settings,
        sections: &Sections,
        catalog: &Catalog,
        inputs: &[InputFile],
    ) -> ReportCache {
        let cache = ReportCache::disabled();
        let StoreRead { dir, read } = read;
        let ((stored, seen), rebuild) = match read {
            Err(why) => {
                cache.note(unusable(&why));
                return cache;
            }
            Ok(Ok(stored)) => (stored, false),
            Ok(Err(problem)) => {
                if problem.worth_a_note() {
                    cache.note(store_rebuilt(&problem));
                }
                ((HashMap::new(), HashMap::new()), true)
            }
        };
        ReportCache {
            open: Some(Open {
                dir,
                run_key: run_key(settings, sections, catalog, inputs),
                window: catalog.plausible_months(),
                held: stored.len(),
                stored: Mutex::new(stored),
                seen,
                hits: AtomicUsize::new(0),
                rebuild: AtomicBool::new(rebuild),
            }),
            notes: cache.notes,
        }
    }

    /// The stamp of the report file at `path` (see [`stamp`]); `None` when the cache is
    /// off.
    pub fn stamp(&self, path: &Path) -> Option<Stamp> {
        self.open.as_ref()?;
        stamp::stamp(path)
    }

    /// The size and SHA-256 of `display`'s content as stored, when the file still has
    /// the `stamp` it had then. Otherwise the store is to be written with the new stamp.
    pub fn known_hash(&self, display: &str, stamp: &Stamp) -> Option<(u64, String)> {
        let open = self.open.as_ref()?;
        match open.seen.get(display) {
            Some(seen) if seen.stamp == *stamp => Some((seen.size, seen.sha256.clone())),
            _ => {
                open.rebuild.store(true, Ordering::Relaxed);
                None
            }
        }
    }

    /// The key of the report `display` whose content hashes to `sha256`; `None` when the
    /// cache is off or the file has no hash (empty).
    pub fn key(&self, sha256: &str, display: &str) -> Option<Key> {
        let open = self.open.as_ref()?;
        if sha256.is_empty() {
            return None;
        }
        let mut h = Sha256::new();
        h.update(open.run_key);
        field(&mut h, sha256);
        field(&mut h, display);
        Some(h.finalize().into())
    }

    /// The stored report of `key` for file `display`, its rows given file index `index`;
    /// `None` when there is none or it breaks the reader's rules (then noted).
    pub fn load(
        &self,
        key: &Key,
        display: &str,
        index: usize,
        catalog: &Catalog,
        settings: &Settings,
    ) -> Option<FileReport> {
        let open = self.open.as_ref()?;
        let (window, mut report) = lock(&open.stored).remove(key)?;
        if window.is_some_and(|w| w != open.window) {
            // A row refused for its month may be taken now: read again (no note).
            return None;
        }
        if let Err(why) = crate::progress::vet_cached(&report, display, catalog, settings) {
            self.note(entry_rebuilt(display, &why));
            return None;
        }
        for row in &mut report.records {
            row.order.file = index;
        }
        open.hits.fetch_add(1, Ordering::Relaxed);
        Some(report)
    }

    /// What the store is to keep of a report read (or taken from it) this run, encoded
    /// where it was read: `None` when the cache is off, the report has no key, or its file
    /// could not be read at all (that may pass).
    pub fn entry(
        &self,
        key: Option<Key>,
        seen: Option<&Seen>,
        report: &FileReport,
    ) -> Option<store::Entry> {
        let open = self.open.as_ref()?;
        let key = key?;
        let unreadable = report
            .findings
            .iter()
            .any(|f| f.code == FindingCode::ProgressUnreadable);
        if unreadable {
            return None;
        }
        store::Entry::encode(&key, &open.window_of(report), seen, report)
    }

    /// Replaces the store by the run's `entries` ([`ReportCache::entry`]), unless every
    /// one of them came from it and it held no others. The file is written beside the
    /// rest of the run, on a thread of its own: the [`Saving`] returned waits for it when
    /// dropped. Failures to write are ignored: the cache only saves time.
    pub fn save(&self, entries: Vec<store::Entry>) -> Saving {
        let Some(open) = &self.open else {
            return Saving(None);
        };
        let hits = open.hits.load(Ordering::Relaxed);
        if !open.rebuild.load(Ordering::Relaxed) && hits == entries.len() && hits == open.held {
            return Saving(None);
        }
        let Some(payload) = store::Payload::of(entries) else {
            self.note(too_large());
            return Saving(None);
        };
        let dir = open.dir.clone();
        Saving(Some(std::thread::spawn(move || {
            write_store(&dir, &payload)
        })))
    }

    /// How many reports were taken from the store.
    pub fn hits(&self) -> usize {
        self.open
            .as_ref()
            .map_or(0, |o| o.hits.load(Ordering::Relaxed))
    }

    /// The notes of the run so far, in file order.
    pub fn take_notes(&self) -> Vec<Finding> {
        let mut notes = std::mem::take(&mut *lock(&self.notes));
        notes.sort_by(|a, b| a.file.cmp(&b.file));
        notes
    }

    fn note(&self, finding: Finding) {
        lock(&self.notes).push(finding);
    }
}

impl Open {
    /// The window to keep with `report`: the run's, when a row was refused for its month.
    fn window_of(&self, report: &FileReport) -> Option<Window> {
        report
            .findings
            .iter()
            .any(|f| f.code == FindingCode::ProgressImplausibleDate)
            .then_some(self.window)
    }
}

/// The store in `<output>/.cache` as read at the start of a run, before the plans that
/// the reports are read against are known (it is read beside them).
pub struct StoreRead {
    dir: PathBuf,
    /// `Err`: the folder is not usable; `Ok(Err)`: the store is not, and is rebuilt.
    read: Result<Result<Loaded, StoreProblem>, StoreProblem>,
}

impl StoreRead {
    /// Reads the store of the output folder `output`.
    pub fn read(output: &Path) -> StoreRead {
        let dir = output.join(CACHE_DIR);
        let read = prepare_dir(&dir).map(|()| load_store(&dir.join(STORE_FILE)));
        StoreRead { dir, read }
    }
}

/// The store being written; dropping it waits until it is (the run ends after).
#[must_use = "the store is written until this is dropped"]
pub struct Saving(Option<std::thread::JoinHandle<()>>);

impl Drop for Saving {
    fn drop(&mut self) {
        if let Some(writing) = self.0.take() {
            let _ = writing.join();
        }
    }
}

/// Writes the store into `dir` (made when missing; a folder in the store's place is
/// removed, a link replaced, not followed).
fn write_store(dir: &Path, payload: &store::Payload) {
    if !ensure_dir(dir) {
        return;
    }
    let path = dir.join(STORE_FILE);
    if std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir()) {
        let _ = std::fs::remove_dir_all(&path);
    }
    let _ = payload.replace(dir, STORE_FILE);
}

/// The lock's content, also after a panic elsewhere (the map stays consistent: each
/// access is one call).
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Checks that `<output>/.cache`, when there, is a folder of gyokaku's own: a link or
/// anything but a folder is refused. The folder of earlier versions' one file per report
/// is removed (when it is a folder, not a link).
fn prepare_dir(dir: &Path) -> Result<(), StoreProblem> {
    match std::fs::symlink_metadata(dir) {
        Ok(m) if m.file_type().is_symlink() => return Err(StoreProblem::Link),
        Ok(m) if !m.is_dir() => return Err(StoreProblem::NotRegular),
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e.into()),
    }
    let legacy = dir.join(LEGACY_DIR);
    if std::fs::symlink_metadata(&legacy).is_ok_and(|m| m.is_dir()) {
        let _ = std::fs::remove_dir_all(&legacy);
    }
    Ok(())
}

/// Creates `<output>/.cache` fresh when it is missing (and the output folder, which a run
/// without `--period` has not made yet when the reports are read); `false` when it is not
/// a folder of its own (it may have become a link since the run started).
fn ensure_dir(dir: &Path) -> bool {
    if let Some(output) = dir.parent()
        && std::fs::create_dir_all(output).is_err()
    {
        return false;
    }
    if let Err(e) = std::fs::create_dir(dir)
        && e.kind() != std::io::ErrorKind::AlreadyExists
    {
        return false;
    }
    std::fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir())
}

/// The stored reports by key, and what their files looked like by display name; none
/// when there is no store yet.
type Loaded = (
    HashMap<Key, (Option<Window>, FileReport)>,
    HashMap<String, Seen>,
);

fn load_store(path: &Path) -> Result<Loaded, StoreProblem> {
    let Some(bytes) = store::read(path)? else {
        return Ok((HashMap::new(), HashMap::new()));
    };
    let mut reports = HashMap::new();
    let mut seen = HashMap::new();
    for s in store::decode(&bytes)? {
        if let Some(x) = s.seen {
            seen.insert(s.report.account.file.clone(), x);
        }
        reports.insert(s.key, (s.window, s.report));
    }
    Ok((reports, seen))
}

/// Hash of what every report of the run is read against.
fn run_key(
    settings: &Settings,
    sections: &Sections,
    catalog: &Catalog,
    inputs: &[InputFile],
) -> Key {
    let mut h = Sha256::new();
    field(&mut h, "gyokaku report store");
    field(&mut h, &store::FORMAT.to_string());
    field(&mut h, env!("CARGO_PKG_VERSION"));
    // The reading rules, where they changed within a version: percent cells by format,
    // report owners.
    field(&mut h, "rules 2");
    field(&mut h, &reading_settings(settings));
    field(&mut h, &sections.resolving_key());
    field(&mut h, &catalog.reading_context());
    for i in inputs.iter().filter(|i| i.kind == InputKind::Plan) {
        field(&mut h, &i.path);
        field(&mut h, &i.sha256);
        field(&mut h, &i.note);
    }
    h.finalize().into()
}

/// The settings that reading a report (and the plans it is read against) depends on:
/// [`Settings::report_reading`] and the plan vocabulary (the sections are keyed apart).
/// Not the workbooks' settings: a change to those keeps the store.
fn reading_settings(s: &Settings) -> String {
    format!("{:?}\n{:?}", s.report_reading(), s.plan)
}

/// Adds one length-prefixed field to the hash, so that fields cannot run into each other.
fn field(h: &mut Sha256, s: &str) {
    h.update((s.len() as u64).to_le_bytes());
    h.update(s.as_bytes());
}

/// The name findings about the store carry.
fn store_name() -> String {
    format!("{CACHE_DIR}/{STORE_FILE}")
}

fn store_rebuilt(problem: &StoreProblem) -> Finding {
    Finding::new(
        store_name(),
        "",
        FindingCode::CacheRebuilt,
        format!(
            "前回までに読んだ進捗報告の控え（出力フォルダの {}）が{problem}ため使わず、進捗報告をすべて読み直して控えを作り直しました。出力の内容には影響しません",
            store_name()
        ),
    )
}

fn entry_rebuilt(display: &str, why: &crate::progress::Unfit) -> Finding {
    Finding::new(
        display,
        "",
        FindingCode::CacheRebuilt,
        "このファイルの控え（出力フォルダの .cache）が計画・設定と合わない内容に書き換えられていたため使わず、ファイルから読み直しました。出力の内容には影響しません",
    )
    .with_value(why.to_string())
}

fn too_large() -> Finding {
    Finding::new(
        store_name(),
        "",
        FindingCode::CacheRebuilt,
        format!(
            "進捗報告の控えが上限（{} MiB）を超えるため保存しませんでした。次回もすべての報告を読み直します",
            store::MAX_STORE_BYTES / (1024 * 1024)
        ),
    )
}

fn unusable(why: &StoreProblem) -> Finding {
    Finding::new(
        CACHE_DIR,
        "",
        FindingCode::CacheUnusable,
        format!(
            "出力フォルダの {CACHE_DIR} が{why}ため、進捗報告の控えを使わず、書き込みもしませんでした。{CACHE_DIR} を削除すると次回から控えを作ります"
        ),
    )
}

#[cfg(test)]
mod tests;
