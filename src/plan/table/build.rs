//! From the rows of a plan sheet to initiatives and items: which initiative each item
//! belongs to, the numbers of both, and each item's owners and schedule.
//!
//! - A written number of several levels names its initiative by its prefix:
//!   `1-(1)-①` is item 1-1-1 of initiative 1-1.
//! - Otherwise an item belongs to the initiative of the row above it (an initiative
//!   row), or of its initiative column (the same text is the same initiative, wherever
//!   it appears), or to one initiative per sheet titled by the sheet's name.
//! - Initiatives without a written number are numbered in order of first appearance,
//!   skipping numbers written elsewhere.
//! - An item keeps its written number as its ID when it has several levels, or when the
//!   plan's one-level numbers are unique (`No.21` = item 21: the number sections write in
//!   their reports); one-level numbers that restart in each initiative become initiative +
//!   number, and an item without a number gets initiative + its position.
//! - An ID given twice is reported and the later item is not used.
//! - An initiative row with no item whose number is a proper prefix of another
//!   initiative's (`1` over `1-(1)`) is a heading: a one-level one becomes a theme.
//! - Heading levels the items' numbers leave out are parts of the document: under
//!   「Ⅱ　実施項目」 > 「基本目標1」 > 「（1）」 (2-1-1 by the headings), items numbered 1-1-1
//!   are initiative 1-1's, and the headings under Ⅱ lose its number (Ⅱ itself goes).

use std::collections::{BTreeMap, BTreeSet};

use super::rows::{Entry, InitiativeRow, ItemRow};
use crate::config::Settings;
use crate::diagnostics::{Finding, FindingCode};
use crate::plan::{
    Initiative, InitiativeId, ItemId, PracticeItem, Theme, parse_departments, schedule_kinds,
};
use crate::text::fold_compact;

/// An initiative being gathered.
#[derive(Debug, Clone)]
struct Draft {
    written: Option<Vec<u32>>,
    title: String,
    /// The initiative column's text that opened it, to find it again.
    column_key: Option<String>,
    issues: String,
    content: String,
    goals: String,
    location: String,
    row: usize,
    items: Vec<ItemRow>,
}

impl Draft {
    fn from_row(r: InitiativeRow) -> Draft {
        Draft {
            written: r.number,
            title: r.title,
            column_key: None,
            issues: r.issues,
            content: r.content,
            goals: r.goals,
            location: r.location,
            row: r.row,
            items: Vec::new(),
        }
    }

    fn implied(written: Option<Vec<u32>>, title: &str, item: &ItemRow) -> Draft {
        Draft {
            written,
            title: title.to_string(),
            column_key: (!title.is_empty()).then(|| fold_compact(title)),
            issues: String::new(),
            content: String::new(),
            goals: String::new(),
            location: item.location.clone(),
            row: item.row,
            items: Vec::new(),
        }
    }
}

/// What a plan file's rows make: its initiatives and the headings taken as themes.
pub(super) struct Built {
    pub initiatives: Vec<Initiative>,
    pub themes: Vec<Theme>,
}

/// Groups the rows into initiatives, numbers them and their items, and reads each item's
/// owners and schedule.
pub(super) fn build(
    file: &str,
    entries: Vec<Entry>,
    settings: &Settings,
    findings: &mut Vec<Finding>,
) -> Built {
    let drafts = group(entries);
    let (drafts, themes) = take_headings(drafts);
    let numbers = number_initiatives(&drafts);
    let unique_flat = flat_numbers_unique(&drafts);
    let mut seen: BTreeMap<ItemId, String> = BTreeMap::new();
    let mut initiatives = Vec::new();
    for (draft, no) in drafts.into_iter().zip(numbers) {
        if draft.title.is_empty() {
            findings.push(Finding::new(
                file,
                draft.location.clone(),
                FindingCode::PlanMissingTitle,
                format!("取組 {no} の取組名が見つかりません（取組の行か取組の列に書いてください）"),
            ));
        }
        let mut ini = Initiative {
            no,
            title: draft.title,
            issues: draft.issues,
            content: draft.content,
            goals: draft.goals,
            items: Vec::new(),
            source_file: file.to_string(),
            source_line: draft.row,
        };
        for row in draft.items {
            let seq = ini.items.len() as u32 + 1;
            let id = item_id(&row, no, seq, unique_flat);
            if let Some(first) = seen.get(&id) {
                findings.push(duplicate(file, &row, id, first));
                continue;
            }
            seen.insert(id, row.location.clone());
            ini.items
                .push(item(file, row, id, no, seq, settings, findings));
        }
        if ini.items.is_empty() {
            findings.push(Finding::new(
                file,
                draft.location,
                FindingCode::PlanNoItems,
                format!("取組 {no}「{}」に実践項目の行がありません", ini.title),
            ));
        }
        initiatives.push(ini);
    }
    Built {
        initiatives,
        themes,
    }
}

/// The drafts being gathered, found again by written number or initiative-column text.
#[derive(Default)]
struct Drafts {
    list: Vec<Draft>,
    by_number: BTreeMap<Vec<u32>, usize>,
    by_name: BTreeMap<String, usize>,
    /// Leading heading numbers that items' own numbers leave out (`[2]` for 「Ⅱ」 above).
    parts: BTreeSet<Vec<u32>>,
}

impl Drafts {
    /// Adds a draft; the first draft of a number or a name is the one found again.
    fn open(&mut self, d: Draft) -> usize {
        let k = self.list.len();
        if let Some(w) = &d.written {
            self.by_number.entry(w.clone()).or_insert(k);
        }
        for key in [d.column_key.clone(), Some(fold_compact(&d.title))]
            .into_iter()
            .flatten()
            .filter(|key| !key.is_empty())
        {
            self.by_name.entry(key).or_insert(k);
        }
        self.list.push(d);
        k
    }

    /// Gives draft `k`, still without a number and items, the number `w`.
    fn number(&mut self, k: usize, w: &[u32]) {
        self.list[k].written = Some(w.to_vec());
        self.by_number.entry(w.to_vec()).or_insert(k);
    }

    /// Renumbers draft `k`, a heading numbered `heading` without items yet, to `prefix`
    /// when `prefix` (two levels or more, the number of no other draft) is the tail of
    /// `heading`: the levels before it are a part of the document.
    fn take_as_part_of(&mut self, k: usize, heading: &[u32], prefix: &[u32]) -> bool {
        let fits = prefix.len() >= 2
            && heading.len() > prefix.len()
            && heading.ends_with(prefix)
            && self.list[k].items.is_empty();
        let part = &heading[..heading.len().saturating_sub(prefix.len())];
        if !fits || self.number_taken(prefix, part) {
            return false;
        }
        self.by_number.remove(heading);
        self.by_number.remove(prefix);
        self.parts.insert(part.to_vec());
        self.number(k, prefix);
        true
    }

    /// Whether number `w` is a draft's that keeps it: one with items, or a heading not
    /// under `part` nor under a part found before (those lose their part's levels).
    fn number_taken(&self, w: &[u32], part: &[u32]) -> bool {
        self.by_number.get(w).is_some_and(|&j| {
            let d = &self.list[j];
            let under = |p: &[u32]| d.written.as_deref().is_some_and(|x| x.starts_with(p));
            !d.items.is_empty() || !(under(part) || self.parts.iter().any(|p| under(p)))
        })
    }

    /// The drafts with the part levels taken off the headings under a part (unless that
    /// gives a number another draft has), and the parts' own headings (no items, the
    /// part's number) left out.
    fn without_parts(self) -> Vec<Draft> {
        if self.parts.is_empty() {
            return self.list;
        }
        let strip = |w: &[u32]| -> Option<Vec<u32>> {
            let p = self.parts.iter().find(|p| w.starts_with(p))?;
            Some(w[p.len()..].to_vec())
        };
        // The numbers of drafts that keep theirs: with items, or under no part.
        let kept: BTreeSet<Vec<u32>> = self
            .list
            .iter()
            .filter_map(|d| {
                let w = d.written.as_deref()?;
                (!d.items.is_empty() || strip(w).is_none()).then(|| w.to_vec())
            })
            .collect();
        let mut out = Vec::with_capacity(self.list.len());
        for mut d in self.list {
            if let Some(w) = d.written.as_deref().filter(|_| d.items.is_empty())
                && let Some(stripped) = strip(w)
                && !kept.contains(&stripped)
            {
                if stripped.is_empty() {
                    continue;
                }
                d.written = Some(stripped);
            }
            out.push(d);
        }
        out
    }
}

/// The drafts in order of first appearance, each with its items in row order.
fn group(entries: Vec<Entry>) -> Vec<Draft> {
    let mut drafts = Drafts::default();
    let mut cur: Option<usize> = None;
    let mut sheet_title = String::new();
    for e in entries {
        match e {
            Entry::Sheet { title, .. } => {
                cur = None;
                sheet_title = title;
            }
            Entry::Initiative(r) => cur = Some(drafts.open(Draft::from_row(r))),
            Entry::Item(it) => {
                let k = draft_of(&mut drafts, cur, &it, &sheet_title);
                drafts.list[k].items.push(it);
                cur = Some(k);
            }
        }
    }
    drafts.without_parts()
}

/// The index of the draft item `it` belongs to, opening one when none fits.
fn draft_of(drafts: &mut Drafts, cur: Option<usize>, it: &ItemRow, sheet: &str) -> usize {
    if let Some(prefix) = it
        .number
        .as_ref()
        .filter(|n| n.len() >= 2)
        .map(|n| &n[..n.len() - 1])
    {
        if let Some(k) = cur {
            let d = &drafts.list[k];
            if d.written.as_deref() == Some(prefix) {
                return k;
            }
            if d.written.is_none() && d.items.is_empty() {
                drafts.number(k, prefix);
                return k;
            }
            if let Some(heading) = d.written.clone()
                && drafts.take_as_part_of(k, &heading, prefix)
            {
                return k;
            }
        }
        if let Some(&k) = drafts.by_number.get(prefix) {
            return k;
        }
        return drafts.open(Draft::implied(Some(prefix.to_vec()), &it.initiative, it));
    }
    if !it.initiative.is_empty() {
        let key = fold_compact(&it.initiative);
        let names =
            |d: &Draft| d.column_key.as_deref() == Some(&key) || fold_compact(&d.title) == key;
        if let Some(k) = cur.filter(|&k| names(&drafts.list[k])) {
            return k;
        }
        if let Some(&k) = drafts.by_name.get(&key) {
            return k;
        }
        return drafts.open(Draft::implied(None, &it.initiative, it));
    }
    match cur {
        Some(k) => k,
        None => drafts.open(Draft::implied(None, sheet, it)),
    }
}

/// Headings: initiative rows without items whose number a later initiative extends.
fn take_headings(drafts: Vec<Draft>) -> (Vec<Draft>, Vec<Theme>) {
    let prefixes: BTreeSet<&[u32]> = drafts
        .iter()
        .filter_map(|d| d.written.as_deref())
        .flat_map(|w| (1..w.len()).map(move |n| &w[..n]))
        .collect();
    let headings: Vec<bool> = drafts
        .iter()
        .map(|d| d.items.is_empty() && d.written.as_deref().is_some_and(|w| prefixes.contains(w)))
        .collect();
    let mut themes = Vec::new();
    let mut kept = Vec::new();
    for (d, heading) in drafts.into_iter().zip(headings) {
        match d.written.as_deref() {
            Some([no]) if heading => themes.push(Theme {
                no: *no,
                name: d.title,
            }),
            _ => kept.push(d),
        }
    }
    (kept, themes)
}

/// Each draft's initiative number: its written number, else the next number in order
/// of appearance not written elsewhere.
fn number_initiatives(drafts: &[Draft]) -> Vec<InitiativeId> {
    let written: BTreeSet<InitiativeId> = drafts
        .iter()
        .filter_map(|d| InitiativeId::from_parts(d.written.as_deref()?))
        .collect();
    let mut next = 1;
    drafts
        .iter()
        .map(|d| {
            if let Some(id) = d.written.as_deref().and_then(InitiativeId::from_parts) {
                return id;
            }
            while written.contains(&InitiativeId::new(next)) {
                next += 1;
            }
            next += 1;
            InitiativeId::new(next - 1)
        })
        .collect()
}

/// Whether the items numbered with one level have numbers unique in the whole plan.
fn flat_numbers_unique(drafts: &[Draft]) -> bool {
    let mut seen = BTreeSet::new();
    drafts
        .iter()
        .flat_map(|d| &d.items)
        .filter_map(|it| match it.number.as_deref() {
            Some([n]) => Some(*n),
            _ => None,
        })
        .all(|n| seen.insert(n))
}

/// The item's ID (see the module's rules).
fn item_id(row: &ItemRow, ini: InitiativeId, seq: u32, unique_flat: bool) -> ItemId {
    let by_position = || ItemId::under(ini, seq).unwrap_or(ItemId::new(0, seq));
    match row.number.as_deref() {
        Some(parts) if parts.len() >= 2 => ItemId::from_parts(parts),
        Some(parts @ [_]) if unique_flat => ItemId::from_parts(parts),
        Some([n]) => ItemId::under(ini, *n),
        _ => None,
    }
    .unwrap_or_else(by_position)
}

fn duplicate(file: &str, row: &ItemRow, id: ItemId, first: &str) -> Finding {
    Finding::new(
        file,
        row.location.clone(),
        FindingCode::PlanDuplicateItem,
        format!(
            "項目番号 {id} の実践項目「{}」は、{first} の項目と番号が重なります。この行は取り込んでいません。番号を確認してください",
            row.name
        ),
    )
    .with_value(id.to_string())
}

/// The practice item of a row, with its owners and schedule read and what it lacks
/// reported.
fn item(
    file: &str,
    row: ItemRow,
    id: ItemId,
    ini: InitiativeId,
    seq: u32,
    settings: &Settings,
    findings: &mut Vec<Finding>,
) -> PracticeItem {
    let vocab = &settings.plan;
    let cells: Vec<String> = row.schedule.iter().map(|(_, c)| c.clone()).collect();
    let years: Vec<i32> = row.schedule.iter().map(|(y, _)| *y).collect();
    let mut item = PracticeItem {
        id,
        initiative_no: ini,
        seq,
        name: row.name,
        content: row.content,
        departments: Vec::new(),
        all_departments: false,
        schedule: schedule_kinds(&years, &cells, &vocab.schedule_legend),
        effect_targets: row.effects,
        target_indicator: row.target,
        source_file: file.to_string(),
        source_line: row.row,
    };
    let finding = |code, location: &str, value: &str, message: String| {
        Finding::new(file, location, code, message).with_value(value)
    };
    if item.name.is_empty() {
        findings.push(finding(
            FindingCode::PlanMissingItemName,
            &row.location,
            "",
            format!("実践項目 {id} の実践項目名が空です"),
        ));
    }
    let parsed = parse_departments(&row.section, &vocab.all_departments);
    item.departments = parsed.refs;
    item.all_departments = parsed.all_departments;
    if item.departments.is_empty() {
        let (code, why) = if item.all_departments {
            (
                FindingCode::PlanOnlyAllDepartments,
                "は「各担当部署」だけです。主担当の部署がないため",
            )
        } else {
            (FindingCode::PlanMissingDepartment, "がありません。")
        };
        findings.push(finding(
            code,
            &row.section_location,
            &row.section,
            format!(
                "実践項目 {id}「{}」の担当部署{why}部署別の表には載りません",
                item.name
            ),
        ));
    }
    item
}
