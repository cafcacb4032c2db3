//! Evaluation scales (評価の尺度): the closed lists of values an axis of a progress report
//! takes, such as 評価 S/A/B/C, ◎○△×, 1–5, or 達成度 未達成/一部達成/達成. Each scale has
//! its values in order, which end is best, synonyms and the header words of its column.
//!
//! What a section writes is resolved to a value of the scale ([`Scale::resolve`]): the
//! value itself or a synonym (compared after folding), or a composite whose parts hold
//! exactly one value of the scale: 「◎→」 (done, continuing) is ◎, 「A（計画どおり）」 is A.
//! The status vocabulary (`ProgressVocabulary`, built on the scales) resolves the same way.
//!
//! The configuration (`[[scales]]` in `gyokaku.toml`) is read by [`RawScale`]; the default
//! grade scale is S/A/B/C with S best, and reads the marks ◎○△× as the same four grades.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;
use thiserror::Error;

use crate::text::fold_compact;

/// The columns of the `progress` table besides the two of each scale (`<key>` and
/// `<key>_raw`): a scale's key must not make a column of one of these names.
pub const PROGRESS_FIXED_COLUMNS: [&str; 16] = [
    "item_id",
    "period",
    "status",
    "status_raw",
    "percent",
    "effect_yen",
    "results",
    "issues",
    "next_steps",
    "reporter",
    "contact",
    "reported_by",
    "set_aside",
    "source_file",
    "source_sheet",
    "source_row",
];

/// Excel's limit on a dropdown list written into the sheet: the entries joined by commas.
pub const MAX_LIST_CHARS: usize = 255;

/// A scale's key: the name of its columns in the tables (`grade`, `achievement`).
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct ScaleKey(String);

impl ScaleKey {
    /// The key of the grade scale (評価).
    pub const GRADE: &'static str = "grade";

    pub fn new(key: &str) -> ScaleKey {
        ScaleKey(key.to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ScaleKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Which end of a scale's values is best.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Best {
    /// The first value listed (S of S/A/B/C, 1 of 1–5 in a city where 1 is best).
    First,
    /// The last value listed (達成 of 未達成/一部達成/達成, F of A–F in a city where F is best).
    Last,
}

/// One evaluation scale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scale {
    pub key: ScaleKey,
    /// Japanese label: the column header in the workbooks (評価, 達成度).
    pub label: String,
    /// The values in the order the configuration lists them; empty for free text.
    pub values: Vec<String>,
    pub best: Best,
    /// What sections write -> a value of the scale.
    pub synonyms: BTreeMap<String, String>,
    /// Header words of the scale's column in progress reports.
    pub columns: Vec<String>,
}

/// What a section wrote, and the scale value it resolves to.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Rating {
    /// The value on the scale; for a free-text scale (no values), the text as written.
    pub value: Option<String>,
    /// As written (trimmed).
    pub raw: String,
}

/// Why a text is not a value of a scale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotOnScale {
    /// No part of it is a value.
    Unknown,
    /// Its parts name different values (「実施中→完了」).
    Ambiguous(Vec<String>),
}

/// Characters that separate the parts of a composite value: brackets, arrows, slashes,
/// punctuation and spaces (after folding).
const SEPARATORS: &[char] = &[
    '(', ')', '[', ']', '「', '」', '【', '】', '〔', '〕', '<', '>', '〈', '〉', '→', '⇒', '←',
    '↑', '↓', '↗', '↘', '/', '・', '、', ',', '。', ':', ';', '~', '〜', ' ', '\u{3000}',
];

/// The value `raw` resolves to among `values` and `synonyms` (synonym -> value).
///
/// # Errors
/// [`NotOnScale`] when no part of `raw` is a value, or its parts name several.
pub fn resolve_in(
    values: &[String],
    synonyms: &BTreeMap<String, String>,
    raw: &str,
) -> Result<String, NotOnScale> {
    let exact = |text: &str| -> Option<String> {
        let key = fold_compact(text);
        if key.is_empty() {
            return None;
        }
        values
            .iter()
            .find(|v| fold_compact(v) == key)
            .or_else(|| {
                synonyms
                    .iter()
                    .find(|(k, _)| fold_compact(k) == key)
                    .map(|(_, v)| v)
            })
            .cloned()
    };
    if let Some(v) = exact(raw) {
        return Ok(v);
    }
    let folded = crate::text::fold(raw);
    let mut found: Vec<String> = Vec::new();
    for part in folded.split(SEPARATORS) {
        if let Some(v) = exact(part)
            && !found.contains(&v)
        {
            found.push(v);
        }
    }
    match found.len() {
        0 => Err(NotOnScale::Unknown),
        1 => Ok(found.remove(0)),
        _ => Err(NotOnScale::Ambiguous(found)),
    }
}

impl Scale {
    /// The default grade scale: S/A/B/C, S best, read from the 評価 and 自己評価 columns.
    /// Offices that grade with marks write ◎○△× (four grades, ◎ best): without any
    /// configuration they read as S/A/B/C, the mark kept as written (`grade_raw`).
    pub fn default_grade() -> Scale {
        let marks = [
            ("◎", "S"),
            ("○", "A"),
            ("〇", "A"),
            ("◯", "A"),
            ("△", "B"),
            ("×", "C"),
            ("✕", "C"),
            ("☓", "C"),
        ];
        Scale {
            key: ScaleKey::new(ScaleKey::GRADE),
            label: "評価".to_string(),
            values: ["S", "A", "B", "C"].map(String::from).to_vec(),
            best: Best::First,
            synonyms: marks
                .iter()
                .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
                .collect(),
            columns: ["評価", "自己評価"].map(String::from).to_vec(),
        }
    }

    /// Whether the scale is free text (no values to choose from).
    pub fn is_free_text(&self) -> bool {
        self.values.is_empty()
    }

    /// What `raw` resolves to: `Ok(None)` when blank; a free-text scale keeps any text.
    ///
    /// # Errors
    /// [`NotOnScale`] for a text no value of the scale can be read from.
    pub fn resolve(&self, raw: &str) -> Result<Option<Rating>, NotOnScale> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Ok(None);
        }
        let value = if self.is_free_text() {
            Some(raw.to_string())
        } else {
            Some(resolve_in(&self.values, &self.synonyms, raw)?)
        };
        Ok(Some(Rating {
            value,
            raw: raw.to_string(),
        }))
    }

    /// The values from best to worst.
    pub fn best_first(&self) -> Vec<&String> {
        match self.best {
            Best::First => self.values.iter().collect(),
            Best::Last => self.values.iter().rev().collect(),
        }
    }

    /// 1 for the best value, 2 for the next, …; `None` for a value not on the scale.
    pub fn rank(&self, value: &str) -> Option<usize> {
        self.best_first()
            .iter()
            .position(|v| v.as_str() == value)
            .map(|k| k + 1)
    }

    /// 「S, A, B, C（S が最良）」: the values for a message.
    pub fn described(&self) -> String {
        let best = self.best_first().first().map_or("", |v| v.as_str());
        format!("{}（{best}が最良）", self.values.join(", "))
    }
}

/// A `[[scales]]` entry of the configuration file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScale {
    key: String,
    label: Option<String>,
    #[serde(default)]
    values: Vec<String>,
    best: Option<Best>,
    #[serde(default)]
    synonyms: BTreeMap<String, String>,
    #[serde(default)]
    columns: Vec<String>,
}

impl RawScale {
    /// The scale the entry describes, checked.
    ///
    /// # Errors
    /// [`ScaleError`]: the entry's key and what is wrong.
    pub fn resolve(self) -> Result<Scale, ScaleError> {
        let key = self.key.trim().to_string();
        let bad = |problem: ScaleProblem| {
            Err(ScaleError {
                key: key.clone(),
                problem,
            })
        };
        if key.is_empty()
            || !key
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            return bad(ScaleProblem::BadKey);
        }
        if key == "status" {
            return bad(ScaleProblem::StatusKey);
        }
        let grade = Scale::default_grade();
        let is_grade = key == ScaleKey::GRADE;
        let label = match self.label.map(|l| l.trim().to_string()) {
            Some(l) if !l.is_empty() => l,
            _ if is_grade => grade.label.clone(),
            _ => return bad(ScaleProblem::NoLabel),
        };
        let columns = if self.columns.is_empty() {
            if is_grade {
                grade.columns
            } else {
                vec![label.clone()]
            }
        } else {
            self.columns
        };
        let values = match check_values(self.values) {
            Ok(v) => v,
            Err(e) => return bad(ScaleProblem::Values(e)),
        };
        for (k, v) in &self.synonyms {
            if !values.contains(v) {
                return bad(ScaleProblem::UnknownSynonym {
                    word: k.clone(),
                    value: v.clone(),
                    values: values.join(", "),
                });
            }
        }
        let Some(best) = self.best.or(is_grade.then_some(Best::First)) else {
            return bad(ScaleProblem::NoBest);
        };
        Ok(Scale {
            key: ScaleKey(key),
            label,
            values,
            best,
            synonyms: self.synonyms,
            columns,
        })
    }
}

/// What is wrong with a `[[scales]]` entry: its key and the problem.
#[derive(Debug, Error)]
#[error("[[scales]] の「{key}」: {problem}")]
pub struct ScaleError {
    pub key: String,
    pub problem: ScaleProblem,
}

/// What is wrong with a `[[scales]]` entry.
#[derive(Debug, Error)]
pub enum ScaleProblem {
    #[error("key は半角の英小文字・数字・_ で書いてください（例: achievement）")]
    BadKey,
    #[error(
        "進捗状況の言い換えは [progress.status_synonyms]、見出しは [progress.columns] status に書いてください"
    )]
    StatusKey,
    #[error("label（見出しに使う名前。例: 達成度）がありません")]
    NoLabel,
    #[error(transparent)]
    Values(ValuesError),
    #[error("言い換え「{word}」→「{value}」: 「{value}」は values にありません（{values}）")]
    UnknownSynonym {
        word: String,
        value: String,
        values: String,
    },
    #[error("best（最良の値が values の先頭なら \"first\"、末尾なら \"last\"）がありません")]
    NoBest,
}

/// What is wrong with a scale's values.
#[derive(Debug, Error)]
pub enum ValuesError {
    #[error("空の値があります")]
    Empty,
    #[error("「{0}」にカンマか引用符が含まれています（一覧に使えません）")]
    Separator(String),
    #[error("「{value}」が重複しています（{position} 番目）")]
    Repeated { value: String, position: usize },
    #[error("値をカンマでつないだ長さが Excel の一覧の上限（{MAX_LIST_CHARS} 文字）を超えています")]
    TooLong,
}

/// A scale's values, each trimmed, checked to fit in a dropdown: no empty entry, no comma
/// (Excel's list separator), no repeat, and within Excel's length of a list.
///
/// # Errors
/// [`ValuesError`]: what is wrong, for the clerk.
pub fn check_values(values: Vec<String>) -> Result<Vec<String>, ValuesError> {
    let values: Vec<String> = values.into_iter().map(|g| g.trim().to_string()).collect();
    if values.iter().any(String::is_empty) {
        return Err(ValuesError::Empty);
    }
    if let Some(g) = values.iter().find(|g| g.contains([',', '，', '"'])) {
        return Err(ValuesError::Separator(g.clone()));
    }
    if let Some((k, g)) = values.iter().enumerate().find(|(k, g)| {
        values[..*k]
            .iter()
            .any(|p| fold_compact(p) == fold_compact(g))
    }) {
        return Err(ValuesError::Repeated {
            value: g.clone(),
            position: k + 1,
        });
    }
    let joined: usize = values.iter().map(|g| g.encode_utf16().count() + 1).sum();
    if joined.saturating_sub(1) > MAX_LIST_CHARS {
        return Err(ValuesError::TooLong);
    }
    Ok(values)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scale(toml_text: &str) -> Scale {
        let raw: RawScale = toml::from_str(toml_text).unwrap();
        raw.resolve().unwrap()
    }

    fn marks() -> Scale {
        scale(
            "key = \"grade\"\nvalues = [\"◎\", \"○\", \"△\", \"×\"]\nbest = \"first\"\nsynonyms = { \"〇\" = \"○\", \"◯\" = \"○\", \"✕\" = \"×\", \"x\" = \"×\" }\n",
        )
    }

    fn value(s: &Scale, raw: &str) -> Result<Option<String>, NotOnScale> {
        s.resolve(raw).map(|r| r.and_then(|r| r.value))
    }

    #[test]
    fn plain_values_synonyms_and_blanks() {
        let g = Scale::default_grade();
        assert_eq!(value(&g, " A "), Ok(Some("A".into())));
        assert_eq!(value(&g, "ｓ"), Err(NotOnScale::Unknown), "case is kept");
        assert_eq!(value(&g, "Ｓ"), Ok(Some("S".into())), "full width folds");
        assert_eq!(value(&g, ""), Ok(None));
        assert_eq!(value(&g, "D"), Err(NotOnScale::Unknown));
        let m = marks();
        assert_eq!(value(&m, "〇"), Ok(Some("○".into())));
        assert_eq!(value(&m, "✕"), Ok(Some("×".into())));
        // The raw text is kept beside the value.
        assert_eq!(
            m.resolve("◯").unwrap().unwrap(),
            Rating {
                value: Some("○".into()),
                raw: "◯".into()
            }
        );
    }

    #[test]
    fn the_default_grades_read_letters_and_marks_alike() {
        let g = Scale::default_grade();
        for (raw, want) in [
            ("◎", "S"),
            ("○", "A"),
            ("〇", "A"),
            ("△", "B"),
            ("×", "C"),
            ("◎→", "S"),
            ("△（一部遅れ）", "B"),
            ("Ｂ", "B"),
        ] {
            assert_eq!(value(&g, raw), Ok(Some(want.into())), "{raw}");
        }
        assert_eq!(g.resolve("◎→").unwrap().unwrap().raw, "◎→");
        assert!(matches!(value(&g, "◎→○"), Err(NotOnScale::Ambiguous(_))));
        assert_eq!(value(&g, "☆"), Err(NotOnScale::Unknown));
    }

    #[test]
    fn composites_resolve_to_their_one_value() {
        let m = marks();
        assert_eq!(value(&m, "◎→"), Ok(Some("◎".into())));
        assert_eq!(value(&m, "〇（一部遅れ）"), Ok(Some("○".into())));
        let g = Scale::default_grade();
        assert_eq!(value(&g, "A（計画どおり）"), Ok(Some("A".into())));
        assert_eq!(value(&g, "Ａ (計画どおり)"), Ok(Some("A".into())));
        assert_eq!(value(&g, "計画どおり（B）"), Ok(Some("B".into())));
        assert_eq!(
            value(&g, "A→B"),
            Err(NotOnScale::Ambiguous(vec!["A".into(), "B".into()]))
        );
        // A value inside a longer word is no part of it.
        assert_eq!(value(&g, "AB"), Err(NotOnScale::Unknown));
        let five = scale(
            "key = \"level\"\nlabel = \"達成度\"\nvalues = [\"1\", \"2\", \"3\", \"4\", \"5\"]\nbest = \"first\"\n",
        );
        assert_eq!(value(&five, "１"), Ok(Some("1".into())));
        assert_eq!(value(&five, "10"), Err(NotOnScale::Unknown));
        assert_eq!(value(&five, "4.5"), Err(NotOnScale::Unknown));
        assert_eq!(value(&five, "2（概ね順調）"), Ok(Some("2".into())));
    }

    #[test]
    fn a_second_axis_with_its_best_at_the_end() {
        let a = scale(
            "key = \"achievement\"\nlabel = \"達成度\"\nvalues = [\"未達成\", \"一部達成\", \"達成\"]\nbest = \"last\"\ncolumns = [\"達成度\", \"達成状況\"]\n",
        );
        assert_eq!(value(&a, "一部達成"), Ok(Some("一部達成".into())));
        assert_eq!(value(&a, "未達成"), Ok(Some("未達成".into())));
        assert_eq!(value(&a, "達成（前倒し）"), Ok(Some("達成".into())));
        assert_eq!(a.best_first(), ["達成", "一部達成", "未達成"]);
        assert_eq!((a.rank("達成"), a.rank("未達成")), (Some(1), Some(3)));
        assert_eq!(a.described(), "未達成, 一部達成, 達成（達成が最良）");
        let af = scale(
            "key = \"grade\"\nvalues = [\"A\", \"B\", \"C\", \"D\", \"E\", \"F\"]\nbest = \"last\"\n",
        );
        assert_eq!(af.rank("F"), Some(1));
        assert_eq!(af.label, "評価", "the grade scale keeps its label");
        assert_eq!(af.columns, ["評価", "自己評価"]);
    }

    #[test]
    fn free_text_keeps_what_was_written() {
        let free = scale("key = \"grade\"\nvalues = []\n");
        assert_eq!(
            free.resolve("大変よい").unwrap().unwrap(),
            Rating {
                value: Some("大変よい".into()),
                raw: "大変よい".into()
            }
        );
    }

    #[test]
    fn bad_entries_say_what_is_wrong() {
        for (text, why) in [
            (
                "key = \"Achievement\"\nlabel = \"x\"\nbest = \"last\"\n",
                "英小文字",
            ),
            ("key = \"status\"\n", "status_synonyms"),
            ("key = \"a\"\nvalues = [\"x\"]\nbest = \"last\"\n", "label"),
            (
                "key = \"a\"\nlabel = \"達成度\"\nvalues = [\"x\"]\n",
                "best",
            ),
            (
                "key = \"a\"\nlabel = \"達成度\"\nvalues = [\"x\", \"ｘ\"]\nbest = \"last\"\n",
                "重複",
            ),
            (
                "key = \"a\"\nlabel = \"達成度\"\nvalues = [\"x\"]\nbest = \"last\"\nsynonyms = { \"y\" = \"z\" }\n",
                "values にありません",
            ),
        ] {
            let raw: RawScale = toml::from_str(text).unwrap();
            let err = raw.resolve().unwrap_err();
            assert!(err.to_string().contains(why), "{text}: {err}");
        }
        let raw: Result<RawScale, _> = toml::from_str("key = \"a\"\nbest = \"top\"\n");
        assert!(raw.is_err());
    }
}
