//! Word documents (`.docx`): the body of `word/document.xml` as paragraphs and tables.
//! Cells merged across columns (`w:gridSpan`) are one cell with a span; cells merged down
//! rows (`w:vMerge`) keep their text in the first row; line breaks inside a cell are kept
//! as separate lines; list paragraphs get their number as Word renders it
//! (`word/numbering.xml`). Every part is inflated within `[limits] max_unzipped_mb`.

use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::{Block, Cell, Document, DocumentError, Paragraph, Table, join_cell_lines};
use crate::config::Limits;

mod numbering;

use numbering::Numbering;

const BODY: &str = "word/document.xml";
const NUMBERING: &str = "word/numbering.xml";

/// Reads a `.docx` file's bytes.
pub fn read(bytes: &[u8], limits: &Limits) -> Result<Document, DocumentError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))?;
    let mut budget = limits.max_unzipped_bytes;
    let numbering = match member(&mut zip, NUMBERING, &mut budget, limits) {
        Ok(xml) => Numbering::parse(&xml),
        Err(DocumentError::NoBody(_)) => Numbering::default(),
        Err(e) => return Err(e),
    };
    let body = member(&mut zip, BODY, &mut budget, limits)?;
    Body::new(numbering).read(&body)
}

/// A zip member's bytes, inflated within what is left of the budget.
fn member(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &'static str,
    budget: &mut u64,
    limits: &Limits,
) -> Result<Vec<u8>, DocumentError> {
    let file = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Err(DocumentError::NoBody(name)),
        Err(e) => return Err(e.into()),
    };
    let mut out = Vec::new();
    file.take(*budget + 1).read_to_end(&mut out)?;
    if out.len() as u64 > *budget {
        return Err(DocumentError::Inflates {
            member: name.to_string(),
            limit: limits.max_unzipped_bytes,
        });
    }
    *budget -= out.len() as u64;
    Ok(out)
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
}

/// The state of the body walk.
struct Body {
    numbering: Numbering,
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
}

impl Body {
    fn new(numbering: Numbering) -> Self {
        Body {
            numbering,
            blocks: Vec::new(),
            tables: Vec::new(),
            text: String::new(),
            in_text: false,
            skip_depth: 0,
            num: None,
        }
    }

    fn read(mut self, xml: &[u8]) -> Result<Document, DocumentError> {
        let mut reader = Reader::from_reader(xml);
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
            buf.clear();
        }
        Ok(Document {
            blocks: self.blocks,
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
            }
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
                    let lines = if t.continued {
                        Vec::new()
                    } else {
                        join_cell_lines(&t.lines)
                    };
                    t.row.push(Cell {
                        lines,
                        span: t.span,
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
        if let Some((id, lvl)) = self.num.take()
            && let Some(label) = self.numbering.next_label(&id, lvl)
        {
            text = format!("{label}{text}");
        }
        if let Some(t) = self.tables.last_mut() {
            t.lines
                .extend(text.split('\n').map(|l| (l.to_string(), false)));
            return;
        }
        // A tab stop is kept (a table of contents' leader); line breaks are new lines.
        for line in text.split('\n') {
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
            // A table inside a cell: its rows are lines of that cell.
            for row in table.rows {
                let line: Vec<String> = row.iter().map(Cell::text).collect();
                outer.lines.push((line.join(" "), false));
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
