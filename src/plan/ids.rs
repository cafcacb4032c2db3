//! Identities of the plan's items and sections.

use std::fmt;
use std::str::FromStr;

/// A practice item's ID: the initiative's number and the item's position in it,
/// displayed as `7-1`. IDs order numerically: `7-2` before `7-10`, `9-1` before `10-1`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct ItemId {
    pub initiative: u32,
    pub seq: u32,
}

impl ItemId {
    /// The ID of the `seq`-th item (1-based) of initiative `initiative`.
    pub fn new(initiative: u32, seq: u32) -> ItemId {
        ItemId { initiative, seq }
    }
}

impl fmt::Display for ItemId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.initiative, self.seq)
    }
}

/// Why text is not an item ID in its canonical form.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("項目番号「{0}」は「7-1」の形ではありません")]
pub struct NotAnItemId(pub String);

impl FromStr for ItemId {
    type Err = NotAnItemId;

    /// Parses the canonical form `7-1` (for the many ways people write an ID, see
    /// `progress::values::parse_item_id`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || NotAnItemId(s.to_string());
        let (a, b) = s.split_once('-').ok_or_else(err)?;
        Ok(ItemId::new(
            a.parse().map_err(|_| err())?,
            b.parse().map_err(|_| err())?,
        ))
    }
}

/// A responsible section, identified by its resolved name (whatever form the plan or a
/// report wrote it in): `(民)窓口サービス課`; `市民生活部　市民環境課` when the bureau has a
/// name but no mark; the name alone when no bureau is known.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DepartmentId(String);

impl DepartmentId {
    /// The ID of a section: `(mark)name`, or `name` without a mark.
    pub fn new(bureau_mark: &str, section: &str) -> DepartmentId {
        DepartmentId::of(bureau_mark, "", section)
    }

    /// The ID of a section of a bureau known by its mark, its name, or neither.
    pub fn of(bureau_mark: &str, bureau: &str, section: &str) -> DepartmentId {
        let name = crate::directory::SectionName {
            mark: bureau_mark.to_string(),
            bureau: bureau.to_string(),
            section: section.to_string(),
        };
        DepartmentId(name.label())
    }

    /// The ID as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DepartmentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
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
impl PartialEq<&str> for DepartmentId {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
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
        assert!("7".parse::<ItemId>().is_err());
        assert!("a-1".parse::<ItemId>().is_err());
    }

    #[test]
    fn department_ids_with_and_without_mark() {
        assert_eq!(
            DepartmentId::new("民", "窓口サービス課").as_str(),
            "(民)窓口サービス課"
        );
        assert_eq!(DepartmentId::new("", "企画課").to_string(), "企画課");
        assert_ne!(
            DepartmentId::new("消", "総務課"),
            DepartmentId::new("総", "総務課")
        );
    }
}
