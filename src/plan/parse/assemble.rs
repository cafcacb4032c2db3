//! A finished [`ItemDraft`] becomes a [`PracticeItem`]: its id, its owners read from the
//! 担当部署 cell, its schedule read against the header's years, and a finding for each
//! thing the plan leaves out or gets wrong.

use super::item::{DepartmentCell, ItemDraft, ScheduleHeader, ScheduleRow};
use super::recognize::section_in_title;
use super::{Parser, PendingFinding};
use crate::config::{LegendEntry, PlanVocabulary};
use crate::diagnostics::FindingCode;
use crate::plan::schedule::schedule_kinds;
use crate::plan::{InitiativeId, ItemId, PracticeItem};
use crate::sections::parse_departments;

/// An item and what was found wrong with it, in the order the checks ran.
#[derive(Debug, Clone)]
pub(super) struct AssembledItem {
    pub item: PracticeItem,
    pub findings: Vec<PendingFinding>,
}

/// Builds item `seq` of initiative `ini_no` from its draft. `all_words` are the words
/// meaning "every section concerned" in a 担当部署 cell.
pub(super) fn assemble_item(
    draft: ItemDraft,
    ini_no: InitiativeId,
    seq: u32,
    file: &str,
    vocab: &PlanVocabulary,
) -> AssembledItem {
    let id = item_id(draft.number.as_deref(), ini_no, seq);
    let department_cell = draft.department_cell.or(draft.early_department);
    let (name, department_cell) = owner_in_title(draft.name, department_cell, draft.line);
    let mut item = PracticeItem {
        id,
        initiative_no: ini_no,
        seq,
        name: name.trim().to_string(),
        content: draft.content,
        departments: Vec::new(),
        all_departments: false,
        schedule: Vec::new(),
        effect_targets: std::collections::BTreeMap::new(),
        target_indicator: String::new(),
        source_file: file.to_string(),
        source_line: draft.line,
    };
    let mut findings = Vec::new();
    if item.name.is_empty() {
        findings.push(PendingFinding {
            line: draft.line,
            code: FindingCode::PlanMissingItemName,
            value: String::new(),
            message: format!("実践項目 {id} の実践項目名が空です"),
        });
    }
    read_departments(
        &mut item,
        department_cell,
        draft.line,
        &vocab.all_departments,
        &mut findings,
    );
    read_schedule(
        &mut item,
        &vocab.schedule_legend,
        draft.schedule_header,
        draft.schedule_row,
        draft.line,
        &mut findings,
    );
    AssembledItem { item, findings }
}

/// The item's ID: the number written before its name, a whole path (`1-(1)-①`) or the
/// last level under its initiative (`①`); without one, its place in the initiative.
fn item_id(number: Option<&[u32]>, initiative: InitiativeId, seq: u32) -> ItemId {
    let written = match number {
        Some(parts) if parts.len() > 1 => ItemId::from_parts(parts),
        Some([n]) => ItemId::under(initiative, *n),
        _ => None,
    };
    written
        .or_else(|| ItemId::under(initiative, seq))
        .unwrap_or(ItemId::new(0, seq))
}

/// The name and the 担当部署 cell: a plan without a 担当部署 row may name the section in
/// brackets after the title (`電子申請の導入（情報政策課）`).
fn owner_in_title(
    name: String,
    cell: Option<DepartmentCell>,
    line: usize,
) -> (String, Option<DepartmentCell>) {
    if cell.is_some() {
        return (name, cell);
    }
    match section_in_title(&name) {
        Some((title, section)) => (
            title,
            Some(DepartmentCell {
                line,
                text: section,
            }),
        ),
        None => (name, None),
    }
}

/// Sets the item's owners from its 担当部署 cell. An item without a usable owner cannot be
/// listed by section, which the clerk must know.
fn read_departments(
    item: &mut PracticeItem,
    cell: Option<DepartmentCell>,
    item_line: usize,
    all_words: &[String],
    findings: &mut Vec<PendingFinding>,
) {
    let id = item.id;
    let cell = match cell {
        Some(cell) if !cell.text.trim().is_empty() => cell,
        other => {
            // No row, or a row with nothing in it: located at the row when there is one.
            let line = other.map_or(item_line, |c| c.line);
            findings.push(PendingFinding {
                line,
                code: FindingCode::PlanMissingDepartment,
                value: String::new(),
                message: format!("実践項目 {id}「{}」に担当部署の行がありません。部署別の表には載りません。計画の担当部署を確認してください", item.name),
            });
            return;
        }
    };
    let parsed = parse_departments(&cell.text, all_words);
    item.departments = parsed.refs;
    item.all_departments = parsed.all_departments;
    if item.departments.is_empty() && !item.all_departments {
        findings.push(PendingFinding {
            line: cell.line,
            code: FindingCode::PlanMissingDepartment,
            value: cell.text,
            message: format!(
                "実践項目 {id}「{}」の担当部署が読み取れません。部署別の表には載りません",
                item.name
            ),
        });
    } else if item.departments.is_empty() {
        findings.push(PendingFinding {
            line: cell.line,
            code: FindingCode::PlanOnlyAllDepartments,
            value: cell.text,
            message: format!("実践項目 {id}「{}」の担当部署は「各担当部署」だけです。主担当の部署がないため部署別の表には載りません", item.name),
        });
    }
}

/// The cells of a schedule row, one per year: a cell under a header spanning several
/// years (`R3～R4`) is followed by empty cells, which continue its activity.
fn spread_over_years(cells: Vec<String>, spans: &[usize]) -> Vec<String> {
    if spans.is_empty() {
        return cells;
    }
    let mut out = Vec::new();
    for (k, cell) in cells.into_iter().enumerate() {
        let span = spans.get(k).copied().unwrap_or(1);
        out.push(cell);
        out.extend(std::iter::repeat_n(String::new(), span.saturating_sub(1)));
    }
    out
}

/// Sets the item's schedule from the header's years and the row of cells under it. A
/// header without readable years was reported when it was read.
fn read_schedule(
    item: &mut PracticeItem,
    legend: &[LegendEntry],
    header: Option<ScheduleHeader>,
    row: Option<ScheduleRow>,
    item_line: usize,
    findings: &mut Vec<PendingFinding>,
) {
    let id = item.id;
    let Some(header) = header else {
        findings.push(PendingFinding {
            line: item_line,
            code: FindingCode::PlanMissingSchedule,
            value: String::new(),
            message: format!("実践項目 {id}「{}」に工程表がありません", item.name),
        });
        return;
    };
    if header.years.is_empty() {
        return;
    }
    let Some(row) = row else {
        findings.push(PendingFinding {
            line: header.line,
            code: FindingCode::PlanMissingScheduleRow,
            value: String::new(),
            message: format!("実践項目 {id} の工程表に年度ごとの内容の行がありません"),
        });
        return;
    };
    let years = &header.years;
    let mut values = spread_over_years(row.cells, &header.spans);
    while values.last().is_some_and(|v| v.is_empty()) {
        values.pop();
    }
    if values.len() > years.len() {
        findings.push(PendingFinding {
            line: row.line,
            code: FindingCode::PlanScheduleMismatch,
            value: values[years.len()..].join(" | "),
            message: format!(
                "実践項目 {id} の工程表の行のセル数（{}）が見出しの年度数（{}）より多いため、最初の {} 年度分だけ取り込みました。はみ出した内容を確認してください",
                values.len(),
                years.len(),
                years.len()
            ),
        });
        values.truncate(years.len());
    }
    item.schedule = schedule_kinds(years, &values, legend);
}

impl Parser<'_> {
    /// Ends the item being read, if any: it joins its initiative, numbered in plan order,
    /// and what it lacks is reported.
    pub(super) fn finish_item(&mut self) {
        let Some(cur) = self.cur.as_mut() else { return };
        let Some(mut draft) = cur.item.take() else {
            return;
        };
        if cur.unusable_no.is_some() {
            // The initiative is left out with one finding that counts its items.
            cur.left_out_items += 1;
            return;
        }
        let ini_no = cur.ini.no;
        let early_unused = draft
            .department_cell
            .is_some()
            .then(|| draft.early_department.take())
            .flatten();
        let seq = cur.ini.items.len() as u32 + 1;
        let assembled = assemble_item(draft, ini_no, seq, self.file, self.vocab);
        if let Some(d) = early_unused {
            self.row_outside_item(d.line, &d.text);
        }
        for f in assembled.findings {
            self.report(f);
        }
        if let Some(cur) = self.cur_mut() {
            cur.ini.items.push(assembled.item);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::ScheduleKind;
    use crate::plan::parse::row::Field;

    fn vocab() -> PlanVocabulary {
        crate::Settings::default().plan
    }

    fn draft(department: Option<&str>, years: &[i32], cells: Option<&[&str]>) -> ItemDraft {
        ItemDraft {
            line: 10,
            name: " 窓口の混雑状況に関する市民周知 ".to_string(),
            number: None,
            department_cell: department.map(|text| DepartmentCell {
                line: 11,
                text: text.to_string(),
            }),
            early_department: None,
            content: "周知方法を検討する。".to_string(),
            schedule_header: Some(ScheduleHeader {
                line: 13,
                years: years.to_vec(),
                spans: Vec::new(),
                columns: Vec::new(),
                in_one_cell: false,
            }),
            schedule_row: cells.map(|cs| ScheduleRow {
                line: 14,
                cells: cs.iter().map(|c| c.to_string()).collect(),
            }),
            last: Field::ScheduleValues,
        }
    }

    fn codes(a: &AssembledItem) -> Vec<(usize, FindingCode)> {
        a.findings.iter().map(|f| (f.line, f.code)).collect()
    }

    #[test]
    fn a_complete_draft_gives_an_item_and_no_findings() {
        let d = draft(
            Some("(民)窓口サービス課"),
            &[2020, 2021],
            Some(&["検討", "→", ""]),
        );
        let a = assemble_item(d, InitiativeId::new(7), 2, "plan.txt", &vocab());
        assert!(a.findings.is_empty(), "{:?}", a.findings);
        assert_eq!(a.item.id, "7-2");
        assert_eq!(
            (a.item.initiative_no, a.item.seq),
            (InitiativeId::new(7), 2)
        );
        assert_eq!(a.item.name, "窓口の混雑状況に関する市民周知");
        assert_eq!(a.item.departments[0].id(), "(民)窓口サービス課");
        assert_eq!(
            (a.item.source_file.as_str(), a.item.source_line),
            ("plan.txt", 10)
        );
        let kinds: Vec<_> = a.item.schedule.iter().map(|c| c.kind).collect();
        assert_eq!(kinds, vec![ScheduleKind::New, ScheduleKind::Arrow]);
    }

    #[test]
    fn missing_and_unusable_departments_are_located() {
        let assemble = |d| assemble_item(d, InitiativeId::new(7), 1, "plan.txt", &vocab());
        let no_row = assemble(draft(None, &[2020], Some(&["検討"])));
        assert_eq!(
            codes(&no_row),
            vec![(10, FindingCode::PlanMissingDepartment)]
        );
        let empty = assemble(draft(Some(" "), &[2020], Some(&["検討"])));
        assert_eq!(
            codes(&empty),
            vec![(11, FindingCode::PlanMissingDepartment)]
        );
        let only_all = assemble(draft(Some("各担当部署"), &[2020], Some(&["検討"])));
        assert_eq!(
            codes(&only_all),
            vec![(11, FindingCode::PlanOnlyAllDepartments)]
        );
        assert_eq!(only_all.findings[0].value, "各担当部署");
        assert!(only_all.item.all_departments);
        // A section without a bureau is resolved (and reported once) when the plan is
        // assembled, not per item.
        let unmarked = assemble(draft(Some("企画課"), &[2020], Some(&["検討"])));
        assert!(codes(&unmarked).is_empty());
        assert_eq!(unmarked.item.departments[0].id(), "企画課");
    }

    #[test]
    fn schedule_problems_are_reported_once_each() {
        let assemble = |d| assemble_item(d, InitiativeId::new(7), 1, "plan.txt", &vocab());
        let mut no_header = draft(Some("(民)窓口サービス課"), &[], None);
        no_header.schedule_header = None;
        assert_eq!(
            codes(&assemble(no_header)),
            vec![(10, FindingCode::PlanMissingSchedule)]
        );
        // Unreadable years were reported with the header row.
        let unreadable = assemble(draft(Some("(民)窓口サービス課"), &[], Some(&["検討"])));
        assert!(unreadable.findings.is_empty());
        assert!(unreadable.item.schedule.is_empty());
        let no_row = assemble(draft(Some("(民)窓口サービス課"), &[2020], None));
        assert_eq!(
            codes(&no_row),
            vec![(13, FindingCode::PlanMissingScheduleRow)]
        );
        let too_many = assemble(draft(
            Some("(民)窓口サービス課"),
            &[2020, 2021],
            Some(&["検討", "実施", "見直し", "", ""]),
        ));
        assert_eq!(
            codes(&too_many),
            vec![(14, FindingCode::PlanScheduleMismatch)]
        );
        assert_eq!(too_many.findings[0].value, "見直し");
        assert_eq!(too_many.item.schedule.len(), 2);
    }

    #[test]
    fn an_empty_name_is_reported_before_the_rest() {
        let mut d = draft(None, &[2020], Some(&["検討"]));
        d.name = "  ".to_string();
        let a = assemble_item(d, InitiativeId::new(9), 3, "plan.txt", &vocab());
        assert_eq!(
            codes(&a),
            vec![
                (10, FindingCode::PlanMissingItemName),
                (10, FindingCode::PlanMissingDepartment)
            ]
        );
        assert_eq!(a.findings[0].message, "実践項目 9-3 の実践項目名が空です");
    }
}
