//! Paragraph styles that number their paragraphs (`word/styles.xml`): a heading style such
//! as 見出し 1 often carries the list (`w:numPr`) that renders 「第1章」 or 「【1】」, so a
//! paragraph of that style is numbered though its own properties name no list. A style
//! takes what it does not set from the style it is based on (`w:basedOn`).

use std::collections::HashMap;
use std::io::BufRead;

use quick_xml::Reader;
use quick_xml::events::Event;

use super::attr;

/// Styles followed through `w:basedOn` before giving up (a loop of styles ends there).
const MAX_BASED_ON: usize = 16;

/// What a style says about numbering.
#[derive(Debug, Clone, Default)]
struct StyleNumbering {
    num_id: Option<String>,
    ilvl: Option<usize>,
    based_on: Option<String>,
}

/// The numbering of each paragraph style.
#[derive(Debug, Default)]
pub struct Styles {
    styles: HashMap<String, StyleNumbering>,
}

impl Styles {
    /// Reads `styles.xml`; what cannot be read numbers nothing.
    pub fn parse(reader: &mut Reader<impl BufRead>) -> Self {
        let mut styles = HashMap::new();
        let mut current: Option<(String, StyleNumbering)> = None;
        let mut buf = Vec::new();
        while let Ok(event) = reader.read_event_into(&mut buf) {
            match event {
                Event::Eof => break,
                Event::Start(ref e) | Event::Empty(ref e) => {
                    let name = e.local_name();
                    match (name.into_inner(), current.as_mut()) {
                        ("style", _) => {
                            current = attr(e, "styleId").map(|id| (id, StyleNumbering::default()));
                        }
                        ("basedOn", Some((_, s))) => s.based_on = attr(e, "val"),
                        ("numId", Some((_, s))) => s.num_id = attr(e, "val"),
                        ("ilvl", Some((_, s))) => {
                            s.ilvl = attr(e, "val").and_then(|v| v.parse().ok());
                        }
                        _ => {}
                    }
                }
                Event::End(ref e) if e.local_name().into_inner() == "style" => {
                    if let Some((id, s)) = current.take() {
                        styles.insert(id, s);
                    }
                }
                _ => {}
            }
            buf.clear();
        }
        Styles { styles }
    }

    /// The list and level that style `id` numbers its paragraphs with, if any (`numId` 0
    /// takes the numbering away).
    pub fn numbering(&self, id: &str) -> Option<(String, usize)> {
        let mut num_id: Option<&String> = None;
        let mut ilvl: Option<usize> = None;
        let mut style = self.styles.get(id);
        for _ in 0..MAX_BASED_ON {
            let Some(s) = style else { break };
            num_id = num_id.or(s.num_id.as_ref());
            ilvl = ilvl.or(s.ilvl);
            style = s.based_on.as_ref().and_then(|b| self.styles.get(b));
        }
        num_id
            .filter(|n| n.as_str() != "0")
            .map(|n| (n.clone(), ilvl.unwrap_or(0)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_heading_style_numbers_its_paragraphs_through_its_base() {
        let xml = r#"<w:styles xmlns:w="x">
<w:style w:type="paragraph" w:styleId="Heading1"><w:pPr><w:numPr><w:numId w:val="3"/></w:numPr></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:basedOn w:val="Heading1"/><w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Plain"><w:pPr><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="A"><w:basedOn w:val="B"/></w:style>
<w:style w:type="paragraph" w:styleId="B"><w:basedOn w:val="A"/></w:style>
</w:styles>"#;
        let styles = Styles::parse(&mut Reader::from_reader(xml.as_bytes()));
        assert_eq!(styles.numbering("Heading1"), Some(("3".to_string(), 0)));
        assert_eq!(styles.numbering("Heading2"), Some(("3".to_string(), 1)));
        assert_eq!(styles.numbering("Plain"), None);
        assert_eq!(styles.numbering("A"), None);
        assert_eq!(styles.numbering("Missing"), None);
    }
}
