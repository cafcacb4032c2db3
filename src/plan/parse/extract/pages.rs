//! Pages of an extraction: what repeats on every page or only guides the reader (page
//! numbers, running headers and footers, the table of contents, the overview) is
//! dropped; the characters Shift_JIS widened are folded back.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use regex::Regex;

use crate::decode::is_page_number;
use crate::document::render::ContentsRun;
use crate::text::{fold, fold_compact};

/// A line of the extraction that is kept: its number in the file, its page (0 before the
/// first form feed) and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct PageLine {
    pub no: usize,
    pub page: usize,
    pub text: String,
    /// The column each character of `text` starts at in the extraction.
    pub cols: Vec<usize>,
}

/// The kept lines of `text`, blank lines included (they separate blocks).
pub(super) fn clean(text: &str) -> Vec<PageLine> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let paged = with_pages(text);
    let text = paged.as_ref();
    let widened = is_widened(text);
    let mut page = 0;
    let mut lines = Vec::new();
    let ends = page_ends(text);
    for (k, line) in text.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let starts_page = line.contains('\u{0c}');
        page += line.matches('\u{0c}').count();
        let raw: String = line.chars().filter(|&c| c != '\u{0c}').collect();
        if is_page_number(&raw) || (is_bare_number(&raw) && (starts_page || ends.contains(&k))) {
            continue;
        }
        let raw = raw.trim_end();
        let (text, cols) = if widened {
            let (romans, cols) = restore_romans(raw);
            restore_span_tildes(narrow(&romans), cols)
        } else {
            (raw.to_string(), (0..raw.chars().count()).collect())
        };
        lines.push(PageLine {
            no: k + 1,
            page,
            text,
            cols,
        });
    }
    strip_left_margin(&mut lines);
    drop_running_lines(&mut lines);
    drop_contents(&mut lines);
    drop_overview(&mut lines);
    lines
}

/// Text laid out from the page's edge (pdfplumber's layout sets every line a margin's
/// width in): the spaces that every line with text starts with are taken off, so that a
/// line's indent is its indent within the text. Then a page whose every line starts
/// further in than the text's (pdftotext sets each page from the page's own text, so a
/// page may be moved along the line) loses that margin too, when its text then starts
/// where the other pages' text does more often ([`starts_on`]): a page of lines that
/// continue a table's cells, its first column empty, keeps its place.
fn strip_left_margin(lines: &mut [PageLine]) {
    let margin = margin_of(lines);
    strip_margin(lines, margin);
    let starts: BTreeMap<usize, usize> = piece_starts(lines);
    for page in lines.chunk_by_mut(|a, b| a.page == b.page) {
        let margin = margin_of(page);
        if margin == 0 {
            continue;
        }
        let mut others = starts.clone();
        for (col, n) in piece_starts(page) {
            others.entry(col).and_modify(|c| *c -= n.min(*c));
        }
        if starts_on(page, &others, margin) > starts_on(page, &others, 0) {
            strip_margin(page, margin);
        }
    }
}

/// The column the lines with text of `lines` start at, the leftmost.
fn margin_of(lines: &[PageLine]) -> usize {
    lines
        .iter()
        .filter(|l| !l.text.trim().is_empty())
        .map(|l| {
            let lead = l.text.chars().take_while(|c| *c == ' ').count();
            l.cols.get(lead).copied().unwrap_or(0)
        })
        .min()
        .unwrap_or(0)
}

/// `lines` with the first `margin` columns taken off.
fn strip_margin(lines: &mut [PageLine], margin: usize) {
    if margin == 0 {
        return;
    }
    for l in lines.iter_mut() {
        let keep: Vec<(char, usize)> = l
            .text
            .chars()
            .zip(l.cols.iter().copied())
            .filter(|&(_, col)| col >= margin)
            .collect();
        l.text = keep.iter().map(|&(c, _)| c).collect();
        l.cols = keep.iter().map(|&(_, col)| col - margin).collect();
    }
}

/// How many pieces of `lines` (text at a line's start or after two spaces or more)
/// start at each column.
fn piece_starts(lines: &[PageLine]) -> BTreeMap<usize, usize> {
    let mut out = BTreeMap::new();
    for col in lines.iter().flat_map(piece_columns) {
        *out.entry(col).or_default() += 1;
    }
    out
}

/// The columns the pieces of a line start at: text at the line's start or after two
/// spaces or more.
fn piece_columns(line: &PageLine) -> Vec<usize> {
    let mut out = Vec::new();
    let mut spaces = 2;
    for (c, &col) in line.text.chars().zip(&line.cols) {
        if c == ' ' || c == '\u{3000}' {
            spaces += 1;
        } else {
            if spaces >= 2 {
                out.push(col);
            }
            spaces = 0;
        }
    }
    out
}

/// How many pieces of `lines`, moved `margin` columns left, start where pieces of the
/// other pages do (`others`, a character's rounding aside).
fn starts_on(lines: &[PageLine], others: &BTreeMap<usize, usize>, margin: usize) -> usize {
    let taken = |col: usize| {
        (col.saturating_sub(1)..=col + 1).any(|c| others.get(&c).is_some_and(|&n| n > 0))
    };
    lines
        .iter()
        .flat_map(piece_columns)
        .filter(|&col| col >= margin && taken(col - margin))
        .count()
}

/// A heading whose numeral the extraction put on a line of its own, before the rest
/// (`pdftotext -raw` writes 「基本方針Ⅰ　質の高い…」 as 「Ⅰ」 then 「基本方針 質の高い…」) or
/// after it (pdfminer: 「基本方針 市民の視点…」, a blank line, then 「Ⅰ」; pdfium sets it at
/// the end of the line, pypdf before the word on it): the two lines become the heading as written, on the first
/// line's number. Only a Roman numeral alone is taken so (a lone
/// digit may be a value or a page number), only with a line of a short word and a title,
/// and after it only when `is_heading` takes the joined line.
pub(super) fn join_split_numerals(lines: &mut Vec<PageLine>, is_heading: impl Fn(&str) -> bool) {
    let repeated = words_before_numerals(lines);
    let is_heading = |t: &String| {
        word_title(t).is_some_and(|(w, _)| repeated.contains(w.trim_end_matches(is_numeral)))
            && is_heading(t)
    };
    let mut out: Vec<PageLine> = Vec::with_capacity(lines.len());
    for mut line in std::mem::take(lines) {
        let moved = numeral_at_end(&line.text).or_else(|| numeral_at_start(&line.text));
        if let Some(text) = moved.filter(&is_heading) {
            set_text(&mut line, text);
        }
        let prev = out.last();
        let before = prev
            .filter(|p| is_lone_numeral(&p.text))
            .and_then(|p| numbered_heading(&line.text, p.text.trim()));
        if let Some(text) = before {
            out.pop();
            set_text(&mut line, text);
            out.push(line);
            continue;
        }
        // After the heading, perhaps a blank line between.
        let heading_at = out.iter().rposition(|l| !l.text.trim().is_empty());
        let after = heading_at
            .filter(|_| is_lone_numeral(&line.text))
            .and_then(|at| Some((numbered_heading(&out[at].text, line.text.trim())?, at)))
            .filter(|(t, _)| is_heading(t));
        match after {
            Some((text, at)) => set_text(&mut out[at], text),
            None => out.push(line),
        }
    }
    *lines = out;
}

/// The words of headings whose numeral stands after them (on the next line with text or
/// at the line's end) twice or more: a word set so once (「検討 方針決定 実施」 over a page's
/// 「Ⅲ」) is a value, not a heading.
fn words_before_numerals(lines: &[PageLine]) -> BTreeSet<String> {
    let texts: Vec<&str> = lines
        .iter()
        .map(|l| l.text.trim())
        .filter(|t| !t.is_empty())
        .collect();
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    for (k, text) in texts.iter().enumerate() {
        let at_end = text.chars().last().is_some_and(is_numeral);
        let at_start = text.chars().next().is_some_and(is_numeral);
        let next = texts.get(k + 1).is_some_and(|t| is_lone_numeral(t));
        let written = text.trim_matches(is_numeral).trim();
        if let Some((word, _)) = word_title(written).filter(|_| at_end || at_start || next) {
            *count.entry(word.to_string()).or_default() += 1;
        }
    }
    count
        .into_iter()
        .filter(|(_, n)| *n >= 2)
        .map(|(w, _)| w)
        .collect()
}

/// A Roman numeral (「Ⅰ」…「Ⅻ」).
fn is_numeral(c: char) -> bool {
    ('\u{2160}'..='\u{216B}').contains(&c)
}

/// A Roman numeral alone on its line (「Ⅰ」, 「Ⅱ　」).
fn is_lone_numeral(text: &str) -> bool {
    let t = text.trim();
    t.chars().count() == 1 && t.chars().all(is_numeral)
}

/// A line of a short word and a title (「基本方針 質の高い…」): the word and the title.
fn word_title(text: &str) -> Option<(&str, &str)> {
    static WORD_TITLE: LazyLock<Regex> = LazyLock::new(|| {
        crate::text::regex(r"^([^\d\sA-Za-z【】()（）「」、。・:：]{2,6})[ \u{3000}]+(\S.*)$")
    });
    let c = WORD_TITLE.captures(text.trim())?;
    Some((c.get(1)?.as_str(), c.get(2)?.as_str()))
}

/// 「基本方針 質の高い…」 with its numeral: 「基本方針Ⅰ　質の高い…」.
fn numbered_heading(text: &str, numeral: &str) -> Option<String> {
    let (word, title) = word_title(text)?;
    Some(format!("{word}{numeral}\u{3000}{title}"))
}

/// A heading with its numeral at the end of its line (pdfium: 「基本方針 市民の視点…
/// Ⅰ」, pypdf's layout: 「基本方針   市民の視点…サービスⅠ」) as written: 「基本方針Ⅰ　市民の
/// 視点…」.
fn numeral_at_end(text: &str) -> Option<String> {
    let t = text.trim_end();
    let numeral = t.chars().last().filter(|c| is_numeral(*c))?;
    let title = t[..t.len() - numeral.len_utf8()].trim_end();
    numbered_heading(title, &numeral.to_string())
}

/// A heading with its numeral at the start of its line, apart from its word (pypdf:
/// 「Ⅰ　基本方針 市民の視点…」) as written: 「基本方針Ⅰ　市民の視点…」.
fn numeral_at_start(text: &str) -> Option<String> {
    let t = text.trim_start();
    let numeral = t.chars().next().filter(|c| is_numeral(*c))?;
    let after = &t[numeral.len_utf8()..];
    let rest = after.trim_start();
    if rest.len() == after.len() {
        return None;
    }
    numbered_heading(rest, &numeral.to_string())
}

/// A line's text replaced, each character its own column.
fn set_text(line: &mut PageLine, text: String) {
    line.cols = (0..text.chars().count()).collect();
    line.text = text;
}

/// The lines (0-based) that end a page: the last line with text before a form feed or
/// the end of the text. A number standing alone there (or on a page's first line) is the
/// page number a footer (header) prints without dashes; elsewhere it may be a value.
fn page_ends(text: &str) -> BTreeSet<usize> {
    let mut ends = BTreeSet::new();
    let mut last_with_text = None;
    for (k, line) in text.split('\n').enumerate() {
        let (before, feed) = match line.find('\u{0c}') {
            Some(i) => (&line[..i], true),
            None => (line, false),
        };
        if feed {
            ends.extend(last_with_text.take());
        }
        if !before.trim().is_empty() || (feed && !line.trim_matches('\u{0c}').trim().is_empty()) {
            last_with_text = Some(k);
        }
    }
    ends.extend(last_with_text);
    ends
}

/// The text with a form feed where each page starts. An extraction whose pages were
/// joined by plain line breaks (pypdf's pages as a script joins them) has none: its pages
/// are then known by their running header, a line of six characters or more written the
/// same two times or more, once at least right under a page's number (「3」, 「- 3 -」);
/// a form feed is set before each of its lines but the first of the text.
fn with_pages(text: &str) -> Cow<'_, str> {
    const SHORTEST: usize = 6;
    if text.contains('\u{0c}') {
        return Cow::Borrowed(text);
    }
    let lines: Vec<&str> = text.split('\n').collect();
    let key = |l: &str| fold_compact(l.trim_end_matches('\r'));
    let mut count: BTreeMap<String, (usize, bool)> = BTreeMap::new();
    let mut after_number = false;
    for l in &lines {
        if l.trim().is_empty() {
            continue;
        }
        let k = key(l);
        if k.chars().count() >= SHORTEST && !l.contains('\t') {
            let entry = count.entry(k).or_default();
            entry.0 += 1;
            entry.1 |= after_number;
        }
        after_number = is_bare_number(l) || is_page_number(l);
    }
    let header = count
        .into_iter()
        .filter(|(_, (n, under_number))| *n >= 2 && *under_number)
        .max_by_key(|(_, (n, _))| *n)
        .map(|(k, _)| k);
    let Some(header) = header else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len() + lines.len());
    for (i, l) in lines.iter().enumerate() {
        if i > 0 {
            out.push('\n');
            if key(l) == header {
                out.push('\u{0c}');
            }
        }
        out.push_str(l);
    }
    Cow::Owned(out)
}

/// `3`, `１２`: digits alone on their line.
fn is_bare_number(line: &str) -> bool {
    let folded = fold(line);
    let t = folded.trim();
    (1..=4).contains(&t.len()) && t.chars().all(|c| c.is_ascii_digit())
}

/// Whether the text is `pdftotext -enc Shift-JIS` output: Latin letters, digits and
/// spaces all written full width (a UTF-8 extraction pads with ASCII spaces).
pub(in crate::plan) fn is_widened(text: &str) -> bool {
    let wide = text
        .chars()
        .filter(|c| matches!(c, '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ'))
        .count();
    let plain = text
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == ' ')
        .count();
    wide > 0 && plain * 20 < wide
}

/// Full-width letters, digits and `#` and the ideographic space back to ASCII, one
/// character for one so that columns stay where they were.
fn narrow(line: &str) -> String {
    line.chars()
        .map(|c| match c {
            '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' | '＃' | '．' => {
                char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c)
            }
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// Roman numerals that Shift_JIS could not write, which pdftotext spells in full-width
/// letters (「Ⅱ」 as 「ＩＩ」): a run of 「Ｉ」「Ｖ」「Ｘ」 standing apart from other letters
/// and digits and ending its word becomes the numeral again (up to Ⅻ), at the column of
/// its first letter.
/// The columns are those of the Shift_JIS line.
fn restore_romans(raw: &str) -> (String, Vec<usize>) {
    let chars: Vec<char> = raw.chars().collect();
    let cols = wide_columns(raw);
    let is_letter =
        |c: char| c.is_alphanumeric() && (c.is_ascii() || ('\u{ff10}'..='\u{ff5a}').contains(&c));
    let mut text = String::with_capacity(raw.len());
    let mut out_cols = Vec::with_capacity(cols.len());
    let mut k = 0;
    while k < chars.len() {
        let run = chars[k..]
            .iter()
            .take_while(|c| matches!(c, 'Ｉ' | 'Ｖ' | 'Ｘ'))
            .count();
        // A numeral ends its word: a space, a dot, a comma or the line's end follows it
        // (「ＩＩ　健全な…」); 「Ｉターン」「Ｘ線」 are words.
        let apart = run > 0
            && (k == 0 || !is_letter(chars[k - 1]))
            && chars
                .get(k + run)
                .is_none_or(|&c| c.is_whitespace() || matches!(c, '．' | '、' | '.' | '，'));
        let numeral = apart
            .then(|| narrow(&chars[k..k + run].iter().collect::<String>()))
            .and_then(|letters| crate::plan::numbering::roman_value(&letters))
            .filter(|n| (1..=12).contains(n))
            .and_then(|n| char::from_u32(0x215F + n));
        if let Some(numeral) = numeral {
            text.push(numeral);
            out_cols.push(cols[k]);
            k += run;
        } else {
            text.push(chars[k]);
            out_cols.push(cols[k]);
            k += 1;
        }
    }
    (text, out_cols)
}

/// The tilde of a span of years that Shift_JIS could not write (pdftotext drops 「～」):
/// a year written right against the next (「R9R11」, 「令和7年度令和8年度」) is the span
/// 「R9~R11」. The tilde takes the column of the year after it.
fn restore_span_tildes(text: String, cols: Vec<usize>) -> (String, Vec<usize>) {
    static YEAR: LazyLock<Regex> = LazyLock::new(|| {
        crate::text::regex(r"(?:R|令和|H|平成)\s*(?:元|\d{1,2})(?:\s*年度)?|(?:19|20)\d{2}\s*年度")
    });
    let found: Vec<(usize, usize)> = YEAR
        .find_iter(&text)
        .map(|m| (m.start(), m.end()))
        .collect();
    let joints: BTreeSet<usize> = found
        .windows(2)
        .filter(|w| w[0].1 == w[1].0)
        .map(|w| w[1].0)
        .collect();
    if joints.is_empty() {
        return (text, cols);
    }
    let mut out = String::with_capacity(text.len() + joints.len());
    let mut out_cols = Vec::with_capacity(cols.len() + joints.len());
    for ((at, c), col) in text.char_indices().zip(cols) {
        if joints.contains(&at) {
            out.push('~');
            out_cols.push(col);
        }
        out.push(c);
        out_cols.push(col);
    }
    (out, out_cols)
}

/// The columns of a Shift_JIS `-layout` line: pdftotext pads with one ideographic space
/// per column, and a character of text takes as many columns as it has bytes.
fn wide_columns(line: &str) -> Vec<usize> {
    let mut col = 0;
    line.chars()
        .map(|c| {
            let at = col;
            col += if c == '\u{3000}' || c.is_ascii() || ('\u{ff61}'..='\u{ff9f}').contains(&c) {
                1
            } else {
                2
            };
            at
        })
        .collect()
}

/// The lines at the top of more than half of the pages with text (two at least): a
/// running header in one or more lines. The first line left on each page is looked at
/// again after a round drops lines, up to three.
fn drop_running_lines(lines: &mut Vec<PageLine>) {
    let pages: BTreeSet<usize> = lines
        .iter()
        .filter(|l| !l.text.trim().is_empty())
        .map(|l| l.page)
        .collect();
    if pages.len() < 2 {
        return;
    }
    let mut drop: BTreeSet<usize> = BTreeSet::new();
    // The texts of the header's lines.
    let mut header: BTreeSet<String> = BTreeSet::new();
    for _ in 0..3 {
        let mut tops: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for page in &pages {
            let top = lines
                .iter()
                .find(|l| l.page == *page && !l.text.trim().is_empty() && !drop.contains(&l.no));
            if let Some(l) = top {
                tops.entry(fold_compact(&l.text)).or_default().push(l.no);
            }
        }
        let before = drop.len();
        for (text, nos) in tops {
            if nos.len() >= 2 && nos.len() * 2 > pages.len() {
                drop.extend(nos);
                header.insert(text);
            }
        }
        if drop.len() == before {
            break;
        }
    }
    drop_header_out_of_order(lines, &pages, &header, &mut drop);
    lines.retain(|l| !drop.contains(&l.no));
}

/// Pieces of a running header that plain output set as lines of their own among the
/// first lines of a page (「△△町実施計画　個票」 read as 「△△町実施計画」, then a heading,
/// then 「個票」): a short line without digits found among the first four lines of at
/// least three pages and half of them is dropped there, unless `is_content` says it is
/// a label or a heading of the plan.
pub(super) fn drop_header_pieces(lines: &mut Vec<PageLine>, is_content: impl Fn(&str) -> bool) {
    const REACH: usize = 4;
    let mut tops: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut page_count = 0;
    let mut page = None;
    let mut seen = 0;
    for l in lines.iter().filter(|l| !l.text.trim().is_empty()) {
        if page != Some(l.page) {
            page = Some(l.page);
            page_count += 1;
            seen = 0;
        }
        seen += 1;
        if seen <= REACH {
            tops.entry(fold_compact(&l.text)).or_default().push(l.no);
        }
    }
    let mut drop: BTreeSet<usize> = BTreeSet::new();
    for (text, nos) in tops {
        let short = text.chars().count() <= 15 && !text.chars().any(|c| c.is_ascii_digit());
        if short && nos.len() >= 3 && nos.len() * 2 >= page_count && !is_content(&text) {
            drop.extend(nos);
        }
    }
    lines.retain(|l| !drop.contains(&l.no));
}

/// A line of the running header that the reading order moved below the first line of the
/// body on some page (「工程表」 read before 「実施計画」 where a table opens the page): among
/// the first lines of each page, every line whose text is a header line is dropped too.
fn drop_header_out_of_order(
    lines: &[PageLine],
    pages: &BTreeSet<usize>,
    header: &BTreeSet<String>,
    drop: &mut BTreeSet<usize>,
) {
    if header.is_empty() {
        return;
    }
    let reach = header.len() + 2;
    for page in pages {
        let top = lines
            .iter()
            .filter(|l| l.page == *page && !l.text.trim().is_empty() && !drop.contains(&l.no))
            .take(reach);
        let late: Vec<usize> = top
            .filter(|l| header.contains(&fold_compact(&l.text)))
            .map(|l| l.no)
            .collect();
        drop.extend(late);
    }
}

/// The table of contents: 「目次」 and lines ending in a dot leader and a page number, or,
/// after 「目次」, in a page number alone ([`ContentsRun`]). A page of leader lines is a
/// contents page: its other lines, all short (a heading's number set apart from its title,
/// 「基本方針Ⅰ」 over 「市民の視点…‥2」), go with it.
fn drop_contents(lines: &mut Vec<PageLine>) {
    static LEADER: LazyLock<Regex> =
        LazyLock::new(|| crate::text::regex(r"(?:[.・…‥·]\s*){4,}\d{1,4}$"));
    const SHORT: usize = 30;
    // Each line's leader is looked for once: the page counts and the dropping both need it.
    let leader: Vec<bool> = lines
        .iter()
        .map(|l| LEADER.is_match(fold(&l.text).trim()))
        .collect();
    // Per page: leader lines, other lines, and whether all of those are short.
    let mut pages: BTreeMap<usize, (usize, usize, bool)> = BTreeMap::new();
    for (l, &is_leader) in lines.iter().zip(&leader) {
        if l.text.trim().is_empty() {
            continue;
        }
        let page = pages.entry(l.page).or_insert((0, 0, true));
        if is_leader {
            page.0 += 1;
        } else {
            page.1 += 1;
            page.2 &= l.text.trim().chars().count() <= SHORT;
        }
    }
    let paged = lines.last().is_some_and(|l| l.page > 0);
    let contents: BTreeSet<usize> = pages
        .iter()
        .filter(|(_, (leaders, others, short))| {
            paged && *leaders >= 3 && *short && *others <= 2 * leaders + 4
        })
        .map(|(page, _)| *page)
        .collect();
    let mut k = 0;
    let mut run = ContentsRun::default();
    lines.retain(|l| {
        let is_leader = leader[k];
        k += 1;
        let in_run = !l.text.trim().is_empty() && run.takes(&l.text);
        !contents.contains(&l.page) && !is_leader && !in_run
    });
}

/// An overview (取組の体系): every initiative and item listed once more before the plan
/// proper. Its heading and the rest of its page are dropped.
fn drop_overview(lines: &mut Vec<PageLine>) {
    let mut skip_page: Option<usize> = None;
    lines.retain(|l| {
        let key = fold_compact(&l.text);
        if key.chars().count() <= 12 && (key.ends_with("体系") || key.ends_with("体系図")) {
            skip_page = Some(l.page);
            return false;
        }
        skip_page != Some(l.page)
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(text: &str) -> Vec<String> {
        clean(text)
            .into_iter()
            .map(|l| l.text.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect()
    }

    #[test]
    fn a_number_alone_at_a_page_end_is_its_page_number_elsewhere_a_value() {
        let text = "年度計画  R2  R3\n          →   →\n\n\n           2\n\u{0c}推進項目 1-4\n効果額\n3\n実施\n";
        let lines = kept(text);
        assert!(!lines.contains(&"2".to_string()), "{lines:?}");
        assert!(lines.contains(&"3".to_string()), "{lines:?}");
        assert!(lines.contains(&"→   →".to_string()), "{lines:?}");
        // The last line of the text ends its page too; a page's first line may be its number.
        assert!(!kept("実施\n\n  12\n").contains(&"12".to_string()));
        assert!(!kept("実施\n\u{0c}  4\n見出し\n").contains(&"4".to_string()));
    }

    #[test]
    fn pages_joined_without_form_feeds_are_known_by_their_running_header() {
        // pypdf's pages joined by line breaks: the header under each page's number.
        let text = "◇◇市行政改革プラン\n推進項目 1-1\n実施\n  - 1 -\n◇◇市行政改革プラン\n推進項目 1-2\n  2\n◇◇市行政改革プラン\n推進項目 1-3\n";
        assert_eq!(
            kept(text),
            ["推進項目 1-1", "実施", "推進項目 1-2", "推進項目 1-3"]
        );
        assert_eq!(with_pages(text).matches('\u{0c}').count(), 2);
        // A line written twice but never under a page's number sets no page.
        let twice = "取組の内容を定める\n実施\n取組の内容を定める\n";
        assert_eq!(with_pages(twice), twice);
        // A title a second page does not repeat: no page known, a number alone kept.
        let once = "計画書のタイトル\n本文\n  3\n別の見出し\n";
        assert_eq!(with_pages(once), once);
    }

    #[test]
    fn a_numeral_at_the_end_of_a_heading_is_its_number() {
        assert_eq!(
            numeral_at_end("基本方針   市民の視点に立った行政サービスⅠ").as_deref(),
            Some("基本方針Ⅰ\u{3000}市民の視点に立った行政サービス")
        );
        assert_eq!(
            numeral_at_end("基本方針 市民の視点 Ⅱ").as_deref(),
            Some("基本方針Ⅱ\u{3000}市民の視点")
        );
        assert_eq!(numeral_at_end("基本方針Ⅰ"), None);
    }

    #[test]
    fn a_contents_page_goes_whole_and_a_page_of_text_keeps_its_lines() {
        let contents = "表紙\n\u{0c}目　次\n基本方針Ⅰ\n市民サービス……………2\n施策 1\n窓口……………2\n施策 2\n広報……………3\n\u{0c}基本方針Ⅰ 市民サービス\n";
        assert_eq!(kept(contents), ["表紙", "基本方針Ⅰ 市民サービス"]);
        let text = "表紙\n\u{0c}はじめに……………1\n本計画は、市の行政改革大綱に基づいて取り組む具体的な項目を定めるものです。\n計画の期間……………2\n体制……………3\n";
        assert_eq!(
            kept(text),
            [
                "表紙",
                "本計画は、市の行政改革大綱に基づいて取り組む具体的な項目を定めるものです。"
            ]
        );
    }

    #[test]
    fn spans_and_roman_numerals_shift_jis_could_not_write_are_restored() {
        let lines =
            kept("年次計画\nＲ９Ｒ１１：実施\n令和　７　年度令和　８　年度：準備\nＲ７　Ｒ８\n");
        assert_eq!(
            lines,
            [
                "年次計画",
                "R9~R11：実施",
                "令和 7 年度~令和 8 年度：準備",
                "R7 R8"
            ]
        );
        let lines = clean("２０２５年度２０２９年度　実施\n");
        assert_eq!(lines[0].text, "2025年度~2029年度 実施");
        assert_eq!(lines[0].cols.len(), lines[0].text.chars().count());
        let lines =
            kept("基本方針ＩＩ　健全な財政\nＩ　　市民サービス\nＩＴの活用　ＩＶ\nＩＩＩＩ\n");
        assert_eq!(
            lines,
            [
                "基本方針Ⅱ 健全な財政",
                "Ⅰ  市民サービス",
                "ITの活用 Ⅳ",
                "IIII"
            ]
        );
        // Text that is not a Shift_JIS extraction keeps what it says.
        assert_eq!(kept("R9R11 実施"), ["R9R11 実施"]);
    }
}
