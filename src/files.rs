//! Folders and file names: the one directory walker of the project and the one way to
//! name a file relative to a folder, for the inputs and the outputs alike.

use std::fs;
use std::path::{Path, PathBuf};

/// How deep [`files_under`] looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// Only the files directly in the folder.
    Top,
    /// The folder and all its sub-folders.
    All,
}

/// Files under `dir`, sorted by path; hidden entries (names starting with a dot) are
/// skipped. A folder that cannot be read yields nothing.
pub fn files_under(dir: &Path, depth: Depth) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = fs::read_dir(&d) else {
            continue;
        };
        for e in entries.filter_map(Result::ok) {
            let p = e.path();
            if is_hidden(&p) {
                continue;
            }
            if p.is_dir() {
                if depth == Depth::All {
                    stack.push(p);
                }
            } else if p.is_file() {
                out.push(p);
            }
        }
    }
    out.sort();
    out
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
}
