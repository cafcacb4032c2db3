use super::store::{self, StoreProblem};
use crate::plan::ItemId;
use crate::progress::FileReport;
use crate::wareki::Period;

fn report(file: &str) -> FileReport {
    let mut r = FileReport::default();
    r.account.file = file.to_string();
    r.account.rows_read = 3;
    r.account.skipped = 3;
    r
}

#[test]
fn a_store_decodes_to_what_was_encoded() {
    let (a, b) = (report("a.csv"), report("b.csv"));
    let bytes = store::encode(&[([1; 32], None, &a), ([2; 32], None, &b)]).unwrap();
    let back = store::decode(&bytes).unwrap();
    assert_eq!(back.len(), 2);
    assert_eq!(back[0].key, [1; 32]);
    assert_eq!(back[1].report.account, b.account);
}

#[test]
fn every_cut_and_every_flipped_byte_is_refused() {
    let a = report("a.csv");
    let bytes = store::encode(&[([7; 32], None, &a)]).unwrap();
    for n in 0..bytes.len() {
        assert!(store::decode(&bytes[..n]).is_err(), "cut at {n}");
        let mut flipped = bytes.clone();
        flipped[n] ^= 0x01;
        assert!(store::decode(&flipped).is_err(), "byte {n} flipped");
    }
    let mut longer = bytes.clone();
    longer.push(0);
    assert!(matches!(store::decode(&longer), Err(StoreProblem::Corrupt)));
}

#[test]
fn stored_months_and_item_numbers_are_checked_when_decoded() {
    // Month 13 and a depth past the levels never become values (they would index out
    // of range or change every workbook).
    assert!(serde_json::from_str::<Period>(r#"{"year":2024,"month":13}"#).is_err());
    assert!(serde_json::from_str::<Period>(r#"{"year":2024,"month":0}"#).is_err());
    assert!(serde_json::from_str::<Period>(r#"{"year":2024,"month":9}"#).is_ok());
    let id = |parts: &str, depth: u8| {
        serde_json::from_str::<ItemId>(&format!(r#"{{"parts":{parts},"depth":{depth}}}"#))
    };
    assert!(id("[7,1,0,0,0,0]", 9).is_err());
    assert!(id("[7,1,5,0,0,0]", 2).is_err(), "a level past the depth");
    assert!(id("[7,1000000,0,0,0,0]", 2).is_err());
    assert!(id("[1,0,0,0,0,0]", 0).is_err());
    assert_eq!(id("[7,1,0,0,0,0]", 2).unwrap().to_string(), "7-1");
    // The same checks hold in the store's own encoding.
    let cfg = bincode::config::standard();
    let raw = bincode::serde::encode_to_vec(([7u32, 1, 0, 0, 0, 0], 9u8), cfg).unwrap();
    assert!(bincode::serde::decode_from_slice::<ItemId, _>(&raw, cfg).is_err());
    let raw = bincode::serde::encode_to_vec((2024i32, 13u32), cfg).unwrap();
    assert!(bincode::serde::decode_from_slice::<Period, _>(&raw, cfg).is_err());
}

#[test]
fn a_length_edited_into_the_payload_does_not_allocate_it() {
    // A payload claiming 2^60 reports, with a valid header and checksum.
    let cfg = bincode::config::standard();
    let payload = bincode::serde::encode_to_vec(1u64 << 60, cfg).unwrap();
    let bytes = store::frame(&payload);
    assert!(matches!(store::decode(&bytes), Err(StoreProblem::Corrupt)));
}

#[test]
fn a_store_encoded_report_by_report_is_the_list_encoded_whole() {
    // 300 reports: the count takes more than one byte in bincode's varint.
    let reports: Vec<FileReport> = (0..300).map(|i| report(&format!("{i}.csv"))).collect();
    let window = Some((Period::new(2024, 4).unwrap(), Period::new(2024, 9).unwrap()));
    let keyed: Vec<_> = reports
        .iter()
        .enumerate()
        .map(|(i, r)| ([i as u8; 32], window.filter(|_| i % 2 == 0), r))
        .collect();
    let whole: Vec<_> = keyed
        .iter()
        .map(|(key, window, r)| (key, window, None::<store::Seen>, *r))
        .collect();
    let cfg = bincode::config::standard();
    let payload = bincode::serde::encode_to_vec(&whole, cfg).unwrap();
    let bytes = store::encode(&keyed).unwrap();
    assert_eq!(bytes, store::frame(&payload));
    assert_eq!(store::decode(&bytes).unwrap().len(), 300);
}
