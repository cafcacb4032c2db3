//! Reading a plan kept as PDF and as Word: a generated plan of about 100 pages (the sample's
//! initiatives repeated, written by `fixtures/documents/make_documents.py --bench` with
//! python-docx and LibreOffice, kept in `target/bench-documents/`).
//!
//! ```text
//! cargo bench --bench documents                 # 100 pages, 5 repetitions
//! cargo bench --bench documents -- --pages 200 --reps 3
//! ```
//!
//! Each repetition is a child process (this executable started again as a worker that
//! calls `gyokaku::plan::read_plan_file`), so that `wait4` gives its own peak memory. The
//! median wall time (the whole child: start, read, exit) and peak resident set are printed
//! for the PDF and the Word file. Nothing is asserted.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--worker") {
        worker(&args[i + 1]);
        return;
    }
    let value = |name: &str, default: usize| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let pages = value("--pages", 100);
    let reps = value("--reps", 5).max(1);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-documents");
    let pdf = dir.join(format!("plan_{pages}p.pdf"));
    if !pdf.exists() && !generate(&dir, pages) {
        eprintln!(
            "python3 with python-docx and soffice are needed to write {}",
            pdf.display()
        );
        return;
    }
    let docx = dir.join(format!("plan_{pages}p.docx"));
    println!("plan of about {pages} pages, {reps} repetitions (median)");
    for file in [pdf, docx] {
        let runs: Vec<(Duration, u64, String)> = (0..reps).map(|_| run_worker(&file)).collect();
        let mut times: Vec<Duration> = runs.iter().map(|r| r.0).collect();
        let mut peaks: Vec<u64> = runs.iter().map(|r| r.1).collect();
        times.sort();
        peaks.sort_unstable();
        println!(
            "{:<22} {:>8.3} s  peak {:>6.1} MB  {}",
            file.file_name().unwrap_or_default().to_string_lossy(),
            times[times.len() / 2].as_secs_f64(),
            peaks[peaks.len() / 2] as f64 / 1_048_576.0,
            runs[0].2.trim()
        );
    }
}

/// Writes the plan with the fixture script; whether it could.
fn generate(dir: &Path, pages: usize) -> bool {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/documents/make_documents.py");
    Command::new("python3")
        .arg(script)
        .arg("--bench")
        .arg(dir)
        .arg(pages.to_string())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Reads one plan file in this process and prints what it read.
fn worker(file: &str) {
    let settings = gyokaku::Settings::default();
    let path = PathBuf::from(file);
    let started = Instant::now();
    let (parsed, findings) = gyokaku::plan::read_plan_file(&path, file, &settings);
    let elapsed = started.elapsed();
    let items: usize = parsed
        .iter()
        .flat_map(|p| &p.initiatives)
        .map(|i| i.items.len())
        .sum();
    println!(
        "{} items, {} findings, read in {:.3} s",
        items,
        findings.len(),
        elapsed.as_secs_f64()
    );
}

/// Runs the worker on `file`: wall time of the whole child, its peak resident set, and
/// what it printed.
// The child is reaped by `wait4` below, which also gives its peak memory.
#[allow(clippy::zombie_processes)]
fn run_worker(file: &Path) -> (Duration, u64, String) {
    let exe = std::env::current_exe().expect("bench executable");
    let started = Instant::now();
    let child = Command::new(exe)
        .arg("--worker")
        .arg(file)
        .stdout(Stdio::piped())
        .spawn()
        .expect("start worker");
    let pid = child.id();
    let mut stdout = child.stdout.expect("worker stdout");
    let mut out = String::new();
    std::io::Read::read_to_string(&mut stdout, &mut out).expect("worker output");
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value; wait4 fills it.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our child, status and usage are valid pointers.
    let r = unsafe { libc::wait4(pid as i32, &raw mut status, 0, &raw mut usage) };
    assert_eq!(r, pid as i32, "wait4");
    let peak = u64::try_from(usage.ru_maxrss).unwrap_or(0) * 1024;
    (started.elapsed(), peak, out)
}
