//! Plan editions: the edition in force per period, every change type between the sample
//! and its revised edition, history that follows an item across editions, `gyokaku diff`.

use crate::common;
use std::path::Path;
use std::process::Command;

use crate::common::*;

fn editions_input() -> tempfile::TempDir {
    let old = std::fs::read(fixture("editions/計画_2020-04.txt")).unwrap();
    let new = std::fs::read(fixture("editions/計画_改定_2023-02.txt")).unwrap();
    input_with_plans(&[("計画_2020-04.txt", old), ("計画_改定_2023-02.txt", new)])
}

#[test]
fn the_edition_in_force_is_the_latest_dated_on_or_before_the_period() {
    let input = editions_input();
    let out = tempfile::tempdir().unwrap();
    let r = run_gyokaku(input.path(), out.path(), "2023-01");
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("（2020-04版）"), "{}", r.stdout);
    let before = out.path().join("2023-01");
    assert!(before.join("市民生活部_市民生活課_2023-01.xlsx").is_file());
    assert!(!before.join("市民生活部_協働推進課_2023-01.xlsx").exists());
    assert_eq!(
        common::table_rows(&before, "revisions", &["edition", "items", "in_force"]),
        vec!["2020-04|17|true", "2023-02|17|false"]
    );
    assert!(
        common::table_rows(&before, "practice_items", &["item_id", "name"])
            .contains(&"7-1|住民異動等におけるタブレット端末の活用".to_string())
    );

    let r = run_gyokaku(input.path(), out.path(), "2023-02");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("（2023-02版）"), "{}", r.stdout);
    let after = out.path().join("2023-02");
    assert!(after.join("市民生活部_協働推進課_2023-02.xlsx").is_file());
    assert!(after.join("消防本部_警防課_2023-02.xlsx").is_file());
    assert!(!after.join("市民生活部_市民生活課_2023-02.xlsx").exists());
    let items = common::table_rows(&after, "practice_items", &["item_id", "name"]);
    assert!(items.contains(&"7-1|窓口の混雑状況に関する市民周知".to_string()));
    assert!(items.contains(&"8-4|電子申請手数料のキャッシュレス化".to_string()));
    assert!(items.contains(&"10-2|小中学校規模適正化の取組".to_string()));
    assert_eq!(
        common::table_rows(&after, "revisions", &["edition", "in_force"]),
        vec!["2020-04|false", "2023-02|true"]
    );
}

#[test]
fn every_change_type_and_shifted_items_are_not_changes() {
    let input = editions_input();
    let out = tempfile::tempdir().unwrap();
    assert_eq!(run_gyokaku(input.path(), out.path(), "2023-04").code, 0);
    let dir = out.path().join("2023-04");
    let mut changes = common::table_rows(
        &dir,
        "plan_changes",
        &[
            "from_edition",
            "to_edition",
            "item_id_old",
            "item_id_new",
            "change",
        ],
    );
    changes.sort();
    let mut expected = vec![
        "2020-04|2023-02|||section_renamed",
        "2020-04|2023-02|7-1||removed",
        "2020-04|2023-02|8-1|8-1|renamed",
        "2020-04|2023-02||8-4|added",
        "2020-04|2023-02|9-2|9-2|section_changed",
        "2020-04|2023-02|11-3|11-3|content_changed",
        "2020-04|2023-02|11-5|11-5|schedule_changed",
        "2020-04|2023-02|11-7|10-2|moved",
    ];
    expected.sort();
    assert_eq!(changes, expected);
    let details = common::table_rows(&dir, "plan_changes", &["change", "detail"]);
    assert!(
        details.contains(&"section_renamed|(民)市民生活課 → (民)協働推進課".to_string()),
        "{details:#?}"
    );
    assert!(
        details.contains(
            &"schedule_changed|R5年度: 方向性の明示 → 方向性の決定／R6年度: 継続 → 民間委託の開始"
                .to_string()
        )
    );
    assert!(details.contains(&"section_changed|(消)総務課 → (消)警防課".to_string()));

    // The summary has the 改定履歴 sheet; each section sees the changes to its items,
    // including items moved to or from it.
    let summary = history(&dir.join("全体集計.xlsx"));
    assert!(
        summary.contains(&line(
            "旧11-7 → 新10-2",
            "小中学校規模適正化の取組",
            "取組の移動",
            "No.11 公共施設マネジメントの推進",
            "No.10 町内会の活性化に向けた取組"
        )),
        "{summary:#?}"
    );
    let kinds = |book: &str| -> Vec<String> {
        history(&dir.join(book))
            .iter()
            .map(|r| format!("{}:{}", r[1], r[3]))
            .collect()
    };
    assert_eq!(
        kinds("市民生活部_窓口サービス課_2023-04.xlsx"),
        vec!["旧7-1:削除", "旧7-2 → 新7-1:番号の変更", "新8-4:追加"]
    );
    assert_eq!(
        kinds("消防本部_警防課_2023-04.xlsx"),
        vec!["9-2:担当部署変更"]
    );
    assert_eq!(
        kinds("消防本部_総務課_2023-04.xlsx"),
        vec!["9-2:担当部署変更"],
        "moved away from it"
    );
    assert_eq!(
        kinds("市民生活部_協働推進課_2023-04.xlsx"),
        vec![":部署名変更"]
    );
    assert_eq!(
        kinds("教育部_総務企画課_2023-04.xlsx"),
        vec!["旧11-7 → 新10-2:取組の移動"]
    );
}

/// The change table of a workbook's 改定履歴 sheet: 改定, 項目番号, 実践項目名, 変更の種類,
/// 改定前, 改定後.
fn history(book: &Path) -> Vec<Vec<String>> {
    let sheet = read_sheet(book, "改定履歴");
    let head = sheet
        .iter()
        .position(|r| r.first().is_some_and(|c| c == "改定"))
        .unwrap_or_else(|| panic!("no change table in {}: {sheet:?}", book.display()));
    assert_eq!(
        sheet[head][..6],
        [
            "改定",
            "項目番号",
            "実践項目名",
            "変更の種類",
            "改定前",
            "改定後"
        ]
    );
    sheet[head + 1..]
        .iter()
        .map(|r| {
            let mut r = r.clone();
            r.resize(6, String::new());
            r
        })
        .collect()
}

/// A line of a change table made by the 2023-02 revision.
fn line(item: &str, name: &str, kind: &str, before: &str, after: &str) -> Vec<String> {
    ["令和5年2月改定版", item, name, kind, before, after]
        .map(String::from)
        .to_vec()
}

/// A cover's value for `label` (表紙 or 概要), if it has the row.
fn fact(book: &Path, sheet: &str, label: &str) -> Option<String> {
    read_sheet(book, sheet)
        .into_iter()
        .find(|r| r.first().is_some_and(|c| c == label))
        .map(|r| r[1].clone())
}

#[test]
fn a_removed_item_and_the_items_renumbered_after_it_read_unambiguously() {
    let input = editions_input();
    let out = tempfile::tempdir().unwrap();
    assert_eq!(run_gyokaku(input.path(), out.path(), "2024-09").code, 0);
    let dir = out.path().join("2024-09");
    let book = dir.join("市民生活部_窓口サービス課_2024-09.xlsx");
    let lines = history(&book);
    assert_eq!(
        lines[..2],
        [
            line(
                "旧7-1",
                "住民異動等におけるタブレット端末の活用",
                "削除",
                "担当: (民)窓口サービス課",
                "（削除）"
            ),
            line(
                "旧7-2 → 新7-1",
                "窓口の混雑状況に関する市民周知",
                "番号の変更",
                "項目番号 7-2",
                "項目番号 7-1"
            ),
        ]
    );
    // The new 7-1 is the item the 進捗 sheet lists as 7-1.
    let progress = read_sheet(&book, "進捗");
    let row = progress.iter().find(|r| r[0] == "7-1").unwrap();
    assert_eq!(row[1], "窓口の混雑状況に関する市民周知");
    // The other renumbered item is in its own section's workbook.
    assert_eq!(
        history(&dir.join("福祉部_総合福祉課_2024-09.xlsx")),
        [line(
            "旧7-3 → 新7-2",
            "ふくし総合相談窓口機能の充実",
            "番号の変更",
            "項目番号 7-3",
            "項目番号 7-2"
        )]
    );
    // The tables keep the revision's own record: shifted items are no change there.
    let changes = common::table_rows(&dir, "plan_changes", &["item_id_old", "item_id_new"]);
    assert!(!changes.contains(&"7-2|7-1".to_string()), "{changes:?}");
}

#[test]
fn schedule_changes_read_year_by_year_before_and_after() {
    let input = editions_input();
    let out = tempfile::tempdir().unwrap();
    assert_eq!(run_gyokaku(input.path(), out.path(), "2024-09").code, 0);
    let dir = out.path().join("2024-09");
    assert_eq!(
        history(&dir.join("都市建設部_緑地公園課_2024-09.xlsx")),
        [line(
            "11-5",
            "公園の維持管理の在り方の検討",
            "工程表変更",
            "令和5年度：方向性の明示\n令和6年度：継続（方向性の明示）",
            "令和5年度：方向性の決定\n令和6年度：民間委託の開始"
        )]
    );
}

#[test]
fn a_merged_cell_that_became_an_arrow_is_no_change_on_paper() {
    let old = std::fs::read_to_string(fixture("editions/計画_2020-04.txt")).unwrap();
    let merged = "\t先進自治体の調査、在り方の検討\t\t\t方向性の明示\t";
    assert!(old.contains(merged));
    let arrows = old.replace(
        merged,
        "\t先進自治体の調査、在り方の検討\t→\t→\t方向性の明示\t→",
    );
    let input = input_with_plans(&[
        ("計画_2020-04.txt", old.clone().into_bytes()),
        ("計画_2023-02.txt", arrows.into_bytes()),
    ]);
    let out = tempfile::tempdir().unwrap();
    assert_eq!(run_gyokaku(input.path(), out.path(), "2024-09").code, 0);
    let dir = out.path().join("2024-09");
    // Both continue the activity: no change in the table (one definition of a schedule
    // change for the tables, `gyokaku diff` and the workbooks) …
    let changes = common::table_rows(&dir, "plan_changes", &["item_id_new", "change", "detail"]);
    assert!(
        !changes.iter().any(|c| c.starts_with("11-5|")),
        "{changes:?}"
    );
    // … no line on paper, and no 改定履歴 sheet for the section.
    assert!(
        !sheet_names(&dir.join("都市建設部_緑地公園課_2024-09.xlsx"))
            .contains(&"改定履歴".to_string())
    );
    let summary = read_sheet(&dir.join("全体集計.xlsx"), "改定履歴");
    assert!(
        summary
            .iter()
            .any(|r| r.first().is_some_and(|c| c == "版の間に変更はありません。")),
        "{summary:?}"
    );
}

#[test]
fn covers_name_the_edition_in_force_in_the_japanese_calendar() {
    let input = editions_input();
    let out = tempfile::tempdir().unwrap();
    run_gyokaku(input.path(), out.path(), "2024-09");
    run_gyokaku(input.path(), out.path(), "2023-01");
    for (period, edition) in [
        ("2024-09", "令和5年2月改定版"),
        ("2023-01", "令和2年4月当初版"),
    ] {
        let dir = out.path().join(period);
        let summary = dir.join("全体集計.xlsx");
        assert_eq!(
            fact(&summary, "概要", "計画の版").as_deref(),
            Some(edition),
            "{period}"
        );
        assert_eq!(
            fact(
                &period_book(&dir, "消防本部_総務課.xlsx"),
                "表紙",
                "計画の版"
            )
            .as_deref(),
            Some(edition),
            "{period}"
        );
        // The summary lists the editions by their Japanese names, never 2020-04.
        let sheet = read_sheet(&summary, "改定履歴");
        let editions: Vec<&str> = sheet[2..4].iter().map(|r| r[0].as_str()).collect();
        assert_eq!(editions, ["令和2年4月当初版", "令和5年2月改定版"]);
        assert!(history(&summary).iter().all(|r| r[0] == "令和5年2月改定版"));
        // A section that no revision concerns has no 改定履歴 sheet.
        assert!(
            !sheet_names(&period_book(&dir, "財政部_管財課.xlsx"))
                .contains(&"改定履歴".to_string())
        );
    }

    // A single plan without a date is just the plan: no edition on the covers, no
    // revision history anywhere.
    let input = input_with_plans(&[("計画.txt", sample_text().into_bytes())]);
    let out = tempfile::tempdir().unwrap();
    assert_eq!(run_gyokaku(input.path(), out.path(), "2024-09").code, 0);
    let dir = out.path().join("2024-09");
    let summary = dir.join("全体集計.xlsx");
    assert_eq!(fact(&summary, "概要", "計画の版"), None);
    assert_eq!(
        fact(
            &dir.join("消防本部_総務課_2024-09.xlsx"),
            "表紙",
            "計画の版"
        ),
        None
    );
    assert!(!sheet_names(&summary).contains(&"改定履歴".to_string()));
}

#[test]
fn progress_history_follows_an_item_across_editions() {
    let input = editions_input();
    let progress = input.path().join("progress");
    std::fs::create_dir_all(&progress).unwrap();
    // January 2023, under the first edition: old IDs and an old name.
    std::fs::write(
        progress.join("報告_2023-01.csv"),
        "項目番号,実践項目名,進捗状況\n7-2,,実施中\n,市税のキャッシュレス化,検討中\n7-1,,検討中\n",
    )
    .unwrap();
    // March 2023, under the revised edition: new IDs.
    std::fs::write(
        progress.join("報告_2023-03.csv"),
        "項目番号,進捗状況\n7-1,完了\n8-1,実施中\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let r = common::run_gyokaku_default_period(input.path(), out.path());
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let dir = out.path().join("2023-03");
    let mut got = common::table_rows(&dir, "progress", &["item_id", "period", "status"]);
    got.sort();
    // 7-2 of 2020-04 is 7-1 of 2023-02 (the item before it was removed); 8-1 was renamed.
    assert_eq!(
        got,
        vec![
            "7-1|2023-01|実施中",
            "7-1|2023-03|完了",
            "8-1|2023-01|検討中",
            "8-1|2023-03|実施中"
        ]
    );
    // The removed item's report is history, not an error.
    let diag = common::table_rows(&dir, "diagnostics", &["severity", "code", "value"]);
    assert!(
        diag.contains(&"情報|progress.item_not_in_plan|7-1".to_string()),
        "{diag:#?}"
    );

    let history = read_sheet(
        &dir.join("市民生活部_窓口サービス課_2023-03.xlsx"),
        "進捗履歴",
    );
    let row = history
        .iter()
        .find(|r| r.first().is_some_and(|c| c == "7-1"))
        .unwrap();
    // Months April..March: January is column 2 + 9, March 2 + 11.
    assert_eq!((row[11].as_str(), row[13].as_str()), ("実施中", "完了"));
}

#[test]
fn diff_command_prints_text_and_csv() {
    let bin = env!("CARGO_BIN_EXE_gyokaku");
    let old = fixture("editions/計画_2020-04.txt");
    let new = fixture("editions/計画_改定_2023-02.txt");
    let out = Command::new(bin)
        .arg("diff")
        .arg(&old)
        .arg(&new)
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("変更 8 件"), "{text}");
    assert!(
        text.contains("[削除] 7-1 「住民異動等におけるタブレット端末の活用」"),
        "{text}"
    );
    assert!(text.contains("[取組の移動] 11-7 → 10-2 No.11「公共施設マネジメントの推進」→ No.10「町内会の活性化に向けた取組」"), "{text}");
    assert!(
        !text.contains("7-2 → 7-1"),
        "a shifted item is not a change: {text}"
    );

    let out = Command::new(bin)
        .arg("diff")
        .arg(&old)
        .arg(&new)
        .args(["--format", "csv"])
        .output()
        .unwrap();
    // A BOM first, so that Excel reads the UTF-8; Japanese headers and change names,
    // the change's code in the last column.
    let csv = out.stdout.strip_prefix(b"\xEF\xBB\xBF").expect("BOM");
    let csv = String::from_utf8(csv.to_vec()).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "改定前の版,改定後の版,改定前の項目ID,改定後の項目ID,変更,内容,変更コード"
    );
    assert_eq!(lines.len(), 9);
    let renamed = lines
        .iter()
        .find(|l| l.starts_with("計画_2020-04.txt,計画_改定_2023-02.txt,8-1,8-1,名称変更,"))
        .unwrap_or_else(|| panic!("{csv}"));
    assert!(renamed.ends_with(",renamed"), "{renamed}");
    assert!(
        lines[1..]
            .iter()
            .all(|l| !l.contains(",added,") && !l.contains(",removed,")),
        "codes only in the last column: {csv}"
    );
}

#[test]
fn diff_of_a_file_without_initiatives_names_that_file() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("メモ.txt");
    std::fs::write(&empty, "取組のない文書です。\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_gyokaku"))
        .arg("diff")
        .arg(fixture("editions/計画_2020-04.txt"))
        .arg(&empty)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    let last = stderr.lines().last().unwrap_or_default();
    assert!(last.contains("メモ.txt"), "{stderr}");
    assert!(!last.contains("計画_2020-04.txt"), "{stderr}");
    assert!(
        !stderr.contains("件の計画ファイルを読みました"),
        "diff read two files, not a run's plan folder: {stderr}"
    );
}

#[test]
fn an_undated_file_among_editions_is_reported() {
    let old = std::fs::read(fixture("editions/計画_2020-04.txt")).unwrap();
    let input = input_with_plans(&[("計画_2020-04.txt", old.clone()), ("計画.txt", old)]);
    let out = tempfile::tempdir().unwrap();
    let r = run_gyokaku(input.path(), out.path(), "2024-09");
    assert_eq!(r.code, 2);
    let diag = common::table_rows(
        &out.path().join("2024-09"),
        "diagnostics",
        &["file", "code"],
    );
    assert!(
        diag.contains(&"plans/計画.txt|plan.undated_edition".to_string()),
        "{diag:#?}"
    );
}
