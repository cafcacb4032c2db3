use super::*;

#[test]
fn file_overrides_bureaus_and_adds_words() {
    let s = Settings::from_toml("[bureaus]\n\"企\" = \"企画部\"\n\"民\" = \"市民部\"\n[plan]\nlabel_department = [\"所管\"]\n")
        .unwrap();
    assert_eq!(s.bureaus["企"], "企画部");
    assert_eq!(s.bureaus["民"], "市民部");
    assert_eq!(s.bureaus["福"], "福祉部");
    assert!(s.plan.words.label_department.contains(&"所管".to_string()));
    assert!(
        s.plan
            .words
            .label_department
            .contains(&"担当部署".to_string())
    );
    assert!(Settings::from_toml("[bureau]\n").is_err());
    let s = Settings::from_toml("[progress.columns]\nstatus = [\"進み具合\"]\n[progress.status_synonyms]\n\"着手\" = \"実施中\"\n").unwrap();
    assert!(s.progress.columns[&ProgressColumn::Status].contains(&"進み具合".to_string()));
    assert_eq!(
        s.progress.canonical_status("着手").as_deref(),
        Some("実施中")
    );
    assert_eq!(s.progress.canonical_status("済").as_deref(), Some("完了"));
    assert_eq!(s.progress.canonical_status("保留"), None);
    assert!(Settings::from_toml("[progress.status_synonyms]\n\"保留\" = \"様子見\"\n").is_err());
}

#[test]
fn plan_columns_add_header_words_and_name_known_columns() {
    let d = Settings::default();
    for (col, word) in [
        (PlanColumn::Number, "№"),
        (PlanColumn::Initiative, "改革項目"),
        (PlanColumn::ItemName, "具体的取組"),
        (PlanColumn::Content, "概要"),
        (PlanColumn::Section, "担当部課名"),
        (PlanColumn::Target, "目標値"),
    ] {
        assert!(d.plan.columns[&col].contains(&word.to_string()), "{word}");
    }
    let s = Settings::from_toml("[plan.columns]\ntarget = [\"数値目標\"]\n").unwrap();
    let target = &s.plan.columns[&PlanColumn::Target];
    assert!(target.contains(&"数値目標".to_string()));
    assert!(
        target.contains(&"目標指標".to_string()),
        "added, not replaced"
    );
    let e = Settings::from_toml("[plan.columns]\nsections = [\"課\"]\n").unwrap_err();
    assert!(e.to_string().contains("sections"), "{e}");
}

#[test]
fn grades_replace_the_default_and_due_day_is_a_day_of_the_month() {
    let d = Settings::default();
    assert_eq!(d.progress.grades(), ["S", "A", "B", "C"]);
    assert_eq!(d.report.due_day, 10);
    let s = Settings::from_toml(
        "[progress]\ngrades = [\" ◎ \", \"○\", \"△\"]\n[report]\ndue_day = 15\n",
    )
    .unwrap();
    assert_eq!(s.progress.grades(), ["◎", "○", "△"]);
    assert_eq!(s.report.due_day, 15);
    assert!(
        Settings::from_toml("[progress]\ngrades = []\n")
            .unwrap()
            .progress
            .grades()
            .is_empty()
    );
    for bad in [
        "[progress]\ngrades = [\"A\", \"\"]\n",
        "[progress]\ngrades = [\"A,B\"]\n",
        "[progress]\ngrades = [\"A\", \"A\"]\n",
        "[report]\ndue_day = 0\n",
        "[report]\ndue_day = 32\n",
        "[report]\ndeadline = 10\n",
    ] {
        assert!(Settings::from_toml(bad).is_err(), "{bad}");
    }
    let long = format!("[progress]\ngrades = [\"{}\"]\n", "評".repeat(256));
    assert!(Settings::from_toml(&long).is_err());
}

#[test]
fn scale_keys_that_make_a_table_column_twice_are_refused() {
    let scale = |key: &str| {
        format!(
            "[[scales]]\nkey = \"{key}\"\nlabel = \"達成度\"\nvalues = [\"1\", \"2\"]\nbest = \"last\"\n"
        )
    };
    for key in [
        "item_id",
        "results",
        "period",
        "grade_raw",
        "source_row",
        "percent",
    ] {
        let err = Settings::from_toml(&scale(key)).unwrap_err().to_string();
        assert!(err.contains("列名"), "{key}: {err}");
    }
    let both = format!("{}{}", scale("level"), scale("level_raw"));
    let err = Settings::from_toml(&both).unwrap_err().to_string();
    assert!(err.contains("level_raw"), "{err}");
    assert!(Settings::from_toml(&scale("achievement")).is_ok());
}

#[test]
fn scales_replace_the_grade_add_axes_and_keep_their_headers_apart() {
    let s = Settings::from_toml(
        "[[scales]]\nkey = \"grade\"\nvalues = [\"1\", \"2\", \"3\"]\nbest = \"first\"\n[[scales]]\nkey = \"achievement\"\nlabel = \"達成度\"\nvalues = [\"未達成\", \"達成\"]\nbest = \"last\"\n[progress.columns]\nachievement = [\"達成状況\"]\n",
    )
    .unwrap();
    let keys: Vec<&str> = s.progress.scales.iter().map(|x| x.key.as_str()).collect();
    assert_eq!(keys, ["grade", "achievement"]);
    assert_eq!(s.progress.grades(), ["1", "2", "3"]);
    assert_eq!(
        s.progress.columns[&ProgressColumn::Rating(1)],
        ["達成度", "達成状況"]
    );
    assert_eq!(
        s.progress.columns[&ProgressColumn::Rating(0)],
        ["評価", "自己評価"]
    );
    // Statuses resolve composites too.
    assert_eq!(
        s.progress.canonical_status("完了（8月）").as_deref(),
        Some("完了")
    );
    for (bad, why) in [
        (
            "[progress]\ngrades = [\"A\"]\n[[scales]]\nkey = \"grade\"\nvalues = [\"A\"]\n",
            "両方",
        ),
        (
            "[[scales]]\nkey = \"x\"\nlabel = \"状況\"\nbest = \"last\"\n",
            "ほかの列（status）",
        ),
        (
            "[[scales]]\nkey = \"x\"\nlabel = \"達成度\"\nbest = \"last\"\n[[scales]]\nkey = \"x\"\nlabel = \"達成度\"\nbest = \"last\"\n",
            "2 回",
        ),
    ] {
        let err = Settings::from_toml(bad).unwrap_err();
        assert!(err.to_string().contains(why), "{bad}: {err}");
    }
}
