//! The 改定履歴 sheets: the plan's editions and what changed between them, for the whole
//! plan (summary) and for the items of one section, including items moved to or from it.
//!
//! The sheets are written for paper: editions by their Japanese name (`令和5年2月改定版`),
//! item numbers that changed as `旧7-2 → 新7-1` (items renumbered because an earlier one
//! was removed get a line of their own, so that a removed `7-1` is not mistaken for the
//! `7-1` of the new edition), and each change as what it was before and after the revision,
//! schedules year by year with `→` and merged cells written as 継続.

use std::collections::{BTreeSet, HashMap};

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::kit::PrintSetup;
use super::kit::{SheetWriter, Styles};
use crate::plan::edition::{Edition, japanese_label};
use crate::plan::{
    DepartmentId, InitiativeId, ItemId, Plan, PracticeItem, ScheduleCell, ScheduleKind,
};
use crate::revision::{Change, ChangeKind, ItemPair, Lineage, schedule_years_changed};
use crate::wareki::fiscal_year_long;

/// The editions and the changes between consecutive ones.
pub struct Revisions<'a> {
    /// Every edition found, oldest first.
    pub editions: &'a [Edition],
    /// Index of the edition in force for the period.
    pub target: usize,
    /// The changes between consecutive editions.
    pub changes: &'a [Change],
    /// The editions' items as matched for the run (the changes were found with it).
    pub lineage: &'a Lineage,
}

/// What a line of a 改定履歴 sheet says about one item (or one section) in one revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevisionLine {
    /// The revision, as the later edition's name: `令和5年2月改定版`.
    pub edition: String,
    /// `8-1`, `旧7-2 → 新7-1`, `旧7-1` (removed), `新8-4` (added); empty for a section.
    pub item: String,
    /// The item's name (in the later edition when it has one).
    pub name: String,
    /// `削除`, `番号の変更`, `工程表変更` …
    pub kind: &'static str,
    /// What it was before the revision.
    pub before: String,
    /// What it is after the revision.
    pub after: String,
    /// Sections concerned, in either edition.
    departments: BTreeSet<DepartmentId>,
    /// Order within the sheet.
    key: (usize, u8, Option<ItemId>, u8),
}

/// Label of a line for an item whose number changed without any other change to it.
pub const RENUMBERED: &str = "番号の変更";

impl Revisions<'_> {
    /// The edition in force, as covers name it (`令和5年2月改定版`); `None` for a plan
    /// without editions.
    pub fn in_force_label(&self) -> Option<String> {
        japanese_label(self.editions, self.target)
    }

    /// Every line of the summary's 改定履歴, revision by revision.
    pub fn lines(&self) -> Vec<RevisionLine> {
        let mut lines = Vec::new();
        for (k, pair) in self.editions.windows(2).enumerate() {
            let (old, new) = (&pair[0], &pair[1]);
            let edition = japanese_label(self.editions, k + 1).unwrap_or_else(|| new.label());
            let changes: Vec<&Change> = self
                .changes
                .iter()
                .filter(|c| c.from_edition == old.label() && c.to_edition == new.label())
                .collect();
            let pair = EditionPair {
                index: k,
                old: &old.plan,
                new: &new.plan,
                old_items: old.plan.items_by_id(),
                new_items: new.plan.items_by_id(),
                edition: &edition,
                pairs: self.lineage.pairs(k),
            };
            lines.extend(changes.iter().filter_map(|c| pair.line(c)));
            lines.extend(pair.renumberings(&changes));
        }
        lines.sort_by_key(|l| l.key);
        lines
    }
}

/// Of `lines` (from [`Revisions::lines`]), those that concern section `dept_id`: its items
/// in the old or the new edition.
pub fn concerning(lines: &[RevisionLine], dept_id: &DepartmentId) -> Vec<RevisionLine> {
    lines
        .iter()
        .filter(|l| l.departments.contains(dept_id))
        .cloned()
        .collect()
}

/// Two consecutive editions and the name of the later one.
struct EditionPair<'a> {
    index: usize,
    old: &'a Plan,
    new: &'a Plan,
    /// Their items by id.
    old_items: HashMap<ItemId, &'a PracticeItem>,
    new_items: HashMap<ItemId, &'a PracticeItem>,
    edition: &'a str,
    /// The two editions' items as matched.
    pairs: &'a [ItemPair],
}

impl EditionPair<'_> {
    /// The line of one change; `None` for a schedule change with no year changed (the
    /// change was found with the same definition, so there is none).
    fn line(&self, ch: &Change) -> Option<RevisionLine> {
        let o = ch
            .item_id_old
            .and_then(|id| self.old_items.get(&id).copied());
        let n = ch
            .item_id_new
            .and_then(|id| self.new_items.get(&id).copied());
        let (before, after) = match (ch.change, o, n) {
            (ChangeKind::SectionRenamed, ..) => section_rename(ch),
            (ChangeKind::Added, _, Some(n)) => ("（なし）".to_string(), owners(n)),
            (ChangeKind::Removed, Some(o), _) => (owners(o), "（削除）".to_string()),
            (ChangeKind::Renamed, Some(o), Some(n)) => (o.name.clone(), n.name.clone()),
            (ChangeKind::SectionChanged, Some(o), Some(n)) => (owners(o), owners(n)),
            (ChangeKind::ContentChanged, Some(o), Some(n)) => {
                (o.content.clone(), n.content.clone())
            }
            (ChangeKind::ScheduleChanged, Some(o), Some(n)) => schedule_change(o, n)?,
            (ChangeKind::Moved, Some(o), Some(n)) => (
                initiative(self.old, o.initiative_no),
                initiative(self.new, n.initiative_no),
            ),
            // The item is not found in its edition: the change's own words.
            _ => (String::new(), ch.detail.clone()),
        };
        let name = n.or(o).map_or_else(
            || {
                if ch.change == ChangeKind::SectionRenamed {
                    "（部署のすべての実践項目）".to_string()
                } else {
                    String::new()
                }
            },
            |it| it.name.clone(),
        );
        Some(RevisionLine {
            edition: self.edition.to_string(),
            item: item_text(ch.item_id_old, ch.item_id_new),
            name,
            kind: ch.change.label(),
            before,
            after,
            departments: ch
                .departments_old
                .iter()
                .chain(&ch.departments_new)
                .cloned()
                .collect(),
            key: self.key(ch.item_id_old, ch.item_id_new, kind_rank(ch.change)),
        })
    }

    /// Items whose number changed only because items before them were removed, added or
    /// moved: one line each (an item moved to another initiative has its own line).
    fn renumberings(&self, changes: &[&Change]) -> Vec<RevisionLine> {
        let moved: BTreeSet<(Option<ItemId>, Option<ItemId>)> = changes
            .iter()
            .filter(|c| c.change == ChangeKind::Moved)
            .map(|c| (c.item_id_old, c.item_id_new))
            .collect();
        self.pairs
            .iter()
            .filter_map(|p| match *p {
                ItemPair {
                    old: Some(o),
                    new: Some(n),
                } if o != n && !moved.contains(&(Some(o), Some(n))) => {
                    Some((*self.old_items.get(&o)?, *self.new_items.get(&n)?))
                }
                _ => None,
            })
            .map(|(o, n)| RevisionLine {
                edition: self.edition.to_string(),
                item: item_text(Some(o.id), Some(n.id)),
                name: n.name.clone(),
                kind: RENUMBERED,
                before: format!("項目番号 {}", o.id),
                after: format!("項目番号 {}", n.id),
                departments: departments(o).chain(departments(n)).collect(),
                key: self.key(Some(o.id), Some(n.id), 1),
            })
            .collect()
    }

    /// Lines in revision order; a section's rename first; then by the item's number before
    /// the revision (after it, for an added item); an item's lines by kind.
    fn key(
        &self,
        old: Option<ItemId>,
        new: Option<ItemId>,
        rank: u8,
    ) -> (usize, u8, Option<ItemId>, u8) {
        let group = u8::from(old.is_some() || new.is_some());
        (self.index, group, old.or(new), rank)
    }
}

/// The order of an item's lines: removed, renumbered, then what changed in it, added last.
fn kind_rank(kind: ChangeKind) -> u8 {
    match kind {
        ChangeKind::SectionRenamed | ChangeKind::Removed => 0,
        ChangeKind::Renamed => 2,
        ChangeKind::SectionChanged => 3,
        ChangeKind::ContentChanged => 4,
        ChangeKind::ScheduleChanged => 5,
        ChangeKind::Moved => 6,
        ChangeKind::Added => 7,
    }
}

fn departments(it: &PracticeItem) -> impl Iterator<Item = DepartmentId> + '_ {
    it.departments.iter().map(|d| d.id())
}

/// `8-1` when the number stayed, `旧7-2 → 新7-1` when it changed, `旧7-1` for a removed
/// item, `新8-4` for an added one, empty for a section.
pub fn item_text(old: Option<ItemId>, new: Option<ItemId>) -> String {
    match (old, new) {
        (Some(o), Some(n)) if o == n => o.to_string(),
        (Some(o), Some(n)) => format!("旧{o} → 新{n}"),
        (Some(o), None) => format!("旧{o}"),
        (None, Some(n)) => format!("新{n}"),
        (None, None) => String::new(),
    }
}

/// `担当: (民)窓口サービス課、(財)管財課`, with 各担当部署 when the item names it.
fn owners(it: &PracticeItem) -> String {
    let mut names: Vec<String> = departments(it).map(|d| d.to_string()).collect();
    if it.all_departments {
        names.push("各担当部署".to_string());
    }
    if names.is_empty() {
        "担当部署なし".to_string()
    } else {
        format!("担当: {}", names.join("、"))
    }
}

/// A renamed section: the old and the new name.
fn section_rename(ch: &Change) -> (String, String) {
    let name = |ids: &[DepartmentId]| {
        ids.iter()
            .map(DepartmentId::as_str)
            .collect::<Vec<_>>()
            .join("、")
    };
    (name(&ch.departments_old), name(&ch.departments_new))
}

/// `No.11 公共施設マネジメントの推進`
fn initiative(plan: &Plan, no: InitiativeId) -> String {
    let title = plan
        .initiatives
        .iter()
        .find(|i| i.no == no)
        .map_or("", |i| i.title.as_str());
    format!("No.{no} {title}").trim_end().to_string()
}

/// The fiscal years whose schedule changed ([`schedule_years_changed`]), one line each
/// before and after: `令和5年度：方向性の明示`; `None` when no year changed.
fn schedule_change(o: &PracticeItem, n: &PracticeItem) -> Option<(String, String)> {
    let (mut before, mut after) = (Vec::new(), Vec::new());
    for y in schedule_years_changed(o, n) {
        before.push(format!(
            "{}：{}",
            fiscal_year_long(y),
            schedule_text(o.schedule_for(y))
        ));
        after.push(format!(
            "{}：{}",
            fiscal_year_long(y),
            schedule_text(n.schedule_for(y))
        ));
    }
    (!before.is_empty()).then(|| (before.join("\n"), after.join("\n")))
}

/// A year of a schedule as a clerk reads it: the activity, `継続（activity）` for `→` or a
/// merged cell, `（予定なし）`.
fn schedule_text(cell: Option<&ScheduleCell>) -> String {
    match cell {
        None => "（工程表にない年度）".to_string(),
        Some(c) => match c.kind {
            ScheduleKind::New => c.cell_text.clone(),
            ScheduleKind::Arrow | ScheduleKind::Continued if c.activity.is_empty() => {
                "継続".to_string()
            }
            ScheduleKind::Arrow | ScheduleKind::Continued => format!("継続（{}）", c.activity),
            ScheduleKind::None => "（予定なし）".to_string(),
        },
    }
}

const HEADERS: [&str; 6] = [
    "改定",
    "項目番号",
    "実践項目名",
    "変更の種類",
    "改定前",
    "改定後",
];

/// Column widths of the change table (and of the editions above it on the summary).
const WIDTHS: [f64; 6] = [17.0, 13.0, 22.0, 9.0, 28.0, 28.0];

/// The change table from `first_row` (headers); returns its last row.
fn change_rows(
    w: &mut SheetWriter,
    st: &Styles,
    first_row: u32,
    lines: &[RevisionLine],
) -> Result<u32, XlsxError> {
    w.headers(first_row, &HEADERS, &st.header)?;
    for (k, l) in lines.iter().enumerate() {
        let row = first_row + 1 + k as u32;
        w.text(row, 0, &l.edition, &st.center)?;
        w.text(row, 1, &l.item, &st.code)?;
        w.text(row, 2, &l.name, &st.wrap)?;
        w.text(row, 3, l.kind, &st.center)?;
        w.text(row, 4, &l.before, &st.wrap)?;
        w.text(row, 5, &l.after, &st.wrap)?;
    }
    Ok(first_row + lines.len() as u32)
}

/// Summary: the editions found and every change (the caller leaves the sheet out for a
/// plan with a single edition: the cover says all there is).
///
/// # Errors
/// Only on an internal error of the workbook writer.
pub fn summary_sheet(ws: &mut Worksheet, st: &Styles, rev: &Revisions) -> Result<(), XlsxError> {
    ws.set_name("改定履歴")?;
    let mut w = SheetWriter::new(ws, &st.cuts, &WIDTHS);
    w.loose(0, 0, "計画の版", &st.subtitle)?;
    w.headers(
        1,
        &[
            "版",
            "取組",
            "実践項目",
            "担当部署",
            "今回の対象",
            "ファイル",
        ],
        &st.header,
    )?;
    for (k, e) in rev.editions.iter().enumerate() {
        let row = 2 + k as u32;
        let name = japanese_label(rev.editions, k).unwrap_or_else(|| e.label());
        w.text(row, 0, &name, &st.center)?;
        w.number(row, 1, e.plan.initiatives.len() as f64, &st.number)?;
        w.number(row, 2, e.plan.item_count() as f64, &st.number)?;
        w.number(row, 3, e.plan.departments.len() as f64, &st.number)?;
        let in_force = if k == rev.target {
            "○（この版）"
        } else {
            ""
        };
        w.text(row, 4, in_force, &st.center)?;
        w.text(row, 5, &e.plan.files.join("、"), &st.wrap)?;
    }
    let start = 3 + rev.editions.len() as u32;
    w.loose(start, 0, "版ごとの変更", &st.subtitle)?;
    let lines = rev.lines();
    if lines.is_empty() {
        w.note(start + 1, 0, 5, "版の間に変更はありません。", &st.note)?;
        w.finish()?;
    } else {
        let last = change_rows(&mut w, st, start + 1, &lines)?;
        w.finish()?;
        ws.autofilter(start + 1, 0, last, 5)?;
    }
    PrintSetup::landscape(&WIDTHS).apply(ws, st)
}

/// A section's workbook: the changes to its items (the caller leaves the sheet out when
/// there are none).
///
/// # Errors
/// Only on an internal error of the workbook writer.
pub fn department_sheet(
    ws: &mut Worksheet,
    st: &Styles,
    lines: &[RevisionLine],
    dept_id: &DepartmentId,
) -> Result<(), XlsxError> {
    ws.set_name("改定履歴")?;
    let mut w = SheetWriter::new(ws, &st.cuts, &WIDTHS);
    w.loose(
        0,
        0,
        &format!("{dept_id}の実践項目に関する計画の改定"),
        &st.subtitle,
    )?;
    let last = change_rows(&mut w, st, 1, lines)?;
    w.finish()?;
    ws.set_freeze_panes(2, 0)?;
    ws.autofilter(1, 0, last, 5)?;
    PrintSetup::landscape(&WIDTHS)
        .repeat_rows(1, 1)
        .apply(ws, st)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(fy: i32, text: &str, activity: &str, kind: ScheduleKind) -> ScheduleCell {
        ScheduleCell {
            fiscal_year: fy,
            cell_text: text.to_string(),
            activity: activity.to_string(),
            kind,
        }
    }

    fn item(schedule: Vec<ScheduleCell>) -> PracticeItem {
        PracticeItem {
            id: ItemId::new(11, 5),
            initiative_no: crate::plan::InitiativeId::new(11),
            seq: 5,
            name: String::new(),
            content: String::new(),
            departments: Vec::new(),
            all_departments: false,
            schedule,
            effect_targets: std::collections::BTreeMap::new(),
            target_indicator: String::new(),
            source_file: String::new(),
            source_line: 1,
        }
    }

    #[test]
    fn item_numbers_say_old_and_new() {
        let (a, b) = (ItemId::new(7, 2), ItemId::new(7, 1));
        assert_eq!(item_text(Some(a), Some(b)), "旧7-2 → 新7-1");
        assert_eq!(item_text(Some(b), Some(b)), "7-1");
        assert_eq!(item_text(Some(b), None), "旧7-1");
        assert_eq!(item_text(None, Some(a)), "新7-2");
        assert_eq!(item_text(None, None), "");
    }

    #[test]
    fn schedules_read_year_by_year_with_arrows_as_continued() {
        use ScheduleKind::{Arrow, Continued, New};
        let old = item(vec![
            cell(2023, "方向性の明示", "方向性の明示", New),
            cell(2024, "", "方向性の明示", Continued),
        ]);
        let new = item(vec![
            cell(2023, "方向性の明示", "方向性の明示", New),
            cell(2024, "→", "方向性の明示", Arrow),
        ]);
        // A merged cell that became `→` reads the same: no change on paper.
        assert_eq!(schedule_change(&old, &new), None);
        let new = item(vec![
            cell(2023, "方向性の決定", "方向性の決定", New),
            cell(2024, "民間委託の開始", "民間委託の開始", New),
        ]);
        let (before, after) = schedule_change(&old, &new).unwrap();
        assert_eq!(
            before,
            "令和5年度：方向性の明示\n令和6年度：継続（方向性の明示）"
        );
        assert_eq!(after, "令和5年度：方向性の決定\n令和6年度：民間委託の開始");
        assert!(!before.contains('→') && !after.contains('→'));
    }
}
