//! `cargo bench --bench scale [-- --reps N]`: the sizes at which a step that compares every
//! entry with every other would take minutes, run through the clerk's command.
//!
//! - a 部署マスタ of 64,000 sections, each with a former name (機構改革);
//! - a 部署マスタ of 40,000 sections that all name one former section (one section split
//!   forty thousand ways);
//! - two editions of a plan of 25,000 initiatives, a tenth of them retitled in the second:
//!   the monthly run (it matches the editions' items) and `gyokaku diff` between them.
//!   Initiative numbers stop at 9,999 (`plan.bad_initiative_no` for the rest), so this reads
//!   9,999 initiatives of one item each;
//! - the largest plan read whole: two editions of 3,333 initiatives of three items each
//!   (9,999 items, under `[limits] max_plan_items`), a tenth retitled with their items.
//!
//! Each case is a child process of the release binary: wall time (median, min, max over the
//! repetitions), peak resident memory (`wait4`) and the exit status. The sample plan and its
//! reports are the rest of the input. Nothing is asserted: the figures are printed (the
//! target, under 2 s a case, is in the README's Performance section).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BUREAUS: usize = 64;
/// Single-character bureau marks, one per bureau.
const MARKS: &str =
    "総企財市環福健こ経農都建上消教議選監会水病港観文スデ交防税住保障高介児医国年衛廃公営営";
const WORDS: [&str; 32] = [
    "窓口", "財政", "施設", "情報", "人材", "協働", "行政", "公共", "市民", "地域", "事務", "契約",
    "収納", "資産", "組織", "制度", "業務", "電子", "保健", "福祉", "子育", "教育", "都市", "環境",
    "防災", "交通", "観光", "産業", "文化", "広報", "税務", "会計",
];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let reps = args
        .iter()
        .position(|a| a == "--reps")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(3usize);
    let exe = PathBuf::from(env!("CARGO_BIN_EXE_gyokaku"));
    let root = tempfile::tempdir().expect("temp dir");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("input");
    println!("case                                   median    min       max       peak MB  exit");

    let renamed = with_directory(root.path(), "renamed", &sample, &renamed_sections(64_000));
    report(
        "部署マスタ 64,000 課（旧名称つき）",
        reps,
        || run(&exe, &renamed, &root.path().join("out-renamed")),
    );

    let split = with_directory(root.path(), "split", &sample, &split_sections(40_000));
    report("部署マスタ 40,000 課が同じ旧課名", reps, || {
        run(&exe, &split, &root.path().join("out-split"))
    });

    for (label, initiatives, items) in [
        ("25,000 取組", 25_000, 1),
        ("3,333 取組 × 3 項目", 3_333, 3),
    ] {
        let editions = with_editions(root.path(), &sample, initiatives, items);
        let out = root.path().join(format!("out-editions-{initiatives}"));
        report(
            &format!("計画 2 版 × {label}（月次処理）"),
            reps,
            || run(&exe, &editions, &out),
        );
        let plans = editions.join("plans");
        report(&format!("計画 2 版 × {label}（diff）"), reps, || {
            let mut cmd = Command::new(&exe);
            cmd.arg("diff")
                .arg(plans.join("計画_2020-04.txt"))
                .arg(plans.join("計画_2023-04.txt"));
            child(cmd)
        });
    }
}

/// A copy of the sample input with `departments.csv` and without the sample's plan when
/// `plans` replaces it.
fn copy_sample(root: &Path, name: &str, sample: &Path) -> PathBuf {
    let input = root.join(name);
    for sub in ["plans", "progress"] {
        std::fs::create_dir_all(input.join(sub)).expect("input folders");
        for e in std::fs::read_dir(sample.join(sub)).expect("sample input") {
            let p = e.expect("entry").path();
            if p.is_file() {
                std::fs::copy(&p, input.join(sub).join(p.file_name().expect("name")))
                    .expect("copy");
            }
        }
    }
    input
}

fn with_directory(root: &Path, name: &str, sample: &Path, csv: &str) -> PathBuf {
    let input = copy_sample(root, name, sample);
    std::fs::write(input.join("departments.csv"), csv).expect("directory");
    input
}

fn bureau(b: usize) -> (String, char) {
    let mark = MARKS.chars().nth(b % MARKS.chars().count()).unwrap_or('総');
    (format!("{}{}部", WORDS[b % WORDS.len()], b), mark)
}

/// Section `k` of bureau `b`: a name no other section has.
fn section(b: usize, k: usize) -> String {
    format!(
        "{}{}第{b}-{k}課",
        WORDS[k % WORDS.len()],
        WORDS[(k / 32) % WORDS.len()]
    )
}

fn header() -> String {
    "部局,課名,略称,所属コード,旧名称,適用開始日\n".to_string()
}

/// `n` sections over [`BUREAUS`] bureaus, each renamed on 2024-04-01 from a former name.
fn renamed_sections(n: usize) -> String {
    let mut csv = header();
    for i in 0..n {
        let (b, k) = (i % BUREAUS, i / BUREAUS);
        let (name, mark) = bureau(b);
        let sec = section(b, k);
        let _ = writeln!(csv, "{name},{sec},{mark},{i:06},旧{sec},2024-04-01");
    }
    csv
}

/// `n` sections that all give one former section as theirs (a split).
fn split_sections(n: usize) -> String {
    let mut csv = header();
    for i in 0..n {
        let (b, k) = (i % BUREAUS, i / BUREAUS);
        let (name, mark) = bureau(b);
        let sec = section(b, k);
        let _ = writeln!(
            csv,
            "{name},{sec},{mark},{i:06},都市建設部 都市総務課,2024-04-01"
        );
    }
    csv
}

/// The sample's reports with two editions of a generated plan of `n` initiatives of
/// `items` items each.
fn with_editions(root: &Path, sample: &Path, n: usize, items: usize) -> PathBuf {
    let input = copy_sample(root, &format!("editions-{n}"), sample);
    for e in std::fs::read_dir(input.join("plans")).expect("plans") {
        std::fs::remove_file(e.expect("entry").path()).expect("remove sample plan");
    }
    let plans = input.join("plans");
    std::fs::write(plans.join("計画_2020-04.txt"), plan_text(n, items, false)).expect("plan");
    std::fs::write(plans.join("計画_2023-04.txt"), plan_text(n, items, true)).expect("plan");
    input
}

/// A plan of `n` initiatives of `items` items each; `revised` retitles every tenth
/// initiative and its items.
fn plan_text(n: usize, items: usize, revised: bool) -> String {
    let mut text = String::new();
    for i in 1..=n {
        let w = |k: usize| WORDS[k % WORDS.len()];
        let mut title = format!("{}{}の{}化（{i}）", w(i), w(i / 32), w(i / 1024 + 3));
        if revised && i % 10 == 0 {
            title.push_str("の推進");
        }
        let _ = write!(text, "No. {i} {title}\n\nV. 実践項目\n\n");
        for k in 1..=items {
            let section = format!(
                "({})窓口サービス課",
                MARKS.chars().nth((i + k) % 8).unwrap_or('総')
            );
            let _ = write!(
                text,
                "実践項目名\t{title}の実施（{k}）\t\t\t\t\n担当部署\t{section}\t\t\t\t\n\
                 取組内容\t{title}を進める。\t\t\t\t\n工程表\tR 2年度\tR 3年度\tR 4年度\tR 5年度\tR 6年度\n\
                 \t検討\t→\t実施\t\t\n\n"
            );
        }
    }
    text
}

fn run(exe: &Path, input: &Path, output: &Path) -> (Duration, u64, i32) {
    let _ = std::fs::remove_dir_all(output);
    let mut cmd = Command::new(exe);
    cmd.arg("run")
        .arg("--input")
        .arg(input)
        .arg("--output")
        .arg(output)
        .arg("--period")
        .arg("2024-09");
    child(cmd)
}

/// Runs `cmd` to its end: wall time, peak resident bytes, exit status.
// The child is reaped by `wait4` (for its own resource usage), not by `Child::wait`.
#[allow(clippy::zombie_processes)]
fn child(mut cmd: Command) -> (Duration, u64, i32) {
    let start = Instant::now();
    let child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("gyokaku starts");
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value; wait4 fills it.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = i32::try_from(child.id()).expect("pid");
    // SAFETY: pid is our own child, not yet waited for; both pointers are valid.
    let r = unsafe { libc::wait4(pid, &raw mut status, 0, &raw mut usage) };
    assert_eq!(r, pid, "wait4");
    let peak = u64::try_from(usage.ru_maxrss).unwrap_or(0) * 1024;
    (start.elapsed(), peak, libc::WEXITSTATUS(status))
}

fn report(case: &str, reps: usize, mut once: impl FnMut() -> (Duration, u64, i32)) {
    let mut runs: Vec<(Duration, u64, i32)> = (0..reps.max(1)).map(|_| once()).collect();
    runs.sort_by_key(|r| r.0);
    let (min, max) = (runs[0].0, runs[runs.len() - 1].0);
    let median = runs[runs.len() / 2];
    let peak = runs.iter().map(|r| r.1).max().unwrap_or(0);
    let pad = 38usize.saturating_sub(unicode_cols(case));
    println!(
        "{case}{}  {:>6.2} s  {:>6.2} s  {:>6.2} s  {:>6.1}  {}",
        " ".repeat(pad),
        median.0.as_secs_f64(),
        min.as_secs_f64(),
        max.as_secs_f64(),
        peak as f64 / 1_048_576.0,
        median.2
    );
}

/// Terminal columns of `s` (East Asian characters take two).
fn unicode_cols(s: &str) -> usize {
    s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}
