//! The 担当部署 cell: `(民)窓口サービス課`, `(財)管財課、各担当部署`, `総務部 総務課`,
//! `010500 総務部・財政課`. [`parse_departments`] splits a cell into the owners it names;
//! [`resolve_departments`] turns each written owner into its department through the
//! section directory and the configured bureaus ([`super::Resolver`]).

use std::sync::LazyLock;

use regex::Regex;

use super::Sections;
use super::directory::{Resolution, Resolver};
use super::names::{DepartmentRef, SectionName};
use crate::text::{fold, fold_compact};

/// The owners of an item and whether "every section concerned" is named too.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedDepartments {
    pub refs: Vec<DepartmentRef>,
    pub all_departments: bool,
}

/// Splits a 担当部署 cell into the owners it names, as written (not yet resolved: see
/// [`resolve_departments`], which also gives a part without a bureau the bureau of the
/// part before it). Parts are separated by `、`, `，`, `,`, `／` or a line break; a line
/// naming only a bureau (`市民生活部`) and the line below it are one owner. The first
/// owner is the main one, unless another is marked `(主)` (`(副)` marks a co-owner).
pub fn parse_departments(cell: &str, all_words: &[String]) -> ParsedDepartments {
    static MARK: LazyLock<Regex> =
        LazyLock::new(|| crate::text::regex(r"^[(\[【<]\s*([^)\]】>]{1,6}?)\s*[)\]】>]\s*(.+)$"));
    let mut out = ParsedDepartments::default();
    let mut main: Option<usize> = None;
    for line in cell_lines(cell) {
        let folded = fold(&line);
        if is_helpers_note(&folded) {
            continue;
        }
        let parts = folded
            .split(['、', ',', '/', '､'])
            .flat_map(split_at_dots)
            .flat_map(split_at_roles)
            .flat_map(split_joined);
        for part in parts {
            if is_helpers_note(part) {
                continue;
            }
            let (part, role) = owner_role(part.trim());
            if part.is_empty() || names_no_section(part) {
                continue;
            }
            if role == Some(Role::Main) && main.is_none() {
                main = Some(out.refs.len());
            }
            out.add(part, all_words, &MARK);
        }
    }
    if let Some(k) = main.filter(|k| *k < out.refs.len()) {
        let r = out.refs.remove(k);
        out.refs.insert(0, r);
    }
    out
}

/// The words a role is written in, beside an owner's name in brackets: the main owner's
/// first (主管, 主担当, 主), then a co-owner's (a macro, for the patterns that `concat!`
/// them).
macro_rules! role_words {
    () => {
        "主管|主担当|主|副担当|副|関係課|関係|協力|共管|連携"
    };
}

/// The marks some plans set before an owner's name instead of a word: ◎ or ● the main
/// owner, ○ a co-owner (their legend: 「◎は主担当課、○は関係課」).
macro_rules! role_marks {
    () => {
        "◎●○〇◯"
    };
}

/// Whether `text` ends with a section's name (課, 室, 係, 所, 館, センター, 担当), a role
/// in brackets after it allowed.
fn ends_a_section(text: &str) -> bool {
    static SECTION_END: LazyLock<Regex> = LazyLock::new(|| {
        crate::text::regex(
            r"(?:課|室|係|所|館|センター|担当)\s*(?:[(\[【][^)\]】]{1,6}[)\]】])?\s*$",
        )
    });
    SECTION_END.is_match(text)
}

/// Whether a line of a 担当部署 cell ends where an owner's name ends: a section's name,
/// a bureau's (部, 局, 委員会), or a closing bracket. A line that does not is a name the
/// cell's width wrapped (「企画部 企画政策」 over 「課」).
pub fn ends_a_name(line: &str) -> bool {
    let line = line.trim_end();
    ends_a_section(line) || line.ends_with(['部', '局', ')', '）']) || line.ends_with("委員会")
}

/// Sections joined by 「・」 (`市民課・保険年金課`, `経営総務課・健康福祉部 国保年金課`) are
/// several owners; a bureau before it (`市民部・市民協働課`) or a name that is not a
/// section's (`まち・ひと推進課`) stays joined to what follows.
fn split_at_dots(part: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _) in part.match_indices('・') {
        let (before, after) = (&part[start..i], &part[i + '・'.len_utf8()..]);
        let next = after.split('・').next().unwrap_or("");
        if ends_a_section(before) && ends_a_section(next) {
            out.push(before);
            start = i + '・'.len_utf8();
        }
    }
    out.push(&part[start..]);
    out
}

/// Owners written one after another, each with its role and nothing between them but
/// a space (a cell's lines joined: 「情報システム課(主) 人事課(副)」, 「(主)企画課 (副)財政課」):
/// a part per owner. Two role marks at least; a role written after the names cuts after
/// each mark, one written before them before each.
fn split_at_roles(part: &str) -> Vec<&str> {
    static MARK: LazyLock<Regex> = LazyLock::new(|| {
        crate::text::regex(concat!(
            r"[(\[【]\s*(?:",
            role_words!(),
            r")\s*[)\]】]|(?:^|\s)(?:",
            role_words!(),
            r")\s*:|(?:^|\s)[",
            role_marks!(),
            r"]"
        ))
    });
    let part = part.trim();
    let marks: Vec<(usize, usize)> = MARK.find_iter(part).map(|m| (m.start(), m.end())).collect();
    if marks.len() < 2 {
        return vec![part];
    }
    let before_names = marks[0].0 == 0;
    let mut out = Vec::new();
    let mut start = 0;
    for (s, e) in marks {
        let cut = if before_names { s } else { e };
        if cut > start && cut < part.len() {
            out.push(part[start..cut].trim());
            start = cut;
        }
    }
    out.push(part[start..].trim());
    out.retain(|p| !p.is_empty());
    out
}

/// Sections written one after another with nothing between them, as a PDF cell reads
/// whose lines each filled its width, so that its line breaks looked like wraps
/// (「住民課福祉課税務課」, 「市民課○情報政策課」, 「主:財政課副:企画課」): a part per section.
/// A cut falls after a 課 that ends a name of three characters or more when the text up
/// to the next 課 is such a name too (「個人課税課」 stays one; a name in brackets is a
/// role, 「総務課（関係課）」), and before a role mark or a
/// role word with its colon written right after a section's name.
fn split_joined(part: &str) -> Vec<&str> {
    static ROLE_AFTER_NAME: LazyLock<Regex> = LazyLock::new(|| {
        crate::text::regex(concat!(
            r"(?:課|室|係|所|館|センター|担当)((?:",
            role_words!(),
            r")\s*:|[",
            role_marks!(),
            r"])"
        ))
    });
    let mut cuts: Vec<usize> = ROLE_AFTER_NAME
        .captures_iter(part)
        .filter_map(|c| c.get(1).map(|m| m.start()))
        .collect();
    let is_name = |s: &str| {
        s.chars().filter(|c| !c.is_whitespace()).count() >= 3 && !s.contains(['(', ')', '[', ']'])
    };
    let ends: Vec<usize> = part.match_indices('課').map(|(i, m)| i + m.len()).collect();
    let mut start = 0;
    for (k, &end) in ends.iter().enumerate() {
        // The next name up to its 課, or to the one after when it starts with 課 (課税課).
        let next = match ends.get(k + 1) {
            Some(&n) if &part[end..n] == "課" => ends.get(k + 2).copied(),
            n => n.copied(),
        };
        if next.is_some_and(|n| is_name(&part[start..end]) && is_name(&part[end..n])) {
            cuts.push(end);
            start = end;
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = Vec::new();
    let mut from = 0;
    for cut in cuts.into_iter().filter(|&c| c > 0 && c < part.len()) {
        out.push(part[from..cut].trim());
        from = cut;
    }
    out.push(part[from..].trim());
    out.retain(|p| !p.is_empty());
    out
}

/// A role written beside an owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Main,
    Co,
}

/// The owner without its role written before or after the name, and the role: `(主)`,
/// `(主管)`, `主：`, `◎` for the main owner; `(副)`, `(関係課)`, `(協力)`, `(共管)`, `(連携)`,
/// `○` for a co-owner.
fn owner_role(part: &str) -> (&str, Option<Role>) {
    static ROLE: LazyLock<Regex> = LazyLock::new(|| {
        crate::text::regex(concat!(
            r"^(?:[(\[【]\s*(",
            role_words!(),
            r")\s*[)\]】]\s*(.+)|(.+?)\s*[(\[【]\s*(",
            role_words!(),
            r")\s*[)\]】]|(",
            role_words!(),
            r")\s*:\s*(.+)|([",
            role_marks!(),
            r"])\s*(.+))$"
        ))
    });
    // 「秘書広報課（関係課：各課）」: a note of the sections that help, not a role of the
    // one named.
    static HELPERS: LazyLock<Regex> = LazyLock::new(|| {
        crate::text::regex(r"^(.+?)\s*[(\[【]\s*(?:関係課|関係部署|関係|協力)\s*:[^)\]】]*[)\]】]$")
    });
    if let Some(name) = HELPERS.captures(part).and_then(|c| c.get(1)) {
        return (&part[name.start()..name.end()], None);
    }
    let Some(c) = ROLE.captures(part) else {
        return (part, None);
    };
    let (role, name) = match [1, 2, 3, 4, 5, 6, 7, 8].map(|k| c.get(k)) {
        [Some(r), Some(n), ..]
        | [_, _, Some(n), Some(r), ..]
        | [_, _, _, _, Some(r), Some(n), ..]
        | [.., Some(r), Some(n)] => (r.as_str(), n),
        _ => return (part, None),
    };
    let role = if role.starts_with(['主', '◎', '●']) {
        Role::Main
    } else {
        Role::Co
    };
    (&part[name.start()..name.end()], Some(role))
}

/// A line of a cell that is only a note of the sections that help (「（関係課：各課）」 under
/// the owner, folded): no owner.
fn is_helpers_note(folded: &str) -> bool {
    static NOTE: LazyLock<Regex> = LazyLock::new(|| {
        crate::text::regex(r"^[(\[【]\s*(?:関係課|関係部署|関係|協力)\s*:[^)\]】]*[)\]】]$")
    });
    NOTE.is_match(folded.trim())
}

/// A part of a 担当部署 cell that names no section: dashes (「－」「―」) or 「なし」.
fn names_no_section(part: &str) -> bool {
    let compact = fold_compact(part);
    compact
        .chars()
        .all(|c| matches!(c, '-' | '－' | '―' | '‐' | 'ー' | '—' | '─'))
        || matches!(compact.as_str(), "なし" | "特になし" | "無し")
}

/// A name of a kind of section rather than of one (「施設所管課」「事業所管課」「各所管課」
/// 「関係課」): the sections concerned, as 「関係各課」 says.
fn names_a_kind(compact: &str) -> bool {
    let before = compact
        .strip_suffix("所管課")
        .or_else(|| compact.strip_suffix("関係課"));
    before.is_some_and(|b| b.chars().count() <= 4 && !b.ends_with(['部', '局']))
}

/// The lines of a cell, a line naming only a bureau joined to the line below it, and a
/// line naming only a unit (係, 担当) to the section above it.
fn cell_lines(cell: &str) -> Vec<String> {
    // No 課 before the bureau's end: 「財政課企画部」 is a section and the next bureau.
    static BUREAU_ONLY: LazyLock<Regex> = LazyLock::new(|| {
        crate::text::regex(r"^[^、,／/()（）\s課]{1,12}(?:部|局|本部|委員会|事務局)$")
    });
    let mut out: Vec<String> = Vec::new();
    let mut bureau: Option<String> = None;
    // A cell's lines joined with spaces (「財務部 財政課 企画部 企画政策課」): a line naming
    // two bureaus or more, and no 「・」「、」 between owners, is read a word a line.
    let lines = cell.lines().flat_map(|l| {
        let words: Vec<&str> = l.split_whitespace().collect();
        let bureaus = words.iter().filter(|w| BUREAU_ONLY.is_match(w)).count();
        let joined = l.contains(['・', '、', ',', '／', '/']);
        if bureaus >= 2 && !joined {
            words
        } else {
            vec![l]
        }
    });
    // A unit of a section on the line below it (「秘書広報課」 ⏎ 「広報係」) is part of it.
    static UNIT_ONLY: LazyLock<Regex> = LazyLock::new(|| {
        crate::text::regex(r"^[^、,／/()（）\s]{1,12}(?:係|担当|グループ|チーム)$")
    });
    for line in lines.map(str::trim).filter(|l| !l.is_empty()) {
        if UNIT_ONLY.is_match(line)
            && let Some(section) = out.last_mut().filter(|l| l.ends_with(['課', '室']))
        {
            section.push(' ');
            section.push_str(line);
            continue;
        }
        match bureau.take() {
            Some(b) if !BUREAU_ONLY.is_match(line) => out.push(format!("{b} {line}")),
            Some(b) => {
                out.push(b);
                bureau = Some(line.to_string());
            }
            None if BUREAU_ONLY.is_match(line) => bureau = Some(line.to_string()),
            None => out.push(line.to_string()),
        }
    }
    out.extend(bureau);
    out
}

impl ParsedDepartments {
    /// Adds one written owner (or the 各担当部署 flag).
    fn add(&mut self, part: &str, all_words: &[String], mark: &Regex) {
        let out = self;
        let compact = fold_compact(part);
        if all_words.iter().any(|w| fold_compact(w) == compact) || names_a_kind(&compact) {
            out.all_departments = true;
            return;
        }
        let (mark, section) = match mark.captures(part) {
            Some(c) => (c[1].trim().to_string(), c[2].trim().to_string()),
            None => (String::new(), part.to_string()),
        };
        // A bureau written apart from its section keeps one space there, the mark of
        // where the bureau ends ([`super::directory::bureau_and_section`]).
        let section: String = match super::directory::bureau_and_section(&section) {
            Some((bureau, section)) => format!("{bureau} {section}"),
            None => section.chars().filter(|c| !c.is_whitespace()).collect(),
        };
        if section.is_empty() {
            return;
        }
        let r = DepartmentRef {
            bureau_mark: mark,
            section,
            ..DepartmentRef::default()
        };
        if !out.refs.contains(&r) {
            out.refs.push(r);
        }
    }
}

/// Each owner of `refs` (as [`parse_departments`] read them) resolved to its department,
/// with how it resolved; owners naming the same department once. A bureau's name alone
/// followed by a section is one owner (`総務部／総務課`), and a section alone after an
/// owner with a known bureau is in that bureau (`総務部 管財課、契約課`).
pub fn resolve_departments(
    refs: &[DepartmentRef],
    resolver: &Resolver,
) -> Vec<(DepartmentRef, Resolution)> {
    let mut out: Vec<(DepartmentRef, Resolution)> = Vec::new();
    let mut previous: Option<SectionName> = None;
    let mut k = 0;
    while k < refs.len() {
        let mut written = refs[k].written();
        let bureau_alone = refs[k].bureau_mark.is_empty() && resolver.is_bureau(&written);
        if let Some(next) = refs
            .get(k + 1)
            .filter(|n| bureau_alone && n.bureau_mark.is_empty())
        {
            written = format!("{written}/{}", next.section);
            k += 1;
        }
        let mut resolution = resolver.resolve(&written);
        if let (Resolution::Whole(name), Some(p)) = (&resolution, &previous)
            && !p.is_bare()
        {
            resolution = resolver.resolve_in(p, &name.section);
        }
        previous = Some(resolution.name().clone());
        let d = DepartmentRef::from_name(resolution.name());
        if !out.iter().any(|(x, _)| *x == d) {
            out.push((d, resolution));
        }
        k += 1;
    }
    out
}

impl Sections {
    /// The departments a section cell of a progress report names, resolved as the plan's
    /// are; `resolver` is [`Sections::resolver`], made once for many cells.
    pub fn resolve_cell(
        &self,
        cell: &str,
        resolver: &Resolver,
    ) -> Vec<(DepartmentRef, Resolution)> {
        let parsed = parse_departments(cell, &self.all_words);
        resolve_departments(&parsed.refs, resolver)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all() -> Vec<String> {
        vec!["各担当部署".to_string(), "関係各課".to_string()]
    }

    #[test]
    fn a_dash_or_nashi_names_no_owner() {
        for cell in ["－", "―", "なし", "特になし"] {
            assert!(parse_departments(cell, &[]).refs.is_empty(), "{cell}");
        }
        assert_eq!(parse_departments("市民課\n－", &[]).refs.len(), 1);
    }

    #[test]
    fn a_kind_of_section_is_the_sections_concerned() {
        let p = parse_departments("財政課、施設所管課", &all());
        assert_eq!(p.refs.len(), 1);
        assert_eq!(p.refs[0].section, "財政課");
        assert!(p.all_departments);
        assert!(parse_departments("関係課", &all()).all_departments);
        // A section of that name under a bureau is a section.
        assert!(!parse_departments("企画部 関係課", &all()).all_departments);
    }

    #[test]
    fn bureau_mark_and_section() {
        let p = parse_departments("(民)窓口サービス課", &all());
        assert_eq!(
            p.refs,
            vec![DepartmentRef {
                bureau_mark: "民".into(),
                section: "窓口サービス課".into(),
                ..DepartmentRef::default()
            }]
        );
        assert_eq!(p.refs[0].id(), "(民)窓口サービス課");
        let p = parse_departments("（消）総務課", &all());
        assert_eq!(p.refs[0].id(), "(消)総務課");
    }

    #[test]
    fn several_owners_and_the_all_flag() {
        let p = parse_departments("(財)管財課、各担当部署", &all());
        assert_eq!(p.refs.len(), 1);
        assert!(p.all_departments);
        let p = parse_departments("(財)管財課、契約課、(教)総務企画課", &all());
        let ids: Vec<_> = p.refs.iter().map(|r| r.id()).collect();
        assert_eq!(ids, vec!["(財)管財課", "契約課", "(教)総務企画課"]);
        let p = parse_departments("企画課", &all());
        assert_eq!(p.refs[0].id(), "企画課");
    }

    fn resolve_cell(cell: &str, sections: &Sections) -> Vec<(DepartmentRef, Resolution)> {
        sections.resolve_cell(cell, &sections.resolver())
    }

    fn resolved(cell: &str, sections: &Sections) -> Vec<String> {
        resolve_cell(cell, sections)
            .iter()
            .map(|(d, _)| d.id().to_string())
            .collect()
    }

    #[test]
    fn a_bureau_written_apart_is_a_bureau_without_configuration() {
        let sections = Sections::configured(&crate::config::Settings::default());
        assert_eq!(
            resolved("市民部 市民課・保険年金課", &sections),
            vec!["市民部\u{3000}市民課", "市民部\u{3000}保険年金課"]
        );
        let resolver = sections
            .resolver()
            .learning_bureaus(&["財務部 財政課".to_string()]);
        let joined = parse_departments("財務部資産経営課", &all());
        let got: Vec<String> = resolve_departments(&joined.refs, &resolver)
            .iter()
            .map(|(d, _)| d.id().to_string())
            .collect();
        assert_eq!(got, vec!["財務部\u{3000}資産経営課"]);
        // Without the plan writing it apart, a joined name stays whole.
        assert_eq!(
            resolved("財務部資産経営課", &sections),
            vec!["財務部資産経営課"]
        );
    }

    #[test]
    fn every_written_form_resolves_to_one_department() {
        let sections = Sections::configured(&crate::config::Settings::default());
        for cell in [
            "(総)総務課",
            "総務部 総務課",
            "総務部　総務課",
            "総務部・総務課",
            "総務部／総務課",
            "総務部総務課",
            "010100 総務部・総務課",
        ] {
            assert_eq!(resolved(cell, &sections), ["(総)総務課"], "{cell}");
        }
        let d = &resolve_cell("総務部 総務課", &sections)[0].0;
        assert_eq!(d.bureau, "総務部");
        // A list names the bureau once; a later owner with its own bureau keeps it.
        assert_eq!(
            resolved("(財)管財課、契約課、(教)総務企画課", &sections),
            ["(財)管財課", "(財)契約課", "(教)総務企画課"]
        );
        assert_eq!(
            resolved("財政部 管財課、総務部／総務課、契約課", &sections),
            ["(財)管財課", "(総)総務課", "(総)契約課"]
        );
        // The same department written twice is one owner.
        assert_eq!(
            resolved("(総)総務課、総務部・総務課", &sections),
            ["(総)総務課"]
        );
        assert_eq!(resolved("企画課", &sections), ["企画課"]);
    }

    #[test]
    fn owners_on_lines_and_marked_main_or_co() {
        let sections = Sections::configured(&crate::config::Settings::default());
        // One owner per line; a bureau alone on its line and the section below are one.
        assert_eq!(
            resolved("市民生活部 市民課\n総務部 情報政策課", &sections),
            ["(民)市民課", "(総)情報政策課"]
        );
        assert_eq!(
            resolved("市民生活部\n窓口サービス課", &sections),
            ["(民)窓口サービス課"]
        );
        assert_eq!(
            resolved("未知部\n調整課", &sections),
            ["未知部\u{3000}調整課"]
        );
        // The first is the main owner unless another is marked (主).
        assert_eq!(
            resolved("(副)総務部 総務課\n(主)財政部 財政課", &sections),
            ["(財)財政課", "(総)総務課"]
        );
        assert_eq!(
            resolved("(総)総務課（副）、(財)財政課（主）", &sections),
            ["(財)財政課", "(総)総務課"]
        );
        assert_eq!(
            resolved("(民)市民課／(総)情報政策課", &sections),
            ["(民)市民課", "(総)情報政策課"]
        );
    }

    #[test]
    fn sections_written_one_after_another_are_each_an_owner() {
        let sections = Sections::configured(&crate::config::Settings::default());
        assert_eq!(
            resolved("住民課福祉課税務課", &sections),
            ["住民課", "福祉課", "税務課"]
        );
        assert_eq!(
            resolved("市民生活部 市民課総務部 情報政策課", &sections),
            ["(民)市民課", "(総)情報政策課"]
        );
        assert_eq!(
            resolved("主:財政課副:企画課", &sections),
            ["財政課", "企画課"]
        );
        assert_eq!(
            resolved("副：企画課主：財政課", &sections),
            ["財政課", "企画課"]
        );
        assert_eq!(
            resolved("◎市民課○情報政策課", &sections),
            ["市民課", "情報政策課"]
        );
        // A 課 inside a name, or a unit under its section, is no cut.
        for one in [
            "個人課税課",
            "課税課",
            "秘書広報課広報係",
            "情報政策課DX推進室",
        ] {
            assert_eq!(resolved(one, &sections).len(), 1, "{one}");
        }
        assert_eq!(resolved("市民課課税課", &sections), ["市民課", "課税課"]);
        assert_eq!(
            resolved("個人課税課市民課", &sections),
            ["個人課税課", "市民課"]
        );
        assert_eq!(
            resolved("財務部 財政課企画部 企画政策課", &sections),
            ["財務部\u{3000}財政課", "企画部\u{3000}企画政策課"]
        );
    }

    #[test]
    fn sections_joined_by_a_dot_and_roles_in_words() {
        let sections = Sections::configured(&crate::config::Settings::default());
        assert_eq!(
            resolved("市民生活部 市民課・窓口サービス課", &sections),
            ["(民)市民課", "(民)窓口サービス課"]
        );
        assert_eq!(
            resolved("総務部 総務課・財政部 財政課", &sections),
            ["(総)総務課", "(財)財政課"]
        );
        // A bureau before the dot, or a dot inside a section's name, is one owner.
        assert_eq!(
            resolved("総務部・情報政策課", &sections),
            ["(総)情報政策課"]
        );
        let parsed = parse_departments("まち・ひと推進課", &[]);
        assert_eq!(parsed.refs.len(), 1, "{parsed:?}");
        // A role in words: the related section is a co-owner, its name without the word.
        assert_eq!(
            resolved("総務部 総務課（関係課）、財政部 財政課", &sections),
            ["(総)総務課", "(財)財政課"]
        );
        // Roles written before the names with a colon, on lines or on one line.
        for cell in [
            "主：財政課\n副：企画課",
            "副：企画課\n主：財政課",
            "主:財政課 副:企画課",
        ] {
            let parsed = parse_departments(cell, &[]);
            let names: Vec<String> = parsed.refs.iter().map(|r| r.section.to_string()).collect();
            assert_eq!(names, ["財政課", "企画課"], "{cell}");
        }
        // A unit of a section on the line below it is part of that owner.
        let parsed = parse_departments("秘書広報課\n広報係", &[]);
        assert_eq!(parsed.refs.len(), 1, "{parsed:?}");
        assert_eq!(
            parse_departments("秘書広報課 広報係", &[]).refs,
            parsed.refs
        );
        // Two bureaus' sections on one line, apart by spaces.
        assert_eq!(
            resolved("総務部 総務課 財政部 財政課", &sections),
            ["(総)総務課", "(財)財政課"]
        );
        // A note of the sections that help: the one named alone, the note on its line too.
        assert_eq!(
            resolved("総務部 総務課（関係課：各課）", &sections),
            ["(総)総務課"]
        );
        assert_eq!(
            resolved("総務部 総務課\n（関係課：企画課、財政課）", &sections),
            ["(総)総務課"]
        );
        assert_eq!(
            resolved("総務部 総務課、（関係課：各課）", &sections),
            ["(総)総務課"]
        );
        assert_eq!(
            resolved("総務部 総務課（協力）\n財政部 財政課（主管）", &sections),
            ["(財)財政課", "(総)総務課"]
        );
        // Owners with their roles, their lines joined by a space: an owner each.
        assert_eq!(
            resolved("人事課（副） 情報システム課（主）", &sections),
            ["情報システム課", "人事課"]
        );
        assert_eq!(
            resolved("（主）企画課　（副）財政課", &sections),
            ["企画課", "財政課"]
        );
        assert_eq!(split_at_roles("企画課(主)"), ["企画課(主)"]);
    }
}
