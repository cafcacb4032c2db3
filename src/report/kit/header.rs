//! The header and footer of every printed page: whose workbook, which month and edition,
//! the page number and the file name, within Excel's limit on their length.

use std::cell::Cell;

use super::cut::{CUT_MARK, MAX_SHORT_TEXT};

/// What the header of every printed page of a workbook says: whose workbook (a section,
/// or 全体集計), the month, the plan's edition.
#[derive(Debug, Clone, Default)]
pub struct PageHeader {
    /// `市民生活部　(民)窓口サービス課` or `全体集計`.
    pub owner: String,
    /// `令和6年9月`.
    pub period: String,
    /// `令和5年2月改定版`; none for a plan without editions.
    pub edition: Option<String>,
    /// The plan's title, when it has one.
    pub title: Option<String>,
    /// Whether a cut of the owner was logged: once a workbook, not once a sheet.
    pub cut_logged: Cell<bool>,
}

impl PageHeader {
    /// The header text: the owner on the left (cut to keep within Excel's limit), the
    /// sheet's name in the centre, the month and edition on the right; and, when the
    /// owner was cut, how many of its characters were kept.
    pub fn text(&self) -> (String, Option<usize>) {
        // The title first, at most 40 characters: the header has little room.
        let mut right = self
            .title
            .as_deref()
            .map(|t| {
                let short: String = t.chars().take(40).collect();
                format!("{short}　")
            })
            .unwrap_or_default();
        right.push_str(&format!("{}分", self.period));
        if let Some(e) = &self.edition {
            right.push('　');
            right.push_str(e);
        }
        let right = escape(&right);
        fit_left(&self.owner, |left| format!("&L{left}&C&A&R{right}"))
    }
}

/// The footer: the file name, page x / y, the day it was printed.
pub const FOOTER: &str = "&L&F&C&P / &N ページ&R印刷日 &D";

/// `&` doubled, as a header reads it.
fn escape(s: &str) -> String {
    s.replace('&', "&&")
}

/// `make(left)` with `left` escaped and, when the whole would pass [`MAX_SHORT_TEXT`]
/// UTF-16 units (rust_xlsxwriter drops a longer header), cut to fit and ended in
/// [`CUT_MARK`]; with the number of characters kept when cut.
fn fit_left(left: &str, make: impl Fn(&str) -> String) -> (String, Option<usize>) {
    let whole = make(&escape(left));
    if whole.encode_utf16().count() <= MAX_SHORT_TEXT {
        return (whole, None);
    }
    let room = MAX_SHORT_TEXT
        .saturating_sub(make("").encode_utf16().count() + CUT_MARK.encode_utf16().count());
    let mut used = 0;
    let mut kept = String::new();
    for c in left.chars() {
        // Each `&` takes two units once escaped.
        used += if c == '&' { 2 } else { c.len_utf16() };
        if used > room {
            break;
        }
        kept.push(c);
    }
    let chars = kept.chars().count();
    (make(&format!("{}{CUT_MARK}", escape(&kept))), Some(chars))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_keep_to_excels_limit() {
        let page = |owner: &str, edition: Option<&str>| PageHeader {
            owner: owner.to_string(),
            period: "令和6年9月".to_string(),
            edition: edition.map(str::to_string),
            ..PageHeader::default()
        };
        assert_eq!(
            page("A&B", Some("令和5年2月改定版")).text(),
            (
                "&LA&&B&C&A&R令和6年9月分　令和5年2月改定版".to_string(),
                None
            )
        );
        assert_eq!(
            page("全体集計", None).text().0,
            "&L全体集計&C&A&R令和6年9月分"
        );
        for owner in ["課".repeat(300), "&".repeat(300), "𠮷".repeat(200)] {
            let (h, kept) = page(&owner, Some("令和5年2月改定版")).text();
            assert!(h.encode_utf16().count() <= MAX_SHORT_TEXT, "{h}");
            assert!(h.contains(CUT_MARK) && h.ends_with("令和5年2月改定版"));
            assert!(kept.is_some_and(|k| k > 50 && k < 250), "{kept:?}");
        }
        assert!(FOOTER.contains("&P") && FOOTER.contains("&N") && FOOTER.contains("&F"));
    }
}
