//! Japanese national holidays (国民の祝日), worked out by the rules of the Act on
//! National Holidays as amended up to 2020: fixed days, the Happy-Monday days, the
//! equinoxes (by the usual approximation, exact for 1980–2099), 振替休日 and 国民の休日,
//! with the special days of 2019 and the moved days of 2020 and 2021.
//!
//! Written out rather than taken from a crate: no holiday crate for Japan is kept up
//! well enough to rely on, and the rules are short. `tests` checks the result against
//! the Cabinet Office's list (内閣府「国民の祝日について」) for 2024–2030.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate, Weekday};

/// Years the rules here are written for; other years have no holidays here (only
/// weekends count).
pub const YEARS: std::ops::RangeInclusive<i32> = 2019..=2099;

/// Whether `date` is a national holiday (祝日, 振替休日 or 国民の休日).
pub fn is_holiday(date: NaiveDate) -> bool {
    holidays(date.year()).contains(&date)
}

/// Whether `date` is a working day of a town hall: not a Saturday, Sunday, holiday, nor
/// one of the New Year days 12-29 to 1-3 on which municipal offices are closed by their
/// 休日条例.
pub fn is_working_day(date: NaiveDate) -> bool {
    let new_year = matches!((date.month(), date.day()), (12, 29..) | (1, ..=3));
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !is_holiday(date) && !new_year
}

/// `date` if it is a working day, else the last working day before it.
pub fn working_day_on_or_before(date: NaiveDate) -> NaiveDate {
    let mut d = date;
    while !is_working_day(d) {
        match d.pred_opt() {
            Some(p) => d = p,
            None => return date,
        }
    }
    d
}

/// Every holiday of `year`.
pub fn holidays(year: i32) -> BTreeSet<NaiveDate> {
    if !YEARS.contains(&year) {
        return BTreeSet::new();
    }
    let mut days: BTreeSet<NaiveDate> = named_days(year).into_iter().flatten().collect();
    // 国民の休日: a day between two holidays.
    let between: Vec<NaiveDate> = days
        .iter()
        .filter_map(|d| {
            let mid = d.succ_opt()?;
            let after = mid.succ_opt()?;
            (days.contains(&after) && !days.contains(&mid)).then_some(mid)
        })
        .collect();
    days.extend(between);
    // 振替休日: a holiday on a Sunday moves the next day that is not a holiday.
    let sundays: Vec<NaiveDate> = days
        .iter()
        .copied()
        .filter(|d| d.weekday() == Weekday::Sun)
        .collect();
    for sunday in sundays {
        let mut d = sunday;
        while days.contains(&d) {
            match d.succ_opt() {
                Some(n) => d = n,
                None => break,
            }
        }
        days.insert(d);
    }
    days
}

/// The named holidays of `year` (2019..=2099).
fn named_days(year: i32) -> Vec<Option<NaiveDate>> {
    let ymd = |m, d| NaiveDate::from_ymd_opt(year, m, d);
    let (marine, mountain, sports) = match year {
        2020 => (ymd(7, 23), ymd(8, 10), ymd(7, 24)),
        2021 => (ymd(7, 22), ymd(8, 8), ymd(7, 23)),
        _ => (monday(year, 7, 3), ymd(8, 11), monday(year, 10, 2)),
    };
    let mut days = vec![
        ymd(1, 1),
        monday(year, 1, 2),
        ymd(2, 11),
        equinox(year, 20.8431),
        ymd(4, 29),
        ymd(5, 3),
        ymd(5, 4),
        ymd(5, 5),
        marine,
        mountain,
        monday(year, 9, 3),
        equinox(year, 23.2488),
        sports,
        ymd(11, 3),
        ymd(11, 23),
    ];
    if year == 2019 {
        // The accession: 5-1 and 10-22, and 4-30 and 5-2 between holidays.
        days.extend([ymd(5, 1), ymd(10, 22)]);
    } else {
        days.push(ymd(2, 23));
    }
    days
}

/// The `nth` Monday of `month`.
fn monday(year: i32, month: u32, nth: u8) -> Option<NaiveDate> {
    NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Mon, nth)
}

/// 春分の日 (`base` 20.8431, March) or 秋分の日 (`base` 23.2488, September).
fn equinox(year: i32, base: f64) -> Option<NaiveDate> {
    let month = if base < 22.0 { 3 } else { 9 };
    let y = f64::from(year - 1980);
    let day = (base + 0.242_194 * y - (y / 4.0).floor()).floor();
    NaiveDate::from_ymd_opt(year, month, day as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 内閣府「国民の祝日について」: the holidays (祝日, 振替休日, 国民の休日) of 2024–2030 as
    /// month-day pairs.
    const CABINET_OFFICE: [(i32, &[(u32, u32)]); 7] = [
        (
            2024,
            &[
                (1, 1),
                (1, 8),
                (2, 11),
                (2, 12),
                (2, 23),
                (3, 20),
                (4, 29),
                (5, 3),
                (5, 4),
                (5, 5),
                (5, 6),
                (7, 15),
                (8, 11),
                (8, 12),
                (9, 16),
                (9, 22),
                (9, 23),
                (10, 14),
                (11, 3),
                (11, 4),
                (11, 23),
            ],
        ),
        (
            2025,
            &[
                (1, 1),
                (1, 13),
                (2, 11),
                (2, 23),
                (2, 24),
                (3, 20),
                (4, 29),
                (5, 3),
                (5, 4),
                (5, 5),
                (5, 6),
                (7, 21),
                (8, 11),
                (9, 15),
                (9, 23),
                (10, 13),
                (11, 3),
                (11, 23),
                (11, 24),
            ],
        ),
        (
            2026,
            &[
                (1, 1),
                (1, 12),
                (2, 11),
                (2, 23),
                (3, 20),
                (4, 29),
                (5, 3),
                (5, 4),
                (5, 5),
                (5, 6),
                (7, 20),
                (8, 11),
                (9, 21),
                (9, 22),
                (9, 23),
                (10, 12),
                (11, 3),
                (11, 23),
            ],
        ),
        (
            2027,
            &[
                (1, 1),
                (1, 11),
                (2, 11),
                (2, 23),
                (3, 21),
                (3, 22),
                (4, 29),
                (5, 3),
                (5, 4),
                (5, 5),
                (7, 19),
                (8, 11),
                (9, 20),
                (9, 23),
                (10, 11),
                (11, 3),
                (11, 23),
            ],
        ),
        (
            2028,
            &[
                (1, 1),
                (1, 10),
                (2, 11),
                (2, 23),
                (3, 20),
                (4, 29),
                (5, 3),
                (5, 4),
                (5, 5),
                (7, 17),
                (8, 11),
                (9, 18),
                (9, 22),
                (10, 9),
                (11, 3),
                (11, 23),
            ],
        ),
        (
            2029,
            &[
                (1, 1),
                (1, 8),
                (2, 11),
                (2, 12),
                (2, 23),
                (3, 20),
                (4, 29),
                (4, 30),
                (5, 3),
                (5, 4),
                (5, 5),
                (7, 16),
                (8, 11),
                (9, 17),
                (9, 23),
                (9, 24),
                (10, 8),
                (11, 3),
                (11, 23),
            ],
        ),
        (
            2030,
            &[
                (1, 1),
                (1, 14),
                (2, 11),
                (2, 23),
                (3, 20),
                (4, 29),
                (5, 3),
                (5, 4),
                (5, 5),
                (5, 6),
                (7, 15),
                (8, 11),
                (8, 12),
                (9, 16),
                (9, 23),
                (10, 14),
                (11, 3),
                (11, 4),
                (11, 23),
            ],
        ),
    ];

    #[test]
    fn holidays_match_the_cabinet_office_list() {
        for (year, days) in CABINET_OFFICE {
            let want: BTreeSet<NaiveDate> = days
                .iter()
                .map(|&(m, d)| NaiveDate::from_ymd_opt(year, m, d).unwrap())
                .collect();
            assert_eq!(holidays(year), want, "{year}");
        }
    }

    #[test]
    fn the_accession_and_the_olympic_years() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        for day in [
            d(2019, 4, 30),
            d(2019, 5, 1),
            d(2019, 5, 2),
            d(2019, 10, 22),
        ] {
            assert!(is_holiday(day), "{day}");
        }
        assert!(!is_holiday(d(2019, 2, 23)));
        assert!(is_holiday(d(2021, 7, 23)) && !is_holiday(d(2021, 10, 11)));
    }

    #[test]
    fn a_due_date_on_a_weekend_or_holiday_moves_to_the_working_day_before() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        // Sunday 2024-11-10 -> Friday 2024-11-08.
        assert_eq!(working_day_on_or_before(d(2024, 11, 10)), d(2024, 11, 8));
        // Monday 2025-02-24 (振替休日) -> Friday 2025-02-21.
        assert_eq!(working_day_on_or_before(d(2025, 2, 24)), d(2025, 2, 21));
        // Golden week: Wednesday 2026-05-06 (振替休日) -> Friday 2026-05-01.
        assert_eq!(working_day_on_or_before(d(2026, 5, 6)), d(2026, 5, 1));
        assert_eq!(working_day_on_or_before(d(2024, 10, 10)), d(2024, 10, 10));
        // Town halls are closed 12-29 to 1-3: Sunday 2025-01-05 -> Friday 2024-12-27.
        assert_eq!(working_day_on_or_before(d(2025, 1, 5)), d(2024, 12, 27));
    }
}
