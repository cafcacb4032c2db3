//! Item matching and every change kind on small plans built in memory.

use super::*;
use crate::config::Settings;
use crate::plan::{
    Initiative, InitiativeId, ParsedPlan, PracticeItem, parse_departments, schedule_kinds,
};

/// An item of the test plans: name, 担当部署 cell, content and schedule cells for
/// R2..R4; its id is given by its place in its initiative.
fn item(name: &str, dept: &str, content: &str, schedule: &[&str]) -> PracticeItem {
    let settings = Settings::default();
    let parsed = parse_departments(dept, &settings.plan.all_departments);
    let cells: Vec<String> = schedule.iter().map(|c| c.to_string()).collect();
    PracticeItem {
        id: ItemId::new(0, 0),
        initiative_no: InitiativeId::new(0),
        seq: 0,
        name: name.to_string(),
        content: content.to_string(),
        departments: parsed.refs,
        all_departments: parsed.all_departments,
        schedule: schedule_kinds(&[2020, 2021, 2022], &cells, &settings.plan.schedule_legend),
        effect_targets: std::collections::BTreeMap::new(),
        target_indicator: String::new(),
        source_file: "plan.txt".to_string(),
        source_line: 0,
    }
}

fn initiative(no: u32, title: &str, items: Vec<PracticeItem>) -> Initiative {
    let items = items
        .into_iter()
        .zip(1..)
        .map(|(it, seq)| PracticeItem {
            id: ItemId::new(no, seq),
            initiative_no: InitiativeId::new(no),
            seq,
            ..it
        })
        .collect();
    Initiative {
        no: InitiativeId::new(no),
        title: title.to_string(),
        issues: String::new(),
        content: String::new(),
        goals: String::new(),
        items,
        source_file: "plan.txt".to_string(),
        source_line: 0,
    }
}

fn plan(initiatives: Vec<Initiative>) -> Plan {
    let part = ParsedPlan {
        file: "plan.txt".to_string(),
        encoding: String::new(),
        themes: Vec::new(),
        initiatives,
        title: None,
    };
    Plan::assemble(
        vec![part],
        &crate::sections::Sections::configured(&Settings::default()),
        &mut Vec::new(),
    )
}

fn tablet() -> PracticeItem {
    item(
        "住民異動等におけるタブレット端末の活用",
        "(民)窓口サービス課",
        "住民異動等におけるタブレット端末の活用について検討を進める。",
        &["先進自治体の調査", "→", "導入"],
    )
}

fn crowding() -> PracticeItem {
    item(
        "窓口の混雑状況に関する市民周知",
        "(民)窓口サービス課",
        "窓口の混雑状況に関する周知方法を検討・実施する。",
        &["周知方法の検討・実施", "", ""],
    )
}

fn counselling() -> PracticeItem {
    item(
        "ふくし総合相談窓口機能の充実",
        "(福)総合福祉課",
        "ふくしに関する総合的な相談支援体制を整備する。",
        &["相談窓口の検討", "", "総合相談窓口の設置"],
    )
}

fn id(text: &str) -> ItemId {
    text.parse().unwrap()
}

fn pair(old: Option<&str>, new: Option<&str>) -> ItemPair {
    ItemPair {
        old: old.map(id),
        new: new.map(id),
    }
}

/// The changes as `kind old new`, one a line, section renames with their detail.
fn summary(changes: &[Change]) -> Vec<String> {
    changes
        .iter()
        .map(|c| {
            let shown = |i: Option<ItemId>| i.map(|i| i.to_string()).unwrap_or_default();
            format!(
                "{} {} {}",
                c.change.code(),
                shown(c.item_id_old),
                shown(c.item_id_new)
            )
            .trim_end()
            .to_string()
        })
        .collect()
}

#[test]
fn identical_names_match_wherever_the_items_stand() {
    let old = plan(vec![initiative(
        7,
        "窓口",
        vec![tablet(), crowding(), counselling()],
    )]);
    let new = plan(vec![initiative(
        7,
        "窓口",
        vec![counselling(), tablet(), crowding()],
    )]);
    assert_eq!(
        match_items(&old, &new),
        vec![
            pair(Some("7-3"), Some("7-1")),
            pair(Some("7-1"), Some("7-2")),
            pair(Some("7-2"), Some("7-3")),
        ]
    );
    // Positions are not content: nothing changed.
    assert!(diff(&old, "2020-04", &new, "2023-02").is_empty());
}

/// The same items repeated under many initiatives (a long plan built from a few
/// templates): a plan diffed with itself pairs each item with itself, and a repeated
/// name moved within its initiative still finds its own.
#[test]
fn repeated_names_pair_in_order_within_their_initiative() {
    let many = |order: fn() -> Vec<PracticeItem>| {
        plan(
            (1..=30)
                .map(|no| initiative(no, &format!("窓口{no}"), order()))
                .collect(),
        )
    };
    let old = many(|| vec![tablet(), crowding(), counselling(), tablet()]);
    let pairs = match_items(&old, &old);
    assert_eq!(pairs.len(), 120);
    assert!(pairs.iter().all(|p| p.old == p.new), "{pairs:?}");
    assert!(diff(&old, "2020-04", &old, "2020-04").is_empty());
    let new = many(|| vec![crowding(), tablet(), counselling(), tablet()]);
    let pairs = match_items(&old, &new);
    assert!(
        pairs.contains(&pair(Some("30-2"), Some("30-1"))),
        "{pairs:?}"
    );
    assert!(
        pairs.contains(&pair(Some("30-4"), Some("30-4"))),
        "{pairs:?}"
    );
    assert!(diff(&old, "2020-04", &new, "2023-02").is_empty());
}

#[test]
fn a_renamed_item_matches_its_old_self_by_similarity() {
    let mut renamed = crowding();
    renamed.name = "窓口の混雑状況に関する市民への周知".to_string();
    let old = plan(vec![initiative(7, "窓口", vec![tablet(), crowding()])]);
    let new = plan(vec![initiative(7, "窓口", vec![tablet(), renamed])]);
    assert_eq!(
        match_items(&old, &new),
        vec![
            pair(Some("7-1"), Some("7-1")),
            pair(Some("7-2"), Some("7-2"))
        ]
    );
    let changes = diff(&old, "2020-04", &new, "2023-02");
    assert_eq!(summary(&changes), vec!["renamed 7-2 7-2"]);
    assert_eq!(
        changes[0].detail,
        "「窓口の混雑状況に関する市民周知」→「窓口の混雑状況に関する市民への周知」"
    );
    assert_eq!(
        (
            changes[0].from_edition.as_str(),
            changes[0].to_edition.as_str()
        ),
        ("2020-04", "2023-02")
    );
}

#[test]
fn a_rewritten_name_matches_through_its_section_and_content() {
    let mut rewritten = tablet();
    rewritten.name = "タブレットによる届出受付".to_string();
    let old = plan(vec![initiative(7, "窓口", vec![tablet(), counselling()])]);
    let new = plan(vec![initiative(7, "窓口", vec![rewritten, counselling()])]);
    assert_eq!(match_items(&old, &new)[0], pair(Some("7-1"), Some("7-1")));
    assert_eq!(
        summary(&diff(&old, "a", &new, "b")),
        vec!["renamed 7-1 7-1"]
    );
}

#[test]
fn items_shifted_by_an_earlier_removal_are_not_changed() {
    let old = plan(vec![initiative(
        7,
        "窓口",
        vec![tablet(), crowding(), counselling()],
    )]);
    let new = plan(vec![initiative(7, "窓口", vec![crowding(), counselling()])]);
    assert_eq!(
        match_items(&old, &new),
        vec![
            pair(Some("7-2"), Some("7-1")),
            pair(Some("7-3"), Some("7-2")),
            pair(Some("7-1"), None),
        ]
    );
    let changes = diff(&old, "a", &new, "b");
    assert_eq!(summary(&changes), vec!["removed 7-1"]);
    assert_eq!(
        changes[0].detail,
        "「住民異動等におけるタブレット端末の活用」（(民)窓口サービス課）"
    );
    assert_eq!(changes[0].departments_old, vec!["(民)窓口サービス課"]);
    assert!(changes[0].departments_new.is_empty());
}

#[test]
fn added_and_removed_items() {
    let cashless = item(
        "電子申請手数料のキャッシュレス化",
        "(財)会計課",
        "電子申請の手数料をキャッシュレスで納付できるようにする。",
        &["", "導入", "→"],
    );
    let old = plan(vec![initiative(7, "窓口", vec![tablet(), counselling()])]);
    let new = plan(vec![initiative(7, "窓口", vec![tablet(), cashless])]);
    assert_eq!(
        match_items(&old, &new),
        vec![
            pair(Some("7-1"), Some("7-1")),
            pair(None, Some("7-2")),
            pair(Some("7-2"), None),
        ]
    );
    let changes = diff(&old, "a", &new, "b");
    assert_eq!(summary(&changes), vec!["added  7-2", "removed 7-2"]);
    assert_eq!(changes[0].item_id_old, None);
    assert_eq!(
        changes[0].detail,
        "「電子申請手数料のキャッシュレス化」（(財)会計課）"
    );
    assert_eq!(changes[0].departments_new, vec!["(財)会計課"]);
}

#[test]
fn a_section_renamed_is_one_change_not_one_per_item() {
    let renamed = |mut it: PracticeItem| {
        it.departments = parse_departments("(民)窓口課", &[]).refs;
        it
    };
    let old = plan(vec![initiative(
        7,
        "窓口",
        vec![tablet(), crowding(), counselling()],
    )]);
    let new = plan(vec![initiative(
        7,
        "窓口",
        vec![renamed(tablet()), renamed(crowding()), counselling()],
    )]);
    let changes = diff(&old, "a", &new, "b");
    assert_eq!(summary(&changes), vec!["section_renamed"]);
    assert_eq!(changes[0].detail, "(民)窓口サービス課 → (民)窓口課");
    assert_eq!(changes[0].departments_old, vec!["(民)窓口サービス課"]);
    assert_eq!(changes[0].departments_new, vec!["(民)窓口課"]);
}

#[test]
fn a_section_change_is_not_a_rename() {
    // The old section still owns an item in the new edition: the item changed hands.
    let mut moved = crowding();
    moved.departments = counselling().departments;
    let old = plan(vec![initiative(
        7,
        "窓口",
        vec![tablet(), crowding(), counselling()],
    )]);
    let new = plan(vec![initiative(
        7,
        "窓口",
        vec![tablet(), moved, counselling()],
    )]);
    let changes = diff(&old, "a", &new, "b");
    assert_eq!(summary(&changes), vec!["section_changed 7-2 7-2"]);
    assert_eq!(changes[0].detail, "(民)窓口サービス課 → (福)総合福祉課");
    // A section gone whose items went to two new sections was split, not renamed.
    let to = |mut it: PracticeItem, dept: &str| {
        it.departments = parse_departments(dept, &[]).refs;
        it
    };
    let new = plan(vec![initiative(
        7,
        "窓口",
        vec![
            to(tablet(), "(民)窓口課"),
            to(crowding(), "(民)広報課"),
            counselling(),
        ],
    )]);
    assert_eq!(
        summary(&diff(&old, "a", &new, "b")),
        vec!["section_changed 7-1 7-1", "section_changed 7-2 7-2"]
    );
    // "Every section concerned" added is a change of sections too.
    let mut shared = crowding();
    shared.all_departments = true;
    let new = plan(vec![initiative(
        7,
        "窓口",
        vec![tablet(), shared, counselling()],
    )]);
    let changes = diff(&old, "a", &new, "b");
    assert_eq!(summary(&changes), vec!["section_changed 7-2 7-2"]);
}

#[test]
fn content_schedule_and_initiative_changes() {
    let mut reworded = tablet();
    reworded.content = "タブレット端末を導入する。".to_string();
    let mut rescheduled = crowding();
    rescheduled.schedule = item("", "", "", &["周知方法の検討・実施", "→", "見直し"]).schedule;
    let old = plan(vec![
        initiative(7, "窓口の利便性向上", vec![tablet(), crowding()]),
        initiative(8, "相談体制の充実", vec![counselling()]),
    ]);
    let new = plan(vec![
        initiative(
            7,
            "窓口の利便性向上",
            vec![reworded, rescheduled, counselling()],
        ),
        initiative(8, "相談体制の充実", vec![]),
    ]);
    let changes = diff(&old, "a", &new, "b");
    assert_eq!(
        summary(&changes),
        vec![
            "content_changed 7-1 7-1",
            "schedule_changed 7-2 7-2",
            "moved 8-1 7-3",
        ]
    );
    assert_eq!(
        changes[0].detail,
        "「住民異動等におけるタブレット端末の活用について検討を進める。」→「タブレット端末を導入する。」"
    );
    // R3 went from a merged cell to `→`: the activity goes on either way, no change.
    assert_eq!(changes[1].detail, "R4年度: 継続 → 見直し");
    assert_eq!(
        changes[2].detail,
        "No.8「相談体制の充実」→ No.7「窓口の利便性向上」"
    );
}

#[test]
fn several_kinds_for_one_item_come_in_kind_order() {
    let mut changed = crowding();
    changed.name = "窓口の混雑状況に関する市民への周知".to_string();
    changed.departments = counselling().departments;
    changed.content = "混雑状況を周知する。".to_string();
    let old = plan(vec![initiative(7, "窓口", vec![crowding(), counselling()])]);
    let new = plan(vec![initiative(7, "窓口", vec![changed, counselling()])]);
    assert_eq!(
        summary(&diff(&old, "a", &new, "b")),
        vec![
            "renamed 7-1 7-1",
            "section_changed 7-1 7-1",
            "content_changed 7-1 7-1",
        ]
    );
}

#[test]
fn lineage_follows_an_item_across_editions() {
    let editions: Vec<Edition> = [
        vec![tablet(), crowding(), counselling()],
        vec![crowding(), counselling()],
        vec![counselling(), crowding()],
    ]
    .into_iter()
    .map(|items| Edition {
        date: None,
        plan: plan(vec![initiative(7, "窓口", items)]),
    })
    .collect();
    let lineage = Lineage::new(&editions);
    assert_eq!(lineage.translate(id("7-2"), 0, 2), Some(id("7-2")));
    assert_eq!(lineage.translate(id("7-3"), 0, 2), Some(id("7-1")));
    assert_eq!(lineage.translate(id("7-1"), 2, 0), Some(id("7-3")));
    assert_eq!(lineage.translate(id("7-1"), 0, 1), None);
    assert_eq!(lineage.translate(id("7-1"), 1, 1), Some(id("7-1")));
}

#[test]
fn a_schedule_change_is_what_a_year_says_not_how_it_is_written() {
    let with = |cells: &[&str]| {
        item(
            "窓口の混雑状況に関する市民周知",
            "(民)窓口サービス課",
            "",
            cells,
        )
    };
    let merged = with(&["周知方法の検討・実施", "", ""]);
    // A merged cell that became `→` goes on just the same.
    let arrows = with(&["周知方法の検討・実施", "→", "→"]);
    assert!(schedule_years_changed(&merged, &arrows).is_empty());
    let one = |it: PracticeItem| plan(vec![initiative(7, "窓口", vec![it])]);
    assert!(diff(&one(merged.clone()), "a", &one(arrows), "b").is_empty());
    // A legend symbol reads as its meaning: ○ is 実施.
    assert!(schedule_years_changed(&with(&["○", "", ""]), &with(&["実施", "", ""])).is_empty());
    // Another activity, or the same one starting again, is a change of that year.
    let later = with(&["周知方法の検討・実施", "", "見直し"]);
    assert_eq!(schedule_years_changed(&merged, &later), vec![2022]);
    let again = with(&["周知方法の検討・実施", "周知方法の検討・実施", ""]);
    assert_eq!(schedule_years_changed(&merged, &again), vec![2021]);
    let changes = diff(&one(merged), "a", &one(later), "b");
    assert_eq!(summary(&changes), vec!["schedule_changed 7-1 7-1"]);
}
