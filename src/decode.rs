//! Bytes -> text: encoding detection and the lines of extracted plan text.
//!
//! Files from municipal PCs come in UTF-8 (with or without BOM), UTF-16 with BOM,
//! Shift_JIS/CP932 or EUC-JP. [`decode`] detects which, strictly: a file that does not decode
//! cleanly in any candidate is an error naming the byte offset, never silently mangled.
//!
//! Content text is never normalized here: it keeps the characters the plan was written
//! with, apart from line endings, form feeds and page number lines, which [`text_lines`]
//! takes care of. Normalization for recognizing structure is [`crate::text::fold`].

use std::sync::LazyLock;

use crate::text::fold;
use encoding_rs::{EUC_JP, Encoding, SHIFT_JIS, UTF_8, UTF_16BE, UTF_16LE};
use regex::Regex;
use thiserror::Error;

/// Why bytes could not be turned into text.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum DecodeError {
    #[error("ファイルが空です")]
    Empty,
    #[error("テキストファイルではありません（バイト {offset} に制御文字 0x{byte:02X}）")]
    NotText { offset: usize, byte: u8 },
    #[error(
        "文字コードを判定できません。UTF-8・Shift_JIS・EUC-JP のいずれとしても読めません（バイト {offset} の 0x{byte:02X} が不正）。UTF-8 か Shift_JIS で保存し直してください"
    )]
    Undecodable { offset: usize, byte: u8 },
}

impl DecodeError {
    /// Byte offset the error points at, if any.
    pub fn offset(&self) -> Option<usize> {
        match self {
            DecodeError::Empty => None,
            DecodeError::NotText { offset, .. } | DecodeError::Undecodable { offset, .. } => {
                Some(*offset)
            }
        }
    }
}

/// Decoded text and the encoding it was found in.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static Encoding,
    pub bom: bool,
}

impl Decoded {
    /// Human-readable encoding name for messages and manifests.
    pub fn encoding_label(&self) -> String {
        let name = if self.encoding == SHIFT_JIS {
            "Shift_JIS(CP932)"
        } else {
            self.encoding.name()
        };
        if self.bom {
            format!("{name} (BOM付き)")
        } else {
            name.to_string()
        }
    }
}

/// Detects the encoding of `bytes` and decodes them strictly.
///
/// # Errors
/// [`DecodeError::Empty`] for an empty file (or one holding only a BOM and white space),
/// [`DecodeError::NotText`] when control bytes show it is not text at all,
/// [`DecodeError::Undecodable`] when no candidate encoding reads every byte.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let decoded = decode_inner(bytes)?;
    if decoded
        .text
        .trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
        .is_empty()
    {
        return Err(DecodeError::Empty);
    }
    Ok(decoded)
}

fn decode_inner(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return strict(enc, &bytes[bom_len..], bom_len, true);
    }
    if let Some(enc) = sniff_utf16(bytes) {
        return strict(enc, bytes, 0, false);
    }
    if let Some(offset) = bytes.iter().position(|&b| is_binary_control(b)) {
        return Err(DecodeError::NotText {
            offset,
            byte: bytes[offset],
        });
    }
    if std::str::from_utf8(bytes).is_ok() {
        return strict(UTF_8, bytes, 0, false);
    }
    // Not UTF-8: let chardetng pick the most likely legacy encoding, then fall back to the
    // other Japanese ones. A strict decode decides.
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(Some(b"jp"), chardetng::Utf8Detection::Deny);
    let mut candidates = vec![guess];
    for enc in [SHIFT_JIS, EUC_JP] {
        if !candidates.contains(&enc) {
            candidates.push(enc);
        }
    }
    let mut furthest: Option<DecodeError> = None;
    for enc in candidates {
        if enc != SHIFT_JIS && enc != EUC_JP {
            // Only Japanese legacy encodings are plausible for these files.
            continue;
        }
        match strict(enc, bytes, 0, false) {
            Ok(d) => return Ok(d),
            Err(e) => {
                if furthest.as_ref().and_then(DecodeError::offset) < e.offset() {
                    furthest = Some(e);
                }
            }
        }
    }
    // Report the place reached by the encoding that read furthest: the most likely one,
    // with a damaged byte there.
    let utf8_offset = std::str::from_utf8(bytes)
        .err()
        .map_or(0, |e| e.valid_up_to());
    match furthest {
        Some(e) if e.offset() >= Some(utf8_offset) => Err(e),
        _ => Err(DecodeError::Undecodable {
            offset: utf8_offset,
            byte: bytes.get(utf8_offset).copied().unwrap_or(0),
        }),
    }
}

/// NUL and the C0 controls that never occur in text files (TAB, LF, CR, FF and ESC for
/// ISO-2022-JP do).
fn is_binary_control(b: u8) -> bool {
    b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b)
}

/// UTF-16 without a BOM: the file has zero bytes (a line break is `0A 00`, an ASCII
/// character has a zero beside it), and read in one byte order nearly every code unit is
/// a character of Japanese text (ASCII, kana, kanji, full-width forms, punctuation and
/// symbols), with line breaks, while the other order gives units from unrelated scripts.
/// (Pairs of ASCII letters read as kanji, so a line break in that order is required.)
fn sniff_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) || !bytes.contains(&0) {
        return None;
    }
    let units = bytes.len() / 2;
    let le = plausible_units(bytes, u16::from_le_bytes);
    let be = plausible_units(bytes, u16::from_be_bytes);
    let breaks =
        |unit: fn([u8; 2]) -> u16| bytes.chunks_exact(2).any(|p| unit([p[0], p[1]]) == 0x0A);
    let le = if breaks(u16::from_le_bytes) { le } else { 0 };
    let be = if breaks(u16::from_be_bytes) { be } else { 0 };
    let enough = |n: usize| n * 100 >= units * 95;
    if enough(le) && le > be {
        Some(UTF_16LE)
    } else if enough(be) && be > le {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// How many code units of `bytes`, paired by `unit`, are characters of Japanese text.
fn plausible_units(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> usize {
    bytes
        .chunks_exact(2)
        .map(|p| unit([p[0], p[1]]))
        .filter(|&u| is_japanese_text_unit(u))
        .count()
}

/// A UTF-16 code unit that Japanese plan or report text is made of.
fn is_japanese_text_unit(u: u16) -> bool {
    matches!(u,
        0x09 | 0x0A | 0x0C | 0x0D
        | 0x20..=0x7E        // ASCII
        | 0xA0..=0xFF        // Latin-1 signs (×, ÷, §)
        | 0x2000..=0x27BF    // punctuation, arrows, ①, boxes, ○◎△, ★
        | 0x3000..=0x30FF    // CJK punctuation, hiragana, katakana
        | 0x3200..=0x33FF    // enclosed and squared forms (㈱, ㎡)
        | 0x4E00..=0x9FFF    // CJK ideographs
        | 0xF900..=0xFAFF    // compatibility ideographs
        | 0xFF00..=0xFFEF    // full-width forms
        | 0xD800..=0xDFFF    // surrogates (rare kanji)
    )
}

fn strict(
    enc: &'static Encoding,
    body: &[u8],
    base: usize,
    bom: bool,
) -> Result<Decoded, DecodeError> {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let cap = decoder
        .max_utf8_buffer_length_without_replacement(body.len())
        .unwrap_or(body.len() * 3 + 16);
    let mut text = String::with_capacity(cap);
    let mut done = 0;
    loop {
        let (result, read) =
            decoder.decode_to_string_without_replacement(&body[done..], &mut text, true);
        done += read;
        match result {
            encoding_rs::DecoderResult::InputEmpty => break,
            // Only if the size estimate fell short: make room and go on.
            encoding_rs::DecoderResult::OutputFull => text.reserve(body.len() - done + 16),
            encoding_rs::DecoderResult::Malformed(bad, _) => {
                let offset = base + done.saturating_sub(bad as usize);
                return Err(DecodeError::Undecodable {
                    offset,
                    byte: body.get(offset - base).copied().unwrap_or(0),
                });
            }
        }
    }
    if (enc == UTF_16LE || enc == UTF_16BE)
        && let Some((i, c)) = text
            .chars()
            .enumerate()
            .find(|(_, c)| (*c as u32) < 0x80 && is_binary_control(*c as u8))
    {
        return Err(DecodeError::NotText {
            offset: base + i * 2,
            byte: c as u8,
        });
    }
    Ok(Decoded {
        text,
        encoding: enc,
        bom,
    })
}

/// One line of a text file, ready for parsing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextLine {
    /// 1-based line number in the original file.
    pub no: usize,
    /// The line as written (form feeds removed, trailing white space kept for tab cells).
    pub raw: String,
    /// [`fold`]ed form, for recognizing structure.
    pub folded: String,
}

/// Splits text into lines (CRLF, CR and LF all end a line), removes form feeds and drops
/// page-number lines such as `- 12 -`. Line numbers stay those of the original file.
pub fn text_lines(text: &str) -> Vec<TextLine> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    let mut no = 0;
    let mut rest = text;
    while !rest.is_empty() {
        no += 1;
        let (line, next) = match rest.find(['\r', '\n']) {
            Some(i) => {
                let skip = if rest[i..].starts_with("\r\n") { 2 } else { 1 };
                (&rest[..i], &rest[i + skip..])
            }
            None => (rest, ""),
        };
        rest = next;
        let raw: String = line.chars().filter(|&c| c != '\u{0c}').collect();
        let folded = fold(&raw);
        if is_folded_page_number(&folded) {
            continue;
        }
        out.push(TextLine { no, raw, folded });
    }
    out
}

/// `- 12 -`, `－１２－`, `― 3 ―`, `12 / 40`, `P.12`: a page number left by PDF extraction.
pub fn is_page_number(line: &str) -> bool {
    is_folded_page_number(&fold(line))
}

/// [`is_page_number`] of a line [`fold`]ed already.
fn is_folded_page_number(folded: &str) -> bool {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        crate::text::regex(r"^\s*(?:-\s*\d{1,4}\s*-|\d{1,4}\s*/\s*\d{1,4}|P\.?\s*\d{1,4})\s*$")
    });
    RE.is_match(folded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_each_encoding() {
        let text = "No. 7\n窓口の利便性向上に向けた取組\n担当部署\t(民)窓口サービス課\n";
        let (sjis, _, _) = SHIFT_JIS.encode(text);
        let (euc, _, _) = EUC_JP.encode(text);
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(text.as_bytes());
        let mut le = vec![0xFF, 0xFE];
        le.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
        let mut be = vec![0xFE, 0xFF];
        be.extend(text.encode_utf16().flat_map(|u| u.to_be_bytes()));
        for (bytes, enc) in [
            (text.as_bytes().to_vec(), UTF_8),
            (bom, UTF_8),
            (sjis.into_owned(), SHIFT_JIS),
            (euc.into_owned(), EUC_JP),
            (le, UTF_16LE),
            (be, UTF_16BE),
        ] {
            let d = decode(&bytes).unwrap();
            assert_eq!(d.encoding, enc);
            assert_eq!(d.text, text);
        }
    }

    #[test]
    fn utf16_without_a_bom_is_detected_in_either_order() {
        let text = "第１章　行政改革の推進\n（１）窓口サービスの向上\n担当：市民課　令和６年度　①検討→実施\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        for (bytes, enc) in [(le, UTF_16LE), (be, UTF_16BE)] {
            let d = decode(&bytes).unwrap();
            assert_eq!((d.encoding, d.text.as_str(), d.bom), (enc, text, false));
        }
        // Binary with zero bytes is still not text.
        let binary: Vec<u8> = (0..=255u8).cycle().take(512).collect();
        assert!(matches!(
            decode(&binary).unwrap_err(),
            DecodeError::NotText { .. }
        ));
    }

    #[test]
    fn junk_and_empty_are_errors_with_offsets() {
        assert_eq!(decode(b"").unwrap_err(), DecodeError::Empty);
        assert_eq!(decode(b"\xEF\xBB\xBF \n").unwrap_err(), DecodeError::Empty);
        assert_eq!(
            decode(b"abc\x00\x01def").unwrap_err(),
            DecodeError::NotText { offset: 3, byte: 0 }
        );
        // Valid UTF-8, then a byte that no Japanese encoding accepts here.
        let mut bytes = "取組".as_bytes().to_vec();
        bytes.extend_from_slice(&[0xFF, 0xFF]);
        match decode(&bytes).unwrap_err() {
            DecodeError::Undecodable { offset, .. } => assert_eq!(offset, 6),
            e => panic!("unexpected {e:?}"),
        }
    }

    #[test]
    fn page_numbers_and_lines() {
        assert!(is_page_number("- 12 -"));
        assert!(is_page_number("－１２－"));
        assert!(is_page_number("― 3 ―"));
        assert!(!is_page_number("No. 12"));
        let lines = text_lines("a\r\nb\rc\n\u{0c}- 2 -\nd");
        let raws: Vec<_> = lines.iter().map(|l| (l.no, l.raw.as_str())).collect();
        assert_eq!(raws, vec![(1, "a"), (2, "b"), (3, "c"), (5, "d")]);
    }
}
