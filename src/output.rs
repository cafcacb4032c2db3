//! Writing a period's output atomically: everything is built in a staging folder beside
//! the period folder and swapped in at the end, so a run that fails or is killed leaves
//! the previous output of that period complete.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use thiserror::Error;

#[derive(Debug, Error)]
pub enum OutputError {
    #[error("出力先 {path} に書き込めません: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> OutputError + '_ {
    move |source| OutputError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// A period's output under construction.
pub struct Staging {
    root: PathBuf,
    target: PathBuf,
    dir: PathBuf,
}

impl Staging {
    /// Starts building `root/<name>`; repairs what an interrupted earlier run left.
    ///
    /// # Errors
    /// The output folder cannot be created.
    pub fn begin(root: &Path, name: &str) -> Result<Staging, OutputError> {
        fs::create_dir_all(root).map_err(io(root))?;
        let target = root.join(name);
        recover(root, name, &target)?;
        let dir = root.join(format!(".{name}.tmp-{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(io(&dir))?;
        }
        fs::create_dir_all(&dir).map_err(io(&dir))?;
        Ok(Staging {
            root: root.to_path_buf(),
            target,
            dir,
        })
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
    pub fn commit(self) -> Result<PathBuf, OutputError> {
        let name = self
            .target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let old = self
            .root
            .join(format!(".{name}.old-{}", std::process::id()));
        if self.target.exists() {
            fs::rename(&self.target, &old).map_err(io(&self.target))?;
        }
        if let Err(e) = fs::rename(&self.dir, &self.target) {
            let _ = fs::rename(&old, &self.target);
            return Err(io(&self.target)(e));
        }
        if old.exists() {
            fs::remove_dir_all(&old).map_err(io(&old))?;
        }
        Ok(self.target.clone())
    }
}

/// Removes staging folders of interrupted runs; puts back a previous output whose swap
/// was cut between its two renames.
fn recover(root: &Path, name: &str, target: &Path) -> Result<(), OutputError> {
    let tmp_prefix = format!(".{name}.tmp-");
    let old_prefix = format!(".{name}.old-");
    let mut entries: Vec<PathBuf> = fs::read_dir(root)
        .map_err(io(root))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        let file = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if file.starts_with(&tmp_prefix) {
            fs::remove_dir_all(&p).map_err(io(&p))?;
        } else if file.starts_with(&old_prefix) {
            if target.exists() {
                fs::remove_dir_all(&p).map_err(io(&p))?;
            } else {
                fs::rename(&p, target).map_err(io(&p))?;
            }
        }
    }
    Ok(())
}
