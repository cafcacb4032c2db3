use super::*;
use crate::config::Settings;
use crate::plan::edition::Edition;
use crate::plan::{Plan, ScheduleCell, parse_plan_text};
use crate::progress::PeriodSource;

const SAMPLE: &str = include_str!("../../../fixtures/plans/plan_sample_no07-11.txt");

fn sample_plan() -> Plan {
    let s = Settings::default();
    let (parsed, mut findings) = parse_plan_text("plan.txt", SAMPLE, &s);
    Plan::assemble(
        vec![parsed],
        &crate::sections::Sections::configured(&s),
        &mut findings,
    )
}

fn ym(year: i32, month: u32) -> Period {
    Period::new(year, month).unwrap()
}

fn id(s: &str) -> ItemId {
    let (a, b) = s.split_once('-').unwrap();
    ItemId::new(a.parse().unwrap(), b.parse().unwrap())
}

fn rec(item: &str, period: Period, status: Option<&str>, percent: Option<f64>) -> ProgressRecord {
    ProgressRecord {
        item_id: id(item),
        period,
        period_source: PeriodSource::DateColumn,
        report_day: None,
        status: status.map(str::to_string),
        status_raw: status.unwrap_or_default().to_string(),
        percent,
        ratings: Default::default(),
        effect_yen: None,
        results: String::new(),
        issues: String::new(),
        next_steps: String::new(),
        source_file: "progress/r.csv".to_string(),
        source_sheet: String::new(),
        source_row: 2,
        sender: Default::default(),
        reported_by: None,
        set_aside: false,
    }
}

/// The states of `items` in `months`, as [`MonthState::label`] at each month, for
/// `records` against `editions` (the last in force).
fn labels(
    editions: &[Edition],
    records: &[ProgressRecord],
    items: &[&str],
    months: &[Period],
) -> Vec<Vec<String>> {
    let target = editions.len() - 1;
    let lineage = crate::revision::Lineage::new(editions);
    let revisions = Revisions {
        editions,
        target,
        changes: &[],
        lineage: &lineage,
    };
    let view = ProgressView::new(records, &revisions);
    let plan = &editions[target].plan;
    items
        .iter()
        .map(|i| {
            let (_, it) = plan.items().find(|(_, it)| it.id == id(i)).unwrap();
            months
                .iter()
                .map(|m| {
                    let s = month_state(&view, it, *m);
                    let overdue = matches!(s, MonthState::Unreported { overdue: true, .. });
                    format!("{}{}", s.label(*m), if overdue { "!" } else { "" })
                })
                .collect()
        })
        .collect()
}

fn one_edition() -> Vec<Edition> {
    vec![Edition {
        date: None,
        plan: sample_plan(),
    }]
}

#[test]
fn a_finished_item_stays_finished_and_is_not_unreported() {
    let records = [
        rec("9-3", ym(2024, 9), Some("完了"), Some(100.0)),
        rec("9-2", ym(2024, 9), Some("中止"), None),
        rec("9-2", ym(2024, 11), Some("実施中"), Some(10.0)),
    ];
    let months = [ym(2024, 9), ym(2024, 10), ym(2024, 11), ym(2024, 12)];
    assert_eq!(
        labels(&one_edition(), &records, &["9-3", "9-2"], &months),
        vec![
            vec!["完了", "9月: 完了", "9月: 完了", "9月: 完了"],
            // A later report says otherwise: expected again from the month after it.
            vec!["中止", "9月: 中止", "実施中", "未報告（11月: 実施中）"],
        ]
    );
}

#[test]
fn an_unfinished_item_without_a_report_is_unreported_with_its_last_status() {
    let records = [
        rec("7-1", ym(2024, 8), Some("実施中"), Some(40.0)),
        rec("7-3", ym(2024, 9), None, None),
    ];
    let months = [ym(2024, 7), ym(2024, 8), ym(2024, 9), ym(2024, 10)];
    assert_eq!(
        labels(&one_edition(), &records, &["7-1", "7-2", "7-3"], &months),
        vec![
            // Before reporting started: not expected. Two months unreported: marked.
            vec![
                "－",
                "実施中",
                "未報告（8月: 実施中）",
                "未報告（8月: 実施中）!"
            ],
            // Never reported: 未報告 from the month reporting started, marked from the
            // second month on.
            vec!["－", "未報告", "未報告!", "未報告!"],
            vec![
                "－",
                "未報告",
                "（状況未記入）",
                "未報告（9月: 状況未記入）"
            ],
        ]
    );
}

#[test]
fn a_month_of_another_fiscal_year_is_named_with_its_era() {
    let records = [
        rec("9-3", ym(2024, 3), Some("完了"), None),
        rec("9-2", ym(2024, 3), Some("実施中"), None),
    ];
    let months = [ym(2024, 3), ym(2024, 4)];
    assert_eq!(
        labels(&one_edition(), &records, &["9-3", "9-2"], &months),
        vec![
            vec!["完了", "令和6年3月: 完了"],
            vec!["実施中", "未報告（令和6年3月: 実施中）"]
        ]
    );
    assert_eq!(month_name(ym(2025, 1), ym(2024, 4)), "1月");
    assert_eq!(month_name(ym(2024, 3), ym(2024, 4)), "令和6年3月");
}

#[test]
fn a_year_with_nothing_planned_yet_is_not_expected() {
    let mut editions = one_edition();
    for ini in &mut editions[0].plan.initiatives {
        for it in &mut ini.items {
            if it.id == id("7-1") || it.id == id("7-2") {
                it.schedule = vec![ScheduleCell {
                    fiscal_year: 2024,
                    cell_text: String::new(),
                    activity: String::new(),
                    kind: ScheduleKind::None,
                }];
            }
        }
    }
    let records = [
        rec("7-2", ym(2024, 3), Some("実施中"), None),
        rec("9-2", ym(2024, 9), Some("実施中"), None),
    ];
    let months = [ym(2024, 9), ym(2024, 10)];
    assert_eq!(
        labels(&editions, &records, &["7-1", "7-2", "9-2"], &months),
        vec![
            vec!["－", "－"],
            vec!["令和6年3月: 実施中", "令和6年3月: 実施中"],
            vec!["実施中", "未報告（9月: 実施中）"],
        ]
    );
}

#[test]
fn an_item_added_by_a_revision_is_expected_from_the_revision_on() {
    let mut first = sample_plan();
    for ini in &mut first.initiatives {
        ini.items.retain(|it| it.id != id("7-3"));
    }
    let editions = vec![
        Edition {
            date: Some(ym(2024, 4)),
            plan: first,
        },
        Edition {
            date: Some(ym(2024, 10)),
            plan: sample_plan(),
        },
    ];
    let records = [rec("7-1", ym(2024, 8), Some("実施中"), None)];
    let months = [ym(2024, 8), ym(2024, 9), ym(2024, 10), ym(2024, 11)];
    assert_eq!(
        labels(&editions, &records, &["7-3", "8-1"], &months),
        vec![
            // Not 2か月以上未報告 in its first month.
            vec!["－", "－", "未報告", "未報告!"],
            vec!["未報告", "未報告!", "未報告!", "未報告!"],
        ]
    );
}

#[test]
fn counted_and_history_labels_follow_the_state() {
    let done = rec("9-3", ym(2024, 9), Some("完了"), Some(100.0));
    let blank = rec("9-3", ym(2024, 9), None, None);
    let carried = MonthState::CarriedOver {
        from: ym(2024, 9),
        record: &done,
    };
    assert_eq!(carried.counted(), Some("完了"));
    assert_eq!(carried.history_label(), "（完了）");
    let carried_blank = MonthState::CarriedOver {
        from: ym(2024, 9),
        record: &blank,
    };
    assert_eq!(carried_blank.history_label(), "（状況未記入）");
    let missing = MonthState::Unreported {
        last: Some(&done),
        overdue: true,
    };
    assert_eq!(missing.counted(), Some("未報告"));
    assert_eq!(missing.history_label(), "未報告");
    assert_eq!(MonthState::NotYetExpected.counted(), None);
    assert_eq!(MonthState::NotYetExpected.history_label(), "－");
    assert_eq!(MonthState::Reported(&done).label(ym(2024, 9)), "完了");
}

/// The issue's case: a section with two items, one 完了 in September, the other reported
/// in October. 報告率 counts the item still open only; 完了率 counts the carried 完了.
#[test]
fn rates_leave_finished_items_out_of_the_report_rate_and_count_carried_completion() {
    use crate::report::rates::Rates;
    let editions = one_edition();
    let lineage = crate::revision::Lineage::new(&editions);
    let revisions = Revisions {
        editions: &editions,
        target: 0,
        changes: &[],
        lineage: &lineage,
    };
    let records = [
        rec("9-3", ym(2024, 9), Some("完了"), Some(100.0)),
        rec("9-2", ym(2024, 9), Some("実施中"), Some(50.0)),
        rec("9-2", ym(2024, 10), Some("実施中"), Some(60.0)),
        rec("7-1", ym(2024, 9), Some("中止"), None),
    ];
    let view = ProgressView::new(&records, &revisions);
    let plan = &editions[0].plan;
    let pick = |ids: &[&str]| -> Vec<&PracticeItem> {
        ids.iter()
            .map(|i| plan.items().find(|(_, it)| it.id == id(i)).unwrap().1)
            .collect()
    };
    let oct = Rates::of(&view, ym(2024, 10), pick(&["9-3", "9-2"]));
    assert_eq!(
        (
            oct.in_force,
            oct.expected,
            oct.reported,
            oct.unreported,
            oct.done
        ),
        (2, 1, 1, 0, 1)
    );
    assert_eq!(oct.report_rate(), Some(1.0));
    assert_eq!(oct.completion_rate(), Some(0.5));
    assert_eq!(oct.report_text(), "1 / 1 件（100.0%）");
    assert!(!oct.none_reported());
    // November: 9-2 unreported, the section sent nothing.
    let nov = Rates::of(&view, ym(2024, 11), pick(&["9-3", "9-2", "7-1"]));
    assert_eq!(
        (
            nov.in_force,
            nov.expected,
            nov.reported,
            nov.unreported,
            nov.done
        ),
        (3, 1, 0, 1, 1)
    );
    assert_eq!(nov.report_rate(), Some(0.0));
    assert!(nov.none_reported());
    // Before any report: nothing expected, no rate.
    let aug = Rates::of(&view, ym(2024, 8), pick(&["9-3"]));
    assert_eq!((aug.in_force, aug.expected), (0, 0));
    assert_eq!(aug.report_rate(), None);
    assert_eq!(aug.report_text(), "対象なし");
}
