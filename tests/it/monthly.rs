//! Month after month: byte-identical re-runs, atomic period output (a killed run leaves the
//! previous output complete), earlier months untouched, the manifest, month-over-month
//! marks and the status trend.

use std::path::Path;
use std::process::Command;

use crate::common::*;
use gyokaku::manifest::sha256_hex;

#[test]
fn rerunning_a_period_gives_identical_workbooks_tables_and_manifest() {
    let input = input_with_progress();
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    assert_eq!(run_gyokaku(input.path(), a.path(), "2024-09").code, 0);
    assert_eq!(run_gyokaku(input.path(), b.path(), "2024-09").code, 0);
    let (sa, sb) = (
        snapshot(&a.path().join("2024-09")),
        snapshot(&b.path().join("2024-09")),
    );
    assert_eq!(sa.keys().collect::<Vec<_>>(), sb.keys().collect::<Vec<_>>());
    for (k, v) in &sa {
        assert!(v == &sb[k], "{k} differs between runs");
    }
    assert!(sa.contains_key("tables/progress.parquet") && sa.contains_key("manifest.json"));
    assert_eq!(
        sa.len(),
        13 + 1 + 1 + 2 * 13 + 1 + 1,
        "workbooks, summary, manifest, 13 tables x 2, reminders.csv, 公表/index.html"
    );
}

fn run_with_fault(
    input: &Path,
    output: &Path,
    period: &str,
    fault: &str,
) -> std::process::ExitStatus {
    Command::new(env!("CARGO_BIN_EXE_gyokaku"))
        .args(["run", "--input"])
        .arg(input)
        .arg("--output")
        .arg(output)
        .args(["--period", period])
        .env("GYOKAKU_FAULT", fault)
        .output()
        .unwrap()
        .status
}

#[test]
fn a_killed_run_leaves_the_previous_output_complete() {
    let input = input_with_progress();
    let out = tempfile::tempdir().unwrap();
    assert_eq!(run_gyokaku(input.path(), out.path(), "2024-09").code, 0);
    let good = snapshot(&out.path().join("2024-09"));

    // A corrected file arrives; the next run is killed part-way, twice.
    std::fs::write(
        input.path().join("progress/追加_2024-09.csv"),
        "項目番号,進捗状況\n7-3,実施中\n",
    )
    .unwrap();
    for fault in ["after-first-workbook", "before-commit"] {
        let status = run_with_fault(input.path(), out.path(), "2024-09", fault);
        assert!(!status.success(), "{fault}: the run was stopped");
        assert_eq!(
            snapshot(&out.path().join("2024-09")),
            good,
            "{fault}: previous output intact"
        );
    }

    // The next complete run replaces the period as a whole and cleans up.
    assert_eq!(run_gyokaku(input.path(), out.path(), "2024-09").code, 0);
    let new = snapshot(&out.path().join("2024-09"));
    assert_ne!(
        new["tables/progress.parquet"],
        good["tables/progress.parquet"]
    );
    assert_eq!(new.len(), good.len());
    let names: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != ".cache")
        .collect();
    assert_eq!(names, vec!["2024-09"], "no staging folder left behind");
    let welfare = read_sheet(
        &out.path().join("2024-09/福祉部_総合福祉課_2024-09.xlsx"),
        "進捗",
    );
    assert_eq!(welfare.iter().find(|r| r[0] == "7-3").unwrap()[3], "実施中");
}

#[test]
fn an_interrupted_swap_is_repaired_by_the_next_run() {
    let input = input_with_progress();
    let out = tempfile::tempdir().unwrap();
    assert_eq!(run_gyokaku(input.path(), out.path(), "2024-09").code, 0);
    let good = snapshot(&out.path().join("2024-09"));
    // As if a run died between moving the old output aside and moving the new one in
    // (PID 999999999 is above any pid_max, so no live run can own these folders).
    std::fs::rename(
        out.path().join("2024-09"),
        out.path().join(".2024-09.old-999999999"),
    )
    .unwrap();
    std::fs::create_dir_all(out.path().join(".2024-09.tmp-999999999")).unwrap();
    let status = run_with_fault(input.path(), out.path(), "2024-09", "before-commit");
    assert!(!status.success());
    assert_eq!(
        snapshot(&out.path().join("2024-09")),
        good,
        "the previous output is back in place"
    );
}

#[test]
fn later_months_leave_earlier_months_untouched() {
    let input = input_with_progress();
    let out = tempfile::tempdir().unwrap();
    assert_eq!(run_gyokaku(input.path(), out.path(), "2024-09").code, 0);
    let september = snapshot(&out.path().join("2024-09"));
    let mtime = std::fs::metadata(out.path().join("2024-09/全体集計.xlsx"))
        .unwrap()
        .modified()
        .unwrap();
    // No October report yet: a warning on the period (exit 2), the month still written.
    let r = run_gyokaku(input.path(), out.path(), "2024-10");
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stdout.contains("13 部署中 0 部署から報告がありました"),
        "{}",
        r.stdout
    );
    assert_eq!(snapshot(&out.path().join("2024-09")), september);
    assert_eq!(
        std::fs::metadata(out.path().join("2024-09/全体集計.xlsx"))
            .unwrap()
            .modified()
            .unwrap(),
        mtime
    );

    // October: no report at all this month, so every item September reported is 未報告 with
    // its last known status and not marked, and items without a report in September either
    // are marked as two months unreported.
    let oct = out.path().join("2024-10");
    let welfare = read_sheet(&oct.join("福祉部_総合福祉課_2024-10.xlsx"), "進捗");
    let r = welfare.iter().find(|r| r[0] == "7-3").unwrap();
    assert_eq!(
        (r[3].as_str(), r[5].as_str()),
        ("未報告", "2か月以上未報告")
    );
    let window = read_sheet(&oct.join("市民生活部_窓口サービス課_2024-10.xlsx"), "進捗");
    let r = window.iter().find(|r| r[0] == "7-1").unwrap();
    assert_eq!(
        (r[3].as_str(), r[5].as_str()),
        ("未報告（9月: 検討中）", "")
    );

    // The trend over the fiscal year: a row per section, a column per month, 完了 of the
    // items counted and the unreported.
    let trend = read_sheet(&oct.join("全体集計.xlsx"), "進捗推移");
    let head = trend
        .iter()
        .position(|r| r.first().is_some_and(|c| c == "部局"))
        .unwrap();
    assert_eq!(trend[head][..5], ["部局", "部署", "項目数", "4月", "5月"]);
    let sept_col = trend[head].iter().position(|c| c == "9月").unwrap();
    let window = trend
        .iter()
        .find(|r| r.get(1).is_some_and(|c| c == "(民)窓口サービス課"))
        .unwrap();
    assert_eq!(window[2], "3");
    assert_eq!(
        window[sept_col - 1],
        "－",
        "August: before reporting started"
    );
    // September: 検討中 1, 実施中 1, 完了 1; October: nothing reported, 完了 carried over.
    assert_eq!(window[sept_col], "1/3");
    assert_eq!(window[sept_col + 1], "1/3 未2");
    assert_eq!(window[sept_col + 2], "－", "November: after the period");
    // The summary draws no chart per section any more: the overview's two only.
    let book = std::fs::File::open(oct.join("全体集計.xlsx")).unwrap();
    let parts = ::zip::ZipArchive::new(book).unwrap();
    let charts = parts
        .file_names()
        .filter(|p| p.as_ref().is_ok_and(|p| p.starts_with("xl/charts/chart")))
        .count();
    assert_eq!(charts, 2);
}

#[test]
fn the_manifest_describes_inputs_outputs_counts_and_row_accounting() {
    let input = input_with_progress();
    let out = tempfile::tempdir().unwrap();
    assert_eq!(run_gyokaku(input.path(), out.path(), "2024-09").code, 0);
    let dir = out.path().join("2024-09");
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(m["gyokaku_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(m["period"], "2024-09");
    assert_eq!(m["period_choice"], "指定");

    let inputs = m["inputs"].as_array().unwrap();
    assert_eq!(inputs.len(), 6, "1 plan + 5 progress files");
    for i in inputs {
        let path = input.path().join(i["path"].as_str().unwrap());
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(i["size"], bytes.len() as u64);
        assert_eq!(i["sha256"], sha256_hex(&bytes));
    }
    let plan = inputs.iter().find(|i| i["kind"] == "plan").unwrap();
    assert_eq!(plan["path"], "plans/plan_sample_no07-11.txt");
    assert!(
        plan["note"]
            .as_str()
            .unwrap()
            .starts_with("日付なし版 UTF-8")
    );
    let ods = inputs
        .iter()
        .find(|i| i["path"] == "progress/管財課_令和6年9月.ods")
        .unwrap();
    assert_eq!(ods["note"], "2024-09");

    let outputs = m["outputs"].as_array().unwrap();
    assert_eq!(outputs.len(), 13 + 1 + 2 * 13 + 1 + 1);
    for o in outputs {
        let bytes = std::fs::read(dir.join(o["path"].as_str().unwrap())).unwrap();
        assert_eq!(o["sha256"], sha256_hex(&bytes));
    }
    let c = &m["counts"];
    assert_eq!(
        (
            c["initiatives"].as_u64(),
            c["items"].as_u64(),
            c["departments"].as_u64(),
            c["schedule_rows"].as_u64(),
            c["progress_rows"].as_u64()
        ),
        (Some(5), Some(17), Some(13), Some(85), Some(10))
    );
    let acc = m["row_accounting"].as_array().unwrap();
    assert_eq!(acc.len(), 5);
    for a in acc {
        let n = |k: &str| a[k].as_u64().unwrap();
        assert_eq!(
            n("rows_read"),
            n("accepted") + n("rejected") + n("skipped"),
            "{a}"
        );
    }
    let csv = acc
        .iter()
        .find(|a| a["file"] == "progress/進捗_202409_環境生活課.csv")
        .unwrap();
    assert_eq!(
        (csv["rows_read"].as_u64(), csv["accepted"].as_u64()),
        (Some(6), Some(1))
    );
    assert_eq!(m["diagnostics"]["error"], 0);
}
