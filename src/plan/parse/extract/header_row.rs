//! An item's small table with its labels as a header row over one row of values
//! (「所管課 | 取組概要 | R7 | … | R11」 over 「市民部市民課 | マイナンバー… | 検討 | ● | …」): turned
//! into the label rows the plan parser reads (所管課 | 市民部市民課, 取組概要 | …, 工程表 | R7 | …
//! over | 検討 | ● | …), whichever form the plan came in.

use crate::config::PlanVocabulary;
use crate::decode::TextLine;
use crate::plan::numbering::number_before_title;
use crate::plan::parse::row::{Field, label_of};
use crate::text::fold;
use crate::wareki::parse_fiscal_year_range;

/// A cell of a header row: a label, a year, or neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Head {
    Label(Field),
    Year,
}

/// The header row's cells, when `raw` is one: two or more cells, each a label or a year
/// (an empty cell is neither and ends it), two labels of different fields or a label and
/// two years, and no schedule label among them.
pub(super) fn header_cells(raw: &str, vocab: &PlanVocabulary) -> Option<Vec<Head>> {
    let cells: Vec<&str> = raw.split('\t').map(str::trim).collect();
    if cells.len() < 3 {
        return None;
    }
    let heads: Option<Vec<Head>> = cells
        .iter()
        .map(|c| match label_of(c, vocab) {
            Some(Field::ScheduleHeader | Field::ScheduleValues) => None,
            Some(f) => Some(Head::Label(f)),
            None => parse_fiscal_year_range(c).map(|_| Head::Year),
        })
        .collect();
    let heads = heads?;
    let mut fields: Vec<Field> = Vec::new();
    for h in &heads {
        if let Head::Label(f) = h {
            if fields.contains(f) {
                return None;
            }
            fields.push(*f);
        }
    }
    let years = heads.iter().filter(|h| **h == Head::Year).count();
    let first_is_label = matches!(heads.first(), Some(Head::Label(_)));
    (first_is_label && (fields.len() >= 2 || years >= 2)).then_some(heads)
}

/// The lines with each header row and the row of values under it written as label rows.
/// A header row without a row of values under it (the next line with text has no tab,
/// or opens with a label) is left as it is.
pub(super) fn label_rows(lines: Vec<TextLine>, vocab: &PlanVocabulary) -> Vec<TextLine> {
    let mut out: Vec<TextLine> = Vec::with_capacity(lines.len());
    let mut header: Option<(Vec<Head>, TextLine)> = None;
    for line in lines {
        if line.raw.trim().is_empty() {
            out.push(line);
            continue;
        }
        if let Some((heads, head_line)) = header.take() {
            let first = line.raw.split('\t').next().unwrap_or_default();
            if line.raw.contains('\t') && label_of(first, vocab).is_none() {
                if !heads.contains(&Head::Label(Field::Name)) {
                    name_above(&mut out, vocab);
                }
                out.extend(rows_of(&heads, &head_line, &line, vocab));
                continue;
            }
            out.push(head_line);
        }
        match header_cells(&line.raw, vocab) {
            Some(heads) => header = Some((heads, line)),
            None => out.push(line),
        }
    }
    out.extend(header.map(|h| h.1));
    out
}

/// The numbered heading right above an item's table that names no item (「(1)　窓口手続の
/// デジタル化」): the item's name, written as a name row.
fn name_above(out: &mut [TextLine], vocab: &PlanVocabulary) {
    let Some(above) = out.iter_mut().rev().find(|l| !l.raw.trim().is_empty()) else {
        return;
    };
    let (number, title) = number_before_title(above.raw.trim(), vocab.layout.iroha);
    if above.raw.contains('\t') || number.is_none() || title.is_empty() {
        return;
    }
    let label = vocab
        .words
        .label_item_name
        .first()
        .map_or("実践項目名", String::as_str);
    above.raw = format!("{label}\t{}", above.raw.trim());
    above.folded = fold(&above.raw);
}

/// The label rows of one header row and its values: a row per label, then the schedule
/// (its label from the vocabulary, the years, and the values under them).
fn rows_of(
    heads: &[Head],
    head_line: &TextLine,
    values: &TextLine,
    vocab: &PlanVocabulary,
) -> Vec<TextLine> {
    let labels: Vec<&str> = head_line.raw.split('\t').map(str::trim).collect();
    let cells: Vec<&str> = values.raw.split('\t').map(str::trim).collect();
    let cell = |k: usize| cells.get(k).copied().unwrap_or_default();
    let line = |no: usize, raw: String| TextLine {
        no,
        folded: fold(&raw),
        raw,
    };
    let mut out = Vec::new();
    let mut years = Vec::new();
    let mut year_values = Vec::new();
    for (k, h) in heads.iter().enumerate() {
        match h {
            Head::Label(_) => out.push(line(values.no, format!("{}\t{}", labels[k], cell(k)))),
            Head::Year => {
                years.push(labels[k]);
                year_values.push(cell(k));
            }
        }
    }
    if !years.is_empty() {
        let label = vocab
            .words
            .label_schedule
            .first()
            .map_or("工程表", String::as_str);
        out.push(line(head_line.no, format!("{label}\t{}", years.join("\t"))));
        out.push(line(values.no, format!("\t{}", year_values.join("\t"))));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;
    use crate::decode::text_lines;

    #[test]
    fn a_header_row_over_its_values_becomes_label_rows_under_the_name_above() {
        let s = Settings::default();
        let text =
            "(1)　窓口\n\n所管課\t取組概要\tR7\tR8\tR9\n市民部市民課\t手続を減らす。\t検討\t●\t→\n";
        let rows: Vec<String> = label_rows(text_lines(text), &s.plan)
            .into_iter()
            .map(|l| l.raw)
            .collect();
        assert_eq!(
            rows,
            [
                "実践項目名\t(1)　窓口",
                "",
                "所管課\t市民部市民課",
                "取組概要\t手続を減らす。",
                "工程表\tR7\tR8\tR9",
                "\t検討\t●\t→",
            ]
        );
        // Label rows as they are: a label and its value.
        let text = "担当課\t総務課\n工程表\tR7\tR8\n\t検討\t実施\n";
        let rows: Vec<String> = label_rows(text_lines(text), &s.plan)
            .into_iter()
            .map(|l| l.raw)
            .collect();
        assert_eq!(rows, ["担当課\t総務課", "工程表\tR7\tR8", "\t検討\t実施"]);
    }
}
