//! The plan text parser: a line-oriented state machine over the text extracted from the
//! plan PDF. Structure is recognized on [`fold`]ed lines; content keeps its original text.

use std::sync::LazyLock;

use regex::Regex;

use super::department::parse_departments;
use super::schedule::schedule_kinds;
use super::{Initiative, ParsedPlan, PracticeItem, Theme};
use crate::config::{PlanVocabulary, Settings};
use crate::decode::{TextLine, text_lines};
use crate::diagnostics::{Finding, FindingCode, line_location};
use crate::text::{fold, fold_compact};
use crate::wareki::parse_fiscal_year;

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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Name,
    Department,
    Content,
    ScheduleHeader,
    ScheduleValues,
}

/// An item being read.
struct ItemDraft {
    line: usize,
    name: String,
    department_cell: Option<(usize, String)>,
    content: String,
    years: Vec<i32>,
    schedule_line: usize,
    schedule_cells: Option<(usize, Vec<String>)>,
    last: Field,
}

struct InitiativeDraft {
    ini: Initiative,
    title_pending: bool,
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
    last_theme: Option<u32>,
    done: Vec<Initiative>,
    cur: Option<InitiativeDraft>,
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
    };
    for line in text_lines(text) {
        p.line(&line);
    }
    p.finish_initiative();
    if p.done.is_empty() {
        p.findings.push(Finding::new(
file,
            "",
            FindingCode::PlanNoInitiatives,
            "取組（「No. 7」のような番号の行）が一つも見つかりません。計画のテキストファイルか確認してください",
        ));
    }
    let plan = ParsedPlan {
        file: file.to_string(),
        encoding: String::new(),
        themes: p.themes,
        initiatives: p.done,
    };
    (plan, p.findings)
}

/// `No. 7`, `No.9 title`, `Ｎｏ．１２`, `No. 1 1`, `取組 No.3`, `№5`.
fn initiative_marker(raw: &str) -> Option<(u32, String)> {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^[\s\u{3000}]*(?:取組[\s\u{3000}]*)?(?:[NＮ][oｏOＯ]|№)[\s\u{3000}]*[.．:：]?[\s\u{3000}]*([0-9０-９](?:[ \u{3000}]?[0-9０-９])*)(?:[\s\u{3000}]+(.*)|$)")
            .expect("valid regex")
    });
    let caps = RE.captures(raw)?;
    let digits: String = fold(&caps[1])
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let no = digits.parse().ok()?;
    let title = caps
        .get(2)
        .map(|m| m.as_str().replace('\t', " ").trim().to_string())
        .unwrap_or_default();
    Some((no, title))
}

/// `I. テーマ`, `Ⅱ．現状と課題`, `(3) 取組内容`, `目標・効果`.
fn heading(folded: &str, vocab: &PlanVocabulary) -> Option<Section> {
    static PREFIX: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:[IVXivx]{1,4}|\d{1,2}|[(]\d{1,2}[)]|[A-Za-z])\s*[.、):]?\s*")
            .expect("valid regex")
    });
    let body = PREFIX.replace(folded, "");
    let body: String = body
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '■' && *c != '●')
        .collect();
    let is = |words: &[String]| words.iter().any(|w| fold_compact(w) == body);
    // Item headings first: "実践項目" must not be read as anything else.
    if is(&vocab.heading_items) {
        Some(Section::Items)
    } else if is(&vocab.heading_themes) {
        Some(Section::Themes)
    } else if is(&vocab.heading_issues) {
        Some(Section::Issues)
    } else if is(&vocab.heading_content) {
        Some(Section::Content)
    } else if is(&vocab.heading_goals) {
        Some(Section::Goals)
    } else {
        None
    }
}

fn is_trailer(folded: &str) -> Option<String> {
    static RE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^SDGs\s*[:]?\s*(.*)$").expect("valid regex"));
    RE.captures(folded).map(|c| c[1].trim().to_string())
}

fn cells(raw: &str) -> Vec<String> {
    raw.split('\t').map(|c| c.trim().to_string()).collect()
}

/// Appends a wrapped line to a text field: lines of Japanese text wrapped by the PDF are
/// joined directly; a new paragraph keeps a line break.
fn append_text(dst: &mut String, add: &str, paragraph: bool) {
    let add = add.trim();
    if add.is_empty() {
        return;
    }
    if !dst.is_empty() {
        let ends_sentence = dst.ends_with(['。', '：', ':', '」']);
        let starts_bullet = add.starts_with([
            '・', '○', '●', '■', '◆', '◇', '※', '①', '②', '③', '④', '⑤', '(', '（',
        ]);
        if paragraph || ends_sentence || starts_bullet {
            dst.push('\n');
        } else if dst.ends_with(|c: char| c.is_ascii_alphanumeric())
            && add.starts_with(|c: char| c.is_ascii_alphanumeric())
        {
            dst.push(' ');
        }
    }
    dst.push_str(add);
}

impl Parser<'_> {
    fn finding(&mut self, line: usize, code: FindingCode, value: &str, message: String) {
        self.findings
            .push(Finding::new(self.file, line_location(line), code, message).with_value(value));
    }

    fn line(&mut self, line: &TextLine) {
        if line.folded.is_empty() {
            if let Some(cur) = self.cur.as_mut() {
                cur.paragraph_break = true;
            }
            return;
        }
        if let Some((no, title)) = initiative_marker(&line.raw) {
            self.finish_initiative();
            self.last_theme = None;
            let title_pending = title.is_empty();
            self.cur = Some(InitiativeDraft {
                ini: Initiative {
                    no,
                    title,
                    issues: String::new(),
                    content: String::new(),
                    goals: String::new(),
                    items: Vec::new(),
                    source_file: self.file.to_string(),
                    source_line: line.no,
                },
                title_pending,
                section: Section::Head,
                paragraph_break: false,
                item: None,
            });
            return;
        }
        let Some(section) = self.cur.as_ref().map(|c| c.section) else {
            // Text before the first initiative: the plan's cover and introduction.
            return;
        };
        let has_cells = line.raw.trim().contains('\t');
        if !has_cells && let Some(s) = heading(&line.folded, self.vocab) {
            self.finish_item();
            let cur = self.cur.as_mut().expect("initiative open");
            if cur.title_pending {
                cur.title_pending = false;
                let no = cur.ini.no;
                self.finding(
                    line.no,
                    FindingCode::PlanMissingTitle,
                    "",
                    format!(
                        "取組 No.{no} の取組名が見つかりません（番号の行にも次の行にもありません）"
                    ),
                );
            }
            let cur = self.cur.as_mut().expect("initiative open");
            cur.section = s;
            cur.paragraph_break = false;
            return;
        }
        if let Some(sdgs) = is_trailer(&line.folded) {
            let _ = sdgs; // The SDGs goals are not part of the tables (yet); the line ends a section.
            self.finish_item();
            let cur = self.cur.as_mut().expect("initiative open");
            if cur.section != Section::Items {
                cur.section = Section::Trailer;
            }
            return;
        }
        {
            let cur = self.cur.as_mut().expect("initiative open");
            if cur.title_pending {
                cur.title_pending = false;
                cur.ini.title = line.raw.replace('\t', " ").trim().to_string();
                return;
            }
        }
        match section {
            Section::Themes => self.theme_line(line),
            Section::Issues | Section::Content | Section::Goals => {
                let cur = self.cur.as_mut().expect("initiative open");
                let para = std::mem::take(&mut cur.paragraph_break);
                let dst = match section {
                    Section::Issues => &mut cur.ini.issues,
                    Section::Content => &mut cur.ini.content,
                    _ => &mut cur.ini.goals,
                };
                append_text(dst, &line.raw.replace('\t', " "), para);
            }
            Section::Items => self.item_line(line),
            Section::Head | Section::Trailer => {
                let no = self.cur.as_ref().map_or(0, |c| c.ini.no);
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

    fn theme_line(&mut self, line: &TextLine) {
        static RE: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"^(\d{1,2})\s*[.、)]\s*(.+)$").expect("valid regex"));
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

    fn label_of(&self, cell: &str) -> Option<Field> {
        let c = fold_compact(cell);
        if c.is_empty() {
            return None;
        }
        let is = |words: &[String]| words.iter().any(|w| fold_compact(w) == c);
        if is(&self.vocab.label_item_name) {
            Some(Field::Name)
        } else if is(&self.vocab.label_department) {
            Some(Field::Department)
        } else if is(&self.vocab.label_item_content) {
            Some(Field::Content)
        } else if is(&self.vocab.label_schedule) {
            Some(Field::ScheduleHeader)
        } else {
            None
        }
    }

    /// Splits a row of the item table into its label and values. Rows normally have tab
    /// separated cells; text extracted without tabs has the label, a space and the value.
    fn split_row(&self, line: &TextLine) -> (Option<Field>, Vec<String>) {
        let cs = cells(&line.raw);
        if cs.len() > 1 {
            return (self.label_of(&cs[0]), cs);
        }
        let trimmed = line.raw.trim();
        let mut labels: Vec<(&String, Field)> = Vec::new();
        for (words, f) in [
            (&self.vocab.label_item_name, Field::Name),
            (&self.vocab.label_department, Field::Department),
            (&self.vocab.label_item_content, Field::Content),
            (&self.vocab.label_schedule, Field::ScheduleHeader),
        ] {
            labels.extend(words.iter().map(|w| (w, f)));
        }
        labels.sort_by_key(|(w, _)| std::cmp::Reverse(w.chars().count()));
        for (w, f) in labels {
            if let Some(rest) = trimmed.strip_prefix(w.as_str())
                && rest.starts_with([' ', '\u{3000}', ':', '：'])
            {
                let rest = rest.trim_start_matches([' ', '\u{3000}', ':', '：']);
                return (Some(f), vec![w.clone(), rest.to_string()]);
            }
        }
        (self.label_of(trimmed), vec![trimmed.to_string()])
    }

    fn item_line(&mut self, line: &TextLine) {
        let (label, cs) = self.split_row(line);
        let awaiting_values = self
            .cur
            .as_ref()
            .and_then(|c| c.item.as_ref())
            .is_some_and(|it| it.last == Field::ScheduleHeader);
        if awaiting_values && label.is_none() {
            let values: Vec<String> = if cs.first().is_some_and(|c| c.is_empty()) {
                cs[1..].to_vec()
            } else {
                cs
            };
            let item = self
                .cur
                .as_mut()
                .and_then(|c| c.item.as_mut())
                .expect("item open");
            item.schedule_cells = Some((line.no, values));
            item.last = Field::ScheduleValues;
            return;
        }
        let value = cs
            .iter()
            .skip(1)
            .filter(|c| !c.is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join(" ");
        match label {
            Some(Field::Name) => {
                self.finish_item();
                let cur = self.cur.as_mut().expect("initiative open");
                cur.item = Some(ItemDraft {
                    line: line.no,
                    name: value,
                    department_cell: None,
                    content: String::new(),
                    years: Vec::new(),
                    schedule_line: 0,
                    schedule_cells: None,
                    last: Field::Name,
                });
            }
            Some(field) => {
                let Some(item) = self.cur.as_mut().and_then(|c| c.item.as_mut()) else {
                    self.finding(
                        line.no,
                        FindingCode::PlanRowOutsideItem,
                        line.raw.trim(),
                        "実践項目名の行より前に項目の行があります。この行は取り込んでいません"
                            .to_string(),
                    );
                    return;
                };
                item.last = field;
                match field {
                    Field::Department => {
                        let joined = cs
                            .iter()
                            .skip(1)
                            .filter(|c| !c.is_empty())
                            .cloned()
                            .collect::<Vec<_>>()
                            .join("、");
                        item.department_cell = Some((line.no, joined));
                    }
                    Field::Content => append_text(&mut item.content, &value, false),
                    Field::ScheduleHeader => {
                        item.schedule_line = line.no;
                        item.years = schedule_header_years(&cs[1..]);
                        if item.years.is_empty() {
                            let v = cs[1..].join(" ");
                            self.finding(
line.no,
                                FindingCode::PlanScheduleHeader,
                                &v,
                                "工程表の見出しに年度（例: R 2年度、令和2年度、2020年度）が読み取れません。この項目の工程表は取り込んでいません".to_string(),
                            );
                        }
                    }
                    Field::Name | Field::ScheduleValues => {}
                }
            }
            None => {
                let continuation = cs.first().is_some_and(|c| c.is_empty()) || cs.len() == 1;
                let text = cs
                    .iter()
                    .filter(|c| !c.is_empty())
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(" ");
                if continuation && let Some(item) = self.cur.as_mut().and_then(|c| c.item.as_mut())
                {
                    match item.last {
                        Field::Name => {
                            append_text(&mut item.name, &text, false);
                            return;
                        }
                        Field::Content => {
                            append_text(&mut item.content, &text, false);
                            return;
                        }
                        _ => {}
                    }
                }
                self.finding(
line.no,
                    FindingCode::PlanUnrecognizedLine,
                    line.raw.trim(),
                    "実践項目の表の中で、見出し（実践項目名・担当部署・取組内容・工程表）のない行です。取り込んでいません".to_string(),
                );
            }
        }
    }

    fn finish_item(&mut self) {
        let Some(cur) = self.cur.as_mut() else { return };
        let Some(draft) = cur.item.take() else { return };
        let ini_no = cur.ini.no;
        let seq = cur.ini.items.len() as u32 + 1;
        let id = format!("{ini_no}-{seq}");
        let mut item = PracticeItem {
            id: id.clone(),
            initiative_no: ini_no,
            seq,
            name: draft.name.trim().to_string(),
            content: draft.content,
            departments: Vec::new(),
            all_departments: false,
            schedule: Vec::new(),
            source_file: self.file.to_string(),
            source_line: draft.line,
        };
        let mut pending: Vec<(usize, FindingCode, String, String)> = Vec::new();
        if item.name.is_empty() {
            pending.push((
                draft.line,
                FindingCode::PlanMissingItemName,
                String::new(),
                format!("実践項目 {id} の実践項目名が空です"),
            ));
        }
        match draft.department_cell {
            Some((line, cell)) if !cell.trim().is_empty() => {
                let parsed = parse_departments(&cell, &self.vocab.all_departments);
                item.departments = parsed.refs;
                item.all_departments = parsed.all_departments;
                for u in parsed.unmarked {
                    pending.push((
line,
                        FindingCode::PlanDepartmentWithoutBureau,
                        u.clone(),
                        format!("実践項目 {id} の担当部署「{u}」に部局記号（例: (民)）がありません。部局なしの部署として取り込みました"),
                    ));
                }
                if item.departments.is_empty() && !item.all_departments {
                    pending.push((line, FindingCode::PlanMissingDepartment, cell.clone(), format!("実践項目 {id}「{}」の担当部署が読み取れません。部署別の表には載りません", item.name)));
                } else if item.departments.is_empty() {
                    pending.push((line, FindingCode::PlanOnlyAllDepartments, cell.clone(), format!("実践項目 {id}「{}」の担当部署は「各担当部署」だけです。主担当の部署がないため部署別の表には載りません", item.name)));
                }
            }
            other => {
                let line = other.map_or(draft.line, |(l, _)| l);
                pending.push((
line,
                    FindingCode::PlanMissingDepartment,
                    String::new(),
                    format!("実践項目 {id}「{}」に担当部署の行がありません。部署別の表には載りません。計画の担当部署を確認してください", item.name),
                ));
            }
        }
        if draft.years.is_empty() {
            if draft.schedule_line == 0 {
                pending.push((
                    draft.line,
                    FindingCode::PlanMissingSchedule,
                    String::new(),
                    format!("実践項目 {id}「{}」に工程表がありません", item.name),
                ));
            }
        } else {
            match draft.schedule_cells {
                None => pending.push((
                    draft.schedule_line,
                    FindingCode::PlanMissingScheduleRow,
                    String::new(),
                    format!("実践項目 {id} の工程表に年度ごとの内容の行がありません"),
                )),
                Some((line, mut values)) => {
                    while values.last().is_some_and(|v| v.is_empty()) {
                        values.pop();
                    }
                    if values.len() > draft.years.len() {
                        pending.push((
line,
                            FindingCode::PlanScheduleMismatch,
                            values[draft.years.len()..].join(" | "),
                            format!(
                                "実践項目 {id} の工程表の行のセル数（{}）が見出しの年度数（{}）より多いため、最初の {} 年度分だけ取り込みました。はみ出した内容を確認してください",
                                values.len(),
                                draft.years.len(),
                                draft.years.len()
                            ),
                        ));
                        values.truncate(draft.years.len());
                    }
                    item.schedule = schedule_kinds(&draft.years, &values);
                }
            }
        }
        for (line, code, value, msg) in pending {
            self.finding(line, code, &value, msg);
        }
        self.cur
            .as_mut()
            .expect("initiative open")
            .ini
            .items
            .push(item);
    }

    fn finish_initiative(&mut self) {
        self.finish_item();
        let Some(cur) = self.cur.take() else { return };
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

fn schedule_header_years(cells: &[String]) -> Vec<i32> {
    static TOKEN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:R|令和|H|平成)\s*(?:元|\d{1,2})\s*年度|(?:19|20)\d{2}\s*年度")
            .expect("valid regex")
    });
    let non_empty: Vec<&String> = cells.iter().filter(|c| !c.trim().is_empty()).collect();
    if non_empty.len() == 1 {
        // Extracted without tabs: all years in one cell.
        let f = fold(non_empty[0]);
        let ys: Vec<i32> = TOKEN
            .find_iter(&f)
            .filter_map(|m| parse_fiscal_year(m.as_str()))
            .collect();
        if ys.len() > 1 {
            return ys;
        }
    }
    non_empty
        .iter()
        .map_while(|c| parse_fiscal_year(c))
        .collect()
}
