//! Editions of the plan (当初版, 改定版): plan files are grouped by the date in their file
//! name, and the edition in force for a period is the latest one dated on or before it.

use std::collections::BTreeMap;

use super::{ParsedPlan, Plan};
use crate::config::Settings;
use crate::diagnostics::{Finding, FindingCode};
use crate::wareki::Period;
use crate::wareki::period_in_name;

/// One edition of the plan.
#[derive(Debug, Clone)]
pub struct Edition {
    /// Year-month of the edition, from the file name; `None` when the only plan files name
    /// no date.
    pub date: Option<Period>,
    pub plan: Plan,
}

impl Edition {
    /// `2023-02`, or `日付なし`.
    pub fn label(&self) -> String {
        self.date
            .map_or_else(|| "日付なし".to_string(), |d| d.to_string())
    }
}

/// The date of an edition from its file name: `2020-04`, `202304`, `R5-02`, `令和5年2月`,
/// `改定_2023-02`.
pub fn edition_date(file_name: &str) -> Option<Period> {
    period_in_name(file_name)
}

/// Groups parsed plan files into editions, oldest first. Files with the same date are parts
/// of one edition. A file without a date is used only when no file has one; otherwise it
/// is reported and left out, since it cannot be placed among the editions.
pub fn group_editions(
    parts: Vec<ParsedPlan>,
    settings: &Settings,
    findings: &mut Vec<Finding>,
) -> Vec<Edition> {
    let mut dated: BTreeMap<Period, Vec<ParsedPlan>> = BTreeMap::new();
    let mut undated = Vec::new();
    for p in parts {
        let name = p.file.rsplit('/').next().unwrap_or(&p.file).to_string();
        match edition_date(&name) {
            Some(d) => dated.entry(d).or_default().push(p),
            None => undated.push(p),
        }
    }
    if dated.is_empty() {
        if undated.is_empty() {
            return Vec::new();
        }
        if undated.len() > 1 {
            findings.push(Finding::new(
"plans/",
                "",
                FindingCode::PlanUndatedParts,
                format!(
                    "計画ファイル {} 件のファイル名に改定年月がないため、一つの計画の分冊として読みました。改定版があるときはファイル名に年月（例: 計画_2023-02.txt）を入れてください",
                    undated.len()
                ),
            ));
        }
        let plan = Plan::assemble(undated, settings, findings);
        return vec![Edition { date: None, plan }];
    }
    for p in undated {
        findings.push(Finding::new(
&p.file,
            "",
            FindingCode::PlanUndatedEdition,
            "ほかの計画ファイルには改定年月があるのに、このファイルにはありません。どの版か決められないため使っていません。ファイル名に年月（例: 計画_2023-02.txt、計画_R5-02.txt）を入れてください",
        ));
    }
    dated
        .into_iter()
        .map(|(d, parts)| Edition {
            date: Some(d),
            plan: Plan::assemble(parts, settings, findings),
        })
        .collect()
}

/// Index of the edition in force for `period`: the latest dated on or before it, else the
/// earliest.
pub fn in_force(editions: &[Edition], period: Period) -> usize {
    editions
        .iter()
        .rposition(|e| e.date.is_none_or(|d| d <= period))
        .unwrap_or(0)
}
