//! The `gyokaku` command: parse arguments, run, report, map the outcome to an exit code:
//! 0 every input used, 2 some input rejected, 1 nothing usable or a fatal error,
//! 64 the command line itself is wrong (a usage error, as in BSD's `sysexits.h`).

#![warn(clippy::too_many_lines)]

use std::io::{IsTerminal, Write as _};
use std::process::ExitCode;
use std::sync::Mutex;

use clap::Parser;
use indicatif::{ProgressBar, ProgressStyle};

use gyokaku::cli::{Cli, Command, DiffArgs, DiffFormat, IntakeArgs, RunArgs};
use gyokaku::diagnostics::{TERMINAL_PER_CODE, TerminalFindings};
use gyokaku::intake::{Filing, IntakeEntry};
use gyokaku::{DiffOutcome, Finding, Observer, Phase, RunSummary, Severity};

/// Exit status of a usage error (`EX_USAGE`), distinct from the run's own statuses.
const USAGE_ERROR: u8 = 64;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if e.use_stderr() => {
            eprint!("{}", gyokaku::cli::usage_error(&e));
            return ExitCode::from(USAGE_ERROR);
        }
        Err(e) => {
            // Help and version, worded by the command's templates.
            let _ = e.print();
            return ExitCode::from(0);
        }
    };
    let code = match cli.command {
        Command::Run(args) => run(args),
        Command::Intake(args) => intake(args),
        Command::Diff(args) => diff(args),
    };
    ExitCode::from(code)
}

/// A progress bar on stderr for reading the reports and writing the section workbooks.
/// Made only when stderr is a terminal: captured stderr (tests, CI) sees nothing of it.
struct Bar {
    bar: Mutex<Option<ProgressBar>>,
}

impl Observer for Bar {
    fn start(&self, phase: Phase, total: usize) {
        let label = match phase {
            Phase::Reports => "進捗報告を読込中",
            Phase::Workbooks => "部署別ブックを作成中",
        };
        let bar = ProgressBar::new(u64::try_from(total).unwrap_or(u64::MAX));
        if let Ok(style) = ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ファイル")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(label);
        if let Ok(mut slot) = self.bar.lock() {
            *slot = Some(bar);
        }
    }

    fn done(&self, _phase: Phase, _file: &str) {
        if let Ok(slot) = self.bar.lock()
            && let Some(bar) = slot.as_ref()
        {
            bar.inc(1);
        }
    }

    fn finish(&self, _phase: Phase) {
        if let Ok(mut slot) = self.bar.lock()
            && let Some(bar) = slot.take()
        {
            bar.finish_and_clear();
        }
    }
}

/// `gyokaku run`: the monthly job.
fn run(args: RunArgs) -> u8 {
    let cfg = args.resolve();
    let outcome = if std::io::stderr().is_terminal() {
        gyokaku::run_with(
            &cfg,
            &Bar {
                bar: Mutex::new(None),
            },
        )
    } else {
        gyokaku::run(&cfg)
    };
    match outcome {
        Ok(summary) => {
            print_summary(&summary);
            summary.exit_code()
        }
        Err(failure) => report_failure(&failure.findings, &failure),
    }
}

/// `gyokaku intake`: returned books filed by their month; 2 when a file was not filed
/// as it is (see [`IntakeEntry::needs_attention`]).
fn intake(args: IntakeArgs) -> u8 {
    let config = args.input.join("gyokaku.toml");
    let settings = match gyokaku::config::Settings::load_or_default(
        config.is_file().then_some(config.as_path()),
    ) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("エラー: {e}");
            return 1;
        }
    };
    let entries = gyokaku::intake::intake(&args.files, &args.input, &settings);
    for e in &entries {
        print_intake(e);
    }
    let attention = entries.iter().filter(|e| e.needs_attention()).count();
    println!(
        "取り込み: {} ファイル（確認が必要 {attention} 件）",
        entries.len()
    );
    if attention > 0 {
        println!("「警告」「エラー」の行のファイルを確認してください。");
        2
    } else {
        println!("次は gyokaku run で月次処理を実行してください。");
        0
    }
}

fn print_intake(e: &IntakeEntry) {
    let file = e.file.display();
    match &e.outcome {
        Ok(Filing::Filed(p)) => {
            println!(
                "{file} → {}（報告月 {}: {}）",
                p.dest.display(),
                p.month.japanese(),
                p.source.label()
            );
            if let Some(named) = p.name_month {
                println!(
                    "  警告: ファイル名は {} ですが、中身は {} の報告です。{} として取り込みました",
                    named.japanese(),
                    p.month.japanese(),
                    p.month.japanese()
                );
            }
        }
        Ok(Filing::Renamed { placed, taken }) => println!(
            "警告: {file} → {}（{} には中身の違う同じ名前のファイルがあるため、名前に番号を付けました。どちらも残しています）",
            placed.dest.display(),
            taken.display()
        ),
        Ok(Filing::AlreadyFiled { month, existing }) => println!(
            "{file}: {} の報告として取り込み済みです（{} と同じ内容のため写しません）",
            month.japanese(),
            existing.display()
        ),
        Err(err) => eprintln!("エラー: {file}: {err}"),
    }
}

/// `gyokaku diff`: the changes between two plan files.
fn diff(args: DiffArgs) -> u8 {
    match gyokaku::diff_files(&args.old, &args.new, args.config.as_deref()) {
        Ok(d) => {
            print_findings(
                &d.findings,
                "gyokaku run を実行すると、すべて全体集計.xlsx の「診断」シートに載ります",
            );
            match args.format {
                DiffFormat::Text => print_diff(&d),
                DiffFormat::Csv => print_diff_csv(&d),
            }
            0
        }
        Err(failure) => report_failure(&failure.findings, &failure),
    }
}

/// Prints what was found before the command stopped, then why it stopped (exit status 1).
fn report_failure(findings: &[Finding], why: &dyn std::fmt::Display) -> u8 {
    print_findings(findings, "入力を直してもう一度実行してください");
    eprintln!("エラー: {why}");
    1
}

/// Errors and warnings on stderr; information stays in the diagnostics table.
fn print_findings(findings: &[Finding], rest_at: &str) {
    let terminal = TerminalFindings::of(findings);
    for f in terminal.shown {
        eprintln!("{f}");
    }
    if terminal.omitted > 0 {
        eprintln!(
            "（同じ種類が {TERMINAL_PER_CODE} 件を超えたため、ほか {} 件は表示していません。{rest_at}）",
            terminal.omitted
        );
    }
}

fn print_diff(d: &DiffOutcome) {
    println!("改定前: {}（実践項目 {} 件）", d.old_label, d.old_items);
    println!("改定後: {}（実践項目 {} 件）", d.new_label, d.new_items);
    if d.changes.is_empty() {
        println!("実践項目の変更はありません。");
        return;
    }
    println!("変更 {} 件", d.changes.len());
    for c in &d.changes {
        let ids = match (c.item_id_old, c.item_id_new) {
            (None, None) => String::new(),
            (Some(o), None) => format!("{o} "),
            (None, Some(n)) => format!("{n} "),
            (Some(o), Some(n)) if o == n => format!("{o} "),
            (Some(o), Some(n)) => format!("{o} → {n} "),
        };
        println!("[{}] {ids}{}", c.change.label(), c.detail);
    }
}

/// The changes as CSV with a BOM, so that Excel opens the UTF-8 as such.
fn print_diff_csv(d: &DiffOutcome) {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(b"\xEF\xBB\xBF");
    let mut w = csv::Writer::from_writer(out);
    let _ = w.write_record(DiffOutcome::CSV_HEADER);
    for record in d.csv_records() {
        let _ = w.write_record(&record);
    }
    let _ = w.flush();
}

fn print_summary(s: &RunSummary) {
    print_findings(
        &s.findings,
        "すべて全体集計.xlsx の「診断」シートと tables/diagnostics.csv に載っています",
    );
    let count = |sev| s.findings.iter().filter(|f| f.severity == sev).count();
    println!(
        "gyokaku: 対象期間 {}（{}、{}）",
        s.period,
        s.period.japanese(),
        s.period_choice.label()
    );
    if let Some(first) = s.period_files.first() {
        let more = match s.period_files.len() {
            1 => "（この月の報告はこのファイルだけです）".to_string(),
            n => format!(" ほか {} ファイル", n - 1),
        };
        println!("  この月を報告しているファイル: {first}{more}");
    }
    println!("計画: {}（{}版）", s.plan_files.join("、"), s.edition);
    println!(
        "取組 {} 件、実践項目 {} 件、担当部署 {} 部署",
        s.initiatives, s.items, s.departments
    );
    if !s.accounts.is_empty() {
        println!(
            "進捗報告: {} ファイル、取り込んだ報告 {} 件",
            s.accounts.len(),
            s.progress_rows
        );
        // One line per report file: written through a buffer, not a system call a line.
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        for a in &s.accounts {
            let mark = if a.balanced() {
                ""
            } else {
                "  ※行数が合いません"
            };
            let _ = writeln!(
                out,
                "  {}: 読込 {} 行 = 取込 {}（うち後の報告で置換 {}）+ 不採用 {} + 空行・見出し・注記 {}{mark}",
                a.file, a.rows_read, a.accepted, a.superseded, a.rejected, a.skipped
            );
        }
        let _ = out.flush();
    }
    println!(
        "出力: {}（部署別ブック {} 件、{}、tables/、manifest.json）",
        s.output_dir.display(),
        s.workbooks.len(),
        gyokaku::SUMMARY_FILE
    );
    print_returns(&s.returns);
    print_locked(&s.findings);
    println!(
        "診断: エラー {} 件、警告 {} 件",
        count(Severity::Error),
        count(Severity::Warning)
    );
    if count(Severity::Error) + count(Severity::Warning) > 0 {
        println!(
            "エラー・警告の内容は、上の表示と 全体集計.xlsx の「診断」シートで確認してください。"
        );
    }
    print_next_step(s);
    print_timings(&s.timings);
}

/// Most sections named on the screen; the rest are counted (「ほか N 部署」).
const MISSING_SHOWN: usize = 10;

/// 「報告: 13 部署中 11 部署から報告がありました」 and the sections without one.
fn print_returns(r: &gyokaku::SectionReturns) {
    if r.expected == 0 {
        println!("報告: この月に報告の対象となる部署はありません");
        return;
    }
    println!(
        "報告: {} 部署中 {} 部署から報告がありました",
        r.expected, r.reported
    );
    if r.missing.is_empty() {
        return;
    }
    let names: Vec<&str> = r
        .missing
        .iter()
        .take(MISSING_SHOWN)
        .map(String::as_str)
        .collect();
    let more = r.missing.len().saturating_sub(MISSING_SHOWN);
    let more = if more > 0 {
        format!(" ほか {more} 部署")
    } else {
        String::new()
    };
    println!(
        "  未報告の部署（{} 部署）: {}{more}",
        r.missing.len(),
        names.join("、")
    );
}

/// The files Excel still holds open, by the file they lock.
fn print_locked(findings: &[Finding]) {
    let locked: Vec<&str> = findings
        .iter()
        .filter(|f| f.code == gyokaku::FindingCode::ProgressLockFile)
        .map(|f| f.file.as_str())
        .collect();
    if !locked.is_empty() {
        println!(
            "Excel で開いたままのファイル: {}（保存して閉じてから実行し直してください）",
            locked.join("、")
        );
    }
}

/// What the clerk does next.
fn print_next_step(s: &RunSummary) {
    let dir = s.output_dir.display();
    if s.returns.missing.is_empty() {
        println!("次の作業: 部署別ブックを各課へ送付（{dir}）");
    } else {
        println!(
            "次の作業: 部署別ブックを各課へ送付（{dir}）。未報告の部署には報告を依頼してください（全体集計.xlsx の「未報告部署」）"
        );
    }
}

/// 「処理時間: 計画 0.02 秒、…（合計 0.64 秒）」
fn print_timings(t: &gyokaku::StageTimings) {
    let stages: Vec<String> = t
        .stages()
        .iter()
        .map(|(name, d)| format!("{name} {:.2} 秒", d.as_secs_f64()))
        .collect();
    println!(
        "処理時間: {}（合計 {:.2} 秒）",
        stages.join("、"),
        t.total().as_secs_f64()
    );
}
