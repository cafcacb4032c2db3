//! Finding the header of a plan sheet: the row naming the columns (after title rows),
//! a sub-header row under it when groups such as 「年度」「工程表」「効果額（千円）」 span
//! the year cells, which column plays which role, and which columns are fiscal years of
//! the schedule or of the effect amounts.

use std::collections::BTreeMap;

use crate::amount::AmountUnit;
use crate::config::{PlanColumn, Settings};
use crate::sheet::{CellValue, HeaderKeys, RawSheet};
use crate::text::fold_compact;
use crate::wareki::{parse_eraless_fiscal_year, parse_fiscal_year};

/// Rows searched for the header (as for progress reports).
const HEADER_SEARCH_ROWS: usize = 30;

/// A column of effect amounts (効果額) for one fiscal year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct EffectColumn {
    pub year: i32,
    pub col: usize,
    pub unit: AmountUnit,
}

/// The header of a plan sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct PlanHeader {
    /// Index of the header row (the upper one of a two-row header).
    pub row: usize,
    /// Index of the first row after the header.
    pub data_start: usize,
    /// Role -> column, for the roles of one column each (not the year groups).
    pub fields: BTreeMap<PlanColumn, usize>,
    /// Fiscal year -> column of the schedule (工程表), ascending by year.
    pub schedule: BTreeMap<i32, usize>,
    /// The effect-amount columns, ascending by year.
    pub effects: Vec<EffectColumn>,
}

/// Roles that group year columns rather than name one column.
fn is_group(role: PlanColumn) -> bool {
    matches!(role, PlanColumn::Schedule | PlanColumn::Effect)
}

/// The configured header words as comparable keys, made once per file.
pub(super) struct HeaderWords {
    /// Key -> role; a word configured for two roles keeps the first.
    keys: HeaderKeys<PlanColumn>,
    /// The 効果額 words, longest first (「財政効果額」 before 「効果額」).
    effect: Vec<String>,
    /// The header words of a progress report's status column (進捗状況): a sheet with
    /// one and no schedule is a report, not a plan.
    status: HeaderKeys<()>,
}

impl HeaderWords {
    pub fn new(settings: &Settings) -> HeaderWords {
        let keys = HeaderKeys::new(settings.plan.columns.iter().map(|(r, w)| (*r, w)));
        let mut effect: Vec<String> = settings
            .plan
            .columns
            .get(&PlanColumn::Effect)
            .map(|ws| ws.iter().map(|w| fold_compact(w)).collect())
            .unwrap_or_default();
        effect.retain(|w| !w.is_empty());
        effect.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
        let status = HeaderKeys::new(
            settings
                .progress
                .columns
                .get(&crate::config::ProgressColumn::Status)
                .map(|w| ((), w)),
        );
        HeaderWords {
            keys,
            effect,
            status,
        }
    }

    /// Whether row `row` of `sheet` has a progress report's status column (進捗状況).
    pub fn has_report_status(&self, sheet: &RawSheet, row: usize) -> bool {
        let width = sheet.rows.get(row).map_or(0, Vec::len);
        (0..width).any(|c| self.status.role(sheet.cell(row, c)).is_some())
    }

    /// The role a header cell names, if its text is one of the header words.
    pub fn role(&self, cell: &CellValue) -> Option<PlanColumn> {
        self.keys.role(cell)
    }
}

/// Column -> role for every cell of row `row` that names a role; a role named twice
/// keeps its leftmost column, except the year groups, which may recur.
pub(super) fn roles_of_row(
    sheet: &RawSheet,
    row: usize,
    words: &HeaderWords,
) -> BTreeMap<usize, PlanColumn> {
    let mut out = BTreeMap::new();
    let mut used = Vec::new();
    for c in 0..sheet.rows.get(row).map_or(0, Vec::len) {
        if let Some(role) = words.role(sheet.cell(row, c))
            && (is_group(role) || !used.contains(&role))
        {
            used.push(role);
            out.insert(c, role);
        }
    }
    out
}

/// Whether a header text names effect amounts (「効果額（千円）」, 「R3効果額」).
fn names_effect(text: &str, words: &HeaderWords) -> bool {
    let key = fold_compact(text);
    !key.is_empty() && words.effect.iter().any(|w| key.contains(w.as_str()))
}

/// The fiscal year a header cell names: `令和3年度`, `R3`, `2021年度`, and with an
/// effect word and a unit around it, `効果額（令和3年度）` or `R3効果額（千円）`.
fn year_of(text: &str, words: &HeaderWords) -> Option<i32> {
    let key = fold_compact(text);
    if key.is_empty() {
        return None;
    }
    if let Some(y) = parse_fiscal_year(&key).or_else(|| parse_eraless_fiscal_year(&key)) {
        return Some(y);
    }
    let mut rest = key;
    for w in &words.effect {
        rest = rest.replace(w.as_str(), "");
    }
    // Parenthesized parts: a unit is dropped, a year is kept.
    let mut plain = String::new();
    for part in rest.split(['(', ')']) {
        if AmountUnit::in_header(part).is_none() && !part.starts_with("単位") {
            plain.push_str(part);
        }
    }
    parse_fiscal_year(&plain)
}

/// The text of a cell as a header reads it (a number such as `2021` included).
fn head_text(sheet: &RawSheet, row: usize, col: usize) -> String {
    sheet.cell(row, col).display()
}

/// The header of `sheet`: among the first rows, the row naming the most roles, one of
/// them the item name (or, when there is none, the initiative, whose column then names
/// the items). `None` when no row qualifies.
pub(super) fn find_header(sheet: &RawSheet, words: &HeaderWords) -> Option<PlanHeader> {
    let row = best_row(sheet, words)?;
    let sub = is_sub_header(sheet, row, words);
    let mut fields = field_roles(sheet, row, words);
    if sub {
        for (col, role) in field_roles(sheet, row + 1, words) {
            if under_year_group(sheet, row, col, words) {
                // 「取組」 under 「令和3年度」 is that year's schedule, not a column of its own.
                continue;
            }
            fields.retain(|c, r| *c == col || *r != role);
            fields.insert(col, role);
        }
    }
    let mut fields: BTreeMap<PlanColumn, usize> = fields.into_iter().map(|(c, r)| (r, c)).collect();
    if !fields.contains_key(&PlanColumn::ItemName)
        && let Some(col) = fields.remove(&PlanColumn::Initiative)
    {
        fields.insert(PlanColumn::ItemName, col);
    }
    if !fields.contains_key(&PlanColumn::Section)
        && let Some(col) = fields.remove(&PlanColumn::Bureau)
    {
        // 「担当部局」 alone names the owners.
        fields.insert(PlanColumn::Section, col);
    }
    let (schedule, effects) = year_columns(sheet, row, sub, &fields, words);
    Some(PlanHeader {
        row,
        data_start: row + 1 + usize::from(sub),
        fields,
        schedule,
        effects,
    })
}

/// Whether column `col` lies under a year or a year group of header row `row`: the
/// nearest header cell at or left of it names a fiscal year, 年度 or 効果額.
fn under_year_group(sheet: &RawSheet, row: usize, col: usize, words: &HeaderWords) -> bool {
    let Some(group) = (0..=col)
        .rev()
        .map(|c| head_text(sheet, row, c))
        .find(|t| !t.is_empty())
    else {
        return false;
    };
    year_of(&group, words).is_some() || words.role(&CellValue::Text(group)).is_some_and(is_group)
}

/// The roles of row `row` that name one column each.
fn field_roles(sheet: &RawSheet, row: usize, words: &HeaderWords) -> BTreeMap<usize, PlanColumn> {
    roles_of_row(sheet, row, words)
        .into_iter()
        .filter(|(_, r)| !is_group(*r))
        .collect()
}

/// The row naming the most roles (a row of year cells counts as one role more); the
/// first of equals wins.
fn best_row(sheet: &RawSheet, words: &HeaderWords) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    for r in 0..sheet.rows.len().min(HEADER_SEARCH_ROWS) {
        let roles = roles_of_row(sheet, r, words);
        let names_items = roles
            .values()
            .any(|c| matches!(c, PlanColumn::ItemName | PlanColumn::Initiative));
        let years = (0..sheet.rows[r].len()).any(|c| {
            year_of(&head_text(sheet, r, c), words).is_some()
                || year_of(&head_text(sheet, r + 1, c), words).is_some()
        });
        let score = roles.len() + usize::from(years);
        if names_items && score >= 2 && best.is_none_or(|(_, s)| score > s) {
            best = Some((r, score));
        }
    }
    best.map(|(r, _)| r)
}

/// Whether the row under the header row is a sub-header: it names roles or years, and
/// holds no item name where names would be (a data row would).
fn is_sub_header(sheet: &RawSheet, row: usize, words: &HeaderWords) -> bool {
    let sub = row + 1;
    let width = sheet.rows.get(sub).map_or(0, Vec::len);
    let names_something = !roles_of_row(sheet, sub, words).is_empty()
        || (0..width).any(|c| year_of(&head_text(sheet, sub, c), words).is_some());
    let name_col = roles_of_row(sheet, row, words)
        .into_iter()
        .find(|(_, r)| matches!(r, PlanColumn::ItemName | PlanColumn::Initiative))
        .map(|(c, _)| c);
    let holds_a_name = name_col.is_some_and(|c| {
        let cell = sheet.cell(sub, c);
        !cell.is_empty() && words.role(cell).is_none()
    });
    names_something && !holds_a_name
}

/// The schedule's year columns and the effect-amount columns. A column is a year when
/// its own cell or the sub-header cell under it reads as a fiscal year, or when it sits
/// under a year cell spanning a group (「令和3年度」 over 「工程」「効果額」). It holds
/// effect amounts when its cell, the sub-header cell or the group over it names 効果額;
/// the unit comes from the nearest of those that names one, else from a 「単位」 line
/// above the header, else yen.
fn year_columns(
    sheet: &RawSheet,
    row: usize,
    sub: bool,
    fields: &BTreeMap<PlanColumn, usize>,
    words: &HeaderWords,
) -> (BTreeMap<i32, usize>, Vec<EffectColumn>) {
    let width = sheet.rows[row].len().max(if sub {
        sheet.rows.get(row + 1).map_or(0, Vec::len)
    } else {
        0
    });
    let field_cols: Vec<usize> = fields.values().copied().collect();
    let default_unit = unit_above(sheet, row).unwrap_or_default();
    let mut schedule = BTreeMap::new();
    let mut effects: Vec<EffectColumn> = Vec::new();
    let mut group = String::new();
    for c in 0..width {
        let top = head_text(sheet, row, c);
        let below = if sub {
            head_text(sheet, row + 1, c)
        } else {
            String::new()
        };
        if !top.is_empty() {
            group.clone_from(&top);
        }
        if (top.is_empty() && below.is_empty()) || field_cols.contains(&c) {
            continue;
        }
        let over = if sub { group.as_str() } else { top.as_str() };
        let Some(year) = year_of(&below, words).or_else(|| year_of(over, words)) else {
            continue;
        };
        let texts = [below.as_str(), top.as_str(), over];
        if texts.iter().any(|t| names_effect(t, words)) {
            let unit = texts
                .iter()
                .find_map(|t| AmountUnit::in_header(t))
                .unwrap_or(default_unit);
            if !effects.iter().any(|e| e.year == year) {
                effects.push(EffectColumn { year, col: c, unit });
            }
        } else {
            schedule.entry(year).or_insert(c);
        }
    }
    effects.sort_by_key(|e| e.year);
    (schedule, effects)
}

/// The unit a title line above the header names: 「（単位：千円）」.
fn unit_above(sheet: &RawSheet, row: usize) -> Option<AmountUnit> {
    (0..row).find_map(|r| {
        sheet.rows[r].iter().find_map(|cell| {
            let t = cell.display();
            t.contains("単位")
                .then(|| AmountUnit::in_header(&t))
                .flatten()
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::table::tests::sheet;
    use PlanColumn::*;

    fn words() -> HeaderWords {
        HeaderWords::new(&Settings::default())
    }

    #[test]
    fn a_two_row_header_under_a_title_with_year_and_effect_groups() {
        let s = sheet(&[
            &["行政改革実施計画 一覧表"],
            &[
                "番号",
                "実践項目",
                "所管課",
                "年度",
                "",
                "",
                "効果額（千円）",
                "",
            ],
            &["", "", "", "令和3年度", "R4", "2023年度", "R3", "令和4年度"],
            &[
                "1-(1)-①",
                "窓口の改善",
                "総務部 総務課",
                "○",
                "→",
                "",
                "100",
                "200",
            ],
        ]);
        let h = find_header(&s, &words()).unwrap();
        assert_eq!((h.row, h.data_start), (1, 3));
        assert_eq!(
            h.fields,
            [(Number, 0), (ItemName, 1), (Section, 2)]
                .into_iter()
                .collect()
        );
        assert_eq!(
            h.schedule,
            [(2021, 3), (2022, 4), (2023, 5)].into_iter().collect()
        );
        let thousand = AmountUnit::Thousand;
        assert_eq!(
            h.effects,
            vec![
                EffectColumn {
                    year: 2021,
                    col: 6,
                    unit: thousand
                },
                EffectColumn {
                    year: 2022,
                    col: 7,
                    unit: thousand
                },
            ]
        );
    }

    #[test]
    fn one_row_headers_with_years_and_effects_named_per_year() {
        let s = sheet(&[
            &[
                "No.",
                "取組",
                "取組項目",
                "担当課",
                "H30",
                "平成31年度",
                "効果額R1（百万円）",
            ],
            &["1", "窓口", "申請の電子化", "市民課", "検討", "実施", "5"],
        ]);
        let h = find_header(&s, &words()).unwrap();
        assert_eq!(h.data_start, 1);
        assert_eq!(h.fields[&Initiative], 1);
        assert_eq!(h.fields[&ItemName], 2);
        assert_eq!(h.schedule, [(2018, 4), (2019, 5)].into_iter().collect());
        assert_eq!(
            h.effects,
            vec![EffectColumn {
                year: 2019,
                col: 6,
                unit: AmountUnit::Million
            }]
        );
    }

    #[test]
    fn a_year_spanning_its_schedule_and_effect_cells_and_a_unit_in_the_title() {
        let s = sheet(&[
            &["（単位：千円）"],
            &["番号", "実践項目", "令和3年度", "", "令和4年度", ""],
            &["", "", "取組", "効果額", "取組", "効果額"],
            &["1", "電子申請", "実施", "10", "→", "20"],
        ]);
        let h = find_header(&s, &words()).unwrap();
        assert_eq!(h.data_start, 3);
        assert_eq!(h.schedule, [(2021, 2), (2022, 4)].into_iter().collect());
        let cols: Vec<(i32, usize, AmountUnit)> =
            h.effects.iter().map(|e| (e.year, e.col, e.unit)).collect();
        assert_eq!(
            cols,
            vec![
                (2021, 3, AmountUnit::Thousand),
                (2022, 5, AmountUnit::Thousand)
            ]
        );
    }

    #[test]
    fn the_initiative_column_names_items_when_there_is_no_item_column() {
        let s = sheet(&[&["No", "取組", "所管課"], &["1", "電子申請", "市民課"]]);
        let h = find_header(&s, &words()).unwrap();
        assert_eq!(h.fields[&ItemName], 1);
        assert!(!h.fields.contains_key(&Initiative));
        assert_eq!(
            find_header(&sheet(&[&["所管課", "令和3年度"]]), &words()),
            None
        );
    }

    #[test]
    fn a_data_row_under_the_header_is_not_a_sub_header() {
        let s = sheet(&[
            &["番号", "実践項目", "R3", "R4"],
            &["1", "令和3年度の調査", "調査", "→"],
        ]);
        let h = find_header(&s, &words()).unwrap();
        assert_eq!(h.data_start, 1);
        assert_eq!(h.schedule.len(), 2);
    }
}
