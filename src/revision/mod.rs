//! Plan revisions: which item of one edition is which item of the next, and what changed.
//!
//! Items are matched by what they are, not where they stand: first by identical name,
//! then by a score of name, content and section similarity over a few candidates found
//! through shared name bigrams (so the work stays near-linear in the number of items).
//! An item whose number shifted because an earlier one was removed keeps its identity and
//! is not reported as changed.

mod changes;
mod matching;

use std::collections::BTreeMap;

use crate::plan::edition::Edition;
use crate::plan::{DepartmentId, ItemId, Plan};
pub use changes::schedule_years_changed;
use changes::{Comparison, Fate, section_renames};
use matching::match_initiatives;
pub use matching::{ItemPair, match_items};

/// Kinds of change between two editions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    /// An item new in the later edition.
    Added,
    /// An item the later edition no longer has.
    Removed,
    /// The same item under another name.
    Renamed,
    /// The item's owners changed (other than by a section rename).
    SectionChanged,
    /// The item's 取組内容 changed.
    ContentChanged,
    /// Some fiscal year of the item's schedule reads differently.
    ScheduleChanged,
    /// The item went to another initiative.
    Moved,
    /// A section was renamed: all its items went to one new section.
    SectionRenamed,
}

impl ChangeKind {
    /// Stable machine-readable code for tables and `gyokaku diff --format csv`.
    pub fn code(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Renamed => "renamed",
            ChangeKind::SectionChanged => "section_changed",
            ChangeKind::ContentChanged => "content_changed",
            ChangeKind::ScheduleChanged => "schedule_changed",
            ChangeKind::Moved => "moved",
            ChangeKind::SectionRenamed => "section_renamed",
        }
    }

    /// Japanese label for workbooks and `gyokaku diff`.
    pub fn label(self) -> &'static str {
        match self {
            ChangeKind::Added => "追加",
            ChangeKind::Removed => "削除",
            ChangeKind::Renamed => "名称変更",
            ChangeKind::SectionChanged => "担当部署変更",
            ChangeKind::ContentChanged => "取組内容変更",
            ChangeKind::ScheduleChanged => "工程表変更",
            ChangeKind::Moved => "取組の移動",
            ChangeKind::SectionRenamed => "部署名変更",
        }
    }
}

/// One change between two editions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Label of the earlier edition, e.g. `2020-04`.
    pub from_edition: String,
    /// Label of the later edition.
    pub to_edition: String,
    /// The item's id in the earlier edition; none for an added item or a section rename.
    pub item_id_old: Option<ItemId>,
    /// The item's id in the later edition; none for a removed item or a section rename.
    pub item_id_new: Option<ItemId>,
    pub change: ChangeKind,
    /// What changed, old → new, in Japanese.
    pub detail: String,
    /// Sections concerned in the old and the new edition (to list the change in their
    /// workbooks).
    pub departments_old: Vec<DepartmentId>,
    pub departments_new: Vec<DepartmentId>,
}

/// Every change from `old` to `new`: section renames first, then the changes of each item
/// in the order of [`match_items`], each item's kinds in [`ChangeKind`] order.
pub fn diff(old: &Plan, old_label: &str, new: &Plan, new_label: &str) -> Vec<Change> {
    let cmp = Comparison {
        old,
        old_label,
        new,
        new_label,
    };
    compare(&cmp, &match_items(old, new))
}

/// The changes of `cmp`'s two editions whose items are matched as `pairs`.
fn compare(cmp: &Comparison, pairs: &[ItemPair]) -> Vec<Change> {
    let (old, new) = (cmp.old, cmp.new);
    let fates = cmp.fates(pairs);
    let initiatives = match_initiatives(old, new);
    let renames = section_renames(old, new, &fates);
    let mut out: Vec<Change> = renames
        .iter()
        .map(|(from, to)| cmp.section_renamed(from, to))
        .collect();
    for fate in fates {
        match fate {
            Fate::Added(n) => out.push(cmp.added(n)),
            Fate::Removed(o) => out.push(cmp.removed(o)),
            Fate::Kept(o, n) => out.extend(
                [
                    cmp.renamed(o, n),
                    cmp.section_changed(o, n, &renames),
                    cmp.content_changed(o, n),
                    cmp.schedule_changed(o, n),
                    cmp.moved(o, n, &initiatives),
                ]
                .into_iter()
                .flatten(),
            ),
        }
    }
    out
}

/// Which item of one edition is which item of another, across a chain of editions: the
/// editions are matched once per run, and the tables, the reading of progress reports and
/// the workbooks all take their pairs from here.
pub struct Lineage {
    /// pairs[i]: the items of edition i and edition i+1, as [`match_items`] pairs them.
    pairs: Vec<Vec<ItemPair>>,
    /// forward[i]: id in edition i -> id in edition i+1.
    forward: Vec<BTreeMap<ItemId, ItemId>>,
    /// backward[i]: id in edition i+1 -> id in edition i.
    backward: Vec<BTreeMap<ItemId, ItemId>>,
}

impl Lineage {
    /// Matches the items of each edition with those of the next, oldest first.
    pub fn new(editions: &[Edition]) -> Lineage {
        let pairs: Vec<Vec<ItemPair>> = editions
            .windows(2)
            .map(|w| match_items(&w[0].plan, &w[1].plan))
            .collect();
        let mut forward = Vec::new();
        let mut backward = Vec::new();
        for window in &pairs {
            let mut f = BTreeMap::new();
            let mut b = BTreeMap::new();
            for pair in window {
                if let ItemPair {
                    old: Some(o),
                    new: Some(n),
                } = *pair
                {
                    f.insert(o, n);
                    b.insert(n, o);
                }
            }
            forward.push(f);
            backward.push(b);
        }
        Lineage {
            pairs,
            forward,
            backward,
        }
    }

    /// The items of edition `k` and edition `k + 1` as matched (empty past the last).
    pub fn pairs(&self, k: usize) -> &[ItemPair] {
        self.pairs.get(k).map_or(&[], Vec::as_slice)
    }

    /// The id that item `id` of edition `from` has in edition `to`, if it exists there.
    pub fn translate(&self, id: ItemId, from: usize, to: usize) -> Option<ItemId> {
        let mut cur = id;
        if from <= to {
            for map in self.forward.get(from..to)? {
                cur = *map.get(&cur)?;
            }
        } else {
            for map in self.backward.get(to..from)?.iter().rev() {
                cur = *map.get(&cur)?;
            }
        }
        Some(cur)
    }
}

/// Changes between every pair of consecutive editions, their items paired as `lineage`
/// (made from the same editions) pairs them. The editions may name their sections
/// differently than when they were matched (renamed as of the period): the pairs are of
/// item ids, and the changes are worded with the sections' names as they are now.
pub fn changes(editions: &[Edition], lineage: &Lineage) -> Vec<Change> {
    editions
        .windows(2)
        .enumerate()
        .flat_map(|(k, w)| {
            let (old_label, new_label) = (w[0].label(), w[1].label());
            let cmp = Comparison {
                old: &w[0].plan,
                old_label: &old_label,
                new: &w[1].plan,
                new_label: &new_label,
            };
            compare(&cmp, lineage.pairs(k))
        })
        .collect()
}

#[cfg(test)]
mod tests;
