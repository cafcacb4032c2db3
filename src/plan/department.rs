//! The 担当部署 cell: `(民)窓口サービス課`, `(財)管財課、各担当部署`.

use std::sync::LazyLock;

use regex::Regex;

use super::DepartmentId;
use crate::text::{fold, fold_compact};

/// One owner named in a 担当部署 cell.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DepartmentRef {
    /// The bureau mark, e.g. `民`; empty when the plan gives none.
    pub bureau_mark: String,
    pub section: String,
}

impl DepartmentRef {
    /// `(民)窓口サービス課`: bureau mark and section together identify a section.
    pub fn id(&self) -> DepartmentId {
        DepartmentId::new(&self.bureau_mark, &self.section)
    }
}

/// The owners of an item and whether "every section concerned" is named too.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedDepartments {
    pub refs: Vec<DepartmentRef>,
    pub all_departments: bool,
    /// Parts that name a section without a bureau mark and had none to inherit.
    pub unmarked: Vec<String>,
}

/// Parses a 担当部署 cell. Parts are separated by `、`, `，`, `,` or `／`; a part without a
/// bureau mark takes the mark of the part before it (`(財)管財課、契約課`).
pub fn parse_departments(cell: &str, all_words: &[String]) -> ParsedDepartments {
    static MARK: LazyLock<Regex> =
        LazyLock::new(|| crate::text::regex(r"^[(\[【<]\s*([^)\]】>]{1,6}?)\s*[)\]】>]\s*(.+)$"));
    let mut out = ParsedDepartments::default();
    let folded = fold(cell);
    let mut last_mark: Option<String> = None;
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
            None => match &last_mark {
                Some(m) => (m.clone(), part.to_string()),
                None => {
                    out.unmarked.push(part.to_string());
                    (String::new(), part.to_string())
                }
            },
        };
        let section: String = section.chars().filter(|c| !c.is_whitespace()).collect();
        if section.is_empty() {
            continue;
        }
        last_mark = Some(mark.clone());
        let r = DepartmentRef {
            bureau_mark: mark,
            section,
        };
        if !out.refs.contains(&r) {
            out.refs.push(r);
        }
    }
    out
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
                section: "窓口サービス課".into()
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
        assert_eq!(ids, vec!["(財)管財課", "(財)契約課", "(教)総務企画課"]);
        let p = parse_departments("企画課", &all());
        assert_eq!(p.unmarked, vec!["企画課"]);
    }
}
