//! The `gyokaku` command: parse arguments, run, report, map the outcome to an exit code
//! (0 every input used, 2 some input rejected, 1 nothing usable or a fatal error).

use clap::Parser;

use gyokaku::cli::{Cli, Command};
use gyokaku::validate::Severity;

fn main() {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Run(args) => {
            let cfg = args.resolve();
            println!(
                "gyokaku: 対象期間 {}（{}）",
                cfg.period,
                cfg.period.japanese()
            );
            match gyokaku::run(&cfg) {
                Ok(summary) => {
                    for f in &summary.findings {
                        eprintln!("{f}");
                    }
                    let errors = summary
                        .findings
                        .iter()
                        .filter(|f| f.severity == Severity::Error)
                        .count();
                    let warnings = summary
                        .findings
                        .iter()
                        .filter(|f| f.severity == Severity::Warning)
                        .count();
                    println!("計画: {}", summary.plan_files.join("、"));
                    println!(
                        "取組 {} 件、実践項目 {} 件、担当部署 {} 部署",
                        summary.initiatives, summary.items, summary.departments
                    );
                    println!(
                        "出力: {}（部署別ブック {} 件、{}、tables/）",
                        summary.output_dir.display(),
                        summary.workbooks.len(),
                        gyokaku::report::SUMMARY_FILE
                    );
                    println!("診断: エラー {errors} 件、警告 {warnings} 件");
                    if errors > 0 {
                        println!(
                            "一部の入力を取り込めませんでした。全体集計.xlsx の「診断」シートを確認してください。"
                        );
                    }
                    summary.exit_code()
                }
                Err(e) => {
                    eprintln!("エラー: {e}");
                    1
                }
            }
        }
    };
    std::process::exit(code);
}
