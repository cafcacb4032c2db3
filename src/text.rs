//! Text folding and similarity, shared by every stage that recognizes or compares text.
//!
//! [`fold`] is for *recognizing structure* (markers, labels, headers, IDs): NFKC (full-width
//! ASCII to ASCII, `Ⅰ` to `I`), one hyphen for the many dash characters, one tilde, single
//! spaces. Content text is never folded.

use std::collections::BTreeSet;
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
    let mut pending_space = false;
    for c in s.nfkc() {
        let c = match c {
            '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FF0D}' | '\u{FE63}' | '\u{2043}' => '-',
            '\u{301C}' | '\u{FF5E}' | '\u{223C}' => '~',
            '\u{FEFF}' | '\u{200B}' => continue,
            c => c,
        };
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    out
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
    fold(s).chars().filter(|c| !c.is_whitespace()).collect()
}

/// Character bigrams of the compact fold of `s`.
pub fn char_bigrams(s: &str) -> BTreeSet<(char, char)> {
    let cs: Vec<char> = fold_compact(s).chars().collect();
    cs.windows(2).map(|w| (w[0], w[1])).collect()
}

/// Similarity of two names in 0..=1 (Dice coefficient over character bigrams of the
/// folded names).
pub fn similarity(a: &str, b: &str) -> f64 {
    let (ga, gb) = (char_bigrams(a), char_bigrams(b));
    if ga.is_empty() || gb.is_empty() {
        return if fold_compact(a) == fold_compact(b) {
            1.0
        } else {
            0.0
        };
    }
    let common = ga.intersection(&gb).count();
    2.0 * common as f64 / (ga.len() + gb.len()) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

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
