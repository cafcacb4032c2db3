//! The rules every sheet reads the reports by, in one place: what an item is in a month
//! (the carry-over rules below), the labels a month and a status are shown with, what the
//! fiscal year's reports of an item add up to ([`annual`]), and whether an item is due a
//! report ([`expects_report`], which `rates` counts by). The sheets use these; no sheet
//! supplies a rule to another.
//!
//! Every sheet that shows or counts an item's status for a month asks [`month_state`];
//! nothing else decides.
//!
//! The rules (README, 「報告がない月の扱い」):
//!
//! 1. A report for the month is the item's state ([`MonthState::Reported`]).
//! 2. Without one, the last report before the month is the item's *last known* status.
//! 3. An item is *expected* to be reported in a month when
//!    - reporting has started: some item of the plan has a report in or before the month;
//!    - the item is in the plan that month (an item added by a revision is expected from
//!      the revision's month);
//!    - its schedule plans something that fiscal year (a year marked 予定なし — nothing
//!      planned yet — is not expected; a year the schedule does not cover is);
//!    - its last known status is not finished (完了, 中止).
//! 4. Not expected and nothing known: [`MonthState::NotYetExpected`], shown 「－」 and
//!    counted nowhere.
//! 5. Not expected but known: [`MonthState::CarriedOver`], the last known status stands
//!    and is counted under that status (a 完了 item stays 完了 until a later report says
//!    otherwise).
//! 6. Expected and not reported: [`MonthState::Unreported`], counted 未報告 and shown
//!    with its last known status (「未報告（9月: 実施中）」); 「2か月以上未報告」 when the
//!    previous month was expected and unreported too.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use super::revisions::Revisions;
use crate::config::scale::{Rating, Scale};
use crate::plan::{Department, ItemId, Plan, PracticeItem, ScheduleKind};
use crate::progress::ProgressRecord;
use crate::wareki::{Period, previous_period};

/// Statuses that end an item: once reported, no further report is expected.
pub const FINISHED: [&str; 2] = ["完了", "中止"];

/// Text of a month in which the item is not expected and nothing is known.
pub const NOT_EXPECTED: &str = "－";

/// Label of an item with no report for a month that expected one.
pub const UNREPORTED: &str = "未報告";
/// Label of a report that gives no status.
pub const NO_STATUS: &str = "（状況未記入）";
/// The status that counts as done (完了率).
pub const DONE: &str = "完了";
/// The status of an item behind its schedule: 概要 lists its items for the head of the
/// office (a vocabulary without it lists only the items long unreported).
pub const LATE: &str = "遅延";
/// Shown for an item with no report in the fiscal year.
pub const NOT_REPORTED: &str = "報告なし";
/// Shown (and counted) for an axis no report of the fiscal year gives.
pub const NOT_RATED: &str = "未評価";

/// The settled progress records, looked up by item and month, and the months the plan's
/// items entered it.
pub struct ProgressView<'a> {
    map: BTreeMap<(ItemId, Period), &'a ProgressRecord>,
    /// The editions, to tell when an item entered the plan.
    revisions: &'a Revisions<'a>,
    first: Option<Period>,
    /// item -> the month of the revision that added it (items of the first edition have
    /// none); computed on first use.
    entered: OnceLock<BTreeMap<ItemId, Period>>,
    /// Whether any record reports an effect amount.
    any_amount: bool,
}

impl<'a> ProgressView<'a> {
    /// Whether any record reports an effect amount.
    pub fn any_amount(&self) -> bool {
        self.any_amount
    }

    /// Indexes the records that have a month, for the plan's editions `revisions`.
    pub fn new(records: &'a [ProgressRecord], revisions: &'a Revisions<'a>) -> Self {
        let map: BTreeMap<(ItemId, Period), &ProgressRecord> =
            records.iter().map(|r| ((r.item_id, r.period), r)).collect();
        let first = map.keys().map(|(_, p)| *p).min();
        let any_amount = map.values().any(|r| r.effect_yen.is_some());
        ProgressView {
            map,
            revisions,
            first,
            entered: OnceLock::new(),
            any_amount,
        }
    }

    /// The report of an item for a month, if any.
    pub fn get(&self, item: ItemId, period: Period) -> Option<&'a ProgressRecord> {
        self.map.get(&(item, period)).copied()
    }

    /// The item's latest report for a month before `period`: its last known status.
    pub fn last_before(&self, item: ItemId, period: Period) -> Option<&'a ProgressRecord> {
        let lowest = (item, Period { year: 0, month: 1 });
        self.map
            .range(lowest..(item, period))
            .next_back()
            .map(|(_, r)| *r)
    }

    /// The item's reports of `period`'s fiscal year up to `period`, oldest first.
    pub fn fiscal_year_to(
        &self,
        item: ItemId,
        period: Period,
    ) -> impl DoubleEndedIterator<Item = &'a ProgressRecord> + '_ {
        let april = Period {
            year: period.fiscal_year(),
            month: 4,
        };
        self.map
            .range((item, april)..=(item, period))
            .map(|(_, r)| *r)
    }

    /// Whether reporting has started by `period`: some item has a report in or before it.
    pub fn reporting_started(&self, period: Period) -> bool {
        self.first.is_some_and(|f| f <= period)
    }

    /// The month from which `item` is in the plan, when a revision added it.
    fn entered(&self, item: ItemId) -> Option<Period> {
        self.entered
            .get_or_init(|| entry_months(self.revisions))
            .get(&item)
            .copied()
    }
}

/// For each item of the edition in force that a later edition than the first added: the
/// month of that edition.
fn entry_months(revisions: &Revisions) -> BTreeMap<ItemId, Period> {
    let (editions, target) = (revisions.editions, revisions.target);
    let mut out = BTreeMap::new();
    let Some(current) = editions.get(target) else {
        return out;
    };
    if target == 0 {
        return out;
    }
    let lineage = revisions.lineage;
    for (_, it) in current.plan.items() {
        let mut k = target;
        while k > 0 && lineage.translate(it.id, target, k - 1).is_some() {
            k -= 1;
        }
        if let Some(date) = editions.get(k).and_then(|e| e.date).filter(|_| k > 0) {
            out.insert(it.id, date);
        }
    }
    out
}

/// An item's state in a month: the one answer every sheet uses.
#[derive(Debug, Clone, Copy)]
pub enum MonthState<'a> {
    /// The month's report.
    Reported(&'a ProgressRecord),
    /// No report and none expected (the item is finished, or nothing is planned this
    /// year): the last known status stands. `from`: the month of that report.
    CarriedOver {
        from: Period,
        record: &'a ProgressRecord,
    },
    /// No report though one is expected. `last`: the last known report; `overdue`: the
    /// previous month was expected and unreported too (「2か月以上未報告」).
    Unreported {
        last: Option<&'a ProgressRecord>,
        overdue: bool,
    },
    /// No report, none expected and nothing known: reporting had not started, or the item
    /// was not yet in the plan or had nothing planned yet.
    NotYetExpected,
}

/// The state of `item` in `month` under the carry-over rules (module docs).
pub fn month_state<'a>(
    view: &ProgressView<'a>,
    item: &PracticeItem,
    month: Period,
) -> MonthState<'a> {
    if let Some(r) = view.get(item.id, month) {
        return MonthState::Reported(r);
    }
    let last = view.last_before(item.id, month);
    if !expected(view, item, month, last) {
        return match last {
            Some(record) => MonthState::CarriedOver {
                from: record.period,
                record,
            },
            None => MonthState::NotYetExpected,
        };
    }
    let prev = previous_period(month);
    let overdue = prev < month
        && view.get(item.id, prev).is_none()
        && expected(view, item, prev, view.last_before(item.id, prev));
    MonthState::Unreported { last, overdue }
}

/// Whether a report of `item` is expected for `month`, given its last known report
/// before that month (rule 3 of the module docs).
fn expected(
    view: &ProgressView,
    item: &PracticeItem,
    month: Period,
    last: Option<&ProgressRecord>,
) -> bool {
    view.reporting_started(month)
        && view.entered(item.id).is_none_or(|since| since <= month)
        && planned(item, month.fiscal_year())
        && !last.is_some_and(is_finished)
}

/// Whether the schedule plans something in fiscal year `fy`: every year but one marked
/// 予定なし (nothing planned yet); a year outside the schedule counts as planned.
fn planned(item: &PracticeItem, fy: i32) -> bool {
    item.schedule_for(fy)
        .is_none_or(|c| c.kind != ScheduleKind::None)
}

/// Whether a report says the item is finished (完了, 中止).
pub fn is_finished(r: &ProgressRecord) -> bool {
    r.status.as_deref().is_some_and(|s| FINISHED.contains(&s))
}

/// A report's status label: its canonical status, or （状況未記入）.
pub fn status_label(r: &ProgressRecord) -> &str {
    r.status.as_deref().unwrap_or(NO_STATUS)
}

/// `9月` within the fiscal year of `at`, `令和5年9月` outside it.
pub fn month_name(month: Period, at: Period) -> String {
    if month.fiscal_year() == at.fiscal_year() {
        format!("{}月", month.month)
    } else {
        month.japanese()
    }
}

/// 「9月: 実施中」: a last known status with its month as seen from month `at`
/// (「9月: 状況未記入」 for a report without a status).
fn last_known(from: Period, r: &ProgressRecord, at: Period) -> String {
    let status = status_label(r);
    let bare = status
        .strip_prefix('（')
        .and_then(|s| s.strip_suffix('）'))
        .unwrap_or(status);
    format!("{}: {bare}", month_name(from, at))
}

impl<'a> MonthState<'a> {
    /// The status the month counts under in the totals (進捗状況の内訳, 部署別進捗, 進捗推移):
    /// the reported or carried status, or 未報告; `None` when not expected yet.
    pub fn counted(&self) -> Option<&'a str> {
        match self {
            MonthState::Reported(r) | MonthState::CarriedOver { record: r, .. } => {
                Some(status_label(r))
            }
            MonthState::Unreported { .. } => Some(UNREPORTED),
            MonthState::NotYetExpected => None,
        }
    }

    /// The report the month shows: this month's, or the last known one.
    pub fn record(&self) -> Option<&'a ProgressRecord> {
        match self {
            MonthState::Reported(r) | MonthState::CarriedOver { record: r, .. } => Some(r),
            MonthState::Unreported { last, .. } => *last,
            MonthState::NotYetExpected => None,
        }
    }

    /// The 進捗 sheet's status cell for month `at`: 「実施中」, 「9月: 完了」,
    /// 「未報告（9月: 実施中）」, 「未報告」 or 「－」.
    pub fn label(&self, at: Period) -> String {
        match self {
            MonthState::Reported(r) => status_label(r).to_string(),
            MonthState::CarriedOver { from, record } => last_known(*from, record, at),
            MonthState::Unreported { last: Some(r), .. } => {
                format!("{UNREPORTED}（{}）", last_known(r.period, r, at))
            }
            MonthState::Unreported { last: None, .. } => UNREPORTED.to_string(),
            MonthState::NotYetExpected => NOT_EXPECTED.to_string(),
        }
    }

    /// The 進捗履歴 sheet's cell: the status, （完了） when carried over, 未報告 or 「－」.
    pub fn history_label(&self) -> String {
        match self {
            MonthState::CarriedOver { record, .. } => match status_label(record) {
                s if s.starts_with('（') => s.to_string(),
                s => format!("（{s}）"),
            },
            other => other
                .counted()
                .map_or(NOT_EXPECTED.to_string(), str::to_string),
        }
    }
}

/// This fiscal year's activity and how it reads, or a note when the plan does not cover
/// the year.
pub fn activity_of(item: &PracticeItem, fy: i32) -> (String, String) {
    match item.schedule_for(fy) {
        Some(c) if c.kind == ScheduleKind::None => {
            ("（予定なし）".to_string(), c.kind.label().to_string())
        }
        Some(c) => (c.activity.clone(), c.kind.label().to_string()),
        None if item.schedule.is_empty() => ("（工程表なし）".to_string(), String::new()),
        None => ("（計画期間外）".to_string(), String::new()),
    }
}

/// What the fiscal year's reports of one item add up to.
#[derive(Debug, Clone, Default)]
pub struct Annual<'a> {
    /// The last report of the fiscal year.
    pub last: Option<&'a ProgressRecord>,
    /// The last status given.
    pub status: Option<&'a str>,
    /// The last value given on each scale, in the order of the scales asked for.
    pub ratings: Vec<Option<&'a Rating>>,
    /// The last effect amount given (the fiscal year's figure to date), in yen.
    pub effect_yen: Option<i64>,
}

/// The fiscal year of `period`, up to it, for `item`, on each of `scales`. An axis's value
/// is the latest report of the fiscal year that gives it: a report without a grade does
/// not erase the grade given the month before.
pub fn annual<'a>(
    view: &ProgressView<'a>,
    scales: &[Scale],
    item: &PracticeItem,
    period: Period,
) -> Annual<'a> {
    let reports: Vec<&'a ProgressRecord> = view.fiscal_year_to(item.id, period).collect();
    let latest = |has: &dyn Fn(&&'a ProgressRecord) -> bool| reports.iter().rev().find(|r| has(r));
    Annual {
        last: reports.last().copied(),
        status: latest(&|r| r.status.is_some()).and_then(|r| r.status.as_deref()),
        ratings: scales
            .iter()
            .map(|s| latest(&|r| r.rating(&s.key).is_some()).and_then(|r| r.rating(&s.key)))
            .collect(),
        effect_yen: latest(&|r| r.effect_yen.is_some()).and_then(|r| r.effect_yen),
    }
}

/// Items someone is to report on: those with a responsible section (the others are in
/// no section's workbook), in plan order.
pub fn reported_items(plan: &Plan) -> Vec<&PracticeItem> {
    plan.items()
        .map(|(_, it)| it)
        .filter(|it| !it.departments.is_empty())
        .collect()
}

/// Items any section of `d`'s bureau owns or shares, each once, in plan order: what a
/// bureau's subtotal counts (部署一覧, `tables/section_rates`).
pub fn bureau_items<'a>(plan: &'a Plan, d: &Department) -> Vec<&'a PracticeItem> {
    reported_items(plan)
        .into_iter()
        .filter(|it| {
            it.departments
                .iter()
                .any(|r| r.bureau_key() == d.bureau_key())
        })
        .collect()
}

/// Whether a report of `item` was expected for `month` before any report of that month
/// came in (rule 3 of the module docs): what 報告率 counts an item against.
pub fn expects_report(view: &ProgressView, item: &PracticeItem, month: Period) -> bool {
    expected(view, item, month, view.last_before(item.id, month))
}

/// The sections grouped by bureau (mark and name), groups in order of their first
/// section: how 概要, 部署一覧, 進捗推移 and 回収状況 order bureaus.
pub fn bureaus(departments: &[Department]) -> Vec<Vec<&Department>> {
    let mut groups: Vec<Vec<&Department>> = Vec::new();
    for d in departments {
        match groups
            .iter_mut()
            .find(|g| g[0].bureau_key() == d.bureau_key())
        {
            Some(g) => g.push(d),
            None => groups.push(vec![d]),
        }
    }
    groups
}

/// A bureau's name, its mark when the configuration does not name it, or a note for
/// sections without a mark.
pub fn bureau_name(d: &Department) -> String {
    if d.bureau_label().is_empty() {
        "（部局記号なし）".to_string()
    } else {
        d.bureau_label().to_string()
    }
}

#[cfg(test)]
mod tests;
