//! The tables of the plan in force: `initiatives`, `practice_items`, `item_departments`,
//! `departments`, `schedule` and `themes`.

use polars::prelude::DataFrame;

use super::TableError;
use super::frame::Frame;
use crate::plan::{
    Department, DepartmentId, Initiative, ItemId, PracticeItem, ScheduleCell, Theme, role_label,
};

/// `initiatives`: one row per initiative, in plan order.
///
/// # Errors
/// Only on an internal inconsistency.
pub fn initiatives(initiatives: &[Initiative]) -> Result<DataFrame, TableError> {
    Frame::of(initiatives)
        .col("initiative_no", |i| i.no.to_string())
        .col("title", |i| i.title.as_str())
        .col("issues", |i| i.issues.as_str())
        .col("content", |i| i.content.as_str())
        .col("goals", |i| i.goals.as_str())
        .col("source_file", |i| i.source_file.as_str())
        .col("source_line", |i| i.source_line as u32)
        .finish()
}

/// `practice_items`: one row per item; `department_id` is the primary section (null when
/// the plan names none); `target_indicator` is the 目標指標 of a plan kept as a
/// spreadsheet (empty otherwise).
///
/// # Errors
/// Only on an internal inconsistency.
pub fn practice_items(items: &[&PracticeItem]) -> Result<DataFrame, TableError> {
    Frame::of(items)
        .col("item_id", |i| i.id.to_string())
        .col("initiative_no", |i| i.initiative_no.to_string())
        .col("seq", |i| i.seq)
        .col("name", |i| i.name.as_str())
        .col("content", |i| i.content.as_str())
        .col("department_id", |i| {
            i.departments.first().map(|d| d.id().to_string())
        })
        .col("all_departments", |i| i.all_departments)
        .col("target_indicator", |i| i.target_indicator.as_str())
        .col("source_file", |i| i.source_file.as_str())
        .col("source_line", |i| i.source_line as u32)
        .finish()
}

/// One year's target of one item: a row of `effect_targets`.
struct EffectTarget {
    item_id: ItemId,
    fiscal_year: i32,
    yen: i64,
}

/// `effect_targets`: one row per (item, fiscal year) the plan gives an effect amount
/// target for (財政効果額の目標, in yen), items in plan order, years ascending.
///
/// # Errors
/// Only on an internal inconsistency.
pub fn effect_targets(items: &[&PracticeItem]) -> Result<DataFrame, TableError> {
    let rows: Vec<EffectTarget> = items
        .iter()
        .flat_map(|it| {
            it.effect_targets.iter().map(|(fy, yen)| EffectTarget {
                item_id: it.id,
                fiscal_year: *fy,
                yen: *yen,
            })
        })
        .collect();
    Frame::of(&rows)
        .col("item_id", |r| r.item_id.to_string())
        .col("fiscal_year", |r| r.fiscal_year)
        .col("target_yen", |r| r.yen)
        .finish()
}

/// One owner of one item: a row of `item_departments`.
struct ItemDepartment {
    item_id: ItemId,
    department_id: DepartmentId,
    /// The first section the plan names for the item.
    primary: bool,
}

/// `item_departments`: one row per (item, owner), owners in the order the plan names them.
///
/// # Errors
/// Only on an internal inconsistency.
pub fn item_departments(items: &[&PracticeItem]) -> Result<DataFrame, TableError> {
    let rows: Vec<ItemDepartment> = items
        .iter()
        .flat_map(|it| {
            it.departments
                .iter()
                .enumerate()
                .map(|(k, d)| ItemDepartment {
                    item_id: it.id,
                    department_id: d.id(),
                    primary: k == 0,
                })
        })
        .collect();
    Frame::of(&rows)
        .col("item_id", |r| r.item_id.to_string())
        .col("department_id", |r| r.department_id.to_string())
        .col("role", |r| role_label(r.primary))
        .finish()
}

/// `departments`: one row per section, with the file name of its workbook.
///
/// # Errors
/// Only on an internal inconsistency.
pub fn departments(
    departments: &[Department],
    workbook_of: &dyn Fn(&DepartmentId) -> String,
) -> Result<DataFrame, TableError> {
    Frame::of(departments)
        .col("department_id", |d| d.id.to_string())
        .col("bureau_mark", |d| d.bureau_mark.as_str())
        .col("bureau_name", |d| d.bureau_name.as_str())
        .col("section_name", |d| d.section_name.as_str())
        .col("workbook", |d| workbook_of(&d.id))
        .finish()
}

/// `schedule`: one row per (item, fiscal year) of the schedules.
///
/// # Errors
/// Only on an internal inconsistency.
pub fn schedule(items: &[&PracticeItem]) -> Result<DataFrame, TableError> {
    let rows: Vec<(ItemId, &ScheduleCell)> = items
        .iter()
        .flat_map(|it| it.schedule.iter().map(|c| (it.id, c)))
        .collect();
    Frame::of(&rows)
        .col("item_id", |(id, _)| id.to_string())
        .col("fiscal_year", |(_, c)| c.fiscal_year)
        .col("cell_text", |(_, c)| c.cell_text.as_str())
        .col("activity", |(_, c)| c.activity.as_str())
        .col("kind", |(_, c)| c.kind.code())
        .finish()
}

/// `themes`: the plan's theme catalogue.
///
/// # Errors
/// Only on an internal inconsistency.
pub fn themes(themes: &[Theme]) -> Result<DataFrame, TableError> {
    Frame::of(themes)
        .col("theme_no", |t| t.no)
        .col("name", |t| t.name.as_str())
        .finish()
}
