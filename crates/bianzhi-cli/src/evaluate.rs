//! `bianzhi evaluate FILE`: 机构编制评估 of units from facts and/or a validation report.

use std::path::PathBuf;

/// Arguments of `bianzhi evaluate`.
#[derive(clap::Args)]
pub struct Args {
    /// Input: {"scheme": "default" | {...}, "units": [...], "report": {...}?} (JSON or TOML).
    pub file: PathBuf,
    /// Output format.
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    pub format: String,
    /// Language of the text output.
    #[arg(long, default_value = "zh", value_parser = ["zh", "en"])]
    pub lang: String,
}

/// Runs the subcommand (exit 0 once the evaluation is computed).
pub fn run(args: Args) -> crate::Outcome {
    let doc = crate::plan::read_document(&args.file)?;
    let out = bianzhi::plan::evaluate_json(&doc.to_string())
        .map_err(|e| crate::plan::failure(&args.file, &args.lang, &e))?;
    if args.format == "json" {
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        print!(
            "{}",
            bianzhi::plan::evaluation::render_text(&out, &args.lang)
        );
    }
    Ok(true)
}
