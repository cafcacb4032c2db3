//! Money amounts (財政効果額): the unit a header names and the figures in its cells, held
//! as whole yen. Plans give targets and reports give actuals in 円, 千円 or 百万円, as the
//! column's header says: 「効果額（千円）」, 「目標効果額 単位:百万円」.

use crate::text::fold_compact;

/// The unit a column of amounts is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum AmountUnit {
    #[default]
    Yen,
    Thousand,
    Million,
}

impl AmountUnit {
    /// Yen in one unit.
    pub fn yen(self) -> i64 {
        match self {
            AmountUnit::Yen => 1,
            AmountUnit::Thousand => 1_000,
            AmountUnit::Million => 1_000_000,
        }
    }

    /// The unit as an office writes it.
    pub fn label(self) -> &'static str {
        match self {
            AmountUnit::Yen => "円",
            AmountUnit::Thousand => "千円",
            AmountUnit::Million => "百万円",
        }
    }

    /// The unit a header names (「効果額（千円）」, 「単位：百万円」), if it names one.
    pub fn in_header(header: &str) -> Option<AmountUnit> {
        let h = fold_compact(header);
        if h.contains("百万円") {
            Some(AmountUnit::Million)
        } else if h.contains("千円") {
            Some(AmountUnit::Thousand)
        } else if h.contains('円') {
            Some(AmountUnit::Yen)
        } else {
            None
        }
    }
}

/// Why a cell is not an amount.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("「{0}」は金額として読めません")]
pub struct NotAnAmount(pub String);

/// Largest amount accepted, in yen (a hundred trillion): anything above is a typo or junk.
const MAX_YEN: f64 = 1e14;

/// An amount written as text, in `unit`: `1,234`, `１２．５`, `△500` or `▲500` (minus, as
/// accounts write it), `-300`, `1,234千円` (a unit in the cell wins over the column's).
/// A blank, `-` or `－` alone is no amount (`Ok(None)`).
pub fn parse_amount(text: &str, unit: AmountUnit) -> Result<Option<i64>, NotAnAmount> {
    let folded = fold_compact(text);
    let s = folded.trim();
    if s.is_empty() || matches!(s, "-" | "ー" | "―" | "なし") {
        return Ok(None);
    }
    let (negative, rest) = match s.strip_prefix(['△', '▲', '-']) {
        Some(r) => (true, r),
        None => (false, s),
    };
    let (number, unit) = match AmountUnit::in_header(rest) {
        Some(u) => (rest.trim_end_matches(['円', '千', '百', '万']), u),
        None => (rest, unit),
    };
    let digits: String = number.chars().filter(|c| *c != ',').collect();
    let value: f64 = digits
        .parse()
        .map_err(|_| NotAnAmount(text.trim().to_string()))?;
    amount_in_yen(if negative { -value } else { value }, unit)
        .map(Some)
        .ok_or_else(|| NotAnAmount(text.trim().to_string()))
}

/// Whether `yen` is an amount the reader can take (no more than [`MAX_YEN`] either way).
pub fn yen_within_limit(yen: i64) -> bool {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    // MAX_YEN: a positive exact integer
    let max = MAX_YEN as u64;
    yen.unsigned_abs() <= max
}

/// A numeric cell in `unit`, in whole yen (rounded); `None` for a value out of range.
pub fn amount_in_yen(value: f64, unit: AmountUnit) -> Option<i64> {
    #[allow(clippy::cast_precision_loss)] // units are exact in f64
    let yen = (value * unit.yen() as f64).round();
    if !yen.is_finite() || yen.abs() > MAX_YEN {
        return None;
    }
    #[allow(clippy::cast_possible_truncation)] // bounded by MAX_YEN above
    Some(yen as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_from_headers() {
        assert_eq!(
            AmountUnit::in_header("効果額（千円）"),
            Some(AmountUnit::Thousand)
        );
        assert_eq!(
            AmountUnit::in_header("目標効果額 単位:百万円"),
            Some(AmountUnit::Million)
        );
        assert_eq!(AmountUnit::in_header("効果額(円)"), Some(AmountUnit::Yen));
        assert_eq!(AmountUnit::in_header("効果額"), None);
    }

    #[test]
    fn amounts_in_the_forms_accounts_write() {
        let k = AmountUnit::Thousand;
        assert_eq!(parse_amount("1,234", k), Ok(Some(1_234_000)));
        assert_eq!(parse_amount("１２．５", k), Ok(Some(12_500)));
        assert_eq!(parse_amount("△500", k), Ok(Some(-500_000)));
        assert_eq!(parse_amount("▲500", AmountUnit::Yen), Ok(Some(-500)));
        assert_eq!(parse_amount("3百万円", k), Ok(Some(3_000_000)));
        assert_eq!(parse_amount("-", k), Ok(None));
        assert_eq!(parse_amount("", k), Ok(None));
        assert_eq!(parse_amount("0円", k), Ok(Some(0)));
        assert!(parse_amount("約100", k).is_err());
        assert!(parse_amount("1e30", k).is_err());
        assert_eq!(amount_in_yen(2.5, AmountUnit::Million), Some(2_500_000));
        assert_eq!(amount_in_yen(f64::NAN, k), None);
    }
}
