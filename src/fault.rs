//! Test hooks for the failure and atomic-output tests: `GYOKAKU_FAULT=<point>` makes the
//! run fail or stop at a named point, as a failing library or a kill would.

/// Whether the test hook `GYOKAKU_FAULT=<point>` is set to `point`.
pub(crate) fn injected(point: &str) -> bool {
    std::env::var("GYOKAKU_FAULT").is_ok_and(|v| v == point)
}

/// Aborts the process at `point` as a kill would (no clean-up runs) when the hook names it.
pub(crate) fn abort_at(point: &str) {
    if injected(point) {
        std::process::abort();
    }
}
