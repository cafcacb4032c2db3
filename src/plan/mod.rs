//! Plan text or a plan spreadsheet -> plan records: initiatives (取組), practice items
//! (実践項目), responsible sections (担当部署) and the five-year schedule (工程表).
//!
//! [`read_plan_file`] takes one file (text through [`parse`], a spreadsheet or CSV through
//! [`table`]) and returns what it could read plus findings; it
//! holds no state, so files can be read in parallel. [`Plan::assemble`] puts the files of
//! one plan together and derives the section list.

mod document;
pub mod edition;
mod ids;
mod item_sheet;
mod numbering;
mod parse;
mod schedule;
mod table;

use std::collections::BTreeMap;
use std::path::Path;

pub use ids::{InitiativeId, ItemId, NotAnItemId};
pub use numbering::{parse_item_id as parse_item_number, parse_number};
pub use parse::parse_plan_text;
pub use schedule::{ScheduleCell, ScheduleKind, outlying_years, schedule_kinds};

use crate::config::Settings;
// A plan's records name sections; their identity is `sections`'.
use crate::decode::decode;
use crate::diagnostics::{Finding, FindingCode};
pub use crate::sections::{Department, DepartmentId, DepartmentRef, parse_departments};
use crate::sections::{OwnerList, Sections, names_department};

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
    /// The plan's title: its first heading, when it has one above the first initiative.
    pub title: Option<String>,
}

impl ParsedPlan {
    /// A plan file that read to nothing (its findings say why).
    pub fn empty(file: &str) -> Self {
        ParsedPlan {
            file: file.to_string(),
            encoding: String::new(),
            themes: Vec::new(),
            initiatives: Vec::new(),
            title: None,
        }
    }
}

/// The finding's message for a plan file that could not be read.
fn unreadable_message(e: &crate::files::ReadError) -> String {
    match e {
        crate::files::ReadError::TooLarge { size, limit } => format!(
            "ファイルが大きすぎます（{size} バイト、上限 {limit} バイト）。計画のテキストか確認してください。設定ファイルの [limits] max_file_mb で上限を変えられます"
        ),
        e => e.to_string(),
    }
}

/// How a section's share of an item is shown: `主担当` (primary) or `共同` (co-owner).
pub fn role_label(primary: bool) -> &'static str {
    if primary { "主担当" } else { "共同" }
}

/// A whole plan, possibly read from several files.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub files: Vec<String>,
    /// The plan's title (`[plan] title`, else the first file's heading), if any.
    pub title: Option<String>,
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
    let (mut parsed, mut findings) = read_plan_contents(path, display_name, settings);
    if let Some(p) = parsed.as_mut() {
        keep_items_within(p, settings.limits.max_plan_items, &mut findings);
    }
    (parsed, findings)
}

/// Drops the initiatives from the one whose items pass `limit` on, with a finding at it.
fn keep_items_within(part: &mut ParsedPlan, limit: usize, findings: &mut Vec<Finding>) {
    let mut count = 0;
    let Some(cut) = part.initiatives.iter().position(|ini| {
        count += ini.items.len();
        count > limit
    }) else {
        return;
    };
    let dropped = &part.initiatives[cut..];
    let items: usize = dropped.iter().map(|i| i.items.len()).sum();
    let first = &dropped[0];
    findings.push(
        Finding::new(
            &part.file,
            crate::diagnostics::line_location(first.source_line),
            FindingCode::PlanTooManyItems,
            format!(
                "実践項目が上限の {limit} 件を超えるため、取組 No.{} から後の {} 件の取組（実践項目 {items} 件）は取り込んでいません。計画のファイルか確認してください。本当に必要なら設定ファイルの [limits] max_plan_items で上限を変えられます",
                first.no,
                dropped.len()
            ),
        )
        .with_value(format!("No.{}", first.no)),
    );
    part.initiatives.truncate(cut);
}

fn read_plan_contents(
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
    let bytes = match crate::files::read_regular(path, settings.limits.max_file_bytes) {
        Ok(b) => b,
        Err(e) => {
            let message = unreadable_message(&e);
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
    let (mut parsed, mut findings) = parse_plan_text(display_name, &decoded.text, settings);
    if document::item_count(&parsed) == 0
        && let Some((from_table, table_findings)) =
            read_layout_table(display_name, &decoded.text, settings)
    {
        (parsed, findings) = (from_table, table_findings);
    }
    findings.extend(shift_jis_losses(display_name, &decoded.text));
    parsed.encoding = decoded.encoding_label();
    if parsed.initiatives.is_empty() {
        return (None, findings);
    }
    (Some(parsed), findings)
}

/// The warning that a text is `pdftotext -enc Shift-JIS` output (letters and digits all
/// full width), which has lost the characters Shift_JIS cannot write.
fn shift_jis_losses(display_name: &str, text: &str) -> Option<Finding> {
    parse::is_widened(text).then(|| {
        Finding::new(
            display_name,
            "",
            FindingCode::PlanShiftJisExtraction,
            "pdftotext -enc Shift-JIS で取り出したテキストのようです（英数字がすべて全角）。Shift_JIS で書けない「～」「－」「①」「◯」などは落ちているため、工程表の期間（～）、何もしない年度（－）、実施の印（◯）が違って読まれることがあります。PDF・Word をそのまま置くか、-enc を付けずに（UTF-8 で）取り出したテキストを置いてください".to_string(),
        )
    })
}

/// A plan kept as one wide table and extracted with `pdftotext -layout`, read by the plan
/// sheet reader ([`parse::layout_table`]); `None` when the text holds no such table or it
/// yields no item.
fn read_layout_table(
    display_name: &str,
    text: &str,
    settings: &Settings,
) -> Option<(ParsedPlan, Vec<Finding>)> {
    let table = parse::layout_table(text, &settings.plan);
    if table.rows.is_empty() {
        return None;
    }
    let misfits = table.misfits.iter().map(|no| {
        Finding::new(
            display_name,
            format!("{no}行目"),
            FindingCode::PlanLayoutPageMisfit,
            format!("{no}行目の表の行が、見出しの列の位置に合いません（担当課か年度の一つの列に、離れた値が二つあります）。表の見出しより後のページの行で、テキストを取り出したソフト（pdftotext など）がこのページの文字の位置を見出しのページと違って詰めたため、このページの担当課や工程表が隣の列のものとして読まれていることがあります。このページの実践項目を計画と見比べるか、計画の PDF・Word をそのまま置いてください"),
        )
    });
    let misfits: Vec<Finding> = misfits.collect();
    let cells = table
        .rows
        .into_iter()
        .map(|r| {
            r.into_iter()
                .map(|c| {
                    if c.is_empty() {
                        crate::sheet::CellValue::Empty
                    } else {
                        crate::sheet::CellValue::Text(c)
                    }
                })
                .collect()
        })
        .collect();
    let file = crate::sheet::RawFile {
        sheets: vec![document::sheet("表1".to_string(), cells)],
    };
    let (parsed, mut findings) = table::parse_plan_sheets(display_name, &file, settings);
    findings.extend(misfits);
    (document::item_count(&parsed) > 0).then_some((parsed, findings))
}

/// Drops the schedule years of one plan file that lie far from the rest of its years (a
/// typo such as 「1901年度」): one finding per such year, at the first item that has it.
/// Kept, one wrong year would stretch the months a report can be about over a century.
fn drop_outlying_years(part: &mut ParsedPlan, findings: &mut Vec<Finding>) {
    let items = || part.initiatives.iter().flat_map(|i| &i.items);
    let mut years: Vec<i32> = items()
        .flat_map(|it| &it.schedule)
        .map(|c| c.fiscal_year)
        .collect();
    years.sort_unstable();
    years.dedup();
    let outlying = outlying_years(&years);
    if outlying.is_empty() {
        return;
    }
    let kept: Vec<i32> = years
        .iter()
        .copied()
        .filter(|y| !outlying.contains(y))
        .collect();
    let span = match (kept.first(), kept.last()) {
        (Some(lo), Some(hi)) => format!("{lo}〜{hi}年度"),
        _ => String::new(),
    };
    for year in &outlying {
        let Some(item) = items().find(|it| it.schedule.iter().any(|c| c.fiscal_year == *year))
        else {
            continue;
        };
        findings.push(
            Finding::new(
                &item.source_file,
                crate::diagnostics::line_location(item.source_line),
                FindingCode::PlanOutlyingYear,
                format!(
                    "工程表の年度「{year}年度」は、このファイルの他の年度（{span}）から {} 年を超えて離れています。誤記とみなし、この年度の工程は取り込んでいません。計画の年度を確認してください",
                    schedule::OUTLYING_YEARS
                ),
            )
            .with_value(format!("{year}年度")),
        );
    }
    for ini in &mut part.initiatives {
        for item in &mut ini.items {
            item.schedule.retain(|c| !outlying.contains(&c.fiscal_year));
        }
    }
}

impl Plan {
    /// Joins the files of one plan (in the order given) and derives the section list.
    /// An initiative No. given twice keeps its first occurrence; the later one is
    /// reported and not used.
    pub fn assemble(
        parts: Vec<ParsedPlan>,
        sections: &Sections,
        findings: &mut Vec<Finding>,
    ) -> Plan {
        let mut plan = Plan::default();
        let mut seen: BTreeMap<InitiativeId, (String, usize)> = BTreeMap::new();
        let mut themes: BTreeMap<u32, String> = BTreeMap::new();
        for mut part in parts {
            drop_outlying_years(&mut part, findings);
            if plan.title.is_none() {
                plan.title = part.title.take();
            }
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
        resolve_owners(&mut plan.initiatives, sections, findings);
        let owners = plan.items().flat_map(|(_, item)| {
            let (file, line) = (item.source_file.as_str(), item.source_line);
            item.departments.iter().map(move |d| (file, line, d))
        });
        plan.departments = sections.departments(owners, findings);
        plan
    }

    /// Renames departments: `rename` gives the new name of a department, or `None` to
    /// keep it (used to name the sections as of the run's period, see
    /// [`Sections::renamed_as_of`]).
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

    /// The items by id, for looking up many of them (comparing two editions item by item
    /// through [`Plan::items`] would be quadratic).
    pub fn items_by_id(&self) -> std::collections::HashMap<ItemId, &PracticeItem> {
        self.items().map(|(_, it)| (it.id, it)).collect()
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

/// Resolves every item's owners (as the plan wrote them) to their departments (see
/// [`Sections::resolve_owners`]).
fn resolve_owners(
    initiatives: &mut [Initiative],
    sections: &Sections,
    findings: &mut Vec<Finding>,
) {
    let lists = initiatives
        .iter_mut()
        .flat_map(|i| i.items.iter_mut())
        .map(|item| OwnerList {
            item: item.id.to_string(),
            file: &item.source_file,
            line: item.source_line,
            departments: &mut item.departments,
        })
        .collect();
    sections.resolve_owners(lists, findings);
}
