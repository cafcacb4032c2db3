//! What both targets share: a scratch file per process and the panic policy.

use std::path::PathBuf;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A scratch folder of this process (`$TMPDIR/gyokaku-fuzz-<pid>`), made once. Each input
/// is written over the previous one, so a run leaves one small file behind.
pub fn scratch_dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("gyokaku-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("scratch dir");
        dir
    })
}

/// Writes `bytes` to `name` in the scratch folder and returns its path.
pub fn scratch_file(name: &str, bytes: &[u8]) -> PathBuf {
    let path = scratch_dir().join(name);
    std::fs::write(&path, bytes).expect("write scratch file");
    path
}

/// libfuzzer-sys aborts on every panic, even one that is caught. gyokaku deliberately
/// catches panics raised inside calamine (the last line of defence of `sheet::workbook`,
/// which turns them into a finding for the file), so those are counted and let unwind to
/// that `catch_unwind`. Every other panic aborts at once, as before: a panic in gyokaku
/// itself, or one that escapes `read_progress_file` or `read_plan_file`, is a crash.
pub fn install_panic_policy() {
    static CAUGHT: AtomicUsize = AtomicUsize::new(0);
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let in_calamine = info
            .location()
            .is_some_and(|l| l.file().contains("/calamine-"));
        if in_calamine {
            let n = CAUGHT.fetch_add(1, Ordering::Relaxed) + 1;
            if n <= 10 || n.is_power_of_two() {
                eprintln!(
                    "[gyokaku-fuzz] panic inside calamine #{n} (gyokaku turns it into a finding): {info}"
                );
            }
            return;
        }
        default_hook(info);
        std::process::abort();
    }));
}
