//! `bianzhi rectification FILE`: summarises a rectification ledger (整改台账); exit 1 when a
//! target fails.

use std::path::PathBuf;

use chrono::NaiveDate;

/// Arguments of `bianzhi rectification`.
#[derive(clap::Args)]
pub struct Args {
    /// Ledger (JSON or TOML): {"tasks": [...], "events": [...], "targets": {...}, "as_of"?}.
    pub file: PathBuf,
    /// Evaluation date; defaults to the document's `as_of`, then today.
    #[arg(long)]
    pub as_of: Option<NaiveDate>,
    /// Output format.
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    pub format: String,
    /// Language of the text output.
    #[arg(long, default_value = "zh", value_parser = ["zh", "en"])]
    pub lang: String,
}

/// Runs the subcommand.
pub fn run(args: Args) -> crate::Outcome {
    let doc = crate::plan::read_document(&args.file)?;
    let as_of = args.as_of.or_else(|| {
        if doc.get("as_of").is_some_and(|v| !v.is_null()) {
            None
        } else {
            Some(chrono::Local::now().date_naive())
        }
    });
    let out = bianzhi::plan::rectification_json(&doc.to_string(), as_of).map_err(|e| {
        let m = if args.lang == "en" {
            e.to_string()
        } else {
            e.zh()
        };
        crate::Failure(format!("{}: {m}", args.file.display()))
    })?;
    if args.format == "json" {
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        print!("{}", bianzhi::plan::ledger::render_text(&out, &args.lang));
    }
    Ok(out.targets_met)
}
