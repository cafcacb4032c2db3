//! Writing a period's output atomically: everything is built in a staging folder beside
//! the period folder and swapped in at the end, so a run that fails or is killed leaves
//! the previous output of that period complete.
//!
//! A lock file per period (`.<period>.lock`, holding the PID) keeps two runs of the same
//! period apart. A lock whose process is gone is stale and is removed with a finding, as
//! are the staging (`.<period>.tmp-<pid>`) and backup (`.<period>.old-<pid>`) folders of
//! runs that are gone; those of a live process are left alone. Anything that is not a
//! folder where the period folder or a staging folder belongs is moved aside.

use std::fs;
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use thiserror::Error;

use crate::diagnostics::{Finding, FindingCode};

#[derive(Debug, Error)]
pub enum OutputError {
    #[error("出力先 {path} に書き込めません: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error(
        "期間 {period} の出力は、別に動いている gyokaku の実行（プロセス番号 {holder}）が作成中です。その実行が終わってから、もう一度実行してください（動いている実行がないのにこの表示が続くときは、ロックファイル {path} を削除してください）"
    )]
    Busy {
        period: String,
        holder: String,
        path: String,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> OutputError + '_ {
    move |source| OutputError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Where it cannot be told whether a process is alive, a lock older than this is stale.
const LOCK_MAX_AGE: Duration = Duration::from_secs(6 * 60 * 60);

/// A lock file that does not name a process (cut short while being written) is stale
/// once it is this old.
const UNREADABLE_LOCK_GRACE: Duration = Duration::from_secs(60);

/// A period's output under construction. Dropped without [`Staging::commit`] (a failed
/// run), it removes its staging folder; either way the period's lock is released.
pub struct Staging {
    root: PathBuf,
    name: String,
    target: PathBuf,
    dir: PathBuf,
    committed: bool,
    _lock: PeriodLock,
}

impl Staging {
    /// Locks the period and starts building `root/<name>`; repairs what interrupted
    /// earlier runs left. Returns the findings about what was found and cleaned up.
    ///
    /// # Errors
    /// [`OutputError::Busy`] when a live run holds the period; [`OutputError::Io`] when
    /// the output folder cannot be created or cleaned up.
    pub fn begin(root: &Path, name: &str) -> Result<(Staging, Vec<Finding>), OutputError> {
        fs::create_dir_all(root).map_err(io(root))?;
        let mut notes = Vec::new();
        let lock = PeriodLock::acquire(root, name, &mut notes)?;
        let target = root.join(name);
        if fs::symlink_metadata(&target).is_ok_and(|m| !m.is_dir()) {
            move_aside(root, name, &target, &mut notes)?;
        }
        recover(root, name, &target, &mut notes)?;
        let dir = root.join(format!(".{name}.tmp-{}", std::process::id()));
        fs::create_dir(&dir).map_err(io(&dir))?;
        let staging = Staging {
            root: root.to_path_buf(),
            name: name.to_string(),
            target,
            dir,
            committed: false,
            _lock: lock,
        };
        Ok((staging, notes))
    }

    /// The period's folder as it is until the swap (the previous output, if any).
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// The folder to write into.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes a file inside the staging folder (`rel` may contain sub-folders).
    ///
    /// # Errors
    /// The file cannot be written.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<PathBuf, OutputError> {
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(io(parent))?;
        }
        let mut f = fs::File::create(&path).map_err(io(&path))?;
        f.write_all(bytes).map_err(io(&path))?;
        f.sync_all().map_err(io(&path))?;
        Ok(path)
    }

    /// Swaps the staged folder in place of the period's previous output.
    ///
    /// # Errors
    /// A rename fails; the previous output is then still in place (or restored on the
    /// next run).
    pub fn commit(mut self) -> Result<PathBuf, OutputError> {
        let old = self
            .root
            .join(format!(".{}.old-{}", self.name, std::process::id()));
        if fs::symlink_metadata(&self.target).is_ok() {
            fs::rename(&self.target, &old).map_err(io(&self.target))?;
        }
        if let Err(e) = fs::rename(&self.dir, &self.target) {
            let _ = fs::rename(&old, &self.target);
            return Err(io(&self.target)(e));
        }
        self.committed = true;
        remove_any(&old).map_err(io(&old))?;
        Ok(self.target.clone())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// The lock file of one period, removed when dropped (when the run ends, also on error).
struct PeriodLock {
    path: PathBuf,
}

/// How the holder of a lock file that names no process is shown.
const UNKNOWN_HOLDER: &str = "不明";

/// Who holds an existing lock file.
enum Holder {
    /// A live process (its PID, or [`UNKNOWN_HOLDER`] when the file does not say yet).
    Live(String),
    /// A process that is gone; `text` is the lock file as read.
    Stale { holder: String, text: String },
    /// Something other than a file is where the lock belongs.
    NotAFile,
    /// The lock file went away meanwhile.
    Gone,
}

impl PeriodLock {
    /// Creates the period's lock file; a stale one is removed first (with a finding).
    fn acquire(
        root: &Path,
        name: &str,
        notes: &mut Vec<Finding>,
    ) -> Result<PeriodLock, OutputError> {
        let path = root.join(format!(".{name}.lock"));
        let busy = |holder: String| OutputError::Busy {
            period: name.to_string(),
            holder,
            path: path.display().to_string(),
        };
        // Each turn removes one obstacle; a lock taken by another run meanwhile is live.
        for _ in 0..4 {
            match create_lock(&path) {
                Ok(()) => return Ok(PeriodLock { path }),
                Err(e) if e.kind() == ErrorKind::AlreadyExists => {}
                Err(e) => return Err(io(&path)(e)),
            }
            match inspect(&path).map_err(io(&path))? {
                Holder::Live(pid) => return Err(busy(pid)),
                Holder::Stale { holder, text } => break_stale(&path, &holder, &text, notes)?,
                Holder::NotAFile => move_aside(root, name, &path, notes)?,
                Holder::Gone => {}
            }
        }
        Err(busy(UNKNOWN_HOLDER.to_string()))
    }
}

impl Drop for PeriodLock {
    fn drop(&mut self) {
        // Only this process's own lock is removed.
        let ours = read_lock(&self.path)
            .is_ok_and(|t| LockInfo::parse(&t).is_some_and(|l| l.pid == std::process::id()));
        if ours {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// The largest lock file read: one holds a PID, a start time and a host name. A larger
/// one names no process (and is stale once old).
const MAX_LOCK_BYTES: u64 = 4096;

/// A lock file's text, read only when it is a regular file within [`MAX_LOCK_BYTES`];
/// bytes that are not UTF-8 are replaced.
fn read_lock(path: &Path) -> Result<String, crate::files::ReadError> {
    let bytes = crate::files::read_regular(path, MAX_LOCK_BYTES)?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Writes a new lock file naming this process; fails if one exists.
fn create_lock(path: &Path) -> std::io::Result<()> {
    let mut f = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    let pid = std::process::id();
    let start = process_start(pid).unwrap_or_default();
    let host = host_name().unwrap_or_default();
    let written = f
        .write_all(format!("{pid}\n{start}\n{host}\n").as_bytes())
        .and_then(|()| f.sync_all());
    if written.is_err() {
        let _ = fs::remove_file(path);
    }
    written
}

/// What a lock file says: the PID on its first line and, where known, the process's
/// start time (so that a PID used again by another process is not taken for the holder)
/// and the machine's name (a PID of another machine sharing the folder cannot be checked).
struct LockInfo {
    pid: u32,
    start: Option<String>,
    host: Option<String>,
}

impl LockInfo {
    fn parse(text: &str) -> Option<LockInfo> {
        let mut lines = text.lines().map(str::trim);
        let pid = lines.next()?.parse().ok()?;
        let mut next = || lines.next().filter(|s| !s.is_empty()).map(str::to_string);
        let start = next();
        let host = next();
        Some(LockInfo { pid, start, host })
    }

    /// Whether the holder is alive; `None` where this machine cannot tell.
    fn alive(&self) -> Option<bool> {
        match (&self.host, host_name()) {
            (Some(theirs), Some(ours)) if *theirs != ours => None,
            _ => process_alive(self.pid, self.start.as_deref()),
        }
    }
}

/// Who holds the lock file at `path`.
fn inspect(path: &Path) -> std::io::Result<Holder> {
    let meta = match fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(Holder::Gone),
        Err(e) => return Err(e),
    };
    if !meta.is_file() {
        return Ok(Holder::NotAFile);
    }
    let text = match read_lock(path) {
        Ok(t) => t,
        Err(crate::files::ReadError::Io(e)) if e.kind() == ErrorKind::NotFound => {
            return Ok(Holder::Gone);
        }
        Err(_) => String::new(),
    };
    let age = meta
        .modified()
        .ok()
        .and_then(|m| m.elapsed().ok())
        .unwrap_or_default();
    let (holder, stale) = match LockInfo::parse(&text) {
        Some(lock) => {
            let stale = match lock.alive() {
                Some(alive) => !alive,
                None => age > LOCK_MAX_AGE,
            };
            (lock.pid.to_string(), stale)
        }
        None => (UNKNOWN_HOLDER.to_string(), age > UNREADABLE_LOCK_GRACE),
    };
    Ok(if stale {
        Holder::Stale { holder, text }
    } else {
        Holder::Live(holder)
    })
}

/// Removes a stale lock. It is first renamed to a name of this process's own, so that of
/// two runs breaking the same lock at once only one removes it; a lock that turns out to
/// be another's fresh one is put back.
fn break_stale(
    path: &Path,
    holder: &str,
    text: &str,
    notes: &mut Vec<Finding>,
) -> Result<(), OutputError> {
    let aside = path.with_file_name(format!(
        "{}.stale-{}",
        crate::files::file_name(path),
        std::process::id()
    ));
    match fs::rename(path, &aside) {
        Ok(()) => {}
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(io(path)(e)),
    }
    if read_lock(&aside).unwrap_or_default() == text {
        fs::remove_file(&aside).map_err(io(&aside))?;
        notes.push(
            Finding::new(
                path.display().to_string(),
                "",
                FindingCode::OutputStaleLock,
                format!("途中で止まった実行（プロセス番号 {holder}）のロックファイルが残っていたので、削除して実行しました"),
            )
            .with_value(holder),
        );
    } else {
        // Another run took the lock meanwhile: give it back (it stays that run's).
        let _ = fs::hard_link(&aside, path);
        let _ = fs::remove_file(&aside);
    }
    Ok(())
}

/// Whether process `pid` is alive: `None` where the system cannot tell. With `start`, a
/// process of that PID that started at another time is another process.
#[cfg(target_os = "linux")]
fn process_alive(pid: u32, start: Option<&str>) -> Option<bool> {
    if !Path::new("/proc/self").exists() {
        return None;
    }
    if !Path::new(&format!("/proc/{pid}")).exists() {
        return Some(false);
    }
    Some(match (start, process_start(pid)) {
        (Some(recorded), Some(now)) => recorded == now,
        _ => true,
    })
}

#[cfg(not(target_os = "linux"))]
fn process_alive(_pid: u32, _start: Option<&str>) -> Option<bool> {
    None
}

/// The start time of process `pid` (clock ticks since boot, field 22 of `/proc/<pid>/stat`).
#[cfg(target_os = "linux")]
fn process_start(pid: u32) -> Option<String> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name in field 2 may hold spaces and parentheses: count after the last `)`.
    let (_, rest) = stat.rsplit_once(')')?;
    rest.split_whitespace().nth(19).map(str::to_string)
}

#[cfg(not(target_os = "linux"))]
fn process_start(_pid: u32) -> Option<String> {
    None
}

/// This machine's name, where it can be read.
#[cfg(target_os = "linux")]
fn host_name() -> Option<String> {
    let name = fs::read_to_string("/proc/sys/kernel/hostname").ok()?;
    Some(name.trim().to_string()).filter(|n| !n.is_empty())
}

#[cfg(not(target_os = "linux"))]
fn host_name() -> Option<String> {
    None
}

/// Whether a leftover of process `pid` must be left alone: another process that is alive.
/// Where that cannot be told, it is not (the period's lock keeps live runs out).
fn belongs_to_live_run(pid: Option<u32>) -> bool {
    pid.is_some_and(|p| p != std::process::id() && process_alive(p, None) == Some(true))
}

/// What a run leaves beside the period folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LeftoverKind {
    /// `.<name>.tmp-<pid>`: a staging folder.
    Staging,
    /// `.<name>.old-<pid>`: the previous output moved aside during the swap.
    Backup,
    /// `.<name>.lock.stale-<pid>`: a stale lock being removed.
    StaleLock,
}

/// The kind and PID of a leftover named `file` of period `name` (`None` for other names).
fn leftover(file: &str, name: &str) -> Option<(LeftoverKind, Option<u32>)> {
    let kinds = [
        (LeftoverKind::Staging, format!(".{name}.tmp-")),
        (LeftoverKind::Backup, format!(".{name}.old-")),
        (LeftoverKind::StaleLock, format!(".{name}.lock.stale-")),
    ];
    kinds.into_iter().find_map(|(kind, prefix)| {
        let pid = file.strip_prefix(&prefix)?;
        let pid = pid
            .bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| pid.parse().ok())
            .flatten();
        Some((kind, pid))
    })
}

/// Removes what interrupted runs left: staging folders, stale lock files, and backups
/// (a backup whose swap was cut between its two renames is put back as the period
/// folder). Leftovers of a live process are left alone; what is not a folder where a
/// folder belongs is moved aside.
fn recover(
    root: &Path,
    name: &str,
    target: &Path,
    notes: &mut Vec<Finding>,
) -> Result<(), OutputError> {
    let mut entries: Vec<PathBuf> = fs::read_dir(root)
        .map_err(io(root))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        let Some((kind, pid)) = leftover(&crate::files::file_name(&p), name) else {
            continue;
        };
        if belongs_to_live_run(pid) {
            if kind != LeftoverKind::StaleLock {
                notes.push(note(
                    &p,
                    FindingCode::OutputLiveLeftover,
                    "動いている別のプロセスの作業フォルダのため、触れずに残しました",
                ));
            }
            continue;
        }
        let Ok(meta) = fs::symlink_metadata(&p) else {
            continue;
        };
        match kind {
            LeftoverKind::StaleLock if meta.is_file() => {
                fs::remove_file(&p).map_err(io(&p))?;
            }
            _ if !meta.is_dir() => move_aside(root, name, &p, notes)?,
            LeftoverKind::Backup if fs::symlink_metadata(target).is_err() => {
                fs::rename(&p, target).map_err(io(&p))?;
                notes.push(note(
                    &p,
                    FindingCode::OutputLeftover,
                    "入れ替えの途中で止まった実行の前回の出力を、期間のフォルダに戻しました",
                ));
            }
            _ => {
                fs::remove_dir_all(&p).map_err(io(&p))?;
                notes.push(note(
                    &p,
                    FindingCode::OutputLeftover,
                    "途中で止まった実行の作業フォルダを削除しました",
                ));
            }
        }
    }
    Ok(())
}

/// Moves something that is in the way (a file where a folder belongs) to a free name
/// `<name>.stray`, `<name>.stray-2`, … beside it, with a finding.
fn move_aside(
    root: &Path,
    name: &str,
    path: &Path,
    notes: &mut Vec<Finding>,
) -> Result<(), OutputError> {
    let free = (1..=100)
        .map(|n| match n {
            1 => root.join(format!("{name}.stray")),
            n => root.join(format!("{name}.stray-{n}")),
        })
        .find(|p| fs::symlink_metadata(p).is_err());
    let Some(free) = free else {
        let e = std::io::Error::new(ErrorKind::AlreadyExists, "no free name to move aside");
        return Err(io(path)(e));
    };
    fs::rename(path, &free).map_err(io(path))?;
    let message = format!(
        "出力に使う名前のところにフォルダでないものがあったので、{} に移しました。中身を確認し、不要なら削除してください",
        free.display()
    );
    notes.push(
        note(path, FindingCode::OutputStrayMoved, &message).with_value(free.display().to_string()),
    );
    Ok(())
}

/// Removes a folder with its contents, or a file or link; nothing there is no error.
fn remove_any(path: &Path) -> std::io::Result<()> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => fs::remove_dir_all(path),
        Ok(_) => fs::remove_file(path),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

/// A finding about something in the output folder, named by its full path.
fn note(path: &Path, code: FindingCode, message: &str) -> Finding {
    Finding::new(path.display().to_string(), "", code, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut n: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        n.sort();
        n
    }

    #[test]
    fn the_lock_is_held_while_staging_lives_and_released_after() {
        let out = tempfile::tempdir().unwrap();
        let (staging, notes) = Staging::begin(out.path(), "2024-09").unwrap();
        assert!(notes.is_empty());
        let lock = fs::read_to_string(out.path().join(".2024-09.lock")).unwrap();
        assert!(lock.starts_with(&format!("{}\n", std::process::id())));
        // Another run of the same period (here: of the same, live, process) is refused.
        let second = Staging::begin(out.path(), "2024-09");
        assert!(matches!(second, Err(OutputError::Busy { .. })));
        // Another period is not held.
        let (other, _) = Staging::begin(out.path(), "2024-10").unwrap();
        drop(other);
        staging.write("a/b.txt", b"x").unwrap();
        let target = staging.commit().unwrap();
        assert!(target.join("a/b.txt").is_file());
        assert_eq!(names(out.path()), ["2024-09"]);
    }

    #[test]
    fn a_failed_run_removes_its_staging_folder_and_releases_the_lock() {
        let out = tempfile::tempdir().unwrap();
        let (staging, _) = Staging::begin(out.path(), "2024-09").unwrap();
        staging.write("x.txt", b"x").unwrap();
        drop(staging);
        assert!(names(out.path()).is_empty());
    }

    #[test]
    fn an_unreadable_lock_is_stale_once_old_and_a_folder_lock_is_moved_aside() {
        let out = tempfile::tempdir().unwrap();
        let lock = out.path().join(".2024-09.lock");
        fs::write(&lock, "").unwrap();
        // Being written by a run that just started: busy.
        assert!(matches!(
            Staging::begin(out.path(), "2024-09"),
            Err(OutputError::Busy { .. })
        ));
        let f = fs::File::options().write(true).open(&lock).unwrap();
        let old = std::time::SystemTime::now() - Duration::from_secs(3600);
        f.set_modified(old).unwrap();
        drop(f);
        let (staging, notes) = Staging::begin(out.path(), "2024-09").unwrap();
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].code, FindingCode::OutputStaleLock);
        drop(staging);

        fs::create_dir_all(&lock).unwrap();
        let (staging, notes) = Staging::begin(out.path(), "2024-09").unwrap();
        assert_eq!(notes[0].code, FindingCode::OutputStrayMoved);
        drop(staging);
        assert_eq!(names(out.path()), ["2024-09.stray"]);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_lock_of_another_machine_is_not_judged_by_its_pid() {
        let out = tempfile::tempdir().unwrap();
        let lock = out.path().join(".2024-09.lock");
        // PID 1 is alive here, yet the lock names another machine, where it may be dead
        // or alive: it is judged by its age, and a fresh one holds.
        fs::write(&lock, "1\n\nanother-machine\n").unwrap();
        assert!(matches!(
            Staging::begin(out.path(), "2024-09"),
            Err(OutputError::Busy { .. })
        ));
        fs::write(&lock, format!("{}\n", dead_pid_for_test())).unwrap();
        let (_, notes) = Staging::begin(out.path(), "2024-09").unwrap();
        assert_eq!(notes[0].code, FindingCode::OutputStaleLock);
    }

    #[cfg(target_os = "linux")]
    fn dead_pid_for_test() -> u32 {
        let mut child = std::process::Command::new("sh")
            .args(["-c", "exit 0"])
            .spawn()
            .unwrap();
        let pid = child.id();
        child.wait().unwrap();
        pid
    }

    #[test]
    fn leftover_names_carry_their_kind_and_pid() {
        let l = |f| leftover(f, "2024-09");
        assert_eq!(
            l(".2024-09.tmp-42"),
            Some((LeftoverKind::Staging, Some(42)))
        );
        assert_eq!(l(".2024-09.old-7"), Some((LeftoverKind::Backup, Some(7))));
        assert_eq!(
            l(".2024-09.lock.stale-9"),
            Some((LeftoverKind::StaleLock, Some(9)))
        );
        assert_eq!(l(".2024-09.tmp-4x"), Some((LeftoverKind::Staging, None)));
        assert_eq!(l(".2024-09.lock"), None);
        assert_eq!(l("2024-09.stray"), None);
        assert_eq!(l(".2024-10.tmp-42"), None);
    }
}
