//! Configuration: bureau marks, the plan's vocabulary. Defaults fit the sample plan; a
//! city changes them in a TOML file (`input/gyokaku.toml` is read when present, or the
//! file given with `--config`). Every key is optional; lists given in the file *add to*
//! the built-in words, tables *override* entries of the same key. One list replaces its
//! default: `[progress] grades`, the values of the 評価 scale. Evaluation scales
//! (`[[scales]]`: 評価, 達成度, …) are described in [`crate::scale`]; an entry whose key is
//! `grade` replaces the default grade scale, any other key adds an axis.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use thiserror::Error;

use crate::scale::{RawScale, Scale, ScaleKey, check_values};

#[derive(Debug, Error)]
pub enum ConfigError {
    #[error("設定ファイル {path} を読めません: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("設定ファイル {path} の書式に誤りがあります: {message}")]
    Parse { path: String, message: String },
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
    /// The section directory (`input/departments.csv`), empty when there is none. Part of
    /// the settings so that every stage resolving a section name sees it (and the cache
    /// of parsed reports is keyed by it).
    pub directory: std::sync::Arc<crate::directory::Directory>,
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

/// Excel's limit on a dropdown list written into the sheet: the entries joined by commas.
pub const MAX_LIST_CHARS: usize = 255;

/// Limits on what one input file may hold (`[limits]` in the configuration). Each limit
/// reached is a finding for that file; the rest of the run is unaffected. One limit is on
/// what an output shows: `max_diagnostic_rows`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest input file read, in bytes.
    pub max_file_bytes: u64,
    /// Largest total of a workbook's zip members once inflated, in bytes.
    pub max_unzipped_bytes: u64,
    /// Rows per sheet read; rows past it are reported and not read.
    pub max_rows: usize,
    /// Columns per sheet read; cells past it are ignored.
    pub max_cols: usize,
    /// Cells per sheet (used rectangle for formats that expand it).
    pub max_cells: usize,
    /// Characters per cell kept; longer text is cut (Excel's own limit by default).
    pub max_cell_chars: usize,
    /// Pages of a PDF plan read; a PDF with more is refused (and objects of a PDF: 500 per
    /// page allowed, at least 100,000).
    pub max_pages: usize,
    /// Findings listed in the summary's 診断 sheet; the rest are counted in its last row
    /// (the `diagnostics` table keeps them all).
    pub max_diagnostic_rows: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 50 * 1024 * 1024,
            max_unzipped_bytes: 200 * 1024 * 1024,
            max_rows: 200_000,
            max_cols: 256,
            max_cells: 2_000_000,
            max_cell_chars: 32_767,
            max_pages: 2_000,
            max_diagnostic_rows: 5_000,
        }
    }
}

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
        crate::scale::resolve_in(&self.statuses, &self.status_synonyms, raw).ok()
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

/// Words the plan text uses for its headings and table rows (compared after folding and
/// with white space removed).
#[derive(Debug, Clone)]
pub struct PlanVocabulary {
    pub heading_themes: Vec<String>,
    pub heading_issues: Vec<String>,
    pub heading_content: Vec<String>,
    pub heading_goals: Vec<String>,
    pub heading_items: Vec<String>,
    pub label_item_name: Vec<String>,
    pub label_department: Vec<String>,
    pub label_item_content: Vec<String>,
    pub label_schedule: Vec<String>,
    /// Words in 担当部署 meaning "every section concerned": a flag, not a section.
    pub all_departments: Vec<String>,
    /// The schedule's legend (凡例): symbols and words a 工程表 cell may hold.
    pub schedule_legend: Vec<LegendEntry>,
    /// What defaults cannot guess about the plan's layout (`[plan.layout]`).
    pub layout: PlanLayout,
    /// Header words of a plan kept as a spreadsheet (`[plan.columns]`), compared like
    /// the progress columns' words.
    pub columns: BTreeMap<PlanColumn, Vec<String>>,
}

/// A column of a plan kept as a spreadsheet (実施計画一覧表), recognized by its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PlanColumn {
    /// 番号: the item's (or, on an initiative row, the initiative's) written number.
    Number,
    /// 取組: the initiative an item belongs to.
    Initiative,
    /// 実践項目名
    ItemName,
    /// 取組内容 (of the item; of the initiative on an initiative row)
    Content,
    /// 担当部署
    Section,
    /// 目標指標
    Target,
    /// 現状と課題 (initiative rows)
    Issues,
    /// 目標・効果 (initiative rows)
    Goals,
    /// A group over the fiscal-year columns of the schedule (年度, 工程表).
    Schedule,
    /// 効果額: per-year effect amounts, or a group over their year columns.
    Effect,
}

impl PlanColumn {
    pub const ALL: [PlanColumn; 10] = [
        PlanColumn::Number,
        PlanColumn::Initiative,
        PlanColumn::ItemName,
        PlanColumn::Content,
        PlanColumn::Section,
        PlanColumn::Target,
        PlanColumn::Issues,
        PlanColumn::Goals,
        PlanColumn::Schedule,
        PlanColumn::Effect,
    ];

    /// The key used in the configuration file (`[plan.columns]`).
    pub fn key(self) -> &'static str {
        match self {
            PlanColumn::Number => "number",
            PlanColumn::Initiative => "initiative",
            PlanColumn::ItemName => "item_name",
            PlanColumn::Content => "content",
            PlanColumn::Section => "section",
            PlanColumn::Target => "target",
            PlanColumn::Issues => "issues",
            PlanColumn::Goals => "goals",
            PlanColumn::Schedule => "schedule",
            PlanColumn::Effect => "effect",
        }
    }
}

/// The plan's layout where words alone do not tell (`[plan.layout]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanLayout {
    /// `(イ)(ロ)(ハ)`: katakana numbers count in いろは order rather than 五十音.
    pub iroha: bool,
    /// Item IDs from the numbers the plan writes before item names (`①`, `1-(1)-①`);
    /// `false` numbers items in plan order within their initiative.
    pub written_item_numbers: bool,
    /// The numbered lines that open an initiative or a level above it.
    pub outline: Vec<OutlineForm>,
}

impl Default for PlanLayout {
    fn default() -> Self {
        PlanLayout {
            iroha: false,
            written_item_numbers: true,
            outline: OutlineForm::ALL.to_vec(),
        }
    }
}

/// A form of numbered line that opens an initiative (`[plan.layout] outline`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum OutlineForm {
    /// `No. 7`, `№5`, `取組 No.3`
    #[serde(rename = "No.")]
    No,
    /// `【視点1】`, `【3】`
    #[serde(rename = "【】")]
    Bracket,
    /// `（１）`, `(2)`
    #[serde(rename = "()")]
    Paren,
    /// `10「広聴活動の充実」`
    #[serde(rename = "「」")]
    Quoted,
}

impl OutlineForm {
    pub const ALL: [OutlineForm; 4] = [
        OutlineForm::No,
        OutlineForm::Bracket,
        OutlineForm::Paren,
        OutlineForm::Quoted,
    ];
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLayout {
    kana_order: Option<String>,
    item_numbers: Option<String>,
    outline: Option<Vec<OutlineForm>>,
}

impl RawLayout {
    /// The defaults with what the file sets.
    fn resolve(self) -> Result<PlanLayout, String> {
        let d = PlanLayout::default();
        let iroha = match self.kana_order.as_deref() {
            None | Some("五十音" | "gojuon") => false,
            Some("いろは" | "iroha") => true,
            Some(other) => {
                return Err(format!(
                    "[plan.layout] の kana_order「{other}」は「五十音」か「いろは」で指定してください"
                ));
            }
        };
        let written_item_numbers = match self.item_numbers.as_deref() {
            None | Some("計画の番号" | "written") => true,
            Some("順番" | "order") => false,
            Some(other) => {
                return Err(format!(
                    "[plan.layout] の item_numbers「{other}」は「計画の番号」か「順番」で指定してください"
                ));
            }
        };
        Ok(PlanLayout {
            iroha,
            written_item_numbers,
            outline: self.outline.unwrap_or(d.outline),
        })
    }
}

/// The header words plans kept as spreadsheets use most.
fn default_plan_columns() -> BTreeMap<PlanColumn, Vec<String>> {
    use PlanColumn::*;
    [
        (
            Number,
            &[
                "番号",
                "No",
                "No.",
                "項目番号",
                "管理番号",
                "№",
                "管理№",
                "項目No",
                "項目No.",
            ][..],
        ),
        (
            Initiative,
            &["取組", "施策", "重点項目", "推進項目", "改革項目", "取組名"][..],
        ),
        (
            ItemName,
            &[
                "実践項目",
                "実践項目名",
                "取組項目",
                "実施項目",
                "実施項目名",
                "具体的取組",
                "具体的な取組",
                "項目名",
            ][..],
        ),
        (Content, &["取組内容", "内容", "概要", "取組概要"][..]),
        (
            Section,
            &[
                "担当部署",
                "所管課",
                "主管課",
                "担当課",
                "担当部局",
                "担当部課名",
                "所管部署",
                "担当部課",
            ][..],
        ),
        (Target, &["目標指標", "目標値", "成果指標"][..]),
        (Issues, &["現状と課題", "現状・課題", "現状及び課題"][..]),
        (Goals, &["目標・効果", "目標及び効果", "期待される効果"][..]),
        (
            Schedule,
            &[
                "年度",
                "工程表",
                "スケジュール",
                "年次計画",
                "実施年度",
                "取組スケジュール",
                "工程",
            ][..],
        ),
        (
            Effect,
            &[
                "効果額",
                "財政効果額",
                "目標効果額",
                "効果額目標",
                "財政効果",
            ][..],
        ),
    ]
    .into_iter()
    .map(|(c, w)| (c, words(w)))
    .collect()
}

/// One symbol or word of a schedule legend (凡例) and what it stands for:
/// `{ symbol = "○", kind = "new", meaning = "実施" }`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LegendEntry {
    /// The cell as written (compared after folding, without spaces).
    pub symbol: String,
    pub kind: LegendKind,
    /// The activity the symbol stands for (`実施`); empty for the symbol itself.
    #[serde(default)]
    pub meaning: String,
}

/// What a legend symbol does to the schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LegendKind {
    /// An activity starts or changes (`○`, `●`, `実施`).
    New,
    /// The activity before goes on (`→`, `⇒`, `継続`, `同上`).
    Arrow,
    /// Nothing that year (`－`).
    None,
}

impl LegendEntry {
    fn new(symbol: &str, kind: LegendKind, meaning: &str) -> LegendEntry {
        LegendEntry {
            symbol: symbol.to_string(),
            kind,
            meaning: meaning.to_string(),
        }
    }
}

/// The legend most plans use; a city's `[[plan.schedule_legend]]` entries add to it and
/// replace entries of the same symbol.
fn default_legend() -> Vec<LegendEntry> {
    use LegendKind::{Arrow, New, None};
    vec![
        LegendEntry::new("○", New, "実施"),
        LegendEntry::new("●", New, "実施"),
        LegendEntry::new("◎", New, "完了"),
        LegendEntry::new("実施", New, "実施"),
        LegendEntry::new("→", Arrow, "継続"),
        LegendEntry::new("⇒", Arrow, "拡大"),
        LegendEntry::new("継続", Arrow, "継続"),
        LegendEntry::new("同上", Arrow, ""),
        LegendEntry::new("-", None, ""),
        LegendEntry::new("－", None, ""),
        LegendEntry::new("―", None, ""),
    ]
}

fn words(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

impl Default for PlanVocabulary {
    fn default() -> Self {
        PlanVocabulary {
            heading_themes: words(&["テーマ", "取組テーマ", "関連テーマ"]),
            heading_issues: words(&["現状と課題", "現状・課題", "現状及び課題", "課題"]),
            heading_content: words(&["取組内容", "取組の内容", "取組概要"]),
            heading_goals: words(&[
                "目標・効果",
                "目標及び効果",
                "目標と効果",
                "期待される効果",
                "効果",
            ]),
            heading_items: words(&["実践項目", "実施項目", "具体的な取組"]),
            label_item_name: words(&[
                "実践項目名",
                "実施項目名",
                "項目名",
                "実践項目",
                "取組項目",
                "取組項目名",
                "実施項目",
                "具体的取組",
                "具体的な取組",
            ]),
            label_department: words(&[
                "担当部署",
                "担当課",
                "所管課",
                "主管課",
                "担当部局",
                "担当部課名",
                "担当部課",
                "所管部署",
                "担当",
            ]),
            label_item_content: words(&["取組内容", "内容", "取組概要", "概要"]),
            label_schedule: words(&[
                "工程表",
                "スケジュール",
                "年次計画",
                "年度計画",
                "実施年度",
                "年次スケジュール",
            ]),
            all_departments: words(&[
                "各担当部署",
                "関係各課",
                "関係部署",
                "各課",
                "全庁",
                "全部署",
            ]),
            schedule_legend: default_legend(),
            layout: PlanLayout::default(),
            columns: default_plan_columns(),
        }
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
            directory: std::sync::Arc::default(),
            limits: Limits::default(),
            progress: ProgressVocabulary::default(),
            report: ReportSettings::default(),
            plan: PlanVocabulary::default(),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    bureaus: BTreeMap<String, String>,
    #[serde(default)]
    plan: RawPlanVocabulary,
    #[serde(default)]
    progress: RawProgress,
    #[serde(default)]
    limits: RawLimits,
    #[serde(default)]
    report: RawReport,
    /// Evaluation scales (`[[scales]]`).
    #[serde(default)]
    scales: Vec<RawScale>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReport {
    due_day: Option<u32>,
}

impl RawReport {
    /// The defaults with what the file sets.
    fn resolve(self) -> Result<ReportSettings, String> {
        let due_day = self.due_day.unwrap_or(ReportSettings::default().due_day);
        if !(1..=31).contains(&due_day) {
            return Err(format!(
                "[report] の due_day（{due_day}）は 1〜31 の日で指定してください（10 なら報告月の翌月10日が提出期限）"
            ));
        }
        Ok(ReportSettings { due_day })
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLimits {
    max_file_mb: Option<u64>,
    max_unzipped_mb: Option<u64>,
    max_rows: Option<usize>,
    max_cols: Option<usize>,
    max_cells: Option<usize>,
    max_cell_chars: Option<usize>,
    max_pages: Option<usize>,
    max_diagnostic_rows: Option<usize>,
}

impl RawLimits {
    /// The defaults with what the file sets.
    fn resolve(self) -> Limits {
        let d = Limits::default();
        let mb =
            |v: Option<u64>, default: u64| v.map_or(default, |m| m.saturating_mul(1024 * 1024));
        Limits {
            max_file_bytes: mb(self.max_file_mb, d.max_file_bytes),
            max_unzipped_bytes: mb(self.max_unzipped_mb, d.max_unzipped_bytes),
            max_rows: self.max_rows.unwrap_or(d.max_rows),
            max_cols: self.max_cols.unwrap_or(d.max_cols),
            max_cells: self.max_cells.unwrap_or(d.max_cells),
            max_cell_chars: self.max_cell_chars.unwrap_or(d.max_cell_chars).max(1),
            max_pages: self.max_pages.unwrap_or(d.max_pages).max(1),
            max_diagnostic_rows: self.max_diagnostic_rows.unwrap_or(d.max_diagnostic_rows),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProgress {
    /// Column key (`status`, `percent`, ...) -> extra header words.
    #[serde(default)]
    columns: BTreeMap<String, Vec<String>>,
    /// Extra status synonyms: what sections write -> a canonical status.
    #[serde(default)]
    status_synonyms: BTreeMap<String, String>,
    /// The grades offered, replacing the default list.
    grades: Option<Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlanVocabulary {
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
    #[serde(default)]
    schedule_legend: Vec<LegendEntry>,
    #[serde(default)]
    layout: RawLayout,
    /// Column key (`number`, `section`, ...) -> extra header words of plan spreadsheets.
    #[serde(default)]
    columns: BTreeMap<String, Vec<String>>,
}

impl Settings {
    /// Defaults overlaid with the TOML file at `path`.
    ///
    /// # Errors
    /// The file cannot be read, or is not valid TOML of the expected shape.
    pub fn load(path: &Path) -> Result<Settings, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Settings::from_toml(&text).map_err(|message| ConfigError::Parse {
            path: path.display().to_string(),
            message,
        })
    }

    /// Defaults overlaid with TOML text.
    ///
    /// # Errors
    /// The text is not valid TOML of the expected shape; the message says where.
    pub fn from_toml(text: &str) -> Result<Settings, String> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| e.to_string())?;
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
        Ok(s)
    }
}

/// Adds the file's header words to the progress columns.
fn overlay_columns(
    vocab: &mut ProgressVocabulary,
    columns: BTreeMap<String, Vec<String>>,
) -> Result<(), String> {
    for (key, add) in columns {
        if let Some(scale) = vocab.scales.iter_mut().find(|s| s.key.as_str() == key) {
            add_words(&mut scale.columns, add);
            continue;
        }
        let col = ProgressColumn::ALL
            .into_iter()
            .find(|c| c.key() == key)
            .ok_or_else(|| {
                format!(
                    "[progress.columns] の「{key}」は不明な列です（使える列: {}, {}）",
                    ProgressColumn::ALL.map(|c| c.key()).join(", "),
                    vocab
                        .scales
                        .iter()
                        .map(|s| s.key.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })?;
        add_words(vocab.columns.entry(col).or_default(), add);
    }
    Ok(())
}

/// Adds the file's status synonyms; each must name a defined status.
fn overlay_synonyms(
    vocab: &mut ProgressVocabulary,
    synonyms: BTreeMap<String, String>,
) -> Result<(), String> {
    for (k, v) in synonyms {
        if !vocab.statuses.contains(&v) {
            return Err(format!(
                "[progress.status_synonyms] の「{k}」→「{v}」: 「{v}」は定義済みの進捗状況ではありません（定義済み: {}）",
                vocab.statuses.join(", ")
            ));
        }
        vocab.status_synonyms.insert(k, v);
    }
    Ok(())
}

/// Adds the file's plan headings, labels and column words to the built-in ones.
fn overlay_plan_words(v: &mut PlanVocabulary, p: RawPlanVocabulary) -> Result<(), String> {
    v.layout = p.layout.resolve()?;
    for (dst, add) in [
        (&mut v.heading_themes, p.heading_themes),
        (&mut v.heading_issues, p.heading_issues),
        (&mut v.heading_content, p.heading_content),
        (&mut v.heading_goals, p.heading_goals),
        (&mut v.heading_items, p.heading_items),
        (&mut v.label_item_name, p.label_item_name),
        (&mut v.label_department, p.label_department),
        (&mut v.label_item_content, p.label_item_content),
        (&mut v.label_schedule, p.label_schedule),
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
            .ok_or_else(|| {
                format!(
                    "[plan.columns] の「{key}」は不明な列です（使える列: {}）",
                    PlanColumn::ALL.map(|c| c.key()).join(", ")
                )
            })?;
        add_words(v.columns.entry(col).or_default(), add);
    }
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
fn overlay_scales(
    vocab: &mut ProgressVocabulary,
    scales: Vec<RawScale>,
    grades: Option<Vec<String>>,
) -> Result<(), String> {
    let mut seen: Vec<ScaleKey> = Vec::new();
    for raw in scales {
        let scale = raw.resolve()?;
        if seen.contains(&scale.key) {
            return Err(format!("[[scales]] の「{}」が 2 回あります", scale.key));
        }
        seen.push(scale.key.clone());
        match vocab.scales.iter_mut().find(|s| s.key == scale.key) {
            Some(old) => *old = scale,
            None => vocab.scales.push(scale),
        }
    }
    if vocab.scales.len() > usize::from(u8::MAX) {
        return Err("[[scales]] が多すぎます".to_string());
    }
    let Some(grades) = grades else {
        return Ok(());
    };
    if seen.iter().any(|k| k.as_str() == ScaleKey::GRADE) {
        return Err("[progress] の grades と [[scales]] の key = \"grade\" の両方があります。[[scales]] の values にまとめてください".to_string());
    }
    let values = check_values(grades).map_err(|why| format!("[progress] の grades: {why}"))?;
    if let Some(g) = vocab
        .scales
        .iter_mut()
        .find(|s| s.key.as_str() == ScaleKey::GRADE)
    {
        g.values = values;
    }
    Ok(())
}

/// Every header word names one column: a scale's column words must not be another
/// column's (the first column in order would take the cell).
fn check_column_words(vocab: &ProgressVocabulary) -> Result<(), String> {
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
                return Err(format!(
                    "[[scales]] の「{}」の見出し「{w}」は、ほかの列（{name}）の見出しと同じです",
                    scale.label
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_overrides_bureaus_and_adds_words() {
        let s = Settings::from_toml("[bureaus]\n\"企\" = \"企画部\"\n\"民\" = \"市民部\"\n[plan]\nlabel_department = [\"所管\"]\n")
            .unwrap();
        assert_eq!(s.bureaus["企"], "企画部");
        assert_eq!(s.bureaus["民"], "市民部");
        assert_eq!(s.bureaus["福"], "福祉部");
        assert!(s.plan.label_department.contains(&"所管".to_string()));
        assert!(s.plan.label_department.contains(&"担当部署".to_string()));
        assert!(Settings::from_toml("[bureau]\n").is_err());
        let s = Settings::from_toml("[progress.columns]\nstatus = [\"進み具合\"]\n[progress.status_synonyms]\n\"着手\" = \"実施中\"\n").unwrap();
        assert!(s.progress.columns[&ProgressColumn::Status].contains(&"進み具合".to_string()));
        assert_eq!(
            s.progress.canonical_status("着手").as_deref(),
            Some("実施中")
        );
        assert_eq!(s.progress.canonical_status("済").as_deref(), Some("完了"));
        assert_eq!(s.progress.canonical_status("保留"), None);
        assert!(
            Settings::from_toml("[progress.status_synonyms]\n\"保留\" = \"様子見\"\n").is_err()
        );
    }

    #[test]
    fn plan_columns_add_header_words_and_name_known_columns() {
        let d = Settings::default();
        for (col, word) in [
            (PlanColumn::Number, "№"),
            (PlanColumn::Initiative, "改革項目"),
            (PlanColumn::ItemName, "具体的取組"),
            (PlanColumn::Content, "概要"),
            (PlanColumn::Section, "担当部課名"),
            (PlanColumn::Target, "目標値"),
        ] {
            assert!(d.plan.columns[&col].contains(&word.to_string()), "{word}");
        }
        let s = Settings::from_toml("[plan.columns]\ntarget = [\"数値目標\"]\n").unwrap();
        let target = &s.plan.columns[&PlanColumn::Target];
        assert!(target.contains(&"数値目標".to_string()));
        assert!(
            target.contains(&"目標指標".to_string()),
            "added, not replaced"
        );
        let e = Settings::from_toml("[plan.columns]\nsections = [\"課\"]\n").unwrap_err();
        assert!(e.contains("sections"), "{e}");
    }

    #[test]
    fn grades_replace_the_default_and_due_day_is_a_day_of_the_month() {
        let d = Settings::default();
        assert_eq!(d.progress.grades(), ["S", "A", "B", "C"]);
        assert_eq!(d.report.due_day, 10);
        let s = Settings::from_toml(
            "[progress]\ngrades = [\" ◎ \", \"○\", \"△\"]\n[report]\ndue_day = 15\n",
        )
        .unwrap();
        assert_eq!(s.progress.grades(), ["◎", "○", "△"]);
        assert_eq!(s.report.due_day, 15);
        assert!(
            Settings::from_toml("[progress]\ngrades = []\n")
                .unwrap()
                .progress
                .grades()
                .is_empty()
        );
        for bad in [
            "[progress]\ngrades = [\"A\", \"\"]\n",
            "[progress]\ngrades = [\"A,B\"]\n",
            "[progress]\ngrades = [\"A\", \"A\"]\n",
            "[report]\ndue_day = 0\n",
            "[report]\ndue_day = 32\n",
            "[report]\ndeadline = 10\n",
        ] {
            assert!(Settings::from_toml(bad).is_err(), "{bad}");
        }
        let long = format!("[progress]\ngrades = [\"{}\"]\n", "評".repeat(256));
        assert!(Settings::from_toml(&long).is_err());
    }

    #[test]
    fn scales_replace_the_grade_add_axes_and_keep_their_headers_apart() {
        let s = Settings::from_toml(
            "[[scales]]\nkey = \"grade\"\nvalues = [\"1\", \"2\", \"3\"]\nbest = \"first\"\n[[scales]]\nkey = \"achievement\"\nlabel = \"達成度\"\nvalues = [\"未達成\", \"達成\"]\nbest = \"last\"\n[progress.columns]\nachievement = [\"達成状況\"]\n",
        )
        .unwrap();
        let keys: Vec<&str> = s.progress.scales.iter().map(|x| x.key.as_str()).collect();
        assert_eq!(keys, ["grade", "achievement"]);
        assert_eq!(s.progress.grades(), ["1", "2", "3"]);
        assert_eq!(
            s.progress.columns[&ProgressColumn::Rating(1)],
            ["達成度", "達成状況"]
        );
        assert_eq!(
            s.progress.columns[&ProgressColumn::Rating(0)],
            ["評価", "自己評価"]
        );
        // Statuses resolve composites too.
        assert_eq!(
            s.progress.canonical_status("完了（8月）").as_deref(),
            Some("完了")
        );
        for (bad, why) in [
            (
                "[progress]\ngrades = [\"A\"]\n[[scales]]\nkey = \"grade\"\nvalues = [\"A\"]\n",
                "両方",
            ),
            (
                "[[scales]]\nkey = \"x\"\nlabel = \"状況\"\nbest = \"last\"\n",
                "ほかの列（status）",
            ),
            (
                "[[scales]]\nkey = \"x\"\nlabel = \"達成度\"\nbest = \"last\"\n[[scales]]\nkey = \"x\"\nlabel = \"達成度\"\nbest = \"last\"\n",
                "2 回",
            ),
        ] {
            let err = Settings::from_toml(bad).unwrap_err();
            assert!(err.contains(why), "{bad}: {err}");
        }
    }
}
