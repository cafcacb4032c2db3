//! A horizontal bar chart, laid out for the page's inline SVG: each bar carries its label
//! and its number as text, so that neither colour nor length alone says anything, and the
//! chart has a text alternative (its title and a description listing every bar).

use serde::Serialize;

/// Width of the label column, in SVG units.
const LABEL_WIDTH: usize = 112;
/// Longest bar.
const BAR_WIDTH: usize = 260;
/// Room for the number after the longest bar.
const NUMBER_WIDTH: usize = 64;
/// Height of a row, and of a bar in it.
const ROW: usize = 30;
const BAR: usize = 20;

/// One bar of a chart: a label and how many items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Count {
    pub label: String,
    pub items: usize,
}

/// A chart as the template draws it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Chart {
    /// `status-chart`: its title's and description's ids derive from it.
    pub id: String,
    pub width: usize,
    pub height: usize,
    pub title: String,
    /// The chart said in words.
    pub description: String,
    pub bars: Vec<Bar>,
}

/// One bar: where its label, its rectangle (none when `width` is 0) and its number go.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bar {
    pub label: String,
    pub items: usize,
    pub label_x: usize,
    pub x: usize,
    pub y: usize,
    pub width: usize,
    pub height: usize,
    pub text_y: usize,
    pub number_x: usize,
}

/// `進捗状況別の項目数: 完了 3件、実施中 5件`: the chart said in words.
pub fn description(title: &str, counts: &[Count]) -> String {
    let bars: Vec<String> = counts
        .iter()
        .map(|c| format!("{} {}件", c.label, c.items))
        .collect();
    format!("{title}: {}", bars.join("、"))
}

/// The chart of `counts` titled `title`, bars in proportion to the largest count.
pub fn chart(id: &str, title: &str, counts: &[Count]) -> Chart {
    let most = counts.iter().map(|c| c.items).max().unwrap_or(0).max(1);
    let bars = counts
        .iter()
        .enumerate()
        .map(|(k, c)| {
            let y = 4 + k * ROW;
            let width = c.items * BAR_WIDTH / most;
            Bar {
                label: c.label.clone(),
                items: c.items,
                label_x: LABEL_WIDTH - 8,
                x: LABEL_WIDTH,
                y,
                width,
                height: BAR,
                text_y: y + BAR - 5,
                number_x: LABEL_WIDTH + width + 6,
            }
        })
        .collect();
    Chart {
        id: id.to_string(),
        width: LABEL_WIDTH + BAR_WIDTH + NUMBER_WIDTH,
        height: ROW * counts.len().max(1) + 8,
        title: title.to_string(),
        description: description(title, counts),
        bars,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_are_as_long_as_their_share_and_the_description_names_each() {
        let count = |label: &str, items| Count {
            label: label.into(),
            items,
        };
        let c = chart(
            "c",
            "進捗状況別の項目数",
            &[count("完了", 4), count("遅延", 2), count("未着手", 0)],
        );
        let widths: Vec<usize> = c.bars.iter().map(|b| b.width).collect();
        assert_eq!(widths, [BAR_WIDTH, BAR_WIDTH / 2, 0]);
        // Numbers follow their bars; rows do not overlap; the chart holds every row.
        assert_eq!(c.bars[1].number_x, LABEL_WIDTH + BAR_WIDTH / 2 + 6);
        assert!(c.bars[1].y >= c.bars[0].y + c.bars[0].height);
        assert!(c.height >= c.bars[2].y + c.bars[2].height);
        assert_eq!(
            c.description,
            "進捗状況別の項目数: 完了 4件、遅延 2件、未着手 0件"
        );
    }
}
