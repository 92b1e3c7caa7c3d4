//! `bianzhi validate FILE...`

use std::path::PathBuf;

use bianzhi::{validate, Dataset, Lang, Options};
use chrono::NaiveDate;

use crate::render::{report_csv, report_json, report_text, Format};
use crate::{Failure, Outcome};

/// Arguments of `bianzhi validate`.
#[derive(clap::Args)]
pub struct Args {
    /// Dataset files: one JSON document, an .xlsx workbook, or CSV files (units, posts, staff).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Evaluation date (YYYY-MM-DD); defaults to the document's `as_of`, then today.
    #[arg(long)]
    pub as_of: Option<NaiveDate>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Message language.
    #[arg(long, default_value = "zh")]
    pub lang: Lang,
    /// Threads for the per-person rules (0: one per core).
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Write the report to this file instead of standard output.
    #[arg(long)]
    pub output: Option<PathBuf>,
}

/// Reads the dataset named by `files` (JSON, XLSX/XLS or a CSV set); warnings such as
/// unknown columns go to stderr.
pub fn load(files: &[PathBuf]) -> Result<Dataset, Failure> {
    let (ds, warnings) = bianzhi_tabular::read_inputs(files, &Default::default())?;
    for w in warnings {
        eprintln!("bianzhi: warning: {w}");
    }
    Ok(ds)
}

/// Runs the subcommand.
pub fn run(args: Args) -> Outcome {
    let ds = load(&args.files)?;
    let report = validate(
        &ds,
        &Options::default()
            .with_as_of(args.as_of)
            .with_lang(args.lang)
            .with_threads(args.threads),
    );
    match &args.output {
        // The file's extension chooses the writer: .xlsx workbook, .csv (UTF-8 with BOM so
        // Excel reads it) or .json; any other name gets the --format rendering.
        Some(path)
            if path.extension().is_some_and(|e| {
                ["xlsx", "csv", "json"]
                    .iter()
                    .any(|x| e.eq_ignore_ascii_case(x))
            }) =>
        {
            bianzhi_tabular::write_report(path, &report, &ds)?
        }
        other => {
            let text = match args.format {
                Format::Text => report_text(&report, &ds, args.lang, true),
                Format::Json => report_json(&report),
                Format::Csv => report_csv(&report),
            };
            match other {
                Some(path) => std::fs::write(path, text)
                    .map_err(|e| Failure(format!("{}: {e}", path.display())))?,
                None => print!("{text}"),
            }
        }
    }
    Ok(report.ok())
}
