//! Arguments as the user types them -> a resolved [`RunConfig`]: defaults and path
//! resolution live here and nowhere else.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::run::RunConfig;
use crate::wareki::Period;

#[derive(Debug, Parser)]
#[command(
    name = "gyokaku",
    version,
    about = "行政改革推進計画の進捗管理: 計画テキストから正規化テーブルと部署別の Excel を作ります",
    long_about = None
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 月次処理を実行します（計画を読み、表と部署別ブック・全体集計を出力）
    Run(RunArgs),
    /// 二つの版の計画を比べ、実践項目の追加・削除・変更を表示します
    Diff(DiffArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// 読みやすい一覧
    Text,
    /// CSV（from_edition,to_edition,item_id_old,item_id_new,change,detail）
    Csv,
}

#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// 改定前の計画テキスト
    pub old: PathBuf,
    /// 改定後の計画テキスト
    pub new: PathBuf,
    /// 出力形式
    #[arg(long, value_enum, default_value = "text")]
    pub format: DiffFormat,
    /// 設定ファイル（TOML）
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// 入力フォルダ（plans/ に計画のテキスト、progress/ に各課の進捗報告を置く）
    #[arg(long, default_value = "input", value_name = "DIR")]
    pub input: PathBuf,
    /// 出力フォルダ（<期間>/ の下に書き出す）
    #[arg(long, default_value = "output", value_name = "DIR")]
    pub output: PathBuf,
    /// 対象期間 YYYY-MM（例: 2024-09）。省略時は進捗報告の中で最も新しい月（報告がなければ今月）
    #[arg(long, value_name = "YYYY-MM", value_parser = parse_period)]
    pub period: Option<Period>,
    /// 設定ファイル（TOML）。省略時は <入力フォルダ>/gyokaku.toml があれば使う
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// 前回までに読んだ進捗報告の控え（<出力フォルダ>/.cache/）を使わず、すべて読み直す
    #[arg(long)]
    pub no_cache: bool,
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
        }
    }
}
