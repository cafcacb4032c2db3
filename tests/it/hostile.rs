//! Hostile inputs, one at a time, as a careful tester would bring them: each file in
//! `fixtures/bad/` (written by `fixtures/bad/make_bad_fixtures.py`) or made here where it
//! would be large, dropped into an otherwise good month. Whatever it holds, the run
//! finishes with the expected exit status, names the file in a finding of the expected
//! code, keeps every other section's workbook and every table but the diagnostics byte
//! for byte as without it, and the process stays under 512 MB.

use std::path::Path;

use crate::common::*;

/// Peak resident memory allowed for one run on one hostile file.
const MAX_RSS_BYTES: u64 = 512 * 1024 * 1024;

/// One hostile input and what the run must make of it.
struct Case {
    /// Where the file goes in the input folder.
    dest: &'static str,
    /// Where it comes from: a file of `fixtures/bad/`, or `sparse:<bytes>` for a file of
    /// that size made here without writing its bytes.
    source: &'static str,
    /// The finding the file must get.
    code: &'static str,
    exit: i32,
    /// Outputs allowed to differ from the run without the file, besides the summary,
    /// the diagnostics tables and the manifest.
    changes: &'static [&'static str],
}

const CASES: &[Case] = &[
    Case {
        dest: "progress/最終セル_2024-09.xlsx",
        source: "progress/最終セル_2024-09.xlsx",
        code: "progress.too_many_rows",
        exit: 2,
        changes: &[],
    },
    Case {
        dest: "progress/日付の値_2024-09.xlsx",
        source: "progress/日付の値_2024-09.xlsx",
        code: "progress.no_rows",
        exit: 2,
        changes: &[],
    },
    Case {
        dest: "progress/壊れた_2024-09.xls",
        source: "progress/壊れた_2024-09.xls",
        code: "progress.unreadable",
        exit: 2,
        changes: &[],
    },
    Case {
        dest: "progress/ブック部品なし_2024-09.xlsx",
        source: "progress/ブック部品なし_2024-09.xlsx",
        code: "progress.unreadable",
        exit: 2,
        changes: &[],
    },
    Case {
        dest: "progress/繰り返し行_2024-09.ods",
        source: "progress/繰り返し行_2024-09.ods",
        code: "progress.unreadable",
        exit: 2,
        changes: &[],
    },
    Case {
        dest: "progress/巨大な共有文字列_2024-09.xlsx",
        source: "progress/巨大な共有文字列_2024-09.xlsx",
        code: "progress.unreadable",
        exit: 2,
        changes: &[],
    },
    Case {
        dest: "progress/巨大なコメント_2024-09.xlsx",
        source: "progress/巨大なコメント_2024-09.xlsx",
        code: "progress.unreadable",
        exit: 2,
        changes: &[],
    },
    Case {
        dest: "progress/一千万行_2024-09.xlsx",
        source: "progress/一千万行_2024-09.xlsx",
        code: "progress.unreadable",
        exit: 2,
        changes: &[],
    },
    Case {
        dest: "progress/百万行_2024-09.xlsx",
        source: "progress/百万行_2024-09.xlsx",
        code: "progress.too_many_rows",
        exit: 2,
        changes: &[],
    },
    Case {
        dest: "progress/全面のセル_2024-09.xlsx",
        source: "progress/全面のセル_2024-09.xlsx",
        code: "progress.unreadable",
        exit: 2,
        changes: &[],
    },
    Case {
        dest: "progress/二百年後_進捗.csv",
        source: "progress/二百年後_進捗.csv",
        code: "progress.implausible_date",
        exit: 2,
        changes: &[],
    },
    Case {
        dest: "progress/二十年後_進捗.csv",
        source: "progress/二十年後_進捗.csv",
        code: "progress.implausible_date",
        exit: 2,
        changes: &[],
    },
    Case {
        dest: "progress/長い実績_2024-09.csv",
        source: "progress/長い実績_2024-09.csv",
        code: "progress.cell_cut",
        exit: 0,
        // The cut text is 8-2's report: its section's workbook and the progress table.
        changes: &[
            "市民生活部_窓口サービス課_2024-09.xlsx",
            "tables/progress.parquet",
            "tables/progress.csv",
            // The file is one more received from the section.
            "tables/collection.parquet",
            "tables/collection.csv",
            // … and one more item reported in the rates.
            "tables/section_rates.parquet",
            "tables/section_rates.csv",
            // 8-2's 個票 shows the report.
            "公表/index.html",
        ],
    },
    Case {
        dest: "plans/取組番号_桁あふれ.txt",
        source: "plans/取組番号_桁あふれ.txt",
        code: "plan.bad_initiative_no",
        exit: 2,
        changes: &[],
    },
    Case {
        dest: "plans/取組番号_巨大.txt",
        source: "plans/取組番号_巨大.txt",
        code: "plan.bad_initiative_no",
        exit: 2,
        changes: &[],
    },
    Case {
        dest: "progress/大きすぎる_2024-09.xlsx",
        source: "sparse:60000000",
        code: "progress.unreadable",
        exit: 2,
        changes: &[],
    },
    // The same spreadsheets as an extra volume of the plan (計画を表計算で置くとき).
    Case {
        dest: "plans/別冊_繰り返し行.ods",
        source: "progress/繰り返し行_2024-09.ods",
        code: "plan.unreadable",
        exit: 2,
        changes: &[],
    },
    Case {
        dest: "plans/別冊_共有文字列.xlsx",
        source: "progress/巨大な共有文字列_2024-09.xlsx",
        code: "plan.unreadable",
        exit: 2,
        changes: &[],
    },
    Case {
        dest: "plans/別冊_全面.xlsx",
        source: "progress/全面のセル_2024-09.xlsx",
        code: "plan.unreadable",
        exit: 2,
        changes: &[],
    },
    Case {
        dest: "plans/別冊_壊れた.xls",
        source: "progress/壊れた_2024-09.xls",
        code: "plan.unreadable",
        exit: 2,
        changes: &[],
    },
    Case {
        dest: "plans/別冊_最終セル.xlsx",
        source: "progress/最終セル_2024-09.xlsx",
        code: "plan.sheet_limit",
        exit: 2,
        changes: &[],
    },
    Case {
        dest: "plans/大きすぎる計画.txt",
        source: "sparse:60000000",
        code: "plan.unreadable",
        exit: 2,
        changes: &[],
    },
    Case {
        dest: "progress/関係ない大きなファイル.bin",
        source: "sparse:2147483648",
        code: "progress.unsupported_format",
        exit: 2,
        changes: &[],
    },
    // Text that expands: one stored text shown in many cells, a sheet name far past
    // Excel's 31 characters (fixtures/bad/make_bad_fixtures.py amplification).
    Case {
        dest: "progress/共有の長文_2024-09.xlsx",
        source: "progress/共有の長文_2024-09.xlsx",
        code: "progress.unreadable",
        exit: 2,
        changes: &[],
    },
    Case {
        dest: "progress/共有の長文_2024-09.xls",
        source: "progress/共有の長文_2024-09.xls",
        code: "progress.unreadable",
        exit: 2,
        changes: &[],
    },
    Case {
        dest: "progress/繰り返し長文_2024-09.ods",
        source: "progress/繰り返し長文_2024-09.ods",
        code: "progress.unreadable",
        exit: 2,
        changes: &[],
    },
    Case {
        dest: "progress/長いシート名_2024-09.xlsx",
        source: "progress/長いシート名_2024-09.xlsx",
        code: "progress.unknown_item_id",
        exit: 2,
        changes: &[],
    },
];

/// Outputs that name every input and so always differ.
fn always_differs(rel: &str) -> bool {
    rel == "全体集計.xlsx" || rel == "manifest.json" || rel.starts_with("tables/diagnostics.")
}

/// The largest resident set of any child process waited for so far, in bytes.
fn children_peak_rss() -> u64 {
    // SAFETY: getrusage only writes into the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    assert_eq!(rc, 0);
    u64::try_from(usage.ru_maxrss).unwrap() * 1024
}

fn place(case: &Case, input: &Path) {
    let dest = input.join(case.dest);
    std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
    match case.source.strip_prefix("sparse:") {
        Some(size) => std::fs::File::create(&dest)
            .unwrap()
            .set_len(size.parse().unwrap())
            .unwrap(),
        None => {
            std::fs::copy(fixture("bad").join(case.source), &dest).unwrap();
        }
    }
}

/// The rows of `tables/diagnostics.csv` that name `file`, as (code, location).
fn findings_for(dir: &Path, file: &str) -> Vec<(String, String)> {
    let t = read_table(dir, "diagnostics");
    str_col(&t, "file")
        .into_iter()
        .zip(str_col(&t, "code"))
        .zip(str_col(&t, "location"))
        .filter(|((f, _), _)| f == file)
        .map(|((_, c), l)| (c, l))
        .collect()
}

#[test]
fn one_hostile_file_costs_only_itself() {
    let good_input = input_with_progress();
    let good_out = tempfile::tempdir().unwrap();
    let r = run_gyokaku_default_period(good_input.path(), good_out.path());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let good = snapshot(&good_out.path().join("2024-09"));

    for case in CASES {
        let input = input_with_progress();
        place(case, input.path());
        let out = tempfile::tempdir().unwrap();
        let r = run_gyokaku_default_period(input.path(), out.path());
        assert_eq!(
            r.code, case.exit,
            "{}: {}\n{}",
            case.dest, r.stdout, r.stderr
        );
        assert!(
            r.stdout.contains("対象期間 2024-09"),
            "{}: the period stays the good reports' month\n{}",
            case.dest,
            r.stdout
        );
        let dir = out.path().join("2024-09");
        let found = findings_for(&dir, case.dest);
        assert!(
            found.iter().any(|(c, _)| c == case.code),
            "{}: expected {} among {found:?}",
            case.dest,
            case.code
        );
        let got = snapshot(&dir);
        assert_eq!(
            got.keys().collect::<Vec<_>>(),
            good.keys().collect::<Vec<_>>(),
            "{}: the same outputs are written",
            case.dest
        );
        for (rel, bytes) in &good {
            if always_differs(rel) || case.changes.contains(&rel.as_str()) {
                continue;
            }
            assert!(
                got[rel] == *bytes,
                "{}: {rel} differs from the run without it",
                case.dest
            );
        }
        let peak = children_peak_rss();
        eprintln!("{}: peak so far {} MB", case.dest, peak >> 20);
        assert!(
            peak < MAX_RSS_BYTES,
            "{}: peak memory {} MB",
            case.dest,
            peak >> 20
        );
    }
}
