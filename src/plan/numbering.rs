//! Item numbers as plans and sections write them: `7-1`, `No.7-1`, `1-(1)-①`, `【3】`,
//! `(1)-ア`, `Ⅱ-3`, `管理№12`. Each level becomes a number (`①` = 1, `ア` = 1, `Ⅱ` = 2),
//! so the same item written two ways has one [`ItemId`].

use std::sync::LazyLock;

use regex::Regex;

use super::ids::{ItemId, MAX_DEPTH};
use crate::text::{fold, fold_id};

/// Katakana in 五十音 order, as plans count `(ア)`, `(イ)`, `(ウ)`.
const GOJUON_KATAKANA: &str =
    "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン";
/// Hiragana in the same order.
const GOJUON_HIRAGANA: &str =
    "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをん";
/// Katakana in いろは order, which some plans count by.
const IROHA_KATAKANA: &str = "イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセス";

/// Most digits one level may have: plans number items with up to six (`10101` = theme 1,
/// initiative 01, item 01); more is a date or a code, not an item number.
const MAX_DIGITS: usize = 6;

/// The levels of a written item number, or `None` when the text is not one. `ア` counts in
/// 五十音 order unless `iroha`; a number must be the whole text, apart from a leading
/// `No.`, `番号`, `管理№`, `視点` and the like.
pub fn parse_number(text: &str, iroha: bool) -> Option<Vec<u32>> {
    static PREFIX: LazyLock<Regex> = LazyLock::new(|| {
        crate::text::regex(
            r"^(?:管理\s*(?:No\.?|番号)|項目\s*(?:No\.?|番号)|アクションプラン\s*(?:No\.?|番号)?|No\.?|NO\.?|no\.?|番号|視点|取組|施策|重点項目|重点|推進項目|改革項目|項目)\s*[:.]?\s*",
        )
    });
    let folded = fold_id(text);
    let trimmed = folded
        .trim()
        .trim_start_matches(['【', '[', '〔', '<', '〈']);
    let body = PREFIX.replace(trimmed, "");
    let parts = tokens(&body, iroha)?;
    (!parts.is_empty() && parts.len() <= MAX_DEPTH).then_some(parts)
}

/// [`parse_number`] as an [`ItemId`].
pub fn parse_item_id(text: &str, iroha: bool) -> Option<ItemId> {
    ItemId::from_parts(&parse_number(text, iroha)?)
}

/// The number a title starts with, and the title without it (items and initiatives, in
/// plan text and plan sheets alike): `① 証明書の交付` ->
/// `[1]`, `1-(1)-① 交付` -> `[1, 1, 1]`, `(ア) 交付` -> `[1]`. A name without a number, or
/// one that merely starts with digits (`3R運動の推進`), comes back whole.
pub fn number_before_title(name: &str, iroha: bool) -> (Option<Vec<u32>>, String) {
    static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
        crate::text::regex(
            r"^((?:No\.?\s*)?\d{1,3}(?:\s*-\s*\(?[0-9ア-ン]{1,3}\)?)+|No\.?\s*\d{1,3}|\([0-9ア-ンあ-ん]{1,3}\)|【[^】]{1,12}】)[\s.、:]*(.*)$",
        )
    });
    let trimmed = name.trim();
    if let Some(first) = trimmed.chars().next()
        && let Some(n) = circled_number(first)
    {
        let rest = trimmed[first.len_utf8()..].trim_start_matches([' ', '\u{3000}', '.', '、']);
        return (Some(vec![n]), rest.trim().to_string());
    }
    let folded = fold(trimmed);
    let Some(c) = NUMBER.captures(&folded) else {
        return (None, trimmed.to_string());
    };
    match parse_number(&c[1], iroha) {
        Some(parts) if !c[2].trim().is_empty() => (Some(parts), unfolded_rest(trimmed, &c[2])),
        _ => (None, trimmed.to_string()),
    }
}

/// The most characters an item number before a name takes (`No. 12-(3)-⑮ ` and spaces).
const MAX_NUMBER_CHARS: usize = 24;

/// The original text of the part of `name` whose fold is `folded_rest`: the name keeps its
/// own characters (full-width letters stay full-width).
fn unfolded_rest(name: &str, folded_rest: &str) -> String {
    let want = folded_rest.trim();
    // The number is short: only the first characters can start the rest.
    name.char_indices()
        .take(MAX_NUMBER_CHARS)
        .map(|(k, _)| &name[k..])
        .find(|tail| fold(tail) == want)
        .unwrap_or(want)
        .trim()
        .to_string()
}

/// `①` … `㊿`: the number a circled digit stands for.
fn circled_number(c: char) -> Option<u32> {
    let n = u32::from(c);
    match n {
        0x2460..=0x2473 => Some(n - 0x2460 + 1),
        0x3251..=0x325F => Some(n - 0x3251 + 21),
        0x32B1..=0x32BF => Some(n - 0x32B1 + 36),
        _ => None,
    }
}

/// The numbers in `s`, one per level; `None` at any character that is neither a number
/// nor a separator.
fn tokens(s: &str, iroha: bool) -> Option<Vec<u32>> {
    let chars: Vec<char> = s.chars().collect();
    let mut parts = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        let c = chars[k];
        if is_separator(c) {
            k += 1;
        } else if c.is_ascii_digit() {
            let end = run_end(&chars, k, |c| c.is_ascii_digit());
            if end - k > MAX_DIGITS {
                return None;
            }
            parts.push(chars[k..end].iter().collect::<String>().parse().ok()?);
            k = end;
        } else if let Some(n) = roman_run(&chars, k) {
            parts.push(n.0);
            k = n.1;
        } else {
            parts.push(kana_or_letter(&chars, k, iroha)?);
            k += 1;
        }
    }
    Some(parts)
}

fn is_separator(c: char) -> bool {
    matches!(
        c,
        '-' | '.'
            | '・'
            | '、'
            | ','
            | ' '
            | '_'
            | '/'
            | '('
            | ')'
            | '【'
            | '】'
            | '['
            | ']'
            | '〔'
            | '〕'
            | '<'
            | '>'
            | '〈'
            | '〉'
            | '「'
            | '」'
            | '第'
    )
}

fn run_end(chars: &[char], start: usize, pred: impl Fn(char) -> bool) -> usize {
    chars[start..]
        .iter()
        .position(|c| !pred(*c))
        .map_or(chars.len(), |p| start + p)
}

/// A Roman numeral of upper-case `I`, `V`, `X` (folded from `Ⅱ` and the like) up to 39,
/// with the index after it; a lone letter inside parentheses is a letter, not a numeral.
fn roman_run(chars: &[char], start: usize) -> Option<(u32, usize)> {
    let end = run_end(chars, start, |c| matches!(c, 'I' | 'V' | 'X'));
    if end == start {
        return None;
    }
    let text: String = chars[start..end].iter().collect();
    let value = roman_value(&text)?;
    Some((value, end))
}

/// `IV` -> 4: a Roman numeral of upper-case letters (Ⅰ to Ⅻ fold to these) up to 39.
pub(crate) fn roman_value(s: &str) -> Option<u32> {
    const NUMERALS: [&str; 39] = [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV",
        "XV", "XVI", "XVII", "XVIII", "XIX", "XX", "XXI", "XXII", "XXIII", "XXIV", "XXV", "XXVI",
        "XXVII", "XXVIII", "XXIX", "XXX", "XXXI", "XXXII", "XXXIII", "XXXIV", "XXXV", "XXXVI",
        "XXXVII", "XXXVIII", "XXXIX",
    ];
    NUMERALS
        .iter()
        .position(|n| *n == s)
        .and_then(|p| u32::try_from(p + 1).ok())
}

/// `ア` (or `あ`) by its place in the kana order; `a` or `A` by its place in the alphabet
/// when it stands alone (`(a)`, `a.`).
fn kana_or_letter(chars: &[char], k: usize, iroha: bool) -> Option<u32> {
    let c = chars[k];
    let kana = if iroha {
        IROHA_KATAKANA
    } else {
        GOJUON_KATAKANA
    };
    let place = kana
        .chars()
        .position(|x| x == c)
        .or_else(|| GOJUON_HIRAGANA.chars().position(|x| x == c));
    if let Some(p) = place {
        return u32::try_from(p + 1).ok();
    }
    let alone = chars.get(k + 1).is_none_or(|n| is_separator(*n));
    if c.is_ascii_alphabetic() && alone {
        return Some(u32::from(c.to_ascii_lowercase()) - u32::from('a') + 1);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Option<Vec<u32>> {
        parse_number(s, false)
    }

    #[test]
    fn numbers_in_the_forms_plans_write() {
        for (s, want) in [
            ("7-1", vec![7, 1]),
            ("No.7-1", vec![7, 1]),
            ("Ｎｏ．７－１", vec![7, 1]),
            ("7ー1", vec![7, 1]),
            ("1-(1)-①", vec![1, 1, 1]),
            ("1－（２）－③", vec![1, 2, 3]),
            ("【3】", vec![3]),
            ("【視点1】", vec![1]),
            ("(1)-ア", vec![1, 1]),
            ("（ウ）", vec![3]),
            ("Ⅱ-3", vec![2, 3]),
            ("IV", vec![4]),
            ("管理№12", vec![12]),
            ("No.21", vec![21]),
            ("3.2.1", vec![3, 2, 1]),
            ("(a)", vec![1]),
            ("第2-1", vec![2, 1]),
        ] {
            assert_eq!(p(s), Some(want), "{s}");
        }
    }

    #[test]
    fn text_that_is_not_a_number() {
        for s in [
            "",
            "窓口サービス課",
            "7-1 タブレット",
            "1234567",
            "1-2-3-4-5-6-7",
            "abc",
            "No.",
        ] {
            assert_eq!(p(s), None, "{s}");
        }
    }

    #[test]
    fn numbers_before_titles() {
        let n = |s: &str| number_before_title(s, false);
        assert_eq!(
            n("①　証明書の交付"),
            (Some(vec![1]), "証明書の交付".to_string())
        );
        assert_eq!(n("⑫ 交付"), (Some(vec![12]), "交付".to_string()));
        assert_eq!(
            n("1-(1)-① ＩＣＴの活用"),
            (Some(vec![1, 1, 1]), "ＩＣＴの活用".to_string())
        );
        assert_eq!(n("（ア）窓口"), (Some(vec![1]), "窓口".to_string()));
        assert_eq!(n("【3】 窓口"), (Some(vec![3]), "窓口".to_string()));
        assert_eq!(n("No.21 窓口"), (Some(vec![21]), "窓口".to_string()));
        assert_eq!(n("3R運動の推進"), (None, "3R運動の推進".to_string()));
        assert_eq!(n("窓口の改善"), (None, "窓口の改善".to_string()));
    }

    #[test]
    fn iroha_order_on_request() {
        assert_eq!(parse_number("(ロ)", true), Some(vec![2]));
        assert_eq!(parse_number("(イ)", false), Some(vec![2]));
    }

    #[test]
    fn item_ids_from_written_numbers() {
        assert_eq!(
            parse_item_id("1-(1)-①", false).map(|i| i.to_string()),
            Some("1-1-1".to_string())
        );
        assert_eq!(parse_item_id("窓口", false), None);
    }
}
