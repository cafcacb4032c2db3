//! The configuration file as written (serde's mirror of `gyokaku.toml`) and the overlays
//! that put its entries over the defaults, checked.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::limits::RawLimits;
use super::plan_words::{LegendEntry, PlanColumn, PlanVocabulary, RawLayout};
use super::progress_words::{ProgressColumn, ProgressVocabulary};
use super::publish::RawPublish;
use super::scale::{RawScale, ScaleKey, check_values};
use super::{ReportSettings, SettingsError};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawConfig {
    #[serde(default)]
    pub(super) bureaus: BTreeMap<String, String>,
    #[serde(default)]
    pub(super) plan: RawPlanVocabulary,
    #[serde(default)]
    pub(super) progress: RawProgress,
    #[serde(default)]
    pub(super) limits: RawLimits,
    #[serde(default)]
    pub(super) report: RawReport,
    /// Evaluation scales (`[[scales]]`).
    #[serde(default)]
    pub(super) scales: Vec<RawScale>,
    /// The public report (`[publish]`).
    #[serde(default)]
    pub(super) publish: RawPublish,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawReport {
    due_day: Option<u32>,
}

impl RawReport {
    /// The defaults with what the file sets.
    pub(super) fn resolve(self) -> Result<ReportSettings, SettingsError> {
        let due_day = self.due_day.unwrap_or(ReportSettings::default().due_day);
        if !(1..=31).contains(&due_day) {
            return Err(SettingsError::DueDay(due_day));
        }
        Ok(ReportSettings { due_day })
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawProgress {
    /// Column key (`status`, `percent`, ...) -> extra header words.
    #[serde(default)]
    pub(super) columns: BTreeMap<String, Vec<String>>,
    /// Extra status synonyms: what sections write -> a canonical status.
    #[serde(default)]
    pub(super) status_synonyms: BTreeMap<String, String>,
    /// The grades offered, replacing the default list.
    pub(super) grades: Option<Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPlanVocabulary {
    #[serde(default)]
    heading_themes: Vec<String>,
    #[serde(default)]
    heading_issues: Vec<String>,
    #[serde(default)]
    heading_content: Vec<String>,
    #[serde(default)]
    heading_goals: Vec<String>,
    #[serde(default)]
    heading_items: Vec<String>,
    #[serde(default)]
    label_item_name: Vec<String>,
    #[serde(default)]
    label_department: Vec<String>,
    #[serde(default)]
    label_item_content: Vec<String>,
    #[serde(default)]
    label_schedule: Vec<String>,
    #[serde(default)]
    all_departments: Vec<String>,
    /// The plan's title on covers and page headers, in place of the one read from it.
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    schedule_legend: Vec<LegendEntry>,
    #[serde(default)]
    layout: RawLayout,
    /// Column key (`number`, `section`, ...) -> extra header words of plan spreadsheets.
    #[serde(default)]
    columns: BTreeMap<String, Vec<String>>,
}

/// Adds the file's header words to the progress columns.
pub(super) fn overlay_columns(
    vocab: &mut ProgressVocabulary,
    columns: BTreeMap<String, Vec<String>>,
) -> Result<(), SettingsError> {
    for (key, add) in columns {
        if let Some(scale) = vocab.scales.iter_mut().find(|s| s.key.as_str() == key) {
            add_words(&mut scale.columns, add);
            continue;
        }
        let col = ProgressColumn::ALL
            .into_iter()
            .find(|c| c.key() == key)
            .ok_or_else(|| SettingsError::UnknownProgressColumn {
                known: format!(
                    "{}, {}",
                    ProgressColumn::ALL.map(|c| c.key()).join(", "),
                    vocab
                        .scales
                        .iter()
                        .map(|s| s.key.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                key: key.clone(),
            })?;
        add_words(vocab.columns.entry(col).or_default(), add);
    }
    Ok(())
}

/// Adds the file's status synonyms; each must name a defined status.
pub(super) fn overlay_synonyms(
    vocab: &mut ProgressVocabulary,
    synonyms: BTreeMap<String, String>,
) -> Result<(), SettingsError> {
    for (k, v) in synonyms {
        if !vocab.statuses.contains(&v) {
            return Err(SettingsError::UnknownStatus {
                defined: vocab.statuses.join(", "),
                word: k,
                status: v,
            });
        }
        vocab.status_synonyms.insert(k, v);
    }
    Ok(())
}

/// Adds the file's plan headings, labels and column words to the built-in ones.
pub(super) fn overlay_plan_words(
    v: &mut PlanVocabulary,
    p: RawPlanVocabulary,
) -> Result<(), SettingsError> {
    v.layout = p.layout.resolve()?;
    if let Some(t) = p
        .title
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
    {
        v.title = Some(t);
    }
    for (dst, add) in [
        (&mut v.words.heading_themes, p.heading_themes),
        (&mut v.words.heading_issues, p.heading_issues),
        (&mut v.words.heading_content, p.heading_content),
        (&mut v.words.heading_goals, p.heading_goals),
        (&mut v.words.heading_items, p.heading_items),
        (&mut v.words.label_item_name, p.label_item_name),
        (&mut v.words.label_department, p.label_department),
        (&mut v.words.label_item_content, p.label_item_content),
        (&mut v.words.label_schedule, p.label_schedule),
        (&mut v.all_departments, p.all_departments),
    ] {
        add_words(dst, add);
    }
    for entry in p.schedule_legend {
        let key = crate::text::fold_compact(&entry.symbol);
        v.schedule_legend
            .retain(|e| crate::text::fold_compact(&e.symbol) != key);
        v.schedule_legend.push(entry);
    }
    for (key, add) in p.columns {
        let col = PlanColumn::ALL
            .into_iter()
            .find(|c| c.key() == key)
            .ok_or_else(|| SettingsError::UnknownPlanColumn {
                known: PlanColumn::ALL.map(|c| c.key()).join(", "),
                key: key.clone(),
            })?;
        add_words(v.columns.entry(col).or_default(), add);
    }
    v.folded = std::sync::OnceLock::new();
    Ok(())
}

/// Appends the words of `add` not already in `dst`.
fn add_words(dst: &mut Vec<String>, add: Vec<String>) {
    for w in add {
        if !dst.contains(&w) {
            dst.push(w);
        }
    }
}

/// The configured scales over the default grade scale: a `grade` entry replaces it, any
/// other key adds an axis. `[progress] grades` (the older way of giving the grade values)
/// replaces the default grade scale's values.
pub(super) fn overlay_scales(
    vocab: &mut ProgressVocabulary,
    scales: Vec<RawScale>,
    grades: Option<Vec<String>>,
) -> Result<(), SettingsError> {
    let mut seen: Vec<ScaleKey> = Vec::new();
    for raw in scales {
        let scale = raw.resolve()?;
        if seen.contains(&scale.key) {
            return Err(SettingsError::RepeatedScale(scale.key));
        }
        seen.push(scale.key.clone());
        match vocab.scales.iter_mut().find(|s| s.key == scale.key) {
            Some(old) => *old = scale,
            None => vocab.scales.push(scale),
        }
    }
    if vocab.scales.len() > usize::from(u8::MAX) {
        return Err(SettingsError::TooManyScales);
    }
    check_scale_columns(&vocab.scales)?;
    let Some(grades) = grades else {
        return Ok(());
    };
    if seen.iter().any(|k| k.as_str() == ScaleKey::GRADE) {
        return Err(SettingsError::GradesTwice);
    }
    let values = check_values(grades).map_err(SettingsError::Grades)?;
    if let Some(g) = vocab
        .scales
        .iter_mut()
        .find(|s| s.key.as_str() == ScaleKey::GRADE)
    {
        // The default marks (◎ = S …) go with the default values only.
        g.synonyms.retain(|_, v| values.contains(v));
        g.values = values;
    }
    Ok(())
}

/// Every header word names one column: a scale's column words must not be another
/// column's (the first column in order would take the cell).
pub(super) fn check_column_words(vocab: &ProgressVocabulary) -> Result<(), SettingsError> {
    let fold = |w: &String| crate::text::fold_compact(w);
    for (k, scale) in vocab.scales.iter().enumerate() {
        let own = u8::try_from(k).map(ProgressColumn::Rating).ok();
        for w in &scale.columns {
            let other = vocab
                .columns
                .iter()
                .find(|(c, words)| Some(**c) != own && words.iter().any(|o| fold(o) == fold(w)));
            if let Some((c, _)) = other {
                let name = match c {
                    ProgressColumn::Rating(j) => vocab
                        .scales
                        .get(usize::from(*j))
                        .map_or_else(String::new, |s| s.key.to_string()),
                    c => c.key().to_string(),
                };
                return Err(SettingsError::SharedColumnWord {
                    scale: scale.label.clone(),
                    word: w.clone(),
                    other: name,
                });
            }
        }
    }
    Ok(())
}

/// Each scale makes the table columns `<key>` and `<key>_raw`: none may be a column of
/// the `progress` table or another scale's (`results`, or `a_raw` beside `a`).
fn check_scale_columns(scales: &[super::scale::Scale]) -> Result<(), SettingsError> {
    let mut taken: Vec<String> = super::scale::PROGRESS_FIXED_COLUMNS
        .iter()
        .map(ToString::to_string)
        .collect();
    for scale in scales {
        for column in [scale.key.to_string(), format!("{}_raw", scale.key)] {
            if taken.contains(&column) {
                return Err(SettingsError::ScaleColumnClash {
                    key: scale.key.clone(),
                    column,
                });
            }
            taken.push(column);
        }
    }
    Ok(())
}
