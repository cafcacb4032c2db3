//! Folders and file names: the one directory walker of the project and the one way to
//! name a file relative to a folder, for the inputs and the outputs alike.
//!
//! The walker never follows a link to a folder (two links to `.` cannot make it loop),
//! reads a link to a file only when the file lies inside a given boundary folder, and
//! returns everything it did not take as data ([`Skipped`]) so that the run can say so.

use std::fs;
use std::path::{Path, PathBuf};

use thiserror::Error;
use walkdir::{DirEntry, WalkDir};

/// How deep [`walk`] looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// Only the files directly in the folder (sub-folders are not looked at).
    Top,
    /// The folder and all its sub-folders.
    All,
}

/// Why the walker did not take an entry as a file to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    /// The name starts with a dot; a hidden folder's contents are not looked at.
    Hidden { folder: bool },
    /// A symbolic link to a folder: never followed.
    FolderLink,
    /// A symbolic link to a file outside the boundary folder.
    LinkOutside { target: PathBuf },
    /// A symbolic link whose target does not exist or cannot be resolved.
    BrokenLink,
    /// Not a regular file (a named pipe, socket or device, which could block a read).
    NotRegularFile,
    /// A folder, or an entry in it, that cannot be read.
    Unreadable { error: String },
}

/// An entry the walker did not take, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: SkipReason,
}

/// What [`walk`] found: the files to read, sorted by path, and what it left out, in the
/// order met.
#[derive(Debug, Default)]
pub struct Walk {
    pub files: Vec<PathBuf>,
    pub skipped: Vec<Skipped>,
}

/// Walks `dir` without following links to folders. A link to a file is taken when the
/// file it resolves to lies inside `boundary`; hidden entries, other links, special files
/// and unreadable folders are returned in [`Walk::skipped`]. A missing `dir` yields
/// nothing.
pub fn walk(dir: &Path, depth: Depth, boundary: &Path) -> Walk {
    let boundary = fs::canonicalize(boundary).unwrap_or_else(|_| boundary.to_path_buf());
    let mut walker = WalkDir::new(dir).follow_links(false).min_depth(1);
    if depth == Depth::Top {
        walker = walker.max_depth(1);
    }
    let mut out = Walk::default();
    let mut entries = walker.into_iter();
    while let Some(next) = entries.next() {
        match next {
            Ok(entry) => {
                if out.take(&entry, depth, &boundary) {
                    entries.skip_current_dir();
                }
            }
            Err(e) => out.error(dir, &e),
        }
    }
    sort_as_walked(&mut out.files, |p| p);
    sort_as_walked(&mut out.skipped, |s| &s.path);
    out
}

/// `items` in the order of their paths' components (a folder before what it holds, as a
/// walk that reads each folder's entries sorted by name meets them), each path's key made
/// once: comparing paths takes their components apart again at each comparison, which
/// for the 48,000 reports of a large input folder took most of the walk.
fn sort_as_walked<T>(items: &mut [T], path: impl Fn(&T) -> &Path) {
    items.sort_by_cached_key(|item| {
        path(item)
            .components()
            .map(|c| c.as_os_str().to_os_string())
            .collect::<Vec<_>>()
    });
}

/// Files under `dir`, sorted by path, as [`walk`] finds them with `dir` as the boundary
/// (what it skips is dropped: for the run's own folders, such as the staging folder).
pub fn files_under(dir: &Path, depth: Depth) -> Vec<PathBuf> {
    walk(dir, depth, dir).files
}

impl Walk {
    /// Takes one entry; returns whether the walk must not descend into it.
    fn take(&mut self, entry: &DirEntry, depth: Depth, boundary: &Path) -> bool {
        let path = entry.path();
        let kind = entry.file_type();
        if is_hidden(path) {
            // Under `Top` a folder is not looked at anyway, hidden or not.
            if !kind.is_dir() || depth == Depth::All {
                let folder = kind.is_dir();
                self.skip(path, SkipReason::Hidden { folder });
            }
            return kind.is_dir() && depth == Depth::All;
        }
        if kind.is_file() {
            self.files.push(path.to_path_buf());
        } else if kind.is_symlink() {
            self.link(path, depth, boundary);
        } else if !kind.is_dir() {
            self.skip(path, SkipReason::NotRegularFile);
        }
        false
    }

    /// A symbolic link: a file inside the boundary is taken; nothing else is followed.
    fn link(&mut self, path: &Path, depth: Depth, boundary: &Path) {
        let reason = match fs::metadata(path) {
            Err(_) => SkipReason::BrokenLink,
            Ok(m) if m.is_dir() => {
                if depth == Depth::Top {
                    return;
                }
                SkipReason::FolderLink
            }
            Ok(m) if !m.is_file() => SkipReason::NotRegularFile,
            Ok(_) => match fs::canonicalize(path) {
                Ok(target) if target.starts_with(boundary) => {
                    self.files.push(path.to_path_buf());
                    return;
                }
                Ok(target) => SkipReason::LinkOutside { target },
                Err(_) => SkipReason::BrokenLink,
            },
        };
        self.skip(path, reason);
    }

    /// An entry or folder that could not be read; a missing top folder is no error.
    fn error(&mut self, dir: &Path, e: &walkdir::Error) {
        let missing = e
            .io_error()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound);
        if missing && e.depth() == 0 {
            return;
        }
        let error = e
            .io_error()
            .map_or_else(|| e.to_string(), ToString::to_string);
        let path = e.path().unwrap_or(dir).to_path_buf();
        self.skip(path, SkipReason::Unreadable { error });
    }

    fn skip(&mut self, path: impl Into<PathBuf>, reason: SkipReason) {
        self.skipped.push(Skipped {
            path: path.into(),
            reason,
        });
    }
}

/// Why [`read_regular`] did not give a file's bytes.
#[derive(Debug, Error)]
pub enum ReadError {
    #[error("ファイルを開けません: {0}")]
    Io(#[from] std::io::Error),
    #[error("通常のファイルではありません（名前付きパイプ・デバイスなどは読みません）")]
    NotRegular,
    #[error("ファイルが大きすぎます（{size} バイト、上限 {limit} バイト）")]
    TooLarge { size: u64, limit: u64 },
}

/// The bytes of `path` when it is a regular file (a link to one is followed) of at most
/// `max` bytes. A named pipe, a device (`/dev/zero`) or a folder is refused before it is
/// opened, so that nothing blocks or reads without end; no more than `max + 1` bytes are
/// read even when the file grows meanwhile.
///
/// # Errors
/// [`ReadError::NotRegular`], [`ReadError::TooLarge`] (from the size on disk or the bytes
/// read), or the error of opening or reading.
pub fn read_regular(path: &Path, max: u64) -> Result<Vec<u8>, ReadError> {
    use std::io::Read;
    if !fs::metadata(path)?.is_file() {
        return Err(ReadError::NotRegular);
    }
    let file = fs::File::open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular);
    }
    let too_large = |size| ReadError::TooLarge { size, limit: max };
    if meta.len() > max {
        return Err(too_large(meta.len()));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(max.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Whether a file or folder name starts with a dot.
pub fn is_hidden(p: &Path) -> bool {
    p.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

/// `path` relative to `base`, with `/` as separator: `progress/返送/総務課.xlsx`. A path
/// outside `base` is named in full.
pub fn relative_name(path: &Path, base: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// The last component of `path` (empty when there is none).
pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The extension of `path` in lower case (empty when there is none).
pub fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_sorted_skipping_hidden_and_respecting_depth() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("sub")).unwrap();
        fs::create_dir_all(root.join(".hidden")).unwrap();
        for f in ["b.csv", "a.xlsx", ".a.xlsx", "sub/c.ods", ".hidden/d.csv"] {
            fs::write(root.join(f), b"x").unwrap();
        }
        let names = |depth| -> Vec<String> {
            files_under(root, depth)
                .iter()
                .map(|p| relative_name(p, root))
                .collect()
        };
        assert_eq!(names(Depth::Top), ["a.xlsx", "b.csv"]);
        assert_eq!(names(Depth::All), ["a.xlsx", "b.csv", "sub/c.ods"]);
        assert_eq!(extension(Path::new("x/報告.XLSX")), "xlsx");
        assert_eq!(file_name(Path::new("x/報告.xlsx")), "報告.xlsx");
    }

    /// A folder's files come right after it, before a name that only starts with the
    /// folder's (「a/x.csv」 before 「a b.csv」, though a space sorts before a slash).
    #[test]
    fn files_come_in_the_order_a_walk_by_sorted_names_meets_them() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("a")).unwrap();
        for f in ["a b.csv", "a/y.csv", "a/x.csv", "a-c.csv", "B.csv"] {
            fs::write(root.join(f), b"x").unwrap();
        }
        let names: Vec<String> = files_under(root, Depth::All)
            .iter()
            .map(|p| relative_name(p, root))
            .collect();
        assert_eq!(names, ["B.csv", "a/x.csv", "a/y.csv", "a b.csv", "a-c.csv"]);
    }

    #[cfg(unix)]
    #[test]
    fn reports_hidden_entries_links_and_special_files() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let input = dir.path();
        let root = input.join("progress");
        fs::create_dir_all(root.join(".hidden")).unwrap();
        fs::write(root.join("a.csv"), b"x").unwrap();
        fs::write(root.join(".b.csv"), b"x").unwrap();
        fs::write(root.join(".hidden/c.csv"), b"x").unwrap();
        fs::write(input.join("plan.txt"), b"x").unwrap();
        fs::write(outside.path().join("secret.csv"), b"x").unwrap();
        symlink(".", root.join("loop1")).unwrap();
        symlink("..", root.join("loop2")).unwrap();
        symlink("../plan.txt", root.join("inside.csv")).unwrap();
        symlink(outside.path().join("secret.csv"), root.join("outside.csv")).unwrap();
        symlink("nowhere.csv", root.join("broken.csv")).unwrap();
        let _socket = std::os::unix::net::UnixListener::bind(root.join("sock.csv")).unwrap();

        let w = walk(&root, Depth::All, input);
        let files: Vec<String> = w.files.iter().map(|p| relative_name(p, input)).collect();
        assert_eq!(files, ["progress/a.csv", "progress/inside.csv"]);
        let skipped: Vec<(String, SkipReason)> = w
            .skipped
            .iter()
            .map(|s| (file_name(&s.path), s.reason.clone()))
            .collect();
        let target = fs::canonicalize(outside.path().join("secret.csv")).unwrap();
        assert_eq!(
            skipped,
            [
                (".b.csv".into(), SkipReason::Hidden { folder: false }),
                (".hidden".into(), SkipReason::Hidden { folder: true }),
                ("broken.csv".into(), SkipReason::BrokenLink),
                ("loop1".into(), SkipReason::FolderLink),
                ("loop2".into(), SkipReason::FolderLink),
                ("outside.csv".into(), SkipReason::LinkOutside { target }),
                ("sock.csv".into(), SkipReason::NotRegularFile),
            ]
        );
        // At the top level only, folder links are not looked at, like folders.
        let top = walk(&root, Depth::Top, input);
        assert!(
            top.skipped
                .iter()
                .all(|s| s.reason != SkipReason::FolderLink)
        );
        assert!(
            walk(&input.join("missing"), Depth::All, input)
                .skipped
                .is_empty()
        );
    }
}
