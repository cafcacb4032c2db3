//! Workbook file names: one per section, safe on Windows and Linux, never two alike.
//!
//! The name of a section's workbook is `<部局名>_<課名>_<年-月>.xlsx` (the period, so that
//! a returned book of one month never replaces another's), made safe ([`safe_stem`]):
//! NFC; none of `/ \ : * ? " < > |`, control or bidirectional-control characters (each
//! becomes `_`); no trailing dot or space (Windows drops them); no leading dot (a hidden
//! file); not a device name of Windows (`CON`, `PRN`, `AUX`, `NUL`, `COM0`–`COM9`,
//! `LPT0`–`LPT9`, also `COM¹`… and also before an extension, as in `CON.txt.xlsx`); at most
//! [`MAX_NAME_BYTES`] bytes of UTF-8 with `.xlsx` (a longer stem is shortened on a
//! character boundary and ends in `_` and 8 hex digits of the SHA-256 of the whole name).
//! Names equal, ignoring case, to the summary's or to an earlier section's get `_2`, `_3`.

use std::collections::{BTreeMap, BTreeSet};

use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;

use crate::plan::{Department, DepartmentId};

/// File name of the summary workbook.
pub const SUMMARY_FILE: &str = "全体集計.xlsx";

/// Longest workbook file name, in bytes of UTF-8, `.xlsx` included (file systems allow
/// 255; the rest is room for the folder in a path and for copies such as `… (2).xlsx`).
pub const MAX_NAME_BYTES: usize = 200;
const EXTENSION: &str = ".xlsx";

/// Why a workbook's file name is not simply `<部局名>_<課名>.xlsx`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum NameChange {
    /// Characters a file name cannot hold became `_`.
    Characters,
    /// Trailing dots or spaces were dropped.
    TrailingDotOrSpace,
    /// Nothing was left: the name is `_`.
    Empty,
    /// A leading dot (a hidden file) got a `_` before it.
    LeadingDot,
    /// A device name of Windows got a `_` before it.
    DeviceName,
    /// Too long: shortened, with a hash of the whole name.
    Shortened,
    /// Equal to the summary's or another section's name: numbered.
    Clash,
}

impl NameChange {
    /// What changed, in Japanese.
    pub fn label(self) -> &'static str {
        match self {
            NameChange::Characters => "ファイル名に使えない文字を「_」に置換",
            NameChange::TrailingDotOrSpace => "末尾の「.」・空白を削除",
            NameChange::Empty => "名前が空",
            NameChange::LeadingDot => "先頭の「.」（隠しファイルになる）の前に「_」",
            NameChange::DeviceName => "Windowsの予約名（CONなど）の前に「_」",
            NameChange::Shortened => "長すぎるため短縮し、元の名前のハッシュを付加",
            NameChange::Clash => "全体集計またはほかの部署と同じ名前になるため番号を付加",
        }
    }
}

/// The workbook file names of every section, and what was changed to make them.
#[derive(Debug, Default)]
pub struct WorkbookNames {
    /// Section -> file name.
    pub files: BTreeMap<DepartmentId, String>,
    /// The sections whose file name is not simply `<部局名>_<課名>.xlsx`, in plan order:
    /// (section, the plain name, what changed).
    pub changed: Vec<(DepartmentId, String, Vec<NameChange>)>,
}

/// The stem made safe on Windows and Linux (see the module documentation; the length is
/// seen to by [`workbook_names`]), and what was changed.
pub fn safe_stem(s: &str) -> (String, Vec<NameChange>) {
    let mut changes = Vec::new();
    let nfc: String = s.nfc().collect();
    let mut out: String = nfc
        .chars()
        .map(|c| {
            if c.is_control() || "<>:\"/\\|?*".contains(c) || is_bidi_control(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    if out != nfc {
        changes.push(NameChange::Characters);
    }
    // Windows drops a trailing dot or space, which would make two names one.
    if out.ends_with(['.', ' ']) {
        out.truncate(out.trim_end_matches(['.', ' ']).len());
        changes.push(NameChange::TrailingDotOrSpace);
    }
    if out.is_empty() {
        out.push('_');
        changes.push(NameChange::Empty);
    }
    if out.starts_with('.') {
        out.insert(0, '_');
        changes.push(NameChange::LeadingDot);
    }
    if is_device_name(&out) {
        out.insert(0, '_');
        changes.push(NameChange::DeviceName);
    }
    (out, changes)
}

/// [`safe_stem`] without the list of changes.
#[cfg(test)]
fn safe_file_stem(s: &str) -> String {
    safe_stem(s).0
}

/// Characters that reorder text on screen (a name could show another extension).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether Windows takes a file whose name begins with `stem` (then `.xlsx`) for a device:
/// the part before the first dot, without trailing spaces, is a device name.
fn is_device_name(stem: &str) -> bool {
    let base = stem.split('.').next().unwrap_or(stem).trim_end_matches(' ');
    let upper = base.to_ascii_uppercase();
    if ["CON", "PRN", "AUX", "NUL"].contains(&upper.as_str()) {
        return true;
    }
    let mut chars = upper.chars();
    let prefix: String = chars.by_ref().take(3).collect();
    let rest: Vec<char> = chars.collect();
    (prefix == "COM" || prefix == "LPT")
        && matches!(rest.as_slice(), [d] if d.is_ascii_digit() || "¹²³".contains(*d))
}

/// The file name `<stem><tail>[_<n>].xlsx` (`tail`: the month, `_2024-09`, or empty); a
/// name longer than [`MAX_NAME_BYTES`] keeps the stem's beginning and adds `_` and 8 hex
/// digits of the SHA-256 of `whole`, then the tail.
fn file_name(stem: &str, tail: &str, whole: &str, n: usize) -> (String, bool) {
    let number = if n > 1 {
        format!("_{n}")
    } else {
        String::new()
    };
    let name = format!("{stem}{tail}{number}{EXTENSION}");
    if name.len() <= MAX_NAME_BYTES {
        return (name, false);
    }
    let hash: String = Sha256::digest(whole.as_bytes())
        .iter()
        .take(4)
        .map(|b| format!("{b:02x}"))
        .collect();
    let room = MAX_NAME_BYTES - (1 + hash.len() + tail.len() + number.len() + EXTENSION.len());
    let mut end = room.min(stem.len());
    while !stem.is_char_boundary(end) {
        end -= 1;
    }
    (
        format!("{}_{hash}{tail}{number}{EXTENSION}", &stem[..end]),
        true,
    )
}

/// How two file names compare on a file system that ignores case and normalization.
fn clash_key(name: &str) -> String {
    name.nfc().collect::<String>().to_lowercase()
}

/// The name a section's workbook would have if every name were allowed.
fn plain_stem(d: &Department) -> String {
    let bureau = d.bureau_label();
    if bureau.is_empty() {
        d.section_name.clone()
    } else {
        format!("{bureau}_{}", d.section_name)
    }
}

/// Workbook file name of each section for `month` (`2024-09`; empty: none):
/// `市民生活部_窓口サービス課_2024-09.xlsx`, so that no month's book takes another's place
/// when it comes back. A bureau missing
/// from the configuration is named by its mark. Names are made safe ([`safe_stem`]), kept
/// to [`MAX_NAME_BYTES`], and numbered `_2`, `_3` where they would equal, ignoring case,
/// the summary's or an earlier section's. The same sections always get the same names.
pub fn workbook_names(departments: &[Department], month: &str) -> WorkbookNames {
    let mut out = WorkbookNames::default();
    let mut used: BTreeSet<String> = BTreeSet::from([clash_key(SUMMARY_FILE)]);
    for d in departments {
        let whole = plain_stem(d);
        let (stem, mut changes) = safe_stem(&whole);
        let tail = if month.is_empty() {
            String::new()
        } else {
            format!("_{month}")
        };
        let mut n = 1;
        let (name, shortened) = loop {
            let (name, shortened) = file_name(&stem, &tail, &whole, n);
            if used.insert(clash_key(&name)) {
                break (name, shortened);
            }
            n += 1;
        };
        if shortened {
            changes.push(NameChange::Shortened);
        }
        if n > 1 {
            changes.push(NameChange::Clash);
        }
        if !changes.is_empty() {
            out.changed
                .push((d.id.clone(), format!("{whole}{tail}{EXTENSION}"), changes));
        }
        out.files.insert(d.id.clone(), name);
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
    fn name<'a>(names: &'a WorkbookNames, id: &str) -> &'a str {
        names
            .files
            .iter()
            .find(|(d, _)| d.as_str() == id)
            .map(|(_, n)| n.as_str())
            .unwrap_or_else(|| panic!("{id} in {:?}", names.files))
    }

    fn changes(names: &WorkbookNames, id: &str) -> Vec<NameChange> {
        names
            .changed
            .iter()
            .find(|(d, _, _)| d.as_str() == id)
            .map(|(_, _, c)| c.clone())
            .unwrap_or_default()
    }

    #[test]
    fn bureau_and_section_name_the_file() {
        let names = workbook_names(
            &[
                dept("民", "市民生活部", "窓口サービス課"),
                dept("謎", "", "調整課"),
                dept("", "", "企画課"),
            ],
            "",
        );
        assert_eq!(
            name(&names, "(民)窓口サービス課"),
            "市民生活部_窓口サービス課.xlsx"
        );
        // A bureau missing from the configuration: its mark.
        assert_eq!(name(&names, "(謎)調整課"), "謎_調整課.xlsx");
        // No bureau at all: the section alone.
        assert_eq!(name(&names, "企画課"), "企画課.xlsx");
        assert!(names.changed.is_empty());
        // With the month: each month's book has a name of its own.
        let names = workbook_names(&[dept("民", "市民生活部", "窓口サービス課")], "2024-09");
        assert_eq!(
            name(&names, "(民)窓口サービス課"),
            "市民生活部_窓口サービス課_2024-09.xlsx"
        );
    }

    #[test]
    fn names_folding_to_the_same_stem_get_a_number() {
        // `総務課?` and `総務課*` both become `総務課_`.
        let names = workbook_names(
            &[
                dept("総", "総務部", "総務課?"),
                dept("総", "総務部", "総務課*"),
                dept("総", "総務部", "総務課|"),
            ],
            "",
        );
        assert_eq!(name(&names, "(総)総務課?"), "総務部_総務課_.xlsx");
        assert_eq!(name(&names, "(総)総務課*"), "総務部_総務課__2.xlsx");
        assert_eq!(name(&names, "(総)総務課|"), "総務部_総務課__3.xlsx");
        assert_eq!(
            changes(&names, "(総)総務課*"),
            [NameChange::Characters, NameChange::Clash]
        );
    }

    #[test]
    fn a_number_never_lands_on_another_sections_name() {
        // The second `企画課` would be `企画課_2`, which the third section already is.
        let names = workbook_names(
            &[
                dept("", "", "企画課"),
                dept("", "", "企画課_2"),
                dept("", "", "企画課."),
            ],
            "",
        );
        assert_eq!(name(&names, "企画課"), "企画課.xlsx");
        assert_eq!(name(&names, "企画課_2"), "企画課_2.xlsx");
        assert_eq!(name(&names, "企画課."), "企画課_3.xlsx");
    }

    #[test]
    fn names_differing_only_in_case_or_normalization_clash() {
        let names = workbook_names(
            &[
                dept("情", "情報部", "ICT推進課"),
                dept("情", "情報部", "ict推進課"),
                dept("", "", "\u{30AC}ス課"),
                // The same name decomposed (カ + combining voiced mark), as macOS may write it.
                dept("", "", "\u{30AB}\u{3099}ス課"),
            ],
            "",
        );
        assert_eq!(name(&names, "(情)ICT推進課"), "情報部_ICT推進課.xlsx");
        // The second keeps its own spelling and gets the number.
        assert_eq!(name(&names, "(情)ict推進課"), "情報部_ict推進課_2.xlsx");
        assert_eq!(name(&names, "\u{30AC}ス課"), "\u{30AC}ス課.xlsx");
        // Written in NFC, numbered.
        assert_eq!(name(&names, "\u{30AB}\u{3099}ス課"), "\u{30AC}ス課_2.xlsx");
    }

    #[test]
    fn the_summarys_name_is_never_a_sections() {
        let names = workbook_names(
            &[
                dept("", "", "全体集計"),
                dept("総", "総務部", "全体集計"),
                dept("", "", "全体集計.XLSX"),
            ],
            "",
        );
        assert_eq!(name(&names, "全体集計"), "全体集計_2.xlsx");
        assert_eq!(changes(&names, "全体集計"), [NameChange::Clash]);
        assert_eq!(name(&names, "(総)全体集計"), "総務部_全体集計.xlsx");
        assert_eq!(name(&names, "全体集計.XLSX"), "全体集計.XLSX.xlsx");
    }

    #[test]
    fn trailing_dots_and_spaces_are_dropped_before_clashes_are_counted() {
        let names = workbook_names(&[dept("", "", "企画課"), dept("", "", "企画課. ")], "");
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
        // Characters that reorder the text on screen.
        assert_eq!(safe_file_stem("課\u{202E}xslx.exe"), "課_xslx.exe");
        assert_eq!(safe_stem("総務課").1, []);
        assert_eq!(safe_stem("総務/課").1, [NameChange::Characters]);
    }

    #[test]
    fn trailing_dots_and_spaces_are_removed() {
        assert_eq!(safe_file_stem("企画課."), "企画課");
        assert_eq!(safe_file_stem("企画課 . "), "企画課");
        // Leading spaces stay: Windows keeps them.
        assert_eq!(safe_file_stem(" 企画課"), " 企画課");
        assert_eq!(safe_file_stem(" .企画課"), " .企画課");
        // Nothing left: a placeholder.
        assert_eq!(safe_file_stem(". ."), "_");
        assert_eq!(safe_file_stem(""), "_");
    }

    #[test]
    fn a_leading_dot_is_not_a_hidden_file() {
        assert_eq!(safe_file_stem(".企画課"), "_.企画課");
        assert_eq!(safe_file_stem("..課"), "_..課");
        assert_eq!(safe_stem(".課").1, [NameChange::LeadingDot]);
        let names = workbook_names(&[dept("", "", ".hidden")], "");
        assert_eq!(name(&names, ".hidden"), "_.hidden.xlsx");
    }

    #[test]
    fn reserved_device_names_get_a_prefix() {
        for name in [
            "CON", "con", "Prn", "AUX", "NUL", "COM1", "lpt9", "COM0", "LPT0", "COM¹", "lpt³",
            "CON.",
        ] {
            let stem = safe_file_stem(name);
            assert_eq!(stem, format!("_{}", name.trim_end_matches('.')), "{name}");
        }
        // Windows takes `CON.txt.xlsx` and `NUL .x.xlsx` for devices too.
        assert_eq!(safe_file_stem("CON.txt"), "_CON.txt");
        assert_eq!(safe_file_stem("nul .x"), "_nul .x");
        // Longer names are not devices.
        assert_eq!(safe_file_stem("CONSOLE"), "CONSOLE");
        assert_eq!(safe_file_stem("COM10"), "COM10");
        assert_eq!(safe_file_stem("LPT"), "LPT");
        assert_eq!(safe_file_stem("総務_CON"), "総務_CON");
    }

    #[test]
    fn a_reserved_name_as_a_section_is_prefixed() {
        let names = workbook_names(&[dept("", "", "CON"), dept("", "", "con")], "");
        assert_eq!(name(&names, "CON"), "_CON.xlsx");
        assert_eq!(name(&names, "con"), "_con_2.xlsx");
    }

    #[test]
    fn long_names_are_shortened_with_a_hash_of_the_whole_name() {
        let long_a = format!("{}A", "課".repeat(100));
        let long_b = format!("{}B", "課".repeat(100));
        let names = workbook_names(&[dept("", "", &long_a), dept("", "", &long_b)], "");
        let (a, b) = (name(&names, &long_a), name(&names, &long_b));
        for n in [a, b] {
            assert!(n.len() <= MAX_NAME_BYTES, "{n}: {} bytes", n.len());
            assert!(n.starts_with("課課課"), "{n}");
            assert!(n.ends_with(".xlsx"));
        }
        // Same beginning, different ends: the hashes tell them apart.
        assert_ne!(a, b);
        assert_eq!(a.len(), b.len());
        let hash = &a[a.len() - 13..a.len() - 5];
        assert!(hash.chars().all(|c| c.is_ascii_hexdigit()), "{a}");
        assert_eq!(&a[a.len() - 14..a.len() - 13], "_");
        assert_eq!(
            changes(&names, &long_a),
            [NameChange::Shortened],
            "{:?}",
            names.changed
        );
        // The same names every time.
        assert_eq!(
            workbook_names(&[dept("", "", &long_a)], "")
                .files
                .values()
                .next()
                .unwrap(),
            a
        );
    }

    #[test]
    fn a_numbered_long_name_stays_within_the_limit() {
        let long = "課".repeat(100);
        let names = workbook_names(
            &[
                dept("", "", &long),
                dept("", "", &format!("{long}?")),
                dept("", "", &format!("{long}*")),
            ],
            "",
        );
        let all: Vec<&String> = names.files.values().collect();
        for n in &all {
            assert!(n.len() <= MAX_NAME_BYTES, "{n}");
        }
        let keys: BTreeSet<String> = all.iter().map(|n| clash_key(n)).collect();
        assert_eq!(keys.len(), 3);
    }
}
