//! The plan text parser: a line-oriented state machine over the text extracted from the
//! plan PDF. Structure is recognized on [`fold`](crate::text::fold)ed lines; content keeps
//! its original text.
//!
//! [`recognize`] tells what a line is (an initiative's `No.` line, a heading, a trailer),
//! [`row`] splits the rows of an item table, [`item`] gathers an item's rows into a draft
//! and [`assemble`] turns a finished draft into a [`PracticeItem`](super::PracticeItem),
//! reporting what is missing.

mod assemble;
mod extract;
mod item;
mod recognize;
mod row;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use regex::Regex;

use super::{Initiative, InitiativeId, ParsedPlan, Theme};
use crate::config::{OutlineForm, PlanVocabulary, Settings};
use crate::decode::TextLine;
use crate::diagnostics::{Finding, FindingCode, line_location};
use crate::text::fold;
use item::ItemDraft;
use recognize::{
    InitiativeMarker, OutlineMarker, OutlineStyle, append_text, heading, initiative_marker,
    outline_marker_folded, sdgs_trailer,
};

/// The part of an initiative a line belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    /// After the No. line, before anything else.
    Head,
    Themes,
    Issues,
    Content,
    Goals,
    Items,
    /// After `SDGs :` and similar trailers: nothing is expected until the next heading.
    Trailer,
}

impl Section {
    /// A section of prose, where a numbered line is a list, not an outline level.
    fn is_prose(self) -> bool {
        matches!(
            self,
            Section::Themes | Section::Issues | Section::Content | Section::Goals
        )
    }
}

/// A finding about a line of the file being parsed; the parser adds the file name when
/// it reports it, so the parts that read an item need not know the file.
#[derive(Debug, Clone, PartialEq, Eq)]
struct PendingFinding {
    line: usize,
    code: FindingCode,
    /// The offending value, as found.
    value: String,
    message: String,
}

/// The initiative being read.
struct InitiativeDraft {
    ini: Initiative,
    /// The digits of a `No.` too large to be an initiative number: the initiative is read
    /// (so that its lines are accounted for) and then left out with a finding.
    unusable_no: Option<String>,
    /// The items of an initiative left out (`unusable_no`), counted, not assembled.
    left_out_items: usize,
    /// The `No.` line had no title: the next text line is the title.
    title_pending: bool,
    /// Opened by a numbered outline line other than `No.`: one before any item is
    /// introduction (`（１）` points of the plan's preface), not an initiative.
    outlined: bool,
    /// Opened by a chapter (`第3章　推進体制`): until an item comes it is a part of the
    /// document, whose text is read past as the introduction is, and it is no initiative
    /// if none comes.
    chapter: bool,
    section: Section,
    /// A blank line was seen: the next text line starts a new paragraph.
    paragraph_break: bool,
    item: Option<ItemDraft>,
}

struct Parser<'a> {
    file: &'a str,
    vocab: &'a PlanVocabulary,
    findings: Vec<Finding>,
    themes: Vec<Theme>,
    /// The theme whose name a wrapped theme line continues.
    last_theme: Option<u32>,
    done: Vec<Initiative>,
    cur: Option<InitiativeDraft>,
    /// The numbered levels above the current line, outermost first: `【視点1】`, `(2)`.
    outline: Vec<(OutlineStyle, u32)>,
    /// Whether a chapter's number (`第2章`) is part of the numbers of the initiatives
    /// under it: only where their numbering restarts in another chapter.
    chapters_number: bool,
    /// Outline forms the plan uses once, on a number other than 1 ([`lone_levels`]).
    lone_levels: BTreeSet<OutlineStyle>,
    /// A numbered line (`ア　書かない窓口の導入`) waiting for the next line: followed by a
    /// labelled field (`【担当課】…`), it names an item; otherwise it is read as it is.
    held: Option<TextLine>,
    /// Numbered headings read (`【重点項目1】…`) and the first of them as written: a plan
    /// whose headings open no item is told so, not that it has no heading.
    headings: (usize, Option<String>),
    /// Item rows above the next item's name row.
    early: item::EarlyRows,
}

/// Parses decoded plan text. Never fails: what cannot be read becomes a finding, and
/// everything else is kept.
pub fn parse_plan_text(file: &str, text: &str, settings: &Settings) -> (ParsedPlan, Vec<Finding>) {
    let mut p = Parser {
        file,
        vocab: &settings.plan,
        findings: Vec::new(),
        themes: Vec::new(),
        last_theme: None,
        done: Vec::new(),
        cur: None,
        outline: Vec::new(),
        chapters_number: false,
        lone_levels: BTreeSet::new(),
        held: None,
        headings: (0, None),
        early: item::EarlyRows::default(),
    };
    let (lines, unplaced) = match extract::plan_lines(text, &settings.plan) {
        extract::Extraction::Lines(lines, unplaced) => (lines, unplaced),
        extract::Extraction::TableApart { line } => {
            return (ParsedPlan::empty(file), vec![table_apart(file, line)]);
        }
        extract::Extraction::YearsApart { line } => {
            return (ParsedPlan::empty(file), vec![years_apart(file, line)]);
        }
    };
    p.chapters_number = chapters_number(&lines, p.vocab);
    p.lone_levels = lone_levels(&lines, p.vocab);
    for line in lines {
        p.line(&line);
    }
    if let Some(held) = p.held.take() {
        p.read_line(&held, false);
    }
    for u in unplaced {
        p.finding(
            u.line,
            FindingCode::PlanScheduleUnplaced,
            &format!("値 {} 個・年度 {} 個", u.values, u.years),
            format!(
                "工程表のこの行は値が {} 個、年度が {} 個で、どの年度が空欄かがテキストからは分かりません（pdftotext を -layout なしで取り出したテキストは、表の空欄を残しません）。値を最初の年度から順に入れました。年度がずれていないか確かめるか、pdftotext -layout で取り出したテキスト、または元の PDF・Word の計画を置いてください",
                u.values, u.years
            ),
        );
    }
    p.finish_initiative();
    if !p.done.is_empty() && p.done.iter().all(|i| i.items.is_empty()) {
        // Headings and not one item under them: nothing a section could report on.
        if p.headings.1.is_none() {
            p.headings = (p.done.len(), Some(p.done[0].title.clone()));
        }
        p.done.clear();
    }
    if p.done.is_empty() {
        let message = match &p.headings {
            (n, Some(first)) if *n > 0 => format!(
                "番号の付いた見出し（「{first}」など {n} 件）はありますが、その下に実践項目が一つも見つかりません。項目名・担当部署・工程表の行に見出しの言葉（実践項目名・担当課・工程表 など）があるか確認してください。言葉が違うときは設定ファイルの [plan] で足せます（docs/計画と尺度の設定.md）"
            ),
            _ => "取組（「No. 7」「【重点項目1】」のような番号の行）が一つも見つかりません。計画のファイルか確認してください".to_string(),
        };
        p.findings.push(Finding::new(
            file,
            "",
            FindingCode::PlanNoInitiatives,
            message,
        ));
    }
    let plan = ParsedPlan {
        file: file.to_string(),
        encoding: String::new(),
        themes: p.themes,
        initiatives: p.done,
        title: first_heading(text),
    };
    (plan, p.findings)
}

/// An item table that plain pdftotext output set out a cell at a time: not read.
fn table_apart(file: &str, line: usize) -> Finding {
    not_read(
        file,
        line,
        "一覧表の見出し（取組項目・取組内容・担当課 など）はありますが、このテキストには表の列の位置が残っていません（pdftotext を -layout なしで取り出したテキスト）。セルがどの列のものか分からず、ページをまたぐ行は値が次の行より後ろに来るため、表を組み立て直せません。",
    )
}

/// A schedule whose cells the extraction scattered (the same year alone twice close
/// together): not read.
fn years_apart(file: &str, line: usize) -> Finding {
    not_read(
        file,
        line,
        "工程表の同じ年度（この行）が近くに何度も出てきます。このテキストでは表のセルが取り出した順にばらばらに並んでおり、どの値がどの取組・年度のものか分かりません。",
    )
}

/// The error that a text's tables cannot be rebuilt, at `line`: why, and what to place.
fn not_read(file: &str, line: usize, why: &str) -> Finding {
    Finding::new(
        file,
        crate::diagnostics::line_location(line),
        FindingCode::PlanTableApart,
        format!(
            "{why}この計画は取り込んでいません。元の PDF か Word の計画をそのまま置くか、pdftotext -layout で取り出したテキストを置いてください"
        ),
    )
}

/// The plan's first heading: the first line with text above the first initiative (`No.`),
/// unless it is a page number or too long to be a title.
fn first_heading(text: &str) -> Option<String> {
    let line = text
        .lines()
        .map(|l| l.trim_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}' || c == '\u{C}'))
        .find(|l| !l.is_empty())?;
    let folded = crate::text::fold_compact(line);
    let page_number = folded
        .trim_matches(|c: char| c == '-' || c == '－' || c == 'ー')
        .chars()
        .all(|c| c.is_ascii_digit());
    let initiative = folded.to_ascii_lowercase().starts_with("no");
    (!page_number && !initiative && line.chars().count() <= 60).then(|| line.to_string())
}

impl Parser<'_> {
    fn finding(&mut self, line: usize, code: FindingCode, value: &str, message: String) {
        self.findings
            .push(Finding::new(self.file, line_location(line), code, message).with_value(value));
    }

    fn report(&mut self, f: PendingFinding) {
        self.finding(f.line, f.code, &f.value, f.message);
    }

    /// The initiative being read; `None` only before the first `No.` line, where the
    /// dispatcher sends no line that needs one.
    fn cur_mut(&mut self) -> Option<&mut InitiativeDraft> {
        self.cur.as_mut()
    }

    fn line(&mut self, line: &TextLine) {
        if line.folded.is_empty() {
            if let Some(cur) = self.cur.as_mut() {
                cur.paragraph_break = true;
            }
            return;
        }
        if let Some(held) = self.held.take() {
            if names_item_field(line, self.vocab) {
                self.open_held_item(&held);
            } else {
                self.read_line(&held, false);
            }
        }
        self.read_line(line, true);
    }

    /// Reads a non-empty line; `may_hold`: a numbered line may wait for the next one
    /// ([`Parser::held`]).
    fn read_line(&mut self, line: &TextLine, may_hold: bool) {
        if self.vocab.layout.outline.contains(&OutlineForm::No)
            && let Some(marker) = initiative_marker(&line.raw)
        {
            self.outline = marker
                .no
                .map(|n| (OutlineStyle::No, n))
                .into_iter()
                .collect();
            self.open_initiative(marker, line.no);
            return;
        }
        let section = self.cur.as_ref().map(|c| c.section);
        if !section.is_some_and(Section::is_prose)
            && let Some(marker) = outline_marker_folded(&line.raw, &line.folded, self.vocab)
                .filter(|m| !self.lone_levels.contains(&m.style))
        {
            // 「（1）書かない窓口の導入」 over 「担当課　市民課」 names an item, not a level: it
            // waits for the next line to tell.
            if may_hold && section.is_some_and(|s| self.may_name_item(s, line)) {
                self.held = Some(line.clone());
                return;
            }
            self.open_outline(marker, line.no);
            return;
        }
        let Some(mut section) = section else {
            // Text before the first initiative: the plan's cover and introduction.
            return;
        };
        if self.item_number_row(line) {
            return;
        }
        let label = row::split_row(&line.raw, self.vocab).label;
        let opens_items = label == Some(row::Field::Name)
            || (label == Some(row::Field::Department) && self.early.number.is_some());
        if matches!(section, Section::Head | Section::Trailer) && opens_items {
            // Plans without headings: the item table follows the initiative's line.
            self.enter_section(Section::Items, line.no);
            section = Section::Items;
        }
        // A row of the item table is not a heading even when its label is a heading word
        // (取組内容).
        let has_cells = line.raw.trim().contains('\t');
        if !has_cells && let Some(s) = heading(&line.folded, self.vocab) {
            self.enter_section(s, line.no);
        } else if sdgs_trailer(&line.folded).is_some() {
            // The SDGs goals are not part of the tables (yet); the line ends a section.
            self.trailer();
        } else if may_hold && self.may_name_item(section, line) {
            self.held = Some(line.clone());
        } else if !self.take_title(line) {
            self.section_line(section, line);
        }
    }

    /// A numbered line of an initiative that may name an item whose fields follow as
    /// labelled lines (`ア　書かない窓口の導入` over `【担当課】市民課`).
    fn may_name_item(&self, section: Section, line: &TextLine) -> bool {
        let Some(cur) = self.cur.as_ref() else {
            return false;
        };
        let awaits_values = cur
            .item
            .as_ref()
            .is_some_and(ItemDraft::awaits_schedule_values);
        !cur.title_pending
            && !awaits_values
            && !section.is_prose()
            && !line.raw.trim().contains('\t')
            && held_item_name(&line.raw, self.vocab).is_some()
    }

    /// Rows kept for a next item that did not come: each a finding.
    fn drop_early_rows(&mut self) {
        if let Some(number) = self.early.number.take() {
            self.row_outside_item(self.early.number_line, &number);
        }
        if let Some(d) = self.early.department.take() {
            self.row_outside_item(d.line, &d.text);
        }
    }

    /// An item sheet's number row (`取組番号\t1-1`): kept for the next name row.
    fn item_number_row(&mut self, line: &TextLine) -> bool {
        let mut cells = line.raw.split('\t').map(str::trim);
        let first = cells.next().unwrap_or_default();
        if self.cur.is_none() || !line.raw.contains('\t') || !row::is_number_label(first) {
            return false;
        }
        let Some(value) = cells.find(|c| !c.is_empty()) else {
            return false;
        };
        self.drop_early_rows();
        self.early.number = Some(value.to_string());
        self.early.number_line = line.no;
        true
    }

    /// Opens the item a held numbered line names.
    fn open_held_item(&mut self, held: &TextLine) {
        let Some(name) = held_item_name(&held.raw, self.vocab) else {
            return;
        };
        if self
            .cur
            .as_ref()
            .is_some_and(|c| c.section != Section::Items)
        {
            self.enter_section(Section::Items, held.no);
        }
        let label = self
            .vocab
            .words
            .label_item_name
            .first()
            .cloned()
            .unwrap_or_default();
        let raw = format!("{label}\t{name}");
        let row = TextLine {
            no: held.no,
            folded: fold(&raw),
            raw,
        };
        self.item_line(&row);
    }

    /// A numbered outline line (`【視点1】`, `(2)`): a level deeper than the ones above it
    /// or the next at its level. The line opens an initiative; one that gets no item
    /// before a deeper level opens was a group heading and is dropped.
    fn open_outline(&mut self, marker: OutlineMarker, line: usize) {
        if self.repeats_heading(&marker) {
            return;
        }
        let marker_is_chapter = marker.style == OutlineStyle::Chapter;
        self.headings.0 += 1;
        if self.headings.1.is_none() {
            self.headings.1 = Some(marker.title.clone());
        }
        // A chapter that opened no item is no initiative: a part of the document.
        let under_chapter = self
            .outline
            .last()
            .is_some_and(|(s, _)| *s == OutlineStyle::Chapter);
        if let Some(k) = self.outline.iter().position(|(s, _)| *s == marker.style) {
            self.outline.truncate(k);
        }
        self.outline.push((marker.style, marker.no));
        let parts = self.outline_number();
        let id = InitiativeId::from_parts(&parts);
        if let (Some(cur), Some(id)) = (&self.cur, id)
            && cur.ini.items.is_empty()
            && cur.item.is_none()
            && (id.parts().starts_with(cur.ini.no.parts()) || under_chapter)
        {
            self.cur = None;
        }
        let digits = parts
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("-");
        self.open_numbered(id, digits, marker.title, line);
        if let Some(cur) = self.cur.as_mut() {
            cur.outlined = true;
            cur.chapter = marker_is_chapter;
        }
    }

    /// The number of the outline's deepest level: the numbers of its levels, a chapter's
    /// left out where it does not number the initiatives ([`Parser::chapters_number`]) and
    /// a deeper level stands under it.
    fn outline_number(&self) -> Vec<u32> {
        let last = self.outline.len().saturating_sub(1);
        self.outline
            .iter()
            .enumerate()
            .filter(|(k, (s, _))| *s != OutlineStyle::Chapter || self.chapters_number || *k == last)
            .map(|(_, (_, n))| *n)
            .collect()
    }

    /// A heading printed again at the top of a page (a plan of item sheets repeats the
    /// initiative's heading on each item's page): the number of a level being read, with
    /// the title of the initiative being read when it is that initiative's own level. It
    /// opens nothing; the initiative and its items go on.
    fn repeats_heading(&self, marker: &OutlineMarker) -> bool {
        let Some(cur) = self.cur.as_ref() else {
            return false;
        };
        let Some(k) = self.outline.iter().position(|(s, _)| *s == marker.style) else {
            return false;
        };
        if self.outline[k].1 != marker.no {
            return false;
        }
        k + 1 < self.outline.len()
            || crate::text::fold_compact(&cur.ini.title) == crate::text::fold_compact(&marker.title)
    }

    fn open_initiative(&mut self, marker: InitiativeMarker, line: usize) {
        let id = marker.no.map(InitiativeId::new);
        self.open_numbered(id, marker.digits, marker.title, line);
    }

    /// Opens initiative `no` (`None`: a number no plan could use, given as `digits`).
    fn open_numbered(
        &mut self,
        no: Option<InitiativeId>,
        digits: String,
        title: String,
        line: usize,
    ) {
        self.finish_initiative();
        self.last_theme = None;
        let title_pending = title.is_empty();
        self.cur = Some(InitiativeDraft {
            unusable_no: no.is_none().then_some(digits),
            left_out_items: 0,
            ini: Initiative {
                no: no.unwrap_or(InitiativeId::new(0)),
                title,
                issues: String::new(),
                content: String::new(),
                goals: String::new(),
                items: Vec::new(),
                source_file: self.file.to_string(),
                source_line: line,
            },
            title_pending,
            outlined: false,
            chapter: false,
            section: Section::Head,
            paragraph_break: false,
            item: None,
        });
    }

    /// A heading ends the item being read; a title still awaited will not come.
    fn enter_section(&mut self, section: Section, line: usize) {
        self.finish_item();
        let Some(cur) = self.cur_mut() else { return };
        let missing_title = std::mem::take(&mut cur.title_pending).then_some(cur.ini.no);
        cur.section = section;
        cur.paragraph_break = false;
        if let Some(no) = missing_title {
            self.finding(
                line,
                FindingCode::PlanMissingTitle,
                "",
                format!(
                    "取組 No.{no} の取組名が見つかりません（番号の行にも次の行にもありません）"
                ),
            );
        }
    }

    /// `SDGs :` ends the item being read. In the item table the next item may follow, so
    /// the table stays open; elsewhere nothing more is expected before a heading.
    fn trailer(&mut self) {
        self.finish_item();
        let Some(cur) = self.cur_mut() else { return };
        if cur.section != Section::Items {
            cur.section = Section::Trailer;
        }
    }

    /// Takes the line as the initiative's title when its `No.` line had none.
    fn take_title(&mut self, line: &TextLine) -> bool {
        let Some(cur) = self.cur_mut() else {
            return false;
        };
        if !cur.title_pending {
            return false;
        }
        cur.title_pending = false;
        cur.ini.title = line.raw.replace('\t', " ").trim().to_string();
        true
    }

    fn section_line(&mut self, section: Section, line: &TextLine) {
        match section {
            Section::Themes => self.theme_line(line),
            Section::Issues | Section::Content | Section::Goals => self.prose_line(section, line),
            Section::Items => self.item_line(line),
            Section::Head | Section::Trailer => {
                if self
                    .cur
                    .as_ref()
                    .is_some_and(|c| c.chapter && c.ini.items.is_empty())
                {
                    // A chapter's text (「第1章　計画の概要」 and its prose).
                    return;
                }
                let no = self.cur.as_ref().map_or(InitiativeId::new(0), |c| c.ini.no);
                self.finding(
                    line.no,
                    FindingCode::PlanUnrecognizedLine,
                    line.raw.trim(),
                    format!(
                        "取組 No.{no} の中で、どの見出しにも属さない行です。取り込んでいません"
                    ),
                );
            }
        }
    }

    /// A line of 現状と課題, 取組内容 or 目標・効果.
    fn prose_line(&mut self, section: Section, line: &TextLine) {
        let Some(cur) = self.cur_mut() else { return };
        let para = std::mem::take(&mut cur.paragraph_break);
        let dst = match section {
            Section::Issues => &mut cur.ini.issues,
            Section::Content => &mut cur.ini.content,
            _ => &mut cur.ini.goals,
        };
        append_text(dst, &line.raw.replace('\t', " "), para);
    }

    /// A line of the theme catalogue: `1. 健全な財政運営`, several per line when the PDF
    /// set them in columns, or the wrapped end of the theme before.
    fn theme_line(&mut self, line: &TextLine) {
        static RE: LazyLock<Regex> =
            LazyLock::new(|| crate::text::regex(r"^(\d{1,2})\s*[.、)]\s*(.+)$"));
        for seg in line.raw.split('\t') {
            let seg = fold(seg);
            if seg.is_empty() {
                continue;
            }
            if let Some(c) = RE.captures(&seg) {
                let no: u32 = c[1].parse().unwrap_or(0);
                let name = c[2].trim().to_string();
                match self.themes.iter_mut().find(|t| t.no == no) {
                    Some(t) if t.name == name || t.name.starts_with(&format!("{name} ")) => {}
                    Some(_) => {} // Same number: the first spelling in the plan stands.
                    None => self.themes.push(Theme { no, name }),
                }
                self.last_theme = Some(no);
            } else if let Some(no) = self.last_theme {
                // A theme name wrapped onto the next line.
                if let Some(t) = self.themes.iter_mut().find(|t| t.no == no)
                    && !t.name.ends_with(&seg)
                {
                    t.name.push(' ');
                    t.name.push_str(&seg);
                }
            }
        }
    }

    fn finish_initiative(&mut self) {
        self.finish_item();
        self.drop_early_rows();
        let Some(cur) = self.cur.take() else { return };
        if let Some(digits) = cur.unusable_no {
            self.finding(
                cur.ini.source_line,
                FindingCode::PlanBadInitiativeNo,
                &format!("No.{digits}"),
                format!(
                    "取組番号「{digits}」は大きすぎて取組番号として使えません（{} まで）。この取組（実践項目 {} 件）は取り込んでいません。番号を確認してください",
                    recognize::MAX_INITIATIVE_NO,
                    cur.left_out_items
                ),
            );
            return;
        }
        let introduction = cur.outlined && self.done.iter().all(|i| i.items.is_empty());
        if cur.ini.items.is_empty() && (introduction || cur.chapter) {
            return;
        }
        if cur.ini.items.is_empty() {
            self.finding(
                cur.ini.source_line,
                FindingCode::PlanNoItems,
                &format!("No.{}", cur.ini.no),
                format!("取組 No.{} に実践項目がありません", cur.ini.no),
            );
        }
        self.done.push(cur.ini);
    }
}

/// The tab cells a table cell of a plan document (Word, PDF) becomes in plan text: the
/// lines of a 担当部署 cell one section each (a bureau alone on its line joined to the
/// section below, as in extracted text), any other cell its lines joined on one line.
pub(in crate::plan) fn document_cell(
    row_label: &str,
    lines: &[String],
    vocab: &PlanVocabulary,
) -> Vec<String> {
    if lines.len() > 1 && row::label_of(row_label, vocab) == Some(row::Field::Department) {
        return extract::department_cells(lines);
    }
    vec![lines.join(" ")]
}

/// A line labelling an item's field other than its name (`【担当課】市民課`, `内容：…`).
fn names_item_field(line: &TextLine, vocab: &PlanVocabulary) -> bool {
    matches!(
        row::split_row(&line.raw, vocab).label,
        Some(row::Field::Department | row::Field::Content | row::Field::ScheduleHeader)
    )
}

/// An item's number and name on a line of their own: `① 電子契約`, `(ア) 電子契約`,
/// `1-2 電子契約`, or a katakana alone before the name (`ア　電子契約`, written `(ア)` for
/// the item number reader). `None` for a sentence, a long line, or a section with its
/// bureau's mark (`(こ)こども課`).
fn numbered_item_name(raw: &str, vocab: &PlanVocabulary) -> Option<String> {
    static BARE_KANA: LazyLock<Regex> =
        LazyLock::new(|| crate::text::regex(r"^([ア-ン])[\s\u{3000}]+(\S.*)$"));
    let text = raw.trim();
    if text.ends_with('。') || text.chars().count() > 60 {
        return None;
    }
    if let Some(c) = BARE_KANA.captures(text) {
        return Some(format!("({}) {}", &c[1], c[2].trim()));
    }
    let (number, name) = crate::plan::numbering::number_before_title(text, vocab.layout.iroha);
    let names_section = extract::is_section_only(&name);
    (number.is_some() && !name.is_empty() && !names_section).then(|| text.to_string())
}

pub(in crate::plan) use extract::{inline_schedule, is_widened, layout_table};
pub(in crate::plan) use row::is_number_label;

/// Whether the plan's chapters (`第2章`) number its initiatives: the first level under
/// a chapter restarts its numbers in another chapter (`第2章` ⏎ `重点取組1` … `第3章` ⏎
/// `重点取組1`). Where they run on, or one chapter holds the plan, the initiatives keep
/// the numbers the plan gives them (`重点取組1` is 1, not 2-1).
fn chapters_number(lines: &[TextLine], vocab: &PlanVocabulary) -> bool {
    let mut seen: BTreeSet<(OutlineStyle, u32)> = BTreeSet::new();
    let mut chapter: Option<(OutlineStyle, BTreeSet<u32>)> = None;
    let mut first_levels: Vec<(OutlineStyle, BTreeSet<u32>)> = Vec::new();
    for line in lines {
        let Some(m) = outline_marker_folded(&line.raw, &line.folded, vocab) else {
            continue;
        };
        if m.style == OutlineStyle::Chapter {
            first_levels.extend(chapter.take());
            chapter = Some((m.style, BTreeSet::new()));
            continue;
        }
        if let Some((style, numbers)) = chapter.as_mut() {
            if *style == OutlineStyle::Chapter {
                *style = m.style;
            }
            if *style == m.style {
                numbers.insert(m.no);
            }
        }
    }
    first_levels.extend(chapter);
    first_levels
        .iter()
        .any(|(style, numbers)| numbers.iter().any(|n| !seen.insert((*style, *n))))
}

/// The outline forms that number one line of the plan, on a number other than 1: no level
/// of its outline, whose numbers run from 1, but a title read as one (pypdf sets the
/// cover's 「第5次◇◇市…」 as 「第 5 ◇◇ 次 市…」). A chapter (`第2章`) may stand alone.
fn lone_levels(lines: &[TextLine], vocab: &PlanVocabulary) -> BTreeSet<OutlineStyle> {
    let mut numbers: BTreeMap<OutlineStyle, Vec<u32>> = BTreeMap::new();
    for line in lines {
        if let Some(m) = outline_marker_folded(&line.raw, &line.folded, vocab) {
            numbers.entry(m.style).or_default().push(m.no);
        }
    }
    numbers
        .into_iter()
        .filter(|(style, nos)| *style != OutlineStyle::Chapter && nos.len() == 1 && nos[0] != 1)
        .map(|(style, _)| style)
        .collect()
}

/// The item a numbered line names when labelled fields follow it: [`numbered_item_name`],
/// or a number alone before the name (`1　電子契約`, written `①`: Shift_JIS has no `①`
/// and pdftotext writes it `１`).
fn held_item_name(raw: &str, vocab: &PlanVocabulary) -> Option<String> {
    static BARE_NUMBER: LazyLock<Regex> =
        LazyLock::new(|| crate::text::regex(r"^([0-9０-９]{1,2})[\s\u{3000}]+(\S.*)$"));
    numbered_item_name(raw, vocab).or_else(|| {
        let text = raw.trim();
        let c = BARE_NUMBER
            .captures(text)
            .filter(|_| !text.ends_with('。'))?;
        let number = extract::circled(&c[1])?;
        Some(format!("{number} {}", c[2].trim()))
    })
}

/// Whether a cell of a plan document's table is a label of the item table (実践項目名,
/// 担当課, 取組内容, 工程表, …); `name`: the label of the item's name.
pub(in crate::plan) fn is_item_label(cell: &str, vocab: &PlanVocabulary, name: bool) -> bool {
    match row::label_of(cell, vocab) {
        Some(row::Field::Name) => true,
        Some(_) => !name,
        None => false,
    }
}

/// Whether `cell` is the schedule's label (工程表, 年次計画, スケジュール, …).
pub(in crate::plan) fn names_schedule(cell: &str, vocab: &PlanVocabulary) -> bool {
    row::label_of(cell, vocab) == Some(row::Field::ScheduleHeader)
}

/// Whether `cell` is the owner's label (担当課, 担当部署, 所管課, …).
pub(in crate::plan) fn names_owner(cell: &str, vocab: &PlanVocabulary) -> bool {
    row::label_of(cell, vocab) == Some(row::Field::Department)
}

#[cfg(test)]
mod tests;
