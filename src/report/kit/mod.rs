//! The writer kit the sheets are made with, apart from the sheets themselves: text cut to
//! fit ([`cut`]), colours ([`palette`]), formats ([`styles`]), measuring cells
//! ([`measure`]), the printed page's header and footer ([`header`]), how a sheet prints
//! ([`page`]) and the sheet writer ([`writer`]).
//!
//! The files depend one way: `cut`, `palette` and `measure` on nothing of the kit;
//! `header` on `cut`; `styles` on those; `page` and `writer` on the rest.

pub mod cut;
pub mod header;
pub mod measure;
pub mod page;
pub mod palette;
pub mod styles;
pub mod writer;

pub use cut::{CUT_MARK, Cut, MAX_CELL_CHARS, MAX_SHORT_TEXT, fit_text, set_chart_title};
pub use header::PageHeader;
pub use measure::{DEFAULT_ROW_HEIGHT, lines_in, row_height};
pub use page::{Orientation, Pager, PrintSetup, page_height_pt, table_breaks};
pub use palette::{COLOR_DATA_BAR, COLOR_LABEL};
pub use styles::{Styles, init_workbook};
pub use writer::SheetWriter;
