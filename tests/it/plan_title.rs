//! The plan's title (its first heading; a Word or PDF document's title property when no
//! heading names the plan; `[plan] title` over both) on the covers, the overview and every
//! printed page, where an undated plan showed only its file.

use crate::common::*;

/// The value beside `label` on `sheet` (the first row whose first cell is `label`).
fn fact(path: &std::path::Path, sheet: &str, label: &str) -> Option<String> {
    read_sheet(path, sheet)
        .into_iter()
        .find(|r| r.first().is_some_and(|c| c == label))
        .map(|r| r[1].clone())
}

#[test]
fn the_first_heading_names_the_plan_on_covers_and_page_headers() {
    let text = format!("苫小牧市行政創革プラン\n\n{}", sample_text());
    let input = input_with_plans(&[("plan.txt", text.into_bytes())]);
    let out = tempfile::tempdir().unwrap();
    assert_eq!(run_gyokaku(input.path(), out.path(), "2024-09").code, 0);
    let dir = out.path().join("2024-09");
    let book = period_book(&dir, "市民生活部_窓口サービス課.xlsx");
    assert_eq!(
        fact(&book, "表紙", "計画名").as_deref(),
        Some("苫小牧市行政創革プラン")
    );
    assert_eq!(
        fact(&dir.join("全体集計.xlsx"), "概要", "計画名").as_deref(),
        Some("苫小牧市行政創革プラン")
    );
    let xml = sheet_xml(&book, "進捗");
    let header = &xml[xml.find("<oddHeader>").unwrap()..xml.find("</oddHeader>").unwrap()];
    assert!(
        header.contains("&amp;R苫小牧市行政創革プラン　令和6年9月分"),
        "{header}"
    );

    // The configuration names it over the heading.
    std::fs::write(
        input.path().join("gyokaku.toml"),
        "[plan]\ntitle = \"第2次行政改革推進計画\"\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    assert_eq!(run_gyokaku(input.path(), out.path(), "2024-09").code, 0);
    let book = period_book(
        &out.path().join("2024-09"),
        "市民生活部_窓口サービス課.xlsx",
    );
    assert_eq!(
        fact(&book, "表紙", "計画名").as_deref(),
        Some("第2次行政改革推進計画")
    );

    // A plan that starts with its first initiative has no title: none is made up.
    let input = input_with_plans(&[("plan.txt", sample_text().into_bytes())]);
    let out = tempfile::tempdir().unwrap();
    assert_eq!(run_gyokaku(input.path(), out.path(), "2024-09").code, 0);
    let book = period_book(
        &out.path().join("2024-09"),
        "市民生活部_窓口サービス課.xlsx",
    );
    assert_eq!(fact(&book, "表紙", "計画名"), None);

    // A plan spreadsheet: the title cell above its header row.
    let sheet = fixture("layouts/plan_sheet/input/plans/実施計画一覧表_R3-04.xlsx");
    let input = input_with_plans(&[("実施計画一覧表_R3-04.xlsx", std::fs::read(sheet).unwrap())]);
    let out = tempfile::tempdir().unwrap();
    assert_eq!(run_gyokaku(input.path(), out.path(), "2024-09").code, 0);
    let title = fact(&out.path().join("2024-09/全体集計.xlsx"), "概要", "計画名").unwrap();
    assert!(title.starts_with("第3次行政改革実施計画"), "{title}");
}

/// (計画名 on the section's cover, 計画名 in 概要, the right part of 進捗's page header)
/// of a run on one plan document.
fn titles_of_document(rel: &str) -> (Option<String>, Option<String>, String) {
    let path = fixture(rel);
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let input = input_with_plans(&[(&name, std::fs::read(&path).unwrap())]);
    let out = tempfile::tempdir().unwrap();
    let r = run_gyokaku(input.path(), out.path(), "2024-09");
    assert!(r.code == 0 || r.code == 2, "{}\n{}", r.stdout, r.stderr);
    let dir = out.path().join("2024-09");
    let book = period_book(&dir, "総務部_総務課.xlsx");
    let xml = sheet_xml(&book, "進捗");
    let header =
        xml[xml.find("<oddHeader>").unwrap()..xml.find("</oddHeader>").unwrap()].to_string();
    (
        fact(&book, "表紙", "計画名"),
        fact(&dir.join("全体集計.xlsx"), "概要", "計画名"),
        header,
    )
}

#[test]
fn a_documents_title_property_names_the_plan_when_no_heading_does() {
    // The cover starts with a date; Word's ファイル > 情報 > タイトル (and the PDF's /Title
    // LibreOffice copies from it) names the plan.
    let title = "行政経営改革実行計画（令和３年度～令和７年度）";
    for rel in [
        "documents/titled/plan_titled.docx",
        "documents/titled/plan_titled.pdf",
    ] {
        let (cover, overview, header) = titles_of_document(rel);
        assert_eq!(cover.as_deref(), Some(title), "{rel}");
        assert_eq!(overview.as_deref(), Some(title), "{rel}");
        assert!(
            header.contains(&format!("&amp;R{title}　令和6年9月分")),
            "{rel}: {header}"
        );
    }
}

#[test]
fn a_heading_that_names_the_plan_wins_over_a_stale_title_property() {
    // The property holds a template's title (会議録（様式第２号）); the cover's heading
    // names the plan. In the PDF every page repeats the heading as its running header,
    // which the plan text leaves out: the document's first line still names it.
    for rel in [
        "documents/titled/plan_stale.docx",
        "documents/titled/plan_stale.pdf",
    ] {
        let (cover, overview, header) = titles_of_document(rel);
        assert_eq!(cover.as_deref(), Some("行政経営改革実行計画"), "{rel}");
        assert_eq!(overview, cover, "{rel}");
        assert!(!header.contains("会議録"), "{rel}: {header}");
        assert!(
            header.contains("&amp;R行政経営改革実行計画　"),
            "{rel}: {header}"
        );
    }
}
