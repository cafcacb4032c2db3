//! Workbook file names: one per section, safe on Windows and Linux, never two alike.

use std::collections::BTreeMap;

use crate::plan::{Department, DepartmentId};

/// Makes a file name safe on Windows and Linux: no reserved characters, no trailing dot
/// or space, not a reserved device name.
pub fn safe_file_stem(s: &str) -> String {
    let mut out: String = s
        .chars()
        .map(|c| {
            if c.is_control() || "<>:\"/\\|?*".contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    // Windows drops a trailing dot or space, which would make two names one.
    while out.ends_with(['.', ' ']) {
        out.pop();
    }
    let upper = out.to_ascii_uppercase();
    let reserved = ["CON", "PRN", "AUX", "NUL"].contains(&upper.as_str())
        || ((upper.starts_with("COM") || upper.starts_with("LPT")) && upper.len() == 4);
    if out.is_empty() || reserved {
        out.insert(0, '_');
    }
    out
}

/// Workbook file name of each section: `市民生活部_窓口サービス課.xlsx`. A bureau missing
/// from the configuration is named by its mark. Names that would clash get `_2`, `_3`.
pub fn workbook_names(departments: &[Department]) -> BTreeMap<DepartmentId, String> {
    let mut out = BTreeMap::new();
    // Keyed by the lower-cased stem: Windows and macOS file names ignore case.
    let mut used: BTreeMap<String, usize> = BTreeMap::new();
    for d in departments {
        let bureau = d.bureau_label();
        let stem = if bureau.is_empty() {
            d.section_name.clone()
        } else {
            format!("{bureau}_{}", d.section_name)
        };
        let stem = safe_file_stem(&stem);
        let n = used.entry(stem.to_lowercase()).or_insert(0);
        *n += 1;
        let name = if *n == 1 {
            format!("{stem}.xlsx")
        } else {
            format!("{stem}_{n}.xlsx")
        };
        out.insert(d.id.clone(), name);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dept(mark: &str, bureau: &str, section: &str) -> Department {
        Department {
            id: DepartmentId::new(mark, section),
            bureau_mark: mark.to_string(),
            bureau_name: bureau.to_string(),
            section_name: section.to_string(),
        }
    }

    /// The file name of the section whose ID reads `id`.
    fn name<'a>(names: &'a BTreeMap<DepartmentId, String>, id: &str) -> &'a str {
        names
            .iter()
            .find(|(d, _)| d.as_str() == id)
            .map(|(_, n)| n.as_str())
            .unwrap_or_else(|| panic!("{id} in {names:?}"))
    }

    #[test]
    fn bureau_and_section_name_the_file() {
        let names = workbook_names(&[
            dept("民", "市民生活部", "窓口サービス課"),
            dept("謎", "", "調整課"),
            dept("", "", "企画課"),
        ]);
        assert_eq!(
            name(&names, "(民)窓口サービス課"),
            "市民生活部_窓口サービス課.xlsx"
        );
        // A bureau missing from the configuration: its mark.
        assert_eq!(name(&names, "(謎)調整課"), "謎_調整課.xlsx");
        // No bureau at all: the section alone.
        assert_eq!(name(&names, "企画課"), "企画課.xlsx");
    }

    #[test]
    fn names_folding_to_the_same_stem_get_a_number() {
        // `総務課?` and `総務課*` both become `総務課_`.
        let names = workbook_names(&[
            dept("総", "総務部", "総務課?"),
            dept("総", "総務部", "総務課*"),
            dept("総", "総務部", "総務課|"),
        ]);
        assert_eq!(name(&names, "(総)総務課?"), "総務部_総務課_.xlsx");
        assert_eq!(name(&names, "(総)総務課*"), "総務部_総務課__2.xlsx");
        assert_eq!(name(&names, "(総)総務課|"), "総務部_総務課__3.xlsx");
    }

    #[test]
    fn names_differing_only_in_case_clash() {
        let names = workbook_names(&[
            dept("情", "情報部", "ICT推進課"),
            dept("情", "情報部", "ict推進課"),
        ]);
        assert_eq!(name(&names, "(情)ICT推進課"), "情報部_ICT推進課.xlsx");
        // The second keeps its own spelling and gets the number.
        assert_eq!(name(&names, "(情)ict推進課"), "情報部_ict推進課_2.xlsx");
    }

    #[test]
    fn trailing_dots_and_spaces_are_dropped_before_clashes_are_counted() {
        let names = workbook_names(&[dept("", "", "企画課"), dept("", "", "企画課. ")]);
        assert_eq!(name(&names, "企画課"), "企画課.xlsx");
        assert_eq!(name(&names, "企画課. "), "企画課_2.xlsx");
    }

    #[test]
    fn reserved_characters_become_underscores() {
        assert_eq!(
            safe_file_stem("a<b>c:d\"e/f\\g|h?i*j"),
            "a_b_c_d_e_f_g_h_i_j"
        );
        assert_eq!(safe_file_stem("改行\nタブ\t"), "改行_タブ_");
        assert_eq!(safe_file_stem("総務部_総務課"), "総務部_総務課");
    }

    #[test]
    fn trailing_dots_and_spaces_are_removed() {
        assert_eq!(safe_file_stem("企画課."), "企画課");
        assert_eq!(safe_file_stem("企画課 . "), "企画課");
        // Leading ones stay: Windows keeps them.
        assert_eq!(safe_file_stem(" .企画課"), " .企画課");
        // Nothing left: a placeholder.
        assert_eq!(safe_file_stem(". ."), "_");
        assert_eq!(safe_file_stem(""), "_");
    }

    #[test]
    fn reserved_device_names_get_a_prefix() {
        for name in ["CON", "con", "Prn", "AUX", "NUL", "COM1", "lpt9", "CON."] {
            let stem = safe_file_stem(name);
            assert_eq!(stem, format!("_{}", name.trim_end_matches('.')), "{name}");
        }
        // Only the bare device names are reserved here.
        assert_eq!(safe_file_stem("CONSOLE"), "CONSOLE");
        assert_eq!(safe_file_stem("COM10"), "COM10");
        assert_eq!(safe_file_stem("CON.txt"), "CON.txt");
    }

    #[test]
    fn a_reserved_name_as_a_section_is_prefixed() {
        let names = workbook_names(&[dept("", "", "CON"), dept("", "", "con")]);
        assert_eq!(name(&names, "CON"), "_CON.xlsx");
        assert_eq!(name(&names, "con"), "_con_2.xlsx");
    }
}
