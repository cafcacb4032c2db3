//! A section's identity: its name as resolved ([`SectionName`]), its ID
//! ([`DepartmentId`]), an owner as a plan or report names it ([`DepartmentRef`]) and a
//! section of a plan's list ([`Department`]).

use std::fmt;

/// A section's name: the bureau's mark and name (either may be empty) and the section.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SectionName {
    pub mark: String,
    pub bureau: String,
    pub section: String,
}

impl SectionName {
    /// Whether neither the bureau's mark nor its name is known.
    pub fn is_bare(&self) -> bool {
        self.mark.is_empty() && self.bureau.is_empty()
    }

    /// The name as one text: `(総)総務課`, `市民生活部　市民環境課` or `企画課`.
    pub fn label(&self) -> String {
        if !self.mark.is_empty() {
            format!("({}){}", self.mark, self.section)
        } else if !self.bureau.is_empty() {
            format!("{}　{}", self.bureau, self.section)
        } else {
            self.section.clone()
        }
    }
}

/// A responsible section, identified by its resolved name (whatever form the plan or a
/// report wrote it in): `(民)窓口サービス課`; `市民生活部　市民環境課` when the bureau has a
/// name but no mark; the name alone when no bureau is known.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DepartmentId(String);

impl DepartmentId {
    /// The ID of a section: `(mark)name`, or `name` without a mark.
    pub fn new(bureau_mark: &str, section: &str) -> DepartmentId {
        DepartmentId::of(bureau_mark, "", section)
    }

    /// The ID of a section of a bureau known by its mark, its name, or neither.
    pub fn of(bureau_mark: &str, bureau: &str, section: &str) -> DepartmentId {
        let name = SectionName {
            mark: bureau_mark.to_string(),
            bureau: bureau.to_string(),
            section: section.to_string(),
        };
        DepartmentId(name.label())
    }

    /// The ID as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DepartmentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One owner named in a 担当部署 cell.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DepartmentRef {
    /// The bureau mark, e.g. `民`; empty when neither the plan nor the configuration gives
    /// one.
    pub bureau_mark: String,
    /// The bureau's name once resolved (configured for the mark, or from the directory);
    /// empty when unknown.
    pub bureau: String,
    pub section: String,
}

impl DepartmentRef {
    /// `(民)窓口サービス課`: the resolved name identifies a section (see [`DepartmentId`]).
    pub fn id(&self) -> DepartmentId {
        DepartmentId::of(&self.bureau_mark, &self.bureau, &self.section)
    }

    /// The department a resolved name stands for.
    pub fn from_name(name: &SectionName) -> DepartmentRef {
        DepartmentRef {
            bureau_mark: name.mark.clone(),
            bureau: name.bureau.clone(),
            section: name.section.clone(),
        }
    }

    /// The name as the resolver knows it.
    pub fn name(&self) -> SectionName {
        SectionName {
            mark: self.bureau_mark.clone(),
            bureau: self.bureau.clone(),
            section: self.section.clone(),
        }
    }

    /// What tells the section's bureau apart: its mark and its name.
    pub fn bureau_key(&self) -> (&str, &str) {
        (&self.bureau_mark, &self.bureau)
    }

    /// The owner as written, for the resolver: `(民)窓口サービス課` or the text alone.
    pub(super) fn written(&self) -> String {
        if self.bureau_mark.is_empty() {
            self.section.clone()
        } else {
            format!("({}){}", self.bureau_mark, self.section)
        }
    }
}

/// A responsible section of a plan, identified by bureau mark + section name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Department {
    pub id: DepartmentId,
    pub bureau_mark: String,
    /// Empty when the mark is not in the configuration (reported).
    pub bureau_name: String,
    pub section_name: String,
}

impl Department {
    /// What tells the section's bureau apart: its mark and its name (as
    /// [`DepartmentRef::bureau_key`]).
    pub fn bureau_key(&self) -> (&str, &str) {
        (&self.bureau_mark, &self.bureau_name)
    }

    /// The bureau's name, or its mark when the configuration does not name it.
    pub fn bureau_label(&self) -> &str {
        if self.bureau_name.is_empty() {
            &self.bureau_mark
        } else {
            &self.bureau_name
        }
    }
}

/// Whether `d` is the section `id`, as `d.id() == *id` but without building the ID: the
/// reports ask it for every item of every section.
pub fn names_department(d: &DepartmentRef, id: &DepartmentId) -> bool {
    let id = id.as_str();
    if !d.bureau_mark.is_empty() {
        return id
            .strip_prefix('(')
            .and_then(|rest| rest.strip_prefix(d.bureau_mark.as_str()))
            .and_then(|rest| rest.strip_prefix(')'))
            .is_some_and(|rest| rest == d.section);
    }
    if !d.bureau.is_empty() {
        return id
            .strip_prefix(d.bureau.as_str())
            .and_then(|rest| rest.strip_prefix('\u{3000}'))
            .is_some_and(|rest| rest == d.section);
    }
    id == d.section
}

#[cfg(test)]
impl PartialEq<&str> for DepartmentId {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn department_ids_with_and_without_mark() {
        assert_eq!(
            DepartmentId::new("民", "窓口サービス課").as_str(),
            "(民)窓口サービス課"
        );
        assert_eq!(DepartmentId::new("", "企画課").to_string(), "企画課");
        assert_ne!(
            DepartmentId::new("消", "総務課"),
            DepartmentId::new("総", "総務課")
        );
    }

    #[test]
    fn names_department_agrees_with_the_built_id() {
        let refs = [
            ("民", "", "窓口サービス課"),
            ("", "", "窓口サービス課"),
            ("財", "財政部", "管財課"),
            ("民", "", ""),
            ("", "市民生活部", "市民課"),
            ("", "市民生活部", ""),
        ];
        let ids = [
            "(民)窓口サービス課",
            "窓口サービス課",
            "(財)管財課",
            "(民)",
            "(民)窓口サービス課 ",
            "(財窓口サービス課",
            "市民生活部\u{3000}市民課",
            "市民生活部 市民課",
            "市民生活部\u{3000}",
            "",
        ];
        for (mark, bureau, section) in refs {
            let d = DepartmentRef {
                bureau_mark: mark.to_string(),
                bureau: bureau.to_string(),
                section: section.to_string(),
            };
            for id in ids {
                let id = DepartmentId::new("", id);
                assert_eq!(names_department(&d, &id), d.id() == id, "{d:?} {id}");
            }
        }
    }
}
