//! The vocabulary of progress reports: their columns' header words, the statuses and
//! what sections write for them, and the evaluation scales (`[progress]`, `[[scales]]`).

use std::collections::BTreeMap;

use super::scale::{Scale, ScaleKey};
use super::words;

/// A column of a progress report, recognized by its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ProgressColumn {
    ItemId,
    ItemName,
    Section,
    Status,
    Percent,
    /// The column of the evaluation scale at this index of
    /// [`ProgressVocabulary::scales`] (評価, 達成度, …).
    Rating(u8),
    /// The effect amount (効果額), in the unit its header names.
    Amount,
    Results,
    Issues,
    NextSteps,
    Date,
}

impl ProgressColumn {
    /// The columns of fixed meaning; the rating columns follow the configured scales.
    pub const ALL: [ProgressColumn; 10] = [
        ProgressColumn::ItemId,
        ProgressColumn::ItemName,
        ProgressColumn::Section,
        ProgressColumn::Status,
        ProgressColumn::Percent,
        ProgressColumn::Amount,
        ProgressColumn::Results,
        ProgressColumn::Issues,
        ProgressColumn::NextSteps,
        ProgressColumn::Date,
    ];

    /// The key used in the configuration file (`[progress.columns]`).
    pub fn key(self) -> &'static str {
        match self {
            ProgressColumn::ItemId => "item_id",
            ProgressColumn::ItemName => "item_name",
            ProgressColumn::Section => "section",
            ProgressColumn::Status => "status",
            ProgressColumn::Percent => "percent",
            ProgressColumn::Rating(_) => "rating",
            ProgressColumn::Amount => "amount",
            ProgressColumn::Results => "results",
            ProgressColumn::Issues => "issues",
            ProgressColumn::NextSteps => "next_steps",
            ProgressColumn::Date => "date",
        }
    }
}

/// Header synonyms and the status vocabulary of progress reports.
#[derive(Debug, Clone)]
pub struct ProgressVocabulary {
    /// Column -> header words (compared after folding, without spaces, line breaks or a
    /// parenthesized suffix such as `（％）`). The [`ProgressColumn::Rating`] entries are
    /// the scales' `columns` ([`Self::sync_rating_columns`]).
    pub columns: BTreeMap<ProgressColumn, Vec<String>>,
    /// Canonical statuses in display order.
    pub statuses: Vec<String>,
    /// Synonym -> canonical status.
    pub status_synonyms: BTreeMap<String, String>,
    /// The evaluation scales besides the status, in display order: the grade scale (評価)
    /// first unless the configuration drops its values, then the other axes.
    pub scales: Vec<Scale>,
}

impl ProgressVocabulary {
    /// The canonical status for what a section wrote, if it is known: the status or a
    /// synonym, or a composite holding exactly one (「完了（R6.8）」).
    pub fn canonical_status(&self, raw: &str) -> Option<String> {
        crate::config::scale::resolve_in(&self.statuses, &self.status_synonyms, raw).ok()
    }

    /// The scale whose key is `key`.
    pub fn scale(&self, key: &str) -> Option<&Scale> {
        self.scales.iter().find(|s| s.key.as_str() == key)
    }

    /// The grade scale's values (the 評価 dropdown); empty when 評価 is free text.
    pub fn grades(&self) -> &[String] {
        self.scale(ScaleKey::GRADE)
            .map_or(&[][..], |s| s.values.as_slice())
    }

    /// Rebuilds the [`ProgressColumn::Rating`] entries of `columns` from the scales.
    pub fn sync_rating_columns(&mut self) {
        self.columns
            .retain(|c, _| !matches!(c, ProgressColumn::Rating(_)));
        for (k, s) in self.scales.iter().enumerate() {
            let k = u8::try_from(k).unwrap_or(u8::MAX);
            self.columns
                .insert(ProgressColumn::Rating(k), s.columns.clone());
        }
    }
}

/// What sections write for the default statuses.
fn default_status_synonyms() -> BTreeMap<String, String> {
    [
        ("未実施", "未着手"),
        ("検討", "検討中"),
        ("調査中", "検討中"),
        ("取組中", "実施中"),
        ("推進中", "実施中"),
        ("継続", "実施中"),
        ("実施", "実施中"),
        ("達成", "完了"),
        ("実施済", "完了"),
        ("実施済み", "完了"),
        ("済", "完了"),
        ("遅れ", "遅延"),
        ("休止", "中止"),
        ("廃止", "中止"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

impl Default for ProgressVocabulary {
    fn default() -> Self {
        use ProgressColumn::*;
        let columns = [
            (
                ItemId,
                &[
                    "項目番号",
                    "項目ID",
                    "管理番号",
                    "番号",
                    "No",
                    "No.",
                    "項目No",
                    "項目No.",
                    "取組No",
                    "取組No.",
                    "取組番号",
                ][..],
            ),
            (
                ItemName,
                &["実践項目名", "実践項目", "項目名", "取組名"][..],
            ),
            (
                Section,
                &[
                    "担当部署",
                    "担当課",
                    "所管課",
                    "主管課",
                    "担当部課名",
                    "担当部課",
                    "担当部局",
                    "所管部署",
                ][..],
            ),
            (
                Status,
                &["進捗状況", "進捗", "状況", "実施状況", "ステータス"][..],
            ),
            (Percent, &["進捗率", "達成率"][..]),
            (
                Amount,
                &[
                    "効果額",
                    "財政効果額",
                    "効果額実績",
                    "財政効果額実績",
                    "実績効果額",
                    "削減効果額",
                ][..],
            ),
            (Results, &["取組実績", "実績", "実施内容", "取組状況"][..]),
            (Issues, &["課題"][..]),
            (NextSteps, &["今後の予定", "今後の方向性"][..]),
            (Date, &["報告日", "報告月", "基準日", "時点"][..]),
        ]
        .into_iter()
        .map(|(c, w)| (c, words(w)))
        .collect();
        let synonyms = default_status_synonyms();
        let mut vocabulary = ProgressVocabulary {
            columns,
            statuses: words(&["未着手", "検討中", "実施中", "完了", "遅延", "中止"]),
            status_synonyms: synonyms,
            scales: vec![Scale::default_grade()],
        };
        vocabulary.sync_rating_columns();
        vocabulary
    }
}
