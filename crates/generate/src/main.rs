//! `gyokaku-generate`: writes a made-up input folder (a plan text and the sections'
//! monthly progress reports) for trying and measuring `gyokaku run`. A developer's tool,
//! kept out of the clerk's command.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use gyokaku_generate::{Scenario, generate};

/// 試験用の入力フォルダ（計画テキストと各課の進捗報告）を乱数の種から作ります
#[derive(Debug, Parser)]
#[command(name = "gyokaku-generate", version)]
struct Args {
    /// 規模（sample: 見本と同じ、city: 市、large: 大規模、tiny: テスト用）
    #[arg(long, value_enum)]
    scenario: Scenario,
    /// 書き出すフォルダ（plans/ と progress/ を作る）
    #[arg(long, value_name = "DIR")]
    output: PathBuf,
    /// 乱数の種（同じ種からは同じファイルができる）
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

fn main() -> ExitCode {
    let args = Args::parse();
    match generate(args.scenario, args.seed, &args.output) {
        Ok(s) => {
            println!(
                "生成: {}（取組 {} 件、実践項目 {} 件、担当部署 {} 部署）",
                s.plan_file.display(),
                s.initiatives,
                s.items,
                s.sections
            );
            println!(
                "進捗報告: {}〜{} の {} か月分、xlsx {} ファイル・CSV {} ファイルを {} に書きました",
                s.first_period,
                s.last_period,
                s.months,
                s.xlsx_files,
                s.csv_files,
                args.output.join("progress").display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("エラー: {e}");
            ExitCode::FAILURE
        }
    }
}
