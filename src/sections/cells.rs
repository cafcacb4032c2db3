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
/// part before it). Parts are separated by `、`, `，`, `,` or `／`.
pub fn parse_departments(cell: &str, all_words: &[String]) -> ParsedDepartments {
    static MARK: LazyLock<Regex> =
        LazyLock::new(|| crate::text::regex(r"^[(\[【<]\s*([^)\]】>]{1,6}?)\s*[)\]】>]\s*(.+)$"));
    let mut out = ParsedDepartments::default();
    let folded = fold(cell);
    for part in folded.split(['、', ',', '/', '､']) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let compact = fold_compact(part);
        if all_words.iter().any(|w| fold_compact(w) == compact) {
            out.all_departments = true;
            continue;
        }
        let (mark, section) = match MARK.captures(part) {
            Some(c) => (c[1].trim().to_string(), c[2].trim().to_string()),
            None => (String::new(), part.to_string()),
        };
        let section: String = section.chars().filter(|c| !c.is_whitespace()).collect();
        if section.is_empty() {
            continue;
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
    out
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
}
