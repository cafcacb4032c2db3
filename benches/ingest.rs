//! Release-mode benchmark of a city-sized monthly run: a plan of 200 initiatives x 5 items
//! (1,000 items, 40 sections) and 60 months of progress workbooks (one per month, every
//! item reported), read cold.
//!
//! `cargo bench --bench ingest` prints the time of each stage; nothing is asserted.

use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

use gyokaku::RunConfig;
use gyokaku::config::Settings;
use gyokaku::plan::edition::group_editions;
use gyokaku::plan::read_plan_file;
use gyokaku::progress::{Catalog, read_progress_file, settle};
use gyokaku::wareki::Period;
use rayon::prelude::*;
use rust_xlsxwriter::Workbook;

const INITIATIVES: u32 = 200;
const ITEMS: u32 = 5;
const MONTHS: i32 = 60;

fn plan_text() -> String {
    let marks = ["民", "福", "財", "水", "消", "環", "健", "都", "教", "総"];
    let mut s = String::new();
    for no in 1..=INITIATIVES {
        let _ = write!(
            s,
            "No. {no}\n\n取組その{no}\n\nII. 現状と課題\n\n課題の説明{no}。\n\nV. 実践項目\n\n"
        );
        for k in 1..=ITEMS {
            let mark = marks[(no as usize + k as usize) % marks.len()];
            let section = (no + k) % 4;
            let _ = write!(
                s,
                "実践項目名\t実践項目{no}の{k}\t\t\t\t\n担当部署\t({mark})第{section}課\t\t\t\t\n取組内容\t内容{no}-{k}を進める。\t\t\t\t\n工程表\tR 2年度\tR 3年度\tR 4年度\tR 5年度\tR 6年度\n\t調査\t→\t\t実施\t\n\n"
            );
        }
    }
    s
}

fn progress_book(path: &Path, period: Period) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, format!("進捗報告 {period}")).unwrap();
    for (c, h) in ["項目番号", "進捗状況", "進捗率", "取組実績", "報告日"]
        .iter()
        .enumerate()
    {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    let statuses = ["検討中", "実施中", "完了", "遅れ"];
    let mut row = 3;
    for no in 1..=INITIATIVES {
        for k in 1..=ITEMS {
            ws.write_string(row, 0, format!("{no}-{k}")).unwrap();
            ws.write_string(row, 1, statuses[(row as usize + period.month as usize) % 4])
                .unwrap();
            ws.write_number(row, 2, ((row * 7) % 101) as f64).unwrap();
            ws.write_string(row, 3, "今月の取組の実績を記入する欄の文章")
                .unwrap();
            ws.write_string(row, 4, period.to_string()).unwrap();
            row += 1;
        }
    }
    wb.save(path).unwrap();
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("input");
    std::fs::create_dir_all(input.join("plans")).unwrap();
    std::fs::create_dir_all(input.join("progress")).unwrap();
    std::fs::write(input.join("plans/plan.txt"), plan_text()).unwrap();
    let t = Instant::now();
    let periods: Vec<Period> = (0..MONTHS)
        .map(|m| Period::new(2020 + (3 + m) / 12, ((3 + m) % 12 + 1) as u32).unwrap())
        .collect();
    periods
        .par_iter()
        .for_each(|p| progress_book(&input.join(format!("progress/進捗_{p}.xlsx")), *p));
    println!(
        "setup: {} progress workbooks of {} rows written in {:?}",
        MONTHS,
        INITIATIVES * ITEMS,
        t.elapsed()
    );

    let settings = Settings::default();
    let t = Instant::now();
    let (parsed, mut findings) =
        read_plan_file(&input.join("plans/plan.txt"), "plans/plan.txt", &settings);
    let editions = group_editions(parsed.into_iter().collect(), &settings, &mut findings);
    println!(
        "plan: {} items parsed in {:?}",
        editions[0].plan.item_count(),
        t.elapsed()
    );

    let catalog = Catalog::new(&editions, None);
    let mut files: Vec<_> = std::fs::read_dir(input.join("progress"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let t = Instant::now();
    let reports: Vec<_> = files
        .par_iter()
        .enumerate()
        .map(|(i, p)| read_progress_file(p, &p.display().to_string(), i, &catalog, &settings))
        .collect();
    let rows: usize = reports.iter().map(|r| r.account.accepted).sum();
    println!(
        "progress: {} files, {rows} rows read cold in {:?}",
        files.len(),
        t.elapsed()
    );
    let t = Instant::now();
    let settled = settle(reports, *periods.last().unwrap(), &catalog, 0);
    println!(
        "settle: {} records in {:?}",
        settled.records.len(),
        t.elapsed()
    );

    let t = Instant::now();
    let cfg = RunConfig {
        input: input.clone(),
        output: dir.path().join("output"),
        period: None,
        config: None,
        no_cache: true,
    };
    let summary = gyokaku::run(&cfg).unwrap();
    println!(
        "whole run: {} workbooks, {} progress rows, period {} in {:?}",
        summary.workbooks.len() + 1,
        summary.progress_rows,
        summary.period,
        t.elapsed()
    );
}
