//! Nothing of the clerk's in a period's output folder is lost to a re-run: before the new
//! output replaces the old, the old folder is compared with the manifest its run wrote.
//! A file that run did not write (a memo) is carried into the new folder under its own
//! name; an output changed since it was written (its SHA-256 differs from the manifest's:
//! a note typed into 全体集計.xlsx) is carried over as 「<名前>_編集済.<拡張子>」 beside the
//! new one. Each is named in a warning. A folder without a manifest is not the run's:
//! every file in it is kept, under its own name unless the new run writes that name.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::diagnostics::{Finding, FindingCode};
use crate::files::{Depth, files_under, relative_name};
use crate::manifest;
use crate::output::{OutputError, Staging};

/// The files of the previous output to carry into the new one.
#[derive(Debug, Default)]
pub struct Kept {
    /// (the file in the previous folder, its name in the new folder).
    files: Vec<(PathBuf, String)>,
}

/// Why a file of the previous output is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reason {
    /// Not written by the run that made the folder.
    NotOurs,
    /// Written by it and changed since.
    Edited,
}

/// The files of `target` (the period's previous output) to keep, and a warning for each.
/// Surveyed before the new run writes anything, so that the warnings reach its 診断 sheet;
/// a kept file is named apart from the previous run's outputs (the new run writes the
/// same names) and from `written` (names the new run writes whatever came before).
pub fn survey(target: &Path, written: &[&str], findings: &mut Vec<Finding>) -> Kept {
    let mut kept = Kept::default();
    if !target.is_dir() {
        return kept;
    }
    let recorded = recorded_outputs(target);
    let mut taken: BTreeSet<String> = written.iter().map(|s| s.to_string()).collect();
    taken.extend(recorded.iter().flat_map(|r| r.keys().cloned()));
    for path in files_under(target, Depth::All) {
        let rel = relative_name(&path, target);
        if rel == manifest::FILE {
            continue;
        }
        let Some(reason) = reason(&path, &rel, recorded.as_ref()) else {
            continue;
        };
        let name = free_name(&rel, reason, &mut taken);
        findings.push(kept_finding(&rel, &name, reason));
        kept.files.push((path, name));
    }
    kept
}

/// Why `path` (`rel` in its folder) is kept, if it is: by the previous manifest's record
/// of what its run wrote (`None`: no manifest, every file is the clerk's).
fn reason(path: &Path, rel: &str, recorded: Option<&BTreeMap<String, String>>) -> Option<Reason> {
    let Some(recorded) = recorded else {
        return Some(Reason::NotOurs);
    };
    match recorded.get(rel) {
        None => Some(Reason::NotOurs),
        Some(sha) => match manifest::hash_file(path) {
            Ok((_, now)) if now == *sha => None,
            _ => Some(Reason::Edited),
        },
    }
}

/// The outputs the previous manifest lists (path -> SHA-256), or `None` when there is no
/// readable manifest.
fn recorded_outputs(target: &Path) -> Option<BTreeMap<String, String>> {
    let text = std::fs::read_to_string(target.join(manifest::FILE)).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    let outputs = json.get("outputs")?.as_array()?;
    Some(
        outputs
            .iter()
            .filter_map(|o| {
                Some((
                    o.get("path")?.as_str()?.to_string(),
                    o.get("sha256")?.as_str()?.to_string(),
                ))
            })
            .collect(),
    )
}

/// The kept file's name in the new folder: its own when free, else with 「_編集済」 (an
/// edited output) or 「_前回」, numbered when that is taken too.
fn free_name(rel: &str, reason: Reason, taken: &mut BTreeSet<String>) -> String {
    if reason == Reason::NotOurs && taken.insert(rel.to_string()) {
        return rel.to_string();
    }
    let mark = match reason {
        Reason::Edited => "_編集済",
        Reason::NotOurs => "_前回",
    };
    let (stem, ext) = match rel.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() && !e.contains('/') => (s, format!(".{e}")),
        _ => (rel, String::new()),
    };
    let mut n = 1;
    loop {
        let number = if n > 1 { n.to_string() } else { String::new() };
        let name = format!("{stem}{mark}{number}{ext}");
        if taken.insert(name.clone()) {
            return name;
        }
        n += 1;
    }
}

fn kept_finding(rel: &str, name: &str, reason: Reason) -> Finding {
    let message = match reason {
        Reason::NotOurs => format!(
            "前回の出力フォルダにあった「{rel}」は gyokaku が書いたファイルではないため、削除せずに新しい出力フォルダに「{name}」として移しました"
        ),
        Reason::Edited => format!(
            "前回の出力「{rel}」は出力した後に変更されていたため、削除せずに「{name}」として残しました（「{rel}」は今回の内容で作り直しました）。書き込んだ内容を新しいファイルに移してください"
        ),
    };
    Finding::new(name, "", FindingCode::OutputClerkFileKept, message).with_value(rel)
}

/// Copies the kept files into the staging folder (after the manifest: they are not the
/// new run's outputs, and the next run keeps them again). A name the new run wrote after
/// all is never overwritten: the kept file gets the next free number.
///
/// # Errors
/// A kept file cannot be read or written: the run stops before the swap, and the previous
/// folder stays as it was.
pub fn restore(kept: &Kept, staging: &Staging) -> Result<(), OutputError> {
    for (from, name) in &kept.files {
        let bytes = std::fs::read(from).map_err(|source| OutputError::Io {
            path: from.display().to_string(),
            source,
        })?;
        let mut name = name.clone();
        while staging.dir().join(&name).exists() {
            name = free_name(&name, Reason::NotOurs, &mut BTreeSet::from([name.clone()]));
        }
        staging.write(&name, &bytes)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_names_never_take_a_new_output_s_place() {
        let mut taken: BTreeSet<String> = ["全体集計.xlsx".to_string()].into();
        assert_eq!(
            free_name("メモ.txt", Reason::NotOurs, &mut taken),
            "メモ.txt"
        );
        assert_eq!(
            free_name("全体集計.xlsx", Reason::Edited, &mut taken),
            "全体集計_編集済.xlsx"
        );
        taken.insert("tables/a.csv".to_string());
        assert_eq!(
            free_name("tables/a.csv", Reason::NotOurs, &mut taken),
            "tables/a_前回.csv"
        );
        assert_eq!(
            free_name("全体集計.xlsx", Reason::Edited, &mut taken),
            "全体集計_編集済2.xlsx"
        );
    }
}
