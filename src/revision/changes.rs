//! One function per kind of change between two editions: each looks at one matched item
//! (or one section) and says whether and how it changed.

use std::collections::{BTreeMap, BTreeSet};

use super::matching::ItemPair;
use super::{Change, ChangeKind};
use crate::plan::{DepartmentId, InitiativeId, Plan, PracticeItem, ScheduleCell, ScheduleKind};
use crate::text::fold_compact;
use crate::wareki::fiscal_year_short;

/// What became of an item from the old edition to the new one.
#[derive(Debug, Clone, Copy)]
pub(super) enum Fate<'a> {
    Added(&'a PracticeItem),
    Removed(&'a PracticeItem),
    /// The same item in both editions, possibly changed.
    Kept(&'a PracticeItem, &'a PracticeItem),
}

/// Sections renamed between the editions: old section id -> new section id.
pub(super) type SectionRenames = BTreeMap<DepartmentId, DepartmentId>;

/// The two editions compared and their labels, which every change records.
pub(super) struct Comparison<'a> {
    pub old: &'a Plan,
    pub old_label: &'a str,
    pub new: &'a Plan,
    pub new_label: &'a str,
}

fn dept_ids(it: &PracticeItem) -> Vec<DepartmentId> {
    it.departments.iter().map(|d| d.id()).collect()
}

/// `(民)窓口サービス課、(財)管財課`
fn dept_list(it: &PracticeItem) -> String {
    dept_ids(it)
        .iter()
        .map(DepartmentId::as_str)
        .collect::<Vec<_>>()
        .join("、")
}

impl<'a> Comparison<'a> {
    /// The items of matched pairs; a pair whose ids name no item is dropped.
    pub fn fates(&self, pairs: &[ItemPair]) -> Vec<Fate<'a>> {
        let (old, new) = (self.old.items_by_id(), self.new.items_by_id());
        pairs
            .iter()
            .filter_map(|p| {
                let o = p.old.and_then(|i| old.get(&i).copied());
                let n = p.new.and_then(|i| new.get(&i).copied());
                match (o, n) {
                    (None, Some(n)) => Some(Fate::Added(n)),
                    (Some(o), None) => Some(Fate::Removed(o)),
                    (Some(o), Some(n)) => Some(Fate::Kept(o, n)),
                    (None, None) => None,
                }
            })
            .collect()
    }

    fn change(
        &self,
        o: Option<&PracticeItem>,
        n: Option<&PracticeItem>,
        kind: ChangeKind,
        detail: String,
    ) -> Change {
        Change {
            from_edition: self.old_label.to_string(),
            to_edition: self.new_label.to_string(),
            item_id_old: o.map(|x| x.id),
            item_id_new: n.map(|x| x.id),
            change: kind,
            detail,
            departments_old: o.map(dept_ids).unwrap_or_default(),
            departments_new: n.map(dept_ids).unwrap_or_default(),
        }
    }

    /// Section `from` of the old edition is section `to` of the new one.
    pub fn section_renamed(&self, from: &DepartmentId, to: &DepartmentId) -> Change {
        Change {
            from_edition: self.old_label.to_string(),
            to_edition: self.new_label.to_string(),
            item_id_old: None,
            item_id_new: None,
            change: ChangeKind::SectionRenamed,
            detail: format!("{from} → {to}"),
            departments_old: vec![from.clone()],
            departments_new: vec![to.clone()],
        }
    }

    /// An item new in the later edition.
    pub fn added(&self, n: &PracticeItem) -> Change {
        let detail = format!("「{}」（{}）", n.name, dept_list(n));
        self.change(None, Some(n), ChangeKind::Added, detail)
    }

    /// An item the later edition no longer has.
    pub fn removed(&self, o: &PracticeItem) -> Change {
        let detail = format!("「{}」（{}）", o.name, dept_list(o));
        self.change(Some(o), None, ChangeKind::Removed, detail)
    }

    /// Another name; spelling variants that fold to the same text are not a change.
    pub fn renamed(&self, o: &PracticeItem, n: &PracticeItem) -> Option<Change> {
        (fold_compact(&o.name) != fold_compact(&n.name)).then(|| {
            let detail = format!("「{}」→「{}」", o.name, n.name);
            self.change(Some(o), Some(n), ChangeKind::Renamed, detail)
        })
    }

    /// Other owners, or the "every section" flag set or cleared. Owners that only follow
    /// a section rename are not a change of the item.
    pub fn section_changed(
        &self,
        o: &PracticeItem,
        n: &PracticeItem,
        renames: &SectionRenames,
    ) -> Option<Change> {
        let (od, nd) = (dept_ids(o), dept_ids(n));
        let renamed_only = od.len() == nd.len()
            && od
                .iter()
                .zip(&nd)
                .all(|(a, b)| a == b || renames.get(a) == Some(b));
        ((od != nd && !renamed_only) || o.all_departments != n.all_departments).then(|| {
            let detail = format!("{} → {}", dept_list(o), dept_list(n));
            self.change(Some(o), Some(n), ChangeKind::SectionChanged, detail)
        })
    }

    /// Another 取組内容, compared folded like the name.
    pub fn content_changed(&self, o: &PracticeItem, n: &PracticeItem) -> Option<Change> {
        (fold_compact(&o.content) != fold_compact(&n.content)).then(|| {
            let detail = format!("「{}」→「{}」", o.content, n.content);
            self.change(Some(o), Some(n), ChangeKind::ContentChanged, detail)
        })
    }

    /// The fiscal years whose kind or activity differs, one `R5: old → new` each.
    pub fn schedule_changed(&self, o: &PracticeItem, n: &PracticeItem) -> Option<Change> {
        let changed = schedule_differences(o, n);
        (!changed.is_empty()).then(|| {
            self.change(
                Some(o),
                Some(n),
                ChangeKind::ScheduleChanged,
                changed.join("／"),
            )
        })
    }

    /// The item belongs to another initiative than the one its old initiative became.
    pub fn moved(
        &self,
        o: &PracticeItem,
        n: &PracticeItem,
        initiatives: &BTreeMap<InitiativeId, InitiativeId>,
    ) -> Option<Change> {
        (initiatives.get(&o.initiative_no) != Some(&n.initiative_no)).then(|| {
            let detail = format!(
                "No.{}「{}」→ No.{}「{}」",
                o.initiative_no,
                initiative_title(self.old, o.initiative_no),
                n.initiative_no,
                initiative_title(self.new, n.initiative_no)
            );
            self.change(Some(o), Some(n), ChangeKind::Moved, detail)
        })
    }
}

/// Sections renamed between the editions: a section gone from the new edition whose kept
/// items all went to one section that is new in it.
pub(super) fn section_renames(old: &Plan, new: &Plan, fates: &[Fate]) -> SectionRenames {
    let old_depts: BTreeSet<DepartmentId> = old.departments.iter().map(|d| d.id.clone()).collect();
    let new_depts: BTreeSet<DepartmentId> = new.departments.iter().map(|d| d.id.clone()).collect();
    let mut dept_moves: BTreeMap<DepartmentId, BTreeSet<DepartmentId>> = BTreeMap::new();
    for fate in fates {
        let Fate::Kept(o, n) = fate else { continue };
        for d in dept_ids(o) {
            if !new_depts.contains(&d) {
                dept_moves
                    .entry(d)
                    .or_default()
                    .extend(dept_ids(n).into_iter().filter(|x| !old_depts.contains(x)));
            }
        }
    }
    dept_moves
        .into_iter()
        .filter_map(|(from, to)| {
            // A rename has one successor; a section split in two is no rename.
            let mut to = to.into_iter();
            match (to.next(), to.next()) {
                (Some(one), None) => Some((from, one)),
                _ => None,
            }
        })
        .collect()
}

/// What a year of a schedule says: nothing (not in the schedule), an activity starting,
/// an activity going on, or nothing planned. `→` and an empty merged cell both say the
/// activity goes on, and a legend symbol says its meaning (`○` is 実施), so neither a
/// merged cell that became `→` nor a symbol written out is a change of the schedule.
#[derive(Debug, PartialEq, Eq)]
enum Reading {
    Absent,
    Starts(String),
    GoesOn(String),
    NothingPlanned,
}

fn reading(it: &PracticeItem, fy: i32) -> Reading {
    match it.schedule_for(fy) {
        None => Reading::Absent,
        Some(c) => match c.kind {
            ScheduleKind::New => Reading::Starts(fold_compact(&c.activity)),
            ScheduleKind::Arrow | ScheduleKind::Continued => {
                Reading::GoesOn(fold_compact(&c.activity))
            }
            ScheduleKind::None => Reading::NothingPlanned,
        },
    }
}

/// The fiscal years in which the schedules of `o` and `n` (one item in two editions) say
/// different things, oldest first: the one definition of a schedule change, for the
/// tables, `gyokaku diff` and the 改定履歴 sheets.
pub fn schedule_years_changed(o: &PracticeItem, n: &PracticeItem) -> Vec<i32> {
    let years: BTreeSet<i32> = o
        .schedule
        .iter()
        .chain(&n.schedule)
        .map(|c| c.fiscal_year)
        .collect();
    years
        .into_iter()
        .filter(|&y| reading(o, y) != reading(n, y))
        .collect()
}

fn schedule_differences(o: &PracticeItem, n: &PracticeItem) -> Vec<String> {
    schedule_years_changed(o, n)
        .into_iter()
        .map(|y| {
            format!(
                "{}: {} → {}",
                fiscal_year_short(y),
                show_cell(o.schedule_for(y)),
                show_cell(n.schedule_for(y))
            )
        })
        .collect()
}

/// A schedule cell as the clerk reads it: its text, else its kind, since an empty cell
/// (continued or nothing planned) has no text of its own.
fn show_cell(c: Option<&ScheduleCell>) -> String {
    c.map_or("（なし）".to_string(), |c| {
        if c.cell_text.is_empty() {
            c.kind.label().to_string()
        } else {
            c.cell_text.clone()
        }
    })
}

fn initiative_title(plan: &Plan, no: InitiativeId) -> String {
    // Initiatives are sorted by number (`Plan::assemble`); a plan built otherwise is searched.
    let at = plan.initiatives.binary_search_by(|i| i.no.cmp(&no)).ok();
    at.or_else(|| plan.initiatives.iter().position(|i| i.no == no))
        .map_or(String::new(), |k| plan.initiatives[k].title.clone())
}
