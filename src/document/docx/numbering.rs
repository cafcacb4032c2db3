//! List numbers as Word renders them: `word/numbering.xml` gives, for each list, the
//! format of each level (`decimal`, `decimalFullWidth`, `decimalEnclosedCircle`,
//! `aiueoFullWidth`, `iroha`, …) and its text (`（%1）`); the paragraphs of a list are
//! counted in document order, a level restarting under a new number of the level above.

use std::collections::HashMap;

use std::io::BufRead;

use quick_xml::Reader;
use quick_xml::events::Event;

use super::attr;

/// One level of a list definition.
#[derive(Debug, Clone, Default)]
struct Level {
    format: String,
    text: String,
    start: u32,
}

/// The lists of a document and their counters.
#[derive(Debug, Default)]
pub struct Numbering {
    /// abstractNumId -> levels by ilvl.
    abstract_levels: HashMap<String, Vec<Level>>,
    /// numId -> abstractNumId.
    nums: HashMap<String, String>,
    /// numId -> the count of each level so far.
    counters: HashMap<String, Vec<u32>>,
}

impl Numbering {
    /// Reads `numbering.xml`; what cannot be read gives no numbers (the text stays).
    pub fn parse(reader: &mut Reader<impl BufRead>) -> Self {
        let mut n = Numbering::default();
        let mut buf = Vec::new();
        let mut abstract_id: Option<String> = None;
        let mut num_id: Option<String> = None;
        let mut level: Option<(usize, Level)> = None;
        while let Ok(event) = reader.read_event_into(&mut buf) {
            match event {
                Event::Eof => break,
                Event::Start(ref e) | Event::Empty(ref e) => match e.local_name().into_inner() {
                    "abstractNum" => abstract_id = attr(e, "abstractNumId"),
                    "num" => num_id = attr(e, "numId"),
                    "abstractNumId" => {
                        if let (Some(id), Some(a)) = (num_id.clone(), attr(e, "val")) {
                            n.nums.insert(id, a);
                        }
                    }
                    "lvl" => {
                        let ilvl = attr(e, "ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
                        level = Some((usize::min(ilvl, 8), Level::default()));
                    }
                    "start" => set_level(&mut level, |l, v| l.start = v.parse().unwrap_or(1), e),
                    "numFmt" => set_level(&mut level, |l, v| l.format = v.to_string(), e),
                    "lvlText" => set_level(&mut level, |l, v| l.text = v.to_string(), e),
                    _ => {}
                },
                Event::End(ref e) if e.local_name().into_inner() == "lvl" => {
                    if let (Some(a), Some((ilvl, l))) = (abstract_id.as_ref(), level.take()) {
                        let levels = n.abstract_levels.entry(a.clone()).or_default();
                        if levels.len() <= ilvl {
                            levels.resize(ilvl + 1, Level::default());
                        }
                        levels[ilvl] = l;
                    }
                }
                _ => {}
            }
            buf.clear();
        }
        n
    }

    /// The label of the next paragraph of list `num_id` at level `ilvl`: `（２）`, `①`.
    pub fn next_label(&mut self, num_id: &str, ilvl: usize) -> Option<String> {
        let levels = self.abstract_levels.get(self.nums.get(num_id)?)?;
        let level = levels.get(ilvl)?;
        if level.format == "bullet" || level.format == "none" {
            return None;
        }
        let counters = self.counters.entry(num_id.to_string()).or_default();
        if counters.len() <= ilvl {
            counters.resize(ilvl + 1, 0);
        }
        counters.truncate(ilvl + 1);
        counters[ilvl] = if counters[ilvl] == 0 {
            level.start.max(1)
        } else {
            counters[ilvl] + 1
        };
        let mut label = level.text.clone();
        for (i, count) in counters.iter().enumerate() {
            let format = levels.get(i).map_or("decimal", |l| l.format.as_str());
            label = label.replace(&format!("%{}", i + 1), &format_number(*count, format));
        }
        Some(label)
    }
}

fn set_level(
    level: &mut Option<(usize, Level)>,
    set: impl FnOnce(&mut Level, &str),
    e: &quick_xml::events::BytesStart,
) {
    if let (Some((_, l)), Some(v)) = (level.as_mut(), attr(e, "val")) {
        set(l, &v);
    }
}

const AIUEO: &str =
    "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン";
const IROHA: &str = "イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセス";

/// A number in one of Word's formats.
fn format_number(n: u32, format: &str) -> String {
    let kana = |list: &str| {
        let chars: Vec<char> = list.chars().collect();
        let i = (n.max(1) as usize - 1) % chars.len();
        chars[i].to_string()
    };
    match format {
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c))
            .collect(),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32('①' as u32 + n - 1).map_or_else(|| n.to_string(), String::from)
        }
        "aiueoFullWidth" | "aiueo" => kana(AIUEO),
        "irohaFullWidth" | "iroha" => kana(IROHA),
        "upperRoman" => roman(n),
        "lowerRoman" => roman(n).to_lowercase(),
        "upperLetter" => kana("ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
        "lowerLetter" => kana("abcdefghijklmnopqrstuvwxyz"),
        _ => n.to_string(),
    }
}

fn roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for (v, r) in TABLE {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_render_in_words_formats() {
        assert_eq!(format_number(12, "decimalFullWidth"), "１２");
        assert_eq!(format_number(3, "decimalEnclosedCircle"), "③");
        assert_eq!(format_number(2, "aiueoFullWidth"), "イ");
        assert_eq!(format_number(2, "iroha"), "ロ");
        assert_eq!(format_number(4, "upperRoman"), "IV");
    }

    #[test]
    fn lists_count_and_restart_under_their_parent() {
        let xml = r#"<w:numbering xmlns:w="x">
<w:abstractNum w:abstractNumId="0">
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimalFullWidth"/><w:lvlText w:val="（%1）"/></w:lvl>
 <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="aiueoFullWidth"/><w:lvlText w:val="（%2）"/></w:lvl>
</w:abstractNum>
<w:num w:numId="5"><w:abstractNumId w:val="0"/></w:num>
</w:numbering>"#;
        let mut n = Numbering::parse(&mut Reader::from_reader(xml.as_bytes()));
        let labels: Vec<_> = [0, 1, 1, 0, 1]
            .iter()
            .map(|l| n.next_label("5", *l).unwrap())
            .collect();
        assert_eq!(labels, ["（１）", "（ア）", "（イ）", "（２）", "（ア）"]);
        assert_eq!(n.next_label("9", 0), None);
    }
}
