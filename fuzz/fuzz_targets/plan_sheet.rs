//! A plan as a spreadsheet or CSV: the first byte chooses the format, the rest is the file
//! -> `read_plan_file` (sheet guards, calamine, the plan table reader). Nothing may panic,
//! and an initiative read holds its own items.

#![no_main]

mod common;

use gyokaku::Settings;
use gyokaku::plan::read_plan_file;
use libfuzzer_sys::fuzz_target;

const FORMATS: [&str; 5] = ["xlsx", "xls", "ods", "csv", "xlsb"];

fuzz_target!(init: common::install_panic_policy(), |data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let name = format!("計画_2024-04.{}", FORMATS[usize::from(selector) % FORMATS.len()]);
    let path = common::scratch_file(&name, body);
    let (parsed, _) = read_plan_file(&path, &name, &Settings::default());
    if let Some(parsed) = parsed {
        for ini in &parsed.initiatives {
            for item in &ini.items {
                assert_eq!(item.initiative_no, ini.no, "item {} under No.{}", item.id, ini.no);
            }
        }
    }
});
