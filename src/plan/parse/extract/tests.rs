use super::*;
use crate::config::Settings;

/// The lines an extraction reads to (none when it is refused).
fn read_lines(text: &str) -> Vec<TextLine> {
    match plan_lines(text, &Settings::default().plan) {
        Extraction::Lines(lines, _) => lines,
        Extraction::TableApart { .. } | Extraction::YearsApart { .. } => Vec::new(),
    }
}

/// The lines with text, tabs shown as ` | `.
fn shown(text: &str) -> Vec<String> {
    read_lines(text)
        .into_iter()
        .filter(|l| !l.raw.trim().is_empty())
        .map(|l| l.raw.replace('\t', " | "))
        .collect()
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| (*s).to_string()).collect()
}

#[test]
fn a_bureau_alone_on_its_line_joins_the_section_below() {
    assert_eq!(
        department_cells(&strings(&["市民生活部", "窓口サービス課"])),
        ["市民生活部 窓口サービス課"]
    );
    assert_eq!(
        department_cells(&strings(&["市民生活部 市民課", "総務部 情報政策課"])),
        ["市民生活部 市民課", "総務部 情報政策課"]
    );
    assert_eq!(
        department_cells(&strings(&["(総)総務課、(総)人事課"])),
        ["(総)総務課、(総)人事課"]
    );
}

#[test]
fn item_numbers_alone_stay_apart_and_widened_digits_become_circled() {
    assert_eq!(
        item_name(&strings(&["１", "証明書の交付"])),
        "① 証明書の交付"
    );
    assert_eq!(
        item_name(&strings(&["（ア）", "文書管理"])),
        "（ア） 文書管理"
    );
    assert_eq!(
        item_name(&strings(&["住民異動等におけるタブ", "レット端末の活用"])),
        "住民異動等におけるタブレット端末の活用"
    );
}

#[test]
fn inline_schedules_give_years_and_values() {
    let (years, values) =
        inline_schedule("R3 検討　R4 システム改修　R5 実施　R6～R7 →", None).unwrap();
    assert_eq!(years, ["R3", "R4", "R5", "R6~R7"]);
    assert_eq!(values, ["検討", "システム改修", "実施", "→"]);
    assert_eq!(inline_schedule("R3年度から検討", None), None);
    let (years, values) =
        inline_schedule("R7：検討　R8・R9：試行　R10以降：実施", Some(2029)).unwrap();
    assert_eq!(years, ["R7", "R8", "R9", "2028年度~2029年度"]);
    assert_eq!(values, ["検討", "試行", "→", "実施"]);
    let (years, values) = inline_schedule("R7～R11：実施", Some(2029)).unwrap();
    assert_eq!(
        (years, values),
        (vec!["R7~R11".to_string()], vec!["実施".to_string()])
    );
}

#[test]
fn tab_separated_text_passes_through() {
    let text = "No. 7\n実践項目名\t窓口\n工程表\tR 2年度\n\t検討\n";
    assert_eq!(read_lines(text), text_lines(text));
}

#[test]
fn a_header_line_read_below_the_body_is_dropped_as_on_other_pages() {
    let page = |body: &str| format!("市行政プラン\n\n実施計画\n\n{body}\n\n- 1 -\n\u{c}");
    let text = format!(
        "{}{}{}市行政プラン\n工程表\n\n実施計画\n\nR 2 年度\n",
        page("No. 7"),
        page("No. 8"),
        page("No. 9"),
    );
    let kept: Vec<String> = pages::clean(&text)
        .into_iter()
        .map(|l| l.text)
        .filter(|t| !t.trim().is_empty())
        .collect();
    assert_eq!(kept, ["No. 7", "No. 8", "No. 9", "工程表", "R 2 年度"]);
}

#[test]
fn schedules_written_as_lines_of_years() {
    let lines = |ls: &[&str]| ls.iter().map(|l| l.to_string()).collect::<Vec<_>>();
    let (years, values) = prose_schedule(
        &lines(&["令和7年度　検討", "令和8年度～　実施"]),
        Some(2029),
    )
    .unwrap();
    assert_eq!(
        years,
        ["2025年度", "2026年度", "2027年度", "2028年度", "2029年度"]
    );
    assert_eq!(values, ["検討", "実施", "→", "→", "→"]);
    let (_, values) = prose_schedule(
        &lines(&["令和7年度 実施", "令和8年度以降 継続"]),
        Some(2027),
    )
    .unwrap();
    assert_eq!(values, ["実施", "継続", "→"]);
    let (years, values) = prose_schedule(&lines(&["R7年度～R9年度：実施"]), None).unwrap();
    assert_eq!(
        (years.len(), values),
        (3, vec!["実施".to_string(), "→".into(), "→".into()])
    );
    // An open span with no end in the document, or a line of prose, is no schedule.
    assert_eq!(prose_schedule(&lines(&["令和8年度～　実施"]), None), None);
    assert_eq!(
        prose_schedule(&lines(&["令和7年度　検討", "関係課と協議する"]), Some(2029)),
        None
    );
    assert_eq!(
        latest_year(["計画期間　令和7年度～令和11年度", "令和8年度　実施"].into_iter()),
        Some(2029)
    );
}

#[test]
fn labels_in_brackets_open_their_field() {
    let settings = Settings::default();
    assert_eq!(
        label_at_start("【担当課】市民課", &settings.plan),
        Some((Field::Department, "市民課".to_string()))
    );
    assert_eq!(label_word("【スケジュール】"), "スケジュール");
    assert_eq!(
        label_at_start("◆担当課　市民課", &settings.plan),
        Some((Field::Department, "市民課".to_string()))
    );
    assert_eq!(
        label_at_start("■内容：窓口を改善する。", &settings.plan),
        Some((Field::Content, "窓口を改善する。".to_string()))
    );
    assert_eq!(label_at_start("・市民課と協議する", &settings.plan), None);
    assert_eq!(label_at_start("【重要】市民課", &settings.plan), None);
}

/// A line with each text starting at its column (one column per character, as
/// `pdftotext -layout` writes).
fn laid_out(pieces: &[(usize, &str)]) -> String {
    let mut line = String::new();
    for (col, text) in pieces {
        let width = line.chars().count();
        line.push_str(&" ".repeat(col.saturating_sub(width).max(2)));
        line.push_str(text);
    }
    line
}

#[test]
fn a_wide_table_in_layout_text_is_cut_at_its_header() {
    let settings = Settings::default();
    let lines = [
        "計画の概要です。".to_string(),
        String::new(),
        laid_out(&[
            (0, "No."),
            (6, "取組項目"),
            (20, "取組内容"),
            (36, "担当課"),
            (44, "スケジュール"),
        ]),
        laid_out(&[(44, "R7"), (49, "R8"), (54, "R9")]),
        "【重点項目1】窓口".to_string(),
        String::new(),
        laid_out(&[
            (0, "1"),
            (6, "書かない窓口"),
            (20, "聞き取りで申請書を"),
            (36, "市民課"),
            (44, "検討"),
            (49, "○"),
            (54, "→"),
        ]),
        laid_out(&[(20, "作成する。"), (36, "保険年金課")]),
        String::new(),
        laid_out(&[
            (0, "2"),
            (6, "手数料の"),
            (20, "キャッシュレス決済を"),
            (36, "会計課"),
            (44, "○"),
            (49, "→"),
            (54, "→"),
        ]),
        laid_out(&[(6, "キャッシュレス化"), (20, "導入する。")]),
        // A number its column wrapped (「1-(1)-」 over 「③」).
        laid_out(&[
            (0, "1-(1)-"),
            (6, "窓口の延長"),
            (20, "延長する。"),
            (36, "市民課"),
            (44, "○"),
        ]),
        laid_out(&[(0, "③")]),
        "※ 予定は毎年度見直します。".to_string(),
    ];
    let texts = table_texts(&lines);
    assert_eq!(
        texts,
        vec![
            "No.|取組項目|取組内容|担当課|スケジュール||",
            "||||R7|R8|R9",
            // The heading between the rows, numbered as the outline rows are.
            "【1】窓口||||||",
            "1|書かない窓口|聞き取りで申請書を作成する。|市民課\n保険年金課|検討|○|→",
            "2|手数料のキャッシュレス化|キャッシュレス決済を導入する。|会計課|○|→|→",
            "1-(1)-③|窓口の延長|延長する。|市民課|○||",
        ]
    );
    assert!(
        layout_table("No. 取組項目\n1 窓口\n", &settings.plan)
            .rows
            .is_empty()
    );
}

/// A header whose labels nearly touch (「区分 取組事項」, one space), set right of where its
/// columns' text starts (「取組      区分」 over 「1    新規」), years written without their era
/// (「７年度」, 「１０年」 over 「度」) and a column after them (目標指標); 関係課 continues
/// as owners.
#[test]
fn a_header_set_apart_from_its_columns_text_is_read_in_layout_text() {
    let lines = [
        "    １．効率的で質の高い行政運営",
        "    (1) 業務の見直し",
        "取組      区分 取組事項       取組の内容               主管課    関係課    取組スケジュール                      目標指標",
        "No.",
        "                                                        ７年度   ８年度   ９年度   １０年   １１年",
        "                                                                          度     度",
        "",
        "1    新規   ＲＰＡによる定型業   定型的な入力業務に RPA を導入   情報政策   各課     検討    試行    導入    →     →     削減時間 3,000",
        "          務の自動化       し、職員の事務時間を削減する。     課                                           時間/年",
        "",
        "2    継続   会議資料のペーパー   庁内会議の資料をタブレット端末     総務課    情報政策   実施    →     →     →     →     印刷枚数 50％",
        "          レス化         で閲覧する。                     課                                    削減",
        "                                                 財政課",
    ];
    let texts = table_texts(&lines);
    assert_eq!(
        texts,
        vec![
            "取組No.|区分|取組事項|取組の内容|主管課|関係課|取組スケジュール|||||目標指標",
            "||||||７年度|８年度|９年度|１０年度|１１年度|",
            "【1】効率的で質の高い行政運営|||||||||||",
            "1-1 業務の見直し|||||||||||",
            "1|新規|ＲＰＡによる定型業務の自動化|定型的な入力業務にRPAを導入し、職員の事務時間を削減する。|情報政策課|各課|検討|試行|導入|→|→|削減時間3,000時間/年",
            "2|継続|会議資料のペーパーレス化|庁内会議の資料をタブレット端末で閲覧する。|総務課|情報政策課\n財政課|実施|→|→|→|→|印刷枚数50％削減",
        ]
    );
}

/// A spreadsheet's table as Calc prints it and `pdftotext -layout` writes it: labels
/// centred over wide columns (「取組内容」 far right of where its text starts) and cells
/// centred in tall rows, their first lines above the row's number (「子育て・…を増」 over
/// 「1-1」, 「秘書広報課」 over 「1-3」): each line goes to its column and its row.
#[test]
fn centred_cells_and_labels_are_read_in_layout_text() {
    let lines = [
        "No.          取組項目                  取組内容                担当課   R7   R8   R9   R10   R11",
        "",
        "",
        "【1】行政サービスの向上",
        "                       子育て・介護の手続を中心に、オンラインで申請できる手続を増",
        " 1-1   オンライン申請の拡大                                    情報政策課   検討   実施   →    →      →",
        "                       やす。",
        "",
        " 1-2   窓口の待ち時間の短縮      発券システムを更新し、待ち状況をウェブで公開する。     市民課     準備   更新   運用   →      →",
        "",
        "                                                     秘書広報課",
        " 1-3   公式LINEによる情報発信   防災・子育て情報を登録者に配信する。                    開始   →    拡充   →      →",
        "                                                     防災課",
        "",
    ];
    let texts = table_texts(&lines);
    assert_eq!(
        texts,
        vec![
            "No.|取組項目|取組内容|担当課|R7|R8|R9|R10|R11",
            "【1】行政サービスの向上||||||||",
            "1-1|オンライン申請の拡大|子育て・介護の手続を中心に、オンラインで申請できる手続を増やす。|情報政策課|検討|実施|→|→|→",
            "1-2|窓口の待ち時間の短縮|発券システムを更新し、待ち状況をウェブで公開する。|市民課|準備|更新|運用|→|→",
            "1-3|公式LINEによる情報発信|防災・子育て情報を登録者に配信する。|秘書広報課\n防災課|開始|→|拡充|→|→",
        ]
    );
}

/// An extractor that sets one space between a narrow number column and the name (pypdf's
/// layout mode: 「 1-1 オンライン申請の拡大」): the number and the name in their columns.
#[test]
fn a_name_run_into_its_number_goes_to_its_column() {
    let lines = [
        " No.        取組項目                        取組内容                担当課       R7    R8",
        "",
        " 1-1 オンライン申請の拡大                         手続を増やす。             情報政策課     検討    実施",
        " 1-2 窓口の待ち時間の短縮                         待ち状況を公開する。          市民課       準備    更新",
    ];
    let texts = table_texts(&lines);
    assert_eq!(
        texts,
        vec![
            "No.|取組項目|取組内容|担当課|R7|R8",
            "1-1|オンライン申請の拡大|手続を増やす。|情報政策課|検討|実施",
            "1-2|窓口の待ち時間の短縮|待ち状況を公開する。|市民課|準備|更新",
        ]
    );
}

/// Tables of items under headings (「柱1」 over 「1－1」, then 「1－2」 between the tables), each
/// with a header whose label wraps (「番」 over 「号」) and whose years carry 「年度」 on the
/// line below; a section's name wrapped in its cell (「主：財政」 over 「課」) runs on.
#[test]
fn tables_under_headings_with_wrapped_headers_are_read_in_layout_text() {
    let header = || {
        vec![
            laid_out(&[(0, "番"), (6, "取組項目"), (20, "担当課"), (30, "実施年度")]),
            laid_out(&[(0, "号")]),
            laid_out(&[(30, "2025"), (38, "2026")]),
            laid_out(&[(30, "年度"), (38, "年度")]),
        ]
    };
    let mut lines = vec![
        "はじめに".to_string(),
        "本町の改革の考え方を示します。".to_string(),
        String::new(),
        laid_out(&[(0, "柱1"), (7, "効率的な行政運営")]),
        "1－1 事務事業の見直し".to_string(),
    ];
    lines.extend(header());
    lines.extend([
        laid_out(&[
            (0, "01"),
            (6, "補助金の点検"),
            (20, "主：財政"),
            (30, "点検"),
            (38, "━━"),
        ]),
        laid_out(&[(20, "課")]),
        laid_out(&[(20, "副：企画課")]),
        String::new(),
        "1－2 組織の活性化".to_string(),
    ]);
    lines.extend(header());
    lines.push(laid_out(&[
        (0, "02"),
        (6, "人事評価"),
        (20, "総務課"),
        (30, "検討"),
        (38, "試行"),
    ]));
    let texts = table_texts(&lines);
    assert_eq!(
        texts,
        vec![
            "番号|取組項目|担当課|実施年度|",
            "|||2025年度|2026年度",
            "【1】効率的な行政運営||||",
            "1-1 事務事業の見直し||||",
            "01|補助金の点検|主：財政課\n副：企画課|点検|━━",
            "1-2 組織の活性化||||",
            "02|人事評価|総務課|検討|試行",
        ]
    );
}

#[test]
fn a_numbered_name_label_alone_takes_the_name_below() {
    let settings = Settings::default();
    assert_eq!(
        numbered_name_label("推進項目 1-1", &settings.plan),
        Some(("推進項目", "1-1".to_string(), String::new()))
    );
    assert_eq!(
        numbered_name_label(
            "推進項目 1-2\u{3000} 行政手続のオンライン化",
            &settings.plan
        ),
        Some((
            "推進項目",
            "1-2".to_string(),
            "行政手続のオンライン化".to_string()
        ))
    );
    assert_eq!(
        numbered_name_label("推進項目の考え方", &settings.plan),
        None
    );
}

#[test]
fn an_item_sheet_in_plain_output_pairs_each_label_with_the_block_after_it() {
    // The header row 工程表 | 効果 comes first, then the years, the values, and 効果's text.
    let text = "基本目標1\n\n効率的な行政運営\n\n取組番号\n\n1-1\n\n担当課\n\n総務課\n\n取組項目\n\n会議の電子化\n\n現状と課題\n\n紙が多い。\n\n工程表\n\n効果\n\nR7\n\nR8\n\nR9\n\n試行\n\n実施\n\n→\n\n時間の削減\n";
    assert_eq!(
        shown(text),
        [
            "基本目標1\u{3000}効率的な行政運営",
            "取組番号 | 1-1",
            "担当課 | 総務課",
            "取組項目 | 会議の電子化",
            "現状と課題 | 紙が多い。",
            "工程表 | R7 | R8 | R9",
            " | 試行 | 実施 | →",
            "効果 | 時間の削減",
        ]
    );
}

/// Plain output of items over label | value rows and a schedule a year a row: the
/// markers set before both names (「①」 ⏎ 「②」 ⏎ name), the header's cells a line each
/// (「年度」 ⏎ 「取組」), a year its cell wrapped (「令和 9 年度～令和 11 年」 ⏎ 「度」); the
/// second marker's name is the line after the first item's year rows.
#[test]
fn markers_before_their_names_and_year_rows_a_cell_a_line_in_plain_output() {
    let text = "（１）窓口の改善\n①\n\n②\n\n窓口予約制度の導入\n担当課\n\n市民課\n\n取組内容\n\n来庁予約を受け付ける。\n\n年度\n\n取組\n\n令和 7 年度\n\n検討\n\n令和 9 年度～令和 11 年\n度\n\n実施\n\n証明書郵送請求のオンライン化\n担当課\n\n市民課\n\n年度\n\n取組\n\n令和 7 年度\n\n改修\n\n令和 8 年度以降\n\n運用\n\n（２）情報発信\n①\n\nSNS による発信\n担当課\n\n広報課\n";
    assert_eq!(
        shown(text),
        [
            "（１）窓口の改善",
            "①\u{3000}窓口予約制度の導入",
            "担当課 | 市民課",
            "取組内容 | 来庁予約を受け付ける。",
            "工程表 | 2025 | 2027~2029",
            " | 検討 | 実施",
            "②\u{3000}証明書郵送請求のオンライン化",
            "担当課 | 市民課",
            "工程表 | 2025 | 2026年度~2029年度",
            " | 改修 | 運用",
            "（２）情報発信",
            "①\u{3000}SNSによる発信",
            "担当課 | 広報課",
        ]
    );
}

#[test]
fn a_schedule_of_years_and_values_in_turn_reads_a_row_a_year() {
    // A two-column schedule (year | value) read a cell at a time; the next item's marker
    // came with the year column, its name after the values.
    let text = "計画期間\n\n令和7年度～令和9年度\n\nア 窓口の改善\n【担当課】市民課\n【スケジュール】\n令和7年度\n\n検討\n\n令和8年度～\nイ\n\n実施\n\n混雑状況の発信\n\n【担当課】情報政策課\n";
    let lines = shown(text);
    assert!(
        lines.contains(&"スケジュール | 2025年度 | 2026年度 | 2027年度".to_string()),
        "{lines:?}"
    );
    assert!(
        lines.contains(&" | 検討 | 実施 | →".to_string()),
        "{lines:?}"
    );
    assert!(
        lines.contains(&"イ\u{3000}混雑状況の発信".to_string()),
        "{lines:?}"
    );
}

#[test]
fn an_item_table_set_out_a_cell_at_a_time_is_refused_at_its_header() {
    let s = Settings::default();
    let table =
        "計画\n\nNo.\n\n○：実施\n\n取組項目\n\n●：完了\n\n取組内容\n\n担当課\n\n1\n\n窓口\n";
    assert!(matches!(
        plan_lines(table, &s.plan),
        Extraction::TableApart { line: 3 }
    ));
    let raw = "計画\nNo. 取組項目 取組内容 担当課 実施スケジュール\nR7 R8 R9\n1 窓口 聞き取る 市民課 検討\n";
    assert!(matches!(
        plan_lines(raw, &s.plan),
        Extraction::TableApart { line: 2 }
    ));
    let sheet = "取組番号\n\n1-1\n\n担当課\n\n総務課\n\n取組項目\n\n会議の電子化\n";
    assert!(matches!(plan_lines(sheet, &s.plan), Extraction::Lines(..)));
    // Labels the cells' width wrapped (「項目番⏎号」, 「令和 7⏎年度」), a label joined to a
    // word of its own (「取組内容・目標」), and two owners' columns (担当部局, 担当課).
    let wrapped = "計画\n\n項目番\n号\n\n実施項目\n\n取組内容・目標\n\n担当部局\n\n担当課\n\n令和 7\n年度\n\n1-1-1\n";
    assert!(matches!(
        plan_lines(wrapped, &s.plan),
        Extraction::TableApart { line: 3 }
    ));
    // Two labels one space apart (「区分 取組事項」), a co-owners' column between labels.
    let near = "計画\n\n取組\nNo.\n1\n\n区分 取組事項\n\n取組の内容\n\n関係課\n\n主管課\n";
    assert!(matches!(
        plan_lines(near, &s.plan),
        Extraction::TableApart { line: 7 }
    ));
    let raw = "計画\n項目番\n号\n実施項目 取組内容・目標 担当部局 担当課 令和 7\n年度\n";
    assert!(matches!(
        plan_lines(raw, &s.plan),
        Extraction::TableApart { line: 4 }
    ));
}

/// A schedule whose last columns came out a column at a time (pdfminer: 「R10」「→」「R10」
/// 「→」): refused at the year's second line; years a schedule label apart are not.
#[test]
fn a_schedule_scattered_a_column_at_a_time_is_refused_at_the_year_again() {
    let s = Settings::default();
    let scattered = "取組名\n\n①　算定\n\n工程表\n\nR7\n\n算定\n\nR10\n\n→\n\nR10\n\n→\n";
    assert!(matches!(
        plan_lines(scattered, &s.plan),
        Extraction::YearsApart { line: 15 }
    ));
    let items = "工程表\nR7\n検討\n工程表\nR7\n実施\n";
    assert!(matches!(plan_lines(items, &s.plan), Extraction::Lines(..)));
}

/// A heading whose Roman numeral an extractor set apart: on the line after it, a blank
/// line between (pdfminer), at its end (pdfium) or before its word (pypdf); the heading as
/// written each way.
#[test]
fn a_numeral_set_after_its_heading_is_read_with_it() {
    let after = "基本方針 市民の視点\n\nⅠ\u{3000}\n\n施策 1 窓口の向上\n基本方針 健全な財政\n\nⅡ\n施策 2 歳入\n";
    let at_end =
        "基本方針 市民の視点 Ⅰ\u{3000}\n\n施策 1 窓口の向上\n基本方針 健全な財政 Ⅱ\n施策 2 歳入\n";
    let at_start =
        "Ⅰ\u{3000}基本方針 市民の視点\n\n施策 1 窓口の向上\nⅡ 基本方針 健全な財政\n施策 2 歳入\n";
    for text in [after, at_end, at_start] {
        let lines = shown(text);
        assert_eq!(lines[0], "基本方針Ⅰ\u{3000}市民の視点", "{text}");
        assert_eq!(lines[2], "基本方針Ⅱ\u{3000}健全な財政", "{text}");
        assert!(!lines.iter().any(|l| l.trim() == "Ⅰ"), "{lines:?}");
    }
    // Once only, a line of values before a page's numeral stays as it is.
    let once = "検討 方針決定 実施\nⅢ\n基本方針 組織力の強化\n";
    assert_eq!(shown(once)[1], "基本方針Ⅲ\u{3000}組織力の強化");
}

/// A row's two labels as blocks before their values (pdfminer: 「実践項目名」 ⏎ 「担当部署」
/// ⏎ name ⏎ section): each label with its value, in order.
#[test]
fn two_labels_before_their_values_take_them_in_order() {
    let text = "実践項目名\n\n担当部署\n\n住民異動等の受付\n\n市民生活部\n窓口サービス課\n\n取組内容\n\n検討する。\n";
    let lines = shown(text);
    assert_eq!(
        lines[..3],
        [
            "実践項目名 | 住民異動等の受付",
            "担当部署 | 市民生活部 窓口サービス課",
            "取組内容 | 検討する。"
        ]
    );
}

#[test]
fn markers_read_apart_from_their_titles_take_them_in_turn() {
    // Plain output of tab-set headings and an inline 年次計画: the markers in one column,
    // the titles and the schedule's later pieces in the next.
    let text = "計画期間\n\n令和7年度～令和11年度\n\n施策 1\n①\n\n窓口の向上\n\n予約の導入\n\n■担当部署：市民課\n■年次計画：R7：検討\n②\n\nR8：試行\n\nR9～R11：実施\n\n手続の案内\n\n■担当部署：保険年金課\n■年次計画：R7・R8：準備\n";
    assert_eq!(
        shown(text),
        [
            "計画期間",
            "令和7年度～令和11年度",
            "施策 1\u{3000}窓口の向上",
            "①\u{3000}予約の導入",
            "担当部署 | 市民課",
            "年次計画 | R7 | R8 | R9~R11",
            " | 検討 | 試行 | 実施",
            "②\u{3000}手続の案内",
            "担当部署 | 保険年金課",
            "年次計画 | R7 | R8",
            " | 準備 | →",
        ]
    );
}

#[test]
fn a_schedule_label_run_into_its_inline_schedule_is_read_as_its_label() {
    let settings = Settings::default();
    for text in ["年次計画R7：検討R8：試行", "年次計画 R7～R11：実施"] {
        let (field, rest) = label_at_start(text, &settings.plan).expect(text);
        assert_eq!(field, Field::ScheduleHeader, "{text}");
        assert!(rest.starts_with('R'), "{text}: {rest}");
        assert_eq!(label_word(text), "年次計画", "{text}");
    }
    assert!(label_at_start("年次計画の考え方", &settings.plan).is_none());
}

/// Years and values apart by commas, the years written with their era, and a content
/// label 【実施内容】.
#[test]
fn an_inline_schedule_apart_by_commas_and_the_labels_of_paragraph_items() {
    let (years, values) = inline_schedule(
        "令和7年度：調査、令和8年度：実施、令和9年度以降：拡大",
        Some(2029),
    )
    .expect("schedule");
    assert_eq!(values, ["調査", "実施", "拡大"]);
    assert_eq!(years.len(), 3);
    // Years joined by 「・」 still share the value after them.
    let (_, values) = inline_schedule("R7・R8：改定、R9：実施", None).expect("joined");
    assert_eq!(values, ["改定", "→", "実施"]);
    let settings = Settings::default();
    let (field, rest) = label_at_start("【実施内容】予約制を導入する。", &settings.plan).unwrap();
    assert_eq!(
        (field, rest.as_str()),
        (Field::Content, "予約制を導入する。")
    );
}

/// pdfplumber's layout text: every line a margin's width in, 「No」 one space before
/// 「実施項目」, years one space apart with 「(2025」… under them, a number label wrapped
/// (「項目番」 ⏎ 「号」), no blank line between rows and a cell centred on its row
/// (「秘書広報課」 over the row of 「1-2」, 「防災課」 under it).
#[test]
fn pdfplumber_layout_tables_are_cut_at_their_columns() {
    let lines = [
        "        No 実施項目         内容                  所管課         2025 2026  2027",
        "                                                        (R7) (R8)  (R9)",
        "        1  窓口の改善        予約制を導入する。           市民課         検討   実施    →",
        "                                            秘書広報課",
        "        2  情報の発信        SNSで発信する。                       開始   →     →",
        "                                            防災課",
    ];
    let texts = table_texts(&lines);
    assert_eq!(
        texts,
        vec![
            "No|実施項目|内容|所管課|2025(R7)|2026(R8)|2027(R9)",
            "1|窓口の改善|予約制を導入する。|市民課|検討|実施|→",
            "2|情報の発信|SNSで発信する。|秘書広報課\n防災課|開始|→|→",
        ]
    );
    let lines = [
        "   項目番   実施項目              担当課      令和7 令和8",
        "   号                                年度    年度",
        "   1-1 窓口のワンストッ            市民課      調査    試行",
        "       プ化",
    ];
    let texts = table_texts(&lines);
    assert_eq!(
        texts,
        vec![
            "項目番号|実施項目|担当課|令和7年度|令和8年度",
            "1-1|窓口のワンストップ化|市民課|調査|試行",
        ]
    );
}

/// Prints what an extraction reads to (`GYOKAKU_SHOW_TEXT=path cargo test --lib
/// show_extraction -- --nocapture`): the plan lines, tabs as ` | `, and the rows of a
/// table kept in `-layout` text, to look at what a new extraction reads to.
#[test]
fn show_extraction() {
    if let Ok(path) = std::env::var("GYOKAKU_SHOW_TEXT") {
        let bytes = std::fs::read(path).unwrap();
        let text = crate::decode::decode(&bytes).unwrap().text;
        for l in shown(&text) {
            println!("{l}");
        }
        println!("-- table rows --");
        for r in layout_table(&text, &Settings::default().plan).rows {
            println!("{}", r.join(" | ").replace('\n', "⏎"));
        }
    }
}

#[test]
fn a_label_run_into_a_latin_word_is_the_label_and_its_value() {
    let s = Settings::default();
    let (field, rest) = super::label_at_start("取組内容SNSの発信を増やす。", &s.plan).unwrap();
    assert_eq!(
        (field, rest.as_str()),
        (Field::Content, "SNSの発信を増やす。")
    );
    // A year or a number after a label is no word.
    assert!(super::label_at_start("取組内容R7から", &s.plan).is_none());
    assert!(super::label_at_start("担当課1", &s.plan).is_none());
}

/// pypdf's layout text: headings two places in, where the second column's text may start
/// too, over the next table (taken as headings only there); years run together
/// (「20262027」), a wrapped label's end on the line of years (「号  2025…」), and
/// 「令和 10 令和 11 効果額」 one space apart.
#[test]
fn pypdf_layout_tables_are_cut_at_their_columns() {
    let lines = [
        "取組  区分  取組事項      主管課    2025 20262027",
        "1   新規  窓口の改善      市民課    検討  実施  →",
        "  (2)　人材の育成",
        "取組  区分  取組事項      主管課    2025 20262027",
        "2   継続  研修の体系化    人事課    計画  実施  →",
    ];
    assert_eq!(
        table_texts(&lines),
        vec![
            "取組|区分|取組事項|主管課|2025|2026|2027",
            "1|新規|窓口の改善|市民課|検討|実施|→",
            "【2】人材の育成||||||",
            "2|継続|研修の体系化|人事課|計画|実施|→",
        ]
    );
    let lines = [
        "番  取組項目      担当課   令和 9  令和 10 令和 11 効果額",
        "号                  年度    年度    年度    （千円）",
        "01 補助金の総点    財政課   点検    見直    ━━    1,200",
        "   検",
    ];
    assert_eq!(
        table_texts(&lines),
        vec![
            "番号|取組項目|担当課|令和9年度|令和10年度|令和11年度|効果額（千円）",
            "01|補助金の総点検|財政課|点検|見直|━━|1,200",
        ]
    );
    let lines = [
        "番  取組項目      担当課   実施年度",
        "号                  2025 20262027",
        "01 補助金の総点    財政課   点検   見直  ━━",
        "   検",
    ];
    assert_eq!(
        table_texts(&lines),
        vec![
            "番号|取組項目|担当課|実施年度||",
            "|||2025|2026|2027",
            "01|補助金の総点検|財政課|点検|見直|━━",
        ]
    );
}

/// The rows [`layout_table`] reads from `lines`, cells joined by `|`.
fn table_texts<S: AsRef<str>>(lines: &[S]) -> Vec<String> {
    let text: Vec<&str> = lines.iter().map(AsRef::as_ref).collect();
    let rows = layout_table(&text.join("\n"), &Settings::default().plan).rows;
    rows.iter().map(|r| r.join("|")).collect()
}

/// The columns of a table's header in the tests of pages set otherwise.
const HEADER: [usize; 8] = [0, 6, 12, 24, 32, 40, 47, 54];

/// A header and one row at [`HEADER`]'s columns, then a form feed, then `rows`.
fn after_a_page(rows: &[String]) -> Vec<String> {
    let labels = "取組|区分|取組事項|主管課|関係課|2025|2026|2027";
    let first = "1|新規|窓口の改善|市民課|各課|検討|実施|→";
    [
        at(&HEADER, labels),
        at(&HEADER, first),
        "\u{0c}".to_string(),
    ]
    .into_iter()
    .chain(rows.iter().cloned())
    .collect()
}

#[test]
fn rows_carried_to_a_page_set_narrower_are_cut_at_that_page_columns() {
    // The rows on the page after the header's, which the extractor set narrower:
    // 管財課 and 都市計画課 start left of 主管課 and 関係課.
    let narrow = [0, 5, 10, 20, 27, 35, 41, 47];
    let rows = [
        at(&narrow, "2|継続|未利用地の売却|管財課|都市計画課|売却|→|→"),
        at(&narrow, "3|新規|寄附の募集|企画課|財政課|設計|募集|→"),
    ];
    let read = table_texts(&after_a_page(&rows));
    assert_eq!(read[2], "2|継続|未利用地の売却|管財課|都市計画課|売却|→|→");
    assert_eq!(read[3], "3|新規|寄附の募集|企画課|財政課|設計|募集|→");
    // On the header's own page the header's columns hold (two pieces in one are left
    // as they are).
    let same_page: Vec<String> = after_a_page(&rows)
        .into_iter()
        .filter(|l| l != "\u{0c}")
        .collect();
    assert_eq!(
        table_texts(&same_page)[2],
        "2|継続|未利用地の売却|管財課 都市計画課|売却|→|→|"
    );
    // A page after the narrower one, set at the header's columns again, is cut at them.
    let fitting = at(&HEADER, "4|継続|売却|管財課|各課|売却|→|→");
    let third: Vec<String> = rows
        .iter()
        .cloned()
        .chain(["\u{0c}".to_string(), fitting])
        .collect();
    assert_eq!(
        table_texts(&after_a_page(&third))[4],
        "4|継続|売却|管財課|各課|売却|→|→"
    );
}

#[test]
fn a_column_empty_on_a_page_set_narrower_is_placed_by_its_neighbour() {
    // 関係課 empty on the whole narrower page: seven starts for eight columns.
    let narrow = [0, 5, 10, 20, 35, 41, 47];
    let row = at(&narrow, "2|継続|未利用地の売却|管財課|売却|→|→");
    let read = table_texts(&after_a_page(&[row]));
    assert_eq!(read[2], "2|継続|未利用地の売却|管財課||売却|→|→");
}

#[test]
fn a_later_page_set_at_the_header_columns_is_cut_at_them() {
    let fitting = at(&HEADER, "2|継続|売却|管財課|各課|売却|→|→");
    assert_eq!(
        table_texts(&after_a_page(&[fitting]))[2],
        "2|継続|売却|管財課|各課|売却|→|→"
    );
    // One column empty on all of the page and a wide gap inside one cell (as many
    // starts as columns, the gap's for the empty column's): the header's columns hold.
    let gap = [0, 6, 12, 17, 24, 40, 47, 54];
    let gapped = [
        at(&gap, "4|継続|土地の|売却|管財課|売却|→|→"),
        at(&HEADER, "5|新規|寄附の募集|企画課||設計|募集|→"),
    ];
    let read = table_texts(&after_a_page(&gapped));
    assert_eq!(read[2], "4|継続|土地の 売却|管財課||売却|→|→");
    assert_eq!(read[3], "5|新規|寄附の募集|企画課||設計|募集|→");
    // The same with the last column empty: the starts then move by little from one
    // column to the next, but most pieces are on the header's columns.
    let gap = [0, 6, 12, 18, 24, 32, 40, 47];
    let gapped = [
        at(&gap, "4|継続|土地の|売却|管財課|各課|売却|→"),
        at(&HEADER, "5|新規|寄附の募集|企画課|財政課|設計|募集"),
    ];
    let read = table_texts(&after_a_page(&gapped));
    assert_eq!(read[2], "4|継続|土地の 売却|管財課|各課|売却|→|");
    assert_eq!(read[3], "5|新規|寄附の募集|企画課|財政課|設計|募集|");
}

#[test]
fn rows_on_a_page_set_narrower_and_moved_right_are_cut_at_that_page_columns() {
    // The first columns right of the header's, the last ones left of them.
    let moved = [3, 8, 13, 24, 31, 38, 44, 50];
    let rows = [at(
        &moved,
        "2|継続|未利用地の売却|管財課|都市計画課|売却|→|→",
    )];
    assert_eq!(
        table_texts(&after_a_page(&rows))[2],
        "2|継続|未利用地の売却|管財課|都市計画課|売却|→|→"
    );
}

#[test]
fn a_page_of_one_row_with_two_years_empty_is_cut_at_its_own_columns() {
    // A header with a column after the years; on the page after it, set narrower, one
    // row whose last two years are empty: its 目標 is further left of its column than
    // its first years are of theirs, as a page set narrower moves it, not in a year.
    let header = [0, 6, 11, 22, 41, 49, 56, 62, 68, 74, 80, 86];
    let narrow = [0, 4, 9, 21, 39, 45, 52, 58, 64, 68, 74, 78];
    let lines = [
        at(
            &header,
            "No|区分|取組事項|取組の内容|主管課|関係課|2025|2026|2027|2028|2029|目標指標",
        ),
        at(
            &header,
            "3|新規|研修|研修の体系化|人事課|各課|計画|実施|→|見直し|→|受講率",
        ),
        "\u{0c}".to_string(),
        at(
            &narrow,
            "4|継続|土地の売却|市有地を売却|管財課|都市計画課|売却|→|→|||売却額",
        ),
    ];
    assert_eq!(
        table_texts(&lines)[2],
        "4|継続|土地の売却|市有地を売却|管財課|都市計画課|売却|→|→|||売却額"
    );
}

#[test]
fn a_later_page_that_fits_no_columns_is_told() {
    // 都市計画課 falls in 主管課's column at the header's columns, and the page is set
    // neither narrower nor wider: its line is told, a page that fits is not.
    let off = [0, 6, 12, 24, 29, 40, 47, 54];
    let rows = [
        at(&off, "2|継続|売却|管財課|都市計画課|売却|→|→"),
        at(&HEADER, "3|新規|寄附の募集|企画課|財政課|設計|募集|→"),
    ];
    let text = after_a_page(&rows).join("\n");
    assert_eq!(
        layout_table(&text, &Settings::default().plan).misfits,
        vec![4]
    );
    let fitting = after_a_page(&rows[1..]).join("\n");
    assert!(
        layout_table(&fitting, &Settings::default().plan)
            .misfits
            .is_empty()
    );
}

/// A line with each of `texts` (separated by `|`) at its column (in characters).
fn at(cols: &[usize], texts: &str) -> String {
    let mut line = String::new();
    for (col, text) in cols.iter().zip(texts.split('|')) {
        while line.chars().count() < *col {
            line.push(' ');
        }
        line.push_str(text);
    }
    line
}

#[test]
fn a_page_moved_along_the_line_is_set_back_and_a_page_of_continued_cells_is_not() {
    let page = |indent: &str| {
        [
            "取組番号     1-1          担当課       総務課",
            "取組項目     ペーパーレス会議の推進",
            "取組内容     資料をタブレット端末で共有する。",
        ]
        .map(|l| format!("{indent}{l}"))
        .join("\n")
    };
    let starts = |text: &str| -> Vec<(usize, String)> {
        pages::clean(text)
            .iter()
            .filter(|l| l.page == 1 && !l.text.trim().is_empty())
            .map(|l| {
                let lead = l.text.chars().take_while(|c| *c == ' ').count();
                (l.cols[lead], l.text.trim().chars().take(4).collect())
            })
            .collect()
    };
    // The second page three columns further in: its labels start where the first's do.
    let moved = format!("{}\n\u{0c}{}", page(""), page("   "));
    assert!(
        starts(&moved).iter().all(|(col, _)| *col == 0),
        "{:?}",
        starts(&moved)
    );
    // A page whose lines all continue the values of the page before keeps their column.
    let continued = format!(
        "{}\n\u{0c}         削減する。\n         紙を廃止する。",
        page("")
    );
    assert!(
        starts(&continued).iter().all(|(col, _)| *col == 9),
        "{:?}",
        starts(&continued)
    );
}

/// pdftotext sets each wide character of a line in one column, so a header of wide
/// characters over narrow columns comes out shorter than its rows: its labels one space
/// apart, left of the cells under them (a browser's PDF, make_browser_pdfs.py). The rows
/// are cut where their own cells start, and each label is a column (「取組」 ⏎ 「No.」 the
/// number's, 「区分」 its own).
#[test]
fn a_header_set_closer_together_than_its_rows_is_cut_where_the_rows_are() {
    let lines = [
        " 取組 区分 取組事項            取組の内容             主管課    関係課    取組スケジュール            目標",
        " No.",
        "                                                       ７年度 ８年度 ９年度 １０年 １１年",
        "                                                                   度   度",
        " 1    新規   ＲＰＡによる定型業   定型的な入力業務にRPAを導入   情報政策   各課     検討    試行    導入   →     →   削減",
        "           務の自動化       し、職員の事務時間を削減する。   課                                        時間",
        "",
        " 2    継続   会議資料のペーパー   庁内会議の資料をタブレット端末   総務課    情報政策   実施    →     →    →     →   印刷",
        "           レス化         で閲覧する。                   課                                 削減",
        "                                                財政課",
    ];
    let rows = table_texts(&lines);
    assert_eq!(
        rows[..2],
        [
            "取組No.|区分|取組事項|取組の内容|主管課|関係課|取組スケジュール|||||目標",
            "||||||７年度|８年度|９年度|１０年度|１１年度|",
        ]
    );
    assert_eq!(
        rows[2..],
        [
            "1|新規|ＲＰＡによる定型業務の自動化|定型的な入力業務にRPAを導入し、職員の事務時間を削減する。|情報政策課|各課|検討|試行|導入|→|→|削減時間",
            "2|継続|会議資料のペーパーレス化|庁内会議の資料をタブレット端末で閲覧する。|総務課|情報政策課財政課|実施|→|→|→|→|印刷削減",
        ]
    );
}

/// Each table of a browser's page has column widths of its own, so its narrow columns
/// wrap the header's labels as they fall (「実施項」 ⏎ 「目」, then 「実施」 ⏎ 「項目」 with
/// 「所管 R7」 one space apart): each such header is found and gives its table's columns.
#[test]
fn headers_whose_labels_wrap_in_narrow_columns_each_give_their_table_s_columns() {
    let lines = [
        "No. 実施項 内容            所管     R7     R8     R9            R10      R11",
        "    目                 課      (2025) (2026) (2027)        (2028)   (2029)",
        "1   証明書    マイナンバ      ◎市     検討・     実施→",
        "    のコン    ーカードに      民課     準備",
        "    ビニ交    よる証明書      ○情",
        "    付      のコンビニ      報政",
        "           交付を拡大      策課",
        "           する。",
        "",
        "2   窓口の    発券システ      市民     ◯       ◯      ─────→       ─────→   ─────→",
        "    待ち時    ムを導入       課",
        "    間の短    し、混雑状",
        "    縮      況を公開す",
        "           る。",
        "",
        "1-2 情報発信の強化",
        "No. 実施 内容        所管 R7    R8                R9           R10      R11",
        "    項目           課 (2025) (2026)            (2027)       (2028)   (2029)",
        "4   公共    受益者負   企画    調査        見直し        改定                    検証",
        "    施設    担の適正   財政",
        "    の使    化を図    課",
        "    用料    る。     財政",
        "    の見           係",
        "    直し",
        "",
        "5   事務    全事務事   ◎企    実施        ─────→     ─────→       ─────→   ─────→",
        "    事業    業を評価   画財",
        "    評価    し、予算   政課",
        "    の実    に反映す   ○総",
        "    施     る。     務課",
    ];
    assert_eq!(
        table_texts(&lines),
        [
            "No.|実施項目|内容|所管課|R7(2025)|R8(2026)|R9(2027)|R10(2028)|R11(2029)",
            "1|証明書のコンビニ交付|マイナンバーカードによる証明書のコンビニ交付を拡大する。|◎市民課○情報政策課|検討・準備|実施→|||",
            "2|窓口の待ち時間の短縮|発券システムを導入し、混雑状況を公開する。|市民課|◯|◯|─────→|─────→|─────→",
            "1-2 情報発信の強化||||||||",
            "4|公共施設の使用料の見直し|受益者負担の適正化を図る。|企画財政課財政係|調査|見直し|改定||検証",
            "5|事務事業評価の実施|全事務事業を評価し、予算に反映する。|◎企画財政課○総務課|実施|─────→|─────→|─────→|─────→",
        ]
    );
}

/// The end of a label wrapped under it belongs to the label it is under (「号」 under
/// 「番」 of 「番 取組項目」), and a line with a note under each year gives them to the
/// years in order, however closely it set them (「年度 年度 度」 under
/// 「2025 2026 2027年」).
#[test]
fn wrapped_label_ends_and_notes_under_years_go_to_their_own_heads() {
    let lines = [
        "番 取組項目         取組内容          担当課    実施年度",
        "号",
        "                                    2025 2026 2027年",
        "                                    年度 年度 度",
        "01    補助金の総点   全ての補助金     財政課    点検   見直   ━━━",
        "      検",
    ];
    assert_eq!(
        table_texts(&lines),
        vec![
            "番号|取組項目|取組内容|担当課|実施年度||",
            "||||2025年度|2026年度|2027年度",
            "01|補助金の総点検|全ての補助金|財政課|点検|見直|━━━",
        ]
    );
}
