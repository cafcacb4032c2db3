//! Shared helpers: fixture paths, running the binary as a clerk does, reading the
//! outputs back (workbooks through calamine or their XML, tables through polars).
#![allow(dead_code)]

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{Data, Reader, open_workbook_auto};
use polars::prelude::*;

pub const SAMPLE: &str = "plans/plan_sample_no07-11.txt";

pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel)
}

pub fn sample_text() -> String {
    std::fs::read_to_string(fixture(SAMPLE)).expect("sample fixture")
}

/// The outcome of running `gyokaku`.
pub struct Outcome {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `gyokaku run` with the given input and output folders and period.
pub fn run_gyokaku(input: &Path, output: &Path, period: &str) -> Outcome {
    run_with(input, output, Some(period))
}

/// Runs `gyokaku run` without `--period`.
pub fn run_gyokaku_default_period(input: &Path, output: &Path) -> Outcome {
    run_with(input, output, None)
}

fn run_with(input: &Path, output: &Path, period: Option<&str>) -> Outcome {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gyokaku"));
    cmd.args(["run", "--input"])
        .arg(input)
        .arg("--output")
        .arg(output);
    if let Some(p) = period {
        cmd.args(["--period", p]);
    }
    let out = cmd.output().expect("run gyokaku");
    Outcome {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A temporary `input/` with the sample plan and every good progress fixture.
pub fn input_with_progress() -> tempfile::TempDir {
    let input = input_with_plans(&[("plan_sample_no07-11.txt", sample_text().into_bytes())]);
    let progress = input.path().join("progress");
    std::fs::create_dir_all(&progress).expect("progress dir");
    for e in std::fs::read_dir(fixture("progress")).expect("fixtures") {
        let p = e.expect("entry").path();
        std::fs::copy(&p, progress.join(p.file_name().expect("name"))).expect("copy");
    }
    input
}

/// A temporary `input/` with `plans/` holding the given files (name, bytes).
pub fn input_with_plans(files: &[(&str, Vec<u8>)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let plans = dir.path().join("plans");
    std::fs::create_dir_all(&plans).expect("plans dir");
    for (name, bytes) in files {
        std::fs::write(plans.join(name), bytes).expect("write plan");
    }
    dir
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
        other => other.to_string(),
    }
}

/// Every cell of a sheet as text, rows from the sheet's first row (A1).
pub fn read_sheet(path: &Path, sheet: &str) -> Vec<Vec<String>> {
    let mut wb =
        open_workbook_auto(path).unwrap_or_else(|e| panic!("open {}: {e}", path.display()));
    let range = wb
        .worksheet_range(sheet)
        .unwrap_or_else(|e| panic!("sheet {sheet} of {}: {e}", path.display()));
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let mut rows = vec![Vec::new(); r0 as usize];
    for row in range.rows() {
        let mut cells = vec![String::new(); c0 as usize];
        cells.extend(row.iter().map(cell_text));
        rows.push(cells);
    }
    rows
}

pub fn sheet_names(path: &Path) -> Vec<String> {
    open_workbook_auto(path)
        .expect("open workbook")
        .sheet_names()
}

/// The text of one part of an xlsx (e.g. `xl/worksheets/sheet1.xml`).
pub fn zip_entry(path: &Path, name: &str) -> String {
    let mut z =
        ::zip::ZipArchive::new(File::open(path).expect("open xlsx")).expect("xlsx is a zip");
    let mut s = String::new();
    z.by_name(name)
        .expect("entry")
        .read_to_string(&mut s)
        .expect("utf8 entry");
    s
}

/// The part of an xlsx that holds the sheet named `sheet` (`xl/worksheets/sheet2.xml`),
/// found through the workbook and its relationships, so that tests do not depend on the
/// order of the tabs.
pub fn sheet_part(path: &Path, sheet: &str) -> String {
    // `tag` is what follows `<sheet ` or `<Relationship `: attributes from its start.
    let attr = |tag: &str, name: &str| -> Option<String> {
        let tag = format!(" {tag}");
        let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        Some(tag[start..start + tag[start..].find('"')?].to_string())
    };
    let wb = zip_entry(path, "xl/workbook.xml");
    let rid = wb
        .split("<sheet ")
        .skip(1)
        .find(|t| attr(t, "name").as_deref() == Some(sheet))
        .and_then(|t| attr(t, "r:id"))
        .unwrap_or_else(|| panic!("sheet {sheet} in {}", path.display()));
    let rels = zip_entry(path, "xl/_rels/workbook.xml.rels");
    let target = rels
        .split("<Relationship ")
        .skip(1)
        .find(|t| attr(t, "Id").as_deref() == Some(rid.as_str()))
        .and_then(|t| attr(t, "Target"))
        .unwrap_or_else(|| panic!("relationship {rid} in {}", path.display()));
    format!("xl/{}", target.trim_start_matches("/xl/"))
}

/// The XML of the sheet named `sheet` (see [`sheet_part`]).
pub fn sheet_xml(path: &Path, sheet: &str) -> String {
    zip_entry(path, &sheet_part(path, sheet))
}

pub fn read_table(dir: &Path, name: &str) -> DataFrame {
    let f = File::open(dir.join("tables").join(format!("{name}.parquet"))).expect("table parquet");
    ParquetReader::new(f).finish().expect("read parquet")
}

/// The names of the workbooks (`*.xlsx`) in `dir`, sorted.
pub fn xlsx_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("output dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".xlsx"))
        .collect();
    names.sort();
    names
}

/// The `<dataValidation …>` element of a sheet's XML whose range is `sqref`.
pub fn validation<'a>(xml: &'a str, sqref: &str) -> Option<&'a str> {
    xml.split("<dataValidation ")
        .skip(1)
        .find(|v| v.contains(&format!("sqref=\"{sqref}\"")))
        .map(|v| &v[..v.find("</dataValidation>").unwrap_or(v.len())])
}

/// The rows of a table, the given columns joined with `|`.
pub fn table_rows(dir: &Path, table: &str, cols: &[&str]) -> Vec<String> {
    let df = read_table(dir, table);
    let columns: Vec<Vec<String>> = cols.iter().map(|c| str_col(&df, c)).collect();
    (0..df.height())
        .map(|i| {
            columns
                .iter()
                .map(|c| c[i].as_str())
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect()
}

pub fn str_col(df: &DataFrame, col: &str) -> Vec<String> {
    df.column(col)
        .expect("column")
        .as_materialized_series()
        .iter()
        .map(|v| match v {
            AnyValue::String(s) => s.to_string(),
            AnyValue::StringOwned(s) => s.to_string(),
            AnyValue::Null => String::new(),
            other => other.to_string(),
        })
        .collect()
}

/// A copy of an xlsx with some cells of the part `sheet_xml` set to text or numbers, as a
/// section types them in Excel; the rest of the workbook is left exactly as it was.
pub fn fill_in(src: &Path, dst: &Path, sheet_xml: &str, cells: &[(&str, &str)]) {
    use std::io::Write;
    let mut zin = ::zip::ZipArchive::new(File::open(src).expect("open xlsx")).expect("zip");
    let mut zout = ::zip::ZipWriter::new(File::create(dst).expect("create copy"));
    let opts = ::zip::write::SimpleFileOptions::default()
        .compression_method(::zip::CompressionMethod::Deflated);
    for i in 0..zin.len() {
        let mut entry = zin.by_index(i).expect("entry");
        let name = entry.name().expect("entry name").to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).expect("read entry");
        if name == sheet_xml {
            let mut xml = String::from_utf8(bytes).expect("utf8 sheet");
            for (cell, value) in cells {
                let start = xml
                    .find(&format!("<c r=\"{cell}\""))
                    .unwrap_or_else(|| panic!("cell {cell}"));
                // An empty cell ends in `/>` before any `</c>`.
                let empty_end = start + xml[start..].find("/>").expect("cell end") + 2;
                let end = xml[start..]
                    .find("</c>")
                    .map_or(empty_end, |e| empty_end.min(start + e + 4));
                let tag = &xml[start..end];
                let open = tag[..tag.find(['/', '>']).expect("tag")].replace(" t=\"s\"", "");
                let filled = match value.parse::<f64>() {
                    Ok(n) => format!("{open}><v>{n}</v></c>"),
                    Err(_) => format!("{open} t=\"inlineStr\"><is><t>{value}</t></is></c>"),
                };
                xml.replace_range(start..end, &filled);
            }
            bytes = xml.into_bytes();
        }
        zout.start_file(name, opts).expect("start entry");
        zout.write_all(&bytes).expect("write entry");
    }
    zout.finish().expect("finish zip");
}

/// Every file under `dir` by relative path (relative path -> bytes).
pub fn snapshot(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// A section's workbook in a period folder, named without its month
/// (`市民生活部_窓口サービス課.xlsx`): the file `<名前>_<period>.xlsx` the run wrote there.
pub fn period_book(dir: &Path, name: &str) -> PathBuf {
    let period = dir
        .file_name()
        .expect("a period folder")
        .to_string_lossy()
        .into_owned();
    let stem = name.strip_suffix(".xlsx").unwrap_or(name);
    dir.join(format!("{stem}_{period}.xlsx"))
}
