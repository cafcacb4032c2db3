//! Records -> the normalized tables (polars DataFrames), written as Parquet and as CSV
//! (UTF-8 with BOM so that Excel opens it in Japanese) for audit and BI use.
//!
//! | table | columns |
//! |---|---|
//! | `initiatives` | initiative_no, title, issues, content, goals, source_file, source_line |
//! | `practice_items` | item_id, initiative_no, seq, name, content, department_id, all_departments, source_file, source_line |
//! | `item_departments` | item_id, department_id, role (`主担当` / `共同`) |
//! | `departments` | department_id, bureau_mark, bureau_name, section_name, workbook |
//! | `schedule` | item_id, fiscal_year, cell_text, activity, kind |
//! | `themes` | theme_no, name |
//! | `progress` | item_id, period, status, status_raw, percent, grade, results, issues, next_steps, source_file, source_sheet, source_row |
//! | `revisions` | edition, date, files, initiatives, items, departments, in_force |
//! | `plan_changes` | from_edition, to_edition, item_id_old, item_id_new, change, detail |
//! | `diagnostics` | severity, file, location, code, value, message |

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use polars::prelude::*;
use thiserror::Error;

use crate::diagnostics::Finding;
use crate::plan::Plan;
use crate::progress::ProgressRecord;

#[derive(Debug, Error)]
pub enum TableError {
    #[error("表の作成に失敗しました: {0}")]
    Polars(#[from] PolarsError),
    #[error("表 {path} を書き込めません: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

/// The normalized tables of one run, in the order they are written.
pub struct Tables {
    pub frames: Vec<(&'static str, DataFrame)>,
}

impl Tables {
    pub fn get(&self, name: &str) -> Option<&DataFrame> {
        self.frames
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, df)| df)
    }
}

fn col<T, P>(name: &str, values: T) -> Column
where
    Series: NamedFrom<T, P>,
    P: ?Sized,
{
    Column::from(Series::new(name.into(), values))
}

/// Builds every table from the plan, the workbook path of each section and the findings.
///
/// # Errors
/// Only on an internal inconsistency (columns of different lengths).
pub fn build(
    plan: &Plan,
    workbook_of: &dyn Fn(&str) -> String,
    progress: &[ProgressRecord],
    findings: &[Finding],
) -> Result<Tables, TableError> {
    let mut frames = Vec::new();

    let inis = &plan.initiatives;
    frames.push((
        "initiatives",
        DataFrame::new_infer_height(vec![
            col(
                "initiative_no",
                inis.iter().map(|i| i.no).collect::<Vec<u32>>(),
            ),
            col(
                "title",
                inis.iter().map(|i| i.title.as_str()).collect::<Vec<_>>(),
            ),
            col(
                "issues",
                inis.iter().map(|i| i.issues.as_str()).collect::<Vec<_>>(),
            ),
            col(
                "content",
                inis.iter().map(|i| i.content.as_str()).collect::<Vec<_>>(),
            ),
            col(
                "goals",
                inis.iter().map(|i| i.goals.as_str()).collect::<Vec<_>>(),
            ),
            col(
                "source_file",
                inis.iter()
                    .map(|i| i.source_file.as_str())
                    .collect::<Vec<_>>(),
            ),
            col(
                "source_line",
                inis.iter()
                    .map(|i| i.source_line as u32)
                    .collect::<Vec<u32>>(),
            ),
        ])?,
    ));

    let items: Vec<_> = plan.items().map(|(_, it)| it).collect();
    frames.push((
        "practice_items",
        DataFrame::new_infer_height(vec![
            col(
                "item_id",
                items.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(),
            ),
            col(
                "initiative_no",
                items.iter().map(|i| i.initiative_no).collect::<Vec<u32>>(),
            ),
            col("seq", items.iter().map(|i| i.seq).collect::<Vec<u32>>()),
            col(
                "name",
                items.iter().map(|i| i.name.as_str()).collect::<Vec<_>>(),
            ),
            col(
                "content",
                items.iter().map(|i| i.content.as_str()).collect::<Vec<_>>(),
            ),
            col(
                "department_id",
                items
                    .iter()
                    .map(|i| i.departments.first().map(|d| d.id()))
                    .collect::<Vec<Option<String>>>(),
            ),
            col(
                "all_departments",
                items
                    .iter()
                    .map(|i| i.all_departments)
                    .collect::<Vec<bool>>(),
            ),
            col(
                "source_file",
                items
                    .iter()
                    .map(|i| i.source_file.as_str())
                    .collect::<Vec<_>>(),
            ),
            col(
                "source_line",
                items
                    .iter()
                    .map(|i| i.source_line as u32)
                    .collect::<Vec<u32>>(),
            ),
        ])?,
    ));

    let (mut ids, mut deps, mut roles) = (Vec::new(), Vec::new(), Vec::new());
    for it in &items {
        for (k, d) in it.departments.iter().enumerate() {
            ids.push(it.id.as_str());
            deps.push(d.id());
            roles.push(if k == 0 { "主担当" } else { "共同" });
        }
    }
    frames.push((
        "item_departments",
        DataFrame::new_infer_height(vec![
            col("item_id", ids),
            col("department_id", deps),
            col("role", roles),
        ])?,
    ));

    let ds = &plan.departments;
    frames.push((
        "departments",
        DataFrame::new_infer_height(vec![
            col(
                "department_id",
                ds.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(),
            ),
            col(
                "bureau_mark",
                ds.iter()
                    .map(|d| d.bureau_mark.as_str())
                    .collect::<Vec<_>>(),
            ),
            col(
                "bureau_name",
                ds.iter()
                    .map(|d| d.bureau_name.as_str())
                    .collect::<Vec<_>>(),
            ),
            col(
                "section_name",
                ds.iter()
                    .map(|d| d.section_name.as_str())
                    .collect::<Vec<_>>(),
            ),
            col(
                "workbook",
                ds.iter().map(|d| workbook_of(&d.id)).collect::<Vec<_>>(),
            ),
        ])?,
    ));

    let (mut sid, mut fy, mut text, mut act, mut kind) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for it in &items {
        for c in &it.schedule {
            sid.push(it.id.as_str());
            fy.push(c.fiscal_year);
            text.push(c.cell_text.as_str());
            act.push(c.activity.as_str());
            kind.push(c.kind.code());
        }
    }
    frames.push((
        "schedule",
        DataFrame::new_infer_height(vec![
            col("item_id", sid),
            col("fiscal_year", fy),
            col("cell_text", text),
            col("activity", act),
            col("kind", kind),
        ])?,
    ));

    frames.push((
        "themes",
        DataFrame::new_infer_height(vec![
            col(
                "theme_no",
                plan.themes.iter().map(|t| t.no).collect::<Vec<u32>>(),
            ),
            col(
                "name",
                plan.themes
                    .iter()
                    .map(|t| t.name.as_str())
                    .collect::<Vec<_>>(),
            ),
        ])?,
    ));

    let p = progress;
    frames.push((
        "progress",
        DataFrame::new_infer_height(vec![
            col(
                "item_id",
                p.iter().map(|r| r.item_id.as_str()).collect::<Vec<_>>(),
            ),
            col(
                "period",
                p.iter().map(|r| r.period.to_string()).collect::<Vec<_>>(),
            ),
            col(
                "status",
                p.iter()
                    .map(|r| r.status.clone())
                    .collect::<Vec<Option<String>>>(),
            ),
            col(
                "status_raw",
                p.iter().map(|r| r.status_raw.as_str()).collect::<Vec<_>>(),
            ),
            col(
                "percent",
                p.iter().map(|r| r.percent).collect::<Vec<Option<f64>>>(),
            ),
            col(
                "grade",
                p.iter().map(|r| r.grade.as_str()).collect::<Vec<_>>(),
            ),
            col(
                "results",
                p.iter().map(|r| r.results.as_str()).collect::<Vec<_>>(),
            ),
            col(
                "issues",
                p.iter().map(|r| r.issues.as_str()).collect::<Vec<_>>(),
            ),
            col(
                "next_steps",
                p.iter().map(|r| r.next_steps.as_str()).collect::<Vec<_>>(),
            ),
            col(
                "source_file",
                p.iter().map(|r| r.source_file.as_str()).collect::<Vec<_>>(),
            ),
            col(
                "source_sheet",
                p.iter()
                    .map(|r| r.source_sheet.as_str())
                    .collect::<Vec<_>>(),
            ),
            col(
                "source_row",
                p.iter().map(|r| r.source_row).collect::<Vec<u32>>(),
            ),
        ])?,
    ));

    frames.push(("diagnostics", diagnostics_frame(findings)?));
    Ok(Tables { frames })
}

/// Adds the `revisions` and `plan_changes` tables (before `diagnostics`).
///
/// # Errors
/// Only on an internal inconsistency.
pub fn add_revisions(
    tables: &mut Tables,
    editions: &[crate::plan::edition::Edition],
    target: usize,
    changes: &[crate::revision::Change],
) -> Result<(), TableError> {
    let revisions = DataFrame::new_infer_height(vec![
        col(
            "edition",
            editions.iter().map(|e| e.label()).collect::<Vec<_>>(),
        ),
        col(
            "date",
            editions
                .iter()
                .map(|e| e.date.map(|d| d.to_string()))
                .collect::<Vec<Option<String>>>(),
        ),
        col(
            "files",
            editions
                .iter()
                .map(|e| e.plan.files.join(";"))
                .collect::<Vec<_>>(),
        ),
        col(
            "initiatives",
            editions
                .iter()
                .map(|e| e.plan.initiatives.len() as u32)
                .collect::<Vec<u32>>(),
        ),
        col(
            "items",
            editions
                .iter()
                .map(|e| e.plan.item_count() as u32)
                .collect::<Vec<u32>>(),
        ),
        col(
            "departments",
            editions
                .iter()
                .map(|e| e.plan.departments.len() as u32)
                .collect::<Vec<u32>>(),
        ),
        col(
            "in_force",
            (0..editions.len())
                .map(|k| k == target)
                .collect::<Vec<bool>>(),
        ),
    ])?;
    let c = changes;
    let plan_changes = DataFrame::new_infer_height(vec![
        col(
            "from_edition",
            c.iter()
                .map(|x| x.from_edition.as_str())
                .collect::<Vec<_>>(),
        ),
        col(
            "to_edition",
            c.iter().map(|x| x.to_edition.as_str()).collect::<Vec<_>>(),
        ),
        col(
            "item_id_old",
            c.iter().map(|x| x.item_id_old.as_str()).collect::<Vec<_>>(),
        ),
        col(
            "item_id_new",
            c.iter().map(|x| x.item_id_new.as_str()).collect::<Vec<_>>(),
        ),
        col(
            "change",
            c.iter().map(|x| x.change.code()).collect::<Vec<_>>(),
        ),
        col(
            "detail",
            c.iter().map(|x| x.detail.as_str()).collect::<Vec<_>>(),
        ),
    ])?;
    let at = tables
        .frames
        .iter()
        .position(|(n, _)| *n == "diagnostics")
        .unwrap_or(tables.frames.len());
    tables.frames.insert(at, ("plan_changes", plan_changes));
    tables.frames.insert(at, ("revisions", revisions));
    Ok(())
}

/// The `diagnostics` table.
///
/// # Errors
/// Only on an internal inconsistency.
pub fn diagnostics_frame(findings: &[Finding]) -> Result<DataFrame, TableError> {
    Ok(DataFrame::new_infer_height(vec![
        col(
            "severity",
            findings
                .iter()
                .map(|f| f.severity.label())
                .collect::<Vec<_>>(),
        ),
        col(
            "file",
            findings.iter().map(|f| f.file.as_str()).collect::<Vec<_>>(),
        ),
        col(
            "location",
            findings
                .iter()
                .map(|f| f.location.as_str())
                .collect::<Vec<_>>(),
        ),
        col(
            "code",
            findings.iter().map(|f| f.code.as_str()).collect::<Vec<_>>(),
        ),
        col(
            "value",
            findings
                .iter()
                .map(|f| f.value.as_str())
                .collect::<Vec<_>>(),
        ),
        col(
            "message",
            findings
                .iter()
                .map(|f| f.message.as_str())
                .collect::<Vec<_>>(),
        ),
    ])?)
}

/// Writes each table as `<name>.parquet` and `<name>.csv` into `dir`.
///
/// # Errors
/// A file cannot be created or written.
pub fn write_all(tables: &mut Tables, dir: &Path) -> Result<Vec<PathBuf>, TableError> {
    std::fs::create_dir_all(dir).map_err(|source| TableError::Io {
        path: dir.display().to_string(),
        source,
    })?;
    let mut written = Vec::new();
    for (name, df) in &mut tables.frames {
        let pq = dir.join(format!("{name}.parquet"));
        let file = File::create(&pq).map_err(|e| io_err(&pq, e))?;
        ParquetWriter::new(file).finish(df)?;
        written.push(pq);

        let csv = dir.join(format!("{name}.csv"));
        let mut file = File::create(&csv).map_err(|e| io_err(&csv, e))?;
        CsvWriter::new(&mut file)
            .include_bom(true)
            .include_header(true)
            .finish(df)?;
        file.flush().map_err(|e| io_err(&csv, e))?;
        written.push(csv);
    }
    Ok(written)
}

fn io_err(path: &Path, source: std::io::Error) -> TableError {
    TableError::Io {
        path: path.display().to_string(),
        source,
    }
}
