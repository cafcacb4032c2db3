//! Item sheets (個票): a plan document that gives each item a table of its own, its fields
//! as label and value cells, sometimes two pairs to a row (取組番号 | 1-1 | 担当課 | 総務課),
//! the item's number in a row of its own and the name below the section. The plan text
//! parser reads an item that opens with its name row; [`arrange_item_sheets`] puts each
//! such table into that order before the document becomes plan text. A table of labels
//! and values without a name row, under a numbered title, takes the title as its name.

use crate::config::PlanVocabulary;
use crate::document::{Block, Cell, Document, Table};

use super::parse::{inline_schedule, is_item_label, is_number_label, names_owner, names_schedule};
use crate::wareki::parse_fiscal_year_range;

/// Rearranges each table of the document that holds exactly one item (one name row):
/// rows with several label | value pairs are split into a row per pair, the number row's
/// value is written before the name (`1-1 ペーパーレス会議の推進`, read as the item's
/// written number) and the name row comes first. Other tables are left as they are.
pub(super) fn arrange_item_sheets(doc: &mut Document, vocab: &PlanVocabulary) {
    name_sheets_by_their_headings(doc, vocab);
    nest_inline_schedules(doc, vocab);
    for block in &mut doc.blocks {
        if let Block::Table(table) = block {
            arrange_table(table, vocab);
        }
    }
}

/// A schedule written on one line of its cell (年次計画 | 「R7：検討　R8：試行　R9以降：実施」)
/// as the year table a 個票 nests in its 工程表 cell: the years over their values. A year
/// left open (以降) runs to the latest year the document's schedules name.
fn nest_inline_schedules(doc: &mut Document, vocab: &PlanVocabulary) {
    let mut cells: Vec<&mut Cell> = doc
        .blocks
        .iter_mut()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            Block::Paragraph(_) => None,
        })
        .flat_map(|t| t.rows.iter_mut())
        .filter(|row| {
            row.len() == 2 && row[1].nested.is_empty() && names_schedule(&row[0].text(), vocab)
        })
        .map(|row| &mut row[1])
        .collect();
    let last = cells
        .iter()
        .filter_map(|c| inline_schedule(&c.text(), None))
        .flat_map(|(years, _)| years)
        .filter_map(|y| parse_fiscal_year_range(&y).map(|(_, to)| to))
        .max();
    for cell in &mut cells {
        if let Some((years, values)) = inline_schedule(&cell.text(), last) {
            cell.nested = vec![years, values];
        }
    }
}

/// An item's table of label | value rows without a name row (担当課 | 市民課, 取組内容 | …,
/// 年次計画 | …), right under a numbered title (「（1）書かない窓口の導入」): the title is
/// the item's name and number, so it becomes the table's name row and leaves the text,
/// where it would read as a level of the outline.
fn name_sheets_by_their_headings(doc: &mut Document, vocab: &PlanVocabulary) {
    let Some(label) = vocab.words.label_item_name.first() else {
        return;
    };
    let mut k = 0;
    while k < doc.blocks.len() {
        let unnamed = matches!(&doc.blocks[k], Block::Table(t) if is_unnamed_sheet(t, vocab));
        let above = doc.blocks[..k]
            .iter()
            .rposition(|b| !matches!(b, Block::Paragraph(p) if p.text.trim().is_empty()));
        let title = above.and_then(|j| match &doc.blocks[j] {
            Block::Paragraph(p) if unnamed && is_numbered_title(&p.text, vocab) => {
                Some((j, p.text.trim().to_string()))
            }
            _ => None,
        });
        if let Some((j, title)) = title {
            if let Block::Table(t) = &mut doc.blocks[k] {
                t.rows.insert(0, vec![text_cell(label), text_cell(&title)]);
            }
            doc.blocks.remove(j);
            continue;
        }
        k += 1;
    }
}

/// A table of label | value rows, one of them the owner's, and none the item's name or
/// number.
fn is_unnamed_sheet(table: &Table, vocab: &PlanVocabulary) -> bool {
    let first = |row: &Vec<Cell>| row.first().map(Cell::text).unwrap_or_default();
    table.rows.len() >= 2
        && table.rows.iter().all(|row| {
            row.len() >= 2
                && is_item_label(&first(row), vocab, false)
                && !is_number_label(&first(row))
        })
        && !table
            .rows
            .iter()
            .any(|row| is_item_label(&first(row), vocab, true))
        && table.rows.iter().any(|row| names_owner(&first(row), vocab))
}

/// A short line that opens with an item's number (「（1）」「①」「1-2」) and a name, no
/// sentence.
fn is_numbered_title(text: &str, vocab: &PlanVocabulary) -> bool {
    let text = text.trim();
    !text.ends_with('。')
        && text.chars().count() <= 60
        && matches!(
            crate::plan::numbering::number_before_title(text, vocab.layout.iroha),
            (Some(_), rest) if !rest.is_empty()
        )
}

fn text_cell(text: &str) -> Cell {
    Cell {
        lines: vec![text.to_string()],
        span: 1,
        nested: Vec::new(),
    }
}

fn arrange_table(table: &mut Table, vocab: &PlanVocabulary) {
    let is_label = |cell: &Cell| is_item_label(&cell.text(), vocab, false) || is_number(cell);
    let rows: Vec<Vec<Cell>> = table
        .rows
        .iter()
        .flat_map(|row| split_pairs(row, &is_label))
        .collect();
    let mut rows = lower_lone_labels(rows, &is_label);
    let name_rows: Vec<usize> = (0..rows.len())
        .filter(|&i| {
            rows[i]
                .first()
                .is_some_and(|c| is_item_label(&c.text(), vocab, true))
        })
        .collect();
    if let [name_row] = name_rows[..] {
        put_name_first(&mut rows, name_row);
    }
    table.rows = rows;
}

/// The rows of one item's table with its name row first, the number row's value written
/// before the name.
fn put_name_first(rows: &mut Vec<Vec<Cell>>, mut name_row: usize) {
    let number_row = rows
        .iter()
        .position(|r| r.first().is_some_and(is_number) && r.len() > 1);
    if let Some(k) = number_row {
        let number = rows.remove(k);
        if k < name_row {
            name_row -= 1;
        }
        let value = number[1..]
            .iter()
            .map(Cell::text)
            .find(|t| !t.trim().is_empty());
        let name = rows[name_row][1..].iter_mut().find(|c| !c.is_empty());
        if let (Some(value), Some(first)) = (value, name.and_then(|n| n.lines.first_mut())) {
            *first = format!("{} {first}", value.trim());
        }
    }
    let row = rows.remove(name_row);
    rows.insert(0, row);
}

/// A label whose cell spans the rows below it and whose own row is otherwise empty (工程表
/// beside a year table that a PDF's ruling lines cut into rows of their own) moves into
/// the first cell of the row below, when that cell is empty.
fn lower_lone_labels(rows: Vec<Vec<Cell>>, is_label: &dyn Fn(&Cell) -> bool) -> Vec<Vec<Cell>> {
    let mut out: Vec<Vec<Cell>> = Vec::with_capacity(rows.len());
    let mut pending: Option<Cell> = None;
    for mut row in rows {
        if let Some(label) = pending.take() {
            match row.first_mut() {
                Some(first) if first.is_empty() => *first = label,
                _ => out.push(vec![label]),
            }
        }
        let lone = row.first().is_some_and(is_label) && row[1..].iter().all(Cell::is_empty);
        if lone {
            pending = row.into_iter().next();
        } else {
            out.push(row);
        }
    }
    out.extend(pending.map(|label| vec![label]));
    out
}

/// A row of label | value pairs as a row per pair: a new row starts at each label cell
/// after the second cell, when the row's first cell is a label too. A row of labels side
/// by side (the header row of a table with a row per item: No. | 取組項目 | 担当課) is no
/// row of pairs and stays whole.
fn split_pairs(row: &[Cell], is_label: &dyn Fn(&Cell) -> bool) -> Vec<Vec<Cell>> {
    let filled: Vec<&Cell> = row.iter().filter(|c| !c.is_empty()).collect();
    let labels_side_by_side = filled.windows(2).any(|w| is_label(w[0]) && is_label(w[1]));
    if !row.first().is_some_and(is_label) || labels_side_by_side {
        return vec![row.to_vec()];
    }
    let mut out: Vec<Vec<Cell>> = vec![Vec::new()];
    for (i, cell) in row.iter().enumerate() {
        if i >= 2 && is_label(cell) {
            out.push(Vec::new());
        }
        if let Some(last) = out.last_mut() {
            last.push(cell.clone());
        }
    }
    out
}

fn is_number(cell: &Cell) -> bool {
    is_number_label(&cell.text())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;

    fn cell(text: &str) -> Cell {
        Cell {
            lines: vec![text.to_string()],
            span: 1,
            nested: Vec::new(),
        }
    }

    fn texts(table: &Table) -> Vec<Vec<String>> {
        table
            .rows
            .iter()
            .map(|r| r.iter().map(Cell::text).collect())
            .collect()
    }

    #[test]
    fn an_item_sheet_opens_with_its_numbered_name() {
        let settings = Settings::default();
        let mut table = Table {
            rows: vec![
                vec![
                    cell("取組番号"),
                    cell("1-2"),
                    cell("担当課"),
                    cell("財政課"),
                ],
                vec![cell("取組項目"), cell("電子契約の導入")],
                vec![cell("取組内容"), cell("契約を電子化する。")],
            ],
            page: 0,
        };
        arrange_table(&mut table, &settings.plan);
        assert_eq!(
            texts(&table),
            vec![
                vec!["取組項目", "1-2 電子契約の導入"],
                vec!["担当課", "財政課"],
                vec!["取組内容", "契約を電子化する。"],
            ]
        );
    }

    #[test]
    fn a_header_row_of_labels_is_no_row_of_pairs() {
        let settings = Settings::default();
        let rows = vec![
            vec![cell("No."), cell("取組項目"), cell("担当課"), cell("R7")],
            vec![
                cell("1"),
                cell("書かない窓口"),
                cell("市民課"),
                cell("検討"),
            ],
        ];
        let mut table = Table {
            rows: rows.clone(),
            page: 0,
        };
        arrange_table(&mut table, &settings.plan);
        assert_eq!(table.rows, rows);
    }

    #[test]
    fn a_table_of_several_items_is_left_as_it_is() {
        let settings = Settings::default();
        let rows = vec![
            vec![cell("担当課"), cell("財政課")],
            vec![cell("取組項目"), cell("一")],
            vec![cell("取組項目"), cell("二")],
        ];
        let mut table = Table {
            rows: rows.clone(),
            page: 0,
        };
        arrange_table(&mut table, &settings.plan);
        assert_eq!(table.rows, rows);
    }
}
