//! Sections (部署): who they are and how they are written.
//!
//! A section is what differs most from city to city: its bureau's mark (`(総)`) or name
//! (`総務部`), a code, a former name before a reorganisation (機構改革). This module owns
//! all of it:
//!
//! - `names`: a section's identity ([`SectionName`], [`DepartmentId`], [`DepartmentRef`],
//!   [`Department`]);
//! - `directory`: the section directory (部署マスタ) and the [`Resolver`] of written forms;
//! - `read`: reading the directory file ([`read_directory`]);
//! - `cells`: the cells that name sections in plans and reports ([`parse_departments`]);
//! - `owners`: owners resolved, the plan's sections, whether a report's section owns an
//!   item.
//!
//! A run builds one [`Sections`] (the configured bureaus, the words for "every section
//! concerned" and the directory, if any) and hands it to the stages that name sections.

mod cells;
mod directory;
mod names;
mod owners;
mod read;

use std::collections::BTreeMap;

pub use cells::{ParsedDepartments, ends_a_name, parse_departments, resolve_departments};
pub use directory::{Directory, DirectoryEntry, Resolution, Resolver};
pub use names::{Department, DepartmentId, DepartmentRef, SectionName, names_department};
pub use owners::OwnerList;
pub use read::read_directory;

use crate::config::Settings;
use crate::wareki::Period;

/// The sections of a run: the configured bureaus (mark -> name), the words that mean
/// "every section concerned" and the section directory (empty when there is none), naming
/// sections as of the run's period when it is known.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sections {
    bureaus: BTreeMap<String, String>,
    all_words: Vec<String>,
    directory: Directory,
}

impl Sections {
    /// The sections of `settings` and `directory`, named as of `period` (`None`: their
    /// latest names).
    pub fn new(settings: &Settings, directory: Option<Directory>, period: Option<Period>) -> Self {
        Sections {
            bureaus: settings.bureaus.clone(),
            all_words: settings.plan.all_departments.clone(),
            directory: directory.unwrap_or_default().as_of(period),
        }
    }

    /// The sections of `settings` alone, without a directory.
    pub fn configured(settings: &Settings) -> Self {
        Sections::new(settings, None, None)
    }

    /// The resolver of written names; make it once for many names (it sorts the known
    /// bureaus).
    pub fn resolver(&self) -> Resolver<'_> {
        Resolver::new(&self.bureaus, &self.directory)
    }

    /// Whether some section goes by another name as of `period` than the one the sections
    /// were named by when read.
    pub fn renamed_by(&self, period: Period) -> bool {
        self.directory.as_of_period() != Some(period) && self.directory.renames_after(period)
    }

    /// What resolving a written name depends on, as text for a hash (the key of the
    /// store of parsed reports): the bureaus, the words for every section, the directory's
    /// entries, and which entries go by their former name as of the directory's period.
    /// Not the period itself: two months that name every section alike resolve alike.
    pub fn resolving_key(&self) -> String {
        let d = &self.directory;
        let period = d.as_of_period();
        let former: Vec<bool> = d
            .entries()
            .iter()
            .map(|e| e.since.is_some_and(|s| period.is_some_and(|p| p < s)))
            .collect();
        format!(
            "{:?}\n{:?}\n{:?}\n{:?}\n{former:?}",
            self.bureaus,
            self.all_words,
            d.file,
            d.entries()
        )
    }

    /// The department `d` (named by its latest name) as of `period`, when the directory
    /// gives it another name then.
    pub fn renamed_as_of(&self, d: &DepartmentRef, period: Period) -> Option<DepartmentRef> {
        self.directory
            .renamed_as_of(&d.name(), period, &self.bureaus)
            .map(|n| DepartmentRef::from_name(&n))
    }
}
