//! Japanese eras, fiscal years and reporting periods.
//!
//! A Japanese fiscal year (年度) runs from April to March: FY2024 = 令和6年度 =
//! 2024-04 .. 2025-03.

use std::fmt;
use std::str::FromStr;
use std::sync::LazyLock;

use regex::Regex;

use crate::decode::fold;

/// A reporting period: one calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    pub year: i32,
    pub month: u32,
}

impl Period {
    pub fn new(year: i32, month: u32) -> Option<Period> {
        ((1..=12).contains(&month) && (1900..=2200).contains(&year))
            .then_some(Period { year, month })
    }

    /// The fiscal year (western) the month belongs to.
    pub fn fiscal_year(self) -> i32 {
        if self.month >= 4 {
            self.year
        } else {
            self.year - 1
        }
    }

    /// `令和6年9月` (the era in force that month: 平成31年4月, 令和元年5月).
    pub fn japanese(self) -> String {
        let year = if self.year == 2019 && self.month < 5 {
            "平成31年".to_string()
        } else {
            era_year_label(self.year)
        };
        format!("{year}{}月", self.month)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for Period {
    type Err = String;

    /// Parses `YYYY-MM` (also `YYYY/MM`, `YYYYMM`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        static RE: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"^(\d{4})[-/]?(\d{1,2})$").expect("valid regex"));
        let folded = fold(s);
        let caps = RE.captures(&folded).ok_or_else(|| {
            format!("期間「{s}」は YYYY-MM の形式で指定してください（例: 2024-09）")
        })?;
        let year: i32 = caps[1]
            .parse()
            .map_err(|_| format!("期間「{s}」の年が読めません"))?;
        let month: u32 = caps[2]
            .parse()
            .map_err(|_| format!("期間「{s}」の月が読めません"))?;
        Period::new(year, month)
            .ok_or_else(|| format!("期間「{s}」の月は 1〜12 で指定してください"))
    }
}

/// `令和6年` style label of a western year (the era in force on 1 April of that year,
/// which is how fiscal years are named).
pub fn era_year_label(year: i32) -> String {
    let (era, n) = era_of_fiscal_year(year);
    if n == 1 {
        format!("{era}元年")
    } else {
        format!("{era}{n}年")
    }
}

fn era_of_fiscal_year(year: i32) -> (&'static str, i32) {
    if year >= 2019 {
        ("令和", year - 2018)
    } else if year >= 1989 {
        ("平成", year - 1988)
    } else {
        ("昭和", year - 1925)
    }
}

/// Short fiscal-year label as plans print it: `R6年度`.
pub fn fiscal_year_short(fy: i32) -> String {
    let (era, n) = era_of_fiscal_year(fy);
    let mark = match era {
        "令和" => "R",
        "平成" => "H",
        _ => "S",
    };
    format!("{mark}{n}年度")
}

/// Full fiscal-year label: `令和6年度`.
pub fn fiscal_year_long(fy: i32) -> String {
    let (era, n) = era_of_fiscal_year(fy);
    if n == 1 {
        format!("{era}元年度")
    } else {
        format!("{era}{n}年度")
    }
}

/// Reads a fiscal-year header cell of a schedule (工程表): `R 2年度`, `令和2年度`, `R元年度`,
/// `H30年度`, `平成30年度`, `2020年度`, `2020`. Returns the western fiscal year.
pub fn parse_fiscal_year(cell: &str) -> Option<i32> {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^(?:(R|令和|H|平成)\s*(元|\d{1,2})|((?:19|20)\d{2}))\s*(?:年度?)?(?:\s*[(].*[)])?$",
        )
        .expect("valid regex")
    });
    let folded = fold(cell);
    let caps = RE.captures(&folded)?;
    if let Some(w) = caps.get(3) {
        return w.as_str().parse().ok();
    }
    let n: i32 = match &caps[2] {
        "元" => 1,
        d => d.parse().ok()?,
    };
    match &caps[1] {
        "R" | "令和" => Some(2018 + n),
        _ => Some(1988 + n),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fiscal_year_headers_in_every_spelling() {
        for (cell, fy) in [
            ("R 2年度", 2020),
            ("R 2 年度", 2020),
            ("令和2年度", 2020),
            ("令和元年度", 2019),
            ("R元年度", 2019),
            ("H30年度", 2018),
            ("平成30年度", 2018),
            ("2020年度", 2020),
            ("２０２１年度", 2021),
            ("Ｒ６年度", 2024),
        ] {
            assert_eq!(parse_fiscal_year(cell), Some(fy), "{cell}");
        }
        assert_eq!(parse_fiscal_year("先進自治体の調査"), None);
        assert_eq!(parse_fiscal_year(""), None);
    }

    #[test]
    fn periods_and_fiscal_years() {
        let p: Period = "2024-09".parse().unwrap();
        assert_eq!(p.fiscal_year(), 2024);
        assert_eq!(p.japanese(), "令和6年9月");
        assert_eq!(Period::new(2019, 4).unwrap().japanese(), "平成31年4月");
        assert_eq!(Period::new(2019, 5).unwrap().japanese(), "令和元年5月");
        let p: Period = "2025-03".parse().unwrap();
        assert_eq!(p.fiscal_year(), 2024);
        assert!("2024-13".parse::<Period>().is_err());
        assert!("24-09".parse::<Period>().is_err());
        assert_eq!(fiscal_year_short(2020), "R2年度");
        assert_eq!(fiscal_year_long(2019), "令和元年度");
    }
}
