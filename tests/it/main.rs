//! The integration tests: one binary (one link of polars, calamine and rust_xlsxwriter),
//! a module per stage or command, sharing `common`.

mod common;

mod browser;
mod cache;
mod carry_over;
mod cli_run;
mod cli_words;
mod collection;
mod departments;
mod documents;
mod end_of_run;
mod extractions;
mod generate;
mod hostile;
#[cfg(unix)]
mod hostile_bounds;
#[cfg(unix)]
mod hostile_fs;
mod hostile_output;
mod input_sheet;
mod intake;
mod layout_text;
mod layouts_scales;
mod misplaced_files;
mod monthly;
mod plan_parse;
mod plan_sheet;
mod plan_title;
mod print_layout;
mod progress_ingest;
mod progress_report;
mod properties;
mod properties_inputs;
mod publish;
mod rates_table;
mod revisions;
mod structure;
mod three_months;
mod workbook_words;
