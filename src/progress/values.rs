//! Reading the values people type into progress reports: dates in era and western forms,
//! percents in every spelling, item IDs.

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;

use crate::plan::ItemId;
use crate::sheet::CellValue;
use crate::text::{fold, fold_compact};
use crate::wareki::{Period, era_year, within_era};

/// A cell whose value cannot be read as the kind of value its column holds (the caller
/// knows which column, and says so in the finding).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotAValue;

/// A reporting date: at least a year and month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ReportDate {
    pub period: Period,
    pub day: Option<u32>,
}

impl ReportDate {
    fn new(year: i32, month: u32, day: Option<u32>) -> Option<ReportDate> {
        let period = Period::new(year, month)?;
        if let Some(d) = day {
            NaiveDate::from_ymd_opt(year, month, d)?;
        }
        Some(ReportDate { period, day })
    }

    /// The calendar day, when the date names one (not a month alone).
    pub fn day(self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.period.year, self.period.month, self.day?)
    }

    fn from_date(d: NaiveDate) -> Option<ReportDate> {
        ReportDate::new(d.year(), d.month(), Some(d.day()))
    }
}

/// Reads a date cell: a date, an Excel serial number, or text such as `令和6年9月30日`,
/// `R6.9.30`, `R6/9`, `2024/9/30`, `2024年9月`, `2024-09`. `Ok(None)` for an empty cell,
/// [`NotAValue`] for a value that is not a date.
pub fn parse_date(cell: &CellValue) -> Result<Option<ReportDate>, NotAValue> {
    static ERA: LazyLock<Regex> = LazyLock::new(|| {
        crate::text::regex(
            r"^(R|令和|H|平成|S|昭和)\s*(元|\d{1,2})\s*[年./-]\s*(\d{1,2})\s*(?:月\s*)?(?:[./-]?\s*(\d{1,2})\s*日?)?\s*(?:分|時点)?$",
        )
    });
    static WESTERN: LazyLock<Regex> = LazyLock::new(|| {
        crate::text::regex(
            r"^(\d{4})\s*[年./-]\s*(\d{1,2})\s*(?:月\s*)?(?:[./-]?\s*(\d{1,2})\s*日?)?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?\s*(?:分|時点)?$",
        )
    });
    static COMPACT: LazyLock<Regex> =
        LazyLock::new(|| crate::text::regex(r"^(\d{4})(\d{2})(\d{2})?$"));
    match cell {
        CellValue::Empty => Ok(None),
        CellValue::Date(d) => ReportDate::from_date(d.date()).map(Some).ok_or(NotAValue),
        CellValue::Number(n) => {
            // An Excel serial date (1954..2118) shown as a number.
            if (20_000.0..80_000.0).contains(n) {
                let base = NaiveDate::from_ymd_opt(1899, 12, 30).ok_or(NotAValue)?;
                let d = base
                    .checked_add_days(chrono::Days::new(n.floor() as u64))
                    .ok_or(NotAValue)?;
                return ReportDate::from_date(d).map(Some).ok_or(NotAValue);
            }
            let text = CellValue::Text(cell.display());
            match parse_date(&text) {
                Ok(Some(d)) => Ok(Some(d)),
                _ => Err(NotAValue),
            }
        }
        CellValue::Text(t) => {
            let f = fold(t);
            if f.is_empty() {
                return Ok(None);
            }
            if let Some(c) = ERA.captures(&f) {
                let year = era_year(&c[1], &c[2]).ok_or(NotAValue)?;
                let month = c[3].parse().map_err(|_| NotAValue)?;
                let day = c
                    .get(4)
                    .map(|d| d.as_str().parse())
                    .transpose()
                    .map_err(|_| NotAValue)?;
                if !within_era(&c[1], year, month, day) {
                    return Err(NotAValue);
                }
                return ReportDate::new(year, month, day).map(Some).ok_or(NotAValue);
            }
            if let Some(c) = WESTERN.captures(&f).or_else(|| COMPACT.captures(&f)) {
                let year = c[1].parse().map_err(|_| NotAValue)?;
                let month = c[2].parse().map_err(|_| NotAValue)?;
                let day = c
                    .get(3)
                    .map(|d| d.as_str().parse())
                    .transpose()
                    .map_err(|_| NotAValue)?;
                return ReportDate::new(year, month, day).map(Some).ok_or(NotAValue);
            }
            Err(NotAValue)
        }
        CellValue::Bool(_) | CellValue::Error(_) => Err(NotAValue),
    }
}

/// A percent as written: `80%`, `８０％`, `80`, `80.5`, or a fraction `0.8` when the
/// column holds fractions (a cell formatted as % stores 0.8). `Ok(None)` for an empty cell.
pub fn parse_percent(cell: &CellValue, fractions: bool) -> Result<Option<f64>, NotAValue> {
    let (value, explicit) = match cell {
        CellValue::Empty => return Ok(None),
        CellValue::Number(n) => (*n, false),
        CellValue::Text(t) => {
            let f = fold_compact(t);
            if f.is_empty() {
                return Ok(None);
            }
            let (num, explicit) = match f.strip_suffix('%') {
                Some(n) => (n, true),
                None => (f.as_str(), false),
            };
            (num.parse::<f64>().map_err(|_| NotAValue)?, explicit)
        }
        _ => return Err(NotAValue),
    };
    if !value.is_finite() {
        return Err(NotAValue);
    }
    Ok(Some(if fractions && !explicit {
        value * 100.0
    } else {
        value
    }))
}

/// A status its percent contradicts: 完了 under 100 %, 未着手 above 0 %. The report is
/// taken as written; the message says what to check.
pub fn status_percent_conflict(status: Option<&str>, percent: Option<f64>) -> Option<String> {
    let p = percent?;
    match status? {
        "完了" if p < 100.0 => Some(format!(
            "進捗状況は「完了」ですが、進捗率が {p}% です。報告どおり取り込みました。どちらが正しいか確認してください（セルの表示形式が「%」なら 1 は 100% と読みます）"
        )),
        "未着手" if p > 0.0 => Some(format!(
            "進捗状況は「未着手」ですが、進捗率が {p}% です。報告どおり取り込みました。どちらが正しいか確認してください"
        )),
        _ => None,
    }
}

/// Whether a percent column holds fractions: every plain number in it lies in 0..=1 and
/// at least one lies strictly between.
pub fn column_is_fractions<'a>(cells: impl Iterator<Item = &'a CellValue>) -> bool {
    let mut any_between = false;
    for c in cells {
        let v = match c {
            CellValue::Number(n) => *n,
            CellValue::Text(t) if !fold_compact(t).ends_with('%') => {
                match fold_compact(t).parse::<f64>() {
                    Ok(v) => v,
                    Err(_) => continue,
                }
            }
            _ => continue,
        };
        if !(0.0..=1.0).contains(&v) {
            return false;
        }
        any_between |= v > 0.0 && v < 1.0;
    }
    any_between
}

/// An item ID in any common spelling: `7-1`, `No.7-1`, `07-01`, `７－１`, `7ー1`, and the
/// hierarchical forms plans number by (`1-(1)-①`, `【3】`).
pub fn parse_item_id(text: &str, iroha: bool) -> Option<ItemId> {
    crate::plan::parse_item_number(text, iroha)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> CellValue {
        CellValue::Text(s.to_string())
    }

    fn ym(y: i32, m: u32) -> Period {
        Period::new(y, m).unwrap()
    }

    #[test]
    fn dates_in_the_forms_people_type() {
        for (s, p, d) in [
            ("令和6年9月30日", ym(2024, 9), Some(30)),
            ("R6.9.30", ym(2024, 9), Some(30)),
            ("R6/9", ym(2024, 9), None),
            ("R元年5月", ym(2019, 5), None),
            ("2024/9/30", ym(2024, 9), Some(30)),
            ("2024年9月", ym(2024, 9), None),
            ("2024-09", ym(2024, 9), None),
            ("2024-09-30", ym(2024, 9), Some(30)),
            ("２０２４年９月３０日", ym(2024, 9), Some(30)),
            ("2024-09-30 00:00:00", ym(2024, 9), Some(30)),
            ("202409", ym(2024, 9), None),
        ] {
            assert_eq!(
                parse_date(&t(s)),
                Ok(Some(ReportDate { period: p, day: d })),
                "{s}"
            );
        }
        assert_eq!(
            parse_date(&CellValue::Number(45565.0))
                .unwrap()
                .unwrap()
                .period,
            ym(2024, 9)
        );
        assert_eq!(parse_date(&CellValue::Empty), Ok(None));
        assert!(parse_date(&t("9月末")).is_err());
        assert!(parse_date(&t("2024/13/1")).is_err());
        assert!(parse_date(&t("R6.2.30")).is_err());
        // 令和 began in May 2019: an April date of 令和 1 is no date.
        assert!(parse_date(&t("R1.4.30")).is_err());
        assert!(parse_date(&t("令和元年4月")).is_err());
        assert!(parse_date(&t("R1.5.1")).is_ok_and(|d| d.is_some()));
        assert!(parse_date(&t("H31.4.30")).is_ok_and(|d| d.is_some()));
    }

    #[test]
    fn a_status_its_percent_contradicts() {
        assert!(status_percent_conflict(Some("完了"), Some(1.0)).is_some());
        assert!(status_percent_conflict(Some("完了"), Some(100.0)).is_none());
        assert!(status_percent_conflict(Some("未着手"), Some(10.0)).is_some());
        assert!(status_percent_conflict(Some("未着手"), Some(0.0)).is_none());
        assert!(status_percent_conflict(Some("実施中"), Some(1.0)).is_none());
        assert!(status_percent_conflict(Some("完了"), None).is_none());
    }

    #[test]
    fn percents_in_every_spelling() {
        assert_eq!(parse_percent(&t("80%"), false), Ok(Some(80.0)));
        assert_eq!(parse_percent(&t("８０％"), false), Ok(Some(80.0)));
        assert_eq!(parse_percent(&t("80"), false), Ok(Some(80.0)));
        assert_eq!(parse_percent(&CellValue::Number(0.8), true), Ok(Some(80.0)));
        assert_eq!(parse_percent(&t("80%"), true), Ok(Some(80.0)));
        assert_eq!(parse_percent(&t("半分"), false), Err(NotAValue));
        assert!(column_is_fractions(
            [CellValue::Number(0.8), CellValue::Number(1.0)].iter()
        ));
        assert!(!column_is_fractions(
            [CellValue::Number(0.8), CellValue::Number(50.0)].iter()
        ));
    }

    #[test]
    fn item_ids_in_common_spellings() {
        for s in [
            "7-1",
            "No.7-1",
            "07-01",
            "７－１",
            "7ー1",
            "No. 7 - 1",
            "Ｎｏ．７－１",
        ] {
            assert_eq!(parse_item_id(s, false), Some(ItemId::new(7, 1)), "{s}");
        }
        assert_eq!(parse_item_id("11-7", false), Some(ItemId::new(11, 7)));
        assert_eq!(parse_item_id("窓口", false), None);
    }
}
