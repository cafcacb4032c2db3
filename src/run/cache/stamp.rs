//! A report file's [`Stamp`]: what its metadata says about it, so that a file the store
//! has seen with the same stamp is taken with the content hash stored for it, neither
//! read nor hashed again (as git's index does for its work tree). Next month's run then
//! opens only the new month's files.
//!
//! A stamp is only taken for a file whose times are some seconds old: a file written
//! again within the clock's granularity of the first write, to the same size, would keep
//! its times (the "racy" case). Such a file is read and hashed each run until it is old
//! enough. Without Unix metadata there is no stamp and every file is read.

use std::path::Path;

use super::store::Stamp;

/// How old a file's modification and status-change times must be for its stamp to be
/// trusted.
const SETTLED_SECS: i64 = 2;

/// The stamp of the file at `path` when its times are settled; `None` otherwise or when
/// it cannot be looked at.
#[cfg(unix)]
pub fn stamp(path: &Path) -> Option<Stamp> {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(path).ok()?;
    if !m.is_file() {
        return None;
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    let now = i64::try_from(now.as_secs()).ok()?;
    if m.mtime() > now - SETTLED_SECS || m.ctime() > now - SETTLED_SECS {
        return None;
    }
    Some(Stamp {
        len: m.size(),
        modified: (m.mtime(), m.mtime_nsec()),
        changed: (m.ctime(), m.ctime_nsec()),
        inode: (m.dev(), m.ino()),
    })
}

#[cfg(not(unix))]
pub fn stamp(_path: &Path) -> Option<Stamp> {
    None
}
