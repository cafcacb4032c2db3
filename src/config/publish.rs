//! What the public report (`公表/`) shows (`[publish]`): its title, the parts of each
//! item's sheet (個票) and the evaluation scales.

use serde::Deserialize;

use super::SettingsError;
use super::scale::{Scale, ScaleKey};

/// A part of an item's sheet (個票) in the public report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PublishColumn {
    /// 取組内容: what the plan says the item does.
    Content,
    /// 今年度の計画: the schedule's activity for the fiscal year.
    Plan,
    /// 取組実績: what the last report of the year says was done.
    Results,
    /// 評価 and the other published scales.
    Ratings,
    /// 課題: often internal, left out by removing it from the list.
    Issues,
    /// 今後の方向性: the last report's next steps.
    NextSteps,
    /// 効果額: the plan's target for the year and the amount reported.
    Effect,
}

impl PublishColumn {
    /// Every part, in the order the sheet shows them.
    pub const ALL: [PublishColumn; 7] = [
        PublishColumn::Content,
        PublishColumn::Plan,
        PublishColumn::Results,
        PublishColumn::Ratings,
        PublishColumn::Issues,
        PublishColumn::NextSteps,
        PublishColumn::Effect,
    ];

    /// The key written in `[publish] columns`.
    pub fn key(self) -> &'static str {
        match self {
            PublishColumn::Content => "content",
            PublishColumn::Plan => "plan",
            PublishColumn::Results => "results",
            PublishColumn::Ratings => "ratings",
            PublishColumn::Issues => "issues",
            PublishColumn::NextSteps => "next_steps",
            PublishColumn::Effect => "effect",
        }
    }

    /// The heading on the sheet.
    pub fn label(self) -> &'static str {
        match self {
            PublishColumn::Content => "取組内容",
            PublishColumn::Plan => "今年度の計画",
            PublishColumn::Results => "取組実績",
            PublishColumn::Ratings => "評価",
            PublishColumn::Issues => "課題",
            PublishColumn::NextSteps => "今後の方向性",
            PublishColumn::Effect => "効果額",
        }
    }
}

/// The public report's settings (`[publish]` in the configuration).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishSettings {
    /// The plan's title, the page's heading.
    pub title: String,
    /// The parts of each item's sheet, in [`PublishColumn::ALL`] order.
    pub columns: Vec<PublishColumn>,
    /// The scales published (counts on the front page, values on the sheets); `None`:
    /// every configured scale.
    pub scales: Option<Vec<ScaleKey>>,
}

/// The heading when the configuration names no title.
pub const DEFAULT_TITLE: &str = "行政改革推進計画";

impl Default for PublishSettings {
    fn default() -> Self {
        PublishSettings {
            title: DEFAULT_TITLE.to_string(),
            columns: PublishColumn::ALL.to_vec(),
            scales: None,
        }
    }
}

impl PublishSettings {
    /// Whether the sheets show `column`.
    pub fn shows(&self, column: PublishColumn) -> bool {
        self.columns.contains(&column)
    }

    /// The configured scales that are published, in configuration order.
    pub fn published<'a>(&self, scales: &'a [Scale]) -> Vec<&'a Scale> {
        scales
            .iter()
            .filter(|s| {
                self.scales
                    .as_ref()
                    .is_none_or(|keys| keys.contains(&s.key))
            })
            .collect()
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPublish {
    title: Option<String>,
    columns: Option<Vec<String>>,
    scales: Option<Vec<String>>,
}

impl RawPublish {
    /// The defaults with what the file sets; the scales are checked against `scales`.
    pub(super) fn resolve(self, scales: &[Scale]) -> Result<PublishSettings, SettingsError> {
        let d = PublishSettings::default();
        let columns = match self.columns {
            None => d.columns,
            Some(keys) => columns(&keys)?,
        };
        let published = match self.scales {
            None => None,
            Some(keys) => Some(scale_keys(&keys, scales)?),
        };
        let title = self
            .title
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .unwrap_or(d.title);
        Ok(PublishSettings {
            title,
            columns,
            scales: published,
        })
    }
}

/// The parts named by `keys`, in sheet order.
fn columns(keys: &[String]) -> Result<Vec<PublishColumn>, SettingsError> {
    let mut out = Vec::new();
    for key in keys {
        let col = PublishColumn::ALL
            .into_iter()
            .find(|c| c.key() == key.trim())
            .ok_or_else(|| SettingsError::UnknownPublishColumn {
                key: key.clone(),
                known: PublishColumn::ALL.map(PublishColumn::key).join(", "),
            })?;
        out.push(col);
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// The scale keys named by `keys`, each a configured scale.
fn scale_keys(keys: &[String], scales: &[Scale]) -> Result<Vec<ScaleKey>, SettingsError> {
    keys.iter()
        .map(|key| {
            scales
                .iter()
                .find(|s| s.key.as_str() == key.trim())
                .map(|s| s.key.clone())
                .ok_or_else(|| SettingsError::UnknownPublishScale {
                    key: key.clone(),
                    known: scales
                        .iter()
                        .map(|s| s.key.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                })
        })
        .collect()
}
