//! Configuration: bureau marks, the plan's vocabulary. Defaults fit the sample plan; a
//! city changes them in a TOML file (`input/gyokaku.toml` is read when present, or the
//! file given with `--config`). Every key is optional; lists given in the file *add to*
//! the built-in words, tables *override* entries of the same key. One list replaces its
//! default: `[progress] grades`, the values of the 評価 scale. Evaluation scales
//! (`[[scales]]`: 評価, 達成度, …) are described in [`scale`]; an entry whose key is
//! `grade` replaces the default grade scale, any other key adds an axis.
//!
//! The parts: `raw` (the file as written and the overlays), `limits`, `plan_words`,
//! `progress_words`, `publish` (the public report) and [`scale`].

mod limits;
mod plan_words;
mod progress_words;
mod publish;
mod raw;
pub mod scale;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::path::Path;

use thiserror::Error;

pub use limits::Limits;
pub use plan_words::{
    LegendEntry, LegendKind, OutlineForm, PlanColumn, PlanLayout, PlanVocabulary,
};
pub use progress_words::{ProgressColumn, ProgressVocabulary};
pub use publish::{PublishColumn, PublishSettings};
use raw::{
    RawConfig, check_column_words, overlay_columns, overlay_plan_words, overlay_scales,
    overlay_synonyms,
};
pub use scale::MAX_LIST_CHARS;
use scale::{ScaleError, ScaleKey, ValuesError};

/// A configuration file that cannot be used.
#[derive(Debug, Error)]
pub enum ConfigError {
    #[error("設定ファイル {path} を読めません: {source}")]
    Read {
        path: String,
        source: crate::files::ReadError,
    },
    #[error(
        "設定ファイル {path} の書式に誤りがあります: UTF-8 のテキストではありません（バイト {valid_up_to}）"
    )]
    NotUtf8 { path: String, valid_up_to: usize },
    #[error("設定ファイル {path} の書式に誤りがあります: {}", excerpt(&.source.to_string()))]
    Invalid {
        path: String,
        source: Box<SettingsError>,
    },
}

/// What is wrong in a configuration's text.
#[derive(Debug, Error)]
pub enum SettingsError {
    /// Not TOML, or not of the configuration's shape (an unknown key, a wrong type).
    #[error("{0}")]
    Toml(#[from] toml::de::Error),
    #[error(
        "[report] の due_day（{0}）は 1〜31 の日で指定してください（10 なら報告月の翌月10日が提出期限）"
    )]
    DueDay(u32),
    #[error("[progress.columns] の「{key}」は不明な列です（使える列: {known}）")]
    UnknownProgressColumn { key: String, known: String },
    #[error(
        "[progress.status_synonyms] の「{word}」→「{status}」: 「{status}」は定義済みの進捗状況ではありません（定義済み: {defined}）"
    )]
    UnknownStatus {
        word: String,
        status: String,
        defined: String,
    },
    #[error("[plan.columns] の「{key}」は不明な列です（使える列: {known}）")]
    UnknownPlanColumn { key: String, known: String },
    #[error("[plan.layout] の kana_order「{0}」は「五十音」か「いろは」で指定してください")]
    KanaOrder(String),
    #[error("[plan.layout] の item_numbers「{0}」は「計画の番号」か「順番」で指定してください")]
    ItemNumbers(String),
    #[error(transparent)]
    Scale(#[from] ScaleError),
    #[error("[[scales]] の「{0}」が 2 回あります")]
    RepeatedScale(ScaleKey),
    #[error("[[scales]] が多すぎます")]
    TooManyScales,
    #[error(
        "[[scales]] の「{key}」: 表の列名「{column}」がほかの列と重なります。key を変えてください"
    )]
    ScaleColumnClash { key: ScaleKey, column: String },
    #[error(
        "[progress] の grades と [[scales]] の key = \"grade\" の両方があります。[[scales]] の values にまとめてください"
    )]
    GradesTwice,
    #[error("[progress] の grades: {0}")]
    Grades(ValuesError),
    #[error("[publish] の columns の「{key}」は不明な項目です（使える項目: {known}）")]
    UnknownPublishColumn { key: String, known: String },
    #[error("[publish] の scales の「{key}」は定義されていない尺度です（定義済み: {known}）")]
    UnknownPublishScale { key: String, known: String },
    #[error("[[scales]] の「{scale}」の見出し「{word}」は、ほかの列（{other}）の見出しと同じです")]
    SharedColumnWord {
        scale: String,
        word: String,
        other: String,
    },
}

/// The largest configuration file read: a real one is a few kilobytes.
pub const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// The longest line of an error message quoted from the file.
const EXCERPT_CHARS: usize = 120;

/// An error message with each line cut to [`EXCERPT_CHARS`] characters: the TOML reader
/// quotes the offending line whole, which may be the whole file.
fn excerpt(message: &str) -> String {
    message
        .lines()
        .map(|line| match line.char_indices().nth(EXCERPT_CHARS) {
            Some((at, _)) => format!("{}…", &line[..at]),
            None => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Resolved configuration used by every stage.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Bureau mark (the character in parentheses before a section) -> bureau name.
    pub bureaus: BTreeMap<String, String>,
    pub plan: PlanVocabulary,
    pub progress: ProgressVocabulary,
    /// What the section workbooks offer (`[report]`).
    pub report: ReportSettings,
    /// Limits against hostile or runaway input files.
    pub limits: Limits,
    /// What the public report shows (`[publish]`).
    pub publish: PublishSettings,
}

/// The section workbooks' 進捗入力 sheet (`[report]` in the configuration).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportSettings {
    /// Day of the month after the reporting month by which the sheet is due (`10`: the
    /// 10th); a day past the month's end means its last day.
    pub due_day: u32,
}

impl Default for ReportSettings {
    fn default() -> Self {
        ReportSettings { due_day: 10 }
    }
}

impl Default for Settings {
    fn default() -> Self {
        let bureaus = [
            ("民", "市民生活部"),
            ("福", "福祉部"),
            ("財", "財政部"),
            ("水", "上下水道部"),
            ("消", "消防本部"),
            ("環", "環境衛生部"),
            ("健", "健康こども部"),
            ("都", "都市建設部"),
            ("教", "教育部"),
            ("総", "総務部"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        Settings {
            bureaus,
            limits: Limits::default(),
            progress: ProgressVocabulary::default(),
            report: ReportSettings::default(),
            plan: PlanVocabulary::default(),
            publish: PublishSettings::default(),
        }
    }
}

impl Settings {
    /// The settings of a command: the defaults overlaid with the file at `path` when one
    /// is given, the defaults alone otherwise.
    ///
    /// # Errors
    /// As [`Settings::load`].
    pub fn load_or_default(path: Option<&Path>) -> Result<Settings, ConfigError> {
        path.map_or_else(|| Ok(Settings::default()), Settings::load)
    }

    /// Defaults overlaid with the TOML file at `path`.
    ///
    /// # Errors
    /// The file cannot be read, or is not valid TOML of the expected shape.
    pub fn load(path: &Path) -> Result<Settings, ConfigError> {
        let bytes = crate::files::read_regular(path, MAX_CONFIG_BYTES).map_err(|source| {
            ConfigError::Read {
                path: path.display().to_string(),
                source,
            }
        })?;
        let text = String::from_utf8(bytes).map_err(|e| ConfigError::NotUtf8 {
            path: path.display().to_string(),
            valid_up_to: e.utf8_error().valid_up_to(),
        })?;
        Settings::from_toml(&text).map_err(|source| ConfigError::Invalid {
            path: path.display().to_string(),
            source: Box::new(source),
        })
    }

    /// Defaults overlaid with TOML text.
    ///
    /// # Errors
    /// [`SettingsError`]: the text is not valid TOML of the expected shape (the message
    /// says where), or an entry is not one the configuration allows.
    pub fn from_toml(text: &str) -> Result<Settings, SettingsError> {
        let raw: RawConfig = toml::from_str(text)?;
        let mut s = Settings {
            limits: raw.limits.resolve(),
            report: raw.report.resolve()?,
            ..Settings::default()
        };
        overlay_scales(&mut s.progress, raw.scales, raw.progress.grades)?;
        s.bureaus.extend(
            raw.bureaus
                .into_iter()
                .map(|(k, v)| (crate::text::fold(&k), v)),
        );
        overlay_columns(&mut s.progress, raw.progress.columns)?;
        overlay_synonyms(&mut s.progress, raw.progress.status_synonyms)?;
        s.progress.sync_rating_columns();
        check_column_words(&s.progress)?;
        overlay_plan_words(&mut s.plan, raw.plan)?;
        s.publish = raw.publish.resolve(&s.progress.scales)?;
        Ok(s)
    }

    /// What reading a progress report depends on in the configuration (the run's
    /// sections, built from the configuration and the section directory, aside).
    pub fn report_reading(&self) -> ReportReading<'_> {
        ReportReading {
            progress: &self.progress,
            limits: &self.limits,
            iroha: self.plan.layout.iroha,
        }
    }
}

/// What reading a progress report depends on in the configuration: the report's
/// vocabulary (header words, statuses, scales), the limits on a file, and the kana order
/// of item numbers. Two runs with equal values read a report alike (given the same
/// sections and plan).
#[derive(Debug, Clone, Copy)]
pub struct ReportReading<'a> {
    pub progress: &'a ProgressVocabulary,
    pub limits: &'a Limits,
    /// `[plan.layout] kana_order = "いろは"`: (イ)(ロ)(ハ) count 1, 2, 3.
    pub iroha: bool,
}

/// Owned words of a built-in list.
fn words(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_string()).collect()
}
