//! Progress files: the first byte chooses the format and the file name, the rest is the
//! file. It is read with `read_progress_file` against the sample plan. Nothing may panic
//! and every row must be accounted for: `rows_read = accepted + rejected + skipped`.

#![no_main]

mod common;

use std::sync::OnceLock;

use gyokaku::Settings;
use gyokaku::plan::edition::Edition;
use gyokaku::plan::{Plan, parse_plan_text};
use gyokaku::progress::{Catalog, read_progress_file};
use libfuzzer_sys::fuzz_target;

const SAMPLE: &str = include_str!("../../fixtures/plans/plan_sample_no07-11.txt");

/// Formats by the first byte (modulo their number).
const FORMATS: [&str; 5] = ["xlsx", "xls", "ods", "csv", "xlsb"];

fn editions() -> &'static [Edition] {
    static EDITIONS: OnceLock<Vec<Edition>> = OnceLock::new();
    EDITIONS.get_or_init(|| {
        let s = Settings::default();
        let (parsed, mut f) = parse_plan_text("plan.txt", SAMPLE, &s);
        let plan = Plan::assemble(vec![parsed], &gyokaku::sections::Sections::configured(&s), &mut f);
        assert!(plan.item_count() > 0, "the sample plan has items");
        vec![Edition { date: None, plan }]
    })
}

fuzz_target!(init: common::install_panic_policy(), |data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let ext = FORMATS[usize::from(selector) % FORMATS.len()];
    // Every other group of selectors names a month in the file name, which rows without
    // one of their own fall back to.
    let name = if (usize::from(selector) / FORMATS.len()).is_multiple_of(2) {
        format!("進捗_2024-09.{ext}")
    } else {
        format!("進捗報告.{ext}")
    };
    let path = common::scratch_file(&name, body);
    let lineage = gyokaku::Lineage::new(editions());
    let catalog = Catalog::new(editions(), &lineage, None);
    let report = read_progress_file(&path, &name, 0, &catalog, &Settings::default());
    let a = &report.account;
    assert!(
        a.balanced(),
        "row account does not balance: read {} != accepted {} + rejected {} + skipped {}",
        a.rows_read,
        a.accepted,
        a.rejected,
        a.skipped
    );
    assert_eq!(a.accepted, report.records.len(), "accepted rows vs records");
    assert!(a.superseded <= a.accepted, "{a:?}");
});
