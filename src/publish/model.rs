//! What the public report shows, worked out from the report stage's input: the counts by
//! status and by each published scale, and one entry per item with its sheet's parts.

use serde::Serialize;

use super::chart::{Chart, Count, chart};
use crate::config::PublishSettings;
use crate::config::scale::Scale;
use crate::plan::{Initiative, PracticeItem, ScheduleKind};
use crate::report::{NOT_RATED, NOT_REPORTED, ReportInput, annual};
use crate::wareki::fiscal_year_long;

/// The whole public report.
#[derive(Serialize)]
pub struct Public<'a> {
    /// The plan's title (`[publish] title`).
    pub title: &'a str,
    /// The edition in force (`第2版（令和6年改定）`), when the plan has editions.
    pub edition: Option<String>,
    /// `令和6年度`.
    pub fiscal_year: String,
    /// `令和6年10月`: the last month taken in.
    pub period: String,
    /// Items counted (those with a section).
    pub total: usize,
    /// Items per status, then per value of each published scale with values: a chart
    /// and a table each.
    pub figures: Vec<Figure>,
    /// The labels of the published scales (columns of the tables).
    pub scale_labels: Vec<String>,
    /// The headings of the parts each sheet shows, with their keys.
    pub columns: Vec<Part>,
    pub initiatives: Vec<InitiativeView<'a>>,
}

/// A count shown as a chart and a table.
#[derive(Serialize)]
pub struct Figure {
    /// Unique in the page: `status`, `scale-0`.
    pub id: String,
    /// `進捗状況別の項目数`.
    pub title: String,
    /// What is counted: the table's first header.
    pub what: String,
    pub counts: Vec<Count>,
    pub total: usize,
    pub chart: Chart,
}

/// A part of the sheets: its key (`results`) and heading (`取組実績`).
#[derive(Serialize)]
pub struct Part {
    pub key: &'static str,
    pub label: &'static str,
}

/// An initiative and its items that someone reports on.
#[derive(Serialize)]
pub struct InitiativeView<'a> {
    /// `7`.
    pub no: String,
    pub title: &'a str,
    pub items: Vec<ItemView<'a>>,
}

/// An item's line in its initiative's table and its sheet (個票).
#[derive(Serialize)]
pub struct ItemView<'a> {
    /// `7-1`.
    pub id: String,
    pub name: &'a str,
    /// 取組内容.
    pub content: &'a str,
    /// `item-7-1`: the anchor of its sheet.
    pub anchor: String,
    pub owners: String,
    /// The last status of the fiscal year, or 報告なし.
    pub status: String,
    /// `10月`: the month of the last report, when there is one.
    pub last_month: Option<String>,
    /// The published scales' labels and the item's last value on each (`－` for none).
    pub ratings: Vec<(String, String)>,
    /// The schedule's activity for the fiscal year.
    pub year_plan: String,
    pub results: &'a str,
    pub issues: &'a str,
    pub next_steps: &'a str,
    /// The plan's 効果額 target for the fiscal year (`1,250千円`, `－`).
    pub target: String,
    /// The last 効果額 reported in the fiscal year.
    pub actual: String,
}

/// What the public report shows for `input` under `settings`.
pub fn public<'a>(input: &ReportInput<'a>, settings: &'a PublishSettings) -> Public<'a> {
    let scales = settings.published(input.scales);
    let initiatives: Vec<InitiativeView<'a>> = input
        .plan
        .initiatives
        .iter()
        .map(|ini: &'a Initiative| InitiativeView {
            no: ini.no.to_string(),
            title: &ini.title,
            items: ini
                .items
                .iter()
                .filter(|it| !it.departments.is_empty())
                .map(|it| item_view(input, &scales, it))
                .collect(),
        })
        .filter(|v| !v.items.is_empty())
        .collect();
    let items: Vec<&ItemView> = initiatives.iter().flat_map(|v| &v.items).collect();
    let mut figures = vec![figure(
        "status".into(),
        "進捗状況",
        status_counts(input.statuses, &items),
    )];
    figures.extend(
        scales
            .iter()
            .enumerate()
            .filter(|(_, s)| !s.is_free_text())
            .map(|(k, s)| figure(format!("scale-{k}"), &s.label, scale_counts(s, k, &items))),
    );
    Public {
        title: &settings.title,
        edition: input.revisions.in_force_label(),
        fiscal_year: fiscal_year_long(input.period.fiscal_year()),
        period: input.period.japanese(),
        total: items.len(),
        figures,
        scale_labels: scales.iter().map(|s| s.label.clone()).collect(),
        columns: settings
            .columns
            .iter()
            .map(|c| Part {
                key: c.key(),
                label: c.label(),
            })
            .collect(),
        initiatives,
    }
}

/// The chart and table of `counts` of `what`.
fn figure(id: String, what: &str, counts: Vec<Count>) -> Figure {
    let title = format!("{what}別の項目数");
    Figure {
        chart: chart(&format!("{id}-chart"), &title, &counts),
        total: counts.iter().map(|c| c.items).sum(),
        id,
        title,
        what: what.to_string(),
        counts,
    }
}

/// One item's line and sheet.
fn item_view<'a>(input: &ReportInput<'a>, scales: &[&Scale], it: &'a PracticeItem) -> ItemView<'a> {
    let a = annual(input.progress, input.scales, it, input.period);
    let fy = input.period.fiscal_year();
    let ratings = scales
        .iter()
        .map(|s| {
            let k = input.scales.iter().position(|c| c.key == s.key);
            let value = k
                .and_then(|k| a.ratings.get(k).copied().flatten())
                .and_then(|r| r.value.clone())
                .unwrap_or_else(|| "－".to_string());
            (s.label.clone(), value)
        })
        .collect();
    let year_plan = it
        .schedule
        .iter()
        .find(|c| c.fiscal_year == fy && c.kind != ScheduleKind::None)
        .map_or_else(|| "（計画なし）".to_string(), |c| c.activity.clone());
    let last = a.last;
    let shown = |yen: Option<i64>| yen.map_or_else(|| "－".to_string(), thousand_yen);
    ItemView {
        id: it.id.to_string(),
        name: &it.name,
        content: &it.content,
        anchor: format!("item-{}", it.id),
        owners: it
            .departments
            .iter()
            .map(|d| d.id().to_string())
            .collect::<Vec<_>>()
            .join("、"),
        status: a.status.unwrap_or(NOT_REPORTED).to_string(),
        last_month: last.map(|r| format!("{}月", r.period.month)),
        ratings,
        year_plan,
        results: last.map_or("", |r| r.results.as_str()),
        issues: last.map_or("", |r| r.issues.as_str()),
        next_steps: last.map_or("", |r| r.next_steps.as_str()),
        target: shown(it.effect_targets.get(&fy).copied()),
        actual: shown(a.effect_yen),
    }
}

/// Items per status in the configured order; 報告なし last, when any item has no report.
/// A status reported but not configured (none after settling) would be counted on its own.
fn status_counts(statuses: &[String], items: &[&ItemView]) -> Vec<Count> {
    let mut labels: Vec<String> = statuses.to_vec();
    for it in items {
        if !labels.contains(&it.status) && it.status != NOT_REPORTED {
            labels.push(it.status.clone());
        }
    }
    labels.push(NOT_REPORTED.to_string());
    counts(labels, items.iter().map(|it| it.status.as_str()))
        .into_iter()
        .filter(|c| c.label != NOT_REPORTED || c.items > 0)
        .collect()
}

/// Items per value of the `k`th published scale; 未評価 last, when any item has none.
fn scale_counts(scale: &Scale, k: usize, items: &[&ItemView]) -> Vec<Count> {
    let mut labels = scale.values.clone();
    labels.push(NOT_RATED.to_string());
    let values = items.iter().map(|it| {
        let v = it.ratings.get(k).map_or("－", |(_, v)| v.as_str());
        if v == "－" { NOT_RATED } else { v }
    });
    counts(labels, values)
        .into_iter()
        .filter(|c| c.label != NOT_RATED || c.items > 0)
        .collect()
}

/// How many of `values` are each of `labels`.
fn counts<'v>(labels: Vec<String>, values: impl Iterator<Item = &'v str>) -> Vec<Count> {
    let mut out: Vec<Count> = labels
        .into_iter()
        .map(|label| Count { label, items: 0 })
        .collect();
    for v in values {
        if let Some(c) = out.iter_mut().find(|c| c.label == v) {
            c.items += 1;
        }
    }
    out
}

/// `1,250千円`: an amount in yen shown in thousands (to the yen when not whole).
pub fn thousand_yen(yen: i64) -> String {
    let sign = if yen < 0 { "-" } else { "" };
    let abs = yen.unsigned_abs();
    let whole = grouped(abs / 1000);
    match abs % 1000 {
        0 => format!("{sign}{whole}千円"),
        rest => format!(
            "{sign}{whole}.{}千円",
            format!("{rest:03}").trim_end_matches('0')
        ),
    }
}

/// `1,250`: digits with thousands separators.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_shown_in_thousands() {
        assert_eq!(thousand_yen(1_250_000), "1,250千円");
        assert_eq!(thousand_yen(-500_000), "-500千円");
        assert_eq!(thousand_yen(1_234_500), "1,234.5千円");
        assert_eq!(thousand_yen(0), "0千円");
    }

    #[test]
    fn counts_keep_the_order_and_drop_an_empty_unreported() {
        let c = counts(
            vec!["A".into(), "B".into(), "報告なし".into()],
            ["B", "B", "A", "X"].into_iter(),
        );
        let got: Vec<(&str, usize)> = c.iter().map(|c| (c.label.as_str(), c.items)).collect();
        assert_eq!(got, [("A", 1), ("B", 2), ("報告なし", 0)]);
    }
}
