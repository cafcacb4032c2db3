//! Finding the header of a report sheet: which row names the columns (after title rows,
//! possibly over a sub-header row under merged group cells), and which column plays
//! which role.

use std::collections::BTreeMap;

use crate::config::{ProgressColumn, Settings};
use crate::sheet::{HeaderKeys, RawSheet};

/// Rows searched for the header.
pub(super) const HEADER_SEARCH_ROWS: usize = 30;

/// The header row (and a sub-header row under it, for two-row headers with merged
/// group cells) and the column of each role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Header {
    /// Index of the first row after the header.
    pub data_start: usize,
    /// Role -> column index.
    pub columns: BTreeMap<ProgressColumn, usize>,
}

/// A row that could be the header, with the role of each recognized column.
struct Candidate {
    row: usize,
    roles: BTreeMap<usize, ProgressColumn>,
}

/// The configured header words of every report column, folded once per run.
pub type HeaderWords = HeaderKeys<ProgressColumn>;

/// The header words of `settings`, folded.
pub fn header_words(settings: &Settings) -> HeaderWords {
    HeaderKeys::new(settings.progress.columns.iter().map(|(c, w)| (*c, w)))
}

/// Column -> role for every cell of row `row` that names a role; a role named twice
/// keeps its leftmost column.
pub(super) fn roles_in_row(
    sheet: &RawSheet,
    row: usize,
    words: &HeaderWords,
) -> BTreeMap<usize, ProgressColumn> {
    let mut out = BTreeMap::new();
    let mut used = Vec::new();
    for c in 0..sheet.rows.get(row).map_or(0, Vec::len) {
        if let Some(role) = words.role(sheet.cell(row, c))
            && !used.contains(&role)
        {
            used.push(role);
            out.insert(c, role);
        }
    }
    out
}

/// The header of `sheet`: among the first [`HEADER_SEARCH_ROWS`] rows, the first row
/// naming the most roles (at least two, one of them the item ID or name). `None` when no
/// row qualifies.
pub(super) fn find_header(sheet: &RawSheet, words: &HeaderWords) -> Option<Header> {
    let Candidate { row, mut roles } = best_candidate(sheet, words)?;
    let mut data_start = row + 1;
    if let Some(sub) = sub_header(sheet, row, &roles, words) {
        // Sub-header names override the group names above them, role by role.
        for (col, role) in sub {
            roles.retain(|c, r| *c == col || *r != role);
            roles.insert(col, role);
        }
        data_start = row + 2;
    }
    let columns = roles.into_iter().map(|(c, r)| (r, c)).collect();
    Some(Header {
        data_start,
        columns,
    })
}

/// The row naming the most roles; the first of equals wins.
fn best_candidate(sheet: &RawSheet, words: &HeaderWords) -> Option<Candidate> {
    let mut best: Option<Candidate> = None;
    for r in 0..sheet.rows.len().min(HEADER_SEARCH_ROWS) {
        let roles = roles_in_row(sheet, r, words);
        let identifies = roles
            .values()
            .any(|c| matches!(c, ProgressColumn::ItemId | ProgressColumn::ItemName));
        if roles.len() >= 2
            && identifies
            && best.as_ref().is_none_or(|b| roles.len() > b.roles.len())
        {
            best = Some(Candidate { row: r, roles });
        }
    }
    best
}

/// The roles of the row under the header row `row` when it is a sub-header: it names
/// roles, and holds no item ID where IDs would be (a data row would).
fn sub_header(
    sheet: &RawSheet,
    row: usize,
    roles: &BTreeMap<usize, ProgressColumn>,
    words: &HeaderWords,
) -> Option<BTreeMap<usize, ProgressColumn>> {
    let sub = roles_in_row(sheet, row + 1, words);
    let id_col = roles
        .iter()
        .find(|(_, c)| **c == ProgressColumn::ItemId)
        .map(|(k, _)| *k);
    let has_id = id_col.is_some_and(|c| {
        sheet
            .cell(row + 1, c)
            .display()
            .chars()
            .any(|ch| ch.is_ascii_digit())
    });
    (!sub.is_empty() && !has_id).then_some(sub)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::testing::text_sheet as sheet;
    use crate::sheet::{CellValue, header_key};
    use ProgressColumn::*;

    fn columns(pairs: &[(ProgressColumn, usize)]) -> BTreeMap<ProgressColumn, usize> {
        pairs.iter().copied().collect()
    }

    #[test]
    fn header_keys_ignore_marks_breaks_and_units() {
        assert_eq!(header_key("進捗率（％）"), "進捗率");
        assert_eq!(header_key("進捗\n状況"), "進捗状況");
        assert_eq!(header_key("※取組実績"), "取組実績");
        assert_eq!(header_key("  "), "");
    }

    #[test]
    fn header_under_title_rows() {
        let s = sheet(&[
            &["令和6年9月 進捗報告"],
            &[],
            &["項目番号", "実践項目名", "進捗状況", "進捗率（％）"],
            &[
                "7-1",
                "住民異動等におけるタブレット端末の活用",
                "実施中",
                "50",
            ],
        ]);
        let h = find_header(&s, &header_words(&Settings::default())).unwrap();
        assert_eq!(h.data_start, 3);
        assert_eq!(
            h.columns,
            columns(&[(ItemId, 0), (ItemName, 1), (Status, 2), (Percent, 3)])
        );
    }

    #[test]
    fn two_row_header_takes_the_sub_header_names_over_the_group_name() {
        let s = sheet(&[
            &["項目番号", "実践項目名", "進捗", "", "報告日"],
            &["", "", "進捗率", "状況", ""],
            &[
                "7-1",
                "住民異動等におけるタブレット端末の活用",
                "実施中",
                "50",
                "R6.9.30",
            ],
        ]);
        let h = find_header(&s, &header_words(&Settings::default())).unwrap();
        assert_eq!(h.data_start, 2);
        assert_eq!(
            h.columns,
            columns(&[
                (ItemId, 0),
                (ItemName, 1),
                (Percent, 2),
                (Status, 3),
                (Date, 4)
            ])
        );
    }

    #[test]
    fn a_data_row_under_the_header_is_not_a_sub_header() {
        // The row under the header names a status word, but holds an item ID.
        let s = sheet(&[&["項目番号", "進捗状況"], &["7-1", "進捗状況"]]);
        let h = find_header(&s, &header_words(&Settings::default())).unwrap();
        assert_eq!(h.data_start, 1);
        assert_eq!(h.columns, columns(&[(ItemId, 0), (Status, 1)]));
    }

    #[test]
    fn the_row_naming_most_roles_wins_and_one_role_is_not_a_header() {
        let s = sheet(&[
            &["番号", "進捗状況"],
            &["項目番号", "実践項目名", "進捗状況"],
            &["7-1", "住民異動等におけるタブレット端末の活用", "実施中"],
        ]);
        let h = find_header(&s, &header_words(&Settings::default())).unwrap();
        assert_eq!(h.data_start, 2);
        assert_eq!(
            find_header(
                &sheet(&[&["進捗状況"], &["実施中"]]),
                &header_words(&Settings::default())
            ),
            None
        );
        // Roles, but none that says which item a row is about.
        assert_eq!(
            find_header(
                &sheet(&[&["進捗状況", "進捗率"]]),
                &header_words(&Settings::default())
            ),
            None
        );
    }

    #[test]
    fn a_role_named_twice_keeps_its_leftmost_column() {
        let s = sheet(&[&["項目番号", "進捗状況", "進捗状況"]]);
        let roles = roles_in_row(&s, 0, &header_words(&Settings::default()));
        assert_eq!(
            roles.into_iter().collect::<Vec<_>>(),
            vec![(0, ItemId), (1, Status)]
        );
    }

    #[test]
    fn the_input_sheets_previous_month_columns_are_not_report_columns() {
        use crate::report::input::{COLUMNS, ColumnKind, headers};
        // The headers exactly as gyokaku writes them in its 進捗入力 sheet.
        let scales = Settings::default().progress.scales;
        let written = headers(crate::wareki::Period::new(2024, 9).unwrap(), &scales, false);
        let row: Vec<&str> = written.iter().map(String::as_str).collect();
        let h = find_header(&sheet(&[&row]), &header_words(&Settings::default())).unwrap();
        let taken: Vec<usize> = h.columns.values().copied().collect();
        for (k, (header, kind, _)) in COLUMNS.iter().enumerate() {
            assert_eq!(
                taken.contains(&k),
                *kind != ColumnKind::Previous,
                "{header}"
            );
        }
        assert_eq!(h.columns[&Status], 6, "進捗状況, not 前月の状況");
        assert_eq!(h.columns[&Percent], 7, "進捗率, not 前月の進捗率");
        assert_eq!(h.columns[&Date], 3, "報告月");
        // Neither alone, nor with a unit or a line break.
        for header in [
            "前月の状況",
            "前月の進捗率",
            "前月の状況（9月）",
            "前月の\n進捗率(%)",
        ] {
            assert_eq!(
                header_words(&Settings::default()).role(&CellValue::Text(header.to_string())),
                None,
                "{header}"
            );
        }
    }
}
