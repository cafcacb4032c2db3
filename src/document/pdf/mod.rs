//! PDF plans: every glyph with its position and the ruling lines of each page, from
//! `pdf_extract::output_doc` (which decodes the fonts' ToUnicode maps and embedded CID
//! fonts), then [`layout`] rebuilds paragraphs and table cells from them.
//!
//! [`guard`] bounds the file before `pdf_extract` and lopdf decode any of it: the bytes
//! all streams inflate to, the number of objects and pages, loops in the page tree and in
//! the forms a page draws (which a recursive reader would follow forever). [`info`] gives
//! the document's own title.

mod continued;
mod guard;
mod info;
mod layout;

use pdf_extract::{ColorSpace, MediaBox, OutputDev, OutputError, Path, PathOp, Transform};
use unicode_width::UnicodeWidthStr;

use super::{Document, DocumentError};
use crate::config::Limits;

/// A glyph: its text, the left end of its baseline (PDF space: y grows upwards), its
/// advance and its size.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    pub text: String,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub size: f64,
}

/// A ruling line: horizontal when `y0 == y1` (within the tolerance), vertical when
/// `x0 == x1`; thin filled rectangles count as lines.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

/// What one page holds.
#[derive(Debug, Clone, Default)]
pub struct Page {
    pub no: u32,
    pub height: f64,
    pub glyphs: Vec<Glyph>,
    pub rules: Vec<Rule>,
}

/// Reads a PDF's bytes.
pub fn read(bytes: &[u8], limits: &Limits) -> Result<Document, DocumentError> {
    guard::check_streams(bytes, limits)?;
    let doc = pdf_extract::Document::load_mem(bytes)?;
    guard::check_structure(&doc, limits)?;
    let mut collector = Collector::default();
    pdf_extract::output_doc(&doc, &mut collector)?;
    if collector.pages.iter().all(|p| p.glyphs.is_empty()) {
        return Err(DocumentError::NoTextLayer);
    }
    let mut read = layout::document(&collector.pages);
    read.title = info::title(&doc);
    Ok(read)
}

/// Collects the glyphs and rules of each page.
#[derive(Default)]
struct Collector {
    pages: Vec<Page>,
}

impl Collector {
    fn page(&mut self) -> Option<&mut Page> {
        self.pages.last_mut()
    }

    fn rules(&mut self, ctm: &Transform, path: &Path) {
        let at = |x: f64, y: f64| {
            (
                x * ctm.m11 + y * ctm.m21 + ctm.m31,
                x * ctm.m12 + y * ctm.m22 + ctm.m32,
            )
        };
        let mut rules = Vec::new();
        let mut current = (0.0, 0.0);
        let mut start = (0.0, 0.0);
        for op in &path.ops {
            match *op {
                PathOp::MoveTo(x, y) => {
                    current = at(x, y);
                    start = current;
                }
                PathOp::LineTo(x, y) => {
                    let next = at(x, y);
                    rules.push(rule(current, next));
                    current = next;
                }
                PathOp::Rect(x, y, w, h) => {
                    let (a, b) = (at(x, y), at(x + w, y + h));
                    rules.extend(rect_rules(a, b));
                }
                PathOp::Close => {
                    rules.push(rule(current, start));
                    current = start;
                }
                PathOp::CurveTo(_, _, _, _, x, y) => current = at(x, y),
            }
        }
        if let Some(page) = self.page() {
            page.rules.extend(rules.into_iter().filter(is_straight));
        }
    }
}

fn rule(a: (f64, f64), b: (f64, f64)) -> Rule {
    Rule {
        x0: a.0.min(b.0),
        y0: a.1.min(b.1),
        x1: a.0.max(b.0),
        y1: a.1.max(b.1),
    }
}

/// A rectangle: a thin one is a line, a larger one its four sides.
fn rect_rules(a: (f64, f64), b: (f64, f64)) -> Vec<Rule> {
    let r = rule(a, b);
    let (w, h) = (r.x1 - r.x0, r.y1 - r.y0);
    if h <= layout::THIN {
        let y = (r.y0 + r.y1) / 2.0;
        return vec![rule((r.x0, y), (r.x1, y))];
    }
    if w <= layout::THIN {
        let x = (r.x0 + r.x1) / 2.0;
        return vec![rule((x, r.y0), (x, r.y1))];
    }
    vec![
        rule((r.x0, r.y0), (r.x1, r.y0)),
        rule((r.x0, r.y1), (r.x1, r.y1)),
        rule((r.x0, r.y0), (r.x0, r.y1)),
        rule((r.x1, r.y0), (r.x1, r.y1)),
    ]
}

/// How far a glyph reaches along its line. The width its font gives is taken when it is
/// one a glyph can have. Some fonts' widths do not reach the reader: pdf_extract misreads
/// the range form of a CID font's `W` array (「198 221 500」, as Skia writes it), and
/// widths of 0 and of twice the size come out. The glyph then takes the usual width of
/// its kind, a full em for a wide character and half of one otherwise, so that no space
/// is read into 「第1章」 where there is none.
fn advance(text: &str, width: f64, size: f64) -> f64 {
    if (size * 0.15..=size * 1.5).contains(&width) {
        return width;
    }
    if UnicodeWidthStr::width(text) >= 2 {
        size
    } else {
        size * 0.5
    }
}

fn is_straight(r: &Rule) -> bool {
    (r.y1 - r.y0 <= layout::THIN) != (r.x1 - r.x0 <= layout::THIN)
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        page_num: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.pages.push(Page {
            no: page_num,
            height: media_box.ury - media_box.lly,
            ..Page::default()
        });
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        char: &str,
    ) -> Result<(), OutputError> {
        let scale = (trm.m11 * trm.m22 - trm.m12 * trm.m21).abs().sqrt();
        let size = font_size * scale;
        if let Some(page) = self.page()
            && size.is_finite()
            && trm.m31.is_finite()
            && trm.m32.is_finite()
        {
            page.glyphs.push(Glyph {
                text: char.to_string(),
                x: trm.m31,
                y: trm.m32,
                width: advance(char, width * size, size),
                size,
            });
        }
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn stroke(
        &mut self,
        ctm: &Transform,
        _colorspace: &ColorSpace,
        _color: &[f64],
        path: &Path,
    ) -> Result<(), OutputError> {
        self.rules(ctm, path);
        Ok(())
    }

    fn fill(
        &mut self,
        ctm: &Transform,
        _colorspace: &ColorSpace,
        _color: &[f64],
        path: &Path,
    ) -> Result<(), OutputError> {
        self.rules(ctm, path);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::advance;

    #[test]
    fn a_width_no_glyph_can_have_is_the_usual_width_of_its_kind() {
        assert_eq!(advance("1", 5.5, 10.0), 5.5);
        assert_eq!(advance("章", 9.8, 10.0), 9.8);
        assert_eq!(advance("1", 0.0, 10.0), 5.0);
        assert_eq!(advance("章", 20.5, 10.0), 10.0);
        assert_eq!(advance("Ｒ", 0.0, 10.0), 10.0);
    }
}
