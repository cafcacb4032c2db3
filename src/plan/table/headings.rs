//! Headings set between the tables of a plan document (「柱1　効率的な行政運営」 over
//! 「1－1　事務事業の見直し」 over a table of items): each becomes an initiative row of the
//! sheet the tables are read as, numbered through the outline they form, so that the
//! items of each table stand under the heading above it.
//!
//! A heading is a short paragraph that does not end a sentence and opens with a number
//! in one of the plan forms (`1-1`, `(1)`, `①`, `【1】`, `No.1`), a word and a number
//! (`柱1`, `基本目標 2`, `施策3`), or a number or Roman numeral alone and a space (`1　…`,
//! `Ⅱ　…`), a title after it. Its level is its form's rank in the
//! order the forms first appear; a number written in full (`1-1`) is kept as written.

use std::sync::LazyLock;

use regex::Regex;

use crate::plan::numbering::{number_before_title, roman_value};
use crate::text::fold;

/// The longest paragraph read as a heading.
const MAX_HEADING_CHARS: usize = 60;

/// A heading paragraph: the form of its number (digits as `#`), the number and the title.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Heading {
    form: String,
    number: Vec<u32>,
    title: String,
}

/// What a paragraph is as a heading, if it is one.
fn heading(text: &str, iroha: bool) -> Option<Heading> {
    let text = text.trim();
    if text.is_empty() || text.ends_with('。') || text.chars().count() > MAX_HEADING_CHARS {
        return None;
    }
    if let (Some(number), title) = number_before_title(text, iroha) {
        let folded = fold(text);
        let number_part = folded
            .strip_suffix(fold(&title).as_str())
            .unwrap_or(&folded);
        return Some(Heading {
            form: form_of(number_part.trim()),
            number,
            title,
        });
    }
    word_and_number(text).or_else(|| bare_number(text))
}

/// `1　事務事業の見直し`, `Ⅱ　財政基盤の確立`, `１．効率的な行政運営`: a number or a Roman
/// numeral alone before the title, apart from it by a space or a period (「．」「、」,
/// which is part of the form: `1.` and `1` are two levels).
fn bare_number(text: &str) -> Option<Heading> {
    static BARE: LazyLock<Regex> = LazyLock::new(|| {
        crate::text::regex(
            r"^(\d{1,2}|[IVX]{1,4})(\s+|\s*[.、]\s*)([^\s\d年月日度回件人円%か時分期次号条章節].*)$",
        )
    });
    let folded = fold(text);
    let c = BARE.captures(&folded)?;
    let (form, number) = match c[1].parse::<u32>() {
        Ok(n) => ("#", n),
        Err(_) => ("I", roman_value(&c[1])?),
    };
    Some(Heading {
        form: format!("{form}{}", c[2].trim()),
        number: vec![number],
        title: c[3].trim().to_string(),
    })
}

/// `柱1　効率的な行政運営`, `基本目標 2 …`: a word (not an era), a number, a title.
fn word_and_number(text: &str) -> Option<Heading> {
    static WORD: LazyLock<Regex> = LazyLock::new(|| {
        crate::text::regex(
            r"^([^\dA-Za-z【】()「」\s第、。・:,.\-]{1,6}?)\s*(\d{1,2})(?:\s*[.、:]\s*|\s+)([^\s年月日度回件人円%か時分期次号条章節].*)$",
        )
    });
    let folded = fold(text);
    let c = WORD.captures(&folded)?;
    if crate::wareki::is_era_name(&c[1]) {
        return None;
    }
    Some(Heading {
        form: format!("{}#", &c[1]),
        number: vec![c[2].parse().ok()?],
        title: c[3].trim().to_string(),
    })
}

/// The form of a written number: its digits as one `#` each run.
fn form_of(number: &str) -> String {
    let mut out = String::new();
    for c in number.chars() {
        if c.is_ascii_digit() {
            if !out.ends_with('#') {
                out.push('#');
            }
        } else if !c.is_whitespace() {
            out.push(c);
        }
    }
    out
}

/// The outline the headings of a document form, as far as read: the forms in the order
/// they first appeared (a form's level) and the numbers of the headings open.
#[derive(Debug, Default)]
pub(crate) struct Outline {
    forms: Vec<String>,
    open: Vec<u32>,
}

impl Outline {
    /// The text of the initiative row a paragraph stands for, numbered in full
    /// (`【1】効率的な行政運営`, `1-1 事務事業の見直し`), when it is a heading.
    pub(crate) fn row_text(&mut self, paragraph: &str, iroha: bool) -> Option<String> {
        let h = heading(paragraph, iroha)?;
        let level = match self.forms.iter().position(|f| *f == h.form) {
            Some(k) => k,
            None => {
                self.forms.push(h.form.clone());
                self.forms.len() - 1
            }
        };
        if h.number.len() > 1 {
            self.open.clone_from(&h.number);
        } else {
            self.open.truncate(level);
            self.open.extend(&h.number);
        }
        Some(match self.open.as_slice() {
            [n] => format!("【{n}】{}", h.title),
            levels => {
                let joined: Vec<String> = levels.iter().map(u32::to_string).collect();
                format!("{} {}", joined.join("-"), h.title)
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(paragraphs: &[&str]) -> Vec<Option<String>> {
        let mut outline = Outline::default();
        paragraphs
            .iter()
            .map(|p| outline.row_text(p, false))
            .collect()
    }

    #[test]
    fn headings_numbered_through_their_outline() {
        assert_eq!(
            rows(&[
                "柱1　効率的な行政運営",
                "1－1　事務事業の見直し",
                "1－2　組織の活性化",
                "柱2　財政基盤の確立",
                "2－1　自主財源の確保",
            ]),
            [
                Some("【1】効率的な行政運営".to_string()),
                Some("1-1 事務事業の見直し".to_string()),
                Some("1-2 組織の活性化".to_string()),
                Some("【2】財政基盤の確立".to_string()),
                Some("2-1 自主財源の確保".to_string()),
            ]
        );
        // A level numbered again under each parent: (1) restarts under 基本目標 2.
        assert_eq!(
            rows(&[
                "基本目標1 行政運営",
                "（１）事務の見直し",
                "基本目標2 財政",
                "（１）歳入"
            ]),
            [
                Some("【1】行政運営".to_string()),
                Some("1-1 事務の見直し".to_string()),
                Some("【2】財政".to_string()),
                Some("2-1 歳入".to_string()),
            ]
        );
    }

    #[test]
    fn a_number_and_a_period_is_a_level_of_its_own() {
        // 「１．」 over 「(1)」, (1) restarting under each; the prose's 「(1) …。」 is no heading.
        assert_eq!(
            rows(&[
                "(1) 計画の期間は５年間とします。",
                "１．効率的な行政運営",
                "(1) 業務の見直し",
                "(2) 人材の育成",
                "２．健全な財政運営",
                "(1) 歳入の確保",
                "1.5倍に増やす",
            ]),
            [
                None,
                Some("【1】効率的な行政運営".to_string()),
                Some("1-1 業務の見直し".to_string()),
                Some("1-2 人材の育成".to_string()),
                Some("【2】健全な財政運営".to_string()),
                Some("2-1 歳入の確保".to_string()),
                None,
            ]
        );
    }

    #[test]
    fn numbers_alone_before_titles() {
        assert_eq!(
            rows(&[
                "Ⅰ　行政運営",
                "1　事務の見直し",
                "2　組織",
                "Ⅱ　財政",
                "1　歳入"
            ]),
            [
                Some("【1】行政運営".to_string()),
                Some("1-1 事務の見直し".to_string()),
                Some("1-2 組織".to_string()),
                Some("【2】財政".to_string()),
                Some("2-1 歳入".to_string()),
            ]
        );
    }

    #[test]
    fn sentences_notes_and_years_are_no_headings() {
        assert_eq!(
            rows(&[
                "（１）町民の視点に立つこと。",
                "※ 工程は見込みです",
                "令和7 年度から実施します",
                "第1章 計画の考え方",
                "1 年度ごとに見直します",
                "",
            ]),
            [None, None, None, None, None, None]
        );
    }
}
