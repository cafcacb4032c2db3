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

/// A `.docx` of the given parts.
fn docx(parts: &[(&str, &str)]) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, xml) in parts {
        zip.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(xml.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn headings_numbered_by_their_style_read_with_their_numbers() {
    let numbering = r#"<w:numbering xmlns:w="w">
<w:abstractNum w:abstractNumId="1">
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimalFullWidth"/><w:lvlText w:val="【%1】"/></w:lvl>
 <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimalFullWidth"/><w:lvlText w:val="（%2）"/></w:lvl>
</w:abstractNum>
<w:num w:numId="4"><w:abstractNumId w:val="1"/></w:num>
</w:numbering>"#;
    let styles = r#"<w:styles xmlns:w="w">
<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:pPr><w:numPr><w:numId w:val="4"/></w:numPr></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/><w:basedOn w:val="1"/><w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>
</w:styles>"#;
    let p = |style: &str, text: &str| {
        format!(
            r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
        )
    };
    let body = format!(
        r#"<w:document xmlns:w="w"><w:body>{}{}{}{}<w:p><w:pPr><w:pStyle w:val="2"/><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr><w:r><w:t>番号なし</w:t></w:r></w:p></w:body></w:document>"#,
        p("1", "財政の健全化"),
        p("2", "歳入の確保"),
        p("2", "歳出の見直し"),
        p("1", "市民サービスの向上"),
    );
    let bytes = docx(&[
        ("word/document.xml", &body),
        ("word/numbering.xml", numbering),
        ("word/styles.xml", styles),
    ]);
    let doc = docx::read(&bytes, &Limits::default()).unwrap();
    let texts: Vec<&str> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some(p.text.as_str()),
            Block::Table(_) => None,
        })
        .collect();
    assert_eq!(
        texts,
        [
            "【１】財政の健全化",
            "（１）歳入の確保",
            "（２）歳出の見直し",
            "【２】市民サービスの向上",
            "番号なし"
        ]
    );
}
