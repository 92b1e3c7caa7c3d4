//! # bianzhi-tabular
//!
//! Real rosters in and out for [`bianzhi`]: CSV files (UTF-8 with or without BOM, UTF-16,
//! GBK/GB18030) and Excel workbooks with Chinese or English headers are read into a
//! [`bianzhi::Dataset`]; validation reports are written as CSV (UTF-8 with BOM, or GBK) and
//! as an `.xlsx` workbook; an empty template workbook explains every column.
//!
//! ## How a table becomes records
//! One row conversion serves CSV files, worksheets and Arrow tables: the common,
//! unambiguous values of units, posts and staff (ids, names, vocabulary names in English or
//! Chinese, `YYYY-MM-DD` and `2020年1月5日` dates, Excel dates, numbers, `12名`, 是/否 …) are
//! read in place from the CSV text (kept as one buffer with cell offsets), the worksheet's
//! typed cells (over one text buffer) or the Arrow columns and turned straight into typed
//! records. Every other row, and every table of another kind, is turned into the
//! JSON object of `docs/formats.md#dataset-document` (nested maps from dotted columns such
//! as `quotas.administrative` or their Chinese names such as 行政编制数), with numbers for
//! counts, text for ids and dates, booleans for 是/否, and read by the core's lenient
//! loader; a row takes the direct way only when the result is the loader's, so a bad row is
//! exactly the `INVALID_RECORD` finding the same JSON would give: `array` is the table's
//! kind, `index` the data row's position among the table's non-empty rows, `field` the
//! English field path; the message adds the file (and sheet) and the spreadsheet row number.
//!
//! The column mapping table is in [`schema`] and documented in `docs/tabular.md`.
//!
//! With the feature `arrow`, the module `columns` reads Arrow tables (pandas, polars, pyarrow) into a
//! dataset through the same conversion.
//!
//! ```
//! use bianzhi::{validate, Code, Options};
//! use bianzhi_tabular::{read_csv_sources, ReadOptions};
//! let units = "单位编码,单位名称,单位类型,行政编制数\nU1,某县农业农村局,行政机关,1\n";
//! let staff = "人员编码,姓名,所在单位,编制类型\nS1,张三,U1,行政\nS2,李四,U1,行政编制\n";
//! let out = read_csv_sources(
//!     &[("units.csv", units.as_bytes()), ("staff.csv", staff.as_bytes())],
//!     &ReadOptions::default(),
//! ).unwrap();
//! let report = validate(&out.dataset, &Options::as_of(chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()));
//! assert_eq!(report.violations[0].code, Code::OverEstablishment);
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]
// docs.rs (package.metadata.docs.rs) marks `columns` as needing the `arrow` feature.
#![cfg_attr(docsrs, feature(doc_cfg))]

mod builder;
mod cell;
#[cfg(feature = "arrow")]
#[cfg_attr(docsrs, doc(cfg(feature = "arrow")))]
pub mod columns;
pub mod events;
mod export;
mod guard;
mod html;
mod read;
#[cfg(feature = "arrow")]
#[cfg_attr(docsrs, doc(cfg(feature = "arrow")))]
pub mod report_arrow;
pub mod schema;
mod sheet;
mod table;
mod write;

use std::path::PathBuf;

pub use cell::{excel_serial_date, parse_date, Cell};
pub use events::{
    add_events_sheet, read_events_csv, read_events_path, read_events_workbook, read_ledger_path,
    read_people_path, write_sheets_xlsx, Sheet,
};
pub use export::{write_document_csv, write_document_xlsx, Headers};
pub use guard::{
    MAX_REPEATED_CELLS, MAX_SHEET_CELLS, MAX_UNZIPPED_BYTES, MAX_UNZIP_RATIO, UNZIPPED_RATIO_FLOOR,
};
pub use html::{write_report_html, HTML_MAX_FINDINGS};
pub use read::{
    decode_text, read_csv_set, read_csv_sources, read_inputs, read_path, read_workbook_bytes,
    Detected,
};
pub use schema::RecordKind;
pub use table::{table_records, TableRecords};
pub use write::{
    csv_safe, findings_table, leadership_table, occupancy_table, report_bytes, report_kind,
    template_bytes, write_atomic, write_report, write_report_csv, write_report_with,
    write_report_xlsx, write_report_xlsx_with, write_template, Encoding, ReportOptions,
    ReportTable,
};

/// Options of the readers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// Explicit record kinds by sheet name or CSV file name (as given, or its file name or
    /// stem); they take precedence over the names and headers.
    pub kinds: Vec<(String, RecordKind)>,
}

/// What a reader returns: the dataset and the warnings about the input's shape.
///
/// Warnings (unknown columns, ignored sheets, a staff table without an id column) are
/// not findings: they say what of the file was not used. A command prints them on stderr.
#[derive(Debug, Clone)]
pub struct ReadOutcome {
    /// The dataset, with row problems as `INVALID_RECORD` issues.
    pub dataset: bianzhi::Dataset,
    /// One line per ignored column or sheet.
    pub warnings: Vec<String>,
}

/// Input that cannot be read at all (row problems are findings, not errors).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TabularError {
    /// A file could not be opened or read.
    #[error("{}: {message}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's message.
        message: String,
    },
    /// A CSV file is neither UTF-8, UTF-16 with BOM, nor GBK/GB18030.
    #[error("{file}: not UTF-8 and not GBK/GB18030 text")]
    Encoding {
        /// The file.
        file: String,
    },
    /// A CSV file could not be parsed.
    #[error("{file}{}: {message}", line.map(|l| format!(", line {l}")).unwrap_or_default())]
    Csv {
        /// The file.
        file: String,
        /// 1-based line, when known.
        line: Option<u64>,
        /// What the parser said.
        message: String,
    },
    /// A workbook could not be opened.
    #[error("{file}: not a readable workbook: {message}")]
    Workbook {
        /// The file.
        file: String,
        /// What calamine said.
        message: String,
    },
    /// A worksheet could not be read.
    #[error("{file}, sheet “{sheet}”: {message}")]
    Sheet {
        /// The file.
        file: String,
        /// The sheet.
        sheet: String,
        /// What calamine said.
        message: String,
    },
    /// A table has no row with at least two known column names.
    #[error("{file}: no header row with at least two known {} columns (e.g. {})", kind.array(), example_headers(*kind))]
    NoHeader {
        /// The file (and sheet, as `file!sheet`).
        file: String,
        /// The kind the table was taken for.
        kind: RecordKind,
    },
    /// The record kind of a CSV file cannot be told from its name or headers.
    #[error("{file}: cannot tell which table this is; name the file units/单位, posts/岗位, staff/人员 or duties/职责")]
    UnknownKind {
        /// The file.
        file: String,
    },
    /// A workbook has no sheet holding a known table.
    #[error("{file}: no sheet named 单位/岗位/人员/职责 (or units/posts/staff/duties) and none with known headers")]
    NoTables {
        /// The file.
        file: String,
    },
    /// An events table (or sheet 事项) with no header row of event columns.
    #[error("{file}: no events table (a sheet 事项 or events, with a header row naming at least two of 事项编号/id, 日期/date, 事项类型/type …)")]
    NoEvents {
        /// The file (and sheet).
        file: String,
    },
    /// A JSON document could not be read.
    #[error("{}: {message}", path.display())]
    Json {
        /// The file.
        path: PathBuf,
        /// The core loader's message.
        message: String,
    },
    /// A file extension that is neither .json, a workbook nor CSV.
    #[error("{}: unknown file type (expected .json, .xlsx, .xls or .csv)", .0.display())]
    UnknownExtension(PathBuf),
    /// A JSON document was given together with other files.
    #[error("a JSON dataset must be given alone, not with other files")]
    JsonWithOthers,
    /// No input file.
    #[error("no input file")]
    NoInput,
    /// A report or template could not be written.
    #[error("{}: {message}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// A workbook could not be produced (rust_xlsxwriter's message).
    #[error("cannot produce the workbook: {0}")]
    Xlsx(String),
    /// An unexpected internal failure (a bug): the message says what.
    #[error("internal error: {0}")]
    Internal(String),
}

fn example_headers(kind: RecordKind) -> String {
    kind.fields()
        .iter()
        .take(3)
        .map(|f| f.zh)
        .collect::<Vec<_>>()
        .join("、")
}
