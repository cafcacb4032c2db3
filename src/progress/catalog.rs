//! The plan's items as report rows look them up: by ID, by name, by resemblance, in
//! every edition, and the lineage that carries an item from one edition to another.

use std::collections::BTreeMap;

use super::section_names::SectionNames;
use crate::plan::edition::{Edition, in_force};
use crate::plan::{DepartmentId, ItemId, Plan};
use crate::revision::Lineage;
use crate::text::{fold_compact, similarity};
use crate::wareki::{Period, YEARS, month_of, next_period};

/// Every edition's items, indexed for matching report rows, and the lineage that carries
/// an item from one edition to another.
pub struct Catalog<'a> {
    /// Oldest first.
    pub editions: &'a [Edition],
    indexes: Vec<ItemIndex>,
    lineage: &'a Lineage,
    /// Edition for rows whose date and file name name no month.
    pub default_edition: usize,
    /// The months a report can plausibly be about.
    pub(super) plausible: PeriodWindow,
}

/// The months a report can be about: the plan's fiscal years widened by
/// [`PeriodWindow::MARGIN_YEARS`] on each side, and never after next month (a month
/// decades ahead is a typing error, and would move the whole run there).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeriodWindow {
    pub first: Period,
    pub last: Period,
}

impl PeriodWindow {
    /// Fiscal years before the plan's first and after its last that reports may name.
    pub const MARGIN_YEARS: i32 = 3;

    /// The window for the plans of `editions`, as of `today`.
    pub fn new(editions: &[Edition], today: Period) -> PeriodWindow {
        let years: Vec<i32> = editions
            .iter()
            .flat_map(|e| e.plan.fiscal_years())
            .collect();
        let (lo, hi) = match (years.iter().min(), years.iter().max()) {
            (Some(lo), Some(hi)) => (*lo, *hi),
            _ => (today.fiscal_year(), today.fiscal_year()),
        };
        // Kept within the years a period can have: the window never falls back to today.
        let year = |y: i32| y.clamp(*YEARS.start(), *YEARS.end());
        let first = Period::new(year(lo - Self::MARGIN_YEARS), 4).unwrap_or(today);
        let last = Period::new(year(hi + Self::MARGIN_YEARS + 1), 3).unwrap_or(today);
        PeriodWindow {
            first,
            last: last.min(next_period(today)),
        }
    }

    /// Whether `period` lies in the window.
    pub fn contains(&self, period: Period) -> bool {
        (self.first..=self.last).contains(&period)
    }
}

impl<'a> Catalog<'a> {
    /// `lineage`: the editions' items as matched for the run. `default_period`: the period
    /// rows without a month of their own belong to, when known (`--period`); otherwise
    /// they are read against the latest edition.
    pub fn new(
        editions: &'a [Edition],
        lineage: &'a Lineage,
        default_period: Option<Period>,
    ) -> Catalog<'a> {
        let default_edition = match default_period {
            Some(p) => in_force(editions, p),
            None => editions.len().saturating_sub(1),
        };
        Catalog {
            editions,
            indexes: editions.iter().map(|e| ItemIndex::new(&e.plan)).collect(),
            lineage,
            default_edition,
            plausible: PeriodWindow::new(editions, month_of(chrono::Local::now().date_naive())),
        }
    }

    /// The catalog of a run made as of `today`: the months a report can plausibly be
    /// about end with the month after it.
    pub fn as_of(mut self, today: chrono::NaiveDate) -> Catalog<'a> {
        self.plausible = PeriodWindow::new(self.editions, month_of(today));
        self
    }

    /// What bears on reading a row besides the plans and the settings, for the key of
    /// the store of parsed reports: the default edition (it follows `--period`). The
    /// months a report can be about follow today's date and are not in it: only a report
    /// with a row refused for its month depends on them ([`Catalog::plausible_months`]).
    pub fn reading_context(&self) -> String {
        format!("default edition {}", self.default_edition)
    }

    /// The first and last month a report can be about.
    pub fn plausible_months(&self) -> (Period, Period) {
        (self.plausible.first, self.plausible.last)
    }

    /// The edition a row of `period` is read against.
    pub(super) fn edition_for(&self, period: Option<Period>) -> usize {
        period.map_or(self.default_edition, |p| in_force(self.editions, p))
    }

    /// The item index of edition `edition`.
    pub(super) fn index(&self, edition: usize) -> &ItemIndex {
        &self.indexes[edition]
    }

    /// The ID that item `id` of edition `from` has in edition `to`, if it is there.
    pub(super) fn translate(&self, id: ItemId, from: usize, to: usize) -> Option<ItemId> {
        self.lineage.translate(id, from, to)
    }
}

/// The plan's items, indexed for matching report rows.
pub struct ItemIndex {
    items: Vec<IndexedItem>,
    by_id: BTreeMap<ItemId, usize>,
    /// Folded name -> the first item of that name.
    by_name: BTreeMap<String, usize>,
    /// The owning sections' names: gathered once, not per sheet read (at 2,000 sections
    /// and 48,000 reports, sorting them per sheet took minutes).
    section_names: SectionNames,
}

/// [`ItemIndex::section_names`] of `items`.
fn owner_names(items: &[IndexedItem]) -> SectionNames {
    SectionNames::new(
        items
            .iter()
            .flat_map(|it| it.owners.iter().map(|o| o.section.clone())),
    )
}

/// One item as report rows are checked against it.
pub(super) struct IndexedItem {
    pub id: ItemId,
    pub name: String,
    pub owners: Vec<Owner>,
    /// Every department owns the item, so any section may report it.
    pub all_departments: bool,
}

/// A department that owns an item.
pub(super) struct Owner {
    /// `(民)窓口サービス課`, or the section alone when the plan gives no bureau mark.
    pub id: DepartmentId,
    pub section: String,
}

impl ItemIndex {
    /// Indexes the items of `plan`.
    pub fn new(plan: &Plan) -> ItemIndex {
        let mut idx = ItemIndex {
            items: Vec::new(),
            by_id: BTreeMap::new(),
            by_name: BTreeMap::new(),
            section_names: SectionNames::default(),
        };
        for (_, it) in plan.items() {
            let k = idx.items.len();
            idx.by_id.insert(it.id, k);
            idx.by_name.entry(fold_compact(&it.name)).or_insert(k);
            idx.items.push(IndexedItem {
                id: it.id,
                name: it.name.clone(),
                owners: it
                    .departments
                    .iter()
                    .map(|d| Owner {
                        id: d.id(),
                        section: d.section.clone(),
                    })
                    .collect(),
                all_departments: it.all_departments,
            });
        }
        idx.section_names = owner_names(&idx.items);
        idx
    }

    /// The names of the sections that own items, of two characters or more.
    pub(super) fn section_names(&self) -> &SectionNames {
        &self.section_names
    }

    /// The item at position `k` (as returned by [`Self::by_id`] or [`Self::by_name`]).
    pub(super) fn item(&self, k: usize) -> &IndexedItem {
        &self.items[k]
    }

    /// The position of the item with ID `id`.
    pub(super) fn by_id(&self, id: ItemId) -> Option<usize> {
        self.by_id.get(&id).copied()
    }

    /// The position of the item whose name is `name` once folded.
    pub(super) fn by_name(&self, name: &str) -> Option<usize> {
        self.by_name.get(&fold_compact(name)).copied()
    }

    /// Up to three items whose names are closest to `name`, as `7-2 name`.
    pub(super) fn suggestions(&self, name: &str) -> Vec<String> {
        let mut scored: Vec<(f64, &IndexedItem)> = self
            .items
            .iter()
            .map(|it| (similarity(name, &it.name), it))
            .filter(|(s, _)| *s >= 0.3)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.id.cmp(&b.1.id)));
        scored
            .into_iter()
            .take(3)
            .map(|(_, it)| format!("{} {}", it.id, it.name))
            .collect()
    }
}
