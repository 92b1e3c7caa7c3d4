//! `bianzhi validate FILE...`

use std::io::IsTerminal;
use std::path::PathBuf;

use bianzhi::{validate, Lang, Options};
use bianzhi_tabular::{report_bytes, report_kind, Encoding, ReportOptions};
use chrono::NaiveDate;

/// Reading the inputs moved to `files` (stdin, directories); kept here for callers.
#[allow(unused_imports)]
pub use crate::files::load;
use crate::render::{report_text, Format};
use crate::ui::t;
use crate::{Failure, Outcome};

/// CSV encoding of `--encoding`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum CsvEncoding {
    /// UTF-8 with a byte-order mark (Excel reads it).
    Utf8,
    /// GBK, for older Chinese Windows tools.
    Gbk,
}

/// Arguments of `bianzhi validate`.
#[derive(clap::Args)]
pub struct Args {
    /// Dataset files: one JSON document, a workbook (.xlsx .xlsm .xlsb .xls .ods) or CSV
    /// files (.csv .tsv .txt: units, posts, staff …); `-` reads standard input.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Evaluation date (2026-11-30, 2026/11/30, 2026年11月30日 …); defaults to the
    /// document's `as_of`, then today.
    #[arg(long, value_parser = crate::ui::date_arg)]
    pub as_of: Option<NaiveDate>,
    /// Output format; by default the --output file's extension, else text.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Message language.
    #[arg(long, default_value = "zh")]
    pub lang: Lang,
    /// Threads for the per-person rules (0: one per core).
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Write the report to this file (.xlsx, .csv, .json, .html choose the format) instead
    /// of standard output; never one of the inputs.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Encoding of a CSV report.
    #[arg(long, value_enum)]
    pub encoding: Option<CsvEncoding>,
    /// No progress and no summary line on standard error.
    #[arg(long, short)]
    pub quiet: bool,
}

fn usage(zh: String, en: String) -> Failure {
    Failure(if crate::ui::lang() == Lang::Zh {
        zh
    } else {
        en
    })
}

/// The format the options ask for, or a usage error when they contradict each other.
fn chosen_format(args: &Args) -> Result<Format, Failure> {
    let by_ext = args
        .output
        .as_deref()
        .and_then(report_kind)
        .map(|k| match k {
            "xlsx" => Format::Xlsx,
            "csv" => Format::Csv,
            "json" => Format::Json,
            _ => Format::Html,
        });
    let format = match (args.format, by_ext) {
        (Some(f), Some(e)) if f != e => {
            let path = args.output.as_deref().unwrap_or(".".as_ref()).display();
            return Err(usage(
                format!(
                    "--format {} 与 --output {path} 的扩展名矛盾；去掉其一，或改用一致的扩展名",
                    f.name()
                ),
                format!(
                    "--format {} contradicts the extension of --output {path}; drop one or make them agree",
                    f.name()
                ),
            ));
        }
        (Some(f), _) | (None, Some(f)) => f,
        (None, None) => Format::Text,
    };
    if args.encoding == Some(CsvEncoding::Gbk) && format != Format::Csv {
        return Err(usage(
            "--encoding 只用于 CSV 报告".into(),
            "--encoding applies to CSV reports only".into(),
        ));
    }
    if format == Format::Xlsx && args.output.is_none() && std::io::stdout().is_terminal() {
        return Err(usage(
            "xlsx 报告不能输出到终端；请加 --output 报告.xlsx 或重定向到文件".into(),
            "an xlsx report cannot go to a terminal; give --output report.xlsx or redirect".into(),
        ));
    }
    Ok(format)
}

/// Runs the subcommand.
pub fn run(args: Args) -> Outcome {
    crate::ui::set_lang(args.lang);
    if args.quiet {
        crate::ui::set_quiet(true);
    }
    let format = chosen_format(&args)?;
    if let Some(out) = &args.output {
        crate::files::refuse_overwriting_input(out, &args.files)?;
    }
    let ds = crate::files::load(&args.files)?;
    let report = {
        let _p = crate::ui::Progress::start(t("正在核查", "validating"));
        validate(
            &ds,
            &Options::default()
                .with_as_of(args.as_of)
                .with_lang(args.lang)
                .with_threads(args.threads),
        )
    };
    let mut opts = ReportOptions::new(args.lang);
    if args.encoding == Some(CsvEncoding::Gbk) {
        opts = opts.with_encoding(Encoding::Gbk);
    }
    let building = crate::ui::Progress::start(t("正在生成报告", "writing the report"));
    let bytes = match format {
        Format::Text => report_text(&report, &ds, args.lang, true).into_bytes(),
        Format::Json => report_bytes("json", &report, &ds, &opts)?,
        Format::Csv => report_bytes("csv", &report, &ds, &opts)?,
        Format::Xlsx => report_bytes("xlsx", &report, &ds, &opts)?,
        Format::Html => report_bytes("html", &report, &ds, &opts)?,
    };
    drop(building);
    match &args.output {
        Some(path) => {
            crate::files::write(path, &bytes)?;
            let s = &report.summary;
            crate::ui::wrote(path, s.errors, s.warnings, args.lang);
        }
        None => crate::ui::write_out_bytes(&bytes),
    }
    Ok(report.ok())
}
