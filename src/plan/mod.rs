//! Plan text or a plan spreadsheet -> plan records: initiatives (取組), practice items
//! (実践項目), responsible sections (担当部署) and the five-year schedule (工程表).
//!
//! [`read_plan_file`] takes one file (text through [`parse`], a spreadsheet or CSV through
//! [`table`]) and returns what it could read plus findings; it
//! holds no state, so files can be read in parallel. [`Plan::assemble`] puts the files of
//! one plan together and derives the section list.

mod department;
pub mod directory;
mod document;
pub mod edition;
mod ids;
mod numbering;
mod parse;
mod schedule;
mod table;

use std::collections::BTreeMap;
use std::path::Path;

pub use department::{
    DepartmentRef, parse_departments, resolve_cell, resolve_cell_with, resolve_departments,
};
pub use ids::{DepartmentId, InitiativeId, ItemId, NotAnItemId};
pub use numbering::{parse_item_id as parse_item_number, parse_number};
pub use parse::parse_plan_text;
pub use schedule::{ScheduleCell, ScheduleKind, schedule_kinds};

use crate::config::Settings;
use crate::decode::decode;
use crate::diagnostics::{Finding, FindingCode};

/// A theme of the plan's theme catalogue (I. テーマ).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    pub no: u32,
    pub name: String,
}

/// An initiative (取組) with its practice items.
#[derive(Debug, Clone, PartialEq)]
pub struct Initiative {
    pub no: InitiativeId,
    pub title: String,
    /// 現状と課題
    pub issues: String,
    /// 取組内容
    pub content: String,
    /// 目標・効果
    pub goals: String,
    pub items: Vec<PracticeItem>,
    pub source_file: String,
    /// The line of the `No.` line.
    pub source_line: usize,
}

/// A practice item (実践項目).
#[derive(Debug, Clone, PartialEq)]
pub struct PracticeItem {
    /// `7-1`: initiative No. and position in it.
    pub id: ItemId,
    pub initiative_no: InitiativeId,
    pub seq: u32,
    pub name: String,
    pub content: String,
    /// Owners in the order the plan names them; the first is the primary one.
    pub departments: Vec<DepartmentRef>,
    /// "各担当部署": every section concerned shares the item.
    pub all_departments: bool,
    pub schedule: Vec<ScheduleCell>,
    /// 効果額 targets: fiscal year -> yen; empty when the plan gives none.
    pub effect_targets: std::collections::BTreeMap<i32, i64>,
    /// 目標指標 as written; empty when the plan gives none.
    pub target_indicator: String,
    pub source_file: String,
    /// The line of the 実践項目名 row (the row, in a plan kept as a spreadsheet).
    pub source_line: usize,
}

impl PracticeItem {
    /// Whether `department` is the item's primary section: the first one the plan names.
    pub fn is_primary(&self, department: &DepartmentId) -> bool {
        self.departments
            .first()
            .is_some_and(|d| names_department(d, department))
    }

    /// The schedule cell of a fiscal year, if the plan covers it.
    pub fn schedule_for(&self, fiscal_year: i32) -> Option<&ScheduleCell> {
        self.schedule.iter().find(|c| c.fiscal_year == fiscal_year)
    }
}

/// What one plan file yielded.
#[derive(Debug, Clone, Default)]
pub struct ParsedPlan {
    /// The file name as the clerk knows it.
    pub file: String,
    /// The encoding the file was decoded from; empty for text parsed directly.
    pub encoding: String,
    pub themes: Vec<Theme>,
    pub initiatives: Vec<Initiative>,
}

/// A responsible section, identified by bureau mark + section name.
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

/// The bytes of a file no larger than `max` (checked before reading).
fn read_bounded(path: &Path, max: u64) -> Result<Vec<u8>, String> {
    let size = std::fs::metadata(path)
        .map_err(|e| format!("ファイルを開けません: {e}"))?
        .len();
    if size > max {
        return Err(format!(
            "ファイルが大きすぎます（{size} バイト、上限 {max} バイト）。計画のテキストか確認してください。設定ファイルの [limits] max_file_mb で上限を変えられます"
        ));
    }
    std::fs::read(path).map_err(|e| format!("ファイルを開けません: {e}"))
}

/// How a section's share of an item is shown: `主担当` (primary) or `共同` (co-owner).
pub fn role_label(primary: bool) -> &'static str {
    if primary { "主担当" } else { "共同" }
}

/// A whole plan, possibly read from several files.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub files: Vec<String>,
    pub themes: Vec<Theme>,
    pub initiatives: Vec<Initiative>,
    /// In order of first appearance in the plan.
    pub departments: Vec<Department>,
}

/// Reads, decodes and parses one plan file: a spreadsheet or CSV (xlsx, xlsm, xlsb, xls,
/// ods, csv) as a plan table, any other file as plan text. A file that cannot be read or
/// holds no initiative yields `None` and an error finding; the run goes on with other
/// files.
pub fn read_plan_file(
    path: &Path,
    display_name: &str,
    settings: &Settings,
) -> (Option<ParsedPlan>, Vec<Finding>) {
    if crate::document::is_document(path) {
        return document::read_plan_document(path, display_name, settings);
    }
    if crate::sheet::is_supported(path) {
        return table::read_plan_sheet(path, display_name, settings);
    }
    let bytes = match read_bounded(path, settings.limits.max_file_bytes) {
        Ok(b) => b,
        Err(message) => {
            let f = Finding::new(display_name, "", FindingCode::PlanUnreadable, message);
            return (None, vec![f]);
        }
    };
    let decoded = match decode(&bytes) {
        Ok(d) => d,
        Err(e) => {
            let location = e
                .offset()
                .map(|o| format!("バイト {o}"))
                .unwrap_or_default();
            let f = Finding::new(
                display_name,
                location,
                FindingCode::PlanDecode,
                e.to_string(),
            );
            return (None, vec![f]);
        }
    };
    let (mut parsed, findings) = parse_plan_text(display_name, &decoded.text, settings);
    parsed.encoding = decoded.encoding_label();
    if parsed.initiatives.is_empty() {
        return (None, findings);
    }
    (Some(parsed), findings)
}

impl Plan {
    /// Joins the files of one plan (in the order given) and derives the section list.
    /// An initiative No. given twice keeps its first occurrence; the later one is
    /// reported and not used.
    pub fn assemble(
        parts: Vec<ParsedPlan>,
        settings: &Settings,
        findings: &mut Vec<Finding>,
    ) -> Plan {
        let mut plan = Plan::default();
        let mut seen: BTreeMap<InitiativeId, (String, usize)> = BTreeMap::new();
        let mut themes: BTreeMap<u32, String> = BTreeMap::new();
        for part in parts {
            plan.files.push(part.file.clone());
            for t in part.themes {
                themes.entry(t.no).or_insert(t.name);
            }
            for ini in part.initiatives {
                if let Some((file, line)) = seen.get(&ini.no) {
                    findings.push(
                        Finding::new(
&ini.source_file,
                            crate::diagnostics::line_location(ini.source_line),
                            FindingCode::PlanDuplicateInitiative,
                            format!(
                                "取組 No.{} が重複しています（最初の記載: {} {}）。この取組（実践項目 {} 件）は取り込んでいません。番号を確認してください",
                                ini.no,
                                file,
                                crate::diagnostics::line_location(*line),
                                ini.items.len()
                            ),
                        )
                        .with_value(format!("No.{}", ini.no)),
                    );
                    continue;
                }
                seen.insert(ini.no, (ini.source_file.clone(), ini.source_line));
                plan.initiatives.push(ini);
            }
        }
        plan.initiatives.sort_by_key(|i| i.no);
        plan.themes = themes
            .into_iter()
            .map(|(no, name)| Theme { no, name })
            .collect();
        resolve_owners(&mut plan.initiatives, settings, findings);
        plan.departments = derive_departments(&plan.initiatives, settings, findings);
        plan
    }

    /// Renames departments: `rename` gives the new name of a department, or `None` to
    /// keep it (used to name the sections as of the run's period, see
    /// [`crate::directory::Directory::renamed_as_of`]).
    pub fn rename_departments(&mut self, rename: impl Fn(&DepartmentRef) -> Option<DepartmentRef>) {
        for ini in &mut self.initiatives {
            for item in &mut ini.items {
                for d in &mut item.departments {
                    if let Some(new) = rename(d) {
                        *d = new;
                    }
                }
            }
        }
        for d in &mut self.departments {
            let current = DepartmentRef {
                bureau_mark: d.bureau_mark.clone(),
                bureau: d.bureau_name.clone(),
                section: d.section_name.clone(),
            };
            if let Some(new) = rename(&current) {
                d.id = new.id();
                d.bureau_mark = new.bureau_mark;
                d.bureau_name = new.bureau;
                d.section_name = new.section;
            }
        }
    }

    /// Every practice item with its initiative, in plan order.
    pub fn items(&self) -> impl Iterator<Item = (&Initiative, &PracticeItem)> {
        self.initiatives
            .iter()
            .flat_map(|i| i.items.iter().map(move |it| (i, it)))
    }

    /// How many practice items the plan has.
    pub fn item_count(&self) -> usize {
        self.initiatives.iter().map(|i| i.items.len()).sum()
    }

    /// Fiscal years the plan's schedules cover, ascending.
    pub fn fiscal_years(&self) -> Vec<i32> {
        // A handful of distinct years among many cells: kept as found, sorted at the end.
        let mut years: Vec<i32> = Vec::new();
        for (_, it) in self.items() {
            for c in &it.schedule {
                if !years.contains(&c.fiscal_year) {
                    years.push(c.fiscal_year);
                }
            }
        }
        years.sort_unstable();
        years
    }

    /// Items a section owns (primary or co-owner), in plan order.
    pub fn items_of<'a>(
        &'a self,
        department_id: &'a DepartmentId,
    ) -> impl Iterator<Item = (&'a Initiative, &'a PracticeItem)> {
        self.items().filter(move |(_, it)| {
            it.departments
                .iter()
                .any(|d| names_department(d, department_id))
        })
    }
}

/// Resolves every item's owners (as the plan wrote them) to their departments. A name
/// no bureau could be told from is the department of that name elsewhere in the plan
/// when exactly one bureau has it (「情報政策課」 and 「総務部・情報政策課」); otherwise it is
/// reported, as is a former name the directory splits, once each, at the first item
/// naming them.
fn resolve_owners(
    initiatives: &mut [Initiative],
    settings: &Settings,
    findings: &mut Vec<Finding>,
) {
    let resolver = crate::directory::Resolver::new(&settings.bureaus, &settings.directory);
    let items: Vec<&mut PracticeItem> = initiatives
        .iter_mut()
        .flat_map(|i| i.items.iter_mut())
        .collect();
    let resolved: Vec<Vec<(DepartmentRef, crate::directory::Resolution)>> = items
        .iter()
        .map(|item| resolve_departments(&item.departments, &resolver))
        .collect();
    let qualified = qualified_by_section(resolved.iter().flatten().map(|(d, _)| d));
    let mut reported: std::collections::BTreeSet<DepartmentId> = std::collections::BTreeSet::new();
    for (item, owners) in items.into_iter().zip(resolved) {
        let mut departments = Vec::new();
        for (d, how) in owners {
            let d = adopt_qualified(d, &qualified);
            if departments.contains(&d) {
                continue;
            }
            if (d.bureau_key() == ("", "") || !how.successors().is_empty())
                && !reported.contains(&d.id())
                && let Some(f) = resolution_finding(item, &d, &how)
            {
                reported.insert(d.id());
                findings.push(f);
            }
            departments.push(d);
        }
        item.departments = departments;
    }
}

/// Section name -> the departments with a known bureau that have it.
fn qualified_by_section<'a>(
    refs: impl Iterator<Item = &'a DepartmentRef>,
) -> BTreeMap<String, std::collections::BTreeSet<DepartmentRef>> {
    let mut out: BTreeMap<String, std::collections::BTreeSet<DepartmentRef>> = BTreeMap::new();
    for d in refs.filter(|d| d.bureau_key() != ("", "")) {
        out.entry(d.section.clone()).or_default().insert(d.clone());
    }
    out
}

/// A bare section name as the one department with a bureau that has it, if exactly one.
fn adopt_qualified(
    d: DepartmentRef,
    qualified: &BTreeMap<String, std::collections::BTreeSet<DepartmentRef>>,
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
fn resolution_finding(
    item: &PracticeItem,
    d: &DepartmentRef,
    how: &crate::directory::Resolution,
) -> Option<Finding> {
    use crate::directory::Resolution;
    let location = crate::diagnostics::line_location(item.source_line);
    let (code, message) = match how {
        Resolution::Whole(_) => (
            FindingCode::PlanDepartmentWithoutBureau,
            format!(
                "実践項目 {} の担当部署「{}」には部局記号（例: (民)）も、設定・部署マスタにある部局名もありません。名前のまま一つの部署として取り込みました（同じ名前はここで 1 回だけ示します）。部局を分けるには部署マスタ（input/departments.csv）か設定ファイルの [bureaus] に部局を追加してください",
                item.id, d.section
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
                    item.id,
                    d.id(),
                    names.join(""),
                    d.id()
                ),
            )
        }
        Resolution::Listed(_) | Resolution::Parsed(_) => return None,
    };
    Some(Finding::new(&item.source_file, location, code, message).with_value(d.id().to_string()))
}

/// Whether `d` is the section `id`, as `d.id() == *id` but without building the ID: the
/// reports ask it for every item of every section.
fn names_department(d: &DepartmentRef, id: &DepartmentId) -> bool {
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

fn derive_departments(
    initiatives: &[Initiative],
    settings: &Settings,
    findings: &mut Vec<Finding>,
) -> Vec<Department> {
    let mut out: Vec<Department> = Vec::new();
    let mut index: BTreeMap<DepartmentId, usize> = BTreeMap::new();
    for ini in initiatives {
        for item in &ini.items {
            for d in &item.departments {
                let id = d.id();
                if index.contains_key(&id) {
                    continue;
                }
                let bureau_name = if d.bureau.is_empty() {
                    settings
                        .bureaus
                        .get(&d.bureau_mark)
                        .cloned()
                        .unwrap_or_default()
                } else {
                    d.bureau.clone()
                };
                if bureau_name.is_empty() && !d.bureau_mark.is_empty() {
                    findings.push(
                        Finding::new(
&item.source_file,
                            crate::diagnostics::line_location(item.source_line),
                            FindingCode::PlanUnknownBureau,
                            format!(
                                "部局記号「{}」は設定にありません。部署「{}」はそのまま取り込みました。設定ファイルの [bureaus] に部局名を追加してください",
                                d.bureau_mark, id
                            ),
                        )
                        .with_value(d.bureau_mark.clone()),
                    );
                }
                index.insert(id.clone(), out.len());
                out.push(Department {
                    id,
                    bureau_mark: d.bureau_mark.clone(),
                    bureau_name,
                    section_name: d.section.clone(),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
