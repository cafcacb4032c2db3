//! Which item of one edition is which item of the next, and which initiative is which.
//!
//! Items are matched in three phases: identical names (a name several items share is
//! paired in order within the same initiative and section); then similar items among the
//! rest, found through shared name bigrams and the same section; then the leftovers are
//! added or removed items.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::plan::{InitiativeId, ItemId, Plan, PracticeItem};
use crate::sections::DepartmentRef;
use crate::text::{Folded, fold_compact};

/// One item across two editions: both ids for the same item, only `old` for a removed
/// item, only `new` for an added one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItemPair {
    pub old: Option<ItemId>,
    pub new: Option<ItemId>,
}

/// Pairs the items of two editions. In new-edition order, removed items last in old order.
pub fn match_items(old: &Plan, new: &Plan) -> Vec<ItemPair> {
    let mut m = Matching::new(old, new);
    m.pair_identical_names();
    m.pair_similar_items();
    m.into_pairs()
}

/// The unpaired old items indexed for finding candidates.
struct Index<'a> {
    postings: Postings,
    by_section: BySection<'a>,
}

/// The state of matching: items of both editions by index, and the pairs made so far.
struct Matching<'a> {
    olds: Vec<&'a PracticeItem>,
    news: Vec<&'a PracticeItem>,
    /// Each item's name and content, folded once (old items, then new ones).
    old_texts: Vec<ItemTexts>,
    new_texts: Vec<ItemTexts>,
    /// The folded title of each item's initiative (old items, then new ones).
    old_initiatives: Vec<String>,
    new_initiatives: Vec<String>,
    /// `old_taken[i]`: old item `i` has its new item.
    old_taken: Vec<bool>,
    /// `pair_of_new[j]`: the old item of new item `j`.
    pair_of_new: Vec<Option<usize>>,
}

/// A possible pair of old item `old` and new item `new`. The score is kept in millionths
/// so that candidates sort as integers, ties broken by position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Candidate {
    score: i64,
    old: usize,
    new: usize,
}

/// An item's name and content as they are compared.
struct ItemTexts {
    name: Folded,
    content: Folded,
}

impl ItemTexts {
    fn of(it: &PracticeItem) -> ItemTexts {
        ItemTexts {
            name: Folded::new(&it.name),
            content: Folded::new(&it.content),
        }
    }
}

/// The context in which identical names are paired in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Context {
    InitiativeAndSection,
    Section,
    None,
}

/// A folded name, with its initiative's folded title and its sections when the context
/// has them.
type NameKey<'a> = (String, Option<String>, Option<&'a Vec<DepartmentRef>>);

/// Old items by the bigrams of their names.
type Postings = BTreeMap<(char, char), Vec<usize>>;

/// Unpaired old items by their sections, in plan order.
type BySection<'a> = HashMap<&'a [DepartmentRef], Vec<usize>>;

/// A bigram in more unpaired names than this tells items apart no better than chance
/// (「実施」「の推」 in every name) and is not used to find candidates: counting it would
/// compare every new item with every old one.
const COMMON_BIGRAM: usize = 1_000;

impl<'a> Matching<'a> {
    fn new(old: &'a Plan, new: &'a Plan) -> Matching<'a> {
        let olds: Vec<&PracticeItem> = old.items().map(|(_, it)| it).collect();
        let news: Vec<&PracticeItem> = new.items().map(|(_, it)| it).collect();
        let titles = |plan: &Plan| -> Vec<String> {
            plan.items().map(|(i, _)| fold_compact(&i.title)).collect()
        };
        Matching {
            old_taken: vec![false; olds.len()],
            pair_of_new: vec![None; news.len()],
            old_initiatives: titles(old),
            new_initiatives: titles(new),
            old_texts: olds.iter().map(|it| ItemTexts::of(it)).collect(),
            new_texts: news.iter().map(|it| ItemTexts::of(it)).collect(),
            olds,
            news,
        }
    }

    fn pair(&mut self, old: usize, new: usize) {
        self.old_taken[old] = true;
        self.pair_of_new[new] = Some(old);
    }

    /// Phase 1: identical names. Items of one name in the same initiative and section,
    /// as many in both editions, are paired in order (a plan diffed with itself pairs
    /// every item with itself); then those in the same section; then a name left to one
    /// item in each edition.
    fn pair_identical_names(&mut self) {
        self.pair_in_order(Context::InitiativeAndSection);
        self.pair_in_order(Context::Section);
        self.pair_in_order(Context::None);
    }

    /// What an identical name is grouped by: its name, with the item's context.
    fn name_key(&self, context: Context, old: bool, i: usize) -> NameKey<'a> {
        let (it, title, texts) = if old {
            (self.olds[i], &self.old_initiatives[i], &self.old_texts[i])
        } else {
            (self.news[i], &self.new_initiatives[i], &self.new_texts[i])
        };
        let name = texts.name.compact.clone();
        match context {
            Context::InitiativeAndSection => (name, Some(title.clone()), Some(&it.departments)),
            Context::Section => (name, None, Some(&it.departments)),
            Context::None => (name, None, None),
        }
    }

    /// Groups the items not yet paired by their name in `context` and pairs each group
    /// in order when both editions have as many items in it (by name alone: one each).
    fn pair_in_order(&mut self, context: Context) {
        let mut groups: BTreeMap<NameKey<'a>, (Vec<usize>, Vec<usize>)> = BTreeMap::new();
        for i in (0..self.olds.len()).filter(|&i| !self.old_taken[i]) {
            groups
                .entry(self.name_key(context, true, i))
                .or_default()
                .0
                .push(i);
        }
        for j in (0..self.news.len()).filter(|&j| self.pair_of_new[j].is_none()) {
            groups
                .entry(self.name_key(context, false, j))
                .or_default()
                .1
                .push(j);
        }
        for (olds, news) in groups.into_values() {
            let alone = olds.len() == 1 || context != Context::None;
            if olds.len() == news.len() && alone {
                for (i, j) in olds.into_iter().zip(news) {
                    self.pair(i, j);
                }
            }
        }
    }

    /// Phase 2: similar items among the rest, best scores first.
    fn pair_similar_items(&mut self) {
        let index = Index {
            postings: self.name_postings(),
            by_section: self.unpaired_by_section(),
        };
        let mut shared = SharedCounts::new(self.olds.len());
        let mut scored: Vec<Candidate> = Vec::new();
        for j in (0..self.news.len()).filter(|&j| self.pair_of_new[j].is_none()) {
            scored.extend(self.scored_candidates(j, &index, &mut shared));
        }
        scored.sort_by(|a, b| {
            b.score
                .cmp(&a.score)
                .then(a.old.cmp(&b.old))
                .then(a.new.cmp(&b.new))
        });
        for c in scored {
            if !self.old_taken[c.old] && self.pair_of_new[c.new].is_none() {
                self.pair(c.old, c.new);
            }
        }
    }

    /// The bigram index of the old items not yet paired.
    fn name_postings(&self) -> Postings {
        let mut postings = Postings::new();
        for (i, texts) in self.old_texts.iter().enumerate() {
            if !self.old_taken[i] {
                for &g in &texts.name.bigrams {
                    postings.entry(g).or_default().push(i);
                }
            }
        }
        postings
    }

    /// The unpaired old items by their sections.
    fn unpaired_by_section(&self) -> BySection<'a> {
        let mut by: BySection = HashMap::new();
        for (i, it) in self.olds.iter().enumerate() {
            if !self.old_taken[i] {
                by.entry(it.departments.as_slice()).or_default().push(i);
            }
        }
        by
    }

    /// The old items worth scoring against new item `j`, each once: the five sharing the
    /// most name bigrams with it, then up to twenty unpaired ones of the same section
    /// (same section and similar content also identify an item whose name was rewritten).
    fn candidates_for(&self, j: usize, index: &Index, shared: &mut SharedCounts) -> Vec<usize> {
        let it = self.news[j];
        for g in &self.new_texts[j].name.bigrams {
            let olds = index.postings.get(g).map(Vec::as_slice).unwrap_or_default();
            if olds.len() > COMMON_BIGRAM {
                continue;
            }
            for &i in olds {
                shared.add(i);
            }
        }
        let by_shared = shared.take_most(5);
        let same_section = index
            .by_section
            .get(it.departments.as_slice())
            .map(Vec::as_slice)
            .unwrap_or_default();
        let mut tried: BTreeSet<usize> = BTreeSet::new();
        by_shared
            .into_iter()
            .take(5)
            .map(|(i, _)| i)
            .chain(same_section.iter().copied().take(20))
            .filter(|&i| tried.insert(i))
            .collect()
    }

    /// The candidates for new item `j` alike enough to be the same item.
    fn scored_candidates(
        &self,
        j: usize,
        index: &Index,
        shared: &mut SharedCounts,
    ) -> Vec<Candidate> {
        self.candidates_for(j, index, shared)
            .into_iter()
            .filter_map(|i| {
                let score = likeness(
                    (self.olds[i], &self.old_texts[i]),
                    (self.news[j], &self.new_texts[j]),
                )?;
                Some(Candidate {
                    score,
                    old: i,
                    new: j,
                })
            })
            .collect()
    }

    /// Phase 3: the pairs in new-edition order; old items left unpaired were removed.
    fn into_pairs(self) -> Vec<ItemPair> {
        let mut out: Vec<ItemPair> = self
            .news
            .iter()
            .zip(&self.pair_of_new)
            .map(|(n, o)| ItemPair {
                old: o.map(|i| self.olds[i].id),
                new: Some(n.id),
            })
            .collect();
        out.extend(
            self.olds
                .iter()
                .zip(&self.old_taken)
                .filter(|(_, t)| !**t)
                .map(|(o, _)| ItemPair {
                    old: Some(o.id),
                    new: None,
                }),
        );
        out
    }
}

/// How many bigrams each old item shares with the new item at hand: one count per old
/// item, and the items counted, cleared after each new item (counting in a map costs a
/// lookup per shared bigram).
struct SharedCounts {
    counts: Vec<usize>,
    touched: Vec<usize>,
}

impl SharedCounts {
    fn new(olds: usize) -> SharedCounts {
        SharedCounts {
            counts: vec![0; olds],
            touched: Vec::new(),
        }
    }

    fn add(&mut self, i: usize) {
        if self.counts[i] == 0 {
            self.touched.push(i);
        }
        self.counts[i] += 1;
    }

    /// The `n` old items sharing the most bigrams (the lower index first on a tie), with
    /// their counts, most first; the counts are cleared.
    fn take_most(&mut self, n: usize) -> Vec<(usize, usize)> {
        let mut all: Vec<(usize, usize)> = self
            .touched
            .drain(..)
            .map(|i| (i, std::mem::take(&mut self.counts[i])))
            .collect();
        let order = |a: &(usize, usize), b: &(usize, usize)| b.1.cmp(&a.1).then(a.0.cmp(&b.0));
        if all.len() > n {
            all.select_nth_unstable_by(n, order);
            all.truncate(n);
        }
        all.sort_by(order);
        all
    }
}

/// How alike two items are, in millionths, when they are alike enough to be one item: a
/// similar name, or similar content in the same section.
fn likeness(
    (o, ot): (&PracticeItem, &ItemTexts),
    (n, nt): (&PracticeItem, &ItemTexts),
) -> Option<i64> {
    let name = ot.name.similarity(&nt.name);
    let content = ot.content.similarity(&nt.content);
    let section = o.departments == n.departments;
    if name >= 0.5 || (content >= 0.6 && section) {
        let score = name * 0.6 + content * 0.3 + if section { 0.1 } else { 0.0 };
        Some((score * 1_000_000.0) as i64)
    } else {
        None
    }
}

/// Initiatives of two editions matched by title (identical, else similar), old No. -> new No.
///
/// Each old initiative, in order, takes the first untaken new one of the same title, else
/// the untaken one of the most similar title (a Dice score of at least 0.5; the lower No.
/// on a tie). Titles are indexed (folded titles, and title bigrams) so that two editions of
/// thousands of initiatives are matched in near-linear time, not each against each.
pub(super) fn match_initiatives(old: &Plan, new: &Plan) -> BTreeMap<InitiativeId, InitiativeId> {
    let mut out = BTreeMap::new();
    let mut taken = vec![false; new.initiatives.len()];
    let fold_titles = |plan: &Plan| -> Vec<Folded> {
        plan.initiatives
            .iter()
            .map(|i| Folded::new(&i.title))
            .collect()
    };
    let (old_titles, new_titles) = (fold_titles(old), fold_titles(new));
    let mut by_title: BTreeMap<&str, std::collections::VecDeque<usize>> = BTreeMap::new();
    for (k, t) in new_titles.iter().enumerate() {
        by_title.entry(t.compact.as_str()).or_default().push_back(k);
    }
    for (o, title) in old.initiatives.iter().zip(&old_titles) {
        // Untaken in order: entries are removed as they are taken.
        if let Some(k) = by_title
            .get_mut(title.compact.as_str())
            .and_then(std::collections::VecDeque::pop_front)
        {
            out.insert(o.no, new.initiatives[k].no);
            taken[k] = true;
        }
    }
    let titles = TitleIndex::new(&new_titles);
    for (o, title) in old.initiatives.iter().zip(&old_titles) {
        if out.contains_key(&o.no) {
            continue;
        }
        let best = titles
            .candidates(title, &taken)
            .into_iter()
            .map(|k| (title.similarity(&new_titles[k]), k))
            .filter(|(s, _)| *s >= 0.5)
            .max_by(|a, b| {
                let no = |k: usize| new.initiatives[k].no;
                a.0.total_cmp(&b.0).then(no(b.1).cmp(&no(a.1)))
            });
        if let Some((_, k)) = best {
            out.insert(o.no, new.initiatives[k].no);
            taken[k] = true;
        }
    }
    out
}

/// The new edition's initiative titles by their bigrams.
struct TitleIndex {
    postings: BTreeMap<(char, char), Vec<usize>>,
}

impl TitleIndex {
    /// A bigram shared by more titles than this does not propose candidates (it says
    /// little about which title is which, and would make the matching quadratic).
    const MAX_POSTING: usize = 256;
    /// More candidates than this are cut to those sharing the most bigrams.
    const MAX_CANDIDATES: usize = 64;

    fn new(titles: &[Folded]) -> TitleIndex {
        let mut postings: BTreeMap<(char, char), Vec<usize>> = BTreeMap::new();
        for (k, t) in titles.iter().enumerate() {
            for &g in &t.bigrams {
                postings.entry(g).or_default().push(k);
            }
        }
        TitleIndex { postings }
    }

    /// The untaken initiatives whose titles share a bigram with `title`, by position; a
    /// title with a Dice score of 0.5 or more shares at least one. Below the caps (every
    /// plan of a usual size) these are all of them.
    fn candidates(&self, title: &Folded, taken: &[bool]) -> Vec<usize> {
        let mut shared: BTreeMap<usize, usize> = BTreeMap::new();
        for g in &title.bigrams {
            let list = self.postings.get(g).map(Vec::as_slice).unwrap_or_default();
            if list.len() > Self::MAX_POSTING {
                continue;
            }
            for &k in list.iter().filter(|&&k| !taken[k]) {
                *shared.entry(k).or_default() += 1;
            }
        }
        let mut found: Vec<(usize, usize)> = shared.into_iter().collect();
        if found.len() > Self::MAX_CANDIDATES {
            found.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            found.truncate(Self::MAX_CANDIDATES);
        }
        found.into_iter().map(|(k, _)| k).collect()
    }
}
