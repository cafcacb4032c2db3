//! The PDF's own title: the document information dictionary's `/Title` (what Word and
//! LibreOffice copy from the document's properties), else the `dc:title` of its XMP
//! metadata. What cannot be read gives no title.

use pdf_extract::{Document, Object};

/// Characters of a title kept: a longer one is no title a page header could show.
const MAX_TITLE_CHARS: usize = 200;

/// The document's title, trimmed; `None` when it has none, it is empty or too long.
pub fn title(doc: &Document) -> Option<String> {
    let text = info_title(doc).or_else(|| xmp_title(doc))?;
    let text = text.trim_matches(|c: char| c.is_whitespace() || c == '\0');
    (!text.is_empty() && text.chars().count() <= MAX_TITLE_CHARS).then(|| text.to_string())
}

/// An object, or the object a reference names.
fn resolve<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Object> {
    match o {
        Object::Reference(id) => doc.get_object(*id).ok(),
        o => Some(o),
    }
}

/// `/Title` of the trailer's `/Info`, decoded (UTF-16 with its byte-order mark, UTF-8
/// with its mark, or PDFDocEncoding).
fn info_title(doc: &Document) -> Option<String> {
    let info = resolve(doc, doc.trailer.get(b"Info").ok()?)?;
    let title = resolve(doc, info.as_dict().ok()?.get(b"Title").ok()?)?;
    pdf_extract::decode_text_string(title).ok()
}

/// The first `rdf:li` of `dc:title` in the catalog's `/Metadata` stream (already bounded
/// by the guard like every stream).
fn xmp_title(doc: &Document) -> Option<String> {
    let meta = resolve(doc, doc.catalog().ok()?.get(b"Metadata").ok()?)?;
    let stream = meta.as_stream().ok()?;
    let bytes = stream
        .decompressed_content()
        .unwrap_or_else(|_| stream.content.clone());
    let xml = String::from_utf8_lossy(&bytes);
    let block = &xml[xml.find("<dc:title")?..];
    let block = &block[..block.find("</dc:title>")?];
    let li = &block[block.find("<rdf:li")?..];
    let text = &li[li.find('>')? + 1..];
    let text = &text[..text.find("</rdf:li>")?];
    Some(unescape(text))
}

/// The five XML entities (XMP writers escape nothing else in a title).
fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}
