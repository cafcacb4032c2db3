//! Word documents (`.docx`): the body of `word/document.xml` as paragraphs and tables.
//! Cells merged across columns (`w:gridSpan`) are one cell with a span; cells merged down
//! rows (`w:vMerge`) keep their text in the first row; line breaks inside a cell are kept
//! as separate lines; list paragraphs get their number as Word renders it
//! (`word/numbering.xml`), also when their style numbers them (`word/styles.xml`); the
//! document's title from its properties (`docProps/core.xml`). Every part is inflated
//! within `[limits] max_unzipped_mb`.

use std::io::{BufRead, BufReader, Cursor, Read, Take};

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::{Block, Cell, Document, DocumentError, Paragraph, Table, join_cell_lines};
use crate::config::Limits;

mod core;
mod numbering;
mod styles;

use numbering::Numbering;
use styles::Styles;

/// The part that holds the body.
pub(super) const BODY: &str = "word/document.xml";
const NUMBERING: &str = "word/numbering.xml";
const STYLES: &str = "word/styles.xml";
/// The document's properties (its title).
const CORE: &str = "docProps/core.xml";

/// Reads a `.docx` file's bytes.
pub fn read(bytes: &[u8], limits: &Limits) -> Result<Document, DocumentError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))?;
    let mut budget = limits.max_unzipped_bytes;
    let numbering = match parse_member(&mut zip, NUMBERING, &mut budget, limits, |r| {
        Ok(Numbering::parse(r))
    }) {
        Ok(n) => n,
        Err(DocumentError::NoBody(_)) => Numbering::default(),
        Err(e) => return Err(e),
    };
    let styles = match parse_member(&mut zip, STYLES, &mut budget, limits, |r| {
        Ok(Styles::parse(r))
    }) {
        Ok(s) => s,
        Err(DocumentError::NoBody(_)) => Styles::default(),
        Err(e) => return Err(e),
    };
    let title = match parse_member(&mut zip, CORE, &mut budget, limits, |r| Ok(core::title(r))) {
        Ok(t) => t,
        Err(DocumentError::NoBody(_)) => None,
        Err(e) => return Err(e),
    };
    let mut doc = parse_member(&mut zip, BODY, &mut budget, limits, |r| {
        Body::new(numbering, styles, limits).read(r)
    })?;
    doc.title = title;
    Ok(doc)
}

/// A zip member's XML as it inflates, bounded by what is left of the budget.
type XmlReader<'a> = Reader<BufReader<Bounded<'a>>>;

/// Longest run of bytes without a `<` in a Word part. The XML reader holds a text or a tag
/// whole, so a part of nothing but spaces would be held whole: Word writes text in short
/// runs (`w:t`), and a run this long is no Word document.
const MAX_RUN: u64 = 4 * 1024 * 1024;

/// An inflating member, stopped at the end of the budget (`take(budget + 1)`) or at a run
/// of [`MAX_RUN`] bytes without markup.
struct Bounded<'a> {
    inner: Take<Box<dyn Read + 'a>>,
    run: u64,
    too_long: bool,
}

impl Read for Bounded<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.too_long {
            return Ok(0);
        }
        let n = self.inner.read(buf)?;
        for &b in &buf[..n] {
            self.run = if b == b'<' { 0 } else { self.run + 1 };
        }
        if self.run > MAX_RUN {
            self.too_long = true;
            return Ok(0);
        }
        Ok(n)
    }
}

/// Parses a zip member as it inflates, never holding it whole: a member that reaches the
/// end of its budget is refused whatever the parser made of it (declared sizes are not
/// trusted), and so is one with a run of text or a tag past [`MAX_RUN`].
fn parse_member<T>(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &'static str,
    budget: &mut u64,
    limits: &Limits,
    parse: impl FnOnce(&mut XmlReader) -> Result<T, DocumentError>,
) -> Result<T, DocumentError> {
    let file: Box<dyn Read> = match zip.by_name(name) {
        Ok(f) => Box::new(f),
        Err(zip::result::ZipError::FileNotFound) => return Err(DocumentError::NoBody(name)),
        Err(e) => return Err(e.into()),
    };
    let bounded = Bounded {
        inner: file.take(*budget + 1),
        run: 0,
        too_long: false,
    };
    let mut reader = Reader::from_reader(BufReader::new(bounded));
    let parsed = parse(&mut reader);
    let stopped = reader.get_ref().get_ref();
    let left = stopped.inner.limit();
    if left == 0 {
        return Err(DocumentError::Inflates {
            member: name.to_string(),
            limit: limits.max_unzipped_bytes,
        });
    }
    if stopped.too_long {
        return Err(DocumentError::LongRun {
            member: name.to_string(),
            limit: MAX_RUN,
        });
    }
    *budget = left - 1;
    parsed
}

/// A table being read, with the cell being read.
#[derive(Default)]
struct TableDraft {
    rows: Vec<Vec<Cell>>,
    row: Vec<Cell>,
    /// The lines of the cell being read.
    lines: Vec<(String, bool)>,
    span: usize,
    /// `w:vMerge` without `restart`: the cell continues the one above.
    continued: bool,
    /// The rows of a table inside the cell being read.
    nested: Vec<Vec<String>>,
}

/// The state of the body walk.
struct Body {
    numbering: Numbering,
    styles: Styles,
    blocks: Vec<Block>,
    /// Open tables, innermost last.
    tables: Vec<TableDraft>,
    /// The paragraph being read (lines split at explicit breaks).
    text: String,
    in_text: bool,
    /// Inside content Word keeps twice (`mc:Fallback`) or that is not text (field code,
    /// deleted text): skipped to its end.
    skip_depth: usize,
    num: Option<(String, usize)>,
    /// The paragraph's style (`w:pStyle`), which may number it.
    style: Option<String>,
    /// Characters of text read so far, and how many may be (`[limits] max_text_chars`).
    chars: usize,
    max_chars: usize,
    /// Paragraph lines and grid cells (a cell spanning columns counts each) kept so far,
    /// and how many may be (`[limits] max_cells`).
    parts: usize,
    max_parts: usize,
}

impl Body {
    fn new(numbering: Numbering, styles: Styles, limits: &Limits) -> Self {
        Body {
            numbering,
            styles,
            blocks: Vec::new(),
            tables: Vec::new(),
            text: String::new(),
            in_text: false,
            skip_depth: 0,
            num: None,
            style: None,
            chars: 0,
            max_chars: limits.max_text_chars,
            parts: 0,
            max_parts: limits.max_cells,
        }
    }

    fn read(mut self, reader: &mut Reader<impl BufRead>) -> Result<Document, DocumentError> {
        let mut buf = Vec::new();
        loop {
            let event = reader.read_event_into(&mut buf)?;
            match event {
                Event::Eof => break,
                Event::Start(ref e) => self.start(e, false),
                Event::Empty(ref e) => self.start(e, true),
                Event::End(ref e) => self.end(e.local_name().into_inner()),
                Event::Text(ref t) if self.in_text && self.skip_depth == 0 => {
                    let s = t.xml_content(XmlVersion::Implicit1_0);
                    self.chars += s.chars().count();
                    if self.chars > self.max_chars {
                        return Err(DocumentError::TooMuchText {
                            limit: self.max_chars,
                        });
                    }
                    self.text.push_str(&s);
                }
                Event::GeneralRef(ref r) if self.in_text && self.skip_depth == 0 => {
                    if let Ok(Some(c)) = r.resolve_char_ref() {
                        self.text.push(c);
                    } else if let Some(s) = quick_xml::escape::resolve_xml_entity(r.as_ref()) {
                        self.text.push_str(s);
                    }
                }
                _ => {}
            }
            if self.parts > self.max_parts {
                return Err(DocumentError::TooManyParts {
                    limit: self.max_parts,
                });
            }
            buf.clear();
        }
        let cover = self.blocks.iter().find_map(|b| match b {
            Block::Paragraph(p) if !p.text.trim().is_empty() => Some(p.text.trim().to_string()),
            _ => None,
        });
        Ok(Document {
            blocks: self.blocks,
            title: None,
            cover,
        })
    }

    fn start(&mut self, e: &BytesStart, empty: bool) {
        let name = e.local_name();
        let name = name.into_inner();
        if self.skip_depth > 0 {
            if !empty {
                self.skip_depth += 1;
            }
            return;
        }
        match name {
            "Fallback" | "instrText" | "delText" | "delInstrText" if !empty => {
                self.skip_depth = 1;
            }
            "p" => {
                self.text.clear();
                self.num = None;
                self.style = None;
            }
            "pStyle" => self.style = attr(e, "val"),
            "t" => self.in_text = !empty,
            // A tab stop of the paragraph's properties has a position; a tab in a run has
            // none.
            "tab" if attr(e, "pos").is_none() => self.text.push('\t'),
            // A page break is no line of the text.
            "br" | "cr" if attr(e, "type").as_deref() != Some("page") => self.text.push('\n'),
            "numId" => {
                let ilvl = self.num.as_ref().map_or(0, |n| n.1);
                self.num = attr(e, "val").map(|v| (v, ilvl));
            }
            "ilvl" => {
                let lvl = attr(e, "val").and_then(|v| v.parse().ok()).unwrap_or(0);
                let id = self.num.take().map(|n| n.0).unwrap_or_default();
                self.num = Some((id, lvl));
            }
            "tbl" => self.tables.push(TableDraft::default()),
            "tr" => {
                if let Some(t) = self.tables.last_mut() {
                    t.row.clear();
                }
            }
            "tc" => {
                if let Some(t) = self.tables.last_mut() {
                    t.lines.clear();
                    t.nested.clear();
                    t.span = 1;
                    t.continued = false;
                }
            }
            "gridSpan" => {
                let span = attr(e, "val").and_then(|v| v.parse().ok()).unwrap_or(1);
                if let Some(t) = self.tables.last_mut() {
                    t.span = usize::max(span, 1).min(512);
                }
            }
            "vMerge" => {
                let restart = attr(e, "val").as_deref() == Some("restart");
                if let Some(t) = self.tables.last_mut() {
                    t.continued = !restart;
                }
            }
            _ => {}
        }
        if empty && name == "p" {
            self.end("p");
        }
    }

    fn end(&mut self, name: &str) {
        if self.skip_depth > 0 {
            self.skip_depth -= 1;
            return;
        }
        match name {
            "t" => self.in_text = false,
            "p" => self.end_paragraph(),
            "tc" => {
                if let Some(t) = self.tables.last_mut() {
                    let (lines, nested) = if t.continued {
                        (Vec::new(), Vec::new())
                    } else {
                        (join_cell_lines(&t.lines), std::mem::take(&mut t.nested))
                    };
                    self.parts += t.span + lines.len();
                    t.row.push(Cell {
                        lines,
                        span: t.span,
                        nested,
                    });
                }
            }
            "tr" => {
                if let Some(t) = self.tables.last_mut() {
                    let row = std::mem::take(&mut t.row);
                    t.rows.push(row);
                }
            }
            "tbl" => self.end_table(),
            _ => {}
        }
    }

    fn end_paragraph(&mut self) {
        let mut text = std::mem::take(&mut self.text);
        let num = self
            .num
            .take()
            .or_else(|| self.style.take().and_then(|s| self.styles.numbering(&s)));
        if let Some((id, lvl)) = num
            && let Some(label) = self.numbering.next_label(&id, lvl)
        {
            text = format!("{label}{text}");
        }
        if let Some(t) = self.tables.last_mut() {
            t.lines
                .extend(text.split('\n').map(|l| (l.to_string(), false)));
            return;
        }
        // A tab stop is kept (a table of contents' leader); line breaks are new lines;
        // empty lines are no text of the plan.
        for line in text.split('\n').filter(|l| !l.trim().is_empty()) {
            self.parts += 1;
            self.blocks.push(Block::Paragraph(Paragraph {
                text: line.to_string(),
                page: 0,
            }));
        }
    }

    fn end_table(&mut self) {
        let Some(table) = self.tables.pop() else {
            return;
        };
        if let Some(outer) = self.tables.last_mut() {
            // A table inside a cell: its rows are lines of that cell, and kept as rows.
            for row in table.rows {
                let line: Vec<String> = row.iter().map(Cell::text).collect();
                outer.lines.push((line.join(" "), false));
                outer.nested.push(line);
            }
            return;
        }
        self.blocks.push(Block::Table(Table {
            rows: table.rows,
            page: 0,
        }));
    }
}

/// An attribute's value by its local name (`w:val` -> `val`).
fn attr(e: &BytesStart, key: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().into_inner() == key)
        .and_then(|a| {
            a.normalized_value(XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}
