//! Whose file a report comes from, when its rows do not say: a section's name in the
//! sheet's or the file's name (「納税課_2024-10.csv」, a sheet 「窓口サービス課」). A row for
//! an item that section does not own is another section's report: settling never lets it
//! replace the owner's report for the month.

use super::catalog::{IndexedItem, ItemIndex};
use super::section_names::SectionNames;

/// The plan's section names (each once, longest first), to look for in names.
pub(super) fn section_names(index: &ItemIndex) -> &SectionNames {
    index.section_names()
}

/// The one section the sheet's name names, else the one the file's name names; `None`
/// when neither names exactly one (the longest name found wins over names inside it, as
/// 「消防総務課」 over 「総務課」).
pub(super) fn named_section(names: &SectionNames, sheet: &str, file: &str) -> Option<String> {
    [sheet, file]
        .into_iter()
        .find_map(|text| named_in(names, text))
}

fn named_in(names: &SectionNames, text: &str) -> Option<String> {
    let found = names.found_in(text);
    let longest = found.first()?;
    // Names inside the longest one are parts of it, not other sections.
    let others = found.iter().skip(1).any(|n| !longest.contains(n));
    (!others).then(|| (*longest).to_string())
}

/// The section a row's file names when that section does not own `item`: the row is
/// another section's report. `None` when the row names its section itself (checked
/// against the owners elsewhere), the item belongs to every section, or no section is
/// named.
pub(super) fn not_owner(
    named: Option<&str>,
    row_names_section: bool,
    item: &IndexedItem,
) -> Option<String> {
    if row_names_section || item.all_departments {
        return None;
    }
    let named = named?;
    (!item.owners.iter().any(|o| o.section == named)).then(|| named.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_section_name_in_the_sheet_or_file_name() {
        let names = SectionNames::new(
            ["消防総務課", "総務課", "納税課", "営業課"]
                .iter()
                .map(|s| s.to_string()),
        );
        assert_eq!(
            named_section(&names, "Sheet1", "progress/納税課_2024-10.csv").as_deref(),
            Some("納税課")
        );
        assert_eq!(
            named_section(&names, "Sheet1", "消防総務課_2024-09.xls").as_deref(),
            Some("消防総務課")
        );
        // The sheet's name comes first.
        assert_eq!(
            named_section(&names, "営業課", "納税課.xlsx").as_deref(),
            Some("営業課")
        );
        // Two sections in one name: nobody's in particular.
        assert_eq!(named_section(&names, "", "納税課と営業課.xlsx"), None);
        assert_eq!(named_section(&names, "", "報告_2024-09.csv"), None);
    }
}
