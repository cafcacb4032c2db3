//! What a line of plan text is, outside the item table: an initiative's `No.` line, a
//! section heading, an `SDGs :` trailer; and how wrapped lines of prose are joined.

use std::sync::LazyLock;

use regex::Regex;

use super::Section;
use crate::config::{OutlineForm, PlanVocabulary};
use crate::plan::numbering::{parse_number, roman_value};
use crate::text::fold;

/// The `No.` line that opens an initiative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct InitiativeMarker {
    /// The number; `None` when it is larger than any plan numbers its initiatives
    /// ([`MAX_INITIATIVE_NO`]), as in a garbled extraction.
    pub no: Option<u32>,
    /// The digits as written (folded), for the finding about an unusable number.
    pub digits: String,
    /// The title when it stands on the same line; empty when it follows on the next one.
    pub title: String,
}

/// The largest initiative number read as one: plans number their initiatives in tens,
/// never in the thousands.
pub(super) const MAX_INITIATIVE_NO: u32 = 9_999;

/// `No. 7`, `No.9 title`, `Ｎｏ．１２`, `No. 1 1`, `取組 No.3`, `№5`.
pub(super) fn initiative_marker(raw: &str) -> Option<InitiativeMarker> {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        crate::text::regex(
            r"^[\s\u{3000}]*(?:取組[\s\u{3000}]*)?(?:[NＮ][oｏOＯ]|№)[\s\u{3000}]*[.．:：]?[\s\u{3000}]*([0-9０-９](?:[ \u{3000}]?[0-9０-９])*)(?:[\s\u{3000}]+(.*)|$)",
        )
    });
    let caps = RE.captures(raw)?;
    // PDF extraction may space out the digits of a number (`No. 1 1`).
    let digits: String = fold(&caps[1])
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let no = digits
        .parse::<u32>()
        .ok()
        .filter(|n| *n <= MAX_INITIATIVE_NO);
    let title = caps
        .get(2)
        .map(|m| m.as_str().replace('\t', " ").trim().to_string())
        .unwrap_or_default();
    Some(InitiativeMarker { no, digits, title })
}

/// How a plan numbers a level of its outline. Plans other than the sample number their
/// initiatives in levels: `【視点1】` > `(1)` > items `①`; a level is known by its style.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum OutlineStyle {
    /// `No. 7`
    No,
    /// `【視点1】`, `【3】`
    Bracket,
    /// `(1)`, `（１）`
    Paren,
    /// `10「広聴活動の充実」`
    Quoted,
    /// `（ア） 文書事務の見直し`
    Kana,
    /// `第1 市民サービスの向上`
    Dai,
    /// `第2章 具体的な取組`, `第1節 …`: a part of the document. Its number is part of
    /// the initiatives' numbers only where the numbering below it restarts in another
    /// chapter (see the parser's `chapters_number`).
    Chapter,
    /// `基本方針Ⅰ 質の高い行政サービス`
    Roman,
    /// `基本目標1 効率的な行政運営`
    Word,
}

impl OutlineStyle {
    /// The configuration's name for the style.
    fn form(self) -> OutlineForm {
        match self {
            OutlineStyle::No => OutlineForm::No,
            OutlineStyle::Bracket => OutlineForm::Bracket,
            OutlineStyle::Paren => OutlineForm::Paren,
            OutlineStyle::Quoted => OutlineForm::Quoted,
            OutlineStyle::Kana => OutlineForm::Kana,
            OutlineStyle::Dai | OutlineStyle::Chapter => OutlineForm::Dai,
            OutlineStyle::Roman => OutlineForm::Roman,
            OutlineStyle::Word => OutlineForm::Word,
        }
    }
}

/// A numbered line of a plan's outline, other than `No.`: `【視点1】 市民サービス`,
/// `（１） 窓口サービスの充実`, `10「広聴活動の充実」`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct OutlineMarker {
    pub style: OutlineStyle,
    pub no: u32,
    pub title: String,
}

/// The outline marker a line is, read on the folded line; `None` for a heading word
/// (`(3) 取組内容` is a heading, not an initiative), a line of cells, or a numbered
/// sentence (`（１）全職員が取り組むこと。`: prose, not a heading). A short word may stand
/// before the number (`重点項目【1】`, `施策（１）`).
pub(super) fn outline_marker(raw: &str, vocab: &PlanVocabulary) -> Option<OutlineMarker> {
    outline_marker_folded(raw, &fold(raw), vocab)
}

/// [`outline_marker`] of line `raw` and its [`fold`] `folded`, folded already.
pub(super) fn outline_marker_folded(
    raw: &str,
    folded: &str,
    vocab: &PlanVocabulary,
) -> Option<OutlineMarker> {
    if raw.starts_with('\t') || raw.trim().contains('\t') {
        return None;
    }
    if heading(folded, vocab).is_some() || folded.ends_with('。') {
        return None;
    }
    outline_patterns()
        .into_iter()
        .filter(|(style, _)| vocab.layout.outline.contains(&style.form()))
        .find_map(|(style, re)| marker_of(style, &re.captures(folded)?, vocab))
}

/// Each outline form with the pattern of its lines, in the order they are tried.
fn outline_patterns() -> [(OutlineStyle, &'static Regex); 8] {
    static BRACKET: LazyLock<Regex> = LazyLock::new(|| {
        crate::text::regex(
            r"^(?:[^\d【】()\s]{1,6})?【[^】\d]{0,8}?(\d{1,4})[^】\d]{0,4}】\s*(.*)$",
        )
    });
    static PAREN: LazyLock<Regex> = LazyLock::new(|| {
        crate::text::regex(r"^(?:[^\d【】()\s]{1,6})?\(\s*(\d{1,3})\s*\)\s*(\S.*)$")
    });
    static QUOTED: LazyLock<Regex> =
        LazyLock::new(|| crate::text::regex(r"^(\d{1,3})\s*「(.+)」$"));
    static KANA: LazyLock<Regex> =
        LazyLock::new(|| crate::text::regex(r"^(\(\s*[ア-ンあ-ん]\s*\))\s*(\S.*)$"));
    static DAI: LazyLock<Regex> =
        // 第5次・第2期・第3回 count editions and rounds (a plan's title), not levels.
        LazyLock::new(|| crate::text::regex(r"^第\s*(\d{1,3})\s+([^\s次期回号条章節部].*)$"));
    static CHAPTER: LazyLock<Regex> =
        LazyLock::new(|| crate::text::regex(r"^第\s*(\d{1,3})\s*(?:章|節|部)\s*(\S.*)$"));
    // Roman numerals fold to Latin letters (Ⅳ -> IV): a word must stand before them.
    static ROMAN: LazyLock<Regex> = LazyLock::new(|| {
        crate::text::regex(r"^[^\dA-Za-z【】()\s]{1,6}\s*([IVX]{1,4})(?:\s*[.、:]\s*|\s+)(\S.*)$")
    });
    // A word of kanji or kana and a number: the word holds no punctuation, and what
    // follows the number is no unit (令和7 年度, 目標 3 件, 年 12 回).
    static WORD: LazyLock<Regex> = LazyLock::new(|| {
        crate::text::regex(
            r"^([^\dA-Za-z【】()「」\s第、。・:,.\-]{2,6}?)\s*(\d{1,2})(?:\s*[.、:]\s*|\s+)([^\s年月日度回件人円%か時分期次号条].*)$",
        )
    });
    [
        (OutlineStyle::Bracket, &*BRACKET),
        (OutlineStyle::Paren, &*PAREN),
        (OutlineStyle::Quoted, &*QUOTED),
        (OutlineStyle::Kana, &*KANA),
        (OutlineStyle::Dai, &*DAI),
        (OutlineStyle::Chapter, &*CHAPTER),
        (OutlineStyle::Roman, &*ROMAN),
        (OutlineStyle::Word, &*WORD),
    ]
}

/// The marker a line of outline form `style` is, from its pattern's captures `c`: its
/// number and title. `None` for an era taken for a word (`令和7 年度`), a number that
/// cannot be read, or a title that names nothing.
fn marker_of(
    style: OutlineStyle,
    c: &regex::Captures,
    vocab: &PlanVocabulary,
) -> Option<OutlineMarker> {
    if style == OutlineStyle::Word && (crate::wareki::is_era_name(&c[1]) || is_age(&c[3])) {
        return None;
    }
    let no = if style == OutlineStyle::Kana {
        *parse_number(&c[1], vocab.layout.iroha)?.first()?
    } else if style == OutlineStyle::Roman {
        roman_value(&c[1])?
    } else if style == OutlineStyle::Word {
        c[2].parse().ok()?
    } else {
        c[1].parse().ok()?
    };
    let title = if style == OutlineStyle::Word {
        &c[3]
    } else {
        &c[2]
    };
    // A heading names something (or its name is on the next line): 「第 5 ◇◇」, a
    // cover's title broken apart, does not.
    let title = title.trim();
    if !title.is_empty() && !title.chars().any(char::is_alphanumeric) {
        return None;
    }
    Some(OutlineMarker {
        style,
        no,
        title: title.to_string(),
    })
}

/// What follows a number as an age (`対象 3 歳以上`), not a title; 歳入・歳出 (revenue and
/// spending, 「施策 3 歳入の確保」) are titles.
fn is_age(after: &str) -> bool {
    after.starts_with('歳') && !after.starts_with("歳入") && !after.starts_with("歳出")
}

/// A section named in brackets after an item's title, as some plans give the owner:
/// `地域活動の支援（協働推進課）` -> (`地域活動の支援`, `協働推進課`).
pub(super) fn section_in_title(name: &str) -> Option<(String, String)> {
    static TAIL: LazyLock<Regex> = LazyLock::new(|| {
        crate::text::regex(
            r"^(.+?)\s*[(（]([^()（）]{1,30}(?:課|室|部|局|係|所|館|センター|本部))[)）]$",
        )
    });
    let c = TAIL.captures(name.trim())?;
    Some((c[1].trim().to_string(), c[2].trim().to_string()))
}

/// `I. テーマ`, `Ⅱ．現状と課題`, `(3) 取組内容`, `目標・効果`: the section a heading opens.
pub(super) fn heading(folded: &str, vocab: &PlanVocabulary) -> Option<Section> {
    static PREFIX: LazyLock<Regex> = LazyLock::new(|| {
        crate::text::regex(r"^(?:[IVXivx]{1,4}|\d{1,2}|[(]\d{1,2}[)]|[A-Za-z])\s*[.、):]?\s*")
    });
    let body = PREFIX.replace(folded, "");
    let body: String = body
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '■' && *c != '●')
        .collect();
    let words = vocab.folded();
    let is = |words: &[String]| words.contains(&body);
    // Item headings first: "実践項目" must not be read as anything else.
    if is(&words.heading_items) {
        Some(Section::Items)
    } else if is(&words.heading_themes) {
        Some(Section::Themes)
    } else if is(&words.heading_issues) {
        Some(Section::Issues)
    } else if is(&words.heading_content) {
        Some(Section::Content)
    } else if is(&words.heading_goals) {
        Some(Section::Goals)
    } else {
        None
    }
}

/// `SDGs : 11, 16`: the goals listed after the trailer (possibly none), if the line is one.
pub(super) fn sdgs_trailer(folded: &str) -> Option<String> {
    static RE: LazyLock<Regex> = LazyLock::new(|| crate::text::regex(r"^SDGs\s*[:]?\s*(.*)$"));
    RE.captures(folded).map(|c| c[1].trim().to_string())
}

/// Appends a wrapped line to a text field: lines of Japanese text wrapped by the PDF are
/// joined directly; a new paragraph keeps a line break.
pub(super) fn append_text(dst: &mut String, add: &str, paragraph: bool) {
    let add = add.trim();
    if add.is_empty() {
        return;
    }
    if !dst.is_empty() {
        let ends_sentence = dst.ends_with(['。', '：', ':', '」']);
        let starts_bullet = add.starts_with([
            '・', '○', '●', '■', '◆', '◇', '※', '①', '②', '③', '④', '⑤', '(', '（',
        ]);
        if paragraph || ends_sentence || starts_bullet {
            dst.push('\n');
        } else if dst.ends_with(|c: char| c.is_ascii_alphanumeric())
            && add.starts_with(|c: char| c.is_ascii_alphanumeric())
        {
            dst.push(' ');
        }
    }
    dst.push_str(add);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;

    fn marker(no: u32, title: &str) -> Option<InitiativeMarker> {
        Some(InitiativeMarker {
            no: Some(no),
            digits: no.to_string(),
            title: title.to_string(),
        })
    }

    #[test]
    fn initiative_markers_in_their_spellings() {
        assert_eq!(initiative_marker("No. 7"), marker(7, ""));
        assert_eq!(
            initiative_marker("No.9 市民の安全"),
            marker(9, "市民の安全")
        );
        assert_eq!(initiative_marker("Ｎｏ．１２"), marker(12, ""));
        assert_eq!(initiative_marker("No. 1 1"), marker(11, ""));
        assert_eq!(
            initiative_marker("取組 No.3\t窓口\t改善"),
            marker(3, "窓口 改善")
        );
        assert_eq!(initiative_marker("№5"), marker(5, ""));
        assert_eq!(initiative_marker("Note 5"), None);
        for huge in ["No. 100000000000000000000", "No. 4294967296", "No. 10000"] {
            let m = initiative_marker(huge).unwrap();
            assert_eq!(m.no, None, "{huge}");
            assert_eq!(m.digits, huge.trim_start_matches("No. "));
        }
        assert_eq!(initiative_marker("実践項目名\tNo. 7"), None);
    }

    #[test]
    fn outline_markers_of_other_plans() {
        let s = Settings::default();
        let m = |line: &str| outline_marker(line, &s.plan).map(|m| (m.style, m.no, m.title));
        use OutlineStyle::*;
        assert_eq!(
            m("【視点１】　市民サービスの向上"),
            Some((Bracket, 1, "市民サービスの向上".to_string()))
        );
        assert_eq!(m("【3】"), Some((Bracket, 3, String::new())));
        assert_eq!(
            m("（２）　電子申請の推進"),
            Some((Paren, 2, "電子申請の推進".to_string()))
        );
        assert_eq!(
            m("10「広聴活動の充実」"),
            Some((Quoted, 10, "広聴活動の充実".to_string()))
        );
        assert_eq!(m("(3) 取組内容"), None);
        assert_eq!(m("(1)"), None);
        assert_eq!(m("取組項目\t(1) 窓口"), None);
        assert_eq!(m("1. 健全な財政運営"), None);
        // A word before the number, kana numbers, 第n; a numbered sentence is prose.
        assert_eq!(
            m("重点項目【1】財政の健全化の推進"),
            Some((Bracket, 1, "財政の健全化の推進".to_string()))
        );
        assert_eq!(m("施策（２） 窓口"), Some((Paren, 2, "窓口".to_string())));
        assert_eq!(
            m("（イ） 会議の効率化"),
            Some((Kana, 2, "会議の効率化".to_string()))
        );
        assert_eq!(
            m("第３ 財政の健全化"),
            Some((Dai, 3, "財政の健全化".to_string()))
        );
        assert_eq!(m("第3次行財政改革推進計画"), None);
        assert_eq!(m("第 5 次◇◇市行政改革大綱 推進計画"), None);
        assert_eq!(m("第 2 期 実施計画"), None);
        assert_eq!(m("第 5 ◇◇"), None);
        assert_eq!(
            m("基本方針Ⅲ　組織力の強化"),
            Some((Roman, 3, "組織力の強化".to_string()))
        );
        assert_eq!(m("施策Ⅳ. 財政"), Some((Roman, 4, "財政".to_string())));
        // A bare numeral is a chapter of the document; a Latin word is not a numeral.
        assert_eq!(m("Ⅰ　計画の概要"), None);
        assert_eq!(m("基本方針IX線"), None);
        // A word and a number; a year, a count or a date is no heading.
        assert_eq!(
            m("基本目標1　効率的で質の高い行政運営"),
            Some((Word, 1, "効率的で質の高い行政運営".to_string()))
        );
        assert_eq!(m("施策 2 財政"), Some((Word, 2, "財政".to_string())));
        assert_eq!(
            m("施策 3 歳入の確保"),
            Some((Word, 3, "歳入の確保".to_string()))
        );
        for line in [
            "令和7 年度の予定",
            "目標 3 件以上",
            "計画期間 令和7年度から",
            "取組番号 1-1 窓口",
            "対象 3 歳以上",
        ] {
            assert_eq!(m(line), None, "{line}");
        }
        assert_eq!(m("（１）全職員が改革の意識を持って取り組むこと。"), None);
    }

    #[test]
    fn sections_in_titles() {
        assert_eq!(
            section_in_title("電子申請の導入（情報政策課）"),
            Some(("電子申請の導入".to_string(), "情報政策課".to_string()))
        );
        assert_eq!(
            section_in_title("①地域活動,市民活動の支援(協働推進課)"),
            Some((
                "①地域活動,市民活動の支援".to_string(),
                "協働推進課".to_string()
            ))
        );
        assert_eq!(section_in_title("窓口（仮称）"), None);
    }

    #[test]
    fn headings_by_vocabulary_with_any_numbering() {
        let s = Settings::default();
        let h = |line: &str| heading(&fold(line), &s.plan);
        assert_eq!(h("I. テーマ"), Some(Section::Themes));
        assert_eq!(h("Ⅱ．現状と課題"), Some(Section::Issues));
        assert_eq!(h("(3) 取組内容"), Some(Section::Content));
        assert_eq!(h("目標・効果"), Some(Section::Goals));
        assert_eq!(h("V. 実践項目"), Some(Section::Items));
        assert_eq!(h("■ 実践項目"), Some(Section::Items));
        assert_eq!(h("取組内容の見直し"), None);
    }

    #[test]
    fn sdgs_trailer_with_and_without_goals() {
        assert_eq!(sdgs_trailer("SDGs :"), Some(String::new()));
        assert_eq!(sdgs_trailer("SDGs: 11, 16"), Some("11, 16".to_string()));
        assert_eq!(sdgs_trailer("取組 SDGs"), None);
    }

    #[test]
    fn wrapped_lines_join_and_paragraphs_break() {
        let mut s = String::new();
        append_text(&mut s, "  総合窓口の", false);
        append_text(&mut s, "利便性を高める。", false);
        assert_eq!(s, "総合窓口の利便性を高める。");
        // After a full stop, before a bullet, or at a paragraph: a new line.
        append_text(&mut s, "次に", false);
        append_text(&mut s, "・一覧", false);
        append_text(&mut s, "別の段落", true);
        assert_eq!(s, "総合窓口の利便性を高める。\n次に\n・一覧\n別の段落");
        // Latin words keep their space; blank additions change nothing.
        let mut s = String::from("ICT");
        append_text(&mut s, "AI活用", false);
        append_text(&mut s, "   ", true);
        assert_eq!(s, "ICT AI活用");
    }
}
