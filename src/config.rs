//! Configuration: bureau marks, the plan's vocabulary. Defaults fit the sample plan; a
//! city changes them in a TOML file (`input/gyokaku.toml` is read when present, or the
//! file given with `--config`). Every key is optional; lists given in the file *add to*
//! the built-in words, tables *override* entries of the same key. One list replaces its
//! default: `[progress] grades`, the closed list of the 評価 dropdown.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use thiserror::Error;

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
    Grade,
    Results,
    Issues,
    NextSteps,
    Date,
}

impl ProgressColumn {
    pub const ALL: [ProgressColumn; 10] = [
        ProgressColumn::ItemId,
        ProgressColumn::ItemName,
        ProgressColumn::Section,
        ProgressColumn::Status,
        ProgressColumn::Percent,
        ProgressColumn::Grade,
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
            ProgressColumn::Grade => "grade",
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
    /// parenthesized suffix such as `（％）`).
    pub columns: BTreeMap<ProgressColumn, Vec<String>>,
    /// Canonical statuses in display order.
    pub statuses: Vec<String>,
    /// Synonym -> canonical status.
    pub status_synonyms: BTreeMap<String, String>,
    /// Grades (評価) offered in the 進捗入力 sheet's dropdown, in display order; empty for
    /// free text. Reports are read with any grade written.
    pub grades: Vec<String>,
}

impl ProgressVocabulary {
    /// The canonical status for what a section wrote, if it is known.
    pub fn canonical_status(&self, raw: &str) -> Option<String> {
        let key = crate::text::fold_compact(raw);
        if let Some(s) = self
            .statuses
            .iter()
            .find(|s| crate::text::fold_compact(s) == key)
        {
            return Some(s.clone());
        }
        self.status_synonyms
            .iter()
            .find(|(k, _)| crate::text::fold_compact(k) == key)
            .map(|(_, v)| v.clone())
    }
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
            (Section, &["担当部署", "担当課", "所管課"][..]),
            (
                Status,
                &["進捗状況", "進捗", "状況", "実施状況", "ステータス"][..],
            ),
            (Percent, &["進捗率", "達成率"][..]),
            (Grade, &["評価", "自己評価"][..]),
            (Results, &["取組実績", "実績", "実施内容", "取組状況"][..]),
            (Issues, &["課題"][..]),
            (NextSteps, &["今後の予定", "今後の方向性"][..]),
            (Date, &["報告日", "報告月", "基準日", "時点"][..]),
        ]
        .into_iter()
        .map(|(c, w)| (c, words(w)))
        .collect();
        let synonyms = [
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
        .collect();
        ProgressVocabulary {
            columns,
            statuses: words(&["未着手", "検討中", "実施中", "完了", "遅延", "中止"]),
            status_synonyms: synonyms,
            grades: words(&["S", "A", "B", "C"]),
        }
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
            plan: PlanVocabulary {
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
                label_item_name: words(&["実践項目名", "実施項目名", "項目名", "実践項目"]),
                label_department: words(&["担当部署", "担当課", "所管課", "担当部局", "担当"]),
                label_item_content: words(&["取組内容", "内容", "取組概要"]),
                label_schedule: words(&["工程表", "スケジュール", "年次計画"]),
                all_departments: words(&[
                    "各担当部署",
                    "関係各課",
                    "関係部署",
                    "各課",
                    "全庁",
                    "全部署",
                ]),
                schedule_legend: default_legend(),
                columns: default_plan_columns(),
            },
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
        if let Some(grades) = raw.progress.grades {
            s.progress.grades = check_grades(grades)?;
        }
        s.bureaus.extend(
            raw.bureaus
                .into_iter()
                .map(|(k, v)| (crate::text::fold(&k), v)),
        );
        overlay_columns(&mut s.progress, raw.progress.columns)?;
        overlay_synonyms(&mut s.progress, raw.progress.status_synonyms)?;
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
        let col = ProgressColumn::ALL
            .into_iter()
            .find(|c| c.key() == key)
            .ok_or_else(|| {
                format!(
                    "[progress.columns] の「{key}」は不明な列です（使える列: {}）",
                    ProgressColumn::ALL.map(|c| c.key()).join(", ")
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

/// The configured grades, each trimmed, checked to fit in a dropdown: no empty entry, no
/// comma (Excel's list separator), no repeat, and within Excel's length of a list.
fn check_grades(grades: Vec<String>) -> Result<Vec<String>, String> {
    let grades: Vec<String> = grades.into_iter().map(|g| g.trim().to_string()).collect();
    let bad = |why: &str| Err(format!("[progress] の grades: {why}"));
    if grades.iter().any(String::is_empty) {
        return bad("空の評価があります");
    }
    if let Some(g) = grades.iter().find(|g| g.contains([',', '，', '"'])) {
        return bad(&format!(
            "「{g}」にカンマか引用符が含まれています（一覧に使えません）"
        ));
    }
    if let Some((k, g)) = grades
        .iter()
        .enumerate()
        .find(|(k, g)| grades[..*k].contains(g))
    {
        return bad(&format!("「{g}」が重複しています（{} 番目）", k + 1));
    }
    let joined: usize = grades.iter().map(|g| g.encode_utf16().count() + 1).sum();
    if joined.saturating_sub(1) > MAX_LIST_CHARS {
        return bad(&format!(
            "評価をカンマでつないだ長さが Excel の一覧の上限（{MAX_LIST_CHARS} 文字）を超えています"
        ));
    }
    Ok(grades)
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
        assert_eq!(d.progress.grades, ["S", "A", "B", "C"]);
        assert_eq!(d.report.due_day, 10);
        let s = Settings::from_toml(
            "[progress]\ngrades = [\" ◎ \", \"○\", \"△\"]\n[report]\ndue_day = 15\n",
        )
        .unwrap();
        assert_eq!(s.progress.grades, ["◎", "○", "△"]);
        assert_eq!(s.report.due_day, 15);
        assert!(
            Settings::from_toml("[progress]\ngrades = []\n")
                .unwrap()
                .progress
                .grades
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
}
