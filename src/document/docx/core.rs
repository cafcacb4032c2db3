//! The document's title as Word keeps it in the file's properties (`docProps/core.xml`,
//! `dc:title`: ファイル > 情報 > タイトル). What cannot be read gives no title.

use std::io::BufRead;

use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};

/// Characters of a title kept: a longer property is no title a page header could show.
const MAX_TITLE_CHARS: usize = 200;

/// The text of the first `dc:title`, trimmed; `None` when there is none, it is empty or
/// longer than [`MAX_TITLE_CHARS`].
pub fn title(reader: &mut Reader<impl BufRead>) -> Option<String> {
    let mut buf = Vec::new();
    let mut inside = false;
    let mut text = String::new();
    while let Ok(event) = reader.read_event_into(&mut buf) {
        match event {
            Event::Eof => break,
            Event::Start(ref e) if e.local_name().into_inner() == "title" => inside = true,
            Event::End(ref e) if inside && e.local_name().into_inner() == "title" => break,
            Event::Text(ref t) if inside => {
                text.push_str(&t.xml_content(XmlVersion::Implicit1_0));
            }
            Event::GeneralRef(ref r) if inside => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    text.push(c);
                } else if let Some(s) = quick_xml::escape::resolve_xml_entity(r.as_ref()) {
                    text.push_str(s);
                }
            }
            _ => {}
        }
        if text.chars().count() > MAX_TITLE_CHARS {
            return None;
        }
        buf.clear();
    }
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}
