//! The last line of defence around one file's reader: a panic inside it (a defect met on
//! a hostile file) becomes that file's error, and nothing reaches the terminal.
//!
//! The default panic hook prints "thread panicked at …" and perhaps a backtrace before
//! the panic is caught; a clerk would take that for a crash of the batch. The hook set
//! here is silent for panics on a thread that is inside [`isolated`] (it keeps the
//! message and the place for the finding) and hands every other panic to the hook it
//! replaced.

use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// How many [`isolated`] calls this thread is inside.
    static DEPTH: Cell<u32> = const { Cell::new(0) };
    /// Where the last panic caught quietly on this thread happened (`file:line`).
    static PLACE: RefCell<Option<String>> = const { RefCell::new(None) };
}

static HOOK: Once = Once::new();

/// Sets the quiet hook once per process, in front of the one in place.
fn install_hook() {
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if DEPTH.with(Cell::get) > 0 {
                let place = info
                    .location()
                    .map(|l| format!("{}:{}", short_path(l.file()), l.line()));
                PLACE.with(|p| *p.borrow_mut() = place);
            } else {
                previous(info);
            }
        }));
    });
}

/// The last three parts of a source path (`calamine-0.38.0/src/xls.rs`): enough for the
/// engineer, and the same on every machine (no home folder).
fn short_path(file: &str) -> String {
    let parts: Vec<&str> = file.split(['/', '\\']).collect();
    parts[parts.len().saturating_sub(3)..].join("/")
}

/// Leaves the isolated region when dropped, also when unwinding.
struct Inside;

impl Inside {
    fn enter() -> Inside {
        DEPTH.with(|d| d.set(d.get() + 1));
        Inside
    }
}

impl Drop for Inside {
    fn drop(&mut self) {
        DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    }
}

/// A panic caught by [`isolated`]: its message and the place in the code (for the
/// engineer), shown `message [place]`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}{}", place.as_ref().map(|p| format!(" [{p}]")).unwrap_or_default())]
pub struct Panicked {
    pub message: String,
    pub place: Option<String>,
}

/// Runs `read`; a panic inside it is returned as its message (with the place in the
/// code, for the engineer) and prints nothing.
///
/// # Errors
/// [`Panicked`]: the panic that ended `read`.
pub fn isolated<T>(read: impl FnOnce() -> T) -> Result<T, Panicked> {
    install_hook();
    let result = {
        let _inside = Inside::enter();
        panic::catch_unwind(AssertUnwindSafe(read))
    };
    result.map_err(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Panicked {
            message,
            place: PLACE.with(|p| p.borrow_mut().take()),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_inside_is_returned_with_its_place() {
        let caught = isolated(|| -> u8 { panic!("boom {}", 7) })
            .unwrap_err()
            .to_string();
        assert!(caught.starts_with("boom 7 ["), "{caught}");
        assert!(caught.contains("isolate.rs:"), "{caught}");
        assert_eq!(isolated(|| 5), Ok(5));
        // Nested regions leave the depth where it was.
        assert_eq!(isolated(|| isolated(|| 1)), Ok(Ok(1)));
        assert_eq!(DEPTH.with(Cell::get), 0);
    }
}
