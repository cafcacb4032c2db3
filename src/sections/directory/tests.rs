use super::*;

fn bureaus() -> BTreeMap<String, String> {
    [("総", "総務部"), ("民", "市民生活部"), ("都", "都市建設部")]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn entry(bureau: &str, section: &str, mark: &str, code: &str, aliases: &[&str]) -> DirectoryEntry {
    DirectoryEntry {
        bureau: bureau.into(),
        section: section.into(),
        mark: mark.into(),
        code: code.into(),
        aliases: aliases.iter().map(|a| a.to_string()).collect(),
        since: None,
        location: String::new(),
    }
}

fn name(mark: &str, bureau: &str, section: &str) -> SectionName {
    SectionName {
        mark: mark.into(),
        bureau: bureau.into(),
        section: section.into(),
    }
}

/// A directory of a city that writes 「部 課」, with codes, an alias, a rename at April
/// 2024 and a split at April 2025.
fn directory(as_of: Option<Period>) -> Directory {
    let mut renamed = entry("総務部", "行政経営課", "総", "010200", &["行政改革推進課"]);
    renamed.since = Period::new(2024, 4);
    let mut a = entry("都市建設部", "空港・総務課", "", "050100", &["都市総務課"]);
    a.since = Period::new(2025, 4);
    let mut b = entry("都市建設部", "交通政策課", "", "050200", &["都市総務課"]);
    b.since = Period::new(2025, 4);
    let entries = vec![
        entry("総務部", "総務課", "総", "010100", &[]),
        entry("総務部", "財政課", "総", "010500", &["財政部 財政課"]),
        renamed,
        entry(
            "こども未来部",
            "こども家庭課",
            "",
            "030100",
            &["子育て支援課", "家庭支援室"],
        ),
        entry("消防本部", "総務課", "消", "090100", &[]),
        a,
        b,
    ];
    Directory::new("departments.csv", entries, &bureaus()).as_of(as_of)
}

#[test]
fn without_a_directory_the_configured_marks_split_every_form() {
    let b = bureaus();
    let empty = Directory::default();
    let r = Resolver::new(&b, &empty);
    let soumu = name("総", "総務部", "総務課");
    for written in [
        "(総)総務課",
        "（総）総務課",
        "総務部 総務課",
        "総務部　総務課",
        "総務部・総務課",
        "総務部･総務課",
        "総務部／総務課",
        "総務部/総務課",
        "総務部総務課",
        "010100 総務部・総務課",
        "010100総務部総務課",
    ] {
        assert_eq!(
            r.resolve(written),
            Resolution::Parsed(soumu.clone()),
            "{written}"
        );
    }
    // A bureau configured by name splits a joined name too.
    assert_eq!(
        r.resolve("市民生活部市民環境課"),
        Resolution::Parsed(name("民", "市民生活部", "市民環境課"))
    );
}

#[test]
fn a_dot_inside_the_section_name_stays_there() {
    let b = bureaus();
    let empty = Directory::default();
    let r = Resolver::new(&b, &empty);
    let airport = Resolution::Parsed(name("都", "都市建設部", "空港・総務課"));
    assert_eq!(r.resolve("都市建設部 空港・総務課"), airport);
    assert_eq!(r.resolve("都市建設部・空港・総務課"), airport);
    assert_eq!(r.resolve("都市建設部空港・総務課"), airport);
    // An unknown bureau is never guessed at a 「・」: the name is kept whole. Written
    // apart from its section by a space, a name ending in 部 is the bureau the writer says.
    assert_eq!(
        r.resolve("港湾部・空港・総務課"),
        Resolution::Whole(name("", "", "港湾部・空港・総務課"))
    );
    assert_eq!(
        r.resolve("港湾部 空港・総務課"),
        Resolution::Parsed(name("", "港湾部", "空港・総務課"))
    );
    assert_eq!(
        r.resolve("企画課"),
        Resolution::Whole(name("", "", "企画課"))
    );
    // A mark not configured is kept as written.
    assert_eq!(
        r.resolve("(企)企画課"),
        Resolution::Parsed(name("企", "", "企画課"))
    );
}

#[test]
fn the_directory_resolves_marks_codes_names_and_aliases() {
    let b = bureaus();
    let d = directory(None);
    let r = Resolver::new(&b, &d);
    let zaisei = Resolution::Listed(name("総", "総務部", "財政課"));
    for written in [
        "(総)財政課",
        "総務部 財政課",
        "総務部・財政課",
        "010500 総務部・財政課",
        "010500",
        "財政課",
        // An alias written with its former bureau.
        "財政部 財政課",
    ] {
        assert_eq!(r.resolve(written), zaisei, "{written}");
    }
    // A bureau without a mark: the ID carries the bureau's name.
    let kodomo = Resolution::Listed(name("", "こども未来部", "こども家庭課"));
    for written in [
        "こども未来部こども家庭課",
        "こども未来部 こども家庭課",
        "こども家庭課",
        "子育て支援課",
        "家庭支援室",
        "030100",
    ] {
        assert_eq!(r.resolve(written), kodomo, "{written}");
    }
    assert_eq!(kodomo.name().label(), "こども未来部　こども家庭課");
    // A directory section without a mark takes the configured mark of its bureau.
    let d2 = Directory::new(
        "d.csv",
        vec![entry("市民生活部", "市民環境課", "", "", &[])],
        &b,
    );
    assert_eq!(
        Resolver::new(&b, &d2).resolve("市民生活部市民環境課"),
        Resolution::Listed(name("民", "市民生活部", "市民環境課"))
    );
    // The same section name in two bureaus: told apart by the bureau, not alone.
    assert_eq!(
        r.resolve("消防本部 総務課"),
        Resolution::Listed(name("消", "消防本部", "総務課"))
    );
    assert_eq!(
        r.resolve("(総)総務課"),
        Resolution::Listed(name("総", "総務部", "総務課"))
    );
    assert_eq!(
        r.resolve("総務課"),
        Resolution::Whole(name("", "", "総務課"))
    );
    // The directory's bureaus split names as the configured ones do.
    assert_eq!(
        r.resolve("消防本部 警防課"),
        Resolution::Parsed(name("消", "消防本部", "警防課"))
    );
}

#[test]
fn a_renamed_section_goes_by_the_name_of_the_period() {
    let b = bureaus();
    let latest = directory(None);
    let r = Resolver::new(&b, &latest);
    let now = Resolution::Listed(name("総", "総務部", "行政経営課"));
    assert_eq!(r.resolve("(総)行政改革推進課"), now);
    assert_eq!(r.resolve("総務部 行政改革推進課"), now);
    assert_eq!(r.resolve("行政経営課"), now);
    // Before April 2024 the section went by its former name, whichever name is written.
    let before = directory(Period::new(2024, 3));
    let r = Resolver::new(&b, &before);
    let then = Resolution::Listed(name("総", "総務部", "行政改革推進課"));
    assert_eq!(r.resolve("(総)行政経営課"), then);
    assert_eq!(r.resolve("行政改革推進課"), then);
    let after = directory(Period::new(2024, 4));
    assert_eq!(Resolver::new(&b, &after).resolve("行政改革推進課"), now);
    // The latest name maps to the name as of a period.
    assert!(latest.renames_after(Period::new(2024, 3).unwrap()));
    assert_eq!(
        latest.renamed_as_of(
            &name("総", "総務部", "行政経営課"),
            Period::new(2024, 3).unwrap(),
            &b
        ),
        Some(name("総", "総務部", "行政改革推進課"))
    );
    assert_eq!(
        latest.renamed_as_of(
            &name("総", "総務部", "行政経営課"),
            Period::new(2024, 9).unwrap(),
            &b
        ),
        None
    );
}

#[test]
fn a_split_former_name_is_its_own_department_with_successors() {
    let b = bureaus();
    let d = directory(None);
    let r = Resolver::new(&b, &d);
    let split = r.resolve("都市建設部 都市総務課");
    assert_eq!(split.name(), &name("都", "都市建設部", "都市総務課"));
    assert_eq!(
        split.successors(),
        [
            name("都", "都市建設部", "空港・総務課"),
            name("都", "都市建設部", "交通政策課")
        ]
    );
    assert!(matches!(split, Resolution::Divided { since, .. } if since == Period::new(2025, 4)));
    assert_eq!(r.resolve("都市総務課"), split);
    // The new sections themselves are listed.
    assert_eq!(
        r.resolve("都市建設部・空港・総務課"),
        Resolution::Listed(name("都", "都市建設部", "空港・総務課"))
    );
}

#[test]
fn a_section_named_after_a_list_member_takes_its_bureau() {
    let b = bureaus();
    let d = directory(None);
    let r = Resolver::new(&b, &d);
    let first = r.resolve("(総)総務課");
    assert_eq!(
        r.resolve_in(first.name(), "財政課"),
        Resolution::Listed(name("総", "総務部", "財政課"))
    );
    assert_eq!(
        r.resolve_in(first.name(), "契約課"),
        Resolution::Parsed(name("総", "総務部", "契約課"))
    );
    assert!(r.is_bureau("総務部"));
    assert!(r.is_bureau("消防本部"));
    assert!(!r.is_bureau("総務課"));
}
