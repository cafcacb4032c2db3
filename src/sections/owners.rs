//! Ownership: the owners a plan names resolved to their departments (with the findings
//! for names no bureau could be told from, and former names a reorganisation divided), the
//! plan's list of sections, and whether a section a report names owns an item.

use std::collections::{BTreeMap, BTreeSet};

use super::directory::Resolution;
use super::names::{Department, DepartmentId, DepartmentRef, SectionName};
use super::{Sections, resolve_departments};
use crate::diagnostics::{Finding, FindingCode, line_location};

/// One item's owners as the plan wrote them, and where the item is.
pub struct OwnerList<'a> {
    /// The item's ID as shown (`7-1`).
    pub item: String,
    pub file: &'a str,
    pub line: usize,
    /// Replaced by the owners resolved.
    pub departments: &'a mut Vec<DepartmentRef>,
}

impl Sections {
    /// Resolves every item's owners (as the plan wrote them) to their departments. A name
    /// no bureau could be told from is the department of that name elsewhere in the plan
    /// when exactly one bureau has it (「情報政策課」 and 「総務部・情報政策課」); otherwise
    /// it is reported, as is a former name the directory splits, once each, at the first
    /// item naming them.
    pub fn resolve_owners(&self, lists: Vec<OwnerList>, findings: &mut Vec<Finding>) {
        let written: Vec<String> = lists
            .iter()
            .flat_map(|l| l.departments.iter().map(DepartmentRef::written))
            .collect();
        let resolver = self.resolver().learning_bureaus(&written);
        let resolved: Vec<Vec<(DepartmentRef, Resolution)>> = lists
            .iter()
            .map(|l| resolve_departments(l.departments, &resolver))
            .collect();
        let qualified = qualified_by_section(resolved.iter().flatten().map(|(d, _)| d));
        let mut reported: BTreeSet<DepartmentId> = BTreeSet::new();
        for (list, owners) in lists.into_iter().zip(resolved) {
            let mut departments = Vec::new();
            for (d, how) in owners {
                let d = adopt_qualified(d, &qualified);
                if departments.contains(&d) {
                    continue;
                }
                if (d.bureau_key() == ("", "") || !how.successors().is_empty())
                    && !reported.contains(&d.id())
                    && let Some(f) = resolution_finding(&list, &d, &how)
                {
                    reported.insert(d.id());
                    findings.push(f);
                }
                departments.push(d);
            }
            *list.departments = departments;
        }
    }

    /// The plan's sections in the order its items first name them, each once: `owners`
    /// gives each resolved owner with the file and line of the item naming it. A bureau
    /// mark the configuration does not name is reported.
    pub fn departments<'a>(
        &self,
        owners: impl Iterator<Item = (&'a str, usize, &'a DepartmentRef)>,
        findings: &mut Vec<Finding>,
    ) -> Vec<Department> {
        let mut out: Vec<Department> = Vec::new();
        let mut seen: BTreeSet<DepartmentId> = BTreeSet::new();
        for (file, line, d) in owners {
            let id = d.id();
            if seen.contains(&id) {
                continue;
            }
            let bureau_name = if d.bureau.is_empty() {
                self.bureaus
                    .get(&d.bureau_mark)
                    .cloned()
                    .unwrap_or_default()
            } else {
                d.bureau.clone()
            };
            if bureau_name.is_empty() && !d.bureau_mark.is_empty() {
                findings.push(
                    Finding::new(
                        file,
                        line_location(line),
                        FindingCode::PlanUnknownBureau,
                        format!(
                            "部局記号「{}」は設定にありません。部署「{}」はそのまま取り込みました。設定ファイルの [bureaus] に部局名を追加してください",
                            d.bureau_mark, id
                        ),
                    )
                    .with_value(d.bureau_mark.clone()),
                );
            }
            seen.insert(id.clone());
            out.push(Department {
                id,
                bureau_mark: d.bureau_mark.clone(),
                bureau_name,
                section_name: d.section.clone(),
            });
        }
        out
    }

    /// Whether the section a report names (`reported`, resolved as `how`) is the owner
    /// `owner` (whose section's name is `owner_section`): the same department; the same
    /// section name when the report gives no bureau; or either one a former name the
    /// directory divides into sections, the other among them.
    pub fn owns(
        &self,
        owner: &DepartmentId,
        owner_section: &str,
        reported: &DepartmentRef,
        how: &Resolution,
        resolver: &super::Resolver,
    ) -> bool {
        if *owner == reported.id()
            || (reported.bureau_key() == ("", "") && owner_section == reported.section)
        {
            return true;
        }
        let is_owner = |s: &SectionName| DepartmentRef::from_name(s).id() == *owner;
        how.successors().iter().any(is_owner)
            || resolver
                .resolve(owner.as_str())
                .successors()
                .iter()
                .any(|s| DepartmentRef::from_name(s).id() == reported.id())
    }
}

/// Section name -> the departments with a known bureau that have it.
fn qualified_by_section<'a>(
    refs: impl Iterator<Item = &'a DepartmentRef>,
) -> BTreeMap<String, BTreeSet<DepartmentRef>> {
    let mut out: BTreeMap<String, BTreeSet<DepartmentRef>> = BTreeMap::new();
    for d in refs.filter(|d| d.bureau_key() != ("", "")) {
        out.entry(d.section.clone()).or_default().insert(d.clone());
    }
    out
}

/// A bare section name as the one department with a bureau that has it, if exactly one.
fn adopt_qualified(
    d: DepartmentRef,
    qualified: &BTreeMap<String, BTreeSet<DepartmentRef>>,
) -> DepartmentRef {
    if d.bureau_key() != ("", "") {
        return d;
    }
    match qualified.get(&d.section) {
        Some(set) if set.len() == 1 => set.iter().next().cloned().unwrap_or(d),
        _ => d,
    }
}

/// The finding for an owner kept whole or divided by a reorganisation; `None` otherwise.
fn resolution_finding(list: &OwnerList, d: &DepartmentRef, how: &Resolution) -> Option<Finding> {
    let location = line_location(list.line);
    let (code, message) = match how {
        Resolution::Whole(_) => (
            FindingCode::PlanDepartmentWithoutBureau,
            format!(
                "実践項目 {} の担当部署「{}」には部局記号（例: (民)）も、設定・部署マスタにある部局名もありません。名前のまま一つの部署として取り込みました（同じ名前はここで 1 回だけ示します）。部局を分けるには部署マスタ（input/departments.csv）か設定ファイルの [bureaus] に部局を追加してください",
                list.item, d.section
            ),
        ),
        Resolution::Divided {
            successors, since, ..
        } => {
            let names: Vec<String> = successors
                .iter()
                .map(|s| format!("「{}」", s.label()))
                .collect();
            let when = since
                .map(|p| format!("{}から", p.japanese()))
                .unwrap_or_default();
            (
                FindingCode::PlanDepartmentSplit,
                format!(
                    "実践項目 {} の担当部署「{}」は、部署マスタでは{when}{}に分かれています。計画の記載どおり「{}」の部署として扱い、分かれた課からの報告も受け付けます。計画の担当部署を新しい課に書き直してください",
                    list.item,
                    d.id(),
                    names.join(""),
                    d.id()
                ),
            )
        }
        Resolution::Listed(_) | Resolution::Parsed(_) => return None,
    };
    Some(Finding::new(list.file, location, code, message).with_value(d.id().to_string()))
}
