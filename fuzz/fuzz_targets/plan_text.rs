//! Plan text: bytes as a plan file holds them -> decode (any Japanese encoding) -> parse
//! -> `Plan::assemble` (together with the sample plan, so initiative numbers collide)
//! -> the catalog progress reports are read against. Nothing may panic.

#![no_main]

mod common;

use std::sync::OnceLock;

use gyokaku::Settings;
use gyokaku::plan::edition::Edition;
use gyokaku::plan::{ParsedPlan, Plan, parse_plan_text, read_plan_file};
use gyokaku::progress::Catalog;
use libfuzzer_sys::fuzz_target;

const SAMPLE: &str = include_str!("../../fixtures/plans/plan_sample_no07-11.txt");

fn sample() -> &'static ParsedPlan {
    static SAMPLE_PLAN: OnceLock<ParsedPlan> = OnceLock::new();
    SAMPLE_PLAN.get_or_init(|| parse_plan_text("sample.txt", SAMPLE, &Settings::default()).0)
}

fuzz_target!(init: common::install_panic_policy(), |data: &[u8]| {
    let settings = Settings::default();
    let path = common::scratch_file("plan.txt", data);
    let (parsed, mut findings) = read_plan_file(&path, "plan.txt", &settings);
    let Some(parsed) = parsed else {
        return;
    };
    assert!(!parsed.initiatives.is_empty(), "a plan is returned only with initiatives");
    let plan = Plan::assemble(vec![sample().clone(), parsed], &gyokaku::sections::Sections::configured(&settings), &mut findings);
    let _ = (plan.item_count(), plan.fiscal_years());
    for (ini, item) in plan.items() {
        assert_eq!(item.initiative_no, ini.no, "item {} under No.{}", item.id, ini.no);
    }
    let editions = [Edition { date: None, plan }];
    let lineage = gyokaku::Lineage::new(&editions);
    let _catalog = Catalog::new(&editions, &lineage, None);
});
