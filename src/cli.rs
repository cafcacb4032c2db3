//! Arguments as the user types them -> a resolved [`RunConfig`]: defaults and path
//! resolution live here and nowhere else.
//!
//! Everything the clerk reads is Japanese: clap's own words (Usage, Options, Print help,
//! `[default: …]`, `[possible values: …]`) are replaced by a help template, headings,
//! our own `-h`/`-V` flags and defaults written into the help text; errors are worded
//! by [`usage_error`].

use std::fmt::Write as _;
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{ArgAction, Parser, Subcommand};

use crate::run::RunConfig;
use crate::wareki::Period;

/// The help screen of every command: about, usage, then the headed argument lists.
const HELP_TEMPLATE: &str = "{about-with-newline}\n使い方: {usage}\n\n{all-args}{after-help}";

#[derive(Debug, Parser)]
#[command(
    name = "gyokaku",
    version,
    about = "行政改革推進計画の進捗管理: 計画と各課の進捗報告から、表・部署別ブック・全体集計を作ります",
    long_about = None,
    help_template = HELP_TEMPLATE,
    override_usage = "gyokaku <コマンド> [オプション]",
    subcommand_help_heading = "コマンド",
    subcommand_value_name = "コマンド",
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    after_help = "\n各コマンドの説明は gyokaku <コマンド> --help で表示します。"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// この説明を表示します
    #[arg(short = 'h', long = "help", action = ArgAction::Help, help_heading = "オプション")]
    help: Option<bool>,
    /// バージョンを表示します
    #[arg(short = 'V', long = "version", action = ArgAction::Version, help_heading = "オプション")]
    version: Option<bool>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 月次処理を実行します（計画と進捗報告を読み、表・部署別ブック・全体集計を出力）
    #[command(
        help_template = HELP_TEMPLATE,
        override_usage = "gyokaku run [オプション]",
        disable_help_flag = true
    )]
    Run(RunArgs),
    /// 各課から返ってきたブックを報告月ごとのフォルダ（input/progress/<年-月>/）に整理します
    #[command(
        help_template = HELP_TEMPLATE,
        override_usage = "gyokaku intake <ファイル>... [オプション]",
        disable_help_flag = true
    )]
    Intake(IntakeArgs),
    /// 二つの版の計画を比べ、実践項目の追加・削除・変更を表示します
    #[command(
        help_template = HELP_TEMPLATE,
        override_usage = "gyokaku diff <改定前> <改定後> [オプション]",
        disable_help_flag = true
    )]
    Diff(DiffArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// 読みやすい一覧
    Text,
    /// CSV（Excel で開ける BOM 付き UTF-8）
    Csv,
}

#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// 改定前の計画ファイル
    #[arg(value_name = "改定前", help_heading = "引数", display_order = 1)]
    pub old: PathBuf,
    /// 改定後の計画ファイル
    #[arg(value_name = "改定後", help_heading = "引数", display_order = 2)]
    pub new: PathBuf,
    /// 出力形式: text（一覧、既定）または csv（BOM 付き、Excel 向け）
    #[arg(
        long,
        value_enum,
        default_value = "text",
        value_name = "形式",
        hide_default_value = true,
        hide_possible_values = true,
        help_heading = "オプション"
    )]
    pub format: DiffFormat,
    /// 設定ファイル（TOML）
    #[arg(long, value_name = "ファイル", help_heading = "オプション")]
    pub config: Option<PathBuf>,
    /// この説明を表示します
    #[arg(short = 'h', long = "help", action = ArgAction::Help, help_heading = "オプション")]
    help: Option<bool>,
}

#[derive(Debug, clap::Args)]
pub struct IntakeArgs {
    /// 各課から返ってきたブック（いくつでも。元のファイルは変更しません）
    #[arg(value_name = "ファイル", required = true, help_heading = "引数")]
    pub files: Vec<PathBuf>,
    /// 入力フォルダ（既定: input）。<入力フォルダ>/progress/<年-月>/ に写します
    #[arg(
        long,
        default_value = "input",
        value_name = "フォルダ",
        hide_default_value = true,
        help_heading = "オプション"
    )]
    pub input: PathBuf,
    /// この説明を表示します
    #[arg(short = 'h', long = "help", action = ArgAction::Help, help_heading = "オプション")]
    help: Option<bool>,
}

#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// 入力フォルダ（既定: input）。plans/ に計画、progress/ に各課の進捗報告を置く
    #[arg(
        long,
        default_value = "input",
        value_name = "フォルダ",
        hide_default_value = true,
        help_heading = "オプション"
    )]
    pub input: PathBuf,
    /// 出力フォルダ（既定: output）。<年-月>/ の下に書き出す
    #[arg(
        long,
        default_value = "output",
        value_name = "フォルダ",
        hide_default_value = true,
        help_heading = "オプション"
    )]
    pub output: PathBuf,
    /// 対象の月: 2024-10、R6-10、令和6年10月、2024年10月のいずれかの形。省略時は進捗報告の中で最も新しい月（報告がなければ今月）
    #[arg(long, value_name = "年月", value_parser = parse_period, help_heading = "オプション")]
    pub period: Option<Period>,
    /// 設定ファイル（TOML）。省略時は <入力フォルダ>/gyokaku.toml があれば使う
    #[arg(long, value_name = "ファイル", help_heading = "オプション")]
    pub config: Option<PathBuf>,
    /// 前回までに読んだ進捗報告の控え（<出力フォルダ>/.cache/）を使わず、すべて読み直す
    #[arg(long, help_heading = "オプション")]
    pub no_cache: bool,
    /// 基準日: 回収状況の「期限超過」をこの日の時点で判断する（2024-11-05、R6.11.5、令和6年11月5日などの形）。省略時は今日。同じ基準日なら別の日にやり直しても同じ出力になる
    #[arg(long, value_name = "日付", value_parser = parse_day, help_heading = "オプション")]
    pub as_of: Option<NaiveDate>,
    /// この説明を表示します
    #[arg(short = 'h', long = "help", action = ArgAction::Help, help_heading = "オプション")]
    help: Option<bool>,
}

/// `--as-of` is not a day (a month alone does not say which day the due date is against).
#[derive(Debug, thiserror::Error)]
#[error(
    "「{0}」は日付として読めません。2024-11-05、R6.11.5、令和6年11月5日 のように日まで書いてください"
)]
pub struct NotADay(String);

fn parse_day(s: &str) -> Result<NaiveDate, NotADay> {
    let cell = crate::sheet::CellValue::Text(s.to_string());
    match crate::progress::values::parse_date(&cell) {
        Ok(Some(d)) => d.day().ok_or_else(|| NotADay(s.to_string())),
        _ => Err(NotADay(s.to_string())),
    }
}

fn parse_period(s: &str) -> Result<Period, crate::wareki::PeriodError> {
    s.parse()
}

impl RunArgs {
    /// Resolves defaults: the configuration is `<input>/gyokaku.toml` when it exists.
    pub fn resolve(self) -> RunConfig {
        let period = self.period;
        let config = self.config.or_else(|| {
            let p = self.input.join("gyokaku.toml");
            p.is_file().then_some(p)
        });
        RunConfig {
            input: self.input,
            output: self.output,
            period,
            config,
            no_cache: self.no_cache,
            as_of: self.as_of,
        }
    }
}

/// A clap error worded in Japanese: what is wrong, the usage line, where to read more.
/// Help and version requests are clap's own output (already Japanese by the templates).
pub fn usage_error(e: &clap::Error) -> String {
    let arg = context(e, ContextKind::InvalidArg);
    let value = context(e, ContextKind::InvalidValue);
    let mut out = String::from("エラー: ");
    let _ = match e.kind() {
        ErrorKind::InvalidValue => {
            let valid = context(e, ContextKind::ValidValue);
            if valid.is_empty() {
                write!(out, "{arg} に値「{value}」は指定できません")
            } else {
                write!(
                    out,
                    "{arg} に値「{value}」は指定できません（指定できる値: {valid}）"
                )
            }
        }
        ErrorKind::UnknownArgument => write!(out, "{arg} というオプションはありません"),
        ErrorKind::InvalidSubcommand => write!(
            out,
            "{} というコマンドはありません（使えるコマンド: run、intake、diff）",
            context(e, ContextKind::InvalidSubcommand)
        ),
        ErrorKind::MissingRequiredArgument => write!(out, "{arg} を指定してください"),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            write!(out, "コマンド（run、intake、diff）を指定してください")
        }
        ErrorKind::ValueValidation => match std::error::Error::source(e) {
            Some(cause) => write!(out, "{arg}: {cause}"),
            None => write!(out, "{arg} に値「{value}」は指定できません"),
        },
        ErrorKind::ArgumentConflict => write!(out, "{arg} はほかのオプションと同時に使えません"),
        ErrorKind::NoEquals | ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => {
            write!(out, "{arg} の値の数が正しくありません")
        }
        _ => write!(out, "コマンドラインが正しくありません"),
    };
    if let Some(usage) = e.get(ContextKind::Usage) {
        let usage = usage.to_string();
        let usage = usage.trim().trim_start_matches("Usage:").trim();
        let _ = write!(out, "\n\n使い方: {usage}");
    }
    out.push_str("\n\n詳しくは gyokaku --help（各コマンドは gyokaku <コマンド> --help）で確認してください。\n");
    out
}

/// One piece of an error's context as text (lists joined with 「、」).
fn context(e: &clap::Error, kind: ContextKind) -> String {
    match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join("、"),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::StyledStrs(v)) => v
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("、"),
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}
