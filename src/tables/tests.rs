//! Each table's columns (names, order, dtypes) and a few values, built from the sample
//! plan and from small records made here. The Parquet and CSV bytes depend on all three.

use polars::prelude::*;

use super::*;
use crate::config::Settings;
use crate::config::scale::{Rating, ScaleKey};
use crate::diagnostics::FindingCode;
use crate::plan::{DepartmentId, DepartmentRef, ItemId, PracticeItem, parse_plan_text};
use crate::progress::PeriodSource;
use crate::revision::ChangeKind;
use crate::wareki::Period;

const SAMPLE: &str = include_str!("../../fixtures/plans/plan_sample_no07-11.txt");

fn sample_plan() -> Plan {
    let settings = Settings::default();
    let (parsed, mut findings) = parse_plan_text("plan_sample.txt", SAMPLE, &settings);
    let plan = Plan::assemble(
        vec![parsed],
        &crate::sections::Sections::configured(&settings),
        &mut findings,
    );
    assert!(findings.is_empty(), "{findings:#?}");
    plan
}

fn sample_items(plan: &Plan) -> Vec<&PracticeItem> {
    plan.items().map(|(_, it)| it).collect()
}

fn names(df: &DataFrame) -> Vec<String> {
    df.get_column_names()
        .iter()
        .map(|n| n.to_string())
        .collect()
}

/// The cells of a column as text; null is `<null>`.
fn cells(df: &DataFrame, col: &str) -> Vec<String> {
    df.column(col)
        .expect("column")
        .as_materialized_series()
        .iter()
        .map(|v| match v {
            AnyValue::String(s) => s.to_string(),
            AnyValue::StringOwned(s) => s.to_string(),
            AnyValue::Null => "<null>".to_string(),
            other => other.to_string(),
        })
        .collect()
}

fn dept(mark: &str, section: &str) -> DepartmentRef {
    DepartmentRef {
        bureau: String::new(),
        bureau_mark: mark.to_string(),
        section: section.to_string(),
    }
}

/// An item of initiative 3 owned by `departments` (the first is the primary one).
fn item(seq: u32, departments: Vec<DepartmentRef>) -> PracticeItem {
    PracticeItem {
        id: ItemId::new(3, seq),
        initiative_no: crate::plan::InitiativeId::new(3),
        seq,
        name: format!("項目{seq}"),
        content: String::new(),
        departments,
        all_departments: false,
        schedule: Vec::new(),
        effect_targets: std::collections::BTreeMap::new(),
        target_indicator: String::new(),
        source_file: "p.txt".to_string(),
        source_line: 10 + seq as usize,
    }
}

#[test]
fn initiatives_columns() {
    let plan = sample_plan();
    let df = plan::initiatives(&plan.initiatives).unwrap();
    assert_eq!(
        names(&df),
        [
            "initiative_no",
            "title",
            "issues",
            "content",
            "goals",
            "source_file",
            "source_line"
        ]
    );
    use DataType::*;
    assert_eq!(
        df.dtypes(),
        [String, String, String, String, String, String, UInt32]
    );
    assert_eq!(cells(&df, "initiative_no"), ["7", "8", "9", "10", "11"]);
    assert_eq!(cells(&df, "title")[0], "窓口の利便性向上に向けた取組");
    assert_eq!(cells(&df, "source_file")[0], "plan_sample.txt");
    assert_eq!(cells(&df, "source_line")[0], "3");
}

#[test]
fn practice_items_columns() {
    let plan = sample_plan();
    let df = plan::practice_items(&sample_items(&plan)).unwrap();
    assert_eq!(
        names(&df),
        [
            "item_id",
            "initiative_no",
            "seq",
            "name",
            "content",
            "department_id",
            "all_departments",
            "target_indicator",
            "source_file",
            "source_line"
        ]
    );
    use DataType::*;
    assert_eq!(
        df.dtypes(),
        [
            String, String, UInt32, String, String, String, Boolean, String, String, UInt32
        ]
    );
    assert_eq!(df.height(), 17);
    let ids = cells(&df, "item_id");
    assert_eq!(&ids[..4], ["7-1", "7-2", "7-3", "8-1"]);
    assert_eq!(cells(&df, "seq")[..3], ["1", "2", "3"]);
    assert_eq!(
        cells(&df, "name")[0],
        "住民異動等におけるタブレット端末の活用"
    );
    assert_eq!(cells(&df, "department_id")[0], "(民)窓口サービス課");
    // 「(財)管財課、各担当部署」: the all-sections flag, with 管財課 as the primary section.
    let shared: Vec<usize> = cells(&df, "all_departments")
        .iter()
        .enumerate()
        .filter(|(_, v)| *v == "true")
        .map(|(k, _)| k)
        .collect();
    assert_eq!(shared.len(), 1);
    assert_eq!(cells(&df, "department_id")[shared[0]], "(財)管財課");
}

#[test]
fn practice_items_without_owner_have_a_null_department() {
    let it = item(1, Vec::new());
    let df = plan::practice_items(&[&it]).unwrap();
    assert_eq!(cells(&df, "department_id"), ["<null>"]);
    assert_eq!(cells(&df, "source_line"), ["11"]);
}

#[test]
fn item_departments_columns_and_roles() {
    let shared = item(1, vec![dept("財", "管財課"), dept("教", "総務企画課")]);
    let single = item(2, vec![dept("民", "窓口サービス課")]);
    let none = item(3, Vec::new());
    let df = plan::item_departments(&[&shared, &none, &single]).unwrap();
    assert_eq!(names(&df), ["item_id", "department_id", "role"]);
    use DataType::*;
    assert_eq!(df.dtypes(), [String, String, String]);
    assert_eq!(cells(&df, "item_id"), ["3-1", "3-1", "3-2"]);
    assert_eq!(
        cells(&df, "department_id"),
        ["(財)管財課", "(教)総務企画課", "(民)窓口サービス課"]
    );
    assert_eq!(cells(&df, "role"), ["主担当", "共同", "主担当"]);
}

#[test]
fn departments_columns() {
    let plan = sample_plan();
    let workbook_of = |id: &DepartmentId| format!("{id}.xlsx");
    let df = plan::departments(&plan.departments, &workbook_of).unwrap();
    assert_eq!(
        names(&df),
        [
            "department_id",
            "bureau_mark",
            "bureau_name",
            "section_name",
            "workbook"
        ]
    );
    assert!(df.dtypes().iter().all(|t| *t == DataType::String));
    assert_eq!(df.height(), 13);
    assert_eq!(cells(&df, "department_id")[0], "(民)窓口サービス課");
    assert_eq!(cells(&df, "bureau_mark")[0], "民");
    assert_eq!(cells(&df, "bureau_name")[0], "市民生活部");
    assert_eq!(cells(&df, "section_name")[0], "窓口サービス課");
    assert_eq!(cells(&df, "workbook")[0], "(民)窓口サービス課.xlsx");
}

#[test]
fn schedule_columns() {
    let plan = sample_plan();
    let df = plan::schedule(&sample_items(&plan)).unwrap();
    assert_eq!(
        names(&df),
        ["item_id", "fiscal_year", "cell_text", "activity", "kind"]
    );
    use DataType::*;
    assert_eq!(df.dtypes(), [String, Int32, String, String, String]);
    assert_eq!(df.height(), 85);
    // Item 7-1: an activity, then one more, then nothing planned.
    assert_eq!(cells(&df, "item_id")[..5], ["7-1"; 5]);
    assert_eq!(
        cells(&df, "fiscal_year")[..5],
        ["2020", "2021", "2022", "2023", "2024"]
    );
    assert_eq!(cells(&df, "cell_text")[0], "先進自治体の調査、活用検討");
    assert_eq!(cells(&df, "activity")[2], "検討結果による");
    assert_eq!(
        cells(&df, "kind")[..5],
        ["new", "new", "continued", "continued", "continued"]
    );
}

#[test]
fn themes_columns() {
    let plan = sample_plan();
    let df = plan::themes(&plan.themes).unwrap();
    assert_eq!(names(&df), ["theme_no", "name"]);
    assert_eq!(df.dtypes(), [DataType::UInt32, DataType::String]);
    assert_eq!(cells(&df, "theme_no")[0], "1");
    assert_eq!(cells(&df, "name")[0], "健全な財政運営");
}

fn record(item_id: &str, period: Period) -> ProgressRecord {
    ProgressRecord {
        item_id: item_id.parse().unwrap(),
        period,
        period_source: PeriodSource::DateColumn,
        report_day: None,
        status: Some("実施中".to_string()),
        status_raw: "実施中".to_string(),
        percent: Some(40.0),
        ratings: [(
            ScaleKey::new("grade"),
            Rating {
                value: Some("B".to_string()),
                raw: "B（計画どおり）".to_string(),
            },
        )]
        .into(),
        effect_yen: Some(1_500_000),
        results: "実績".to_string(),
        issues: "課題".to_string(),
        next_steps: "予定".to_string(),
        source_file: "progress/a.xlsx".to_string(),
        source_sheet: "進捗入力".to_string(),
        source_row: 4,
        sender: Default::default(),
        reported_by: None,
        set_aside: false,
    }
}

#[test]
fn progress_columns() {
    let mut unknown = record("7-2", Period::new(2024, 7).unwrap());
    unknown.status = None;
    unknown.status_raw = "やってる".to_string();
    unknown.percent = None;
    unknown.ratings.clear();
    unknown.ratings.insert(
        ScaleKey::new("achievement"),
        Rating {
            value: Some("一部達成".to_string()),
            raw: "一部達成".to_string(),
        },
    );
    unknown.effect_yen = None;
    let records = [record("7-1", Period::new(2024, 6).unwrap()), unknown];
    let scales = crate::Settings::from_toml(
        "[[scales]]\nkey = \"achievement\"\nlabel = \"達成度\"\nvalues = [\"未達成\", \"一部達成\", \"達成\"]\nbest = \"last\"\n",
    )
    .unwrap()
    .progress
    .scales;
    let df = progress::progress(&records, &scales).unwrap();
    assert_eq!(
        names(&df),
        [
            "item_id",
            "period",
            "status",
            "status_raw",
            "percent",
            "grade",
            "grade_raw",
            "achievement",
            "achievement_raw",
            "effect_yen",
            "results",
            "issues",
            "next_steps",
            "reporter",
            "contact",
            "reported_by",
            "set_aside",
            "source_file",
            "source_sheet",
            "source_row"
        ]
    );
    use DataType::*;
    assert_eq!(
        df.dtypes(),
        [
            String, String, String, String, Float64, String, String, String, String, Int64, String,
            String, String, String, String, String, Boolean, String, String, UInt32
        ]
    );
    assert_eq!(cells(&df, "item_id"), ["7-1", "7-2"]);
    assert_eq!(cells(&df, "period"), ["2024-06", "2024-07"]);
    assert_eq!(cells(&df, "status"), ["実施中", "<null>"]);
    assert_eq!(cells(&df, "status_raw"), ["実施中", "やってる"]);
    assert_eq!(cells(&df, "percent"), ["40.0", "<null>"]);
    // Each axis in its own column, the value beside what was written.
    assert_eq!(cells(&df, "grade"), ["B", "<null>"]);
    assert_eq!(cells(&df, "grade_raw"), ["B（計画どおり）", "<null>"]);
    assert_eq!(cells(&df, "achievement"), ["<null>", "一部達成"]);
    assert_eq!(cells(&df, "effect_yen"), ["1500000", "<null>"]);
    assert_eq!(cells(&df, "source_row"), ["4", "4"]);
}

fn edition(date: Option<Period>, plan: Plan) -> Edition {
    Edition { date, plan }
}

#[test]
fn revisions_columns() {
    let sample = sample_plan();
    let editions = [
        edition(Period::new(2020, 4), sample.clone()),
        edition(
            Period::new(2023, 2),
            Plan {
                files: vec!["a.txt".to_string(), "b.txt".to_string()],
                ..Plan::default()
            },
        ),
    ];
    let df = revisions::revisions(&editions, 1).unwrap();
    assert_eq!(
        names(&df),
        [
            "edition",
            "date",
            "files",
            "initiatives",
            "items",
            "departments",
            "in_force"
        ]
    );
    use DataType::*;
    assert_eq!(
        df.dtypes(),
        [String, String, String, UInt32, UInt32, UInt32, Boolean]
    );
    assert_eq!(cells(&df, "edition"), ["2020-04", "2023-02"]);
    assert_eq!(cells(&df, "files"), ["plan_sample.txt", "a.txt;b.txt"]);
    assert_eq!(cells(&df, "initiatives"), ["5", "0"]);
    assert_eq!(cells(&df, "items"), ["17", "0"]);
    assert_eq!(cells(&df, "departments"), ["13", "0"]);
    assert_eq!(cells(&df, "in_force"), ["false", "true"]);

    let undated = revisions::revisions(&[edition(None, Plan::default())], 0).unwrap();
    assert_eq!(cells(&undated, "edition"), ["日付なし"]);
    assert_eq!(cells(&undated, "date"), ["<null>"]);
}

#[test]
fn plan_changes_columns() {
    let change = Change {
        from_edition: "2020-04".to_string(),
        to_edition: "2023-02".to_string(),
        item_id_old: Some(ItemId::new(7, 2)),
        item_id_new: Some(ItemId::new(7, 1)),
        change: ChangeKind::SectionChanged,
        detail: "担当部署: A → B".to_string(),
        departments_old: vec![DepartmentId::new("", "A")],
        departments_new: vec![DepartmentId::new("", "B")],
    };
    let df = revisions::plan_changes(&[change]).unwrap();
    assert_eq!(
        names(&df),
        [
            "from_edition",
            "to_edition",
            "item_id_old",
            "item_id_new",
            "change",
            "detail"
        ]
    );
    assert!(df.dtypes().iter().all(|t| *t == DataType::String));
    assert_eq!(cells(&df, "item_id_old"), ["7-2"]);
    assert_eq!(cells(&df, "item_id_new"), ["7-1"]);
    assert_eq!(cells(&df, "change"), ["section_changed"]);
    assert_eq!(cells(&df, "detail"), ["担当部署: A → B"]);
}

#[test]
fn diagnostics_columns() {
    let f = Finding::new(
        "plans/p.txt",
        "3行目",
        FindingCode::PlanMissingDepartment,
        "担当部署がありません",
    )
    .with_value("7-1");
    let df = diagnostics_frame(&[f]).unwrap();
    assert_eq!(
        names(&df),
        ["severity", "file", "location", "code", "value", "message"]
    );
    assert!(df.dtypes().iter().all(|t| *t == DataType::String));
    assert_eq!(
        cells(&df, "severity"),
        [FindingCode::PlanMissingDepartment.severity().label()]
    );
    assert_eq!(cells(&df, "location"), ["3行目"]);
    assert_eq!(
        cells(&df, "code"),
        [FindingCode::PlanMissingDepartment.as_str()]
    );
    assert_eq!(cells(&df, "value"), ["7-1"]);
    // No findings: the table is still written, with its columns.
    let empty = diagnostics_frame(&[]).unwrap();
    assert_eq!(empty.height(), 0);
    assert_eq!(empty.width(), 6);
}

#[test]
fn build_and_add_revisions_keep_the_table_order() {
    let plan = sample_plan();
    let workbook_of = |_: &DepartmentId| String::new();
    let mut tables = build(&plan, &workbook_of, (&[], &[])).unwrap();
    let order = |t: &Tables| -> Vec<&str> { t.frames.iter().map(|(n, _)| *n).collect() };
    assert_eq!(
        order(&tables),
        [
            "initiatives",
            "practice_items",
            "item_departments",
            "departments",
            "schedule",
            "effect_targets",
            "themes",
            "progress",
        ]
    );
    let editions = [edition(Period::new(2020, 4), plan.clone())];
    add_revisions(&mut tables, &editions, 0, &[]).unwrap();
    assert_eq!(
        order(&tables)[7..],
        ["progress", "revisions", "plan_changes"]
    );
    assert_eq!(
        tables.get("practice_items").map(DataFrame::height),
        Some(17)
    );
    assert!(tables.get("nothing").is_none());
}

#[test]
fn write_all_writes_parquet_and_csv_with_bom() {
    let plan = sample_plan();
    let workbook_of = |_: &DepartmentId| String::new();
    let mut tables = build(&plan, &workbook_of, (&[], &[])).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let written = write_all(&mut tables, dir.path()).unwrap();
    assert_eq!(written.len(), 2 * tables.frames.len());
    assert_eq!(written[0], dir.path().join("initiatives.parquet"));
    assert_eq!(written[1], dir.path().join("initiatives.csv"));
    let csv = std::fs::read(dir.path().join("themes.csv")).unwrap();
    assert!(csv.starts_with("\u{feff}theme_no,name\n".as_bytes()));
}

#[test]
fn text_that_looks_like_a_formula_is_neutralised_in_csv_only() {
    use super::write::{csv_text, looks_like_formula};
    for s in [
        "=1+1",
        "+81-3",
        "-x",
        "@SUM(A1)",
        "\tx",
        "\rx",
        "=HYPERLINK(\"x\")",
        "-",
        "-5.",
        "--5",
    ] {
        assert!(looks_like_formula(s), "{s:?}");
        assert_eq!(csv_text(s), format!("'{s}"));
    }
    // Plain numbers read as the number; other text is left alone.
    for s in ["-5", "+12", "-0.25", "7-1", "窓口", "", " =1", "＝1"] {
        assert!(!looks_like_formula(s), "{s:?}");
        assert_eq!(csv_text(s), s);
    }

    let f = Finding::new(
        "=cmd|' /C calc'!A0",
        "-5",
        FindingCode::ProgressBadPercent,
        "@x",
    )
    .with_value("-5");
    let mut tables = Tables {
        frames: vec![("diagnostics", diagnostics_frame(&[f]).unwrap())],
    };
    let dir = tempfile::tempdir().unwrap();
    write_all(&mut tables, dir.path()).unwrap();
    let csv =
        String::from_utf8(std::fs::read(dir.path().join("diagnostics.csv")).unwrap()).unwrap();
    let row = csv.lines().nth(1).unwrap();
    assert!(row.contains(",'=cmd|' /C calc'!A0,-5,"), "{row}");
    assert!(row.ends_with(",-5,'@x"), "{row}");
    // Parquet keeps the text as it is.
    let parquet = std::fs::File::open(dir.path().join("diagnostics.parquet")).unwrap();
    let df = ParquetReader::new(parquet).finish().unwrap();
    assert_eq!(cells(&df, "file"), ["=cmd|' /C calc'!A0"]);
    assert_eq!(cells(&df, "message"), ["@x"]);
}
