//! Plans as documents: a Word file (`.docx`) or a PDF -> text blocks and tables in reading
//! order ([`Document`]), and those blocks -> plan text in the form the plan text parser
//! reads (one line per paragraph, table rows as tab-separated cells).
//!
//! [`docx`] reads the document part of a Word file (paragraphs, tables with merged cells
//! and line breaks, list numbers as Word renders them); [`pdf`] reads each glyph with its
//! position and the ruling lines of the pages, and rebuilds paragraphs and table cells
//! from them. [`render`] leaves out what is not the plan's body: a table of contents, page
//! numbers, the running header and footer, the overview (体系) table.
//!
//! Documents are hostile input like spreadsheets: the file size, the bytes a zip member
//! or a PDF stream inflates to, the objects and pages of a PDF are bounded by `[limits]`
//! before anything is decoded.

mod docx;
mod pdf;
pub(crate) mod render;

use std::path::Path;

use crate::config::Limits;

/// A plan document's content in reading order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    pub blocks: Vec<Block>,
    /// The title the file's properties give (Word's `dc:title`, a PDF's `/Title`), as
    /// written; `None` when there is none. Whether it names the plan is the plan
    /// reader's choice (it may be a template's or a file name).
    pub title: Option<String>,
    /// The first line of text as printed on the first page, kept even when it is left out
    /// of the blocks (a cover title that every page repeats as its running header).
    pub cover: Option<String>,
}

/// A paragraph or a table.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Paragraph(Paragraph),
    Table(Table),
}

/// One paragraph's text (a wrapped paragraph is one text).
#[derive(Debug, Clone, PartialEq)]
pub struct Paragraph {
    pub text: String,
    /// The page it starts on (1-based); 0 when the format has no pages (Word).
    pub page: u32,
}

/// A table: rows of cells on a column grid.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    pub rows: Vec<Vec<Cell>>,
    /// The page it starts on; 0 for Word.
    pub page: u32,
}

/// A table cell. A cell spanning columns is one cell with `span` > 1; a cell spanning
/// rows is kept in its first row, the rows below hold an empty cell in its place.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cell {
    /// The cell's lines as written: one per explicit line break or paragraph, a line
    /// wrapped by the layout joined into one (see [`join_cell_lines`]).
    pub lines: Vec<String>,
    /// Grid columns it covers (1 for a plain cell).
    pub span: usize,
    /// A table set inside the cell (a 個票's year table in its 工程表 cell): its rows of
    /// cell texts; empty when there is none. Its rows are also among `lines`, each row's
    /// cells joined by a space, for readers that take the cell as text.
    pub nested: Vec<Vec<String>>,
}

impl Cell {
    /// The cell's text on one line: its lines joined by a space.
    pub fn text(&self) -> String {
        self.lines.join(" ")
    }

    /// Whether the cell holds no text.
    pub fn is_empty(&self) -> bool {
        self.lines.iter().all(|l| l.trim().is_empty())
    }
}

/// Why a document could not be read.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    #[error("ファイルを開けません: {0}")]
    Io(#[from] std::io::Error),
    #[error(
        "ファイルが大きすぎます（{size} バイト、上限 {limit} バイト）。設定ファイルの [limits] max_file_mb で上限を変えられます"
    )]
    TooLarge { size: u64, limit: u64 },
    #[error(
        "古い Word 形式（.doc）は読めません。Word で開き、「名前を付けて保存」で .docx で保存し直してください"
    )]
    LegacyWord,
    #[error(
        "Word ファイル（.docx）として開けません。ファイルが壊れていないか確認してください（{0}）"
    )]
    Zip(#[from] zip::result::ZipError),
    #[error("Word ファイルに本文（{0}）がありません。.docx で保存し直してください")]
    NoBody(&'static str),
    #[error(
        "{member} を展開すると上限（[limits] max_unzipped_mb、{limit} バイト）を超えるため読んでいません"
    )]
    Inflates { member: String, limit: u64 },
    #[error(
        "Word の本文の文字数が上限（[limits] max_text_chars、{limit} 文字）を超えるため読んでいません"
    )]
    TooMuchText { limit: usize },
    #[error(
        "{member} に、区切りのない長い文字の並び（{limit} バイト超）があるため読んでいません。Word で保存し直した .docx か確認してください"
    )]
    LongRun { member: String, limit: u64 },
    #[error(
        "Word の本文の段落と表のセルの数が上限（[limits] max_cells、{limit} 個）を超えるため読んでいません"
    )]
    TooManyParts { limit: usize },
    #[error("Word の本文の XML が読めません（{0}）")]
    Xml(#[from] quick_xml::Error),
    #[error("PDF として読めません。ファイルが壊れていないか確認してください（{0}）")]
    Pdf(#[from] pdf_extract::Error),
    #[error("PDF の文字を取り出せません（{0}）")]
    PdfText(#[from] pdf_extract::OutputError),
    #[error("PDF の構造が壊れているため読んでいません: {message}")]
    PdfStructure { location: String, message: String },
    #[error(
        "PDF のページ数（{pages} ページ以上）が上限（[limits] max_pages、{limit} ページ）を超えるため読んでいません"
    )]
    TooManyPages { pages: usize, limit: usize },
    #[error(
        "PDF のオブジェクト数（{objects}）が上限（{limit}）を超えるため読んでいません。計画の PDF か確認してください"
    )]
    TooManyObjects { objects: usize, limit: usize },
    #[error(
        "PDF を読み取る途中で異常が起きたため読んでいません。ファイルが壊れていないか確認してください（{0}）"
    )]
    ReaderPanic(#[from] crate::isolate::Panicked),
    #[error(
        "PDF に文字の情報がありません（スキャンした画像の PDF です）。OCR で文字を読み取れるようにした PDF か、元の Word ファイル・テキストを置いてください"
    )]
    NoTextLayer,
}

impl DocumentError {
    /// Where in the file the problem lies, when the error knows it.
    pub fn location(&self) -> String {
        match self {
            DocumentError::Inflates { member, .. } | DocumentError::LongRun { member, .. } => {
                member.clone()
            }
            DocumentError::NoBody(part) => (*part).to_string(),
            DocumentError::TooMuchText { .. } | DocumentError::TooManyParts { .. } => {
                docx::BODY.to_string()
            }
            DocumentError::PdfStructure { location, .. } => location.clone(),
            DocumentError::TooManyPages { pages, .. } => format!("{pages} ページ目"),
            DocumentError::TooManyObjects { objects, .. } => format!("オブジェクト {objects} 個目"),
            DocumentError::NoTextLayer => "1 ページ目から".to_string(),
            _ => String::new(),
        }
    }
}

/// Whether a file is a document format read by [`read_document`] (or refused with a
/// clear message, `.doc`), by its extension.
pub fn is_document(path: &Path) -> bool {
    matches!(
        crate::files::extension(path).as_str(),
        "pdf" | "docx" | "doc"
    )
}

/// Reads a Word document or a PDF, by its extension.
///
/// # Errors
/// [`DocumentError`] when the file is too large, damaged, past a limit, a `.doc`, or a
/// PDF without a text layer.
pub fn read_document(path: &Path, limits: &Limits) -> Result<Document, DocumentError> {
    let ext = crate::files::extension(path);
    if ext == "doc" {
        return Err(DocumentError::LegacyWord);
    }
    let size = std::fs::metadata(path)?.len();
    if size > limits.max_file_bytes {
        return Err(DocumentError::TooLarge {
            size,
            limit: limits.max_file_bytes,
        });
    }
    let bytes = std::fs::read(path)?;
    if ext == "pdf" {
        // The PDF reader unwraps on some malformed files: a panic is this file's error.
        crate::isolate::isolated(|| pdf::read(&bytes, limits))?
    } else {
        docx::read(&bytes, limits)
    }
}

impl Document {
    /// The document as plan text: paragraphs as lines, table rows as tab-separated cells
    /// (each cell as `write_cell` writes it, a cell spanning columns followed by empty
    /// cells), and what is not the plan's body left out ([`render`]).
    pub fn plan_text(&self, write_cell: render::CellWriter) -> String {
        render::plan_text(self, write_cell)
    }
}

/// The lines of a table cell from its pieces `(text, wrapped)`: a piece that the layout
/// wrapped runs on from the one before (Latin words set apart by a space), any other
/// piece (an explicit break, such as 部 over 課) starts a line. Empty pieces are dropped.
pub(crate) fn join_cell_lines(pieces: &[(String, bool)]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (piece, wrapped) in pieces {
        let piece = piece.trim();
        if piece.is_empty() {
            continue;
        }
        match out.last_mut() {
            Some(line) if *wrapped => {
                if line.ends_with(|c: char| c.is_ascii_alphanumeric())
                    && piece.starts_with(|c: char| c.is_ascii_alphanumeric())
                {
                    line.push(' ');
                }
                line.push_str(piece);
            }
            _ => out.push(piece.to_string()),
        }
    }
    out
}

#[cfg(test)]
mod tests;
