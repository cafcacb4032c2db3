//! The reading stages of a run: plans into editions, progress reports into records, and
//! the settling of those records for the period. Each stage adds what it read to the
//! run's [`RunLog`] in input order, so the manifest and the diagnostics keep that order.

use rayon::prelude::*;

use super::cache::store::{Entry, Key, Seen};
use super::cache::{ReportCache, Saving};
use super::inputs::{InputPath, Readability};
use super::observe::{Observer, Phase};
use super::{PeriodChoice, RunError, RunFailure};
use crate::config::Settings;
use crate::diagnostics::{Finding, FindingCode};
use crate::files::{SkipReason, extension, file_name};
use crate::manifest::{InputFile, InputKind};
use crate::plan::edition::{Edition, edition_date, group_editions};
use crate::plan::{ParsedPlan, read_plan_file};
use crate::progress::{Catalog, FileReport, ProgressRecord, RowAccount, latest_period, settle};
use crate::sections::Sections;
use crate::wareki::{Period, month_of};

/// What the run has read so far: the manifest's inputs and the findings, in order.
#[derive(Debug, Default)]
pub struct RunLog {
    pub inputs: Vec<InputFile>,
    pub findings: Vec<Finding>,
}

/// The records in force for the period and each report file's row account.
pub struct SettledReports {
    pub records: Vec<ProgressRecord>,
    /// Other sections' reports set aside for the owners' (for the tables only).
    pub secondary: Vec<ProgressRecord>,
    pub accounts: Vec<RowAccount>,
}

/// Describes an input for the manifest.
fn describe(input: &InputPath, kind: InputKind, note: &str) -> InputFile {
    InputFile::describe(&input.path, &input.name, kind, note)
}

/// Records the configuration file as an input.
pub fn log_config(config: Option<&InputPath>, log: &mut RunLog) {
    if let Some(c) = config {
        log.inputs.push(describe(c, InputKind::Config, ""));
    }
}

/// The run's sections: the configured bureaus and the section directory, if the input
/// folder has one (naming sections as of `period` when it is known). A directory that
/// cannot be used is an error finding and the run goes on without it; of several, the
/// first usable one is used.
pub fn read_sections(
    files: &[InputPath],
    settings: &Settings,
    period: Option<Period>,
    log: &mut RunLog,
) -> Sections {
    let mut used: Option<&str> = None;
    let mut directory = None;
    for input in files {
        match &input.readability {
            Readability::Skipped(reason) => {
                log.findings.push(skipped_finding(input, reason));
                continue;
            }
            Readability::Unsupported | Readability::LockFile | Readability::SameAs(_) => {
                log.findings.push(Finding::new(
                    &input.name,
                    "",
                    FindingCode::DirectoryUnreadable,
                    "部署マスタとして読めない形式です。csv・xlsx・xls・ods で保存してください。部署マスタなしで処理しました",
                ));
                continue;
            }
            Readability::Readable => {}
        }
        if let Some(first) = used {
            log.findings.push(Finding::new(
                &input.name,
                "",
                FindingCode::DirectoryUnreadable,
                format!(
                    "部署マスタが複数あります。{first} だけを使い、このファイルは使っていません"
                ),
            ));
            continue;
        }
        let (read, mut findings) =
            isolated(|| crate::sections::read_directory(&input.path, &input.name, settings))
                .unwrap_or_else(|panic| {
                    (
                        None,
                        vec![reader_failed(
                            input,
                            FindingCode::DirectoryUnreadable,
                            &panic,
                        )],
                    )
                });
        log.findings.append(&mut findings);
        let note = read.as_ref().map_or("取り込めず".to_string(), |d| {
            format!("{} 部署", d.entries().len())
        });
        log.inputs
            .push(describe(input, InputKind::Directory, &note));
        if read.is_some() {
            directory = read;
            used = Some(&input.name);
        }
    }
    Sections::new(settings, directory, period)
}

/// Names the sections of every edition as of the run's period, when the directory was
/// read before the period was known and some section had another name then.
pub fn name_sections_as_of(editions: &mut [Edition], sections: &Sections, period: Period) {
    if !sections.renamed_by(period) {
        return;
    }
    for e in editions {
        e.plan
            .rename_departments(|d| sections.renamed_as_of(d, period));
    }
}

/// Reads every plan file and groups the plans into editions.
///
/// # Errors
/// [`RunError::NoUsablePlan`] when no file yields an initiative; the failure carries the
/// findings so far.
pub fn read_editions(
    plans: &[InputPath],
    settings: &Settings,
    sections: &Sections,
    log: &mut RunLog,
) -> Result<Vec<Edition>, RunFailure> {
    let readable: Vec<&InputPath> = plans
        .iter()
        .filter(|input| !note_unread_plan(input, log))
        .collect();
    // Editions are read side by side (a revised plan comes with the one it revises); the
    // findings and the inputs are noted in the files' order.
    let read: Vec<_> = readable
        .par_iter()
        .map(|input| read_one_plan(input, settings))
        .collect();
    let mut parts = Vec::new();
    for (input, (parsed, findings)) in readable.into_iter().zip(read) {
        let (input, parsed, mut findings) =
            document_for_table_apart(plans, input, parsed, findings, settings, log);
        log.findings.append(&mut findings);
        let edition = edition_date(&file_name(&input.path))
            .map_or("日付なし".to_string(), |d| d.to_string());
        let note = parsed.as_ref().map_or("取り込めず".to_string(), |p| {
            format!("{}版 {}", edition, p.encoding)
        });
        log.inputs.push(describe(input, InputKind::Plan, &note));
        parts.extend(parsed);
    }
    let editions = group_editions(parts, sections, &mut log.findings);
    if editions.is_empty() {
        let findings = std::mem::take(&mut log.findings);
        let files = plans.iter().filter(|p| !is_skipped(p)).count();
        return Err(RunFailure::new(RunError::NoUsablePlan(files), findings));
    }
    Ok(editions)
}

/// A text extraction whose item table came out a cell at a time (`plan.table_apart`)
/// reads to nothing; the PDF or Word plan of the same name, left unread beside it, is read
/// in its place, and the text's finding says so. Anything else is returned as read.
fn document_for_table_apart<'a>(
    plans: &'a [InputPath],
    text: &'a InputPath,
    parsed: Option<ParsedPlan>,
    findings: Vec<Finding>,
    settings: &Settings,
    log: &mut RunLog,
) -> (&'a InputPath, Option<ParsedPlan>, Vec<Finding>) {
    let apart = findings
        .iter()
        .any(|f| f.code == FindingCode::PlanTableApart);
    let document = plans
        .iter()
        .find(|p| matches!(&p.readability, Readability::SameAs(n) if *n == text.name));
    let Some(document) = document.filter(|_| apart) else {
        return (text, parsed, findings);
    };
    log.findings
        .retain(|f| !(f.code == FindingCode::PlanSameDocument && f.file == document.name));
    log.inputs.retain(|i| i.path != document.name);
    log.inputs.push(describe(
        text,
        InputKind::Plan,
        "表のセルがばらばらのため同じ計画の別の形式を読んだ",
    ));
    let (parsed, mut read) = read_one_plan(document, settings);
    let mut findings = vec![Finding::new(
        &text.name,
        "",
        FindingCode::PlanSameDocument,
        format!(
            "このテキストは表のセルがばらばらに並んでいて表を組み立て直せないため（-layout なしの pdftotext）、同じ名前の計画「{}」を読みました",
            document.name
        ),
    )];
    findings.append(&mut read);
    (document, parsed, findings)
}

/// One plan file read, a panic inside its reader caught as the file's finding.
fn read_one_plan(input: &InputPath, settings: &Settings) -> (Option<ParsedPlan>, Vec<Finding>) {
    isolated(|| read_plan_file(&input.path, &input.name, settings)).unwrap_or_else(|panic| {
        (
            None,
            vec![reader_failed(input, FindingCode::PlanUnreadable, &panic)],
        )
    })
}

fn is_skipped(input: &InputPath) -> bool {
    matches!(input.readability, Readability::Skipped(_))
}

/// Notes a plan file that is not read (left out by the walker or of a document format);
/// returns whether it is one.
fn note_unread_plan(input: &InputPath, log: &mut RunLog) -> bool {
    match &input.readability {
        Readability::Skipped(reason) => log.findings.push(skipped_finding(input, reason)),
        Readability::Unsupported => {
            log.findings.push(unsupported_plan(input));
            log.inputs
                .push(describe(input, InputKind::Plan, "未対応の形式"));
        }
        Readability::SameAs(read) => {
            log.findings.push(Finding::new(
                &input.name,
                "",
                FindingCode::PlanSameDocument,
                format!("同じ名前の計画「{read}」を読んだため、このファイルは読んでいません（同じ計画とみなしました）"),
            ));
            log.inputs
                .push(describe(input, InputKind::Plan, "同じ計画の別の形式"));
        }
        Readability::Readable | Readability::LockFile => return false,
    }
    true
}

/// What the walker left out, as a finding: hidden entries, links not followed, special
/// files and folders that cannot be read.
fn skipped_finding(input: &InputPath, reason: &SkipReason) -> Finding {
    let (code, message, value) = match reason {
        SkipReason::Hidden { folder: false } => (
            FindingCode::InputHidden,
            "名前が「.」で始まる隠しファイルのため読みませんでした。読ませるには名前の先頭の「.」を外してください".to_string(),
            String::new(),
        ),
        SkipReason::Hidden { folder: true } => (
            FindingCode::InputHidden,
            "名前が「.」で始まる隠しフォルダのため、中のファイルは読みませんでした".to_string(),
            String::new(),
        ),
        SkipReason::FolderLink => (
            FindingCode::InputFolderLink,
            "フォルダへのリンクはたどりません。中の報告を読ませるには、ファイルそのものを置いてください".to_string(),
            String::new(),
        ),
        SkipReason::LinkOutside { target } => (
            FindingCode::InputLinkOutside,
            format!(
                "入力フォルダの外（{}）を指すリンクのため読みませんでした。ファイルそのものを入力フォルダに置いてください",
                target.display()
            ),
            target.display().to_string(),
        ),
        SkipReason::BrokenLink => (
            FindingCode::InputBrokenLink,
            "リンク先のファイルがない（またはたどれない）ため読みませんでした".to_string(),
            String::new(),
        ),
        SkipReason::NotRegularFile => (
            FindingCode::InputNotRegularFile,
            "通常のファイルではない（名前付きパイプなど）ため読みませんでした".to_string(),
            String::new(),
        ),
        SkipReason::Unreadable { error } => (
            FindingCode::InputUnreadable,
            format!("フォルダを読めませんでした（{error}）。中の報告は取り込んでいません。読み取り権限を確認してください"),
            error.clone(),
        ),
    };
    Finding::new(&input.name, "", code, message).with_value(value)
}

fn unsupported_plan(input: &InputPath) -> Finding {
    Finding::new(
        &input.name,
        "",
        FindingCode::PlanUnsupportedFormat,
        format!(
            "計画は PDF から取り出したテキスト（.txt）か、表計算の一覧表（xlsx・xls・ods・csv）で置いてください。.{} 形式の計画は読めません",
            extension(&input.path)
        ),
    )
}

/// What every progress report of a run is read against.
pub struct ReadContext<'a> {
    pub catalog: &'a Catalog<'a>,
    pub settings: &'a Settings,
    /// Reports read before, by content (possibly disabled).
    pub cache: &'a ReportCache,
    /// The header words and the section resolver of `settings`, worked out once for the run.
    pub lookups: &'a crate::progress::ReportLookups<'a>,
}

/// Reads every progress report (in parallel, each file on its own, or from the cache),
/// telling `observer` of each file read. Lock files, unsupported formats and what the
/// walker left out become findings. The store of the reports read is being written
/// while the [`Saving`] returned lives.
pub fn read_reports(
    progress: &[InputPath],
    ctx: &ReadContext,
    log: &mut RunLog,
    observer: &dyn Observer,
) -> (Vec<FileReport>, Saving) {
    let readable = note_unreadable_reports(progress, log);
    observer.start(Phase::Reports, readable.len());
    let read: Vec<(InputFile, FileReport, Option<Entry>)> = readable
        .par_iter()
        .enumerate()
        .map(|(i, input)| {
            let (described, report, key, seen) = read_report(input, i, ctx);
            let entry = ctx.cache.entry(key, seen.as_ref(), &report);
            observer.done(Phase::Reports, &input.name);
            (described, report, entry)
        })
        .collect();
    observer.finish(Phase::Reports);
    let mut reports = Vec::with_capacity(read.len());
    let mut entries = Vec::with_capacity(read.len());
    for (input, report, entry) in read {
        log.inputs.push(input);
        reports.push(report);
        entries.extend(entry);
    }
    let saving = ctx.cache.save(entries);
    log.findings.extend(ctx.cache.take_notes());
    (reports, saving)
}

/// The warning for Excel's lock file `lock`, placed on the file it locks when that is
/// among `all` (Excel names its lock `~$` and the file's name, or `~$` in place of the
/// name's first two characters when the name is long).
fn lock_finding(lock: &InputPath, all: &[InputPath]) -> Finding {
    let (dir, name) = match lock.name.rsplit_once('/') {
        Some((d, n)) => (format!("{d}/"), n),
        None => (String::new(), lock.name.as_str()),
    };
    let rest = name.strip_prefix("~$").unwrap_or(name);
    let locked = all.iter().map(|i| i.name.as_str()).find(|other| {
        other.strip_prefix(dir.as_str()).is_some_and(|n| {
            !n.contains('/')
                && !n.starts_with("~$")
                && (n == rest
                    || (n.chars().count() == rest.chars().count() + 2 && n.ends_with(rest)))
        })
    });
    let (file, message) = match locked {
        Some(f) => (
            f,
            format!(
                "このファイルは Excel で開かれたままです（一時ファイル {name} があります）。保存して閉じてから実行し直してください。開いたままでは、最後に保存した内容しか読めません"
            ),
        ),
        None => (
            lock.name.as_str(),
            "Excel が開いている間に作る一時ファイルのため読み飛ばしました。開いているファイルを保存して閉じてから実行し直してください".to_string(),
        ),
    };
    Finding::new(file, "", FindingCode::ProgressLockFile, message).with_value(name)
}

/// Notes lock files, unsupported formats and skipped entries; returns the files to read.
fn note_unreadable_reports<'a>(progress: &'a [InputPath], log: &mut RunLog) -> Vec<&'a InputPath> {
    let mut readable = Vec::new();
    for input in progress {
        match &input.readability {
            Readability::Readable => readable.push(input),
            Readability::Skipped(reason) => log.findings.push(skipped_finding(input, reason)),
            Readability::LockFile => log.findings.push(lock_finding(input, progress)),
            Readability::Unsupported | Readability::SameAs(_) => {
                log.findings.push(Finding::new(
                    &input.name,
                    "",
                    FindingCode::ProgressUnsupportedFormat,
                    "進捗報告として読めない形式です。xlsx・xlsm・xlsb・xls・ods・csv で保存してください",
                ));
                log.inputs
                    .push(describe(input, InputKind::Progress, "未対応の形式"));
            }
        }
    }
    readable
}

/// Reads one report, or takes it from the cache; its manifest note lists the months it
/// reports. A file the store has seen unchanged on disk (its stamp) is not opened: its
/// stored hash keys the cache. Otherwise the file is read once: its bytes are hashed (the
/// hash keys the cache and goes into the manifest) and, when not cached, parsed. A file
/// past the size limit is hashed in pieces and left to the reader to refuse.
fn read_report(
    input: &InputPath,
    index: usize,
    ctx: &ReadContext,
) -> (InputFile, FileReport, Option<Key>, Option<Seen>) {
    // Looked at before the content is read: a change after it shows next time.
    let stamp = ctx.cache.stamp(&input.path);
    let seen = |hash: &(u64, String)| {
        stamp.map(|stamp| Seen {
            stamp,
            size: hash.0,
            sha256: hash.1.clone(),
        })
    };
    if let Some(hash) = stamp.and_then(|s| ctx.cache.known_hash(&input.name, &s))
        && let Some(key) = ctx.cache.key(&hash.1, &input.name)
        && let Some(report) = ctx
            .cache
            .load(&key, &input.name, index, ctx.catalog, ctx.settings)
    {
        let seen = seen(&hash);
        return (described(input, &report, hash), report, Some(key), seen);
    }
    let content = crate::sheet::read_within_limit(&input.path, &ctx.settings.limits);
    let hash = match &content {
        Some(bytes) => Some(crate::manifest::hash_bytes(bytes)),
        None => crate::manifest::hash_file(&input.path).ok(),
    };
    let key = hash
        .as_ref()
        .and_then(|(_, sha256)| ctx.cache.key(sha256, &input.name));
    let cached = key.as_ref().and_then(|k| {
        ctx.cache
            .load(k, &input.name, index, ctx.catalog, ctx.settings)
    });
    let report = cached.unwrap_or_else(|| {
        let source = crate::progress::ReportSource {
            path: &input.path,
            display: &input.name,
            file_index: index,
            content: content.as_deref(),
        };
        let read = isolated(|| {
            crate::progress::read_progress_file_with(
                &source,
                ctx.catalog,
                ctx.settings,
                ctx.lookups,
            )
        });
        match read {
            Ok(report) => report,
            Err(panic) => {
                let finding = reader_failed(input, FindingCode::ProgressUnreadable, &panic);
                FileReport::failed(&input.name, finding)
            }
        }
    });
    let hash = hash.unwrap_or_default();
    let seen = seen(&hash).filter(|_| key.is_some());
    (described(input, &report, hash), report, key, seen)
}

/// The manifest's line for a report file: its hash, and the months it reports as note.
fn described(input: &InputPath, report: &FileReport, hash: (u64, String)) -> InputFile {
    let mut periods: Vec<String> = report
        .records
        .iter()
        .filter_map(|r| r.period.map(|p| p.to_string()))
        .collect();
    periods.sort();
    periods.dedup();
    InputFile::hashed(&input.name, InputKind::Progress, hash, &periods.join(" "))
}

/// Runs one file's reader as the last line of defence: a panic inside it (a defect met
/// on a hostile file) becomes an error for that file, and the other files go on.
fn isolated<T>(read: impl FnOnce() -> T) -> Result<T, crate::isolate::Panicked> {
    crate::isolate::isolated(read)
}

/// The finding for a file whose reader failed.
fn reader_failed(
    input: &InputPath,
    code: FindingCode,
    panic: &crate::isolate::Panicked,
) -> Finding {
    Finding::new(
        &input.name,
        "",
        code,
        format!(
            "ファイルを読み取る途中で異常が起きたため、このファイルは取り込んでいません。ファイルが壊れていないか確認してください（{panic}）"
        ),
    )
}

/// The run's period and how it was chosen.
pub struct ChosenPeriod {
    pub period: Period,
    pub choice: PeriodChoice,
    /// The report files that name the period when it came from them.
    pub files: Vec<String>,
}

/// The run's period: as given, else the latest month reported, else this month. A
/// latest month that only one file names is a warning: one mistyped date would move the
/// whole run.
pub fn choose_period(
    given: Option<Period>,
    reports: &[FileReport],
    today: chrono::NaiveDate,
    log: &mut RunLog,
) -> ChosenPeriod {
    let (period, choice) = match (given, latest_period(reports)) {
        (Some(p), _) => (p, PeriodChoice::Given),
        (None, Some(p)) => (p, PeriodChoice::LatestReport),
        (None, None) => (month_of(today), PeriodChoice::CurrentMonth),
    };
    let files = if choice == PeriodChoice::LatestReport {
        files_naming(reports, period)
    } else {
        Vec::new()
    };
    if let [only] = files.as_slice() {
        log.findings.push(lone_period(only, period));
    }
    ChosenPeriod {
        period,
        choice,
        files,
    }
}

/// The files with a row of `period`, in file order.
fn files_naming(reports: &[FileReport], period: Period) -> Vec<String> {
    reports
        .iter()
        .filter(|r| r.records.iter().any(|x| x.period == Some(period)))
        .map(|r| r.account.file.clone())
        .collect()
}

fn lone_period(file: &str, period: Period) -> Finding {
    Finding::new(
        file,
        "",
        FindingCode::ProgressLonePeriod,
        format!(
            "対象期間を進捗報告の最新月 {} にしましたが、この月を報告しているのはこのファイルだけです。日付に誤りがないか確認してください（--period で対象期間を指定できます）",
            period.japanese()
        ),
    )
    .with_value(period.to_string())
}

/// Settles the reports for the period against the edition in force, and completes each
/// file's row account with what settling superseded or dropped.
pub fn settle_reports(
    mut reports: Vec<FileReport>,
    period: Period,
    catalog: &Catalog,
    target: usize,
    log: &mut RunLog,
) -> SettledReports {
    let mut accounts: Vec<RowAccount> = Vec::with_capacity(reports.len());
    for r in &mut reports {
        log.findings.append(&mut r.findings);
        accounts.push(r.account.clone());
    }
    let settled = settle(reports, period, catalog, target);
    for a in &mut accounts {
        a.superseded = settled.superseded.get(&a.file).copied().unwrap_or(0);
        let dropped = settled.not_in_plan.get(&a.file).copied().unwrap_or(0);
        a.accepted = a.accepted.saturating_sub(dropped);
        a.rejected += dropped;
    }
    log.findings.extend(settled.findings);
    SettledReports {
        records: settled.records,
        secondary: settled.secondary,
        accounts,
    }
}

/// The period looks wrong when no report names it, when it lies more than two months from
/// the latest month reported, or when its fiscal year is outside the plan's schedule
/// (`years`): each is a warning, so that `--period 2024-01` meant as 2024-10 is not a
/// quiet, empty month. Without any report at all (a first run) nothing is said.
pub fn check_period(period: Period, records: &[ProgressRecord], years: &[i32], log: &mut RunLog) {
    let mut why = Vec::new();
    let latest = records.iter().map(|r| r.period).max();
    if !records.iter().any(|r| r.period == period) {
        why.push(format!("{}の進捗報告が一件もありません", period.japanese()));
    }
    if let Some(latest) = latest {
        let gap = (month_number(period) - month_number(latest)).abs();
        if gap > 2 {
            why.push(format!(
                "進捗報告の最新月（{}）から {gap} か月離れています",
                latest.japanese()
            ));
        }
    }
    let fy = period.fiscal_year();
    if let (Some(first), Some(last)) = (years.first(), years.last())
        && !(first..=last).contains(&&fy)
    {
        why.push(format!(
            "計画の期間（{}〜{}）の外です",
            crate::wareki::fiscal_year_short(*first),
            crate::wareki::fiscal_year_short(*last)
        ));
    }
    // No report at all is the first run, to send the books out: nothing to check.
    if why.is_empty() || records.is_empty() {
        return;
    }
    log.findings.push(
        Finding::new(
            "（対象期間）",
            "",
            FindingCode::RunPeriodSuspect,
            format!(
                "対象期間 {}: {}。--period の指定に誤りがないか確認してください",
                period.japanese(),
                why.join("。")
            ),
        )
        .with_value(period.to_string()),
    );
}

/// Months since year 0, for distances between periods.
fn month_number(p: Period) -> i64 {
    i64::from(p.year) * 12 + i64::from(p.month)
}
