//! The public report (取組状況の公表): the fiscal year's progress as one static web page,
//! `公表/index.html` in the period folder, that the office copies to the city's website
//! or a USB stick as it is.
//!
//! It takes what the report stage takes ([`ReportRequest`]) and the `[publish]` settings,
//! and gives the page's bytes; the run writes them with the other outputs. The page holds
//! the plan's title and edition, the fiscal year, the counts by status and by each
//! published scale (inline SVG charts with a text alternative, the numbers in a table
//! beside each), a table per initiative linking to each item, and one anchored section
//! per item (its 個票). Self-contained: inline CSS, no script, nothing fetched from
//! elsewhere. Written through a minijinja template (`index.html.j2`) in an environment
//! that escapes every value as HTML, so text from a plan or a report is shown as text.
//! The same input gives the same bytes.

mod chart;
mod model;

use std::collections::BTreeMap;

use minijinja::syntax::SyntaxConfig;
use minijinja::value::Serde;
use minijinja::{AutoEscape, Environment, UndefinedBehavior, context};
use thiserror::Error;

use crate::config::PublishSettings;
use crate::report::{ReportInput, ReportRequest};

/// The page's template.
const TEMPLATE: &str = include_str!("index.html.j2");
/// The page's style sheet, inlined: screen (readable at 200 % zoom) and print (A4).
const STYLE: &str = include_str!("style.css");

/// The page could not be made (an error in the template: never the data's).
#[derive(Debug, Error)]
#[error("公表用のページ（{PUBLIC_DIR}/{INDEX_FILE}）を作成できません: {0}")]
pub struct PublishError(#[from] minijinja::Error);

/// Folder of the public report in the period folder.
pub const PUBLIC_DIR: &str = "公表";
/// The page, in [`PUBLIC_DIR`].
pub const INDEX_FILE: &str = "index.html";

/// The public report's page for `request`, as UTF-8 bytes.
///
/// # Errors
/// [`PublishError`]: the template does not fit the page's data (a defect of gyokaku,
/// caught by the tests).
pub fn index_html(
    request: &ReportRequest,
    settings: &PublishSettings,
) -> Result<Vec<u8>, PublishError> {
    request.with_input(&BTreeMap::new(), |input| render(input, settings))
}

/// The page for `input`.
fn render(input: &ReportInput, settings: &PublishSettings) -> Result<Vec<u8>, PublishError> {
    let public = model::public(input, settings);
    let mut env = Environment::new();
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_syntax(
        SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .build()?,
    );
    env.add_template("index.html", TEMPLATE)?;
    let heading = format!("{}　取組状況（{}）", public.title, public.fiscal_year);
    let html = env
        .get_template("index.html")?
        .render(context! { p => Serde(public), heading => heading, style => STYLE })?;
    Ok(html.into_bytes())
}
