//! The names of the sections that own the plan's items, as report file and sheet names
//! are searched for them.

use std::cmp::Reverse;
use std::collections::{BTreeSet, HashSet};

/// The names of the sections that own items (two characters or more), looked up by the
/// pieces of a sheet's or file's name: a name is found in time of the name's length,
/// not of the number of sections (48,000 reports × 2,000 sections searched one by one
/// were a tenth of a large run).
#[derive(Debug, Default)]
pub(super) struct SectionNames {
    names: HashSet<String>,
    /// The most characters a name has.
    longest: usize,
}

impl SectionNames {
    pub(super) fn new(names: impl IntoIterator<Item = String>) -> SectionNames {
        let names: HashSet<String> = names
            .into_iter()
            .filter(|n| n.chars().count() >= 2)
            .collect();
        let longest = names.iter().map(|n| n.chars().count()).max().unwrap_or(0);
        SectionNames { names, longest }
    }

    /// The names found in `text`, longest first (then in order), each once.
    pub(super) fn found_in<'a>(&'a self, text: &str) -> Vec<&'a str> {
        let starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        let mut found: BTreeSet<(Reverse<usize>, &str)> = BTreeSet::new();
        for (k, &from) in starts.iter().enumerate() {
            let ends = starts[k + 1..]
                .iter()
                .copied()
                .chain(std::iter::once(text.len()))
                .take(self.longest)
                .enumerate();
            for (n, to) in ends.skip(1) {
                if let Some(name) = self.names.get(&text[from..to]) {
                    found.insert((Reverse(n + 1), name.as_str()));
                }
            }
        }
        found.into_iter().map(|(_, n)| n).collect()
    }
}
