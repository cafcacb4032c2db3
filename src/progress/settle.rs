//! Settling the rows of every file into one set of records: each row gets a month, is
//! carried to the edition in force for the run, and a later report for the same item and
//! month supersedes an earlier one.

use std::collections::BTreeMap;

use super::FileReport;
use super::catalog::Catalog;
use super::record::{ProgressRecord, ProgressRow, RowOrder};
use crate::diagnostics::{Finding, FindingCode, Severity};
use crate::plan::ItemId;
use crate::wareki::Period;

/// Every record with its period resolved, the latest report per item and month kept.
pub struct Settled {
    /// Sorted by item, then period.
    pub records: Vec<ProgressRecord>,
    pub findings: Vec<Finding>,
    /// (file) -> superseded rows.
    pub superseded: BTreeMap<String, usize>,
    /// (file) -> accepted rows whose item is not in the edition in force for the run.
    pub not_in_plan: BTreeMap<String, usize>,
    /// Other sections' reports set aside for the owner's report of the same item and
    /// month: kept for the tables, never shown as the item's status.
    pub secondary: Vec<ProgressRecord>,
}

/// A row carried to the run's edition, waiting to be compared with the other reports of
/// its item and month.
struct Candidate {
    order: RowOrder,
    record: ProgressRecord,
}

/// The rows that made it into the run's edition, and those that did not.
struct Carried {
    /// In the order the rows were given.
    candidates: Vec<Candidate>,
    /// One [`FindingCode::ProgressItemNotInPlan`] per dropped row.
    findings: Vec<Finding>,
    /// (file) -> dropped rows.
    not_in_plan: BTreeMap<String, usize>,
}

/// The report kept for an item and month.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Slot {
    item_id: ItemId,
    period: Period,
}

/// The latest report per item and month, and the reports they superseded.
struct Latest {
    slots: BTreeMap<Slot, ProgressRecord>,
    findings: Vec<Finding>,
    superseded: BTreeMap<String, usize>,
    /// Other sections' reports set aside for the owner's.
    set_aside: Vec<ProgressRecord>,
}

/// The latest period any row names by its date column or file name.
pub fn latest_period(reports: &[FileReport]) -> Option<Period> {
    reports
        .iter()
        .flat_map(|r| r.records.iter().filter_map(|x| x.period))
        .max()
}

/// Gives rows without a month the run's period, carries every row to the edition in
/// force for the run (`target`: an item reported under its old ID or name lands on the
/// same item), and keeps, for each item and month, the report from the later file (in
/// file-name order) or the later row; the earlier ones are reported as superseded.
pub fn settle(
    reports: Vec<FileReport>,
    run_period: Period,
    catalog: &Catalog,
    target: usize,
) -> Settled {
    let rows = reports.into_iter().flat_map(|r| r.records);
    let carried = carry_to_target(rows, run_period, catalog, target);
    let latest = keep_latest(carried.candidates);
    let mut records: Vec<ProgressRecord> = latest.slots.into_values().collect();
    records.sort_by_key(|r| (r.item_id, r.period));
    let mut findings = carried.findings;
    findings.extend(latest.findings);
    Settled {
        records,
        findings,
        superseded: latest.superseded,
        not_in_plan: carried.not_in_plan,
        secondary: latest.set_aside,
    }
}

/// Each row with its period resolved and its item named as in edition `target`; rows
/// whose item is not in that edition are dropped and reported.
fn carry_to_target(
    rows: impl Iterator<Item = ProgressRow>,
    run_period: Period,
    catalog: &Catalog,
    target: usize,
) -> Carried {
    let mut carried = Carried {
        candidates: Vec::new(),
        findings: Vec::new(),
        not_in_plan: BTreeMap::new(),
    };
    for row in rows {
        let period = row.period.unwrap_or(run_period);
        match catalog.translate(row.item_id, row.edition, target) {
            Some(id) => carried.candidates.push(Candidate {
                order: row.order,
                record: row.into_record(id, period),
            }),
            None => {
                *carried
                    .not_in_plan
                    .entry(row.source_file.clone())
                    .or_default() += 1;
                carried
                    .findings
                    .push(not_in_plan(&row, period, catalog, target));
            }
        }
    }
    carried
}

/// The finding for a row whose item is not in edition `target`. Only informative when
/// the row's month precedes that edition (the item was dropped by the revision).
fn not_in_plan(row: &ProgressRow, period: Period, catalog: &Catalog, target: usize) -> Finding {
    let from = catalog.editions[row.edition].label();
    let to = catalog.editions[target].label();
    let before_revision = catalog.editions[target].date.is_some_and(|d| period < d);
    Finding::new(
        &row.source_file,
        row.location(),
        FindingCode::ProgressItemNotInPlan,
        format!(
            "{}の実践項目 {}（{from}版）は、対象期間の計画（{to}版）にないため、この報告は表とブックに載せていません",
            period.japanese(),
            row.item_id
        ),
    )
    .with_value(row.item_id.to_string())
    .with_severity(if before_revision {
        Severity::Info
    } else {
        Severity::Warning
    })
}

/// Keeps the last report (in [`RowOrder`]) per item and month, an owner's report before
/// any other section's ([`ProgressRecord::reported_by`]): another section's report is
/// used only when the owner sent none, and is a warning either way.
fn keep_latest(mut candidates: Vec<Candidate>) -> Latest {
    candidates.sort_by_key(|c| c.order);
    let mut latest = Latest {
        slots: BTreeMap::new(),
        findings: Vec::new(),
        superseded: BTreeMap::new(),
        set_aside: Vec::new(),
    };
    for Candidate { record, .. } in candidates {
        let slot = Slot {
            item_id: record.item_id,
            period: record.period,
        };
        let kept_owner = latest
            .slots
            .get(&slot)
            .is_some_and(|old| old.reported_by.is_none());
        if record.reported_by.is_some() && kept_owner {
            // The owner's report stands; this one is set aside.
            let owner = &latest.slots[&slot];
            latest.findings.push(not_owner(&record, Some(owner), &slot));
            *latest
                .superseded
                .entry(record.source_file.clone())
                .or_default() += 1;
            latest.set_aside.push(record);
            continue;
        }
        if let Some(old) = latest.slots.insert(slot.clone(), record) {
            let new = &latest.slots[&slot];
            *latest
                .superseded
                .entry(old.source_file.clone())
                .or_default() += 1;
            if old.reported_by.is_some() && new.reported_by.is_none() {
                latest.findings.push(not_owner(&old, Some(new), &slot));
                latest.set_aside.push(old);
            } else {
                latest.findings.push(superseded(&old, new, &slot));
            }
        }
    }
    let used: Vec<Finding> = latest
        .slots
        .iter()
        .filter(|(_, r)| r.reported_by.is_some())
        .map(|(slot, r)| not_owner(r, None, slot))
        .collect();
    latest.findings.extend(used);
    latest
}

/// The warning for `other`, another section's report of `slot`: set aside for the
/// owner's report `owner`, or used because the owner sent none.
fn not_owner(other: &ProgressRecord, owner: Option<&ProgressRecord>, slot: &Slot) -> Finding {
    let section = other.reported_by.as_deref().unwrap_or_default();
    let what = format!(
        "{} の{}の報告は、担当部署ではない「{section}」のファイルからの報告です",
        slot.item_id,
        slot.period.japanese()
    );
    let message = match owner {
        Some(o) => format!(
            "{what}。担当部署の報告（{} {}）を使い、この報告は使っていません",
            o.source_file,
            o.location()
        ),
        None => format!(
            "{what}。担当部署からの報告がないため、この報告を使いました。担当部署に確認してください"
        ),
    };
    Finding::new(
        &other.source_file,
        other.location(),
        FindingCode::ProgressNotOwner,
        message,
    )
    .with_value(slot.item_id.to_string())
}

/// The finding for report `old`, replaced by `new` in `slot`: a warning naming both files
/// when they are two files (a later month's book copied over an earlier one, a report sent
/// twice), a warning when one file gives two reports that disagree, and only informative
/// when one file repeats the same report.
fn superseded(old: &ProgressRecord, new: &ProgressRecord, slot: &Slot) -> Finding {
    let newer = format!("{} {}", new.source_file, new.location());
    let what = format!("{} の{}の報告", slot.item_id, slot.period.japanese());
    let (code, message) = if old.source_file != new.source_file {
        (
            FindingCode::ProgressReplaced,
            format!(
                "{what}は、別のファイルの報告（{newer}）で置き換えました。「{}」と「{}」の両方に同じ月の報告があります",
                old.source_file, new.source_file
            ),
        )
    } else if !same_report(old, new) {
        (
            FindingCode::ProgressConflict,
            format!(
                "{what}が同じファイルに二つあり、内容が違います（{} と {}）。後の行を使いました",
                old.location(),
                new.location()
            ),
        )
    } else {
        (
            FindingCode::ProgressSuperseded,
            format!("{what}は、後の報告（{newer}）で置き換えました"),
        )
    };
    Finding::new(&old.source_file, old.location(), code, message)
        .with_value(slot.item_id.to_string())
}

/// Whether two reports say the same: status, percent, ratings, amount and texts.
fn same_report(a: &ProgressRecord, b: &ProgressRecord) -> bool {
    a.status == b.status
        && a.percent == b.percent
        && a.ratings == b.ratings
        && a.effect_yen == b.effect_yen
        && a.results == b.results
        && a.issues == b.issues
        && a.next_steps == b.next_steps
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::edition::Edition;
    use crate::progress::PeriodSource;
    use crate::progress::testing::{SAMPLE_PLAN, plan, sample_editions, ym};

    /// An accepted row of `item` read from `file` (the `file_index`-th file) at `row`.
    fn row(
        item: &str,
        period: Option<Period>,
        file: &str,
        file_index: usize,
        row: usize,
    ) -> ProgressRow {
        ProgressRow {
            item_id: item.parse().unwrap(),
            edition: 0,
            period,
            period_source: if period.is_some() {
                PeriodSource::DateColumn
            } else {
                PeriodSource::Run
            },
            report_day: None,
            status: Some("実施中".to_string()),
            status_raw: "実施中".to_string(),
            percent: None,
            ratings: Default::default(),
            effect_yen: None,
            results: String::new(),
            issues: String::new(),
            next_steps: String::new(),
            source_file: file.to_string(),
            source_sheet: String::new(),
            source_row: row as u32 + 1,
            sender: Default::default(),
            reported_by: None,
            order: RowOrder {
                file: file_index,
                sheet: 0,
                row,
            },
        }
    }

    fn report(rows: Vec<ProgressRow>) -> FileReport {
        FileReport {
            records: rows,
            ..Default::default()
        }
    }

    /// (item, period, file, row) of each settled record.
    fn kept(s: &Settled) -> Vec<(String, String, &str, u32)> {
        s.records
            .iter()
            .map(|r| {
                (
                    r.item_id.to_string(),
                    r.period.to_string(),
                    r.source_file.as_str(),
                    r.source_row,
                )
            })
            .collect()
    }

    #[test]
    fn a_later_report_supersedes_an_earlier_one_and_each_file_counts_its_own() {
        let sep = Some(ym(2024, 9));
        let a = report(vec![
            row("7-1", sep, "a.csv", 0, 1),
            row("7-1", sep, "a.csv", 0, 2),
            row("7-2", sep, "a.csv", 0, 3),
        ]);
        let b = report(vec![
            row("7-1", sep, "b.csv", 1, 1),
            row("10-1", sep, "b.csv", 1, 2),
        ]);
        let editions = sample_editions();
        let lineage = crate::revision::Lineage::new(&editions);
        let catalog = Catalog::new(&editions, &lineage, None);
        // The order of the reports given does not matter: file order does.
        let s = settle(vec![b, a], ym(2024, 9), &catalog, 0);
        assert_eq!(
            kept(&s),
            vec![
                ("7-1".to_string(), "2024-09".to_string(), "b.csv", 2),
                ("7-2".to_string(), "2024-09".to_string(), "a.csv", 4),
                ("10-1".to_string(), "2024-09".to_string(), "b.csv", 3),
            ]
        );
        assert_eq!(
            s.superseded.into_iter().collect::<Vec<_>>(),
            vec![("a.csv".to_string(), 2)]
        );
        assert!(s.not_in_plan.is_empty());
        let found: Vec<(&str, &str, &str)> = s
            .findings
            .iter()
            .map(|f| (f.file.as_str(), f.location.as_str(), f.message.as_str()))
            .collect();
        assert_eq!(
            found,
            vec![
                (
                    "a.csv",
                    "2行目",
                    "7-1 の令和6年9月の報告は、後の報告（a.csv 3行目）で置き換えました"
                ),
                (
                    "a.csv",
                    "3行目",
                    "7-1 の令和6年9月の報告は、別のファイルの報告（b.csv 2行目）で置き換えました。「a.csv」と「b.csv」の両方に同じ月の報告があります"
                ),
            ]
        );
        // The same report twice in one file is only informative; another file's is a
        // warning.
        let codes: Vec<(FindingCode, Severity, &str)> = s
            .findings
            .iter()
            .map(|f| (f.code, f.severity, f.value.as_str()))
            .collect();
        assert_eq!(
            codes,
            vec![
                (FindingCode::ProgressSuperseded, Severity::Info, "7-1"),
                (FindingCode::ProgressReplaced, Severity::Warning, "7-1"),
            ]
        );
    }

    #[test]
    fn two_disagreeing_reports_in_one_file_are_a_warning() {
        let sep = Some(ym(2024, 9));
        let mut later = row("7-1", sep, "a.csv", 0, 2);
        later.status = Some("完了".to_string());
        let a = report(vec![row("7-1", sep, "a.csv", 0, 1), later]);
        let editions = sample_editions();
        let lineage = crate::revision::Lineage::new(&editions);
        let catalog = Catalog::new(&editions, &lineage, None);
        let s = settle(vec![a], ym(2024, 9), &catalog, 0);
        assert_eq!(s.records.len(), 1);
        assert_eq!(s.records[0].status.as_deref(), Some("完了"));
        let f = &s.findings[0];
        assert_eq!(
            (f.code, f.severity),
            (FindingCode::ProgressConflict, Severity::Warning)
        );
        assert!(f.message.contains("2行目 と 3行目"), "{}", f.message);
    }

    #[test]
    fn another_section_s_report_never_replaces_the_owner_s() {
        let sep = Some(ym(2024, 9));
        let owner = row("8-3", sep, "営業課.csv", 0, 1);
        let mut other = row("8-3", sep, "納税課.csv", 1, 1);
        other.reported_by = Some("納税課".to_string());
        let mut alone = row("7-1", sep, "納税課.csv", 1, 2);
        alone.reported_by = Some("納税課".to_string());
        let editions = sample_editions();
        let lineage = crate::revision::Lineage::new(&editions);
        let catalog = Catalog::new(&editions, &lineage, None);
        let s = settle(
            vec![report(vec![owner]), report(vec![other, alone])],
            ym(2024, 9),
            &catalog,
            0,
        );
        // The later file does not win: the owner's report stands; the other item has
        // no owner's report and takes the other section's.
        assert_eq!(
            kept(&s),
            vec![
                ("7-1".to_string(), "2024-09".to_string(), "納税課.csv", 3),
                ("8-3".to_string(), "2024-09".to_string(), "営業課.csv", 2),
            ]
        );
        let found: Vec<(FindingCode, Severity, &str, &str)> = s
            .findings
            .iter()
            .map(|f| (f.code, f.severity, f.value.as_str(), f.file.as_str()))
            .collect();
        assert_eq!(
            found,
            vec![
                (
                    FindingCode::ProgressNotOwner,
                    Severity::Warning,
                    "8-3",
                    "納税課.csv"
                ),
                (
                    FindingCode::ProgressNotOwner,
                    Severity::Warning,
                    "7-1",
                    "納税課.csv"
                ),
            ]
        );
        assert!(
            s.findings[0]
                .message
                .contains("担当部署の報告（営業課.csv 2行目）を使い")
        );
    }

    #[test]
    fn rows_without_a_month_take_the_run_period() {
        let editions = sample_editions();
        let lineage = crate::revision::Lineage::new(&editions);
        let catalog = Catalog::new(&editions, &lineage, None);
        let rows = report(vec![
            row("7-1", None, "b.csv", 1, 1),
            row("7-1", Some(ym(2024, 8)), "a.csv", 0, 1),
        ]);
        assert_eq!(
            latest_period(std::slice::from_ref(&rows)),
            Some(ym(2024, 8))
        );
        let s = settle(vec![rows], ym(2024, 9), &catalog, 0);
        assert_eq!(
            kept(&s),
            vec![
                ("7-1".to_string(), "2024-08".to_string(), "a.csv", 2),
                ("7-1".to_string(), "2024-09".to_string(), "b.csv", 2),
            ]
        );
        assert_eq!(s.records[1].period_source, PeriodSource::Run);
        assert!(s.findings.is_empty() && s.superseded.is_empty());
    }

    #[test]
    fn items_not_in_the_edition_in_force_are_dropped_and_counted() {
        // The revised edition keeps initiative No. 7 only.
        let cut = SAMPLE_PLAN.find("No. 8").unwrap();
        let editions = vec![
            Edition {
                date: Some(ym(2020, 4)),
                plan: plan(SAMPLE_PLAN),
            },
            Edition {
                date: Some(ym(2024, 10)),
                plan: plan(&SAMPLE_PLAN[..cut]),
            },
        ];
        let lineage = crate::revision::Lineage::new(&editions);
        let catalog = Catalog::new(&editions, &lineage, None);
        let rows = report(vec![
            row("7-1", Some(ym(2024, 9)), "a.csv", 0, 1),
            row("8-1", Some(ym(2024, 9)), "a.csv", 0, 2),
            row("8-2", Some(ym(2024, 11)), "a.csv", 0, 3),
        ]);
        let s = settle(vec![rows], ym(2024, 11), &catalog, 1);
        assert_eq!(
            kept(&s),
            vec![("7-1".to_string(), "2024-09".to_string(), "a.csv", 2)]
        );
        assert_eq!(s.not_in_plan.get("a.csv"), Some(&2));
        let found: Vec<(FindingCode, Severity, &str)> = s
            .findings
            .iter()
            .map(|f| (f.code, f.severity, f.value.as_str()))
            .collect();
        // A report from before the revision is only informative.
        assert_eq!(
            found,
            vec![
                (FindingCode::ProgressItemNotInPlan, Severity::Info, "8-1"),
                (FindingCode::ProgressItemNotInPlan, Severity::Warning, "8-2"),
            ]
        );
        assert!(
            s.findings[0]
                .message
                .contains("（2020-04版）は、対象期間の計画（2024-10版）にない"),
            "{}",
            s.findings[0].message
        );
    }
}
