//! The store of parsed reports: the input is a store's payload, framed with a valid
//! checksum (as a hand-edit that knows the format would leave it), decoded, and every
//! report that decodes is checked against the sample plan as a run checks a stored
//! report. Nothing may panic, and decoding stays within the store's size limit.

#![no_main]

mod common;

use std::sync::OnceLock;

use gyokaku::Settings;
use gyokaku::plan::edition::Edition;
use gyokaku::plan::{Plan, parse_plan_text};
use gyokaku::progress::{Catalog, vet_cached};
use gyokaku::run::cache::store;
use libfuzzer_sys::fuzz_target;

const SAMPLE: &str = include_str!("../../fixtures/plans/plan_sample_no07-11.txt");

fn editions() -> &'static [Edition] {
    static EDITIONS: OnceLock<Vec<Edition>> = OnceLock::new();
    EDITIONS.get_or_init(|| {
        let s = Settings::default();
        let (parsed, mut f) = parse_plan_text("plan.txt", SAMPLE, &s);
        let plan = Plan::assemble(vec![parsed], &gyokaku::sections::Sections::configured(&s), &mut f);
        vec![Edition { date: None, plan }]
    })
}

fuzz_target!(init: common::install_panic_policy(), |data: &[u8]| {
    let Ok(reports) = store::decode(&store::frame(data)) else {
        return;
    };
    let lineage = gyokaku::Lineage::new(editions());
    let catalog = Catalog::new(editions(), &lineage, None);
    let settings = Settings::default();
    for r in &reports {
        let _ = vet_cached(&r.report, &r.report.account.file, &catalog, &settings);
    }
});
