//! The public report (`公表/index.html`) read back as text: self-contained, escaped,
//! configurable, byte-identical on a re-run.

use std::path::{Path, PathBuf};

use crate::common::*;

/// A report whose 取組実績 and 課題 hold markup, for the sample plan's item 7-1.
pub const HOSTILE_CSV: &str = "\u{feff}項目ID,担当部署,進捗状況,進捗率,評価,取組実績,課題,今後の予定,報告月\n7-1,(民)窓口サービス課,実施中,40,A,\"<script>alert('x')</script><img src=x onerror=alert(1)>\",\"課題 & <b>対策</b>\",\"<a href=\"\"https://example.com\"\">次へ</a>\",2024-10\n";

/// The sample plan, every good progress fixture and the hostile report; the run's output.
pub fn run_hostile(output: &Path) -> (tempfile::TempDir, PathBuf) {
    let input = input_with_progress();
    std::fs::write(
        input.path().join("progress").join("窓口_2024-10.csv"),
        HOSTILE_CSV,
    )
    .expect("write report");
    let out = run_gyokaku(input.path(), output, "2024-10");
    assert!(out.code == 0 || out.code == 2, "{}", out.stderr);
    let page = output.join("2024-10").join("公表").join("index.html");
    (input, page)
}

/// `html` with the entities an HTML escaper writes read back (`&amp;` last).
fn unescaped(html: &str) -> String {
    html.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&#x2f;", "/")
        .replace("&#x2F;", "/")
        .replace("&amp;", "&")
}

/// Every value of attribute `name` in `html`.
fn attribute_values<'h>(html: &'h str, name: &str) -> Vec<&'h str> {
    let key = format!(" {name}=\"");
    html.match_indices(&key)
        .filter_map(|(at, _)| {
            let rest = &html[at + key.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

#[test]
fn the_public_page_is_self_contained_and_shows_report_text_as_text() {
    let out = tempfile::tempdir().expect("tempdir");
    let (_input, page) = run_hostile(out.path());
    let html = std::fs::read_to_string(&page).expect("index.html");
    let lower = html.to_lowercase();
    // No script, no event attribute, nothing fetched or linked from elsewhere.
    assert!(!lower.contains("<script"), "a script element");
    let events = regex::Regex::new(r"<[^>]*\son[a-z]+\s*=").expect("regex");
    assert!(!events.is_match(&lower), "an event attribute");
    for href in attribute_values(&html, "href") {
        assert!(href.starts_with('#'), "link out of the page: {href}");
    }
    for name in ["src", "srcset", "action", "data", "xlink:href"] {
        assert!(attribute_values(&html, name).is_empty(), "{name}=");
    }
    assert!(!lower.contains("url(") && !lower.contains("@import"));
    // The hostile text is there as text: escaped in the page (no element of it above),
    // the same characters once the entities are read.
    assert!(!lower.contains("<img") && !lower.contains("<b>") && !lower.contains("<a href=\"http"));
    let text = unescaped(&html);
    assert!(text.contains("<script>alert('x')</script><img src=x onerror=alert(1)>"));
    assert!(text.contains("課題 & <b>対策</b>"));
    assert!(text.contains("<a href=\"https://example.com\">次へ</a>"));
    // One h1, lang, a 個票 per item of the sample with a section, each linked.
    assert_eq!(html.matches("<h1").count(), 1);
    assert!(html.contains("<html lang=\"ja\">"));
    let sheets = html.matches("<section class=\"sheet\"").count();
    assert!(sheets >= 10, "{sheets} sheets");
    assert_eq!(
        attribute_values(&html, "href")
            .iter()
            .filter(|h| h.starts_with("#item-"))
            .count(),
        sheets
    );
    // The item's last status and grade are shown in its table row.
    assert!(
        html.contains("<td>実施中</td><td class=\"value\">A</td>"),
        "7-1's row"
    );
}

#[test]
fn the_public_page_is_byte_identical_on_a_rerun() {
    let out = tempfile::tempdir().expect("tempdir");
    let (input, page) = run_hostile(out.path());
    let first = std::fs::read(&page).expect("first");
    let again = run_gyokaku(input.path(), out.path(), "2024-10");
    assert!(again.code == 0 || again.code == 2, "{}", again.stderr);
    assert_eq!(std::fs::read(&page).expect("second"), first);
}

#[test]
fn publish_settings_choose_the_parts_and_the_title() {
    let out = tempfile::tempdir().expect("tempdir");
    let input = input_with_progress();
    std::fs::write(
        input.path().join("progress").join("窓口_2024-10.csv"),
        HOSTILE_CSV,
    )
    .expect("write report");
    std::fs::write(
        input.path().join("gyokaku.toml"),
        "[publish]\ntitle = \"苫小牧市 行政改革<推進>計画\"\ncolumns = [\"content\", \"plan\", \"results\", \"ratings\", \"effect\"]\n",
    )
    .expect("config");
    let run = run_gyokaku(input.path(), out.path(), "2024-10");
    assert!(run.code == 0 || run.code == 2, "{}", run.stderr);
    let html = std::fs::read_to_string(out.path().join("2024-10/公表/index.html")).expect("page");
    assert!(html.contains("<h1>苫小牧市 行政改革&lt;推進&gt;計画"));
    assert!(!html.contains("<h3>課題</h3>") && !html.contains("対策"));
    assert!(!html.contains("<h3>今後の方向性</h3>"));
    assert!(html.contains("<h3>取組実績</h3>") && html.contains("<h3>効果額</h3>"));
    // An unknown part is refused with the keys that can be used.
    std::fs::write(
        input.path().join("gyokaku.toml"),
        "[publish]\ncolumns = [\"secret\"]\n",
    )
    .expect("config");
    let bad = run_gyokaku(input.path(), out.path(), "2024-10");
    assert_eq!(bad.code, 1, "{}", bad.stderr);
    assert!(
        bad.stderr.contains("secret") && bad.stderr.contains("next_steps"),
        "{}",
        bad.stderr
    );
}
