//! Japanese eras, fiscal years and reporting periods.
//!
//! A Japanese fiscal year (年度) runs from April to March: FY2024 = 令和6年度 =
//! 2024-04 .. 2025-03.

use std::fmt;
use std::str::FromStr;
use std::sync::LazyLock;

use regex::Regex;

use crate::text::fold;

/// The years a [`Period`] can have.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

/// A reporting period: one calendar month. Deserializing checks the month and year as
/// [`Period::new`] does.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "StoredPeriod")]
pub struct Period {
    pub year: i32,
    pub month: u32,
}

/// A [`Period`] as stored, before it is checked.
#[derive(serde::Deserialize)]
struct StoredPeriod {
    year: i32,
    month: u32,
}

/// A stored month that is not one.
#[derive(Debug, thiserror::Error)]
#[error("not a month: {year}-{month}")]
pub struct BadPeriod {
    year: i32,
    month: u32,
}

impl TryFrom<StoredPeriod> for Period {
    type Error = BadPeriod;

    fn try_from(s: StoredPeriod) -> Result<Period, BadPeriod> {
        Period::new(s.year, s.month).ok_or(BadPeriod {
            year: s.year,
            month: s.month,
        })
    }
}

impl Period {
    pub fn new(year: i32, month: u32) -> Option<Period> {
        ((1..=12).contains(&month) && YEARS.contains(&year)).then_some(Period { year, month })
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

/// A period as typed that is not one (`--period`): the text and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    #[error(
        "期間「{0}」が読めません。2024-10、R6-10、令和6年10月、2024年10月 のいずれかの形で指定してください"
    )]
    Form(String),
    #[error("期間「{0}」の年が読めません")]
    Year(String),
    #[error("期間「{0}」の月が読めません")]
    Month(String),
    #[error("期間「{0}」の月は 1〜12 で指定してください")]
    MonthRange(String),
    #[error("期間「{0}」の年は {first}〜{last} で指定してください", first = YEARS.start(), last = YEARS.end())]
    YearRange(String),
}

impl FromStr for Period {
    type Err = PeriodError;

    /// A month as a clerk types it: `2024-10` (also `2024/10`, `202410`), `R6-10` (also
    /// `R6.10`, `R6/10`), `令和6年10月`, `2024年10月`; a trailing `分` is allowed.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        static ERA: LazyLock<Regex> = LazyLock::new(|| {
            crate::text::regex(r"^(R|令和|H|平成)\s*(元|\d{1,2})\s*(?:[-/.]|年)\s*(\d{1,2})\s*月?$")
        });
        static WESTERN: LazyLock<Regex> =
            LazyLock::new(|| crate::text::regex(r"^(\d{4})\s*(?:[-/.]|年)?\s*(\d{1,2})\s*月?$"));
        let folded = fold(s);
        let text = folded.trim().trim_end_matches('分').trim();
        let (year, month) = if let Some(c) = ERA.captures(text) {
            (era_year(&c[1], &c[2]), c[3].parse::<u32>().ok())
        } else if let Some(c) = WESTERN.captures(text) {
            (c[1].parse::<i32>().ok(), c[2].parse::<u32>().ok())
        } else {
            return Err(PeriodError::Form(s.to_string()));
        };
        let year = year.ok_or_else(|| PeriodError::Year(s.to_string()))?;
        let month = month.ok_or_else(|| PeriodError::Month(s.to_string()))?;
        if !(1..=12).contains(&month) {
            return Err(PeriodError::MonthRange(s.to_string()));
        }
        Period::new(year, month).ok_or_else(|| PeriodError::YearRange(s.to_string()))
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

/// Whether `word` is an era's name as plans write years (`令和7 年度`, `西暦 2025 年`).
pub fn is_era_name(word: &str) -> bool {
    ["令和", "平成", "昭和", "大正", "明治", "西暦"].contains(&word)
}

/// Reads a fiscal-year header cell of a schedule (工程表): `R 2年度`, `令和2年度`, `R元年度`,
/// `H30年度`, `平成30年度`, `2020年度`, `2020`. Returns the western fiscal year.
pub fn parse_fiscal_year(cell: &str) -> Option<i32> {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        crate::text::regex(
            r"^(?:(R|令和|H|平成)\s*(元|\d{1,2})|((?:19|20)\d{2}))\s*(?:年度?)?(?:\s*[(].*[)])?$",
        )
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

/// The latest 令和 year an era-less year header is taken for (「７年度」 is 令和7年度); a
/// larger number is a 平成 year (「30年度」 is 平成30年度), as a plan of either era writes
/// its years.
const ERALESS_REIWA_UNTIL: i32 = 20;

/// A year header written without its era, as a schedule's header often does under a
/// group that names the years (「取組スケジュール」 over 「７年度」「８年度」): `7年度`,
/// `元年度`. Only with 年度: a bare number is no year.
pub fn parse_eraless_fiscal_year(cell: &str) -> Option<i32> {
    let folded = fold(cell);
    let n = folded.trim().strip_suffix("年度")?.trim();
    let n: i32 = match n {
        "元" => 1,
        d if (1..=2).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_digit()) => {
            d.parse().ok()?
        }
        _ => return None,
    };
    match n {
        1..=ERALESS_REIWA_UNTIL => Some(2018 + n),
        21..=31 => Some(1988 + n),
        _ => None,
    }
}

/// A span of fiscal years as plans write it: `R3～R7`, `令和3年度～令和7年度`, `R3～7`,
/// `2021～2025年度`, `R3-R7`, `R3から R7`; one year alone is a span of one. The first and
/// last years, in order.
pub fn parse_fiscal_year_range(cell: &str) -> Option<(i32, i32)> {
    let folded = fold(cell);
    let Some((a, b)) = folded
        .split_once('~')
        .or_else(|| folded.split_once("から"))
        .or_else(|| folded.split_once('-'))
    else {
        let fy = parse_fiscal_year(&folded)?;
        return Some((fy, fy));
    };
    let first = parse_fiscal_year(a.trim())?;
    let b = b.trim().trim_end_matches("まで").trim();
    let last = parse_fiscal_year(b).or_else(|| same_era(a.trim(), first, b))?;
    (first <= last && last - first < 50).then_some((first, last))
}

/// `7` after `R3`: the era year in the era of the first year.
fn same_era(first_text: &str, first: i32, n: &str) -> Option<i32> {
    let digits: String = n.chars().take_while(char::is_ascii_digit).collect();
    let n: i32 = digits.parse().ok()?;
    let first_n: i32 = first_text
        .chars()
        .filter(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .ok()
        .unwrap_or(1);
    Some(first - first_n + n)
}

/// The western year of an era year: `("R", "6")` -> 2024, `("平成", "元")` -> 1989.
/// Eras: R/令和, H/平成, anything else 昭和.
pub(crate) fn era_year(era: &str, n: &str) -> Option<i32> {
    let base = match era {
        "R" | "令和" => 2018,
        "H" | "平成" => 1988,
        _ => 1925,
    };
    let n: i32 = if n == "元" { 1 } else { n.parse().ok()? };
    Some(base + n)
}

/// Whether a date written in `era` (`R`/`令和`, `H`/`平成`, else 昭和) lies within it:
/// 令和 began on 2019-05-01, 平成 on 1989-01-08, 昭和 on 1926-12-25. Without a day the
/// month must share a day with the era: `R1.4` (April 2019, still 平成) does not.
pub(crate) fn within_era(era: &str, year: i32, month: u32, day: Option<u32>) -> bool {
    let (first, last) = match era {
        "R" | "令和" => ((2019, 5, 1), None),
        "H" | "平成" => ((1989, 1, 8), Some((2019, 4, 30))),
        _ => ((1926, 12, 25), Some((1989, 1, 7))),
    };
    let (from, to) = match day {
        Some(d) => ((year, month, d), (year, month, d)),
        None => ((year, month, 31), (year, month, 1)),
    };
    from >= first && last.is_none_or(|last| to <= last)
}

/// The year-months in a file name, each once, in the order written: era forms first
/// (`R5-02`, `令和5年2月`), then western ones (`2023-02`, `202302`).
pub fn periods_in_name(name: &str) -> Vec<Period> {
    let f = fold(name);
    let era = NAME_ERA.captures_iter(&f).filter_map(|c| {
        let year = era_year(&c[1], &c[2])?;
        Period::new(year, c[3].parse().ok()?)
    });
    let western = NAME_WESTERN
        .captures_iter(&f)
        .filter_map(|c| Period::new(c[1].parse().ok()?, c[2].parse().ok()?));
    let mut out: Vec<Period> = Vec::new();
    for p in era.chain(western) {
        if !out.contains(&p) {
            out.push(p);
        }
    }
    out
}

static NAME_ERA: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::regex(r"(R|令和|H|平成)\s*(元|\d{1,2})\s*[-_.年]\s*(\d{1,2})(?:\D|$)")
});

static NAME_WESTERN: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::regex(r"(?:^|\D)((?:19|20)\d{2})\s*[-_.年]?\s*(0[1-9]|1[0-2]|[1-9])(?:\D|$)")
});

/// A year-month in a file name: `2024-09`, `202409`, `R6-09`, `令和6年9月`, `R6.9月報告`
/// (the first of [`periods_in_name`]).
pub fn period_in_name(name: &str) -> Option<Period> {
    periods_in_name(name).into_iter().next()
}

/// Months of the fiscal year of `period`, April to March.
pub fn fiscal_months(period: Period) -> Vec<Period> {
    let fy = period.fiscal_year();
    (4..=15)
        .filter_map(|m| {
            if m <= 12 {
                Period::new(fy, m)
            } else {
                Period::new(fy + 1, m - 12)
            }
        })
        .collect()
}

/// The month before `period` (the period itself at the first month a period can have).
pub fn previous_period(period: Period) -> Period {
    let (year, month) = if period.month == 1 {
        (period.year - 1, 12)
    } else {
        (period.year, period.month - 1)
    };
    Period::new(year, month).unwrap_or(period)
}

/// The month after `period` (the period itself at the last month a period can have).
pub fn next_period(period: Period) -> Period {
    let (year, month) = if period.month == 12 {
        (period.year + 1, 1)
    } else {
        (period.year, period.month + 1)
    };
    Period::new(year, month).unwrap_or(period)
}

/// The month a day falls in (kept within [`YEARS`]).
pub fn month_of(day: chrono::NaiveDate) -> Period {
    use chrono::Datelike;
    Period {
        year: day.year().clamp(*YEARS.start(), *YEARS.end()),
        month: day.month(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fiscal_year_ranges() {
        for (s, want) in [
            ("R3～R7", (2021, 2025)),
            ("令和3年度～令和7年度", (2021, 2025)),
            ("R3～7", (2021, 2025)),
            ("2021～2025年度", (2021, 2025)),
            ("R3-R7", (2021, 2025)),
            ("H30～R2", (2018, 2020)),
            ("R6", (2024, 2024)),
            ("平成32年度", (2020, 2020)),
        ] {
            assert_eq!(parse_fiscal_year_range(s), Some(want), "{s}");
        }
        assert_eq!(parse_fiscal_year_range("R7～R3"), None);
        assert_eq!(parse_fiscal_year_range("検討"), None);
    }

    fn ym(y: i32, m: u32) -> Period {
        Period::new(y, m).unwrap()
    }

    #[test]
    fn era_dates_lie_within_their_era() {
        assert!(
            !within_era("R", 2019, 4, Some(30)),
            "R1.4.30 was still 平成"
        );
        assert!(
            !within_era("令和", 2019, 4, None),
            "no day of April 2019 is 令和"
        );
        assert!(within_era("R", 2019, 5, None));
        assert!(within_era("R", 2019, 5, Some(1)));
        assert!(within_era("H", 2019, 4, Some(30)));
        assert!(!within_era("H", 2019, 5, Some(1)));
        assert!(!within_era("平成", 2020, 1, None), "H32 is past 平成");
        assert!(within_era("H", 1989, 1, None));
        assert!(!within_era("H", 1989, 1, Some(7)));
        assert!(within_era("S", 1989, 1, Some(7)));
        assert!(!within_era("S", 1926, 12, Some(24)));
    }

    #[test]
    fn two_months_in_a_file_name_are_both_found() {
        assert_eq!(
            periods_in_name("計画_2020-04策定_2023-02改定.txt"),
            [ym(2020, 4), ym(2023, 2)]
        );
        assert_eq!(periods_in_name("計画_R5-02_2023-02.txt"), [ym(2023, 2)]);
        assert_eq!(periods_in_name("計画.txt"), []);
    }

    #[test]
    fn periods_in_file_names() {
        assert_eq!(period_in_name("進捗報告_2024-09.xlsx"), Some(ym(2024, 9)));
        assert_eq!(period_in_name("進捗202409窓口.csv"), Some(ym(2024, 9)));
        assert_eq!(period_in_name("R6-09_管財課.xlsx"), Some(ym(2024, 9)));
        assert_eq!(period_in_name("令和6年9月分.ods"), Some(ym(2024, 9)));
        assert_eq!(period_in_name("進捗報告.xlsx"), None);
    }

    #[test]
    fn month_arithmetic_across_years() {
        assert_eq!(previous_period(ym(2024, 1)), ym(2023, 12));
        assert_eq!(next_period(ym(2024, 12)), ym(2025, 1));
        let last = ym(*YEARS.end(), 12);
        assert_eq!(next_period(last), last);
        assert_eq!(
            previous_period(ym(*YEARS.start(), 1)),
            ym(*YEARS.start(), 1)
        );
        let err = |s: &str| s.parse::<Period>().unwrap_err().to_string();
        assert!(
            err("9999-12").contains("年は 1900〜2200"),
            "{}",
            err("9999-12")
        );
        assert!(err("2024-13").contains("月は"));
        let months = fiscal_months(ym(2025, 2));
        assert_eq!((months[0], months[11]), (ym(2024, 4), ym(2025, 3)));
    }

    #[test]
    fn periods_as_typed_on_the_command_line() {
        for typed in [
            "2024-10",
            "2024/10",
            "202410",
            "R6-10",
            "R6.10",
            "Ｒ６－１０",
            "令和6年10月",
            "令和6年10月分",
            "2024年10月",
            "２０２４年１０月",
        ] {
            assert_eq!(typed.parse::<Period>(), Ok(ym(2024, 10)), "{typed}");
        }
        assert_eq!("令和元年5月".parse::<Period>(), Ok(ym(2019, 5)));
        assert_eq!("H31-4".parse::<Period>(), Ok(ym(2019, 4)));
        assert!(
            "R6-13"
                .parse::<Period>()
                .unwrap_err()
                .to_string()
                .contains("1〜12")
        );
        assert!(
            "十月"
                .parse::<Period>()
                .unwrap_err()
                .to_string()
                .contains("R6-10")
        );
        assert!(
            "9999-12"
                .parse::<Period>()
                .unwrap_err()
                .to_string()
                .contains("年は")
        );
        assert!(
            "2024-13"
                .parse::<Period>()
                .unwrap_err()
                .to_string()
                .contains("1〜12")
        );
    }

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
    fn years_without_their_era() {
        for (cell, fy) in [
            ("７年度", Some(2025)),
            ("11年度", Some(2029)),
            ("元年度", Some(2019)),
            ("30年度", Some(2018)),
            ("７", None),
            ("７年", None),
            ("R7年度", None),
            ("45年度", None),
        ] {
            assert_eq!(parse_eraless_fiscal_year(cell), fy, "{cell}");
        }
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
