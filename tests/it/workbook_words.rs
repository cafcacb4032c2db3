//! The workbooks as documents a city office hands out: the 診断 sheet in words with one
//! form of location, titles without a half-width space before a particle, and the
//! summary's 概要 (counts, report and completion rates, a chart, the sections by bureau
//! with subtotals, each linked to its workbook).

use std::collections::BTreeSet;
use std::io::Read;
use std::path::Path;

use crate::common::*;

/// The sample plan with every good report, a bad workbook, a bad CSV and a plan without a
/// 担当部署, run for 2024-09.
fn run_with_findings() -> (tempfile::TempDir, std::path::PathBuf) {
    let input = input_with_progress();
    let progress = input.path().join("progress");
    std::fs::copy(
        fixture("progress_bad/進捗報告.xlsx"),
        progress.join("進捗報告.xlsx"),
    )
    .unwrap();
    std::fs::write(
        progress.join("追加_2024-09.csv"),
        "項目番号,進捗状況,進捗率\n7-1,実施中,たくさん\n",
    )
    .unwrap();
    std::fs::copy(
        fixture("plans/plan_missing_department.txt"),
        input.path().join("plans/plan_missing_department.txt"),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let r = run_gyokaku(input.path(), out.path(), "2024-09");
    assert_eq!(r.code, 2, "{}\n{}", r.stdout, r.stderr);
    let dir = out.path().join("2024-09");
    (out, dir)
}

#[test]
fn the_diagnostics_sheet_reads_in_words_with_the_code_last() {
    let (_out, dir) = run_with_findings();
    let summary = dir.join("全体集計.xlsx");
    let sheet = read_sheet(&summary, "診断");
    assert_eq!(
        sheet[0],
        ["重要度", "種類", "ファイル", "場所", "値", "内容", "コード"]
    );
    let row = |code: &str, file: &str| -> Vec<String> {
        sheet
            .iter()
            .find(|r| r.len() == 7 && r[6] == code && r[2] == file)
            .unwrap_or_else(|| panic!("no {code} for {file}: {sheet:#?}"))
            .clone()
    };
    // A cell of a workbook, a cell of a CSV file, a line of a plan.
    let status = row("progress.unknown_status", "progress/進捗報告.xlsx");
    assert_eq!(
        (status[0].as_str(), status[1].as_str(), status[3].as_str()),
        ("エラー", "未定義の進捗状況", "R6.9月報告 6行目 D列")
    );
    let percent = row("progress.bad_percent", "progress/追加_2024-09.csv");
    assert_eq!(
        (percent[1].as_str(), percent[3].as_str()),
        ("読めない進捗率", "2行目 C列")
    );
    let plan = row(
        "plan.missing_department",
        "plans/plan_missing_department.txt",
    );
    assert_eq!(plan[1], "担当部署がない");
    assert!(
        plan[3].ends_with("行目")
            && plan[3][..plan[3].len() - "行目".len()]
                .parse::<u32>()
                .is_ok(),
        "{plan:?}"
    );
    // No location in the old forms anywhere.
    for r in &sheet[1..] {
        assert!(!r[3].contains('!') && !r[3].starts_with("行 "), "{r:?}");
    }
    // The code's column is the narrowest text column, after the message.
    let xml = zip_entry(
        &summary,
        &format!("xl/worksheets/sheet{}.xml", sheet_index(&summary, "診断")),
    );
    let widths = column_widths(&xml);
    assert!(widths[6] < widths[5] && widths[6] < widths[2], "{widths:?}");
}

/// The 1-based position of a sheet, which names its part (`sheetN.xml`).
fn sheet_index(book: &Path, name: &str) -> usize {
    1 + sheet_names(book).iter().position(|n| n == name).unwrap()
}

/// Column widths of a sheet's XML, column by column from A.
fn column_widths(xml: &str) -> Vec<f64> {
    let re = regex::Regex::new(r#"<col min="(\d+)" max="(\d+)" width="([\d.]+)""#).unwrap();
    let mut widths = Vec::new();
    for c in re.captures_iter(xml) {
        let (min, max): (usize, usize) = (c[1].parse().unwrap(), c[2].parse().unwrap());
        let w: f64 = c[3].parse().unwrap();
        widths.resize(max, 0.0);
        for k in min..=max {
            widths[k - 1] = w;
        }
    }
    widths
}

/// Half-width spaces before a particle: `令和6年9月 の進捗`.
fn space_before_particle(text: &str) -> Option<&str> {
    const PARTICLES: [&str; 12] = [
        "の", "に", "を", "が", "は", "で", "と", "へ", "まで", "から", "より", "時点",
    ];
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    chars.windows(2).find_map(|w| {
        let ((_, before), (i, space)) = (w[0], w[1]);
        let rest = &text[i + space.len_utf8()..];
        (space == ' ' && !before.is_whitespace() && PARTICLES.iter().any(|p| rest.starts_with(p)))
            .then_some(text)
    })
}

#[test]
fn titles_have_no_space_before_a_particle() {
    let old = std::fs::read(fixture("editions/計画_2020-04.txt")).unwrap();
    let new = std::fs::read(fixture("editions/計画_改定_2023-02.txt")).unwrap();
    let input = input_with_plans(&[("計画_2020-04.txt", old), ("計画_改定_2023-02.txt", new)]);
    let progress = input.path().join("progress");
    std::fs::create_dir_all(&progress).unwrap();
    std::fs::write(
        progress.join("報告_2024-09.csv"),
        "項目番号,進捗状況\n7-1,完了\n9-2,実施中\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    assert_eq!(run_gyokaku(input.path(), out.path(), "2024-09").code, 0);
    let dir = out.path().join("2024-09");
    let mut books: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "xlsx"))
        .collect();
    books.sort();
    assert!(books.len() > 10);
    let mut seen = BTreeSet::new();
    for book in &books {
        for name in sheet_names(book) {
            let mut sheet = read_sheet(book, &name);
            if name == "進捗入力" {
                // The input sheet's instructions belong to the input sheet's own work;
                // its title is checked.
                sheet.truncate(1);
            }
            // Titles, subtitles, labels and notes stand in column A; headers in the
            // first rows.
            let titles = sheet
                .iter()
                .filter_map(|r| r.first())
                .chain(sheet.iter().take(3).flatten());
            for text in titles {
                assert_eq!(
                    space_before_particle(text),
                    None,
                    "{} {name}",
                    book.display()
                );
                seen.insert(text.clone());
            }
        }
        for (part, xml) in parts(book) {
            if part.starts_with("xl/charts/") || part == "docProps/core.xml" {
                assert!(
                    !xml.contains(" の") && !xml.contains(" 時点"),
                    "{} {part}",
                    book.display()
                );
            }
        }
    }
    // The titles that had one.
    for title in [
        "令和6年9月の進捗",
        "令和6年9月の進捗状況",
        "令和6年9月に報告がない部署・項目",
        "令和6年度の進捗状況の推移（令和6年9月時点）",
        "部署別の進捗状況の推移（令和6年度、令和6年9月まで）",
        "(民)窓口サービス課の実践項目に関する計画の改定",
    ] {
        assert!(seen.contains(title), "{title} not found");
    }
}

/// Every XML part of an xlsx.
fn parts(book: &Path) -> Vec<(String, String)> {
    let mut z = zip::ZipArchive::new(std::fs::File::open(book).unwrap()).unwrap();
    (0..z.len())
        .filter_map(|i| {
            let mut f = z.by_index(i).unwrap();
            let name = f.name().unwrap().to_string();
            let mut s = String::new();
            f.read_to_string(&mut s).ok().map(|_| (name, s))
        })
        .collect()
}

/// The value cells of the 概要 row labelled `label`.
fn overview_row(overview: &[Vec<String>], label: &str) -> Vec<String> {
    overview
        .iter()
        .find(|r| r.first().is_some_and(|c| c == label))
        .unwrap_or_else(|| panic!("no {label}: {overview:#?}"))
        .clone()
}

#[test]
fn the_overview_counts_items_reports_and_rates() {
    let input = input_with_progress();
    let out = tempfile::tempdir().unwrap();
    assert_eq!(run_gyokaku(input.path(), out.path(), "2024-09").code, 0);
    let dir = out.path().join("2024-09");
    let overview = read_sheet(&dir.join("全体集計.xlsx"), "概要");

    // What the tables say.
    let items = read_table(&dir, "practice_items");
    let expected: BTreeSet<String> = str_col(&items, "item_id")
        .into_iter()
        .zip(str_col(&items, "department_id"))
        .filter(|(_, d)| !d.is_empty())
        .map(|(i, _)| i)
        .collect();
    let progress = read_table(&dir, "progress");
    let this_month: Vec<(String, String)> = str_col(&progress, "item_id")
        .into_iter()
        .zip(str_col(&progress, "period"))
        .zip(str_col(&progress, "status"))
        .filter(|((i, p), _)| p == "2024-09" && expected.contains(i))
        .map(|((i, _), s)| (i, s))
        .collect();
    let reported = this_month.len();
    let done = this_month.iter().filter(|(_, s)| s == "完了").count();
    assert!(reported > 0 && done > 0 && reported < expected.len());
    let sections = read_table(&dir, "departments").height();

    assert_eq!(
        overview_row(&overview, "実践項目")[1],
        items.height().to_string()
    );
    assert_eq!(overview_row(&overview, "担当部署")[1], sections.to_string());
    assert_eq!(
        overview_row(&overview, "報告の対象となる項目")[1],
        expected.len().to_string()
    );
    let rate = |s: &str| s.parse::<f64>().unwrap();
    let r = overview_row(&overview, "報告があった項目（報告率）");
    assert_eq!(r[1], reported.to_string());
    assert!(
        (rate(&r[2]) - reported as f64 / expected.len() as f64).abs() < 1e-9,
        "{r:?}"
    );
    let r = overview_row(&overview, "完了した項目（完了率）");
    assert_eq!(r[1], done.to_string());
    assert!(
        (rate(&r[2]) - done as f64 / expected.len() as f64).abs() < 1e-9,
        "{r:?}"
    );
    // Shown as percentages.
    let styles = zip_entry(&dir.join("全体集計.xlsx"), "xl/styles.xml");
    assert!(
        styles.contains("formatCode=\"0.0%\""),
        "rates are percentages"
    );

    // The rates month by month (a line chart) and the status mix by bureau (bars), their
    // numbers right of the page: the whole plan's bar counts as 全体の状況 does.
    let line = zip_entry(&dir.join("全体集計.xlsx"), "xl/charts/chart1.xml");
    assert!(
        line.contains("<c:lineChart>") && line.contains("<c:f>概要!$"),
        "{line}"
    );
    let bars = zip_entry(&dir.join("全体集計.xlsx"), "xl/charts/chart2.xml");
    assert!(
        bars.contains("<c:grouping val=\"percentStacked\"/>") && bars.contains("<c:f>概要!$"),
        "{bars}"
    );
    let mix_head = overview
        .iter()
        .find(|r| r.iter().any(|c| c == "部局"))
        .expect("the status mix's table");
    let at = mix_head.iter().position(|c| c == "部局").unwrap();
    let done_col = mix_head.iter().position(|c| c == "完了").unwrap();
    let whole = overview
        .iter()
        .find(|r| r.get(at).is_some_and(|c| c.starts_with("全体（")))
        .unwrap();
    assert_eq!(whole[at], format!("全体（{}件）", expected.len()));
    assert_eq!(whole[done_col], done.to_string());
    let september = overview
        .iter()
        .find(|r| r.get(at).is_some_and(|c| c == "9"))
        .expect("September's rates");
    assert!((rate(&september[at + 1]) - reported as f64 / expected.len() as f64).abs() < 1e-9);
    // The edition of an undated single plan is not named.
    assert!(overview.iter().all(|r| r[0] != "計画の版"));
}

/// The sample plan with the 担当部署 of its first items replaced, in order.
fn plan_with_sections(sections: &[&str]) -> String {
    let mut text = String::new();
    let mut next = sections.iter();
    for line in sample_text().split_inclusive('\n') {
        if line.starts_with("担当部署\t")
            && let Some(s) = next.next()
        {
            text.push_str(&format!("担当部署\t{s}\t\t\t\t\n"));
        } else {
            text.push_str(line);
        }
    }
    text
}

/// The section table of 部署一覧: its rows from the header on.
fn section_table(overview: &[Vec<String>]) -> Vec<Vec<String>> {
    let head = overview
        .iter()
        .position(|r| r.len() > 8 && r[0] == "部局" && r[1] == "部署")
        .unwrap();
    assert_eq!(
        overview[head][..9],
        [
            "部局",
            "部署",
            "主担当",
            "共同",
            "報告対象",
            "報告あり",
            "報告率",
            "完了",
            "部署別ファイル"
        ]
    );
    let total = head
        + overview[head..]
            .iter()
            .position(|r| r[0] == "合計")
            .unwrap();
    overview[head + 1..=total].to_vec()
}

#[test]
fn sections_are_grouped_by_bureau_with_subtotals_counting_items_once() {
    // 7-1 shared by two sections of one bureau, 7-2 led by another bureau.
    let plan = plan_with_sections(&[
        "(民)窓口サービス課、(民)危機管理室",
        "(財)管財課、(民)窓口サービス課",
    ]);
    let input = input_with_plans(&[("plan.txt", plan.into_bytes())]);
    let out = tempfile::tempdir().unwrap();
    assert_eq!(run_gyokaku(input.path(), out.path(), "2024-09").code, 0);
    let dir = out.path().join("2024-09");
    let table = section_table(&read_sheet(&dir.join("全体集計.xlsx"), "部署一覧"));

    // Bureaus in the order the plan first names them, sections in plan order within.
    let departments = read_table(&dir, "departments");
    let ids = str_col(&departments, "department_id");
    let bureaus = str_col(&departments, "bureau_name");
    let mut order: Vec<&str> = Vec::new();
    for b in &bureaus {
        if !order.contains(&b.as_str()) {
            order.push(b);
        }
    }
    let mut want: Vec<(String, String)> = Vec::new();
    for b in &order {
        for (id, bb) in ids.iter().zip(&bureaus) {
            if bb == b {
                want.push((b.to_string(), id.clone()));
            }
        }
        want.push((b.to_string(), "小計".to_string()));
    }
    want.push(("合計".to_string(), String::new()));
    let got: Vec<(String, String)> = table.iter().map(|r| (r[0].clone(), r[1].clone())).collect();
    assert_eq!(got, want);

    // Subtotals count each item once: what the bureau's sections own, as the tables say.
    let links = read_table(&dir, "item_departments");
    let owners: Vec<(String, String, String)> = str_col(&links, "item_id")
        .into_iter()
        .zip(str_col(&links, "department_id"))
        .zip(str_col(&links, "role"))
        .map(|((i, d), r)| (i, d, r))
        .collect();
    for b in &order {
        let mark = ids
            .iter()
            .zip(&bureaus)
            .find(|(_, bb)| bb == b)
            .map(|(id, _)| id[..id.find(')').unwrap() + 1].to_string())
            .unwrap();
        let items: BTreeSet<&str> = owners
            .iter()
            .filter(|(_, d, _)| d.starts_with(&mark))
            .map(|(i, _, _)| i.as_str())
            .collect();
        let primary = owners
            .iter()
            .filter(|(_, d, r)| d.starts_with(&mark) && r == "主担当")
            .count();
        let sub = table.iter().find(|r| &r[0] == b && r[1] == "小計").unwrap();
        // 報告対象: none before the first report comes in (報告率's definition).
        assert_eq!(
            (sub[2].as_str(), sub[3].as_str(), sub[4].as_str()),
            (
                primary.to_string().as_str(),
                (items.len() - primary).to_string().as_str(),
                "0"
            ),
            "{b}"
        );
    }
    // 市民生活部: 7-1 is counted once although two of its sections share it, and 7-2,
    // which 財政部 leads, is a co-owned item of the bureau.
    let rows_of = |b: &str| -> Vec<&Vec<String>> {
        table
            .iter()
            .filter(|r| r[0] == b && r[1] != "小計")
            .collect()
    };
    // Items of a row: as primary plus as co-owner.
    let items = |r: &Vec<String>| r[2].parse::<usize>().unwrap() + r[3].parse::<usize>().unwrap();
    let sum: usize = rows_of("市民生活部").iter().map(|r| items(r)).sum();
    let sub = table
        .iter()
        .find(|r| r[0] == "市民生活部" && r[1] == "小計")
        .unwrap();
    assert_eq!(items(sub), sum - 1, "{table:#?}");
    assert_eq!(sub[3], "1", "{sub:?}");
    let total = table.last().unwrap();
    assert_eq!(
        items(total).to_string(),
        read_table(&dir, "practice_items").height().to_string()
    );
}

#[test]
fn each_section_links_to_its_workbook_in_the_same_folder() {
    let input = input_with_progress();
    let out = tempfile::tempdir().unwrap();
    assert_eq!(run_gyokaku(input.path(), out.path(), "2024-09").code, 0);
    let dir = out.path().join("2024-09");
    let summary = dir.join("全体集計.xlsx");
    // 部署一覧 is the second sheet.
    let rels = zip_entry(&summary, "xl/worksheets/_rels/sheet2.xml.rels");
    let sheet = zip_entry(&summary, "xl/worksheets/sheet2.xml");
    assert!(!sheet.contains("<f>"), "no formula on the section table");
    let table = section_table(&read_sheet(&summary, "部署一覧"));
    let departments = read_table(&dir, "departments");
    let files = str_col(&departments, "workbook");
    for (id, file) in str_col(&departments, "department_id").iter().zip(&files) {
        // The link's target is the workbook's bare file name: relative, same folder.
        let target = format!(
            "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink\" Target=\"{file}\" TargetMode=\"External\""
        );
        assert!(rels.contains(&target), "{file}: {rels}");
        assert!(dir.join(file).is_file());
        // The cell shows the section's name as text, and the file beside it.
        let row = table.iter().find(|r| &r[1] == id).unwrap();
        assert_eq!(&row[8], file);
    }
    let links = rels.matches("relationships/hyperlink\"").count();
    assert_eq!(links, files.len());
    let refs = sheet.matches("<hyperlink ref=\"B").count();
    assert_eq!(refs, files.len());
}
