//! Identities of the plan's items and sections.

use std::fmt;
use std::str::FromStr;

/// Levels a plan's numbering may have: `1-(1)-①-(ア)` is four.
pub const MAX_DEPTH: usize = 6;

/// Largest number at one level (six digits, as [`super::numbering`] reads them): more
/// digits than this are extraction noise, not a number.
const MAX_PART: u32 = 999_999;

/// A number path as plans write them (`7-1`, `1-(1)-①`, `【3】`), one number per level.
/// Paths order level by level, numerically: `7-2` before `7-10`, `7` before `7-1`.
/// Deserializing checks what [`Numbering::from_parts`] ensures (a stored path is not
/// trusted: an out-of-range depth would slice past the levels).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "StoredNumbering")]
struct Numbering {
    parts: [u32; MAX_DEPTH],
    depth: u8,
}

impl Numbering {
    fn from_parts(parts: &[u32]) -> Option<Numbering> {
        if parts.is_empty() || parts.len() > MAX_DEPTH || parts.iter().any(|p| *p > MAX_PART) {
            return None;
        }
        let mut out = Numbering {
            parts: [0; MAX_DEPTH],
            depth: 0,
        };
        out.parts[..parts.len()].copy_from_slice(parts);
        out.depth = u8::try_from(parts.len()).ok()?;
        Some(out)
    }

    fn parts(&self) -> &[u32] {
        &self.parts[..usize::from(self.depth)]
    }

    fn parse(s: &str) -> Option<Numbering> {
        let parts: Option<Vec<u32>> = s.split('-').map(|p| p.parse().ok()).collect();
        Numbering::from_parts(&parts?)
    }
}

/// A [`Numbering`] as stored, before it is checked.
#[derive(serde::Deserialize)]
struct StoredNumbering {
    parts: [u32; MAX_DEPTH],
    depth: u8,
}

/// A stored number path that no plan numbering yields.
#[derive(Debug, thiserror::Error)]
#[error("not a number path: levels {parts:?}, depth {depth}")]
struct BadNumbering {
    parts: [u32; MAX_DEPTH],
    depth: u8,
}

impl TryFrom<StoredNumbering> for Numbering {
    type Error = BadNumbering;

    fn try_from(s: StoredNumbering) -> Result<Numbering, BadNumbering> {
        let depth = usize::from(s.depth);
        let bad = || BadNumbering {
            parts: s.parts,
            depth: s.depth,
        };
        if depth == 0 {
            // The placeholder of a number past every limit (`ItemId::new`).
            return if s.parts == [0; MAX_DEPTH] {
                Ok(Numbering {
                    parts: s.parts,
                    depth: 0,
                })
            } else {
                Err(bad())
            };
        }
        let (used, rest) = s.parts.split_at(depth.min(MAX_DEPTH));
        if depth > MAX_DEPTH || rest.iter().any(|p| *p != 0) {
            return Err(bad());
        }
        Numbering::from_parts(used).ok_or_else(bad)
    }
}

impl fmt::Display for Numbering {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (k, p) in self.parts().iter().enumerate() {
            if k > 0 {
                f.write_str("-")?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

/// A practice item's ID: its number path in the plan, displayed as `7-1` (initiative 7,
/// first item) or `1-1-1` (a plan numbering `1-(1)-①`). IDs order numerically, level by
/// level: `7-2` before `7-10`, `9-1` before `10-1`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct ItemId(Numbering);

impl ItemId {
    /// The ID of the `seq`-th item (1-based) of initiative `initiative` (numbers past
    /// the limit are clamped to it).
    pub fn new(initiative: u32, seq: u32) -> ItemId {
        let parts = [initiative.min(MAX_PART), seq.min(MAX_PART)];
        ItemId(Numbering::from_parts(&parts).unwrap_or(Numbering {
            parts: [0; MAX_DEPTH],
            depth: 0,
        }))
    }

    /// The ID with these levels; `None` for no level, too many, or a number too large.
    pub fn from_parts(parts: &[u32]) -> Option<ItemId> {
        Numbering::from_parts(parts).map(ItemId)
    }

    /// The `seq`-th item under an initiative whose number the item's extends.
    pub fn under(initiative: InitiativeId, seq: u32) -> Option<ItemId> {
        let mut parts = initiative.parts().to_vec();
        parts.push(seq);
        ItemId::from_parts(&parts)
    }

    /// The numbers, one per level.
    pub fn parts(&self) -> &[u32] {
        self.0.parts()
    }
}

impl fmt::Display for ItemId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Why text is not an item ID in its canonical form.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("項目番号「{0}」は「7-1」の形ではありません")]
pub struct NotAnItemId(pub String);

impl FromStr for ItemId {
    type Err = NotAnItemId;

    /// Parses the canonical form `7-1` or `1-1-1` only; the many ways people write an ID
    /// are read by the numbering module above this one, which builds on these IDs.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Numbering::parse(s)
            .map(ItemId)
            .ok_or_else(|| NotAnItemId(s.to_string()))
    }
}

/// An initiative's number: `7`, or `1-2` in a plan numbering its initiatives `1-(2)`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct InitiativeId(Numbering);

impl InitiativeId {
    /// Initiative number `no` of a plan numbering them 1, 2, 3.
    pub fn new(no: u32) -> InitiativeId {
        InitiativeId(
            Numbering::from_parts(&[no.min(MAX_PART)]).unwrap_or(Numbering {
                parts: [0; MAX_DEPTH],
                depth: 0,
            }),
        )
    }

    /// The number with these levels; `None` for no level, too many, or a number too large.
    pub fn from_parts(parts: &[u32]) -> Option<InitiativeId> {
        Numbering::from_parts(parts).map(InitiativeId)
    }

    /// The numbers, one per level.
    pub fn parts(&self) -> &[u32] {
        self.0.parts()
    }

    /// The number when it has a single level (written as a number in workbooks).
    pub fn single(&self) -> Option<u32> {
        match self.parts() {
            [n] => Some(*n),
            _ => None,
        }
    }
}

impl fmt::Display for InitiativeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl FromStr for InitiativeId {
    type Err = NotAnItemId;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Numbering::parse(s)
            .map(InitiativeId)
            .ok_or_else(|| NotAnItemId(s.to_string()))
    }
}

// Unit tests compare identities with the text they expect; the library itself never does.
#[cfg(test)]
impl PartialEq<&str> for ItemId {
    fn eq(&self, other: &&str) -> bool {
        other.parse::<ItemId>().is_ok_and(|o| o == *self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_ids_order_numerically_and_round_trip() {
        let mut ids: Vec<ItemId> = ["10-1", "7-10", "7-2", "9-1"]
            .iter()
            .map(|s| s.parse().unwrap())
            .collect();
        ids.sort();
        let shown: Vec<String> = ids.iter().map(ToString::to_string).collect();
        assert_eq!(shown, ["7-2", "7-10", "9-1", "10-1"]);
        assert_eq!("7".parse::<ItemId>().map(|i| i.parts().len()), Ok(1));
        assert_eq!(
            ItemId::under(InitiativeId::from_parts(&[1, 2]).unwrap(), 3).map(|i| i.to_string()),
            Some("1-2-3".to_string())
        );
        let mut mixed: Vec<ItemId> = ["7-1", "7", "7-1-2", "6-9"]
            .iter()
            .map(|s| s.parse().unwrap())
            .collect();
        mixed.sort();
        let shown: Vec<String> = mixed.iter().map(ToString::to_string).collect();
        assert_eq!(shown, ["6-9", "7", "7-1", "7-1-2"]);
        assert!("1-2-3-4-5-6-7".parse::<ItemId>().is_err());
        assert!("1000000-1".parse::<ItemId>().is_err());
        assert_eq!(
            "10101".parse::<ItemId>().map(|i| i.to_string()),
            Ok("10101".to_string())
        );
        assert!("a-1".parse::<ItemId>().is_err());
    }
}
