//! Plan revisions: which item of one edition is which item of the next, and what changed.
//!
//! Items are matched by what they are, not where they stand: first by identical name,
//! then by a score of name, content and section similarity over a few candidates found
//! through shared name bigrams (so the work stays near-linear in the number of items).
//! An item whose number shifted because an earlier one was removed keeps its identity and
//! is not reported as changed.

use std::collections::{BTreeMap, BTreeSet};

use crate::plan::edition::Edition;
use crate::plan::{Plan, PracticeItem};
use crate::text::{char_bigrams as bigrams, fold_compact, similarity};

/// Kinds of change between two editions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    Added,
    Removed,
    Renamed,
    SectionChanged,
    ContentChanged,
    ScheduleChanged,
    Moved,
    SectionRenamed,
}

impl ChangeKind {
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
    pub from_edition: String,
    pub to_edition: String,
    pub item_id_old: String,
    pub item_id_new: String,
    pub change: ChangeKind,
    pub detail: String,
    /// Sections concerned in the old and the new edition (to list the change in their
    /// workbooks).
    pub departments_old: Vec<String>,
    pub departments_new: Vec<String>,
}

/// Pairs of (old item, new item) ids: both set for the same item, one set for a removed or
/// an added one. In new-edition order, removed items last in old order.
pub fn match_items(old: &Plan, new: &Plan) -> Vec<(Option<String>, Option<String>)> {
    let olds: Vec<&PracticeItem> = old.items().map(|(_, it)| it).collect();
    let news: Vec<&PracticeItem> = new.items().map(|(_, it)| it).collect();
    let mut old_taken = vec![false; olds.len()];
    let mut pair_of_new: Vec<Option<usize>> = vec![None; news.len()];

    // 1. Identical names, when unique on both sides.
    let mut by_name: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, it) in olds.iter().enumerate() {
        by_name.entry(fold_compact(&it.name)).or_default().push(i);
    }
    let mut new_names: BTreeMap<String, usize> = BTreeMap::new();
    for it in &news {
        *new_names.entry(fold_compact(&it.name)).or_default() += 1;
    }
    for (j, it) in news.iter().enumerate() {
        let key = fold_compact(&it.name);
        if let Some(cands) = by_name.get(&key)
            && cands.len() == 1
            && new_names[&key] == 1
            && !old_taken[cands[0]]
        {
            old_taken[cands[0]] = true;
            pair_of_new[j] = Some(cands[0]);
        }
    }

    // 2. Similar items among the rest: candidates through shared name bigrams.
    let mut postings: BTreeMap<(char, char), Vec<usize>> = BTreeMap::new();
    for (i, it) in olds.iter().enumerate() {
        if !old_taken[i] {
            for g in bigrams(&it.name) {
                postings.entry(g).or_default().push(i);
            }
        }
    }
    let mut scored: Vec<(i64, usize, usize)> = Vec::new();
    for (j, it) in news.iter().enumerate() {
        if pair_of_new[j].is_some() {
            continue;
        }
        let mut shared: BTreeMap<usize, usize> = BTreeMap::new();
        for g in bigrams(&it.name) {
            for &i in postings.get(&g).map(Vec::as_slice).unwrap_or_default() {
                *shared.entry(i).or_default() += 1;
            }
        }
        let mut cands: Vec<(usize, usize)> = shared.into_iter().collect();
        cands.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        // Same section and similar content also identify an item whose name was rewritten.
        let same_section: Vec<usize> = (0..olds.len())
            .filter(|&i| !old_taken[i] && olds[i].departments == it.departments)
            .collect();
        let mut tried: BTreeSet<usize> = BTreeSet::new();
        for i in cands
            .into_iter()
            .take(5)
            .map(|(i, _)| i)
            .chain(same_section.into_iter().take(20))
        {
            if !tried.insert(i) {
                continue;
            }
            let o = olds[i];
            let name = similarity(&o.name, &it.name);
            let content = similarity(&o.content, &it.content);
            let section = o.departments == it.departments;
            if name >= 0.5 || (content >= 0.6 && section) {
                let score = name * 0.6 + content * 0.3 + if section { 0.1 } else { 0.0 };
                scored.push(((score * 1_000_000.0) as i64, i, j));
            }
        }
    }
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    for (_, i, j) in scored {
        if !old_taken[i] && pair_of_new[j].is_none() {
            old_taken[i] = true;
            pair_of_new[j] = Some(i);
        }
    }

    let mut out: Vec<(Option<String>, Option<String>)> = news
        .iter()
        .zip(&pair_of_new)
        .map(|(n, o)| (o.map(|i| olds[i].id.clone()), Some(n.id.clone())))
        .collect();
    out.extend(
        olds.iter()
            .zip(&old_taken)
            .filter(|(_, t)| !**t)
            .map(|(o, _)| (Some(o.id.clone()), None)),
    );
    out
}

/// Initiatives of two editions matched by title (identical, else similar), old No. -> new No.
fn match_initiatives(old: &Plan, new: &Plan) -> BTreeMap<u32, u32> {
    let mut out = BTreeMap::new();
    let mut taken = BTreeSet::new();
    for o in &old.initiatives {
        if let Some(n) = new
            .initiatives
            .iter()
            .find(|n| fold_compact(&n.title) == fold_compact(&o.title) && !taken.contains(&n.no))
        {
            out.insert(o.no, n.no);
            taken.insert(n.no);
        }
    }
    for o in &old.initiatives {
        if out.contains_key(&o.no) {
            continue;
        }
        let best = new
            .initiatives
            .iter()
            .filter(|n| !taken.contains(&n.no))
            .map(|n| (similarity(&o.title, &n.title), n.no))
            .filter(|(s, _)| *s >= 0.5)
            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
        if let Some((_, no)) = best {
            out.insert(o.no, no);
            taken.insert(no);
        }
    }
    out
}

fn find<'a>(plan: &'a Plan, id: &str) -> Option<&'a PracticeItem> {
    plan.items().map(|(_, it)| it).find(|it| it.id == id)
}

fn dept_ids(it: &PracticeItem) -> Vec<String> {
    it.departments.iter().map(|d| d.id()).collect()
}

/// Every change from `old` to `new`.
pub fn diff(old: &Plan, old_label: &str, new: &Plan, new_label: &str) -> Vec<Change> {
    let pairs = match_items(old, new);
    let initiatives = match_initiatives(old, new);
    let mut out = Vec::new();
    // Section renames: a section gone from the new edition whose items all went to one
    // section that is new in it.
    let old_depts: BTreeSet<String> = old.departments.iter().map(|d| d.id.clone()).collect();
    let new_depts: BTreeSet<String> = new.departments.iter().map(|d| d.id.clone()).collect();
    let mut dept_moves: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (o, n) in &pairs {
        if let (Some(o), Some(n)) = (
            o.as_deref().and_then(|i| find(old, i)),
            n.as_deref().and_then(|i| find(new, i)),
        ) {
            for d in dept_ids(o) {
                if !new_depts.contains(&d) {
                    dept_moves
                        .entry(d)
                        .or_default()
                        .extend(dept_ids(n).into_iter().filter(|x| !old_depts.contains(x)));
                }
            }
        }
    }
    let renamed: BTreeMap<String, String> = dept_moves
        .into_iter()
        .filter(|(_, to)| to.len() == 1)
        .map(|(from, to)| (from, to.into_iter().next().expect("one")))
        .collect();
    for (from, to) in &renamed {
        out.push(Change {
            from_edition: old_label.to_string(),
            to_edition: new_label.to_string(),
            item_id_old: String::new(),
            item_id_new: String::new(),
            change: ChangeKind::SectionRenamed,
            detail: format!("{from} → {to}"),
            departments_old: vec![from.clone()],
            departments_new: vec![to.clone()],
        });
    }

    let mut change =
        |o: Option<&PracticeItem>, n: Option<&PracticeItem>, kind: ChangeKind, detail: String| {
            out.push(Change {
                from_edition: old_label.to_string(),
                to_edition: new_label.to_string(),
                item_id_old: o.map(|x| x.id.clone()).unwrap_or_default(),
                item_id_new: n.map(|x| x.id.clone()).unwrap_or_default(),
                change: kind,
                detail,
                departments_old: o.map(dept_ids).unwrap_or_default(),
                departments_new: n.map(dept_ids).unwrap_or_default(),
            });
        };
    for (o, n) in &pairs {
        let o = o.as_deref().and_then(|i| find(old, i));
        let n = n.as_deref().and_then(|i| find(new, i));
        match (o, n) {
            (None, Some(n)) => change(
                None,
                Some(n),
                ChangeKind::Added,
                format!("「{}」（{}）", n.name, dept_ids(n).join("、")),
            ),
            (Some(o), None) => change(
                Some(o),
                None,
                ChangeKind::Removed,
                format!("「{}」（{}）", o.name, dept_ids(o).join("、")),
            ),
            (Some(o), Some(n)) => {
                if fold_compact(&o.name) != fold_compact(&n.name) {
                    change(
                        Some(o),
                        Some(n),
                        ChangeKind::Renamed,
                        format!("「{}」→「{}」", o.name, n.name),
                    );
                }
                let (od, nd) = (dept_ids(o), dept_ids(n));
                let renamed_only = od.len() == nd.len()
                    && od
                        .iter()
                        .zip(&nd)
                        .all(|(a, b)| a == b || renamed.get(a) == Some(b));
                if (od != nd && !renamed_only) || o.all_departments != n.all_departments {
                    change(
                        Some(o),
                        Some(n),
                        ChangeKind::SectionChanged,
                        format!("{} → {}", od.join("、"), nd.join("、")),
                    );
                }
                if fold_compact(&o.content) != fold_compact(&n.content) {
                    change(
                        Some(o),
                        Some(n),
                        ChangeKind::ContentChanged,
                        format!("「{}」→「{}」", o.content, n.content),
                    );
                }
                let years: BTreeSet<i32> = o
                    .schedule
                    .iter()
                    .chain(&n.schedule)
                    .map(|c| c.fiscal_year)
                    .collect();
                let changed: Vec<String> = years
                    .into_iter()
                    .filter_map(|y| {
                        let a = o
                            .schedule_for(y)
                            .map(|c| (c.kind, fold_compact(&c.activity)));
                        let b = n
                            .schedule_for(y)
                            .map(|c| (c.kind, fold_compact(&c.activity)));
                        (a != b).then(|| {
                            let show = |c: Option<&crate::plan::ScheduleCell>| {
                                c.map_or("（なし）".to_string(), |c| {
                                    if c.cell_text.is_empty() {
                                        c.kind.label().to_string()
                                    } else {
                                        c.cell_text.clone()
                                    }
                                })
                            };
                            format!(
                                "{}: {} → {}",
                                crate::wareki::fiscal_year_short(y),
                                show(o.schedule_for(y)),
                                show(n.schedule_for(y))
                            )
                        })
                    })
                    .collect();
                if !changed.is_empty() {
                    change(
                        Some(o),
                        Some(n),
                        ChangeKind::ScheduleChanged,
                        changed.join("／"),
                    );
                }
                if initiatives.get(&o.initiative_no) != Some(&n.initiative_no) {
                    let title = |p: &Plan, no: u32| {
                        p.initiatives
                            .iter()
                            .find(|i| i.no == no)
                            .map_or(String::new(), |i| i.title.clone())
                    };
                    change(
                        Some(o),
                        Some(n),
                        ChangeKind::Moved,
                        format!(
                            "No.{}「{}」→ No.{}「{}」",
                            o.initiative_no,
                            title(old, o.initiative_no),
                            n.initiative_no,
                            title(new, n.initiative_no)
                        ),
                    );
                }
            }
            (None, None) => {}
        }
    }
    out
}

/// Which item of one edition is which item of another, across a chain of editions.
pub struct Lineage {
    /// forward[i]: id in edition i -> id in edition i+1.
    forward: Vec<BTreeMap<String, String>>,
    /// backward[i]: id in edition i+1 -> id in edition i.
    backward: Vec<BTreeMap<String, String>>,
}

impl Lineage {
    pub fn new(editions: &[Edition]) -> Lineage {
        let mut forward = Vec::new();
        let mut backward = Vec::new();
        for w in editions.windows(2) {
            let mut f = BTreeMap::new();
            let mut b = BTreeMap::new();
            for (o, n) in match_items(&w[0].plan, &w[1].plan) {
                if let (Some(o), Some(n)) = (o, n) {
                    f.insert(o.clone(), n.clone());
                    b.insert(n, o);
                }
            }
            forward.push(f);
            backward.push(b);
        }
        Lineage { forward, backward }
    }

    /// The id that item `id` of edition `from` has in edition `to`, if it exists there.
    pub fn translate(&self, id: &str, from: usize, to: usize) -> Option<String> {
        let mut cur = id.to_string();
        if from <= to {
            for map in &self.forward[from..to] {
                cur = map.get(&cur)?.clone();
            }
        } else {
            for map in self.backward[to..from].iter().rev() {
                cur = map.get(&cur)?.clone();
            }
        }
        Some(cur)
    }
}

/// Changes between every pair of consecutive editions.
pub fn all_changes(editions: &[Edition]) -> Vec<Change> {
    editions
        .windows(2)
        .flat_map(|w| diff(&w[0].plan, &w[0].label(), &w[1].plan, &w[1].label()))
        .collect()
}
