use super::*;

fn fixture(rel: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/documents")
        .join(rel)
}

/// Prints a document's plan text (`GYOKAKU_SHOW=path cargo test --lib show_plan_text --
/// --nocapture`), to look at what a new layout reads to.
#[test]
fn show_plan_text() {
    if let Ok(rel) = std::env::var("GYOKAKU_SHOW") {
        let doc = read_document(&fixture(&rel), &Limits::default()).unwrap();
        println!("{}", doc.plan_text(&|_: &str, c: &Cell| vec![c.text()]));
    }
}
