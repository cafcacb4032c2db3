//! The configuration (`gyokaku.toml`): the bytes as the file -> `Settings::load_or_default`,
//! as a run reads it. Nothing may panic; a refused file gets a message that quotes at most
//! a short excerpt.

#![no_main]

mod common;

use gyokaku::Settings;
use libfuzzer_sys::fuzz_target;

fuzz_target!(init: common::install_panic_policy(), |data: &[u8]| {
    let path = common::scratch_file("gyokaku.toml", data);
    if let Err(e) = Settings::load_or_default(Some(&path)) {
        let message = e.to_string();
        assert!(message.chars().count() < 2_000, "{} chars", message.chars().count());
    }
});
