//! The 部署マスタ: the first byte chooses the format, the rest is the file ->
//! `read_directory` -> the sections built from it, resolving the names of a plan's
//! section cells. Nothing may panic; a file refused has a finding.

#![no_main]

mod common;

use gyokaku::Settings;
use gyokaku::sections::{Sections, read_directory};
use libfuzzer_sys::fuzz_target;

const FORMATS: [&str; 4] = ["csv", "xlsx", "xls", "ods"];
const NAMES: [&str; 6] = [
    "(総)総務課",
    "総務部 総務課",
    "総務部総務課",
    "010500 総務部・財政課",
    "都市建設部\n都市総務課",
    "行政改革推進課",
];

fuzz_target!(init: common::install_panic_policy(), |data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let name = format!("departments.{}", FORMATS[usize::from(selector) % FORMATS.len()]);
    let path = common::scratch_file(&name, body);
    let settings = Settings::default();
    let (directory, findings) = read_directory(&path, &name, &settings);
    assert!(directory.is_some() || !findings.is_empty(), "refused without a finding");
    let sections = Sections::new(&settings, directory, None);
    let resolver = sections.resolver();
    for written in NAMES {
        let _ = resolver.resolve(written);
    }
    if let Ok(text) = std::str::from_utf8(body) {
        for line in text.lines().take(64) {
            let _ = resolver.resolve(line);
        }
    }
});
