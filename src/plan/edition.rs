//! Editions of the plan (当初版, 改定版): plan files are grouped by the date in their file
//! name, and the edition in force for a period is the latest one dated on or before it.

use std::collections::BTreeMap;

use super::{ParsedPlan, Plan};
use crate::diagnostics::{Finding, FindingCode};
use crate::sections::Sections;
use crate::wareki::Period;
use crate::wareki::{period_in_name, periods_in_name};

/// One edition of the plan.
#[derive(Debug, Clone)]
pub struct Edition {
    /// Year-month of the edition, from the file name; `None` when the only plan files name
    /// no date.
    pub date: Option<Period>,
    pub plan: Plan,
}

impl Edition {
    /// `2023-02`, or `日付なし`: the edition in tables, file names and on the console.
    pub fn label(&self) -> String {
        self.date
            .map_or_else(|| "日付なし".to_string(), |d| d.to_string())
    }

    /// The edition as a clerk reads it: `令和2年4月当初版` for the first edition,
    /// `令和5年2月改定版` for a later one (or a lone edition whose file name says 改定).
    /// `None` for an undated plan, which is just the plan.
    pub fn japanese_label(&self, first: bool) -> Option<String> {
        let date = self.date?;
        let revised = !first || self.plan.files.iter().any(|f| f.contains("改定"));
        let kind = if revised { "改定版" } else { "当初版" };
        Some(format!("{}{kind}", date.japanese()))
    }
}

/// The Japanese label ([`Edition::japanese_label`]) of edition `index` of `editions`
/// (oldest first).
pub fn japanese_label(editions: &[Edition], index: usize) -> Option<String> {
    editions.get(index)?.japanese_label(index == 0)
}

/// The date of an edition from its file name: `2020-04`, `202304`, `R5-02`, `令和5年2月`,
/// `改定_2023-02`.
pub fn edition_date(file_name: &str) -> Option<Period> {
    period_in_name(file_name)
}

/// The edition date of plan file `file` (named `name`): the latest of the months its
/// name holds; more than one is that file's finding (「計画_2020-04策定_2023-02改定」 is
/// the 2023-02 edition, not a part of the 2020-04 one).
fn edition_date_of(file: &str, name: &str, findings: &mut Vec<Finding>) -> Option<Period> {
    let dates = periods_in_name(name);
    let latest = dates.iter().max().copied();
    if let (true, Some(latest)) = (dates.len() > 1, latest) {
        let all: Vec<String> = dates.iter().map(ToString::to_string).collect();
        findings.push(
            Finding::new(
                file,
                "",
                FindingCode::PlanTwoDates,
                format!(
                    "ファイル名に年月が {} つ（{}）あります。最も新しい {latest} の版として読みました。ファイル名には版の年月を一つだけ入れてください",
                    dates.len(),
                    all.join("、")
                ),
            )
            .with_value(name),
        );
    }
    latest
}

/// Groups parsed plan files into editions, oldest first. Files with the same date are parts
/// of one edition. A file without a date is used only when no file has one; otherwise it
/// is reported and left out, since it cannot be placed among the editions.
pub fn group_editions(
    parts: Vec<ParsedPlan>,
    sections: &Sections,
    findings: &mut Vec<Finding>,
) -> Vec<Edition> {
    let mut dated: BTreeMap<Period, Vec<ParsedPlan>> = BTreeMap::new();
    let mut undated = Vec::new();
    for p in parts {
        let name = p.file.rsplit('/').next().unwrap_or(&p.file).to_string();
        match edition_date_of(&p.file, &name, findings) {
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
        let plan = Plan::assemble(undated, sections, findings);
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
            plan: Plan::assemble(parts, sections, findings),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn edition(date: Option<(i32, u32)>, file: &str) -> Edition {
        Edition {
            date: date.and_then(|(y, m)| Period::new(y, m)),
            plan: Plan {
                files: vec![file.to_string()],
                ..Plan::default()
            },
        }
    }

    #[test]
    fn editions_are_named_in_the_japanese_calendar() {
        let eds = [
            edition(Some((2020, 4)), "plans/計画_2020-04.txt"),
            edition(Some((2023, 2)), "plans/計画_2023-02.txt"),
        ];
        assert_eq!(japanese_label(&eds, 0).as_deref(), Some("令和2年4月当初版"));
        assert_eq!(japanese_label(&eds, 1).as_deref(), Some("令和5年2月改定版"));
        assert_eq!(eds[1].label(), "2023-02", "tables keep the ISO form");
        assert_eq!(japanese_label(&eds, 2), None);
        let lone = [edition(Some((2023, 2)), "plans/計画_改定_2023-02.txt")];
        assert_eq!(
            japanese_label(&lone, 0).as_deref(),
            Some("令和5年2月改定版")
        );
        let undated = [edition(None, "plans/計画.txt")];
        assert_eq!(japanese_label(&undated, 0), None);
    }
}
