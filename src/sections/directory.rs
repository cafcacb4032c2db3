//! The section directory (部署マスタ) and the resolution of a section's written forms.
//!
//! A section is written many ways: `(総)総務課`, `総務部 総務課`, `総務部・総務課`,
//! `総務部／総務課`, `総務部総務課`, `010500 総務部・財政課`, or by a name it had before a
//! reorganisation (機構改革). [`Resolver::resolve`] turns any of them into one
//! [`SectionName`]: the bureau's mark and name and the section's name, as the directory
//! (or, without one, the configured bureau marks) names it.
//!
//! This file holds the data and the resolution only (text in, names out). Reading
//! `input/departments.csv` and the cells that name sections build on it (`read`,
//! `cells`).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use regex::Regex;

use super::names::SectionName;
use crate::text::{fold, fold_compact};
use crate::wareki::Period;

#[cfg(test)]
mod tests;

/// What may stand between a bureau and its section once white space is gone:
/// 「総務部・総務課」「総務部／総務課」「総務部_総務課」.
const SEPARATORS: [char; 6] = ['・', '/', '_', '-', ':', '|'];

/// One section of the directory, as its row gives it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DirectoryEntry {
    /// 部局: `総務部`; may be empty.
    pub bureau: String,
    /// 課: the section's name from `since` on.
    pub section: String,
    /// 略称: the bureau's mark, `総`; may be empty.
    pub mark: String,
    /// 所属コード; may be empty.
    pub code: String,
    /// 別名・旧名称, each `課名` or `部局 課名`. The first is the name the section had
    /// before `since`.
    pub aliases: Vec<String>,
    /// 適用開始日: the month the name took effect.
    pub since: Option<Period>,
    /// Where the row stands in the directory file (`5行目`), for findings.
    pub location: String,
}

/// What a written section name resolved to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// A section of the directory, named as of the directory's period.
    Listed(SectionName),
    /// The bureau is known (by its mark or its name) and the section is not listed.
    Parsed(SectionName),
    /// No bureau could be told apart: the name kept whole.
    Whole(SectionName),
    /// A former name the directory gives to several sections from `since` on (a section
    /// split by a reorganisation): the name as written, and the sections it became.
    Divided {
        name: SectionName,
        successors: Vec<SectionName>,
        since: Option<Period>,
    },
}

impl Resolution {
    /// The name the section goes by.
    pub fn name(&self) -> &SectionName {
        match self {
            Resolution::Listed(n) | Resolution::Parsed(n) | Resolution::Whole(n) => n,
            Resolution::Divided { name, .. } => name,
        }
    }

    /// The sections a divided former name became; empty otherwise.
    pub fn successors(&self) -> &[SectionName] {
        match self {
            Resolution::Divided { successors, .. } => successors,
            _ => &[],
        }
    }
}

/// Whether a directory name is a section's own name or one of its aliases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Form {
    Own,
    Alias,
}

/// The directory: its entries and their names, indexed by their compact forms.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Directory {
    /// The file it was read from, as the clerk knows it; empty when there is none.
    pub file: String,
    entries: Vec<DirectoryEntry>,
    /// Names are given as of this period; `None`: the latest names.
    as_of: Option<Period>,
    /// Each entry's aliases as (bureau, section), in its row's order.
    aliases: Vec<Vec<(String, String)>>,
    by_code: BTreeMap<String, usize>,
    /// (compact bureau, compact section) -> entries with that name or alias.
    by_name: BTreeMap<(String, String), Vec<(usize, Form)>>,
    /// Compact section alone -> entries with that name or alias.
    by_section: BTreeMap<String, Vec<(usize, Form)>>,
    /// Compact bureau -> the mark of its first entry that gives one.
    mark_of: BTreeMap<String, String>,
    /// Folded mark -> the bureau of its first entry that gives one.
    bureau_of: BTreeMap<String, String>,
}

impl Directory {
    /// Indexes `entries`. `bureaus` (mark -> name, as configured) help read aliases
    /// written with their bureau (`総務部 行政改革推進課`).
    pub fn new(
        file: &str,
        entries: Vec<DirectoryEntry>,
        bureaus: &BTreeMap<String, String>,
    ) -> Directory {
        let mut d = Directory {
            file: file.to_string(),
            entries,
            ..Directory::default()
        };
        let known = known_bureaus(bureaus, &d);
        for (i, e) in d.entries.iter().enumerate() {
            let (bureau, mark) = (e.bureau.trim(), e.mark.trim());
            if !mark.is_empty() {
                d.mark_of
                    .entry(fold_compact(bureau))
                    .or_insert_with(|| fold(mark));
                if !bureau.is_empty() {
                    d.bureau_of
                        .entry(fold(mark))
                        .or_insert_with(|| bureau.to_string());
                }
            }
            if !e.code.trim().is_empty() {
                d.by_code.entry(fold_compact(&e.code)).or_insert(i);
            }
            let own = (e.bureau.trim().to_string(), fold_compact(&e.section));
            let aliases: Vec<(String, String)> = e
                .aliases
                .iter()
                .filter_map(|a| alias_name(a, e, &known, bureaus))
                .collect();
            let names = std::iter::once((own, Form::Own))
                .chain(aliases.iter().cloned().map(|n| (n, Form::Alias)));
            for ((bureau, section), form) in names {
                d.by_name
                    .entry((fold_compact(&bureau), section.clone()))
                    .or_default()
                    .push((i, form));
                d.by_section.entry(section).or_default().push((i, form));
            }
            d.aliases.push(aliases);
        }
        d
    }

    /// The same directory, naming sections as of `period` (`None`: the latest names).
    pub fn as_of(mut self, period: Option<Period>) -> Directory {
        self.as_of = period;
        self
    }

    /// The period sections are named as of; `None`: their latest names.
    pub fn as_of_period(&self) -> Option<Period> {
        self.as_of
    }

    /// Whether the directory has no entry.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries, in the file's order.
    pub fn entries(&self) -> &[DirectoryEntry] {
        &self.entries
    }

    /// The name entry `i` goes by as of `period`: its former name (first alias) before
    /// the month its name took effect, its own name otherwise.
    fn name_of(
        &self,
        i: usize,
        period: Option<Period>,
        bureaus: &BTreeMap<String, String>,
    ) -> SectionName {
        let e = &self.entries[i];
        let before = e.since.is_some_and(|s| period.is_some_and(|p| p < s));
        let former = self.aliases[i].first().filter(|_| before);
        let (bureau, section) = match former {
            Some((b, s)) => (b.clone(), s.clone()),
            None => (e.bureau.trim().to_string(), fold_compact(&e.section)),
        };
        let mark = if bureau == e.bureau.trim() && !e.mark.trim().is_empty() {
            fold(e.mark.trim())
        } else {
            mark_of_bureau(&bureau, self, bureaus)
        };
        SectionName {
            mark,
            bureau,
            section,
        }
    }

    /// The name as of `period` of the section whose latest name is `latest`, when the
    /// directory lists it and it went by another name then.
    pub fn renamed_as_of(
        &self,
        latest: &SectionName,
        period: Period,
        bureaus: &BTreeMap<String, String>,
    ) -> Option<SectionName> {
        let key = (fold_compact(&latest.bureau), latest.section.clone());
        let candidates = self.by_name.get(&key)?;
        let (i, _) = candidates.iter().find(|(_, f)| *f == Form::Own)?;
        if self.name_of(*i, None, bureaus) != *latest {
            return None;
        }
        let then = self.name_of(*i, Some(period), bureaus);
        (then != *latest).then_some(then)
    }

    /// Whether some section's name as of `period` differs from its latest name.
    pub fn renames_after(&self, period: Period) -> bool {
        self.entries
            .iter()
            .zip(&self.aliases)
            .any(|(e, a)| !a.is_empty() && e.since.is_some_and(|s| period < s))
    }
}

/// The bureaus' names a written name may begin with: the directory's and the configured
/// ones, longest first (so that `市民生活部` is tried before `市民部`).
///
/// Each comes with its compact form, folded once (a directory of thousands of sections
/// names each bureau on every row).
fn known_bureaus(
    bureaus: &BTreeMap<String, String>,
    directory: &Directory,
) -> Vec<(String, String)> {
    let names: BTreeSet<String> = directory
        .entries
        .iter()
        .map(|e| e.bureau.trim().to_string())
        .chain(bureaus.values().cloned())
        .filter(|b| !b.is_empty())
        .collect();
    let mut known: Vec<(String, String)> = names
        .into_iter()
        .map(|b| {
            let key = fold_compact(&b);
            (b, key)
        })
        .collect();
    sort_longest_first(&mut known);
    known
}

/// Known bureaus longest first (so that `市民生活部` is tried before `市民部`), ties by name.
fn sort_longest_first(known: &mut [(String, String)]) {
    known.sort_by(|a, b| {
        b.1.chars()
            .count()
            .cmp(&a.1.chars().count())
            .then_with(|| a.0.cmp(&b.0))
    });
}

/// The mark of a bureau: the directory's, else the configured one; empty when neither.
fn mark_of_bureau(
    bureau: &str,
    directory: &Directory,
    bureaus: &BTreeMap<String, String>,
) -> String {
    let key = fold_compact(bureau);
    if key.is_empty() {
        return String::new();
    }
    let listed = directory.mark_of.get(&key).cloned();
    listed
        .or_else(|| {
            bureaus
                .iter()
                .find(|(_, name)| fold_compact(name) == key)
                .map(|(mark, _)| mark.clone())
        })
        .unwrap_or_default()
}

/// An alias as (bureau, section): `総務部 行政改革推進課`, `(総)行政改革推進課`, or a
/// section alone, which keeps the entry's bureau.
fn alias_name(
    alias: &str,
    entry: &DirectoryEntry,
    known: &[(String, String)],
    bureaus: &BTreeMap<String, String>,
) -> Option<(String, String)> {
    let folded = fold(alias);
    let text = folded.trim();
    if text.is_empty() {
        return None;
    }
    if let Some((mark, rest)) = split_mark(text) {
        let bureau = bureaus
            .get(&mark)
            .cloned()
            .unwrap_or_else(|| entry.bureau.trim().to_string());
        return Some((bureau, fold_compact(rest)));
    }
    let compact = fold_compact(text);
    match split_bureau(&compact, known) {
        Some((b, s)) => Some((b.to_string(), s.to_string())),
        None => Some((entry.bureau.trim().to_string(), compact)),
    }
}

/// `(総)総務課` -> (`総`, `総務課`) on folded text.
fn split_mark(text: &str) -> Option<(String, &str)> {
    static MARK: LazyLock<Regex> =
        LazyLock::new(|| crate::text::regex(r"^[(\[【<]\s*([^)\]】>]{1,6}?)\s*[)\]】>]\s*(.+)$"));
    let c = MARK.captures(text)?;
    let rest = c.get(2)?.as_str();
    Some((c[1].trim().to_string(), rest))
}

/// `010500 総務部・財政課` -> (`010500`, `総務部・財政課`) on folded text: two or more
/// digits in front, then a separator or the name; a code alone leaves the name empty.
fn split_code(text: &str) -> (Option<&str>, &str) {
    static CODE: LazyLock<Regex> =
        LazyLock::new(|| crate::text::regex(r"^(\d{2,})(?:[\s_:|・-]*(\D.*))?$"));
    let Some(c) = CODE.captures(text) else {
        return (None, text);
    };
    let code = c.get(1).map(|m| m.as_str());
    (code, c.get(2).map_or("", |m| m.as_str()))
}

/// A compact name that begins with a known bureau followed by a section: the bureau as
/// known and the section, separators in between dropped. `都市建設部空港・総務課` ->
/// (`都市建設部`, `空港・総務課`): only a known bureau ends the bureau, never a `・`.
fn split_bureau<'k, 'c>(
    compact: &'c str,
    known: &'k [(String, String)],
) -> Option<(&'k str, &'c str)> {
    known.iter().find_map(|(b, key)| {
        let rest = compact.strip_prefix(key.as_str())?;
        let section = rest.trim_start_matches(SEPARATORS);
        (!section.is_empty()).then_some((b.as_str(), section))
    })
}

/// A name written as a bureau and a section apart (`市民部 市民課`, `財務部　資産経営課`): the
/// writer tells where the bureau ends, so it is one even when no configuration knows it.
/// (bureau, section), compact; `None` for any other name.
pub(super) fn bureau_and_section(text: &str) -> Option<(String, String)> {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        crate::text::regex(
            r"^(\S{1,12}?(?:部|局|本部|事務局|委員会))[\s\u{3000}]+(\S{1,20}(?:課|室|係|センター|事務所|所|館|担当))$",
        )
    });
    let c = RE.captures(text.trim())?;
    Some((fold_compact(&c[1]), fold_compact(&c[2])))
}

/// Resolves written section names against the configured bureau marks and the directory.
pub struct Resolver<'a> {
    bureaus: &'a BTreeMap<String, String>,
    directory: &'a Directory,
    /// Known bureaus with their compact forms, longest first.
    known: Vec<(String, String)>,
}

impl<'a> Resolver<'a> {
    /// A resolver for the configured `bureaus` (mark -> name) and `directory` (possibly
    /// empty).
    pub fn new(bureaus: &'a BTreeMap<String, String>, directory: &'a Directory) -> Resolver<'a> {
        Resolver {
            bureaus,
            directory,
            known: known_bureaus(bureaus, directory),
        }
    }

    /// The resolver also knowing the bureaus that `written` names write apart from their
    /// section (`市民部 市民課`), so that the same plan's `市民部市民課` splits there too.
    pub fn learning_bureaus(self, written: &[String]) -> Resolver<'a> {
        let bureaus = written
            .iter()
            .filter_map(|w| bureau_and_section(&fold(w)).map(|(b, _)| b));
        self.knowing_bureaus(bureaus)
    }

    /// The resolver also knowing `bureaus` (a plan's bureaus that no configuration names),
    /// so that a report's `市民部市民課` is the plan's 市民部 市民課.
    pub fn knowing_bureaus(mut self, bureaus: impl IntoIterator<Item = String>) -> Resolver<'a> {
        let mut added = false;
        for bureau in bureaus {
            let key = fold_compact(&bureau);
            if !key.is_empty() && !self.known.iter().any(|(_, k)| *k == key) {
                self.known.push((bureau, key));
                added = true;
            }
        }
        if added {
            sort_longest_first(&mut self.known);
        }
        self
    }

    /// Whether `name` is a bureau's name (configured or in the directory) and nothing more.
    pub fn is_bureau(&self, name: &str) -> bool {
        let key = fold_compact(name);
        !key.is_empty() && self.known.iter().any(|(_, b)| *b == key)
    }

    /// The department a written name stands for. Tried in order: a bureau mark in front
    /// (`(総)総務課`), a code in front (`010500 …`, by the directory's codes), a name the
    /// directory lists whole, a known bureau in front with any separator or none
    /// (`総務部 総務課`, `総務部・総務課`, `総務部総務課`). A name none of these splits is
    /// kept whole.
    pub fn resolve(&self, written: &str) -> Resolution {
        let folded = fold(written);
        let text = folded.trim();
        if let Some((mark, rest)) = split_mark(text) {
            let bureau = self.bureau_of_mark(&mark);
            return self.within(&mark, &bureau, &fold_compact(rest));
        }
        let (code, rest) = split_code(text);
        if let Some(i) = code.and_then(|c| self.directory.by_code.get(c)) {
            return Resolution::Listed(self.listed(*i));
        }
        let rest = if rest.is_empty() { text } else { rest };
        let compact = fold_compact(rest);
        if let Some(r) = self.listed_whole(&compact) {
            return r;
        }
        if let Some((bureau, section)) = split_bureau(&compact, &self.known) {
            let mark = mark_of_bureau(bureau, self.directory, self.bureaus);
            return self.within(&mark, bureau, section);
        }
        if let Some((bureau, section)) = bureau_and_section(rest) {
            return self.within("", &bureau, &section);
        }
        Resolution::Whole(SectionName {
            section: compact,
            ..SectionName::default()
        })
    }

    /// A section named in the bureau of `inherited` (a list such as `(財)管財課、契約課`
    /// names the bureau once): the directory's section of that name in that bureau, or
    /// the name in that bureau.
    pub fn resolve_in(&self, inherited: &SectionName, section: &str) -> Resolution {
        self.within(&inherited.mark, &inherited.bureau, &fold_compact(section))
    }

    /// The bureau a mark stands for: the directory's, else the configured one.
    fn bureau_of_mark(&self, mark: &str) -> String {
        self.directory
            .bureau_of
            .get(mark)
            .cloned()
            .or_else(|| self.bureaus.get(mark).cloned())
            .unwrap_or_default()
    }

    /// A section in a known bureau (or under an unknown mark).
    fn within(&self, mark: &str, bureau: &str, section: &str) -> Resolution {
        let hits = self
            .directory
            .by_name
            .get(&(fold_compact(bureau), section.to_string()));
        if let Some(r) = hits.and_then(|h| self.of_hits(h, bureau, section)) {
            return r;
        }
        Resolution::Parsed(SectionName {
            mark: mark.to_string(),
            bureau: bureau.to_string(),
            section: section.to_string(),
        })
    }

    /// A name the directory lists without its bureau (a section, an alias), when that
    /// tells one section or one divided former name.
    fn listed_whole(&self, compact: &str) -> Option<Resolution> {
        let hits = self.directory.by_section.get(compact)?;
        let entries: Vec<usize> = distinct(hits.iter().map(|(i, _)| *i));
        let first = fold_compact(&self.directory.entries.get(*entries.first()?)?.bureau);
        let same_bureau = entries
            .iter()
            .all(|i| fold_compact(&self.directory.entries[*i].bureau) == first);
        if entries.len() > 1 && !same_bureau {
            return None;
        }
        let bureau = self
            .directory
            .entries
            .get(entries[0])?
            .bureau
            .trim()
            .to_string();
        self.of_hits(hits, &bureau, compact)
    }

    /// One section, or a former name several sections share (a split).
    fn of_hits(&self, hits: &[(usize, Form)], bureau: &str, section: &str) -> Option<Resolution> {
        if let Some((i, _)) = hits.iter().find(|(_, f)| *f == Form::Own) {
            return Some(Resolution::Listed(self.listed(*i)));
        }
        let entries = distinct(hits.iter().map(|(i, _)| *i));
        match entries.as_slice() {
            [] => None,
            [one] => Some(Resolution::Listed(self.listed(*one))),
            several => Some(Resolution::Divided {
                name: SectionName {
                    mark: mark_of_bureau(bureau, self.directory, self.bureaus),
                    bureau: bureau.to_string(),
                    section: section.to_string(),
                },
                successors: several.iter().map(|i| self.listed(*i)).collect(),
                since: several
                    .iter()
                    .filter_map(|i| self.directory.entries[*i].since)
                    .min(),
            }),
        }
    }

    /// Entry `i`'s name as of the directory's period.
    fn listed(&self, i: usize) -> SectionName {
        self.directory
            .name_of(i, self.directory.as_of, self.bureaus)
    }
}

/// The distinct values of `it`, in their first order.
fn distinct(it: impl Iterator<Item = usize>) -> Vec<usize> {
    let mut seen = BTreeSet::new();
    it.filter(|i| seen.insert(*i)).collect()
}
