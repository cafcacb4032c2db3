//! What the readers of number formats share: a zip member within the limit, an XML
//! attribute by local name, and whether a format code shows a percentage.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Read};

use quick_xml::events::BytesStart;

use crate::config::Limits;

/// The percent-formatted cells (0-based row, column) of each sheet, by sheet name.
pub type PercentCells = BTreeMap<String, BTreeSet<(usize, usize)>>;

/// A zip member's bytes, within the inflated-size limit the guard already applied.
pub(super) fn member(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
    limits: &Limits,
) -> Option<Vec<u8>> {
    let f = zip.by_name(name).ok()?;
    let mut out = Vec::new();
    f.take(limits.max_unzipped_bytes)
        .read_to_end(&mut out)
        .ok()?;
    Some(out)
}

/// Whether a format code's first section shows a percentage: a `%` outside quotes,
/// escapes and brackets.
pub(super) fn is_percent_code(code: &str) -> bool {
    let mut quoted = false;
    let mut bracket = false;
    let mut escaped = false;
    for c in code.chars() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '"' => quoted = !quoted,
            _ if quoted => {}
            '\\' => escaped = true,
            '[' => bracket = true,
            ']' => bracket = false,
            ';' if !bracket => return false,
            '%' if !bracket => return true,
            _ => {}
        }
    }
    false
}

/// The value of the attribute whose local name is `name`.
pub(super) fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .map(|a| a.value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_codes() {
        assert!(is_percent_code("0%"));
        assert!(is_percent_code("0.0%"));
        assert!(is_percent_code("[Red]0%"));
        assert!(!is_percent_code("0\"%\""));
        assert!(!is_percent_code("0\\%"));
        assert!(!is_percent_code("0;0%"));
        assert!(!is_percent_code("yyyy/mm/dd"));
    }
}
