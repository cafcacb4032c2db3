//! The plan parser on the sample and on every encoding and extraction variant of it.

use crate::common::{fixture, sample_text};
use encoding_rs::{EUC_JP, SHIFT_JIS};
use gyokaku::config::Settings;
use gyokaku::diagnostics::{Finding, Severity};
use gyokaku::plan::{Plan, ScheduleKind, parse_plan_text, read_plan_file};

fn parse_bytes(name: &str, bytes: &[u8]) -> (Plan, Vec<Finding>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let settings = Settings::default();
    let (parsed, mut findings) = read_plan_file(&path, name, &settings);
    let plan = Plan::assemble(
        parsed.into_iter().collect(),
        &gyokaku::sections::Sections::configured(&settings),
        &mut findings,
    );
    (plan, findings)
}

/// The plan's content without where it came from (file name, line numbers).
fn content(plan: &Plan) -> String {
    let mut out = String::new();
    for t in &plan.themes {
        out += &format!("theme {} {}\n", t.no, t.name);
    }
    for ini in &plan.initiatives {
        out += &format!(
            "ini {}|{}|{}|{}|{}\n",
            ini.no, ini.title, ini.issues, ini.content, ini.goals
        );
        for it in &ini.items {
            let deps: Vec<String> = it.departments.iter().map(|d| d.id().to_string()).collect();
            out += &format!(
                "item {}|{}|{}|{:?}|{}\n",
                it.id, it.name, it.content, deps, it.all_departments
            );
            for c in &it.schedule {
                out += &format!(
                    "  {} {:?} {} / {}\n",
                    c.fiscal_year, c.kind, c.cell_text, c.activity
                );
            }
        }
    }
    for d in &plan.departments {
        out += &format!(
            "dept {} {} {} {}\n",
            d.id, d.bureau_mark, d.bureau_name, d.section_name
        );
    }
    out
}

fn kinds(plan: &Plan, id: &str) -> Vec<ScheduleKind> {
    let (_, it) = plan
        .items()
        .find(|(_, it)| it.id.to_string() == id)
        .unwrap_or_else(|| panic!("item {id}"));
    it.schedule.iter().map(|c| c.kind).collect()
}

#[test]
fn sample_counts_and_schedule_kinds() {
    let (plan, findings) = parse_bytes("sample.txt", sample_text().as_bytes());
    assert!(findings.is_empty(), "{findings:#?}");
    assert_eq!(plan.initiatives.len(), 5);
    assert_eq!(plan.item_count(), 17);
    assert_eq!(plan.departments.len(), 13);
    let schedule_rows: usize = plan.items().map(|(_, it)| it.schedule.len()).sum();
    assert_eq!(schedule_rows, 85);
    assert_eq!(plan.fiscal_years(), vec![2020, 2021, 2022, 2023, 2024]);

    use ScheduleKind::*;
    assert_eq!(kinds(&plan, "10-1"), vec![New, Arrow, Continued, New, New]);
    assert_eq!(
        kinds(&plan, "11-2"),
        vec![New, Arrow, Continued, Continued, Continued]
    );
    assert_eq!(
        kinds(&plan, "11-5"),
        vec![New, Continued, Continued, New, Continued]
    );
    // 7-2: one activity for the whole plan period.
    assert_eq!(
        kinds(&plan, "7-2"),
        vec![New, Continued, Continued, Continued, Continued]
    );

    let (_, it) = plan
        .items()
        .find(|(_, it)| it.id.to_string() == "10-1")
        .unwrap();
    assert_eq!(
        it.schedule[2].activity,
        "町内会加入啓発、町内会合同事業促進補助金などの検討・実施"
    );
    assert_eq!(
        it.schedule[3].cell_text,
        "補助金などの効果検証、見直しの検討"
    );
}

#[test]
fn sample_titles_departments_and_themes() {
    let (plan, _) = parse_bytes("sample.txt", sample_text().as_bytes());
    let titles: Vec<(u32, &str)> = plan
        .initiatives
        .iter()
        .map(|i| (i.no.single().unwrap(), i.title.as_str()))
        .collect();
    assert_eq!(
        titles,
        vec![
            (7, "窓口の利便性向上に向けた取組"),
            (8, "支払方法の多様化"),
            (9, "市民の安全安心に関する取組"),
            (10, "町内会の活性化に向けた取組"),
            (11, "公共施設マネジメントの推進"),
        ]
    );
    let ini9 = &plan.initiatives[2];
    assert!(ini9.issues.starts_with("東日本大震災や北海道胆振東部地震"));
    assert!(
        ini9.content.contains("屋外スピーカ―の全市拡大"),
        "content keeps its original characters"
    );
    assert!(ini9.goals.ends_with("市民の安全安心の確保を目指す。"));

    // "(消)総務課" is its own section; "各担当部署" is a flag, not a section.
    let (_, it) = plan
        .items()
        .find(|(_, it)| it.id.to_string() == "11-1")
        .unwrap();
    assert_eq!(
        it.departments
            .iter()
            .map(|d| d.id().to_string())
            .collect::<Vec<_>>(),
        vec!["(財)管財課"]
    );
    assert!(it.all_departments);
    let fire = plan
        .departments
        .iter()
        .find(|d| d.id.as_str() == "(消)総務課")
        .unwrap();
    assert_eq!(
        (fire.bureau_name.as_str(), fire.section_name.as_str()),
        ("消防本部", "総務課")
    );
    assert!(
        plan.departments
            .iter()
            .all(|d| d.section_name != "各担当部署")
    );
    assert_eq!(
        plan.items_of(&gyokaku::plan::DepartmentId::new("消", "総務課"))
            .count(),
        2
    );

    assert_eq!(plan.themes.len(), 7);
    assert_eq!(
        plan.themes[6].name,
        "職員の人材育成と「働き方改革」 簡素で効率的な組織づくり"
    );
    assert_eq!(plan.themes[3].name, "公共施設のマネジメント");
}

/// Page numbers, form feeds, full-width markers and spaced digits as PDF extraction
/// leaves them.
fn noisy(text: &str) -> String {
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        let line = match line {
            "No. 7" => "Ｎｏ．７",
            "No.9" => "Ｎｏ．９",
            l => l,
        };
        out.push_str(line);
        out.push('\n');
        if i % 40 == 39 {
            out.push_str(&format!("\u{0c}- {} -\n", i / 40 + 1));
        }
    }
    out.replace("V. 実践項目", "Ⅴ．実践項目")
}

#[test]
fn every_encoding_and_extraction_variant_gives_the_same_plan() {
    let text = sample_text();
    let (reference, _) = parse_bytes("sample.txt", text.as_bytes());
    let expected = content(&reference);

    let mut le = vec![0xFF, 0xFE];
    le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let mut be = vec![0xFE, 0xFF];
    be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    let crlf = text.replace('\n', "\r\n");
    let (sjis, _, sjis_lossy) = SHIFT_JIS.encode(&crlf);
    assert!(!sjis_lossy, "the sample is representable in Shift_JIS");
    let (euc, _, euc_lossy) = EUC_JP.encode(&text);
    assert!(!euc_lossy);
    let noisy_text = noisy(&text);
    let (noisy_sjis, _, _) = SHIFT_JIS.encode(&noisy_text);
    let variants: Vec<(&str, Vec<u8>)> = vec![
        ("utf8.txt", text.as_bytes().to_vec()),
        (
            "utf8_bom.txt",
            [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
        ),
        ("crlf.txt", crlf.clone().into_bytes()),
        ("cr.txt", text.replace('\n', "\r").into_bytes()),
        ("utf16le_nobom.txt", le[2..].to_vec()),
        ("utf16be_nobom.txt", be[2..].to_vec()),
        ("utf16le.txt", le),
        ("utf16be.txt", be),
        ("sjis_crlf.txt", sjis.into_owned()),
        ("eucjp.txt", euc.into_owned()),
        ("noisy_sjis.txt", noisy_sjis.into_owned()),
        ("noisy_utf8.txt", noisy_text.clone().into_bytes()),
    ];
    assert!(noisy_text.contains("\u{0c}- 1 -") && noisy_text.contains("Ｎｏ．７"));

    for (name, bytes) in variants {
        let (plan, findings) = parse_bytes(name, &bytes);
        assert!(findings.is_empty(), "{name}: {findings:#?}");
        assert_eq!(content(&plan), expected, "{name}");
        assert_eq!(plan.item_count(), 17, "{name}");
    }
}

#[test]
fn title_on_the_marker_line_or_the_next_and_spaced_digits() {
    let (plan, _) = parse_bytes("sample.txt", sample_text().as_bytes());
    // No. 8 has its title on the marker line, No. 1 1 on the next line with spaced digits.
    assert_eq!(plan.initiatives[1].title, "支払方法の多様化");
    assert_eq!(plan.initiatives[4].no.single(), Some(11));
    assert_eq!(plan.initiatives[4].items.len(), 7);
    assert_eq!(plan.initiatives[4].items[6].id.to_string(), "11-7");
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .expect("needle in text")
        + 1
}

#[test]
fn missing_department_is_located_and_the_rest_is_kept() {
    let text = std::fs::read_to_string(fixture("plans/plan_missing_department.txt")).unwrap();
    let (plan, findings) =
        parse_plan_text("plan_missing_department.txt", &text, &Settings::default());
    assert_eq!(plan.initiatives.len(), 1);
    let items = &plan.initiatives[0].items;
    assert_eq!(
        items.len(),
        2,
        "the item without a section is still an item"
    );
    assert!(items[0].departments.is_empty());
    assert_eq!(items[1].departments[0].id().as_str(), "(総)行政改革推進課");
    let errors: Vec<_> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    assert_eq!(errors.len(), 1, "{findings:#?}");
    assert_eq!(errors[0].code.as_str(), "plan.missing_department");
    assert_eq!(errors[0].file, "plan_missing_department.txt");
    assert_eq!(
        errors[0].location,
        format!("{}行目", line_of(&text, "電子申請の拡大"))
    );
    assert!(errors[0].message.contains("12-1"), "{}", errors[0].message);
    assert!(errors[0].message.contains("担当部署"));
}

#[test]
fn duplicated_number_and_mismatched_schedule_are_reported() {
    let text = sample_text();
    // A second copy of No. 10 at the end, and a schedule row with one cell too many.
    let start = text.find("No. 10").unwrap();
    let end = text.find("No. 1 1").unwrap();
    let dup = &text[start..end];
    let broken = text.replace(
        "\t周知方法の検討・実施\t\t\t\t",
        "\t周知方法の検討・実施\t\t\t\t\t余分なセル",
    );
    let doubled = format!("{broken}\n{dup}");
    let (plan, mut findings) = parse_plan_text("dup.txt", &doubled, &Settings::default());
    let plan = Plan::assemble(
        vec![plan],
        &gyokaku::sections::Sections::configured(&Settings::default()),
        &mut findings,
    );
    assert_eq!(plan.initiatives.len(), 5, "the duplicate is not used");
    assert_eq!(plan.item_count(), 17);

    let dup_f = findings
        .iter()
        .find(|f| f.code.as_str() == "plan.duplicate_initiative")
        .expect("duplicate finding");
    assert_eq!(dup_f.severity, Severity::Error);
    assert_eq!(
        dup_f.location,
        format!("{}行目", text.lines().count() + 1 + 1)
    );
    assert!(dup_f.message.contains("No.10"));

    let mis = findings
        .iter()
        .find(|f| f.code.as_str() == "plan.schedule_mismatch")
        .expect("mismatch finding");
    assert_eq!(
        mis.location,
        format!("{}行目", line_of(&broken, "余分なセル"))
    );
    assert_eq!(mis.value, "余分なセル");
    // The item keeps its five years.
    let (_, it) = plan
        .items()
        .find(|(_, it)| it.id.to_string() == "7-2")
        .unwrap();
    assert_eq!(it.schedule.len(), 5);
}

#[test]
fn unknown_bureau_mark_is_kept_and_reported() {
    let text = sample_text().replace("(水)営業課", "(企)営業課");
    let (parsed, mut findings) = parse_plan_text("x.txt", &text, &Settings::default());
    let plan = Plan::assemble(
        vec![parsed],
        &gyokaku::sections::Sections::configured(&Settings::default()),
        &mut findings,
    );
    let d = plan
        .departments
        .iter()
        .find(|d| d.id.as_str() == "(企)営業課")
        .expect("kept");
    assert_eq!(d.bureau_name, "");
    let f = findings
        .iter()
        .find(|f| f.code.as_str() == "plan.unknown_bureau")
        .expect("reported");
    assert_eq!(f.value, "企");
    assert_eq!(f.severity, Severity::Warning);
    // Configured, it has a bureau name.
    let s = Settings::from_toml("[bureaus]\n\"企\" = \"企業局\"\n").unwrap();
    let (parsed, mut findings) = parse_plan_text("x.txt", &text, &s);
    let plan = Plan::assemble(
        vec![parsed],
        &gyokaku::sections::Sections::configured(&s),
        &mut findings,
    );
    assert!(findings.is_empty());
    assert_eq!(
        plan.departments
            .iter()
            .find(|d| d.id.as_str() == "(企)営業課")
            .unwrap()
            .bureau_name,
        "企業局"
    );
}
