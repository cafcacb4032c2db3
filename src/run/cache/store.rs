//! The store's file: `<output>/.cache/reports.bin`, one file holding every report of the
//! last run, replaced whole (a temporary file renamed into place) once per run.
//!
//! Layout: the magic `GYOKAKU\x01`, the format (`u32`, little-endian), the payload's
//! length (`u64`) and SHA-256 (32 bytes), then the payload: the [`StoredReport`]s in
//! bincode's standard encoding (through serde). A file that is not a regular file, is
//! larger than [`MAX_STORE_BYTES`], is cut short, does not match its checksum or does not
//! decode is refused as a whole; decoding is bounded by the same limit, so a length
//! edited into the payload cannot make it allocate more.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use sha2::{Digest, Sha256};
use thiserror::Error;

use crate::progress::FileReport;
use crate::wareki::Period;

/// The start of every store file.
const MAGIC: &[u8; 8] = b"GYOKAKU\x01";

/// Version of the payload's layout; a file of another format is rebuilt without a note.
pub const FORMAT: u32 = 6;

/// Bytes before the payload: magic, format, length, checksum.
pub const HEADER: usize = 8 + 4 + 8 + 32;

/// Largest store read or written (256 MiB). A run whose reports encode to more keeps no
/// store; a larger file is not read.
pub const MAX_STORE_BYTES: u64 = 256 * 1024 * 1024;

/// The key of one stored report: SHA-256 over what reading it depends on.
pub type Key = [u8; 32];

/// The first and last month a report can be about when it was read.
pub type Window = (Period, Period);

/// One report as stored.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct StoredReport {
    pub key: Key,
    /// The months a report could be about when it was read, kept for a report that has a
    /// row refused for its month (`progress.implausible_date`): only such a report reads
    /// differently once the window moves on with today's date.
    pub window: Option<Window>,
    /// The file as it was on disk when read, and its content's hash (see [`Seen`]).
    pub seen: Option<Seen>,
    pub report: FileReport,
}

/// A report file as it was on disk when it was read, with the hash of its content: a
/// file whose [`Stamp`] is the same on the next run is not read or hashed again.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    pub stamp: Stamp,
    /// Size and SHA-256 of the content, as [`crate::manifest::hash_bytes`] gives them.
    pub size: u64,
    pub sha256: String,
}

/// Size, modification and status-change times (seconds, nanoseconds) and device and
/// inode of a file. The status-change time cannot be set by a program: any write,
/// rename or replacement of the file changes it.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub len: u64,
    pub modified: (i64, i64),
    pub changed: (i64, i64),
    pub inode: (u64, u64),
}

/// One report as written (borrowed from the run).
#[derive(serde::Serialize)]
struct StoredRef<'a> {
    key: &'a Key,
    window: &'a Option<Window>,
    seen: Option<&'a Seen>,
    report: &'a FileReport,
}

/// Why a store file is not used.
#[derive(Debug, Error)]
pub enum StoreProblem {
    #[error("リンク（シンボリックリンク）である")]
    Link,
    #[error("通常のファイル・フォルダでない")]
    NotRegular,
    #[error("大きすぎる（{0} バイト）")]
    Oversized(u64),
    #[error("途中で切れている")]
    Truncated,
    #[error("壊れている")]
    Corrupt,
    /// Another version of gyokaku wrote it: rebuilt without a note.
    #[error("別の版の形式（{0}）である")]
    OtherFormat(u32),
    #[error("読み取れない（{0}）")]
    Io(#[from] std::io::Error),
}

impl StoreProblem {
    /// Whether the clerk is told: a store of another version is simply replaced.
    pub fn worth_a_note(&self) -> bool {
        !matches!(self, StoreProblem::OtherFormat(_))
    }
}

/// The bytes of the store at `path`: `Ok(None)` when there is none. Only a regular file
/// no larger than [`MAX_STORE_BYTES`] is opened (a named pipe would block the run), not
/// through a link, and no more than the limit is read.
///
/// # Errors
/// [`StoreProblem`]: what is there is not a store to read.
pub fn read(path: &Path) -> Result<Option<Vec<u8>>, StoreProblem> {
    let meta = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    check_kind(&meta)?;
    let file = open_regular(path)?;
    check_kind(&file.metadata()?)?;
    let mut bytes = Vec::new();
    file.take(MAX_STORE_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_STORE_BYTES {
        return Err(StoreProblem::Oversized(bytes.len() as u64));
    }
    Ok(Some(bytes))
}

fn check_kind(meta: &std::fs::Metadata) -> Result<(), StoreProblem> {
    if meta.file_type().is_symlink() {
        return Err(StoreProblem::Link);
    }
    if !meta.is_file() {
        return Err(StoreProblem::NotRegular);
    }
    if meta.len() > MAX_STORE_BYTES {
        return Err(StoreProblem::Oversized(meta.len()));
    }
    Ok(())
}

/// Opens `path` for reading without following a link, and without waiting for a writer
/// should it have become a pipe since it was looked at.
#[cfg(unix)]
fn open_regular(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_regular(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

/// The bincode configuration, its allocations bounded by [`MAX_STORE_BYTES`].
fn config() -> impl bincode::config::Config {
    bincode::config::standard().with_limit::<{ MAX_STORE_BYTES as usize }>()
}

/// The reports of a store file's bytes.
///
/// # Errors
/// [`StoreProblem`]: a file cut short, of another format, or whose payload does not match
/// its checksum or does not decode.
pub fn decode(bytes: &[u8]) -> Result<Vec<StoredReport>, StoreProblem> {
    let (head, payload) = bytes
        .split_at_checked(HEADER)
        .ok_or(StoreProblem::Truncated)?;
    let (magic, rest) = head.split_at(8);
    if magic != MAGIC {
        return Err(StoreProblem::Corrupt);
    }
    let (format, rest) = rest.split_at(4);
    let (len, sum) = rest.split_at(8);
    let format = u32::from_le_bytes(format.try_into().map_err(|_| StoreProblem::Corrupt)?);
    if format != FORMAT {
        return Err(StoreProblem::OtherFormat(format));
    }
    let len = u64::from_le_bytes(len.try_into().map_err(|_| StoreProblem::Corrupt)?);
    match (payload.len() as u64).cmp(&len) {
        std::cmp::Ordering::Less => return Err(StoreProblem::Truncated),
        std::cmp::Ordering::Greater => return Err(StoreProblem::Corrupt),
        std::cmp::Ordering::Equal => {}
    }
    if Sha256::digest(payload).as_slice() != sum {
        return Err(StoreProblem::Corrupt);
    }
    let (reports, used) =
        bincode::serde::decode_from_slice(payload, config()).map_err(|_| StoreProblem::Corrupt)?;
    if used != payload.len() {
        return Err(StoreProblem::Corrupt);
    }
    Ok(reports)
}

/// The bytes of a store holding `reports`; `None` when they would exceed
/// [`MAX_STORE_BYTES`].
pub fn encode(reports: &[(Key, Option<Window>, &FileReport)]) -> Option<Vec<u8>> {
    let seen: Vec<_> = reports
        .iter()
        .map(|(key, window, report)| (*key, *window, None, *report))
        .collect();
    encode_seen(&seen)
}

/// [`encode`] with what each file looked like when read.
pub fn encode_seen(
    reports: &[(Key, Option<Window>, Option<&Seen>, &FileReport)],
) -> Option<Vec<u8>> {
    let entries: Vec<Entry> = reports
        .iter()
        .map(|(key, window, seen, report)| Entry::encode(key, window, *seen, report))
        .collect::<Option<_>>()?;
    let payload = Payload::of(entries)?;
    let mut bytes = payload.header().to_vec();
    for piece in payload.pieces() {
        bytes.extend_from_slice(piece);
    }
    Some(bytes)
}

/// One report as the store encodes it, made where the report was read (in parallel);
/// the store's payload is the entries' count and the entries one after the other, as
/// bincode encodes the list of them.
pub struct Entry(Vec<u8>);

impl Entry {
    /// `None` when the report alone would exceed [`MAX_STORE_BYTES`].
    pub fn encode(
        key: &Key,
        window: &Option<Window>,
        seen: Option<&Seen>,
        report: &FileReport,
    ) -> Option<Entry> {
        let stored = StoredRef {
            key,
            window,
            seen,
            report,
        };
        bincode::serde::encode_to_vec(&stored, config())
            .ok()
            .map(Entry)
    }
}

/// A store's payload in pieces: the count, then each entry.
pub struct Payload {
    count: Vec<u8>,
    entries: Vec<Entry>,
}

impl Payload {
    /// The payload of `entries`; `None` when the store would exceed [`MAX_STORE_BYTES`].
    pub fn of(entries: Vec<Entry>) -> Option<Payload> {
        let count = bincode::serde::encode_to_vec(entries.len() as u64, config()).ok()?;
        let payload = Payload { count, entries };
        ((HEADER + payload.len()) as u64 <= MAX_STORE_BYTES).then_some(payload)
    }

    fn len(&self) -> usize {
        self.count.len() + self.entries.iter().map(|e| e.0.len()).sum::<usize>()
    }

    fn pieces(&self) -> impl Iterator<Item = &[u8]> {
        std::iter::once(self.count.as_slice()).chain(self.entries.iter().map(|e| e.0.as_slice()))
    }

    /// Magic, format, the payload's length and checksum.
    fn header(&self) -> [u8; HEADER] {
        let mut sum = Sha256::new();
        for piece in self.pieces() {
            sum.update(piece);
        }
        header(self.len(), &sum.finalize())
    }

    /// Replaces the store file `name` in `dir` by this payload, as [`replace`] does.
    ///
    /// # Errors
    /// As [`replace`].
    pub fn replace(&self, dir: &Path, name: &str) -> std::io::Result<()> {
        let header = self.header();
        replace_with(dir, name, |out| {
            out.write_all(&header)?;
            for piece in self.pieces() {
                out.write_all(piece)?;
            }
            Ok(())
        })
    }
}

/// A store file around `payload`: the header with the payload's length and checksum
/// (for tools and fuzzing that work on the payload).
pub fn frame(payload: &[u8]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(HEADER + payload.len());
    bytes.extend_from_slice(&header(payload.len(), &Sha256::digest(payload)));
    bytes.extend_from_slice(payload);
    bytes
}

/// Magic, format, the length of a payload and its SHA-256.
fn header(len: usize, sum: &[u8]) -> [u8; HEADER] {
    let mut head = [0; HEADER];
    head[..8].copy_from_slice(MAGIC);
    head[8..12].copy_from_slice(&FORMAT.to_le_bytes());
    head[12..20].copy_from_slice(&(len as u64).to_le_bytes());
    head[20..].copy_from_slice(sum);
    head
}

/// Temporary files of this process get distinct names.
static TEMP_SEQ: AtomicU64 = AtomicU64::new(0);

/// Replaces the file `name` in `dir` by `bytes` at once: a new temporary file (never an
/// existing one, nor through a link) renamed over it. Two runs doing so at once leave
/// one of the two whole files.
///
/// # Errors
/// The temporary file cannot be created, written or renamed (it is then removed).
pub fn replace(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<()> {
    replace_with(dir, name, |out| out.write_all(bytes))
}

/// [`replace`], the new file's content written by `write`.
fn replace_with(
    dir: &Path,
    name: &str,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let temp = dir.join(format!(
        ".{name}.tmp-{}-{}",
        std::process::id(),
        TEMP_SEQ.fetch_add(1, Ordering::Relaxed)
    ));
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temp)
        .and_then(|f| {
            let mut out = std::io::BufWriter::with_capacity(1 << 20, f);
            write(&mut out)?;
            out.flush()
        })
        .and_then(|()| std::fs::rename(&temp, dir.join(name)));
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}
