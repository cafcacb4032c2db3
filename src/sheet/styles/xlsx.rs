//! Percent cells of an xlsx workbook: the workbook's styles (`xl/styles.xml`: the number
//! format of each cell style) and each sheet's cells (`<c r="D5" s="3">`).

use std::collections::{BTreeMap, BTreeSet};
use std::io::Cursor;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::common::{PercentCells, attr, is_percent_code, member};
use crate::config::Limits;

/// The percent-formatted cells of each sheet, by sheet name.
pub(super) fn percent_cells(bytes: &[u8], limits: &Limits) -> PercentCells {
    let mut out = BTreeMap::new();
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return out;
    };
    let styles =
        member(&mut zip, "xl/styles.xml", limits).map_or_else(Vec::new, |x| percent_styles(&x));
    if !styles.iter().any(|p| *p) {
        return out;
    }
    let paths = sheet_paths(&mut zip, limits);
    for (name, path) in paths {
        if let Some(xml) = member(&mut zip, &path, limits) {
            let cells = styled_cells(&xml, &styles, limits);
            if !cells.is_empty() {
                out.insert(name, cells);
            }
        }
    }
    out
}

/// For each cell style (`cellXfs`, by index), whether its number format is a percentage.
fn percent_styles(xml: &[u8]) -> Vec<bool> {
    let mut custom: BTreeMap<String, bool> = BTreeMap::new();
    let mut styles = Vec::new();
    let mut in_cell_xfs = false;
    for_each_start(xml, |e, end| match (e.local_name().as_ref(), end) {
        ("numFmt", false) => {
            if let (Some(id), Some(code)) = (attr(e, "numFmtId"), attr(e, "formatCode")) {
                custom.insert(id, is_percent_code(&code));
            }
        }
        ("cellXfs", false) => in_cell_xfs = true,
        ("cellXfs", true) => in_cell_xfs = false,
        ("xf", false) if in_cell_xfs => {
            let id = attr(e, "numFmtId").unwrap_or_default();
            let percent =
                matches!(id.as_str(), "9" | "10") || custom.get(&id).copied().unwrap_or(false);
            styles.push(percent);
        }
        _ => {}
    });
    styles
}

/// Sheet name -> its part in the package, from `xl/workbook.xml` and its relationships.
fn sheet_paths(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, limits: &Limits) -> Vec<(String, String)> {
    let Some(rels) = member(zip, "xl/_rels/workbook.xml.rels", limits) else {
        return Vec::new();
    };
    let mut targets: BTreeMap<String, String> = BTreeMap::new();
    for_each_start(&rels, |e, end| {
        if !end
            && e.local_name().as_ref() == "Relationship"
            && let (Some(id), Some(target)) = (attr(e, "Id"), attr(e, "Target"))
        {
            let path = match target.strip_prefix('/') {
                Some(abs) => abs.to_string(),
                None => format!("xl/{target}"),
            };
            targets.insert(id, path);
        }
    });
    let Some(book) = member(zip, "xl/workbook.xml", limits) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for_each_start(&book, |e, end| {
        if !end
            && e.local_name().as_ref() == "sheet"
            && let Some(name) = attr(e, "name")
            && let Some(path) = attr(e, "id").and_then(|id| targets.get(&id))
        {
            out.push((name, path.clone()));
        }
    });
    out
}

/// The cells of a sheet whose style is a percentage style, within the sheet limits.
fn styled_cells(xml: &[u8], styles: &[bool], limits: &Limits) -> BTreeSet<(usize, usize)> {
    let mut out = BTreeSet::new();
    for_each_start(xml, |e, end| {
        if end || e.local_name().as_ref() != "c" {
            return;
        }
        let Some(style) = attr(e, "s").and_then(|s| s.parse::<usize>().ok()) else {
            return;
        };
        if !styles.get(style).copied().unwrap_or(false) || out.len() >= limits.max_cells {
            return;
        }
        if let Some((row, col)) = attr(e, "r").as_deref().and_then(cell_ref)
            && row < limits.max_rows
            && col < limits.max_cols
        {
            out.insert((row, col));
        }
    });
    out
}

/// `D5` -> (4, 3).
fn cell_ref(r: &str) -> Option<(usize, usize)> {
    let split = r.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = r.split_at(split);
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let mut col = 0usize;
    for c in letters.chars() {
        if !c.is_ascii_uppercase() {
            return None;
        }
        col = col * 26 + (c as usize - 'A' as usize + 1);
    }
    let row: usize = digits.parse().ok()?;
    Some((row.checked_sub(1)?, col - 1))
}

/// Calls `f` with each element's start (`false`) and end (`true`); an empty element
/// gives both. Stops quietly at malformed XML.
fn for_each_start(xml: &[u8], mut f: impl FnMut(&BytesStart, bool)) {
    let mut reader = Reader::from_reader(xml);
    let config = reader.config_mut();
    config.check_end_names = false;
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => f(&e, false),
            Ok(Event::Empty(e)) => {
                f(&e, false);
                f(&e, true);
            }
            Ok(Event::End(e)) => {
                let start = BytesStart::new(e.name().into_inner().to_string());
                f(&start, true);
            }
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
        buf.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_references() {
        assert_eq!(cell_ref("D5"), Some((4, 3)));
        assert_eq!(cell_ref("AA10"), Some((9, 26)));
        assert_eq!(cell_ref("5"), None);
    }

    #[test]
    fn styles_tell_percent_formats_by_builtin_and_custom_id() {
        let xml = br#"<styleSheet><numFmts count="1"><numFmt numFmtId="164" formatCode="0.0%"/></numFmts>
<cellStyleXfs count="1"><xf numFmtId="9"/></cellStyleXfs>
<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="9"/><xf numFmtId="164"/><xf numFmtId="14"/></cellXfs></styleSheet>"#;
        assert_eq!(percent_styles(xml), vec![false, true, true, false]);
    }
}
