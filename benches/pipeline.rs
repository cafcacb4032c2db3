//! Release-mode benchmark of whole monthly runs on generated inputs, beside the floor of
//! the libraries gyokaku reads and writes with.
//!
//! ```text
//! cargo bench --bench pipeline                  # sample and city, 5 repetitions
//! cargo bench --bench pipeline -- large --reps 1
//! cargo bench --bench pipeline -- city --reps 9 --seed 7
//! ```
//!
//! For each scenario it generates the inputs (`gyokaku_generate::generate`, the workspace member `crates/generate`) in a
//! temporary folder, then measures, giving the median of the repetitions:
//!
//! - the cold run (`--no-cache`) with 1 and with 2 rayon threads (`RAYON_NUM_THREADS`),
//!   stage by stage (plan, read progress, settle, tables, workbooks, manifest), with the
//!   throughput of each stage;
//! - what a user runs, on 2 threads: the first run with the store of parsed reports
//!   (`output/.cache/reports.bin`, a fresh output folder each time), the same period again
//!   (every report from the store), and one new month (the last month's reports held
//!   back, a run over the earlier months to fill the store, then the month added and the
//!   run measured, the filled store put back before each repetition); wall, user and
//!   system time of each, beside `--no-cache`;
//! - the Python stack doing the same job (`scripts/baseline_py.py`: polars `read_excel` on
//!   calamine + XlsxWriter), when `python3` with polars, fastexcel and xlsxwriter is
//!   there (`--no-python` leaves it out);
//! - the peak memory (maximum resident set) of each run: every run is a child process
//!   (this benchmark executable started again as a worker that calls `gyokaku::run`),
//!   and `wait4` gives its own resource usage;
//! - the floors, on one thread in this process on the same files: calamine alone opening
//!   every progress workbook and walking every used range (the CSV reports: decoding and
//!   splitting them with the csv crate), and rust_xlsxwriter alone writing as many
//!   workbooks as the run wrote, each of as many plain cells as the run's workbook holds;
//! - each stage's ratio to its floor (1 thread against 1 thread);
//! - since wall time on a shared machine says as much about the neighbours as about the
//!   code, the CPU time of the two parallel phases (reading the reports, writing the
//!   section workbooks: from the observer's start to finish, all threads) against the
//!   floors' CPU time (this thread's `getrusage`).
//!
//! Nothing is asserted: the figures are printed (the targets are in the README).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use std::sync::Mutex;

use gyokaku::{Observer, Phase, RunConfig};
use gyokaku_generate::Scenario;

/// Notes the process's CPU time when each phase starts and finishes.
#[derive(Default)]
struct CpuObserver {
    marks: Mutex<Vec<(Phase, bool, Duration)>>,
}

impl Observer for CpuObserver {
    fn start(&self, phase: Phase, _total: usize) {
        let now = cpu_time(libc::RUSAGE_SELF);
        self.marks.lock().expect("marks").push((phase, true, now));
    }
    fn finish(&self, phase: Phase) {
        let now = cpu_time(libc::RUSAGE_SELF);
        self.marks.lock().expect("marks").push((phase, false, now));
    }
}

/// User and system CPU time of the process (`RUSAGE_SELF`) or this thread
/// (`RUSAGE_THREAD`).
fn cpu_time(who: i32) -> Duration {
    // SAFETY: an all-zero rusage is a valid value; getrusage fills it.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: the pointer is valid for the call.
    unsafe { libc::getrusage(who, &raw mut usage) };
    timeval(usage.ru_utime) + timeval(usage.ru_stime)
}

/// The stages of a run as `StageTimings` has them, in order.
const STAGES: [&str; 8] = [
    "setup",
    "sections",
    "plan",
    "read progress",
    "settle",
    "tables",
    "workbooks",
    "manifest",
];

/// What one run (a child process) measured.
#[derive(Debug, Clone, Default)]
struct RunFigures {
    stages: [Duration; 8],
    wall: Duration,
    /// CPU time of the child (user and system), steadier than wall time on a busy machine.
    cpu: Duration,
    user: Duration,
    sys: Duration,
    /// Maximum resident set of the child, in bytes.
    peak_rss: u64,
    /// CPU time (all threads) of reading the reports and of writing the section
    /// workbooks, from the observer's start and finish of each phase.
    read_cpu: Duration,
    books_cpu: Duration,
    rows: usize,
    workbooks: usize,
    items: usize,
    exit: i32,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--worker") {
        worker(&args[1..]);
        return;
    }
    if args.first().map(String::as_str) == Some("--generate") {
        generate_only(&args[1..]);
        return;
    }
    let opts = Options::parse(&args);
    println!(
        "gyokaku pipeline benchmark: {} repetition(s), medians; seed {}; {} CPU(s)",
        opts.reps,
        opts.seed,
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    for &(name, scenario) in &opts.scenarios {
        bench_scenario(name, scenario, &opts);
    }
}

/// The command line after `cargo bench --bench pipeline --`.
struct Options {
    scenarios: Vec<(&'static str, Scenario)>,
    reps: usize,
    seed: u64,
    /// Whether to run the Python script beside gyokaku.
    python: bool,
}

impl Options {
    fn parse(args: &[String]) -> Options {
        let mut opts = Options {
            scenarios: Vec::new(),
            reps: 5,
            seed: 1,
            python: true,
        };
        let mut it = args.iter();
        while let Some(a) = it.next() {
            match a.as_str() {
                "--reps" => opts.reps = it.next().and_then(|v| v.parse().ok()).unwrap_or(5),
                "--seed" => opts.seed = it.next().and_then(|v| v.parse().ok()).unwrap_or(1),
                "sample" => opts.scenarios.push(("sample", Scenario::Sample)),
                "city" => opts.scenarios.push(("city", Scenario::City)),
                "large" => opts.scenarios.push(("large", Scenario::Large)),
                "tiny" => opts.scenarios.push(("tiny", Scenario::Tiny)),
                "--no-python" => opts.python = false,
                // `cargo bench` passes `--bench`; anything else is ignored too.
                _ => {}
            }
        }
        if opts.scenarios.is_empty() {
            opts.scenarios = vec![("sample", Scenario::Sample), ("city", Scenario::City)];
        }
        opts.reps = opts.reps.max(1);
        opts
    }
}

/// `--generate SCENARIO DIR [SEED]`: only writes the scenario's input folder (for
/// profiling a run by hand with the worker: `--worker INPUT OUTPUT [--no-cache]`).
fn generate_only(args: &[String]) {
    let scenario = match args.first().map(String::as_str) {
        Some("sample") => Scenario::Sample,
        Some("large") => Scenario::Large,
        Some("tiny") => Scenario::Tiny,
        _ => Scenario::City,
    };
    let dir = PathBuf::from(args.get(1).map_or("bench-input", String::as_str));
    let seed = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    let g = gyokaku_generate::generate(scenario, seed, &dir).expect("generate");
    println!(
        "{} progress files, last month {}",
        g.xlsx_files + g.csv_files,
        g.last_period
    );
}

/// The worker: one run in this process, its figures on stdout for the parent.
fn worker(args: &[String]) {
    let cfg = RunConfig {
        input: PathBuf::from(&args[0]),
        output: PathBuf::from(&args[1]),
        period: None,
        config: None,
        no_cache: args.get(2).is_some_and(|a| a == "--no-cache"),
        as_of: None,
    };
    let observer = CpuObserver::default();
    match gyokaku::run_with(&cfg, &observer) {
        Ok(s) => {
            let marks = observer.marks.lock().expect("marks");
            let phase = |p: Phase| {
                let start = marks.iter().find(|m| m.0 == p && m.1).map(|m| m.2);
                let end = marks.iter().find(|m| m.0 == p && !m.1).map(|m| m.2);
                match (start, end) {
                    (Some(a), Some(b)) => b.saturating_sub(a).as_nanos(),
                    _ => 0,
                }
            };
            println!(
                "PHASES {} {}",
                phase(Phase::Reports),
                phase(Phase::Workbooks)
            );
            let t = s.timings;
            let ns: Vec<String> = t
                .stages()
                .iter()
                .map(|(_, d)| d.as_nanos().to_string())
                .collect();
            println!(
                "STAGES {} ROWS {} BOOKS {} ITEMS {} EXIT {}",
                ns.join(" "),
                s.progress_rows,
                s.workbooks.len() + 1,
                s.items,
                s.exit_code()
            );
        }
        Err(e) => println!("FAILED {e}"),
    }
}

/// Runs the worker as a child with `threads` rayon threads; its figures and peak memory.
// The child is reaped by `wait4` (for its own resource usage), not by `Child::wait`.
#[allow(clippy::zombie_processes)]
fn run_child(input: &Path, output: &Path, no_cache: bool, threads: Option<usize>) -> RunFigures {
    let exe = std::env::current_exe().expect("own executable");
    let mut cmd = Command::new(exe);
    cmd.arg("--worker").arg(input).arg(output);
    if no_cache {
        cmd.arg("--no-cache");
    }
    if let Some(n) = threads {
        cmd.env("RAYON_NUM_THREADS", n.to_string());
    }
    let start = Instant::now();
    let mut child = cmd.stdout(Stdio::piped()).spawn().expect("worker starts");
    let mut out = String::new();
    std::io::Read::read_to_string(child.stdout.as_mut().expect("piped"), &mut out)
        .expect("worker output");
    let (status, usage) = wait_child(child.id());
    let wall = start.elapsed();
    let mut fig = parse_worker(&out);
    fig.wall = wall;
    fig.peak_rss = u64::try_from(usage.ru_maxrss).unwrap_or(0) * 1024;
    fig.user = timeval(usage.ru_utime);
    fig.sys = timeval(usage.ru_stime);
    fig.cpu = fig.user + fig.sys;
    if status != 0 || fig.exit != 0 {
        println!("  (run exit {status}/{}: {})", fig.exit, out.trim());
    }
    fig
}

/// `wait4` on the child: its exit status and its own resource usage.
fn wait_child(pid: u32) -> (i32, libc::rusage) {
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value; wait4 fills it.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our own child, not yet waited for; both pointers are valid.
    let pid = i32::try_from(pid).expect("pid");
    let r = unsafe { libc::wait4(pid, &raw mut status, 0, &raw mut usage) };
    assert_eq!(r, pid, "wait4");
    (libc::WEXITSTATUS(status), usage)
}

fn timeval(t: libc::timeval) -> Duration {
    Duration::from_secs(u64::try_from(t.tv_sec).unwrap_or(0))
        + Duration::from_micros(u64::try_from(t.tv_usec).unwrap_or(0))
}

fn parse_worker(out: &str) -> RunFigures {
    let mut fig = RunFigures::default();
    let words: Vec<&str> = out.split_whitespace().collect();
    let Some(at) = words.iter().position(|w| *w == "STAGES") else {
        fig.exit = -1;
        return fig;
    };
    for (k, slot) in fig.stages.iter_mut().enumerate() {
        *slot = Duration::from_nanos(words[at + 1 + k].parse().unwrap_or(0));
    }
    let after = |key: &str| {
        words
            .iter()
            .position(|w| *w == key)
            .and_then(|p| words.get(p + 1))
            .and_then(|v| v.parse::<usize>().ok())
            .unwrap_or(0)
    };
    let nanos = |key: &str, k: usize| {
        words
            .iter()
            .position(|w| *w == key)
            .and_then(|p| words.get(p + 1 + k))
            .and_then(|v| v.parse::<u64>().ok())
            .map_or(Duration::ZERO, Duration::from_nanos)
    };
    fig.read_cpu = nanos("PHASES", 0);
    fig.books_cpu = nanos("PHASES", 1);
    fig.rows = after("ROWS");
    fig.workbooks = after("BOOKS");
    fig.items = after("ITEMS");
    fig.exit = i32::try_from(after("EXIT")).unwrap_or(-1);
    fig
}

/// The medians, stage by stage and of the wall time and peak memory.
fn median(runs: &[RunFigures]) -> RunFigures {
    let mid = |mut v: Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    let mut m = runs[0].clone();
    for k in 0..STAGES.len() {
        m.stages[k] = mid(runs.iter().map(|r| r.stages[k]).collect());
    }
    m.wall = mid(runs.iter().map(|r| r.wall).collect());
    m.cpu = mid(runs.iter().map(|r| r.cpu).collect());
    m.user = mid(runs.iter().map(|r| r.user).collect());
    m.sys = mid(runs.iter().map(|r| r.sys).collect());
    m.read_cpu = mid(runs.iter().map(|r| r.read_cpu).collect());
    m.books_cpu = mid(runs.iter().map(|r| r.books_cpu).collect());
    let mut rss: Vec<u64> = runs.iter().map(|r| r.peak_rss).collect();
    rss.sort_unstable();
    m.peak_rss = rss[rss.len() / 2];
    m
}

/// Everything measured on one scenario.
struct Measured {
    cold1: RunFigures,
    cold2: RunFigures,
    /// The first run with the store (fresh output folder), and the same period again.
    first: RunFigures,
    again: RunFigures,
    warm: RunFigures,
    python: Option<RunFigures>,
    read_floor: Duration,
    write_floor: Duration,
    /// CPU time of the read floor, and of the write floor's section workbooks.
    read_floor_cpu: Duration,
    books_floor_cpu: Duration,
    files: usize,
    new_files: usize,
}

fn bench_scenario(name: &str, scenario: Scenario, opts: &Options) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let input = dir.path().join("input");
    let t = Instant::now();
    let generated = gyokaku_generate::generate(scenario, opts.seed, &input).expect("generate");
    let files = generated.xlsx_files + generated.csv_files;
    println!(
        "\n== {name}: {} items, {} sections, {} months: {files} progress files ({} xlsx, {} csv), generated in {:.1} s",
        generated.items,
        generated.sections,
        generated.months,
        generated.xlsx_files,
        generated.csv_files,
        t.elapsed().as_secs_f64()
    );
    let reps = opts.reps;
    let cold = |threads| -> Vec<RunFigures> {
        (0..reps)
            .map(|_| {
                let out = dir.path().join("out-cold");
                let fig = run_child(&input, &out, true, Some(threads));
                let _ = std::fs::remove_dir_all(&out);
                fig
            })
            .collect()
    };
    let cold1 = median(&cold(1));
    let cold2 = median(&cold(2));
    let (first, again) = first_runs(dir.path(), &input, reps);
    let python = opts
        .python
        .then(|| python_runs(dir.path(), &input, generated.last_period, reps))
        .flatten();
    let (warm, new_files) = warm_runs(dir.path(), &input, generated.last_period, reps);
    let warm = median(&warm);
    let (read_floor, read_floor_cpu) = median_pair(reps, || read_floor(&input.join("progress")));
    // The cells of the run's workbooks, counted once on an extra run's output.
    let out = dir.path().join("out-count");
    run_child(&input, &out, true, None);
    let cells = workbook_cells(&out.join(generated.last_period.to_string()));
    let (write_floor, books_floor_cpu) =
        median_pair(reps, || write_floor(&cells, &dir.path().join("floor")));
    let m = Measured {
        cold1,
        cold2,
        first: median(&first),
        again: median(&again),
        warm,
        python,
        read_floor,
        write_floor,
        read_floor_cpu,
        books_floor_cpu,
        files,
        new_files,
    };
    report(&m, &cells);
}

/// The first run as a user runs it (with the store, into a fresh output folder), then the
/// same period again into that folder (every report from the store); `reps` of each.
fn first_runs(dir: &Path, input: &Path, reps: usize) -> (Vec<RunFigures>, Vec<RunFigures>) {
    let (mut first, mut again) = (Vec::new(), Vec::new());
    for _ in 0..reps {
        let out = dir.join("out-first");
        first.push(run_child(input, &out, false, None));
        again.push(run_child(input, &out, false, None));
        let _ = std::fs::remove_dir_all(&out);
    }
    (first, again)
}

/// The Python script on the same input, `reps` times (its median); `None` when python3
/// with polars, fastexcel and xlsxwriter is not there.
// The child is reaped by `wait4` (for its own resource usage), not by `Child::wait`.
#[allow(clippy::zombie_processes)]
fn python_runs(
    dir: &Path,
    input: &Path,
    period: gyokaku::wareki::Period,
    reps: usize,
) -> Option<RunFigures> {
    let ready = Command::new("python3")
        .args(["-c", "import polars, fastexcel, xlsxwriter"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ready {
        println!("(python3 with polars, fastexcel and xlsxwriter not found: no Python figures)");
        return None;
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/baseline_py.py");
    let runs: Vec<RunFigures> = (0..reps)
        .map(|_| {
            let out = dir.join("out-py");
            let start = Instant::now();
            let child = Command::new("python3")
                .arg(&script)
                .arg(input)
                .arg(&out)
                .arg(period.to_string())
                .stdout(Stdio::null())
                .spawn()
                .expect("python3 starts");
            let (status, usage) = wait_child(child.id());
            let mut fig = RunFigures {
                wall: start.elapsed(),
                user: timeval(usage.ru_utime),
                sys: timeval(usage.ru_stime),
                peak_rss: u64::try_from(usage.ru_maxrss).unwrap_or(0) * 1024,
                exit: status,
                ..RunFigures::default()
            };
            fig.cpu = fig.user + fig.sys;
            let _ = std::fs::remove_dir_all(&out);
            fig
        })
        .collect();
    Some(median(&runs))
}

/// Medians of the wall and CPU times of `reps` calls.
fn median_pair(reps: usize, mut f: impl FnMut() -> (Duration, Duration)) -> (Duration, Duration) {
    let (mut a, mut b): (Vec<Duration>, Vec<Duration>) = (0..reps).map(|_| f()).unzip();
    a.sort();
    b.sort();
    (a[a.len() / 2], b[b.len() / 2])
}

/// Warm runs: the last month held back, one run over the earlier months fills the store,
/// then each repetition adds the month and runs (the store as filled put back first).
/// Returns the runs and the number of files the month added.
fn warm_runs(
    dir: &Path,
    input: &Path,
    last: gyokaku::wareki::Period,
    reps: usize,
) -> (Vec<RunFigures>, usize) {
    let progress = input.join("progress");
    let held = dir.join("held");
    std::fs::create_dir_all(&held).expect("held folder");
    let suffix = format!("_{last}.");
    let last_month: Vec<PathBuf> = files_in(&progress)
        .into_iter()
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().contains(&suffix))
        })
        .collect();
    for p in &last_month {
        std::fs::rename(p, held.join(p.file_name().expect("name"))).expect("hold back");
    }
    // A file's stamp is trusted once its times are a few seconds old (src/run/cache/
    // stamp.rs): as next month, the earlier months' files have settled.
    std::thread::sleep(Duration::from_secs(3));
    let out = dir.join("out-warm");
    run_child(input, &out, false, None);
    let store = out.join(".cache/reports.bin");
    // None: the earlier months had no report to keep (a scenario of one month).
    let primed = std::fs::read(&store).ok();
    for p in &last_month {
        std::fs::rename(held.join(p.file_name().expect("name")), p).expect("add the month");
    }
    let runs = (0..reps)
        .map(|_| {
            let _ = std::fs::remove_dir_all(out.join(last.to_string()));
            match &primed {
                Some(bytes) => std::fs::write(&store, bytes).expect("the store as filled"),
                None => {
                    let _ = std::fs::remove_file(&store);
                }
            }
            run_child(input, &out, false, None)
        })
        .collect();
    (runs, last_month.len())
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    v.sort();
    v
}

/// The read floor: every progress file opened and every used cell visited, one thread.
fn read_floor(progress: &Path) -> (Duration, Duration) {
    use calamine::Reader;
    let files = files_in(progress);
    let start = Instant::now();
    let cpu = cpu_time(libc::RUSAGE_THREAD);
    let mut cells = 0usize;
    for p in &files {
        if p.extension().is_some_and(|e| e == "csv") {
            let bytes = std::fs::read(p).expect("csv");
            let (text, _, _) = encoding_rs::SHIFT_JIS.decode(&bytes);
            let mut rd = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(text.as_bytes());
            for rec in rd.records().flatten() {
                cells += rec.iter().filter(|f| !f.is_empty()).count();
            }
            continue;
        }
        let mut wb = calamine::open_workbook_auto(p).expect("workbook");
        for name in wb.sheet_names() {
            if let Ok(range) = wb.worksheet_range(&name) {
                cells += range.used_cells().count();
            }
        }
    }
    let took = (start.elapsed(), cpu_time(libc::RUSAGE_THREAD) - cpu);
    std::hint::black_box(cells);
    took
}

/// The used cells of each workbook in `dir`, section workbooks first, the summary last.
fn workbook_cells(dir: &Path) -> Vec<usize> {
    use calamine::Reader;
    let mut books: Vec<(bool, usize)> = files_in(dir)
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .map(|p| {
            let mut wb = calamine::open_workbook_auto(p).expect("output workbook");
            let cells = wb
                .sheet_names()
                .iter()
                .filter_map(|n| wb.worksheet_range(n).ok())
                .map(|r| r.used_cells().count())
                .sum();
            (
                p.file_name().is_some_and(|n| n == gyokaku::SUMMARY_FILE),
                cells,
            )
        })
        .collect();
    books.sort_by_key(|b| b.0);
    books.into_iter().map(|b| b.1).collect()
}

/// The write floor: one workbook of plain cells (text, ten to a row) per workbook of the
/// run, as many cells as it holds, saved to disk; one thread. Returns the wall time of
/// all of them and the CPU time of the section workbooks (all but the last).
fn write_floor(cells: &[usize], dir: &Path) -> (Duration, Duration) {
    std::fs::create_dir_all(dir).expect("floor folder");
    let start = Instant::now();
    let cpu = cpu_time(libc::RUSAGE_THREAD);
    let mut sections_cpu = Duration::ZERO;
    for (k, &n) in cells.iter().enumerate() {
        if k + 1 == cells.len() {
            sections_cpu = cpu_time(libc::RUSAGE_THREAD) - cpu;
        }
        let mut wb = rust_xlsxwriter::Workbook::new();
        // The compression level gyokaku's workbooks are written with.
        wb.set_zip_compression_level(1);
        let ws = wb.add_worksheet();
        for i in 0..n {
            let (row, col) = (u32::try_from(i / 10).expect("row"), (i % 10) as u16);
            ws.write_string(row, col, format!("セルの文字列 {i}"))
                .expect("cell");
        }
        wb.save(dir.join(format!("floor_{k}.xlsx"))).expect("save");
    }
    let took = (start.elapsed(), sections_cpu);
    let _ = std::fs::remove_dir_all(dir);
    took
}

fn secs(d: Duration) -> String {
    format!("{:.3} s", d.as_secs_f64())
}

fn per_sec(n: usize, d: Duration) -> String {
    let s = d.as_secs_f64();
    if s <= 0.0 {
        return "-".into();
    }
    format!("{:.0}", n as f64 / s)
}

fn mib(bytes: u64) -> String {
    format!("{:.0} MiB", bytes as f64 / (1024.0 * 1024.0))
}

/// The tables of one scenario.
fn report(m: &Measured, cells: &[usize]) {
    let (c1, c2, w) = (&m.cold1, &m.cold2, &m.warm);
    println!(
        "{} rows, {} items, {} workbooks ({} cells)",
        c2.rows,
        c2.items,
        c2.workbooks,
        cells.iter().sum::<usize>()
    );
    println!(
        "{:<14} {:>9} {:>9} {:>7} {:>22} {:>9} {:>8} {:>9}",
        "stage (cold)",
        "1 thread",
        "2 threads",
        "1→2",
        "throughput (2 thr)",
        "floor",
        "ratio",
        "warm"
    );
    // In the order of `STAGES`.
    let units = [
        (m.files + 1, "inputs/s"),
        (c2.workbooks, "books/s"),
        (c2.items, "items/s"),
        (m.files, "files/s"),
        (c2.rows, "rows/s"),
        (c2.rows, "rows/s"),
        (c2.workbooks, "books/s"),
        (m.files + 1, "inputs/s"),
    ];
    let floors = [
        None,
        None,
        None,
        Some(m.read_floor),
        None,
        None,
        Some(m.write_floor),
        None,
    ];
    for k in 0..STAGES.len() {
        let (a, b) = (c1.stages[k], c2.stages[k]);
        let (floor, ratio) = floors[k].map_or(("-".to_string(), "-".to_string()), |f| {
            (
                secs(f),
                format!("{:.2}x", a.as_secs_f64() / f.as_secs_f64()),
            )
        });
        println!(
            "{:<14} {:>9} {:>9} {:>6.2}x {:>14} {:<7} {:>9} {:>8} {:>9}",
            STAGES[k],
            secs(a),
            secs(b),
            a.as_secs_f64() / b.as_secs_f64().max(1e-9),
            per_sec(units[k].0, b),
            units[k].1,
            floor,
            ratio,
            secs(w.stages[k])
        );
    }
    let sum = |f: &RunFigures| f.stages.iter().sum::<Duration>();
    println!(
        "{:<14} {:>9} {:>9} {:>6.2}x {:>22} {:>9} {:>8} {:>9}",
        "stages",
        secs(sum(c1)),
        secs(sum(c2)),
        sum(c1).as_secs_f64() / sum(c2).as_secs_f64().max(1e-9),
        "",
        secs(m.read_floor + m.write_floor),
        format!(
            "{:.2}x",
            sum(c1).as_secs_f64() / (m.read_floor + m.write_floor).as_secs_f64()
        ),
        secs(sum(w))
    );
    for (label, f) in [
        ("cold, 1 thread", c1),
        ("cold, 2 threads", c2),
        ("warm, 2 threads", w),
    ] {
        println!(
            "process {label:<16} wall {:>9}  cpu {:>9}  peak RSS {:>8}",
            secs(f.wall),
            secs(f.cpu),
            mib(f.peak_rss)
        );
    }
    // Below a millisecond the floor is too small to divide by.
    let ratio = |a: Duration, b: Duration| {
        if b < Duration::from_millis(1) {
            "-".to_string()
        } else {
            format!("{:.2}x", a.as_secs_f64() / b.as_secs_f64())
        }
    };
    println!(
        "CPU time (steady on a busy machine): reading reports 1 thread {} / 2 threads {} / floor {} = {}; section workbooks 1 thread {} / 2 threads {} / floor {} = {}",
        secs(c1.read_cpu),
        secs(c2.read_cpu),
        secs(m.read_floor_cpu),
        ratio(c1.read_cpu, m.read_floor_cpu),
        secs(c1.books_cpu),
        secs(c2.books_cpu),
        secs(m.books_floor_cpu),
        ratio(c1.books_cpu, m.books_floor_cpu)
    );
    users_table(m);
}

/// What a user runs, 2 threads, process figures: the issue's table.
fn users_table(m: &Measured) {
    println!(
        "\n{:<34} {:>9} {:>9} {:>9} {:>9} {:>10}",
        "run (2 threads, medians)", "wall", "user", "sys", "peak RSS", "vs Python"
    );
    let py = m.python.as_ref().map(|p| p.wall);
    let rows = [
        ("--no-cache", &m.cold2),
        ("first run, store written", &m.first),
        ("same period again", &m.again),
        ("one new month", &m.warm),
    ];
    for (label, f) in rows {
        println!(
            "{:<34} {:>9} {:>9} {:>9} {:>9} {:>10}",
            label,
            secs(f.wall),
            secs(f.user),
            secs(f.sys),
            mib(f.peak_rss),
            py.map_or("-".to_string(), |p| format!(
                "{:.1}x",
                p.as_secs_f64() / f.wall.as_secs_f64().max(1e-9)
            ))
        );
    }
    if let Some(p) = &m.python {
        println!(
            "{:<34} {:>9} {:>9} {:>9} {:>9} {:>10}",
            "Python script (polars + XlsxWriter)",
            secs(p.wall),
            secs(p.user),
            secs(p.sys),
            mib(p.peak_rss),
            if p.exit == 0 {
                "1.0x".to_string()
            } else {
                format!("exit {}", p.exit)
            }
        );
    }
    println!(
        "floors, 1 thread: calamine reading every report {}, rust_xlsxwriter writing as many workbooks {}",
        secs(m.read_floor),
        secs(m.write_floor)
    );
    let ratio = |a: &RunFigures, b: &RunFigures| a.wall.as_secs_f64() / b.wall.as_secs_f64();
    println!(
        "first / --no-cache {:.2} (target <= 1.10); one new month / first {:.0} % (target <= 25 %), {} new files of {}; sys / user of the first run {:.2} (target < 0.25)",
        ratio(&m.first, &m.cold2),
        100.0 * ratio(&m.warm, &m.first),
        m.new_files,
        m.files,
        m.first.sys.as_secs_f64() / m.first.user.as_secs_f64().max(1e-9)
    );
}
