//! The vocabulary of plans: headings, row labels, the columns of plans kept as
//! spreadsheets, the schedule legend and the layout where words alone do not tell
//! (`[plan]`, `[plan.columns]`, `[[plan.schedule_legend]]`, `[plan.layout]`).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use super::{SettingsError, words};

/// Words the plan text uses for its headings and table rows (compared after folding and
/// with white space removed).
#[derive(Debug, Clone)]
pub struct PlanVocabulary {
    /// The heading and label words as the configuration writes them.
    pub words: PlanWords,
    /// Words in 担当部署 meaning "every section concerned": a flag, not a section.
    pub all_departments: Vec<String>,
    /// `[plan] title`: the plan's title, over the one read from the plan.
    pub title: Option<String>,
    /// The schedule's legend (凡例): symbols and words a 工程表 cell may hold.
    pub schedule_legend: Vec<LegendEntry>,
    /// What defaults cannot guess about the plan's layout (`[plan.layout]`).
    pub layout: PlanLayout,
    /// Header words of a plan kept as a spreadsheet (`[plan.columns]`), compared like
    /// the progress columns' words.
    pub columns: BTreeMap<PlanColumn, Vec<String>>,
    /// The heading and label words folded, made on first use ([`PlanVocabulary::folded`]);
    /// a change to the word lists after that must reset it.
    pub(super) folded: OnceLock<PlanWords>,
}

/// The heading and label words of a [`PlanVocabulary`]: as written, and as
/// `text::fold_compact` makes them ([`PlanVocabulary::folded`]: a line of the plan is
/// compared with each of them, so they are folded once).
#[derive(Debug, Clone, Default)]
pub struct PlanWords {
    pub heading_themes: Vec<String>,
    pub heading_issues: Vec<String>,
    pub heading_content: Vec<String>,
    pub heading_goals: Vec<String>,
    pub heading_items: Vec<String>,
    pub label_item_name: Vec<String>,
    pub label_department: Vec<String>,
    pub label_item_content: Vec<String>,
    pub label_schedule: Vec<String>,
}

impl PlanVocabulary {
    /// The heading and label words folded (`text::fold_compact`), made once.
    pub fn folded(&self) -> &PlanWords {
        self.folded
            .get_or_init(|| self.words.map(crate::text::fold_compact))
    }
}

impl PlanWords {
    /// Each word list with `f` applied to each word.
    fn map(&self, f: impl Fn(&str) -> String) -> PlanWords {
        let m = |words: &[String]| -> Vec<String> { words.iter().map(|w| f(w)).collect() };
        PlanWords {
            heading_themes: m(&self.heading_themes),
            heading_issues: m(&self.heading_issues),
            heading_content: m(&self.heading_content),
            heading_goals: m(&self.heading_goals),
            heading_items: m(&self.heading_items),
            label_item_name: m(&self.label_item_name),
            label_department: m(&self.label_department),
            label_item_content: m(&self.label_item_content),
            label_schedule: m(&self.label_schedule),
        }
    }
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
    /// 担当部局: the bureau of the sections in the 担当部署 column beside it; alone, the
    /// column of the owners.
    Bureau,
    /// 関係課: sections that share the item with the 担当部署 column's, co-owners.
    Related,
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
    pub const ALL: [PlanColumn; 12] = [
        PlanColumn::Number,
        PlanColumn::Initiative,
        PlanColumn::ItemName,
        PlanColumn::Content,
        PlanColumn::Section,
        PlanColumn::Bureau,
        PlanColumn::Related,
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
            PlanColumn::Bureau => "bureau",
            PlanColumn::Related => "related",
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
    /// `（ア） 文書事務の見直し`
    #[serde(rename = "(ア)")]
    Kana,
    /// `第1 市民サービスの向上`, `第2章 財政`
    #[serde(rename = "第")]
    Dai,
    /// `基本方針Ⅰ 質の高い行政サービス`, `施策Ⅱ 財政`: a word and a Roman numeral (a bare
    /// `Ⅰ はじめに` is a chapter of the document, not a level of the plan)
    #[serde(rename = "Ⅰ")]
    Roman,
    /// `基本目標1 効率的な行政運営`, `施策 2　財政`: a word and a number (a year, a count,
    /// an era's year are not: `令和7 年度`, `目標 3 件`)
    #[serde(rename = "語1")]
    Word,
}

impl OutlineForm {
    pub const ALL: [OutlineForm; 8] = [
        OutlineForm::No,
        OutlineForm::Bracket,
        OutlineForm::Paren,
        OutlineForm::Quoted,
        OutlineForm::Kana,
        OutlineForm::Dai,
        OutlineForm::Roman,
        OutlineForm::Word,
    ];
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLayout {
    kana_order: Option<String>,
    item_numbers: Option<String>,
    outline: Option<Vec<OutlineForm>>,
}

impl RawLayout {
    /// The defaults with what the file sets.
    pub(super) fn resolve(self) -> Result<PlanLayout, SettingsError> {
        let d = PlanLayout::default();
        let iroha = match self.kana_order.as_deref() {
            None | Some("五十音" | "gojuon") => false,
            Some("いろは" | "iroha") => true,
            Some(other) => {
                return Err(SettingsError::KanaOrder(other.to_string()));
            }
        };
        let written_item_numbers = match self.item_numbers.as_deref() {
            None | Some("計画の番号" | "written") => true,
            Some("順番" | "order") => false,
            Some(other) => {
                return Err(SettingsError::ItemNumbers(other.to_string()));
            }
        };
        Ok(PlanLayout {
            iroha,
            written_item_numbers,
            outline: self.outline.unwrap_or(d.outline),
        })
    }
}

/// The content column's header words of a plan sheet.
const CONTENT_COLUMN: [&str; 9] = [
    "取組内容",
    "取組の内容",
    "取組の概要",
    "具体的な内容",
    "内容",
    "概要",
    "取組概要",
    "実施内容",
    "事業内容",
];

/// The number column's header words of a plan sheet.
const NUMBER_COLUMN: [&str; 13] = [
    "番号",
    "取組No",
    "取組No.",
    "取組番号",
    "整理番号",
    "No",
    "No.",
    "項目番号",
    "管理番号",
    "№",
    "管理№",
    "項目No",
    "項目No.",
];

/// The item name column's header words of a plan sheet.
const ITEM_NAME_COLUMN: [&str; 11] = [
    "実践項目",
    "取組事項",
    "実施事項",
    "取組項目名",
    "実践項目名",
    "取組項目",
    "実施項目",
    "実施項目名",
    "具体的取組",
    "具体的な取組",
    "項目名",
];

/// The owners' column's header words of a plan sheet.
const SECTION_COLUMN: [&str; 8] = [
    "担当部署",
    "主担当課",
    "所管課",
    "主管課",
    "担当課",
    "担当部課名",
    "所管部署",
    "担当部課",
];

/// The header words over a plan sheet's schedule years.
const SCHEDULE_COLUMN: [&str; 7] = [
    "年度",
    "工程表",
    "スケジュール",
    "年次計画",
    "実施年度",
    "取組スケジュール",
    "工程",
];

/// The effect amounts' header words of a plan sheet.
const EFFECT_COLUMN: [&str; 5] = [
    "効果額",
    "財政効果額",
    "目標効果額",
    "効果額目標",
    "財政効果",
];

/// The header words plans kept as spreadsheets use most.
fn default_plan_columns() -> BTreeMap<PlanColumn, Vec<String>> {
    use PlanColumn::*;
    [
        (Number, &NUMBER_COLUMN[..]),
        (
            Initiative,
            &["取組", "施策", "重点項目", "推進項目", "改革項目", "取組名"][..],
        ),
        (ItemName, &ITEM_NAME_COLUMN[..]),
        (Content, &CONTENT_COLUMN[..]),
        (Section, &SECTION_COLUMN[..]),
        (
            Bureau,
            &["担当部局", "所管部局", "担当部", "所管部", "部局", "部局名"][..],
        ),
        (
            Related,
            &[
                "関係課",
                "関係部署",
                "関係部課",
                "関係課等",
                "協力課",
                "連携課",
            ][..],
        ),
        (Target, &["目標指標", "目標値", "成果指標"][..]),
        (Issues, &["現状と課題", "現状・課題", "現状及び課題"][..]),
        (Goals, &["目標・効果", "目標及び効果", "期待される効果"][..]),
        (Schedule, &SCHEDULE_COLUMN[..]),
        (Effect, &EFFECT_COLUMN[..]),
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

impl Default for PlanVocabulary {
    fn default() -> Self {
        PlanVocabulary {
            words: PlanWords {
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
                    "推進項目",
                    "推進項目名",
                    "取組名",
                    "取組事項",
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
                label_item_content: words(&[
                    "取組内容",
                    "取組の内容",
                    "内容",
                    "取組概要",
                    "概要",
                    "実施内容",
                    "事業内容",
                ]),
                label_schedule: words(&[
                    "工程表",
                    "スケジュール",
                    "年次計画",
                    "年度計画",
                    "実施年度",
                    "年次スケジュール",
                ]),
            },
            all_departments: words(&[
                "各担当部署",
                "関係各課",
                "関係部署",
                "各課",
                "全庁",
                "全部署",
            ]),
            title: None,
            schedule_legend: default_legend(),
            layout: PlanLayout::default(),
            columns: default_plan_columns(),
            folded: OnceLock::new(),
        }
    }
}
