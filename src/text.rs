//! Text folding and similarity, shared by every stage that recognizes or compares text.
//!
//! [`fold`] is for *recognizing structure* (markers, labels, headers, IDs): NFKC (full-width
//! ASCII to ASCII, `Ⅰ` to `I`), one hyphen for the many dash characters, one tilde, single
//! spaces. Content text is never folded.

use std::sync::LazyLock;

use regex::Regex;
use unicode_normalization::UnicodeNormalization;

/// A regular expression written in the code. The patterns are constants, each one used
/// by the tests, so a mistake in one fails the tests rather than a clerk's run.
#[allow(clippy::expect_used)] // constant patterns only; never user input
pub fn regex(pattern: &'static str) -> Regex {
    Regex::new(pattern).expect("valid regex")
}

/// Normalization for recognizing structure. See the module documentation.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out, true);
    out
}

/// NFKC then [`fold_chars`]; the normalizer only runs on text that has a character
/// [`nfkc_alone`] cannot map.
fn fold_into(s: &str, out: &mut String, spaced: bool) {
    if s.chars().all(|c| nfkc_alone(c).is_some()) {
        fold_chars(s.chars().filter_map(nfkc_alone), out, spaced);
    } else {
        fold_chars(s.nfkc(), out, spaced);
    }
}

/// What NFKC makes of `c` when that needs no normalizer: `c` itself where NFKC keeps it
/// and nothing composes with it (ASCII, kana, CJK ideographs, common Japanese
/// punctuation, the arrows and shapes of schedules), full-width ASCII as ASCII
/// (`（１）` is `(1)`), the ideographic space as a space. `None`: the normalizer decides
/// (half-width kana, Roman numerals, combining marks, …).
fn nfkc_alone(c: char) -> Option<char> {
    match c {
        '\u{0}'..='\u{7F}'
        | '\u{203B}'
        | '\u{2190}'..='\u{2199}'
        | '\u{21D0}'..='\u{21D4}'
        | '\u{25A0}'..='\u{25FF}'
        | '\u{3001}'..='\u{3002}'
        | '\u{300C}'..='\u{300F}'
        | '\u{3010}'..='\u{3011}'
        | '\u{301C}'
        | '\u{3041}'..='\u{3096}'
        | '\u{30A1}'..='\u{30FC}'
        | '\u{4E00}'..='\u{9FFF}' => Some(c),
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0),
        '\u{3000}' => Some(' '),
        _ => None,
    }
}

/// The folding after NFKC: one hyphen, one tilde, no zero-width characters; white space
/// becomes single spaces between words (`spaced`) or goes altogether.
fn fold_chars(chars: impl Iterator<Item = char>, out: &mut String, spaced: bool) {
    let mut pending_space = false;
    for c in chars {
        let c = match c {
            '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FF0D}' | '\u{FE63}' | '\u{2043}' => '-',
            '\u{301C}' | '\u{FF5E}' | '\u{223C}' => '~',
            '\u{FEFF}' | '\u{200B}' => continue,
            c => c,
        };
        if c.is_whitespace() {
            pending_space = spaced && !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
}

/// [`fold`] for identifiers such as `No.7-1` or `７ー１`: additionally the katakana long
/// vowel mark between digits is a hyphen and spaces between digits and hyphens go.
pub fn fold_id(s: &str) -> String {
    static DASH: LazyLock<Regex> = LazyLock::new(|| crate::text::regex(r"(\d)\s*[ー-]\s*(\d)"));
    let folded = fold(s);
    let once = DASH.replace_all(&folded, "$1-$2");
    DASH.replace_all(&once, "$1-$2").into_owned()
}

/// [`fold`] without any white space at all, for comparing labels and names.
pub fn fold_compact(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out, false);
    out
}

/// Character bigrams of the compact fold of `s` (what [`Folded`] keeps, as a set).
#[cfg(test)]
pub fn char_bigrams(s: &str) -> std::collections::BTreeSet<(char, char)> {
    let cs: Vec<char> = fold_compact(s).chars().collect();
    cs.windows(2).map(|w| (w[0], w[1])).collect()
}

/// Similarity of two names in 0..=1 (Dice coefficient over character bigrams of the
/// folded names).
pub fn similarity(a: &str, b: &str) -> f64 {
    Folded::new(a).similarity(&Folded::new(b))
}

/// A text folded once ([`fold_compact`]) with its distinct character bigrams, for
/// comparing it with many others ([`similarity`] folds both texts on every call).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folded {
    pub compact: String,
    /// Distinct bigrams, sorted.
    pub bigrams: Vec<(char, char)>,
}

impl Folded {
    pub fn new(s: &str) -> Folded {
        let compact = fold_compact(s);
        let cs: Vec<char> = compact.chars().collect();
        let mut bigrams: Vec<(char, char)> = cs.windows(2).map(|w| (w[0], w[1])).collect();
        bigrams.sort_unstable();
        bigrams.dedup();
        Folded { compact, bigrams }
    }

    /// [`similarity`] of the two texts.
    pub fn similarity(&self, other: &Folded) -> f64 {
        let (ga, gb) = (&self.bigrams, &other.bigrams);
        if ga.is_empty() || gb.is_empty() {
            return if self.compact == other.compact {
                1.0
            } else {
                0.0
            };
        }
        let common = sorted_common(ga, gb);
        2.0 * common as f64 / (ga.len() + gb.len()) as f64
    }
}

/// How many values two sorted, distinct lists share.
fn sorted_common<T: Ord>(a: &[T], b: &[T]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_folded_without_the_normalizer_fold_as_nfkc_folds_them() {
        let ranges = [
            (0x20u32, 0x7F),
            (0x2000, 0x2200),
            (0x2500, 0x2600),
            (0x3000, 0x3100),
        ];
        let sample = ranges
            .iter()
            .flat_map(|&(a, b)| a..b)
            .chain((0x4E00..0xA000).step_by(97))
            .chain(0xFF00..0xFFF0)
            .filter_map(char::from_u32);
        for c in sample {
            for text in [format!("{c}"), format!("（１）{c}　ａ{c}")] {
                let mut slow = String::new();
                fold_chars(text.nfkc(), &mut slow, true);
                assert_eq!(fold(&text), slow, "{text:?}");
                let mut slow = String::new();
                fold_chars(text.nfkc(), &mut slow, false);
                assert_eq!(fold_compact(&text), slow, "{text:?}");
            }
        }
    }

    #[test]
    fn folding_markers_and_ids() {
        assert_eq!(fold("Ｎｏ．１２"), "No.12");
        assert_eq!(fold("Ⅲ．取組内容"), "III.取組内容");
        assert_eq!(fold("  R 2年度\t"), "R 2年度");
        assert_eq!(fold_id("７－１"), "7-1");
        assert_eq!(fold_id("7ー1"), "7-1");
        assert_eq!(fold_id("No. 7 ‐ 1"), "No. 7-1");
        assert_eq!(fold("〜"), "~");
        assert_eq!(fold_compact(" 窓口 サービス課 "), "窓口サービス課");
    }

    #[test]
    fn plain_ranges_are_kept_by_nfkc_and_compose_with_nothing() {
        use unicode_normalization::char::canonical_combining_class;
        let plain: Vec<char> = (0..=0x10FFFF_u32)
            .filter_map(char::from_u32)
            .filter(|&c| nfkc_alone(c) == Some(c))
            .collect();
        assert!(plain.len() > 20_000, "ASCII, kana and the CJK block");
        for &c in &plain {
            assert_eq!(
                c.to_string().nfkc().collect::<String>(),
                c.to_string(),
                "{c:?}"
            );
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
        }
        // A voiced mark composes with the kana before it: the normalizer handles it.
        assert_eq!(nfkc_alone('\u{3099}'), None);
        assert_eq!(fold("\u{304B}\u{3099}"), "\u{304C}");
        // Both paths give the same folds.
        for s in [
            "進捗状況",
            "No. 7-1",
            " 窓口\tサービス課 ",
            "進捗率（％）",
            "ｽﾃｰﾀｽ",
            "7‐1",
        ] {
            let mut slow = String::new();
            fold_chars(s.nfkc(), &mut slow, true);
            assert_eq!(fold(s), slow, "{s}");
        }
    }

    #[test]
    fn folded_texts_compare_as_the_texts_do() {
        let texts = [
            "市税のキャッシュレス化",
            "市税等のキャッシュレス化",
            "あ",
            "い",
            "",
            "ａｂ",
            "ab",
            "窓口 の混雑",
        ];
        for a in texts {
            for b in texts {
                let (ga, gb) = (char_bigrams(a), char_bigrams(b));
                let set = if ga.is_empty() || gb.is_empty() {
                    f64::from(u8::from(fold_compact(a) == fold_compact(b)))
                } else {
                    2.0 * ga.intersection(&gb).count() as f64 / (ga.len() + gb.len()) as f64
                };
                assert_eq!(Folded::new(a).similarity(&Folded::new(b)), set, "{a} {b}");
                assert_eq!(similarity(a, b), set, "{a} {b}");
            }
        }
    }

    #[test]
    fn similarity_of_names() {
        assert_eq!(
            similarity("市税のキャッシュレス化", "市税のキャッシュレス化"),
            1.0
        );
        assert!(similarity("市税のキャッシュレス化", "市税等のキャッシュレス化") > 0.7);
        assert_eq!(similarity("あ", "い"), 0.0);
        assert!(similarity("窓口の混雑状況の市民周知", "窓口の混雑状況に関する市民周知") > 0.6);
        assert!(similarity("窓口の混雑状況の市民周知", "市税のキャッシュレス化") < 0.2);
    }
}
